//! The SASL gate of a connection on a SASL listener, Kafka's `SaslServerAuthenticator`: until
//! the client authenticated, ApiVersions goes to the handlers as usual, SaslHandshake and
//! SaslAuthenticate are answered here (`security`'s exchanges and `handlers::sasl`'s
//! responses), and anything else closes the connection. A failed authentication is answered
//! SASL_AUTHENTICATION_FAILED, then the connection is closed.
//!
//! After it authenticated the gate stays (KIP-368): a client that used SaslAuthenticate v1+ may
//! send SaslHandshake again to re-authenticate (same mechanism, same principal); a session
//! bounded by `connections.max.reauth.ms` (or an OAUTHBEARER token's expiry) that has expired
//! closes the connection at its next request other than SaslHandshake, as Kafka does.

use crate::reject_log::Rejection;
use bytes::Bytes;
use handlers::{sasl, Reply};
use kafka_protocol::messages::{ApiKey, RequestKind, ResponseKind};
use protocol::{decode_request, peek_header};
use security::{KafkaPrincipal, SaslContext, SaslListener, SaslServer, SaslStep};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The rejection kind of a failed authentication (its close is delayed).
pub(crate) const AUTHENTICATION_FAILED: &str = "authentication_failed";

/// Longest SaslAuthenticate token accepted, Kafka's `sasl.server.max.receive.size` default
/// (512 KiB): a bigger one fails the authentication.
pub(crate) const SASL_TOKEN_BYTES_MAX: usize = 524_288;

enum State {
    /// Waiting for SaslHandshake.
    Handshake,
    /// In an exchange for the mechanism the handshake chose.
    Exchange(Box<SaslServer>),
    /// A re-authentication asked for another mechanism: its SaslAuthenticate fails with this.
    BadMechanism(String),
    /// Authenticated; requests pass until `expires` (if the session is bounded).
    Authenticated,
}

/// An authenticated session: who, with what, until when.
struct Session {
    mechanism: String,
    principal: KafkaPrincipal,
    expires: Option<Instant>,
}

pub(crate) struct SaslGate {
    listener: Arc<SaslListener>,
    state: State,
    /// The session so far (set once authenticated; kept through a re-authentication).
    session: Option<Session>,
    /// Whether the client sent SaslAuthenticate v1+ (KIP-368: only then may it re-authenticate).
    supports_reauth: bool,
    /// The mechanism of the exchange that failed (the failure counter's label).
    failed_mechanism: Option<String>,
}

/// What the gate does with one request.
pub(crate) enum GateStep {
    /// Not a SASL request the gate answers: the usual path handles it.
    Pass,
    /// Answered here; the exchange goes on.
    Answer(Reply),
    /// Answered here; the connection is authenticated as this principal from now on (again,
    /// when `reauthenticated`).
    Authenticated {
        reply: Reply,
        principal: KafkaPrincipal,
        reauthenticated: bool,
    },
    /// Answered (if `Some`) and then closed, with one log line.
    Refuse(Option<Reply>, Rejection),
}

impl SaslGate {
    pub(crate) fn new(listener: Arc<SaslListener>) -> SaslGate {
        SaslGate {
            listener,
            state: State::Handshake,
            session: None,
            supports_reauth: false,
            failed_mechanism: None,
        }
    }

    /// The listener and the mechanism of the exchange that failed (the failure counter's
    /// labels: both come from the configuration, so their number is bounded).
    pub(crate) fn failure_labels(&self) -> (String, String) {
        let mechanism = self.failed_mechanism.clone().unwrap_or_default();
        (self.listener.listener.clone(), mechanism)
    }

    /// The listener and the mechanism of the session (the re-authentication counter's labels).
    pub(crate) fn session_labels(&self) -> (String, String) {
        let mechanism = self.session.as_ref().map(|s| s.mechanism.clone());
        (
            self.listener.listener.clone(),
            mechanism.unwrap_or_default(),
        )
    }

    pub(crate) fn step(&mut self, frame: &Bytes, ctx: &SaslContext<'_>) -> GateStep {
        let key = peek_header(frame).and_then(|raw| ApiKey::try_from(raw.api_key).ok());
        let expected = match (&self.state, key) {
            (State::Authenticated, Some(ApiKey::SaslHandshake)) if self.supports_reauth => key,
            (State::Authenticated, _) => return self.authenticated_request(key),
            (_, Some(ApiKey::ApiVersions)) if self.session.is_none() => return GateStep::Pass,
            (State::Handshake, Some(ApiKey::SaslHandshake))
            | (State::Exchange(_) | State::BadMechanism(_), Some(ApiKey::SaslAuthenticate)) => key,
            (_, other) => {
                let detail = format!(
                    "{other:?} during SASL {} on listener {}",
                    self.phase(),
                    self.listener.listener
                );
                return GateStep::Refuse(None, refused("unauthenticated", detail));
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
                self.handshake(r.mechanism.as_str(), version, correlation)
            }
            RequestKind::SaslAuthenticate(r) => {
                self.supports_reauth |= version > 0;
                self.authenticate(&r.auth_bytes, version, correlation, ctx)
            }
            _ => GateStep::Refuse(None, refused("unauthenticated", "unexpected request")),
        }
    }

    fn phase(&self) -> &'static str {
        if self.session.is_some() {
            "re-authentication"
        } else {
            "authentication"
        }
    }

    /// A request on an authenticated connection: it passes unless the session expired.
    fn authenticated_request(&self, key: Option<ApiKey>) -> GateStep {
        let session = self.session.as_ref().expect("authenticated: a session");
        match session.expires {
            Some(at) if Instant::now() >= at => {
                let detail = format!(
                    "{key:?} after the SASL session of {} expired on listener {} (connections.max.reauth.ms)",
                    session.principal, self.listener.listener
                );
                GateStep::Refuse(None, refused("session_expired", detail))
            }
            _ => GateStep::Pass,
        }
    }

    fn handshake(&mut self, mechanism: &str, version: i16, correlation: i32) -> GateStep {
        let response = sasl::handshake(&self.listener.mechanisms, mechanism);
        let reply = sasl::reply(
            ApiKey::SaslHandshake,
            version,
            correlation,
            ResponseKind::SaslHandshake(response),
        );
        let Some(server) = self.listener.server(mechanism) else {
            let detail = format!(
                "SASL mechanism {mechanism:?} is not enabled on listener {} (enabled: {})",
                self.listener.listener,
                self.listener.mechanisms.join(",")
            );
            return GateStep::Refuse(Some(reply), refused("mechanism", detail));
        };
        self.state = match &self.session {
            Some(s) if s.mechanism != mechanism => State::BadMechanism(format!(
                "SASL mechanism '{mechanism}' requested by client is not supported for re-authentication of mechanism '{}'",
                s.mechanism
            )),
            _ => State::Exchange(Box::new(server)),
        };
        GateStep::Answer(reply)
    }

    fn authenticate(
        &mut self,
        token: &[u8],
        version: i16,
        correlation: i32,
        ctx: &SaslContext<'_>,
    ) -> GateStep {
        let answer = |result: Result<(Vec<u8>, i64), String>| {
            sasl::reply(
                ApiKey::SaslAuthenticate,
                version,
                correlation,
                ResponseKind::SaslAuthenticate(sasl::authenticated(result)),
            )
        };
        let listener = self.listener.clone();
        let failed = |gate: &mut SaslGate, mechanism: &str, message: String, detail: String| {
            gate.state = State::Handshake;
            gate.failed_mechanism = Some(mechanism.to_string());
            let detail = format!(
                "SASL/{mechanism} {} on listener {}: {detail}",
                gate.phase(),
                listener.listener
            );
            GateStep::Refuse(
                Some(answer(Err(message))),
                refused(AUTHENTICATION_FAILED, detail),
            )
        };
        let server = match std::mem::replace(&mut self.state, State::Handshake) {
            State::Exchange(server) => server,
            State::BadMechanism(message) => {
                let mechanism = self.session.as_ref().map_or("", |s| s.mechanism.as_str());
                let mechanism = mechanism.to_string();
                return failed(self, &mechanism, message.clone(), message);
            }
            other => {
                self.state = other;
                let detail = "SaslAuthenticate outside an exchange";
                return GateStep::Refuse(None, refused("unauthenticated", detail));
            }
        };
        let mut server = server;
        let mechanism = server.mechanism().to_string();
        if token.len() > SASL_TOKEN_BYTES_MAX {
            let message = "Failing SASL authentication due to invalid receive size".to_string();
            let detail = format!("a {}-byte token", token.len());
            self.state = State::Exchange(server);
            return failed(self, &mechanism, message, detail);
        }
        let ctx = SaslContext {
            scram: ctx.scram,
            now_ms: ctx.now_ms,
            reauthenticating: self.session.is_some(),
        };
        match server.evaluate(&listener, token, &ctx) {
            Ok(SaslStep::Challenge(challenge)) => {
                self.state = State::Exchange(server);
                GateStep::Answer(answer(Ok((challenge, 0))))
            }
            Ok(SaslStep::Complete {
                response,
                principal,
                expiry_ms,
            }) => {
                if let Some(previous) = &self.session {
                    if previous.principal != principal {
                        let message = format!(
                            "Cannot change principals during re-authentication from {}.{}: {}.{}",
                            previous.principal.principal_type,
                            previous.principal.name,
                            principal.principal_type,
                            principal.name
                        );
                        return failed(self, &mechanism, message.clone(), message);
                    }
                }
                let lifetime_ms =
                    session_lifetime_ms(listener.reauth_ms(&mechanism), expiry_ms, ctx.now_ms);
                let expires =
                    lifetime_ms.map(|ms| Instant::now() + Duration::from_millis(ms as u64));
                let reauthenticated = self.session.is_some();
                self.session = Some(Session {
                    mechanism,
                    principal: principal.clone(),
                    expires,
                });
                self.state = State::Authenticated;
                GateStep::Authenticated {
                    reply: answer(Ok((response, lifetime_ms.unwrap_or(0)))),
                    principal,
                    reauthenticated,
                }
            }
            Err(failure) => failed(self, &mechanism, failure.client_message, failure.detail),
        }
    }
}

/// Kafka's session lifetime (`ReauthInfo.calcCompletionTimesAndReturnSessionLifetimeMs`): the
/// smaller of `connections.max.reauth.ms` and the time left on the credential, never negative;
/// `None` when neither bounds the session.
fn session_lifetime_ms(
    max_reauth_ms: Option<i64>,
    expiry_ms: Option<i64>,
    now_ms: i64,
) -> Option<i64> {
    let left = expiry_ms.map(|e| e.saturating_sub(now_ms));
    match (max_reauth_ms, left) {
        (None, None) => None,
        (Some(max), None) => Some(max.max(0)),
        (None, Some(left)) => Some(left.max(0)),
        (Some(max), Some(left)) => Some(max.min(left).max(0)),
    }
}

pub(crate) use runtime::{scram_credential, unix_ms};

fn refused(kind: &'static str, detail: impl Into<String>) -> Rejection {
    Rejection::new("sasl", kind, detail)
}

#[cfg(test)]
mod tests {
    use super::session_lifetime_ms;

    #[test]
    fn lifetime_as_kafka_computes_it() {
        assert_eq!(session_lifetime_ms(None, None, 5), None);
        assert_eq!(session_lifetime_ms(Some(1000), None, 5), Some(1000));
        assert_eq!(session_lifetime_ms(None, Some(1005), 5), Some(1000));
        assert_eq!(session_lifetime_ms(Some(500), Some(1005), 5), Some(500));
        assert_eq!(session_lifetime_ms(Some(5000), Some(1005), 5), Some(1000));
        assert_eq!(session_lifetime_ms(Some(5000), Some(1), 5), Some(0));
    }
}
