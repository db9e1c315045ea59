//! SASL on a SASL_PLAINTEXT / SASL_SSL listener, configured as Kafka's brokers are:
//! `sasl.enabled.mechanisms` (per listener with `listener.name.<name>.`) and the mechanism's
//! JAAS configuration in `listener.name.<name>.<mechanism>.sasl.jaas.config`. PLAIN (users
//! from the JAAS config's `user_<name>="<password>"` options, Kafka's
//! `PlainServerCallbackHandler`), SCRAM-SHA-256 and SCRAM-SHA-512 (`scram`, credentials from
//! the metadata image); GSSAPI is refused at start-up. [`SaslServer`] is one exchange, the
//! same shape for every mechanism; `connections.max.reauth.ms` (KIP-368) bounds a session.

use crate::oauth::{OAuthValidator, OAUTHBEARER};
use crate::principal::KafkaPrincipal;
use crate::scram::{ScramCredential, ScramMechanism, ScramServer};
use config::{BrokerConfig, Listener, SecurityProtocol};
use std::collections::BTreeMap;
use std::sync::Arc;

pub const PLAIN: &str = "PLAIN";

/// The mechanisms Sluice implements.
const IMPLEMENTED: &[&str] = &[PLAIN, "SCRAM-SHA-256", "SCRAM-SHA-512", OAUTHBEARER];

/// A SASL listener's mechanisms and credentials.
pub struct SaslListener {
    pub listener: String,
    /// `sasl.enabled.mechanisms`, as SaslHandshake lists them.
    pub mechanisms: Vec<String>,
    /// PLAIN's users and passwords.
    plain_users: BTreeMap<String, String>,
    /// `connections.max.reauth.ms` of this listener (per mechanism, as Kafka allows with
    /// `listener.name.<l>.<mechanism>.connections.max.reauth.ms`); 0 = sessions never expire.
    reauth_ms: BTreeMap<String, i64>,
    /// OAUTHBEARER's token validator.
    oauth: Option<Arc<OAuthValidator>>,
}

impl std::fmt::Debug for SaslListener {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the passwords.
        f.debug_struct("SaslListener")
            .field("listener", &self.listener)
            .field("mechanisms", &self.mechanisms)
            .field("plain_users", &self.plain_users.keys().collect::<Vec<_>>())
            .field("reauth_ms", &self.reauth_ms)
            .finish()
    }
}

/// Why an authentication failed: the message SaslAuthenticate returns (never a password).
#[derive(Debug, PartialEq, Eq)]
pub struct AuthenticationFailed(pub String);

fn load_plain_users(
    config: &BrokerConfig,
    listener: &Listener,
) -> Result<BTreeMap<String, String>, String> {
    let key = format!(
        "listener.name.{}.plain.sasl.jaas.config",
        listener.name.to_ascii_lowercase()
    );
    let jaas = config
        .raw
        .get(&key)
        .ok_or_else(|| format!("SASL/PLAIN needs its users in {key} (org.apache.kafka.common.security.plain.PlainLoginModule required user_<name>=\"<password>\" ...;)"))?;
    let (module, options) = parse_jaas(jaas).map_err(|e| format!("{key}: {e}"))?;
    if !module.ends_with("PlainLoginModule") {
        return Err(format!(
            "{key}: the login module for PLAIN is org.apache.kafka.common.security.plain.PlainLoginModule, not {module}"
        ));
    }
    let plain_users: BTreeMap<String, String> = options
        .into_iter()
        .filter_map(|(k, v)| Some((k.strip_prefix("user_")?.to_string(), v)))
        .collect();
    if plain_users.is_empty() {
        return Err(format!("{key}: no user_<name>=\"<password>\" option"));
    }
    Ok(plain_users)
}

impl SaslListener {
    pub fn load(config: &BrokerConfig, listener: &Listener) -> Result<SaslListener, String> {
        let mechanisms: Vec<String> = config
            .listener_setting(&listener.name, "sasl.enabled.mechanisms")
            .unwrap_or_else(|| "GSSAPI".to_string())
            .split(',')
            .map(|m| m.trim().to_string())
            .filter(|m| !m.is_empty())
            .collect();
        if mechanisms.is_empty() {
            return Err("sasl.enabled.mechanisms is empty".to_string());
        }
        if let Some(other) = mechanisms
            .iter()
            .find(|m| !IMPLEMENTED.contains(&m.as_str()))
        {
            return Err(format!(
                "sasl.enabled.mechanisms: {other} is not implemented (Kafka's default is GSSAPI); Sluice implements {}",
                IMPLEMENTED.join(", ")
            ));
        }
        let plain_users = if mechanisms.iter().any(|m| m == PLAIN) {
            load_plain_users(config, listener)?
        } else {
            BTreeMap::new()
        };
        let oauth = if mechanisms.iter().any(|m| m == OAUTHBEARER) {
            Some(Arc::new(OAuthValidator::load(config, &listener.name)?))
        } else {
            None
        };
        let mut reauth_ms = BTreeMap::new();
        for m in &mechanisms {
            let key = format!("{}.connections.max.reauth.ms", m.to_ascii_lowercase());
            let value = config
                .listener_setting(&listener.name, &key)
                .or_else(|| config.listener_setting(&listener.name, "connections.max.reauth.ms"))
                .unwrap_or_else(|| "0".to_string());
            let ms: i64 = value
                .trim()
                .parse()
                .map_err(|_| format!("connections.max.reauth.ms: {value:?} is not a number"))?;
            reauth_ms.insert(m.clone(), ms.max(0));
        }
        Ok(SaslListener {
            listener: listener.name.clone(),
            mechanisms,
            plain_users,
            reauth_ms,
            oauth,
        })
    }

    /// A new exchange for `mechanism`; `None` if it is not enabled here.
    pub fn server(&self, mechanism: &str) -> Option<SaslServer> {
        if !self.mechanisms.iter().any(|m| m == mechanism) {
            return None;
        }
        let kind = match ScramMechanism::from_name(mechanism) {
            Some(m) => Kind::Scram(ScramServer::new(m)),
            None if mechanism == OAUTHBEARER => Kind::OAuth { error: None },
            None => Kind::Plain,
        };
        Some(SaslServer {
            mechanism: mechanism.to_string(),
            kind,
        })
    }

    /// How long a session authenticated with `mechanism` may last (`connections.max.reauth.ms`;
    /// `None` when unbounded).
    pub fn reauth_ms(&self, mechanism: &str) -> Option<i64> {
        self.reauth_ms.get(mechanism).copied().filter(|ms| *ms > 0)
    }

    /// Checks a SASL/PLAIN response (RFC 4616: `[authzid] NUL authcid NUL passwd`) as
    /// Kafka's `PlainSaslServer` does; the principal is `User:<authcid>`.
    pub fn authenticate_plain(
        &self,
        response: &[u8],
    ) -> Result<KafkaPrincipal, AuthenticationFailed> {
        let fail = |m: &str| AuthenticationFailed(m.to_string());
        let tokens: Vec<&[u8]> = response.split(|b| *b == 0).collect();
        if tokens.len() != 3 {
            return Err(AuthenticationFailed(format!(
                "Invalid SASL/PLAIN response: expected 3 tokens, got {}",
                tokens.len()
            )));
        }
        let text = |b: &[u8]| {
            String::from_utf8(b.to_vec())
                .map_err(|_| fail("Invalid SASL/PLAIN response: not UTF-8"))
        };
        let (authzid, username, password) = (text(tokens[0])?, text(tokens[1])?, tokens[2]);
        if username.is_empty() {
            return Err(fail("Authentication failed: username not specified"));
        }
        if password.is_empty() {
            return Err(fail("Authentication failed: password not specified"));
        }
        if !authzid.is_empty() && authzid != username {
            return Err(fail(
                "Authentication failed: Client requested an authorization id that is different from username",
            ));
        }
        if response.len() > crate::scram::MESSAGE_BYTES_MAX {
            return Err(fail("Invalid SASL/PLAIN response: too long"));
        }
        let expected = self.plain_users.get(&username);
        // Compared in constant time for a known user; an unknown one fails the same way.
        let matches = expected.is_some_and(|e| constant_time_eq(e.as_bytes(), password));
        if !matches {
            return Err(fail("Authentication failed: Invalid username or password"));
        }
        Ok(KafkaPrincipal::user(username))
    }
}

use crate::scram::constant_time_eq;

impl SaslListener {
    /// Whether `user` is one of this listener's PLAIN users (`user_<name>` in its JAAS config).
    pub fn has_plain_user(&self, user: &str) -> bool {
        self.plain_users.contains_key(user)
    }

    /// Whether `password` is `user`'s PLAIN password here (compared in constant time; false for
    /// a user this listener does not know). For the web console's login and HTTP Basic.
    pub fn check_plain_password(&self, user: &str, password: &[u8]) -> bool {
        self.plain_users
            .get(user)
            .is_some_and(|expected| constant_time_eq(expected.as_bytes(), password))
    }
}

/// One SASL exchange on a connection (Kafka's `SaslServer`): tokens in, challenges out, until
/// it completes or fails.
pub struct SaslServer {
    mechanism: String,
    kind: Kind,
}

enum Kind {
    Plain,
    Scram(ScramServer),
    /// `error`: the RFC 7628 error sent for an invalid token (and its detail), awaiting the
    /// client's `%x01`.
    OAuth {
        error: Option<(String, String)>,
    },
}

/// What the exchange needs from the shard: SCRAM credentials from its metadata image.
pub struct SaslContext<'a> {
    pub scram: &'a dyn Fn(&str, ScramMechanism) -> Option<ScramCredential>,
    /// Unix milliseconds now (token expiry).
    pub now_ms: i64,
    /// A re-authentication (KIP-368): Kafka's messages say so.
    pub reauthenticating: bool,
}

/// A step of an exchange that did not fail.
#[derive(Debug)]
pub enum SaslStep {
    /// The server's challenge; the exchange goes on.
    Challenge(Vec<u8>),
    /// The last server message; the client is `principal` from now on. `expiry_ms` is when its
    /// credential expires (OAUTHBEARER), Unix ms.
    Complete {
        response: Vec<u8>,
        principal: KafkaPrincipal,
        expiry_ms: Option<i64>,
    },
}

/// A failed exchange: `client_message` is SaslAuthenticate's error message (Kafka's wording);
/// `detail` goes to the log. Neither holds a secret.
#[derive(Debug, PartialEq, Eq)]
pub struct SaslFailure {
    pub client_message: String,
    pub detail: String,
}

impl SaslServer {
    pub fn mechanism(&self) -> &str {
        &self.mechanism
    }

    /// Evaluates the client's next token.
    pub fn evaluate(
        &mut self,
        listener: &SaslListener,
        token: &[u8],
        ctx: &SaslContext<'_>,
    ) -> Result<SaslStep, SaslFailure> {
        // Kafka hides a SaslException's detail from the client (it may tell whether a user
        // exists) and answers this instead.
        let generic = || {
            format!(
                "Authentication failed during {} due to invalid credentials with SASL mechanism {}",
                if ctx.reauthenticating {
                    "re-authentication"
                } else {
                    "authentication"
                },
                self.mechanism
            )
        };
        match &mut self.kind {
            Kind::Plain => match listener.authenticate_plain(token) {
                Ok(principal) => Ok(SaslStep::Complete {
                    response: Vec::new(),
                    principal,
                    expiry_ms: None,
                }),
                Err(AuthenticationFailed(m)) => Err(SaslFailure {
                    client_message: m.clone(),
                    detail: m,
                }),
            },
            Kind::OAuth { error } => {
                let validator = listener
                    .oauth
                    .as_ref()
                    .expect("OAUTHBEARER is enabled: loaded");
                oauth_step(error, validator, token, ctx.now_ms, generic)
            }
            Kind::Scram(server) => {
                let mech = server.mechanism();
                let result = if server.expects_first() {
                    let nonce = crate::scram::server_nonce();
                    server
                        .first(token, &nonce, &|user| (ctx.scram)(user, mech))
                        .map(SaslStep::Challenge)
                } else {
                    server
                        .last(token)
                        .map(|(response, user)| SaslStep::Complete {
                            response,
                            principal: KafkaPrincipal::user(user),
                            expiry_ms: None,
                        })
                };
                result.map_err(|f| SaslFailure {
                    client_message: f.client_message.unwrap_or_else(generic),
                    detail: f.detail,
                })
            }
        }
    }
}

/// One OAUTHBEARER step, as Kafka's `OAuthBearerSaslServer`: a valid token completes the
/// exchange as `User:<sub>` until the token expires; an invalid one is answered with the RFC
/// 7628 error (a challenge), and the client's `%x01` that follows fails the exchange with it.
fn oauth_step(
    error: &mut Option<(String, String)>,
    validator: &OAuthValidator,
    token: &[u8],
    now_ms: i64,
    generic: impl Fn() -> String,
) -> Result<SaslStep, SaslFailure> {
    if token == [1u8] {
        if let Some((message, detail)) = error.take() {
            return Err(SaslFailure {
                client_message: message,
                detail,
            });
        }
    }
    *error = None;
    let (authzid, value) =
        crate::oauth::parse_client_first(token).map_err(|detail| SaslFailure {
            client_message: generic(),
            detail,
        })?;
    match validator.validate(&value, now_ms) {
        Ok(valid) => {
            if !authzid.is_empty() && authzid != valid.principal {
                let message = format!(
                    "Authentication failed: Client requested an authorization id ({authzid}) that is different from the token's principal name ({})",
                    valid.principal
                );
                return Err(SaslFailure {
                    client_message: message.clone(),
                    detail: message,
                });
            }
            Ok(SaslStep::Complete {
                response: Vec::new(),
                principal: KafkaPrincipal::user(valid.principal),
                expiry_ms: Some(valid.expiry_ms),
            })
        }
        Err(invalid) => {
            let json = invalid.json();
            *error = Some((json.clone(), invalid.detail));
            Ok(SaslStep::Challenge(json.into_bytes()))
        }
    }
}

/// The SASL configuration of every SASL_PLAINTEXT and SASL_SSL listener, by name.
#[derive(Debug, Default, Clone)]
pub struct SaslListeners {
    by_name: BTreeMap<String, Arc<SaslListener>>,
}

impl SaslListeners {
    pub fn load(config: &BrokerConfig) -> Result<SaslListeners, String> {
        let mut by_name = BTreeMap::new();
        // The controller listener's too: raft peers and Kafka clients authenticate there.
        for listener in &config.listeners {
            if matches!(
                listener.security_protocol,
                SecurityProtocol::SaslPlaintext | SecurityProtocol::SaslSsl
            ) {
                let sasl = SaslListener::load(config, listener)
                    .map_err(|e| format!("listener {}: {e}", listener.name))?;
                by_name.insert(listener.name.clone(), Arc::new(sasl));
            }
        }
        Ok(SaslListeners { by_name })
    }

    pub fn get(&self, listener: &str) -> Option<Arc<SaslListener>> {
        self.by_name.get(listener).cloned()
    }
}

/// Parses one JAAS login module entry: `<class> <flag> key="value" ...;` (values quoted, or
/// bare words). Returns the class and the options.
pub(crate) fn parse_jaas(text: &str) -> Result<(String, BTreeMap<String, String>), String> {
    let text = text.trim();
    let body = text
        .strip_suffix(';')
        .ok_or("a JAAS entry ends with ';'")?
        .trim();
    let mut words = body.splitn(3, char::is_whitespace);
    let module = words
        .next()
        .filter(|m| !m.is_empty())
        .ok_or("no login module")?;
    let flag = words
        .next()
        .ok_or("no control flag after the login module")?;
    if !matches!(flag, "required" | "requisite" | "sufficient" | "optional") {
        return Err(format!(
            "control flag {flag} is not required, requisite, sufficient or optional"
        ));
    }
    let mut options = BTreeMap::new();
    let mut rest = words.next().unwrap_or("").trim_start();
    while !rest.is_empty() {
        let (key, after) = rest
            .split_once('=')
            .ok_or_else(|| format!("expected key=value at {rest:?}"))?;
        let key = key.trim();
        if key.is_empty() || key.contains(char::is_whitespace) {
            return Err(format!("bad option name {key:?}"));
        }
        let after = after.trim_start();
        let (value, after) = match after.strip_prefix('"') {
            Some(quoted) => {
                let end = quoted
                    .find('"')
                    .ok_or_else(|| format!("unterminated value of {key}"))?;
                (&quoted[..end], &quoted[end + 1..])
            }
            None => {
                let end = after.find(char::is_whitespace).unwrap_or(after.len());
                (&after[..end], &after[end..])
            }
        };
        options.insert(key.to_string(), value.to_string());
        rest = after.trim_start();
    }
    Ok((module.to_string(), options))
}

#[cfg(test)]
mod tests {
    use super::*;

    const JAAS: &str = r#"org.apache.kafka.common.security.plain.PlainLoginModule required
        username="admin" password="admin-secret"
        user_admin="admin-secret" user_alice="alice secret";"#;

    fn listener() -> SaslListener {
        let (_, options) = parse_jaas(JAAS).unwrap();
        SaslListener {
            listener: "SASL_PLAINTEXT".into(),
            mechanisms: vec![PLAIN.into()],
            reauth_ms: BTreeMap::new(),
            oauth: None,
            plain_users: options
                .into_iter()
                .filter_map(|(k, v)| Some((k.strip_prefix("user_")?.to_string(), v)))
                .collect(),
        }
    }

    #[test]
    fn jaas_as_kafka_writes_it() {
        let (module, options) = parse_jaas(JAAS).unwrap();
        assert_eq!(
            module,
            "org.apache.kafka.common.security.plain.PlainLoginModule"
        );
        assert_eq!(options["user_alice"], "alice secret");
        assert_eq!(options["username"], "admin");
        assert!(parse_jaas("X required a=\"b\"").is_err());
        assert!(parse_jaas("X maybe;").is_err());
        assert!(parse_jaas("X required a=\"b;").is_err());
        assert_eq!(parse_jaas("X required a=b;").unwrap().1["a"], "b");
    }

    #[test]
    fn plain_as_kafka_checks_it() {
        let l = listener();
        assert_eq!(
            l.authenticate_plain(b"\0alice\0alice secret")
                .unwrap()
                .to_string(),
            "User:alice"
        );
        assert!(l.authenticate_plain(b"alice\0alice\0alice secret").is_ok());
        let failed = |token: &[u8]| l.authenticate_plain(token).unwrap_err().0;
        assert_eq!(
            failed(b"\0alice\0wrong"),
            "Authentication failed: Invalid username or password"
        );
        assert_eq!(
            failed(b"\0mallory\0x"),
            "Authentication failed: Invalid username or password"
        );
        assert!(failed(b"bob\0alice\0alice secret").contains("authorization id"));
        assert!(failed(b"\0\0x").contains("username not specified"));
        assert!(failed(b"\0alice\0").contains("password not specified"));
        assert!(failed(b"alice").contains("expected 3 tokens"));
        assert!(!format!("{l:?}").contains("secret"));
    }

    #[test]
    fn plain_passwords_are_checked_for_the_console() {
        let l = listener();
        assert!(l.has_plain_user("alice"));
        assert!(!l.has_plain_user("mallory"));
        assert!(l.check_plain_password("alice", b"alice secret"));
        assert!(!l.check_plain_password("alice", b"alice secre"));
        assert!(!l.check_plain_password("mallory", b"alice secret"));
    }
}
