//! Fault injection for storage tests (feature `fault-injection`, off in the broker): fail
//! fdatasync on demand and simulate a power loss that drops everything not fdatasync'd.
//!
//! The hook is [`crate::files::fdatasync`], the one path every data and index sync takes.
//! Writes themselves are not intercepted: a file's *durable image* is captured after each
//! successful fdatasync (its whole content, keyed by device and inode so renames keep it), and
//! [`power_loss`] rewrites each file of a directory to its durable image plus a seeded random
//! part of what was written after it — as a disk that persisted some pages and not others.
//!
//! State is process-wide (tests run executors on several threads) and scoped by directory:
//! only files under a directory passed to [`enroll`] are captured or failed, so tests running
//! in parallel do not see each other's faults. Storage reports each file it creates
//! (`files::open_rw`, `files::write_atomic`), which forgets any image of a deleted file whose
//! inode number the new one reuses. Directory fsyncs are not modelled: a file that was never
//! fdatasync'd may vanish whole, which covers a lost directory entry.

use std::collections::HashMap;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

/// Set once anything is enrolled: without it the hooks cost one relaxed load.
static ACTIVE: AtomicBool = AtomicBool::new(false);
static STATE: Mutex<Option<State>> = Mutex::new(None);

#[derive(Default)]
struct State {
    /// Enrolled directories and how many of their next fdatasyncs fail.
    dirs: Vec<(PathBuf, u32)>,
    /// (device, inode) → content as of the last successful fdatasync.
    durable: HashMap<(u64, u64), Vec<u8>>,
}

fn with_state<T>(f: impl FnOnce(&mut State) -> T) -> T {
    let mut guard = STATE
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    f(guard.get_or_insert_with(State::default))
}

/// Starts capturing durable images of the files under `dir` (created if missing).
pub fn enroll(dir: &Path) {
    std::fs::create_dir_all(dir).expect("create the enrolled directory");
    let dir = dir.canonicalize().expect("canonical enrolled directory");
    with_state(|s| s.dirs.push((dir, 0)));
    ACTIVE.store(true, Ordering::Relaxed);
}

/// Makes the next `count` fdatasyncs of files under `dir` fail with EIO (without syncing).
pub fn fail_next_fsyncs(dir: &Path, count: u32) {
    let dir = dir.canonicalize().expect("enrolled directory exists");
    with_state(|s| match s.dirs.iter_mut().find(|(d, _)| *d == dir) {
        Some((_, left)) => *left = count,
        None => panic!("{} is not enrolled", dir.display()),
    });
}

/// The path of an open file descriptor, and the enrolled directory it lies under.
fn enrolled_path(state: &State, fd: i32) -> Option<(PathBuf, usize)> {
    let path = std::fs::read_link(format!("/proc/self/fd/{fd}")).ok()?;
    let at = state.dirs.iter().position(|(d, _)| path.starts_with(d))?;
    Some((path, at))
}

/// Called before a real fdatasync: `Err` if a failure is armed for this file's directory.
pub(crate) fn before_sync(fd: i32) -> std::io::Result<()> {
    if !ACTIVE.load(Ordering::Relaxed) {
        return Ok(());
    }
    with_state(|s| {
        let Some((_, at)) = enrolled_path(s, fd) else {
            return Ok(());
        };
        let left = &mut s.dirs[at].1;
        if *left == 0 {
            return Ok(());
        }
        *left -= 1;
        Err(std::io::Error::from_raw_os_error(libc::EIO))
    })
}

/// Called after a successful fdatasync: the file's content is now its durable image.
pub(crate) fn after_sync(fd: i32) {
    if !ACTIVE.load(Ordering::Relaxed) {
        return;
    }
    with_state(|s| {
        let Some((path, _)) = enrolled_path(s, fd) else {
            return;
        };
        let (Ok(meta), Ok(content)) = (std::fs::metadata(&path), std::fs::read(&path)) else {
            return;
        };
        s.durable.insert((meta.dev(), meta.ino()), content);
    });
}

/// Called when storage creates a file: a new file has no durable content, whatever an earlier
/// file with the same inode number (unlinked, then reused by the file system) had synced.
pub(crate) fn file_created(fd: i32) {
    if !ACTIVE.load(Ordering::Relaxed) {
        return;
    }
    with_state(|s| {
        let Some((path, _)) = enrolled_path(s, fd) else {
            return;
        };
        if let Ok(meta) = std::fs::metadata(&path) {
            s.durable.remove(&(meta.dev(), meta.ino()));
        }
    });
}

/// What a simulated power loss did to a directory.
#[derive(Debug, Default)]
pub struct PowerLoss {
    /// Files cut back to their durable image plus a random part of the unsynced tail.
    pub files_cut: usize,
    /// Never-synced files removed.
    pub files_removed: usize,
    /// Unsynced bytes dropped, in all.
    pub bytes_dropped: u64,
}

/// Simulates a power loss for the regular files directly in `dir`: each keeps its durable
/// image, then a seeded random prefix of what was appended after it (sometimes with its last
/// 512 bytes zeroed, as a file size that reached the disk before the data did). A file never
/// fdatasync'd keeps a random prefix or vanishes. Call only while no log has `dir` open.
pub fn power_loss(dir: &Path, seed: u64) -> PowerLoss {
    let mut rng = seed | 1;
    let mut report = PowerLoss::default();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("read the directory")
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.is_file())
        .collect();
    entries.sort();
    for path in entries {
        let meta = std::fs::metadata(&path).expect("stat");
        let current = std::fs::read(&path).expect("read");
        let durable = with_state(|s| s.durable.get(&(meta.dev(), meta.ino())).cloned());
        let (kept, tail) = match durable {
            Some(image) if current.starts_with(&image) => (image.clone(), &current[image.len()..]),
            // Synced bytes were overwritten since: the overwrite was not synced, undo it all.
            Some(image) => (image, &current[..0]),
            None if random(&mut rng).is_multiple_of(4) => {
                std::fs::remove_file(&path).expect("remove");
                report.files_removed += 1;
                report.bytes_dropped += current.len() as u64;
                continue;
            }
            None => (Vec::new(), &current[..]),
        };
        let keep_bytes = (random(&mut rng) % (tail.len() as u64 + 1)) as usize;
        let mut content = kept;
        content.extend_from_slice(&tail[..keep_bytes]);
        if keep_bytes > 0 && random(&mut rng).is_multiple_of(3) {
            let zero_from = content.len() - keep_bytes.min(512);
            content[zero_from..].fill(0);
        }
        if content != current {
            report.files_cut += 1;
            report.bytes_dropped += current.len().saturating_sub(content.len()) as u64;
            std::fs::write(&path, &content).expect("rewrite");
        }
    }
    report
}

/// xorshift64*.
fn random(state: &mut u64) -> u64 {
    *state ^= *state >> 12;
    *state ^= *state << 25;
    *state ^= *state >> 27;
    state.wrapping_mul(0x2545_f491_4f6c_dd1d)
}
