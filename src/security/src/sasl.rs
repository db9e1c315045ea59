//! SASL on a SASL_PLAINTEXT / SASL_SSL listener, configured as Kafka's brokers are:
//! `sasl.enabled.mechanisms` (per listener with `listener.name.<name>.`) and the mechanism's
//! JAAS configuration in `listener.name.<name>.<mechanism>.sasl.jaas.config`. PLAIN is
//! implemented (users from the JAAS config's `user_<name>="<password>"` options, Kafka's
//! `PlainServerCallbackHandler`); SCRAM, OAUTHBEARER and GSSAPI are refused at start-up.

use crate::principal::KafkaPrincipal;
use config::{BrokerConfig, Listener, SecurityProtocol};
use std::collections::BTreeMap;
use std::sync::Arc;

pub const PLAIN: &str = "PLAIN";

/// A SASL listener's mechanisms and credentials.
pub struct SaslListener {
    pub listener: String,
    /// `sasl.enabled.mechanisms`, as SaslHandshake lists them.
    pub mechanisms: Vec<String>,
    /// PLAIN's users and passwords.
    plain_users: BTreeMap<String, String>,
}

impl std::fmt::Debug for SaslListener {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the passwords.
        f.debug_struct("SaslListener")
            .field("listener", &self.listener)
            .field("mechanisms", &self.mechanisms)
            .field("plain_users", &self.plain_users.keys().collect::<Vec<_>>())
            .finish()
    }
}

/// Why an authentication failed: the message SaslAuthenticate returns (never a password).
#[derive(Debug, PartialEq, Eq)]
pub struct AuthenticationFailed(pub String);

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
        if let Some(other) = mechanisms.iter().find(|m| m.as_str() != PLAIN) {
            return Err(format!(
                "sasl.enabled.mechanisms: {other} is not implemented yet (Kafka's default is GSSAPI); Sluice implements PLAIN: set sasl.enabled.mechanisms=PLAIN"
            ));
        }
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
        Ok(SaslListener {
            listener: listener.name.clone(),
            mechanisms,
            plain_users,
        })
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
        let expected = self.plain_users.get(&username);
        // Compared in constant time for a known user; an unknown one fails the same way.
        let matches = expected.is_some_and(|e| constant_time_eq(e.as_bytes(), password));
        if !matches {
            return Err(fail("Authentication failed: Invalid username or password"));
        }
        Ok(KafkaPrincipal::user(username))
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The SASL configuration of every SASL_PLAINTEXT and SASL_SSL listener, by name.
#[derive(Debug, Default, Clone)]
pub struct SaslListeners {
    by_name: BTreeMap<String, Arc<SaslListener>>,
}

impl SaslListeners {
    pub fn load(config: &BrokerConfig) -> Result<SaslListeners, String> {
        let mut by_name = BTreeMap::new();
        for listener in config.client_listeners() {
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
fn parse_jaas(text: &str) -> Result<(String, BTreeMap<String, String>), String> {
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
}
