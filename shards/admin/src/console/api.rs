//! `/api/cluster`, `/api/topics`, `/api/topics/{name}`, `/api/configs` and
//! `/api/metrics/series`: the image, the shards' console snapshots and log sizes, and
//! DescribeConfigs' answers, as JSON.

use super::authz::{self, View};
use super::{ApiError, Ctx, GATHER_MAX};
use kafka_protocol::messages::describe_configs_request::DescribeConfigsResource;
use kafka_protocol::messages::{DescribeConfigsRequest, RequestKind, ResponseKind};
use kafka_protocol::protocol::StrBytes;
use model::{ErrorCode, NodeId, TopicId};
use runtime::series::{ConsoleSnapshot, SeriesSample, SERIES_INTERVAL};
use runtime::Shard;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::rc::Rc;

/// Topics listed by `/api/topics` at most (sorted by name; the answer says `truncated`).
const TOPICS_MAX: usize = 1000;
/// Partitions listed by `/api/topics/{name}` at most, and by `/api/topics` over all topics
/// (past it a topic is listed without its partitions' details).
const PARTITIONS_MAX: usize = 10_000;
/// Kafka's DescribeConfigs resource types.
const RESOURCE_TOPIC: i8 = 2;
const RESOURCE_BROKER: i8 = 4;
/// The topic configs `/api/topics` shows beside each topic.
const RETENTION_KEYS: [&str; 3] = ["cleanup.policy", "retention.ms", "retention.bytes"];

fn sources() -> [(i8, &'static str); 9] {
    [
        (0, "UNKNOWN"),
        (1, "DYNAMIC_TOPIC_CONFIG"),
        (2, "DYNAMIC_BROKER_CONFIG"),
        (3, "DYNAMIC_DEFAULT_BROKER_CONFIG"),
        (4, "STATIC_BROKER_CONFIG"),
        (5, "DEFAULT_CONFIG"),
        (6, "DYNAMIC_BROKER_LOGGER_CONFIG"),
        (7, "CLIENT_METRICS_CONFIG"),
        (8, "GROUP_CONFIG"),
    ]
}

/// Kafka's name for a `ConfigSource` id.
fn source_name(id: i8) -> &'static str {
    sources()
        .iter()
        .find(|(i, _)| *i == id)
        .map_or("UNKNOWN", |(_, name)| name)
}

/// The shards' snapshots, in shard order (`None`: did not answer in time).
async fn gather(shard: &Rc<Shard>) -> Vec<Option<ConsoleSnapshot>> {
    shard.gather_console(GATHER_MAX, None).await
}

/// The busy ratio over the last sample interval (0..1), if two samples exist.
fn busy_ratio(samples: &[SeriesSample]) -> Option<f64> {
    let [.., a, b] = samples else { return None };
    let ms = b.at_ms.saturating_sub(a.at_ms);
    (ms > 0).then(|| (b.busy_us.saturating_sub(a.busy_us) as f64 / (ms as f64 * 1000.0)).min(1.0))
}

/// Nodes, shards and their load for any principal (as Metadata and DescribeCluster name the
/// brokers and the controller to every client); topic and partition counts over the topics
/// the caller may describe.
pub(crate) async fn cluster(ctx: &Ctx<'_>) -> Value {
    let shard = ctx.shard;
    let image = shard.image();
    let config = &shard.config;
    let leader = shard.lifecycle().metadata_leader();
    let this = NodeId(config.node_id);
    let mut nodes: Vec<Value> = image
        .brokers()
        .map(|b| {
            let endpoint = b.listeners.first();
            json!({
                "id": b.node_id.0,
                "host": endpoint.map(|e| e.host.clone()),
                "port": endpoint.map(|e| e.port),
                "listeners": b.listeners.iter().map(|e| format!("{}://{}:{}", e.name, e.host, e.port)).collect::<Vec<_>>(),
                "rack": b.rack,
                "fenced": b.fenced,
                "in_controlled_shutdown": b.in_controlled_shutdown,
                "shards": b.num_shards,
                "controller": Some(b.node_id.0) == leader,
                "this": b.node_id == this,
            })
        })
        .collect();
    if nodes.is_empty() {
        // The embedded single node before (or without) a registration: itself.
        nodes.push(json!({
            "id": config.node_id,
            "rack": Value::Null,
            "fenced": false,
            "controller": Some(config.node_id) == leader,
            "this": true,
            "shards": shard.nr_shards,
        }));
    }
    let (mut partitions, mut leaders, mut under, mut offline, mut topics) =
        (0u64, 0u64, 0u64, 0u64, 0u64);
    for topic in image
        .topics()
        .filter(|t| authz::describes_topic(ctx, &t.name))
    {
        topics += 1;
        for p in topic.partitions.values() {
            partitions += 1;
            if p.leader == this {
                leaders += 1;
            }
            if p.isr.len() < p.replicas.len() {
                under += 1;
            }
            if p.leader.0 < 0 {
                offline += 1;
            }
        }
    }
    let snapshots = gather(shard).await;
    let shards: Vec<Value> = snapshots
        .iter()
        .enumerate()
        .map(|(i, s)| match s {
            Some(s) => json!({
                "shard": i,
                "up": true,
                "step": s.step,
                "busy_ratio": busy_ratio(&s.samples),
                "partitions": s.partitions,
                "connections": s.connections_open,
            }),
            None => json!({ "shard": i, "up": false }),
        })
        .collect();
    let connections: u64 = snapshots.iter().flatten().map(|s| s.connections_open).sum();
    json!({
        "cluster_id": shard.cluster_id,
        "node_id": config.node_id,
        "controller_id": leader,
        "metadata_applied_index": image.applied_index(),
        "nodes": nodes,
        "shards": shards,
        "topics": topics,
        "partitions": {
            "total": partitions,
            "led_here": leaders,
            "under_replicated": under,
            "offline": offline,
        },
        "connections": connections,
        "version": env!("CARGO_PKG_VERSION"),
    })
}

/// Per topic: (bytes in, bytes out) summed over shards, one entry per sample (aligned on the
/// newest), and the rate over the last interval.
struct Traffic {
    samples: Vec<(u64, u64)>,
}

impl Traffic {
    fn rates(&self) -> (f64, f64) {
        let secs = SERIES_INTERVAL.as_secs_f64();
        match self.samples.as_slice() {
            [.., a, b] => (
                b.0.saturating_sub(a.0) as f64 / secs,
                b.1.saturating_sub(a.1) as f64 / secs,
            ),
            _ => (0.0, 0.0),
        }
    }

    /// Bytes in per interval, oldest first (the sparkline).
    fn spark(&self) -> Vec<u64> {
        self.samples
            .windows(2)
            .map(|w| w[1].0.saturating_sub(w[0].0) + w[1].1.saturating_sub(w[0].1))
            .collect()
    }
}

fn traffic(snapshots: &[Option<ConsoleSnapshot>]) -> HashMap<TopicId, Traffic> {
    let mut out: HashMap<TopicId, Traffic> = HashMap::new();
    for s in snapshots.iter().flatten() {
        for (id, ring) in &s.topics {
            let t = out.entry(*id).or_insert(Traffic {
                samples: Vec::new(),
            });
            // Align on the newest sample: shards sample on their own timers.
            if t.samples.len() < ring.len() {
                let pad = ring.len() - t.samples.len();
                t.samples.splice(0..0, std::iter::repeat_n((0, 0), pad));
            }
            let offset = t.samples.len() - ring.len();
            for (slot, (i, o)) in t.samples[offset..].iter_mut().zip(ring) {
                slot.0 += i;
                slot.1 += o;
            }
        }
    }
    out
}

fn partition_json(p: &metadata::PartitionImage, size: Option<u64>) -> Value {
    let ids = |v: &[NodeId]| v.iter().map(|n| n.0).collect::<Vec<_>>();
    json!({
        "partition": p.partition,
        "leader": (p.leader.0 >= 0).then_some(p.leader.0),
        "leader_epoch": p.leader_epoch.0,
        "replicas": ids(&p.replicas),
        "isr": ids(&p.isr),
        "elr": ids(&p.elr),
        "size_bytes": size,
    })
}

/// The topics the caller may describe (Metadata's rule), each with its retention configs where
/// it may describe those (DescribeConfigs').
pub(crate) async fn topics(ctx: &Ctx<'_>) -> Value {
    let shard = ctx.shard;
    let image = shard.image();
    let snapshots = gather(shard).await;
    let traffic = traffic(&snapshots);
    let sizes = sizes(shard).await;
    // A topic without its own value has the broker's default (as DescribeConfigs says).
    let config = &shard.config;
    let defaults = [
        config.log_cleanup_policy.clone(),
        config.log_retention_ms.to_string(),
        config.log_retention_bytes.to_string(),
    ];
    let mut all: Vec<&metadata::TopicImage> = image
        .topics()
        .filter(|t| authz::describes_topic(ctx, &t.name))
        .collect();
    all.sort_by(|a, b| a.name.cmp(&b.name));
    let truncated = all.len() > TOPICS_MAX;
    let mut details_left = PARTITIONS_MAX;
    let topics: Vec<Value> = all
        .iter()
        .take(TOPICS_MAX)
        .map(|t| {
            let size: u64 = t
                .partitions
                .keys()
                .filter_map(|p| sizes.get(&(t.id, *p)))
                .sum();
            let under = t
                .partitions
                .values()
                .filter(|p| p.isr.len() < p.replicas.len())
                .count();
            let traffic = traffic.get(&t.id);
            let (rate_in, rate_out) = traffic.map_or((0.0, 0.0), Traffic::rates);
            let guarded = !authz::describes_topic_configs(ctx, &t.name);
            let configs: serde_json::Map<String, Value> = RETENTION_KEYS
                .iter()
                .filter(|_| !guarded)
                .zip(&defaults)
                .map(|(k, default)| {
                    let value = t.configs.get(*k).unwrap_or(default);
                    (k.to_string(), json!(value))
                })
                .collect();
            let details = (t.partitions.len() <= details_left).then(|| {
                details_left -= t.partitions.len();
                t.partitions
                    .values()
                    .map(|p| partition_json(p, sizes.get(&(t.id, p.partition)).copied()))
                    .collect::<Vec<_>>()
            });
            json!({
                "name": t.name,
                "id": t.id.to_string(),
                "internal": t.name.starts_with("__"),
                "partition_details": details,
                "partitions": t.partitions.len(),
                "replication_factor": t.partitions.values().next().map_or(0, |p| p.replicas.len()),
                "under_replicated": under,
                "size_bytes": size,
                "configs": configs,
                "bytes_in_per_sec": rate_in,
                "bytes_out_per_sec": rate_out,
                "spark": traffic.map(Traffic::spark).unwrap_or_default(),
            })
        })
        .collect();
    json!({
        "topics": topics,
        "truncated": truncated,
        "interval_ms": SERIES_INTERVAL.as_millis() as u64,
    })
}

/// Every partition's size on this node, by (topic, partition).
async fn sizes(shard: &Rc<Shard>) -> HashMap<(TopicId, i32), u64> {
    shard
        .gather_log_dirs(GATHER_MAX)
        .await
        .into_iter()
        .map(|d| ((d.key.topic_id, d.key.partition), d.size_bytes))
        .collect()
}

/// A topic's partitions, traffic and configs: DESCRIBE on the topic (403 otherwise, whether
/// or not it exists); its configs only with DESCRIBE_CONFIGS (`configs` null and
/// `configs_error` otherwise).
pub(crate) async fn topic(ctx: &Ctx<'_>, name: &str) -> Result<Value, ApiError> {
    authz::topic(ctx, View::Topic, name)?;
    let shard = ctx.shard;
    let image = shard.image();
    let Some(t) = image.topic(name) else {
        return Err(ApiError::not_found(format!("no topic {name:?}")));
    };
    let sizes = sizes(shard).await;
    let end_offsets = super::groups::end_offsets(
        ctx,
        &[(name.to_string(), t.partitions.keys().copied().collect())],
    )
    .await;
    let partitions: Vec<Value> = t
        .partitions
        .values()
        .take(PARTITIONS_MAX)
        .map(|p| {
            let mut v = partition_json(p, sizes.get(&(t.id, p.partition)).copied());
            v["high_watermark"] = json!(end_offsets.get(&(name.to_string(), p.partition)));
            v
        })
        .collect();
    let (configs, configs_error) = match describe_configs(ctx, RESOURCE_TOPIC, name).await {
        Ok(configs) => (Some(configs), None),
        Err(e) if e.status == 403 => (None, Some(e.message)),
        Err(e) => return Err(e),
    };
    let traffic = traffic(&gather(shard).await);
    let traffic = traffic.get(&t.id);
    let (rate_in, rate_out) = traffic.map_or((0.0, 0.0), Traffic::rates);
    Ok(json!({
        "name": t.name,
        "id": t.id.to_string(),
        "partitions": partitions,
        "partition_count": t.partitions.len(),
        "truncated": t.partitions.len() > PARTITIONS_MAX,
        "configs": configs,
        "configs_error": configs_error,
        "bytes_in_per_sec": rate_in,
        "bytes_out_per_sec": rate_out,
        "spark": traffic.map(Traffic::spark).unwrap_or_default(),
    }))
}

/// DescribeConfigs of one resource through its handler, for the caller, as JSON entries with
/// their sources; a resource it may not describe the configs of is 403.
async fn describe_configs(
    ctx: &Ctx<'_>,
    resource_type: i8,
    name: &str,
) -> Result<Vec<Value>, ApiError> {
    let request = DescribeConfigsRequest::default()
        .with_resources(vec![DescribeConfigsResource::default()
            .with_resource_type(resource_type)
            .with_resource_name(StrBytes::from_string(name.to_string()))
            .with_configuration_keys(None)])
        .with_include_synonyms(false)
        .with_include_documentation(false);
    let ResponseKind::DescribeConfigs(response) =
        ctx.ask(RequestKind::DescribeConfigs(request), 4).await?
    else {
        return Err(ApiError::unavailable("DescribeConfigs was not answered"));
    };
    let Some(result) = response.results.into_iter().next() else {
        return Err(ApiError::unavailable("DescribeConfigs answered nothing"));
    };
    if [
        ErrorCode::TopicAuthorizationFailed,
        ErrorCode::ClusterAuthorizationFailed,
        ErrorCode::GroupAuthorizationFailed,
    ]
    .iter()
    .any(|e| e.code() == result.error_code)
    {
        let what = if resource_type == RESOURCE_TOPIC {
            format!("topic {name:?}")
        } else {
            "the cluster".to_string()
        };
        return Err(ApiError::forbidden(format!(
            "{} is not authorized to DESCRIBE_CONFIGS {what}",
            ctx.caller.principal_text
        )));
    }
    if result.error_code != 0 {
        let message = result
            .error_message
            .map(|m| m.to_string())
            .unwrap_or_default();
        return Err(ApiError::unavailable(format!(
            "DescribeConfigs: error {} {message}",
            result.error_code
        )));
    }
    let mut entries: Vec<Value> = result
        .configs
        .into_iter()
        .map(|c| {
            json!({
                "name": c.name.to_string(),
                "value": if c.is_sensitive { None } else { c.value.map(|v| v.to_string()) },
                "source": source_name(c.config_source),
                "read_only": c.read_only,
                "sensitive": c.is_sensitive,
            })
        })
        .collect();
    entries.sort_by(|a, b| a["name"].as_str().cmp(&b["name"].as_str()));
    Ok(entries)
}

/// This broker's configs: DESCRIBE_CONFIGS on the cluster (403 otherwise).
pub(crate) async fn configs(ctx: &Ctx<'_>) -> Result<Value, ApiError> {
    let node = ctx.shard.config.node_id.to_string();
    let configs = describe_configs(ctx, RESOURCE_BROKER, &node).await?;
    Ok(json!({ "node_id": ctx.shard.config.node_id, "configs": configs }))
}

/// Per sample interval, summed over the shards: bytes in/out per second, requests per second,
/// mean and max request time (ms), and each shard's busy ratio.
pub(crate) async fn series(shard: &Rc<Shard>) -> Value {
    let snapshots = gather(shard).await;
    let shards: Vec<&[SeriesSample]> = snapshots
        .iter()
        .map(|s| s.as_ref().map_or(&[][..], |s| s.samples.as_slice()))
        .collect();
    let points = shards.iter().map(|s| s.len()).min().unwrap_or(0);
    let mut out = Vec::with_capacity(points.saturating_sub(1));
    for i in 1..points {
        // The i-th newest-aligned pair of samples of every shard.
        let pair = |s: &&[SeriesSample]| (s[s.len() - points + i - 1], s[s.len() - points + i]);
        let pairs: Vec<(SeriesSample, SeriesSample)> = shards.iter().map(pair).collect();
        let ms = pairs
            .iter()
            .map(|(a, b)| b.at_ms.saturating_sub(a.at_ms))
            .max()
            .unwrap_or(0)
            .max(1);
        let secs = ms as f64 / 1000.0;
        let sum = |f: fn(&SeriesSample) -> u64| -> u64 {
            pairs.iter().map(|(a, b)| f(b).saturating_sub(f(a))).sum()
        };
        let requests = sum(|s| s.requests);
        let time_us = sum(|s| s.request_time_us_sum);
        let max_us = pairs
            .iter()
            .map(|(_, b)| b.request_time_us_max)
            .max()
            .unwrap_or(0);
        let busy: Vec<f64> = pairs
            .iter()
            .map(|(a, b)| {
                let ms = b.at_ms.saturating_sub(a.at_ms).max(1) as f64;
                (b.busy_us.saturating_sub(a.busy_us) as f64 / (ms * 1000.0)).min(1.0)
            })
            .collect();
        out.push(json!({
            "at_ms": pairs.iter().map(|(_, b)| b.at_ms).max().unwrap_or(0),
            "bytes_in_per_sec": sum(|s| s.bytes_in) as f64 / secs,
            "bytes_out_per_sec": sum(|s| s.bytes_out) as f64 / secs,
            "messages_in_per_sec": sum(|s| s.messages_in) as f64 / secs,
            "requests_per_sec": requests as f64 / secs,
            "request_ms_mean": if requests > 0 { time_us as f64 / requests as f64 / 1000.0 } else { 0.0 },
            "request_ms_max": max_us as f64 / 1000.0,
            "busy_ratio": busy,
        }));
    }
    json!({
        "interval_ms": SERIES_INTERVAL.as_millis() as u64,
        "shards": snapshots.len(),
        "shards_answered": snapshots.iter().flatten().count(),
        "points": out,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn busy_ratio_is_the_last_intervals() {
        let s = |at_ms, busy_us| SeriesSample {
            at_ms,
            busy_us,
            ..SeriesSample::default()
        };
        assert_eq!(busy_ratio(&[s(0, 0)]), None);
        assert_eq!(
            busy_ratio(&[s(0, 0), s(1000, 0), s(3000, 500_000)]),
            Some(0.25)
        );
        assert_eq!(busy_ratio(&[s(0, 0), s(0, 5)]), None);
    }

    #[test]
    fn topic_traffic_sums_shards_aligned_on_the_newest() {
        let snap = |rings: Vec<(TopicId, Vec<(u64, u64)>)>| ConsoleSnapshot {
            shard: model::ShardId(0),
            step: "serving",
            connections_open: 0,
            partitions: 0,
            samples: Vec::new(),
            topics: rings,
            group_lag: None,
        };
        let t = TopicId([7; 16]);
        let snapshots = vec![
            Some(snap(vec![(t, vec![(0, 0), (10, 0), (30, 4)])])),
            None,
            Some(snap(vec![(t, vec![(100, 0), (120, 2)])])),
        ];
        let traffic = traffic(&snapshots);
        let t = &traffic[&t];
        assert_eq!(t.samples, vec![(0, 0), (110, 0), (150, 6)]);
        assert_eq!(t.spark(), vec![110, 46]);
        let secs = SERIES_INTERVAL.as_secs_f64();
        assert_eq!(t.rates(), (40.0 / secs, 6.0 / secs));
    }

    #[test]
    fn config_sources_have_kafkas_names() {
        assert_eq!(source_name(5), "DEFAULT_CONFIG");
        assert_eq!(source_name(4), "STATIC_BROKER_CONFIG");
        assert_eq!(source_name(-3), "UNKNOWN");
    }
}
