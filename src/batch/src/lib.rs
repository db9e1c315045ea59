//! Kafka record batch v2 (magic 2) format: header parsing, in-place validation and patching.
//!
//! Runs anywhere (pure functions over bytes; no IO, no runtime). Used on the produce path by
//! the shard that owns the partition, and by `storage` when it scans segments on recovery.
//!
//! Invariants:
//! - Record batches stay opaque bytes: never decoded into records, never re-encoded — except
//!   where Kafka re-encodes them: [`recompress`] to a topic's `compression.type` that differs
//!   from the batch's codec, which changes the compression wrapper only (records byte for byte).
//!   Validation reads the 61-byte header, checks the CRC32C and walks the record length
//!   varints to check the record count (`walk`); a compressed batch is decompressed as a
//!   stream through a fixed buffer for that walk, bounded by [`DECOMPRESSED_BATCH_MAX_BYTES`]
//!   (Kafka has no such bound; see there why it admits every realistic batch).
//! - A [`ValidatedBatch`] is a zero-copy `Bytes` slice of exactly one batch plus its parsed
//!   header; its header fields passed every check in [`check_batch`].
//! - No input makes these functions panic: every length is checked before it is used.
//!
//! Deliberately not here: per-record field validation (timestamps against
//! `message.timestamp.*.max.ms`, key presence for compacted topics), the produce-version
//! dependent ZSTD rule (produce v < 7 must not use ZSTD) — the caller knows the API version.

mod compact;
mod header;
mod patch;
mod recompress;
mod records;
mod validate;
mod walk;

pub mod builder;

pub use compact::{
    empty_batch, keyless_records, rebuild, record_spans, records_section, RecordSpan,
};
pub use header::{
    BatchHeader, Compression, TimestampType, BATCH_HEADER_BYTES, BATCH_LENGTH_MIN_BYTES,
    LOG_OVERHEAD_BYTES, MAGIC_V2, NO_PRODUCER_ID, NO_SEQUENCE, RECORD_MIN_BYTES,
};
pub use patch::{set_base_offset, set_log_append_time, set_partition_leader_epoch, PatchError};
pub use recompress::{recompress, TargetCodec};
pub use records::{
    first_record_at_or_after, offset_of_max_timestamp, read_bytes, read_varint, record_timestamps,
    records, RecordTimestamp, RecordView,
};
pub use validate::{
    check_batch, check_stored_batch, validate_batches, validate_fetched_batches,
    validate_produce_batch, BatchError, FetchedBatches, ValidatedBatch,
    DECOMPRESSED_BATCH_MAX_BYTES,
};

#[cfg(test)]
mod tests;
