#!/usr/bin/env bash
# Installs the build into a temporary prefix, then configures, builds and runs the example
# project examples/find_package against it with find_package(optbench): the library as a user of
# `cmake --install` meets it (tests/package/check_package.sh checks the Debian packages).
#   tests/install_example.sh BUILD_DIR SOURCE_DIR [CXX_COMPILER]
set -euo pipefail
build=$1
source=$2
cxx=${3:-c++}
work=$(mktemp -d "${TMPDIR:-/tmp}/optbench-install-XXXXXX")
trap 'rm -rf "$work"' EXIT

cmake --install "$build" --prefix "$work/prefix" >"$work/install.log"
for f in bin/optbench include/optbench/optimizers/optimizer.hpp share/optbench/configs/quickstart.yaml \
         lib/cmake/optbench/optbench-config.cmake; do
  found=$(find "$work/prefix" -path "*/$f" | head -n 1)
  if [ -z "$found" ]; then
    echo "install_example: $f is not installed" >&2
    cat "$work/install.log" >&2
    exit 1
  fi
done
# Only the extension API's headers (cmake/api_headers.cmake): not the application's, and nothing
# that includes Google Benchmark.
if [ -e "$work/prefix/include/optbench/report/report.hpp" ]; then
  echo "install_example: the report's headers are installed; only the extension API should be" >&2
  exit 1
fi
if grep -rq 'benchmark/benchmark.h' "$work/prefix/include/optbench"; then
  echo "install_example: an installed header includes Google Benchmark's" >&2
  exit 1
fi
# The source tree's own configs run from the installed binary.
"$work/prefix/bin/optbench" validate "$work/prefix/share/optbench/configs/quickstart.yaml"

generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
cmake -S "$source/examples/find_package" -B "$work/example" "${generator[@]}" \
  -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_PREFIX_PATH="$work/prefix" \
  >"$work/configure.log" || { cat "$work/configure.log" >&2; exit 1; }
cmake --build "$work/example" >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }
"$work/example/adam_rosenbrock"

