#!/usr/bin/env python3
"""Fits wenda's no-answer confidence on CMRC 2018 TRAIN only.

Each train question is asked against a part of the train corpus (every k-th article);
questions whose article was left out are the unanswerable ones. The features are those
wenda prints to stderr with WENDA_FEATURES=1 (best sentence score, support, retrieval
ratio, paragraph margin, title share, content terms). A logistic combination is fitted on
the half corpus; the threshold is then set so that a given share of answerable questions
is rejected, at each corpus size, and fitted as a + b*ln(paragraphs).

usage: calibrate_noanswer.py QUESTIONS.jsonl NAME:CORPUS.jsonl:FEATURES ...
"""
import json, math, sys
import numpy as np

qs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
runs = []
for spec in sys.argv[2:]:
    name, corpus, feats = spec.split(":")
    ids = {json.loads(l)["id"] for l in open(corpus, encoding="utf-8") if l.strip()}
    rows = {}
    for l in open(feats, encoding="utf-8"):
        p = l.rstrip("\n").split("\t")
        rows.setdefault(p[0], [float(x) for x in p[1:]])
    X, y = [], []
    for q in qs:
        f = rows.get(q["question"].replace("\t", " "))
        if f is None:
            continue
        X.append(f)
        y.append(1.0 if q["doc_id"] in ids else 0.0)
    runs.append((name, len(ids), np.array(X), np.array(y)))

def design(X):
    return np.column_stack([X[:, 0], X[:, 1], X[:, 2], X[:, 3], X[:, 4], np.log(X[:, 5] + 1), np.ones(len(X))])

name, n, X, y = runs[0]
D = design(X)
w = np.zeros(D.shape[1])
for _ in range(20000):
    p = 1 / (1 + np.exp(-D @ w))
    w -= 0.5 * D.T @ (p - y) / len(y)
print("weights", " ".join(f"{v:.4f}" for v in w))
for rate in (0.02, 0.025, 0.028, 0.03):
    pts = []
    for name, n, X, y in runs:
        z = design(X) @ w
        t = np.quantile(z[y == 1], rate)
        rej = float(np.mean(z[y == 0] < t)) if (y == 0).any() else float("nan")
        pts.append((n, t))
        print(f"{name}: {n} paragraphs, reject {rate:.3f} of answerable at z < {t:.3f}: unanswerable rejected {rej:.3f}")
    if len(pts) >= 2:
        A = np.array([[1, math.log(n)] for n, _ in pts]); b = np.array([t for _, t in pts])
        a0, a1 = np.linalg.lstsq(A, b, rcond=None)[0]
        print(f"  threshold(rate {rate}) = {a0:.4f} + {a1:.4f} * ln(paragraphs)")
