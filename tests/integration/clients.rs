//! The client programs of tests/clients behind one Rust interface, and exact comparisons of
//! what was acknowledged with what is read back.
//!
//! Every program speaks the same command line (tests/clients/README.md) and prints
//! `ack PARTITION OFFSET KEY VALUE` / `rec PARTITION OFFSET TIMESTAMP KEY VALUE` lines.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use crate::harness::{self, Broker};

/// Limit: a client run against a local broker takes a few seconds; a JVM start adds ~1 s.
pub const CLIENT_TIMEOUT: Duration = Duration::from_secs(60);

/// The compression codecs of Kafka's record batch format.
pub const CODECS: [&str; 5] = ["none", "gzip", "snappy", "lz4", "zstd"];
/// Producer acks settings.
pub const ACKS: [&str; 3] = ["all", "1", "0"];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Client {
    /// confluent-kafka (librdkafka).
    Confluent,
    /// kafka-python 3.x.
    KafkaPython3,
    /// kafka-python 2.0.2 (infers the broker version from probes).
    KafkaPython2,
    /// KafkaJS 2.2.4.
    KafkaJs,
    /// franz-go (kgo + kadm).
    Franz,
    /// Java kafka-clients.
    Java,
    /// IBM/sarama with its default `Config.Version` (sarama.DefaultVersion).
    Sarama,
    /// IBM/sarama with `Config.Version` = V4_0_0_0 (the newest request versions it knows).
    SaramaV4,
    /// segmentio/kafka-go.
    KafkaGo,
}

impl Client {
    /// The program and leading arguments; fails the test if `tests/setup` has not installed it.
    pub fn command(self) -> Command {
        let deps = harness::deps_dir();
        let clients = harness::repo_root().join("tests/clients");
        let (program, args): (PathBuf, Vec<String>) = match self {
            Client::Confluent => (
                deps.join("venv/bin/python"),
                vec![clients
                    .join("python/confluent_client.py")
                    .display()
                    .to_string()],
            ),
            Client::KafkaPython3 => (
                deps.join("venv/bin/python"),
                vec![clients
                    .join("python/kafka_python_client.py")
                    .display()
                    .to_string()],
            ),
            Client::KafkaPython2 => (
                deps.join("venv-kp2/bin/python"),
                vec![clients
                    .join("python/kafka_python_client.py")
                    .display()
                    .to_string()],
            ),
            Client::KafkaJs => {
                harness::require_installed(&clients.join("node/node_modules/kafkajs"), "KafkaJS");
                (
                    PathBuf::from("node"),
                    vec![clients.join("node/client.js").display().to_string()],
                )
            }
            Client::Franz => (deps.join("bin/franz-client"), vec![]),
            Client::Sarama | Client::SaramaV4 => (deps.join("bin/sarama-client"), vec![]),
            Client::KafkaGo => (deps.join("bin/kafkago-client"), vec![]),
            Client::Java => {
                harness::require_installed(
                    &deps.join("java/JavaClient.class"),
                    "the Java test client",
                );
                (
                    PathBuf::from("java"),
                    vec![
                        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn".into(),
                        "-XX:TieredStopAtLevel=1".into(),
                        "-cp".into(),
                        format!(
                            "{}:{}/*",
                            deps.join("java").display(),
                            deps.join("jars").display()
                        ),
                        "JavaClient".into(),
                    ],
                )
            }
        };
        if program.is_absolute() {
            let what = match self {
                // tests/setup installs kafka-python 2.0.x only under Python < 3.12 (vendored six).
                Client::KafkaPython2 => "kafka-python 2.0.2 (needs python3 < 3.12)".to_string(),
                other => format!("{other:?}"),
            };
            harness::require_installed(&program, &what);
        }
        let mut cmd = Command::new(program);
        cmd.args(args);
        if self == Client::SaramaV4 {
            cmd.env("SARAMA_VERSION", "4.0.0");
        }
        cmd
    }

    /// The codecs this client can produce with (KafkaJS has only gzip built in).
    pub fn codecs(self) -> &'static [&'static str] {
        match self {
            Client::KafkaJs => &["none", "gzip"],
            _ => &CODECS,
        }
    }

    fn run(self, args: &[String]) -> String {
        let mut cmd = self.command();
        cmd.args(args);
        let output = harness::run(&mut cmd, CLIENT_TIMEOUT);
        String::from_utf8(output.stdout).expect("client output is UTF-8")
    }
}

/// Where a client connects: a [`Broker`], or a bootstrap list (a cluster's nodes) as a `str`.
pub trait Endpoint {
    fn bootstrap(&self) -> String;
}

impl Endpoint for Broker {
    fn bootstrap(&self) -> String {
        Broker::bootstrap(self)
    }
}

impl Endpoint for str {
    fn bootstrap(&self) -> String {
        self.to_string()
    }
}

/// One acknowledged record, as the producer saw it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ack {
    pub partition: i32,
    /// -1 when produced with acks=0 (no offset comes back).
    pub offset: i64,
    pub key: String,
    pub value: String,
}

/// One consumed record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rec {
    pub partition: i32,
    pub offset: i64,
    pub timestamp_ms: i64,
    pub key: String,
    pub value: String,
}

fn field<T: std::str::FromStr>(parts: &[&str], i: usize, line: &str) -> T {
    parts
        .get(i)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("malformed client line {line:?}"))
}

pub fn parse_acks(out: &str) -> Vec<Ack> {
    out.lines()
        .filter(|l| l.starts_with("ack "))
        .map(|line| {
            let p: Vec<&str> = line.split(' ').collect();
            assert_eq!(p.len(), 5, "malformed ack line {line:?}");
            Ack {
                partition: field(&p, 1, line),
                offset: field(&p, 2, line),
                key: p[3].into(),
                value: p[4].into(),
            }
        })
        .collect()
}

pub fn parse_recs(out: &str) -> Vec<Rec> {
    out.lines()
        .filter(|l| l.starts_with("rec "))
        .map(|line| {
            let p: Vec<&str> = line.split(' ').collect();
            assert_eq!(p.len(), 6, "malformed rec line {line:?}");
            Rec {
                partition: field(&p, 1, line),
                offset: field(&p, 2, line),
                timestamp_ms: field(&p, 3, line),
                key: p[4].into(),
                value: p[5].into(),
            }
        })
        .collect()
}

/// What to produce: one producer per spec, run one after another.
pub struct Produce<'a> {
    pub topic: &'a str,
    pub partition: i32,
    pub seed: u64,
    /// `ACKS:CODEC:COUNT`.
    pub specs: Vec<String>,
    pub timestamp_base_ms: Option<i64>,
    /// Client-specific flags, e.g. confluent's `--idempotent`.
    pub extra: &'a [&'a str],
}

impl Produce<'_> {
    /// The (key, value) pairs this produce sends, per spec, in send order.
    pub fn expected(&self) -> Vec<Vec<(String, String)>> {
        self.specs
            .iter()
            .enumerate()
            .map(|(s, spec)| {
                let count: usize = spec
                    .rsplit(':')
                    .next()
                    .and_then(|c| c.parse().ok())
                    .expect("spec count");
                (0..count)
                    .map(|i| (format!("k{s}-{i}"), format!("v{}-{s}-{i}", self.seed)))
                    .collect()
            })
            .collect()
    }

    pub fn total(&self) -> usize {
        self.expected().iter().map(Vec::len).sum()
    }
}

/// The `produce` command line (after the program) for `p`.
pub fn produce_args(broker: &(impl Endpoint + ?Sized), p: &Produce) -> Vec<String> {
    let mut args = vec![
        "produce".into(),
        "--bootstrap".into(),
        broker.bootstrap(),
        "--topic".into(),
        p.topic.into(),
        "--partition".into(),
        p.partition.to_string(),
        "--seed".into(),
        p.seed.to_string(),
    ];
    for spec in &p.specs {
        args.extend(["--spec".into(), spec.clone()]);
    }
    if let Some(ts) = p.timestamp_base_ms {
        args.extend(["--timestamp-base".into(), ts.to_string()]);
    }
    args.extend(p.extra.iter().map(|s| s.to_string()));
    args
}

/// Produces with `client`; returns one `Ack` per record, in send order per spec.
pub fn produce(client: Client, broker: &(impl Endpoint + ?Sized), p: &Produce) -> Vec<Ack> {
    let args = produce_args(broker, p);
    let acks = parse_acks(&client.run(&args));
    assert_eq!(
        acks.len(),
        p.total(),
        "{client:?} acknowledged {} of {} records",
        acks.len(),
        p.total()
    );
    acks
}

/// Runs `consume` of `count` records of one partition with `extra` flags; returns stdout.
pub fn consume_output(
    client: Client,
    broker: &(impl Endpoint + ?Sized),
    topic: &str,
    partition: i32,
    count: usize,
    extra: &[&str],
) -> String {
    let mut args: Vec<String> = vec![
        "consume".into(),
        "--bootstrap".into(),
        broker.bootstrap(),
        "--topic".into(),
        topic.into(),
        "--partition".into(),
        partition.to_string(),
        "--count".into(),
        count.to_string(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    client.run(&args)
}

/// Consumes `count` records of one partition from `from` (earliest|latest|offset:N|ts:MS).
pub fn consume(
    client: Client,
    broker: &(impl Endpoint + ?Sized),
    topic: &str,
    partition: i32,
    from: &str,
    count: usize,
) -> Vec<Rec> {
    let recs = parse_recs(&consume_output(
        client,
        broker,
        topic,
        partition,
        count,
        &["--from", from],
    ));
    assert_eq!(
        recs.len(),
        count,
        "{client:?} consumed {} of {count} records",
        recs.len()
    );
    recs
}

/// Earliest and latest offsets of a partition, and the offset for each timestamp.
#[derive(Debug, PartialEq, Eq)]
pub struct Offsets {
    pub earliest: i64,
    pub latest: i64,
    pub by_timestamp: Vec<(i64, i64)>,
}

pub fn offsets(
    client: Client,
    broker: &(impl Endpoint + ?Sized),
    topic: &str,
    partition: i32,
    timestamps_ms: &[i64],
) -> Offsets {
    let mut args: Vec<String> = vec![
        "offsets".into(),
        "--bootstrap".into(),
        broker.bootstrap(),
        "--topic".into(),
        topic.into(),
        "--partition".into(),
        partition.to_string(),
    ];
    for ts in timestamps_ms {
        args.extend(["--ts".into(), ts.to_string()]);
    }
    let out = client.run(&args);
    let mut offsets = Offsets {
        earliest: i64::MIN,
        latest: i64::MIN,
        by_timestamp: vec![],
    };
    for line in out.lines() {
        let p: Vec<&str> = line.split(' ').collect();
        match p[0] {
            "earliest" => offsets.earliest = field(&p, 1, line),
            "latest" => offsets.latest = field(&p, 1, line),
            "ts" => offsets
                .by_timestamp
                .push((field(&p, 1, line), field(&p, 2, line))),
            _ => {}
        }
    }
    assert!(
        offsets.earliest != i64::MIN && offsets.latest != i64::MIN,
        "{client:?} offsets output: {out}"
    );
    offsets
}

/// Runs `admin ACTION` with `extra` arguments; returns stdout.
pub fn admin(
    client: Client,
    broker: &(impl Endpoint + ?Sized),
    action: &str,
    extra: &[&str],
) -> String {
    let mut args: Vec<String> = vec![
        "admin".into(),
        action.into(),
        "--bootstrap".into(),
        broker.bootstrap(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    client.run(&args)
}

/// Creates a topic with `client`'s admin API.
pub fn create_topic(
    client: Client,
    broker: &(impl Endpoint + ?Sized),
    topic: &str,
    partitions: u32,
    configs: &[&str],
) {
    let partitions = partitions.to_string();
    let mut extra = vec!["--topic", topic, "--partitions", &partitions];
    for c in configs {
        extra.extend(["--config", c]);
    }
    let out = admin(client, broker, "create", &extra);
    assert!(
        out.contains(&format!("created {topic}")),
        "{client:?} create: {out}"
    );
}

/// Every config value of a topic, from `client`'s describe-configs.
pub fn topic_configs(
    client: Client,
    broker: &(impl Endpoint + ?Sized),
    topic: &str,
) -> BTreeMap<String, String> {
    admin(client, broker, "describe-configs", &["--topic", topic])
        .lines()
        .filter_map(|l| l.strip_prefix("config "))
        .map(|l| {
            let (k, v) = l.split_once(' ').unwrap_or((l, ""));
            (k.to_string(), v.to_string())
        })
        .collect()
}

/// Topic names from `client`'s list.
pub fn topic_names(client: Client, broker: &(impl Endpoint + ?Sized)) -> Vec<String> {
    admin(client, broker, "list", &[])
        .lines()
        .filter_map(|l| l.strip_prefix("topic "))
        .map(|l| l.split(' ').next().unwrap_or(l).to_string())
        .collect()
}

/// Checks a partition read back from offset `first` against what was produced.
///
/// Exact: the records are at consecutive offsets from `first`; every acknowledged offset holds
/// exactly its acknowledged key and value; the records of each spec appear in send order (one
/// connection's requests are applied in order); and the records read are exactly those sent.
/// Records of different specs may interleave only around acks=0 specs, whose requests are
/// not waited for before the next producer starts.
pub fn check_exact(p: &Produce, acks: &[Ack], recs: &[Rec], first: i64) {
    let expected = p.expected();
    let total = p.total();
    assert_eq!(
        recs.len(),
        total,
        "read {} records, produced {total}",
        recs.len()
    );
    for (i, r) in recs.iter().enumerate() {
        assert_eq!(
            r.offset,
            first + i as i64,
            "offsets not consecutive at index {i}: {r:?}"
        );
        assert_eq!(
            r.partition, p.partition,
            "record from the wrong partition: {r:?}"
        );
    }
    let by_offset: BTreeMap<i64, &Rec> = recs.iter().map(|r| (r.offset, r)).collect();
    for a in acks.iter().filter(|a| a.offset >= 0) {
        let r = by_offset
            .get(&a.offset)
            .unwrap_or_else(|| panic!("acknowledged offset {} not read back: {a:?}", a.offset));
        assert_eq!(
            (&r.key, &r.value),
            (&a.key, &a.value),
            "wrong record at acknowledged offset {}",
            a.offset
        );
        assert_eq!(
            a.partition, p.partition,
            "acknowledged on the wrong partition: {a:?}"
        );
    }
    for (s, sent) in expected.iter().enumerate() {
        let prefix = format!("k{s}-");
        let read: Vec<(String, String)> = recs
            .iter()
            .filter(|r| r.key.starts_with(&prefix))
            .map(|r| (r.key.clone(), r.value.clone()))
            .collect();
        assert_eq!(
            &read, sent,
            "spec {s} ({}) read back differently",
            p.specs[s]
        );
    }
}

/// Every acks × codec combination this client supports, `count` records each.
pub fn all_specs(client: Client, count: usize) -> Vec<String> {
    let mut specs = Vec::new();
    for codec in client.codecs() {
        for acks in ACKS {
            specs.push(format!("{acks}:{codec}:{count}"));
        }
    }
    specs
}

/// The shared scenario: create a 2-partition topic, produce every acks × codec to partition 1,
/// read it all back from the beginning with `reader`, compare exactly.
pub fn produce_consume_scenario(writer: Client, reader: Client, test: &str) {
    let seed = harness::seed(test);
    let broker = Broker::start();
    let topic = harness::topic_name(test, seed);
    create_topic(Client::Franz, &broker, &topic, 2, &[]);
    let p = Produce {
        topic: &topic,
        partition: 1,
        seed,
        specs: all_specs(writer, 7),
        timestamp_base_ms: None,
        extra: &[],
    };
    let acks = produce(writer, &broker, &p);
    let recs = consume(reader, &broker, &topic, 1, "earliest", p.total());
    check_exact(&p, &acks, &recs, 0);
    let o = offsets(reader, &broker, &topic, 0, &[]);
    assert_eq!(
        (o.earliest, o.latest),
        (0, 0),
        "partition 0 got records it was not sent"
    );
}

/// The shared timestamp scenario: 20 records with timestamps base..base+19 on partition 0;
/// checks earliest/latest, ListOffsets by timestamp, and consuming from an offset and a time.
pub fn offsets_scenario(client: Client, test: &str) {
    let seed = harness::seed(test);
    let broker = Broker::start();
    let topic = harness::topic_name(test, seed);
    create_topic(client, &broker, &topic, 1, &[]);
    let base = harness::now_ms() - 600_000;
    let p = Produce {
        topic: &topic,
        partition: 0,
        seed,
        specs: vec!["all:none:20".into()],
        timestamp_base_ms: Some(base),
        extra: &[],
    };
    let acks = produce(client, &broker, &p);
    let offsets_acked: Vec<i64> = acks.iter().map(|a| a.offset).collect();
    assert_eq!(
        offsets_acked,
        (0..20).collect::<Vec<_>>(),
        "acks=all offsets"
    );

    let beyond_expected = if client == Client::Franz { 20 } else { -1 };
    let o = offsets(
        client,
        &broker,
        &topic,
        0,
        &[base - 1000, base + 5, base + 19, base + 1_000_000],
    );
    assert_eq!(o.earliest, 0, "earliest offset");
    assert_eq!(o.latest, 20, "latest offset");
    assert_eq!(
        o.by_timestamp,
        vec![
            (base - 1000, 0),
            (base + 5, 5),
            (base + 19, 19),
            (base + 1_000_000, beyond_expected)
        ],
        "offsets for times (base {base})"
    );

    let from_ts = consume(client, &broker, &topic, 0, &format!("ts:{}", base + 15), 5);
    let got: Vec<(i64, i64)> = from_ts.iter().map(|r| (r.offset, r.timestamp_ms)).collect();
    let want: Vec<(i64, i64)> = (15..20).map(|i| (i, base + i)).collect();
    assert_eq!(got, want, "consume from timestamp {}", base + 15);

    let from_offset = consume(client, &broker, &topic, 0, "offset:10", 10);
    let p_tail: Vec<(String, String)> = p.expected()[0][10..].to_vec();
    let got: Vec<(String, String)> = from_offset
        .iter()
        .map(|r| (r.key.clone(), r.value.clone()))
        .collect();
    assert_eq!(got, p_tail, "consume from offset 10");
    assert_eq!(from_offset.first().map(|r| r.offset), Some(10));
}

/// The shared admin scenario: create with a config, list, describe/alter configs, add
/// partitions, delete.
pub fn admin_scenario(client: Client, test: &str) {
    let seed = harness::seed(test);
    let broker = Broker::start();
    let topic = harness::topic_name(test, seed);
    create_topic(client, &broker, &topic, 2, &["retention.ms=3600000"]);
    assert!(
        topic_names(client, &broker).contains(&topic),
        "created topic not listed"
    );

    let configs = topic_configs(client, &broker, &topic);
    assert_eq!(
        configs.get("retention.ms").map(String::as_str),
        Some("3600000"),
        "configs: {configs:?}"
    );
    if client != Client::KafkaJs {
        let out = admin(
            client,
            &broker,
            "alter-config",
            &["--topic", &topic, "--config", "retention.ms=7200000"],
        );
        assert!(out.contains("altered"), "{out}");
        let configs = topic_configs(client, &broker, &topic);
        assert_eq!(
            configs.get("retention.ms").map(String::as_str),
            Some("7200000"),
            "configs: {configs:?}"
        );
        let out = admin(
            client,
            &broker,
            "create-partitions",
            &["--topic", &topic, "--total", "3"],
        );
        assert!(out.contains(&format!("partitions {topic} 3")), "{out}");
        let p = Produce {
            topic: &topic,
            partition: 2,
            seed,
            specs: vec!["all:none:3".into()],
            timestamp_base_ms: None,
            extra: &[],
        };
        let acks = produce(Client::Franz, &broker, &p);
        let recs = consume(Client::Franz, &broker, &topic, 2, "earliest", 3);
        check_exact(&p, &acks, &recs, 0);
    }
    let out = admin(client, &broker, "delete", &["--topic", &topic]);
    assert!(out.contains(&format!("deleted {topic}")), "{out}");
    assert!(
        !topic_names(client, &broker).contains(&topic),
        "deleted topic still listed"
    );
}

/// Consuming from "latest" starts at the log end: a consumer started after 5 records reads the
/// next ones, from an offset >= 5, each exactly as acknowledged. Records keep being produced
/// one at a time until the consumer has 3, so a slow client start cannot make this flaky.
pub fn consume_from_latest_scenario(client: Client, test: &str) {
    let seed = harness::seed(test);
    let broker = Broker::start();
    let topic = harness::topic_name(test, seed);
    create_topic(Client::Franz, &broker, &topic, 1, &[]);
    let before = Produce {
        topic: &topic,
        partition: 0,
        seed,
        specs: vec!["all:none:5".into()],
        timestamp_base_ms: None,
        extra: &[],
    };
    produce(Client::Franz, &broker, &before);

    let mut cmd = client.command();
    cmd.args([
        "consume",
        "--bootstrap",
        &broker.bootstrap(),
        "--topic",
        &topic,
        "--partition",
        "0",
    ])
    .args(["--from", "latest", "--count", "3", "--timeout-ms", "40000"]);
    let mut consumer = harness::Streaming::spawn(&mut cmd);
    let mut acked: BTreeMap<i64, Ack> = BTreeMap::new();
    // Limit: 60 single-record produces (~30 s) is far more than any client needs to start.
    for round in 0..60u64 {
        let one = Produce {
            topic: &topic,
            partition: 0,
            seed: seed + 1 + round,
            specs: vec!["all:none:1".into()],
            timestamp_base_ms: None,
            extra: &[],
        };
        for a in produce(Client::Franz, &broker, &one) {
            acked.insert(a.offset, a);
        }
        let done = consumer.wait_for(Duration::from_millis(500), |lines| {
            lines.iter().filter(|l| l.starts_with("rec ")).count() >= 3
        });
        if done {
            break;
        }
    }
    let (lines, status, stderr) = consumer.finish(Duration::from_secs(20));
    assert!(
        status.is_some_and(|s| s.success()),
        "{client:?} consumer from latest failed: {status:?}\n{stderr}"
    );
    let recs = parse_recs(&lines.join("\n"));
    assert_eq!(recs.len(), 3, "{client:?}: {lines:?}");
    assert!(
        recs[0].offset >= 5,
        "{client:?} read from before the log end: {recs:?}"
    );
    for (i, r) in recs.iter().enumerate() {
        assert_eq!(
            r.offset,
            recs[0].offset + i as i64,
            "consecutive offsets: {recs:?}"
        );
        let a = acked
            .get(&r.offset)
            .unwrap_or_else(|| panic!("record at unacknowledged offset: {r:?}"));
        assert_eq!(
            (&r.key, &r.value),
            (&a.key, &a.value),
            "offset {}",
            r.offset
        );
    }
}
