//! What every group API handler shares: which `__consumer_offsets` partition coordinates a
//! group, creating that topic on first use, and sending a call to the partition's owner.

use crate::Handlers;
use group::TopicResults;
use metadata::Image;
use model::{ErrorCode, ShardId};
use runtime::controller::ControllerRequest;
use runtime::groups::{GroupOp, GroupReply, OFFSETS_TOPIC};
use runtime::{PartitionKey, PartitionOp, PartitionResult};
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

/// Java's `String.hashCode` (over UTF-16 code units), which Kafka uses to place groups.
fn java_string_hash(s: &str) -> i32 {
    s.encode_utf16().fold(0i32, |h, unit| {
        h.wrapping_mul(31).wrapping_add(i32::from(unit))
    })
}

/// Kafka's `Utils.abs(groupId.hashCode()) % partitions`: the same group lands on the same
/// partition number as in Kafka, so tools that compute it agree.
pub(crate) fn partition_for_group(group_id: &str, partitions: i32) -> i32 {
    let hash = java_string_hash(group_id);
    let abs = if hash == i32::MIN { 0 } else { hash.abs() };
    abs % partitions.max(1)
}

/// Creates `__consumer_offsets` if it does not exist yet, as Kafka does on the first
/// FindCoordinator, with `offsets.topic.replication.factor` replicas: as in Kafka, creation
/// fails (COORDINATOR_NOT_AVAILABLE) until that many brokers are registered. The embedded
/// single node (no `process.roles`) has one broker by definition: one replica there.
pub(crate) async fn ensure_offsets_topic(ctx: &Rc<Handlers>) -> Result<(), ErrorCode> {
    if ctx.shard.image().topic(OFFSETS_TOPIC).is_some() {
        return Ok(());
    }
    let config = &ctx.shard.config;
    let replication_factor = if config.process_roles.is_empty() {
        1
    } else {
        config.offsets_topic_replication_factor
    };
    let configs = BTreeMap::from([
        ("cleanup.policy".to_string(), "compact".to_string()),
        ("compression.type".to_string(), "producer".to_string()),
        (
            "segment.bytes".to_string(),
            config.offsets_topic_segment_bytes.to_string(),
        ),
    ]);
    let req = ControllerRequest::CreateTopic {
        name: OFFSETS_TOPIC.to_string(),
        partitions: config.offsets_topic_num_partitions,
        replication_factor,
        configs,
        validate_only: false,
        assignments: Vec::new(),
    };
    match ctx.shard.controller(req).await {
        Ok(_) => Ok(()),
        Err(e) if e.code == ErrorCode::TopicAlreadyExists => Ok(()),
        Err(e) => {
            tracing::warn!(code = ?e.code, message = %e.message, "creating {OFFSETS_TOPIC} failed");
            Err(ErrorCode::CoordinatorNotAvailable)
        }
    }
}

/// The `__consumer_offsets` partition coordinating `group_id`, and its owning shard.
fn coordinator_partition(image: &Image, group_id: &str) -> Option<(PartitionKey, ShardId)> {
    let topic = image.topic(OFFSETS_TOPIC)?;
    let count = i32::try_from(topic.partitions.len()).ok()?;
    let partition = partition_for_group(group_id, count);
    let p = topic.partitions.get(&partition)?;
    Some((
        PartitionKey {
            topic_id: topic.id,
            partition,
        },
        p.shard,
    ))
}

/// Sends `op` to the coordinator of `group_id` (creating the offsets topic if needed).
/// `Err` is the code every part of the answer gets.
pub(crate) async fn call(
    ctx: &Rc<Handlers>,
    group_id: &str,
    op: GroupOp,
) -> Result<GroupReply, ErrorCode> {
    ensure_offsets_topic(ctx).await?;
    let image = ctx.shard.image();
    let (key, owner) = coordinator_partition(&image, group_id).ok_or(ErrorCode::NotCoordinator)?;
    match run_on_coordinator(ctx, key, owner, PartitionOp::Group(op)).await {
        Some(PartitionResult::Group(result)) => result.map_err(coordinator_error),
        _ => Err(ErrorCode::NotCoordinator),
    }
}

/// Runs one coordinator op (group or transaction) on the shard holding the replica of its
/// internal partition `key` (else on `owner`); its result, if the shard answered one.
pub(crate) async fn run_on_coordinator(
    ctx: &Rc<Handlers>,
    key: PartitionKey,
    owner: ShardId,
    op: PartitionOp,
) -> Option<PartitionResult> {
    let owner = ctx
        .shard
        .owner(ctx.shard.replica_shard(key).unwrap_or(owner));
    ctx.shard.run_ops(owner, vec![(key, op)], None).await.pop()
}

/// A coordinator's error as clients see it: a partition this node no longer leads means
/// another node coordinates (NOT_COORDINATOR), anything else stays.
pub(crate) fn coordinator_error(code: ErrorCode) -> ErrorCode {
    match code {
        ErrorCode::NotLeaderOrFollower => ErrorCode::NotCoordinator,
        code => code,
    }
}

/// Runs `op` (built per partition) on every `__consumer_offsets` partition and returns the
/// replies; ListGroups asks them all. No offsets topic yet means no groups.
pub(crate) async fn call_all(
    ctx: &Rc<Handlers>,
    op: impl Fn() -> GroupOp,
) -> Vec<Result<GroupReply, ErrorCode>> {
    let image = ctx.shard.image();
    let Some(topic) = image.topic(OFFSETS_TOPIC) else {
        return Vec::new();
    };
    let mut by_owner: BTreeMap<ShardId, Vec<(PartitionKey, PartitionOp)>> = BTreeMap::new();
    for (partition, p) in &topic.partitions {
        let key = PartitionKey {
            topic_id: topic.id,
            partition: *partition,
        };
        by_owner
            .entry(ctx.shard.owner(p.shard))
            .or_default()
            .push((key, PartitionOp::Group(op())));
    }
    let calls = by_owner.into_iter().map(|(owner, ops)| {
        let shard = ctx.shard.clone();
        async move { shard.run_ops(owner, ops, None).await }
    });
    futures::future::join_all(calls)
        .await
        .into_iter()
        .flatten()
        .map(|r| match r {
            PartitionResult::Group(Ok(reply)) => Ok(reply),
            PartitionResult::Group(Err(code)) => Err(code),
            _ => Err(ErrorCode::NotCoordinator),
        })
        .collect()
}

/// The coordinator's per-partition answers, by (topic, partition).
pub(crate) fn codes_by_partition(topics: Vec<TopicResults>) -> HashMap<(String, i32), ErrorCode> {
    topics
        .into_iter()
        .flat_map(|t| {
            let name = t.name;
            t.partitions
                .into_iter()
                .map(move |p| ((name.clone(), p.partition), p.error_code))
        })
        .collect()
}

/// An optional wire string as an owned one.
pub(crate) fn opt_string(s: &Option<kafka_protocol::protocol::StrBytes>) -> Option<String> {
    s.as_ref().map(|v| v.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_land_where_kafka_puts_them() {
        // Values from Java: "my-group".hashCode() == -1906497762, abs % 50 == 12.
        assert_eq!(java_string_hash("my-group"), -1_906_497_762);
        assert_eq!(partition_for_group("my-group", 50), 12);
        assert_eq!(java_string_hash(""), 0);
        // Non-ASCII is hashed over UTF-16 units, like Java.
        assert_eq!(java_string_hash("é"), 0xe9);
        assert_eq!(java_string_hash("😀"), 0xd83d * 31 + 0xde00);
        // A negative hash uses its absolute value.
        let negative = "polygenelubricants"; // hashCode == Integer.MIN_VALUE in Java
        assert_eq!(java_string_hash(negative), i32::MIN);
        assert_eq!(partition_for_group(negative, 50), 0);
    }
}
