//! OffsetDelete (key 47), v0: deletes committed offsets of partitions the group no longer
//! consumes (GROUP_SUBSCRIBED_TO_TOPIC while it does). Unknown topics are answered
//! UNKNOWN_TOPIC_OR_PARTITION here, as Kafka's request handler does.

use crate::groups::{call, codes_by_partition};
use crate::util::topic_name;
use crate::Handlers;
use group::{OffsetDeleteRequest as Delete, TopicPartitions};
use kafka_protocol::messages::offset_delete_response::{
    OffsetDeleteResponsePartition, OffsetDeleteResponseTopic,
};
use kafka_protocol::messages::{OffsetDeleteRequest, OffsetDeleteResponse};
use model::ErrorCode;
use runtime::groups::{GroupOp, GroupReply};
use std::collections::HashMap;
use std::rc::Rc;

pub async fn handle(
    ctx: &Rc<Handlers>,
    req: OffsetDeleteRequest,
    _version: i16,
) -> OffsetDeleteResponse {
    let image = ctx.shard.image();
    let group_id = req.group_id.0.to_string();
    let mut known = Vec::new();
    for t in &req.topics {
        let name = t.name.0.to_string();
        if let Some(topic) = image.topic(&name) {
            let partitions: Vec<i32> = t
                .partitions
                .iter()
                .map(|p| p.partition_index)
                .filter(|p| topic.partitions.contains_key(p))
                .collect();
            known.push(TopicPartitions { name, partitions });
        }
    }
    let op = GroupOp::OffsetDelete(Delete {
        group_id: group_id.clone(),
        topics: known,
    });
    let (top, codes) = match call(ctx, &group_id, op).await {
        Ok(GroupReply::OffsetDelete(r)) => (r.error_code, codes_by_partition(r.topics)),
        Ok(_) => (ErrorCode::UnknownServerError, HashMap::new()),
        Err(code) => (code, HashMap::new()),
    };
    if !top.is_none() {
        return OffsetDeleteResponse::default().with_error_code(top.code());
    }
    let topics = req
        .topics
        .iter()
        .map(|t| {
            let name = t.name.0.to_string();
            let partitions = t
                .partitions
                .iter()
                .map(|p| {
                    let code = codes
                        .get(&(name.clone(), p.partition_index))
                        .copied()
                        .unwrap_or(ErrorCode::UnknownTopicOrPartition);
                    OffsetDeleteResponsePartition::default()
                        .with_partition_index(p.partition_index)
                        .with_error_code(code.code())
                })
                .collect();
            OffsetDeleteResponseTopic::default()
                .with_name(topic_name(&name))
                .with_partitions(partitions)
        })
        .collect();
    OffsetDeleteResponse::default().with_topics(topics)
}
