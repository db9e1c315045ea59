//! `sluice-bench`: produce and consume against any Kafka-compatible broker and report publish
//! and end-to-end latency and throughput. See perf/README.md (## sluice-bench).

use anyhow::{bail, Context, Result};
use clap::{Args, Parser, Subcommand};
use perf::cluster::{ensure_topic_with, TopicLayout, TopicSpec};
use perf::compression::Compression;
use perf::consumer::{Consumer, ConsumerOptions, ProducersDone};
use perf::group::commit::CommitOptions;
use perf::group::join::JoinOptions;
use perf::producer::{self, ProducerOptions};
use perf::records::{BATCH_HEADER_BYTES, RECORD_OVERHEAD_BYTES_MAX, SEND_TIME_BYTES};
use perf::stats::{Clock, Report, Tally, Window};
use perf::ErrorLog;
use std::collections::BTreeMap;
use std::process::ExitCode;
use std::sync::Arc;
use std::thread::{self, JoinHandle};

/// Grace after the measured window for owed records and outstanding acks. Reason: as the
/// consumers' drain; a broker slower than this has failed the run anyway.
const GRACE_S: u64 = perf::consumer::DRAIN_S;
/// Delay between setting up and the first record, so every thread starts on the same tick.
const START_DELAY_MS: u64 = 100;

#[derive(Parser, Debug)]
#[command(
    name = "sluice-bench",
    version,
    about = "Kafka-protocol load generator",
    args_conflicts_with_subcommands = true
)]
struct Cli {
    /// Consumer-group modes; without one, produce (and consume) records.
    #[command(subcommand)]
    mode: Option<Mode>,
    /// A broker to bootstrap from, HOST:PORT (required without a mode).
    #[arg(long)]
    bootstrap: Option<String>,
    /// The topic to produce to (required without a mode).
    #[arg(long)]
    topic: Option<String>,
    /// Partitions of the topic if it must be created.
    #[arg(long, default_value_t = 1)]
    partitions: i32,
    /// Replication factor of the topic if it must be created (default: the broker's
    /// `default.replication.factor`); also waits until every replica is in sync.
    #[arg(long)]
    replication_factor: Option<i16>,
    /// KEY=VALUE topic config given when the topic is created (repeatable), e.g.
    /// min.insync.replicas=2.
    #[arg(long = "topic-config", value_parser = parse_key_value)]
    topic_configs: Vec<(String, String)>,
    /// Create the topic (or find it), wait for its leaders, print its layout as JSON and exit.
    #[arg(long)]
    create_only: bool,
    #[arg(long, default_value_t = 1)]
    producers: usize,
    #[arg(long, default_value_t = 0)]
    consumers: usize,
    /// Every consumer reads every partition (as if in different groups).
    #[arg(long)]
    fanout: bool,
    /// Bytes of each record value (at least 8: the send time).
    #[arg(long, default_value_t = 1024)]
    record_size: usize,
    /// Records per second over all producers; 0 = as fast as possible.
    #[arg(long, default_value_t = 0.0)]
    rate: f64,
    /// -1 (all in-sync replicas), 0 (no response) or 1 (leader).
    #[arg(long, default_value_t = -1, allow_negative_numbers = true,
          value_parser = clap::value_parser!(i16).range(-1..=1))]
    acks: i16,
    #[arg(long, default_value_t = 5)]
    linger_ms: u64,
    #[arg(long, default_value_t = 262_144)]
    batch_bytes: usize,
    /// Bytes of record batches per Produce request at most (a batch larger than that goes
    /// alone): the Java producer's `max.request.size`, default 1 MiB.
    #[arg(long, default_value_t = 1_048_576)]
    max_request_bytes: usize,
    #[arg(long, default_value_t = 5)]
    max_in_flight: usize,
    #[arg(long, value_enum, default_value_t = Compression::None)]
    compression: Compression,
    /// Niceness added to the producer threads (Linux, setpriority per thread): on a machine
    /// the client shares, producers at max rate then leave the CPU to the consumers first, as
    /// if each side ran on its own machine; 0 = the same as the consumers.
    #[arg(long, default_value_t = 0)]
    producer_nice: i32,
    #[arg(long, default_value_t = 5)]
    warmup_s: u64,
    #[arg(long, default_value_t = 30)]
    duration_s: u64,
    /// Print one JSON line on stdout.
    #[arg(long)]
    json: bool,
    /// Write the latency curves as CSV `kind,percentile,ms`.
    #[arg(long)]
    percentiles_out: Option<std::path::PathBuf>,
}

#[derive(Subcommand, Debug)]
enum Mode {
    /// Pipelined simple OffsetCommit requests for one group (one coordinator): commits/s and
    /// commit latency.
    GroupCommit(GroupCommitArgs),
    /// N members join a fresh group together, like real consumers; time until stable.
    GroupJoin(GroupJoinArgs),
}

#[derive(Args, Debug)]
struct GroupCommitArgs {
    #[arg(long)]
    bootstrap: String,
    #[arg(long, default_value = "sluice-bench-commits")]
    group: String,
    /// An existing topic (created with --partitions if missing); every commit names all of
    /// its partitions.
    #[arg(long, default_value = "sluice-bench-commits")]
    topic: String,
    #[arg(long, default_value_t = 1)]
    partitions: i32,
    #[arg(long, default_value_t = 1)]
    connections: usize,
    /// Commits in flight per connection.
    #[arg(long, default_value_t = 8)]
    depth: usize,
    #[arg(long, default_value_t = 2)]
    warmup_s: u64,
    #[arg(long, default_value_t = 10)]
    duration_s: u64,
    /// Print one JSON line on stdout.
    #[arg(long)]
    json: bool,
}

#[derive(Args, Debug)]
struct GroupJoinArgs {
    #[arg(long)]
    bootstrap: String,
    /// Prefix of the group ids (one fresh group per repeat).
    #[arg(long, default_value = "sluice-bench-join")]
    group: String,
    /// The subscribed topic (created with --partitions if missing).
    #[arg(long, default_value = "sluice-bench-join")]
    topic: String,
    #[arg(long, default_value_t = 10)]
    partitions: i32,
    #[arg(long, default_value_t = 10)]
    members: usize,
    #[arg(long, default_value_t = 10)]
    repeats: usize,
    /// Java's default session.timeout.ms (Kafka 3.0+).
    #[arg(long, default_value_t = 45_000)]
    session_timeout_ms: i32,
    /// Java's default max.poll.interval.ms, which it sends as the rebalance timeout.
    #[arg(long, default_value_t = 300_000)]
    rebalance_timeout_ms: i32,
    /// heartbeat.interval.ms of Java and librdkafka.
    #[arg(long, default_value_t = 3_000)]
    heartbeat_ms: u64,
    /// A repeat not stable after this long counts as failed.
    #[arg(long, default_value_t = 120)]
    timeout_s: u64,
    /// Print one JSON line on stdout.
    #[arg(long)]
    json: bool,
}

impl Cli {
    fn check(&self) -> Result<()> {
        if self.record_size < SEND_TIME_BYTES {
            bail!("--record-size must be at least {SEND_TIME_BYTES} (the send time)");
        }
        if self.partitions < 1 || self.producers < 1 || self.max_in_flight < 1 {
            bail!("--partitions, --producers and --max-in-flight must be at least 1");
        }
        if self.duration_s == 0 {
            bail!("--duration-s must be at least 1");
        }
        if !(self.rate >= 0.0 && self.rate.is_finite()) {
            bail!("--rate must be a non-negative number");
        }
        Ok(())
    }
}

fn parse_key_value(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((key, value)) if !key.is_empty() => Ok((key.to_string(), value.to_string())),
        _ => Err(format!("{text:?} is not KEY=VALUE")),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.mode {
        Some(Mode::GroupCommit(args)) => group_commit(args),
        Some(Mode::GroupJoin(args)) => group_join(args),
        None => run(&cli),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("sluice-bench: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn group_commit(args: &GroupCommitArgs) -> Result<ExitCode> {
    let options = CommitOptions {
        bootstrap: args.bootstrap.clone(),
        group: args.group.clone(),
        topic: args.topic.clone(),
        partitions: args.partitions,
        connections: args.connections,
        depth: args.depth,
        warmup_s: args.warmup_s,
        duration_s: args.duration_s,
    };
    if options.duration_s == 0 {
        bail!("--duration-s must be at least 1");
    }
    let report = perf::group::commit::run(&options)?;
    eprint!("{}", report.to_text());
    if args.json {
        println!("{}", report.to_json());
    }
    Ok(if report.tally.commits == 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn group_join(args: &GroupJoinArgs) -> Result<ExitCode> {
    let options = JoinOptions {
        bootstrap: args.bootstrap.clone(),
        group: args.group.clone(),
        topic: args.topic.clone(),
        partitions: args.partitions,
        members: args.members,
        repeats: args.repeats,
        session_timeout_ms: args.session_timeout_ms,
        rebalance_timeout_ms: args.rebalance_timeout_ms,
        heartbeat_ms: args.heartbeat_ms,
        timeout_s: args.timeout_s,
    };
    let report = perf::group::join::run(&options)?;
    eprint!("{}", report.to_text());
    if args.json {
        println!("{}", report.to_json());
    }
    Ok(if report.runs.is_empty() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn run(cli: &Cli) -> Result<ExitCode> {
    cli.check()?;
    let (Some(bootstrap), Some(topic)) = (&cli.bootstrap, &cli.topic) else {
        bail!("--bootstrap and --topic are required (or name a mode: group-commit, group-join)");
    };
    let spec = TopicSpec {
        partitions: cli.partitions,
        replication_factor: cli.replication_factor,
        configs: cli.topic_configs.clone(),
    };
    let layout = ensure_topic_with(bootstrap, topic, &spec)?;
    if cli.create_only {
        let partitions: Vec<String> = layout
            .replicas
            .iter()
            .map(|(partition, (replicas, isr))| {
                format!(
                    r#"{{"partition":{partition},"leader":{},"replicas":{replicas:?},"isr":{isr:?}}}"#,
                    layout.leaders.get(partition).copied().unwrap_or(-1)
                )
            })
            .collect();
        println!(
            r#"{{"topic":"{topic}","partitions":[{}]}}"#,
            partitions.join(",")
        );
        return Ok(ExitCode::SUCCESS);
    }
    let one_record_bytes = BATCH_HEADER_BYTES + RECORD_OVERHEAD_BYTES_MAX + cli.record_size;
    if one_record_bytes > layout.max_message_bytes {
        bail!(
            "--record-size {} does not fit the topic's max.message.bytes {}",
            cli.record_size,
            layout.max_message_bytes
        );
    }
    let errors = Arc::new(ErrorLog::default());
    let clock = Clock::start();
    // Consumers are positioned at the log end before the first record is produced.
    let consumers = connect_consumers(cli, &layout, clock, &errors)?;
    let start_ns = clock.now_ns() + START_DELAY_MS * 1_000_000;
    let window_start_ns = start_ns + cli.warmup_s * 1_000_000_000;
    let window = Window {
        start_ns: window_start_ns,
        end_ns: window_start_ns + cli.duration_s * 1_000_000_000,
    };
    eprintln!(
        "sluice-bench: {} partition(s), {} producer(s), {} consumer(s); warm-up {} s, measure {} s",
        layout.leaders.len(),
        cli.producers,
        cli.consumers,
        cli.warmup_s,
        cli.duration_s
    );
    let producers_done = Arc::new(ProducersDone::default());
    let consumer_threads = spawn_consumers(consumers, window, &producers_done);
    let producer_threads = spawn_producers(cli, &layout, clock, start_ns, window, &errors);
    let produced = join_all(producer_threads);
    producers_done.mark(clock.now_ns());
    let consumed = join_all(consumer_threads);
    let report = Report {
        window_s: window.seconds(),
        publish_measured: cli.acks != 0,
        e2e_measured: cli.consumers > 0,
        produced,
        consumed,
    };
    emit(cli, &report)?;
    if report.produced.records_all == 0 {
        eprintln!("sluice-bench: nothing could be produced");
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

fn emit(cli: &Cli, report: &Report) -> Result<()> {
    eprint!("{}", report.to_text());
    if cli.json {
        println!("{}", report.to_json());
    }
    if let Some(path) = &cli.percentiles_out {
        std::fs::write(path, report.to_percentiles_csv())
            .with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(())
}

/// Consumer `i` reads partitions `p % C == i` (all of them with --fanout), one fetch loop
/// per leader it needs.
fn consumer_assignments(cli: &Cli, layout: &TopicLayout) -> Vec<(usize, i32, Vec<i32>)> {
    let mut assignments = Vec::new();
    for consumer in 0..cli.consumers {
        let mut by_leader: BTreeMap<i32, Vec<i32>> = BTreeMap::new();
        for (&partition, &leader) in &layout.leaders {
            if cli.fanout || partition as usize % cli.consumers == consumer {
                by_leader.entry(leader).or_default().push(partition);
            }
        }
        for (leader, partitions) in by_leader {
            assignments.push((consumer, leader, partitions));
        }
    }
    assignments
}

fn connect_consumers(
    cli: &Cli,
    layout: &TopicLayout,
    clock: Clock,
    errors: &Arc<ErrorLog>,
) -> Result<Vec<Consumer>> {
    let mut consumers = Vec::new();
    for (index, leader, partitions) in consumer_assignments(cli, layout) {
        let options = ConsumerOptions {
            index,
            topic: layout.topic.clone(),
            leader_address: layout.address_of(leader)?.to_string(),
            partitions,
            clock,
        };
        let consumer = Consumer::connect(options, Arc::clone(errors))
            .with_context(|| format!("consumer {index}"))?;
        consumers.push(consumer);
    }
    Ok(consumers)
}

fn spawn_consumers(
    consumers: Vec<Consumer>,
    window: Window,
    producers_done: &Arc<ProducersDone>,
) -> Vec<JoinHandle<Result<Tally>>> {
    consumers
        .into_iter()
        .map(|consumer| {
            let done = Arc::clone(producers_done);
            thread::spawn(move || Ok(consumer.run(window, &done)))
        })
        .collect()
}

fn spawn_producers(
    cli: &Cli,
    layout: &TopicLayout,
    clock: Clock,
    start_ns: u64,
    window: Window,
    errors: &Arc<ErrorLog>,
) -> Vec<JoinHandle<Result<Tally>>> {
    let rate_per_s = (cli.rate > 0.0).then(|| cli.rate / cli.producers as f64);
    (0..cli.producers)
        .map(|index| {
            let options = ProducerOptions {
                index,
                layout: layout.clone(),
                acks: cli.acks,
                linger_ns: cli.linger_ms * 1_000_000,
                batch_bytes: cli.batch_bytes,
                max_request_bytes: cli.max_request_bytes,
                max_in_flight: cli.max_in_flight,
                compression: cli.compression,
                record_bytes: cli.record_size,
                rate_per_s,
                clock,
                start_ns,
                window,
                hard_stop_ns: window.end_ns + GRACE_S * 1_000_000_000,
            };
            let errors = Arc::clone(errors);
            let nice = cli.producer_nice;
            thread::spawn(move || {
                lower_priority(nice);
                producer::run(options, errors)
            })
        })
        .collect()
}

/// Adds `nice` to the calling thread's niceness (Linux: setpriority on its thread id affects
/// that thread alone). A failure only prints: the run goes on at the inherited priority.
fn lower_priority(nice: i32) {
    if nice == 0 {
        return;
    }
    // SAFETY: plain system calls on the calling thread's own id.
    let failed = unsafe {
        let tid = libc::gettid() as libc::id_t;
        let current = libc::getpriority(libc::PRIO_PROCESS, tid);
        libc::setpriority(libc::PRIO_PROCESS, tid, current + nice) != 0
    };
    if failed {
        eprintln!(
            "sluice-bench: setpriority(+{nice}) on a producer thread failed: {}",
            std::io::Error::last_os_error()
        );
    }
}

fn join_all(threads: Vec<JoinHandle<Result<Tally>>>) -> Tally {
    let mut total = Tally::new();
    for thread in threads {
        match thread.join() {
            Ok(Ok(tally)) => total.merge(&tally),
            Ok(Err(err)) => {
                eprintln!("error: {err:#}");
                total.errors += 1;
            }
            Err(_) => total.errors += 1,
        }
    }
    total
}
