#!/usr/bin/env bash
# optbench's entry points:
#   ./build.sh run CONFIG.yaml [optbench run flags]   install what is missing, build, run CONFIG
#   ./build.sh test                                   install what is missing, build, run ctest
#   ./build.sh package                                the Debian packages optbench and optbench-dev
#                                                     for any x86-64, built in build-package/ and
#                                                     checked (tests/package/check_package.sh)
# Environment: BUILD_DIR (default build; build-package for package), OPTBENCH_SANITIZE=1 (ASan+UBSan build),
#              OPTBENCH_WERROR=1 (warnings are errors; CI sets it), JOBS (parallel compiles).
set -euo pipefail
cd "$(dirname "$0")"

usage() {
  echo "usage: ./build.sh run CONFIG.yaml [flags]  |  ./build.sh test  |  ./build.sh build  |  ./build.sh package" >&2
  exit 2
}
[ $# -ge 1 ] || usage
command=$1
shift

# Debian packages the build and the tests need (gnuplot for plots, zlib for gzipped IDX files,
# pagmo2 for the population methods, GiNaC for the symbolic derivatives of expressions; dpkg-dev
# and file for cpack's Debian packages, which the test suite makes and checks too).
packages=(cmake g++ make ninja-build pkg-config git libeigen3-dev libyaml-cpp-dev libbenchmark-dev
  libboost-program-options-dev libboost-dev libgtest-dev zlib1g-dev gnuplot-nox python3 python3-yaml
  libpagmo-dev libginac-dev dpkg-dev file)
# What only `./build.sh test` needs: the CSV type checks read every README config's files with
# pandas and R (tests/csv_types/; each skips where its reader is missing). R adds 17 packages,
# about 29 MB to download and 52 MB installed next to the above (gnuplot-nox already brings its
# X and cairo libraries); without it the R half of the check would run nowhere.
test_packages=(python3-pandas r-base-core)

# Installs what of the given packages is missing.
install_missing() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "+ apt-get install -y --no-install-recommends ${missing[*]}" >&2
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
      sudo=(sudo)
    else
      echo "build.sh: missing packages: ${missing[*]}" >&2
      echo "build.sh: install them as root with the command above, then run ./build.sh again" >&2
      exit 1
    fi
  fi
  export DEBIAN_FRONTEND=noninteractive
  if ! "${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null 2>&1; then
    "${sudo[@]}" apt-get update -qq || true
    "${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}" || {
      echo "build.sh: could not install: ${missing[*]} (no network or no Debian archive?)" >&2
      exit 1
    }
  fi
}

build() {
  install_missing "${packages[@]}"
  local dir=${BUILD_DIR:-build}
  local args=(-S . -B "$dir" -DCMAKE_BUILD_TYPE=${BUILD_TYPE:-Release})
  command -v ninja >/dev/null && [ ! -f "$dir/Makefile" ] && args+=(-G Ninja)
  [ "${OPTBENCH_WERROR:-0}" = 1 ] && args+=(-DOPTBENCH_WERROR=ON)
  [ "${OPTBENCH_SANITIZE:-0}" = 1 ] && args+=(-DOPTBENCH_SANITIZE=ON -DOPTBENCH_BENCH=OFF)
  [ -n "${OPTBENCH_NATIVE:-}" ] && args+=(-DOPTBENCH_NATIVE=${OPTBENCH_NATIVE})
  args+=("${extra_args[@]}")
  # A compiler cache, where one is installed, makes rebuilds in other checkouts cheap.
  command -v ccache >/dev/null && args+=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  cmake "${args[@]}" >/dev/null
  cmake --build "$dir" -j "${JOBS:-$(nproc)}"
}

extra_args=()
case "$command" in
  build) build ;;
  run)
    [ $# -ge 1 ] || usage
    build
    exec "${BUILD_DIR:-build}/optbench" run "$@"
    ;;
  test)
    install_missing "${test_packages[@]}"
    build
    ctest --test-dir "${BUILD_DIR:-build}" --output-on-failure -j "${JOBS:-$(nproc)}"
    ;;
  package)
    # Generic x86-64 (the update kernels dispatch to an AVX2 clone at run time), in a folder of
    # its own so that a developer's -march=native build stays as it is; no tests or benchmarks.
    export BUILD_DIR=${BUILD_DIR:-build-package} OPTBENCH_NATIVE=OFF BUILD_TYPE=Release
    extra_args=(-DOPTBENCH_TESTS=OFF -DOPTBENCH_BENCH=OFF)
    build
    rm -rf "$BUILD_DIR/packages"
    tests/package/check_package.sh "$BUILD_DIR" "$BUILD_DIR/packages"
    echo "Debian packages (install with apt install ./PATH):"
    for deb in "$BUILD_DIR"/packages/*.deb; do realpath "$deb"; done
    ;;
  *) usage ;;
esac
