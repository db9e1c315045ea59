//! Group coordinators: one [`group::GroupCoordinator`] per `__consumer_offsets` partition this
//! shard owns, hosted next to that partition's log.
//!
//! A host loads its coordinator by replaying the partition from its start, then serves group
//! ops that arrive as [`PartitionOp::Group`](crate::PartitionOp) (from this shard's connections
//! or over the mesh). Each call mutates the coordinator synchronously and returns records; the
//! host appends them with `Durability::Synced` and only then releases the call's response and
//! any deferred JoinGroup/SyncGroup responses the call completed. A timer task per host fires the
//! coordinator's deadlines (session and rebalance timeouts) and the periodic offset expiry.
//!
//! Invariants:
//! - Every coordinator call and every append for a partition happen on its owning shard; the
//!   waiters for deferred responses are same-thread oneshots (the asking shard's answer goes
//!   back over the mesh as usual).
//! - A response is never sent before the records of its call are durable. When an append
//!   fails, the responses it carried become errors and the host is dropped, so the next op
//!   reloads the coordinator from what the log really holds (the coordinator cannot roll back).
//! - Commit work runs in a detached task: a caller that goes away (closed connection) cannot
//!   cancel the append or the completions other members wait for.

use crate::notify::Notify;
use crate::ops::PartitionKey;
use crate::shard::Shard;
use batch::builder::BatchBuilder;
use bytes::Bytes;
use futures::channel::oneshot;
use group::{
    Completion, ConsumerGroupHeartbeatRequest, ConsumerGroupHeartbeatResponse, ConsumerTimeouts,
    DeferredResponse, DescribedConsumerGroup, DescribedGroup, Effects, GroupConfig,
    GroupCoordinator, GroupRecord, HeartbeatRequest, JoinGroupRequest, JoinGroupResponse,
    LeaveGroupRequest, LeaveGroupResponse, ListGroupsRequest, ListedGroup, OffsetCommitRequest,
    OffsetDeleteRequest, OffsetDeleteResponse, OffsetFetchRequest, OffsetFetchResponse,
    RequestToken, SyncGroupRequest, SyncGroupResponse, TopicResults, TopicsView,
};
use model::{ErrorCode, Offset};
use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap};
use std::os::unix::fs::FileExt;
use std::rc::Rc;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use storage::{Durability, PartitionLog};

#[path = "groups_txn.rs"]
pub mod txn;
pub(crate) use txn::marker_written as txn_marker_written;
pub use txn::{TxnOffset, TxnOffsetCommit};

/// Kafka's name of the topic holding group metadata and committed offsets.
pub const OFFSETS_TOPIC: &str = "__consumer_offsets";

/// How much of the partition one load step reads: bounds the memory a load holds at once.
const LOAD_CHUNK_BYTES: u32 = 1 << 20;
/// Records per appended batch: keeps each batch well under `message.max.bytes` even with
/// large offset metadata strings, so a big commit never fails for its size.
const RECORDS_PER_BATCH_MAX: usize = 256;
/// `__consumer_offsets` is bounded by rewriting: once a partition holds at least this many
/// records and most of them are superseded, the coordinator appends a snapshot of its state
/// and moves the log start past everything older (records are upserts by key, so the
/// snapshot plus what follows it replays to the same state). Small enough that restarts load
/// quickly, large enough that busy groups do not rewrite constantly.
const REWRITE_RECORDS_MIN: i64 = 10_000;
/// Rewrite when at most this fraction of the partition's records is still live: Kafka's
/// `min.cleanable.dirty.ratio` default of 0.5 for compacted topics.
const REWRITE_LIVE_RATIO_MAX: f64 = 0.5;
/// The timer task re-checks at least this often (shutdown, config-free safety net).
const TIMER_POLL_MAX: Duration = Duration::from_secs(5);

/// A group API call for the coordinator of one `__consumer_offsets` partition. `Send`: it
/// crosses the mesh inside a partition op.
#[derive(Debug)]
pub enum GroupOp {
    Join(JoinGroupRequest),
    Sync(SyncGroupRequest),
    Heartbeat(HeartbeatRequest),
    Leave(LeaveGroupRequest),
    OffsetCommit(OffsetCommitRequest),
    OffsetFetch(OffsetFetchRequest),
    /// OffsetFetch with `require_stable` (v7+, read_committed consumers): partitions with
    /// offsets pending in a transaction answer UNSTABLE_OFFSET_COMMIT (`groups_txn`).
    OffsetFetchStable(OffsetFetchRequest),
    List(ListGroupsRequest),
    Describe {
        group_ids: Vec<String>,
        api_version: i16,
    },
    Delete(Vec<String>),
    OffsetDelete(OffsetDeleteRequest),
    /// KIP-848.
    ConsumerHeartbeat(ConsumerGroupHeartbeatRequest),
    ConsumerDescribe(Vec<String>),
}

#[derive(Debug)]
pub enum GroupReply {
    Join(JoinGroupResponse),
    Sync(SyncGroupResponse),
    Heartbeat(ErrorCode),
    Leave(LeaveGroupResponse),
    OffsetCommit(Vec<TopicResults>),
    OffsetFetch(OffsetFetchResponse),
    List(Result<Vec<ListedGroup>, ErrorCode>),
    Describe(Vec<DescribedGroup>),
    Delete(Vec<(String, ErrorCode)>),
    OffsetDelete(OffsetDeleteResponse),
    ConsumerHeartbeat(ConsumerGroupHeartbeatResponse),
    ConsumerDescribe(Vec<DescribedConsumerGroup>),
}

impl GroupReply {
    /// The same answer carrying `code` instead of success, for a call whose records could not
    /// be made durable.
    fn failed(self, code: ErrorCode) -> GroupReply {
        match self {
            GroupReply::Join(r) => GroupReply::Join(JoinGroupResponse::error(code, &r.member_id)),
            GroupReply::Sync(_) => GroupReply::Sync(SyncGroupResponse::error(code)),
            GroupReply::Heartbeat(_) => GroupReply::Heartbeat(code),
            GroupReply::Leave(r) => GroupReply::Leave(LeaveGroupResponse {
                error_code: code,
                members: r.members,
            }),
            GroupReply::OffsetCommit(topics) => GroupReply::OffsetCommit(
                topics
                    .into_iter()
                    .map(|mut t| {
                        for p in &mut t.partitions {
                            p.error_code = code;
                        }
                        t
                    })
                    .collect(),
            ),
            GroupReply::Delete(groups) => {
                GroupReply::Delete(groups.into_iter().map(|(g, _)| (g, code)).collect())
            }
            GroupReply::OffsetDelete(_) => GroupReply::OffsetDelete(OffsetDeleteResponse {
                error_code: code,
                topics: Vec::new(),
            }),
            GroupReply::ConsumerHeartbeat(_) => {
                GroupReply::ConsumerHeartbeat(ConsumerGroupHeartbeatResponse::error(
                    code,
                    "the group coordinator could not write",
                ))
            }
            read_only => read_only,
        }
    }
}

fn failed_completion(response: DeferredResponse, code: ErrorCode) -> DeferredResponse {
    match response {
        DeferredResponse::Join(r) => {
            DeferredResponse::Join(JoinGroupResponse::error(code, &r.member_id))
        }
        DeferredResponse::Sync(_) => DeferredResponse::Sync(SyncGroupResponse::error(code)),
    }
}

pub(crate) fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// The coordinator of one `__consumer_offsets` partition and what it waits for.
pub(crate) struct GroupHost {
    key: PartitionKey,
    coordinator: RefCell<GroupCoordinator>,
    /// Callers waiting for a deferred JoinGroup/SyncGroup answer.
    waiting: RefCell<HashMap<RequestToken, oneshot::Sender<DeferredResponse>>>,
    next_token: Cell<u64>,
    loaded: Cell<bool>,
    /// The partition size (records) below which `rewrite_due` does not look again.
    next_rewrite_check: Cell<i64>,
    /// Set when the host is dropped from the shard (failed append, log gone): its tasks stop.
    retired: Cell<bool>,
    /// Signals load completion and deadline changes to waiters and the timer task.
    changed: Notify,
    /// The group configs the coordinator's per-group timing was last computed from.
    group_configs: RefCell<Arc<BTreeMap<String, BTreeMap<String, String>>>>,
    /// A replicated partition: the leader epoch this host was loaded under. Another epoch
    /// means another leader term (followers appended in between): the host is retired and
    /// the next op reloads.
    leader_epoch: Option<model::LeaderEpoch>,
    /// Transactional offset commits by producer id, until its marker (`groups_txn`).
    pending_txn: RefCell<HashMap<i64, Vec<GroupRecord>>>,
}

fn group_config(shard: &Shard) -> GroupConfig {
    let c = &shard.config;
    GroupConfig {
        session_timeout_ms_min: clamp_i32(c.group_min_session_timeout_ms),
        session_timeout_ms_max: clamp_i32(c.group_max_session_timeout_ms),
        initial_rebalance_delay_ms: clamp_i32(c.group_initial_rebalance_delay_ms),
        group_size_max: usize::try_from(c.group_max_size).unwrap_or(usize::MAX),
        offset_metadata_bytes_max: usize::try_from(c.offset_metadata_max_bytes)
            .unwrap_or(usize::MAX),
        offsets_retention_ms: i64::try_from(c.offsets_retention_minutes)
            .unwrap_or(i64::MAX / 60_000)
            .saturating_mul(60_000),
        consumer_session_timeout_ms: clamp_i32(c.group_consumer_session_timeout_ms),
        consumer_heartbeat_interval_ms: clamp_i32(c.group_consumer_heartbeat_interval_ms),
        consumer_group_size_max: usize::try_from(c.group_consumer_max_size).unwrap_or(usize::MAX),
        consumer_assignors: c
            .group_consumer_assignors
            .iter()
            .map(|a| assignor_name(a))
            .collect(),
        ..GroupConfig::default()
    }
}

/// Kafka accepts assignors as class names too
/// (`org.apache.kafka.coordinator.group.assignor.UniformAssignor`): their short name is the
/// class name without `Assignor`, lower-cased.
fn assignor_name(configured: &str) -> String {
    let class = configured.rsplit('.').next().unwrap_or(configured);
    class
        .strip_suffix("Assignor")
        .unwrap_or(class)
        .to_ascii_lowercase()
}

/// The topics of this shard's image as KIP-848 assignors see them, rebuilt only when the
/// image changed.
fn topics_view(shard: &Shard) -> Rc<TopicsView> {
    let index = shard.applied_index();
    if let Some((at, view)) = &*shard.topics_view.borrow() {
        if *at == index {
            return view.clone();
        }
    }
    let image = shard.image();
    let mut view = TopicsView::new();
    for t in image.topics() {
        let partitions = i32::try_from(t.partitions.len()).unwrap_or(i32::MAX);
        view.insert(t.name.clone(), t.id, partitions);
    }
    let view = Rc::new(view);
    *shard.topics_view.borrow_mut() = Some((index, view.clone()));
    view
}

/// The committed offsets of every loaded coordinator this shard hosts, as (group, topic,
/// partition, offset), at most `max` of them; also how many more there were (for the metrics).
pub(crate) fn committed_offsets(
    shard: &Shard,
    max: usize,
) -> (Vec<(String, String, i32, i64)>, u64) {
    let mut out = Vec::new();
    let mut dropped = 0u64;
    for host in shard.groups.borrow().values().filter(|h| h.loaded.get()) {
        let coordinator = host.coordinator.borrow();
        for (group, offsets) in &coordinator.durable().offsets {
            for ((topic, partition), value) in offsets {
                if out.len() < max {
                    out.push((group.clone(), topic.clone(), *partition, value.offset));
                } else {
                    dropped += 1;
                }
            }
        }
    }
    (out, dropped)
}

fn clamp_i32(v: u64) -> i32 {
    i32::try_from(v).unwrap_or(i32::MAX)
}

/// Runs one group op on the coordinator of `key` (a `__consumer_offsets` partition whose log
/// this shard owns).
pub(crate) async fn run(
    shard: &Rc<Shard>,
    key: PartitionKey,
    log: Rc<PartitionLog>,
    op: GroupOp,
) -> Result<GroupReply, ErrorCode> {
    let host = host_for(shard, key, log.clone());
    while !host.loaded.get() {
        if host.retired.get() {
            return Err(ErrorCode::CoordinatorNotAvailable);
        }
        let wake = host.changed.notified();
        let timer = glommio::timer::sleep(TIMER_POLL_MAX);
        futures::pin_mut!(timer);
        futures::future::select(wake, timer).await;
    }
    refresh_group_timeouts(shard, &host);
    let now = now_ms();
    let mut fx = Effects::default();
    let mut deferred = None;
    let reply = {
        let mut c = host.coordinator.borrow_mut();
        match op {
            GroupOp::Join(req) => {
                let token = host.token();
                deferred = Some(host.wait_for(token));
                c.join_group(token, &req, now, &mut fx);
                None
            }
            GroupOp::Sync(req) => {
                let token = host.token();
                deferred = Some(host.wait_for(token));
                c.sync_group(token, &req, now, &mut fx);
                None
            }
            GroupOp::Heartbeat(req) => Some(GroupReply::Heartbeat(c.heartbeat(&req, now))),
            GroupOp::Leave(req) => Some(GroupReply::Leave(c.leave_group(&req, now, &mut fx))),
            GroupOp::OffsetCommit(req) => Some(GroupReply::OffsetCommit(
                c.offset_commit(&req, now, &mut fx),
            )),
            GroupOp::OffsetFetch(req) => Some(GroupReply::OffsetFetch(c.offset_fetch(&req))),
            GroupOp::OffsetFetchStable(req) => {
                let mut fetched = c.offset_fetch(&req);
                txn::mark_unstable(&host, &req.group_id, &mut fetched);
                Some(GroupReply::OffsetFetch(fetched))
            }
            GroupOp::List(req) => Some(GroupReply::List(c.list_groups(&req))),
            GroupOp::Describe {
                group_ids,
                api_version,
            } => Some(GroupReply::Describe(
                c.describe_groups(&group_ids, api_version),
            )),
            GroupOp::Delete(group_ids) => Some(GroupReply::Delete(
                c.delete_groups(&group_ids, now, &mut fx),
            )),
            GroupOp::OffsetDelete(req) => Some(GroupReply::OffsetDelete(
                c.offset_delete(&req, now, &mut fx),
            )),
            GroupOp::ConsumerHeartbeat(req) => {
                let topics = topics_view(shard);
                Some(GroupReply::ConsumerHeartbeat(
                    c.consumer_group_heartbeat(&req, &topics, now, &mut fx),
                ))
            }
            GroupOp::ConsumerDescribe(group_ids) => {
                let topics = topics_view(shard);
                Some(GroupReply::ConsumerDescribe(
                    c.consumer_group_describe(&group_ids, &topics),
                ))
            }
        }
    };
    // Deadlines may have moved: let the timer task look again.
    host.changed.notify_all();
    let outcome = commit_detached(shard, &host, log, fx).await;
    match (reply, deferred) {
        (Some(reply), _) => Ok(match outcome {
            Ok(()) => reply,
            Err(code) => reply.failed(code),
        }),
        (None, Some(rx)) => match rx.await {
            Ok(DeferredResponse::Join(r)) => Ok(GroupReply::Join(r)),
            Ok(DeferredResponse::Sync(r)) => Ok(GroupReply::Sync(r)),
            Err(_) => Err(ErrorCode::CoordinatorNotAvailable),
        },
        (None, None) => Err(ErrorCode::UnknownServerError),
    }
}

impl GroupHost {
    fn token(&self) -> RequestToken {
        let t = self.next_token.get();
        self.next_token.set(t + 1);
        RequestToken(t)
    }

    fn wait_for(&self, token: RequestToken) -> oneshot::Receiver<DeferredResponse> {
        let (tx, rx) = oneshot::channel();
        self.waiting.borrow_mut().insert(token, tx);
        rx
    }

    fn complete(&self, completions: Vec<Completion>, failure: Option<ErrorCode>) {
        let mut waiting = self.waiting.borrow_mut();
        for Completion { token, response } in completions {
            let response = match failure {
                Some(code) => failed_completion(response, code),
                None => response,
            };
            if let Some(tx) = waiting.remove(&token) {
                // The caller may be gone (closed connection): nothing to do then.
                let _ = tx.send(response);
            }
        }
    }
}

/// Hands the coordinator each group's KIP-848 timing (GROUP configs over the broker's keys)
/// when the group configs in the metadata changed since it last got them; unchanged (almost
/// always) it costs one map comparison of the shared config maps.
fn refresh_group_timeouts(shard: &Shard, host: &GroupHost) {
    let configs = shard.image().all_group_configs();
    if Arc::ptr_eq(&configs, &host.group_configs.borrow())
        || *configs == **host.group_configs.borrow()
    {
        return;
    }
    let timeouts = configs
        .iter()
        .map(|(group, overrides)| {
            let (session, heartbeat) = config::group_consumer_timeouts(&shard.config, overrides);
            let timeouts = ConsumerTimeouts {
                session_timeout_ms: clamp_i32(u64::try_from(session).unwrap_or(0)),
                heartbeat_interval_ms: clamp_i32(u64::try_from(heartbeat).unwrap_or(0)),
            };
            (group.clone(), timeouts)
        })
        .collect();
    host.coordinator.borrow_mut().set_group_timeouts(timeouts);
    *host.group_configs.borrow_mut() = configs;
}

/// The host of `key`, created (and its load started) on first use.
fn host_for(shard: &Rc<Shard>, key: PartitionKey, log: Rc<PartitionLog>) -> Rc<GroupHost> {
    let leader_epoch = shard.replica(key).map(|r| r.leader_epoch());
    let existing = shard.groups.borrow().get(&key).cloned();
    if let Some(host) = existing {
        if host.leader_epoch == leader_epoch {
            return host;
        }
        retire(shard, &host);
    }
    let seed = (now_ms() as u64) ^ (u64::from(shard.id.0) << 48) ^ (key.partition as u64);
    let host = Rc::new(GroupHost {
        key,
        coordinator: RefCell::new(GroupCoordinator::new(group_config(shard), seed)),
        waiting: RefCell::new(HashMap::new()),
        next_token: Cell::new(0),
        loaded: Cell::new(false),
        next_rewrite_check: Cell::new(0),
        retired: Cell::new(false),
        changed: Notify::default(),
        group_configs: RefCell::new(Arc::default()),
        leader_epoch,
        pending_txn: RefCell::new(HashMap::new()),
    });
    shard.groups.borrow_mut().insert(key, host.clone());
    let (s, h) = (shard.clone(), host.clone());
    glommio::spawn_local(async move {
        match load(&h, &log).await {
            Ok(records) => {
                h.coordinator.borrow_mut().finish_loading(now_ms());
                h.loaded.set(true);
                if records > 0 {
                    tracing::info!(partition = key.partition, records, "group coordinator loaded");
                }
                h.changed.notify_all();
                timer_loop(s, h, log).await;
            }
            Err(e) => {
                tracing::error!(partition = key.partition, error = %e, "loading group coordinator failed");
                retire(&s, &h);
            }
        }
    })
    .detach();
    host
}

/// Drops `host` from its shard: the next op starts a fresh host that reloads from the log.
fn retire(shard: &Shard, host: &Rc<GroupHost>) {
    host.retired.set(true);
    host.changed.notify_all();
    let mut groups = shard.groups.borrow_mut();
    if groups.get(&host.key).is_some_and(|h| Rc::ptr_eq(h, host)) {
        groups.remove(&host.key);
    }
}

/// Replays the partition into the coordinator; returns the number of records replayed.
async fn load(host: &GroupHost, log: &PartitionLog) -> anyhow::Result<u64> {
    let mut offset = log.log_start_offset().0;
    let end = log.high_watermark().0;
    let mut replayed = 0u64;
    while offset < end {
        let read = log
            .read(Offset(offset), LOAD_CHUNK_BYTES, true)
            .map_err(|code| anyhow::anyhow!("reading at offset {offset}: {code:?}"))?;
        let mut bytes = Vec::new();
        for range in &read.ranges {
            let start = bytes.len();
            bytes.resize(start + range.len as usize, 0);
            range
                .file
                .read_exact_at(&mut bytes[start..], range.position)?;
        }
        let next = replay_batches(host, &bytes, offset, &mut replayed);
        if next <= offset {
            anyhow::bail!("no complete batch at offset {offset}");
        }
        offset = next;
        // Loading a long partition must not starve the shard's connections.
        glommio::yield_if_needed().await;
    }
    Ok(replayed)
}

/// Replays the complete batches in `bytes` whose records are at or after `from`; returns the
/// offset after the last complete batch.
fn replay_batches(host: &GroupHost, bytes: &[u8], from: i64, replayed: &mut u64) -> i64 {
    let mut next = from;
    let mut at = 0usize;
    let mut c = host.coordinator.borrow_mut();
    while let Some(header) = bytes.get(at..).and_then(batch::BatchHeader::parse) {
        let size = header.batch_size();
        let Some(batch_bytes) = bytes.get(at..at + size) else {
            break; // a partial batch at the end of the read: the next step starts at it
        };
        at += size;
        next = header.next_offset();
        if header.is_control() {
            if let Some(marker) = storage::parse_marker(batch_bytes) {
                drop(c);
                txn::settle(host, header.producer_id, marker.commit);
                c = host.coordinator.borrow_mut();
            }
            continue;
        }
        let Some((_, records)) = batch::records(batch_bytes) else {
            tracing::warn!(
                base_offset = header.base_offset,
                "skipping an unreadable batch in {OFFSETS_TOPIC}"
            );
            continue;
        };
        if header.is_transactional() {
            // Transactional offsets stay pending until the producer's marker (`groups_txn`).
            let mut pending = host.pending_txn.borrow_mut();
            let entry = pending.entry(header.producer_id).or_default();
            for r in records {
                if let Some(record) = r.key.and_then(|k| GroupRecord::decode(k, r.value).ok()) {
                    entry.push(record);
                }
            }
            continue;
        }
        for r in records {
            if header.base_offset + i64::from(r.offset_delta) < from {
                continue;
            }
            let Some(key) = r.key else { continue };
            match GroupRecord::decode(key, r.value) {
                Ok(record) => {
                    c.replay(&record);
                    *replayed += 1;
                }
                // Kafka skips record types it does not know (e.g. from a newer version).
                Err(e) => tracing::debug!(error = ?e, "skipping a record"),
            }
        }
    }
    next
}

/// Appends `fx.records` and then releases `fx.completed`, in a task of its own so that the
/// caller going away cannot cancel it. `Err` carries the code the call's answer gets.
async fn commit_detached(
    shard: &Rc<Shard>,
    host: &Rc<GroupHost>,
    log: Rc<PartitionLog>,
    fx: Effects,
) -> Result<(), ErrorCode> {
    if fx.is_empty() {
        return Ok(());
    }
    let (tx, rx) = oneshot::channel();
    let (s, h) = (shard.clone(), host.clone());
    glommio::spawn_local(async move {
        let _ = tx.send(commit(&s, &h, &log, fx).await);
    })
    .detach();
    rx.await.unwrap_or(Err(ErrorCode::CoordinatorNotAvailable))
}

async fn commit(
    shard: &Rc<Shard>,
    host: &Rc<GroupHost>,
    log: &Rc<PartitionLog>,
    fx: Effects,
) -> Result<(), ErrorCode> {
    let result = append(shard, host.key, log, &fx.records).await.map(|_| ());
    match result {
        Ok(()) => host.complete(fx.completed, None),
        Err(code) => {
            tracing::error!(
                partition = host.key.partition,
                ?code,
                "appending group records failed; the coordinator reloads from the log"
            );
            host.complete(fx.completed, Some(code));
            retire(shard, host);
        }
    }
    result
}

/// Appends `records` durably; returns the offset of the first one (the log end when there are
/// none).
async fn append(
    shard: &Rc<Shard>,
    key: PartitionKey,
    log: &Rc<PartitionLog>,
    records: &[GroupRecord],
) -> Result<i64, ErrorCode> {
    if records.is_empty() {
        return Ok(log.log_end_offset().0);
    }
    let replica = shard.replica(key);
    let epoch = match &replica {
        // A replicated partition: only its leader appends, and a write counts once the ISR
        // has it (acks=all), as Kafka's coordinator writes.
        Some(replica) => {
            crate::replicated::check_produce(replica, -1).map_err(|_| ErrorCode::NotCoordinator)?
        }
        None => match shard.local_log(key) {
            Some((_, epoch)) => epoch,
            None => return Err(ErrorCode::NotCoordinator),
        },
    };
    let now = now_ms();
    let mut batches = Vec::new();
    for chunk in records.chunks(RECORDS_PER_BATCH_MAX) {
        let mut builder = BatchBuilder::new().base_timestamp_ms(now);
        for record in chunk {
            let key = record.encode_key();
            let value = record.encode_value();
            builder = builder.record(0, Some(&key), value.as_deref());
        }
        let bytes = Bytes::from(builder.build());
        let mut validated = batch::validate_batches(&bytes, usize::MAX)
            .map_err(|_| ErrorCode::UnknownServerError)?;
        batches.append(&mut validated);
    }
    let map = |code: ErrorCode| match code {
        ErrorCode::NotLeaderOrFollower => ErrorCode::NotCoordinator,
        _ => ErrorCode::CoordinatorNotAvailable,
    };
    let Some(replica) = replica else {
        return log
            .append(batches, epoch, Durability::Synced)
            .await
            .map(|outcome| outcome.base_offset.0)
            .map_err(|e| map(e.code));
    };
    let bytes: u64 = batches.iter().map(|b| b.size_bytes() as u64).sum();
    let outcome = log
        .append_written(batches, epoch)
        .await
        .map_err(|e| map(e.code))?;
    crate::replicated::on_appended(shard, &replica, bytes);
    let timeout = std::time::Duration::from_millis(shard.config.offsets_commit_timeout_ms);
    crate::replicated::await_produce(&replica, Offset(outcome.last_offset.0 + 1), timeout)
        .await
        .map_err(map)?;
    Ok(outcome.base_offset.0)
}

/// Fires the coordinator's deadlines and the periodic offset expiry until the host retires.
async fn timer_loop(shard: Rc<Shard>, host: Rc<GroupHost>, log: Rc<PartitionLog>) {
    let expiry_interval_ms =
        i64::try_from(shard.config.offsets_retention_check_interval_ms.max(1)).unwrap_or(i64::MAX);
    let mut next_expiry = now_ms().saturating_add(expiry_interval_ms);
    while !host.retired.get() && !shard.is_shutting_down() {
        let now = now_ms();
        let mut fx = Effects::default();
        {
            let mut c = host.coordinator.borrow_mut();
            if c.next_deadline().is_some_and(|d| d <= now) {
                c.on_timer(now, &mut fx);
            }
            if next_expiry <= now {
                c.expire_offsets(now, &mut fx);
                next_expiry = now.saturating_add(expiry_interval_ms);
            }
        }
        if !fx.is_empty() {
            let _ = commit(&shard, &host, &log, fx).await;
            continue;
        }
        if rewrite_due(&host, &log) {
            if let Err(e) = rewrite(&shard, &host, &log).await {
                tracing::warn!(partition = host.key.partition, error = %e, "rewriting the group log failed");
                // Not again at once: a failing log would otherwise spin this loop.
                let records = log.high_watermark().0 - log.log_start_offset().0;
                host.next_rewrite_check
                    .set(records.saturating_add(REWRITE_RECORDS_MIN / 2));
            }
            continue;
        }
        let due = host
            .coordinator
            .borrow()
            .next_deadline()
            .unwrap_or(i64::MAX)
            .min(next_expiry);
        // At least 1 ms: a deadline that stayed due after `on_timer` must not spin the shard.
        let wait_ms = u64::try_from(due.saturating_sub(now)).unwrap_or(0).max(1);
        let wait = Duration::from_millis(wait_ms).min(TIMER_POLL_MAX);
        let wake = host.changed.notified();
        let timer = glommio::timer::sleep(wait);
        futures::pin_mut!(timer);
        futures::future::select(wake, timer).await;
    }
}

/// Whether the partition is large and mostly superseded (see [`REWRITE_RECORDS_MIN`]). Cheap
/// until the partition is large: the live count is only computed past the minimum.
fn rewrite_due(host: &GroupHost, log: &PartitionLog) -> bool {
    // Offsets pending in a transaction live only in the log until their marker: the log start
    // must not pass them (the snapshot holds committed offsets only).
    if !host.pending_txn.borrow().is_empty() {
        return false;
    }
    let records = log.high_watermark().0 - log.log_start_offset().0;
    if records < REWRITE_RECORDS_MIN || records < host.next_rewrite_check.get() {
        return false;
    }
    let live =
        i64::try_from(host.coordinator.borrow().durable().snapshot_len()).unwrap_or(i64::MAX);
    let due = (live as f64) <= REWRITE_LIVE_RATIO_MAX * records as f64;
    if !due {
        // Look again once the partition has grown by half the minimum.
        host.next_rewrite_check
            .set(records + REWRITE_RECORDS_MIN / 2);
    }
    due
}

/// Appends a snapshot of the coordinator's durable state, durably, then moves the log start to
/// it. The snapshot is taken and its append queued in one step, so every record appended after
/// it comes from a later (or the same) state and replays on top correctly.
async fn rewrite(
    shard: &Rc<Shard>,
    host: &Rc<GroupHost>,
    log: &Rc<PartitionLog>,
) -> anyhow::Result<()> {
    let snapshot = host.coordinator.borrow().durable().snapshot_records();
    let before = log.high_watermark().0 - log.log_start_offset().0;
    let start = if snapshot.is_empty() {
        log.high_watermark().0
    } else {
        append(shard, host.key, log, &snapshot)
            .await
            .map_err(|code| anyhow::anyhow!("appending the snapshot: {code:?}"))?
    };
    log.delete_records_before(Offset(start))
        .await
        .map_err(|code| anyhow::anyhow!("moving the log start to {start}: {code:?}"))?;
    host.next_rewrite_check.set(0);
    tracing::info!(
        partition = host.key.partition,
        records_before = before,
        records_after = log.high_watermark().0 - log.log_start_offset().0,
        "rewrote the group log from a snapshot"
    );
    Ok(())
}

/// Starts the coordinators of the `__consumer_offsets` partitions this shard owns, so their
/// timers and offset expiry run from start-up (ops would otherwise start them lazily).
pub fn start_coordinators(shard: &Rc<Shard>) {
    let image = shard.image();
    let Some(topic) = image.topic(OFFSETS_TOPIC) else {
        return;
    };
    for partition in topic.partitions.keys() {
        let key = PartitionKey {
            topic_id: topic.id,
            partition: *partition,
        };
        if let Some((log, _)) = shard.local_log(key) {
            host_for(shard, key, log);
        }
    }
}
