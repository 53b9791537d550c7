#!/usr/bin/python3
"""Write a synthetic transaction log for bench/transactions/run.sh.

Layout (CSV with a header line, rows in date order, as an order export):

    customer_id,date,amount,quantity,channel
    C0412345,2019-01-01,41.27,1,web

- customer_id: "C" and 7 digits, about --customers distinct IDs; a
  customer's popularity is skewed (index = customers * u**1.5, u uniform),
  so some customers have hundreds of rows and most a handful;
- date: ISO 8601, uniform over 2019-01-01 .. 2023-12-31, rows sorted by it;
- amount: log-normal order values (median about 33) in cents; 3 % of the
  rows are returns (negative amounts, the same distribution) and 0.5 % are
  0 (free items);
- quantity: 1 + Poisson(0.5);
- channel: web 55 %, store 35 %, app 10 %.

Usage: gen_tx.py [--rows 10000000] [--customers 1000000] [--seed 1]
                 [--out /tmp/cseg_tx_10m.csv]
Seeded numpy: the same arguments give the same file (327 MB for 10M rows).
"""
import argparse
import datetime as dt
import sys

import numpy as np


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--customers", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", default="/tmp/cseg_tx_10m.csv")
    a = ap.parse_args()
    rng = np.random.default_rng(a.seed)
    n = a.rows
    day0 = dt.date(2019, 1, 1)
    n_days = (dt.date(2023, 12, 31) - day0).days + 1
    days = np.sort(rng.integers(0, n_days, n))
    cust = (a.customers * rng.random(n) ** 1.5).astype(np.int64)
    cents = np.round(np.exp(rng.normal(3.5, 0.8, n)) * 100).astype(np.int64)
    kind = rng.random(n)
    cents[kind < 0.03] *= -1
    cents[(kind >= 0.03) & (kind < 0.035)] = 0
    qty = 1 + rng.poisson(0.5, n)
    channel = np.array(["web", "store", "app"])[np.searchsorted([0.55, 0.90], rng.random(n), side="right")]
    dates = [(day0 + dt.timedelta(days=int(d))).isoformat() for d in range(n_days)]
    with open(a.out, "w", encoding="ascii") as f:
        f.write("customer_id,date,amount,quantity,channel\n")
        step = 500_000
        for s in range(0, n, step):
            e = min(n, s + step)
            f.write("".join(
                f"C{c:07d},{dates[d]},{'-' if m < 0 else ''}{abs(m) // 100}.{abs(m) % 100:02d},{q},{ch}\n"
                for c, d, m, q, ch in zip(cust[s:e].tolist(), days[s:e].tolist(), cents[s:e].tolist(),
                                          qty[s:e].tolist(), channel[s:e].tolist())))
    print(f"{a.out}: {n} rows, {len(np.unique(cust))} customers, "
          f"{int((cents < 0).sum())} returns, {int((cents == 0).sum())} zero amounts, "
          f"net {cents.sum() / 100:.2f}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
