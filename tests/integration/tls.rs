//! TLS listeners with real clients: Java kafka-clients (Kafka's console tools), kcat
//! (librdkafka) and kafka-python over SSL beside a PLAINTEXT listener on the same broker, mTLS
//! with `ssl.client.auth=required`, and the negatives (untrusted CA, expired certificate,
//! plaintext bytes on the TLS port, a handshake that never finishes) while the broker keeps
//! serving others. Certificates are made at test time with `openssl` (a CA, the broker's
//! certificate for 127.0.0.1, client certificates).
//!
//! Sluice only: the harness starts Apache Kafka without SSL listeners.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use crate::harness::{self, Broker};
use crate::java_tools;

/// Limit: one kcat or Python run against a local broker takes about a second.
const CLIENT_TIMEOUT: Duration = Duration::from_secs(60);
/// Limit: a JVM start plus a few requests.
const TOOL_TIMEOUT: Duration = Duration::from_secs(90);
/// connections.max.idle.ms of the negative tests' broker, which also bounds its handshakes.
const IDLE_MS: u64 = 2_000;

/// A CA and certificates signed by it, in a temporary directory (sasl.rs uses it too).
pub(crate) struct Pki {
    pub(crate) dir: tempfile::TempDir,
}

impl Pki {
    pub(crate) fn new() -> Pki {
        let dir = tempfile::Builder::new()
            .prefix("sluice-tls-")
            .tempdir()
            .expect("temp dir");
        let pki = Pki { dir };
        pki.ca("ca");
        pki
    }

    pub(crate) fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub(crate) fn p(&self, name: &str) -> String {
        self.path(name).display().to_string()
    }

    fn openssl(&self, args: &[&str]) {
        let mut cmd = Command::new("openssl");
        cmd.args(args).current_dir(self.dir.path());
        harness::run(&mut cmd, CLIENT_TIMEOUT);
    }

    /// A self-signed CA: `<name>.pem`, `<name>.key`.
    fn ca(&self, name: &str) {
        let subject = format!("/CN=Sluice test {name}");
        self.openssl(&[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            &subject,
            "-keyout",
            &format!("{name}.key"),
            "-out",
            &format!("{name}.pem"),
        ]);
    }

    /// A certificate signed by `ca`: `<name>.pem`, `<name>.key` (PKCS8), `<name>-keystore.pem`
    /// (key then chain, Kafka's PEM key store) and `<name>.p12` (password `changeit`).
    pub(crate) fn issue(&self, ca: &str, name: &str, subject: &str, extensions: &str, days: &str) {
        std::fs::write(self.path(&format!("{name}.ext")), extensions).expect("write extensions");
        self.openssl(&[
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-subj",
            subject,
            "-keyout",
            &format!("{name}.key"),
            "-out",
            &format!("{name}.csr"),
        ]);
        self.openssl(&[
            "x509",
            "-req",
            "-in",
            &format!("{name}.csr"),
            "-CA",
            &format!("{ca}.pem"),
            "-CAkey",
            &format!("{ca}.key"),
            "-CAcreateserial",
            "-days",
            days,
            "-extfile",
            &format!("{name}.ext"),
            "-out",
            &format!("{name}.pem"),
        ]);
        let read = |f: String| std::fs::read_to_string(self.path(&f)).expect("read PEM");
        let keystore = format!(
            "{}{}{}",
            read(format!("{name}.key")),
            read(format!("{name}.pem")),
            read(format!("{ca}.pem"))
        );
        std::fs::write(self.path(&format!("{name}-keystore.pem")), keystore).expect("write");
        self.openssl(&[
            "pkcs12",
            "-export",
            "-in",
            &format!("{name}.pem"),
            "-inkey",
            &format!("{name}.key"),
            "-certfile",
            &format!("{ca}.pem"),
            "-out",
            &format!("{name}.p12"),
            "-passout",
            "pass:changeit",
        ]);
    }

    /// `server.*`: the broker's certificate for 127.0.0.1 and localhost.
    pub(crate) fn server(&self) {
        self.issue(
            "ca",
            "server",
            "/O=Sluice/OU=Brokers/CN=localhost",
            "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n",
            "2",
        );
    }

    fn client(&self, ca: &str, name: &str, days: &str) {
        let subject = format!("/C=DE/O=Sluice/OU=Clients/CN={name}");
        let ext = "basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n";
        self.issue(ca, name, &subject, ext, days);
    }
}

fn kcat(address: &str, tls: &[(&str, String)]) -> Command {
    let mut cmd = Command::new("kcat");
    cmd.args(["-b", address]);
    for (key, value) in tls {
        cmd.arg("-X").arg(format!("{key}={value}"));
    }
    cmd
}

/// librdkafka's settings for an SSL connection trusting the test CA, with `client`'s
/// certificate if given.
fn kcat_tls(pki: &Pki, client: Option<&str>) -> Vec<(&'static str, String)> {
    let mut settings = vec![
        ("security.protocol", "SSL".to_string()),
        ("ssl.ca.location", pki.p("ca.pem")),
    ];
    if let Some(name) = client {
        settings.push(("ssl.certificate.location", pki.p(&format!("{name}.pem"))));
        settings.push(("ssl.key.location", pki.p(&format!("{name}.key"))));
    }
    settings
}

fn kcat_produce(address: &str, tls: &[(&str, String)], topic: &str, lines: &[String]) {
    let mut cmd = kcat(address, tls);
    cmd.args(["-P", "-t", topic, "-K", ":"]);
    let input = format!("{}\n", lines.join("\n"));
    harness::run_with_stdin(&mut cmd, Some(input.as_bytes()), CLIENT_TIMEOUT);
}

fn kcat_consume(address: &str, tls: &[(&str, String)], topic: &str) -> Vec<String> {
    let mut cmd = kcat(address, tls);
    cmd.args(["-C", "-t", topic, "-o", "beginning", "-e", "-f", "%k:%s\\n"]);
    let out = harness::run(&mut cmd, CLIENT_TIMEOUT);
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect()
}

/// A kcat metadata request that must fail (TLS refused); returns its stderr.
fn kcat_refused(address: &str, tls: &[(&str, String)]) -> String {
    let mut cmd = kcat(address, tls);
    cmd.args(["-L", "-m", "3"]);
    let out = harness::try_run(&mut cmd, None, CLIENT_TIMEOUT);
    assert!(
        !out.status.success(),
        "kcat got metadata: {}",
        harness::describe(&out)
    );
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn lines(prefix: &str, n: usize) -> Vec<String> {
    (0..n).map(|i| format!("k{i}:{prefix}-{i}")).collect()
}

/// The broker's settings for an SSL listener beside PLAINTEXT, both on port 0.
fn ssl_listeners() -> Vec<(&'static str, String)> {
    vec![
        (
            "listeners",
            "PLAINTEXT://127.0.0.1:0,SSL://127.0.0.1:0".to_string(),
        ),
        (
            "listener.security.protocol.map",
            "PLAINTEXT:PLAINTEXT,SSL:SSL".to_string(),
        ),
    ]
}

fn start(settings: &[(&str, String)]) -> Broker {
    let settings: Vec<(&str, &str)> = settings.iter().map(|(k, v)| (*k, v.as_str())).collect();
    Broker::start_with(&settings)
}

/// A Java client properties file for SSL with the test CA as a PEM trust store, and
/// `client`'s PEM key store if given.
fn java_properties(pki: &Pki, client: Option<&str>) -> PathBuf {
    let mut text = format!(
        "security.protocol=SSL\nssl.truststore.type=PEM\nssl.truststore.location={}\n",
        pki.p("ca.pem")
    );
    if let Some(name) = client {
        text.push_str(&format!(
            "ssl.keystore.type=PEM\nssl.keystore.location={}\n",
            pki.p(&format!("{name}-keystore.pem"))
        ));
    }
    let path = pki.path(&format!(
        "java-{}.properties",
        client.unwrap_or("anonymous")
    ));
    std::fs::write(&path, text).expect("write client properties");
    path
}

/// Kafka's console consumer reading `records` records of `topic` from the beginning, over the
/// connection `properties` configure.
pub(crate) fn java_consume(
    address: &str,
    topic: &str,
    records: usize,
    properties: &Path,
) -> Output {
    let class = "org.apache.kafka.tools.consumer.ConsoleConsumer";
    let mut consumer = java_tools::tool_at(address, class);
    consumer
        .args(["--topic", topic, "--from-beginning", "--max-messages"])
        .arg(records.to_string())
        .args(["--timeout-ms", "30000", "--command-config"])
        .arg(properties);
    harness::run(&mut consumer, TOOL_TIMEOUT)
}

/// kafka-python produces `records` records to partition 0 of `topic` and reads them back,
/// connecting with `settings` (JSON: KafkaProducer/KafkaConsumer keyword arguments); returns
/// the values read, one per line.
pub(crate) fn python_round_trip(
    address: &str,
    topic: &str,
    records: usize,
    settings: &str,
) -> String {
    let venv_python = harness::deps_dir().join("venv/bin/python");
    harness::require_installed(&venv_python, "kafka-python");
    let script = r#"
import json, sys
from kafka import KafkaProducer, KafkaConsumer, TopicPartition
address, topic, n, settings = sys.argv[1], sys.argv[2], int(sys.argv[3]), json.loads(sys.argv[4])
producer = KafkaProducer(bootstrap_servers=address, **settings)
for i in range(n):
    producer.send(topic, key=b"py%d" % i, value=b"python-%d" % i).get(timeout=30)
producer.close()
consumer = KafkaConsumer(bootstrap_servers=address, consumer_timeout_ms=10000, **settings)
tp = TopicPartition(topic, 0)
consumer.assign([tp])
consumer.seek_to_beginning(tp)
seen = []
while len(seen) < n:
    batch = consumer.poll(timeout_ms=10000)
    if not batch:
        break
    for records in batch.values():
        seen.extend(r.value.decode() for r in records)
print("\n".join(seen))
"#;
    let mut cmd = Command::new(venv_python);
    cmd.args(["-c", script, address, topic, &records.to_string(), settings]);
    String::from_utf8_lossy(&harness::run(&mut cmd, CLIENT_TIMEOUT).stdout).into_owned()
}

/// Kafka's console producer writes `input` (one record a line) to `topic`, connecting as
/// `properties` configure.
pub(crate) fn java_produce(address: &str, topic: &str, properties: &Path, input: &str) {
    let mut producer = java_tools::tool_at(address, "org.apache.kafka.tools.ConsoleProducer");
    producer
        .args(["--topic", topic, "--command-config"])
        .arg(properties);
    harness::run_with_stdin(&mut producer, Some(input.as_bytes()), TOOL_TIMEOUT);
}

/// Java (console producer and consumer), kcat and kafka-python over SSL, and kcat over
/// PLAINTEXT, against one broker with both listeners; Metadata on each listener names that
/// listener's port, so clients stay on the protocol they bootstrapped with.
#[test]
fn tls_real_clients_on_an_ssl_listener_beside_plaintext() {
    if harness::against_kafka() {
        return;
    }
    let seed = harness::seed("tls_real_clients");
    let pki = Pki::new();
    pki.server();
    let mut settings = ssl_listeners();
    settings.extend([
        ("ssl.keystore.type", "PKCS12".to_string()),
        ("ssl.keystore.location", pki.p("server.p12")),
        ("ssl.keystore.password", "changeit".to_string()),
    ]);
    let mut broker = start(&settings);
    let ssl = broker.listener_address("SSL");
    let plain = broker.bootstrap();
    let tls = kcat_tls(&pki, None);

    // Metadata over SSL advertises the SSL port; over PLAINTEXT the PLAINTEXT one.
    let mut cmd = kcat(&ssl, &tls);
    cmd.args(["-L"]);
    let out = String::from_utf8_lossy(&harness::run(&mut cmd, CLIENT_TIMEOUT).stdout).into_owned();
    assert!(out.contains(&format!("broker 1 at {ssl}")), "{out}");
    let mut cmd = kcat(&plain, &[]);
    cmd.args(["-L"]);
    let out = String::from_utf8_lossy(&harness::run(&mut cmd, CLIENT_TIMEOUT).stdout).into_owned();
    assert!(out.contains(&format!("broker 1 at {plain}")), "{out}");

    // kcat over SSL, read back over both listeners.
    let topic = harness::topic_name("tls_kcat", seed);
    let sent = lines("kcat", 20);
    kcat_produce(&ssl, &tls, &topic, &sent);
    assert_eq!(kcat_consume(&ssl, &tls, &topic), sent);
    assert_eq!(kcat_consume(&plain, &[], &topic), sent);

    // Java kafka-clients: the console producer and consumer with an SSL client.properties.
    let topic = harness::topic_name("tls_java", seed);
    let properties = java_properties(&pki, None);
    let input: String = (0..10).map(|i| format!("java-{seed}-{i}\n")).collect();
    java_produce(&ssl, &topic, &properties, &input);
    let out = java_consume(&ssl, &topic, 10, &properties);
    let got: String = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(got, input, "{}", harness::describe(&out));
    // What Java wrote over SSL, librdkafka reads over PLAINTEXT.
    let plain_read: Vec<String> = kcat_consume(&plain, &[], &topic)
        .into_iter()
        .map(|l| l.trim_start_matches(':').to_string())
        .collect();
    assert_eq!(plain_read.len(), 10, "{plain_read:?}");

    // kafka-python over SSL.
    let topic = harness::topic_name("tls_python", seed);
    let settings = format!(
        r#"{{"security_protocol": "SSL", "ssl_cafile": "{}"}}"#,
        pki.p("ca.pem")
    );
    let out = python_round_trip(&ssl, &topic, 5, &settings);
    let expected: Vec<String> = (0..5).map(|i| format!("python-{i}")).collect();
    assert_eq!(out.lines().collect::<Vec<_>>(), expected, "{out}");

    // Fetches over SSL copied their record bytes (no kTLS); over PLAINTEXT they still went
    // with sendfile. The shards log both counts when they stop.
    broker.stop();
    let logs = broker.logs();
    let sum = |key: &str| -> u64 {
        logs.match_indices(key)
            .filter_map(|(at, _)| {
                let digits: String = logs[at + key.len()..]
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect();
                digits.parse::<u64>().ok()
            })
            .sum()
    };
    assert!(sum("fetch_bytes_copied=") > 0, "{logs}");
    assert!(sum("fetch_bytes_zero_copy=") > 0, "{logs}");
}

/// `ssl.client.auth=required`: a client without a certificate is refused, one with a
/// certificate the CA signed works. Here the key store is PEM with an encrypted PKCS#8 key
/// (`ssl.key.password`), the trust store PKCS12, and the listener TLS 1.2 with one cipher
/// suite named as Java names it.
#[test]
fn tls_client_auth_required() {
    if harness::against_kafka() {
        return;
    }
    let seed = harness::seed("tls_client_auth_required");
    let pki = Pki::new();
    pki.server();
    pki.client("ca", "alice", "2");
    pki.openssl(&[
        "pkcs8",
        "-topk8",
        "-v2",
        "aes-256-cbc",
        "-in",
        "server.key",
        "-out",
        "server-encrypted.key",
        "-passout",
        "pass:keysecret",
    ]);
    let read = |f: &str| std::fs::read_to_string(pki.path(f)).expect("read PEM");
    let keystore = format!("{}{}", read("server-encrypted.key"), read("server.pem"));
    std::fs::write(pki.path("encrypted-keystore.pem"), keystore).expect("write");
    pki.openssl(&[
        "pkcs12",
        "-export",
        "-nokeys",
        "-in",
        "ca.pem",
        "-out",
        "trust.p12",
        "-passout",
        "pass:trustsecret",
    ]);
    let mut settings = ssl_listeners();
    settings.extend([
        ("listener.name.ssl.ssl.client.auth", "required".to_string()),
        ("ssl.keystore.type", "PEM".to_string()),
        ("ssl.keystore.location", pki.p("encrypted-keystore.pem")),
        ("ssl.key.password", "keysecret".to_string()),
        ("ssl.truststore.type", "PKCS12".to_string()),
        ("ssl.truststore.location", pki.p("trust.p12")),
        ("ssl.truststore.password", "trustsecret".to_string()),
        ("ssl.enabled.protocols", "TLSv1.2".to_string()),
        (
            "ssl.cipher.suites",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384".to_string(),
        ),
    ]);
    let broker = start(&settings);
    let ssl = broker.listener_address("SSL");

    let stderr = kcat_refused(&ssl, &kcat_tls(&pki, None));
    assert!(!stderr.is_empty());
    let topic = harness::topic_name("tls_mtls", seed);
    let alice = kcat_tls(&pki, Some("alice"));
    let sent = lines("mtls", 5);
    kcat_produce(&ssl, &alice, &topic, &sent);
    assert_eq!(kcat_consume(&ssl, &alice, &topic), sent);

    // Java with a PEM key store (mTLS) reads them too.
    let properties = java_properties(&pki, Some("alice"));
    let out = java_consume(&ssl, &topic, 5, &properties);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).lines().count(),
        5,
        "{}",
        harness::describe(&out)
    );
    let logs = broker.logs();
    assert!(logs.contains("kind=\"handshake_failed\""), "{logs}");
}

/// Reads until EOF or an error; how long that took. Fails after `limit`.
fn until_closed(stream: &mut TcpStream, limit: Duration) -> Duration {
    let started = Instant::now();
    stream.set_read_timeout(Some(limit)).expect("read timeout");
    let mut buf = [0u8; 1024];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => return started.elapsed(),
            Ok(_) => {}
            Err(e)
                if e.kind() == std::io::ErrorKind::WouldBlock
                    || e.kind() == std::io::ErrorKind::TimedOut =>
            {
                panic!("connection still open after {limit:?}")
            }
            Err(_) => return started.elapsed(),
        }
    }
}

/// Untrusted CA, expired certificate, plaintext bytes on the TLS port and a handshake that
/// never finishes are each refused (the last after the handshake limit), with one log line
/// each, and the broker serves a good client after every one of them. Also: the key store
/// given inline (`ssl.keystore.key` / `ssl.keystore.certificate.chain`).
#[test]
fn tls_negatives_leave_the_broker_serving() {
    if harness::against_kafka() {
        return;
    }
    let seed = harness::seed("tls_negatives");
    let pki = Pki::new();
    pki.server();
    pki.client("ca", "good", "2");
    pki.client("ca", "expired", "-1");
    pki.ca("rogue");
    pki.client("rogue", "mallory", "2");
    let read = |f: &str| std::fs::read_to_string(pki.path(f)).expect("read PEM");
    let mut settings = ssl_listeners();
    settings.extend([
        ("ssl.client.auth", "required".to_string()),
        ("ssl.keystore.type", "PEM".to_string()),
        ("ssl.keystore.key", read("server.key")),
        (
            "ssl.keystore.certificate.chain",
            format!("{}{}", read("server.pem"), read("ca.pem")),
        ),
        ("ssl.truststore.type", "PEM".to_string()),
        ("ssl.truststore.certificates", read("ca.pem")),
        ("connections.max.idle.ms", IDLE_MS.to_string()),
    ]);
    let broker = start(&settings);
    let ssl = broker.listener_address("SSL");
    let topic = harness::topic_name("tls_negatives", seed);
    let good = kcat_tls(&pki, Some("good"));
    let mut sent = Vec::new();
    let mut serves = |round: &str| {
        let more = lines(round, 3);
        kcat_produce(&ssl, &good, &topic, &more);
        sent.extend(more);
        assert_eq!(kcat_consume(&ssl, &good, &topic), sent, "after {round}");
    };
    serves("first");

    // A certificate from a CA the broker does not trust.
    kcat_refused(&ssl, &kcat_tls(&pki, Some("mallory")));
    serves("untrusted");
    // An expired certificate from the trusted CA.
    kcat_refused(&ssl, &kcat_tls(&pki, Some("expired")));
    serves("expired");
    // A client that does not trust the broker's CA gives up on its side.
    let mut distrust = kcat_tls(&pki, Some("good"));
    distrust[1].1 = pki.p("rogue.pem");
    kcat_refused(&ssl, &distrust);
    serves("distrusted");

    // Plaintext Kafka bytes on the TLS port: an ApiVersions v0 frame gets a closed connection.
    let mut plaintext = TcpStream::connect(&ssl).expect("connect");
    plaintext
        .write_all(&[0, 0, 0, 10, 0, 18, 0, 0, 0, 0, 0, 7, 0, 0])
        .expect("write a Kafka frame");
    until_closed(&mut plaintext, Duration::from_secs(10));
    serves("plaintext");

    // A handshake that never finishes: the first bytes of a ClientHello, then silence.
    let opened = Instant::now();
    let mut stalled = TcpStream::connect(&ssl).expect("connect");
    stalled.write_all(&[0x16, 0x03, 0x01, 0x02]).expect("write");
    let mut silent = TcpStream::connect(&ssl).expect("connect");
    serves("while stalled");
    until_closed(&mut stalled, Duration::from_millis(IDLE_MS * 5));
    // Not closed before the handshake limit, counted from the connection (the broker's timer
    // starts at accept; `serves` above may take long on a loaded machine).
    let took = opened.elapsed();
    assert!(
        took >= Duration::from_millis(IDLE_MS / 2),
        "closed after {took:?}"
    );
    until_closed(&mut silent, Duration::from_millis(IDLE_MS * 5));
    serves("stalled");

    let logs = broker.logs();
    for kind in ["handshake_failed", "not_tls", "handshake_timeout"] {
        assert!(
            logs.contains(&format!("kind=\"{kind}\"")),
            "no {kind}:\n{logs}"
        );
    }
    assert!(
        logs.contains("plaintext bytes (first byte 0x00) on TLS listener SSL"),
        "{logs}"
    );
}

/// A broker whose SSL listener cannot be built does not start, naming the listener and the
/// key; a JKS key store is refused with the keytool command that converts it. (SASL listeners:
/// sasl.rs.)
#[test]
fn tls_misconfigured_listener_stops_start_up() {
    if harness::against_kafka() {
        return;
    }
    let pki = Pki::new();
    let jks = pki.path("server.jks");
    std::fs::write(&jks, [0xfe, 0xed, 0xfe, 0xed, 0, 0, 0, 2]).expect("write");
    let run = |extra: &[(&str, &str)]| -> String {
        let mut settings = vec![
            ("listeners", "PLAINTEXT://127.0.0.1:0,SSL://127.0.0.1:0"),
            ("log.dirs", "data"),
        ];
        settings.extend_from_slice(extra);
        harness::sluice_start_refused(pki.dir.path(), &settings)
    };
    let err = run(&[("ssl.keystore.location", &jks.display().to_string())]);
    assert!(err.contains("listener SSL"), "{err}");
    assert!(err.contains("-deststoretype pkcs12"), "{err}");
    let err = run(&[]);
    assert!(err.contains("needs a key store"), "{err}");
    let err = run(&[("ssl.cipher.suites", "TLS_RSA_WITH_RC4_128_MD5")]);
    assert!(err.contains("TLS_RSA_WITH_RC4_128_MD5"), "{err}");
}

/// The serial number of the certificate the broker serves at `address`, as openssl prints it.
fn served_serial(pki: &Pki, address: &str) -> String {
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg("openssl s_client -connect \"$1\" -CAfile \"$2\" </dev/null 2>/dev/null | openssl x509 -noout -serial")
        .args(["sh", address, &pki.p("ca.pem")]);
    String::from_utf8_lossy(&harness::run(&mut cmd, CLIENT_TIMEOUT).stdout)
        .trim()
        .to_string()
}

/// The serial number of the certificate in `<name>.pem`.
fn serial(pki: &Pki, name: &str) -> String {
    let mut cmd = Command::new("openssl");
    cmd.args([
        "x509",
        "-noout",
        "-serial",
        "-in",
        &pki.p(&format!("{name}.pem")),
    ]);
    String::from_utf8_lossy(&harness::run(&mut cmd, CLIENT_TIMEOUT).stdout)
        .trim()
        .to_string()
}

/// A listener's key store is replaced without a restart: through kafka-configs (AlterConfigs
/// on `listener.name.ssl.ssl.keystore.location`, validated first as Kafka does: a missing file,
/// or a certificate with another subject or other alternative names while
/// `ssl.allow.dn.changes` / `ssl.allow.san.changes` are false, is refused and the old
/// certificate stays), and by replacing the file in place.
#[test]
fn tls_key_store_reloads_without_a_restart() {
    if harness::against_kafka() {
        return;
    }
    let seed = harness::seed("tls_reload");
    let pki = Pki::new();
    let server = |name: &str, cn: &str, sans: &str| {
        let subject = format!("/O=Sluice/OU=Brokers/CN={cn}");
        let ext = format!("subjectAltName={sans}\nextendedKeyUsage=serverAuth\n");
        pki.issue("ca", name, &subject, &ext, "2");
    };
    let sans = "DNS:localhost,IP:127.0.0.1";
    for name in ["first", "second", "third"] {
        server(name, "broker.example", sans);
    }
    server("renamed", "other.example", sans);
    server(
        "more-names",
        "broker.example",
        "DNS:localhost,DNS:broker2,IP:127.0.0.1",
    );
    let mut settings = ssl_listeners();
    settings.extend([
        ("ssl.keystore.type", "PEM".to_string()),
        ("ssl.keystore.location", pki.p("first-keystore.pem")),
    ]);
    let broker = start(&settings);
    let ssl = broker.listener_address("SSL");
    assert_eq!(served_serial(&pki, &ssl), serial(&pki, "first"));

    let alter = |value: &str| -> std::process::Output {
        let mut cmd = java_tools::tool(&broker, java_tools::CONFIGS);
        cmd.args(["--entity-type", "brokers", "--entity-name", "1", "--alter"])
            .arg("--add-config")
            .arg(format!("listener.name.ssl.ssl.keystore.location={value}"));
        harness::try_run(&mut cmd, None, TOOL_TIMEOUT)
    };
    let refused = |value: &str, why: &str| {
        let out = alter(value);
        let text = harness::describe(&out);
        assert!(!out.status.success(), "{text}");
        assert!(
            text.contains("Validation of dynamic config update of SSLFactory failed"),
            "{text}"
        );
        assert!(text.contains(why), "{text}");
        assert_eq!(served_serial(&pki, &ssl), serial(&pki, "first"));
    };
    refused(&pki.p("missing.pem"), "missing.pem");
    refused(
        &pki.p("renamed-keystore.pem"),
        "Keystore DistinguishedName does not match",
    );
    refused(
        &pki.p("more-names-keystore.pem"),
        "Keystore SubjectAltNames do not match",
    );

    let out = alter(&pki.p("second-keystore.pem"));
    assert!(out.status.success(), "{}", harness::describe(&out));
    assert_eq!(served_serial(&pki, &ssl), serial(&pki, "second"));
    // kafka-configs --describe shows the listener's dynamic key, as Kafka does.
    let described = java_tools::run_tool(
        &broker,
        java_tools::CONFIGS,
        &[
            "--entity-type",
            "brokers",
            "--entity-name",
            "1",
            "--describe",
        ],
    );
    let shown = format!(
        "listener.name.ssl.ssl.keystore.location={}",
        pki.p("second-keystore.pem")
    );
    assert!(described.contains(&shown), "{described}");
    // Clients keep working over the new certificate.
    let topic = harness::topic_name("tls_reload", seed);
    let tls = kcat_tls(&pki, None);
    kcat_produce(&ssl, &tls, &topic, &lines("reload", 3));
    assert_eq!(kcat_consume(&ssl, &tls, &topic), lines("reload", 3));

    // The same file replaced in place (as a certificate rotation tool does) is served at each
    // shard's next connection: the replacement is the operator's decision, so no subject
    // check (every shard builds from the same file and they agree); a file that cannot be
    // read keeps the previous certificate.
    let replace = |from: &str| {
        let from = pki.path(&format!("{from}-keystore.pem"));
        std::fs::copy(from, pki.path("second-keystore.pem")).expect("copy");
    };
    replace("third");
    for _ in 0..4 {
        assert_eq!(served_serial(&pki, &ssl), serial(&pki, "third"));
    }
    // (A shard that accepted nothing since "second" keeps that one: either is a certificate
    // the listener served, and clients keep working.)
    std::fs::write(pki.path("second-keystore.pem"), "not a key store").expect("write");
    let kept = [serial(&pki, "second"), serial(&pki, "third")];
    for _ in 0..4 {
        assert!(kept.contains(&served_serial(&pki, &ssl)));
    }
    assert_eq!(kcat_consume(&ssl, &tls, &topic), lines("reload", 3));
    let logs = broker.logs();
    assert!(logs.contains("TLS configuration reloaded"), "{logs}");
    assert!(logs.contains("TLS configuration not reloaded"), "{logs}");
}
