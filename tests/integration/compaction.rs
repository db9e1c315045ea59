//! The log cleaner with real clients and real processes: a compacted topic read from the
//! beginning after cleaning holds the latest value per key at its original offset (kcat and
//! Kafka's console consumer agree), tombstones go after `delete.retention.ms`, keyless records
//! are refused with KIP-467 record errors (Java's InvalidRecordException), a kill -9 in the
//! middle of a cleaning loses nothing. (`__consumer_offsets` compacted by the cleaner:
//! `groups_wire::offsets_partition_is_compacted_by_the_cleaner`.)

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::clients::{self, Client};
use crate::harness::{self, Broker};
use crate::java_tools::{run_tool, tool, CONSOLE_CONSUMER, CONSOLE_PRODUCER, TOOL_TIMEOUT};
use crate::kcat::{kcat, kcat_consume, kcat_produce, KCAT_TIMEOUT};

/// Limit: a cleaning of a few MiB takes well under a second; the cleaner wakes every 100 ms.
const CLEANED_WITHIN: Duration = Duration::from_secs(60);
/// Broker settings of these tests: the cleaner looks often.
const CLEANER_FAST: &[(&str, &str)] = &[("log.cleaner.backoff.ms", "100")];

/// The broker's log dir (Kafka's, as perf/kafka/start-kafka lays it out, is `log` inside).
fn log_dir(broker: &Broker) -> std::path::PathBuf {
    if harness::against_kafka() {
        broker.data_dir().join("log")
    } else {
        broker.data_dir()
    }
}

/// The cleaner checkpoint of `topic`-`partition` in the broker's log dir, if written.
fn cleaner_checkpoint(broker: &Broker, topic: &str, partition: i32) -> Option<i64> {
    let text = std::fs::read_to_string(log_dir(broker).join("cleaner-offset-checkpoint")).ok()?;
    text.lines().skip(2).find_map(|line| {
        let fields: Vec<&str> = line.split(' ').collect();
        (fields.len() == 3 && fields[0] == topic && fields[1] == partition.to_string())
            .then(|| fields[2].parse().ok())
            .flatten()
    })
}

/// The base offset of the partition's active segment (its newest `.log` file).
fn active_segment_base(broker: &Broker, topic: &str) -> i64 {
    std::fs::read_dir(log_dir(broker).join(format!("{topic}-0")))
        .expect("partition dir")
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.strip_suffix(".log")?.parse::<i64>().ok()
        })
        .max()
        .unwrap_or(0)
}

/// Waits until everything below the active segment is cleaned: with no new writes, the
/// cleaner then has nothing left to do and reads are stable.
fn wait_fully_cleaned(broker: &Broker, topic: &str) -> i64 {
    let deadline = Instant::now() + CLEANED_WITHIN;
    loop {
        let active = active_segment_base(broker, topic);
        if active > 0 && cleaner_checkpoint(broker, topic, 0) == Some(active) {
            return active;
        }
        assert!(
            Instant::now() < deadline,
            "{topic} not cleaned up to its active segment {active} within {CLEANED_WITHIN:?}\n{}",
            broker.logs()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// `count` updates of `keys` keys (key i % keys), values of `value_bytes` naming the update.
fn updates(seed: u64, count: usize, keys: usize, value_bytes: usize) -> Vec<(String, String)> {
    (0..count)
        .map(|i| {
            let value = format!("{seed}-{i}-");
            let pad = "x".repeat(value_bytes.saturating_sub(value.len()));
            (format!("key{}", i % keys), format!("{value}{pad}"))
        })
        .collect()
}

/// key → (offset, value) of the last update of each key, written from offset `first`.
fn latest(records: &[(String, String)], first: i64) -> BTreeMap<String, (i64, String)> {
    records
        .iter()
        .enumerate()
        .map(|(i, (k, v))| (k.clone(), (first + i as i64, v.clone())))
        .collect()
}

fn create_compacted(broker: &Broker, topic: &str, extra: &[&str]) {
    let mut configs = vec![
        "cleanup.policy=compact",
        "segment.bytes=1048576",
        "min.cleanable.dirty.ratio=0.01",
    ];
    configs.extend_from_slice(extra);
    clients::create_topic(Client::Java, broker, topic, 1, &configs);
}

/// Reads the whole partition with kcat and checks it against `model`: below the cleaner's
/// checkpoint one record per key, and every key's latest value at its original offset.
fn check_latest_per_key(
    broker: &Broker,
    topic: &str,
    model: &BTreeMap<String, (i64, String)>,
    cleaned_to: i64,
) -> Vec<(i64, String, String)> {
    let read = kcat_consume(broker, topic, 0, "beginning");
    let mut seen_below: BTreeMap<&str, i64> = BTreeMap::new();
    for (offset, key, _) in read.iter().filter(|r| r.0 < cleaned_to) {
        if let Some(earlier) = seen_below.insert(key, *offset) {
            panic!("{key} at {earlier} and {offset}, both below the cleaned offset {cleaned_to}");
        }
    }
    for (key, (offset, value)) in model {
        let found = read.iter().find(|r| r.0 == *offset);
        assert_eq!(
            found.map(|r| (&r.1, &r.2)),
            Some((key, value)),
            "latest value of {key} at offset {offset}"
        );
    }
    read
}

#[test]
fn a_compacted_topic_keeps_the_latest_value_per_key_at_its_offset() {
    let seed = harness::seed("compaction_latest");
    let broker = Broker::start_with(CLEANER_FAST);
    let topic = harness::topic_name("compaction_latest", seed);
    create_compacted(&broker, &topic, &[]);
    // 3,000 updates of 100 keys, 1 KiB each: three 1 MiB segments.
    let records = updates(seed, 3_000, 100, 1024);
    let lines: Vec<String> = records.iter().map(|(k, v)| format!("{k}:{v}")).collect();
    for chunk in lines.chunks(500) {
        kcat_produce(&broker, &topic, 0, "none", "all", chunk);
    }
    let model = latest(&records, 0);
    let cleaned_to = wait_fully_cleaned(&broker, &topic);
    let read = check_latest_per_key(&broker, &topic, &model, cleaned_to);
    assert!(
        read.len() < records.len(),
        "nothing removed: {} records",
        read.len()
    );
    // Kafka's console consumer (Java) reads the same records at the same offsets.
    let out = run_tool(
        &broker,
        CONSOLE_CONSUMER,
        &[
            "--topic",
            &topic,
            "--partition",
            "0",
            "--offset",
            "earliest",
            "--max-messages",
            &read.len().to_string(),
            "--formatter-property",
            "print.key=true",
            "--formatter-property",
            "print.offset=true",
        ],
    );
    let want: Vec<String> = read
        .iter()
        .map(|(o, k, v)| format!("Offset:{o}\t{k}\t{v}"))
        .collect();
    let got: Vec<String> = out.lines().map(str::to_string).collect();
    // Values are 1 KiB: name the first difference, not both lists.
    let first_difference = got.iter().zip(&want).position(|(g, w)| g != w);
    assert!(
        got.len() == want.len() && first_difference.is_none(),
        "console consumer: {} records, kcat: {}; first difference at {first_difference:?}: {:?} vs {:?}",
        got.len(),
        want.len(),
        first_difference.map(|i| got[i].chars().take(60).collect::<String>()),
        first_difference.map(|i| want[i].chars().take(60).collect::<String>()),
    );
}

#[test]
fn tombstones_are_removed_after_delete_retention_ms() {
    let seed = harness::seed("compaction_tombstones");
    let broker = Broker::start_with(CLEANER_FAST);
    let topic = harness::topic_name("compaction_tombstones", seed);
    create_compacted(&broker, &topic, &["delete.retention.ms=1000"]);
    let records = updates(seed, 1_000, 50, 1024);
    let lines: Vec<String> = records.iter().map(|(k, v)| format!("{k}:{v}")).collect();
    kcat_produce(&broker, &topic, 0, "none", "all", &lines);
    // Tombstones for keys 0..10 (kcat -Z: an empty value is a null).
    let deleted: Vec<String> = (0..10).map(|i| format!("key{i}:")).collect();
    let mut cmd = kcat(&broker);
    cmd.args([
        "-P", "-t", &topic, "-p", "0", "-K", ":", "-Z", "-X", "acks=all",
    ]);
    harness::run_with_stdin(
        &mut cmd,
        Some(format!("{}\n", deleted.join("\n")).as_bytes()),
        KCAT_TIMEOUT,
    );
    // Filler on other keys rolls the tombstones out of the active segment.
    let filler = updates(seed + 1, 2_200, 20, 1024);
    let filler: Vec<String> = filler
        .iter()
        .map(|(k, v)| format!("filler-{k}:{v}"))
        .collect();
    kcat_produce(&broker, &topic, 0, "none", "all", &filler);
    let deadline = Instant::now() + CLEANED_WITHIN;
    loop {
        let read = kcat_consume(&broker, &topic, 0, "beginning");
        let tombstones = read
            .iter()
            .filter(|(_, k, v)| v.is_empty() && k.starts_with("key"))
            .count();
        let deleted_values = read
            .iter()
            .filter(|(_, k, v)| !v.is_empty() && (0..10).any(|i| *k == format!("key{i}")))
            .count();
        let missing: Vec<i32> = (10..50)
            .filter(|i| !read.iter().any(|(_, k, _)| *k == format!("key{i}")))
            .collect();
        assert!(
            missing.is_empty(),
            "live keys {missing:?} were removed; read {} records, offsets {:?}..{:?}\n{}",
            read.len(),
            read.first().map(|r| r.0),
            read.last().map(|r| r.0),
            broker.logs()
        );
        if tombstones == 0
            && deleted_values == 0
            && cleaner_checkpoint(&broker, &topic, 0).is_some()
        {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "{tombstones} tombstones and {deleted_values} deleted values left\n{}",
            broker.logs()
        );
        // More filler (a segment's worth): Kafka removes a tombstone in a later pass, which new
        // dirty data starts (Sluice also starts one once the tombstone is due).
        if tombstones > 0 {
            std::thread::sleep(Duration::from_millis(1000));
            kcat_produce(&broker, &topic, 0, "none", "all", &filler[..1_100]);
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[test]
fn keyless_records_on_a_compacted_topic_are_refused_with_record_errors() {
    let seed = harness::seed("compaction_keyless");
    let broker = Broker::start();
    let topic = harness::topic_name("compaction_keyless", seed);
    create_compacted(&broker, &topic, &[]);
    // The Java producer (console producer, no keys) sees InvalidRecordException naming the
    // partition, as against Kafka.
    let mut producer = tool(&broker, CONSOLE_PRODUCER);
    producer.args(["--topic", &topic, "--producer-property", "retries=0"]);
    let out = harness::try_run(&mut producer, Some(b"no key here\n"), TOOL_TIMEOUT);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains("InvalidRecordException")
            && text.contains(&format!(
                "Compacted topic cannot accept message without key in topic partition {topic}-0"
            )),
        "{}",
        harness::describe(&out)
    );
    // Nothing was appended.
    assert!(kcat_consume(&broker, &topic, 0, "beginning").is_empty());
}

#[test]
fn a_kill_during_cleaning_loses_nothing() {
    let seed = harness::seed("compaction_kill9");
    // A slow cleaner (256 KiB/s) so that the kill lands mid-pass.
    let mut broker = Broker::start_with(&[
        ("log.cleaner.backoff.ms", "100"),
        ("log.cleaner.io.max.bytes.per.second", "262144"),
    ]);
    let topic = harness::topic_name("compaction_kill9", seed);
    create_compacted(&broker, &topic, &[]);
    let records = updates(seed, 4_000, 300, 1024);
    let lines: Vec<String> = records.iter().map(|(k, v)| format!("{k}:{v}")).collect();
    for chunk in lines.chunks(500) {
        kcat_produce(&broker, &topic, 0, "none", "all", chunk);
    }
    let model = latest(&records, 0);
    let dir = log_dir(&broker).join(format!("{topic}-0"));
    let cleaning = |dir: &Path| {
        std::fs::read_dir(dir).is_ok_and(|entries| {
            entries
                .filter_map(Result::ok)
                .any(|e| e.file_name().to_string_lossy().ends_with(".cleaned"))
        })
    };
    let deadline = Instant::now() + CLEANED_WITHIN;
    while !cleaning(&dir) {
        assert!(
            Instant::now() < deadline,
            "no cleaning started\n{}",
            broker.logs()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    broker.kill9();
    broker.restart();
    let read = kcat_consume(&broker, &topic, 0, "beginning");
    for (key, (offset, value)) in &model {
        assert!(
            read.iter()
                .any(|r| r.0 == *offset && r.1 == *key && r.2 == *value),
            "latest value of {key} at {offset} lost"
        );
    }
    assert_eq!(read.last().map(|r| r.0), Some(records.len() as i64 - 1));
}

/// The cleaner checkpoint of `topic`-0 in a cluster node's log dir equals that node's active
/// segment base: everything cleanable is cleaned.
fn node_fully_cleaned(data: &Path, topic: &str) -> bool {
    let active = std::fs::read_dir(data.join(format!("{topic}-0")))
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter_map(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    name.strip_suffix(".log")?.parse::<i64>().ok()
                })
                .max()
                .unwrap_or(0)
        })
        .unwrap_or(0);
    let checkpoint = std::fs::read_to_string(data.join("cleaner-offset-checkpoint"))
        .unwrap_or_default()
        .lines()
        .skip(2)
        .any(|l| l == format!("{topic} 0 {active}"));
    active > 0 && checkpoint
}

/// Compaction on a 3-node replicated topic (127.0.80.x): every replica compacts its own copy
/// (offsets preserved, so followers fetching from a compacted leader stay consistent), and
/// after the leader is killed the new leader — and after it the third replica — serves the
/// latest value of every key at its original offset.
#[test]
fn replicas_compact_and_serve_the_latest_values_after_failover() {
    use crate::replication::{
        create_replicated_topic, produce, read_partition_through, wait_state,
    };
    if harness::against_kafka() {
        return;
    }
    let seed = harness::seed("compaction_cluster");
    let topic = "compacted";
    let mut cluster = crate::cluster::Cluster::start_with(
        3,
        80,
        "broker.session.timeout.ms=2000\nbroker.heartbeat.interval.ms=300\n\
         replica.lag.time.max.ms=5000\nlog.cleaner.backoff.ms=100",
    );
    cluster.wait_ready();
    create_replicated_topic(
        &cluster,
        topic,
        &[
            ("cleanup.policy", "compact"),
            ("segment.bytes", "1048576"),
            ("min.cleanable.dirty.ratio", "0.01"),
        ],
    );
    let (leader, _, _) = wait_state(&cluster, 0, topic, "a leader and a full ISR", |s| {
        s.0 >= 0 && s.2 == vec![1, 2, 3]
    });
    // 60 batches of 50 updates of 100 keys, 1 KiB values: three 1 MiB segments.
    let mut model: BTreeMap<String, (i64, String)> = BTreeMap::new();
    let mut next_offset = 0i64;
    for round in 0..60 {
        let mut builder = batch::builder::BatchBuilder::new();
        for i in 0..50 {
            let n = round * 50 + i;
            let key = format!("key{}", n % 100);
            let value = format!("{seed}-{n}-{}", "x".repeat(1000));
            builder = builder.record(i as i64, Some(key.as_bytes()), Some(value.as_bytes()));
            model.insert(key, (next_offset + i as i64, value));
        }
        let (code, base) = produce(&cluster, leader, topic, bytes::Bytes::from(builder.build()));
        assert_eq!((code, base), (0, next_offset), "batch {round}");
        next_offset += 50;
    }
    let deadline = Instant::now() + CLEANED_WITHIN;
    while !cluster
        .nodes
        .iter()
        .all(|n| node_fully_cleaned(&n.data, topic))
    {
        assert!(
            Instant::now() < deadline,
            "replicas not all cleaned within {CLEANED_WITHIN:?}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let check = |records: &[(i64, i32, String)], node: i32| {
        assert!(records.len() < 3000, "node {node}: nothing compacted");
        for (key, (offset, value)) in &model {
            assert!(
                records.iter().any(|r| r.0 == *offset && r.2 == *value),
                "node {node}: latest value of {key} at {offset}"
            );
        }
    };
    check(
        &read_partition_through(&cluster, leader, topic, 0, next_offset - 1),
        leader,
    );
    // The leader dies: the new one serves the latest values from its own compacted copy.
    let leader_at = cluster.nodes.iter().position(|n| n.id == leader).unwrap();
    cluster.kill9(leader_at);
    let survivor = (0..3).find(|at| *at != leader_at).unwrap();
    let (second, _, _) = wait_state(&cluster, survivor, topic, "a new leader", |s| {
        s.0 >= 0 && s.0 != leader
    });
    check(
        &read_partition_through(&cluster, second, topic, 0, next_offset - 1),
        second,
    );
    // The old leader comes back as a follower of a compacted leader and catches up; then the
    // second leader dies too and the third replica serves the same.
    cluster.restart(leader_at);
    wait_state(&cluster, survivor, topic, "the full ISR again", |s| {
        s.2 == vec![1, 2, 3]
    });
    let second_at = cluster.nodes.iter().position(|n| n.id == second).unwrap();
    cluster.kill9(second_at);
    let watcher = (0..3).find(|at| *at != second_at).unwrap();
    let (third, _, _) = wait_state(&cluster, watcher, topic, "a third leader", |s| {
        s.0 >= 0 && s.0 != second
    });
    check(
        &read_partition_through(&cluster, third, topic, 0, next_offset - 1),
        third,
    );
}

/// The exact answer (Produce v9, as Kafka 4.3 gives it): INVALID_RECORD, every keyless record
/// by its batch index with Kafka's message, and `processRecordErrors`' summary; nothing
/// appended. A batch whose records all have keys goes in.
#[test]
fn keyless_refusal_names_each_record_on_the_wire() {
    use kafka_protocol::messages::{ProduceResponse, TopicName};
    use kafka_protocol::protocol::StrBytes;
    let seed = harness::seed("compaction_keyless_wire");
    let broker = Broker::start();
    let topic = harness::topic_name("compaction_keyless_wire", seed);
    let mut w = crate::wire::Wire::connect(&broker.bootstrap());
    let (code, _) = crate::configs::create_topic(&mut w, &topic, &[("cleanup.policy", "compact")]);
    assert_eq!(code, 0);
    let name = || TopicName(StrBytes::from_string(topic.clone()));
    let refused = batch::builder::BatchBuilder::new()
        .record(0, Some(b"a"), Some(b"1"))
        .record(1, None, Some(b"2"))
        .record(2, Some(b"c"), Some(b"3"))
        .record(3, None, Some(b"4"))
        .build();
    let response: ProduceResponse = w.call(
        9,
        &crate::crash::produce_acks_all(name(), 0, bytes::Bytes::from(refused)),
    );
    let p = &response.responses[0].partition_responses[0];
    let message =
        format!("Compacted topic cannot accept message without key in topic partition {topic}-0");
    assert_eq!(p.error_code, 87, "INVALID_RECORD");
    let errors: Vec<(i32, Option<String>)> = p
        .record_errors
        .iter()
        .map(|e| {
            (
                e.batch_index,
                e.batch_index_error_message.as_ref().map(|m| m.to_string()),
            )
        })
        .collect();
    assert_eq!(
        errors,
        vec![(1, Some(message.clone())), (3, Some(message.clone()))]
    );
    assert_eq!(
        p.error_message.as_ref().map(|m| m.to_string()),
        Some(format!(
            "One or more records have been rejected due to 2 record errors in total, and only \
             showing the first three errors at most: [RecordError(batchIndex=1, message='{message}'), \
             RecordError(batchIndex=3, message='{message}')]"
        ))
    );
    let keyed = batch::builder::BatchBuilder::new()
        .record(0, Some(b"a"), Some(b"1"))
        .build();
    let response: ProduceResponse = w.call(
        9,
        &crate::crash::produce_acks_all(name(), 0, bytes::Bytes::from(keyed)),
    );
    let p = &response.responses[0].partition_responses[0];
    assert_eq!(
        (p.error_code, p.base_offset),
        (0, 0),
        "nothing of the refused batch went in"
    );
}

/// Kafka's log cleaner gauges on /metrics, named as Strimzi's JMX exporter rules name
/// `kafka.log:type=LogCleaner` and `type=LogCleanerManager`: after a cleaning of 3,000 updates
/// of 100 keys (every segment but the active one rewritten), the last cleaning's key map held
/// 100 keys of its capacity, it wrote less than it read, took some time; the cleaner looked
/// for work within its backoff.
#[test]
fn cleaner_metrics_describe_the_last_cleaning() {
    let seed = harness::seed("cleaner_metrics");
    let broker = Broker::start_with(CLEANER_FAST);
    let topic = harness::topic_name("cleaner_metrics", seed);
    create_compacted(&broker, &topic, &[]);
    let records = updates(seed, 3_000, 100, 1024);
    let lines: Vec<String> = records.iter().map(|(k, v)| format!("{k}:{v}")).collect();
    for chunk in lines.chunks(500) {
        kcat_produce(&broker, &topic, 0, "none", "all", chunk);
    }
    wait_fully_cleaned(&broker, &topic);
    let (status, text) = crate::metrics::get(&broker.http_address(), "/metrics");
    assert_eq!(status, 200);
    let gauge = |name: &str| -> f64 {
        assert!(
            text.contains(&format!("# TYPE {name} gauge")),
            "{name} is no gauge"
        );
        text.lines()
            .find_map(|l| l.strip_prefix(name)?.strip_prefix(' ')?.parse().ok())
            .unwrap_or_else(|| panic!("no {name} in\n{text}"))
    };
    let utilization = gauge("kafka_log_logcleaner_max_buffer_utilization_percent");
    assert!(
        utilization > 0.0 && utilization < 1.0,
        "100 keys in a map of 128 MiB / 1 thread: {utilization}%"
    );
    let recopy = gauge("kafka_log_logcleaner_cleaner_recopy_percent");
    assert!(
        recopy > 0.0 && recopy < 100.0 && recopy.fract() == 0.0,
        "most updates dropped: {recopy}%"
    );
    let seconds = gauge("kafka_log_logcleaner_max_clean_time_secs");
    assert!(
        seconds > 0.0 && seconds < CLEANED_WITHIN.as_secs_f64(),
        "{seconds}"
    );
    let dirty = gauge("kafka_log_logcleanermanager_max_dirty_percent");
    assert!((0.0..=100.0).contains(&dirty), "{dirty}");
    let since = gauge("kafka_log_logcleanermanager_time_since_last_run_ms");
    assert!(
        (0.0..10_000.0).contains(&since),
        "the cleaner looks every 100 ms: {since} ms"
    );
}
