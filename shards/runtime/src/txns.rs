//! Transaction coordinators: one [`txn::TxnCoordinator`] per `__transaction_state` partition
//! this shard owns (in a cluster: leads), hosted next to that partition's log, built like
//! `groups`: loaded by replaying the partition, each call mutates the coordinator and returns
//! records, which are appended durably (acks=all on a replicated partition) before the answer.
//!
//! Markers: EndTxn (and the abort of a timed-out or re-initialized transaction) persists
//! PrepareCommit/PrepareAbort, answers, and a detached task writes the end-transaction marker
//! to every partition of the transaction (`PartitionOp::WriteTxnMarker` to the owning shard,
//! here or over the mesh; another node's partitions by Kafka's WriteTxnMarkers v1 over the
//! inter-broker listener), retrying until each is written, then persists
//! CompleteCommit/CompleteAbort. Meanwhile the transactional id answers CONCURRENT_TRANSACTIONS.
//! A load finds transactions left in a Prepare state and finishes them.
//!
//! Timers: every `transaction.abort.timed.out.transaction.cleanup.interval.ms` ongoing
//! transactions past their timeout are aborted (the producer fenced by an epoch bump); every
//! `transaction.remove.expired.transaction.cleanup.interval.ms` idle ids older than
//! `transactional.id.expiration.ms` are removed.
//!
//! Invariants:
//! - A response never leaves before the records of its call are durable; a failed append
//!   retires the host (the next op reloads from what the log holds).
//! - At most one marker task runs per transactional id.

use crate::notify::Notify;
use crate::ops::{PartitionKey, PartitionOp, PartitionResult};
use crate::shard::Shard;
use batch::builder::BatchBuilder;
use bytes::Bytes;
use model::{ErrorCode, LeaderEpoch, Offset};
use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::os::unix::fs::FileExt;
use std::rc::Rc;
use std::time::Duration;
use storage::{Durability, PartitionLog, TxnVerification};
use txn::{
    ClientTxnVersion, EndOutcome, InitOutcome, MarkerJob, TxnConfig, TxnCoordinator, TxnListing,
    TxnMeta, TxnRecord,
};

/// Kafka's name of the topic holding transaction state.
pub const TXN_TOPIC: &str = "__transaction_state";

const LOAD_CHUNK_BYTES: u32 = 1 << 20;
const RECORDS_PER_BATCH_MAX: usize = 256;
/// The timer task looks at least this often (shutdown, retirement).
const TIMER_POLL_MAX: Duration = Duration::from_secs(1);
/// Wait before sending a marker again to a partition that could not take it.
const MARKER_RETRY: Duration = Duration::from_millis(100);

/// A transaction API call for the coordinator of one `__transaction_state` partition.
#[derive(Debug)]
pub enum TxnOp {
    InitProducerId {
        transactional_id: String,
        timeout_ms: i32,
        /// KIP-360: the producer id and epoch the client holds (v3+), when it sends them.
        expected: Option<(i64, i16)>,
        /// A producer id from the controller, when the coordinator asked for one.
        fresh_producer_id: Option<i64>,
    },
    AddPartitions {
        transactional_id: String,
        producer_id: i64,
        producer_epoch: i16,
        partitions: Vec<(String, i32)>,
        verify_only: bool,
        /// The transactions version of the call that adds them (V2: a partition leader's
        /// implicit add for a Produce v12+ or TxnOffsetCommit v5+).
        client: ClientTxnVersion,
    },
    EndTxn {
        transactional_id: String,
        producer_id: i64,
        producer_epoch: i16,
        commit: bool,
        /// V2 for EndTxn v5: the epoch is bumped.
        client: ClientTxnVersion,
        /// A producer id from the controller, when the coordinator asked for one.
        fresh_producer_id: Option<i64>,
    },
    Describe(Vec<String>),
    List {
        states: Vec<String>,
        producer_ids: Vec<i64>,
        duration_filter_ms: i64,
    },
}

#[derive(Debug)]
pub enum TxnReply {
    InitProducerId {
        producer_id: i64,
        producer_epoch: i16,
    },
    NeedProducerId,
    Added,
    Verified(Vec<bool>),
    /// The producer id and epoch the client continues with.
    Ended {
        producer_id: i64,
        producer_epoch: i16,
    },
    Described(Vec<(String, Option<TxnMeta>)>),
    Listed(Vec<TxnListing>),
}

/// The coordinator of one `__transaction_state` partition.
pub(crate) struct TxnHost {
    key: PartitionKey,
    coordinator: RefCell<TxnCoordinator>,
    loaded: Cell<bool>,
    retired: Cell<bool>,
    changed: Notify,
    /// Transactional ids whose markers are being written.
    marking: RefCell<HashSet<String>>,
    /// A replicated partition: the leader epoch this host was loaded under (also the
    /// coordinator epoch written into markers).
    leader_epoch: Option<LeaderEpoch>,
}

fn config_of(shard: &Shard) -> TxnConfig {
    let c = &shard.config;
    TxnConfig {
        max_timeout_ms: i32::try_from(c.transaction_max_timeout_ms).unwrap_or(i32::MAX),
        id_expiration_ms: i64::try_from(c.transactional_id_expiration_ms).unwrap_or(i64::MAX),
    }
}

fn now_ms() -> i64 {
    crate::groups::now_ms()
}

/// Runs one transaction op on the coordinator of `key` (a `__transaction_state` partition
/// whose log this shard owns or leads).
pub(crate) async fn run(
    shard: &Rc<Shard>,
    key: PartitionKey,
    log: Rc<PartitionLog>,
    op: TxnOp,
) -> Result<TxnReply, ErrorCode> {
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
    let now = now_ms();
    let config = config_of(shard);
    let (records, job, reply) = {
        let mut c = host.coordinator.borrow_mut();
        match op {
            TxnOp::InitProducerId {
                transactional_id,
                timeout_ms,
                expected,
                fresh_producer_id,
            } => {
                if host.marking.borrow().contains(&transactional_id) {
                    return Err(ErrorCode::ConcurrentTransactions);
                }
                match c.init_producer_id(
                    &transactional_id,
                    timeout_ms,
                    expected,
                    fresh_producer_id,
                    now,
                    &config,
                ) {
                    InitOutcome::Done {
                        records,
                        producer_id,
                        producer_epoch,
                    } => (
                        records,
                        None,
                        Ok(TxnReply::InitProducerId {
                            producer_id,
                            producer_epoch,
                        }),
                    ),
                    InitOutcome::NeedProducerId => return Ok(TxnReply::NeedProducerId),
                    InitOutcome::Aborting { records, job } => {
                        (records, Some(job), Err(ErrorCode::ConcurrentTransactions))
                    }
                    InitOutcome::Error(code) => return Err(code),
                }
            }
            TxnOp::AddPartitions {
                transactional_id,
                producer_id,
                producer_epoch,
                partitions,
                verify_only,
                client,
            } => {
                if verify_only {
                    let verified = c.verify_partitions(
                        &transactional_id,
                        producer_id,
                        producer_epoch,
                        &partitions,
                    )?;
                    return Ok(TxnReply::Verified(verified));
                }
                let records = c.add_partitions(
                    &transactional_id,
                    (producer_id, producer_epoch),
                    &partitions,
                    client,
                    now,
                )?;
                (records, None, Ok(TxnReply::Added))
            }
            TxnOp::EndTxn {
                transactional_id,
                producer_id,
                producer_epoch,
                commit,
                client,
                fresh_producer_id,
            } => {
                if host.marking.borrow().contains(&transactional_id) {
                    // The last transaction's marker task has not finished (it persists the
                    // Complete state): a new one could not start its own.
                    return Err(ErrorCode::ConcurrentTransactions);
                }
                match c.end_txn(
                    &transactional_id,
                    (producer_id, producer_epoch),
                    commit,
                    client,
                    fresh_producer_id,
                    now,
                )? {
                    EndOutcome::Done {
                        records,
                        job,
                        producer_id,
                        producer_epoch,
                    } => (
                        records,
                        job,
                        Ok(TxnReply::Ended {
                            producer_id,
                            producer_epoch,
                        }),
                    ),
                    EndOutcome::NeedProducerId => return Ok(TxnReply::NeedProducerId),
                }
            }
            TxnOp::Describe(ids) => {
                let described = ids
                    .into_iter()
                    .map(|id| {
                        let meta = c.get(&id).cloned();
                        (id, meta)
                    })
                    .collect();
                return Ok(TxnReply::Described(described));
            }
            TxnOp::List {
                states,
                producer_ids,
                duration_filter_ms,
            } => {
                return Ok(TxnReply::Listed(c.list(
                    &states,
                    &producer_ids,
                    duration_filter_ms,
                    now,
                )))
            }
        }
    };
    commit_records(shard, &host, &log, &records).await?;
    if let Some(job) = job {
        spawn_markers(shard, &host, log, job);
    }
    reply
}

/// Appends `records` durably; a failure retires the host.
async fn commit_records(
    shard: &Rc<Shard>,
    host: &Rc<TxnHost>,
    log: &Rc<PartitionLog>,
    records: &[TxnRecord],
) -> Result<(), ErrorCode> {
    if records.is_empty() {
        return Ok(());
    }
    // Kafka writes `TransactionLogValue` v1 once `transaction.version` is 1 or more.
    let level = metadata::features::level(&shard.image(), metadata::features::TRANSACTION_VERSION);
    let version = txn::value_version(level);
    let encoded: Vec<(Vec<u8>, Option<Vec<u8>>)> = records
        .iter()
        .map(|r| (r.encode_key(), r.encode_value(version)))
        .collect();
    let result = append_encoded(shard, host.key, log, &encoded, None, TxnVerification::Off).await;
    if let Err(code) = result {
        tracing::error!(
            partition = host.key.partition,
            ?code,
            "appending transaction records failed; the coordinator reloads from the log"
        );
        retire(shard, host);
        return Err(ErrorCode::NotCoordinator);
    }
    Ok(())
}

/// Appends records (key, value) a coordinator encoded to its partition, durably: on a
/// replicated partition only its leader appends and the ISR must have them (acks=all).
/// `producer`: a transactional batch of that producer (id, epoch) — a transactional offset
/// commit, appended as `verification` allows (KIP-890). Returns the offset of the first record.
pub(crate) async fn append_encoded(
    shard: &Rc<Shard>,
    key: PartitionKey,
    log: &Rc<PartitionLog>,
    records: &[(Vec<u8>, Option<Vec<u8>>)],
    producer: Option<(i64, i16)>,
    verification: TxnVerification,
) -> Result<i64, ErrorCode> {
    let replica = shard.replica(key);
    let epoch = match &replica {
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
        if let Some((producer_id, producer_epoch)) = producer {
            // Kafka writes no sequence (-1) here; batch validation wants one on a data batch
            // with a producer id, and the sequence of a coordinator's batch is never checked.
            builder = builder
                .producer(producer_id, producer_epoch, 0)
                .attributes(0x10);
        }
        for (k, v) in chunk {
            builder = builder.record(0, Some(k), v.as_deref());
        }
        let bytes = Bytes::from(builder.build());
        let mut validated = batch::validate_batches(&bytes, usize::MAX)
            .map_err(|_| ErrorCode::UnknownServerError)?;
        batches.append(&mut validated);
    }
    let map = |code: ErrorCode| match code {
        ErrorCode::NotLeaderOrFollower => ErrorCode::NotCoordinator,
        // A transactional offset commit whose verification does not hold.
        ErrorCode::InvalidTxnState => ErrorCode::InvalidTxnState,
        _ => ErrorCode::CoordinatorNotAvailable,
    };
    let bytes: u64 = batches.iter().map(|b| b.size_bytes() as u64).sum();
    let outcome = log
        .append_coordinator(batches, epoch, verification)
        .await
        .map_err(|e| map(e.code))?;
    match replica {
        None => log
            .append_durable(&outcome, Durability::Synced)
            .await
            .map_err(|e| map(e.code))?,
        Some(replica) => {
            crate::replicated::on_appended(shard, &replica, bytes);
            let timeout = Duration::from_millis(shard.config.offsets_commit_timeout_ms);
            crate::replicated::await_produce(&replica, Offset(outcome.last_offset.0 + 1), timeout)
                .await
                .map_err(map)?;
        }
    }
    Ok(outcome.base_offset.0)
}

/// Appends an end-transaction marker on the partition's leader (`replica`: the partition is
/// replicated) and waits until it is durable as acks=all; a `__consumer_offsets` partition
/// then applies (commit) or drops (abort) the producer's pending offsets.
pub(crate) async fn write_marker(
    shard: &Rc<Shard>,
    key: PartitionKey,
    log: &Rc<PartitionLog>,
    replica: Option<&Rc<crate::replicated::Replica>>,
    leader_epoch: LeaderEpoch,
    (producer_id, producer_epoch): (i64, i16),
    marker: storage::Marker,
) -> Result<(), ErrorCode> {
    let outcome = log
        .append_marker(producer_id, producer_epoch, marker, leader_epoch)
        .await
        .map_err(|e| e.code)?;
    match replica {
        None => log
            .append_durable(&outcome, Durability::Synced)
            .await
            .map_err(|e| e.code)?,
        Some(replica) => {
            crate::replicated::on_appended(shard, replica, 0);
            let timeout = Duration::from_millis(shard.config.offsets_commit_timeout_ms);
            crate::replicated::await_produce(replica, Offset(outcome.last_offset.0 + 1), timeout)
                .await?;
        }
    }
    crate::groups::txn_marker_written(shard, key, producer_id, marker.commit);
    Ok(())
}

/// The host of `key`, created (and its load started) on first use.
fn host_for(shard: &Rc<Shard>, key: PartitionKey, log: Rc<PartitionLog>) -> Rc<TxnHost> {
    let leader_epoch = shard.replica(key).map(|r| r.leader_epoch());
    let existing = shard.txns.borrow().get(&key).cloned();
    if let Some(host) = existing {
        if host.leader_epoch == leader_epoch && !host.retired.get() {
            return host;
        }
        retire(shard, &host);
    }
    let host = Rc::new(TxnHost {
        key,
        coordinator: RefCell::new(TxnCoordinator::new()),
        loaded: Cell::new(false),
        retired: Cell::new(false),
        changed: Notify::default(),
        marking: RefCell::new(HashSet::new()),
        leader_epoch,
    });
    shard.txns.borrow_mut().insert(key, host.clone());
    let (s, h) = (shard.clone(), host.clone());
    glommio::spawn_local(async move {
        match load(&h, &log).await {
            Ok(records) => {
                h.loaded.set(true);
                if records > 0 {
                    tracing::info!(partition = key.partition, records, "transaction coordinator loaded");
                }
                h.changed.notify_all();
                let pending = h.coordinator.borrow().pending_markers();
                for job in pending {
                    spawn_markers(&s, &h, log.clone(), job);
                }
                timer_loop(s, h, log).await;
            }
            Err(e) => {
                tracing::error!(partition = key.partition, error = %e, "loading transaction coordinator failed");
                retire(&s, &h);
            }
        }
    })
    .detach();
    host
}

fn retire(shard: &Shard, host: &Rc<TxnHost>) {
    host.retired.set(true);
    host.changed.notify_all();
    let mut txns = shard.txns.borrow_mut();
    if txns.get(&host.key).is_some_and(|h| Rc::ptr_eq(h, host)) {
        txns.remove(&host.key);
    }
}

/// Replays the partition into the coordinator; returns the number of records replayed.
async fn load(host: &TxnHost, log: &PartitionLog) -> anyhow::Result<u64> {
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
        glommio::yield_if_needed().await;
    }
    Ok(replayed)
}

fn replay_batches(host: &TxnHost, bytes: &[u8], from: i64, replayed: &mut u64) -> i64 {
    let mut next = from;
    let mut at = 0usize;
    let mut c = host.coordinator.borrow_mut();
    while let Some(header) = bytes.get(at..).and_then(batch::BatchHeader::parse) {
        let size = header.batch_size();
        let Some(batch_bytes) = bytes.get(at..at + size) else {
            break;
        };
        at += size;
        next = header.next_offset();
        if header.is_control() {
            continue;
        }
        let Some((_, records)) = batch::records(batch_bytes) else {
            tracing::warn!(
                base_offset = header.base_offset,
                "skipping an unreadable batch in {TXN_TOPIC}"
            );
            continue;
        };
        for r in records {
            if header.base_offset + i64::from(r.offset_delta) < from {
                continue;
            }
            let Some(key) = r.key else { continue };
            match TxnRecord::decode(key, r.value) {
                Some(record) => {
                    c.replay(&record);
                    *replayed += 1;
                }
                None => tracing::debug!("skipping a record of {TXN_TOPIC}"),
            }
        }
    }
    next
}

/// Writes `job`'s markers and completes the transaction, in a task of its own.
fn spawn_markers(shard: &Rc<Shard>, host: &Rc<TxnHost>, log: Rc<PartitionLog>, job: MarkerJob) {
    if !host
        .marking
        .borrow_mut()
        .insert(job.transactional_id.clone())
    {
        return;
    }
    let (s, h) = (shard.clone(), host.clone());
    glommio::spawn_local(async move {
        let coordinator_epoch = h.leader_epoch.map_or(0, |e| e.0);
        let sent = send_markers(&s, &h, &job, coordinator_epoch).await;
        if sent == Sent::Cancelled {
            tracing::info!(
                transactional_id = %job.transactional_id,
                coordinator_epoch,
                "a partition fenced this transaction's markers (a newer producer or \
                 coordinator epoch); sending no more"
            );
        }
        if sent == Sent::Written && !h.retired.get() {
            let records = h.coordinator.borrow_mut().complete(&job, now_ms());
            let _ = commit_records(&s, &h, &log, &records).await;
        }
        h.marking.borrow_mut().remove(&job.transactional_id);
        h.changed.notify_all();
    })
    .detach();
}

/// How sending a transaction's markers ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Sent {
    /// Every partition took its marker (or is gone).
    Written,
    /// The host retired or the shard shuts down first.
    Stopped,
    /// A partition refused the marker for good (Kafka's INVALID_PRODUCER_EPOCH or
    /// TRANSACTION_COORDINATOR_FENCED: a newer producer or coordinator owns it); as Kafka,
    /// no more markers are sent and the transaction is not completed here.
    Cancelled,
}

/// What one partition answered to a marker.
fn marker_answer(code: ErrorCode) -> Option<Sent> {
    match code {
        ErrorCode::None | ErrorCode::UnknownTopicOrPartition => Some(Sent::Written),
        ErrorCode::InvalidProducerEpoch | ErrorCode::TransactionCoordinatorFenced => {
            Some(Sent::Cancelled)
        }
        _ => None,
    }
}

/// Sends the markers of `job` until every partition took its marker (or is gone).
async fn send_markers(
    shard: &Rc<Shard>,
    host: &TxnHost,
    job: &MarkerJob,
    coordinator_epoch: i32,
) -> Sent {
    let mut left: Vec<(String, i32)> = job.partitions.clone();
    loop {
        if host.retired.get() || shard.is_shutting_down() {
            return Sent::Stopped;
        }
        let mut cancelled = false;
        let image = shard.image();
        let node = shard.config.node_id;
        let mut local: BTreeMap<model::ShardId, Vec<(usize, PartitionKey)>> = BTreeMap::new();
        let mut remote: BTreeMap<i32, Vec<usize>> = BTreeMap::new();
        let mut done = vec![false; left.len()];
        for (i, (topic, partition)) in left.iter().enumerate() {
            let Some(t) = image.topic(topic) else {
                done[i] = true; // the topic is gone: nothing to mark
                continue;
            };
            let Some(p) = t.partitions.get(partition) else {
                done[i] = true;
                continue;
            };
            let key = PartitionKey {
                topic_id: t.id,
                partition: *partition,
            };
            if p.leader.0 == node || shard.config.process_roles.is_empty() {
                let owner = shard.owner(shard.replica_shard(key).unwrap_or(p.shard));
                local.entry(owner).or_default().push((i, key));
            } else if p.leader.0 >= 0 {
                remote.entry(p.leader.0).or_default().push(i);
            }
        }
        for (owner, keys) in local {
            let ops = keys
                .iter()
                .map(|(_, key)| {
                    (
                        *key,
                        PartitionOp::WriteTxnMarker {
                            producer_id: job.producer_id,
                            producer_epoch: job.producer_epoch,
                            commit: job.commit,
                            coordinator_epoch,
                        },
                    )
                })
                .collect();
            let results = shard.run_ops(owner, ops, None).await;
            for ((i, _), result) in keys.iter().zip(results) {
                let answer = match &result {
                    PartitionResult::Marker(r) => marker_answer(r.err().unwrap_or(ErrorCode::None)),
                    _ => None,
                };
                match answer {
                    Some(Sent::Written) => done[*i] = true,
                    Some(_) => cancelled = true,
                    None => tracing::debug!(
                        partition = ?left[*i],
                        ?result,
                        "writing a transaction marker failed; retrying"
                    ),
                }
            }
        }
        for (leader, indexes) in remote {
            let partitions: Vec<(String, i32)> = indexes.iter().map(|i| left[*i].clone()).collect();
            let results = send_remote(shard, leader, job, coordinator_epoch, &partitions).await;
            for (i, answer) in indexes.iter().zip(results) {
                match answer {
                    Some(Sent::Written) => done[*i] = true,
                    Some(_) => cancelled = true,
                    None => {}
                }
            }
        }
        if cancelled {
            return Sent::Cancelled;
        }
        let mut remaining = Vec::new();
        for (p, d) in left.into_iter().zip(done) {
            if !d {
                remaining.push(p);
            }
        }
        left = remaining;
        if left.is_empty() {
            return Sent::Written;
        }
        glommio::timer::sleep(MARKER_RETRY).await;
    }
}

/// Kafka's WriteTxnMarkers v1 to `leader` for `partitions` of `job`; per partition its
/// [`marker_answer`] (`None`: retry).
async fn send_remote(
    shard: &Rc<Shard>,
    leader: i32,
    job: &MarkerJob,
    coordinator_epoch: i32,
    partitions: &[(String, i32)],
) -> Vec<Option<Sent>> {
    use kafka_protocol::messages::write_txn_markers_request::{
        WritableTxnMarker, WritableTxnMarkerTopic,
    };
    use kafka_protocol::messages::{
        ApiKey, ProducerId, TopicName, WriteTxnMarkersRequest, WriteTxnMarkersResponse,
    };
    use kafka_protocol::protocol::StrBytes;
    let mut topics: Vec<WritableTxnMarkerTopic> = Vec::new();
    for (topic, partition) in partitions {
        match topics.last_mut() {
            Some(t) if t.name.0.as_str() == topic.as_str() => t.partition_indexes.push(*partition),
            _ => topics.push(
                WritableTxnMarkerTopic::default()
                    .with_name(TopicName(StrBytes::from_string(topic.clone())))
                    .with_partition_indexes(vec![*partition]),
            ),
        }
    }
    let request =
        WriteTxnMarkersRequest::default().with_markers(vec![WritableTxnMarker::default()
            .with_producer_id(ProducerId(job.producer_id))
            .with_producer_epoch(job.producer_epoch)
            .with_transaction_result(job.commit)
            .with_coordinator_epoch(coordinator_epoch)
            .with_topics(topics)]);
    let timeout = Duration::from_millis(shard.config.offsets_commit_timeout_ms);
    let answer = call_node::<_, WriteTxnMarkersResponse>(
        shard,
        leader,
        (ApiKey::WriteTxnMarkers, 1),
        &request,
        timeout,
    );
    let response = match answer.await {
        Ok(r) => r,
        Err(e) => {
            tracing::debug!(leader, error = %e, "WriteTxnMarkers to another node failed; retrying");
            return vec![None; partitions.len()];
        }
    };
    let answer = |topic: &str, partition: i32| {
        response
            .markers
            .iter()
            .flat_map(|m| m.topics.iter())
            .filter(|t| t.name.0.as_str() == topic)
            .flat_map(|t| t.partitions.iter())
            .find(|p| p.partition_index == partition)
            .and_then(|p| ErrorCode::from_code(p.error_code))
            .and_then(marker_answer)
    };
    partitions.iter().map(|(t, p)| answer(t, *p)).collect()
}

/// Aborts timed-out transactions and expires idle transactional ids until the host retires.
async fn timer_loop(shard: Rc<Shard>, host: Rc<TxnHost>, log: Rc<PartitionLog>) {
    let abort_interval_ms = i64::try_from(
        shard
            .config
            .transaction_abort_timed_out_transaction_cleanup_interval_ms
            .max(1),
    )
    .unwrap_or(i64::MAX);
    let expire_interval_ms = i64::try_from(
        shard
            .config
            .transaction_remove_expired_transaction_cleanup_interval_ms
            .max(1),
    )
    .unwrap_or(i64::MAX);
    let config = config_of(&shard);
    let mut next_abort = now_ms().saturating_add(abort_interval_ms);
    let mut next_expire = now_ms().saturating_add(expire_interval_ms);
    while !host.retired.get() && !shard.is_shutting_down() {
        let now = now_ms();
        if next_abort <= now {
            next_abort = now.saturating_add(abort_interval_ms);
            let (records, jobs) = {
                let marking = host.marking.borrow();
                let mut c = host.coordinator.borrow_mut();
                let (records, jobs) = c.abort_timed_out(now);
                (
                    records,
                    jobs.into_iter()
                        .filter(|j| !marking.contains(&j.transactional_id))
                        .collect::<Vec<_>>(),
                )
            };
            if !records.is_empty() {
                tracing::info!(
                    partition = host.key.partition,
                    transactions = jobs.len(),
                    "aborting timed-out transactions"
                );
                if commit_records(&shard, &host, &log, &records).await.is_err() {
                    return;
                }
                for job in jobs {
                    spawn_markers(&shard, &host, log.clone(), job);
                }
            }
        }
        if next_expire <= now {
            next_expire = now.saturating_add(expire_interval_ms);
            let records = host.coordinator.borrow_mut().expire(now, &config);
            if commit_records(&shard, &host, &log, &records).await.is_err() {
                return;
            }
        }
        let due = next_abort.min(next_expire);
        let wait_ms = u64::try_from(due.saturating_sub(now)).unwrap_or(0).max(1);
        let wait = Duration::from_millis(wait_ms).min(TIMER_POLL_MAX);
        let wake = host.changed.notified();
        let timer = glommio::timer::sleep(wait);
        futures::pin_mut!(timer);
        futures::future::select(wake, timer).await;
    }
}

/// Starts the coordinators of the `__transaction_state` partitions this shard owns, so that
/// timed-out transactions are aborted and unfinished markers written from start-up; a
/// replicated partition's coordinator starts on its leader, once loadable (its high watermark
/// covers earlier terms), checked every second, so a new leader finishes the transactions it
/// inherits without waiting for a client. A single-replica partition's starts once this node
/// leads it (`Shard::local_log`: registered, unfenced), checked every second too.
pub fn start_coordinators(shard: &Rc<Shard>) {
    let s = shard.clone();
    glommio::spawn_local(async move {
        while !s.is_shutting_down() {
            start_owned(&s);
            start_led(&s);
            glommio::timer::sleep(TIMER_POLL_MAX).await;
        }
    })
    .detach();
}

fn txn_partitions(shard: &Shard) -> Vec<PartitionKey> {
    let image = shard.image();
    let Some(topic) = image.topic(TXN_TOPIC) else {
        return Vec::new();
    };
    topic
        .partitions
        .keys()
        .map(|partition| PartitionKey {
            topic_id: topic.id,
            partition: *partition,
        })
        .collect()
}

fn start_owned(shard: &Rc<Shard>) {
    for key in txn_partitions(shard) {
        if shard.replica(key).is_some() {
            continue; // replicated: `start_led`
        }
        if let Some((log, _)) = shard.local_log(key) {
            host_for(shard, key, log);
        }
    }
}

fn start_led(shard: &Rc<Shard>) {
    for key in txn_partitions(shard) {
        let Some(replica) = shard.replica(key) else {
            continue;
        };
        let ready = {
            let state = replica.state.borrow();
            state.is_leader() && state.list_offsets_latest(None).is_ok()
        };
        let current = shard.txns.borrow().get(&key).cloned();
        let leading = replica.state.borrow().is_leader();
        match current {
            // Leadership moved away: the host stops (its marker tasks and timers with it).
            Some(host) if !leading => retire(shard, &host),
            Some(host) if host.leader_epoch == Some(replica.leader_epoch()) => {}
            _ if ready => {
                host_for(shard, key, replica.log.clone());
            }
            _ => {}
        }
    }
}

/// `transaction.partition.verification.enable`: the dynamic cluster-wide (or this node's)
/// value, else the static config.
pub fn partition_verification_enabled(shard: &Shard) -> bool {
    let image = shard.image();
    crate::apply::dynamic_broker_configs(&image, model::NodeId(shard.config.node_id))
        .get("transaction.partition.verification.enable")
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(shard.config.transaction_partition_verification_enable)
}

/// KIP-890 from a partition leader to the transaction coordinator on node `coordinator`
/// (Kafka's `AddPartitionsToTxnManager`) over the inter-broker listener: AddPartitionsToTxn v4
/// with `verify_only` (part 1: is the partition in the transaction?), or v5 adding the
/// partitions (part 2: a transactions version 2 client's first produce or offset commit to
/// them). Per partition the coordinator's code; a request that got no answer is
/// NETWORK_EXCEPTION for all, a top-level error is every partition's
/// (CLUSTER_AUTHORIZATION_FAILED as INVALID_TXN_STATE: clients must not see it).
pub async fn add_or_verify_remote(
    shard: &Rc<Shard>,
    coordinator: i32,
    transactional_id: &str,
    (producer_id, producer_epoch): (i64, i16),
    partitions: &[(String, i32)],
    verify_only: bool,
) -> Vec<ErrorCode> {
    use kafka_protocol::messages::add_partitions_to_txn_request::{
        AddPartitionsToTxnTopic, AddPartitionsToTxnTransaction,
    };
    use kafka_protocol::messages::{
        AddPartitionsToTxnRequest, AddPartitionsToTxnResponse, ApiKey, ProducerId, TopicName,
        TransactionalId,
    };
    use kafka_protocol::protocol::StrBytes;
    let mut topics: Vec<AddPartitionsToTxnTopic> = Vec::new();
    for (topic, partition) in partitions {
        match topics.last_mut() {
            Some(t) if t.name.0.as_str() == topic.as_str() => t.partitions.push(*partition),
            _ => topics.push(
                AddPartitionsToTxnTopic::default()
                    .with_name(TopicName(StrBytes::from_string(topic.clone())))
                    .with_partitions(vec![*partition]),
            ),
        }
    }
    let request = AddPartitionsToTxnRequest::default().with_transactions(vec![
        AddPartitionsToTxnTransaction::default()
            .with_transactional_id(TransactionalId(StrBytes::from_string(
                transactional_id.to_string(),
            )))
            .with_producer_id(ProducerId(producer_id))
            .with_producer_epoch(producer_epoch)
            .with_verify_only(verify_only)
            .with_topics(topics),
    ]);
    let version = if verify_only { 4 } else { 5 };
    let answer = call_node::<_, AddPartitionsToTxnResponse>(
        shard,
        coordinator,
        (ApiKey::AddPartitionsToTxn, version),
        &request,
        Duration::ZERO,
    );
    let response = match answer.await {
        Ok(r) => r,
        Err(e) => {
            tracing::debug!(coordinator, error = %e, "verifying a transaction on another node failed");
            return vec![ErrorCode::NetworkException; partitions.len()];
        }
    };
    if response.error_code != 0 {
        let code = match ErrorCode::from_code(response.error_code) {
            Some(ErrorCode::ClusterAuthorizationFailed) => ErrorCode::InvalidTxnState,
            Some(code) => code,
            None => ErrorCode::UnknownServerError,
        };
        return vec![code; partitions.len()];
    }
    let code = |topic: &str, partition: i32| {
        response
            .results_by_transaction
            .iter()
            .flat_map(|t| t.topic_results.iter())
            .filter(|t| t.name.0.as_str() == topic)
            .flat_map(|t| t.results_by_partition.iter())
            .find(|p| p.partition_index == partition)
            .map_or(ErrorCode::UnknownServerError, |p| {
                ErrorCode::from_code(p.partition_error_code)
                    .unwrap_or(ErrorCode::UnknownServerError)
            })
    };
    partitions.iter().map(|(t, p)| code(t, *p)).collect()
}

thread_local! {
    /// This shard's idle connections to other nodes' inter-broker listeners (one per node; a
    /// shard is one thread): markers and verifications reuse them instead of a TCP (and TLS)
    /// handshake per call. A connection whose call failed is dropped, never put back.
    static IDLE_CONNS: RefCell<HashMap<i32, crate::fetcher::Conn>> = RefCell::new(HashMap::new());
}

/// One request to node `node` and its response (`extra_wait` beyond the socket timeout), on
/// an idle connection of this shard if one is cached; a cached connection that fails (the
/// node restarted, the link dropped) is replaced once by a fresh one.
async fn call_node<Q, R>(
    shard: &Rc<Shard>,
    node: i32,
    (key, version): (kafka_protocol::messages::ApiKey, i16),
    request: &Q,
    extra_wait: Duration,
) -> anyhow::Result<R>
where
    Q: kafka_protocol::protocol::Encodable + kafka_protocol::protocol::HeaderVersion,
    R: kafka_protocol::protocol::Decodable,
{
    /// Limit on a response read: these answers are small.
    const RESPONSE_MAX_BYTES: usize = 1 << 20;
    let cached = IDLE_CONNS.with(|c| c.borrow_mut().remove(&node));
    let reused = cached.is_some();
    let mut conn = match cached {
        Some(conn) => conn,
        None => crate::fetcher::connect(shard, model::NodeId(node)).await?,
    };
    let mut answer = conn
        .call(shard, key, version, request, RESPONSE_MAX_BYTES, extra_wait)
        .await;
    if answer.is_err() && reused {
        conn = crate::fetcher::connect(shard, model::NodeId(node)).await?;
        answer = conn
            .call(shard, key, version, request, RESPONSE_MAX_BYTES, extra_wait)
            .await;
    }
    if answer.is_ok() {
        IDLE_CONNS.with(|c| c.borrow_mut().insert(node, conn));
    }
    answer
}
