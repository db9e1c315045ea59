//! Group configs (Kafka's GROUP config resource, `GroupConfig` of Kafka 4.3): the keys a group
//! may override, their types, defaults and validators, the bounds the broker's `group.*` keys put
//! on them (Kafka's `GroupConfig.validate`), the entries DescribeConfigs returns for a group, and
//! the values the consumer-group coordinator runs a group with.

use crate::def::{ConfigType as T, KeyDef, Validator as V, Value};
use crate::describe::{ConfigEntry, ConfigSource, ConfigSynonym};
use crate::kafka_broker_keys::kafka_broker_key;
use crate::{BrokerConfig, ConfigError};
use std::collections::BTreeMap;

const fn group(
    name: &'static str,
    config_type: T,
    default: &'static str,
    validator: V,
    doc: &'static str,
) -> KeyDef {
    KeyDef {
        name,
        config_type,
        default: Some(default),
        validator,
        doc,
    }
}

/// Every group key of Kafka 4.3.1, sorted by name.
#[rustfmt::skip]
pub static GROUP_KEYS: &[KeyDef] = &[
    group("consumer.assignment.interval.ms", T::Int, "1000", V::AtLeast(0), "The interval between assignment updates for a consumer group."),
    group("consumer.heartbeat.interval.ms", T::Int, "5000", V::AtLeast(1), "The heartbeat interval given to the members of a consumer group."),
    group("consumer.session.timeout.ms", T::Int, "45000", V::AtLeast(1), "The timeout to detect client failures when using the consumer group protocol."),
    group("share.assignment.interval.ms", T::Int, "1000", V::AtLeast(0), "The interval between assignment updates for a share group."),
    group("share.auto.offset.reset", T::String, "latest", V::Custom(validate_share_auto_offset_reset), "The strategy to initialize the share-partition start offset."),
    group("share.delivery.count.limit", T::Int, "5", V::AtLeast(2), "The maximum number of delivery attempts for a record delivered to a share group."),
    group("share.heartbeat.interval.ms", T::Int, "5000", V::AtLeast(1), "The heartbeat interval given to the members of a share group."),
    group("share.isolation.level", T::String, "read_uncommitted", V::OneOf(&["read_committed", "read_uncommitted"]), "Controls how to read records written transactionally."),
    group("share.partition.max.record.locks", T::Int, "2000", V::AtLeast(100), "Share-group record lock limit per share-partition."),
    group("share.record.lock.duration.ms", T::Int, "30000", V::AtLeast(1000), "The record acquisition lock duration in milliseconds for share groups."),
    group("share.renew.acknowledge.enable", T::Boolean, "true", V::None, "Whether the renew acknowledge type is enabled for the share group."),
    group("share.session.timeout.ms", T::Int, "45000", V::AtLeast(1), "The timeout to detect client failures when using the share group protocol."),
    group("streams.assignment.interval.ms", T::Int, "1000", V::AtLeast(0), "The interval between assignment updates for a streams group."),
    group("streams.heartbeat.interval.ms", T::Int, "5000", V::AtLeast(1), "The heartbeat interval given to the members."),
    group("streams.initial.rebalance.delay.ms", T::Int, "3000", V::AtLeast(0), "The amount of time the group coordinator will wait for more streams clients to join a new group before performing the first rebalance."),
    group("streams.num.standby.replicas", T::Int, "0", V::AtLeast(0), "The number of standby replicas for each task."),
    group("streams.session.timeout.ms", T::Int, "45000", V::AtLeast(1), "The timeout to detect client failures when using the streams group protocol."),
];

/// `latest`, `earliest` or `by_duration:<ISO-8601 duration>` (Kafka's
/// `ShareGroupAutoOffsetResetStrategy.VALIDATOR`).
fn validate_share_auto_offset_reset(value: &str) -> Result<(), String> {
    let lower = value.to_ascii_lowercase();
    let duration_ok = lower
        .strip_prefix("by_duration:")
        .is_some_and(|d| d.starts_with('p') && d.len() > 1 && !d.starts_with("p-"));
    if lower == "latest" || lower == "earliest" || duration_ok {
        return Ok(());
    }
    Err("String must be one of: latest, earliest, by_duration:PnDTnHnMn.nS".to_string())
}

/// The definition of a group key, if it exists.
pub fn group_key(name: &str) -> Option<&'static KeyDef> {
    GROUP_KEYS
        .binary_search_by(|key| key.name.cmp(name))
        .ok()
        .map(|at| &GROUP_KEYS[at])
}

/// Names of every group config, sorted.
pub fn group_config_names() -> impl Iterator<Item = &'static str> {
    GROUP_KEYS.iter().map(|key| key.name)
}

/// The broker key supplying a group key's default (`consumer.session.timeout.ms` →
/// `group.consumer.session.timeout.ms`), if Kafka has one.
fn broker_synonym(name: &str) -> Option<&'static str> {
    kafka_broker_key(&format!("group.{name}")).map(|key| key.name)
}

/// The broker keys bounding a group key from below and above (`group.<kind>.min.<rest>`,
/// `group.<kind>.max.<rest>`), as Kafka's `GroupConfig.validateValues` checks them.
fn bounds(name: &str) -> (Option<&'static str>, Option<&'static str>) {
    if name == "streams.num.standby.replicas" {
        return (None, Some("group.streams.max.standby.replicas"));
    }
    let Some((kind, rest)) = name.split_once('.') else {
        return (None, None);
    };
    let find =
        |edge: &str| kafka_broker_key(&format!("group.{kind}.{edge}.{rest}")).map(|k| k.name);
    (find("min"), find("max"))
}

/// A broker key's value as an integer: the static config, else Kafka's default.
fn broker_int(broker: &BrokerConfig, name: &str) -> Option<i64> {
    let raw = broker
        .raw
        .get(name)
        .map(String::as_str)
        .or_else(|| kafka_broker_key(name).and_then(|key| key.default))?;
    raw.trim().parse().ok()
}

/// The effective value of a group key: the group's override, else the broker synonym, else
/// the key's default.
fn effective(broker: &BrokerConfig, overrides: &BTreeMap<String, String>, key: &KeyDef) -> Value {
    let parsed = |raw: &str| key.parse(raw).ok();
    overrides
        .get(key.name)
        .and_then(|raw| parsed(raw))
        .or_else(|| {
            let synonym = broker_synonym(key.name)?;
            let raw = broker
                .raw
                .get(synonym)
                .map(String::as_str)
                .or_else(|| kafka_broker_key(synonym).and_then(|k| k.default))?;
            parsed(raw)
        })
        .or_else(|| parsed(key.default.unwrap_or_default()))
        .unwrap_or(Value::Int(0))
}

fn effective_int(broker: &BrokerConfig, overrides: &BTreeMap<String, String>, name: &str) -> i64 {
    match group_key(name).map(|key| effective(broker, overrides, key)) {
        Some(Value::Int(n)) => n,
        _ => 0,
    }
}

/// Checks a group's complete overrides as Kafka does: every name a group key (else
/// `UnknownGroupConfig`), every value its type and validator, then each against the broker's
/// `group.*.min/max.*` bounds and every session timeout above its heartbeat interval.
pub fn validate_group_configs(
    broker: &BrokerConfig,
    overrides: &BTreeMap<String, String>,
) -> Result<(), ConfigError> {
    for (name, value) in overrides {
        let key = group_key(name)
            .ok_or_else(|| ConfigError::UnknownGroupConfig { name: name.clone() })?;
        key.validate(value)?;
    }
    let conflict = |reason: String| Err(ConfigError::Conflict { reason });
    for key in GROUP_KEYS {
        let value = effective_int(broker, overrides, key.name);
        let (min, max) = bounds(key.name);
        if let Some(min) = min.filter(|m| broker_int(broker, m).is_some_and(|b| value < b)) {
            return conflict(format!(
                "{} must be greater than or equal to {min}",
                key.name
            ));
        }
        if let Some(max) = max.filter(|m| broker_int(broker, m).is_some_and(|b| value > b)) {
            return conflict(format!("{} must be less than or equal to {max}", key.name));
        }
    }
    for kind in ["consumer", "share", "streams"] {
        let session = format!("{kind}.session.timeout.ms");
        let heartbeat = format!("{kind}.heartbeat.interval.ms");
        if effective_int(broker, overrides, &session)
            <= effective_int(broker, overrides, &heartbeat)
        {
            return conflict(format!("{session} must be greater than {heartbeat}"));
        }
    }
    Ok(())
}

/// Every group config of a group, sorted by name (Kafka's `createGroupConfigEntry`): the
/// group's override (source GROUP_CONFIG) or the broker synonym's value (DEFAULT_CONFIG).
pub fn describe_group_configs(
    broker: &BrokerConfig,
    overrides: &BTreeMap<String, String>,
) -> Vec<ConfigEntry> {
    GROUP_KEYS
        .iter()
        .map(|key| {
            let value = Some(effective(broker, overrides, key).to_kafka_string());
            let source = if overrides.contains_key(key.name) {
                ConfigSource::GroupConfig
            } else {
                ConfigSource::DefaultConfig
            };
            let mut synonyms = vec![ConfigSynonym {
                name: key.name.to_string(),
                value: value.clone(),
                source,
            }];
            if let Some(synonym) = broker_synonym(key.name) {
                let (value, source) = match broker.raw.get(synonym) {
                    Some(raw) => (
                        Some(raw.trim().to_string()),
                        ConfigSource::StaticBrokerConfig,
                    ),
                    None => (
                        kafka_broker_key(synonym)
                            .and_then(|k| k.default)
                            .map(String::from),
                        ConfigSource::DefaultConfig,
                    ),
                };
                synonyms.push(ConfigSynonym {
                    name: synonym.to_string(),
                    value,
                    source,
                });
            }
            ConfigEntry {
                name: key.name.to_string(),
                value,
                source,
                read_only: false,
                is_sensitive: false,
                config_type: key.config_type,
                documentation: Some(key.doc.to_string()),
                synonyms,
            }
        })
        .collect()
}

/// The consumer-group (KIP-848) timing a group runs with: (session timeout, heartbeat
/// interval) in ms — its overrides over the broker's `group.consumer.*` keys.
pub fn group_consumer_timeouts(
    broker: &BrokerConfig,
    overrides: &BTreeMap<String, String>,
) -> (i64, i64) {
    (
        effective_int(broker, overrides, "consumer.session.timeout.ms"),
        effective_int(broker, overrides, "consumer.heartbeat.interval.ms"),
    )
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
    fn keys_are_sorted_and_defaults_valid() {
        for pair in GROUP_KEYS.windows(2) {
            assert!(pair[0].name < pair[1].name);
        }
        for key in GROUP_KEYS {
            key.validate(key.default.unwrap_or_default()).unwrap();
        }
        assert_eq!(GROUP_KEYS.len(), 17);
    }

    #[test]
    fn validation_follows_kafka() {
        let broker = BrokerConfig::default();
        validate_group_configs(&broker, &map(&[("consumer.session.timeout.ms", "50000")])).unwrap();
        let err = validate_group_configs(&broker, &map(&[("nope", "1")])).unwrap_err();
        assert_eq!(err.to_string(), "Unknown group config name: nope");
        let err = validate_group_configs(&broker, &map(&[("consumer.session.timeout.ms", "1000")]))
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "consumer.session.timeout.ms must be greater than or equal to group.consumer.min.session.timeout.ms"
        );
        let err = validate_group_configs(
            &broker,
            &map(&[("consumer.heartbeat.interval.ms", "16000")]),
        )
        .unwrap_err();
        assert!(err
            .to_string()
            .contains("must be less than or equal to group.consumer.max.heartbeat.interval.ms"));
        assert!(
            validate_group_configs(&broker, &map(&[("consumer.session.timeout.ms", "x")])).is_err()
        );
        validate_group_configs(
            &broker,
            &map(&[("share.auto.offset.reset", "by_duration:PT1H")]),
        )
        .unwrap();
        assert!(
            validate_group_configs(&broker, &map(&[("share.auto.offset.reset", "never")])).is_err()
        );
    }

    #[test]
    fn describe_and_effective_values() {
        let broker = BrokerConfig::default();
        let overrides = map(&[("consumer.session.timeout.ms", "50000")]);
        let entries = describe_group_configs(&broker, &overrides);
        let session = entries
            .iter()
            .find(|e| e.name == "consumer.session.timeout.ms")
            .unwrap();
        assert_eq!(
            (session.value.as_deref(), session.source),
            (Some("50000"), ConfigSource::GroupConfig)
        );
        let heartbeat = entries
            .iter()
            .find(|e| e.name == "consumer.heartbeat.interval.ms")
            .unwrap();
        assert_eq!(
            (heartbeat.value.as_deref(), heartbeat.source),
            (Some("5000"), ConfigSource::DefaultConfig)
        );
        assert_eq!(
            heartbeat.synonyms[1].name,
            "group.consumer.heartbeat.interval.ms"
        );
        assert_eq!(
            group_consumer_timeouts(&broker, &overrides),
            (50_000, 5_000)
        );
    }
}
