//! Per-shard metrics: plain cells and histograms owned by one shard, touched only by that
//! shard's own tasks, and copied out only when a scrape asks (`ShardMsg::Metrics`).
//!
//! **Invariant**: the produce/fetch path touches only shard-local cells (`Cell`, `RefCell`):
//! no atomic, no lock, no message. A scrape gathers a [`ShardSnapshot`] from every shard over
//! the links and merges them on the shard that serves the HTTP request; the work a snapshot
//! costs is bounded (`TOPIC_SERIES_MAX` topics, `LAG_SERIES_MAX` committed offsets, Kafka's
//! API keys, a few histograms, one high watermark per owned partition).

use crate::shard::Shard;
use hdrhistogram::Histogram;
use model::{ShardId, TopicId};
use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;
use std::time::Duration;

/// Topics with their own series per shard: enough for most clusters' dashboards, few enough
/// that a scrape stays cheap whatever a client creates. Past it a topic's traffic still counts
/// in the all-topics totals, and `series_dropped` counts what found no series.
pub const TOPIC_SERIES_MAX: usize = 1000;
/// Committed offsets (group, topic, partition) a shard reports per scrape, for consumer-group
/// lag: enough for a few hundred groups over a few dozen partitions each; past it the rest are
/// counted (`lag_series_dropped`), not listed.
pub const LAG_SERIES_MAX: usize = 10_000;
/// Kafka's API keys are below 128 (4.3 uses 0..=92); versions below 32. A request outside
/// either is counted without its own series (it was refused by the decoder anyway).
const API_KEYS_MAX: usize = 128;
const API_VERSIONS_MAX: usize = 32;
/// Latencies are recorded in microseconds, 1 µs to 5 minutes, to 2 significant digits
/// (~20 KiB per histogram); longer waits are recorded as the maximum.
const LATENCY_US_MAX: u64 = 300_000_000;
const LATENCY_SIGFIG: u8 = 2;

/// A latency histogram in microseconds.
pub fn latency_histogram() -> Histogram<u64> {
    Histogram::new_with_bounds(1, LATENCY_US_MAX, LATENCY_SIGFIG)
        .expect("constant histogram bounds are valid")
}

/// Records `elapsed` into `histogram`, clamped to its range.
pub fn record_latency(histogram: &mut Histogram<u64>, elapsed: Duration) {
    let us = (elapsed.as_micros() as u64).clamp(1, LATENCY_US_MAX);
    histogram.saturating_record(us);
}

/// Counts per topic (or for all topics together).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TopicCounts {
    pub bytes_in: u64,
    pub messages_in: u64,
    pub bytes_out: u64,
}

impl TopicCounts {
    pub fn add(&mut self, other: &TopicCounts) {
        self.bytes_in += other.bytes_in;
        self.messages_in += other.messages_in;
        self.bytes_out += other.bytes_out;
    }
}

/// Where one request's time went, as Kafka's RequestMetrics splits it (Kafka's queues and
/// purgatories have their counterparts here: the connection's in-order wait, the shard's
/// polls, the waits on the disk, replicas, other shards and long polls, the in-order writer).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RequestTimes {
    /// Frame read → handler started: the wait for the connection's previous request to take
    /// effect and for the shard to run the task (RequestQueueTimeMs).
    pub queue: Duration,
    /// The shard's own work on it: the time spent polling its handler (LocalTimeMs).
    pub local: Duration,
    /// Handler started → answered, less `local`: waits on the disk, replicas, other shards,
    /// the controller or a long poll (RemoteTimeMs).
    pub remote: Duration,
    /// Answered → its response began to be written: the wait behind the connection's earlier
    /// responses (ResponseQueueTimeMs).
    pub response_queue: Duration,
    /// Writing the response to the socket (ResponseSendTimeMs).
    pub response_send: Duration,
    /// Frame read → response written (TotalTimeMs).
    pub total: Duration,
}

/// The stages of `RequestTimes` in order, by the name of Kafka's RequestMetrics histogram.
pub const REQUEST_STAGES: [&str; 6] = [
    "RequestQueueTimeMs",
    "LocalTimeMs",
    "RemoteTimeMs",
    "ResponseQueueTimeMs",
    "ResponseSendTimeMs",
    "TotalTimeMs",
];

/// Index of `TotalTimeMs` in `REQUEST_STAGES`.
pub const TOTAL_TIME: usize = 5;

impl RequestTimes {
    fn stages(&self) -> [Duration; 6] {
        [
            self.queue,
            self.local,
            self.remote,
            self.response_queue,
            self.response_send,
            self.total,
        ]
    }
}

/// One API's requests: counts by version and, per stage of `REQUEST_STAGES`, a histogram of
/// the time and its sum in µs.
struct ApiCells {
    by_version: [u64; API_VERSIONS_MAX],
    times_us: [Histogram<u64>; 6],
    times_us_sum: [u64; 6],
}

/// The metrics one shard owns. Increments are plain cell updates.
#[derive(Default)]
pub struct ShardMetrics {
    connections_accepted: Cell<u64>,
    connections_open: Cell<u64>,
    requests: RefCell<Vec<Option<Box<ApiCells>>>>,
    topics: RefCell<HashMap<TopicId, TopicCounts>>,
    all_topics: Cell<TopicCounts>,
    series_dropped: Cell<u64>,
    mesh_sent: Cell<u64>,
    mesh_received: Cell<u64>,
    mesh_round_trip_us: RefCell<Option<Histogram<u64>>>,
    mesh_round_trip_us_sum: Cell<u64>,
    rejections: RefCell<BTreeMap<(&'static str, &'static str), u64>>,
    /// Failed authentications by (listener, mechanism): SASL exchanges refused, TLS handshakes
    /// failed (mechanism `SSL`). Listener names come from the config: bounded.
    authentication_failures: RefCell<BTreeMap<(String, String), u64>>,
    /// Denied authorization checks by (listener, operation, resource type): bounded by the
    /// config's listeners and Kafka's enums.
    authorization_denials: RefCell<BTreeMap<(String, &'static str, &'static str), u64>>,
    /// Successful SASL re-authentications (KIP-368) by (listener, mechanism).
    reauthentications: RefCell<BTreeMap<(String, String), u64>>,
    /// ISR changes this shard's leaders committed (AlterPartition accepted): Kafka's
    /// ReplicaManager IsrShrinksPerSec / IsrExpandsPerSec.
    isr_shrinks: Cell<u64>,
    isr_expands: Cell<u64>,
    /// Client quota throttles by quota type (produce, fetch, request): (responses throttled,
    /// throttle milliseconds in all). Bounded by the three types.
    quota_throttles: RefCell<BTreeMap<&'static str, (u64, u64)>>,
    /// glommio's executor statistics, which reset when read: accumulated here at each scrape.
    busy: Cell<Duration>,
    tasks_executed: Cell<u64>,
    /// The longest request since the console's last series sample (`crate::series`), in µs.
    interval_request_us_max: Cell<u64>,
    /// The shard's log cleaner (Kafka's LogCleaner and LogCleanerManager gauges).
    cleaner: Cell<CleanerSnapshot>,
}

/// One shard's log cleaner as Kafka's cleaner gauges need it: the shard's cleaner task is
/// one of Kafka's cleaner threads.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct CleanerSnapshot {
    /// When the cleaner last looked for a log to clean (ms since the epoch; 0: no cleaner).
    pub last_run_ms: i64,
    /// The dirty ratio of the dirtiest compacted log it saw then (0..1).
    pub dirtiest_ratio: f64,
    /// The last cleaning's stats, if any.
    pub last: Option<LastCleaning>,
}

/// Kafka's `CleanerStats` of a cleaner thread's last cleaning.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct LastCleaning {
    /// Key map entries used over its capacity (0..1).
    pub buffer_utilization: f64,
    pub bytes_read: u64,
    pub bytes_written: u64,
    pub elapsed_secs: f64,
}

fn bump(cell: &Cell<u64>, by: u64) {
    cell.set(cell.get().wrapping_add(by));
}

impl ShardMetrics {
    pub fn connection_opened(&self) {
        bump(&self.connections_accepted, 1);
        bump(&self.connections_open, 1);
    }

    pub fn connection_closed(&self) {
        self.connections_open
            .set(self.connections_open.get().saturating_sub(1));
    }

    /// A request answered (its response written, or nothing to write): `key`/`version` as the
    /// header said, `times` where its time went since its frame was read.
    pub fn request_done(&self, key: i16, version: i16, times: &RequestTimes) {
        let (Ok(k), Ok(v)) = (usize::try_from(key), usize::try_from(version)) else {
            return;
        };
        if k >= API_KEYS_MAX || v >= API_VERSIONS_MAX {
            return;
        }
        let mut requests = self.requests.borrow_mut();
        if requests.len() <= k {
            requests.resize_with(k + 1, || None);
        }
        let api = requests[k].get_or_insert_with(|| {
            Box::new(ApiCells {
                by_version: [0; API_VERSIONS_MAX],
                times_us: std::array::from_fn(|_| latency_histogram()),
                times_us_sum: [0; 6],
            })
        });
        api.by_version[v] += 1;
        let us = times.total.as_micros() as u64;
        if us > self.interval_request_us_max.get() {
            self.interval_request_us_max.set(us);
        }
        for (stage, elapsed) in times.stages().into_iter().enumerate() {
            record_latency(&mut api.times_us[stage], elapsed);
            api.times_us_sum[stage] =
                api.times_us_sum[stage].saturating_add(elapsed.as_micros() as u64);
        }
    }

    /// Bytes and records appended to a partition of `topic` on this shard (its owner).
    pub fn produced(&self, topic: TopicId, bytes: u64, messages: u64) {
        self.count_topic(topic, |c| {
            c.bytes_in += bytes;
            c.messages_in += messages;
        });
    }

    /// Record bytes of `topic` put in a Fetch response on this shard (the connection's).
    pub fn fetched(&self, topic: TopicId, bytes: u64) {
        self.count_topic(topic, |c| c.bytes_out += bytes);
    }

    fn count_topic(&self, topic: TopicId, add: impl Fn(&mut TopicCounts)) {
        let mut all = self.all_topics.get();
        add(&mut all);
        self.all_topics.set(all);
        let mut topics = self.topics.borrow_mut();
        let room = topics.len() < TOPIC_SERIES_MAX;
        match topics.get_mut(&topic) {
            Some(counts) => add(counts),
            None if room => add(topics.entry(topic).or_default()),
            None => bump(&self.series_dropped, 1),
        }
    }

    /// A message sent to another shard over the links.
    pub fn mesh_sent(&self) {
        bump(&self.mesh_sent, 1);
    }

    pub fn mesh_received(&self) {
        bump(&self.mesh_received, 1);
    }

    /// A round trip of partition ops to another shard that did not long-poll.
    pub fn mesh_round_trip(&self, elapsed: Duration) {
        let mut h = self.mesh_round_trip_us.borrow_mut();
        record_latency(h.get_or_insert_with(latency_histogram), elapsed);
        bump(&self.mesh_round_trip_us_sum, elapsed.as_micros() as u64);
    }

    /// A connection or request refused: what (`connection`, `frame`, `request`, `http`) and a
    /// short static reason.
    /// The cleaner looked for a log to clean at `now_ms`; the dirtiest it saw had this ratio.
    pub fn cleaner_looked(&self, now_ms: i64, dirtiest_ratio: f64) {
        let mut c = self.cleaner.get();
        c.last_run_ms = now_ms;
        c.dirtiest_ratio = dirtiest_ratio;
        self.cleaner.set(c);
    }

    /// The cleaner finished a cleaning.
    pub fn cleaned(&self, last: LastCleaning) {
        let mut c = self.cleaner.get();
        c.last = Some(last);
        self.cleaner.set(c);
    }

    /// A leader's ISR went from `before` to `after` members (an accepted AlterPartition).
    pub fn isr_changed(&self, before: usize, after: usize) {
        if after < before {
            bump(&self.isr_shrinks, 1);
        } else if after > before {
            bump(&self.isr_expands, 1);
        }
    }

    /// A client failed to authenticate on `listener` with `mechanism` (`SSL` for a TLS
    /// handshake).
    pub fn authentication_failed(&self, listener: &str, mechanism: &str) {
        let mut failures = self.authentication_failures.borrow_mut();
        let key = (listener.to_string(), mechanism.to_string());
        // Mechanism names come from clients (SaslHandshake): count unknown ones together.
        if failures.len() >= 64 && !failures.contains_key(&key) {
            *failures
                .entry((listener.to_string(), "other".to_string()))
                .or_insert(0) += 1;
            return;
        }
        *failures.entry(key).or_insert(0) += 1;
    }

    /// The authorizer denied `operation` on a resource of `resource_type` on `listener`.
    pub fn authorization_denied(
        &self,
        listener: &str,
        operation: &'static str,
        resource_type: &'static str,
    ) {
        let mut denials = self.authorization_denials.borrow_mut();
        if let Some(n) = denials.get_mut(&(listener.to_string(), operation, resource_type)) {
            *n += 1;
        } else {
            denials.insert((listener.to_string(), operation, resource_type), 1);
        }
    }

    /// A client re-authenticated on `listener` with `mechanism` (KIP-368).
    pub fn reauthenticated(&self, listener: String, mechanism: String) {
        *self
            .reauthentications
            .borrow_mut()
            .entry((listener, mechanism))
            .or_insert(0) += 1;
    }

    /// A client over its `quota_type` quota was throttled for `throttle_ms`.
    pub fn quota_throttled(&self, quota_type: &'static str, throttle_ms: u32) {
        let mut throttles = self.quota_throttles.borrow_mut();
        let (count, ms) = throttles.entry(quota_type).or_insert((0, 0));
        *count += 1;
        *ms += u64::from(throttle_ms);
    }

    pub fn rejected(&self, what: &'static str, reason: &'static str) {
        *self
            .rejections
            .borrow_mut()
            .entry((what, reason))
            .or_insert(0) += 1;
    }
}

impl ShardMetrics {
    /// (requests answered, their total time in µs) over every API, for the console's series.
    pub(crate) fn request_totals(&self) -> (u64, u64) {
        self.requests
            .borrow()
            .iter()
            .flatten()
            .fold((0u64, 0u64), |(n, sum), api| {
                let count: u64 = api.by_version.iter().sum();
                (
                    n.wrapping_add(count),
                    sum.wrapping_add(api.times_us_sum[TOTAL_TIME]),
                )
            })
    }

    /// The longest request since the last call, in µs (0 if none), and starts a new interval.
    pub(crate) fn take_interval_request_us_max(&self) -> u64 {
        self.interval_request_us_max.replace(0)
    }

    pub(crate) fn all_topics(&self) -> TopicCounts {
        self.all_topics.get()
    }

    /// Calls `f` with each topic's counts (at most `TOPIC_SERIES_MAX`).
    pub(crate) fn for_each_topic(&self, mut f: impl FnMut(TopicId, &TopicCounts)) {
        for (id, counts) in self.topics.borrow().iter() {
            f(*id, counts);
        }
    }

    pub(crate) fn connections_open(&self) -> u64 {
        self.connections_open.get()
    }

    /// Adds glommio's executor statistics (which reset when read) to the shard's totals and
    /// returns the busy time so far: the scrape and the console's sampler both read them.
    pub(crate) fn account_executor(&self) -> Duration {
        let executor = glommio::executor().executor_stats();
        self.busy.set(self.busy.get() + executor.total_runtime());
        bump(&self.tasks_executed, executor.tasks_executed());
        self.busy.get()
    }
}

/// One API's requests as a snapshot.
#[derive(Clone, Debug)]
pub struct ApiSnapshot {
    pub key: i16,
    /// (version, requests), versions with at least one request.
    pub by_version: Vec<(i16, u64)>,
    /// Per stage of `REQUEST_STAGES`: its histogram in µs and their sum.
    pub times_us: [Histogram<u64>; 6],
    pub times_us_sum: [u64; 6],
}

/// A copy of one shard's metrics, taken on that shard and sent to the one serving the scrape.
#[derive(Clone, Debug)]
pub struct ShardSnapshot {
    pub shard: ShardId,
    pub step: &'static str,
    pub connections_accepted: u64,
    pub connections_open: u64,
    /// Frames read (every request, refused ones included).
    pub requests_read: u64,
    pub rejected: u64,
    pub fetch_bytes_zero_copy: u64,
    pub fetch_bytes_copied: u64,
    pub requests: Vec<ApiSnapshot>,
    pub topics: Vec<(TopicId, TopicCounts)>,
    pub all_topics: TopicCounts,
    pub series_dropped: u64,
    pub mesh_sent: u64,
    pub mesh_received: u64,
    pub mesh_round_trip_us: Option<Histogram<u64>>,
    pub mesh_round_trip_us_sum: u64,
    pub fsync: Option<storage::FsyncLatency>,
    /// Nanoseconds spent per stage of the produce and fetch paths, in `storage::profile::STAGES`
    /// order.
    pub stages_ns: [u64; storage::profile::STAGES.len()],
    pub rejections: Vec<(&'static str, &'static str, u64)>,
    /// (listener, mechanism, failures).
    pub authentication_failures: Vec<(String, String, u64)>,
    /// (listener, operation, resource type, denials).
    pub authorization_denials: Vec<(String, &'static str, &'static str, u64)>,
    /// Successful SASL re-authentications: (listener, mechanism, count).
    pub reauthentications: Vec<(String, String, u64)>,
    /// Partition logs this shard owns.
    pub partitions: u64,
    /// Time the executor spent running tasks and polling IO (not parked): its rate is the
    /// shard's busy ratio.
    pub busy: Duration,
    pub tasks_executed: u64,
    /// Committed offsets of the groups this shard coordinates: (group, topic, partition,
    /// offset), at most `LAG_SERIES_MAX`.
    pub committed: Vec<(String, String, i32, i64)>,
    pub lag_series_dropped: u64,
    /// The high watermark of every partition this shard owns (where lag is measured to).
    pub high_watermarks: Vec<(TopicId, i32, i64)>,
    pub isr_shrinks: u64,
    pub isr_expands: u64,
    pub cleaner: CleanerSnapshot,
    /// Client quota throttles: (quota type, responses throttled, throttle ms in all).
    pub quota_throttles: Vec<(&'static str, u64, u64)>,
}

impl Shard {
    /// This shard's metrics as they stand. Topics no longer in the image lose their series
    /// here (so deleted topics free room), after their counts went into the totals.
    pub fn metrics_snapshot(&self) -> ShardSnapshot {
        let m = &self.metrics;
        let c = &self.counters;
        let image = self.image();
        let (committed, lag_series_dropped) =
            crate::groups::committed_offsets(self, LAG_SERIES_MAX);
        let high_watermarks = self
            .logs
            .borrow()
            .iter()
            .map(|(key, log)| (key.topic_id, key.partition, log.high_watermark().0))
            .collect();
        m.account_executor();
        let mut topics = m.topics.borrow_mut();
        if !topics.is_empty() {
            let live: std::collections::HashSet<TopicId> = image.topics().map(|t| t.id).collect();
            topics.retain(|id, _| live.contains(id));
        }
        drop(topics);
        let requests = m
            .requests
            .borrow()
            .iter()
            .enumerate()
            .filter_map(|(key, api)| {
                let api = api.as_ref()?;
                Some(ApiSnapshot {
                    key: key as i16,
                    by_version: (0..API_VERSIONS_MAX)
                        .filter(|&v| api.by_version[v] > 0)
                        .map(|v| (v as i16, api.by_version[v]))
                        .collect(),
                    times_us: api.times_us.clone(),
                    times_us_sum: api.times_us_sum,
                })
            })
            .collect();
        ShardSnapshot {
            shard: self.id,
            step: self.lifecycle().step(self.id.0 as usize).name(),
            connections_accepted: m.connections_accepted.get(),
            connections_open: m.connections_open.get(),
            requests_read: c.requests.get(),
            rejected: c.rejected_requests.get(),
            fetch_bytes_zero_copy: c.fetch_bytes_zero_copy.get(),
            fetch_bytes_copied: c.fetch_bytes_copied.get(),
            requests,
            topics: m.topics.borrow().iter().map(|(k, v)| (*k, *v)).collect(),
            all_topics: m.all_topics.get(),
            series_dropped: m.series_dropped.get(),
            mesh_sent: m.mesh_sent.get(),
            mesh_received: m.mesh_received.get(),
            mesh_round_trip_us: m.mesh_round_trip_us.borrow().clone(),
            mesh_round_trip_us_sum: m.mesh_round_trip_us_sum.get(),
            fsync: storage::fsync_latency(),
            stages_ns: storage::profile::spent_ns(),
            rejections: m
                .rejections
                .borrow()
                .iter()
                .map(|((what, reason), n)| (*what, *reason, *n))
                .collect(),
            authentication_failures: m
                .authentication_failures
                .borrow()
                .iter()
                .map(|((l, m), n)| (l.clone(), m.clone(), *n))
                .collect(),
            authorization_denials: m
                .authorization_denials
                .borrow()
                .iter()
                .map(|((l, op, t), n)| (l.clone(), *op, *t, *n))
                .collect(),
            reauthentications: m
                .reauthentications
                .borrow()
                .iter()
                .map(|((listener, mechanism), n)| (listener.clone(), mechanism.clone(), *n))
                .collect(),
            partitions: self.logs.borrow().len() as u64,
            busy: m.busy.get(),
            tasks_executed: m.tasks_executed.get(),
            isr_shrinks: m.isr_shrinks.get(),
            isr_expands: m.isr_expands.get(),
            cleaner: m.cleaner.get(),
            quota_throttles: m
                .quota_throttles
                .borrow()
                .iter()
                .map(|(t, (n, ms))| (*t, *n, *ms))
                .collect(),
            committed,
            lag_series_dropped,
            high_watermarks,
        }
    }

    /// Every shard's snapshot, in shard order; `None` for a shard that did not answer within
    /// `timeout` (stopped, or too busy). Each other shard is asked once, concurrently.
    pub async fn gather_metrics(self: &Rc<Self>, timeout: Duration) -> Vec<Option<ShardSnapshot>> {
        let asks = (0..self.nr_shards).map(|i| {
            let to = ShardId(i as u16);
            async move {
                if to == self.id {
                    return Some(self.metrics_snapshot());
                }
                let (reply_to, rx) = self.expect_reply();
                let ask = async {
                    self.send(to, crate::mesh::ShardMsg::Metrics { reply_to })
                        .await
                        .ok()?;
                    match rx.await {
                        Ok(crate::mesh::ReplyPayload::Metrics(snapshot)) => Some(*snapshot),
                        _ => None,
                    }
                };
                let answer = crate::with_deadline(ask, timeout).await.flatten();
                if answer.is_none() {
                    self.forget_reply(reply_to.id);
                }
                answer
            }
        });
        futures::future::join_all(asks).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topic_series_are_capped_and_totals_still_count() {
        let m = ShardMetrics::default();
        for i in 0..(TOPIC_SERIES_MAX + 5) {
            let mut id = [0u8; 16];
            id[..8].copy_from_slice(&(i as u64).to_be_bytes());
            m.produced(TopicId(id), 10, 2);
        }
        assert_eq!(m.topics.borrow().len(), TOPIC_SERIES_MAX);
        assert_eq!(m.series_dropped.get(), 5);
        let all = m.all_topics.get();
        assert_eq!(all.bytes_in, 10 * (TOPIC_SERIES_MAX as u64 + 5));
        assert_eq!(all.messages_in, 2 * (TOPIC_SERIES_MAX as u64 + 5));
    }

    #[test]
    fn requests_count_by_key_and_version_with_each_stage() {
        let m = ShardMetrics::default();
        let total = |us| RequestTimes {
            total: Duration::from_micros(us),
            ..RequestTimes::default()
        };
        let split = RequestTimes {
            queue: Duration::from_micros(100),
            local: Duration::from_micros(200),
            remote: Duration::from_micros(700),
            response_queue: Duration::from_micros(300),
            response_send: Duration::from_micros(200),
            total: Duration::from_micros(1500),
        };
        m.request_done(0, 9, &split);
        m.request_done(0, 9, &total(500));
        m.request_done(18, 3, &total(1_000_000_000));
        m.request_done(-1, 0, &total(0));
        m.request_done(200, 0, &total(0));
        m.request_done(1, 40, &total(0));
        let requests = m.requests.borrow();
        let produce = requests[0].as_ref().unwrap();
        assert_eq!(produce.by_version[9], 2);
        assert_eq!(produce.times_us[TOTAL_TIME].len(), 2);
        assert_eq!(produce.times_us_sum, [100, 200, 700, 300, 200, 2000]);
        assert_eq!(REQUEST_STAGES[TOTAL_TIME], "TotalTimeMs");
        let versions = requests[18].as_ref().unwrap();
        let longest = &versions.times_us[TOTAL_TIME];
        assert_eq!(longest.max(), longest.highest_equivalent(LATENCY_US_MAX));
        assert!(requests.get(1).is_none_or(|a| a.is_none()));
    }
}
