//! AlterPartitionReassignments (key 45), v0–1 (`kafka-reassign-partitions --execute`,
//! `--cancel`): KIP-455 reassignments decided by the active controller
//! (`metadata::replication::reassign`) and committed before the answer. Per partition: no
//! error when the target is recorded (or the reassignment cancelled); INVALID_REPLICA_ASSIGNMENT
//! for an empty, duplicated or unknown-broker target or a cancel that would need an unclean
//! election; NO_REASSIGNMENT_IN_PROGRESS for a cancel with nothing to cancel;
//! INVALID_REPLICATION_FACTOR when v1's `allow_replication_factor_change` is false and the
//! target changes it (KIP-860); UNKNOWN_TOPIC_OR_PARTITION. A refused request answers every
//! partition with its error and the top-level code.

use crate::util::{str_bytes, topic_name};
use crate::Handlers;
use kafka_protocol::messages::alter_partition_reassignments_response::{
    ReassignablePartitionResponse, ReassignableTopicResponse,
};
use kafka_protocol::messages::{
    AlterPartitionReassignmentsRequest, AlterPartitionReassignmentsResponse,
};
use metadata::replication::reassign::{ReassignmentRequest, ReassignmentResult};
use model::{ErrorCode, NodeId};
use runtime::controller::ControllerRequest;
use std::rc::Rc;

pub async fn handle(
    ctx: &Rc<Handlers>,
    req: AlterPartitionReassignmentsRequest,
    version: i16,
) -> AlterPartitionReassignmentsResponse {
    // v0 has no such field: changing the replication factor is allowed.
    let allow = version == 0 || req.allow_replication_factor_change;
    let partitions: ReassignmentRequest = req
        .topics
        .iter()
        .map(|t| {
            let ps = t
                .partitions
                .iter()
                .map(|p| {
                    let target = p
                        .replicas
                        .as_ref()
                        .map(|r| r.iter().map(|b| NodeId(b.0)).collect());
                    (p.partition_index, target)
                })
                .collect();
            (t.name.0.to_string(), ps)
        })
        .collect();
    let request = ControllerRequest::AlterPartitionReassignments {
        partitions: partitions.clone(),
        allow_replication_factor_change: allow,
    };
    let response = AlterPartitionReassignmentsResponse::default();
    let response = if version >= 1 {
        response.with_allow_replication_factor_change(allow)
    } else {
        response
    };
    match ctx.shard.controller(request).await {
        Ok(reply) => response.with_responses(by_topic(reply.reassignments.unwrap_or_default())),
        Err(e) => {
            let every: Vec<ReassignmentResult> = partitions
                .iter()
                .flat_map(|(topic, ps)| {
                    ps.iter()
                        .map(|(p, _)| (topic.clone(), *p, Some((e.code, e.message.clone()))))
                })
                .collect();
            response
                .with_error_code(e.code.code())
                .with_error_message(Some(str_bytes(e.message.clone())))
                .with_responses(by_topic(every))
        }
    }
}

fn by_topic(results: Vec<ReassignmentResult>) -> Vec<ReassignableTopicResponse> {
    let mut topics: Vec<ReassignableTopicResponse> = Vec::new();
    for (topic, partition, outcome) in results {
        let (code, message) = match outcome {
            None => (ErrorCode::None, None),
            Some((code, message)) => (code, Some(str_bytes(message))),
        };
        let p = ReassignablePartitionResponse::default()
            .with_partition_index(partition)
            .with_error_code(code.code())
            .with_error_message(message);
        match topics.last_mut() {
            Some(t) if t.name.0.as_str() == topic => t.partitions.push(p),
            _ => topics.push(
                ReassignableTopicResponse::default()
                    .with_name(topic_name(&topic))
                    .with_partitions(vec![p]),
            ),
        }
    }
    topics
}
