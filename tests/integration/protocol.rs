//! Protocol-level behaviour checked byte-exactly over a raw connection: the error codes real
//! clients rely on, KIP-511, response ordering, long polling and the zero-copy counter.

use crate::harness::Broker;
use crate::wire::{raw_header, Wire};
use bytes::{BufMut, Bytes};
use kafka_protocol::messages::api_versions_request::ApiVersionsRequest;
use kafka_protocol::messages::create_topics_request::{CreatableTopic, CreateTopicsRequest};
use kafka_protocol::messages::fetch_request::{FetchPartition, FetchRequest, FetchTopic};
use kafka_protocol::messages::produce_request::{
    PartitionProduceData, ProduceRequest, TopicProduceData,
};
use kafka_protocol::messages::{ApiVersionsResponse, BrokerId, TopicName};
use kafka_protocol::protocol::{Decodable, StrBytes};
use std::time::{Duration, Instant};

const UNKNOWN_TOPIC_OR_PARTITION: i16 = 3;
const CORRUPT_MESSAGE: i16 = 2;
const MESSAGE_TOO_LARGE: i16 = 10;
const INVALID_TOPIC_EXCEPTION: i16 = 17;
const UNSUPPORTED_VERSION: i16 = 35;
const INVALID_PARTITIONS: i16 = 37;
const INVALID_REPLICATION_FACTOR: i16 = 38;
const INVALID_REQUIRED_ACKS: i16 = 21;

fn name(s: &str) -> TopicName {
    TopicName(StrBytes::from_string(s.to_string()))
}

fn create(w: &mut Wire, topic: &str, partitions: i32, rf: i16) -> (i16, Option<String>) {
    let req = CreateTopicsRequest::default()
        .with_timeout_ms(5000)
        .with_topics(vec![CreatableTopic::default()
            .with_name(name(topic))
            .with_num_partitions(partitions)
            .with_replication_factor(rf)]);
    let r = w.call(7, &req);
    let t = &r.topics[0];
    (
        t.error_code,
        t.error_message.as_ref().map(|m| m.to_string()),
    )
}

fn produce(w: &mut Wire, topic: &str, partition: i32, acks: i16, records: Bytes) -> (i16, i64) {
    let req = ProduceRequest::default()
        .with_acks(acks)
        .with_timeout_ms(5000)
        .with_topic_data(vec![TopicProduceData::default()
            .with_name(name(topic))
            .with_partition_data(vec![PartitionProduceData::default()
                .with_index(partition)
                .with_records(Some(records))])]);
    let r = w.call(9, &req);
    let p = &r.responses[0].partition_responses[0];
    (p.error_code, p.base_offset)
}

fn batch(records: usize, value_bytes: usize) -> Bytes {
    Bytes::from(batch::builder::simple_batch(
        records,
        value_bytes,
        crate::harness::now_ms(),
    ))
}

fn fetch_request(topic: &str, offset: i64, max_wait_ms: i32) -> FetchRequest {
    fetch_partitions(topic, &[offset], max_wait_ms)
}

#[test]
fn user_errors_get_kafka_error_codes() {
    let broker = Broker::start_with(&[
        ("auto.create.topics.enable", "false"),
        ("message.max.bytes", "2000"),
    ]);
    let mut w = Wire::connect(&broker.bootstrap());

    assert_eq!(
        produce(&mut w, "nope", 0, -1, batch(1, 10)).0,
        UNKNOWN_TOPIC_OR_PARTITION
    );
    for bad in ["a b", ".", "..", "x/y", &"a".repeat(250)] {
        assert_eq!(
            create(&mut w, bad, 1, 1).0,
            INVALID_TOPIC_EXCEPTION,
            "name {bad:?}"
        );
    }
    assert_eq!(create(&mut w, "ok-249-".repeat(1).as_str(), 1, 1).0, 0);
    assert_eq!(create(&mut w, "zero", 0, 1).0, INVALID_PARTITIONS);
    assert_eq!(create(&mut w, "negative", -5, 1).0, INVALID_PARTITIONS);
    let (code, message) = create(&mut w, "rf3", 1, 3);
    assert_eq!(code, INVALID_REPLICATION_FACTOR, "{message:?}");

    assert_eq!(produce(&mut w, "ok-249-", 0, -1, batch(1, 10)), (0, 0));
    assert_eq!(
        produce(&mut w, "ok-249-", 0, -1, batch(1, 3000)).0,
        MESSAGE_TOO_LARGE
    );
    let mut corrupt = batch(2, 10).to_vec();
    let last = corrupt.len() - 1;
    corrupt[last] ^= 0xff;
    assert_eq!(
        produce(&mut w, "ok-249-", 0, -1, Bytes::from(corrupt)).0,
        CORRUPT_MESSAGE
    );
    assert_eq!(
        produce(&mut w, "ok-249-", 0, 2, batch(1, 10)).0,
        INVALID_REQUIRED_ACKS
    );
    // The log is untouched by the rejected batches: the next good one lands at offset 1.
    assert_eq!(produce(&mut w, "ok-249-", 0, -1, batch(1, 10)), (0, 1));
}

#[test]
fn oversized_frames_close_only_that_connection() {
    let broker = Broker::start_with(&[("socket.request.max.bytes", "100000")]);
    let mut bad = Wire::connect(&broker.bootstrap());
    bad.send_raw(&200_000i32.to_be_bytes());
    assert!(
        bad.is_closed(),
        "a frame over socket.request.max.bytes closes the connection"
    );
    for size in [0i32, -1, i32::MAX] {
        let mut bad = Wire::connect(&broker.bootstrap());
        bad.send_raw(&size.to_be_bytes());
        assert!(bad.is_closed(), "size prefix {size}");
    }
    let mut good = Wire::connect(&broker.bootstrap());
    let r = good.call(3, &ApiVersionsRequest::default());
    assert_eq!(r.error_code, 0);
}

#[test]
fn unknown_api_versions_version_gets_kip511_answer() {
    let broker = Broker::start();
    let mut w = Wire::connect(&broker.bootstrap());
    w.send_frame(&raw_header(18, 99, 42));
    let mut frame = w.recv_frame();
    // v0 response header: correlation id only; body in ApiVersions v0 format.
    let correlation_id = i32::from_be_bytes(frame[..4].try_into().unwrap());
    assert_eq!(correlation_id, 42);
    let _ = frame.split_to(4);
    let r = ApiVersionsResponse::decode(&mut frame, 0).unwrap();
    assert_eq!(r.error_code, UNSUPPORTED_VERSION);
    assert!(r
        .api_keys
        .iter()
        .any(|k| k.api_key == 18 && k.max_version == 4));
    // The connection stays usable.
    assert_eq!(w.call(3, &ApiVersionsRequest::default()).error_code, 0);
}

#[test]
fn old_produce_versions_get_unsupported_version() {
    let broker = Broker::start();
    let mut w = Wire::connect(&broker.bootstrap());
    let mut req = raw_header(0, 2, 7);
    req.put_i16(1); // acks
    req.put_i32(1000);
    req.put_i32(1);
    req.put_i16(1);
    req.put_slice(b"t");
    req.put_i32(1);
    req.put_i32(0);
    req.put_i32(-1);
    w.send_frame(&req);
    let frame = w.recv_frame();
    assert_eq!(&frame[..4], &7i32.to_be_bytes());
    // responses[0].partitions[0].error_code, after count(4) name(2+1) count(4) index(4)
    let error_code = i16::from_be_bytes([frame[4 + 4 + 3 + 4 + 4], frame[4 + 4 + 3 + 4 + 5]]);
    assert_eq!(error_code, UNSUPPORTED_VERSION);
}

/// The max wait of the first long poll below: long enough that the ApiVersions sent behind it
/// is read while it is parked, short enough to wait out.
const LONG_POLL_MS: u64 = 500;

/// A long-polling Fetch sent first and an ApiVersions sent right after on the same connection:
/// the answers leave in request order. With nothing to fetch the Fetch waits its max wait, so
/// the ApiVersions is read while it is parked. Then a Fetch asking to wait 10 s for 1 byte gets
/// the batch a produce on another connection appends, long before those 10 s: woken by the
/// append if it was parked by then, answered at once if it was read after it (either holds).
#[test]
fn responses_keep_request_order_and_long_polls_wake_on_append() {
    let broker = Broker::start();
    let mut admin = Wire::connect(&broker.bootstrap());
    assert_eq!(create(&mut admin, "poll", 1, 1).0, 0);
    let mut consumer = Wire::connect(&broker.bootstrap());

    let sent = Instant::now();
    let fetch_id = consumer.send(12, &fetch_request("poll", 0, LONG_POLL_MS as i32));
    let versions_id = consumer.send(3, &ApiVersionsRequest::default());
    let (first, fetched) = consumer.recv::<FetchRequest>(12);
    let waited = sent.elapsed();
    assert_eq!(first, fetch_id, "the parked request is answered first");
    let p = &fetched.responses[0].partitions[0];
    assert_eq!((p.error_code, p.high_watermark), (0, 0));
    assert!(
        p.records.as_ref().is_none_or(Bytes::is_empty),
        "nothing to fetch"
    );
    // Timer granularity: a broker may round its deadline down by a tick.
    assert!(
        waited >= Duration::from_millis(LONG_POLL_MS - 50),
        "a Fetch with nothing to return waits its max wait ({LONG_POLL_MS} ms), not {waited:?}"
    );
    let (second, _) = consumer.recv::<ApiVersionsRequest>(3);
    assert_eq!(second, versions_id);

    let sent = Instant::now();
    let fetch_id = consumer.send(12, &fetch_request("poll", 0, 10_000));
    let versions_id = consumer.send(3, &ApiVersionsRequest::default());
    assert_eq!(produce(&mut admin, "poll", 0, -1, batch(3, 100)), (0, 0));
    let (first, fetched) = consumer.recv::<FetchRequest>(12);
    let answered = sent.elapsed();
    assert_eq!(first, fetch_id, "the earlier request is answered first");
    let p = &fetched.responses[0].partitions[0];
    assert_eq!(p.error_code, 0);
    assert_eq!(p.high_watermark, 3);
    let records = p.records.as_ref().expect("records");
    assert_eq!(
        records.len(),
        batch(3, 100).len(),
        "exactly the produced batch"
    );
    assert!(
        answered < Duration::from_secs(5),
        "the long poll is answered when the batch is appended, not after its max wait: {answered:?}"
    );
    let (second, _) = consumer.recv::<ApiVersionsRequest>(3);
    assert_eq!(second, versions_id);
}

/// A Fetch for partitions at these offsets (partition index = position).
fn fetch_partitions(topic: &str, offsets: &[i64], max_wait_ms: i32) -> FetchRequest {
    let partitions = offsets
        .iter()
        .enumerate()
        .map(|(p, &offset)| {
            FetchPartition::default()
                .with_partition(p as i32)
                .with_fetch_offset(offset)
                .with_partition_max_bytes(1 << 20)
        })
        .collect();
    FetchRequest::default()
        .with_replica_id(BrokerId(-1))
        .with_max_wait_ms(max_wait_ms)
        .with_min_bytes(1)
        .with_max_bytes(1 << 20)
        .with_session_epoch(-1)
        .with_topics(vec![FetchTopic::default()
            .with_topic(name(topic))
            .with_partitions(partitions)])
}

/// Record bytes per partition of a one-topic Fetch answer, every partition without error.
fn fetched_bytes(fetched: &kafka_protocol::messages::FetchResponse) -> Vec<usize> {
    fetched.responses[0]
        .partitions
        .iter()
        .map(|p| {
            assert_eq!(p.error_code, 0, "partition {}", p.partition_index);
            p.records.as_ref().map_or(0, Bytes::len)
        })
        .collect()
}

/// A long poll over partitions on both shards: the shard whose partition gets data ends the
/// other's wait, which answers at once with what it holds (one round, `ShardMsg::EndWait`).
/// Data on both before the Fetch comes back in one answer; data on one wakes the poll long
/// before its 10 s; a poll whose waits were ended leaves nothing parked behind that answers a
/// later one; nothing anywhere waits the whole max wait and answers empty.
#[test]
fn a_long_poll_over_two_shards_ends_on_either_and_carries_both() {
    let broker = Broker::start();
    let mut admin = Wire::connect(&broker.bootstrap());
    assert_eq!(create(&mut admin, "two", 2, 1).0, 0);
    let mut consumer = Wire::connect(&broker.bootstrap());

    // Data on both shards before the Fetch: one answer carries both.
    assert_eq!(produce(&mut admin, "two", 0, -1, batch(2, 100)), (0, 0));
    assert_eq!(produce(&mut admin, "two", 1, -1, batch(3, 100)), (0, 0));
    let fetched = consumer.call(12, &fetch_partitions("two", &[0, 0], 10_000));
    assert_eq!(
        fetched_bytes(&fetched),
        [batch(2, 100).len(), batch(3, 100).len()]
    );
    // Both partitions exist now (they took records): one on each shard.
    let (_, metrics) = crate::metrics::get(&broker.http_address(), "/metrics");
    for shard in 0..2 {
        let line = format!("sluice_shard_partitions{{shard=\"{shard}\"}} 1");
        assert!(
            metrics.contains(&line),
            "one partition per shard: no {line:?}\n{metrics}"
        );
    }

    // Nothing new: each partition in turn gets the batch that ends the poll.
    for (partition, offsets) in [(0, [2, 3]), (1, [4, 3])] {
        let sent = Instant::now();
        let fetch_id = consumer.send(12, &fetch_partitions("two", &offsets, 10_000));
        assert_eq!(
            produce(&mut admin, "two", partition, -1, batch(2, 100)).0,
            0
        );
        let (id, fetched) = consumer.recv::<FetchRequest>(12);
        let answered = sent.elapsed();
        assert_eq!(id, fetch_id);
        let mut expected = [0, 0];
        expected[partition as usize] = batch(2, 100).len();
        assert_eq!(fetched_bytes(&fetched), expected, "partition {partition}");
        assert!(
            answered < Duration::from_secs(5),
            "woken by partition {partition}'s append, not its max wait: {answered:?}"
        );
    }

    // Nothing anywhere: the whole max wait, then an empty answer.
    let sent = Instant::now();
    let fetched = consumer.call(12, &fetch_partitions("two", &[4, 5], LONG_POLL_MS as i32));
    let waited = sent.elapsed();
    assert_eq!(fetched_bytes(&fetched), [0, 0]);
    assert!(
        waited >= Duration::from_millis(LONG_POLL_MS - 50),
        "an empty long poll waits its max wait ({LONG_POLL_MS} ms), not {waited:?}"
    );
}

/// Fetched record bytes go file -> socket with sendfile; the broker counts them and logs the
/// counts per shard at shutdown.
#[test]
fn fetch_sends_record_bytes_zero_copy() {
    let mut broker = Broker::start();
    let mut w = Wire::connect(&broker.bootstrap());
    assert_eq!(create(&mut w, "zc", 1, 1).0, 0);
    let mut produced = 0usize;
    for _ in 0..8 {
        let b = batch(100, 1000);
        produced += b.len();
        assert_eq!(produce(&mut w, "zc", 0, -1, b).0, 0);
    }
    let mut offset = 0i64;
    let mut fetched = 0usize;
    while offset < 800 {
        let r = w.call(12, &fetch_request("zc", offset, 100));
        let records = r.responses[0].partitions[0]
            .records
            .clone()
            .unwrap_or_default();
        assert!(!records.is_empty(), "no records at offset {offset}");
        fetched += records.len();
        let mut pos = 0;
        while let Some(h) = batch::BatchHeader::parse(&records[pos..]) {
            if pos + h.batch_size() > records.len() {
                break;
            }
            offset = h.last_offset() + 1;
            pos += h.batch_size();
        }
    }
    assert!(fetched >= produced);
    drop(w);
    broker.stop();
    let logs = broker.logs();
    let zero_copy: u64 = counter_sum(&logs, "fetch_bytes_zero_copy=");
    let copied: u64 = counter_sum(&logs, "fetch_bytes_copied=");
    assert!(
        zero_copy + copied >= fetched as u64,
        "counted {zero_copy}+{copied} of {fetched}:\n{logs}"
    );
    assert!(zero_copy > 0, "no bytes went zero-copy:\n{logs}");
    println!("fetched {fetched} record bytes: {zero_copy} zero-copy, {copied} copied");
}

fn counter_sum(logs: &str, key: &str) -> u64 {
    logs.lines()
        .filter_map(|l| l.split(key).nth(1))
        .filter_map(|rest| {
            rest.split(|c: char| !c.is_ascii_digit())
                .next()?
                .parse::<u64>()
                .ok()
        })
        .sum()
}

/// Random mutations of valid requests of every core API, each in a correctly sized frame:
/// the broker answers or closes the connection, and afterwards it still serves a normal
/// client correctly. Seeded; replay with SLUICE_TEST_SEED.
#[test]
fn mutated_requests_never_take_the_broker_down() {
    use kafka_protocol::messages::list_offsets_request::{
        ListOffsetsPartition, ListOffsetsRequest, ListOffsetsTopic,
    };
    use kafka_protocol::messages::metadata_request::{MetadataRequest, MetadataRequestTopic};
    let seed = crate::harness::seed("mutated_requests");
    let mut rng = seed | 1;
    let mut next = move || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    let broker = Broker::start();
    let mut setup = Wire::connect(&broker.bootstrap());
    assert_eq!(create(&mut setup, "fuzz", 2, 1).0, 0);
    let produce_req = ProduceRequest::default()
        .with_acks(-1)
        .with_timeout_ms(1000)
        .with_topic_data(vec![TopicProduceData::default()
            .with_name(name("fuzz"))
            .with_partition_data(vec![PartitionProduceData::default()
                .with_index(0)
                .with_records(Some(batch(3, 20)))])]);
    let metadata_req = MetadataRequest::default().with_topics(Some(vec![
        MetadataRequestTopic::default().with_name(Some(name("fuzz"))),
    ]));
    let list_req = ListOffsetsRequest::default()
        .with_replica_id(BrokerId(-1))
        .with_topics(vec![ListOffsetsTopic::default()
            .with_name(name("fuzz"))
            .with_partitions(vec![ListOffsetsPartition::default()
                .with_partition_index(0)
                .with_timestamp(-1)])]);
    let create_req = CreateTopicsRequest::default()
        .with_timeout_ms(1000)
        .with_topics(vec![CreatableTopic::default()
            .with_name(name("fz"))
            .with_num_partitions(1)
            .with_replication_factor(1)]);
    let mut valid: Vec<Vec<u8>> = Vec::new();
    for v in [3, 7, 9, 11] {
        valid.push(Wire::encode(v, 1, &produce_req));
    }
    for v in [4, 11, 12, 13, 17] {
        valid.push(Wire::encode(v, 1, &fetch_request("fuzz", 0, 10)));
    }
    for v in [0, 1, 4, 9, 12] {
        valid.push(Wire::encode(v, 1, &metadata_req));
    }
    for v in [1, 4, 7, 9] {
        valid.push(Wire::encode(v, 1, &list_req));
    }
    for v in [2, 5, 7] {
        valid.push(Wire::encode(v, 1, &create_req));
    }
    valid.push(Wire::encode(3, 1, &ApiVersionsRequest::default()));

    let (answered, closed) =
        crate::wire::send_mutations(&broker.bootstrap(), &valid, 1500, &mut next);
    eprintln!("mutated requests: {answered} answered, {closed} closed or unanswered");
    // Still healthy: a fresh client produces and reads back at the right offset.
    let mut good = Wire::connect(&broker.bootstrap());
    let (code, base) = produce(&mut good, "fuzz", 1, -1, batch(2, 10));
    assert_eq!(code, 0);
    let r = good.call(
        12,
        &fetch_request("fuzz", 0, 10).with_topics(vec![FetchTopic::default()
            .with_topic(name("fuzz"))
            .with_partitions(vec![FetchPartition::default()
                .with_partition(1)
                .with_fetch_offset(base)
                .with_partition_max_bytes(1 << 20)])]),
    );
    assert_eq!(r.responses[0].partitions[0].error_code, 0);
    assert!(r.responses[0].partitions[0]
        .records
        .as_ref()
        .is_some_and(|b| !b.is_empty()));
    // Contained or not, a panic on client bytes is a bug.
    let logs = broker.logs();
    assert!(
        !logs.contains("panicked"),
        "a handler panicked (seed {seed}):\n{logs}"
    );
}

/// `connections.max.idle.ms` closes a connection that sends nothing; `queued.max.request.bytes`
/// bounds the request bytes a shard holds, so a frame larger than a shard's share is refused
/// (the connection closed) while normal requests keep working.
#[test]
fn idle_connections_close_and_request_bytes_are_bounded() {
    let broker = Broker::start_with(&[
        ("connections.max.idle.ms", "400"),
        ("queued.max.request.bytes", "20000"),
    ]);
    let mut idle = Wire::connect(&broker.bootstrap());
    // The read waits for the close; it gives up long after the 400 ms idle limit.
    idle.set_read_timeout(Duration::from_secs(10));
    assert!(
        idle.is_closed(),
        "an idle connection is closed after connections.max.idle.ms"
    );

    let mut big = Wire::connect(&broker.bootstrap());
    let mut frame = raw_header(18, 3, 1).to_vec();
    frame.resize(15_000, 0); // over 20000 / 2 shards
    big.send_frame(&frame);
    assert!(
        big.is_closed(),
        "a frame over the shard's request-bytes share closes the connection"
    );

    let mut good = Wire::connect(&broker.bootstrap());
    assert_eq!(good.call(3, &ApiVersionsRequest::default()).error_code, 0);
}

/// The README's default is a relative `log.dirs` (./data): logs open and serve under it.
#[test]
fn relative_log_dirs_work() {
    let broker = Broker::start_with(&[("log.dirs", "relative-data")]);
    let mut w = Wire::connect(&broker.bootstrap());
    assert_eq!(create(&mut w, "rel", 1, 1).0, 0);
    assert_eq!(produce(&mut w, "rel", 0, -1, batch(2, 10)), (0, 0));
    let r = w.call(12, &fetch_request("rel", 0, 10));
    assert!(r.responses[0].partitions[0]
        .records
        .as_ref()
        .is_some_and(|b| !b.is_empty()));
}

/// Kafka compares a compressed batch against `max.message.bytes` as sent, never decompressed:
/// three 1 MiB records of zeros in a gzip batch of a few KiB (3,266 bytes from the Java client,
/// ~14 KiB from the builder's gzip level) are stored under the default 1 MiB
/// limit and read back as sent (issue 9; Sluice's own decompression bound is far above this).
#[test]
fn compressed_batches_are_limited_as_sent_not_decompressed() {
    let broker = Broker::start();
    let mut w = Wire::connect(&broker.bootstrap());
    assert_eq!(create(&mut w, "zeros", 1, 1).0, 0);
    crate::malformed::wait_for_leader(&mut w, "zeros");
    let zeros = vec![0u8; 1 << 20];
    let gzip = (0..3)
        .fold(
            batch::builder::BatchBuilder::new().base_timestamp_ms(crate::harness::now_ms()),
            |b, i| b.record(i, None, Some(&zeros)),
        )
        .build_compressed(batch::Compression::Gzip);
    assert!(gzip.len() < 64 << 10, "gzip batch is {} bytes", gzip.len());
    assert_eq!(
        produce(&mut w, "zeros", 0, -1, Bytes::from(gzip.clone())),
        (0, 0)
    );
    let r = w.call(12, &fetch_request("zeros", 0, 100));
    let got = r.responses[0].partitions[0]
        .records
        .clone()
        .expect("records");
    // From the attributes on: base offset and leader epoch are the broker's to set.
    assert_eq!(&got[21..gzip.len()], &gzip[21..], "stored as sent");
}

/// ListOffsets MAX_TIMESTAMP (-3) answers the offset of the first record carrying the largest
/// timestamp, as Kafka 3.8+ does (KAFKA-16310), not the last offset of its batch — also when
/// the batch is compressed and when a later batch repeats the timestamp. ListOffsets by
/// timestamp reads into a compressed batch for the exact record, as Kafka does.
#[test]
fn list_offsets_max_timestamp_is_the_record_with_the_largest_timestamp() {
    use kafka_protocol::messages::list_offsets_request::{
        ListOffsetsPartition, ListOffsetsRequest, ListOffsetsTopic,
    };
    let broker = Broker::start();
    let mut w = Wire::connect(&broker.bootstrap());
    assert_eq!(create(&mut w, "maxts", 1, 1).0, 0);
    crate::malformed::wait_for_leader(&mut w, "maxts");
    let base = crate::harness::now_ms() - 60_000;
    let batch_of = |deltas: &[i64], codec| {
        let built = deltas.iter().fold(
            batch::builder::BatchBuilder::new().base_timestamp_ms(base),
            |b, d| b.record(*d, None, Some(b"v")),
        );
        Bytes::from(built.build_compressed(codec))
    };
    let lookup = |w: &mut Wire, timestamp: i64| {
        let req = ListOffsetsRequest::default()
            .with_replica_id(BrokerId(-1))
            .with_topics(vec![ListOffsetsTopic::default()
                .with_name(name("maxts"))
                .with_partitions(vec![ListOffsetsPartition::default()
                    .with_partition_index(0)
                    .with_timestamp(timestamp)])]);
        let r = w.call(7, &req);
        let p = &r.topics[0].partitions[0];
        assert_eq!(p.error_code, 0, "{p:?}");
        (p.offset, p.timestamp)
    };
    let max_timestamp = |w: &mut Wire| lookup(w, -3);
    use batch::Compression::{Gzip, None as Plain};
    // Offsets 0-2: the largest timestamp is the middle record's.
    assert_eq!(
        produce(&mut w, "maxts", 0, -1, batch_of(&[0, 50, 20], Plain)).0,
        0
    );
    assert_eq!(max_timestamp(&mut w), (1, base + 50));
    // Offsets 3-4 (smaller) and 5-7 (compressed, the same largest timestamp): still offset 1.
    assert_eq!(
        produce(&mut w, "maxts", 0, -1, batch_of(&[10, 30], Plain)).0,
        0
    );
    assert_eq!(
        produce(&mut w, "maxts", 0, -1, batch_of(&[40, 50, 45], Gzip)).0,
        0
    );
    assert_eq!(max_timestamp(&mut w), (1, base + 50));
    // Offsets 8-9, compressed: a new largest timestamp in the first record.
    assert_eq!(
        produce(&mut w, "maxts", 0, -1, batch_of(&[100, 60], Gzip)).0,
        0
    );
    assert_eq!(max_timestamp(&mut w), (8, base + 100));
    // Offsets 10-12, compressed, the largest timestamp in the middle.
    assert_eq!(
        produce(&mut w, "maxts", 0, -1, batch_of(&[70, 120, 110], Gzip)).0,
        0
    );
    assert_eq!(max_timestamp(&mut w), (11, base + 120));
    assert_eq!(lookup(&mut w, base + 115), (11, base + 120));
    assert_eq!(lookup(&mut w, base + 65), (8, base + 100));
    assert_eq!(lookup(&mut w, base + 45), (1, base + 50));
}

/// ListOffsets refuses what Kafka's ReplicaManager refuses before it looks at a partition: a
/// negative timestamp that is none of the specials, or a special older than the request's
/// version (MAX_TIMESTAMP before v7, EARLIEST_LOCAL before v8, LATEST_TIERED before v9), answers
/// UNSUPPORTED_VERSION; a partition named twice answers INVALID_REQUEST; the rest answer.
#[test]
fn list_offsets_refuses_unknown_timestamps_and_duplicated_partitions_as_kafka_does() {
    use kafka_protocol::messages::list_offsets_request::{
        ListOffsetsPartition, ListOffsetsRequest, ListOffsetsTopic,
    };
    const INVALID_REQUEST: i16 = 42;
    let broker = Broker::start();
    let mut w = Wire::connect(&broker.bootstrap());
    assert_eq!(create(&mut w, "lo", 2, 1).0, 0);
    crate::malformed::wait_for_leader(&mut w, "lo");
    let codes = |w: &mut Wire, version: i16, asked: &[(i32, i64)]| -> Vec<(i32, i16)> {
        let req = ListOffsetsRequest::default()
            .with_replica_id(BrokerId(-1))
            .with_topics(vec![ListOffsetsTopic::default()
                .with_name(name("lo"))
                .with_partitions(
                    asked
                        .iter()
                        .map(|(p, ts)| {
                            ListOffsetsPartition::default()
                                .with_partition_index(*p)
                                .with_timestamp(*ts)
                        })
                        .collect(),
                )]);
        let r = w.call(version, &req);
        let mut got: Vec<(i32, i16)> = r
            .topics
            .iter()
            .flat_map(|t| t.partitions.iter())
            .map(|p| (p.partition_index, p.error_code))
            .collect();
        got.sort();
        got.dedup();
        got
    };
    for (version, timestamp, code) in [
        (9, -6, UNSUPPORTED_VERSION),
        (9, -100, UNSUPPORTED_VERSION),
        (9, i64::MIN, UNSUPPORTED_VERSION),
        (6, -3, UNSUPPORTED_VERSION),
        (7, -3, 0),
        (7, -4, UNSUPPORTED_VERSION),
        (8, -4, 0),
        (8, -5, UNSUPPORTED_VERSION),
        (9, -5, 0),
        (1, -1, 0),
        (1, -2, 0),
    ] {
        assert_eq!(
            codes(&mut w, version, &[(0, timestamp)]),
            vec![(0, code)],
            "v{version} timestamp {timestamp}"
        );
    }
    // Partition 0 twice: refused (Kafka answers it once); partition 1 still answers.
    assert_eq!(
        codes(&mut w, 9, &[(0, -1), (1, -1), (0, -2)]),
        vec![(0, INVALID_REQUEST), (1, 0)]
    );
}
