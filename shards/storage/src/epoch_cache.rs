//! Leader epoch cache (Kafka's `LeaderEpochFileCache`) and its `leader-epoch-checkpoint`
//! text format: `0\n<count>\n<epoch> <start offset>\n…`.

use model::{LeaderEpoch, Offset};

/// Kafka's UNDEFINED_EPOCH / UNDEFINED_EPOCH_OFFSET.
pub const UNDEFINED_EPOCH: i32 = -1;
pub const UNDEFINED_EPOCH_OFFSET: i64 = -1;

/// Checkpoint file version Kafka writes.
const CHECKPOINT_VERSION: i64 = 0;
/// Upper bound on entries read from a checkpoint, so a corrupt count cannot allocate wildly.
const CHECKPOINT_ENTRIES_MAX: usize = 1 << 20;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EpochEntry {
    pub epoch: i32,
    pub start_offset: i64,
}

#[derive(Clone, Debug, Default)]
pub struct LeaderEpochCache {
    entries: Vec<EpochEntry>,
}

impl LeaderEpochCache {
    pub fn entries(&self) -> &[EpochEntry] {
        &self.entries
    }

    pub fn latest_epoch(&self) -> Option<i32> {
        self.entries.last().map(|e| e.epoch)
    }

    /// Records `epoch` starting at `start_offset` if it is newer than the latest; returns
    /// whether the cache changed (and must be persisted).
    pub fn assign(&mut self, epoch: LeaderEpoch, start_offset: Offset) -> bool {
        if epoch.0 < 0 || self.latest_epoch().is_some_and(|latest| epoch.0 <= latest) {
            return false;
        }
        self.entries.push(EpochEntry {
            epoch: epoch.0,
            start_offset: start_offset.0,
        });
        true
    }

    /// Kafka's `endOffsetFor`: (largest epoch ≤ requested, start offset of the next epoch),
    /// or (requested, log end) for the latest epoch, or undefined for unknown/too new epochs.
    pub fn end_offset_for(&self, requested: LeaderEpoch, log_end: Offset) -> (LeaderEpoch, Offset) {
        let undefined = (LeaderEpoch(UNDEFINED_EPOCH), Offset(UNDEFINED_EPOCH_OFFSET));
        if requested.0 == UNDEFINED_EPOCH {
            return undefined;
        }
        if self.latest_epoch() == Some(requested.0) {
            return (requested, log_end);
        }
        let Some(higher) = self.entries.iter().find(|e| e.epoch > requested.0) else {
            return undefined;
        };
        match self.entries.iter().rev().find(|e| e.epoch <= requested.0) {
            None => (requested, Offset(higher.start_offset)),
            Some(floor) => (LeaderEpoch(floor.epoch), Offset(higher.start_offset)),
        }
    }

    /// Removes epochs starting at or after `end` (the log was truncated to `end`).
    pub fn truncate_from_end(&mut self, end: Offset) -> bool {
        let before = self.entries.len();
        self.entries.retain(|e| e.start_offset < end.0);
        before != self.entries.len()
    }

    /// The log start moved to `start`: drop epochs wholly before it and move the start of the
    /// epoch covering it up to `start` (Kafka's `truncateFromStart`).
    pub fn truncate_from_start(&mut self, start: Offset) -> bool {
        let covering = self.entries.iter().rposition(|e| e.start_offset <= start.0);
        let Some(covering) = covering else {
            return false;
        };
        let changed = covering > 0 || self.entries[0].start_offset != start.0;
        self.entries.drain(..covering);
        self.entries[0].start_offset = start.0;
        changed
    }

    pub fn encode_checkpoint(&self) -> String {
        let mut out = format!("{CHECKPOINT_VERSION}\n{}\n", self.entries.len());
        for e in &self.entries {
            out.push_str(&format!("{} {}\n", e.epoch, e.start_offset));
        }
        out
    }

    /// Parses a checkpoint; `None` if malformed (the caller starts with an empty cache, as
    /// Kafka would fail the log dir instead; the epoch history only guides follower truncation).
    pub fn decode_checkpoint(text: &str) -> Option<LeaderEpochCache> {
        let mut lines = text.lines();
        if lines.next()?.trim().parse::<i64>().ok()? != CHECKPOINT_VERSION {
            return None;
        }
        let count: usize = lines.next()?.trim().parse().ok()?;
        if count > CHECKPOINT_ENTRIES_MAX {
            return None;
        }
        let mut cache = LeaderEpochCache::default();
        for _ in 0..count {
            let mut fields = lines.next()?.split_whitespace();
            let epoch: i32 = fields.next()?.parse().ok()?;
            let start_offset: i64 = fields.next()?.parse().ok()?;
            if !cache.assign(LeaderEpoch(epoch), Offset(start_offset)) {
                return None;
            }
        }
        Some(cache)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cache() -> LeaderEpochCache {
        let mut c = LeaderEpochCache::default();
        assert!(c.assign(LeaderEpoch(1), Offset(0)));
        assert!(c.assign(LeaderEpoch(3), Offset(100)));
        assert!(!c.assign(LeaderEpoch(3), Offset(150)));
        assert!(!c.assign(LeaderEpoch(2), Offset(150)));
        assert!(c.assign(LeaderEpoch(5), Offset(200)));
        c
    }

    #[test]
    fn end_offset_for_follows_kafka() {
        let c = cache();
        let leo = Offset(250);
        let r = |e| c.end_offset_for(LeaderEpoch(e), leo);
        assert_eq!(r(5), (LeaderEpoch(5), Offset(250)));
        assert_eq!(r(3), (LeaderEpoch(3), Offset(200)));
        assert_eq!(r(4), (LeaderEpoch(3), Offset(200)));
        assert_eq!(r(2), (LeaderEpoch(1), Offset(100)));
        assert_eq!(r(0), (LeaderEpoch(0), Offset(0)));
        assert_eq!(r(6), (LeaderEpoch(-1), Offset(-1)));
        assert_eq!(r(-1), (LeaderEpoch(-1), Offset(-1)));
    }

    #[test]
    fn checkpoint_round_trip_and_truncation() {
        let mut c = cache();
        let text = c.encode_checkpoint();
        assert_eq!(text, "0\n3\n1 0\n3 100\n5 200\n");
        let back = LeaderEpochCache::decode_checkpoint(&text).unwrap();
        assert_eq!(back.entries(), c.entries());
        assert!(LeaderEpochCache::decode_checkpoint("0\n2\n1 0\n").is_none());
        assert!(LeaderEpochCache::decode_checkpoint("garbage").is_none());
        assert!(c.truncate_from_end(Offset(200)));
        assert_eq!(c.latest_epoch(), Some(3));
        assert!(c.truncate_from_start(Offset(120)));
        assert_eq!(
            c.entries(),
            &[EpochEntry {
                epoch: 3,
                start_offset: 120
            }]
        );
    }
}
