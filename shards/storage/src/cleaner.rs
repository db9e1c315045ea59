//! The log cleaner of one partition (`cleanup.policy=compact`, Kafka's `Cleaner`): keeps the
//! latest record of every key, with offsets preserved (compaction never renumbers).
//!
//! One pass ([`PartitionLog::clean`]), as Kafka's:
//! 1. **Range.** The dirty section runs from the cleaner checkpoint (`first dirty`, the log
//!    start when unknown or outside the log) to the first uncleanable offset: the least of the
//!    active segment's base (the active segment is never cleaned), the high watermark, and the
//!    base of the first segment holding a record younger than `min.compaction.lag.ms`.
//! 2. **Key map.** The dirty section's keyed records, key hash (128 bits) → latest offset,
//!    bounded by the caller's entry budget (`log.cleaner.dedupe.buffer.size`): when it fills,
//!    the pass ends at the last batch it mapped, and the next pass goes on from there.
//! 3. **Copy.** Every segment from the first up to the one holding the map's end is rewritten,
//!    grouped into output segments of at most `segment.bytes`. A record stays when no later
//!    record of its key is in the map; a tombstone (null value) stays until its batch's delete
//!    horizon (KIP-534): the first pass that keeps a tombstone rebuilds its batch with the
//!    horizon `now + delete.retention.ms` as base timestamp (attribute bit 6; every record keeps
//!    its timestamp), and the first pass after the horizon drops it — so a consumer that reads
//!    from the log start within `delete.retention.ms` of the first cleaning sees every
//!    tombstone, whatever the record's own timestamp. A pass comes by itself when a horizon is
//!    due (`Cleanable::due`). Records without a key go
//!    (Kafka: "invalid message"). A batch whose records all stay is copied byte for byte; one
//!    that lost some is rebuilt (`batch::rebuild`: base offset and last offset delta kept, CRC
//!    recomputed); one that lost all is dropped, unless it is the last batch of a producer
//!    (producer state must survive, Kafka's `RETAIN_EMPTY`) or the last batch of its output
//!    segment (so every segment still ends where the next begins, which recovery and the
//!    readers rely on) — those become Kafka's empty batch with the same offset range.
//!    Control batches (transaction markers) are copied as they are and never enter the map.
//! 4. **Swap**, Kafka's protocol, crash-safe: the output is written to `<base>.log.cleaned` and
//!    fdatasync'd; under the writer permit (no append, truncation or retention meanwhile) and
//!    with the group-commit flusher held off, the segments are checked unchanged, the file is
//!    renamed `<base>.log.swap` (directory fsync'd: the commit point), the old segments are
//!    renamed `.deleted` (unlinked after `file.delete.delay.ms`; readers holding their files
//!    keep reading), and the swap file becomes `<base>.log`, whose indexes are rebuilt. Open
//!    removes `.cleaned` files and finishes a `.swap` (`recovery::finish_swaps`).
//! 5. **Checkpoint.** The map's end becomes this partition's entry in the log dir's
//!    `cleaner-offset-checkpoint` (Kafka's format; shared by the shards, so its rewrite is
//!    serialized process-wide by [`CHECKPOINT_WRITER`]).
//!
//! Transactions: the cleanable range stops at the last stable offset; the batches of aborted
//! transactions (`TxnView`, from the aborted-transaction index) are never mapped and are
//! dropped, as Kafka's cleaner does. A transaction marker (control batch) goes as Kafka's
//! `CleanedTransactionMetadata` decides ([`TxnTracker`]): once a pass reads no batch of its
//! transaction before it (earlier passes removed them all), it gets a delete horizon, and the
//! first pass after that horizon drops it (a producer's last batch stays as an empty batch).
//! A dropped ABORT marker takes its aborted-transaction index entry with it; each output
//! segment's `.txnindex` holds the entries of the segments it replaced, written (fdatasync'd)
//! before the swap's commit point, so either outcome of a crash keeps every entry whose marker
//! is in the log (`TxnIndex::load` files each entry under the segment holding its marker).
//!
//! Bounded: the key map by the entry budget; segments are read through io_uring 1 MiB at a
//! time (`SegmentReader`), each batch decompressed (at most `DECOMPRESSED_BATCH_MAX_BYTES`;
//! large compressed ones on glommio's blocking pool, off the reactor) and written through a
//! 1 MiB output buffer; the IO by [`IoThrottle`]; the caller runs it in a low-priority task
//! queue and it yields after every batch.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use batch::{BatchHeader, BATCH_HEADER_BYTES, BATCH_LENGTH_MIN_BYTES, MAGIC_V2};

use crate::error::StorageError;
use crate::files;
use crate::log::PartitionLog;
use crate::segment::{scan_file, Segment};

/// Bytes of cleaned output buffered before a write. Reason: few syscalls, small memory.
const OUTPUT_BUFFER_BYTES: usize = 1 << 20;
/// Estimated memory of one key map entry (128-bit hash, offset, hash table overhead at its
/// load factor), used to turn `log.cleaner.dedupe.buffer.size` into an entry budget.
pub const KEY_MAP_ENTRY_BYTES: usize = 40;

/// Serializes rewrites of a log dir's `cleaner-offset-checkpoint` among the shards (one file
/// per log dir, written by whichever shard cleaned): a shard that finds it taken waits a
/// millisecond and tries again — never blocks its thread.
static CHECKPOINT_WRITER: AtomicBool = AtomicBool::new(false);

/// What a pass found to clean (for choosing the filthiest log, Kafka's `LogToClean`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Cleanable {
    pub first_dirty: i64,
    pub first_uncleanable: i64,
    /// Bytes of the segments below `first_dirty` (already clean).
    pub clean_bytes: u64,
    /// Bytes of the segments in [first dirty, first uncleanable).
    pub dirty_bytes: u64,
    /// dirty / (clean + dirty).
    pub dirty_ratio: f64,
    /// A dirty record is older than `max.compaction.lag.ms`, or tombstones of the clean section
    /// passed `delete.retention.ms`: clean whatever the ratio.
    pub due: bool,
}

impl Cleanable {
    /// Whether this log should be cleaned now (`min.cleanable.dirty.ratio` or `due`).
    pub fn worth_cleaning(&self, min_ratio: f64) -> bool {
        (self.dirty_bytes > 0 && self.dirty_ratio >= min_ratio) || self.due
    }
}

/// What one pass did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CleanStats {
    pub first_dirty: i64,
    /// The new cleaner checkpoint: everything below was deduplicated.
    pub end_offset: i64,
    /// Bytes of the segments rewritten (the log cleaned: Kafka's "MB of log processed").
    pub bytes_cleaned: u64,
    /// Bytes read: the dirty section for the key map, then the segments rewritten.
    pub bytes_read: u64,
    pub bytes_written: u64,
    pub segments_before: usize,
    pub segments_after: usize,
    pub records_removed: u64,
    pub tombstones_removed: u64,
    /// Transaction markers dropped (their transactions left nothing, past the horizon).
    pub markers_removed: u64,
    pub batches_rewritten: u64,
    /// Keys in the key map, and its capacity (Kafka's buffer utilization is their ratio).
    pub key_map_entries: usize,
    pub key_map_entries_max: usize,
    /// The swap was abandoned because the log changed meanwhile (truncation, retention).
    pub abandoned: bool,
}

/// Aborted transactions to drop (`PartitionLog::txn_view`).
#[derive(Clone, Debug, Default)]
pub struct TxnView {
    /// (producer id, first offset, last offset) of aborted transactions.
    pub aborted: Vec<(i64, i64, i64)>,
}

impl TxnView {
    fn is_aborted(&self, header: &BatchHeader) -> bool {
        header.is_transactional()
            && self.aborted.iter().any(|(pid, first, last)| {
                *pid == header.producer_id
                    && *first <= header.base_offset
                    && header.last_offset() <= *last
            })
    }
}

/// Kafka's `CleanedTransactionMetadata`: while a pass reads the log in offset order, which
/// transaction markers may go — those whose transaction has no batch before them in the pass.
struct TxnTracker {
    /// Aborted transactions not reached yet, (producer id, first offset), latest first.
    pending_aborted: Vec<(i64, i64)>,
    /// Aborted transactions reached: producer id → whether a batch of it was read.
    ongoing_aborted: HashMap<i64, bool>,
    /// Producers with a transactional batch read since their last marker (not aborted).
    ongoing_committed: HashSet<i64>,
}

impl TxnTracker {
    fn new(txns: &TxnView) -> Self {
        let mut pending_aborted: Vec<(i64, i64)> = txns
            .aborted
            .iter()
            .map(|(pid, first, _)| (*pid, *first))
            .collect();
        pending_aborted.sort_by_key(|(_, first)| std::cmp::Reverse(*first));
        TxnTracker {
            pending_aborted,
            ongoing_aborted: HashMap::new(),
            ongoing_committed: HashSet::new(),
        }
    }

    /// The aborted transactions that began at or before `offset` are under way.
    fn reach(&mut self, offset: i64) {
        while let Some(&(pid, first)) = self.pending_aborted.last() {
            if first > offset {
                break;
            }
            self.pending_aborted.pop();
            self.ongoing_aborted.insert(pid, false);
        }
    }

    fn on_batch(&mut self, header: &BatchHeader) {
        self.reach(header.last_offset());
        if !header.is_transactional() {
            return;
        }
        match self.ongoing_aborted.get_mut(&header.producer_id) {
            Some(read) => *read = true,
            None => {
                self.ongoing_committed.insert(header.producer_id);
            }
        }
    }

    /// A marker of `header.producer_id`: whether its transaction left no batch before it.
    fn on_marker(&mut self, header: &BatchHeader) -> bool {
        self.reach(header.last_offset());
        let committed_read = self.ongoing_committed.remove(&header.producer_id);
        let aborted_read = self
            .ongoing_aborted
            .remove(&header.producer_id)
            .unwrap_or(false);
        !(committed_read || aborted_read)
    }
}

/// One pass's state as it reads the segments in order.
struct Pass<'a> {
    map: &'a KeyMap,
    /// The key map's end: records at or past it are kept as they are.
    end_offset: i64,
    now_ms: i64,
    delete_retention_ms: i64,
    txns: &'a TxnView,
    tracker: TxnTracker,
    /// The earliest delete horizon still ahead of a kept tombstone or marker: the log is due
    /// for a pass then.
    next_due: Option<i64>,
    /// (producer id, marker offset) of the ABORT markers dropped: their index entries go.
    removed_aborts: Vec<(i64, i64)>,
}

impl Pass<'_> {
    fn due_at(&mut self, horizon: i64) {
        self.next_due = Some(self.next_due.map_or(horizon, |d| d.min(horizon)));
    }

    /// The horizon a batch kept for tombstones or a marker gets now.
    fn new_horizon(&mut self) -> i64 {
        let horizon = self.now_ms.saturating_add(self.delete_retention_ms);
        self.due_at(horizon);
        horizon
    }
}

/// The cleaner's IO budget (`log.cleaner.io.max.bytes.per.second`, this shard's share): after
/// each batch read or written, sleeps while the bytes so far are ahead of the rate.
pub struct IoThrottle {
    bytes_per_second: f64,
    started: Instant,
    bytes: u64,
}

impl IoThrottle {
    pub fn new(bytes_per_second: f64) -> Self {
        IoThrottle {
            bytes_per_second,
            started: Instant::now(),
            bytes: 0,
        }
    }

    /// Accounts for `bytes` of IO and waits as long as the budget needs (and at least yields).
    pub async fn consume(&mut self, bytes: u64) {
        self.bytes += bytes;
        if self.bytes_per_second.is_finite() && self.bytes_per_second > 0.0 {
            let due = Duration::from_secs_f64(self.bytes as f64 / self.bytes_per_second);
            let elapsed = self.started.elapsed();
            if due > elapsed {
                glommio::timer::sleep(due - elapsed).await;
                return;
            }
        }
        glommio::yield_if_needed().await;
    }
}

/// A non-active segment as the pass sees it (its files stay readable even if it is replaced).
#[derive(Clone)]
struct SegmentView {
    base: i64,
    size: u64,
    next_offset: i64,
    file: Rc<glommio::io::BufferedFile>,
}

/// 128-bit key hash (two SipHash-1-3 runs with different prefixes; Kafka uses MD5's 128 bits):
/// a collision would drop a record, which at 2^-128 per pair is below any disk's error rate.
fn key_hash(key: &[u8]) -> u128 {
    use std::hash::Hasher;
    let mut low = std::hash::DefaultHasher::new();
    low.write_u8(0);
    low.write(key);
    let mut high = std::hash::DefaultHasher::new();
    high.write_u8(1);
    high.write(key);
    (u128::from(high.finish()) << 64) | u128::from(low.finish())
}

/// The key map of one pass: key hash → latest offset, at most `max_entries` keys.
struct KeyMap {
    map: HashMap<u128, i64>,
    max_entries: usize,
}

fn corrupt(partition: &str, detail: String) -> StorageError {
    StorageError::Corrupt {
        partition: partition.to_string(),
        detail,
    }
}

/// Reads a segment's batches in order, a chunk of at most [`READ_CHUNK_BYTES`] (or one batch,
/// if larger) at a time, through io_uring: a page-cache miss never blocks the shard.
struct SegmentReader<'a> {
    segment: &'a SegmentView,
    partition: &'a str,
    /// File position of `buf[0]`.
    buf_at: u64,
    buf: Vec<u8>,
    /// File position of the next batch.
    position: u64,
    min_offset: i64,
}

/// Bytes read from a segment at once. Reason: few reads, small memory.
const READ_CHUNK_BYTES: usize = 1 << 20;

impl<'a> SegmentReader<'a> {
    fn new(segment: &'a SegmentView, partition: &'a str) -> Self {
        SegmentReader {
            segment,
            partition,
            buf_at: 0,
            buf: Vec::new(),
            position: 0,
            min_offset: segment.base,
        }
    }

    /// Makes `[position, position + len)` available in `buf`.
    async fn fill(&mut self, len: usize) -> Result<(), StorageError> {
        let buffered_end = self.buf_at + self.buf.len() as u64;
        if self.position >= self.buf_at && self.position + len as u64 <= buffered_end {
            return Ok(());
        }
        let want = len.max(READ_CHUNK_BYTES) as u64;
        let size = want.min(self.segment.size - self.position) as usize;
        let read = self
            .segment
            .file
            .read_at(self.position, size)
            .await
            .map_err(|e| StorageError::runtime("cleaner reading segment", e))?;
        self.buf.clear();
        self.buf.extend_from_slice(&read);
        self.buf_at = self.position;
        if self.buf.len() < len {
            return Err(self.corrupt("short read"));
        }
        Ok(())
    }

    fn corrupt(&self, detail: &str) -> StorageError {
        corrupt(
            self.partition,
            format!(
                "segment {} at position {}: {detail}",
                self.segment.base, self.position
            ),
        )
    }

    /// The next batch (header and bytes), `None` at the segment's end. Segments were checked
    /// when they were written or recovered: a batch that does not parse here is an error.
    async fn next(&mut self) -> Result<Option<(BatchHeader, &[u8])>, StorageError> {
        if self.position >= self.segment.size {
            return Ok(None);
        }
        if self.segment.size - self.position < BATCH_HEADER_BYTES as u64 {
            return Err(self.corrupt("a partial batch header"));
        }
        self.fill(BATCH_HEADER_BYTES).await?;
        let at = (self.position - self.buf_at) as usize;
        let header = BatchHeader::parse(&self.buf[at..]).ok_or_else(|| self.corrupt("no batch"))?;
        let size = header.batch_size();
        let plausible = header.batch_length >= BATCH_LENGTH_MIN_BYTES as i32
            && self.position + size as u64 <= self.segment.size
            && header.magic == MAGIC_V2
            && header.base_offset >= self.min_offset
            && header.last_offset_delta >= 0;
        if !plausible {
            return Err(self.corrupt("not a batch in order"));
        }
        self.fill(size).await?;
        let at = (self.position - self.buf_at) as usize;
        self.position += size as u64;
        self.min_offset = header.next_offset();
        Ok(Some((header, &self.buf[at..at + size])))
    }
}

/// The bytes of `batch` after cleaning: `Some(bytes)` (itself or rebuilt) or `None` when
/// none of its records stay.
async fn filter_batch(
    bytes: &[u8],
    header: &BatchHeader,
    pass: &mut Pass<'_>,
    stats: &mut CleanStats,
    partition: &str,
) -> Result<Option<Vec<u8>>, StorageError> {
    if header.is_control() {
        return filter_marker(bytes, header, pass, stats, partition).await;
    }
    pass.tracker.on_batch(header);
    if header.base_offset >= pass.end_offset {
        return Ok(Some(bytes.to_vec()));
    }
    if pass.txns.is_aborted(header) {
        stats.records_removed += u64::try_from(header.records_count).unwrap_or(0);
        return Ok(None);
    }
    if header.records_count <= 0 {
        return Ok(None);
    }
    let mut decoded = decode(bytes, header, partition).await?;
    let spans = std::mem::take(&mut decoded.spans);
    let horizon = header.delete_horizon_ms();
    let mut needs_horizon = false;
    let total = spans.len();
    let mut kept = Vec::with_capacity(total);
    for (span, hash) in spans.into_iter().zip(std::mem::take(&mut decoded.hashes)) {
        let offset = header.base_offset + i64::from(span.offset_delta);
        if offset >= pass.end_offset {
            kept.push(span);
            continue;
        }
        let Some(hash) = hash else {
            stats.records_removed += 1;
            continue;
        };
        let latest = pass.map.map.get(&hash).copied();
        if latest.is_some_and(|latest| latest > offset) {
            stats.records_removed += 1;
            continue;
        }
        if span.value_is_null {
            match horizon {
                Some(horizon) if horizon <= pass.now_ms => {
                    stats.records_removed += 1;
                    stats.tombstones_removed += 1;
                    continue;
                }
                Some(horizon) => pass.due_at(horizon),
                None => needs_horizon = true,
            }
        }
        kept.push(span);
    }
    if kept.len() == total && !needs_horizon {
        return Ok(Some(bytes.to_vec()));
    }
    if kept.is_empty() {
        return Ok(None);
    }
    let horizon = needs_horizon.then(|| pass.new_horizon());
    stats.batches_rewritten += 1;
    Ok(Some(rebuild(header, decoded, kept, horizon).await))
}

/// A control batch after cleaning (see [`TxnTracker`]): a marker whose transaction left
/// nothing before it gets a delete horizon, and goes once the pass runs past it; everything
/// else (markers of transactions with batches still in the log, other control records,
/// empty control batches) stays as it is.
async fn filter_marker(
    bytes: &[u8],
    header: &BatchHeader,
    pass: &mut Pass<'_>,
    stats: &mut CleanStats,
    partition: &str,
) -> Result<Option<Vec<u8>>, StorageError> {
    let Some(marker) = crate::txn_index::parse_marker(bytes) else {
        return Ok(Some(bytes.to_vec()));
    };
    // Past the key map's end a marker may be above the high watermark (not on every replica
    // yet): it stays as it is, tracked only.
    if !pass.tracker.on_marker(header) || header.base_offset >= pass.end_offset {
        return Ok(Some(bytes.to_vec()));
    }
    match header.delete_horizon_ms() {
        Some(horizon) if horizon <= pass.now_ms => {
            stats.markers_removed += 1;
            if !marker.commit {
                pass.removed_aborts
                    .push((header.producer_id, header.base_offset));
            }
            Ok(None)
        }
        Some(horizon) => {
            pass.due_at(horizon);
            Ok(Some(bytes.to_vec()))
        }
        None => {
            let horizon = pass.new_horizon();
            let mut decoded = decode(bytes, header, partition).await?;
            let kept = std::mem::take(&mut decoded.spans);
            stats.batches_rewritten += 1;
            Ok(Some(rebuild(header, decoded, kept, Some(horizon)).await))
        }
    }
}

/// A batch's records as the pass needs them: the decompressed section, each record's span and
/// its key's hash (`None`: no key).
struct Decoded {
    section: Vec<u8>,
    spans: Vec<batch::RecordSpan>,
    hashes: Vec<Option<u128>>,
}

/// Compressed batches at least this large are decompressed and recompressed on glommio's
/// blocking thread pool, not on the shard. Reason: codecs run at tens to hundreds of MB/s, so a
/// 1 MiB batch would hold the reactor (and every other partition's produce) for milliseconds.
const OFFLOAD_BATCH_BYTES: usize = 64 * 1024;

fn decode_now(bytes: &[u8], header: &BatchHeader) -> Result<Decoded, String> {
    let section = batch::records_section(bytes, batch::DECOMPRESSED_BATCH_MAX_BYTES)
        .map_err(|e| format!("batch at {}: {e}", header.base_offset))?;
    let spans = batch::record_spans(&section, header.records_count)
        .ok_or_else(|| format!("records of batch at {}", header.base_offset))?;
    let hashes = spans
        .iter()
        .map(|span| span.key.clone().map(|key| key_hash(&section[key])))
        .collect();
    Ok(Decoded {
        section,
        spans,
        hashes,
    })
}

fn offloaded(header: &BatchHeader, size: usize) -> bool {
    header.compression() != batch::Compression::None && size >= OFFLOAD_BATCH_BYTES
}

/// [`decode_now`], on the blocking pool for a large compressed batch.
async fn decode(
    bytes: &[u8],
    header: &BatchHeader,
    partition: &str,
) -> Result<Decoded, StorageError> {
    let decoded = if offloaded(header, bytes.len()) {
        let (owned, header) = (bytes.to_vec(), *header);
        glommio::executor()
            .spawn_blocking(move || decode_now(&owned, &header))
            .await
    } else {
        decode_now(bytes, header)
    };
    decoded.map_err(|detail| corrupt(partition, detail))
}

/// `batch::rebuild`, on the blocking pool for a large compressed batch.
async fn rebuild(
    header: &BatchHeader,
    decoded: Decoded,
    kept: Vec<batch::RecordSpan>,
    horizon: Option<i64>,
) -> Vec<u8> {
    if offloaded(header, decoded.section.len()) {
        let header = *header;
        glommio::executor()
            .spawn_blocking(move || batch::rebuild(&header, &decoded.section, &kept, horizon))
            .await
    } else {
        batch::rebuild(header, &decoded.section, &kept, horizon)
    }
}

impl PartitionLog {
    /// The cleaner checkpoint of this partition (first dirty offset; the log start if none).
    pub fn cleaner_checkpoint(&self) -> i64 {
        self.cleaner_offset.get()
    }

    /// How dirty the log is at `now_ms`; `None` when it is not compacted or nothing can be
    /// cleaned (see the module docs for the range).
    pub fn cleanable(&self, now_ms: i64) -> Option<Cleanable> {
        let config = self.config.borrow();
        if !config.compact || self.check_usable().is_err() {
            return None;
        }
        let state = self.state.borrow();
        let active_base = state.active().base_offset;
        let checkpoint = self.cleaner_offset.get();
        let first_dirty = if checkpoint < state.log_start_offset || checkpoint > active_base {
            state.log_start_offset
        } else {
            checkpoint
        };
        // Never past the last stable offset (as Kafka's cleaner): an open transaction's records
        // may still be aborted, and must not stand for their keys before that is known.
        let last_stable = state
            .producers
            .last_stable_offset(state.high_watermark.offset);
        let mut first_uncleanable = active_base.min(last_stable);
        if config.min_compaction_lag_ms > 0 {
            let young = state
                .segments
                .values()
                .filter(|s| s.next_offset > first_dirty && s.base_offset < active_base)
                .find(|s| {
                    now_ms.saturating_sub(s.largest_timestamp_ms()) < config.min_compaction_lag_ms
                });
            if let Some(young) = young {
                first_uncleanable = first_uncleanable.min(young.base_offset.max(first_dirty));
            }
        }
        let (mut clean_bytes, mut dirty_bytes) = (0u64, 0u64);
        let mut oldest_dirty_ms = i64::MAX;
        for segment in state
            .segments
            .values()
            .filter(|s| s.base_offset < active_base)
        {
            if segment.next_offset <= first_dirty {
                clean_bytes += segment.size_bytes;
            } else if segment.base_offset < first_uncleanable {
                dirty_bytes += segment.size_bytes;
                if let Some(first) = segment.rolling_base_ms {
                    oldest_dirty_ms = oldest_dirty_ms.min(first);
                }
            }
        }
        let lag_due = dirty_bytes > 0
            && config.max_compaction_lag_ms < i64::MAX
            && now_ms.saturating_sub(oldest_dirty_ms) >= config.max_compaction_lag_ms;
        let tombstones_due = self
            .tombstones_due_ms
            .get()
            .is_some_and(|due| due <= now_ms);
        let total = clean_bytes + dirty_bytes;
        Some(Cleanable {
            first_dirty,
            first_uncleanable: first_uncleanable.max(first_dirty),
            clean_bytes,
            dirty_bytes,
            dirty_ratio: if total == 0 {
                0.0
            } else {
                dirty_bytes as f64 / total as f64
            },
            due: lag_due || tombstones_due,
        })
    }

    /// The non-active segments, oldest first, as the pass reads them.
    fn segment_views(&self) -> Vec<SegmentView> {
        let state = self.state.borrow();
        let active_base = state.active().base_offset;
        state
            .segments
            .values()
            .filter(|s| s.base_offset < active_base)
            .map(|s| SegmentView {
                base: s.base_offset,
                size: s.size_bytes,
                next_offset: s.next_offset,
                file: s.log.clone(),
            })
            .collect()
    }

    /// One cleaning pass (see the module docs). `key_map_entries_max` bounds the key map,
    /// `throttle` the IO. `Ok(None)`: nothing to clean.
    pub async fn clean(
        self: &Rc<Self>,
        now_ms: i64,
        key_map_entries_max: usize,
        throttle: &mut IoThrottle,
        txns: &TxnView,
    ) -> Result<Option<CleanStats>, StorageError> {
        let Some(cleanable) = self.cleanable(now_ms) else {
            return Ok(None);
        };
        let segments = self.segment_views();
        if segments.is_empty() {
            return Ok(None);
        }
        let mut stats = CleanStats {
            first_dirty: cleanable.first_dirty,
            segments_before: segments.len(),
            ..CleanStats::default()
        };
        let map = self
            .build_key_map(
                &segments,
                &cleanable,
                key_map_entries_max,
                throttle,
                txns,
                &mut stats,
            )
            .await?;
        let end_offset = map.1;
        stats.end_offset = end_offset;
        let map = map.0;
        stats.key_map_entries = map.map.len();
        stats.key_map_entries_max = key_map_entries_max;
        // Segments from the first up to the one holding the map's end (exclusive).
        let victims: Vec<SegmentView> = segments
            .into_iter()
            .filter(|s| s.base < end_offset)
            .collect();
        if victims.is_empty() {
            return Ok(None);
        }
        stats.bytes_cleaned = victims.iter().map(|s| s.size).sum();
        let groups = self.group_segments(&victims);
        let mut outputs = Vec::new();
        let mut pass = Pass {
            map: &map,
            end_offset,
            now_ms,
            delete_retention_ms: self.config.borrow().delete_retention_ms,
            txns,
            tracker: TxnTracker::new(txns),
            next_due: None,
            removed_aborts: Vec::new(),
        };
        for group in &groups {
            let output = self
                .clean_group(group, &mut pass, throttle, &mut stats)
                .await;
            match output {
                Ok(path) => outputs.push(path),
                Err(e) => {
                    for (path, _) in &outputs {
                        let _ = std::fs::remove_file(path);
                    }
                    return Err(e);
                }
            }
        }
        let swapped = self.swap(&groups, &outputs, &pass.removed_aborts).await?;
        if !swapped {
            stats.abandoned = true;
            return Ok(Some(stats));
        }
        stats.segments_after = self.segment_count() - 1;
        self.tombstones_due_ms.set(pass.next_due);
        self.cleaner_offset.set(end_offset);
        self.write_cleaner_checkpoint(Some(end_offset)).await?;
        Ok(Some(stats))
    }

    /// Step 2: key hash → latest offset over the dirty section; returns the map and its end
    /// (the offset after the last batch mapped).
    async fn build_key_map(
        &self,
        segments: &[SegmentView],
        cleanable: &Cleanable,
        max_entries: usize,
        throttle: &mut IoThrottle,
        txns: &TxnView,
        stats: &mut CleanStats,
    ) -> Result<(KeyMap, i64), StorageError> {
        let (start, upper) = (cleanable.first_dirty, cleanable.first_uncleanable);
        let estimate = usize::try_from(upper.saturating_sub(start)).unwrap_or(usize::MAX);
        let mut map = KeyMap {
            map: HashMap::with_capacity(estimate.min(max_entries).min(1 << 20)),
            max_entries: max_entries.max(1),
        };
        let mut end = start;
        let partition = self.state.borrow().partition.clone();
        'segments: for segment in segments
            .iter()
            .filter(|s| s.next_offset > start && s.base < upper)
        {
            let mut reader = SegmentReader::new(segment, &partition);
            while let Some((header, bytes)) = reader.next().await? {
                if header.last_offset() < start {
                    continue;
                }
                if header.base_offset >= upper {
                    break 'segments;
                }
                let records = usize::try_from(header.records_count).unwrap_or(0);
                if !map.map.is_empty() && map.map.len() + records > map.max_entries {
                    break 'segments;
                }
                let bytes_len = bytes.len() as u64;
                stats.bytes_read += bytes_len;
                if !header.is_control() && !txns.is_aborted(&header) && records > 0 {
                    let decoded = decode(bytes, &header, &partition).await?;
                    for (span, hash) in decoded.spans.iter().zip(decoded.hashes) {
                        if let Some(hash) = hash {
                            let offset = header.base_offset + i64::from(span.offset_delta);
                            map.map.insert(hash, offset);
                        }
                    }
                }
                end = header.next_offset();
                throttle.consume(bytes_len).await;
            }
        }
        Ok((map, end.max(start)))
    }

    /// Consecutive segments whose total size fits `segment.bytes` and whose offsets fit one
    /// index (Kafka's `groupSegmentsBySize`).
    fn group_segments(&self, segments: &[SegmentView]) -> Vec<Vec<SegmentView>> {
        let max_bytes = self.config.borrow().segment_bytes_effective();
        let mut groups: Vec<Vec<SegmentView>> = Vec::new();
        for segment in segments {
            let fits = groups.last().is_some_and(|group| {
                let size: u64 = group.iter().map(|s| s.size).sum();
                size + segment.size <= max_bytes
                    && segment.next_offset - group[0].base <= i64::from(i32::MAX)
            });
            if fits {
                groups.last_mut().expect("checked").push(segment.clone());
            } else {
                groups.push(vec![segment.clone()]);
            }
        }
        groups
    }

    /// Step 3 for one output segment: writes `<base>.log.cleaned` and fdatasyncs it.
    async fn clean_group(
        &self,
        group: &[SegmentView],
        pass: &mut Pass<'_>,
        throttle: &mut IoThrottle,
        stats: &mut CleanStats,
    ) -> Result<(PathBuf, u64), StorageError> {
        let base = group[0].base;
        let path = cleaned_path(&self.dir, base);
        let file = files::create_truncated(&path).await?;
        let producers_last = self.state.borrow().producers.last_offsets();
        let partition = self.state.borrow().partition.clone();
        let mut out: Vec<u8> = Vec::with_capacity(OUTPUT_BUFFER_BYTES);
        let mut written = 0u64;
        let mut last_seen: Option<BatchHeader> = None;
        let mut last_written_next = base;
        for segment in group {
            let mut reader = SegmentReader::new(segment, &partition);
            while let Some((header, bytes)) = reader.next().await? {
                last_seen = Some(header);
                let bytes_len = bytes.len() as u64;
                stats.bytes_read += bytes_len;
                let kept = filter_batch(bytes, &header, pass, stats, &partition).await?;
                let kept = match kept {
                    Some(kept) => Some(kept),
                    None if header.has_producer_id()
                        && producers_last.get(&header.producer_id)
                            == Some(&header.last_offset()) =>
                    {
                        Some(batch::empty_batch(&header))
                    }
                    None => None,
                };
                if let Some(kept) = kept {
                    last_written_next = header.next_offset();
                    out.extend_from_slice(&kept);
                    if out.len() >= OUTPUT_BUFFER_BYTES {
                        files::write_all(&file, &out, written).await?;
                        written += out.len() as u64;
                        throttle.consume(out.len() as u64).await;
                        out.clear();
                    }
                }
                throttle.consume(bytes_len).await;
            }
        }
        // The output ends where the group ended, so segments stay contiguous.
        if let Some(last) = last_seen.filter(|h| h.next_offset() != last_written_next) {
            out.extend_from_slice(&batch::empty_batch(&last));
        }
        files::write_all(&file, &out, written).await?;
        written += out.len() as u64;
        stats.bytes_written += written;
        files::fdatasync(&file, "fdatasync cleaned segment").await?;
        file.close()
            .await
            .map_err(|e| StorageError::runtime("closing cleaned segment", e))?;
        Ok((path, written))
    }

    /// Step 4: replaces each group's segments by its cleaned file, if the log still holds them
    /// as they were read. Returns false (and removes the outputs) when it changed meanwhile.
    async fn swap(
        self: &Rc<Self>,
        groups: &[Vec<SegmentView>],
        outputs: &[(PathBuf, u64)],
        removed_aborts: &[(i64, i64)],
    ) -> Result<bool, StorageError> {
        let remove_outputs = || {
            for (path, _) in outputs {
                let _ = std::fs::remove_file(path);
            }
        };
        let Ok(_permit) = self.acquire_writer().await else {
            remove_outputs();
            return Ok(false);
        };
        let unchanged = {
            let state = self.state.borrow();
            let active_base = state.active().base_offset;
            groups.iter().flatten().all(|view| {
                view.base < active_base
                    && state.segments.get(&view.base).is_some_and(|s| {
                        s.size_bytes == view.size && s.next_offset == view.next_offset
                    })
            })
        };
        if !unchanged {
            remove_outputs();
            return Ok(false);
        }
        let _flush = self.exclude_flush().await;
        let result = self.swap_locked(groups, outputs, removed_aborts).await;
        if let Err(e) = &result {
            self.go_offline(e);
        }
        result.map(|()| true)
    }

    async fn swap_locked(
        &self,
        groups: &[Vec<SegmentView>],
        outputs: &[(PathBuf, u64)],
        removed_aborts: &[(i64, i64)],
    ) -> Result<(), StorageError> {
        let delay_ms = self.config.borrow().file_delete_delay_ms;
        for (group, (cleaned, _)) in groups.iter().zip(outputs) {
            let base = group[0].base;
            // The output's aborted-transaction index, durable before the commit point: the
            // entries of every segment it replaces, less those whose markers it dropped (their
            // transactions left nothing, so either outcome of a crash may do without them).
            let bases: Vec<i64> = group.iter().map(|view| view.base).collect();
            let entries = self
                .state
                .borrow()
                .producers
                .aborted
                .merged(&bases, removed_aborts);
            let txn_index = files::offset_file(&self.dir, base, crate::txn_index::TXN_INDEX_SUFFIX);
            if entries.is_empty() {
                let _ = std::fs::remove_file(&txn_index);
            } else {
                let name = txn_index
                    .file_name()
                    .expect("an offset file has a name")
                    .to_string_lossy()
                    .into_owned();
                files::write_atomic(&self.dir, &name, crate::txn_index::encode(&entries)).await?;
            }
            let swap = swap_path(&self.dir, base);
            rename(cleaned, &swap).await?;
            files::sync_dir(&self.dir).await?;
            // The old segments stay in the log, read through their open files (renamed to
            // `.deleted`, unlinked later), until the cleaned one is open with its indexes:
            // readers see the old segments or the new one, never a hole (which a read would
            // take for a compaction gap and skip).
            for view in group {
                crate::retention::schedule_file_deletion(&self.dir, view.base, delay_ms);
            }
            let [log_path, ..] = Segment::paths(&self.dir, base);
            rename(&swap, &log_path).await?;
            files::sync_dir(&self.dir).await?;
            let offset_end = group.last().expect("groups are not empty").next_offset;
            let segment = self.open_cleaned_segment(base, offset_end).await?;
            let mut state = self.state.borrow_mut();
            for view in group {
                state.segments.remove(&view.base);
            }
            state.segments.insert(base, segment);
            state
                .producers
                .aborted
                .replace_segments(&bases, base, entries);
            for replaced in &bases[1..] {
                let path =
                    files::offset_file(&self.dir, *replaced, crate::txn_index::TXN_INDEX_SUFFIX);
                let _ = std::fs::remove_file(path);
            }
        }
        self.state.borrow().assert_recovered();
        Ok(())
    }

    /// Opens a swapped-in segment and writes its indexes (fdatasync'd).
    async fn open_cleaned_segment(
        &self,
        base: i64,
        offset_end: i64,
    ) -> Result<Segment, StorageError> {
        let interval = self.config.borrow().index_interval_bytes;
        let mut segment = Segment::open_existing(&self.dir, base).await?;
        let view = SegmentView {
            base,
            size: segment.size_bytes,
            next_offset: offset_end,
            file: segment.log.clone(),
        };
        crate::recovery::reset_accounting(&mut segment);
        // The indexes are built from an io_uring read of the file just written (headers only
        // matter), yielding between batches: a large segment never holds the shard.
        let partition = segment.partition.clone();
        let mut reader = SegmentReader::new(&view, &partition);
        let mut position = 0u64;
        while let Some((header, bytes)) = reader.next().await? {
            if header.next_offset() > offset_end {
                break;
            }
            let size = bytes.len() as u64;
            segment.note_batch(position, &header, interval);
            position += size;
            glommio::yield_if_needed().await;
        }
        segment.size_bytes = position;
        segment.seal_time_index();
        segment.reset_indexes_on_disk().await?;
        segment.write_new_index_entries().await?;
        if position != view.size || segment.next_offset != offset_end {
            return Err(corrupt(
                &segment.partition,
                format!(
                    "cleaned segment {base} ends at {} where {offset_end} was expected",
                    segment.next_offset
                ),
            ));
        }
        for file in [&segment.index_file, &segment.time_index_file] {
            files::fdatasync(file, "fdatasync cleaned index").await?;
        }
        segment.synced_bytes = segment.size_bytes;
        segment.indexes_synced = true;
        Ok(segment)
    }

    /// Rewrites this partition's entry of the log dir's `cleaner-offset-checkpoint`
    /// (`None` removes it: the partition is deleted).
    pub(crate) async fn write_cleaner_checkpoint(
        &self,
        offset: Option<i64>,
    ) -> Result<(), StorageError> {
        let (Some(log_dir), Some(key)) = (self.dir.parent(), files::topic_partition(&self.dir))
        else {
            return Ok(());
        };
        while CHECKPOINT_WRITER
            .compare_exchange(false, true, Ordering::Acquire, Ordering::Relaxed)
            .is_err()
        {
            glommio::timer::sleep(Duration::from_millis(1)).await;
        }
        /// Gives the flag back however this future ends (a task dropped at shutdown too).
        struct Release;
        impl Drop for Release {
            fn drop(&mut self) {
                CHECKPOINT_WRITER.store(false, Ordering::Release);
            }
        }
        let _release = Release;
        let result = async {
            let mut entries = read_cleaner_checkpoints(log_dir);
            match offset {
                Some(offset) => entries.insert(key, offset),
                None => entries.remove(&key),
            };
            files::write_atomic(
                log_dir,
                files::CLEANER_CHECKPOINT,
                files::encode_offset_checkpoint(&entries),
            )
            .await
        }
        .await;
        result
    }
}

/// The entries of a log dir's `cleaner-offset-checkpoint` (empty when missing or malformed).
pub(crate) fn read_cleaner_checkpoints(log_dir: &Path) -> BTreeMap<(String, i32), i64> {
    std::fs::read_to_string(log_dir.join(files::CLEANER_CHECKPOINT))
        .ok()
        .and_then(|text| files::decode_offset_checkpoint(&text))
        .unwrap_or_default()
}

/// This partition's cleaner checkpoint, read at open (`-1` when none).
pub(crate) fn load_cleaner_offset(dir: &Path) -> i64 {
    let (Some(log_dir), Some(key)) = (dir.parent(), files::topic_partition(dir)) else {
        return -1;
    };
    read_cleaner_checkpoints(log_dir)
        .get(&key)
        .copied()
        .unwrap_or(-1)
}

pub(crate) fn cleaned_path(dir: &Path, base: i64) -> PathBuf {
    let mut name = files::offset_file(dir, base, files::LOG_SUFFIX).into_os_string();
    name.push(files::CLEANED_SUFFIX);
    PathBuf::from(name)
}

pub(crate) fn swap_path(dir: &Path, base: i64) -> PathBuf {
    let mut name = files::offset_file(dir, base, files::LOG_SUFFIX).into_os_string();
    name.push(files::SWAP_SUFFIX);
    PathBuf::from(name)
}

async fn rename(from: &Path, to: &Path) -> Result<(), StorageError> {
    glommio::io::rename(from, to)
        .await
        .map_err(|e| StorageError::runtime("renaming cleaned segment", e))
}

/// Open's half of the swap protocol, before segments are listed: a `<base>.log.swap` is a
/// complete, durable cleaned segment: the segments whose bases lie in [base, its end) are
/// removed (those not already renamed `.deleted`) with their indexes, and it becomes
/// `<base>.log` (indexes rebuilt by the load). `.cleaned` files are removed by `list_dir`.
pub(crate) fn finish_swaps(dir: &Path) -> Result<(), StorageError> {
    let io = |e| StorageError::io(dir.display().to_string(), e);
    let mut swaps = Vec::new();
    let mut logs = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let name = entry
            .map_err(io)?
            .file_name()
            .to_string_lossy()
            .into_owned();
        if let Some(stem) = name.strip_suffix(files::SWAP_SUFFIX) {
            match files::parse_offset_file(stem) {
                Some((base, files::LOG_SUFFIX)) => swaps.push(base),
                _ => {
                    let _ = std::fs::remove_file(dir.join(&name));
                }
            }
        } else if let Some((base, files::LOG_SUFFIX)) = files::parse_offset_file(&name) {
            logs.push(base);
        }
    }
    swaps.sort_unstable();
    for base in swaps {
        let path = swap_path(dir, base);
        let file = std::fs::File::open(&path).map_err(io)?;
        let size = file.metadata().map_err(io)?.len();
        let mut end = base;
        let scanned = scan_file(&file, base, 0, size, base, true, |_, header| {
            end = header.next_offset();
            true
        })?;
        if scanned.truncated {
            // Renamed only after its fdatasync: a bad swap file is not ours to trust.
            tracing::warn!(path = %path.display(), "ignoring a damaged cleaned segment");
            let _ = std::fs::remove_file(&path);
            continue;
        }
        for covered in logs.iter().copied().filter(|b| *b >= base && *b < end) {
            for segment_file in Segment::paths(dir, covered) {
                let _ = std::fs::remove_file(segment_file);
            }
        }
        let [log_path, ..] = Segment::paths(dir, base);
        std::fs::rename(&path, &log_path).map_err(io)?;
        tracing::info!(segment = base, end, "finished an interrupted cleaner swap");
    }
    Ok(())
}
