//! One process per log directory, as Kafka's `.lock` file ensures: every log dir is locked
//! (`flock`, exclusive, non-blocking) before anything in it is read or written, and stays
//! locked while the process lives (the kernel drops the lock when it exits, kill -9 included).
//! A second broker started on the same directories is refused with Kafka's message instead
//! of writing into the same segment files as the first.

use anyhow::Context;
use std::fs::File;
use std::os::fd::AsRawFd;
use std::path::Path;

/// The lock file's name in each log dir (Kafka's).
pub const LOCK_FILE: &str = ".lock";

/// Locks `dir` (created if missing); the lock lasts as long as the returned file is open.
pub fn lock(dir: &Path) -> anyhow::Result<File> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating log dir {}", dir.display()))?;
    let path = dir.join(LOCK_FILE);
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .with_context(|| format!("opening {}", path.display()))?;
    // SAFETY: flock on a descriptor this function owns; no memory is passed.
    let rc = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
    if rc != 0 {
        let e = std::io::Error::last_os_error();
        if e.raw_os_error() == Some(libc::EWOULDBLOCK) {
            anyhow::bail!(
                "Failed to acquire lock on file {LOCK_FILE} in {}. A Kafka instance in another process or thread is using this directory.",
                dir.display()
            );
        }
        return Err(e).with_context(|| format!("locking {}", path.display()));
    }
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_on_a_dir_is_refused_until_the_first_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let first = lock(dir.path()).unwrap();
        // flock locks belong to the open file description: a second open conflicts, as a
        // second process would.
        let second = lock(dir.path()).unwrap_err().to_string();
        assert!(
            second.contains("Failed to acquire lock on file .lock in")
                && second.contains("is using this directory"),
            "{second}"
        );
        drop(first);
        lock(dir.path()).unwrap();
    }
}
