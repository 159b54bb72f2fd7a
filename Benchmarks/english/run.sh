#!/usr/bin/env bash
# English questions: over Chinese articles (CMRC 2018 trial, the questions of
# cmrc-trial-en.tsv put into English, gold answers unchanged) and over English articles
# (english-articles.jsonl with english-questions.jsonl). Scored by the project's scorer:
# paragraph R@1, top-1 and top-3 (the quoted sentence holds a gold answer).
#
# usage: Benchmarks/english/run.sh [DATA_DIR]    (default: ../shared/eval; WENDA=BINARY to
#        measure a given binary instead of building). Outputs go to .build/eval/english/.
set -euo pipefail
cd "$(dirname "$0")/../.."
HERE=Benchmarks/english
DATA="${1:-../shared/eval}"
OUT=.build/eval/english
mkdir -p "$OUT"
if [ -n "${WENDA:-}" ]; then BIN="$WENDA"; else
  echo "== build (release)" >&2
  swift build -c release >&2
  BIN=.build/release/wenda
fi

# The English questions joined with the trial questions they put into English.
python3 - "$DATA" "$HERE" "$OUT" <<'PY'
import json, sys
data, here, out = sys.argv[1:]
trial = {}
for l in open(f"{data}/cmrc2018-trial.questions.jsonl", encoding="utf-8"):
    if l.strip():
        q = json.loads(l); trial[q["id"]] = q
with open(f"{out}/trial-en.questions.jsonl", "w", encoding="utf-8") as f:
    for l in open(f"{here}/cmrc-trial-en.tsv", encoding="utf-8"):
        if l.startswith("#") or not l.strip(): continue
        qid, question = l.rstrip("\n").split("\t")
        q = dict(trial[qid]); q["question"] = question; q["chinese"] = trial[qid]["question"]
        f.write(json.dumps(q, ensure_ascii=False) + "\n")
PY

run() {  # NAME QUESTIONS CORPUS
  python3 -c 'import json,sys
for l in open(sys.argv[1], encoding="utf-8"):
    if l.strip(): print(json.loads(l)["question"])' "$2" > "$OUT/$1.questions.txt"
  "$BIN" --json --corpus "$3" < "$OUT/$1.questions.txt" > "$OUT/$1.answers.jsonl" || true
  python3 "$DATA/score.py" "$2" "$OUT/$1.answers.jsonl" --json > "$OUT/$1.score.json"
}
run trial-en "$OUT/trial-en.questions.jsonl" "$DATA/cmrc2018-trial.corpus.jsonl"
if [ -f "$HERE/english-questions.jsonl" ]; then
  run articles-en "$HERE/english-questions.jsonl" "$HERE/english-articles.jsonl"
fi
python3 - "$OUT" <<'PY'
import json, os, sys
out = sys.argv[1]
print(f"{'set':44} {'questions':>9} {'R@1':>6} {'top-1':>6} {'top-3':>6} {'no answer':>9}")
for name, key in [("English questions, Chinese articles (trial)", "trial-en"),
                  ("English questions, English articles", "articles-en")]:
    p = f"{out}/{key}.score.json"
    if not os.path.exists(p): continue
    r = json.load(open(p))
    print(f"{name:44} {r['answerable']:9} {r['R@1']:6.4f} {r['top1']:6.4f} {r['top3']:6.4f} {r['false_no_answer']:9.4f}")
PY
