#!/usr/bin/env bash
# Shell start and per-question latency of a built collection of N passages, alone: the
# benchmark's "shell ready", "ask start-up" and p50 / p95 measures (peers/bench.py), for
# sizes where the whole benchmark takes too long (1,000,000 passages).
#
#   Benchmarks/scale/serve.sh N [CORPUS_DIR] [WENDA_BIN]
#
# CORPUS_DIR defaults to the folder add_one.sh built (bench-out/scratch/add-one-N/corpus).
# Questions: bench-out/scale/scale-N.questions.jsonl (scale/make_corpus.py). Prints the
# median of 5 starts of `wenda shell < /dev/null` and of `wenda ask` (after one warm-up
# each), and p50 / p95 of `elapsed_ms` over a piped `--json` run of every question.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
n="${1:?usage: serve.sh N [CORPUS_DIR] [WENDA_BIN]}"
dir="${2:-$scratch/add-one-$n/corpus}"
bin="${3:-$default_bin}"
questions="$scale_data/scale-$n.questions.jsonl"
[ -f "$dir/segments.json" ] || { echo "serve.sh: $dir holds no built collection (scale/add_one.sh $n)" >&2; exit 2; }
need "$questions" "scale/make_corpus.py --passages $n"
python3 - "$bin" "$dir" "$questions" <<'EOF'
import json, statistics, subprocess, sys, time
bin, folder, qpath = sys.argv[1:4]
qs = [json.loads(l)["question"] for l in open(qpath, encoding="utf-8") if l.strip()]
def timed(cmd, stdin=None):
    t = time.perf_counter()
    subprocess.run(cmd, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return (time.perf_counter() - t) * 1000
def median_of(cmd, reps=5, devnull=False):
    runs = []
    for k in range(reps + 1):
        with open("/dev/null") as null:
            ms = timed(cmd, stdin=null if devnull else None)
        if k: runs.append(ms)
    return statistics.median(runs)
shell = median_of([bin, "shell", "--no-transcript", "--corpus", folder], devnull=True)
ask = median_of([bin, "ask", "--no-transcript", "--corpus", folder, qs[0]])
out = subprocess.run([bin, "--json", "--no-transcript", "--corpus", folder], input="\n".join(qs) + "\n",
                     capture_output=True, text=True, check=True).stdout
ms = sorted(json.loads(l)["elapsed_ms"] for l in out.splitlines() if l.strip())
def p(q):  # as peers/bench.py's percentile
    pos = (len(ms) - 1) * q
    lo = int(pos); hi = min(lo + 1, len(ms) - 1)
    return ms[lo] + (ms[hi] - ms[lo]) * (pos - lo)
print(f"{folder}: shell ready {shell:.0f} ms, ask start-up {ask:.0f} ms, "
      f"{len(ms)} questions p50 {p(0.5):.2f} ms p95 {p(0.95):.2f} ms")
EOF
