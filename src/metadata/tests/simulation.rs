//! A seeded, deterministic simulation of the metadata quorum: several [`QuorumCore`]s with a fake
//! clock, a network that drops, delays, reorders, duplicates and partitions messages, nodes that
//! crash (losing what a crash interrupts mid-persist), restart, and pause; a client proposing
//! controller decisions (topics, partitions, configs) to whoever leads.
//!
//! A third of the seeds add a node outside the voters as a raft learner (a broker-only node, or
//! a controller joining as an observer with no configuration of its own, which must start from
//! a snapshot), proposed by whoever leads until it is
//! in the configuration; then, now and then, the leader promotes a learner that holds the
//! committed log to voter (AddRaftVoter) and demotes a voter to learner (RemoveRaftVoter), itself
//! included, when it then hands leadership over (`QuorumCore::resign_if_removed`).
//!
//! Checked throughout: at most one leader per term, and only a voter becomes leader; an entry applied anywhere is never changed
//! or lost (every node applies the same entry at the same index); every node's image is the same
//! at the same applied index. Checked at the end, after healing everything: a leader exists,
//! every node converges on one image and one configuration, and a new proposal commits.
//!
//! `SLUICE_SIM_SEED=N` replays one seed (with its log: `RUST_LOG` is not needed, the failing
//! seed's events print); `SLUICE_SIM_SEEDS=N` runs N seeds (default 200) from
//! `SLUICE_SIM_FIRST_SEED` (default 0).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{Hash, Hasher};

use metadata::eraftpb::{ConfState, Entry, HardState, Message, Snapshot};
use metadata::{
    controller, Journal, MetadataError, MetadataRecord, Persist, QuorumCore, Recovered,
};
use model::NodeId;

/// The simulation's one source of randomness, seeded.
type Rng = model::SimRng;

/// A disk: what was durable, and a crash that interrupts a persist keeps only a prefix of it.
#[derive(Default, Clone)]
struct SimDisk {
    snapshot: Snapshot,
    hard_state: HardState,
    conf_state: ConfState,
    entries: Vec<Entry>,
}

impl SimDisk {
    fn formatted(voters: &[u64]) -> SimDisk {
        SimDisk {
            conf_state: ConfState::from((voters.to_vec(), Vec::<u64>::new())),
            ..Default::default()
        }
    }

    fn snapshot_index(&self) -> u64 {
        self.snapshot.get_metadata().index
    }

    fn last_index(&self) -> u64 {
        self.entries
            .last()
            .map_or(self.snapshot_index(), |e| e.index)
    }

    fn recover(&self) -> Recovered {
        Recovered {
            snapshot: self.snapshot.clone(),
            hard_state: self.hard_state.clone(),
            conf_state: self.conf_state.clone(),
            entries: self.entries.clone(),
        }
    }

    /// Applies the first `steps` steps of `persist` (all of them when `None`), in the file
    /// journal's order: install snapshot, each entry, raft state, compaction.
    fn apply(&mut self, persist: &Persist, steps: Option<usize>) {
        let mut budget = steps.unwrap_or(usize::MAX);
        let mut take = || {
            if budget == 0 {
                return false;
            }
            budget -= 1;
            true
        };
        if let Some(snapshot) = &persist.install_snapshot {
            if !take() {
                return;
            }
            let meta = snapshot.get_metadata();
            self.entries.clear();
            self.hard_state.term = self.hard_state.term.max(meta.term);
            self.hard_state.commit = self.hard_state.commit.max(meta.index);
            self.conf_state = meta.get_conf_state().clone();
            self.snapshot = snapshot.clone();
        }
        for entry in &persist.entries {
            if !take() {
                return;
            }
            assert!(entry.index > self.snapshot_index() && entry.index <= self.last_index() + 1);
            let keep = (entry.index - self.snapshot_index() - 1) as usize;
            self.entries.truncate(keep);
            self.entries.push(entry.clone());
        }
        if let Some((hs, cs)) = &persist.raft_state {
            if !take() {
                return;
            }
            let mut hs = hs.clone();
            hs.commit = hs.commit.min(self.last_index()).max(self.snapshot_index());
            self.hard_state = hs;
            self.conf_state = cs.clone();
        }
        if let Some(snapshot) = &persist.compact {
            if !take() {
                return;
            }
            let index = snapshot.get_metadata().index;
            self.entries.retain(|e| e.index > index);
            self.snapshot = snapshot.clone();
        }
    }

    fn steps(persist: &Persist) -> usize {
        usize::from(persist.install_snapshot.is_some())
            + persist.entries.len()
            + usize::from(persist.raft_state.is_some())
            + usize::from(persist.compact.is_some())
    }
}

struct DiskJournal<'a>(&'a mut SimDisk);

impl Journal for DiskJournal<'_> {
    fn persist(&mut self, persist: &Persist) -> Result<(), MetadataError> {
        self.0.apply(persist, None);
        Ok(())
    }
}

struct SimNode {
    raft_id: u64,
    core: Option<QuorumCore>,
    disk: SimDisk,
    /// Paused (SIGSTOP) until this step: no ticks, no processing; messages wait.
    paused_until: u64,
}

struct InFlight {
    deliver_at: u64,
    seq: u64,
    message: Message,
}

/// The whole world of one seed.
struct Sim {
    rng: Rng,
    now: u64,
    nodes: Vec<SimNode>,
    network: Vec<InFlight>,
    seq: u64,
    /// Pairs (from, to) that cannot talk.
    cut: BTreeSet<(u64, u64)>,
    leaders_by_term: BTreeMap<u64, u64>,
    /// (term, digest of data) of the entry applied at each index, by whoever applied it first.
    applied_entries: HashMap<u64, (u64, u64)>,
    /// Digest of the image at each applied index.
    images: HashMap<u64, u64>,
    max_applied: u64,
    proposals: u64,
    events: Vec<String>,
    stats: Stats,
}

/// What a run exercised, so a change that stops the faults from happening shows.
#[derive(Default, Debug, Clone, Copy)]
struct Stats {
    torn_crashes: u64,
    restarts: u64,
    snapshots_installed: u64,
    snapshots_made: u64,
    leader_changes: u64,
    learners_proposed: u64,
    voters_added: u64,
    voters_removed: u64,
    handovers: u64,
}

impl Stats {
    fn add(&mut self, o: Stats) {
        self.torn_crashes += o.torn_crashes;
        self.restarts += o.restarts;
        self.snapshots_installed += o.snapshots_installed;
        self.snapshots_made += o.snapshots_made;
        self.leader_changes += o.leader_changes;
        self.learners_proposed += o.learners_proposed;
        self.voters_added += o.voters_added;
        self.voters_removed += o.voters_removed;
        self.handovers += o.handovers;
    }
}

const SNAPSHOT_INTERVAL: u64 = 7;

fn digest(bytes: &[u8]) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

/// A member with an election timeout drawn from the seed (raft-rs's own draw is unseeded).
fn new_core(rng: &mut Rng, raft_id: u64, recovered: Recovered) -> QuorumCore {
    let ticks = metadata::ELECTION_TICKS + rng.below(metadata::ELECTION_TICKS as u64) as usize;
    let mut core = QuorumCore::with_election_ticks(raft_id, recovered, ticks).unwrap();
    core.set_snapshot_interval_entries(SNAPSHOT_INTERVAL);
    core
}

fn image_digest(core: &QuorumCore) -> u64 {
    digest(&metadata::record::encode_batch(&core.image().to_records()))
}

impl Sim {
    /// `voters` voters (raft ids 1..) and `learners` more nodes that follow the log once the
    /// leader adds them as learners: formatted with the voters (broker-only nodes of a static
    /// quorum) or, `unconfigured`, with no configuration at all (`--no-initial-controllers`,
    /// an observer joining a quorum whose log starts at index 1).
    fn new(seed: u64, voters: u64, learners: u64, unconfigured: bool) -> Sim {
        let ids: Vec<u64> = (1..=voters).collect();
        let mut rng = Rng::new(seed);
        let nodes = (1..=voters + learners)
            .map(|raft_id| {
                let disk = if raft_id > voters && unconfigured {
                    SimDisk::formatted(&[])
                } else {
                    SimDisk::formatted(&ids)
                };
                let core = new_core(&mut rng, raft_id, disk.recover());
                SimNode {
                    raft_id,
                    core: Some(core),
                    disk,
                    paused_until: 0,
                }
            })
            .collect();
        Sim {
            rng,
            now: 0,
            nodes,
            network: Vec::new(),
            seq: 0,
            cut: BTreeSet::new(),
            leaders_by_term: BTreeMap::new(),
            applied_entries: HashMap::new(),
            images: HashMap::new(),
            max_applied: 0,
            proposals: 0,
            events: Vec::new(),
            stats: Stats::default(),
        }
    }

    fn log(&mut self, event: String) {
        self.events.push(format!("t={} {event}", self.now));
    }

    fn send(&mut self, messages: Vec<Message>, faults: bool) {
        for message in messages {
            if faults && self.rng.chance(50) {
                continue; // dropped
            }
            let copies = if faults && self.rng.chance(30) { 2 } else { 1 };
            for _ in 0..copies {
                let delay = 1 + if faults {
                    self.rng.below(6)
                } else {
                    self.rng.below(2)
                };
                self.seq += 1;
                self.network.push(InFlight {
                    deliver_at: self.now + delay,
                    seq: self.seq,
                    message: message.clone(),
                });
            }
        }
    }

    /// Runs every round a node has, with a crash possible in the middle of a persist.
    fn process(&mut self, at: usize, faults: bool) {
        loop {
            let node = &mut self.nodes[at];
            let Some(core) = node.core.as_mut() else {
                return;
            };
            let Some(round) = core.begin() else {
                break;
            };
            let early = round.messages.clone();
            if faults && self.rng.chance(3) {
                // Crash mid-persist: the disk keeps a prefix of the round.
                let steps = SimDisk::steps(&round.persist);
                let kept = self.rng.below(steps as u64 + 1) as usize;
                let node = &mut self.nodes[at];
                node.disk.apply(&round.persist, Some(kept));
                node.core = None;
                let id = node.raft_id;
                self.stats.torn_crashes += 1;
                self.log(format!(
                    "node {id} crashed mid-persist keeping {kept}/{steps}"
                ));
                // Messages the round sent before persisting may still be out.
                self.send(early, faults);
                return;
            }
            self.send(early, faults);
            let node = &mut self.nodes[at];
            DiskJournal(&mut node.disk).persist(&round.persist).unwrap();
            let core = node.core.as_mut().unwrap();
            let finished = core.finish(round).unwrap();
            let id = node.raft_id;
            let digest_now = image_digest(core);
            let applied_index = core.image().applied_index();
            if finished.installed_snapshot {
                self.stats.snapshots_installed += 1;
                self.check_image(id, applied_index, digest_now);
            }
            for applied in &finished.applied {
                let data = metadata::record::encode_batch(&applied.records);
                self.check_entry(id, applied.index, applied.term, digest(&data));
            }
            if !finished.applied.is_empty() {
                self.check_image(id, applied_index, digest_now);
            }
            self.send(finished.messages, faults);
            let core = self.nodes[at].core.as_mut().unwrap();
            if core.maybe_snapshot() {
                self.stats.snapshots_made += 1;
            }
            // A leader whose own removal applied hands leadership over (the next round sends
            // the request), as the runtime's driver does.
            if let Some(to) = core.resign_if_removed() {
                self.stats.handovers += 1;
                self.log(format!(
                    "node {id} is no voter any more; hands over to {to}"
                ));
            }
        }
        self.check_leader(at);
    }

    fn check_entry(&mut self, node: u64, index: u64, term: u64, data: u64) {
        match self.applied_entries.get(&index) {
            Some(&(t, d)) => assert!(
                (t, d) == (term, data),
                "node {node} applied ({term}, {data:x}) at index {index}, others applied ({t}, {d:x})"
            ),
            None => {
                self.applied_entries.insert(index, (term, data));
            }
        }
        self.max_applied = self.max_applied.max(index);
    }

    fn check_image(&mut self, node: u64, index: u64, digest: u64) {
        // Before the first entry, an image holds only what its node was formatted with (the
        // voters, or none for an observer): nothing committed to compare.
        if index == 0 {
            return;
        }
        match self.images.get(&index) {
            Some(&d) => assert_eq!(d, digest, "node {node}'s image at index {index} differs"),
            None => {
                self.images.insert(index, digest);
            }
        }
    }

    fn check_leader(&mut self, at: usize) {
        let node = &self.nodes[at];
        let Some(core) = node.core.as_ref() else {
            return;
        };
        if core.is_leader() {
            let term = core.term();
            let id = node.raft_id;
            match self.leaders_by_term.get(&term) {
                // A leader demoted while it leads stays leader of its term until it hands over.
                Some(&other) => assert_eq!(other, id, "two leaders in term {term}"),
                None => {
                    assert!(core.is_voter(), "learner {id} leads term {term}");
                    self.leaders_by_term.insert(term, id);
                    self.stats.leader_changes += 1;
                    self.log(format!("node {id} leads term {term}"));
                }
            }
        }
    }

    fn deliver(&mut self, faults: bool) {
        let now = self.now;
        let mut due: Vec<InFlight> = Vec::new();
        let mut i = 0;
        while i < self.network.len() {
            if self.network[i].deliver_at <= now {
                due.push(self.network.swap_remove(i));
            } else {
                i += 1;
            }
        }
        due.sort_by_key(|m| (m.deliver_at, m.seq));
        for inflight in due {
            let (from, to) = (inflight.message.from, inflight.message.to);
            if self.cut.contains(&(from, to)) {
                continue;
            }
            let Some(at) = self.nodes.iter().position(|n| n.raft_id == to) else {
                continue;
            };
            if self.nodes[at].paused_until > now {
                // A paused process: the message waits in its socket buffer.
                let mut inflight = inflight;
                inflight.deliver_at = self.nodes[at].paused_until;
                self.network.push(inflight);
                continue;
            }
            if let Some(core) = self.nodes[at].core.as_mut() {
                core.step(inflight.message);
            }
            self.process(at, faults);
        }
    }

    fn propose(&mut self, faults: bool) {
        let Some(at) = self.nodes.iter().position(|n| {
            n.paused_until <= self.now && n.core.as_ref().is_some_and(|c| c.is_leader())
        }) else {
            return;
        };
        // A node outside the configuration (a broker-only node) is added as a learner.
        let core = self.nodes[at].core.as_ref().unwrap();
        let outside = self
            .nodes
            .iter()
            .map(|n| n.raft_id)
            .find(|id| !core.voters().contains(id) && !core.learners().contains(id));
        if let Some(learner) = outside {
            let core = self.nodes[at].core.as_mut().unwrap();
            if core
                .propose_membership(learner, metadata::MembershipChange::AddLearner)
                .is_ok()
            {
                self.log(format!("proposed learner {learner}"));
                self.stats.learners_proposed += 1;
            }
            self.process(at, faults);
            return;
        }
        if self.rng.chance(60) && self.change_voters(at) {
            self.process(at, faults);
            return;
        }
        self.proposals += 1;
        let n = self.proposals;
        let core = self.nodes[at].core.as_mut().unwrap();
        let image = core.image();
        let records: Vec<MetadataRecord> = match n % 4 {
            0 | 1 => controller::create_topic(
                image,
                &format!("t{}", n % 40),
                1 + (n % 3) as i32,
                1,
                BTreeMap::new(),
                NodeId(0),
                2,
            )
            .unwrap_or_default(),
            2 => image
                .topics()
                .next()
                .map(|t| t.name.clone())
                .and_then(|name| {
                    controller::delete_topic(image, controller::TopicRef::Name(&name)).ok()
                })
                .unwrap_or_default(),
            _ => controller::allocate_producer_ids(image, NodeId(0), 1000),
        };
        if records.is_empty() {
            return;
        }
        let _ = core.propose(&records);
        self.process(at, faults);
    }

    /// On leader `at`: promotes a learner holding the committed log to voter, or demotes a
    /// voter (the leader too) while more than three vote. Whether it proposed one.
    fn change_voters(&mut self, at: usize) -> bool {
        let core = self.nodes[at].core.as_mut().unwrap();
        if core.has_pending_conf_change() {
            return false;
        }
        let voters = core.voters();
        let caught_up = core.learners().into_iter().find(|l| {
            core.replica_match(*l)
                .is_some_and(|m| m >= core.committed())
        });
        let (id, change, what) = match caught_up {
            Some(learner) => (learner, metadata::MembershipChange::AddVoter, "promoted"),
            None if voters.len() > 3 => {
                let pick = voters[self.rng.below(voters.len() as u64) as usize];
                (pick, metadata::MembershipChange::AddLearner, "demoted")
            }
            None => return false,
        };
        let core = self.nodes[at].core.as_mut().unwrap();
        if core.propose_membership(id, change).is_err() {
            return false;
        }
        let leader = self.nodes[at].raft_id;
        self.log(format!("leader {leader} proposed: {what} {id}"));
        match change {
            metadata::MembershipChange::AddVoter => self.stats.voters_added += 1,
            _ => self.stats.voters_removed += 1,
        }
        true
    }

    fn fault(&mut self) {
        let n = self.nodes.len() as u64;
        let pick = self.rng.below(n) as usize;
        let id = self.nodes[pick].raft_id;
        match self.rng.below(6) {
            0 if self.nodes[pick].core.is_some() => {
                self.nodes[pick].core = None;
                self.log(format!("node {id} killed"));
            }
            1 if self.nodes[pick].core.is_none() => self.restart(pick),
            2 => {
                let until = self.now + 10 + self.rng.below(60);
                self.nodes[pick].paused_until = until;
                self.log(format!("node {id} paused until t={until}"));
            }
            3 => {
                // Cut `id` off from a random other node, both ways.
                let other = self.nodes[self.rng.below(n) as usize].raft_id;
                if other != id {
                    self.cut.insert((id, other));
                    self.cut.insert((other, id));
                    self.log(format!("link {id}<->{other} cut"));
                }
            }
            4 => {
                // Isolate a minority node entirely.
                for other in 1..=n {
                    if other != id {
                        self.cut.insert((id, other));
                        self.cut.insert((other, id));
                    }
                }
                self.log(format!("node {id} isolated"));
            }
            _ => {
                self.cut.clear();
                self.log("network healed".to_string());
            }
        }
    }

    fn restart(&mut self, at: usize) {
        let node = &mut self.nodes[at];
        let core = new_core(&mut self.rng, node.raft_id, node.disk.recover());
        let id = node.raft_id;
        let index = core.image().applied_index();
        let digest_now = image_digest(&core);
        node.core = Some(core);
        self.stats.restarts += 1;
        self.log(format!("node {id} restarted at applied index {index}"));
        self.check_image(id, index, digest_now);
    }

    fn step(&mut self, faults: bool) {
        self.now += 1;
        for at in 0..self.nodes.len() {
            if self.nodes[at].paused_until > self.now {
                continue;
            }
            if let Some(core) = self.nodes[at].core.as_mut() {
                core.tick();
            }
            self.process(at, faults);
        }
        self.deliver(faults);
        if self.rng.chance(300) {
            self.propose(faults);
        }
        if faults && self.rng.chance(15) {
            self.fault();
        }
    }

    fn heal(&mut self) {
        self.cut.clear();
        for at in 0..self.nodes.len() {
            self.nodes[at].paused_until = 0;
            if self.nodes[at].core.is_none() {
                self.restart(at);
            }
        }
        self.log("everything healed".to_string());
    }

    fn describe(&self) -> String {
        let nodes: Vec<String> = self
            .nodes
            .iter()
            .map(|n| {
                let c = n.core.as_ref().unwrap();
                format!(
                    "node {}: term {} leader {:?} applied {} committed {} last {} disk(snap {} commit {} last {})",
                    n.raft_id,
                    c.term(),
                    c.leader(),
                    c.image().applied_index(),
                    c.committed(),
                    c.last_index(),
                    n.disk.snapshot_index(),
                    n.disk.hard_state.commit,
                    n.disk.last_index()
                )
            })
            .collect();
        nodes.join("; ")
    }

    fn converged(&self) -> bool {
        let indexes: BTreeSet<u64> = self
            .nodes
            .iter()
            .map(|n| n.core.as_ref().unwrap().image().applied_index())
            .collect();
        let leaders = self
            .nodes
            .iter()
            .filter(|n| n.core.as_ref().unwrap().is_leader())
            .count();
        let configurations: BTreeSet<(Vec<u64>, Vec<u64>)> = self
            .nodes
            .iter()
            .map(|n| {
                let core = n.core.as_ref().unwrap();
                (core.voters(), core.learners())
            })
            .collect();
        indexes.len() == 1
            && leaders == 1
            && configurations.len() == 1
            && *indexes.first().unwrap() >= self.max_applied
    }
}

fn run_seed(seed: u64) -> Result<(u64, Stats), String> {
    let voters = if seed % 4 == 3 { 5 } else { 3 };
    let learners = if seed % 3 == 1 { 1 } else { 0 };
    let unconfigured = seed % 2 == 0;
    let mut sim = Sim::new(seed, voters, learners, unconfigured);
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        for _ in 0..1500 {
            sim.step(true);
        }
        sim.heal();
        let mut quiet = 0;
        while !sim.converged() {
            sim.step(false);
            quiet += 1;
            assert!(
                quiet < 2000,
                "no convergence within 2000 steps after healing: {} (max applied {})",
                sim.describe(),
                sim.max_applied
            );
        }
        // A new proposal commits everywhere.
        let before = sim.max_applied;
        let mut tries = 0;
        while sim.max_applied == before || !sim.converged() {
            if sim.max_applied == before {
                sim.propose(false);
            }
            sim.step(false);
            tries += 1;
            assert!(tries < 2000, "a proposal after healing did not commit");
        }
        let images: BTreeSet<u64> = sim
            .nodes
            .iter()
            .map(|n| image_digest(n.core.as_ref().unwrap()))
            .collect();
        assert_eq!(images.len(), 1, "images differ after convergence");
        (sim.max_applied, sim.stats)
    }));
    result.map_err(|panic| {
        let reason = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        let tail: Vec<&String> = sim.events.iter().rev().take(40).collect();
        let tail: Vec<&str> = tail.into_iter().rev().map(String::as_str).collect();
        format!("{reason}\nlast events:\n  {}", tail.join("\n  "))
    })
}

fn env_u64(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.parse().ok())
}

#[test]
fn quorum_simulation_keeps_raft_safe_under_faults() {
    let seeds: Vec<u64> = match env_u64("SLUICE_SIM_SEED") {
        Some(seed) => vec![seed],
        None => {
            let first = env_u64("SLUICE_SIM_FIRST_SEED").unwrap_or(0);
            let count = env_u64("SLUICE_SIM_SEEDS").unwrap_or(200);
            (first..first + count).collect()
        }
    };
    let mut committed = 0;
    let mut stats = Stats::default();
    for &seed in &seeds {
        match run_seed(seed) {
            Ok((applied, seed_stats)) => {
                committed += applied;
                stats.add(seed_stats);
            }
            Err(reason) => panic!(
                "simulation seed {seed} failed (replay: SLUICE_SIM_SEED={seed} cargo test -p metadata --test simulation): {reason}"
            ),
        }
    }
    println!(
        "{} seeds from {}, {committed} entries applied in all, {stats:?}",
        seeds.len(),
        seeds[0]
    );
    if seeds.len() >= 50 {
        assert!(
            stats.torn_crashes > 0
                && stats.restarts > 0
                && stats.snapshots_installed > 0
                && stats.snapshots_made > 0
                && stats.learners_proposed > 0
                && stats.voters_added > 0
                && stats.voters_removed > 0
                && stats.handovers > 0
                && stats.leader_changes > seeds.len() as u64,
            "the faults did not happen: {stats:?}"
        );
    }
}
