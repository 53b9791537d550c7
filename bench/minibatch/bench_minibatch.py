#!/usr/bin/python3
"""Mini-batch k-means: cseg against sklearn.cluster.MiniBatchKMeans in one run.

1. In-memory fit on N x D blobs with K centres: cseg (bench_minibatch fit)
   and sklearn (n_init=3, batch_size=1024, the 1.2 defaults), each REPEATS
   times with seeds 0.., medians of wall time and full-data inertia, ratio.
2. Streaming fit of a CSV of STREAM_ROWS rows read CHUNK rows at a time:
   cseg_model_fit_csv_stream against sklearn's partial_fit over
   pandas.read_csv(chunksize=CHUNK), each in its own process so the peak
   resident set (VmHWM) of each is reported.
Run through bench/minibatch/run.sh.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np
from sklearn.cluster import MiniBatchKMeans
from sklearn.datasets import make_blobs
from threadpoolctl import threadpool_limits

SK_STREAM = r"""
import sys, time, json
import pandas as pd
from sklearn.cluster import MiniBatchKMeans
from threadpoolctl import threadpool_limits
path, k, chunk, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
with threadpool_limits(threads):
    t0 = time.perf_counter()
    m = MiniBatchKMeans(n_clusters=k, random_state=0, n_init=3)
    for part in pd.read_csv(path, chunksize=chunk):
        m.partial_fit(part.to_numpy())
    wall = time.perf_counter() - t0
kb = -1
for line in open('/proc/self/status'):
    if line.startswith('VmHWM:'):
        kb = int(line.split()[1])
print(json.dumps({'wall': wall, 'inertia': float(m.inertia_), 'peak_rss_kb': kb}))
"""


def run_json(cmd, env=None):
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env).stdout
    return json.loads(out.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--exe", required=True)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--n", type=int, default=1000000)
    ap.add_argument("--d", type=int, default=16)
    ap.add_argument("--k", type=int, default=16)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--stream-rows", type=int, default=200000)
    ap.add_argument("--chunk", type=int, default=10000)
    ap.add_argument("--workdir")
    ap.add_argument("--json")
    a = ap.parse_args()

    tmp = None
    work = a.workdir
    if not work:
        tmp = tempfile.TemporaryDirectory()
        work = tmp.name
    os.makedirs(work, exist_ok=True)
    raw = os.path.join(work, "mb_%d_%d_%d_%d.f64" % (a.n, a.d, a.k, a.seed))
    csv = os.path.join(work, "mb_stream_%d_%d_%d.csv" % (a.stream_rows, a.d, a.seed))
    X, _ = make_blobs(n_samples=a.n, n_features=a.d, centers=a.k, cluster_std=2.0,
                      random_state=a.seed)
    if not os.path.exists(raw):
        X.astype("<f8").tofile(raw)
    if not os.path.exists(csv):
        rows = min(a.stream_rows, a.n)
        np.savetxt(csv, X[:rows], fmt="%.6f", delimiter=",",
                   header=",".join("f%d" % j for j in range(a.d)), comments="")

    env = dict(os.environ, OMP_NUM_THREADS=str(a.threads))
    res = {"shape": [a.n, a.d], "k": a.k, "threads": a.threads, "repeats": a.repeats}
    c = run_json([a.exe, "fit", raw, str(a.n), str(a.d), str(a.k), "--threads", str(a.threads),
                  "--repeats", str(a.repeats), "--seed", "0"], env)
    c1 = run_json([a.exe, "fit", raw, str(a.n), str(a.d), str(a.k), "--threads", "1",
                   "--repeats", str(a.repeats), "--seed", "0"], dict(env, OMP_NUM_THREADS="1"))

    def sklearn_runs(threads):
        runs = []
        with threadpool_limits(threads):
            for r in range(a.repeats):
                t0 = time.perf_counter()
                m = MiniBatchKMeans(n_clusters=a.k, random_state=r, n_init=3).fit(X)
                runs.append({"wall": time.perf_counter() - t0, "inertia": float(m.inertia_),
                             "n_iter": int(m.n_iter_)})
        return runs

    sk = sklearn_runs(a.threads)
    sk1 = sklearn_runs(1) if a.threads != 1 else sk
    cw = statistics.median(r["wall"] for r in c["runs"])
    sw = statistics.median(r["wall"] for r in sk)
    ci = statistics.median(r["inertia"] for r in c["runs"])
    si = statistics.median(r["inertia"] for r in sk)
    res["fit"] = {"cseg": c, "sklearn": sk, "cseg_median_s": cw, "sklearn_median_s": sw,
                  "ratio_sklearn_over_cseg": sw / cw, "cseg_median_inertia": ci,
                  "sklearn_median_inertia": si}
    print("in-memory fit %d x %d, k = %d, %d threads, median of %d:" % (a.n, a.d, a.k, a.threads,
                                                                         a.repeats))
    print("  cseg    %.3f s  inertia %.6g  n_iter %s  peak RSS %.0f MiB" % (
        cw, ci, [r["n_iter"] for r in c["runs"]], c["peak_rss_kb"] / 1024))
    print("  sklearn %.3f s  inertia %.6g  n_iter %s" % (sw, si, [r["n_iter"] for r in sk]))
    print("  ratio sklearn / cseg = %.2fx; inertia cseg / sklearn = %.4f" % (sw / cw, ci / si))
    cw1 = statistics.median(r["wall"] for r in c1["runs"])
    sw1 = statistics.median(r["wall"] for r in sk1)
    res["fit"].update({"cseg_1thread": c1, "sklearn_1thread": sk1, "cseg_1thread_median_s": cw1,
                       "sklearn_1thread_median_s": sw1})
    print("  1 thread each: cseg %.3f s, sklearn %.3f s, ratio %.2fx; best of each: "
          "cseg %.3f s, sklearn %.3f s, ratio %.2fx" % (
              cw1, sw1, sw1 / cw1, min(cw, cw1), min(sw, sw1), min(sw, sw1) / min(cw, cw1)))

    size = os.path.getsize(csv)
    cs = run_json([a.exe, "stream", csv, str(a.d), str(a.k), str(a.chunk), "--threads",
                   str(a.threads)], env)
    ss = run_json([sys.executable, "-c", SK_STREAM, csv, str(a.k), str(a.chunk), str(a.threads)], env)
    res["stream"] = {"csv_bytes": size, "chunk": a.chunk, "cseg": cs, "sklearn": ss,
                     "ratio_sklearn_over_cseg": ss["wall"] / cs["runs"][0]["wall"]}
    print("streaming fit of a %.1f MiB CSV (%d rows) in chunks of %d rows:" % (
        size / 2**20, min(a.stream_rows, a.n), a.chunk))
    print("  cseg    %.3f s  peak RSS %.1f MiB  (last-chunk inertia %.6g)" % (
        cs["runs"][0]["wall"], cs["peak_rss_kb"] / 1024, cs["runs"][0]["inertia"]))
    print("  sklearn %.3f s  peak RSS %.1f MiB  (pandas chunks + partial_fit; inertia %.6g)" % (
        ss["wall"], ss["peak_rss_kb"] / 1024, ss["inertia"]))
    print("  ratio sklearn / cseg = %.2fx" % (ss["wall"] / cs["runs"][0]["wall"]))
    if a.json:
        with open(a.json, "w") as f:
            json.dump(res, f, indent=1)


if __name__ == "__main__":
    main()
