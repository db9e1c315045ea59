//! Walking the records of an uncompressed batch, for the rare paths that need per-record data
//! (ListOffsets by timestamp). The produce path never calls this.

use crate::header::{BatchHeader, Compression, TimestampType, BATCH_HEADER_BYTES};

/// Reads a zigzag varint of at most `max_bytes` bytes; `None` if malformed or truncated.
fn read_varint(buf: &[u8], at: &mut usize, max_bytes: usize) -> Option<i64> {
    let mut raw: u64 = 0;
    for i in 0..max_bytes {
        let byte = *buf.get(*at)?;
        *at += 1;
        raw |= u64::from(byte & 0x7f) << (7 * i);
        if byte & 0x80 == 0 {
            return Some((raw >> 1) as i64 ^ -((raw & 1) as i64));
        }
    }
    None
}

/// One record's position in its batch and its timestamp.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RecordTimestamp {
    pub offset_delta: i32,
    pub timestamp_ms: i64,
}

/// The (offset delta, timestamp) of every record in `batch` (exactly one batch's bytes).
/// `None` for compressed batches (their records are not readable without decompression) and
/// for malformed record encodings. LogAppendTime batches report max_timestamp for every record,
/// as Kafka does.
pub fn record_timestamps(batch: &[u8]) -> Option<Vec<RecordTimestamp>> {
    let header = BatchHeader::parse(batch)?;
    if header.compression() != Compression::None || header.batch_size() != batch.len() {
        return None;
    }
    let count = usize::try_from(header.records_count).ok()?;
    // Each record takes at least one byte: a count larger than the bytes is a lie.
    if count > batch.len() {
        return None;
    }
    let mut out = Vec::with_capacity(count);
    let mut at = BATCH_HEADER_BYTES;
    for _ in 0..count {
        let length = usize::try_from(read_varint(batch, &mut at, 5)?).ok()?;
        let record_end = at.checked_add(length).filter(|end| *end <= batch.len())?;
        at += 1; // record attributes
        let timestamp_delta = read_varint(batch, &mut at, 10)?;
        let offset_delta = i32::try_from(read_varint(batch, &mut at, 5)?).ok()?;
        if at > record_end {
            return None;
        }
        let timestamp_ms = match header.timestamp_type() {
            TimestampType::LogAppendTime => header.max_timestamp,
            TimestampType::CreateTime => header.base_timestamp.checked_add(timestamp_delta)?,
        };
        out.push(RecordTimestamp {
            offset_delta,
            timestamp_ms,
        });
        at = record_end;
    }
    Some(out)
}
