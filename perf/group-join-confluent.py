#!/usr/bin/env python3
"""Time until 10 real librdkafka consumers (confluent-kafka) form a stable group.

    tests/.deps/venv/bin/python perf/group-join-confluent.py --bootstrap HOST:PORT
        [--members 10] [--partitions 10] [--repeats 10] [--protocol classic|consumer]

The topic (created with --partitions if missing) is shared by --members consumers, each in its
own thread, subscribing to a fresh group per repeat. Measured: from the moment the last
consumer was started (subscribe + first poll) until every consumer's assignment callback has
delivered its share and together they cover every partition once. Consumers close (leave the
group) after each repeat. No timings are asserted; a repeat that is not stable in 120 s fails.
"""
import argparse
import os
import statistics
import sys
import threading
import time

from confluent_kafka import Consumer
from confluent_kafka.admin import AdminClient, NewTopic

STABLE_TIMEOUT_S = 120  # a repeat that takes longer has failed, not measured


def ensure_topic(bootstrap, topic, partitions):
    admin = AdminClient({"bootstrap.servers": bootstrap})
    futures = admin.create_topics([NewTopic(topic, num_partitions=partitions)])
    for f in futures.values():
        try:
            f.result()
        except Exception as e:  # TOPIC_ALREADY_EXISTS is fine
            if "TOPIC_ALREADY_EXISTS" not in str(e):
                raise


def one_repeat(args, group):
    lock = threading.Condition()
    assigned = {}  # member index -> set of partitions currently assigned
    stop = threading.Event()
    started = []

    def member(index):
        conf = {"bootstrap.servers": args.bootstrap, "group.id": group,
                "group.protocol": args.protocol, "auto.offset.reset": "latest",
                "enable.auto.commit": False}
        if args.protocol == "classic":
            conf["partition.assignment.strategy"] = "range"
        consumer = Consumer(conf)

        def on_assign(c, partitions):
            with lock:
                current = assigned.setdefault(index, set())
                if args.protocol == "classic":
                    current.clear()  # eager: every assignment replaces the last
                current.update(p.partition for p in partitions)
                lock.notify_all()

        def on_revoke(c, partitions):
            with lock:
                assigned.setdefault(index, set()).difference_update(
                    p.partition for p in partitions)
                lock.notify_all()

        consumer.subscribe([args.topic], on_assign=on_assign, on_revoke=on_revoke)
        with lock:
            started.append(time.monotonic())
        while not stop.is_set():
            consumer.poll(0.05)
        consumer.close()

    threads = [threading.Thread(target=member, args=(i,)) for i in range(args.members)]
    for t in threads:
        t.start()

    def stable():
        if len(started) < args.members or len(assigned) < args.members:
            return False
        everything = [p for s in assigned.values() for p in s]
        return sorted(everything) == list(range(args.partitions)) and all(assigned.values())

    deadline = time.monotonic() + STABLE_TIMEOUT_S
    with lock:
        while not stable() and time.monotonic() < deadline:
            lock.wait(0.01)
        done = time.monotonic()
        ok = stable()
        last_start = max(started) if started else done
    stop.set()
    for t in threads:
        t.join()
    return (done - last_start) * 1000 if ok else None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bootstrap", required=True)
    ap.add_argument("--topic", default="confluent-join")
    ap.add_argument("--members", type=int, default=10)
    ap.add_argument("--partitions", type=int, default=10)
    ap.add_argument("--repeats", type=int, default=10)
    ap.add_argument("--protocol", choices=["classic", "consumer"], default="classic")
    args = ap.parse_args()
    if args.partitions < args.members:
        sys.exit("--partitions must be at least --members (every member gets a partition)")
    ensure_topic(args.bootstrap, args.topic, args.partitions)
    times, failed = [], 0
    for repeat in range(1, args.repeats + 1):
        ms = one_repeat(args, f"confluent-join-{repeat}-{os.getpid()}")
        if ms is None:
            failed += 1
            print(f"run {repeat}: not stable after {STABLE_TIMEOUT_S} s", flush=True)
        else:
            times.append(ms)
            print(f"run {repeat}: stable after {ms:.1f} ms", flush=True)
    if times:
        print(f"{args.members} confluent-kafka consumers ({args.protocol}): median "
              f"{statistics.median(times):.1f} ms (min {min(times):.1f}, max {max(times):.1f}) "
              f"over {len(times)} run(s); {failed} failed")
    sys.exit(0 if times else 1)


if __name__ == "__main__":
    main()
