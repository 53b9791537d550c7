#!/bin/sh
# Exact silhouette on 20,000 x 8 rows: cseg against sklearn.metrics.silhouette_score.
#   bench/silhouette/run.sh [BUILD_DIR]   (default: build)
# Needs a configured and built BUILD_DIR and Debian's /usr/bin/python3 with
# scikit-learn. Environment: N, D, K (data shape), REPEATS (best of, both
# sides), PYTHON. Prints wall and CPU times, the ratio and both results.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
N=${N:-20000} D=${D:-8} K=${K:-8} REPEATS=${REPEATS:-3}
PYTHON=${PYTHON:-/usr/bin/python3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Compile the driver against the uninstalled library of BUILD_DIR (the
# uninstalled .pc file gives the libraries; the headers are added here).
cc -O2 -std=gnu11 -o "$tmp/bench_silhouette" "$here/bench_silhouette.c" \
	-I"$root/include" -I"$build/include/cseg" \
	$(PKG_CONFIG_PATH="$build/meson-uninstalled" pkg-config --libs cseg-uninstalled) \
	-Wl,-rpath,"$build/lib"

N=$N D=$D K=$K OUT="$tmp/data.bin" BENCH="$tmp/bench_silhouette" REPEATS=$REPEATS \
"$PYTHON" - <<'PY'
import os, subprocess, time
import numpy as np
import sklearn
from sklearn.datasets import make_blobs
from sklearn.metrics import silhouette_score

n, d, k = int(os.environ["N"]), int(os.environ["D"]), int(os.environ["K"])
X, y = make_blobs(n_samples=n, n_features=d, centers=k, cluster_std=2.0, random_state=0)
with open(os.environ["OUT"], "wb") as f:
    f.write(y.astype(np.int64).tobytes())
    f.write(np.ascontiguousarray(X, dtype=np.float64).tobytes())

out = subprocess.run([os.environ["BENCH"], os.environ["OUT"], str(n), str(d),
                      os.environ["REPEATS"]], check=True, capture_output=True, text=True)
_, t_cseg, c_cseg, v_cseg, threads = out.stdout.split()
t_cseg, c_cseg, v_cseg = float(t_cseg), float(c_cseg), float(v_cseg)

t_sk = 1e300
for _ in range(int(os.environ["REPEATS"])):
    t0, c0 = time.perf_counter(), time.process_time()
    v_sk = silhouette_score(X, y)
    if time.perf_counter() - t0 < t_sk:
        t_sk, c_sk = time.perf_counter() - t0, time.process_time() - c0

print("data: make_blobs(%d, %d features, %d centres, std 2, random_state=0)" % (n, d, k))
print("best of %s runs; wall and process CPU seconds" % os.environ["REPEATS"])
print("cseg    %8.3f s wall %8.3f s cpu  silhouette %.17g  (%s threads)"
      % (t_cseg, c_cseg, v_cseg, threads))
print("sklearn %8.3f s wall %8.3f s cpu  silhouette %.17g  (scikit-learn %s)"
      % (t_sk, c_sk, v_sk, sklearn.__version__))
print("speed-up %.1fx wall, %.1fx cpu; relative difference %.2g"
      % (t_sk / t_cseg, c_sk / c_cseg, abs(v_cseg - v_sk) / abs(v_sk)))
PY
