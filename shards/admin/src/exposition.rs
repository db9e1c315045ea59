//! The shards' snapshots as Prometheus' text exposition format (0.0.4).
//!
//! Kafka's metrics are named as the Prometheus JMX exporter rules Strimzi ships name Kafka's
//! MBeans (lower-cased output names), so Kafka dashboards and alerts find them:
//! `kafka.server:type=BrokerTopicMetrics,name=BytesInPerSec,topic=T` (Count) becomes
//! `kafka_server_brokertopicmetrics_bytesin_total{topic="T"}` (and without `topic`, all
//! topics); `kafka.network:type=RequestMetrics,name=RequestsPerSec,request=R,version=V`
//! becomes `kafka_network_requestmetrics_requests_total{request,version}`; a Kafka histogram
//! such as `TotalTimeMs,request=R` becomes Strimzi's summary emulation,
//! `kafka_network_requestmetrics_totaltimems{request,quantile="0.50".."0.999"}` plus `_count`
//! and `_sum` (which Strimzi's emulation lacks), and so are its parts (`requestqueuetimems`,
//! `localtimems`, `remotetimems`, `responsequeuetimems`, `responsesendtimems`: see
//! `runtime::metrics::RequestTimes`); gauges (`Value`) keep their name.
//! Sluice's own per-shard metrics are `sluice_shard_*{shard}`. The log cleaner's gauges are
//! Kafka's LogCleaner / LogCleanerManager ones (`kafka_log_logcleaner_max_clean_time_secs`,
//! `..._max_buffer_utilization_percent`, `..._cleaner_recopy_percent`,
//! `kafka_log_logcleanermanager_max_dirty_percent`, `..._time_since_last_run_ms`).

use hdrhistogram::Histogram;
use model::{NodeId, TopicId};
use runtime::metrics::{ShardSnapshot, TopicCounts, REQUEST_STAGES, TOPIC_SERIES_MAX};
use runtime::Shard;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;

/// The quantiles Kafka's histograms export (its JMX attributes 50thPercentile..999thPercentile),
/// labelled as Strimzi's rules label them.
const QUANTILES: &[(f64, &str)] = &[
    (50.0, "0.50"),
    (75.0, "0.75"),
    (95.0, "0.95"),
    (98.0, "0.98"),
    (99.0, "0.99"),
    (99.9, "0.999"),
];

/// Renders every metric. `snapshots[i]` is shard i's, `None` if it did not answer in time.
pub(crate) fn render(shard: &Shard, snapshots: &[Option<ShardSnapshot>]) -> String {
    let answered: Vec<&ShardSnapshot> = snapshots.iter().flatten().collect();
    // Sized up front (about 100 bytes a sample): growing a string of hundreds of KiB copies
    // it and faults its pages in again at every doubling.
    let series: usize = answered
        .iter()
        .map(|s| 3 * s.topics.len() + 2 * s.committed.len() + 10 * s.requests.len())
        .sum();
    let mut out = Out {
        text: String::with_capacity(16 * 1024 + 100 * series),
    };
    let image = shard.image();
    // Topic names by id, once per scrape (the image's own lookup goes through the name).
    let names: HashMap<TopicId, &str> = image.topics().map(|t| (t.id, t.name.as_str())).collect();
    topic_metrics(&mut out, &names, &answered);
    request_metrics(&mut out, &answered);
    partition_gauges(&mut out, shard);
    isr_changes(&mut out, &answered);
    cleaner_metrics(&mut out, &answered, now_ms());
    group_lag(&mut out, &names, &answered);
    shard_metrics(&mut out, snapshots);
    out.text
}

#[derive(Default)]
struct Out {
    text: String,
}

impl Out {
    fn family(&mut self, name: &str, kind: &str, help: &str) {
        let _ = writeln!(self.text, "# HELP {name} {help}");
        let _ = writeln!(self.text, "# TYPE {name} {kind}");
    }

    fn sample(&mut self, name: &str, labels: &[(&str, &str)], value: impl std::fmt::Display) {
        self.text.push_str(name);
        if !labels.is_empty() {
            self.text.push('{');
            for (i, (k, v)) in labels.iter().enumerate() {
                if i > 0 {
                    self.text.push(',');
                }
                self.text.push_str(k);
                self.text.push_str("=\"");
                push_escaped(&mut self.text, v);
                self.text.push('"');
            }
            self.text.push('}');
        }
        let _ = writeln!(self.text, " {value}");
    }

    /// A summary from a histogram in µs, in `unit_us` µs per exported unit.
    fn summary(
        &mut self,
        name: &str,
        labels: &[(&str, &str)],
        h: &Histogram<u64>,
        sum_us: u64,
        unit_us: f64,
    ) {
        for (q, label) in QUANTILES {
            let mut with_q = labels.to_vec();
            with_q.push(("quantile", label));
            let value = if h.is_empty() {
                0.0
            } else {
                h.value_at_percentile(*q) as f64 / unit_us
            };
            self.sample(name, &with_q, value);
        }
        self.sample(&format!("{name}_sum"), labels, sum_us as f64 / unit_us);
        self.sample(&format!("{name}_count"), labels, h.len());
    }
}

/// Appends a label value with backslash, double quote and line feed escaped (the format's
/// rule); most values have none, and are copied as they are.
fn push_escaped(out: &mut String, value: &str) {
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
}

fn merge(into: &mut Option<Histogram<u64>>, h: &Histogram<u64>) {
    match into {
        Some(m) => {
            // Same bounds on every shard (one constructor); a failure would only lose samples.
            let _ = m.add(h);
        }
        None => *into = Some(h.clone()),
    }
}

fn topic_metrics(out: &mut Out, names: &HashMap<TopicId, &str>, answered: &[&ShardSnapshot]) {
    let mut all = TopicCounts::default();
    let mut by_topic: BTreeMap<TopicId, TopicCounts> = BTreeMap::new();
    for s in answered {
        all.add(&s.all_topics);
        for (id, counts) in &s.topics {
            by_topic.entry(*id).or_default().add(counts);
        }
    }
    let mut named: Vec<(&str, TopicCounts)> = by_topic
        .iter()
        .filter_map(|(id, c)| Some((*names.get(id)?, *c)))
        .collect();
    named.sort_by(|a, b| a.0.cmp(b.0));
    let dropped = named.len().saturating_sub(TOPIC_SERIES_MAX);
    named.truncate(TOPIC_SERIES_MAX);
    type Pick = fn(&TopicCounts) -> u64;
    let families: [(&str, &str, Pick); 3] = [
        (
            "kafka_server_brokertopicmetrics_bytesin_total",
            "Record bytes appended to partitions led here (Kafka's BytesInPerSec); without a topic label, all topics.",
            |c| c.bytes_in,
        ),
        (
            "kafka_server_brokertopicmetrics_messagesin_total",
            "Records appended to partitions led here (Kafka's MessagesInPerSec); without a topic label, all topics.",
            |c| c.messages_in,
        ),
        (
            "kafka_server_brokertopicmetrics_bytesout_total",
            "Record bytes put in Fetch responses (Kafka's BytesOutPerSec); without a topic label, all topics.",
            |c| c.bytes_out,
        ),
    ];
    for (name, help, pick) in families {
        out.family(name, "counter", help);
        out.sample(name, &[], pick(&all));
        for (topic, counts) in &named {
            out.sample(name, &[("topic", topic)], pick(counts));
        }
    }
    out.family(
        "sluice_topic_series_dropped",
        "gauge",
        "Topics left out of this scrape's per-topic series (more than the cap of merged series).",
    );
    out.sample("sluice_topic_series_dropped", &[], dropped);
}

fn request_name(key: i16) -> String {
    match kafka_protocol::messages::ApiKey::try_from(key) {
        Ok(api) => format!("{api:?}"),
        Err(_) => format!("Unknown{key}"),
    }
}

fn request_metrics(out: &mut Out, answered: &[&ShardSnapshot]) {
    let mut counts: BTreeMap<(i16, i16), u64> = BTreeMap::new();
    // Per API, per stage of REQUEST_STAGES: the merged histogram and the sum.
    type Stages = [(Option<Histogram<u64>>, u64); 6];
    let mut times: BTreeMap<i16, Stages> = BTreeMap::new();
    for s in answered {
        for api in &s.requests {
            for (version, n) in &api.by_version {
                *counts.entry((api.key, *version)).or_insert(0) += n;
            }
            let stages = times.entry(api.key).or_default();
            for (stage, (h, sum)) in stages.iter_mut().enumerate() {
                merge(h, &api.times_us[stage]);
                *sum = sum.saturating_add(api.times_us_sum[stage]);
            }
        }
    }
    let name = "kafka_network_requestmetrics_requests_total";
    out.family(
        name,
        "counter",
        "Requests answered, by Kafka request name and version (Kafka's RequestsPerSec).",
    );
    for ((key, version), n) in &counts {
        let request = request_name(*key);
        out.sample(
            name,
            &[("request", &request), ("version", &version.to_string())],
            n,
        );
    }
    for (stage, kafka_name) in REQUEST_STAGES.iter().enumerate() {
        let name = format!(
            "kafka_network_requestmetrics_{}",
            kafka_name.to_ascii_lowercase()
        );
        let help = format!(
            "Milliseconds {}, by request (Kafka's {kafka_name}).",
            STAGE_HELP[stage]
        );
        out.family(&name, "summary", &help);
        for (key, stages) in &times {
            if let (Some(h), sum) = &stages[stage] {
                let request = request_name(*key);
                out.summary(&name, &[("request", &request)], h, *sum, 1000.0);
            }
        }
    }
}

/// What each stage of `REQUEST_STAGES` measures, for the families' HELP lines.
const STAGE_HELP: [&str; 6] = [
    "from a request's frame read to its handler starting (the connection's previous request taking effect, the shard running the task)",
    "the shard spent polling a request's handler (its own work)",
    "a request's handler waited (the disk, replicas, other shards, the controller, a long poll)",
    "from a request answered to its response starting to be written (behind the connection's earlier responses)",
    "writing a response to the socket",
    "from a request's frame read to its response written",
];

/// Node-wide gauges computed from this shard's metadata image (every shard holds the same
/// committed image).
fn partition_gauges(out: &mut Out, shard: &Shard) {
    let image = shard.image();
    let node = NodeId(shard.config.node_id);
    let active = shard.lifecycle().metadata_leader() == Some(shard.config.node_id);
    let (mut partitions, mut leaders, mut under, mut offline, mut topics) = (0u64, 0, 0, 0, 0);
    let mut global = 0u64;
    for topic in image.topics() {
        topics += 1;
        for p in topic.partitions.values() {
            global += 1;
            if p.replicas.contains(&node) {
                partitions += 1;
            }
            if p.leader == node {
                leaders += 1;
                if p.isr.len() < p.replicas.len() {
                    under += 1;
                }
            }
            if p.leader.0 < 0 {
                offline += 1;
            }
        }
    }
    let gauges: [(&str, &str, u64); 7] = [
        (
            "kafka_server_replicamanager_partitioncount",
            "Partitions with a replica on this broker.",
            partitions,
        ),
        (
            "kafka_server_replicamanager_leadercount",
            "Partitions this broker leads.",
            leaders,
        ),
        (
            "kafka_server_replicamanager_underreplicatedpartitions",
            "Partitions led here whose in-sync replicas are fewer than their replicas.",
            under,
        ),
        (
            "kafka_controller_kafkacontroller_activecontrollercount",
            "1 on the active controller (the metadata quorum's leader), else 0.",
            u64::from(active),
        ),
        (
            "kafka_controller_kafkacontroller_offlinepartitionscount",
            "Partitions without a leader (on the active controller; 0 elsewhere).",
            if active { offline } else { 0 },
        ),
        (
            "kafka_controller_kafkacontroller_globalpartitioncount",
            "Partitions in the cluster (on the active controller; 0 elsewhere).",
            if active { global } else { 0 },
        ),
        (
            "kafka_controller_kafkacontroller_globaltopiccount",
            "Topics in the cluster (on the active controller; 0 elsewhere).",
            if active { topics } else { 0 },
        ),
    ];
    for (name, help, value) in gauges {
        out.family(name, "gauge", help);
        out.sample(name, &[], value);
    }
}

/// ISR shrinks and expansions the leaders of this node committed, summed over its shards.
fn isr_changes(out: &mut Out, answered: &[&ShardSnapshot]) {
    type Pick = fn(&ShardSnapshot) -> u64;
    let families: [(&str, &str, Pick); 2] = [
        (
            "kafka_server_replicamanager_isrshrinks_total",
            "Times a partition led here shrank its in-sync replicas (accepted AlterPartition).",
            |s| s.isr_shrinks,
        ),
        (
            "kafka_server_replicamanager_isrexpands_total",
            "Times a partition led here added an in-sync replica (accepted AlterPartition).",
            |s| s.isr_expands,
        ),
    ];
    for (name, help, pick) in families {
        out.family(name, "counter", help);
        out.sample(name, &[], answered.iter().map(|s| pick(s)).sum::<u64>());
    }
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// Kafka's log cleaner gauges (`kafka.log:type=LogCleaner` and `type=LogCleanerManager`), each
/// shard's cleaner task standing for one of Kafka's cleaner threads; none when
/// `log.cleaner.enable=false` (Kafka then has no cleaner either).
fn cleaner_metrics(out: &mut Out, answered: &[&ShardSnapshot], now_ms: i64) {
    let cleaners: Vec<_> = answered
        .iter()
        .map(|s| s.cleaner)
        .filter(|c| c.last_run_ms > 0)
        .collect();
    if cleaners.is_empty() {
        return;
    }
    let last: Vec<_> = cleaners.iter().filter_map(|c| c.last).collect();
    let max = |pick: fn(&runtime::metrics::LastCleaning) -> f64| {
        last.iter().map(pick).fold(0.0, f64::max)
    };
    let read: u64 = last.iter().map(|l| l.bytes_read).sum();
    let written: u64 = last.iter().map(|l| l.bytes_written).sum();
    let recopy_percent = (100.0 * written as f64 / read.max(1) as f64) as i64;
    let dirtiest = cleaners
        .iter()
        .map(|c| c.dirtiest_ratio)
        .fold(0.0, f64::max);
    let last_run_ms = cleaners
        .iter()
        .map(|c| c.last_run_ms)
        .max()
        .unwrap_or(now_ms);
    let gauges: [(&str, &str, f64); 5] = [
        (
            "kafka_log_logcleaner_max_buffer_utilization_percent",
            "Highest key map utilization of any cleaner's last cleaning, in percent.",
            100.0 * max(|l| l.buffer_utilization),
        ),
        (
            "kafka_log_logcleaner_cleaner_recopy_percent",
            "Bytes the cleaners' last cleanings wrote per byte they read, in percent.",
            recopy_percent as f64,
        ),
        (
            "kafka_log_logcleaner_max_clean_time_secs",
            "Longest last cleaning of any cleaner, in seconds.",
            max(|l| l.elapsed_secs),
        ),
        (
            "kafka_log_logcleanermanager_max_dirty_percent",
            "Dirty ratio of the dirtiest compacted log at the cleaners' last look, in percent.",
            (100.0 * dirtiest).trunc(),
        ),
        (
            "kafka_log_logcleanermanager_time_since_last_run_ms",
            "Milliseconds since a cleaner last looked for a log to clean.",
            now_ms.saturating_sub(last_run_ms).max(0) as f64,
        ),
    ];
    for (name, help, value) in gauges {
        out.family(name, "gauge", help);
        out.sample(name, &[], value);
    }
}

/// Consumer-group offsets and lag as kafka-exporter names them: the committed offset, and the
/// partition's high watermark minus it, per (group, topic, partition) this node coordinates.
fn group_lag(out: &mut Out, names: &HashMap<TopicId, &str>, answered: &[&ShardSnapshot]) {
    let mut high_watermarks: HashMap<(&str, i32), i64> = HashMap::new();
    for s in answered {
        for (id, partition, hw) in &s.high_watermarks {
            if let Some(topic) = names.get(id) {
                high_watermarks.insert((*topic, *partition), *hw);
            }
        }
    }
    let mut committed: Vec<&(String, String, i32, i64)> =
        answered.iter().flat_map(|s| &s.committed).collect();
    committed.sort();
    // (group, topic, partition, committed offset, lag if the partition is on this node)
    let rows: Vec<(&str, &str, String, i64, Option<i64>)> = committed
        .iter()
        .map(|(group, topic, partition, offset)| {
            let hw = high_watermarks.get(&(topic.as_str(), *partition));
            let lag = hw.map(|hw| (hw - offset).max(0));
            (
                group.as_str(),
                topic.as_str(),
                partition.to_string(),
                *offset,
                lag,
            )
        })
        .collect();
    type Pick = fn(i64, Option<i64>) -> Option<i64>;
    let families: [(&str, &str, Pick); 2] = [
        (
            "kafka_consumergroup_current_offset",
            "Committed offset of a consumer group on a partition (kafka-exporter's name).",
            |offset, _| Some(offset),
        ),
        (
            "kafka_consumergroup_lag",
            "Records between a consumer group's committed offset and the partition's high watermark (kafka-exporter's name); partitions not on this node are left out.",
            |_, lag| lag,
        ),
    ];
    for (name, help, pick) in families {
        out.family(name, "gauge", help);
        for (group, topic, partition, offset, lag) in &rows {
            if let Some(v) = pick(*offset, *lag) {
                let labels = [
                    ("consumergroup", *group),
                    ("topic", *topic),
                    ("partition", partition.as_str()),
                ];
                out.sample(name, &labels, v);
            }
        }
    }
    let name = "sluice_consumergroup_lag_series_dropped";
    out.family(
        name,
        "gauge",
        "Committed offsets left out of this scrape (more than the per-shard cap).",
    );
    let dropped: u64 = answered.iter().map(|s| s.lag_series_dropped).sum();
    out.sample(name, &[], dropped);
}

fn shard_metrics(out: &mut Out, snapshots: &[Option<ShardSnapshot>]) {
    let ids: Vec<String> = (0..snapshots.len()).map(|i| i.to_string()).collect();
    let answered = || {
        snapshots
            .iter()
            .zip(&ids)
            .filter_map(|(s, id)| Some((s.as_ref()?, id.as_str())))
    };
    out.family(
        "sluice_shard_up",
        "gauge",
        "1 if the shard answered this scrape in time, else 0.",
    );
    for (s, id) in snapshots.iter().zip(&ids) {
        out.sample("sluice_shard_up", &[("shard", id)], u64::from(s.is_some()));
    }
    type Pick = fn(&ShardSnapshot) -> u64;
    let simple: [(&str, &str, &str, Pick); 9] = [
        ("sluice_shard_serving", "gauge", "1 while the shard serves (not starting or stopping).", |s| u64::from(s.step == runtime::Step::Serving.name())),
        ("sluice_shard_connections", "gauge", "Kafka client connections open on the shard.", |s| s.connections_open),
        ("sluice_shard_connections_accepted_total", "counter", "Kafka client connections the shard accepted.", |s| s.connections_accepted),
        ("sluice_shard_requests_total", "counter", "Kafka request frames the shard read (refused ones included).", |s| s.requests_read),
        ("sluice_shard_rejected_total", "counter", "Connections and requests the shard refused, all reasons.", |s| s.rejected),
        ("sluice_shard_partitions", "gauge", "Partition logs the shard owns.", |s| s.partitions),
        ("sluice_shard_mesh_messages_sent_total", "counter", "Messages the shard sent to other shards over the links.", |s| s.mesh_sent),
        ("sluice_shard_mesh_messages_received_total", "counter", "Messages the shard took from other shards' links.", |s| s.mesh_received),
        ("sluice_shard_topic_series_dropped_total", "counter", "Topic counts that found no per-topic series (the shard's cap was reached); the all-topics totals still have them.", |s| s.series_dropped),
    ];
    for (name, kind, help, pick) in simple {
        out.family(name, kind, help);
        for (s, id) in answered() {
            out.sample(name, &[("shard", id)], pick(s));
        }
    }
    let name = "sluice_shard_tasks_executed_total";
    out.family(name, "counter", "Tasks the shard's executor ran.");
    for (s, id) in answered() {
        out.sample(name, &[("shard", id)], s.tasks_executed);
    }
    let name = "sluice_shard_busy_seconds_total";
    out.family(
        name,
        "counter",
        "Seconds the shard's executor ran tasks or polled IO (not parked); its rate is the shard's busy ratio.",
    );
    for (s, id) in answered() {
        out.sample(name, &[("shard", id)], s.busy.as_secs_f64());
    }
    let name = "sluice_stage_seconds_total";
    out.family(
        name,
        "counter",
        "Seconds the shard spent in each stage of the produce and fetch paths (synchronous work on the shard's thread: its CPU unless the OS preempted it); divided by the megabytes produced or fetched it is the CPU cost per MB by stage (perf/stage-profile).",
    );
    for (s, id) in answered() {
        for ((_, path, stage), ns) in runtime::profile::STAGES.iter().zip(s.stages_ns) {
            let labels = [("shard", id), ("path", *path), ("stage", *stage)];
            out.sample(name, &labels, ns as f64 / 1e9);
        }
    }
    let name = "sluice_shard_fetch_bytes_total";
    out.family(
        name,
        "counter",
        "Record bytes the shard sent in Fetch responses, by path: zero_copy (sendfile) or copied (one bounded chunk when the socket was full).",
    );
    for (s, id) in answered() {
        out.sample(
            name,
            &[("shard", id), ("path", "zero_copy")],
            s.fetch_bytes_zero_copy,
        );
        out.sample(
            name,
            &[("shard", id), ("path", "copied")],
            s.fetch_bytes_copied,
        );
    }
    let name = "sluice_shard_rejections_total";
    out.family(
        name,
        "counter",
        "Refusals by what was refused (connection, frame, request, http) and why.",
    );
    for (s, id) in answered() {
        for (what, reason, n) in &s.rejections {
            out.sample(
                name,
                &[("shard", id), ("what", what), ("reason", reason)],
                n,
            );
        }
    }
    type BySasl = fn(&ShardSnapshot) -> &[(String, String, u64)];
    let sasl_counts: [(&str, &str, BySasl); 2] = [
        (
            "sluice_shard_authentication_failures_total",
            "Failed SASL authentications by listener and mechanism (Kafka's failed-authentication-total).",
            |s| &s.authentication_failures,
        ),
        (
            "sluice_shard_reauthentications_total",
            "Successful SASL re-authentications (KIP-368) by listener and mechanism.",
            |s| &s.reauthentications,
        ),
    ];
    for (name, help, pick) in sasl_counts {
        out.family(name, "counter", help);
        for (s, id) in answered() {
            for (listener, mechanism, n) in pick(s) {
                out.sample(
                    name,
                    &[
                        ("shard", id),
                        ("listener", listener),
                        ("mechanism", mechanism),
                    ],
                    n,
                );
            }
        }
    }
    let throttles = [
        (
            "sluice_quota_throttled_total",
            "Responses to clients over a client quota (Kafka's Produce/Fetch/Request quota sensors), by quota type.",
        ),
        (
            "sluice_quota_throttle_seconds_total",
            "Time clients over a client quota were throttled (Kafka's throttle-time), by quota type.",
        ),
    ];
    for (i, (name, help)) in throttles.into_iter().enumerate() {
        out.family(name, "counter", help);
        for (s, id) in answered() {
            for (quota_type, n, ms) in &s.quota_throttles {
                let labels = [("shard", id), ("quota_type", *quota_type)];
                if i == 0 {
                    out.sample(name, &labels, n);
                } else {
                    out.sample(name, &labels, *ms as f64 / 1000.0);
                }
            }
        }
    }
    let name = "sluice_authorization_denials_total";
    out.family(
        name,
        "counter",
        "Authorization checks the authorizer denied, by listener, operation and resource type.",
    );
    for (s, id) in answered() {
        for (listener, operation, resource_type, n) in &s.authorization_denials {
            out.sample(
                name,
                &[
                    ("shard", id),
                    ("listener", listener.as_str()),
                    ("operation", operation),
                    ("resource_type", resource_type),
                ],
                n,
            );
        }
    }
    type Latency<'a> = fn(&'a ShardSnapshot) -> Option<(&'a Histogram<u64>, u64)>;
    let latencies: [(&str, &str, Latency); 2] = [
        (
            "sluice_shard_fsync_seconds",
            "fdatasync latency of the shard's partition logs (data and index files).",
            |s| s.fsync.as_ref().map(|f| (&f.histogram_us, f.sum_us)),
        ),
        (
            "sluice_shard_mesh_round_trip_seconds",
            "Round trip of partition work sent to another shard and answered (long polls left out).",
            |s| Some((s.mesh_round_trip_us.as_ref()?, s.mesh_round_trip_us_sum)),
        ),
    ];
    for (name, help, pick) in latencies {
        out.family(name, "summary", help);
        for (s, id) in answered() {
            if let Some((h, sum_us)) = pick(s) {
                out.summary(name, &[("shard", id)], h, sum_us, 1e6);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_values_are_escaped() {
        let mut out = String::new();
        push_escaped(&mut out, "a\"b\\c\nd");
        assert_eq!(out, "a\\\"b\\\\c\\nd");
    }

    #[test]
    fn a_summary_has_strimzis_quantiles_and_a_count() {
        let mut out = Out::default();
        let mut h = runtime::metrics::latency_histogram();
        for us in [1000, 2000, 3000] {
            h.record(us).unwrap();
        }
        out.summary("x", &[("request", "Produce")], &h, 6000, 1000.0);
        assert!(out
            .text
            .contains("x{request=\"Produce\",quantile=\"0.50\"} 2"));
        assert!(out
            .text
            .contains("x{request=\"Produce\",quantile=\"0.999\"} 3"));
        assert!(out.text.contains("x_sum{request=\"Produce\"} 6\n"));
        assert!(out.text.contains("x_count{request=\"Produce\"} 3\n"));
    }

    #[test]
    fn request_names_are_kafkas() {
        assert_eq!(request_name(0), "Produce");
        assert_eq!(request_name(18), "ApiVersions");
        assert_eq!(request_name(-7), "Unknown-7");
    }
}
