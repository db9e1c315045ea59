//! The replica state machine of one partition: leader or follower, ISR and high watermark,
//! delayed produces and fetches, and the follower's fetch decisions — Kafka's replication rules
//! (`kafka.cluster.Partition`, `Replica`, `DelayedProduce`, `DelayedFetch`,
//! `AbstractFetcherThread`, `LeaderEpochFileCache`) without IO.
//!
//! Sans-IO: no clock, no disk, no network, no runtime. Every input is a method call carrying the
//! current time (`now_ms`), every output a returned value ([`Outputs`], [`FetchAnswer`],
//! [`FollowerAction`]), so a seeded simulation can drive it (`tests/simulation.rs`) and the
//! runtime wires it to storage, the fetcher and the controller (see the crate's README.md).
//! It runs on the shard that owns the partition; it is `Send` but never needs to be.
//!
//! Invariants (asserted; a broken one panics, an expected failure is an error value):
//! - high watermark ≤ the leader's log end; a leader's high watermark never moves back;
//! - ISR ⊆ replicas and the leader ∈ ISR (as the controller hands them out and as accepted);
//! - leader epochs and partition epochs never go back;
//! - at most one AlterPartition in flight;
//! - the leader epoch cache's epochs and start offsets strictly increase.
//!
//! Deliberately not here: record bytes (the runtime reads and appends them; this crate sees
//! offsets, epochs and sizes), persistence of the epoch cache and HW checkpoint (storage), the
//! controller's election and ELR bookkeeping (the metadata crate), transactions (LSO).

mod delayed;
mod epoch_cache;
mod follower;
mod leader;
mod partition;
#[cfg(test)]
mod tests;

pub use delayed::{DelayedFetch, FetchIsolation, FetchWake, ProduceDone};
pub use epoch_cache::{EpochEndOffset, EpochEntry, LeaderEpochCache};
pub use follower::{BatchInfo, FetchRequest, FetchResponse, FollowerAction};
pub use leader::{
    AlterPartitionError, AlterPartitionRequest, AlterPartitionResponse, ConsumerFetch, FetchAnswer,
    FollowerFetch, IsrMember,
};
pub use partition::{Acks, LeaderAndIsr, LogState, Partition, RoleView, Skipped};

use model::NodeId;

/// Kafka's partition epoch: bumped by the controller on every change of the partition's
/// leader, ISR or replicas; AlterPartition carries it so a stale change is refused.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartitionEpoch(pub i32);

/// A broker's registration epoch (KIP-903): a restarted broker registers with a new one, so the
/// leader and the controller can tell a fetch of the old incarnation from the new.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BrokerEpoch(pub i64);

impl BrokerEpoch {
    /// `-1`: the fetcher does not say, which bypasses the check (Kafka).
    pub const UNKNOWN: BrokerEpoch = BrokerEpoch(-1);
}

/// What the metadata image says of a broker, as the leader needs it to decide whether a
/// follower may join the ISR (KIP-841: not fenced, not shutting down; KIP-903: its fetches come
/// from the registered incarnation).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BrokerStatus {
    pub epoch: BrokerEpoch,
    pub fenced: bool,
    pub shutting_down: bool,
}

/// When an offset counts as replicated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Durability {
    /// Sluice's default (`log.flush.interval.messages=1`): the high watermark counts the
    /// leader's flushed offset, and a follower reports (fetches from) an offset only once it
    /// has fsynced what lies below it, so an acknowledged acks=all record is on stable storage
    /// on every ISR member.
    Flushed,
    /// Kafka's replication-only durability (`log.flush.interval.messages` > 1): log ends count,
    /// flushed or not.
    Replicated,
}

/// A partition's replication settings (broker and topic configs).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PartitionConfig {
    /// `replica.lag.time.max.ms` (Kafka's default 30 000): a follower not caught up to the
    /// leader's log end within it leaves the ISR.
    pub replica_lag_time_max_ms: u64,
    /// `min.insync.replicas` (topic config); capped at the replica count (Kafka's
    /// `effectiveMinIsr`).
    pub min_insync_replicas: usize,
    pub durability: Durability,
}

impl Default for PartitionConfig {
    fn default() -> PartitionConfig {
        PartitionConfig {
            replica_lag_time_max_ms: 30_000,
            min_insync_replicas: 1,
            durability: Durability::Flushed,
        }
    }
}

/// What a call asks the runtime to do, besides its direct answer. Empty by default.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outputs {
    /// The high watermark moved to this offset: tell the log (`set_high_watermark`, its
    /// checkpoint) and the readers.
    pub high_watermark: Option<model::Offset>,
    /// Send this to the controller (a new ISR proposal, or the same one again after a
    /// retriable error).
    pub alter_partition: Option<AlterPartitionRequest>,
    /// Delayed acks=all produces that are done, with their result.
    pub produces: Vec<ProduceDone>,
    /// Delayed fetches to answer now (read the log again and respond).
    pub fetches: Vec<FetchWake>,
}

impl Outputs {
    pub fn is_empty(&self) -> bool {
        *self == Outputs::default()
    }
}

/// Node ids are kept sorted and unique wherever a set of them is held.
fn sorted(ids: &[NodeId]) -> Vec<NodeId> {
    let mut ids = ids.to_vec();
    ids.sort();
    ids.dedup();
    ids
}
