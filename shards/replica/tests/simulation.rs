//! A seeded, deterministic simulation of one partition replicated on three nodes and of the
//! controller's real replication rules: each node's [`Partition`] over an in-memory log (records
//! with offsets and epochs; a flushed prefix that survives a crash and an unflushed tail that a
//! power loss takes), and a controller that decides nothing itself — it holds a
//! [`metadata::Image`] built from records (three `RegisterBroker`s, the topic from
//! `create_topic_assigned`, `eligible.leader.replicas.version` on for half the seeds) and commits
//! whatever `metadata::replication` returns: `alter_partition` for AlterPartition,
//! `fence_broker` when a session expires (a crashed, paused or cut-off node), a new
//! `RegisterBroker` at a new broker epoch for a restarted node (fenced, as Kafka registers it,
//! then `unfence_broker` once it heartbeats and has caught up; or, for half the seeds, unfenced
//! at once when caught up, then `registered`, as `runtime::membership` does), and
//! `controlled_shutdown` until `may_shut_down`. Each node applies the committed batches in order
//! to its own image at its own pace (a restarted node starts from the image it had: its metadata
//! log is durable) and brings its partition in line as `runtime::replicated::sync_with_image`
//! does: every broker's status, then `become_leader` / `become_follower` / `stop` when the
//! partition or leader epoch changed, leading nothing until its image holds its own
//! registration unfenced. AlterPartition answers map as `runtime::alter_partition` maps them.
//!
//! Around them: a fake clock; a network that drops, delays, reorders and duplicates fetches,
//! AlterPartitions and their responses; crashes and restarts; power loss of all nodes;
//! pauses (a paused leader is fenced and resumes as a stale leader); controlled shutdowns; and
//! cuts between a node and the controller only (no heartbeats, metadata or AlterPartition: a
//! leader fenced and replaced while it still serves followers that have not heard). Producers
//! append with acks=all (and some acks=1) to whoever believes it leads; readers read below the
//! high watermark.
//!
//! Checked after every step:
//! - every offset below any leader's high watermark, once there, is *committed*: the records
//!   below it never change and stay on every node in the controller's ISR and ELR, crashed or not, so
//!   on whoever leads later (leader completeness), and every acknowledged record is among them;
//! - log matching up to the high watermark: every node's log below its own high watermark is
//!   the committed prefix (so any two agree below the lesser of their high watermarks);
//! - a record a reader read never changes or vanishes, and the high watermark a reader sees
//!   (ListOffsets with its leader epoch, KIP-207) never goes back;
//! - the partition's view of its log matches the log.
//!   After healing everything: a leader exists, every replica rejoins the ISR, a new acks=all
//!   produce is acknowledged and all logs agree up to the high watermark.
//!
//! A quarter of the seeds run Kafka's replication-only durability (crashes then keep the
//! unflushed tail: a process crash, not a power loss); the rest Sluice's default, where a crash
//! loses it and all nodes sometimes lose power at once. A third use `min.insync.replicas=1`.
//! A restarted node registers with its clean-shutdown marker's broker epoch (its registration's
//! after a controlled shutdown, -1 after a crash); under replication-only durability the
//! controller takes an uncleanly restarted broker out of the ELR (KIP-966), so a seed whose every
//! eligible replica restarted uncleanly ends leaderless, waiting for an unclean election as
//! Kafka leaves it: counted (`offline_after_unclean_restarts`), its safety checked throughout.
//!
//! `SLUICE_REPLICA_SIM_SEED=N` replays one seed (printing its events on failure; add
//! `SLUICE_REPLICA_SIM_TRACE=1` to log every leader's high watermark move too);
//! `SLUICE_REPLICA_SIM_SEEDS=N` runs N seeds (default 200) from `SLUICE_REPLICA_SIM_FIRST_SEED`;
//! `SLUICE_REPLICA_SIM_KEEP_GOING=1` runs them all and lists the failing ones.

use std::collections::{BTreeMap, BTreeSet};

use metadata::replication::{
    self, AlterPartitionItem, ReplicationContext, Restart, ELIGIBLE_LEADER_REPLICAS_VERSION,
};
use metadata::{BrokerEndpoint, Image, MetadataRecord, PartitionImage};
use model::{ErrorCode, LeaderEpoch, NodeId, Offset, TopicId};
use replica::{
    Acks, AlterPartitionError, AlterPartitionRequest, AlterPartitionResponse, BatchInfo,
    BrokerEpoch, BrokerStatus, ConsumerFetch, DelayedFetch, Durability, EpochEntry, FetchAnswer,
    FetchIsolation, FetchRequest, FetchResponse, FollowerAction, FollowerFetch, LeaderAndIsr,
    LeaderEpochCache, LogState, Outputs, Partition, PartitionConfig, PartitionEpoch, RoleView,
};

/// The simulation's one source of randomness, seeded.
type Rng = model::SimRng;

const NODES: [NodeId; 3] = [NodeId(1), NodeId(2), NodeId(3)];
const TOPIC: &str = "sim";
const LAG_MS: u64 = 600;
const SESSION_MS: u64 = 900;
const FETCH_TIMEOUT_MS: u64 = 250;
const ALTER_RESEND_MS: u64 = 300;
const PRODUCE_TIMEOUT_MS: u64 = 2_000;
const FETCH_RECORDS_MAX: usize = 8;
const STEPS: usize = 1_500;
const HEAL_STEPS_MAX: usize = 4_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Rec {
    epoch: i32,
    value: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Status {
    Up,
    Paused,
    Crashed,
}

struct Node {
    id: NodeId,
    status: Status,
    /// Bumped by every restart: the process registers a new incarnation.
    incarnation: u32,
    /// Asked the controller for a controlled shutdown; stops once it leads nothing.
    shutting_down: bool,
    /// The broker epoch its clean-shutdown marker holds: its registration's when it last
    /// stopped after a controlled shutdown, -1 after a crash (KIP-966 PreviousBrokerEpoch).
    marker_epoch: i64,
    log: Vec<Rec>,
    flushed: usize,
    /// The high watermark checkpoint a restart reads.
    hw_checkpoint: i64,
    partition: Partition,
    /// The metadata image this node holds (its metadata log is durable: it survives crashes).
    image: Image,
    /// How many batches of the controller's log it applied.
    applied: usize,
    fetch_in_flight: Option<(FetchRequest, u64)>,
    fetch_not_before_ms: u64,
    alter_sent_ms: u64,
    /// Waiting acks=all produces: id -> (offset, value) of each record.
    produces: BTreeMap<u64, Vec<(usize, u64)>>,
    /// Follower fetches at the log end waiting for data (long polling): id -> (who, request).
    delayed_fetches: BTreeMap<u64, (NodeId, FetchRequest)>,
    /// How much of the log has been checked against the committed prefix.
    verified: usize,
}

#[derive(Clone, Debug)]
enum Body {
    Fetch(FetchRequest),
    FetchResponse(FetchRequest, FetchResponse, Vec<Rec>),
    /// With the broker epoch of the sender's image when it was sent.
    Alter(AlterPartitionRequest, i64),
    AlterResponse(AlterPartitionRequest, AlterPartitionResponse),
}

#[derive(Clone, Debug)]
struct Msg {
    deliver_ms: u64,
    seq: u64,
    /// `None`: the controller.
    from: Option<NodeId>,
    to: Option<NodeId>,
    body: Body,
}

/// The active controller: the metadata image it holds, the log of committed record batches
/// every node applies in order (a batch's index is its position + 1), and what it knows outside
/// the image (heartbeat times). Every decision is `metadata::replication`'s.
struct Controller {
    image: Image,
    ctx: ReplicationContext,
    topic_id: TopicId,
    log: Vec<Vec<MetadataRecord>>,
    last_heartbeat_ms: BTreeMap<NodeId, u64>,
}

/// A node's incarnation id (a new one per restart, as a process draws a random one).
fn incarnation_id(node: NodeId, incarnation: u32) -> [u8; 16] {
    let mut id = [0; 16];
    id[..4].copy_from_slice(&node.0.to_be_bytes());
    id[4..8].copy_from_slice(&incarnation.to_be_bytes());
    id
}

fn listeners(node: NodeId) -> Vec<BrokerEndpoint> {
    vec![BrokerEndpoint {
        name: "PLAINTEXT".into(),
        host: format!("node{}", node.0),
        port: 9092,
        security_protocol: 0,
    }]
}

/// The controller's state of a partition as the state machine takes it (as
/// `runtime::replicated::leader_and_isr`).
fn leader_and_isr(p: &PartitionImage) -> LeaderAndIsr {
    LeaderAndIsr {
        leader: (p.leader.0 >= 0).then_some(p.leader),
        leader_epoch: p.leader_epoch,
        partition_epoch: PartitionEpoch(p.partition_epoch),
        replicas: p.replicas.clone(),
        isr: p.isr.clone(),
    }
}

impl Controller {
    /// The cluster as formatted and started: the ELR feature level, three brokers registered
    /// unfenced, the topic created by the real creation rules with replicas 1, 2, 3 (1 leads).
    fn new(scenario: &Scenario, start_ms: u64) -> Controller {
        let min_isr = scenario.config.min_insync_replicas;
        let mut c = Controller {
            image: Image::default(),
            ctx: ReplicationContext {
                min_insync_replicas: 1,
                // The controller knows the topic's durability from its config (`flush.messages`).
                log_flush_interval_messages: match scenario.config.durability {
                    Durability::Flushed => 1,
                    Durability::Replicated => i64::MAX,
                },
                ..ReplicationContext::default()
            },
            topic_id: TopicId::ZERO,
            log: Vec::new(),
            last_heartbeat_ms: NODES.iter().map(|&id| (id, start_ms)).collect(),
        };
        c.commit(vec![MetadataRecord::FeatureLevel {
            name: ELIGIBLE_LEADER_REPLICAS_VERSION.into(),
            level: i16::from(scenario.elr),
        }]);
        for id in NODES {
            let records = metadata::controller::register_broker(
                &c.image,
                id,
                listeners(id),
                None,
                1,
                incarnation_id(id, 0),
            )
            .expect("a valid registration");
            c.commit(records);
        }
        let configs = BTreeMap::from([("min.insync.replicas".to_string(), min_isr.to_string())]);
        let records = metadata::controller::create_topic_assigned(
            &c.image,
            TOPIC,
            -1,
            -1,
            configs,
            &[NODES.to_vec()],
            &c.ctx,
            NODES[0],
            1,
        )
        .expect("the topic is created");
        c.commit(records);
        c.topic_id = c.image.topic(TOPIC).expect("created").id;
        assert_eq!(c.partition().leader, NODES[0]);
        c
    }

    fn partition(&self) -> &PartitionImage {
        self.image.partition(TOPIC, 0).expect("the topic exists")
    }

    /// Commits one batch (nothing when empty): applied to the image, appended to the log.
    fn commit(&mut self, records: Vec<MetadataRecord>) {
        if records.is_empty() {
            return;
        }
        let index = self.log.len() as u64 + 1;
        self.image.apply_batch(index, 1, &records);
        self.log.push(records);
    }

    fn is_fenced(&self, node: NodeId) -> bool {
        self.image.broker(node).is_none_or(|b| b.fenced)
    }

    /// Who must hold every committed record: the ISR, and KIP-966's ELR, from which a leader
    /// may be elected too.
    fn eligible(&self) -> BTreeSet<NodeId> {
        let p = self.partition();
        p.isr.iter().chain(&p.elr).copied().collect()
    }
}

#[derive(Debug, Default, Clone, Copy)]
struct Stats {
    acked: u64,
    leader_changes: u64,
    crashes: u64,
    power_losses: u64,
    pauses: u64,
    truncations: u64,
    isr_changes: u64,
    alter_refused: u64,
    reads: u64,
    stale_leader_produces: u64,
    fetches_delayed: u64,
    fetches_woken: u64,
    elr_elections: u64,
    cuts: u64,
    shutdowns: u64,
    registrations: u64,
    /// Seeds that ended leaderless with no ISR and no ELR, every eligible replica having
    /// restarted uncleanly under relaxed durability (KIP-966: offline until an unclean
    /// election, as in Kafka).
    offline_after_unclean_restarts: u64,
}

impl Stats {
    fn add(&mut self, o: Stats) {
        self.acked += o.acked;
        self.leader_changes += o.leader_changes;
        self.crashes += o.crashes;
        self.power_losses += o.power_losses;
        self.pauses += o.pauses;
        self.truncations += o.truncations;
        self.isr_changes += o.isr_changes;
        self.alter_refused += o.alter_refused;
        self.reads += o.reads;
        self.stale_leader_produces += o.stale_leader_produces;
        self.fetches_delayed += o.fetches_delayed;
        self.fetches_woken += o.fetches_woken;
        self.elr_elections += o.elr_elections;
        self.cuts += o.cuts;
        self.shutdowns += o.shutdowns;
        self.registrations += o.registrations;
        self.offline_after_unclean_restarts += o.offline_after_unclean_restarts;
    }
}

struct Reader {
    epoch: i32,
    high_watermark: i64,
    read: Vec<Rec>,
    checked: usize,
}

struct Sim {
    rng: Rng,
    /// A crash loses the unflushed tail (a power loss), not only the process.
    crash_loses_unflushed: bool,
    registration: Registration,
    /// Nodes cut off from the controller (not from each other): no heartbeats, no metadata,
    /// no AlterPartition; they keep serving and fetching.
    cut: BTreeSet<NodeId>,
    now_ms: u64,
    config: PartitionConfig,
    nodes: Vec<Node>,
    controller: Controller,
    network: Vec<Msg>,
    seq: u64,
    next_value: u64,
    next_produce: u64,
    /// Every record below any leader's high watermark so far.
    committed: Vec<Rec>,
    acked: BTreeMap<usize, u64>,
    acked_unchecked: Vec<(usize, u64)>,
    reader: Reader,
    /// Delayed fetches woken by a call's outputs, answered at the end of the step.
    woken: Vec<(usize, u64)>,
    faults: bool,
    stats: Stats,
    events: Vec<String>,
}

fn config_for(seed: u64) -> PartitionConfig {
    PartitionConfig {
        replica_lag_time_max_ms: LAG_MS,
        min_insync_replicas: match seed % 3 {
            0 => 1,
            _ => 2,
        },
        durability: if seed % 4 == 3 {
            Durability::Replicated
        } else {
            Durability::Flushed
        },
    }
}

/// What one seed runs.
#[derive(Clone, Copy, Debug)]
struct Scenario {
    config: PartitionConfig,
    /// A crash loses the unflushed tail (a power loss), not only the process.
    crash_loses_unflushed: bool,
    /// The controller keeps KIP-966's eligible leader replicas
    /// (`eligible.leader.replicas.version` 1).
    elr: bool,
    /// How a restarted broker registers.
    registration: Registration,
}

/// How the controller takes a restarted broker's registration.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Registration {
    /// Kafka's: registered fenced (it leaves ISRs and leaderships, `fence_broker`), unfenced
    /// once it heartbeats and has caught up with the metadata log (`unfence_broker`).
    Fenced,
    /// `runtime::membership`'s: registered unfenced at once when it has already caught up,
    /// fenced otherwise; then `replication::registered` (the new incarnation leaves the old
    /// one's leaderships and ISRs, and is elected where no one leads when unfenced).
    UnfencedIfCaughtUp,
    /// As `UnfencedIfCaughtUp`, with `unfence_broker` alone after an unfenced registration,
    /// as the runtime did before seed 44: a restarted leader keeps its leader epoch. Only
    /// `the_checker_catches_a_restarted_leader_keeping_its_leader_epoch` runs it.
    UnfencedKeepingLeadership,
}

impl Scenario {
    fn for_seed(seed: u64) -> Scenario {
        let config = config_for(seed);
        Scenario {
            config,
            // Replication-only durability promises nothing across a power loss: crashes there
            // are process crashes (the page cache survives).
            crash_loses_unflushed: config.durability == Durability::Flushed,
            elr: (seed >> 2) & 1 == 0,
            registration: if (seed >> 3) & 1 == 0 {
                Registration::Fenced
            } else {
                Registration::UnfencedIfCaughtUp
            },
        }
    }
}

/// The epoch cache as a restart rebuilds it from the log.
fn epochs_of(log: &[Rec]) -> LeaderEpochCache {
    let mut entries: Vec<EpochEntry> = Vec::new();
    for (offset, rec) in log.iter().enumerate() {
        if entries.last().is_none_or(|e| e.epoch.0 != rec.epoch) {
            entries.push(EpochEntry {
                epoch: LeaderEpoch(rec.epoch),
                start_offset: Offset(offset as i64),
            });
        }
    }
    LeaderEpochCache::from_entries(entries)
}

impl Sim {
    fn new(seed: u64, scenario: Scenario) -> Sim {
        let config = scenario.config;
        let start_ms = 1_000_000;
        let controller = Controller::new(&scenario, start_ms);
        let nodes = NODES
            .iter()
            .map(|&id| Node {
                id,
                status: Status::Up,
                incarnation: 0,
                shutting_down: false,
                marker_epoch: -1,
                log: Vec::new(),
                flushed: 0,
                hw_checkpoint: 0,
                partition: Partition::open(
                    id,
                    config,
                    empty_log(0, 0),
                    LeaderEpochCache::default(),
                ),
                image: Image::default(),
                applied: 0,
                fetch_in_flight: None,
                fetch_not_before_ms: 0,
                alter_sent_ms: 0,
                produces: BTreeMap::new(),
                delayed_fetches: BTreeMap::new(),
                verified: 0,
            })
            .collect();
        let mut sim = Sim {
            rng: Rng::new(seed),
            crash_loses_unflushed: scenario.crash_loses_unflushed,
            registration: scenario.registration,
            cut: BTreeSet::new(),
            now_ms: start_ms,
            config,
            nodes,
            controller,
            network: Vec::new(),
            seq: 0,
            next_value: 1,
            next_produce: 1,
            committed: Vec::new(),
            acked: BTreeMap::new(),
            acked_unchecked: Vec::new(),
            woken: Vec::new(),
            reader: Reader {
                epoch: 0,
                high_watermark: 0,
                read: Vec::new(),
                checked: 0,
            },
            faults: true,
            stats: Stats::default(),
            events: Vec::new(),
        };
        for i in 0..NODES.len() {
            sim.apply_metadata(i, true);
        }
        sim
    }

    fn log(&mut self, event: String) {
        self.events.push(format!("{:>8} {event}", self.now_ms));
    }

    fn index(&self, id: NodeId) -> usize {
        NODES.iter().position(|&n| n == id).expect("a node")
    }

    fn send(&mut self, from: Option<NodeId>, to: Option<NodeId>, body: Body) {
        let faults = self.faults;
        if faults && self.rng.chance(50) {
            return; // dropped
        }
        // AlterPartition requests travel like Kafka's (TCP, one connection at a time): never
        // duplicated. Everything else may be, and answers too.
        let duplicate = faults && self.rng.chance(30) && !matches!(body, Body::Alter(..));
        let copies = if duplicate { 2 } else { 1 };
        for _ in 0..copies {
            let delay = if faults && self.rng.chance(20) {
                100 + self.rng.below(600)
            } else {
                1 + self.rng.below(if faults { 40 } else { 5 })
            };
            self.seq += 1;
            self.network.push(Msg {
                deliver_ms: self.now_ms + delay,
                seq: self.seq,
                from,
                to,
                body: body.clone(),
            });
        }
    }

    /// Node `i` applies the next batch of the controller's log (all of them with
    /// `catch_up`), bringing its partition in line with its image after each.
    fn apply_metadata(&mut self, i: usize, catch_up: bool) {
        while self.nodes[i].applied < self.controller.log.len() {
            let node = &mut self.nodes[i];
            let batch = &self.controller.log[node.applied];
            node.applied += 1;
            node.image.apply_batch(node.applied as u64, 1, batch);
            self.sync_with_image(i);
            if !catch_up {
                break;
            }
        }
    }

    /// As `runtime::replicated::sync_with_image`: every broker's status from the image, then
    /// the role the image gives this node when its partition or leader epoch changed (or it
    /// has none yet). A node leads nothing until its image holds its own registration,
    /// unfenced: a restarted node's image may be stale.
    fn sync_with_image(&mut self, i: usize) {
        let now = self.now_ms;
        let node = &mut self.nodes[i];
        let local = node.id;
        let own = incarnation_id(local, node.incarnation);
        let registered = node
            .image
            .broker(local)
            .is_some_and(|b| !b.fenced && b.incarnation_id == own);
        for b in node.image.brokers() {
            node.partition.set_broker_status(
                b.node_id,
                BrokerStatus {
                    epoch: BrokerEpoch(b.epoch),
                    fenced: b.fenced,
                    shutting_down: b.in_controlled_shutdown,
                },
            );
        }
        let Some(p) = node.image.partition(TOPIC, 0) else {
            return;
        };
        let wanted = leader_and_isr(p);
        let state = &mut node.partition;
        let changed = (wanted.partition_epoch, wanted.leader_epoch)
            != (state.partition_epoch(), state.leader_epoch())
            || state.role() == RoleView::Unassigned;
        let becomes_leader = wanted.leader == Some(local);
        if !changed || (becomes_leader && !registered) {
            return;
        }
        let result = if !wanted.replicas.contains(&local) {
            Ok(state.stop(now))
        } else if becomes_leader {
            state.become_leader(&wanted, now)
        } else {
            state.become_follower(&wanted, now)
        };
        if let Ok(out) = result {
            self.handle_outputs(i, out);
        }
    }

    fn handle_outputs(&mut self, i: usize, out: Outputs) {
        if let Some(hw) = out.high_watermark {
            self.nodes[i].hw_checkpoint = hw.0;
            if self.nodes[i].partition.is_leader() {
                self.commit_below(i, hw.0 as usize);
                if std::env::var("SLUICE_REPLICA_SIM_TRACE").is_ok() {
                    let role = self.nodes[i].partition.role();
                    let id = self.nodes[i].id;
                    self.log(format!("{id:?} HW {hw:?} {role:?}"));
                }
            }
        }
        if let Some(request) = out.alter_partition {
            self.send_alter(i, request);
        }
        self.woken
            .extend(out.fetches.iter().map(|wake| (i, wake.id())));
        for done in out.produces {
            let Some(records) = self.nodes[i].produces.remove(&done.id) else {
                continue;
            };
            if done.result == Ok(()) {
                for (offset, value) in records {
                    let previous = self.acked.insert(offset, value);
                    self.acked_unchecked.push((offset, value));
                    assert!(
                        previous.is_none(),
                        "two acknowledged records at offset {offset}: {previous:?} and {value}"
                    );
                    self.stats.acked += 1;
                }
            }
        }
    }

    // ----- controller -----

    /// Commits what a rule decided, counting and logging the partition's changes.
    fn commit(&mut self, what: String, records: Vec<MetadataRecord>) {
        if records.is_empty() {
            return;
        }
        let before = self.controller.partition().clone();
        self.controller.commit(records);
        let after = self.controller.partition().clone();
        if after.leader != before.leader && after.has_leader() {
            self.stats.leader_changes += 1;
            if !before.isr.contains(&after.leader) && before.elr.contains(&after.leader) {
                self.stats.elr_elections += 1;
            }
        }
        if after != before {
            self.log(format!(
                "controller: {what} -> leader {} epoch {} partition epoch {} isr {:?} elr {:?}",
                after.leader.0, after.leader_epoch.0, after.partition_epoch, after.isr, after.elr
            ));
        } else {
            self.log(format!("controller: {what}"));
        }
    }

    /// The session of `node` expired: `fence_broker`.
    fn fence(&mut self, node: NodeId) {
        if self.controller.is_fenced(node) {
            return;
        }
        let c = &self.controller;
        let records = replication::fence_broker(&c.image, &c.ctx, node);
        self.commit(format!("fence {node:?}"), records);
    }

    /// Node `i` heartbeats (its heartbeat is its registration, as `runtime::membership`'s):
    /// a new incarnation registers; a fenced broker that has caught up with the metadata log
    /// is unfenced; one shutting down asks for its controlled shutdown.
    fn heard_from(&mut self, i: usize) {
        let node = &self.nodes[i];
        let id = node.id;
        let own = incarnation_id(id, node.incarnation);
        let caught_up = node.applied == self.controller.log.len();
        let shutting_down = node.shutting_down;
        self.controller.last_heartbeat_ms.insert(id, self.now_ms);
        let registered = self
            .controller
            .image
            .broker(id)
            .map(|b| (b.incarnation_id, b.fenced));
        match registered {
            Some((incarnation, fenced)) if incarnation == own => {
                if fenced && caught_up {
                    let c = &self.controller;
                    let records = replication::unfence_broker(&c.image, &c.ctx, id);
                    self.commit(format!("unfence {id:?}"), records);
                }
            }
            _ => self.register(i, caught_up),
        }
        if shutting_down {
            self.controlled_shutdown(i);
        }
    }

    /// A new incarnation of node `i` registers with a new broker epoch, as
    /// `runtime::controller` commits it: fenced (then `fence_broker`) or unfenced (then
    /// `unfence_broker`).
    fn register(&mut self, i: usize, caught_up: bool) {
        let id = self.nodes[i].id;
        let own = incarnation_id(id, self.nodes[i].incarnation);
        let c = &self.controller;
        let mut records =
            metadata::controller::register_broker(&c.image, id, listeners(id), None, 1, own)
                .expect("a valid registration");
        let fenced = match self.registration {
            Registration::Fenced => true,
            Registration::UnfencedIfCaughtUp | Registration::UnfencedKeepingLeadership => {
                !caught_up
            }
        };
        let marker_epoch = std::mem::replace(&mut self.nodes[i].marker_epoch, -1);
        for r in &mut records {
            if let MetadataRecord::RegisterBroker {
                fenced: f,
                previous_broker_epoch,
                ..
            } = r
            {
                *f = fenced;
                *previous_broker_epoch = marker_epoch;
            }
        }
        let restart = Restart::of(c.image.broker(id), marker_epoch);
        let mut after = c.image.clone();
        after.apply_batch(c.log.len() as u64 + 1, 1, &records);
        records.extend(match self.registration {
            Registration::UnfencedIfCaughtUp => {
                replication::registered(&after, &c.ctx, id, restart)
            }
            // As `fence_broker`, and out of the ELR after an unclean restart (relaxed durability).
            _ if fenced => replication::registered(&after, &c.ctx, id, restart),
            _ => replication::unfence_broker(&after, &c.ctx, id),
        });
        self.stats.registrations += 1;
        let epoch = c.log.len() + 1;
        self.commit(
            format!("register {id:?} at broker epoch {epoch}, fenced: {fenced}"),
            records,
        );
    }

    /// Node `i` asks for its controlled shutdown (`controlled_shutdown`); once the image says it
    /// leads nothing (`may_shut_down`), it flushes and stops.
    fn controlled_shutdown(&mut self, i: usize) {
        let id = self.nodes[i].id;
        let c = &self.controller;
        let records = replication::controlled_shutdown(&c.image, &c.ctx, id);
        self.commit(format!("controlled shutdown of {id:?}"), records);
        if replication::may_shut_down(&self.controller.image, id) {
            self.flush(i);
            self.stats.shutdowns += 1;
            self.crash(i, false);
            // A clean stop: the marker holds the registration's epoch.
            self.nodes[i].marker_epoch = self.controller.image.broker(id).map_or(-1, |b| b.epoch);
        }
    }

    /// `alter_partition`, answered as `runtime::alter_partition` maps the answer.
    fn alter_partition(
        &mut self,
        request: &AlterPartitionRequest,
        broker_epoch: i64,
    ) -> AlterPartitionResponse {
        let item = AlterPartitionItem {
            partition: 0,
            leader_epoch: request.leader_epoch.0,
            partition_epoch: request.partition_epoch.0,
            new_isr: request
                .new_isr
                .iter()
                .map(|m| (m.id, m.broker_epoch.0))
                .collect(),
            leader_recovery_state: replication::RECOVERED,
        };
        let c = &self.controller;
        let topics = [(c.topic_id, vec![item])];
        match replication::alter_partition(&c.image, &c.ctx, request.leader, broker_epoch, &topics)
        {
            Ok((records, results)) => {
                let answer = results[0].1[0].1.clone();
                if !records.is_empty() {
                    self.stats.isr_changes += 1;
                }
                self.commit(format!("AlterPartition {request:?}"), records);
                match answer {
                    Ok(state) => AlterPartitionResponse::Accepted {
                        leader_epoch: LeaderEpoch(state.leader_epoch),
                        partition_epoch: PartitionEpoch(state.partition_epoch),
                        isr: state.isr,
                    },
                    Err(code) => {
                        AlterPartitionResponse::Refused(AlterPartitionError::from_code(code.code()))
                    }
                }
            }
            Err(e) => {
                AlterPartitionResponse::Refused(AlterPartitionError::from_code(e.code.code()))
            }
        }
    }

    // ----- faults -----

    fn crash(&mut self, i: usize, power_loss: bool) {
        let node = &mut self.nodes[i];
        node.status = Status::Crashed;
        if power_loss {
            node.log.truncate(node.flushed);
            node.verified = node.verified.min(node.log.len());
        }
        node.produces.clear();
        node.delayed_fetches.clear();
        node.fetch_in_flight = None;
        self.stats.crashes += 1;
        let (id, len) = (node.id, node.log.len());
        self.log(format!("crash {id:?} (power loss: {power_loss}) log {len}"));
    }

    /// A new process on node `i`: its log as the crash left it, its metadata image as it had
    /// applied it (the metadata log is durable), a new incarnation that registers at its
    /// next heartbeat (this step's), catching up with the metadata log from there.
    fn restart(&mut self, i: usize) {
        let node = &mut self.nodes[i];
        node.status = Status::Up;
        node.incarnation += 1;
        node.shutting_down = false;
        node.flushed = node.log.len();
        let end = node.log.len() as i64;
        let log = empty_log(end, node.hw_checkpoint.min(end));
        node.partition = Partition::open(node.id, self.config, log, epochs_of(&node.log));
        node.produces.clear();
        node.delayed_fetches.clear();
        node.fetch_in_flight = None;
        let (id, applied) = (node.id, node.applied);
        self.cut.remove(&id);
        self.log(format!(
            "restart {id:?} log {end}, metadata applied to {applied}"
        ));
        self.sync_with_image(i);
    }

    fn up(&self) -> Vec<usize> {
        (0..3)
            .filter(|&i| self.nodes[i].status == Status::Up)
            .collect()
    }

    fn faults(&mut self) {
        let power_loss = self.crash_loses_unflushed;
        let up = self.up();
        if self.rng.chance(4) && up.len() >= 2 {
            let i = self.rng.pick(&up).unwrap();
            self.crash(i, power_loss);
        }
        if power_loss && self.rng.chance(1) {
            self.stats.power_losses += 1;
            for i in self.up() {
                self.crash(i, true);
            }
        }
        let up = self.up();
        if self.rng.chance(4) && up.len() >= 2 {
            let i = self.rng.pick(&up).unwrap();
            self.nodes[i].status = Status::Paused;
            self.stats.pauses += 1;
            let id = self.nodes[i].id;
            self.log(format!("pause {id:?}"));
        }
        let up = self.up();
        if self.rng.chance(2) && up.len() >= 2 {
            let i = self.rng.pick(&up).unwrap();
            if !self.nodes[i].shutting_down {
                self.nodes[i].shutting_down = true;
                let id = self.nodes[i].id;
                self.log(format!("{id:?} begins a controlled shutdown"));
            }
        }
        let up = self.up();
        if self.rng.chance(3) && self.cut.is_empty() {
            if let Some(i) = self.rng.pick(&up) {
                let id = self.nodes[i].id;
                self.cut.insert(id);
                self.stats.cuts += 1;
                self.log(format!("cut {id:?} from the controller"));
            }
        }
        if self.rng.chance(8) {
            self.reconnect();
        }
        for i in 0..3 {
            match self.nodes[i].status {
                Status::Crashed if self.rng.chance(15) => self.restart(i),
                Status::Paused if self.rng.chance(12) => self.resume(i),
                _ => {}
            }
        }
    }

    fn resume(&mut self, i: usize) {
        self.nodes[i].status = Status::Up;
        let id = self.nodes[i].id;
        self.log(format!("resume {id:?}"));
    }

    // ----- the step -----

    fn step(&mut self) {
        self.now_ms += 1 + self.rng.below(15);
        if self.faults {
            self.faults();
        }
        self.heartbeats();
        self.deliver();
        for i in 0..3 {
            if self.nodes[i].status != Status::Up {
                continue;
            }
            if self.rng.chance(300) && !self.cut.contains(&self.nodes[i].id) {
                self.apply_metadata(i, false);
            }
            if self.rng.chance(300) {
                self.flush(i);
            }
            let now = self.now_ms;
            let out = self.nodes[i].partition.tick(now);
            self.handle_outputs(i, out);
            self.maybe_fetch(i);
            self.maybe_resend_alter(i);
        }
        if self.rng.chance(250) {
            self.produce();
        }
        if self.rng.chance(150) {
            self.read();
        }
        self.answer_woken_fetches();
        self.check();
    }

    fn heartbeats(&mut self) {
        for i in 0..3 {
            let id = self.nodes[i].id;
            if self.nodes[i].status == Status::Up && !self.cut.contains(&id) {
                self.heard_from(i);
            } else if self.now_ms - self.controller.last_heartbeat_ms[&id] > SESSION_MS {
                self.fence(id);
            }
        }
    }

    fn flush(&mut self, i: usize) {
        let node = &mut self.nodes[i];
        node.flushed = node.log.len();
        let end = Offset(node.flushed as i64);
        let now = self.now_ms;
        let out = node.partition.on_log_flushed(end, now);
        self.handle_outputs(i, out);
    }

    fn maybe_fetch(&mut self, i: usize) {
        let now = self.now_ms;
        let node = &mut self.nodes[i];
        if now < node.fetch_not_before_ms {
            return;
        }
        if let Some((_, sent_ms)) = node.fetch_in_flight {
            if now - sent_ms < FETCH_TIMEOUT_MS {
                return;
            }
        }
        let Some(request) = node.partition.next_fetch() else {
            return;
        };
        node.fetch_in_flight = Some((request, now));
        let id = node.id;
        self.send(Some(id), Some(request.leader), Body::Fetch(request));
    }

    /// No answer in time: resend on a new connection, which takes the old one's request and
    /// answer with it (as a disconnection does for Kafka's AlterPartitionManager).
    fn maybe_resend_alter(&mut self, i: usize) {
        let node = &self.nodes[i];
        if node.partition.alter_partition_in_flight().is_none()
            || self.now_ms - node.alter_sent_ms < ALTER_RESEND_MS
        {
            return;
        }
        let id = node.id;
        self.network.retain(|m| match m.body {
            Body::Alter(..) => m.from != Some(id),
            Body::AlterResponse(..) => m.to != Some(id),
            _ => true,
        });
        let request = self.nodes[i]
            .partition
            .resend_alter_partition()
            .expect("in flight");
        self.send_alter(i, request);
    }

    /// An AlterPartition to the controller, with this node's broker epoch as its image says
    /// (as `runtime::alter_partition`).
    fn send_alter(&mut self, i: usize, request: AlterPartitionRequest) {
        let node = &mut self.nodes[i];
        node.alter_sent_ms = self.now_ms;
        let id = node.id;
        let broker_epoch = node.image.broker(id).map_or(-1, |b| b.epoch);
        self.send(Some(id), None, Body::Alter(request, broker_epoch));
    }

    fn deliver(&mut self) {
        let now = self.now_ms;
        let mut due: Vec<Msg> = Vec::new();
        let mut kept = Vec::new();
        for msg in self.network.drain(..) {
            let to_status = msg
                .to
                .map(|id| self.nodes[NODES.iter().position(|&n| n == id).unwrap()].status);
            match to_status {
                Some(Status::Crashed) => {} // lost with the process
                Some(Status::Paused) => kept.push(msg),
                _ if msg.deliver_ms <= now => due.push(msg),
                _ => kept.push(msg),
            }
        }
        self.network = kept;
        due.sort_by_key(|m| (m.deliver_ms, m.seq));
        for msg in due {
            let cut_off = match msg.body {
                Body::Alter(..) => msg.from.is_some_and(|id| self.cut.contains(&id)),
                Body::AlterResponse(..) => msg.to.is_some_and(|id| self.cut.contains(&id)),
                _ => false,
            };
            if cut_off {
                continue;
            }
            match msg.to {
                None => self.controller_receives(msg),
                Some(to) => {
                    let i = self.index(to);
                    if self.nodes[i].status == Status::Up {
                        self.node_receives(i, msg);
                    }
                }
            }
        }
    }

    fn controller_receives(&mut self, msg: Msg) {
        let Body::Alter(request, broker_epoch) = msg.body else {
            unreachable!("only AlterPartition goes to the controller");
        };
        let response = self.alter_partition(&request, broker_epoch);
        if matches!(response, AlterPartitionResponse::Refused(_)) {
            self.stats.alter_refused += 1;
        }
        self.send(None, msg.from, Body::AlterResponse(request, response));
    }

    fn node_receives(&mut self, i: usize, msg: Msg) {
        let now = self.now_ms;
        match msg.body {
            Body::Fetch(request) => {
                let follower = msg.from.expect("fetches come from nodes");
                self.serve_fetch(i, follower, request, true);
            }
            Body::FetchResponse(sent, response, records) => {
                self.on_fetch_response(i, sent, response, records)
            }
            Body::AlterResponse(sent, response) => {
                let out = self.nodes[i]
                    .partition
                    .on_alter_partition_response(&sent, &response, now);
                self.handle_outputs(i, out);
            }
            Body::Alter(..) => unreachable!("AlterPartition goes to the controller"),
        }
    }

    /// The leader side of a follower fetch. Nothing new at the log end: sometimes it waits
    /// (Kafka's DelayedFetch, `replica.fetch.wait.max.ms`) until data, a change or the deadline.
    fn serve_fetch(&mut self, i: usize, follower: NodeId, request: FetchRequest, may_wait: bool) {
        let now = self.now_ms;
        let fetch = FollowerFetch {
            replica: follower,
            broker_epoch: request.broker_epoch,
            fetch_offset: request.fetch_offset,
            last_fetched_epoch: request.last_fetched_epoch,
            current_leader_epoch: Some(request.current_leader_epoch),
        };
        let (answer, out) = self.nodes[i].partition.on_follower_fetch(&fetch, now);
        self.handle_outputs(i, out);
        if let FetchAnswer::Records { from, read_end, .. } = answer {
            if may_wait && from == read_end && self.rng.chance(500) {
                self.seq += 1;
                let id = self.seq;
                let wait = DelayedFetch {
                    id,
                    fetch_offset: from,
                    isolation: FetchIsolation::LogEnd,
                    current_leader_epoch: Some(request.current_leader_epoch),
                    last_fetched_epoch: request.last_fetched_epoch,
                    min_bytes: 1,
                    deadline_ms: now + 100,
                };
                if self.nodes[i].partition.await_fetch(wait).is_none() {
                    self.nodes[i]
                        .delayed_fetches
                        .insert(id, (follower, request));
                    self.stats.fetches_delayed += 1;
                    return;
                }
            }
        }
        let (response, records) = self.fetch_response(i, answer);
        let id = self.nodes[i].id;
        self.send(
            Some(id),
            Some(follower),
            Body::FetchResponse(request, response, records),
        );
    }

    fn answer_woken_fetches(&mut self) {
        while let Some((i, id)) = self.woken.pop() {
            if self.nodes[i].status != Status::Up {
                continue;
            }
            if let Some((follower, request)) = self.nodes[i].delayed_fetches.remove(&id) {
                self.stats.fetches_woken += 1;
                self.serve_fetch(i, follower, request, false);
            }
        }
    }

    fn fetch_response(&self, i: usize, answer: FetchAnswer) -> (FetchResponse, Vec<Rec>) {
        match answer {
            FetchAnswer::Records {
                from,
                high_watermark,
                read_end,
            } => {
                let log = &self.nodes[i].log;
                let from = from.0 as usize;
                let to = (read_end.0 as usize).min(from + FETCH_RECORDS_MAX);
                let records = log[from..to].to_vec();
                let batches = records
                    .iter()
                    .enumerate()
                    .map(|(k, rec)| BatchInfo {
                        base_offset: Offset((from + k) as i64),
                        last_offset: Offset((from + k) as i64),
                        leader_epoch: LeaderEpoch(rec.epoch),
                        bytes: 1,
                    })
                    .collect();
                (
                    FetchResponse::Records {
                        high_watermark,
                        batches,
                    },
                    records,
                )
            }
            FetchAnswer::Diverging {
                epoch,
                end_offset,
                high_watermark,
            } => (
                FetchResponse::Diverging {
                    epoch,
                    end_offset,
                    high_watermark,
                },
                Vec::new(),
            ),
            FetchAnswer::Error(code) => (FetchResponse::Error(code), Vec::new()),
        }
    }

    fn on_fetch_response(
        &mut self,
        i: usize,
        sent: FetchRequest,
        response: FetchResponse,
        records: Vec<Rec>,
    ) {
        let now = self.now_ms;
        if self.nodes[i].fetch_in_flight.map(|f| f.0) == Some(sent) {
            self.nodes[i].fetch_in_flight = None;
        }
        let (action, out) = self.nodes[i]
            .partition
            .on_fetch_response(&sent, &response, now);
        if !matches!(
            action,
            FollowerAction::Append { .. } | FollowerAction::Continue
        ) {
            let id = self.nodes[i].id;
            self.log(format!("{id:?} fetch {sent:?} -> {response:?}: {action:?}"));
        }
        let node = &mut self.nodes[i];
        match action {
            FollowerAction::Append { end_offset } => {
                assert_eq!(
                    node.log.len() as i64,
                    sent.fetch_offset.0,
                    "append at the log end"
                );
                node.log.extend(records);
                assert_eq!(
                    node.log.len() as i64,
                    end_offset.0,
                    "append ends where the partition says"
                );
            }
            FollowerAction::TruncateTo { end_offset } => {
                let to = end_offset.0 as usize;
                if to < node.log.len() {
                    self.stats.truncations += 1;
                }
                node.log.truncate(to);
                node.flushed = node.flushed.min(to);
                node.verified = node.verified.min(to);
            }
            FollowerAction::ListLeaderOffsets => {
                let leader = self.index(sent.leader);
                let leader_end = Offset(self.nodes[leader].log.len() as i64);
                let (action, out) =
                    self.nodes[i]
                        .partition
                        .on_leader_offsets(Offset(0), leader_end, now);
                if let FollowerAction::TruncateTo { end_offset } = action {
                    let node = &mut self.nodes[i];
                    let to = end_offset.0 as usize;
                    node.log.truncate(to);
                    node.flushed = node.flushed.min(to);
                    node.verified = node.verified.min(to);
                }
                self.handle_outputs(i, out);
            }
            FollowerAction::Backoff => node.fetch_not_before_ms = now + 50,
            FollowerAction::TruncateFullyAndStartAt { .. } => {
                unreachable!("no log start moves here")
            }
            FollowerAction::Continue | FollowerAction::AwaitMetadata | FollowerAction::Ignore => {}
        }
        self.handle_outputs(i, out);
    }

    fn produce(&mut self) {
        let leaders: Vec<usize> = (0..3)
            .filter(|&i| self.nodes[i].status == Status::Up && self.nodes[i].partition.is_leader())
            .collect();
        let Some(i) = self.rng.pick(&leaders) else {
            return;
        };
        let acks = if self.rng.chance(800) {
            Acks::All
        } else {
            Acks::Leader
        };
        if self.nodes[i].partition.check_produce(acks).is_err() {
            return;
        }
        if self.nodes[i].id != self.controller.partition().leader {
            self.stats.stale_leader_produces += 1;
        }
        let count = 1 + self.rng.below(3) as usize;
        let now = self.now_ms;
        let node = &mut self.nodes[i];
        let epoch = node.partition.leader_epoch().0;
        let mut records = Vec::new();
        for _ in 0..count {
            records.push((node.log.len(), self.next_value));
            node.log.push(Rec {
                epoch,
                value: self.next_value,
            });
            self.next_value += 1;
        }
        let end = Offset(node.log.len() as i64);
        let out = node.partition.on_leader_append(end, count as u64, now);
        if acks == Acks::All {
            let id = self.next_produce;
            self.next_produce += 1;
            node.produces.insert(id, records);
            if let Some(done) = node
                .partition
                .await_produce(id, end, now + PRODUCE_TIMEOUT_MS)
            {
                let out = Outputs {
                    produces: vec![done],
                    ..Outputs::default()
                };
                self.handle_outputs(i, out);
            }
        }
        self.handle_outputs(i, out);
    }

    /// A consumer: learns the leader epoch from (possibly stale) metadata, asks a node that
    /// may lead for its high watermark (ListOffsets with that epoch) and reads below it.
    fn read(&mut self) {
        if self.rng.chance(500) {
            self.reader.epoch = self
                .reader
                .epoch
                .max(self.controller.partition().leader_epoch.0);
        }
        let up = self.up();
        let Some(i) = self.rng.pick(&up) else {
            return;
        };
        let epoch = LeaderEpoch(self.reader.epoch);
        let node = &self.nodes[i];
        // ListOffsets LATEST: the high watermark a reader sees never goes back (KIP-207).
        match node.partition.list_offsets_latest(Some(epoch)) {
            Ok(hw) => {
                assert!(
                    hw.0 >= self.reader.high_watermark,
                    "a reader's high watermark went back: {hw:?} after {} (node {:?}, epoch {epoch:?})",
                    self.reader.high_watermark,
                    node.id
                );
                self.reader.high_watermark = hw.0;
            }
            Err(ErrorCode::FencedLeaderEpoch) => {
                self.reader.epoch = self
                    .reader
                    .epoch
                    .max(self.controller.partition().leader_epoch.0);
                return;
            }
            Err(_) => return,
        }
        // Fetch from where it stopped, with the epoch of the last record it read.
        let fetch = ConsumerFetch {
            fetch_offset: Offset(self.reader.read.len() as i64),
            last_fetched_epoch: self.reader.read.last().map(|r| LeaderEpoch(r.epoch)),
            current_leader_epoch: Some(epoch),
        };
        match node.partition.on_consumer_fetch(&fetch) {
            FetchAnswer::Records { from, read_end, .. } => {
                let from = from.0 as usize;
                let to = (read_end.0 as usize).min(from + 20);
                let records = node.log[from..to].to_vec();
                self.reader.read.extend(records);
                self.stats.reads += 1;
            }
            // A reader of committed records only, asking the leader of its epoch, is never
            // told its log diverges or lies out of range (leader completeness).
            answer @ (FetchAnswer::Diverging { .. }
            | FetchAnswer::Error(ErrorCode::OffsetOutOfRange)) => panic!(
                "a reader of committed records got {answer:?} from {:?} for {fetch:?}",
                node.id
            ),
            FetchAnswer::Error(_) => {}
        }
    }

    // ----- checks -----

    /// A leader's high watermark moved to `hw`: its log below it is committed. (Compared with
    /// what was committed before by `check`, which verifies every log against the prefix.)
    fn commit_below(&mut self, i: usize, hw: usize) {
        let log = &self.nodes[i].log;
        if hw > self.committed.len() {
            let len = self.committed.len();
            self.committed.extend_from_slice(&log[len..hw]);
        }
    }

    fn check(&mut self) {
        // Who must hold every committed record: the ISR, and the ELR (KIP-966) from which a
        // leader may be elected too.
        let isr = self.controller.eligible();
        for i in 0..3 {
            let node = &mut self.nodes[i];
            let hw = if node.status == Status::Crashed {
                // The partition is rebuilt at restart; what survives is the log and the checkpoint.
                (node.hw_checkpoint as usize).min(node.log.len())
            } else {
                let view = node.partition.log();
                assert_eq!(
                    view.end_offset.0,
                    node.log.len() as i64,
                    "{:?}: the partition's log end is the log's",
                    node.id
                );
                let cached: Vec<EpochEntry> = node
                    .partition
                    .epochs()
                    .entries()
                    .iter()
                    .copied()
                    .filter(|e| (e.start_offset.0 as usize) < node.log.len())
                    .collect();
                assert_eq!(
                    cached,
                    epochs_of(&node.log).entries(),
                    "{:?}: the epoch cache matches the log's record epochs",
                    node.id
                );
                view.high_watermark.0 as usize
            };
            assert!(
                hw <= self.committed.len(),
                "{:?}: high watermark {hw} above every leader's ({})",
                node.id,
                self.committed.len()
            );
            // Log matching below the high watermark, and the whole committed prefix on an ISR
            // member (checked incrementally from what was verified).
            let must_hold = if isr.contains(&node.id) {
                assert!(
                    node.log.len() >= self.committed.len(),
                    "{:?} in ISR {:?} lacks committed records: log {} < committed {}",
                    node.id,
                    isr,
                    node.log.len(),
                    self.committed.len()
                );
                self.committed.len()
            } else {
                hw
            };
            let upto = must_hold
                .max(node.verified.min(self.committed.len()))
                .min(node.log.len());
            for offset in node.verified.min(upto)..upto {
                assert_eq!(
                    node.log[offset], self.committed[offset],
                    "{:?}: offset {offset} differs from the committed record",
                    node.id
                );
            }
            node.verified = node.verified.max(upto);
        }
        // Checked once each: the committed prefix never changes once checked.
        for (offset, value) in std::mem::take(&mut self.acked_unchecked) {
            assert!(
                offset < self.committed.len() && self.committed[offset].value == value,
                "acknowledged record {value} at offset {offset} is not committed"
            );
        }
        for offset in self.reader.checked..self.reader.read.len() {
            let rec = self.reader.read[offset];
            assert_eq!(
                Some(&rec),
                self.committed.get(offset),
                "a read record changed at {offset}"
            );
        }
        self.reader.checked = self.reader.read.len();
    }

    /// Nodes cut off from the controller reach it again (and see the brokers as they are now).
    fn reconnect(&mut self) {
        if !self.cut.is_empty() {
            self.log(format!("reconnect {:?} to the controller", self.cut));
            self.cut.clear();
        }
    }

    fn heal(&mut self) {
        self.faults = false;
        self.reconnect();
        for i in 0..3 {
            if self.nodes[i].status == Status::Paused {
                self.resume(i);
            }
            // A controlled shutdown under way completes: a clean stop, then a new process.
            if self.nodes[i].shutting_down && self.nodes[i].status == Status::Up {
                self.flush(i);
                self.crash(i, false);
            }
            if self.nodes[i].status == Status::Crashed {
                self.restart(i);
            }
        }
        self.log("heal".to_string());
    }

    fn describe(&self) -> String {
        let nodes: Vec<String> = self
            .nodes
            .iter()
            .map(|n| {
                format!(
                    "{:?} {:?} log {} (epochs {:?}) flushed {} {:?} hw {:?} epoch cache {:?}",
                    n.id,
                    n.status,
                    n.log.len(),
                    epochs_of(&n.log)
                        .entries()
                        .iter()
                        .map(|e| (e.epoch.0, e.start_offset.0))
                        .collect::<Vec<_>>(),
                    n.flushed,
                    n.partition.role(),
                    n.partition.high_watermark(),
                    n.partition
                        .epochs()
                        .entries()
                        .iter()
                        .map(|e| (e.epoch.0, e.start_offset.0))
                        .collect::<Vec<_>>(),
                )
            })
            .collect();
        let p = self.controller.partition();
        let brokers: Vec<String> = self
            .controller
            .image
            .brokers()
            .map(|b| {
                format!(
                    "{} epoch {} fenced {} shutting down {}",
                    b.node_id.0, b.epoch, b.fenced, b.in_controlled_shutdown
                )
            })
            .collect();
        format!(
            "controller leader {} epoch {} partition epoch {} isr {:?} elr {:?} (brokers {}); committed {}; {}",
            p.leader.0,
            p.leader_epoch.0,
            p.partition_epoch,
            p.isr,
            p.elr,
            brokers.join(", "),
            self.committed.len(),
            nodes.join("; ")
        )
    }
}

fn empty_log(end: i64, high_watermark: i64) -> LogState {
    LogState {
        start_offset: Offset(0),
        end_offset: Offset(end),
        flushed_offset: Offset(end),
        high_watermark: Offset(high_watermark),
    }
}

/// Whether the partition waits for an unclean election, as KIP-966 leaves it when every
/// replica that could lead restarted after an unclean shutdown with relaxed durability (they
/// left the ELR for the last known ELR, which elects no one in Kafka 4.3).
fn offline_after_unclean_restarts(controller: &Controller, scenario: Scenario) -> bool {
    let p = controller.partition();
    scenario.elr
        && scenario.config.durability == Durability::Replicated
        && !p.has_leader()
        && p.isr.is_empty()
        && p.elr.is_empty()
        && !p.last_known_elr.is_empty()
}

fn run(seed: u64, scenario: Scenario) -> Result<Stats, String> {
    let mut sim = Sim::new(seed, scenario);
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        for _ in 0..STEPS {
            sim.step();
        }
        sim.heal();
        // After healing: every replica back in the ISR and a new acks=all write acknowledged.
        let acked_before = sim.stats.acked;
        let mut steps = 0;
        while sim.controller.partition().isr.len() < 3 || sim.stats.acked == acked_before {
            if offline_after_unclean_restarts(&sim.controller, scenario) {
                // Kafka's outcome too: nothing is lost, nothing may be elected cleanly.
                sim.stats.offline_after_unclean_restarts += 1;
                return sim.stats;
            }
            sim.step();
            steps += 1;
            assert!(
                steps < HEAL_STEPS_MAX,
                "no progress {HEAL_STEPS_MAX} steps after healing: {}",
                sim.describe()
            );
        }
        // Quiesce: with no new produces, every log reaches the leader's end.
        for _ in 0..500 {
            sim.now_ms += 5;
            sim.deliver();
            for i in 0..3 {
                sim.apply_metadata(i, true);
                sim.flush(i);
                let out = sim.nodes[i].partition.tick(sim.now_ms);
                sim.handle_outputs(i, out);
                sim.maybe_fetch(i);
                sim.maybe_resend_alter(i);
            }
            sim.answer_woken_fetches();
            sim.check();
        }
        let logs: BTreeSet<Vec<Rec>> = sim.nodes.iter().map(|n| n.log.clone()).collect();
        assert_eq!(
            logs.len(),
            1,
            "logs differ after quiescing: {}",
            sim.describe()
        );
        sim.stats
    }));
    result.map_err(|panic| {
        let reason = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        let tail: Vec<&str> = sim
            .events
            .iter()
            .rev()
            .take(40)
            .rev()
            .map(String::as_str)
            .collect();
        format!(
            "{reason}\nstate: {}\nlast events:\n  {}",
            sim.describe(),
            tail.join("\n  ")
        )
    })
}

fn env_u64(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.parse().ok())
}

#[test]
fn replication_keeps_acknowledged_records_under_faults() {
    let seeds: Vec<u64> = match env_u64("SLUICE_REPLICA_SIM_SEED") {
        Some(seed) => vec![seed],
        None => {
            let first = env_u64("SLUICE_REPLICA_SIM_FIRST_SEED").unwrap_or(0);
            let count = env_u64("SLUICE_REPLICA_SIM_SEEDS").unwrap_or(200);
            (first..first + count).collect()
        }
    };
    // SLUICE_REPLICA_SIM_KEEP_GOING=1: run every seed, then list the failing ones.
    let keep_going = std::env::var("SLUICE_REPLICA_SIM_KEEP_GOING").is_ok();
    let mut stats = Stats::default();
    let mut failed = Vec::new();
    for &seed in &seeds {
        match run(seed, Scenario::for_seed(seed)) {
            Ok(seed_stats) => stats.add(seed_stats),
            Err(reason) if keep_going => {
                let first_line = reason.lines().next().unwrap_or_default().to_string();
                println!("seed {seed} ({:?}) failed: {first_line}", Scenario::for_seed(seed));
                failed.push(seed);
            }
            Err(reason) => panic!(
                "replica simulation seed {seed} failed (replay: SLUICE_REPLICA_SIM_SEED={seed} cargo test -p replica --test simulation): {reason}"
            ),
        }
    }
    assert!(failed.is_empty(), "failing seeds: {failed:?}");
    println!("{} seeds from {}: {stats:?}", seeds.len(), seeds[0]);
    if seeds.len() >= 50 {
        assert!(
            stats.acked > 0
                && stats.leader_changes > seeds.len() as u64
                && stats.crashes > 0
                && stats.power_losses > 0
                && stats.pauses > 0
                && stats.truncations > 0
                && stats.isr_changes > 0
                && stats.alter_refused > 0
                && stats.reads > 0
                && stats.stale_leader_produces > 0
                && stats.fetches_woken > 0
                && stats.elr_elections > 0
                && stats.cuts > 0
                && stats.shutdowns > 0
                && stats.registrations > 0,
            "the faults did not happen: {stats:?}"
        );
    }
}

/// The checker catches the bug seed 44 found: a restarted leader registered unfenced that
/// keeps leading at its leader epoch (`unfence_broker` without `replication::registered`)
/// writes new records at offsets of that epoch its followers hold others at.
#[test]
fn the_checker_catches_a_restarted_leader_keeping_its_leader_epoch() {
    let caught = (0..60)
        .filter(|seed| {
            let scenario = Scenario {
                registration: Registration::UnfencedKeepingLeadership,
                ..Scenario::for_seed(*seed)
            };
            run(*seed, scenario).is_err_and(|reason| reason.contains("differs from the committed"))
        })
        .count();
    println!("{caught} of 60 seeds caught a restarted leader keeping its leader epoch");
    assert!(caught > 0, "no seed of 60 caught it");
}

/// The checker catches loss: Kafka's replication-only durability with power losses (every node
/// at once, sometimes) does lose acknowledged records, and the simulation must say so.
#[test]
fn the_checker_catches_loss_under_power_loss_without_fsync() {
    let scenario = Scenario {
        config: PartitionConfig {
            durability: Durability::Replicated,
            ..config_for(1)
        },
        crash_loses_unflushed: true,
        elr: false,
        registration: Registration::Fenced,
    };
    let caught = (0..60)
        .filter_map(|seed| run(seed, scenario).err())
        .filter(|reason| {
            reason.contains("lacks committed records")
                || reason.contains("differs from the committed")
        })
        .count();
    println!("{caught} of 60 seeds lost committed records without fsync under power loss");
    assert!(
        caught > 0,
        "no seed of 60 lost a committed record without fsync before acknowledging"
    );
}
