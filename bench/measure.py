"""Runs commands several times each and reports the median wall time and the peak resident
memory of the process (from wait4's rusage). Usage: measure.py RUNS LABEL -- CMD... [:: LABEL -- CMD...]
Prints one JSON object per command on stdout."""
import json
import os
import statistics
import subprocess
import sys
import time

runs = int(sys.argv[1])
groups, current = [], []
for arg in sys.argv[2:]:
    if arg == "::":
        groups.append(current)
        current = []
    else:
        current.append(arg)
groups.append(current)
for group in groups:
    label, command = group[0], group[group.index("--") + 1:]
    walls, peaks = [], []
    for _ in range(runs):
        began = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(process.pid, 0)
        walls.append(time.perf_counter() - began)
        peaks.append(usage.ru_maxrss / 1024)
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit(f"{label}: exit {os.waitstatus_to_exitcode(status)}: {process.stderr.read().decode()}")
    print(json.dumps({"label": label, "median_s": statistics.median(walls), "peak_mb": max(peaks)}))
