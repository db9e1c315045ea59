//! DescribeConfigs (key 32), v1–4: TOPIC, BROKER (this node, or "" for the cluster-wide dynamic
//! defaults), BROKER_LOGGER and GROUP resources, as Kafka's `ConfigHelper.describeConfigs`.
//!
//! `configuration_keys` null or empty = every key. Synonyms only with `include_synonyms`;
//! documentation only with `include_documentation` (v3+); config types on v3+.
//! BROKER_LOGGER of this node lists its loggers and their levels (`logging::loggers`).

use crate::config_resource::ApiError;
use crate::config_resource::{
    resource_type_name, RESOURCE_BROKER, RESOURCE_BROKER_LOGGER, RESOURCE_GROUP, RESOURCE_TOPIC,
};
use crate::util::str_bytes;
use crate::Handlers;
use config::{BrokerResource, ConfigEntry};
use kafka_protocol::messages::describe_configs_request::DescribeConfigsResource;
use kafka_protocol::messages::describe_configs_response::{
    DescribeConfigsResourceResult, DescribeConfigsResult, DescribeConfigsSynonym,
};
use kafka_protocol::messages::{DescribeConfigsRequest, DescribeConfigsResponse};
use model::{validate_topic_name, ErrorCode, NodeId};
use std::rc::Rc;

/// What the response shows of each entry.
#[derive(Clone, Copy)]
struct Detail {
    synonyms: bool,
    documentation: bool,
    /// v3+: `config_type` and `documentation` exist.
    typed: bool,
}

pub async fn handle(
    ctx: &Rc<Handlers>,
    req: DescribeConfigsRequest,
    version: i16,
) -> DescribeConfigsResponse {
    let detail = Detail {
        synonyms: req.include_synonyms,
        documentation: version >= 3 && req.include_documentation,
        typed: version >= 3,
    };
    let results = req
        .resources
        .iter()
        .map(|r| describe_one(ctx, r, detail))
        .collect();
    DescribeConfigsResponse::default().with_results(results)
}

fn describe_one(
    ctx: &Handlers,
    resource: &DescribeConfigsResource,
    detail: Detail,
) -> DescribeConfigsResult {
    let result = DescribeConfigsResult::default()
        .with_resource_type(resource.resource_type)
        .with_resource_name(resource.resource_name.clone());
    match entries(ctx, resource.resource_type, resource.resource_name.as_str()) {
        Ok(entries) => {
            let wanted = |e: &ConfigEntry| match &resource.configuration_keys {
                Some(keys) if !keys.is_empty() => keys.iter().any(|k| k.as_str() == e.name),
                _ => true,
            };
            let configs = entries
                .into_iter()
                .filter(wanted)
                .map(|e| config_result(e, detail))
                .collect();
            result.with_configs(configs)
        }
        Err(e) => result
            .with_error_code(e.code.code())
            .with_error_message(e.message.map(str_bytes)),
    }
}

/// Every entry of the resource, or Kafka's error for it.
fn entries(ctx: &Handlers, resource_type: i8, name: &str) -> Result<Vec<ConfigEntry>, ApiError> {
    let config = &ctx.shard.config;
    let node = NodeId(config.node_id);
    let image = ctx.shard.image();
    match resource_type {
        RESOURCE_TOPIC => {
            validate_topic_name(name)
                .map_err(|e| ApiError::new(ErrorCode::InvalidTopicException, e.to_string()))?;
            if image.topic(name).is_none() {
                return Err(ApiError::bare(ErrorCode::UnknownTopicOrPartition));
            }
            let dynamic = runtime::apply::dynamic_broker_configs(&image, node);
            Ok(config::describe_topic_configs(
                config,
                &dynamic,
                &image.topic_configs(name),
            ))
        }
        RESOURCE_BROKER => {
            let scope = if name.is_empty() {
                BrokerResource::ClusterDefault
            } else if broker_id(name)? == node.0 {
                BrokerResource::Node
            } else {
                return Err(ApiError::invalid_request(format!(
                    "Unexpected broker id, expected {} or empty string, but received {name}",
                    node.0
                )));
            };
            let per_broker = image.broker_configs(Some(node));
            let cluster_default = image.broker_configs(None);
            Ok(config::describe_broker_configs_layered(
                config,
                &per_broker,
                &cluster_default,
                scope,
            ))
        }
        RESOURCE_GROUP => {
            if name.is_empty() {
                return Err(ApiError::invalid_request("Group name must not be empty"));
            }
            Ok(config::describe_group_configs(
                config,
                &image.group_configs(name),
            ))
        }
        RESOURCE_BROKER_LOGGER => {
            if name.is_empty() {
                return Err(ApiError::invalid_request("Broker id must not be empty"));
            }
            if broker_id(name)? != node.0 {
                return Err(ApiError::invalid_request(format!(
                    "Unexpected broker id, expected {} but received {name}",
                    node.0
                )));
            }
            // Kafka's `Log4jController.loggers`: every logger with its effective level.
            Ok(logging::loggers()
                .into_iter()
                .map(|(logger, level)| config::ConfigEntry {
                    name: logger,
                    value: Some(level),
                    source: config::ConfigSource::DynamicBrokerLoggerConfig,
                    read_only: false,
                    is_sensitive: false,
                    config_type: config::ConfigType::String,
                    documentation: None,
                    synonyms: Vec::new(),
                })
                .collect())
        }
        other => Err(ApiError::invalid_request(format!(
            "Unsupported resource type: {}",
            resource_type_name(other)
        ))),
    }
}

/// Kafka's `resourceNameToBrokerId`.
fn broker_id(name: &str) -> Result<i32, ApiError> {
    name.parse().map_err(|_| {
        ApiError::invalid_request(format!("Broker id must be an integer, but it is: {name}"))
    })
}

fn config_result(e: ConfigEntry, detail: Detail) -> DescribeConfigsResourceResult {
    let synonyms = if detail.synonyms {
        e.synonyms
            .into_iter()
            .map(|s| {
                DescribeConfigsSynonym::default()
                    .with_name(str_bytes(s.name))
                    .with_value(s.value.map(str_bytes))
                    .with_source(s.source.id())
            })
            .collect()
    } else {
        Vec::new()
    };
    let mut r = DescribeConfigsResourceResult::default()
        .with_name(str_bytes(e.name))
        .with_value(e.value.map(str_bytes))
        .with_read_only(e.read_only)
        .with_config_source(e.source.id())
        .with_is_sensitive(e.is_sensitive)
        .with_synonyms(synonyms);
    if detail.typed {
        r.config_type = e.config_type.id();
        // Null unless asked for (v1–2 do not carry the field at all).
        r.documentation = e
            .documentation
            .filter(|_| detail.documentation)
            .map(str_bytes);
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    use config::{ConfigSource, ConfigSynonym, ConfigType};

    fn entry() -> ConfigEntry {
        ConfigEntry {
            name: "retention.ms".into(),
            value: Some("1000".into()),
            source: ConfigSource::DynamicTopicConfig,
            read_only: false,
            is_sensitive: false,
            config_type: ConfigType::Long,
            documentation: Some("doc".into()),
            synonyms: vec![ConfigSynonym {
                name: "retention.ms".into(),
                value: Some("1000".into()),
                source: ConfigSource::DynamicTopicConfig,
            }],
        }
    }

    #[test]
    fn v1_leaves_out_v3_fields_and_synonyms_unless_asked() {
        let plain = Detail {
            synonyms: false,
            documentation: false,
            typed: false,
        };
        let r = config_result(entry(), plain);
        assert_eq!(r.config_type, 0);
        assert_ne!(r.documentation.as_deref(), Some("doc"));
        assert!(r.synonyms.is_empty());
        assert_eq!(r.config_source, ConfigSource::DynamicTopicConfig.id());
    }

    #[test]
    fn v3_carries_type_documentation_and_synonyms_when_asked() {
        let full = Detail {
            synonyms: true,
            documentation: true,
            typed: true,
        };
        let r = config_result(entry(), full);
        assert_eq!(r.config_type, ConfigType::Long.id());
        assert_eq!(r.documentation.as_deref(), Some("doc"));
        assert_eq!(r.synonyms.len(), 1);
        let undocumented = config_result(
            entry(),
            Detail {
                documentation: false,
                ..full
            },
        );
        assert!(undocumented.documentation.is_none());
    }

    #[test]
    fn broker_ids_must_be_integers() {
        assert_eq!(broker_id("3"), Ok(3));
        let e = broker_id("x").unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidRequest);
        assert_eq!(
            e.message.as_deref(),
            Some("Broker id must be an integer, but it is: x")
        );
    }
}
