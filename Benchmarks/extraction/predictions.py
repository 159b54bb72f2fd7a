#!/usr/bin/env python3
"""predictions.py WENDA.jsonl: `wenda read --json` output as the benchmark's PRED.json
({KEY: {"articleBody": text}}, KEY the page's file name without .html)."""
import json, os, sys

pred = {}
for line in open(sys.argv[1], encoding="utf-8"):
    if line.strip():
        a = json.loads(line)
        pred[os.path.splitext(os.path.basename(a["source"]))[0]] = {"articleBody": a["text"]}
json.dump(pred, sys.stdout, ensure_ascii=False)
