#!/bin/sh
# Segmentation benchmark: wenda (release build) against the PyPI jieba package, same text.
#
#   Benchmarks/segment/bench.sh [EVAL_DIR]      (or SEG_EVAL_DIR=... ; RUNS=7 ; SKIP_JIEBA=1)
#
# EVAL_DIR holds pku_test.utf8 and msr_test.utf8 (default: ../shared/eval/segmentation
# relative to the repository). Throughput is the median of RUNS passes over PKU+MSR test text
# on one thread, wall clock and thread CPU time (CPU time is the fairer figure on a busy
# machine). Dictionary-ready time is measured in process (wenda: map the compiled
# dictionary; jieba: initialize()) and as the wall time of a whole `wenda segment` on one line.
# Quality is not measured here; see the README (segscore.py).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
eval_dir=${1:-${SEG_EVAL_DIR:-$repo/../shared/eval/segmentation}}
runs=${RUNS:-7}
[ -f "$eval_dir/pku_test.utf8" ] && [ -f "$eval_dir/msr_test.utf8" ] || {
  echo "bench.sh: no pku_test.utf8 / msr_test.utf8 in $eval_dir (pass the folder as the first argument)" >&2; exit 2; }

cd "$repo"
swift build -c release >&2
bin="$repo/.build/release/wenda"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat "$eval_dir/pku_test.utf8" "$eval_dir/msr_test.utf8" > "$work/text.utf8"

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)"
echo "text: PKU+MSR test, $(wc -c < "$work/text.utf8") bytes, runs: $runs"
echo "--- wenda (in process, one thread)"
"$bin" segment --bench "$work/text.utf8" --runs "$runs"
echo "--- wenda, whole process on one line (start + dictionary + segment), best of 5"
best=""
for i in 1 2 3 4 5; do
  s=$(date +%s%N); echo "李飞飞在斯坦福大学教书" | "$bin" segment > /dev/null; e=$(date +%s%N)
  ms=$(( (e - s) / 1000000 )); if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
done
echo "{\"process_ms_best\": $best}"
if [ "${SKIP_JIEBA:-0}" != 1 ]; then
  echo "--- jieba (PyPI), same text"
  if python3 -c "import jieba" 2>/dev/null; then
    python3 "$here/jieba_bench.py" "$work/text.utf8" "$runs"
  else
    echo "jieba is not installed: pip install jieba" >&2
  fi
fi
