#!/bin/sh
# DBSCAN: cseg against sklearn.cluster.DBSCAN and R's dbscan on 100,000 x 8,
# eps 0.57, min_samples 16 (issue #5), in one run.
#   bench/dbscan/run.sh [BUILD_DIR]       (default: build)
# Needs BUILD_DIR/bench/dbscan/bench_dbscan (ninja -C BUILD bench/dbscan/bench_dbscan),
# Debian's /usr/bin/python3 with numpy and scikit-learn, and optionally
# Rscript with the dbscan package (r-cran-dbscan; skipped when missing).
# Environment: THREADS (2), REPEATS (3), N (100000), D (8), EPS (0.57),
# MIN_SAMPLES (16), SEED (0), WORKDIR (data kept between runs; default a
# temporary folder), JSON (file for the raw results), PYTHON.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
PYTHON=${PYTHON:-/usr/bin/python3}
exe="$build/bench/dbscan/bench_dbscan"
[ -x "$exe" ] || { echo "run.sh: $exe not built (ninja -C $build bench/dbscan/bench_dbscan)" >&2; exit 1; }
set -- --exe "$exe" --threads "${THREADS:-2}" --repeats "${REPEATS:-3}" \
	--n "${N:-100000}" --d "${D:-8}" --eps "${EPS:-0.57}" \
	--min-samples "${MIN_SAMPLES:-16}" --seed "${SEED:-0}"
[ -n "${WORKDIR:-}" ] && set -- "$@" --workdir "$WORKDIR"
[ -n "${JSON:-}" ] && set -- "$@" --json "$JSON"
exec "$PYTHON" "$here/bench_dbscan.py" "$@"
