//! `DiskStorage`: raft-rs's `Storage` over files, with the live tail kept in memory.
//!
//! Files in the log directory (see the crate header for the byte formats):
//! - `entries.log`: append-only CRC32C frames, each a protobuf `eraftpb::Entry`, indexes contiguous.
//! - `raft-state`: the `HardState` and `ConfState`, replaced atomically.
//! - `snapshot-<index>-<term>.snap`: the latest snapshot, replaced atomically.
//!
//! Reads (the `Storage` trait) are served from memory; every mutation is written and fsynced
//! before it returns, so raft-rs may send messages that depend on it.

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

use protobuf::Message as _;
use raft::eraftpb::{ConfState, Entry, HardState, Snapshot};
use raft::{GetEntriesContext, RaftState, StorageError};

use crate::error::MetadataError;
use crate::files::{self, FrameStop};

pub(crate) const ENTRIES_FILE: &str = "entries.log";
pub(crate) const RAFT_STATE_FILE: &str = "raft-state";
const SNAPSHOT_PREFIX: &str = "snapshot-";
const SNAPSHOT_SUFFIX: &str = ".snap";

/// Magic of the `raft-state` file.
const RAFT_STATE_MAGIC: &[u8; 8] = b"SLRAFTS1";
/// Magic of a snapshot file.
const SNAPSHOT_MAGIC: &[u8; 8] = b"SLSNAP01";

/// Largest entry payload: one metadata batch plus protobuf overhead. A raft entry travels to
/// followers in one message, so it stays far below any sane message limit.
pub const ENTRY_BYTES_MAX: usize = 8 * 1024 * 1024;
/// Largest frame in `entries.log` (entry payload + index, term, type fields).
pub(crate) const ENTRY_FRAME_PAYLOAD_MAX: usize = ENTRY_BYTES_MAX + 1024;

pub(crate) struct DiskStorage {
    dir: PathBuf,
    /// Entries after the snapshot, contiguous.
    entries: Vec<Entry>,
    /// Position of each entry's frame in `entries.log` (parallel to `entries`).
    entry_positions: Vec<u64>,
    entries_file: File,
    entries_file_bytes: u64,
    hard_state: HardState,
    conf_state: ConfState,
    /// The latest snapshot (metadata index 0 = none).
    snapshot: Snapshot,
}

impl DiskStorage {
    /// Lays out an empty log whose only voter is `raft_id`.
    pub fn format(dir: &Path, raft_id: u64) -> Result<(), MetadataError> {
        let conf_state = ConfState::from((vec![raft_id], Vec::<u64>::new()));
        write_raft_state(dir, &HardState::default(), &conf_state)?;
        let entries = dir.join(ENTRIES_FILE);
        File::create(&entries)
            .and_then(|f| f.sync_all())
            .map_err(|e| MetadataError::io(&entries, e))?;
        files::sync_dir(dir)
    }

    /// True if `dir` holds log data (entries or a snapshot) that an unformatted dir must not have.
    pub fn has_data(dir: &Path) -> Result<bool, MetadataError> {
        let entries = dir.join(ENTRIES_FILE);
        let entries_bytes = fs::metadata(&entries).map(|m| m.len()).unwrap_or(0);
        Ok(entries_bytes > 0 || !snapshot_files(dir)?.is_empty())
    }

    /// Loads a formatted log: latest snapshot, raft state, entries (torn tail truncated).
    pub fn open(dir: &Path) -> Result<DiskStorage, MetadataError> {
        files::remove_temporaries(dir)?;
        let snapshot = load_latest_snapshot(dir)?;
        let (hard_state, conf_state) = read_raft_state(dir)?;
        let mut storage = DiskStorage {
            dir: dir.to_owned(),
            entries: Vec::new(),
            entry_positions: Vec::new(),
            entries_file: files::open_append(&dir.join(ENTRIES_FILE))?,
            entries_file_bytes: 0,
            hard_state,
            conf_state,
            snapshot,
        };
        storage.load_entries()?;
        storage.check_commit_is_durable()?;
        Ok(storage)
    }

    fn entries_path(&self) -> PathBuf {
        self.dir.join(ENTRIES_FILE)
    }

    fn load_entries(&mut self) -> Result<(), MetadataError> {
        let path = self.entries_path();
        let bytes = files::read(&path)?;
        let (frames, stop) = files::read_frames(&bytes, ENTRY_FRAME_PAYLOAD_MAX);
        for (position, payload) in frames {
            let entry = Entry::parse_from_bytes(payload).map_err(|e| {
                MetadataError::corrupt(&path, format!("entry at byte {position}: {e}"))
            })?;
            self.load_entry(&path, position as u64, entry)?;
        }
        let valid_bytes = match stop {
            FrameStop::End => bytes.len() as u64,
            FrameStop::Torn { at } => {
                tracing::warn!(path = %path.display(), at, dropped_bytes = bytes.len() - at,
                    "metadata: truncating a torn tail of the entries file");
                at as u64
            }
        };
        self.entries_file_bytes = valid_bytes;
        // Entries at or below the snapshot (a crash between snapshot and compaction) occupy
        // file space but are not served; the next compaction drops them.
        if valid_bytes < bytes.len() as u64 {
            self.truncate_file(valid_bytes)?;
        }
        Ok(())
    }

    fn load_entry(
        &mut self,
        path: &Path,
        position: u64,
        entry: Entry,
    ) -> Result<(), MetadataError> {
        let snapshot_index = self.snapshot_index();
        if entry.index <= snapshot_index {
            return Ok(());
        }
        let expected = self.last_index() + 1;
        if entry.index != expected {
            return Err(MetadataError::corrupt(
                path,
                format!(
                    "entry at byte {position} has index {}, expected {expected}",
                    entry.index
                ),
            ));
        }
        self.entries.push(entry);
        self.entry_positions.push(position);
        Ok(())
    }

    /// Committed entries must all be on disk: if the torn tail took some, refuse to open.
    fn check_commit_is_durable(&self) -> Result<(), MetadataError> {
        if self.hard_state.commit > self.last_index() {
            return Err(MetadataError::corrupt(
                &self.entries_path(),
                format!(
                    "holds entries up to {} but {} are committed",
                    self.last_index(),
                    self.hard_state.commit
                ),
            ));
        }
        Ok(())
    }

    pub fn snapshot_index(&self) -> u64 {
        self.snapshot.get_metadata().index
    }

    pub fn hard_state(&self) -> &HardState {
        &self.hard_state
    }

    pub fn conf_state(&self) -> &ConfState {
        &self.conf_state
    }

    pub fn latest_snapshot(&self) -> &Snapshot {
        &self.snapshot
    }

    fn first_index(&self) -> u64 {
        self.snapshot_index() + 1
    }

    fn last_index(&self) -> u64 {
        self.entries
            .last()
            .map_or(self.snapshot_index(), |e| e.index)
    }

    /// Appends `new` (contiguous), first dropping any conflicting suffix, and fsyncs.
    pub fn append(&mut self, new: &[Entry]) -> Result<(), MetadataError> {
        let Some(first) = new.first() else {
            return Ok(());
        };
        assert!(
            first.index > self.snapshot_index(),
            "raft never rewrites snapshotted entries"
        );
        assert!(
            first.index <= self.last_index() + 1,
            "raft appends contiguously"
        );
        let keep = (first.index - self.first_index()) as usize;
        if keep < self.entries.len() {
            let position = self.entry_positions[keep];
            self.entries.truncate(keep);
            self.entry_positions.truncate(keep);
            self.truncate_file(position)?;
        }
        let mut bytes = Vec::new();
        for entry in new {
            let payload = entry.write_to_bytes().map_err(raft::Error::from)?;
            self.entry_positions
                .push(self.entries_file_bytes + bytes.len() as u64);
            bytes.extend(files::frame(&payload));
            self.entries.push(entry.clone());
        }
        let path = self.entries_path();
        self.entries_file
            .write_all(&bytes)
            .and_then(|()| self.entries_file.sync_data())
            .map_err(|e| MetadataError::io(&path, e))?;
        self.entries_file_bytes += bytes.len() as u64;
        Ok(())
    }

    fn truncate_file(&mut self, bytes: u64) -> Result<(), MetadataError> {
        let path = self.entries_path();
        self.entries_file
            .set_len(bytes)
            .and_then(|()| self.entries_file.sync_all())
            .map_err(|e| MetadataError::io(&path, e))?;
        self.entries_file_bytes = bytes;
        Ok(())
    }

    pub fn set_hard_state(&mut self, hard_state: HardState) -> Result<(), MetadataError> {
        write_raft_state(&self.dir, &hard_state, &self.conf_state)?;
        self.hard_state = hard_state;
        Ok(())
    }

    pub fn set_commit(&mut self, commit: u64) -> Result<(), MetadataError> {
        let mut hard_state = self.hard_state.clone();
        hard_state.commit = commit;
        self.set_hard_state(hard_state)
    }

    pub fn set_conf_state(&mut self, conf_state: ConfState) -> Result<(), MetadataError> {
        write_raft_state(&self.dir, &self.hard_state, &conf_state)?;
        self.conf_state = conf_state;
        Ok(())
    }

    /// Saves `snapshot` (built locally from applied state) and drops the entries it covers.
    pub fn save_snapshot_and_compact(&mut self, snapshot: Snapshot) -> Result<(), MetadataError> {
        let index = snapshot.get_metadata().index;
        assert!(
            index <= self.last_index(),
            "snapshots cover only entries we have"
        );
        assert!(index > self.snapshot_index(), "snapshots move forward");
        write_snapshot(&self.dir, &snapshot)?;
        let keep_from = (index + 1 - self.first_index()) as usize;
        let kept = self.entries.split_off(keep_from);
        self.snapshot = snapshot;
        self.rewrite_entries(kept)?;
        remove_snapshots_before(&self.dir, index)
    }

    /// Installs a snapshot received from the leader: it replaces the whole log.
    pub fn install_snapshot(&mut self, snapshot: Snapshot) -> Result<(), MetadataError> {
        let meta = snapshot.get_metadata();
        let index = meta.index;
        write_snapshot(&self.dir, &snapshot)?;
        let mut hard_state = self.hard_state.clone();
        hard_state.term = hard_state.term.max(meta.term);
        hard_state.commit = hard_state.commit.max(index);
        write_raft_state(&self.dir, &hard_state, meta.get_conf_state())?;
        self.hard_state = hard_state;
        self.conf_state = meta.get_conf_state().clone();
        self.snapshot = snapshot;
        self.rewrite_entries(Vec::new())?;
        remove_snapshots_before(&self.dir, index)
    }

    /// Replaces `entries.log` with `kept` (all after the snapshot), atomically.
    fn rewrite_entries(&mut self, kept: Vec<Entry>) -> Result<(), MetadataError> {
        let mut bytes = Vec::new();
        let mut positions = Vec::with_capacity(kept.len());
        for entry in &kept {
            let payload = entry.write_to_bytes().map_err(raft::Error::from)?;
            positions.push(bytes.len() as u64);
            bytes.extend(files::frame(&payload));
        }
        files::write_atomically(&self.dir, ENTRIES_FILE, &bytes)?;
        self.entries_file = files::open_append(&self.entries_path())?;
        self.entries_file_bytes = bytes.len() as u64;
        self.entries = kept;
        self.entry_positions = positions;
        Ok(())
    }
}

impl raft::Storage for DiskStorage {
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
        if index > self.last_index() {
            return Err(raft::Error::Store(StorageError::Unavailable));
        }
        Ok(self.entries[(index - self.first_index()) as usize].term)
    }

    fn first_index(&self) -> raft::Result<u64> {
        Ok(DiskStorage::first_index(self))
    }

    fn last_index(&self) -> raft::Result<u64> {
        Ok(DiskStorage::last_index(self))
    }

    fn snapshot(&self, request_index: u64, _to: u64) -> raft::Result<Snapshot> {
        // A follower asking for newer state than our latest snapshot waits for the next one
        // (`MetadataLog::maybe_snapshot`); raft-rs retries.
        if self.snapshot_index() < request_index || self.snapshot_index() == 0 {
            return Err(raft::Error::Store(
                StorageError::SnapshotTemporarilyUnavailable,
            ));
        }
        Ok(self.snapshot.clone())
    }
}

/// `magic | hs_len:u32 | HardState | cs_len:u32 | ConfState | crc32c:u32 (of all before)`.
fn write_raft_state(dir: &Path, hs: &HardState, cs: &ConfState) -> Result<(), MetadataError> {
    let mut bytes = RAFT_STATE_MAGIC.to_vec();
    for message in [hs.write_to_bytes(), cs.write_to_bytes()] {
        let message = message.map_err(raft::Error::from)?;
        bytes.extend_from_slice(&(message.len() as u32).to_be_bytes());
        bytes.extend_from_slice(&message);
    }
    let crc = crc32c::crc32c(&bytes);
    bytes.extend_from_slice(&crc.to_be_bytes());
    files::write_atomically(dir, RAFT_STATE_FILE, &bytes)
}

pub(crate) fn read_raft_state(dir: &Path) -> Result<(HardState, ConfState), MetadataError> {
    let path = dir.join(RAFT_STATE_FILE);
    let bytes = files::read(&path)?;
    let corrupt = |reason: &str| MetadataError::corrupt(&path, reason);
    let body = checked_body(&bytes, RAFT_STATE_MAGIC).ok_or_else(|| corrupt("bad magic or CRC"))?;
    let (hs, rest) = split_message(body).ok_or_else(|| corrupt("truncated hard state"))?;
    let (cs, rest) = split_message(rest).ok_or_else(|| corrupt("truncated conf state"))?;
    if !rest.is_empty() {
        return Err(corrupt("trailing bytes"));
    }
    let hs = HardState::parse_from_bytes(hs).map_err(|e| corrupt(&format!("hard state: {e}")))?;
    let cs = ConfState::parse_from_bytes(cs).map_err(|e| corrupt(&format!("conf state: {e}")))?;
    Ok((hs, cs))
}

/// `bytes` without magic and trailing CRC, if both check out.
fn checked_body<'a>(bytes: &'a [u8], magic: &[u8; 8]) -> Option<&'a [u8]> {
    let crc_at = bytes.len().checked_sub(4)?;
    let (covered, crc) = bytes.split_at(crc_at);
    if crc32c::crc32c(covered).to_be_bytes() != crc {
        return None;
    }
    covered.strip_prefix(&magic[..])
}

fn split_message(bytes: &[u8]) -> Option<(&[u8], &[u8])> {
    let len = u32::from_be_bytes(bytes.get(..4)?.try_into().ok()?) as usize;
    let message = bytes.get(4..4 + len)?;
    Some((message, &bytes[4 + len..]))
}

pub(crate) fn snapshot_name(index: u64, term: u64) -> String {
    format!("{SNAPSHOT_PREFIX}{index:020}-{term:020}{SNAPSHOT_SUFFIX}")
}

/// `(index, path)` of every snapshot file in `dir`, lowest index first.
fn snapshot_files(dir: &Path) -> Result<Vec<(u64, PathBuf)>, MetadataError> {
    let mut found = Vec::new();
    for path in files::list_dir(dir)? {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let index = name
            .strip_prefix(SNAPSHOT_PREFIX)
            .and_then(|n| n.strip_suffix(SNAPSHOT_SUFFIX))
            .and_then(|n| n.split_once('-'))
            .and_then(|(index, _term)| index.parse::<u64>().ok());
        if let Some(index) = index {
            found.push((index, path));
        }
    }
    found.sort();
    Ok(found)
}

/// `magic | Snapshot protobuf | crc32c:u32 (of all before)`, named by index and term.
fn write_snapshot(dir: &Path, snapshot: &Snapshot) -> Result<(), MetadataError> {
    let meta = snapshot.get_metadata();
    let mut bytes = SNAPSHOT_MAGIC.to_vec();
    bytes.extend(snapshot.write_to_bytes().map_err(raft::Error::from)?);
    let crc = crc32c::crc32c(&bytes);
    bytes.extend_from_slice(&crc.to_be_bytes());
    files::write_atomically(dir, &snapshot_name(meta.index, meta.term), &bytes)
}

pub(crate) fn load_latest_snapshot(dir: &Path) -> Result<Snapshot, MetadataError> {
    let Some((index, path)) = snapshot_files(dir)?.pop() else {
        return Ok(Snapshot::default());
    };
    let bytes = files::read(&path)?;
    let body = checked_body(&bytes, SNAPSHOT_MAGIC)
        .ok_or_else(|| MetadataError::corrupt(&path, "bad magic or CRC"))?;
    let snapshot = Snapshot::parse_from_bytes(body)
        .map_err(|e| MetadataError::corrupt(&path, format!("snapshot: {e}")))?;
    if snapshot.get_metadata().index != index {
        return Err(MetadataError::corrupt(
            &path,
            "index differs from the file name",
        ));
    }
    Ok(snapshot)
}

fn remove_snapshots_before(dir: &Path, index: u64) -> Result<(), MetadataError> {
    for (old, path) in snapshot_files(dir)? {
        if old < index {
            fs::remove_file(&path).map_err(|e| MetadataError::io(&path, e))?;
        }
    }
    Ok(())
}
