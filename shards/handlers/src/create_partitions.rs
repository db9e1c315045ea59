//! CreatePartitions (key 37), v0–3: grows topics, with Kafka's checks and messages
//! (`ControllerApis.createPartitions`, `ReplicationControlManager.createPartitions`).
//!
//! The count checks run here too, so the answers carry Kafka's KRaft wording; the controller
//! repeats them against its own image (the authority when requests race). Manual assignments
//! go to the controller, which validates them as Kafka does
//! (`metadata::replication::assign_replicas`).

use crate::config_resource::ApiError;
use crate::quota::MutationQuota;
use crate::util::{str_bytes, topic_name};
use crate::Handlers;
use kafka_protocol::messages::create_partitions_request::CreatePartitionsTopic;
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
    quota: &MutationQuota<'_>,
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
            create_one(ctx, topic, req.validate_only, quota).await
        };
        let error = outcome.err().unwrap_or(ApiError::bare(ErrorCode::None));
        results.push(
            CreatePartitionsTopicResult::default()
                .with_name(topic_name(name))
                .with_error_code(error.code.code())
                .with_error_message(error.message.map(str_bytes)),
        );
    }
    CreatePartitionsResponse::default()
        .with_results(results)
        .with_throttle_time_ms(quota.finish())
}

async fn create_one(
    ctx: &Rc<Handlers>,
    topic: &CreatePartitionsTopic,
    validate_only: bool,
    quota: &MutationQuota<'_>,
) -> Result<(), ApiError> {
    let name = topic.name.0.to_string();
    let current = {
        let image = ctx.shard.image();
        let t = image
            .topic(&name)
            .ok_or(ApiError::bare(ErrorCode::UnknownTopicOrPartition))?;
        t.partitions.len()
    };
    let added = check_count(&name, current, topic.count)?;
    quota
        .record(added as i32)
        .map_err(|(code, message)| ApiError::new(code, message))?;
    let assignments = topic
        .assignments
        .iter()
        .flatten()
        .map(|a| a.broker_ids.iter().map(|b| NodeId(b.0)).collect())
        .collect();
    let req = ControllerRequest::CreatePartitions {
        topic: name,
        total: topic.count,
        validate_only,
        assignments,
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
