#!/usr/bin/env bash
# Article extraction: how much of a saved web page's article wenda keeps (and how little
# else), scored by the benchmark's own score.py, beside trafilatura (default settings)
# run in the same invocation; and how fast each reads the pages: one whole process each
# (start-up included), pages per second of wall time and of CPU time.
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
RUNS=${RUNS:-3}
wenda_t=(); peer_t=()
for run in $(seq "$RUNS"); do
  # Turn about, so a burst of load on the machine falls on both alike.
  echo "== run $run/$RUNS: wenda read --json, ${#pages[@]} pages (one process)" >&2
  wenda_t+=("$(python3 Benchmarks/extraction/timed.py "$OUT/wenda.jsonl" -- "$BIN" read --json "${pages[@]}")")
  echo "== run $run/$RUNS: trafilatura (one process)" >&2
  peer_t+=("$(python3 Benchmarks/extraction/timed.py "$OUT/trafilatura.pred.json" -- python3 Benchmarks/extraction/trafilatura_peer.py "$DATA/html")")
done
python3 Benchmarks/extraction/predictions.py "$OUT/wenda.jsonl" > "$OUT/wenda.pred.json"

w=$(python3 "$DATA/score.py" "$DATA/ground-truth.json" "$OUT/wenda.pred.json")
t=$(python3 "$DATA/score.py" "$DATA/ground-truth.json" "$OUT/trafilatura.pred.json")
python3 - "$w" "$t" "${#pages[@]}" "${wenda_t[*]}" "${peer_t[*]}" <<'PY'
import json, os, statistics, sys
import trafilatura
w, t = json.loads(sys.argv[1]), json.loads(sys.argv[2])
n = int(sys.argv[3])
def medians(times):
    v = list(map(float, times.split()))
    return statistics.median(v[0::2]), statistics.median(v[1::2]), len(v) // 2
(ww, wc, runs), (tw, tc, _) = medians(sys.argv[4]), medians(sys.argv[5])
print(f"median of {runs} runs each, in turn")
print(f"load average at the end: {os.getloadavg()[0]:.1f} (2 cores: wall times are noisy, CPU times steadier)\n")
print("| system | F1 | precision | recall | exact | pages/s wall | pages/s CPU |")
print("|---|---|---|---|---|---|---|")
for name, r, wall, cpu in (("wenda read --json", w, ww, wc), (f"trafilatura {trafilatura.__version__}", t, tw, tc)):
    print(f"| {name} | {r['f1']:.3f} | {r['precision']:.3f} | {r['recall']:.3f} | {r['exact']}/{r['pages']} | {n / wall:.1f} | {n / cpu:.1f} |")
print(f"\nwenda ÷ trafilatura pages/s: wall {tw / ww:.2f}, CPU {tc / wc:.2f}")
PY
