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

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
