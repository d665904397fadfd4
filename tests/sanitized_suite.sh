#!/usr/bin/env bash
# The whole test suite under AddressSanitizer + UndefinedBehaviorSanitizer, from the clang build
# that tests/fuzz/run.sh makes with FUZZ_WITH_TESTS=ON:
#   FUZZ_BUILD_DIR=build-sanitize FUZZ_WITH_TESTS=ON tests/fuzz/run.sh 10
#   tests/sanitized_suite.sh build-sanitize
# The suite runs as one process per core (gtest's own sharding), not one per test as under ctest:
# a sanitized process takes about a second to start, which for a thousand tests was most of CI.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-sanitize}
binary="$build/tests/optbench_tests"
[ -x "$binary" ] || { echo "no $binary: build it first (see the comment above)" >&2; exit 2; }
shards=${JOBS:-$(nproc)}
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
export XDG_CACHE_HOME="$PWD/$build/test-cache"
logs=$(mktemp -d)
pids=()
for ((i = 0; i < shards; ++i)); do
  GTEST_TOTAL_SHARDS=$shards GTEST_SHARD_INDEX=$i "$binary" --gtest_brief=1 >"$logs/$i.log" 2>&1 &
  pids+=($!)
done
status=0
for i in "${!pids[@]}"; do
  if ! wait "${pids[$i]}"; then
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
