//! SaslHandshake (key 17, v1) and SaslAuthenticate (key 36, v0–2). On a SASL listener the
//! connection answers them itself (`network`'s SASL gate, with the responses built here),
//! re-authentication (KIP-368) included; anywhere else — a listener without SASL, or a client
//! that cannot re-authenticate (it used SaslAuthenticate v0) — they are out of sequence and
//! answered ILLEGAL_SASL_STATE, as Kafka's KafkaApis answers them.

use crate::{encode, Reply};
use kafka_protocol::messages::{
    ApiKey, ResponseKind, SaslAuthenticateResponse, SaslHandshakeResponse,
};
use kafka_protocol::protocol::StrBytes;
use model::ErrorCode;

/// The answer to a SaslHandshake for `requested` on a listener with `mechanisms` enabled:
/// UNSUPPORTED_SASL_MECHANISM unless it is one of them.
pub fn handshake(mechanisms: &[String], requested: &str) -> SaslHandshakeResponse {
    let code = if mechanisms.iter().any(|m| m == requested) {
        ErrorCode::None
    } else {
        ErrorCode::UnsupportedSaslMechanism
    };
    SaslHandshakeResponse::default()
        .with_error_code(code.code())
        .with_mechanisms(
            mechanisms
                .iter()
                .map(|m| StrBytes::from_string(m.clone()))
                .collect(),
        )
}

/// The answer to a SaslAuthenticate: the server's bytes (a challenge, or the last message) and
/// the session lifetime (KIP-368; 0 = unbounded or not yet complete), or
/// SASL_AUTHENTICATION_FAILED with the reason.
pub fn authenticated(result: Result<(Vec<u8>, i64), String>) -> SaslAuthenticateResponse {
    match result {
        Ok((bytes, session_lifetime_ms)) => SaslAuthenticateResponse::default()
            .with_auth_bytes(bytes.into())
            .with_session_lifetime_ms(session_lifetime_ms),
        Err(message) => SaslAuthenticateResponse::default()
            .with_error_code(ErrorCode::SaslAuthenticationFailed.code())
            .with_error_message(Some(StrBytes::from_string(message))),
    }
}

/// A SaslHandshake out of sequence.
pub fn handshake_out_of_sequence() -> SaslHandshakeResponse {
    SaslHandshakeResponse::default().with_error_code(ErrorCode::IllegalSaslState.code())
}

/// A SaslAuthenticate out of sequence.
pub fn authenticate_out_of_sequence() -> SaslAuthenticateResponse {
    SaslAuthenticateResponse::default()
        .with_error_code(ErrorCode::IllegalSaslState.code())
        .with_error_message(Some(StrBytes::from_static_str(
            "Unexpected SaslAuthenticate request: the connection is not in a SASL exchange",
        )))
}

/// Encodes a SASL response for the connection to send.
pub fn reply(key: ApiKey, version: i16, correlation_id: i32, body: ResponseKind) -> Reply {
    encode(key, version, correlation_id, &body)
}
