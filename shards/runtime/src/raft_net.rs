//! Raft traffic between controllers, over the CONTROLLER listener (`controller.listener.names`).
//!
//! Shard 0 of every controller binds the controller listener. Every node keeps one outgoing
//! connection to each voter whose address it knows (`controller.quorum.voters`, or the
//! `ControllerEndpoints` a dynamic quorum records; the links follow the voter set) and one to
//! each `controller.quorum.bootstrap.servers` entry. Links stay connected whether or not they
//! have something to send, and reopen when the other side closes them, so that a node no link
//! reaches (a broker-only node, a controller not yet a voter) is always reachable over the
//! connections it opened, whichever controller leads. Each side sends FlatBuffers `Envelope`s
//! (`src/metadata/schema/rpc.fbs`; `metadata::rpc` encodes, frames and decodes them) in
//! CRC-checked frames:
//!
//! ```text
//! connection := [TLS] "SLRAFT03" [sasl] frame(Hello) frame*   (the connecting side)
//!               [TLS] [sasl] frame(Hello) frame*              (the accepting side's answer)
//! TLS        := the controller listener is SSL or SASL_SSL: everything below runs inside it
//! sasl       := the listener is SASL_PLAINTEXT or SASL_SSL: `peer_security`'s exchange, with
//!               the peer's principal then authorized for CLUSTER_ACTION
//! frame      := len:u32 crc32c(envelope):u32 envelope      (integers big-endian)
//! envelope   := Envelope { version, message } (file identifier "SLRP"), message one of
//!   Hello           { from_raft_id, cluster_id }   the first frame, and only the first
//!   RaftMessage     { bytes }        a raft-rs message (raft-rs's own protobuf eraftpb::Message)
//!   Registration    { record, applied_index }  a broker's heartbeat (its registration, for
//!                                    the leader to commit) and the metadata index it applied
//!   ForwardRequest  { id, request }  a controller request forwarded to the leader (`forward`)
//!   ForwardResponse { id, result }   its answer
//! ```
//!
//! The accepting side's hello tells a bootstrap link whom it reached (its raft id); a message
//! for raft id X leaves over the link to X as a voter, else a bootstrap link that reached X,
//! else the connection X opened to this node.
//!
//! The magic's first four bytes ("SLRA") read as a Kafka frame size of 1.4 GB, beyond any
//! `socket.request.max.bytes`, so the two protocols cannot be confused: the listener also
//! serves Kafka clients (`kafka-metadata-quorum --bootstrap-controller`). A connection whose
//! first four bytes are anything else is handed, with them, to the client listeners' connection
//! code (`controller_listener`, installed by `network`), which answers the controller's APIs
//! (`protocol::versions::CONTROLLER_APIS`) and closes the connection on garbage or on any other
//! API, as Kafka's controllers do; one that sends nothing is closed after
//! `connections.max.idle.ms`. A preamble from another cluster or of an earlier wire format
//! (`SLRAFT01`, `SLRAFT02`), an oversized frame (the hello's at most 64 KiB, others 256 MiB,
//! refused before they are read), a corrupt frame or an undecodable message (an unknown
//! version or type included) closes the connection with one log line. Messages are
//! fire-and-forget: raft tolerates loss, so a peer that is down costs the messages queued for
//! it (bounded), and the link reconnects with a back-off. A connection the network dropped
//! silently is noticed within `controller.quorum.fetch.timeout.ms` (see [`set_liveness`]).

use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::rc::Rc;
use std::time::Duration;

use futures::{AsyncRead, AsyncReadExt, AsyncWriteExt};
use glommio::net::{TcpListener, TcpStream};
use metadata::eraftpb::Message;
use metadata::rpc::{self, FrameHeader, PeerMessage};
use metadata::MetadataRecord;

use crate::notify::Notify;
use crate::peer_security::PeerStream;
use crate::quorum::RaftTransport;
use crate::shard::Shard;

/// Test failpoint: `SLUICE_FAILPOINT_CUT_PEERS_FILE=PATH` names a file listing node ids, one
/// per line; while it lists a node, every message to and from it is dropped (and the replica
/// fetchers fetch nothing from it, `is_cut_node`), as a network
/// partition would (the cluster tests cut and heal links with it; no iptables needed). Read at
/// most every 50 ms.
struct CutPeers {
    path: Option<std::path::PathBuf>,
    checked: std::cell::Cell<Option<std::time::Instant>>,
    cut: RefCell<std::collections::HashSet<u64>>,
}

impl CutPeers {
    fn from_env() -> CutPeers {
        CutPeers {
            path: std::env::var_os("SLUICE_FAILPOINT_CUT_PEERS_FILE").map(Into::into),
            checked: std::cell::Cell::new(None),
            cut: RefCell::new(std::collections::HashSet::new()),
        }
    }

    /// Whether raft id `raft_id` is cut off from this node now.
    fn is_cut(&self, raft_id: u64) -> bool {
        let Some(path) = &self.path else {
            return false;
        };
        let now = std::time::Instant::now();
        let stale = self
            .checked
            .get()
            .is_none_or(|at| now.duration_since(at) >= Duration::from_millis(50));
        if stale {
            self.checked.set(Some(now));
            let listed = std::fs::read_to_string(path).unwrap_or_default();
            *self.cut.borrow_mut() = listed
                .lines()
                .filter_map(|l| l.trim().parse::<u64>().ok())
                .map(|node| node + 1)
                .collect();
        }
        self.cut.borrow().contains(&raft_id)
    }
}

thread_local! {
    static CUT: CutPeers = CutPeers::from_env();
}

fn is_cut(raft_id: u64) -> bool {
    CUT.with(|cut| cut.is_cut(raft_id))
}

/// The test failpoint's cut, by node id: the replica fetchers honour it too, so a cut node is
/// cut from the data path as well as from the metadata quorum.
pub(crate) fn is_cut_node(node: model::NodeId) -> bool {
    metadata::raft_id(node).is_ok_and(is_cut)
}

/// A controller connection that the network silently dropped (a partition, a peer's host
/// gone) must not wait for TCP's own retransmission limits (minutes): written data that stays
/// unacknowledged for `controller.quorum.fetch.timeout.ms` aborts it (`TCP_USER_TIMEOUT`), a
/// connection that carries nothing is probed every second after a second idle (keepalive,
/// bounded by the same timeout), and a connect gives up after that timeout too. The link then
/// reconnects, so a healed partition is back within about one fetch timeout.
fn set_liveness(fd: std::os::unix::io::RawFd, timeout: Duration) {
    let ms = libc::c_uint::try_from(timeout.as_millis()).unwrap_or(libc::c_uint::MAX);
    let set = |level: libc::c_int, name: libc::c_int, value: libc::c_int| {
        // SAFETY: `fd` is an open socket (its stream outlives the call), and
        // the option value is a plain int of the size given.
        let rc = unsafe {
            libc::setsockopt(
                fd,
                level,
                name,
                (&value as *const libc::c_int).cast(),
                std::mem::size_of::<libc::c_int>() as libc::socklen_t,
            )
        };
        if rc != 0 {
            tracing::debug!(name, error = %std::io::Error::last_os_error(), "metadata: a socket option could not be set");
        }
    };
    set(
        libc::IPPROTO_TCP,
        libc::TCP_USER_TIMEOUT,
        libc::c_int::try_from(ms).unwrap_or(libc::c_int::MAX),
    );
    set(libc::SOL_SOCKET, libc::SO_KEEPALIVE, 1);
    set(libc::IPPROTO_TCP, libc::TCP_KEEPIDLE, 1);
    set(libc::IPPROTO_TCP, libc::TCP_KEEPINTVL, 1);
}

/// The liveness timeout of controller connections (see [`set_liveness`]).
fn liveness_timeout(shard: &Shard) -> Duration {
    Duration::from_millis(shard.config.controller_quorum_fetch_timeout_ms.max(100))
}

/// Frames queued per peer while it is unreachable; older ones are dropped first.
const PEER_QUEUE_MAX: usize = 4096;
const RECONNECT_BACKOFF: Duration = Duration::from_millis(100);

/// A peer voter: raft id and `host:port` of its controller listener.
#[derive(Clone, Debug)]
pub struct Peer {
    pub raft_id: u64,
    pub address: String,
}

/// An outgoing connection's task and queue: to a known voter (`raft_id` set from the start),
/// or to a `controller.quorum.bootstrap.servers` entry, whose raft id is learned from the
/// hello the controller answers with.
struct PeerLink {
    raft_id: std::cell::Cell<Option<u64>>,
    address: String,
    frames: FrameQueue,
    /// The connection in use (counted from 1), and the last one whose reading side ended (the
    /// peer closed it, or it broke): the link reopens it even with nothing to send.
    connection: std::cell::Cell<u64>,
    ended: std::cell::Cell<u64>,
    /// Whether the last attempt was refused (TLS or SASL): logged once while it lasts.
    refused: std::cell::Cell<bool>,
}

impl PeerLink {
    fn new(raft_id: Option<u64>, address: String) -> Rc<PeerLink> {
        Rc::new(PeerLink {
            raft_id: std::cell::Cell::new(raft_id),
            address,
            frames: FrameQueue::default(),
            connection: std::cell::Cell::new(0),
            ended: std::cell::Cell::new(0),
            refused: std::cell::Cell::new(false),
        })
    }

    /// The peer's node id for log lines (-1 while unknown).
    fn node(&self) -> i64 {
        self.raft_id.get().map_or(-1, |id| id as i64 - 1)
    }
}

/// Encoded frames waiting for a connection's writer, bounded (oldest dropped first: raft
/// resends), with the wake-up of the task that writes them.
#[derive(Default)]
struct FrameQueue {
    queue: RefCell<VecDeque<Vec<u8>>>,
    wake: Notify,
}

impl FrameQueue {
    fn push(&self, frame: Vec<u8>) {
        let mut queue = self.queue.borrow_mut();
        if queue.len() >= PEER_QUEUE_MAX {
            queue.pop_front();
        }
        queue.push_back(frame);
        drop(queue);
        self.wake.notify_all();
    }

    fn is_empty(&self) -> bool {
        self.queue.borrow().is_empty()
    }

    fn clear(&self) {
        self.queue.borrow_mut().clear();
    }

    /// Everything queued, as one buffer to write.
    fn take_all(&self) -> Vec<u8> {
        self.queue
            .borrow_mut()
            .drain(..)
            .collect::<Vec<_>>()
            .concat()
    }

    /// Waits until something is queued, the shard has an event (shutdown among them), or
    /// at once if something already is.
    async fn wait(&self, shard: &Shard) {
        if !self.is_empty() {
            return;
        }
        let woken = self.wake.notified();
        let event = shard.next_event();
        futures::pin_mut!(woken, event);
        futures::future::select(woken, event).await;
    }
}

/// The outgoing side. A message for raft id `to` leaves over, in this order:
/// - the link to `to` as a voter whose address this node knows (`controller.quorum.voters`, or
///   the `ControllerEndpoints` a dynamic quorum records; links follow the voter set as it
///   changes, see [`PeerTransport::follow_voters`]);
/// - a link to a bootstrap server (`controller.quorum.bootstrap.servers`) that turned out to
///   be `to`;
/// - the connection `to` opened to this node (a broker-only node or a controller not yet a
///   voter has no address here: the leader reaches it over the connection it opened).
pub struct PeerTransport {
    own_raft_id: u64,
    shard: std::rc::Weak<Shard>,
    links: RefCell<HashMap<u64, Rc<PeerLink>>>,
    /// Links to the bootstrap servers; `learned` maps the raft id each reached to it.
    bootstrap: Vec<Rc<PeerLink>>,
    learned: RefCell<HashMap<u64, Rc<PeerLink>>>,
    /// Frames for a peer that connected to us, written by the task owning that connection's
    /// write half.
    inbound: RefCell<HashMap<u64, Rc<FrameQueue>>>,
}

impl PeerTransport {
    /// Starts one link task per known peer voter and per bootstrap server on this shard.
    pub(crate) fn start(
        shard: &Rc<Shard>,
        own_raft_id: u64,
        peers: Vec<Peer>,
        bootstrap_servers: &[String],
    ) -> Rc<PeerTransport> {
        let bootstrap: Vec<Rc<PeerLink>> = bootstrap_servers
            .iter()
            .map(|address| PeerLink::new(None, address.clone()))
            .collect();
        let transport = Rc::new(PeerTransport {
            own_raft_id,
            shard: Rc::downgrade(shard),
            links: RefCell::new(HashMap::new()),
            bootstrap,
            learned: RefCell::new(HashMap::new()),
            inbound: RefCell::new(HashMap::new()),
        });
        for link in &transport.bootstrap {
            glommio::spawn_local(run_link(shard.clone(), transport.clone(), link.clone())).detach();
        }
        for peer in peers {
            transport.ensure_link(peer.raft_id, peer.address);
        }
        transport
    }

    /// Makes sure a link to voter `raft_id` at `address` runs (replacing one to another
    /// address).
    fn ensure_link(self: &Rc<Self>, raft_id: u64, address: String) {
        if raft_id == self.own_raft_id {
            return;
        }
        if self
            .links
            .borrow()
            .get(&raft_id)
            .is_some_and(|l| l.address == address)
        {
            return;
        }
        let Some(shard) = self.shard.upgrade() else {
            return;
        };
        let link = PeerLink::new(Some(raft_id), address);
        self.links.borrow_mut().insert(raft_id, link.clone());
        glommio::spawn_local(run_link(shard, self.clone(), link)).detach();
    }

    /// Links to every voter of `voters` (raft ids) whose address is known: from
    /// `controller.quorum.voters`, else from the `ControllerEndpoints` in `image`.
    pub(crate) fn follow_voters(self: &Rc<Self>, voters: &[u64], image: &metadata::Image) {
        let Some(shard) = self.shard.upgrade() else {
            return;
        };
        for &raft_id in voters {
            let Some(node) = metadata::node_of_raft_id(raft_id) else {
                continue;
            };
            let configured = shard
                .config
                .controller_quorum_voters
                .iter()
                .find(|v| v.id == node.0)
                .map(|v| format!("{}:{}", v.host, v.port));
            let recorded = || {
                let controller = image.controller(node)?;
                let l = controller
                    .listeners
                    .iter()
                    .find(|l| shard.config.controller_listener_names.contains(&l.name))
                    .or(controller.listeners.first())?;
                Some(format!("{}:{}", l.host, l.port))
            };
            if let Some(address) = configured.or_else(recorded) {
                self.ensure_link(raft_id, address);
            }
        }
    }

    /// The raft ids of the controllers this node has a link to (known voters and the
    /// bootstrap servers reached so far).
    pub(crate) fn configured_peers(&self) -> Vec<u64> {
        let mut ids: Vec<u64> = self
            .links
            .borrow()
            .keys()
            .chain(self.learned.borrow().keys())
            .copied()
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// The raft ids of the nodes that opened a connection to this one.
    pub(crate) fn connected_peers(&self) -> Vec<u64> {
        let mut ids: Vec<u64> = self.inbound.borrow().keys().copied().collect();
        ids.sort_unstable();
        ids
    }

    /// Queues `message` for `to` (dropped if `to` is no peer).
    pub(crate) fn send_message(&self, to: u64, message: &PeerMessage) {
        if is_cut(to) {
            return;
        }
        if let Some(link) = self.links.borrow().get(&to) {
            link.frames.push(rpc::frame(message));
            return;
        }
        if let Some(link) = self.learned.borrow().get(&to) {
            link.frames.push(rpc::frame(message));
            return;
        }
        let inbound = self.inbound.borrow().get(&to).cloned();
        match inbound {
            Some(frames) => frames.push(rpc::frame(message)),
            None => tracing::debug!(to, "metadata: no link to raft peer"),
        }
    }

    /// Whether `link` is still the one its task serves (a voter's link replaced by one to a
    /// new address ends its task).
    fn is_current(&self, link: &Rc<PeerLink>) -> bool {
        match link.raft_id.get() {
            Some(id) if !self.bootstrap.iter().any(|b| Rc::ptr_eq(b, link)) => self
                .links
                .borrow()
                .get(&id)
                .is_some_and(|l| Rc::ptr_eq(l, link)),
            _ => true,
        }
    }
}

/// Writes what is queued for a peer that connected to us onto its connection, until the
/// connection fails or a newer one from the same peer replaced this link.
async fn run_inbound_link<W: futures::AsyncWrite + Unpin>(
    shard: Rc<Shard>,
    transport: Rc<PeerTransport>,
    raft_id: u64,
    link: Rc<FrameQueue>,
    mut writer: W,
) {
    loop {
        let current = transport
            .inbound
            .borrow()
            .get(&raft_id)
            .is_some_and(|l| Rc::ptr_eq(l, &link));
        if shard.is_shutting_down() || !current {
            return;
        }
        if link.is_empty() {
            link.wait(&shard).await;
            continue;
        }
        if writer.write_all(&link.take_all()).await.is_err() {
            break;
        }
    }
    let mut inbound = transport.inbound.borrow_mut();
    if inbound.get(&raft_id).is_some_and(|l| Rc::ptr_eq(l, &link)) {
        inbound.remove(&raft_id);
    }
}

impl RaftTransport for PeerTransport {
    fn send(&self, messages: Vec<Message>) {
        for message in messages {
            let to = message.to;
            self.send_message(to, &PeerMessage::Raft(message));
        }
    }

    fn follow_voters(self: Rc<Self>, voters: &[u64], image: &metadata::Image) {
        PeerTransport::follow_voters(&self, voters, image);
    }
}

async fn run_link(shard: Rc<Shard>, transport: Rc<PeerTransport>, link: Rc<PeerLink>) {
    let mut stream: Option<futures::io::WriteHalf<PeerStream>> = None;
    let mut failures = 0u32;
    let mut opened_at = std::time::Instant::now();
    let mut quick_ends = 0u32;
    loop {
        if shard.is_shutting_down() || !transport.is_current(&link) {
            return;
        }
        // A bootstrap server that turned out to be this node itself: nothing to send there.
        if link.raft_id.get() == Some(transport.own_raft_id) {
            return;
        }
        if stream.is_some() && link.ended.get() == link.connection.get() {
            // The other side closed it: reopen it, so that a node with nothing to say (an
            // observer) stays reachable by whichever controller leads; backing off when it
            // keeps being closed at once (a peer that refuses this node).
            stream = None;
            let lasted = opened_at.elapsed();
            quick_ends = if lasted < Duration::from_secs(1) {
                quick_ends + 1
            } else {
                0
            };
            let backoff = RECONNECT_BACKOFF * 2u32.pow(quick_ends.min(6));
            glommio::timer::sleep(backoff).await;
            continue;
        }
        // Links stay connected, not only while there is something to send: a node that no
        // link reaches (a broker-only node, an observer) is answered over the connections
        // it opened, whoever leads.
        if link.frames.is_empty() && stream.is_some() {
            link.frames.wait(&shard).await;
            continue;
        }
        if stream.is_none() {
            opened_at = std::time::Instant::now();
            stream = connect(&shard, &transport, &link, &mut failures).await;
            if stream.is_none() {
                // What was queued is stale by the time the peer is back; raft resends.
                link.frames.clear();
                glommio::timer::sleep(RECONNECT_BACKOFF).await;
                continue;
            }
        }
        if link.frames.is_empty() {
            continue;
        }
        let bytes = link.frames.take_all();
        let s = stream.as_mut().expect("connected above");
        if let Err(e) = s.write_all(&bytes).await {
            tracing::debug!(peer = link.node(), error = %e, "metadata: connection to controller lost");
            stream = None;
        }
    }
}

/// Opens `link`'s connection and sends the preamble; a task reads what the controller sends
/// back (its hello first, then raft messages for a node it reaches over this connection).
async fn connect(
    shard: &Rc<Shard>,
    transport: &Rc<PeerTransport>,
    link: &Rc<PeerLink>,
    failures: &mut u32,
) -> Option<futures::io::WriteHalf<PeerStream>> {
    // Host names resolve on glommio's blocking pool (getaddrinfo blocks); each address is
    // tried in turn, as Java clients do ("localhost" may be ::1 first while the controller
    // listens on IPv4 only).
    let address = link.address.clone();
    let resolved = glommio::executor()
        .spawn_blocking(move || {
            use std::net::ToSocketAddrs;
            address
                .to_socket_addrs()
                .map(|addrs| addrs.collect::<Vec<_>>())
        })
        .await;
    let timeout = liveness_timeout(shard);
    let connected = match resolved {
        Ok(addrs) if addrs.is_empty() => {
            Err(std::io::Error::other("the address resolves to nothing").into())
        }
        Ok(addrs) => {
            let mut last = None;
            for addr in addrs {
                match crate::with_deadline(TcpStream::connect(addr), timeout).await {
                    Some(Ok(s)) => {
                        last = Some(Ok(s));
                        break;
                    }
                    Some(Err(e)) => last = Some(Err(e)),
                    None => {
                        last = Some(Err(std::io::Error::new(
                            std::io::ErrorKind::TimedOut,
                            "no answer within controller.quorum.fetch.timeout.ms",
                        )
                        .into()))
                    }
                }
            }
            last.expect("at least one address was tried")
        }
        Err(e) => Err(e.into()),
    };
    let s = match connected {
        Ok(s) => s,
        Err(e) => {
            if *failures == 0 {
                tracing::warn!(peer = link.node(), address = %link.address, error = %e, "metadata: cannot reach controller; retrying");
            }
            *failures += 1;
            return None;
        }
    };
    let _ = s.set_nodelay(true);
    set_liveness(std::os::unix::io::AsRawFd::as_raw_fd(&s), timeout);
    let s = match secure_link(shard, transport, link, s, timeout).await {
        Ok(s) => s,
        Err(e) => {
            // A security failure needs an operator: one line while it lasts.
            if !link.refused.replace(true) {
                tracing::warn!(peer = link.node(), address = %link.address, error = %e, "metadata: the controller refused this node's connection; retrying");
            }
            return None;
        }
    };
    if link.refused.replace(false) || *failures > 0 {
        tracing::info!(peer = link.node(), address = %link.address, "metadata: connected to controller");
    }
    *failures = 0;
    let (mut reader, writer) = futures::AsyncReadExt::split(s);
    let connection = link.connection.get() + 1;
    link.connection.set(connection);
    let (shard, transport, link) = (shard.clone(), transport.clone(), link.clone());
    glommio::spawn_local(async move {
        let Some(quorum) = shard.quorum() else {
            return;
        };
        let result = async {
            let peer = read_hello(&shard, &mut reader).await?;
            match link.raft_id.get() {
                Some(expected) if expected != peer && !transport.bootstrap.iter().any(|b| Rc::ptr_eq(b, &link)) => {
                    return Err(format!(
                        "{} answered as node {}, not node {}",
                        link.address,
                        peer as i64 - 1,
                        expected as i64 - 1
                    ));
                }
                _ => {}
            }
            if link.raft_id.replace(Some(peer)) != Some(peer) {
                tracing::debug!(address = %link.address, node = peer as i64 - 1, "metadata: reached a controller");
            }
            if peer == transport.own_raft_id {
                link.frames.wake.notify_all();
                return Ok(());
            }
            if transport.bootstrap.iter().any(|b| Rc::ptr_eq(b, &link)) {
                transport.learned.borrow_mut().insert(peer, link.clone());
            }
            // A controller answers a node it has no address for over this connection.
            dispatch(&shard, &quorum, peer, &mut reader).await
        }
        .await;
        if let Err(reason) = result {
            tracing::debug!(%reason, "metadata: connection to a controller ended");
        }
        link.ended.set(connection);
        link.frames.wake.notify_all();
    })
    .detach();
    Some(writer)
}

/// A quorum link's stream as the controller listener's protocol wants it: TLS on SSL /
/// SASL_SSL, then the magic, the SASL exchange on SASL_PLAINTEXT / SASL_SSL
/// (`peer_security`), and the hello. A refused authentication is an `Err` naming the listener.
async fn secure_link(
    shard: &Rc<Shard>,
    transport: &Rc<PeerTransport>,
    link: &Rc<PeerLink>,
    tcp: TcpStream,
    timeout: Duration,
) -> Result<PeerStream, String> {
    let peer = shard.peers.controller.as_ref();
    let mut stream: PeerStream = match peer.and_then(|p| p.tls.as_ref()) {
        None => Box::new(tcp),
        Some(tls) => {
            let host = address_host(&link.address);
            let tls = crate::peer_security::tls_connect(tls, host, tcp, timeout)
                .await
                .map_err(|e| {
                    let listener = peer.map_or("", |p| p.listener.as_str());
                    format!("listener {listener}: {e:#}")
                })?;
            Box::new(tls)
        }
    };
    stream
        .write_all(&rpc::MAGIC)
        .await
        .map_err(|e| e.to_string())?;
    if let Some(peer) = peer {
        if let Some(credentials) = &peer.sasl {
            let exchange = crate::peer_security::authenticate_to_controller(
                &mut stream,
                credentials,
                &peer.listener,
            );
            crate::with_deadline(exchange, timeout)
                .await
                .ok_or_else(|| {
                    format!(
                        "listener {}: no SASL answer within controller.quorum.fetch.timeout.ms",
                        peer.listener
                    )
                })??;
        }
    }
    let hello = rpc::frame(&PeerMessage::Hello {
        from_raft_id: transport.own_raft_id,
        cluster_id: shard.cluster_id.clone(),
    });
    stream.write_all(&hello).await.map_err(|e| e.to_string())?;
    Ok(stream)
}

/// The host of `host:port` (an IPv6 host without its brackets).
fn address_host(address: &str) -> &str {
    let host = address.rsplit_once(':').map_or(address, |(host, _)| host);
    host.trim_start_matches('[').trim_end_matches(']')
}

/// Reads a connection's hello: the peer's raft id, checked to be of this cluster.
async fn read_hello<S: AsyncRead + Unpin>(shard: &Shard, stream: &mut S) -> Result<u64, String> {
    let (from, cluster_id) = match read_message(stream, rpc::HELLO_PAYLOAD_MAX).await? {
        PeerMessage::Hello {
            from_raft_id,
            cluster_id,
        } => (from_raft_id, cluster_id),
        other => {
            return Err(format!(
                "the connection opened with a {} message, not a Hello",
                other.type_name()
            ))
        }
    };
    // Raft ids are node ids + 1: 0 is nobody's.
    if from == 0 {
        return Err("a hello from raft id 0".into());
    }
    if cluster_id != shard.cluster_id {
        return Err(format!(
            "node {} belongs to cluster {cluster_id}, this node to {}",
            from - 1,
            shard.cluster_id
        ));
    }
    Ok(from)
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
            shard.until_shutdown().await;
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

async fn serve_peer(shard: &Rc<Shard>, stream: TcpStream) -> Result<(), String> {
    let mut magic = [0u8; 8];
    // A connection that says nothing is closed after connections.max.idle.ms, as Kafka closes
    // idle connections.
    let idle = Duration::from_millis(shard.config.connections_max_idle_ms.max(1));
    let peer_host = stream
        .peer_addr()
        .map(|a| metadata::acl::java_host_address(a.ip()))
        .unwrap_or_default();
    let fd = std::os::unix::io::AsRawFd::as_raw_fd(&stream);
    let tls = shard.peers.controller_tls.clone();
    let (mut stream, principal): (PeerStream, Option<security::KafkaPrincipal>) = match tls {
        None => {
            let mut stream = stream;
            if let Some(prefix) = kafka_prefix(&mut stream, &mut magic, idle).await? {
                // A Kafka client (a frame size, not the magic): the client listeners' code serves it.
                let connection = crate::controller_listener::KafkaConnection::Plain(stream);
                return crate::controller_listener::serve_kafka(shard, connection, prefix).await;
            }
            (Box::new(stream), None)
        }
        Some(tls) => {
            // SSL / SASL_SSL: the handshake first (peers and Kafka clients alike), then the
            // same test of the first four bytes inside it.
            let acceptor = futures_rustls::TlsAcceptor::from(tls.server.clone());
            let mut stream = match crate::with_deadline(acceptor.accept(stream), idle).await {
                Some(Ok(stream)) => stream,
                Some(Err(e)) => {
                    return Err(format!(
                        "TLS handshake on listener {} failed: {e}",
                        tls.listener
                    ))
                }
                None => {
                    return Err(format!(
                        "TLS handshake on listener {} not finished within connections.max.idle.ms",
                        tls.listener
                    ))
                }
            };
            let principal = match stream.get_ref().1.peer_certificates() {
                Some([certificate, ..]) => tls.principal_mapper.principal(certificate)?,
                _ => security::KafkaPrincipal::anonymous(),
            };
            if let Some(prefix) = kafka_prefix(&mut stream, &mut magic, idle).await? {
                let connection =
                    crate::controller_listener::KafkaConnection::Tls(Box::new(stream), principal);
                return crate::controller_listener::serve_kafka(shard, connection, prefix).await;
            }
            (Box::new(stream), Some(principal))
        }
    };
    set_liveness(fd, liveness_timeout(shard));
    read_exact(&mut stream, &mut magic[4..]).await?;
    rpc::check_magic(&magic).map_err(|e| e.to_string())?;
    // A secured controller listener authenticates its peers (SASL, else the TLS certificate)
    // and lets only those allowed CLUSTER_ACTION in.
    if let Some(sasl) = shard.peers.controller_sasl.clone() {
        let exchange =
            crate::peer_security::authenticate_peer(shard, &mut stream, &sasl, &peer_host);
        let principal = crate::with_deadline(exchange, idle).await.ok_or_else(|| {
            format!(
                "no SASL exchange on listener {} within connections.max.idle.ms",
                sasl.listener
            )
        })??;
        tracing::debug!(%principal, listener = %sasl.listener, "metadata: a peer authenticated");
    } else if let Some(principal) = principal {
        crate::peer_security::authorize_peer(shard, &principal, &peer_host)?;
    }
    let from = read_hello(shard, &mut stream).await?;
    let node = from - 1;
    let quorum = shard.quorum().ok_or("no metadata quorum on this node")?;
    let transport = shard
        .peer_transport()
        .ok_or("no raft transport on this node")?;
    // Answer with our own hello: a node that knew only this address (a bootstrap server)
    // learns who we are.
    stream
        .write_all(&rpc::frame(&PeerMessage::Hello {
            from_raft_id: transport.own_raft_id,
            cluster_id: shard.cluster_id.clone(),
        }))
        .await
        .map_err(|e| e.to_string())?;
    if from == transport.own_raft_id {
        // Our own bootstrap link found this node itself.
        return Ok(());
    }
    // A node with no link from here (a broker-only node, a controller not yet a voter) is
    // reached back over this very connection: its write half becomes its link.
    let (mut stream, link_back) = {
        let (reader, writer) = futures::AsyncReadExt::split(stream);
        if transport.links.borrow().contains_key(&from) {
            (reader, false)
        } else {
            let link = Rc::new(FrameQueue::default());
            transport.inbound.borrow_mut().insert(from, link.clone());
            glommio::spawn_local(run_inbound_link(
                shard.clone(),
                transport.clone(),
                from,
                link,
                writer,
            ))
            .detach();
            (reader, true)
        }
    };
    if link_back {
        tracing::debug!(
            node,
            "metadata: a node without a link from here connected; replying over its connection"
        );
    }
    // A live broker holds a connection to the active controller; admin answers wait only for
    // brokers that do (`Quorum::brokers_behind`).
    let _connected = quorum.peer_connected(from);
    dispatch(shard, &quorum, from, &mut stream).await
}

/// Reads a connection's first four bytes into `magic`: `Some` of them when they are no raft
/// magic (a Kafka client's first frame size), `None` for a raft peer.
async fn kafka_prefix<S: AsyncRead + Unpin>(
    stream: &mut S,
    magic: &mut [u8; 8],
    idle: Duration,
) -> Result<Option<[u8; 4]>, String> {
    match crate::with_deadline(read_exact(stream, &mut magic[..4]), idle).await {
        Some(read) => read?,
        None => return Err("the connection sent nothing within connections.max.idle.ms".into()),
    }
    Ok((magic[..4] != rpc::MAGIC[..4]).then(|| [magic[0], magic[1], magic[2], magic[3]]))
}

/// Reads the messages of peer `from` on `stream` and hands each where it goes, until the
/// connection ends.
async fn dispatch<S: AsyncRead + Unpin>(
    shard: &Rc<Shard>,
    quorum: &crate::quorum::Quorum,
    from: u64,
    stream: &mut S,
) -> Result<(), String> {
    let node = from.saturating_sub(1);
    loop {
        let message = match read_message(stream, rpc::FRAME_PAYLOAD_MAX).await {
            Ok(message) => message,
            Err(_) if shard.is_shutting_down() => return Ok(()),
            Err(e) => return Err(format!("controller {node}: {e}")),
        };
        if is_cut(from) {
            continue;
        }
        match message {
            PeerMessage::Raft(message) => {
                if message.from != from {
                    return Err(format!(
                        "raft message from {} on the connection of {}",
                        message.from, from
                    ));
                }
                quorum.receive(message);
            }
            PeerMessage::Registration {
                record,
                applied_index,
            } => match &record {
                MetadataRecord::RegisterBroker { node_id, .. }
                    if metadata::raft_id(*node_id).ok() == Some(from) =>
                {
                    quorum.note_applied(from, applied_index);
                    crate::membership::register_for_peer(shard, record);
                }
                _ => return Err("a registration for another node".into()),
            },
            PeerMessage::ForwardRequest { id, request } => {
                crate::forward::serve(shard, from, id, request);
            }
            PeerMessage::ForwardResponse { id, result } => {
                if let Some(forwarder) = shard.forwarder() {
                    forwarder.answered(id, result);
                }
            }
            PeerMessage::Hello { .. } => {
                return Err(format!("controller {node} sent a second hello"));
            }
        }
    }
}

/// Reads one frame (refused before its payload is read if it claims more than `max` bytes) and
/// decodes its message.
async fn read_message<S: AsyncRead + Unpin>(
    stream: &mut S,
    max: usize,
) -> Result<PeerMessage, String> {
    let mut header = [0u8; rpc::FRAME_HEADER_BYTES];
    read_exact(stream, &mut header).await?;
    let header = FrameHeader::parse(&header, max).map_err(|e| e.to_string())?;
    let payload = read_claimed(stream, header.len).await?;
    header.decode(&payload).map_err(|e| e.to_string())
}

/// Bytes read at a time from a frame's payload.
const READ_STEP: usize = 64 * 1024;

/// Reads `len` bytes a peer announced, growing the buffer as they arrive (never allocating
/// by the claim alone).
async fn read_claimed<S: AsyncRead + Unpin>(stream: &mut S, len: usize) -> Result<Vec<u8>, String> {
    let mut payload = Vec::with_capacity(len.min(READ_STEP));
    while payload.len() < len {
        let at = payload.len();
        let next = (len - at).min(READ_STEP);
        payload.resize(at + next, 0);
        read_exact(stream, &mut payload[at..]).await?;
    }
    Ok(payload)
}

async fn read_exact<S: AsyncRead + Unpin>(stream: &mut S, buf: &mut [u8]) -> Result<(), String> {
    stream.read_exact(buf).await.map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::pin::Pin;
    use std::task::{Context, Poll};

    /// A peer's bytes, handed out as asked, noting the largest read asked for.
    struct Stream {
        bytes: Vec<u8>,
        at: usize,
        largest_read: usize,
    }

    impl Stream {
        fn new(bytes: Vec<u8>) -> Stream {
            Stream {
                bytes,
                at: 0,
                largest_read: 0,
            }
        }
    }

    impl AsyncRead for Stream {
        fn poll_read(
            mut self: Pin<&mut Self>,
            _: &mut Context<'_>,
            buf: &mut [u8],
        ) -> Poll<std::io::Result<usize>> {
            self.largest_read = self.largest_read.max(buf.len());
            let n = buf.len().min(self.bytes.len() - self.at);
            let at = self.at;
            buf[..n].copy_from_slice(&self.bytes[at..at + n]);
            self.at += n;
            Poll::Ready(Ok(n))
        }
    }

    #[test]
    fn frames_read_back_and_a_lying_length_reads_no_more_than_arrives() {
        let hello = PeerMessage::Hello {
            from_raft_id: 2,
            cluster_id: "c".into(),
        };
        let raft = PeerMessage::Raft(Message::default());
        let mut bytes = rpc::frame(&hello);
        bytes.extend(rpc::frame(&raft));
        let mut peer = Stream::new(bytes);
        futures::executor::block_on(async {
            assert_eq!(read_message(&mut peer, 100).await, Ok(hello));
            assert_eq!(read_message(&mut peer, 100).await, Ok(raft));
            assert!(read_message(&mut peer, 100).await.is_err(), "end of stream");
        });

        // A frame claiming 200 MiB (within the limit) with 10 bytes behind it: an error once
        // the stream ends, having asked for one step at a time.
        let mut bytes = (200u32 << 20).to_be_bytes().to_vec();
        bytes.extend_from_slice(&[0; 4 + 10]);
        let mut peer = Stream::new(bytes);
        let read = futures::executor::block_on(read_message(&mut peer, rpc::FRAME_PAYLOAD_MAX));
        assert!(read.is_err());
        assert!(peer.largest_read <= READ_STEP, "{}", peer.largest_read);

        // Over the limit: refused from the header alone.
        let mut bytes = (rpc::HELLO_PAYLOAD_MAX as u32 + 1).to_be_bytes().to_vec();
        bytes.extend_from_slice(&[0; 4 + 10]);
        let mut peer = Stream::new(bytes);
        let read = futures::executor::block_on(read_message(&mut peer, rpc::HELLO_PAYLOAD_MAX));
        assert!(read.unwrap_err().contains("a frame of 65537 bytes"));
        assert_eq!(peer.at, rpc::FRAME_HEADER_BYTES);
    }
}
