//! DescribeLogDirs (key 35), v1–4 (`kafka-log-dirs --describe`): this broker's one log
//! directory (`log.dirs`) with its total and usable bytes (`statvfs`, v4) and, per replica it
//! holds, the bytes on disk and the offset lag (Kafka's `getLogEndOffsetLag`: the local high
//! watermark less the log end, at least 0; 0 on a leader). Replicas live on their shards: the
//! answer gathers them over the links (`Shard::gather_log_dirs`), as a scrape gathers metrics.
//! Null `topics` describes every replica, an empty list none. No future (ALTER_REPLICA_LOG_DIRS)
//! replicas exist: `is_future_key` is always false.

use crate::util::{str_bytes, topic_name};
use crate::Handlers;
use kafka_protocol::messages::describe_log_dirs_response::{
    DescribeLogDirsPartition, DescribeLogDirsResult, DescribeLogDirsTopic,
};
use kafka_protocol::messages::{DescribeLogDirsRequest, DescribeLogDirsResponse};
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;
use std::time::Duration;

/// How long one shard may take to list its replicas.
const SHARD_ANSWER_MAX: Duration = Duration::from_secs(2);

pub async fn handle(
    ctx: &Rc<Handlers>,
    req: DescribeLogDirsRequest,
    _version: i16,
) -> DescribeLogDirsResponse {
    let wanted: Option<BTreeSet<(String, i32)>> = req.topics.as_ref().map(|ts| {
        ts.iter()
            .flat_map(|t| t.partitions.iter().map(|p| (t.topic.0.to_string(), *p)))
            .collect()
    });
    let replicas = ctx.shard.gather_log_dirs(SHARD_ANSWER_MAX).await;
    let image = ctx.shard.image();
    let mut topics: BTreeMap<String, Vec<DescribeLogDirsPartition>> = BTreeMap::new();
    for r in replicas {
        let Some(name) = image.topic_by_id(r.key.topic_id).map(|t| t.name.clone()) else {
            continue;
        };
        if let Some(wanted) = &wanted {
            if !wanted.contains(&(name.clone(), r.key.partition)) {
                continue;
            }
        }
        topics.entry(name).or_default().push(
            DescribeLogDirsPartition::default()
                .with_partition_index(r.key.partition)
                .with_partition_size(i64::try_from(r.size_bytes).unwrap_or(i64::MAX))
                .with_offset_lag(r.offset_lag)
                .with_is_future_key(false),
        );
    }
    let topics = topics
        .into_iter()
        .map(|(name, mut partitions)| {
            partitions.sort_by_key(|p| p.partition_index);
            DescribeLogDirsTopic::default()
                .with_name(topic_name(&name))
                .with_partitions(partitions)
        })
        .collect();
    let dir = ctx.shard.log_dir();
    let dir = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    // -1: unknown (Kafka's default for the fields).
    let (total, usable) = runtime::log_dirs::disk_space(&dir)
        .map(|(t, u)| {
            (
                i64::try_from(t).unwrap_or(i64::MAX),
                i64::try_from(u).unwrap_or(i64::MAX),
            )
        })
        .unwrap_or((-1, -1));
    let result = DescribeLogDirsResult::default()
        .with_log_dir(str_bytes(dir.to_string_lossy().into_owned()))
        .with_topics(topics)
        .with_total_bytes(total)
        .with_usable_bytes(usable);
    DescribeLogDirsResponse::default().with_results(vec![result])
}
