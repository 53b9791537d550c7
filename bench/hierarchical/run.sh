#!/bin/sh
# Ward on 20,000 x 8 rows: cseg against scipy.cluster.hierarchy.linkage and,
# when installed, R fastcluster (hclust on dist(), and the O(n d) memory
# hclust.vector), in one run on the same data.
#   bench/hierarchical/run.sh [BUILD_DIR]   (default: build)
# Environment: N, D (shape), LINKAGE (ward, complete, average, single),
# REPEATS (median of, every tool), PYTHON. Each run is one process under
# /usr/bin/time -v: wall time is measured inside it (data loading excluded),
# peak memory is the process's maximum resident set size.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
N=${N:-20000} D=${D:-8} LINKAGE=${LINKAGE:-ward} REPEATS=${REPEATS:-3}
PYTHON=${PYTHON:-/usr/bin/python3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cc -O2 -std=gnu11 -o "$tmp/bench_hierarchical" "$here/bench_hierarchical.c" \
	-I"$root/include" -I"$build/include/cseg" \
	$(PKG_CONFIG_PATH="$build/meson-uninstalled" pkg-config --libs cseg-uninstalled) \
	-Wl,-rpath,"$build/lib"

"$PYTHON" - "$tmp/x.bin" "$N" "$D" <<'PY'
import sys
import numpy as np
from sklearn.datasets import make_blobs
X, _ = make_blobs(n_samples=int(sys.argv[2]), n_features=int(sys.argv[3]), centers=8,
                  cluster_std=2.0, random_state=0)
np.ascontiguousarray(X, dtype=np.float64).tofile(sys.argv[1])
PY

cat > "$tmp/peer_scipy.py" <<'PY'
import sys, time
import numpy as np
from scipy.cluster.hierarchy import linkage
n, d = int(sys.argv[2]), int(sys.argv[3])
X = np.fromfile(sys.argv[1]).reshape(n, d)
t0, c0 = time.perf_counter(), time.process_time()
Z = linkage(X, sys.argv[4])
print("scipy %.6f %.6f 1" % (time.perf_counter() - t0, time.process_time() - c0))
Z.tofile(sys.argv[5])
PY
cat > "$tmp/fc.R" <<'RS'
a <- commandArgs(TRUE)
n <- as.integer(a[2]); d <- as.integer(a[3])
x <- matrix(readBin(a[1], "double", n * d), ncol = d, byrow = TRUE)
suppressPackageStartupMessages(library(fastcluster))
method <- if (a[4] == "ward") "ward.D2" else a[4]
t0 <- proc.time()
h <- if (a[5] == "vector") hclust.vector(x, method = a[4]) else hclust(dist(x), method = method)
t <- proc.time() - t0
cat(sprintf("%s %.6f %.6f 1\n", a[5], t[["elapsed"]], t[["user.self"]] + t[["sys.self"]]))
writeBin(sort(h$height), a[6])
RS

# run NAME CMD...: REPEATS runs; appends "NAME wall cpu rss_kib" lines.
run() {
	name=$1
	shift
	i=0
	while [ "$i" -lt "$REPEATS" ]; do
		/usr/bin/time -v -o "$tmp/time.txt" "$@" > "$tmp/out.txt"
		rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$tmp/time.txt")
		echo "$name $(cut -d' ' -f2,3 "$tmp/out.txt") $rss" >> "$tmp/results.txt"
		i=$((i + 1))
	done
}

run cseg "$tmp/bench_hierarchical" "$tmp/x.bin" "$N" "$D" "$LINKAGE" "$tmp/z_cseg.bin"
run scipy "$PYTHON" "$tmp/peer_scipy.py" "$tmp/x.bin" "$N" "$D" "$LINKAGE" "$tmp/z_scipy.bin"
have_fc=no
if Rscript -e 'suppressPackageStartupMessages(library(fastcluster))' >/dev/null 2>&1; then
	have_fc=yes
	run fastcluster Rscript "$tmp/fc.R" "$tmp/x.bin" "$N" "$D" "$LINKAGE" hclust "$tmp/h_fc.bin"
	if [ "$LINKAGE" != complete ] && [ "$LINKAGE" != average ]; then
		run fastcluster_vector Rscript "$tmp/fc.R" "$tmp/x.bin" "$N" "$D" "$LINKAGE" vector "$tmp/h_fcv.bin"
	fi
fi

"$PYTHON" - "$tmp" "$N" "$LINKAGE" "$REPEATS" "$have_fc" <<'PY'
import os, sys
import numpy as np
tmp, n, linkage, repeats, have_fc = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
rows = [l.split() for l in open(os.path.join(tmp, "results.txt"))]
med = {}
for name in dict.fromkeys(r[0] for r in rows):
    r = np.array([[float(v) for v in x[1:]] for x in rows if x[0] == name])
    med[name] = np.median(r, axis=0)
zc = np.fromfile(os.path.join(tmp, "z_cseg.bin")).reshape(-1, 4)
zs = np.fromfile(os.path.join(tmp, "z_scipy.bin")).reshape(-1, 4)
rel = np.max(np.abs(zc[:, 2] - zs[:, 2]) / np.maximum(np.abs(zs[:, 2]), 1e-300))
print("%s linkage on make_blobs(%d x %s, 8 centres, std 2, random_state=0); median of %s runs"
      % (linkage, n, os.environ.get("D", "8"), repeats))
print("%-19s %9s %9s %12s" % ("", "wall s", "cpu s", "peak RSS MiB"))
for name, (wall, cpu, rss) in med.items():
    print("%-19s %9.3f %9.3f %12.1f" % (name, wall, cpu, rss / 1024))
for name in med:
    if name != "cseg":
        print("speed-up vs %-18s %.2fx wall, memory %.2fx less"
              % (name, med[name][0] / med["cseg"][0], med[name][2] / med["cseg"][2]))
print("max relative height difference cseg vs scipy: %.2g; same index columns: %s"
      % (rel, bool(np.array_equal(zc[:, :2], zs[:, :2]))))
if have_fc == "no":
    print("R fastcluster: not installed (compared with SciPy only)")
PY
