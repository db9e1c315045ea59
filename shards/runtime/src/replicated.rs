//! Replicated partitions (issue 11): the partition table's entries for partitions with more
//! than one replica, each a [`replica::Partition`] state machine over its log.
//!
//! The state machine decides (leadership, ISR, high watermark, when an acks=all produce is
//! done, what a follower's fetch gets); this module does what it asks: it sets the log's high
//! watermark, sends AlterPartition to the controller, answers waiting produces, wakes waiting
//! fetches, and feeds it every event — metadata applied, appends, fsyncs, follower fetches,
//! time. Leadership comes from the metadata image, never from shard ownership.
//!
//! A partition with one replica keeps the single-node path (`ops`): its log computes its own
//! high watermark from what is fsynced, which is what a one-member ISR would decide. Its
//! leadership comes from the image all the same (`Shard::local_log`).

use crate::notify::Notify;
use crate::ops::PartitionKey;
use crate::shard::Shard;
use futures::channel::oneshot;
use metadata::{Image, PartitionImage};
use model::{ErrorCode, LeaderEpoch, NodeId, Offset};
use replica::{
    Acks, AlterPartitionRequest, AlterPartitionResponse, BrokerEpoch, BrokerStatus, Durability,
    LeaderAndIsr, LeaderEpochCache, LogState, Outputs, Partition, PartitionConfig, PartitionEpoch,
};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;
use std::time::Duration;
use storage::PartitionLog;

/// How often a shard ticks its replicated partitions (ISR shrink, HW rechecks, deadlines).
pub(crate) const TICK: Duration = Duration::from_millis(250);

/// Milliseconds on the process's monotonic clock: the state machines' `now_ms`.
pub(crate) fn now_ms() -> u64 {
    thread_local! {
        static START: std::time::Instant = std::time::Instant::now();
    }
    START.with(|start| start.elapsed().as_millis() as u64)
}

/// One replicated partition on the shard that owns it on this node.
pub(crate) struct Replica {
    pub(crate) key: PartitionKey,
    pub(crate) log: Rc<PartitionLog>,
    pub(crate) state: RefCell<Partition>,
    /// Acks=all produces waiting for the high watermark, by id.
    produces: RefCell<HashMap<u64, oneshot::Sender<Result<(), ErrorCode>>>>,
    next_produce: Cell<u64>,
    /// Fired on anything a waiting fetch or the fetcher cares about: an append, a high
    /// watermark move, a role change, a flush.
    pub(crate) changed: Notify,
    /// A flush task is running: later appends are covered by its next round.
    flushing: Cell<bool>,
    flush_again: Cell<bool>,
    /// The AlterPartition in flight is being sent (one sender task at a time).
    altering: Cell<bool>,
}

impl Replica {
    pub(crate) fn leader_epoch(&self) -> LeaderEpoch {
        self.state.borrow().leader_epoch()
    }
}

/// The replication settings of a partition from its effective topic config and the broker's.
pub(crate) fn partition_config(shard: &Shard, image: &Image, topic: &str) -> PartitionConfig {
    let e = crate::apply::effective_topic_config(shard, image, topic);
    let durable = e.flush_interval_messages <= 1;
    PartitionConfig {
        replica_lag_time_max_ms: shard.config.replica_lag_time_max_ms,
        min_insync_replicas: e.min_insync_replicas.max(1) as usize,
        durability: if durable {
            Durability::Flushed
        } else {
            Durability::Replicated
        },
    }
}

/// Opens the state machine of a replicated partition over its freshly opened log.
pub(crate) fn open(
    shard: &Shard,
    image: &Image,
    topic: &str,
    key: PartitionKey,
    log: Rc<PartitionLog>,
) -> Rc<Replica> {
    let state = LogState {
        start_offset: log.log_start_offset(),
        end_offset: log.log_end_offset(),
        flushed_offset: log.flushed_offset(),
        high_watermark: log.high_watermark(),
    };
    let epochs = LeaderEpochCache::from_entries(
        log.leader_epoch_entries()
            .into_iter()
            .map(|(epoch, start_offset)| replica::EpochEntry {
                epoch,
                start_offset,
            })
            .collect(),
    );
    let partition = Partition::open(
        NodeId(shard.config.node_id),
        partition_config(shard, image, topic),
        state,
        epochs,
    );
    Rc::new(Replica {
        key,
        log,
        state: RefCell::new(partition),
        produces: RefCell::new(HashMap::new()),
        next_produce: Cell::new(0),
        changed: Notify::default(),
        flushing: Cell::new(false),
        flush_again: Cell::new(false),
        altering: Cell::new(false),
    })
}

/// The controller's state of a partition as the state machine takes it.
pub(crate) fn leader_and_isr(p: &PartitionImage) -> LeaderAndIsr {
    LeaderAndIsr {
        leader: (p.leader.0 >= 0).then_some(p.leader),
        leader_epoch: p.leader_epoch,
        partition_epoch: PartitionEpoch(p.partition_epoch),
        replicas: p.replicas.clone(),
        isr: p.isr.clone(),
    }
}

/// Brings every replicated partition of this shard in line with `image`: broker statuses,
/// configs, and the leader/follower role the controller decided. Called after each apply.
pub(crate) fn sync_with_image(shard: &Rc<Shard>, image: &Image) {
    let replicas: Vec<Rc<Replica>> = shard.replicas.borrow().values().cloned().collect();
    let now = now_ms();
    let local = NodeId(shard.config.node_id);
    let registered = shard.may_lead(image);
    for replica in replicas {
        let Some(topic) = image.topic_by_id(replica.key.topic_id) else {
            continue;
        };
        let Some(p) = topic.partitions.get(&replica.key.partition) else {
            continue;
        };
        let mut out = Outputs::default();
        {
            let mut state = replica.state.borrow_mut();
            for b in image.brokers() {
                state.set_broker_status(
                    b.node_id,
                    BrokerStatus {
                        epoch: BrokerEpoch(b.epoch),
                        fenced: b.fenced,
                        shutting_down: b.in_controlled_shutdown,
                    },
                );
            }
            let config = partition_config(shard, image, &topic.name);
            if config != state.config() {
                merge(&mut out, state.update_config(config, now));
            }
            let wanted = leader_and_isr(p);
            let current = (state.partition_epoch(), state.leader_epoch());
            let changed = (wanted.partition_epoch, wanted.leader_epoch) != current
                || matches!(state.role(), replica::RoleView::Unassigned);
            let became_leader = wanted.leader == Some(local);
            if changed && (registered || !became_leader) {
                let result = if !p.replicas.contains(&local) {
                    Ok(state.stop(now))
                } else if became_leader {
                    state.become_leader(&wanted, now)
                } else {
                    state.become_follower(&wanted, now)
                };
                match result {
                    Ok(o) => {
                        merge(&mut out, o);
                        tracing::debug!(
                            shard = shard.id.0,
                            topic = %topic.name,
                            partition = p.partition,
                            leader = ?wanted.leader,
                            leader_epoch = wanted.leader_epoch.0,
                            "replica role changed"
                        );
                        if became_leader {
                            // A new leader's epoch starts at its log end: persisted now, so a
                            // restart still answers divergence for it.
                            let log = replica.log.clone();
                            let epoch = wanted.leader_epoch;
                            let start = state.log().end_offset;
                            glommio::spawn_local(async move {
                                if let Err(e) = log.assign_leader_epoch(epoch, start).await {
                                    tracing::error!(error = %e, "persisting a leader epoch failed");
                                }
                            })
                            .detach();
                        }
                    }
                    Err(skipped) => tracing::debug!(
                        ?skipped,
                        "metadata older than the partition's state: skipped"
                    ),
                }
            }
        }
        handle(shard, &replica, out);
        replica.changed.notify_all();
    }
    crate::fetcher::ensure_fetchers(shard);
}

fn merge(into: &mut Outputs, from: Outputs) {
    if from.high_watermark.is_some() {
        into.high_watermark = from.high_watermark;
    }
    if from.alter_partition.is_some() {
        into.alter_partition = from.alter_partition;
    }
    into.produces.extend(from.produces);
    into.fetches.extend(from.fetches);
}

/// Does what a state machine call asked.
pub(crate) fn handle(shard: &Rc<Shard>, replica: &Rc<Replica>, out: Outputs) {
    if out.is_empty() {
        return;
    }
    if let Some(hw) = out.high_watermark {
        if let Err(e) = replica.log.set_high_watermark(hw) {
            // The log went offline (an IO failure it already logged): nothing to read anyway.
            tracing::error!(key = ?replica.key, error = %e, "setting the high watermark failed");
        }
        replica.changed.notify_all();
    }
    for done in out.produces {
        if let Some(waiting) = replica.produces.borrow_mut().remove(&done.id) {
            let _ = waiting.send(done.result);
        }
    }
    if !out.fetches.is_empty() {
        replica.changed.notify_all();
    }
    if out.alter_partition.is_some() {
        send_alter_partition(shard, replica);
    }
}

/// Sends the partition's AlterPartition in flight to the controller and hands the answer
/// back, resending after retriable failures while the same proposal stays in flight.
fn send_alter_partition(shard: &Rc<Shard>, replica: &Rc<Replica>) {
    if replica.altering.replace(true) {
        return;
    }
    let shard = shard.clone();
    let replica = replica.clone();
    glommio::spawn_local(async move {
        let mut backoff = Duration::from_millis(50);
        loop {
            let request: Option<AlterPartitionRequest> =
                replica.state.borrow().alter_partition_in_flight().cloned();
            let Some(request) = request else { break };
            if shard.is_shutting_down() {
                break;
            }
            // The committed ISR before the change (the answer arrives after this node applied
            // the change to its image, which the state machine may have taken already).
            let before = match replica.state.borrow().role() {
                replica::RoleView::Leader { isr, .. } => Some(isr.len()),
                _ => None,
            };
            let answer = crate::alter_partition::send(&shard, replica.key, &request).await;
            tracing::debug!(key = ?replica.key, ?request, ?answer, "AlterPartition answered");
            if let (AlterPartitionResponse::Accepted { isr, .. }, Some(before)) = (&answer, before)
            {
                shard.metrics.isr_changed(before, isr.len());
            }
            let now = now_ms();
            let out = {
                let mut state = replica.state.borrow_mut();
                state.on_alter_partition_response(&request, &answer, now)
            };
            handle_without_resend(&shard, &replica, out);
            let still = replica
                .state
                .borrow()
                .alter_partition_in_flight()
                .map(|r| r.sequence);
            let Some(sequence) = still else { break };
            // A refusal (NOT_CONTROLLER while the quorum elects, a stale epoch until metadata
            // arrives) backs off, doubling up to 2 s; an accepted change lets the next
            // proposal go at once.
            if matches!(answer, AlterPartitionResponse::Refused(_)) {
                glommio::timer::sleep(backoff).await;
                backoff = (backoff * 2).min(Duration::from_secs(2));
            } else {
                backoff = Duration::from_millis(50);
            }
            // The same send still in flight (its answer settled nothing): send it again, on a
            // new request. A new proposal (another sequence) goes as it is.
            if sequence == request.sequence
                && replica
                    .state
                    .borrow_mut()
                    .resend_alter_partition()
                    .is_none()
            {
                break;
            }
        }
        replica.altering.set(false);
    })
    .detach();
}

fn handle_without_resend(shard: &Rc<Shard>, replica: &Rc<Replica>, mut out: Outputs) {
    // The sender loop itself picks up a new proposal.
    out.alter_partition = None;
    handle(shard, replica, out);
}

/// Before appending: Kafka's checks on the leader.
pub(crate) fn check_produce(replica: &Replica, acks: i16) -> Result<LeaderEpoch, ErrorCode> {
    let state = replica.state.borrow();
    let acks = match acks {
        0 => Acks::None,
        1 => Acks::Leader,
        _ => Acks::All,
    };
    state.check_produce(acks)?;
    Ok(state.leader_epoch())
}

/// After the leader appended (offsets assigned, page cache): the state machine learns the
/// new log end, and a flush is scheduled (group-committed) so the high watermark can count it.
pub(crate) fn on_appended(shard: &Rc<Shard>, replica: &Rc<Replica>, bytes: u64) {
    let end = replica.log.log_end_offset();
    let out = {
        let mut state = replica.state.borrow_mut();
        if !state.is_leader() || end <= state.log().end_offset {
            Outputs::default()
        } else {
            state.on_leader_append(end, bytes, now_ms())
        }
    };
    handle(shard, replica, out);
    replica.changed.notify_all();
    schedule_flush(shard, replica);
}

/// Fsyncs the log (one task at a time; appends meanwhile are covered by its next round) and
/// tells the state machine what is stable.
pub(crate) fn schedule_flush(shard: &Rc<Shard>, replica: &Rc<Replica>) {
    if replica.flushing.replace(true) {
        replica.flush_again.set(true);
        return;
    }
    let shard = shard.clone();
    let replica = replica.clone();
    glommio::spawn_local(async move {
        loop {
            replica.flush_again.set(false);
            if let Err(e) = replica.log.flush().await {
                tracing::error!(key = ?replica.key, error = %e, "flushing a replicated log failed");
                break;
            }
            flushed(&shard, &replica);
            if !replica.flush_again.get() {
                break;
            }
        }
        replica.flushing.set(false);
    })
    .detach();
}

/// The log's fsynced offset moved: leaders may move the HW, followers may fetch again.
pub(crate) fn flushed(shard: &Rc<Shard>, replica: &Rc<Replica>) {
    let flushed = replica.log.flushed_offset();
    let out = {
        let mut state = replica.state.borrow_mut();
        let flushed = flushed.min(state.log().end_offset);
        if flushed <= state.log().flushed_offset {
            Outputs::default()
        } else {
            state.on_log_flushed(flushed, now_ms())
        }
    };
    handle(shard, replica, out);
    replica.changed.notify_all();
}

/// Waits until an acks=all produce appended below `required` is replicated as the ISR
/// demands, or `timeout` passes (REQUEST_TIMED_OUT).
pub(crate) async fn await_produce(
    replica: &Rc<Replica>,
    required: Offset,
    timeout: Duration,
) -> Result<(), ErrorCode> {
    let id = replica.next_produce.get();
    replica.next_produce.set(id + 1);
    let deadline = now_ms() + timeout.as_millis() as u64;
    let done = replica
        .state
        .borrow_mut()
        .await_produce(id, required, deadline);
    if let Some(done) = done {
        return done.result;
    }
    let (tx, rx) = oneshot::channel();
    replica.produces.borrow_mut().insert(id, tx);
    // The state machine answers at its deadline on a tick; this bound is only a backstop.
    let backstop = glommio::timer::sleep(timeout + TICK * 4);
    futures::pin_mut!(backstop);
    match futures::future::select(rx, backstop).await {
        futures::future::Either::Left((Ok(result), _)) => result,
        futures::future::Either::Left((Err(_), _)) => Err(ErrorCode::NotLeaderOrFollower),
        futures::future::Either::Right(_) => {
            replica.produces.borrow_mut().remove(&id);
            Err(ErrorCode::RequestTimedOut)
        }
    }
}

/// Ticks every replicated partition of the shard (ISR shrink, deadlines) and checkpoints
/// high watermarks, until shutdown.
pub(crate) async fn tick_loop(shard: Rc<Shard>) {
    let mut last_checkpoint = std::time::Instant::now();
    while !shard.is_shutting_down() {
        glommio::timer::sleep(TICK).await;
        let replicas: Vec<Rc<Replica>> = shard.replicas.borrow().values().cloned().collect();
        let now = now_ms();
        for replica in &replicas {
            let out = replica.state.borrow_mut().tick(now);
            handle(&shard, replica, out);
        }
        // `replica.high.watermark.checkpoint.interval.ms`: how often a changed high watermark
        // is written to its checkpoint.
        let interval =
            Duration::from_millis(shard.config.replica_high_watermark_checkpoint_interval_ms);
        if last_checkpoint.elapsed() >= interval {
            last_checkpoint = std::time::Instant::now();
            for replica in &replicas {
                if let Err(e) = replica.log.checkpoint_high_watermark().await {
                    tracing::warn!(key = ?replica.key, error = %e, "high watermark checkpoint failed");
                }
            }
        }
    }
}

/// Fails every waiting produce of a replica that leaves this shard (topic deleted, moved).
pub(crate) fn close(replica: &Replica) {
    let out = replica.state.borrow_mut().stop(now_ms());
    for done in out.produces {
        if let Some(waiting) = replica.produces.borrow_mut().remove(&done.id) {
            let _ = waiting.send(done.result);
        }
    }
    for (_, waiting) in replica.produces.borrow_mut().drain() {
        let _ = waiting.send(Err(ErrorCode::NotLeaderOrFollower));
    }
    replica.changed.notify_all();
}

/// Every op but Produce on a replicated partition, with Kafka's leader checks.
pub(crate) async fn run_op(
    shard: &Rc<Shard>,
    replica: &Rc<Replica>,
    op: crate::ops::PartitionOp,
) -> crate::ops::PartitionResult {
    use crate::ops::{self, PartitionOp, PartitionResult};
    let log = &replica.log;
    let leader_check = |current_leader_epoch: i32| -> Result<LeaderEpoch, ErrorCode> {
        let state = replica.state.borrow();
        let epoch = state.leader_epoch();
        ops::check_epoch(current_leader_epoch, epoch)?;
        if !state.is_leader() {
            return Err(ErrorCode::NotLeaderOrFollower);
        }
        Ok(epoch)
    };
    match op {
        PartitionOp::Produce { .. } => unreachable!("produces go through ops::produce_written"),
        PartitionOp::StartTxnVerification {
            producer_id,
            producer_epoch,
        } => PartitionResult::TxnVerification(
            leader_check(-1).map(|_| log.start_txn_verification(producer_id, producer_epoch)),
        ),
        // A consumer reads up to the high watermark, which the state machine sets on the log:
        // on the leader, or (KIP-392, Fetch v11+) on a follower, up to the follower's.
        PartitionOp::Read {
            offset,
            max_bytes,
            min_one_message,
            current_leader_epoch,
            follower_ok,
            committed,
        } => {
            let allowed = if follower_ok {
                let state = replica.state.borrow();
                ops::check_epoch(current_leader_epoch, state.leader_epoch()).and_then(|()| {
                    match state.role() {
                        replica::RoleView::Leader { .. } | replica::RoleView::Follower { .. } => {
                            Ok(())
                        }
                        replica::RoleView::Unassigned => Err(ErrorCode::NotLeaderOrFollower),
                    }
                })
            } else {
                leader_check(current_leader_epoch).map(|_| ())
            };
            PartitionResult::Read(
                allowed
                    .and_then(|()| ops::read(log, offset, max_bytes, min_one_message, committed)),
            )
        }
        PartitionOp::ReplicaRead {
            replica: follower,
            broker_epoch,
            offset,
            max_bytes,
            current_leader_epoch,
            last_fetched_epoch,
        } => {
            let fetch = replica::FollowerFetch {
                replica: NodeId(follower),
                broker_epoch: BrokerEpoch(broker_epoch),
                fetch_offset: Offset(offset),
                last_fetched_epoch: (last_fetched_epoch >= 0)
                    .then_some(LeaderEpoch(last_fetched_epoch)),
                current_leader_epoch: (current_leader_epoch >= 0)
                    .then_some(LeaderEpoch(current_leader_epoch)),
            };
            let (answer, out) = replica
                .state
                .borrow_mut()
                .on_follower_fetch(&fetch, now_ms());
            handle(shard, replica, out);
            // Replication throttles (leader side): a replica the topic's
            // `leader.replication.throttled.replicas` names gets no records while this shard's
            // share of `leader.replication.throttled.rate` is spent (Kafka leaves it out).
            let throttle = crate::throttle::throttled_rate(
                shard,
                crate::throttle::Side::Leader,
                replica.key,
                shard.config.node_id,
            );
            let now = now_ms();
            let max_bytes = match throttle {
                Some(rate)
                    if shard
                        .throttles
                        .delay_ms(crate::throttle::Side::Leader, rate, now)
                        > 0 =>
                {
                    0
                }
                _ => max_bytes,
            };
            PartitionResult::Read(match answer {
                // `read_end` is the log end for a follower.
                replica::FetchAnswer::Records {
                    from,
                    high_watermark,
                    ..
                } => log
                    .read_up_to(from, max_bytes, max_bytes > 0, storage::ReadLimit::LogEnd)
                    .map(|r| {
                        if throttle.is_some() {
                            shard.throttles.record(
                                crate::throttle::Side::Leader,
                                r.total_bytes(),
                                now,
                            );
                        }
                        let mut outcome = ops::outcome_of(r);
                        outcome.high_watermark = high_watermark.0;
                        outcome.last_stable_offset = log.last_stable_offset().0;
                        outcome
                    }),
                replica::FetchAnswer::Diverging {
                    epoch,
                    end_offset,
                    high_watermark,
                } => Ok(ops::ReadOutcome {
                    records: Vec::new(),
                    high_watermark: high_watermark.0,
                    last_stable_offset: high_watermark.0,
                    log_start_offset: log.log_start_offset().0,
                    diverging_epoch: Some((epoch.0, end_offset.0)),
                    aborted_transactions: None,
                }),
                replica::FetchAnswer::Error(code) => Err(code),
            })
        }
        PartitionOp::ListOffsets {
            timestamp,
            current_leader_epoch,
            from_replica,
            committed,
        } => PartitionResult::ListOffsets(match leader_check(current_leader_epoch) {
            Err(code) => Err(code),
            Ok(epoch) if timestamp == ops::LIST_OFFSETS_LATEST && from_replica => {
                Ok((log.log_end_offset().0, -1, epoch.0))
            }
            Ok(epoch) if timestamp == ops::LIST_OFFSETS_LATEST && committed => replica
                .state
                .borrow()
                .list_offsets_latest(None)
                .map(|_| (log.last_stable_offset().0, -1, epoch.0)),
            Ok(epoch) if timestamp == ops::LIST_OFFSETS_LATEST => replica
                .state
                .borrow()
                .list_offsets_latest(None)
                .map(|hw| (hw.0, -1, epoch.0)),
            Ok(epoch) => ops::list_offsets(log, timestamp, epoch).await,
        }),
        PartitionOp::DeleteRecords { offset } => {
            PartitionResult::DeleteRecords(match leader_check(-1) {
                Err(code) => Err(code),
                Ok(_) => log.delete_records_before(Offset(offset)).await.map(|o| o.0),
            })
        }
        PartitionOp::EpochEndOffset {
            leader_epoch,
            current_leader_epoch,
        } => {
            let state = replica.state.borrow();
            let current = (current_leader_epoch >= 0).then_some(LeaderEpoch(current_leader_epoch));
            PartitionResult::EpochEndOffset(
                state
                    .offset_for_leader_epoch(current, LeaderEpoch(leader_epoch))
                    .map(|found| found.map_or((-1, -1), |e| (e.epoch.0, e.end_offset.0))),
            )
        }
        PartitionOp::DescribeProducers => {
            PartitionResult::Producers(leader_check(-1).map(|_| log.producers()))
        }
        // The group coordinator of a replicated `__consumer_offsets` partition lives on its
        // leader, loaded once the leader's high watermark covers every record of earlier
        // terms (Kafka answers COORDINATOR_LOAD_IN_PROGRESS meanwhile); a new term reloads it
        // (`groups::host_for`).
        PartitionOp::Group(op) => {
            let ready = {
                let state = replica.state.borrow();
                if !state.is_leader() {
                    Err(ErrorCode::NotCoordinator)
                } else {
                    state
                        .list_offsets_latest(None)
                        .map(|_| ())
                        .map_err(|_| ErrorCode::CoordinatorLoadInProgress)
                }
            };
            PartitionResult::Group(match ready {
                Err(code) => Err(code),
                Ok(()) => crate::groups::run(shard, replica.key, log.clone(), op).await,
            })
        }
        PartitionOp::WriteTxnMarker {
            producer_id,
            producer_epoch,
            commit,
            coordinator_epoch,
        } => PartitionResult::Marker(match check_produce(replica, -1) {
            Err(code) => Err(code),
            Ok(epoch) => {
                crate::txns::write_marker(
                    shard,
                    replica.key,
                    log,
                    Some(replica),
                    epoch,
                    (producer_id, producer_epoch),
                    storage::Marker {
                        commit,
                        coordinator_epoch,
                    },
                )
                .await
            }
        }),
        // Like a group coordinator: on the leader, once its high watermark covers earlier terms.
        PartitionOp::Txn(op) => {
            let ready = {
                let state = replica.state.borrow();
                if !state.is_leader() {
                    Err(ErrorCode::NotCoordinator)
                } else {
                    state
                        .list_offsets_latest(None)
                        .map(|_| ())
                        .map_err(|_| ErrorCode::CoordinatorLoadInProgress)
                }
            };
            PartitionResult::Txn(match ready {
                Err(code) => Err(code),
                Ok(()) => crate::txns::run(shard, replica.key, log.clone(), op).await,
            })
        }
        PartitionOp::TxnOffsetCommit(req) => {
            PartitionResult::TxnOffsetCommit(match check_produce(replica, -1) {
                Err(_) => Err(ErrorCode::NotCoordinator),
                Ok(_) => crate::groups::txn::commit(shard, replica.key, log.clone(), req).await,
            })
        }
    }
}
