//! DeleteRecords (key 21), v0–2: advances each partition's log start offset on its owner
//! (`offset` -1 = the high watermark) and answers the new low watermark. Out-of-range offsets
//! and storage failures come back from the owner as error codes.
//!
//! Records of internal topics cannot be deleted (Kafka allows it only to its own admin
//! client id, which a handler here does not see). `timeout_ms` is not needed: with one
//! replica the low watermark is known once the owner answers.

use crate::route::{self, Work};
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
    let mut slots = Vec::new();
    let mut work = Vec::new();
    for topic in req.topics {
        let name = topic.name.0.to_string();
        let internal = model::is_internal_topic(&name);
        let mut partitions = Vec::with_capacity(topic.partitions.len());
        for p in topic.partitions {
            let slot = slots.len();
            slots.push((topics.len(), partitions.len()));
            let mut response = DeleteRecordsPartitionResult::default()
                .with_partition_index(p.partition_index)
                .with_low_watermark(-1);
            let located = route::locate(&image, &name, p.partition_index);
            match located {
                Ok(_) if internal => response.error_code = ErrorCode::InvalidTopicException.code(),
                Ok((key, owner)) => work.push(Work {
                    slot,
                    owner,
                    key,
                    op: PartitionOp::DeleteRecords { offset: p.offset },
                }),
                Err(code) => response.error_code = code.code(),
            }
            partitions.push(response);
        }
        topics.push(
            DeleteRecordsTopicResult::default()
                .with_name(topic_name(&name))
                .with_partitions(partitions),
        );
    }
    for (slot, result) in route::run(&ctx.shard, work, None).await {
        let (t, p) = slots[slot];
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
