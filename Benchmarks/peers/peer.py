#!/usr/bin/env python3
"""One peer system as a command, so the harness times whole processes the way it times wenda.

  peer.py build SYSTEM CORPUS.jsonl INDEX_DIR   read + tokenize + index + persist
  peer.py ask   SYSTEM INDEX_DIR "question"     open the saved index, answer one question
  peer.py serve SYSTEM INDEX_DIR < questions    one JSON line per question (with elapsed_ms),
                                                shaped like `wenda --json`

SYSTEM is one of: tantivy, fts5, tfidf.
"""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from common import TOP_K, answer, pick_sentence  # noqa: E402
from systems import PEERS  # noqa: E402


def main(argv):
    need = {"build": 4, "ask": 4, "serve": 3}
    if len(argv) < 2 or argv[0] not in need or argv[1] not in PEERS or len(argv) < need[argv[0]]:
        sys.stderr.write(__doc__)
        return 2
    cmd, system = argv[0], PEERS[argv[1]]
    if cmd == "build":
        os.makedirs(argv[3], exist_ok=True)  # every system writes its index into a folder of its own
        system.build(argv[2], argv[3])
        return 0
    peer = system(argv[2])
    if cmd == "ask":
        question = argv[3]
        best = pick_sentence(question, peer.search(question, TOP_K))
        if best is None:
            print("no answer")
            return 1
        print(f"{best[1]}  [{best[0]}]")
        return 0
    out = sys.stdout
    for line in sys.stdin:
        q = line.strip()
        if q:
            out.write(json.dumps(answer(peer, q), ensure_ascii=False) + "\n")
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
