//! `FileJournal`: the metadata log's files, written by [`Journal::persist`] one Ready round at a time.
//!
//! Files in the log directory (see the crate header for the byte formats):
//! - `entries.log`: append-only CRC32C frames, each a protobuf `eraftpb::Entry`, indexes contiguous.
//! - `raft-state`: the `HardState` and `ConfState`, replaced atomically.
//! - `snapshot-<index>-<term>.snap`: the latest snapshot, replaced atomically.
//!
//! raft-rs reads from memory (`crate::memlog::MemLog`); the journal only writes, and every
//! `persist` is on stable storage (fsynced) before it returns.

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

use protobuf::Message as _;
use raft::eraftpb::{ConfState, Entry, HardState, Snapshot};

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

/// Where the journal finds a recovered log: the latest snapshot, the raft state and the
/// entries after the snapshot (torn tail truncated).
pub struct Recovered {
    pub snapshot: Snapshot,
    pub hard_state: HardState,
    pub conf_state: ConfState,
    pub entries: Vec<Entry>,
}

/// What one Ready round must make durable before its persisted messages go out and raft
/// advances, applied in this order.
#[derive(Clone, Debug, Default)]
pub struct Persist {
    /// A snapshot from the leader: it replaces the whole log.
    pub install_snapshot: Option<Snapshot>,
    /// Entries to append; a stored entry at or after the first one's index is dropped first.
    pub entries: Vec<Entry>,
    /// Term and vote, commit (never past what is applied) and the conf state as of it.
    pub raft_state: Option<(HardState, ConfState)>,
    /// A snapshot of applied state made here: written, then the entries it covers dropped.
    pub compact: Option<Snapshot>,
}

impl Persist {
    pub fn is_empty(&self) -> bool {
        self.install_snapshot.is_none()
            && self.entries.is_empty()
            && self.raft_state.is_none()
            && self.compact.is_none()
    }
}

/// Makes a round's [`Persist`] durable. The file journal does it with blocking IO and fsync (the
/// runtime runs it off the reactor); the simulation's journal keeps it in memory and can lose
/// the part of a round a crash interrupts.
pub trait Journal {
    fn persist(&mut self, persist: &Persist) -> Result<(), MetadataError>;
}

/// The metadata log's files. Blocking `std::fs` IO: the runtime runs [`Journal::persist`] on a
/// blocking thread, never on a reactor. `Send`, so it can move there and back.
pub struct FileJournal {
    dir: PathBuf,
    /// Index of the first entry in `entries.log` and the position of each entry's frame.
    first_index: u64,
    entry_positions: Vec<u64>,
    entries_file: File,
    entries_file_bytes: u64,
    snapshot_index: u64,
    hard_state: HardState,
    conf_state: ConfState,
}

impl FileJournal {
    /// Lays out an empty log whose voters are `voters` (raft ids).
    ///
    /// `bootstrap` records (a dynamic quorum's `kraft.version` and its voters' endpoints) go
    /// into a snapshot at index 1, term 1, identical on every node formatted alike, so each
    /// voter knows how to reach the others before any leader exists.
    pub fn format(
        dir: &Path,
        voters: &[u64],
        bootstrap: &[crate::MetadataRecord],
    ) -> Result<(), MetadataError> {
        let conf_state = ConfState::from((voters.to_vec(), Vec::<u64>::new()));
        let mut hard_state = HardState::default();
        if !bootstrap.is_empty() {
            let mut snapshot = Snapshot {
                data: crate::record::encode_batch(bootstrap).to_vec().into(),
                ..Default::default()
            };
            let meta = snapshot.mut_metadata();
            meta.index = 1;
            meta.term = 1;
            meta.set_conf_state(conf_state.clone());
            write_snapshot(dir, &snapshot)?;
            hard_state.term = 1;
            hard_state.commit = 1;
        }
        write_raft_state(dir, &hard_state, &conf_state)?;
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
    pub fn open(dir: &Path) -> Result<(FileJournal, Recovered), MetadataError> {
        files::remove_temporaries(dir)?;
        let snapshot = load_latest_snapshot(dir)?;
        let (hard_state, conf_state) = read_raft_state(dir)?;
        let snapshot_index = snapshot.get_metadata().index;
        let mut journal = FileJournal {
            dir: dir.to_owned(),
            first_index: snapshot_index + 1,
            entry_positions: Vec::new(),
            entries_file: files::open_append(&dir.join(ENTRIES_FILE))?,
            entries_file_bytes: 0,
            snapshot_index,
            hard_state: hard_state.clone(),
            conf_state: conf_state.clone(),
        };
        let entries = journal.load_entries()?;
        let last_index = entries.last().map_or(snapshot_index, |e| e.index);
        // Committed entries must all be on disk: if the torn tail took some, refuse to open.
        if hard_state.commit > last_index {
            return Err(MetadataError::corrupt(
                &journal.entries_path(),
                format!(
                    "holds entries up to {last_index} but {} are committed",
                    hard_state.commit
                ),
            ));
        }
        let recovered = Recovered {
            snapshot,
            hard_state,
            conf_state,
            entries,
        };
        Ok((journal, recovered))
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn entries_path(&self) -> PathBuf {
        self.dir.join(ENTRIES_FILE)
    }

    fn load_entries(&mut self) -> Result<Vec<Entry>, MetadataError> {
        let path = self.entries_path();
        let bytes = files::read(&path)?;
        let (frames, stop) = files::read_frames(&bytes, ENTRY_FRAME_PAYLOAD_MAX);
        let mut entries: Vec<Entry> = Vec::new();
        let mut valid_bytes = match stop {
            FrameStop::End => bytes.len() as u64,
            FrameStop::Torn { at } => {
                tracing::warn!(path = %path.display(), at, dropped_bytes = bytes.len() - at,
                    "metadata: truncating a torn tail of the entries file");
                at as u64
            }
        };
        for (position, payload) in frames {
            let entry = Entry::parse_from_bytes(payload).map_err(|e| {
                MetadataError::corrupt(&path, format!("entry at byte {position}: {e}"))
            })?;
            // Entries at or below the snapshot (a crash between snapshot and compaction)
            // are dropped with the file's head the next compaction rewrites.
            if entry.index <= self.snapshot_index {
                self.first_index = entry.index + 1;
                self.entry_positions.clear();
                entries.clear();
                continue;
            }
            let expected = entries.last().map_or(self.snapshot_index, |e| e.index) + 1;
            if entry.index != expected {
                return Err(MetadataError::corrupt(
                    &path,
                    format!(
                        "entry at byte {position} has index {}, expected {expected}",
                        entry.index
                    ),
                ));
            }
            if entries.is_empty() {
                self.first_index = entry.index;
            }
            self.entry_positions.push(position as u64);
            entries.push(entry);
        }
        if entries.is_empty() {
            self.first_index = self.snapshot_index + 1;
            // Only covered entries (or none): the file holds nothing to serve.
            if valid_bytes > 0 {
                valid_bytes = 0;
            }
        }
        self.entries_file_bytes = valid_bytes;
        if valid_bytes < bytes.len() as u64 {
            self.truncate_file(valid_bytes)?;
        }
        Ok(entries)
    }

    fn last_index(&self) -> u64 {
        if self.entry_positions.is_empty() {
            self.snapshot_index
        } else {
            self.first_index + self.entry_positions.len() as u64 - 1
        }
    }

    /// Appends `new` (contiguous), first dropping any conflicting suffix, and fsyncs.
    fn append(&mut self, new: &[Entry]) -> Result<(), MetadataError> {
        let Some(first) = new.first() else {
            return Ok(());
        };
        assert!(
            first.index > self.snapshot_index && first.index <= self.last_index() + 1,
            "invariant broken: journal append at {} outside ({}, {}]",
            first.index,
            self.snapshot_index,
            self.last_index() + 1
        );
        if self.entry_positions.is_empty() {
            self.first_index = first.index;
        }
        let keep = (first.index - self.first_index) as usize;
        if keep < self.entry_positions.len() {
            let position = self.entry_positions[keep];
            self.entry_positions.truncate(keep);
            self.truncate_file(position)?;
        }
        let mut bytes = Vec::new();
        for entry in new {
            let payload = entry.write_to_bytes().map_err(raft::Error::from)?;
            self.entry_positions
                .push(self.entries_file_bytes + bytes.len() as u64);
            bytes.extend(files::frame(&payload));
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

    fn set_raft_state(&mut self, hs: &HardState, cs: &ConfState) -> Result<(), MetadataError> {
        let mut hs = hs.clone();
        // A commit index is only ever written for entries on disk (and never behind a
        // snapshot this journal holds).
        hs.commit = hs.commit.min(self.last_index()).max(self.snapshot_index);
        write_raft_state(&self.dir, &hs, cs)?;
        self.hard_state = hs;
        self.conf_state = cs.clone();
        Ok(())
    }

    /// Saves `snapshot` (built locally from applied state) and drops the entries it covers.
    fn compact(&mut self, snapshot: &Snapshot) -> Result<(), MetadataError> {
        let index = snapshot.get_metadata().index;
        assert!(
            index <= self.last_index() && index > self.snapshot_index,
            "invariant broken: journal snapshot at {index} outside ({}, {}]",
            self.snapshot_index,
            self.last_index()
        );
        write_snapshot(&self.dir, snapshot)?;
        self.snapshot_index = index;
        // Keep the frames after `index`: copy the file's tail from the first kept frame.
        let keep_from = (index + 1 - self.first_index) as usize;
        let tail_at = self
            .entry_positions
            .get(keep_from)
            .copied()
            .unwrap_or(self.entries_file_bytes);
        let bytes = files::read(&self.entries_path())?;
        let tail = bytes
            .get(tail_at as usize..self.entries_file_bytes as usize)
            .ok_or_else(|| MetadataError::corrupt(&self.entries_path(), "shorter than written"))?;
        let positions = self.entry_positions[keep_from.min(self.entry_positions.len())..]
            .iter()
            .map(|p| p - tail_at)
            .collect();
        self.rewrite_entries(tail, index + 1, positions)?;
        remove_snapshots_before(&self.dir, index)
    }

    /// Installs a snapshot received from the leader: it replaces the whole log.
    fn install_snapshot(&mut self, snapshot: &Snapshot) -> Result<(), MetadataError> {
        let meta = snapshot.get_metadata();
        let index = meta.index;
        write_snapshot(&self.dir, snapshot)?;
        self.snapshot_index = index;
        self.rewrite_entries(&[], index + 1, Vec::new())?;
        let mut hard_state = self.hard_state.clone();
        hard_state.term = hard_state.term.max(meta.term);
        hard_state.commit = hard_state.commit.max(index);
        self.set_raft_state(&hard_state, meta.get_conf_state())?;
        remove_snapshots_before(&self.dir, index)
    }

    /// Replaces `entries.log` with `bytes` (frames of entries from `first_index`), atomically.
    fn rewrite_entries(
        &mut self,
        bytes: &[u8],
        first_index: u64,
        positions: Vec<u64>,
    ) -> Result<(), MetadataError> {
        files::write_atomically(&self.dir, ENTRIES_FILE, bytes)?;
        self.entries_file = files::open_append(&self.entries_path())?;
        self.entries_file_bytes = bytes.len() as u64;
        self.first_index = first_index;
        self.entry_positions = positions;
        Ok(())
    }
}

impl Journal for FileJournal {
    fn persist(&mut self, persist: &Persist) -> Result<(), MetadataError> {
        if let Some(snapshot) = &persist.install_snapshot {
            self.install_snapshot(snapshot)?;
        }
        self.append(&persist.entries)?;
        if let Some((hs, cs)) = &persist.raft_state {
            self.set_raft_state(hs, cs)?;
        }
        if let Some(snapshot) = &persist.compact {
            self.compact(snapshot)?;
        }
        Ok(())
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
