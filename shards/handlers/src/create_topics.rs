//! CreateTopics (key 19), v2–7: with configs, manual replica assignments (validated by the
//! controller as Kafka does), validate_only.

use crate::quota::MutationQuota;
use crate::util::{str_bytes, topic_name, uuid};
use crate::Handlers;
use kafka_protocol::messages::create_topics_request::CreatableTopic;
use kafka_protocol::messages::create_topics_response::{
    CreatableTopicConfigs, CreatableTopicResult,
};
use kafka_protocol::messages::{CreateTopicsRequest, CreateTopicsResponse};
use model::{ErrorCode, NodeId};
use runtime::controller::ControllerRequest;
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

pub async fn handle(
    ctx: &Rc<Handlers>,
    req: CreateTopicsRequest,
    version: i16,
    quota: &MutationQuota<'_>,
) -> CreateTopicsResponse {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for t in &req.topics {
        *seen.entry(t.name.0.to_string()).or_default() += 1;
    }
    let mut results = Vec::with_capacity(req.topics.len());
    for topic in req.topics {
        let name = topic.name.0.to_string();
        let result = if seen[&name] > 1 {
            Err((
                ErrorCode::InvalidRequest,
                format!("Create topics request from client contains duplicate topic {name}"),
            ))
        } else {
            create_one(ctx, topic, req.validate_only, quota).await
        };
        let mut r = CreatableTopicResult::default().with_name(topic_name(&name));
        match result {
            Ok(()) => {
                let image = ctx.shard.image();
                if version >= 5 {
                    let (partitions, rf, configs) = describe(ctx, &name, req.validate_only);
                    r = r
                        .with_num_partitions(partitions)
                        .with_replication_factor(rf)
                        .with_configs(Some(configs));
                }
                if version >= 7 {
                    if let Some(t) = image.topic(&name) {
                        r.topic_id = uuid(t.id);
                    }
                }
            }
            Err((code, message)) => {
                r.error_code = code.code();
                r.error_message = Some(str_bytes(message));
                if version >= 5 {
                    r = r.with_num_partitions(-1).with_replication_factor(-1);
                }
            }
        }
        results.push(r);
    }
    CreateTopicsResponse::default()
        .with_topics(results)
        .with_throttle_time_ms(quota.finish())
}

async fn create_one(
    ctx: &Rc<Handlers>,
    topic: CreatableTopic,
    validate_only: bool,
    quota: &MutationQuota<'_>,
) -> Result<(), (ErrorCode, String)> {
    let config = &ctx.shard.config;
    let mut configs = BTreeMap::new();
    for c in &topic.configs {
        let name = c.name.to_string();
        let Some(value) = c.value.as_ref().map(|v| v.to_string()) else {
            return Err((
                ErrorCode::InvalidConfig,
                format!("Null value not supported for topic configs: {name}"),
            ));
        };
        config::validate_topic_config(&name, &value)
            .map_err(|e| (ErrorCode::InvalidConfig, e.to_string()))?;
        configs.insert(name, value);
    }
    let (mut partitions, mut rf) = (topic.num_partitions, topic.replication_factor);
    if !topic.assignments.is_empty() {
        if partitions != -1 || rf != -1 {
            return Err((
                ErrorCode::InvalidRequest,
                "Both numPartitions or replicationFactor and replicasAssignments were set. Both cannot be used at the same time.".into(),
            ));
        }
        for (i, a) in topic.assignments.iter().enumerate() {
            if a.partition_index != i as i32 {
                return Err((
                    ErrorCode::InvalidReplicaAssignment,
                    "Partitions should be a consecutive 0-based integer sequence".into(),
                ));
            }
        }
        partitions = topic.assignments.len() as i32;
        rf = topic
            .assignments
            .first()
            .map_or(1, |a| a.broker_ids.len() as i16);
    }
    let assignments: Vec<Vec<NodeId>> = topic
        .assignments
        .iter()
        .map(|a| a.broker_ids.iter().map(|b| NodeId(b.0)).collect())
        .collect();
    if partitions == -1 {
        partitions = config.num_partitions;
    }
    if rf == -1 {
        rf = config.default_replication_factor;
    }
    quota.record(partitions)?;
    let req = ControllerRequest::CreateTopic {
        name: topic.name.0.to_string(),
        partitions,
        replication_factor: rf,
        configs,
        validate_only,
        assignments,
    };
    ctx.shard
        .controller(req)
        .await
        .map(|_| ())
        .map_err(|e| (e.code, e.message))
}

/// Partition count, replication factor and the full config list, for v5+ responses.
fn describe(
    ctx: &Handlers,
    name: &str,
    _validate_only: bool,
) -> (i32, i16, Vec<CreatableTopicConfigs>) {
    let image = ctx.shard.image();
    let Some(topic) = image.topic(name) else {
        return (-1, -1, Vec::new());
    };
    let dynamic = runtime::apply::dynamic_broker_configs(&image, NodeId(ctx.shard.config.node_id));
    let entries =
        config::describe_topic_configs(&ctx.shard.config, &dynamic, &image.topic_configs(name));
    let configs = entries
        .into_iter()
        .map(|e| {
            CreatableTopicConfigs::default()
                .with_name(str_bytes(e.name))
                .with_value(e.value.map(str_bytes))
                .with_read_only(e.read_only)
                .with_config_source(e.source as i8)
                .with_is_sensitive(e.is_sensitive)
        })
        .collect();
    let rf = topic
        .partitions
        .values()
        .next()
        .map_or(1, |p| p.replicas.len() as i16);
    (topic.partitions.len() as i32, rf, configs)
}
