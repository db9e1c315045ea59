//! DescribeQuorum (key 55), v0–2: the metadata quorum as the controller sees it, for
//! `kafka-metadata-quorum describe --status/--replication` and `Admin.describeMetadataQuorum`.
//!
//! The leader epoch is the raft term, the high watermark the committed index, each voter's log
//! end offset its last index as the leader knows it (raft index i is the metadata log's offset
//! i - 1), its last fetch the last message this member had from it. Any broker answers by
//! asking its controller member (shard 0); a follower reports its own view (it does not know
//! the other voters' progress). Only `__cluster_metadata` partition 0 exists; any other
//! partition is UNKNOWN_TOPIC_OR_PARTITION, as Kafka answers.

use crate::util::{broker, str_bytes, topic_name};
use crate::Handlers;
use kafka_protocol::messages::describe_quorum_response::{
    Listener, Node, PartitionData, ReplicaState, TopicData,
};
use kafka_protocol::messages::{DescribeQuorumRequest, DescribeQuorumResponse};
use model::ErrorCode;
use runtime::controller::ControllerRequest;
use std::rc::Rc;

const METADATA_TOPIC: &str = "__cluster_metadata";

pub async fn handle(
    ctx: &Rc<Handlers>,
    req: DescribeQuorumRequest,
    version: i16,
) -> DescribeQuorumResponse {
    let status = match ctx
        .shard
        .controller(ControllerRequest::DescribeQuorum)
        .await
    {
        Ok(reply) => reply.quorum,
        Err(e) => {
            return DescribeQuorumResponse::default()
                .with_error_code(e.code.code())
                .with_error_message(Some(str_bytes(e.message)));
        }
    };
    let Some(status) = status else {
        return DescribeQuorumResponse::default()
            .with_error_code(ErrorCode::UnknownServerError.code());
    };
    let image = ctx.shard.image();
    let replica = |r: &metadata::ReplicaStatus| {
        let mut state = ReplicaState::default()
            .with_replica_id(broker(r.node.0))
            // Raft index i is the metadata log's offset i - 1: the last index is the log end.
            .with_log_end_offset(i64::try_from(r.log_end).unwrap_or(i64::MAX));
        if version >= 2 {
            // A dynamic quorum records its voters' directory ids; others have none (zero).
            if let Some(c) = image.controller(r.node) {
                state = state
                    .with_replica_directory_id(crate::util::uuid(model::TopicId(c.directory_id)));
            }
        }
        if version >= 1 {
            let caught_up = r.log_end >= status.high_watermark;
            state = state
                .with_last_fetch_timestamp(r.last_contact_ms)
                .with_last_caught_up_timestamp(if caught_up { r.last_contact_ms } else { -1 });
        }
        state
    };
    let voters: Vec<ReplicaState> = status.voters.iter().map(replica).collect();
    let observers: Vec<ReplicaState> = status.observers.iter().map(replica).collect();
    let topics = req
        .topics
        .into_iter()
        .map(|topic| {
            let is_metadata = topic.topic_name.0.as_str() == METADATA_TOPIC;
            let partitions = topic
                .partitions
                .into_iter()
                .map(|p| {
                    if !is_metadata || p.partition_index != 0 {
                        return PartitionData::default()
                            .with_partition_index(p.partition_index)
                            .with_error_code(ErrorCode::UnknownTopicOrPartition.code());
                    }
                    PartitionData::default()
                        .with_partition_index(0)
                        .with_leader_id(broker(status.leader.map_or(-1, |n| n.0)))
                        .with_leader_epoch(i32::try_from(status.term).unwrap_or(i32::MAX))
                        .with_high_watermark(
                            i64::try_from(status.high_watermark).unwrap_or(i64::MAX),
                        )
                        .with_current_voters(voters.clone())
                        .with_observers(observers.clone())
                })
                .collect();
            TopicData::default()
                .with_topic_name(topic_name(topic.topic_name.0.as_str()))
                .with_partitions(partitions)
        })
        .collect();
    let mut response = DescribeQuorumResponse::default().with_topics(topics);
    if version >= 2 {
        response.nodes = status
            .voters
            .iter()
            .map(|v| {
                Node::default()
                    .with_node_id(broker(v.node.0))
                    .with_listeners(voter_listeners(ctx, v.node.0))
            })
            .collect();
    }
    response
}

/// A voter's endpoints: its CONTROLLER listener (`runtime::controller_endpoints`), or, for the
/// embedded single node (no controller listener), this node's advertised listeners.
fn voter_listeners(ctx: &Handlers, node: i32) -> Vec<Listener> {
    let controllers = runtime::controller_endpoints(&ctx.shard);
    if let Some(c) = controllers.into_iter().find(|c| c.node == node) {
        return vec![listener(&c.listener, &c.host, c.port)];
    }
    let config = &ctx.shard.config;
    if node != config.node_id {
        return Vec::new();
    }
    config
        .advertised_listeners
        .iter()
        .map(|l| listener(&l.name, &l.host, l.port))
        .collect()
}

fn listener(name: &str, host: &str, port: u16) -> Listener {
    Listener::default()
        .with_name(str_bytes(name))
        .with_host(str_bytes(host))
        .with_port(port)
}
