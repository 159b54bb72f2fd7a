#!/usr/bin/env bash
# Measures wenda on CMRC 2018 (train, trial, and trial questions against the train corpus
# as unanswerable ones) with the project's scorer, and with `wenda eval` (the same measures
# in Swift).
#
# usage: Benchmarks/eval/run.sh [DATA_DIR]     (default: ../shared/eval, relative to the repo)
# The release binary is built first; outputs go to .build/eval/.
set -euo pipefail
cd "$(dirname "$0")/../.."
DATA="${1:-../shared/eval}"
OUT=.build/eval
mkdir -p "$OUT"

echo "== build (release)" >&2
start=$(date +%s)
swift build -c release >&2
echo "release build: $(( $(date +%s) - start )) s" >&2
BIN=.build/release/wenda

# The question fields of a questions file, one a line. wenda skips blank lines, so an
# empty question (trial has two) is written as "？": it keeps the lines aligned for the
# scorer, gets no answer, and is counted as a miss (question_mismatch).
questions() {
  python3 -c 'import json,sys
for l in open(sys.argv[1], encoding="utf-8"):
    if l.strip(): print(json.loads(l)["question"].replace("\n", " ").strip() or "？")' "$1"
}

for split in train trial; do
  echo "== $split: every question against all paragraphs of its split" >&2
  questions "$DATA/cmrc2018-$split.questions.jsonl" > "$OUT/$split.questions.txt"
  "$BIN" --json --corpus "$DATA/cmrc2018-$split.corpus.jsonl" < "$OUT/$split.questions.txt" > "$OUT/$split.answers.jsonl"
  python3 "$DATA/score.py" "$DATA/cmrc2018-$split.questions.jsonl" "$OUT/$split.answers.jsonl"
done

echo "== no answer: trial questions (unanswerable) + train questions, against the train corpus" >&2
python3 - "$DATA" "$OUT" <<'PY'
import json, sys
data, out = sys.argv[1], sys.argv[2]
with open(f"{out}/noanswer.questions.jsonl", "w", encoding="utf-8") as f:
    for l in open(f"{data}/cmrc2018-train.questions.jsonl", encoding="utf-8"):
        if l.strip(): f.write(l.rstrip("\n") + "\n")
    for l in open(f"{data}/cmrc2018-trial.questions.jsonl", encoding="utf-8"):
        if l.strip():
            q = json.loads(l); q["no_answer"] = True
            f.write(json.dumps(q, ensure_ascii=False) + "\n")
PY
questions "$OUT/noanswer.questions.jsonl" > "$OUT/noanswer.questions.txt"
"$BIN" --json --corpus "$DATA/cmrc2018-train.corpus.jsonl" < "$OUT/noanswer.questions.txt" > "$OUT/noanswer.answers.jsonl"
python3 "$DATA/score.py" "$OUT/noanswer.questions.jsonl" "$OUT/noanswer.answers.jsonl"

echo "== wenda eval (same measures, in Swift): train" >&2
"$BIN" eval "$DATA/cmrc2018-train.questions.jsonl" --corpus "$DATA/cmrc2018-train.corpus.jsonl"
