//! A small encoder of uncompressed v2 batches, for tests, benches and tools — not for the
//! produce path (brokers never build batches; clients do).

use std::io::Write;

use crate::header::{
    BatchHeader, Compression, ATTRIBUTES_AT, CRC_AT, LOG_OVERHEAD_BYTES, MAGIC_V2,
};

/// Builds one uncompressed v2 batch. Defaults: base offset 0, no producer id, timestamp 0.
#[derive(Clone, Debug)]
pub struct BatchBuilder {
    base_offset: i64,
    partition_leader_epoch: i32,
    base_timestamp_ms: i64,
    producer_id: i64,
    producer_epoch: i16,
    base_sequence: i32,
    attributes: i16,
    records: Vec<u8>,
    records_count: i32,
    max_timestamp_ms: i64,
}

impl Default for BatchBuilder {
    fn default() -> Self {
        Self::new()
    }
}

pub(crate) fn put_varint(out: &mut Vec<u8>, value: i64) {
    let mut zigzag = ((value << 1) ^ (value >> 63)) as u64;
    loop {
        if zigzag < 0x80 {
            out.push(zigzag as u8);
            return;
        }
        out.push((zigzag as u8 & 0x7f) | 0x80);
        zigzag >>= 7;
    }
}

fn put_bytes(out: &mut Vec<u8>, bytes: Option<&[u8]>) {
    match bytes {
        None => put_varint(out, -1),
        Some(b) => {
            put_varint(out, b.len() as i64);
            out.extend_from_slice(b);
        }
    }
}

impl BatchBuilder {
    pub fn new() -> Self {
        BatchBuilder {
            base_offset: 0,
            partition_leader_epoch: -1,
            base_timestamp_ms: 0,
            producer_id: -1,
            producer_epoch: -1,
            base_sequence: -1,
            attributes: 0,
            records: Vec::new(),
            records_count: 0,
            max_timestamp_ms: -1,
        }
    }

    pub fn base_offset(mut self, base_offset: i64) -> Self {
        self.base_offset = base_offset;
        self
    }

    pub fn base_timestamp_ms(mut self, timestamp_ms: i64) -> Self {
        self.base_timestamp_ms = timestamp_ms;
        self
    }

    /// Marks the batch idempotent: producer id, epoch and the first record's sequence.
    pub fn producer(mut self, producer_id: i64, producer_epoch: i16, base_sequence: i32) -> Self {
        self.producer_id = producer_id;
        self.producer_epoch = producer_epoch;
        self.base_sequence = base_sequence;
        self
    }

    /// Raw attributes (compression, timestamp type, transactional, control bits).
    pub fn attributes(mut self, attributes: i16) -> Self {
        self.attributes = attributes;
        self
    }

    /// Appends a record whose timestamp is `base_timestamp_ms + timestamp_delta_ms`.
    pub fn record(
        mut self,
        timestamp_delta_ms: i64,
        key: Option<&[u8]>,
        value: Option<&[u8]>,
    ) -> Self {
        let mut body = Vec::with_capacity(16 + value.map_or(0, <[u8]>::len));
        body.push(0); // record attributes, unused
        put_varint(&mut body, timestamp_delta_ms);
        put_varint(&mut body, i64::from(self.records_count));
        put_bytes(&mut body, key);
        put_bytes(&mut body, value);
        put_varint(&mut body, 0); // no headers
        put_varint(&mut self.records, body.len() as i64);
        self.records.extend_from_slice(&body);
        self.records_count += 1;
        self.max_timestamp_ms = self
            .max_timestamp_ms
            .max(self.base_timestamp_ms + timestamp_delta_ms);
        self
    }

    /// Encodes the batch with a correct length and CRC.
    pub fn build(&self) -> Vec<u8> {
        self.encode(self.attributes, &self.records)
    }

    /// Encodes the batch with its records compressed by `codec` (as Kafka clients write each
    /// codec: gzip, raw snappy, LZ4 frames with independent blocks, zstd level 3), setting the
    /// codec bits of the attributes. `Compression::Unknown` keeps the records as they are.
    pub fn build_compressed(&self, codec: Compression) -> Vec<u8> {
        let records = compress_records(codec, &self.records);
        self.encode((self.attributes & !0x07) | codec.id(), &records)
    }

    fn encode(&self, attributes: i16, records: &[u8]) -> Vec<u8> {
        let header = BatchHeader {
            base_offset: self.base_offset,
            batch_length: 0,
            partition_leader_epoch: self.partition_leader_epoch,
            magic: MAGIC_V2,
            crc: 0,
            attributes,
            last_offset_delta: self.records_count - 1,
            base_timestamp: self.base_timestamp_ms,
            max_timestamp: self.max_timestamp_ms.max(self.base_timestamp_ms),
            producer_id: self.producer_id,
            producer_epoch: self.producer_epoch,
            base_sequence: self.base_sequence,
            records_count: self.records_count,
        };
        let mut out = header.encode().to_vec();
        out.extend_from_slice(records);
        let batch_length = (out.len() - LOG_OVERHEAD_BYTES) as i32;
        out[8..12].copy_from_slice(&batch_length.to_be_bytes());
        let crc = crc32c::crc32c(&out[ATTRIBUTES_AT..]);
        out[CRC_AT..CRC_AT + 4].copy_from_slice(&crc.to_be_bytes());
        out
    }
}

/// A batch of `records_count` records with `value_bytes`-byte values, timestamps from
/// `base_timestamp_ms` on, 1 ms apart. Handy for tests and benches.
pub fn simple_batch(records_count: usize, value_bytes: usize, base_timestamp_ms: i64) -> Vec<u8> {
    let value = vec![b'v'; value_bytes];
    let mut builder = BatchBuilder::new().base_timestamp_ms(base_timestamp_ms);
    for i in 0..records_count {
        builder = builder.record(i as i64, None, Some(&value));
    }
    builder.build()
}

/// A records section compressed by `codec` as Kafka clients write it (gzip, raw snappy, LZ4
/// frames with independent 64 KiB blocks, zstd level 3); `None`/`Unknown` return it as is.
pub fn compress_records(codec: Compression, raw: &[u8]) -> Vec<u8> {
    match codec {
        Compression::None | Compression::Unknown(_) => raw.to_vec(),
        Compression::Gzip => gzip(raw),
        Compression::Snappy => snappy(raw),
        Compression::Lz4 => lz4(raw),
        Compression::Zstd => zstd::bulk::compress(raw, 3).expect("in memory"),
    }
}

fn gzip(raw: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(raw).expect("in memory");
    encoder.finish().expect("in memory")
}

fn snappy(raw: &[u8]) -> Vec<u8> {
    snap::raw::Encoder::new()
        .compress_vec(raw)
        .expect("input within snappy's 4 GiB limit")
}

fn lz4(raw: &[u8]) -> Vec<u8> {
    let info = lz4_flex::frame::FrameInfo::new()
        .block_mode(lz4_flex::frame::BlockMode::Independent)
        .block_size(lz4_flex::frame::BlockSize::Max64KB);
    let mut encoder = lz4_flex::frame::FrameEncoder::with_frame_info(info, Vec::new());
    encoder.write_all(raw).expect("in memory");
    encoder.finish().expect("in memory")
}
