//! The partition log: Kafka's on-disk layout, written through io_uring on the owning shard.
//!
//! Runs inside one glommio executor (shard); a [`PartitionLog`] is `Rc`-shared and `!Send`,
//! its state in `RefCell`/`Cell` — no locks. Only [`FileRange`]'s `Arc<File>` crosses shards
//! (read-only, for sendfile).
//!
//! Layout of `<log.dir>/<topic>-<partition>/`: `<20-digit base>.log` segments holding batches
//! exactly as on the wire (base offset and partition leader epoch patched), sparse `.index` and
//! `.timeindex` (Kafka's entry formats, appended rather than preallocated),
//! `leader-epoch-checkpoint` (Kafka's text format), `<offset>.snapshot` producer state
//! (Kafka's ProducerSnapshot v1, see `producer_state`), `<base>.txnindex` aborted transactions
//! of a segment (Kafka's layout, see `txn_index`), and Sluice's own `recovery-point`
//! (`0\n<recovery point>\n<log start offset>\n`, per partition because partitions of one log
//! dir belong to different shards), `high-watermark-checkpoint` (`0\n<high watermark>\n`,
//! replicated mode only: Kafka's `replication-offset-checkpoint`, per partition for the same
//! reason) and `clean-shutdown` marker.
//!
//! Two modes, chosen at open ([`HighWatermarkMode`], [`PartitionLog::open_in_mode`]):
//! - **Local** (single node, [`PartitionLog::open`]): the log owns the high watermark — it
//!   follows fdatasync in durable mode and the log end in relaxed mode, and is the log end on
//!   open.
//! - **Replicated** (issue 11): the replica state machine (`shards/replica`) owns it. The log
//!   never moves it by itself; [`PartitionLog::set_high_watermark`] sets it (clamped into
//!   [log start, log end], up or down), [`PartitionLog::checkpoint_high_watermark`] (every
//!   `replica.high.watermark.checkpoint.interval.ms`) and `close` persist it, and open
//!   restores it clamped into the recovered log. The rest is mechanics for the replica:
//!   [`PartitionLog::read_up_to`] with [`ReadLimit::LogEnd`] (follower fetches),
//!   [`PartitionLog::append_as_follower`] (a leader's batches byte for byte, then `flush`),
//!   [`PartitionLog::truncate_to`] / [`PartitionLog::truncate_fully_and_start_at`] (durable
//!   before they return), [`PartitionLog::leader_epoch_entries`] and
//!   [`PartitionLog::assign_leader_epoch`]. See `replication`.
//!
//! Invariants:
//! - Appends are serialized per partition (one-permit FIFO semaphore): offsets are dense and
//!   assigned in write order; the written end (`log_end_offset`) moves forward contiguously.
//! - High watermark, local mode: durable mode (`flush_interval_messages == 1`) exposes only
//!   fdatasync'd data; relaxed mode exposes written data. It never moves backwards (but a
//!   truncation, which only the replicated mode uses, clamps it). Replicated mode: only
//!   `set_high_watermark` and truncation move it; a checkpoint never stays above a truncation.
//! - Writes (leader and follower appends, truncation, retention, close) are serialized by one
//!   writer permit; a truncation also takes the group-commit flusher's place, so no sync
//!   captures what it removes, and a sync waiting on removed offsets fails
//!   (`StorageError::Truncated`, NOT_LEADER_OR_FOLLOWER).
//! - Group commit: a sync covers everything written before it started; concurrent waiters share
//!   it ([`PartitionLog::sync_count`] counts fdatasyncs).
//! - After an IO error on write or fsync the log goes offline (KAFKA_STORAGE_ERROR) rather than
//!   retrying: after a failed fsync the page cache cannot be trusted.
//! - Nothing read from disk can make `open` panic: bad batches end the log there. A read that
//!   finds disk contents contradicting the index or the batch order answers
//!   KAFKA_STORAGE_ERROR (`StorageError::Corrupt`).
//! - Broken invariants of the log's own state stop the process (`invariant`, on in release
//!   builds, O(1) each): append offsets contiguous at the log end (base = previous end, last =
//!   base + count − 1; a leader's batch appended by a follower: base ≥ previous end, count ≤
//!   its offset range, as compaction leaves them), log start ≤ high watermark ≤ log end, flushed ≤ written (offsets and
//!   per-segment bytes), log end = the active segment's end, index entries strictly increasing
//!   (time index offsets non-decreasing) and written to their files as a prefix, segments rolled at their end with increasing bases,
//!   batches ascending from the segment base, and on reads the high watermark and every file
//!   range inside the segment's written bytes.
//!
//! Compaction (`cleaner`): [`PartitionLog::clean`] keeps the latest record per key with
//! offsets preserved, swapping rewritten segments in with Kafka's `.cleaned`/`.swap` protocol
//! (finished or forgotten on open); its progress is the log dir's `cleaner-offset-checkpoint`
//! (Kafka's format, shared by the shards). Compacted logs have offset gaps: readers find the
//! next batch, followers accept a leader's gaps, and every segment still ends where the next
//! begins (a cleaned segment keeps its last batch, empty if need be).
//!
//! Deliberately not here: replication decisions (roles, ISR, the high watermark's value,
//! which offset to truncate to: `shards/replica`), when and which log to clean (the runtime's
//! cleaner task), producer id expiry, remote storage, and
//! per-record validation (see `batch`).

mod cleaner;
mod config;
mod epoch_cache;
mod error;
#[cfg(feature = "fault-injection")]
pub mod faults;
mod files;
mod index;
mod invariant;
mod log;
mod notify;
mod producer_state;
pub mod profile;
mod read;
mod recovery;
mod replication;
mod retention;
mod segment;
mod sync_log;
mod txn_index;

pub use cleaner::{CleanStats, Cleanable, IoThrottle, TxnView, KEY_MAP_ENTRY_BYTES};
pub use config::{Durability, LogConfig, Recovery, SEGMENT_BYTES_MAX};
pub use epoch_cache::{EpochEntry, LeaderEpochCache, UNDEFINED_EPOCH, UNDEFINED_EPOCH_OFFSET};
pub use error::{AppendError, StorageError};
pub use files::{fsync_latency, FsyncLatency};
pub use log::{AppendOutcome, HighWatermarkMode, PartitionLog};
pub use producer_state::{
    ProducerStateEntry, TxnVerification, VerificationGuard, BATCHES_RETAINED_PER_PRODUCER,
};
pub use read::ReadLimit;
pub use read::{FileRange, ReadResult};
pub use replication::FollowerAppend;
pub use txn_index::{parse_marker, AbortedTxn, Marker};
