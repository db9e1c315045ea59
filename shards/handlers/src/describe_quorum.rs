//! DescribeQuorum (key 55), v0–2: the metadata quorum as the controller sees it, for
//! `kafka-metadata-quorum describe --status/--replication` and `Admin.describeMetadataQuorum`.
//!
//! Sluice's quorum is this node alone (a single raft voter, until the multi-node quorum of
//! issue 10): the leader is this node, the leader epoch is the raft term, the high watermark
//! is the committed index and the voter's log end offset its last index (raft index i is the
//! metadata log's offset i - 1). Any broker answers by asking the controller (shard 0), as a
//! Kafka broker forwards the request. Only `__cluster_metadata` partition 0 exists; any other
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
    let node = ctx.shard.config.node_id;
    let now_ms = i64::try_from(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis())
            .unwrap_or_default(),
    )
    .unwrap_or(i64::MAX);
    let voter = ReplicaState::default()
        .with_replica_id(broker(node))
        .with_log_end_offset(i64::try_from(status.log_end).unwrap_or(i64::MAX))
        .with_last_fetch_timestamp(if version >= 1 { now_ms } else { -1 })
        .with_last_caught_up_timestamp(if version >= 1 { now_ms } else { -1 });
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
                        .with_current_voters(vec![voter.clone()])
                })
                .collect();
            TopicData::default()
                .with_topic_name(topic_name(topic.topic_name.0.as_str()))
                .with_partitions(partitions)
        })
        .collect();
    let mut response = DescribeQuorumResponse::default().with_topics(topics);
    if version >= 2 {
        // The voter answers controller requests on its client listeners (no separate
        // CONTROLLER listener is served yet).
        let listeners = ctx
            .shard
            .config
            .advertised_listeners
            .iter()
            .map(|l| {
                Listener::default()
                    .with_name(str_bytes(l.name.clone()))
                    .with_host(str_bytes(l.host.clone()))
                    .with_port(l.port)
            })
            .collect();
        response.nodes = vec![Node::default()
            .with_node_id(broker(node))
            .with_listeners(listeners)];
    }
    response
}
