//! `QuorumCore`: this node's member of the metadata quorum, with no IO and no clock.
//!
//! raft-rs's `RawNode` over an in-memory log ([`MemLog`]), and the [`Image`] of what has been
//! applied. A driver feeds it ticks, peer messages and proposals, and runs its Ready protocol in
//! two halves around the disk:
//!
//! ```text
//! round = core.begin()          raft's Ready: messages to send now + what to make durable
//! journal.persist(&round.persist)   (blocking IO + fsync, off the reactor; a simulated disk)
//! done = core.finish(round)     persisted messages, commit, committed entries applied
//! ```
//!
//! Between `begin` and `finish` nothing else may touch the core (raft-rs forbids stepping while
//! a Ready is out): the driver queues inputs meanwhile. Proposals resolve by (index, term): an
//! entry applied at the proposal's index with its term is the proposal; another term means a
//! new leader replaced it.
//!
//! What is durable: entries before any message that depends on them; term and vote before
//! a vote or any message of the term; the raft state's commit index is written only as far as
//! applied (`Persist::raft_state`, in the round after the entries applied), with the conf state
//! as of that index, so a restart replays the image from the snapshot through that commit index
//! directly and raft-rs hands out the rest once the quorum confirms it.

use protobuf::Message as _;
use raft::eraftpb::{
    ConfChange, ConfChangeType, ConfChangeV2, ConfState, Entry, EntryType, HardState, Message,
    MessageType, Snapshot,
};
use raft::{RawNode, StateRole};

use model::NodeId;

use crate::error::MetadataError;
use crate::image::Image;
use crate::journal::{Persist, Recovered, ENTRY_BYTES_MAX};
use crate::logger::raft_logger;
use crate::memlog::MemLog;
use crate::record::{decode_batch, encode_batch, MetadataRecord};

/// Applied entries between snapshots (Sluice's own bound besides Kafka's bytes). Replay on
/// start-up costs one entry decode each; 1000 keeps it in the low milliseconds.
pub const SNAPSHOT_INTERVAL_ENTRIES_DEFAULT: u64 = 1000;
/// Kafka's default of `metadata.log.max.record.bytes.between.snapshots` (20 MiB).
pub const SNAPSHOT_INTERVAL_BYTES_DEFAULT: u64 = 20 * 1024 * 1024;

/// raft-rs ticks per election timeout (randomized by raft-rs in [1, 2) of it) and per heartbeat.
/// The driver ticks every `controller.quorum.election.timeout.ms / ELECTION_TICKS`.
pub const ELECTION_TICKS: usize = 10;
const HEARTBEAT_TICKS: usize = 2;

/// Raft ids must be > 0 while Kafka node ids start at 0: raft id = node.id + 1.
pub fn raft_id(node: NodeId) -> Result<u64, MetadataError> {
    u64::try_from(node.0)
        .map(|id| id + 1)
        .map_err(|_| MetadataError::InvalidNodeId(node.0))
}

/// The Kafka node id of raft id `id` (0 = none).
pub fn node_of_raft_id(id: u64) -> Option<NodeId> {
    (id != 0).then(|| NodeId((id - 1) as i32))
}

/// See [`QuorumCore::quorum_status`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuorumStatus {
    pub leader: Option<NodeId>,
    pub term: u64,
    pub high_watermark: u64,
    pub log_end: u64,
    /// Voters with the last index the leader knows each has (only the leader knows; others
    /// report their own).
    pub voters: Vec<ReplicaStatus>,
    pub observers: Vec<ReplicaStatus>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReplicaStatus {
    pub node: NodeId,
    pub log_end: u64,
    /// When this member last heard from it (Unix ms; -1 unknown). The core has no clock: the
    /// driver fills it in.
    pub last_contact_ms: i64,
}

/// One Ready round between [`QuorumCore::begin`] and [`QuorumCore::finish`].
pub struct Round {
    /// Send these now (a leader's appends go out while it persists its own copy).
    pub messages: Vec<Message>,
    /// Make this durable, then call `finish`.
    pub persist: Persist,
    ready: Option<raft::Ready>,
    committed: Vec<Entry>,
    installed: Option<Snapshot>,
    /// Followers `messages` sends a snapshot to.
    snapshots_to: Vec<u64>,
}

/// What a finished round produced.
#[derive(Default)]
pub struct Finished {
    /// Send these now (they depended on the round's persistence).
    pub messages: Vec<Message>,
    /// Entries applied to the image, in log order.
    pub applied: Vec<Applied>,
    /// Set when a snapshot from the leader replaced the image.
    pub installed_snapshot: bool,
}

/// One applied entry. Every entry appears (empty ones and configuration changes too), so a
/// driver can resolve a proposal by its index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Applied {
    pub index: u64,
    pub term: u64,
    pub records: Vec<MetadataRecord>,
}

pub struct QuorumCore {
    node: RawNode<MemLog>,
    image: Image,
    snapshot_interval_entries: u64,
    /// `metadata.log.max.record.bytes.between.snapshots`, and the entry bytes applied since the
    /// last snapshot.
    snapshot_interval_bytes: u64,
    bytes_since_snapshot: u64,
    /// Term and vote last written to the journal; commit and conf changes ride along.
    persisted_hs: HardState,
    raft_state_dirty: bool,
    /// Messages of our own for peers (see `peer_lost_log`), sent with the next round.
    notices: Vec<Message>,
    /// A local snapshot made in memory, for the next round to write.
    compact: Option<Snapshot>,
}

impl QuorumCore {
    /// Builds the member `raft_id` from what a journal recovered: the image is the snapshot plus
    /// every entry through the durable commit index, replayed here; raft-rs starts applied there.
    pub fn new(raft_id: u64, recovered: Recovered) -> Result<QuorumCore, MetadataError> {
        Self::with_timing(raft_id, recovered, ElectionTiming::default())
    }

    /// As [`QuorumCore::new`], with the election timing of the node's config.
    pub fn with_timing(
        raft_id: u64,
        recovered: Recovered,
        timing: ElectionTiming,
    ) -> Result<QuorumCore, MetadataError> {
        Self::build(raft_id, recovered, timing)
    }

    /// As [`QuorumCore::new`], with an election timeout of exactly `ticks` (≥ [`ELECTION_TICKS`])
    /// instead of raft-rs's random one (drawn from a thread-local RNG no seed reaches): a
    /// deterministic simulation draws each node's timeout from its own seed.
    pub fn with_election_ticks(
        raft_id: u64,
        recovered: Recovered,
        ticks: usize,
    ) -> Result<QuorumCore, MetadataError> {
        let ticks = ticks.max(ELECTION_TICKS);
        let timing = ElectionTiming {
            check_quorum_ticks: ticks,
            min_ticks: ticks,
            max_ticks: ticks + 1,
        };
        Self::build(raft_id, recovered, timing)
    }

    fn build(
        raft_id: u64,
        recovered: Recovered,
        timing: ElectionTiming,
    ) -> Result<QuorumCore, MetadataError> {
        let Recovered {
            snapshot,
            hard_state,
            conf_state,
            entries,
        } = recovered;
        let mut image = image_of_snapshot(&snapshot)?;
        let commit = hard_state.commit.max(image.applied_index());
        for entry in &entries {
            if entry.index > commit {
                break;
            }
            // Conf changes through the commit index are in the recovered conf state already.
            let records = match entry.get_entry_type() {
                EntryType::EntryNormal => decode_entry(entry)?,
                _ => Vec::new(),
            };
            image.apply_batch(entry.index, entry.term, &records);
        }
        // Conf changes through the commit index are in the recovered configuration.
        image.apply(&voters_record(&conf_state));
        let mut hard_state = hard_state;
        hard_state.commit = image.applied_index();
        let persisted_hs = hard_state.clone();
        let store = MemLog::new(snapshot, hard_state, conf_state, entries);
        let config = raft_config(raft_id, image.applied_index(), timing);
        let node = RawNode::new(&config, store, &raft_logger(raft_id))?;
        Ok(QuorumCore {
            node,
            image,
            snapshot_interval_entries: SNAPSHOT_INTERVAL_ENTRIES_DEFAULT,
            snapshot_interval_bytes: SNAPSHOT_INTERVAL_BYTES_DEFAULT,
            bytes_since_snapshot: 0,
            persisted_hs,
            raft_state_dirty: false,
            notices: Vec::new(),
            compact: None,
        })
    }

    /// The image of everything applied so far.
    pub fn image(&self) -> &Image {
        &self.image
    }

    pub fn raft_id(&self) -> u64 {
        self.node.raft.id
    }

    pub fn term(&self) -> u64 {
        self.node.raft.term
    }

    pub fn is_leader(&self) -> bool {
        self.node.raft.state == StateRole::Leader
    }

    /// The leader this member knows of, as a Kafka node id.
    pub fn leader(&self) -> Option<NodeId> {
        node_of_raft_id(self.node.raft.leader_id)
    }

    /// Raft ids of the voters.
    pub fn voters(&self) -> Vec<u64> {
        let mut voters: Vec<u64> = self.node.store().conf_state().get_voters().to_vec();
        voters.sort_unstable();
        voters
    }

    /// Raft ids of the learners (brokers that follow the log without voting).
    pub fn learners(&self) -> Vec<u64> {
        let mut learners: Vec<u64> = self.node.store().conf_state().get_learners().to_vec();
        learners.sort_unstable();
        learners
    }

    pub fn is_voter(&self) -> bool {
        self.voters().contains(&self.node.raft.id)
    }

    pub fn committed(&self) -> u64 {
        self.node.raft.raft_log.committed
    }

    pub fn last_index(&self) -> u64 {
        self.node.raft.raft_log.last_index()
    }

    /// Sets the entries applied between snapshots.
    pub fn set_snapshot_interval_entries(&mut self, entries: u64) {
        self.snapshot_interval_entries = entries.max(1);
    }

    /// Sets `metadata.log.max.record.bytes.between.snapshots`: a snapshot also follows this
    /// many bytes of applied entries.
    pub fn set_snapshot_interval_bytes(&mut self, bytes: u64) {
        self.snapshot_interval_bytes = bytes.max(1);
    }

    /// Where the quorum stands, as DescribeQuorum reports it: the leader's node id, its term
    /// (Kafka's leader epoch), the committed index (high watermark), this member's last index
    /// (log end offset), and each voter's and observer's progress as far as the leader knows.
    pub fn quorum_status(&self) -> QuorumStatus {
        let raft = &self.node.raft;
        let own = raft.raft_log.last_index();
        let progress = |id: u64| {
            if id == raft.id {
                own
            } else if raft.state == StateRole::Leader {
                raft.prs().get(id).map_or(0, |p| p.matched)
            } else {
                0
            }
        };
        let status = |ids: Vec<u64>| {
            ids.into_iter()
                .filter_map(|id| {
                    Some(ReplicaStatus {
                        node: node_of_raft_id(id)?,
                        log_end: progress(id),
                        last_contact_ms: -1,
                    })
                })
                .collect()
        };
        QuorumStatus {
            leader: node_of_raft_id(raft.leader_id),
            term: raft.term,
            high_watermark: raft.raft_log.committed,
            log_end: own,
            voters: status(self.voters()),
            observers: status(self.learners()),
        }
    }

    /// One clock tick (the driver ticks every election timeout / [`ELECTION_TICKS`]).
    pub fn tick(&mut self) {
        self.node.tick();
    }

    /// A message from a peer. Messages for another member, or from a stale or unknown
    /// sender, are dropped (raft tolerates loss).
    pub fn step(&mut self, message: Message) {
        if message.to != self.node.raft.id {
            tracing::debug!(
                to = message.to,
                "metadata: dropping a raft message for another node"
            );
            return;
        }
        let mut message = message;
        if message.get_msg_type() == MessageType::MsgUnreachable {
            self.peer_lost_log(message.from, message.index);
            return;
        }
        // A heartbeat commits up to what the leader believes this member holds. A member that
        // lost its disk (formatted again) holds less, and raft-rs would panic on it: take the
        // commit only as far as the log reaches, and tell the leader where the log really
        // ends so it sends the rest (raft-rs never sends MsgUnreachable between nodes, so it
        // carries this notice).
        if message.get_msg_type() == MessageType::MsgHeartbeat {
            let last = self.node.raft.raft_log.last_index();
            if message.commit > last {
                tracing::warn!(
                    leader = message.from,
                    commit = message.commit,
                    last,
                    "metadata: the leader believes this member holds more than its log (was its disk lost?); asking it to resend"
                );
                let mut notice = self.reply_to(&message, MessageType::MsgUnreachable);
                notice.index = last;
                self.notices.push(notice);
                message.commit = last;
            }
        }
        // A member that holds no raft configuration at all (formatted with
        // --no-initial-controllers, or a broker-only node that follows a dynamic quorum) must
        // start from a snapshot, which carries the configuration: raft-rs cannot apply the log's
        // configuration changes on top of none ("removed all voters"). A leader whose log starts
        // at index 1 (a static quorum's, configured at format time) would send entries from
        // there: refuse them and ask for a snapshot (raft-rs's request_snapshot answer).
        if message.get_msg_type() == MessageType::MsgAppend
            && message.index == 0
            && self.is_unconfigured()
            && self.node.raft.raft_log.last_index() == 0
        {
            let mut ask = self.reply_to(&message, MessageType::MsgAppendResponse);
            ask.reject = true;
            ask.index = 0;
            ask.reject_hint = 0;
            ask.request_snapshot = 1;
            self.notices.push(ask);
            return;
        }
        if let Err(e) = self.node.step(message) {
            tracing::debug!(error = %e, "metadata: raft message not taken");
        }
    }

    /// A message of this member's own to the sender of `message`, in its term.
    fn reply_to(&self, message: &Message, msg_type: MessageType) -> Message {
        let mut reply = Message::default();
        reply.set_msg_type(msg_type);
        reply.to = message.from;
        reply.from = self.node.raft.id;
        reply.term = message.term;
        reply
    }

    /// Whether this member's raft configuration names nobody (it was never configured).
    fn is_unconfigured(&self) -> bool {
        let conf = self.node.store().conf_state();
        conf.voters.is_empty() && conf.learners.is_empty()
    }

    /// A follower told this leader that its log ends at `last`, before what the leader thought
    /// it had: the follower lost its disk. Replication to it restarts from there (probing back,
    /// or a snapshot if the log was compacted).
    fn peer_lost_log(&mut self, from: u64, last: u64) {
        if !self.is_leader() || from == self.node.raft.id {
            return;
        }
        if let Some(progress) = self.node.raft.mut_prs().get_mut(from) {
            if progress.matched > last {
                tracing::warn!(
                    peer = from,
                    believed = progress.matched,
                    last,
                    "metadata: a follower's log is shorter than it acknowledged; replicating again from its end"
                );
                progress.matched = last;
                progress.become_probe();
            }
        }
    }

    /// Starts an election now (a sole voter at start-up).
    pub fn campaign(&mut self) -> Result<(), MetadataError> {
        Ok(self.node.campaign()?)
    }

    /// Proposes `records` as one entry (an atomic batch). Returns the (index, term) it will be
    /// applied at if it commits; it was replaced if another term is applied at that index.
    pub fn propose(&mut self, records: &[MetadataRecord]) -> Result<(u64, u64), MetadataError> {
        let data = encode_batch(records);
        if data.len() > ENTRY_BYTES_MAX {
            return Err(MetadataError::BatchTooLarge {
                bytes: data.len(),
                bytes_max: ENTRY_BYTES_MAX,
            });
        }
        self.propose_with(|node| node.propose(Vec::new(), data.to_vec()))
    }

    /// Whether a configuration change is proposed but not applied yet (raft takes one at a
    /// time; it would turn a second into an empty entry).
    pub fn has_pending_conf_change(&self) -> bool {
        self.node.raft.pending_conf_index > self.node.raft.raft_log.applied
    }

    /// On the leader: the last index `raft_id` is known to hold (None when it is no member or
    /// this node does not lead).
    pub fn replica_match(&self, raft_id: u64) -> Option<u64> {
        if !self.is_leader() {
            return None;
        }
        self.node.raft.prs().get(raft_id).map(|p| p.matched)
    }

    /// A leader that is no voter any more (its removal applied) hands leadership to the
    /// voter that has the most of the log, as Kafka's leader resigns once the voter set without
    /// it commits. Returns the voter it asks to take over, when it asks one now.
    pub fn resign_if_removed(&mut self) -> Option<u64> {
        if !self.is_leader() || self.is_voter() {
            return None;
        }
        let own = self.raft_id();
        let to = self
            .voters()
            .into_iter()
            .filter(|id| *id != own)
            .max_by_key(|id| self.node.raft.prs().get(*id).map_or(0, |p| p.matched))?;
        if self.node.raft.lead_transferee.is_some() {
            return None;
        }
        self.node.transfer_leader(to);
        Some(to)
    }

    /// Proposes adding (`add`) or removing a voter or a learner, as one configuration entry.
    pub fn propose_membership(
        &mut self,
        raft_id: u64,
        change: MembershipChange,
    ) -> Result<(u64, u64), MetadataError> {
        if self.has_pending_conf_change() {
            return Err(MetadataError::Failed(
                "another change of the quorum's configuration is not applied yet".into(),
            ));
        }
        let change_type = match change {
            MembershipChange::AddVoter => ConfChangeType::AddNode,
            // Also demotes a voter: it stays a member and keeps receiving the log.
            MembershipChange::AddLearner => ConfChangeType::AddLearnerNode,
            MembershipChange::Remove => ConfChangeType::RemoveNode,
        };
        let cc = ConfChange {
            change_type,
            node_id: raft_id,
            ..Default::default()
        };
        self.propose_with(|node| node.propose_conf_change(Vec::new(), cc))
    }

    fn propose_with(
        &mut self,
        propose: impl FnOnce(&mut RawNode<MemLog>) -> raft::Result<()>,
    ) -> Result<(u64, u64), MetadataError> {
        if !self.is_leader() {
            return Err(self.not_leader());
        }
        let index = self.node.raft.raft_log.last_index() + 1;
        let term = self.node.raft.term;
        propose(&mut self.node).map_err(|e| match e {
            raft::Error::ProposalDropped => self.not_leader(),
            other => MetadataError::Raft(other),
        })?;
        if self.node.raft.raft_log.last_index() != index {
            return Err(self.not_leader());
        }
        Ok((index, term))
    }

    pub fn not_leader(&self) -> MetadataError {
        MetadataError::NotLeader {
            leader_raft_id: self.node.raft.leader_id,
        }
    }

    /// Whether a round would have work (raft output, or raft state or a snapshot to write).
    pub fn has_work(&self) -> bool {
        self.node.has_ready()
            || !self.notices.is_empty()
            || self.raft_state_dirty
            || self.compact.is_some()
            || self.image.applied_index() > self.persisted_hs.commit
    }

    /// Takes raft's Ready: what to send now and what to make durable before [`Self::finish`].
    pub fn begin(&mut self) -> Option<Round> {
        if !self.has_work() {
            return None;
        }
        let mut round = Round {
            messages: Vec::new(),
            persist: Persist::default(),
            ready: None,
            committed: Vec::new(),
            installed: None,
            snapshots_to: Vec::new(),
        };
        if self.node.has_ready() {
            let mut ready = self.node.ready();
            round.messages = ready.take_messages();
            round.snapshots_to = snapshot_targets(&round.messages);
            if !ready.snapshot().is_empty() {
                let snapshot = ready.snapshot().clone();
                self.node.mut_store().install_snapshot(snapshot.clone());
                round.persist.install_snapshot = Some(snapshot.clone());
                round.installed = Some(snapshot);
                // The pending local snapshot is older than the leader's: drop it.
                self.compact = None;
            }
            round.committed = ready.take_committed_entries();
            if !ready.entries().is_empty() {
                round.persist.entries = ready.entries().clone();
                self.node.mut_store().append(ready.entries());
            }
            if let Some(hs) = ready.hs() {
                self.node.mut_store().set_hard_state(hs.clone());
                if hs.term != self.persisted_hs.term || hs.vote != self.persisted_hs.vote {
                    self.raft_state_dirty = true;
                }
            }
            round.ready = Some(ready);
        }
        round.messages.append(&mut self.notices);
        // Applied entries move the written commit index up (a round of its own when nothing
        // else is due), so a committed entry found torn on restart is corruption, not a tail.
        if self.raft_state_dirty || self.image.applied_index() > self.persisted_hs.commit {
            let mut hs = self.node.store().hard_state().clone();
            // Written only as far as applied, with the conf state as of that index.
            hs.commit = self.image.applied_index();
            if let Some(snapshot) = &round.installed {
                hs.commit = hs.commit.max(snapshot.get_metadata().index);
            }
            let cs: ConfState = self.node.store().conf_state().clone();
            round.persist.raft_state = Some((hs.clone(), cs));
            self.persisted_hs = hs;
            self.raft_state_dirty = false;
        }
        round.persist.compact = self.compact.take();
        Some(round)
    }

    /// Finishes a round whose `persist` is durable: persisted messages, the commit index, and
    /// every committed entry applied to the image.
    pub fn finish(&mut self, mut round: Round) -> Result<Finished, MetadataError> {
        let mut finished = Finished::default();
        if let Some(snapshot) = round.installed.take() {
            self.image = image_of_snapshot(&snapshot)?;
            finished.installed_snapshot = true;
        }
        let committed = std::mem::take(&mut round.committed);
        self.apply_entries(committed, &mut finished.applied)?;
        if let Some(mut ready) = round.ready.take() {
            finished.messages.extend(ready.take_persisted_messages());
            let mut light = self.node.advance(ready);
            if let Some(commit) = light.commit_index() {
                let mut hs = self.node.store().hard_state().clone();
                hs.commit = commit;
                self.node.mut_store().set_hard_state(hs);
            }
            finished.messages.extend(light.take_messages());
            self.apply_entries(light.take_committed_entries(), &mut finished.applied)?;
            self.node.advance_apply();
        }
        // A snapshot sent counts as delivered: the follower's next answer either confirms it
        // or rejects the append after it, and the leader sends it again. (Unreported, a lost
        // snapshot would leave the follower paused for good.)
        let mut snapshots_to = std::mem::take(&mut round.snapshots_to);
        snapshots_to.extend(snapshot_targets(&finished.messages));
        for to in snapshots_to {
            self.node.report_snapshot(to, raft::SnapshotStatus::Finish);
        }
        Ok(finished)
    }

    fn apply_entries(
        &mut self,
        entries: Vec<Entry>,
        applied: &mut Vec<Applied>,
    ) -> Result<(), MetadataError> {
        for entry in entries {
            if entry.index <= self.image.applied_index() {
                continue;
            }
            let records = match entry.get_entry_type() {
                EntryType::EntryNormal => decode_entry(&entry)?,
                EntryType::EntryConfChange => {
                    let cc =
                        ConfChange::parse_from_bytes(&entry.data).map_err(raft::Error::from)?;
                    let conf_state = self.node.apply_conf_change(&cc)?;
                    let voters = voters_record(&conf_state);
                    self.set_conf_state(conf_state);
                    vec![voters]
                }
                EntryType::EntryConfChangeV2 => {
                    let cc =
                        ConfChangeV2::parse_from_bytes(&entry.data).map_err(raft::Error::from)?;
                    let conf_state = self.node.apply_conf_change(&cc)?;
                    let voters = voters_record(&conf_state);
                    self.set_conf_state(conf_state);
                    vec![voters]
                }
            };
            self.image.apply_batch(entry.index, entry.term, &records);
            self.bytes_since_snapshot += entry.data.len() as u64;
            applied.push(Applied {
                index: entry.index,
                term: entry.term,
                records,
            });
        }
        Ok(())
    }

    fn set_conf_state(&mut self, conf_state: ConfState) {
        self.node.mut_store().set_conf_state(conf_state);
        self.raft_state_dirty = true;
    }

    /// Makes a snapshot of the image (in memory; the next round writes it and compacts the
    /// journal) when more than the snapshot interval of entries were applied since the last.
    /// Returns whether it did.
    pub fn maybe_snapshot(&mut self) -> bool {
        let applied = self.image.applied_index();
        let snapshot_index = self.node.store().snapshot_index();
        let wanted = self.node.store().take_snapshot_wanted();
        let due = applied.saturating_sub(snapshot_index) > self.snapshot_interval_entries
            || self.bytes_since_snapshot >= self.snapshot_interval_bytes
            || wanted;
        if !due
            || applied <= snapshot_index
            || self.compact.is_some()
            || applied > self.node.store().last_index()
        {
            return false;
        }
        let mut snapshot = Snapshot {
            data: encode_batch(&self.image.to_records()).to_vec().into(),
            ..Default::default()
        };
        let meta = snapshot.mut_metadata();
        meta.index = applied;
        meta.term = self.image.applied_term();
        meta.set_conf_state(self.node.store().conf_state().clone());
        self.node.mut_store().compact(snapshot.clone());
        self.compact = Some(snapshot);
        self.bytes_since_snapshot = 0;
        // The raft state's commit moves up to the snapshot with it.
        self.raft_state_dirty = true;
        true
    }
}

/// When a member gives up on a silent leader and when a leader gives up on a silent majority,
/// in driver ticks (one tick is `controller.quorum.election.timeout.ms` / [`ELECTION_TICKS`]).
///
/// Kafka's two timeouts map onto raft-rs's one election timer: a follower that heard nothing
/// from the leader for `controller.quorum.fetch.timeout.ms` starts an election after a random
/// delay of up to `controller.quorum.election.timeout.ms` (Kafka: a follower becomes a
/// candidate after the fetch timeout, and elections back off randomly within the election
/// timeout), so a silent member waits `[fetch, fetch + election)`; raft-rs uses the same
/// window between failed elections. A leader steps down (check-quorum) when no majority was in
/// touch for the fetch timeout (Kafka: 1.5 times it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ElectionTiming {
    pub check_quorum_ticks: usize,
    pub min_ticks: usize,
    /// Exclusive.
    pub max_ticks: usize,
}

impl ElectionTiming {
    /// From Kafka's `controller.quorum.election.timeout.ms` and
    /// `controller.quorum.fetch.timeout.ms`.
    pub fn from_timeouts(election_timeout_ms: u64, fetch_timeout_ms: u64) -> ElectionTiming {
        let tick_ms = (election_timeout_ms / ELECTION_TICKS as u64).max(1);
        let fetch_ticks = usize::try_from(fetch_timeout_ms.div_ceil(tick_ms)).unwrap_or(usize::MAX);
        // raft-rs needs the heartbeat well inside the silence a follower tolerates.
        let min_ticks = fetch_ticks.clamp(HEARTBEAT_TICKS * 2, 1 << 20);
        ElectionTiming {
            check_quorum_ticks: min_ticks,
            min_ticks,
            max_ticks: min_ticks + ELECTION_TICKS,
        }
    }
}

impl Default for ElectionTiming {
    /// Kafka's defaults: election timeout 1000 ms, fetch timeout 2000 ms.
    fn default() -> ElectionTiming {
        ElectionTiming::from_timeouts(1000, 2000)
    }
}

/// What [`QuorumCore::propose_membership`] changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MembershipChange {
    AddVoter,
    AddLearner,
    Remove,
}

/// A raft message as it travels between controllers (protobuf, raft-rs's own encoding).
pub fn encode_message(message: &Message) -> Vec<u8> {
    message
        .write_to_bytes()
        .expect("encoding a raft message into memory cannot fail")
}

/// Decodes a raft message from a peer (bounded by the bytes given; errors, never panics).
pub fn decode_message(bytes: &[u8]) -> Result<Message, MetadataError> {
    Message::parse_from_bytes(bytes).map_err(|e| MetadataError::Raft(raft::Error::from(e)))
}

fn snapshot_targets(messages: &[Message]) -> Vec<u64> {
    messages
        .iter()
        .filter(|m| m.get_msg_type() == MessageType::MsgSnapshot)
        .map(|m| m.to)
        .collect()
}

fn decode_entry(entry: &Entry) -> Result<Vec<MetadataRecord>, MetadataError> {
    // Raft's own empty entries (a new leader's first) carry no records.
    if entry.data.is_empty() {
        return Ok(Vec::new());
    }
    decode_batch(&entry.data).map_err(|e| MetadataError::CorruptEntry {
        index: entry.index,
        reason: e.to_string(),
    })
}

pub(crate) fn image_of_snapshot(snapshot: &Snapshot) -> Result<Image, MetadataError> {
    let meta = snapshot.get_metadata();
    if meta.index == 0 {
        return Ok(Image::default());
    }
    let mut records = decode_batch(&snapshot.data).map_err(|e| MetadataError::CorruptEntry {
        index: meta.index,
        reason: format!("snapshot: {e}"),
    })?;
    // The snapshot's raft configuration is the authority on who votes.
    records.push(voters_record(meta.get_conf_state()));
    Ok(Image::from_records(meta.index, meta.term, &records))
}

/// The `QuorumVoters` record of a raft configuration.
fn voters_record(conf_state: &ConfState) -> MetadataRecord {
    let mut voters: Vec<NodeId> = conf_state
        .voters
        .iter()
        .filter_map(|id| node_of_raft_id(*id))
        .collect();
    voters.sort_unstable();
    MetadataRecord::QuorumVoters { voters }
}

fn raft_config(raft_id: u64, applied: u64, timing: ElectionTiming) -> raft::Config {
    let config = raft::Config {
        id: raft_id,
        election_tick: timing.check_quorum_ticks,
        min_election_tick: timing.min_ticks,
        max_election_tick: timing.max_ticks,
        heartbeat_tick: HEARTBEAT_TICKS,
        applied,
        // Entries per append message: bounded by the largest entry anyway.
        max_size_per_msg: ENTRY_BYTES_MAX as u64,
        // Append messages in flight per follower before waiting for acks: bounds the memory a
        // slow follower pins on the leader (at most this many entries per message).
        max_inflight_msgs: 256,
        // A leader that hears from no quorum for an election timeout steps down; a node that
        // was cut off asks (pre-vote) before it disrupts the term of a working quorum.
        check_quorum: true,
        pre_vote: true,
        ..Default::default()
    };
    config
        .validate()
        .expect("the raft config is a valid constant");
    config
}
