#!/bin/sh
# Transaction reader: time and peak memory on CDNOW and on 10 million rows.
#   bench/transactions/run.sh [BUILD_DIR]   (default: build)
# Needs a configured and built BUILD_DIR and Debian's /usr/bin/python3 with
# numpy (to write the synthetic file once). Environment: ROWS (10000000),
# CUSTOMERS (1000000), SEED (1), DATA (/tmp/cseg_tx_<ROWS>.csv, kept between
# runs), REPEATS (CDNOW reads, fastest reported; 20), PYTHON.
# Every configuration is a separate process under /usr/bin/time -v; peak RSS
# is its "Maximum resident set size" (MB = 10^6 bytes), process CPU its user
# + system time (all repeats, and the features), bytes/row is (peak RSS after
# reading - RSS before) / rows as the process measures it (getrusage).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
ROWS=${ROWS:-10000000} CUSTOMERS=${CUSTOMERS:-1000000} SEED=${SEED:-1}
DATA=${DATA:-/tmp/cseg_tx_$ROWS.csv} REPEATS=${REPEATS:-20}
PYTHON=${PYTHON:-/usr/bin/python3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

meson compile -C "$build" lib/cseg:shared_library >/dev/null
cc -O2 -std=gnu11 -o "$tmp/bench_tx" "$here/bench_tx.c" \
	-I"$root/include" -I"$build/include/cseg" -I"$build/include" \
	-L"$build/lib" -Wl,-rpath,"$build/lib" -lcseg

if [ ! -s "$DATA" ]; then
	"$PYTHON" "$here/gen_tx.py" --rows "$ROWS" --customers "$CUSTOMERS" --seed "$SEED" --out "$DATA"
fi

# run NAME ENV... -- ARGS...: one configuration, summarised.
run() {
	name=$1
	shift
	env "$@" /usr/bin/time -v "$tmp/bench_tx" 2>"$tmp/time" >"$tmp/out" "$DATA_ARG" $COLS || {
		cat "$tmp/time" >&2
		exit 1
	}
	peak=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tmp/time")
	cpu=$(awk -F': ' '/User time/ {u = $2} /System time/ {s = $2} END {print u + s}' "$tmp/time")
	awk -v name="$name" -v peak="$peak" -v cpu="$cpu" '
		{ v[$1] = $2 }
		END {
			printf "%-28s rows %10d  customers %8d  read %7.3f s  %10.0f rows/s  process CPU %6.2f s  peak RSS %7.1f MB  %5.1f bytes/row\n",
				name, v["rows"], v["customers"], v["read_s"], v["rows_per_s"], cpu, peak * 1024 / 1e6, v["bytes_per_row"]
			if ("features_s" in v)
				printf "%-28s features %.3f s (%d x %d), peak RSS after features %.1f MB\n", "",
					v["features_s"], v["feature_rows"], v["feature_cols"], v["peak_rss_after_features_MB"]
			printf "%-28s returns %d (%.2f), zero amounts %d, net %.2f, net <= 0 customers %d, return-only %d, skipped %d\n", "",
				v["returns"], v["returned_amount"], v["zero_amounts"], v["net_amount"],
				v["net_nonpositive_customers"], v["return_only_customers"], v["skipped"]
		}' "$tmp/out"
}

DATA_ARG="$root/data/cdnow/CDNOW_master.txt" COLS="customer_id date dollar_value number_of_cds"
run "CDNOW_master.txt (blanks)" REPEATS="$REPEATS"
DATA_ARG="$DATA" COLS="customer_id date amount"
run "synthetic: id,date,amount" REPEATS=1
DATA_ARG="$DATA" COLS="customer_id date amount quantity channel"
run "synthetic: + qty, channel" REPEATS=1 AS_OF=2023-12-31
