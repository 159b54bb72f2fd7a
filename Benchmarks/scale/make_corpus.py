#!/usr/bin/env python3
"""Make a larger corpus from the CMRC 2018 train+trial paragraphs, for scale benchmarks.

  make_corpus.py --passages 100000 [--questions 500] [--seed 2018] [--eval-dir DIR] [--out DIR]

writes OUT/scale-N.corpus.jsonl ({"id","title","text"}, ids SCALE_0000001 …) and
OUT/scale-N.questions.jsonl (questions sampled from the CMRC questions).

Each passage takes the sentence count and title of a random source paragraph, keeps about
half of that paragraph's sentences, fills the rest with sentences drawn from the whole
pool, and shuffles their order. No passage repeats a source paragraph or another passage
verbatim (checked). Sentences themselves do recur: 2,659 paragraphs hold about 28,000
sentences, so at 1M passages each sentence appears a few hundred times, as words do in a
real large collection. Deterministic for a given seed and size.

The sampled questions keep their text and answers; `doc_id` is null because a generated
corpus has no single gold paragraph (the source paragraph id is kept as `source_doc_id`).
They are for timing, not for accuracy.
"""

import argparse
import hashlib
import json
import os
import random
import re
import sys

_SENTENCE = re.compile(r"[^。！？!?；;\n]*(?:[。！？!?；;]+[”’」』）)\"']*|\n|$)")


def sentences(text):
    return [m.group(0).strip() for m in _SENTENCE.finditer(text) if m.group(0).strip()]


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(os.path.dirname(here))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--passages", type=int, required=True)
    ap.add_argument("--questions", type=int, default=500)
    ap.add_argument("--seed", type=int, default=2018)
    ap.add_argument("--eval-dir", default=os.environ.get("WENDA_EVAL_DIR")
                    or os.path.join(root, "..", "shared", "eval"))
    ap.add_argument("--out", default=os.path.join(root, "bench-out", "scale"))
    a = ap.parse_args()

    paragraphs, questions = [], []
    for split in ("train", "trial"):
        paragraphs += read_jsonl(os.path.join(a.eval_dir, f"cmrc2018-{split}.corpus.jsonl"))
        questions += read_jsonl(os.path.join(a.eval_dir, f"cmrc2018-{split}.questions.jsonl"))
    split_paras = [(p["title"], sentences(p["text"])) for p in paragraphs]
    split_paras = [(t, s) for t, s in split_paras if s]
    pool = [s for _t, ss in split_paras for s in ss]

    rng = random.Random(f"{a.seed}:{a.passages}")
    seen = {hashlib.blake2b(p["text"].encode(), digest_size=8).digest() for p in paragraphs}
    os.makedirs(a.out, exist_ok=True)
    corpus_path = os.path.join(a.out, f"scale-{a.passages}.corpus.jsonl")
    tmp = corpus_path + ".part"
    width = max(7, len(str(a.passages)))
    made = 0
    with open(tmp, "w", encoding="utf-8") as f:
        while made < a.passages:
            title, own = rng.choice(split_paras)
            n = len(own)
            keep = rng.sample(own, (n + 1) // 2)
            sents = keep + [rng.choice(pool) for _ in range(n - len(keep))]
            rng.shuffle(sents)
            text = "".join(sents)
            h = hashlib.blake2b(text.encode(), digest_size=8).digest()
            if h in seen:
                continue
            seen.add(h)
            made += 1
            f.write(json.dumps({"id": f"SCALE_{made:0{width}d}", "title": title, "text": text},
                               ensure_ascii=False) + "\n")
    os.replace(tmp, corpus_path)

    qrng = random.Random(f"{a.seed}:{a.passages}:questions")
    picked = qrng.sample(questions, min(a.questions, len(questions)))
    q_path = os.path.join(a.out, f"scale-{a.passages}.questions.jsonl")
    with open(q_path, "w", encoding="utf-8") as f:
        for q in picked:
            f.write(json.dumps({"id": q["id"], "question": q["question"], "answers": q["answers"],
                                "doc_id": None, "source_doc_id": q["doc_id"]},
                               ensure_ascii=False) + "\n")
    sys.stderr.write(f"wrote {made:,} passages to {corpus_path} and {len(picked):,} questions "
                     f"to {q_path}\n")


if __name__ == "__main__":
    main()
