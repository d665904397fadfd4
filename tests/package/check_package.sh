#!/usr/bin/env bash
# Makes optbench's two Debian packages from a configured and built folder (cpack -G DEB) and
# checks them as a user on another machine would meet them:
#   (a) no instruction beyond baseline x86-64 in any packaged binary or library (VEX: AVX, AVX2,
#       FMA, BMI; EVEX: AVX-512) outside the runtime-dispatched clones of the update kernels
#       (src/optimizers/kernel_dispatch.hpp; tests/package/beyond_baseline.sh);
#   (b) the runtime package depends on no -dev package, and the -dev package on the runtime one;
#   (c) the packages hold the program, library, configs, data sets, docs, tools, headers and
#       CMake files, each file once;
#   (d) the runtime package, unpacked alone into a temporary folder, runs `optbench --version`,
#       its installed configs validate, and a small config runs on the installed data sets, also
#       on an emulated CPU without AVX where qemu-user is installed, with the same numbers;
#   (e) examples/find_package builds against both packages unpacked, and runs.
#   tests/package/check_package.sh BUILD_DIR [OUT_DIR]
# The packages stay in OUT_DIR when given (./build.sh package), else in a temporary folder.
# Exit 0: all good; 1: a check failed (the message says which); 77: dpkg-deb or cpack missing.
set -euo pipefail
build=$(cd "$1" && pwd)
source=$(cd "$(dirname "$0")/../.." && pwd)
out=${2:-}
for tool in cpack dpkg-deb dpkg-shlibdeps objdump; do
  command -v "$tool" >/dev/null || { echo "check_package: skipped: $tool is missing (dpkg-dev, binutils)"; exit 77; }
done
work=$(mktemp -d "${TMPDIR:-/tmp}/optbench-package-XXXXXX")
trap 'rm -rf "$work"' EXIT
[ -n "$out" ] || out=$work/debs
mkdir -p "$out"
out=$(cd "$out" && pwd)
fail() {
  echo "check_package: $*" >&2
  exit 1
}
cache_value() {
  sed -n "s/^$1:[A-Z]*=//p" "$build/CMakeCache.txt"
}

(cd "$build" && cpack -G DEB -B "$out" >"$work/cpack.log" 2>&1) || { cat "$work/cpack.log" >&2; fail "cpack failed"; }
rm -rf "$out/_CPack_Packages"  # cpack's staging copy
version=$(cache_value CMAKE_PROJECT_VERSION)
runtime=$(find "$out" -maxdepth 1 -name "optbench_${version}_*.deb" | head -n 1)
dev=$(find "$out" -maxdepth 1 -name "optbench-dev_${version}_*.deb" | head -n 1)
if [ -z "$runtime" ] || [ -z "$dev" ]; then
  ls "$out" >&2
  fail "cpack did not make optbench_${version}_*.deb and optbench-dev_${version}_*.deb"
fi
root=$work/root
dpkg-deb -x "$runtime" "$root"
dpkg-deb -x "$dev" "$work/dev-root"

# (a) Instructions beyond baseline x86-64 (tests/package/beyond_baseline.sh).
if [ "$(cache_value OPTBENCH_NATIVE)" = ON ]; then
  echo "check_package: (a) skipped: $build is built with -march=native (OPTBENCH_NATIVE=ON)"
else
  elfs=$(find "$root" "$work/dev-root" -type f \( -perm -u+x -o -name '*.so*' -o -name '*.a' \) \
           ! -name '*.py' | sort)
  [ -n "$elfs" ] || fail "(a) no binary found in the packages"
  # shellcheck disable=SC2086 # one path a line, none with spaces (mktemp's and the package's)
  "$source/tests/package/beyond_baseline.sh" $elfs | sed "s|$work/||" ||
    fail "(a) the packaged code needs more than baseline x86-64 (configure with -DOPTBENCH_NATIVE=OFF)"
  clones=$(objdump -t "$root/usr/bin/optbench" | grep -c '\.avx2$' || true)
  echo "check_package: (a) baseline x86-64 outside the dispatched kernels ($clones avx2 clones in optbench)"
fi

# (b) Dependencies.
depends() {
  dpkg-deb -f "$1" Depends
}
runtime_depends=$(depends "$runtime")
echo "check_package: optbench Depends: $runtime_depends"
[ -n "$runtime_depends" ] || fail "(b) optbench has no Depends (shlibdeps did not run)"
if echo "$runtime_depends" | tr ',' '\n' | grep -E -- '-dev( |$)'; then
  fail "(b) the runtime package depends on -dev packages"
fi
for lib in libyaml-cpp libboost-program-options libbenchmark libginac zlib1g libpagmo; do
  echo "$runtime_depends" | grep -q "$lib" || fail "(b) optbench does not depend on $lib"
done
dev_depends=$(depends "$dev")
echo "check_package: optbench-dev Depends: $dev_depends"
echo "$dev_depends" | grep -q "optbench (= $version)" || fail "(b) optbench-dev does not depend on optbench (= $version)"
for pkg in libeigen3-dev libyaml-cpp-dev zlib1g-dev libginac-dev pkg-config libboost-program-options-dev; do
  echo "$dev_depends" | grep -q "$pkg" || fail "(b) optbench-dev does not depend on $pkg"
done

# (c) Contents, expected from the source tree.
dpkg-deb -c "$runtime" | awk '$1 !~ /^d/ {print $6}' | sed 's|^\./||' | sort >"$work/runtime.txt"
dpkg-deb -c "$dev" | awk '$1 !~ /^d/ {print $6}' | sed 's|^\./||' | sort >"$work/dev.txt"
{
  echo usr/bin/optbench
  echo usr/lib/liboptbench_pagmo.so
  echo usr/share/doc/optbench/README.md
  echo usr/share/doc/optbench/copyright
  echo usr/share/doc/optbench/results/README.md
  (cd "$source" && find docs -type f) | sed 's|^|usr/share/doc/optbench/|'
  (cd "$source/configs" && find . -type f \( -name '*.yaml' -o -name '*.csv' \)) | sed 's|^\./|usr/share/optbench/configs/|'
  (cd "$source/data" && find . -type f) | sed 's|^\./|usr/share/optbench/data/|'
  for t in summary_table.py escape_table.py escape_offsets.py global_minima_table.py; do
    echo "usr/share/optbench/tools/$t"
  done
} | sort >"$work/runtime-expected.txt"
{
  # The extension API's headers (cmake/api_headers.cmake) and every layer's library.
  sed -n 's|^ *\(optbench/.*\.hpp\)$|usr/include/\1|p' "$source/cmake/api_headers.cmake"
  for layer in base functions nn data optimizers analysis config run experiments report; do
    echo "usr/lib/liboptbench_$layer.a"
  done
  echo usr/lib/liboptbench_cli.a
  echo usr/include/optbench/core/version.hpp
  echo usr/lib/cmake/optbench/optbench-config.cmake
  echo usr/lib/cmake/optbench/optbench-config-version.cmake
  echo usr/lib/cmake/optbench/optbench-targets.cmake
} | sort >"$work/dev-expected.txt"
missing=$(comm -23 "$work/runtime-expected.txt" "$work/runtime.txt")
[ -z "$missing" ] || fail "(c) missing from $(basename "$runtime"): $missing"
missing=$(comm -23 "$work/dev-expected.txt" "$work/dev.txt")
[ -z "$missing" ] || fail "(c) missing from $(basename "$dev"): $missing"
both=$(comm -12 "$work/runtime.txt" "$work/dev.txt")
[ -z "$both" ] || fail "(c) in both packages (dpkg would refuse the second): $both"
echo "check_package: (c) $(wc -l <"$work/runtime.txt") files in optbench, $(wc -l <"$work/dev.txt") in optbench-dev, all expected ones there"

# (d) The runtime package alone: the binary finds liboptbench_pagmo through its RPATH and the data
# sets beside itself (PREFIX/share/optbench/data), so neither LD_LIBRARY_PATH nor
# OPTBENCH_DATA_DIR is set.
bin=$root/usr/bin/optbench
pagmo=$(env -u LD_LIBRARY_PATH ldd "$bin" | awk '/liboptbench_pagmo/ {print $3}')
if [ -z "$pagmo" ] || [ "$(realpath "$pagmo")" != "$(realpath "$root/usr/lib/liboptbench_pagmo.so")" ]; then
  fail "(d) optbench loads liboptbench_pagmo from '$pagmo', not from the package"
fi
env -u OPTBENCH_DATA_DIR -u LD_LIBRARY_PATH "$bin" --version
for config in "$root"/usr/share/optbench/configs/*.yaml; do
  # Fashion-MNIST is a Debian package of its own (dataset-fashion-mnist), not part of optbench's.
  if grep -q 'dataset: fashion_mnist' "$config" && [ ! -d /usr/share/datasets/fashion-mnist ]; then
    continue
  fi
  (cd "$work" && env -u OPTBENCH_DATA_DIR "$bin" validate "$config" >/dev/null) ||
    fail "(d) the installed $(basename "$config") does not validate"
done
cat >"$work/tiny.yaml" <<'YAML'
name: package-check
kind: classification
data: {dataset: iris, test_fraction: 0.2}
model: {hidden: [4], activation: tanh}
optimizers:
  - {name: adam, lr: 0.01}
train: {epochs: 2, batch_size: 16}
YAML
(cd "$work" && env -u OPTBENCH_DATA_DIR "$bin" run tiny.yaml --out "$work/results" --quiet) ||
  fail "(d) the tiny iris config did not run"
[ "$(wc -l <"$work/results/package-check/runs.csv")" = 2 ] || fail "(d) runs.csv does not hold the one run"
# manifest.json names the input files a run read: the package's iris.csv, not the source tree's.
read_from=$(sed -n 's/.*"path": "\([^"]*iris\.csv\)".*/\1/p' "$work/results/package-check/manifest.json")
[ "$read_from" = "$root/usr/share/optbench/data/iris.csv" ] ||
  fail "(d) the packaged optbench read iris.csv from '$read_from', not from its own data folder"
echo "check_package: (d) the unpacked optbench runs, validates its configs, reads $read_from"
# Where qemu-user is installed: the same run on an emulated CPU without AVX (qemu64), which takes
# the baseline clone of every update kernel, gives the same numbers as the run above.
if [ "$(cache_value OPTBENCH_NATIVE)" != ON ] && command -v qemu-x86_64 >/dev/null; then
  (cd "$work" && env -u OPTBENCH_DATA_DIR qemu-x86_64 -cpu qemu64 "$bin" run tiny.yaml \
    --out "$work/results-qemu64" --quiet) || fail "(d) optbench does not run on a CPU without AVX (qemu64)"
  numbers() {  # runs.csv without the columns that time the run
    awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) keep[i] = $i !~ /(_ms|^seconds_.*|checksum)$/ }
             { line = ""; for (i = 1; i <= NF; i++) if (keep[i]) line = line $i ","; print line }' "$1"
  }
  [ "$(numbers "$work/results/package-check/runs.csv")" = \
    "$(numbers "$work/results-qemu64/package-check/runs.csv")" ] ||
    fail "(d) runs.csv on qemu64 differs from runs.csv on this CPU"
  echo "check_package: (d) the same numbers on an emulated CPU without AVX (qemu-x86_64 -cpu qemu64)"
else
  echo "check_package: (d) not run on an emulated CPU without AVX (native build, or no qemu-user)"
fi

# (e) A consumer's CMake project against both packages unpacked into one prefix.
dpkg-deb -x "$dev" "$root"
cxx=$(cache_value CMAKE_CXX_COMPILER)
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
cmake -S "$source/examples/find_package" -B "$work/example" "${generator[@]}" \
  -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_PREFIX_PATH="$root/usr" \
  >"$work/configure.log" 2>&1 || { cat "$work/configure.log" >&2; fail "(e) the example does not configure against the packages"; }
cmake --build "$work/example" >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; fail "(e) the example does not build against the packages"; }
# The example found the unpacked packages, not another optbench installed on this machine.
found=$(sed -n 's/^optbench_DIR:PATH=//p' "$work/example/CMakeCache.txt")
[ "$found" = "$root/usr/lib/cmake/optbench" ] || fail "(e) the example found optbench in '$found'"
"$work/example/adam_rosenbrock" || fail "(e) the example built against the packages failed"
if [ -n "${2:-}" ]; then
  echo "check_package: ok: $runtime $dev"
else
  echo "check_package: ok"
fi
