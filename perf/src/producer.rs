//! One producer thread: batches records per partition, pipelines Produce requests to each
//! partition leader (one connection per leader, a reader thread per connection), paces to a
//! target rate open-loop, and measures publish latency from each record's intended send time.

use crate::cluster::{TopicLayout, PRODUCE_VERSIONS};
use crate::compression::Compression;
use crate::filler::Filler;
use crate::records::{BatchBuilder, RECORD_OVERHEAD_BYTES_MAX, SEND_TIME_BYTES};
use crate::stats::{record_latency, Clock, Tally, Window};
use crate::wire::{decode_response, encode_request, read_frame, Connection};
use crate::{is_retriable, ErrorLog};
use anyhow::{bail, Context, Result};
use bytes::Bytes;
use kafka_protocol::messages::produce_request::{PartitionProduceData, TopicProduceData};
use kafka_protocol::messages::{ApiKey, ProduceRequest, ProduceResponse, TopicName};
use kafka_protocol::protocol::StrBytes;
use std::collections::{BTreeMap, VecDeque};
use std::io::Write;
use std::net::{Shutdown, TcpStream};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::{self, JoinHandle};
use std::time::Duration;

/// Attempts per batch on retriable errors. Reason: Kafka retries until delivery.timeout.ms;
/// a few attempts cover a leader hiccup without hiding a broken broker.
const ATTEMPTS_MAX: u32 = 5;
/// The broker-side wait for acks, as Kafka's request.timeout.ms default.
const PRODUCE_TIMEOUT_MS: i32 = 30_000;
/// How long the writer waits at most per wake-up for an in-flight slot, to re-check deadlines.
const SLOT_POLL: Duration = Duration::from_millis(50);

/// What a producer thread is told.
#[derive(Clone, Debug)]
pub struct ProducerOptions {
    pub index: usize,
    pub layout: TopicLayout,
    pub acks: i16,
    pub linger_ns: u64,
    pub batch_bytes: usize,
    /// A Produce request carries batches up to this many bytes (at least one batch), as the
    /// Java producer drains a node's ready batches up to `max.request.size`.
    pub max_request_bytes: usize,
    pub max_in_flight: usize,
    pub compression: Compression,
    pub record_bytes: usize,
    /// Records per second for this thread; `None` = as fast as possible.
    pub rate_per_s: Option<f64>,
    pub clock: Clock,
    /// When producing begins (warm-up start).
    pub start_ns: u64,
    pub window: Window,
    /// When to give up on records still owed (open-loop backlog) and on acks.
    pub hard_stop_ns: u64,
}

impl ProducerOptions {
    /// A batch is full at `batch_bytes`, or when one more record could take it over the
    /// topic's `max.message.bytes` (MESSAGE_TOO_LARGE) — whichever comes first. The limit is
    /// checked on uncompressed bytes; compressed batches only come out smaller for the
    /// bench's text-like filler.
    fn is_full(&self, builder: &BatchBuilder) -> bool {
        let record_bytes_max = self.record_bytes + RECORD_OVERHEAD_BYTES_MAX;
        let size_bytes = builder.size_bytes();
        size_bytes >= self.batch_bytes
            || size_bytes + record_bytes_max > self.layout.max_message_bytes
    }
}

/// A batch on its way, with the send times of its records.
#[derive(Debug)]
struct SentBatch {
    partition: i32,
    bytes: Bytes,
    send_times_ns: Vec<u64>,
    attempts: u32,
}

#[derive(Debug)]
struct Request {
    correlation_id: i32,
    batches: Vec<SentBatch>,
}

/// The requests awaiting a response on one connection.
#[derive(Debug, Default)]
struct InFlight {
    state: Mutex<InFlightState>,
    changed: Condvar,
}

#[derive(Debug, Default)]
struct InFlightState {
    requests: VecDeque<Request>,
    /// Set by the writer before it shuts the socket: a read error is then the end, not a fault.
    closing: bool,
    /// Set by the reader when the connection failed.
    broken: bool,
    /// The reader has taken a request off the queue and not yet handed back its retries.
    completing: bool,
}

impl InFlight {
    fn lock(&self) -> std::sync::MutexGuard<'_, InFlightState> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Records being batched for one partition.
#[derive(Debug, Default)]
struct Pending {
    builder: BatchBuilder,
    send_times_ns: Vec<u64>,
}

/// One connection to a partition leader.
struct Link {
    stream: TcpStream,
    version: i16,
    next_correlation_id: i32,
    pending: BTreeMap<i32, Pending>,
    in_flight: Arc<InFlight>,
    reader: Option<JoinHandle<Tally>>,
}

/// The producer thread's body; returns what it measured.
pub fn run(options: ProducerOptions, errors: Arc<ErrorLog>) -> Result<Tally> {
    let (retry_tx, retry_rx) = mpsc::channel();
    let mut producer = Producer::connect(&options, errors, retry_tx)?;
    let produced = producer.produce(&options, &retry_rx);
    let mut tally = producer.close(&options);
    if let Err(err) = produced {
        producer
            .errors
            .report(format!("producer {}: {err:#}", options.index));
        tally.errors += 1;
    }
    Ok(tally)
}

struct Producer {
    topic: TopicName,
    /// Partition → its leader's node id (a key of `links`).
    leader_of: BTreeMap<i32, i32>,
    links: BTreeMap<i32, Link>,
    partitions: Vec<i32>,
    filler: Filler,
    index: usize,
    tally: Tally,
    errors: Arc<ErrorLog>,
}

impl Producer {
    fn connect(
        options: &ProducerOptions,
        errors: Arc<ErrorLog>,
        retry_tx: Sender<SentBatch>,
    ) -> Result<Producer> {
        let layout = &options.layout;
        let mut links = BTreeMap::new();
        for &leader in layout.leaders.values() {
            if links.contains_key(&leader) {
                continue;
            }
            let link = Link::open(layout.address_of(leader)?, options, &errors, &retry_tx)?;
            links.insert(leader, link);
        }
        Ok(Producer {
            topic: TopicName(StrBytes::from_string(layout.topic.clone())),
            leader_of: layout.leaders.clone(),
            links,
            partitions: layout.partitions(),
            filler: Filler::new(options.record_bytes - SEND_TIME_BYTES),
            index: options.index,
            tally: Tally::new(),
            errors,
        })
    }

    /// Generates, batches and sends until the window ends (rate mode: until every record
    /// due before the end is sent, or the hard stop).
    fn produce(&mut self, options: &ProducerOptions, retries: &Receiver<SentBatch>) -> Result<()> {
        let clock = options.clock;
        let interval_ns = options.rate_per_s.map(|rate| 1e9 / rate);
        let mut sequence = 0u64;
        loop {
            let now_ns = clock.now_ns();
            if now_ns >= options.hard_stop_ns {
                break;
            }
            let done = match interval_ns {
                Some(interval_ns) => {
                    let due_ns = |k: u64| options.start_ns + (k as f64 * interval_ns) as u64;
                    while due_ns(sequence) <= now_ns && due_ns(sequence) < options.window.end_ns {
                        let full = self.push(sequence, due_ns(sequence), options);
                        sequence += 1;
                        if full {
                            // A backlog must not grow one batch past max.message.bytes.
                            self.send_ready(options, false)?;
                        }
                    }
                    due_ns(sequence) >= options.window.end_ns
                }
                None => {
                    let until_full = self.fill(sequence, options);
                    sequence += until_full;
                    now_ns >= options.window.end_ns
                }
            };
            while let Ok(batch) = retries.try_recv() {
                self.send_retry(batch, options)?;
            }
            self.send_ready(options, done)?;
            if done {
                return self.finish_retries(options, retries);
            }
            if let Some(interval_ns) = interval_ns {
                let next_due_ns = options.start_ns + (sequence as f64 * interval_ns) as u64;
                self.sleep_until(options, next_due_ns);
            }
        }
        Ok(())
    }

    /// After the last batch: resends retried batches while acks are outstanding.
    fn finish_retries(
        &mut self,
        options: &ProducerOptions,
        retries: &Receiver<SentBatch>,
    ) -> Result<()> {
        while options.clock.now_ns() < options.hard_stop_ns {
            match retries.recv_timeout(SLOT_POLL) {
                Ok(batch) => self.send_retry(batch, options)?,
                Err(_) if self.links.values().all(Link::is_idle) => return Ok(()),
                Err(_) => {}
            }
        }
        Ok(())
    }

    /// Max-rate mode: pushes records with the current time until a batch is full.
    fn fill(&mut self, first: u64, options: &ProducerOptions) -> u64 {
        let mut sequence = first;
        loop {
            let full = self.push(sequence, options.clock.now_ns(), options);
            sequence += 1;
            if full {
                return sequence - first;
            }
        }
    }

    /// Appends one record to its partition's batch; true when that batch is now full.
    fn push(&mut self, sequence: u64, send_time_ns: u64, options: &ProducerOptions) -> bool {
        // Producers start on different partitions so they do not move in lockstep.
        let offset = (sequence as usize).wrapping_add(self.index);
        let partition = self.partitions[offset % self.partitions.len()];
        let leader = self.leader_of[&partition];
        let link = self.links.get_mut(&leader).expect("a link per leader");
        let pending = link.pending.entry(partition).or_default();
        pending
            .builder
            .push(send_time_ns, self.filler.for_record(sequence));
        pending.send_times_ns.push(send_time_ns);
        options.is_full(&pending.builder)
    }

    /// Sends each link's batches when one is full, the oldest has lingered long enough, or
    /// production is over.
    fn send_ready(&mut self, options: &ProducerOptions, done: bool) -> Result<()> {
        let now_ns = options.clock.now_ns();
        let leaders: Vec<i32> = self.links.keys().copied().collect();
        for leader in leaders {
            let link = &self.links[&leader];
            if done || link.is_ready(now_ns, options) {
                self.send_link(leader, options)?;
            }
        }
        Ok(())
    }

    fn send_link(&mut self, leader: i32, options: &ProducerOptions) -> Result<()> {
        let link = self.links.get_mut(&leader).expect("leader has a link");
        let mut batches = Vec::new();
        for (partition, pending) in std::mem::take(&mut link.pending) {
            if pending.builder.is_empty() {
                continue;
            }
            let mut builder = pending.builder;
            batches.push(SentBatch {
                partition,
                bytes: builder.finish(options.compression)?,
                send_times_ns: pending.send_times_ns,
                attempts: 1,
            });
        }
        for request in requests_within(batches, options.max_request_bytes) {
            self.send(leader, request, options)?;
        }
        Ok(())
    }

    fn send_retry(&mut self, mut batch: SentBatch, options: &ProducerOptions) -> Result<()> {
        batch.attempts += 1;
        let leader = self.leader_of[&batch.partition];
        self.send(leader, vec![batch], options)
    }

    fn send(
        &mut self,
        leader: i32,
        batches: Vec<SentBatch>,
        options: &ProducerOptions,
    ) -> Result<()> {
        if batches.is_empty() {
            return Ok(());
        }
        let link = self.links.get_mut(&leader).expect("leader has a link");
        let request = produce_request(&self.topic, options.acks, &batches);
        let correlation_id = link.next_correlation_id;
        link.next_correlation_id = link.next_correlation_id.wrapping_add(1);
        let frame = encode_request(&request, link.version, correlation_id)?;
        if options.acks == 0 {
            link.stream.write_all(&frame).context("writing Produce")?;
            let now_ns = options.clock.now_ns();
            for batch in &batches {
                count_acked(&mut self.tally, batch, options, now_ns, false);
            }
            return Ok(());
        }
        link.wait_for_slot(options)?;
        link.in_flight.lock().requests.push_back(Request {
            correlation_id,
            batches,
        });
        link.stream.write_all(&frame).context("writing Produce")?;
        Ok(())
    }

    /// Sleeps until `wake_ns` or the earliest linger deadline, whichever is first.
    fn sleep_until(&self, options: &ProducerOptions, wake_ns: u64) {
        let linger_ns = self
            .links
            .values()
            .filter_map(|link| link.oldest_ns())
            .min()
            .map(|oldest| oldest + options.linger_ns)
            .unwrap_or(u64::MAX);
        let wake_ns = wake_ns.min(linger_ns).min(options.hard_stop_ns);
        let now_ns = options.clock.now_ns();
        if wake_ns > now_ns {
            thread::sleep(Duration::from_nanos(wake_ns - now_ns));
        }
    }

    /// Waits for outstanding acks (until the hard stop), closes connections, joins readers.
    fn close(&mut self, options: &ProducerOptions) -> Tally {
        let mut tally = std::mem::take(&mut self.tally);
        for link in self.links.values_mut() {
            link.drain(options);
            if let Some(reader) = link.reader.take() {
                match reader.join() {
                    Ok(reader_tally) => tally.merge(&reader_tally),
                    Err(_) => tally.errors += 1,
                }
            }
        }
        tally
    }
}

impl Link {
    fn open(
        address: &str,
        options: &ProducerOptions,
        errors: &Arc<ErrorLog>,
        retry_tx: &Sender<SentBatch>,
    ) -> Result<Link> {
        let connection = Connection::connect(address)?;
        let version = connection
            .versions
            .pick(ApiKey::Produce, PRODUCE_VERSIONS)?;
        let stream = connection.stream;
        stream.set_read_timeout(None)?;
        let in_flight = Arc::new(InFlight::default());
        let reader = if options.acks == 0 {
            None
        } else {
            let context = ReaderContext {
                stream: stream.try_clone()?,
                version,
                in_flight: Arc::clone(&in_flight),
                retry_tx: retry_tx.clone(),
                errors: Arc::clone(errors),
                options: options.clone(),
            };
            Some(thread::spawn(move || context.run()))
        };
        Ok(Link {
            stream,
            version,
            next_correlation_id: 0,
            pending: BTreeMap::new(),
            in_flight,
            reader,
        })
    }

    /// No request awaits a response (or none ever will: the connection broke).
    fn is_idle(&self) -> bool {
        let state = self.in_flight.lock();
        (state.requests.is_empty() && !state.completing) || state.broken
    }

    fn oldest_ns(&self) -> Option<u64> {
        self.pending
            .values()
            .filter_map(|pending| pending.send_times_ns.first().copied())
            .min()
    }

    fn is_ready(&self, now_ns: u64, options: &ProducerOptions) -> bool {
        let full = self
            .pending
            .values()
            .any(|pending| options.is_full(&pending.builder));
        let lingered = self
            .oldest_ns()
            .is_some_and(|oldest| now_ns >= oldest + options.linger_ns);
        full || lingered
    }

    fn wait_for_slot(&self, options: &ProducerOptions) -> Result<()> {
        let mut state = self.in_flight.lock();
        while state.requests.len() >= options.max_in_flight {
            if state.broken {
                bail!("connection to the leader failed");
            }
            if options.clock.now_ns() >= options.hard_stop_ns {
                bail!("no Produce response before the hard stop");
            }
            state = self
                .in_flight
                .changed
                .wait_timeout(state, SLOT_POLL)
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .0;
        }
        if state.broken {
            bail!("connection to the leader failed");
        }
        Ok(())
    }

    fn drain(&mut self, options: &ProducerOptions) {
        let mut state = self.in_flight.lock();
        while !state.requests.is_empty() && !state.broken {
            if options.clock.now_ns() >= options.hard_stop_ns {
                break;
            }
            state = self
                .in_flight
                .changed
                .wait_timeout(state, SLOT_POLL)
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .0;
        }
        state.closing = true;
        drop(state);
        let _ = self.stream.shutdown(Shutdown::Both);
    }
}

/// Splits a link's batches into Produce requests of at most `max_request_bytes` of record
/// batches each, a batch larger than that alone in its request (Java's
/// `RecordAccumulator.drain` with `max.request.size`).
fn requests_within(batches: Vec<SentBatch>, max_request_bytes: usize) -> Vec<Vec<SentBatch>> {
    let mut requests: Vec<Vec<SentBatch>> = Vec::new();
    let mut size = 0;
    for batch in batches {
        let bytes = batch.bytes.len();
        match requests.last_mut() {
            Some(request) if size + bytes <= max_request_bytes => {
                size += bytes;
                request.push(batch);
            }
            _ => {
                size = bytes;
                requests.push(vec![batch]);
            }
        }
    }
    requests
}

fn produce_request(topic: &TopicName, acks: i16, batches: &[SentBatch]) -> ProduceRequest {
    let partition_data = batches
        .iter()
        .map(|batch| {
            PartitionProduceData::default()
                .with_index(batch.partition)
                .with_records(Some(batch.bytes.clone()))
        })
        .collect();
    ProduceRequest::default()
        .with_acks(acks)
        .with_timeout_ms(PRODUCE_TIMEOUT_MS)
        .with_topic_data(vec![TopicProduceData::default()
            .with_name(topic.clone())
            .with_partition_data(partition_data)])
}

/// Counts a delivered batch; publish latency only when the broker acknowledged it.
fn count_acked(
    tally: &mut Tally,
    batch: &SentBatch,
    options: &ProducerOptions,
    now_ns: u64,
    acknowledged: bool,
) {
    tally.records_all += batch.send_times_ns.len() as u64;
    for &send_ns in &batch.send_times_ns {
        if options.window.contains(send_ns) {
            tally.records += 1;
            tally.value_bytes += options.record_bytes as u64;
            if acknowledged {
                record_latency(&mut tally.latency, now_ns.saturating_sub(send_ns));
            }
        }
    }
}

/// Everything a connection's reader thread needs.
struct ReaderContext {
    stream: TcpStream,
    version: i16,
    in_flight: Arc<InFlight>,
    retry_tx: Sender<SentBatch>,
    errors: Arc<ErrorLog>,
    options: ProducerOptions,
}

impl ReaderContext {
    fn run(mut self) -> Tally {
        let mut tally = Tally::new();
        loop {
            let frame = match read_frame(&mut self.stream) {
                Ok(frame) => frame,
                Err(err) => {
                    self.fail(&mut tally, format!("reading Produce response: {err}"));
                    return tally;
                }
            };
            if let Err(err) = self.complete(frame, &mut tally) {
                self.fail(&mut tally, format!("{err:#}"));
                return tally;
            }
        }
    }

    /// Marks the connection broken unless the writer is closing it.
    fn fail(&self, tally: &mut Tally, what: String) {
        let mut state = self.in_flight.lock();
        if !state.closing {
            state.broken = true;
            tally.errors += 1;
            self.errors
                .report(format!("producer {}: {what}", self.options.index));
        }
        drop(state);
        self.in_flight.changed.notify_all();
    }

    fn complete(&self, frame: Bytes, tally: &mut Tally) -> Result<()> {
        let now_ns = self.options.clock.now_ns();
        let request = {
            let mut state = self.in_flight.lock();
            state.completing = true;
            state.requests.pop_front()
        }
        .context("a Produce response with no request in flight")?;
        self.in_flight.changed.notify_all();
        let result = self.complete_request(request, frame, now_ns, tally);
        self.in_flight.lock().completing = false;
        self.in_flight.changed.notify_all();
        result
    }

    fn complete_request(
        &self,
        request: Request,
        frame: Bytes,
        now_ns: u64,
        tally: &mut Tally,
    ) -> Result<()> {
        let (correlation_id, response) =
            decode_response::<ProduceRequest>(frame, self.version).context("decoding Produce")?;
        if correlation_id != request.correlation_id {
            bail!(
                "Produce response correlation id {correlation_id}, expected {}",
                request.correlation_id
            );
        }
        let codes = partition_codes(&response);
        for batch in request.batches {
            match codes.get(&batch.partition) {
                Some(0) => count_acked(tally, &batch, &self.options, now_ns, true),
                Some(&code) => self.failed(tally, batch, code),
                None => {
                    tally.errors += 1;
                    self.errors.report(format!(
                        "partition {} missing from Produce response",
                        batch.partition
                    ));
                }
            }
        }
        Ok(())
    }

    fn failed(&self, tally: &mut Tally, batch: SentBatch, code: i16) {
        if is_retriable(code) && batch.attempts < ATTEMPTS_MAX {
            let _ = self.retry_tx.send(batch);
            return;
        }
        tally.errors += 1;
        self.errors.report(format!(
            "Produce to partition {}: error code {code} after {} attempt(s)",
            batch.partition, batch.attempts
        ));
    }
}

fn partition_codes(response: &ProduceResponse) -> BTreeMap<i32, i16> {
    response
        .responses
        .iter()
        .flat_map(|topic| &topic.partition_responses)
        .map(|partition| (partition.index, partition.error_code))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::Window;

    fn options(
        batch_bytes: usize,
        max_message_bytes: usize,
        record_bytes: usize,
    ) -> ProducerOptions {
        ProducerOptions {
            index: 0,
            layout: TopicLayout {
                topic: "t".to_string(),
                leaders: BTreeMap::from([(0, 1)]),
                addresses: BTreeMap::from([(1, "127.0.0.1:9".to_string())]),
                max_message_bytes,
                replicas: BTreeMap::new(),
            },
            acks: -1,
            linger_ns: 0,
            batch_bytes,
            max_request_bytes: 1 << 20,
            max_in_flight: 1,
            compression: Compression::None,
            record_bytes,
            rate_per_s: None,
            clock: Clock::start(),
            start_ns: 0,
            window: Window {
                start_ns: 0,
                end_ns: 0,
            },
            hard_stop_ns: 0,
        }
    }

    /// Fills a batch the way the producer does (push, then ask whether it is full) and
    /// returns its encoded size.
    fn fill_one(options: &ProducerOptions) -> usize {
        let filler = Filler::new(options.record_bytes - SEND_TIME_BYTES);
        let mut builder = BatchBuilder::new();
        let mut sequence = 0;
        loop {
            builder.push(u64::MAX - sequence, filler.for_record(sequence));
            sequence += 1;
            if options.is_full(&builder) {
                return builder.finish(Compression::None).unwrap().len();
            }
        }
    }

    #[test]
    fn requests_hold_batches_up_to_max_request_bytes() {
        let batch = |partition: i32, len: usize| SentBatch {
            partition,
            bytes: Bytes::from(vec![0u8; len]),
            send_times_ns: Vec::new(),
            attempts: 1,
        };
        let partitions = |requests: &[Vec<SentBatch>]| -> Vec<Vec<i32>> {
            requests
                .iter()
                .map(|r| r.iter().map(|b| b.partition).collect())
                .collect()
        };
        // Four 300-byte batches in 1,000 bytes: three, then one.
        let four = (0..4).map(|p| batch(p, 300)).collect();
        assert_eq!(
            partitions(&requests_within(four, 1000)),
            [vec![0, 1, 2], vec![3]]
        );
        // A batch over the limit still goes, alone.
        let big = vec![batch(0, 10), batch(1, 2000), batch(2, 10)];
        assert_eq!(
            partitions(&requests_within(big, 1000)),
            [vec![0], vec![1], vec![2]]
        );
        assert!(requests_within(Vec::new(), 1000).is_empty());
    }

    #[test]
    fn a_batch_never_exceeds_max_message_bytes() {
        for (batch_bytes, max_message_bytes, record_bytes) in [
            (262_144, 1_048_588, 1024),
            (4 << 20, 1_048_588, 1024),
            (4 << 20, 1_048_588, 100),
            (4 << 20, 100_000, 9_999),
            (4 << 20, 2_000, 1_900),
        ] {
            let options = options(batch_bytes, max_message_bytes, record_bytes);
            let size = fill_one(&options);
            assert!(size <= max_message_bytes, "{size} > {max_message_bytes}");
            assert!(size <= batch_bytes + record_bytes + RECORD_OVERHEAD_BYTES_MAX);
        }
    }

    #[test]
    fn batch_bytes_still_decides_below_the_limit() {
        let options = options(16_384, 1_048_588, 1024);
        let size = fill_one(&options);
        assert!(
            (16_384..16_384 + 1024 + RECORD_OVERHEAD_BYTES_MAX).contains(&size),
            "{size}"
        );
    }
}
