#!/bin/sh
# Mini-batch k-means: cseg against sklearn.cluster.MiniBatchKMeans on
# 1,000,000 x 16, k = 16, and a streaming fit of a CSV larger than the chunk
# (peak resident set of each reported), in one run.
#   bench/minibatch/run.sh [BUILD_DIR]       (default: build)
# Needs BUILD_DIR/bench/minibatch/bench_minibatch (ninja -C BUILD
# bench/minibatch/bench_minibatch) and Debian's /usr/bin/python3 with numpy,
# pandas, scikit-learn and threadpoolctl.
# Environment: THREADS (2), REPEATS (3), N (1000000), D (16), K (16), SEED (0),
# STREAM_ROWS (200000), CHUNK (10000), WORKDIR (data kept between runs;
# default a temporary folder), JSON (file for the raw results), PYTHON.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
PYTHON=${PYTHON:-/usr/bin/python3}
exe="$build/bench/minibatch/bench_minibatch"
[ -x "$exe" ] || { echo "run.sh: $exe not built (ninja -C $build bench/minibatch/bench_minibatch)" >&2; exit 1; }
set -- --exe "$exe" --threads "${THREADS:-2}" --repeats "${REPEATS:-3}" \
	--n "${N:-1000000}" --d "${D:-16}" --k "${K:-16}" --seed "${SEED:-0}" \
	--stream-rows "${STREAM_ROWS:-200000}" --chunk "${CHUNK:-10000}"
[ -n "${WORKDIR:-}" ] && set -- "$@" --workdir "$WORKDIR"
[ -n "${JSON:-}" ] && set -- "$@" --json "$JSON"
exec "$PYTHON" "$here/bench_minibatch.py" "$@"
