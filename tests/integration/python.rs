//! confluent-kafka (librdkafka) and kafka-python 3.x / 2.0.2.

use crate::clients::{self, Client, Produce};
use crate::harness::{self, Broker};

#[test]
fn confluent_produce_consume_every_codec_and_acks() {
    clients::produce_consume_scenario(
        Client::Confluent,
        Client::Confluent,
        "confluent_produce_consume",
    );
}

#[test]
fn confluent_idempotent_producer_every_codec() {
    let seed = harness::seed("confluent_idempotent");
    let broker = Broker::start();
    let topic = harness::topic_name("confluent_idempotent", seed);
    clients::create_topic(Client::Confluent, &broker, &topic, 1, &[]);
    let specs = clients::CODECS
        .iter()
        .map(|c| format!("all:{c}:20"))
        .collect();
    let p = Produce {
        topic: &topic,
        partition: 0,
        seed,
        specs,
        timestamp_base_ms: None,
        extra: &["--idempotent"],
    };
    let acks = clients::produce(Client::Confluent, &broker, &p);
    let recs = clients::consume(Client::Confluent, &broker, &topic, 0, "earliest", p.total());
    clients::check_exact(&p, &acks, &recs, 0);
}

#[test]
fn confluent_offsets_and_timestamps() {
    clients::offsets_scenario(Client::Confluent, "confluent_offsets");
}

#[test]
fn confluent_admin_topics_and_configs() {
    clients::admin_scenario(Client::Confluent, "confluent_admin");
}

/// AlterConfigs (not incremental) replaces the topic's whole set of dynamic configs.
#[test]
fn confluent_alter_configs_replaces_all() {
    let seed = harness::seed("confluent_alter_configs");
    let broker = Broker::start();
    let topic = harness::topic_name("confluent_alter_configs", seed);
    clients::create_topic(
        Client::Confluent,
        &broker,
        &topic,
        1,
        &["retention.ms=3600000", "segment.ms=7200000"],
    );
    let out = clients::admin(
        Client::Confluent,
        &broker,
        "alter-config-legacy",
        &["--topic", &topic, "--config", "retention.ms=1234567"],
    );
    assert!(out.contains("altered"), "{out}");
    let configs = clients::topic_configs(Client::Confluent, &broker, &topic);
    assert_eq!(
        configs.get("retention.ms").map(String::as_str),
        Some("1234567"),
        "{configs:?}"
    );
    // segment.ms was not in the request: it falls back to the default (7 days).
    assert_eq!(
        configs.get("segment.ms").map(String::as_str),
        Some("604800000"),
        "{configs:?}"
    );
}

#[test]
fn kafka_python3_produce_consume_every_codec_and_acks() {
    clients::produce_consume_scenario(
        Client::KafkaPython3,
        Client::KafkaPython3,
        "kafka_python3_produce_consume",
    );
}

#[test]
fn kafka_python3_offsets_and_timestamps() {
    clients::offsets_scenario(Client::KafkaPython3, "kafka_python3_offsets");
}

#[test]
fn kafka_python3_admin_topics_and_configs() {
    clients::admin_scenario(Client::KafkaPython3, "kafka_python3_admin");
}

#[test]
fn kafka_python2_produce_consume_every_codec_and_acks() {
    clients::produce_consume_scenario(
        Client::KafkaPython2,
        Client::KafkaPython2,
        "kafka_python2_produce_consume",
    );
}

#[test]
fn kafka_python2_offsets_and_timestamps() {
    clients::offsets_scenario(Client::KafkaPython2, "kafka_python2_offsets");
}

#[test]
fn kafka_python2_admin_topics_and_configs() {
    clients::admin_scenario(Client::KafkaPython2, "kafka_python2_admin");
}

/// kafka-python infers the broker's version from its ApiVersions answer (2.0.x by probing
/// which APIs exist); it must see at least Kafka 2.1 to use the modern message format paths.
#[test]
fn kafka_python_detects_a_modern_broker() {
    harness::seed("kafka_python_version");
    let broker = Broker::start();
    for client in [Client::KafkaPython2, Client::KafkaPython3] {
        let out = clients::admin(client, &broker, "version", &[]);
        let version = out
            .lines()
            .find_map(|l| l.strip_prefix("broker "))
            .unwrap_or_else(|| panic!("{client:?}: no broker version in {out}"));
        let parts: Vec<u32> = version
            .split('.')
            .map(|p| p.parse().expect("numeric version"))
            .collect();
        assert!(parts.len() >= 2, "{client:?}: version {version}");
        assert!(
            (parts[0], parts[1]) >= (2, 1),
            "{client:?} inferred broker version {version} < 2.1"
        );
    }
}

#[test]
fn confluent_consume_from_latest() {
    clients::consume_from_latest_scenario(Client::Confluent, "confluent_latest");
}

#[test]
fn kafka_python3_consume_from_latest() {
    clients::consume_from_latest_scenario(Client::KafkaPython3, "kafka_python3_latest");
}
