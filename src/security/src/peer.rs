//! This node as a client of its peers, as Kafka's brokers and controllers are: the replica
//! fetchers and transaction markers reach the other brokers' `inter.broker.listener.name`, and
//! every node reaches the controllers' listener (`controller.listener.names`) for the metadata
//! quorum, broker registrations and heartbeats, and forwarded admin requests. Each connects
//! with its listener's security protocol:
//! - SSL / SASL_SSL: TLS with the listener's trust store (and key store, for mTLS), see
//!   [`crate::tls::peer_client_tls`];
//! - SASL_PLAINTEXT / SASL_SSL: the mechanism `sasl.mechanism.inter.broker.protocol` (or
//!   `sasl.mechanism.controller.protocol`; Kafka's default for both is GSSAPI, which Sluice
//!   refuses) with the `username` and `password` of the listener's JAAS configuration for it
//!   (`listener.name.<listener>.<mechanism>.sasl.jaas.config`, else `sasl.jaas.config`), as
//!   Kafka's broker logs in with its server JAAS context.
//!
//! A listener whose client side cannot be built stops start-up with a message naming the
//! listener and the key. The password never appears in a message or `Debug`.

use crate::sasl::{parse_jaas, PLAIN};
use crate::scram::client::ScramClient;
use crate::scram::ScramMechanism;
use config::{BrokerConfig, SecurityProtocol};
use std::sync::Arc;

/// This node's SASL credentials towards a peer listener.
pub struct PeerCredentials {
    pub mechanism: String,
    username: String,
    password: String,
}

impl std::fmt::Debug for PeerCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PeerCredentials")
            .field("mechanism", &self.mechanism)
            .field("username", &self.username)
            .finish_non_exhaustive()
    }
}

impl PeerCredentials {
    pub fn new(mechanism: &str, username: &str, password: &str) -> PeerCredentials {
        PeerCredentials {
            mechanism: mechanism.to_string(),
            username: username.to_string(),
            password: password.to_string(),
        }
    }

    pub fn username(&self) -> &str {
        &self.username
    }

    /// A new client exchange with these credentials.
    pub fn client(&self) -> SaslClient {
        let kind = match ScramMechanism::from_name(&self.mechanism) {
            Some(mechanism) => ClientKind::Scram {
                client: Box::new(ScramClient::new(
                    mechanism,
                    &self.username,
                    &self.password,
                    &crate::scram::server_nonce(),
                )),
                sent_final: false,
            },
            None => ClientKind::Plain,
        };
        SaslClient {
            initial: match &kind {
                ClientKind::Plain => format!("\0{}\0{}", self.username, self.password).into_bytes(),
                ClientKind::Scram { client, .. } => client.first(),
            },
            kind,
        }
    }
}

/// The client side of one SASL exchange (PLAIN or SCRAM), sans IO: the first token, then one
/// token per server message until the exchange completes.
pub struct SaslClient {
    initial: Vec<u8>,
    kind: ClientKind,
}

enum ClientKind {
    Plain,
    Scram {
        client: Box<ScramClient>,
        sent_final: bool,
    },
}

impl SaslClient {
    /// The client's first token.
    pub fn initial(&self) -> Vec<u8> {
        self.initial.clone()
    }

    /// The server's answer to the last token (the exchange did not fail): the next token, or
    /// `None` once the exchange is complete (for SCRAM, once the server proved it holds the
    /// credential).
    pub fn next(&mut self, server: &[u8]) -> Result<Option<Vec<u8>>, String> {
        match &mut self.kind {
            ClientKind::Plain => Ok(None),
            ClientKind::Scram { client, sent_final } if !*sent_final => {
                let last = client
                    .last(server)
                    .ok_or("the server's first SCRAM message is malformed")?;
                *sent_final = true;
                Ok(Some(last))
            }
            ClientKind::Scram { client, .. } => {
                if client.verify(server) {
                    Ok(None)
                } else {
                    Err("the server's SCRAM signature does not match: it does not hold this user's credential".to_string())
                }
            }
        }
    }
}

/// How this node connects to a peer listener.
#[derive(Clone, Debug)]
pub struct PeerClient {
    pub listener: String,
    pub protocol: SecurityProtocol,
    pub tls: Option<Arc<rustls::ClientConfig>>,
    pub sasl: Option<Arc<PeerCredentials>>,
}

impl PeerClient {
    /// A PLAINTEXT peer listener.
    pub fn plaintext(listener: &str) -> PeerClient {
        PeerClient {
            listener: listener.to_string(),
            protocol: SecurityProtocol::Plaintext,
            tls: None,
            sasl: None,
        }
    }

    /// The replica fetchers' and transaction markers' side of the inter-broker listener.
    pub fn inter_broker(config: &BrokerConfig) -> Result<PeerClient, String> {
        let listener = config.inter_broker_listener();
        PeerClient::load(config, &listener, "sasl.mechanism.inter.broker.protocol")
    }

    /// The quorum's, registrations' and forwarded requests' side of the controller listener;
    /// `None` for the embedded single node (no controller listener).
    pub fn controller(config: &BrokerConfig) -> Result<Option<PeerClient>, String> {
        let Some(listener) = config.controller_listener_name() else {
            return Ok(None);
        };
        PeerClient::load(config, listener, "sasl.mechanism.controller.protocol").map(Some)
    }

    fn load(
        config: &BrokerConfig,
        listener: &str,
        mechanism_key: &str,
    ) -> Result<PeerClient, String> {
        let protocol = config.listener_protocol(listener);
        let fail = |e: String| format!("listener {listener}: {e}");
        let tls = matches!(protocol, SecurityProtocol::Ssl | SecurityProtocol::SaslSsl)
            .then(|| crate::tls::peer_client_tls(config, listener))
            .transpose()
            .map_err(fail)?;
        let sasl = matches!(
            protocol,
            SecurityProtocol::SaslPlaintext | SecurityProtocol::SaslSsl
        )
        .then(|| credentials(config, listener, mechanism_key))
        .transpose()
        .map_err(fail)?
        .map(Arc::new);
        Ok(PeerClient {
            listener: listener.to_string(),
            protocol,
            tls,
            sasl,
        })
    }
}

/// The mechanism `mechanism_key` names and this node's login for it on `listener`.
fn credentials(
    config: &BrokerConfig,
    listener: &str,
    mechanism_key: &str,
) -> Result<PeerCredentials, String> {
    let mechanism = config
        .raw
        .get(mechanism_key)
        .map(|m| m.trim().to_string())
        .unwrap_or_else(|| "GSSAPI".to_string());
    if mechanism != PLAIN && ScramMechanism::from_name(&mechanism).is_none() {
        return Err(format!(
            "{mechanism_key}={mechanism}: not implemented (Kafka's default is GSSAPI); set it to PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512"
        ));
    }
    // The node that serves this listener must accept the mechanism it logs in with (Kafka's
    // check); a broker-only node does not serve the controller listener.
    if config.listeners.iter().any(|l| l.name == listener) {
        let enabled = config
            .listener_setting(listener, "sasl.enabled.mechanisms")
            .unwrap_or_else(|| "GSSAPI".to_string());
        if !enabled.split(',').any(|m| m.trim() == mechanism) {
            return Err(format!(
                "{mechanism_key} must be included in sasl.enabled.mechanisms when SASL is used between nodes ({mechanism} is not in {enabled})"
            ));
        }
    }
    let keys = [
        format!(
            "listener.name.{}.{}.sasl.jaas.config",
            listener.to_ascii_lowercase(),
            mechanism.to_ascii_lowercase()
        ),
        "sasl.jaas.config".to_string(),
    ];
    let (key, jaas) = keys
        .iter()
        .find_map(|k| config.raw.get(k).map(|v| (k, v)))
        .ok_or_else(|| {
            format!(
                "{mechanism} between nodes needs this node's login in {} (a login module with username=\"...\" password=\"...\")",
                keys[0]
            )
        })?;
    let (module, options) = parse_jaas(jaas).map_err(|e| format!("{key}: {e}"))?;
    let expected = if mechanism == PLAIN {
        "PlainLoginModule"
    } else {
        "ScramLoginModule"
    };
    if !module.ends_with(expected) {
        return Err(format!(
            "{key}: the login module for {mechanism} is a {expected}, not {module}"
        ));
    }
    let option = |name: &str| {
        options
            .get(name)
            .filter(|v| !v.is_empty())
            .cloned()
            .ok_or_else(|| format!("{key}: no {name}=\"...\" option: this node's own login"))
    };
    Ok(PeerCredentials::new(
        &mechanism,
        &option("username")?,
        &option("password")?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scram::ScramServer;

    fn config(lines: &[(&str, &str)]) -> BrokerConfig {
        let lines: Vec<(String, String, usize)> = lines
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string(), 1))
            .collect();
        BrokerConfig::from_properties(&lines, &[]).unwrap().0
    }

    const BASE: &[(&str, &str)] = &[
        ("process.roles", "broker,controller"),
        ("node.id", "1"),
        ("controller.quorum.voters", "1@127.0.0.1:9093"),
        ("controller.listener.names", "CONTROLLER"),
        (
            "listener.security.protocol.map",
            "CONTROLLER:SASL_PLAINTEXT,INTERNAL:SASL_PLAINTEXT",
        ),
        (
            "listeners",
            "INTERNAL://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093",
        ),
        ("inter.broker.listener.name", "INTERNAL"),
        ("sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-512"),
    ];

    #[test]
    fn credentials_come_from_the_listeners_jaas() {
        let mut lines = BASE.to_vec();
        lines.extend([
            ("sasl.mechanism.inter.broker.protocol", "SCRAM-SHA-512"),
            ("sasl.mechanism.controller.protocol", "PLAIN"),
            ("listener.name.internal.scram-sha-512.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"broker\" password=\"broker-secret\";"),
            ("listener.name.controller.plain.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"admin\" password=\"admin-secret\" user_admin=\"admin-secret\";"),
        ]);
        let c = config(&lines);
        let inter = PeerClient::inter_broker(&c).unwrap();
        let sasl = inter.sasl.unwrap();
        assert_eq!(
            (sasl.mechanism.as_str(), sasl.username()),
            ("SCRAM-SHA-512", "broker")
        );
        assert!(!format!("{sasl:?}").contains("secret"));
        let controller = PeerClient::controller(&c).unwrap().unwrap();
        assert_eq!(controller.sasl.unwrap().mechanism, "PLAIN");
        assert!(controller.tls.is_none());
    }

    #[test]
    fn refusals_name_the_listener_and_key() {
        let c = config(BASE);
        let e = PeerClient::inter_broker(&c).unwrap_err();
        assert!(
            e.contains("listener INTERNAL") && e.contains("GSSAPI"),
            "{e}"
        );
        let mut lines = BASE.to_vec();
        lines.push(("sasl.mechanism.inter.broker.protocol", "SCRAM-SHA-256"));
        let e = PeerClient::inter_broker(&config(&lines)).unwrap_err();
        assert!(
            e.contains("must be included in sasl.enabled.mechanisms"),
            "{e}"
        );
        let mut lines = BASE.to_vec();
        lines.push(("sasl.mechanism.inter.broker.protocol", "PLAIN"));
        let e = PeerClient::inter_broker(&config(&lines)).unwrap_err();
        assert!(
            e.contains("listener.name.internal.plain.sasl.jaas.config"),
            "{e}"
        );
        lines.push((
            "sasl.jaas.config",
            "org.apache.kafka.common.security.plain.PlainLoginModule required user_a=\"b\";",
        ));
        let e = PeerClient::inter_broker(&config(&lines)).unwrap_err();
        assert!(e.contains("no username"), "{e}");
    }

    #[test]
    fn the_clients_complete_against_the_servers() {
        let scram = PeerCredentials::new("SCRAM-SHA-256", "alice", "pw");
        let mut client = scram.client();
        let salt = b"salt-salt-salt";
        let salted = crate::scram::salted_password(ScramMechanism::Sha256, b"pw", salt, 4096);
        let cred =
            crate::scram::credential_from_salted(ScramMechanism::Sha256, salt, &salted, 4096);
        let mut server = ScramServer::new(ScramMechanism::Sha256);
        let first = server
            .first(&client.initial(), "srv", &|_| Some(cred.clone()))
            .unwrap();
        let last = client.next(&first).unwrap().unwrap();
        let (fin, user) = server.last(&last).unwrap();
        assert_eq!(user, "alice");
        assert_eq!(client.next(&fin).unwrap(), None);
        assert!(client.next(b"v=AAAA").is_err());
        let plain = PeerCredentials::new("PLAIN", "bob", "pw").client();
        assert_eq!(plain.initial(), b"\0bob\0pw");
    }
}
