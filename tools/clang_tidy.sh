#!/usr/bin/env bash
# clang-tidy (the repository's .clang-tidy) over the library, the CLI and the experiment kinds,
# every warning an error. Needs a configured build folder for its compile_commands.json:
#   tools/clang_tidy.sh [BUILD_DIR]        (default build; installs clang-tidy when missing)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
if ! command -v run-clang-tidy >/dev/null; then
  echo "+ apt-get install -y clang-tidy" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends clang-tidy >/dev/null
fi
[ -f "$build/compile_commands.json" ] || { echo "no $build/compile_commands.json: build first" >&2; exit 2; }
# The compile commands are GCC's: clang does not know two of its warning flags.
log=$(mktemp)
status=0
run-clang-tidy -p "$build" -j "$(nproc)" -quiet \
  -extra-arg=-Wno-unknown-warning-option "$PWD/(src|experiments)/" >"$log" 2>&1 || status=$?
# Only the findings: not the per-file command lines and "N warnings generated" (system headers).
grep -v -E '^(clang-tidy|[0-9]+ warnings?( and [0-9]+ errors?)? generated|Suppressed|Use -header-filter)' "$log" || true
rm -f "$log"
[ "$status" -eq 0 ] && echo "clang-tidy: clean" >&2
exit "$status"
