#!/usr/bin/env bash
# Compare the built libcseg with the committed ABI baseline (abi/libcseg.abi).
# Additions are fine; an incompatible change fails unless the baseline is
# deliberately updated (scripts/abi-check.sh --update) and the CHANGELOG says so.
# usage: abi-check.sh SOURCE_ROOT LIBRARY [--update]
set -euo pipefail
src=$1 lib=$2
baseline=$src/abi/libcseg.abi
headers=$src/include/cseg

if [ "${3:-}" = "--update" ]; then
	abidw --headers-dir "$headers" --drop-private-types --no-corpus-path "$lib" > "$baseline.tmp"
	mv "$baseline.tmp" "$baseline"
	echo "ABI baseline updated: $baseline"
	exit 0
fi
current=$(mktemp)
trap 'rm -f "$current"' EXIT
abidw --headers-dir "$headers" --drop-private-types --no-corpus-path "$lib" > "$current"
set +e
abidiff --headers-dir1 "$headers" --headers-dir2 "$headers" "$baseline" "$current"
rc=$?
set -e
# abidiff: bit 1 error, 2 usage, 4 ABI change (additions), 8 incompatible change.
if [ $((rc & 11)) -ne 0 ]; then
	echo "ABI check failed (abidiff exit $rc): incompatible change against $baseline" >&2
	exit 1
fi
echo "ABI compatible with the baseline (abidiff exit $rc)"
