//! `group-commit`: pipelined OffsetCommit requests for one group, so every commit lands on one
//! `__consumer_offsets` partition (one coordinator, one shard on Sluice). Simple commits
//! (generation -1, empty member id), as a consumer outside any group would send; each commit
//! names every partition of an existing topic. Measures commits/s and commit latency (send →
//! answer) for commits sent inside the measured window.
//!
//! Closed loop: each connection keeps `depth` commits in flight, so the latency is that of a
//! coordinator running at its maximum rate, not of a fixed offered load.

use crate::cluster::ensure_topic;
use crate::group::{
    find_coordinator, is_coordinator_retriable, COORDINATOR_RETRY_PAUSE, COORDINATOR_WAIT,
};
use crate::stats::{json_line, latency_fields, latency_text, new_histogram, record_latency};
use crate::stats::{Clock, Window};
use crate::wire::{decode_response, encode_request, read_frame, Connection};
use crate::ErrorLog;
use anyhow::{bail, Context, Result};
use hdrhistogram::Histogram;
use kafka_protocol::messages::offset_commit_request::{
    OffsetCommitRequestPartition, OffsetCommitRequestTopic,
};
use kafka_protocol::messages::{ApiKey, GroupId, OffsetCommitRequest, TopicName};
use kafka_protocol::protocol::StrBytes;
use std::io::Write;
use std::net::{Shutdown, TcpStream};
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::sync::Arc;
use std::thread;
use std::time::Instant;

/// OffsetCommit versions with topic names (v10 moves to topic ids).
const OFFSET_COMMIT_VERSIONS: (i16, i16) = (2, 9);
/// Kafka's "use the broker's retention" value for v2–v4.
const RETENTION_DEFAULT_MS: i64 = -1;
/// Delay between setting up and the first commit, so every connection starts on one tick.
const START_DELAY_MS: u64 = 100;

/// What `group-commit` is told.
#[derive(Clone, Debug)]
pub struct CommitOptions {
    pub bootstrap: String,
    pub group: String,
    pub topic: String,
    /// Partitions of the topic, all of them named in every commit.
    pub partitions: i32,
    pub connections: usize,
    /// Commits in flight per connection.
    pub depth: usize,
    pub warmup_s: u64,
    pub duration_s: u64,
}

/// What one connection (or all of them, merged) measured.
#[derive(Clone, Debug)]
pub struct CommitTally {
    /// Commits sent inside the window and answered without error.
    pub commits: u64,
    /// Commits answered over the whole run, warm-up included.
    pub commits_all: u64,
    pub latency: Histogram<u64>,
    /// Partition results with an error code, and broken connections.
    pub errors: u64,
}

impl CommitTally {
    fn new() -> CommitTally {
        CommitTally {
            commits: 0,
            commits_all: 0,
            latency: new_histogram(),
            errors: 0,
        }
    }

    fn merge(&mut self, other: &CommitTally) {
        self.commits += other.commits;
        self.commits_all += other.commits_all;
        self.errors += other.errors;
        self.latency
            .add(&other.latency)
            .expect("histograms share bounds");
    }
}

/// The run's result.
#[derive(Debug)]
pub struct CommitReport {
    pub window_s: f64,
    pub partitions: i32,
    pub tally: CommitTally,
}

impl CommitReport {
    pub fn commits_per_s(&self) -> f64 {
        self.tally.commits as f64 / self.window_s
    }

    pub fn to_text(&self) -> String {
        let latency = (!self.tally.latency.is_empty()).then_some(&self.tally.latency);
        format!(
            "committed {} times ({} partition(s) each) in {:.1} s: {:.0} commits/s, {:.0} partition offsets/s\n\
             commit latency ms:{}\nerrors {}\n",
            self.tally.commits,
            self.partitions,
            self.window_s,
            self.commits_per_s(),
            self.commits_per_s() * f64::from(self.partitions),
            latency_text(latency),
            self.tally.errors
        )
    }

    pub fn to_json(&self) -> String {
        let latency = (!self.tally.latency.is_empty()).then_some(&self.tally.latency);
        let mut fields = vec![
            ("commits".to_string(), Some(self.tally.commits as f64)),
            (
                "partitions_per_commit".to_string(),
                Some(f64::from(self.partitions)),
            ),
            ("duration_s".to_string(), Some(self.window_s)),
            ("commits_per_s".to_string(), Some(self.commits_per_s())),
        ];
        fields.extend(latency_fields("commit", latency));
        fields.push(("errors".to_string(), Some(self.tally.errors as f64)));
        json_line(&fields)
    }
}

/// Sets up the topic and connections, commits for warm-up + duration, and reports.
pub fn run(options: &CommitOptions) -> Result<CommitReport> {
    if options.connections < 1 || options.depth < 1 || options.partitions < 1 {
        bail!("--connections, --depth and --partitions must be at least 1");
    }
    ensure_topic(&options.bootstrap, &options.topic, options.partitions)?;
    let coordinator = find_coordinator(&options.bootstrap, &options.group)?;
    wait_until_ready(&coordinator, options)?;
    eprintln!(
        "sluice-bench group-commit: group {} at {coordinator}, {} connection(s) x {} in flight, \
         {} partition(s) per commit; warm-up {} s, measure {} s",
        options.group,
        options.connections,
        options.depth,
        options.partitions,
        options.warmup_s,
        options.duration_s
    );
    let errors = Arc::new(ErrorLog::default());
    let clock = Clock::start();
    let mut links = Vec::new();
    for _ in 0..options.connections {
        links.push(CommitLink::open(&coordinator, options)?);
    }
    let start_ns = clock.now_ns() + START_DELAY_MS * 1_000_000;
    let window_start_ns = start_ns + options.warmup_s * 1_000_000_000;
    let window = Window {
        start_ns: window_start_ns,
        end_ns: window_start_ns + options.duration_s * 1_000_000_000,
    };
    let threads: Vec<_> = links
        .into_iter()
        .map(|link| {
            let errors = Arc::clone(&errors);
            thread::spawn(move || link.run(clock, start_ns, window, errors))
        })
        .collect();
    let mut tally = CommitTally::new();
    for thread in threads {
        match thread.join() {
            Ok(link_tally) => tally.merge(&link_tally),
            Err(_) => tally.errors += 1,
        }
    }
    Ok(CommitReport {
        window_s: window.seconds(),
        partitions: options.partitions,
        tally,
    })
}

/// Commits once, retrying while the coordinator loads (Kafka answers COORDINATOR_LOAD_IN_PROGRESS
/// or NOT_COORDINATOR for a while after it creates `__consumer_offsets`), so that loading is
/// not measured as errors.
fn wait_until_ready(coordinator: &str, options: &CommitOptions) -> Result<()> {
    let mut connection = Connection::connect(coordinator)?;
    let version = connection
        .versions
        .pick(ApiKey::OffsetCommit, OFFSET_COMMIT_VERSIONS)?;
    let deadline = Instant::now() + COORDINATOR_WAIT;
    loop {
        let response = connection.call(&commit_request(options, 0), version)?;
        let code = response
            .topics
            .iter()
            .flat_map(|t| &t.partitions)
            .map(|p| p.error_code)
            .find(|&code| code != 0);
        match code {
            None => return Ok(()),
            Some(code) if is_coordinator_retriable(code) && Instant::now() < deadline => {
                thread::sleep(COORDINATOR_RETRY_PAUSE);
            }
            Some(code) => bail!("OffsetCommit to {coordinator}: error code {code}"),
        }
    }
}

/// One connection to the coordinator with its pre-built request shape.
struct CommitLink {
    stream: TcpStream,
    version: i16,
    options: CommitOptions,
}

impl CommitLink {
    fn open(coordinator: &str, options: &CommitOptions) -> Result<CommitLink> {
        let connection = Connection::connect(coordinator)?;
        let version = connection
            .versions
            .pick(ApiKey::OffsetCommit, OFFSET_COMMIT_VERSIONS)?;
        Ok(CommitLink {
            stream: connection.stream,
            version,
            options: options.clone(),
        })
    }

    /// Writes commits (at most `depth` unanswered) until the window ends; a reader thread
    /// matches the answers in order.
    fn run(
        mut self,
        clock: Clock,
        start_ns: u64,
        window: Window,
        errors: Arc<ErrorLog>,
    ) -> CommitTally {
        // The reader takes an entry before reading its answer: `depth - 1` queued + 1 read.
        let (sent_tx, sent_rx) = mpsc::sync_channel::<(i32, u64)>(self.options.depth - 1);
        let reader = match self.stream.try_clone() {
            Ok(stream) => {
                let answers = Answers {
                    stream,
                    version: self.version,
                    clock,
                    window,
                    errors: Arc::clone(&errors),
                };
                thread::spawn(move || answers.read(sent_rx))
            }
            Err(err) => {
                errors.report(format!("group-commit: cloning the socket: {err}"));
                let mut tally = CommitTally::new();
                tally.errors += 1;
                return tally;
            }
        };
        thread::sleep(
            clock
                .instant_of(start_ns)
                .saturating_duration_since(Instant::now()),
        );
        let written = self.write_commits(clock, window, &sent_tx);
        drop(sent_tx);
        let mut tally = match reader.join() {
            Ok(tally) => tally,
            Err(_) => {
                let mut tally = CommitTally::new();
                tally.errors += 1;
                tally
            }
        };
        let _ = self.stream.shutdown(Shutdown::Both);
        if let Err(err) = written {
            errors.report(format!("group-commit: {err:#}"));
            tally.errors += 1;
        }
        tally
    }

    fn write_commits(
        &mut self,
        clock: Clock,
        window: Window,
        sent_tx: &SyncSender<(i32, u64)>,
    ) -> Result<()> {
        let mut correlation_id = 0i32;
        loop {
            let now_ns = clock.now_ns();
            if now_ns >= window.end_ns {
                return Ok(());
            }
            let request = commit_request(&self.options, i64::from(correlation_id));
            let frame = encode_request(&request, self.version, correlation_id)?;
            if sent_tx.send((correlation_id, now_ns)).is_err() {
                bail!("the connection's reader stopped");
            }
            self.stream
                .write_all(&frame)
                .context("writing OffsetCommit")?;
            correlation_id = correlation_id.wrapping_add(1);
        }
    }
}

/// A simple commit of `offset` for every partition of the topic.
fn commit_request(options: &CommitOptions, offset: i64) -> OffsetCommitRequest {
    let partitions = (0..options.partitions)
        .map(|partition| {
            OffsetCommitRequestPartition::default()
                .with_partition_index(partition)
                .with_committed_offset(offset)
                .with_committed_leader_epoch(-1)
                .with_committed_metadata(Some(StrBytes::from_static_str("")))
        })
        .collect();
    OffsetCommitRequest::default()
        .with_group_id(GroupId(StrBytes::from_string(options.group.clone())))
        .with_generation_id_or_member_epoch(-1)
        .with_member_id(StrBytes::from_static_str(""))
        .with_retention_time_ms(RETENTION_DEFAULT_MS)
        .with_topics(vec![OffsetCommitRequestTopic::default()
            .with_name(TopicName(StrBytes::from_string(options.topic.clone())))
            .with_partitions(partitions)])
}

/// The reading half of a connection.
struct Answers {
    stream: TcpStream,
    version: i16,
    clock: Clock,
    window: Window,
    errors: Arc<ErrorLog>,
}

impl Answers {
    /// Reads one answer per sent commit, in order, until the writer is done and all are
    /// answered (or the connection fails).
    fn read(mut self, sent: Receiver<(i32, u64)>) -> CommitTally {
        let mut tally = CommitTally::new();
        for (correlation_id, send_ns) in sent {
            if let Err(err) = self.read_one(correlation_id, send_ns, &mut tally) {
                self.errors.report(format!("group-commit: {err:#}"));
                tally.errors += 1;
                return tally;
            }
        }
        tally
    }

    fn read_one(
        &mut self,
        correlation_id: i32,
        send_ns: u64,
        tally: &mut CommitTally,
    ) -> Result<()> {
        let frame = read_frame(&mut self.stream).context("reading OffsetCommit answer")?;
        let now_ns = self.clock.now_ns();
        let (got, response) = decode_response::<OffsetCommitRequest>(frame, self.version)?;
        if got != correlation_id {
            bail!("correlation id {got}, expected {correlation_id}");
        }
        let mut failed = 0u64;
        for partition in response.topics.iter().flat_map(|t| &t.partitions) {
            if partition.error_code != 0 {
                failed += 1;
                self.errors.report(format!(
                    "OffsetCommit partition {}: error code {}",
                    partition.partition_index, partition.error_code
                ));
            }
        }
        tally.commits_all += 1;
        tally.errors += failed;
        if failed == 0 && self.window.contains(send_ns) {
            tally.commits += 1;
            record_latency(&mut tally.latency, now_ns.saturating_sub(send_ns));
        }
        Ok(())
    }
}
