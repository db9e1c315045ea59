//! A shard never dies alone, and a signal always ends the process (issue 9, items 2 and 3).

use crate::harness::{against_kafka, repo_root, seed, topic_name, Broker};
use crate::wire::Wire;
use kafka_protocol::messages::create_topics_request::{CreatableTopic, CreateTopicsRequest};
use kafka_protocol::messages::join_group_request::{JoinGroupRequest, JoinGroupRequestProtocol};
use kafka_protocol::messages::DescribeGroupsRequest;
use kafka_protocol::messages::{GroupId, TopicName};
use kafka_protocol::protocol::StrBytes;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// A sluice process started by hand (not through `Broker`), with its stderr lines as events.
pub(crate) struct Raw {
    child: Child,
    lines: mpsc::Receiver<String>,
    pub(crate) seen: Vec<String>,
}

impl Raw {
    pub(crate) fn spawn(data_dir: &std::path::Path, env: &[(&str, &str)]) -> Raw {
        Raw::spawn_with(data_dir, env, &[])
    }

    pub(crate) fn spawn_with(
        data_dir: &std::path::Path,
        env: &[(&str, &str)],
        settings: &[&str],
    ) -> Raw {
        let mut cmd = Command::new(repo_root().join("target/debug/sluice"));
        cmd.arg("start")
            .args(settings.iter().flat_map(|s| ["--set", s]))
            .args(["--set", "listeners=PLAINTEXT://127.0.0.1:0"])
            .args(["--set", &format!("log.dirs={}", data_dir.display())])
            .args(["--set", "num.shards=2"])
            .envs(env.iter().copied());
        Raw::run(cmd)
    }

    /// Spawns `cmd` (a sluice command line) with its stderr lines as events.
    pub(crate) fn run(mut cmd: Command) -> Raw {
        cmd.stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("spawn sluice");
        let stderr = child.stderr.take().expect("stderr piped");
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Raw {
            child,
            lines,
            seen: Vec::new(),
        }
    }

    /// Waits for a stderr line containing `text`; false if the stream ended or `timeout` passed.
    pub(crate) fn wait_for_line(&mut self, text: &str, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        loop {
            if self.seen.iter().any(|l| l.contains(text)) {
                return true;
            }
            match self
                .lines
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            {
                Ok(line) => self.seen.push(line),
                Err(_) => return false,
            }
        }
    }

    pub(crate) fn signal(&self, signal: libc::c_int) {
        let pid = libc::pid_t::try_from(self.child.id()).expect("pid fits pid_t");
        // SAFETY: kill(2) on a child we spawned and have not reaped yet.
        assert_eq!(unsafe { libc::kill(pid, signal) }, 0);
    }

    /// Waits for the exit (bounded); the status and every stderr line.
    pub(crate) fn finish(mut self, timeout: Duration) -> (Option<ExitStatus>, Vec<String>) {
        let deadline = Instant::now() + timeout;
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("poll sluice") {
                break Some(status);
            }
            if Instant::now() >= deadline {
                self.child.kill().ok();
                self.child.wait().ok();
                break None;
            }
            // Collect lines while waiting for the exit (bounded by the deadline).
            if let Ok(line) = self.lines.recv_timeout(Duration::from_millis(20)) {
                self.seen.push(line);
            }
        };
        while let Ok(line) = self.lines.recv_timeout(Duration::from_secs(1)) {
            self.seen.push(line);
        }
        (status, std::mem::take(&mut self.seen))
    }
}

/// A test that panics leaves no broker behind (it would hold its ports for the next run).
impl Drop for Raw {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            self.child.kill().ok();
            self.child.wait().ok();
        }
    }
}

/// Waits until the coordinator holds `parked_join`'s member (the group is rebalancing), so a
/// signal sent next finds the join in flight.
fn wait_until_join_parked(broker: &Broker) {
    let mut w = Wire::connect(&broker.bootstrap());
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let described = w.call(
            0,
            &DescribeGroupsRequest::default()
                .with_groups(vec![GroupId(StrBytes::from_static_str("held-open"))]),
        );
        if described.groups[0].group_state.as_str() == "PreparingRebalance" {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the join never parked: {described:?}"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// A JoinGroup v3 (no KIP-394 member-id round trip) that parks in the initial rebalance delay.
fn parked_join() -> JoinGroupRequest {
    JoinGroupRequest::default()
        .with_group_id(GroupId(StrBytes::from_static_str("held-open")))
        .with_session_timeout_ms(30_000)
        .with_rebalance_timeout_ms(60_000)
        .with_member_id(StrBytes::from_static_str(""))
        .with_protocol_type(StrBytes::from_static_str("consumer"))
        .with_protocols(vec![JoinGroupRequestProtocol::default()
            .with_name(StrBytes::from_static_str("range"))
            .with_metadata(bytes::Bytes::from_static(&[0, 0, 0, 0, 0, 0, 0, 0]))])
}

#[test]
fn a_panic_in_a_detached_task_stops_the_whole_process() {
    if against_kafka() {
        return; // a Sluice failpoint
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let raw = Raw::spawn(
        &dir.path().join("data"),
        &[("SLUICE_FAILPOINT_PANIC_SHARD", "1")],
    );
    let (status, lines) = raw.finish(Duration::from_secs(20));
    let status = status.unwrap_or_else(|| panic!("still running 20 s after the panic: {lines:#?}"));
    assert_eq!(
        status.code(),
        Some(70),
        "exit status after a shard panic: {lines:#?}"
    );
    let panics: Vec<&String> = lines.iter().filter(|l| l.contains("panicked at")).collect();
    assert_eq!(panics.len(), 1, "one line names the panic: {lines:#?}");
    assert!(
        panics[0].contains("shard-1") && panics[0].contains("stopping the process"),
        "the line names the shard and what happens: {}",
        panics[0]
    );
}

/// A JoinGroup that waits for the initial rebalance delay keeps the first shutdown busy; a
/// second SIGTERM ends the process at once (128 + 15), without a clean-shutdown marker.
#[test]
fn a_second_signal_exits_at_once() {
    if against_kafka() {
        return; // Kafka's JVM handles a second signal its own way
    }
    let mut broker = Broker::start_with(&[("group.initial.rebalance.delay.ms", "60000")]);
    let mut w = Wire::connect(&broker.bootstrap());
    w.send(3, &parked_join());
    wait_until_join_parked(&broker);
    broker.signal(libc::SIGTERM);
    // Two SIGTERMs pending at once merge into one: send the second only once the first was
    // taken (the broker logs it).
    let deadline = Instant::now() + Duration::from_secs(10);
    while !broker.logs().contains("shutting down") {
        assert!(
            Instant::now() < deadline,
            "the first SIGTERM was not taken: {}",
            broker.logs()
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(
        !broker.has_exited(),
        "the first shutdown waits for the parked join"
    );
    broker.signal(libc::SIGTERM);
    let status = broker
        .wait_exit(Duration::from_secs(5))
        .expect("a second SIGTERM ends the process at once");
    assert_eq!(
        status.code(),
        Some(128 + libc::SIGTERM),
        "{}",
        broker.logs()
    );
    assert!(
        !broker.data_dir().join(".kafka_cleanshutdown").exists(),
        "no clean-shutdown marker after an immediate exit"
    );
}

/// SIGTERM while the broker is still recovering its logs ends it cleanly (status 0) within the
/// shutdown bound, and the next start recovers every log and serves.
#[test]
fn sigterm_during_recovery_ends_the_process_and_the_next_start_serves() {
    if against_kafka() {
        return; // Sluice's own start-up steps
    }
    let seed = seed("sigterm_during_recovery");
    let mut broker = Broker::start();
    let topic = topic_name("recovering", seed);
    let mut w = Wire::connect(&broker.bootstrap());
    let created = w.call(
        7,
        &CreateTopicsRequest::default()
            .with_timeout_ms(30_000)
            .with_topics(vec![CreatableTopic::default()
                .with_name(TopicName(StrBytes::from_string(topic.clone())))
                .with_num_partitions(400)
                .with_replication_factor(1)]),
    );
    assert_eq!(created.topics[0].error_code, 0);
    drop(w);
    // Unclean: every log is scanned at the next start.
    broker.kill9();
    let data = broker.data_dir();
    let mut raw = Raw::spawn(&data, &[]);
    assert!(
        raw.wait_for_line("INFO", Duration::from_secs(20)),
        "the broker logs while starting"
    );
    raw.signal(libc::SIGTERM);
    let (status, lines) = raw.finish(Duration::from_secs(30));
    let status = status
        .unwrap_or_else(|| panic!("SIGTERM during start-up did not end the process: {lines:#?}"));
    assert_eq!(status.code(), Some(0), "{lines:#?}");
    let mut again = Raw::spawn(&data, &[]);
    assert!(
        again.wait_for_line("sluice started", Duration::from_secs(60)),
        "the next start serves: {:#?}",
        again.seen
    );
    again.signal(libc::SIGTERM);
    let (status, lines) = again.finish(Duration::from_secs(30));
    assert_eq!(status.and_then(|s| s.code()), Some(0), "{lines:#?}");
}

/// `startup.timeout.ms`: a start stuck in one step (a failpoint holds shard 1 before it binds)
/// exits non-zero, naming the shard and the step.
#[test]
fn a_start_without_progress_exits_naming_the_stuck_shard() {
    if against_kafka() {
        return; // a Sluice failpoint and key
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let raw = Raw::spawn_with(
        &dir.path().join("data"),
        &[("SLUICE_FAILPOINT_STALL_SHARD", "1")],
        &["startup.timeout.ms=1000"],
    );
    let (status, lines) = raw.finish(Duration::from_secs(20));
    let status = status.unwrap_or_else(|| panic!("a stuck start did not end: {lines:#?}"));
    assert_eq!(status.code(), Some(1), "{lines:#?}");
    assert!(
        lines
            .iter()
            .any(|l| l.contains("start-up made no progress for 1000 ms")
                && l.contains("shard 1 binding listeners")),
        "the line names the shard and its step: {lines:#?}"
    );
    assert!(
        !lines.iter().any(|l| l.contains("sluice started")),
        "{lines:#?}"
    );
}

/// `shutdown.timeout.ms`: a shutdown held up by a parked JoinGroup longer than the bound exits
/// non-zero, naming the shard and the step it was in.
#[test]
fn a_shutdown_past_its_bound_exits_naming_the_stuck_shard() {
    if against_kafka() {
        return; // a Sluice key
    }
    let mut broker = Broker::start_with(&[
        ("group.initial.rebalance.delay.ms", "60000"),
        ("shutdown.timeout.ms", "1000"),
    ]);
    let mut w = Wire::connect(&broker.bootstrap());
    w.send(3, &parked_join());
    wait_until_join_parked(&broker);
    broker.signal(libc::SIGTERM);
    let status = broker
        .wait_exit(Duration::from_secs(10))
        .expect("the shutdown bound ends the process");
    assert_eq!(status.code(), Some(1), "{}", broker.logs());
    let logs = broker.logs();
    assert!(
        logs.contains("shutdown took longer than 1000 ms (shutdown.timeout.ms): shard")
            && logs.contains("finishing in-flight requests"),
        "{logs}"
    );
}

/// A second broker on the same log dir, or on a port a broker serves, is refused at start with
/// Kafka's messages, and the first one serves on: log dirs are locked (`.lock`), and the
/// shards' SO_REUSEPORT listeners would otherwise let a second process share the port.
#[test]
fn a_second_broker_on_the_same_dir_or_port_is_refused() {
    if against_kafka() {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let first_dir = dir.path().join("first");
    let mut first = Raw::spawn(&first_dir, &[]);
    assert!(first.wait_for_line("sluice started", Duration::from_secs(20)));
    let started = first
        .seen
        .iter()
        .find(|l| l.contains("sluice started"))
        .cloned()
        .unwrap();
    let port: u16 = started
        .split("PLAINTEXT://127.0.0.1:")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no port in {started}"));

    let refused = |cmd: Command, reason: &str| {
        let (status, lines) = Raw::run(cmd).finish(Duration::from_secs(20));
        assert_eq!(status.and_then(|s| s.code()), Some(1), "{lines:#?}");
        assert!(
            lines.iter().any(|l| l.contains(reason)),
            "expected {reason:?} in {lines:#?}"
        );
    };
    let sluice = |dir: &std::path::Path, listener: &str| {
        let mut cmd = Command::new(repo_root().join("target/debug/sluice"));
        cmd.arg("start")
            .args(["--set", &format!("listeners={listener}")])
            .args(["--set", &format!("log.dirs={}", dir.display())]);
        cmd
    };
    refused(
        sluice(&first_dir, "PLAINTEXT://127.0.0.1:0"),
        &format!(
            "Failed to acquire lock on file .lock in {}. A Kafka instance in another process or thread is using this directory.",
            first_dir.display()
        ),
    );
    refused(
        sluice(
            &dir.path().join("second"),
            &format!("PLAINTEXT://127.0.0.1:{port}"),
        ),
        &format!("Socket server failed to bind to 127.0.0.1:{port}: Address already in use"),
    );
    // The first one still serves, and stops cleanly.
    let mut wire = Wire::connect(&format!("127.0.0.1:{port}"));
    let versions = wire.call(1, &kafka_protocol::messages::ApiVersionsRequest::default());
    assert_eq!(versions.error_code, 0);
    first.signal(libc::SIGTERM);
    let (status, lines) = first.finish(Duration::from_secs(30));
    assert_eq!(status.and_then(|s| s.code()), Some(0), "{lines:#?}");
}

/// Whether some connection on local port `port` is in TIME_WAIT (state 06 in /proc/net/tcp).
fn time_wait_on(port: u16) -> bool {
    let table = std::fs::read_to_string("/proc/net/tcp").expect("/proc/net/tcp");
    table.lines().skip(1).any(|row| {
        let fields: Vec<&str> = row.split_whitespace().collect();
        fields.get(3) == Some(&"06")
            && fields
                .get(1)
                .and_then(|a| a.split_once(':'))
                .and_then(|(_, p)| u16::from_str_radix(p, 16).ok())
                == Some(port)
    })
}

/// A restart, or a switch from another server (an Apache Kafka broker on the same port), leaves
/// the port's closed connections in TIME_WAIT for a minute; Kafka binds with SO_REUSEADDR and
/// starts at once, and so must Sluice. Before the fix the shards' SO_REUSEPORT-only bind failed
/// with "Address already in use" while connections of a socket without SO_REUSEPORT waited.
/// An address the shards cannot bind at all fails the start whole, with Kafka's message once
/// per shard, and never reports `sluice started`.
#[test]
fn a_port_with_connections_in_time_wait_starts_and_an_unbindable_one_fails_whole() {
    if against_kafka() {
        return;
    }
    // Another server (std's listener: SO_REUSEADDR, no SO_REUSEPORT, like Java's) closes its
    // connections first, so they wait in TIME_WAIT on its port after it is gone.
    let other = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = other.local_addr().unwrap().port();
    let clients: Vec<_> = (0..3)
        .map(|_| std::net::TcpStream::connect(("127.0.0.1", port)).expect("connect"))
        .collect();
    let accepted: Vec<_> = clients.iter().map(|_| other.accept().unwrap().0).collect();
    drop(accepted);
    drop(clients);
    drop(other);
    let deadline = Instant::now() + Duration::from_secs(10);
    while !time_wait_on(port) {
        assert!(
            Instant::now() < deadline,
            "no TIME_WAIT connection on port {port}"
        );
        std::thread::sleep(Duration::from_millis(10));
    }

    let dir = tempfile::tempdir().expect("temp dir");
    let mut cmd = Command::new(repo_root().join("target/debug/sluice"));
    cmd.arg("start")
        .args(["--set", &format!("listeners=PLAINTEXT://127.0.0.1:{port}")])
        .args([
            "--set",
            &format!("log.dirs={}", dir.path().join("a").display()),
        ])
        .args(["--set", "num.shards=2", "--set", "http.listeners="]);
    let mut broker = Raw::run(cmd);
    assert!(
        broker.wait_for_line("sluice started", Duration::from_secs(20)),
        "{:#?}",
        broker.seen
    );
    assert!(
        time_wait_on(port),
        "the test needs the TIME_WAIT connections still there"
    );
    let mut wire = Wire::connect(&format!("127.0.0.1:{port}"));
    let versions = wire.call(1, &kafka_protocol::messages::ApiVersionsRequest::default());
    assert_eq!(versions.error_code, 0);
    drop(wire);
    broker.signal(libc::SIGTERM);
    let (status, lines) = broker.finish(Duration::from_secs(30));
    assert_eq!(status.and_then(|s| s.code()), Some(0), "{lines:#?}");

    // 192.0.2.1 (TEST-NET-1, RFC 5737) is no address of this machine.
    let mut cmd = Command::new(repo_root().join("target/debug/sluice"));
    cmd.arg("start")
        .args(["--set", "listeners=PLAINTEXT://192.0.2.1:9092"])
        .args([
            "--set",
            &format!("log.dirs={}", dir.path().join("b").display()),
        ])
        .args(["--set", "num.shards=2", "--set", "http.listeners="]);
    let (status, lines) = Raw::run(cmd).finish(Duration::from_secs(20));
    assert_eq!(status.and_then(|s| s.code()), Some(1), "{lines:#?}");
    let refusals = lines
        .iter()
        .filter(|l| l.contains("Socket server failed to bind to 192.0.2.1:9092"))
        .count();
    assert_eq!(refusals, 2, "one line per shard: {lines:#?}");
    assert!(
        !lines.iter().any(|l| l.contains("sluice started")),
        "{lines:#?}"
    );
}
