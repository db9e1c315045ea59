//! SASL/PLAIN listeners with real clients: kcat (librdkafka) over SASL_PLAINTEXT, Kafka's
//! console producer and consumer (Java) and kafka-python over SASL_SSL, on one broker beside a
//! PLAINTEXT listener; the negatives (wrong password, unknown user, a mechanism not enabled,
//! requests before authentication, SASL requests out of sequence) with the broker serving
//! others throughout; listeners whose SASL cannot work stop start-up.
//!
//! Sluice only: the harness starts Apache Kafka without SASL listeners.

use std::process::Command;
use std::time::Duration;

use kafka_protocol::messages::{
    MetadataRequest, SaslAuthenticateRequest, SaslHandshakeRequest, SaslHandshakeResponse,
};
use kafka_protocol::protocol::StrBytes;

use crate::harness::{self, Broker};
use crate::tls::{self, Pki};
use crate::wire::Wire;

/// Limit: one kcat or Python run against a local broker takes about a second.
const CLIENT_TIMEOUT: Duration = Duration::from_secs(60);
const ILLEGAL_SASL_STATE: i16 = 34;
const UNSUPPORTED_SASL_MECHANISM: i16 = 33;
const SASL_AUTHENTICATION_FAILED: i16 = 58;

const JAAS: &str = r#"org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="admin-secret" user_admin="admin-secret" user_alice="alice-secret";"#;

/// A broker with PLAINTEXT, SASL_PLAINTEXT and SASL_SSL listeners, SASL/PLAIN on both SASL
/// ones (users admin and alice), per-listener JAAS as Kafka's brokers take it.
fn sasl_broker(pki: &Pki) -> Broker {
    pki.server();
    let p12 = pki.p("server.p12");
    let settings = [
        (
            "listeners",
            "PLAINTEXT://127.0.0.1:0,SASL_PLAINTEXT://127.0.0.1:0,SASL_SSL://127.0.0.1:0",
        ),
        (
            "listener.security.protocol.map",
            "PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL",
        ),
        ("sasl.enabled.mechanisms", "PLAIN"),
        ("listener.name.sasl_plaintext.plain.sasl.jaas.config", JAAS),
        ("listener.name.sasl_ssl.plain.sasl.jaas.config", JAAS),
        ("ssl.keystore.type", "PKCS12"),
        ("ssl.keystore.location", &p12),
        ("ssl.keystore.password", "changeit"),
    ];
    Broker::start_with(&settings)
}

fn kcat(address: &str, user: &str, password: &str, mechanism: &str) -> Command {
    let mut cmd = Command::new("kcat");
    cmd.args(["-b", address]);
    for setting in [
        "security.protocol=SASL_PLAINTEXT".to_string(),
        format!("sasl.mechanisms={mechanism}"),
        format!("sasl.username={user}"),
        format!("sasl.password={password}"),
    ] {
        cmd.arg("-X").arg(setting);
    }
    cmd
}

fn kcat_round_trip(address: &str, topic: &str, sent: &mut Vec<String>, round: &str) {
    let more: Vec<String> = (0..3).map(|i| format!("{round}-{i}")).collect();
    let mut produce = kcat(address, "alice", "alice-secret", "PLAIN");
    produce.args(["-P", "-t", topic]);
    let input = format!("{}\n", more.join("\n"));
    harness::run_with_stdin(&mut produce, Some(input.as_bytes()), CLIENT_TIMEOUT);
    sent.extend(more);
    let mut consume = kcat(address, "alice", "alice-secret", "PLAIN");
    consume.args(["-C", "-t", topic, "-o", "beginning", "-e"]);
    let out = harness::run(&mut consume, CLIENT_TIMEOUT);
    let got: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(&got, sent, "after {round}");
}

/// kcat over SASL_PLAINTEXT, Java (console producer and consumer) and kafka-python over
/// SASL_SSL, all with SASL/PLAIN; Metadata on a SASL listener names that listener's port.
#[test]
fn sasl_plain_real_clients() {
    if harness::against_kafka() {
        return;
    }
    let seed = harness::seed("sasl_plain_real_clients");
    let pki = Pki::new();
    let broker = sasl_broker(&pki);
    let sasl = broker.listener_address("SASL_PLAINTEXT");
    let sasl_ssl = broker.listener_address("SASL_SSL");

    let mut metadata = kcat(&sasl, "admin", "admin-secret", "PLAIN");
    metadata.arg("-L");
    let out =
        String::from_utf8_lossy(&harness::run(&mut metadata, CLIENT_TIMEOUT).stdout).into_owned();
    assert!(out.contains(&format!("broker 1 at {sasl}")), "{out}");
    let topic = harness::topic_name("sasl_kcat", seed);
    kcat_round_trip(&sasl, &topic, &mut Vec::new(), "kcat");

    // Java kafka-clients over SASL_SSL.
    let topic = harness::topic_name("sasl_java", seed);
    let properties = pki.path("client.properties");
    std::fs::write(
        &properties,
        format!(
            "security.protocol=SASL_SSL\nsasl.mechanism=PLAIN\nsasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username=\"alice\" password=\"alice-secret\";\nssl.truststore.type=PEM\nssl.truststore.location={}\n",
            pki.p("ca.pem")
        ),
    )
    .expect("write client.properties");
    let input: String = (0..5).map(|i| format!("java-{seed}-{i}\n")).collect();
    tls::java_produce(&sasl_ssl, &topic, &properties, &input);
    let out = tls::java_consume(&sasl_ssl, &topic, 5, &properties);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        input,
        "{}",
        harness::describe(&out)
    );

    // kafka-python over SASL_SSL.
    let topic = harness::topic_name("sasl_python", seed);
    let settings = format!(
        r#"{{"security_protocol": "SASL_SSL", "ssl_cafile": "{}", "sasl_mechanism": "PLAIN", "sasl_plain_username": "alice", "sasl_plain_password": "alice-secret"}}"#,
        pki.p("ca.pem")
    );
    let out = tls::python_round_trip(&sasl_ssl, &topic, 3, &settings);
    let expected: Vec<String> = (0..3).map(|i| format!("python-{i}")).collect();
    assert_eq!(out.lines().collect::<Vec<_>>(), expected, "{out}");
}

/// A kcat metadata request that must fail; returns its stderr.
fn kcat_refused(mut cmd: Command) -> String {
    cmd.args(["-L", "-m", "3"]);
    let out = harness::try_run(&mut cmd, None, CLIENT_TIMEOUT);
    assert!(!out.status.success(), "{}", harness::describe(&out));
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn handshake(w: &mut Wire, mechanism: &'static str) -> SaslHandshakeResponse {
    let request =
        SaslHandshakeRequest::default().with_mechanism(StrBytes::from_static_str(mechanism));
    w.call(1, &request)
}

/// Wrong password, unknown user, a mechanism not enabled, requests before authentication and
/// SASL requests out of sequence are refused with Kafka's error codes and closed connections,
/// while a good client keeps producing and consuming.
#[test]
fn sasl_negatives_leave_the_broker_serving() {
    if harness::against_kafka() {
        return;
    }
    let seed = harness::seed("sasl_negatives");
    let pki = Pki::new();
    let broker = sasl_broker(&pki);
    let sasl = broker.listener_address("SASL_PLAINTEXT");
    let topic = harness::topic_name("sasl_negatives", seed);
    let mut sent = Vec::new();
    kcat_round_trip(&sasl, &topic, &mut sent, "first");

    let err = kcat_refused(kcat(&sasl, "alice", "wrong", "PLAIN"));
    assert!(err.contains("Invalid username or password"), "{err}");
    kcat_round_trip(&sasl, &topic, &mut sent, "wrong-password");
    let err = kcat_refused(kcat(&sasl, "mallory", "alice-secret", "PLAIN"));
    assert!(err.contains("Invalid username or password"), "{err}");
    kcat_round_trip(&sasl, &topic, &mut sent, "unknown-user");
    let err = kcat_refused(kcat(&sasl, "alice", "alice-secret", "SCRAM-SHA-256"));
    assert!(err.contains("Unsupported SASL mechanism"), "{err}");
    kcat_round_trip(&sasl, &topic, &mut sent, "mechanism");

    // On the wire: a request before authentication closes the connection.
    let mut w = Wire::connect(&sasl);
    w.send(12, &MetadataRequest::default());
    assert!(w.is_closed(), "Metadata before SASL was answered");
    // A mechanism not enabled: UNSUPPORTED_SASL_MECHANISM listing PLAIN, then closed.
    let mut w = Wire::connect(&sasl);
    let r = handshake(&mut w, "GSSAPI");
    assert_eq!(r.error_code, UNSUPPORTED_SASL_MECHANISM);
    assert_eq!(r.mechanisms, vec![StrBytes::from_static_str("PLAIN")]);
    assert!(w.is_closed());
    // A wrong password: SASL_AUTHENTICATION_FAILED with Kafka's message, then closed after
    // connection.failed.authentication.delay.ms (100 ms, Kafka's default).
    let mut w = Wire::connect(&sasl);
    assert_eq!(handshake(&mut w, "PLAIN").error_code, 0);
    let token = bytes::Bytes::from_static(b"\0alice\0nope");
    let r = w.call(
        2,
        &SaslAuthenticateRequest::default().with_auth_bytes(token),
    );
    let answered = std::time::Instant::now();
    assert_eq!(r.error_code, SASL_AUTHENTICATION_FAILED);
    assert_eq!(
        r.error_message.as_deref(),
        Some("Authentication failed: Invalid username or password")
    );
    assert!(w.is_closed());
    let held = answered.elapsed();
    assert!(held >= Duration::from_millis(50), "closed after {held:?}");
    // Authenticated with SaslAuthenticate v0, a second handshake is out of sequence (KIP-368
    // re-authentication needs v1+); with v2 it re-authenticates.
    let token = bytes::Bytes::from_static(b"\0alice\0alice-secret");
    for (version, second) in [(0, ILLEGAL_SASL_STATE), (2, 0)] {
        let mut w = Wire::connect(&sasl);
        assert_eq!(handshake(&mut w, "PLAIN").error_code, 0);
        let r = w.call(
            version,
            &SaslAuthenticateRequest::default().with_auth_bytes(token.clone()),
        );
        assert_eq!(r.error_code, 0, "{r:?}");
        assert_eq!(handshake(&mut w, "PLAIN").error_code, second);
    }
    // On the PLAINTEXT listener there is no SASL exchange to join.
    let mut w = Wire::connect(&broker.bootstrap());
    assert_eq!(handshake(&mut w, "PLAIN").error_code, ILLEGAL_SASL_STATE);
    kcat_round_trip(&sasl, &topic, &mut sent, "wire");

    let logs = broker.logs();
    assert!(
        !logs.contains("alice-secret"),
        "a password was logged:\n{logs}"
    );
    for kind in ["authentication_failed", "mechanism", "unauthenticated"] {
        assert!(
            logs.contains(&format!("kind=\"{kind}\"")),
            "no {kind}:\n{logs}"
        );
    }
}

/// A SASL listener whose mechanisms Sluice lacks (Kafka's default GSSAPI included) or whose
/// JAAS configuration is missing stops start-up, naming the listener.
#[test]
fn sasl_misconfigured_listener_stops_start_up() {
    if harness::against_kafka() {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let run = |extra: &[(&str, &str)]| -> String {
        let mut settings = vec![
            (
                "listeners",
                "PLAINTEXT://127.0.0.1:0,SASL_PLAINTEXT://127.0.0.1:0",
            ),
            ("log.dirs", "data"),
        ];
        settings.extend_from_slice(extra);
        harness::sluice_start_refused(dir.path(), &settings)
    };
    let err = run(&[]);
    assert!(err.contains("listener SASL_PLAINTEXT"), "{err}");
    assert!(err.contains("GSSAPI"), "{err}");
    let err = run(&[("sasl.enabled.mechanisms", "PLAIN,GSSAPI")]);
    assert!(err.contains("GSSAPI is not implemented"), "{err}");
    let err = run(&[("sasl.enabled.mechanisms", "PLAIN")]);
    assert!(
        err.contains("listener.name.sasl_plaintext.plain.sasl.jaas.config"),
        "{err}"
    );
}
