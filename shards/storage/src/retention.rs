//! Deleting from the head of the log (retention, DeleteRecords) and the end of a log's life
//! (close, delete). All of these take the writer permit, so they never race an append.

use std::path::{Path, PathBuf};
use std::time::Duration;

use model::{ErrorCode, Offset};

use crate::error::StorageError;
use crate::files;
use crate::log::{PartitionLog, Status};
use crate::segment::Segment;

impl PartitionLog {
    /// Time and size retention over whole non-active segments below the high watermark, the
    /// log start offset moving with them; also rolls the active segment once it is older than
    /// segment.ms, and forgets expired producer ids. Call it periodically (Kafka:
    /// `log.retention.check.interval.ms`); it also checkpoints the recovery point.
    pub async fn enforce_retention(&self, now_ms: i64) -> Result<(), StorageError> {
        let _permit = self.acquire_writer().await?;
        let expiration_ms = self.config.borrow().producer_id_expiration_ms;
        self.state
            .borrow_mut()
            .producers
            .expire(now_ms, expiration_ms);
        let victims = self.retention_victims(now_ms);
        self.delete_head_segments(victims).await?;
        let roll_due = {
            let config = self.config.borrow();
            let state = self.state.borrow();
            let active = state.active();
            let seed = self.roll_seed(active.base_offset);
            !active.is_empty()
                && active
                    .rolling_base_ms
                    .is_some_and(|t| config.roll_due_by_time(t, now_ms, seed))
        };
        if roll_due {
            self.roll().await?;
        }
        self.write_recovery_point().await
    }

    /// Segments to delete, oldest first: those breaching the log start, then expired by
    /// retention.ms, then beyond retention.bytes (only when `cleanup.policy` has `delete`) —
    /// never the active segment, never one that holds offsets at or above the high watermark.
    fn retention_victims(&self, now_ms: i64) -> Vec<i64> {
        let config = self.config.borrow();
        let state = self.state.borrow();
        let bases: Vec<i64> = state.segments.keys().copied().collect();
        let mut total_bytes: i64 = state.segments.values().map(|s| s.size_bytes as i64).sum();
        let mut victims = Vec::new();
        for pair in bases.windows(2) {
            let segment = &state.segments[&pair[0]];
            let next_base = pair[1];
            if next_base > state.high_watermark.offset {
                break;
            }
            let breached = next_base <= state.log_start_offset;
            let expired = config.retention_delete
                && config.retention_ms >= 0
                && now_ms.saturating_sub(segment.largest_timestamp_ms()) > config.retention_ms;
            let oversized = config.retention_delete
                && config.retention_bytes >= 0
                && total_bytes - segment.size_bytes as i64 >= config.retention_bytes;
            if !(breached || expired || oversized) {
                break;
            }
            total_bytes -= segment.size_bytes as i64;
            victims.push(pair[0]);
        }
        victims
    }

    /// Removes `victims` (oldest segments) from the log and schedules their files' deletion;
    /// the log start offset moves to the first remaining segment if it was below it.
    async fn delete_head_segments(&self, victims: Vec<i64>) -> Result<(), StorageError> {
        if victims.is_empty() {
            return Ok(());
        }
        {
            let mut state = self.state.borrow_mut();
            for base in &victims {
                state.segments.remove(base);
            }
            let first_base = state.active_first_base();
            state.log_start_offset = state.log_start_offset.max(first_base);
        }
        let delay_ms = self.config.borrow().file_delete_delay_ms;
        for base in victims {
            schedule_file_deletion(&self.dir, base, delay_ms);
        }
        self.log_start_moved().await
    }

    /// After the log start moved: forget producers and epochs wholly before it, persist the
    /// epoch checkpoint (if changed) and the recovery point (which records the log start).
    async fn log_start_moved(&self) -> Result<(), StorageError> {
        let checkpoint = {
            let mut state = self.state.borrow_mut();
            state.assert_offsets();
            let log_start = state.log_start_offset;
            state.producers.evict_before(log_start);
            let first_base = state.segments.keys().next().copied().unwrap_or(log_start);
            for base in state.producers.aborted.evict_segments_before(first_base) {
                let path = files::offset_file(&self.dir, base, crate::txn_index::TXN_INDEX_SUFFIX);
                let _ = std::fs::remove_file(path);
            }
            state
                .epochs
                .truncate_from_start(Offset(log_start))
                .then(|| state.epochs.encode_checkpoint())
        };
        if let Some(text) = checkpoint {
            files::write_atomic(&self.dir, files::LEADER_EPOCH_CHECKPOINT, text.into_bytes())
                .await?;
        }
        self.write_recovery_point().await
    }

    /// DeleteRecords: moves the log start to `offset` (-1 = high watermark), deleting segments
    /// wholly below it. Offsets past the high watermark are OFFSET_OUT_OF_RANGE.
    pub async fn delete_records_before(&self, offset: Offset) -> Result<Offset, ErrorCode> {
        let _permit = self
            .writer
            .acquire_permit(1)
            .await
            .map_err(|_| ErrorCode::KafkaStorageError)?;
        self.check_usable().map_err(|e| e.error_code())?;
        let victims = {
            let mut state = self.state.borrow_mut();
            let target = if offset.0 == -1 {
                state.high_watermark.offset
            } else {
                offset.0
            };
            if target < 0 || target > state.high_watermark.offset {
                return Err(ErrorCode::OffsetOutOfRange);
            }
            if target <= state.log_start_offset {
                return Ok(Offset(state.log_start_offset));
            }
            state.log_start_offset = target;
            let bases: Vec<i64> = state.segments.keys().copied().collect();
            bases
                .windows(2)
                .take_while(|pair| pair[1] <= target)
                .map(|pair| pair[0])
                .collect::<Vec<i64>>()
        };
        let result = if victims.is_empty() {
            self.log_start_moved().await
        } else {
            self.delete_head_segments(victims).await
        };
        result.map_err(|e| {
            self.go_offline(&e);
            e.error_code()
        })?;
        Ok(self.log_start_offset())
    }

    /// Flushes, writes indexes, a producer snapshot, the recovery point, the epoch checkpoint,
    /// the high watermark checkpoint (replicated mode) and the clean-shutdown marker.
    /// Afterwards every operation fails.
    pub async fn close(&self) -> Result<(), StorageError> {
        let permit = self.acquire_writer().await?;
        self.flush().await?;
        let active_base = {
            let mut state = self.state.borrow_mut();
            let active = state.active_mut();
            active.seal_time_index();
            active.base_offset
        };
        self.write_index_entries(active_base).await?;
        let segments: Vec<_> = self
            .state
            .borrow()
            .segments
            .values()
            .map(|s| s.clone_handles())
            .collect();
        for (_, index, time_index, _) in segments {
            for file in [index, time_index] {
                files::fdatasync(&file, "fdatasync index").await?;
            }
        }
        self.write_txn_index(active_base).await?;
        self.write_producer_snapshot().await?;
        self.write_recovery_point().await?;
        self.write_epoch_checkpoint().await?;
        if self.hw_mode == crate::HighWatermarkMode::Replicated {
            self.write_high_watermark_checkpoint().await?;
        }
        files::write_atomic(&self.dir, files::CLEAN_SHUTDOWN, Vec::new()).await?;
        self.status.set(Status::Closed);
        drop(permit);
        self.writer.close();
        self.hw_advanced.notify_all();
        Ok(())
    }

    /// Topic deletion: waits for in-flight writes, then removes the partition directory.
    pub async fn delete(&self) -> Result<(), StorageError> {
        let permit = self
            .writer
            .acquire_permit(1)
            .await
            .map_err(|_| StorageError::Closed)?;
        self.status.set(Status::Closed);
        drop(permit);
        self.writer.close();
        self.hw_advanced.notify_all();
        if self.cleaner_offset.get() >= 0 {
            // A recreated partition of the same name must not inherit the cleaner's progress.
            if let Err(e) = self.write_cleaner_checkpoint(None).await {
                tracing::warn!(dir = %self.dir.display(), error = %e, "cannot drop the cleaner checkpoint entry");
            }
        }
        std::fs::remove_dir_all(&self.dir)
            .map_err(|e| StorageError::io(self.dir.display().to_string(), e))
    }
}

impl crate::log::LogState {
    fn active_first_base(&self) -> i64 {
        self.segments
            .keys()
            .next()
            .copied()
            .unwrap_or(self.log_end.offset)
    }
}

/// Kafka's two-step delete: rename to `.deleted` now (a restart never reads it), unlink after
/// file.delete.delay.ms. Readers holding the segment's `Arc<File>` keep reading either way.
pub(crate) fn schedule_file_deletion(dir: &Path, base_offset: i64, delay_ms: u64) {
    let mut renamed: Vec<PathBuf> = Vec::new();
    for path in Segment::paths(dir, base_offset) {
        let mut target = path.clone().into_os_string();
        target.push(files::DELETED_SUFFIX);
        let target = PathBuf::from(target);
        match std::fs::rename(&path, &target) {
            Ok(()) => renamed.push(target),
            Err(e) => {
                tracing::warn!(path = %path.display(), error = %e, "cannot rename deleted segment")
            }
        }
    }
    let unlink = move || {
        for path in &renamed {
            if let Err(e) = std::fs::remove_file(path) {
                tracing::warn!(path = %path.display(), error = %e, "cannot remove deleted segment");
            }
        }
    };
    if delay_ms == 0 {
        unlink();
        return;
    }
    glommio::spawn_local(async move {
        glommio::timer::sleep(Duration::from_millis(delay_ms)).await;
        unlink();
    })
    .detach();
}
