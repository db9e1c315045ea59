//! Kafka's sparse offset index (`.index`) and time index (`.timeindex`), kept in memory and
//! appended to their files. Entries are big-endian, as Kafka writes them:
//! `.index` = (i32 relative offset, i32 position), `.timeindex` = (i64 timestamp, i32 relative
//! offset). Kafka preallocates and mmaps these files; Sluice appends (no preallocation), so a
//! file's length is exactly its entries.
//!
//! Invariants (asserted on every push; files read back are checked by `decode_checked` instead):
//! offset index relative offsets and positions strictly increase; time index timestamps strictly
//! increase (`maybe_push` skips the others) and its relative offsets never decrease.

use crate::invariant::invariant;

/// Bytes of one `.index` entry.
pub const OFFSET_ENTRY_BYTES: usize = 8;
/// Bytes of one `.timeindex` entry.
pub const TIME_ENTRY_BYTES: usize = 12;

/// One offset index entry: the last offset of a batch (relative to the segment base, as
/// Kafka ≥ 3 writes it) and the file position where that batch starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OffsetEntry {
    pub relative_offset: u32,
    pub position: u32,
}

/// One time index entry: the largest timestamp so far and the (relative) offset carrying it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimeEntry {
    pub timestamp_ms: i64,
    pub relative_offset: u32,
}

#[derive(Clone, Debug, Default)]
pub struct OffsetIndex {
    entries: Vec<OffsetEntry>,
}

impl OffsetIndex {
    pub fn entries(&self) -> &[OffsetEntry] {
        &self.entries
    }

    /// Appends an entry of `partition`'s segment; it must follow the last one.
    pub fn push(&mut self, partition: &str, entry: OffsetEntry) {
        if let Some(last) = self.entries.last() {
            invariant!(
                partition,
                last.relative_offset < entry.relative_offset,
                "offset index relative offsets strictly increase",
                "last {}, new {}",
                last.relative_offset,
                entry.relative_offset
            );
            invariant!(
                partition,
                last.position < entry.position,
                "offset index positions strictly increase",
                "last {}, new {} (relative offset {})",
                last.position,
                entry.position,
                entry.relative_offset
            );
        }
        self.entries.push(entry);
    }

    /// Position of the batch holding the largest indexed offset ≤ `relative_offset`
    /// (0 = segment start when none).
    pub fn lookup(&self, relative_offset: u32) -> u32 {
        self.lookup_entry(relative_offset).map_or(0, |e| e.position)
    }

    /// The entry with the largest indexed offset ≤ `relative_offset`, if any.
    pub fn lookup_entry(&self, relative_offset: u32) -> Option<OffsetEntry> {
        let after = self
            .entries
            .partition_point(|e| e.relative_offset <= relative_offset);
        after.checked_sub(1).map(|i| self.entries[i])
    }

    /// Drops entries whose batch starts at or after `position` (tail truncation).
    pub fn truncate_to_position(&mut self, position: u32) {
        self.entries.retain(|e| e.position < position);
    }

    pub fn encode_entry(entry: OffsetEntry) -> [u8; OFFSET_ENTRY_BYTES] {
        let mut out = [0u8; OFFSET_ENTRY_BYTES];
        out[..4].copy_from_slice(&entry.relative_offset.to_be_bytes());
        out[4..].copy_from_slice(&entry.position.to_be_bytes());
        out
    }

    #[cfg(test)]
    pub fn encode(&self) -> Vec<u8> {
        self.entries
            .iter()
            .flat_map(|e| Self::encode_entry(*e))
            .collect()
    }

    /// Parses and sanity-checks an index file: whole entries, strictly increasing offsets and
    /// positions, every position inside a log of `log_bytes`. `None` means rebuild it.
    pub fn decode_checked(bytes: &[u8], log_bytes: u64) -> Option<OffsetIndex> {
        if !bytes.len().is_multiple_of(OFFSET_ENTRY_BYTES) {
            return None;
        }
        let mut index = OffsetIndex::default();
        for chunk in bytes.chunks_exact(OFFSET_ENTRY_BYTES) {
            let entry = OffsetEntry {
                relative_offset: u32::from_be_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]),
                position: u32::from_be_bytes([chunk[4], chunk[5], chunk[6], chunk[7]]),
            };
            let increasing = index.entries.last().is_none_or(|last| {
                last.relative_offset < entry.relative_offset && last.position < entry.position
            });
            if !increasing || entry.relative_offset > i32::MAX as u32 {
                return None;
            }
            if u64::from(entry.position) >= log_bytes {
                return None;
            }
            index.entries.push(entry);
        }
        Some(index)
    }
}

#[derive(Clone, Debug, Default)]
pub struct TimeIndex {
    entries: Vec<TimeEntry>,
}

impl TimeIndex {
    pub fn entries(&self) -> &[TimeEntry] {
        &self.entries
    }

    pub fn last(&self) -> Option<TimeEntry> {
        self.entries.last().copied()
    }

    /// Appends only if the timestamp grew (Kafka's `TimeIndex.maybeAppend`); returns whether it
    /// did. An entry whose timestamp grew must not point before the last one (Kafka throws).
    pub fn maybe_push(&mut self, partition: &str, entry: TimeEntry) -> bool {
        if let Some(last) = self.entries.last() {
            if entry.timestamp_ms <= last.timestamp_ms {
                return false;
            }
            invariant!(
                partition,
                last.relative_offset <= entry.relative_offset,
                "time index relative offsets never decrease",
                "last {} at {} ms, new {} at {} ms",
                last.relative_offset,
                last.timestamp_ms,
                entry.relative_offset,
                entry.timestamp_ms
            );
        }
        self.entries.push(entry);
        true
    }

    /// Largest relative offset whose entry timestamp is strictly below `timestamp_ms`:
    /// every batch up to it has max timestamp < target, so a search may start after it.
    pub fn last_offset_below(&self, timestamp_ms: i64) -> Option<u32> {
        let below = self
            .entries
            .partition_point(|e| e.timestamp_ms < timestamp_ms);
        if below == 0 {
            None
        } else {
            Some(self.entries[below - 1].relative_offset)
        }
    }

    pub fn encode_entry(entry: TimeEntry) -> [u8; TIME_ENTRY_BYTES] {
        let mut out = [0u8; TIME_ENTRY_BYTES];
        out[..8].copy_from_slice(&entry.timestamp_ms.to_be_bytes());
        out[8..].copy_from_slice(&entry.relative_offset.to_be_bytes());
        out
    }

    #[cfg(test)]
    pub fn encode(&self) -> Vec<u8> {
        self.entries
            .iter()
            .flat_map(|e| Self::encode_entry(*e))
            .collect()
    }

    /// Parses and sanity-checks a time index: whole entries, increasing timestamps,
    /// non-decreasing offsets, all offsets < `relative_end`. `None` means rebuild it.
    pub fn decode_checked(bytes: &[u8], relative_end: u64) -> Option<TimeIndex> {
        if !bytes.len().is_multiple_of(TIME_ENTRY_BYTES) {
            return None;
        }
        let mut index = TimeIndex::default();
        for chunk in bytes.chunks_exact(TIME_ENTRY_BYTES) {
            let mut ts = [0u8; 8];
            ts.copy_from_slice(&chunk[..8]);
            let entry = TimeEntry {
                timestamp_ms: i64::from_be_bytes(ts),
                relative_offset: u32::from_be_bytes([chunk[8], chunk[9], chunk[10], chunk[11]]),
            };
            let ordered = index.entries.last().is_none_or(|last| {
                last.timestamp_ms < entry.timestamp_ms
                    && last.relative_offset <= entry.relative_offset
            });
            if !ordered || u64::from(entry.relative_offset) >= relative_end {
                return None;
            }
            index.entries.push(entry);
        }
        Some(index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offset_lookup_and_round_trip() {
        let mut index = OffsetIndex::default();
        for i in 1..=10u32 {
            index.push(
                "t-0",
                OffsetEntry {
                    relative_offset: i * 10,
                    position: i * 4096,
                },
            );
        }
        assert_eq!(index.lookup(0), 0);
        assert_eq!(index.lookup(9), 0);
        assert_eq!(index.lookup(10), 4096);
        assert_eq!(index.lookup(55), 5 * 4096);
        assert_eq!(index.lookup(1000), 10 * 4096);
        let decoded = OffsetIndex::decode_checked(&index.encode(), 11 * 4096).unwrap();
        assert_eq!(decoded.entries(), index.entries());
        // position past the log, partial entry, and disorder are all rejected
        assert!(OffsetIndex::decode_checked(&index.encode(), 4096 * 10).is_none());
        assert!(OffsetIndex::decode_checked(&index.encode()[..7], 1 << 30).is_none());
        let mut swapped = index.encode();
        swapped.swap(3, 11);
        assert!(OffsetIndex::decode_checked(&swapped, 1 << 30).is_none());
    }

    #[test]
    fn time_index_rules() {
        let mut index = TimeIndex::default();
        assert!(index.maybe_push(
            "t-0",
            TimeEntry {
                timestamp_ms: 100,
                relative_offset: 3
            }
        ));
        assert!(!index.maybe_push(
            "t-0",
            TimeEntry {
                timestamp_ms: 100,
                relative_offset: 5
            }
        ));
        assert!(index.maybe_push(
            "t-0",
            TimeEntry {
                timestamp_ms: 200,
                relative_offset: 9
            }
        ));
        assert_eq!(index.last_offset_below(100), None);
        assert_eq!(index.last_offset_below(101), Some(3));
        assert_eq!(index.last_offset_below(1000), Some(9));
        let decoded = TimeIndex::decode_checked(&index.encode(), 10).unwrap();
        assert_eq!(decoded.entries(), index.entries());
        assert!(TimeIndex::decode_checked(&index.encode(), 9).is_none());
    }
}
