//! The log as a replica (issue 11): the mechanics a replica state machine (`shards/replica`)
//! drives, with no decisions of its own.
//!
//! - **High watermark owned outside** ([`HighWatermarkMode::Replicated`]): only
//!   [`PartitionLog::set_high_watermark`] moves it, up or down (a follower's is
//!   min(leader's, log end), a new leader's may start lower), clamped into [log start, log
//!   end]; it is checkpointed per partition (`high-watermark-checkpoint`, Kafka's
//!   `replication-offset-checkpoint`) and restored from there on open.
//! - **Follower appends** ([`PartitionLog::append_as_follower`]): a leader's batches, offsets
//!   and epochs already assigned, written byte for byte (never re-encoded or patched), each
//!   CRC-checked and contiguous from the log end; producer state and the leader epoch cache
//!   follow from the batch headers, so an idempotent producer's duplicates are still
//!   recognised after a failover.
//! - **Truncation** ([`PartitionLog::truncate_to`], [`PartitionLog::truncate_fully_and_start_at`]):
//!   durable before it returns; a crash part-way leaves a log that recovery opens as either
//!   the old log or a prefix of it.
//!
//! Invariants (asserted): the high watermark stays in [log start, log end] and inside the
//! written files; follower batches continue the log at its end (checked before anything is
//! written, so a refused append writes nothing); a truncation leaves the log end at the
//! active segment's end, the flushed offset and the high watermark at or below it.

use std::rc::Rc;

use batch::{validate_fetched_batches, BatchHeader, ValidatedBatch};
use bytes::Bytes;
use model::{ErrorCode, LeaderEpoch, Offset};

use crate::error::{AppendError, StorageError};
use crate::files;
use crate::invariant::invariant;
use crate::log::{HighWatermarkMode, LogPosition, LogState, PartitionLog};
use crate::recovery::{list_snapshots, load_producer_state, reset_accounting};
use crate::retention::schedule_file_deletion;
use crate::segment::{scan_file, Segment};

/// What [`PartitionLog::append_as_follower`] wrote.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FollowerAppend {
    /// First offset appended; `None` when nothing was (no whole batch in the records).
    pub first_offset: Option<Offset>,
    /// Last offset appended; `None` when nothing was.
    pub last_offset: Option<Offset>,
    /// The log end after the append.
    pub log_end_offset: Offset,
    /// Whole batches written.
    pub batches: usize,
    /// Bytes written (the whole batches, as they came).
    pub bytes: u64,
    /// Bytes of a trailing partial batch that were dropped (the fetch size cut it).
    pub partial_bytes: usize,
    /// Whether a batch carried a new leader epoch (the epoch cache changed and was persisted).
    pub epochs_changed: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Truncation {
    /// `truncate_to`: remove the records at and above an offset.
    To,
    /// `truncate_fully_and_start_at`: remove everything, restart at an offset.
    Fully,
}

/// Marks the group-commit flusher as busy for the length of a truncation, so no sync captures
/// segments or offsets that the truncation removes; waiting syncs re-check afterwards.
pub(crate) struct FlushExclusion<'a> {
    log: &'a PartitionLog,
}

impl Drop for FlushExclusion<'_> {
    fn drop(&mut self) {
        self.log.flush_running.set(false);
        self.log.flush_done.notify_all();
    }
}

impl LogState {
    /// Where `offset` is in the files: the log end, or the start of the batch holding it (a
    /// reader bounded there sees every batch below `offset`, as Kafka bounds reads at the
    /// high watermark's `LogOffsetMetadata`). Reads one batch header at most (index hint).
    pub(crate) fn position_of(&self, offset: i64) -> Result<LogPosition, StorageError> {
        invariant!(
            self.partition,
            self.log_start_offset <= offset && offset <= self.log_end.offset,
            "a resolved position lies in [log start, log end]",
            "offset {offset}, log start {}, log end {}",
            self.log_start_offset,
            self.log_end.offset
        );
        for known in [self.log_end, self.high_watermark, self.flushed] {
            if known.offset == offset {
                return Ok(known);
            }
        }
        let (_, segment) = self
            .segments
            .range(..=offset)
            .next_back()
            .expect("the log start is at or after the first segment's base");
        match segment.find_batch(offset, segment.size_bytes)? {
            Some((position, _)) => Ok(LogPosition {
                offset,
                segment_base: segment.base_offset,
                position,
            }),
            None => Err(StorageError::Corrupt {
                partition: self.partition.to_string(),
                detail: format!(
                    "segment {} holds no batch with offset {offset} (next offset {})",
                    segment.base_offset, segment.next_offset
                ),
            }),
        }
    }
}

impl PartitionLog {
    fn assert_replicated(&self, operation: &str) {
        let partition = self.state.borrow().partition.clone();
        invariant!(
            partition,
            self.hw_mode == HighWatermarkMode::Replicated,
            "only a replicated log's high watermark is set from outside",
            "{operation} on a log in mode {:?}",
            self.hw_mode
        );
    }

    /// Replicated mode: sets the high watermark to `offset` clamped into [log start, log end]
    /// and returns the value set. It may go down (Kafka's follower high watermark is
    /// min(leader's, log end); a new leader's may start below the old one's): the replica
    /// state machine owns that rule, the log only keeps it inside the log. Readers waiting in
    /// [`PartitionLog::wait_for_append`] wake when it changes. An offset inside a batch makes
    /// that batch unreadable to consumers until the high watermark passes it.
    ///
    /// Errors: the log is offline or closed, or the index points at a batch that is not
    /// there (`Corrupt`). Calling it on a [`HighWatermarkMode::Local`] log is a bug (panics).
    pub fn set_high_watermark(&self, offset: Offset) -> Result<Offset, StorageError> {
        self.assert_replicated("set_high_watermark");
        self.check_usable()?;
        let (target, changed) = {
            let mut state = self.state.borrow_mut();
            let target = offset.0.clamp(state.log_start_offset, state.log_end.offset);
            let position = state.position_of(target)?;
            let changed = position != state.high_watermark;
            state.high_watermark = position;
            state.assert_offsets();
            (target, changed)
        };
        if changed {
            self.hw_advanced.notify_all();
        }
        Ok(Offset(target))
    }

    /// Replicated mode: writes the high watermark checkpoint if the high watermark changed
    /// since the last one (Kafka's `replica.high.watermark.checkpoint.interval.ms`, 5000 by
    /// default: the runtime calls this that often). A no-op in local mode. A failed write
    /// takes the log offline, as every failed fsync does.
    pub async fn checkpoint_high_watermark(&self) -> Result<(), StorageError> {
        if self.hw_mode != HighWatermarkMode::Replicated {
            return Ok(());
        }
        self.check_usable()?;
        self.write_high_watermark_checkpoint()
            .await
            .inspect_err(|e| {
                self.go_offline(e);
            })
    }

    /// Writes the checkpoint whatever the mode: a single-replica log about to be reopened as a
    /// replica (its partition gained replicas) keeps its high watermark across the reopen.
    pub async fn checkpoint_high_watermark_before_reopen(&self) -> Result<(), StorageError> {
        self.check_usable()?;
        self.write_high_watermark_checkpoint().await
    }

    /// Writes `high-watermark-checkpoint` atomically unless it already holds the current value.
    pub(crate) async fn write_high_watermark_checkpoint(&self) -> Result<(), StorageError> {
        let _permit = self
            .hw_checkpoint_writer
            .acquire_permit(1)
            .await
            .map_err(|_| StorageError::Closed)?;
        let high_watermark = self.state.borrow().high_watermark.offset;
        if high_watermark == self.hw_checkpointed.get() {
            return Ok(());
        }
        files::write_atomic(
            &self.dir,
            files::HIGH_WATERMARK_CHECKPOINT,
            files::encode_high_watermark(high_watermark),
        )
        .await?;
        self.hw_checkpointed.set(high_watermark);
        Ok(())
    }

    /// After a truncation in replicated mode: a checkpoint above the new log end would, after
    /// a crash, cover the records appended over the truncated ones, which no replica has
    /// acknowledged; rewrite it before the truncation returns.
    async fn checkpoint_lowered_high_watermark(&self) -> Result<(), StorageError> {
        let high_watermark = self.state.borrow().high_watermark.offset;
        if self.hw_mode == HighWatermarkMode::Replicated
            && self.hw_checkpointed.get() > high_watermark
        {
            self.write_high_watermark_checkpoint().await?;
        }
        Ok(())
    }

    /// On open in replicated mode: the checkpointed high watermark clamped into the
    /// recovered log (the log start without a readable checkpoint). A checkpoint above the
    /// log end is normal after a power loss: the checkpoint was synced, the records were not.
    pub(crate) fn restore_high_watermark(&self) -> Result<(), StorageError> {
        let path = self.dir.join(files::HIGH_WATERMARK_CHECKPOINT);
        let persisted = std::fs::read_to_string(&path)
            .ok()
            .and_then(|text| files::decode_high_watermark(&text));
        let mut state = self.state.borrow_mut();
        let target = persisted
            .unwrap_or(state.log_start_offset)
            .clamp(state.log_start_offset, state.log_end.offset);
        state.high_watermark = state.position_of(target)?;
        state.assert_offsets();
        self.hw_checkpointed.set(persisted.unwrap_or(-1));
        Ok(())
    }

    /// The leader epoch cache: (epoch, start offset) per epoch, oldest first.
    pub fn leader_epoch_entries(&self) -> Vec<(LeaderEpoch, Offset)> {
        self.state
            .borrow()
            .epochs
            .entries()
            .iter()
            .map(|e| (LeaderEpoch(e.epoch), Offset(e.start_offset)))
            .collect()
    }

    /// Records `epoch` starting at `start` (a new leader assigns its epoch at its log end at
    /// once, Kafka's `makeLeader`) and persists `leader-epoch-checkpoint` before returning.
    /// Returns whether the cache changed: an epoch not newer than the latest is ignored.
    pub async fn assign_leader_epoch(
        self: &Rc<Self>,
        epoch: LeaderEpoch,
        start: Offset,
    ) -> Result<bool, StorageError> {
        let _permit = self.acquire_writer().await?;
        self.note_leader_epoch(epoch, start.0).await
    }

    /// Appends the records field of a leader's Fetch response for this partition as a
    /// follower: its whole batches, written byte for byte (offsets and leader epochs as the
    /// leader assigned them); a trailing partial batch is dropped, as Kafka's fetcher drops it.
    /// Rolls segments, maintains the indexes and producer state as leader appends do, and
    /// assigns each new `partition_leader_epoch` in the epoch cache at its batch's base offset
    /// (persisted before returning). Not synced: call [`PartitionLog::flush`] afterwards
    /// ([`PartitionLog::flushed_offset`] says what is synced). Serialized with leader appends.
    ///
    /// Refused before anything is written: a bad batch (CORRUPT_MESSAGE for a CRC mismatch or
    /// impossible framing, INVALID_RECORD for lying counts, as `batch::BatchError` maps them),
    /// and batches that do not continue the log at its end without gaps — UNKNOWN_SERVER_ERROR,
    /// as Kafka's `UnexpectedAppendOffsetException` / `OffsetsOutOfOrderException` reach the
    /// fetcher (the leader or the fetcher is wrong, not the requested range). An IO failure
    /// takes the log offline (KAFKA_STORAGE_ERROR).
    pub async fn append_as_follower(
        self: &Rc<Self>,
        records: Bytes,
    ) -> Result<FollowerAppend, AppendError> {
        let fetched = validate_fetched_batches(&records).map_err(|e| {
            AppendError::new(e.error_code(), format!("follower append refused: {e}"))
        })?;
        let _permit = self.acquire_writer().await?;
        self.check_follower_offsets(&fetched.batches)?;
        let now_ms = self.now_ms();
        let mut appended = FollowerAppend {
            first_offset: None,
            last_offset: None,
            log_end_offset: self.log_end_offset(),
            batches: 0,
            bytes: 0,
            partial_bytes: fetched.partial_bytes,
            epochs_changed: false,
        };
        for batch in &fetched.batches {
            self.maybe_roll(batch, now_ms).await?;
            let header = self.write_fetched_batch(batch, now_ms).await.map_err(|e| {
                self.go_offline(&e);
                AppendError::from(e)
            })?;
            appended
                .first_offset
                .get_or_insert(Offset(header.base_offset));
            appended.last_offset = Some(Offset(header.last_offset()));
            appended.batches += 1;
            appended.bytes += header.batch_size() as u64;
            appended.epochs_changed |= self.state.borrow_mut().epochs.assign(
                LeaderEpoch(header.partition_leader_epoch),
                Offset(header.base_offset),
            );
        }
        if appended.epochs_changed {
            self.write_epoch_checkpoint().await.map_err(|e| {
                self.go_offline(&e);
                AppendError::from(e)
            })?;
        }
        appended.log_end_offset = self.log_end_offset();
        invariant!(
            self.state.borrow().partition,
            appended
                .last_offset
                .is_none_or(|last| last.0 + 1 == appended.log_end_offset.0),
            "a follower append ends at the log end",
            "last appended {:?}, log end {:?}",
            appended.last_offset,
            appended.log_end_offset
        );
        Ok(appended)
    }

    /// The leader's batches must continue this log: the first at or after the log end, each
    /// next one at or after where the previous ended (compacted logs have gaps).
    fn check_follower_offsets(&self, batches: &[ValidatedBatch]) -> Result<(), AppendError> {
        let mut expected = self.state.borrow().log_end.offset;
        for batch in batches {
            let header = batch.header();
            // Compaction on the leader leaves gaps: a batch may start past the log end.
            if header.base_offset < expected {
                return Err(AppendError::new(
                    ErrorCode::UnknownServerError,
                    format!(
                        "follower append: batch at base offset {} where the log expects {expected}",
                        header.base_offset
                    ),
                ));
            }
            expected = header.next_offset();
        }
        Ok(())
    }

    /// Writes one fetched batch as it is at the log end and accounts for it.
    async fn write_fetched_batch(
        &self,
        batch: &ValidatedBatch,
        now_ms: i64,
    ) -> Result<BatchHeader, StorageError> {
        let (segment_base, position, file) = {
            let state = self.state.borrow();
            state.assert_log_end_at_active();
            let active = state.active();
            (active.base_offset, active.size_bytes, active.log.clone())
        };
        let header = *batch.header();
        let marker = header
            .is_control()
            .then(|| crate::txn_index::parse_marker(batch.bytes()))
            .flatten();
        files::write_all(&file, batch.bytes().clone(), position).await?;
        self.start_writeback_every(&file, batch.bytes().len() as u64);
        self.commit_batch(
            segment_base,
            position,
            &header,
            marker,
            now_ms,
            crate::log::BatchSource::Replicated,
        );
        Ok(header)
    }

    /// Waits until no group sync runs, then holds the flusher's place until the guard drops.
    pub(crate) async fn exclude_flush(&self) -> FlushExclusion<'_> {
        while self.flush_running.get() {
            self.flush_done.notified().await;
        }
        self.flush_running.set(true);
        FlushExclusion { log: self }
    }

    /// Removes every record at and above `offset` (Kafka's `UnifiedLog.truncateTo`) and returns
    /// the new log end: `offset` when it is a batch boundary (the replica's truncation points
    /// are: a follower's log holds the leader's batches as they are), else the base offset of
    /// the batch holding it (a batch is never split), or, inside a compaction gap, the end of
    /// the batches kept (below `offset`). A no-op returning the log end when
    /// `offset` ≥ log end. Below the first segment's base it empties the log and starts it at
    /// `offset` ([`PartitionLog::truncate_fully_and_start_at`]).
    ///
    /// Whole segments above are deleted, the segment holding `offset` is cut at the batch
    /// boundary, its indexes rebuilt, producer state reloaded from the newest snapshot at or
    /// below the new end, the epoch cache truncated from the end, the high watermark, flushed
    /// offset and log start clamped to the new end. Durable before it returns (file truncation
    /// fdatasync'd, later segments and stale snapshots unlinked, directory synced, checkpoints
    /// rewritten). Waiters for syncs of removed offsets fail with `StorageError::Truncated`.
    /// An IO failure takes the log offline.
    pub async fn truncate_to(self: &Rc<Self>, offset: Offset) -> Result<Offset, StorageError> {
        self.truncate(offset, Truncation::To).await
    }

    /// Empties the log and restarts it at `offset`: log start, log end, flushed offset and high
    /// watermark all become `offset`, producer state and the epoch cache are cleared (Kafka's
    /// `truncateFullyAndStartAt`, for a follower whose log ends below the leader's log start).
    /// Durable before it returns; a crash part-way opens either the old log or an empty one at
    /// `offset`. An IO failure takes the log offline.
    pub async fn truncate_fully_and_start_at(
        self: &Rc<Self>,
        offset: Offset,
    ) -> Result<(), StorageError> {
        self.truncate(offset, Truncation::Fully).await.map(|_| ())
    }

    /// Both truncations: writer permit, the flusher's place, offline on an IO failure.
    async fn truncate(&self, offset: Offset, kind: Truncation) -> Result<Offset, StorageError> {
        let _permit = self.acquire_writer().await?;
        invariant!(
            self.state.borrow().partition,
            offset.0 >= 0,
            "truncation offsets are not negative",
            "truncate ({kind:?}) to {}",
            offset.0
        );
        let (log_end, first_base) = {
            let state = self.state.borrow();
            let first_base = *state.segments.keys().next().expect("at least one segment");
            (state.log_end.offset, first_base)
        };
        if kind == Truncation::To && offset.0 >= log_end {
            return Ok(Offset(log_end));
        }
        let _exclusion = self.exclude_flush().await;
        let result = if kind == Truncation::Fully || offset.0 < first_base {
            self.reset_locked(offset.0).await.map(|()| offset)
        } else {
            self.truncate_locked(offset.0).await
        };
        if let Err(e) = &result {
            self.go_offline(e);
        }
        result
    }

    /// `truncate_to` inside the log: in memory first (cut segment rescanned, later segments
    /// dropped, offsets clamped, producers reloaded), then the files. Caller holds the writer
    /// permit and the flush exclusion.
    async fn truncate_locked(&self, offset: i64) -> Result<Offset, StorageError> {
        let (cut_base, cut_position, removed) = self.cut_in_memory(offset)?;
        let (log, index, time_index, _) = self.state.borrow().segments[&cut_base].clone_handles();
        log.truncate(cut_position)
            .await
            .map_err(|e| StorageError::runtime("truncating segment", e))?;
        for file in [&index, &time_index] {
            file.truncate(0)
                .await
                .map_err(|e| StorageError::runtime("truncating index", e))?;
        }
        self.write_index_entries(cut_base).await?;
        files::fdatasync(&log, "fdatasync truncated segment").await?;
        for file in [&index, &time_index] {
            files::fdatasync(file, "fdatasync truncated index").await?;
        }
        let delay_ms = self.config.borrow().file_delete_delay_ms;
        for base in removed {
            schedule_file_deletion(&self.dir, base, delay_ms);
        }
        files::sync_dir(&self.dir).await?;
        self.write_epoch_checkpoint().await?;
        self.write_recovery_point().await?;
        self.checkpoint_lowered_high_watermark().await?;
        self.hw_advanced.notify_all();
        Ok(self.log_end_offset())
    }

    /// The in-memory half of `truncate_locked`: returns the cut segment's base, the cut
    /// position and the bases of the segments removed above it.
    fn cut_in_memory(&self, offset: i64) -> Result<(i64, u64, Vec<i64>), StorageError> {
        let index_interval_bytes = self.config.borrow().index_interval_bytes;
        let mut state = self.state.borrow_mut();
        let state = &mut *state;
        let (cut_base, cut_position, new_end) = {
            let (base, segment) = state
                .segments
                .range(..=offset)
                .next_back()
                .expect("offset is at or above the first segment's base");
            match segment.find_batch(offset, segment.size_bytes)? {
                Some((position, header)) => (*base, position, header.base_offset),
                None => {
                    return Err(StorageError::Corrupt {
                        partition: state.partition.to_string(),
                        detail: format!("no batch holds offset {offset} to truncate at"),
                    })
                }
            }
        };
        let removed: Vec<i64> = state
            .segments
            .range(cut_base + 1..)
            .map(|(base, _)| *base)
            .collect();
        for base in &removed {
            state.segments.remove(base);
        }
        let segment = state
            .segments
            .get_mut(&cut_base)
            .expect("the cut segment stays");
        rescan_to(segment, cut_position, index_interval_bytes)?;
        // In a compacted log the batch found may start past `offset` (a gap): the log then
        // ends where the kept batches end, below `offset`, and the follower fetches the gap
        // again from its leader.
        let new_end = segment.next_offset.min(new_end);
        invariant!(
            segment.partition,
            segment.next_offset == new_end && segment.size_bytes == cut_position,
            "a truncated segment ends at the cut",
            "segment {} next offset {} size {}, cut at {new_end} position {cut_position}",
            segment.base_offset,
            segment.next_offset,
            segment.size_bytes
        );
        let end = LogPosition {
            offset: new_end,
            segment_base: cut_base,
            position: cut_position,
        };
        state.log_end = end;
        if state.flushed.offset >= new_end {
            state.flushed = end;
        }
        if state.high_watermark.offset >= new_end {
            state.high_watermark = end;
        }
        state.log_start_offset = state.log_start_offset.min(new_end);
        state.epochs.truncate_from_end(Offset(new_end));
        state.producers = load_producer_state(
            &self.dir,
            &state.segments,
            list_snapshots(&self.dir),
            new_end,
        )?;
        state.assert_log_end_at_active();
        state.assert_offsets();
        Ok((cut_base, cut_position, removed))
    }

    /// `truncate_fully_and_start_at` inside the log. Order for crashes: stale snapshots go
    /// first (none describes the new log), then the recovery point names the new start, then
    /// the old segments are renamed away and the new one created. Caller holds the writer
    /// permit and the flush exclusion.
    async fn reset_locked(&self, offset: i64) -> Result<(), StorageError> {
        for snapshot in list_snapshots(&self.dir) {
            let path = files::offset_file(&self.dir, snapshot, files::SNAPSHOT_SUFFIX);
            std::fs::remove_file(&path)
                .map_err(|e| StorageError::io(path.display().to_string(), e))?;
        }
        files::sync_dir(&self.dir).await?;
        files::write_atomic(
            &self.dir,
            files::RECOVERY_POINT,
            files::encode_recovery_point(offset, offset),
        )
        .await?;
        let old: Vec<i64> = self.state.borrow().segments.keys().copied().collect();
        let delay_ms = self.config.borrow().file_delete_delay_ms;
        for base in old {
            schedule_file_deletion(&self.dir, base, delay_ms);
        }
        files::sync_dir(&self.dir).await?;
        let segment = Segment::create(&self.dir, offset).await?;
        self.maybe_preallocate(&segment);
        {
            let mut state = self.state.borrow_mut();
            let start = LogPosition {
                offset,
                segment_base: offset,
                position: 0,
            };
            state.segments.clear();
            state.segments.insert(offset, segment);
            state.log_start_offset = offset;
            state.log_end = start;
            state.flushed = start;
            state.high_watermark = start;
            state.producers = Default::default();
            state.epochs = Default::default();
            state.assert_recovered();
        }
        files::sync_dir(&self.dir).await?;
        self.write_epoch_checkpoint().await?;
        self.write_recovery_point().await?;
        self.checkpoint_lowered_high_watermark().await?;
        self.hw_advanced.notify_all();
        Ok(())
    }
}

/// Rebuilds a segment's in-memory accounting (indexes, timestamps, next offset, size) from its
/// batches below `cut`, which must be a batch boundary; marks its index files for a rewrite.
fn rescan_to(
    segment: &mut Segment,
    cut: u64,
    index_interval_bytes: u32,
) -> Result<(), StorageError> {
    let file = segment.read_file.clone();
    let base = segment.base_offset;
    reset_accounting(segment);
    let outcome = scan_file(&file, base, 0, cut, base, false, |position, header| {
        segment.note_batch(position, header, index_interval_bytes);
        true
    })?;
    if outcome.truncated || outcome.valid_end != cut {
        return Err(StorageError::Corrupt {
            partition: segment.partition.to_string(),
            detail: format!(
                "segment {base}: batches below the truncation point {cut} end at {}",
                outcome.valid_end
            ),
        });
    }
    segment.size_bytes = cut;
    segment.synced_bytes = segment.synced_bytes.min(cut);
    segment.index_entries_written = 0;
    segment.time_entries_written = 0;
    Ok(())
}
