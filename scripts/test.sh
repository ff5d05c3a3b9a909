#!/usr/bin/env bash
# Runs every test layer and ends with one summary line, "N passed, N failed, N skipped":
#   1. unit, storage contract and http handler tests (ctest, build/)
#   2. the unit and storage tests again under AddressSanitizer + UBSan (build-asan/)
#   3. end-to-end tests against the real binary on a free loopback port (node, tests/e2e)
#   4. browser tests: Debian's chromium driven by playwright-core, with axe-core (tests/browser);
#      screenshots go to test-results/screenshots/
# Tests that need the real data in ../shared/data skip without it, each with one line saying what
# was skipped and why, and count as skipped (a fresh clone passes; CI has the data and runs them).
set -uo pipefail
cd "$(dirname "$0")/.."
jobs="${JOBS:-$(nproc)}"
passed=0
failed=0
skipped=0

count_ctest() {  # reads ctest output on stdin; prints "passed failed skipped"
  local out line total fails skips
  out=$(cat)
  line=$(grep -E "tests passed, [0-9]+ tests? failed out of [0-9]+" <<<"$out" | tail -n 1)
  total=$(sed -E 's/.*out of ([0-9]+).*/\1/' <<<"$line")
  fails=$(sed -E 's/.*passed, ([0-9]+) tests? failed.*/\1/' <<<"$line")
  # ctest counts a skipped GoogleTest (GTEST_SKIP) among the passed; it lists it as "(Skipped)".
  skips=$(grep -cE "^[[:space:]]*[0-9]+ - .* \(Skipped\)$" <<<"$out")
  if [ -z "$line" ]; then echo "0 1 0"; else echo "$((total - fails - skips)) $fails $skips"; fi
}

# The reason for each skipped ctest test: the line it printed (tests/fixtures/shared_data.hpp).
ctest_skip_reasons() {  # $1: the build folder
  grep -hE '^Skipping "' "$1/Testing/Temporary/LastTest.log" 2>/dev/null | sort -u
}

# Each skipped node test with its reason, however long the list of passes above it was cut.
tap_skip_reasons() {  # reads node's TAP output on stdin
  grep -E "^ *ok [0-9]+ - .* # SKIP" | sed -E 's/^ *ok [0-9]+ - /Skipped: /'
}

count_tap() {  # reads node's TAP output on stdin; adds its counts to the totals
  local out p f s
  out=$(cat)
  p=$(grep -E "^# pass " <<<"$out" | awk '{print $3}'); f=$(grep -E "^# fail " <<<"$out" | awk '{print $3}')
  s=$(grep -E "^# skipped " <<<"$out" | awk '{print $3}')
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-1})); skipped=$((skipped + ${s:-0}))
}

echo "== unit, storage and http tests"
out=$(cd build && ctest --output-on-failure -j "$jobs" 2>&1); status=$?
echo "$out" | tail -n 25
ctest_skip_reasons build
read -r p f s < <(count_ctest <<<"$out"); passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
[ $status -ne 0 ] && [ "$f" -eq 0 ] && failed=$((failed + 1))

echo "== unit and storage tests under AddressSanitizer and UndefinedBehaviorSanitizer"
export ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
if BUILD_DIR=build-asan CMAKE_BUILD_TYPE=Debug JOBS="$jobs" \
   CMAKE_FLAGS="-DLOCALOFFER_ONLY_CORE=ON -DLOCALOFFER_SANITIZE=ON" scripts/build.sh >/dev/null; then
  out=$(cd build-asan && ctest --output-on-failure -j "$jobs" 2>&1); status=$?
  echo "$out" | tail -n 8
  ctest_skip_reasons build-asan
  read -r p f s < <(count_ctest <<<"$out"); passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
  [ $status -ne 0 ] && [ "$f" -eq 0 ] && failed=$((failed + 1))
else
  echo "The sanitizer build failed."; failed=$((failed + 1))
fi

echo "== end-to-end tests against build/localoffer"
out=$(LOCALOFFER_BIN="$PWD/build/localoffer" node --test --test-reporter=tap tests/e2e/ 2>&1); status=$?
echo "$out" | grep -E "^(not ok|# (pass|fail))|^ok " | head -n 80
echo "$out" | grep -E "^not ok" -A 25 | head -n 120
tap_skip_reasons <<<"$out"
f=$(grep -E "^# fail " <<<"$out" | awk '{print $3}')
count_tap <<<"$out"
[ $status -ne 0 ] && [ "${f:-0}" -eq 0 ] && failed=$((failed + 1))

echo "== browser tests (chromium, axe-core) against build/localoffer"
if [ ! -x "${LOCALOFFER_CHROMIUM:-/usr/bin/chromium}" ]; then
  echo "Chromium is not installed, so the browser tests cannot run. Run scripts/setup.sh (it installs Debian's chromium)."
  failed=$((failed + 1))
else
  out=$(LOCALOFFER_BIN="$PWD/build/localoffer" node --test --test-reporter=tap --test-concurrency=1 tests/browser/ 2>&1); status=$?
  echo "$out" | grep -E "^(not ok|# (pass|fail))|^ok " | head -n 80
  echo "$out" | grep -E "^not ok" -A 40 | head -n 160
  tap_skip_reasons <<<"$out"
  f=$(grep -E "^# fail " <<<"$out" | awk '{print $3}')
  count_tap <<<"$out"
  [ $status -ne 0 ] && [ "${f:-0}" -eq 0 ] && failed=$((failed + 1))
  echo "Screenshots: test-results/screenshots/"
fi

echo
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
[ "$failed" -eq 0 ]
