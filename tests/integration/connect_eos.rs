//! Kafka Connect exactly-once source (KIP-618) against Sluice: a distributed worker from
//! connect-runtime 4.3.1 with `exactly.once.source.support=enabled` runs a source connector
//! (`tests/clients/java/connect/EosSource.java`, compiled here with javac) whose records and
//! source offsets land in one transaction per poll, through the worker's transactional
//! producer (transactions version 2 on a default broker). The worker is killed (SIGKILL)
//! mid-stream and started again: a read_committed consumer still sees the sequence 0, 1, 2, ...
//! exactly once — no repeat from records the dead worker had sent but not committed, no gap.

use crate::clients::{self, Client};
use crate::harness::{self, Broker, Streaming};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const WORKER_TIMEOUT: Duration = Duration::from_secs(120);

/// Compiles the connector into `dir` (with its ServiceLoader manifest, as Connect's plugin
/// discovery reads it).
fn compile_connector(dir: &Path) {
    let deps = harness::deps_dir();
    let source = harness::repo_root().join("tests/clients/java/connect/EosSource.java");
    let mut javac = Command::new("javac");
    javac
        .arg("-cp")
        .arg(format!("{}/*", deps.join("jars").display()))
        .arg("-d")
        .arg(dir)
        .arg(&source);
    harness::run(&mut javac, WORKER_TIMEOUT);
    let services = dir.join("META-INF/services");
    std::fs::create_dir_all(&services).expect("services dir");
    std::fs::write(
        services.join("org.apache.kafka.connect.source.SourceConnector"),
        "EosSource\n",
    )
    .expect("service file");
}

/// A free TCP port on 127.0.0.1 for the worker's REST listener.
fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.local_addr().expect("addr").port()
}

fn worker(properties: &Path, classes: &Path) -> Streaming {
    let jars = harness::deps_dir().join("jars");
    let mut cmd = Command::new("java");
    cmd.args(["-XX:TieredStopAtLevel=1", "-cp"])
        .arg(format!("{}:{}/*", classes.display(), jars.display()))
        .arg("org.apache.kafka.connect.cli.ConnectDistributed")
        .arg(properties);
    Streaming::spawn(&mut cmd)
}

/// curl against the worker's REST API: (HTTP status, body).
fn rest(method: &str, url: &str, body: Option<&str>) -> (u16, String) {
    let mut cmd = Command::new("curl");
    cmd.args(["-s", "-m", "10", "-w", "\n%{http_code}", "-X", method, url]);
    if let Some(body) = body {
        cmd.args(["-H", "Content-Type: application/json", "-d", body]);
    }
    let out = harness::try_run(&mut cmd, None, Duration::from_secs(20));
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let (body, code) = text.rsplit_once('\n').unwrap_or(("", "0"));
    (code.trim().parse().unwrap_or(0), body.to_string())
}

/// Polls `url` until `ok(status, body)`; panics with the worker's output after the deadline.
fn await_rest(url: &str, worker: &mut Streaming, ok: impl Fn(u16, &str) -> bool) -> String {
    let deadline = Instant::now() + WORKER_TIMEOUT;
    loop {
        let (status, body) = rest("GET", url, None);
        if ok(status, &body) {
            return body;
        }
        worker.poll();
        assert!(
            Instant::now() < deadline,
            "{url} answered {status} {body}; worker said: {:?}",
            worker.seen
        );
        std::thread::sleep(Duration::from_millis(250));
    }
}

/// The values of `topic`-0 for a read_committed consumer: the first `count` at least (the
/// consumer prints what else its last poll returned).
fn committed_values(broker: &Broker, topic: &str, count: usize) -> Vec<(i64, String)> {
    let lines = crate::transactions::run_txn_client_pub(&[
        "consume",
        "--bootstrap",
        &broker.bootstrap(),
        "--topic",
        topic,
        "--isolation",
        "read_committed",
        "--count",
        &count.to_string(),
        "--timeout-ms",
        "90000",
    ]);
    // "rec <partition> <offset> <value>"
    lines
        .iter()
        .filter_map(|l| l.strip_prefix("rec "))
        .filter_map(|l| {
            let mut fields = l.splitn(3, ' ').skip(1);
            let offset = fields.next()?.parse().ok()?;
            Some((offset, fields.next()?.to_string()))
        })
        .collect()
}

#[test]
fn connect_exactly_once_source_survives_a_worker_kill() {
    let seed = harness::seed("connect_eos");
    let broker = Broker::start();
    let topic = harness::topic_name("connect_eos", seed);
    clients::create_topic(Client::Java, &broker, &topic, 1, &[]);
    let dir: PathBuf = broker.data_dir().with_file_name("connect");
    let classes = dir.join("classes");
    std::fs::create_dir_all(&classes).expect("connect dir");
    compile_connector(&classes);
    let port = free_port();
    let properties = dir.join("worker.properties");
    std::fs::write(
        &properties,
        format!(
            "bootstrap.servers={bootstrap}\n\
             group.id=eos-{seed}\n\
             key.converter=org.apache.kafka.connect.storage.StringConverter\n\
             value.converter=org.apache.kafka.connect.storage.StringConverter\n\
             offset.storage.topic=eos-offsets-{seed}\n\
             config.storage.topic=eos-configs-{seed}\n\
             status.storage.topic=eos-status-{seed}\n\
             offset.storage.replication.factor=1\n\
             config.storage.replication.factor=1\n\
             status.storage.replication.factor=1\n\
             exactly.once.source.support=enabled\n\
             listeners=http://127.0.0.1:{port}\n\
             plugin.discovery=hybrid_warn\n",
            bootstrap = broker.bootstrap()
        ),
    )
    .expect("worker.properties");
    let base = format!("http://127.0.0.1:{port}");
    let mut first = worker(&properties, &classes);
    await_rest(&format!("{base}/"), &mut first, |s, _| s == 200);
    let config = format!(
        r#"{{"name":"eos","config":{{"connector.class":"EosSource","tasks.max":"1","topic":"{topic}","exactly.once.support":"required","transaction.boundary":"poll"}}}}"#
    );
    let deadline = Instant::now() + WORKER_TIMEOUT;
    loop {
        // The leader may not be elected yet (409 while the worker rebalances).
        let (status, body) = rest("POST", &format!("{base}/connectors"), Some(&config));
        if status == 201 || status == 409 && body.contains("already exists") {
            break;
        }
        first.poll();
        assert!(
            Instant::now() < deadline,
            "creating the connector: {status} {body}; worker said: {:?}",
            first.seen
        );
        std::thread::sleep(Duration::from_millis(500));
    }
    await_rest(
        &format!("{base}/connectors/eos/status"),
        &mut first,
        |s, b| s == 200 && b.contains(r#""tasks":[{"id":0,"state":"RUNNING""#),
    );
    // Records flow; kill the worker while they do.
    let before: Vec<(i64, String)> = committed_values(&broker, &topic, 200);
    let expected: Vec<String> = (0..200).map(|i| i.to_string()).collect();
    let values: Vec<String> = before.iter().map(|(_, v)| v.clone()).collect();
    assert_eq!(values[..200], expected[..]);
    // Transactional: a COMMIT marker follows each poll's records, so offsets run ahead.
    assert!(before[199].0 > 199, "no transaction markers: {before:?}");
    first.signal(libc::SIGKILL);
    let (_, _, stderr) = first.finish(Duration::from_secs(10));
    eprintln!("first worker's last words: {}", tail(&stderr));

    let mut second = worker(&properties, &classes);
    await_rest(
        &format!("{base}/connectors/eos/status"),
        &mut second,
        |s, b| s == 200 && b.contains(r#""tasks":[{"id":0,"state":"RUNNING""#),
    );
    assert!(
        second.wait_for(WORKER_TIMEOUT, |l| l
            .iter()
            .any(|l| l.starts_with("eos task starts at "))),
        "{:?}",
        second.seen
    );
    let resumed: i64 = second
        .seen
        .iter()
        .find_map(|l| l.strip_prefix("eos task starts at "))
        .and_then(|n| n.trim().parse().ok())
        .expect("resume offset");
    assert!(resumed >= 200, "the task resumed at {resumed}");
    let count = usize::try_from(resumed).expect("positive") + 300;
    let values: Vec<String> = committed_values(&broker, &topic, count)
        .into_iter()
        .map(|(_, v)| v)
        .collect();
    let expected: Vec<String> = (0..count).map(|i| i.to_string()).collect();
    assert_eq!(
        values[..count],
        expected[..],
        "read_committed saw the sequence exactly once across the kill"
    );
    assert!(
        values.iter().zip(0..).all(|(v, i)| *v == i.to_string()),
        "read_committed saw the sequence exactly once across the kill: {values:?}"
    );
    drop(second);
}

fn tail(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(5)..].join("\n")
}
