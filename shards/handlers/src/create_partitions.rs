//! CreatePartitions (key 37), v0–3: grows topics, with Kafka's checks and messages
//! (`ControllerApis.createPartitions`, `ReplicationControlManager.createPartitions`).
//!
//! The count checks run here too, so the answers carry Kafka's KRaft wording; the controller
//! repeats them against its own image (the authority when requests race). Manual assignments
//! may only name this node: it is the only registered broker.

use crate::config_resource::ApiError;
use crate::util::{str_bytes, topic_name};
use crate::Handlers;
use kafka_protocol::messages::create_partitions_request::{
    CreatePartitionsAssignment, CreatePartitionsTopic,
};
use kafka_protocol::messages::create_partitions_response::CreatePartitionsTopicResult;
use kafka_protocol::messages::{CreatePartitionsRequest, CreatePartitionsResponse};
use model::{ErrorCode, NodeId};
use runtime::controller::ControllerRequest;
use std::collections::HashMap;
use std::rc::Rc;

pub async fn handle(
    ctx: &Rc<Handlers>,
    req: CreatePartitionsRequest,
    _version: i16,
) -> CreatePartitionsResponse {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for t in &req.topics {
        *counts.entry(t.name.0.as_str()).or_default() += 1;
    }
    let mut results = Vec::with_capacity(req.topics.len());
    let mut answered_duplicates = std::collections::HashSet::new();
    for topic in &req.topics {
        let name = topic.name.0.as_str();
        let outcome = if counts[name] > 1 {
            // One answer per duplicated name, as Kafka's set gives.
            if !answered_duplicates.insert(name) {
                continue;
            }
            Err(ApiError::invalid_request("Duplicate topic name."))
        } else {
            create_one(ctx, topic, req.validate_only).await
        };
        let error = outcome.err().unwrap_or(ApiError::bare(ErrorCode::None));
        results.push(
            CreatePartitionsTopicResult::default()
                .with_name(topic_name(name))
                .with_error_code(error.code.code())
                .with_error_message(error.message.map(str_bytes)),
        );
    }
    CreatePartitionsResponse::default().with_results(results)
}

async fn create_one(
    ctx: &Rc<Handlers>,
    topic: &CreatePartitionsTopic,
    validate_only: bool,
) -> Result<(), ApiError> {
    let name = topic.name.0.to_string();
    let (current, replication_factor) = {
        let image = ctx.shard.image();
        let t = image
            .topic(&name)
            .ok_or(ApiError::bare(ErrorCode::UnknownTopicOrPartition))?;
        let rf = t.partitions.values().next().map_or(1, |p| p.replicas.len());
        (t.partitions.len(), rf)
    };
    let additional = check_count(&name, current, topic.count)?;
    if let Some(assignments) = &topic.assignments {
        check_assignments(
            NodeId(ctx.shard.config.node_id),
            assignments,
            additional,
            replication_factor,
        )?;
    }
    let req = ControllerRequest::CreatePartitions {
        topic: name,
        total: topic.count,
        validate_only,
    };
    ctx.shard
        .controller(req)
        .await
        .map(|_| ())
        .map_err(|e| ApiError::new(e.code, e.message))
}

/// How many partitions the request adds, or Kafka's error when it is no increase.
fn check_count(name: &str, current: usize, requested: i32) -> Result<usize, ApiError> {
    let requested_count = usize::try_from(requested).unwrap_or(0);
    if requested >= 0 && requested_count == current {
        return Err(ApiError::new(
            ErrorCode::InvalidPartitions,
            format!("Topic already has {current} partition(s)."),
        ));
    }
    if requested < 0 || requested_count < current {
        return Err(ApiError::new(
            ErrorCode::InvalidPartitions,
            format!("The topic {name} currently has {current} partition(s); {requested} would not be an increase."),
        ));
    }
    Ok(requested_count - current)
}

/// Kafka's `validateManualPartitionAssignment`, for a cluster of one registered broker.
fn check_assignments(
    node: NodeId,
    assignments: &[CreatePartitionsAssignment],
    additional: usize,
    replication_factor: usize,
) -> Result<(), ApiError> {
    if assignments.len() != additional {
        return Err(ApiError::new(
            ErrorCode::InvalidReplicaAssignment,
            format!(
                "Attempted to add {additional} additional partition(s), but only {} assignment(s) were specified.",
                assignments.len()
            ),
        ));
    }
    for a in assignments {
        check_assignment(node, a, replication_factor)?;
    }
    Ok(())
}

fn check_assignment(
    node: NodeId,
    a: &CreatePartitionsAssignment,
    replication_factor: usize,
) -> Result<(), ApiError> {
    let invalid =
        |message: String| Err(ApiError::new(ErrorCode::InvalidReplicaAssignment, message));
    if a.broker_ids.is_empty() {
        return invalid("The manual partition assignment includes an empty replica list.".into());
    }
    let mut ids: Vec<i32> = a.broker_ids.iter().map(|b| b.0).collect();
    ids.sort_unstable();
    if let Some(other) = ids.iter().find(|id| **id != node.0) {
        return invalid(format!(
            "The manual partition assignment includes broker {other}, but no broker with that ID was found."
        ));
    }
    if ids.len() > 1 {
        return invalid(format!(
            "The manual partition assignment includes the broker {} more than once.",
            node.0
        ));
    }
    if ids.len() != replication_factor {
        return invalid(format!(
            "The manual partition assignment includes a partition with {} replica(s), but this is not consistent with previous partitions, which have {replication_factor} replica(s).",
            ids.len()
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use kafka_protocol::messages::BrokerId;

    fn assignment(ids: &[i32]) -> CreatePartitionsAssignment {
        CreatePartitionsAssignment::default()
            .with_broker_ids(ids.iter().map(|i| BrokerId(*i)).collect())
    }

    #[test]
    fn counts_must_grow() {
        assert_eq!(check_count("t", 3, 5), Ok(2));
        let same = check_count("t", 3, 3).unwrap_err();
        assert_eq!(same.code, ErrorCode::InvalidPartitions);
        assert_eq!(
            same.message.as_deref(),
            Some("Topic already has 3 partition(s).")
        );
        let fewer = check_count("t", 3, 2).unwrap_err();
        assert_eq!(
            fewer.message.as_deref(),
            Some("The topic t currently has 3 partition(s); 2 would not be an increase.")
        );
        assert_eq!(
            check_count("t", 0, -1).unwrap_err().code,
            ErrorCode::InvalidPartitions
        );
    }

    #[test]
    fn assignments_may_only_name_this_node_once() {
        let node = NodeId(1);
        assert!(check_assignments(node, &[assignment(&[1]), assignment(&[1])], 2, 1).is_ok());
        let few = check_assignments(node, &[assignment(&[1])], 2, 1).unwrap_err();
        assert_eq!(few.code, ErrorCode::InvalidReplicaAssignment);
        let other = check_assignments(node, &[assignment(&[2])], 1, 1).unwrap_err();
        assert_eq!(
            other.message.as_deref(),
            Some("The manual partition assignment includes broker 2, but no broker with that ID was found.")
        );
        assert!(check_assignments(node, &[assignment(&[1, 1])], 1, 1).is_err());
        assert!(check_assignments(node, &[assignment(&[])], 1, 1).is_err());
    }
}
