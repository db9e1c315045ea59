//! Deadlines the coordinator wants to be woken at, keyed like Kafka's coordinator timer so that
//! rescheduling a key replaces its previous deadline. The caller owns the clock: it asks for
//! `next_deadline` and calls `on_timer(now_ms)` once that time has come.

use std::collections::{BTreeSet, HashMap};

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum TimerKey {
    /// A member's (or pending member's) session expiry.
    Heartbeat { group_id: String, member_id: String },
    /// End of the join phase (rebalance timeout, or the initial rebalance delay).
    Join { group_id: String },
    /// Members that have not sent SyncGroup by then are removed.
    Sync { group_id: String },
    /// A consumer-group member's session expiry (`group.consumer.session.timeout.ms`).
    ConsumerSession { group_id: String, member_id: String },
    /// A consumer-group member that has not revoked partitions within its rebalance timeout is
    /// fenced (if it is still in the epoch the timer was set for).
    ConsumerRevocation { group_id: String, member_id: String },
}

impl TimerKey {
    pub(crate) fn group_id(&self) -> &str {
        match self {
            TimerKey::Heartbeat { group_id, .. }
            | TimerKey::Join { group_id }
            | TimerKey::Sync { group_id }
            | TimerKey::ConsumerSession { group_id, .. }
            | TimerKey::ConsumerRevocation { group_id, .. } => group_id,
        }
    }
}

#[derive(Debug, Default)]
pub(crate) struct Timers {
    deadline_by_key: HashMap<TimerKey, i64>,
    keys_by_deadline: BTreeSet<(i64, TimerKey)>,
}

impl Timers {
    pub(crate) fn schedule(&mut self, key: TimerKey, deadline_ms: i64) {
        self.cancel(&key);
        self.deadline_by_key.insert(key.clone(), deadline_ms);
        self.keys_by_deadline.insert((deadline_ms, key));
    }

    pub(crate) fn cancel(&mut self, key: &TimerKey) {
        if let Some(deadline_ms) = self.deadline_by_key.remove(key) {
            let removed = self.keys_by_deadline.remove(&(deadline_ms, key.clone()));
            debug_assert!(removed, "timer indexes out of step");
        }
    }

    pub(crate) fn next_deadline(&self) -> Option<i64> {
        self.keys_by_deadline
            .first()
            .map(|(deadline_ms, _)| *deadline_ms)
    }

    /// Removes and returns the earliest key due at `now_ms`.
    pub(crate) fn pop_due(&mut self, now_ms: i64) -> Option<TimerKey> {
        let (deadline_ms, key) = self.keys_by_deadline.first()?.clone();
        if deadline_ms > now_ms {
            return None;
        }
        self.cancel(&key);
        Some(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rescheduling_replaces_and_pop_is_in_deadline_order() {
        let mut t = Timers::default();
        let a = TimerKey::Join {
            group_id: "a".into(),
        };
        let b = TimerKey::Sync {
            group_id: "b".into(),
        };
        t.schedule(a.clone(), 50);
        t.schedule(b.clone(), 20);
        t.schedule(a.clone(), 10);
        assert_eq!(t.next_deadline(), Some(10));
        assert_eq!(t.pop_due(5), None);
        assert_eq!(t.pop_due(30), Some(a));
        assert_eq!(t.pop_due(30), Some(b.clone()));
        assert_eq!(t.pop_due(30), None);
        t.schedule(b.clone(), 40);
        t.cancel(&b);
        assert_eq!(t.next_deadline(), None);
    }
}
