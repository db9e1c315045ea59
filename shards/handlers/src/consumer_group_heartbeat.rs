//! ConsumerGroupHeartbeat (key 68), v0–1: KIP-848's one call for joining, heartbeating,
//! reconciling and leaving a `consumer` group; the coordinator assigns partitions itself.

use crate::groups::{call, opt_string};
use crate::util::{str_bytes, topic_id, uuid};
use crate::Handlers;
use group::{ConsumerGroupHeartbeatRequest as Beat, OwnedPartitions};
use kafka_protocol::messages::consumer_group_heartbeat_response::{Assignment, TopicPartitions};
use kafka_protocol::messages::{ConsumerGroupHeartbeatRequest, ConsumerGroupHeartbeatResponse};
use model::ErrorCode;
use runtime::groups::{GroupOp, GroupReply};
use std::net::IpAddr;
use std::rc::Rc;

pub async fn handle(
    ctx: &Rc<Handlers>,
    req: ConsumerGroupHeartbeatRequest,
    version: i16,
    client_id: &str,
    peer: IpAddr,
) -> ConsumerGroupHeartbeatResponse {
    let group_id = req.group_id.0.to_string();
    let beat = Beat {
        api_version: version,
        group_id: group_id.clone(),
        member_id: req.member_id.to_string(),
        member_epoch: req.member_epoch,
        instance_id: opt_string(&req.instance_id),
        rack_id: opt_string(&req.rack_id),
        rebalance_timeout_ms: req.rebalance_timeout_ms,
        subscribed_topic_names: req
            .subscribed_topic_names
            .as_ref()
            .map(|names| names.iter().map(|n| n.0.to_string()).collect()),
        subscribed_topic_regex: opt_string(&req.subscribed_topic_regex),
        server_assignor: opt_string(&req.server_assignor),
        topic_partitions: req.topic_partitions.as_ref().map(|tps| {
            tps.iter()
                .map(|tp| OwnedPartitions {
                    topic_id: topic_id(&tp.topic_id),
                    partitions: tp.partitions.clone(),
                })
                .collect()
        }),
        client_id: client_id.to_string(),
        client_host: format!("/{peer}"),
    };
    let r = match call(ctx, &group_id, GroupOp::ConsumerHeartbeat(beat)).await {
        Ok(GroupReply::ConsumerHeartbeat(r)) => r,
        Ok(_) => group::ConsumerGroupHeartbeatResponse::error(
            ErrorCode::UnknownServerError,
            "unexpected coordinator answer",
        ),
        Err(code) => group::ConsumerGroupHeartbeatResponse::error(code, "coordinator unavailable"),
    };
    ConsumerGroupHeartbeatResponse::default()
        .with_error_code(r.error_code.code())
        .with_error_message(r.error_message.map(str_bytes))
        .with_member_id(r.member_id.map(str_bytes))
        .with_member_epoch(r.member_epoch)
        .with_heartbeat_interval_ms(r.heartbeat_interval_ms)
        .with_assignment(r.assignment.map(|owned| {
            Assignment::default().with_topic_partitions(
                owned
                    .into_iter()
                    .map(|o| {
                        TopicPartitions::default()
                            .with_topic_id(uuid(o.topic_id))
                            .with_partitions(o.partitions)
                    })
                    .collect(),
            )
        }))
}
