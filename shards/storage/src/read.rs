//! Read side: fetch ranges for sendfile, ListOffsets by timestamp and max timestamp.
//! Reads are synchronous `pread`s of batch headers through the page cache (see `segment`).

use std::sync::Arc;

use model::{ErrorCode, Offset};

use crate::error::StorageError;
use crate::invariant::invariant;
use crate::log::{LogPosition, LogState, PartitionLog};
use crate::segment::Segment;

/// A byte range of a segment file, handed to the connection's shard for sendfile.
#[derive(Clone, Debug)]
pub struct FileRange {
    /// Read-only handle, opened once per segment; `Send`, so another shard can sendfile it.
    pub file: Arc<std::fs::File>,
    pub position: u64,
    pub len: u32,
}

#[derive(Clone, Debug)]
pub struct ReadResult {
    /// Consecutive ranges; only the last may end inside a batch (Kafka clients drop a
    /// trailing partial batch, as they do with Kafka's own `FileRecords.slice`).
    pub ranges: Vec<FileRange>,
    pub high_watermark: Offset,
    /// The first offset of the earliest ongoing transaction, or the high watermark.
    pub last_stable_offset: Offset,
    pub log_start_offset: Offset,
    pub log_end_offset: Offset,
}

/// How far a read may go (Kafka's `FetchIsolation`, without transactions).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReadLimit {
    /// Consumers: up to the high watermark (`FetchIsolation.HIGH_WATERMARK`).
    HighWatermark,
    /// A leader serving a follower's fetch: up to the log end (`FetchIsolation.LOG_END`).
    LogEnd,
    /// read_committed consumers: up to the last stable offset (`FetchIsolation.TXN_COMMITTED`).
    LastStable,
}

impl ReadResult {
    pub fn total_bytes(&self) -> u64 {
        self.ranges.iter().map(|r| u64::from(r.len)).sum()
    }
}

/// The readable end of `segment` below `end` (the high watermark, or the log end): its size
/// below `end`'s segment, `end`'s position in it, nothing above it.
fn readable_end(state: &LogState, segment: &Segment, end: LogPosition) -> u64 {
    match segment.base_offset.cmp(&end.segment_base) {
        std::cmp::Ordering::Less => segment.size_bytes,
        std::cmp::Ordering::Equal => {
            invariant!(
                state.partition,
                end.position <= segment.size_bytes,
                "a read's end (high watermark or log end) lies within its segment's written bytes",
                "read end {end:?}, segment size {}",
                segment.size_bytes
            );
            end.position
        }
        std::cmp::Ordering::Greater => 0,
    }
}

impl Segment {
    /// The range handed to sendfile; it must lie within what was written to the segment.
    pub(crate) fn file_range(&self, position: u64, len: u64) -> FileRange {
        invariant!(
            self.partition,
            len <= u64::from(u32::MAX) && position + len <= self.size_bytes,
            "a read's file range lies within the segment's written bytes",
            "segment {} range {position}+{len}, written {}",
            self.base_offset,
            self.size_bytes
        );
        FileRange {
            file: self.read_file.clone(),
            position,
            len: len as u32,
        }
    }
}

/// Where the batch starting at `offset` lies (a transaction's first batch), below the high
/// watermark; `None` when no segment holds it.
fn position_of(state: &LogState, offset: i64) -> Result<Option<LogPosition>, ErrorCode> {
    let Some((base, segment)) = state.segments.range(..=offset).next_back() else {
        return Ok(None);
    };
    let limit = readable_end(state, segment, state.high_watermark);
    Ok(segment
        .find_batch(offset, limit)
        .map_err(storage_code)?
        .map(|(position, header)| LogPosition {
            offset: header.base_offset.max(offset),
            segment_base: *base,
            position,
        }))
}

fn storage_code(e: StorageError) -> ErrorCode {
    tracing::warn!(error = %e, "read failed");
    e.error_code()
}

impl PartitionLog {
    /// Bytes from the batch containing `offset`, at most `max_bytes` (but the whole first batch
    /// when `min_one_message`, KIP-74), never past the high watermark. Offsets outside
    /// [log start, log end] are OFFSET_OUT_OF_RANGE; offsets in [HW, LEO] read nothing.
    pub fn read(
        &self,
        offset: Offset,
        max_bytes: u32,
        min_one_message: bool,
    ) -> Result<ReadResult, ErrorCode> {
        self.read_up_to(offset, max_bytes, min_one_message, ReadLimit::HighWatermark)
    }

    /// [`PartitionLog::read`] up to `limit`: the high watermark (consumers) or the log end (a
    /// leader answering a follower's fetch). Same ranges, same OFFSET_OUT_OF_RANGE rule;
    /// offsets in [limit, LEO] read nothing.
    pub fn read_up_to(
        &self,
        offset: Offset,
        max_bytes: u32,
        min_one_message: bool,
        limit: ReadLimit,
    ) -> Result<ReadResult, ErrorCode> {
        self.check_usable().map_err(storage_code)?;
        let state = self.state.borrow();
        state.assert_offsets();
        if offset.0 < state.log_start_offset || offset.0 > state.log_end.offset {
            return Err(ErrorCode::OffsetOutOfRange);
        }
        let mut result = ReadResult {
            ranges: Vec::new(),
            high_watermark: Offset(state.high_watermark.offset),
            last_stable_offset: Offset(
                state
                    .producers
                    .last_stable_offset(state.high_watermark.offset),
            ),
            log_start_offset: Offset(state.log_start_offset),
            log_end_offset: Offset(state.log_end.offset),
        };
        let end = match limit {
            ReadLimit::HighWatermark => state.high_watermark,
            ReadLimit::LogEnd => state.log_end,
            ReadLimit::LastStable => match state
                .producers
                .first_unstable_offset(state.high_watermark.offset)
            {
                Some(first) if first < state.high_watermark.offset => {
                    // A read stops at the batch holding the LSO: its start is a batch
                    // boundary (the transaction's first batch).
                    match position_of(&state, first)? {
                        Some(position) => position,
                        // Not in the log (below its start): nothing is stable to read.
                        None => return Ok(result),
                    }
                }
                _ => state.high_watermark,
            },
        };
        if offset.0 >= end.offset {
            return Ok(result);
        }
        let first_base = state
            .segments
            .range(..=offset.0)
            .next_back()
            .map_or(0, |(b, _)| *b);
        let mut remaining = u64::from(max_bytes);
        for segment in state.segments.range(first_base..).map(|(_, s)| s) {
            let limit = readable_end(&state, segment, end);
            let start = if result.ranges.is_empty() {
                match segment.find_batch(offset.0, limit).map_err(storage_code)? {
                    Some((position, header)) => {
                        if min_one_message && header.batch_size() as u64 > remaining {
                            remaining = header.batch_size() as u64;
                        }
                        position
                    }
                    None => continue,
                }
            } else {
                0
            };
            let available = limit.saturating_sub(start);
            let len = available.min(remaining).min(u64::from(u32::MAX));
            if len == 0 {
                break;
            }
            result.ranges.push(segment.file_range(start, len));
            remaining -= len;
            if len < available {
                break;
            }
        }
        Ok(result)
    }

    /// ListOffsets by timestamp: the first offset (≤ high watermark) whose record timestamp is
    /// ≥ `timestamp_ms`, with that timestamp. The batch is found through the time index and a
    /// header scan; inside it, the records are walked to find the exact record, as Kafka's
    /// `LogSegment.findOffsetByTimestamp` does (compressed batches decompressed as a bounded
    /// stream).
    pub async fn offset_for_timestamp(
        &self,
        timestamp_ms: i64,
    ) -> Result<Option<(Offset, i64)>, StorageError> {
        self.check_usable()?;
        let state = self.state.borrow();
        for segment in state.segments.values() {
            if segment.max_timestamp_ms < timestamp_ms {
                continue;
            }
            let limit = readable_end(&state, segment, state.high_watermark);
            if let Some(found) = search_segment(segment, timestamp_ms, limit)? {
                let offset = found.0.max(state.log_start_offset);
                return Ok(Some((Offset(offset), found.1)));
            }
            if limit < segment.size_bytes {
                break;
            }
        }
        Ok(None)
    }

    /// ListOffsets MAX_TIMESTAMP as Kafka 3.8+ answers it (`UnifiedLog.fetchOffsetByTimestamp`,
    /// KAFKA-16310): the largest timestamp in the log, the offset of the first record carrying
    /// it and its batch's leader epoch. The first segment with the largest timestamp names the
    /// first batch reaching it (by its last offset); that batch is found from the offset index
    /// and its records are read (decompressed as a bounded stream when compressed) for the
    /// record. `None` for a log without timestamps.
    pub fn max_timestamp(&self) -> Result<Option<(Offset, i64, i32)>, StorageError> {
        self.check_usable()?;
        let state = self.state.borrow();
        let mut best: Option<&Segment> = None;
        for segment in state.segments.values() {
            if segment.max_timestamp_ms >= 0
                && best.is_none_or(|b| segment.max_timestamp_ms > b.max_timestamp_ms)
            {
                best = Some(segment);
            }
        }
        let Some(segment) = best else {
            return Ok(None);
        };
        let timestamp_ms = segment.max_timestamp_ms;
        let relative = (segment.offset_of_max_timestamp - segment.base_offset)
            .clamp(0, i64::from(i32::MAX)) as u32;
        let start_position = u64::from(segment.index.lookup(relative));
        let mut found = None;
        segment.scan(
            start_position,
            segment.size_bytes,
            segment.base_offset,
            false,
            |position, header| {
                if header.max_timestamp == timestamp_ms {
                    found = Some((position, *header));
                    return false;
                }
                true
            },
        )?;
        let Some((position, header)) = found else {
            // The segment's bookkeeping names a batch the scan did not meet: answer with it.
            return Ok(Some((
                Offset(segment.offset_of_max_timestamp),
                timestamp_ms,
                -1,
            )));
        };
        let bytes = segment.read_batch(position, &header)?;
        let offset = batch::offset_of_max_timestamp(&bytes).unwrap_or(header.last_offset());
        Ok(Some((
            Offset(offset),
            timestamp_ms,
            header.partition_leader_epoch,
        )))
    }
}

fn search_segment(
    segment: &Segment,
    timestamp_ms: i64,
    limit: u64,
) -> Result<Option<(i64, i64)>, StorageError> {
    let start_offset = match segment.time_index.last_offset_below(timestamp_ms) {
        Some(relative) => segment.base_offset + i64::from(relative) + 1,
        None => segment.base_offset,
    };
    let relative = (start_offset - segment.base_offset).clamp(0, i64::from(i32::MAX)) as u32;
    let start_position = u64::from(segment.index.lookup(relative));
    let mut found = None;
    segment.scan(
        start_position,
        limit,
        segment.base_offset,
        false,
        |position, header| {
            if header.max_timestamp >= timestamp_ms {
                found = Some((position, *header));
                return false;
            }
            true
        },
    )?;
    let Some((position, header)) = found else {
        return Ok(None);
    };
    let bytes = segment.read_batch(position, &header)?;
    let exact = batch::first_record_at_or_after(&bytes, timestamp_ms);
    Ok(Some(
        exact.unwrap_or((header.base_offset, header.max_timestamp)),
    ))
}
