//! Requests on one connection take effect in the order sent (issue 9, item 7): pipelined
//! Produce requests from one (non-idempotent) connection are stored in the order they were
//! sent, whatever shard owns each partition, and a request sent after another sees its effect.

use crate::harness::{seed, topic_name, Broker, Rng};
use crate::wire::Wire;
use bytes::{Buf, Bytes};
use kafka_protocol::messages::create_topics_request::{CreatableTopic, CreateTopicsRequest};
use kafka_protocol::messages::fetch_request::{FetchPartition, FetchRequest, FetchTopic};
use kafka_protocol::messages::produce_request::{
    PartitionProduceData, ProduceRequest, TopicProduceData,
};
use kafka_protocol::messages::{ApiKey, BrokerId, ProduceResponse, ResponseHeader, TopicName};
use kafka_protocol::protocol::{Decodable, StrBytes};
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

const PARTITIONS: i32 = 8;
const CONNECTIONS: usize = 2;
const REQUESTS_PER_CONNECTION: usize = 2000;
const PRODUCE_VERSION: i16 = 9;

/// A request frame: size prefix, header and body.
fn framed<R: kafka_protocol::protocol::Request>(
    version: i16,
    correlation_id: i32,
    request: &R,
) -> Vec<u8> {
    let body = Wire::encode(version, correlation_id, request);
    let mut frame = (body.len() as i32).to_be_bytes().to_vec();
    frame.extend(body);
    frame
}

fn response_header(frame: &mut Bytes, key: ApiKey, version: i16) -> i32 {
    ResponseHeader::decode(frame, key.response_header_version(version))
        .expect("response header")
        .correlation_id
}

fn name(s: &str) -> TopicName {
    TopicName(StrBytes::from_string(s.to_string()))
}

/// One batch whose records carry `tag` ("connection/request/record") as their values.
fn tagged_batch(connection: usize, request: usize, records: usize, pad: usize) -> Bytes {
    let mut builder =
        batch::builder::BatchBuilder::new().base_timestamp_ms(crate::harness::now_ms());
    for r in 0..records {
        let mut value = format!("{connection}/{request}/{r}/").into_bytes();
        value.resize(value.len() + pad, b'.');
        builder = builder.record(0, None, Some(&value));
    }
    Bytes::from(builder.build())
}

/// The request a connection sends as its `request`-th: one batch for each of 1–3 partitions.
fn produce_request(
    topic: &str,
    connection: usize,
    request: usize,
    rng: &mut Rng,
) -> ProduceRequest {
    let mut partitions: Vec<i32> = (0..PARTITIONS).collect();
    let count = 1 + rng.below(3) as usize;
    let mut data = Vec::new();
    for _ in 0..count {
        let p = partitions.swap_remove(rng.below(partitions.len() as u64) as usize);
        // Now and then a large batch: the reported reordering had a big batch overtaken.
        let (records, pad) = if rng.below(20) == 0 {
            (200 + rng.below(600) as usize, 200)
        } else {
            (1 + rng.below(20) as usize, rng.below(100) as usize)
        };
        data.push(
            PartitionProduceData::default()
                .with_index(p)
                .with_records(Some(tagged_batch(connection, request, records, pad))),
        );
    }
    ProduceRequest::default()
        .with_acks(-1)
        .with_timeout_ms(30_000)
        .with_topic_data(vec![TopicProduceData::default()
            .with_name(name(topic))
            .with_partition_data(data)])
}

/// Sends every request of one connection without waiting, while a second thread reads the
/// answers; returns how many partitions were refused.
fn pipeline(bootstrap: &str, topic: &str, connection: usize, seed: u64) -> usize {
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1 ^ connection as u64);
    let frames: Vec<Vec<u8>> = (0..REQUESTS_PER_CONNECTION)
        .map(|i| {
            framed(
                PRODUCE_VERSION,
                i as i32,
                &produce_request(topic, connection, i, &mut rng),
            )
        })
        .collect();
    let mut stream = TcpStream::connect(bootstrap).expect("connect");
    stream.set_nodelay(true).ok();
    let mut reader = stream.try_clone().expect("clone the socket");
    reader
        .set_read_timeout(Some(Duration::from_secs(60)))
        .expect("read timeout");
    let answers = std::thread::spawn(move || {
        let mut refused = 0;
        for expected in 0..REQUESTS_PER_CONNECTION as i32 {
            let mut size = [0u8; 4];
            reader.read_exact(&mut size).expect("response size");
            let mut body = vec![0u8; i32::from_be_bytes(size) as usize];
            reader.read_exact(&mut body).expect("response body");
            let mut buf = Bytes::from(body);
            let correlation_id = response_header(&mut buf, ApiKey::Produce, PRODUCE_VERSION);
            assert_eq!(correlation_id, expected, "responses in request order");
            let response = ProduceResponse::decode(&mut buf, PRODUCE_VERSION).expect("body");
            refused += response
                .responses
                .iter()
                .flat_map(|t| &t.partition_responses)
                .filter(|p| p.error_code != 0)
                .count();
        }
        refused
    });
    for frame in &frames {
        stream.write_all(frame).expect("send a pipelined request");
    }
    answers.join().expect("answer reader")
}

/// Every record value of a partition, in offset order.
fn read_partition(w: &mut Wire, topic: &str, partition: i32) -> Vec<String> {
    let mut values = Vec::new();
    let mut offset = 0i64;
    loop {
        let req = FetchRequest::default()
            .with_replica_id(BrokerId(-1))
            .with_max_wait_ms(0)
            .with_min_bytes(1)
            .with_max_bytes(8 << 20)
            .with_topics(vec![FetchTopic::default()
                .with_topic(name(topic))
                .with_partitions(vec![FetchPartition::default()
                    .with_partition(partition)
                    .with_fetch_offset(offset)
                    .with_partition_max_bytes(8 << 20)])]);
        let r = w.call(11, &req);
        let p = &r.responses[0].partitions[0];
        assert_eq!(p.error_code, 0, "fetch {topic}-{partition} at {offset}");
        let mut records = p.records.clone().unwrap_or_default();
        let before = offset;
        while records.remaining() >= 61 {
            let header = batch::BatchHeader::parse(&records).expect("batch header");
            if header.batch_size() > records.remaining() {
                break;
            }
            let one = records.split_to(header.batch_size());
            let (header, rs) = batch::records(&one).expect("uncompressed records");
            for r in rs {
                values.push(String::from_utf8_lossy(r.value.expect("value")).into_owned());
            }
            offset = header.next_offset();
        }
        if offset >= p.high_watermark || offset == before {
            assert_eq!(
                offset, p.high_watermark,
                "read {topic}-{partition} to its end"
            );
            return values;
        }
    }
}

#[test]
fn pipelined_produces_are_stored_in_the_order_sent() {
    let seed = seed("pipelined_produces_are_stored_in_the_order_sent");
    let broker = Broker::start();
    let topic = topic_name("ordered", seed);
    let mut w = Wire::connect(&broker.bootstrap());
    let created = w.call(
        7,
        &CreateTopicsRequest::default()
            .with_timeout_ms(5000)
            .with_topics(vec![CreatableTopic::default()
                .with_name(name(&topic))
                .with_num_partitions(PARTITIONS)
                .with_replication_factor(1)]),
    );
    assert_eq!(created.topics[0].error_code, 0);
    let senders: Vec<_> = (0..CONNECTIONS)
        .map(|c| {
            let (bootstrap, topic) = (broker.bootstrap(), topic.clone());
            std::thread::spawn(move || pipeline(&bootstrap, &topic, c, seed))
        })
        .collect();
    for s in senders {
        assert_eq!(s.join().expect("sender"), 0, "no partition refused");
    }
    let mut total = 0;
    for partition in 0..PARTITIONS {
        // Per connection, the (request, record) tags must rise with the offset.
        let mut last: BTreeMap<usize, (usize, usize)> = BTreeMap::new();
        for value in read_partition(&mut w, &topic, partition) {
            let mut parts = value.split('/');
            let mut next = || -> usize { parts.next().unwrap().parse().unwrap() };
            let (c, request, record) = (next(), next(), next());
            if let Some(&previous) = last.get(&c) {
                assert!(
                    previous < (request, record),
                    "partition {partition}: connection {c} request {request} record {record} stored after request {} record {} (seed {seed})",
                    previous.0,
                    previous.1
                );
            }
            last.insert(c, (request, record));
            total += 1;
        }
    }
    assert!(
        total > CONNECTIONS * REQUESTS_PER_CONNECTION,
        "{total} records read"
    );
}

/// A request pipelined right behind a CreateTopics sees the topic: effects, not only
/// answers, follow the order of the connection.
#[test]
fn a_request_sees_the_effect_of_the_one_sent_before_it() {
    let seed = seed("a_request_sees_the_effect_of_the_one_sent_before_it");
    let broker = Broker::start_with(&[("auto.create.topics.enable", "false")]);
    let mut w = Wire::connect(&broker.bootstrap());
    for round in 0..20 {
        let topic = format!("{}-{round}", topic_name("effect", seed));
        let create = CreateTopicsRequest::default()
            .with_timeout_ms(5000)
            .with_topics(vec![CreatableTopic::default()
                .with_name(name(&topic))
                .with_num_partitions(2)
                .with_replication_factor(1)]);
        let produce = ProduceRequest::default()
            .with_acks(-1)
            .with_timeout_ms(5000)
            .with_topic_data(vec![TopicProduceData::default()
                .with_name(name(&topic))
                .with_partition_data(vec![PartitionProduceData::default()
                    .with_index(1)
                    .with_records(Some(tagged_batch(0, round, 1, 0)))])]);
        let mut frames = framed(7, 1, &create);
        frames.extend(framed(PRODUCE_VERSION, 2, &produce));
        w.send_raw(&frames);
        let mut created = w.recv_frame();
        assert_eq!(response_header(&mut created, ApiKey::CreateTopics, 7), 1);
        let mut produced = w.recv_frame();
        assert_eq!(
            response_header(&mut produced, ApiKey::Produce, PRODUCE_VERSION),
            2
        );
        let produced = ProduceResponse::decode(&mut produced, PRODUCE_VERSION).unwrap();
        assert_eq!(
            produced.responses[0].partition_responses[0].error_code, 0,
            "round {round}: the produce behind CreateTopics found the topic"
        );
    }
}
