//! No allocation is sized by a length a request claims (issue 9): hostile counts and lengths in
//! the fields kafka-protocol decodes (arrays, compact arrays, bytes, record batches and their
//! headers) fail to decode after allocating no more than the request's own size allows. (Its
//! `Vec<u8>`/`String` decoders, patched too, are not reachable through the crate's public API:
//! messages decode bytes and strings as zero-copy slices, which were always checked.)
//!
//! Allocation sizes are measured by `common/largest_allocation.rs` (shared by path with the
//! group and metadata crates' tests of the same rule).

use bytes::{BufMut, BytesMut};
use kafka_protocol::records::RecordBatchDecoder;

#[path = "common/largest_allocation.rs"]
mod largest_allocation;
use largest_allocation::largest_allocation;

/// Largest allocation decoding one of these small hostile inputs may make: kafka-protocol's own
/// structures plus at most one element per byte of input.
const EXPECTED_BYTES_MAX: usize = 64 << 10;

/// Request header v1 (non-flexible): key, version, correlation id, null client id.
fn header_v1(key: i16, version: i16) -> BytesMut {
    let mut b = BytesMut::new();
    b.put_i16(key);
    b.put_i16(version);
    b.put_i32(7);
    b.put_i16(-1);
    b
}

/// Request header v2 (flexible): header v1 plus an empty tagged-field section.
fn header_v2(key: i16, version: i16) -> BytesMut {
    let mut b = header_v1(key, version);
    b.put_u8(0);
    b
}

/// The largest unsigned varint kafka-protocol reads: u32::MAX (a compact length of 2^32 − 2).
const UVARINT_U32_MAX: [u8; 5] = [0xff, 0xff, 0xff, 0xff, 0x0f];

fn assert_refused_cheaply(what: &str, frame: BytesMut) {
    let len = frame.len();
    let mut result = None;
    let largest = largest_allocation(|| {
        result = Some(protocol::decode_request(frame.freeze()));
    });
    let result = result.expect("ran");
    assert!(result.is_err(), "{what}: decoded {result:?}");
    assert!(
        largest <= EXPECTED_BYTES_MAX,
        "{what}: a {len}-byte request made a {largest}-byte allocation"
    );
}

#[test]
fn hostile_counts_in_requests_allocate_by_the_bytes_present() {
    // Found by the request_decode fuzzer: 587 M claimed DeleteRecords topics in 12 bytes.
    let mut delete_records = header_v1(21, 0);
    delete_records.put_i32(0x2300_0000);
    delete_records.put_i32(0);
    assert_refused_cheaply("DeleteRecords v0 topics count 0x23000000", delete_records);

    let mut metadata_v1 = header_v1(3, 1);
    metadata_v1.put_i32(i32::MAX);
    metadata_v1.put_slice(b"\x00\x01t");
    assert_refused_cheaply("Metadata v1 topics count i32::MAX", metadata_v1);

    let mut metadata_v12 = header_v2(3, 12);
    metadata_v12.put_slice(&UVARINT_U32_MAX);
    metadata_v12.put_slice(&[0; 16]);
    assert_refused_cheaply("Metadata v12 compact topics count 2^32-2", metadata_v12);

    // One topic with one assignment whose broker-id array claims i32::MAX ids.
    let mut create_topics = header_v1(19, 4);
    create_topics.put_i32(1);
    create_topics.put_i16(1);
    create_topics.put_u8(b't');
    create_topics.put_i32(-1);
    create_topics.put_i16(-1);
    create_topics.put_i32(1);
    create_topics.put_i32(0);
    create_topics.put_i32(i32::MAX);
    create_topics.put_i32(1);
    assert_refused_cheaply("CreateTopics v4 broker ids count i32::MAX", create_topics);

    // Produce v9: null transactional id, acks, timeout, then a compact topic count of 2^32-2.
    let mut produce = header_v2(0, 9);
    produce.put_u8(0);
    produce.put_i16(-1);
    produce.put_i32(1000);
    produce.put_slice(&UVARINT_U32_MAX);
    produce.put_slice(&[1, 0]);
    assert_refused_cheaply("Produce v9 compact topic count 2^32-2", produce);

    // Produce v9 with one topic and one partition whose compact records length is 2^32-2.
    let mut produce_records = header_v2(0, 9);
    produce_records.put_u8(0);
    produce_records.put_i16(-1);
    produce_records.put_i32(1000);
    produce_records.put_slice(&[2, 2, b't']);
    produce_records.put_slice(&[2]);
    produce_records.put_i32(0);
    produce_records.put_slice(&UVARINT_U32_MAX);
    produce_records.put_slice(&[0; 8]);
    assert_refused_cheaply("Produce v9 records length 2^32-2", produce_records);
}

#[test]
fn a_valid_request_with_many_elements_still_decodes() {
    let topics = 10_000;
    let mut metadata_v1 = header_v1(3, 1);
    metadata_v1.put_i32(topics);
    for i in 0..topics {
        let name = format!("topic-{i}");
        metadata_v1.put_i16(name.len() as i16);
        metadata_v1.put_slice(name.as_bytes());
    }
    let request = protocol::decode_request(metadata_v1.freeze()).expect("valid");
    let kafka_protocol::messages::RequestKind::Metadata(m) = request.body else {
        panic!("not a Metadata request: {:?}", request.api_key);
    };
    assert_eq!(m.topics.map(|t| t.len()), Some(topics as usize));
}

/// A v2 record batch holding `records` (uncompressed) that claims `records_count` records,
/// with a correct CRC, so the decoder gets past its checks to the records.
fn batch(records_count: i32, records: &[u8]) -> BytesMut {
    const HEADER_BYTES: usize = 61;
    let mut b = BytesMut::new();
    b.put_i64(0); // base offset
    b.put_i32((HEADER_BYTES - 12 + records.len()) as i32);
    b.put_i32(0); // partition leader epoch
    b.put_i8(2); // magic
    b.put_u32(0); // crc, below
    b.put_i16(0); // attributes
    b.put_i32(records_count - 1);
    b.put_i64(0); // base timestamp
    b.put_i64(0); // max timestamp
    b.put_i64(-1); // producer id
    b.put_i16(-1); // producer epoch
    b.put_i32(-1); // base sequence
    b.put_i32(records_count);
    b.put_slice(records);
    let crc = crc32c::crc32c(&b[21..]);
    b[17..21].copy_from_slice(&crc.to_be_bytes());
    b
}

#[test]
fn hostile_counts_in_record_batches_allocate_by_the_bytes_present() {
    let check = |what: &str, bytes: BytesMut| {
        let mut buf = bytes.freeze();
        let mut result = None;
        let largest = largest_allocation(|| result = Some(RecordBatchDecoder::decode(&mut buf)));
        let result = result.expect("ran");
        assert!(result.is_err(), "{what}: decoded {result:?}");
        assert!(
            largest <= EXPECTED_BYTES_MAX,
            "{what}: a small batch made a {largest}-byte allocation"
        );
    };
    check("records_count i32::MAX", batch(i32::MAX, &[0; 8]));
    // One record (length 12): attributes, timestamp delta, offset delta, null key and value,
    // then a header count of i32::MAX (zigzag varint) and nothing after it.
    let record = [24, 0, 0, 0, 1, 1, 0xfe, 0xff, 0xff, 0xff, 0x0f, 0, 0];
    check("record header count i32::MAX", batch(1, &record));
}
