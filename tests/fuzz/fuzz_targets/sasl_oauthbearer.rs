//! The OAUTHBEARER server (RFC 7628 client-first messages and JWS tokens through
//! `security::SaslServer`, Kafka's unsecured validator with a required scope) on bytes a client
//! chooses.
//!
//! Input: byte 0 picks the mode. Mode 0: the rest, split at 0xFF bytes, is up to three
//! SaslAuthenticate tokens fed in order. Mode 1: the rest is the JSON claims of an unsecured
//! token wrapped in a well-formed client-first message.
//! Must hold: no panic; an exchange completes only with a non-empty principal and an expiry in
//! the future; a challenge is only Kafka's RFC 7628 error JSON, and a failure after it carries
//! that same JSON; other failures are Kafka's fixed messages.
#![no_main]

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use base64::Engine as _;
use libfuzzer_sys::fuzz_target;
use security::{SaslContext, SaslListener, SaslStep};
use std::sync::{Arc, OnceLock};

const NOW_MS: i64 = 1_800_000_000_000;

fn listener() -> Arc<SaslListener> {
    static LISTENER: OnceLock<Arc<SaslListener>> = OnceLock::new();
    LISTENER
        .get_or_init(|| {
            let settings: Vec<(String, String)> = [
                ("listeners", "SASL_PLAINTEXT://127.0.0.1:9094"),
                ("sasl.enabled.mechanisms", "OAUTHBEARER"),
                (
                    "listener.name.sasl_plaintext.oauthbearer.sasl.jaas.config",
                    "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required unsecuredValidatorRequiredScope=\"kafka\";",
                ),
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

fn is_error_json(text: &str) -> bool {
    text == r#"{"status":"invalid_token"}"#
        || text == r#"{"status":"insufficient_scope", "scope":"kafka"}"#
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let listener = listener();
    let lookup = |_: &str, _: security::ScramMechanism| None;
    let ctx = SaslContext {
        scram: &lookup,
        now_ms: NOW_MS,
        reauthenticating: false,
    };
    let mut server = listener.server("OAUTHBEARER").expect("enabled");
    let tokens: Vec<Vec<u8>> = if mode & 1 == 0 {
        rest.split(|b| *b == 0xff).take(3).map(<[u8]>::to_vec).collect()
    } else {
        let token = format!("{}.{}.", B64URL.encode(br#"{"alg":"none"}"#), B64URL.encode(rest));
        vec![format!("n,,\u{1}auth=Bearer {token}\u{1}\u{1}").into_bytes(), vec![1]]
    };
    let mut error: Option<String> = None;
    for token in tokens {
        match server.evaluate(&listener, &token, &ctx) {
            Ok(SaslStep::Challenge(challenge)) => {
                let text = String::from_utf8(challenge).expect("a UTF-8 challenge");
                assert!(is_error_json(&text), "unexpected challenge {text:?}");
                error = Some(text);
            }
            Ok(SaslStep::Complete {
                principal,
                expiry_ms,
                ..
            }) => {
                assert!(!principal.name.is_empty());
                assert!(expiry_ms.is_some_and(|e| e > NOW_MS), "{expiry_ms:?}");
                return;
            }
            Err(failure) => {
                let message = failure.client_message;
                assert!(
                    error.as_deref() == Some(message.as_str())
                        || message == "Authentication failed during authentication due to invalid credentials with SASL mechanism OAUTHBEARER"
                        || message.starts_with("Authentication failed: Client requested an authorization id"),
                    "unexpected message {message:?}"
                );
                return;
            }
        }
    }
});
