//! ListOffsets (key 2), v1–9: earliest, latest, by timestamp, max timestamp.

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
            if let Err(code) = fanout.add(&image, at, &name, p.partition_index, op) {
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
