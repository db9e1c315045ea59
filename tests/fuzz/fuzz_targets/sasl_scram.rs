//! The SCRAM server state machine (SCRAM-SHA-256/512 through `security::SaslServer`, as the
//! network's SASL gate drives it) on bytes a client chooses.
//!
//! Input: byte 0 picks the mechanism (bit 0) and the mode (bit 1). Mode 0: the rest, split at
//! 0xFF bytes, is up to four SaslAuthenticate tokens fed in order. Mode 1: a real client
//! exchange (user alice, right password) whose client-final message is XORed with the rest.
//! Must hold: no panic; an exchange completes only as `User:alice`, only after a challenge,
//! and (mode 1) only when the client-final message was not changed; failure messages are
//! Kafka's fixed ones and never hold the password.
#![no_main]

use libfuzzer_sys::fuzz_target;
use security::scram::client::ScramClient;
use security::scram::{credential_from_salted, salted_password, ScramCredential, ScramMechanism};
use security::{SaslContext, SaslListener, SaslStep};
use std::sync::{Arc, OnceLock};

const PASSWORD: &str = "alice-secret";

fn listener() -> Arc<SaslListener> {
    static LISTENER: OnceLock<Arc<SaslListener>> = OnceLock::new();
    LISTENER
        .get_or_init(|| {
            let settings: Vec<(String, String)> = [
                ("listeners", "SASL_PLAINTEXT://127.0.0.1:9094"),
                ("sasl.enabled.mechanisms", "SCRAM-SHA-256,SCRAM-SHA-512"),
            ]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
            let (config, _) = config::BrokerConfig::from_properties(&[], &settings).unwrap();
            security::SaslListeners::load(&config)
                .unwrap()
                .get("SASL_PLAINTEXT")
                .unwrap()
        })
        .clone()
}

fn credential(mechanism: ScramMechanism) -> ScramCredential {
    static CREDENTIALS: OnceLock<[ScramCredential; 2]> = OnceLock::new();
    let [a, b] = CREDENTIALS.get_or_init(|| {
        ScramMechanism::ALL.map(|m| {
            let salted = salted_password(m, PASSWORD.as_bytes(), b"salt", 4096);
            credential_from_salted(m, b"salt", &salted, 4096)
        })
    });
    match mechanism {
        ScramMechanism::Sha256 => a.clone(),
        ScramMechanism::Sha512 => b.clone(),
    }
}

fn check_failure(message: &str) {
    assert!(!message.contains(PASSWORD));
    assert!(
        message.starts_with("Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-")
            || message == "Authentication failed: Client requested an authorization id that is different from username",
        "unexpected message {message:?}"
    );
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let mechanism = ScramMechanism::ALL[usize::from(mode & 1)];
    let listener = listener();
    let lookup = |user: &str, m: ScramMechanism| (user == "alice").then(|| credential(m));
    let ctx = SaslContext {
        scram: &lookup,
        now_ms: 0,
        reauthenticating: false,
    };
    let mut server = listener.server(mechanism.name()).expect("enabled");
    if mode & 2 == 0 {
        let mut challenged = false;
        for token in rest.split(|b| *b == 0xff).take(4) {
            match server.evaluate(&listener, token, &ctx) {
                Ok(SaslStep::Challenge(_)) => challenged = true,
                Ok(SaslStep::Complete { principal, .. }) => {
                    assert!(challenged, "completed without a challenge");
                    assert_eq!(principal.to_string(), "User:alice");
                    return;
                }
                Err(failure) => {
                    check_failure(&failure.client_message);
                    return;
                }
            }
        }
        return;
    }
    let mut client = ScramClient::new(mechanism, "alice", PASSWORD, "fuzz-client-nonce");
    let Ok(SaslStep::Challenge(first)) = server.evaluate(&listener, &client.first(), &ctx) else {
        panic!("the client-first message of a real client is accepted");
    };
    let last = client.last(&first).expect("a server-first message");
    let mut mutated = last.clone();
    for (i, b) in rest.iter().enumerate() {
        if let Some(byte) = mutated.get_mut(i) {
            *byte ^= b;
        } else {
            mutated.push(*b);
        }
    }
    match server.evaluate(&listener, &mutated, &ctx) {
        Ok(SaslStep::Complete { principal, .. }) => {
            assert_eq!(mutated, last, "a changed client-final message was accepted");
            assert_eq!(principal.to_string(), "User:alice");
        }
        Ok(SaslStep::Challenge(_)) => panic!("a challenge after the client-final message"),
        Err(failure) => check_failure(&failure.client_message),
    }
});
