#!/usr/bin/env python3
"""trafilatura_peer.py HTML_DIR: trafilatura's extraction (default settings) of every page,
as the benchmark's PRED.json on standard output."""
import json, os, sys

import trafilatura

d = sys.argv[1]
pred = {}
for name in sorted(os.listdir(d)):
    if name.endswith(".html"):
        with open(os.path.join(d, name), encoding="utf-8", errors="replace") as f:
            pred[name[:-5]] = {"articleBody": trafilatura.extract(f.read()) or ""}
json.dump(pred, sys.stdout, ensure_ascii=False)
