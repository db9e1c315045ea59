//! The classic consumer-group coordinator (JoinGroup/SyncGroup/Heartbeat/LeaveGroup, committed
//! offsets, group admin) as a pure state machine for one `__consumer_offsets` partition.
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
//!   snapshots and committed offsets). Operations apply their own records through it, so
//!   replaying a partition from its start and calling `finish_loading` rebuilds the same
//!   durable state. Live membership, pending requests and timers are volatile, as in Kafka.
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
//! Deliberately not here: KIP-848 consumer groups (ConsumerGroupHeartbeat), transactional
//! offset commits (TxnOffsetCommit, `require_stable`), share groups, rolling state back when an
//! append fails, FindCoordinator and group-to-partition hashing, and all IO.

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
pub use config::GroupConfig;
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
