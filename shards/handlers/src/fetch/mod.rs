//! Fetch (key 1), v4–17: long polling woken by appends, incremental fetch sessions (KIP-227),
//! and a zero-copy response (record bytes stay file slices until `sendfile`).

pub mod session;

use crate::auth::Authz;
use crate::route::{self, Work};
use crate::{Handlers, Reply};
use kafka_protocol::messages::FetchRequest;
use metadata::acl::{AclOperation, ResourceType};
use model::{ErrorCode, TopicId};
use protocol::fetch::{
    encode_fetch_response, FetchPartitionData, FetchResponseData, FetchTopicData,
};
use runtime::{PartitionOp, PartitionResult, ReadOutcome, Signal, WaitSpec};
use session::SessionPartition;
use std::rc::Rc;
use std::time::{Duration, Instant};
use storage::profile::Stage;

/// Upper bound on a consumer's max_wait_ms: a client cannot park a request for longer.
const FETCH_MAX_WAIT_CAP: Duration = Duration::from_secs(30);

/// How the request relates to a session.
enum SessionMode {
    /// No session (v<7, or epoch -1): every partition is answered.
    None,
    /// Full fetch that opens session `id`.
    New(i32),
    /// Incremental fetch in session `id`: only changed partitions are answered.
    Incremental(i32),
}

pub async fn handle(
    ctx: &Rc<Handlers>,
    req: FetchRequest,
    version: i16,
    correlation_id: i32,
    auth: &Authz<'_>,
    client_id: &str,
    charge: &crate::quota::RequestCharge<'_>,
) -> Reply {
    if let Some((replica, broker_epoch)) = replica_of(&req, version) {
        // A follower needs CLUSTER_ACTION; without it every partition is refused.
        let allowed = auth.cluster(AclOperation::ClusterAction);
        let denied = |_: &str| !allowed;
        return handle_replica(
            ctx,
            req,
            version,
            correlation_id,
            replica,
            broker_epoch,
            &denied,
        )
        .await;
    }
    // A consumer needs READ on each topic (answered per topic, names resolved first).
    let check = |topic: &str| !auth.allowed(AclOperation::Read, ResourceType::Topic, topic);
    let memoized = memo(&check);
    let open = |_: &str| false;
    let denied: &dyn Fn(&str) -> bool = if auth.enabled() { &memoized } else { &open };
    let image = ctx.shard.image();
    let requested = requested_partitions(&image, &req, version);
    let (mode, wanted) = match resolve_session(ctx, &req, version, requested) {
        Ok(x) => x,
        Err(code) => {
            let throttle_ms = charge.throttle(ctx, auth.caller());
            let data = FetchResponseData {
                error_code: code.code(),
                throttle_time_ms: i32::try_from(throttle_ms).unwrap_or(i32::MAX),
                ..Default::default()
            };
            return Reply::Send(encode_fetch_response(version, correlation_id, &data));
        }
    };
    // A consumer under `consumer_byte_rate` asks for no more than its quota window takes.
    let response_max_bytes =
        response_max_bytes(&req).min(crate::quota::fetch_bytes_max(ctx, auth.caller(), client_id));
    let results = read_partitions(ctx, &image, &req, &wanted, &denied, |_, p| {
        PartitionOp::Read {
            offset: p.fetch_offset,
            max_bytes: (p.max_bytes.max(0) as u32).min(response_max_bytes),
            min_one_message: true,
            current_leader_epoch: p.current_leader_epoch,
            follower_ok: version >= 11,
            committed: req.isolation_level == 1,
        }
    })
    .await;
    let read_committed = req.isolation_level == 1;
    let preferred = preferred_read_replicas(ctx, &image, &req, version, &wanted);
    let mut data = build_response(
        ctx,
        &mode,
        wanted,
        results,
        &preferred,
        response_max_bytes,
        version,
        read_committed,
    );
    let mut parts = storage::profile::timed(Stage::FetchResponse, || {
        encode_fetch_response(version, correlation_id, &data)
    });
    // Over `consumer_byte_rate` or `request_percentage`: the response still goes out at once
    // (its records are counted), with the longer throttle time, and the connection is muted
    // that long (KIP-219).
    let bytes_throttle_ms =
        crate::quota::record_fetch(ctx, auth.caller(), client_id, parts.len() as f64);
    let throttle_ms = bytes_throttle_ms.max(charge.throttle(ctx, auth.caller()));
    if throttle_ms > 0 {
        data.throttle_time_ms = throttle_ms as i32;
        parts = encode_fetch_response(version, correlation_id, &data);
    }
    Reply::Send(parts)
}

/// The fetching replica's id and broker epoch when a follower sends the Fetch (`ReplicaState`
/// from v15, `ReplicaId` before; consumers send -1).
fn replica_of(req: &FetchRequest, version: i16) -> Option<(i32, i64)> {
    let (id, epoch) = if version >= 15 {
        (
            req.replica_state.replica_id.0,
            req.replica_state.replica_epoch,
        )
    } else {
        (req.replica_id.0, -1)
    };
    (id >= 0).then_some((id, epoch))
}

/// A follower's Fetch: every partition is read on its leader's owning shard up to the log
/// end, the follower's progress counts for the ISR and the high watermark, and a diverging
/// log is answered with the epoch to truncate to. No fetch session (followers send -1).
async fn handle_replica(
    ctx: &Rc<Handlers>,
    req: FetchRequest,
    version: i16,
    correlation_id: i32,
    replica: i32,
    broker_epoch: i64,
    denied: &dyn Fn(&str) -> bool,
) -> Reply {
    let image = ctx.shard.image();
    let wanted = requested_partitions(&image, &req, version);
    // Followers never use sessions; the partitions are exactly those named.
    let last_fetched: Vec<i32> = req
        .topics
        .iter()
        .flat_map(|t| t.partitions.iter())
        .map(|p| {
            if version >= 12 {
                p.last_fetched_epoch
            } else {
                -1
            }
        })
        .collect();
    let response_max_bytes = response_max_bytes(&req);
    let results = read_partitions(ctx, &image, &req, &wanted, denied, |slot, p| {
        PartitionOp::ReplicaRead {
            replica,
            broker_epoch,
            offset: p.fetch_offset,
            max_bytes: (p.max_bytes.max(0) as u32).min(response_max_bytes),
            current_leader_epoch: p.current_leader_epoch,
            last_fetched_epoch: last_fetched[slot],
        }
    })
    .await;
    let data = build_response(
        ctx,
        &SessionMode::None,
        wanted,
        results,
        &[],
        response_max_bytes,
        version,
        false,
    );
    Reply::Send(encode_fetch_response(version, correlation_id, &data))
}

/// `check` asked once per topic name.
fn memo<'a>(check: &'a dyn Fn(&str) -> bool) -> impl Fn(&str) -> bool + 'a {
    let seen = std::cell::RefCell::new(std::collections::HashMap::<String, bool>::new());
    move |topic: &str| {
        if let Some(d) = seen.borrow().get(topic) {
            return *d;
        }
        let d = check(topic);
        seen.borrow_mut().insert(topic.to_string(), d);
        d
    }
}

/// The response's byte limit (`max_bytes`, none when not positive).
fn response_max_bytes(req: &FetchRequest) -> u32 {
    if req.max_bytes <= 0 {
        i32::MAX as u32
    } else {
        req.max_bytes as u32
    }
}

/// Reads every partition of `wanted` with the op `op(slot, partition)` makes, on the shards
/// that own them, and long-polls as the request asks while fewer than `min_bytes` came back
/// (an error, or a diverging epoch for a follower, answers at once). One answer per slot.
async fn read_partitions(
    ctx: &Rc<Handlers>,
    image: &metadata::Image,
    req: &FetchRequest,
    wanted: &[SessionPartition],
    denied: &dyn Fn(&str) -> bool,
    op: impl Fn(usize, &SessionPartition) -> PartitionOp,
) -> Vec<Result<ReadOutcome, ErrorCode>> {
    let mut results: Vec<Result<ReadOutcome, ErrorCode>> = Vec::with_capacity(wanted.len());
    let mut work = Vec::new();
    for (slot, p) in wanted.iter().enumerate() {
        results.push(Err(ErrorCode::None));
        let located = if p.topic.is_empty() {
            Err(ErrorCode::UnknownTopicId)
        } else if denied(&p.topic) {
            Err(ErrorCode::TopicAuthorizationFailed)
        } else {
            route::locate(image, &p.topic, p.partition)
        };
        match located {
            Ok((key, owner)) => work.push((slot, owner, key)),
            Err(code) => results[slot] = Err(code),
        }
    }
    let make_work = || {
        work.iter()
            .map(|&(slot, owner, key)| Work {
                slot,
                owner,
                key,
                op: op(slot, &wanted[slot]),
            })
            .collect::<Vec<_>>()
    };
    let max_wait = Duration::from_millis(req.max_wait_ms.max(0) as u64).min(FETCH_MAX_WAIT_CAP);
    let may_wait = !max_wait.is_zero() && !work.is_empty() && req.min_bytes >= 1;
    let answered = if may_wait && req.min_bytes == 1 {
        // One byte from any partition answers (every consumer's default): each owner reads
        // and, holding none, waits, in one round; no read-only round first.
        let wait = WaitSpec {
            max_wait,
            min_bytes: 1,
        };
        long_poll(ctx, make_work, wait).await
    } else {
        let answered = route::run(&ctx.shard, make_work(), None).await;
        let bytes: usize = answered.iter().map(|(_, r)| r.read_bytes()).sum();
        let settled = answered.iter().any(|(_, r)| r.settles_read());
        if may_wait && bytes < req.min_bytes as usize && !settled {
            let wait = WaitSpec {
                max_wait,
                min_bytes: req.min_bytes as u32,
            };
            long_poll(ctx, make_work, wait).await
        } else {
            answered
        }
    };
    for (slot, result) in answered {
        results[slot] = match result {
            PartitionResult::Read(r) => r,
            _ => Err(ErrorCode::UnknownServerError),
        };
    }
    results
}

/// Waits on every owning shard at once. The first owner to answer with data (or an answer
/// that settles the request) ends the others' waits: they read once more and answer at once
/// with what they hold, so the response carries every shard's data without a second round.
async fn long_poll(
    ctx: &Rc<Handlers>,
    make_work: impl Fn() -> Vec<Work>,
    wait: WaitSpec,
) -> Vec<(usize, PartitionResult)> {
    let all = make_work();
    let owners: std::collections::BTreeSet<_> = all.iter().map(|w| w.owner).collect();
    if owners.len() <= 1 {
        return route::run(&ctx.shard, all, Some(wait)).await;
    }
    let end = Rc::new(Signal::default());
    let mut pending: Vec<_> = owners
        .iter()
        .map(|owner| {
            let group: Vec<Work> = make_work()
                .into_iter()
                .filter(|w| w.owner == *owner)
                .collect();
            let shard = ctx.shard.clone();
            let end = end.clone();
            Box::pin(async move { route::run_until(&shard, group, wait, &end).await })
        })
        .collect();
    let mut done = Vec::new();
    while !pending.is_empty() {
        let (result, _, rest) = futures::future::select_all(pending).await;
        if result
            .iter()
            .any(|(_, r)| r.read_bytes() > 0 || r.settles_read())
        {
            end.fire();
        }
        done.extend(result);
        pending = rest;
    }
    done
}

/// The partitions the request names, in order, with topic names resolved (empty name: unknown id).
fn requested_partitions(
    image: &metadata::Image,
    req: &FetchRequest,
    version: i16,
) -> Vec<SessionPartition> {
    let mut out = Vec::new();
    for t in &req.topics {
        let (name, id) = if version >= 13 {
            let id = TopicId(*t.topic_id.as_bytes());
            (
                image
                    .topic_by_id(id)
                    .map(|t| t.name.clone())
                    .unwrap_or_default(),
                id,
            )
        } else {
            let name = t.topic.0.to_string();
            let id = image.topic(&name).map(|t| t.id).unwrap_or(TopicId::ZERO);
            (name, id)
        };
        for p in &t.partitions {
            out.push(SessionPartition {
                topic: name.clone(),
                topic_id: id,
                partition: p.partition,
                fetch_offset: p.fetch_offset,
                max_bytes: p.partition_max_bytes,
                current_leader_epoch: if version >= 9 {
                    p.current_leader_epoch
                } else {
                    -1
                },
                last_high_watermark: -1,
                last_log_start_offset: -1,
            });
        }
    }
    out
}

fn resolve_session(
    ctx: &Handlers,
    req: &FetchRequest,
    version: i16,
    requested: Vec<SessionPartition>,
) -> Result<(SessionMode, Vec<SessionPartition>), ErrorCode> {
    if version < 7 {
        return Ok((SessionMode::None, requested));
    }
    let mut sessions = ctx.fetch_sessions.borrow_mut();
    let (id, epoch) = (req.session_id, req.session_epoch);
    if epoch == -1 || epoch == 0 {
        if id != 0 {
            sessions.remove(id);
        }
        if epoch == -1 {
            return Ok((SessionMode::None, requested));
        }
        let new = sessions.create(requested.clone());
        return Ok((SessionMode::New(new), requested));
    }
    let session = sessions
        .get_mut(id)
        .ok_or(ErrorCode::FetchSessionIdNotFound)?;
    if session.next_epoch != epoch {
        return Err(ErrorCode::InvalidFetchSessionEpoch);
    }
    session.next_epoch = if epoch == i32::MAX { 1 } else { epoch + 1 };
    session.last_used = Instant::now();
    for t in &req.forgotten_topics_data {
        let name = if version >= 13 {
            let id = TopicId(*t.topic_id.as_bytes());
            session
                .partitions
                .iter()
                .find(|p| p.topic_id == id)
                .map(|p| p.topic.clone())
                .unwrap_or_default()
        } else {
            t.topic.0.to_string()
        };
        for p in &t.partitions {
            session.forget(&name, *p);
        }
    }
    for p in requested {
        session.upsert(p);
    }
    Ok((SessionMode::Incremental(id), session.partitions.clone()))
}

/// KIP-392 with `replica.selector.class` = Kafka's RackAwareReplicaSelector: for each
/// partition this node leads, the in-sync replica in the consumer's rack (`rack_id`, Fetch
/// v11+) it should read from instead, the lowest id among them; -1 to read here (the leader is
/// in that rack, or no in-sync replica is).
fn preferred_read_replicas(
    ctx: &Handlers,
    image: &metadata::Image,
    req: &FetchRequest,
    version: i16,
    wanted: &[SessionPartition],
) -> Vec<i32> {
    let rack = req.rack_id.as_str();
    if !ctx.shard.config.replica_selector_rack_aware || version < 11 || rack.is_empty() {
        return Vec::new();
    }
    let local = model::NodeId(ctx.shard.config.node_id);
    let in_rack = |node: model::NodeId| {
        image
            .broker(node)
            .is_some_and(|b| !b.fenced && b.rack.as_deref() == Some(rack))
    };
    wanted
        .iter()
        .map(|w| {
            let Some(p) = image
                .topic_by_id(w.topic_id)
                .and_then(|t| t.partitions.get(&w.partition))
            else {
                return -1;
            };
            if p.leader != local || in_rack(local) {
                return -1;
            }
            p.isr
                .iter()
                .copied()
                .filter(|n| *n != local && in_rack(*n))
                .min()
                .map_or(-1, |n| n.0)
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn build_response(
    ctx: &Handlers,
    mode: &SessionMode,
    wanted: Vec<SessionPartition>,
    results: Vec<Result<ReadOutcome, ErrorCode>>,
    preferred: &[i32],
    response_max_bytes: u32,
    version: i16,
    read_committed: bool,
) -> FetchResponseData {
    let mut sessions = ctx.fetch_sessions.borrow_mut();
    let session_id = match mode {
        SessionMode::None => 0,
        SessionMode::New(id) | SessionMode::Incremental(id) => *id,
    };
    let mut session = match mode {
        SessionMode::None => None,
        SessionMode::New(id) | SessionMode::Incremental(id) => sessions.get_mut(*id),
    };
    let incremental = matches!(mode, SessionMode::Incremental(_));
    let mut budget = response_max_bytes as usize;
    let mut sent_any = false;
    let mut topics: Vec<FetchTopicData> = Vec::new();
    for (slot, (p, result)) in wanted.into_iter().zip(results).enumerate() {
        let mut data = match result {
            Ok(read) => FetchPartitionData {
                partition_index: p.partition,
                error_code: 0,
                high_watermark: read.high_watermark,
                last_stable_offset: read.last_stable_offset,
                log_start_offset: read.log_start_offset,
                // Kafka: null for read_uncommitted, the aborted transactions of the range
                // for read_committed.
                aborted_transactions: read_committed
                    .then(|| read.aborted_transactions.unwrap_or_default()),
                preferred_read_replica: -1,
                records: read.records,
                diverging_epoch: read.diverging_epoch,
            },
            Err(code) => {
                let code = if code == ErrorCode::UnknownTopicOrPartition
                    && version >= 13
                    && p.topic.is_empty()
                {
                    ErrorCode::UnknownTopicId
                } else {
                    code
                };
                FetchPartitionData::error(p.partition, code.code())
            }
        };
        // KIP-392: the consumer is pointed at a replica in its rack; no records from here.
        if let Some(&replica) = preferred.get(slot).filter(|r| **r >= 0) {
            if data.error_code == 0 {
                data.preferred_read_replica = replica;
                data.records.clear();
            }
        }
        // The response's max_bytes: the first partition with data may exceed it (KIP-74).
        let len = data.records_len();
        if len > 0 {
            if sent_any && len > budget {
                data.records.clear();
            } else {
                budget = budget.saturating_sub(len);
                sent_any = true;
                ctx.shard.metrics.fetched(p.topic_id, len as u64);
            }
        }
        if let Some(s) = session.as_deref_mut() {
            if let Some(entry) = s
                .partitions
                .iter_mut()
                .find(|e| e.topic == p.topic && e.partition == p.partition)
            {
                let changed = data.error_code != 0
                    || data.records_len() > 0
                    || data.preferred_read_replica >= 0
                    || entry.last_high_watermark != data.high_watermark
                    || entry.last_log_start_offset != data.log_start_offset;
                entry.last_high_watermark = data.high_watermark;
                entry.last_log_start_offset = data.log_start_offset;
                if incremental && !changed {
                    continue;
                }
            }
        }
        match topics.last_mut() {
            Some(t) if t.name == p.topic && t.topic_id == p.topic_id.0 => t.partitions.push(data),
            _ => topics.push(FetchTopicData {
                name: p.topic.clone(),
                topic_id: p.topic_id.0,
                partitions: vec![data],
            }),
        }
    }
    FetchResponseData {
        throttle_time_ms: 0,
        error_code: 0,
        session_id,
        topics,
    }
}
