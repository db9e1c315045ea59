//! No allocation is sized by a length a metadata record claims (issue 9): batches are read back
//! from the raft log and snapshots at every start, so a corrupt count or length must fail to
//! decode after allocating no more than the bytes present allow. Allocation sizes come from the
//! protocol crate's test allocator (included by path).

#[path = "../../protocol/tests/common/largest_allocation.rs"]
mod largest_allocation;
use largest_allocation::largest_allocation;

use metadata::record::decode_batch;
use metadata::DecodeError;

/// Largest allocation decoding one of these few-dozen-byte inputs may make.
const EXPECTED_BYTES_MAX: usize = 64 << 10;
const BATCH_FORMAT_VERSION: u8 = 1;
const REGISTER_BROKER: u16 = 1;
const TOPIC: u16 = 2;
const PARTITION: u16 = 3;

/// A batch of one record of `record_type` (version 0) with `body`.
fn one_record(record_type: u16, body: &[u8]) -> Vec<u8> {
    let mut b = vec![BATCH_FORMAT_VERSION];
    b.extend_from_slice(&1u32.to_be_bytes());
    b.extend_from_slice(&record_type.to_be_bytes());
    b.extend_from_slice(&0u16.to_be_bytes());
    b.extend_from_slice(&(body.len() as u32).to_be_bytes());
    b.extend_from_slice(body);
    b
}

fn assert_refused_cheaply(what: &str, bytes: &[u8]) {
    let mut result = None;
    let largest = largest_allocation(|| result = Some(decode_batch(bytes)));
    let result = result.expect("ran");
    // Refused at the lying length itself, not by an earlier field.
    assert!(
        matches!(result, Err(DecodeError::Truncated { .. })),
        "{what}: {result:?}"
    );
    assert!(
        largest <= EXPECTED_BYTES_MAX,
        "{what}: {} bytes made a {largest}-byte allocation",
        bytes.len()
    );
}

#[test]
fn hostile_lengths_in_metadata_records_allocate_by_the_bytes_present() {
    let huge = u32::MAX.to_be_bytes();
    let mut batch_count = vec![BATCH_FORMAT_VERSION];
    batch_count.extend_from_slice(&huge);
    batch_count.extend_from_slice(&[0; 8]);
    assert_refused_cheaply("record count u32::MAX", &batch_count);

    // Partition: topic id, partition, leader, leader epoch, then a replica count of u32::MAX.
    let mut partition = vec![7; 16];
    partition.extend_from_slice(&[0; 12]);
    partition.extend_from_slice(&huge);
    partition.extend_from_slice(&[0; 8]);
    assert_refused_cheaply("replica count u32::MAX", &one_record(PARTITION, &partition));

    // RegisterBroker: node id, then a listener count of u32::MAX.
    let mut broker = 1i32.to_be_bytes().to_vec();
    broker.extend_from_slice(&huge);
    broker.extend_from_slice(&[0; 8]);
    assert_refused_cheaply(
        "listener count u32::MAX",
        &one_record(REGISTER_BROKER, &broker),
    );

    // Topic: a name length of u32::MAX.
    let mut topic = huge.to_vec();
    topic.extend_from_slice(b"name");
    assert_refused_cheaply("topic name length u32::MAX", &one_record(TOPIC, &topic));
}
