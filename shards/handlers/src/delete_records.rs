//! DeleteRecords (key 21), v0–2: advances each partition's log start offset on its owner
//! (`offset` -1 = the high watermark) and answers the new low watermark. Out-of-range offsets
//! and storage failures come back from the owner as error codes.
//!
//! A compact-only topic (`cleanup.policy=compact`) answers POLICY_VIOLATION, as Kafka.
//! Records of internal topics cannot be deleted (Kafka allows it only to its own admin
//! client id, which a handler here does not see). `timeout_ms` is not needed: with one
//! replica the low watermark is known once the owner answers.

use crate::route::Fanout;
use crate::util::topic_name;
use crate::Handlers;
use kafka_protocol::messages::delete_records_response::{
    DeleteRecordsPartitionResult, DeleteRecordsTopicResult,
};
use kafka_protocol::messages::{DeleteRecordsRequest, DeleteRecordsResponse};
use model::ErrorCode;
use runtime::{PartitionOp, PartitionResult};
use std::rc::Rc;

pub async fn handle(
    ctx: &Rc<Handlers>,
    req: DeleteRecordsRequest,
    _version: i16,
) -> DeleteRecordsResponse {
    let image = ctx.shard.image();
    let mut topics = Vec::with_capacity(req.topics.len());
    let mut fanout = Fanout::default();
    for topic in req.topics {
        let name = topic.name.0.to_string();
        let internal = model::is_internal_topic(&name);
        // Kafka's `Partition.deleteRecordsOnLeader`: a topic without `delete` in its
        // cleanup.policy refuses it.
        let compact_only = !crate::metadata::topic_config(ctx, &image, &name)
            .cleanup_policy
            .delete;
        let mut partitions = Vec::with_capacity(topic.partitions.len());
        for p in topic.partitions {
            let at = (topics.len(), partitions.len());
            let mut response = DeleteRecordsPartitionResult::default()
                .with_partition_index(p.partition_index)
                .with_low_watermark(-1);
            let op = PartitionOp::DeleteRecords { offset: p.offset };
            let planned = if internal {
                Err(ErrorCode::InvalidTopicException)
            } else if compact_only && image.partition(&name, p.partition_index).is_some() {
                Err(ErrorCode::PolicyViolation)
            } else {
                fanout.add(&image, at, &name, p.partition_index, op)
            };
            if let Err(code) = planned {
                response.error_code = code.code();
            }
            partitions.push(response);
        }
        topics.push(
            DeleteRecordsTopicResult::default()
                .with_name(topic_name(&name))
                .with_partitions(partitions),
        );
    }
    for ((t, p), result) in fanout.run(&ctx.shard).await {
        let response = &mut topics[t].partitions[p];
        match result {
            PartitionResult::DeleteRecords(Ok(low_watermark)) => {
                response.low_watermark = low_watermark
            }
            PartitionResult::DeleteRecords(Err(code)) => response.error_code = code.code(),
            _ => response.error_code = ErrorCode::UnknownServerError.code(),
        }
    }
    DeleteRecordsResponse::default().with_topics(topics)
}
