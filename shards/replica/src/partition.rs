//! [`Partition`]: one partition's replica state — its role, its view of the local log's offsets,
//! the leader epoch cache, the delayed operations — and the calls every role answers. The
//! leader's rules are in `leader.rs`, the follower's in `follower.rs`.

use std::collections::BTreeMap;

use model::{ErrorCode, LeaderEpoch, NodeId, Offset};

use crate::delayed::{
    AppendPoints, DelayedFetch, DelayedFetches, DelayedProduces, FetchIsolation, FetchWake,
    ProduceDone, WaitingFetch, WaitingProduce,
};
use crate::epoch_cache::LeaderEpochCache;
use crate::follower::FollowerState;
use crate::leader::LeaderState;
use crate::{sorted, BrokerStatus, Durability, Outputs, PartitionConfig, PartitionEpoch};

/// The local log's offsets as the partition sees them. The runtime reports every change
/// (appends, flushes, truncations) as it makes it; the high watermark is the partition's own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LogState {
    pub start_offset: Offset,
    pub end_offset: Offset,
    /// Everything below it is fsynced.
    pub flushed_offset: Offset,
    pub high_watermark: Offset,
}

/// The partition's state as the controller decided it (a PartitionRecord /
/// PartitionChangeRecord applied to the image, or an accepted AlterPartition).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LeaderAndIsr {
    /// `None`: no leader (Kafka's -1), when every ISR member is fenced; the ISR then keeps its
    /// last member, who is elected again when it returns (no unclean election).
    pub leader: Option<NodeId>,
    pub leader_epoch: LeaderEpoch,
    pub partition_epoch: PartitionEpoch,
    pub replicas: Vec<NodeId>,
    pub isr: Vec<NodeId>,
}

/// A state change older than what the partition already holds (its partition epoch is lower);
/// Kafka skips it (`makeLeader`/`makeFollower`) — the image may be applied after an
/// AlterPartition response already told the newer epoch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Skipped {
    pub current: PartitionEpoch,
}

/// A produce's `acks`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Acks {
    None,
    Leader,
    All,
}

#[derive(Debug)]
pub(crate) enum Role {
    /// Opened, no state from the controller yet (or removed from the replicas).
    Unassigned,
    Leader(LeaderState),
    Follower(FollowerState),
}

/// What role the partition has, for the runtime's routing and for tests.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RoleView {
    Unassigned,
    Leader {
        leader_epoch: LeaderEpoch,
        isr: Vec<NodeId>,
        maximal_isr: Vec<NodeId>,
        alter_partition_in_flight: bool,
    },
    Follower {
        /// `None`: the partition has no leader now.
        leader: Option<NodeId>,
        leader_epoch: LeaderEpoch,
    },
}

/// One partition's replica state machine. See the crate docs.
#[derive(Debug)]
pub struct Partition {
    pub(crate) local: NodeId,
    pub(crate) config: PartitionConfig,
    /// The latest leader epoch this replica knows; -1 before any.
    pub(crate) leader_epoch: LeaderEpoch,
    /// The latest partition epoch this replica knows; -1 before any.
    pub(crate) partition_epoch: PartitionEpoch,
    pub(crate) replicas: Vec<NodeId>,
    pub(crate) role: Role,
    pub(crate) log: LogState,
    pub(crate) epochs: LeaderEpochCache,
    /// How many times the log was truncated (or reset): a fetch response built before is stale.
    pub(crate) log_generation: u64,
    /// How many AlterPartition requests were sent (each send's `sequence`).
    pub(crate) alter_sequence: u64,
    pub(crate) bytes: AppendPoints,
    pub(crate) brokers: BTreeMap<NodeId, BrokerStatus>,
    pub(crate) produces: DelayedProduces,
    pub(crate) fetches: DelayedFetches,
}

impl Partition {
    /// A partition over a log storage has just opened (recovered), with its epoch cache and
    /// high-watermark checkpoint. The checkpoint is clamped into the log (Kafka does the same
    /// on load: a torn tail may have taken offsets the checkpoint covered).
    pub fn open(
        local: NodeId,
        config: PartitionConfig,
        log: LogState,
        epochs: LeaderEpochCache,
    ) -> Partition {
        assert!(
            log.start_offset <= log.end_offset && log.flushed_offset <= log.end_offset,
            "open: log offsets out of order {log:?}"
        );
        let high_watermark = log.high_watermark.clamp(log.start_offset, log.end_offset);
        let log = LogState {
            high_watermark,
            ..log
        };
        let partition = Partition {
            local,
            config,
            leader_epoch: LeaderEpoch(-1),
            partition_epoch: PartitionEpoch(-1),
            replicas: Vec::new(),
            role: Role::Unassigned,
            log,
            epochs,
            log_generation: 0,
            alter_sequence: 0,
            bytes: AppendPoints::new(log.end_offset),
            brokers: BTreeMap::new(),
            produces: DelayedProduces::default(),
            fetches: DelayedFetches::default(),
        };
        partition.assert_invariants();
        partition
    }

    pub fn local(&self) -> NodeId {
        self.local
    }

    pub fn log(&self) -> LogState {
        self.log
    }

    pub fn high_watermark(&self) -> Offset {
        self.log.high_watermark
    }

    pub fn leader_epoch(&self) -> LeaderEpoch {
        self.leader_epoch
    }

    pub fn partition_epoch(&self) -> PartitionEpoch {
        self.partition_epoch
    }

    pub fn epochs(&self) -> &LeaderEpochCache {
        &self.epochs
    }

    pub fn config(&self) -> PartitionConfig {
        self.config
    }

    pub fn is_leader(&self) -> bool {
        matches!(self.role, Role::Leader(_))
    }

    pub fn role(&self) -> RoleView {
        match &self.role {
            Role::Unassigned => RoleView::Unassigned,
            Role::Leader(leader) => RoleView::Leader {
                leader_epoch: self.leader_epoch,
                isr: leader.isr.committed().to_vec(),
                maximal_isr: leader.isr.maximal(),
                alter_partition_in_flight: leader.isr.in_flight().is_some(),
            },
            Role::Follower(follower) => RoleView::Follower {
                leader: follower.leader,
                leader_epoch: self.leader_epoch,
            },
        }
    }

    pub fn produces_waiting(&self) -> usize {
        self.produces.len()
    }

    pub fn fetches_waiting(&self) -> usize {
        self.fetches.len()
    }

    /// `min(min.insync.replicas, replicas)`: Kafka's `effectiveMinIsr`.
    pub(crate) fn effective_min_isr(&self) -> usize {
        self.config
            .min_insync_replicas
            .min(self.replicas.len().max(1))
    }

    /// Topic or broker config changed (e.g. `min.insync.replicas`).
    pub fn update_config(&mut self, config: PartitionConfig, now_ms: u64) -> Outputs {
        self.config = config;
        let mut out = Outputs::default();
        self.settle(now_ms, &mut out);
        out
    }

    /// The metadata image's view of a broker changed (registered with a new epoch, fenced,
    /// unfenced, shutting down).
    pub fn set_broker_status(&mut self, broker: NodeId, status: BrokerStatus) {
        self.brokers.insert(broker, status);
    }

    /// Kafka's `checkCurrentLeaderEpoch`: a request naming an older epoch is fenced, a newer
    /// one is not known here yet (the caller retries); none means an old client, accepted.
    pub(crate) fn check_leader_epoch(
        &self,
        requested: Option<LeaderEpoch>,
    ) -> Result<(), ErrorCode> {
        match requested {
            Some(epoch) if epoch < self.leader_epoch => Err(ErrorCode::FencedLeaderEpoch),
            Some(epoch) if epoch > self.leader_epoch => Err(ErrorCode::UnknownLeaderEpoch),
            _ => Ok(()),
        }
    }

    /// Checks a state change against what the partition holds: older partition epochs are
    /// skipped (Kafka); the controller's own rules are invariants.
    pub(crate) fn accept_state(&self, state: &LeaderAndIsr) -> Result<(), Skipped> {
        if state.partition_epoch < self.partition_epoch {
            return Err(Skipped {
                current: self.partition_epoch,
            });
        }
        assert!(
            state.leader_epoch >= self.leader_epoch,
            "leader epochs never go back: {:?} after {:?} (partition epoch {:?} after {:?})",
            state.leader_epoch,
            self.leader_epoch,
            state.partition_epoch,
            self.partition_epoch
        );
        let replicas = sorted(&state.replicas);
        assert!(
            state.isr.iter().all(|id| replicas.contains(id)),
            "ISR ⊆ replicas: isr {:?} replicas {:?}",
            state.isr,
            state.replicas
        );
        assert!(
            state
                .leader
                .is_none_or(|leader| state.isr.contains(&leader)),
            "the leader is in the ISR: leader {:?} isr {:?}",
            state.leader,
            state.isr
        );
        Ok(())
    }

    /// The replica is no longer assigned here (reassignment, topic deletion): drop the role.
    /// Waiting produces fail with NOT_LEADER_OR_FOLLOWER and waiting fetches are answered.
    pub fn stop(&mut self, now_ms: u64) -> Outputs {
        self.role = Role::Unassigned;
        let mut out = Outputs::default();
        self.settle(now_ms, &mut out);
        out
    }

    /// Before appending a produce: NOT_LEADER_OR_FOLLOWER off the leader, and for acks=all
    /// NOT_ENOUGH_REPLICAS when the (committed) ISR is smaller than the effective
    /// `min.insync.replicas` (Kafka's `appendRecordsToLeader`).
    pub fn check_produce(&self, acks: Acks) -> Result<(), ErrorCode> {
        let Role::Leader(leader) = &self.role else {
            return Err(ErrorCode::NotLeaderOrFollower);
        };
        if acks == Acks::All && leader.isr.committed().len() < self.effective_min_isr() {
            return Err(ErrorCode::NotEnoughReplicas);
        }
        Ok(())
    }

    /// The leader appended records; the log now ends at `end_offset`, `bytes` longer.
    pub fn on_leader_append(&mut self, end_offset: Offset, bytes: u64, now_ms: u64) -> Outputs {
        assert!(
            self.is_leader(),
            "only a leader appends as leader ({:?})",
            self.role()
        );
        assert!(
            end_offset > self.log.end_offset,
            "an append moves the log end forward: {end_offset:?} after {:?}",
            self.log.end_offset
        );
        self.log.end_offset = end_offset;
        self.bytes.appended(end_offset, bytes);
        let mut out = Outputs::default();
        self.maybe_increment_high_watermark(now_ms, &mut out);
        self.settle(now_ms, &mut out);
        out
    }

    /// Everything below `flushed_offset` is fsynced. In [`Durability::Flushed`] this may move a
    /// leader's high watermark, and lets a follower send its next fetch.
    pub fn on_log_flushed(&mut self, flushed_offset: Offset, now_ms: u64) -> Outputs {
        assert!(
            flushed_offset <= self.log.end_offset,
            "flushed ≤ log end: {flushed_offset:?} > {:?}",
            self.log.end_offset
        );
        self.log.flushed_offset = self.log.flushed_offset.max(flushed_offset);
        let mut out = Outputs::default();
        if self.is_leader() {
            self.maybe_increment_high_watermark(now_ms, &mut out);
        }
        self.settle(now_ms, &mut out);
        out
    }

    /// The log end this replica may count as replicated (and, as a follower, report).
    pub(crate) fn replicated_end(&self) -> Offset {
        match self.config.durability {
            Durability::Flushed => self.log.flushed_offset.min(self.log.end_offset),
            Durability::Replicated => self.log.end_offset,
        }
    }

    /// Time passes: ISR shrink (Kafka's `isr-expiration` task), delayed operations' deadlines.
    pub fn tick(&mut self, now_ms: u64) -> Outputs {
        let mut out = Outputs::default();
        if self.is_leader() {
            self.maybe_shrink_isr(now_ms, &mut out);
            // A follower that was caught up (and so held the high watermark back) may not be
            // any more; Kafka rechecks on the next fetch or append, this just does it sooner.
            self.maybe_increment_high_watermark(now_ms, &mut out);
        }
        self.settle(now_ms, &mut out);
        out
    }

    /// An acks=all produce was appended up to `required_offset` (its last offset + 1): done
    /// now if the high watermark already covers it, else it waits (Kafka's DelayedProduce).
    pub fn await_produce(
        &mut self,
        id: u64,
        required_offset: Offset,
        deadline_ms: u64,
    ) -> Option<ProduceDone> {
        let waiting = WaitingProduce {
            id,
            required_offset,
            deadline_ms,
        };
        if let Some(result) = self.produce_result(&waiting) {
            return Some(ProduceDone { id, result });
        }
        self.produces.add(waiting);
        None
    }

    /// Kafka's `checkEnoughReplicasReachOffset`: done once the high watermark reaches the
    /// offset, with NOT_ENOUGH_REPLICAS_AFTER_APPEND if the (maximal) ISR is then smaller than
    /// the effective min ISR; NOT_LEADER_OR_FOLLOWER once leadership is gone.
    fn produce_result(&self, waiting: &WaitingProduce) -> Option<Result<(), ErrorCode>> {
        let Role::Leader(leader) = &self.role else {
            return Some(Err(ErrorCode::NotLeaderOrFollower));
        };
        if self.log.high_watermark < waiting.required_offset {
            return None;
        }
        if leader.isr.maximal().len() >= self.effective_min_isr() {
            Some(Ok(()))
        } else {
            Some(Err(ErrorCode::NotEnoughReplicasAfterAppend))
        }
    }

    /// A fetch read fewer than `min_bytes` and waits: `Some` if it should be answered at once.
    pub fn await_fetch(&mut self, fetch: DelayedFetch) -> Option<FetchWake> {
        let Some(start_bytes) = self.bytes.bytes_at(fetch.fetch_offset) else {
            // Older than every tracked append: plenty to read (Kafka's case F).
            return Some(FetchWake::Data { id: fetch.id });
        };
        let waiting = WaitingFetch { fetch, start_bytes };
        if let Some(wake) = self.fetch_wake(&waiting) {
            return Some(wake);
        }
        self.fetches.add(waiting);
        None
    }

    /// The request was answered through another partition: forget its wait here.
    pub fn cancel_fetch(&mut self, id: u64) -> bool {
        self.fetches.remove(id)
    }

    /// Kafka's `DelayedFetch.tryComplete` for one partition.
    fn fetch_wake(&self, waiting: &WaitingFetch) -> Option<FetchWake> {
        let fetch = &waiting.fetch;
        let changed = Some(FetchWake::StateChanged { id: fetch.id });
        // Cases A and E: not the leader any more, or the epoch the fetch names is not current.
        if !self.is_leader() || self.check_leader_epoch(fetch.current_leader_epoch).is_err() {
            return changed;
        }
        let end = match fetch.isolation {
            FetchIsolation::LogEnd => self.log.end_offset,
            FetchIsolation::HighWatermark => self.log.high_watermark,
        };
        // Case F: the log was truncated below the fetch offset.
        if fetch.fetch_offset > end {
            return changed;
        }
        // Case H: a diverging epoch appeared.
        if let Some(fetched_epoch) = fetch.last_fetched_epoch {
            match self
                .epochs
                .end_offset_for(fetched_epoch, self.log.end_offset)
            {
                None => return changed,
                Some(eo) if eo.epoch < fetched_epoch || eo.end_offset < fetch.fetch_offset => {
                    return changed
                }
                Some(_) => {}
            }
        }
        // Case G: enough bytes.
        let end_bytes = self.bytes.bytes_at(end).unwrap_or(waiting.start_bytes);
        let available = end_bytes.saturating_sub(waiting.start_bytes);
        (fetch.fetch_offset < end && available >= fetch.min_bytes.max(1))
            .then_some(FetchWake::Data { id: fetch.id })
    }

    /// ListOffsets LATEST (and the end a consumer may read) from the leader. KIP-207: a new
    /// leader whose high watermark has not reached its epoch's start offset answers
    /// OFFSET_NOT_AVAILABLE, so an offset a reader saw from the previous leader never goes
    /// back.
    pub fn list_offsets_latest(
        &self,
        current_leader_epoch: Option<LeaderEpoch>,
    ) -> Result<Offset, ErrorCode> {
        self.check_leader_epoch(current_leader_epoch)?;
        let Role::Leader(leader) = &self.role else {
            return Err(ErrorCode::NotLeaderOrFollower);
        };
        if self.log.high_watermark < leader.epoch_start_offset {
            return Err(ErrorCode::OffsetNotAvailable);
        }
        Ok(self.log.high_watermark)
    }

    /// OffsetForLeaderEpoch on the leader (Kafka's `lastOffsetForLeaderEpoch` with
    /// `fetchOnlyFromLeader`): `Ok(None)` is Kafka's UNDEFINED answer.
    pub fn offset_for_leader_epoch(
        &self,
        current_leader_epoch: Option<LeaderEpoch>,
        requested: LeaderEpoch,
    ) -> Result<Option<crate::EpochEndOffset>, ErrorCode> {
        self.check_leader_epoch(current_leader_epoch)?;
        if !self.is_leader() {
            return Err(ErrorCode::NotLeaderOrFollower);
        }
        Ok(self.epochs.end_offset_for(requested, self.log.end_offset))
    }

    /// Sets the high watermark, asserting the leader's never moves back.
    pub(crate) fn set_high_watermark(&mut self, high_watermark: Offset, out: &mut Outputs) {
        if high_watermark == self.log.high_watermark {
            return;
        }
        assert!(
            high_watermark <= self.log.end_offset,
            "HW ≤ log end: {high_watermark:?} > {:?}",
            self.log.end_offset
        );
        if self.is_leader() {
            assert!(
                high_watermark > self.log.high_watermark,
                "a leader's high watermark never moves back: {high_watermark:?} after {:?}",
                self.log.high_watermark
            );
        }
        self.log.high_watermark = high_watermark;
        out.high_watermark = Some(high_watermark);
    }

    /// After every change: complete what waits, expire what is past its deadline (Kafka's
    /// purgatory timers, seen at the next call), and check the invariants.
    pub(crate) fn settle(&mut self, now_ms: u64, out: &mut Outputs) {
        let mut produces = std::mem::take(&mut self.produces);
        out.produces.extend(produces.complete(|w| {
            let expired = now_ms >= w.deadline_ms;
            self.produce_result(w)
                .or(expired.then_some(Err(ErrorCode::RequestTimedOut)))
        }));
        self.produces = produces;
        let mut fetches = std::mem::take(&mut self.fetches);
        out.fetches.extend(fetches.complete(|w| {
            let expired = now_ms >= w.fetch.deadline_ms;
            self.fetch_wake(w)
                .or(expired.then_some(FetchWake::Expired { id: w.fetch.id }))
        }));
        self.fetches = fetches;
        self.assert_invariants();
    }

    pub(crate) fn assert_invariants(&self) {
        let log = &self.log;
        assert!(
            log.start_offset <= log.high_watermark && log.high_watermark <= log.end_offset,
            "log start ≤ HW ≤ log end: {log:?}"
        );
        assert!(
            log.flushed_offset <= log.end_offset,
            "flushed ≤ log end: {log:?}"
        );
        if let Role::Leader(leader) = &self.role {
            let committed = leader.isr.committed();
            assert!(
                committed.contains(&self.local),
                "the leader is in the ISR: {:?} not in {committed:?}",
                self.local
            );
            for id in leader.isr.maximal() {
                assert!(
                    self.replicas.contains(&id),
                    "ISR ⊆ replicas: {id:?} in {:?}, replicas {:?}",
                    leader.isr,
                    self.replicas
                );
            }
            assert!(
                leader.epoch_start_offset <= log.end_offset,
                "the epoch starts within the log: {:?} > {:?}",
                leader.epoch_start_offset,
                log.end_offset
            );
        }
    }

    /// Takes the replicas and epochs of an accepted state.
    pub(crate) fn take_epochs_and_replicas(&mut self, state: &LeaderAndIsr) {
        self.replicas = sorted(&state.replicas);
        self.partition_epoch = state.partition_epoch;
        self.leader_epoch = state.leader_epoch;
    }

    #[cfg(test)]
    pub(crate) fn leader_state(&self) -> &LeaderState {
        match &self.role {
            Role::Leader(leader) => leader,
            _ => panic!("not leader"),
        }
    }
}
