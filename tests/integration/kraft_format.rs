//! KRaft-style configuration of one combined node (issue 10, first part): `sluice random-uuid`
//! and `sluice format` as Kafka's `kafka-storage`, a node in cluster mode refuses unformatted
//! dirs and dirs of another cluster, and quorums Kafka refuses (a controller the static voters
//! do not name, a voter restarted as a broker only) are refused by name.

use crate::fail_whole::Raw;
use crate::harness::{against_kafka, repo_root};
use std::path::Path;
use std::process::{Command, Output};
use std::time::Duration;

fn sluice(args: &[&str]) -> Output {
    Command::new(repo_root().join("target/debug/sluice"))
        .args(args)
        .output()
        .expect("run sluice")
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// A combined node's server.properties as Kafka 4.x ships it (dynamic quorum), on port 0.
fn write_config(dir: &Path) -> String {
    let path = dir.join("server.properties");
    std::fs::write(
        &path,
        format!(
            "process.roles=broker,controller\n\
             node.id=1\n\
             controller.quorum.bootstrap.servers=127.0.0.1:19093\n\
             listeners=PLAINTEXT://127.0.0.1:0,CONTROLLER://127.0.0.1:0\n\
             controller.listener.names=CONTROLLER\n\
             inter.broker.listener.name=PLAINTEXT\n\
             listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT\n\
             log.dirs={}\n\
             num.shards=2\n",
            dir.join("data").display()
        ),
    )
    .expect("write server.properties");
    path.display().to_string()
}

fn start(config: &str, settings: &[&str]) -> Raw {
    let mut cmd = Command::new(repo_root().join("target/debug/sluice"));
    cmd.args(["start", "--config", config])
        .args(settings.iter().flat_map(|s| ["--set", s]));
    Raw::run(cmd)
}

/// Starts that must fail: the exit status is 1 and stderr names the reason.
fn refused(config: &str, settings: &[&str], reason: &str) {
    let (status, lines) = start(config, settings).finish(Duration::from_secs(20));
    assert_eq!(status.and_then(|s| s.code()), Some(1), "{lines:#?}");
    assert!(
        lines.iter().any(|l| l.contains(reason)),
        "expected {reason:?} in {lines:#?}"
    );
}

#[test]
fn a_combined_node_is_formatted_and_started_as_kafka_storage_does() {
    if against_kafka() {
        return; // Sluice's own binary
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let config = write_config(dir.path());
    let id = String::from_utf8(sluice(&["random-uuid"]).stdout).unwrap();
    let id = id.trim();
    assert_eq!(id.len(), 22, "{id}");
    assert!(!id.starts_with('-'));

    refused(&config, &[], "No `meta.properties` found in");
    let no_mode = sluice(&["format", "-c", &config, "-t", id]);
    assert!(!no_mode.status.success());
    assert!(
        text(&no_mode).contains("--standalone, --initial-controllers, or --no-initial-controllers")
    );
    let bad_id = sluice(&["format", "-c", &config, "-t", "not-a-uuid", "-s"]);
    assert!(
        text(&bad_id).contains("does not appear to be a valid UUID"),
        "{}",
        text(&bad_id)
    );

    let formatted = sluice(&["format", "-c", &config, "-t", id, "-s"]);
    assert!(formatted.status.success(), "{}", text(&formatted));
    assert!(text(&formatted).contains(&format!("with cluster.id {id}")));
    let meta = std::fs::read_to_string(dir.path().join("data/meta.properties")).unwrap();
    assert!(
        meta.contains(&format!("cluster.id={id}"))
            && meta.contains("node.id=1")
            && meta.contains("version=1"),
        "{meta}"
    );
    let again = sluice(&["format", "-c", &config, "-t", id, "-s"]);
    assert!(
        text(&again).contains("is already formatted. Use --ignore-formatted"),
        "{}",
        text(&again)
    );
    assert!(sluice(&["format", "-c", &config, "-t", id, "-s", "-g"])
        .status
        .success());

    let mut node = start(&config, &[]);
    assert!(
        node.wait_for_line("sluice started", Duration::from_secs(20)),
        "the formatted node serves"
    );
    node.signal(libc::SIGTERM);
    let (status, lines) = node.finish(Duration::from_secs(30));
    assert_eq!(status.and_then(|s| s.code()), Some(0), "{lines:#?}");

    // Quorums Kafka refuses are refused by name, not run as a lone node.
    refused(
        &config,
        &["controller.quorum.voters=2@127.0.0.1:19093,3@127.0.0.1:19094"],
        "the node id 1 must be included in the set of voters",
    );
    refused(
        &config,
        &["process.roles=broker"],
        "process.roles=broker, but node 1 is a voter of the metadata quorum",
    );
    refused(
        &config,
        &["node.id=2"],
        "Stored node id 1 doesn't match previous node id 2",
    );

    // A dir of another cluster: its meta.properties names another cluster than its metadata.
    let other = sluice(&["random-uuid"]);
    let other = String::from_utf8(other.stdout).unwrap();
    std::fs::write(
        dir.path().join("data/meta.properties"),
        meta.replace(id, other.trim()),
    )
    .unwrap();
    refused(&config, &[], "formatted for cluster.id");
}

/// The embedded single node (no process.roles) needs no format and writes Kafka's
/// meta.properties itself on its first start.
#[test]
fn the_embedded_single_node_formats_itself() {
    if against_kafka() {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("data");
    let mut node = Raw::spawn(&data, &[]);
    assert!(node.wait_for_line("sluice started", Duration::from_secs(20)));
    node.signal(libc::SIGTERM);
    let (status, lines) = node.finish(Duration::from_secs(30));
    assert_eq!(status.and_then(|s| s.code()), Some(0), "{lines:#?}");
    let meta = std::fs::read_to_string(data.join("meta.properties")).expect("meta.properties");
    assert!(
        meta.contains("node.id=1") && meta.contains("cluster.id="),
        "{meta}"
    );
}

/// Kafka's own KRaft `server.properties` (the keys and values `config/kraft/server.properties`
/// ships, static voters), with only the addresses moved to this test's loopback address and
/// `log.dirs` to a temp dir: it formats, starts (thread-pool keys noted as having no effect,
/// share-group keys warned as not acted on) and serves kcat's acks=all produce and its read.
#[test]
fn kafkas_own_kraft_server_properties_start_a_node() {
    if against_kafka() {
        return; // Sluice's own binary
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let host = "127.0.0.121";
    let path = dir.path().join("server.properties");
    std::fs::write(
        &path,
        format!(
            "process.roles=broker,controller\n\
             node.id=1\n\
             controller.quorum.voters=1@{host}:19093\n\
             listeners=PLAINTEXT://{host}:19092,CONTROLLER://{host}:19093\n\
             inter.broker.listener.name=PLAINTEXT\n\
             advertised.listeners=PLAINTEXT://{host}:19092,CONTROLLER://{host}:19093\n\
             controller.listener.names=CONTROLLER\n\
             listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SSL:SSL,SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL\n\
             num.network.threads=3\n\
             num.io.threads=8\n\
             socket.send.buffer.bytes=102400\n\
             socket.receive.buffer.bytes=102400\n\
             socket.request.max.bytes=104857600\n\
             log.dirs={}\n\
             num.partitions=1\n\
             num.recovery.threads.per.data.dir=1\n\
             offsets.topic.replication.factor=1\n\
             transaction.state.log.replication.factor=1\n\
             transaction.state.log.min.isr=1\n\
             share.coordinator.state.topic.replication.factor=1\n\
             share.coordinator.state.topic.min.isr=1\n\
             log.retention.hours=168\n\
             log.segment.bytes=1073741824\n\
             log.retention.check.interval.ms=300000\n\
             http.listeners=http://{host}:19644\n",
            dir.path().join("data").display()
        ),
    )
    .expect("write server.properties");
    let config = path.display().to_string();
    let id = String::from_utf8(sluice(&["random-uuid"]).stdout).unwrap();
    let formatted = sluice(&["format", "--config", &config, "--cluster-id", id.trim()]);
    assert!(formatted.status.success(), "{}", text(&formatted));

    let mut node = start(&config, &[]);
    assert!(
        node.wait_for_line("sluice started", Duration::from_secs(30)),
        "Kafka's server.properties serves"
    );
    let kcat = |args: &[&str], input: &[u8]| {
        let mut cmd = Command::new("kcat");
        cmd.args(["-b", &format!("{host}:19092")]).args(args);
        crate::harness::run_with_stdin(&mut cmd, Some(input), Duration::from_secs(30))
    };
    kcat(
        &["-P", "-t", "kafka-config", "-X", "acks=all"],
        b"a\nb\nc\n",
    );
    let read = kcat(&["-C", "-t", "kafka-config", "-e", "-q"], b"");
    assert_eq!(String::from_utf8_lossy(&read.stdout), "a\nb\nc\n");
    node.signal(libc::SIGTERM);
    let (status, lines) = node.finish(Duration::from_secs(30));
    assert_eq!(status.and_then(|s| s.code()), Some(0), "{lines:#?}");
    for key in ["num.io.threads", "share.coordinator.state.topic.min.isr"] {
        assert!(
            lines
                .iter()
                .any(|l| l.contains(&format!("'{key}' is accepted"))),
            "{key} is reported: {lines:#?}"
        );
    }
    assert!(!lines.iter().any(|l| l.contains(" ERROR ")), "{lines:#?}");
}
