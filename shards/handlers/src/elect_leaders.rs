//! ElectLeaders (key 43), v0–2: PREFERRED and UNCLEAN leader elections, decided by the active
//! controller (`metadata::replication::elect_leaders`, as Kafka's
//! `ReplicationControlManager.electLeaders`) and committed before the answer.
//!
//! Per partition: no error when elected; ELECTION_NOT_NEEDED when the preferred replica already
//! leads (preferred) or a live leader exists (unclean); PREFERRED_LEADER_NOT_AVAILABLE when the
//! preferred replica is not a live ISR member; ELIGIBLE_LEADERS_NOT_AVAILABLE when no live
//! replica can take an unclean election; UNKNOWN_TOPIC_OR_PARTITION. Null `topic_partitions`
//! elects every partition and, as in Kafka, leaves those needing no election out of the answer.
//! `timeout_ms` is not needed: the change is committed and applied here before the answer.

use crate::util::{str_bytes, topic_name};
use crate::Handlers;
use kafka_protocol::messages::elect_leaders_response::{PartitionResult, ReplicaElectionResult};
use kafka_protocol::messages::{ElectLeadersRequest, ElectLeadersResponse};
use metadata::replication::ElectionType;
use model::ErrorCode;
use runtime::controller::ControllerRequest;
use std::collections::BTreeSet;
use std::rc::Rc;

pub async fn handle(
    ctx: &Rc<Handlers>,
    req: ElectLeadersRequest,
    version: i16,
) -> ElectLeadersResponse {
    // v0 has no election type: preferred.
    let election = if version == 0 {
        Some(ElectionType::Preferred)
    } else {
        ElectionType::from_wire(req.election_type)
    };
    let requested: Option<Vec<(String, Vec<i32>)>> = req.topic_partitions.as_ref().map(|ts| {
        let mut seen = BTreeSet::new();
        ts.iter()
            .map(|t| {
                let name = t.topic.0.to_string();
                let partitions = t
                    .partitions
                    .iter()
                    .copied()
                    .filter(|p| seen.insert((name.clone(), *p)))
                    .collect();
                (name, partitions)
            })
            .collect()
    });
    let Some(election) = election else {
        return top_level(
            version,
            &requested,
            ErrorCode::InvalidRequest,
            "Unknown election type.",
        );
    };
    let request = ControllerRequest::ElectLeaders {
        election,
        partitions: requested.clone(),
    };
    match ctx.shard.controller(request).await {
        Ok(reply) => {
            let results = reply.elections.unwrap_or_default();
            let mut topics: Vec<ReplicaElectionResult> = Vec::new();
            for (topic, partition, outcome) in results {
                let (code, message) = match outcome {
                    None => (ErrorCode::None, None),
                    Some((code, message)) => (code, Some(message)),
                };
                let result = PartitionResult::default()
                    .with_partition_id(partition)
                    .with_error_code(code.code())
                    .with_error_message(message.map(str_bytes));
                match topics.last_mut() {
                    Some(t) if t.topic.0.as_str() == topic => t.partition_result.push(result),
                    _ => topics.push(
                        ReplicaElectionResult::default()
                            .with_topic(topic_name(&topic))
                            .with_partition_result(vec![result]),
                    ),
                }
            }
            ElectLeadersResponse::default().with_replica_election_results(topics)
        }
        Err(e) => top_level(version, &requested, e.code, &e.message),
    }
}

/// Every requested partition answered with one error (and, from v1, the top-level code).
fn top_level(
    version: i16,
    requested: &Option<Vec<(String, Vec<i32>)>>,
    code: ErrorCode,
    message: &str,
) -> ElectLeadersResponse {
    let results = requested
        .iter()
        .flatten()
        .map(|(topic, partitions)| {
            ReplicaElectionResult::default()
                .with_topic(topic_name(topic))
                .with_partition_result(
                    partitions
                        .iter()
                        .map(|p| {
                            PartitionResult::default()
                                .with_partition_id(*p)
                                .with_error_code(code.code())
                                .with_error_message(Some(str_bytes(message.to_string())))
                        })
                        .collect(),
                )
        })
        .collect();
    let response = ElectLeadersResponse::default().with_replica_election_results(results);
    if version >= 1 {
        response.with_error_code(code.code())
    } else {
        response
    }
}
