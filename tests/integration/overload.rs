//! Overload: 2,000 idle connections, 200 slowloris connections that each claim a 100 MiB
//! request and dribble its bytes, and a pipelined flood of Metadata requests, all at once,
//! while a normal producer produces and reads back. The broker must keep serving the producer
//! correctly (every produce acknowledged at the next offset, every batch read back byte for
//! byte) and answer the flood correctly. Timings are measured by `perf/overload`, not here.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use batch::builder::simple_batch;
use bytes::Bytes;
use kafka_protocol::messages::create_topics_request::{CreatableTopic, CreateTopicsRequest};
use kafka_protocol::messages::metadata_request::MetadataRequest;
use kafka_protocol::messages::{MetadataResponse, TopicName};
use kafka_protocol::protocol::{Decodable, StrBytes};

use crate::harness::{now_ms, Broker};
use crate::wire::Wire;

const IDLE_CONNECTIONS: usize = 2_000;
const SLOWLORIS_CONNECTIONS: usize = 200;
/// Each slowloris claims Kafka's default socket.request.max.bytes (100 MiB): together they
/// claim ~20 GiB, far past the per-shard request budget (1 GiB).
const SLOWLORIS_CLAIM_BYTES: i32 = 100 * 1024 * 1024;
const FLOOD_CONNECTIONS: usize = 4;
/// Metadata requests a flood connection keeps in flight (the broker reads at most
/// CONNECTION_IN_FLIGHT_MAX = 16 ahead, then stops reading that socket).
const FLOOD_PIPELINE: usize = 64;
const PRODUCE_ROUNDS: usize = 200;
const TOPIC: &str = "overload";

/// File descriptors: the test holds ~2,300 sockets and the broker (our child, which inherits
/// the limit) as many.
fn raise_open_files_limit() {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit/setrlimit with a valid pointer to an rlimit.
    unsafe {
        assert_eq!(libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit), 0);
        limit.rlim_cur = limit.rlim_max.min(65_536);
        assert_eq!(libc::setrlimit(libc::RLIMIT_NOFILE, &limit), 0);
    }
    assert!(
        limit.rlim_cur >= 8_192,
        "RLIMIT_NOFILE hard limit {} is too low for this test",
        limit.rlim_max
    );
}

fn topic() -> TopicName {
    TopicName(StrBytes::from_static_str(TOPIC))
}

/// A thread per slowloris connection would be 200 threads: one thread dribbles all of them.
fn slowloris(
    addr: String,
    stop: Arc<AtomicBool>,
    bytes_sent: Arc<AtomicU64>,
) -> thread::JoinHandle<usize> {
    thread::spawn(move || {
        let mut conns: Vec<TcpStream> = (0..SLOWLORIS_CONNECTIONS)
            .map(|_| {
                let mut s = TcpStream::connect(&addr).expect("slowloris connect");
                s.write_all(&SLOWLORIS_CLAIM_BYTES.to_be_bytes())
                    .expect("size prefix");
                s
            })
            .collect();
        while !stop.load(Ordering::Relaxed) {
            conns.retain_mut(|s| s.write_all(&[0u8; 16]).is_ok());
            bytes_sent.fetch_add(16 * conns.len() as u64, Ordering::Relaxed);
            // Load pacing, not settling: the slowloris's dribble rate.
            thread::sleep(Duration::from_millis(50));
        }
        conns.len()
    })
}

/// Pipelines Metadata requests on one connection, checking every answer; returns how many.
fn metadata_flood(addr: String, stop: Arc<AtomicBool>) -> thread::JoinHandle<u64> {
    thread::spawn(move || {
        let mut w = Wire::connect(&addr);
        let request = MetadataRequest::default().with_topics(None);
        let mut answered = 0u64;
        while !stop.load(Ordering::Relaxed) {
            let mut frames = Vec::new();
            for i in 0..FLOOD_PIPELINE {
                frames.extend_from_slice(&framed(&Wire::encode(12, i as i32, &request)));
            }
            w.send_raw(&frames);
            for i in 0..FLOOD_PIPELINE {
                let mut body = w.recv_frame();
                let header =
                    kafka_protocol::messages::ResponseHeader::decode(&mut body, 1).expect("header");
                assert_eq!(
                    header.correlation_id, i as i32,
                    "responses in request order"
                );
                let r = MetadataResponse::decode(&mut body, 12).expect("metadata response");
                assert_eq!(r.brokers.len(), 1, "metadata answer names the broker");
                answered += 1;
            }
        }
        answered
    })
}

fn framed(body: &[u8]) -> Vec<u8> {
    let mut out = (body.len() as i32).to_be_bytes().to_vec();
    out.extend_from_slice(body);
    out
}

/// Produces a batch, checks its offset, fetches it back byte for byte.
fn produce_and_read_back(w: &mut Wire, round: usize) {
    let sent = simple_batch(3, 200, now_ms());
    let req = crate::crash::produce_acks_all(topic(), 0, Bytes::from(sent.clone()));
    let r = w.call(9, &req);
    let p = &r.responses[0].partition_responses[0];
    assert_eq!(
        (p.error_code, p.base_offset),
        (0, 3 * round as i64),
        "produce {round}"
    );
    let f = w.call(12, &crate::crash::fetch_now(topic(), 0, p.base_offset));
    let records = f.responses[0].partitions[0]
        .records
        .clone()
        .expect("records");
    assert!(
        records.len() >= sent.len(),
        "fetch {round} returned the batch"
    );
    assert_eq!(
        &records[21..sent.len()],
        &sent[21..],
        "batch {round} read back"
    );
}

#[test]
fn a_producer_is_served_through_idle_slowloris_and_metadata_floods() {
    raise_open_files_limit();
    let broker = Broker::start_with(&[("connections.max.idle.ms", "120000")]);
    let addr = broker.bootstrap();
    let mut w = Wire::connect(&addr);
    let create = CreateTopicsRequest::default()
        .with_timeout_ms(10_000)
        .with_topics(vec![CreatableTopic::default()
            .with_name(topic())
            .with_num_partitions(1)
            .with_replication_factor(1)]);
    assert_eq!(w.call(5, &create).topics[0].error_code, 0);

    let idle: Vec<TcpStream> = (0..IDLE_CONNECTIONS)
        .map(|i| TcpStream::connect(&addr).unwrap_or_else(|e| panic!("idle connection {i}: {e}")))
        .collect();
    let stop = Arc::new(AtomicBool::new(false));
    let dribbled = Arc::new(AtomicU64::new(0));
    let lorises = slowloris(addr.clone(), stop.clone(), dribbled.clone());
    let floods: Vec<_> = (0..FLOOD_CONNECTIONS)
        .map(|_| metadata_flood(addr.clone(), stop.clone()))
        .collect();

    for round in 0..PRODUCE_ROUNDS {
        produce_and_read_back(&mut w, round);
    }
    // A new client can still connect and produce while all of that is going on.
    let mut late = Wire::connect(&addr);
    produce_and_read_back(&mut late, PRODUCE_ROUNDS);

    stop.store(true, Ordering::Relaxed);
    let answered: u64 = floods
        .into_iter()
        .map(|t| t.join().expect("flood thread"))
        .sum();
    let lorises_open = lorises.join().expect("slowloris thread");
    assert!(answered > 0, "the Metadata flood was answered");
    assert_eq!(
        lorises_open, SLOWLORIS_CONNECTIONS,
        "slowloris connections stay until idle"
    );
    let mut still_open = 0;
    for mut s in idle {
        s.set_read_timeout(Some(Duration::from_millis(1))).unwrap();
        let mut b = [0u8; 1];
        if matches!(s.read(&mut b), Err(e) if e.kind() == std::io::ErrorKind::WouldBlock) {
            still_open += 1;
        }
    }
    assert_eq!(
        still_open, IDLE_CONNECTIONS,
        "idle connections were kept (not yet idle)"
    );
    eprintln!(
        "overload: {answered} Metadata answers, {} bytes dribbled by slowloris",
        dribbled.load(Ordering::Relaxed)
    );
}

/// A request whose bytes trickle in for longer than connections.max.idle.ms is cut, with a
/// rejection counted and logged: a slowloris is as idle as a silent client.
#[test]
fn slowloris_requests_are_cut_at_the_idle_timeout() {
    let broker = Broker::start_with(&[("connections.max.idle.ms", "1000")]);
    let mut s = TcpStream::connect(broker.bootstrap()).expect("connect");
    s.write_all(&1_000i32.to_be_bytes()).unwrap();
    let mut closed = false;
    for _ in 0..300 {
        if s.write_all(&[0u8]).is_err() {
            closed = true;
            break;
        }
        // Load pacing, not settling: one byte per 100 ms until the broker cuts the frame.
        thread::sleep(Duration::from_millis(100));
    }
    assert!(closed, "a frame dribbled for 30 s was never cut");
    assert!(
        broker.logs().contains("slow_body"),
        "the cut is logged with its reason\n{}",
        broker.logs()
    );
}
