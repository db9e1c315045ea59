//! No allocation is sized by a length a metadata record claims (issue 9): batches are read back
//! from the raft log and snapshots at every start, so a corrupt count or length must fail to
//! decode after allocating no more than the bytes present allow. Allocation sizes come from the
//! protocol crate's test allocator (included by path).
//!
//! Flatbuffers batches, and the controllers' messages (`metadata::rpc`), which peers send, are
//! real encoded ones with one length patched to `u32::MAX`; batches of the first format (still
//! read, never written) are built by hand.

#[path = "../../protocol/tests/common/largest_allocation.rs"]
mod largest_allocation;
use largest_allocation::largest_allocation;

#[path = "common/batch_layout.rs"]
mod layout;

use std::collections::BTreeMap;

use metadata::record::{decode_batch, encode_batch};
use metadata::rpc::{PeerMessage, RpcError};
use metadata::{
    BrokerEndpoint, ControllerReply, ControllerRequest, DecodeError, MetadataRecord, QuorumStatus,
    ReplicaStatus,
};
use model::{LeaderEpoch, NodeId, ShardId, TopicId};

/// Largest allocation decoding one of these inputs (at most a few KiB) may make.
const EXPECTED_BYTES_MAX: usize = 64 << 10;

/// Decodes `bytes` as a batch, checks it fails as `expected` says and allocated no more than
/// allowed.
fn assert_refused_cheaply(what: &str, bytes: &[u8], expected: impl Fn(&DecodeError) -> bool) {
    assert_decoded_cheaply(what, bytes, decode_batch, expected);
}

/// Decodes `bytes` as a controller message (`metadata::rpc`), likewise.
fn assert_message_refused_cheaply(what: &str, bytes: &[u8], expected: impl Fn(&RpcError) -> bool) {
    assert_decoded_cheaply(what, bytes, PeerMessage::decode, expected);
}

fn assert_decoded_cheaply<T: std::fmt::Debug, E: std::fmt::Debug>(
    what: &str,
    bytes: &[u8],
    decode: impl Fn(&[u8]) -> Result<T, E>,
    expected: impl Fn(&E) -> bool,
) {
    let mut result = None;
    let largest = largest_allocation(|| result = Some(decode(bytes)));
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
        partition_epoch: 0,
        shards: vec![],
        elr: vec![],
        last_known_elr: vec![],
        leader_recovery_state: 0,
        adding_replicas: vec![],
        removing_replicas: vec![],
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
        previous_broker_epoch: -1,
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

/// The message table of an envelope, and the table its field `union_field` (a union's value)
/// points at.
fn message_and_member(b: &[u8], union_field: usize) -> (usize, usize) {
    // Envelope fields: 0 version, 1 the message's union tag, 2 the message.
    let message = layout::deref(b, layout::field(b, layout::u32_at(b, 0), 2));
    (
        message,
        layout::deref(b, layout::field(b, message, union_field)),
    )
}

#[test]
fn hostile_lengths_in_controller_messages_allocate_by_the_bytes_present() {
    let malformed = |e: &RpcError| matches!(e, RpcError::Malformed(_));

    let hello = PeerMessage::Hello {
        from_raft_id: 1,
        cluster_id: "cluster".into(),
    }
    .encode();
    // Hello fields: 0 from_raft_id, 1 cluster_id.
    let (message, _) = message_and_member(&hello, 1);
    let cluster_id = layout::deref(&hello, layout::field(&hello, message, 1));
    assert_message_refused_cheaply(
        "cluster id length u32::MAX",
        &lying(&hello, cluster_id),
        malformed,
    );

    let create = PeerMessage::ForwardRequest {
        id: 1,
        request: ControllerRequest::CreateTopic {
            name: "t".into(),
            partitions: 1,
            replication_factor: 1,
            configs: BTreeMap::from([("retention.ms".into(), "1".into())]),
            validate_only: false,
            assignments: vec![],
        },
    }
    .encode();
    // ForwardRequest fields: 0 id, 1 tag, 2 request; CreateTopic fields: 0 name, .., 3 configs.
    let (_, request) = message_and_member(&create, 2);
    let configs = layout::deref(&create, layout::field(&create, request, 3));
    assert_message_refused_cheaply("config count u32::MAX", &lying(&create, configs), malformed);

    let reply = PeerMessage::ForwardResponse {
        id: 1,
        result: Ok(ControllerReply {
            index: 1,
            records: vec![MetadataRecord::RemoveTopic {
                id: TopicId([1; 16]),
            }],
            producer_ids: None,
            alter_partition: None,
            elections: None,
            may_shut_down: None,
            reassignments: None,
            scram_users: None,
            client_quotas: None,
            quorum: Some(QuorumStatus {
                leader: None,
                term: 1,
                high_watermark: 1,
                log_end: 1,
                voters: vec![ReplicaStatus {
                    node: NodeId(0),
                    log_end: 1,
                    last_contact_ms: -1,
                }],
                observers: Vec::new(),
            }),
        }),
    }
    .encode();
    // ControllerReply fields: 0 index, 1 records, 2 producer ids, 3 quorum; QuorumStatus
    // fields: 0 leader, 1 term, 2 high watermark, 3 log end, 4 voters.
    let (_, result) = message_and_member(&reply, 2);
    let records = layout::deref(&reply, layout::field(&reply, result, 1));
    assert_message_refused_cheaply("record count u32::MAX", &lying(&reply, records), malformed);
    let quorum = layout::deref(&reply, layout::field(&reply, result, 3));
    let voters = layout::deref(&reply, layout::field(&reply, quorum, 4));
    assert_message_refused_cheaply("voter count u32::MAX", &lying(&reply, voters), malformed);

    // A raft message whose protobuf claims an entry of 4 GiB in 5 bytes: the envelope is
    // sound, raft-rs's protobuf reader refuses the claim by the bytes present.
    let mut protobuf = vec![(7 << 3) | 2]; // field 7 (entries), length-delimited
    protobuf.extend_from_slice(&[0xff, 0xff, 0xff, 0xff, 0x0f]); // varint 2^32 - 1
    protobuf.extend_from_slice(&[0x22, 0x02, 0x61, 0x62, 0x00]);
    let raft = wrap_protobuf(&protobuf);
    assert_message_refused_cheaply("raft entry length 4 GiB", &raft, |e| {
        matches!(e, RpcError::Raft(_))
    });
    let raft = PeerMessage::Raft(Default::default()).encode();
    // RaftMessage fields: 0 bytes.
    let (message, _) = message_and_member(&raft, 0);
    let protobuf = layout::deref(&raft, layout::field(&raft, message, 0));
    assert_message_refused_cheaply(
        "raft message length u32::MAX",
        &lying(&raft, protobuf),
        malformed,
    );
}

/// An envelope holding `protobuf` as a raft message's bytes (whatever they say).
fn wrap_protobuf(protobuf: &[u8]) -> Vec<u8> {
    let real = PeerMessage::Raft(metadata::eraftpb::Message::default()).encode();
    let (message, _) = message_and_member(&real, 0);
    let vector = layout::deref(&real, layout::field(&real, message, 0));
    assert_eq!(
        layout::u32_at(&real, vector),
        0,
        "an empty message is no bytes"
    );
    // Append the bytes at the end and point the vector there.
    let mut b = real.clone();
    let at = b.len();
    b.extend_from_slice(&(protobuf.len() as u32).to_le_bytes());
    b.extend_from_slice(protobuf);
    let slot = layout::field(&real, message, 0);
    b[slot..slot + 4].copy_from_slice(&((at - slot) as u32).to_le_bytes());
    b
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
