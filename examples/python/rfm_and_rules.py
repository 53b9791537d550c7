#!/usr/bin/env python3
"""RFM scores, business rules and segment profiles on the CDNOW purchases:
score every customer as of 1998-06-30, name the RFM segments, override them
with a few rules, profile the result and place the segments on a 2-D PCA map.

    meson devenv -C build python3 examples/python/rfm_and_rules.py [CDNOW_master.txt]
"""

import os
import sys

import numpy as np
import pandas as pd

import cseg

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT = os.path.join(HERE, "..", "..", "data", "cdnow", "CDNOW_master.txt")

RULES = """
# Rules override the RFM segments; the first match wins.
monetary >= 1000 -> "VIP"
frequency == 1 and recency > 365 -> "One-off, gone"
"""


def main(argv):
    # customer_id date(YYYYMMDD) number_of_cds dollar_value, blank separated
    tx = pd.read_csv(argv[1] if len(argv) > 1 else DEFAULT, sep=r"\s+", dtype={"customer_id": str})
    tx["date"] = pd.to_datetime(tx["date"].astype(str), format="%Y%m%d")
    g = tx.groupby("customer_id")
    customers = pd.DataFrame({
        "recency": (pd.Timestamp("1998-06-30") - g["date"].max()).dt.days,
        "frequency": g.size(),
        "monetary": g["dollar_value"].sum(),
    })
    print(f"{len(tx)} purchases by {len(customers)} customers")

    rfm = cseg.RFM(n_bins=5).fit(customers)
    print("\nRFM cut points (largest value of bins 1-4):")
    for dim, cuts in rfm.cuts_.items():
        print(f"  {dim:9s} {np.round(cuts, 2).tolist()}")
    print("\nRFM segments:")
    print(rfm.segment_sizes_[rfm.segment_sizes_ > 0].to_string())

    # Hybrid: customers no rule matches keep their RFM segment.
    rules = cseg.Rules(RULES)
    res = rules.apply(customers, clusters=rfm.labels_)
    names = [n if not n.startswith("Cluster ") else rfm.segment_names_[int(n[8:])]
             for n in res.segment_names]
    labels = pd.Series(np.array(names, dtype=object)[res.labels], index=customers.index)
    print(f"\nRules: {res.n_overlapping} customer(s) match both rules, "
          f"{res.n_unmatched} keep their RFM segment")
    print(res.report.to_string())

    prof = cseg.profile(customers, labels)
    print("\nProfile: mean per segment, size and automatic name:")
    table = prof.mean.round(1).assign(size=prof.sizes, name=prof.names)
    print(table.sort_values("size", ascending=False).to_string())

    # A 2-D map of the (log-scaled) customers, e.g. for a scatter plot.
    X = np.log1p(customers)
    X = (X - X.mean()) / X.std()
    pca = cseg.PCA(n_components=2).fit(X)
    xy = pd.DataFrame(pca.transform(X), index=customers.index, columns=["pc1", "pc2"])
    print(f"\nPCA: {pca.explained_variance_ratio_.sum():.1%} of the variance in 2-D; "
          "segment centres on the map:")
    print(xy.groupby(labels).mean().round(2).to_string())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
