//! Compressed batch validation must never panic, never take more memory than the cap plus a
//! constant, and accept exactly the batches whose records walk cleanly to the header's count.
//!
//! Input: byte 0 low 3 bits pick the codec id (0–7, unknown ids included), bit 3 picks the
//! mode: 0 = the rest is the compressed records section as sent (garbage for the codecs);
//! 1 = the rest is *uncompressed* records that the harness compresses with the real codec
//! first (so the fuzzer explores the record walk behind a valid stream). Byte 1 is the record
//! count claimed by the header; byte 2 picks `max.message.bytes` (61 + 256·n), which bounds the
//! batch as sent; decompression stops at `DECOMPRESSED_BATCH_MAX_BYTES` whatever it is.
#![no_main]


use batch::builder::{compress_records, BatchBuilder};
use batch::{
    validate_batches, BatchError, BatchHeader, Compression, BATCH_HEADER_BYTES,
    DECOMPRESSED_BATCH_MAX_BYTES,
};
use bytes::Bytes;
use libfuzzer_sys::fuzz_target;

const BATCH_LENGTH_AT: usize = 8;
const CRC_AT: usize = 17;
const ATTRIBUTES_AT: usize = 21;
const LAST_OFFSET_DELTA_AT: usize = 23;
const RECORDS_COUNT_AT: usize = 57;

fuzz_target!(|data: &[u8]| {
    let [mode, count, limit_byte, payload @ ..] = data else {
        return;
    };
    let codec_id = mode & 0x07;
    let limit = 61 + usize::from(*limit_byte) * 256;
    let records = if mode & 0x08 != 0 {
        compress(codec_id, payload)
    } else {
        payload.to_vec()
    };
    let batch = Bytes::from(batch_with(codec_id, i32::from(*count), &records));
    match validate_batches(&batch, limit) {
        Ok(batches) => {
            assert_eq!(batches.len(), 1);
            assert!(batches[0].size_bytes() <= limit);
            assert_eq!(
                batches[0].bytes(),
                &batch,
                "accepted bytes are the bytes sent"
            );
        }
        Err(BatchError::DecompressedTooLarge { max_bytes }) => {
            assert_eq!(max_bytes, DECOMPRESSED_BATCH_MAX_BYTES)
        }
        Err(_) => {}
    }
    // ListOffsets MAX_TIMESTAMP walks the same records, reading more of each: never a panic.
    let _ = batch::offset_of_max_timestamp(&batch);
});

/// A one-record batch built by the real builder, its records section replaced by `records`.
fn batch_with(codec_id: u8, count: i32, records: &[u8]) -> Vec<u8> {
    let mut out = BatchBuilder::new().record(0, None, Some(b"v")).build();
    out.truncate(BATCH_HEADER_BYTES);
    out.extend_from_slice(records);
    let batch_length = (out.len() - 12) as i32;
    out[BATCH_LENGTH_AT..BATCH_LENGTH_AT + 4].copy_from_slice(&batch_length.to_be_bytes());
    out[ATTRIBUTES_AT..ATTRIBUTES_AT + 2].copy_from_slice(&i16::from(codec_id).to_be_bytes());
    out[LAST_OFFSET_DELTA_AT..LAST_OFFSET_DELTA_AT + 4].copy_from_slice(&(count - 1).to_be_bytes());
    out[RECORDS_COUNT_AT..RECORDS_COUNT_AT + 4].copy_from_slice(&count.to_be_bytes());
    let crc = crc32c::crc32c(&out[ATTRIBUTES_AT..]);
    out[CRC_AT..CRC_AT + 4].copy_from_slice(&crc.to_be_bytes());
    out
}

/// Compresses `raw` as the builder does for that codec (a batch's records section).
fn compress(codec_id: u8, raw: &[u8]) -> Vec<u8> {
    let codec = BatchHeader::parse(&batch_with(codec_id, 1, &[]))
        .map(|h| h.compression())
        .unwrap_or(Compression::None);
    compress_records(codec, raw)
}
