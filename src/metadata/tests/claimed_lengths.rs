//! No allocation is sized by a length a metadata record claims (issue 9): batches are read back
//! from the raft log and snapshots at every start, so a corrupt count or length must fail to
//! decode after allocating no more than the bytes present allow. Allocation sizes come from the
//! protocol crate's test allocator (included by path).
//!
//! Flatbuffers batches are real encoded batches with one length patched to `u32::MAX`; batches
//! of the first format (still read, never written) are built by hand.

#[path = "../../protocol/tests/common/largest_allocation.rs"]
mod largest_allocation;
use largest_allocation::largest_allocation;

#[path = "common/batch_layout.rs"]
mod layout;

use metadata::record::{decode_batch, encode_batch};
use metadata::{BrokerEndpoint, DecodeError, MetadataRecord};
use model::{LeaderEpoch, NodeId, ShardId, TopicId};

/// Largest allocation decoding one of these inputs (at most a few KiB) may make.
const EXPECTED_BYTES_MAX: usize = 64 << 10;

/// Decodes `bytes`, checks it fails as `expected` says and allocated no more than allowed.
fn assert_refused_cheaply(what: &str, bytes: &[u8], expected: impl Fn(&DecodeError) -> bool) {
    let mut result = None;
    let largest = largest_allocation(|| result = Some(decode_batch(bytes)));
    let result = result.expect("ran");
    // Refused at the lying length itself, not by an earlier field.
    assert!(
        matches!(&result, Err(e) if expected(e)),
        "{what}: {result:?}"
    );
    assert!(
        largest <= EXPECTED_BYTES_MAX,
        "{what}: {} bytes made a {largest}-byte allocation",
        bytes.len()
    );
}

/// planus's error for a length beyond the buffer.
fn invalid_length(e: &DecodeError) -> bool {
    matches!(e, DecodeError::Malformed(m) if m.contains("Invalid length"))
}

/// planus's error for a string whose length reaches past the buffer: its terminator is checked
/// first (the `extra-validation` feature), where the length points.
fn string_past_the_end(e: &DecodeError) -> bool {
    matches!(e, DecodeError::Malformed(m) if m.contains("Missing null terminator"))
}

/// `bytes` with the u32 at `at` (a vector or string length) set to `u32::MAX`.
fn lying(bytes: &[u8], at: usize) -> Vec<u8> {
    let mut b = bytes.to_vec();
    b[at..at + 4].copy_from_slice(&u32::MAX.to_le_bytes());
    b
}

#[test]
fn hostile_lengths_in_flatbuffers_batches_allocate_by_the_bytes_present() {
    let id = TopicId([7; 16]);
    let partition = encode_batch(&[MetadataRecord::Partition {
        topic_id: id,
        partition: 0,
        leader: NodeId(1),
        leader_epoch: LeaderEpoch(0),
        replicas: vec![NodeId(1), NodeId(2), NodeId(3)],
        isr: vec![NodeId(1)],
        shard: ShardId(0),
    }]);
    assert_refused_cheaply(
        "record count u32::MAX",
        &lying(&partition, layout::records_vector(&partition)),
        invalid_length,
    );
    // Partition fields: 0 version, 1 topic id, 2 partition, 3 leader, 4 epoch, 5 replicas.
    let replicas = layout::deref(
        &partition,
        layout::field(&partition, layout::body(&partition, 0), 5),
    );
    assert_refused_cheaply(
        "replica count u32::MAX",
        &lying(&partition, replicas),
        invalid_length,
    );

    let broker = encode_batch(&[MetadataRecord::RegisterBroker {
        node_id: NodeId(1),
        listeners: vec![BrokerEndpoint {
            name: "PLAINTEXT".into(),
            host: "localhost".into(),
            port: 9092,
            security_protocol: 0,
        }],
        rack: None,
        num_shards: 1,
        incarnation_id: [1; 16],
        broker_epoch: 0,
        fenced: false,
    }]);
    // RegisterBroker fields: 0 version, 1 node id, 2 listeners.
    let listeners = layout::deref(&broker, layout::field(&broker, layout::body(&broker, 0), 2));
    assert_refused_cheaply(
        "listener count u32::MAX",
        &lying(&broker, listeners),
        invalid_length,
    );

    let topic = encode_batch(&[MetadataRecord::Topic {
        name: "name".into(),
        id,
    }]);
    // Topic fields: 0 version, 1 name.
    let name = layout::deref(&topic, layout::field(&topic, layout::body(&topic, 0), 1));
    assert_refused_cheaply(
        "topic name length u32::MAX",
        &lying(&topic, name),
        string_past_the_end,
    );
}

#[test]
fn shared_tables_decode_no_larger_than_the_input() {
    // Every entry of the records vector points at one topic record with a long name: decoded,
    // that is a copy of the name per entry. Refused before the copies are made.
    let mut records = vec![MetadataRecord::Topic {
        name: "n".repeat(4000),
        id: TopicId([1; 16]),
    }];
    records.extend((0..200u8).map(|i| MetadataRecord::RemoveTopic {
        id: TopicId([i; 16]),
    }));
    let mut bytes = encode_batch(&records).to_vec();
    let topic = layout::record(&bytes, 0);
    let vector = layout::records_vector(&bytes);
    for i in 1..records.len() {
        let slot = vector + 4 + 4 * i;
        let relative = u32::try_from(topic - slot).unwrap();
        bytes[slot..slot + 4].copy_from_slice(&relative.to_le_bytes());
    }
    assert_refused_cheaply("200 offsets to one 4000-byte name", &bytes, |e| {
        matches!(e, DecodeError::LargerThanInput { .. })
    });
}

/// The first format: `format:u8 count:u32` then `type:u16 version:u16 len:u32 body` records.
mod first_format {
    pub const BATCH_FORMAT_VERSION: u8 = 1;
    pub const REGISTER_BROKER: u16 = 1;
    pub const TOPIC: u16 = 2;
    pub const PARTITION: u16 = 3;

    /// A batch of one record of `record_type` (version 0) with `body`.
    pub fn one_record(record_type: u16, body: &[u8]) -> Vec<u8> {
        let mut b = vec![BATCH_FORMAT_VERSION];
        b.extend_from_slice(&1u32.to_be_bytes());
        b.extend_from_slice(&record_type.to_be_bytes());
        b.extend_from_slice(&0u16.to_be_bytes());
        b.extend_from_slice(&(body.len() as u32).to_be_bytes());
        b.extend_from_slice(body);
        b
    }
}

#[test]
fn hostile_lengths_in_first_format_batches_allocate_by_the_bytes_present() {
    use first_format::*;
    let truncated = |e: &DecodeError| matches!(e, DecodeError::Truncated { .. });
    let huge = u32::MAX.to_be_bytes();
    let mut batch_count = vec![BATCH_FORMAT_VERSION];
    batch_count.extend_from_slice(&huge);
    batch_count.extend_from_slice(&[0; 8]);
    assert_refused_cheaply("record count u32::MAX", &batch_count, truncated);

    // Partition: topic id, partition, leader, leader epoch, then a replica count of u32::MAX.
    let mut partition = vec![7; 16];
    partition.extend_from_slice(&[0; 12]);
    partition.extend_from_slice(&huge);
    partition.extend_from_slice(&[0; 8]);
    assert_refused_cheaply(
        "replica count u32::MAX",
        &one_record(PARTITION, &partition),
        truncated,
    );

    // RegisterBroker: node id, then a listener count of u32::MAX.
    let mut broker = 1i32.to_be_bytes().to_vec();
    broker.extend_from_slice(&huge);
    broker.extend_from_slice(&[0; 8]);
    assert_refused_cheaply(
        "listener count u32::MAX",
        &one_record(REGISTER_BROKER, &broker),
        truncated,
    );

    // Topic: a name length of u32::MAX.
    let mut topic = huge.to_vec();
    topic.extend_from_slice(b"name");
    assert_refused_cheaply(
        "topic name length u32::MAX",
        &one_record(TOPIC, &topic),
        truncated,
    );
}
