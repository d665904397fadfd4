#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (AddressSanitizer + UndefinedBehaviorSanitizer, -O1) and
# runs each for SECONDS seconds from its seed corpus (new inputs go to a scratch folder, so the
# repository's corpus stays as is).
#   tests/fuzz/run.sh 60              # every target, 60 s each
#   tests/fuzz/run.sh 10 fuzz_config  # one target
# Environment: FUZZ_BUILD_DIR (default build-fuzz); FUZZ_WITH_TESTS=ON builds the test suite in the
# same folder, for tests/sanitized_suite.sh (CI does both from one clang build).
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-10}
shift || true
missing=()
command -v clang++ >/dev/null || missing+=(clang)
[ -n "$(ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a 2>/dev/null)" ] || missing+=(libclang-rt-dev)
if [ ${#missing[@]} -gt 0 ]; then
  echo "+ apt-get install -y ${missing[*]}" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null
fi
build=${FUZZ_BUILD_DIR:-build-fuzz}
args=(-S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
  # -O1 with line tables: a third of -O2 -g's compile time under the sanitizers, same reports.
  "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -gline-tables-only -DNDEBUG"
  -DOPTBENCH_FUZZ=ON -DOPTBENCH_TESTS="${FUZZ_WITH_TESTS:-OFF}" -DOPTBENCH_BENCH=OFF
  -DOPTBENCH_NATIVE=OFF)
command -v ccache >/dev/null && args+=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
CXX=clang++ cmake "${args[@]}" >/dev/null
cmake --build "$build" -j "$(nproc)"
# CLN (under GiNaC) keeps one allocation from its static initialisation: not a leak.
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=($(ls "$build/tests/fuzz/" | grep '^fuzz_'))
for t in "${targets[@]}"; do
  scratch=$(mktemp -d)
  corpora=()
  for c in tests/fuzz/${t#fuzz_}_corpus $(cat "tests/fuzz/${t}.corpora" 2>/dev/null); do
    [ -d "$c" ] && corpora+=("$c")
  done
  echo "== $t for ${seconds}s (corpora: ${corpora[*]})"
  "$build/tests/fuzz/$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 "$scratch" "${corpora[@]}" 2>&1 | tail -n 4
  rm -rf "$scratch"
done
