//! ListOffsets (key 2), v1–9: earliest, latest, by timestamp, max timestamp.
//!
//! As Kafka's ReplicaManager.fetchOffset: a partition named twice in one request answers
//! INVALID_REQUEST, and a negative timestamp that is not one of the specials, or a special the
//! request's version predates, answers UNSUPPORTED_VERSION; neither reaches the partition.

use crate::route::Fanout;
use crate::util::topic_name;
use crate::Handlers;
use kafka_protocol::messages::list_offsets_response::{
    ListOffsetsPartitionResponse, ListOffsetsTopicResponse,
};
use kafka_protocol::messages::{ListOffsetsRequest, ListOffsetsResponse};
use model::ErrorCode;
use runtime::{PartitionOp, PartitionResult};
use std::rc::Rc;

pub async fn handle(
    ctx: &Rc<Handlers>,
    req: ListOffsetsRequest,
    version: i16,
) -> ListOffsetsResponse {
    let image = ctx.shard.image();
    let mut named = std::collections::HashMap::<(&str, i32), usize>::new();
    for topic in &req.topics {
        for p in &topic.partitions {
            *named.entry((&topic.name.0, p.partition_index)).or_default() += 1;
        }
    }
    let duplicated: std::collections::HashSet<(String, i32)> = named
        .into_iter()
        .filter(|(_, n)| *n > 1)
        .map(|((name, index), _)| (name.to_string(), index))
        .collect();
    let mut topics = Vec::with_capacity(req.topics.len());
    let mut fanout = Fanout::default();
    for topic in req.topics {
        let name = topic.name.0.to_string();
        let mut partitions = Vec::with_capacity(topic.partitions.len());
        for p in topic.partitions {
            let at = (topics.len(), partitions.len());
            let mut response = ListOffsetsPartitionResponse::default()
                .with_partition_index(p.partition_index)
                .with_timestamp(-1)
                .with_offset(-1);
            let op = PartitionOp::ListOffsets {
                timestamp: p.timestamp,
                current_leader_epoch: if version >= 4 {
                    p.current_leader_epoch
                } else {
                    -1
                },
                from_replica: req.replica_id.0 >= 0,
                committed: version >= 2 && req.isolation_level == 1,
            };
            let refused = if duplicated.contains(&(name.clone(), p.partition_index)) {
                Some(ErrorCode::InvalidRequest)
            } else if timestamp_unsupported(p.timestamp, version) {
                Some(ErrorCode::UnsupportedVersion)
            } else {
                fanout.add(&image, at, &name, p.partition_index, op).err()
            };
            if let Some(code) = refused {
                response.error_code = code.code();
            }
            partitions.push(response);
        }
        topics.push(
            ListOffsetsTopicResponse::default()
                .with_name(topic_name(&name))
                .with_partitions(partitions),
        );
    }
    for ((t, p), result) in fanout.run(&ctx.shard).await {
        let response = &mut topics[t].partitions[p];
        match result {
            PartitionResult::ListOffsets(Ok((offset, timestamp, epoch))) => {
                response.offset = offset;
                response.timestamp = timestamp;
                if version >= 4 {
                    response.leader_epoch = epoch;
                }
            }
            PartitionResult::ListOffsets(Err(code)) => response.error_code = code.code(),
            _ => response.error_code = ErrorCode::UnknownServerError.code(),
        }
    }
    ListOffsetsResponse::default().with_topics(topics)
}

/// Kafka's `isListOffsetsTimestampUnsupported`: the specials and the version each came with.
fn timestamp_unsupported(timestamp: i64, version: i16) -> bool {
    let since = match timestamp {
        0.. => return false,
        runtime::ops::LIST_OFFSETS_LATEST | runtime::ops::LIST_OFFSETS_EARLIEST => 1,
        runtime::ops::LIST_OFFSETS_MAX_TIMESTAMP => 7,
        runtime::ops::LIST_OFFSETS_EARLIEST_LOCAL => 8,
        runtime::ops::LIST_OFFSETS_LATEST_TIERED => 9,
        _ => return true,
    };
    version < since
}

#[cfg(test)]
mod tests {
    use super::timestamp_unsupported;

    #[test]
    fn specials_need_the_version_that_brought_them() {
        assert!(!timestamp_unsupported(0, 1));
        assert!(!timestamp_unsupported(-1, 1));
        assert!(!timestamp_unsupported(-2, 1));
        assert!(timestamp_unsupported(-3, 6));
        assert!(!timestamp_unsupported(-3, 7));
        assert!(timestamp_unsupported(-4, 7));
        assert!(!timestamp_unsupported(-4, 8));
        assert!(timestamp_unsupported(-5, 8));
        assert!(!timestamp_unsupported(-5, 9));
        assert!(timestamp_unsupported(-6, 9));
        assert!(timestamp_unsupported(i64::MIN, 9));
    }
}
