//! The TLS side of a connection: the server handshake on the shard's reactor, bounded in time
//! (`limits::tls_handshake_max`) and memory (rustls bounds its own buffers; handshakes count
//! against `max.connections` like any connection), and the principal the client certificate
//! maps to.

use crate::reject_log::Rejection;
use config::{BrokerConfig, Listener};
use futures_rustls::server::TlsStream;
use futures_rustls::TlsAcceptor;
use glommio::net::TcpStream;
use model::NodeId;
use runtime::Shard;
use security::{KafkaPrincipal, ListenerTls};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

/// The first byte of every TLS connection: a handshake record (content type 22).
const TLS_HANDSHAKE_RECORD: u8 = 0x16;

/// How a listener's connections are secured.
pub(crate) enum ListenerSecurity {
    Plaintext,
    Tls {
        config: Arc<ListenerTls>,
        acceptor: TlsAcceptor,
    },
}

impl ListenerSecurity {
    pub(crate) fn tls(config: Arc<ListenerTls>) -> ListenerSecurity {
        let acceptor = TlsAcceptor::from(config.server.clone());
        ListenerSecurity::Tls { config, acceptor }
    }
}

/// A listener's security on this shard. A TLS listener's configuration is rebuilt when this
/// broker's dynamic `listener.name.<name>.ssl.*` configs change (kafka-configs --entity-type
/// brokers --alter, validated by the handlers before it is stored) or a store file is replaced
/// (taken as the operator's decision: no subject check), checked as each connection is
/// accepted: connections open already keep the configuration they were accepted with, as in
/// Kafka.
pub(crate) enum Security {
    Plaintext(Rc<ListenerSecurity>),
    Tls(RefCell<Reloadable>),
}

pub(crate) struct Reloadable {
    config: Arc<BrokerConfig>,
    listener: Listener,
    /// What `current` was built from: the dynamic TLS settings and the store files' times.
    dynamic: BTreeMap<String, String>,
    stamps: Vec<Option<SystemTime>>,
    current: Rc<ListenerSecurity>,
}

impl Security {
    pub(crate) fn new(
        config: &Arc<BrokerConfig>,
        listener: &Listener,
        tls: Option<Arc<ListenerTls>>,
    ) -> Security {
        let Some(tls) = tls else {
            return Security::Plaintext(Rc::new(ListenerSecurity::Plaintext));
        };
        let dynamic = BTreeMap::new();
        Security::Tls(RefCell::new(Reloadable {
            stamps: stamps(&security::store_files(config, listener, &dynamic)),
            config: config.clone(),
            listener: listener.clone(),
            dynamic,
            current: Rc::new(ListenerSecurity::tls(tls)),
        }))
    }

    /// The security to accept the next connection with.
    pub(crate) fn current(&self, shard: &Shard) -> Rc<ListenerSecurity> {
        match self {
            Security::Plaintext(plaintext) => plaintext.clone(),
            Security::Tls(reloadable) => reloadable.borrow_mut().current(shard),
        }
    }
}

impl Reloadable {
    fn current(&mut self, shard: &Shard) -> Rc<ListenerSecurity> {
        let all = shard
            .image()
            .broker_configs(Some(NodeId(self.config.node_id)));
        let dynamic = security::dynamic_tls_settings(&self.listener.name, &all);
        let files = security::store_files(&self.config, &self.listener, &dynamic);
        let stamps = stamps(&files);
        if dynamic == self.dynamic && stamps == self.stamps {
            return self.current.clone();
        }
        // No certificate identity check here (AlterConfigs made it before the change was
        // stored): each shard reloads lazily, at its next accept, so a shard may skip states
        // another one saw, and comparing against its own previous certificate would let the
        // shards disagree. Every shard builds from the same settings and files, so they agree.
        match ListenerTls::load_with(&self.config, &self.listener, &dynamic) {
            Ok(tls) => {
                tracing::info!(shard = shard.id.0, listener = %self.listener.name, files = ?files, "TLS configuration reloaded");
                self.current = Rc::new(ListenerSecurity::tls(Arc::new(tls)));
            }
            Err(e) => tracing::warn!(
                shard = shard.id.0,
                listener = %self.listener.name,
                error = %e,
                "TLS configuration not reloaded; keeping the previous one"
            ),
        }
        // A failed build is not retried until something changes again.
        self.dynamic = dynamic;
        self.stamps = stamps;
        self.current.clone()
    }
}

/// The modification times of `files` (None for one that cannot be read).
fn stamps(files: &[String]) -> Vec<Option<SystemTime>> {
    files
        .iter()
        .map(|f| std::fs::metadata(f).and_then(|m| m.modified()).ok())
        .collect()
}

/// Runs the server handshake within `limit`; on success the stream and the principal the
/// client authenticated as (`User:ANONYMOUS` without a certificate).
pub(crate) async fn handshake(
    stream: TcpStream,
    config: &ListenerTls,
    acceptor: &TlsAcceptor,
    limit: Duration,
) -> Result<Option<(TlsStream<TcpStream>, KafkaPrincipal)>, Rejection> {
    let deadline = std::time::Instant::now() + limit;
    let timed_out = || {
        Rejection::new(
            "tls",
            "handshake_timeout",
            format!(
                "TLS handshake on listener {} not finished in {} ms",
                config.listener,
                limit.as_millis()
            ),
        )
    };
    // A Kafka request's first byte is its size's high byte, never 0x16 for a sane frame: a
    // plaintext client on a TLS port is told apart before rustls reads anything.
    let mut first = [0u8; 1];
    match runtime::with_deadline(stream.peek(&mut first), limit).await {
        None => return Err(timed_out()),
        Some(Ok(0)) => return Ok(None),
        Some(Ok(_)) if first[0] != TLS_HANDSHAKE_RECORD => {
            return Err(Rejection::new(
                "tls",
                "not_tls",
                format!(
                    "plaintext bytes (first byte {:#04x}) on TLS listener {}: is the client configured with security.protocol=SSL?",
                    first[0], config.listener
                ),
            ))
        }
        Some(Ok(_)) => {}
        Some(Err(e)) => {
            return Err(Rejection::new("tls", "read_failed", format!("{e}")));
        }
    }
    let left = deadline.saturating_duration_since(std::time::Instant::now());
    let stream = match runtime::with_deadline(acceptor.accept(stream), left).await {
        None => return Err(timed_out()),
        Some(Ok(stream)) => stream,
        Some(Err(e)) => {
            return Err(Rejection::new(
                "tls",
                "handshake_failed",
                format!("TLS handshake on listener {} failed: {e}", config.listener),
            ))
        }
    };
    let principal = match stream.get_ref().1.peer_certificates() {
        Some([certificate, ..]) => config
            .principal_mapper
            .principal(certificate)
            .map_err(|e| Rejection::new("tls", "principal", e))?,
        _ => KafkaPrincipal::anonymous(),
    };
    Ok(Some((stream, principal)))
}
