//! One shard's state: its metadata image, the logs it owns, its mesh senders.

use crate::controller::{ControllerReply, ControllerRequest};
use crate::lifecycle::{Lifecycle, Step};
use crate::link::LocalLinks;
use crate::mesh::{self, ReplyPayload, ReplyTo, ShardMsg};
use crate::notify::{FireOnDrop, Notify, Signal};
use crate::ops::{self, PartitionKey, PartitionOp, PartitionResult, WaitSpec};
use config::{BrokerConfig, EffectiveLogConfig};
use futures::channel::oneshot;
use metadata::{ControllerError, Image, MetadataLog};
use model::{ErrorCode, LeaderEpoch, ShardId};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::Arc;
use std::time::{Duration, Instant};
use storage::{PartitionLog, Recovery};

/// How long an op waits for its shard to catch up with metadata the sender already applied.
/// Metadata applies are sub-millisecond; this only bounds a wedged shard.
const APPLY_CATCH_UP_MAX: Duration = Duration::from_secs(5);

/// Everything a shard needs to start, built once per process by the broker binary.
pub struct ShardSetup {
    pub id: ShardId,
    pub nr_shards: usize,
    pub config: Arc<BrokerConfig>,
    pub image: Image,
    /// Only shard 0 drives the metadata log.
    pub metadata_log: Option<MetadataLog>,
    /// Cluster mode: this node's registration, which shard 0 keeps committed.
    pub registration: Option<metadata::MetadataRecord>,
    /// Cluster mode: this process's incarnation id (every shard): replicated partitions take
    /// the roles the image gives only once the image holds this incarnation's registration.
    pub incarnation: Option<[u8; 16]>,
    /// How this node secures its own traffic (inter-broker and controller listeners).
    pub peers: crate::PeerSecurity,
    pub recovery: Recovery,
    pub log_dir: PathBuf,
    /// The cluster id the metadata log was formatted with.
    pub cluster_id: String,
    /// Every shard's step, readiness and the shutdown flag, shared with the main thread.
    pub lifecycle: Arc<Lifecycle>,
    /// The queues and doorbells between shards, built before any shard starts.
    pub links: Arc<mesh::ShardLinks>,
}

/// Per-shard counters, plain cells (gathered across shards over the mesh when reported).
#[derive(Default, Debug)]
pub struct Counters {
    pub fetch_bytes_zero_copy: Cell<u64>,
    pub fetch_bytes_copied: Cell<u64>,
    pub requests: Cell<u64>,
    pub rejected_requests: Cell<u64>,
}

/// A shard's resolved topic configs and the image they were resolved against.
#[derive(Default)]
struct TopicConfigs {
    image: Option<Rc<Image>>,
    configs: HashMap<String, Rc<EffectiveLogConfig>>,
}

pub struct Shard {
    pub id: ShardId,
    pub nr_shards: usize,
    pub config: Arc<BrokerConfig>,
    pub counters: Counters,
    /// This shard's metrics (plain cells, copied out only by a scrape: `metrics`).
    pub metrics: crate::metrics::ShardMetrics,
    /// The console's short history of this shard's counters (`series`).
    pub(crate) series: crate::series::Series,
    pub cluster_id: String,
    pub(crate) incarnation: Option<[u8; 16]>,
    pub(crate) peers: crate::PeerSecurity,
    pub(crate) log_dir: PathBuf,
    image: RefCell<Rc<Image>>,
    applied_index: Cell<u64>,
    applied: Notify,
    /// Topics' effective configs resolved against the image held with them (`topic_config`).
    topic_configs: RefCell<TopicConfigs>,
    pub(crate) logs: RefCell<HashMap<PartitionKey, Rc<PartitionLog>>>,
    /// The partition table's replicated entries (more than one replica): their state
    /// machines, over logs that are also in `logs` (`replicated`).
    pub(crate) replicas: RefCell<HashMap<PartitionKey, Rc<crate::replicated::Replica>>>,
    /// This shard's replication throttle budgets (`throttle`).
    pub(crate) throttles: crate::throttle::Throttles,
    /// This shard's client quota sensors (`quotas`).
    pub quotas: crate::quotas::QuotaSensors,
    /// Follower fetchers of this shard, one per leader node (`fetcher`).
    pub(crate) fetchers: RefCell<HashMap<model::NodeId, Rc<crate::fetcher::Fetcher>>>,
    /// Group coordinators of the `__consumer_offsets` partitions this shard owns.
    pub(crate) groups: RefCell<HashMap<PartitionKey, Rc<crate::groups::GroupHost>>>,
    pub(crate) txns: RefCell<HashMap<PartitionKey, Rc<crate::txns::TxnHost>>>,
    /// The image's topics as KIP-848 assignors see them, with the applied index they are of.
    pub(crate) topics_view: RefCell<Option<(u64, Rc<group::TopicsView>)>>,
    pub(crate) link: Rc<LocalLinks<ShardMsg>>,
    /// Replies this shard waits for, by id. Same-thread oneshots only: the answer crossed
    /// threads on the mesh (see `mesh`).
    pending: RefCell<HashMap<u64, oneshot::Sender<ReplyPayload>>>,
    next_reply_id: Cell<u64>,
    /// Long polls other shards parked here (`ShardMsg::Ops` with a wait), by the asking
    /// shard's reply address: a `ShardMsg::EndWait` fires one, which answers at once.
    parked_waits: RefCell<HashMap<(ShardId, u64), Rc<Signal>>>,
    /// Shard 0's member of the metadata quorum (and its driver task).
    pub(crate) quorum: RefCell<Option<Rc<crate::quorum::Quorum>>>,
    /// Shard 0, with peer controllers: requests forwarded to the leader, awaiting answers.
    forwarder: RefCell<Option<Rc<crate::forward::Forwarder>>>,
    /// Shard 0 in cluster mode: heartbeats and fencing (`membership`).
    membership: RefCell<Option<Rc<crate::membership::Membership>>>,
    /// Shard 0, with peers: the connections to the other controllers.
    peer_transport: RefCell<Option<Rc<crate::raft_net::PeerTransport>>>,
    /// Shard 0: what serves Kafka clients on the controller listener (`controller_listener`).
    pub(crate) kafka_on_controller: crate::controller_listener::KafkaHandoff,
    pub(crate) controller_turn: glommio::sync::Semaphore,
    producer_ids: Cell<(i64, i64)>,
    lifecycle: Arc<Lifecycle>,
}

impl Shard {
    /// Takes this shard's end of the links, opens the logs this shard owns (recovering them),
    /// and starts serving messages from other shards. Nothing here waits for another shard.
    pub async fn start(setup: ShardSetup) -> anyhow::Result<Rc<Shard>> {
        assert_eq!(
            setup.links.shards(),
            setup.nr_shards,
            "one link end per shard"
        );
        let link = LocalLinks::start(setup.links.clone(), setup.id.0 as usize);
        setup.lifecycle.enter(setup.id.0 as usize, Step::Recovering);
        let applied_index = setup.image.applied_index();
        let quotas = crate::quotas::QuotaSensors::new(&setup.config);
        let shard = Rc::new(Shard {
            id: setup.id,
            nr_shards: setup.nr_shards,
            config: setup.config,
            counters: Counters::default(),
            metrics: Default::default(),
            series: Default::default(),
            cluster_id: setup.cluster_id,
            incarnation: setup.incarnation,
            peers: setup.peers,
            log_dir: setup.log_dir,
            image: RefCell::new(Rc::new(setup.image)),
            applied_index: Cell::new(applied_index),
            applied: Notify::default(),
            topic_configs: RefCell::default(),
            logs: RefCell::new(HashMap::new()),
            replicas: RefCell::new(HashMap::new()),
            fetchers: RefCell::new(HashMap::new()),
            throttles: Default::default(),
            quotas,
            groups: RefCell::new(HashMap::new()),
            txns: RefCell::new(HashMap::new()),
            topics_view: RefCell::new(None),
            link,
            pending: RefCell::new(HashMap::new()),
            next_reply_id: Cell::new(0),
            parked_waits: RefCell::new(HashMap::new()),
            quorum: RefCell::new(None),
            forwarder: RefCell::new(None),
            membership: RefCell::new(None),
            peer_transport: RefCell::new(None),
            kafka_on_controller: Default::default(),
            controller_turn: glommio::sync::Semaphore::new(1),
            producer_ids: Cell::new((0, 0)),
            lifecycle: setup.lifecycle,
        });
        crate::apply::reconcile_logs(&shard, setup.recovery).await?;
        crate::replicated::sync_with_image(&shard, &shard.image());
        mesh::spawn_receivers(&shard);
        if !shard.config.process_roles.is_empty() {
            glommio::spawn_local(crate::replicated::tick_loop(shard.clone())).detach();
        }
        if let Some(log) = setup.metadata_log {
            let (core, journal, _) = log.into_parts();
            let own = core.raft_id();
            let peers: Vec<crate::raft_net::Peer> = shard
                .config
                .controller_quorum_voters
                .iter()
                .filter_map(|v| {
                    let raft_id = metadata::raft_id(model::NodeId(v.id)).ok()?;
                    (raft_id != own).then(|| crate::raft_net::Peer {
                        raft_id,
                        address: format!("{}:{}", v.host, v.port),
                    })
                })
                .collect();
            // A node of a cluster (`process.roles` set) talks to its peers even while it is
            // the only voter: a dynamic quorum gains voters at run time. The embedded single
            // node has none.
            let mut peer_transport = None;
            let transport: Rc<dyn crate::quorum::RaftTransport> =
                if shard.config.process_roles.is_empty() && peers.is_empty() {
                    Rc::new(crate::quorum::NoPeers)
                } else {
                    let t = crate::raft_net::PeerTransport::start(
                        &shard,
                        own,
                        peers,
                        &shard.config.controller_quorum_bootstrap_servers,
                    );
                    *shard.forwarder.borrow_mut() =
                        Some(Rc::new(crate::forward::Forwarder::new(t.clone())));
                    peer_transport = Some(t.clone());
                    t
                };
            *shard.peer_transport.borrow_mut() = peer_transport.clone();
            let quorum = crate::quorum::start(&shard, core, journal, transport);
            *shard.quorum.borrow_mut() = Some(quorum);
            for l in shard
                .config
                .listeners
                .iter()
                .filter(|l| shard.config.controller_listener_names.contains(&l.name))
            {
                let addr = l.bind_address();
                let listener = crate::listen::listener(&addr).map_err(|e| {
                    anyhow::anyhow!("binding controller listener {} on {addr}: {e}", l.name)
                })?;
                glommio::spawn_local(crate::raft_net::serve(shard.clone(), listener)).detach();
            }
            // With peers: heartbeats (a broker) and, on the leader, fencing.
            if peer_transport.is_some() {
                let membership =
                    crate::membership::start(&shard, peer_transport, setup.registration);
                *shard.membership.borrow_mut() = Some(membership);
            }
        }
        Ok(shard)
    }

    pub fn is_shutting_down(&self) -> bool {
        self.lifecycle.is_shutting_down()
    }

    pub fn lifecycle(&self) -> &Lifecycle {
        &self.lifecycle
    }

    /// Moves this shard to `step` (the main thread reports it if the shard gets stuck).
    pub fn enter(&self, step: Step) {
        self.lifecycle.enter(self.id.0 as usize, step);
    }

    /// Resolves at the next cross-shard event: a message, room in a queue, a peer's step, or
    /// the shutdown signal (the main thread rings every shard).
    pub fn next_event(&self) -> crate::notify::Notified<'_> {
        self.link.rung()
    }

    /// Resolves once the process is shutting down (the main thread rings every shard when it
    /// sets the flag, so this wakes once, not on a timer).
    pub async fn until_shutdown(&self) {
        loop {
            let event = self.next_event();
            if self.is_shutting_down() {
                return;
            }
            event.await;
        }
    }

    /// Tells every shard that something process-wide changed (e.g. this shard drained).
    pub fn ring_all(&self) {
        self.link.links().ring_all();
    }

    /// Stops taking messages from other shards (the last step of a shard's life).
    pub fn close_link(&self) {
        self.link.close();
    }

    /// The committed metadata as this shard has applied it. Cheap: an `Rc` clone.
    pub fn image(&self) -> Rc<Image> {
        self.image.borrow().clone()
    }

    pub(crate) fn set_image(&self, image: Image, index: u64) {
        *self.image.borrow_mut() = Rc::new(image);
        self.applied_index.set(index);
        self.applied.notify_all();
    }

    pub fn applied_index(&self) -> u64 {
        self.applied_index.get()
    }

    /// `topic`'s effective config (its overrides over the dynamic and static broker configs)
    /// in `image`, resolved once per topic and image: resolving parses every topic-level key
    /// through the broker's layers, which each Produce request did before (a quarter of the
    /// broker's CPU under a small-request producer: perf/README, issue 15 item 10).
    /// The cache holds the image it was resolved against, so a new image (an applied config
    /// change) starts it over; an image that is not this shard's current one is resolved
    /// without it.
    pub fn topic_config(
        &self,
        image: &Image,
        topic: &str,
        resolve: impl FnOnce() -> EffectiveLogConfig,
    ) -> Rc<EffectiveLogConfig> {
        let current = self.image();
        if !std::ptr::eq(image, &*current) {
            return Rc::new(resolve());
        }
        let mut cache = self.topic_configs.borrow_mut();
        if !cache
            .image
            .as_ref()
            .is_some_and(|i| Rc::ptr_eq(i, &current))
        {
            *cache = TopicConfigs {
                image: Some(current),
                configs: HashMap::new(),
            };
        }
        if let Some(config) = cache.configs.get(topic) {
            return config.clone();
        }
        let config = Rc::new(resolve());
        cache.configs.insert(topic.to_string(), config.clone());
        config
    }

    /// Waits until this shard has applied metadata up to `index` (bounded).
    pub async fn wait_applied(&self, index: u64) -> bool {
        let deadline = Instant::now() + APPLY_CATCH_UP_MAX;
        while self.applied_index.get() < index {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            let timer = glommio::timer::sleep(left);
            futures::pin_mut!(timer);
            futures::future::select(self.applied.notified(), timer).await;
        }
        true
    }

    /// The shard that owns a partition placed on `recorded`. The placement in the metadata is
    /// stable; if the process now runs fewer shards than when it was recorded, partitions of
    /// the missing shards fold onto the others (modulo), so they stay reachable.
    pub fn owner(&self, recorded: ShardId) -> ShardId {
        ShardId(recorded.0 % self.nr_shards as u16)
    }

    /// The shard recorded for this node's replica of `key` (`PartitionImage::shard_on`), before
    /// [`Shard::owner`] folds it onto the shards running now; `None` if this node holds none.
    pub fn replica_shard(&self, key: PartitionKey) -> Option<ShardId> {
        let image = self.image();
        let p = image
            .topic_by_id(key.topic_id)?
            .partitions
            .get(&key.partition)?;
        p.shard_on(model::NodeId(self.config.node_id))
    }

    pub fn log_dir(&self) -> &std::path::Path {
        &self.log_dir
    }

    /// The log of a single-replica partition this shard owns and this node leads, with its
    /// current leader epoch. Leadership comes from the image as for a replicated partition: the
    /// Partition record names this node the leader, and the image holds this process's own
    /// registration unfenced ([`Shard::may_lead`]). A fenced or shut-down broker's partition
    /// has no leader (leader -1, Kafka's offline partition) and is `None` here, answered
    /// NOT_LEADER_OR_FOLLOWER, until the controller elects this node again.
    /// A replicated partition's log is reached through its state machine ([`Shard::replica`]).
    pub fn local_log(&self, key: PartitionKey) -> Option<(Rc<PartitionLog>, LeaderEpoch)> {
        let image = self.image();
        let topic = image.topic_by_id(key.topic_id)?;
        let partition = topic.partitions.get(&key.partition)?;
        if self.replicas.borrow().contains_key(&key) {
            return None;
        }
        if partition.leader != model::NodeId(self.config.node_id) || !self.may_lead(&image) {
            return None;
        }
        let log = self.logs.borrow().get(&key)?.clone();
        Some((log, partition.leader_epoch))
    }

    /// Whether this node may act on the leaderships `image` gives it: the image holds this
    /// process's own registration, unfenced. A restarted node's image may be stale (it says
    /// what the metadata said before the restart, perhaps that this node leads): it leads
    /// nothing until the image holds its new registration (it has then caught up with the
    /// metadata log), and a fenced broker leads nothing.
    pub(crate) fn may_lead(&self, image: &Image) -> bool {
        image
            .broker(model::NodeId(self.config.node_id))
            .is_some_and(|b| {
                !b.fenced && self.incarnation.is_none_or(|own| own == b.incarnation_id)
            })
    }

    /// The replicated partition `key`, if this shard holds a replica of it.
    pub(crate) fn replica(&self, key: PartitionKey) -> Option<Rc<crate::replicated::Replica>> {
        self.replicas.borrow().get(&key).cloned()
    }

    /// Resolves at the next change a waiting fetch of `key` may care about (an append, a
    /// high watermark move, a role change); `None` if this shard holds no such partition.
    fn partition_changed(
        &self,
        key: PartitionKey,
    ) -> Option<std::pin::Pin<Box<dyn std::future::Future<Output = ()>>>> {
        if let Some(replica) = self.replica(key) {
            return Some(Box::pin(async move { replica.changed.notified().await }));
        }
        let (log, _) = self.local_log(key)?;
        Some(Box::pin(log.wait_for_append()))
    }

    /// Runs partition ops on `owner`: here if it is this shard, else over the mesh. Results
    /// come back in the order of `ops`.
    pub async fn run_ops(
        self: &Rc<Self>,
        owner: ShardId,
        ops: Vec<(PartitionKey, PartitionOp)>,
        wait: Option<WaitSpec>,
    ) -> Vec<PartitionResult> {
        self.run_ops_ordered(owner, ops, wait, None, None).await
    }

    /// [`Shard::run_ops`], and fires `written` once every produce among `ops` is written on
    /// `owner` (offsets assigned, in the order callers arrived) — before durability, which the
    /// results wait for. A connection starts its next request only then, so requests take
    /// effect in the order sent while their fsyncs still overlap. `written` fires whatever
    /// happens (error, unreachable owner).
    ///
    /// `end` (with `wait`): the asker's long poll is over once it fires; the owner then reads
    /// once more and answers at once (over the mesh: a `ShardMsg::EndWait` after the ops).
    pub async fn run_ops_ordered(
        self: &Rc<Self>,
        owner: ShardId,
        ops: Vec<(PartitionKey, PartitionOp)>,
        wait: Option<WaitSpec>,
        written: Option<Rc<Signal>>,
        end: Option<Rc<Signal>>,
    ) -> Vec<PartitionResult> {
        assert!(
            end.is_none() || (wait.is_some() && written.is_none()),
            "only a long poll is ended early"
        );
        let _release = written.clone().map(FireOnDrop);
        if owner == self.id {
            return self.run_local_ops(ops, wait, written, end).await;
        }
        // Answers if the owner cannot be reached: built up front because `ops` moves.
        let unreachable: Vec<PartitionResult> = ops
            .iter()
            .map(|(_, op)| ops::error_result(op, ErrorCode::NotLeaderOrFollower))
            .collect();
        let (reply_to, rx) = self.expect_reply();
        let written_reply = written.as_ref().map(|_| self.expect_reply());
        let msg = ShardMsg::Ops {
            ops,
            wait,
            min_applied: self.applied_index(),
            reply_to,
            written_to: written_reply.as_ref().map(|(to, _)| *to),
        };
        if self.send(owner, msg).await.is_err() {
            self.pending.borrow_mut().remove(&reply_to.id);
            if let Some((to, _)) = written_reply {
                self.pending.borrow_mut().remove(&to.id);
            }
            return unreachable;
        }
        let sent_at = Instant::now();
        let written_id = written_reply.as_ref().map(|(to, _)| to.id);
        let on_written = async {
            if let (Some((_, written_rx)), Some(written)) = (written_reply, &written) {
                // `Written` comes before the results on the same FIFO link; an owner whose ops
                // panicked sends only the results (and the guard above fires).
                let _ = written_rx.await;
                written.fire();
            }
        };
        futures::pin_mut!(on_written);
        let results = match end {
            // A long poll (never a produce): answered, or ended here first.
            Some(end) => match futures::future::select(rx, Box::pin(end.wait())).await {
                futures::future::Either::Left((results, _)) => results,
                futures::future::Either::Right(((), rx)) => {
                    // The same FIFO link as the ops: the owner has them before this. If it is
                    // gone, its answer (or the closed link's) is still awaited below.
                    let _ = self.send(owner, ShardMsg::EndWait { reply_to }).await;
                    rx.await
                }
            },
            None => match futures::future::select(rx, on_written).await {
                futures::future::Either::Left((results, _)) => results,
                futures::future::Either::Right(((), rx)) => rx.await,
            },
        };
        if let Some(id) = written_id {
            self.pending.borrow_mut().remove(&id);
        }
        if wait.is_none() {
            self.metrics.mesh_round_trip(sent_at.elapsed());
        }
        match results {
            Ok(ReplyPayload::Ops(results)) if results.len() == unreachable.len() => results,
            _ => unreachable,
        }
    }

    /// Parks the long poll `reply_to` asked for until it answers: `end_wait` ends it early.
    pub(crate) fn park_wait(&self, reply_to: ReplyTo) -> Rc<Signal> {
        let end = Rc::new(Signal::default());
        self.parked_waits
            .borrow_mut()
            .insert((reply_to.shard, reply_to.id), end.clone());
        end
    }

    pub(crate) fn unpark_wait(&self, reply_to: ReplyTo) {
        self.parked_waits
            .borrow_mut()
            .remove(&(reply_to.shard, reply_to.id));
    }

    /// `ShardMsg::EndWait`: the asker's long poll is over. A wait that already answered is
    /// gone from the table (the end crossed its answer on the mesh): nothing to do.
    pub(crate) fn end_wait(&self, reply_to: ReplyTo) {
        if let Some(end) = self
            .parked_waits
            .borrow()
            .get(&(reply_to.shard, reply_to.id))
        {
            end.fire();
        }
    }

    /// Registers a reply this shard waits for; the answering shard sends it back over the mesh.
    pub(crate) fn expect_reply(&self) -> (ReplyTo, oneshot::Receiver<ReplyPayload>) {
        let id = self.next_reply_id.get();
        self.next_reply_id.set(id + 1);
        let (tx, rx) = oneshot::channel();
        self.pending.borrow_mut().insert(id, tx);
        (ReplyTo { shard: self.id, id }, rx)
    }

    /// Drops a reply this shard no longer waits for (the wait timed out).
    pub(crate) fn forget_reply(&self, id: u64) {
        self.pending.borrow_mut().remove(&id);
    }

    /// Sends a reply to the shard that asked. Only a shard that is shutting down fails to
    /// take it; then the reply is dropped.
    pub(crate) async fn reply(&self, to: ReplyTo, payload: ReplyPayload) {
        if to.shard == self.id {
            self.complete(to.id, payload);
        } else if self
            .send(to.shard, ShardMsg::Reply { id: to.id, payload })
            .await
            .is_err()
        {
            tracing::debug!(
                shard = self.id.0,
                to = to.shard.0,
                "reply to a stopped shard dropped"
            );
        }
    }

    /// Hands a reply that arrived over the mesh to the task waiting for it (same thread).
    pub(crate) fn complete(&self, id: u64, payload: ReplyPayload) {
        if let Some(waiting) = self.pending.borrow_mut().remove(&id) {
            let _ = waiting.send(payload);
        }
    }

    /// Sends a message to another shard's link (waiting while it is full). Fails only when
    /// that shard has stopped (shutdown).
    pub(crate) async fn send(&self, to: ShardId, msg: ShardMsg) -> Result<(), ()> {
        assert!(
            (to.0 as usize) < self.nr_shards && to != self.id,
            "shard {} sending to shard {} of {}",
            self.id.0,
            to.0,
            self.nr_shards
        );
        self.link.send(to.0 as usize, msg).await.map_err(|_| {
            tracing::debug!(
                shard = self.id.0,
                to = to.0,
                "cross-shard send to a stopped shard"
            );
        })?;
        self.metrics.mesh_sent();
        Ok(())
    }

    pub(crate) async fn run_local_ops(
        self: &Rc<Self>,
        ops: Vec<(PartitionKey, PartitionOp)>,
        wait: Option<WaitSpec>,
        written: Option<Rc<Signal>>,
        end: Option<Rc<Signal>>,
    ) -> Vec<PartitionResult> {
        if let Some(written) = written {
            return self.run_local_ops_written(ops, written).await;
        }
        // The reads to repeat while a long poll waits.
        let reads: Vec<Option<(PartitionKey, PartitionOp)>> = ops
            .iter()
            .map(|(key, op)| match op {
                PartitionOp::Read { .. } | PartitionOp::ReplicaRead { .. } => {
                    Some((*key, op.clone_read()))
                }
                _ => None,
            })
            .collect();
        let mut results: Vec<PartitionResult> =
            futures::future::join_all(ops.into_iter().map(|(key, op)| ops::run_op(self, key, op)))
                .await;
        let Some(wait) = wait else { return results };
        let deadline = Instant::now() + wait.max_wait;
        loop {
            let bytes: usize = results.iter().map(PartitionResult::read_bytes).sum();
            let any_error = results.iter().any(PartitionResult::settles_read);
            let left = deadline.saturating_duration_since(Instant::now());
            let ended = end.as_ref().is_some_and(|end| end.is_fired());
            if bytes >= wait.min_bytes as usize
                || any_error
                || left.is_zero()
                || ended
                || self.is_shutting_down()
            {
                return results;
            }
            let changes: Vec<_> = reads
                .iter()
                .flatten()
                .filter_map(|(key, _)| self.partition_changed(*key))
                .collect();
            {
                // Poll again at least every 500 ms so shutdown and re-created topics are seen.
                let timer = glommio::timer::sleep(left.min(Duration::from_millis(500)));
                futures::pin_mut!(timer);
                let ending = async {
                    match &end {
                        Some(end) => end.wait().await,
                        None => futures::future::pending().await,
                    }
                };
                futures::pin_mut!(ending);
                let woken = futures::future::select(timer, ending);
                if changes.is_empty() {
                    woken.await;
                } else {
                    futures::future::select(futures::future::select_all(changes), woken).await;
                }
            }
            for (slot, read) in results.iter_mut().zip(&reads) {
                if let Some((key, op)) = read {
                    *slot = ops::run_op(self, *key, op.clone_read()).await;
                }
            }
        }
    }

    /// Runs ops in two halves: every produce is written (in the order callers arrive), then
    /// `written` fires, then produces wait for durability and other ops run.
    async fn run_local_ops_written(
        self: &Rc<Self>,
        ops: Vec<(PartitionKey, PartitionOp)>,
        written: Rc<Signal>,
    ) -> Vec<PartitionResult> {
        enum Half {
            Produce(ops::Written, i16),
            Later(PartitionKey, PartitionOp),
            Done(PartitionResult),
        }
        let halves = futures::future::join_all(ops.into_iter().map(|(key, op)| async move {
            match op {
                PartitionOp::Produce {
                    batch,
                    acks,
                    timeout_ms,
                    verification,
                } => match ops::produce_written(self, key, batch, acks, timeout_ms, verification)
                    .await
                {
                    Some(written) => Half::Produce(written, acks),
                    None => Half::Done(PartitionResult::Produce(Err(
                        ErrorCode::NotLeaderOrFollower,
                    ))),
                },
                op => Half::Later(key, op),
            }
        }))
        .await;
        written.fire();
        futures::future::join_all(halves.into_iter().map(|half| async move {
            match half {
                Half::Produce(w, acks) => ops::produce_durable(w, acks).await,
                Half::Later(key, op) => ops::run_op(self, key, op).await,
                Half::Done(result) => result,
            }
        }))
        .await
    }

    /// Sends a request to the controller (shard 0), then waits until this shard has applied
    /// what it committed.
    pub async fn controller(
        self: &Rc<Self>,
        req: ControllerRequest,
    ) -> Result<ControllerReply, ControllerError> {
        let reply = if self.id == ShardId(0) {
            crate::controller::handle(self, req).await
        } else {
            let unavailable =
                || ControllerError::new(ErrorCode::NotController, "controller unavailable");
            let (reply_to, rx) = self.expect_reply();
            if self
                .send(ShardId(0), ShardMsg::Controller { req, reply_to })
                .await
                .is_err()
            {
                self.pending.borrow_mut().remove(&reply_to.id);
                return Err(unavailable());
            }
            match rx.await {
                Ok(ReplyPayload::Controller(result)) => *result,
                _ => Err(unavailable()),
            }
        }?;
        if !self.wait_applied(reply.index).await {
            return Err(ControllerError::new(
                ErrorCode::RequestTimedOut,
                "metadata not applied in time",
            ));
        }
        Ok(reply)
    }

    /// A fresh producer id, from this shard's block (a new block is committed when it runs out).
    pub async fn next_producer_id(self: &Rc<Self>) -> Result<i64, ControllerError> {
        let (next, end) = self.producer_ids.get();
        if next < end {
            self.producer_ids.set((next + 1, end));
            return Ok(next);
        }
        tracing::debug!(shard = self.id.0, "allocating a producer id block");
        let reply = self
            .controller(ControllerRequest::AllocateProducerIds)
            .await?;
        tracing::debug!(shard = self.id.0, ?reply, "allocated a producer id block");
        let (first, size) = reply.producer_ids.ok_or_else(|| {
            ControllerError::new(
                ErrorCode::UnknownServerError,
                "no producer id block allocated",
            )
        })?;
        self.producer_ids.set((first + 1, first + size as i64));
        Ok(first)
    }

    pub(crate) fn peer_transport(&self) -> Option<Rc<crate::raft_net::PeerTransport>> {
        self.peer_transport.borrow().clone()
    }

    pub(crate) fn membership(&self) -> Option<Rc<crate::membership::Membership>> {
        self.membership.borrow().clone()
    }

    pub(crate) fn forwarder(&self) -> Option<Rc<crate::forward::Forwarder>> {
        self.forwarder.borrow().clone()
    }

    /// Shard 0's quorum member (None on other shards).
    pub fn quorum(&self) -> Option<Rc<crate::quorum::Quorum>> {
        self.quorum.borrow().clone()
    }

    /// Flushes and closes every log this shard owns (clean shutdown).
    pub async fn close_logs(&self) -> anyhow::Result<()> {
        let logs: Vec<_> = self.logs.borrow_mut().drain().collect();
        let mut first_error = None;
        for (key, log) in logs {
            if let Err(e) = log.close().await {
                tracing::error!(?key, error = %e, "closing log failed");
                first_error.get_or_insert(anyhow::anyhow!("closing {key:?}: {e}"));
            }
        }
        first_error.map_or(Ok(()), Err)
    }
}
