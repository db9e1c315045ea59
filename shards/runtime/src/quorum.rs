//! The metadata quorum's driver: an event loop on shard 0 around [`metadata::QuorumCore`].
//!
//! It ticks on a timer (`controller.quorum.election.timeout.ms` / `ELECTION_TICKS`), steps
//! messages from peers, takes proposals, and runs each Ready round: messages out, the round's
//! [`metadata::Persist`] made durable by the [`metadata::FileJournal`] on glommio's blocking
//! thread pool (so no fsync ever blocks the reactor), then `finish`, then every applied entry
//! broadcast to all shards in log order. A proposal resolves by (index, term) once its entry is
//! applied on every shard; another term at its index means a new leader replaced it.
//!
//! Inputs arriving while a round is on disk wait in the inbox (raft-rs forbids stepping while
//! a Ready is out). A failed journal write stops the process: memory and disk may disagree, and
//! a restart recovers from what the disk holds.
//!
//! The quorum member also keeps what the other nodes said they applied (their registrations
//! carry it, `membership`) and which of them hold a connection to this node (`raft_net`): the
//! active controller answers an admin change once every live broker has applied it
//! ([`Quorum::wait_brokers_applied`]).

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::rc::Rc;
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::channel::oneshot;
use metadata::eraftpb::Message;
use metadata::{
    FileJournal, Image, Journal, MetadataError, MetadataRecord, QuorumCore, QuorumStatus,
};
use model::{NodeId, ShardId};

use crate::mesh::ShardMsg;
use crate::notify::Notify;
use crate::shard::Shard;

/// Messages for peer voters leave through this (the controller listener's transport); a sole
/// voter has none.
pub trait RaftTransport {
    fn send(&self, messages: Vec<Message>);

    /// The voter set or the controllers' recorded endpoints may have changed: keep a link to
    /// every voter whose address is known.
    fn follow_voters(self: Rc<Self>, _voters: &[u64], _image: &Image) {}
}

/// Drops everything: a sole voter's transport.
pub struct NoPeers;

impl RaftTransport for NoPeers {
    fn send(&self, messages: Vec<Message>) {
        debug_assert!(messages.is_empty(), "a sole voter sends nothing");
    }
}

type ProposalReply = oneshot::Sender<Result<u64, MetadataError>>;

enum Input {
    Propose {
        records: Vec<MetadataRecord>,
        reply: oneshot::Sender<Result<u64, MetadataError>>,
    },
    Step(Message),
    Membership {
        raft_id: u64,
        change: metadata::MembershipChange,
        reply: ProposalReply,
    },
}

/// Shard 0's handle on the quorum member. Reads (image, status) are direct; changes go through
/// the inbox to the driver task.
pub struct Quorum {
    core: RefCell<QuorumCore>,
    inbox: RefCell<VecDeque<Input>>,
    wake: Notify,
    /// Proposals waiting for their entry: index -> (term, reply).
    waiters: RefCell<BTreeMap<u64, (u64, ProposalReply)>>,
    /// The last index applied on every shard (what a proposal's answer waits for).
    broadcast_index: Cell<u64>,
    /// Fired each time `broadcast_index` moves, a peer reports what it applied, or a peer's
    /// last connection to this node ends.
    broadcast: Notify,
    /// What each peer (raft id) last said it applied on every shard: `None` from a writer
    /// that does not say (older than the report); absent until it said anything.
    peer_applied: RefCell<HashMap<u64, Option<u64>>>,
    /// How many connections each peer (raft id) holds open to this node.
    peer_connections: RefCell<HashMap<u64, usize>>,
    stopped: Cell<bool>,
    /// Fired when the driver task has ended (no journal write is in flight any more).
    ended: crate::notify::Signal,
    /// When a message last came from each peer (raft id -> Unix ms).
    last_contact: RefCell<std::collections::HashMap<u64, i64>>,
}

fn unix_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

impl Quorum {
    pub fn image(&self) -> Image {
        self.core.borrow().image().clone()
    }

    /// `read` of the image in place, without the copy `image` makes.
    pub fn with_image<R>(&self, read: impl FnOnce(&Image) -> R) -> R {
        read(self.core.borrow().image())
    }

    /// Where the quorum stands, with when this member last heard from each replica (itself:
    /// now).
    pub fn status(&self) -> QuorumStatus {
        let mut status = self.core.borrow().quorum_status();
        let own = self.core.borrow().raft_id();
        let contact = self.last_contact.borrow();
        let now = unix_ms();
        for r in status.voters.iter_mut().chain(status.observers.iter_mut()) {
            let raft_id = metadata::raft_id(r.node).unwrap_or(0);
            r.last_contact_ms = if raft_id == own {
                now
            } else {
                contact.get(&raft_id).copied().unwrap_or(-1)
            };
        }
        status
    }

    pub fn is_leader(&self) -> bool {
        self.core.borrow().is_leader()
    }

    /// Whether this member votes (a broker-only node follows as a learner).
    pub fn is_voter(&self) -> bool {
        self.core.borrow().is_voter()
    }

    /// Whether `raft_id` is a voter or a learner of the quorum's configuration.
    pub fn is_member(&self, raft_id: u64) -> bool {
        let core = self.core.borrow();
        core.voters().contains(&raft_id) || core.learners().contains(&raft_id)
    }

    /// Adds `raft_id` as a learner (leader only); resolves once the change is applied here.
    pub async fn add_learner(&self, raft_id: u64) -> Result<u64, MetadataError> {
        self.change_membership(raft_id, metadata::MembershipChange::AddLearner)
            .await
    }

    /// Whether a configuration change is proposed and not applied yet.
    pub fn has_pending_conf_change(&self) -> bool {
        self.core.borrow().has_pending_conf_change()
    }

    /// The voters' raft ids.
    pub fn voters(&self) -> Vec<u64> {
        self.core.borrow().voters()
    }

    /// On the leader: the last index `raft_id` is known to hold, and the committed index.
    pub fn replica_progress(&self, raft_id: u64) -> (Option<u64>, u64) {
        let core = self.core.borrow();
        (core.replica_match(raft_id), core.committed())
    }

    /// Proposes a change of the raft configuration (leader only): `raft_id` becomes a voter
    /// or a learner (a voter so demoted stays a member), or leaves. Resolves once applied on
    /// every shard here.
    pub async fn change_membership(
        &self,
        raft_id: u64,
        change: metadata::MembershipChange,
    ) -> Result<u64, MetadataError> {
        if self.stopped.get() {
            return Err(MetadataError::Failed("the metadata quorum stopped".into()));
        }
        let (reply, answer) = oneshot::channel();
        self.inbox.borrow_mut().push_back(Input::Membership {
            raft_id,
            change,
            reply,
        });
        self.wake.notify_all();
        answer
            .await
            .unwrap_or_else(|_| Err(MetadataError::Failed("the metadata quorum stopped".into())))
    }

    /// Proposes `records` as one entry; resolves with its index once every shard applied it.
    pub async fn propose(&self, records: Vec<MetadataRecord>) -> Result<u64, MetadataError> {
        if self.stopped.get() {
            return Err(MetadataError::Failed("the metadata quorum stopped".into()));
        }
        let (reply, answer) = oneshot::channel();
        self.inbox
            .borrow_mut()
            .push_back(Input::Propose { records, reply });
        self.wake.notify_all();
        answer
            .await
            .unwrap_or_else(|_| Err(MetadataError::Failed("the metadata quorum stopped".into())))
    }

    /// Waits (up to `timeout`) until every shard of this node applied `index`: what a
    /// forwarded request's answer waits for, so the change is visible on any connection here.
    pub async fn wait_applied_everywhere(&self, index: u64, timeout: std::time::Duration) -> bool {
        let deadline = Instant::now() + timeout;
        while self.broadcast_index.get() < index {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() || self.stopped.get() {
                return false;
            }
            let timer = glommio::timer::sleep(left);
            futures::pin_mut!(timer);
            futures::future::select(self.broadcast.notified(), timer).await;
        }
        true
    }

    /// The last index applied on every shard of this node.
    pub fn applied_everywhere(&self) -> u64 {
        self.broadcast_index.get()
    }

    /// Resolves at the next change of what this node applied everywhere (or of a peer's
    /// report or connection), or when the driver stops.
    pub(crate) fn progress(&self) -> crate::notify::Notified<'_> {
        self.broadcast.notified()
    }

    /// Peer `raft_id` reports having applied `index` on every shard (`None`: a peer that does
    /// not report). The latest report counts: a restarted peer may be behind its last life.
    pub fn note_applied(&self, raft_id: u64, index: Option<u64>) {
        self.peer_applied.borrow_mut().insert(raft_id, index);
        self.broadcast.notify_all();
    }

    /// Peer `raft_id` opened a connection to this node; it counts as connected until the
    /// returned guard drops.
    pub fn peer_connected(self: &Rc<Self>, raft_id: u64) -> PeerConnection {
        *self
            .peer_connections
            .borrow_mut()
            .entry(raft_id)
            .or_default() += 1;
        PeerConnection {
            quorum: self.clone(),
            raft_id,
        }
    }

    /// The live brokers that have not applied `index` yet, as the active controller knows
    /// them: registered, unfenced, not shutting down, another node than this one, holding a
    /// connection to this node (a broker whose process ended has none), and reporting what
    /// it applied.
    pub fn brokers_behind(&self, index: u64) -> Vec<NodeId> {
        let core = self.core.borrow();
        let own = core.raft_id();
        let applied = self.peer_applied.borrow();
        let connections = self.peer_connections.borrow();
        core.image()
            .brokers()
            .filter(|b| !b.fenced && !b.in_controlled_shutdown)
            .filter_map(|b| Some((b.node_id, metadata::raft_id(b.node_id).ok()?)))
            .filter(|(_, raft_id)| *raft_id != own)
            .filter(|(_, raft_id)| connections.get(raft_id).is_some_and(|n| *n > 0))
            .filter(|(_, raft_id)| match applied.get(raft_id) {
                Some(Some(at)) => *at < index,
                Some(None) => false,
                None => true,
            })
            .map(|(node, _)| node)
            .collect()
    }

    /// Waits (up to `timeout`) until every live broker (`brokers_behind`) has applied
    /// `index`, or this node no longer leads; answers those still behind when it gave up.
    /// A broker that stops answering is fenced within `broker.session.timeout.ms`, which ends
    /// the wait for it; the timeout bounds the rest.
    pub async fn wait_brokers_applied(&self, index: u64, timeout: Duration) -> Vec<NodeId> {
        let deadline = Instant::now() + timeout;
        loop {
            let progress = self.broadcast.notified();
            let behind = self.brokers_behind(index);
            let left = deadline.saturating_duration_since(Instant::now());
            if behind.is_empty() || left.is_zero() || self.stopped.get() || !self.is_leader() {
                return behind;
            }
            let timer = glommio::timer::sleep(left);
            futures::pin_mut!(timer);
            futures::future::select(progress, timer).await;
        }
    }

    /// Resolves once the driver has ended (after the shutdown signal, when its current round
    /// is on disk): a shard must not end while a journal write is in flight.
    pub async fn until_ended(&self) {
        self.ended.wait().await;
    }

    /// A raft message from a peer.
    pub fn receive(&self, message: Message) {
        if self.stopped.get() {
            return;
        }
        self.last_contact
            .borrow_mut()
            .insert(message.from, unix_ms());
        self.inbox.borrow_mut().push_back(Input::Step(message));
        self.wake.notify_all();
    }
}

/// A peer's open connection to this node (`Quorum::peer_connected`).
pub struct PeerConnection {
    quorum: Rc<Quorum>,
    raft_id: u64,
}

impl Drop for PeerConnection {
    fn drop(&mut self) {
        let mut connections = self.quorum.peer_connections.borrow_mut();
        if let Some(n) = connections.get_mut(&self.raft_id) {
            *n -= 1;
            if *n == 0 {
                connections.remove(&self.raft_id);
                // What it applied is unknown again: a restarted peer may be behind its report.
                self.quorum.peer_applied.borrow_mut().remove(&self.raft_id);
            }
        }
        drop(connections);
        self.quorum.broadcast.notify_all();
    }
}

/// Starts the driver on shard 0 and returns the handle.
pub(crate) fn start(
    shard: &Rc<Shard>,
    core: QuorumCore,
    journal: FileJournal,
    transport: Rc<dyn RaftTransport>,
) -> Rc<Quorum> {
    assert_eq!(shard.id, ShardId(0), "the metadata quorum runs on shard 0");
    let mut core = core;
    core.set_snapshot_interval_bytes(shard.config.metadata_log_max_record_bytes_between_snapshots);
    let applied = core.image().applied_index();
    shard
        .lifecycle()
        .set_metadata_leader(core.leader().map(|n| n.0));
    let quorum = Rc::new(Quorum {
        core: RefCell::new(core),
        inbox: RefCell::new(VecDeque::new()),
        wake: Notify::default(),
        waiters: RefCell::new(BTreeMap::new()),
        broadcast_index: Cell::new(applied),
        broadcast: Notify::default(),
        peer_applied: RefCell::new(HashMap::new()),
        peer_connections: RefCell::new(HashMap::new()),
        stopped: Cell::new(false),
        last_contact: RefCell::new(std::collections::HashMap::new()),
        ended: crate::notify::Signal::default(),
    });
    let tick = Duration::from_millis(
        (shard.config.controller_quorum_election_timeout_ms / metadata::ELECTION_TICKS as u64)
            .max(1),
    );
    let driver = Driver {
        shard: shard.clone(),
        quorum: quorum.clone(),
        journal: Some(journal),
        transport,
        tick,
    };
    {
        let core = quorum.core.borrow();
        driver
            .transport
            .clone()
            .follow_voters(&core.voters(), core.image());
    }
    glommio::spawn_local(driver.run()).detach();
    quorum
}

struct Driver {
    shard: Rc<Shard>,
    quorum: Rc<Quorum>,
    journal: Option<FileJournal>,
    transport: Rc<dyn RaftTransport>,
    tick: Duration,
}

impl Driver {
    async fn run(mut self) {
        let mut next_tick = Instant::now() + self.tick;
        loop {
            if self.shard.is_shutting_down() {
                break;
            }
            let now = Instant::now();
            if now >= next_tick {
                self.quorum.core.borrow_mut().tick();
                next_tick = now + self.tick;
            }
            let inputs: Vec<Input> = self.quorum.inbox.borrow_mut().drain(..).collect();
            for input in inputs {
                self.take(input);
            }
            self.rounds().await;
            if !self.quorum.inbox.borrow().is_empty() {
                continue;
            }
            // Sleep until the next tick, an input, or shutdown.
            let woken = self.quorum.wake.notified();
            let event = self.shard.next_event();
            let timer = glommio::timer::sleep(next_tick.saturating_duration_since(Instant::now()));
            futures::pin_mut!(woken, event, timer);
            futures::future::select(futures::future::select(woken, event), timer).await;
        }
        self.quorum.stopped.set(true);
        // Whoever waits on progress looks again, and finds the quorum stopped.
        self.quorum.broadcast.notify_all();
        let waiters = std::mem::take(&mut *self.quorum.waiters.borrow_mut());
        for (_, (_, reply)) in waiters {
            let _ = reply.send(Err(MetadataError::Failed("shutting down".into())));
        }
        for input in self.quorum.inbox.borrow_mut().drain(..) {
            if let Input::Propose { reply, .. } | Input::Membership { reply, .. } = input {
                let _ = reply.send(Err(MetadataError::Failed("shutting down".into())));
            }
        }
        self.quorum.ended.fire();
    }

    fn take(&mut self, input: Input) {
        let mut core = self.quorum.core.borrow_mut();
        match input {
            Input::Step(message) => core.step(message),
            Input::Membership {
                raft_id,
                change,
                reply,
            } => {
                let proposed = core.propose_membership(raft_id, change);
                self.wait_for(proposed, reply);
            }
            Input::Propose { records, reply } => {
                let proposed = core.propose(&records);
                self.wait_for(proposed, reply);
            }
        }
    }

    /// A proposal taken at (index, term) waits for its entry; a refused one answers now.
    fn wait_for(&self, proposed: Result<(u64, u64), MetadataError>, reply: ProposalReply) {
        match proposed {
            Ok((index, term)) => {
                self.quorum
                    .waiters
                    .borrow_mut()
                    .insert(index, (term, reply));
            }
            Err(e) => {
                let _ = reply.send(Err(e));
            }
        }
    }

    /// Runs Ready rounds until raft has nothing more to do.
    async fn rounds(&mut self) {
        loop {
            let round = self.quorum.core.borrow_mut().begin();
            let Some(mut round) = round else {
                return;
            };
            self.transport.send(std::mem::take(&mut round.messages));
            let persist = std::mem::take(&mut round.persist);
            if !persist.is_empty() {
                let mut journal = self.journal.take().expect("one round at a time");
                let (journal, result) = glommio::executor()
                    .spawn_blocking(move || {
                        let result = journal.persist(&persist);
                        (journal, result)
                    })
                    .await;
                self.journal = Some(journal);
                if let Err(e) = result {
                    // Fail whole: memory and disk may disagree now.
                    panic!("invariant broken: the metadata log could not be written: {e}");
                }
            }
            let finished = self.quorum.core.borrow_mut().finish(round);
            let finished = match finished {
                Ok(finished) => finished,
                Err(e) => {
                    panic!("invariant broken: a committed metadata entry cannot be applied: {e}")
                }
            };
            self.transport.send(finished.messages);
            if finished.installed_snapshot || !finished.applied.is_empty() {
                let core = self.quorum.core.borrow();
                self.transport
                    .clone()
                    .follow_voters(&core.voters(), core.image());
            }
            if finished.installed_snapshot {
                let image = self.quorum.image();
                let index = image.applied_index();
                replace_everywhere(&self.shard, image).await;
                self.quorum.broadcast_index.set(index);
                self.quorum.broadcast.notify_all();
            }
            for applied in finished.applied {
                // Empty entries (a new leader's first, configuration changes) move every
                // shard's applied index too, so an index this node hands out is one every
                // shard reaches.
                broadcast(&self.shard, Arc::new(applied.records), applied.index).await;
                self.quorum.broadcast_index.set(applied.index);
                self.quorum.broadcast.notify_all();
                self.resolve(applied.index, applied.term);
            }
            self.quorum.core.borrow_mut().maybe_snapshot();
            // Removed from the voters while leading: hand over (the next round sends it).
            if let Some(to) = self.quorum.core.borrow_mut().resign_if_removed() {
                tracing::info!(
                    to = to as i64 - 1,
                    "metadata: this controller is no voter any more; handing leadership over"
                );
            }
            // A leader that stepped down (check-quorum: cut off from a majority) cannot commit
            // what it proposed: its callers hear NOT_CONTROLLER now rather than when a new
            // leader's entries reach this node.
            if !self.quorum.core.borrow().is_leader() && !self.quorum.waiters.borrow().is_empty() {
                let waiters = std::mem::take(&mut *self.quorum.waiters.borrow_mut());
                for (_, (_, reply)) in waiters {
                    let _ = reply.send(Err(self.quorum.core.borrow().not_leader()));
                }
            }
            let leader = self.quorum.core.borrow().leader().map(|n| n.0);
            if self.shard.lifecycle().metadata_leader() != leader {
                tracing::info!(leader = ?leader, term = self.quorum.core.borrow().term(), "metadata: quorum leader changed");
                self.shard.lifecycle().set_metadata_leader(leader);
            }
        }
    }

    /// Answers the proposals at or before `index` (applied everywhere now).
    fn resolve(&self, index: u64, term: u64) {
        let mut waiters = self.quorum.waiters.borrow_mut();
        while let Some(entry) = waiters.first_entry() {
            if *entry.key() > index {
                break;
            }
            let (at, (proposed_term, reply)) = entry.remove_entry();
            let result = if at == index && proposed_term == term {
                Ok(index)
            } else if at == index {
                Err(self.quorum.core.borrow().not_leader())
            } else {
                // Skipped over: an entry of another leader took its place earlier.
                Err(self.quorum.core.borrow().not_leader())
            };
            let _ = reply.send(result);
        }
    }
}

/// Applies committed records on every shard and returns once all have them: a client that
/// created a topic on one connection can use it at once on any other (read-your-writes across
/// shards), instead of seeing UNKNOWN_TOPIC_OR_PARTITION until the other shards catch up.
async fn broadcast(shard: &Rc<Shard>, records: Arc<Vec<MetadataRecord>>, index: u64) {
    crate::apply::apply(shard, &records, index).await;
    let mut acks = Vec::with_capacity(shard.nr_shards);
    for peer in 1..shard.nr_shards {
        let (reply_to, ack) = shard.expect_reply();
        let msg = ShardMsg::Apply {
            records: records.clone(),
            index,
            reply_to,
        };
        if shard.send(ShardId(peer as u16), msg).await.is_err() {
            tracing::error!(peer, index, "could not send committed metadata to shard");
            continue;
        }
        acks.push(ack);
    }
    // A shard that stopped (shutdown) drops its sender; that is not worth waiting for.
    for ack in acks {
        let _ = ack.await;
    }
}

/// A snapshot from the leader replaced the image: every shard takes it whole.
async fn replace_everywhere(shard: &Rc<Shard>, image: Image) {
    let image = Arc::new(image);
    crate::apply::replace(shard, &image).await;
    let mut acks = Vec::with_capacity(shard.nr_shards);
    for peer in 1..shard.nr_shards {
        let (reply_to, ack) = shard.expect_reply();
        let msg = ShardMsg::ReplaceImage {
            image: image.clone(),
            reply_to,
        };
        if shard.send(ShardId(peer as u16), msg).await.is_err() {
            continue;
        }
        acks.push(ack);
    }
    for ack in acks {
        let _ = ack.await;
    }
}
