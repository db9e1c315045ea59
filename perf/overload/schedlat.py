#!/usr/bin/env python3
"""Scheduling delay (time runnable before it ran) per thread group, from `perf sched timehist`
on stdin: p50, p99, max and how many delays passed 1 ms, for the broker's shards, its io_uring
workers, the paced producer and the flood client. Averages hide what a p99 latency feels: a
thread woken to answer a request that waits a few ms behind another runnable thread.

    perf sched timehist -i perf.data | schedlat.py
"""
import re
import sys

GROUPS = [
    ("broker shards", re.compile(r"^shard-\d+")),
    ("broker io_uring workers", re.compile(r"^iou-wrk")),
    ("paced producer", re.compile(r"^sluice-bench")),
    ("flood client", re.compile(r"^python3")),
]
ROW = re.compile(r"^\s*\d+\.\d+\s+\[\d+\]\s+(\S+)\[[\d/]+\]\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)")


def pct(sorted_ms, q):
    return sorted_ms[min(len(sorted_ms) - 1, int(q * len(sorted_ms)))] if sorted_ms else 0.0


delays = {name: [] for name, _ in GROUPS}
for line in sys.stdin:
    m = ROW.match(line)
    if not m:
        continue
    comm, delay = m.group(1), float(m.group(3))
    for name, pattern in GROUPS:
        if pattern.match(comm):
            delays[name].append(delay)
            break
for name, _ in GROUPS:
    d = sorted(delays[name])
    if not d:
        continue
    over = sum(1 for x in d if x > 1.0)
    print(f"sched delay {name:<24} runs {len(d):7d}  p50 {pct(d, 0.5):6.3f} ms  p99 {pct(d, 0.99):6.3f} ms"
          f"  max {d[-1]:7.3f} ms  >1ms {over}")
