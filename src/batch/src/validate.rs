//! Validation of the `records` field of a produce request: header, CRC, and a walk over the
//! record lengths (decompressing, bounded, when the batch is compressed), following Kafka's
//! `ProduceRequest.validateRecords`, `DefaultRecordBatch.ensureValid`,
//! `LogValidator.validateBatch` and the record iteration in `LogValidator`.

use bytes::Bytes;
use model::ErrorCode;

use crate::header::{
    read_i32, BatchHeader, Compression, ATTRIBUTES_AT, BATCH_HEADER_BYTES, BATCH_LENGTH_AT,
    BATCH_LENGTH_MIN_BYTES, LOG_OVERHEAD_BYTES, MAGIC_AT, MAGIC_V2, RECORD_MIN_BYTES,
};
use crate::walk::{walk_records, WalkError};

/// Most bytes the records of one batch may decompress to (100 MiB), whatever the codec; beyond
/// it a batch is refused MESSAGE_TOO_LARGE.
///
/// Kafka itself compares only the batch as sent against `max.message.bytes` and has no bound on
/// what it decompresses to (a gzip batch of three 1 MiB records of zeros is 3,266 bytes, and
/// Kafka stores it), so this bound must admit anything a producer sends in practice, and only
/// bounds the CPU one batch can cost (the walk's memory is a constant either way). Its value is
/// the default `socket.request.max.bytes` (104,857,600): the largest request a default broker
/// reads at all. Kafka documents the producer's `max.request.size` as "effectively a cap on the
/// maximum uncompressed record batch size", and a producer's requests must fit the broker's
/// `socket.request.max.bytes`, so no batch a producer could also have sent uncompressed to a
/// default broker is refused; a bomb (1 GiB of zeros in a few KiB) stops after 100 MiB.
pub const DECOMPRESSED_BATCH_MAX_BYTES: usize = 100 << 20;

/// Smallest batch_length Kafka's `ByteBufferLogInputStream` accepts before it looks at the
/// magic byte: the overhead of a v0 message (`LegacyRecord.RECORD_OVERHEAD_V0`).
const LEGACY_RECORD_OVERHEAD_V0_BYTES: i32 = 14;
/// Bytes of a batch up to and including its magic byte.
const MAGIC_END_BYTES: usize = MAGIC_AT + 1;

/// Why a batch was refused. Each maps to the Kafka error code a broker answers with.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BatchError {
    #[error("records field is empty")]
    Empty,
    #[error("{available} bytes left, not enough for a batch header")]
    TruncatedHeader { available: usize },
    #[error("batch_length {batch_length} is below the minimum {BATCH_LENGTH_MIN_BYTES}")]
    BatchLengthTooSmall { batch_length: i32 },
    #[error("batch of {size} bytes runs past the buffer ({available} bytes left)")]
    TruncatedBatch { size: usize, available: usize },
    #[error("magic {magic} is not 2")]
    UnsupportedMagic { magic: i8 },
    #[error("CRC mismatch: header says {stored:#010x}, bytes give {computed:#010x}")]
    CrcMismatch { stored: u32, computed: u32 },
    #[error("unknown compression codec id {id}")]
    UnknownCompression { id: u8 },
    #[error("records_count {records_count} must be at least 1")]
    InvalidRecordCount { records_count: i32 },
    #[error(
        "records_count {records_count} does not match last_offset_delta {last_offset_delta} + 1"
    )]
    InconsistentOffsetDelta {
        records_count: i32,
        last_offset_delta: i32,
    },
    #[error("records_count {records_count} cannot fit in {records_bytes} bytes of records")]
    RecordCountTooLarge {
        records_count: i32,
        records_bytes: usize,
    },
    #[error("batch has a producer id but sequence {base_sequence}")]
    InvalidSequence { base_sequence: i32 },
    #[error("transactional batch without a producer id")]
    TransactionalWithoutProducerId,
    #[error("clients may not write control batches")]
    ControlBatchFromClient,
    #[error("batch of {size} bytes exceeds the limit of {max_bytes}")]
    TooLarge { size: usize, max_bytes: usize },
    #[error("produce request carries {count} batches; v2 allows exactly one")]
    MultipleBatches { count: usize },
    #[error("records do not match the header: {detail}")]
    RecordsMismatch { detail: &'static str },
    #[error("compressed records cannot be decompressed: {detail}")]
    CorruptCompressed { detail: String },
    #[error("records decompress to more than the limit of {max_bytes} bytes")]
    DecompressedTooLarge { max_bytes: usize },
}

impl From<WalkError> for BatchError {
    fn from(e: WalkError) -> Self {
        match e {
            WalkError::Records { detail } => BatchError::RecordsMismatch { detail },
            WalkError::Corrupt { detail } => BatchError::CorruptCompressed { detail },
            WalkError::TooLarge { max_bytes } => BatchError::DecompressedTooLarge { max_bytes },
        }
    }
}

impl BatchError {
    /// The Kafka error code for this failure, as a Kafka 4.x broker answers (checked against
    /// Apache Kafka 4.3.1 by tests/integration/malformed.rs): a records field without one whole
    /// batch is INVALID_RECORD ("at least one record batch"), as are magic 0/1, lying counts
    /// and other semantic header problems (`InvalidRecordException`); an impossible size field,
    /// an unknown magic and a bad CRC are CORRUPT_MESSAGE (`CorruptRecordException`); size is
    /// MESSAGE_TOO_LARGE.
    pub fn error_code(&self) -> ErrorCode {
        match self {
            BatchError::UnsupportedMagic { magic: 0 | 1 } => ErrorCode::InvalidRecord,
            BatchError::UnsupportedMagic { .. } => ErrorCode::CorruptMessage,
            BatchError::Empty
            | BatchError::TruncatedHeader { .. }
            | BatchError::TruncatedBatch { .. }
            | BatchError::RecordCountTooLarge { .. }
            | BatchError::InvalidRecordCount { .. }
            | BatchError::InconsistentOffsetDelta { .. }
            | BatchError::InvalidSequence { .. }
            | BatchError::TransactionalWithoutProducerId
            | BatchError::ControlBatchFromClient
            | BatchError::MultipleBatches { .. }
            | BatchError::RecordsMismatch { .. } => ErrorCode::InvalidRecord,
            BatchError::BatchLengthTooSmall { .. }
            | BatchError::CrcMismatch { .. }
            | BatchError::UnknownCompression { .. }
            | BatchError::CorruptCompressed { .. } => ErrorCode::CorruptMessage,
            BatchError::TooLarge { .. } | BatchError::DecompressedTooLarge { .. } => {
                ErrorCode::MessageTooLarge
            }
        }
    }
}

/// One batch that passed validation: a zero-copy slice of exactly its bytes plus its header.
#[derive(Clone, Debug)]
pub struct ValidatedBatch {
    bytes: Bytes,
    header: BatchHeader,
}

impl ValidatedBatch {
    /// A batch built by this crate from a validated one (recompression).
    pub(crate) fn new(bytes: Bytes, header: BatchHeader) -> Self {
        ValidatedBatch { bytes, header }
    }

    /// A control batch the broker built (a transaction marker): checked like any batch
    /// (framing, CRC, records), and it must be one control batch.
    pub fn control(bytes: Bytes) -> Result<Self, BatchError> {
        let size = frame(&bytes)?.batch_size();
        let header = check_batch(&bytes[..size])?;
        if !header.is_control() || size != bytes.len() {
            return Err(BatchError::Empty);
        }
        Ok(ValidatedBatch { bytes, header })
    }

    pub fn bytes(&self) -> &Bytes {
        &self.bytes
    }

    pub fn header(&self) -> &BatchHeader {
        &self.header
    }

    /// Number of records, ≥ 1 (validated).
    pub fn records_count(&self) -> u32 {
        self.header.records_count as u32
    }

    pub fn size_bytes(&self) -> usize {
        self.bytes.len()
    }

    pub fn into_bytes(self) -> Bytes {
        self.bytes
    }
}

/// Reads the framing of the batch at the start of `buf`: batch_length sane and within `buf`,
/// magic 2, a whole header. Returns the header; the batch is `buf[..header.batch_size()]`.
///
/// The checks run in Kafka's order (`ByteBufferLogInputStream.nextBatchSize`, then
/// `ProduceRequest.validateRecords`), so each lie gets the error code Kafka gives it.
fn frame(buf: &[u8]) -> Result<BatchHeader, BatchError> {
    let truncated = BatchError::TruncatedHeader {
        available: buf.len(),
    };
    if buf.len() < LOG_OVERHEAD_BYTES {
        return Err(truncated);
    }
    let batch_length = read_i32(buf, BATCH_LENGTH_AT);
    if batch_length < LEGACY_RECORD_OVERHEAD_V0_BYTES {
        return Err(BatchError::BatchLengthTooSmall { batch_length });
    }
    if buf.len() < MAGIC_END_BYTES {
        return Err(truncated);
    }
    let magic = buf[MAGIC_AT] as i8;
    if !(0..=MAGIC_V2).contains(&magic) {
        return Err(BatchError::UnsupportedMagic { magic });
    }
    let size = LOG_OVERHEAD_BYTES + batch_length as usize;
    if size > buf.len() {
        return Err(BatchError::TruncatedBatch {
            size,
            available: buf.len(),
        });
    }
    if magic != MAGIC_V2 {
        return Err(BatchError::UnsupportedMagic { magic });
    }
    if batch_length < BATCH_LENGTH_MIN_BYTES as i32 {
        return Err(BatchError::BatchLengthTooSmall { batch_length });
    }
    // batch_length ≥ 49 and the buffer holds 12 + batch_length bytes: the header is there.
    BatchHeader::parse(buf).ok_or(truncated)
}

/// Checks the integrity of one batch whose bytes are exactly `batch` (framing, magic, CRC,
/// counts). Client-only rules (control batches, size limit) are in [`validate_batches`].
/// Also used by storage recovery on segment contents.
pub fn check_batch(batch: &[u8]) -> Result<BatchHeader, BatchError> {
    let header = frame(batch)?;
    if header.batch_size() != batch.len() {
        return Err(BatchError::TruncatedBatch {
            size: header.batch_size(),
            available: batch.len(),
        });
    }
    if header.magic != MAGIC_V2 {
        return Err(BatchError::UnsupportedMagic {
            magic: header.magic,
        });
    }
    let computed = crc32c::crc32c(&batch[ATTRIBUTES_AT..]);
    if computed != header.crc {
        return Err(BatchError::CrcMismatch {
            stored: header.crc,
            computed,
        });
    }
    check_counts(&header)?;
    check_producer_fields(&header)?;
    Ok(header)
}

/// Checks the integrity of one batch read back from a log (recovery scans, a follower's
/// fetch): [`check_batch`] without the client-only count rules, because compaction leaves
/// batches with fewer records than their offset range (Kafka's `DefaultRecordBatch.ensureValid`
/// checks only framing and CRC there): at most `last_offset_delta + 1` records, possibly none,
/// and, uncompressed, no more than its bytes can hold (a client must be able to walk them).
pub fn check_stored_batch(batch: &[u8]) -> Result<BatchHeader, BatchError> {
    let header = frame(batch)?;
    if header.batch_size() != batch.len() {
        return Err(BatchError::TruncatedBatch {
            size: header.batch_size(),
            available: batch.len(),
        });
    }
    let computed = crc32c::crc32c(&batch[ATTRIBUTES_AT..]);
    if computed != header.crc {
        return Err(BatchError::CrcMismatch {
            stored: header.crc,
            computed,
        });
    }
    if let Compression::Unknown(id) = header.compression() {
        return Err(BatchError::UnknownCompression { id });
    }
    if header.records_count < 0
        || i64::from(header.records_count) > i64::from(header.last_offset_delta) + 1
    {
        return Err(BatchError::InconsistentOffsetDelta {
            records_count: header.records_count,
            last_offset_delta: header.last_offset_delta,
        });
    }
    check_record_bytes(&header)?;
    check_producer_fields(&header)?;
    Ok(header)
}

fn check_counts(header: &BatchHeader) -> Result<(), BatchError> {
    if let Compression::Unknown(id) = header.compression() {
        return Err(BatchError::UnknownCompression { id });
    }
    if header.records_count < 1 {
        return Err(BatchError::InvalidRecordCount {
            records_count: header.records_count,
        });
    }
    if i64::from(header.last_offset_delta) + 1 != i64::from(header.records_count) {
        return Err(BatchError::InconsistentOffsetDelta {
            records_count: header.records_count,
            last_offset_delta: header.last_offset_delta,
        });
    }
    check_record_bytes(header)
}

/// An uncompressed batch's records fit its bytes (each at least `RECORD_MIN_BYTES`);
/// compressed records can be smaller, so only uncompressed counts are bounded.
fn check_record_bytes(header: &BatchHeader) -> Result<(), BatchError> {
    let records_bytes = header.batch_size() - BATCH_HEADER_BYTES;
    let needed = (header.records_count.max(0) as usize).saturating_mul(RECORD_MIN_BYTES);
    if header.compression() == Compression::None && needed > records_bytes {
        return Err(BatchError::RecordCountTooLarge {
            records_count: header.records_count,
            records_bytes,
        });
    }
    Ok(())
}

fn check_producer_fields(header: &BatchHeader) -> Result<(), BatchError> {
    // Transaction markers (control batches) carry the producer but no sequence (-1).
    if header.has_producer_id() && header.base_sequence < 0 && !header.is_control() {
        return Err(BatchError::InvalidSequence {
            base_sequence: header.base_sequence,
        });
    }
    if header.is_transactional() && !header.has_producer_id() {
        return Err(BatchError::TransactionalWithoutProducerId);
    }
    Ok(())
}

/// Validates the concatenated batches of a produce request's `records` field, as a leader
/// receiving them from a client: each batch passes [`check_batch`], is not a control batch, is
/// at most `max_batch_bytes` (`max.message.bytes`) long, and holds exactly `records_count`
/// records (walked by their length varints; a compressed batch is decompressed as a stream and
/// refused once more than [`DECOMPRESSED_BATCH_MAX_BYTES`] came out). Returns zero-copy slices:
/// the batch itself is never re-encoded.
///
/// Kafka itself accepts exactly one v2 batch per partition in a produce request (v ≥ 3); use
/// [`validate_produce_batch`] for that rule. This function accepts several (replication, tools).
pub fn validate_batches(
    records: &Bytes,
    max_batch_bytes: usize,
) -> Result<Vec<ValidatedBatch>, BatchError> {
    if records.is_empty() {
        return Err(BatchError::Empty);
    }
    let mut out = Vec::new();
    let mut position = 0usize;
    while position < records.len() {
        let rest = &records[position..];
        let size = frame(rest)?.batch_size();
        let header = check_batch(&rest[..size])?;
        if header.is_control() {
            return Err(BatchError::ControlBatchFromClient);
        }
        if size > max_batch_bytes {
            return Err(BatchError::TooLarge {
                size,
                max_bytes: max_batch_bytes,
            });
        }
        walk_records(
            header.compression(),
            &rest[BATCH_HEADER_BYTES..size],
            header.records_count as u32,
            DECOMPRESSED_BATCH_MAX_BYTES,
        )?;
        out.push(ValidatedBatch {
            bytes: records.slice(position..position + size),
            header,
        });
        position += size;
    }
    Ok(out)
}

/// Kafka's produce rule (v ≥ 3): the records of one partition are exactly one v2 batch.
pub fn validate_produce_batch(
    records: &Bytes,
    max_batch_bytes: usize,
) -> Result<ValidatedBatch, BatchError> {
    let mut batches = validate_batches(records, max_batch_bytes)?;
    if batches.len() != 1 {
        return Err(BatchError::MultipleBatches {
            count: batches.len(),
        });
    }
    Ok(batches.remove(0))
}

/// The whole batches of a `records` field fetched from a leader (a follower's Fetch response),
/// and how many bytes of a trailing partial batch were dropped.
#[derive(Clone, Debug, Default)]
pub struct FetchedBatches {
    /// Zero-copy slices of the whole batches, in order, each passing [`check_stored_batch`].
    pub batches: Vec<ValidatedBatch>,
    /// Bytes after the last whole batch: the start of a batch cut by the fetch size limit.
    pub partial_bytes: usize,
}

/// Validates the `records` field of a leader's Fetch response as a follower appends it:
/// zero or more whole batches followed by at most one partial batch, which is dropped as
/// Kafka's fetcher drops it (`ByteBufferLogInputStream.nextBatch` returns null when fewer
/// bytes than the batch's size remain). Each whole batch passes [`check_stored_batch`] (framing,
/// magic 2, CRC32C, counts). Unlike [`validate_batches`], control batches are accepted and no
/// size limit or record walk applies: the leader validated the records when it appended them,
/// and the follower stores them byte for byte.
///
/// Framing errors follow Kafka's `nextBatchSize`: a batch length below the v0 overhead and a
/// magic outside 0..=2 are corrupt even in a partial tail; a short tail is not an error.
pub fn validate_fetched_batches(records: &Bytes) -> Result<FetchedBatches, BatchError> {
    let mut fetched = FetchedBatches::default();
    let mut position = 0usize;
    while position < records.len() {
        let rest = &records[position..];
        let size = match frame(rest) {
            Ok(header) => header.batch_size(),
            Err(BatchError::TruncatedHeader { .. } | BatchError::TruncatedBatch { .. }) => {
                fetched.partial_bytes = rest.len();
                break;
            }
            Err(e) => return Err(e),
        };
        let header = check_stored_batch(&rest[..size])?;
        fetched.batches.push(ValidatedBatch {
            bytes: records.slice(position..position + size),
            header,
        });
        position += size;
    }
    Ok(fetched)
}
