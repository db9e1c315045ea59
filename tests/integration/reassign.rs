//! The operations Kafka users run on replicas (issue 11 part 6), with Kafka's own tools:
//! `kafka-log-dirs --describe` (DescribeLogDirs) and `kafka-reassign-partitions --generate /
//! --execute / --verify` (KIP-455 reassignment): a single-replica topic grown to three
//! replicas, and a replica moved off a broker being decommissioned, the data produced before
//! readable from the new replicas once the old ones are gone, and a throttled move cancelled
//! (`--cancel`). Clusters on 127.0.60.x–61.x and 127.0.63.x.

use crate::cluster::Cluster;
use crate::crash::{fetch_now, produce_acks_all};
use crate::harness::against_kafka;
use crate::wire::Wire;
use bytes::Bytes;
use kafka_protocol::messages::metadata_request::MetadataRequestTopic;
use kafka_protocol::messages::{FetchRequest, MetadataRequest, ProduceRequest, TopicName};
use kafka_protocol::protocol::StrBytes;
use serde_json::Value;
use std::time::{Duration, Instant};

const TOPICS: &str = "org.apache.kafka.tools.TopicCommand";
const LOG_DIRS: &str = "org.apache.kafka.tools.LogDirsCommand";
const REASSIGN: &str = "org.apache.kafka.tools.reassign.ReassignPartitionsCommand";

fn topic_name(topic: &str) -> TopicName {
    TopicName(StrBytes::from_string(topic.to_string()))
}

fn nodes(size: i32, octet: u8) -> Cluster {
    let cluster = Cluster::start_with(
        size,
        octet,
        "broker.session.timeout.ms=3000\nbroker.heartbeat.interval.ms=300\n\
         replica.lag.time.max.ms=5000\nauto.leader.rebalance.enable=false",
    );
    let all: Vec<usize> = (0..size as usize).collect();
    cluster.wait_leader(&all);
    let ids: Vec<i32> = (1..=size).collect();
    for &at in &all {
        cluster.wait_brokers(at, &ids);
    }
    cluster
}

/// (leader, replicas, isr) of `topic`-0 as node `at` shows it in Metadata v12.
fn shown(cluster: &Cluster, at: usize, topic: &str) -> Option<(i32, Vec<i32>, Vec<i32>)> {
    let mut wire = Wire::try_connect(&cluster.nodes[at].bootstrap()).ok()?;
    wire.set_read_timeout(Duration::from_secs(5));
    let request = MetadataRequest::default().with_topics(Some(vec![
        MetadataRequestTopic::default().with_name(Some(topic_name(topic))),
    ]));
    let response = wire.call(12, &request);
    let p = response.topics.first()?.partitions.first()?;
    let mut isr: Vec<i32> = p.isr_nodes.iter().map(|b| b.0).collect();
    isr.sort();
    Some((
        p.leader_id.0,
        p.replica_nodes.iter().map(|b| b.0).collect(),
        isr,
    ))
}

fn batch(prefix: &str, count: usize) -> Bytes {
    let mut b = batch::builder::BatchBuilder::new();
    for i in 0..count {
        let value = format!("{prefix}-{i}");
        b = b.record(i as i64, None, Some(value.as_bytes()));
    }
    Bytes::from(b.build())
}

/// Produces one acks=all batch to `topic`-0 through its leader, retrying while leadership or
/// the ISR moves; the base offset.
fn produce(cluster: &Cluster, topic: &str, records: Bytes) -> i64 {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let leader = shown(cluster, 0, topic).map(|s| s.0).unwrap_or(-1);
        if let Some(at) = cluster.nodes.iter().position(|n| n.id == leader) {
            if let Ok(mut wire) = Wire::try_connect(&cluster.nodes[at].bootstrap()) {
                wire.set_read_timeout(Duration::from_secs(20));
                let request: ProduceRequest =
                    produce_acks_all(topic_name(topic), 0, records.clone());
                let response = wire.call(9, &request);
                let p = &response.responses[0].partition_responses[0];
                if p.error_code == 0 {
                    return p.base_offset;
                }
            }
        }
        assert!(
            Instant::now() < deadline,
            "no acks=all produce to {topic} in 30 s"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// Every record value of `topic`-0, read from the node with id `node` up to its high watermark.
fn read_all(cluster: &Cluster, node: i32, topic: &str) -> Vec<String> {
    let at = cluster.nodes.iter().position(|n| n.id == node).unwrap();
    let mut wire = Wire::connect(&cluster.nodes[at].bootstrap());
    let mut values = Vec::new();
    let mut offset = 0i64;
    loop {
        let request: FetchRequest = fetch_now(topic_name(topic), 0, offset);
        let response = wire.call(12, &request);
        let p = &response.responses[0].partitions[0];
        assert_eq!(p.error_code, 0, "fetch at {offset} from node {node}");
        let mut rest = p.records.clone().unwrap_or_default();
        if rest.is_empty() {
            return values;
        }
        while rest.len() >= batch::BATCH_HEADER_BYTES {
            let header = batch::BatchHeader::parse(&rest).unwrap();
            if header.batch_size() > rest.len() {
                break;
            }
            let one = rest.split_to(header.batch_size());
            let (_, records) = batch::records(&one).expect("an uncompressed batch");
            for record in records {
                values.push(String::from_utf8(record.value.unwrap().to_vec()).unwrap());
            }
            offset = header.last_offset() + 1;
        }
    }
}

/// `kafka-log-dirs --describe`: (broker, partition name) → size, for every replica listed.
fn log_dirs(cluster: &Cluster, brokers: &str) -> Vec<(i64, String, i64, i64)> {
    let out = cluster.java_tool(0, LOG_DIRS, &["--describe", "--broker-list", brokers]);
    let json = out
        .lines()
        .find(|l| l.starts_with('{'))
        .unwrap_or_else(|| panic!("no JSON from kafka-log-dirs: {out}"));
    let v: Value = serde_json::from_str(json).unwrap();
    let mut replicas = Vec::new();
    for b in v["brokers"].as_array().unwrap() {
        let broker = b["broker"].as_i64().unwrap();
        for dir in b["logDirs"].as_array().unwrap() {
            assert!(dir["error"].is_null(), "{out}");
            for p in dir["partitions"].as_array().unwrap() {
                replicas.push((
                    broker,
                    p["partition"].as_str().unwrap().to_string(),
                    p["size"].as_i64().unwrap(),
                    p["offsetLag"].as_i64().unwrap(),
                ));
            }
        }
    }
    replicas
}

fn size_on(replicas: &[(i64, String, i64, i64)], broker: i64, partition: &str) -> Option<i64> {
    replicas
        .iter()
        .find(|(b, p, _, _)| *b == broker && p == partition)
        .map(|r| r.2)
}

/// `kafka-topics --create` of `topic` with one partition on the replicas `assignment`
/// (`--replica-assignment`, e.g. "1:2:3").
fn create(cluster: &Cluster, topic: &str, assignment: &str) {
    let out = cluster.java_tool(
        0,
        TOPICS,
        &[
            "--create",
            "--topic",
            topic,
            "--replica-assignment",
            assignment,
        ],
    );
    assert!(out.contains(&format!("Created topic {topic}.")), "{out}");
}

/// Writes the reassignment JSON file moving `topic`-0 to `target`; its path.
fn plan(cluster: &Cluster, topic: &str, target: &[i32]) -> String {
    let file = cluster.nodes[0]
        .data
        .with_file_name(format!("reassign-{topic}.json"));
    let json = serde_json::json!({
        "version": 1,
        "partitions": [{"topic": topic, "partition": 0, "replicas": target}],
    });
    std::fs::write(&file, json.to_string()).unwrap();
    file.to_str().unwrap().to_string()
}

/// Waits until node `at` shows `topic`-0 with exactly `replicas` (in order) and `isr`
/// (sorted); (leader, replicas, isr).
fn wait_replicas(
    cluster: &Cluster,
    at: usize,
    topic: &str,
    replicas: &[i32],
    isr: &[i32],
) -> (i32, Vec<i32>, Vec<i32>) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let s = shown(cluster, at, topic);
        if s.as_ref().is_some_and(|s| s.1 == replicas && s.2 == isr) {
            return s.unwrap();
        }
        assert!(Instant::now() < deadline, "{s:?}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// `kafka-configs --describe` of `topic`'s configs.
fn topic_configs(cluster: &Cluster, topic: &str) -> String {
    cluster.java_tool(
        0,
        crate::java_tools::CONFIGS,
        &[
            "--describe",
            "--entity-type",
            "topics",
            "--entity-name",
            topic,
        ],
    )
}

/// `--execute` of `target` for `topic`-0 (with `extra` arguments), then `--verify` until it
/// reports completion.
fn reassign(cluster: &Cluster, topic: &str, target: &[i32], extra: &[&str]) {
    let file = plan(cluster, topic, target);
    let file = file.as_str();
    let mut args = vec!["--reassignment-json-file", file, "--execute"];
    args.extend_from_slice(extra);
    let out = cluster.java_tool(0, REASSIGN, &args);
    assert!(
        out.contains("Successfully started partition reassignment"),
        "{out}"
    );
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let out = cluster.java_tool(1, REASSIGN, &["--reassignment-json-file", file, "--verify"]);
        if out.contains(&format!("Reassignment of partition {topic}-0 is completed")) {
            return;
        }
        if !extra.is_empty() {
            // While it runs, the throttles the tool set are stored as Kafka's dynamic configs.
            let configs = topic_configs(cluster, topic);
            assert!(
                configs.contains("leader.replication.throttled.replicas"),
                "{configs}"
            );
        }
        assert!(
            out.contains(&format!(
                "Reassignment of partition {topic}-0 is still in progress"
            )),
            "{out}"
        );
        assert!(Instant::now() < deadline, "not completed in 60 s: {out}");
        std::thread::sleep(Duration::from_millis(500));
    }
}

#[test]
fn log_dirs_describe_replicas_and_a_single_replica_topic_grows_to_three() {
    if against_kafka() {
        return;
    }
    let cluster = nodes(3, 60);
    create(&cluster, "grow", "1");
    for i in 0..5 {
        produce(&cluster, "grow", batch(&format!("before{i}"), 20));
    }
    let before = log_dirs(&cluster, "1,2,3");
    let size_before = size_on(&before, 1, "grow-0").expect("grow-0 on broker 1");
    assert!(size_before > 0, "{before:?}");
    assert_eq!(size_on(&before, 2, "grow-0"), None, "{before:?}");

    reassign(&cluster, "grow", &[1, 2, 3], &[]);
    let state = wait_replicas(&cluster, 2, "grow", &[1, 2, 3], &[1, 2, 3]);
    assert_eq!(state.0, 1, "{state:?}");
    for i in 0..5 {
        produce(&cluster, "grow", batch(&format!("after{i}"), 20));
    }
    // Every replica is listed with its bytes, grown past what broker 1 held before.
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let after = log_dirs(&cluster, "1,2,3");
        let sizes: Vec<Option<i64>> = (1..=3).map(|b| size_on(&after, b, "grow-0")).collect();
        if sizes.iter().all(|s| s.is_some_and(|s| s > size_before)) {
            break;
        }
        assert!(Instant::now() < deadline, "{after:?}");
        std::thread::sleep(Duration::from_millis(300));
    }
    // Every record, from the leader and after a move of leadership from a new replica.
    let values = read_all(&cluster, 1, "grow");
    assert_eq!(values.len(), 200);
    assert_eq!(values[0], "before0-0");
    assert_eq!(values[199], "after4-19");
}

#[test]
fn a_replica_moves_off_a_decommissioned_broker_with_its_data() {
    if against_kafka() {
        return;
    }
    let cluster = nodes(4, 61);
    create(&cluster, "move", "1:2:3");
    for i in 0..5 {
        produce(&cluster, "move", batch(&format!("before{i}"), 20));
    }
    // --generate proposes a placement on the brokers named.
    let topics = cluster.nodes[0].data.with_file_name("topics.json");
    std::fs::write(&topics, r#"{"version":1,"topics":[{"topic":"move"}]}"#).unwrap();
    let out = cluster.java_tool(
        0,
        REASSIGN,
        &[
            "--topics-to-move-json-file",
            topics.to_str().unwrap(),
            "--broker-list",
            "2,3,4",
            "--generate",
        ],
    );
    assert!(
        out.contains("Current partition replica assignment")
            && out.contains("Proposed partition reassignment configuration"),
        "{out}"
    );

    // With a replication throttle, as operators move data: the tool sets Kafka's throttle
    // configs (stored, not yet honoured by the fetcher) and --verify clears them when done.
    reassign(&cluster, "move", &[2, 3, 4], &["--throttle", "50000000"]);
    let configs = topic_configs(&cluster, "move");
    assert!(!configs.contains("throttled.replicas="), "{configs}");
    let state = wait_replicas(&cluster, 3, "move", &[2, 3, 4], &[2, 3, 4]);
    assert_eq!(
        state.0, 2,
        "the old leader 1 left: the target's first replica leads"
    );
    // Broker 1's replica is gone, from the log dirs and from its disk.
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let dirs = log_dirs(&cluster, "1,2,3,4");
        let gone =
            size_on(&dirs, 1, "move-0").is_none() && !cluster.nodes[0].data.join("move-0").exists();
        if gone && (2..=4).all(|b| size_on(&dirs, b, "move-0").is_some_and(|s| s > 0)) {
            break;
        }
        assert!(Instant::now() < deadline, "{dirs:?}");
        std::thread::sleep(Duration::from_millis(300));
    }
    produce(&cluster, "move", batch("after", 20));
    let values = read_all(&cluster, state.0, "move");
    assert_eq!(values.len(), 120);
    assert_eq!(values[0], "before0-0");
    assert_eq!(values[119], "after-19");
}

/// `kafka-reassign-partitions --cancel` (KIP-455): a move held back by a replication throttle
/// is cancelled midway; the partition returns to its original replicas with its full ISR, the
/// half-built replica is deleted from the broker it was being copied to, the tool clears its
/// throttles, and every record stays readable.
#[test]
fn a_throttled_reassignment_is_cancelled_and_the_partition_keeps_its_replicas() {
    if against_kafka() {
        return;
    }
    let cluster = nodes(4, 63);
    create(&cluster, "cancel", "1:2:3");
    // 300 KB: at 3,000 B/s, a copy to broker 4 takes well over a minute.
    let padding = "p".repeat(1000);
    for i in 0..15 {
        produce(&cluster, "cancel", batch(&format!("{padding}{i}"), 20));
    }
    let file = plan(&cluster, "cancel", &[2, 3, 4]);
    let file = file.as_str();
    let out = cluster.java_tool(
        0,
        REASSIGN,
        &[
            "--reassignment-json-file",
            file,
            "--execute",
            "--throttle",
            "3000",
        ],
    );
    assert!(
        out.contains("Successfully started partition reassignment"),
        "{out}"
    );
    // Broker 4 starts copying (its replica exists) but cannot finish under the throttle.
    let deadline = Instant::now() + Duration::from_secs(20);
    while !cluster.nodes[3].data.join("cancel-0").exists() {
        assert!(Instant::now() < deadline, "broker 4 never got its replica");
        std::thread::sleep(Duration::from_millis(100));
    }
    let out = cluster.java_tool(1, REASSIGN, &["--reassignment-json-file", file, "--verify"]);
    assert!(
        out.contains("Reassignment of partition cancel-0 is still in progress"),
        "{out}"
    );

    let out = cluster.java_tool(0, REASSIGN, &["--reassignment-json-file", file, "--cancel"]);
    eprintln!("--cancel: {out}");
    assert!(
        out.contains("Successfully cancelled partition reassignment"),
        "{out}"
    );
    // Kafka's revert keeps the in-progress order (target first, then the replicas being
    // removed) less the replicas being added: [2, 3, 4, 1] becomes [2, 3, 1].
    let state = wait_replicas(&cluster, 2, "cancel", &[2, 3, 1], &[1, 2, 3]);
    let out = cluster.java_tool(1, REASSIGN, &["--list"]);
    assert!(!out.contains("cancel-0"), "still listed: {out}");
    // The copy on broker 4 is gone, from its disk and from the log dirs.
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let dirs = log_dirs(&cluster, "1,2,3,4");
        if size_on(&dirs, 4, "cancel-0").is_none()
            && !cluster.nodes[3].data.join("cancel-0").exists()
        {
            break;
        }
        assert!(Instant::now() < deadline, "{dirs:?}");
        std::thread::sleep(Duration::from_millis(300));
    }
    // The tool cleared the throttles it set.
    let configs = topic_configs(&cluster, "cancel");
    assert!(!configs.contains("throttled.replicas="), "{configs}");
    produce(&cluster, "cancel", batch("after", 20));
    let values = read_all(&cluster, state.0, "cancel");
    assert_eq!(values.len(), 320);
    assert_eq!(values[319], "after-19");
}
