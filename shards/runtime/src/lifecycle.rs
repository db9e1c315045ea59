//! Where each shard is in its life, shared with the main thread: the one place the process
//! learns that every shard is serving, that one is stuck (and where), or that one failed.
//!
//! Shards write; the main thread reads (start-up deadline, readiness line, shutdown bound).
//! Only atomics: nothing here is on the produce or fetch path.

use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, AtomicU8, AtomicUsize, Ordering};

/// A shard's step, in the order a shard takes them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[repr(u8)]
pub enum Step {
    /// The thread exists; the executor has not run the shard yet.
    Created = 0,
    /// Opening (and recovering) the logs it owns.
    Recovering,
    /// Loading the group coordinators of its `__consumer_offsets` partitions.
    Coordinators,
    /// Binding its listeners.
    Binding,
    /// Serving clients.
    Serving,
    /// Shutdown: stopped accepting, finishing in-flight requests.
    Draining,
    /// Shutdown: waiting until every shard has drained (peers may still need its partitions).
    AwaitingPeers,
    /// Shutdown: flushing and closing its logs.
    Closing,
    /// Done (cleanly or not).
    Stopped,
}

impl Step {
    fn from_u8(v: u8) -> Step {
        const ALL: [Step; 9] = [
            Step::Created,
            Step::Recovering,
            Step::Coordinators,
            Step::Binding,
            Step::Serving,
            Step::Draining,
            Step::AwaitingPeers,
            Step::Closing,
            Step::Stopped,
        ];
        ALL[v as usize]
    }

    pub fn name(self) -> &'static str {
        match self {
            Step::Created => "starting its executor",
            Step::Recovering => "opening and recovering its logs",
            Step::Coordinators => "loading group coordinators",
            Step::Binding => "binding listeners",
            Step::Serving => "serving",
            Step::Draining => "finishing in-flight requests",
            Step::AwaitingPeers => "waiting for the other shards to drain",
            Step::Closing => "flushing and closing its logs",
            Step::Stopped => "stopped",
        }
    }
}

struct ShardState {
    step: AtomicU8,
    /// Bumped on every unit of start-up work done (a log opened): a long recovery that is
    /// moving is not a hang.
    progress: AtomicU64,
    drained: AtomicBool,
}

/// The lifecycle of every shard of the process. `Sync`; shared by `Arc`.
pub struct Lifecycle {
    shards: Vec<ShardState>,
    shutdown: AtomicBool,
    /// A shard failed (returned an error): the process stops whole.
    failed: AtomicBool,
    drained: AtomicUsize,
    /// The metadata quorum's leader as shard 0 last saw it (-1: none known), for every shard
    /// to name as the controller.
    metadata_leader: std::sync::atomic::AtomicI32,
    /// Controlled shutdown (Kafka's `controlled.shutdown.enable`): whether this node runs one
    /// (a broker heartbeating to controllers), and its phase.
    controlled_shutdown: AtomicU8,
    /// The broker epoch of this incarnation's registration as shard 0 last saw it committed
    /// (-1: not registered yet): the main thread writes it into the clean-shutdown marker, for
    /// the next incarnation's PreviousBrokerEpoch (KIP-966).
    broker_epoch: AtomicI64,
}

/// `Lifecycle::controlled_shutdown` phases.
const CONTROLLED_NONE: u8 = 0;
/// Shard 0's heartbeat loop runs: a controlled shutdown is possible.
const CONTROLLED_POSSIBLE: u8 = 1;
/// The main thread asked for it (on SIGTERM, before the shutdown flag).
const CONTROLLED_REQUESTED: u8 = 2;
/// Shard 0 is done: the controller let it go, or it gave up.
const CONTROLLED_DONE: u8 = 3;

impl Lifecycle {
    pub fn new(shards: usize) -> Lifecycle {
        Lifecycle {
            shards: (0..shards)
                .map(|_| ShardState {
                    step: AtomicU8::new(Step::Created as u8),
                    progress: AtomicU64::new(0),
                    drained: AtomicBool::new(false),
                })
                .collect(),
            shutdown: AtomicBool::new(false),
            failed: AtomicBool::new(false),
            drained: AtomicUsize::new(0),
            metadata_leader: std::sync::atomic::AtomicI32::new(-1),
            controlled_shutdown: AtomicU8::new(CONTROLLED_NONE),
            broker_epoch: AtomicI64::new(-1),
        }
    }

    /// Shard 0 runs a broker's heartbeats: it can shut down in a controlled way.
    pub fn controlled_shutdown_possible(&self) {
        let _ = self.controlled_shutdown.compare_exchange(
            CONTROLLED_NONE,
            CONTROLLED_POSSIBLE,
            Ordering::AcqRel,
            Ordering::Acquire,
        );
    }

    /// The main thread asks for a controlled shutdown; false when this node runs none.
    pub fn request_controlled_shutdown(&self) -> bool {
        self.controlled_shutdown
            .compare_exchange(
                CONTROLLED_POSSIBLE,
                CONTROLLED_REQUESTED,
                Ordering::AcqRel,
                Ordering::Acquire,
            )
            .is_ok()
    }

    pub fn controlled_shutdown_requested(&self) -> bool {
        self.controlled_shutdown.load(Ordering::Acquire) == CONTROLLED_REQUESTED
    }

    /// Shard 0 finished the controlled shutdown (or gave up on it).
    pub fn controlled_shutdown_done(&self) {
        self.controlled_shutdown
            .store(CONTROLLED_DONE, Ordering::Release);
    }

    pub fn is_controlled_shutdown_done(&self) -> bool {
        self.controlled_shutdown.load(Ordering::Acquire) == CONTROLLED_DONE
    }

    /// The active controller's node id, if known.
    pub fn metadata_leader(&self) -> Option<i32> {
        let leader = self.metadata_leader.load(Ordering::Relaxed);
        (leader >= 0).then_some(leader)
    }

    pub fn set_metadata_leader(&self, leader: Option<i32>) {
        self.metadata_leader
            .store(leader.unwrap_or(-1), Ordering::Relaxed);
    }

    /// This incarnation's broker epoch, once its registration is committed (-1 before).
    pub fn broker_epoch(&self) -> i64 {
        self.broker_epoch.load(Ordering::Acquire)
    }

    pub fn set_broker_epoch(&self, epoch: i64) {
        self.broker_epoch.store(epoch, Ordering::Release);
    }

    pub fn shards(&self) -> usize {
        self.shards.len()
    }

    /// Moves `shard` to `step`. Steps only go forward.
    pub fn enter(&self, shard: usize, step: Step) {
        let previous = Step::from_u8(self.shards[shard].step.swap(step as u8, Ordering::AcqRel));
        assert!(
            previous <= step,
            "invariant: shard {shard} went back from step {previous:?} to {step:?}"
        );
        self.progressed(shard);
    }

    pub fn step(&self, shard: usize) -> Step {
        Step::from_u8(self.shards[shard].step.load(Ordering::Acquire))
    }

    pub fn progressed(&self, shard: usize) {
        self.shards[shard].progress.fetch_add(1, Ordering::AcqRel);
    }

    /// Sum of every shard's progress counter: changes whenever any shard moves.
    pub fn progress(&self) -> u64 {
        self.shards
            .iter()
            .map(|s| s.progress.load(Ordering::Acquire))
            .sum()
    }

    /// True once every shard serves clients (or went past it).
    pub fn all_serving(&self) -> bool {
        (0..self.shards.len()).all(|s| self.step(s) >= Step::Serving)
    }

    pub fn request_shutdown(&self) {
        self.shutdown.store(true, Ordering::Release);
    }

    pub fn is_shutting_down(&self) -> bool {
        self.shutdown.load(Ordering::Acquire)
    }

    /// Records that a shard failed; the process then stops whole.
    pub fn fail(&self) {
        self.failed.store(true, Ordering::Release);
        self.request_shutdown();
    }

    pub fn has_failed(&self) -> bool {
        self.failed.load(Ordering::Acquire)
    }

    /// `shard` no longer serves clients. Idempotent.
    pub fn drained(&self, shard: usize) {
        if !self.shards[shard].drained.swap(true, Ordering::AcqRel) {
            self.drained.fetch_add(1, Ordering::AcqRel);
        }
    }

    pub fn all_drained(&self) -> bool {
        self.drained.load(Ordering::Acquire) == self.shards.len()
    }

    /// Shards not yet stopped, with their step, for the message of a stuck start or stop.
    pub fn unfinished(&self) -> Vec<(usize, Step)> {
        (0..self.shards.len())
            .map(|s| (s, self.step(s)))
            .filter(|(_, step)| *step != Step::Stopped)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_go_forward_and_readiness_needs_every_shard() {
        let l = Lifecycle::new(2);
        l.enter(0, Step::Serving);
        assert!(!l.all_serving());
        l.enter(1, Step::Recovering);
        l.enter(1, Step::Serving);
        assert!(l.all_serving());
        assert_eq!(l.unfinished().len(), 2);
        l.drained(0);
        l.drained(0);
        assert!(!l.all_drained());
        l.drained(1);
        assert!(l.all_drained());
    }

    #[test]
    #[should_panic(expected = "went back")]
    fn a_step_back_is_an_invariant_violation() {
        let l = Lifecycle::new(1);
        l.enter(0, Step::Closing);
        l.enter(0, Step::Serving);
    }
}
