//! SASL/SCRAM and re-authentication with real clients and real processes: users made and
//! removed with `kafka-configs --entity-type users` (AlterUserScramCredentials through the
//! controller, DescribeUserScramCredentials), kcat (librdkafka) with SCRAM-SHA-256, Kafka's
//! console producer and consumer (Java) with SCRAM-SHA-512 over SASL_SSL, KafkaJS with SCRAM;
//! Kafka's error codes for bad credential changes; the negatives (wrong password, unknown user,
//! a replayed client-final message, a wrong proof, delegation tokens, malformed and oversized
//! tokens, authenticate before handshake) with the broker serving others throughout; KIP-368
//! re-authentication on the wire and by a Java producer that outlives several sessions.
//!
//! Sluice only: the harness starts Apache Kafka without SASL listeners.

use std::process::Command;
use std::time::{Duration, Instant};

use bytes::Bytes;
use kafka_protocol::messages::alter_user_scram_credentials_request::{
    ScramCredentialDeletion, ScramCredentialUpsertion,
};
use kafka_protocol::messages::describe_user_scram_credentials_request::UserName;
use kafka_protocol::messages::{
    AlterUserScramCredentialsRequest, DescribeUserScramCredentialsRequest, MetadataRequest,
    SaslAuthenticateRequest, SaslAuthenticateResponse, SaslHandshakeRequest,
};
use kafka_protocol::protocol::StrBytes;
use security::scram::client::ScramClient;
use security::scram::ScramMechanism;

use crate::harness::{self, Broker};
use crate::java_tools::{self, CONFIGS};
use crate::tls::{self, Pki};
use crate::wire::Wire;

const CLIENT_TIMEOUT: Duration = Duration::from_secs(60);
const UNSUPPORTED_SASL_MECHANISM: i16 = 33;
const ILLEGAL_SASL_STATE: i16 = 34;
const SASL_AUTHENTICATION_FAILED: i16 = 58;
const RESOURCE_NOT_FOUND: i16 = 91;
const DUPLICATE_RESOURCE: i16 = 92;
const UNACCEPTABLE_CREDENTIAL: i16 = 93;

/// A broker with PLAINTEXT (admin), SASL_PLAINTEXT (both SCRAM mechanisms) and SASL_SSL
/// (SCRAM-SHA-512) listeners, plus `extra` settings.
fn scram_broker(pki: &Pki, extra: &[(&str, &str)]) -> Broker {
    pki.server();
    let p12 = pki.p("server.p12");
    let mut settings = vec![
        (
            "listeners",
            "PLAINTEXT://127.0.0.1:0,SASL_PLAINTEXT://127.0.0.1:0,SASL_SSL://127.0.0.1:0",
        ),
        (
            "listener.security.protocol.map",
            "PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL",
        ),
        (
            "listener.name.sasl_plaintext.sasl.enabled.mechanisms",
            "SCRAM-SHA-256,SCRAM-SHA-512",
        ),
        (
            "listener.name.sasl_ssl.sasl.enabled.mechanisms",
            "SCRAM-SHA-512",
        ),
        ("ssl.keystore.type", "PKCS12"),
        ("ssl.keystore.location", &p12),
        ("ssl.keystore.password", "changeit"),
    ];
    settings.extend_from_slice(extra);
    Broker::start_with(&settings)
}

/// kafka-configs over the PLAINTEXT listener; returns stdout and stderr.
fn kafka_configs(broker: &Broker, args: &[&str]) -> String {
    let mut cmd = java_tools::tool(broker, CONFIGS);
    cmd.args(args);
    let out = harness::run(&mut cmd, CLIENT_TIMEOUT);
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

pub(crate) fn add_user(broker: &Broker, user: &str, config: &str) {
    let out = kafka_configs(
        broker,
        &[
            "--alter",
            "--add-config",
            config,
            "--entity-type",
            "users",
            "--entity-name",
            user,
        ],
    );
    assert!(
        out.contains(&format!("Completed updating config for user {user}")),
        "{out}"
    );
}

fn kcat(address: &str, mechanism: &str, user: &str, password: &str) -> Command {
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

/// kcat produces three more records to `topic` and reads back everything sent so far.
fn kcat_round_trip(address: &str, topic: &str, sent: &mut Vec<String>, round: &str) {
    let more: Vec<String> = (0..3).map(|i| format!("{round}-{i}")).collect();
    let mut produce = kcat(address, "SCRAM-SHA-256", "alice", "alice-secret");
    produce.args(["-P", "-t", topic]);
    let input = format!("{}\n", more.join("\n"));
    harness::run_with_stdin(&mut produce, Some(input.as_bytes()), CLIENT_TIMEOUT);
    sent.extend(more);
    let mut consume = kcat(address, "SCRAM-SHA-256", "alice", "alice-secret");
    consume.args(["-C", "-t", topic, "-o", "beginning", "-e"]);
    let out = harness::run(&mut consume, CLIENT_TIMEOUT);
    let got: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(&got, sent, "after {round}");
}

fn kcat_refused(mut cmd: Command) -> String {
    cmd.args(["-L", "-m", "3"]);
    let out = harness::try_run(&mut cmd, None, CLIENT_TIMEOUT);
    assert!(!out.status.success(), "{}", harness::describe(&out));
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn java_properties(pki: &Pki, mechanism: &str, user: &str, extra: &str) -> std::path::PathBuf {
    let path = pki.path(&format!("scram-{user}.properties"));
    std::fs::write(
        &path,
        format!(
            "security.protocol=SASL_SSL\nsasl.mechanism={mechanism}\nsasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"{user}\" password=\"{user}-secret\";\nssl.truststore.type=PEM\nssl.truststore.location={}\n{extra}",
            pki.p("ca.pem")
        ),
    )
    .expect("write client properties");
    path
}

/// The sum over shards of a counter with these listener and mechanism labels.
fn counter(broker: &Broker, name: &str, listener: &str, mechanism: &str) -> f64 {
    let (status, body) = crate::metrics::get(&broker.http_address(), "/metrics");
    assert_eq!(status, 200);
    let labels = [
        format!("listener=\"{listener}\""),
        format!("mechanism=\"{mechanism}\""),
    ];
    body.lines()
        .filter(|l| l.starts_with(&format!("{name}{{")))
        .filter(|l| labels.iter().all(|label| l.contains(label.as_str())))
        .filter_map(|l| l.rsplit(' ').next()?.parse::<f64>().ok())
        .sum()
}

fn handshake(w: &mut Wire, mechanism: &str) -> i16 {
    let request =
        SaslHandshakeRequest::default().with_mechanism(StrBytes::from_string(mechanism.into()));
    w.call(1, &request).error_code
}

fn authenticate(w: &mut Wire, token: Vec<u8>) -> SaslAuthenticateResponse {
    w.call(
        2,
        &SaslAuthenticateRequest::default().with_auth_bytes(Bytes::from(token)),
    )
}

/// A whole SCRAM exchange on `w` (handshake included); the final response.
fn scram_login(
    w: &mut Wire,
    mechanism: ScramMechanism,
    user: &str,
    password: &str,
) -> SaslAuthenticateResponse {
    assert_eq!(handshake(w, mechanism.name()), 0);
    let mut client = ScramClient::new(mechanism, user, password, "wire-client-nonce");
    let first = authenticate(w, client.first());
    assert_eq!(first.error_code, 0, "{first:?}");
    let last = client
        .last(&first.auth_bytes)
        .expect("a server-first message");
    let answer = authenticate(w, last);
    if answer.error_code == 0 {
        assert!(client.verify(&answer.auth_bytes), "server signature");
    }
    answer
}

/// `kafka-configs` makes and removes SCRAM users through the controller; kcat (SCRAM-SHA-256),
/// Java (SCRAM-SHA-512 over SASL_SSL) and KafkaJS authenticate with them; bad credential changes get Kafka's error codes.
#[test]
fn scram_users_through_kafka_configs_and_real_clients() {
    if harness::against_kafka() {
        return;
    }
    let seed = harness::seed("scram_users");
    let pki = Pki::new();
    let broker = scram_broker(&pki, &[]);
    // One mechanism per request: Kafka's controller refuses a user altered twice in one
    // (DUPLICATE_RESOURCE), both mechanisms included.
    add_user(
        &broker,
        "alice",
        "SCRAM-SHA-256=[iterations=8192,password=alice-secret]",
    );
    add_user(&broker, "alice", "SCRAM-SHA-512=[password=alice-secret]");
    let described = kafka_configs(&broker, &["--describe", "--entity-type", "users"]);
    assert!(
        described.contains("SCRAM credential configs for user-principal 'alice' are SCRAM-SHA-256=iterations=8192, SCRAM-SHA-512=iterations=4096"),
        "{described}"
    );
    assert!(!described.contains("alice-secret"), "{described}");

    let sasl = broker.listener_address("SASL_PLAINTEXT");
    let sasl_ssl = broker.listener_address("SASL_SSL");
    let topic = harness::topic_name("scram_kcat", seed);
    let mut sent = Vec::new();
    kcat_round_trip(&sasl, &topic, &mut sent, "kcat");

    // Java kafka-clients, SCRAM-SHA-512 over SASL_SSL.
    let java_topic = harness::topic_name("scram_java", seed);
    let properties = java_properties(&pki, "SCRAM-SHA-512", "alice", "");
    let input: String = (0..5).map(|i| format!("java-{seed}-{i}\n")).collect();
    tls::java_produce(&sasl_ssl, &java_topic, &properties, &input);
    let out = tls::java_consume(&sasl_ssl, &java_topic, 5, &properties);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        input,
        "{}",
        harness::describe(&out)
    );

    // KafkaJS with SCRAM-SHA-256 (SLUICE_TEST_SASL, tests/clients/node/client.js), to the
    // topic Java made.
    let js_topic = &java_topic;
    let node = harness::repo_root().join("tests/clients/node/client.js");
    let mut produce = Command::new("node");
    produce
        .arg(&node)
        .args(["produce", "--bootstrap", &sasl, "--topic", js_topic])
        .args(["--seed", "1", "--spec", "all:none:4"])
        .env("SLUICE_TEST_SASL", "scram-sha-256:alice:alice-secret");
    let out = harness::run(&mut produce, CLIENT_TIMEOUT);
    let acks = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| l.starts_with("ack "))
        .count();
    assert_eq!(acks, 4, "{}", harness::describe(&out));

    // Deleted, a mechanism no longer authenticates; the other still does.
    let out = kafka_configs(
        &broker,
        &[
            "--alter",
            "--delete-config",
            "SCRAM-SHA-256",
            "--entity-type",
            "users",
            "--entity-name",
            "alice",
        ],
    );
    assert!(
        out.contains("Completed updating config for user alice"),
        "{out}"
    );
    let err = kcat_refused(kcat(&sasl, "SCRAM-SHA-256", "alice", "alice-secret"));
    assert!(
        err.contains("Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-256"),
        "{err}"
    );
    let mut cmd = kcat(&sasl, "SCRAM-SHA-512", "alice", "alice-secret");
    cmd.args(["-C", "-t", &topic, "-o", "beginning", "-e"]);
    let out = harness::run(&mut cmd, CLIENT_TIMEOUT);
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 3);

    // Kafka's error codes, on the wire (PLAINTEXT listener).
    let mut w = Wire::connect(&broker.bootstrap());
    let upsert = |name: &str, mechanism: i8, iterations: i32| {
        ScramCredentialUpsertion::default()
            .with_name(StrBytes::from_string(name.into()))
            .with_mechanism(mechanism)
            .with_iterations(iterations)
            .with_salt(Bytes::from_static(b"salt"))
            .with_salted_password(Bytes::from_static(&[7; 32]))
    };
    let delete = |name: &str, mechanism: i8| {
        ScramCredentialDeletion::default()
            .with_name(StrBytes::from_string(name.into()))
            .with_mechanism(mechanism)
    };
    let r = w.call(
        0,
        &AlterUserScramCredentialsRequest::default()
            .with_deletions(vec![delete("nobody", 1)])
            .with_upsertions(vec![
                upsert("few", 1, 1000),
                upsert("many", 2, 20000),
                upsert("odd", 3, 8192),
                upsert("", 1, 8192),
                upsert("twice", 1, 8192),
                upsert("twice", 2, 8192),
                upsert("bob", 2, 4096),
            ]),
    );
    let code = |user: &str| {
        r.results
            .iter()
            .find(|x| x.user.as_str() == user)
            .unwrap_or_else(|| panic!("no result for {user:?}: {r:?}"))
            .error_code
    };
    assert_eq!(code("nobody"), RESOURCE_NOT_FOUND);
    assert_eq!(code("few"), UNACCEPTABLE_CREDENTIAL);
    assert_eq!(code("many"), UNACCEPTABLE_CREDENTIAL);
    assert_eq!(code("odd"), UNSUPPORTED_SASL_MECHANISM);
    assert_eq!(code(""), UNACCEPTABLE_CREDENTIAL);
    assert_eq!(code("twice"), DUPLICATE_RESOURCE);
    assert_eq!(code("bob"), 0);
    let users = |names: &[&str]| {
        DescribeUserScramCredentialsRequest::default().with_users(Some(
            names
                .iter()
                .map(|n| UserName::default().with_name(StrBytes::from_string(n.to_string())))
                .collect(),
        ))
    };
    let r = w.call(0, &users(&["bob", "carol", "bob"]));
    assert_eq!(r.results.len(), 2, "{r:?}");
    let by = |u: &str| r.results.iter().find(|x| x.user.as_str() == u).unwrap();
    assert_eq!(by("bob").error_code, DUPLICATE_RESOURCE);
    assert_eq!(by("carol").error_code, RESOURCE_NOT_FOUND);

    // The RFC 5802 exchange on the wire, the server's signature checked.
    let mut w = Wire::connect(&sasl);
    let answer = scram_login(&mut w, ScramMechanism::Sha512, "alice", "alice-secret");
    assert_eq!(answer.error_code, 0, "{answer:?}");
    assert!(!broker.logs().contains("alice-secret"));
}

/// Wrong password, unknown user, a replayed client-final message, a wrong proof, delegation
/// tokens, malformed and oversized tokens and authenticate-before-handshake fail with Kafka's
/// answers and a closed connection, are counted per listener and mechanism, and leave the
/// broker serving a good client.
#[test]
fn scram_negatives_leave_the_broker_serving() {
    if harness::against_kafka() {
        return;
    }
    let seed = harness::seed("scram_negatives");
    let pki = Pki::new();
    let broker = scram_broker(&pki, &[]);
    add_user(&broker, "alice", "SCRAM-SHA-256=[password=alice-secret]");
    let sasl = broker.listener_address("SASL_PLAINTEXT");
    let topic = harness::topic_name("scram_negatives", seed);
    let mut sent = Vec::new();
    kcat_round_trip(&sasl, &topic, &mut sent, "first");

    let generic = "Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-256";
    let err = kcat_refused(kcat(&sasl, "SCRAM-SHA-256", "alice", "wrong"));
    assert!(err.contains(generic), "{err}");
    let err = kcat_refused(kcat(&sasl, "SCRAM-SHA-256", "mallory", "alice-secret"));
    assert!(err.contains(generic), "{err}");
    kcat_round_trip(&sasl, &topic, &mut sent, "kcat-negatives");

    let sha256 = ScramMechanism::Sha256;
    let refused = |w: &mut Wire, r: SaslAuthenticateResponse, message: &str| {
        assert_eq!(r.error_code, SASL_AUTHENTICATION_FAILED, "{r:?}");
        assert_eq!(r.error_message.as_deref(), Some(message));
        assert!(w.is_closed());
    };
    // A replayed client-final message: another exchange has another server nonce.
    let mut w = Wire::connect(&sasl);
    assert_eq!(handshake(&mut w, sha256.name()), 0);
    let mut client = ScramClient::new(sha256, "alice", "alice-secret", "replayed-nonce");
    let first = authenticate(&mut w, client.first());
    let replay = client.last(&first.auth_bytes).unwrap();
    assert_eq!(authenticate(&mut w, replay.clone()).error_code, 0);
    let mut w = Wire::connect(&sasl);
    assert_eq!(handshake(&mut w, sha256.name()), 0);
    assert_eq!(authenticate(&mut w, client.first()).error_code, 0);
    let r = authenticate(&mut w, replay);
    refused(&mut w, r, generic);
    // A wrong proof.
    let mut w = Wire::connect(&sasl);
    let r = scram_login(&mut w, sha256, "alice", "not-her-password");
    refused(&mut w, r, generic);
    // Delegation tokens (tokenauth=true) are refused: Sluice has none.
    let mut w = Wire::connect(&sasl);
    assert_eq!(handshake(&mut w, sha256.name()), 0);
    let r = authenticate(&mut w, b"n,,n=alice,r=abc,tokenauth=true".to_vec());
    refused(&mut w, r, generic);
    // Malformed and oversized tokens.
    let mut w = Wire::connect(&sasl);
    assert_eq!(handshake(&mut w, sha256.name()), 0);
    let r = authenticate(&mut w, b"\xff\xfe not scram".to_vec());
    refused(&mut w, r, generic);
    let mut w = Wire::connect(&sasl);
    assert_eq!(handshake(&mut w, sha256.name()), 0);
    let r = authenticate(&mut w, vec![b'n'; 600_000]);
    refused(
        &mut w,
        r,
        "Failing SASL authentication due to invalid receive size",
    );
    // SaslAuthenticate before SaslHandshake: closed without an answer.
    let mut w = Wire::connect(&sasl);
    w.send(
        2,
        &SaslAuthenticateRequest::default().with_auth_bytes(Bytes::from_static(b"n,,n=a,r=b")),
    );
    assert!(w.is_closed());
    // A mechanism this listener does not enable.
    let mut w = Wire::connect(&sasl);
    assert_eq!(handshake(&mut w, "PLAIN"), UNSUPPORTED_SASL_MECHANISM);
    assert!(w.is_closed());
    kcat_round_trip(&sasl, &topic, &mut sent, "wire-negatives");

    let failures = counter(
        &broker,
        "sluice_shard_authentication_failures_total",
        "SASL_PLAINTEXT",
        "SCRAM-SHA-256",
    );
    // kcat retries a failed authentication; the wire cases fail once each.
    assert!(failures >= 7.0, "{failures} failures counted");
    let logs = broker.logs();
    assert!(
        !logs.contains("alice-secret"),
        "a password was logged:\n{logs}"
    );
}

/// KIP-368: SaslAuthenticate answers the session lifetime (`connections.max.reauth.ms`, per
/// listener); a v1+ client re-authenticates on the same connection (same mechanism, same
/// principal); a session that expired closes the connection at its next request; a v0 client
/// cannot re-authenticate; a Java producer that outlives several sessions re-authenticates and
/// keeps producing.
#[test]
fn sasl_reauthentication() {
    if harness::against_kafka() {
        return;
    }
    let seed = harness::seed("sasl_reauthentication");
    let pki = Pki::new();
    let broker = scram_broker(
        &pki,
        &[
            (
                "listener.name.sasl_plaintext.connections.max.reauth.ms",
                "1500",
            ),
            ("listener.name.sasl_ssl.connections.max.reauth.ms", "2000"),
        ],
    );
    add_user(&broker, "alice", "SCRAM-SHA-512=[password=alice-secret]");
    add_user(&broker, "bob", "SCRAM-SHA-512=[password=bob-secret]");
    let sasl = broker.listener_address("SASL_PLAINTEXT");
    let sha512 = ScramMechanism::Sha512;

    let mut w = Wire::connect(&sasl);
    let r = scram_login(&mut w, sha512, "alice", "alice-secret");
    assert_eq!((r.error_code, r.session_lifetime_ms), (0, 1500), "{r:?}");
    let r = scram_login(&mut w, sha512, "alice", "alice-secret");
    assert_eq!((r.error_code, r.session_lifetime_ms), (0, 1500), "{r:?}");
    let _: kafka_protocol::messages::MetadataResponse = w.call(12, &MetadataRequest::default());
    // Another principal on re-authentication: refused, closed.
    let r = scram_login(&mut w, sha512, "bob", "bob-secret");
    assert_eq!(r.error_code, SASL_AUTHENTICATION_FAILED);
    assert_eq!(
        r.error_message.as_deref(),
        Some("Cannot change principals during re-authentication from User.alice: User.bob")
    );
    assert!(w.is_closed());
    // Another mechanism on re-authentication: refused at its SaslAuthenticate.
    let mut w = Wire::connect(&sasl);
    assert_eq!(
        scram_login(&mut w, sha512, "alice", "alice-secret").error_code,
        0
    );
    assert_eq!(handshake(&mut w, "SCRAM-SHA-256"), 0);
    let r = authenticate(&mut w, b"n,,n=alice,r=x".to_vec());
    assert_eq!(r.error_code, SASL_AUTHENTICATION_FAILED);
    assert!(w.is_closed());
    // An expired session: the next request (not SaslHandshake) closes the connection.
    let mut w = Wire::connect(&sasl);
    assert_eq!(
        scram_login(&mut w, sha512, "alice", "alice-secret").error_code,
        0
    );
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        assert!(Instant::now() < deadline, "the session never expired");
        w.send(12, &MetadataRequest::default());
        if w.try_recv_frame().is_none() {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    // A v0 SaslAuthenticate client cannot re-authenticate: ILLEGAL_SASL_STATE.
    let mut w = Wire::connect(&sasl);
    assert_eq!(handshake(&mut w, sha512.name()), 0);
    let mut client = ScramClient::new(sha512, "alice", "alice-secret", "v0-nonce");
    let v0 = |w: &mut Wire, token: Vec<u8>| -> SaslAuthenticateResponse {
        w.call(
            0,
            &SaslAuthenticateRequest::default().with_auth_bytes(Bytes::from(token)),
        )
    };
    let first = v0(&mut w, client.first());
    let last = client.last(&first.auth_bytes).unwrap();
    assert_eq!(v0(&mut w, last).error_code, 0);
    assert_eq!(handshake(&mut w, sha512.name()), ILLEGAL_SASL_STATE);

    // Java: a producer fed one record every 400 ms for longer than three sessions.
    let topic = harness::topic_name("reauth_java", seed);
    let sasl_ssl = broker.listener_address("SASL_SSL");
    let properties = java_properties(&pki, "SCRAM-SHA-512", "alice", "linger.ms=0\n");
    let records = 16;
    let feeder = format!("for i in $(seq 1 {records}); do echo reauth-{seed}-$i; sleep 0.4; done");
    let jars = harness::deps_dir().join("jars");
    let mut producer = Command::new("sh");
    producer.arg("-c").arg(format!(
        "{feeder} | java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp '{}/*' org.apache.kafka.tools.ConsoleProducer --bootstrap-server {sasl_ssl} --topic {topic} --command-config {}",
        jars.display(),
        properties.display()
    ));
    harness::run(&mut producer, CLIENT_TIMEOUT);
    let out = tls::java_consume(&sasl_ssl, &topic, records, &properties);
    let expected: String = (1..=records)
        .map(|i| format!("reauth-{seed}-{i}\n"))
        .collect();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        expected,
        "{}",
        harness::describe(&out)
    );
    let reauths = counter(
        &broker,
        "sluice_shard_reauthentications_total",
        "SASL_SSL",
        "SCRAM-SHA-512",
    );
    assert!(reauths >= 1.0, "the Java producer never re-authenticated");
    let logs = broker.logs();
    assert!(!logs.contains("alice-secret"));
}

/// `sluice format --add-scram` (Kafka's `kafka-storage format --add-scram`) writes the
/// credential into the new metadata log; `sluice metadata dump` shows its user, mechanism and
/// iterations but never the salt or keys; a bad credential refuses the format.
#[test]
fn format_add_scram() {
    if harness::against_kafka() {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let config = dir.path().join("server.properties");
    std::fs::write(
        &config,
        format!(
            "process.roles=broker,controller\nnode.id=1\ncontroller.quorum.bootstrap.servers=127.0.0.1:19093\nlisteners=PLAINTEXT://127.0.0.1:0,CONTROLLER://127.0.0.1:0\ncontroller.listener.names=CONTROLLER\nlistener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT\nlog.dirs={}\n",
            dir.path().join("data").display()
        ),
    )
    .expect("write server.properties");
    let config = config.display().to_string();
    let sluice = |args: &[&str]| {
        let mut cmd = Command::new(harness::repo_root().join("target/debug/sluice"));
        cmd.args(args);
        harness::try_run(&mut cmd, None, CLIENT_TIMEOUT)
    };
    let id = String::from_utf8(sluice(&["random-uuid"]).stdout).unwrap();
    let id = id.trim();
    let refused = sluice(&[
        "format",
        "-c",
        &config,
        "-t",
        id,
        "-s",
        "-S",
        "SCRAM-SHA-256=[name=alice,password=alice-secret,iterations=100]",
    ]);
    assert!(!refused.status.success());
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(
        err.contains("iterations must be between 4096 and 16384"),
        "{err}"
    );
    assert!(!err.contains("alice-secret"), "{err}");
    let formatted = sluice(&[
        "format",
        "-c",
        &config,
        "-t",
        id,
        "-s",
        "-S",
        "SCRAM-SHA-512=[name=admin,password=admin-secret,iterations=8192]",
        "--add-scram",
        "SCRAM-SHA-256=[name=alice,password=alice-secret,salt=c2FsdA==]",
    ]);
    assert!(
        formatted.status.success(),
        "{}",
        harness::describe(&formatted)
    );
    let dump = sluice(&["metadata", "dump", "-c", &config]);
    let text = String::from_utf8_lossy(&dump.stdout);
    let scram: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("ScramCredential"))
        .collect();
    assert_eq!(scram.len(), 2, "{text}");
    assert!(
        scram.iter().any(|l| l.contains("\"admin\"")
            && l.contains("\"iterations\":8192")
            && l.contains("\"mechanism\":2")),
        "{scram:?}"
    );
    assert!(
        scram.iter().any(|l| l.contains("\"alice\"")
            && l.contains("\"iterations\":4096")
            && l.contains("\"mechanism\":1")),
        "{scram:?}"
    );
    assert!(
        !text.contains("salt") && !text.contains("stored_key") && !text.contains("secret"),
        "{text}"
    );
}

/// In a 3-node cluster, `kafka-configs` sent to a node that is not the active controller
/// changes SCRAM credentials through it (AlterUserScramCredentials forwarded), and every node
/// describes them from its own image. Loopback octet 75.
#[test]
fn scram_credentials_in_a_cluster() {
    if harness::against_kafka() {
        return;
    }
    let cluster = crate::cluster::Cluster::start(3, 75);
    cluster.wait_ready();
    let leader = cluster.wait_leader(&[0, 1, 2]);
    let follower = (leader + 1) % 3;
    let out = cluster.java_tool(
        follower,
        CONFIGS,
        &[
            "--alter",
            "--add-config",
            "SCRAM-SHA-512=[iterations=8192,password=carol-secret]",
            "--entity-type",
            "users",
            "--entity-name",
            "carol",
        ],
    );
    assert!(
        out.contains("Completed updating config for user carol"),
        "{out}"
    );
    for at in 0..3 {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let mut w = Wire::connect(&cluster.nodes[at].bootstrap());
            let r = w.call(
                0,
                &DescribeUserScramCredentialsRequest::default().with_users(None),
            );
            let found = r.results.iter().any(|u| {
                u.user.as_str() == "carol"
                    && u.credential_infos
                        .iter()
                        .any(|c| c.mechanism == 2 && c.iterations == 8192)
            });
            if found {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "node {at} never described carol: {r:?}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}
