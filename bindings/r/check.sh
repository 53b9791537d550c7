#!/bin/sh
# R CMD check of the package as CRAN would see it: stage afresh, build the
# tarball, check it. Fails on an ERROR, and on a WARNING too (unlike
# R CMD check's own exit status), so the package stays warning-free.
#
# usage: check.sh SRCROOT WORKDIR [LIB_C_FILE...]   ($SWIG, $R as for stage.sh)
set -eu

src=$1
work=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
r=${R:-R}

rm -rf "$work"
mkdir -p "$work"
sh "$here/stage.sh" "$src" "$work/cseg" "$@"
cd "$work"
"$r" CMD build --no-build-vignettes cseg
tarball=$(ls cseg_*.tar.gz)
status=0
_R_CHECK_FORCE_SUGGESTS_=false "$r" CMD check --no-manual "$tarball" || status=$?
log=cseg.Rcheck/00check.log
if [ "$status" -ne 0 ] || grep -q '\.\.\. \(ERROR\|WARNING\)$' "$log"; then
	echo "check.sh: R CMD check found problems:" >&2
	grep -A 15 '\.\.\. \(ERROR\|WARNING\)$' "$log" >&2 || true
	if [ -f cseg.Rcheck/tests/testthat.Rout.fail ]; then
		tail -n 60 cseg.Rcheck/tests/testthat.Rout.fail >&2
	fi
	exit 1
fi
echo "check.sh: $(grep -c '\.\.\. NOTE$' "$log" || true) NOTE(s), no WARNING, no ERROR"
