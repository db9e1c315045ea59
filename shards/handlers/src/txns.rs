//! What every transaction API handler shares: which `__transaction_state` partition
//! coordinates a transactional id (Kafka's `abs(hashCode) % partitions`, as groups), creating
//! that topic on first use, and sending a call to the partition's owner.

use crate::groups::{coordinator_error, partition_for_group, run_on_coordinator};
use crate::Handlers;
use metadata::Image;
use model::{ErrorCode, ShardId};
use runtime::controller::ControllerRequest;
use runtime::txns::{TxnOp, TxnReply, TXN_TOPIC};
use runtime::{PartitionKey, PartitionOp, PartitionResult};
use std::collections::BTreeMap;
use std::rc::Rc;

/// Creates `__transaction_state` if it does not exist yet, as Kafka does on the first
/// FindCoordinator for a transactional id: `transaction.state.log.num.partitions` partitions,
/// `transaction.state.log.replication.factor` replicas (one on the embedded single node),
/// compacted, `min.insync.replicas` = `transaction.state.log.min.isr`.
pub(crate) async fn ensure_txn_topic(ctx: &Rc<Handlers>) -> Result<(), ErrorCode> {
    if ctx.shard.image().topic(TXN_TOPIC).is_some() {
        return Ok(());
    }
    let config = &ctx.shard.config;
    let replication_factor = if config.process_roles.is_empty() {
        1
    } else {
        config.transaction_state_log_replication_factor
    };
    let min_isr = config
        .transaction_state_log_min_isr
        .min(i32::from(replication_factor));
    let configs = BTreeMap::from([
        ("cleanup.policy".to_string(), "compact".to_string()),
        ("compression.type".to_string(), "uncompressed".to_string()),
        ("min.insync.replicas".to_string(), min_isr.to_string()),
        (
            "segment.bytes".to_string(),
            config.transaction_state_log_segment_bytes.to_string(),
        ),
    ]);
    let req = ControllerRequest::CreateTopic {
        name: TXN_TOPIC.to_string(),
        partitions: config.transaction_state_log_num_partitions,
        replication_factor,
        configs,
        validate_only: false,
        assignments: Vec::new(),
    };
    match ctx.shard.controller(req).await {
        Ok(_) => Ok(()),
        Err(e) if e.code == ErrorCode::TopicAlreadyExists => Ok(()),
        Err(e) => {
            tracing::warn!(code = ?e.code, message = %e.message, "creating {TXN_TOPIC} failed");
            Err(ErrorCode::CoordinatorNotAvailable)
        }
    }
}

/// The `__transaction_state` partition number of `transactional_id`.
pub(crate) fn partition_for_txn(image: &Image, transactional_id: &str) -> Option<i32> {
    let topic = image.topic(TXN_TOPIC)?;
    let count = i32::try_from(topic.partitions.len()).ok()?;
    Some(partition_for_group(transactional_id, count))
}

fn coordinator_partition(image: &Image, transactional_id: &str) -> Option<(PartitionKey, ShardId)> {
    let topic = image.topic(TXN_TOPIC)?;
    let partition = partition_for_txn(image, transactional_id)?;
    let p = topic.partitions.get(&partition)?;
    Some((
        PartitionKey {
            topic_id: topic.id,
            partition,
        },
        p.shard,
    ))
}

/// Sends `op` to the coordinator of `transactional_id`. No topic yet: NOT_COORDINATOR (a
/// client finds its coordinator first, which creates it).
pub(crate) async fn call(
    ctx: &Rc<Handlers>,
    transactional_id: &str,
    op: TxnOp,
) -> Result<TxnReply, ErrorCode> {
    let image = ctx.shard.image();
    let (key, owner) =
        coordinator_partition(&image, transactional_id).ok_or(ErrorCode::NotCoordinator)?;
    run(ctx, key, owner, op).await
}

async fn run(
    ctx: &Rc<Handlers>,
    key: PartitionKey,
    owner: ShardId,
    op: TxnOp,
) -> Result<TxnReply, ErrorCode> {
    match run_on_coordinator(ctx, key, owner, PartitionOp::Txn(op)).await {
        Some(PartitionResult::Txn(result)) => result.map_err(coordinator_error),
        _ => Err(ErrorCode::NotCoordinator),
    }
}

/// Runs `op` on the coordinator of every `__transaction_state` partition this node leads
/// (ListTransactions), with the error of each that could not answer.
pub(crate) async fn call_all(
    ctx: &Rc<Handlers>,
    op: impl Fn() -> TxnOp,
) -> Vec<Result<TxnReply, ErrorCode>> {
    let image = ctx.shard.image();
    let Some(topic) = image.topic(TXN_TOPIC) else {
        return Vec::new();
    };
    let node = ctx.shard.config.node_id;
    let single = ctx.shard.config.process_roles.is_empty();
    let calls = topic
        .partitions
        .iter()
        .filter(|(_, p)| single || p.leader.0 == node)
        .map(|(partition, p)| {
            let key = PartitionKey {
                topic_id: topic.id,
                partition: *partition,
            };
            run(ctx, key, p.shard, op())
        });
    futures::future::join_all(calls).await
}
