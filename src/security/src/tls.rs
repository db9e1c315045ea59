//! A listener's TLS server configuration from Kafka's `ssl.*` keys, each looked up first with
//! the listener's `listener.name.<name>.` prefix (Kafka's per-listener override), then bare.

use crate::keystore::{load_key_store, load_trust_store, Source, StoreType};
use crate::principal::{CertificateIdentity, PrincipalMapper};
use crate::suites::{cipher_suites, protocol_versions};
use config::{BrokerConfig, Listener, SecurityProtocol};
use rustls::server::WebPkiClientVerifier;
use rustls::{RootCertStore, ServerConfig};
use std::collections::BTreeMap;
use std::sync::Arc;

/// `ssl.client.auth`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClientAuth {
    None,
    Requested,
    Required,
}

impl ClientAuth {
    fn from_name(name: &str) -> Result<ClientAuth, String> {
        match name.trim().to_ascii_lowercase().as_str() {
            "none" => Ok(ClientAuth::None),
            "requested" => Ok(ClientAuth::Requested),
            "required" => Ok(ClientAuth::Required),
            other => Err(format!(
                "ssl.client.auth={other} is not one of none, requested, required"
            )),
        }
    }
}

/// What a TLS listener serves with: the rustls configuration (shared by every shard's
/// handshakes; it is immutable and `Send + Sync`) and how a certificate becomes a principal.
#[derive(Debug)]
pub struct ListenerTls {
    pub listener: String,
    pub server: Arc<ServerConfig>,
    pub client_auth: ClientAuth,
    pub principal_mapper: PrincipalMapper,
    /// The served certificate's subject and alternative names, checked on a reload.
    pub identity: CertificateIdentity,
}

/// The TLS configuration of every SSL listener, by listener name.
#[derive(Debug, Default, Clone)]
pub struct TlsListeners {
    by_name: BTreeMap<String, Arc<ListenerTls>>,
}

impl TlsListeners {
    /// Builds every listener's TLS configuration (the controller listener's too: it serves
    /// peers and Kafka clients); an error names the listener and key, and stops start-up.
    pub fn load(config: &BrokerConfig) -> Result<TlsListeners, String> {
        let mut by_name = BTreeMap::new();
        for listener in &config.listeners {
            if uses_tls(listener) {
                let tls = ListenerTls::load(config, listener)
                    .map_err(|e| format!("listener {}: {e}", listener.name))?;
                by_name.insert(listener.name.clone(), Arc::new(tls));
            }
        }
        Ok(TlsListeners { by_name })
    }

    pub fn get(&self, listener: &str) -> Option<Arc<ListenerTls>> {
        self.by_name.get(listener).cloned()
    }
}

impl ListenerTls {
    /// The listener's TLS configuration from the static config (file and `--set`).
    pub fn load(config: &BrokerConfig, listener: &Listener) -> Result<ListenerTls, String> {
        ListenerTls::load_with(config, listener, &BTreeMap::new())
    }

    /// The listener's TLS configuration with `dynamic` (this broker's dynamic configs, as
    /// AlterConfigs stored them) over the static config: Kafka alters a listener's stores
    /// only with the `listener.name.<name>.` prefix, so only prefixed dynamic keys count.
    pub fn load_with(
        config: &BrokerConfig,
        listener: &Listener,
        dynamic: &BTreeMap<String, String>,
    ) -> Result<ListenerTls, String> {
        let prefix = listener_prefix(&listener.name);
        let get = |key: &str| {
            dynamic
                .get(&format!("{prefix}{key}"))
                .cloned()
                .or_else(|| config.listener_setting(&listener.name, key))
        };
        let (versions, provider) = protocols_and_provider(&get)?;
        let client_auth = ClientAuth::from_name(&get("ssl.client.auth").unwrap_or("none".into()))?;
        let principal_mapper =
            PrincipalMapper::parse(&get("ssl.principal.mapping.rules").unwrap_or_default())
                .map_err(|e| format!("ssl.principal.mapping.rules: {e}"))?;
        let keys = key_material(&get)?;
        let identity = keys
            .chain
            .first()
            .map(|cert| CertificateIdentity::of(cert))
            .transpose()
            .map_err(|e| format!("ssl.keystore: {e}"))?
            .ok_or_else(|| "ssl.keystore: no certificate".to_string())?;
        let builder = ServerConfig::builder_with_provider(provider.clone())
            .with_protocol_versions(&versions)
            .map_err(|e| {
                format!("ssl.cipher.suites has no suite for the ssl.enabled.protocols: {e}")
            })?;
        let builder = match client_auth {
            ClientAuth::None => builder.with_no_client_auth(),
            auth => {
                let roots = trust_roots(&get)?.ok_or_else(|| {
                    "ssl.client.auth=requested/required needs a trust store (ssl.truststore.location or ssl.truststore.certificates)".to_string()
                })?;
                let verifier =
                    WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider.clone());
                let verifier = match auth {
                    ClientAuth::Requested => verifier.allow_unauthenticated(),
                    _ => verifier,
                };
                builder.with_client_cert_verifier(
                    verifier
                        .build()
                        .map_err(|e| format!("ssl.truststore: {e}"))?,
                )
            }
        };
        let server = builder
            .with_single_cert(keys.chain, keys.key)
            .map_err(|e| format!("ssl.keystore: the key does not fit the certificate: {e}"))?;
        Ok(ListenerTls {
            listener: listener.name.clone(),
            server: Arc::new(server),
            client_auth,
            principal_mapper,
            identity,
        })
    }
}

/// A listener's `ssl.enabled.protocols` and the crypto provider limited to its
/// `ssl.cipher.suites` (all of ring's when unset).
fn protocols_and_provider(
    get: &dyn Fn(&str) -> Option<String>,
) -> Result<
    (
        Vec<&'static rustls::SupportedProtocolVersion>,
        Arc<rustls::crypto::CryptoProvider>,
    ),
    String,
> {
    let list = |key: &str, default: &str| -> Vec<String> {
        get(key)
            .unwrap_or_else(|| default.to_string())
            .split(',')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    };
    let versions = protocol_versions(&list("ssl.enabled.protocols", "TLSv1.2,TLSv1.3"))?;
    let suites = cipher_suites(&list("ssl.cipher.suites", ""))?;
    // ring, not aws-lc-rs (which needs cmake to build): rustls marks ring's provider
    // deprecated for lacking post-quantum key exchange, which Java clients do not offer yet.
    #[allow(deprecated)]
    let provider = rustls::crypto::CryptoProvider {
        cipher_suites: suites,
        ..rustls::crypto::ring::default_provider()
    };
    Ok((versions, Arc::new(provider)))
}

/// Whether a listener's connections are TLS (SSL, or SASL over TLS).
pub fn uses_tls(listener: &Listener) -> bool {
    matches!(
        listener.security_protocol,
        SecurityProtocol::Ssl | SecurityProtocol::SaslSsl
    )
}

/// `listener.name.<name in lower case>.`, Kafka's per-listener prefix.
pub fn listener_prefix(listener: &str) -> String {
    format!("listener.name.{}.", listener.to_ascii_lowercase())
}

/// The dynamic configs that concern `listener`'s TLS (`listener.name.<name>.ssl.*`).
pub fn dynamic_tls_settings(
    listener: &str,
    dynamic: &BTreeMap<String, String>,
) -> BTreeMap<String, String> {
    let prefix = format!("{}ssl.", listener_prefix(listener));
    dynamic
        .iter()
        .filter(|(key, _)| key.starts_with(&prefix))
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect()
}

/// Checks that every SSL listener whose TLS keys change from `current` to `wanted` (a
/// broker's dynamic configs before and after an AlterConfigs) still builds, and serves a
/// certificate compatible with the one it serves now, as Kafka validates a new key store before
/// it is stored; the error names the listener and what is wrong.
pub fn validate_dynamic(
    config: &BrokerConfig,
    current: &BTreeMap<String, String>,
    wanted: &BTreeMap<String, String>,
) -> Result<(), String> {
    for listener in config.client_listeners() {
        if !uses_tls(listener) {
            continue;
        }
        let name = &listener.name;
        if dynamic_tls_settings(name, current) == dynamic_tls_settings(name, wanted) {
            continue;
        }
        let check = || {
            let new = ListenerTls::load_with(config, listener, wanted)?;
            let old = ListenerTls::load_with(config, listener, current)?;
            new.check_reload_of(&old, config)
        };
        check().map_err(|e| format!("listener {name}: {e}"))?;
    }
    Ok(())
}

impl ListenerTls {
    /// Whether this configuration may replace `old` on a running listener: Kafka's
    /// `ssl.allow.dn.changes` / `ssl.allow.san.changes` (both false by default) keep the served
    /// certificate's subject and alternative names from changing under clients.
    pub fn check_reload_of(&self, old: &ListenerTls, config: &BrokerConfig) -> Result<(), String> {
        let allowed = |key: &str| {
            config
                .listener_setting(&self.listener, key)
                .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
        };
        let (new, old) = (&self.identity, &old.identity);
        if new.subject != old.subject && !allowed("ssl.allow.dn.changes") {
            return Err(format!(
                "Keystore DistinguishedName does not match: existing={{DN={}}}, new={{DN={}}} (set ssl.allow.dn.changes=true to allow it)",
                old.subject, new.subject
            ));
        }
        if new.subject_alt_names != old.subject_alt_names && !allowed("ssl.allow.san.changes") {
            return Err(format!(
                "Keystore SubjectAltNames do not match for DN={} (set ssl.allow.san.changes=true to allow it)",
                new.subject
            ));
        }
        Ok(())
    }
}

/// The files a listener's stores are read from (key store, trust store), for noticing that
/// one was replaced: a re-submitted `ssl.keystore.location` reloads a changed file in Kafka.
pub fn store_files(
    config: &BrokerConfig,
    listener: &Listener,
    dynamic: &BTreeMap<String, String>,
) -> Vec<String> {
    let prefix = listener_prefix(&listener.name);
    ["ssl.keystore.location", "ssl.truststore.location"]
        .iter()
        .filter_map(|key| {
            dynamic
                .get(&format!("{prefix}{key}"))
                .cloned()
                .or_else(|| config.listener_setting(&listener.name, key))
        })
        .collect()
}

fn store_type(get: &dyn Fn(&str) -> Option<String>, key: &str) -> Result<StoreType, String> {
    StoreType::from_name(key, &get(key).unwrap_or_else(|| "JKS".to_string()))
}

fn key_material(
    get: &dyn Fn(&str) -> Option<String>,
) -> Result<crate::keystore::KeyMaterial, String> {
    let declared = store_type(get, "ssl.keystore.type")?;
    let source = match (
        get("ssl.keystore.location"),
        get("ssl.keystore.key"),
        get("ssl.keystore.certificate.chain"),
    ) {
        (Some(path), None, None) => Source::File(path),
        (None, Some(key), Some(chain)) => {
            if declared != StoreType::Pem {
                return Err(
                    "ssl.keystore.key and ssl.keystore.certificate.chain need ssl.keystore.type=PEM"
                        .to_string(),
                );
            }
            Source::Inline(format!("{key}\n{chain}\n"))
        }
        (None, None, None) => {
            return Err("an SSL listener needs a key store: set ssl.keystore.location, or ssl.keystore.key and ssl.keystore.certificate.chain (PEM)".to_string())
        }
        _ => {
            return Err("set either ssl.keystore.location or both ssl.keystore.key and ssl.keystore.certificate.chain".to_string())
        }
    };
    load_key_store(
        &source,
        declared,
        get("ssl.keystore.password").as_deref(),
        get("ssl.key.password").as_deref(),
    )
}

fn trust_roots(get: &dyn Fn(&str) -> Option<String>) -> Result<Option<RootCertStore>, String> {
    let declared = store_type(get, "ssl.truststore.type")?;
    let source = match (
        get("ssl.truststore.location"),
        get("ssl.truststore.certificates"),
    ) {
        (Some(path), None) => Source::File(path),
        (None, Some(text)) => Source::Inline(text),
        (None, None) => return Ok(None),
        (Some(_), Some(_)) => {
            return Err(
                "set either ssl.truststore.location or ssl.truststore.certificates".to_string(),
            )
        }
    };
    let certs = load_trust_store(&source, declared, get("ssl.truststore.password").as_deref())?;
    let mut roots = RootCertStore::empty();
    for cert in certs {
        roots
            .add(cert)
            .map_err(|e| format!("ssl.truststore: a certificate is not usable as a root: {e}"))?;
    }
    Ok(Some(roots))
}

/// The TLS client configuration this node uses to reach its peers' `listener` (the
/// inter-broker listener for replica fetchers and transaction markers, the controller listener
/// for the metadata quorum, registrations and forwarded requests), as Kafka's inter-broker and
/// controller SSL clients: the peers' certificates are verified against the listener's trust
/// store (`ssl.truststore.*`, required), this node's key store (`ssl.keystore.*`) is presented
/// as its client certificate when one is configured (for peers with `ssl.client.auth=required`),
/// with the listener's protocols and cipher suites; the peer's host name or IP is checked
/// against its certificate unless `ssl.endpoint.identification.algorithm` is empty (Kafka's
/// default is `https`: checked).
pub fn peer_client_tls(
    config: &BrokerConfig,
    listener: &str,
) -> Result<Arc<rustls::ClientConfig>, String> {
    let get = |key: &str| config.listener_setting(listener, key);
    let (versions, provider) = protocols_and_provider(&get)?;
    let roots = trust_roots(&get)?.ok_or_else(|| {
        format!(
            "listener {listener} uses TLS between nodes: its ssl.truststore.location (or \
             ssl.truststore.certificates) must hold the CA that signed the nodes' certificates"
        )
    })?;
    let has_keys = get("ssl.keystore.location").is_some() || get("ssl.keystore.key").is_some();
    let keys = has_keys.then(|| key_material(&get)).transpose()?;
    let verifier = rustls::client::WebPkiServerVerifier::builder_with_provider(
        Arc::new(roots),
        provider.clone(),
    )
    .build()
    .map_err(|e| format!("ssl.truststore: {e}"))?;
    let check_names = get("ssl.endpoint.identification.algorithm")
        .is_none_or(|algorithm| !algorithm.trim().is_empty());
    let verifier: Arc<dyn rustls::client::danger::ServerCertVerifier> = if check_names {
        verifier
    } else {
        Arc::new(AnyName(verifier))
    };
    let builder = rustls::ClientConfig::builder_with_provider(provider)
        .with_protocol_versions(&versions)
        .map_err(|e| format!("ssl.cipher.suites has no suite for the ssl.enabled.protocols: {e}"))?
        .dangerous()
        .with_custom_certificate_verifier(verifier);
    let client = match keys {
        Some(keys) => builder
            .with_client_auth_cert(keys.chain, keys.key)
            .map_err(|e| format!("ssl.keystore: the key does not fit the certificate: {e}"))?,
        None => builder.with_no_client_auth(),
    };
    Ok(Arc::new(client))
}

/// `ssl.endpoint.identification.algorithm=` (empty): the chain is verified against the trust
/// store, but not the leader's name (Kafka's way to turn host-name verification off).
#[derive(Debug)]
struct AnyName(Arc<rustls::client::WebPkiServerVerifier>);

impl rustls::client::danger::ServerCertVerifier for AnyName {
    fn verify_server_cert(
        &self,
        end_entity: &rustls::pki_types::CertificateDer<'_>,
        intermediates: &[rustls::pki_types::CertificateDer<'_>],
        server_name: &rustls::pki_types::ServerName<'_>,
        ocsp_response: &[u8],
        now: rustls::pki_types::UnixTime,
    ) -> Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
        match self
            .0
            .verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
        {
            Err(rustls::Error::InvalidCertificate(
                rustls::CertificateError::NotValidForName
                | rustls::CertificateError::NotValidForNameContext { .. },
            )) => Ok(rustls::client::danger::ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.0.supported_verify_schemes()
    }
}
