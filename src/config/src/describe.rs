//! DescribeConfigs: the entries Kafka returns for a TOPIC or BROKER resource, with value,
//! source, read-only flag, sensitivity, type, documentation and synonyms in precedence order
//! (Kafka's `ConfigHelper.createTopicConfigEntry` / `createBrokerConfigEntry`).

use crate::broker_keys::{BrokerKey, BROKER_KEYS};
use crate::def::{ConfigType, DynamicMode, Value};
use crate::kafka_broker_keys::kafka_broker_key;
use crate::resolve::{BrokerLayers, Layer};
use crate::topic_keys::{TopicKey, TOPIC_KEYS};
use crate::BrokerConfig;
use std::collections::BTreeMap;

/// Kafka's DescribeConfigs config source ids.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(i8)]
pub enum ConfigSource {
    Unknown = 0,
    DynamicTopicConfig = 1,
    DynamicBrokerConfig = 2,
    DynamicDefaultBrokerConfig = 3,
    StaticBrokerConfig = 4,
    DefaultConfig = 5,
    DynamicBrokerLoggerConfig = 6,
    ClientMetricsConfig = 7,
    GroupConfig = 8,
}

impl ConfigSource {
    pub fn id(self) -> i8 {
        self as i8
    }

    fn of(layer: Layer) -> ConfigSource {
        match layer {
            Layer::DynamicBroker => ConfigSource::DynamicBrokerConfig,
            Layer::DynamicDefault => ConfigSource::DynamicDefaultBrokerConfig,
            Layer::Static => ConfigSource::StaticBrokerConfig,
            Layer::Default => ConfigSource::DefaultConfig,
        }
    }
}

/// One synonym of a config entry (DescribeConfigs v1+ with include_synonyms).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigSynonym {
    pub name: String,
    /// `None` for sensitive values.
    pub value: Option<String>,
    pub source: ConfigSource,
}

/// One DescribeConfigs result entry. `synonyms` is always filled; the handler drops it when
/// the request did not ask for synonyms (and `documentation` when it did not ask for that).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigEntry {
    pub name: String,
    pub value: Option<String>,
    pub source: ConfigSource,
    pub read_only: bool,
    pub is_sensitive: bool,
    pub config_type: ConfigType,
    pub documentation: Option<String>,
    pub synonyms: Vec<ConfigSynonym>,
}

/// Which BROKER resource is described: a node (`--entity-name <id>`) or the cluster-wide
/// default (empty resource name), which lists only the dynamic default configs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BrokerResource {
    Node,
    ClusterDefault,
}

/// Every topic config of a topic, sorted by name.
pub fn describe_topic_configs(
    broker: &BrokerConfig,
    broker_dynamic: &BTreeMap<String, String>,
    topic_overrides: &BTreeMap<String, String>,
) -> Vec<ConfigEntry> {
    let empty = BTreeMap::new();
    let layers = layers_of(broker, broker_dynamic, &empty);
    TOPIC_KEYS
        .iter()
        .map(|key| topic_entry(key, &layers, topic_overrides))
        .collect()
}

/// Every broker config of this node, sorted by name; `broker_dynamic` = this node's
/// per-broker dynamic configs.
pub fn describe_broker_configs(
    broker: &BrokerConfig,
    broker_dynamic: &BTreeMap<String, String>,
) -> Vec<ConfigEntry> {
    describe_broker_configs_layered(
        broker,
        broker_dynamic,
        &BTreeMap::new(),
        BrokerResource::Node,
    )
}

/// Broker configs with both dynamic layers: per-broker (`dynamic_broker`) over the cluster
/// default (`dynamic_default`).
pub fn describe_broker_configs_layered(
    broker: &BrokerConfig,
    dynamic_broker: &BTreeMap<String, String>,
    dynamic_default: &BTreeMap<String, String>,
    resource: BrokerResource,
) -> Vec<ConfigEntry> {
    let layers = layers_of(broker, dynamic_broker, dynamic_default);
    let mut entries: Vec<ConfigEntry> = BROKER_KEYS
        .iter()
        .filter(|key| {
            resource == BrokerResource::Node || dynamic_default.contains_key(key.def.name)
        })
        .map(|key| broker_entry(key, &layers, resource))
        .collect();
    // Kafka keys Sluice has no use for appear once they are stored, as Kafka returns them.
    let stored = match resource {
        BrokerResource::Node => [dynamic_broker, dynamic_default].to_vec(),
        BrokerResource::ClusterDefault => [dynamic_default].to_vec(),
    };
    let mut extra: BTreeMap<String, ConfigEntry> = BTreeMap::new();
    for (layer, configs) in stored.into_iter().enumerate() {
        for (name, value) in configs {
            // A listener-prefixed key (`listener.name.ssl.ssl.keystore.location`) is described
            // under its own name with its base key's type, as Kafka does.
            let base = crate::effective::listener_base(name).unwrap_or(name);
            let Some(key) = kafka_broker_key(base) else {
                continue;
            };
            if crate::broker_keys::broker_key(name).is_some() {
                continue;
            }
            let source = if layer == 0 && resource == BrokerResource::Node {
                ConfigSource::DynamicBrokerConfig
            } else {
                ConfigSource::DynamicDefaultBrokerConfig
            };
            let sensitive = key.config_type == ConfigType::Password;
            let value = (!sensitive).then(|| value.trim().to_string());
            // Sluice's TLS listeners read their own prefixed ssl.* keys (`security`).
            let used = name != base
                && crate::broker_keys::broker_prefix_usage(name) == Some(crate::def::Usage::Used);
            let entry = extra.entry(name.clone()).or_insert_with(|| ConfigEntry {
                name: name.clone(),
                value: value.clone(),
                source,
                read_only: false,
                is_sensitive: sensitive,
                config_type: key.config_type,
                documentation: Some(
                    if used {
                        USED_BY_TLS_DOC
                    } else {
                        UNUSED_KAFKA_KEY_DOC
                    }
                    .to_string(),
                ),
                synonyms: Vec::new(),
            });
            entry.synonyms.push(ConfigSynonym {
                name: name.clone(),
                value,
                source,
            });
        }
    }
    entries.extend(extra.into_values());
    entries.sort_by(|a, b| a.name.cmp(&b.name));
    entries
}

/// Documentation of a stored Kafka key Sluice does not act on.
const USED_BY_TLS_DOC: &str =
    "A listener's TLS setting; a change rebuilds the listener's TLS configuration.";
const UNUSED_KAFKA_KEY_DOC: &str =
    "A Kafka broker config Sluice stores and returns but has no use for.";

fn layers_of<'a>(
    broker: &'a BrokerConfig,
    dynamic_broker: &'a BTreeMap<String, String>,
    dynamic_default: &'a BTreeMap<String, String>,
) -> BrokerLayers<'a> {
    BrokerLayers {
        dynamic_broker,
        dynamic_default,
        static_: &broker.raw,
        num_shards_default: broker.num_shards,
    }
}

fn topic_entry(
    key: &TopicKey,
    layers: &BrokerLayers<'_>,
    overrides: &BTreeMap<String, String>,
) -> ConfigEntry {
    let override_value = overrides
        .get(key.def.name)
        .and_then(|raw| key.def.parse(raw).ok());
    let names: Vec<&str> = key.synonyms.iter().map(|s| s.name).collect();
    let mut synonyms = broker_synonyms(&names, layers);
    if let Some(value) = &override_value {
        synonyms.insert(
            0,
            ConfigSynonym {
                name: key.def.name.to_string(),
                value: Some(value.to_kafka_string()),
                source: ConfigSource::DynamicTopicConfig,
            },
        );
    }
    let value = match override_value {
        Some(value) => Some(value),
        None => layers.topic_default(key).ok(),
    };
    ConfigEntry {
        name: key.def.name.to_string(),
        value: value.map(|v| v.to_kafka_string()),
        source: synonyms
            .first()
            .map_or(ConfigSource::DefaultConfig, |s| s.source),
        read_only: false,
        is_sensitive: false,
        config_type: key.def.config_type,
        documentation: Some(key.def.doc.to_string()),
        synonyms,
    }
}

fn broker_entry(
    key: &BrokerKey,
    layers: &BrokerLayers<'_>,
    resource: BrokerResource,
) -> ConfigEntry {
    let name = key.def.name;
    let group = synonym_group(name);
    let mut synonyms: Vec<ConfigSynonym> = broker_synonyms(&group, layers)
        .into_iter()
        .skip_while(|s| s.name != name)
        .collect();
    if resource == BrokerResource::ClusterDefault {
        synonyms.retain(|s| s.source == ConfigSource::DynamicDefaultBrokerConfig);
    }
    let value = layers.raw(name).map(|(_, raw)| {
        key.def
            .parse(&raw)
            .map_or(raw.trim().to_string(), |v| v.to_kafka_string())
    });
    let sensitive = key.def.config_type == ConfigType::Password;
    ConfigEntry {
        name: name.to_string(),
        value: if sensitive { None } else { value },
        source: synonyms
            .first()
            .map_or(ConfigSource::DefaultConfig, |s| s.source),
        read_only: key.dynamic == DynamicMode::ReadOnly,
        is_sensitive: sensitive,
        config_type: key.def.config_type,
        documentation: Some(broker_documentation(key)),
        synonyms,
    }
}

fn broker_documentation(key: &BrokerKey) -> String {
    match key.sluice_default_differs {
        Some(kafka_default) => format!(
            "{} Sluice's default differs from Kafka's ({kafka_default}).",
            key.def.doc
        ),
        None => key.def.doc.to_string(),
    }
}

/// Kafka's `DynamicBrokerConfig.brokerConfigSynonyms`: keys that set the same thing.
fn synonym_group(name: &str) -> Vec<&str> {
    const GROUPS: &[&[&str]] = &[
        &["log.roll.ms", "log.roll.hours"],
        &["log.roll.jitter.ms", "log.roll.jitter.hours"],
        &[
            "log.retention.ms",
            "log.retention.minutes",
            "log.retention.hours",
        ],
    ];
    if name == "log.flush.interval.ms" {
        return vec!["log.flush.interval.ms", "log.flush.scheduler.interval.ms"];
    }
    GROUPS
        .iter()
        .find(|group| group.contains(&name))
        .map_or_else(|| vec![name], |group| group.to_vec())
}

/// Kafka's `configSynonyms`: per layer (dynamic broker, dynamic default, static, default), each
/// synonym set in it, synonyms in precedence order.
fn broker_synonyms(names: &[&str], layers: &BrokerLayers<'_>) -> Vec<ConfigSynonym> {
    let mut out = Vec::new();
    for layer in [
        Layer::DynamicBroker,
        Layer::DynamicDefault,
        Layer::Static,
        Layer::Default,
    ] {
        for name in names {
            if let Some(value) = layer_value(name, layer, layers) {
                out.push(ConfigSynonym {
                    name: name.to_string(),
                    value: Some(value),
                    source: ConfigSource::of(layer),
                });
            }
        }
    }
    out
}

fn layer_value(name: &str, layer: Layer, layers: &BrokerLayers<'_>) -> Option<String> {
    if layer == Layer::Default {
        let key = crate::broker_keys::broker_key(name)?;
        let default = layers.default_of(key)?;
        return Some(
            key.def
                .parse(&default)
                .map_or(default, |v: Value| v.to_kafka_string()),
        );
    }
    layers
        .set_values(name)
        .into_iter()
        .find(|(l, _)| *l == layer)
        .map(|(_, value)| value.trim().to_string())
}
