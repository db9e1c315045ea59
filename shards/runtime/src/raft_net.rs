//! Raft traffic between controllers, over the CONTROLLER listener (`controller.listener.names`).
//!
//! Shard 0 of every controller binds the controller listener and keeps one outgoing connection
//! per peer voter. A connection opens with a preamble, then carries frames one way:
//!
//! ```text
//! preamble := "SLRAFT01" from_raft_id:u64 cluster_id_len:u16 cluster_id
//! frame    := kind:u8 len:u32 crc32c(payload):u32 payload      (integers big-endian)
//! kind 0   := a raft-rs message (protobuf eraftpb::Message)
//! kind 1   := a broker registration for the leader to commit (a metadata record batch)
//! kind 2   := a controller request forwarded to the leader (`forward`), kind 3 its answer
//! ```
//!
//! The magic's first four bytes read as a Kafka frame size of 1.4 GB, beyond any
//! `socket.request.max.bytes`, so the two protocols cannot be confused. A preamble from another
//! cluster, an oversized or corrupt frame closes the connection with one log line. Messages are
//! fire-and-forget: raft tolerates loss, so a peer that is down costs the messages queued for
//! it (bounded), and the link reconnects with a back-off.

use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::rc::Rc;
use std::time::Duration;

use futures::{AsyncReadExt, AsyncWriteExt};
use glommio::net::{TcpListener, TcpStream};
use metadata::eraftpb::Message;
use metadata::MetadataRecord;

use crate::notify::Notify;
use crate::quorum::RaftTransport;
use crate::shard::Shard;

const MAGIC: &[u8; 8] = b"SLRAFT01";
pub(crate) const KIND_RAFT: u8 = 0;
pub(crate) const KIND_REGISTER: u8 = 1;
pub(crate) const KIND_FORWARD_REQUEST: u8 = 2;
pub(crate) const KIND_FORWARD_RESPONSE: u8 = 3;
const FRAME_HEADER_BYTES: usize = 9;
/// Largest frame: a raft message carrying a snapshot of the whole image.
const FRAME_PAYLOAD_MAX: usize = 256 * 1024 * 1024;
/// Frames queued per peer while it is unreachable; older ones are dropped first.
const PEER_QUEUE_MAX: usize = 4096;
const RECONNECT_BACKOFF: Duration = Duration::from_millis(100);

/// A peer voter: raft id and `host:port` of its controller listener.
#[derive(Clone, Debug)]
pub struct Peer {
    pub raft_id: u64,
    pub address: String,
}

struct PeerLink {
    peer: Peer,
    queue: RefCell<VecDeque<(u8, Vec<u8>)>>,
    wake: Notify,
}

/// The outgoing side: one link (task + queue) per peer.
pub struct PeerTransport {
    links: HashMap<u64, Rc<PeerLink>>,
}

impl PeerTransport {
    /// Starts one link task per peer on this shard.
    pub(crate) fn start(shard: &Rc<Shard>, own_raft_id: u64, peers: Vec<Peer>) -> PeerTransport {
        let mut links = HashMap::new();
        for peer in peers {
            let link = Rc::new(PeerLink {
                peer: peer.clone(),
                queue: RefCell::new(VecDeque::new()),
                wake: Notify::default(),
            });
            glommio::spawn_local(run_link(shard.clone(), own_raft_id, link.clone())).detach();
            links.insert(peer.raft_id, link);
        }
        PeerTransport { links }
    }

    /// Queues one frame for `to` (dropped if `to` is no peer).
    pub(crate) fn send_frame(&self, to: u64, kind: u8, payload: Vec<u8>) {
        let Some(link) = self.links.get(&to) else {
            tracing::debug!(to, "metadata: no link to raft peer");
            return;
        };
        let mut queue = link.queue.borrow_mut();
        if queue.len() >= PEER_QUEUE_MAX {
            queue.pop_front();
        }
        queue.push_back((kind, payload));
        drop(queue);
        link.wake.notify_all();
    }
}

impl RaftTransport for PeerTransport {
    fn send(&self, messages: Vec<Message>) {
        for message in messages {
            let to = message.to;
            self.send_frame(to, KIND_RAFT, metadata::encode_message(&message));
        }
    }
}

fn frame(kind: u8, payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(FRAME_HEADER_BYTES + payload.len());
    out.push(kind);
    out.extend_from_slice(&(payload.len() as u32).to_be_bytes());
    out.extend_from_slice(&crc32c::crc32c(payload).to_be_bytes());
    out.extend_from_slice(payload);
    out
}

fn preamble(own_raft_id: u64, cluster_id: &str) -> Vec<u8> {
    let mut out = MAGIC.to_vec();
    out.extend_from_slice(&own_raft_id.to_be_bytes());
    out.extend_from_slice(&(cluster_id.len() as u16).to_be_bytes());
    out.extend_from_slice(cluster_id.as_bytes());
    out
}

async fn run_link(shard: Rc<Shard>, own_raft_id: u64, link: Rc<PeerLink>) {
    let mut stream: Option<TcpStream> = None;
    let mut failures = 0u32;
    loop {
        if shard.is_shutting_down() {
            return;
        }
        if link.queue.borrow().is_empty() {
            let woken = link.wake.notified();
            let event = shard.next_event();
            futures::pin_mut!(woken, event);
            futures::future::select(woken, event).await;
            continue;
        }
        if stream.is_none() {
            // Host names resolve on glommio's blocking pool (getaddrinfo blocks).
            let address = link.peer.address.clone();
            let resolved = glommio::executor()
                .spawn_blocking(move || {
                    use std::net::ToSocketAddrs;
                    address.to_socket_addrs().map(|mut a| a.next())
                })
                .await;
            let connected = match resolved {
                Ok(Some(addr)) => TcpStream::connect(addr).await,
                Ok(None) => Err(std::io::Error::other("the address resolves to nothing").into()),
                Err(e) => Err(e.into()),
            };
            match connected {
                Ok(mut s) => {
                    let _ = s.set_nodelay(true);
                    if s.write_all(&preamble(own_raft_id, &shard.cluster_id))
                        .await
                        .is_ok()
                    {
                        if failures > 0 {
                            tracing::info!(peer = link.peer.raft_id - 1, address = %link.peer.address, "metadata: connected to controller");
                        }
                        failures = 0;
                        stream = Some(s);
                    }
                }
                Err(e) => {
                    if failures == 0 {
                        tracing::warn!(peer = link.peer.raft_id - 1, address = %link.peer.address, error = %e, "metadata: cannot reach controller; retrying");
                    }
                    failures += 1;
                }
            }
            if stream.is_none() {
                // What was queued is stale by the time the peer is back; raft resends.
                link.queue.borrow_mut().clear();
                glommio::timer::sleep(RECONNECT_BACKOFF).await;
                continue;
            }
        }
        let batch: Vec<(u8, Vec<u8>)> = link.queue.borrow_mut().drain(..).collect();
        let mut bytes = Vec::new();
        for (kind, payload) in &batch {
            bytes.extend(frame(*kind, payload));
        }
        let s = stream.as_mut().expect("connected above");
        if let Err(e) = s.write_all(&bytes).await {
            tracing::debug!(peer = link.peer.raft_id - 1, error = %e, "metadata: connection to controller lost");
            stream = None;
        }
    }
}

/// Accepts raft connections on the controller listener (shard 0 only). As in `network`, the
/// pending accept is kept until it completes (dropping an io_uring accept can lose a
/// connection) and polled again only when it or the shutdown wakes it (not on every
/// cross-shard event: each poll of a pending socket op keeps a waker clone).
pub(crate) async fn serve(shard: Rc<Shard>, listener: TcpListener) {
    let listener = Rc::new(listener);
    let stop = Rc::new(Notify::default());
    let watcher = {
        let (shard, stop) = (shard.clone(), stop.clone());
        glommio::spawn_local(async move {
            loop {
                let event = shard.next_event();
                if shard.is_shutting_down() {
                    break;
                }
                event.await;
            }
            stop.notify_all();
        })
    };
    let next = || {
        let listener = listener.clone();
        Box::pin(async move { listener.accept().await })
    };
    let mut accept = next();
    loop {
        if shard.is_shutting_down() {
            break;
        }
        let stopped = stop.notified();
        futures::pin_mut!(stopped);
        match futures::future::select(&mut accept, stopped).await {
            futures::future::Either::Left((result, _)) => {
                accept = next();
                match result {
                    Ok(stream) => {
                        let shard = shard.clone();
                        glommio::spawn_local(async move {
                            if let Err(reason) = serve_peer(&shard, stream).await {
                                tracing::info!(%reason, "metadata: closed a controller connection");
                            }
                        })
                        .detach();
                    }
                    Err(e) => {
                        tracing::warn!(error = %e, "metadata: accept on the controller listener failed");
                    }
                }
            }
            futures::future::Either::Right(_) => break,
        }
    }
    watcher.await;
}

async fn serve_peer(shard: &Rc<Shard>, mut stream: TcpStream) -> Result<(), String> {
    let mut head = [0u8; 18];
    read_exact(&mut stream, &mut head).await?;
    if &head[..8] != MAGIC {
        return Err("not a Sluice controller (bad preamble); the controller listener carries only the metadata quorum's traffic".into());
    }
    let from = u64::from_be_bytes(head[8..16].try_into().expect("8 bytes"));
    let cluster_len = u16::from_be_bytes([head[16], head[17]]) as usize;
    let mut cluster = vec![0u8; cluster_len];
    read_exact(&mut stream, &mut cluster).await?;
    if cluster != shard.cluster_id.as_bytes() {
        return Err(format!(
            "controller {} belongs to cluster {}, this node to {}",
            from.saturating_sub(1),
            String::from_utf8_lossy(&cluster),
            shard.cluster_id
        ));
    }
    let quorum = shard.quorum().ok_or("no metadata quorum on this node")?;
    loop {
        let mut header = [0u8; FRAME_HEADER_BYTES];
        if let Err(e) = read_exact(&mut stream, &mut header).await {
            if shard.is_shutting_down() {
                return Ok(());
            }
            return Err(e);
        }
        let kind = header[0];
        let len = u32::from_be_bytes(header[1..5].try_into().expect("4 bytes")) as usize;
        let crc = u32::from_be_bytes(header[5..9].try_into().expect("4 bytes"));
        if len > FRAME_PAYLOAD_MAX {
            return Err(format!("frame of {len} bytes from controller {}", from - 1));
        }
        let payload = read_claimed(&mut stream, len).await?;
        if crc32c::crc32c(&payload) != crc {
            return Err(format!("corrupt frame from controller {}", from - 1));
        }
        match kind {
            KIND_RAFT => {
                let message = metadata::decode_message(&payload)
                    .map_err(|e| format!("undecodable raft message: {e}"))?;
                if message.from != from {
                    return Err(format!(
                        "raft message from {} on the connection of {}",
                        message.from, from
                    ));
                }
                quorum.receive(message);
            }
            KIND_REGISTER => {
                let records = metadata::record::decode_batch(&payload)
                    .map_err(|e| format!("undecodable registration: {e}"))?;
                for record in records {
                    match &record {
                        MetadataRecord::RegisterBroker { node_id, .. }
                            if metadata::raft_id(*node_id).ok() == Some(from) =>
                        {
                            crate::membership::register_for_peer(shard, record);
                        }
                        _ => return Err("a registration for another node".into()),
                    }
                }
            }
            KIND_FORWARD_REQUEST => crate::forward::serve(shard, from, payload)?,
            KIND_FORWARD_RESPONSE => {
                if let Some(forwarder) = shard.forwarder() {
                    forwarder.answered(&payload)?;
                }
            }
            other => return Err(format!("unknown frame kind {other}")),
        }
    }
}

/// Reads `len` bytes a peer announced, growing the buffer as they arrive (never allocating
/// by the claim alone).
async fn read_claimed(stream: &mut TcpStream, len: usize) -> Result<Vec<u8>, String> {
    const STEP: usize = 64 * 1024;
    let mut payload = Vec::with_capacity(len.min(STEP));
    while payload.len() < len {
        let at = payload.len();
        let next = (len - at).min(STEP);
        payload.resize(at + next, 0);
        read_exact(stream, &mut payload[at..]).await?;
    }
    Ok(payload)
}

async fn read_exact(stream: &mut TcpStream, buf: &mut [u8]) -> Result<(), String> {
    stream.read_exact(buf).await.map_err(|e| e.to_string())
}
