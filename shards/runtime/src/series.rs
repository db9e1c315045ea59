//! A short in-memory history of one shard's traffic, for the web console's live charts
//! (`admin::console`): a sample of the shard's cumulative counters every `SERIES_INTERVAL`,
//! kept in a ring of `SERIES_SAMPLES_MAX`, and per topic a shorter ring of bytes in and out
//! (the topics page's sparklines). Shard 0 also keeps each consumer group's lag every
//! `LAG_EVERY_SAMPLES` samples (`LagHistory`, from a gather of the metrics snapshots' committed
//! offsets and high watermarks, as `/metrics` computes `kafka_consumergroup_lag`).
//!
//! **Invariant**: bounded memory and work, and nothing on the hot path: the sampler runs on a
//! timer in the HTTP task queue and copies shard-local cells (`ShardMetrics`); the only cell
//! the request path touches for it is one `Cell<u64>` (the interval's longest request). A
//! console asks every shard for its [`ConsoleSnapshot`] over the links (`ShardMsg::Console`),
//! as a scrape does.

use crate::mesh::{ReplyPayload, ShardMsg};
use crate::shard::Shard;
use model::{ShardId, TopicId};
use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::rc::Rc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// How often a shard samples its counters.
pub const SERIES_INTERVAL: Duration = Duration::from_secs(2);
/// Samples kept per shard: five minutes at `SERIES_INTERVAL` (~10 KiB).
pub const SERIES_SAMPLES_MAX: usize = 150;
/// Samples kept per topic: one minute at `SERIES_INTERVAL`; with at most
/// `metrics::TOPIC_SERIES_MAX` topics that is at most ~500 KiB per shard.
pub const TOPIC_SAMPLES_MAX: usize = 30;

/// Shard 0 samples group lag every this many series samples (10 s).
pub const LAG_EVERY_SAMPLES: u32 = 5;
/// Lag samples kept per group: ten minutes.
pub const LAG_SAMPLES_MAX: usize = 60;
/// Groups with a lag history, and partitions per group with their own line (the rest count in
/// the group's total): at most ~1 MiB.
pub const LAG_GROUPS_MAX: usize = 100;
pub const LAG_PARTITIONS_MAX: usize = 16;

/// One group's lag over time, oldest first: the group's total and the lag of each of its
/// first `LAG_PARTITIONS_MAX` partitions (`None` before its offset was committed).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GroupLag {
    pub at_ms: Vec<u64>,
    pub total: Vec<i64>,
    pub partitions: Vec<(String, i32, Vec<Option<i64>>)>,
}

/// Every group's lag ring (shard 0).
#[derive(Default)]
pub struct LagHistory {
    groups: std::collections::BTreeMap<String, LagRing>,
}

#[derive(Default)]
struct LagRing {
    at_ms: VecDeque<u64>,
    total: VecDeque<i64>,
    partitions: std::collections::BTreeMap<(String, i32), VecDeque<Option<i64>>>,
}

/// A group's lag per (topic, partition) at one moment.
pub type GroupLags =
    std::collections::BTreeMap<String, std::collections::BTreeMap<(String, i32), i64>>;

impl LagHistory {
    /// Adds one sample; groups absent from it lose their history.
    pub fn push(&mut self, at_ms: u64, lags: GroupLags) {
        self.groups.retain(|g, _| lags.contains_key(g));
        for (group, partitions) in lags.into_iter().take(LAG_GROUPS_MAX) {
            if !self.groups.contains_key(&group) && self.groups.len() >= LAG_GROUPS_MAX {
                continue;
            }
            let ring = self.groups.entry(group).or_default();
            if ring.at_ms.len() == LAG_SAMPLES_MAX {
                ring.at_ms.pop_front();
                ring.total.pop_front();
                for r in ring.partitions.values_mut() {
                    r.pop_front();
                }
            }
            let before = ring.at_ms.len();
            ring.at_ms.push_back(at_ms);
            ring.total.push_back(partitions.values().sum());
            ring.partitions.retain(|k, _| partitions.contains_key(k));
            for (key, lag) in partitions {
                let known = ring.partitions.contains_key(&key);
                if !known && ring.partitions.len() >= LAG_PARTITIONS_MAX {
                    continue;
                }
                let r = ring
                    .partitions
                    .entry(key)
                    .or_insert_with(|| std::iter::repeat_n(None, before).collect());
                r.push_back(Some(lag));
            }
        }
    }

    pub fn group(&self, group: &str) -> Option<GroupLag> {
        let ring = self.groups.get(group)?;
        Some(GroupLag {
            at_ms: ring.at_ms.iter().copied().collect(),
            total: ring.total.iter().copied().collect(),
            partitions: ring
                .partitions
                .iter()
                .map(|((t, p), r)| (t.clone(), *p, r.iter().copied().collect()))
                .collect(),
        })
    }
}

/// One sample of a shard's cumulative counters (differences of two give rates).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SeriesSample {
    /// Wall-clock time of the sample, ms since the Unix epoch.
    pub at_ms: u64,
    pub bytes_in: u64,
    pub messages_in: u64,
    pub bytes_out: u64,
    /// Requests answered and their total time (frame read to response written), µs.
    pub requests: u64,
    pub request_time_us_sum: u64,
    /// The longest request answered since the previous sample, µs.
    pub request_time_us_max: u64,
    /// Time the executor ran tasks or polled IO, µs (its rate is the busy ratio).
    pub busy_us: u64,
}

/// One topic's cumulative (bytes in, bytes out) on this shard, one entry per sample.
pub type TopicSamples = Vec<(u64, u64)>;

/// What a shard keeps for the console.
#[derive(Default)]
pub struct Series {
    samples: RefCell<VecDeque<SeriesSample>>,
    topics: RefCell<HashMap<TopicId, VecDeque<(u64, u64)>>>,
    /// Series samples taken (shard 0 samples lag every `LAG_EVERY_SAMPLES`).
    taken: std::cell::Cell<u32>,
    lag: RefCell<LagHistory>,
}

impl Series {
    fn push(&self, sample: SeriesSample, topics: Vec<(TopicId, u64, u64)>) {
        let mut samples = self.samples.borrow_mut();
        if samples.len() == SERIES_SAMPLES_MAX {
            samples.pop_front();
        }
        samples.push_back(sample);
        let mut rings = self.topics.borrow_mut();
        // Topics the metrics no longer count (deleted) lose their ring.
        let live: std::collections::HashSet<TopicId> = topics.iter().map(|t| t.0).collect();
        rings.retain(|id, _| live.contains(id));
        for (id, bytes_in, bytes_out) in topics {
            let ring = rings.entry(id).or_default();
            if ring.len() == TOPIC_SAMPLES_MAX {
                ring.pop_front();
            }
            ring.push_back((bytes_in, bytes_out));
        }
    }
}

/// A copy of one shard's console view, taken on that shard.
#[derive(Clone, Debug)]
pub struct ConsoleSnapshot {
    pub shard: ShardId,
    pub step: &'static str,
    pub connections_open: u64,
    /// Partition logs this shard owns.
    pub partitions: u64,
    /// Oldest first, at most `SERIES_SAMPLES_MAX`.
    pub samples: Vec<SeriesSample>,
    /// Per topic, oldest first, at most `TOPIC_SAMPLES_MAX` each.
    pub topics: Vec<(TopicId, TopicSamples)>,
    /// The asked group's lag history, from the shard that keeps them (shard 0).
    pub group_lag: Option<GroupLag>,
}

fn unix_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

impl Shard {
    /// Takes one sample of this shard's counters into its rings (`SERIES_INTERVAL` apart,
    /// from the HTTP task queue's timer).
    pub fn sample_series(&self) {
        let m = &self.metrics;
        let all = m.all_topics();
        let (requests, request_time_us_sum) = m.request_totals();
        let sample = SeriesSample {
            at_ms: unix_ms(),
            bytes_in: all.bytes_in,
            messages_in: all.messages_in,
            bytes_out: all.bytes_out,
            requests,
            request_time_us_sum,
            request_time_us_max: m.take_interval_request_us_max(),
            busy_us: m.account_executor().as_micros() as u64,
        };
        let mut topics = Vec::new();
        m.for_each_topic(|id, c| topics.push((id, c.bytes_in, c.bytes_out)));
        self.series.push(sample, topics);
        self.series
            .taken
            .set(self.series.taken.get().wrapping_add(1));
    }

    /// Whether this shard should sample group lag now (shard 0, every `LAG_EVERY_SAMPLES`
    /// series samples).
    pub fn lag_due(&self) -> bool {
        self.id == ShardId(0) && self.series.taken.get() % LAG_EVERY_SAMPLES == 1
    }

    /// Samples every group's lag on this node into shard 0's history.
    pub async fn sample_group_lag(self: &Rc<Self>, timeout: Duration) {
        let lags = self.group_lags(timeout).await;
        self.series.lag.borrow_mut().push(unix_ms(), lags);
    }

    /// Every group's lag on this node, by (topic, partition): the committed offsets and high
    /// watermarks of one metrics gather (bounded as a scrape is), joined as `/metrics` joins
    /// them; partitions whose high watermark is not on this node are left out.
    pub async fn group_lags(self: &Rc<Self>, timeout: Duration) -> GroupLags {
        let snapshots = self.gather_metrics(timeout).await;
        let image = self.image();
        let mut high_watermarks: HashMap<(&str, i32), i64> = HashMap::new();
        for s in snapshots.iter().flatten() {
            for (id, partition, hw) in &s.high_watermarks {
                if let Some(topic) = image.topic_by_id(*id) {
                    high_watermarks.insert((topic.name.as_str(), *partition), *hw);
                }
            }
        }
        let mut lags = GroupLags::new();
        for s in snapshots.iter().flatten() {
            for (group, topic, partition, offset) in &s.committed {
                if let Some(hw) = high_watermarks.get(&(topic.as_str(), *partition)) {
                    lags.entry(group.clone())
                        .or_default()
                        .insert((topic.clone(), *partition), (hw - offset).max(0));
                }
            }
        }
        lags
    }

    /// This shard's console view as it stands (bounded copies, no IO), with `group`'s lag
    /// history if this shard keeps it.
    pub fn console_snapshot(&self, group: Option<&str>) -> ConsoleSnapshot {
        ConsoleSnapshot {
            shard: self.id,
            step: self.lifecycle().step(self.id.0 as usize).name(),
            connections_open: self.metrics.connections_open(),
            partitions: self.logs.borrow().len() as u64,
            samples: self.series.samples.borrow().iter().copied().collect(),
            topics: self
                .series
                .topics
                .borrow()
                .iter()
                .map(|(id, ring)| (*id, ring.iter().copied().collect()))
                .collect(),
            group_lag: group.and_then(|g| self.series.lag.borrow().group(g)),
        }
    }

    /// Every shard's console view, in shard order; `None` for a shard that did not answer
    /// within `timeout`.
    pub async fn gather_console(
        self: &Rc<Self>,
        timeout: Duration,
        group: Option<&str>,
    ) -> Vec<Option<ConsoleSnapshot>> {
        let asks = (0..self.nr_shards).map(|i| {
            let to = ShardId(i as u16);
            async move {
                if to == self.id {
                    return Some(self.console_snapshot(group));
                }
                let (reply_to, rx) = self.expect_reply();
                let group = group.map(str::to_string);
                let ask = async {
                    self.send(to, ShardMsg::Console { group, reply_to })
                        .await
                        .ok()?;
                    match rx.await {
                        Ok(ReplyPayload::Console(snapshot)) => Some(*snapshot),
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

    fn lags(entries: &[(&str, &str, i32, i64)]) -> GroupLags {
        let mut out = GroupLags::new();
        for (g, t, p, lag) in entries {
            out.entry(g.to_string())
                .or_default()
                .insert((t.to_string(), *p), *lag);
        }
        out
    }

    #[test]
    fn lag_history_is_bounded_and_aligned() {
        let mut h = LagHistory::default();
        h.push(1, lags(&[("g", "t", 0, 5)]));
        h.push(
            2,
            lags(&[("g", "t", 0, 3), ("g", "t", 1, 4), ("gone", "t", 0, 1)]),
        );
        let g = h.group("g").unwrap();
        assert_eq!(g.at_ms, vec![1, 2]);
        assert_eq!(g.total, vec![5, 7]);
        assert_eq!(
            g.partitions,
            vec![
                ("t".into(), 0, vec![Some(5), Some(3)]),
                ("t".into(), 1, vec![None, Some(4)])
            ]
        );
        h.push(3, lags(&[("g", "t", 1, 0)]));
        assert!(h.group("gone").is_none(), "a group gone loses its history");
        let g = h.group("g").unwrap();
        assert_eq!(
            g.partitions,
            vec![("t".into(), 1, vec![None, Some(4), Some(0)])]
        );
        for i in 0..(LAG_SAMPLES_MAX as u64 + 5) {
            let mut many = GroupLags::new();
            for n in 0..(LAG_GROUPS_MAX + 3) {
                let parts = many.entry(format!("g{n:03}")).or_default();
                for p in 0..(LAG_PARTITIONS_MAX as i32 + 2) {
                    parts.insert(("t".into(), p), i as i64);
                }
            }
            h.push(10 + i, many);
        }
        assert_eq!(h.groups.len(), LAG_GROUPS_MAX);
        let g = h.group("g000").unwrap();
        assert_eq!(g.at_ms.len(), LAG_SAMPLES_MAX);
        assert_eq!(g.partitions.len(), LAG_PARTITIONS_MAX);
        assert!(g
            .partitions
            .iter()
            .all(|(_, _, r)| r.len() == LAG_SAMPLES_MAX));
        assert_eq!(
            g.total.last(),
            Some(&((LAG_SAMPLES_MAX as i64 + 4) * (LAG_PARTITIONS_MAX as i64 + 2)))
        );
    }

    fn topic(i: u8) -> TopicId {
        TopicId([i; 16])
    }

    #[test]
    fn rings_are_bounded_and_follow_the_topics() {
        let series = Series::default();
        for i in 0..(SERIES_SAMPLES_MAX as u64 + 10) {
            let sample = SeriesSample {
                at_ms: i,
                ..SeriesSample::default()
            };
            let topics = if i < 50 {
                vec![(topic(1), i, 0), (topic(2), i, i)]
            } else {
                vec![(topic(2), i, i)]
            };
            series.push(sample, topics);
        }
        let samples = series.samples.borrow();
        assert_eq!(samples.len(), SERIES_SAMPLES_MAX);
        assert_eq!(samples.front().unwrap().at_ms, 10);
        let rings = series.topics.borrow();
        assert!(
            !rings.contains_key(&topic(1)),
            "a topic gone loses its ring"
        );
        let ring = &rings[&topic(2)];
        assert_eq!(ring.len(), TOPIC_SAMPLES_MAX);
        assert_eq!(ring.back(), Some(&(159, 159)));
    }
}
