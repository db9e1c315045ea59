//! Delayed produces and fetches waiting on one partition (Kafka's purgatories, `DelayedProduce`
//! and `DelayedFetch`, per partition). The partition decides when each is done
//! (`Partition::settle`); these are the registries and their bookkeeping.
//!
//! Their size is bounded by the runtime's in-flight limits (requests per connection,
//! connections): an entry is one request's part for this partition.

use std::collections::VecDeque;

use model::{ErrorCode, LeaderEpoch, Offset};

/// An acks=all produce that is done: `Ok` once the high watermark covers it, or Kafka's error
/// (NOT_ENOUGH_REPLICAS_AFTER_APPEND, NOT_LEADER_OR_FOLLOWER, REQUEST_TIMED_OUT).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProduceDone {
    pub id: u64,
    pub result: Result<(), ErrorCode>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct WaitingProduce {
    pub(crate) id: u64,
    /// The offset after the produce's last record (Kafka's `requiredOffset`).
    pub(crate) required_offset: Offset,
    pub(crate) deadline_ms: u64,
}

#[derive(Debug, Default)]
pub(crate) struct DelayedProduces {
    waiting: Vec<WaitingProduce>,
}

impl DelayedProduces {
    pub(crate) fn add(&mut self, produce: WaitingProduce) {
        assert!(
            self.waiting.iter().all(|w| w.id != produce.id),
            "delayed produce ids are unique: {} registered twice",
            produce.id
        );
        self.waiting.push(produce);
    }

    pub(crate) fn len(&self) -> usize {
        self.waiting.len()
    }

    /// Removes and returns those `decide` completes, in registration order.
    pub(crate) fn complete(
        &mut self,
        mut decide: impl FnMut(&WaitingProduce) -> Option<Result<(), ErrorCode>>,
    ) -> Vec<ProduceDone> {
        let mut done = Vec::new();
        self.waiting.retain(|w| match decide(w) {
            Some(result) => {
                done.push(ProduceDone { id: w.id, result });
                false
            }
            None => true,
        });
        done
    }
}

/// Which end a fetch may read up to: followers read to the log end, consumers to the high
/// watermark (Kafka's `FetchIsolation`; READ_COMMITTED's LSO belongs to transactions, later).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FetchIsolation {
    LogEnd,
    HighWatermark,
}

/// A fetch that found too few bytes and waits (`max_wait_ms`) for more.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DelayedFetch {
    pub id: u64,
    pub fetch_offset: Offset,
    pub isolation: FetchIsolation,
    pub current_leader_epoch: Option<LeaderEpoch>,
    pub last_fetched_epoch: Option<LeaderEpoch>,
    /// Bytes this partition must have past `fetch_offset` to answer early. A fetch of several
    /// partitions registers each with 1 and sums what it reads, as Kafka accumulates bytes
    /// over the request's partitions.
    pub min_bytes: u64,
    pub deadline_ms: u64,
}

/// Why a delayed fetch should be answered now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FetchWake {
    /// Enough bytes arrived (Kafka's case G), or the fetch offset lies on data older than what
    /// is tracked (case F).
    Data { id: u64 },
    /// The partition changed under it: not leader any more, epoch fenced, log truncated below
    /// the fetch offset, diverging epoch (cases A, E, F, H); the read now answers the error.
    StateChanged { id: u64 },
    /// `max_wait_ms` passed.
    Expired { id: u64 },
}

impl FetchWake {
    pub fn id(&self) -> u64 {
        match *self {
            FetchWake::Data { id } | FetchWake::StateChanged { id } | FetchWake::Expired { id } => {
                id
            }
        }
    }
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct WaitingFetch {
    pub(crate) fetch: DelayedFetch,
    /// The cumulative byte count of the log at `fetch.fetch_offset`.
    pub(crate) start_bytes: u64,
}

#[derive(Debug, Default)]
pub(crate) struct DelayedFetches {
    waiting: Vec<WaitingFetch>,
}

impl DelayedFetches {
    pub(crate) fn add(&mut self, fetch: WaitingFetch) {
        assert!(
            self.waiting.iter().all(|w| w.fetch.id != fetch.fetch.id),
            "delayed fetch ids are unique: {} registered twice",
            fetch.fetch.id
        );
        self.waiting.push(fetch);
    }

    pub(crate) fn remove(&mut self, id: u64) -> bool {
        let before = self.waiting.len();
        self.waiting.retain(|w| w.fetch.id != id);
        self.waiting.len() != before
    }

    pub(crate) fn len(&self) -> usize {
        self.waiting.len()
    }

    pub(crate) fn complete(
        &mut self,
        mut decide: impl FnMut(&WaitingFetch) -> Option<FetchWake>,
    ) -> Vec<FetchWake> {
        let mut woken = Vec::new();
        self.waiting.retain(|w| match decide(w) {
            Some(wake) => {
                woken.push(wake);
                false
            }
            None => true,
        });
        woken
    }
}

/// How many bytes the log holds up to an offset, for delayed fetches' `min_bytes`: the
/// cumulative size at each recent append's end. Kafka compares segment positions
/// (`LogOffsetMetadata.positionDiff`); this keeps the last [`AppendPoints::POINTS_MAX`]
/// appends, and a fetch from before the oldest one counts as "on an older segment" (Kafka's
/// case F: answered at once).
#[derive(Debug)]
pub(crate) struct AppendPoints {
    /// (end offset of an append, cumulative bytes up to it), increasing in both.
    points: VecDeque<(Offset, u64)>,
}

impl AppendPoints {
    /// Enough for every append between a lagging high watermark and the log end in practice;
    /// older ones only make a fetch answer sooner.
    const POINTS_MAX: usize = 4096;

    pub(crate) fn new(log_end: Offset) -> AppendPoints {
        AppendPoints {
            points: VecDeque::from([(log_end, 0)]),
        }
    }

    pub(crate) fn appended(&mut self, end: Offset, bytes: u64) {
        let &(last_end, last_bytes) = self.points.back().expect("append points never empty");
        assert!(
            end > last_end,
            "append points: an append ends past the last ({end:?} after {last_end:?})"
        );
        self.points.push_back((end, last_bytes + bytes));
        if self.points.len() > Self::POINTS_MAX {
            self.points.pop_front();
        }
    }

    pub(crate) fn truncated(&mut self, end: Offset) {
        let mut last_bytes = 0;
        while let Some(&(point, bytes)) = self.points.back() {
            if point <= end {
                last_bytes = bytes;
                break;
            }
            self.points.pop_back();
            last_bytes = bytes;
        }
        if self.points.back().map(|p| p.0) != Some(end) {
            self.points.push_back((end, last_bytes));
        }
    }

    pub(crate) fn reset(&mut self, end: Offset) {
        self.points.clear();
        self.points.push_back((end, 0));
    }

    /// Cumulative bytes up to the last append ending at or before `offset`; `None` when
    /// `offset` is older than every tracked append.
    pub(crate) fn bytes_at(&self, offset: Offset) -> Option<u64> {
        self.points
            .iter()
            .rev()
            .find(|p| p.0 <= offset)
            .map(|p| p.1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn append_points_count_bytes_between_offsets() {
        let mut points = AppendPoints::new(Offset(10));
        points.appended(Offset(12), 100);
        points.appended(Offset(15), 50);
        assert_eq!(points.bytes_at(Offset(10)), Some(0));
        assert_eq!(
            points.bytes_at(Offset(13)),
            Some(100),
            "mid-batch: the batch's start"
        );
        assert_eq!(points.bytes_at(Offset(15)), Some(150));
        assert_eq!(points.bytes_at(Offset(9)), None);
        points.truncated(Offset(12));
        assert_eq!(points.bytes_at(Offset(20)), Some(100));
        points.appended(Offset(14), 7);
        assert_eq!(points.bytes_at(Offset(14)), Some(107));
    }
}
