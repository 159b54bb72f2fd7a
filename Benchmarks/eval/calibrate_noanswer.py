#!/usr/bin/env python3
"""Fits wenda's no-answer confidence on CMRC 2018 TRAIN only, reproducibly.

Every train question is asked against parts of the train corpus: the even and the odd
articles (halves), every fourth article (quarters) and the whole corpus. Questions whose
article is not in the part are the unanswerable ones. wenda prints the confidence features
of each question's best answer on stderr with WENDA_FEATURES=1 (see
`AnswerEngine.confidenceFeatures`); a logistic combination of them is fitted on the two
halves (each half's fit is also tested on the other half, whose articles it never saw).
Features and weights go by name (`ConfidenceFeature`): wenda prints `name=value` for each
feature, and this script prints each weight by its feature's name (a square's as
`nameSquared`). The threshold is the confidence below which a given share of answerable
questions falls, at each corpus size, fitted as a + b*ln(paragraphs). Paste the printed
Swift lines into `SelectionWeights` (confidence, noAnswerBase, noAnswerSlope), or pass the
printed `weights:` spec to wenda's --weights to measure them first.

usage: Benchmarks/eval/calibrate_noanswer.py [DATA_DIR] [--weights SPEC] [--rate R]
       (run from the repository root after `swift build -c release`; DATA_DIR defaults
       to ../shared/eval; SPEC is passed to wenda's hidden --weights option)
"""
import json, math, os, subprocess, sys
import numpy as np

args = sys.argv[1:]
weights = None
# 2.6%: near misses (a name or number asked and not found) reject some answerable
# questions on their own, before the confidence; together they stay under 3%.
rate = 0.026
if "--weights" in args:
    i = args.index("--weights"); weights = args[i + 1]; del args[i:i + 2]
if "--rate" in args:
    i = args.index("--rate"); rate = float(args[i + 1]); del args[i:i + 2]
data = args[0] if args else "../shared/eval"
out = ".build/eval/calibrate"
os.makedirs(out, exist_ok=True)
BIN = ".build/release/wenda"

articles = [l for l in open(f"{data}/cmrc2018-train.corpus.jsonl", encoding="utf-8") if l.strip()]
qs = [json.loads(l) for l in open(f"{data}/cmrc2018-train.questions.jsonl", encoding="utf-8") if l.strip()]
questions = "".join((q["question"].replace("\n", " ").strip() or "？") + "\n" for q in qs)

parts = {
    "even": [a for i, a in enumerate(articles) if i % 2 == 0],
    "odd": [a for i, a in enumerate(articles) if i % 2 == 1],
    "quarter0": [a for i, a in enumerate(articles) if i % 4 == 0],
    "quarter1": [a for i, a in enumerate(articles) if i % 4 == 1],
    "full": articles,
}
# The confidence's design, as wenda's `ConfidenceWeights.confidence` computes it: each
# feature (those in LOG_FEATURES as ln(1 + x)), then the squares of SQUARED (the order of
# `ConfidenceFeature.squared`). Features in UNUSED get weight 0: leaving out the best
# sentence's score and the number of content terms rejected more unanswerable questions on
# the held-out half (0.805 -> 0.813), the squares more (0.823).
LOG_FEATURES = {"contentTerms"}
UNUSED = {"bestSentenceScore", "contentTerms"}
SQUARED = ["paragraphSupport", "questionCharactersFound", "retrievalRatio", "titleInQuestionShare"]
# The features' names in the order wenda prints them (set by the first run read).
NAMES = []


def features(name, lines):
    path = f"{out}/{name}.corpus.jsonl"
    with open(path, "w", encoding="utf-8") as f:
        f.writelines(lines)
    ids = {json.loads(l)["id"] for l in lines}
    cmd = [BIN, "--json", "--no-transcript", "--top", "1", "--corpus", path]
    if weights:
        cmd += ["--weights", weights]
    env = dict(os.environ, WENDA_FEATURES="1")
    r = subprocess.run(cmd, input=questions, capture_output=True, text=True, env=env)
    rows = {}
    for l in r.stderr.splitlines():
        p = l.split("\t")
        if len(p) > 2 and all("=" in x for x in p[1:]):
            try:
                rows.setdefault(p[0], {k: float(v) for k, v in (x.split("=", 1) for x in p[1:])})
            except ValueError:
                pass
    if not NAMES:
        NAMES.extend(next(iter(rows.values())).keys())
    missing = (set(UNUSED) | set(LOG_FEATURES) | set(SQUARED)) - set(NAMES)
    if missing:
        sys.exit(f"wenda printed no feature named {', '.join(sorted(missing))}")
    X, y = [], []
    for q in qs:
        f = rows.get(q["question"].replace("\n", " ").strip().replace("\t", " "))
        answerable = q["doc_id"] in ids
        # No candidate at all: always "no answer".
        X.append([float("nan")] * len(NAMES) if f is None else [f[k] for k in NAMES])
        y.append(1.0 if answerable else 0.0)
    X = np.array(X); y = np.array(y)
    np.save(f"{out}/{name}.features.npy", X); np.save(f"{out}/{name}.labels.npy", y)
    # Paragraphs as wenda counts them: the non-blank lines of each article's text.
    n_par = sum(sum(1 for p in json.loads(l)["text"].split("\n") if p.strip()) for l in lines)
    return X, y, n_par


def design(X):
    D = X.copy()
    col = {name: k for k, name in enumerate(NAMES)}
    for name in LOG_FEATURES:
        D[:, col[name]] = np.log1p(D[:, col[name]])
    for name in UNUSED:
        D[:, col[name]] = 0
    return np.column_stack([D] + [X[:, col[name]] ** 2 for name in SQUARED] + [np.ones(len(D))])


def fit(X, y, l2=1e-3):
    ok = ~np.isnan(X).any(axis=1)
    D, t = design(X[ok]), y[ok]
    w = np.zeros(D.shape[1])
    for _ in range(50):
        p = 1 / (1 + np.exp(-np.clip(D @ w, -30, 30)))
        g = D.T @ (p - t) / len(t) + l2 * np.r_[w[:-1], 0]
        H = (D * (p * (1 - p))[:, None]).T @ D / len(t) + l2 * np.diag(np.r_[np.ones(len(w) - 1), 0])
        w -= np.linalg.solve(H, g)
    return w


def z(w, X):
    v = design(np.nan_to_num(X, nan=0.0)) @ w
    v[np.isnan(X).any(axis=1)] = -np.inf
    return v


runs = {name: features(name, lines) for name, lines in parts.items()}
for name, (X, y, n) in runs.items():
    print(f"{name}: {len(y)} questions, {int(y.sum())} answerable, {n} paragraphs", file=sys.stderr)

# Held-out check: fitted on one half, tested on the other (articles never seen).
for a, b in (("even", "odd"), ("odd", "even")):
    w = fit(*runs[a][:2])
    X, y, _ = runs[b]
    v = z(w, X)
    t = np.quantile(v[y == 1], rate)
    print(f"fit on {a}, test on {b}: reject {rate:.3f} of answerable -> unanswerable rejected {np.mean(v[y == 0] < t):.3f}")

X = np.vstack([runs["even"][0], runs["odd"][0]]); y = np.concatenate([runs["even"][1], runs["odd"][1]])
w = fit(X, y)
# Each weight by name: the features' in wenda's order, then the squares'.
named = list(zip(NAMES + [n + "Squared" for n in SQUARED], w[:-1]))
print("confidence: ConfidenceWeights(bias: " + f"{w[-1]:.4f}, [")
print("    " + ", ".join(f".{n}: {v:.4f}" for n, v in named[:len(NAMES)]) + ",")
print("], squared: [")
print("    " + ", ".join(f".{n[:-len('Squared')]}: {v:.4f}" for n, v in named[len(NAMES):]) + ",")
print("])")
pts = []
for name, (X, y, n) in runs.items():
    v = z(w, X)
    t = float(np.quantile(v[y == 1], rate))
    rej = float(np.mean(v[y == 0] < t)) if (y == 0).any() else float("nan")
    pts.append((n, t))
    print(f"{name}: {n} paragraphs, reject {rate:.3f} of answerable at z < {t:.4f}: unanswerable rejected {rej:.3f}")
A = np.array([[1, math.log(n)] for n, _ in pts]); b = np.array([t for _, t in pts])
a0, a1 = np.linalg.lstsq(A, b, rcond=None)[0]
print(f"noAnswerBase: {a0:.4f}\nnoAnswerSlope: {a1:.4f}")
spec = ",".join(f"{n}={v:.4f}" for n, v in named) + f",confidenceBias={w[-1]:.4f},noAnswerBase={a0:.4f},noAnswerSlope={a1:.4f}"
print("weights:", spec)
