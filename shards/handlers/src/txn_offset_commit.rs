//! TxnOffsetCommit (key 28), v0–5: a transactional producer commits a group's offsets inside
//! its transaction (`sendOffsetsToTransaction`). The group's coordinator appends them as a
//! transactional batch and keeps them pending until the transaction's marker
//! (`runtime::groups::txn`): visible on commit only. The group's partition is verified to be
//! in the producer's transaction first (KIP-890, `txn_verify`); from v5 (transactions version
//! 2, no AddOffsetsToTxn before it) it is added to the transaction instead.

use crate::groups::{ensure_offsets_topic, partition_for_group};
use crate::txn_verify::Target;
use crate::Handlers;
use kafka_protocol::messages::txn_offset_commit_response::{
    TxnOffsetCommitResponsePartition, TxnOffsetCommitResponseTopic,
};
use kafka_protocol::messages::{TxnOffsetCommitRequest, TxnOffsetCommitResponse};
use model::ErrorCode;
use runtime::groups::{TxnOffset, TxnOffsetCommit, OFFSETS_TOPIC};
use runtime::{PartitionKey, PartitionOp, PartitionResult};
use std::rc::Rc;

pub async fn handle(
    ctx: &Rc<Handlers>,
    req: TxnOffsetCommitRequest,
    version: i16,
) -> TxnOffsetCommitResponse {
    let code = match commit(ctx, &req, version).await {
        Ok(()) => ErrorCode::None,
        Err(ErrorCode::ProducerFenced) if version < 2 => ErrorCode::InvalidProducerEpoch,
        Err(code) => code,
    };
    let topics = req
        .topics
        .iter()
        .map(|t| {
            TxnOffsetCommitResponseTopic::default()
                .with_name(t.name.clone())
                .with_partitions(
                    t.partitions
                        .iter()
                        .map(|p| {
                            TxnOffsetCommitResponsePartition::default()
                                .with_partition_index(p.partition_index)
                                .with_error_code(code.code())
                        })
                        .collect(),
                )
        })
        .collect();
    TxnOffsetCommitResponse::default().with_topics(topics)
}

async fn commit(
    ctx: &Rc<Handlers>,
    req: &TxnOffsetCommitRequest,
    version: i16,
) -> Result<(), ErrorCode> {
    ensure_offsets_topic(ctx).await?;
    let image = ctx.shard.image();
    for t in &req.topics {
        if image.topic(t.name.as_str()).is_none() {
            return Err(ErrorCode::UnknownTopicOrPartition);
        }
    }
    let topic = image
        .topic(OFFSETS_TOPIC)
        .ok_or(ErrorCode::CoordinatorNotAvailable)?;
    let count = i32::try_from(topic.partitions.len()).unwrap_or(i32::MAX);
    let partition = partition_for_group(req.group_id.as_str(), count);
    let p = topic
        .partitions
        .get(&partition)
        .ok_or(ErrorCode::NotCoordinator)?;
    let key = PartitionKey {
        topic_id: topic.id,
        partition,
    };
    let owner = ctx
        .shard
        .owner(ctx.shard.replica_shard(key).unwrap_or(p.shard));
    // KIP-890: the group's partition must be in the producer's transaction.
    let target = Target {
        key,
        owner: p.shard,
        topic: OFFSETS_TOPIC.to_string(),
        partition,
        producer: (req.producer_id.0, req.producer_epoch),
    };
    let join = crate::txn_verify::Join::of_txn_offset_commit(version);
    let verification =
        crate::txn_verify::verify(ctx, req.transactional_id.as_str(), &[target], join)
            .await
            .pop()
            .unwrap_or(Err(ErrorCode::UnknownServerError))
            .map_err(|code| crate::txn_verify::offset_commit_error(code, version))?;
    let op = TxnOffsetCommit {
        verification,
        group_id: req.group_id.to_string(),
        producer_id: req.producer_id.0,
        producer_epoch: req.producer_epoch,
        topics: req
            .topics
            .iter()
            .map(|t| {
                (
                    t.name.to_string(),
                    t.partitions
                        .iter()
                        .map(|p| TxnOffset {
                            partition: p.partition_index,
                            offset: p.committed_offset,
                            leader_epoch: p.committed_leader_epoch,
                            metadata: p.committed_metadata.as_ref().map(|m| m.to_string()),
                        })
                        .collect(),
                )
            })
            .collect(),
    };
    let mut results = ctx
        .shard
        .run_ops(owner, vec![(key, PartitionOp::TxnOffsetCommit(op))], None)
        .await;
    match results.pop() {
        Some(PartitionResult::TxnOffsetCommit(Ok(()))) => Ok(()),
        Some(PartitionResult::TxnOffsetCommit(Err(ErrorCode::NotLeaderOrFollower))) => {
            Err(ErrorCode::NotCoordinator)
        }
        // COORDINATOR_LOAD_IN_PROGRESS: the producer retries the commit as it is.
        Some(PartitionResult::TxnOffsetCommit(Err(code))) => Err(crate::txn_verify::append_error(
            code,
            join,
            ErrorCode::CoordinatorLoadInProgress,
        )),
        _ => Err(ErrorCode::NotCoordinator),
    }
}
