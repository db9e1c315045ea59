//! DescribeTopicPartitions (key 75), v0: topics (by name, or all when the list is empty) with
//! their partitions, paginated by `response_partition_limit` and a cursor, as Kafka's
//! `DescribeTopicPartitionsRequestHandler` and `KRaftMetadataCache.describeTopicResponse`.
//!
//! Topics are answered in name order from the cursor's topic on. When listing all topics,
//! missing ones are skipped; named ones that do not exist get UNKNOWN_TOPIC_OR_PARTITION (or
//! INVALID_TOPIC_EXCEPTION for an illegal name). Partitions show KIP-966's eligible leader
//! replicas and last known ELR, and as offline the replicas whose broker is fenced or not
//! registered.

use crate::auth::Authz;
use crate::util::{broker, topic_name, uuid};
use crate::Handlers;
use kafka_protocol::messages::describe_topic_partitions_response::{
    Cursor, DescribeTopicPartitionsResponsePartition, DescribeTopicPartitionsResponseTopic,
};
use kafka_protocol::messages::{DescribeTopicPartitionsRequest, DescribeTopicPartitionsResponse};
use metadata::acl::{AclOperation, ResourceType};
use metadata::{Image, PartitionImage, TopicImage};
use model::{validate_topic_name, ErrorCode, TopicId};
use std::collections::BTreeSet;
use std::rc::Rc;

/// Kafka's `max.request.partition.size.limit` default: the most partitions one response
/// carries, whatever the client asks, so one response stays a bounded size.
const RESPONSE_PARTITIONS_MAX: i32 = 2000;

/// Topic operations Kafka reports as authorized when no authorizer is configured
/// (`AclEntry.supportedOperations(TOPIC)`): READ, WRITE, CREATE, DELETE, ALTER, DESCRIBE,
/// DESCRIBE_CONFIGS, ALTER_CONFIGS, as a bit per `AclOperation` code.
const TOPIC_OPERATIONS_ALL: i32 =
    (1 << 3) | (1 << 4) | (1 << 5) | (1 << 6) | (1 << 7) | (1 << 8) | (1 << 10) | (1 << 11);

pub async fn handle(
    ctx: &Rc<Handlers>,
    req: DescribeTopicPartitionsRequest,
    _version: i16,
    auth: &Authz<'_>,
) -> DescribeTopicPartitionsResponse {
    let image = ctx.shard.image();
    // Topics the caller may not describe: left out of a listing of all topics, answered
    // TOPIC_AUTHORIZATION_FAILED when named (whether they exist or not), as Kafka.
    let mut unauthorized = Vec::new();
    let mut authorized = |name: &str| {
        let ok = auth.topic(AclOperation::Describe, name);
        if !ok && !req.topics.is_empty() {
            unauthorized.push(name.to_string());
        }
        ok
    };
    let mut response = match describe(&image, &req, &mut authorized) {
        Ok(response) => response,
        Err(code) => return error_response(&req, code),
    };
    for t in &mut response.topics {
        if let Some(name) = &t.name {
            t.topic_authorized_operations = auth.operations(ResourceType::Topic, name);
        }
    }
    for name in unauthorized {
        response.topics.push(
            DescribeTopicPartitionsResponseTopic::default()
                .with_error_code(ErrorCode::TopicAuthorizationFailed.code())
                .with_name(Some(topic_name(&name))),
        );
    }
    response
}

fn describe(
    image: &Image,
    req: &DescribeTopicPartitionsRequest,
    authorized: &mut dyn FnMut(&str) -> bool,
) -> Result<DescribeTopicPartitionsResponse, ErrorCode> {
    let all = req.topics.is_empty();
    let cursor = req
        .cursor
        .as_ref()
        .map(|c| (c.topic_name.0.to_string(), c.partition_index));
    let from = cursor.as_ref().map_or("", |(name, _)| name.as_str());
    let names: BTreeSet<String> = if all {
        image
            .topics()
            .map(|t| t.name.clone())
            .filter(|n| n.as_str() >= from)
            .collect()
    } else {
        req.topics
            .iter()
            .map(|t| t.name.0.to_string())
            .filter(|n| n.as_str() >= from)
            .collect()
    };
    if let Some((name, partition)) = &cursor {
        if (!all && !names.contains(name)) || *partition < 0 {
            return Err(ErrorCode::InvalidRequest);
        }
    }
    let names: BTreeSet<String> = names.into_iter().filter(|n| authorized(n)).collect();
    let start = |name: &str| match &cursor {
        Some((c, p)) if c == name => *p,
        _ => 0,
    };
    let limit = req
        .response_partition_limit
        .clamp(1, RESPONSE_PARTITIONS_MAX);
    Ok(page(image, names, start, limit, all))
}

/// Kafka's `describeTopicResponse`: topics in order until `limit` partitions are out; the
/// cursor points where the next page starts.
fn page(
    image: &Image,
    names: BTreeSet<String>,
    start: impl Fn(&str) -> i32,
    limit: i32,
    all: bool,
) -> DescribeTopicPartitionsResponse {
    let mut response = DescribeTopicPartitionsResponse::default();
    let mut remaining = limit;
    for name in names {
        if remaining == 0 {
            response.next_cursor = Some(cursor(&name, 0));
            break;
        }
        let Some(topic) = image.topic(&name) else {
            if !all {
                response.topics.push(missing_topic(&name));
            }
            continue;
        };
        let (partitions, next) = partitions(image, topic, start(&name), remaining);
        remaining -= partitions.len() as i32;
        response.topics.push(topic_result(topic, partitions));
        if let Some(next) = next {
            response.next_cursor = Some(cursor(&name, next));
            break;
        }
    }
    response
}

/// Partitions `[start, start + max)` of a topic, and the next index when more remain.
fn partitions(
    image: &Image,
    topic: &TopicImage,
    start: i32,
    max: i32,
) -> (Vec<DescribeTopicPartitionsResponsePartition>, Option<i32>) {
    let count = i32::try_from(topic.partitions.len()).unwrap_or(i32::MAX);
    let upper = count.min(start.saturating_add(max));
    let next = (upper < count).then_some(upper);
    let list = topic
        .partitions
        .range(start..upper.max(start))
        .map(|(i, p)| partition_result(image, *i, p))
        .collect();
    (list, next)
}

fn partition_result(
    image: &Image,
    index: i32,
    p: &PartitionImage,
) -> DescribeTopicPartitionsResponsePartition {
    let leader_known = p.leader.0 >= 0;
    DescribeTopicPartitionsResponsePartition::default()
        .with_error_code(
            if leader_known {
                ErrorCode::None
            } else {
                ErrorCode::LeaderNotAvailable
            }
            .code(),
        )
        .with_partition_index(index)
        .with_leader_id(broker(if leader_known { p.leader.0 } else { -1 }))
        .with_leader_epoch(p.leader_epoch.0)
        .with_replica_nodes(p.replicas.iter().map(|n| broker(n.0)).collect())
        .with_isr_nodes(p.isr.iter().map(|n| broker(n.0)).collect())
        .with_eligible_leader_replicas(Some(p.elr.iter().map(|n| broker(n.0)).collect()))
        .with_last_known_elr(Some(p.last_known_elr.iter().map(|n| broker(n.0)).collect()))
        .with_offline_replicas(
            crate::metadata::offline_replicas(image, p)
                .map(|n| broker(n.0))
                .collect(),
        )
}

fn topic_result(
    topic: &TopicImage,
    partitions: Vec<DescribeTopicPartitionsResponsePartition>,
) -> DescribeTopicPartitionsResponseTopic {
    DescribeTopicPartitionsResponseTopic::default()
        .with_name(Some(topic_name(&topic.name)))
        .with_topic_id(uuid(topic.id))
        .with_is_internal(model::is_internal_topic(&topic.name))
        .with_partitions(partitions)
        .with_topic_authorized_operations(TOPIC_OPERATIONS_ALL)
}

fn missing_topic(name: &str) -> DescribeTopicPartitionsResponseTopic {
    let code = match validate_topic_name(name) {
        Ok(()) => ErrorCode::UnknownTopicOrPartition,
        Err(_) => ErrorCode::InvalidTopicException,
    };
    DescribeTopicPartitionsResponseTopic::default()
        .with_error_code(code.code())
        .with_name(Some(topic_name(name)))
        .with_topic_id(uuid(TopicId::ZERO))
        .with_topic_authorized_operations(TOPIC_OPERATIONS_ALL)
}

fn cursor(name: &str, partition_index: i32) -> Cursor {
    Cursor::default()
        .with_topic_name(topic_name(name))
        .with_partition_index(partition_index)
}

/// Kafka's `getErrorResponse`: every requested topic with the error.
fn error_response(
    req: &DescribeTopicPartitionsRequest,
    code: ErrorCode,
) -> DescribeTopicPartitionsResponse {
    let topics = req
        .topics
        .iter()
        .map(|t| {
            DescribeTopicPartitionsResponseTopic::default()
                .with_name(Some(t.name.clone()))
                .with_error_code(code.code())
        })
        .collect();
    DescribeTopicPartitionsResponse::default().with_topics(topics)
}

#[cfg(test)]
mod tests {
    use super::*;
    use kafka_protocol::messages::describe_topic_partitions_request::{
        self as request, TopicRequest,
    };
    use metadata::MetadataRecord;
    use model::{LeaderEpoch, NodeId, ShardId};

    fn image(topics: &[(&str, i32)]) -> Image {
        let mut records = Vec::new();
        for (n, (name, count)) in topics.iter().enumerate() {
            let id = TopicId([n as u8 + 1; 16]);
            records.push(MetadataRecord::Topic {
                name: name.to_string(),
                id,
            });
            for p in 0..*count {
                records.push(partition_record(id, p));
            }
        }
        Image::from_records(1, 1, &records)
    }

    fn partition_record(topic_id: TopicId, partition: i32) -> MetadataRecord {
        MetadataRecord::Partition {
            topic_id,
            partition,
            leader: NodeId(1),
            leader_epoch: LeaderEpoch(0),
            replicas: vec![NodeId(1)],
            isr: vec![NodeId(1)],
            shard: ShardId(0),
            partition_epoch: 0,
            shards: vec![],
            elr: vec![],
            last_known_elr: vec![],
            leader_recovery_state: 0,
            adding_replicas: vec![],
            removing_replicas: vec![],
        }
    }

    fn request(
        names: &[&str],
        limit: i32,
        cursor: Option<(&str, i32)>,
    ) -> DescribeTopicPartitionsRequest {
        DescribeTopicPartitionsRequest::default()
            .with_topics(
                names
                    .iter()
                    .map(|n| TopicRequest::default().with_name(topic_name(n)))
                    .collect(),
            )
            .with_response_partition_limit(limit)
            .with_cursor(cursor.map(|(n, p)| {
                request::Cursor::default()
                    .with_topic_name(topic_name(n))
                    .with_partition_index(p)
            }))
    }

    fn shape(r: &DescribeTopicPartitionsResponse) -> Vec<(String, i16, Vec<i32>)> {
        r.topics
            .iter()
            .map(|t| {
                let name = t.name.as_ref().map_or(String::new(), |n| n.0.to_string());
                (
                    name,
                    t.error_code,
                    t.partitions.iter().map(|p| p.partition_index).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn all_topics_are_paged_by_partition_limit() {
        let image = image(&[("a", 3), ("b", 2)]);
        let first = describe(&image, &request(&[], 2, None), &mut |_| true).unwrap();
        assert_eq!(shape(&first), vec![("a".to_string(), 0, vec![0, 1])]);
        let next = first.next_cursor.unwrap();
        assert_eq!((next.topic_name.0.as_str(), next.partition_index), ("a", 2));
        let second = describe(&image, &request(&[], 2, Some(("a", 2))), &mut |_| true).unwrap();
        assert_eq!(
            shape(&second),
            vec![("a".to_string(), 0, vec![2]), ("b".to_string(), 0, vec![0])]
        );
        let next = second.next_cursor.unwrap();
        assert_eq!((next.topic_name.0.as_str(), next.partition_index), ("b", 1));
        let last = describe(&image, &request(&[], 10, Some(("b", 1))), &mut |_| true).unwrap();
        assert_eq!(shape(&last), vec![("b".to_string(), 0, vec![1])]);
        assert!(last.next_cursor.is_none());
    }

    #[test]
    fn a_full_page_ending_on_a_topic_boundary_points_at_the_next_topic() {
        let image = image(&[("a", 2), ("b", 1)]);
        let r = describe(&image, &request(&[], 2, None), &mut |_| true).unwrap();
        assert_eq!(shape(&r), vec![("a".to_string(), 0, vec![0, 1])]);
        let next = r.next_cursor.unwrap();
        assert_eq!((next.topic_name.0.as_str(), next.partition_index), ("b", 0));
    }

    #[test]
    fn named_topics_that_are_missing_or_illegal_get_errors() {
        let image = image(&[("a", 1)]);
        let r = describe(
            &image,
            &request(&["zz", "a", "b@d"], 100, None),
            &mut |_| true,
        )
        .unwrap();
        assert_eq!(
            shape(&r),
            vec![
                ("a".to_string(), 0, vec![0]),
                (
                    "b@d".to_string(),
                    ErrorCode::InvalidTopicException.code(),
                    vec![]
                ),
                (
                    "zz".to_string(),
                    ErrorCode::UnknownTopicOrPartition.code(),
                    vec![]
                ),
            ]
        );
    }

    #[test]
    fn a_cursor_must_name_a_requested_topic_and_a_valid_partition() {
        let image = image(&[("a", 1)]);
        assert_eq!(
            describe(&image, &request(&["a"], 10, Some(("b", 0))), &mut |_| true).unwrap_err(),
            ErrorCode::InvalidRequest
        );
        assert_eq!(
            describe(&image, &request(&[], 10, Some(("a", -1))), &mut |_| true).unwrap_err(),
            ErrorCode::InvalidRequest
        );
    }
}
