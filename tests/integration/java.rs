//! Java kafka-clients (idempotent producer by default, assign/seek consumer, Admin).

use crate::clients::{self, Client};
use crate::harness::{self, Broker};

#[test]
fn java_produce_consume_every_codec_and_acks() {
    clients::produce_consume_scenario(Client::Java, Client::Java, "java_produce_consume");
}

#[test]
fn java_offsets_and_timestamps() {
    clients::offsets_scenario(Client::Java, "java_offsets");
}

#[test]
fn java_admin_topics_and_configs() {
    clients::admin_scenario(Client::Java, "java_admin");
}

#[test]
fn java_describe_cluster_and_topic() {
    let seed = harness::seed("java_describe_cluster");
    let broker = Broker::start();
    let topic = harness::topic_name("java_describe_cluster", seed);
    let out = clients::admin(Client::Java, &broker, "describe-cluster", &[]);
    let port = broker
        .bootstrap()
        .rsplit(':')
        .next()
        .unwrap_or_default()
        .to_string();
    assert!(
        out.lines()
            .any(|l| l.starts_with("cluster ") && l.len() > "cluster ".len()),
        "{out}"
    );
    let nodes: Vec<&str> = out.lines().filter(|l| l.starts_with("node ")).collect();
    assert_eq!(nodes.len(), 1, "one node expected: {out}");
    assert!(
        nodes[0].ends_with(&format!(" 127.0.0.1:{port}")),
        "node advertises the listener: {out}"
    );
    clients::create_topic(Client::Java, &broker, &topic, 3, &[]);
    let out = clients::admin(
        Client::Java,
        &broker,
        "describe-topic",
        &["--topic", &topic],
    );
    let partitions: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with("partition "))
        .collect();
    assert_eq!(partitions.len(), 3, "{out}");
    for (i, line) in partitions.iter().enumerate() {
        assert!(
            line.starts_with(&format!("partition {topic} {i} leader ")),
            "{out}"
        );
        assert!(line.ends_with(" replicas 1 isr 1"), "{out}");
    }
}

/// Cross-client: what librdkafka writes, Java reads exactly (and the other way round).
#[test]
fn java_reads_librdkafka_and_librdkafka_reads_java() {
    clients::produce_consume_scenario(Client::Confluent, Client::Java, "java_reads_librdkafka");
    clients::produce_consume_scenario(Client::Java, Client::Confluent, "librdkafka_reads_java");
}

#[test]
fn java_consume_from_latest() {
    clients::consume_from_latest_scenario(Client::Java, "java_latest");
}
