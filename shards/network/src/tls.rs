//! The TLS side of a connection: the server handshake on the shard's reactor, bounded in time
//! (`limits::tls_handshake_max`) and memory (rustls bounds its own buffers; handshakes count
//! against `max.connections` like any connection), and the principal the client certificate
//! maps to.

use crate::reject_log::Rejection;
use futures_rustls::server::TlsStream;
use futures_rustls::TlsAcceptor;
use glommio::net::TcpStream;
use security::{KafkaPrincipal, ListenerTls};
use std::sync::Arc;
use std::time::Duration;

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
    match crate::connection::with_deadline(stream.peek(&mut first), limit).await {
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
    let stream = match crate::connection::with_deadline(acceptor.accept(stream), left).await {
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
