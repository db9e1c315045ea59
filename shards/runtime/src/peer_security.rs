//! The security of this node's own traffic, as Kafka secures it: the client side of its
//! connections to peers (replica fetchers and transaction markers to the inter-broker
//! listener, `fetcher`; quorum links to the controller listener, `raft_net`) and the server
//! side of the controller listener's peer connections. What each side uses is built once, at
//! start, by `security` (`PeerClient`, the controller listener's `ListenerTls` and
//! `SaslListener`); this module runs the exchanges over glommio streams.
//!
//! Kafka's controllers speak Kafka's protocol (SaslHandshake, SaslAuthenticate) on their
//! listener; Sluice's quorum links speak their own (`raft_net`), so on a SASL controller
//! listener the SASL exchange sits between the link's magic and its hello, in frames of its
//! own (the tokens are the mechanism's, the same as in SaslAuthenticate):
//!
//! ```text
//! client: frame(mechanism name) frame(token)          frame(token) ...
//! server:                       status frame(answer)  status frame(answer) ...
//! frame  := len:u32 bytes            (big-endian; at most SASL_FRAME_MAX bytes)
//! status := 0 (a challenge: the exchange goes on) | 1 (complete) | 2 (failed: the answer is
//!           the reason, as SaslAuthenticate's error message)
//! ```
//!
//! A peer that authenticated (SASL, or a client certificate on SSL) is authorized as Kafka's
//! controllers authorize raft, registration and forwarded requests: CLUSTER_ACTION on the
//! cluster (`super.users` or an ACL), when an authorizer is configured. A PLAINTEXT controller
//! listener authenticates nobody and is not checked (unchanged from before).

use crate::shard::Shard;
use futures::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use glommio::net::TcpStream;
use security::{KafkaPrincipal, SaslContext, SaslListener, SaslStep};
use std::sync::Arc;
use std::time::Duration;

/// A connection's bytes: plaintext, or TLS over the same socket.
pub(crate) trait ByteStream: futures::AsyncRead + futures::AsyncWrite + Unpin {}
impl<T: futures::AsyncRead + futures::AsyncWrite + Unpin> ByteStream for T {}

/// A peer connection of either kind.
pub(crate) type PeerStream = Box<dyn ByteStream>;

/// What a node secures its own traffic with, built once per process (`security`).
#[derive(Clone, Debug, Default)]
pub struct PeerSecurity {
    /// Towards the other brokers' inter-broker listener (`None`: not a broker).
    pub inter_broker: Option<security::PeerClient>,
    /// Towards the controllers' listener (`None`: the embedded single node).
    pub controller: Option<security::PeerClient>,
    /// This controller's listener, as it serves peers and Kafka clients.
    pub controller_tls: Option<Arc<security::ListenerTls>>,
    pub controller_sasl: Option<Arc<SaslListener>>,
}

/// Longest SASL frame on a quorum link (a SCRAM message is well under 1 KiB).
const SASL_FRAME_MAX: usize = 64 * 1024;
const CHALLENGE: u8 = 0;
const COMPLETE: u8 = 1;
const FAILED: u8 = 2;

/// TLS towards a peer at `host` (its certificate is checked against that name or IP).
pub(crate) async fn tls_connect(
    tls: &Arc<rustls::ClientConfig>,
    host: &str,
    tcp: TcpStream,
    timeout: Duration,
) -> anyhow::Result<futures_rustls::client::TlsStream<TcpStream>> {
    let name = rustls::pki_types::ServerName::try_from(host.to_string())
        .map_err(|e| anyhow::anyhow!("{host} is not a TLS server name: {e}"))?;
    let connector = futures_rustls::TlsConnector::from(tls.clone());
    crate::with_deadline(connector.connect(name, tcp), timeout)
        .await
        .ok_or_else(|| anyhow::anyhow!("TLS handshake with {host} timed out"))?
        .map_err(|e| anyhow::anyhow!("TLS handshake with {host}: {e}"))
}

/// The connecting side's SASL exchange on a quorum link; `Err` says why, naming the listener.
pub(crate) async fn authenticate_to_controller<S: AsyncRead + AsyncWrite + Unpin>(
    stream: &mut S,
    credentials: &security::PeerCredentials,
    listener: &str,
) -> Result<(), String> {
    let mechanism = &credentials.mechanism;
    let failed = |detail: String| {
        format!("SASL/{mechanism} authentication on listener {listener} failed: {detail}")
    };
    let mut client = credentials.client();
    write_frame(stream, mechanism.as_bytes())
        .await
        .map_err(failed)?;
    let mut token = client.initial();
    loop {
        write_frame(stream, &token).await.map_err(failed)?;
        let mut status = [0u8; 1];
        stream
            .read_exact(&mut status)
            .await
            .map_err(|e| failed(format!("the controller closed the connection ({e})")))?;
        let answer = read_frame(stream).await.map_err(failed)?;
        match status[0] {
            CHALLENGE | COMPLETE => {}
            FAILED => return Err(failed(String::from_utf8_lossy(&answer).into_owned())),
            other => return Err(failed(format!("status {other} from the controller"))),
        }
        match client.next(&answer).map_err(failed)? {
            Some(next) if status[0] == CHALLENGE => token = next,
            None if status[0] == COMPLETE => return Ok(()),
            _ => return Err(failed("the exchange ended out of step".to_string())),
        }
    }
}

/// The accepting side's SASL exchange on a quorum link, then the CLUSTER_ACTION check; the
/// principal, or why it was refused (the peer was told).
pub(crate) async fn authenticate_peer<S: AsyncRead + AsyncWrite + Unpin>(
    shard: &Shard,
    stream: &mut S,
    sasl: &SaslListener,
    peer_host: &str,
) -> Result<KafkaPrincipal, String> {
    let listener = &sasl.listener;
    let mechanism = read_frame(stream).await?;
    let mechanism = String::from_utf8_lossy(&mechanism).into_owned();
    let Some(mut server) = sasl.server(&mechanism) else {
        let reason = format!("Unsupported SASL mechanism {mechanism}");
        let _ = answer(stream, FAILED, reason.as_bytes()).await;
        return Err(format!("a peer on listener {listener}: {reason}"));
    };
    loop {
        let token = read_frame(stream).await?;
        let image = shard.image();
        let lookup = |user: &str, m: security::ScramMechanism| scram_credential(&image, user, m);
        let ctx = SaslContext {
            scram: &lookup,
            now_ms: unix_ms(),
            reauthenticating: false,
        };
        match server.evaluate(sasl, &token, &ctx) {
            Ok(SaslStep::Challenge(challenge)) => {
                answer(stream, CHALLENGE, &challenge).await?;
            }
            Ok(SaslStep::Complete {
                response,
                principal,
                ..
            }) => {
                if let Err(reason) = authorize_peer(shard, &principal, peer_host) {
                    let _ = answer(stream, FAILED, reason.as_bytes()).await;
                    return Err(format!("listener {listener}: {reason}"));
                }
                answer(stream, COMPLETE, &response).await?;
                return Ok(principal);
            }
            Err(failure) => {
                let _ = answer(stream, FAILED, failure.client_message.as_bytes()).await;
                return Err(format!(
                    "SASL/{mechanism} authentication of a peer on listener {listener} failed: {}",
                    failure.detail
                ));
            }
        }
    }
}

/// Kafka's controllers: raft, registrations, heartbeats and forwarded requests need
/// CLUSTER_ACTION on the cluster (with an authorizer configured).
pub(crate) fn authorize_peer(
    shard: &Shard,
    principal: &KafkaPrincipal,
    peer_host: &str,
) -> Result<(), String> {
    let config = &shard.config;
    if !config.authorizer_enabled {
        return Ok(());
    }
    let authorizer =
        metadata::acl::Authorizer::new(&config.super_users, config.allow_everyone_if_no_acl_found);
    let text = principal.to_string();
    let who = metadata::acl::Requester {
        principal: &text,
        host: peer_host,
    };
    let image = shard.image();
    let decision = authorizer.authorize(
        image.acls(),
        who,
        metadata::acl::AclOperation::ClusterAction,
        metadata::acl::ResourceType::Cluster,
        metadata::acl::CLUSTER_NAME,
    );
    if decision.allowed {
        Ok(())
    } else {
        Err(format!(
            "Principal = {text} is not authorized for CLUSTER_ACTION on the cluster (add it to super.users or grant it by ACL)"
        ))
    }
}

/// A user's SCRAM credential for `mechanism` from a shard's metadata image.
pub fn scram_credential(
    image: &metadata::Image,
    user: &str,
    mechanism: security::ScramMechanism,
) -> Option<security::ScramCredential> {
    image
        .scram_credential(user, mechanism.type_id())
        .map(|c| security::ScramCredential {
            salt: c.salt.clone(),
            stored_key: c.stored_key.clone(),
            server_key: c.server_key.clone(),
            iterations: c.iterations,
        })
}

/// Unix milliseconds now (credential expiry).
pub fn unix_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

async fn answer<S: AsyncWrite + Unpin>(
    stream: &mut S,
    status: u8,
    bytes: &[u8],
) -> Result<(), String> {
    stream
        .write_all(&[status])
        .await
        .map_err(|e| e.to_string())?;
    write_frame(stream, bytes).await
}

async fn write_frame<S: AsyncWrite + Unpin>(stream: &mut S, bytes: &[u8]) -> Result<(), String> {
    let len = u32::try_from(bytes.len()).map_err(|_| "a SASL frame too large".to_string())?;
    let mut frame = len.to_be_bytes().to_vec();
    frame.extend_from_slice(bytes);
    stream.write_all(&frame).await.map_err(|e| e.to_string())?;
    stream.flush().await.map_err(|e| e.to_string())
}

async fn read_frame<S: AsyncRead + Unpin>(stream: &mut S) -> Result<Vec<u8>, String> {
    let mut len = [0u8; 4];
    stream
        .read_exact(&mut len)
        .await
        .map_err(|e| e.to_string())?;
    let len = u32::from_be_bytes(len) as usize;
    if len > SASL_FRAME_MAX {
        return Err(format!(
            "a SASL frame of {len} bytes (at most {SASL_FRAME_MAX})"
        ));
    }
    let mut bytes = vec![0u8; len];
    stream
        .read_exact(&mut bytes)
        .await
        .map_err(|e| e.to_string())?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Both sides of the exchange over an in-memory duplex pipe, without a shard: the
    /// client's messages go through `write_frame` and come back through `read_frame`.
    #[test]
    fn frames_round_trip_and_refuse_oversized() {
        futures::executor::block_on(async {
            let mut buffer = futures::io::Cursor::new(Vec::new());
            write_frame(&mut buffer, b"SCRAM-SHA-512").await.unwrap();
            buffer.set_position(0);
            assert_eq!(read_frame(&mut buffer).await.unwrap(), b"SCRAM-SHA-512");
            let mut big =
                futures::io::Cursor::new((SASL_FRAME_MAX as u32 + 1).to_be_bytes().to_vec());
            assert!(read_frame(&mut big)
                .await
                .unwrap_err()
                .contains("a SASL frame of"));
        });
    }
}
