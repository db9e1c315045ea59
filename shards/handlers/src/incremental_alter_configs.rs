//! IncrementalAlterConfigs (key 44), v0–1: SET, DELETE, APPEND and SUBTRACT per key, on TOPIC,
//! BROKER (this node or the cluster default) and BROKER_LOGGER resources.
//!
//! APPEND/SUBTRACT work on LIST configs as Kafka's controller does (`getParts`): the stored
//! override, else the key's default, split on commas without empty parts; APPEND adds values
//! not yet present, SUBTRACT removes them. Log levels are not adjustable at run time in Sluice,
//! so a BROKER_LOGGER resource knows no logger and SET/DELETE answer "Logger x does not exist!"
//! (consistent with DescribeConfigs listing no loggers).

use crate::config_resource::{self as cr, AlterTarget, ApiError, LoggerResources};
use crate::util::str_bytes;
use crate::Handlers;
use config::{ConfigEntry, ConfigSource, ConfigType};
use kafka_protocol::messages::incremental_alter_configs_request::{
    AlterConfigsResource, AlterableConfig,
};
use kafka_protocol::messages::incremental_alter_configs_response::AlterConfigsResourceResponse;
use kafka_protocol::messages::{IncrementalAlterConfigsRequest, IncrementalAlterConfigsResponse};
use model::{ErrorCode, NodeId};
use std::collections::BTreeMap;
use std::rc::Rc;

/// Kafka's `AlterConfigOp.OpType` ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Set,
    Delete,
    Append,
    Subtract,
}

impl Op {
    fn from_id(id: i8) -> Result<Op, ApiError> {
        match id {
            0 => Ok(Op::Set),
            1 => Ok(Op::Delete),
            2 => Ok(Op::Append),
            3 => Ok(Op::Subtract),
            other => Err(ApiError::invalid_request(format!(
                "Unknown operations type {other}"
            ))),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Op::Set => "SET",
            Op::Delete => "DELETE",
            Op::Append => "APPEND",
            Op::Subtract => "SUBTRACT",
        }
    }
}

pub async fn handle(
    ctx: &Rc<Handlers>,
    req: IncrementalAlterConfigsRequest,
    _version: i16,
) -> IncrementalAlterConfigsResponse {
    let alter = |r| alter_one(ctx, r, req.validate_only);
    let errors = cr::alter_each(&req.resources, resource_key, alter).await;
    let responses = req
        .resources
        .iter()
        .zip(errors)
        .map(|(resource, error)| {
            AlterConfigsResourceResponse::default()
                .with_error_code(error.code.code())
                .with_error_message(error.message.map(str_bytes))
                .with_resource_type(resource.resource_type)
                .with_resource_name(resource.resource_name.clone())
        })
        .collect();
    IncrementalAlterConfigsResponse::default().with_responses(responses)
}

async fn alter_one(
    ctx: &Rc<Handlers>,
    resource: &AlterConfigsResource,
    validate_only: bool,
) -> Result<(), ApiError> {
    let configs = resource
        .configs
        .iter()
        .map(|c| (c.name.as_str(), c.value.is_some()));
    cr::check_keys(configs, |i| resource.configs[i].config_operation == 1)?;
    let node = NodeId(ctx.shard.config.node_id);
    let target = cr::alter_target(
        node,
        resource.resource_type,
        &resource.resource_name,
        LoggerResources::Accepted,
    )?;
    if target == AlterTarget::BrokerLogger {
        // Kafka checks every change first, then applies them all (unless validate_only).
        resource.configs.iter().try_for_each(check_logger_op)?;
        if !validate_only {
            resource.configs.iter().for_each(apply_logger_op);
        }
        return Ok(());
    }
    let current = cr::current_overrides(ctx, &target);
    let mut wanted = current.clone();
    for c in &resource.configs {
        apply_op(ctx, &target, &mut wanted, c)?;
    }
    cr::commit(ctx, &target, &current, &wanted, validate_only).await
}

/// Kafka's `validateLogLevelConfigs`: SET of an existing logger to a valid level, DELETE of
/// an existing logger other than root.
fn check_logger_op(c: &AlterableConfig) -> Result<(), ApiError> {
    let logger = c.name.as_str();
    let checked = match Op::from_id(c.config_operation) {
        Ok(Op::Set) => logging::check_set(logger, c.value.as_deref().unwrap_or("")),
        Ok(Op::Delete) => logging::check_unset(logger),
        Ok(op) => {
            return Err(ApiError::invalid_request(format!(
                "{} operation is not allowed for the BROKER_LOGGER resource",
                op.name()
            )))
        }
        Err(_) => {
            return Err(ApiError::invalid_request(format!(
                "Unknown operation type {} is not allowed for the BROKER_LOGGER resource",
                c.config_operation
            )))
        }
    };
    checked.map_err(|e| match e {
        logging::LoggerError::InvalidConfig(m) => ApiError::new(ErrorCode::InvalidConfig, m),
        logging::LoggerError::InvalidRequest(m) => ApiError::invalid_request(m),
    })
}

/// One checked BROKER_LOGGER change, made on this node (loggers are per process).
fn apply_logger_op(c: &AlterableConfig) {
    match Op::from_id(c.config_operation) {
        Ok(Op::Set) => logging::set_level(c.name.as_str(), c.value.as_deref().unwrap_or("")),
        Ok(Op::Delete) => logging::unset_level(c.name.as_str()),
        _ => {} // refused by check_logger_op
    }
}

fn apply_op(
    ctx: &Handlers,
    target: &AlterTarget,
    overrides: &mut BTreeMap<String, String>,
    c: &AlterableConfig,
) -> Result<(), ApiError> {
    let name = c.name.to_string();
    let value = c.value.as_ref().map(|v| v.to_string());
    match (Op::from_id(c.config_operation)?, value) {
        (Op::Delete, _) => {
            overrides.remove(&name);
        }
        (Op::Set, Some(value)) => {
            overrides.insert(name, value);
        }
        (op @ (Op::Append | Op::Subtract), Some(value)) => {
            let default = list_default(ctx, target, &name, op)?;
            let old = overrides.get(&name).cloned().or(default);
            overrides.insert(name, list_op(op, old.as_deref(), &value));
        }
        // `check_keys` refused null values for every operation but DELETE.
        (op, None) => {
            return Err(ApiError::invalid_request(format!(
                "Null value not supported for : {name} ({})",
                op.name()
            )))
        }
    }
    Ok(())
}

/// APPEND/SUBTRACT on a comma-separated list (Kafka's `ConfigurationControlManager`).
fn list_op(op: Op, old: Option<&str>, value: &str) -> String {
    let mut parts: Vec<&str> = old
        .unwrap_or("")
        .split(',')
        .filter(|p| !p.is_empty())
        .collect();
    for v in value.split(',') {
        match op {
            Op::Append if !parts.contains(&v) => parts.push(v),
            Op::Subtract => {
                if let Some(i) = parts.iter().position(|p| *p == v) {
                    parts.remove(i);
                }
            }
            _ => {}
        }
    }
    parts.join(",")
}

/// The default of a LIST key, or the error Kafka gives when `name` is not a LIST key.
fn list_default(
    ctx: &Handlers,
    target: &AlterTarget,
    name: &str,
    op: Op,
) -> Result<Option<String>, ApiError> {
    let config = &ctx.shard.config;
    let empty = BTreeMap::new();
    let entry = match target {
        AlterTarget::Topic(_) => config::describe_topic_configs(config, &empty, &empty)
            .into_iter()
            .find(|e| e.name == name),
        AlterTarget::Group(_) => config::describe_group_configs(config, &empty)
            .into_iter()
            .find(|e| e.name == name),
        _ => config::describe_broker_configs(config, &empty)
            .into_iter()
            .find(|e| e.name == name),
    };
    let is_list = entry
        .as_ref()
        .is_some_and(|e| e.config_type == ConfigType::List);
    // A Kafka broker key Sluice does not list: Kafka's type and default decide.
    let kafka_key = match (target, &entry) {
        (AlterTarget::Broker(_), None) => config::kafka_broker_key(name),
        _ => None,
    };
    if let Some(key) = kafka_key {
        if key.config_type == ConfigType::List {
            return Ok(key.default.map(String::from));
        }
        return Err(ApiError::invalid_request(format!(
            "Config value {} is not allowed for config key: {name}",
            op.name().to_lowercase()
        )));
    }
    match (target, entry) {
        (_, Some(entry)) if is_list => Ok(key_default(&entry)),
        (AlterTarget::Topic(_), _) => Err(ApiError::new(
            ErrorCode::InvalidConfig,
            format!(
                "Can't {} to key {name} because its type is not LIST.",
                op.name()
            ),
        )),
        (_, None) => Err(ApiError::new(
            ErrorCode::InvalidConfig,
            format!("Unknown config name: {name}"),
        )),
        (_, Some(_)) => Err(ApiError::invalid_request(format!(
            "Config value {} is not allowed for config key: {name}",
            op.name().to_lowercase()
        ))),
    }
}

/// A key's built-in default: its DEFAULT_CONFIG synonym, else its value when that is the default.
fn key_default(entry: &ConfigEntry) -> Option<String> {
    entry
        .synonyms
        .iter()
        .find(|s| s.source == ConfigSource::DefaultConfig)
        .map(|s| s.value.clone())
        .unwrap_or_else(|| {
            (entry.source == ConfigSource::DefaultConfig)
                .then(|| entry.value.clone())
                .flatten()
        })
}

fn resource_key(r: &AlterConfigsResource) -> (i8, &str) {
    (r.resource_type, r.resource_name.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn append_adds_only_missing_values_and_drops_empty_parts() {
        assert_eq!(
            list_op(Op::Append, Some("delete"), "compact"),
            "delete,compact"
        );
        assert_eq!(
            list_op(Op::Append, Some("delete,compact"), "compact"),
            "delete,compact"
        );
        assert_eq!(list_op(Op::Append, Some(""), "a,b"), "a,b");
        assert_eq!(list_op(Op::Append, None, "a"), "a");
    }

    #[test]
    fn subtract_removes_values_and_may_leave_an_empty_list() {
        assert_eq!(
            list_op(Op::Subtract, Some("delete,compact"), "delete"),
            "compact"
        );
        assert_eq!(list_op(Op::Subtract, Some("compact"), "compact"), "");
        assert_eq!(list_op(Op::Subtract, Some("a,b"), "c"), "a,b");
    }

    #[test]
    fn unknown_operations_are_invalid_requests() {
        assert_eq!(Op::from_id(2), Ok(Op::Append));
        let err = Op::from_id(9).unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidRequest);
        assert_eq!(err.message.as_deref(), Some("Unknown operations type 9"));
    }

    #[test]
    fn logger_operations_fail_like_kafka_without_loggers() {
        let op = |id: i8| {
            AlterableConfig::default()
                .with_name(str_bytes("kafka.server"))
                .with_config_operation(id)
        };
        assert_eq!(
            check_logger_op(&op(0)).unwrap_err().code,
            ErrorCode::InvalidConfig
        );
        let append = check_logger_op(&op(2)).unwrap_err();
        assert_eq!(
            append.message.as_deref(),
            Some("APPEND operation is not allowed for the BROKER_LOGGER resource")
        );
    }
}
