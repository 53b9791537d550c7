#!/usr/bin/python3
"""cseg DBSCAN against sklearn.cluster.DBSCAN and R's dbscan::dbscan on the
same data in one run (issue #5: 100k x 8, eps 0.57, min_samples 16).

    /usr/bin/python3 bench/dbscan/bench_dbscan.py --exe BUILD/bench/dbscan/bench_dbscan [options]

The data is written once as a raw float64 file in --workdir and read by
every side: N rows, D features, 97% from ten Gaussian blobs (centres
uniform in [-4, 4]^D, standard deviations 0.30 to 0.55, shares 20, 15, 12,
10, 10, 9, 8, 7, 5 and 4%) and 3% uniform noise over the data's bounding
box, shuffled (numpy seed --seed). At eps 0.57 and min_samples 16 the four
tightest blobs are dense clusters, the wider ones keep a dense core and
lose their tails to noise: a skewed, noisy shape that makes the
neighbourhood sizes very uneven (median 13, mean 75 at the defaults).

Each side runs in its own process; times are medians of --repeats fits
(wall and process CPU: on a shared machine the CPU time shows the work
even when wall time is stretched). sklearn uses its default algorithm and
n_jobs=None (one thread); R's dbscan is single-threaded; cseg runs with 1
thread and with --threads. Labels are compared: cseg must equal sklearn
exactly; R's (which numbers clusters 1..k, noise 0, and may give a border
point to another cluster) is compared on the core points up to renumbering.
R is skipped when `library(dbscan)` fails.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

import numpy as np

SKLEARN_WORKER = r"""
import json, sys, time
import numpy as np
from sklearn.cluster import DBSCAN
data, n, d, eps, ms, repeats, labels_path = sys.argv[1:8]
n, d, ms, repeats, eps = int(n), int(d), int(ms), int(repeats), float(eps)
x = np.fromfile(data, dtype=np.float64).reshape(n, d)
runs = []
for r in range(repeats):
    c0 = time.process_time(); t0 = time.perf_counter()
    db = DBSCAN(eps=eps, min_samples=ms).fit(x)
    t1 = time.perf_counter(); c1 = time.process_time()
    runs.append({"fit_s": t1 - t0, "fit_cpu_s": c1 - c0, "clusters": int(db.labels_.max() + 1),
                 "noise": int((db.labels_ < 0).sum())})
db.labels_.astype(np.int64).tofile(labels_path)
np.asarray(db.core_sample_indices_, dtype=np.int64).tofile(labels_path + ".core")
with open("/proc/self/status") as f:
    peak = [int(l.split()[1]) for l in f if l.startswith("VmHWM:")][0]
print(json.dumps({"runs": runs, "peak_rss_kb": peak}))
"""

R_WORKER = r"""
args <- commandArgs(trailingOnly = TRUE)
suppressPackageStartupMessages(library(dbscan))
n <- as.integer(args[2]); d <- as.integer(args[3]); eps <- as.numeric(args[4])
ms <- as.integer(args[5]); repeats <- as.integer(args[6])
x <- matrix(readBin(args[1], "double", n * d), ncol = d, byrow = TRUE)
runs <- character(0)
for (r in seq_len(repeats)) {
  t0 <- proc.time()
  res <- dbscan(x, eps = eps, minPts = ms)
  t <- proc.time() - t0
  runs <- c(runs, sprintf('{"fit_s": %.6f, "fit_cpu_s": %.6f, "clusters": %d, "noise": %d}',
    t[["elapsed"]], t[["user.self"]] + t[["sys.self"]], max(res$cluster), sum(res$cluster == 0)))
}
writeBin(as.integer(res$cluster), args[7])
peak <- sub("VmHWM:\\s*([0-9]+).*", "\\1", grep("^VmHWM", readLines("/proc/self/status"), value = TRUE))
cat(sprintf('{"runs": [%s], "peak_rss_kb": %s}\n', paste(runs, collapse = ", "), peak))
"""


def make_data(path, n, d, seed):
    rng = np.random.default_rng(seed)
    k = 10
    centres = rng.uniform(-4, 4, size=(k, d))
    shares = np.array([20, 15, 12, 10, 10, 9, 8, 7, 5, 4], dtype=float)
    shares /= shares.sum()
    spreads = np.linspace(0.30, 0.55, k)
    n_noise = int(0.03 * n)
    g = rng.choice(k, size=n - n_noise, p=shares)
    x = centres[g] + rng.normal(size=(n - n_noise, d)) * spreads[g, None]
    x = np.vstack([x, rng.uniform(x.min(axis=0), x.max(axis=0), size=(n_noise, d))])
    x[rng.permutation(n)].astype(np.float64).tofile(path)


def run_json(cmd):
    res = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True)
    return json.loads(res.stdout.strip().splitlines()[-1])


def med(res, key):
    return statistics.median(r[key] for r in res["runs"])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--exe", required=True)
    ap.add_argument("--n", type=int, default=100000)
    ap.add_argument("--d", type=int, default=8)
    ap.add_argument("--eps", type=float, default=0.57)
    ap.add_argument("--min-samples", type=int, default=16)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--workdir")
    ap.add_argument("--json")
    ap.add_argument("--no-r", action="store_true")
    ap.add_argument("--no-sklearn", action="store_true")
    a = ap.parse_args()

    workdir = a.workdir or tempfile.mkdtemp(prefix="cseg_dbscan_")
    os.makedirs(workdir, exist_ok=True)
    data = os.path.join(workdir, "x_%d_%d_%d.f64" % (a.n, a.d, a.seed))
    if not os.path.exists(data):
        make_data(data, a.n, a.d, a.seed)
    common = [data, str(a.n), str(a.d), repr(a.eps), str(a.min_samples)]
    results = {"n": a.n, "d": a.d, "eps": a.eps, "min_samples": a.min_samples,
               "repeats": a.repeats}

    def cseg(threads):
        lab = os.path.join(workdir, "cseg_%d.i64" % threads)
        r = run_json([a.exe] + common + ["--threads", str(threads), "--repeats", str(a.repeats),
                                         "--labels", lab])
        r["labels"] = np.fromfile(lab, dtype=np.int64)
        return r

    results["cseg_1"] = cseg(1)
    if a.threads > 1:
        results["cseg_%d" % a.threads] = cseg(a.threads)
    if not a.no_sklearn:
        lab = os.path.join(workdir, "sklearn.i64")
        r = run_json([sys.executable, "-c", SKLEARN_WORKER] + common + [str(a.repeats), lab])
        r["labels"] = np.fromfile(lab, dtype=np.int64)
        r["core"] = np.fromfile(lab + ".core", dtype=np.int64)
        results["sklearn"] = r
    r_ok = (not a.no_r and shutil.which("Rscript") and subprocess.run(
        ["Rscript", "-e", "suppressPackageStartupMessages(library(dbscan))"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0)
    if r_ok:
        lab = os.path.join(workdir, "r.i32")
        script = os.path.join(workdir, "worker.R")
        with open(script, "w") as f:
            f.write(R_WORKER)
        r = run_json(["Rscript", script] + common + [str(a.repeats), lab])
        r["labels"] = np.fromfile(lab, dtype=np.int32).astype(np.int64) - 1
        results["r_dbscan"] = r
    elif not a.no_r:
        print("R dbscan not available: skipped", file=sys.stderr)

    base = results["cseg_1"]["labels"]
    print("DBSCAN %d x %d, eps %g, min_samples %d, median of %d (wall s / CPU s):"
          % (a.n, a.d, a.eps, a.min_samples, a.repeats))
    for name, r in results.items():
        if not isinstance(r, dict):
            continue
        print("  %-10s %8.3f s  %8.3f cpu  clusters %3d  noise %6d  peak %6.1f MiB"
              % (name, med(r, "fit_s"), med(r, "fit_cpu_s"), r["runs"][0]["clusters"],
                 r["runs"][0]["noise"], r["peak_rss_kb"] / 1024))
    for name in ("cseg_%d" % a.threads,):
        if name in results and name != "cseg_1":
            assert np.array_equal(results[name]["labels"], base), "cseg labels depend on threads"
    for peer in ("sklearn", "r_dbscan"):
        if peer not in results:
            continue
        r = results[peer]
        if peer == "sklearn":
            same = np.array_equal(r["labels"], base)
            print("  labels equal sklearn's exactly: %s" % same)
        else:
            core = results["sklearn"]["core"] if "sklearn" in results else np.flatnonzero(base >= 0)
            pairs = set(zip(base[core].tolist(), r["labels"][core].tolist()))
            bij = (len(pairs) == len({p[0] for p in pairs}) == len({p[1] for p in pairs})
                   and np.array_equal(base < 0, r["labels"] < 0))
            print("  R's labels agree up to renumbering (core points; same noise): %s" % bij)
        for name in [k for k in results if k.startswith("cseg_")]:
            print("  %s / %s: %.2fx wall, %.2fx CPU" % (
                peer, name, med(r, "fit_s") / med(results[name], "fit_s"),
                med(r, "fit_cpu_s") / med(results[name], "fit_cpu_s")))
    if a.json:
        for r in results.values():
            if isinstance(r, dict):
                r.pop("labels", None)
                r.pop("core", None)
        with open(a.json, "w") as f:
            json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
