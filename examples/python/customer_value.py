#!/usr/bin/env python3
"""Customer lifetime value on the CDNOW sample: read the transactions,
summarise them per customer, fit BG/NBD and Gamma-Gamma, check the holdout
period and rank customers by value.

    meson devenv -C build python3 examples/python/customer_value.py
"""

import os
import sys

import numpy as np

from cseg import clv

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT = os.path.join(HERE, "..", "..", "data", "cdnow", "CDNOW_sample.txt")


def main(argv):
    # customer_id sample_id date(YYYYMMDD) number_of_cds dollar_value, blank separated
    tx = clv.Transactions.read(argv[1] if len(argv) > 1 else DEFAULT, id_column=0,
                               date_column=2, amount_column=4, quantity_column=3)
    print(tx)
    s = clv.summary_data_from_transactions(tx, "1997-09-30", observation_end="1998-06-30")
    print(f"{len(s)} customers; calibration to 1997-09-30, holdout of "
          f"{s['duration_holdout'].iloc[0]:.0f} weeks")

    bg = clv.BetaGeoFitter().fit(s["frequency"], s["recency"], s["T"])
    print(f"\nBG/NBD: {bg.params_}  log-likelihood {bg.log_likelihood_:.1f}")

    # Holdout check: predicted vs actual purchases by calibration frequency.
    pred = bg.conditional_expected_number_of_purchases_up_to_time(
        s["duration_holdout"].iloc[0], s["frequency"], s["recency"], s["T"])
    bucket = np.minimum(s["frequency"].to_numpy(), 7).astype(int)
    print("\nx (cal)  customers  actual  predicted (mean holdout purchases)")
    for b in range(8):
        m = bucket == b
        label = f"{b}+" if b == 7 else str(b)
        print(f"{label:>7}  {m.sum():9d}  {s['frequency_holdout'][m].mean():6.2f}  {pred[m].mean():9.2f}")

    gg = clv.GammaGammaFitter().fit(s["frequency"], s["monetary_value"])
    print(f"\nGamma-Gamma: {gg.params_}")
    value = gg.customer_lifetime_value(bg, s["frequency"], s["recency"], s["T"], s["monetary_value"],
                                       n_periods=12, period_length=4.345, discount_rate=0.01)
    s = s.assign(p_alive=bg.conditional_probability_alive(s["frequency"], s["recency"], s["T"]),
                 clv_12m=value)
    print("\nTop 5 customers by 12-month value:")
    print(s.sort_values("clv_12m", ascending=False)
          .head(5)[["frequency", "recency", "T", "monetary_value", "p_alive", "clv_12m"]].round(2).to_string())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
