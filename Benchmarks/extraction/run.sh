#!/usr/bin/env bash
# Article extraction: how much of a saved web page's article wenda keeps (and how little
# else), scored by the benchmark's own score.py, beside trafilatura run in the same
# invocation; and how fast each reads the pages (pages per second, whole process).
#
# usage: Benchmarks/extraction/run.sh DATA_DIR [--no-build]
#   DATA_DIR holds html/KEY.html, ground-truth.json and score.py (the article-extraction
#   benchmark's layout). Outputs go to .build/extraction/.
set -euo pipefail
cd "$(dirname "$0")/../.."
DATA="${1:?usage: Benchmarks/extraction/run.sh DATA_DIR [--no-build]}"
OUT=.build/extraction
mkdir -p "$OUT"
if [ "${2:-}" != "--no-build" ]; then
  echo "== build (release)" >&2
  swift build -c release >&2
fi
BIN=.build/release/wenda
python3 -c 'import trafilatura' 2>/dev/null || pip install -q trafilatura lxml_html_clean >&2

pages=("$DATA"/html/*.html)
echo "== wenda read --json: ${#pages[@]} pages" >&2
start=$(date +%s%N)
"$BIN" read --json "${pages[@]}" > "$OUT/wenda.jsonl"
wenda_ms=$(( ($(date +%s%N) - start) / 1000000 ))
python3 Benchmarks/extraction/predictions.py "$OUT/wenda.jsonl" > "$OUT/wenda.pred.json"

echo "== trafilatura (one process)" >&2
start=$(date +%s%N)
python3 Benchmarks/extraction/trafilatura_peer.py "$DATA/html" > "$OUT/trafilatura.pred.json"
peer_ms=$(( ($(date +%s%N) - start) / 1000000 ))

w=$(python3 "$DATA/score.py" "$DATA/ground-truth.json" "$OUT/wenda.pred.json")
t=$(python3 "$DATA/score.py" "$DATA/ground-truth.json" "$OUT/trafilatura.pred.json")
python3 - "$w" "$t" "$wenda_ms" "$peer_ms" "${#pages[@]}" <<'PY'
import json, sys
w, t = json.loads(sys.argv[1]), json.loads(sys.argv[2])
ws, ts, n = float(sys.argv[3]) / 1000, float(sys.argv[4]) / 1000, int(sys.argv[5])
print(f"| system | F1 | precision | recall | exact | pages/s (whole process) |")
print(f"|---|---|---|---|---|---|")
for name, r, s in (("wenda read --json", w, ws), ("trafilatura " + __import__("trafilatura").__version__, t, ts)):
    print(f"| {name} | {r['f1']:.3f} | {r['precision']:.3f} | {r['recall']:.3f} | {r['exact']}/{r['pages']} | {n / s:.1f} |")
print(f"\nwenda ÷ trafilatura pages/s: {(n / ws) / (n / ts):.2f}")
PY
