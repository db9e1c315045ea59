//! Looking a key up through the configuration layers, in Kafka's precedence order:
//! topic override > dynamic per-broker > dynamic cluster default > static (server.properties and
//! `--set`) > default. Synonyms are walked in order on the merged broker layers, as Kafka
//! evaluates them on its merged `KafkaConfig`.

use crate::broker_keys::{broker_key, BrokerKey};
use crate::def::Value;
use crate::topic_keys::{TopicKey, Unit};
use crate::ConfigError;
use std::collections::BTreeMap;

/// Which layer a broker value came from (describe maps these to Kafka's ConfigSource).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Layer {
    DynamicBroker,
    DynamicDefault,
    Static,
    Default,
}

/// The broker layers, highest precedence first. `num_shards_default` is the one default that
/// is computed (one shard per core), not written in the key table.
#[derive(Clone, Copy)]
pub(crate) struct BrokerLayers<'a> {
    pub dynamic_broker: &'a BTreeMap<String, String>,
    pub dynamic_default: &'a BTreeMap<String, String>,
    pub static_: &'a BTreeMap<String, String>,
    pub num_shards_default: usize,
}

impl<'a> BrokerLayers<'a> {
    /// Every layer that sets `name`, highest precedence first (without the default).
    pub fn set_values(&self, name: &str) -> Vec<(Layer, &'a str)> {
        let layers = [
            (Layer::DynamicBroker, self.dynamic_broker),
            (Layer::DynamicDefault, self.dynamic_default),
            (Layer::Static, self.static_),
        ];
        layers
            .into_iter()
            .filter_map(|(layer, map)| map.get(name).map(|v| (layer, v.as_str())))
            .collect()
    }

    /// The default of a broker key as a string (computed for `num.shards`).
    pub fn default_of(&self, key: &BrokerKey) -> Option<String> {
        if key.def.name == "num.shards" {
            return Some(self.num_shards_default.to_string());
        }
        key.def.default.map(str::to_string)
    }

    /// The effective raw value of a broker key and the layer it came from.
    pub fn raw(&self, name: &str) -> Option<(Layer, String)> {
        if let Some((layer, value)) = self.set_values(name).first() {
            return Some((*layer, value.to_string()));
        }
        broker_key(name)
            .and_then(|key| self.default_of(key))
            .map(|value| (Layer::Default, value))
    }

    /// The parsed effective value of a broker key; `None` when unset without a default.
    pub fn value(&self, name: &str) -> Result<Option<Value>, ConfigError> {
        let Some(key) = broker_key(name) else {
            return Ok(None);
        };
        match self.raw(name) {
            Some((_, raw)) => key.def.parse(&raw).map(Some),
            None => Ok(None),
        }
    }

    /// The broker-supplied value of a topic key: the first synonym set in any layer, else the
    /// first synonym with a default, else the topic default; converted to the topic's unit.
    pub fn topic_default(&self, topic: &TopicKey) -> Result<Value, ConfigError> {
        let set = topic
            .synonyms
            .iter()
            .find(|s| !self.set_values(s.name).is_empty());
        let with_default = || {
            topic.synonyms.iter().find(|s| {
                broker_key(s.name)
                    .and_then(|k| self.default_of(k))
                    .is_some()
            })
        };
        let value = match set.or_else(with_default) {
            Some(synonym) => match self.value(synonym.name)? {
                Some(value) => convert(value, synonym.unit),
                None => topic.def.parse(topic.def.default.unwrap_or_default())?,
            },
            None => topic.def.parse(topic.def.default.unwrap_or_default())?,
        };
        Ok(normalize_retention(topic.def.name, value))
    }
}

fn convert(value: Value, unit: Unit) -> Value {
    match (value, unit) {
        (Value::Int(n), Unit::HoursToMs) => Value::Int(n.saturating_mul(3_600_000)),
        (Value::Int(n), Unit::MinutesToMs) => Value::Int(n.saturating_mul(60_000)),
        (value, _) => value,
    }
}

/// Kafka's `logRetentionTimeMillis` turns any negative retention into -1 (no limit).
fn normalize_retention(name: &str, value: Value) -> Value {
    match value {
        Value::Int(n) if name == "retention.ms" && n < 0 => Value::Int(-1),
        other => other,
    }
}

/// The effective value of a topic key: a valid topic override, else the broker's value.
/// An override that does not parse (possible only for data written by another version) is
/// skipped rather than trusted: the broker value applies.
pub(crate) fn topic_value(
    topic: &TopicKey,
    overrides: &BTreeMap<String, String>,
    broker: &BrokerLayers<'_>,
) -> Result<Value, ConfigError> {
    if let Some(value) = overrides
        .get(topic.def.name)
        .and_then(|raw| topic.def.parse(raw).ok())
    {
        return Ok(value);
    }
    broker.topic_default(topic)
}
