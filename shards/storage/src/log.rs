//! `PartitionLog`: the state of one partition's log and its write path (append, roll, flush).

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::future::Future;
use std::path::PathBuf;
use std::rc::Rc;
use std::time::Duration;

use batch::{
    set_base_offset, set_log_append_time, set_partition_leader_epoch, BatchHeader, ValidatedBatch,
    BATCH_HEADER_BYTES,
};
use glommio::sync::Semaphore;
use model::{ErrorCode, LeaderEpoch, Offset};

use crate::config::{Durability, LogConfig};
use crate::epoch_cache::LeaderEpochCache;
use crate::error::{AppendError, StorageError};
use crate::files;
use crate::invariant::invariant;
use crate::notify::Notify;
use crate::producer_state::{ProducerStateManager, TxnVerification, Verdict};
use crate::profile::Stage;
use crate::segment::Segment;

/// Producer snapshots kept on disk: recovery needs the newest; older ones cover a corrupt newest.
pub(crate) const SNAPSHOTS_KEPT: usize = 3;
/// How often the `flush.ms` timer wakes to check whether a flush is due.
const FLUSH_TIMER_TICK_MS_MAX: u64 = 1000;
/// Relaxed mode: bytes appended to a partition between two starts of its writeback. Reason: at
/// 1 MiB a kick costs a system call per ~1 MiB, and the page cache holds at most about that much
/// unstarted dirty data per partition instead of gigabytes.
const WRITEBACK_KICK_BYTES: u64 = 1 << 20;

/// A point in the log: an offset and where it falls in the files.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct LogPosition {
    pub offset: i64,
    pub segment_base: i64,
    pub position: u64,
}

impl LogPosition {
    /// Whether `other`'s place in the files is at or before this one's.
    fn covers(&self, other: &LogPosition) -> bool {
        other.segment_base < self.segment_base
            || (other.segment_base == self.segment_base && other.position <= self.position)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Status {
    Open,
    /// A write or fsync failed; every later operation fails with KAFKA_STORAGE_ERROR.
    Offline,
    Closed,
}

pub(crate) struct LogState {
    /// `<topic>-<partition>`, for invariant messages.
    pub partition: Rc<str>,
    pub segments: BTreeMap<i64, Segment>,
    pub log_start_offset: i64,
    /// End of written data (all writes completed; appends are serialized).
    pub log_end: LogPosition,
    /// End of fdatasync'd data.
    pub flushed: LogPosition,
    /// What readers may see. Local mode: `flushed` in durable mode, `log_end` in relaxed mode,
    /// monotonic. Replicated mode: what the replica state machine last set (clamped into the
    /// log), resolved to the start of the batch holding it.
    pub high_watermark: LogPosition,
    pub last_flush_ms: i64,
    pub producers: ProducerStateManager,
    pub epochs: LeaderEpochCache,
}

impl LogState {
    pub fn active(&self) -> &Segment {
        self.segments
            .values()
            .next_back()
            .expect("a log always has an active segment")
    }

    pub fn active_mut(&mut self) -> &mut Segment {
        self.segments
            .values_mut()
            .next_back()
            .expect("a log always has an active segment")
    }

    pub fn advance_high_watermark(&mut self, to: LogPosition) -> bool {
        if to.offset > self.high_watermark.offset {
            self.high_watermark = to;
            self.assert_offsets();
            return true;
        }
        false
    }

    /// log start ≤ high watermark ≤ log end and flushed ≤ log end, the high watermark and the
    /// flushed position inside the written files. Checked after each of them moves, and before
    /// each read.
    pub fn assert_offsets(&self) {
        let (start, hw, flushed, end) = (
            self.log_start_offset,
            &self.high_watermark,
            &self.flushed,
            &self.log_end,
        );
        invariant!(
            self.partition,
            start <= hw.offset,
            "log start offset ≤ high watermark",
            "log start {start}, high watermark {}",
            hw.offset
        );
        invariant!(
            self.partition,
            hw.offset <= end.offset && end.covers(hw),
            "high watermark ≤ log end",
            "high watermark {hw:?}, log end {end:?}"
        );
        invariant!(
            self.partition,
            flushed.offset <= end.offset && end.covers(flushed),
            "flushed offset ≤ written offset",
            "flushed {flushed:?}, log end {end:?}"
        );
    }

    /// Pair assertion between the log end and the active segment: appends write at the
    /// segment's end, and the log end is exactly there.
    pub fn assert_log_end_at_active(&self) {
        let (end, active) = (&self.log_end, self.active());
        invariant!(
            self.partition,
            end.segment_base == active.base_offset
                && end.position == active.size_bytes
                && end.offset == active.next_offset,
            "log end is the active segment's end",
            "log end {end:?}, active segment base {} size {} next offset {}",
            active.base_offset,
            active.size_bytes,
            active.next_offset
        );
    }

    /// Recovery's postcondition (O(segments), once per open): each segment ends where the next
    /// begins, the log end is the last one's end, and the offsets are in order.
    pub fn assert_recovered(&self) {
        let mut segments = self.segments.values().peekable();
        while let (Some(segment), Some(next)) = (segments.next(), segments.peek()) {
            invariant!(
                self.partition,
                segment.next_offset == next.base_offset,
                "a segment ends where the next one begins",
                "segment {} ends at {}, next segment {}",
                segment.base_offset,
                segment.next_offset,
                next.base_offset
            );
        }
        self.assert_log_end_at_active();
        self.assert_offsets();
    }
}

/// Where an appended batch comes from, for the append's offset checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum BatchSource {
    /// Given its offsets here: it starts at the log end and its records fill its range.
    Leader,
    /// A leader's batch as it is: it may start past the log end and hold fewer records than
    /// its range (compaction on the leader).
    Replicated,
}

/// Result of an append (or of a duplicate idempotent batch: the original's offsets).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AppendOutcome {
    pub base_offset: Offset,
    pub last_offset: Offset,
    /// The broker time stamped on LogAppendTime topics, else -1.
    pub log_append_time_ms: i64,
    pub log_start_offset: Offset,
}

/// The log of one partition, owned by one shard. Used as `Rc<PartitionLog>`; `!Send`.
///
/// Write path: appends are serialized by a one-permit shard-local semaphore (FIFO), so offsets
/// are assigned and bytes written in order and the written end only moves forward contiguously.
/// Durability: whoever needs a sync and finds none running becomes the flusher and fdatasyncs
/// every segment with unsynced bytes; appends that land meanwhile wait and are covered by the
/// next flusher — one fdatasync per group of concurrent appends (group commit).
pub struct PartitionLog {
    pub(crate) dir: PathBuf,
    pub(crate) config: RefCell<LogConfig>,
    pub(crate) state: RefCell<LogState>,
    pub(crate) writer: Semaphore,
    pub(crate) flush_running: Cell<bool>,
    pub(crate) flush_done: Notify,
    pub(crate) background_sync_scheduled: Cell<bool>,
    /// Relaxed mode: bytes written since writeback of the active segment was last started
    /// (`files::start_writeback`).
    pub(crate) unkicked_bytes: Cell<u64>,
    /// Writeback starts so far (tests, and whoever wonders whether relaxed mode kicks).
    pub(crate) writeback_starts: Cell<u64>,
    pub(crate) hw_advanced: Notify,
    pub(crate) sync_count: Cell<u64>,
    pub(crate) status: Cell<Status>,
    pub(crate) clock: RefCell<Rc<dyn Fn() -> i64>>,
    /// Who moves the high watermark; fixed at open.
    pub(crate) hw_mode: HighWatermarkMode,
    /// Replicated mode: the high watermark last written to the checkpoint file (-1: none).
    pub(crate) hw_checkpointed: Cell<i64>,
    /// Serializes writes of the high watermark checkpoint (one temp file name).
    pub(crate) hw_checkpoint_writer: Semaphore,
    /// The cleaner's first dirty offset (its entry in `cleaner-offset-checkpoint`; -1: none).
    pub(crate) cleaner_offset: Cell<i64>,
    /// When a tombstone the cleaner kept passes `delete.retention.ms` (the log is then due for
    /// a pass whatever its dirty ratio); `None` when unknown or none.
    pub(crate) tombstones_due_ms: Cell<Option<i64>>,
}

/// Who moves a log's high watermark, chosen at open ([`PartitionLog::open_in_mode`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum HighWatermarkMode {
    /// Single-node (today's default): the log advances the high watermark itself, to what is
    /// fdatasync'd in durable mode and to the log end in relaxed mode, and sets it to the log
    /// end on open.
    #[default]
    Local,
    /// A replica (issue 11): only [`PartitionLog::set_high_watermark`] moves it (the replica
    /// state machine decides it); the log never advances it on a sync, an append, a config
    /// change or open. It is checkpointed to `high-watermark-checkpoint` by
    /// [`PartitionLog::checkpoint_high_watermark`] and `close`, and restored from it on open
    /// (clamped into [log start, log end]; the log start when there is none).
    Replicated,
}

pub(crate) fn wall_clock_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

fn storage_error(e: StorageError) -> AppendError {
    AppendError::from(e)
}

impl PartitionLog {
    pub(crate) fn now_ms(&self) -> i64 {
        (self.clock.borrow())()
    }

    /// Replaces the wall clock (tests, simulation). Used for LogAppendTime, rolls, flush.ms.
    pub fn set_clock(&self, clock: Rc<dyn Fn() -> i64>) {
        *self.clock.borrow_mut() = clock;
    }

    pub fn dir(&self) -> &std::path::Path {
        &self.dir
    }

    pub fn config(&self) -> LogConfig {
        self.config.borrow().clone()
    }

    /// Topic config altered at runtime. Switching to relaxed flushing exposes written data at
    /// once; switching to durable keeps the high watermark until the next sync.
    pub fn set_config(&self, config: LogConfig) {
        let relaxed = !config.is_durable() && self.hw_mode == HighWatermarkMode::Local;
        *self.config.borrow_mut() = config;
        if relaxed {
            let mut state = self.state.borrow_mut();
            let end = state.log_end;
            if state.advance_high_watermark(end) {
                drop(state);
                self.hw_advanced.notify_all();
            }
        }
    }

    pub(crate) fn check_usable(&self) -> Result<(), StorageError> {
        match self.status.get() {
            Status::Open => Ok(()),
            Status::Offline => Err(StorageError::Offline),
            Status::Closed => Err(StorageError::Closed),
        }
    }

    /// Takes the writer permit (appends, truncation, retention, close are serialized by it)
    /// and checks that the log still takes writes.
    pub(crate) async fn acquire_writer(&self) -> Result<glommio::sync::Permit<'_>, StorageError> {
        let permit = self
            .writer
            .acquire_permit(1)
            .await
            .map_err(|_| StorageError::Closed)?;
        self.check_usable()?;
        Ok(permit)
    }

    /// Persists the leader epoch cache as `leader-epoch-checkpoint` (write temp + rename).
    pub(crate) async fn write_epoch_checkpoint(&self) -> Result<(), StorageError> {
        let checkpoint = self.state.borrow().epochs.encode_checkpoint();
        files::write_atomic(
            &self.dir,
            files::LEADER_EPOCH_CHECKPOINT,
            checkpoint.into_bytes(),
        )
        .await
    }

    pub(crate) fn go_offline(&self, e: &StorageError) {
        tracing::error!(dir = %self.dir.display(), error = %e, "partition log offline after IO failure");
        self.status.set(Status::Offline);
        self.hw_advanced.notify_all();
    }

    pub fn log_start_offset(&self) -> Offset {
        Offset(self.state.borrow().log_start_offset)
    }

    pub fn log_end_offset(&self) -> Offset {
        Offset(self.state.borrow().log_end.offset)
    }

    /// Who moves the high watermark (fixed at open).
    pub fn high_watermark_mode(&self) -> HighWatermarkMode {
        self.hw_mode
    }

    pub fn high_watermark(&self) -> Offset {
        Offset(self.state.borrow().high_watermark.offset)
    }

    /// Offset up to which data is fdatasync'd.
    pub fn flushed_offset(&self) -> Offset {
        Offset(self.state.borrow().flushed.offset)
    }

    /// Number of log fdatasync calls made so far (group commit is observable through it).
    pub fn sync_count(&self) -> u64 {
        self.sync_count.get()
    }

    pub fn segment_count(&self) -> usize {
        self.state.borrow().segments.len()
    }

    pub fn size_bytes(&self) -> u64 {
        self.state
            .borrow()
            .segments
            .values()
            .map(|s| s.size_bytes)
            .sum()
    }

    /// Resolves at the next high watermark move (or when the log goes offline/closes).
    /// `'static`: it does not borrow the log.
    pub fn wait_for_append(&self) -> impl Future<Output = ()> + 'static {
        self.hw_advanced.notified()
    }

    pub fn end_offset_for_epoch(&self, epoch: LeaderEpoch) -> (LeaderEpoch, Offset) {
        let state = self.state.borrow();
        state
            .epochs
            .end_offset_for(epoch, Offset(state.log_end.offset))
    }

    /// How many times relaxed mode started the writeback of this log's pages.
    pub fn writeback_starts(&self) -> u64 {
        self.writeback_starts.get()
    }

    pub fn producers(&self) -> Vec<crate::ProducerStateEntry> {
        self.state.borrow().producers.describe()
    }

    /// Appends one produce request's validated batches as leader; see the crate docs for the
    /// durability contract. A duplicate idempotent batch is not written; the original's
    /// offsets are returned.
    pub async fn append(
        self: &Rc<Self>,
        batches: Vec<ValidatedBatch>,
        leader_epoch: LeaderEpoch,
        wait: Durability,
    ) -> Result<AppendOutcome, AppendError> {
        let outcome = self.append_written(batches, leader_epoch).await?;
        self.append_durable(&outcome, wait).await?;
        Ok(outcome)
    }

    /// The first half of [`PartitionLog::append`]: the batches are checked, given offsets and
    /// written (page cache), in the order callers arrive. Nothing is acknowledged yet.
    pub async fn append_written(
        self: &Rc<Self>,
        batches: Vec<ValidatedBatch>,
        leader_epoch: LeaderEpoch,
    ) -> Result<AppendOutcome, AppendError> {
        self.append_written_verified(batches, leader_epoch, TxnVerification::Off)
            .await
    }

    /// [`PartitionLog::append_written`] of a client's batches, transactional ones checked
    /// against partition verification (KIP-890, see `producer_state`).
    pub async fn append_written_verified(
        self: &Rc<Self>,
        batches: Vec<ValidatedBatch>,
        leader_epoch: LeaderEpoch,
        verification: TxnVerification,
    ) -> Result<AppendOutcome, AppendError> {
        if batches.is_empty() {
            return Err(AppendError::new(
                ErrorCode::InvalidRecord,
                "no batches to append",
            ));
        }
        let permit = self.acquire_writer().await.map_err(storage_error)?;
        let outcome = match self.check_producers(&batches, verification)? {
            Some(duplicate) => duplicate,
            None => self.append_locked(batches, leader_epoch).await?,
        };
        drop(permit);
        Ok(outcome)
    }

    /// The second half of [`PartitionLog::append`]: waits as `wait` says for what
    /// `append_written` wrote (by default, the fdatasync that covers it).
    pub async fn append_durable(
        self: &Rc<Self>,
        written: &AppendOutcome,
        wait: Durability,
    ) -> Result<(), AppendError> {
        self.after_append(Offset(written.last_offset.0 + 1), wait)
            .await
            .map_err(storage_error)
    }

    /// Idempotence checks for all batches; `Some` = the request duplicates an earlier one.
    fn check_producers(
        &self,
        batches: &[ValidatedBatch],
        verification: TxnVerification,
    ) -> Result<Option<AppendOutcome>, AppendError> {
        let state = self.state.borrow();
        let mut staged: Option<ProducerStateManager> = None;
        for (i, batch) in batches.iter().enumerate() {
            let producers = staged.as_ref().unwrap_or(&state.producers);
            let verified = producers.check(batch.header()).and_then(|verdict| {
                if verdict == Verdict::Append {
                    producers.check_verification(batch.header(), verification)?;
                }
                Ok(verdict)
            });
            match verified {
                Err((code, message)) => return Err(AppendError::new(code, message)),
                Ok(Verdict::Duplicate(original)) => {
                    return Ok(Some(AppendOutcome {
                        base_offset: Offset(original.first_offset),
                        last_offset: Offset(original.last_offset),
                        log_append_time_ms: -1,
                        log_start_offset: Offset(state.log_start_offset),
                    }));
                }
                Ok(Verdict::Append) if i + 1 < batches.len() => {
                    // Later batches of the same request are checked against this one.
                    let staged = staged.get_or_insert_with(|| state.producers.clone());
                    let mut header = *batch.header();
                    header.base_offset = 0;
                    staged.record(&header);
                }
                Ok(Verdict::Append) => {}
            }
        }
        Ok(None)
    }

    pub(crate) async fn append_locked(
        self: &Rc<Self>,
        batches: Vec<ValidatedBatch>,
        leader_epoch: LeaderEpoch,
    ) -> Result<AppendOutcome, AppendError> {
        let now_ms = self.now_ms();
        let log_append = self.config.borrow().timestamp_type_log_append;
        let mut first_offset = None;
        let mut last_offset = 0;
        for batch in batches {
            self.maybe_roll(&batch, now_ms)
                .await
                .map_err(storage_error)?;
            let header = self
                .write_batch(&batch, leader_epoch, log_append.then_some(now_ms), now_ms)
                .await
                .map_err(|e| {
                    self.go_offline(&e);
                    storage_error(e)
                })?;
            first_offset.get_or_insert(header.base_offset);
            last_offset = header.last_offset();
            self.note_leader_epoch(leader_epoch, header.base_offset)
                .await
                .map_err(storage_error)?;
        }
        let state = self.state.borrow();
        invariant!(
            state.partition,
            first_offset.is_some_and(|first| first <= last_offset)
                && last_offset + 1 == state.log_end.offset,
            "an append's offsets end at the log end",
            "first {first_offset:?}, last {last_offset}, log end {}",
            state.log_end.offset
        );
        Ok(AppendOutcome {
            base_offset: Offset(first_offset.unwrap_or(last_offset)),
            last_offset: Offset(last_offset),
            log_append_time_ms: if log_append { now_ms } else { -1 },
            log_start_offset: Offset(state.log_start_offset),
        })
    }

    /// Copies one batch into a write buffer, patches offset/epoch/time, writes it at the end of
    /// the active segment and then accounts for it. Returns the header as written.
    async fn write_batch(
        &self,
        batch: &ValidatedBatch,
        leader_epoch: LeaderEpoch,
        log_append_time_ms: Option<i64>,
        now_ms: i64,
    ) -> Result<BatchHeader, StorageError> {
        let (base_offset, segment_base, position, file) = {
            let state = self.state.borrow();
            state.assert_log_end_at_active();
            let active = state.active();
            (
                state.log_end.offset,
                active.base_offset,
                active.size_bytes,
                active.log.clone(),
            )
        };
        let append_started = std::time::Instant::now();
        let bytes = batch.bytes();
        let patch = |buf: &mut [u8], log_append_time_ms: Option<i64>| {
            set_base_offset(buf, base_offset)?;
            set_partition_leader_epoch(buf, leader_epoch.0)?;
            if let Some(ts) = log_append_time_ms {
                set_log_append_time(buf, ts)?;
            }
            Ok::<(), batch::PatchError>(())
        };
        let header = BatchHeader::parse(bytes).expect("validated batch holds a full header");
        let (header, marker) = if log_append_time_ms.is_none() && !header.is_control() {
            // The usual batch: only the base offset and the leader epoch change, both in the
            // header and outside the CRC, so the header is patched in a copy of its 61 bytes
            // and the records are written from the request's own bytes (no copy of them).
            let mut head = [0u8; BATCH_HEADER_BYTES];
            head.copy_from_slice(&bytes[..BATCH_HEADER_BYTES]);
            patch(&mut head, None).expect("a header-sized buffer can be patched");
            let rest = &bytes[BATCH_HEADER_BYTES..];
            files::write_all_vectored(&file, &[&head, rest], position).await?;
            let header = BatchHeader::parse(&head).expect("a patched header parses");
            (header, None)
        } else {
            // LogAppendTime rewrites max_timestamp and the CRC over the whole batch; a control
            // batch's marker is read back from it: patched in a copy.
            let mut buf = bytes.to_vec();
            // A ValidatedBatch is at least a header long, so patching cannot fail.
            patch(&mut buf, log_append_time_ms).expect("validated batch holds a full header");
            let header = BatchHeader::parse(&buf).expect("validated batch holds a full header");
            let marker = header
                .is_control()
                .then(|| crate::txn_index::parse_marker(&buf))
                .flatten();
            files::write_all(&file, buf, position).await?;
            (header, marker)
        };
        self.start_writeback_every(&file, bytes.len() as u64);
        crate::profile::add(Stage::ProduceAppend, append_started.elapsed());
        crate::profile::timed(Stage::ProduceIndex, || {
            self.commit_batch(
                segment_base,
                position,
                &header,
                marker,
                now_ms,
                BatchSource::Leader,
            )
        });
        Ok(header)
    }

    /// Relaxed mode (no fdatasync before the ack): starts the page cache's writeback of the
    /// active segment once `WRITEBACK_KICK_BYTES` were written since the last start, so dirty
    /// pages leave in a steady stream instead of piling up until the kernel's background
    /// threshold (10% of memory) and going out in bursts that stall appends and reads for
    /// hundreds of ms (perf/README.md, "Relaxed mode's latency tail"). Durability is unchanged:
    /// nothing waits for it, and an ack still promises only what Kafka's does.
    pub(crate) fn start_writeback_every(&self, file: &glommio::io::BufferedFile, written: u64) {
        if self.config.borrow().is_durable() {
            return;
        }
        let unkicked = self.unkicked_bytes.get() + written;
        if unkicked < WRITEBACK_KICK_BYTES {
            self.unkicked_bytes.set(unkicked);
            return;
        }
        self.unkicked_bytes.set(0);
        self.writeback_starts.set(self.writeback_starts.get() + 1);
        files::start_writeback(file);
    }

    /// Accounts for a batch whose bytes are written: segment, log end, producer state (and
    /// its transaction, when the batch is a control batch holding `marker`).
    /// Preconditions: the batch continues the log at its end, where its bytes were written.
    pub(crate) fn commit_batch(
        &self,
        segment_base: i64,
        position: u64,
        header: &BatchHeader,
        marker: Option<crate::txn_index::Marker>,
        now_ms: i64,
        source: BatchSource,
    ) {
        let index_interval_bytes = self.config.borrow().index_interval_bytes;
        let mut state = self.state.borrow_mut();
        let state = &mut *state;
        let end = state.log_end;
        let (contiguous, counted) = match source {
            BatchSource::Leader => (
                header.base_offset == end.offset,
                header.last_offset() == header.base_offset + i64::from(header.records_count) - 1,
            ),
            // A compacted leader's batches may start past the log end and hold fewer records
            // than their offset range.
            BatchSource::Replicated => (
                header.base_offset >= end.offset,
                i64::from(header.records_count) <= i64::from(header.last_offset_delta) + 1,
            ),
        };
        invariant!(
            state.partition,
            contiguous,
            "append offsets are contiguous",
            "batch base offset {}, log end {}",
            header.base_offset,
            end.offset
        );
        invariant!(
            state.partition,
            header.last_offset_delta >= 0 && counted,
            "a batch's last offset is its base offset + record count - 1 (at least, replicated)",
            "base offset {}, last offset {}, {} records",
            header.base_offset,
            header.last_offset(),
            header.records_count
        );
        invariant!(
            state.partition,
            segment_base == end.segment_base && position == end.position,
            "a batch is written at the log end",
            "written to segment {segment_base} at {position}, log end {end:?}"
        );
        let segment = state
            .segments
            .get_mut(&segment_base)
            .expect("the active segment cannot go away while the writer permit is held");
        if segment.rolling_base_ms.is_none() {
            segment.rolling_base_ms = Some(now_ms);
        }
        segment.note_batch(position, header, index_interval_bytes);
        state.log_end = LogPosition {
            offset: header.next_offset(),
            segment_base,
            position: position + header.batch_size() as u64,
        };
        match marker {
            Some(marker) => state.producers.record_marker(
                header,
                marker,
                segment_base,
                state.high_watermark.offset,
            ),
            None => state.producers.record(header),
        }
        state.assert_log_end_at_active();
        state.assert_offsets();
    }

    /// Index entries live in memory from the append on; their files catch up when the segment
    /// rolls and at close (an io_uring write per entry would triple the IOs of an append). A
    /// crash can leave the active segment's index short, never wrong: recovery scans the active
    /// segment from the recovery point, or past the last entry when trusting it.
    pub(crate) async fn write_index_entries(&self, segment_base: i64) -> Result<(), StorageError> {
        // Take the segment's index bookkeeping out of the RefCell for the await, then put the
        // written counts back: the writer permit guarantees no one else touches them.
        let pending = {
            let state = self.state.borrow();
            let Some(segment) = state.segments.get(&segment_base) else {
                return Ok(());
            };
            invariant!(
                segment.partition,
                segment.index_entries_written <= segment.index.entries().len()
                    && segment.time_entries_written <= segment.time_index.entries().len(),
                "index entries on disk are a prefix of those in memory",
                "segment {} offset index {} of {}, time index {} of {}",
                segment.base_offset,
                segment.index_entries_written,
                segment.index.entries().len(),
                segment.time_entries_written,
                segment.time_index.entries().len()
            );
            let offsets = segment.index.entries()[segment.index_entries_written..].to_vec();
            let times = segment.time_index.entries()[segment.time_entries_written..].to_vec();
            (
                offsets,
                times,
                segment.index_entries_written,
                segment.time_entries_written,
                segment.index_file.clone(),
                segment.time_index_file.clone(),
            )
        };
        let (offsets, times, offsets_written, times_written, index_file, time_file) = pending;
        if !offsets.is_empty() {
            let bytes: Vec<u8> = offsets
                .iter()
                .flat_map(|e| crate::index::OffsetIndex::encode_entry(*e))
                .collect();
            let at = (offsets_written * crate::index::OFFSET_ENTRY_BYTES) as u64;
            files::write_all(&index_file, bytes, at).await?;
        }
        if !times.is_empty() {
            let bytes: Vec<u8> = times
                .iter()
                .flat_map(|e| crate::index::TimeIndex::encode_entry(*e))
                .collect();
            let at = (times_written * crate::index::TIME_ENTRY_BYTES) as u64;
            files::write_all(&time_file, bytes, at).await?;
        }
        let mut state = self.state.borrow_mut();
        if let Some(segment) = state.segments.get_mut(&segment_base) {
            // A flush and a roll may write the same entries concurrently: same bytes, same place.
            segment.index_entries_written = segment
                .index_entries_written
                .max(offsets_written + offsets.len());
            segment.time_entries_written = segment
                .time_entries_written
                .max(times_written + times.len());
        }
        Ok(())
    }

    /// Records a new leader epoch and persists the checkpoint (write temp + rename); returns
    /// whether the cache changed (an epoch not newer than the latest is ignored).
    pub(crate) async fn note_leader_epoch(
        &self,
        epoch: LeaderEpoch,
        start: i64,
    ) -> Result<bool, StorageError> {
        if !self.state.borrow_mut().epochs.assign(epoch, Offset(start)) {
            return Ok(false);
        }
        self.write_epoch_checkpoint().await?;
        Ok(true)
    }

    /// Kafka's roll rules: the active segment is non-empty and the batch would take it past
    /// segment.bytes, or segment.ms has passed since its first append, or the batch's offsets
    /// no longer fit the index's i32 relative offsets.
    pub(crate) async fn maybe_roll(
        &self,
        batch: &ValidatedBatch,
        now_ms: i64,
    ) -> Result<(), StorageError> {
        let must_roll = {
            let config = self.config.borrow();
            let state = self.state.borrow();
            let active = state.active();
            let size = batch.size_bytes() as u64;
            let base = batch.header().base_offset.max(state.log_end.offset);
            let last_offset = base + i64::from(batch.header().last_offset_delta);
            let seed = self.roll_seed(active.base_offset);
            !active.is_empty()
                && (active.size_bytes + size > config.segment_bytes_effective()
                    || active
                        .rolling_base_ms
                        .is_some_and(|t| config.roll_due_by_time(t, now_ms, seed))
                    || config.index_full(
                        active.index.entries().len(),
                        active.time_index.entries().len(),
                    )
                    || last_offset - active.base_offset > i64::from(i32::MAX))
        };
        if must_roll {
            self.roll().await?;
        }
        Ok(())
    }

    /// `preallocate`: reserves the new segment's blocks. A file system without fallocate only
    /// loses the optimisation, so a failure is logged, not fatal.
    pub(crate) fn maybe_preallocate(&self, segment: &Segment) {
        let config = self.config.borrow();
        if !config.preallocate {
            return;
        }
        if let Err(e) = segment.preallocate(&self.dir, config.segment_bytes_effective()) {
            tracing::warn!(dir = %self.dir.display(), error = %e, "preallocate failed");
        }
    }

    /// The seed of a segment's roll jitter: this partition's directory and the segment.
    pub(crate) fn roll_seed(&self, segment_base: i64) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::hash::DefaultHasher::new();
        self.dir.file_name().hash(&mut hasher);
        segment_base.hash(&mut hasher);
        hasher.finish()
    }

    /// The roll jitter of the active segment (`segment.jitter.ms`), in ms.
    pub fn active_roll_jitter_ms(&self) -> i64 {
        let base = self.state.borrow().active().base_offset;
        self.config.borrow().roll_jitter_ms(self.roll_seed(base))
    }

    /// Starts a new active segment at the log end. Caller holds the writer permit.
    pub(crate) async fn roll(&self) -> Result<(), StorageError> {
        let (old_base, new_base) = {
            let mut state = self.state.borrow_mut();
            let new_base = state.log_end.offset;
            let active = state.active_mut();
            if active.is_empty() || active.base_offset == new_base {
                return Ok(());
            }
            invariant!(
                active.partition,
                new_base > active.base_offset && active.next_offset == new_base,
                "segment base offsets increase: a segment rolls at its end",
                "new segment base {new_base}, active segment base {} next offset {}",
                active.base_offset,
                active.next_offset
            );
            active.seal_time_index();
            active.indexes_synced = false;
            (active.base_offset, new_base)
        };
        let result = self.roll_files(old_base, new_base).await;
        if let Err(e) = &result {
            self.go_offline(e);
        }
        result
    }

    async fn roll_files(&self, old_base: i64, new_base: i64) -> Result<(), StorageError> {
        self.write_index_entries(old_base).await?;
        self.write_txn_index(old_base).await?;
        let segment = Segment::create(&self.dir, new_base).await?;
        self.maybe_preallocate(&segment);
        {
            let mut state = self.state.borrow_mut();
            state.segments.insert(new_base, segment);
            state.log_end = LogPosition {
                offset: new_base,
                segment_base: new_base,
                position: 0,
            };
        }
        files::sync_dir(&self.dir).await?;
        self.write_producer_snapshot().await?;
        self.write_recovery_point().await
    }

    /// Writes `<log end>.snapshot` and prunes old snapshots.
    pub(crate) async fn write_producer_snapshot(&self) -> Result<(), StorageError> {
        let (offset, bytes) = {
            let state = self.state.borrow();
            (state.log_end.offset, state.producers.encode_snapshot())
        };
        let name = format!("{offset:020}.{}", files::SNAPSHOT_SUFFIX);
        files::write_atomic(&self.dir, &name, bytes).await?;
        self.prune_snapshots();
        Ok(())
    }

    /// Keeps the newest `SNAPSHOTS_KEPT` snapshots (std::fs: a directory listing and unlinks).
    pub(crate) fn prune_snapshots(&self) {
        let mut offsets = crate::recovery::list_snapshots(&self.dir);
        offsets.sort_unstable_by(|a, b| b.cmp(a));
        for offset in offsets.into_iter().skip(SNAPSHOTS_KEPT) {
            let path = files::offset_file(&self.dir, offset, files::SNAPSHOT_SUFFIX);
            if let Err(e) = std::fs::remove_file(&path) {
                tracing::warn!(path = %path.display(), error = %e, "cannot remove old snapshot");
            }
        }
    }

    /// Persists (flushed offset, log start) as this partition's recovery point.
    pub(crate) async fn write_recovery_point(&self) -> Result<(), StorageError> {
        let bytes = {
            let state = self.state.borrow();
            files::encode_recovery_point(state.flushed.offset, state.log_start_offset)
        };
        files::write_atomic(&self.dir, files::RECOVERY_POINT, bytes).await
    }

    async fn after_append(
        self: &Rc<Self>,
        end: Offset,
        wait: Durability,
    ) -> Result<(), StorageError> {
        let (durable, flush_messages) = {
            let config = self.config.borrow();
            (config.is_durable(), config.flush_interval_messages)
        };
        if durable {
            if wait == Durability::Synced {
                return self.sync_to(end).await;
            }
            self.schedule_background_sync();
            return Ok(());
        }
        let local = self.hw_mode == HighWatermarkMode::Local;
        let unflushed = {
            let mut state = self.state.borrow_mut();
            let end_position = state.log_end;
            if local && state.advance_high_watermark(end_position) {
                drop(state);
                self.hw_advanced.notify_all();
                state = self.state.borrow_mut();
            }
            (state.log_end.offset - state.flushed.offset).max(0) as u64
        };
        if unflushed >= flush_messages {
            return self.sync_to(end).await;
        }
        Ok(())
    }

    /// Durable mode with acks < all: the high watermark still waits for a sync, which a
    /// background task performs (coalesced: one scheduled at a time).
    fn schedule_background_sync(self: &Rc<Self>) {
        if self.background_sync_scheduled.replace(true) {
            return;
        }
        let log = self.clone();
        glommio::spawn_local(async move {
            log.background_sync_scheduled.set(false);
            let end = log.log_end_offset();
            if let Err(e) = log.sync_to(end).await {
                tracing::warn!(error = %e, "background sync failed");
            }
        })
        .detach();
    }

    /// Returns once everything before `target` is fdatasync'd, joining or leading a group sync.
    pub(crate) async fn sync_to(&self, target: Offset) -> Result<(), StorageError> {
        loop {
            self.check_usable()?;
            let (flushed, log_end) = {
                let state = self.state.borrow();
                (state.flushed.offset, state.log_end.offset)
            };
            if flushed >= target.0 {
                return Ok(());
            }
            if target.0 > log_end {
                // Only a truncation moves the log end below an offset someone waits for.
                return Err(StorageError::Truncated {
                    target: target.0,
                    log_end,
                });
            }
            if self.flush_running.get() {
                self.flush_done.notified().await;
                continue;
            }
            self.flush_running.set(true);
            let result = self.flush_once().await;
            self.flush_running.set(false);
            self.flush_done.notify_all();
            if let Err(e) = &result {
                self.go_offline(e);
            }
            result?;
        }
    }

    /// One group sync: fdatasync every segment with unsynced bytes (and the indexes of segments
    /// that became inactive), then advance the flushed offset to what was written before it.
    async fn flush_once(&self) -> Result<(), StorageError> {
        let (target, dirty) = {
            let state = self.state.borrow();
            let active_base = state.active().base_offset;
            let dirty: Vec<DirtySegment> = state
                .segments
                .values()
                .filter_map(|s| DirtySegment::of(s, active_base))
                .collect();
            (state.log_end, dirty)
        };
        for segment in dirty.iter().filter(|s| s.indexes_unsynced) {
            self.write_index_entries(segment.base_offset).await?;
        }
        for segment in &dirty {
            if segment.log_unsynced {
                files::fdatasync(&segment.log, "fdatasync").await?;
                self.sync_count.set(self.sync_count.get() + 1);
            }
            if segment.indexes_unsynced {
                for file in [&segment.index, &segment.time_index] {
                    files::fdatasync(file, "fdatasync index").await?;
                }
            }
        }
        let durable = self.config.borrow().is_durable() && self.hw_mode == HighWatermarkMode::Local;
        let now_ms = self.now_ms();
        let mut state = self.state.borrow_mut();
        for dirty_segment in &dirty {
            if let Some(segment) = state.segments.get_mut(&dirty_segment.base_offset) {
                segment.synced_bytes = segment.synced_bytes.max(dirty_segment.size_bytes);
                segment.indexes_synced |= dirty_segment.indexes_unsynced;
                invariant!(
                    segment.partition,
                    segment.synced_bytes <= segment.size_bytes,
                    "a segment's synced bytes ≤ its written bytes",
                    "segment {} synced {} written {}",
                    segment.base_offset,
                    segment.synced_bytes,
                    segment.size_bytes
                );
            }
        }
        if target.offset > state.flushed.offset {
            state.flushed = target;
        }
        state.assert_offsets();
        state.last_flush_ms = now_ms;
        let advanced = durable && state.advance_high_watermark(target);
        drop(state);
        if advanced {
            self.hw_advanced.notify_all();
        }
        Ok(())
    }

    /// fdatasync everything written so far.
    pub async fn flush(&self) -> Result<(), StorageError> {
        let end = self.log_end_offset();
        self.sync_to(end).await
    }

    /// The `flush.ms` timer (relaxed mode): a detached task holding only a weak reference.
    pub(crate) fn spawn_flush_timer(log: &Rc<Self>) {
        let weak = Rc::downgrade(log);
        glommio::spawn_local(async move {
            loop {
                let interval_ms = match weak.upgrade() {
                    Some(log) if log.status.get() == Status::Open => {
                        log.config.borrow().flush_interval_ms
                    }
                    _ => return,
                };
                let tick_ms = interval_ms
                    .unwrap_or(FLUSH_TIMER_TICK_MS_MAX)
                    .clamp(1, FLUSH_TIMER_TICK_MS_MAX);
                glommio::timer::sleep(Duration::from_millis(tick_ms)).await;
                let Some(log) = weak.upgrade() else { return };
                if log.flush_due(interval_ms) {
                    if let Err(e) = log.flush().await {
                        tracing::warn!(error = %e, "timed flush failed");
                    }
                }
            }
        })
        .detach();
    }

    fn flush_due(&self, interval_ms: Option<u64>) -> bool {
        let Some(interval_ms) = interval_ms else {
            return false;
        };
        if self.status.get() != Status::Open || self.config.borrow().is_durable() {
            return false;
        }
        let state = self.state.borrow();
        let unflushed = state.log_end.offset > state.flushed.offset;
        unflushed && self.now_ms().saturating_sub(state.last_flush_ms) >= interval_ms as i64
    }
}

/// A segment with bytes or indexes not yet fdatasync'd, captured for one group sync.
struct DirtySegment {
    base_offset: i64,
    size_bytes: u64,
    log_unsynced: bool,
    indexes_unsynced: bool,
    log: Rc<glommio::io::BufferedFile>,
    index: Rc<glommio::io::BufferedFile>,
    time_index: Rc<glommio::io::BufferedFile>,
}

impl DirtySegment {
    fn of(segment: &Segment, active_base: i64) -> Option<DirtySegment> {
        let log_unsynced = segment.size_bytes > segment.synced_bytes;
        let indexes_unsynced = !segment.indexes_synced && segment.base_offset != active_base;
        (log_unsynced || indexes_unsynced).then(|| DirtySegment {
            base_offset: segment.base_offset,
            size_bytes: segment.size_bytes,
            log_unsynced,
            indexes_unsynced,
            log: segment.log.clone(),
            index: segment.index_file.clone(),
            time_index: segment.time_index_file.clone(),
        })
    }
}
