//! What the log cleaner (compaction) and the compacted-topic produce rule need from a batch:
//! its records with their keys and byte spans, and a batch rebuilt from some of them.
//!
//! Kafka's cleaner (`MemoryRecords.filterTo`) keeps a batch whose records all survive as it
//! is, and rebuilds one that lost records with the same base offset, last offset delta,
//! producer fields, partition leader epoch, attributes and codec; so does [`rebuild`], which
//! copies the surviving records byte for byte (their offset and timestamp deltas stay
//! relative to the unchanged base offset and base timestamp) and recomputes records count,
//! max timestamp, length and CRC. A batch that loses every record but must stay (the last
//! batch of a producer, the last batch of a cleaned segment) becomes Kafka's empty batch
//! ([`empty_batch`], `DefaultRecordBatch.writeEmptyHeader`): a header with no records that
//! keeps the offset range.

use std::ops::Range;

use crate::header::{
    BatchHeader, Compression, TimestampType, ATTRIBUTES_AT, BATCH_HEADER_BYTES, CRC_AT,
    DELETE_HORIZON_BIT, LOG_OVERHEAD_BYTES, RECORD_MIN_BYTES,
};
use crate::validate::BatchError;
use crate::walk::decompress_into;

/// One record of a records section: where it is and what the cleaner looks at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordSpan {
    pub offset_delta: i32,
    pub timestamp_delta: i64,
    /// The key's bytes within the section; `None` for a null key.
    pub key: Option<Range<usize>>,
    /// A null value: a tombstone.
    pub value_is_null: bool,
    /// The whole record (its length varint included) within the section.
    pub bytes: Range<usize>,
}

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

/// The records section of `batch` (exactly one batch's bytes), decompressed when the batch is
/// compressed (at most `max_bytes` come out; more is `DecompressedTooLarge`).
pub fn records_section(batch: &[u8], max_bytes: usize) -> Result<Vec<u8>, BatchError> {
    let header = BatchHeader::parse(batch).ok_or(BatchError::TruncatedHeader {
        available: batch.len(),
    })?;
    let section =
        batch
            .get(BATCH_HEADER_BYTES..header.batch_size())
            .ok_or(BatchError::TruncatedBatch {
                size: header.batch_size(),
                available: batch.len(),
            })?;
    if header.compression() == Compression::None {
        return Ok(section.to_vec());
    }
    let mut out = Vec::new();
    decompress_into(header.compression(), section, max_bytes, &mut out)?;
    Ok(out)
}

/// The spans of the `count` records of an (uncompressed) records section. `None` when the
/// bytes do not hold them (a lying count, fields past a record's end).
pub fn record_spans(section: &[u8], count: i32) -> Option<Vec<RecordSpan>> {
    let count = usize::try_from(count).ok()?;
    if count > section.len() / RECORD_MIN_BYTES {
        return None;
    }
    let mut out = Vec::with_capacity(count);
    let mut at = 0usize;
    for _ in 0..count {
        let start = at;
        let length = usize::try_from(read_varint(section, &mut at, 5)?).ok()?;
        let end = at.checked_add(length).filter(|end| *end <= section.len())?;
        at += 1; // attributes
        let timestamp_delta = read_varint(section, &mut at, 10)?;
        let offset_delta = i32::try_from(read_varint(section, &mut at, 5)?).ok()?;
        let key_length = read_varint(section, &mut at, 5)?;
        let key = if key_length < 0 {
            None
        } else {
            let key_end = at
                .checked_add(usize::try_from(key_length).ok()?)
                .filter(|e| *e <= end)?;
            let key = at..key_end;
            at = key_end;
            Some(key)
        };
        let value_length = read_varint(section, &mut at, 5)?;
        if at > end {
            return None;
        }
        out.push(RecordSpan {
            offset_delta,
            timestamp_delta,
            key,
            value_is_null: value_length < 0,
            bytes: start..end,
        });
        at = end;
    }
    Some(out)
}

/// `batch` rebuilt with only the records `kept` (spans of `section`, its decompressed records,
/// in order): same base offset, last offset delta, base timestamp, producer fields, leader
/// epoch and codec; records count, max timestamp (CreateTime), length and CRC recomputed.
/// With `horizon` (KIP-534), a batch that has no delete horizon yet gets it: the base
/// timestamp becomes the horizon, attribute bit 6 is set, and each record's timestamp delta is
/// re-encoded against it (every record keeps its timestamp). `kept` must not be empty (see
/// [`empty_batch`]).
pub fn rebuild(
    header: &BatchHeader,
    section: &[u8],
    kept: &[RecordSpan],
    horizon: Option<i64>,
) -> Vec<u8> {
    let horizon = horizon.filter(|_| header.delete_horizon_ms().is_none());
    let mut raw = Vec::with_capacity(kept.iter().map(|r| r.bytes.len() + 8).sum());
    for record in kept {
        let bytes = &section[record.bytes.clone()];
        match horizon {
            None => raw.extend_from_slice(bytes),
            Some(horizon) => rebase_record(
                &mut raw,
                bytes,
                header
                    .base_timestamp
                    .saturating_add(record.timestamp_delta)
                    .saturating_sub(horizon),
            ),
        }
    }
    let records = crate::builder::compress_records(header.compression(), &raw);
    let mut out = BatchHeader {
        records_count: kept.len() as i32,
        max_timestamp: match header.timestamp_type() {
            TimestampType::LogAppendTime => header.max_timestamp,
            TimestampType::CreateTime => kept
                .iter()
                .map(|r| header.base_timestamp.saturating_add(r.timestamp_delta))
                .max()
                .unwrap_or(header.max_timestamp),
        },
        attributes: match horizon {
            Some(_) => header.attributes | DELETE_HORIZON_BIT,
            None => header.attributes,
        },
        base_timestamp: horizon.unwrap_or(header.base_timestamp),
        ..*header
    }
    .encode()
    .to_vec();
    out.extend_from_slice(&records);
    finish(out)
}

/// Appends `record` (one whole record, its length varint first, as [`record_spans`] found it)
/// with its timestamp delta replaced by `timestamp_delta`: length, attributes and delta are
/// written anew, the rest (offset delta, key, value, headers) copied.
fn rebase_record(out: &mut Vec<u8>, record: &[u8], timestamp_delta: i64) {
    let mut at = 0usize;
    let spanned = read_varint(record, &mut at, 5).is_some();
    let attributes_at = at;
    at += 1;
    let delta_read = read_varint(record, &mut at, 10).is_some();
    assert!(
        spanned && delta_read && at <= record.len(),
        "invariant: a record that record_spans parsed re-parses"
    );
    let mut body = Vec::with_capacity(record.len() - attributes_at + 10);
    body.push(record[attributes_at]);
    crate::builder::put_varint(&mut body, timestamp_delta);
    body.extend_from_slice(&record[at..]);
    crate::builder::put_varint(out, body.len() as i64);
    out.extend_from_slice(&body);
}

/// Kafka's empty batch (`DefaultRecordBatch.writeEmptyHeader`): `header`'s offsets, producer
/// fields, leader epoch and timestamp type, transactional and control bits, no codec, no
/// records, base and max timestamp the original max timestamp.
pub fn empty_batch(header: &BatchHeader) -> Vec<u8> {
    let keep = crate::header::TIMESTAMP_TYPE_BIT | 0x10 | 0x20;
    let out = BatchHeader {
        attributes: header.attributes & keep,
        records_count: 0,
        base_timestamp: header.max_timestamp,
        ..*header
    }
    .encode()
    .to_vec();
    finish(out)
}

/// Sets the batch length and CRC of a batch built here.
fn finish(mut out: Vec<u8>) -> Vec<u8> {
    let batch_length = (out.len() - LOG_OVERHEAD_BYTES) as i32;
    out[8..12].copy_from_slice(&batch_length.to_be_bytes());
    let crc = crc32c::crc32c(&out[ATTRIBUTES_AT..]);
    out[CRC_AT..CRC_AT + 4].copy_from_slice(&crc.to_be_bytes());
    out
}

/// The batch indexes (0-based, as KIP-467's `record_errors` name them) of the records of
/// `batch` that have no key: a compacted topic refuses them. Compressed batches are
/// decompressed (bounded by `max_bytes`, as validation bounds them).
pub fn keyless_records(batch: &[u8], max_bytes: usize) -> Result<Vec<i32>, BatchError> {
    let header = BatchHeader::parse(batch).ok_or(BatchError::TruncatedHeader {
        available: batch.len(),
    })?;
    let section = records_section(batch, max_bytes)?;
    let spans =
        record_spans(&section, header.records_count).ok_or(BatchError::RecordCountTooLarge {
            records_count: header.records_count,
            records_bytes: section.len(),
        })?;
    Ok(spans
        .iter()
        .enumerate()
        .filter(|(_, r)| r.key.is_none())
        .map(|(i, _)| i as i32)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builder::BatchBuilder;
    use crate::validate::check_stored_batch;

    fn sample(codec: Compression) -> Vec<u8> {
        BatchBuilder::new()
            .base_offset(100)
            .base_timestamp_ms(1_000)
            .producer(7, 1, 10)
            .record(0, Some(b"a"), Some(b"1"))
            .record(1, Some(b"b"), None)
            .record(2, None, Some(b"3"))
            .record(3, Some(b"a"), Some(b"4"))
            .build_compressed(codec)
    }

    #[test]
    fn spans_name_keys_and_tombstones_in_every_codec() {
        for codec in [
            Compression::None,
            Compression::Gzip,
            Compression::Snappy,
            Compression::Lz4,
            Compression::Zstd,
        ] {
            let batch = sample(codec);
            let section = records_section(&batch, 1 << 20).unwrap();
            let spans = record_spans(&section, 4).unwrap();
            let keys: Vec<_> = spans
                .iter()
                .map(|s| s.key.clone().map(|k| section[k].to_vec()))
                .collect();
            assert_eq!(
                keys,
                vec![
                    Some(b"a".to_vec()),
                    Some(b"b".to_vec()),
                    None,
                    Some(b"a".to_vec())
                ]
            );
            assert_eq!(
                spans.iter().map(|s| s.value_is_null).collect::<Vec<_>>(),
                vec![false, true, false, false]
            );
            assert_eq!(keyless_records(&batch, 1 << 20).unwrap(), vec![2]);
        }
    }

    #[test]
    fn rebuilt_batches_keep_offsets_and_stay_valid() {
        for codec in [Compression::None, Compression::Zstd, Compression::Lz4] {
            let batch = sample(codec);
            let header = BatchHeader::parse(&batch).unwrap();
            let section = records_section(&batch, 1 << 20).unwrap();
            let spans = record_spans(&section, 4).unwrap();
            let kept = vec![spans[1].clone(), spans[3].clone()];
            let rebuilt = rebuild(&header, &section, &kept, None);
            let h = check_stored_batch(&rebuilt).expect("valid stored batch");
            assert_eq!(h.base_offset, 100);
            assert_eq!(h.last_offset(), 103);
            assert_eq!(h.records_count, 2);
            assert_eq!(h.compression(), codec);
            assert_eq!((h.producer_id, h.base_sequence), (7, 10));
            assert_eq!(h.max_timestamp, 1_003);
            let section = records_section(&rebuilt, 1 << 20).unwrap();
            let spans = record_spans(&section, 2).unwrap();
            assert_eq!(
                spans.iter().map(|s| s.offset_delta).collect::<Vec<_>>(),
                vec![1, 3]
            );
            let empty = empty_batch(&header);
            let h = check_stored_batch(&empty).expect("valid empty batch");
            assert_eq!(
                (h.base_offset, h.last_offset(), h.records_count),
                (100, 103, 0)
            );
            assert_eq!(h.compression(), Compression::None);
        }
    }

    #[test]
    fn a_delete_horizon_rebases_timestamps_and_is_set_once() {
        for codec in [Compression::None, Compression::Zstd] {
            let batch = sample(codec);
            let header = BatchHeader::parse(&batch).unwrap();
            assert_eq!(header.delete_horizon_ms(), None);
            let section = records_section(&batch, 1 << 20).unwrap();
            let spans = record_spans(&section, 4).unwrap();
            let timestamps = |h: &BatchHeader, spans: &[RecordSpan]| -> Vec<i64> {
                spans
                    .iter()
                    .map(|s| h.base_timestamp + s.timestamp_delta)
                    .collect()
            };
            let before = timestamps(&header, &spans);
            let horizon = 86_400_000 + 5_000;
            let rebuilt = rebuild(&header, &section, &spans, Some(horizon));
            let h = check_stored_batch(&rebuilt).expect("valid stored batch");
            assert_eq!(h.delete_horizon_ms(), Some(horizon));
            assert_eq!(h.compression(), codec);
            assert_eq!(
                (h.base_offset, h.last_offset(), h.records_count),
                (100, 103, 4)
            );
            assert_eq!(h.max_timestamp, header.max_timestamp);
            let section2 = records_section(&rebuilt, 1 << 20).unwrap();
            let spans2 = record_spans(&section2, 4).unwrap();
            assert_eq!(
                timestamps(&h, &spans2),
                before,
                "every record keeps its timestamp"
            );
            let keys = |section: &[u8], spans: &[RecordSpan]| -> Vec<Option<Vec<u8>>> {
                spans
                    .iter()
                    .map(|s| s.key.clone().map(|k| section[k].to_vec()))
                    .collect()
            };
            assert_eq!(keys(&section2, &spans2), keys(&section, &spans));
            assert_eq!(
                spans2.iter().map(|s| s.value_is_null).collect::<Vec<_>>(),
                vec![false, true, false, false]
            );
            // A later pass keeps the first horizon.
            let again = rebuild(&h, &section2, &spans2[1..], Some(horizon + 1_000));
            let h2 = check_stored_batch(&again).expect("valid stored batch");
            assert_eq!(h2.delete_horizon_ms(), Some(horizon));
            let section3 = records_section(&again, 1 << 20).unwrap();
            let spans3 = record_spans(&section3, 3).unwrap();
            assert_eq!(timestamps(&h2, &spans3), before[1..].to_vec());
        }
    }
}
