//! Test failpoint `SLUICE_FAILPOINT_SYNC_LOG=PATH`: a broker process started with it appends one
//! line to PATH for each partition-log file it creates and each fdatasync that succeeds, so a
//! test can simulate a power loss of a real process after `kill -9` (which keeps the page cache):
//! cut every recorded file back to what its last sync made durable, plus a random part of the
//! rest (tests/integration's `power_loss`).
//!
//! Lines (files keyed by device and inode, so renames keep them):
//! - `created DEV INO`: a new file; nothing of it is durable until it is synced.
//! - `synced DEV INO LEN`: an fdatasync succeeded; the file's first LEN bytes are durable. LEN is
//!   the length when the sync was *issued*: what was written before is covered, what was written
//!   while it ran may not be.
//!
//! Files that are never listed (the metadata journal, which writes and syncs in one call, and
//! files of earlier processes) are left as they are. Without the variable (every real
//! deployment) each hook costs one load of a `OnceLock`.

use std::fs::File;
use std::io::Write;
use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::sync::OnceLock;

/// The log file, opened for appending on first use; `None` without the variable.
fn log() -> Option<&'static File> {
    static LOG: OnceLock<Option<File>> = OnceLock::new();
    LOG.get_or_init(|| {
        let path = std::env::var_os("SLUICE_FAILPOINT_SYNC_LOG")?;
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .unwrap_or_else(|e| {
                panic!(
                    "SLUICE_FAILPOINT_SYNC_LOG {}: {e}",
                    Path::new(&path).display()
                )
            });
        Some(file)
    })
    .as_ref()
}

pub(crate) fn active() -> bool {
    log().is_some()
}

/// One line, one `write` (O_APPEND): lines of concurrent shards never interleave.
fn append(line: String) {
    if let Some(mut file) = log() {
        // A test failpoint that cannot record would make its power loss a lie.
        file.write_all(line.as_bytes())
            .expect("write SLUICE_FAILPOINT_SYNC_LOG");
    }
}

/// The (device, inode, length) of the file at `path`, when the failpoint is active.
pub(crate) fn identify(path: Option<&Path>) -> Option<(u64, u64, u64)> {
    if !active() {
        return None;
    }
    let meta = std::fs::metadata(path?).ok()?;
    Some((meta.dev(), meta.ino(), meta.len()))
}

pub(crate) fn created(path: &Path) {
    if let Some((dev, ino, _)) = identify(Some(path)) {
        append(format!("created {dev} {ino}\n"));
    }
}

/// After a successful fdatasync of a file that `identify` described before it was issued.
pub(crate) fn synced((dev, ino, len): (u64, u64, u64)) {
    append(format!("synced {dev} {ino} {len}\n"));
}
