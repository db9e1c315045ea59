//! The cluster metadata log, its image, and the controller's decisions.
//!
//! Cluster metadata (brokers with their registration epoch and fencing, topics and ids,
//! partitions with leader, leader and partition epochs, replicas, ISR, KIP-966 eligible leader
//! replicas and each replica's shard, configs, producer-id blocks, feature levels)
//! is a log of [`MetadataRecord`] batches replicated by raft-rs, as in Kafka's KRaft: one voter
//! on the embedded single node, the controllers of a cluster otherwise.
//!
//! - [`record`]: records and their encoding as FlatBuffers tables (schema in `schema/`, generated
//!   code in `src/generated/`, every record table versioned); decoding never panics and never
//!   allocates by a claimed length.
//! - [`rpc`]: the messages between controllers (raft messages, registrations, forwarded
//!   controller requests and their answers) as FlatBuffers tables (`schema/rpc.fbs`, sharing the
//!   record tables) and the frames that carry them; decoding has the guarantees of [`record`].
//! - [`Image`]: committed records folded into lookups; `Send + Sync`, cheap to clone (an `Arc`
//!   per topic), only [`Image::apply`]/[`Image::apply_batch`] mutate it.
//! - [`controller`]: the admin requests the controller takes and what it answers, and the pure
//!   functions turning them into records or Kafka errors.
//! - [`replication`]: the controller's replication rules (Kafka's `ReplicationControlManager`):
//!   replica placement over brokers and racks, AlterPartition, elections on fencing, unfencing
//!   and controlled shutdown, ElectLeaders, the preferred-leader rebalance, KIP-966's ELR.
//! - [`QuorumCore`]: this node's quorum member with no IO and no clock (ticks, peer messages,
//!   proposals by (index, term), the Ready round in two halves around the disk).
//! - [`FileJournal`]: the log's files; [`Journal::persist`] makes one round durable (blocking
//!   IO with fsync: the runtime runs it on a blocking thread, never on a reactor).
//! - [`MetadataLog`]: core and journal driven synchronously, for start-up, `sluice format` and
//!   tests; a running broker hands both to the runtime's driver (`runtime::quorum`).
//! - [`dump`]: reads a log directory without changing it (`sluice metadata dump`, JSON lines).
//!
//! Where it runs: once per process, on shard 0. It does not depend on glommio. Other shards
//! receive committed records (or a whole image, after a snapshot from the leader).
//!
//! Raft ids: raft-rs needs ids > 0, Kafka node ids start at 0, so raft id = `node.id + 1`.
//!
//! On-disk layout of a log directory (e.g. `<log.dir>/__cluster_metadata-0/`), integers
//! big-endian:
//! - `meta.properties`: text `version=1`, `node.id=N`, `cluster.id=<22-char base64 uuid>`;
//!   written last when formatting, so its presence means "formatted". Opening with another node
//!   id (or another expected cluster id) is an error.
//! - `entries.log`: append-only frames `len:u32 crc32c(payload):u32 payload`, payload = a
//!   protobuf `eraftpb::Entry` whose data is a record batch (below). Indexes are contiguous.
//!   On open, the first frame cut short or failing its CRC starts a torn tail, which is
//!   truncated; if that loses committed entries, opening fails instead.
//! - `raft-state`: `"SLRAFTS1" len:u32 HardState len:u32 ConfState crc32c:u32`, replaced
//!   atomically (temp file, fsync, rename, fsync dir). Term and vote are written before any
//!   message of the term leaves; the commit index in it is only ever an applied index (written
//!   in the round after the entries applied), with the conf state as of that index.
//! - `snapshot-<index:020>-<term:020>.snap`: `"SLSNAP01" eraftpb::Snapshot crc32c:u32`; the
//!   snapshot data is the record batch of [`Image::to_records`]. Replaced atomically; older
//!   ones and covered entries are removed after it is durable.
//! - A record batch is a FlatBuffer rooted at `Batch` (`schema/metadata.fbs`, little-endian as
//!   FlatBuffers are) with the file identifier `SLMB` at bytes 4..8: a vector of `Record`
//!   tables, each a union of the record tables, each table with a `version` field.
//!   `schema/README.md` says how a field or record type is added compatibly. Batches of the
//!   first, hand-written format (first byte 1, big-endian) written before the change are still
//!   read (`record::legacy`), never written: a data directory from then opens as it is, and its
//!   next snapshot rewrites the whole image as FlatBuffers.
//!
//! Any corrupt file is an error naming that file, never a panic.
//!
//! Invariants: an entry is fsynced before the hard state that commits it; the image's applied
//! index never passes the durable commit index; producer-id blocks only move forward.
//!
//! Deliberately not here: the transport and the clock (the runtime's), heartbeats (the
//! runtime's `membership` decides when a broker is fenced or shuts down; the records and the
//! elections they cause are here), the replica state machine (the `replica` crate follows the
//! leader and ISR it is given), and config value validation (the `config` crate's job).

pub mod acl;
pub mod controller;
mod core;
pub mod dump;
mod error;
pub mod features;
mod files;
mod image;
mod journal;
mod log;
mod logger;
mod memlog;
pub mod quotas;
pub mod record;
pub mod replication;
pub mod rpc;
mod schema;
pub mod scram;

pub use controller::{ControllerError, ControllerReply, ControllerRequest, TopicRef};
pub use core::{
    decode_message, encode_message, node_of_raft_id, raft_id, Applied, ElectionTiming, Finished,
    MembershipChange, QuorumCore, QuorumStatus, ReplicaStatus, Round, ELECTION_TICKS,
    SNAPSHOT_INTERVAL_ENTRIES_DEFAULT,
};
pub use error::MetadataError;
pub use files::ClusterId;
pub use image::{
    BrokerImage, ControllerImage, Image, PartitionImage, ProducerIdBlock, TopicImage, NO_LEADER,
};
pub use journal::ENTRY_BYTES_MAX;
pub use journal::{FileJournal, Journal, Persist, Recovered};
pub use log::MetadataLog;
/// raft-rs's message and entry types, as the driver and transport see them.
pub use raft::eraftpb;
pub use record::{
    BrokerEndpoint, ConfigResource, DecodeError, MetadataRecord, ScramCredentialData,
};

/// Positions inside an encoded FlatBuffer, for the unit tests that patch one field (shared with
/// the integration tests).
#[cfg(test)]
#[path = "../tests/common/batch_layout.rs"]
mod layout;
#[cfg(test)]
mod tests;
