//! Partition operations: the work a request asks of the shard that owns a partition.
//!
//! The connection's shard validates and groups work by owner; the owner runs the ops on its
//! logs here. Ops and results are `Send` so they can cross the mesh.

use crate::replicated::{self, Replica};
use crate::shard::Shard;
use batch::ValidatedBatch;
use model::{ErrorCode, LeaderEpoch, Offset, TopicId};
use protocol::FileSlice;
use std::rc::Rc;
use std::time::Duration;
use storage::{
    AppendOutcome, Durability, PartitionLog, ProducerStateEntry, TxnVerification, VerificationGuard,
};

/// Which partition an op is for. Topic ids, not names: a topic deleted and re-created under the
/// same name is a different topic.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PartitionKey {
    pub topic_id: TopicId,
    pub partition: i32,
}

#[derive(Debug)]
pub enum PartitionOp {
    Produce {
        batch: ValidatedBatch,
        acks: i16,
        /// The request's `timeout_ms`: how long acks=all waits for the ISR.
        timeout_ms: i32,
        /// How a transactional batch is checked against partition verification (KIP-890).
        verification: TxnVerification,
    },
    /// Kafka's `maybeStartTransactionVerification` on the leader: the guard a transactional
    /// produce of this producer must present, or none when its transaction is ongoing here.
    StartTxnVerification {
        producer_id: i64,
        producer_epoch: i16,
    },
    Read {
        offset: i64,
        max_bytes: u32,
        min_one_message: bool,
        current_leader_epoch: i32,
        /// A consumer's Fetch v11+ may be served by a follower, up to the follower's high
        /// watermark (KIP-392: a consumer the leader pointed at a replica in its rack).
        follower_ok: bool,
        /// isolation_level=1 (read_committed): read up to the last stable offset and list the
        /// aborted transactions of the range.
        committed: bool,
    },
    ListOffsets {
        timestamp: i64,
        current_leader_epoch: i32,
        /// Sent by a broker's replica fetcher (a replica id): LATEST is the leader's log end,
        /// not its high watermark (Kafka answers replicas so).
        from_replica: bool,
        /// isolation_level=1: LATEST is the last stable offset.
        committed: bool,
    },
    /// A follower's Fetch of this partition (a Fetch carrying its replica id), on the leader:
    /// read up to the log end, and the follower's progress counts for the ISR and the high
    /// watermark.
    ReplicaRead {
        replica: i32,
        broker_epoch: i64,
        offset: i64,
        max_bytes: u32,
        current_leader_epoch: i32,
        last_fetched_epoch: i32,
    },
    DeleteRecords {
        offset: i64,
    },
    EpochEndOffset {
        leader_epoch: i32,
        current_leader_epoch: i32,
    },
    DescribeProducers,
    /// A call for the group coordinator of this `__consumer_offsets` partition.
    Group(crate::groups::GroupOp),
    /// WriteTxnMarkers for this partition: append the end-transaction marker of a producer.
    WriteTxnMarker {
        producer_id: i64,
        producer_epoch: i16,
        commit: bool,
        coordinator_epoch: i32,
    },
    /// A call for the transaction coordinator of this `__transaction_state` partition.
    Txn(crate::txns::TxnOp),
    /// TxnOffsetCommit for the group coordinator of this `__consumer_offsets` partition.
    TxnOffsetCommit(crate::groups::TxnOffsetCommit),
}

impl PartitionOp {
    /// A copy of a read op (Read, ReplicaRead), which a long poll repeats.
    pub(crate) fn clone_read(&self) -> PartitionOp {
        match *self {
            PartitionOp::Read {
                offset,
                max_bytes,
                min_one_message,
                current_leader_epoch,
                follower_ok,
                committed,
            } => PartitionOp::Read {
                offset,
                max_bytes,
                min_one_message,
                current_leader_epoch,
                committed,
                follower_ok,
            },
            PartitionOp::ReplicaRead {
                replica,
                broker_epoch,
                offset,
                max_bytes,
                current_leader_epoch,
                last_fetched_epoch,
            } => PartitionOp::ReplicaRead {
                replica,
                broker_epoch,
                offset,
                max_bytes,
                current_leader_epoch,
                last_fetched_epoch,
            },
            _ => unreachable!("clone_read of a read op only"),
        }
    }
}

/// Long-poll parameters of a Fetch: answer once `min_bytes` are readable or `max_wait` passed.
#[derive(Clone, Copy, Debug)]
pub struct WaitSpec {
    pub max_wait: Duration,
    pub min_bytes: u32,
}

#[derive(Debug, Clone)]
pub struct ReadOutcome {
    pub records: Vec<FileSlice>,
    pub high_watermark: i64,
    pub last_stable_offset: i64,
    pub log_start_offset: i64,
    /// For a follower whose log diverges from the leader's: (epoch, end offset) to truncate
    /// to (KIP-320); no records then.
    pub diverging_epoch: Option<(i32, i64)>,
    /// read_committed: (producer id, first offset) of the aborted transactions of the range.
    pub aborted_transactions: Option<Vec<(i64, i64)>>,
}

impl ReadOutcome {
    pub fn bytes(&self) -> usize {
        self.records.iter().map(|r| r.len as usize).sum()
    }
}

#[derive(Debug)]
pub enum PartitionResult {
    Produce(Result<AppendOutcome, ErrorCode>),
    TxnVerification(Result<Option<VerificationGuard>, ErrorCode>),
    Read(Result<ReadOutcome, ErrorCode>),
    /// (offset, timestamp, leader epoch) or -1s when no such offset.
    ListOffsets(Result<(i64, i64, i32), ErrorCode>),
    DeleteRecords(Result<i64, ErrorCode>),
    EpochEndOffset(Result<(i32, i64), ErrorCode>),
    Producers(Result<Vec<ProducerStateEntry>, ErrorCode>),
    Group(Result<crate::groups::GroupReply, ErrorCode>),
    Marker(Result<(), ErrorCode>),
    Txn(Result<crate::txns::TxnReply, ErrorCode>),
    TxnOffsetCommit(Result<(), ErrorCode>),
}

impl PartitionResult {
    pub fn read_bytes(&self) -> usize {
        match self {
            PartitionResult::Read(Ok(r)) => r.bytes(),
            _ => 0,
        }
    }

    /// A read that ends a long poll whatever its bytes: an error, or a diverging epoch for a
    /// follower (KIP-320), answered at once.
    pub fn settles_read(&self) -> bool {
        match self {
            PartitionResult::Read(Err(_)) => true,
            PartitionResult::Read(Ok(o)) => o.diverging_epoch.is_some(),
            _ => false,
        }
    }
}

/// Kafka's "earliest", "latest", "max timestamp", "earliest local", "latest tiered" specials.
pub const LIST_OFFSETS_LATEST: i64 = -1;
pub const LIST_OFFSETS_EARLIEST: i64 = -2;
pub const LIST_OFFSETS_MAX_TIMESTAMP: i64 = -3;
pub const LIST_OFFSETS_EARLIEST_LOCAL: i64 = -4;
pub const LIST_OFFSETS_LATEST_TIERED: i64 = -5;

/// The ordered half of a produce: its batch has offsets and is written (not yet durable).
pub(crate) struct Written {
    log: Rc<PartitionLog>,
    /// A replicated partition: acks=all waits for its ISR instead of the local fsync.
    replica: Option<Rc<Replica>>,
    timeout_ms: i32,
    outcome: Result<AppendOutcome, ErrorCode>,
}

/// Writes a produce's batch: callers reach the log's writer in the order they call this.
/// What was appended counts in `shard`'s metrics for the partition's topic. `None`: this
/// shard holds no replica of the partition.
pub(crate) async fn produce_written(
    shard: &Rc<Shard>,
    key: PartitionKey,
    batch: ValidatedBatch,
    acks: i16,
    timeout_ms: i32,
    verification: TxnVerification,
) -> Option<Written> {
    let replica = shard.replica(key);
    let (log, epoch) = match &replica {
        Some(replica) => match replicated::check_produce(replica, acks) {
            Ok(epoch) => (replica.log.clone(), epoch),
            Err(code) => {
                return Some(Written {
                    log: replica.log.clone(),
                    replica: None,
                    timeout_ms,
                    outcome: Err(code),
                })
            }
        },
        None => shard.local_log(key)?,
    };
    let bytes = batch.size_bytes() as u64;
    let outcome = log
        .append_written_verified(vec![batch], epoch, verification)
        .await
        .map_err(|e| e.code);
    if let Ok(appended) = &outcome {
        let messages = (appended.last_offset.0 - appended.base_offset.0 + 1).max(0) as u64;
        shard.metrics.produced(key.topic_id, bytes, messages);
        if let Some(replica) = &replica {
            replicated::on_appended(shard, replica, bytes);
        }
    }
    Some(Written {
        log,
        replica,
        timeout_ms,
        outcome,
    })
}

/// Waits as `acks` asks for what `produce_written` wrote, and answers.
pub(crate) async fn produce_durable(written: Written, acks: i16) -> PartitionResult {
    let outcome = match (written.outcome, written.replica) {
        (Err(code), _) => Err(code),
        // Replicated: acks=all waits until the ISR has it (the state machine's high
        // watermark, which in the default durability counts only fsynced copies); acks=1
        // is answered once the leader appended it, as Kafka answers.
        (Ok(outcome), Some(replica)) => {
            if acks == -1 {
                let timeout = Duration::from_millis(written.timeout_ms.max(0) as u64);
                replicated::await_produce(&replica, Offset(outcome.last_offset.0 + 1), timeout)
                    .await
                    .map(|()| outcome)
            } else {
                Ok(outcome)
            }
        }
        (Ok(outcome), None) => written
            .log
            .append_durable(&outcome, produce_durability(acks))
            .await
            .map(|()| outcome)
            .map_err(|e| e.code),
    };
    PartitionResult::Produce(outcome)
}

pub(crate) async fn run_op(
    shard: &Rc<Shard>,
    key: PartitionKey,
    op: PartitionOp,
) -> PartitionResult {
    if let PartitionOp::Produce {
        batch,
        acks,
        timeout_ms,
        verification,
    } = op
    {
        return match produce_written(shard, key, batch, acks, timeout_ms, verification).await {
            Some(written) => produce_durable(written, acks).await,
            None => PartitionResult::Produce(Err(ErrorCode::NotLeaderOrFollower)),
        };
    }
    if let Some(replica) = shard.replica(key) {
        return replicated::run_op(shard, &replica, op).await;
    }
    let Some((log, epoch)) = shard.local_log(key) else {
        return error_result(&op, ErrorCode::NotLeaderOrFollower);
    };
    match op {
        PartitionOp::Produce { .. } => unreachable!("produces are handled above"),
        PartitionOp::Read {
            offset,
            max_bytes,
            min_one_message,
            current_leader_epoch,
            committed,
            ..
        } => PartitionResult::Read(
            check_epoch(current_leader_epoch, epoch)
                .and_then(|()| read(&log, offset, max_bytes, min_one_message, committed)),
        ),
        // Only a replicated partition has followers.
        PartitionOp::ReplicaRead { .. } => {
            PartitionResult::Read(Err(ErrorCode::NotLeaderOrFollower))
        }
        PartitionOp::ListOffsets {
            timestamp,
            current_leader_epoch,
            committed,
            ..
        } => {
            let result = match check_epoch(current_leader_epoch, epoch) {
                Err(e) => Err(e),
                Ok(()) if committed && timestamp == LIST_OFFSETS_LATEST => {
                    Ok((log.last_stable_offset().0, -1, epoch.0))
                }
                Ok(()) => list_offsets(&log, timestamp, epoch).await,
            };
            PartitionResult::ListOffsets(result)
        }
        PartitionOp::DeleteRecords { offset } => PartitionResult::DeleteRecords(
            log.delete_records_before(Offset(offset)).await.map(|o| o.0),
        ),
        PartitionOp::EpochEndOffset {
            leader_epoch,
            current_leader_epoch,
        } => PartitionResult::EpochEndOffset(check_epoch(current_leader_epoch, epoch).map(|()| {
            let (e, o) = log.end_offset_for_epoch(LeaderEpoch(leader_epoch));
            (e.0, o.0)
        })),
        PartitionOp::DescribeProducers => PartitionResult::Producers(Ok(log.producers())),
        PartitionOp::StartTxnVerification {
            producer_id,
            producer_epoch,
        } => PartitionResult::TxnVerification(Ok(
            log.start_txn_verification(producer_id, producer_epoch)
        )),
        PartitionOp::Group(op) => {
            PartitionResult::Group(crate::groups::run(shard, key, log, op).await)
        }
        PartitionOp::WriteTxnMarker {
            producer_id,
            producer_epoch,
            commit,
            coordinator_epoch,
        } => PartitionResult::Marker(
            crate::txns::write_marker(
                shard,
                key,
                &log,
                None,
                epoch,
                (producer_id, producer_epoch),
                storage::Marker {
                    commit,
                    coordinator_epoch,
                },
            )
            .await,
        ),
        PartitionOp::Txn(op) => PartitionResult::Txn(crate::txns::run(shard, key, log, op).await),
        PartitionOp::TxnOffsetCommit(req) => {
            PartitionResult::TxnOffsetCommit(crate::groups::txn::commit(shard, key, log, req).await)
        }
    }
}

/// What a Produce's `acks` waits for, as Kafka defines it. acks=all (-1) waits until every
/// in-sync replica has the write — on this single node, until it is durable by the log's flush
/// policy (fdatasync'd in the default durable mode). acks=1 is answered once the leader has
/// written it to its log (the page cache), before the fsync; the high watermark still moves
/// only over synced data in durable mode, so no consumer reads a record a power loss could
/// take back. acks=0 gets no answer at all.
pub fn produce_durability(acks: i16) -> Durability {
    match acks {
        0 => Durability::None,
        1 => Durability::Written,
        _ => Durability::Synced,
    }
}

/// A consumer's read of one partition (timed as the fetch path's `read` stage).
pub(crate) fn read(
    log: &PartitionLog,
    offset: i64,
    max_bytes: u32,
    min_one_message: bool,
    committed: bool,
) -> Result<ReadOutcome, ErrorCode> {
    storage::profile::timed(storage::profile::Stage::FetchRead, || {
        read_ranges(log, offset, max_bytes, min_one_message, committed)
    })
}

fn read_ranges(
    log: &PartitionLog,
    offset: i64,
    max_bytes: u32,
    min_one_message: bool,
    committed: bool,
) -> Result<ReadOutcome, ErrorCode> {
    if !committed {
        let r = log.read(Offset(offset), max_bytes, min_one_message)?;
        return Ok(outcome_of(r));
    }
    // read_committed (Kafka's FetchIsolation.TXN_COMMITTED): up to the last stable offset,
    // with the aborted transactions the records may hold.
    let r = log.read_up_to(
        Offset(offset),
        max_bytes,
        min_one_message,
        storage::ReadLimit::LastStable,
    )?;
    let last_stable = log.last_stable_offset().0;
    let mut outcome = outcome_of(r);
    outcome.last_stable_offset = last_stable;
    let aborted = if outcome.records.is_empty() {
        Vec::new()
    } else {
        log.aborted_transactions(offset, last_stable)
    };
    outcome.aborted_transactions = Some(aborted);
    Ok(outcome)
}

/// A log read as a Fetch answers it.
pub(crate) fn outcome_of(r: storage::ReadResult) -> ReadOutcome {
    ReadOutcome {
        records: r
            .ranges
            .into_iter()
            .map(|f| FileSlice {
                file: f.file,
                position: f.position,
                len: f.len,
            })
            .collect(),
        high_watermark: r.high_watermark.0,
        last_stable_offset: r.last_stable_offset.0,
        log_start_offset: r.log_start_offset.0,
        diverging_epoch: None,
        aborted_transactions: None,
    }
}

pub(crate) async fn list_offsets(
    log: &PartitionLog,
    timestamp: i64,
    epoch: LeaderEpoch,
) -> Result<(i64, i64, i32), ErrorCode> {
    let none = (-1, -1, -1);
    Ok(match timestamp {
        LIST_OFFSETS_LATEST => (log.high_watermark().0, -1, epoch.0),
        LIST_OFFSETS_EARLIEST | LIST_OFFSETS_EARLIEST_LOCAL => {
            (log.log_start_offset().0, -1, epoch.0)
        }
        LIST_OFFSETS_LATEST_TIERED => none,
        // Kafka answers the epoch of the batch holding the record (-1 when it has none).
        LIST_OFFSETS_MAX_TIMESTAMP => match log.max_timestamp() {
            Ok(Some((offset, ts, batch_epoch))) => (offset.0, ts, batch_epoch.max(-1)),
            Ok(None) => none,
            Err(_) => return Err(ErrorCode::KafkaStorageError),
        },
        ts if ts >= 0 => match log.offset_for_timestamp(ts).await {
            Ok(Some((offset, ts))) => (offset.0, ts, epoch.0),
            Ok(None) => none,
            Err(_) => return Err(ErrorCode::KafkaStorageError),
        },
        // The handler answers other negative timestamps (Kafka's UNSUPPORTED_VERSION).
        _ => return Err(ErrorCode::UnsupportedVersion),
    })
}

/// Kafka's check of a request's `current_leader_epoch` (-1 = not given).
pub(crate) fn check_epoch(requested: i32, current: LeaderEpoch) -> Result<(), ErrorCode> {
    if requested < 0 || requested == current.0 {
        Ok(())
    } else if requested < current.0 {
        Err(ErrorCode::FencedLeaderEpoch)
    } else {
        Err(ErrorCode::UnknownLeaderEpoch)
    }
}

pub(crate) fn error_result(op: &PartitionOp, code: ErrorCode) -> PartitionResult {
    match op {
        PartitionOp::Produce { .. } => PartitionResult::Produce(Err(code)),
        PartitionOp::StartTxnVerification { .. } => PartitionResult::TxnVerification(Err(code)),
        PartitionOp::Read { .. } | PartitionOp::ReplicaRead { .. } => {
            PartitionResult::Read(Err(code))
        }
        PartitionOp::ListOffsets { .. } => PartitionResult::ListOffsets(Err(code)),
        PartitionOp::DeleteRecords { .. } => PartitionResult::DeleteRecords(Err(code)),
        PartitionOp::EpochEndOffset { .. } => PartitionResult::EpochEndOffset(Err(code)),
        PartitionOp::DescribeProducers => PartitionResult::Producers(Err(code)),
        PartitionOp::Group(_) => PartitionResult::Group(Err(code)),
        PartitionOp::WriteTxnMarker { .. } => PartitionResult::Marker(Err(code)),
        PartitionOp::Txn(_) => PartitionResult::Txn(Err(code)),
        PartitionOp::TxnOffsetCommit(_) => PartitionResult::TxnOffsetCommit(Err(code)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acks_map_to_kafka_durability() {
        assert_eq!(produce_durability(-1), Durability::Synced);
        assert_eq!(produce_durability(1), Durability::Written);
        assert_eq!(produce_durability(0), Durability::None);
    }

    #[test]
    fn leader_epoch_checks_follow_kafka() {
        let current = LeaderEpoch(5);
        assert_eq!(check_epoch(-1, current), Ok(()));
        assert_eq!(check_epoch(5, current), Ok(()));
        assert_eq!(check_epoch(4, current), Err(ErrorCode::FencedLeaderEpoch));
        assert_eq!(check_epoch(6, current), Err(ErrorCode::UnknownLeaderEpoch));
    }

    #[test]
    fn error_results_match_the_op_kind() {
        let op = PartitionOp::Read {
            offset: 0,
            max_bytes: 1,
            min_one_message: true,
            current_leader_epoch: -1,
            follower_ok: false,
            committed: false,
        };
        assert!(matches!(
            error_result(&op, ErrorCode::NotLeaderOrFollower),
            PartitionResult::Read(Err(ErrorCode::NotLeaderOrFollower))
        ));
        let op = PartitionOp::ListOffsets {
            committed: false,
            timestamp: -1,
            current_leader_epoch: -1,
            from_replica: false,
        };
        assert!(matches!(
            error_result(&op, ErrorCode::None),
            PartitionResult::ListOffsets(Err(_))
        ));
        assert!(matches!(
            error_result(&PartitionOp::DescribeProducers, ErrorCode::None),
            PartitionResult::Producers(Err(_))
        ));
    }
}
