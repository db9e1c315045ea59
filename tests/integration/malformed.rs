//! Malformed requests sent as raw bytes: each case asserts the exact Kafka error code or that
//! the broker closes that connection (as Kafka's `SocketServer` does for a request it cannot
//! parse), while a healthy client on another connection keeps producing and consuming.
//!
//! Expected answers are Kafka's (`ProduceRequest.validateRecords`, `ByteBufferLogInputStream`,
//! `LogValidator`, `ProducerStateManager`, `Topic.validate`); run with
//! `SLUICE_TEST_AGAINST=kafka` to check them against Apache Kafka itself.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use batch::builder::{simple_batch, BatchBuilder};
use bytes::Bytes;
use kafka_protocol::messages::create_topics_request::{
    CreatableReplicaAssignment, CreatableTopic, CreatableTopicConfig, CreateTopicsRequest,
};
use kafka_protocol::messages::fetch_request::{FetchPartition, FetchRequest, FetchTopic};
use kafka_protocol::messages::metadata_request::{MetadataRequest, MetadataRequestTopic};
use kafka_protocol::messages::produce_request::{
    PartitionProduceData, ProduceRequest, TopicProduceData,
};
use kafka_protocol::messages::{
    ApiVersionsRequest, ApiVersionsResponse, BrokerId, InitProducerIdRequest, TopicName,
};
use kafka_protocol::protocol::{Decodable, StrBytes};

use crate::harness::{now_ms, Broker};
use crate::wire::{raw_header, Wire};

const CORRUPT_MESSAGE: i16 = 2;
const INVALID_TOPIC_EXCEPTION: i16 = 17;
const UNSUPPORTED_VERSION: i16 = 35;
const OUT_OF_ORDER_SEQUENCE_NUMBER: i16 = 45;
const UNSUPPORTED_COMPRESSION_TYPE: i16 = 76;
const INVALID_RECORD: i16 = 87;

/// Limit: a broker closes a connection it cannot parse within milliseconds; 10 s means it
/// kept the connection open (then `is_closed` reports false and the case fails).
const CLOSE_WAIT: Duration = Duration::from_secs(10);
/// Bytes of a v2 batch header that precede the CRC-covered part, and the CRC field.
const CRC_AT: usize = 17;
const ATTRIBUTES_AT: usize = 21;
const MAGIC_AT: usize = 16;
const LAST_OFFSET_DELTA_AT: usize = 23;
const RECORDS_COUNT_AT: usize = 57;
/// The marker topic name hand-made lies are spliced around.
const MARK: &str = "zzzzmark";
/// Address space every broker of this suite runs in (RLIMIT_AS). Reason: an idle two-shard
/// debug broker peaks at ~360 MB of address space (glommio's executors, io buffers, thread
/// stacks) and this suite's requests add tens of MB; any allocation sized by a claimed length
/// (GBs to TBs) fails under it and aborts the broker, which the suite then sees.
const BROKER_ADDRESS_SPACE_MAX: u64 = 2 << 30;

/// A broker whose every allocation must fit `BROKER_ADDRESS_SPACE_MAX`, as on a host with
/// `vm.overcommit_memory=2` or an RLIMIT_AS limit: lying lengths must cost nothing.
fn start_limited() -> Broker {
    Broker::start_with_address_space_max(BROKER_ADDRESS_SPACE_MAX)
}

fn name(s: &str) -> TopicName {
    TopicName(StrBytes::from_string(s.to_string()))
}

/// Creates `topic` (one partition) and asserts success.
fn create_topic(w: &mut Wire, topic: &str) {
    let req = CreateTopicsRequest::default()
        .with_timeout_ms(10_000)
        .with_topics(vec![CreatableTopic::default()
            .with_name(name(topic))
            .with_num_partitions(1)
            .with_replication_factor(1)]);
    let r = w.call(5, &req);
    assert_eq!(r.topics[0].error_code, 0, "create {topic}: {r:?}");
    wait_for_leader(w, topic);
}

/// Waits until Metadata shows a leader for partition 0 (immediate on Sluice; Kafka's broker
/// learns new topics from its controller a moment later).
pub(crate) fn wait_for_leader(w: &mut Wire, topic: &str) {
    for _ in 0..200 {
        let r = w.call(9, &metadata(&[topic]));
        let ready = r.topics.first().is_some_and(|t| {
            t.error_code == 0 && t.partitions.first().is_some_and(|p| p.leader_id.0 >= 0)
        });
        if ready {
            return;
        }
        thread::sleep(Duration::from_millis(50));
    }
    panic!("{topic} has no leader after 10 s");
}

fn produce_request(topic: &str, records: Bytes) -> ProduceRequest {
    ProduceRequest::default()
        .with_acks(-1)
        .with_timeout_ms(10_000)
        .with_topic_data(vec![TopicProduceData::default()
            .with_name(name(topic))
            .with_partition_data(vec![PartitionProduceData::default()
                .with_index(0)
                .with_records(Some(records))])])
}

/// Produces `records` to partition 0 of `topic`; returns (error code, base offset).
fn produce(w: &mut Wire, version: i16, topic: &str, records: Vec<u8>) -> (i16, i64) {
    let r = w.call(version, &produce_request(topic, Bytes::from(records)));
    let p = &r.responses[0].partition_responses[0];
    (p.error_code, p.base_offset)
}

fn fetch_request(topic: &str, offset: i64) -> FetchRequest {
    FetchRequest::default()
        .with_replica_id(BrokerId(-1))
        .with_max_wait_ms(100)
        .with_min_bytes(1)
        .with_max_bytes(1 << 20)
        .with_session_epoch(-1)
        .with_topics(vec![FetchTopic::default()
            .with_topic(name(topic))
            .with_partitions(vec![FetchPartition::default()
                .with_partition(0)
                .with_fetch_offset(offset)
                .with_partition_max_bytes(1 << 20)])])
}

/// Rewrites the CRC of a single whole batch after its covered bytes were edited.
fn fix_crc(mut batch: Vec<u8>) -> Vec<u8> {
    let crc = crc32c(&batch[ATTRIBUTES_AT..]);
    batch[CRC_AT..CRC_AT + 4].copy_from_slice(&crc.to_be_bytes());
    batch
}

/// CRC32C (Castagnoli), bitwise: test batches are small, and the tests crate stays free of
/// a checksum dependency.
fn crc32c(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0x82f6_3b78
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn with_i16(mut batch: Vec<u8>, at: usize, value: i16) -> Vec<u8> {
    batch[at..at + 2].copy_from_slice(&value.to_be_bytes());
    batch
}

fn with_i32(mut batch: Vec<u8>, at: usize, value: i32) -> Vec<u8> {
    batch[at..at + 4].copy_from_slice(&value.to_be_bytes());
    batch
}

fn good_batch(records: usize) -> Vec<u8> {
    simple_batch(records, 20, now_ms())
}

fn find(hay: &[u8], needle: &[u8]) -> usize {
    hay.windows(needle.len())
        .position(|w| w == needle)
        .expect("marker present in the encoded request")
}

/// Replaces `len` bytes that end `before` bytes ahead of the marker with `with`.
fn splice_before_mark(encoded: &[u8], before: usize, len: usize, with: &[u8]) -> Vec<u8> {
    let at = find(encoded, MARK.as_bytes()) - before;
    let mut out = encoded[..at].to_vec();
    out.extend_from_slice(with);
    out.extend_from_slice(&encoded[at + len..]);
    out
}

/// A varint that never ends within five bytes: six continuation bytes, then a terminator.
const ENDLESS_VARINT: [u8; 7] = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01];

fn assert_closes(broker: &Broker, frame: &[u8], what: &str) {
    let mut w = Wire::connect(&broker.bootstrap());
    w.set_read_timeout(CLOSE_WAIT);
    w.send_frame(frame);
    assert!(w.is_closed(), "{what}: the connection stays open");
}

/// Raw bytes (size prefix included, possibly lying), then our side's EOF.
fn assert_raw_closes(broker: &Broker, bytes: &[u8], what: &str) {
    let mut s = TcpStream::connect(broker.bootstrap()).expect("connect");
    s.set_read_timeout(Some(CLOSE_WAIT)).unwrap();
    s.write_all(bytes).expect("write");
    // The broker may have closed (and reset) the connection already, e.g. on a negative size
    // prefix: then there is nothing left to half-close, and that is the close asserted.
    if let Err(e) = s.shutdown(Shutdown::Write) {
        assert!(
            matches!(
                e.kind(),
                std::io::ErrorKind::NotConnected | std::io::ErrorKind::ConnectionReset
            ),
            "{what}: half-close: {e}"
        );
        return;
    }
    let mut buf = [0u8; 64];
    match s.read(&mut buf) {
        Ok(0) => {}
        Ok(n) => panic!("{what}: got a {n}-byte answer instead of a close"),
        Err(e) => assert!(
            matches!(
                e.kind(),
                std::io::ErrorKind::ConnectionReset | std::io::ErrorKind::BrokenPipe
            ),
            "{what}: {e}"
        ),
    }
}

/// A client on its own connection that produces a batch and reads it back at the offset it
/// was given, over and over, while the cases run; `finish` checks it never failed.
struct Healthy {
    stop: Arc<AtomicBool>,
    thread: Option<thread::JoinHandle<usize>>,
}

impl Healthy {
    fn start(broker: &Broker, topic: &str) -> Healthy {
        let mut w = Wire::connect(&broker.bootstrap());
        create_topic(&mut w, topic);
        let stop = Arc::new(AtomicBool::new(false));
        let (flag, topic) = (stop.clone(), topic.to_string());
        let thread = thread::spawn(move || {
            let mut rounds = 0;
            let mut expected_offset = 0;
            while rounds == 0 || !flag.load(Ordering::Relaxed) {
                round_trip(&mut w, &topic, expected_offset);
                expected_offset += 3;
                rounds += 1;
                // Load pacing, not settling: a steady client, not a flood.
                thread::sleep(Duration::from_millis(20));
            }
            rounds
        });
        Healthy {
            stop,
            thread: Some(thread),
        }
    }

    fn finish(mut self) {
        self.stop.store(true, Ordering::Relaxed);
        let rounds = self
            .thread
            .take()
            .expect("running")
            .join()
            .expect("the healthy client failed while malformed requests were sent");
        assert!(rounds >= 1);
    }
}

/// Produces a 3-record batch and fetches it back byte for byte at its acknowledged offset.
fn round_trip(w: &mut Wire, topic: &str, expected_offset: i64) {
    let sent = good_batch(3);
    let (code, base) = produce(w, 9, topic, sent.clone());
    assert_eq!((code, base), (0, expected_offset), "healthy produce");
    let r = w.call(12, &fetch_request(topic, base));
    let p = &r.responses[0].partitions[0];
    assert_eq!(p.error_code, 0, "healthy fetch");
    let got = p.records.clone().expect("records fetched");
    let header = batch::check_batch(&got[..sent.len()]).expect("fetched batch is intact");
    assert_eq!(header.base_offset, base);
    assert_eq!(header.records_count, 3);
    assert_eq!(
        &got[ATTRIBUTES_AT..sent.len()],
        &sent[ATTRIBUTES_AT..],
        "the records read back are the records produced"
    );
}

#[test]
fn lying_frames_close_the_connection() {
    let broker = start_limited();
    let healthy = Healthy::start(&broker, "healthy-frames");
    let api_versions = raw_header(18, 0, 1).to_vec();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("size prefix 0", 0i32.to_be_bytes().to_vec()),
        ("size prefix -1", (-1i32).to_be_bytes().to_vec()),
        ("size prefix i32::MIN", i32::MIN.to_be_bytes().to_vec()),
        ("size prefix 2^31-1", i32::MAX.to_be_bytes().to_vec()),
        ("half a size prefix, then EOF", vec![0, 0]),
        ("size 100 with a 10-byte body, then EOF", {
            let mut b = 100i32.to_be_bytes().to_vec();
            b.extend_from_slice(&api_versions);
            b
        }),
        ("a 4-byte frame, shorter than a header", {
            let mut b = 4i32.to_be_bytes().to_vec();
            b.extend_from_slice(&api_versions[..4]);
            b
        }),
        ("a 7-byte frame, shorter than a header", {
            let mut b = 7i32.to_be_bytes().to_vec();
            b.extend_from_slice(&api_versions[..7]);
            b
        }),
    ];
    for (what, bytes) in &cases {
        assert_raw_closes(&broker, bytes, what);
    }
    // A client id claiming 1000 bytes in a frame with 4 left.
    let mut lying_client_id = raw_header(3, 1, 1).to_vec();
    lying_client_id[8..10].copy_from_slice(&1000i16.to_be_bytes());
    lying_client_id.extend_from_slice(&[0, 0, 0, 0]);
    assert_closes(&broker, &lying_client_id, "client id length 1000");
    healthy.finish();
}

/// Connections that each claim a frame of `socket.request.max.bytes` (100 MiB) and send only its
/// header hold no memory for the rest: together they claim more than the broker's whole address
/// space (`BROKER_ADDRESS_SPACE_MAX`), and it keeps serving. Sluice only: Kafka's `NetworkReceive`
/// allocates the claimed size as soon as it reads it.
#[test]
fn frames_claiming_the_maximum_reserve_nothing_until_sent() {
    const CONNECTIONS: usize = 24;
    const SOCKET_REQUEST_MAX_BYTES: i32 = 104_857_600;
    if against_kafka() {
        return;
    }
    let broker = start_limited();
    let healthy = Healthy::start(&broker, "healthy-claims");
    let claimed = CONNECTIONS as u64 * SOCKET_REQUEST_MAX_BYTES as u64;
    assert!(claimed > BROKER_ADDRESS_SPACE_MAX);
    let mut open = Vec::new();
    for _ in 0..CONNECTIONS {
        let mut s = TcpStream::connect(broker.bootstrap()).expect("connect");
        s.write_all(&SOCKET_REQUEST_MAX_BYTES.to_be_bytes())
            .expect("size");
        s.write_all(&raw_header(18, 0, 1)).expect("header");
        open.push(s);
    }
    // Every claim is being read (a request on each connection's shard) while the healthy
    // client keeps producing and fetching.
    let mut w = Wire::connect(&broker.bootstrap());
    create_topic(&mut w, "healthy-claims-2");
    round_trip(&mut w, "healthy-claims-2", 0);
    drop(open);
    healthy.finish();
}

#[test]
fn unknown_api_keys_and_versions() {
    let broker = start_limited();
    let healthy = Healthy::start(&broker, "healthy-versions");
    for (key, version, what) in [
        (999, 0, "unknown api key 999"),
        (-1, 0, "api key -1"),
        (i16::MAX, 1, "api key i16::MAX"),
        (3, 99, "Metadata v99"),
        (3, -1, "Metadata v-1"),
        (1, 3, "Fetch v3 (removed in Kafka 4)"),
    ] {
        let mut frame = raw_header(key, version, 5).to_vec();
        frame.extend_from_slice(&[0; 16]);
        assert_closes(&broker, &frame, what);
    }
    // KIP-511: an ApiVersions request of an unknown version gets UNSUPPORTED_VERSION in v0
    // format with the supported ranges, and the connection stays usable.
    for version in [99, 1000, i16::MAX] {
        let mut w = Wire::connect(&broker.bootstrap());
        // Header v2 (ApiVersions v3+ and any later version): an empty tagged-field section.
        w.send_frame(&[&raw_header(18, version, 77)[..], &[0]].concat());
        let mut frame = w
            .try_recv_frame()
            .unwrap_or_else(|| panic!("ApiVersions v{version}: no KIP-511 answer"));
        assert_eq!(&frame[..4], &77i32.to_be_bytes(), "correlation id");
        let _ = frame.split_to(4);
        let r = ApiVersionsResponse::decode(&mut frame, 0).expect("v0 ApiVersions body");
        assert_eq!(r.error_code, UNSUPPORTED_VERSION, "ApiVersions v{version}");
        assert!(r.api_keys.iter().any(|k| k.api_key == 18));
        assert_eq!(w.call(0, &ApiVersionsRequest::default()).error_code, 0);
    }
    healthy.finish();
}

fn metadata(topics: &[&str]) -> MetadataRequest {
    MetadataRequest::default().with_topics(Some(
        topics
            .iter()
            .map(|t| MetadataRequestTopic::default().with_name(Some(name(t))))
            .collect(),
    ))
}

#[test]
fn lying_lengths_inside_bodies_close_the_connection() {
    let broker = start_limited();
    let healthy = Healthy::start(&broker, "healthy-lengths");
    let records = Bytes::from(good_batch(1));
    let metadata_v1 = Wire::encode(1, 1, &metadata(&[MARK]));
    let metadata_v0 = Wire::encode(0, 1, &metadata(&[MARK]));
    let produce_v7 = Wire::encode(7, 1, &produce_request(MARK, records.clone()));
    let produce_v7_txn = Wire::encode(
        7,
        1,
        &produce_request("t", records.clone()).with_transactional_id(Some(
            kafka_protocol::messages::TransactionalId(StrBytes::from_static_str(MARK)),
        )),
    );
    let fetch_v11 = Wire::encode(11, 1, &fetch_request(MARK, 0));
    let create_v4 = Wire::encode(
        4,
        1,
        &CreateTopicsRequest::default()
            .with_timeout_ms(1000)
            .with_topics(vec![CreatableTopic::default()
                .with_name(name(MARK))
                .with_num_partitions(-1)
                .with_replication_factor(-1)
                .with_assignments(vec![CreatableReplicaAssignment::default()
                    .with_partition_index(0)
                    .with_broker_ids(vec![BrokerId(1)])])
                .with_configs(vec![CreatableTopicConfig::default()
                    .with_name(StrBytes::from_static_str("cleanup.policy"))
                    .with_value(Some(StrBytes::from_static_str("delete")))])]),
    );
    let huge = i32::MAX.to_be_bytes();
    let records_at = find(&produce_v7, &records[..]);
    let mut produce_huge_records = produce_v7[..records_at - 4].to_vec();
    produce_huge_records.extend_from_slice(&(1i32 << 30).to_be_bytes());
    produce_huge_records.extend_from_slice(&records);
    // One assignment: count 1, partition 0, broker ids count 1, broker 1.
    let assignment_at = find(
        &create_v4,
        &[0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1],
    );
    let mut create_huge_brokers = create_v4.clone();
    create_huge_brokers[assignment_at + 8..assignment_at + 12].copy_from_slice(&huge);
    let config_name_at = find(&create_v4, b"cleanup.policy");
    let mut create_negative_configs = create_v4.clone();
    create_negative_configs[config_name_at - 6..config_name_at - 2]
        .copy_from_slice(&(-3i32).to_be_bytes());
    let cases: Vec<(&str, Vec<u8>)> = vec![
        (
            "Metadata v1 topics count i32::MAX",
            splice_before_mark(&metadata_v1, 6, 4, &huge),
        ),
        (
            "Metadata v0 topics count -5",
            splice_before_mark(&metadata_v0, 6, 4, &(-5i32).to_be_bytes()),
        ),
        (
            "Metadata v1 topic name length 30000",
            splice_before_mark(&metadata_v1, 2, 2, &30000i16.to_be_bytes()),
        ),
        (
            "Metadata v1 topic name length -7",
            splice_before_mark(&metadata_v1, 2, 2, &(-7i16).to_be_bytes()),
        ),
        (
            "Produce v7 topic count i32::MAX",
            splice_before_mark(&produce_v7, 6, 4, &huge),
        ),
        (
            "Produce v7 topic name length 20000",
            splice_before_mark(&produce_v7, 2, 2, &20000i16.to_be_bytes()),
        ),
        ("Produce v7 records length 2^30", produce_huge_records),
        (
            "Produce v7 transactional id length 5000",
            splice_before_mark(&produce_v7_txn, 2, 2, &5000i16.to_be_bytes()),
        ),
        (
            "Fetch v11 topics count i32::MAX",
            splice_before_mark(&fetch_v11, 6, 4, &huge),
        ),
        (
            "Fetch v11 topic name length 32767",
            splice_before_mark(&fetch_v11, 2, 2, &i16::MAX.to_be_bytes()),
        ),
        (
            "CreateTopics v4 topics count i32::MAX",
            splice_before_mark(&create_v4, 6, 4, &huge),
        ),
        (
            "CreateTopics v4 topic name length -2",
            splice_before_mark(&create_v4, 2, 2, &(-2i16).to_be_bytes()),
        ),
        (
            "CreateTopics v4 broker id count i32::MAX",
            create_huge_brokers,
        ),
        ("CreateTopics v4 configs count -3", create_negative_configs),
        (
            // Found by the request_decode fuzzer: 587 M claimed topics (~28 GB), once allocated
            // before the decoder found them missing; now bounded by the bytes present.
            "DeleteRecords v0 topics count 0x23000000",
            [&raw_header(21, 0, 1)[..], &[0x23, 0, 0, 0, 0, 0, 0, 0]].concat(),
        ),
        (
            "Metadata v1 cut inside the topic name",
            metadata_v1[..metadata_v1.len() - 3].to_vec(),
        ),
        (
            "Produce v7 cut inside the records",
            produce_v7[..records_at + 30].to_vec(),
        ),
    ];
    for (what, frame) in &cases {
        assert_closes(&broker, frame, what);
    }
    healthy.finish();
}

#[test]
fn endless_varints_in_flexible_versions_close_the_connection() {
    let broker = start_limited();
    let healthy = Healthy::start(&broker, "healthy-varints");
    let metadata_v9 = Wire::encode(9, 1, &metadata(&[MARK]));
    let metadata_v12 = Wire::encode(12, 1, &metadata(&[MARK]));
    let produce_v9 = Wire::encode(9, 1, &produce_request(MARK, Bytes::from(good_batch(1))));
    let fetch_v12 = Wire::encode(12, 1, &fetch_request(MARK, 0));
    let create_v5 = Wire::encode(
        5,
        1,
        &CreateTopicsRequest::default()
            .with_timeout_ms(1000)
            .with_topics(vec![CreatableTopic::default()
                .with_name(name(MARK))
                .with_num_partitions(1)
                .with_replication_factor(1)]),
    );
    // Header v2: key, version, correlation id, client id, then the tagged-field count.
    let client_id_end = 8 + 2 + "sluice-wire-test".len();
    let mut header_tags = metadata_v9[..client_id_end].to_vec();
    header_tags.extend_from_slice(&ENDLESS_VARINT);
    header_tags.extend_from_slice(&metadata_v9[client_id_end + 1..]);
    let mut header_tag_size = metadata_v9[..client_id_end].to_vec();
    header_tag_size.extend_from_slice(&[1, 0]); // one tagged field, tag 0
    header_tag_size.extend_from_slice(&ENDLESS_VARINT); // its size
    header_tag_size.extend_from_slice(&metadata_v9[client_id_end + 1..]);
    let mut body_tags = metadata_v12.clone();
    let last = body_tags.len() - 1; // the body's own tagged-field count (0)
    body_tags.truncate(last);
    body_tags.extend_from_slice(&ENDLESS_VARINT);
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("header v2 tagged-field count", header_tags),
        ("header v2 tagged-field size", header_tag_size),
        ("Metadata v12 body tagged-field count", body_tags),
        (
            "Metadata v9 topics compact array length",
            splice_before_mark(&metadata_v9, 2, 1, &ENDLESS_VARINT),
        ),
        (
            "Metadata v9 topic name compact string length",
            splice_before_mark(&metadata_v9, 1, 1, &ENDLESS_VARINT),
        ),
        (
            "Metadata v12 topic name length 2^31 (compact)",
            splice_before_mark(&metadata_v12, 1, 1, &[0x80, 0x80, 0x80, 0x80, 0x08]),
        ),
        (
            "Produce v9 topic name compact string length",
            splice_before_mark(&produce_v9, 1, 1, &ENDLESS_VARINT),
        ),
        (
            "Produce v9 topic data compact array length",
            splice_before_mark(&produce_v9, 2, 1, &ENDLESS_VARINT),
        ),
        (
            "Fetch v12 topic name compact string length",
            splice_before_mark(&fetch_v12, 1, 1, &ENDLESS_VARINT),
        ),
        (
            "CreateTopics v5 topic name compact string length",
            splice_before_mark(&create_v5, 1, 1, &ENDLESS_VARINT),
        ),
    ];
    for (what, frame) in &cases {
        assert_closes(&broker, frame, what);
    }
    healthy.finish();
}

/// Produce v9 of `batch` to "bad": the partition's error code.
fn produce_code(w: &mut Wire, version: i16, batch: Vec<u8>) -> i16 {
    produce(w, version, "bad", batch).0
}

#[test]
fn bad_batches_get_kafka_error_codes() {
    let broker = start_limited();
    let healthy = Healthy::start(&broker, "healthy-batches");
    let mut w = Wire::connect(&broker.bootstrap());
    create_topic(&mut w, "bad");
    let good = good_batch(2);
    let flip_last = {
        let mut b = good.clone();
        let last = b.len() - 1;
        b[last] ^= 0x40;
        b
    };
    let cases: Vec<(&str, Vec<u8>, i16)> = vec![
        (
            "a flipped record byte (bad CRC)",
            flip_last,
            CORRUPT_MESSAGE,
        ),
        (
            "a wrong CRC field",
            with_i32(good.clone(), CRC_AT, 0x1234_5678),
            CORRUPT_MESSAGE,
        ),
        (
            "magic 1 (a v1 message set)",
            {
                let mut b = good.clone();
                b[MAGIC_AT] = 1;
                b
            },
            INVALID_RECORD,
        ),
        (
            "magic 0",
            {
                let mut b = good.clone();
                b[MAGIC_AT] = 0;
                b
            },
            INVALID_RECORD,
        ),
        (
            "magic 3 (unknown)",
            {
                let mut b = good.clone();
                b[MAGIC_AT] = 3;
                b
            },
            CORRUPT_MESSAGE,
        ),
        (
            "magic -1",
            {
                let mut b = good.clone();
                b[MAGIC_AT] = 0xff;
                b
            },
            CORRUPT_MESSAGE,
        ),
        (
            "control bit from a client",
            fix_crc(with_i16(good.clone(), ATTRIBUTES_AT, 0x20)),
            INVALID_RECORD,
        ),
        (
            "records count 0, last offset delta -1",
            fix_crc(with_i32(
                with_i32(good.clone(), RECORDS_COUNT_AT, 0),
                LAST_OFFSET_DELTA_AT,
                -1,
            )),
            INVALID_RECORD,
        ),
        (
            "records count -7",
            fix_crc(with_i32(good.clone(), RECORDS_COUNT_AT, -7)),
            INVALID_RECORD,
        ),
        (
            "records count 2, last offset delta 9",
            fix_crc(with_i32(good.clone(), LAST_OFFSET_DELTA_AT, 9)),
            INVALID_RECORD,
        ),
        (
            "records count 1000 in two records' bytes",
            fix_crc(with_i32(
                with_i32(good.clone(), RECORDS_COUNT_AT, 1000),
                LAST_OFFSET_DELTA_AT,
                999,
            )),
            INVALID_RECORD,
        ),
        (
            "producer id without a sequence",
            fix_crc(
                BatchBuilder::new()
                    .producer(12345, 0, -1)
                    .record(0, None, Some(b"v"))
                    .build(),
            ),
            INVALID_RECORD,
        ),
        ("an empty records field", Vec::new(), INVALID_RECORD),
        ("two bytes of records", vec![0, 1], INVALID_RECORD),
        (
            "two batches in one partition",
            [good.clone(), good.clone()].concat(),
            INVALID_RECORD,
        ),
        (
            "batch length past the records field",
            with_i32(good.clone(), 8, good.len() as i32 + 100),
            INVALID_RECORD,
        ),
        (
            "batch length below the minimum (13)",
            with_i32(good.clone(), 8, 13),
            CORRUPT_MESSAGE,
        ),
    ];
    let wrong: Vec<String> = cases
        .into_iter()
        .filter_map(|(what, batch, code)| {
            let got = produce_code(&mut w, 9, batch);
            (got != code).then(|| format!("{what}: got {got}, Kafka answers {code}"))
        })
        .collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
    // ZSTD needs Produce v7 (KIP-110): older versions get UNSUPPORTED_COMPRESSION_TYPE.
    let zstd = compressed_batch(batch::Compression::Zstd, 3, 20);
    assert_eq!(
        produce_code(&mut w, 3, zstd),
        UNSUPPORTED_COMPRESSION_TYPE,
        "zstd in Produce v3"
    );
    // Nothing above reached the log: the next good batch lands at offset 0.
    assert_eq!(produce(&mut w, 9, "bad", good), (0, 0));
    healthy.finish();
}

/// Record counts that lie within the bytes (the header is consistent; only walking the
/// records shows the lie). Kafka's `LogValidator` iterates the records and answers
/// INVALID_RECORD; Sluice walks the record length varints (`batch::walk`).
#[test]
fn record_counts_that_lie_within_the_bytes() {
    let broker = start_limited();
    let healthy = Healthy::start(&broker, "healthy-counts");
    let mut w = Wire::connect(&broker.bootstrap());
    create_topic(&mut w, "bad");
    let good = good_batch(3);
    for (count, what) in [(4, "count 4 for 3 records"), (2, "count 2 for 3 records")] {
        assert_eq!(
            produce_code(&mut w, 9, with_count(good.clone(), count)),
            INVALID_RECORD,
            "{what}"
        );
    }
    for codec in CODECS {
        let lying = with_count(compressed_batch(codec, 3, 20), 2);
        assert_eq!(
            produce_code(&mut w, 9, lying),
            INVALID_RECORD,
            "{codec:?}: count 2 for 3"
        );
    }
    assert_eq!(
        produce(&mut w, 9, "bad", good),
        (0, 0),
        "nothing refused reached the log"
    );
    healthy.finish();
}

const CODECS: [batch::Compression; 4] = [
    batch::Compression::Gzip,
    batch::Compression::Snappy,
    batch::Compression::Lz4,
    batch::Compression::Zstd,
];
const UNKNOWN_SERVER_ERROR: i16 = -1;
const MESSAGE_TOO_LARGE: i16 = 10;

fn against_kafka() -> bool {
    std::env::var("SLUICE_TEST_AGAINST").as_deref() == Ok("kafka")
}

/// Sets records_count and last_offset_delta together, so only the records show the lie.
fn with_count(batch: Vec<u8>, count: i32) -> Vec<u8> {
    fix_crc(with_i32(
        with_i32(batch, RECORDS_COUNT_AT, count),
        LAST_OFFSET_DELTA_AT,
        count - 1,
    ))
}

fn compressed_batch(codec: batch::Compression, records: usize, value_bytes: usize) -> Vec<u8> {
    let value = vec![b'v'; value_bytes];
    (0..records)
        .fold(BatchBuilder::new().base_timestamp_ms(now_ms()), |b, i| {
            b.record(i as i64, None, Some(&value))
        })
        .build_compressed(codec)
}

/// Compressed batches: each codec's good batch is stored byte for byte; its garbage is
/// refused (Sluice: CORRUPT_MESSAGE, what Kafka answers for a bad CRC; Kafka 4.3.1 answers
/// UNKNOWN_SERVER_ERROR, as its decompressor's KafkaException escapes `LogValidator`); 4 MiB
/// of records in a few KiB are stored (Kafka checks only the batch as sent against
/// `max.message.bytes`); a decompression bomb past Sluice's own bound (104 MiB of records in a
/// few hundred KiB) is refused with MESSAGE_TOO_LARGE (Kafka has no such bound and stores it).
#[test]
fn compressed_garbage_and_bombs_are_refused() {
    let broker = start_limited();
    let healthy = Healthy::start(&broker, "healthy-compressed");
    let mut w = Wire::connect(&broker.bootstrap());
    create_topic(&mut w, "bad");
    let garbage_code = if against_kafka() {
        UNKNOWN_SERVER_ERROR
    } else {
        CORRUPT_MESSAGE
    };
    let bomb_code = if against_kafka() {
        0
    } else {
        MESSAGE_TOO_LARGE
    };
    let mut next_offset = 0;
    for codec in CODECS {
        let id = i16::from(compressed_batch(codec, 1, 1)[ATTRIBUTES_AT + 1] & 0x07);
        let junk = fix_crc(with_i16(good_batch(2), ATTRIBUTES_AT, id));
        assert_eq!(
            produce_code(&mut w, 9, junk),
            garbage_code,
            "{codec:?} garbage"
        );
        let big = compressed_batch(codec, 4, 1 << 20);
        // Under the default max.message.bytes (1 MiB) as sent, four times it decompressed.
        assert!(
            big.len() < 1 << 20,
            "{codec:?} batch is {} bytes",
            big.len()
        );
        assert_eq!(produce_code(&mut w, 9, big), 0, "{codec:?} 4 MiB");
        next_offset += 4;
        let bomb = compressed_batch(codec, 4, 26 << 20);
        // Snappy's ratio is too low for a bomb under max.message.bytes: only the others.
        if bomb.len() < 1 << 20 {
            assert_eq!(produce_code(&mut w, 9, bomb), bomb_code, "{codec:?} bomb");
            next_offset += if bomb_code == 0 { 4 } else { 0 };
        }
        let good = compressed_batch(codec, 5, 100);
        assert_eq!(
            produce(&mut w, 9, "bad", good.clone()),
            (0, next_offset),
            "{codec:?}"
        );
        let r = w.call(12, &fetch_request("bad", next_offset));
        let got = r.responses[0].partitions[0]
            .records
            .clone()
            .expect("records");
        assert_eq!(
            &got[ATTRIBUTES_AT..good.len()],
            &good[ATTRIBUTES_AT..],
            "{codec:?} stored as sent"
        );
        next_offset += 5;
    }
    healthy.finish();
}

#[test]
fn sequence_gaps_and_topic_names() {
    let broker = start_limited();
    let healthy = Healthy::start(&broker, "healthy-seq");
    let mut w = Wire::connect(&broker.bootstrap());
    create_topic(&mut w, "idem");
    let init = InitProducerIdRequest::default()
        .with_transactional_id(None)
        .with_transaction_timeout_ms(60_000)
        .with_producer_id(kafka_protocol::messages::ProducerId(-1))
        .with_producer_epoch(-1);
    let mut pid = w.call(4, &init);
    // Kafka loads its producer-id manager on first use (COORDINATOR_LOAD_IN_PROGRESS, 14).
    for _ in 0..100 {
        if pid.error_code != 14 && pid.error_code != 15 {
            break;
        }
        thread::sleep(Duration::from_millis(100));
        pid = w.call(4, &init);
    }
    assert_eq!(pid.error_code, 0);
    let (id, epoch) = (pid.producer_id.0, pid.producer_epoch);
    let idempotent = |sequence: i32, records: usize| {
        let mut b = BatchBuilder::new()
            .producer(id, epoch, sequence)
            .base_timestamp_ms(now_ms());
        for i in 0..records {
            b = b.record(i as i64, None, Some(b"idempotent"));
        }
        b.build()
    };
    assert_eq!(produce(&mut w, 9, "idem", idempotent(0, 2)), (0, 0));
    assert_eq!(
        produce(&mut w, 9, "idem", idempotent(5, 1)).0,
        OUT_OF_ORDER_SEQUENCE_NUMBER,
        "sequence 5 after 0..=1"
    );
    assert_eq!(
        produce(&mut w, 9, "idem", idempotent(3, 1)).0,
        OUT_OF_ORDER_SEQUENCE_NUMBER,
        "sequence 3 after 0..=1"
    );
    assert_eq!(
        produce(&mut w, 9, "idem", idempotent(0, 2)),
        (0, 0),
        "a duplicate is answered with the original offset"
    );
    assert_eq!(produce(&mut w, 9, "idem", idempotent(2, 1)), (0, 2));

    let too_long = "x".repeat(250);
    for bad in ["a b", "a$b", "", ".", "..", "x/y", "é", too_long.as_str()] {
        let req = CreateTopicsRequest::default()
            .with_timeout_ms(10_000)
            .with_topics(vec![CreatableTopic::default()
                .with_name(name(bad))
                .with_num_partitions(1)
                .with_replication_factor(1)]);
        let r = w.call(5, &req);
        assert_eq!(
            r.topics[0].error_code, INVALID_TOPIC_EXCEPTION,
            "CreateTopics {bad:?}"
        );
    }
    let r = w.call(
        9,
        &metadata(&["bad name!", too_long.as_str()]).with_allow_auto_topic_creation(true),
    );
    for t in &r.topics {
        assert_eq!(
            t.error_code, INVALID_TOPIC_EXCEPTION,
            "Metadata {:?}",
            t.name
        );
    }
    assert_eq!(
        create_topic_code(&mut w, &"y".repeat(249)),
        0,
        "249 characters is legal"
    );
    healthy.finish();
}

fn create_topic_code(w: &mut Wire, topic: &str) -> i16 {
    let req = CreateTopicsRequest::default()
        .with_timeout_ms(10_000)
        .with_topics(vec![CreatableTopic::default()
            .with_name(name(topic))
            .with_num_partitions(1)
            .with_replication_factor(1)]);
    w.call(5, &req).topics[0].error_code
}
