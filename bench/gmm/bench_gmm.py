#!/usr/bin/python3
"""cseg's Gaussian mixture against scikit-learn's GaussianMixture on the same
data and the same number of threads, in one run.

    /usr/bin/python3 bench/gmm/bench_gmm.py --exe BUILD/bench/gmm/bench_gmm [options]

Data: N x D, K groups with random full covariances (seeded), written once as
raw float64. Two settings per covariance type (full, diag):
  given   both start from the same weights, means and precisions, so both
          run the same EM iterations (the lower bounds are printed: they
          agree) -- this times EM itself;
  default each library's own start (k-means labels, n_init = 1), as a user
          would run it; the iteration counts may differ.
Times are medians of --repeats fits: wall, and CPU time of the whole
process (all threads), which a loaded shared machine stretches less.
sklearn runs in a separate process under threadpoolctl limits of --threads.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

import numpy as np

WORKER = r"""
import json, sys, time, warnings
import numpy as np
from threadpoolctl import threadpool_limits
from sklearn.mixture import GaussianMixture
data, init, n, d, k, cov, threads, repeats, seed = sys.argv[1:10]
n, d, k, threads, repeats, seed = map(int, (n, d, k, threads, repeats, seed))
x = np.fromfile(data, dtype=np.float64).reshape(n, d)
kw = {}
if init != "-":
    v = np.fromfile(init, dtype=np.float64)
    shapes = {"full": (k, d, d), "tied": (d, d), "diag": (k, d), "spherical": (k,)}
    kw = dict(weights_init=v[:k], means_init=v[k:k + k * d].reshape(k, d),
              precisions_init=v[k + k * d:].reshape(shapes[cov]))
runs = []
with threadpool_limits(limits=threads), warnings.catch_warnings():
    warnings.simplefilter("ignore")
    for r in range(repeats):
        gm = GaussianMixture(n_components=k, covariance_type=cov, random_state=seed + r, **kw)
        c0 = time.process_time(); t0 = time.perf_counter(); gm.fit(x)
        t1 = time.perf_counter(); c1 = time.process_time()
        runs.append({"fit_s": t1 - t0, "fit_cpu_s": c1 - c0, "n_iter": int(gm.n_iter_),
                     "lower_bound": float(gm.lower_bound_)})
print(json.dumps({"runs": runs}))
"""


def data(n, d, k, seed):
    rng = np.random.default_rng(seed)
    parts = []
    sizes = rng.multinomial(n, np.full(k, 1.0 / k))
    for s in sizes:
        a = rng.normal(0.0, 1.0, size=(d, d)) / np.sqrt(d)
        parts.append(rng.normal(0.0, 4.0, size=d) + rng.normal(size=(s, d)) @ a)
    x = np.vstack(parts)
    return x[rng.permutation(n)], rng


def initial(x, k, cov, rng):
    n, d = x.shape
    means = x[rng.choice(n, k, replace=False)]
    c = np.cov(x.T, bias=True)
    prec = {"full": lambda: np.array([np.linalg.inv(c)] * k),
            "tied": lambda: np.linalg.inv(c),
            "diag": lambda: np.array([1.0 / np.diag(c)] * k),
            "spherical": lambda: np.full(k, 1.0 / np.mean(np.diag(c)))}[cov]()
    return np.concatenate([np.full(k, 1.0 / k), means.ravel(), prec.ravel()])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--exe", required=True)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--n", type=int, default=100000)
    ap.add_argument("--d", type=int, default=8)
    ap.add_argument("--k", type=int, default=8)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--covs", default="full,diag")
    a = ap.parse_args()
    env = dict(os.environ, OMP_NUM_THREADS=str(a.threads), OPENBLAS_NUM_THREADS=str(a.threads))
    with tempfile.TemporaryDirectory() as tmp:
        x, rng = data(a.n, a.d, a.k, a.seed)
        xp = os.path.join(tmp, "x.f64")
        x.tofile(xp)
        print("GaussianMixture %d x %d, k = %d, %d threads, median of %d fits" %
              (a.n, a.d, a.k, a.threads, a.repeats))
        print("%-6s %-8s %8s %8s %5s %9s %9s %5s %7s %7s  %s" % (
            "cov", "start", "cseg s", "cpu s", "iter", "sklearn s", "cpu s", "iter", "wall x",
            "cpu x", "lower bounds (cseg, sklearn)"))
        for cov in a.covs.split(","):
            ip = os.path.join(tmp, "init_%s.f64" % cov)
            initial(x, a.k, cov, rng).tofile(ip)
            for start in ("given", "default"):
                cmd = [a.exe, xp, str(a.n), str(a.d), str(a.k), cov, "--threads", str(a.threads),
                       "--repeats", str(a.repeats), "--seed", str(a.seed)]
                if start == "given":
                    cmd += ["--init", ip]
                cs = json.loads(subprocess.run(cmd, env=env, check=True, capture_output=True,
                                               text=True).stdout)
                sk = json.loads(subprocess.run(
                    [sys.executable, "-c", WORKER, xp, ip if start == "given" else "-", str(a.n),
                     str(a.d), str(a.k), cov, str(a.threads), str(a.repeats), str(a.seed)],
                    env=env, check=True, capture_output=True, text=True).stdout)
                med = lambda runs, key: statistics.median(r[key] for r in runs)
                ct, cc = med(cs["runs"], "fit_s"), med(cs["runs"], "fit_cpu_s")
                st, sc = med(sk["runs"], "fit_s"), med(sk["runs"], "fit_cpu_s")
                print("%-6s %-8s %8.3f %8.3f %5d %9.3f %9.3f %5d %6.1fx %6.1fx  %.10g, %.10g" % (
                    cov, start, ct, cc, cs["runs"][0]["n_iter"], st, sc, sk["runs"][0]["n_iter"],
                    st / ct, sc / cc, cs["runs"][0]["lower_bound"], sk["runs"][0]["lower_bound"]))
                sys.stdout.flush()


if __name__ == "__main__":
    main()
