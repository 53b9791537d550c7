#!/bin/sh
# Build and run the CLV benchmark against a configured build directory.
# Usage: bench/clv/run.sh [build-dir (default build)] [n_customers] [seed]
# Builds bench_clv into <build-dir>/bench/clv and links libcseg from it.
set -e
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-build}
case $build in /*) ;; *) build="$root/$build" ;; esac
shift 2>/dev/null || true
meson compile -C "$build" lib/cseg:shared_library >/dev/null
mkdir -p "$build/bench/clv"
cc -O2 -std=gnu11 -I "$root/include" -I "$build/include/cseg" -I "$build/include" \
	"$root/bench/clv/bench_clv.c" -L "$build/lib" -Wl,-rpath,"$build/lib" -lcseg -lm \
	-o "$build/bench/clv/bench_clv"
exec "$build/bench/clv/bench_clv" "$@"
