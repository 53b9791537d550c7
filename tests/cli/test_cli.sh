#!/usr/bin/env bash
# The cseg command end to end: segment, save, assign, JSON, exit codes and
# error messages. usage: test_cli.sh CSEG_BINARY DATA_DIR
set -uo pipefail
cseg=$1 data=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0

check() { # name, then a command that must succeed
	local name=$1; shift
	if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $name" >&2; fi
}
exit_code() { # expected code, command...
	local want=$1; shift
	"$@" >"$work/out" 2>"$work/err"
	[ $? -eq "$want" ]
}

cols=Fresh,Milk,Grocery,Frozen,Detergents_Paper,Delicassen
check "segment prints a table" exit_code 0 "$cseg" segment --k 4 --seed 1 --columns $cols \
	--model "$work/m.cseg" --assignments "$work/a.csv" "$data/wholesale_customers.csv"
check "table has 4 segments" grep -q "440 customers, 6 features, 4 segments" "$work/out"
check "assignments have a header and 440 rows" test "$(wc -l < "$work/a.csv")" -eq 441
check "no temporary files left" test -z "$(ls "$work" | grep tmp)"
check "assign reproduces the labels" exit_code 0 "$cseg" assign --model "$work/m.cseg" \
	--output "$work/b.csv" "$data/wholesale_customers.csv"
check "assign output equals segment output" cmp "$work/a.csv" "$work/b.csv"
check "json output" exit_code 0 "$cseg" segment --json --k 3 --columns Milk,Grocery "$data/wholesale_customers.csv"
check "json is valid" /usr/bin/python3 -c "import json,sys; d=json.load(open('$work/out')); assert len(d['segments'])==3 and sum(s['size'] for s in d['segments'])==440"
check "stdin input" exit_code 0 sh -c "\"$cseg\" segment --quiet --k 2 - < \"$data/wholesale_customers.csv\""
check "same seed, same output" sh -c "\"$cseg\" segment --k 4 --seed 9 \"$data/wholesale_customers.csv\" > \"$work/r1\" && \"$cseg\" segment --k 4 --seed 9 \"$data/wholesale_customers.csv\" > \"$work/r2\" && cmp \"$work/r1\" \"$work/r2\""

# Usage errors: exit 2.
check "no command" exit_code 2 "$cseg"
check "unknown command" exit_code 2 "$cseg" frobnicate
check "bad k" exit_code 2 "$cseg" segment --k zero "$data/wholesale_customers.csv"
check "bad k names the option" grep -q -- "--k" "$work/err"
check "no input" exit_code 2 "$cseg" segment --k 2
check "bad method" exit_code 2 "$cseg" segment --method fastest "$data/wholesale_customers.csv"
check "assign without model" exit_code 2 "$cseg" assign "$data/wholesale_customers.csv"
check "help" exit_code 0 "$cseg" segment --help

# Data errors: exit 1 with file:line:column.
printf 'a,b\n1,2\n3,x\n' > "$work/bad.csv"
check "bad cell" exit_code 1 "$cseg" segment --k 1 "$work/bad.csv"
check "bad cell position" grep -q "bad.csv:3:" "$work/err"
check "missing file" exit_code 1 "$cseg" segment --k 1 "$work/none.csv"
check "k > n" exit_code 1 "$cseg" segment --k 5 "$work/bad.csv" --columns a
check "unknown column" exit_code 1 "$cseg" segment --columns Nope "$data/wholesale_customers.csv"
check "corrupt model" sh -c "printf 'CSEGMODLjunk' > \"$work/junk.cseg\"; ! \"$cseg\" assign --model \"$work/junk.cseg\" \"$data/wholesale_customers.csv\" 2>/dev/null"
check "unwritable assignments path" exit_code 1 "$cseg" segment --k 2 --assignments /nonexistent/dir/a.csv "$data/wholesale_customers.csv"

# clv: the published CDNOW estimates through the command.
sample="$data/cdnow/CDNOW_sample.txt"
check "clv on CDNOW" exit_code 0 "$cseg" clv --calibration-end 1997-09-30 --observation-end 1998-06-30 \
	--date-column 2 --amount-column 4 --output "$work/clv.csv" "$sample"
check "clv BG/NBD r" grep -q "r          0.2426" "$work/out"
check "clv Gamma-Gamma p" grep -q "p          6.2496" "$work/out"
check "clv holdout table" grep -q "calibration vs holdout" "$work/out"
check "clv table rows" test "$(wc -l < "$work/clv.csv")" -eq 2358
check "clv pareto json" exit_code 0 "$cseg" clv --json --model pareto-nbd --calibration-end 19970930 \
	--date-column 2 --amount-column 4 "$sample"
check "clv pareto estimates" /usr/bin/python3 -c "import json; d=json.load(open('$work/out'))['pareto_nbd']; assert abs(d['r']-0.553)<0.005 and abs(d['s']-0.606)<0.005, d"
check "clv table to stdout" sh -c "\"$cseg\" clv -q -c 1997-09-30 --date-column 2 --amount-column 4 -o - \"$sample\" | head -1 | grep -q ^customer_id,x,t_x"
check "clv tiers" exit_code 0 "$cseg" clv -c 1997-09-30 --date-column 2 --amount-column 4 --tiers 4 \
	-o "$work/tiers.csv" "$sample"
check "clv tier column and balanced tiers" /usr/bin/python3 -c "
import csv; rows = list(csv.DictReader(open('$work/tiers.csv')))
tiers = [int(r['clv_tier']) for r in rows]; clv = [float(r['clv']) for r in rows]
assert sorted(set(tiers)) == [1, 2, 3, 4]
assert all(max(c for c, t in zip(clv, tiers) if t == k + 1) <= min(c for c, t in zip(clv, tiers) if t == k) for k in (1, 2, 3))
assert all(abs(tiers.count(k) - len(rows) / 4) < 40 for k in (1, 2, 3, 4))"
check "clv tiers printed" grep -q "tier 1 .* clv > " "$work/out"
check "clv tiers feed a segmentation" exit_code 0 "$cseg" segment --k 3 --columns clv,clv_tier,x --quiet "$work/tiers.csv"
check "clv bad tiers" exit_code 2 "$cseg" clv -c 1997-09-30 --tiers 1 "$sample"
check "clv needs a calibration end" exit_code 2 "$cseg" clv "$sample"
check "clv bad date" exit_code 2 "$cseg" clv --calibration-end 1997-02-30 "$sample"
check "clv bad model" exit_code 2 "$cseg" clv -c 1997-09-30 --model magic "$sample"
printf 'id,date,amount\n1,2020-01-01,5\n1,2020-13-01,5\n' > "$work/tx.csv"
check "clv malformed date" exit_code 1 "$cseg" clv -c 2020-06-30 "$work/tx.csv"
check "clv malformed date position" grep -q "tx.csv:3:" "$work/err"
check "clv skips the bad row, then finds nobody repeats" exit_code 1 "$cseg" clv -c 2020-06-30 --skip-bad-rows "$work/tx.csv"
check "clv unknown column" exit_code 1 "$cseg" clv -c 2020-06-30 --amount-column price "$work/tx.csv"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
