"""Sluice's CPU by stage of the produce and fetch paths (issue 15, item 4), from its /metrics.

The broker counts the seconds each shard spends in every stage (`sluice_stage_seconds_total`,
storage/src/profile.rs); two scrapes around a measured window, divided by the megabytes
appended (`kafka_server_brokertopicmetrics_bytesin_total`) and sent to consumers
(`..._bytesout_total`) in it, give CPU per MB by stage. Used by perf/run (one row per Sluice run)
and perf/stage-profile. Standard library only.
"""

import re
import urllib.request

STAGE_LINE = re.compile(
    r'^sluice_stage_seconds_total\{shard="(\d+)",path="(\w+)",stage="(\w+)"\} ([0-9.eE+-]+)$')
TOTAL_LINE = re.compile(r'^(kafka_server_brokertopicmetrics_bytes(?:in|out)_total) ([0-9.eE+-]+)$')
BUSY_LINE = re.compile(r'^sluice_shard_busy_seconds_total\{shard="(\d+)"\} ([0-9.eE+-]+)$')
FSYNC_SUM = re.compile(r'^sluice_shard_fsync_seconds_sum\{shard="\d+"\} ([0-9.eE+-]+)$')


def scrape(http_addr, timeout_s=5):
    """Parses the counters the profile needs from http://ADDR/metrics (`None` if unreachable)."""
    try:
        with urllib.request.urlopen(f"http://{http_addr}/metrics", timeout=timeout_s) as r:
            text = r.read().decode(errors="replace")
    except OSError:
        return None
    out = dict(stages={}, bytes_in=0.0, bytes_out=0.0, busy_s=0.0, fsync_s=0.0)
    for line in text.splitlines():
        m = STAGE_LINE.match(line)
        if m:
            key = f"{m.group(2)}.{m.group(3)}"
            out["stages"][key] = out["stages"].get(key, 0.0) + float(m.group(4))
            continue
        m = TOTAL_LINE.match(line)
        if m:
            out["bytes_in" if m.group(1).endswith("bytesin_total") else "bytes_out"] = \
                float(m.group(2))
            continue
        m = BUSY_LINE.match(line)
        if m:
            out["busy_s"] += float(m.group(2))
            continue
        m = FSYNC_SUM.match(line)
        if m:
            out["fsync_s"] += float(m.group(1))
    return out


def profile(before, after, process_cpu_s=None):
    """CPU per MB by stage between two scrapes: produce stages per MB appended, fetch stages
    per MB sent to consumers, in ms per GB (= µs per MB). `process_cpu_s`: the broker's CPU
    seconds over the same window (from /proc), for what the stages do not cover."""
    if before is None or after is None:
        return None
    mb_in = (after["bytes_in"] - before["bytes_in"]) / 1e6
    mb_out = (after["bytes_out"] - before["bytes_out"]) / 1e6
    stages = {}
    spent = 0.0
    for key in sorted(after["stages"], key=stage_order):
        s = after["stages"][key] - before["stages"].get(key, 0.0)
        spent += s
        per = mb_in if key.startswith("produce.") else mb_out
        stages[key] = round(s * 1e6 / per, 1) if per > 0 else None
    busy_s = after["busy_s"] - before["busy_s"]
    fsync_s = after["fsync_s"] - before["fsync_s"]
    mb_all = mb_in + mb_out
    out = dict(mb_in=round(mb_in, 1), mb_out=round(mb_out, 1), stages_us_per_mb=stages,
               staged_s=round(spent, 3), busy_s=round(busy_s, 3),
               fsync_wall_s=round(fsync_s, 3),
               fsync_wall_us_per_mb_in=round(fsync_s * 1e6 / mb_in, 1) if mb_in > 0 else None)
    if process_cpu_s is not None:
        out["process_cpu_s"] = round(process_cpu_s, 3)
        out["unstaged_s"] = round(process_cpu_s - spent, 3)
        if mb_all > 0:
            out["process_us_per_mb"] = round(process_cpu_s * 1e6 / mb_all, 1)
            out["unstaged_us_per_mb"] = round((process_cpu_s - spent) * 1e6 / mb_all, 1)
    return out


ORDER = ["receive", "decode", "validate", "append", "index", "read", "response", "send"]


def stage_order(key):
    path, stage = key.split(".", 1)
    return (0 if path == "produce" else 1, ORDER.index(stage) if stage in ORDER else 99)


def table(p):
    """Markdown lines for one profile."""
    if not p:
        return ["(no stage profile)"]
    lines = ["| stage | µs per MB | of |", "|---|---|---|"]
    for key, us in p["stages_us_per_mb"].items():
        of = "MB appended" if key.startswith("produce.") else "MB fetched"
        lines.append(f"| {key} | {'–' if us is None else us} | {of} |")
    if p.get("fsync_wall_us_per_mb_in") is not None:
        lines.append(f"| fdatasync (wall, disk; not CPU) | {p['fsync_wall_us_per_mb_in']} | "
                     "MB appended |")
    if p.get("process_us_per_mb") is not None:
        lines.append(f"| broker process CPU, all | {p['process_us_per_mb']} | MB in + out |")
        lines.append(f"| outside the stages (executor, mesh, IO polling, timers, …) | "
                     f"{p['unstaged_us_per_mb']} | MB in + out |")
    return lines
