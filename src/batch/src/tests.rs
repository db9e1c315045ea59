use bytes::Bytes;
use model::ErrorCode;

use crate::builder::{simple_batch, BatchBuilder};
use crate::*;

const MAX: usize = 1 << 20;

fn validate(bytes: Vec<u8>) -> Result<Vec<ValidatedBatch>, BatchError> {
    validate_batches(&Bytes::from(bytes), MAX)
}

fn fix_crc(batch: &mut [u8]) {
    let crc = crc32c::crc32c(&batch[21..]);
    batch[17..21].copy_from_slice(&crc.to_be_bytes());
}

#[test]
fn valid_batch_round_trips_its_header() {
    let bytes = BatchBuilder::new()
        .base_timestamp_ms(1_000)
        .producer(7, 3, 42)
        .record(0, Some(b"k"), Some(b"v1"))
        .record(5, None, Some(b"v2"))
        .record(2, None, None)
        .build();
    let batches = validate(bytes.clone()).unwrap();
    assert_eq!(batches.len(), 1);
    let h = batches[0].header();
    assert_eq!(h.records_count, 3);
    assert_eq!(h.last_offset_delta, 2);
    assert_eq!(h.max_timestamp, 1_005);
    assert_eq!(h.producer_id, 7);
    assert_eq!(h.producer_epoch, 3);
    assert_eq!(h.base_sequence, 42);
    assert_eq!(h.last_sequence(), 44);
    assert_eq!(h.compression(), Compression::None);
    assert_eq!(h.timestamp_type(), TimestampType::CreateTime);
    assert!(!h.is_transactional() && !h.is_control());
    assert_eq!(h.batch_size(), bytes.len());
    assert_eq!(batches[0].bytes().as_ref(), bytes.as_slice());
    assert_eq!(BatchHeader::parse(&h.encode()), Some(*h));
}

#[test]
fn kafka_protocol_encoded_batch_validates() {
    use kafka_protocol::records::{
        Compression as KCompression, Record, RecordBatchEncoder, RecordEncodeOptions,
        TimestampType as KTimestampType,
    };
    let records: Vec<Record> = (0..4)
        .map(|i| Record {
            transactional: false,
            control: false,
            delete_horizon: false,
            partition_leader_epoch: 0,
            producer_id: 9,
            producer_epoch: 1,
            timestamp_type: KTimestampType::Creation,
            offset: i,
            sequence: i as i32,
            timestamp: 1_700_000_000_000 + i,
            key: Some(Bytes::from_static(b"key")),
            value: Some(Bytes::from(vec![b'x'; 100])),
            headers: Default::default(),
        })
        .collect();
    let mut buf = Vec::new();
    let options = RecordEncodeOptions {
        version: 2,
        compression: KCompression::None,
    };
    RecordBatchEncoder::encode(&mut buf, &records, &options).unwrap();
    let batches = validate(buf).unwrap();
    assert_eq!(batches.len(), 1);
    assert_eq!(batches[0].records_count(), 4);
    assert_eq!(batches[0].header().max_timestamp, 1_700_000_000_003);
    assert_eq!(batches[0].header().last_sequence(), 3);
}

#[test]
fn several_batches_are_sliced_zero_copy() {
    let mut bytes = simple_batch(2, 10, 0);
    let second = simple_batch(5, 20, 100);
    bytes.extend_from_slice(&second);
    let records = Bytes::from(bytes);
    let batches = validate_batches(&records, MAX).unwrap();
    assert_eq!(batches.len(), 2);
    assert_eq!(batches[1].records_count(), 5);
    assert_eq!(batches[1].bytes().as_ref(), second.as_slice());
    // Same allocation: a slice, not a copy.
    let start = batches[1].bytes().as_ptr() as usize - records.as_ptr() as usize;
    assert_eq!(start, records.len() - second.len());
    assert_eq!(
        validate_produce_batch(&records, MAX)
            .unwrap_err()
            .error_code(),
        ErrorCode::InvalidRecord
    );
    assert!(validate_produce_batch(&Bytes::from(second), MAX).is_ok());
}

#[test]
fn bad_crc_is_corrupt_message() {
    let mut bytes = simple_batch(3, 10, 0);
    let last = bytes.len() - 1;
    bytes[last] ^= 0xff;
    let err = validate(bytes).unwrap_err();
    assert!(matches!(err, BatchError::CrcMismatch { .. }));
    assert_eq!(err.error_code(), ErrorCode::CorruptMessage);
}

/// Kafka's order: a size field below a v0 message's overhead, or a magic byte outside 0..=2,
/// is CORRUPT_MESSAGE before the bytes are even counted; magic 0 or 1 is INVALID_RECORD.
#[test]
fn unknown_magic_and_impossible_sizes_are_corrupt() {
    let good = simple_batch(1, 10, 0);
    for magic in [3u8, 0x7f, 0x80, 0xff] {
        let mut bytes = good.clone();
        bytes[16] = magic;
        let err = validate(bytes).unwrap_err();
        assert_eq!(err, BatchError::UnsupportedMagic { magic: magic as i8 });
        assert_eq!(err.error_code(), ErrorCode::CorruptMessage, "magic {magic}");
    }
    let mut legacy = good.clone();
    legacy[16] = 0;
    assert_eq!(
        validate(legacy).unwrap_err().error_code(),
        ErrorCode::InvalidRecord
    );
    let mut tiny = good.clone();
    tiny[8..12].copy_from_slice(&13i32.to_be_bytes());
    assert_eq!(
        validate(tiny[..14].to_vec()).unwrap_err().error_code(),
        ErrorCode::CorruptMessage
    );
    // batch_length 20 (below a v2 header) with the bytes present: CORRUPT_MESSAGE.
    let mut short = good.clone();
    short[8..12].copy_from_slice(&20i32.to_be_bytes());
    assert_eq!(
        validate(short[..32].to_vec()).unwrap_err().error_code(),
        ErrorCode::CorruptMessage
    );
}

#[test]
fn bad_magic_is_invalid_record() {
    let mut bytes = simple_batch(1, 10, 0);
    bytes[16] = 1;
    let err = validate(bytes).unwrap_err();
    assert_eq!(err, BatchError::UnsupportedMagic { magic: 1 });
    assert_eq!(err.error_code(), ErrorCode::InvalidRecord);
}

#[test]
fn lying_lengths_and_counts_are_rejected() {
    let good = simple_batch(3, 10, 0);
    // batch_length past the buffer
    // (Kafka finds no whole batch: "at least one record batch", INVALID_RECORD)
    let mut long = good.clone();
    long[8..12].copy_from_slice(&((good.len() as i32) * 2).to_be_bytes());
    assert_eq!(
        validate(long).unwrap_err().error_code(),
        ErrorCode::InvalidRecord
    );
    // batch_length below the header
    let mut short = good.clone();
    short[8..12].copy_from_slice(&10i32.to_be_bytes());
    assert!(matches!(
        validate(short).unwrap_err(),
        BatchError::BatchLengthTooSmall { .. }
    ));
    // negative batch_length
    let mut negative = good.clone();
    negative[8..12].copy_from_slice(&(-5i32).to_be_bytes());
    assert!(validate(negative).is_err());
    // records_count that cannot fit, CRC fixed so only the count lies
    let mut count = good.clone();
    count[57..61].copy_from_slice(&1000i32.to_be_bytes());
    count[23..27].copy_from_slice(&999i32.to_be_bytes());
    fix_crc(&mut count);
    let err = validate(count).unwrap_err();
    assert!(matches!(err, BatchError::RecordCountTooLarge { .. }));
    assert_eq!(err.error_code(), ErrorCode::InvalidRecord);
    // last_offset_delta inconsistent with the count
    let mut delta = good.clone();
    delta[23..27].copy_from_slice(&5i32.to_be_bytes());
    fix_crc(&mut delta);
    assert_eq!(
        validate(delta).unwrap_err().error_code(),
        ErrorCode::InvalidRecord
    );
    // zero records
    let mut zero = good.clone();
    zero[57..61].copy_from_slice(&0i32.to_be_bytes());
    zero[23..27].copy_from_slice(&(-1i32).to_be_bytes());
    fix_crc(&mut zero);
    assert_eq!(
        validate(zero).unwrap_err(),
        BatchError::InvalidRecordCount { records_count: 0 }
    );
}

/// Kafka 4.3.1 answers a records field without one whole batch with INVALID_RECORD (its
/// iterator finds no batch), checked by tests/integration/malformed.rs against Kafka itself.
#[test]
fn truncated_buffers_are_invalid_record() {
    let good = simple_batch(3, 10, 0);
    for cut in [1, 11, 12, 16, 17, 30, 60, 61, good.len() - 1] {
        let err = validate(good[..cut].to_vec()).unwrap_err();
        assert_eq!(err.error_code(), ErrorCode::InvalidRecord, "cut at {cut}");
    }
    let mut trailing = good.clone();
    trailing.extend_from_slice(&good[..20]);
    assert!(matches!(
        validate(trailing).unwrap_err(),
        BatchError::TruncatedBatch { available: 20, .. }
    ));
    assert_eq!(validate(Vec::new()).unwrap_err(), BatchError::Empty);
}

#[test]
fn size_limit_is_message_too_large() {
    let bytes = simple_batch(10, 100, 0);
    let len = bytes.len();
    let err = validate_batches(&Bytes::from(bytes.clone()), len - 1).unwrap_err();
    assert_eq!(err.error_code(), ErrorCode::MessageTooLarge);
    assert!(validate_batches(&Bytes::from(bytes), len).is_ok());
}

#[test]
fn producer_and_control_rules() {
    let control = BatchBuilder::new()
        .attributes(0x20)
        .producer(1, 0, 0)
        .record(0, None, None)
        .build();
    assert_eq!(
        validate(control).unwrap_err(),
        BatchError::ControlBatchFromClient
    );
    let bad_seq = BatchBuilder::new()
        .producer(1, 0, -1)
        .record(0, None, None)
        .build();
    assert_eq!(
        validate(bad_seq).unwrap_err().error_code(),
        ErrorCode::InvalidRecord
    );
    let txn = BatchBuilder::new()
        .attributes(0x10)
        .record(0, None, None)
        .build();
    assert_eq!(
        validate(txn).unwrap_err(),
        BatchError::TransactionalWithoutProducerId
    );
    let codec = BatchBuilder::new()
        .attributes(6)
        .record(0, None, None)
        .build();
    assert_eq!(
        validate(codec).unwrap_err(),
        BatchError::UnknownCompression { id: 6 }
    );
}

#[test]
fn sequence_wraps_at_i32_max() {
    let bytes = BatchBuilder::new()
        .producer(1, 0, i32::MAX - 1)
        .record(0, None, None)
        .record(0, None, None)
        .record(0, None, None)
        .build();
    let batch = &validate(bytes).unwrap()[0];
    assert_eq!(batch.header().last_sequence(), 0);
}

#[test]
fn patches_keep_the_batch_valid() {
    let mut bytes = simple_batch(4, 10, 500);
    set_base_offset(&mut bytes, 1234).unwrap();
    set_partition_leader_epoch(&mut bytes, 7).unwrap();
    let h = check_batch(&bytes).unwrap();
    assert_eq!(
        (h.base_offset, h.partition_leader_epoch, h.last_offset()),
        (1234, 7, 1237)
    );
    set_log_append_time(&mut bytes, 99_999).unwrap();
    let h = check_batch(&bytes).unwrap();
    assert_eq!(h.timestamp_type(), TimestampType::LogAppendTime);
    assert_eq!(h.max_timestamp, 99_999);
    assert_eq!(
        set_base_offset(&mut [0u8; 10], 1),
        Err(PatchError { len: 10 })
    );
}

/// xorshift64*, so the test needs no rand crate; the seed is printed for replay.
fn next(state: &mut u64) -> u64 {
    *state ^= *state >> 12;
    *state ^= *state << 25;
    *state ^= *state >> 27;
    state.wrapping_mul(0x2545_f491_4f6c_dd1d)
}

#[test]
fn no_panic_on_random_or_mutated_bytes() {
    let seed = 0x5eed_1234_abcd_0001u64;
    println!("seed {seed:#x}");
    let mut state = seed;
    let template = simple_batch(5, 20, 0);
    for round in 0..20_000 {
        let mut bytes = if round % 2 == 0 {
            let len = (next(&mut state) % 200) as usize;
            (0..len)
                .map(|_| next(&mut state) as u8)
                .collect::<Vec<u8>>()
        } else {
            template.clone()
        };
        // Mutate a few bytes, mostly in the header where the lengths live.
        for _ in 0..(next(&mut state) % 4) {
            if bytes.is_empty() {
                break;
            }
            let at = (next(&mut state) as usize) % bytes.len().min(64);
            bytes[at] = next(&mut state) as u8;
        }
        if round % 2 == 1 && next(&mut state) % 2 == 0 {
            fix_crc(&mut bytes);
        }
        let records = Bytes::from(bytes);
        if let Ok(batches) = validate_batches(&records, MAX) {
            for b in batches {
                assert!(b.records_count() >= 1);
                assert_eq!(b.size_bytes(), b.header().batch_size());
            }
        }
        let _ = check_batch(&records);
        let _ = record_timestamps(&records);
    }
}

#[test]
fn record_timestamps_of_uncompressed_batch() {
    let bytes = BatchBuilder::new()
        .base_timestamp_ms(1_000)
        .record(0, Some(b"key"), Some(b"a"))
        .record(300, None, Some(&[7u8; 200]))
        .record(-5, None, None)
        .build();
    let ts = record_timestamps(&bytes).unwrap();
    let pairs: Vec<(i32, i64)> = ts
        .iter()
        .map(|r| (r.offset_delta, r.timestamp_ms))
        .collect();
    assert_eq!(pairs, vec![(0, 1_000), (1, 1_300), (2, 995)]);
    let mut appended = bytes.clone();
    set_log_append_time(&mut appended, 5).unwrap();
    assert!(record_timestamps(&appended)
        .unwrap()
        .iter()
        .all(|r| r.timestamp_ms == 5));
    let compressed = BatchBuilder::new()
        .attributes(1)
        .record(0, None, None)
        .build();
    assert_eq!(record_timestamps(&compressed), None);
    // Truncated record bodies never panic.
    for cut in 61..bytes.len() {
        let mut short = bytes[..cut].to_vec();
        short[8..12].copy_from_slice(&((cut - 12) as i32).to_be_bytes());
        let _ = record_timestamps(&short);
    }
}

mod records_walk {
    use super::*;

    const CODECS: [Compression; 4] = [
        Compression::Gzip,
        Compression::Snappy,
        Compression::Lz4,
        Compression::Zstd,
    ];

    fn builder(records: usize, value_bytes: usize) -> BatchBuilder {
        let value = vec![b'x'; value_bytes];
        (0..records).fold(BatchBuilder::new().base_timestamp_ms(1_000), |b, i| {
            b.record(i as i64, Some(b"key"), Some(&value))
        })
    }

    /// Replaces a batch's records section and codec bits, fixing its length and CRC.
    fn with_records(batch: &[u8], codec_id: i16, records: &[u8]) -> Vec<u8> {
        let mut out = batch[..BATCH_HEADER_BYTES].to_vec();
        out.extend_from_slice(records);
        let batch_length = (out.len() - LOG_OVERHEAD_BYTES) as i32;
        out[8..12].copy_from_slice(&batch_length.to_be_bytes());
        let attributes = (i16::from_be_bytes([out[21], out[22]]) & !0x07) | codec_id;
        out[21..23].copy_from_slice(&attributes.to_be_bytes());
        fix_crc(&mut out);
        out
    }

    /// Sets records_count and last_offset_delta together, so only the walk can see the lie.
    fn with_count(mut batch: Vec<u8>, count: i32) -> Vec<u8> {
        batch[57..61].copy_from_slice(&count.to_be_bytes());
        batch[23..27].copy_from_slice(&(count - 1).to_be_bytes());
        fix_crc(&mut batch);
        batch
    }

    fn code(batch: Vec<u8>) -> ErrorCode {
        validate(batch).unwrap_err().error_code()
    }

    #[test]
    fn every_codec_validates_and_stays_byte_identical() {
        for codec in CODECS.into_iter().chain([Compression::None]) {
            let bytes = builder(50, 100).build_compressed(codec);
            let batches = validate(bytes.clone()).unwrap_or_else(|e| panic!("{codec:?}: {e}"));
            assert_eq!(batches[0].header().compression(), codec);
            assert_eq!(batches[0].records_count(), 50);
            assert_eq!(batches[0].bytes().as_ref(), bytes.as_slice(), "{codec:?}");
        }
    }

    #[test]
    fn lying_counts_are_invalid_records_for_every_codec() {
        for codec in CODECS.into_iter().chain([Compression::None]) {
            let bytes = builder(3, 20).build_compressed(codec);
            for count in [2, 4, 1_000] {
                let got = validate(with_count(bytes.clone(), count)).unwrap_err();
                // A count that cannot fit uncompressed bytes is caught by the header check.
                let header_caught = matches!(got, BatchError::RecordCountTooLarge { .. })
                    && codec == Compression::None;
                assert!(
                    header_caught || matches!(got, BatchError::RecordsMismatch { .. }),
                    "{codec:?} count {count}: {got:?}"
                );
                assert_eq!(got.error_code(), ErrorCode::InvalidRecord);
            }
        }
    }

    #[test]
    fn impossible_record_lengths_are_invalid_records() {
        let good = builder(1, 20).build();
        let records = &good[BATCH_HEADER_BYTES..];
        let cases: [(&str, Vec<u8>); 4] = [
            ("negative length", [&[0x01u8][..], &records[1..]].concat()),
            (
                "length below a record",
                [&[0x02u8][..], &records[1..]].concat(),
            ),
            (
                "length past the end",
                [&[0x7eu8][..], &records[1..]].concat(),
            ),
            ("endless varint", [0xffu8; 12].to_vec()),
        ];
        for (what, records) in cases {
            assert_eq!(
                code(with_records(&good, 0, &records)),
                ErrorCode::InvalidRecord,
                "{what}"
            );
        }
    }

    #[test]
    fn garbage_in_every_codec_is_a_corrupt_message() {
        let good = builder(2, 20).build();
        for codec in CODECS {
            let id = BatchHeader::parse(&builder(1, 1).build_compressed(codec))
                .unwrap()
                .attributes
                & 0x07;
            for junk in [vec![0xffu8; 64], good[BATCH_HEADER_BYTES..].to_vec()] {
                assert_eq!(
                    code(with_records(&good, id, &junk)),
                    ErrorCode::CorruptMessage,
                    "{codec:?}"
                );
            }
        }
    }

    #[test]
    fn truncated_compressed_records_are_refused() {
        for codec in CODECS {
            let bytes = builder(20, 200).build_compressed(codec);
            let records = &bytes[BATCH_HEADER_BYTES..];
            let cut = with_records(
                &bytes,
                i16::from(bytes[22] & 0x07),
                &records[..records.len() / 2],
            );
            let got = code(cut);
            assert!(
                matches!(got, ErrorCode::CorruptMessage | ErrorCode::InvalidRecord),
                "{codec:?}: {got:?}"
            );
        }
    }

    /// Kafka's example: three 1 MiB records of zeros compress to a few KiB and decompress to
    /// three times `max.message.bytes` (MAX = 1 MiB). Kafka stores them; so does Sluice.
    #[test]
    fn batches_decompressing_past_max_message_bytes_are_accepted() {
        let zeros = vec![0u8; 1 << 20];
        let batch = (0..3).fold(BatchBuilder::new().base_timestamp_ms(1_000), |b, i| {
            b.record(i, None, Some(&zeros))
        });
        for codec in CODECS {
            let bytes = batch.build_compressed(codec);
            assert!(
                bytes.len() < MAX,
                "{codec:?} batch is {} bytes",
                bytes.len()
            );
            let batches = validate(bytes).unwrap_or_else(|e| panic!("{codec:?}: {e}"));
            assert_eq!(batches[0].records_count(), 3, "{codec:?}");
        }
    }

    /// A few hundred KiB that decompress to more than 100 MiB stop at
    /// DECOMPRESSED_BATCH_MAX_BYTES with MESSAGE_TOO_LARGE, whatever `max.message.bytes` is.
    #[test]
    fn decompression_bombs_stop_at_the_cap() {
        let value = vec![0u8; 26 << 20];
        let bomb = (0..4).fold(BatchBuilder::new(), |b, i| b.record(i, None, Some(&value)));
        for codec in CODECS {
            let bytes = bomb.build_compressed(codec);
            let got = validate_batches(&Bytes::from(bytes), usize::MAX).unwrap_err();
            assert_eq!(
                got,
                BatchError::DecompressedTooLarge {
                    max_bytes: DECOMPRESSED_BATCH_MAX_BYTES
                },
                "{codec:?}"
            );
            assert_eq!(got.error_code(), ErrorCode::MessageTooLarge);
        }
    }

    /// ListOffsets MAX_TIMESTAMP (KAFKA-16310): the first record carrying the batch's largest
    /// timestamp, in every codec; LogAppendTime batches answer their base offset.
    #[test]
    fn offset_of_max_timestamp_finds_the_first_record_with_it() {
        let batch = [5, 9, 7, 9, 1].into_iter().fold(
            BatchBuilder::new()
                .base_offset(100)
                .base_timestamp_ms(1_000),
            |b, d| b.record(d, Some(b"k"), Some(b"value")),
        );
        for codec in CODECS.into_iter().chain([Compression::None]) {
            let bytes = batch.build_compressed(codec);
            assert_eq!(offset_of_max_timestamp(&bytes), Some(101), "{codec:?}");
        }
        let log_append_time = batch.clone().attributes(0x08).build();
        assert_eq!(offset_of_max_timestamp(&log_append_time), Some(100));
        // By timestamp: the first record at or after it, in every codec.
        for codec in CODECS.into_iter().chain([Compression::None]) {
            let bytes = batch.build_compressed(codec);
            let at = |ts| first_record_at_or_after(&bytes, ts);
            assert_eq!(at(1_006), Some((101, 1_009)), "{codec:?}");
            assert_eq!(at(1_007), Some((101, 1_009)), "{codec:?}");
            assert_eq!(at(i64::MIN), Some((100, 1_005)), "{codec:?}");
            assert_eq!(at(1_010), None, "{codec:?}");
            assert_eq!(at(i64::MAX), None, "{codec:?}");
        }
        assert_eq!(
            first_record_at_or_after(&log_append_time, 1_000),
            Some((100, 1_009))
        );
        // A record count that lies, and records cut short, find nothing rather than panic.
        let plain = batch.build();
        assert_eq!(
            offset_of_max_timestamp(&with_count(plain.clone(), 9)),
            Some(101)
        );
        let mut unmatched = plain.clone();
        unmatched[35..43].copy_from_slice(&1_100i64.to_be_bytes());
        fix_crc(&mut unmatched);
        assert_eq!(offset_of_max_timestamp(&unmatched), None);
        assert_eq!(offset_of_max_timestamp(&with_count(unmatched, 9)), None);
        assert_eq!(offset_of_max_timestamp(&plain[..plain.len() - 3]), None);
    }

    /// The Java client's snappy: xerial stream header, then (length, raw block) chunks.
    #[test]
    fn xerial_framed_snappy_validates() {
        let plain = builder(10, 50).build();
        let raw = &plain[BATCH_HEADER_BYTES..];
        let mut framed = vec![
            0x82, b'S', b'N', b'A', b'P', b'P', b'Y', 0, 0, 0, 0, 1, 0, 0, 0, 1,
        ];
        for chunk in raw.chunks(100) {
            let block = snap::raw::Encoder::new().compress_vec(chunk).unwrap();
            framed.extend_from_slice(&(block.len() as u32).to_be_bytes());
            framed.extend_from_slice(&block);
        }
        let batches = validate(with_records(&plain, 2, &framed)).unwrap();
        assert_eq!(batches[0].header().compression(), Compression::Snappy);
        let lying = with_records(&plain, 2, &framed[..framed.len() - 1]);
        assert_eq!(code(lying), ErrorCode::CorruptMessage, "truncated chunk");
    }

    /// A raw snappy block of a few bytes declaring 90 MiB is corrupt (snappy cannot expand a
    /// block 32-fold), refused before the declared length sizes a buffer.
    #[test]
    fn snappy_block_declaring_more_than_it_can_hold_is_refused() {
        let plain = builder(1, 10).build();
        let mut block = Vec::new();
        let mut declared = 90u32 << 20;
        while declared >= 0x80 {
            block.push((declared as u8) | 0x80);
            declared >>= 7;
        }
        block.push(declared as u8);
        block.extend_from_slice(&[0x00, b'x', 0xfe, 0x01, 0x00]);
        let got = validate(with_records(&plain, 2, &block)).unwrap_err();
        assert!(
            matches!(&got, BatchError::CorruptCompressed { detail } if detail.contains("declares")),
            "{got:?}"
        );
    }

    /// Record views are allocated for a count the bytes can hold, never for the claimed count.
    #[test]
    fn record_views_refuse_counts_the_bytes_cannot_hold() {
        let plain = builder(3, 10).build();
        assert!(records(&plain).is_some());
        assert!(records(&with_count(plain, i32::MAX)).is_none());
    }

    /// A zstd frame that claims a 128 MiB window is refused before the decoder allocates it.
    #[test]
    fn zstd_window_over_the_limit_is_refused() {
        let plain = builder(3, 20).build();
        let mut encoder = zstd::stream::Encoder::new(Vec::new(), 3).unwrap();
        encoder
            .set_parameter(zstd::zstd_safe::CParameter::WindowLog(27))
            .unwrap();
        encoder.include_contentsize(false).unwrap();
        std::io::Write::write_all(&mut encoder, &plain[BATCH_HEADER_BYTES..]).unwrap();
        let frame = encoder.finish().unwrap();
        assert_eq!(
            code(with_records(&plain, 4, &frame)),
            ErrorCode::CorruptMessage
        );
    }
}

#[test]
fn fetched_batches_drop_a_partial_tail_and_keep_control_batches() {
    let first = simple_batch(3, 10, 1_000);
    let control = BatchBuilder::new()
        .producer(9, 0, 0)
        .attributes(0x20)
        .record(0, None, Some(b"marker"))
        .build();
    let third = simple_batch(2, 10, 2_000);
    let mut records = first.clone();
    records.extend_from_slice(&control);
    let whole_len = records.len();
    records.extend_from_slice(&third[..third.len() - 1]);
    let fetched = validate_fetched_batches(&Bytes::from(records)).unwrap();
    assert_eq!(fetched.batches.len(), 2);
    assert_eq!(fetched.batches[0].bytes().as_ref(), &first[..]);
    assert!(fetched.batches[1].header().is_control());
    assert_eq!(fetched.partial_bytes, third.len() - 1);
    let sizes: usize = fetched.batches.iter().map(|b| b.size_bytes()).sum();
    assert_eq!(sizes, whole_len);
    // An empty field and a lone partial header are no batches, not errors.
    assert!(validate_fetched_batches(&Bytes::new())
        .unwrap()
        .batches
        .is_empty());
    let short = validate_fetched_batches(&Bytes::copy_from_slice(&first[..11])).unwrap();
    assert_eq!((short.batches.len(), short.partial_bytes), (0, 11));
}

#[test]
fn fetched_batches_refuse_a_bad_crc_or_magic() {
    let mut records = simple_batch(3, 10, 1_000);
    let last = records.len() - 1;
    records[last] ^= 1;
    let err = validate_fetched_batches(&Bytes::from(records)).unwrap_err();
    assert_eq!(err.error_code(), ErrorCode::CorruptMessage);
    let mut records = simple_batch(3, 10, 1_000);
    records[16] = 7;
    let err = validate_fetched_batches(&Bytes::from(records)).unwrap_err();
    assert_eq!(err.error_code(), ErrorCode::CorruptMessage);
}
