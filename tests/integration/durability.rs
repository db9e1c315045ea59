//! Acknowledged means durable: every record acknowledged with acks=all survives a crash
//! (SIGKILL mid-stream) and a clean restart, at exactly its acknowledged offset.

use std::collections::BTreeMap;
use std::time::Duration;

use crate::clients::{self, Client, Produce};
use crate::harness::{self, Broker, Streaming};

/// Records the crash producer is asked to send: more than it can send before the kill.
const CRASH_RECORDS: usize = 20_000;
/// Acks seen before the SIGKILL: enough that several batches and fsyncs have happened.
const ACKS_BEFORE_KILL: usize = 500;

#[test]
fn acked_records_survive_sigkill_mid_stream() {
    let seed = harness::seed("durability_sigkill");
    let mut broker = Broker::start();
    let topic = harness::topic_name("durability_sigkill", seed);
    clients::create_topic(Client::Confluent, &broker, &topic, 1, &[]);

    let mut cmd = Client::Confluent.command();
    cmd.args([
        "produce",
        "--bootstrap",
        &broker.bootstrap(),
        "--topic",
        &topic,
        "--partition",
        "0",
    ])
    .args([
        "--seed",
        &seed.to_string(),
        "--spec",
        &format!("all:none:{CRASH_RECORDS}"),
    ])
    .args(["--keep-going", "--message-timeout-ms", "30000"]);
    let mut producer = Streaming::spawn(&mut cmd);
    let saw_acks = producer.wait_for(Duration::from_secs(30), |lines| {
        lines.iter().filter(|l| l.starts_with("ack ")).count() >= ACKS_BEFORE_KILL
    });
    assert!(
        saw_acks,
        "producer did not reach {ACKS_BEFORE_KILL} acks; lines: {:?}",
        producer.seen.last()
    );
    broker.kill9();
    broker.restart();
    // The producer retries into the restarted broker; it may also give up on some records.
    let (lines, status, stderr) = producer.finish(Duration::from_secs(60));
    let acks = clients::parse_acks(&lines.join("\n"));
    eprintln!(
        "producer: {} acks, status {status:?}, stderr tail: {}",
        acks.len(),
        &stderr[stderr.len().saturating_sub(500)..]
    );
    assert!(acks.len() >= ACKS_BEFORE_KILL);

    let end = clients::offsets(Client::Confluent, &broker, &topic, 0, &[]).latest;
    let recs = clients::consume(
        Client::Confluent,
        &broker,
        &topic,
        0,
        "earliest",
        usize::try_from(end).expect("end >= 0"),
    );
    let by_offset: BTreeMap<i64, &clients::Rec> = recs.iter().map(|r| (r.offset, r)).collect();
    for a in &acks {
        let r = by_offset.get(&a.offset).unwrap_or_else(|| {
            panic!(
                "acknowledged record lost after SIGKILL: {a:?} (log end {end})\n{}",
                broker.logs()
            )
        });
        assert_eq!(
            (&r.key, &r.value),
            (&a.key, &a.value),
            "offset {} holds another record after SIGKILL",
            a.offset
        );
    }
    let offsets: Vec<i64> = recs.iter().map(|r| r.offset).collect();
    assert_eq!(
        offsets,
        (0..end).collect::<Vec<_>>(),
        "offsets after recovery are consecutive"
    );
}

#[test]
fn records_survive_clean_restart() {
    let seed = harness::seed("durability_clean_restart");
    let mut broker = Broker::start();
    let topic = harness::topic_name("durability_clean_restart", seed);
    clients::create_topic(Client::Franz, &broker, &topic, 2, &[]);
    let p = Produce {
        topic: &topic,
        partition: 1,
        seed,
        specs: vec!["all:none:300".into(), "all:zstd:300".into()],
        timestamp_base_ms: None,
        extra: &[],
    };
    let acks = clients::produce(Client::Franz, &broker, &p);
    broker.stop();
    broker.restart();
    let o = clients::offsets(Client::Franz, &broker, &topic, 1, &[]);
    assert_eq!(
        (o.earliest, o.latest),
        (0, 600),
        "offsets after a clean restart"
    );
    let recs = clients::consume(Client::Franz, &broker, &topic, 1, "earliest", p.total());
    clients::check_exact(&p, &acks, &recs, 0);

    // Appends continue at the old log end.
    let more = Produce {
        topic: &topic,
        partition: 1,
        seed: seed + 1,
        specs: vec!["all:gzip:5".into()],
        timestamp_base_ms: None,
        extra: &[],
    };
    let more_acks = clients::produce(Client::Franz, &broker, &more);
    let offsets: Vec<i64> = more_acks.iter().map(|a| a.offset).collect();
    assert_eq!(
        offsets,
        (600..605).collect::<Vec<_>>(),
        "offsets continue after restart"
    );
    let tail = clients::consume(Client::Franz, &broker, &topic, 1, "offset:600", 5);
    clients::check_exact(&more, &more_acks, &tail, 600);
}
