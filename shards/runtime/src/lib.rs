//! The shard runtime: one glommio executor per core, the partitions each shard owns, and the
//! bounded links (`link`) that carry work to a partition's owner.
//!
//! Runs inside every shard executor. Each shard holds a [`Shard`] (through `Rc`, `!Send`):
//! its own copy of the committed metadata [`metadata::Image`], the logs of the partitions it
//! owns, and senders to every other shard. Shard 0 also drives the metadata Raft log (the
//! controller, [`controller`]).
//!
//! Architecture invariants:
//! - A partition's log is opened, written and closed only by the shard the metadata image
//!   places it on (`PartitionImage::shard`). Code that receives a partition op checks
//!   ownership and answers `NOT_LEADER_OR_FOLLOWER` otherwise; it never panics.
//! - Nothing mutable is shared between shards: cross-shard work travels as [`ShardMsg`] over
//!   bounded mesh channels; record bytes travel as `Bytes` (produce) or read-only file handles
//!   (fetch), never copied through another shard.
//! - Metadata changes only by committed records: shard 0 commits to the Raft log and then
//!   broadcasts the records; every shard applies them to its own image in log order.
//!
//! Deliberately not here: the Kafka wire protocol (see `protocol`, `handlers`), sockets (see
//! `network`).

mod alter_partition;
pub mod apply;
pub mod cleaner;
pub mod controller;
mod controller_listener;
mod deadline;
pub mod fail;
mod fetcher;
mod forward;
pub mod groups;
pub mod lifecycle;
pub mod link;
pub mod listen;
pub mod log_dirs;
mod membership;
mod mesh;
pub mod metrics;
mod notify;
pub mod ops;
pub mod peer_security;
pub mod quorum;
pub mod quotas;
pub mod raft_net;
mod replicated;
mod retention;
pub mod series;
mod shard;
pub mod throttle;
pub mod txns;
mod voters;

pub use controller_listener::{
    controller_endpoints, ControllerEndpoint, KafkaConnection, KafkaServer,
};
pub use deadline::with_deadline;
pub use lifecycle::{Lifecycle, Step};
pub use mesh::{ShardLinks, ShardMsg, MESH_CHANNEL_CAPACITY};
pub use notify::{FireOnDrop, Notified, Notify, Signal};
pub use ops::{PartitionKey, PartitionOp, PartitionResult, ReadOutcome, WaitSpec};
pub use peer_security::{scram_credential, unix_ms, PeerSecurity};
pub use retention::retention_loop;
pub use shard::{Counters, Shard, ShardSetup};
/// Where a shard's time goes on the produce and fetch paths (`storage::profile`).
pub use storage::profile;
