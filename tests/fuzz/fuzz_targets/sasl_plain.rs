//! SASL/PLAIN on bytes a client or an operator chooses: the PLAIN response a client sends in
//! SaslAuthenticate (checked against a listener with known users), and the listener's JAAS
//! configuration (`listener.name.<name>.plain.sasl.jaas.config`) as the broker reads it.
//!
//! Input: byte 0 even: the rest is a PLAIN response (`[authzid] NUL user NUL password`);
//! odd: the rest is JAAS text, a listener is built from it and a fixed response checked.
//! Must hold: no panic; a response is accepted only for a configured user and password, and
//! then as `User:<that user>`; no failure message contains the password tried.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::{Arc, OnceLock};

const JAAS: &str = r#"org.apache.kafka.common.security.plain.PlainLoginModule required user_alice="alice-secret" user_bob="b";"#;

const FAILURES: &[&str] = &[
    "Authentication failed: Invalid username or password",
    "Authentication failed: username not specified",
    "Authentication failed: password not specified",
    "Authentication failed: Client requested an authorization id that is different from username",
    "Invalid SASL/PLAIN response: not UTF-8",
];

fn listener(jaas: &str) -> Option<Arc<security::SaslListener>> {
    let settings: Vec<(String, String)> = [
        ("listeners", "SASL_PLAINTEXT://127.0.0.1:9094"),
        ("sasl.enabled.mechanisms", "PLAIN"),
        ("listener.name.sasl_plaintext.plain.sasl.jaas.config", jaas),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let (config, _) = config::BrokerConfig::from_properties(&[], &settings).ok()?;
    security::SaslListeners::load(&config).ok()?.get("SASL_PLAINTEXT")
}

fn known() -> Arc<security::SaslListener> {
    static LISTENER: OnceLock<Arc<security::SaslListener>> = OnceLock::new();
    LISTENER
        .get_or_init(|| listener(JAAS).expect("the fixed JAAS config builds"))
        .clone()
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    if mode % 2 == 0 {
        let tokens: Vec<&[u8]> = rest.split(|b| *b == 0).collect();
        match known().authenticate_plain(rest) {
            Ok(principal) => {
                let ok = matches!(
                    (tokens[1], tokens[2]),
                    (b"alice", b"alice-secret") | (b"bob", b"b")
                );
                assert!(ok, "accepted {rest:?}");
                assert_eq!(principal.to_string().as_bytes(), [b"User:", tokens[1]].concat());
            }
            // Every failure message is one of Kafka's fixed ones: nothing the client sent
            // (a password) is echoed.
            Err(failed) => assert!(
                FAILURES.contains(&failed.0.as_str())
                    || failed.0.starts_with("Invalid SASL/PLAIN response: expected 3 tokens, got "),
                "unexpected message {:?}",
                failed.0
            ),
        }
    } else if let Some(listener) = listener(&String::from_utf8_lossy(rest)) {
        let _ = listener.authenticate_plain(b"\0alice\0alice-secret");
        let _ = format!("{listener:?}");
    }
});
