//! A simulated power loss of a real `sluice` process: after `kill -9` (which keeps the page
//! cache), every file the node recorded in its `SLUICE_FAILPOINT_SYNC_LOG` is cut back to what
//! its last fdatasync made durable plus a seeded random part of what was written after it, as
//! a disk that persisted some pages and not others; a file created and never synced may lose
//! everything. Files the log never names are left alone (see `storage::sync_log`), and so is
//! the metadata log, which writes and syncs each entry in one call.

use std::collections::HashMap;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

use model::SimRng;

/// What one simulated power loss did to a node's data.
#[derive(Debug, Default)]
pub(crate) struct Report {
    /// Files cut shorter.
    pub(crate) files_cut: usize,
    /// Bytes they lost in all.
    pub(crate) bytes_lost: u64,
    /// Recorded files seen.
    pub(crate) files_recorded: usize,
}

/// Cuts every recorded file in the partition directories under `data` back to its durable
/// length plus a random part of its unsynced tail, drawn from `rng`.
pub(crate) fn simulate(data: &Path, sync_log: &Path, rng: &mut SimRng) -> Report {
    let durable = durable_lengths(sync_log);
    let mut report = Report::default();
    // Partition directories only: storage reports every file it creates, so an inode number
    // a deleted partition file leaves behind is forgotten when storage reuses it, but the
    // metadata log (`__cluster_metadata-0`) and the files at the top of the data dir are not
    // storage's, and one of them may get such a number: a stale record must not cut it.
    let mut files = Vec::new();
    for entry in std::fs::read_dir(data).expect("read a data dir") {
        let entry = entry.expect("a dir entry");
        let name = entry.file_name();
        if entry.file_type().expect("a file type").is_dir()
            && !name.to_string_lossy().starts_with("__cluster_metadata")
        {
            walk(&entry.path(), &mut files);
        }
    }
    files.sort();
    for path in files {
        let meta = std::fs::metadata(&path).expect("stat a data file");
        let Some(&synced) = durable.get(&(meta.dev(), meta.ino())) else {
            continue;
        };
        report.files_recorded += 1;
        if meta.len() <= synced {
            continue;
        }
        let unsynced = meta.len() - synced;
        let kept = synced + rng.below(unsynced + 1);
        if kept < meta.len() {
            let file = std::fs::OpenOptions::new()
                .write(true)
                .open(&path)
                .expect("open a data file");
            file.set_len(kept).expect("cut a data file");
            report.files_cut += 1;
            report.bytes_lost += meta.len() - kept;
        }
    }
    report
}

/// (device, inode) → bytes durable, from the log's lines in order (the last one wins).
fn durable_lengths(sync_log: &Path) -> HashMap<(u64, u64), u64> {
    let text = std::fs::read_to_string(sync_log).unwrap_or_default();
    let mut durable = HashMap::new();
    for line in text.lines() {
        let fields: Vec<u64> = line
            .split(' ')
            .skip(1)
            .map(|f| f.parse().expect("a number in the sync log"))
            .collect();
        match (line.split(' ').next(), fields.as_slice()) {
            (Some("created"), [dev, ino]) => durable.insert((*dev, *ino), 0),
            (Some("synced"), [dev, ino, len]) => durable.insert((*dev, *ino), *len),
            _ => panic!("malformed sync log line {line:?}"),
        };
    }
    durable
}

fn walk(dir: &Path, files: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read a data dir") {
        let entry = entry.expect("a dir entry");
        let kind = entry.file_type().expect("a file type");
        if kind.is_dir() {
            walk(&entry.path(), files);
        } else if kind.is_file() {
            files.push(entry.path());
        }
    }
}
