//! Each assertion fires: the log's in-memory state is driven into the broken state the assertion
//! guards against, then the write or read path that checks it runs. The expected message names
//! the partition (`orders-3`) and the invariant.
//!
//! Also: corrupt data read back from disk is an error, not a panic.

use std::os::unix::fs::FileExt;
use std::rc::Rc;

use batch::builder::simple_batch;
use batch::{validate_produce_batch, BatchHeader};
use bytes::Bytes;
use glommio::{LocalExecutorBuilder, Placement};
use model::{ErrorCode, LeaderEpoch, Offset};

use crate::index::{OffsetEntry, OffsetIndex, TimeEntry, TimeIndex};
use crate::log::LogPosition;
use crate::{Durability, LogConfig, PartitionLog, Recovery};

fn durable() -> LogConfig {
    LogConfig {
        file_delete_delay_ms: 0,
        ..LogConfig::default()
    }
}

fn relaxed() -> LogConfig {
    LogConfig {
        flush_interval_messages: u64::MAX,
        ..durable()
    }
}

/// Opens `orders-3` in a temp dir with three appended batches of two records (offsets 0–5) and
/// runs `body` on it, on a glommio executor.
fn with_log(config: LogConfig, body: impl AsyncFnOnce(Rc<PartitionLog>)) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("orders-3");
    LocalExecutorBuilder::new(Placement::Unbound)
        .io_memory(256 << 10)
        .make()
        .expect("executor")
        .run(async move {
            let log = PartitionLog::open(path, config, Recovery::Scan)
                .await
                .unwrap();
            for _ in 0..3 {
                append(&log).await;
            }
            assert_eq!(log.log_end_offset(), Offset(6));
            body(log).await;
        });
}

async fn append(log: &Rc<PartitionLog>) {
    let batch = validate_produce_batch(&Bytes::from(simple_batch(2, 10, 1_000)), 1 << 20).unwrap();
    log.append(vec![batch], LeaderEpoch(0), Durability::Synced)
        .await
        .unwrap();
}

/// A two-record batch header placed at the log end, as the write path would commit it.
fn header_at_end(log: &PartitionLog) -> (i64, u64, BatchHeader) {
    let mut header = BatchHeader::parse(&simple_batch(2, 10, 1_000)).unwrap();
    let end = log.state.borrow().log_end;
    header.base_offset = end.offset;
    (end.segment_base, end.position, header)
}

// --- write path -------------------------------------------------------------------------

#[test]
#[should_panic(
    expected = "storage invariant broken: partition orders-3: append offsets are contiguous (batch base offset 7, log end 6)"
)]
fn append_offsets_contiguous() {
    with_log(durable(), async |log| {
        let (segment, position, mut header) = header_at_end(&log);
        header.base_offset += 1;
        log.commit_batch(
            segment,
            position,
            &header,
            None,
            0,
            crate::log::BatchSource::Leader,
        );
    });
}

#[test]
#[should_panic(
    expected = "partition orders-3: a batch's last offset is its base offset + record count - 1"
)]
fn last_offset_is_base_plus_count_minus_one() {
    with_log(durable(), async |log| {
        let (segment, position, mut header) = header_at_end(&log);
        header.records_count = 5;
        log.commit_batch(
            segment,
            position,
            &header,
            None,
            0,
            crate::log::BatchSource::Leader,
        );
    });
}

#[test]
#[should_panic(expected = "partition orders-3: a batch is written at the log end")]
fn batch_written_at_the_log_end() {
    with_log(durable(), async |log| {
        let (segment, position, header) = header_at_end(&log);
        log.commit_batch(
            segment,
            position + 1,
            &header,
            None,
            0,
            crate::log::BatchSource::Leader,
        );
    });
}

#[test]
#[should_panic(expected = "partition orders-3: log end is the active segment's end")]
fn log_end_pairs_with_the_active_segment() {
    with_log(durable(), async |log| {
        log.state.borrow_mut().log_end.position += 7;
        append(&log).await;
    });
}

#[test]
#[should_panic(
    expected = "partition orders-3: high watermark ≤ log end (high watermark LogPosition { offset: 11"
)]
fn high_watermark_at_most_log_end() {
    with_log(durable(), async |log| {
        let mut state = log.state.borrow_mut();
        let beyond = LogPosition {
            offset: state.log_end.offset + 5,
            ..state.log_end
        };
        state.advance_high_watermark(beyond);
    });
}

#[test]
#[should_panic(expected = "partition orders-3: high watermark ≤ log end")]
fn high_watermark_position_inside_the_written_log() {
    with_log(durable(), async |log| {
        log.state.borrow_mut().high_watermark.position += 1;
        let _ = log.read(Offset(0), 1 << 20, true);
    });
}

#[test]
#[should_panic(expected = "partition orders-3: flushed offset ≤ written offset")]
fn flushed_at_most_written() {
    with_log(durable(), async |log| {
        log.state.borrow_mut().flushed.offset += 1;
        let _ = log.read(Offset(0), 1 << 20, true);
    });
}

#[test]
#[should_panic(
    expected = "partition orders-3: log start offset ≤ high watermark (log start 7, high watermark 6)"
)]
fn log_start_at_most_high_watermark() {
    with_log(durable(), async |log| {
        log.state.borrow_mut().log_start_offset = 7;
        let _ = log.read(Offset(0), 1 << 20, true);
    });
}

#[test]
#[should_panic(
    expected = "partition orders-3: log start offset ≤ high watermark (log start 9, high watermark 8)"
)]
fn log_start_checked_when_it_moves() {
    with_log(durable(), async |log| {
        log.roll().await.unwrap();
        append(&log).await;
        log.state.borrow_mut().log_start_offset = 9;
        let _ = log.enforce_retention(0).await;
    });
}

#[test]
#[should_panic(expected = "partition orders-3: a segment's synced bytes ≤ its written bytes")]
fn synced_bytes_at_most_written_bytes() {
    with_log(relaxed(), async |log| {
        log.roll().await.unwrap();
        append(&log).await;
        {
            let mut state = log.state.borrow_mut();
            let first = state.segments.get_mut(&0).unwrap();
            first.indexes_synced = false;
            first.synced_bytes = first.size_bytes + 1;
        }
        log.flush().await.unwrap();
    });
}

#[test]
#[should_panic(
    expected = "partition orders-3: segment base offsets increase: a segment rolls at its end (new segment base 9, active segment base 0 next offset 6)"
)]
fn segments_roll_at_their_end() {
    with_log(durable(), async |log| {
        log.state.borrow_mut().log_end.offset += 3;
        let _ = log.roll().await;
    });
}

#[test]
#[should_panic(
    expected = "partition orders-3: a segment ends where the next one begins (segment 0 ends at 5, next segment 6)"
)]
fn recovered_segments_are_adjacent() {
    with_log(durable(), async |log| {
        log.roll().await.unwrap();
        append(&log).await;
        let mut state = log.state.borrow_mut();
        state.segments.get_mut(&0).unwrap().next_offset -= 1;
        state.assert_recovered();
    });
}

#[test]
#[should_panic(
    expected = "partition orders-3: batches ascend within a segment, from its base offset"
)]
fn batches_ascend_within_a_segment() {
    with_log(durable(), async |log| {
        let (_, position, mut header) = header_at_end(&log);
        header.base_offset = 3;
        let mut state = log.state.borrow_mut();
        state.active_mut().note_batch(position, &header, 4096);
    });
}

#[test]
#[should_panic(
    expected = "partition orders-3: segment offsets fit its index's relative offsets (offset 2147483648, segment base 0)"
)]
fn segment_offsets_fit_relative_offsets() {
    with_log(durable(), async |log| {
        let _ = log
            .state
            .borrow()
            .active()
            .relative(i64::from(i32::MAX) + 1);
    });
}

#[test]
#[should_panic(
    expected = "partition orders-3: index entries on disk are a prefix of those in memory (segment 0 offset index 2 of 0, time index 0 of 0)"
)]
fn index_files_never_ahead_of_memory() {
    with_log(durable(), async |log| {
        log.state.borrow_mut().active_mut().index_entries_written = 2;
        let _ = log.write_index_entries(0).await;
    });
}

// --- indexes ----------------------------------------------------------------------------

/// Pushes `(relative offset, position)` entries in order.
fn offset_index(entries: &[(u32, u32)]) -> OffsetIndex {
    let mut index = OffsetIndex::default();
    for &(relative_offset, position) in entries {
        index.push("t-0", entry(relative_offset, position));
    }
    index
}

fn entry(relative_offset: u32, position: u32) -> OffsetEntry {
    OffsetEntry {
        relative_offset,
        position,
    }
}

/// Offers `(timestamp, relative offset)` entries in order; returns which were taken.
fn time_index(entries: &[(i64, u32)]) -> Vec<bool> {
    let mut index = TimeIndex::default();
    let time_entry = |(timestamp_ms, relative_offset)| TimeEntry {
        timestamp_ms,
        relative_offset,
    };
    entries
        .iter()
        .map(|e| index.maybe_push("t-0", time_entry(*e)))
        .collect()
}

#[test]
#[should_panic(
    expected = "partition t-0: offset index relative offsets strictly increase (last 10, new 10)"
)]
fn offset_index_offsets_strictly_increase() {
    offset_index(&[(10, 100), (10, 200)]);
}

#[test]
#[should_panic(
    expected = "partition t-0: offset index positions strictly increase (last 100, new 90"
)]
fn offset_index_positions_strictly_increase() {
    offset_index(&[(10, 100), (11, 90)]);
}

#[test]
#[should_panic(
    expected = "partition t-0: time index relative offsets never decrease (last 9 at 200 ms, new 8 at 300 ms)"
)]
fn time_index_offsets_never_decrease() {
    // The second is not newer: skipped (Kafka's maybeAppend), whatever its offset.
    assert_eq!(time_index(&[(200, 9), (200, 1)]), [true, false]);
    time_index(&[(200, 9), (300, 8)]);
}

// --- read path --------------------------------------------------------------------------

#[test]
#[should_panic(
    expected = "partition orders-3: a read's end (high watermark or log end) lies within its segment's written bytes"
)]
fn high_watermark_inside_its_segment() {
    with_log(durable(), async |log| {
        {
            let mut state = log.state.borrow_mut();
            state.log_end.position += 10;
            state.high_watermark.position += 10;
        }
        let _ = log.read(Offset(0), 1 << 20, true);
    });
}

#[test]
#[should_panic(
    expected = "partition orders-3: a read's file range lies within the segment's written bytes"
)]
fn file_range_inside_the_segment() {
    with_log(durable(), async |log| {
        let state = log.state.borrow();
        let active = state.active();
        let _ = active.file_range(active.size_bytes - 1, 2);
    });
}

#[test]
#[should_panic(
    expected = "partition orders-3: offset index entries lie within the segment's written bytes"
)]
fn index_entries_inside_the_segment() {
    with_log(durable(), async |log| {
        {
            let mut state = log.state.borrow_mut();
            let active = state.active_mut();
            let beyond = active.size_bytes as u32 + 100;
            active.index.push("orders-3", entry(1, beyond));
        }
        let _ = log.read(Offset(1), 1 << 20, true);
    });
}

/// What disk returns is checked, not asserted: an index entry that points at the wrong batch,
/// or bytes that are not a batch where one should start, answer KAFKA_STORAGE_ERROR.
#[test]
fn corrupt_data_read_back_is_an_error_not_a_panic() {
    with_log(durable(), async |log| {
        let batch_bytes = simple_batch(2, 10, 1_000).len() as u32;
        // Batches hold offsets 0-1, 2-3, 4-5; this entry says offset 1 starts the second.
        {
            let mut state = log.state.borrow_mut();
            let active = state.active_mut();
            active.index = OffsetIndex::default();
            active.index.push("orders-3", entry(1, batch_bytes));
        }
        assert_eq!(
            log.read(Offset(1), 1 << 20, true).unwrap_err(),
            ErrorCode::KafkaStorageError
        );
        assert!(
            log.read(Offset(0), 1 << 20, true).is_ok(),
            "below the entry, reads start at 0"
        );
        // Garbage where the second batch starts: the walk from 0 cannot reach offset 3.
        let writable = std::fs::OpenOptions::new()
            .write(true)
            .open(crate::files::offset_file(
                log.dir(),
                0,
                crate::files::LOG_SUFFIX,
            ))
            .unwrap();
        writable
            .write_all_at(&[0xff; 16], u64::from(batch_bytes))
            .unwrap();
        log.state.borrow_mut().active_mut().index = OffsetIndex::default();
        assert_eq!(
            log.read(Offset(3), 1 << 20, true).unwrap_err(),
            ErrorCode::KafkaStorageError
        );
        let first = log.read(Offset(0), 1 << 20, true).unwrap();
        assert_eq!(first.ranges[0].position, 0);
    });
}
