//! The HTTP listener: `/metrics` parsed by Prometheus' own Python parser
//! (`prometheus_client.parser`, installed by tests/setup into tests/.deps/venv-metrics) after a
//! real client produced and consumed, the health probes, and hostile HTTP clients.

use crate::clients::{self, Client, Produce};
use crate::harness::{self, Broker};
use crate::wire::Wire;
use kafka_protocol::messages::offset_commit_request::{
    OffsetCommitRequest, OffsetCommitRequestPartition, OffsetCommitRequestTopic,
};
use kafka_protocol::messages::{ApiVersionsRequest, GroupId, TopicName};
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// One sample: metric name (as exposed, with `_total`/`_count`/... suffixes) and labels.
type Key = (String, BTreeMap<String, String>);

/// An HTTP GET over a fresh connection: (status, body).
pub(crate) fn get(address: &str, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(address).expect("connect to the HTTP listener");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {address}\r\n\r\n").unwrap();
    let mut response = String::new();
    stream
        .read_to_string(&mut response)
        .expect("read the response");
    let (head, body) = response
        .split_once("\r\n\r\n")
        .unwrap_or_else(|| panic!("no HTTP head in {response:?}"));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status in {head:?}"));
    (status, body.to_string())
}

/// Scrapes `/metrics` and parses it with prometheus_client's text parser, which fails on
/// anything that is not valid exposition format.
fn scrape(broker: &Broker) -> BTreeMap<Key, f64> {
    let (status, text) = get(&broker.http_address(), "/metrics");
    assert_eq!(status, 200, "{text}");
    parse(&text)
}

fn parse(text: &str) -> BTreeMap<Key, f64> {
    let script = r#"
import json, sys
from prometheus_client.parser import text_string_to_metric_families
out = []
for family in text_string_to_metric_families(sys.stdin.read()):
    for s in family.samples:
        out.append([s.name, s.labels, s.value])
print(json.dumps(out))
"#;
    let stdout = metrics_python(script, text.as_bytes(), "the exposition does not parse");
    let samples: Vec<(String, BTreeMap<String, String>, f64)> =
        serde_json::from_slice(&stdout).expect("parser output");
    let mut map = BTreeMap::new();
    for (name, labels, value) in samples {
        let key = (name, labels);
        assert!(map.insert(key.clone(), value).is_none(), "{key:?} twice");
    }
    map
}

/// Runs `script` with tests/.deps/venv-metrics' Python (prometheus_client, PyYAML) on `input`;
/// its stdout. Panics with `what` and its stderr if it fails.
pub(crate) fn metrics_python(script: &str, input: &[u8], what: &str) -> Vec<u8> {
    let python = harness::deps_dir().join("venv-metrics/bin/python");
    assert!(
        python.exists(),
        "{} missing: run tests/setup",
        python.display()
    );
    let mut child = Command::new(python)
        .args(["-c", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run venv-metrics' python");
    child.stdin.take().unwrap().write_all(input).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{what}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn value(metrics: &BTreeMap<Key, f64>, name: &str, labels: &[(&str, &str)]) -> f64 {
    let labels: BTreeMap<String, String> = labels
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    *metrics
        .get(&(name.to_string(), labels.clone()))
        .unwrap_or_else(|| panic!("no sample {name}{labels:?}"))
}

/// Bytes in the partition's segment files: batches are stored exactly as appended.
fn log_bytes(broker: &Broker, topic: &str, partition: i32) -> f64 {
    let dir = broker.data_dir().join(format!("{topic}-{partition}"));
    std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "log"))
        .map(|p| std::fs::metadata(p).unwrap().len())
        .sum::<u64>() as f64
}

#[test]
fn metrics_count_what_a_real_client_did() {
    if harness::against_kafka() {
        return; // Kafka exports JMX, not this endpoint.
    }
    let broker = Broker::start();
    let topic = "metered";
    clients::create_topic(Client::Confluent, &broker, topic, 1, &[]);
    let p = Produce {
        topic,
        partition: 0,
        seed: 14,
        specs: vec!["all:none:200".into(), "all:lz4:100".into()],
        timestamp_base_ms: None,
        extra: &[],
    };
    clients::produce(Client::Confluent, &broker, &p);
    clients::consume(Client::Confluent, &broker, topic, 0, "earliest", 300);

    let m = scrape(&broker);
    let topic_label = [("topic", topic)];
    let name = "kafka_server_brokertopicmetrics_messagesin_total";
    assert_eq!(value(&m, name, &topic_label), 300.0);
    let bytes_in = value(
        &m,
        "kafka_server_brokertopicmetrics_bytesin_total",
        &topic_label,
    );
    assert_eq!(
        bytes_in,
        log_bytes(&broker, topic, 0),
        "bytes in = bytes in the log"
    );
    let bytes_out = value(
        &m,
        "kafka_server_brokertopicmetrics_bytesout_total",
        &topic_label,
    );
    assert!(
        bytes_out >= bytes_in,
        "consumed everything: {bytes_out} < {bytes_in}"
    );
    // The all-topics series include this topic (and __consumer_offsets, if used).
    assert!(value(&m, "kafka_server_brokertopicmetrics_bytesin_total", &[]) >= bytes_in);
    // Produce was answered and timed, as Kafka's TotalTimeMs, with Strimzi's quantile labels.
    let produce = [("request", "Produce")];
    assert!(
        value(
            &m,
            "kafka_network_requestmetrics_totaltimems_count",
            &produce
        ) >= 2.0
    );
    let p99 = value(
        &m,
        "kafka_network_requestmetrics_totaltimems",
        &[("request", "Produce"), ("quantile", "0.99")],
    );
    assert!(p99 > 0.0 && p99 < 60_000.0, "Produce p99 {p99} ms");
    // And split as Kafka's RequestMetrics split it: every part counts every request, the parts
    // add up to the total, and an acks=all Produce waited for the disk (remote time).
    let stage = |name: &str, suffix: &str| {
        let family = format!("kafka_network_requestmetrics_{name}{suffix}");
        value(&m, &family, &produce)
    };
    let parts = [
        "requestqueuetimems",
        "localtimems",
        "remotetimems",
        "responsequeuetimems",
        "responsesendtimems",
    ];
    let count = stage("totaltimems", "_count");
    let mut parts_ms = 0.0;
    for part in parts {
        assert_eq!(stage(part, "_count"), count, "{part} counts every Produce");
        parts_ms += stage(part, "_sum");
    }
    let total_ms = stage("totaltimems", "_sum");
    // Each part is truncated to whole µs.
    assert!(
        (total_ms - parts_ms).abs() <= count * 0.005 + 1e-6,
        "parts {parts_ms} ms, total {total_ms} ms"
    );
    assert!(
        stage("remotetimems", "_sum") > 0.0,
        "acks=all waits for the disk"
    );
    // The topic's partition and __consumer_offsets' 50, all led here; one replica each, so
    // none under-replicated; the only controller.
    assert_eq!(
        value(&m, "kafka_server_replicamanager_partitioncount", &[]),
        51.0
    );
    assert_eq!(
        value(&m, "kafka_server_replicamanager_leadercount", &[]),
        51.0
    );
    assert_eq!(
        value(
            &m,
            "kafka_server_replicamanager_underreplicatedpartitions",
            &[]
        ),
        0.0
    );
    assert_eq!(
        value(
            &m,
            "kafka_controller_kafkacontroller_activecontrollercount",
            &[]
        ),
        1.0
    );
    // Every shard answered; fsyncs were timed; fetched bytes went out by one path or the other.
    let mut fsyncs = 0.0;
    let mut fetched = 0.0;
    let shards: usize = harness::TEST_SHARDS.parse().unwrap();
    for shard in 0..shards {
        let s = shard.to_string();
        assert_eq!(value(&m, "sluice_shard_up", &[("shard", &s)]), 1.0);
        assert!(value(&m, "sluice_shard_busy_seconds_total", &[("shard", &s)]) > 0.0);
        fsyncs += value(&m, "sluice_shard_fsync_seconds_count", &[("shard", &s)]);
        for path in ["zero_copy", "copied"] {
            let labels = [("shard", s.as_str()), ("path", path)];
            fetched += value(&m, "sluice_shard_fetch_bytes_total", &labels);
        }
    }
    assert!(fsyncs >= 2.0, "acks=all produces were fsynced: {fsyncs}");
    assert!(fetched >= bytes_in, "{fetched} < {bytes_in}");
    // The stage profile (perf/stage-profile): every stage has a series on every shard, and the
    // stages this client's produce and fetch went through took time on some shard.
    let stages = [
        ("produce", "receive"),
        ("produce", "decode"),
        ("produce", "validate"),
        ("produce", "append"),
        ("produce", "index"),
        ("produce", "response"),
        ("produce", "send"),
        ("fetch", "receive"),
        ("fetch", "decode"),
        ("fetch", "read"),
        ("fetch", "response"),
        ("fetch", "send"),
    ];
    for (path, stage) in stages {
        let spent: f64 = (0..shards)
            .map(|shard| {
                let s = shard.to_string();
                let labels = [("shard", s.as_str()), ("path", path), ("stage", stage)];
                value(&m, "sluice_stage_seconds_total", &labels)
            })
            .sum();
        assert!(spent > 0.0, "no time in stage {path}.{stage}");
    }

    // Request counters count requests: exactly the ApiVersions sent here, nothing else.
    let count = |m: &BTreeMap<Key, f64>| {
        let labels = [("request", "ApiVersions"), ("version", "3")];
        let key = (
            "kafka_network_requestmetrics_requests_total".to_string(),
            labels
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        );
        m.get(&key).copied().unwrap_or(0.0)
    };
    let before = count(&scrape(&broker));
    let mut w = Wire::connect(&broker.bootstrap());
    let request = ApiVersionsRequest::default()
        .with_client_software_name("metrics-test".into())
        .with_client_software_version("1".into());
    for _ in 0..7 {
        w.call(3, &request);
    }
    assert_eq!(count(&scrape(&broker)) - before, 7.0);

    // A group that committed offset 120 of the 300 records lags by 180 (kafka-exporter's names).
    let commit = OffsetCommitRequest::default()
        .with_group_id(GroupId("metered-group".into()))
        .with_generation_id_or_member_epoch(-1)
        .with_topics(vec![OffsetCommitRequestTopic::default()
            .with_name(TopicName(topic.into()))
            .with_partitions(vec![OffsetCommitRequestPartition::default()
                .with_partition_index(0)
                .with_committed_offset(120)])]);
    let answer = w.call(8, &commit);
    assert_eq!(answer.topics[0].partitions[0].error_code, 0);
    let m = scrape(&broker);
    let group = [
        ("consumergroup", "metered-group"),
        ("topic", topic),
        ("partition", "0"),
    ];
    assert_eq!(
        value(&m, "kafka_consumergroup_current_offset", &group),
        120.0
    );
    assert_eq!(value(&m, "kafka_consumergroup_lag", &group), 180.0);
}

#[test]
fn health_endpoints_answer() {
    if harness::against_kafka() {
        return;
    }
    let broker = Broker::start();
    let http = broker.http_address();
    assert_eq!(get(&http, "/health/live"), (200, "live\n".into()));
    assert_eq!(get(&http, "/health/ready"), (200, "ready\n".into()));
    assert_eq!(get(&http, "/nothing").0, 404);
    let mut s = TcpStream::connect(&http).unwrap();
    s.write_all(b"DELETE /metrics HTTP/1.1\r\n\r\n").unwrap();
    let mut response = String::new();
    s.read_to_string(&mut response).unwrap();
    assert!(response.starts_with("HTTP/1.1 405 "), "{response}");
}

/// Writes `bytes`, then reads until the server closes: what it answered before closing.
fn send_and_read_until_closed(address: &str, bytes: &[u8]) -> (String, Duration) {
    let started = Instant::now();
    let mut s = TcpStream::connect(address).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let _ = s.write_all(bytes);
    let mut answer = Vec::new();
    let _ = s.read_to_end(&mut answer);
    (
        String::from_utf8_lossy(&answer).into_owned(),
        started.elapsed(),
    )
}

#[test]
fn hostile_http_clients_are_closed_and_the_broker_serves_on() {
    if harness::against_kafka() {
        return;
    }
    let broker = Broker::start();
    let http = broker.http_address();
    // Slowloris: a head that never ends, one byte at a time, on more connections than a shard
    // serves; held open while the rest of the test runs.
    let loris: Vec<TcpStream> = (0..40)
        .map(|_| {
            let mut s = TcpStream::connect(&http).unwrap();
            let _ = s.write_all(b"GET /metrics HTTP/1.1\r\nX-Slow: ");
            s
        })
        .collect();
    // Kafka keeps serving meanwhile: produce and consume with a real client.
    let p = Produce {
        topic: "under-attack",
        partition: 0,
        seed: 1,
        specs: vec!["all:none:50".into()],
        timestamp_base_ms: None,
        extra: &[],
    };
    clients::produce(Client::Confluent, &broker, &p);
    clients::consume(
        Client::Confluent,
        &broker,
        "under-attack",
        0,
        "earliest",
        50,
    );
    // An oversized head is refused with 431, garbage with 400; both closed.
    let mut huge = b"GET /metrics HTTP/1.1\r\n".to_vec();
    huge.extend(std::iter::repeat_n(b'a', 64 * 1024));
    let (answer, _) = send_and_read_until_closed(&http, &huge);
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 431 "),
        "{answer:?}"
    );
    let (answer, _) = send_and_read_until_closed(&http, b"\x00\x01\x02\xff garbage\r\n\r\n");
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 400 "),
        "{answer:?}"
    );
    // The slow heads are cut within the read bound (5 s), then scrapes are served again.
    for mut s in loris {
        s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        let mut rest = Vec::new();
        let _ = s.read_to_end(&mut rest);
        assert!(rest.is_empty(), "a slow head got an answer: {rest:?}");
    }
    let m = scrape(&broker);
    assert_eq!(
        value(
            &m,
            "kafka_server_brokertopicmetrics_messagesin_total",
            &[("topic", "under-attack")]
        ),
        50.0
    );
    let refused: f64 = m
        .iter()
        .filter(|((name, labels), _)| {
            name == "sluice_shard_rejections_total"
                && labels.get("what").map(String::as_str) == Some("http")
        })
        .map(|(_, v)| v)
        .sum();
    assert!(refused >= 40.0, "HTTP refusals counted: {refused}");
    let mut w = Wire::connect(&broker.bootstrap());
    w.call(3, &ApiVersionsRequest::default());
}
