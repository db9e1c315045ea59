//! Grouping partition work by owning shard, and putting the answers back in request order.

use metadata::Image;
use model::{ErrorCode, ShardId};
use runtime::{PartitionKey, PartitionOp, PartitionResult, Shard, WaitSpec};
use std::collections::BTreeMap;
use std::rc::Rc;

/// One partition's work: `slot` is where its answer goes in the response.
pub(crate) struct Work {
    pub slot: usize,
    pub owner: ShardId,
    pub key: PartitionKey,
    pub op: PartitionOp,
}

/// Where a partition lives, from this shard's image.
pub(crate) fn locate(
    image: &Image,
    topic: &str,
    partition: i32,
) -> Result<(PartitionKey, ShardId), ErrorCode> {
    let t = image
        .topic(topic)
        .ok_or(ErrorCode::UnknownTopicOrPartition)?;
    let p = t
        .partitions
        .get(&partition)
        .ok_or(ErrorCode::UnknownTopicOrPartition)?;
    Ok((
        PartitionKey {
            topic_id: t.id,
            partition,
        },
        p.shard,
    ))
}

/// Sends each owner one message with all of its partitions, concurrently, and returns the
/// results as (slot, result).
pub(crate) async fn run(
    shard: &Rc<Shard>,
    work: Vec<Work>,
    wait: Option<WaitSpec>,
) -> Vec<(usize, PartitionResult)> {
    let mut by_owner: BTreeMap<ShardId, (Vec<usize>, Vec<(PartitionKey, PartitionOp)>)> =
        BTreeMap::new();
    for w in work {
        let entry = by_owner.entry(shard.owner(w.owner)).or_default();
        entry.0.push(w.slot);
        entry.1.push((w.key, w.op));
    }
    let groups = by_owner.into_iter().map(|(owner, (slots, ops))| {
        let shard = shard.clone();
        async move {
            let results = shard.run_ops(owner, ops, wait).await;
            slots.into_iter().zip(results).collect::<Vec<_>>()
        }
    });
    futures::future::join_all(groups)
        .await
        .into_iter()
        .flatten()
        .collect()
}
