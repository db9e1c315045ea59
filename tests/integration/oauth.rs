//! SASL/OAUTHBEARER (KIP-255, KIP-768) with real clients and real processes: one broker with
//! three OAUTHBEARER listeners — UNSECURED (Kafka's default unsecured validator, a required
//! scope and a clock skew), SIGNED (Kafka's `OAuthBearerValidatorCallbackHandler` with a JWKS
//! served over http:// by the test, expected audience and issuer) and FILED (the same with a
//! `file://` JWKS). Tokens are signed at test time with `openssl` (RS256, and ES256). Raw wire
//! exchanges check Kafka's RFC 7628 errors (`{"status":"invalid_token"}` then
//! SASL_AUTHENTICATION_FAILED) for expired tokens, a wrong audience or issuer, a bad signature
//! and a missing scope, and a re-authentication with a fresh token keeping the session; Java's
//! console producer and consumer (Kafka's own unsecured login module, and a signed token read
//! by `OAuthBearerLoginCallbackHandler` from `sasl.oauthbearer.token.endpoint.url=file://`) and
//! librdkafka (confluent-kafka's `oauth_cb`) produce and consume.
//!
//! Sluice only: the harness starts Apache Kafka without these listeners.

use std::io::{Read, Write};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use kafka_protocol::messages::{
    MetadataRequest, SaslAuthenticateRequest, SaslAuthenticateResponse, SaslHandshakeRequest,
};
use kafka_protocol::protocol::StrBytes;

use crate::harness::{self, Broker};
use crate::java_tools;
use crate::wire::Wire;

const CLIENT_TIMEOUT: Duration = Duration::from_secs(90);
const SASL_AUTHENTICATION_FAILED: i16 = 58;
const AUDIENCE: &str = "sluice-test";
const ISSUER: &str = "https://issuer.test";
const OAUTH_JAAS: &str =
    "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required";
const VALIDATOR: &str =
    "org.apache.kafka.common.security.oauthbearer.OAuthBearerValidatorCallbackHandler";

fn b64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..=chunk.len() {
            out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

fn now_s() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// An unsecured JWS (`alg: none`, empty signature) over `claims`.
fn unsecured(claims: &str) -> String {
    format!(
        "{}.{}.",
        b64url(br#"{"alg":"none"}"#),
        b64url(claims.as_bytes())
    )
}

/// Keys and JWKS documents made with openssl in a temporary directory.
struct Keys {
    dir: tempfile::TempDir,
}

impl Keys {
    fn new() -> Keys {
        let dir = tempfile::Builder::new()
            .prefix("sluice-oauth-")
            .tempdir()
            .expect("temp dir");
        let keys = Keys { dir };
        for name in ["rsa", "other"] {
            keys.openssl(&["genrsa", "-out", &format!("{name}.pem"), "2048"]);
        }
        keys.openssl(&[
            "ecparam",
            "-name",
            "prime256v1",
            "-genkey",
            "-noout",
            "-out",
            "ec.pem",
        ]);
        let jwks = format!(
            r#"{{"keys":[{{"kty":"RSA","kid":"rsa","alg":"RS256","use":"sig","n":"{}","e":"AQAB"}},{{"kty":"EC","kid":"ec","crv":"P-256","use":"sig","x":"{}","y":"{}"}}]}}"#,
            b64url(&keys.modulus("rsa")),
            b64url(&keys.ec_point()[1..33]),
            b64url(&keys.ec_point()[33..65]),
        );
        std::fs::write(keys.path("jwks.json"), jwks).unwrap();
        keys
    }

    fn path(&self, name: &str) -> std::path::PathBuf {
        self.dir.path().join(name)
    }

    fn openssl(&self, args: &[&str]) -> Vec<u8> {
        let mut cmd = Command::new("openssl");
        cmd.args(args).current_dir(self.dir.path());
        harness::run(&mut cmd, CLIENT_TIMEOUT).stdout
    }

    /// The RSA key's modulus, big-endian.
    fn modulus(&self, name: &str) -> Vec<u8> {
        let out = self.openssl(&["rsa", "-in", &format!("{name}.pem"), "-noout", "-modulus"]);
        let hex = String::from_utf8(out).unwrap();
        let hex = hex.trim().strip_prefix("Modulus=").unwrap();
        (0..hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
            .collect()
    }

    /// The EC key's public point, uncompressed (0x04 ‖ x ‖ y): the end of its SPKI.
    fn ec_point(&self) -> Vec<u8> {
        let der = self.openssl(&["ec", "-in", "ec.pem", "-pubout", "-outform", "DER"]);
        der[der.len() - 65..].to_vec()
    }

    /// A compact JWS over `claims`, signed with key `name` (`rsa`, `other`: RS256; `ec`: ES256).
    fn sign(&self, name: &str, claims: &str) -> String {
        let (alg, kid) = if name == "ec" {
            ("ES256", "ec")
        } else {
            ("RS256", "rsa")
        };
        let header = format!(r#"{{"alg":"{alg}","kid":"{kid}","typ":"JWT"}}"#);
        let input = format!(
            "{}.{}",
            b64url(header.as_bytes()),
            b64url(claims.as_bytes())
        );
        std::fs::write(self.path("input"), &input).unwrap();
        let der = self.openssl(&["dgst", "-sha256", "-sign", &format!("{name}.pem"), "input"]);
        let signature = if name == "ec" { ecdsa_fixed(&der) } else { der };
        format!("{input}.{}", b64url(&signature))
    }
}

/// A DER ECDSA signature (SEQUENCE of two INTEGERs) as JWS's fixed r ‖ s (32 bytes each).
fn ecdsa_fixed(der: &[u8]) -> Vec<u8> {
    let mut at = 2;
    let mut out = Vec::new();
    for _ in 0..2 {
        assert_eq!(der[at], 2, "an INTEGER");
        let len = der[at + 1] as usize;
        let int = &der[at + 2..at + 2 + len];
        let int = &int[int.len().saturating_sub(32)..];
        out.extend(std::iter::repeat_n(0, 32 - int.len()));
        out.extend_from_slice(int);
        at += 2 + len;
    }
    out
}

/// Claims of a signed token for `sub` expiring in `exp_in` seconds.
fn claims(sub: &str, aud: &str, iss: &str, exp_in: i64) -> String {
    let now = now_s();
    format!(
        r#"{{"sub":"{sub}","aud":"{aud}","iss":"{iss}","iat":{now},"exp":{},"scope":"kafka"}}"#,
        now + exp_in
    )
}

/// Serves `body` to every HTTP request on a loopback port, from a thread of its own, as a
/// JWKS endpoint does; returns the URL.
fn serve_http(body: String) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/jwks", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
            // The whole request (headers only) before answering: closing with unread bytes
            // would reset the connection under the client.
            let mut request = Vec::new();
            let mut byte = [0u8; 1];
            while !request.ends_with(b"\r\n\r\n") && request.len() < 8192 {
                match stream.read(&mut byte) {
                    Ok(1) => request.push(byte[0]),
                    _ => break,
                }
            }
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    url
}

/// A broker with PLAINTEXT and the three OAUTHBEARER listeners.
fn oauth_broker(keys: &Keys, extra: &[(&str, &str)]) -> Broker {
    let jwks = std::fs::read_to_string(keys.path("jwks.json")).unwrap();
    let http = serve_http(jwks);
    let file = format!("file://{}", keys.path("jwks.json").display());
    let unsecured_jaas = format!(
        "{OAUTH_JAAS} unsecuredValidatorRequiredScope=\"kafka\" unsecuredValidatorAllowableClockSkewMs=\"2000\";"
    );
    let signed_jaas = format!("{OAUTH_JAAS};");
    let mut settings: Vec<(String, String)> = [
        (
            "listeners",
            "PLAINTEXT://127.0.0.1:0,UNSECURED://127.0.0.1:0,SIGNED://127.0.0.1:0,FILED://127.0.0.1:0",
        ),
        (
            "listener.security.protocol.map",
            "PLAINTEXT:PLAINTEXT,UNSECURED:SASL_PLAINTEXT,SIGNED:SASL_PLAINTEXT,FILED:SASL_PLAINTEXT",
        ),
        ("sasl.enabled.mechanisms", "OAUTHBEARER"),
        ("listener.name.unsecured.oauthbearer.sasl.jaas.config", unsecured_jaas.as_str()),
        ("listener.name.signed.oauthbearer.sasl.jaas.config", signed_jaas.as_str()),
        ("listener.name.filed.oauthbearer.sasl.jaas.config", signed_jaas.as_str()),
        ("listener.name.signed.oauthbearer.sasl.server.callback.handler.class", VALIDATOR),
        ("listener.name.filed.oauthbearer.sasl.server.callback.handler.class", VALIDATOR),
        ("listener.name.signed.oauthbearer.sasl.oauthbearer.jwks.endpoint.url", http.as_str()),
        ("listener.name.filed.oauthbearer.sasl.oauthbearer.jwks.endpoint.url", file.as_str()),
        ("sasl.oauthbearer.expected.audience", AUDIENCE),
        ("sasl.oauthbearer.expected.issuer", ISSUER),
        ("sasl.oauthbearer.clock.skew.seconds", "5"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    settings.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    let settings: Vec<(&str, &str)> = settings
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    Broker::start_with(&settings)
}

/// The RFC 7628 client-first message carrying `token`.
fn client_first(token: &str) -> Vec<u8> {
    format!("n,,\u{1}auth=Bearer {token}\u{1}\u{1}").into_bytes()
}

fn handshake(w: &mut Wire) -> i16 {
    let request =
        SaslHandshakeRequest::default().with_mechanism(StrBytes::from_static_str("OAUTHBEARER"));
    w.call(1, &request).error_code
}

fn authenticate(w: &mut Wire, token: Vec<u8>) -> SaslAuthenticateResponse {
    w.call(
        2,
        &SaslAuthenticateRequest::default().with_auth_bytes(Bytes::from(token)),
    )
}

/// A whole exchange with `token` on a new connection to `address`: the final answer, and the
/// connection.
fn login(address: &str, token: &str) -> (SaslAuthenticateResponse, Wire) {
    let mut w = Wire::connect(address);
    assert_eq!(handshake(&mut w), 0);
    let answer = authenticate(&mut w, client_first(token));
    (answer, w)
}

/// A token the listener refuses: the server's RFC 7628 error (`json`) as a challenge, then,
/// after the client's %x01, SASL_AUTHENTICATION_FAILED with that message and a closed
/// connection.
fn assert_refused(address: &str, token: &str, json: &str) {
    let (challenge, mut w) = login(address, token);
    assert_eq!(challenge.error_code, 0, "{challenge:?}");
    assert_eq!(String::from_utf8_lossy(&challenge.auth_bytes), json);
    let failed = authenticate(&mut w, vec![1]);
    assert_eq!(failed.error_code, SASL_AUTHENTICATION_FAILED, "{failed:?}");
    assert_eq!(failed.error_message.as_deref(), Some(json));
    assert!(w.is_closed());
}

const INVALID: &str = r#"{"status":"invalid_token"}"#;

#[test]
fn oauthbearer_tokens_on_the_wire() {
    if harness::against_kafka() {
        return;
    }
    let keys = Keys::new();
    let broker = oauth_broker(&keys, &[]);
    let unsecured_at = broker.listener_address("UNSECURED");
    let signed_at = broker.listener_address("SIGNED");
    let filed_at = broker.listener_address("FILED");
    let now = now_s();

    // Unsecured: sub, exp, the required scope; the session lasts until the token expires.
    let good = unsecured(&format!(
        r#"{{"sub":"alice","exp":{},"scope":"kafka other"}}"#,
        now + 60
    ));
    let (answer, mut w) = login(&unsecured_at, &good);
    assert_eq!(answer.error_code, 0, "{answer:?}");
    assert!(
        (50_000..=60_000).contains(&answer.session_lifetime_ms),
        "{answer:?}"
    );
    let _: kafka_protocol::messages::MetadataResponse = w.call(12, &MetadataRequest::default());
    let expired = unsecured(&format!(
        r#"{{"sub":"alice","exp":{},"scope":"kafka"}}"#,
        now - 10
    ));
    assert_refused(&unsecured_at, &expired, INVALID);
    let narrow = unsecured(&format!(
        r#"{{"sub":"alice","exp":{},"scope":"other"}}"#,
        now + 60
    ));
    assert_refused(
        &unsecured_at,
        &narrow,
        r#"{"status":"insufficient_scope", "scope":"kafka"}"#,
    );
    // A signed token is no unsecured one; an unsecured one is refused where tokens are signed.
    assert_refused(
        &unsecured_at,
        &keys.sign("rsa", &claims("alice", AUDIENCE, ISSUER, 60)),
        INVALID,
    );
    assert_refused(&signed_at, &good, INVALID);

    // Signed: RS256 and ES256 from the http:// JWKS, RS256 from the file:// one.
    for (at, key) in [(&signed_at, "rsa"), (&signed_at, "ec"), (&filed_at, "rsa")] {
        let (answer, _) = login(at, &keys.sign(key, &claims("svc", AUDIENCE, ISSUER, 600)));
        assert_eq!(answer.error_code, 0, "{key} on {at}: {answer:?}");
        assert!(answer.session_lifetime_ms > 500_000, "{answer:?}");
    }
    let refusals = [
        (
            "expired",
            keys.sign("rsa", &claims("svc", AUDIENCE, ISSUER, -60)),
        ),
        (
            "wrong audience",
            keys.sign("rsa", &claims("svc", "elsewhere", ISSUER, 600)),
        ),
        (
            "wrong issuer",
            keys.sign("rsa", &claims("svc", AUDIENCE, "https://other", 600)),
        ),
        (
            "bad signature",
            keys.sign("other", &claims("svc", AUDIENCE, ISSUER, 600)),
        ),
    ];
    for (what, token) in &refusals {
        for at in [&signed_at, &filed_at] {
            let (challenge, mut w) = login(at, token);
            assert_eq!(
                String::from_utf8_lossy(&challenge.auth_bytes),
                INVALID,
                "{what} on {at}"
            );
            let failed = authenticate(&mut w, vec![1]);
            assert_eq!(failed.error_code, SASL_AUTHENTICATION_FAILED, "{what}");
        }
    }
    // Not a client-first message at all: Kafka's generic failure.
    let mut w = Wire::connect(&signed_at);
    assert_eq!(handshake(&mut w), 0);
    let garbage = authenticate(&mut w, b"n,,\x01auth=Basic abc\x01\x01".to_vec());
    assert_eq!(garbage.error_code, SASL_AUTHENTICATION_FAILED);

    // Re-authentication with a fresh token keeps the session; another subject is refused.
    let (first, mut w) = login(
        &signed_at,
        &keys.sign("rsa", &claims("svc", AUDIENCE, ISSUER, 30)),
    );
    assert_eq!(first.error_code, 0);
    assert!(first.session_lifetime_ms <= 30_000, "{first:?}");
    assert_eq!(handshake(&mut w), 0);
    let fresh = authenticate(
        &mut w,
        client_first(&keys.sign("ec", &claims("svc", AUDIENCE, ISSUER, 600))),
    );
    assert_eq!(fresh.error_code, 0, "{fresh:?}");
    assert!(fresh.session_lifetime_ms > 500_000, "{fresh:?}");
    let _: kafka_protocol::messages::MetadataResponse = w.call(12, &MetadataRequest::default());
    assert_eq!(handshake(&mut w), 0);
    let other = authenticate(
        &mut w,
        client_first(&keys.sign("rsa", &claims("mallory", AUDIENCE, ISSUER, 600))),
    );
    assert_eq!(other.error_code, SASL_AUTHENTICATION_FAILED);
    assert_eq!(
        other.error_message.as_deref(),
        Some("Cannot change principals during re-authentication from User.svc: User.mallory")
    );

    // The broker served on, and logged no token.
    let (answer, _) = login(
        &signed_at,
        &keys.sign("rsa", &claims("svc", AUDIENCE, ISSUER, 600)),
    );
    assert_eq!(answer.error_code, 0);
    let logs = broker.logs();
    assert!(!logs.contains(&good[..20]), "a token in the logs");
}

/// Java's console tools and librdkafka produce and consume over OAUTHBEARER: Kafka's own
/// unsecured login on UNSECURED, a signed token read from a file by Kafka's
/// `OAuthBearerLoginCallbackHandler` on SIGNED, and confluent-kafka's `oauth_cb` on FILED.
#[test]
fn oauthbearer_with_java_and_librdkafka() {
    if harness::against_kafka() {
        return;
    }
    let keys = Keys::new();
    let broker = oauth_broker(&keys, &[]);
    let seed = harness::seed("oauthbearer_clients");
    let records: Vec<String> = (0..5).map(|i| format!("oauth-{seed}-{i}")).collect();

    // Java, unsecured: the login module makes the token (sub alice, scope kafka).
    let unsecured = keys.path("unsecured.properties");
    std::fs::write(
        &unsecured,
        format!(
            "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=OAUTHBEARER\n\
             sasl.jaas.config={OAUTH_JAAS} unsecuredLoginStringClaim_sub=\"alice\" unsecuredLoginListClaim_scope=\",kafka\";\n"
        ),
    )
    .unwrap();
    java_round_trip(
        &broker.listener_address("UNSECURED"),
        "oauth-unsecured",
        &unsecured,
        &records,
        None,
    );

    // Java, signed: the token from a file (sasl.oauthbearer.token.endpoint.url=file://).
    let token = keys.path("token.jwt");
    std::fs::write(
        &token,
        keys.sign("rsa", &claims("svc", AUDIENCE, ISSUER, 3600)),
    )
    .unwrap();
    let signed = keys.path("signed.properties");
    std::fs::write(
        &signed,
        format!(
            "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=OAUTHBEARER\n\
             sasl.login.callback.handler.class=org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginCallbackHandler\n\
             sasl.oauthbearer.token.endpoint.url=file://{}\n\
             sasl.jaas.config={OAUTH_JAAS};\n",
            token.display()
        ),
    )
    .unwrap();
    let allowed = format!("file://{}", token.display());
    java_round_trip(
        &broker.listener_address("SIGNED"),
        "oauth-signed",
        &signed,
        &records,
        Some(&allowed),
    );

    // librdkafka: oauth_cb hands it the signed token and its expiry.
    let python = harness::deps_dir().join("venv/bin/python");
    harness::require_installed(&python, "confluent-kafka");
    let script = r#"
import sys, time
from confluent_kafka import Producer, Consumer, TopicPartition
address, topic, token, n = sys.argv[1], sys.argv[2], open(sys.argv[3]).read().strip(), int(sys.argv[4])
def oauth_cb(config):
    return token, time.time() + 3600
common = {"bootstrap.servers": address, "security.protocol": "SASL_PLAINTEXT",
          "sasl.mechanisms": "OAUTHBEARER", "oauth_cb": oauth_cb}
p = Producer(dict(common))
for i in range(n):
    p.produce(topic, value=("rdkafka-%d" % i).encode())
assert p.flush(30) == 0
c = Consumer(dict(common, **{"group.id": "oauth-rdkafka", "auto.offset.reset": "earliest"}))
c.assign([TopicPartition(topic, 0, 0)])
seen = []
deadline = time.time() + 30
while len(seen) < n and time.time() < deadline:
    m = c.poll(1.0)
    if m is not None and m.error() is None:
        seen.append(m.value().decode())
c.close()
print("\n".join(seen))
"#;
    let mut cmd = Command::new(&python);
    cmd.args(["-c", script])
        .arg(broker.listener_address("FILED"))
        .arg(format!("oauth-rdkafka-{seed}"))
        .arg(&token)
        .arg("5");
    let out = harness::run(&mut cmd, CLIENT_TIMEOUT);
    let seen: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect();
    let expected: Vec<String> = (0..5).map(|i| format!("rdkafka-{i}")).collect();
    assert_eq!(seen, expected, "{}", harness::describe(&out));
}

/// Kafka's console producer writes `records` to `topic`, and its console consumer reads them
/// back, both configured by `properties`; `allowed_url` is the token file Kafka 4 must be told
/// it may read (`org.apache.kafka.sasl.oauthbearer.allowed.urls`).
fn java_round_trip(
    address: &str,
    topic: &str,
    properties: &Path,
    records: &[String],
    allowed_url: Option<&str>,
) {
    let jvm_options = allowed_url
        .map(|url| format!("-Dorg.apache.kafka.sasl.oauthbearer.allowed.urls={url}"))
        .unwrap_or_default();
    let mut producer = java_tools::tool_at(address, "org.apache.kafka.tools.ConsoleProducer");
    producer
        .env("JDK_JAVA_OPTIONS", &jvm_options)
        .args(["--topic", topic, "--command-config"])
        .arg(properties);
    let input = format!("{}\n", records.join("\n"));
    let produced = harness::run_with_stdin(&mut producer, Some(input.as_bytes()), CLIENT_TIMEOUT);
    let text = harness::describe(&produced);
    assert!(
        produced.status.success() && !text.contains("Exception"),
        "{text}"
    );
    let class = "org.apache.kafka.tools.consumer.ConsoleConsumer";
    let mut consumer = java_tools::tool_at(address, class);
    consumer
        .env("JDK_JAVA_OPTIONS", &jvm_options)
        .args(["--topic", topic, "--from-beginning", "--max-messages"])
        .arg(records.len().to_string())
        .args(["--timeout-ms", "30000", "--command-config"])
        .arg(properties);
    let consumed = harness::run(&mut consumer, CLIENT_TIMEOUT);
    let read: Vec<String> = String::from_utf8_lossy(&consumed.stdout)
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(read, records, "{}", harness::describe(&consumed));
}
