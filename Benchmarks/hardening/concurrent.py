#!/usr/bin/env python3
"""Two shells and a piped run of 1,000 questions writing to one transcript store at once:
every turn must be stored exactly once, and no "database is locked" may reach the user.

    Benchmarks/hardening/concurrent.py [--bin .build/release/wenda] [--piped 1000] [--repl 200]
                                       [--rounds 1] [--piped-root]

The two "REPLs" are `wenda shell` reading lines from a pipe, a question every few
milliseconds (as typed); the piped run gets all its questions at once, through
`wenda shell` (or `wenda` itself with --piped-root, once piped questions are built).
"""
import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

from common import default_binary, finish, private_env, store_path, write_corpus


def run(args, questions, env, pause, results, key):
    p = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    out = []

    def drain(stream, sink):
        sink.append(stream.read())

    err = []
    t1 = threading.Thread(target=drain, args=(p.stdout, out))
    t2 = threading.Thread(target=drain, args=(p.stderr, err))
    t1.start()
    t2.start()
    if pause > 0:
        for q in questions:
            p.stdin.write((q + "\n").encode())
            p.stdin.flush()
            time.sleep(pause)
    else:
        p.stdin.write(("\n".join(questions) + "\n").encode())
    p.stdin.close()
    p.wait()
    t1.join()
    t2.join()
    results[key] = (p.returncode, out[0].decode(errors="replace"), err[0].decode(errors="replace"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=None)
    ap.add_argument("--piped", type=int, default=1000)
    ap.add_argument("--repl", type=int, default=200)
    ap.add_argument("--pause", type=float, default=0.005, help="seconds between a REPL's questions")
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--piped-root", action="store_true", help="run the piped questions through `wenda` itself")
    args = ap.parse_args()
    binary = args.bin or default_binary()
    top = tempfile.mkdtemp(prefix="wenda-concurrent-")
    totals = dict(rounds=0, asked=0, stored=0, missing=0, duplicates=0, locked_messages=0, failed_runs=0,
                  runs_with_warnings=0, integrity_ok=0, seconds=0.0)
    for r in range(1, args.rounds + 1):
        # A new store each round: the three runs also race to create it.
        home = os.path.join(top, f"round{r}")
        os.makedirs(home)
        corpus = write_corpus(home)
        env = private_env(home)
        store = store_path(home)
        runs = {
            "replA": ([binary, "shell", "--corpus", corpus], [f"R{r}A{i}：辛顿离开了哪家公司？" for i in range(args.repl)], args.pause),
            "replB": ([binary, "shell", "--corpus", corpus], [f"R{r}B{i}：李飞飞说学术界缺什么？" for i in range(args.repl)], args.pause),
            "piped": ([binary, "--corpus", corpus] if args.piped_root else [binary, "shell", "--corpus", corpus],
                      [f"R{r}P{i}：斯坦福有多少块GPU？" for i in range(args.piped)], 0),
        }
        results = {}
        started = time.time()
        threads = [threading.Thread(target=run, args=(a, q, env, pause, results, k)) for k, (a, q, pause) in runs.items()]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        totals["seconds"] += time.time() - started
        db = sqlite3.connect(store, timeout=30)
        stored = [row[0] for row in db.execute("SELECT question FROM turns WHERE question LIKE ?", (f"R{r}%",))]
        totals["integrity_ok"] += db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        db.close()
        counts = {}
        for q in stored:
            counts[q] = counts.get(q, 0) + 1
        totals["rounds"] += 1
        for key, (a, qs, _) in runs.items():
            status, out, err = results[key]
            totals["asked"] += len(qs)
            totals["missing"] += sum(1 for q in qs if q not in counts)
            if status != 0:
                totals["failed_runs"] += 1
                print(f"round {r} {key}: exit {status}: {err[-500:]}", file=sys.stderr)
            if "locked" in err or "locked" in out:
                totals["locked_messages"] += 1
            if err.strip():
                totals["runs_with_warnings"] += 1
                print(f"round {r} {key}: {err.strip()[:500]}", file=sys.stderr)
        totals["stored"] += len(stored)
        totals["duplicates"] += sum(c - 1 for c in counts.values())
    totals["seconds"] = round(totals["seconds"], 1)
    ok = (totals["missing"] == 0 and totals["duplicates"] == 0 and totals["locked_messages"] == 0
          and totals["failed_runs"] == 0 and totals["runs_with_warnings"] == 0 and totals["integrity_ok"] == totals["rounds"])
    finish(totals, ok, top, "stores")


if __name__ == "__main__":
    main()
