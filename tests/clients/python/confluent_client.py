"""confluent-kafka (librdkafka) test client for Sluice's integration tests.

Speaks the command line shared by every client program under tests/clients (see
tests/clients/README.md) and prints one whitespace-separated line per fact. Consumers use
assign() with explicit offsets and never commit: no consumer group is joined (librdkafka still
requires a group.id to be configured), except `group`, which subscribes as a group member.
"""

import argparse
import signal
import sys
import time
import warnings

from confluent_kafka import (
    OFFSET_BEGINNING,
    OFFSET_END,
    Consumer,
    KafkaError,
    Producer,
    TopicPartition,
)
from confluent_kafka.admin import (
    AdminClient,
    AlterConfigOpType,
    ConfigEntry,
    ConfigResource,
    NewPartitions,
    NewTopic,
)

# Limit: admin and metadata calls on a local broker answer in well under a second.
REQUEST_TIMEOUT_S = 15


def fail(msg):
    print(f"confluent-client: {msg}", file=sys.stderr, flush=True)
    sys.exit(1)


def common_args(p):
    p.add_argument("--bootstrap", required=True)
    p.add_argument("--topic", required=True)
    p.add_argument("--partition", type=int, default=0)


def parse_spec(text):
    parts = text.split(":")
    if len(parts) != 3 or parts[0] not in ("all", "1", "0"):
        fail(f"bad --spec {text!r} (want ACKS:CODEC:COUNT)")
    return parts[0], parts[1], int(parts[2])


def produce(a):
    global_index = 0
    for si, spec in enumerate(a.spec):
        acks, codec, count = parse_spec(spec)
        conf = {
            "bootstrap.servers": a.bootstrap,
            "acks": acks,
            "compression.type": codec,
            "linger.ms": 5,
            "message.timeout.ms": a.message_timeout_ms,
        }
        if a.idempotent and acks == "all":
            conf["enable.idempotence"] = True
        producer = Producer(conf)
        failures = []

        def on_delivery(err, msg, acks=acks):
            key = msg.key().decode()
            value = msg.value().decode()
            if err is not None:
                if not a.keep_going:
                    failures.append(f"{key}: {err}")
                print(f"nack {msg.partition()} {key} {value} {err.name()}", flush=True)
                return
            offset = msg.offset() if acks != "0" else -1
            print(f"ack {msg.partition()} {offset} {key} {value}", flush=a.keep_going)

        started = time.monotonic()
        for i in range(count):
            if a.rate > 0:
                # Paced: record i leaves no earlier than i / rate seconds after the first.
                due = started + i / a.rate
                while time.monotonic() < due:
                    producer.poll(min(0.05, max(0.0, due - time.monotonic())))
            kwargs = {}
            if a.partition >= 0:
                kwargs["partition"] = a.partition
            if a.timestamp_base >= 0:
                kwargs["timestamp"] = a.timestamp_base + global_index
            global_index += 1
            while True:
                try:
                    producer.produce(
                        a.topic,
                        key=f"k{si}-{i}".encode(),
                        value=f"v{a.seed}-{si}-{i}".encode(),
                        on_delivery=on_delivery,
                        **kwargs,
                    )
                    break
                except BufferError:
                    producer.poll(0.05)
            producer.poll(0)
            if failures:
                fail("delivery failed: " + "; ".join(failures[:5]))
        remaining = producer.flush(a.message_timeout_ms / 1000 + 5)
        if remaining:
            fail(f"{remaining} messages still undelivered after flush")
        if failures:
            fail("delivery failed: " + "; ".join(failures[:5]))
    sys.stdout.flush()


def new_consumer(a):
    conf = {
        "bootstrap.servers": a.bootstrap,
        # librdkafka requires a group.id even for assign(); nothing is committed or joined.
        "group.id": "sluice-tests-unused",
        "enable.auto.commit": False,
        "enable.auto.offset.store": False,
        # An out-of-range start offset is an error to report, not something to paper over.
        "auto.offset.reset": "error",
        "fetch.wait.max.ms": 100,
    }
    if getattr(a, "client_rack", None):
        # KIP-392: the leader may point this consumer at a replica in its rack.
        conf["client.rack"] = a.client_rack
    return Consumer(conf)


def start_offset(consumer, a):
    if a.from_ == "earliest":
        return OFFSET_BEGINNING
    if a.from_ == "latest":
        return OFFSET_END
    kind, _, number = a.from_.partition(":")
    if kind == "offset":
        return int(number)
    if kind == "ts":
        found = consumer.offsets_for_times(
            [TopicPartition(a.topic, a.partition, int(number))], timeout=REQUEST_TIMEOUT_S
        )
        if found[0].error:
            fail(f"offsets_for_times: {found[0].error}")
        return found[0].offset
    fail(f"bad --from {a.from_!r}")


def consume(a):
    consumer = new_consumer(a)
    if a.partition >= 0:
        partitions = [a.partition]
    else:
        # --partition -1: every partition of the topic, as the cluster's metadata lists them.
        topic = consumer.list_topics(a.topic, timeout=REQUEST_TIMEOUT_S).topics[a.topic]
        if topic.error:
            fail(f"metadata of {a.topic}: {topic.error}")
        partitions = sorted(topic.partitions)
    consumer.assign([TopicPartition(a.topic, p, start_offset(consumer, a)) for p in partitions])
    deadline = time.monotonic() + a.timeout_ms / 1000
    got = 0
    while got < a.count:
        if time.monotonic() > deadline:
            fail(f"timed out after {got} of {a.count} records")
        msg = consumer.poll(0.2)
        if msg is None:
            continue
        if msg.error():
            if msg.error().code() == KafkaError._PARTITION_EOF:
                continue
            fail(f"consume error: {msg.error()}")
        print(
            f"rec {msg.partition()} {msg.offset()} {msg.timestamp()[1]} "
            f"{msg.key().decode()} {msg.value().decode()}",
            flush=a.flush,
        )
        got += 1
    consumer.close()


def offsets(a):
    consumer = new_consumer(a)
    low, high = consumer.get_watermark_offsets(
        TopicPartition(a.topic, a.partition), timeout=REQUEST_TIMEOUT_S
    )
    print(f"earliest {low}")
    print(f"latest {high}")
    for ts in a.ts:
        found = consumer.offsets_for_times(
            [TopicPartition(a.topic, a.partition, ts)], timeout=REQUEST_TIMEOUT_S
        )
        if found[0].error:
            fail(f"offsets_for_times({ts}): {found[0].error}")
        print(f"ts {ts} {found[0].offset}")
    consumer.close()


def wait_all(futures, what):
    for name, fut in futures.items():
        try:
            fut.result(REQUEST_TIMEOUT_S)
        except Exception as e:  # noqa: BLE001 - the client raises KafkaException or timeouts
            fail(f"{what} {name}: {e}")


def parse_configs(items):
    return dict(kv.split("=", 1) for kv in items)


def admin(a):
    adm = AdminClient({"bootstrap.servers": a.bootstrap})
    topic_resource = ConfigResource(ConfigResource.Type.TOPIC, a.topic)
    if a.action == "create":
        new = NewTopic(a.topic, num_partitions=a.partitions, replication_factor=1,
                       config=parse_configs(a.config))
        wait_all(adm.create_topics([new], operation_timeout=REQUEST_TIMEOUT_S), "create")
        print(f"created {a.topic} {a.partitions}")
    elif a.action == "delete":
        wait_all(adm.delete_topics([a.topic], operation_timeout=REQUEST_TIMEOUT_S), "delete")
        print(f"deleted {a.topic}")
    elif a.action == "list":
        md = adm.list_topics(timeout=REQUEST_TIMEOUT_S)
        for name in sorted(md.topics):
            t = md.topics[name]
            if t.error is not None:
                fail(f"list: topic {name}: {t.error}")
            print(f"topic {name} {len(t.partitions)}")
    elif a.action == "describe-configs":
        futures = adm.describe_configs([topic_resource])
        for res, fut in futures.items():
            try:
                entries = fut.result(REQUEST_TIMEOUT_S)
            except Exception as e:  # noqa: BLE001
                fail(f"describe_configs {res}: {e}")
            for name in sorted(entries):
                print(f"config {name} {entries[name].value}")
    elif a.action == "alter-config":
        entries = [
            ConfigEntry(k, v, incremental_operation=AlterConfigOpType.SET)
            for k, v in parse_configs(a.config).items()
        ]
        resource = ConfigResource(ConfigResource.Type.TOPIC, a.topic, incremental_configs=entries)
        wait_all(adm.incremental_alter_configs([resource]), "incremental_alter_configs")
        print(f"altered {a.topic}")
    elif a.action == "alter-config-legacy":
        # AlterConfigs (non-incremental) replaces the topic's whole dynamic config.
        resource = ConfigResource(ConfigResource.Type.TOPIC, a.topic,
                                  set_config=parse_configs(a.config))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            futures = adm.alter_configs([resource])
        wait_all(futures, "alter_configs")
        print(f"altered {a.topic}")
    elif a.action == "create-partitions":
        wait_all(adm.create_partitions([NewPartitions(a.topic, a.total)],
                                       operation_timeout=REQUEST_TIMEOUT_S), "create_partitions")
        print(f"partitions {a.topic} {a.total}")
    else:
        fail(f"unknown admin action {a.action!r}")


def tp_list(tps):
    return ",".join(f"{t}:{p}" for t, p in sorted(tps))


def group(a):
    """Subscribes as a member of --group; see tests/clients/README.md for the output."""
    conf = {
        "bootstrap.servers": a.bootstrap,
        "group.id": a.group,
        "enable.auto.commit": False,
        "auto.offset.reset": a.from_,
        "fetch.wait.max.ms": 100,
        # librdkafka retries most errors by itself; show them rather than wait silently.
        "error_cb": lambda err: print(f"confluent-client: error: {err}", file=sys.stderr, flush=True),
    }
    if a.protocol == "consumer":
        # KIP-848: the broker assigns; librdkafka rejects the classic-only settings.
        conf["group.protocol"] = "consumer"
        conf["group.remote.assignor"] = "range" if a.assignor == "range" else "uniform"
    else:
        if a.assignor == "sticky":
            print("librdkafka has no eager sticky assignor", file=sys.stderr, flush=True)
            sys.exit(2)
        conf["partition.assignment.strategy"] = a.assignor
        conf["session.timeout.ms"] = a.session_timeout_ms
        conf["heartbeat.interval.ms"] = max(1, a.session_timeout_ms // 3)
    if a.instance_id:
        conf["group.instance.id"] = a.instance_id
    if a.client_id:
        conf["client.id"] = a.client_id

    owned = set()

    def on_assign(consumer, partitions):
        owned.update((tp.topic, tp.partition) for tp in partitions)
        print(f"assigned {tp_list(owned)}", flush=True)

    def on_revoke(consumer, partitions):
        gone = {(tp.topic, tp.partition) for tp in partitions}
        owned.difference_update(gone)
        if gone:
            print(f"revoked {tp_list(gone)}", flush=True)
            print(f"assigned {tp_list(owned)}", flush=True)

    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(True))
    consumer = Consumer(conf)
    consumer.subscribe(a.topic, on_assign=on_assign, on_revoke=on_revoke, on_lost=on_revoke)
    idle_s = a.exit_after_idle_ms / 1000 if a.exit_after_idle_ms > 0 else None
    last_record = None
    while not stop:
        if idle_s is not None and last_record is not None and time.monotonic() - last_record >= idle_s:
            break
        msgs = consumer.consume(num_messages=500, timeout=0.2)
        positions = {}
        for msg in msgs:
            if msg.error():
                if msg.error().code() != KafkaError._PARTITION_EOF:
                    print(f"confluent-client: consume error: {msg.error()}", file=sys.stderr,
                          flush=True)
                continue
            if (msg.topic(), msg.partition()) not in owned:
                # consume() can return records of a partition that a rebalance inside the same
                # call revoked (confluent-kafka-python#1013); the new owner reads them from the
                # committed offset, so this member neither counts nor commits them.
                continue
            key = "-" if msg.key() is None else msg.key().decode()
            value = "-" if msg.value() is None else msg.value().decode()
            print(f"grec {msg.topic()} {msg.partition()} {msg.offset()} {key} {value}", flush=True)
            positions[(msg.topic(), msg.partition())] = msg.offset() + 1
        if not positions:
            continue
        last_record = time.monotonic()
        try:
            result = consumer.commit(
                offsets=[TopicPartition(t, p, o) for (t, p), o in sorted(positions.items())],
                asynchronous=False,
            )
        except Exception as e:  # noqa: BLE001 - KafkaException during rebalances
            err = e.args[0] if e.args else e
            print(f"commitfail {err.name() if hasattr(err, 'name') else err}", flush=True)
            continue
        errors = [tp for tp in result or [] if tp.error is not None]
        if errors:
            print(f"commitfail {errors[0].error.name()}", flush=True)
            continue
        for (t, p), o in sorted(positions.items()):
            print(f"committed {t} {p} {o}", flush=True)
    consumer.close()
    print("closed", flush=True)


def main():
    parser = argparse.ArgumentParser(prog="confluent-client")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("produce")
    common_args(p)
    p.add_argument("--seed", default="0")
    p.add_argument("--spec", action="append", required=True)
    p.add_argument("--timestamp-base", type=int, default=-1)
    p.add_argument("--idempotent", action="store_true")
    p.add_argument("--keep-going", action="store_true",
                   help="print 'nack' lines for failed deliveries instead of exiting")
    p.add_argument("--message-timeout-ms", type=int, default=20000)
    p.add_argument("--rate", type=float, default=0,
                   help="records per second (0: as fast as the producer takes them)")
    p.set_defaults(run=produce)

    p = sub.add_parser("consume")
    common_args(p)
    p.add_argument("--from", dest="from_", default="earliest")
    p.add_argument("--count", type=int, required=True)
    p.add_argument("--timeout-ms", type=int, default=15000)
    p.add_argument("--client-rack", default="")
    p.add_argument("--flush", action="store_true",
                   help="flush each record's line (a test reads them while the consumer runs)")
    p.set_defaults(run=consume)

    p = sub.add_parser("offsets")
    common_args(p)
    p.add_argument("--ts", type=int, action="append", default=[])
    p.set_defaults(run=offsets)

    p = sub.add_parser("admin")
    p.add_argument("action")
    p.add_argument("--bootstrap", required=True)
    p.add_argument("--topic", default="")
    p.add_argument("--partitions", type=int, default=1)
    p.add_argument("--total", type=int, default=0)
    p.add_argument("--config", action="append", default=[])
    p.set_defaults(run=admin)

    p = sub.add_parser("group")
    p.add_argument("--bootstrap", required=True)
    p.add_argument("--topic", action="append", required=True)
    p.add_argument("--group", required=True)
    p.add_argument("--protocol", choices=["classic", "consumer"], default="classic")
    p.add_argument("--instance-id", default="")
    p.add_argument("--assignor", default="range",
                   choices=["range", "roundrobin", "sticky", "cooperative-sticky", "uniform"])
    p.add_argument("--session-timeout-ms", type=int, default=10000)
    p.add_argument("--from", dest="from_", choices=["earliest", "latest"], default="earliest")
    p.add_argument("--exit-after-idle-ms", type=int, default=0)
    p.add_argument("--client-id", default="")
    p.set_defaults(run=group)

    a = parser.parse_args()
    a.run(a)


if __name__ == "__main__":
    main()
