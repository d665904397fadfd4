#!/usr/bin/env bash
# clang-tidy (the repository's .clang-tidy) over the library, the CLI and the experiment kinds,
# every warning an error. Needs a configured build folder for its compile_commands.json:
#   tools/clang_tidy.sh [BUILD_DIR]              every file (default build; installs clang-tidy)
#   tools/clang_tidy.sh --since REV [BUILD_DIR]  only what changed since REV, a commit whose whole
#                                                tree was checked clean (tools/tidy_targets.py:
#                                                changed sources and every source that reads a
#                                                changed header); every file when REV is unknown
set -euo pipefail
cd "$(dirname "$0")/.."
since=""
if [ "${1:-}" = "--since" ]; then
  since=$2
  shift 2
fi
build=${1:-build}
if ! command -v run-clang-tidy >/dev/null; then
  echo "+ apt-get install -y clang-tidy" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends clang-tidy >/dev/null
fi
[ -f "$build/compile_commands.json" ] || { echo "no $build/compile_commands.json: build first" >&2; exit 2; }
files="$PWD/(src|experiments)/"
if [ -n "$since" ]; then
  if targets=$(python3 tools/tidy_targets.py "$build" "$since"); then
    if [ -z "$targets" ]; then
      echo "clang-tidy: no source changed since ${since:0:12}, none reads a changed header" >&2
      exit 0
    fi
    echo "clang-tidy: $(echo "$targets" | wc -l) files changed since ${since:0:12} or read a changed header" >&2
    # One anchored alternative per file (run-clang-tidy takes regular expressions).
    files="^($(echo "$targets" | sed 's/[.+]/\\&/g' | paste -sd'|'))$"
  else
    echo "clang-tidy: cannot tell what changed since $since: every file" >&2
  fi
fi
log=$(mktemp)
db=$(mktemp -d)
# The build's precompiled headers are GCC's, which clang cannot read: the compile commands
# without them (each file includes what it uses itself).
python3 - "$build/compile_commands.json" "$db/compile_commands.json" <<'PY'
import json, re, sys
commands = json.load(open(sys.argv[1]))
pch = re.compile(r" -Winvalid-pch| -include \S*cmake_pch\.hxx")
for c in commands:
    c["command"] = pch.sub("", c["command"])
json.dump(commands, open(sys.argv[2], "w"))
PY
status=0
# The compile commands are GCC's: clang does not know two of its warning flags.
run-clang-tidy -p "$db" -j "$(nproc)" -quiet \
  -extra-arg=-Wno-unknown-warning-option "$files" >"$log" 2>&1 || status=$?
# Only the findings: not the per-file command lines and "N warnings generated" (system headers).
grep -v -E '^(clang-tidy|[0-9]+ warnings?( and [0-9]+ errors?)? generated|Suppressed|Use -header-filter)' "$log" || true
rm -rf "$log" "$db"
[ "$status" -eq 0 ] && echo "clang-tidy: clean" >&2
exit "$status"
