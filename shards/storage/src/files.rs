//! File names of a partition directory and small-file IO (checkpoints, snapshots).
//!
//! Small files are written whole: temp file, fdatasync, rename, directory fsync — a reader
//! sees the old or the new version, never a torn one.

use std::path::{Path, PathBuf};

use glommio::io::{BufferedFile, Directory, OpenOptions};

use crate::error::StorageError;

pub const LOG_SUFFIX: &str = "log";
pub const INDEX_SUFFIX: &str = "index";
pub const TIME_INDEX_SUFFIX: &str = "timeindex";
pub const SNAPSHOT_SUFFIX: &str = "snapshot";
/// Kafka's suffix for segments waiting for `file.delete.delay.ms` before removal.
pub const DELETED_SUFFIX: &str = ".deleted";
const TEMP_SUFFIX: &str = ".tmp";
/// Kafka's suffix of a segment the cleaner is still writing: never read, removed on open.
pub const CLEANED_SUFFIX: &str = ".cleaned";
/// Kafka's suffix of a cleaned segment that is complete and durable and replaces the segments
/// its offsets cover: open finishes the swap (see `recovery::finish_swaps`).
pub const SWAP_SUFFIX: &str = ".swap";
/// Kafka's per-log-dir file of the cleaner's progress: `0\n<count>\n<topic> <partition> <offset>\n…`.
pub const CLEANER_CHECKPOINT: &str = "cleaner-offset-checkpoint";
pub const LEADER_EPOCH_CHECKPOINT: &str = "leader-epoch-checkpoint";
/// Sluice's own per-partition file: `0\n<recovery point>\n<log start offset>\n`.
pub const RECOVERY_POINT: &str = "recovery-point";
/// Replicated mode only: the high watermark the replica state machine last set, written by
/// `checkpoint_high_watermark` and `close` (Kafka's `replication-offset-checkpoint`, kept per
/// partition as the recovery point is): `0\n<high watermark>\n`.
pub const HIGH_WATERMARK_CHECKPOINT: &str = "high-watermark-checkpoint";
/// Written by `close`, removed by `open`: its presence means the last shutdown was clean.
pub const CLEAN_SHUTDOWN: &str = "clean-shutdown";
const RECOVERY_POINT_VERSION: i64 = 0;

/// `<20-digit offset>.<suffix>`, Kafka's naming.
pub fn offset_file(dir: &Path, offset: i64, suffix: &str) -> PathBuf {
    dir.join(format!("{offset:020}.{suffix}"))
}

/// `<topic>-<partition>`: the directory's name, as invariant messages and errors name a log.
pub fn partition_name(dir: &Path) -> std::rc::Rc<str> {
    dir.file_name()
        .map_or_else(
            || dir.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        )
        .into()
}

/// Parses `<20 digits>.<suffix>` into the offset and suffix.
pub fn parse_offset_file(name: &str) -> Option<(i64, &str)> {
    let (digits, suffix) = name.split_once('.')?;
    if digits.len() != 20 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((digits.parse().ok()?, suffix))
}

/// Files a crash can leave behind that must not be read: half-written temp files and
/// segments already scheduled for deletion.
pub fn is_leftover(name: &str) -> bool {
    name.ends_with(TEMP_SUFFIX) || name.ends_with(DELETED_SUFFIX) || name.ends_with(CLEANED_SUFFIX)
}

/// Kafka's offset checkpoint text: version 0, the entry count, one `<topic> <partition>
/// <offset>` line each.
pub fn encode_offset_checkpoint(
    entries: &std::collections::BTreeMap<(String, i32), i64>,
) -> Vec<u8> {
    let mut out = format!("0\n{}\n", entries.len());
    for ((topic, partition), offset) in entries {
        out.push_str(&format!("{topic} {partition} {offset}\n"));
    }
    out.into_bytes()
}

/// Reads Kafka's offset checkpoint text; `None` if malformed (then it is rewritten whole).
pub fn decode_offset_checkpoint(
    text: &str,
) -> Option<std::collections::BTreeMap<(String, i32), i64>> {
    let mut lines = text.lines();
    if lines.next()?.trim() != "0" {
        return None;
    }
    let count: usize = lines.next()?.trim().parse().ok()?;
    let mut entries = std::collections::BTreeMap::new();
    for line in lines.by_ref().take(count) {
        let mut fields = line.split(' ');
        let topic = fields.next()?.to_string();
        let partition = fields.next()?.parse().ok()?;
        let offset = fields.next()?.parse().ok()?;
        entries.insert((topic, partition), offset);
    }
    (entries.len() == count).then_some(entries)
}

/// `<topic>-<partition>` split at its last dash.
pub fn topic_partition(dir: &Path) -> Option<(String, i32)> {
    let name = dir.file_name()?.to_str()?;
    let (topic, partition) = name.rsplit_once('-')?;
    Some((topic.to_string(), partition.parse().ok()?))
}

fn runtime_err(
    context: &str,
    path: &Path,
) -> impl FnOnce(glommio::GlommioError<()>) -> StorageError {
    let context = format!("{context} {}", path.display());
    move |e| StorageError::runtime(context, e)
}

/// Opens (creating if missing) a file for reading and writing through the page cache.
pub async fn open_rw(path: &Path) -> Result<BufferedFile, StorageError> {
    let created =
        (cfg!(feature = "fault-injection") || crate::sync_log::active()) && !path.exists();
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .buffered_open(path)
        .await
        .map_err(runtime_err("opening", path))?;
    #[cfg(feature = "fault-injection")]
    if created {
        use std::os::fd::AsRawFd;
        crate::faults::file_created(file.as_raw_fd());
    }
    if created {
        crate::sync_log::created(path);
    }
    Ok(file)
}

/// Creates (or empties) a file for writing through the page cache: the cleaner's output.
pub async fn create_truncated(path: &Path) -> Result<BufferedFile, StorageError> {
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(true)
        .buffered_open(path)
        .await
        .map_err(runtime_err("creating", path))?;
    #[cfg(feature = "fault-injection")]
    {
        use std::os::fd::AsRawFd;
        crate::faults::file_created(file.as_raw_fd());
    }
    Ok(file)
}

/// Writes all of `buf` (a `Vec` or a zero-copy `Bytes` slice) at `position` with `pwrite(2)` into the page cache.
///
/// Why not glommio's `BufferedFile::write_at` (io_uring): the kernel punts buffered io_uring
/// writes to io-wq worker threads; here a 16 KiB append took ~69 µs that way against ~6.7 µs
/// with pwrite (`cargo bench -p benches --bench log_append`), and durable 1 KiB-record produce
/// throughput with kafka-producer-perf-test rose from 55 to 78 MB/s. A page-cache write is a
/// memcpy; the slow part — fdatasync — still goes through io_uring, so a shard never waits on
/// the device. A short write (on a regular file: the disk is full) is an error; the caller
/// takes the log offline and recovery truncates the partial tail on restart.
pub async fn write_all(
    file: &BufferedFile,
    buf: impl AsRef<[u8]>,
    position: u64,
) -> Result<(), StorageError> {
    write_all_vectored(file, &[buf.as_ref()], position).await
}

/// [`write_all`] of `parts` one after the other with `pwritev(2)`: a batch goes to the page
/// cache as its patched header and its records, straight from the request's bytes, without
/// first being copied into one buffer.
pub async fn write_all_vectored(
    file: &BufferedFile,
    parts: &[&[u8]],
    position: u64,
) -> Result<(), StorageError> {
    use std::os::fd::AsRawFd;
    let fd = file.as_raw_fd();
    let len: usize = parts.iter().map(|p| p.len()).sum();
    let mut done = 0usize;
    while done < len {
        // The iovecs of what is left: whole parts after a partly written one.
        let mut skip = done;
        let mut iov: Vec<libc::iovec> = Vec::with_capacity(parts.len());
        for part in parts {
            if skip >= part.len() {
                skip -= part.len();
                continue;
            }
            let rest = &part[skip..];
            skip = 0;
            iov.push(libc::iovec {
                iov_base: rest.as_ptr() as *mut libc::c_void,
                iov_len: rest.len(),
            });
        }
        // SAFETY: fd is open for writing for the duration; every iovec points into a part
        // that outlives the call, and the kernel only reads them.
        let n = unsafe {
            libc::pwritev(
                fd,
                iov.as_ptr(),
                iov.len() as libc::c_int,
                (position + done as u64) as libc::off_t,
            )
        };
        if n < 0 {
            let e = std::io::Error::last_os_error();
            if e.kind() == std::io::ErrorKind::Interrupted {
                continue;
            }
            return Err(StorageError::io("writing", e));
        }
        if n == 0 {
            break;
        }
        done += n as usize;
    }
    if done != len {
        return Err(StorageError::io(
            "writing",
            std::io::Error::new(
                std::io::ErrorKind::WriteZero,
                format!("short write: {done} of {len} bytes"),
            ),
        ));
    }
    Ok(())
}

/// Starts writeback of `file`'s dirty pages without waiting for it
/// (`sync_file_range(SYNC_FILE_RANGE_WRITE)` over the whole file: pages already under writeback
/// are skipped). Makes nothing durable (no metadata, no device flush): only spreads the page
/// cache's writes over time. A failure is ignored, as the kernel's own writeback's would be
/// until an fdatasync reports it.
pub fn start_writeback(file: &BufferedFile) {
    use std::os::fd::AsRawFd;
    // SAFETY: a plain system call on an open descriptor; no memory is passed.
    unsafe {
        libc::sync_file_range(file.as_raw_fd(), 0, 0, libc::SYNC_FILE_RANGE_WRITE);
    }
}

/// fdatasync through io_uring: the one way storage makes file data durable (so tests can fail
/// it and capture what it made durable, `faults`). `context` names the file in errors.
pub async fn fdatasync(file: &BufferedFile, context: &'static str) -> Result<(), StorageError> {
    #[cfg(feature = "fault-injection")]
    {
        use std::os::fd::AsRawFd;
        crate::faults::before_sync(file.as_raw_fd()).map_err(|e| StorageError::io(context, e))?;
    }
    let identity = crate::sync_log::identify(file.path().as_deref());
    let started = std::time::Instant::now();
    file.fdatasync()
        .await
        .map_err(|e| StorageError::runtime(context, e))?;
    record_fsync(started.elapsed());
    if let Some(identity) = identity {
        crate::sync_log::synced(identity);
    }
    #[cfg(feature = "fault-injection")]
    {
        use std::os::fd::AsRawFd;
        crate::faults::after_sync(file.as_raw_fd());
    }
    Ok(())
}

/// Longest fsync the latency histogram tells apart (longer ones count as this), in µs.
const FSYNC_US_MAX: u64 = 300_000_000;

/// A shard's fdatasync latencies: a histogram in µs and their exact sum.
#[derive(Clone, Debug)]
pub struct FsyncLatency {
    pub histogram_us: hdrhistogram::Histogram<u64>,
    pub sum_us: u64,
}

thread_local! {
    /// This thread's (= this shard's) fdatasync latencies, created on the first sync.
    /// Thread-local is shard-local: a shard is one executor thread, so nothing is shared.
    static FSYNC: std::cell::RefCell<Option<FsyncLatency>> = const { std::cell::RefCell::new(None) };
}

fn record_fsync(elapsed: std::time::Duration) {
    let us = (elapsed.as_micros() as u64).clamp(1, FSYNC_US_MAX);
    FSYNC.with(|latency| {
        let mut latency = latency.borrow_mut();
        let latency = latency.get_or_insert_with(|| FsyncLatency {
            histogram_us: hdrhistogram::Histogram::new_with_bounds(1, FSYNC_US_MAX, 2)
                .expect("constant histogram bounds are valid"),
            sum_us: 0,
        });
        latency.histogram_us.saturating_record(us);
        latency.sum_us = latency.sum_us.saturating_add(us);
    });
}

/// A copy of the calling shard's fdatasync latencies; `None` before its first sync. For the
/// metrics scrape.
pub fn fsync_latency() -> Option<FsyncLatency> {
    FSYNC.with(|latency| latency.borrow().clone())
}

/// Replaces `dir/name` atomically with `bytes` (temp + fdatasync + rename + dir fsync).
pub async fn write_atomic(dir: &Path, name: &str, bytes: Vec<u8>) -> Result<(), StorageError> {
    let final_path = dir.join(name);
    let temp_path = dir.join(format!("{name}{TEMP_SUFFIX}"));
    let file = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .buffered_open(&temp_path)
        .await
        .map_err(runtime_err("creating", &temp_path))?;
    #[cfg(feature = "fault-injection")]
    {
        use std::os::fd::AsRawFd;
        crate::faults::file_created(file.as_raw_fd());
    }
    crate::sync_log::created(&temp_path);
    write_all(&file, bytes, 0).await?;
    fdatasync(&file, "fdatasync").await?;
    file.close()
        .await
        .map_err(|e| StorageError::runtime("closing", e))?;
    glommio::io::rename(&temp_path, &final_path)
        .await
        .map_err(|e| StorageError::runtime("renaming", e))?;
    sync_dir(dir).await
}

pub async fn sync_dir(dir: &Path) -> Result<(), StorageError> {
    let handle = Directory::open(dir)
        .await
        .map_err(runtime_err("opening directory", dir))?;
    handle
        .sync()
        .await
        .map_err(|e| StorageError::runtime("fsync directory", e))?;
    handle
        .close()
        .await
        .map_err(|e| StorageError::runtime("closing directory", e))
}

pub fn encode_recovery_point(recovery_point: i64, log_start_offset: i64) -> Vec<u8> {
    format!("{RECOVERY_POINT_VERSION}\n{recovery_point}\n{log_start_offset}\n").into_bytes()
}

/// (recovery point, log start offset); `None` if malformed.
pub fn decode_recovery_point(text: &str) -> Option<(i64, i64)> {
    let mut lines = text.lines();
    if lines.next()?.trim().parse::<i64>().ok()? != RECOVERY_POINT_VERSION {
        return None;
    }
    let recovery_point = lines.next()?.trim().parse::<i64>().ok()?;
    let log_start = lines.next()?.trim().parse::<i64>().ok()?;
    if recovery_point < 0 || log_start < 0 {
        return None;
    }
    Some((recovery_point, log_start))
}

pub fn encode_high_watermark(high_watermark: i64) -> Vec<u8> {
    format!("{RECOVERY_POINT_VERSION}\n{high_watermark}\n").into_bytes()
}

/// The checkpointed high watermark; `None` if malformed.
pub fn decode_high_watermark(text: &str) -> Option<i64> {
    let mut lines = text.lines();
    if lines.next()?.trim().parse::<i64>().ok()? != RECOVERY_POINT_VERSION {
        return None;
    }
    let high_watermark = lines.next()?.trim().parse::<i64>().ok()?;
    (high_watermark >= 0).then_some(high_watermark)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        let p = offset_file(Path::new("/d"), 42, LOG_SUFFIX);
        assert_eq!(p, Path::new("/d/00000000000000000042.log"));
        assert_eq!(
            parse_offset_file("00000000000000000042.log"),
            Some((42, "log"))
        );
        assert_eq!(parse_offset_file("42.log"), None);
        assert_eq!(parse_offset_file("0000000000000000004x.log"), None);
        assert!(is_leftover("00000000000000000042.log.deleted"));
        let rp = encode_recovery_point(10, 3);
        assert_eq!(
            decode_recovery_point(std::str::from_utf8(&rp).unwrap()),
            Some((10, 3))
        );
        assert_eq!(decode_recovery_point("0\n-1\n0\n"), None);
        let hw = encode_high_watermark(77);
        assert_eq!(
            decode_high_watermark(std::str::from_utf8(&hw).unwrap()),
            Some(77)
        );
        assert_eq!(decode_high_watermark("0\n-3\n"), None);
        assert_eq!(decode_high_watermark("1\n3\n"), None);
        let mut entries = std::collections::BTreeMap::new();
        entries.insert(("a-b".to_string(), 3), 42);
        entries.insert(("__consumer_offsets".to_string(), 0), 7);
        let text = encode_offset_checkpoint(&entries);
        assert_eq!(
            std::str::from_utf8(&text).unwrap(),
            "0\n2\n__consumer_offsets 0 7\na-b 3 42\n"
        );
        assert_eq!(
            decode_offset_checkpoint(std::str::from_utf8(&text).unwrap()),
            Some(entries)
        );
        assert_eq!(decode_offset_checkpoint("0\n2\na 0 1\n"), None);
        assert_eq!(
            topic_partition(Path::new("/d/my-topic-12")),
            Some(("my-topic".to_string(), 12))
        );
    }
}
