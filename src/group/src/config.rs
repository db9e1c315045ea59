//! The broker settings the group coordinator obeys, with Kafka's names and defaults.

use std::collections::BTreeMap;

/// Kafka's defaults; the broker fills these from `server.properties`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupConfig {
    /// `group.min.session.timeout.ms`: below it a member could be expired between two heartbeats.
    pub session_timeout_ms_min: i32,
    /// `group.max.session.timeout.ms`: above it a dead member would hold its partitions too long.
    pub session_timeout_ms_max: i32,
    /// `group.initial.rebalance.delay.ms`: lets a starting fleet join one rebalance, not N.
    pub initial_rebalance_delay_ms: i32,
    /// `group.max.size`: bounds the members (and JoinGroup responses) of one group.
    pub group_size_max: usize,
    /// `offset.metadata.max.bytes`: bounds what a client can store per committed offset.
    pub offset_metadata_bytes_max: usize,
    /// `offsets.retention.minutes` in ms: how long offsets of an empty group are kept.
    pub offsets_retention_ms: i64,
    /// Kafka's fixed 5 minutes: a new member that never completes its first join is removed.
    pub new_member_join_timeout_ms: i32,
    /// `group.consumer.session.timeout.ms`: a consumer-group member silent this long is fenced.
    pub consumer_session_timeout_ms: i32,
    /// `group.consumer.heartbeat.interval.ms`: told to members; well under the session timeout.
    pub consumer_heartbeat_interval_ms: i32,
    /// `group.consumer.max.size`: bounds the members of one consumer group (and the work of
    /// one target-assignment computation).
    pub consumer_group_size_max: usize,
    /// `group.consumer.assignors` as assignor names ("uniform", "range"); the first is the
    /// default. The broker validates the names.
    pub consumer_assignors: Vec<String>,
    /// Per-group overrides of the consumer timing (GROUP config resources:
    /// `consumer.session.timeout.ms`, `consumer.heartbeat.interval.ms`), by group id.
    pub group_timeouts: BTreeMap<String, ConsumerTimeouts>,
}

/// The KIP-848 timing one group runs with, from its group configs over the broker's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConsumerTimeouts {
    pub session_timeout_ms: i32,
    pub heartbeat_interval_ms: i32,
}

impl GroupConfig {
    /// `consumer.session.timeout.ms` of `group`: its override, else the broker's.
    pub fn consumer_session_timeout_ms_of(&self, group: &str) -> i32 {
        self.group_timeouts
            .get(group)
            .map_or(self.consumer_session_timeout_ms, |t| t.session_timeout_ms)
    }

    /// `consumer.heartbeat.interval.ms` of `group`: its override, else the broker's.
    pub fn consumer_heartbeat_interval_ms_of(&self, group: &str) -> i32 {
        self.group_timeouts
            .get(group)
            .map_or(self.consumer_heartbeat_interval_ms, |t| {
                t.heartbeat_interval_ms
            })
    }
}

impl Default for GroupConfig {
    fn default() -> Self {
        GroupConfig {
            session_timeout_ms_min: 6_000,
            session_timeout_ms_max: 1_800_000,
            initial_rebalance_delay_ms: 3_000,
            group_size_max: i32::MAX as usize,
            offset_metadata_bytes_max: 4_096,
            offsets_retention_ms: 7 * 24 * 60 * 60 * 1_000,
            new_member_join_timeout_ms: 300_000,
            consumer_session_timeout_ms: 45_000,
            consumer_heartbeat_interval_ms: 5_000,
            consumer_group_size_max: i32::MAX as usize,
            consumer_assignors: vec!["uniform".to_string(), "range".to_string()],
            group_timeouts: BTreeMap::new(),
        }
    }
}

/// Kafka strings carry an int16 length: nothing longer can be written to a record.
pub(crate) const STRING_BYTES_MAX: usize = i16::MAX as usize;
