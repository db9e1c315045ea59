//! Walking the records of an uncompressed batch, for the rare paths that need per-record data
//! (ListOffsets by timestamp, replaying the broker's own `__consumer_offsets`). The produce
//! path never calls this.

use crate::header::{
    BatchHeader, Compression, TimestampType, BATCH_HEADER_BYTES, RECORD_MIN_BYTES,
};

/// Reads a zigzag varint of at most `max_bytes` bytes; `None` if malformed or truncated.
pub fn read_varint(buf: &[u8], at: &mut usize, max_bytes: usize) -> Option<i64> {
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

/// One record of an uncompressed batch, its fields borrowed from the batch (`None` = null).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RecordView<'a> {
    pub offset_delta: i32,
    pub timestamp_delta: i64,
    pub key: Option<&'a [u8]>,
    pub value: Option<&'a [u8]>,
}

/// Reads a varint-length-prefixed byte field (-1 = null) ending at or before `end`.
pub fn read_bytes<'a>(batch: &'a [u8], at: &mut usize, end: usize) -> Option<Option<&'a [u8]>> {
    let length = read_varint(batch, at, 5)?;
    if length < 0 {
        return Some(None);
    }
    let stop = at.checked_add(usize::try_from(length).ok()?)?;
    if stop > end {
        return None;
    }
    let bytes = &batch[*at..stop];
    *at = stop;
    Some(Some(bytes))
}

/// The header and every record of `batch` (exactly one batch's bytes). `None` for compressed
/// batches (their records are not readable without decompression) and for malformed record
/// encodings (a count the bytes cannot hold, fields past a record's end).
pub fn records(batch: &[u8]) -> Option<(BatchHeader, Vec<RecordView<'_>>)> {
    let header = BatchHeader::parse(batch)?;
    if header.compression() != Compression::None || header.batch_size() != batch.len() {
        return None;
    }
    let count = usize::try_from(header.records_count).ok()?;
    // Each record takes at least RECORD_MIN_BYTES: a count the bytes cannot hold is a lie, and
    // must not size the allocation below.
    if count > (batch.len() - BATCH_HEADER_BYTES) / RECORD_MIN_BYTES {
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
        let key = read_bytes(batch, &mut at, record_end)?;
        let value = read_bytes(batch, &mut at, record_end)?;
        out.push(RecordView {
            offset_delta,
            timestamp_delta,
            key,
            value,
        });
        at = record_end;
    }
    Some((header, out))
}

/// The (offset delta, timestamp) of every record in `batch`, as [`records`] reads them.
/// LogAppendTime batches report max_timestamp for every record, as Kafka does.
pub fn record_timestamps(batch: &[u8]) -> Option<Vec<RecordTimestamp>> {
    let (header, records) = records(batch)?;
    records
        .into_iter()
        .map(|r| {
            let timestamp_ms = match header.timestamp_type() {
                TimestampType::LogAppendTime => header.max_timestamp,
                TimestampType::CreateTime => {
                    header.base_timestamp.checked_add(r.timestamp_delta)?
                }
            };
            Some(RecordTimestamp {
                offset_delta: r.offset_delta,
                timestamp_ms,
            })
        })
        .collect()
}

/// Kafka's `RecordBatch.offsetOfMaxTimestamp` (ListOffsets MAX_TIMESTAMP, KAFKA-16310): the
/// offset of the first record of `batch` whose timestamp is the batch's max_timestamp. `None`
/// when the batch is malformed or no record carries max_timestamp.
pub fn offset_of_max_timestamp(batch: &[u8]) -> Option<i64> {
    let header = BatchHeader::parse(batch)?;
    first_record_at_or_after(batch, header.max_timestamp)
        .filter(|(_, timestamp_ms)| *timestamp_ms == header.max_timestamp)
        .map(|(offset, _)| offset)
}

/// The (offset, timestamp) of the first record of `batch` whose timestamp is at least
/// `timestamp_ms`, as Kafka's `LogSegment.findOffsetByTimestamp` reads a batch: every codec
/// (compressed records are read as a stream, bounded as validation bounds them), and a
/// LogAppendTime batch gives every record its max_timestamp. `None` when the batch is malformed
/// or no record is that late.
pub fn first_record_at_or_after(batch: &[u8], timestamp_ms: i64) -> Option<(i64, i64)> {
    let header = BatchHeader::parse(batch)?;
    let records = batch.get(BATCH_HEADER_BYTES..header.batch_size())?;
    if header.timestamp_type() == TimestampType::LogAppendTime {
        return (header.max_timestamp >= timestamp_ms)
            .then_some((header.base_offset, header.max_timestamp));
    }
    // Saturating: a target far below the base matches the first record, far above it none.
    let delta = timestamp_ms.saturating_sub(header.base_timestamp);
    let (offset_delta, timestamp_delta) = crate::walk::find_record_by_timestamp_delta(
        header.compression(),
        records,
        u32::try_from(header.records_count).ok()?,
        delta,
        crate::DECOMPRESSED_BATCH_MAX_BYTES,
    )
    .ok()??;
    Some((
        header.base_offset.checked_add(i64::from(offset_delta))?,
        header.base_timestamp.checked_add(timestamp_delta)?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builder::BatchBuilder;

    #[test]
    fn keys_and_values_round_trip_through_the_builder() {
        let batch = BatchBuilder::new()
            .record(0, Some(b"k1"), Some(b"v1"))
            .record(1, Some(b"k2"), None)
            .record(2, None, Some(b""))
            .build();
        let (_, kvs) = records(&batch).expect("well-formed batch");
        let got: Vec<_> = kvs
            .iter()
            .map(|r| (r.offset_delta, r.key, r.value))
            .collect();
        assert_eq!(
            got,
            vec![
                (0, Some(&b"k1"[..]), Some(&b"v1"[..])),
                (1, Some(&b"k2"[..]), None),
                (2, None, Some(&b""[..])),
            ]
        );
    }

    #[test]
    fn truncated_or_lying_batches_are_refused() {
        let batch = BatchBuilder::new()
            .record(0, Some(b"key"), Some(b"value"))
            .build();
        assert!(records(&batch[..batch.len() - 1]).is_none());
        let mut lying = batch.clone();
        // A key length running past the record's end.
        let key_len_at = BATCH_HEADER_BYTES + 1 + 1 + 1 + 1;
        lying[key_len_at] = 100;
        assert!(records(&lying).is_none());
    }
}
