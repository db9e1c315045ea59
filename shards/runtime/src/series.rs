//! A short in-memory history of one shard's traffic, for the web console's live charts
//! (`admin::console`): a sample of the shard's cumulative counters every `SERIES_INTERVAL`,
//! kept in a ring of `SERIES_SAMPLES_MAX`, and per topic a shorter ring of bytes in and out
//! (the topics page's sparklines).
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
    }

    /// This shard's console view as it stands (bounded copies, no IO).
    pub fn console_snapshot(&self) -> ConsoleSnapshot {
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
        }
    }

    /// Every shard's console view, in shard order; `None` for a shard that did not answer
    /// within `timeout`.
    pub async fn gather_console(
        self: &Rc<Self>,
        timeout: Duration,
    ) -> Vec<Option<ConsoleSnapshot>> {
        let asks = (0..self.nr_shards).map(|i| {
            let to = ShardId(i as u16);
            async move {
                if to == self.id {
                    return Some(self.console_snapshot());
                }
                let (reply_to, rx) = self.expect_reply();
                let ask = async {
                    self.send(to, ShardMsg::Console { reply_to }).await.ok()?;
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
