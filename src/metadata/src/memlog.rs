//! `MemLog`: raft-rs's `Storage`, all in memory. What raft reads; the disk is the journal's.
//!
//! The quorum core mutates it as it takes each Ready (before the journal made the same change
//! durable); raft-rs only sends messages that depend on durability after `advance`, which the
//! driver calls once the journal finished. See `crate::core`.

use raft::eraftpb::{ConfState, Entry, HardState, Snapshot};
use raft::{GetEntriesContext, RaftState, StorageError};

#[derive(Default)]
pub(crate) struct MemLog {
    /// Entries after the snapshot, contiguous.
    entries: Vec<Entry>,
    hard_state: HardState,
    conf_state: ConfState,
    /// The latest snapshot (metadata index 0 = none).
    snapshot: Snapshot,
    /// Set when a peer needed a snapshot the latest one cannot serve (see `Storage::snapshot`).
    snapshot_wanted: std::cell::Cell<bool>,
}

impl MemLog {
    pub(crate) fn new(
        snapshot: Snapshot,
        hard_state: HardState,
        conf_state: ConfState,
        entries: Vec<Entry>,
    ) -> MemLog {
        let log = MemLog {
            entries,
            hard_state,
            conf_state,
            snapshot,
            snapshot_wanted: std::cell::Cell::new(false),
        };
        if let Some(first) = log.entries.first() {
            assert_eq!(
                first.index,
                log.snapshot_index() + 1,
                "invariant broken: recovered entries follow the snapshot"
            );
        }
        log
    }

    /// Whether a peer asked for a snapshot the latest one cannot serve (cleared).
    pub(crate) fn take_snapshot_wanted(&self) -> bool {
        self.snapshot_wanted.replace(false)
    }

    pub(crate) fn snapshot_index(&self) -> u64 {
        self.snapshot.get_metadata().index
    }

    pub(crate) fn hard_state(&self) -> &HardState {
        &self.hard_state
    }

    pub(crate) fn conf_state(&self) -> &ConfState {
        &self.conf_state
    }

    pub(crate) fn first_index(&self) -> u64 {
        self.snapshot_index() + 1
    }

    pub(crate) fn last_index(&self) -> u64 {
        self.entries
            .last()
            .map_or(self.snapshot_index(), |e| e.index)
    }

    /// The entry at `index`, if held (not compacted, not past the end).
    pub(crate) fn entry(&self, index: u64) -> Option<&Entry> {
        let at = index.checked_sub(self.first_index())?;
        self.entries.get(usize::try_from(at).ok()?)
    }

    /// Appends `new` (contiguous), first dropping any conflicting suffix.
    pub(crate) fn append(&mut self, new: &[Entry]) {
        let Some(first) = new.first() else {
            return;
        };
        assert!(
            first.index > self.snapshot_index(),
            "invariant broken: raft rewrites snapshotted entry {} (snapshot at {})",
            first.index,
            self.snapshot_index()
        );
        assert!(
            first.index <= self.last_index() + 1,
            "invariant broken: raft appends entry {} after last index {}",
            first.index,
            self.last_index()
        );
        let keep = (first.index - self.first_index()) as usize;
        self.entries.truncate(keep);
        self.entries.extend_from_slice(new);
    }

    pub(crate) fn set_hard_state(&mut self, hard_state: HardState) {
        self.hard_state = hard_state;
    }

    pub(crate) fn set_conf_state(&mut self, conf_state: ConfState) {
        self.conf_state = conf_state;
    }

    /// A snapshot from the leader replaces the whole log.
    pub(crate) fn install_snapshot(&mut self, snapshot: Snapshot) {
        let meta = snapshot.get_metadata();
        self.hard_state.term = self.hard_state.term.max(meta.term);
        self.hard_state.commit = self.hard_state.commit.max(meta.index);
        self.conf_state = meta.get_conf_state().clone();
        self.entries.clear();
        self.snapshot = snapshot;
    }

    /// A snapshot of applied state made here: drops the entries it covers.
    pub(crate) fn compact(&mut self, snapshot: Snapshot) {
        let index = snapshot.get_metadata().index;
        assert!(
            index <= self.last_index() && index > self.snapshot_index(),
            "invariant broken: snapshot at {index} outside ({}, {}]",
            self.snapshot_index(),
            self.last_index()
        );
        let drop = (index + 1 - self.first_index()) as usize;
        self.entries.drain(..drop);
        self.snapshot = snapshot;
    }
}

impl raft::Storage for MemLog {
    fn initial_state(&self) -> raft::Result<RaftState> {
        Ok(RaftState::new(
            self.hard_state.clone(),
            self.conf_state.clone(),
        ))
    }

    fn entries(
        &self,
        low: u64,
        high: u64,
        max_size: impl Into<Option<u64>>,
        _context: GetEntriesContext,
    ) -> raft::Result<Vec<Entry>> {
        if low < self.first_index() {
            return Err(raft::Error::Store(StorageError::Compacted));
        }
        if high > self.last_index() + 1 || low > high {
            return Err(raft::Error::Store(StorageError::Unavailable));
        }
        let from = (low - self.first_index()) as usize;
        let to = (high - self.first_index()) as usize;
        let mut entries = self.entries[from..to].to_vec();
        raft::util::limit_size(&mut entries, max_size.into());
        Ok(entries)
    }

    fn term(&self, index: u64) -> raft::Result<u64> {
        if index == self.snapshot_index() {
            return Ok(self.snapshot.get_metadata().term);
        }
        if index < self.first_index() {
            return Err(raft::Error::Store(StorageError::Compacted));
        }
        match self.entry(index) {
            Some(entry) => Ok(entry.term),
            None => Err(raft::Error::Store(StorageError::Unavailable)),
        }
    }

    fn first_index(&self) -> raft::Result<u64> {
        Ok(MemLog::first_index(self))
    }

    fn last_index(&self) -> raft::Result<u64> {
        Ok(MemLog::last_index(self))
    }

    fn snapshot(&self, request_index: u64, to: u64) -> raft::Result<Snapshot> {
        // A follower asking for newer state than our latest snapshot waits for the next one
        // (`QuorumCore::maybe_snapshot`, asked for here); raft-rs retries. So does a member
        // added after the latest snapshot: raft-rs refuses to install a snapshot whose
        // configuration does not name it (a learner that joined a dynamic quorum).
        let conf = self.snapshot.get_metadata().get_conf_state();
        let names_peer = conf.voters.contains(&to) || conf.learners.contains(&to);
        if self.snapshot_index() < request_index || self.snapshot_index() == 0 || !names_peer {
            self.snapshot_wanted.set(true);
            return Err(raft::Error::Store(
                StorageError::SnapshotTemporarilyUnavailable,
            ));
        }
        Ok(self.snapshot.clone())
    }
}
