#!/usr/bin/env bash
# Adding one article to a built collection of N passages, until a question finds it:
# the same measure as the benchmark's add-one row (peers/bench.py add_one), alone, for
# sizes where the whole benchmark takes too long (1,000,000 passages).
#
#   Benchmarks/scale/add_one.sh N [WENDA_BIN]
#
# Needs bench-out/scale/scale-N.corpus.jsonl (scale/make_corpus.py --passages N). Builds a
# copy of it into bench-out/scratch/add-one-N/corpus (untimed: an article's source is part of
# it), appends a new article (named after the time, so that runs can follow one another),
# then times `wenda build` into the same folder and a fresh `wenda ask --json` that must
# cite the new article. With KEEP=1 a folder built by an earlier run is added to again
# (no copy, no first build); ADD_ONE_DIR=DIR works in DIR instead.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
n="${1:?usage: add_one.sh N [WENDA_BIN]}"
bin="${2:-$default_bin}"
src="$scale_data/scale-$n.corpus.jsonl"
need "$src" "scale/make_corpus.py --passages $n"
work="${ADD_ONE_DIR:-$scratch/add-one-$n}"
if [ "${KEEP:-0}" = 1 ] && [ -f "$work/corpus/segments.json" ]; then
  echo "adding to the collection already built in $work" >&2
else
  rm -rf "$work" && mkdir -p "$work"
  cp "$src" "$work/corpus.jsonl"
  start=$(date +%s.%N)
  "$bin" build "$work/corpus.jsonl" --out "$work/corpus" >/dev/null 2>&1
  echo "first build (untimed setup): $(echo "$(date +%s.%N) - $start" | bc) s" >&2
fi
tag=$(date +%s)
printf '%s\n' "{\"id\": \"BENCH_ADDED_$tag\", \"title\": \"蓝鲸湖${tag}号观测站年度报告\", \"text\": \"蓝鲸湖${tag}号观测站今年共记录到三千二百一十七只过境候鸟。观测站位于湖的北岸，由志愿者轮流值守。\"}" >> "$work/corpus.jsonl"
t0=$(date +%s.%N)
"$bin" build "$work/corpus.jsonl" --out "$work/corpus" >&2
t1=$(date +%s.%N)
out=$("$bin" ask --json --no-transcript --corpus "$work/corpus" "蓝鲸湖${tag}号观测站今年共记录到多少只过境候鸟？")
t2=$(date +%s.%N)
case "$out" in *BENCH_ADDED_$tag*) found=yes ;; *) found=no ;; esac
echo "passages $n: one article added and found in $(echo "$t2 - $t0" | bc) s (build $(echo "$t1 - $t0" | bc) s, ask $(echo "$t2 - $t1" | bc) s), found: $found"
echo "segments: $(tr -d '\n' < "$work/corpus/segments.json" | grep -o '"name":"[^"]*","[a-z]*":[0-9a-z"\.-]*' | tr '\n' ' ')"
[ "$found" = yes ]
