#!/usr/bin/env python3
"""The kernel's side of each io_uring fdatasync, from an ftrace buffer on stdin with the
io_uring_submit_req (filtered to FSYNC) and io_uring_complete events: the time from the
request's submission to its completion being posted, matched by request, as p50/p90/p99/max.
The broker's `sluice_shard_fsync_seconds` adds the shard's own delays to it (queueing the
submission, reaping the completion).

    python3 perf/overload/fsynctrace.py < /sys/kernel/tracing/trace
"""
import re
import sys

SUBMIT = re.compile(r"\s(\d+\.\d+): io_uring_submit_req: ring \S+, req (\S+), user_data \S+, opcode FSYNC")
COMPLETE = re.compile(r"\s(\d+\.\d+): io_uring_complete: ring \S+, req (\S+),")

submitted = {}
latencies_ms = []
for line in sys.stdin:
    m = SUBMIT.search(line)
    if m:
        submitted[m.group(2)] = float(m.group(1))
        continue
    m = COMPLETE.search(line)
    if m and m.group(2) in submitted:
        latencies_ms.append((float(m.group(1)) - submitted.pop(m.group(2))) * 1000)
latencies_ms.sort()


def pct(q):
    return latencies_ms[min(len(latencies_ms) - 1, int(q * len(latencies_ms)))] if latencies_ms else 0.0


print(
    f"kernel fsync submit->complete: n {len(latencies_ms)} p50 {pct(0.5):.3f} ms"
    f" p90 {pct(0.9):.3f} p99 {pct(0.99):.3f} max {latencies_ms[-1] if latencies_ms else 0:.3f}"
)
