#!/usr/bin/env bash
# The demo: install what is missing, build, and segment the bundled
# wholesale customers with k-means, printing segment sizes and centroids.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
[ -d build/meson-private ] || meson setup build --buildtype=release -Dtests=false \
	-Dpython=disabled -Dr=disabled -Djava=disabled -Ddocs=disabled >/dev/null
ninja -C build cli/cseg >/dev/null

mkdir -p build/demo
./build/cli/cseg segment --k 5 --seed 42 --n-init 8 \
	--columns Fresh,Milk,Grocery,Frozen,Detergents_Paper,Delicassen \
	--model build/demo/wholesale.cseg --assignments build/demo/assignments.csv \
	data/wholesale_customers.csv
echo
echo "Model: build/demo/wholesale.cseg; assignments: build/demo/assignments.csv"
