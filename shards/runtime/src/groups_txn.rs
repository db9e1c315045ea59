//! Transactional offset commits (TxnOffsetCommit, KIP-98) on the group coordinator of a
//! `__consumer_offsets` partition: the offsets are appended as a transactional batch of the
//! producer (Kafka's format: ordinary offset-commit records in a batch with the producer's id
//! and epoch and the transactional bit) and kept pending per producer; the producer's
//! end-transaction marker on this partition applies them (COMMIT) or drops them (ABORT).
//! A reload replays the same way: transactional batches go pending, markers settle them.
//!
//! Invariant: pending offsets are never visible to OffsetFetch; they become committed offsets
//! only once the COMMIT marker is durable.

use super::{host_for, GroupHost};
use crate::ops::PartitionKey;
use crate::shard::Shard;
use group::{GroupRecord, OffsetCommitKey, OffsetCommitValue, OffsetFetchResponse};
use model::ErrorCode;
use std::rc::Rc;
use storage::PartitionLog;

/// TxnOffsetCommit for the coordinator of one partition. `Send`: it crosses the mesh.
#[derive(Debug)]
pub struct TxnOffsetCommit {
    pub group_id: String,
    pub producer_id: i64,
    pub producer_epoch: i16,
    /// (topic, its partitions' offsets).
    pub topics: Vec<(String, Vec<TxnOffset>)>,
    /// The `__consumer_offsets` partition's verification (KIP-890): the offsets are appended
    /// only if it is in the producer's transaction, so a late commit of an ended transaction
    /// never leaves offsets pending (and the partition's LSO held) with no marker to come.
    pub verification: storage::TxnVerification,
}

/// One partition's offset in a [`TxnOffsetCommit`].
#[derive(Debug)]
pub struct TxnOffset {
    pub partition: i32,
    pub offset: i64,
    pub leader_epoch: i32,
    pub metadata: Option<String>,
}

/// Appends the offsets as a transactional batch and keeps them pending; the answer is one
/// code for every partition.
pub(crate) async fn commit(
    shard: &Rc<Shard>,
    key: PartitionKey,
    log: Rc<PartitionLog>,
    req: TxnOffsetCommit,
) -> Result<(), ErrorCode> {
    let host = host_for(shard, key, log.clone());
    while !host.loaded.get() {
        if host.retired.get() {
            return Err(ErrorCode::CoordinatorNotAvailable);
        }
        host.changed.notified().await;
    }
    let now = super::now_ms();
    let metadata_max = shard.config.offset_metadata_max_bytes;
    let mut records = Vec::new();
    for (topic, partitions) in &req.topics {
        for TxnOffset {
            partition,
            offset,
            leader_epoch,
            metadata,
        } in partitions
        {
            let metadata = metadata.clone().unwrap_or_default();
            if metadata.len() > usize::try_from(metadata_max).unwrap_or(0) {
                return Err(ErrorCode::OffsetMetadataTooLarge);
            }
            records.push(GroupRecord::OffsetCommit {
                key: OffsetCommitKey {
                    group_id: req.group_id.clone(),
                    topic: topic.clone(),
                    partition: *partition,
                },
                value: Some(OffsetCommitValue {
                    offset: *offset,
                    leader_epoch: *leader_epoch,
                    metadata,
                    commit_timestamp_ms: now,
                    expire_timestamp_ms: None,
                }),
            });
        }
    }
    if records.is_empty() {
        return Ok(());
    }
    let encoded: Vec<(Vec<u8>, Option<Vec<u8>>)> = records
        .iter()
        .map(|r| (r.encode_key(), r.encode_value()))
        .collect();
    crate::txns::append_encoded(
        shard,
        key,
        &log,
        &encoded,
        Some((req.producer_id, req.producer_epoch)),
        req.verification,
    )
    .await?;
    host.pending_txn
        .borrow_mut()
        .entry(req.producer_id)
        .or_default()
        .extend(records);
    Ok(())
}

/// The producer's marker is durable on this partition: apply or drop its pending offsets.
pub(crate) fn marker_written(shard: &Shard, key: PartitionKey, producer_id: i64, commit: bool) {
    let Some(host) = shard.groups.borrow().get(&key).cloned() else {
        return; // not loaded: the load replays the marker
    };
    settle(&host, producer_id, commit);
}

/// Applies (commit) or drops the pending offsets of `producer_id`.
pub(super) fn settle(host: &GroupHost, producer_id: i64, commit: bool) {
    let Some(records) = host.pending_txn.borrow_mut().remove(&producer_id) else {
        return;
    };
    if commit {
        let mut c = host.coordinator.borrow_mut();
        for record in &records {
            c.replay(record);
        }
    }
}

/// Kafka's `require_stable`: a partition of `group` with offsets pending in a transaction
/// answers UNSTABLE_OFFSET_COMMIT (the client retries once the transaction completed).
pub(super) fn mark_unstable(host: &GroupHost, group: &str, fetched: &mut OffsetFetchResponse) {
    let pending = host.pending_txn.borrow();
    let unstable: std::collections::HashSet<(&str, i32)> = pending
        .values()
        .flatten()
        .filter_map(|r| match r {
            GroupRecord::OffsetCommit { key, .. } if key.group_id == group => {
                Some((key.topic.as_str(), key.partition))
            }
            _ => None,
        })
        .collect();
    if unstable.is_empty() {
        return;
    }
    for topic in &mut fetched.topics {
        for p in &mut topic.partitions {
            if unstable.contains(&(topic.name.as_str(), p.partition)) {
                p.offset = -1;
                p.error_code = ErrorCode::UnstableOffsetCommit;
            }
        }
    }
}
