//! The leader's rules: becoming leader, answering follower fetches, each follower's progress,
//! ISR expansion and shrinking through AlterPartition (KIP-497, one change in flight, the
//! "maximal ISR" while it is pending), and the high watermark.

use std::collections::BTreeMap;

use model::{ErrorCode, LeaderEpoch, NodeId, Offset};

use crate::partition::{LeaderAndIsr, Partition, Role, Skipped};
use crate::{sorted, BrokerEpoch, Outputs, PartitionEpoch};

/// What the leader knows of one follower from its fetches (Kafka's `ReplicaState`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct ReplicaProgress {
    /// The offset of its last fetch: its log end. `None` until its first fetch to this leader
    /// (Kafka's `UNKNOWN_OFFSET_METADATA`), which holds the high watermark back if it is in
    /// the ISR.
    pub(crate) log_end: Option<Offset>,
    /// The leader's log end when the follower last fetched (`None`: unknown).
    pub(crate) last_fetch_leader_log_end: Option<Offset>,
    pub(crate) last_fetch_time_ms: u64,
    /// The last time it was known to have everything the leader had.
    pub(crate) last_caught_up_time_ms: u64,
    /// The broker epoch its fetches carried (`None`: no fetch yet).
    pub(crate) broker_epoch: Option<BrokerEpoch>,
}

impl ReplicaProgress {
    /// A new leader knows nothing of its followers yet; those in the ISR count as caught up
    /// now, the others never were (Kafka's `resetReplicaState` with `isNewLeader`).
    fn new_leader(now_ms: u64, in_sync: bool) -> ReplicaProgress {
        ReplicaProgress {
            log_end: None,
            last_fetch_leader_log_end: None,
            last_fetch_time_ms: 0,
            last_caught_up_time_ms: if in_sync { now_ms } else { 0 },
            broker_epoch: None,
        }
    }

    /// Re-elected with a new epoch: keep what was known of its log (Kafka's
    /// `resetReplicaState` without `isNewLeader`).
    fn reset(self, now_ms: u64, leader_end: Offset, in_sync: bool) -> ReplicaProgress {
        ReplicaProgress {
            log_end: self.log_end,
            last_fetch_leader_log_end: Some(leader_end),
            last_fetch_time_ms: if in_sync { now_ms } else { 0 },
            last_caught_up_time_ms: if in_sync { now_ms } else { 0 },
            broker_epoch: self.broker_epoch,
        }
    }

    /// Kafka's `updateFetchStateOrThrow`: caught up now if the fetch reached the leader's end;
    /// caught up as of the previous fetch if it reached what the leader had then (so steady
    /// small produces cannot keep a keeping-up follower out of the ISR).
    fn fetched(
        &mut self,
        fetch_offset: Offset,
        leader_end: Offset,
        now_ms: u64,
        epoch: BrokerEpoch,
    ) {
        if fetch_offset >= leader_end {
            self.last_caught_up_time_ms = self.last_caught_up_time_ms.max(now_ms);
        } else if self
            .last_fetch_leader_log_end
            .is_none_or(|previous| fetch_offset >= previous)
        {
            self.last_caught_up_time_ms = self.last_caught_up_time_ms.max(self.last_fetch_time_ms);
        }
        self.last_fetch_leader_log_end = Some(
            self.last_fetch_leader_log_end
                .map_or(leader_end, |previous| previous.max(leader_end)),
        );
        self.last_fetch_time_ms = now_ms;
        self.log_end = Some(fetch_offset);
        self.broker_epoch = Some(epoch);
    }

    /// Kafka's `isCaughtUp`: has the leader's whole log, or had it within the lag bound.
    pub(crate) fn is_caught_up(&self, leader_end: Offset, now_ms: u64, lag_max_ms: u64) -> bool {
        self.log_end == Some(leader_end)
            || now_ms.saturating_sub(self.last_caught_up_time_ms) <= lag_max_ms
    }
}

/// The ISR as last committed by the controller, or with one change in flight (Kafka's
/// `CommittedPartitionState` / `PendingExpandIsr` / `PendingShrinkIsr`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum IsrState {
    Committed {
        isr: Vec<NodeId>,
    },
    PendingExpand {
        isr: Vec<NodeId>,
        adding: NodeId,
        sent: AlterPartitionRequest,
    },
    PendingShrink {
        isr: Vec<NodeId>,
        sent: AlterPartitionRequest,
    },
}

impl IsrState {
    pub(crate) fn committed(&self) -> &[NodeId] {
        match self {
            IsrState::Committed { isr }
            | IsrState::PendingExpand { isr, .. }
            | IsrState::PendingShrink { isr, .. } => isr,
        }
    }

    /// The ISR the high watermark must wait for: an expansion counts at once (stricter, so
    /// safe if refused), a shrink only once committed (KIP-497).
    pub(crate) fn maximal(&self) -> Vec<NodeId> {
        match self {
            IsrState::PendingExpand { isr, adding, .. } => {
                sorted(&[isr.as_slice(), &[*adding]].concat())
            }
            _ => self.committed().to_vec(),
        }
    }

    pub(crate) fn in_flight(&self) -> Option<&AlterPartitionRequest> {
        match self {
            IsrState::Committed { .. } => None,
            IsrState::PendingExpand { sent, .. } | IsrState::PendingShrink { sent, .. } => {
                Some(sent)
            }
        }
    }
}

#[derive(Debug)]
pub(crate) struct LeaderState {
    /// The log end when this epoch began: a follower joins the ISR only once it has reached it
    /// (it then holds every record an earlier leader may have committed).
    pub(crate) epoch_start_offset: Offset,
    pub(crate) isr: IsrState,
    pub(crate) followers: BTreeMap<NodeId, ReplicaProgress>,
}

/// One ISR member as AlterPartition (v3+) carries it: with the broker epoch its fetches showed
/// (KIP-903), `-1` when unknown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct IsrMember {
    pub id: NodeId,
    pub broker_epoch: BrokerEpoch,
}

/// An AlterPartition request for this partition, to the controller.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AlterPartitionRequest {
    pub leader: NodeId,
    pub leader_epoch: LeaderEpoch,
    pub partition_epoch: PartitionEpoch,
    pub new_isr: Vec<IsrMember>,
    /// Not sent: this partition's count of AlterPartition sends. Only the answer to the latest
    /// send counts, so a late or duplicated answer to an earlier one (even of an identical
    /// proposal) cannot reset or commit the change in flight.
    pub sequence: u64,
}

/// The controller's answer for this partition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AlterPartitionResponse {
    Accepted {
        leader_epoch: LeaderEpoch,
        partition_epoch: PartitionEpoch,
        isr: Vec<NodeId>,
    },
    Refused(AlterPartitionError),
}

/// AlterPartition's partition-level errors, as Kafka's leader handles them
/// (`Partition.handleAlterPartitionError`). Some are not in `model::ErrorCode`; [`code`]
/// gives Kafka's numbers.
///
/// [`code`]: AlterPartitionError::code
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AlterPartitionError {
    /// 55: not applied, the partition epoch was right: back to the committed ISR.
    OperationNotAttempted,
    /// 107: a proposed member is fenced, shutting down or of a stale broker epoch: back to the
    /// committed ISR.
    IneligibleReplica,
    /// 3, 100, 74, 95, 42: stale or invalid; stay pending until new metadata arrives.
    UnknownTopicOrPartition,
    UnknownTopicId,
    FencedLeaderEpoch,
    InvalidUpdateVersion,
    InvalidRequest,
    /// 108: applied, but a reassignment moved leadership away; stay pending until metadata.
    NewLeaderElected,
    /// Any other code (e.g. NOT_CONTROLLER, REQUEST_TIMED_OUT): send the same request again.
    Retriable(i16),
}

impl AlterPartitionError {
    pub fn code(self) -> i16 {
        match self {
            AlterPartitionError::OperationNotAttempted => 55,
            AlterPartitionError::IneligibleReplica => 107,
            AlterPartitionError::UnknownTopicOrPartition => {
                ErrorCode::UnknownTopicOrPartition.code()
            }
            AlterPartitionError::UnknownTopicId => ErrorCode::UnknownTopicId.code(),
            AlterPartitionError::FencedLeaderEpoch => ErrorCode::FencedLeaderEpoch.code(),
            AlterPartitionError::InvalidUpdateVersion => ErrorCode::InvalidUpdateVersion.code(),
            AlterPartitionError::InvalidRequest => ErrorCode::InvalidRequest.code(),
            AlterPartitionError::NewLeaderElected => 108,
            AlterPartitionError::Retriable(code) => code,
        }
    }

    pub fn from_code(code: i16) -> AlterPartitionError {
        match code {
            55 => AlterPartitionError::OperationNotAttempted,
            107 => AlterPartitionError::IneligibleReplica,
            3 => AlterPartitionError::UnknownTopicOrPartition,
            100 => AlterPartitionError::UnknownTopicId,
            74 => AlterPartitionError::FencedLeaderEpoch,
            95 => AlterPartitionError::InvalidUpdateVersion,
            42 => AlterPartitionError::InvalidRequest,
            108 => AlterPartitionError::NewLeaderElected,
            other => AlterPartitionError::Retriable(other),
        }
    }
}

/// A follower's Fetch for this partition, as the leader receives it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FollowerFetch {
    pub replica: NodeId,
    /// The fetching broker's epoch (`ReplicaState.ReplicaEpoch`), or [`BrokerEpoch::UNKNOWN`].
    pub broker_epoch: BrokerEpoch,
    pub fetch_offset: Offset,
    pub last_fetched_epoch: Option<LeaderEpoch>,
    pub current_leader_epoch: Option<LeaderEpoch>,
}

/// A consumer's Fetch for this partition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConsumerFetch {
    pub fetch_offset: Offset,
    pub last_fetched_epoch: Option<LeaderEpoch>,
    pub current_leader_epoch: Option<LeaderEpoch>,
}

/// The leader's answer to a fetch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FetchAnswer {
    /// Read the log from `from` up to `read_end` (the log end for a follower, the high
    /// watermark for a consumer), bounded by the fetch's max bytes, and send it with this high
    /// watermark.
    Records {
        from: Offset,
        high_watermark: Offset,
        read_end: Offset,
    },
    /// The follower's log diverges from this leader's after `end_offset` of `epoch`: it must
    /// truncate (KIP-320, KIP-595). No records.
    Diverging {
        epoch: LeaderEpoch,
        end_offset: Offset,
        high_watermark: Offset,
    },
    Error(ErrorCode),
}

impl Partition {
    /// The controller made this replica the leader (or changed the ISR or replicas of a
    /// partition it leads). Kafka's `makeLeader`: a new leader epoch starts at the log end
    /// (assigned in the epoch cache at once, so a follower with a later stale epoch truncates
    /// correctly) and resets what is known of the followers; the same epoch only takes the new
    /// ISR, dropping any AlterPartition in flight.
    ///
    /// One deliberate difference, found by the simulation: a state with the partition epoch and
    /// leader epoch this leader already holds is the state it learned from an AlterPartition
    /// response, applied late from the metadata log; it carries nothing new and must not drop
    /// a change proposed since (Kafka's `makeLeader` resets it, and until the next metadata
    /// record the high watermark would ignore a replica the controller already put in the ISR,
    /// which could then be elected without records below that high watermark).
    pub fn become_leader(&mut self, state: &LeaderAndIsr, now_ms: u64) -> Result<Outputs, Skipped> {
        self.accept_state(state)?;
        assert_eq!(
            state.leader,
            Some(self.local),
            "become_leader names this replica as leader"
        );
        if self.is_leader()
            && state.partition_epoch == self.partition_epoch
            && state.leader_epoch == self.leader_epoch
        {
            let mut out = Outputs::default();
            self.settle(now_ms, &mut out);
            return Ok(out);
        }
        let new_leader_epoch = state.leader_epoch > self.leader_epoch || !self.is_leader();
        let previous = std::mem::replace(&mut self.role, Role::Unassigned);
        let (was_leader, mut followers, epoch_start_offset) = match previous {
            Role::Leader(leader) => (true, leader.followers, leader.epoch_start_offset),
            _ => (false, BTreeMap::new(), self.log.end_offset),
        };
        self.take_epochs_and_replicas(state);
        let isr = sorted(&state.isr);
        followers.retain(|id, _| self.replicas.contains(id));
        for &id in self.replicas.iter().filter(|&&id| id != self.local) {
            followers
                .entry(id)
                .or_insert_with(|| ReplicaProgress::new_leader(now_ms, isr.contains(&id)));
        }
        let epoch_start_offset = if new_leader_epoch {
            assert!(
                self.epochs.latest_epoch() <= Some(state.leader_epoch),
                "a new leader epoch {:?} is not below the log's latest {:?}",
                state.leader_epoch,
                self.epochs.latest_epoch()
            );
            let start = self.log.end_offset;
            self.epochs.assign(state.leader_epoch, start);
            for (id, progress) in followers.iter_mut() {
                let in_sync = isr.contains(id);
                *progress = if was_leader {
                    progress.reset(now_ms, start, in_sync)
                } else {
                    ReplicaProgress::new_leader(now_ms, in_sync)
                };
            }
            start
        } else {
            epoch_start_offset
        };
        self.role = Role::Leader(LeaderState {
            epoch_start_offset,
            isr: IsrState::Committed { isr },
            followers,
        });
        let mut out = Outputs::default();
        self.maybe_increment_high_watermark(now_ms, &mut out);
        self.settle(now_ms, &mut out);
        Ok(out)
    }

    /// A follower's fetch (Kafka's `fetchRecords` for a follower, then
    /// `updateFollowerFetchState`, `maybeExpandIsr` and `maybeIncrementLeaderHW`).
    pub fn on_follower_fetch(
        &mut self,
        fetch: &FollowerFetch,
        now_ms: u64,
    ) -> (FetchAnswer, Outputs) {
        let mut out = Outputs::default();
        let answer = self.follower_fetch(fetch, now_ms, &mut out);
        self.settle(now_ms, &mut out);
        (answer, out)
    }

    fn follower_fetch(
        &mut self,
        fetch: &FollowerFetch,
        now_ms: u64,
        out: &mut Outputs,
    ) -> FetchAnswer {
        if let Err(code) = self.check_leader_epoch(fetch.current_leader_epoch) {
            return FetchAnswer::Error(code);
        }
        let Role::Leader(leader) = &self.role else {
            return FetchAnswer::Error(ErrorCode::NotLeaderOrFollower);
        };
        if !leader.followers.contains_key(&fetch.replica) {
            // Kafka's `followerReplicaOrThrow`: with an epoch, the (replica, epoch) pair is not
            // known yet (e.g. a reassignment adds it) and the follower retries.
            return FetchAnswer::Error(match fetch.current_leader_epoch {
                Some(_) => ErrorCode::UnknownLeaderEpoch,
                None => ErrorCode::NotLeaderOrFollower,
            });
        }
        // The offsets before the read: appends after it must not keep a follower out of sync.
        let high_watermark = self.log.high_watermark;
        let log_end = self.log.end_offset;
        if let Err(answer) = self.check_read(fetch.fetch_offset, fetch.last_fetched_epoch) {
            return answer;
        }
        // KIP-903: a fetch from an older incarnation of the broker must not count.
        let registered = self.brokers.get(&fetch.replica).map(|b| b.epoch);
        if fetch.broker_epoch != BrokerEpoch::UNKNOWN
            && registered.is_some_and(|epoch| epoch > fetch.broker_epoch)
        {
            return FetchAnswer::Error(ErrorCode::NotLeaderOrFollower);
        }
        let Role::Leader(leader) = &mut self.role else {
            unreachable!("checked above");
        };
        let progress = leader
            .followers
            .get_mut(&fetch.replica)
            .expect("checked above");
        let previous_end = progress.log_end;
        progress.fetched(fetch.fetch_offset, log_end, now_ms, fetch.broker_epoch);
        self.maybe_expand_isr(fetch.replica, out);
        if previous_end != Some(fetch.fetch_offset) {
            self.maybe_increment_high_watermark(now_ms, out);
        }
        FetchAnswer::Records {
            from: fetch.fetch_offset,
            high_watermark,
            read_end: log_end,
        }
    }

    /// A consumer's fetch (Kafka's `fetchRecords` for a consumer): the same epoch and offset
    /// checks, leader only, records up to the high watermark. A fetch offset between the high
    /// watermark and the log end reads nothing (not an error, as Kafka's `LocalLog.read`).
    pub fn on_consumer_fetch(&self, fetch: &ConsumerFetch) -> FetchAnswer {
        if let Err(code) = self.check_leader_epoch(fetch.current_leader_epoch) {
            return FetchAnswer::Error(code);
        }
        if !self.is_leader() {
            return FetchAnswer::Error(ErrorCode::NotLeaderOrFollower);
        }
        if let Err(answer) = self.check_read(fetch.fetch_offset, fetch.last_fetched_epoch) {
            return answer;
        }
        let high_watermark = self.log.high_watermark;
        FetchAnswer::Records {
            from: fetch.fetch_offset,
            high_watermark,
            read_end: high_watermark.max(fetch.fetch_offset),
        }
    }

    /// Kafka's `readRecords` checks: the fetch's last fetched epoch must end at or after the
    /// fetch offset in this log (else a diverging epoch, KIP-320/KIP-595; an epoch this log
    /// cannot place is OFFSET_OUT_OF_RANGE), and the offset must lie in the log.
    fn check_read(
        &self,
        fetch_offset: Offset,
        last_fetched_epoch: Option<LeaderEpoch>,
    ) -> Result<(), FetchAnswer> {
        let out_of_range = FetchAnswer::Error(ErrorCode::OffsetOutOfRange);
        if let Some(fetched_epoch) = last_fetched_epoch {
            let Some(epoch_end) = self
                .epochs
                .end_offset_for(fetched_epoch, self.log.end_offset)
            else {
                return Err(out_of_range);
            };
            if fetch_offset < self.log.start_offset {
                return Err(out_of_range);
            }
            if epoch_end.epoch < fetched_epoch || epoch_end.end_offset < fetch_offset {
                return Err(FetchAnswer::Diverging {
                    epoch: epoch_end.epoch,
                    end_offset: epoch_end.end_offset,
                    high_watermark: self.log.high_watermark,
                });
            }
        }
        if fetch_offset < self.log.start_offset || fetch_offset > self.log.end_offset {
            return Err(out_of_range);
        }
        Ok(())
    }

    /// KIP-841/KIP-903: only a live, unfenced broker not shutting down, whose fetches came from
    /// its registered incarnation, may join the ISR (Kafka's `isReplicaIsrEligible`).
    pub(crate) fn is_isr_eligible(&self, replica: NodeId, progress: &ReplicaProgress) -> bool {
        let Some(status) = self.brokers.get(&replica) else {
            return false;
        };
        let epoch_matches = match progress.broker_epoch {
            None => false,
            Some(epoch) => epoch == BrokerEpoch::UNKNOWN || epoch == status.epoch,
        };
        !status.fenced && !status.shutting_down && epoch_matches
    }

    /// Kafka's `maybeExpandIsr`: a follower outside the ISR joins once its log end has reached
    /// the high watermark and this epoch's start offset (so it holds everything an earlier
    /// leader may have committed), one change at a time.
    fn maybe_expand_isr(&mut self, replica: NodeId, out: &mut Outputs) {
        let Role::Leader(leader) = &self.role else {
            return;
        };
        let IsrState::Committed { isr } = &leader.isr else {
            return;
        };
        if isr.contains(&replica) {
            return;
        }
        let progress = leader.followers[&replica];
        let caught_up = progress
            .log_end
            .is_some_and(|end| end >= self.log.high_watermark && end >= leader.epoch_start_offset);
        if !caught_up || !self.is_isr_eligible(replica, &progress) {
            return;
        }
        let isr = isr.clone();
        let new_isr = sorted(&[isr.as_slice(), &[replica]].concat());
        let sent = self.alter_partition_request(&new_isr);
        out.alter_partition = Some(sent.clone());
        self.leader_mut().isr = IsrState::PendingExpand {
            isr,
            adding: replica,
            sent,
        };
    }

    /// Kafka's `maybeShrinkIsr`: ISR followers not caught up to the log end within
    /// `replica.lag.time.max.ms` (stuck, or slow) are proposed out, one change at a time.
    pub(crate) fn maybe_shrink_isr(&mut self, now_ms: u64, out: &mut Outputs) {
        let Role::Leader(leader) = &self.role else {
            return;
        };
        let IsrState::Committed { isr } = &leader.isr else {
            return;
        };
        let lag_max_ms = self.config.replica_lag_time_max_ms;
        let out_of_sync: Vec<NodeId> = isr
            .iter()
            .copied()
            .filter(|&id| id != self.local)
            .filter(|id| {
                leader.followers.get(id).is_none_or(|progress| {
                    !progress.is_caught_up(self.log.end_offset, now_ms, lag_max_ms)
                })
            })
            .collect();
        if out_of_sync.is_empty() {
            return;
        }
        let isr = isr.clone();
        let new_isr: Vec<NodeId> = isr
            .iter()
            .copied()
            .filter(|id| !out_of_sync.contains(id))
            .collect();
        let sent = self.alter_partition_request(&new_isr);
        out.alter_partition = Some(sent.clone());
        self.leader_mut().isr = IsrState::PendingShrink { isr, sent };
    }

    fn alter_partition_request(&mut self, new_isr: &[NodeId]) -> AlterPartitionRequest {
        self.alter_sequence += 1;
        let Role::Leader(leader) = &self.role else {
            unreachable!("only a leader proposes an ISR");
        };
        assert!(
            leader.isr.in_flight().is_none(),
            "at most one AlterPartition in flight: {:?}",
            leader.isr
        );
        let new_isr = new_isr
            .iter()
            .map(|&id| IsrMember {
                id,
                broker_epoch: if id == self.local {
                    self.brokers
                        .get(&id)
                        .map_or(BrokerEpoch::UNKNOWN, |b| b.epoch)
                } else {
                    leader
                        .followers
                        .get(&id)
                        .and_then(|p| p.broker_epoch)
                        .unwrap_or(BrokerEpoch::UNKNOWN)
                },
            })
            .collect();
        AlterPartitionRequest {
            leader: self.local,
            leader_epoch: self.leader_epoch,
            partition_epoch: self.partition_epoch,
            new_isr,
            sequence: self.alter_sequence,
        }
    }

    /// The AlterPartition request in flight, if any.
    pub fn alter_partition_in_flight(&self) -> Option<&AlterPartitionRequest> {
        match &self.role {
            Role::Leader(leader) => leader.isr.in_flight(),
            _ => None,
        }
    }

    /// The change in flight, to send again (a new `sequence`) after its request or answer was
    /// lost: the runtime sends it on a new connection, as Kafka's AlterPartitionManager does
    /// after a disconnection, so at most one copy is ever answered.
    pub fn resend_alter_partition(&mut self) -> Option<AlterPartitionRequest> {
        self.alter_partition_in_flight()?;
        self.alter_sequence += 1;
        let sequence = self.alter_sequence;
        let Role::Leader(leader) = &mut self.role else {
            unreachable!("checked above");
        };
        let sent = match &mut leader.isr {
            IsrState::PendingExpand { sent, .. } | IsrState::PendingShrink { sent, .. } => sent,
            IsrState::Committed { .. } => unreachable!("checked above"),
        };
        sent.sequence = sequence;
        Some(sent.clone())
    }

    /// The controller answered `sent` (Kafka's `submitAlterPartition` completion). A response
    /// to anything but the change in flight is stale and ignored.
    pub fn on_alter_partition_response(
        &mut self,
        sent: &AlterPartitionRequest,
        response: &AlterPartitionResponse,
        now_ms: u64,
    ) -> Outputs {
        let mut out = Outputs::default();
        if self.alter_partition_in_flight() != Some(sent) {
            return out;
        }
        match response {
            AlterPartitionResponse::Accepted {
                leader_epoch,
                partition_epoch,
                isr,
            } => {
                // Kafka's `handleAlterPartitionUpdate`: a response for another leader epoch or
                // an older partition epoch leaves the change pending until metadata arrives.
                if *leader_epoch == self.leader_epoch && *partition_epoch >= self.partition_epoch {
                    let isr = sorted(isr);
                    assert!(
                        isr.contains(&self.local) && isr.iter().all(|id| self.replicas.contains(id)),
                        "an accepted ISR holds the leader and only replicas: {isr:?}, replicas {:?}",
                        self.replicas
                    );
                    self.partition_epoch = *partition_epoch;
                    self.leader_mut().isr = IsrState::Committed { isr };
                    self.maybe_increment_high_watermark(now_ms, &mut out);
                }
            }
            AlterPartitionResponse::Refused(error) => match error {
                AlterPartitionError::OperationNotAttempted
                | AlterPartitionError::IneligibleReplica => {
                    // The controller says the partition epoch was right and nothing was applied.
                    let isr = self.leader_mut().isr.committed().to_vec();
                    self.leader_mut().isr = IsrState::Committed { isr };
                }
                AlterPartitionError::Retriable(_) => {
                    out.alter_partition = self.resend_alter_partition();
                }
                _ => {}
            },
        }
        self.settle(now_ms, &mut out);
        out
    }

    /// Kafka's `maybeIncrementLeaderHW`: the least log end among the maximal ISR and the
    /// followers that are caught up and eligible to join it (so a joining follower is not left
    /// behind forever), never below what it was; frozen while the committed ISR is under the
    /// effective min ISR (KIP-966's rule, KAFKA-15583). In [`crate::Durability::Flushed`] the
    /// leader counts its flushed offset, and followers' fetch offsets are flushed ones.
    pub(crate) fn maybe_increment_high_watermark(&mut self, now_ms: u64, out: &mut Outputs) {
        let Role::Leader(leader) = &self.role else {
            return;
        };
        if leader.isr.committed().len() < self.effective_min_isr() {
            return;
        }
        let maximal = leader.isr.maximal();
        let leader_end = self.log.end_offset;
        let lag_max_ms = self.config.replica_lag_time_max_ms;
        let mut candidate = self.replicated_end();
        for (&id, progress) in &leader.followers {
            let waits_for = maximal.contains(&id)
                || (progress.is_caught_up(leader_end, now_ms, lag_max_ms)
                    && self.is_isr_eligible(id, progress));
            if !waits_for {
                continue;
            }
            match progress.log_end {
                None => return,
                Some(end) => candidate = candidate.min(end),
            }
        }
        if candidate > self.log.high_watermark {
            self.set_high_watermark(candidate, out);
        }
    }

    fn leader_mut(&mut self) -> &mut LeaderState {
        match &mut self.role {
            Role::Leader(leader) => leader,
            _ => unreachable!("leader_mut off the leader"),
        }
    }
}
