//! The follower's fetcher: one task per (this shard, leader node) fetches every partition this
//! shard follows from that leader over one connection (plaintext, TLS, and SASL as the
//! inter-broker listener's protocol says: `security::PeerClient`) to the leader's inter-broker
//! listener,
//! with Kafka's Fetch (v15: `ReplicaState` with this broker's id and epoch, topic ids, leader
//! epochs, `LastFetchedEpoch` for diverging-epoch detection). Never one connection per
//! partition.
//!
//! What to fetch and what a response means is the state machine's (`replica::Partition::
//! next_fetch`, `on_fetch_response`); this task moves the bytes: the leader's record batches
//! are appended as they are (`PartitionLog::append_as_follower`, no re-encoding), then fsynced
//! before the next fetch reports them (Sluice's default durability: what the leader counts
//! towards the high watermark is on this node's disk).

use crate::replicated::{self, now_ms, Replica};
use crate::shard::Shard;
use crate::throttle::Side;
use bytes::{Buf, Bytes, BytesMut};
use futures::{AsyncReadExt, AsyncWriteExt};
use kafka_protocol::messages::fetch_request::{FetchPartition, FetchTopic, ReplicaState};
use kafka_protocol::messages::list_offsets_request::{ListOffsetsPartition, ListOffsetsTopic};
use kafka_protocol::messages::{
    ApiKey, BrokerId, FetchRequest, FetchResponse, ListOffsetsRequest, ListOffsetsResponse,
    RequestHeader, ResponseHeader, SaslAuthenticateRequest, SaslAuthenticateResponse,
    SaslHandshakeRequest, SaslHandshakeResponse, TopicName,
};
use kafka_protocol::protocol::{Decodable, Encodable, HeaderVersion, StrBytes};
use model::{ErrorCode, LeaderEpoch, NodeId, Offset};
use replica::{BatchInfo, FetchResponse as Answer, FollowerAction, RoleView};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;
use std::time::Duration;

/// The Fetch version followers send: the first with `ReplicaState`.
const FETCH_VERSION: i16 = 15;
const LIST_OFFSETS_VERSION: i16 = 7;
/// Above what a fetch response may hold, a leader's frame is refused (a hostile or broken
/// peer cannot make this node allocate without bound).
const RESPONSE_SLACK: usize = 1 << 20;

/// A running fetcher: `wake` when a partition starts following its leader or can fetch again.
#[derive(Default)]
pub(crate) struct Fetcher {
    pub(crate) wake: crate::notify::Notify,
    /// Per partition, no fetch before this time (`replica.fetch.backoff.ms` after an error).
    backoff_until: RefCell<HashMap<crate::ops::PartitionKey, u64>>,
}

/// Starts a fetcher for every leader this shard follows a partition of and has none yet;
/// wakes the others (their partitions may have changed).
pub(crate) fn ensure_fetchers(shard: &Rc<Shard>) {
    let local = NodeId(shard.config.node_id);
    let mut leaders: Vec<NodeId> = shard
        .replicas
        .borrow()
        .values()
        .filter_map(|r| match r.state.borrow().role() {
            RoleView::Follower {
                leader: Some(leader),
                ..
            } if leader != local => Some(leader),
            _ => None,
        })
        .collect();
    leaders.sort();
    leaders.dedup();
    for leader in leaders {
        let existing = shard.fetchers.borrow().get(&leader).cloned();
        match existing {
            Some(fetcher) => fetcher.wake.notify_all(),
            None => {
                let fetcher = Rc::new(Fetcher::default());
                shard.fetchers.borrow_mut().insert(leader, fetcher.clone());
                let shard = shard.clone();
                glommio::spawn_local(async move {
                    run(&shard, leader, &fetcher).await;
                    let mut fetchers = shard.fetchers.borrow_mut();
                    if fetchers
                        .get(&leader)
                        .is_some_and(|f| Rc::ptr_eq(f, &fetcher))
                    {
                        fetchers.remove(&leader);
                    }
                })
                .detach();
            }
        }
    }
}

/// The partitions following `leader` on this shard, with the fetch each wants now (`None`:
/// not now — unflushed appends, backing off, fenced until new metadata).
fn following(
    shard: &Shard,
    leader: NodeId,
    fetcher: &Fetcher,
    now: u64,
) -> Vec<(Rc<Replica>, Option<replica::FetchRequest>)> {
    let backoff = fetcher.backoff_until.borrow();
    shard
        .replicas
        .borrow()
        .values()
        .filter_map(|r| {
            let state = r.state.borrow();
            match state.role() {
                RoleView::Follower {
                    leader: Some(l), ..
                } if l == leader => {
                    let waiting = backoff.get(&r.key).is_some_and(|until| *until > now);
                    let fetch = if waiting { None } else { state.next_fetch() };
                    Some((r.clone(), fetch))
                }
                _ => None,
            }
        })
        .collect()
}

async fn run(shard: &Rc<Shard>, leader: NodeId, fetcher: &Fetcher) {
    let mut conn: Option<Conn> = None;
    // Whether the last connection attempt was refused authentication (logged once).
    let mut refused = false;
    let backoff = Duration::from_millis(shard.config.replica_fetch_backoff_ms);
    tracing::debug!(
        shard = shard.id.0,
        leader = leader.0,
        "replica fetcher started"
    );
    loop {
        if shard.is_shutting_down() {
            break;
        }
        let now = now_ms();
        let partitions = following(shard, leader, fetcher, now);
        if partitions.is_empty() {
            break;
        }
        let mut wanted: Vec<(Rc<Replica>, replica::FetchRequest)> = partitions
            .iter()
            .filter_map(|(r, f)| f.map(|f| (r.clone(), f)))
            .collect();
        // Replication throttles (follower side): partitions the topic's
        // `follower.replication.throttled.replicas` names for this broker wait while this
        // shard's share of `follower.replication.throttled.rate` is spent.
        let local = shard.config.node_id;
        let throttled: std::collections::HashSet<crate::ops::PartitionKey> = wanted
            .iter()
            .filter(|(r, _)| {
                crate::throttle::throttled_rate(shard, Side::Follower, r.key, local)
                    .is_some_and(|rate| shard.throttles.delay_ms(Side::Follower, rate, now) > 0)
            })
            .map(|(r, _)| r.key)
            .collect();
        if !throttled.is_empty() {
            wanted.retain(|(r, _)| !throttled.contains(&r.key));
            if wanted.is_empty() {
                glommio::timer::sleep(Duration::from_millis(50)).await;
                continue;
            }
        }
        if wanted.is_empty() {
            // Wait for a flush, new metadata, or a backoff to pass.
            let wake = fetcher.wake.notified();
            let changes = futures::future::select_all(
                partitions
                    .iter()
                    .map(|(r, _)| Box::pin(r.changed.notified()))
                    .collect::<Vec<_>>(),
            );
            let timer = glommio::timer::sleep(Duration::from_millis(100));
            futures::pin_mut!(wake, timer);
            let either = futures::future::select(wake, changes);
            futures::future::select(either, timer).await;
            continue;
        }
        if crate::raft_net::is_cut_node(leader) {
            // Test failpoint: a network partition between this node and the leader.
            conn = None;
            glommio::timer::sleep(backoff).await;
            continue;
        }
        if conn.is_none() {
            match connect(shard, leader).await {
                Ok(c) => {
                    refused = false;
                    conn = Some(c)
                }
                Err(e) if e.downcast_ref::<AuthenticationFailed>().is_some() => {
                    // Wrong credentials need an operator: one line while it lasts.
                    if !refused {
                        tracing::warn!(shard = shard.id.0, leader = leader.0, error = %e, "replica fetcher: authentication refused; retrying");
                    }
                    refused = true;
                    glommio::timer::sleep(backoff).await;
                    continue;
                }
                Err(e) => {
                    tracing::debug!(leader = leader.0, error = %e, "replica fetcher cannot connect");
                    glommio::timer::sleep(backoff).await;
                    continue;
                }
            }
        }
        let c = conn.as_mut().expect("connected above");
        let request = fetch_request(shard, &wanted);
        let response = match c.fetch(shard, &request).await {
            Ok(r) => r,
            Err(e) => {
                tracing::debug!(leader = leader.0, error = %e, "replica fetch failed");
                conn = None;
                glommio::timer::sleep(backoff).await;
                continue;
            }
        };
        if crate::raft_net::is_cut_node(leader) {
            // Test failpoint: the partition began while the fetch was in flight; the answer
            // is lost with it.
            conn = None;
            continue;
        }
        if response.error_code != 0 {
            tracing::debug!(
                leader = leader.0,
                code = response.error_code,
                "replica fetch refused"
            );
            glommio::timer::sleep(backoff).await;
            continue;
        }
        let mut by_partition: HashMap<crate::ops::PartitionKey, _> = HashMap::new();
        for topic in response.responses {
            let topic_id = model::TopicId(*topic.topic_id.as_bytes());
            for p in topic.partitions {
                by_partition.insert(
                    crate::ops::PartitionKey {
                        topic_id,
                        partition: p.partition_index,
                    },
                    p,
                );
            }
        }
        let mut appended = Vec::new();
        for (replica, sent) in wanted {
            let Some(data) = by_partition.remove(&replica.key) else {
                continue;
            };
            let records = data.records.clone().unwrap_or_default();
            if crate::throttle::throttled_rate(shard, Side::Follower, replica.key, local).is_some()
            {
                shard
                    .throttles
                    .record(Side::Follower, records.len() as u64, now_ms());
            }
            let Ok((records, batches)) = whole_batches(records) else {
                // A batch that fails its checks (a broken or hostile peer): nothing is
                // appended, this partition backs off and fetches it again.
                tracing::error!(key = ?replica.key, leader = leader.0,
                    "a leader's fetch response held a corrupt record batch");
                fetcher
                    .backoff_until
                    .borrow_mut()
                    .insert(replica.key, now_ms() + backoff.as_millis() as u64);
                continue;
            };
            let answer = if data.error_code != 0 {
                Answer::Error(
                    ErrorCode::from_code(data.error_code).unwrap_or(ErrorCode::UnknownServerError),
                )
            } else if data.diverging_epoch.epoch >= 0 && data.diverging_epoch.end_offset >= 0 {
                Answer::Diverging {
                    epoch: LeaderEpoch(data.diverging_epoch.epoch),
                    end_offset: Offset(data.diverging_epoch.end_offset),
                    high_watermark: Offset(data.high_watermark),
                }
            } else {
                Answer::Records {
                    high_watermark: Offset(data.high_watermark),
                    batches,
                }
            };
            let (action, out) =
                replica
                    .state
                    .borrow_mut()
                    .on_fetch_response(&sent, &answer, now_ms());
            if !matches!(action, FollowerAction::Continue) {
                tracing::debug!(key = ?replica.key, ?sent, ?answer, ?action, "fetch response");
            }
            let ok = act(shard, c, &replica, action, records, fetcher, backoff).await;
            replicated::handle(shard, &replica, out);
            match ok {
                Ok(true) => appended.push(replica),
                Ok(false) => {}
                Err(e) => panic!(
                    "invariant broken: replica {:?}: the log could not take what the replica \
                     state decided from its leader's answer: {e}",
                    replica.key
                ),
            }
        }
        // Fsync what was appended before the next fetch reports it (group-committed per log,
        // all logs at once).
        futures::future::join_all(appended.iter().map(|replica| async move {
            match replica.log.flush().await {
                Ok(()) => replicated::flushed(shard, replica),
                Err(e) => panic!(
                    "invariant broken: replica {:?}: fsync of replicated records failed: {e}",
                    replica.key
                ),
            }
        }))
        .await;
    }
    tracing::debug!(
        shard = shard.id.0,
        leader = leader.0,
        "replica fetcher stopped"
    );
}

/// Does to the log what the state machine decided. `Ok(true)`: records were appended.
async fn act(
    shard: &Rc<Shard>,
    conn: &mut Conn,
    replica: &Rc<Replica>,
    action: FollowerAction,
    records: Bytes,
    fetcher: &Fetcher,
    backoff: Duration,
) -> anyhow::Result<bool> {
    match action {
        FollowerAction::Append { end_offset } => {
            replica
                .log
                .append_as_follower(records)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            let end = replica.log.log_end_offset();
            anyhow::ensure!(
                end == end_offset,
                "log end {end:?} after a follower append, expected {end_offset:?}"
            );
            Ok(true)
        }
        FollowerAction::TruncateTo { end_offset } => {
            tracing::info!(key = ?replica.key, offset = end_offset.0, "truncating a diverging tail");
            replica.log.truncate_to(end_offset).await?;
            Ok(false)
        }
        FollowerAction::TruncateFullyAndStartAt { start_offset } => {
            tracing::info!(key = ?replica.key, offset = start_offset.0, "restarting the log at the leader's start");
            replica
                .log
                .truncate_fully_and_start_at(start_offset)
                .await?;
            Ok(false)
        }
        FollowerAction::ListLeaderOffsets => {
            let Some((start, end)) = conn.leader_offsets(shard, replica.key).await else {
                fetcher
                    .backoff_until
                    .borrow_mut()
                    .insert(replica.key, now_ms() + backoff.as_millis() as u64);
                return Ok(false);
            };
            let (action, out) = replica
                .state
                .borrow_mut()
                .on_leader_offsets(start, end, now_ms());
            let result = Box::pin(act(
                shard,
                conn,
                replica,
                action,
                Bytes::new(),
                fetcher,
                backoff,
            ))
            .await;
            replicated::handle(shard, replica, out);
            result
        }
        FollowerAction::Backoff => {
            fetcher
                .backoff_until
                .borrow_mut()
                .insert(replica.key, now_ms() + backoff.as_millis() as u64);
            Ok(false)
        }
        FollowerAction::Continue | FollowerAction::AwaitMetadata | FollowerAction::Ignore => {
            fetcher.backoff_until.borrow_mut().remove(&replica.key);
            Ok(false)
        }
    }
}

/// The whole record batches at the front of `records` (a leader's response may end inside a
/// batch, which the next fetch gets whole) and their headers; `Err` if one is not a magic-2
/// batch or fails its CRC-32C (nothing of such a response is appended).
fn whole_batches(records: Bytes) -> Result<(Bytes, Vec<BatchInfo>), ()> {
    let mut at = 0usize;
    let mut batches = Vec::new();
    while records.len() - at >= batch::BATCH_HEADER_BYTES {
        let b = &records[at..];
        let base = i64::from_be_bytes(b[0..8].try_into().expect("8 bytes"));
        let length = i32::from_be_bytes(b[8..12].try_into().expect("4 bytes"));
        let length = usize::try_from(length).map_err(|_| ())?;
        if length < batch::BATCH_LENGTH_MIN_BYTES {
            return Err(());
        }
        let size = batch::LOG_OVERHEAD_BYTES + length;
        if b.len() < size {
            break;
        }
        let magic = b[16];
        let crc = u32::from_be_bytes(b[17..21].try_into().expect("4 bytes"));
        if magic as i8 != batch::MAGIC_V2 || crc32c::crc32c(&b[21..size]) != crc {
            return Err(());
        }
        let epoch = i32::from_be_bytes(b[12..16].try_into().expect("4 bytes"));
        let last_delta = i32::from_be_bytes(b[23..27].try_into().expect("4 bytes"));
        if base < 0 || last_delta < 0 {
            return Err(());
        }
        batches.push(BatchInfo {
            base_offset: Offset(base),
            last_offset: Offset(base + i64::from(last_delta)),
            leader_epoch: LeaderEpoch(epoch),
            bytes: size as u64,
        });
        at += size;
    }
    Ok((records.slice(..at), batches))
}

fn fetch_request(shard: &Shard, wanted: &[(Rc<Replica>, replica::FetchRequest)]) -> FetchRequest {
    let config = &shard.config;
    let mut topics: Vec<FetchTopic> = Vec::new();
    for (replica, f) in wanted {
        let partition = FetchPartition::default()
            .with_partition(replica.key.partition)
            .with_current_leader_epoch(f.current_leader_epoch.0)
            .with_fetch_offset(f.fetch_offset.0)
            .with_last_fetched_epoch(f.last_fetched_epoch.map_or(-1, |e| e.0))
            .with_log_start_offset(f.log_start_offset.0)
            .with_partition_max_bytes(config.replica_fetch_max_bytes);
        let id = uuid(replica.key.topic_id);
        match topics.iter_mut().find(|t| t.topic_id == id) {
            Some(t) => t.partitions.push(partition),
            None => topics.push(
                FetchTopic::default()
                    .with_topic_id(id)
                    .with_partitions(vec![partition]),
            ),
        }
    }
    let broker_epoch = wanted.first().map_or(-1, |(_, f)| f.broker_epoch.0);
    FetchRequest::default()
        .with_replica_state(
            ReplicaState::default()
                .with_replica_id(BrokerId(config.node_id))
                .with_replica_epoch(broker_epoch),
        )
        .with_max_wait_ms(config.replica_fetch_wait_max_ms)
        .with_min_bytes(config.replica_fetch_min_bytes)
        .with_max_bytes(config.replica_fetch_response_max_bytes)
        .with_isolation_level(0)
        .with_session_id(0)
        .with_session_epoch(-1)
        .with_topics(topics)
}

fn uuid(id: model::TopicId) -> uuid::Uuid {
    uuid::Uuid::from_bytes(id.0)
}

/// The leader's inter-broker endpoint from the image, (host, port): the listener named by
/// `inter.broker.listener.name` (Kafka's default: the PLAINTEXT one).
fn leader_endpoint(shard: &Shard, leader: NodeId) -> Option<(String, u16)> {
    let image = shard.image();
    let broker = image.broker(leader)?;
    if broker.fenced {
        return None;
    }
    let name = shard.config.inter_broker_listener();
    let endpoint = broker
        .listeners
        .iter()
        .find(|l| l.name == name)
        .or_else(|| broker.listeners.first())?;
    Some((endpoint.host.clone(), endpoint.port))
}

pub(crate) struct Conn {
    stream: crate::peer_security::PeerStream,
    next_correlation: Cell<i32>,
    /// Set on a SASL inter-broker listener: the credentials, the leader (for messages), and
    /// when to re-authenticate (KIP-368: before the session the leader granted ends).
    sasl: Option<Rc<SaslSession>>,
    reauthenticate_at: Option<std::time::Instant>,
}

struct SaslSession {
    credentials: std::sync::Arc<security::PeerCredentials>,
    listener: String,
    address: String,
}

/// A refused authentication to a peer's listener: the fetchers log it at warn level (once while
/// it lasts), as it needs an operator, unlike a peer that is down.
#[derive(Debug)]
pub(crate) struct AuthenticationFailed(pub(crate) String);

impl std::fmt::Display for AuthenticationFailed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for AuthenticationFailed {}

const SASL_HANDSHAKE_VERSION: i16 = 1;
const SASL_AUTHENTICATE_VERSION: i16 = 2;
/// Largest SASL answer accepted from a leader (a SCRAM message is well under 1 KiB).
const SASL_RESPONSE_MAX: usize = 64 * 1024;

pub(crate) async fn connect(shard: &Shard, leader: NodeId) -> anyhow::Result<Conn> {
    let (host, port) = leader_endpoint(shard, leader)
        .ok_or_else(|| anyhow::anyhow!("node {} has no usable listener", leader.0))?;
    let address = format!("{host}:{port}");
    let timeout = Duration::from_millis(shard.config.replica_socket_timeout_ms);
    let tcp = crate::with_deadline(glommio::net::TcpStream::connect(address.as_str()), timeout)
        .await
        .ok_or_else(|| anyhow::anyhow!("connecting to {address} timed out"))?
        .map_err(|e| anyhow::anyhow!("connecting to {address}: {e}"))?;
    tcp.set_nodelay(true)
        .map_err(|e| anyhow::anyhow!("TCP_NODELAY: {e}"))?;
    let peer = shard.peers.inter_broker.as_ref();
    let stream: crate::peer_security::PeerStream = match peer.and_then(|p| p.tls.as_ref()) {
        None => Box::new(tcp),
        Some(tls) => Box::new(crate::peer_security::tls_connect(tls, &host, tcp, timeout).await?),
    };
    let mut conn = Conn {
        stream,
        next_correlation: Cell::new(1),
        sasl: peer.and_then(|p| {
            Some(Rc::new(SaslSession {
                credentials: p.sasl.clone()?,
                listener: p.listener.clone(),
                address: address.clone(),
            }))
        }),
        reauthenticate_at: None,
    };
    conn.authenticate(shard).await?;
    Ok(conn)
}

impl Conn {
    /// SaslHandshake and SaslAuthenticate with this node's credentials, when the inter-broker
    /// listener is SASL (again before the session ends, KIP-368).
    async fn authenticate(&mut self, shard: &Shard) -> anyhow::Result<()> {
        let Some(session) = self.sasl.clone() else {
            return Ok(());
        };
        let mechanism = session.credentials.mechanism.clone();
        let failed = |detail: String| {
            anyhow::Error::new(AuthenticationFailed(format!(
                "SASL/{mechanism} authentication on listener {} of {} failed: {detail}",
                session.listener, session.address
            )))
        };
        let handshake: SaslHandshakeResponse = self
            .exchange(
                shard,
                ApiKey::SaslHandshake,
                SASL_HANDSHAKE_VERSION,
                &SaslHandshakeRequest::default()
                    .with_mechanism(StrBytes::from_string(mechanism.clone())),
                SASL_RESPONSE_MAX,
                Duration::ZERO,
            )
            .await?;
        if handshake.error_code != 0 {
            let enabled: Vec<&str> = handshake.mechanisms.iter().map(|m| m.as_str()).collect();
            return Err(failed(format!(
                "the mechanism is not enabled there (enabled: {})",
                enabled.join(",")
            )));
        }
        let mut client = session.credentials.client();
        let mut token = client.initial();
        loop {
            let answer: SaslAuthenticateResponse = self
                .exchange(
                    shard,
                    ApiKey::SaslAuthenticate,
                    SASL_AUTHENTICATE_VERSION,
                    &SaslAuthenticateRequest::default().with_auth_bytes(Bytes::from(token)),
                    SASL_RESPONSE_MAX,
                    Duration::ZERO,
                )
                .await?;
            if answer.error_code != 0 {
                let message = answer.error_message.map(|m| m.to_string());
                return Err(failed(
                    message.unwrap_or_else(|| format!("error code {}", answer.error_code)),
                ));
            }
            match client.next(&answer.auth_bytes).map_err(failed)? {
                Some(next) => token = next,
                None => {
                    // Kafka's clients re-authenticate at 85–95% of the session; 85% here.
                    let lifetime = answer.session_lifetime_ms;
                    self.reauthenticate_at = (lifetime > 0).then(|| {
                        std::time::Instant::now()
                            + Duration::from_millis(lifetime as u64 * 85 / 100)
                    });
                    return Ok(());
                }
            }
        }
    }

    /// One request and its response, bounded by `replica.socket.timeout.ms` past the wait;
    /// re-authenticates first when the session is about to end.
    pub(crate) async fn call<Q, R>(
        &mut self,
        shard: &Shard,
        key: ApiKey,
        version: i16,
        request: &Q,
        max_response: usize,
        extra_wait: Duration,
    ) -> anyhow::Result<R>
    where
        Q: Encodable + HeaderVersion,
        R: Decodable,
    {
        if self
            .reauthenticate_at
            .is_some_and(|at| std::time::Instant::now() >= at)
        {
            self.authenticate(shard).await?;
        }
        self.exchange(shard, key, version, request, max_response, extra_wait)
            .await
    }

    async fn exchange<Q, R>(
        &mut self,
        shard: &Shard,
        key: ApiKey,
        version: i16,
        request: &Q,
        max_response: usize,
        extra_wait: Duration,
    ) -> anyhow::Result<R>
    where
        Q: Encodable + HeaderVersion,
        R: Decodable,
    {
        let correlation = self.next_correlation.get();
        self.next_correlation.set(correlation.wrapping_add(1));
        let mut body = BytesMut::new();
        RequestHeader::default()
            .with_request_api_key(key as i16)
            .with_request_api_version(version)
            .with_correlation_id(correlation)
            .with_client_id(Some(StrBytes::from_string(format!(
                "sluice-replica-fetcher-{}-{}",
                shard.config.node_id, shard.id.0
            ))))
            .encode(&mut body, Q::header_version(version))?;
        request.encode(&mut body, version)?;
        let mut frame = Vec::with_capacity(body.len() + 4);
        frame.extend_from_slice(&(body.len() as u32).to_be_bytes());
        frame.extend_from_slice(&body);
        let timeout = Duration::from_millis(shard.config.replica_socket_timeout_ms) + extra_wait;
        let exchange = async {
            self.stream.write_all(&frame).await?;
            let mut size = [0u8; 4];
            self.stream.read_exact(&mut size).await?;
            let size = u32::from_be_bytes(size) as usize;
            anyhow::ensure!(
                size <= max_response,
                "response of {size} bytes exceeds {max_response}"
            );
            let mut body = vec![0u8; size];
            self.stream.read_exact(&mut body).await?;
            Ok::<_, anyhow::Error>(Bytes::from(body))
        };
        let mut body = crate::with_deadline(exchange, timeout)
            .await
            .ok_or_else(|| anyhow::anyhow!("no response within {timeout:?}"))??;
        let header = ResponseHeader::decode(&mut body, key.response_header_version(version))?;
        anyhow::ensure!(
            header.correlation_id == correlation,
            "correlation id {} answers {correlation}",
            header.correlation_id
        );
        let response = R::decode(&mut body, version)?;
        anyhow::ensure!(!body.has_remaining(), "trailing bytes after a response");
        Ok(response)
    }

    async fn fetch(
        &mut self,
        shard: &Shard,
        request: &FetchRequest,
    ) -> anyhow::Result<FetchResponse> {
        let max = shard.config.replica_fetch_response_max_bytes.max(0) as usize
            + shard.config.replica_fetch_max_bytes.max(0) as usize
            + RESPONSE_SLACK;
        let wait = Duration::from_millis(request.max_wait_ms.max(0) as u64);
        self.call(shard, ApiKey::Fetch, FETCH_VERSION, request, max, wait)
            .await
    }

    /// The leader's log start and end for a follower out of range (ListOffsets with this
    /// replica's id: EARLIEST, then LATEST, which a leader answers with its log end).
    async fn leader_offsets(
        &mut self,
        shard: &Shard,
        key: crate::ops::PartitionKey,
    ) -> Option<(Offset, Offset)> {
        let name = shard.image().topic_by_id(key.topic_id)?.name.clone();
        let mut offsets = [Offset(-1); 2];
        for (slot, timestamp) in [(0, -2i64), (1, -1i64)] {
            let request = ListOffsetsRequest::default()
                .with_replica_id(BrokerId(shard.config.node_id))
                .with_topics(vec![ListOffsetsTopic::default()
                    .with_name(TopicName(StrBytes::from_string(name.clone())))
                    .with_partitions(vec![ListOffsetsPartition::default()
                        .with_partition_index(key.partition)
                        .with_timestamp(timestamp)])]);
            let response: ListOffsetsResponse = self
                .call(
                    shard,
                    ApiKey::ListOffsets,
                    LIST_OFFSETS_VERSION,
                    &request,
                    RESPONSE_SLACK,
                    Duration::ZERO,
                )
                .await
                .ok()?;
            let p = response.topics.first()?.partitions.first()?;
            if p.error_code != 0 {
                return None;
            }
            offsets[slot] = Offset(p.offset);
        }
        Some((offsets[0], offsets[1]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one_batch(base: i64, epoch: i32, records: usize) -> Vec<u8> {
        let mut b = batch::builder::BatchBuilder::new();
        for i in 0..records {
            b = b.record(i as i64, None, Some(format!("v{i}").as_bytes()));
        }
        let mut bytes = b.build();
        batch::set_base_offset(&mut bytes, base).unwrap();
        batch::set_partition_leader_epoch(&mut bytes, epoch).unwrap();
        bytes
    }

    #[test]
    fn whole_batches_keeps_complete_batches_and_drops_a_partial_tail() {
        let first = one_batch(10, 3, 2);
        let second = one_batch(12, 4, 3);
        let mut all = first.clone();
        all.extend_from_slice(&second);
        let whole = all.len();
        all.extend_from_slice(&second[..30]);
        let (kept, batches) = whole_batches(Bytes::from(all)).unwrap();
        assert_eq!(kept.len(), whole);
        assert_eq!(
            batches,
            vec![
                BatchInfo {
                    base_offset: Offset(10),
                    last_offset: Offset(11),
                    leader_epoch: LeaderEpoch(3),
                    bytes: first.len() as u64,
                },
                BatchInfo {
                    base_offset: Offset(12),
                    last_offset: Offset(14),
                    leader_epoch: LeaderEpoch(4),
                    bytes: second.len() as u64,
                },
            ]
        );
        assert_eq!(whole_batches(Bytes::new()).unwrap().1, vec![]);
    }

    #[test]
    fn whole_batches_refuses_a_corrupt_batch() {
        let mut bytes = one_batch(0, 1, 2);
        let last = bytes.len() - 1;
        bytes[last] ^= 0xff;
        assert!(whole_batches(Bytes::from(bytes)).is_err());
        let mut short = one_batch(0, 1, 1);
        short[8..12].copy_from_slice(&5i32.to_be_bytes());
        assert!(whole_batches(Bytes::from(short)).is_err());
    }
}
