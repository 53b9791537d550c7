#!/usr/bin/env bash
# Every test suite: install what is missing, build, then run the C (Check),
# Python (pytest), R (testthat, R CMD check) and Java (JUnit 5) suites, the
# examples, the docs and ABI gates, and the C suites again under
# AddressSanitizer and UndefinedBehaviorSanitizer.
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh || exit 1

features=(-Dtests=true -Dpython=enabled -Dr=enabled -Djava=enabled -Ddocs=enabled)
if [ -d build/meson-private ]; then
	meson setup --reconfigure build "${features[@]}" >/dev/null || exit 1
else
	meson setup build "${features[@]}" || exit 1
fi
ninja -C build || exit 1

if [ -d build-asan/meson-private ]; then
	meson setup --reconfigure build-asan >/dev/null || exit 1
else
	meson setup build-asan -Db_sanitize=address,undefined -Db_lundef=false \
		-Dpython=disabled -Dr=disabled -Djava=disabled -Ddocs=disabled || exit 1
fi
ninja -C build-asan || exit 1

status=0
meson test -C build --print-errorlogs --num-processes 2 || status=1
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	meson test -C build-asan --print-errorlogs --num-processes 2 --no-suite abi || status=1

# One closing line over both runs, counted from Meson's JSON logs.
/usr/bin/python3 - build/meson-logs/testlog.json build-asan/meson-logs/testlog.json <<'PY'
import json, sys
passed = failed = skipped = 0
for path in sys.argv[1:]:
    for line in open(path):
        r = json.loads(line)["result"]
        if r in ("OK", "EXPECTEDFAIL"): passed += 1
        elif r == "SKIP": skipped += 1
        else: failed += 1
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
exit $status
