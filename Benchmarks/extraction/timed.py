#!/usr/bin/env python3
"""timed.py OUT -- CMD…: runs CMD with its standard output to OUT and prints
`WALL_SECONDS CPU_SECONDS` (CPU: user + system of the process and its children), the
CPU time being the steadier figure on a busy machine."""
import os, resource, subprocess, sys, time

out, cmd = sys.argv[1], sys.argv[3:]
start = time.perf_counter()
with open(out, "wb") as f:
    status = subprocess.run(cmd, stdout=f).returncode
wall = time.perf_counter() - start
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print(f"{wall:.3f} {r.ru_utime + r.ru_stime:.3f}")
sys.exit(status)
