#!/usr/bin/env python3
"""Per-thread CPU time and run-queue wait of processes, from /proc/PID/task/TID/schedstat.

    schedstat.py snap NAME=PID ...        prints a snapshot (JSON) on stdout
    schedstat.py diff BEFORE AFTER         prints, per process and per thread of it, CPU and
                                           run-queue wait in ms per second of wall time between
                                           the two snapshots, and the wait per time slice

schedstat's fields are the time a task ran, the time it waited runnable on a run queue, and
the number of time slices it ran: where a latency goes when a core is shared shows as wait.
"""
import json
import os
import sys
import time


def snap(named):
    taken = {"at": time.monotonic(), "processes": {}}
    for item in named:
        name, pid = item.split("=", 1)
        threads = {}
        try:
            tids = os.listdir(f"/proc/{pid}/task")
        except FileNotFoundError:
            continue
        for tid in tids:
            try:
                with open(f"/proc/{pid}/task/{tid}/schedstat") as f:
                    run_ns, wait_ns, slices = (int(x) for x in f.read().split())
                with open(f"/proc/{pid}/task/{tid}/comm") as f:
                    comm = f.read().strip()
            except (FileNotFoundError, ProcessLookupError, ValueError):
                continue
            threads[tid] = [comm, run_ns, wait_ns, slices]
        taken["processes"][name] = threads
    return taken


def diff(before, after):
    wall = after["at"] - before["at"]
    lines = [f"schedstat over {wall:.1f} s (ms per s of wall time; wait = runnable, not running)"]
    for name, threads in after["processes"].items():
        old = before["processes"].get(name, {})
        total = [0, 0, 0]
        rows = []
        for tid, (comm, run, wait, slices) in threads.items():
            _, run0, wait0, slices0 = old.get(tid, [comm, 0, 0, 0])
            d = [run - run0, wait - wait0, slices - slices0]
            total = [a + b for a, b in zip(total, d)]
            if d[0] > 0.001 * wall * 1e9 or d[1] > 0.001 * wall * 1e9:
                rows.append((comm, tid, d))
        lines.append(line(name, "all", total, wall))
        for comm, tid, d in sorted(rows, key=lambda r: -r[2][0])[:6]:
            lines.append(line(f"  {comm}", tid, d, wall))
    return "\n".join(lines)


def line(name, tid, d, wall):
    run, wait, slices = d
    per_slice = wait / slices / 1e3 if slices else 0.0
    return (f"{name:<22} {tid:>8}  cpu {run / wall / 1e6:7.1f}  wait {wait / wall / 1e6:7.1f}"
            f"  slices/s {slices / wall:8.0f}  wait/slice {per_slice:7.1f} us")


if __name__ == "__main__":
    if sys.argv[1] == "snap":
        print(json.dumps(snap(sys.argv[2:])))
    elif sys.argv[1] == "diff":
        with open(sys.argv[2]) as a, open(sys.argv[3]) as b:
            print(diff(json.load(a), json.load(b)))
