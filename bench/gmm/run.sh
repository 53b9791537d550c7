#!/bin/sh
# Gaussian mixtures: cseg against sklearn.mixture.GaussianMixture on
# 100,000 x 8, k = 8, full and diag covariances, in one run.
#   bench/gmm/run.sh [BUILD_DIR]    (default: build)
# Needs BUILD_DIR/bench/gmm/bench_gmm and Debian's /usr/bin/python3 with
# numpy, scikit-learn and threadpoolctl.
# Environment: THREADS (2), REPEATS (3), N (100000), D (8), K (8), SEED (0), PYTHON.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
PYTHON=${PYTHON:-/usr/bin/python3}
exe="$build/bench/gmm/bench_gmm"
[ -x "$exe" ] || { echo "run.sh: $exe not built (ninja -C $build bench/gmm/bench_gmm)" >&2; exit 1; }
exec "$PYTHON" "$here/bench_gmm.py" --exe "$exe" --threads "${THREADS:-2}" \
	--repeats "${REPEATS:-3}" --n "${N:-100000}" --d "${D:-8}" --k "${K:-8}" --seed "${SEED:-0}"
