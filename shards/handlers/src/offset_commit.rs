//! OffsetCommit (key 8), v2–9: partitions of unknown topics are answered
//! UNKNOWN_TOPIC_OR_PARTITION here (as Kafka's request handler does); the rest go to the group's
//! coordinator, which answers only after the commit is durable. The response is ordered as
//! Kafka's builder orders it: the refused partitions first, then the coordinator's answers merged
//! into their topics.

use crate::groups::{call, opt_string};
use crate::util::topic_name;
use crate::Handlers;
use group::{OffsetCommitPartition, OffsetCommitRequest as Commit, OffsetCommitTopic};
use kafka_protocol::messages::offset_commit_response::{
    OffsetCommitResponsePartition, OffsetCommitResponseTopic,
};
use kafka_protocol::messages::{OffsetCommitRequest, OffsetCommitResponse};
use model::ErrorCode;
use runtime::groups::{GroupOp, GroupReply};
use std::rc::Rc;

pub async fn handle(
    ctx: &Rc<Handlers>,
    req: OffsetCommitRequest,
    version: i16,
) -> OffsetCommitResponse {
    let image = ctx.shard.image();
    let group_id = req.group_id.0.to_string();
    let mut response = Vec::new();
    let mut known: Vec<OffsetCommitTopic> = Vec::new();
    for t in &req.topics {
        let name = t.name.0.to_string();
        let topic = image.topic(&name);
        let mut commits = Vec::new();
        for p in &t.partitions {
            if topic.is_some_and(|t| t.partitions.contains_key(&p.partition_index)) {
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
            } else {
                add(
                    &mut response,
                    &name,
                    p.partition_index,
                    ErrorCode::UnknownTopicOrPartition,
                );
            }
        }
        if !commits.is_empty() {
            known.push(OffsetCommitTopic {
                name,
                partitions: commits,
            });
        }
    }
    if known.is_empty() {
        return OffsetCommitResponse::default().with_topics(response);
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
        topics: known.clone(),
    };
    match call(ctx, &group_id, GroupOp::OffsetCommit(commit)).await {
        Ok(GroupReply::OffsetCommit(results)) => {
            for t in results {
                for p in t.partitions {
                    add(&mut response, &t.name, p.partition, p.error_code);
                }
            }
        }
        other => {
            let code = match other {
                Err(code) => code,
                Ok(_) => ErrorCode::UnknownServerError,
            };
            for t in known {
                for p in t.partitions {
                    add(&mut response, &t.name, p.partition, code);
                }
            }
        }
    }
    OffsetCommitResponse::default().with_topics(response)
}

/// Appends a partition's answer to its topic's entry, adding the topic at the end the first
/// time it appears.
fn add(
    response: &mut Vec<OffsetCommitResponseTopic>,
    topic: &str,
    partition: i32,
    code: ErrorCode,
) {
    let at = match response.iter().position(|t| t.name.0.as_str() == topic) {
        Some(at) => at,
        None => {
            response.push(OffsetCommitResponseTopic::default().with_name(topic_name(topic)));
            response.len() - 1
        }
    };
    response[at].partitions.push(
        OffsetCommitResponsePartition::default()
            .with_partition_index(partition)
            .with_error_code(code.code()),
    );
}
