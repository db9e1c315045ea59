//! OffsetForLeaderEpoch (key 23), v2–4: for each partition, the largest epoch at or below the
//! requested one and the offset where it ended, from the owner's leader-epoch cache, after
//! checking `current_leader_epoch` (FENCED_LEADER_EPOCH / UNKNOWN_LEADER_EPOCH).
//!
//! `replica_id` (v3+) is not needed: every caller is served by the leader, which this node is
//! for all of its partitions.

use crate::route::Fanout;
use crate::util::topic_name;
use crate::Handlers;
use kafka_protocol::messages::offset_for_leader_epoch_response::{
    EpochEndOffset, OffsetForLeaderTopicResult,
};
use kafka_protocol::messages::{OffsetForLeaderEpochRequest, OffsetForLeaderEpochResponse};
use model::ErrorCode;
use runtime::{PartitionOp, PartitionResult};
use std::rc::Rc;

/// Kafka's `UNDEFINED_EPOCH` and `UNDEFINED_EPOCH_OFFSET`, answered with errors.
const EPOCH_UNDEFINED: i32 = -1;
const OFFSET_UNDEFINED: i64 = -1;

pub async fn handle(
    ctx: &Rc<Handlers>,
    req: OffsetForLeaderEpochRequest,
    _version: i16,
) -> OffsetForLeaderEpochResponse {
    let image = ctx.shard.image();
    let mut topics = Vec::with_capacity(req.topics.len());
    let mut fanout = Fanout::default();
    for topic in req.topics {
        let name = topic.topic.0.to_string();
        let mut partitions = Vec::with_capacity(topic.partitions.len());
        for p in topic.partitions {
            let at = (topics.len(), partitions.len());
            let mut response = EpochEndOffset::default()
                .with_partition(p.partition)
                .with_leader_epoch(EPOCH_UNDEFINED)
                .with_end_offset(OFFSET_UNDEFINED);
            let op = PartitionOp::EpochEndOffset {
                leader_epoch: p.leader_epoch,
                current_leader_epoch: p.current_leader_epoch,
            };
            if let Err(code) = fanout.add(&image, at, &name, p.partition, op) {
                response.error_code = code.code();
            }
            partitions.push(response);
        }
        topics.push(
            OffsetForLeaderTopicResult::default()
                .with_topic(topic_name(&name))
                .with_partitions(partitions),
        );
    }
    for ((t, p), result) in fanout.run(&ctx.shard).await {
        let response = &mut topics[t].partitions[p];
        match result {
            PartitionResult::EpochEndOffset(Ok((epoch, end_offset))) => {
                response.leader_epoch = epoch;
                response.end_offset = end_offset;
            }
            PartitionResult::EpochEndOffset(Err(code)) => response.error_code = code.code(),
            _ => response.error_code = ErrorCode::UnknownServerError.code(),
        }
    }
    OffsetForLeaderEpochResponse::default().with_topics(topics)
}
