#!/usr/bin/env python3
"""The benchmark driver behind `make bench` / Benchmarks/run.sh.

Times wenda and its peers (tantivy char-bigram BM25, SQLite FTS5 trigram, jieba +
scikit-learn TF-IDF) in the same run, on the same corpus and questions, and prints a
markdown table with the ratio wenda/peer for each measure. See Benchmarks/README.md.
"""

import argparse
import datetime
import json
import os
import platform
import shlex
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
BENCH = os.path.dirname(HERE)
ROOT = os.path.dirname(BENCH)
sys.path.insert(0, HERE)

from systems import PEERS  # noqa: E402

PEER_PY = os.path.join(HERE, "peer.py")
MAKE_CORPUS = os.path.join(BENCH, "scale", "make_corpus.py")
LARGE = 10_000          # above this many passages, builds are repeated --large-build-reps times
HUGE = 1_000_000        # at or above this, peers run only with --peers-at-1m


def log(msg):
    sys.stderr.write(f"[bench {time.strftime('%H:%M:%S')}] {msg}\n")
    sys.stderr.flush()


# --- measuring processes -------------------------------------------------------------

class Run:
    def __init__(self, seconds, cpu_s, max_rss_mb, code, stdout, stderr):
        self.seconds, self.cpu_s, self.max_rss_mb, self.code = seconds, cpu_s, max_rss_mb, code
        self.stdout, self.stderr = stdout, stderr

    def why(self):
        tail = (self.stderr or b"").decode("utf-8", "replace").strip().splitlines()
        return tail[-1] if tail else f"exit code {self.code}"


def run(cmd, stdin_path=None, capture=False, timeout=None):
    """Run a command; wall time, and its own max RSS from wait4 (not its siblings')."""
    stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
    out = tempfile.TemporaryFile()
    err = tempfile.TemporaryFile()
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdin=stdin, stdout=out if capture else subprocess.DEVNULL,
                         stderr=err, cwd=ROOT)
    deadline = None if timeout is None else t0 + timeout
    try:
        while True:
            pid, status, ru = os.wait4(p.pid, os.WNOHANG)
            if pid:
                break
            if deadline and time.perf_counter() > deadline:
                p.kill()
                pid, status, ru = os.wait4(p.pid, 0)
                break
            time.sleep(0.002)
    except BaseException:  # interrupted: do not leave the child running
        p.kill()
        raise
    seconds = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    if stdin_path:
        stdin.close()
    out.seek(0)
    err.seek(0)
    return Run(seconds, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024.0, p.returncode, out.read() if capture else b"", err.read())


def median(xs):
    xs = sorted(xs)
    n = len(xs)
    if n == 0:
        return None
    return xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2


def percentile(xs, q):
    xs = sorted(xs)
    if not xs:
        return None
    pos = (len(xs) - 1) * q
    lo = int(pos)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


def dir_mb(path):
    total = 0
    for base, _dirs, files in os.walk(path):
        for f in files:
            try:
                total += os.path.getsize(os.path.join(base, f))
            except OSError:
                pass
    return total / 1e6


# --- the systems under test, as commands ----------------------------------------------

class Wenda:
    name, label = "wenda", "wenda"

    def __init__(self, binary):
        self.bin = binary

    def build_cmd(self, corpus, index_dir):
        return [self.bin, "build", corpus, "--out", index_dir]

    # --no-transcript: the runs measure answering, not the user's transcript store (which
    # the benchmark's thousands of questions would otherwise fill).
    def ask_cmd(self, index_dir, question):
        return [self.bin, "ask", "--no-transcript", "--corpus", index_dir, question]

    def serve_cmd(self, index_dir):
        return [self.bin, "--json", "--no-transcript", "--corpus", index_dir]

    def eval_cmd(self, questions_jsonl, index_dir):
        return [self.bin, "eval", questions_jsonl, "--no-transcript", "--corpus", index_dir]

    def shell_cmd(self, index_dir):
        return [self.bin, "shell", "--no-transcript", "--corpus", index_dir]


class Peer:
    def __init__(self, cls):
        self.name, self.label = cls.name, cls.label

    def build_cmd(self, corpus, index_dir):
        return [sys.executable, PEER_PY, "build", self.name, corpus, index_dir]

    def ask_cmd(self, index_dir, question):
        return [sys.executable, PEER_PY, "ask", self.name, index_dir, question]

    def serve_cmd(self, index_dir):
        return [sys.executable, PEER_PY, "serve", self.name, index_dir]


# --- one system on one corpus ---------------------------------------------------------

def measure(system, data, work, opts):
    """data: {'corpus', 'questions_txt', 'questions', 'passages'}; returns a result dict."""
    r = {"system": system.name, "label": system.label, "passages": data["passages"]}
    index_dir = os.path.join(work, system.name)
    reps = opts.build_reps if data["passages"] <= LARGE else opts.large_build_reps

    # Build: whole process, fresh folder each time.
    times, cpus, rss = [], [], []
    for i in range(reps):
        shutil.rmtree(index_dir, ignore_errors=True)
        b = run(system.build_cmd(data["corpus"], index_dir), timeout=opts.timeout)
        if b.code != 0:
            r["error"] = f"build failed: {b.why()}"
            log(f"{system.name}: {r['error']}")
            return r
        times.append(b.seconds)
        cpus.append(b.cpu_s)
        rss.append(b.max_rss_mb)
        log(f"{system.name}: build {i + 1}/{reps} {b.seconds:.2f} s, {b.max_rss_mb:.0f} MB")
    r["build_s"] = median(times)
    r["build_cpu_s"] = median(cpus)
    r["build_runs"] = [round(t, 3) for t in times]
    r["build_mb"] = max(rss)
    r["index_mb"] = dir_mb(index_dir)

    # Latency: in process, elapsed_ms of every question, from the system's own JSON lines.
    s = run(system.serve_cmd(index_dir), stdin_path=data["questions_txt"], capture=True,
            timeout=opts.timeout)
    lines = []
    for line in s.stdout.decode("utf-8", "replace").splitlines():
        line = line.strip()
        if line.startswith("{"):
            try:
                lines.append(json.loads(line))
            except ValueError:
                pass
    ms = [o["elapsed_ms"] for o in lines if isinstance(o.get("elapsed_ms"), (int, float))]
    if not ms or (s.code not in (0, 1) and len(ms) < len(data["questions"])):
        r["latency_error"] = f"--json run gave {len(ms)} timings: {s.why()}"
        log(f"{system.name}: {r['latency_error']}")
    else:
        r["p50_ms"], r["p95_ms"] = percentile(ms, 0.5), percentile(ms, 0.95)
        r["answered"] = len(ms)
        r["query_mb"] = s.max_rss_mb
        r["serve_s"] = s.seconds
        log(f"{system.name}: latency over {len(ms)} questions p50 {r['p50_ms']:.2f} ms, "
            f"p95 {r['p95_ms']:.2f} ms, {s.max_rss_mb:.0f} MB")
        if len(lines) == len(data["questions"]):
            r.update(accuracy(lines, data["questions"]))
    r["peak_mb"] = max(r["build_mb"], r.get("query_mb", 0))

    # Start-up to first answer: a whole fresh process on the persisted index.
    q = data["questions"][0]["question"]
    cmd = system.ask_cmd(index_dir, q)
    first = run(cmd, capture=True, timeout=opts.timeout)
    if first.code not in (0, 1):
        r["startup_error"] = f"ask failed: {first.why()}"
        log(f"{system.name}: {r['startup_error']}")
        return r
    r["startup_ms"], r["startup_cpu_ms"], r["startup_tool"] = startup(cmd, opts.startup_reps)
    log(f"{system.name}: start-up {r['startup_ms']:.0f} ms ({r['startup_tool']})")

    if isinstance(system, Wenda):
        wenda_only(system, data, index_dir, lines, ms, r, opts)

    # wenda's own measures, for the record, where the questions have gold paragraphs.
    if isinstance(system, Wenda) and data.get("questions_jsonl"):
        e = run(system.eval_cmd(data["questions_jsonl"], index_dir), capture=True,
                timeout=opts.timeout)
        text = e.stdout.decode("utf-8", "replace").strip()
        r["wenda_eval"] = text if e.code == 0 and text else f"(wenda eval failed: {e.why()})"
    # Last: it changes the built folder.
    if isinstance(system, Wenda):
        add_one(system, data, index_dir, r, opts)
    return r


def wenda_only(system, data, index_dir, lines, ms, r, opts):
    """What only wenda has: its JSON lines' cost (the piped --json run, whole process, to
    the answering time alone, and to the same run with Foundation's JSONEncoder making the
    same bytes), and the shell's start (ready for a question; finding an article by title)."""
    if ms:
        serve = system.serve_cmd(index_dir)
        writer, foundation = [], []
        for _ in range(opts.json_reps):  # in turn, so both see the same machine
            writer.append(run(serve, stdin_path=data["questions_txt"], timeout=opts.timeout).seconds)
            foundation.append(run(serve + ["--json-encoder", "foundation"], stdin_path=data["questions_txt"],
                                  timeout=opts.timeout).seconds)
        r["json_whole_s"], r["json_foundation_s"] = median(writer), median(foundation)
        r["answering_s"] = sum(ms) / 1000.0
        log(f"wenda: piped --json {r['json_whole_s']:.2f} s whole (JSONEncoder {r['json_foundation_s']:.2f} s), "
            f"answering alone {r['answering_s']:.2f} s")
    shell = system.shell_cmd(index_dir)
    r["shell_ms"], r["shell_cpu_ms"], _tool = startup(shell, opts.startup_reps)
    # `/open` with the first passage's title: the titles are read for the first time.
    title = next((a["citation"]["title"] for o in lines for a in o.get("answers", [])
                  if a.get("citation", {}).get("title")), None)
    if title:
        path = os.path.join(data["work"], "open-title.txt")
        with open(path, "w", encoding="utf-8") as f:
            f.write("/open " + title + "\n")
        run(shell, stdin_path=path)  # warm-up
        r["shell_open_ms"] = median([run(shell, stdin_path=path).seconds for _ in range(opts.startup_reps)]) * 1000.0
    log(f"wenda: shell ready {r['shell_ms']:.0f} ms, /open a title {r.get('shell_open_ms', 0):.0f} ms")


# An article the corpus lacks, with a fact only it holds, and the question that finds it.
NEW_ARTICLE = {"id": "BENCH_ADDED_ARTICLE", "title": "蓝鲸湖观测站年度报告",
               "text": "蓝鲸湖观测站今年共记录到三千二百一十七只过境候鸟。观测站位于湖的北岸，由志愿者轮流值守。"}
NEW_QUESTION = "蓝鲸湖观测站今年共记录到多少只过境候鸟？"


def add_one(system, data, index_dir, r, opts):
    """Adding one article to the built collection, until a question finds it: the corpus
    with one more article, built again into the same folder (`wenda build`, whatever it
    then does: it segments and indexes only the new article, as a new segment of the
    index), then a fresh `wenda ask --json` that must cite the new article."""
    # The collection built from a copy of the corpus (untimed: an article's source is part
    # of it), then the same file with the article added.
    corpus = os.path.join(data["work"], "corpus.jsonl")
    shutil.copyfile(data["corpus"], corpus)
    first = run(system.build_cmd(corpus, index_dir), timeout=opts.timeout)
    if first.code != 0:
        r["add_one_error"] = f"build of the copy {first.why()}"
        return
    with open(corpus, "ab") as dst:
        dst.write((json.dumps(NEW_ARTICLE, ensure_ascii=False) + "\n").encode("utf-8"))
    b = run(system.build_cmd(corpus, index_dir), timeout=opts.timeout)
    a = run([system.bin, "ask", "--json", "--no-transcript", "--corpus", index_dir, NEW_QUESTION], capture=True,
            timeout=opts.timeout)
    found = NEW_ARTICLE["id"] in a.stdout.decode("utf-8", "replace")
    if b.code != 0 or not found:
        r["add_one_error"] = f"build {b.why()}, ask {a.why()}, the new article {'found' if found else 'not found'}"
        log(f"wenda: adding one article: {r['add_one_error']}")
        return
    r["add_one_s"], r["add_one_build_s"] = b.seconds + a.seconds, b.seconds
    log(f"wenda: one article added and found in {r['add_one_s']:.2f} s (build {b.seconds:.2f} s)")


def startup(cmd, reps):
    if shutil.which("hyperfine"):
        with tempfile.NamedTemporaryFile(suffix=".json") as f:
            h = subprocess.run(["hyperfine", "-N", "-i", "--style", "none", "--warmup", "1",
                                "--runs", str(reps), "--export-json", f.name,
                                " ".join(shlex.quote(c) for c in cmd)],
                               cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            if h.returncode == 0:
                res = json.load(open(f.name))["results"][0]
                return (res["median"] * 1000.0, (res["user"] + res["system"]) * 1000.0,
                        f"hyperfine, median of {reps}")
    run(cmd)  # warm-up
    runs = [run(cmd) for _ in range(reps)]
    return (median([x.seconds for x in runs]) * 1000.0, median([x.cpu_s for x in runs]) * 1000.0,
            f"median of {reps}")


def accuracy(lines, questions):
    """R@1, R@5 and 'the best sentence contains a gold answer', where doc ids are known."""
    if not all(q.get("doc_id") for q in questions):
        return {}
    r1 = r5 = sent = 0
    for o, q in zip(lines, questions):
        ids = [p.get("doc_id") for p in o.get("passages", [])]
        r1 += bool(ids[:1] and ids[0] == q["doc_id"])
        r5 += q["doc_id"] in ids[:5]
        ans = o.get("answers") or []
        text = ans[0].get("text", "") if ans else ""
        sent += any(a and a in text for a in q["answers"])
    n = len(questions)
    return {"r1": r1 / n, "r5": r5 / n, "sentence": sent / n}


# --- data -------------------------------------------------------------------------------

def load_questions(path, limit):
    qs = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                o = json.loads(line)
                q = " ".join(o["question"].split())
                if q:
                    o["question"] = q
                    qs.append(o)
            if limit and len(qs) >= limit:
                break
    return qs


def count_lines(path):
    with open(path, "rb") as f:
        return sum(1 for line in f if line.strip())


def dataset(size, opts, out_dir):
    base_corpus = os.path.join(opts.eval_dir, f"cmrc2018-{opts.split}.corpus.jsonl")
    base_questions = os.path.join(opts.eval_dir, f"cmrc2018-{opts.split}.questions.jsonl")
    base_n = count_lines(base_corpus)
    if size == base_n:
        corpus, qpath, limit = base_corpus, base_questions, opts.questions
        name = f"CMRC 2018 {opts.split}"
    else:
        scale_dir = os.path.join(out_dir, "scale")
        corpus = os.path.join(scale_dir, f"scale-{size}.corpus.jsonl")
        qpath = os.path.join(scale_dir, f"scale-{size}.questions.jsonl")
        if not (os.path.exists(corpus) and os.path.exists(qpath)):
            log(f"generating a {size:,}-passage corpus under {scale_dir}")
            subprocess.run([sys.executable, MAKE_CORPUS, "--eval-dir", opts.eval_dir,
                            "--passages", str(size), "--questions", str(opts.scale_questions),
                            "--out", scale_dir], check=True)
        limit = opts.scale_questions
        name = "generated from CMRC 2018 train+trial"
    qs = load_questions(qpath, limit)
    work = os.path.join(out_dir, "work", str(size))
    os.makedirs(work, exist_ok=True)
    qtxt = os.path.join(work, "questions.txt")
    with open(qtxt, "w", encoding="utf-8") as f:
        for q in qs:
            f.write(q["question"] + "\n")
    qjsonl = None
    if all(q.get("doc_id") for q in qs):
        qjsonl = os.path.join(work, "questions.jsonl")
        with open(qjsonl, "w", encoding="utf-8") as f:
            for q in qs:
                f.write(json.dumps(q, ensure_ascii=False) + "\n")
    return {"corpus": corpus, "questions": qs, "questions_txt": qtxt, "questions_jsonl": qjsonl,
            "passages": count_lines(corpus) if size != base_n else base_n,
            "name": name, "work": work}


# --- report -----------------------------------------------------------------------------

COLS = [("build_s", "build s", 2), ("p50_ms", "p50 ms", 2), ("p95_ms", "p95 ms", 2),
        ("startup_ms", "start-up ms", 0), ("peak_mb", "peak MB", 0), ("index_mb", "index MB", 1)]


def fmt(v, digits):
    if v is None:
        return "–"
    return f"{v:,.{digits}f}"


def table(results):
    wenda = next((r for r in results if r["system"] == "wenda"), None)
    rows = ["| system | " + " | ".join(c[1] for c in COLS) + " |",
            "|---|" + "---:|" * len(COLS)]
    for r in results:
        cells = []
        for key, _h, d in COLS:
            v = r.get(key)
            cell = fmt(v, d)
            if r is not wenda and wenda and v and wenda.get(key):
                cell += f" ({wenda[key] / v:.2f})"
            cells.append(cell)
        rows.append(f"| {r['label']} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def report(all_results, opts, env):
    out = [f"# wenda benchmark, {env['when']}", ""]
    out.append(f"Machine: {env['cores']} cores, load average {env['load']} at the start; "
               f"{env['versions']}.")
    out.append(f"Build: median of {opts.build_reps} runs (of {opts.large_build_reps} above "
               f"{LARGE:,} passages), whole process (read + segment + index + save). "
               f"Latency: in process, question in → top-5 passages and best sentence out, "
               f"p50/p95 over every question asked. Start-up: a fresh process on the saved "
               f"index answering one question. Peak MB: the larger max RSS of the build and "
               f"the latency run. Index MB: the saved folder on disk.")
    out.append("In parentheses: wenda ÷ peer (below 1: wenda is faster or smaller).")
    if env.get("wenda_note"):
        out += ["", f"**{env['wenda_note']}**"]
    out.append("")
    for size, (data, results) in all_results.items():
        out.append(f"## {data['passages']:,} passages ({data['name']}), "
                   f"{len(data['questions']):,} questions")
        out.append("")
        out.append(table(results))
        notes = []
        for r in results:
            for k in ("error", "latency_error", "startup_error", "add_one_error"):
                if r.get(k):
                    notes.append(f"- {r['label']}: {r[k]}")
            if r.get("skipped"):
                notes.append(f"- {r['label']}: {r['skipped']}")
        checked = any("r1" in r for r in results)
        out += ["", "Details: CPU time (user + system; steadier than wall time on a busy "
                "machine), memory of each phase" + (", and a retrieval check (each question "
                "asked against every passage)" if checked else "") + ":", "",
                "| system | build CPU s | start-up CPU ms | build MB | query MB |"
                + (" R@1 | R@5 | best sentence has the answer |" if checked else ""),
                "|---|" + "---:|" * (7 if checked else 4)]
        for r in results:
            if r.get("skipped"):
                continue
            row = (f"| {r['label']} | {fmt(r.get('build_cpu_s'), 2)} | "
                   f"{fmt(r.get('startup_cpu_ms'), 0)} | {fmt(r.get('build_mb'), 0)} | "
                   f"{fmt(r.get('query_mb'), 0)} |")
            if checked:
                row += (f" {fmt(r.get('r1'), 3)} | {fmt(r.get('r5'), 3)} | "
                        f"{fmt(r.get('sentence'), 3)} |")
            out.append(row)
        for r in results:
            if r.get("shell_ms") is not None:
                out += ["", "wenda alone: the piped `--json` run of every question (whole process, median of "
                        f"{opts.json_reps}, in turn with the same run whose lines Foundation's JSONEncoder makes, "
                        "`--json-encoder foundation`), to the answering time alone (the sum of `elapsed_ms`); "
                        "the shell started with no question (`wenda shell < /dev/null`) and finding an article "
                        "by title (`/open TITLE`, the titles read for the first time):", "",
                        "| piped --json s | with JSONEncoder s | answering alone s | whole ÷ answering | "
                        "writer ÷ JSONEncoder | shell ready ms | /open a title ms | ask start-up ms | "
                        "one article added, until found s |",
                        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
                        f"| {fmt(r.get('json_whole_s'), 2)} | {fmt(r.get('json_foundation_s'), 2)} | "
                        f"{fmt(r.get('answering_s'), 2)} | "
                        f"{fmt(r['json_whole_s'] / r['answering_s'] if r.get('json_whole_s') and r.get('answering_s') else None, 2)} | "
                        f"{fmt(r['json_whole_s'] / r['json_foundation_s'] if r.get('json_whole_s') and r.get('json_foundation_s') else None, 2)} | "
                        f"{fmt(r.get('shell_ms'), 0)} | {fmt(r.get('shell_open_ms'), 0)} | {fmt(r.get('startup_ms'), 0)} | "
                        f"{fmt(r.get('add_one_s'), 2)} |"]
        if notes:
            out += [""] + notes
        for r in results:
            if r.get("wenda_eval"):
                out += ["", f"`wenda eval` on the same {len(data['questions']):,} questions:", "",
                        "```", r["wenda_eval"], "```"]
        out.append("")
    if len(all_results) > 1:
        out += ["## Growth with size", "",
                "| system | passages | " + " | ".join(c[1] for c in COLS) + " |",
                "|---|---:|" + "---:|" * len(COLS)]
        names = []
        for _d, results in all_results.values():
            for r in results:
                if r["label"] not in names:
                    names.append(r["label"])
        for name in names:
            for data, results in all_results.values():
                for r in results:
                    if r["label"] == name and not r.get("skipped"):
                        out.append(f"| {name} | {data['passages']:,} | " +
                                   " | ".join(fmt(r.get(k), d) for k, _h, d in COLS) + " |")
        out.append("")
    return "\n".join(out)


def versions():
    parts = [f"Python {platform.python_version()}"]
    try:
        import sqlite3
        parts.append(f"SQLite {sqlite3.sqlite_version}")
    except ImportError:
        pass
    try:
        from importlib.metadata import version
        for pkg in ("tantivy", "jieba", "scikit-learn"):
            try:
                parts.append(f"{pkg} {version(pkg)}")
            except Exception:
                pass
    except ImportError:
        pass
    if shutil.which("hyperfine"):
        parts.append("hyperfine")
    return ", ".join(parts)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("eval_dir_arg", nargs="?", metavar="EVAL_DIR",
                    help="CMRC 2018 data (default: $WENDA_EVAL_DIR, else ../shared/eval from the repo root)")
    ap.add_argument("--eval-dir")
    ap.add_argument("--split", default="train", choices=["train", "trial"])
    ap.add_argument("--sizes", default="base",
                    help="comma-separated passage counts; 'base' (or the split's own count, 2403 "
                         "for train) is the real corpus, others are generated (e.g. base,10000,100000)")
    ap.add_argument("--questions", type=int, default=2000,
                    help="questions timed on the real corpus (first N; 0 = all)")
    ap.add_argument("--scale-questions", type=int, default=500,
                    help="questions sampled for each generated corpus")
    ap.add_argument("--build-reps", type=int, default=5)
    ap.add_argument("--large-build-reps", type=int, default=1,
                    help=f"build repetitions above {LARGE:,} passages")
    ap.add_argument("--startup-reps", type=int, default=10)
    ap.add_argument("--json-reps", type=int, default=3,
                    help="runs of wenda's piped --json run with each JSON encoder (median)")
    ap.add_argument("--peers", default=",".join(PEERS),
                    help=f"which peers ({','.join(PEERS)}); empty for none")
    ap.add_argument("--peers-at-1m", action="store_true",
                    help=f"also run the peers at {HUGE:,} passages or more (slow)")
    ap.add_argument("--wenda-bin", help="the wenda executable (run.sh passes the release build)")
    ap.add_argument("--no-wenda", action="store_true")
    ap.add_argument("--timeout", type=float, default=3 * 3600, help="seconds per process")
    ap.add_argument("--out", default=os.path.join(ROOT, "bench-out"))
    opts = ap.parse_args()

    opts.eval_dir = (opts.eval_dir or opts.eval_dir_arg or os.environ.get("WENDA_EVAL_DIR")
                     or os.path.join(ROOT, "..", "shared", "eval"))
    opts.eval_dir = os.path.abspath(opts.eval_dir)
    base = os.path.join(opts.eval_dir, f"cmrc2018-{opts.split}.corpus.jsonl")
    if not os.path.exists(base):
        sys.exit(f"bench: no {os.path.basename(base)} in {opts.eval_dir}; pass the CMRC 2018 "
                 f"folder as an argument or set WENDA_EVAL_DIR")
    opts.out = os.path.abspath(opts.out)
    os.makedirs(opts.out, exist_ok=True)
    base_n = count_lines(base)
    sizes = [base_n if s.strip() == "base" else int(s.replace("_", "").replace(",", ""))
             for s in opts.sizes.split(",") if s.strip()]

    systems = []
    wenda_note = None
    if opts.no_wenda:
        wenda_note = "wenda not measured (--no-wenda)."
    elif opts.wenda_bin and os.access(opts.wenda_bin, os.X_OK):
        systems.append(Wenda(os.path.abspath(opts.wenda_bin)))
    else:
        wenda_note = ("wenda not measured: no executable (build it with `swift build -c release`, "
                      "or pass --wenda-bin); no ratios.")
        log(f"wenda: no executable{' at ' + opts.wenda_bin if opts.wenda_bin else ''}; "
            "measuring the peers only")
    peers = [Peer(PEERS[p.strip()]) for p in opts.peers.split(",") if p.strip()]

    env = {"when": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
           "cores": os.cpu_count(), "load": " ".join(f"{x:.2f}" for x in os.getloadavg()),
           "versions": versions(), "wenda_note": wenda_note}
    if os.getloadavg()[0] > 1.0:
        log(f"warning: load average {env['load']}; timings will be noisy")

    all_results = {}
    for size in sizes:
        data = dataset(size, opts, opts.out)
        results = []
        for system in systems + peers:
            if isinstance(system, Peer) and data["passages"] >= HUGE and not opts.peers_at_1m:
                results.append({"system": system.name, "label": system.label,
                                "passages": data["passages"],
                                "skipped": "skipped at this size (pass --peers-at-1m)"})
                continue
            log(f"{system.name} on {data['passages']:,} passages")
            results.append(measure(system, data, data["work"], opts))
        all_results[size] = (data, results)
        partial = report(all_results, opts, env)  # keep what is done if a later size fails
        with open(os.path.join(opts.out, "latest.md"), "w", encoding="utf-8") as f:
            f.write(partial + "\n")

    md = report(all_results, opts, env)
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%d-%H%M%S")
    for name in (f"bench-{stamp}.md", "latest.md"):
        with open(os.path.join(opts.out, name), "w", encoding="utf-8") as f:
            f.write(md + "\n")
    raw = {str(k): {"passages": d["passages"], "questions": len(d["questions"]), "results": rs}
           for k, (d, rs) in all_results.items()}
    with open(os.path.join(opts.out, f"bench-{stamp}.json"), "w", encoding="utf-8") as f:
        json.dump({"env": env, "sizes": raw}, f, ensure_ascii=False, indent=1)
    print(md)
    log(f"saved {os.path.join(opts.out, f'bench-{stamp}.md')}")


if __name__ == "__main__":
    main()
