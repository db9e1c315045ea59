//! segmentio/kafka-go, unchanged: its Writer (batching, a Balancer, every codec and acks),
//! partition Readers (from an offset, from a time), the low-level Conn (ReadPartitions,
//! CreateTopics, first/last/time offsets), the `kafka.Client` admin API, its own consumer group
//! implementation (`kafka.ConsumerGroup`, and a Reader with a GroupID).

use crate::clients::{self, Client};
use crate::groups::{self, MemberSpec};
use crate::harness::{self, Broker};
use std::collections::BTreeMap;

#[test]
fn kafka_go_produce_consume_every_codec_and_acks() {
    clients::produce_consume_scenario(Client::KafkaGo, Client::KafkaGo, "kafka_go_pc");
}

/// What kafka-go's Writer batches, sarama reads, and the other way round.
#[test]
fn kafka_go_and_sarama_read_each_other() {
    clients::produce_consume_scenario(Client::KafkaGo, Client::Sarama, "kafka_go_to_sarama");
    clients::produce_consume_scenario(Client::SaramaV4, Client::KafkaGo, "sarama_to_kafka_go");
}

#[test]
fn kafka_go_offsets_and_timestamps() {
    clients::offsets_scenario(Client::KafkaGo, "kafka_go_offsets");
}

#[test]
fn kafka_go_admin_topics_and_configs() {
    clients::admin_scenario(Client::KafkaGo, "kafka_go_admin");
}

/// Conn.CreateTopics on the controller's connection (the low-level API) and the legacy
/// AlterConfigs through kafka.Client.
#[test]
fn kafka_go_conn_create_topics_and_legacy_alter_configs() {
    let test = "kafka_go_conn";
    let seed = harness::seed(test);
    let broker = Broker::start();
    let topic = harness::topic_name(test, seed);
    let out = clients::admin(
        Client::KafkaGo,
        &broker,
        "create-conn",
        &["--topic", &topic, "--partitions", "3"],
    );
    assert!(out.contains(&format!("created {topic} 3")), "{out}");
    let described = clients::admin(
        Client::KafkaGo,
        &broker,
        "describe-topic",
        &["--topic", &topic],
    );
    let partitions: Vec<&str> = described.lines().collect();
    assert_eq!(partitions.len(), 3, "{described}");
    let out = clients::admin(
        Client::KafkaGo,
        &broker,
        "alter-config-legacy",
        &["--topic", &topic, "--config", "retention.ms=7200000"],
    );
    assert!(out.contains("altered"), "{out}");
    let configs = clients::topic_configs(Client::KafkaGo, &broker, &topic);
    assert_eq!(
        configs.get("retention.ms").map(String::as_str),
        Some("7200000"),
        "{configs:?}"
    );
}

#[test]
fn kafka_go_consume_from_latest() {
    clients::consume_from_latest_scenario(Client::KafkaGo, "kafka_go_latest");
}

#[test]
fn group_kafka_go_range() {
    let spec = MemberSpec::classic(Client::KafkaGo, "range");
    groups::lifecycle_scenario(
        "group_kafka_go_range",
        std::array::from_fn(|_| spec.clone()),
    );
}

#[test]
fn group_kafka_go_roundrobin() {
    let spec = MemberSpec::classic(Client::KafkaGo, "roundrobin");
    groups::lifecycle_scenario("group_kafka_go_rr", std::array::from_fn(|_| spec.clone()));
}

/// A Reader with a GroupID (how most kafka-go users consume): two readers share a topic, each
/// record committed with CommitMessages; a third reader started later resumes exactly at the
/// committed offsets.
#[test]
fn kafka_go_reader_group_resumes_from_committed_offsets() {
    let test = "kafka_go_reader_group";
    let seed = harness::seed(test);
    let broker = Broker::start_with(groups::GROUP_BROKER_SETTINGS);
    let topic = harness::topic_name(test, seed);
    let group = format!("kgr-{seed}");
    groups::create_topic(&broker, &topic, groups::PARTITIONS);
    let mut ends = BTreeMap::new();
    groups::produce_round(&broker, &topic, &mut ends, 10);
    let reader = |count: usize| {
        let mut cmd = Client::KafkaGo.command();
        cmd.args([
            "reader-group",
            "--bootstrap",
            &broker.bootstrap(),
            "--topic",
            &topic,
        ])
        .args(["--group", &group, "--count", &count.to_string()])
        .args(["--session-timeout-ms", "6000"]);
        cmd
    };
    let lines = |out: &std::process::Output| -> Vec<(i32, i64)> {
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|l| {
                let f: Vec<&str> = l.split(' ').collect();
                (f[0] == "grec").then(|| (f[2].parse().unwrap(), f[3].parse().unwrap()))
            })
            .collect()
    };
    let first = harness::run(&mut reader(120), clients::CLIENT_TIMEOUT);
    let mut read = lines(&first);
    read.sort();
    let want: Vec<(i32, i64)> = (0..groups::PARTITIONS)
        .flat_map(|p| (0..10).map(move |o| (p, o)))
        .collect();
    assert_eq!(read, want, "the first reader reads every record once");
    assert_eq!(
        groups::committed(&broker, &group, &topic),
        ends,
        "committed offsets"
    );
    groups::produce_round(&broker, &topic, &mut ends, 5);
    let second = harness::run(&mut reader(60), clients::CLIENT_TIMEOUT);
    let mut read = lines(&second);
    read.sort();
    let want: Vec<(i32, i64)> = (0..groups::PARTITIONS)
        .flat_map(|p| (10..15).map(move |o| (p, o)))
        .collect();
    assert_eq!(
        read, want,
        "the next reader resumes at the committed offsets"
    );
    assert_eq!(groups::committed(&broker, &group, &topic), ends);
}
