#!/usr/bin/env python3
"""Segment the wholesale customers, inspect the segments, save the model,
load it back and assign a new customer.

Run from the repository root (after building, with the binding importable):

    meson devenv -C build python3 examples/python/segment_customers.py

or with an installed wheel: python3 examples/python/segment_customers.py [CSV]
"""

import csv
import os
import sys
import tempfile

import numpy as np
import pandas as pd
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler

import cseg

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_CSV = os.path.join(HERE, "..", "..", "data", "wholesale_customers.csv")
SPEND = ["Fresh", "Milk", "Grocery", "Frozen", "Detergents_Paper", "Delicassen"]


def read_wholesale(path):
    """The UCI file as a DataFrame indexed by customer number (its line).

    A few lines of the distributed file carry stray notes after the eighth
    field, which a strict CSV reader (cseg.Dataset.read_csv) refuses: keep the
    first eight fields.
    """
    with open(path, newline="", encoding="latin-1") as f:
        rows = [r for r in csv.reader(f) if r]
    header, body = rows[0][:8], [r[:8] for r in rows[1:]]
    df = pd.DataFrame(np.array(body, dtype=float), columns=header)
    df.index = pd.RangeIndex(1, len(df) + 1, name="customer")
    return df


def main(argv):
    df = read_wholesale(argv[1] if len(argv) > 1 else DEFAULT_CSV)
    spend = df[SPEND]
    print(f"cseg {cseg.version()}: {len(df)} customers, {spend.shape[1]} spending columns")

    # Spending is heavily right-skewed: segment on standardised log spend.
    prep = make_pipeline(FunctionTransformer(np.log1p, feature_names_out="one-to-one"), StandardScaler())
    Z = pd.DataFrame(prep.fit_transform(spend), columns=SPEND, index=df.index)

    print("\nk  inertia    silhouette  davies-bouldin")
    for k in range(2, 7):
        km = cseg.KMeans(k, n_init=5, random_state=1).fit(Z)
        print(f"{k}  {km.inertia_:9.2f}  {cseg.silhouette_score(Z, km.labels_):10.3f}"
              f"  {cseg.davies_bouldin_score(Z, km.labels_):14.3f}")

    k = 4
    km = cseg.KMeans(k, n_init=5, random_state=1).fit(Z)
    print(f"\nKMeans(k={k}): {km.n_iter_} iterations, converged={km.converged_}, "
          f"features {list(km.feature_names_in_)}")

    # Segment profiles in the original units: median annual spend, channel mix.
    prof = spend.groupby(km.labels_).median().round(0).astype(int)
    prof.insert(0, "customers", np.bincount(km.labels_))
    prof["retail_share"] = df.groupby(km.labels_)["Channel"].apply(lambda c: (c == 2).mean()).round(2)
    prof.index.name = "segment"
    print("\nMedian annual spend by segment (segment 0 is the largest):")
    print(prof.to_string())

    details = km.predict_details(Z)
    border = np.argsort(details.margins)[:3]
    print("\nCustomers closest to a segment border (small margin):")
    for i in border:
        print(f"  customer {df.index[i]}: segment {details.labels[i]}, "
              f"runner-up {details.runner_up[i]}, margin {details.margins[i]:.3f}")

    # Save, load, and assign a new customer with the loaded model.
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "wholesale.cseg")
        km.save(path)
        loaded = cseg.KMeans.load(path)
        print(f"\nSaved and loaded {os.path.getsize(path)} bytes: {loaded!r}")
        assert np.array_equal(loaded.predict(Z), km.labels_)

    new = pd.DataFrame([[9000, 2500, 3000, 1500, 400, 900]], columns=SPEND)
    z = prep.transform(new)[0]
    label, distance, margin = loaded.predict_one(z)
    print(f"New customer {dict(zip(SPEND, new.iloc[0]))}\n  -> segment {label} "
          f"(distance {distance:.3f}, margin to the runner-up {margin:.3f})")
    print(f"live C handles: {cseg.live_handles()}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
