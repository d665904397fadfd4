#!/usr/bin/env bash
# Screenshots of a report's page (report.html) with headless Chromium, as a reader's browser
# shows it: the top of the page and each section (Summary, Loss curves, Classification, ...).
#   tools/report_screenshots.sh REPORT_DIR [OUT_DIR] [--size WxH] [--scale F] [SECTION...]
# REPORT_DIR holds report.html (optbench report RESULTS_DIR wrote it); OUT_DIR (default
# REPORT_DIR/screenshots) gets NAME-SECTION.png, NAME the folder's name. A section is the id of
# one of the page's <section> elements (summary, loss-curves, classification, ...) or top, the
# page's head; where none is named, top and every section.
# --size is the browser window (default 1280x1000), --scale the device pixel ratio (default 1;
# 0.75 for smaller files). Debian: apt-get install chromium (or set CHROMIUM to another binary).
set -euo pipefail

usage() {
  sed -n '3,4p' "$0" | sed 's/^# *//' >&2
  exit 2
}
[ $# -ge 1 ] || usage
dir=$(cd "$1" && pwd)
shift
page="$dir/report.html"
[ -f "$page" ] || { echo "$page: no such file (run optbench report first)" >&2; exit 2; }
out="$dir/screenshots"
if [ $# -ge 1 ] && [ "${1#--}" = "$1" ]; then
  out=$1
  shift
fi
size=1280x1000
scale=1
sections=()
while [ $# -gt 0 ]; do
  case $1 in
    --size) size=$2; shift 2 ;;
    --scale) scale=$2; shift 2 ;;
    --*) usage ;;
    *) sections+=("$1"); shift ;;
  esac
done
width=${size%x*}
height=${size#*x}
chromium=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
[ -n "$chromium" ] || { echo "chromium not found (Debian: apt-get install chromium)" >&2; exit 2; }
if [ ${#sections[@]} -eq 0 ]; then
  mapfile -t sections < <(echo top; grep -o '<section id="[^"]*"' "$page" | sed 's/.*id="\([^"]*\)"/\1/')
fi
mkdir -p "$out"
out=$(cd "$out" && pwd)
name=$(basename "$dir")

# Headless Chromium draws nothing when the address has a #fragment, so each section is shown
# in a frame of a page beside report.html (its images are found by the same relative paths).
frame="$dir/.screenshot-frame.html"
trap 'rm -f "$frame"' EXIT
shoot() {  # shoot FRAGMENT FILE
  cat >"$frame" <<HTML
<!DOCTYPE html><html><head><meta charset="utf-8"><style>
html, body { margin: 0; overflow: hidden; } iframe { border: 0; width: ${width}px; height: ${height}px; }
</style></head><body><iframe src="report.html$1"></iframe></body></html>
HTML
  # --virtual-time-budget lets the lazily loaded images arrive before the picture is taken.
  "$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --run-all-compositor-stages-before-draw --virtual-time-budget=8000 \
    --force-device-scale-factor="$scale" --window-size="$width,$height" \
    --screenshot="$2" "file://$frame" >/dev/null 2>&1
  [ -s "$2" ] || { echo "chromium wrote no $2" >&2; exit 1; }
  echo "$2"
}
for s in "${sections[@]}"; do
  if [ "$s" = top ]; then
    shoot "" "$out/$name-top.png"
  else
    grep -q "<section id=\"$s\"" "$page" || { echo "$page has no section '$s'" >&2; exit 2; }
    shoot "#$s" "$out/$name-$s.png"
  fi
done
