"""librdkafka (confluent-kafka) transactions for Sluice's integration tests (issue 13).

  produce --bootstrap B --topic T --txn-id ID --transactions N --per-txn K [--abort-every M]
      N transactions of K records ("t<i>-r<j>") to partition 0; every M-th (i % M == M-1) is
      aborted after a flush (librdkafka discards unsent records on abort). Prints
      "committed i" / "aborted i".
  ctp --bootstrap B --topic IN --out OUT --group G --txn-id ID --count C [--per-txn K]
      Consume-transform-produce with send_offsets_to_transaction: C records of IN (read
      committed, as group G) upper-cased to OUT in transactions of K. Prints "done C".
"""
import argparse
import sys
import time

from confluent_kafka import Consumer, Producer, TopicPartition


def producer(args):
    p = Producer({
        "bootstrap.servers": args.bootstrap,
        "transactional.id": args.txn_id,
        "linger.ms": 0,
    })
    p.init_transactions(60)
    return p


def produce(args):
    p = producer(args)
    for i in range(args.transactions):
        p.begin_transaction()
        for j in range(args.per_txn):
            p.produce(args.topic, value=f"t{i}-r{j}".encode(), partition=0)
        if args.abort_every and i % args.abort_every == args.abort_every - 1:
            p.flush(30)
            p.abort_transaction(60)
            print(f"aborted {i}", flush=True)
        else:
            p.commit_transaction(60)
            print(f"committed {i}", flush=True)


def ctp(args):
    p = producer(args)
    c = Consumer({
        "bootstrap.servers": args.bootstrap,
        "group.id": args.group,
        "isolation.level": "read_committed",
        "enable.auto.commit": False,
        "auto.offset.reset": "earliest",
    })
    c.subscribe([args.topic])
    done = 0
    deadline = time.time() + 60
    while done < args.count:
        if time.time() > deadline:
            print(f"FAIL timed out after {done} of {args.count}", file=sys.stderr)
            sys.exit(1)
        msgs = c.consume(num_messages=min(args.per_txn, args.count - done), timeout=0.5)
        msgs = [m for m in msgs if m.error() is None]
        if not msgs:
            continue
        p.begin_transaction()
        for m in msgs:
            p.produce(args.out, value=m.value().upper(), partition=m.partition())
        p.send_offsets_to_transaction(c.position(c.assignment()), c.consumer_group_metadata(), 60)
        p.commit_transaction(60)
        done += len(msgs)
    print(f"done {done}", flush=True)
    c.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("command", choices=["produce", "ctp"])
    ap.add_argument("--bootstrap", required=True)
    ap.add_argument("--topic", required=True)
    ap.add_argument("--out")
    ap.add_argument("--group")
    ap.add_argument("--txn-id", required=True)
    ap.add_argument("--transactions", type=int, default=1)
    ap.add_argument("--per-txn", type=int, default=10)
    ap.add_argument("--abort-every", type=int, default=0)
    ap.add_argument("--count", type=int, default=0)
    args = ap.parse_args()
    {"produce": produce, "ctp": ctp}[args.command](args)


if __name__ == "__main__":
    main()
