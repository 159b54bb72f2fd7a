#!/usr/bin/env python3
"""Peer benchmark: the PyPI `jieba` package on the same text as `wenda segment --bench`.

Prints one JSON line: dictionary-ready time (jieba.initialize(), cache file off so the
dictionary text is parsed as on a first start, and with jieba's own cache as on later starts)
and throughput (median of RUNS full passes, one thread).
"""
import json, os, statistics, sys, tempfile, time

def main():
    path = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    hmm = os.environ.get("HMM", "1") != "0"
    import jieba
    jieba.setLogLevel(60)
    # Cold: no cache file, the dictionary text is parsed.
    cold = jieba.Tokenizer()
    cold.tmp_dir = tempfile.mkdtemp()
    cold.cache_file = os.path.join(cold.tmp_dir, "none.cache")
    t0 = time.perf_counter(); cold.initialize(); cold_ms = (time.perf_counter() - t0) * 1000
    # Warm: jieba's marshal cache (written by the cold start above).
    warm = jieba.Tokenizer()
    warm.tmp_dir = cold.tmp_dir
    warm.cache_file = cold.cache_file
    t0 = time.perf_counter(); warm.initialize(); warm_ms = (time.perf_counter() - t0) * 1000
    lines = open(path, encoding="utf-8").read().split("\n")
    nbytes = os.path.getsize(path)
    times, cpus = [], []
    for _ in range(runs):
        t0 = time.perf_counter(); c0 = time.thread_time()
        out = [" ".join(warm.cut(line, HMM=hmm)) for line in lines]
        cpus.append(time.thread_time() - c0); times.append(time.perf_counter() - t0)
    w, c = statistics.median(times), statistics.median(cpus)
    print(json.dumps({"peer": "jieba " + jieba.__version__, "hmm": hmm, "bytes": nbytes,
                      "ready_ms_cold": round(cold_ms, 1), "ready_ms_cached": round(warm_ms, 1),
                      "median_wall_s": round(w, 4), "median_cpu_s": round(c, 4),
                      "mb_per_s_wall": round(nbytes / 1e6 / w, 2), "mb_per_s_cpu": round(nbytes / 1e6 / c, 2),
                      "runs": runs}))

if __name__ == "__main__":
    main()
