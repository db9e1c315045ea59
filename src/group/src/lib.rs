//! The group coordinator for one `__consumer_offsets` partition as a pure state machine: classic
//! groups (JoinGroup/SyncGroup/Heartbeat/LeaveGroup), KIP-848 consumer groups
//! (ConsumerGroupHeartbeat/ConsumerGroupDescribe, server-side `uniform` and `range` assignors,
//! incremental reconciliation), committed offsets and group admin. Classic and consumer groups
//! share one group-id namespace: an empty group of one kind gives way to the other.
//!
//! Where it runs: inside the shard that owns the `__consumer_offsets` partition, but it knows
//! nothing of shards, glommio, sockets, disks or clocks. Time comes in as `now_ms` arguments;
//! timers go out as deadlines ([`GroupCoordinator::next_deadline`]) that the caller schedules and
//! reports back with [`GroupCoordinator::on_timer`]. Every call returns [`Effects`]: records to
//! append to the partition and deferred JoinGroup/SyncGroup responses to complete; the caller
//! sends responses only after the records from the same call are durable.
//!
//! Invariants:
//! - [`GroupCoordinator::replay`] is the only mutator of durable state ([`DurableState`]: group
//!   snapshots, consumer groups and committed offsets). Operations apply their own records
//!   through it, so replaying a partition from its start and calling `finish_loading` rebuilds
//!   the same durable state. Classic live membership, pending requests and timers are volatile,
//!   as in Kafka; a consumer group is durable as a whole (members, epochs, target and current
//!   assignments), only its timers are volatile and restart on `finish_loading`.
//! - Consumer groups: a partition is held (assigned or pending revocation) by at most one
//!   member, and goes to its next owner only after the previous one stopped reporting it. A
//!   failed ConsumerGroupHeartbeat writes no record (every check runs before the first one).
//! - Topic metadata comes in as a [`TopicsView`] the caller builds from its metadata image and
//!   passes to every consumer-group call; the group epoch moves when the subscribed topics'
//!   metadata hash changes.
//! - Deterministic: the same calls with the same `now_ms` and member-id seed give the same
//!   records, responses and deadlines (member ids come from a seeded generator, maps are ordered).
//! - Expected failures are Kafka error codes in responses; decoding records from disk returns
//!   [`DecodeError`]; nothing reachable from client or disk bytes panics.
//! - Semantics and error codes follow Kafka's `GroupMetadataManager`/`ClassicGroup` (4.x).
//!
//! Request/response types are plain structs of this crate ([`api`]), not kafka-protocol's: the
//! handler layer maps them, and keeps authorization, version-specific fields, topic existence
//! checks (UNKNOWN_TOPIC_OR_PARTITION for commits) and coordinator ownership (NOT_COORDINATOR).
//!
//! Deliberately not here: classic members inside consumer groups (KIP-848's online upgrade and
//! downgrade: a JoinGroup to a non-empty consumer group answers INCONSISTENT_GROUP_PROTOCOL),
//! rack-aware assignment, client-side assignors, transactional offset commits (TxnOffsetCommit,
//! `require_stable`), share groups, rolling state back when an append fails, FindCoordinator
//! and group-to-partition hashing, and all IO.

pub mod api;
mod config;
mod consumer;
mod consumer_record;
mod coordinator;
mod durable;
mod group;
mod record;
mod rng;
mod timers;
mod wire;

pub use api::*;
pub use config::{ConsumerTimeouts, GroupConfig};
pub use consumer::state::{ConsumerGroupState, ConsumerGroupStatus};
pub use consumer::topics::{TopicMeta, TopicsView};
pub use consumer_record::{
    Assignment, ConsumerGroupMetadataValue, ConsumerMemberMetadataValue, ConsumerRecord,
    CurrentAssignmentValue, MemberState,
};
pub use coordinator::GroupCoordinator;
pub use durable::{DurableState, GroupOffsets};
pub use group::GroupState;
pub use record::{
    consumer_subscription_topics, DecodeError, GroupMetadataValue, GroupRecord, MemberMetadata,
    OffsetCommitKey, OffsetCommitValue,
};
