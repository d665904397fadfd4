#!/usr/bin/env bash
# The whole test suite under AddressSanitizer + UndefinedBehaviorSanitizer, from the clang build
# that tests/fuzz/run.sh makes with FUZZ_WITH_TESTS=ON:
#   FUZZ_BUILD_DIR=build-sanitize FUZZ_WITH_TESTS=ON tests/fuzz/run.sh 10
#   tests/sanitized_suite.sh build-sanitize
# The suite runs as a few processes per core (gtest's own sharding), not one per test as under
# ctest: a sanitized process takes about a second to start, which for a thousand tests was most of
# CI. The tests whose sweeps take minutes under the sanitizers run smaller ones there
# (testing::kSanitized in tests/test_support.hpp); the release build runs them whole.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-sanitize}
binary="$build/tests/optbench_tests"
[ -x "$binary" ] || { echo "no $binary: build it first (see the comment above)" >&2; exit 2; }
jobs=${JOBS:-$(nproc)}
# Four shards per core, run as a pool: a few tests take minutes under the sanitizers (sweeps
# interrupted and resumed, three shards merged), and with one shard per core the shard holding
# them ran three times longer than the other.
shards=$((4 * jobs))
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
export XDG_CACHE_HOME="$PWD/$build/test-cache"
logs=$(mktemp -d)
export GTEST_TOTAL_SHARDS=$shards
seq 0 $((shards - 1)) | xargs -P "$jobs" -I{} sh -c \
  'GTEST_SHARD_INDEX={} "$0" --gtest_brief=1 >"$1/{}.log" 2>&1; echo $? >"$1/{}.rc"' \
  "$binary" "$logs"
status=0
for ((i = 0; i < shards; ++i)); do
  if [ "$(cat "$logs/$i.rc" 2>/dev/null)" != 0 ]; then
    status=1
    echo "== shard $i of $shards failed:"
  else
    echo "== shard $i of $shards:"
  fi
  cat "$logs/$i.log"
done
rm -rf "$logs"
[ "$status" -eq 0 ] && echo "sanitized suite: every shard passed" >&2
exit "$status"
