#!/bin/sh
# k-means: cseg against sklearn.cluster.KMeans on 1,000,000 x 16, k = 16, in one run.
#   bench/run_kmeans.sh [BUILD_DIR]       (default: build; also `ninja -C BUILD bench-kmeans`)
# Needs BUILD_DIR/bench/bench_kmeans (built by ninja) and Debian's
# /usr/bin/python3 with numpy, scikit-learn and threadpoolctl.
# Environment: THREADS (2), REPEATS (3), N (1000000), D (16), K (16),
# SEED (0), WORKDIR (where the data files are kept between runs; default
# a temporary folder), JSON (file for the raw results), PYTHON.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
PYTHON=${PYTHON:-/usr/bin/python3}
exe="$build/bench/bench_kmeans"
[ -x "$exe" ] || { echo "run_kmeans.sh: $exe not built (ninja -C $build bench/bench_kmeans)" >&2; exit 1; }
set -- --exe "$exe" --threads "${THREADS:-2}" --repeats "${REPEATS:-3}" \
	--n "${N:-1000000}" --d "${D:-16}" --k "${K:-16}" --seed "${SEED:-0}"
[ -n "${WORKDIR:-}" ] && set -- "$@" --workdir "$WORKDIR"
[ -n "${JSON:-}" ] && set -- "$@" --json "$JSON"
exec "$PYTHON" "$here/bench_kmeans.py" "$@"
