//! OffsetCommit (key 8), v2–9: partitions of unknown topics are answered
//! UNKNOWN_TOPIC_OR_PARTITION here (as Kafka's request handler does); the rest go to the group's
//! coordinator, which answers only after the commit is durable.

use crate::groups::{call, codes_by_partition, opt_string};
use crate::util::topic_name;
use crate::Handlers;
use group::{OffsetCommitPartition, OffsetCommitRequest as Commit, OffsetCommitTopic};
use kafka_protocol::messages::offset_commit_response::{
    OffsetCommitResponsePartition, OffsetCommitResponseTopic,
};
use kafka_protocol::messages::{OffsetCommitRequest, OffsetCommitResponse};
use model::ErrorCode;
use runtime::groups::{GroupOp, GroupReply};
use std::collections::HashMap;
use std::rc::Rc;

pub async fn handle(
    ctx: &Rc<Handlers>,
    req: OffsetCommitRequest,
    version: i16,
) -> OffsetCommitResponse {
    let image = ctx.shard.image();
    let group_id = req.group_id.0.to_string();
    let mut topics = Vec::with_capacity(req.topics.len());
    let mut known: Vec<OffsetCommitTopic> = Vec::new();
    for t in &req.topics {
        let name = t.name.0.to_string();
        let topic = image.topic(&name);
        let mut partitions = Vec::with_capacity(t.partitions.len());
        let mut commits = Vec::new();
        for p in &t.partitions {
            let exists = topic.is_some_and(|t| t.partitions.contains_key(&p.partition_index));
            let code = if exists {
                commits.push(OffsetCommitPartition {
                    partition: p.partition_index,
                    offset: p.committed_offset,
                    leader_epoch: if version >= 6 {
                        p.committed_leader_epoch
                    } else {
                        -1
                    },
                    metadata: opt_string(&p.committed_metadata),
                    commit_timestamp_ms: group::DEFAULT_COMMIT_TIMESTAMP_MS,
                });
                ErrorCode::None
            } else {
                ErrorCode::UnknownTopicOrPartition
            };
            partitions.push(
                OffsetCommitResponsePartition::default()
                    .with_partition_index(p.partition_index)
                    .with_error_code(code.code()),
            );
        }
        if !commits.is_empty() {
            known.push(OffsetCommitTopic {
                name: name.clone(),
                partitions: commits,
            });
        }
        topics.push(
            OffsetCommitResponseTopic::default()
                .with_name(topic_name(&name))
                .with_partitions(partitions),
        );
    }
    if known.is_empty() {
        return OffsetCommitResponse::default().with_topics(topics);
    }
    let commit = Commit {
        api_version: version,
        group_id: group_id.clone(),
        generation_id: req.generation_id_or_member_epoch,
        member_id: req.member_id.to_string(),
        group_instance_id: opt_string(&req.group_instance_id),
        retention_time_ms: if version <= 4 {
            req.retention_time_ms
        } else {
            group::DEFAULT_RETENTION_TIME_MS
        },
        topics: known,
    };
    let codes: Result<HashMap<(String, i32), ErrorCode>, ErrorCode> =
        match call(ctx, &group_id, GroupOp::OffsetCommit(commit)).await {
            Ok(GroupReply::OffsetCommit(results)) => Ok(codes_by_partition(results)),
            Ok(_) => Err(ErrorCode::UnknownServerError),
            Err(code) => Err(code),
        };
    for t in &mut topics {
        let name = t.name.0.to_string();
        for p in &mut t.partitions {
            if p.error_code != 0 {
                continue;
            }
            let code = match &codes {
                Ok(codes) => codes
                    .get(&(name.clone(), p.partition_index))
                    .copied()
                    .unwrap_or(ErrorCode::UnknownServerError),
                Err(code) => *code,
            };
            p.error_code = code.code();
        }
    }
    OffsetCommitResponse::default().with_topics(topics)
}
