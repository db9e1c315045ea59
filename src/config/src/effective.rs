//! Topic config validation, dynamic broker config validation, and the effective log settings of
//! a topic (topic overrides over dynamic broker over static broker over defaults).

use crate::broker::default_num_shards;
use crate::broker_keys::broker_key;
use crate::def::{DynamicMode, KeyDef, Validator, Value};
use crate::kafka_broker_keys::{
    kafka_broker_key, CLUSTER_LEVEL_LISTENER_KEYS, LISTENER_PREFIX_ONLY,
};
use crate::resolve::{topic_value, BrokerLayers};
use crate::topic_keys::topic_key;
use crate::{BrokerConfig, ConfigError};
use std::collections::BTreeMap;

/// `message.timestamp.type`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimestampType {
    CreateTime,
    LogAppendTime,
}

impl TimestampType {
    pub fn from_name(name: &str) -> Option<TimestampType> {
        match name.trim() {
            "CreateTime" => Some(TimestampType::CreateTime),
            "LogAppendTime" => Some(TimestampType::LogAppendTime),
            _ => None,
        }
    }
}

/// `cleanup.policy`: which of deletion by retention and compaction apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CleanupPolicy {
    pub delete: bool,
    pub compact: bool,
}

impl CleanupPolicy {
    pub(crate) fn from_list(items: &[String]) -> CleanupPolicy {
        CleanupPolicy {
            delete: items.iter().any(|i| i.eq_ignore_ascii_case("delete")),
            compact: items.iter().any(|i| i.eq_ignore_ascii_case("compact")),
        }
    }
}

/// `compression.type`: the codec a topic stores, or `Producer` to keep the producer's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompressionType {
    Producer,
    Uncompressed,
    Gzip,
    Snappy,
    Lz4,
    Zstd,
}

impl CompressionType {
    pub fn from_name(name: &str) -> Option<CompressionType> {
        match name.trim() {
            "producer" => Some(CompressionType::Producer),
            "uncompressed" => Some(CompressionType::Uncompressed),
            "gzip" => Some(CompressionType::Gzip),
            "snappy" => Some(CompressionType::Snappy),
            "lz4" => Some(CompressionType::Lz4),
            "zstd" => Some(CompressionType::Zstd),
            _ => None,
        }
    }
}

/// The settings the log of one topic runs with.
#[derive(Clone, Debug, PartialEq)]
pub struct EffectiveLogConfig {
    pub segment_bytes: u64,
    pub segment_ms: i64,
    pub segment_jitter_ms: i64,
    pub segment_index_bytes: u32,
    /// -1 = no time limit.
    pub retention_ms: i64,
    /// -1 = no size limit.
    pub retention_bytes: i64,
    pub index_interval_bytes: u32,
    pub max_message_bytes: u32,
    /// fsync after this many messages (1 = before every acknowledgement).
    pub flush_interval_messages: u64,
    /// `None` = no time-based flush.
    pub flush_interval_ms: Option<u64>,
    pub timestamp_type_log_append: bool,
    pub message_timestamp_before_max_ms: u64,
    pub message_timestamp_after_max_ms: u64,
    pub file_delete_delay_ms: u64,
    pub min_insync_replicas: i32,
    pub cleanup_policy: CleanupPolicy,
    pub compression_type: CompressionType,
    /// `compression.gzip.level`: 1..=9, or -1 for zlib's default.
    pub compression_gzip_level: i32,
    /// `compression.lz4.level`.
    pub compression_lz4_level: i32,
    /// `compression.zstd.level`.
    pub compression_zstd_level: i32,
    pub delete_retention_ms: u64,
    pub min_compaction_lag_ms: u64,
    pub max_compaction_lag_ms: u64,
    pub min_cleanable_dirty_ratio: f64,
    pub preallocate: bool,
    pub unclean_leader_election_enable: bool,
}

impl EffectiveLogConfig {
    pub fn timestamp_type(&self) -> TimestampType {
        if self.timestamp_type_log_append {
            TimestampType::LogAppendTime
        } else {
            TimestampType::CreateTime
        }
    }

    /// The retention time limit, if any.
    pub fn retention_ms_limit(&self) -> Option<u64> {
        u64::try_from(self.retention_ms).ok()
    }

    /// The retention size limit, if any.
    pub fn retention_bytes_limit(&self) -> Option<u64> {
        u64::try_from(self.retention_bytes).ok()
    }
}

/// Checks one topic config (CreateTopics / AlterConfigs / IncrementalAlterConfigs).
/// Unknown name → `UnknownTopicConfig` (Kafka: INVALID_CONFIG "Unknown topic config name: x").
pub fn validate_topic_config(name: &str, value: &str) -> Result<(), ConfigError> {
    let key = topic_key(name).ok_or_else(|| ConfigError::UnknownTopicConfig {
        name: name.to_string(),
    })?;
    key.def.validate(value)
}

/// Checks a whole set of topic overrides: each key, then the rules between keys
/// (`min.compaction.lag.ms` <= `max.compaction.lag.ms`, as Kafka's `LogConfig.validateValues`).
pub fn validate_topic_configs(overrides: &BTreeMap<String, String>) -> Result<(), ConfigError> {
    for (name, value) in overrides {
        validate_topic_config(name, value)?;
    }
    let lag = |name: &str, fallback: i64| {
        overrides
            .get(name)
            .and_then(|v| v.trim().parse::<i64>().ok())
            .unwrap_or(fallback)
    };
    let min = lag("min.compaction.lag.ms", 0);
    let max = lag("max.compaction.lag.ms", i64::MAX);
    if min > max {
        return Err(ConfigError::Conflict {
            reason: format!("conflict topic config setting min.compaction.lag.ms ({min}) > max.compaction.lag.ms ({max})"),
        });
    }
    Ok(())
}

/// How a broker key may be altered at run time, if at all (Kafka's DynamicBrokerConfig modes):
/// Sluice's table for the keys it lists, Kafka 4.3's for the others.
pub fn broker_dynamic_mode(name: &str) -> Option<DynamicMode> {
    broker_key(name)
        .map(|key| key.dynamic)
        .or_else(|| kafka_broker_key(name).map(|key| key.dynamic))
        .filter(|mode| *mode != DynamicMode::ReadOnly)
}

/// Checks one dynamic broker config (AlterConfigs / IncrementalAlterConfigs on a BROKER
/// resource) in Kafka's order (`DynamicBrokerConfig.validateConfigs`): a key Kafka or Sluice
/// knows as read-only → `NotDynamic`; a security key Kafka alters only per listener →
/// `ListenerPrefixOnly`; then the value against the key's type. A key neither knows is a custom
/// config, which Kafka accepts and stores (`customPropsAllowed`), and so does Sluice.
pub fn validate_broker_dynamic_config(name: &str, value: &str) -> Result<(), ConfigError> {
    let not_dynamic = || ConfigError::NotDynamic {
        name: name.to_string(),
    };
    if let Some(key) = broker_key(name) {
        if key.dynamic == DynamicMode::ReadOnly {
            return Err(not_dynamic());
        }
        return key.def.validate(value);
    }
    if kafka_broker_key(name).is_some_and(|key| key.dynamic == DynamicMode::ReadOnly) {
        return Err(not_dynamic());
    }
    if LISTENER_PREFIX_ONLY.contains(&name) {
        return Err(ConfigError::ListenerPrefixOnly {
            name: name.to_string(),
        });
    }
    // Kafka checks a listener-prefixed key's value as its base key's type.
    let base = listener_base(name).unwrap_or(name);
    if let Some(key) = broker_key(base) {
        return key.def.validate(value);
    }
    match kafka_broker_key(base) {
        Some(key) => KeyDef {
            name: key.name,
            config_type: key.config_type,
            default: key.default,
            validator: Validator::None,
            doc: "",
        }
        .validate(value),
        None => Ok(()),
    }
}

/// Kafka's `perBrokerConfigs`: keys that cannot be set as the cluster-wide default (empty
/// BROKER resource name) — per-broker keys and listener-prefixed keys other than the
/// cluster-level listener ones.
pub fn broker_config_is_per_broker_only(name: &str) -> bool {
    if let Some(base) = listener_base(name) {
        return !CLUSTER_LEVEL_LISTENER_KEYS.contains(&base);
    }
    broker_key(name)
        .map(|key| key.dynamic)
        .or_else(|| kafka_broker_key(name).map(|key| key.dynamic))
        == Some(DynamicMode::PerBroker)
}

/// `listener.name.<listener>.<base>` → `<base>`.
pub(crate) fn listener_base(name: &str) -> Option<&str> {
    let rest = name.strip_prefix("listener.name.")?;
    let (_, base) = rest.split_once('.')?;
    (!base.is_empty()).then_some(base)
}

/// The effective log settings of a topic. `broker_dynamic` holds this node's dynamic broker
/// configs (per-broker and cluster default merged by the caller, per-broker winning);
/// `topic_overrides` the topic's own configs. Invalid stored values are skipped, never trusted.
pub fn effective_log_config(
    broker: &BrokerConfig,
    broker_dynamic: &BTreeMap<String, String>,
    topic_overrides: &BTreeMap<String, String>,
) -> EffectiveLogConfig {
    let empty = BTreeMap::new();
    let layers = BrokerLayers {
        dynamic_broker: broker_dynamic,
        dynamic_default: &empty,
        static_: &broker.raw,
        num_shards_default: default_num_shards(),
    };
    let get = |name: &str| -> Value {
        let Some(key) = topic_key(name) else {
            // Every name below is a literal from the topic key table; the test of this
            // function reads every field, so a typo fails there.
            debug_assert!(false, "unknown topic key {name}");
            return Value::Int(0);
        };
        topic_value(key, topic_overrides, &layers)
            .or_else(|_| key.def.parse(key.def.default.unwrap_or_default()))
            .unwrap_or(Value::Int(0))
    };
    let int = |name: &str| match get(name) {
        Value::Int(n) => n,
        _ => 0,
    };
    let unsigned = |name: &str| u64::try_from(int(name)).unwrap_or(0);
    let unsigned32 = |name: &str| u32::try_from(int(name)).unwrap_or(0);
    let boolean = |name: &str| matches!(get(name), Value::Bool(true));
    let string = |name: &str| get(name).to_kafka_string();
    let flush_ms = int("flush.ms");
    let cleanup = match get("cleanup.policy") {
        Value::List(items) => CleanupPolicy::from_list(&items),
        _ => CleanupPolicy {
            delete: true,
            compact: false,
        },
    };
    EffectiveLogConfig {
        segment_bytes: unsigned("segment.bytes"),
        segment_ms: int("segment.ms"),
        segment_jitter_ms: int("segment.jitter.ms"),
        segment_index_bytes: unsigned32("segment.index.bytes"),
        retention_ms: int("retention.ms"),
        retention_bytes: int("retention.bytes"),
        index_interval_bytes: unsigned32("index.interval.bytes"),
        max_message_bytes: unsigned32("max.message.bytes"),
        flush_interval_messages: unsigned("flush.messages").max(1),
        flush_interval_ms: (flush_ms != i64::MAX).then_some(flush_ms.max(0) as u64),
        timestamp_type_log_append: string("message.timestamp.type") == "LogAppendTime",
        message_timestamp_before_max_ms: unsigned("message.timestamp.before.max.ms"),
        message_timestamp_after_max_ms: unsigned("message.timestamp.after.max.ms"),
        file_delete_delay_ms: unsigned("file.delete.delay.ms"),
        min_insync_replicas: i32::try_from(int("min.insync.replicas")).unwrap_or(1),
        cleanup_policy: cleanup,
        compression_type: CompressionType::from_name(&string("compression.type"))
            .unwrap_or(CompressionType::Producer),
        compression_gzip_level: i32::try_from(int("compression.gzip.level")).unwrap_or(-1),
        compression_lz4_level: i32::try_from(int("compression.lz4.level")).unwrap_or(9),
        compression_zstd_level: i32::try_from(int("compression.zstd.level")).unwrap_or(3),
        delete_retention_ms: unsigned("delete.retention.ms"),
        min_compaction_lag_ms: unsigned("min.compaction.lag.ms"),
        max_compaction_lag_ms: unsigned("max.compaction.lag.ms"),
        min_cleanable_dirty_ratio: match get("min.cleanable.dirty.ratio") {
            Value::Double(d) => d,
            _ => 0.5,
        },
        preallocate: boolean("preallocate"),
        unclean_leader_election_enable: boolean("unclean.leader.election.enable"),
    }
}

/// The log cleaner's broker settings (all dynamic cluster-wide in Kafka): dynamic broker
/// configs over static over defaults.
#[derive(Clone, Debug, PartialEq)]
pub struct CleanerConfig {
    /// `log.cleaner.threads`: how many logs the process cleans at once (0: none).
    pub threads: usize,
    /// `log.cleaner.backoff.ms`: the sleep when there is nothing to clean.
    pub backoff_ms: u64,
    /// `log.cleaner.dedupe.buffer.size`: the key maps' memory, shared by the threads.
    pub dedupe_buffer_bytes: u64,
    /// `log.cleaner.io.max.bytes.per.second`: read plus write, shared by the threads.
    pub io_max_bytes_per_second: f64,
}

/// The effective [`CleanerConfig`] of this node (`broker_dynamic` as for
/// [`effective_log_config`]). Invalid stored values fall back to the default.
pub fn cleaner_config(
    broker: &BrokerConfig,
    broker_dynamic: &BTreeMap<String, String>,
) -> CleanerConfig {
    let empty = BTreeMap::new();
    let layers = BrokerLayers {
        dynamic_broker: broker_dynamic,
        dynamic_default: &empty,
        static_: &broker.raw,
        num_shards_default: default_num_shards(),
    };
    let value = |name: &str| {
        layers.value(name).ok().flatten().or_else(|| {
            broker_key(name)
                .and_then(|k| k.def.default)
                .and_then(|d| broker_key(name)?.def.parse(d).ok())
        })
    };
    let int = |name: &str, fallback: i64| match value(name) {
        Some(Value::Int(n)) => n,
        _ => fallback,
    };
    CleanerConfig {
        threads: usize::try_from(int("log.cleaner.threads", 1)).unwrap_or(1),
        backoff_ms: u64::try_from(int("log.cleaner.backoff.ms", 15_000)).unwrap_or(15_000),
        dedupe_buffer_bytes: u64::try_from(int("log.cleaner.dedupe.buffer.size", 128 << 20))
            .unwrap_or(128 << 20),
        io_max_bytes_per_second: match value("log.cleaner.io.max.bytes.per.second") {
            Some(Value::Double(d)) if d > 0.0 => d,
            Some(Value::Int(n)) if n > 0 => n as f64,
            _ => f64::MAX,
        },
    }
}
