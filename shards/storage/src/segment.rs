//! One log segment: `<base>.log` plus its sparse `.index` and `.timeindex`, with the indexes
//! mirrored in memory. Writes go through glommio `BufferedFile`s (io_uring, page cache);
//! reads (fetch position lookup, timestamp search, recovery scans) use a separate read-only
//! `std::fs::File` with `pread` — they hit the page cache that the writes just filled, and the
//! same `Arc<File>` is what fetch hands to sendfile on any shard.

use std::fs::File;
use std::os::unix::fs::FileExt;
use std::path::Path;
use std::rc::Rc;
use std::sync::Arc;

use batch::{
    check_stored_batch, BatchHeader, BATCH_HEADER_BYTES, BATCH_LENGTH_MIN_BYTES, MAGIC_V2,
};
use glommio::io::BufferedFile;

use crate::error::StorageError;
use crate::files::{self, INDEX_SUFFIX, LOG_SUFFIX, TIME_INDEX_SUFFIX};
use crate::index::{OffsetEntry, OffsetIndex, TimeEntry, TimeIndex};
use crate::invariant::invariant;

pub(crate) struct Segment {
    /// `<topic>-<partition>`, for invariant messages.
    pub partition: Rc<str>,
    pub base_offset: i64,
    pub log: Rc<BufferedFile>,
    pub index_file: Rc<BufferedFile>,
    pub time_index_file: Rc<BufferedFile>,
    pub read_file: Arc<File>,
    /// Bytes written (and completed) to the log file.
    pub size_bytes: u64,
    /// Bytes covered by the last fdatasync of the log file.
    pub synced_bytes: u64,
    /// Whether the index files were fsynced after the segment became inactive.
    pub indexes_synced: bool,
    /// Offset after the last batch.
    pub next_offset: i64,
    pub index: OffsetIndex,
    pub time_index: TimeIndex,
    /// Entries of `index` / `time_index` already written to their files.
    pub index_entries_written: usize,
    pub time_entries_written: usize,
    pub bytes_since_index_entry: u64,
    /// Largest batch max_timestamp in the segment, -1 when none.
    pub max_timestamp_ms: i64,
    /// Last offset of the batch carrying `max_timestamp_ms`.
    pub offset_of_max_timestamp: i64,
    /// When the segment took its first batch (wall clock at runtime; the first batch's
    /// max_timestamp for segments loaded from disk, as Kafka's rollingBasedTimestamp).
    pub rolling_base_ms: Option<i64>,
}

/// What a scan of batch headers found.
pub(crate) struct ScanEnd {
    /// Position after the last good batch.
    pub valid_end: u64,
    /// Whether bytes after `valid_end` were not a good batch (torn or corrupt tail).
    pub truncated: bool,
}

fn read_exact_at(file: &File, buf: &mut [u8], position: u64) -> Result<(), StorageError> {
    file.read_exact_at(buf, position)
        .map_err(|e| StorageError::io("reading segment", e))
}

/// Reads the header of the batch at `position` if a plausible one fits before `end`:
/// framing, magic and offsets at or after `min_offset`. `None` means "not a batch".
pub(crate) fn read_header(
    file: &File,
    position: u64,
    end: u64,
    min_offset: i64,
) -> Result<Option<BatchHeader>, StorageError> {
    if end.saturating_sub(position) < BATCH_HEADER_BYTES as u64 {
        return Ok(None);
    }
    let mut buf = [0u8; BATCH_HEADER_BYTES];
    read_exact_at(file, &mut buf, position)?;
    let Some(header) = BatchHeader::parse(&buf) else {
        return Ok(None);
    };
    let plausible = header.batch_length >= BATCH_LENGTH_MIN_BYTES as i32
        && position + header.batch_size() as u64 <= end
        && header.magic == MAGIC_V2
        && header.base_offset >= min_offset
        && header.last_offset_delta >= 0
        && header
            .base_offset
            .checked_add(i64::from(header.last_offset_delta))
            .is_some();
    Ok(plausible.then_some(header))
}

#[allow(clippy::too_many_arguments)] // a scan is described by exactly these; a struct would only rename them
/// Walks batch headers from `position` up to `end`, calling `visit` for each good one.
/// With `verify`, each batch is read whole and CRC-checked. Stops at the first bad batch,
/// or early when `visit` returns false.
pub(crate) fn scan_file(
    file: &File,
    base_offset: i64,
    mut position: u64,
    end: u64,
    mut min_offset: i64,
    verify: bool,
    mut visit: impl FnMut(u64, &BatchHeader) -> bool,
) -> Result<ScanEnd, StorageError> {
    let mut whole = Vec::new();
    while position < end {
        // Index positions are i32: a batch cannot start past that in a segment we wrote.
        if position > i32::MAX as u64 {
            return Ok(ScanEnd {
                valid_end: position,
                truncated: true,
            });
        }
        let Some(header) = read_header(file, position, end, min_offset)? else {
            return Ok(ScanEnd {
                valid_end: position,
                truncated: true,
            });
        };
        if header.last_offset() - base_offset > i64::from(i32::MAX) {
            return Ok(ScanEnd {
                valid_end: position,
                truncated: true,
            });
        }
        if verify {
            whole.resize(header.batch_size(), 0);
            read_exact_at(file, &mut whole, position)?;
            if check_stored_batch(&whole).is_err() {
                return Ok(ScanEnd {
                    valid_end: position,
                    truncated: true,
                });
            }
        }
        let more = visit(position, &header);
        min_offset = header.next_offset();
        position += header.batch_size() as u64;
        if !more {
            break;
        }
    }
    Ok(ScanEnd {
        valid_end: position,
        truncated: false,
    })
}

impl Segment {
    async fn open_files(dir: &Path, base_offset: i64) -> Result<Segment, StorageError> {
        let log_path = files::offset_file(dir, base_offset, LOG_SUFFIX);
        let log = files::open_rw(&log_path).await?;
        let index_file =
            files::open_rw(&files::offset_file(dir, base_offset, INDEX_SUFFIX)).await?;
        let time_index_file =
            files::open_rw(&files::offset_file(dir, base_offset, TIME_INDEX_SUFFIX)).await?;
        let read_file = File::open(&log_path)
            .map_err(|e| StorageError::io(log_path.display().to_string(), e))?;
        let size_bytes = read_file
            .metadata()
            .map_err(|e| StorageError::io("stat segment", e))?
            .len();
        Ok(Segment {
            partition: files::partition_name(dir),
            base_offset,
            log: Rc::new(log),
            index_file: Rc::new(index_file),
            time_index_file: Rc::new(time_index_file),
            read_file: Arc::new(read_file),
            size_bytes,
            synced_bytes: size_bytes,
            indexes_synced: true,
            next_offset: base_offset,
            index: OffsetIndex::default(),
            time_index: TimeIndex::default(),
            index_entries_written: 0,
            time_entries_written: 0,
            bytes_since_index_entry: 0,
            max_timestamp_ms: -1,
            offset_of_max_timestamp: base_offset,
            rolling_base_ms: None,
        })
    }

    /// Creates an empty segment at `base_offset`, truncating leftovers of that name.
    pub async fn create(dir: &Path, base_offset: i64) -> Result<Segment, StorageError> {
        let mut segment = Self::open_files(dir, base_offset).await?;
        if segment.size_bytes > 0 {
            segment.truncate_files(0).await?;
        }
        segment.reset_indexes_on_disk().await?;
        segment.size_bytes = 0;
        segment.synced_bytes = 0;
        Ok(segment)
    }

    /// Kafka's `preallocate`: reserves `bytes` of disk blocks for the log file so appends do not
    /// fragment it. KEEP_SIZE leaves the length at what was written, so readers and recovery
    /// see no zero tail. One metadata call, not IO on the data.
    pub fn preallocate(&self, dir: &Path, bytes: u64) -> Result<(), StorageError> {
        use std::os::fd::AsRawFd;
        let [log_path, ..] = Self::paths(dir, self.base_offset);
        // `read_file` is read-only: fallocate needs a descriptor open for writing.
        let file = std::fs::OpenOptions::new()
            .write(true)
            .open(&log_path)
            .map_err(|e| StorageError::io("opening to preallocate", e))?;
        let len = libc::off_t::try_from(bytes).unwrap_or(libc::off_t::MAX);
        // SAFETY: `file` is open for the duration of the call.
        let rc = unsafe { libc::fallocate(file.as_raw_fd(), libc::FALLOC_FL_KEEP_SIZE, 0, len) };
        if rc != 0 {
            return Err(StorageError::io(
                "preallocating",
                std::io::Error::last_os_error(),
            ));
        }
        Ok(())
    }

    /// Opens an existing segment; indexes are loaded by the caller (see `recovery`).
    pub async fn open_existing(dir: &Path, base_offset: i64) -> Result<Segment, StorageError> {
        Self::open_files(dir, base_offset).await
    }

    pub fn is_empty(&self) -> bool {
        self.size_bytes == 0
    }

    /// `offset` relative to the base; a segment only holds offsets in [base, base + i32::MAX]
    /// (rolls and recovery scans keep it so).
    pub(crate) fn relative(&self, offset: i64) -> u32 {
        invariant!(
            self.partition,
            offset >= self.base_offset && offset - self.base_offset <= i64::from(i32::MAX),
            "segment offsets fit its index's relative offsets",
            "offset {}, segment base {}",
            offset,
            self.base_offset
        );
        (offset - self.base_offset) as u32
    }

    /// Accounts for a batch written at `position` (append and recovery share this): updates
    /// size, next offset, timestamps, and adds an index entry every `index_interval_bytes`
    /// (Kafka's rule: the entry points at the batch that crosses the interval).
    ///
    /// Precondition: batches come in ascending offset order, the first at or after the base
    /// (appends assign them so, recovery scans only accept such batches).
    pub fn note_batch(&mut self, position: u64, header: &BatchHeader, index_interval_bytes: u32) {
        invariant!(
            self.partition,
            header.base_offset >= self.next_offset,
            "batches ascend within a segment, from its base offset",
            "batch base offset {} at position {}, segment base {} next offset {}",
            header.base_offset,
            position,
            self.base_offset,
            self.next_offset
        );
        let size = header.batch_size() as u64;
        if self.bytes_since_index_entry > u64::from(index_interval_bytes) {
            let entry = OffsetEntry {
                relative_offset: self.relative(header.last_offset()),
                position: position as u32,
            };
            self.index.push(&self.partition, entry);
            if self.max_timestamp_ms >= 0 {
                let entry = TimeEntry {
                    timestamp_ms: self.max_timestamp_ms,
                    relative_offset: self.relative(self.offset_of_max_timestamp),
                };
                self.time_index.maybe_push(&self.partition, entry);
            }
            self.bytes_since_index_entry = 0;
        }
        self.bytes_since_index_entry += size;
        if header.max_timestamp > self.max_timestamp_ms {
            self.max_timestamp_ms = header.max_timestamp;
            self.offset_of_max_timestamp = header.last_offset();
        }
        if self.rolling_base_ms.is_none() {
            self.rolling_base_ms = Some(header.max_timestamp);
        }
        self.size_bytes = self.size_bytes.max(position + size);
        self.next_offset = header.next_offset();
    }

    /// Kafka's final time index entry when a segment stops being active (or on close).
    pub fn seal_time_index(&mut self) {
        if self.max_timestamp_ms >= 0 && !self.is_empty() {
            let entry = TimeEntry {
                timestamp_ms: self.max_timestamp_ms,
                relative_offset: self.relative(self.offset_of_max_timestamp),
            };
            self.time_index.maybe_push(&self.partition, entry);
        }
    }

    /// Appends index entries not yet on disk to the index files.
    pub async fn write_new_index_entries(&mut self) -> Result<(), StorageError> {
        let new_offsets = &self.index.entries()[self.index_entries_written..];
        if !new_offsets.is_empty() {
            let bytes: Vec<u8> = new_offsets
                .iter()
                .flat_map(|e| OffsetIndex::encode_entry(*e))
                .collect();
            let at = (self.index_entries_written * crate::index::OFFSET_ENTRY_BYTES) as u64;
            let count = self.index.entries().len();
            files::write_all(&self.index_file, bytes, at).await?;
            self.index_entries_written = count;
        }
        let new_times = &self.time_index.entries()[self.time_entries_written..];
        if !new_times.is_empty() {
            let bytes: Vec<u8> = new_times
                .iter()
                .flat_map(|e| TimeIndex::encode_entry(*e))
                .collect();
            let at = (self.time_entries_written * crate::index::TIME_ENTRY_BYTES) as u64;
            let count = self.time_index.entries().len();
            files::write_all(&self.time_index_file, bytes, at).await?;
            self.time_entries_written = count;
        }
        Ok(())
    }

    /// Truncates both index files to zero so they can be rewritten from memory.
    pub async fn reset_indexes_on_disk(&mut self) -> Result<(), StorageError> {
        for file in [&self.index_file, &self.time_index_file] {
            file.truncate(0)
                .await
                .map_err(|e| StorageError::runtime("truncating index", e))?;
        }
        self.index_entries_written = 0;
        self.time_entries_written = 0;
        Ok(())
    }

    /// Cuts the log file to `size_bytes` (a torn or corrupt tail) and the indexes with it.
    pub async fn truncate_files(&mut self, size_bytes: u64) -> Result<(), StorageError> {
        self.log
            .truncate(size_bytes)
            .await
            .map_err(|e| StorageError::runtime("truncating segment", e))?;
        self.size_bytes = size_bytes;
        self.synced_bytes = self.synced_bytes.min(size_bytes);
        self.index
            .truncate_to_position(size_bytes.min(u64::from(u32::MAX)) as u32);
        Ok(())
    }

    /// Walks batch headers from `position` up to `end` (see [`scan_file`]).
    pub fn scan(
        &self,
        position: u64,
        end: u64,
        min_offset: i64,
        verify: bool,
        visit: impl FnMut(u64, &BatchHeader) -> bool,
    ) -> Result<ScanEnd, StorageError> {
        scan_file(
            &self.read_file,
            self.base_offset,
            position,
            end,
            min_offset,
            verify,
            visit,
        )
    }

    /// Position and header of the first batch whose last offset is ≥ `offset`, searching from
    /// the index hint up to `limit` (the readable end in this segment, a batch boundary).
    /// `Ok(None)`: no such batch below `limit`.
    ///
    /// Read-back checks (disk contents, so errors, not assertions): the batch at the hint holds
    /// the offset its index entry promised (hence starts at or before `offset`), every later
    /// batch starts after the one before it, and the walk meets `limit` exactly.
    pub fn find_batch(
        &self,
        offset: i64,
        limit: u64,
    ) -> Result<Option<(u64, BatchHeader)>, StorageError> {
        let relative = (offset - self.base_offset).clamp(0, i64::from(i32::MAX)) as u32;
        let entry = self.index.lookup_entry(relative);
        let mut position = u64::from(entry.map_or(0, |e| e.position));
        invariant!(
            self.partition,
            position <= self.size_bytes,
            "offset index entries lie within the segment's written bytes",
            "entry position {}, segment {} size {}",
            position,
            self.base_offset,
            self.size_bytes
        );
        let mut at_hint = match entry {
            Some(entry) => Some(self.batch_at_entry(entry, limit)?),
            None => None,
        };
        let mut min_offset = self.base_offset;
        while position < limit {
            let header = match at_hint.take() {
                Some(header) => header,
                None => {
                    read_header(&self.read_file, position, limit, min_offset)?.ok_or_else(|| {
                        self.corrupt(format!(
                            "no batch at or after offset {min_offset} at position {position} \
                             (readable end {limit}) while looking for offset {offset}"
                        ))
                    })?
                }
            };
            if header.last_offset() >= offset {
                return Ok(Some((position, header)));
            }
            min_offset = header.next_offset();
            position += header.batch_size() as u64;
        }
        Ok(None)
    }

    /// The header of the batch an index entry points at, which must hold the entry's offset.
    fn batch_at_entry(&self, entry: OffsetEntry, limit: u64) -> Result<BatchHeader, StorageError> {
        let indexed = self.base_offset + i64::from(entry.relative_offset);
        let position = u64::from(entry.position);
        let header = read_header(&self.read_file, position, limit, self.base_offset)?;
        match header {
            Some(h) if h.base_offset <= indexed && indexed <= h.last_offset() => Ok(h),
            _ => Err(self.corrupt(format!(
                "index entry for offset {indexed} points at position {position}, where the \
                 batch is {:?} (readable end {limit})",
                header.map(|h| (h.base_offset, h.last_offset()))
            ))),
        }
    }

    /// A read-back check failed (the caller logs it with the request's context).
    fn corrupt(&self, detail: String) -> StorageError {
        StorageError::Corrupt {
            partition: self.partition.to_string(),
            detail: format!("segment {}: {detail}", self.base_offset),
        }
    }

    /// Reads the bytes of one batch (for per-record timestamp search).
    pub fn read_batch(&self, position: u64, header: &BatchHeader) -> Result<Vec<u8>, StorageError> {
        let mut buf = vec![0u8; header.batch_size()];
        read_exact_at(&self.read_file, &mut buf, position)?;
        Ok(buf)
    }

    /// Largest timestamp for retention: max batch timestamp, else when it was rolled.
    pub fn largest_timestamp_ms(&self) -> i64 {
        if self.max_timestamp_ms >= 0 {
            self.max_timestamp_ms
        } else {
            self.rolling_base_ms.unwrap_or(-1)
        }
    }

    /// The write handles (log, index, time index) and whether the indexes are synced.
    pub fn clone_handles(&self) -> (Rc<BufferedFile>, Rc<BufferedFile>, Rc<BufferedFile>, bool) {
        (
            self.log.clone(),
            self.index_file.clone(),
            self.time_index_file.clone(),
            self.indexes_synced,
        )
    }

    /// Paths of this segment's three files.
    pub fn paths(dir: &Path, base_offset: i64) -> [std::path::PathBuf; 3] {
        [
            files::offset_file(dir, base_offset, LOG_SUFFIX),
            files::offset_file(dir, base_offset, INDEX_SUFFIX),
            files::offset_file(dir, base_offset, TIME_INDEX_SUFFIX),
        ]
    }
}
