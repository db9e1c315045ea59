//! Magic v2 record batches: a builder that packs many records into one batch (one CRC, one
//! compression pass) and a parser that walks the batches of a Fetch answer.
//!
//! Every record value this tool writes starts with its send time, u64 nanoseconds since the
//! Unix epoch, big-endian ([`SEND_TIME_BYTES`]); the parser hands back those times.

use crate::compression::{invalid, Compression};
use bytes::{BufMut, Bytes, BytesMut};
use std::io;

/// Size of the send-time prefix of every value.
pub const SEND_TIME_BYTES: usize = 8;
/// Bytes of a v2 batch header, base offset through records count.
pub const BATCH_HEADER_BYTES: usize = 61;
/// base offset (8) + batch length (4): the part not counted in batch length.
const LOG_OVERHEAD_BYTES: usize = 12;
/// Where the CRC-covered part starts (the attributes field).
const ATTRIBUTES_AT: usize = 21;
const CRC_AT: usize = 17;
const MAGIC_AT: usize = 16;
const MAGIC_V2: u8 = 2;
/// Attribute bit of control (transaction marker) batches.
const CONTROL_BIT: i16 = 0x20;
/// Upper bound on records in one batch that the parser accepts. Reason: Kafka's records count
/// is an i32; a count beyond the decompressed bytes is corrupt, and this bounds preallocation.
const RECORDS_PER_BATCH_MAX: usize = 1 << 24;

/// Most bytes a record adds to a batch beyond its value: length (varlong, up to 10),
/// attributes (1), timestamp and offset deltas (10 each), null key (1), value length (10),
/// headers count (1).
pub const RECORD_OVERHEAD_BYTES_MAX: usize = 43;

/// Accumulates records for one partition and encodes them as one v2 batch.
#[derive(Debug, Default)]
pub struct BatchBuilder {
    records: Vec<u8>,
    records_count: i32,
    base_timestamp_ms: i64,
    max_timestamp_ms: i64,
}

impl BatchBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn records_count(&self) -> i32 {
        self.records_count
    }

    pub fn is_empty(&self) -> bool {
        self.records_count == 0
    }

    /// Uncompressed size of the batch so far, header included.
    pub fn size_bytes(&self) -> usize {
        BATCH_HEADER_BYTES + self.records.len()
    }

    /// Appends a record without key or headers whose value is `send_time_ns` (big-endian)
    /// followed by `filler`.
    pub fn push(&mut self, send_time_ns: u64, filler: &[u8]) {
        let timestamp_ms = (send_time_ns / 1_000_000) as i64;
        if self.is_empty() {
            self.base_timestamp_ms = timestamp_ms;
        }
        self.max_timestamp_ms = self.max_timestamp_ms.max(timestamp_ms);
        let value_bytes = SEND_TIME_BYTES + filler.len();
        let mut head = [0u8; 40];
        let mut head_bytes = 0;
        head[head_bytes] = 0; // attributes
        head_bytes += 1;
        head_bytes += put_varlong(
            &mut head[head_bytes..],
            timestamp_ms - self.base_timestamp_ms,
        );
        head_bytes += put_varlong(&mut head[head_bytes..], i64::from(self.records_count));
        head_bytes += put_varlong(&mut head[head_bytes..], -1); // key: null
        head_bytes += put_varlong(&mut head[head_bytes..], value_bytes as i64);
        // + 1: the headers count (0) after the value.
        let body_bytes = head_bytes + value_bytes + 1;
        let mut length = [0u8; 10];
        let length_bytes = put_varlong(&mut length, body_bytes as i64);
        self.records.extend_from_slice(&length[..length_bytes]);
        self.records.extend_from_slice(&head[..head_bytes]);
        self.records.extend_from_slice(&send_time_ns.to_be_bytes());
        self.records.extend_from_slice(filler);
        self.records.push(0); // headers count
        self.records_count += 1;
    }

    /// Encodes the batch (base offset 0, no producer id) and resets the builder.
    pub fn finish(&mut self, compression: Compression) -> io::Result<Bytes> {
        if self.is_empty() {
            return Err(invalid("empty batch"));
        }
        let packed = compression.compress(&self.records)?;
        let total_bytes = BATCH_HEADER_BYTES + packed.len();
        let mut out = BytesMut::with_capacity(total_bytes);
        out.put_i64(0); // base offset: the broker assigns
        out.put_i32((total_bytes - LOG_OVERHEAD_BYTES) as i32);
        out.put_i32(-1); // partition leader epoch
        out.put_u8(MAGIC_V2);
        out.put_u32(0); // crc, patched below
        out.put_i16(compression.attribute_bits());
        out.put_i32(self.records_count - 1); // last offset delta
        out.put_i64(self.base_timestamp_ms);
        out.put_i64(self.max_timestamp_ms);
        out.put_i64(-1); // producer id
        out.put_i16(-1); // producer epoch
        out.put_i32(-1); // base sequence
        out.put_i32(self.records_count);
        out.put_slice(&packed);
        let crc = crc32c::crc32c(&out[ATTRIBUTES_AT..]);
        out[CRC_AT..CRC_AT + 4].copy_from_slice(&crc.to_be_bytes());
        self.records.clear();
        self.records_count = 0;
        Ok(out.freeze())
    }
}

/// Writes a zigzag varlong; returns the bytes written (at most 10).
fn put_varlong(out: &mut [u8], value: i64) -> usize {
    let mut zigzag = ((value << 1) ^ (value >> 63)) as u64;
    let mut written = 0;
    loop {
        let byte = (zigzag & 0x7f) as u8;
        zigzag >>= 7;
        if zigzag == 0 {
            out[written] = byte;
            return written + 1;
        }
        out[written] = byte | 0x80;
        written += 1;
    }
}

/// Reads a zigzag varlong from the front of `buf`, advancing it.
fn get_varlong(buf: &mut &[u8]) -> io::Result<i64> {
    let mut zigzag = 0u64;
    for shift in (0..70).step_by(7) {
        let (&byte, rest) = buf
            .split_first()
            .ok_or_else(|| invalid("truncated varint"))?;
        *buf = rest;
        zigzag |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Ok(((zigzag >> 1) as i64) ^ -((zigzag & 1) as i64));
        }
    }
    Err(invalid("varint longer than 10 bytes"))
}

/// One record as the consumer sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConsumedRecord {
    pub offset: i64,
    /// The send time at the start of the value; `None` when the value is shorter than 8 bytes
    /// (a record this tool did not write).
    pub send_time_ns: Option<u64>,
    pub value_bytes: usize,
}

/// What one Fetch answer's records field held for a partition.
#[derive(Debug, Default)]
pub struct ParsedRecords {
    pub records: Vec<ConsumedRecord>,
    /// The offset to fetch next: one past the last complete batch (control batches included).
    pub next_offset: Option<i64>,
}

/// Walks the concatenated batches of a fetched partition. A trailing partial batch (the
/// broker cut at max bytes) is ignored; records below `fetch_offset` (from a compressed batch
/// that began earlier) are skipped. Corrupt bytes are an error, never a panic.
pub fn parse_fetched(mut data: &[u8], fetch_offset: i64) -> io::Result<ParsedRecords> {
    let mut parsed = ParsedRecords::default();
    while data.len() >= BATCH_HEADER_BYTES {
        let batch_length = i32::from_be_bytes(data[8..12].try_into().expect("4 bytes"));
        let batch_bytes = usize::try_from(batch_length)
            .ok()
            .filter(|&len| len >= BATCH_HEADER_BYTES - LOG_OVERHEAD_BYTES)
            .ok_or_else(|| invalid("batch length too small"))?
            + LOG_OVERHEAD_BYTES;
        if batch_bytes > data.len() {
            break;
        }
        let (batch, rest) = data.split_at(batch_bytes);
        data = rest;
        parsed.next_offset = Some(parse_batch(batch, fetch_offset, &mut parsed.records)?);
    }
    Ok(parsed)
}

/// Parses one complete batch, appending its records; returns the offset after it.
pub fn parse_batch(
    batch: &[u8],
    fetch_offset: i64,
    out: &mut Vec<ConsumedRecord>,
) -> io::Result<i64> {
    if batch.len() < BATCH_HEADER_BYTES || batch[MAGIC_AT] != MAGIC_V2 {
        return Err(invalid("not a magic v2 batch"));
    }
    let stored_crc = u32::from_be_bytes(batch[CRC_AT..CRC_AT + 4].try_into().expect("4 bytes"));
    if crc32c::crc32c(&batch[ATTRIBUTES_AT..]) != stored_crc {
        return Err(invalid("batch CRC mismatch"));
    }
    let base_offset = i64::from_be_bytes(batch[0..8].try_into().expect("8 bytes"));
    let attributes = i16::from_be_bytes(batch[21..23].try_into().expect("2 bytes"));
    let last_offset_delta = i32::from_be_bytes(batch[23..27].try_into().expect("4 bytes"));
    let records_count = i32::from_be_bytes(batch[57..61].try_into().expect("4 bytes"));
    let next_offset = base_offset.saturating_add(i64::from(last_offset_delta) + 1);
    if attributes & CONTROL_BIT != 0 {
        return Ok(next_offset);
    }
    let compression =
        Compression::from_attributes(attributes).ok_or_else(|| invalid("unknown codec"))?;
    let body = &batch[BATCH_HEADER_BYTES..];
    let raw;
    let mut records: &[u8] = if compression == Compression::None {
        body
    } else {
        raw = compression.decompress(body)?;
        &raw
    };
    let count = usize::try_from(records_count)
        .ok()
        .filter(|&count| count <= RECORDS_PER_BATCH_MAX)
        .ok_or_else(|| invalid("records count out of range"))?;
    for _ in 0..count {
        let record = parse_record(&mut records, base_offset)?;
        if record.offset >= fetch_offset {
            out.push(record);
        }
    }
    Ok(next_offset)
}

fn parse_record(buf: &mut &[u8], base_offset: i64) -> io::Result<ConsumedRecord> {
    let length = usize::try_from(get_varlong(buf)?).map_err(|_| invalid("negative length"))?;
    let mut body = buf
        .get(..length)
        .ok_or_else(|| invalid("truncated record"))?;
    *buf = &buf[length..];
    body = body.get(1..).ok_or_else(|| invalid("empty record"))?; // attributes
    get_varlong(&mut body)?; // timestamp delta
    let offset_delta = get_varlong(&mut body)?;
    let key_bytes = get_varlong(&mut body)?;
    if key_bytes > 0 {
        body = body
            .get(key_bytes as usize..)
            .ok_or_else(|| invalid("truncated key"))?;
    }
    let value_bytes = get_varlong(&mut body)?;
    let value = match usize::try_from(value_bytes) {
        Ok(len) => body.get(..len).ok_or_else(|| invalid("truncated value"))?,
        Err(_) => &[][..], // null value
    };
    let send_time_ns = value
        .first_chunk::<SEND_TIME_BYTES>()
        .map(|bytes| u64::from_be_bytes(*bytes));
    Ok(ConsumedRecord {
        offset: base_offset.saturating_add(offset_delta),
        send_time_ns,
        value_bytes: value.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const CODECS: [Compression; 5] = [
        Compression::None,
        Compression::Gzip,
        Compression::Snappy,
        Compression::Lz4,
        Compression::Zstd,
    ];

    fn build(codec: Compression, count: u64, filler: &[u8]) -> Bytes {
        let mut builder = BatchBuilder::new();
        for i in 0..count {
            builder.push(1_700_000_000_000_000_000 + i * 1_000_000, filler);
        }
        assert_eq!(builder.records_count(), count as i32);
        builder.finish(codec).unwrap()
    }

    #[test]
    fn batches_pass_the_brokers_validator() {
        for codec in CODECS {
            let bytes = build(codec, 100, &[7u8; 1016]);
            let validated = batch::validate_produce_batch(&bytes, 1 << 20)
                .unwrap_or_else(|err| panic!("{codec:?}: {err:?}"));
            assert_eq!(validated.records_count(), 100);
            assert_eq!(validated.size_bytes(), bytes.len());
        }
    }

    #[test]
    fn kafka_protocol_decodes_the_same_records() {
        let bytes = build(Compression::None, 3, b"filler");
        let mut buf = bytes.clone();
        let decoded =
            kafka_protocol::records::RecordBatchDecoder::decode(&mut buf).expect("decodes");
        assert_eq!(decoded.records.len(), 3);
        let value = decoded.records[2].value.clone().expect("value");
        assert_eq!(&value[..8], &(1_700_000_000_002_000_000u64).to_be_bytes());
        assert_eq!(&value[8..], b"filler");
        assert_eq!(decoded.records[2].offset, 2);
        assert_eq!(decoded.records[2].timestamp, 1_700_000_000_002);
    }

    #[test]
    fn parser_reads_send_times_of_every_codec() {
        for codec in CODECS {
            let mut bytes = build(codec, 5, &[1u8; 100]).to_vec();
            bytes[..8].copy_from_slice(&40i64.to_be_bytes()); // as the broker assigns
            let parsed = parse_fetched(&bytes, 42).unwrap();
            assert_eq!(parsed.next_offset, Some(45), "{codec:?}");
            let offsets: Vec<i64> = parsed.records.iter().map(|r| r.offset).collect();
            assert_eq!(offsets, vec![42, 43, 44]);
            assert_eq!(
                parsed.records[0].send_time_ns,
                Some(1_700_000_000_002_000_000)
            );
            assert_eq!(parsed.records[0].value_bytes, 108);
        }
    }

    #[test]
    fn parser_ignores_a_trailing_partial_batch() {
        let one = build(Compression::None, 2, b"x");
        let mut two = one.to_vec();
        two.extend_from_slice(&one[..one.len() - 5]);
        let parsed = parse_fetched(&two, 0).unwrap();
        assert_eq!(parsed.records.len(), 2);
        assert_eq!(parsed.next_offset, Some(2));
    }

    #[test]
    fn parser_rejects_corruption_without_panicking() {
        let good = build(Compression::Lz4, 4, &[3u8; 50]).to_vec();
        let mut flipped = good.clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 0xff;
        assert!(parse_fetched(&flipped, 0).is_err());
        // Every truncation and every single-byte change either parses or errors.
        for cut in 0..good.len() {
            let _ = parse_fetched(&good[..cut], 0);
            let mut changed = good.clone();
            changed[cut] = changed[cut].wrapping_add(1);
            let _ = parse_fetched(&changed, 0);
        }
    }

    #[test]
    fn varlong_round_trips() {
        for value in [0i64, 1, -1, 63, -64, 64, 300, i64::MAX, i64::MIN] {
            let mut buf = [0u8; 10];
            let len = put_varlong(&mut buf, value);
            let mut slice = &buf[..len];
            assert_eq!(get_varlong(&mut slice).unwrap(), value);
            assert!(slice.is_empty());
        }
    }
}
