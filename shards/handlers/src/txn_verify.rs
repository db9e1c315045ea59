//! Partition verification on the produce path (KIP-890 part 1, Kafka's
//! `ReplicaManager.appendRecords` with `AddPartitionsToTxnManager`): before a transactional
//! batch of a producer whose transaction the partition has not seen is appended, its leader
//! asks the transaction coordinator (AddPartitionsToTxn `verify_only`, on this node or another)
//! whether the partition is in the producer's ongoing transaction. A late produce of an
//! aborted transaction is so refused instead of opening a transaction nobody will end (a
//! hanging transaction that holds the last stable offset back forever).
//!
//! Steps, all before the produce is written (the connection's next request waits, so order
//! holds): each owner hands out a guard (`PartitionOp::StartTxnVerification`; none when the
//! transaction is ongoing there), the coordinator verifies the guarded partitions, and the
//! produce carries the guard, which the append checks (a marker meanwhile voids it).
//! TxnOffsetCommit verifies its group's `__consumer_offsets` partition the same way (Kafka's
//! group coordinator does), so a late offset commit of an ended transaction is refused instead
//! of staying pending with no marker to settle it.
//!
//! Transactions version 2 (KIP-890 part 2: Produce v12+, TxnOffsetCommit v5+, [`Join::Add`]):
//! the client sends no AddPartitionsToTxn or AddOffsetsToTxn; the same steps *add* the
//! partition to the transaction (AddPartitionsToTxn v5 without `verify_only` to another node),
//! whatever `transaction.partition.verification.enable` says. The producer's epoch, bumped
//! by every EndTxn v5, fences a late produce of an ended transaction at the coordinator.

use crate::route::{self, Work};
use crate::Handlers;
use model::{ErrorCode, ShardId};
use runtime::txns::{TxnOp, TxnReply, TXN_TOPIC};
use runtime::{PartitionKey, PartitionOp, PartitionResult};
use std::collections::BTreeMap;
use std::rc::Rc;
use std::time::{Duration, Instant};
use storage::{TxnVerification, VerificationGuard};

/// One transactional batch's partition.
pub(crate) struct Target {
    pub key: PartitionKey,
    pub owner: ShardId,
    pub topic: String,
    pub partition: i32,
    pub producer: (i64, i16),
}

/// How a transactional append's partition joins the producer's transaction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Join {
    /// Transactions version 1: the client added the partition; the coordinator confirms it
    /// (when `transaction.partition.verification.enable`).
    Verify,
    /// Transactions version 2: the partition leader adds it (Kafka's `addPartition`).
    Add,
}

/// First Produce version of transactions version 2 (Kafka's `addPartition` for
/// `apiVersion > 11`).
const TRANSACTIONS_V2_PRODUCE_VERSION_MIN: i16 = 12;
/// First TxnOffsetCommit version of transactions version 2.
const TRANSACTIONS_V2_TXN_OFFSET_COMMIT_VERSION_MIN: i16 = 5;

impl Join {
    pub(crate) fn of_produce(version: i16) -> Join {
        if version >= TRANSACTIONS_V2_PRODUCE_VERSION_MIN {
            Join::Add
        } else {
            Join::Verify
        }
    }

    pub(crate) fn of_txn_offset_commit(version: i16) -> Join {
        if version >= TRANSACTIONS_V2_TXN_OFFSET_COMMIT_VERSION_MIN {
            Join::Add
        } else {
            Join::Verify
        }
    }
}

/// First Produce version whose clients handle TRANSACTION_ABORTABLE (Kafka's `genericError`
/// for `apiVersion > 10`); older ones get INVALID_TXN_STATE.
const TRANSACTION_ABORTABLE_PRODUCE_VERSION_MIN: i16 = 11;

/// The verification of every target, in order: how its append is checked, or the error of
/// its owner or the coordinator (callers map it: [`produce_error`], [`offset_commit_error`]).
pub(crate) async fn verify(
    ctx: &Rc<Handlers>,
    transactional_id: &str,
    targets: &[Target],
    join: Join,
) -> Vec<Result<TxnVerification, ErrorCode>> {
    let enabled = join == Join::Add || runtime::txns::partition_verification_enabled(&ctx.shard);
    if targets.is_empty() || !enabled {
        return targets.iter().map(|_| Ok(TxnVerification::Off)).collect();
    }
    let (out, added) = verify_once(ctx, transactional_id, targets, join).await;
    let verified =
        |r: &Result<TxnVerification, ErrorCode>| matches!(r, Ok(TxnVerification::Verified(_)));
    if !added || !out.iter().any(verified) {
        return out;
    }
    // A version 2 add succeeds once the producer's previous transaction wrote all its markers,
    // but a marker may have landed after this request took its guards (each partition hands
    // one out first, so that an abort between the add and the append is seen), voiding them.
    // Guards taken now, after the add, can only be voided by a marker of this transaction;
    // the partitions are in it, so the coordinator answers at once.
    verify_once(ctx, transactional_id, targets, join).await.0
}

/// One verification of every target; also whether a version 2 add asked the coordinator for
/// guarded partitions (their guards predate the add: [`verify`] takes them again).
async fn verify_once(
    ctx: &Rc<Handlers>,
    transactional_id: &str,
    targets: &[Target],
    join: Join,
) -> (Vec<Result<TxnVerification, ErrorCode>>, bool) {
    let work = targets
        .iter()
        .enumerate()
        .map(|(slot, t)| Work {
            slot,
            owner: t.owner,
            key: t.key,
            op: PartitionOp::StartTxnVerification {
                producer_id: t.producer.0,
                producer_epoch: t.producer.1,
            },
        })
        .collect();
    let mut out: Vec<Result<TxnVerification, ErrorCode>> =
        vec![Err(ErrorCode::UnknownServerError); targets.len()];
    // Guarded targets by producer: what the coordinator must confirm.
    let mut pending: BTreeMap<(i64, i16), Vec<(usize, VerificationGuard)>> = BTreeMap::new();
    for (slot, result) in route::run(&ctx.shard, work, None).await {
        match result {
            PartitionResult::TxnVerification(Ok(None)) => out[slot] = Ok(TxnVerification::Ongoing),
            PartitionResult::TxnVerification(Ok(Some(guard))) => pending
                .entry(targets[slot].producer)
                .or_default()
                .push((slot, guard)),
            PartitionResult::TxnVerification(Err(code)) => out[slot] = Err(code),
            _ => {}
        }
    }
    let mut added = false;
    for (producer, guarded) in pending {
        let partitions: Vec<(String, i32)> = guarded
            .iter()
            .map(|(slot, _)| (targets[*slot].topic.clone(), targets[*slot].partition))
            .collect();
        let codes = match join {
            Join::Add => {
                added = true;
                add_when_settled(ctx, transactional_id, producer, &partitions).await
            }
            Join::Verify => {
                ask_coordinator(ctx, transactional_id, producer, &partitions, join).await
            }
        };
        for ((slot, guard), code) in guarded.into_iter().zip(codes) {
            out[slot] = match code {
                ErrorCode::None => Ok(TxnVerification::Verified(guard)),
                code => Err(code),
            };
        }
    }
    (out, added)
}

/// How long a version 2 add waits, in all, for the producer's previous transaction to finish
/// writing its markers (CONCURRENT_TRANSACTIONS), and its first and longest pause between tries.
const SETTLE_WAIT_MAX: Duration = Duration::from_secs(1);
const SETTLE_RETRY_FIRST: Duration = Duration::from_millis(1);
const SETTLE_RETRY_MAX: Duration = Duration::from_millis(16);

/// [`ask_coordinator`] for a version 2 add, tried again while the coordinator answers
/// CONCURRENT_TRANSACTIONS. A version 2 client starts its next transaction as soon as EndTxn
/// answers, so its first produce nearly always finds the previous transaction still writing
/// its markers (each fsynced here); answered at once, as Kafka's leader does, that becomes
/// NOT_ENOUGH_REPLICAS and the client retries after `retry.backoff.ms` (100 ms): every
/// transaction took that long (perf/txn-throughput: p50 95–105 ms against 9 ms for Kafka,
/// whose markers do not wait for the disk). The leader retries itself instead, for at most
/// [`SETTLE_WAIT_MAX`]; the connection's next request waits, as for any verification.
async fn add_when_settled(
    ctx: &Rc<Handlers>,
    transactional_id: &str,
    producer: (i64, i16),
    partitions: &[(String, i32)],
) -> Vec<ErrorCode> {
    let started = Instant::now();
    let mut pause = SETTLE_RETRY_FIRST;
    loop {
        let codes = ask_coordinator(ctx, transactional_id, producer, partitions, Join::Add).await;
        let settling = codes.contains(&ErrorCode::ConcurrentTransactions);
        if !settling || started.elapsed() + pause > SETTLE_WAIT_MAX {
            return codes;
        }
        glommio::timer::sleep(pause).await;
        pause = (pause * 2).min(SETTLE_RETRY_MAX);
    }
}

/// The coordinator's answer per partition: on this node through its shard, on another node
/// over the inter-broker listener.
async fn ask_coordinator(
    ctx: &Rc<Handlers>,
    transactional_id: &str,
    producer: (i64, i16),
    partitions: &[(String, i32)],
    join: Join,
) -> Vec<ErrorCode> {
    let image = ctx.shard.image();
    let leader = crate::txns::partition_for_txn(&image, transactional_id)
        .and_then(|p| image.partition(TXN_TOPIC, p))
        .map(|p| p.leader.0);
    let single = ctx.shard.config.process_roles.is_empty();
    let Some(leader) = leader.filter(|l| single || *l >= 0) else {
        return vec![ErrorCode::CoordinatorNotAvailable; partitions.len()];
    };
    if !single && leader != ctx.shard.config.node_id {
        return runtime::txns::add_or_verify_remote(
            &ctx.shard,
            leader,
            transactional_id,
            producer,
            partitions,
            join == Join::Verify,
        )
        .await;
    }
    let op = TxnOp::AddPartitions {
        transactional_id: transactional_id.to_string(),
        producer_id: producer.0,
        producer_epoch: producer.1,
        partitions: partitions.to_vec(),
        verify_only: join == Join::Verify,
        client: match join {
            Join::Verify => txn::ClientTxnVersion::V0,
            Join::Add => txn::ClientTxnVersion::V2,
        },
    };
    match crate::txns::call(ctx, transactional_id, op).await {
        Ok(TxnReply::Verified(found)) => found
            .into_iter()
            .map(|f| {
                if f {
                    ErrorCode::None
                } else {
                    ErrorCode::TransactionAbortable
                }
            })
            .collect(),
        Ok(TxnReply::Added) => vec![ErrorCode::None; partitions.len()],
        Ok(_) => vec![ErrorCode::UnknownServerError; partitions.len()],
        Err(code) => vec![code; partitions.len()],
    }
}

/// Kafka's `AddPartitionsToTxnManager` mapping of a coordinator's code: producers expect
/// INVALID_PRODUCER_EPOCH, and clients older than `abortable_ok` INVALID_TXN_STATE.
fn verification_error(code: ErrorCode, abortable_ok: bool) -> ErrorCode {
    match code {
        ErrorCode::ProducerFenced => ErrorCode::InvalidProducerEpoch,
        ErrorCode::TransactionAbortable if !abortable_ok => ErrorCode::InvalidTxnState,
        code => code,
    }
}

/// A verification error as the produce answers it (Kafka's `postVerificationCallback`).
pub(crate) fn produce_error(code: ErrorCode, version: i16) -> ErrorCode {
    let abortable_ok = version >= TRANSACTION_ABORTABLE_PRODUCE_VERSION_MIN;
    match verification_error(code, abortable_ok) {
        // Retriable for the coordinator, but older clients would not retry them right: Kafka
        // answers NOT_ENOUGH_REPLICAS, which every client retries without a metadata refresh.
        ErrorCode::ConcurrentTransactions
        | ErrorCode::NetworkException
        | ErrorCode::CoordinatorLoadInProgress
        | ErrorCode::CoordinatorNotAvailable
        | ErrorCode::NotCoordinator => ErrorCode::NotEnoughReplicas,
        code => code,
    }
}

/// An append's error as a transactions version 2 client must see it. The previous
/// transaction's marker carries the epoch the client now produces with, and may land between
/// the add of a partition for the next transaction and the append, voiding its guard
/// (INVALID_TXN_STATE): the client retries instead (`retriable`), and the retry is verified
/// again (a late produce of an ended transaction then fails for its epoch).
pub(crate) fn append_error(code: ErrorCode, join: Join, retriable: ErrorCode) -> ErrorCode {
    match (code, join) {
        (ErrorCode::InvalidTxnState, Join::Add) => retriable,
        (code, _) => code,
    }
}

/// First TxnOffsetCommit version whose clients handle TRANSACTION_ABORTABLE.
const TRANSACTION_ABORTABLE_TXN_OFFSET_COMMIT_VERSION_MIN: i16 = 4;

/// A verification error as TxnOffsetCommit answers it (Kafka's group coordinator:
/// `maybeConvertOffsetCommitError`).
pub(crate) fn offset_commit_error(code: ErrorCode, version: i16) -> ErrorCode {
    let abortable_ok = version >= TRANSACTION_ABORTABLE_TXN_OFFSET_COMMIT_VERSION_MIN;
    match verification_error(code, abortable_ok) {
        ErrorCode::NetworkException => ErrorCode::CoordinatorLoadInProgress,
        ErrorCode::UnknownTopicOrPartition
        | ErrorCode::NotEnoughReplicas
        | ErrorCode::NotEnoughReplicasAfterAppend => ErrorCode::CoordinatorNotAvailable,
        ErrorCode::NotLeaderOrFollower | ErrorCode::KafkaStorageError => ErrorCode::NotCoordinator,
        code => code,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verification_errors_map_as_kafka_answers_produce_and_txn_offset_commit() {
        let abortable = ErrorCode::TransactionAbortable;
        assert_eq!(produce_error(abortable, 10), ErrorCode::InvalidTxnState);
        assert_eq!(produce_error(abortable, 11), abortable);
        assert_eq!(
            offset_commit_error(abortable, 3),
            ErrorCode::InvalidTxnState
        );
        assert_eq!(offset_commit_error(abortable, 4), abortable);
        let fenced = ErrorCode::ProducerFenced;
        assert_eq!(produce_error(fenced, 11), ErrorCode::InvalidProducerEpoch);
        assert_eq!(
            offset_commit_error(fenced, 4),
            ErrorCode::InvalidProducerEpoch
        );
        for retriable in [
            ErrorCode::ConcurrentTransactions,
            ErrorCode::NetworkException,
            ErrorCode::CoordinatorLoadInProgress,
            ErrorCode::CoordinatorNotAvailable,
            ErrorCode::NotCoordinator,
        ] {
            assert_eq!(produce_error(retriable, 9), ErrorCode::NotEnoughReplicas);
        }
        assert_eq!(
            offset_commit_error(ErrorCode::NetworkException, 3),
            ErrorCode::CoordinatorLoadInProgress
        );
        assert_eq!(
            offset_commit_error(ErrorCode::ConcurrentTransactions, 3),
            ErrorCode::ConcurrentTransactions
        );
        assert_eq!(
            produce_error(ErrorCode::InvalidProducerIdMapping, 9),
            ErrorCode::InvalidProducerIdMapping
        );
        // A guard voided by the previous transaction's marker: retried under version 2 only.
        let retry = ErrorCode::NotEnoughReplicas;
        assert_eq!(Join::of_produce(11), Join::Verify);
        assert_eq!(Join::of_produce(12), Join::Add);
        assert_eq!(Join::of_txn_offset_commit(5), Join::Add);
        assert_eq!(
            append_error(ErrorCode::InvalidTxnState, Join::Add, retry),
            retry
        );
        assert_eq!(
            append_error(ErrorCode::InvalidTxnState, Join::Verify, retry),
            ErrorCode::InvalidTxnState
        );
        assert_eq!(
            append_error(ErrorCode::InvalidProducerEpoch, Join::Add, retry),
            ErrorCode::InvalidProducerEpoch
        );
    }
}
