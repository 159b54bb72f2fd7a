#!/usr/bin/env python3
"""kill -9 at random moments while `wenda shell` records turns; after every kill the
transcript store must pass PRAGMA integrity_check, and every turn whose answer was printed
must be in the store exactly once (the turn in flight, committed but not yet shown, is
the only one that may be stored without having been printed).

    Benchmarks/hardening/kill9.py [--trials 200] [--bin .build/release/wenda] [--max-delay 1.5]

The shell reads questions from a pipe (plain lines) and prints one JSON line per answer
(--json), so what was printed before the kill is known exactly.
"""
import argparse
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

from common import default_binary, finish, private_env, store_path, write_corpus


def one_trial(binary, home, corpus, trial, max_delay, rng):
    env = private_env(home)
    p = subprocess.Popen([binary, "shell", "--json", "--corpus", corpus], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    printed = []
    sent = []
    stop = threading.Event()

    def feed():
        n = 0
        try:
            while not stop.is_set() and n < 5000:
                n += 1
                q = f"T{trial}Q{n}：李飞飞说学术界缺什么？"
                p.stdin.write((q + "\n").encode())
                p.stdin.flush()
                sent.append(q)
                time.sleep(0.002)
        except (BrokenPipeError, OSError):
            pass

    def read():
        buf = b""
        while True:
            chunk = p.stdout.read1(65536) if hasattr(p.stdout, "read1") else p.stdout.read(1)
            if not chunk:
                break
            buf += chunk
            while b"\n" in buf:
                line, buf = buf.split(b"\n", 1)
                try:
                    printed.append(json.loads(line)["question"])
                except (ValueError, KeyError):
                    pass

    writer = threading.Thread(target=feed, daemon=True)
    reader = threading.Thread(target=read, daemon=True)
    writer.start()
    reader.start()
    time.sleep(rng.uniform(0.0, max_delay))
    os.kill(p.pid, signal.SIGKILL)
    p.wait()
    stop.set()
    reader.join(5)
    writer.join(5)
    stderr = p.stderr.read().decode(errors="replace")
    return printed, stderr


def check_store(path, trial):
    db = sqlite3.connect(path, timeout=30)
    try:
        verdict = db.execute("PRAGMA integrity_check").fetchall()
        has_turns = db.execute("SELECT 1 FROM sqlite_master WHERE name = 'turns'").fetchone()
        # Killed before the store's tables were made: an empty store.
        rows = db.execute("SELECT question FROM turns WHERE question LIKE ?", (f"T{trial}Q%",)).fetchall() if has_turns else []
    finally:
        db.close()
    return verdict == [("ok",)], [r[0] for r in rows]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--trials", type=int, default=200)
    ap.add_argument("--bin", default=None)
    ap.add_argument("--max-delay", type=float, default=1.5, help="longest wait before the kill, seconds")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    binary = args.bin or default_binary()
    rng = random.Random(args.seed)
    home = tempfile.mkdtemp(prefix="wenda-kill9-")
    corpus = write_corpus(home)
    store = store_path(home)
    totals = dict(trials=0, intact=0, printed=0, stored=0, lost=0, duplicates=0, in_flight_unshown=0,
                  too_many_unshown=0, damaged_notices=0, locked_messages=0)
    for trial in range(1, args.trials + 1):
        printed, stderr = one_trial(binary, home, corpus, trial, args.max_delay, rng)
        totals["trials"] += 1
        if "damaged" in stderr:
            totals["damaged_notices"] += 1
        if "locked" in stderr:
            totals["locked_messages"] += 1
        if not os.path.exists(store):
            if printed:
                totals["lost"] += len(printed)
            totals["intact"] += 1
            continue
        intact, stored = check_store(store, trial)
        totals["intact"] += intact
        totals["printed"] += len(printed)
        totals["stored"] += len(stored)
        counts = {}
        for q in stored:
            counts[q] = counts.get(q, 0) + 1
        totals["duplicates"] += sum(c - 1 for c in counts.values())
        # The shell commits a turn, then prints it: every printed turn must be stored. The
        # kill may come between the two: then one stored turn was never shown (in flight).
        missing = [q for q in printed if q not in counts]
        totals["lost"] += len(missing)
        printed_set = set(printed)
        unshown = sum(1 for q in counts if q not in printed_set)
        totals["in_flight_unshown"] += min(unshown, 1)
        totals["too_many_unshown"] += max(0, unshown - 1)
        if not intact:
            print(f"trial {trial}: integrity_check failed", file=sys.stderr)
        if trial % 20 == 0:
            print(f"{trial} kills: {totals}", file=sys.stderr)
    ok = (totals["intact"] == totals["trials"] and totals["lost"] == 0 and totals["duplicates"] == 0
          and totals["too_many_unshown"] == 0 and totals["damaged_notices"] == 0)
    finish(totals, ok, home, "store")


if __name__ == "__main__":
    main()
