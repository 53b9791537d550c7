#!/usr/bin/env bash
# The demo: install what is missing, build, and segment the 23,570 CDNOW
# customers (data/cdnow/CDNOW_master.txt, bundled) as of 1998-06-30: customer
# features from their orders, k-means on log1p + z-scored recency, frequency
# and spend, segments named from their profile, and an HTML report.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
[ -d build/meson-private ] || meson setup build --buildtype=release -Dtests=false \
	-Dpython=disabled -Dr=disabled -Djava=disabled -Ddocs=disabled >/dev/null
ninja -C build cli/cseg >/dev/null

mkdir -p build/demo
./build/cli/cseg segment --transactions data/cdnow/CDNOW_master.txt --as-of 1998-06-30 \
	--date-column date --amount-column dollar_value --quantity-column number_of_cds \
	--columns recency,frequency,monetary --log1p --scale zscore --k 4 --seed 42 --n-init 8 \
	--model build/demo/cdnow.cseg --assignments build/demo/assignments.csv \
	--profile build/demo/profile.csv --report build/demo/report.html
echo
echo "Model: build/demo/cdnow.cseg; assignments: build/demo/assignments.csv;"
echo "profile: build/demo/profile.csv; report: build/demo/report.html"
