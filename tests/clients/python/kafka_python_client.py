"""kafka-python test client for Sluice's integration tests (runs under 2.0.x and 3.x).

Speaks the command line shared by every client program under tests/clients (see
tests/clients/README.md). kafka-python 2.0.x does not negotiate API versions: it infers the
broker's version from probes, so `--print-version` reports what it inferred. Consumers use
assign() with group_id=None: no consumer group, except `group`, which subscribes as a member.
"""

import argparse
import signal
import sys
import time

import kafka
from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.consumer.subscription_state import ConsumerRebalanceListener
from kafka.coordinator.assignors.range import RangePartitionAssignor
from kafka.coordinator.assignors.roundrobin import RoundRobinPartitionAssignor
from kafka.coordinator.assignors.sticky.sticky_assignor import StickyPartitionAssignor
from kafka.structs import OffsetAndMetadata
from kafka.admin import ConfigResource, ConfigResourceType, KafkaAdminClient, NewPartitions, NewTopic

# Limit: any single request to a local broker answers in well under a second.
REQUEST_TIMEOUT_S = 15


def fail(msg):
    print(f"kafka-python-client: {msg}", file=sys.stderr, flush=True)
    sys.exit(1)


def common_args(p):
    p.add_argument("--bootstrap", required=True)
    p.add_argument("--topic", required=True)
    p.add_argument("--partition", type=int, default=0)


def parse_spec(text):
    parts = text.split(":")
    if len(parts) != 3 or parts[0] not in ("all", "1", "0"):
        fail(f"bad --spec {text!r} (want ACKS:CODEC:COUNT)")
    acks = "all" if parts[0] == "all" else int(parts[0])
    codec = None if parts[1] == "none" else parts[1]
    return acks, codec, int(parts[2])


def produce(a):
    global_index = 0
    for si, spec in enumerate(a.spec):
        acks, codec, count = parse_spec(spec)
        producer = KafkaProducer(
            bootstrap_servers=a.bootstrap,
            acks=acks,
            compression_type=codec,
            linger_ms=5,
            request_timeout_ms=REQUEST_TIMEOUT_S * 1000,
        )
        futures = []
        for i in range(count):
            ts = None
            if a.timestamp_base >= 0:
                ts = a.timestamp_base + global_index
            global_index += 1
            key = f"k{si}-{i}"
            value = f"v{a.seed}-{si}-{i}"
            fut = producer.send(a.topic, key=key.encode(), value=value.encode(),
                                partition=a.partition, timestamp_ms=ts)
            futures.append((key, value, fut))
        producer.flush(REQUEST_TIMEOUT_S)
        for key, value, fut in futures:
            try:
                md = fut.get(REQUEST_TIMEOUT_S)
            except Exception as e:  # noqa: BLE001 - kafka-python raises KafkaError subclasses
                fail(f"produce {key}: {e!r}")
            offset = md.offset if acks != 0 else -1
            print(f"ack {md.partition} {offset} {key} {value}")
        producer.close(REQUEST_TIMEOUT_S)


def new_consumer(a):
    return KafkaConsumer(
        bootstrap_servers=a.bootstrap,
        group_id=None,
        enable_auto_commit=False,
        # An out-of-range start offset is an error to report, not something to paper over.
        auto_offset_reset="none",
        fetch_max_wait_ms=100,
        request_timeout_ms=REQUEST_TIMEOUT_S * 1000 + 1000,
    )


def consume(a):
    consumer = new_consumer(a)
    tp = TopicPartition(a.topic, a.partition)
    consumer.assign([tp])
    if a.from_ == "earliest":
        consumer.seek_to_beginning(tp)
    elif a.from_ == "latest":
        consumer.seek_to_end(tp)
    elif a.from_.startswith("offset:"):
        consumer.seek(tp, int(a.from_.split(":", 1)[1]))
    elif a.from_.startswith("ts:"):
        found = consumer.offsets_for_times({tp: int(a.from_.split(":", 1)[1])})[tp]
        if found is None:
            consumer.seek_to_end(tp)
        else:
            consumer.seek(tp, found.offset)
    else:
        fail(f"bad --from {a.from_!r}")
    deadline = time.monotonic() + a.timeout_ms / 1000
    got = 0
    while got < a.count:
        if time.monotonic() > deadline:
            fail(f"timed out after {got} of {a.count} records")
        batches = consumer.poll(timeout_ms=200)
        for records in batches.values():
            for r in records:
                if got < a.count:
                    print(f"rec {r.partition} {r.offset} {r.timestamp} "
                          f"{r.key.decode()} {r.value.decode()}")
                got += 1
    consumer.close()


def offsets(a):
    consumer = new_consumer(a)
    tp = TopicPartition(a.topic, a.partition)
    print(f"earliest {consumer.beginning_offsets([tp])[tp]}")
    print(f"latest {consumer.end_offsets([tp])[tp]}")
    for ts in a.ts:
        found = consumer.offsets_for_times({tp: ts})[tp]
        print(f"ts {ts} {-1 if found is None else found.offset}")
    consumer.close()


def check_topic_errors(response, what):
    """Fails on a non-zero error code in a Create/Delete topics or CreatePartitions answer.

    kafka-python 3.x raises on errors itself and returns dicts or response objects with
    `topics`/`results`; 2.0.x returns response objects with `topic_errors`/`topic_error_codes`
    tuples of (name, code, ...)."""
    if isinstance(response, dict):
        entries = [(t["name"], t["error_code"], t.get("error_message")) for t in response["topics"]]
    elif hasattr(response, "results"):
        entries = [(r.name, r.error_code, r.error_message) for r in response.results]
    else:
        entries = None
        for attr in ("topic_errors", "topic_error_codes"):
            try:
                entries = list(getattr(response, attr))
                break
            except AttributeError:
                continue
        if entries is None:
            fail(f"{what}: unexpected answer {response!r}")
    if not entries:
        fail(f"{what}: answer names no topic: {response!r}")
    for entry in entries:
        if entry[1] != 0:
            fail(f"{what} {entry[0]}: error code {entry[1]} {entry[2:]}")


def describe_topic_configs(adm, topic):
    """(name, value) pairs of every config of `topic`, for kafka-python 2.0.x and 3.x."""
    resource = ConfigResource(ConfigResourceType.TOPIC, topic)
    if kafka.__version__.startswith("2."):
        pairs = []
        for resp in adm.describe_configs([resource]):
            for code, message, _type, _name, entries in resp.resources:
                if code != 0:
                    fail(f"describe_configs: error code {code} {message}")
                pairs.extend((entry[0], entry[1]) for entry in entries)
        return sorted(pairs)
    # 3.x returns {type: {name: {key: {"value": ...}}}} and by default only modified keys.
    result = adm.describe_configs([resource], config_filter="all")
    entries = result.get("topic", {}).get(topic)
    if not isinstance(entries, dict):
        fail(f"describe_configs: unexpected answer {result!r}")
    return sorted((k, v["value"]) for k, v in entries.items())


def check_alter_configs(resp, topic):
    if isinstance(resp, dict):  # 3.x: {type: {name: "OK" | error}}
        outcome = resp.get("topic", {}).get(topic)
        if outcome != "OK":
            fail(f"alter_configs {topic}: {outcome!r}")
        return
    for resource in resp.resources:
        if resource[0] != 0:
            fail(f"alter_configs: error code {resource[0]} {resource[1]}")


def admin(a):
    adm = KafkaAdminClient(bootstrap_servers=a.bootstrap,
                           request_timeout_ms=REQUEST_TIMEOUT_S * 1000)
    configs = dict(kv.split("=", 1) for kv in a.config)
    if a.action == "create":
        resp = adm.create_topics([NewTopic(a.topic, a.partitions, 1, topic_configs=configs)],
                                 timeout_ms=REQUEST_TIMEOUT_S * 1000)
        check_topic_errors(resp, "create")
        print(f"created {a.topic} {a.partitions}")
    elif a.action == "delete":
        resp = adm.delete_topics([a.topic], timeout_ms=REQUEST_TIMEOUT_S * 1000)
        check_topic_errors(resp, "delete")
        print(f"deleted {a.topic}")
    elif a.action == "list":
        for name in sorted(adm.list_topics()):
            print(f"topic {name}")
    elif a.action == "describe-configs":
        for name, value in describe_topic_configs(adm, a.topic):
            print(f"config {name} {value}")
    elif a.action == "alter-config":
        resp = adm.alter_configs([ConfigResource(ConfigResourceType.TOPIC, a.topic,
                                                 configs=configs)])
        check_alter_configs(resp, a.topic)
        print(f"altered {a.topic}")
    elif a.action == "create-partitions":
        resp = adm.create_partitions({a.topic: NewPartitions(a.total)},
                                     timeout_ms=REQUEST_TIMEOUT_S * 1000)
        check_topic_errors(resp, "create_partitions")
        print(f"partitions {a.topic} {a.total}")
    elif a.action == "version":
        print(f"client {kafka.__version__}")
        print(f"broker {'.'.join(str(x) for x in adm._client.check_version())}")
    else:
        fail(f"unknown admin action {a.action!r}")
    adm.close()


def tp_list(tps):
    return ",".join(f"{t}:{p}" for t, p in sorted(tps))


def unsupported(msg):
    print(f"kafka-python-client: {msg}", file=sys.stderr, flush=True)
    sys.exit(2)


class PrintingListener(ConsumerRebalanceListener):
    """Prints assignment changes; tracks the current assignment itself, since under cooperative
    rebalancing the callbacks carry only what was added or taken away."""

    def __init__(self):
        self.owned = set()

    def on_partitions_revoked(self, revoked):
        gone = {(tp.topic, tp.partition) for tp in revoked}
        self.owned.difference_update(gone)
        if gone:
            print(f"revoked {tp_list(gone)}", flush=True)
            print(f"assigned {tp_list(self.owned)}", flush=True)

    def on_partitions_assigned(self, assigned):
        self.owned.update((tp.topic, tp.partition) for tp in assigned)
        print(f"assigned {tp_list(self.owned)}", flush=True)

    def on_partitions_lost(self, lost):
        self.on_partitions_revoked(lost)


def group(a):
    """Subscribes as a member of --group; see tests/clients/README.md for the output."""
    v2 = kafka.__version__.startswith("2.")
    if a.protocol == "consumer":
        unsupported("unsupported protocol consumer")
    assignors = {
        "range": RangePartitionAssignor,
        "roundrobin": RoundRobinPartitionAssignor,
        "sticky": StickyPartitionAssignor,
    }
    if a.assignor == "cooperative-sticky":
        try:
            from kafka.coordinator.assignors.cooperative_sticky import CooperativeStickyAssignor
        except ImportError:
            unsupported(f"kafka-python {kafka.__version__} has no cooperative-sticky assignor")
        assignors["cooperative-sticky"] = CooperativeStickyAssignor
    conf = dict(
        bootstrap_servers=a.bootstrap,
        group_id=a.group,
        enable_auto_commit=False,
        auto_offset_reset=a.from_,
        fetch_max_wait_ms=100,
        partition_assignment_strategy=[assignors[a.assignor]],
        session_timeout_ms=a.session_timeout_ms,
        heartbeat_interval_ms=max(1, a.session_timeout_ms // 3),
    )
    if a.instance_id:
        if v2:
            unsupported(f"kafka-python {kafka.__version__} has no static membership (group_instance_id)")
        conf["group_instance_id"] = a.instance_id
    if a.client_id:
        conf["client_id"] = a.client_id

    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(True))
    consumer = KafkaConsumer(**conf)
    consumer.subscribe(topics=a.topic, listener=PrintingListener())
    idle_s = a.exit_after_idle_ms / 1000 if a.exit_after_idle_ms > 0 else None
    last_record = None
    while not stop:
        if idle_s is not None and last_record is not None and time.monotonic() - last_record >= idle_s:
            break
        batches = consumer.poll(timeout_ms=200)
        positions = {}
        for tp, records in batches.items():
            for r in records:
                key = "-" if r.key is None else r.key.decode()
                value = "-" if r.value is None else r.value.decode()
                print(f"grec {r.topic} {r.partition} {r.offset} {key} {value}", flush=True)
                positions[tp] = r.offset + 1
        if not positions:
            continue
        last_record = time.monotonic()
        try:
            consumer.commit({tp: OffsetAndMetadata(o, "") if v2 else OffsetAndMetadata(o, "", -1)
                             for tp, o in positions.items()})
        except Exception as e:  # noqa: BLE001 - CommitFailedError and friends during rebalances
            print(f"commitfail {type(e).__name__}", flush=True)
            continue
        for tp in sorted(positions):
            print(f"committed {tp.topic} {tp.partition} {positions[tp]}", flush=True)
    consumer.close(autocommit=False)
    print("closed", flush=True)


def main():
    parser = argparse.ArgumentParser(prog="kafka-python-client")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("produce")
    common_args(p)
    p.add_argument("--seed", default="0")
    p.add_argument("--spec", action="append", required=True)
    p.add_argument("--timestamp-base", type=int, default=-1)
    p.set_defaults(run=produce)

    p = sub.add_parser("consume")
    common_args(p)
    p.add_argument("--from", dest="from_", default="earliest")
    p.add_argument("--count", type=int, required=True)
    p.add_argument("--timeout-ms", type=int, default=15000)
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
                   choices=["range", "roundrobin", "sticky", "cooperative-sticky"])
    p.add_argument("--session-timeout-ms", type=int, default=10000)
    p.add_argument("--from", dest="from_", choices=["earliest", "latest"], default="earliest")
    p.add_argument("--exit-after-idle-ms", type=int, default=0)
    p.add_argument("--client-id", default="")
    p.set_defaults(run=group)

    a = parser.parse_args()
    a.run(a)


if __name__ == "__main__":
    main()
