#!/usr/bin/env bash
# Makes the README's picture of an exported session (docs/review-page.png): runs the
# README's review workflow over seeds/ (ask, mark bad, carry the session on, mark good),
# exports the session as HTML, and has headless Chromium take the screenshot. Everything
# runs with a private home and XDG folders, removed afterwards; nothing of yours is read.
#
# usage: Scripts/review-page.sh [WENDA_BINARY] [OUT.png]     (also `make review-page`)
#   default binary .build/release/wenda, default output docs/review-page.png
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
wenda="$(realpath "${1:-$root/.build/release/wenda}")"
out="$(realpath -m "${2:-$root/docs/review-page.png}")"
[ -x "$wenda" ] || { echo "review-page: no wenda binary at $wenda (make build)" >&2; exit 2; }
browser="$(command -v chromium || command -v chromium-browser || true)"
[ -n "$browser" ] || { echo "review-page: chromium is not installed (make setup-browser)" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export HOME="$work/home" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" \
  XDG_STATE_HOME="$work/state" XDG_CACHE_HOME="$work/cache"
unset WENDA_CORPUS WENDA_HISTORY WENDA_PAGER PAGER FORCE_COLOR
mkdir -p "$HOME"
cd "$root"

# The README's workflow, the lines piped as they would be typed.
printf '%s\n' '李飞飞是谁？' '/bad 没说她是谁：应引第13段' | "$wenda" shell --corpus seeds >/dev/null
printf '%s\n' '她是哪所大学的教授？' '/good' '斯坦福大学的自然语言处理小组有多少块GPU？' '/good 68块，Meta有35万块' \
  | "$wenda" shell --continue >/dev/null
"$wenda" sessions export last --format html -o "$work/review.html"

# A phone-to-tablet width, tall enough for the questions and the start of the appendix.
"$browser" --headless --no-sandbox --disable-gpu --no-first-run --hide-scrollbars \
  --user-data-dir="$work/profile" --window-size=720,980 --screenshot="$work/page.png" \
  "file://$work/review.html" 2>/dev/null
mkdir -p "$(dirname "$out")"
mv "$work/page.png" "$out"
echo "review-page: wrote $out" >&2
