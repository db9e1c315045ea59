//! Record batch validation (and the hand-written Produce v0-2 reader) must never panic, and
//! what it accepts must really be whole, CRC-correct batches within the size limit.
//!
//! Input: byte 0 picks the size limit (`max.message.bytes`), byte 1 bit 0 asks the harness to
//! fix the CRC of every framed batch first (so the fuzzer gets past the checksum and reaches
//! the count/attribute/producer checks); the rest is the `records` field.
#![no_main]


use batch::{
    check_batch, record_timestamps, set_base_offset, set_log_append_time,
    set_partition_leader_epoch, validate_batches, validate_produce_batch, BatchHeader,
    BATCH_HEADER_BYTES,
};
use bytes::Bytes;
use libfuzzer_sys::fuzz_target;

/// CRC field and the start of the bytes it covers, from Kafka's v2 batch layout.
const CRC_AT: usize = 17;
const ATTRIBUTES_AT: usize = 21;

fuzz_target!(|data: &[u8]| {
    let [limit_byte, flags, records @ ..] = data else {
        return;
    };
    let limit = 61 + usize::from(*limit_byte) * 64;
    let mut records = records.to_vec();
    if flags & 1 == 1 {
        fix_crcs(&mut records);
    }
    let records = Bytes::from(records);

    let _ = protocol::legacy::reject_old_produce(&records);
    let _ = check_batch(&records);
    let _ = record_timestamps(&records);
    let _ = validate_produce_batch(&records, limit);
    if let Ok(batches) = validate_batches(&records, limit) {
        let mut total = 0;
        for b in &batches {
            assert!(b.size_bytes() <= limit, "accepted a batch over the limit");
            assert!(b.records_count() >= 1);
            assert_eq!(check_batch(b.bytes()).ok().as_ref(), Some(b.header()));
            let _ = record_timestamps(b.bytes());
            patch_roundtrip(b.bytes());
            total += b.size_bytes();
        }
        assert_eq!(
            total,
            records.len(),
            "accepted batches must cover the input"
        );
    }
});

/// The append-path patches keep a valid batch valid.
fn patch_roundtrip(batch: &[u8]) {
    let mut copy = batch.to_vec();
    set_base_offset(&mut copy, 1 << 40).unwrap();
    set_partition_leader_epoch(&mut copy, 7).unwrap();
    set_log_append_time(&mut copy, 1_700_000_000_000).unwrap();
    let header = check_batch(&copy).expect("patched batch stays valid");
    assert_eq!(header.base_offset, 1 << 40);
    assert_eq!(header.max_timestamp, 1_700_000_000_000);
}

/// Walks the frames (base offset, batch length) and rewrites each CRC to match its bytes.
fn fix_crcs(records: &mut [u8]) {
    let mut at = 0usize;
    while let Some(header) = BatchHeader::parse(&records[at..]) {
        let size = header.batch_size();
        if size < BATCH_HEADER_BYTES || size > records.len() - at {
            return;
        }
        let batch = &mut records[at..at + size];
        let crc = crc32c::crc32c(&batch[ATTRIBUTES_AT..]);
        batch[CRC_AT..CRC_AT + 4].copy_from_slice(&crc.to_be_bytes());
        at += size;
    }
}
