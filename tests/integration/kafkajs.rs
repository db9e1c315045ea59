//! KafkaJS 2.2.4: admin, producer (gzip built in), offsets. Its consumer always joins a group.

use crate::clients::{self, Client, Produce};
use crate::harness::{self, Broker};

#[test]
fn kafkajs_produce_every_acks_none_and_gzip() {
    clients::produce_consume_scenario(Client::KafkaJs, Client::Franz, "kafkajs_produce");
}

#[test]
fn kafkajs_offsets_and_timestamps() {
    let seed = harness::seed("kafkajs_offsets");
    let broker = Broker::start();
    let topic = harness::topic_name("kafkajs_offsets", seed);
    clients::create_topic(Client::KafkaJs, &broker, &topic, 1, &[]);
    let base = harness::now_ms() - 600_000;
    let p = Produce {
        topic: &topic,
        partition: 0,
        seed,
        specs: vec!["all:none:10".into(), "all:gzip:10".into()],
        timestamp_base_ms: Some(base),
        extra: &[],
    };
    let acks = clients::produce(Client::KafkaJs, &broker, &p);
    let offsets: Vec<i64> = acks.iter().map(|a| a.offset).collect();
    assert_eq!(offsets, (0..20).collect::<Vec<_>>());
    // KafkaJS's fetchTopicOffsetsByTimestamp answers the end offset when no record is that new.
    let o = clients::offsets(
        Client::KafkaJs,
        &broker,
        &topic,
        0,
        &[base + 12, base + 1_000_000],
    );
    assert_eq!((o.earliest, o.latest), (0, 20));
    assert_eq!(
        o.by_timestamp,
        vec![(base + 12, 12), (base + 1_000_000, 20)]
    );
    let recs = clients::consume(Client::Franz, &broker, &topic, 0, "earliest", 20);
    clients::check_exact(&p, &acks, &recs, 0);
    let stamps: Vec<i64> = recs.iter().map(|r| r.timestamp_ms).collect();
    assert_eq!(
        stamps,
        (0..20).map(|i| base + i).collect::<Vec<_>>(),
        "CreateTime timestamps"
    );
}

#[test]
fn kafkajs_admin_topics_and_metadata() {
    let seed = harness::seed("kafkajs_admin");
    let broker = Broker::start();
    let topic = harness::topic_name("kafkajs_admin", seed);
    clients::create_topic(
        Client::KafkaJs,
        &broker,
        &topic,
        3,
        &["retention.ms=3600000"],
    );
    let out = clients::admin(Client::KafkaJs, &broker, "metadata", &["--topic", &topic]);
    let lines: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with("partition "))
        .collect();
    assert_eq!(lines.len(), 3, "{out}");
    for (i, line) in lines.iter().enumerate() {
        assert!(
            line.starts_with(&format!("partition {topic} {i} leader ")),
            "{out}"
        );
        assert!(line.ends_with(" error 0"), "{out}");
    }
    let configs = clients::topic_configs(Client::KafkaJs, &broker, &topic);
    assert_eq!(
        configs.get("retention.ms").map(String::as_str),
        Some("3600000"),
        "{configs:?}"
    );
    assert!(clients::topic_names(Client::KafkaJs, &broker).contains(&topic));
    clients::admin(Client::KafkaJs, &broker, "delete", &["--topic", &topic]);
    assert!(!clients::topic_names(Client::KafkaJs, &broker).contains(&topic));
}

#[test]
fn kafkajs_consumer_reads_everything() {
    clients::produce_consume_scenario(Client::KafkaJs, Client::KafkaJs, "kafkajs_consumer");
}
