//! Topic-level keys (Kafka's `TopicConfig` / `LogConfig`) and, for each, the broker keys that
//! supply its default, in precedence order (Kafka's `ServerTopicConfigSynonyms`).

use crate::broker_keys::{CLEANUP_POLICIES, COMPRESSION_TYPES, TIMESTAMP_TYPES};
use crate::def::{ConfigType as T, KeyDef, Validator as V, LONG_MAX};

/// How a broker synonym's value converts to the topic key's unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Same,
    HoursToMs,
    MinutesToMs,
}

#[derive(Clone, Copy, Debug)]
pub struct Synonym {
    pub name: &'static str,
    pub unit: Unit,
}

#[derive(Clone, Copy, Debug)]
pub struct TopicKey {
    pub def: KeyDef,
    /// Broker keys supplying the default, first wins. Empty: the topic default applies.
    pub synonyms: &'static [Synonym],
}

const fn same(name: &'static str) -> Synonym {
    Synonym {
        name,
        unit: Unit::Same,
    }
}

const fn topic(
    name: &'static str,
    config_type: T,
    default: &'static str,
    validator: V,
    synonyms: &'static [Synonym],
    doc: &'static str,
) -> TopicKey {
    TopicKey {
        def: KeyDef {
            name,
            config_type,
            default: Some(default),
            validator,
            doc,
        },
        synonyms,
    }
}

/// Every topic key, sorted by name.
pub static TOPIC_KEYS: &[TopicKey] = &[
    topic("cleanup.policy", T::List, "delete", V::ListOf(CLEANUP_POLICIES), &[same("log.cleanup.policy")], "delete: drop old segments by retention time/size; compact: keep the latest record per key; or both."),
    topic("compression.gzip.level", T::Int, "-1", V::Custom(validate_gzip_level), &[same("compression.gzip.level")], "Compression level when compression.type is gzip."),
    topic("compression.lz4.level", T::Int, "9", V::Between(1, 17), &[same("compression.lz4.level")], "Compression level when compression.type is lz4."),
    topic("compression.type", T::String, "producer", V::OneOf(COMPRESSION_TYPES), &[same("compression.type")], "Final compression of the topic's data: a codec, uncompressed, or producer (keep the producer's)."),
    topic("compression.zstd.level", T::Int, "3", V::Between(-131072, 22), &[same("compression.zstd.level")], "Compression level when compression.type is zstd."),
    topic("delete.retention.ms", T::Long, "86400000", V::AtLeast(0), &[same("log.cleaner.delete.retention.ms")], "How long tombstones stay in a compacted topic."),
    topic("file.delete.delay.ms", T::Long, "60000", V::AtLeast(0), &[same("log.segment.delete.delay.ms")], "Delay between retiring a segment and deleting its files."),
    topic("flush.messages", T::Long, LONG_MAX, V::AtLeast(1), &[same("log.flush.interval.messages")], "Messages appended before the log is fsynced (Sluice's broker default is 1)."),
    topic("flush.ms", T::Long, LONG_MAX, V::AtLeast(0), &[same("log.flush.interval.ms"), same("log.flush.scheduler.interval.ms")], "Longest time appended data stays unflushed."),
    topic("follower.replication.throttled.replicas", T::List, "", V::Custom(validate_throttled_replicas), &[], "Replicas throttled on the follower side: partition:broker pairs, or *."),
    topic("index.interval.bytes", T::Int, "4096", V::AtLeast(0), &[same("log.index.interval.bytes")], "Bytes of log between two offset index entries."),
    topic("leader.replication.throttled.replicas", T::List, "", V::Custom(validate_throttled_replicas), &[], "Replicas throttled on the leader side: partition:broker pairs, or *."),
    topic("local.retention.bytes", T::Long, "-2", V::AtLeast(-2), &[same("log.local.retention.bytes")], "Local retention size with tiered storage; -2 = retention.bytes."),
    topic("local.retention.ms", T::Long, "-2", V::AtLeast(-2), &[same("log.local.retention.ms")], "Local retention time with tiered storage; -2 = retention.ms."),
    topic("max.compaction.lag.ms", T::Long, LONG_MAX, V::AtLeast(1), &[same("log.cleaner.max.compaction.lag.ms")], "Longest a record stays uncompacted."),
    topic("max.message.bytes", T::Int, "1048588", V::AtLeast(0), &[same("message.max.bytes")], "Largest record batch the topic accepts (after compression)."),
    topic("message.timestamp.after.max.ms", T::Long, "3600000", V::AtLeast(0), &[same("log.message.timestamp.after.max.ms")], "How far in the future a CreateTime timestamp may be."),
    topic("message.timestamp.before.max.ms", T::Long, LONG_MAX, V::AtLeast(0), &[same("log.message.timestamp.before.max.ms")], "How far in the past a CreateTime timestamp may be."),
    topic("message.timestamp.type", T::String, "CreateTime", V::OneOf(TIMESTAMP_TYPES), &[same("log.message.timestamp.type")], "CreateTime keeps the producer's timestamp; LogAppendTime uses the broker's clock."),
    topic("min.cleanable.dirty.ratio", T::Double, "0.5", V::DoubleBetween(0.0, 1.0), &[same("log.cleaner.min.cleanable.ratio")], "Dirty fraction of the log above which it is compacted."),
    topic("min.compaction.lag.ms", T::Long, "0", V::AtLeast(0), &[same("log.cleaner.min.compaction.lag.ms")], "Shortest a record stays uncompacted."),
    topic("min.insync.replicas", T::Int, "1", V::AtLeast(1), &[same("min.insync.replicas")], "Replicas that must have a write before acks=all succeeds."),
    topic("preallocate", T::Boolean, "false", V::None, &[same("log.preallocate")], "Preallocate segment files when they are created."),
    topic("remote.log.copy.disable", T::Boolean, "false", V::None, &[], "Stop copying segments to tiered storage."),
    topic("remote.log.delete.on.disable", T::Boolean, "false", V::None, &[], "Delete tiered data when tiered storage is disabled for the topic."),
    topic("remote.storage.enable", T::Boolean, "false", V::Custom(validate_remote_storage), &[], "Tiered storage for this topic (Sluice has none: only false is accepted)."),
    topic("retention.bytes", T::Long, "-1", V::None, &[same("log.retention.bytes")], "Largest size of a partition's log before old segments are deleted; -1 = no limit."),
    topic("retention.ms", T::Long, "604800000", V::AtLeast(-1), &[same("log.retention.ms"), Synonym { name: "log.retention.minutes", unit: Unit::MinutesToMs }, Synonym { name: "log.retention.hours", unit: Unit::HoursToMs }], "How long data is kept before old segments are deleted; -1 = no limit."),
    topic("segment.bytes", T::Int, "1073741824", V::AtLeast(1048576), &[same("log.segment.bytes")], "Largest segment file."),
    topic("segment.index.bytes", T::Int, "10485760", V::AtLeast(4), &[same("log.index.size.max.bytes")], "Largest offset index file."),
    topic("segment.jitter.ms", T::Long, "0", V::AtLeast(0), &[same("log.roll.jitter.ms"), Synonym { name: "log.roll.jitter.hours", unit: Unit::HoursToMs }], "Largest random jitter subtracted from segment.ms."),
    topic("segment.ms", T::Long, "604800000", V::AtLeast(1), &[same("log.roll.ms"), Synonym { name: "log.roll.hours", unit: Unit::HoursToMs }], "Time after which a segment is rolled even if not full."),
    topic("unclean.leader.election.enable", T::Boolean, "false", V::None, &[same("unclean.leader.election.enable")], "Allow an out-of-sync replica to become leader (may lose data)."),
];

/// The definition of a topic key, if it exists.
pub fn topic_key(name: &str) -> Option<&'static TopicKey> {
    TOPIC_KEYS
        .binary_search_by(|key| key.def.name.cmp(name))
        .ok()
        .map(|at| &TOPIC_KEYS[at])
}

/// GZIP: 1..=9, or -1 for zlib's default (Kafka's `CompressionType.GZIP.levelValidator`).
pub fn validate_gzip_level(value: &str) -> Result<(), String> {
    match value.parse::<i32>() {
        Ok(-1) | Ok(1..=9) => Ok(()),
        _ => Err("Value must be between 1 and 9, or -1 (the default level)".to_string()),
    }
}

fn validate_throttled_replicas(value: &str) -> Result<(), String> {
    let items = crate::def::split_list(value);
    let wildcard_alone = items.len() == 1 && items[0] == "*";
    let all_pairs = items.iter().all(|item| {
        item.split_once(':')
            .is_some_and(|(p, b)| p.parse::<u32>().is_ok() && b.parse::<u32>().is_ok())
    });
    if items.is_empty() || wildcard_alone || all_pairs {
        return Ok(());
    }
    Err("must be the literal '*' or a list of replicas in the following format: [partitionId]:[brokerId],[partitionId]:[brokerId],...".to_string())
}

fn validate_remote_storage(value: &str) -> Result<(), String> {
    if value.eq_ignore_ascii_case("true") {
        return Err("Tiered Storage functionality is disabled in the broker. Topic cannot be configured with remote log storage.".to_string());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::broker_keys::broker_key;

    #[test]
    fn keys_are_sorted_and_unique() {
        for pair in TOPIC_KEYS.windows(2) {
            assert!(
                pair[0].def.name < pair[1].def.name,
                "{} !< {}",
                pair[0].def.name,
                pair[1].def.name
            );
        }
    }

    #[test]
    fn every_synonym_is_a_known_broker_key() {
        for key in TOPIC_KEYS {
            for synonym in key.synonyms {
                assert!(
                    broker_key(synonym.name).is_some(),
                    "{} -> {}",
                    key.def.name,
                    synonym.name
                );
            }
        }
    }

    #[test]
    fn every_default_is_valid() {
        for key in TOPIC_KEYS {
            let default = key.def.default.unwrap_or_default();
            key.def
                .validate(default)
                .unwrap_or_else(|e| panic!("{}: {e}", key.def.name));
        }
    }

    #[test]
    fn throttled_replicas() {
        assert!(validate_throttled_replicas("*").is_ok());
        assert!(validate_throttled_replicas("0:1,1:2").is_ok());
        assert!(validate_throttled_replicas("*,0:1").is_err());
        assert!(validate_throttled_replicas("x").is_err());
    }
}
