//! Grouping partition work by owning shard, and putting the answers back in request order.

use metadata::Image;
use model::{ErrorCode, ShardId};
use runtime::{PartitionKey, PartitionOp, PartitionResult, Shard, Signal, WaitSpec};
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

/// One owner's share of a request: answer slots and the ops for them.
type OwnerWork = (Vec<usize>, Vec<(PartitionKey, PartitionOp)>);

/// Sends each owner one message with all of its partitions, concurrently, and returns the
/// results as (slot, result).
pub(crate) async fn run(
    shard: &Rc<Shard>,
    work: Vec<Work>,
    wait: Option<WaitSpec>,
) -> Vec<(usize, PartitionResult)> {
    run_ordered(shard, work, wait, None, None).await
}

/// [`run`] with a long poll (`wait`) that `end` cuts short: once it fires, every owner reads
/// once more and answers at once.
pub(crate) async fn run_until(
    shard: &Rc<Shard>,
    work: Vec<Work>,
    wait: WaitSpec,
    end: &Rc<Signal>,
) -> Vec<(usize, PartitionResult)> {
    run_ordered(shard, work, Some(wait), None, Some(end)).await
}

/// [`run`], firing `written` once every owner has written its produces (see
/// `Shard::run_ops_ordered`): the connection then starts its next request.
pub(crate) async fn run_ordered(
    shard: &Rc<Shard>,
    work: Vec<Work>,
    wait: Option<WaitSpec>,
    written: Option<&Rc<Signal>>,
    end: Option<&Rc<Signal>>,
) -> Vec<(usize, PartitionResult)> {
    let mut by_owner: BTreeMap<ShardId, OwnerWork> = BTreeMap::new();
    for w in work {
        // The shard holding this node's replica (replicas of one partition may sit on
        // different shards of different nodes); the located one for a partition this node
        // holds no replica of (its owner answers NOT_LEADER_OR_FOLLOWER).
        let recorded = shard.replica_shard(w.key).unwrap_or(w.owner);
        let entry = by_owner.entry(shard.owner(recorded)).or_default();
        entry.0.push(w.slot);
        entry.1.push((w.key, w.op));
    }
    // One signal per owner; `written` fires when all of them have.
    let parts: Vec<Option<Rc<Signal>>> = by_owner
        .keys()
        .map(|_| written.map(|_| Rc::new(Signal::default())))
        .collect();
    let all_written = async {
        for part in parts.iter().flatten() {
            part.wait().await;
        }
        if let Some(written) = written {
            written.fire();
        }
    };
    let groups =
        by_owner
            .into_iter()
            .zip(parts.iter().cloned())
            .map(|((owner, (slots, ops)), part)| {
                let shard = shard.clone();
                let end = end.cloned();
                async move {
                    let results = shard.run_ops_ordered(owner, ops, wait, part, end).await;
                    slots.into_iter().zip(results).collect::<Vec<_>>()
                }
            });
    futures::join!(futures::future::join_all(groups), all_written)
        .0
        .into_iter()
        .flatten()
        .collect()
}

/// Per-partition work of a topics × partitions request, remembering where each partition's
/// answer goes in the response (`[topic index][partition index]`).
#[derive(Default)]
pub(crate) struct Fanout {
    work: Vec<Work>,
    slots: Vec<(usize, usize)>,
}

impl Fanout {
    /// Plans `op` for `topic`/`partition`, answered at `at`. `Err` when this shard's image does
    /// not know the partition; the caller writes that code into the answer.
    pub fn add(
        &mut self,
        image: &Image,
        at: (usize, usize),
        topic: &str,
        partition: i32,
        op: PartitionOp,
    ) -> Result<(), ErrorCode> {
        let (key, owner) = locate(image, topic, partition)?;
        self.push(at, key, owner, op);
        Ok(())
    }

    /// Plans `op` for an already located partition.
    pub fn push(&mut self, at: (usize, usize), key: PartitionKey, owner: ShardId, op: PartitionOp) {
        self.work.push(Work {
            slot: self.slots.len(),
            owner,
            key,
            op,
        });
        self.slots.push(at);
    }

    /// Runs all planned work on the owners; returns each result with its place.
    pub async fn run(self, shard: &Rc<Shard>) -> Vec<((usize, usize), PartitionResult)> {
        self.run_ordered(shard, None).await
    }

    /// [`Fanout::run`], firing `written` once every produce is written (see `run_ordered`).
    pub async fn run_ordered(
        self,
        shard: &Rc<Shard>,
        written: Option<&Rc<Signal>>,
    ) -> Vec<((usize, usize), PartitionResult)> {
        let slots = self.slots;
        run_ordered(shard, self.work, None, written, None)
            .await
            .into_iter()
            .map(|(slot, result)| (slots[slot], result))
            .collect()
    }
}
