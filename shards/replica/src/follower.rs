//! The follower's rules (Kafka's `makeFollower`, `AbstractFetcherThread`,
//! `ReplicaFetcherThread`): what to fetch next, and what a fetch response means for the log —
//! append the leader's batches as they are, truncate a diverging tail (KIP-320/KIP-595), or
//! reset after OFFSET_OUT_OF_RANGE.

use model::{ErrorCode, LeaderEpoch, NodeId, Offset};

use crate::partition::{LeaderAndIsr, Partition, Role, Skipped};
use crate::{BrokerEpoch, Durability, Outputs};

#[derive(Debug)]
pub(crate) struct FollowerState {
    /// `None`: no leader now; nothing to fetch from.
    pub(crate) leader: Option<NodeId>,
    pub(crate) fetching: Fetching,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Fetching {
    Active,
    /// The leader said FENCED_LEADER_EPOCH: this replica's epoch is old; wait for metadata
    /// (Kafka's `onPartitionFenced` removes the partition from the fetcher).
    AwaitingMetadata,
}

/// The next Fetch to send to the leader for this partition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FetchRequest {
    pub leader: NodeId,
    pub current_leader_epoch: LeaderEpoch,
    pub fetch_offset: Offset,
    /// The epoch of the last record in the log (Kafka's `lastFetchedEpoch`), so the leader
    /// can detect divergence; `None` for an empty log.
    pub last_fetched_epoch: Option<LeaderEpoch>,
    pub log_start_offset: Offset,
    /// This broker's epoch (`ReplicaState.ReplicaEpoch`).
    pub broker_epoch: BrokerEpoch,
    /// Not sent: the log's truncation count when the fetch was built. A response to a fetch
    /// from before a truncation is stale even if the log has grown back to the same offset
    /// (Kafka avoids the case with one fetch in flight per connection; this does not rely on
    /// it).
    pub log_generation: u64,
}

/// One record batch of a fetch response, as its header says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BatchInfo {
    pub base_offset: Offset,
    pub last_offset: Offset,
    pub leader_epoch: LeaderEpoch,
    pub bytes: u64,
}

/// The leader's answer for this partition, as the follower receives it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FetchResponse {
    Records {
        high_watermark: Offset,
        batches: Vec<BatchInfo>,
    },
    Diverging {
        epoch: LeaderEpoch,
        end_offset: Offset,
        high_watermark: Offset,
    },
    Error(ErrorCode),
}

/// What the runtime does with the follower's log after a fetch response. The partition has
/// already applied it to its own view; the runtime must do it to the log before the next call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FollowerAction {
    /// Append the response's batches as they are; the log then ends at `end_offset`.
    Append { end_offset: Offset },
    /// Truncate the log to `end_offset` (everything from it on goes), then fetch again.
    TruncateTo { end_offset: Offset },
    /// Empty the log and start it at `start_offset`.
    TruncateFullyAndStartAt { start_offset: Offset },
    /// Nothing new; fetch again (long polling waits on the leader).
    Continue,
    /// OFFSET_OUT_OF_RANGE: ask the leader for its log start and end (ListOffsets) and pass
    /// them to [`Partition::on_leader_offsets`].
    ListLeaderOffsets,
    /// A transient error (NOT_LEADER_OR_FOLLOWER, UNKNOWN_LEADER_EPOCH, ...): fetch again
    /// after `replica.fetch.backoff.ms`.
    Backoff,
    /// FENCED_LEADER_EPOCH: stop fetching until new metadata names the leader.
    AwaitMetadata,
    /// A response to a fetch that is no longer current (another epoch, another offset): drop.
    Ignore,
}

impl Partition {
    /// The controller made this replica a follower of `state.leader`, or of no leader when the
    /// partition has none (Kafka's `makeFollower`, leader -1: no fetching). The log is not
    /// truncated here: the first fetch finds any divergence (KIP-320).
    /// Waiting produces fail with NOT_LEADER_OR_FOLLOWER; waiting fetches are answered.
    pub fn become_follower(
        &mut self,
        state: &LeaderAndIsr,
        now_ms: u64,
    ) -> Result<Outputs, Skipped> {
        self.accept_state(state)?;
        assert_ne!(
            state.leader,
            Some(self.local),
            "become_follower names another replica as leader"
        );
        self.take_epochs_and_replicas(state);
        self.role = Role::Follower(FollowerState {
            leader: state.leader,
            fetching: Fetching::Active,
        });
        let mut out = Outputs::default();
        self.settle(now_ms, &mut out);
        Ok(out)
    }

    /// The next fetch to send, or `None`: not a follower, fenced until new metadata, or (in
    /// [`Durability::Flushed`]) appended records not yet fsynced — the fetch offset tells the
    /// leader they are stored, so it waits for `on_log_flushed`.
    pub fn next_fetch(&self) -> Option<FetchRequest> {
        let Role::Follower(follower) = &self.role else {
            return None;
        };
        let leader = follower.leader?;
        if follower.fetching != Fetching::Active {
            return None;
        }
        if self.config.durability == Durability::Flushed
            && self.log.flushed_offset < self.log.end_offset
        {
            return None;
        }
        Some(FetchRequest {
            leader,
            current_leader_epoch: self.leader_epoch,
            fetch_offset: self.log.end_offset,
            last_fetched_epoch: self.epochs.latest_epoch(),
            log_start_offset: self.log.start_offset,
            broker_epoch: self
                .brokers
                .get(&self.local)
                .map_or(BrokerEpoch::UNKNOWN, |b| b.epoch),
            log_generation: self.log_generation,
        })
    }

    /// The leader answered `sent` (Kafka's `AbstractFetcherThread.processFetchRequest`).
    pub fn on_fetch_response(
        &mut self,
        sent: &FetchRequest,
        response: &FetchResponse,
        now_ms: u64,
    ) -> (FollowerAction, Outputs) {
        let mut out = Outputs::default();
        let action = self.fetch_response(sent, response, &mut out);
        self.settle(now_ms, &mut out);
        (action, out)
    }

    fn fetch_response(
        &mut self,
        sent: &FetchRequest,
        response: &FetchResponse,
        out: &mut Outputs,
    ) -> FollowerAction {
        let Role::Follower(follower) = &self.role else {
            return FollowerAction::Ignore;
        };
        // Kafka processes a response only if the partition still fetches from that offset in
        // that epoch; anything else raced with a truncation or a leader change.
        if follower.fetching != Fetching::Active
            || Some(sent.leader) != follower.leader
            || sent.current_leader_epoch != self.leader_epoch
            || sent.fetch_offset != self.log.end_offset
            || sent.log_generation != self.log_generation
        {
            return FollowerAction::Ignore;
        }
        match response {
            FetchResponse::Records {
                high_watermark,
                batches,
            } => self.append_as_follower(batches, *high_watermark, out),
            FetchResponse::Diverging {
                epoch, end_offset, ..
            } => {
                let to = self.diverging_truncation_offset(*epoch, *end_offset);
                self.truncate_to(to, out);
                FollowerAction::TruncateTo { end_offset: to }
            }
            FetchResponse::Error(ErrorCode::OffsetOutOfRange) => FollowerAction::ListLeaderOffsets,
            FetchResponse::Error(ErrorCode::FencedLeaderEpoch) => {
                if let Role::Follower(follower) = &mut self.role {
                    follower.fetching = Fetching::AwaitingMetadata;
                }
                FollowerAction::AwaitMetadata
            }
            FetchResponse::Error(_) => FollowerAction::Backoff,
        }
    }

    /// Appends the leader's batches to the view: they must follow the log end without gaps and
    /// carry no epoch above the current one (else the response is dropped, as Kafka fails the
    /// append). Each new epoch is recorded in the epoch cache at its first offset.
    fn append_as_follower(
        &mut self,
        batches: &[BatchInfo],
        leader_high_watermark: Offset,
        out: &mut Outputs,
    ) -> FollowerAction {
        let mut end = self.log.end_offset;
        for batch in batches {
            if batch.base_offset != end
                || batch.last_offset < batch.base_offset
                || batch.leader_epoch > self.leader_epoch
            {
                return FollowerAction::Backoff;
            }
            end = Offset(batch.last_offset.0 + 1);
        }
        for batch in batches {
            self.epochs.assign(batch.leader_epoch, batch.base_offset);
            let batch_end = Offset(batch.last_offset.0 + 1);
            self.bytes.appended(batch_end, batch.bytes);
        }
        self.log.end_offset = end;
        // Kafka's follower takes the leader's high watermark bounded by its own log end; it
        // may be lower than before (a new leader's), which only readers of followers see.
        let high_watermark =
            leader_high_watermark.clamp(self.log.start_offset, self.log.end_offset);
        self.set_high_watermark(high_watermark, out);
        if batches.is_empty() {
            FollowerAction::Continue
        } else {
            FollowerAction::Append { end_offset: end }
        }
    }

    /// Kafka's `getOffsetTruncationState` for a diverging epoch from the leader.
    fn diverging_truncation_offset(&self, leader_epoch: LeaderEpoch, leader_end: Offset) -> Offset {
        let log_end = self.log.end_offset;
        match self.epochs.end_offset_for(leader_epoch, log_end) {
            // This log has no epoch at or below the leader's: take the leader's offset.
            None => leader_end.min(log_end),
            // This log does not know the leader's epoch: truncate to the end of the largest
            // epoch below it; the next fetch finds where the logs agree.
            Some(ours) if ours.epoch != leader_epoch => ours.end_offset.min(log_end),
            Some(ours) => ours.end_offset.min(leader_end).min(log_end),
        }
    }

    pub(crate) fn truncate_to(&mut self, end_offset: Offset, out: &mut Outputs) {
        assert!(
            end_offset <= self.log.end_offset,
            "truncation moves the log end back: {end_offset:?} > {:?}",
            self.log.end_offset
        );
        assert!(!self.is_leader(), "a leader never truncates its log");
        let end_offset = end_offset.max(self.log.start_offset);
        self.log_generation += 1;
        self.log.end_offset = end_offset;
        self.log.flushed_offset = self.log.flushed_offset.min(end_offset);
        self.epochs.truncate_from_end(end_offset);
        self.bytes.truncated(end_offset);
        if self.log.high_watermark > end_offset {
            self.set_high_watermark(end_offset, out);
        }
    }

    /// The leader's log start and end, asked after OFFSET_OUT_OF_RANGE (Kafka's
    /// `fetchOffsetAndTruncate`): a log ahead of the leader's end truncates to it; a log that
    /// ends before the leader's start starts over there; otherwise fetch from its own end.
    pub fn on_leader_offsets(
        &mut self,
        leader_start: Offset,
        leader_end: Offset,
        now_ms: u64,
    ) -> (FollowerAction, Outputs) {
        let mut out = Outputs::default();
        let action = if !matches!(self.role, Role::Follower(_)) {
            FollowerAction::Ignore
        } else if leader_end < self.log.end_offset {
            self.truncate_to(leader_end, &mut out);
            FollowerAction::TruncateTo {
                end_offset: leader_end,
            }
        } else if leader_start > self.log.end_offset {
            self.log = crate::LogState {
                start_offset: leader_start,
                end_offset: leader_start,
                flushed_offset: leader_start,
                high_watermark: leader_start,
            };
            self.epochs = crate::LeaderEpochCache::default();
            self.log_generation += 1;
            self.bytes.reset(leader_start);
            out.high_watermark = Some(leader_start);
            FollowerAction::TruncateFullyAndStartAt {
                start_offset: leader_start,
            }
        } else {
            FollowerAction::Continue
        };
        self.settle(now_ms, &mut out);
        (action, out)
    }
}
