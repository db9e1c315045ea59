//! The controller's replication rules, as Kafka's `ReplicationControlManager` and
//! `PartitionChangeBuilder` decide them: replica placement, AlterPartition, leader elections
//! when brokers are fenced, unfenced or shut down, ElectLeaders and the preferred-leader
//! rebalance.
//!
//! Pure functions of the image (and of what the caller knows outside it: which brokers are in
//! controlled shutdown, the broker config defaults) → records, as [`crate::controller`]'s. Every
//! change of a partition's leader, ISR, replicas or ELR is one `PartitionChange` record with
//! the partition epoch bumped by one; a change of leader also bumps the leader epoch.

use std::collections::{BTreeMap, BTreeSet};

use model::{ErrorCode, LeaderEpoch, NodeId, ShardId, TopicId};

use crate::controller::ControllerError;
use crate::features;
use crate::image::{Image, PartitionImage, NO_LEADER};
use crate::record::MetadataRecord;

/// KIP-966's feature: at level 1 the controller keeps eligible leader replicas.
pub const ELIGIBLE_LEADER_REPLICAS_VERSION: &str = "eligible.leader.replicas.version";

/// `leader_recovery_state`: the leader holds every committed record.
pub const RECOVERED: i8 = 0;
/// `leader_recovery_state`: the leader was elected uncleanly; it may lack committed records.
pub const RECOVERING: i8 = 1;

/// What the rules need beyond the image: the broker config defaults of the topic configs they
/// read (topic overrides and cluster-wide dynamic defaults in the image win over these), and
/// brokers to treat as shutting down besides those the image records in controlled shutdown.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReplicationContext {
    /// `min.insync.replicas` of the broker config.
    pub min_insync_replicas: i32,
    /// `unclean.leader.election.enable` of the broker config.
    pub unclean_leader_election_enable: bool,
    /// Brokers treated as in controlled shutdown (never elected, leaving ISRs) in addition to
    /// those the image records so.
    pub shutting_down: BTreeSet<NodeId>,
    /// `log.flush.interval.messages` of the broker config (the default of a topic's
    /// `flush.messages`); 0 reads as Sluice's default, 1.
    pub log_flush_interval_messages: i64,
}

impl ReplicationContext {
    /// Brokers that may lead or join an ISR: registered, unfenced, not shutting down.
    pub fn live(&self, image: &Image) -> BTreeSet<NodeId> {
        image
            .brokers()
            .filter(|b| {
                !b.fenced && !b.in_controlled_shutdown && !self.shutting_down.contains(&b.node_id)
            })
            .map(|b| b.node_id)
            .collect()
    }

    fn topic_config(&self, image: &Image, topic: &str, key: &str) -> Option<String> {
        image
            .topic(topic)
            .and_then(|t| t.configs.get(key).cloned())
            .or_else(|| image.broker_configs(None).get(key).cloned())
    }

    /// The topic's `min.insync.replicas` (at least 1).
    pub fn min_isr(&self, image: &Image, topic: &str) -> usize {
        self.topic_config(image, topic, "min.insync.replicas")
            .and_then(|v| v.parse::<i32>().ok())
            .unwrap_or(self.min_insync_replicas)
            .max(1) as usize
    }

    /// The topic's `unclean.leader.election.enable`.
    pub fn unclean(&self, image: &Image, topic: &str) -> bool {
        self.topic_config(image, topic, "unclean.leader.election.enable")
            .map(|v| v.eq_ignore_ascii_case("true"))
            .unwrap_or(self.unclean_leader_election_enable)
    }

    /// Whether `node`'s replicas of `topic` run with Kafka's replication-only durability
    /// (`Durability::Replicated` of the replica state machine): the topic's `flush.messages`,
    /// else the node's dynamic `log.flush.interval.messages`, else the cluster-wide dynamic
    /// default, else the broker config's, above 1. At 1, Sluice's default, a replica fsyncs
    /// what it appended before it reports it (`Durability::Flushed`).
    pub fn relaxed_durability(&self, image: &Image, topic: &str, node: NodeId) -> bool {
        let key = "log.flush.interval.messages";
        image
            .topic(topic)
            .and_then(|t| t.configs.get("flush.messages").cloned())
            .or_else(|| image.broker_configs(Some(node)).get(key).cloned())
            .or_else(|| image.broker_configs(None).get(key).cloned())
            .and_then(|v| v.trim().parse::<i64>().ok())
            .unwrap_or(self.log_flush_interval_messages)
            > 1
    }
}

/// Whether KIP-966's eligible leader replicas are on (`eligible.leader.replicas.version` ≥ 1).
pub fn elr_enabled(image: &Image) -> bool {
    features::level(image, ELIGIBLE_LEADER_REPLICAS_VERSION) >= 1
}

// ---------------------------------------------------------------------------------------------
// Placement

/// Replicas (and each one's shard on its node) of `count` new partitions with `rf` replicas
/// each, as Kafka's `StripedReplicaPlacer` spreads them: brokers interleaved across racks; each
/// partition's leader (first replica) the broker that is preferred leader of the fewest
/// partitions; followers on other racks first, then the brokers holding the fewest replicas.
/// Deterministic given the image. `fallback` (with `fallback_shards`) stands in when the image
/// has no unfenced broker yet (a single node before its registration committed).
pub fn place_replicas(
    image: &Image,
    count: usize,
    rf: usize,
    fallback: NodeId,
    fallback_shards: u16,
) -> Result<Vec<Vec<(NodeId, ShardId)>>, ControllerError> {
    let mut load = Load::of(image, fallback, fallback_shards)?;
    let live = load.brokers.len();
    if rf > live {
        return Err(not_enough_brokers(rf, live));
    }
    let order = load.interleaved();
    let mut placed = Vec::with_capacity(count);
    for _ in 0..count {
        let leader = *order
            .iter()
            .enumerate()
            .min_by_key(|(i, n)| (load.brokers[n].leaders, load.brokers[n].replicas, *i))
            .map(|(_, n)| n)
            .expect("at least one broker");
        let start = order.iter().position(|n| *n == leader).unwrap_or(0);
        let mut replicas = vec![leader];
        let mut racks: BTreeSet<Option<String>> = BTreeSet::from([load.rack(leader)]);
        while replicas.len() < rf {
            let next = (1..order.len())
                .map(|step| order[(start + step) % order.len()])
                .filter(|n| !replicas.contains(n))
                .enumerate()
                .min_by_key(|(distance, n)| {
                    (
                        racks.contains(&load.rack(*n)),
                        load.brokers[n].replicas,
                        *distance,
                    )
                })
                .map(|(_, n)| n)
                .expect("rf checked against the brokers");
            racks.insert(load.rack(next));
            replicas.push(next);
        }
        load.brokers.get_mut(&leader).expect("placed").leaders += 1;
        placed.push(
            replicas
                .into_iter()
                .map(|n| (n, load.take_shard(n)))
                .collect(),
        );
    }
    Ok(placed)
}

/// One explicitly assigned partition: its replicas with their shards, and its ISR.
pub type Assigned = (Vec<(NodeId, ShardId)>, Vec<NodeId>);

/// Shards for explicitly assigned replicas (CreateTopics / CreatePartitions `assignments`),
/// validated as Kafka's `validateManualPartitionAssignment`: no empty list, no duplicate,
/// only registered brokers, every partition the same replica count (`rf` when the topic
/// exists), at least one broker neither fenced nor shutting down. Answers each partition's
/// replicas with shards and its ISR (the live replicas).
pub fn assign_replicas(
    image: &Image,
    assignments: &[Vec<NodeId>],
    rf: Option<usize>,
    ctx: &ReplicationContext,
) -> Result<Vec<Assigned>, ControllerError> {
    let invalid = |m: String| ControllerError::new(ErrorCode::InvalidReplicaAssignment, m);
    let mut load = Load::of_registered(image);
    let live = ctx.live(image);
    let mut expected = rf;
    let mut out = Vec::with_capacity(assignments.len());
    for (i, replicas) in assignments.iter().enumerate() {
        if replicas.is_empty() {
            return Err(invalid(
                "The manual partition assignment includes an empty replica list.".into(),
            ));
        }
        let mut seen = BTreeSet::new();
        for b in replicas {
            if !seen.insert(*b) {
                return Err(invalid(format!(
                    "The manual partition assignment includes the broker {} more than once.",
                    b.0
                )));
            }
            if !load.brokers.contains_key(b) {
                return Err(invalid(format!(
                    "The manual partition assignment includes broker {}, but no broker with that \
                     ID was found.",
                    b.0
                )));
            }
        }
        match expected {
            Some(n) if n != replicas.len() => {
                return Err(invalid(format!(
                    "The manual partition assignment includes a partition with {} replica(s), \
                     but this is not consistent with previous partitions, which have {n} \
                     replica(s).",
                    replicas.len()
                )))
            }
            _ => expected = Some(replicas.len()),
        }
        let isr: Vec<NodeId> = replicas
            .iter()
            .copied()
            .filter(|b| live.contains(b))
            .collect();
        if isr.is_empty() {
            return Err(invalid(format!(
                "All brokers specified in the manual partition assignment for partition {i} are \
                 fenced or in controlled shutdown."
            )));
        }
        let with_shards = replicas.iter().map(|n| (*n, load.take_shard(*n))).collect();
        out.push((with_shards, isr));
    }
    Ok(out)
}

/// Kafka's message for a replication factor above the live brokers.
pub fn not_enough_brokers(wanted: usize, brokers: usize) -> ControllerError {
    ControllerError::new(
        ErrorCode::InvalidReplicationFactor,
        format!(
            "Unable to replicate the partition {wanted} time(s): The target replication factor \
             of {wanted} cannot be reached because only {brokers} broker(s) are registered."
        ),
    )
}

struct BrokerLoad {
    rack: Option<String>,
    /// Partitions whose first replica (preferred leader) it is.
    leaders: usize,
    replicas: usize,
    /// Replicas on each of its shards.
    shards: Vec<usize>,
}

struct Load {
    brokers: BTreeMap<NodeId, BrokerLoad>,
}

impl Load {
    /// The unfenced brokers with shards and what they hold.
    fn of(image: &Image, fallback: NodeId, fallback_shards: u16) -> Result<Load, ControllerError> {
        let mut brokers: BTreeMap<NodeId, BrokerLoad> = image
            .brokers()
            .filter(|b| !b.fenced && b.num_shards > 0)
            .map(|b| (b.node_id, BrokerLoad::new(b.rack.clone(), b.num_shards)))
            .collect();
        if brokers.is_empty() {
            if fallback_shards == 0 {
                return Err(ControllerError::new(
                    ErrorCode::UnknownServerError,
                    "The broker runs no shards to place partitions on.",
                ));
            }
            brokers.insert(fallback, BrokerLoad::new(None, fallback_shards));
        }
        let mut load = Load { brokers };
        load.count(image);
        Ok(load)
    }

    /// Every registered broker (explicit assignments may name fenced ones).
    fn of_registered(image: &Image) -> Load {
        let brokers = image
            .brokers()
            .map(|b| {
                (
                    b.node_id,
                    BrokerLoad::new(b.rack.clone(), b.num_shards.max(1)),
                )
            })
            .collect();
        let mut load = Load { brokers };
        load.count(image);
        load
    }

    fn count(&mut self, image: &Image) {
        for p in image.topics().flat_map(|t| t.partitions.values()) {
            if let Some(b) = p.replicas.first().and_then(|n| self.brokers.get_mut(n)) {
                b.leaders += 1;
            }
            for n in &p.replicas {
                if let Some(b) = self.brokers.get_mut(n) {
                    b.replicas += 1;
                    // A shard index beyond today's count (the node restarted with fewer cores)
                    // is no load on a shard we can place on.
                    if let Some(s) = p.shard_on(*n).and_then(|s| b.shards.get_mut(s.0 as usize)) {
                        *s += 1;
                    }
                }
            }
        }
    }

    fn rack(&self, node: NodeId) -> Option<String> {
        self.brokers.get(&node).and_then(|b| b.rack.clone())
    }

    /// Brokers interleaved across racks (racks in name order, brokers by id within one):
    /// rack a's first, rack b's first, …, rack a's second, …
    fn interleaved(&self) -> Vec<NodeId> {
        let mut by_rack: BTreeMap<Option<String>, Vec<NodeId>> = BTreeMap::new();
        for (n, b) in &self.brokers {
            by_rack.entry(b.rack.clone()).or_default().push(*n);
        }
        let longest = by_rack.values().map(Vec::len).max().unwrap_or(0);
        (0..longest)
            .flat_map(|i| by_rack.values().filter_map(move |v| v.get(i).copied()))
            .collect()
    }

    /// The shard of `node` holding the fewest replicas (ties to the lowest index), counted.
    fn take_shard(&mut self, node: NodeId) -> ShardId {
        let b = self.brokers.get_mut(&node).expect("a placed broker");
        b.replicas += 1;
        let (index, n) = b
            .shards
            .iter_mut()
            .enumerate()
            .min_by_key(|(i, n)| (**n, *i))
            .expect("a broker with shards");
        *n += 1;
        ShardId(index as u16)
    }
}

impl BrokerLoad {
    fn new(rack: Option<String>, shards: u16) -> BrokerLoad {
        BrokerLoad {
            rack,
            leaders: 0,
            replicas: 0,
            shards: vec![0; shards as usize],
        }
    }
}

/// The record of a new partition: `replicas` with their shards, led by the first ISR member.
pub fn new_partition(
    topic_id: TopicId,
    partition: i32,
    replicas: &[(NodeId, ShardId)],
    isr: Vec<NodeId>,
) -> MetadataRecord {
    MetadataRecord::Partition {
        topic_id,
        partition,
        leader: isr.first().copied().unwrap_or(NO_LEADER),
        leader_epoch: LeaderEpoch(0),
        replicas: replicas.iter().map(|(n, _)| *n).collect(),
        isr,
        shard: replicas.first().map_or(ShardId(0), |(_, s)| *s),
        partition_epoch: 0,
        shards: replicas.iter().map(|(_, s)| *s).collect(),
        elr: Vec::new(),
        last_known_elr: Vec::new(),
        leader_recovery_state: RECOVERED,
        adding_replicas: vec![],
        removing_replicas: vec![],
    }
}

// ---------------------------------------------------------------------------------------------
// Partition changes

/// How a change picks the leader.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Election {
    /// Keep a live leader that stays in the ISR; else the first live ISR member (then ELR).
    Keep,
    /// The first replica, if it is a live ISR member (preferred election).
    Preferred,
    /// As `Keep`, then any live replica, whatever the topic's config (ElectLeaders UNCLEAN).
    Unclean,
}

/// A partition's target state, turned into a `PartitionChange` when it differs (Kafka's
/// `PartitionChangeBuilder`).
struct Change<'a> {
    image: &'a Image,
    ctx: &'a ReplicationContext,
    live: &'a BTreeSet<NodeId>,
    topic: &'a str,
    topic_id: TopicId,
    p: &'a PartitionImage,
    isr: Vec<NodeId>,
    recovery: i8,
    election: Election,
    /// Target replicas (in preference order) with their shards, and the reassignment's
    /// adding and removing replicas (KIP-455); the partition's own unless a reassignment
    /// changes them.
    replicas: Vec<NodeId>,
    shards: Vec<ShardId>,
    adding: Vec<NodeId>,
    removing: Vec<NodeId>,
    /// KIP-966: a broker that restarted after an unclean shutdown (Kafka's
    /// `uncleanShutdownReplicas`): it leaves the ELR (for the last known ELR) and is not elected.
    unclean_shutdown: Option<NodeId>,
}

/// What an election chose (Kafka's `ElectionResult` and how `tryElection` applies it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Elected {
    /// The leader stays, or a live ISR member leads (or no one, the leader -1).
    Clean,
    /// A KIP-966 eligible leader replica leads, alone in the ISR and out of the ELR.
    Eligible,
    /// Any live replica leads, alone in the ISR and recovering: ELR and last known ELR are
    /// cleared (Kafka's `maybeUpdateRecordElr` after an unclean election).
    Unclean,
}

impl<'a> Change<'a> {
    fn new(
        image: &'a Image,
        ctx: &'a ReplicationContext,
        live: &'a BTreeSet<NodeId>,
        topic: &'a str,
        topic_id: TopicId,
        p: &'a PartitionImage,
    ) -> Change<'a> {
        Change {
            image,
            ctx,
            live,
            topic,
            topic_id,
            p,
            isr: p.isr.clone(),
            recovery: p.leader_recovery_state,
            election: Election::Keep,
            replicas: p.replicas.clone(),
            shards: p.shards.clone(),
            adding: p.adding_replicas.clone(),
            removing: p.removing_replicas.clone(),
            unclean_shutdown: None,
        }
    }

    /// Kafka's `completeReassignmentIfNeeded`: once every adding replica is in the target
    /// ISR, the removing replicas leave the replicas and the ISR (unless that empties it) and
    /// the reassignment ends.
    fn complete_reassignment(&mut self) {
        if self.adding.is_empty() && self.removing.is_empty() {
            return;
        }
        if !self.adding.iter().all(|n| self.isr.contains(n)) {
            return;
        }
        let isr: Vec<NodeId> = self
            .isr
            .iter()
            .copied()
            .filter(|n| !self.removing.contains(n))
            .collect();
        if isr.is_empty() {
            return;
        }
        let aligned = self.shards.len() == self.replicas.len();
        let keep: Vec<usize> = (0..self.replicas.len())
            .filter(|i| !self.removing.contains(&self.replicas[*i]))
            .collect();
        if aligned {
            self.shards = keep.iter().map(|i| self.shards[*i]).collect();
        }
        self.replicas = keep.iter().map(|i| self.replicas[*i]).collect();
        self.isr = isr;
        self.adding.clear();
        self.removing.clear();
    }

    /// The record, or `None` when nothing changes.
    fn build(mut self) -> Option<MetadataRecord> {
        let p = self.p;
        self.complete_reassignment();
        // As Kafka's builder: the ELR and last known ELR follow the target ISR before the
        // election, which then takes its leader from them.
        let (mut elr, mut last_known_elr) = self.target_elr();
        let (leader, isr, mut recovery, elected) = self.elect(&elr);
        match elected {
            Elected::Clean => {}
            Elected::Eligible => elr.retain(|n| *n != leader),
            Elected::Unclean => {
                elr.clear();
                last_known_elr.clear();
            }
        }
        if recovery == RECOVERING && isr.len() > 1 {
            recovery = RECOVERED;
        }
        let leader_changed = leader != p.leader;
        let replicas_changed = self.replicas != p.replicas || self.shards != p.shards;
        let reassignment_changed =
            self.adding != p.adding_replicas || self.removing != p.removing_replicas;
        let changed = leader_changed
            || isr != p.isr
            || elr != p.elr
            || last_known_elr != p.last_known_elr
            || recovery != p.leader_recovery_state
            || replicas_changed
            || reassignment_changed;
        if !changed {
            return None;
        }
        let leader_epoch = if leader_changed {
            LeaderEpoch(p.leader_epoch.0 + 1)
        } else {
            p.leader_epoch
        };
        Some(MetadataRecord::PartitionChange {
            topic_id: self.topic_id,
            partition: p.partition,
            leader: leader_changed.then_some(leader),
            leader_epoch,
            isr: (isr != p.isr).then_some(isr),
            partition_epoch: Some(p.partition_epoch + 1),
            elr: (elr != p.elr).then_some(elr),
            last_known_elr: (last_known_elr != p.last_known_elr).then_some(last_known_elr),
            leader_recovery_state: (recovery != p.leader_recovery_state).then_some(recovery),
            replicas: replicas_changed.then(|| self.replicas.clone()),
            shards: replicas_changed.then(|| self.shards.clone()),
            adding_replicas: reassignment_changed.then(|| self.adding.clone()),
            removing_replicas: reassignment_changed.then(|| self.removing.clone()),
        })
    }

    /// The leader, the ISR and the recovery state after the election, and how it was chosen: a
    /// live leader that stays in the ISR keeps leading (unless preferred election); else the
    /// first live ISR member in replica order; else (KIP-966) the first live member of the
    /// target ELR `elr`, alone in the ISR; else, unclean, the first live replica, alone and
    /// recovering; else none. A broker restarting after an unclean shutdown is never elected.
    ///
    /// The last known ELR elects no one: Kafka 4.3 reads it only for the "balanced" unclean
    /// recovery of KIP-966's second part (`useLastKnownLeaderInBalancedRecovery`, which its
    /// controller never sets), so an unclean election takes the first live replica as before.
    fn elect(&self, elr: &[NodeId]) -> (NodeId, Vec<NodeId>, i8, Elected) {
        let p = self.p;
        let live = |n: &NodeId| self.live.contains(n) && self.unclean_shutdown != Some(*n);
        let isr = &self.isr;
        let keep = self.election != Election::Preferred
            && p.has_leader()
            && live(&p.leader)
            && isr.contains(&p.leader)
            && self.replicas.contains(&p.leader);
        let leader = if keep {
            p.leader
        } else if self.election == Election::Preferred {
            match self.replicas.first() {
                Some(first) if live(first) && isr.contains(first) => *first,
                _ => p.leader,
            }
        } else {
            let first_in = |set: &[NodeId]| {
                self.replicas
                    .iter()
                    .copied()
                    .find(|n| live(n) && set.contains(n))
            };
            match first_in(isr) {
                Some(n) => n,
                None => {
                    // KIP-966: an eligible leader replica holds every committed record.
                    if let Some(n) = first_in(elr).filter(|_| elr_enabled(self.image)) {
                        return (n, vec![n], self.recovery, Elected::Eligible);
                    }
                    // Unclean: ElectLeaders UNCLEAN asked, or the topic allows it
                    // (`unclean.leader.election.enable`) for any change that needs a leader.
                    let unclean = self.election == Election::Unclean
                        || (self.election == Election::Keep
                            && self.ctx.unclean(self.image, self.topic));
                    match self
                        .replicas
                        .iter()
                        .copied()
                        .find(|n| live(n))
                        .filter(|_| unclean)
                    {
                        Some(n) => return (n, vec![n], RECOVERING, Elected::Unclean),
                        None => NO_LEADER,
                    }
                }
            }
        };
        (leader, isr.clone(), self.recovery, Elected::Clean)
    }

    /// KIP-966's ELR and last known ELR for the target ISR, as Kafka's
    /// `maybePopulateTargetElr`: an ISR at `min.insync.replicas` or above needs neither. Below
    /// it, members of the current ISR or ELR that are not in the target ISR are eligible leader
    /// replicas — except a broker that restarted after an unclean shutdown — and the last known
    /// ELR is every replica eligible since the ISR fell below the minimum that is in neither the
    /// target ISR nor the ELR now (such a broker, for one). Both in replica order (Kafka keeps a
    /// set); empty without the feature.
    fn target_elr(&self) -> (Vec<NodeId>, Vec<NodeId>) {
        let p = self.p;
        let isr = &self.isr;
        if !elr_enabled(self.image) || isr.len() >= self.ctx.min_isr(self.image, self.topic) {
            return (Vec::new(), Vec::new());
        }
        let in_order = |set: BTreeSet<NodeId>| -> Vec<NodeId> {
            self.replicas
                .iter()
                .copied()
                .filter(|n| set.contains(n))
                .collect()
        };
        let candidates: BTreeSet<NodeId> = p.elr.iter().chain(&p.isr).copied().collect();
        let elr = in_order(
            candidates
                .iter()
                .copied()
                .filter(|n| !isr.contains(n) && self.unclean_shutdown != Some(*n))
                .collect(),
        );
        let last_known_elr = in_order(
            candidates
                .iter()
                .chain(&p.last_known_elr)
                .copied()
                .filter(|n| !isr.contains(n) && !elr.contains(n))
                .collect(),
        );
        (elr, last_known_elr)
    }
}

// ---------------------------------------------------------------------------------------------
// AlterPartition

/// One partition of an AlterPartition request: the leader's proposed ISR.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AlterPartitionItem {
    pub partition: i32,
    pub leader_epoch: i32,
    pub partition_epoch: i32,
    /// Proposed ISR members with the broker epoch the leader knows (-1 unknown).
    pub new_isr: Vec<(NodeId, i64)>,
    pub leader_recovery_state: i8,
}

/// A partition's committed state, as an accepted AlterPartition answers it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartitionState {
    pub leader: NodeId,
    pub leader_epoch: i32,
    pub partition_epoch: i32,
    pub replicas: Vec<NodeId>,
    pub isr: Vec<NodeId>,
    pub leader_recovery_state: i8,
}

/// Per-partition answers of an AlterPartition, by topic id.
pub type AlterPartitionResults = Vec<(TopicId, Vec<(i32, Result<PartitionState, ErrorCode>)>)>;

/// Records and answers of an AlterPartition from `broker_id` at `broker_epoch` (Kafka's
/// `ReplicationControlManager.alterPartition`). A top-level `Err` is STALE_BROKER_EPOCH.
pub fn alter_partition(
    image: &Image,
    ctx: &ReplicationContext,
    broker_id: NodeId,
    broker_epoch: i64,
    topics: &[(TopicId, Vec<AlterPartitionItem>)],
) -> Result<(Vec<MetadataRecord>, AlterPartitionResults), ControllerError> {
    match image.broker(broker_id) {
        Some(b) if b.epoch == broker_epoch => {}
        _ => {
            return Err(ControllerError::new(
                ErrorCode::StaleBrokerEpoch,
                format!(
                    "Expected broker epoch of broker {} is not {broker_epoch}.",
                    broker_id.0
                ),
            ))
        }
    }
    let live = ctx.live(image);
    let mut records = Vec::new();
    let mut results = Vec::with_capacity(topics.len());
    for (topic_id, items) in topics {
        let topic = image.topic_by_id(*topic_id);
        let mut answers = Vec::with_capacity(items.len());
        for item in items {
            let answer = match topic {
                None => Err(ErrorCode::UnknownTopicId),
                Some(t) => match t.partitions.get(&item.partition) {
                    None => Err(ErrorCode::UnknownTopicOrPartition),
                    Some(p) => alter_one(image, ctx, &live, broker_id, &t.name, t.id, p, item).map(
                        |change| {
                            let mut after = p.clone();
                            if let Some(record) = change {
                                after.apply_change(&record);
                                records.push(record);
                            }
                            state_of(&after)
                        },
                    ),
                },
            };
            answers.push((item.partition, answer));
        }
        results.push((*topic_id, answers));
    }
    Ok((records, results))
}

#[allow(clippy::too_many_arguments)]
fn alter_one(
    image: &Image,
    ctx: &ReplicationContext,
    live: &BTreeSet<NodeId>,
    broker_id: NodeId,
    topic: &str,
    topic_id: TopicId,
    p: &PartitionImage,
    item: &AlterPartitionItem,
) -> Result<Option<MetadataRecord>, ErrorCode> {
    if p.leader != broker_id {
        return Err(ErrorCode::NotLeaderOrFollower);
    }
    if item.leader_epoch != p.leader_epoch.0 {
        return Err(ErrorCode::FencedLeaderEpoch);
    }
    if item.partition_epoch != p.partition_epoch {
        return Err(ErrorCode::InvalidUpdateVersion);
    }
    let new_isr: Vec<NodeId> = item.new_isr.iter().map(|(n, _)| *n).collect();
    let unique: BTreeSet<NodeId> = new_isr.iter().copied().collect();
    if new_isr.is_empty() || unique.len() != new_isr.len() || !new_isr.contains(&p.leader) {
        return Err(ErrorCode::InvalidRequest);
    }
    if item.leader_recovery_state != RECOVERED && item.leader_recovery_state != RECOVERING {
        return Err(ErrorCode::InvalidRequest);
    }
    if item.leader_recovery_state == RECOVERING && new_isr.len() > 1 {
        return Err(ErrorCode::InvalidRequest);
    }
    if p.leader_recovery_state == RECOVERED && item.leader_recovery_state == RECOVERING {
        return Err(ErrorCode::InvalidRequest);
    }
    // KIP-903 (`ineligibleReplicasForIsr`): every member must be a replica, registered at the
    // epoch the leader saw (-1: not checked), unfenced and not shutting down.
    for (n, epoch) in &item.new_isr {
        let eligible = p.replicas.contains(n)
            && live.contains(n)
            && image
                .broker(*n)
                .is_some_and(|b| *epoch == -1 || b.epoch == *epoch);
        if !eligible {
            return Err(ErrorCode::IneligibleReplica);
        }
    }
    let mut change = Change::new(image, ctx, live, topic, topic_id, p);
    change.isr = new_isr;
    change.recovery = item.leader_recovery_state;
    // The requester leads and stays in its ISR; it keeps leading even if it is shutting down
    // (the shutdown moves leadership itself).
    let mut with_leader = live.clone();
    with_leader.insert(p.leader);
    change.live = &with_leader;
    Ok(change.build())
}

fn state_of(p: &PartitionImage) -> PartitionState {
    PartitionState {
        leader: p.leader,
        leader_epoch: p.leader_epoch.0,
        partition_epoch: p.partition_epoch,
        replicas: p.replicas.clone(),
        isr: p.isr.clone(),
        leader_recovery_state: p.leader_recovery_state,
    }
}

// ---------------------------------------------------------------------------------------------
// Elections on broker events

/// Records fencing `node` (session expired) or, with `unregister`, removing it, and moving
/// every partition it leads or is an ISR member of: it leaves each ISR (the last member stays
/// without KIP-966, so it can be elected again; with it, it becomes an eligible leader
/// replica), and partitions it led elect the first live ISR member (then ELR member) in
/// replica order, or have no leader.
pub fn fence_broker(image: &Image, ctx: &ReplicationContext, node: NodeId) -> Vec<MetadataRecord> {
    let Some(b) = image.broker(node) else {
        return Vec::new();
    };
    let mut records = Vec::new();
    if !b.fenced {
        records.push(MetadataRecord::BrokerRegistrationChange {
            node_id: node,
            broker_epoch: b.epoch,
            fenced: Some(true),
            in_controlled_shutdown: None,
        });
    }
    let mut live = ctx.live(image);
    live.remove(&node);
    records.extend(remove_from_isrs(image, ctx, &live, node, false));
    records
}

/// Records unregistering `node` (Kafka's UnregisterBroker) at its registration's epoch, with
/// the partition changes of [`fence_broker`]: it leaves ISRs and leaderships first.
pub fn unregister_broker(
    image: &Image,
    ctx: &ReplicationContext,
    node: NodeId,
) -> Vec<MetadataRecord> {
    let Some(b) = image.broker(node) else {
        return Vec::new();
    };
    let mut live = ctx.live(image);
    live.remove(&node);
    let mut records = remove_from_isrs(image, ctx, &live, node, false);
    records.push(MetadataRecord::UnregisterBroker {
        node_id: node,
        broker_epoch: b.epoch,
    });
    records
}

/// Partition changes taking `node` (no longer in `live`) out of every ISR and leadership;
/// with `unclean_restart` also out of the eligible leader replicas of every topic it keeps
/// with relaxed durability (see [`registered`]).
fn remove_from_isrs(
    image: &Image,
    ctx: &ReplicationContext,
    live: &BTreeSet<NodeId>,
    node: NodeId,
    unclean_restart: bool,
) -> Vec<MetadataRecord> {
    let elr_on = elr_enabled(image);
    let mut records = Vec::new();
    for t in image.topics() {
        let unclean = unclean_restart && elr_on && ctx.relaxed_durability(image, &t.name, node);
        for p in t.partitions.values() {
            let eligible = unclean && p.elr.contains(&node);
            if p.leader != node && !p.isr.contains(&node) && !eligible {
                continue;
            }
            let mut change = Change::new(image, ctx, live, &t.name, t.id, p);
            let without: Vec<NodeId> = p.isr.iter().copied().filter(|n| *n != node).collect();
            if !without.is_empty() || elr_on {
                change.isr = without;
            }
            if unclean {
                change.unclean_shutdown = Some(node);
            }
            records.extend(change.build());
        }
    }
    records
}

/// Records unfencing `node` (it heartbeats and caught up) and electing it where a partition
/// has no leader and it is an ISR (or ELR) member.
pub fn unfence_broker(
    image: &Image,
    ctx: &ReplicationContext,
    node: NodeId,
) -> Vec<MetadataRecord> {
    let Some(b) = image.broker(node) else {
        return Vec::new();
    };
    let mut records = Vec::new();
    if b.fenced {
        records.push(MetadataRecord::BrokerRegistrationChange {
            node_id: node,
            broker_epoch: b.epoch,
            fenced: Some(false),
            in_controlled_shutdown: None,
        });
    }
    let mut live = ctx.live(image);
    if !ctx.shutting_down.contains(&node) && !b.in_controlled_shutdown {
        live.insert(node);
    }
    records.extend(elect_leaderless(image, ctx, &live));
    records
}

/// How a broker's new incarnation followed the previous one (KIP-966; Kafka's
/// `ClusterControlManager.registerBroker` compares the registration's PreviousBrokerEpoch, read
/// from the broker's clean-shutdown marker, with the epoch of the registration it replaces).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Restart {
    /// The previous incarnation shut down cleanly (its logs flushed and closed, the marker
    /// written with its broker epoch), or this is the same incarnation registering again.
    Clean,
    /// Killed, crashed, lost power, or no registration to compare with: whatever the replica
    /// had not fsynced may be gone.
    Unclean,
}

impl Restart {
    /// Kafka's rule: clean only when a registration is there and its epoch is the one the new
    /// incarnation's marker held.
    pub fn of(previous: Option<&crate::image::BrokerImage>, previous_broker_epoch: i64) -> Restart {
        match previous {
            Some(b) if b.epoch == previous_broker_epoch => Restart::Clean,
            _ => Restart::Unclean,
        }
    }
}

/// Records following a broker's new registration (its `RegisterBroker`, a new incarnation
/// with a new broker epoch, already applied to `image`), fenced or not: the new incarnation
/// holds none of the old one's leaderships or ISR memberships. It leaves them as a fenced
/// broker does ([`fence_broker`]'s partition changes: every partition it led gets a new leader
/// epoch), then, registered unfenced, it is elected where a partition has no leader
/// ([`unfence_broker`]'s). Kafka gets the same from refusing a new incarnation while the old
/// one's session lasts and registering it fenced.
///
/// Why: a leader that restarts and keeps leading at the same leader epoch reuses offsets of
/// that epoch for new records — a power loss took its unflushed tail, which followers may
/// already hold — so the diverging-epoch check cannot tell the two apart and the logs differ
/// below the high watermark for good (replica simulation seed 44; unit test
/// `seed_44_a_restarted_leader_registered_unfenced_leads_at_a_new_leader_epoch`).
///
/// After an [`Restart::Unclean`] restart the broker also leaves the KIP-966 eligible leader
/// replicas (for the last known ELR) of every partition of a topic it keeps with relaxed
/// durability, as Kafka's `ReplicationControlManager.handleBrokerShutdown` does for every
/// partition. Why only there: an eligible leader replica must hold every committed record.
/// With Kafka's replication-only durability (`log.flush.interval.messages` or the topic's
/// `flush.messages` above 1) a follower reports offsets it has not fsynced, so the records a
/// kill -9 or power loss took from it may be committed ones — Kafka cannot tell what was lost
/// and drops the broker. With Sluice's default a replica fsyncs what it appended before it
/// reports it, and the high watermark stops moving once the ISR is below
/// `min.insync.replicas`, so every committed record was on the member's disk when it left the
/// ISR and an unclean restart loses none of them: it stays eligible, and a cluster whose nodes
/// all lost power at once elects its ELR members again instead of staying offline until an
/// unclean election.
pub fn registered(
    image: &Image,
    ctx: &ReplicationContext,
    node: NodeId,
    restart: Restart,
) -> Vec<MetadataRecord> {
    let Some(b) = image.broker(node) else {
        return Vec::new();
    };
    let mut live = ctx.live(image);
    live.remove(&node);
    let mut records = remove_from_isrs(image, ctx, &live, node, restart == Restart::Unclean);
    if !b.fenced {
        let mut after = image.clone();
        for r in &records {
            after.apply(r);
        }
        records.extend(unfence_broker(&after, ctx, node));
    }
    records
}

/// Partition changes electing a leader wherever there is none and a live ISR or ELR member
/// is there to take it.
pub fn elect_leaderless(
    image: &Image,
    ctx: &ReplicationContext,
    live: &BTreeSet<NodeId>,
) -> Vec<MetadataRecord> {
    let mut records = Vec::new();
    for t in image.topics() {
        for p in t.partitions.values().filter(|p| !p.has_leader()) {
            records.extend(Change::new(image, ctx, live, &t.name, t.id, p).build());
        }
    }
    records
}

/// A controlled shutdown of `node` (its heartbeat's `want_shut_down`): recorded on its
/// registration (`in_controlled_shutdown`, so no election picks it and no leader adds it to an
/// ISR), leadership of every partition it leads moves to another live ISR member (or to none),
/// and it leaves every ISR (not the last member without KIP-966).
pub fn controlled_shutdown(
    image: &Image,
    ctx: &ReplicationContext,
    node: NodeId,
) -> Vec<MetadataRecord> {
    let mut records = Vec::new();
    if let Some(b) = image.broker(node).filter(|b| !b.in_controlled_shutdown) {
        records.push(MetadataRecord::BrokerRegistrationChange {
            node_id: node,
            broker_epoch: b.epoch,
            fenced: None,
            in_controlled_shutdown: Some(true),
        });
    }
    let mut live = ctx.live(image);
    live.remove(&node);
    records.extend(remove_from_isrs(image, ctx, &live, node, false));
    records
}

/// Whether `node` may finish a controlled shutdown: it leads no partition.
pub fn may_shut_down(image: &Image, node: NodeId) -> bool {
    !image
        .topics()
        .flat_map(|t| t.partitions.values())
        .any(|p| p.leader == node)
}

// ---------------------------------------------------------------------------------------------
// ElectLeaders and the preferred-leader rebalance

/// ElectLeaders' election type (Kafka's `ElectionType`: 0 preferred, 1 unclean).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ElectionType {
    Preferred,
    Unclean,
}

impl ElectionType {
    pub fn from_wire(value: i8) -> Option<ElectionType> {
        match value {
            0 => Some(ElectionType::Preferred),
            1 => Some(ElectionType::Unclean),
            _ => None,
        }
    }

    pub fn to_wire(self) -> i8 {
        match self {
            ElectionType::Preferred => 0,
            ElectionType::Unclean => 1,
        }
    }
}

/// One partition's ElectLeaders answer: `None` elected, else the code and message.
pub type ElectionResult = (String, i32, Option<(ErrorCode, String)>);

/// Records and answers of an ElectLeaders (Kafka's `ReplicationControlManager.electLeaders`).
/// `partitions` `None` is every partition; then partitions that need no election are left out
/// of the answers, as in Kafka.
pub fn elect_leaders(
    image: &Image,
    ctx: &ReplicationContext,
    election: ElectionType,
    partitions: Option<&[(String, Vec<i32>)]>,
) -> (Vec<MetadataRecord>, Vec<ElectionResult>) {
    let live = ctx.live(image);
    let mut records = Vec::new();
    let mut results = Vec::new();
    let mut one = |topic: &str, partition: i32, all: bool| {
        let answer = elect_one(image, ctx, &live, election, topic, partition);
        match answer {
            Ok(record) => {
                records.push(record);
                results.push((topic.to_owned(), partition, None));
            }
            Err((ErrorCode::ElectionNotNeeded, _)) if all => {}
            Err(e) => results.push((topic.to_owned(), partition, Some(e))),
        }
    };
    match partitions {
        None => {
            for t in image.topics() {
                for partition in t.partitions.keys() {
                    one(&t.name, *partition, true);
                }
            }
        }
        Some(requested) => {
            for (topic, ps) in requested {
                for partition in ps {
                    one(topic, *partition, false);
                }
            }
        }
    }
    (records, results)
}

fn elect_one(
    image: &Image,
    ctx: &ReplicationContext,
    live: &BTreeSet<NodeId>,
    election: ElectionType,
    topic: &str,
    partition: i32,
) -> Result<MetadataRecord, (ErrorCode, String)> {
    let Some((t, p)) = image
        .topic(topic)
        .and_then(|t| t.partitions.get(&partition).map(|p| (t, p)))
    else {
        return Err((
            ErrorCode::UnknownTopicOrPartition,
            format!("The partition {topic}-{partition} does not exist."),
        ));
    };
    let mut change = Change::new(image, ctx, live, &t.name, t.id, p);
    match election {
        ElectionType::Preferred => {
            let preferred = p.replicas.first().copied().unwrap_or(NO_LEADER);
            if p.leader == preferred {
                return Err((
                    ErrorCode::ElectionNotNeeded,
                    "Leader election not needed for topic partition.".into(),
                ));
            }
            if !(live.contains(&preferred) && p.isr.contains(&preferred)) {
                return Err((
                    ErrorCode::PreferredLeaderNotAvailable,
                    format!(
                        "Failed to elect leader for partition {topic}-{partition} under strategy \
                         PreferredReplicaPartitionLeaderElectionStrategy"
                    ),
                ));
            }
            change.election = Election::Preferred;
        }
        ElectionType::Unclean => {
            if p.has_leader() && live.contains(&p.leader) {
                return Err((
                    ErrorCode::ElectionNotNeeded,
                    "Leader election not needed for topic partition.".into(),
                ));
            }
            // An explicit unclean election needs no topic override (Kafka: the request is the
            // permission).
            let mut c = Change::new(image, ctx, live, &t.name, t.id, p);
            c.election = Election::Unclean;
            return match c.build() {
                Some(record) if changes_leader(&record) => Ok(record),
                _ => Err((
                    ErrorCode::EligibleLeadersNotAvailable,
                    format!("Failed to elect leader for partition {topic}-{partition} under strategy UncleanLeaderElectionStrategy"),
                )),
            };
        }
    }
    change.build().ok_or_else(|| {
        (
            ErrorCode::ElectionNotNeeded,
            "Leader election not needed for topic partition.".into(),
        )
    })
}

fn changes_leader(record: &MetadataRecord) -> bool {
    matches!(record, MetadataRecord::PartitionChange { leader: Some(l), .. } if l.0 >= 0)
}

/// The preferred-leader rebalance (`auto.leader.rebalance.enable`): for every broker whose
/// share of partitions it is preferred leader of but does not lead exceeds
/// `imbalance_percentage` (`leader.imbalance.per.broker.percentage`), leadership of those goes
/// back to it where it is a live ISR member.
pub fn rebalance_leaders(
    image: &Image,
    ctx: &ReplicationContext,
    imbalance_percentage: u32,
) -> Vec<MetadataRecord> {
    let live = ctx.live(image);
    let mut preferred: BTreeMap<NodeId, (usize, usize)> = BTreeMap::new();
    for p in image.topics().flat_map(|t| t.partitions.values()) {
        if let Some(first) = p.replicas.first() {
            let e = preferred.entry(*first).or_default();
            e.0 += 1;
            if p.leader != *first {
                e.1 += 1;
            }
        }
    }
    let imbalanced: BTreeSet<NodeId> = preferred
        .into_iter()
        .filter(|(n, (all, off))| {
            live.contains(n) && *off > 0 && off * 100 > all * imbalance_percentage as usize
        })
        .map(|(n, _)| n)
        .collect();
    let mut records = Vec::new();
    for t in image.topics() {
        for p in t.partitions.values() {
            match p.replicas.first() {
                Some(first) if imbalanced.contains(first) && p.leader != *first => {
                    if let Ok(r) = elect_one(
                        image,
                        ctx,
                        &live,
                        ElectionType::Preferred,
                        &t.name,
                        p.partition,
                    ) {
                        records.push(r);
                    }
                }
                _ => {}
            }
        }
    }
    records
}

/// Kafka's refusals of a `min.insync.replicas` change while KIP-966 is on
/// (ConfigurationControlManager): a broker's own value cannot be set or removed (every broker
/// must judge an ISR by the same minimum as the controller), nor the cluster-wide default
/// removed. `set` maps each key to its new value, `None` removing it.
pub fn check_min_isr_change(
    image: &Image,
    resource: &crate::record::ConfigResource,
    set: &BTreeMap<String, Option<String>>,
) -> Result<(), ControllerError> {
    use crate::record::ConfigResource;
    let Some(value) = set.get("min.insync.replicas") else {
        return Ok(());
    };
    if !elr_enabled(image) {
        return Ok(());
    }
    match resource {
        ConfigResource::Broker(Some(_)) => Err(ControllerError::new(
            ErrorCode::InvalidConfig,
            "Broker-level min.insync.replicas cannot be altered while ELR is enabled.",
        )),
        ConfigResource::Broker(None) if value.is_none() => Err(ControllerError::new(
            ErrorCode::InvalidConfig,
            "Cluster-level min.insync.replicas cannot be removed while ELR is enabled.",
        )),
        _ => Ok(()),
    }
}

/// Partition changes clearing the ELR and last known ELR of every partition whose topic's
/// `min.insync.replicas` one of `records` sets or removes — the topic's own, or the cluster
/// default or a broker's, which reach every topic — as Kafka's ConfigurationControlManager adds
/// a ClearElrRecord after such a config record: members became eligible under the old minimum,
/// which says nothing about the new one. Applied to `image` (the configs already in it); none
/// without KIP-966.
pub fn clear_elrs(image: &Image, records: &[MetadataRecord]) -> Vec<MetadataRecord> {
    if !elr_enabled(image) {
        return Vec::new();
    }
    let mut all = false;
    let mut topics = BTreeSet::new();
    for r in records {
        match r {
            MetadataRecord::Config { resource, name, .. } if name == "min.insync.replicas" => {
                match resource {
                    crate::record::ConfigResource::Topic(t) => {
                        topics.insert(t.as_str());
                    }
                    crate::record::ConfigResource::Broker(_) => all = true,
                    crate::record::ConfigResource::Group(_) => {}
                }
            }
            _ => {}
        }
    }
    image
        .topics()
        .filter(|t| all || topics.contains(t.name.as_str()))
        .flat_map(|t| t.partitions.values().map(move |p| (t.id, p)))
        .filter(|(_, p)| !p.elr.is_empty() || !p.last_known_elr.is_empty())
        .map(|(topic_id, p)| MetadataRecord::PartitionChange {
            topic_id,
            partition: p.partition,
            leader: None,
            leader_epoch: p.leader_epoch,
            isr: None,
            partition_epoch: Some(p.partition_epoch + 1),
            elr: (!p.elr.is_empty()).then(Vec::new),
            last_known_elr: (!p.last_known_elr.is_empty()).then(Vec::new),
            leader_recovery_state: None,
            replicas: None,
            shards: None,
            adding_replicas: None,
            removing_replicas: None,
        })
        .collect()
}

/// Partition changes for a topic config change that enables unclean election: leaderless
/// partitions of `topic` elect any live replica.
pub fn unclean_for_topic(
    image: &Image,
    ctx: &ReplicationContext,
    topic: &str,
) -> Vec<MetadataRecord> {
    let live = ctx.live(image);
    let Some(t) = image.topic(topic) else {
        return Vec::new();
    };
    t.partitions
        .values()
        .filter(|p| !p.has_leader())
        .filter_map(|p| {
            let mut c = Change::new(image, ctx, &live, &t.name, t.id, p);
            c.election = Election::Unclean;
            c.build()
        })
        .collect()
}

/// Partition changes for a cluster-wide default change that enables unclean election: the
/// leaderless partitions of every topic that now allows it (no topic override says `false`)
/// elect any live replica, as Kafka's controller does on its next unclean-election check.
pub fn unclean_where_enabled(image: &Image, ctx: &ReplicationContext) -> Vec<MetadataRecord> {
    image
        .topics()
        .filter(|t| ctx.unclean(image, &t.name))
        .flat_map(|t| unclean_for_topic(image, ctx, &t.name))
        .collect()
}

pub mod reassign;

#[cfg(test)]
mod tests;
