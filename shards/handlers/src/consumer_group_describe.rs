//! ConsumerGroupDescribe (key 69), v0–1: KIP-848 groups with epochs, members, their current
//! and target assignments; each group described by its own coordinator.

use crate::groups::call;
use crate::util::{str_bytes, topic_name, uuid, AUTHORIZED_OPERATIONS_OMITTED};
use crate::Handlers;
use group::DescribedTopicPartitions;
use kafka_protocol::messages::consumer_group_describe_response::{
    Assignment, DescribedGroup, Member, TopicPartitions,
};
use kafka_protocol::messages::{
    ConsumerGroupDescribeRequest, ConsumerGroupDescribeResponse, GroupId,
};
use model::ErrorCode;
use runtime::groups::{GroupOp, GroupReply};
use std::rc::Rc;

/// ConsumerGroupDescribe v1's `member_type` of a KIP-848 member.
const MEMBER_TYPE_CONSUMER: i8 = 1;

pub async fn handle(
    ctx: &Rc<Handlers>,
    req: ConsumerGroupDescribeRequest,
    version: i16,
) -> ConsumerGroupDescribeResponse {
    let described = req
        .group_ids
        .iter()
        .map(|id| describe(ctx, id.0.to_string(), version));
    let groups = futures::future::join_all(described).await;
    ConsumerGroupDescribeResponse::default().with_groups(groups)
}

async fn describe(ctx: &Rc<Handlers>, group_id: String, version: i16) -> DescribedGroup {
    let out = DescribedGroup::default()
        .with_group_id(GroupId(str_bytes(group_id.clone())))
        .with_authorized_operations(AUTHORIZED_OPERATIONS_OMITTED);
    let op = GroupOp::ConsumerDescribe(vec![group_id.clone()]);
    let g = match call(ctx, &group_id, op).await {
        Ok(GroupReply::ConsumerDescribe(mut groups)) if groups.len() == 1 => groups.remove(0),
        Ok(_) => return out.with_error_code(ErrorCode::UnknownServerError.code()),
        Err(code) => return out.with_error_code(code.code()),
    };
    out.with_error_code(g.error_code.code())
        .with_error_message(g.error_message.map(str_bytes))
        .with_group_state(str_bytes(g.group_state))
        .with_group_epoch(g.group_epoch)
        .with_assignment_epoch(g.assignment_epoch)
        .with_assignor_name(str_bytes(g.assignor_name))
        .with_members(
            g.members
                .into_iter()
                .map(|m| {
                    let mut member = Member::default()
                        .with_member_id(str_bytes(m.member_id))
                        .with_instance_id(m.instance_id.map(str_bytes))
                        .with_rack_id(m.rack_id.map(str_bytes))
                        .with_member_epoch(m.member_epoch)
                        .with_client_id(str_bytes(m.client_id))
                        .with_client_host(str_bytes(m.client_host))
                        .with_subscribed_topic_names(
                            m.subscribed_topic_names
                                .iter()
                                .map(|n| topic_name(n))
                                .collect(),
                        )
                        .with_subscribed_topic_regex(m.subscribed_topic_regex.map(str_bytes))
                        .with_assignment(assignment(m.assignment))
                        .with_target_assignment(assignment(m.target_assignment));
                    if version >= 1 {
                        member.member_type = MEMBER_TYPE_CONSUMER;
                    }
                    member
                })
                .collect(),
        )
}

fn assignment(partitions: Vec<DescribedTopicPartitions>) -> Assignment {
    Assignment::default().with_topic_partitions(
        partitions
            .into_iter()
            .map(|tp| {
                TopicPartitions::default()
                    .with_topic_id(uuid(tp.topic_id))
                    .with_topic_name(topic_name(&tp.topic_name))
                    .with_partitions(tp.partitions)
            })
            .collect(),
    )
}
