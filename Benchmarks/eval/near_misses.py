#!/usr/bin/env python3
"""Near-miss questions from CMRC 2018 trial: is a question about something the articles
do not have rejected (no answer) or flagged (a `mismatch` on the answer)?

Each trial question is changed once, deterministically (a seeded generator, nothing chosen
by a question's id or text beyond the rules below), so that it names something the trial
corpus lacks:
  - number: a number written in digits, with the character after it (its unit or counter:
    年, 号, 个, 米…) or the Latin word before it, becomes another number such that the corpus
    never has that number with that unit (a year moves by 1–9 years, a month or a day is
    another one, another number moves by up to half of itself, at least 1);
  - name: the question's article title (a name: a person, place, work, organisation) where
    the question writes it, becomes the title of a train article of about the same length
    that the trial corpus never mentions.
A question with both a number and its title gets one of the two, chosen by the generator.
Every changed question is asked of the trial corpus with `wenda --json`; it counts as
rejected when `no_answer` is true, as flagged when the answer carries a `mismatch`. The
target is 85% rejected or flagged.

usage: Benchmarks/eval/near_misses.py [DATA_DIR] [--seed N] [--bin PATH] [--near-misses]
       (run from the repository root after `swift build -c release`; DATA_DIR defaults to
       ../shared/eval; --near-misses asks wenda for near misses, which are then flagged
       answers rather than rejected ones)
"""
import json, os, random, re, subprocess, sys

args = sys.argv[1:]
seed, binary, near = 16, ".build/release/wenda", False
if "--seed" in args:
    i = args.index("--seed"); seed = int(args[i + 1]); del args[i:i + 2]
if "--bin" in args:
    i = args.index("--bin"); binary = args[i + 1]; del args[i:i + 2]
if "--near-misses" in args:
    args.remove("--near-misses"); near = True
data = args[0] if args else "../shared/eval"
out = ".build/eval"
os.makedirs(out, exist_ok=True)

corpus = [json.loads(l) for l in open(f"{data}/cmrc2018-trial.corpus.jsonl", encoding="utf-8") if l.strip()]
questions = [json.loads(l) for l in open(f"{data}/cmrc2018-trial.questions.jsonl", encoding="utf-8") if l.strip()]
train_titles = [json.loads(l)["title"] for l in open(f"{data}/cmrc2018-train.corpus.jsonl", encoding="utf-8") if l.strip()]
text = "\n".join(a["title"] + "\n" + a["text"] for a in corpus)
titles = {a["id"]: a["title"] for a in corpus}
han = re.compile(r"^[\u4e00-\u9fff]{2,}$")
# Names to swap in: train titles of Han characters the trial corpus never mentions.
names = sorted({t for t in train_titles if han.match(t) and t not in text})
number = re.compile(r"(?<![0-9.])([0-9]+)(?![0-9.])")
rng = random.Random(seed)


def new_number(n, unit):
    """Another number the same size: a year moved by 1-9, a month or a day of the month
    another one, else moved by up to half."""
    v = int(n)
    if unit in ("月", "日", "号") and 1 <= v <= (12 if unit == "月" else 28):
        return str(rng.choice([w for w in range(1, 13 if unit == "月" else 29) if w != v]))
    if 1000 <= v <= 2100 and len(n) == 4:
        d = rng.randint(1, 9)
    else:
        d = rng.randint(1, max(1, v // 2))
    w = v + d if rng.random() < 0.5 or v - d < 0 else v - d
    return str(w)


def number_change(q):
    """The question with one of its numbers (one with a unit after it, or a Latin word
    before it) changed; with what it was and what it is now."""
    spots = []
    for m in number.finditer(q):
        unit = re.match(r"[\u4e00-\u9fffA-Za-z%]", q[m.end():m.end() + 1])
        word = re.search(r"[A-Za-z]+[ -]?$", q[:m.start()])
        if unit or word:
            spots.append((m, unit.group(0) if unit else "", "" if unit else word.group(0)))
    if not spots:
        return None
    m, unit, word = rng.choice(spots)
    for _ in range(20):
        n = new_number(m.group(1), unit)
        if n != m.group(1) and word + n + unit not in text:
            return q[:m.start()] + n + q[m.end():], word + m.group(1) + unit, word + n + unit
    return None


def name_change(q, title):
    """The question with its article's title changed to a name the corpus lacks."""
    if not han.match(title) or title not in q:
        return None
    near = [t for t in names if abs(len(t) - len(title)) <= 1]
    if not near:
        return None
    t = rng.choice(near)
    return q.replace(title, t), title, t


made = []
for q in questions:
    text_q = q["question"].replace("\n", " ").strip()
    options = [("number", number_change(text_q)), ("name", name_change(text_q, titles[q["doc_id"]]))]
    options = [(k, c) for k, c in options if c]
    if not options:
        continue
    # One of the two when both can be made (both are drawn either way, so the choice does
    # not shift the draws of later questions).
    kind, (changed, was, now) = options[rng.randrange(len(options))]
    made.append({"id": q["id"], "kind": kind, "question": changed, "original": text_q, "was": was, "now": now})

path = f"{out}/near_misses.questions.jsonl"
with open(path, "w", encoding="utf-8") as f:
    for m in made:
        f.write(json.dumps(m, ensure_ascii=False) + "\n")
cmd = [binary, "--json", "--no-transcript", "--corpus", f"{data}/cmrc2018-trial.corpus.jsonl"]
if near:
    cmd.append("--near-misses")
r = subprocess.run(cmd, input="".join(m["question"] + "\n" for m in made), capture_output=True, text=True)
answers = [json.loads(l) for l in r.stdout.splitlines() if l.strip()]
if len(answers) != len(made):
    sys.exit(f"near_misses: {len(made)} questions asked, {len(answers)} answers read\n{r.stderr}")

counts = {}
with open(f"{out}/near_misses.answers.jsonl", "w", encoding="utf-8") as f:
    for m, a in zip(made, answers):
        rejected = a["no_answer"]
        flagged = bool(a.get("mismatch"))
        for k in (m["kind"], "all"):
            c = counts.setdefault(k, [0, 0, 0, 0])
            c[0] += 1
            c[1] += rejected and not flagged
            c[2] += flagged
            c[3] += rejected or flagged
        f.write(json.dumps({**m, "no_answer": rejected, "mismatch": a.get("mismatch", [])}, ensure_ascii=False) + "\n")

print(f"near misses from CMRC trial (seed {seed}{', --near-misses' if near else ''}):")
for k in ("number", "name", "all"):
    n, rej, flag, either = counts.get(k, [0, 0, 0, 0])
    if n:
        print(f"  {k:6s} {n:4d} questions: rejected {rej / n:.3f}, flagged {flag / n:.3f}, "
              f"rejected or flagged {either / n:.3f}")
