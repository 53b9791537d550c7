#!/usr/bin/env bash
# Fail when the shared library exports anything but public cseg_* symbols
# (private cseg__ helpers and unprefixed names must stay hidden).
# usage: check-exports.sh LIBRARY
set -euo pipefail
bad=$(nm -D --defined-only "$1" | awk '{print $3}' | grep -v -E '^cseg_[a-z0-9]' || true)
bad+=$(nm -D --defined-only "$1" | awk '{print $3}' | grep -E '^cseg__' || true)
if [ -n "$bad" ]; then
	echo "unexpected exported symbols:" >&2
	echo "$bad" >&2
	exit 1
fi
echo "$(nm -D --defined-only "$1" | grep -c ' T cseg_') public functions exported, nothing else"
