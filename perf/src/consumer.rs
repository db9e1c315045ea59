//! One consumer fetch loop: long-polls Fetch from one leader for a set of partitions,
//! starting at their log end offsets, and measures end-to-end latency from the send time
//! carried at the start of each record value. No consumer groups.

use crate::cluster::{latest_offsets, FETCH_VERSIONS};
use crate::records::parse_fetched;
use crate::stats::{record_latency, Clock, Tally, Window};
use crate::wire::Connection;
use crate::{is_retriable, ErrorLog};
use anyhow::{Context, Result};
use kafka_protocol::messages::fetch_request::{FetchPartition, FetchTopic};
use kafka_protocol::messages::{ApiKey, BrokerId, FetchRequest, FetchResponse, TopicName};
use kafka_protocol::protocol::StrBytes;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Long-poll wait, as asked: the broker answers after 500 ms or as soon as 1 byte is there.
const FETCH_MAX_WAIT_MS: i32 = 500;
const FETCH_MIN_BYTES: i32 = 1;
/// Bytes per Fetch answer. Reason: enough for a 500 ms burst at several hundred MB/s, and
/// below Kafka's broker-side fetch.max.bytes (55 MiB).
const FETCH_MAX_BYTES: i32 = 50 * 1024 * 1024;
/// Bytes per partition per Fetch. Reason: a few producer batches; Kafka's default is 1 MiB,
/// which would cap a single-partition consumer near 2 MB per round trip.
const PARTITION_MAX_BYTES: i32 = 8 * 1024 * 1024;
/// How long consumers may drain after producers stop.
pub const DRAIN_S: u64 = 5;
/// Pause after a retriable fetch error before asking again.
const RETRY_PAUSE: Duration = Duration::from_millis(100);
/// Kafka's OFFSET_OUT_OF_RANGE code.
const OFFSET_OUT_OF_RANGE: i16 = 1;

/// Set by the coordinator when every producer has finished (0 = still producing).
#[derive(Debug, Default)]
pub struct ProducersDone {
    at_ns: AtomicU64,
}

impl ProducersDone {
    pub fn mark(&self, now_ns: u64) {
        self.at_ns.store(now_ns.max(1), Ordering::Release);
    }

    fn at_ns(&self) -> Option<u64> {
        Some(self.at_ns.load(Ordering::Acquire)).filter(|&at| at != 0)
    }
}

/// One fetch loop's assignment.
#[derive(Clone, Debug)]
pub struct ConsumerOptions {
    pub index: usize,
    pub topic: String,
    pub leader_address: String,
    pub partitions: Vec<i32>,
    pub clock: Clock,
}

/// A consumer connected and positioned at the log end; [`Consumer::run`] fetches.
pub struct Consumer {
    options: ConsumerOptions,
    connection: Connection,
    version: i16,
    /// Partition → next offset to fetch.
    positions: BTreeMap<i32, i64>,
    /// Partition → high watermark from the last answer.
    high_watermarks: BTreeMap<i32, i64>,
    tally: Tally,
    errors: Arc<ErrorLog>,
    window: Window,
    last_fetch_sent_ns: u64,
}

impl Consumer {
    /// Connects and reads the log end offsets (before producers start).
    pub fn connect(options: ConsumerOptions, errors: Arc<ErrorLog>) -> Result<Consumer> {
        let mut connection = Connection::connect(&options.leader_address)?;
        let version = connection.versions.pick(ApiKey::Fetch, FETCH_VERSIONS)?;
        let positions = latest_offsets(&mut connection, &options.topic, &options.partitions)?;
        Ok(Consumer {
            options,
            connection,
            version,
            high_watermarks: positions.clone(),
            positions,
            tally: Tally::new(),
            errors,
            window: Window {
                start_ns: 0,
                end_ns: 0,
            },
            last_fetch_sent_ns: 0,
        })
    }

    /// Fetches until producers are done and this consumer caught up, or the drain ends.
    /// Records count when sent within `window`.
    pub fn run(mut self, window: Window, producers_done: &ProducersDone) -> Tally {
        self.window = window;
        loop {
            if let Some(done_ns) = producers_done.at_ns() {
                let drain_over = self.options.clock.now_ns() >= done_ns + DRAIN_S * 1_000_000_000;
                // Only an answer to a fetch sent after the producers stopped has a final HW.
                let fresh = self.last_fetch_sent_ns > done_ns;
                if drain_over || (fresh && self.caught_up()) {
                    return self.tally;
                }
            }
            if let Err(err) = self.fetch_once() {
                self.tally.errors += 1;
                self.errors
                    .report(format!("consumer {}: {err:#}", self.options.index));
                return self.tally;
            }
        }
    }

    fn caught_up(&self) -> bool {
        self.positions
            .iter()
            .all(|(partition, position)| self.high_watermarks.get(partition) <= Some(position))
    }

    fn fetch_once(&mut self) -> Result<()> {
        let request = self.request();
        self.last_fetch_sent_ns = self.options.clock.now_ns();
        let response = self.connection.call(&request, self.version)?;
        let now_ns = self.options.clock.now_ns();
        if response.error_code != 0 {
            self.fetch_error(None, response.error_code);
            return Ok(());
        }
        self.absorb(&response, now_ns)
    }

    fn request(&self) -> FetchRequest {
        let partitions = self
            .positions
            .iter()
            .map(|(&partition, &offset)| {
                FetchPartition::default()
                    .with_partition(partition)
                    .with_current_leader_epoch(-1)
                    .with_fetch_offset(offset)
                    .with_last_fetched_epoch(-1)
                    .with_log_start_offset(-1)
                    .with_partition_max_bytes(PARTITION_MAX_BYTES)
            })
            .collect();
        FetchRequest::default()
            .with_replica_id(BrokerId(-1))
            .with_max_wait_ms(FETCH_MAX_WAIT_MS)
            .with_min_bytes(FETCH_MIN_BYTES)
            .with_max_bytes(FETCH_MAX_BYTES)
            .with_isolation_level(0)
            .with_session_id(0)
            .with_session_epoch(-1)
            .with_topics(vec![FetchTopic::default()
                .with_topic(TopicName(StrBytes::from_string(self.options.topic.clone())))
                .with_partitions(partitions)])
    }

    fn absorb(&mut self, response: &FetchResponse, now_ns: u64) -> Result<()> {
        for partition in response.responses.iter().flat_map(|t| &t.partitions) {
            let index = partition.partition_index;
            if partition.error_code != 0 {
                self.fetch_error(Some(index), partition.error_code);
                continue;
            }
            self.high_watermarks.insert(index, partition.high_watermark);
            let Some(position) = self.positions.get(&index).copied() else {
                continue;
            };
            let Some(records) = partition.records.as_ref() else {
                continue;
            };
            let parsed = parse_fetched(records, position)
                .with_context(|| format!("parsing fetched partition {index}"))?;
            for record in &parsed.records {
                self.count(record.send_time_ns, record.value_bytes, now_ns);
            }
            if let Some(next) = parsed.next_offset.filter(|&next| next > position) {
                self.positions.insert(index, next);
            }
        }
        Ok(())
    }

    fn count(&mut self, send_time_ns: Option<u64>, value_bytes: usize, now_ns: u64) {
        self.tally.records_all += 1;
        let Some(send_ns) = send_time_ns.filter(|&send| self.window.contains(send)) else {
            return;
        };
        self.tally.records += 1;
        self.tally.value_bytes += value_bytes as u64;
        record_latency(&mut self.tally.latency, now_ns.saturating_sub(send_ns));
    }

    fn fetch_error(&mut self, partition: Option<i32>, code: i16) {
        if code == OFFSET_OUT_OF_RANGE {
            if let Some(partition) = partition {
                self.reset(partition);
            }
        }
        if !is_retriable(code) {
            self.tally.errors += 1;
        }
        self.errors
            .report(format!("Fetch partition {partition:?}: error code {code}"));
        std::thread::sleep(RETRY_PAUSE);
    }

    /// Moves an out-of-range position to the log end.
    fn reset(&mut self, partition: i32) {
        let topic = self.options.topic.clone();
        match latest_offsets(&mut self.connection, &topic, &[partition]) {
            Ok(offsets) => self.positions.extend(offsets),
            Err(err) => self.errors.report(format!("ListOffsets: {err:#}")),
        }
    }
}
