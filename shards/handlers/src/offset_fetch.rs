//! OffsetFetch (key 9), v1–9: one group (v1–7) or a batch of groups (v8+), each answered by its
//! coordinator. With `require_stable` (v7+), a partition whose offsets are pending in a
//! transaction answers UNSTABLE_OFFSET_COMMIT.

use crate::groups::call;
use crate::util::{str_bytes, topic_name};
use crate::Handlers;
use group::{OffsetFetchRequest as Fetch, OffsetFetchResponse as Fetched, TopicPartitions};
use kafka_protocol::messages::offset_fetch_response::{
    OffsetFetchResponseGroup, OffsetFetchResponsePartition, OffsetFetchResponsePartitions,
    OffsetFetchResponseTopic, OffsetFetchResponseTopics,
};
use kafka_protocol::messages::{GroupId, OffsetFetchRequest, OffsetFetchResponse};
use model::ErrorCode;
use runtime::groups::{GroupOp, GroupReply};
use std::rc::Rc;

pub async fn handle(
    ctx: &Rc<Handlers>,
    req: OffsetFetchRequest,
    version: i16,
) -> OffsetFetchResponse {
    if version >= 8 {
        let fetches = req.groups.iter().map(|g| {
            let topics = g.topics.as_ref().map(|ts| {
                ts.iter()
                    .map(|t| TopicPartitions {
                        name: t.name.0.to_string(),
                        partitions: t.partition_indexes.clone(),
                    })
                    .collect()
            });
            let member = (version >= 9)
                .then(|| (g.member_id.as_ref().map(|m| m.to_string()), g.member_epoch));
            fetch(
                ctx,
                g.group_id.0.to_string(),
                topics,
                member,
                req.require_stable,
            )
        });
        let groups = futures::future::join_all(fetches).await;
        let groups = req
            .groups
            .iter()
            .zip(groups)
            .map(|(g, r)| group_response(g.group_id.clone(), r))
            .collect();
        return OffsetFetchResponse::default().with_groups(groups);
    }
    let topics = req.topics.as_ref().map(|ts| {
        ts.iter()
            .map(|t| TopicPartitions {
                name: t.name.0.to_string(),
                partitions: t.partition_indexes.clone(),
            })
            .collect::<Vec<_>>()
    });
    let requested = topics.clone();
    let stable = version >= 7 && req.require_stable;
    let mut r = fetch(ctx, req.group_id.0.to_string(), topics, None, stable).await;
    if version < 2 && !r.error_code.is_none() {
        // v1 has no top-level error: every requested partition carries it.
        r.topics = requested
            .unwrap_or_default()
            .into_iter()
            .map(|t| group::OffsetFetchTopic {
                name: t.name,
                partitions: t
                    .partitions
                    .into_iter()
                    .map(|p| unfetched(p, r.error_code))
                    .collect(),
            })
            .collect();
    }
    let mut response = OffsetFetchResponse::default().with_topics(
        r.topics
            .into_iter()
            .map(|t| {
                OffsetFetchResponseTopic::default()
                    .with_name(topic_name(&t.name))
                    .with_partitions(
                        t.partitions
                            .into_iter()
                            .map(|p| {
                                let mut out = OffsetFetchResponsePartition::default()
                                    .with_partition_index(p.partition)
                                    .with_committed_offset(p.offset)
                                    .with_metadata(Some(str_bytes(p.metadata)))
                                    .with_error_code(p.error_code.code());
                                if version >= 5 {
                                    out.committed_leader_epoch = p.leader_epoch;
                                }
                                out
                            })
                            .collect(),
                    )
            })
            .collect(),
    );
    if version >= 2 {
        response.error_code = r.error_code.code();
    }
    response
}

fn unfetched(partition: i32, code: ErrorCode) -> group::OffsetFetchPartition {
    group::OffsetFetchPartition {
        partition,
        offset: -1,
        leader_epoch: -1,
        metadata: String::new(),
        error_code: code,
    }
}

/// `member`: v9's member id and epoch (KIP-848 members fetch as members).
async fn fetch(
    ctx: &Rc<Handlers>,
    group_id: String,
    topics: Option<Vec<TopicPartitions>>,
    member: Option<(Option<String>, i32)>,
    require_stable: bool,
) -> Fetched {
    let (member_id, member_epoch) = member.unwrap_or((None, -1));
    let fetch = Fetch {
        group_id: group_id.clone(),
        topics,
        member_id,
        member_epoch,
    };
    let op = if require_stable {
        GroupOp::OffsetFetchStable(fetch)
    } else {
        GroupOp::OffsetFetch(fetch)
    };
    let failed = |error_code| Fetched {
        error_code,
        topics: Vec::new(),
    };
    match call(ctx, &group_id, op).await {
        Ok(GroupReply::OffsetFetch(r)) => r,
        Ok(_) => failed(ErrorCode::UnknownServerError),
        Err(code) => failed(code),
    }
}

fn group_response(group_id: GroupId, r: Fetched) -> OffsetFetchResponseGroup {
    OffsetFetchResponseGroup::default()
        .with_group_id(group_id)
        .with_error_code(r.error_code.code())
        .with_topics(
            r.topics
                .into_iter()
                .map(|t| {
                    OffsetFetchResponseTopics::default()
                        .with_name(topic_name(&t.name))
                        .with_partitions(
                            t.partitions
                                .into_iter()
                                .map(|p| {
                                    OffsetFetchResponsePartitions::default()
                                        .with_partition_index(p.partition)
                                        .with_committed_offset(p.offset)
                                        .with_committed_leader_epoch(p.leader_epoch)
                                        .with_metadata(Some(str_bytes(p.metadata)))
                                        .with_error_code(p.error_code.code())
                                })
                                .collect(),
                        )
                })
                .collect(),
        )
}
