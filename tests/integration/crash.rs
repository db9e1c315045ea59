//! Crash safety: idempotent acks=all producers keep producing while the broker is SIGKILLed at
//! seeded random moments 20 times and restarted each time. Afterwards every acknowledged batch
//! is at its acknowledged offset, offsets are dense, no (producer, sequence) is stored twice and
//! every stored batch passes CRC validation. Replay a failure with SLUICE_TEST_SEED.

use crate::harness::{self, Broker};
use crate::wire::Wire;
use bytes::Bytes;
use kafka_protocol::messages::create_topics_request::{CreatableTopic, CreateTopicsRequest};
use kafka_protocol::messages::fetch_request::{FetchPartition, FetchRequest, FetchTopic};
use kafka_protocol::messages::produce_request::{
    PartitionProduceData, ProduceRequest, TopicProduceData,
};
use kafka_protocol::messages::{
    BrokerId, FetchResponse, InitProducerIdRequest, InitProducerIdResponse, ProduceResponse,
    ResponseHeader, TopicName,
};
use kafka_protocol::protocol::{Decodable, StrBytes};
use std::collections::{BTreeMap, HashSet};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const TOPIC: &str = "crash";
const PARTITIONS: i32 = 3;
const PRODUCERS: usize = 3;
const KILLS: usize = 20;
const RECORDS_PER_BATCH: usize = 5;

/// One acknowledged batch: where the broker said it is, and who wrote it.
#[derive(Clone, Copy, Debug)]
struct Ack {
    partition: i32,
    base_offset: i64,
    producer_id: i64,
    base_sequence: i32,
}

fn name() -> TopicName {
    TopicName(StrBytes::from_static_str(TOPIC))
}

/// A request/response exchange that reports IO failure (the broker may be dead) as `None`.
fn exchange(addr: &str, frame: &[u8], header_version: i16) -> Option<Bytes> {
    let mut s = TcpStream::connect(addr).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    let mut out = (frame.len() as i32).to_be_bytes().to_vec();
    out.extend_from_slice(frame);
    s.write_all(&out).ok()?;
    let mut size = [0u8; 4];
    s.read_exact(&mut size).ok()?;
    let mut body = vec![0u8; i32::from_be_bytes(size) as usize];
    s.read_exact(&mut body).ok()?;
    let mut body = Bytes::from(body);
    ResponseHeader::decode(&mut body, header_version).ok()?;
    Some(body)
}

fn init_producer_id(addr: &str) -> Option<(i64, i16)> {
    let req = InitProducerIdRequest::default()
        .with_transactional_id(None)
        .with_transaction_timeout_ms(60_000);
    let mut body = exchange(addr, &Wire::encode(4, 1, &req), 1)?;
    let r = InitProducerIdResponse::decode(&mut body, 4).ok()?;
    (r.error_code == 0).then_some((r.producer_id.0, r.producer_epoch))
}

/// A Produce (acks=all, 10 s timeout) of one batch to one partition.
pub(crate) fn produce_acks_all(topic: TopicName, partition: i32, batch: Bytes) -> ProduceRequest {
    ProduceRequest::default()
        .with_acks(-1)
        .with_timeout_ms(10_000)
        .with_topic_data(vec![TopicProduceData::default()
            .with_name(topic)
            .with_partition_data(vec![PartitionProduceData::default()
                .with_index(partition)
                .with_records(Some(batch))])])
}

/// Sends one idempotent batch; `Some((error, base offset))` if the broker answered.
fn produce(addr: &str, partition: i32, batch: &Bytes) -> Option<(i16, i64)> {
    let req = produce_acks_all(name(), partition, batch.clone());
    let mut body = exchange(addr, &Wire::encode(9, 1, &req), 1)?;
    let r = ProduceResponse::decode(&mut body, 9).ok()?;
    let p = &r.responses[0].partition_responses[0];
    Some((p.error_code, p.base_offset))
}

/// Produces batches with consecutive sequences until `stop`; after a failed exchange the same
/// batch is sent again (idempotence must deduplicate it if it was stored before the crash).
fn producer(addr: String, index: usize, stop: Arc<AtomicBool>, acks: Arc<Mutex<Vec<Ack>>>) {
    let deadline = Instant::now() + Duration::from_secs(60);
    let (producer_id, epoch) = loop {
        if let Some(id) = init_producer_id(&addr) {
            break id;
        }
        assert!(
            Instant::now() < deadline,
            "producer {index} got no producer id"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    let partition = index as i32 % PARTITIONS;
    let mut sequence = 0i32;
    while !stop.load(Ordering::Relaxed) {
        let mut b = batch::builder::BatchBuilder::new().producer(producer_id, epoch, sequence);
        for r in 0..RECORDS_PER_BATCH {
            let value = format!("p{producer_id}-s{}", sequence as usize + r);
            b = b.record(r as i64, None, Some(value.as_bytes()));
        }
        let batch = Bytes::from(b.build());
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            assert!(
                Instant::now() < deadline,
                "producer {index} could not get batch {sequence} acknowledged"
            );
            match produce(&addr, partition, &batch) {
                Some((0, base_offset)) => {
                    acks.lock().unwrap().push(Ack {
                        partition,
                        base_offset,
                        producer_id,
                        base_sequence: sequence,
                    });
                    break;
                }
                Some((code, _)) => panic!("producer {index} batch {sequence}: error {code}"),
                None => std::thread::sleep(Duration::from_millis(20)),
            }
        }
        sequence += RECORDS_PER_BATCH as i32;
    }
}

/// A Fetch v12 (no session) of up to 1 MiB from one partition that does not wait for data.
pub(crate) fn fetch_now(topic: TopicName, partition: i32, offset: i64) -> FetchRequest {
    FetchRequest::default()
        .with_replica_id(BrokerId(-1))
        .with_max_wait_ms(0)
        .with_max_bytes(1 << 20)
        .with_session_epoch(-1)
        .with_topics(vec![FetchTopic::default()
            .with_topic(topic)
            .with_partitions(vec![FetchPartition::default()
                .with_partition(partition)
                .with_fetch_offset(offset)
                .with_partition_max_bytes(1 << 20)])])
}

/// Every batch of a partition, by reading it from offset 0 with Fetch.
fn read_all(addr: &str, partition: i32) -> Vec<(batch::BatchHeader, Bytes)> {
    let mut out = Vec::new();
    let mut offset = 0i64;
    loop {
        let req = fetch_now(name(), partition, offset);
        let mut body =
            exchange(addr, &Wire::encode(12, 1, &req), 1).expect("fetch after the last restart");
        let r = FetchResponse::decode(&mut body, 12).unwrap();
        let p = &r.responses[0].partitions[0];
        assert_eq!(p.error_code, 0, "fetch partition {partition} at {offset}");
        let mut records = p.records.clone().unwrap_or_default();
        if records.is_empty() {
            assert_eq!(
                offset, p.high_watermark,
                "stopped before the high watermark"
            );
            return out;
        }
        while records.len() >= batch::BATCH_HEADER_BYTES {
            let header = batch::BatchHeader::parse(&records).unwrap();
            if header.batch_size() > records.len() {
                break;
            }
            let bytes = records.split_to(header.batch_size());
            batch::check_batch(&bytes).unwrap_or_else(|e| {
                panic!("corrupt batch served at {}: {e:?}", header.base_offset)
            });
            offset = header.last_offset() + 1;
            out.push((header, bytes));
        }
    }
}

#[test]
fn acknowledged_idempotent_writes_survive_repeated_sigkill() {
    let seed = harness::seed("crash_sigkill_loop");
    let mut rng = seed | 1;
    let mut next = move || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    let mut broker = Broker::start();
    let addr = broker.bootstrap();
    let mut admin = Wire::connect(&addr);
    let created = admin.call(
        7,
        &CreateTopicsRequest::default()
            .with_timeout_ms(5000)
            .with_topics(vec![CreatableTopic::default()
                .with_name(name())
                .with_num_partitions(PARTITIONS)
                .with_replication_factor(1)]),
    );
    assert_eq!(created.topics[0].error_code, 0);
    drop(admin);

    let stop = Arc::new(AtomicBool::new(false));
    let acks = Arc::new(Mutex::new(Vec::new()));
    let producers: Vec<_> = (0..PRODUCERS)
        .map(|i| {
            let (addr, stop, acks) = (addr.clone(), stop.clone(), acks.clone());
            std::thread::spawn(move || producer(addr, i, stop, acks))
        })
        .collect();
    let mut acked_at_restart = 0;
    for kill in 0..KILLS {
        // Fault timing, not settling: the crash lands at a seeded moment mid-stream.
        std::thread::sleep(Duration::from_millis(100 + next() % 400));
        broker.kill9();
        // Fault timing, not settling: the broker stays down a seeded while.
        std::thread::sleep(Duration::from_millis(next() % 100));
        broker.restart();
        acked_at_restart = acks.lock().unwrap().len();
        eprintln!("kill {kill}: {acked_at_restart} batches acknowledged so far");
    }
    // The last broker takes writes too: every producer gets a batch acknowledged by it.
    let deadline = Instant::now() + Duration::from_secs(60);
    let acked_by_last = |acks: &[Ack]| {
        let producers: HashSet<i64> = acks[acked_at_restart..]
            .iter()
            .map(|a| a.producer_id)
            .collect();
        producers.len()
    };
    while acked_by_last(&acks.lock().unwrap()) < PRODUCERS {
        assert!(
            Instant::now() < deadline,
            "not every producer got a batch acknowledged after the last restart"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    stop.store(true, Ordering::Relaxed);
    for p in producers {
        p.join().expect("producer thread");
    }

    let acks = acks.lock().unwrap().clone();
    assert!(
        acks.len() > KILLS,
        "too few acknowledged batches to mean anything: {}",
        acks.len()
    );
    for partition in 0..PARTITIONS {
        let stored = read_all(&addr, partition);
        let mut expected_offset = 0;
        let mut seen = HashSet::new();
        let mut by_offset = BTreeMap::new();
        for (header, _) in &stored {
            assert_eq!(
                header.base_offset, expected_offset,
                "offsets dense in partition {partition}"
            );
            expected_offset = header.last_offset() + 1;
            assert!(
                seen.insert((header.producer_id, header.base_sequence)),
                "duplicate batch {}/{} in partition {partition}",
                header.producer_id,
                header.base_sequence
            );
            by_offset.insert(header.base_offset, *header);
        }
        for ack in acks.iter().filter(|a| a.partition == partition) {
            let h = by_offset.get(&ack.base_offset).unwrap_or_else(|| {
                panic!(
                    "acknowledged batch lost (seed {seed}): {ack:?}\n{}",
                    broker.logs()
                )
            });
            assert_eq!(
                (h.producer_id, h.base_sequence),
                (ack.producer_id, ack.base_sequence),
                "{ack:?}"
            );
        }
    }
    eprintln!(
        "{} acknowledged batches verified after {KILLS} SIGKILLs",
        acks.len()
    );
}
