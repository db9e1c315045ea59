"""Renders a perf/run output dir into report.md and PNG charts.

    perf/.venv/bin/python perf/report/render.py DIR     # re-render from DIR/summary.json

Reads DIR/summary.json (one row per run), DIR/meta.json (machine, versions, settings),
DIR/crosscheck.json (Kafka's own perf tools) and DIR/runs/*/percentiles.csv. Every run is
reported (appendix); tables show medians with min–max, never the best run.
"""

import csv
import json
import math
import statistics
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

BROKERS = ("sluice", "kafka")
COLORS = {"sluice": "#1f77b4", "kafka": "#d62728"}

# (key, label, higher_is_better)
METRICS = [
    ("throughput_mb_s", "throughput MB/s", True),
    ("records_per_s", "records/s", True),
    ("consumed_mb_s", "consumed MB/s", True),
    ("publish_p50_ms", "publish p50 ms", False),
    ("publish_p99_ms", "publish p99 ms", False),
    ("publish_p999_ms", "publish p99.9 ms", False),
    ("e2e_p50_ms", "e2e p50 ms", False),
    ("e2e_p99_ms", "e2e p99 ms", False),
    ("e2e_p999_ms", "e2e p99.9 ms", False),
    ("broker_cpu_s_per_gb", "broker CPU-s/GB", False),
    ("broker_rss_max_mb", "broker peak RSS MB", False),
    ("disk_write_per_payload", "disk bytes / payload byte", False),
]

# The project's targets (issue 4): ratio Sluice/Kafka, and which way is better.
# Issue 15's targets: (key, workloads it applies to (None = all), ratio, higher is better, text).
TARGETS = [
    ("throughput_mb_s", ("W1", "W2", "W4"), 2.0, True, "throughput ≥ 2× Kafka (W1, W2, W4)"),
    ("e2e_p99_ms", ("W2", "W3", "W5"), 0.5, False,
     "p99 end-to-end ≤ 0.5× Kafka (workloads with consumers)"),
    ("broker_cpu_s_per_gb", None, 0.4, False, "broker CPU-s per GB ≤ 0.4× Kafka"),
    ("broker_rss_max_mb", None, 0.1, False, "peak RSS ≤ 0.1× Kafka"),
]
MAX_RATE_WORKLOADS = ("W1", "W2", "W4", "W5")


def row_line(row):
    if not row.get("ok"):
        return f"FAILED {(row.get('error') or '')[:200]}"
    return (f"{fmt(row.get('throughput_mb_s'))} MB/s, {fmt(row.get('records_per_s'))} rec/s, "
            f"publish p99 {fmt(row.get('publish_p99_ms'))} ms, "
            f"e2e p99 {fmt(row.get('e2e_p99_ms'))} ms, "
            f"CPU-s/GB {fmt(row.get('broker_cpu_s_per_gb'))}, "
            f"RSS {fmt(row.get('broker_rss_max_mb'))} MB")


def fmt(v):
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "–"
    if isinstance(v, str):
        return v
    if isinstance(v, int):
        return f"{v:,}"
    a = abs(v)
    if a >= 1000:
        return f"{v:,.0f}"
    if a >= 100:
        return f"{v:.0f}"
    if a >= 10:
        return f"{v:.1f}"
    return f"{v:.3g}"


def fratio(r):
    """A ratio with 3 significant digits, so 0.004 does not print as 0.00."""
    return "–" if r is None else f"{r:.3g}"


def load(out):
    rows = json.loads((out / "summary.json").read_text())
    for r in rows:
        r["_dir"] = out  # not written back: only for finding runs/<id>/
    meta = json.loads((out / "meta.json").read_text()) if (out / "meta.json").exists() else {}
    xc_path = out / "crosscheck.json"
    xc = json.loads(xc_path.read_text()) if xc_path.exists() else []
    return rows, meta, xc


def values(rows, key):
    return [r[key] for r in rows if r.get("ok") and isinstance(r.get(key), (int, float))]


def med_range(vals):
    if not vals:
        return None, None, None
    return statistics.median(vals), min(vals), max(vals)


def cell(vals):
    m, lo, hi = med_range(vals)
    if m is None:
        return "–"
    if len(vals) == 1:
        return fmt(m)
    return f"{fmt(m)} ({fmt(lo)}–{fmt(hi)})"


def ratio(s_vals, k_vals):
    s, k = med_range(s_vals)[0], med_range(k_vals)[0]
    if s is None or k is None or k == 0:
        return None
    return s / k


def verdict(r, higher_better, s_vals=(), k_vals=()):
    if r is None:
        return ""
    better = r > 1 if higher_better else r < 1
    if abs(r - 1) < 0.03:
        return "even"
    text = "Sluice better" if better else "**Sluice worse**"
    if len(s_vals) > 1 and len(k_vals) > 1 and overlap(s_vals, k_vals):
        text += " (ranges overlap)"
    return text


def overlap(a, b):
    return min(a) <= max(b) and min(b) <= max(a)


def groups(rows):
    """(mode, workload) pairs in run order."""
    seen = []
    for r in rows:
        k = (r["mode"], r["workload"])
        if k not in seen:
            seen.append(k)
    return seen


def select(rows, mode, workload, broker):
    return [r for r in rows if r["mode"] == mode and r["workload"] == workload
            and r["broker"] == broker]


# ---------------------------------------------------------------------------------------------
# Charts


def read_percentiles(path):
    curves = {}
    try:
        with open(path) as f:
            for rec in csv.DictReader(f):
                try:
                    p, ms = float(rec["percentile"]), float(rec["ms"])
                except (KeyError, ValueError, TypeError):
                    continue
                curves.setdefault(rec.get("kind", "?"), []).append((p, ms))
    except OSError:
        return {}
    for kind, pts in curves.items():
        if pts and max(p for p, _ in pts) <= 1.0:  # fractions, not percents
            pts[:] = [(p * 100, ms) for p, ms in pts]
        pts.sort()
    return curves


def nines(p):
    """Percentile → position on a 'number of nines' axis (50 → 0.3, 99 → 2, 99.9 → 3)."""
    return -math.log10(max(1 - min(p, 99.9999) / 100, 1e-6))


def chart_latency(out, rows, mode, workload):
    fig, ax = plt.subplots(figsize=(7, 4.2))
    drawn = False
    for broker in BROKERS:
        for r in select(rows, mode, workload, broker):
            if not r.get("ok"):
                continue
            curves = read_percentiles(out / "runs" / r["run_id"] / "percentiles.csv")
            for kind, style in (("publish", "-"), ("e2e", "--")):
                pts = [(p, ms) for p, ms in curves.get(kind, []) if ms > 0]
                if not pts:
                    continue
                label = f"{broker} {kind}" if r["run"] == 1 else None
                ax.plot([nines(p) for p, _ in pts], [ms for _, ms in pts], style,
                        color=COLORS[broker], alpha=0.8, label=label)
                drawn = True
    if not drawn:
        plt.close(fig)
        return None
    ticks = [0, 50, 90, 99, 99.9, 99.99, 99.999]
    ax.set_xticks([nines(p) for p in ticks], [f"p{t:g}" for t in ticks])
    ax.set_yscale("log")
    ax.set_ylabel("latency ms (log)")
    ax.set_title(f"{workload} ({mode}): latency by percentile, every run")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    name = f"latency-{workload}-{mode}.png"
    fig.tight_layout()
    fig.savefig(out / name, dpi=80)
    plt.close(fig)
    return name


def chart_bars(out, rows, key, ylabel, name):
    keys = groups(rows)
    if not keys:
        return None
    fig, ax = plt.subplots(figsize=(max(6, 1.1 * len(keys) + 2), 4))
    width = 0.38
    drawn = False
    for i, broker in enumerate(BROKERS):
        meds, los, his = [], [], []
        for mode, w in keys:
            m, lo, hi = med_range(values(select(rows, mode, w, broker), key))
            meds.append(m or 0)
            los.append((m - lo) if m is not None else 0)
            his.append((hi - m) if m is not None else 0)
            drawn |= m is not None
        xs = [j + (i - 0.5) * width for j in range(len(keys))]
        ax.bar(xs, meds, width, yerr=[los, his], capsize=3, color=COLORS[broker], label=broker)
    if not drawn:
        plt.close(fig)
        return None
    ax.set_xticks(range(len(keys)), [f"{w}\n{m}" for m, w in keys])
    ax.set_ylabel(ylabel)
    ax.set_title(f"{ylabel}: median, bars = min–max")
    ax.grid(True, axis="y", alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(out / name, dpi=80)
    plt.close(fig)
    return name


# ---------------------------------------------------------------------------------------------
# Markdown


def md_table(header, body):
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in body]
    return "\n".join(lines)


def section_settings(meta):
    c = meta.get("client", {})
    lines = [
        "## Settings",
        f"- Command: `{meta.get('command', '')}`",
        f"- Runs per broker, workload and mode: {meta.get('runs')}; brokers alternate "
        "(Sluice, Kafka, Sluice, Kafka, …); every run starts its broker on a fresh data dir.",
        f"- Client: `{Path(meta.get('bench', 'sluice-bench')).name}` for both brokers, same "
        f"record bytes; warm-up {meta.get('warmup_s')} s, measured {meta.get('duration_s')} s; "
        f"acks={c.get('acks')}, linger {c.get('linger_ms')} ms, batch {c.get('batch_bytes')} B, "
        f"max in flight {c.get('max_in_flight')}, compression {c.get('compression')}.",
        "- Broker figures come from /proc over the client's measured window (sampled at the end "
        "of warm-up and of the window): CPU = utime+stime of all threads (+ waited children), "
        "CPU-s/GB = broker cores used ÷ payload GB/s (10^9 bytes of record payload as counted "
        "by the client), disk = `write_bytes` from /proc/PID/io, peak RSS = VmHWM at the end "
        "of the run (includes start-up and warm-up).",
        f"- Kafka {meta.get('kafka_version')} from Maven Central jars (perf/kafka/start-kafka), "
        f"single-node KRaft on loopback, JVM flags of kafka-run-class.sh (G1, "
        f"MaxGCPauseMillis=20), heap -Xms/-Xmx {meta.get('kafka_heap')}: the default of "
        "Kafka's bin/kafka-server-start.sh. Kafka's docs (Operations → Java Version) quote "
        "-Xmx6g for one of LinkedIn's busiest clusters (60 brokers, 50k partitions); a single "
        "broker with ≤ 16 partitions needs far less, and Kafka's docs stress leaving memory to "
        "the page cache, which serves its reads — so the 1 GiB default, on this machine's "
        f"{meta.get('mem_total', '?').split(':')[-1].strip()}.",
        "- Sluice: `target/release/sluice start --set log.dirs=… --set listeners=… --set "
        "num.partitions=N`, one shard per core (default). RLIMIT_MEMLOCK for the run: "
        f"{meta.get('memlock', '?')} (glommio wants 10 MiB per shard for registered io "
        "buffers and runs without them, a little slower, under 8 MiB).",
        "- Durability modes:",
    ]
    if meta.get("nodes", 1) > 1:
        lines[5:7] = cluster_settings(meta)
    for mode, m in meta.get("modes", {}).items():
        k = ", ".join(f"`{x}`" for x in m.get("kafka", [])) or "Kafka defaults (no fsync; page "\
            "cache, flushed by the OS)"
        s = ", ".join(f"`{x}`" for x in m.get("sluice", [])) or "Sluice defaults (fdatasync "\
            "before an acks=all ack, group commit)"
        lines.append(f"  - **{mode}**: Kafka: {k}; Sluice: {s}.")
    lines.append("- Workloads:")
    for w, d in meta.get("workloads", {}).items():
        rate = f"{d['rate']:,} records/s" if d.get("rate") else "max rate"
        lines.append(f"  - **{w}**: {d['title']} — partitions={d['partitions']}, "
                     f"producers={d['producers']}, consumers={d['consumers']}"
                     f"{' (--fanout)' if d.get('fanout') else ''}, record {d['record_size']} B, "
                     f"{rate}.")
    return "\n".join(lines)


def cluster_settings(meta):
    """--nodes 3: the Kafka and Sluice lines of the settings, for clusters."""
    n, hosts = meta.get("nodes"), meta.get("node_hosts", [])
    where = f"{hosts[0]}–{hosts[-1].rsplit('.', 1)[-1]}" if hosts else "loopback"
    return [
        f"- Kafka {meta.get('kafka_version')} from Maven Central jars "
        f"(perf/kafka/start-kafka-cluster): {n} combined broker+controller KRaft nodes on "
        f"{where} (one JVM each, flags of kafka-run-class.sh, heap -Xms/-Xmx "
        f"{meta.get('kafka_heap')} per node), internal topics with replication factor 3.",
        f"- Sluice: {n} combined broker+controller nodes on {where}, configured with Kafka's "
        "KRaft keys as deploy/local-cluster configures them (`controller.quorum.voters`, "
        "formatted with one cluster id), one shard per core each. RLIMIT_MEMLOCK: "
        f"{meta.get('memlock', '?')}.",
        f"- **Replication**: each run's topic is created before the client starts with "
        f"replication factor {meta.get('replication_factor')} and min.insync.replicas "
        f"{meta.get('min_insync_replicas')} (sluice-bench --create-only, which waits until "
        "every replica is in sync); the client bootstraps from the first node and sends to "
        "each partition's leader; acks=all waits for every in-sync replica. Broker CPU and "
        "bytes written are summed over the nodes (so disk ≈ 3× the payload); peak RSS is the "
        "largest node's (every node's is in summary.json, `broker_rss_max_mb_nodes`).",
    ]


def section_machine(meta, rows=()):
    loads = values(rows, "loadavg_1m_before")
    load_line = (f"- 1-minute load average when each broker started: {fmt(min(loads))}–"
                 f"{fmt(max(loads))} (median {fmt(statistics.median(loads))}). The previous "
                 "run alone leaves it near 2–3 on 2 cores; well above that, other work (e.g. "
                 "compiles on a shared machine) competed with the runs and figures are noisier."
                 if loads else "")
    return "\n".join([
        "## Machine and versions",
        f"- Date: {meta.get('date_utc')}",
        f"- CPU: {meta.get('cores')} cores, {meta.get('cpu_model')}; {meta.get('mem_total')}",
        f"- Kernel: {meta.get('kernel')}",
        f"- Data dirs under `{meta.get('data_root')}`:",
        "```", meta.get("data_fs", ""), "", meta.get("disk_lsblk", ""), "```",
        f"- Sluice: git {meta.get('sluice_rev')}, {meta.get('rustc')}",
        f"- Apache Kafka: {meta.get('kafka_version')}; JDK: {meta.get('jdk')}",
        f"- The machine has {meta.get('cores')} cores: the broker, the client and (for Kafka) "
        "the JVM's GC and background threads all compete for them, so absolute figures are "
        "low and the client's own CPU use shapes the result; the ratios are the point.",
        load_line,
        (f"- Load average (1, 5, 15 min, runnable/total, last pid) at the start: "
         f"{meta.get('loadavg_start')}; at the end: {meta.get('loadavg_end', '?')}."
         if meta.get("loadavg_start") else ""),
    ])


def section_medians(rows):
    out = ["## Medians (min–max) per workload and broker, and the Sluice/Kafka ratio",
           "Ratio = Sluice median ÷ Kafka median. For throughput higher is better; for latency, "
           "CPU, RSS and disk lower is better."]
    for mode, w in groups(rows):
        s_rows, k_rows = select(rows, mode, w, "sluice"), select(rows, mode, w, "kafka")
        body = []
        for key, label, hib in METRICS:
            sv, kv = values(s_rows, key), values(k_rows, key)
            if not any(sv) and not any(kv):  # not measured (e.g. consumed MB/s without consumers)
                continue
            r = ratio(sv, kv)
            body.append([label, cell(sv), cell(kv), fratio(r), verdict(r, hib, sv, kv)])
        fails = {b: sum(1 for r in select(rows, mode, w, b) if not r.get("ok")) for b in BROKERS}
        errs = {b: sum((r.get("errors") or 0) for r in select(rows, mode, w, b)) for b in BROKERS}
        body.append(["failed runs / client errors",
                     f"{fails['sluice']} / {errs['sluice']}", f"{fails['kafka']} / {errs['kafka']}",
                     "", ""])
        out += [f"### {w}, {mode}", md_table(["metric", "Sluice", "Kafka", "ratio", ""], body)]
    return "\n\n".join(out)


def losses(rows):
    lines = []
    for mode, w in groups(rows):
        s_rows, k_rows = select(rows, mode, w, "sluice"), select(rows, mode, w, "kafka")
        for key, label, hib in METRICS:
            sv, kv = values(s_rows, key), values(k_rows, key)
            r = ratio(sv, kv)
            v = verdict(r, hib, sv, kv)
            if v.startswith("**Sluice worse**"):
                note = " — min–max ranges overlap" if "overlap" in v else ""
                lines.append(f"- {w} {mode}: {label} — Sluice {fmt(med_range(sv)[0])}"
                             f" vs Kafka {fmt(med_range(kv)[0])} (ratio {fratio(r)}{note}).")
        for b in BROKERS:
            failed = [r for r in select(rows, mode, w, b) if not r.get("ok")]
            if failed:
                lines.append(f"- {w} {mode}: {len(failed)} {b} run(s) failed: "
                             f"`{gist(failed[0].get('error'))}`")
            errs = sum((r.get("errors") or 0) for r in select(rows, mode, w, b))
            if errs:
                samples = sorted({e for r in select(rows, mode, w, b)
                                  for e in client_error_samples(r)})[:3]
                lines.append(f"- {w} {mode}: the client counted {errs} errors against {b}"
                             + (": " + "; ".join(f"`{e}`" for e in samples) if samples else "")
                             + ".")
    return lines


def gist(error):
    """The telling part of a run's error: its first line and its last line."""
    lines = [x.strip() for x in (error or "").splitlines() if x.strip()]
    if len(lines) <= 1:
        return (lines or [""])[0][:300]
    return f"{lines[0][:120]} … {lines[-1][:200]}"


def client_error_samples(row):
    """Distinct error lines from a run's client stderr (kept in DIR/runs/<id>/client.err)."""
    path = row.get("_dir", Path(".")) / "runs" / row.get("run_id", "?") / "client.err"
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return []
    return [line.strip()[:200] for line in text.splitlines()
            if line.strip().lower().startswith("error")
            and not line.strip().lower().startswith("errors ")]


def section_targets(rows):
    body = []
    for key, wl, target, hib, text in TARGETS:
        for mode, w in groups(rows):
            if wl and w not in wl:
                continue
            r = ratio(values(select(rows, mode, w, "sluice"), key),
                      values(select(rows, mode, w, "kafka"), key))
            if r is None:
                continue
            met = r >= target if hib else r <= target
            body.append([text, f"{w} {mode}", fratio(r), fratio(target), "met" if met else "not met"])
    # Sluice durable vs Kafka relaxed.
    for w in sorted({w for _, w in groups(rows)}):
        for key, label, hib in (("throughput_mb_s", "throughput", True),
                                ("publish_p99_ms", "publish p99", False),
                                ("e2e_p99_ms", "e2e p99", False)):
            if key == "throughput_mb_s" and w not in MAX_RATE_WORKLOADS:
                continue
            r = ratio(values(select(rows, "durable", w, "sluice"), key),
                      values(select(rows, "relaxed", w, "kafka"), key))
            if r is None:
                continue
            met = r > 1 if hib else r < 1
            body.append([f"Sluice durable beats Kafka relaxed: {label}", w, fratio(r), "> 1" if hib
                         else "< 1", "met" if met else "not met"])
    if not body:
        return ""
    return "## Where we stand against the targets\n\n" + md_table(
        ["target", "workload", "ratio S/K", "target", ""], body)


def section_stages(rows):
    """Sluice's CPU by stage (issue 15 item 4), medians over runs, beside each broker's CPU/GB."""
    keys = []
    for r in rows:
        for k in ((r.get("stage_profile") or {}).get("stages_us_per_mb") or {}):
            if k not in keys:
                keys.append(k)
    if not keys:
        return ""
    body = []
    for mode, w in groups(rows):
        srows = [r for r in select(rows, mode, w, "sluice") if r.get("stage_profile")]
        if not srows:
            continue
        line = [w, mode]
        for k in keys:
            vals = [r["stage_profile"]["stages_us_per_mb"].get(k) for r in srows]
            vals = [v for v in vals if v is not None]
            line.append(fmt(statistics.median(vals)) if vals else "–")
        unstaged = [r["stage_profile"].get("unstaged_us_per_mb") for r in srows]
        unstaged = [v for v in unstaged if v is not None]
        line.append(fmt(statistics.median(unstaged)) if unstaged else "–")
        for broker in ("sluice", "kafka"):
            line.append(cell(values(select(rows, mode, w, broker), "broker_cpu_s_per_gb")))
        body.append(line)
    return ("## Sluice's CPU by stage (µs per MB)\n\n"
            "From `sluice_stage_seconds_total` scraped at the start and end of each measured "
            "window: produce stages per MB appended, fetch stages per MB sent to consumers; "
            "\"outside\" is the broker's CPU (/proc) not in any stage, per MB in + out (executor, "
            "cross-shard mesh, IO polling, the kernel's TCP and page-cache work outside the timed "
            "calls, and in durable mode the io_uring workers' fdatasync work); a negative one "
            "means timed sections also held time the thread spent off its core (preempted, or "
            "blocked in a system call such as a pwrite under writeback). The last two columns are each broker's CPU-s per GB of payload. "
            "`perf/stage-profile` runs one such profile alone.\n\n" +
            md_table(["workload", "mode", *keys, "outside", "Sluice CPU-s/GB", "Kafka CPU-s/GB"],
                     body))


def section_crosscheck(xc, rows):
    if not xc:
        return ""
    out = ["## Cross-check with Kafka's own tools",
           "`org.apache.kafka.tools.ProducerPerformance` (kafka-producer-perf-test) and "
           "`ConsumerPerformance` (kafka-consumer-perf-test) from kafka-tools, 1 partition, "
           "1 KiB records, acks=all, same linger/batch as sluice-bench, against both brokers. "
           "The tools' MB is 2^20 bytes; converted here to 10^6 (MB/s) to match the table "
           "above. ConsumerPerformance subscribes with a consumer group (group.id "
           "perf-consumer-*, classic protocol): its MB/s counts from the start, rebalance "
           "included (both brokers run with group.initial.rebalance.delay.ms = 0, the value "
           "in Kafka's shipped server.properties); fetch MB/s leaves the rebalance out. A "
           "failed run is reported, not hidden."]
    body = []
    for r in xc:
        mb = r.get("producer_mib_s")
        ok = r.get("consumer_ok")
        cmb, fmb = (r.get("consumer_mib_s"), r.get("consumer_fetch_mib_s")) if ok else (None, None)
        body.append([r["mode"], r["broker"], r["run"],
                     fmt(mb * 1.048576) if mb is not None else "failed",
                     fmt(r.get("producer_records_per_s")), fmt(r.get("producer_p50_ms")),
                     fmt(r.get("producer_p99_ms")), fmt(r.get("producer_p999_ms")),
                     fmt(cmb * 1.048576) if cmb is not None else "failed",
                     fmt(fmb * 1.048576) if fmb is not None else "–",
                     fmt(r.get("consumer_rebalance_ms")) if ok else "–"])
    out.append(md_table(["mode", "broker", "run", "producer MB/s", "records/s", "p50 ms",
                         "p99 ms", "p99.9 ms", "consumer MB/s", "consumer fetch MB/s",
                         "rebalance ms"], body))
    # The same workload measured with sluice-bench (W1), for comparison.
    lean = []
    for mode in sorted({r["mode"] for r in xc}):
        for b in BROKERS:
            sv = values(select(rows, mode, "W1", b), "throughput_mb_s")
            if sv:
                lean.append([mode, b, cell(sv),
                             cell(values(select(rows, mode, "W1", b), "publish_p99_ms"))])
    if lean:
        out.append("sluice-bench on W1 (the same shape) for comparison:")
        out.append(md_table(["mode", "broker", "throughput MB/s", "publish p99 ms"], lean))
    errs = [r for r in xc if not r.get("consumer_ok") and r.get("consumer_error")]
    if errs:
        out.append("Consumer-side failures (last line of each):\n\n" + "\n".join(
            f"- {r['mode']} {r['broker']} run {r['run']}: "
                f"`{r['consumer_error'].strip().splitlines()[-1][:300] if r['consumer_error'].strip() else ''}`"
                for r in errs))
    perrs = [r for r in xc if r.get("producer_error") or r.get("error")]
    out += [f"- producer failure, {r['mode']} {r['broker']} run {r['run']}: "
            f"`{(r.get('producer_error') or r.get('error') or '').strip()[-300:]}`" for r in perrs]
    return "\n\n".join(out)


def section_all_runs(rows):
    keys = ["workload", "mode", "broker", "run", "ok", "throughput_mb_s", "records_per_s",
            "consumed_mb_s", "publish_p50_ms", "publish_p99_ms", "publish_p999_ms",
            "e2e_p50_ms", "e2e_p99_ms", "e2e_p999_ms", "broker_cpu_s_per_gb", "broker_cores",
            "client_cpu_s", "broker_rss_max_mb", "broker_rss_idle_mb", "broker_disk_write_mb",
            "errors"]
    body = [[fmt(r.get(k)) if not isinstance(r.get(k), (str, bool)) else str(r.get(k))
             for k in keys] for r in rows]
    failed = [f"- {r['run_id']}: `{gist(r.get('error'))}`" for r in rows
              if not r.get("ok")]
    return "\n\n".join(["## Appendix: every run", md_table(keys, body)] + failed)


def render(out):
    out = Path(out)
    rows, meta, xc = load(out)
    charts = []
    for mode, w in groups(rows):
        name = chart_latency(out, rows, mode, w)
        if name:
            charts.append((f"{w} {mode}: latency percentiles", name))
    for key, label, name in (("throughput_mb_s", "throughput MB/s", "throughput.png"),
                             ("broker_cpu_s_per_gb", "broker CPU-s per GB", "cpu-per-gb.png"),
                             ("broker_rss_max_mb", "broker peak RSS MB", "rss.png")):
        n = chart_bars(out, rows, key, label, name)
        if n:
            charts.insert(0, (label, n)) if key == "throughput_mb_s" else charts.append((label, n))
    loss = losses(rows)
    parts = [
        f"# Sluice vs Apache Kafka — {meta.get('date_utc', '')}" +
        (f" — {meta['nodes']} nodes, replication factor {meta.get('replication_factor')}"
         if meta.get("nodes", 1) > 1 else ""),
        "Same machine, same client (sluice-bench), same record bytes, brokers alternating, "
        "every run reported. Produced by `perf/run`; re-render with "
        "`perf/.venv/bin/python perf/report/render.py DIR`.",
        "## Where Sluice loses\n\n" + ("\n".join(loss) if loss else
                                       "Nowhere in this run's medians."),
        section_targets(rows),
        section_medians(rows),
        section_stages(rows),
        "## Charts\n\n" + "\n\n".join(f"![{t}]({n})" for t, n in charts),
        section_crosscheck(xc, rows),
        section_machine(meta, rows),
        section_settings(meta),
        section_all_runs(rows),
    ]
    (out / "report.md").write_text("\n\n".join(p for p in parts if p) + "\n")


def ratio_table(out):
    """The compact median/ratio table for perf/README.md."""
    rows, _, _ = load(Path(out))
    keys = [("throughput_mb_s", True), ("publish_p99_ms", False), ("e2e_p99_ms", False),
            ("broker_cpu_s_per_gb", False), ("broker_rss_max_mb", False)]
    body = []
    for mode, w in groups(rows):
        line = [w, mode]
        for key, _ in keys:
            sv = values(select(rows, mode, w, "sluice"), key)
            kv = values(select(rows, mode, w, "kafka"), key)
            r = ratio(sv, kv)
            line.append(f"{fmt(med_range(sv)[0])} / {fmt(med_range(kv)[0])} ({fratio(r)}×)"
                        if r else "–")
        body.append(line)
    return md_table(["workload", "mode", "MB/s S/K", "publish p99 ms S/K", "e2e p99 ms S/K",
                     "CPU-s/GB S/K", "peak RSS MB S/K"], body)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--ratio-table":
        print(ratio_table(sys.argv[2]))
    elif len(sys.argv) == 2:
        render(sys.argv[1])
    else:
        sys.exit("usage: render.py DIR | render.py --ratio-table DIR")
