//! The leader epoch cache: which leader epoch wrote the log from which offset (Kafka's
//! `LeaderEpochFileCache`, storage/.../epoch/LeaderEpochFileCache.java). It answers
//! OffsetForLeaderEpoch and decides where a diverging follower truncates (KIP-101, KIP-279,
//! KIP-320, KIP-595). Persisting it (`leader-epoch-checkpoint`) is the storage layer's job: the
//! runtime hands the entries in at open and writes them out when they change.

use model::{LeaderEpoch, Offset};

/// One entry: `epoch` wrote the log from `start_offset` on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EpochEntry {
    pub epoch: LeaderEpoch,
    pub start_offset: Offset,
}

/// What OffsetForLeaderEpoch answers for a requested epoch: the largest epoch ≤ the requested
/// one that this log knows, and the offset where it ended (the start of the next epoch, or the
/// log end for the latest epoch). Kafka's `UNDEFINED_EPOCH`/`UNDEFINED_EPOCH_OFFSET` answer is
/// `None` where this type is used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EpochEndOffset {
    pub epoch: LeaderEpoch,
    pub end_offset: Offset,
}

/// Entries sorted by epoch; both epochs and start offsets strictly increase (checked after every
/// change).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LeaderEpochCache {
    entries: Vec<EpochEntry>,
}

impl LeaderEpochCache {
    /// A cache holding `entries` (read back from the checkpoint), which must be monotonic.
    pub fn from_entries(entries: Vec<EpochEntry>) -> LeaderEpochCache {
        let cache = LeaderEpochCache { entries };
        cache.assert_monotonic();
        cache
    }

    pub fn entries(&self) -> &[EpochEntry] {
        &self.entries
    }

    pub fn latest(&self) -> Option<EpochEntry> {
        self.entries.last().copied()
    }

    pub fn latest_epoch(&self) -> Option<LeaderEpoch> {
        self.latest().map(|e| e.epoch)
    }

    /// Records that `epoch` starts at `start_offset`, as Kafka's `assign`: nothing to do if the
    /// latest entry is the same epoch starting no later; otherwise every entry that is not
    /// strictly below the new one in both epoch and offset is dropped first (a follower that
    /// appends a new leader's batch over a stale leader's empty epoch, or a re-assigned start).
    /// Returns whether the cache changed (the runtime then checkpoints it).
    pub fn assign(&mut self, epoch: LeaderEpoch, start_offset: Offset) -> bool {
        assert!(
            epoch.0 >= 0 && start_offset.0 >= 0,
            "epoch cache: invalid entry epoch {epoch:?} start {start_offset:?}"
        );
        let update_needed = match self.latest() {
            None => true,
            Some(latest) => latest.epoch != epoch || start_offset < latest.start_offset,
        };
        if !update_needed {
            return false;
        }
        while let Some(last) = self.entries.last() {
            if last.epoch >= epoch || last.start_offset >= start_offset {
                self.entries.pop();
            } else {
                break;
            }
        }
        self.entries.push(EpochEntry {
            epoch,
            start_offset,
        });
        self.assert_monotonic();
        true
    }

    /// Kafka's `endOffsetFor(requestedEpoch, logEndOffset)`:
    /// - the latest epoch ends at the log end (it is still being written);
    /// - an epoch above every known one is undefined (`None`);
    /// - an epoch below every known one ends where the first known epoch starts (its data is
    ///   gone, the follower must start from there), answered with the requested epoch;
    /// - otherwise the largest known epoch ≤ the requested one, ending where the next starts.
    pub fn end_offset_for(
        &self,
        requested: LeaderEpoch,
        log_end: Offset,
    ) -> Option<EpochEndOffset> {
        if requested.0 < 0 {
            return None;
        }
        let latest = self.latest()?;
        if latest.epoch == requested {
            return Some(EpochEndOffset {
                epoch: requested,
                end_offset: log_end,
            });
        }
        let higher = self.entries.iter().find(|e| e.epoch > requested)?;
        let floor = self.entries.iter().rev().find(|e| e.epoch <= requested);
        Some(match floor {
            None => EpochEndOffset {
                epoch: requested,
                end_offset: higher.start_offset,
            },
            Some(floor) => EpochEndOffset {
                epoch: floor.epoch,
                end_offset: higher.start_offset,
            },
        })
    }

    /// The log was truncated to `end_offset`: entries starting at or after it go (Kafka's
    /// `truncateFromEnd`). Returns whether the cache changed.
    pub fn truncate_from_end(&mut self, end_offset: Offset) -> bool {
        let before = self.entries.len();
        self.entries.retain(|e| e.start_offset < end_offset);
        self.entries.len() != before
    }

    /// The log start moved to `start_offset` (retention, DeleteRecords): entries wholly before it
    /// go and the one covering it now starts there (Kafka's `truncateFromStart`).
    pub fn truncate_from_start(&mut self, start_offset: Offset) -> bool {
        let covering = self
            .entries
            .iter()
            .rposition(|e| e.start_offset <= start_offset);
        let Some(index) = covering else {
            return false;
        };
        let epoch = self.entries[index].epoch;
        let changed = index > 0 || self.entries[0].start_offset != start_offset;
        self.entries.drain(..=index);
        self.entries.insert(
            0,
            EpochEntry {
                epoch,
                start_offset,
            },
        );
        self.assert_monotonic();
        changed
    }

    /// The epoch that wrote `offset`, if known.
    pub fn epoch_for_offset(&self, offset: Offset) -> Option<LeaderEpoch> {
        self.entries
            .iter()
            .rev()
            .find(|e| e.start_offset <= offset)
            .map(|e| e.epoch)
    }

    fn assert_monotonic(&self) {
        for pair in self.entries.windows(2) {
            assert!(
                pair[0].epoch < pair[1].epoch && pair[0].start_offset < pair[1].start_offset,
                "epoch cache invariant: epochs and start offsets strictly increase, got {:?}",
                self.entries
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(epoch: i32) -> LeaderEpoch {
        LeaderEpoch(epoch)
    }
    fn o(offset: i64) -> Offset {
        Offset(offset)
    }
    fn cache(entries: &[(i32, i64)]) -> LeaderEpochCache {
        let mut c = LeaderEpochCache::default();
        for &(epoch, start) in entries {
            c.assign(e(epoch), o(start));
        }
        c
    }

    #[test]
    fn assign_keeps_the_first_start_of_an_epoch() {
        let mut c = cache(&[(1, 0)]);
        assert!(!c.assign(e(1), o(5)), "same epoch, later offset: no change");
        assert!(!c.assign(e(1), o(0)), "same epoch, same start: no change");
        assert!(c.assign(e(2), o(5)));
        assert_eq!(c.latest_epoch(), Some(e(2)));
    }

    #[test]
    fn assign_drops_entries_that_are_not_below_the_new_one() {
        // A stale leader assigned epoch 3 at 10 without writing anything; the follower then
        // appends epoch 4's batch at 10: epoch 3 wrote nothing and goes.
        let mut c = cache(&[(1, 0), (3, 10)]);
        assert!(c.assign(e(4), o(10)));
        assert_eq!(
            c.entries(),
            [
                EpochEntry {
                    epoch: e(1),
                    start_offset: o(0)
                },
                EpochEntry {
                    epoch: e(4),
                    start_offset: o(10)
                }
            ]
        );
        // A lower epoch than the latest drops the later ones (Kafka warns and truncates).
        assert!(c.assign(e(2), o(5)));
        assert_eq!(c.latest_epoch(), Some(e(2)));
        assert_eq!(c.entries().len(), 2);
    }

    #[test]
    fn end_offset_for_follows_kafka() {
        let c = cache(&[(1, 0), (3, 10), (5, 20)]);
        let log_end = o(25);
        // Latest epoch: the log end.
        assert_eq!(
            c.end_offset_for(e(5), log_end),
            Some(EpochEndOffset {
                epoch: e(5),
                end_offset: o(25)
            })
        );
        // A known earlier epoch ends where the next starts.
        assert_eq!(
            c.end_offset_for(e(3), log_end),
            Some(EpochEndOffset {
                epoch: e(3),
                end_offset: o(20)
            })
        );
        // An unknown epoch between known ones: the largest epoch below it, ending at the next start.
        assert_eq!(
            c.end_offset_for(e(4), log_end),
            Some(EpochEndOffset {
                epoch: e(3),
                end_offset: o(20)
            })
        );
        // Below every known epoch: the requested epoch, ending at the first start.
        let c2 = cache(&[(3, 10), (5, 20)]);
        assert_eq!(
            c2.end_offset_for(e(2), log_end),
            Some(EpochEndOffset {
                epoch: e(2),
                end_offset: o(10)
            })
        );
        // Above every known epoch, or undefined: no answer.
        assert_eq!(c.end_offset_for(e(6), log_end), None);
        assert_eq!(c.end_offset_for(e(-1), log_end), None);
        assert_eq!(
            LeaderEpochCache::default().end_offset_for(e(0), log_end),
            None
        );
    }

    #[test]
    fn truncation_from_end_and_start() {
        let mut c = cache(&[(1, 0), (3, 10), (5, 20)]);
        assert!(c.truncate_from_end(o(20)));
        assert_eq!(c.latest_epoch(), Some(e(3)));
        assert!(!c.truncate_from_end(o(15)), "epoch 3 still starts below 15");
        assert!(c.truncate_from_start(o(12)));
        assert_eq!(
            c.entries(),
            [EpochEntry {
                epoch: e(3),
                start_offset: o(12)
            }]
        );
        assert_eq!(c.epoch_for_offset(o(11)), None);
        assert_eq!(c.epoch_for_offset(o(14)), Some(e(3)));
    }
}
