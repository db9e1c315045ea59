//! Broker and topic configuration: Kafka's `server.properties` syntax, key names, types,
//! defaults, synonyms and validation rules (Kafka 4.x), so a user moving from Kafka keeps their
//! file; topic-level configs and their broker defaults; the effective log settings of a topic;
//! and the entries DescribeConfigs returns.
//!
//! Runs once per process (no glommio, no IO beyond reading the kernel's host name for
//! advertising a wildcard listener). Everything here is a pure function of its inputs.
//!
//! Sluice defaults that differ from Kafka's (everything else is Kafka's default):
//! - `node.id` = 1 (Kafka requires it): one embedded node that is its own metadata quorum.
//! - `listeners` = `PLAINTEXT://127.0.0.1:9092` (Kafka: `PLAINTEXT://:9092`): loopback until
//!   the operator opens it.
//! - `log.dir` = `./data` (Kafka: `/tmp/kafka-logs`); `log.dirs` wins over it when set.
//! - `log.flush.interval.messages` = 1 (Kafka: Long.MAX_VALUE, i.e. never): durable by
//!   default, an acknowledged write has been fsynced (group commit). Kafka's value relaxes it.
//! - `num.shards` (Sluice only) = one per available core.
//! - `http.listeners` (Sluice only) = `http://127.0.0.1:9644`: metrics and health endpoints.
//! - `socket.send.buffer.bytes` and `socket.receive.buffer.bytes` = -1 (Kafka: 102400): the
//!   kernel tunes them; a fixed 100 KiB send buffer let max-rate consumers fall behind.
//! - `socket.listen.backlog.size` = 1024 (Kafka: 50): each shard has its own accept queue.
//!
//! Invariants:
//! - Every built-in default passes its own validator (tested); `BrokerConfig::default()`
//!   cannot fail.
//! - No panic is reachable from file contents, overrides or stored topic configs: invalid
//!   values are `ConfigError`s; invalid stored overrides are skipped, not trusted.
//! - Precedence: topic override > dynamic per-broker > dynamic cluster default > static
//!   (file, then `--set`) > default; among synonyms, Kafka's order (`log.retention.ms` >
//!   `log.retention.minutes` > `log.retention.hours`, `log.roll.ms` > `log.roll.hours`, ...).
//!
//! Advertised listeners: `advertised.listeners` if set (names must be a subset of
//! `listeners`), else `listeners` minus `controller.listener.names`. An empty host is
//! advertised as this machine's host name (Kafka advertises its canonical host name);
//! `0.0.0.0` / `::` cannot be advertised (an error, as in Kafka).
//!
//! Deliberately not here: applying dynamic changes (the broker does that), storing them (the
//! metadata log), building TLS and SASL from the `ssl.*` / `sasl.*` keys (the `security`
//! crate does, through `BrokerConfig::listener_setting`, which applies Kafka's
//! `listener.name.<name>.` overrides, and refuses what it cannot serve), ACLs (not
//! implemented: such keys warn), config providers (`${...}` is not resolved).

mod broker;
mod broker_keys;
mod def;
mod describe;
mod effective;
mod error;
mod group_keys;
mod http;
mod kafka_broker_keys;
mod kraft;
mod listener;
mod properties;
mod resolve;
mod topic_keys;

pub use broker::{default_num_shards, BrokerConfig};
pub use broker_keys::NUM_SHARDS_MAX;
pub use def::{ConfigType, DynamicMode};
pub use describe::{
    describe_broker_configs, describe_broker_configs_layered, describe_topic_configs,
    BrokerResource, ConfigEntry, ConfigSource, ConfigSynonym,
};
pub use effective::{
    broker_config_is_per_broker_only, broker_dynamic_mode, cleaner_config, effective_log_config,
    validate_broker_dynamic_config, validate_topic_config, validate_topic_configs, CleanerConfig,
    CleanupPolicy, CompressionType, EffectiveLogConfig, TimestampType,
};
pub use error::{ConfigError, Origin};
pub use group_keys::{
    describe_group_configs, group_config_names, group_consumer_timeouts, validate_group_configs,
};
pub use kafka_broker_keys::{kafka_broker_key, KafkaBrokerKey, KAFKA_BROKER_KEYS};
pub use kraft::{parse_quorum_voters, QuorumVoter};
pub use listener::{Listener, SecurityProtocol};
pub use properties::parse_properties;

/// Names of every topic config, sorted (for CreateTopics validation and DescribeConfigs).
pub fn topic_config_names() -> impl Iterator<Item = &'static str> {
    topic_keys::TOPIC_KEYS.iter().map(|key| key.def.name)
}

/// Names of every broker config Sluice lists (its own table), sorted.
pub fn broker_config_names() -> impl Iterator<Item = &'static str> {
    broker_keys::BROKER_KEYS.iter().map(|key| key.def.name)
}

/// The broker key whose value supplies a topic config's default, if any (e.g.
/// `retention.ms` → `log.retention.ms`).
pub fn topic_config_broker_synonym(name: &str) -> Option<&'static str> {
    topic_keys::topic_key(name)?
        .synonyms
        .first()
        .map(|s| s.name)
}

#[cfg(test)]
mod tests;
