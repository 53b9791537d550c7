#!/usr/bin/python3
"""cseg k-means against scikit-learn's KMeans on the same data, same initial
centres and the same number of threads, in one run.

    /usr/bin/python3 bench/bench_kmeans.py --exe BUILD/bench/bench_kmeans [options]

The data (N x D Gaussian blobs, seeded) and the initial centres (K rows drawn
with the same seed) are written once as raw float64 files in --workdir and
read by both sides. Every configuration runs in its own process, so each peak
resident set (VmHWM, the ru_maxrss of that process image) is its own. Times are medians of
--repeats fits. The sklearn process gets OMP_NUM_THREADS and a threadpoolctl
limit of --threads, and runs without OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE
(the cseg side keeps the environment as it is).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

import numpy as np

SKLEARN_WORKER = r"""
import json, os, sys, time, warnings
import numpy as np
from threadpoolctl import threadpool_limits
from sklearn.cluster import KMeans
from sklearn.cluster._k_means_lloyd import lloyd_iter_chunked_dense

data, init_path, n, d, k, threads, repeats, seed, mode = sys.argv[1:10]
n, d, k, threads, repeats, seed = map(int, (n, d, k, threads, repeats, seed))
def peak_kb():
    # VmHWM, not ru_maxrss: Linux keeps the parent's ru_maxrss across exec.
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
rss_base = peak_kb()
x = np.fromfile(data, dtype=np.float64).reshape(n, d)
out = {"threads": threads, "runs": [], "rss_after_imports_kb": rss_base}
with threadpool_limits(limits=threads):
    if mode == "given":
        init = np.fromfile(init_path, dtype=np.float64).reshape(k, d)
        for r in range(repeats):
            km = KMeans(n_clusters=k, init=init, n_init=1, max_iter=300, tol=1e-4, algorithm="lloyd")
            c0 = time.process_time(); t0 = time.perf_counter(); km.fit(x)
            t1 = time.perf_counter(); c1 = time.process_time()
            out["runs"].append({"fit_s": t1 - t0, "fit_cpu_s": c1 - c0, "n_iter": int(km.n_iter_),
                                "inertia": float(km.inertia_)})
        # One Lloyd step alone: sklearn's own kernel on centred data, as fit runs it.
        xc = x - x.mean(axis=0)
        w = np.ones(n)
        c_old = init - x.mean(axis=0)
        c_new = np.empty_like(c_old)
        wic = np.empty(k)
        labels = np.full(n, -1, dtype=np.int32)
        shift = np.empty(k)
        steps, cpus = [], []
        for _ in range(2 + 2 * repeats):
            c0 = time.process_time(); t0 = time.perf_counter()
            lloyd_iter_chunked_dense(xc, w, c_old, c_new, wic, labels, shift, threads)
            steps.append(time.perf_counter() - t0); cpus.append(time.process_time() - c0)
            c_old, c_new = c_new, c_old
        out["step_s"] = sorted(steps[1:])[len(steps[1:]) // 2]
        out["step_cpu_s"] = sorted(cpus[1:])[len(cpus[1:]) // 2]
        del xc
    else:
        for r in range(repeats):
            km = KMeans(n_clusters=k, init="k-means++", n_init=1, max_iter=300, tol=1e-4,
                        algorithm="lloyd", random_state=seed + r)
            c0 = time.process_time(); t0 = time.perf_counter(); km.fit(x)
            t1 = time.perf_counter(); c1 = time.process_time()
            out["runs"].append({"fit_s": t1 - t0, "fit_cpu_s": c1 - c0, "n_iter": int(km.n_iter_),
                                "inertia": float(km.inertia_)})
out["maxrss_kb"] = peak_kb()
print(json.dumps(out))
"""


def make_data(workdir, kind, n, d, k, seed):
    data = os.path.join(workdir, "kmeans_%s_%dx%d_s%d.f64" % (kind, n, d, seed))
    init = os.path.join(workdir, "kmeans_%s_%dx%d_s%d_init%d.f64" % (kind, n, d, seed, k))
    if os.path.exists(data) and os.path.exists(init):
        return data, init
    rng = np.random.default_rng(seed)
    if kind == "blobs":
        # As sklearn.datasets.make_blobs' defaults: k centres uniform in
        # [-10, 10]^d, unit noise, groups of about equal size.
        centres = rng.uniform(-10.0, 10.0, size=(k, d))
        groups = rng.integers(0, k, size=n)
    else:
        # Overlapping groups of unequal sizes: centres N(0, 1.5^2) per
        # feature, unit noise; Lloyd needs some fifty iterations and many
        # rows sit near a boundary (hard for Hamerly's bounds).
        centres = rng.normal(0.0, 1.5, size=(k, d))
        groups = rng.choice(k, size=n, p=rng.dirichlet(np.full(k, 4.0)))
    x = centres[groups] + rng.normal(0.0, 1.0, size=(n, d))
    x.astype("<f8").tofile(data)
    x[rng.choice(n, size=k, replace=False)].astype("<f8").tofile(init)
    return data, init


def run_json(cmd, env=None):
    res = subprocess.run(cmd, env=env, check=True, stdout=subprocess.PIPE, text=True)
    return json.loads(res.stdout)


def med(runs, key):
    return statistics.median(r[key] for r in runs)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--exe", required=True, help="bench_kmeans program of a build")
    ap.add_argument("--workdir", default=None, help="where the data files go (default: a temporary folder)")
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--d", type=int, default=16)
    ap.add_argument("--k", type=int, default=16)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--data", choices=("blobs", "overlap"), default="blobs",
                    help="well separated groups (make_blobs defaults) or overlapping ones")
    ap.add_argument("--json", default=None, help="also write every raw result here")
    a = ap.parse_args()

    tmp = None
    if a.workdir is None:
        tmp = tempfile.TemporaryDirectory()
        a.workdir = tmp.name
    os.makedirs(a.workdir, exist_ok=True)
    data, init = make_data(a.workdir, a.data, a.n, a.d, a.k, a.seed)
    data_mb = a.n * a.d * 8 / 2**20
    shape = [str(a.n), str(a.d), str(a.k)]

    env_c = dict(os.environ, OMP_NUM_THREADS=str(a.threads))
    env_sk = dict(env_c, OPENBLAS_NUM_THREADS=str(a.threads), MKL_NUM_THREADS=str(a.threads))
    for var in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
        env_sk.pop(var, None)

    def cseg(method, given, seed=a.seed):
        cmd = [a.exe, data] + shape + ["--method", method, "--threads", str(a.threads),
                                       "--repeats", str(a.repeats), "--seed", str(seed)]
        if given:
            cmd += ["--init", init]
        return run_json(cmd, env_c)

    def sklearn(mode):
        cmd = [sys.executable, "-c", SKLEARN_WORKER, data, init] + shape + \
              [str(a.threads), str(a.repeats), str(a.seed), mode]
        return run_json(cmd, env_sk)

    results = {
        "sklearn_given": sklearn("given"),
        "cseg_given_lloyd": cseg("lloyd", True),
        "cseg_given_hamerly": cseg("hamerly", True),
        "cseg_given_auto": cseg("auto", True),
        "sklearn_pp": sklearn("pp"),
        "cseg_pp_auto": cseg("auto", False),
    }
    if a.json:
        with open(a.json, "w") as f:
            json.dump(results, f, indent=1)

    sk = results["sklearn_given"]
    print("k-means, %s data %d x %d, k = %d, %d threads, medians of %d fits (data %.0f MiB)"
          % (a.data, a.n, a.d, a.k, a.threads, a.repeats, data_mb))
    print()
    print("Same initial centres (%d rows drawn with seed %d), max_iter 300, tol 1e-4:" % (a.k, a.seed))
    hdr = "%-16s %8s %8s %7s %8s %8s %9s %20s %9s %7s"
    row = "%-16s %8.3f %8.3f %7d %8.2f %8.2f %9.2f %20.10g %9.0f %7.2f"
    print(hdr % ("", "fit s", "cpu s", "n_iter", "ms/iter", "ms/step", "cpu ms/st", "inertia", "peak MiB", "x data"))
    sk_fit = med(sk["runs"], "fit_s")
    print(row % ("sklearn lloyd", sk_fit, med(sk["runs"], "fit_cpu_s"), med(sk["runs"], "n_iter"),
                 1e3 * sk_fit / med(sk["runs"], "n_iter"), 1e3 * sk["step_s"], 1e3 * sk["step_cpu_s"],
                 med(sk["runs"], "inertia"), sk["maxrss_kb"] / 1024, sk["maxrss_kb"] / 1024 / data_mb))
    for name in ("lloyd", "hamerly", "auto"):
        r = results["cseg_given_" + name]
        fit = med(r["runs"], "fit_s")
        print(row % ("cseg " + name, fit, med(r["runs"], "fit_cpu_s"), med(r["runs"], "n_iter"),
                     1e3 * fit / med(r["runs"], "n_iter"), 1e3 * med(r["runs"], "step_s"),
                     1e3 * med(r["runs"], "step_cpu_s"), med(r["runs"], "inertia"),
                     r["maxrss_kb"] / 1024, r["maxrss_kb"] / 1024 / data_mb))
    print("  (ms/iter = fit time / iterations; ms/step = one iteration alone, median: sklearn's"
          " lloyd_iter_chunked_dense,\n   cseg's time between progress callbacks; cpu = process CPU"
          " time, all threads, which other load on the machine does not stretch)")
    print("  sklearn process after imports, before data: %.0f MiB" % (sk["rss_after_imports_kb"] / 1024))
    for name in ("lloyd", "hamerly", "auto"):
        r = results["cseg_given_" + name]
        print("  sklearn / cseg %-8s fit time x%.2f (cpu x%.2f), step time x%.2f (cpu x%.2f), peak memory x%.2f,"
              " inertia rel diff %.1e"
              % (name, sk_fit / med(r["runs"], "fit_s"), med(sk["runs"], "fit_cpu_s") / med(r["runs"], "fit_cpu_s"),
                 sk["step_s"] / med(r["runs"], "step_s"), sk["step_cpu_s"] / med(r["runs"], "step_cpu_s"),
                 sk["maxrss_kb"] / r["maxrss_kb"],
                 (med(r["runs"], "inertia") - med(sk["runs"], "inertia")) / med(sk["runs"], "inertia")))
    print()
    skp, cp = results["sklearn_pp"], results["cseg_pp_auto"]
    print("k-means++ (n_init 1, seeds %d..%d), whole fit:" % (a.seed, a.seed + a.repeats - 1))
    print(hdr % ("", "fit s", "cpu s", "n_iter", "ms/iter", "", "", "inertia", "peak MiB", "x data"))
    for label, r in (("sklearn", skp), ("cseg auto", cp)):
        fit = med(r["runs"], "fit_s")
        print(row % (label, fit, med(r["runs"], "fit_cpu_s"), med(r["runs"], "n_iter"),
                     1e3 * fit / med(r["runs"], "n_iter"), float("nan"), float("nan"),
                     med(r["runs"], "inertia"), r["maxrss_kb"] / 1024, r["maxrss_kb"] / 1024 / data_mb))
    print("  sklearn / cseg: fit time x%.2f, cpu time x%.2f, median inertia rel diff %.1e (per seed: %s)"
          % (med(skp["runs"], "fit_s") / med(cp["runs"], "fit_s"),
             med(skp["runs"], "fit_cpu_s") / med(cp["runs"], "fit_cpu_s"),
             (med(cp["runs"], "inertia") - med(skp["runs"], "inertia")) / med(skp["runs"], "inertia"),
             ", ".join("%.6g vs %.6g" % (c["inertia"], s["inertia"]) for c, s in zip(cp["runs"], skp["runs"]))))
    if tmp:
        tmp.cleanup()


if __name__ == "__main__":
    main()
