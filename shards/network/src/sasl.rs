//! The SASL gate of a connection on a SASL listener: until the client authenticated, ApiVersions
//! goes to the handlers as usual, SaslHandshake and SaslAuthenticate are answered here (with
//! `security`'s mechanisms and credentials and `handlers::sasl`'s responses), and anything
//! else closes the connection, as Kafka's SaslServerAuthenticator does. A failed
//! authentication is answered SASL_AUTHENTICATION_FAILED, then the connection is closed.

use crate::reject_log::Rejection;
use bytes::Bytes;
use handlers::{sasl, Reply};
use kafka_protocol::messages::{ApiKey, RequestKind, ResponseKind};
use protocol::{decode_request, peek_header};
use security::{KafkaPrincipal, SaslListener};
use std::sync::Arc;

/// The rejection kind of a failed authentication (its close is delayed).
pub(crate) const AUTHENTICATION_FAILED: &str = "authentication_failed";

pub(crate) struct SaslGate {
    listener: Arc<SaslListener>,
    /// The mechanism the client's SaslHandshake chose; `None` before it.
    mechanism: Option<String>,
}

/// What the gate does with one request.
pub(crate) enum GateStep {
    /// Not a SASL request the gate answers: the usual path handles it (ApiVersions).
    Pass,
    /// Answered here; the exchange goes on.
    Answer(Reply),
    /// Answered here; the connection is authenticated as this principal from now on.
    Authenticated(Reply, KafkaPrincipal),
    /// Answered (if `Some`) and then closed, with one log line.
    Refuse(Option<Reply>, Rejection),
}

impl SaslGate {
    pub(crate) fn new(listener: Arc<SaslListener>) -> SaslGate {
        SaslGate {
            listener,
            mechanism: None,
        }
    }

    /// The mechanism the client's SaslHandshake chose, if any yet (for the metrics).
    pub(crate) fn mechanism(&self) -> Option<&str> {
        self.mechanism.as_deref()
    }

    pub(crate) fn step(&mut self, frame: &Bytes) -> GateStep {
        let key = peek_header(frame).and_then(|raw| ApiKey::try_from(raw.api_key).ok());
        let expected = match (&self.mechanism, key) {
            (_, Some(ApiKey::ApiVersions)) => return GateStep::Pass,
            (None, Some(ApiKey::SaslHandshake)) | (Some(_), Some(ApiKey::SaslAuthenticate)) => key,
            (_, other) => {
                return GateStep::Refuse(
                    None,
                    refused(
                        "unauthenticated",
                        format!(
                            "{other:?} before SASL authentication on listener {}",
                            self.listener.listener
                        ),
                    ),
                )
            }
        };
        let request = match runtime::fail::in_request_scope(|| decode_request(frame.clone())) {
            Ok(request) => request,
            Err(e) => {
                return GateStep::Refuse(None, refused("malformed", format!("{expected:?}: {e}")))
            }
        };
        let (version, correlation) = (request.version(), request.header.correlation_id);
        match request.body {
            RequestKind::SaslHandshake(r) => {
                let response = sasl::handshake(&self.listener.mechanisms, &r.mechanism);
                let ok = response.error_code == 0;
                let reply = sasl::reply(
                    ApiKey::SaslHandshake,
                    version,
                    correlation,
                    ResponseKind::SaslHandshake(response),
                );
                if !ok {
                    let detail = format!(
                        "SASL mechanism {} is not enabled on listener {} (enabled: {})",
                        r.mechanism.as_str(),
                        self.listener.listener,
                        self.listener.mechanisms.join(",")
                    );
                    return GateStep::Refuse(Some(reply), refused("mechanism", detail));
                }
                self.mechanism = Some(r.mechanism.to_string());
                GateStep::Answer(reply)
            }
            RequestKind::SaslAuthenticate(r) => {
                let result = self.listener.authenticate_plain(&r.auth_bytes);
                let answer = |result| {
                    sasl::reply(
                        ApiKey::SaslAuthenticate,
                        version,
                        correlation,
                        ResponseKind::SaslAuthenticate(sasl::authenticated(result)),
                    )
                };
                match result {
                    Ok(principal) => GateStep::Authenticated(answer(Ok(())), principal),
                    Err(failed) => {
                        let detail = format!(
                            "SASL/PLAIN on listener {}: {}",
                            self.listener.listener, failed.0
                        );
                        GateStep::Refuse(
                            Some(answer(Err(failed.0))),
                            refused(AUTHENTICATION_FAILED, detail),
                        )
                    }
                }
            }
            _ => GateStep::Refuse(None, refused("unauthenticated", "unexpected request")),
        }
    }
}

fn refused(kind: &'static str, detail: impl Into<String>) -> Rejection {
    Rejection::new("sasl", kind, detail)
}
