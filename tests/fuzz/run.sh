#!/usr/bin/env bash
# Builds the libFuzzer targets with clang into build-fuzz/ and runs each for SECONDS seconds
# from its seed corpus (new inputs go to a scratch folder, so the repository's corpus stays as is).
#   tests/fuzz/run.sh 60              # every target, 60 s each
#   tests/fuzz/run.sh 10 fuzz_config  # one target
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
CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DOPTBENCH_FUZZ=ON \
  -DOPTBENCH_TESTS=OFF -DOPTBENCH_BENCH=OFF -DOPTBENCH_NATIVE=OFF >/dev/null
cmake --build build-fuzz -j "$(nproc)"
# CLN (under GiNaC) keeps one allocation from its static initialisation: not a leak.
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=($(ls build-fuzz/tests/fuzz/ | grep '^fuzz_'))
for t in "${targets[@]}"; do
  scratch=$(mktemp -d)
  corpora=()
  for c in tests/fuzz/${t#fuzz_}_corpus $(cat "tests/fuzz/${t}.corpora" 2>/dev/null); do
    [ -d "$c" ] && corpora+=("$c")
  done
  echo "== $t for ${seconds}s (corpora: ${corpora[*]})"
  "build-fuzz/tests/fuzz/$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 "$scratch" "${corpora[@]}" 2>&1 | tail -n 4
  rm -rf "$scratch"
done
