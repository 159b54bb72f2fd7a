#!/usr/bin/env bash
# Traditional Chinese on par with Simplified: CMRC 2018 trial (corpus and questions)
# converted to Traditional Chinese (Taiwan, with its phrases: OpenCC `s2twp`), answered
# beside the Simplified original, and scored by the project's scorer; then the SIGHAN 2005
# PKU and MSR segmentation tests converted the same way, segmented and scored beside the
# originals.
#
# usage: Benchmarks/eval/traditional.sh [DATA_DIR]     (default: ../shared/eval; WENDA=BINARY to
#        measure a given binary instead of building)
# Needs the `opencc` Python package (pip install opencc). Outputs go to .build/eval/tw/.
set -euo pipefail
cd "$(dirname "$0")/../.."
DATA="${1:-../shared/eval}"
OUT=.build/eval/tw
mkdir -p "$OUT"
# SPLITS="trial train" also measures train (2,403 paragraphs: the no-answer confidence
# takes part there; trial is below the size it is calibrated for).
SPLITS="${SPLITS:-trial}"
python3 -c 'import opencc' 2>/dev/null || { echo "traditional.sh: needs the opencc Python package (pip install opencc)" >&2; exit 2; }

# WENDA names a wenda binary to measure instead of the release build (e.g. an earlier one).
if [ -n "${WENDA:-}" ]; then BIN="$WENDA"; else
  echo "== build (release)" >&2
  swift build -c release >&2
  BIN=.build/release/wenda
fi

# Converts the trial corpus and questions. A gold answer is converted inside its paragraph
# (the paragraph converted with the answer marked off, so that a phrase across its edge
# converts as it does in the text); questions whose answer cannot be located so are listed.
for split in $SPLITS; do
python3 - "$DATA" "$OUT" "$split" <<'PY'
import json, sys, opencc
data, out, split = sys.argv[1], sys.argv[2], sys.argv[3]
cc = opencc.OpenCC("s2twp")
corpus = {}
with open(f"{out}/{split}.corpus.jsonl", "w", encoding="utf-8") as f:
    for l in open(f"{data}/cmrc2018-{split}.corpus.jsonl", encoding="utf-8"):
        if not l.strip(): continue
        p = json.loads(l)
        corpus[p["id"]] = p["text"]
        p["title"], p["text"] = cc.convert(p["title"]), cc.convert(p["text"])
        f.write(json.dumps(p, ensure_ascii=False) + "\n")
lost = 0
with open(f"{out}/{split}.questions.jsonl", "w", encoding="utf-8") as f:
    for l in open(f"{data}/cmrc2018-{split}.questions.jsonl", encoding="utf-8"):
        if not l.strip(): continue
        q = json.loads(l)
        text = corpus[q["doc_id"]]
        whole = cc.convert(text)
        answers = []
        for a in q["answers"]:
            t = cc.convert(a)
            if t not in whole:
                # Convert the text before, the answer and the text after as one, then cut
                # where the parts' conversions say (a phrase across the edge stays whole).
                i = text.find(a)
                before = cc.convert(text[:i]) if i >= 0 else ""
                if i >= 0 and whole.startswith(before):
                    rest = whole[len(before):]
                    t = rest[:len(t)] if rest[:len(t)] else t
                if t not in whole:
                    lost += 1
            answers.append(t)
        q["question"], q["answers"] = cc.convert(q["question"]), answers
        f.write(json.dumps(q, ensure_ascii=False) + "\n")
if lost: print(f"traditional.sh: {split}: {lost} converted answers not found in their converted paragraph", file=sys.stderr)
PY
done

questions() {
  python3 -c 'import json,sys
for l in open(sys.argv[1], encoding="utf-8"):
    if l.strip(): print(json.loads(l)["question"].replace("\n", " ").strip() or "？")' "$1"
}

score() {  # NAME QUESTIONS CORPUS
  questions "$2" > "$OUT/$1.questions.txt"
  "$BIN" --json --corpus "$3" < "$OUT/$1.questions.txt" > "$OUT/$1.answers.jsonl"
  python3 "$DATA/score.py" "$2" "$OUT/$1.answers.jsonl" --json > "$OUT/$1.score.json"
}
for split in $SPLITS; do
echo "== $split, Simplified and Traditional" >&2
score $split-simplified "$DATA/cmrc2018-$split.questions.jsonl" "$DATA/cmrc2018-$split.corpus.jsonl"
score $split-traditional "$OUT/$split.questions.jsonl" "$OUT/$split.corpus.jsonl"
# The Traditional questions against the Simplified articles, and the other way round
# (the gold answer in the article's script).
python3 - "$DATA" "$OUT" "$split" <<'PY'
import json, sys
data, out, split = sys.argv[1:]
sq = [json.loads(l) for l in open(f"{data}/cmrc2018-{split}.questions.jsonl", encoding="utf-8") if l.strip()]
tq = [json.loads(l) for l in open(f"{out}/{split}.questions.jsonl", encoding="utf-8") if l.strip()]
with open(f"{out}/{split}-tq.questions.jsonl", "w", encoding="utf-8") as f:
    for s, t in zip(sq, tq):
        s = dict(s); s["question"] = t["question"]; f.write(json.dumps(s, ensure_ascii=False) + "\n")
with open(f"{out}/{split}-sq.questions.jsonl", "w", encoding="utf-8") as f:
    for s, t in zip(sq, tq):
        t = dict(t); t["question"] = s["question"]; f.write(json.dumps(t, ensure_ascii=False) + "\n")
PY
score $split-traditional-questions "$OUT/$split-tq.questions.jsonl" "$DATA/cmrc2018-$split.corpus.jsonl"
score $split-traditional-articles "$OUT/$split-sq.questions.jsonl" "$OUT/$split.corpus.jsonl"

python3 - "$OUT" "$split" <<'PY'
import json, sys
out, split = sys.argv[1:]
rows = [("Simplified questions, Simplified articles", "simplified"),
        ("Traditional questions, Traditional articles", "traditional"),
        ("Traditional questions, Simplified articles", "traditional-questions"),
        ("Simplified questions, Traditional articles", "traditional-articles")]
print(f"{split:46} {'R@1':>6} {'top-1':>6} {'top-3':>6} {'span F1':>8} {'false no-answer':>16}")
for name, key in rows:
    r = json.load(open(f"{out}/{split}-{key}.score.json"))
    print(f"{name:46} {r['R@1']:6.4f} {r['top1']:6.4f} {r['top3']:6.4f} {r['span_f1']:8.4f} {r['false_no_answer']:16.4f}")
PY
done

echo "== segmentation: PKU and MSR test sets, Simplified and converted to Traditional" >&2
SEG="$DATA/segmentation"
for set in pku msr; do
  python3 - "$SEG" "$OUT" "$set" <<'PY'
import sys, opencc
seg, out, name = sys.argv[1:]
cc = opencc.OpenCC("s2t")  # characters (and phrases) converted; a line keeps its length
raw = [l.rstrip("\n") for l in open(f"{seg}/{name}_test.utf8", encoding="utf-8")]
gold = [l.split() for l in open(f"{seg}/{name}_test_gold.utf8", encoding="utf-8")]
with open(f"{out}/{name}_test.tw.utf8", "w", encoding="utf-8") as t, open(f"{out}/{name}_gold.tw.utf8", "w", encoding="utf-8") as g:
    for line, words in zip(raw, gold):
        conv = cc.convert(line)
        if len(conv) != len(line): conv = line
        t.write(conv + "\n")
        # The gold words cut from the converted line where they make it up (the same
        # conversion on both sides); else each converted on its own.
        if "".join(words) == line.replace(" ", ""):
            squeezed = "".join(c for c, o in zip(conv, line) if o != " ")
            cut, i = [], 0
            for w in words: cut.append(squeezed[i:i + len(w)]); i += len(w)
        else:
            cut = [cc.convert(w) if len(cc.convert(w)) == len(w) else w for w in words]
        g.write("  ".join(cut) + "\n")
PY
  "$BIN" segment < "$SEG/${set}_test.utf8" > "$OUT/${set}.pred.utf8"
  "$BIN" segment < "$OUT/${set}_test.tw.utf8" > "$OUT/${set}.tw.pred.utf8"
  s=$(python3 "$SEG/segscore.py" "$SEG/${set}_test_gold.utf8" "$OUT/${set}.pred.utf8" --json 2>/dev/null)
  t=$(python3 "$SEG/segscore.py" "$OUT/${set}_gold.tw.utf8" "$OUT/${set}.tw.pred.utf8" --json 2>/dev/null)
  python3 -c 'import json,sys
s, t = json.loads(sys.argv[2]), json.loads(sys.argv[3])
print("%s segmentation F1: Simplified %.4f, Traditional %.4f" % (sys.argv[1].upper(), s["f1"], t["f1"]))' "$set" "$s" "$t"
done
