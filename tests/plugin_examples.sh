#!/usr/bin/env bash
# examples/custom_optimizer and examples/custom_function as a user meets them: optbench installed
# into a temporary prefix, each example built against it with find_package(optbench), and run
# both ways, its own main (OPTBENCH_MAIN) and the installed binary with --plugin. Checks that
# both routes write the same rows, that sign_sgd's rows hold sign-SGD's closed-form iterates,
# that four_wells's derivatives pass `optbench check`, and that `optbench report` draws both.
#   tests/plugin_examples.sh BUILD_DIR SOURCE_DIR [CXX_COMPILER]
set -euo pipefail
build=$1
source=$2
cxx=${3:-c++}
work=$(mktemp -d "${TMPDIR:-/tmp}/optbench-plugins-XXXXXX")
trap 'rm -rf "$work"' EXIT
fail() { echo "plugin_examples: $*" >&2; exit 1; }

cmake --install "$build" --prefix "$work/prefix" >"$work/install.log"
optbench="$work/prefix/bin/optbench"
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
build_example() {  # NAME: examples/NAME against the prefix, into $work/NAME
  cmake -S "$source/examples/$1" -B "$work/$1" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_PREFIX_PATH="$work/prefix" >"$work/$1.configure.log" ||
    { cat "$work/$1.configure.log" >&2; fail "examples/$1 does not configure"; }
  cmake --build "$work/$1" >"$work/$1.build.log" 2>&1 ||
    { cat "$work/$1.build.log" >&2; fail "examples/$1 does not build"; }
}
build_example custom_optimizer
build_example custom_function

# Both routes, from another working directory than the config's.
cd "$work"
run_both() {  # CONFIG PLUGIN OWN_MAIN: results in $work/own and $work/plugin
  "$3" run "$1" --out "$work/own" --quiet || fail "$3 run $1 failed"
  "$optbench" run "$1" --plugin "$2" --out "$work/plugin" --quiet ||
    fail "optbench run $1 --plugin $2 failed"
}
sign_config=$source/examples/custom_optimizer/sign_sgd.yaml
wells_config=$source/examples/custom_function/four_wells.yaml
run_both "$sign_config" "$work/custom_optimizer/libsign_sgd.so" \
  "$work/custom_optimizer/sign_sgd_optbench"
run_both "$wells_config" "$work/custom_function/libfour_wells.so" \
  "$work/custom_function/four_wells_optbench"

# The derivatives of the user's function against finite differences, both routes.
"$work/custom_function/four_wells_optbench" check four_wells >"$work/check-own.txt" ||
  { cat "$work/check-own.txt" >&2; fail "four_wells fails optbench check (own main)"; }
"$optbench" check four_wells --plugin "$work/custom_function/libfour_wells.so" \
  >"$work/check-plugin.txt" ||
  { cat "$work/check-plugin.txt" >&2; fail "four_wells fails optbench check (--plugin)"; }

# The reports, drawn by the stock binary with the plugins and by the own main.
"$optbench" report "$work/plugin/sign_sgd" --plugin "$work/custom_optimizer/libsign_sgd.so" \
  --format svg >"$work/report-sign.log" 2>&1 || { cat "$work/report-sign.log" >&2; fail "report sign_sgd"; }
"$work/custom_function/four_wells_optbench" report "$work/own/four_wells" --format svg \
  >"$work/report-wells.log" 2>&1 || { cat "$work/report-wells.log" >&2; fail "report four_wells"; }
grep -lq 'sign_sgd' "$work/plugin/sign_sgd/plots/"*.gp || fail "no plot script draws sign_sgd"
grep -q 'sign_sgd' "$work/plugin/sign_sgd/report.html" || fail "report.html does not name sign_sgd"
grep -lq 'four_wells' "$work/own/four_wells/plots/"*.gp || fail "no plot script draws four_wells"

# The rows: the same both ways (timing columns aside), and the values they must have.
/usr/bin/python3 - "$work" <<'PY'
import csv, math, sys
work = sys.argv[1]
def rows(route, name, table):
    with open(f"{work}/{route}/{name}/{table}.csv", newline="") as f:
        return list(csv.DictReader(f))
def untimed(records):
    return [{k: v for k, v in r.items() if k not in ("wall_ms", "time_ms")} for r in records]
for name in ("sign_sgd", "four_wells"):
    for table in ("runs", "trace"):
        if untimed(rows("own", name, table)) != untimed(rows("plugin", name, table)):
            sys.exit(f"plugin_examples: {name}/{table}.csv differs between the two routes")
# sign-SGD, 5 steps of 0.1 from (1, -0.55) on (x0^2 + 4 x1^2)/2: no coordinate crosses 0.
runs = rows("plugin", "sign_sgd", "runs")
assert [r["optimizer"] for r in runs] == ["sign_sgd", "sgd"], runs
last = {}
for r in rows("plugin", "sign_sgd", "trace"):
    last[r["run_id"]] = r
x0, x1 = 1.0 - 5 * 0.1, -0.55 + 5 * 0.1
for got, want in ((float(last["0"]["x0"]), x0), (float(last["0"]["x1"]), x1),
                  (float(runs[0]["final_loss"]), (x0 * x0 + 4 * x1 * x1) / 2)):
    if abs(got - want) > 1e-12:
        sys.exit(f"plugin_examples: sign_sgd ends at {got}, sign-SGD's closed form says {want}")
# four_wells: every run leaves the saddle (0, 1) for a minimum (+-1, 1) and reaches f* + 1e-8.
for r in rows("plugin", "four_wells", "runs"):
    if r["status"] != "reached_target" or r["final_point_class"] != "local_minimum":
        sys.exit(f"plugin_examples: four_wells run {r['run_id']} ended {r['status']} at a "
                 f"{r['final_point_class']}")
    if not r["escape_step"]:
        sys.exit(f"plugin_examples: four_wells run {r['run_id']} never left the saddle")
print("plugin_examples: both routes agree; sign_sgd matches its closed form; four_wells escapes")
PY
