//! What DescribeConfigs, AlterConfigs and IncrementalAlterConfigs share: Kafka's config
//! resource types, resolving a resource name to what it names, and committing a validated
//! change through the controller.
//!
//! Checks follow Kafka's split: the broker preprocesses (resource shape, BROKER validation,
//! `ConfigAdminManager.preprocess`), the controller validates TOPIC configs and existence
//! (`ControllerConfigurationValidator`, `ConfigurationControlManager`).

use crate::Handlers;
use metadata::ConfigResource;
use model::{validate_topic_name, ErrorCode, NodeId};
use runtime::controller::ControllerRequest;
use std::collections::BTreeMap;
use std::rc::Rc;

/// Kafka's `ConfigResource.Type` ids.
pub(crate) const RESOURCE_TOPIC: i8 = 2;
pub(crate) const RESOURCE_BROKER: i8 = 4;
pub(crate) const RESOURCE_BROKER_LOGGER: i8 = 8;
pub(crate) const RESOURCE_GROUP: i8 = 32;

/// A refused resource: Kafka's error code and message (`ApiError`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ApiError {
    pub code: ErrorCode,
    pub message: Option<String>,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> ApiError {
        ApiError {
            code,
            message: Some(message.into()),
        }
    }

    pub fn bare(code: ErrorCode) -> ApiError {
        ApiError {
            code,
            message: None,
        }
    }

    pub fn invalid_request(message: impl Into<String>) -> ApiError {
        ApiError::new(ErrorCode::InvalidRequest, message)
    }
}

/// What an AlterConfigs / IncrementalAlterConfigs resource names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum AlterTarget {
    Topic(String),
    /// `None` = the cluster-wide default (empty resource name).
    Broker(Option<NodeId>),
    /// Log levels of this node (IncrementalAlterConfigs only).
    BrokerLogger,
    /// A consumer group's configs (KIP-848 `GroupConfig`); the group need not exist.
    Group(String),
}

/// Whether BROKER_LOGGER resources are accepted (legacy AlterConfigs never accepted them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LoggerResources {
    Accepted,
    Refused,
}

/// Kafka's name of a resource type id (`ConfigResource.Type`), as messages print it.
pub(crate) fn resource_type_name(resource_type: i8) -> &'static str {
    match resource_type {
        RESOURCE_TOPIC => "TOPIC",
        RESOURCE_BROKER => "BROKER",
        RESOURCE_BROKER_LOGGER => "BROKER_LOGGER",
        16 => "CLIENT_METRICS",
        RESOURCE_GROUP => "GROUP",
        _ => "UNKNOWN",
    }
}

/// Resolves an alter request's resource (`ConfigAdminManager.preprocess` and the controller's
/// topic name check).
pub(crate) fn alter_target(
    node: NodeId,
    resource_type: i8,
    name: &str,
    loggers: LoggerResources,
) -> Result<AlterTarget, ApiError> {
    match resource_type {
        RESOURCE_TOPIC => {
            if name.is_empty() {
                return Err(ApiError::invalid_request(
                    "Default topic resource is not allowed.",
                ));
            }
            validate_topic_name(name)
                .map_err(|e| ApiError::new(ErrorCode::InvalidTopicException, e.to_string()))?;
            Ok(AlterTarget::Topic(name.to_string()))
        }
        RESOURCE_BROKER if name.is_empty() => Ok(AlterTarget::Broker(None)),
        RESOURCE_BROKER => current_node(node, name).map(|n| AlterTarget::Broker(Some(n))),
        // Kafka's `ControllerConfigurationValidator.validateGroupName`.
        RESOURCE_GROUP if name.is_empty() => Err(ApiError::invalid_request(
            "Default group resources are not allowed.",
        )),
        RESOURCE_GROUP => Ok(AlterTarget::Group(name.to_string())),
        RESOURCE_BROKER_LOGGER if loggers == LoggerResources::Accepted => {
            current_node(node, name).map(|_| AlterTarget::BrokerLogger)
        }
        other => Err(ApiError::invalid_request(format!(
            "Unknown resource type {other}"
        ))),
    }
}

/// Kafka's `validateResourceNameIsCurrentNodeId`.
fn current_node(node: NodeId, name: &str) -> Result<NodeId, ApiError> {
    let id: i32 = name.parse().map_err(|_| {
        ApiError::invalid_request(format!("Node id must be an integer, but it is: {name}"))
    })?;
    if id != node.0 {
        return Err(ApiError::invalid_request(format!(
            "Unexpected broker id, expected {}, but received {name}",
            node.0
        )));
    }
    Ok(node)
}

/// The stored overrides of a resource.
pub(crate) fn current_overrides(ctx: &Handlers, target: &AlterTarget) -> BTreeMap<String, String> {
    let image = ctx.shard.image();
    match target {
        AlterTarget::Topic(name) => image.topic_configs(name),
        AlterTarget::Broker(node) => image.broker_configs(*node),
        AlterTarget::Group(group) => image.group_configs(group),
        AlterTarget::BrokerLogger => BTreeMap::new(),
    }
}

/// Checks the overrides a resource would have after the change. Topic and group config errors
/// are INVALID_CONFIG (the controller's `ConfigException`); broker config errors are
/// INVALID_REQUEST, as Kafka's broker answers them (KAFKA-13609).
pub(crate) fn validate_overrides(
    broker: &config::BrokerConfig,
    target: &AlterTarget,
    overrides: &BTreeMap<String, String>,
) -> Result<(), ApiError> {
    match target {
        AlterTarget::Group(_) => config::validate_group_configs(broker, overrides)
            .map_err(|e| ApiError::new(ErrorCode::InvalidConfig, e.to_string())),
        AlterTarget::Topic(_) => config::validate_topic_configs(overrides)
            .map_err(|e| ApiError::new(ErrorCode::InvalidConfig, e.to_string())),
        AlterTarget::Broker(node) => overrides.iter().try_for_each(|(name, value)| {
            config::validate_broker_dynamic_config(name, value)
                .map_err(|e| ApiError::invalid_request(e.to_string()))?;
            if node.is_none() && config::broker_config_is_per_broker_only(name) {
                return Err(ApiError::invalid_request(format!(
                    "Cannot update these configs at default cluster level, broker id must be specified: [{name}]"
                )));
            }
            Ok(())
        }),
        AlterTarget::BrokerLogger => Ok(()),
    }
}

/// A change to a listener's TLS keys (`listener.name.<name>.ssl.*`) must leave a listener that
/// builds and serves a certificate with the same subject and alternative names (unless
/// `ssl.allow.dn.changes` / `ssl.allow.san.changes`): the new key and trust stores are read
/// now, as Kafka validates its SslFactory before storing the change, so a broken store is
/// refused rather than found at the next handshake.
fn validate_listener_stores(
    config: &config::BrokerConfig,
    node: NodeId,
    current: &BTreeMap<String, String>,
    wanted: &BTreeMap<String, String>,
) -> Result<(), ApiError> {
    security::validate_dynamic(config, current, wanted).map_err(|e| {
        ApiError::invalid_request(format!(
            "Invalid config value for resource ConfigResource(type=BROKER, name='{}'): Validation of dynamic config update of SSLFactory failed: {e}",
            node.0
        ))
    })
}

/// The changes that turn `current` into `wanted`: changed or new keys set, missing keys deleted.
pub(crate) fn changes(
    current: &BTreeMap<String, String>,
    wanted: &BTreeMap<String, String>,
) -> BTreeMap<String, Option<String>> {
    let mut set: BTreeMap<String, Option<String>> = wanted
        .iter()
        .filter(|(k, v)| current.get(*k) != Some(*v))
        .map(|(k, v)| (k.clone(), Some(v.clone())))
        .collect();
    for key in current.keys().filter(|k| !wanted.contains_key(*k)) {
        set.insert(key.clone(), None);
    }
    set
}

/// Validates `wanted` (the resource's complete overrides after the change) and commits the
/// difference from `current` through the controller (or only checks it, for validate_only).
pub(crate) async fn commit(
    ctx: &Rc<Handlers>,
    target: &AlterTarget,
    current: &BTreeMap<String, String>,
    wanted: &BTreeMap<String, String>,
    validate_only: bool,
) -> Result<(), ApiError> {
    validate_overrides(&ctx.shard.config, target, wanted)?;
    if let AlterTarget::Broker(Some(node)) = target {
        validate_listener_stores(&ctx.shard.config, *node, current, wanted)?;
    }
    let resource = match target {
        AlterTarget::Topic(name) => ConfigResource::Topic(name.clone()),
        AlterTarget::Broker(node) => ConfigResource::Broker(*node),
        AlterTarget::Group(group) => ConfigResource::Group(group.clone()),
        // Log levels are not stored: nothing to commit.
        AlterTarget::BrokerLogger => return Ok(()),
    };
    let set = changes(current, wanted);
    let req = ControllerRequest::AlterConfigs {
        resource,
        set,
        validate_only,
    };
    ctx.shard
        .controller(req)
        .await
        .map(|_| ())
        .map_err(|e| ApiError::new(e.code, e.message))
}

/// Marks resources that appear more than once (by type and name): Kafka refuses each of them
/// with "Each resource must appear at most once.".
pub(crate) fn duplicate_resources<'a>(
    keys: impl Iterator<Item = (i8, &'a str)> + Clone,
) -> Vec<bool> {
    let mut counts: BTreeMap<(i8, &str), usize> = BTreeMap::new();
    for key in keys.clone() {
        *counts.entry(key).or_default() += 1;
    }
    keys.map(|key| counts[&key] > 1).collect()
}

pub(crate) fn duplicate_resource_error() -> ApiError {
    ApiError::invalid_request("Each resource must appear at most once.")
}

/// The shared loop of AlterConfigs and IncrementalAlterConfigs: refuses resources named twice,
/// runs `alter` on each of the others in order, and returns each resource's error (NONE when
/// it succeeded).
pub(crate) async fn alter_each<'a, R, Fut>(
    resources: &'a [R],
    key: impl Fn(&'a R) -> (i8, &'a str),
    mut alter: impl FnMut(&'a R) -> Fut,
) -> Vec<ApiError>
where
    Fut: std::future::Future<Output = Result<(), ApiError>>,
{
    let duplicates = duplicate_resources(resources.iter().map(&key));
    let mut errors = Vec::with_capacity(resources.len());
    for (resource, duplicate) in resources.iter().zip(duplicates) {
        let result = if duplicate {
            Err(duplicate_resource_error())
        } else {
            alter(resource).await
        };
        errors.push(result.err().unwrap_or(ApiError::bare(ErrorCode::None)));
    }
    errors
}

/// Kafka's per-resource key checks: no key twice, no null value (except where `null_allowed`).
pub(crate) fn check_keys<'a>(
    configs: impl Iterator<Item = (&'a str, bool)> + Clone,
    null_allowed: impl Fn(usize) -> bool,
) -> Result<(), ApiError> {
    let mut seen = std::collections::BTreeSet::new();
    if !configs.clone().all(|(name, _)| seen.insert(name)) {
        return Err(ApiError::invalid_request(
            "Error due to duplicate config keys",
        ));
    }
    let nulls: Vec<&str> = configs
        .enumerate()
        .filter(|(i, (_, has_value))| !has_value && !null_allowed(*i))
        .map(|(_, (name, _))| name)
        .collect();
    if !nulls.is_empty() {
        return Err(ApiError::invalid_request(format!(
            "Null value not supported for : {}",
            nulls.join(", ")
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn changes_set_new_and_changed_keys_and_delete_missing_ones() {
        let current = map(&[("a", "1"), ("b", "2"), ("c", "3")]);
        let wanted = map(&[("a", "1"), ("b", "20"), ("d", "4")]);
        let got = changes(&current, &wanted);
        let want: BTreeMap<String, Option<String>> = [
            ("b".to_string(), Some("20".to_string())),
            ("c".to_string(), None),
            ("d".to_string(), Some("4".to_string())),
        ]
        .into_iter()
        .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn broker_resource_names_must_be_this_node() {
        let node = NodeId(1);
        let logs = LoggerResources::Accepted;
        assert_eq!(
            alter_target(node, RESOURCE_BROKER, "", logs),
            Ok(AlterTarget::Broker(None))
        );
        assert_eq!(
            alter_target(node, RESOURCE_BROKER, "1", logs),
            Ok(AlterTarget::Broker(Some(node)))
        );
        let other = alter_target(node, RESOURCE_BROKER, "2", logs).unwrap_err();
        assert_eq!(other.code, ErrorCode::InvalidRequest);
        assert_eq!(
            other.message.as_deref(),
            Some("Unexpected broker id, expected 1, but received 2")
        );
        let junk = alter_target(node, RESOURCE_BROKER, "x", logs).unwrap_err();
        assert_eq!(
            junk.message.as_deref(),
            Some("Node id must be an integer, but it is: x")
        );
    }

    #[test]
    fn topic_and_logger_resources_are_checked_like_kafka() {
        let node = NodeId(1);
        let refused =
            alter_target(node, RESOURCE_BROKER_LOGGER, "1", LoggerResources::Refused).unwrap_err();
        assert_eq!(refused.message.as_deref(), Some("Unknown resource type 8"));
        assert_eq!(
            alter_target(node, RESOURCE_BROKER_LOGGER, "1", LoggerResources::Accepted),
            Ok(AlterTarget::BrokerLogger)
        );
        let empty = alter_target(node, RESOURCE_TOPIC, "", LoggerResources::Refused).unwrap_err();
        assert_eq!(empty.code, ErrorCode::InvalidRequest);
        let bad = alter_target(node, RESOURCE_TOPIC, "a/b", LoggerResources::Refused).unwrap_err();
        assert_eq!(bad.code, ErrorCode::InvalidTopicException);
        assert_eq!(
            alter_target(node, 0, "x", LoggerResources::Refused)
                .unwrap_err()
                .code,
            ErrorCode::InvalidRequest
        );
    }

    #[test]
    fn duplicates_and_nulls_are_refused() {
        let flags = duplicate_resources([(2, "t"), (2, "t"), (4, "t")].into_iter());
        assert_eq!(flags, vec![true, true, false]);
        let dup = check_keys([("a", true), ("a", true)].into_iter(), |_| false).unwrap_err();
        assert_eq!(
            dup.message.as_deref(),
            Some("Error due to duplicate config keys")
        );
        let nulls = check_keys(
            [("a", false), ("b", false), ("c", false)].into_iter(),
            |i| i == 1,
        )
        .unwrap_err();
        assert_eq!(
            nulls.message.as_deref(),
            Some("Null value not supported for : a, c")
        );
        assert!(check_keys([("a", true), ("b", false)].into_iter(), |i| i == 1).is_ok());
    }

    #[test]
    fn broker_validation_errors_are_invalid_request_and_topic_errors_invalid_config() {
        let b = config::BrokerConfig::default();
        let topic = AlterTarget::Topic("t".into());
        let err = validate_overrides(&b, &topic, &map(&[("no.such.key", "1")])).unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidConfig);
        assert!(validate_overrides(&b, &topic, &map(&[("retention.ms", "1000")])).is_ok());
        let broker = AlterTarget::Broker(None);
        let err = validate_overrides(&b, &broker, &map(&[("num.partitions", "1")])).unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidRequest);
        // Kafka stores custom broker keys and the dynamic ones it has that Sluice does not use.
        assert!(validate_overrides(&b, &broker, &map(&[("no.such.key", "1")])).is_ok());
        let kerberos = map(&[("sasl.kerberos.min.time.before.relogin", "1000")]);
        let err = validate_overrides(&b, &broker, &kerberos).unwrap_err();
        assert_eq!(
            err.message.as_deref(),
            Some("Cannot update these configs at default cluster level, broker id must be specified: [sasl.kerberos.min.time.before.relogin]")
        );
        assert!(validate_overrides(&b, &AlterTarget::Broker(Some(NodeId(1))), &kerberos).is_ok());
        let group = AlterTarget::Group("g".into());
        let err = validate_overrides(&b, &group, &map(&[("no.such.key", "1")])).unwrap_err();
        assert_eq!(
            (err.code, err.message.as_deref()),
            (
                ErrorCode::InvalidConfig,
                Some("Unknown group config name: no.such.key")
            )
        );
        assert!(validate_overrides(
            &b,
            &group,
            &map(&[("consumer.session.timeout.ms", "50000")])
        )
        .is_ok());
        let empty =
            alter_target(NodeId(1), RESOURCE_GROUP, "", LoggerResources::Refused).unwrap_err();
        assert_eq!(
            empty.message.as_deref(),
            Some("Default group resources are not allowed.")
        );
    }
}
