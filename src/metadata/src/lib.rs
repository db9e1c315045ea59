//! The cluster metadata log, its image, and the controller's decisions.
//!
//! Cluster metadata (brokers with their registration epoch and fencing, topics and ids,
//! partitions with leader/epoch/replicas/ISR/shard, configs, producer-id blocks, feature levels)
//! is a log of [`MetadataRecord`] batches replicated by raft-rs, as
//! in Kafka's KRaft. Today one node is its own one-voter quorum; the driver uses `RawNode`, the
//! `Storage` trait and the full Ready protocol so that 3–5 voters need a transport, not a rewrite.
//!
//! - [`record`]: records and their encoding as FlatBuffers tables (schema in `schema/`, generated
//!   code in `src/generated/`, every record table versioned); decoding never panics and never
//!   allocates by a claimed length.
//! - [`Image`]: committed records folded into lookups; `Send + Sync`, cheap to clone (an `Arc`
//!   per topic), only [`Image::apply`]/[`Image::apply_batch`] mutate it.
//! - [`controller`]: pure functions turning admin requests into records or Kafka errors.
//! - [`MetadataLog`]: persists raft state, entries and snapshots with `std::fs` + fsync, and
//!   applies committed entries to its image.
//! - [`dump`]: reads a log directory without changing it (`sluice metadata dump`, JSON lines).
//!
//! Where it runs: once per process, on whichever shard hosts the quorum member. It does not
//! depend on glommio; its IO is synchronous and briefly blocks the calling shard (a commit costs
//! a few fsyncs; metadata changes are rare). Other shards receive images or committed records.
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
//!   atomically (temp file, fsync, rename, fsync dir).
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
//! Deliberately not here: the multi-voter transport and ticking (raft messages collect in
//! [`MetadataLog::take_messages`]), fencing brokers by heartbeat, replica placement across
//! several brokers (a replication factor above one is refused), and config value validation
//! (the `config` crate's job).

pub mod controller;
pub mod dump;
mod error;
mod files;
mod image;
mod log;
mod logger;
pub mod record;
mod storage;

pub use controller::{ControllerError, TopicRef};
pub use error::MetadataError;
pub use files::ClusterId;
pub use image::{BrokerImage, Image, PartitionImage, ProducerIdBlock, TopicImage};
pub use log::{raft_id, MetadataLog, QuorumStatus, SNAPSHOT_INTERVAL_ENTRIES_DEFAULT};
pub use record::{BrokerEndpoint, ConfigResource, DecodeError, MetadataRecord};
pub use storage::ENTRY_BYTES_MAX;

#[cfg(test)]
mod tests;
