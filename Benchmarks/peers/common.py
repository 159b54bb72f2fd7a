"""What every peer shares: reading the corpus, splitting sentences, picking the answer.

The peers differ only in how they retrieve the top passages; the answer sentence is
chosen the same way for all of them, on purpose kept simple: split the top-5 passages
into sentences at 。！？!?；; (and newlines), and pick the sentence that holds the most
distinct character bigrams of the question (ties: better passage, then earlier sentence).
"""

import json
import re
import time

TOP_K = 5

_SENTENCE_END = re.compile(r"[^。！？!?；;\n]*(?:[。！？!?；;]+[”’」』）)\"']*|\n|$)")


def read_corpus(path):
    """Yield (id, title, text) from a corpus JSONL file."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                o = json.loads(line)
                yield o["id"], o.get("title", ""), o["text"]


def split_sentences(text):
    out = []
    for m in _SENTENCE_END.finditer(text):
        s = m.group(0).strip()
        if s:
            out.append(s)
    return out


def _keep(ch):
    return ch.isalnum()


def char_ngrams(text, n):
    """Distinct lower-cased n-grams of consecutive letters/digits/CJK characters."""
    t = text.lower()
    grams = []
    seen = set()
    for i in range(len(t) - n + 1):
        g = t[i:i + n]
        if all(_keep(c) for c in g) and g not in seen:
            seen.add(g)
            grams.append(g)
    return grams


def bigrams(text):
    return char_ngrams(text, 2)


def pick_sentence(question, passages):
    """passages: [(doc_id, text, score)] in rank order → (doc_id, sentence) or None."""
    qb = set(bigrams(question))
    best = None
    best_key = None
    for rank, (doc_id, text, _score) in enumerate(passages):
        for pos, s in enumerate(split_sentences(text)):
            sl = s.lower()
            hits = sum(1 for b in qb if b in sl)
            key = (-hits, rank, pos)
            if best_key is None or key < best_key:
                best_key, best = key, (doc_id, s)
    return best


def answer(peer, question):
    """Answer one question with `peer`, timed in process (retrieval + sentence choice),
    as a JSON-ready dict shaped like wenda's `--json` line (the fields the harness reads)."""
    t0 = time.perf_counter()
    passages = peer.search(question, TOP_K)
    best = pick_sentence(question, passages)
    elapsed_ms = (time.perf_counter() - t0) * 1000.0
    answers = []
    if best is not None:
        answers.append({"text": best[1], "citation": {"doc_id": best[0]}})
    return {
        "question": question,
        "no_answer": best is None,
        "answers": answers,
        "passages": [{"doc_id": d, "score": float(s)} for d, _t, s in passages],
        "elapsed_ms": round(elapsed_ms, 4),
    }
