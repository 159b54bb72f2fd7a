#!/usr/bin/env python3
"""wenda's own index against the collection on Xapian shards, in one run.

  Benchmarks/xapian/bench.py [--eval-dir DIR] [--bin PATH] [--out DIR]
                             [--scale N] [--scale-shards 4] [--scale-questions 500] [--no-cmrc]
                             [--own-index DIR [--own-bin PATH] | --no-own | --no-shards]
                             [--build-only | --reuse-built] [--weights SPEC]

Part 1, CMRC 2018 train (2,403 passages, its 10,142 questions, `wenda eval`):
  (a) wenda's own index   `wenda build CORPUS --out DIR`, asked from DIR
  (b) Xapian, 1 shard     `wenda build CORPUS --engine xapian --shards 1`, asked from the folder
  (c) Xapian, 2 and 4     the same with --shards 2 and 4, each shard served by its own
                          `xapian-tcpsrv --interface 127.0.0.1`, asked through a stub of
                          `remote 127.0.0.1:PORT` lines
For each: article R@1, top-1, top-3 (and their difference from (a)), p50/p95 latency per
question (wenda eval's, in the asking process: question in, quoted answer out), the processor
time per question of the asking process and of the servers (what waiting for a turn on
busy cores does not inflate), the build's wall and processor time and peak memory, the
folder's size on disk, and the asking process's peak memory.

Part 2 (with --scale N): the generated corpus of N passages (Benchmarks/scale/make_corpus.py,
read from bench-out/scale, made there when missing) on wenda's own index and on --scale-shards shards served on loopback: build time and peak
memory, disk, p50/p95 of its sampled questions (a piped --json run: they name no gold
paragraph), and the peak memory (max RSS) of the asking process.

Each corpus has its own work folders (cmrc2018-train or scale-N in the folder work of OUT), one an
engine (own, xapian-1, xapian-2, xapian-4), and each build's figures are kept beside its
folder (FOLDER.build.json): --build-only builds and asks nothing, --reuse-built asks the
folders an earlier run built and reports the build figures it kept. --own-index DIR asks a
folder of wenda's own index already built of the scale corpus in place of building one
(a million passages take an hour to build twice); --no-own and --no-shards leave out that
row or the shards' (so each can be asked at its own time).

Servers listen on free ports of 127.0.0.1 only (xapian-tcpsrv has no authentication) and are
stopped at the end. The table is printed and saved as OUT/latest.md with the figures in
OUT/latest.json.
"""

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def timed(cmd, **kw):
    """Runs cmd under /usr/bin/time: (wall seconds, peak RSS in MB, stdout, stderr, processor
    seconds, user and system)."""
    # /usr/bin/time writes to a file of its own: the command's stderr stays the command's.
    stats = os.path.join(kw.pop("stats_dir"), "time.txt")
    r = subprocess.run(["/usr/bin/time", "-f", "%e %M %U %S", "-o", stats] + cmd, capture_output=True, text=True, **kw)
    if r.returncode not in (0, 1):
        sys.exit(f"bench: {' '.join(cmd)} failed ({r.returncode}): {r.stderr.strip()[-2000:]}")
    wall, rss, user, system = open(stats).read().split()[-4:]
    return float(wall), int(rss) / 1024, r.stdout, r.stderr, float(user) + float(system)


def cpu_seconds(pid):
    """Processor seconds of a process and of its children it has waited for (user and
    system), from /proc."""
    with open(f"/proc/{pid}/stat") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    # utime, stime, cutime, cstime: fields 14-17 of stat(5), 12-15 after the name.
    return sum(int(x) for x in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def lines(path):
    with open(path, "rb") as fh:
        return sum(1 for l in fh if l.strip())


def disk_mb(path):
    total = 0
    for d, _, files in os.walk(path):
        for f in files:
            total += os.stat(os.path.join(d, f)).st_blocks * 512
    return total / 1e6


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Servers:
    """One xapian-tcpsrv per shard, on 127.0.0.1, each in a session of its own."""

    def __init__(self, folder, shards):
        self.procs, self.ports = [], []
        for k in range(shards):
            port = free_port()
            p = subprocess.Popen(["xapian-tcpsrv", "--quiet", "--interface", "127.0.0.1", "--port", str(port),
                                  os.path.join(folder, f"shard-{k}")],
                                 stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                 start_new_session=True)
            self.procs.append(p)
            self.ports.append(port)
        for port in self.ports:
            for _ in range(400):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    time.sleep(0.05)
            else:
                self.stop()
                sys.exit(f"bench: xapian-tcpsrv on 127.0.0.1:{port} did not start")

    def watch(self):
        """Starts following the processor time of the servers and of the connections they
        fork (xapian-tcpsrv reaps them without adding their times to its own, so they
        are read from /proc while they run, every 0.1 s); `cpu()` stops and sums."""
        self.seen, self.watching = {}, True

        def poll():
            while self.watching:
                for p in self.procs:
                    pids = [p.pid]
                    try:
                        with open(f"/proc/{p.pid}/task/{p.pid}/children") as fh:
                            pids += [int(x) for x in fh.read().split()]
                    except OSError:
                        pass
                    for pid in pids:
                        try:
                            self.seen[pid] = max(self.seen.get(pid, 0), cpu_seconds(pid))
                        except (OSError, IndexError, ValueError):
                            pass
                time.sleep(0.1)

        self.thread = threading.Thread(target=poll, daemon=True)
        self.thread.start()

    def cpu(self):
        """Processor seconds the servers and their connections used since `watch()`."""
        self.watching = False
        self.thread.join()
        return sum(self.seen.values())

    def stub(self, path):
        with open(path, "w") as f:
            f.write("".join(f"remote 127.0.0.1:{p}\n" for p in self.ports))
        return path

    def stop(self):
        for p in self.procs:
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGTERM)
        for p in self.procs:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait()
        self.procs = []


def build(a, corpus, folder, shards, work):
    """Builds folder from corpus, timed; the figures are kept beside it (FOLDER.build.json)
    for a later run that asks it again (--reuse-built)."""
    subprocess.run(["rm", "-rf", folder, folder + ".build.json"], check=True)
    cmd = [a.bin, "build", corpus, "--out", folder]
    if shards:
        cmd += ["--engine", "xapian", "--shards", str(shards)]
    load = os.getloadavg()[0]
    wall, rss, _, _, cpu = timed(cmd, stats_dir=work)
    figures = {"build_s": wall, "build_cpu_s": cpu, "build_rss_mb": rss, "build_load": load,
               "build_load_end": os.getloadavg()[0]}
    with open(folder + ".build.json", "w") as fh:
        json.dump(figures, fh)
    return dict(figures, disk_mb=disk_mb(folder))


def built(folder):
    """The build figures an earlier run kept beside folder, or none."""
    try:
        with open(folder + ".build.json") as fh:
            return json.load(fh)
    except (OSError, ValueError):
        return {"build_s": None, "build_rss_mb": None}


def ask(a, questions, corpus, work, servers=None, binary=None):
    """The questions asked over corpus: wenda eval's measures when they name their gold
    paragraphs, else (a generated corpus) a piped --json run's time per question; the
    asking process's peak memory, and the processor time per question of the asking
    process and of the servers (which waiting for the cores does not count)."""
    if servers:
        servers.watch()
    load = os.getloadavg()[0]
    env = dict(os.environ, WENDA_SHARD_TIMEOUT="60")
    with open(questions, encoding="utf-8") as fh:
        items = [json.loads(l) for l in fh if l.strip()]
    extra = ["--weights", a.weights] if a.weights else []
    if all(q.get("doc_id") for q in items):
        wall, rss, out, _, cpu = timed([binary or a.bin, "eval", questions, "--corpus", corpus, "--json"] + extra, stats_dir=work,
                                       env=env)
        m = json.loads(out)
        n = len(items)
    else:
        text = os.path.join(work, "questions.txt")
        with open(text, "w", encoding="utf-8") as fh:
            fh.write("".join(q["question"].replace("\n", " ").strip() + "\n" for q in items if q["question"].strip()))
        with open(text, encoding="utf-8") as fh:
            wall, rss, out, _, cpu = timed([binary or a.bin, "--json", "--no-transcript", "--corpus", corpus] + extra,
                                           stats_dir=work, env=env, stdin=fh)
        times = sorted(json.loads(l)["elapsed_ms"] for l in out.splitlines() if l.strip())
        n = len(times)
        # As wenda eval: the median, and the nearest-rank 95th percentile.
        p50 = times[n // 2] if n % 2 else (times[n // 2 - 1] + times[n // 2]) / 2
        m = {"questions": n, "elapsed_ms_p50": p50, "elapsed_ms_p95": times[max(0, -(-95 * n // 100) - 1)]}
    m["ask_rss_mb"] = rss
    # The machine's load (1-minute average) as the questions started and ended.
    m["ask_load"] = [load, os.getloadavg()[0]]
    m["eval_wall_s"] = wall
    m["ask_cpu_ms"] = 1000 * cpu / max(1, n)
    m["server_cpu_ms"] = 1000 * servers.cpu() / max(1, n) if servers else None
    return m


def engines(a, corpus, questions, work, plan, own=None):
    """Builds (or, with --reuse-built, reuses) and asks each engine of plan over corpus. Each
    engine has its own folder under work, which is the corpus's own (a folder per corpus and
    scale); own, when given, is a folder of wenda's own index built elsewhere of the same
    corpus, asked in place of building one."""
    rows = []
    os.makedirs(work, exist_ok=True)
    for name, shards, served in plan:
        folder = os.path.join(work, f"xapian-{shards}" if shards else "own")
        if own and not shards:
            folder = own
        row = {"engine": name, "shards": shards, "served": served, "folder": folder}
        if (own and not shards) or (a.reuse_built and os.path.isdir(folder)):
            row.update(built(folder))
            row["disk_mb"] = disk_mb(folder)
        else:
            print(f"bench: {name}: building", file=sys.stderr, flush=True)
            row.update(build(a, corpus, folder, shards, work))
            print(f"bench: {name}: built in {row['build_s']:.1f} s, peak {row['build_rss_mb']:.0f} MB", file=sys.stderr,
                  flush=True)
        if a.build_only:
            rows.append(row)
            continue
        servers = None
        target = folder
        if served:
            servers = Servers(folder, shards)
            target = servers.stub(os.path.join(work, f"xapian-{shards}.stub"))
        try:
            print(f"bench: {name}: asking", file=sys.stderr, flush=True)
            row.update(ask(a, questions, target, work, servers, a.own_bin if own and not shards else None))
        finally:
            if servers:
                servers.stop()
        rows.append(row)
    return rows


def f(x, d=2):
    return "—" if x is None else f"{x:.{d}f}"


def table(title, rows, base=None):
    out = [f"### {title}", "",
           "| engine | R@1 | top-1 | top-3 | p50 ms | p95 ms | CPU ms/q asking + serving | build s (CPU s) | build MB "
           "| disk MB | asking MB | load asking |",
           "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        def q(k):
            v = r.get(k)
            if v is None:
                return "—"
            s = f"{v:.4f}"
            if base is not None and r is not base and base.get(k) is not None:
                s += f" ({v - base[k]:+.4f})"
            return s
        cpu = f(r.get("ask_cpu_ms"), 1) + ("" if r.get("server_cpu_ms") is None else f" + {f(r['server_cpu_ms'], 1)}")
        build = f(r.get("build_s"), 1) + ("" if r.get("build_cpu_s") is None else f" ({f(r['build_cpu_s'], 0)})")
        out.append(f"| {r['engine']} | {q('article_R@1')} | {q('top1')} | {q('top3')} | {f(r.get('elapsed_ms_p50'))} | "
                   f"{f(r.get('elapsed_ms_p95'))} | {cpu} | {build} | {f(r.get('build_rss_mb'), 0)} | "
                   f"{f(r['disk_mb'], 0)} | {f(r.get('ask_rss_mb'), 0)} | "
                   f"{'—' if not r.get('ask_load') else '–'.join(f(x, 1) for x in r['ask_load'])} |")
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--eval-dir", default=os.environ.get("WENDA_EVAL_DIR") or os.path.join(ROOT, "..", "shared", "eval"))
    ap.add_argument("--bin", default=os.path.join(ROOT, ".build", "release", "wenda"))
    ap.add_argument("--out", default=os.path.join(ROOT, "bench-out", "xapian"))
    ap.add_argument("--scale", type=int, default=0, help="passages of the generated corpus (0: no scale part)")
    ap.add_argument("--scale-shards", type=int, default=4)
    ap.add_argument("--scale-questions", type=int, default=500)
    ap.add_argument("--no-cmrc", action="store_true", help="the scale part alone")
    ap.add_argument("--reuse-built", action="store_true",
                    help="ask the folders an earlier run built (with the build figures it kept)")
    ap.add_argument("--build-only", action="store_true", help="build the folders, ask nothing")
    ap.add_argument("--own-index", metavar="DIR",
                    help="for the scale part, a folder of wenda's own index already built of the scale corpus, "
                         "asked in place of building one")
    ap.add_argument("--own-bin", metavar="PATH",
                    help="the wenda that asks --own-index (one that reads its index format: another would build "
                         "the folder again)")
    ap.add_argument("--weights", metavar="SPEC",
                    help="name=value,… passed to every asking command (wenda's hidden --weights: index options such as "
                         "secondaryMinimum=0, for measuring)")
    ap.add_argument("--no-own", action="store_true", help="for the scale part, the shards alone")
    ap.add_argument("--no-shards", action="store_true", help="for the scale part, wenda's own index alone")
    a = ap.parse_args()
    a.bin = os.path.abspath(a.bin)
    a.own_bin = os.path.abspath(a.own_bin) if a.own_bin else a.bin
    if not os.access(a.bin, os.X_OK):
        sys.exit(f"bench: no wenda at {a.bin} (swift build -c release)")
    os.makedirs(a.out, exist_ok=True)
    work = os.path.join(a.out, "work")
    os.makedirs(work, exist_ok=True)
    report, figures = [], {}
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    load = os.getloadavg()[0]
    report.append(f"## wenda's own index and Xapian shards ({stamp}, {os.cpu_count()} cores, load {load:.1f} at start)\n")
    # The command that made these figures, as it can be run again.
    args = [x if not x.startswith(ROOT + os.sep) else os.path.relpath(x, ROOT) for x in sys.argv[1:]]
    report.append("`Benchmarks/xapian/bench.py" + "".join(" " + x for x in args) + "`\n")

    if not a.no_cmrc:
        corpus = os.path.join(a.eval_dir, "cmrc2018-train.corpus.jsonl")
        questions = os.path.join(a.eval_dir, "cmrc2018-train.questions.jsonl")
        rows = engines(a, corpus, questions, os.path.join(work, "cmrc2018-train"), [
            ("wenda's own index", 0, False),
            ("Xapian, 1 local shard", 1, False),
            ("Xapian, 2 shards on xapian-tcpsrv", 2, True),
            ("Xapian, 4 shards on xapian-tcpsrv", 4, True),
        ])
        figures["cmrc_train"] = rows
        report.append(table(f"CMRC 2018 train: {lines(corpus):,} passages, {lines(questions):,} questions (wenda eval; "
                            "in brackets the difference from wenda's own index)", rows, rows[0]))

    if a.scale:
        # Where the scale scripts keep the generated corpora (Benchmarks/scale/common.sh).
        scale_dir = os.path.join(ROOT, "bench-out", "scale")
        corpus = os.path.join(scale_dir, f"scale-{a.scale}.corpus.jsonl")
        questions = os.path.join(scale_dir, f"scale-{a.scale}.questions.jsonl")
        if not os.path.exists(corpus):
            subprocess.run([sys.executable, os.path.join(ROOT, "Benchmarks", "scale", "make_corpus.py"),
                            "--passages", str(a.scale), "--questions", str(a.scale_questions),
                            "--eval-dir", a.eval_dir, "--out", scale_dir], check=True)
        name = f"Xapian, {a.scale_shards} shards on xapian-tcpsrv"
        plan = ([] if a.no_own else [("wenda's own index", 0, False)]) + ([] if a.no_shards else [(name, a.scale_shards, True)])
        own = os.path.abspath(a.own_index) if a.own_index else None
        rows = engines(a, corpus, questions, os.path.join(work, f"scale-{a.scale}"), plan, own)
        figures["scale"] = {"passages": a.scale, "rows": rows}
        report.append(table(f"Generated corpus: {a.scale:,} passages, {lines(questions):,} sampled questions "
                            "(timing only: no gold paragraph)", rows))

    text = "\n".join(report)
    print(text)
    with open(os.path.join(a.out, "latest.md"), "w") as fh:
        fh.write(text)
    with open(os.path.join(a.out, "latest.json"), "w") as fh:
        json.dump(figures, fh, indent=1, ensure_ascii=False)


if __name__ == "__main__":
    main()
