//! kcat (Debian's, librdkafka 2.0.2): produce with every codec and acks, consume, metadata,
//! offsets from the end and from a timestamp.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use crate::clients::{self, Client, ACKS, CODECS};
use crate::harness::{self, Broker};

/// Limit: one kcat run against a local broker takes well under a second.
pub(crate) const KCAT_TIMEOUT: Duration = Duration::from_secs(30);

pub(crate) fn kcat(broker: &Broker) -> Command {
    let path = ["/usr/bin/kcat", "/usr/local/bin/kcat"]
        .into_iter()
        .find(|p| Path::new(p).exists());
    let path = path.unwrap_or_else(|| panic!("kcat is not installed: run tests/setup"));
    let mut cmd = Command::new(path);
    cmd.args(["-b", &broker.bootstrap()]);
    cmd
}

/// Produces `lines` ("key:value") to one partition; kcat exits non-zero on a delivery failure.
pub(crate) fn kcat_produce(
    broker: &Broker,
    topic: &str,
    partition: i32,
    codec: &str,
    acks: &str,
    lines: &[String],
) {
    let mut input = lines.join("\n");
    input.push('\n');
    let mut cmd = kcat(broker);
    cmd.args([
        "-P",
        "-t",
        topic,
        "-p",
        &partition.to_string(),
        "-K",
        ":",
        "-z",
        codec,
    ])
    .args(["-X", &format!("acks={acks}")]);
    harness::run_with_stdin(&mut cmd, Some(input.as_bytes()), KCAT_TIMEOUT);
}

/// Consumes one partition from `offset` to its end; returns (offset, key, value) per record.
pub(crate) fn kcat_consume(
    broker: &Broker,
    topic: &str,
    partition: i32,
    offset: &str,
) -> Vec<(i64, String, String)> {
    let mut cmd = kcat(broker);
    cmd.args([
        "-C",
        "-t",
        topic,
        "-p",
        &partition.to_string(),
        "-o",
        offset,
        "-e",
        "-q",
    ])
    .args(["-f", "%o %k %s\n"]);
    let out = harness::run(&mut cmd, KCAT_TIMEOUT);
    String::from_utf8(out.stdout)
        .expect("UTF-8")
        .lines()
        .map(|l| {
            let p: Vec<&str> = l.split(' ').collect();
            assert_eq!(p.len(), 3, "kcat line {l:?}");
            (
                p[0].parse().expect("offset"),
                p[1].to_string(),
                p[2].to_string(),
            )
        })
        .collect()
}

#[test]
fn kcat_produce_consume_every_codec_and_acks() {
    let seed = harness::seed("kcat_produce_consume");
    let broker = Broker::start();
    let topic = harness::topic_name("kcat_produce_consume", seed);
    clients::create_topic(Client::Franz, &broker, &topic, 2, &[]);
    let mut sent = Vec::new();
    for codec in CODECS {
        for acks in ACKS {
            let lines: Vec<String> = (0..6)
                .map(|i| format!("k-{codec}-{acks}-{i}:v{seed}-{codec}-{acks}-{i}"))
                .collect();
            kcat_produce(&broker, &topic, 1, codec, acks, &lines);
            sent.extend(lines);
        }
    }
    let read = kcat_consume(&broker, &topic, 1, "beginning");
    let offsets: Vec<i64> = read.iter().map(|r| r.0).collect();
    assert_eq!(
        offsets,
        (0..sent.len() as i64).collect::<Vec<_>>(),
        "consecutive offsets from 0"
    );
    let mut got: Vec<String> = read.iter().map(|(_, k, v)| format!("{k}:{v}")).collect();
    // acks=0 runs are not waited for before the next kcat connects: compare as sets per run,
    // and in order within each run.
    for codec in CODECS {
        for acks in ACKS {
            let prefix = format!("k-{codec}-{acks}-");
            let want: Vec<&String> = sent.iter().filter(|l| l.starts_with(&prefix)).collect();
            let have: Vec<&String> = got.iter().filter(|l| l.starts_with(&prefix)).collect();
            assert_eq!(have, want, "{codec} acks={acks}");
        }
    }
    got.sort();
    sent.sort();
    assert_eq!(got, sent);
    assert!(
        kcat_consume(&broker, &topic, 0, "beginning").is_empty(),
        "partition 0 must be empty"
    );
}

#[test]
fn kcat_metadata_lists_topic() {
    let seed = harness::seed("kcat_metadata");
    let broker = Broker::start();
    let topic = harness::topic_name("kcat_metadata", seed);
    clients::create_topic(Client::Franz, &broker, &topic, 3, &[]);
    let mut cmd = kcat(&broker);
    cmd.args(["-L", "-t", &topic]);
    let out = String::from_utf8(harness::run(&mut cmd, KCAT_TIMEOUT).stdout).expect("UTF-8");
    assert!(
        out.contains(&format!("topic \"{topic}\" with 3 partitions:")),
        "{out}"
    );
    for p in 0..3 {
        assert!(
            out.contains(&format!("partition {p}, leader ")),
            "partition {p} missing:\n{out}"
        );
    }
    assert!(
        out.contains(&format!("at {}", broker.bootstrap())),
        "broker address missing:\n{out}"
    );
    let mut cmd = kcat(&broker);
    cmd.arg("-L");
    let all = String::from_utf8(harness::run(&mut cmd, KCAT_TIMEOUT).stdout).expect("UTF-8");
    assert!(
        all.contains(&format!("topic \"{topic}\"")),
        "full metadata misses the topic:\n{all}"
    );
}

#[test]
fn kcat_consume_from_end_and_timestamp() {
    let seed = harness::seed("kcat_end_timestamp");
    let broker = Broker::start();
    let topic = harness::topic_name("kcat_end_timestamp", seed);
    clients::create_topic(Client::Franz, &broker, &topic, 1, &[]);
    let first: Vec<String> = (0..5).map(|i| format!("a{i}:first-{seed}-{i}")).collect();
    kcat_produce(&broker, &topic, 0, "none", "all", &first);
    // kcat stamps records with the producer's clock (CreateTime), so the first batch is older
    // than the cut and the second, produced after the clock passed it, is not.
    let cut_ms = harness::clock_past(harness::now_ms());
    let second: Vec<String> = (0..4).map(|i| format!("b{i}:second-{seed}-{i}")).collect();
    kcat_produce(&broker, &topic, 0, "none", "all", &second);

    assert!(
        kcat_consume(&broker, &topic, 0, "end").is_empty(),
        "-o end -e reads nothing"
    );
    let last3 = kcat_consume(&broker, &topic, 0, "-3");
    let want: Vec<(i64, String, String)> = (6..9)
        .map(|i| (i, format!("b{}", i - 5), format!("second-{seed}-{}", i - 5)))
        .collect();
    assert_eq!(last3, want, "-o -3 reads the last three");
    let since = kcat_consume(&broker, &topic, 0, &format!("s@{cut_ms}"));
    let want: Vec<(i64, String, String)> = (5..9)
        .map(|i| (i, format!("b{}", i - 5), format!("second-{seed}-{}", i - 5)))
        .collect();
    assert_eq!(since, want, "-o s@{cut_ms} reads the second batch");
    let from3 = kcat_consume(&broker, &topic, 0, "3");
    assert_eq!(from3.first().map(|r| r.0), Some(3));
    assert_eq!(from3.len(), 6);
}
