//! The log as a replica: an externally set high watermark and its checkpoint, reads up to the
//! log end, follower appends of a leader's bytes, truncation, and the epoch cache accessors.

mod common;

use std::path::Path;
use std::rc::Rc;

use bytes::Bytes;
use common::*;
use model::{ErrorCode, LeaderEpoch, Offset};
use storage::{
    Durability, HighWatermarkMode, LogConfig, PartitionLog, ReadLimit, Recovery, StorageError,
};

/// Small segments and index intervals, so that a few dozen batches span several segments
/// and index entries.
fn small() -> LogConfig {
    LogConfig {
        segment_bytes: 2_048,
        index_interval_bytes: 256,
        ..config()
    }
}

async fn open_replicated(path: &Path, config: LogConfig) -> Rc<PartitionLog> {
    PartitionLog::open_in_mode(
        path.to_path_buf(),
        config,
        Recovery::Auto,
        HighWatermarkMode::Replicated,
    )
    .await
    .expect("open replicated")
}

/// A leader log filled with `count` batches of varied sizes: plain ones, an idempotent
/// producer's (id 7, epoch 0, sequence counting up) every third, leader epoch 1 for the first
/// half and 3 after. Returns the log.
async fn leader_with(path: &Path, count: usize, rng: &mut u64) -> Rc<PartitionLog> {
    let leader = open_replicated(path, small()).await;
    let mut sequence = 0;
    for i in 0..count {
        let epoch = if i < count / 2 { 1 } else { 3 };
        let batches = if i % 3 == 0 {
            let records = 1 + (next(rng) % 4) as usize;
            let out = idempotent(7, 0, sequence, records);
            sequence += records as i32;
            out
        } else {
            batch(
                1 + (next(rng) % 5) as usize,
                10 + (next(rng) % 200) as usize,
                i as i64,
            )
        };
        leader
            .append(batches, LeaderEpoch(epoch), Durability::Written)
            .await
            .expect("leader append");
    }
    leader
}

/// Copies the leader's log to the follower as a fetcher would: reads up to the leader's log
/// end from the follower's end, `max_bytes` at a time (so responses end in partial batches),
/// and appends each response as it is. Returns the number of fetches.
async fn replicate(leader: &PartitionLog, follower: &Rc<PartitionLog>, max_bytes: u32) -> usize {
    let mut fetches = 0;
    while follower.log_end_offset() < leader.log_end_offset() {
        let from = follower.log_end_offset();
        let read = leader
            .read_up_to(from, max_bytes, true, ReadLimit::LogEnd)
            .expect("leader read");
        let appended = follower
            .append_as_follower(range_bytes(&read))
            .await
            .expect("follower append");
        assert_eq!(
            appended.first_offset,
            Some(from),
            "appends continue the log"
        );
        follower.flush().await.expect("flush");
        assert_eq!(follower.flushed_offset(), follower.log_end_offset());
        fetches += 1;
        assert!(fetches < 10_000, "replication makes progress");
    }
    fetches
}

#[test]
fn a_follower_copy_of_a_leader_log_is_byte_identical() {
    let mut rng = fixed_seed("byte_identical", 0x5eed_0001);
    run(async move {
        let dir = tempfile::tempdir().unwrap();
        let (leader_path, follower_path) = (dir.path().join("l-0"), dir.path().join("f-0"));
        let leader = leader_with(&leader_path, 60, &mut rng).await;
        let follower = open_replicated(&follower_path, small()).await;
        let fetches = replicate(&leader, &follower, 700).await;
        assert!(fetches > 1);
        assert!(
            leader.segment_count() > 2,
            "the copy spans several segments"
        );
        assert_eq!(follower.segment_count(), leader.segment_count());
        assert_eq!(
            follower.leader_epoch_entries(),
            leader.leader_epoch_entries()
        );
        assert_eq!(
            follower.leader_epoch_entries(),
            vec![
                (LeaderEpoch(1), Offset(0)),
                (LeaderEpoch(3), first_of_epoch(&leader, 3))
            ]
        );
        assert_eq!(follower.producers(), leader.producers());
        leader.close().await.unwrap();
        follower.close().await.unwrap();
        for suffix in ["log", "index", "timeindex"] {
            let (l, f) = (
                files_with(&leader_path, suffix),
                files_with(&follower_path, suffix),
            );
            assert_eq!(l.len(), f.len(), "{suffix} files");
            for ((ln, lb), (fn_, fb)) in l.iter().zip(&f) {
                assert_eq!(ln, fn_);
                assert!(lb == fb, "{ln} differs between leader and follower");
            }
        }
    });
}

fn first_of_epoch(log: &PartitionLog, epoch: i32) -> Offset {
    log.leader_epoch_entries()
        .into_iter()
        .find(|(e, _)| e.0 == epoch)
        .map(|(_, start)| start)
        .expect("epoch present")
}

#[test]
fn a_follower_log_recognises_an_idempotent_producers_duplicates_after_failover() {
    run(async {
        let dir = tempfile::tempdir().unwrap();
        let leader = open_replicated(&dir.path().join("l-0"), config()).await;
        for sequence in [0, 3, 6] {
            leader
                .append(
                    idempotent(42, 2, sequence, 3),
                    LeaderEpoch(5),
                    Durability::Written,
                )
                .await
                .unwrap();
        }
        let follower_path = dir.path().join("f-0");
        let follower = open_replicated(&follower_path, config()).await;
        replicate(&leader, &follower, u32::MAX).await;
        // Failover: the follower becomes leader at a new epoch; the producer retries its last
        // batch, then goes on.
        assert!(follower
            .assign_leader_epoch(LeaderEpoch(6), follower.log_end_offset())
            .await
            .unwrap());
        let retry = follower
            .append(idempotent(42, 2, 6, 3), LeaderEpoch(6), Durability::Written)
            .await
            .unwrap();
        assert_eq!(
            (retry.base_offset, retry.last_offset),
            (Offset(6), Offset(8))
        );
        assert_eq!(
            follower.log_end_offset(),
            Offset(9),
            "a duplicate is not written"
        );
        let gap = follower
            .append(
                idempotent(42, 2, 10, 1),
                LeaderEpoch(6),
                Durability::Written,
            )
            .await
            .unwrap_err();
        assert_eq!(gap.code, ErrorCode::OutOfOrderSequenceNumber);
        let next_out = follower
            .append(idempotent(42, 2, 9, 1), LeaderEpoch(6), Durability::Written)
            .await
            .unwrap();
        assert_eq!(next_out.base_offset, Offset(9));
        // And after a crash: producer state is rebuilt from the follower-written log.
        drop(follower);
        let reopened = open_replicated(&follower_path, config()).await;
        let again = reopened
            .append(idempotent(42, 2, 9, 1), LeaderEpoch(6), Durability::Written)
            .await
            .unwrap();
        assert_eq!(again.base_offset, Offset(9));
        assert_eq!(
            reopened.leader_epoch_entries(),
            vec![(LeaderEpoch(5), Offset(0)), (LeaderEpoch(6), Offset(9))]
        );
    });
}

#[test]
fn follower_appends_refuse_backward_offsets_and_bad_crcs_and_write_nothing() {
    run(async {
        let dir = tempfile::tempdir().unwrap();
        let leader = open_replicated(&dir.path().join("l-0"), config()).await;
        for i in 0..4 {
            leader
                .append(batch(2, 20, i), LeaderEpoch(1), Durability::Written)
                .await
                .unwrap();
        }
        let all = range_bytes(
            &leader
                .read_up_to(Offset(0), u32::MAX, true, ReadLimit::LogEnd)
                .unwrap(),
        );
        let batch_bytes = all.len() / 4;
        let follower = open_replicated(&dir.path().join("f-0"), config()).await;
        // Nothing, or only a partial batch: nothing appended, not an error.
        let empty = follower.append_as_follower(Bytes::new()).await.unwrap();
        assert_eq!((empty.first_offset, empty.batches), (None, 0));
        let partial = follower
            .append_as_follower(all.slice(..batch_bytes - 1))
            .await
            .unwrap();
        assert_eq!(
            (partial.batches, partial.partial_bytes),
            (0, batch_bytes - 1)
        );
        assert_eq!(follower.log_end_offset(), Offset(0));
        // Batches going backwards (batch 1, then batch 0): refused before batch 1 is written.
        // (A gap is accepted: compaction on the leader leaves them; see tests/cleaner.rs.)
        let mut backwards = all[batch_bytes..2 * batch_bytes].to_vec();
        backwards.extend_from_slice(&all[..batch_bytes]);
        let inner = follower
            .append_as_follower(Bytes::from(backwards))
            .await
            .unwrap_err();
        assert_eq!(inner.code, ErrorCode::UnknownServerError);
        // A flipped bit in the second batch: CORRUPT_MESSAGE, the first is not written either.
        let mut corrupt = all.to_vec();
        corrupt[batch_bytes + 70] ^= 0x10;
        let crc = follower
            .append_as_follower(Bytes::from(corrupt))
            .await
            .unwrap_err();
        assert_eq!(crc.code, ErrorCode::CorruptMessage);
        assert_eq!(
            (follower.log_end_offset(), follower.size_bytes()),
            (Offset(0), 0)
        );
        // The whole thing, with a partial tail: three batches in, the tail dropped.
        let ok = follower
            .append_as_follower(all.slice(..all.len() - 5))
            .await
            .unwrap();
        assert_eq!(
            (
                ok.first_offset,
                ok.last_offset,
                ok.log_end_offset,
                ok.batches
            ),
            (Some(Offset(0)), Some(Offset(5)), Offset(6), 3)
        );
        assert_eq!(ok.partial_bytes, batch_bytes - 5);
        // Appends to a replicated log never move its high watermark.
        follower.flush().await.unwrap();
        assert_eq!(follower.high_watermark(), Offset(0));
    });
}

#[test]
fn reads_stop_at_the_high_watermark_or_the_log_end() {
    run(async {
        let dir = tempfile::tempdir().unwrap();
        let log = open_replicated(&dir.path().join("r-0"), config()).await;
        let waiter = log.wait_for_append();
        for i in 0..3 {
            log.append(batch(2, 50, i), LeaderEpoch(0), Durability::Synced)
                .await
                .unwrap();
        }
        // Replicated: neither the sync nor a relaxed config change moves the high watermark.
        assert_eq!(
            (log.high_watermark(), log.flushed_offset()),
            (Offset(0), Offset(6))
        );
        log.set_config(relaxed());
        assert_eq!(log.high_watermark(), Offset(0));
        assert!(log
            .read(Offset(0), u32::MAX, true)
            .unwrap()
            .ranges
            .is_empty());
        let to_end = log
            .read_up_to(Offset(0), u32::MAX, true, ReadLimit::LogEnd)
            .unwrap();
        assert_eq!(to_end.total_bytes(), log.size_bytes());
        assert_eq!(log.set_high_watermark(Offset(4)).unwrap(), Offset(4));
        waiter.await; // set_high_watermark wakes readers
        let headers = read_batches(&log, 0);
        assert_eq!(
            headers.iter().map(|h| h.base_offset).collect::<Vec<_>>(),
            vec![0, 2]
        );
        // Between the high watermark and the log end: nothing to consumers, the rest to
        // followers; past the log end: out of range for both.
        assert!(log
            .read(Offset(4), u32::MAX, true)
            .unwrap()
            .ranges
            .is_empty());
        let tail = log
            .read_up_to(Offset(4), u32::MAX, true, ReadLimit::LogEnd)
            .unwrap();
        assert_eq!(tail.total_bytes(), log.size_bytes() / 3);
        assert_eq!(tail.high_watermark, Offset(4));
        assert!(log
            .read_up_to(Offset(6), u32::MAX, true, ReadLimit::LogEnd)
            .unwrap()
            .ranges
            .is_empty());
        for limit in [ReadLimit::HighWatermark, ReadLimit::LogEnd] {
            assert_eq!(
                log.read_up_to(Offset(7), 100, true, limit).unwrap_err(),
                ErrorCode::OffsetOutOfRange
            );
        }
        // Inside a batch: that batch stays hidden until the high watermark passes it.
        log.set_high_watermark(Offset(3)).unwrap();
        assert_eq!(read_batches(&log, 0).len(), 1);
        // Clamped into [log start, log end], and it may go down.
        assert_eq!(log.set_high_watermark(Offset(100)).unwrap(), Offset(6));
        assert_eq!(read_batches(&log, 0).len(), 3);
        assert_eq!(log.set_high_watermark(Offset(-5)).unwrap(), Offset(0));
        assert!(read_batches(&log, 0).is_empty());
    });
}

#[test]
fn the_high_watermark_checkpoint_survives_close_and_crash() {
    run(async {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("h-0");
        let log = open_replicated(&path, config()).await;
        assert_eq!(
            log.high_watermark(),
            Offset(0),
            "no checkpoint: the log start"
        );
        for i in 0..10 {
            log.append(batch(1, 10, i), LeaderEpoch(0), Durability::Synced)
                .await
                .unwrap();
        }
        log.set_high_watermark(Offset(5)).unwrap();
        log.close().await.unwrap();
        let log = open_replicated(&path, config()).await;
        assert_eq!(log.high_watermark(), Offset(5), "written by close");
        log.set_high_watermark(Offset(7)).unwrap();
        log.checkpoint_high_watermark().await.unwrap();
        log.set_high_watermark(Offset(9)).unwrap();
        drop(log); // crash: 9 was never checkpointed
        let log = open_replicated(&path, config()).await;
        assert_eq!(log.high_watermark(), Offset(7));
        assert_eq!(read_batches(&log, 0).len(), 7);
        // A checkpoint above the log end (its records lost, say) is clamped to the log end.
        log.set_high_watermark(Offset(10)).unwrap();
        log.checkpoint_high_watermark().await.unwrap();
        log.truncate_to(Offset(8)).await.unwrap();
        assert_eq!(log.high_watermark(), Offset(8));
        drop(log);
        std::fs::write(path.join("high-watermark-checkpoint"), "0\n10\n").unwrap();
        let log = open_replicated(&path, config()).await;
        assert_eq!(
            (log.high_watermark(), log.log_end_offset()),
            (Offset(8), Offset(8))
        );
        log.close().await.unwrap();
        // Local mode is unchanged: the high watermark is the log end on open.
        let local = PartitionLog::open(path.clone(), config(), Recovery::Auto)
            .await
            .unwrap();
        assert_eq!(local.high_watermark(), Offset(8));
        assert_eq!(local.high_watermark_mode(), HighWatermarkMode::Local);
    });
}

/// Appends `count` one-record batches at `epoch` with an idempotent producer (sequence from
/// `sequence`), acknowledged once written.
async fn fill(log: &Rc<PartitionLog>, count: usize, epoch: i32, sequence: i32) {
    for i in 0..count {
        log.append(
            idempotent(9, 0, sequence + i as i32, 1),
            LeaderEpoch(epoch),
            Durability::Written,
        )
        .await
        .unwrap();
    }
}

#[test]
fn truncation_across_segments_then_appends_continue_and_reopen_agrees() {
    run(async {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t-0");
        let log = open_replicated(&path, small()).await;
        fill(&log, 60, 1, 0).await;
        fill(&log, 60, 2, 60).await;
        log.set_high_watermark(Offset(100)).unwrap();
        let segments_before = log.segment_count();
        assert!(segments_before > 4);
        let waiter = log.wait_for_append();
        assert_eq!(log.truncate_to(Offset(25)).await.unwrap(), Offset(25));
        waiter.await; // readers wake: the high watermark moved down
        assert!(log.segment_count() < segments_before);
        assert_eq!(
            (
                log.log_end_offset(),
                log.high_watermark(),
                log.flushed_offset()
            ),
            (Offset(25), Offset(25), Offset(25))
        );
        assert_eq!(
            log.leader_epoch_entries(),
            vec![(LeaderEpoch(1), Offset(0))]
        );
        let headers = read_batches(&log, 0);
        assert_eq!(headers.len(), 25);
        assert_eq!(
            log.producers()[0].last_sequence,
            24,
            "producer state rebuilt"
        );
        // A no-op above the log end.
        assert_eq!(log.truncate_to(Offset(99)).await.unwrap(), Offset(25));
        // The producer's sequence 25 was truncated away: it is new again, not a duplicate.
        log.assign_leader_epoch(LeaderEpoch(3), Offset(25))
            .await
            .unwrap();
        fill(&log, 20, 3, 25).await;
        assert_eq!(log.log_end_offset(), Offset(45));
        log.set_high_watermark(Offset(45)).unwrap();
        let before: Vec<_> = read_batches(&log, 0);
        assert_eq!(before.len(), 45);
        assert!(before
            .iter()
            .enumerate()
            .all(|(i, h)| h.base_offset == i as i64));
        let epochs = log.leader_epoch_entries();
        let producers = log.producers();
        // A crash right after (nothing closed) and a clean reopen both give the same log.
        drop(log);
        let log = open_replicated(&path, small()).await;
        assert_eq!(log.log_end_offset(), Offset(45));
        log.set_high_watermark(Offset(45)).unwrap();
        assert_eq!(read_batches(&log, 0), before);
        assert_eq!(log.leader_epoch_entries(), epochs);
        assert_eq!(log.producers(), producers);
        log.close().await.unwrap();
        let log = open_replicated(&path, small()).await;
        assert_eq!(read_batches(&log, 0), before);
        assert_eq!(log.producers(), producers);
    });
}

#[test]
fn truncation_inside_a_batch_keeps_the_batch_boundary() {
    run(async {
        let dir = tempfile::tempdir().unwrap();
        let log = open_replicated(&dir.path().join("m-0"), config()).await;
        for i in 0..3 {
            log.append(batch(4, 10, i), LeaderEpoch(0), Durability::Written)
                .await
                .unwrap();
        }
        // Offset 6 is inside the batch [4, 7]: the whole batch goes.
        assert_eq!(log.truncate_to(Offset(6)).await.unwrap(), Offset(4));
        assert_eq!(log.log_end_offset(), Offset(4));
        // At a segment's base (the only segment): empty, the log starts over at its base.
        assert_eq!(log.truncate_to(Offset(0)).await.unwrap(), Offset(0));
        assert_eq!((log.log_end_offset(), log.size_bytes()), (Offset(0), 0));
    });
}

#[test]
fn truncate_fully_and_start_at_restarts_the_log() {
    run(async {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s-0");
        let log = open_replicated(&path, small()).await;
        fill(&log, 40, 1, 0).await;
        log.set_high_watermark(Offset(40)).unwrap();
        log.truncate_fully_and_start_at(Offset(100)).await.unwrap();
        assert_eq!(
            (
                log.log_start_offset(),
                log.log_end_offset(),
                log.high_watermark()
            ),
            (Offset(100), Offset(100), Offset(100))
        );
        assert_eq!((log.segment_count(), log.size_bytes()), (1, 0));
        assert!(log.leader_epoch_entries().is_empty() && log.producers().is_empty());
        assert_eq!(
            log.read(Offset(99), 100, true).unwrap_err(),
            ErrorCode::OffsetOutOfRange
        );
        // The leader's batches from 100 on follow.
        let leader = open_replicated(&dir.path().join("l-0"), small()).await;
        leader
            .truncate_fully_and_start_at(Offset(100))
            .await
            .unwrap();
        fill(&leader, 5, 4, 0).await;
        replicate(&leader, &log, u32::MAX).await;
        assert_eq!(log.log_end_offset(), Offset(105));
        assert_eq!(
            log.leader_epoch_entries(),
            vec![(LeaderEpoch(4), Offset(100))]
        );
        drop(log);
        let log = open_replicated(&path, small()).await;
        assert_eq!(
            (
                log.log_start_offset(),
                log.log_end_offset(),
                log.high_watermark()
            ),
            (Offset(100), Offset(105), Offset(100))
        );
        assert_eq!(log.segment_count(), 1, "the old segments are gone");
        assert_eq!(log.producers().len(), 1);
        // truncate_to below the first segment's base also restarts the log there.
        assert_eq!(log.truncate_to(Offset(50)).await.unwrap(), Offset(50));
        assert_eq!(
            (log.log_start_offset(), log.log_end_offset()),
            (Offset(50), Offset(50))
        );
    });
}

#[test]
fn a_sync_waiting_for_truncated_offsets_fails() {
    run(async {
        let dir = tempfile::tempdir().unwrap();
        let log = open_replicated(&dir.path().join("w-0"), config()).await;
        log.append(batch(1, 10, 0), LeaderEpoch(0), Durability::Synced)
            .await
            .unwrap();
        let written = log
            .append_written(batch(3, 10, 1), LeaderEpoch(0))
            .await
            .unwrap();
        log.truncate_to(Offset(1)).await.unwrap();
        let err = log
            .append_durable(&written, Durability::Synced)
            .await
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::NotLeaderOrFollower);
        assert!(matches!(
            StorageError::Truncated {
                target: 4,
                log_end: 1
            }
            .error_code(),
            ErrorCode::NotLeaderOrFollower
        ));
        // The log is not offline: appends go on.
        log.append(batch(1, 10, 2), LeaderEpoch(0), Durability::Synced)
            .await
            .unwrap();
        assert_eq!(log.log_end_offset(), Offset(2));
    });
}

/// Power losses per run of the follower test (each round three fresh logs).
const POWER_LOSS_ROUNDS: u64 = 20;

/// Appends `count` plain batches of random sizes, their timestamps starting at `stamp`.
async fn append_random(log: &Rc<PartitionLog>, count: usize, stamp: i64, rng: &mut u64) {
    for i in 0..count {
        let records = 1 + (next(rng) % 3) as usize;
        let value_bytes = 10 + (next(rng) % 250) as usize;
        log.append(
            batch(records, value_bytes, stamp + i as i64),
            LeaderEpoch(if stamp == 0 { 1 } else { 2 }),
            Durability::Written,
        )
        .await
        .unwrap();
    }
}

/// Everything a log holds, from its start to its end, as one buffer of batches.
fn log_bytes(log: &PartitionLog) -> Bytes {
    let start = log.log_start_offset();
    range_bytes(
        &log.read_up_to(start, u32::MAX, true, ReadLimit::LogEnd)
            .unwrap(),
    )
}

/// The follower copies leader A and flushes, truncates to a point where A and leader B agree
/// (durable), then copies B's diverging tail without flushing, and loses power. What
/// recovery opens is B's log cut at a batch boundary at or after the truncation point: none of
/// A's removed records come back, nothing synced is lost, and the high watermark is the
/// checkpoint clamped into the recovered log.
#[test]
fn follower_appends_and_truncation_survive_power_loss() {
    let base = fixed_seed("follower_power_loss", 0x5eed_0002);
    let mut dropped_any = false;
    for round in 0..POWER_LOSS_ROUNDS {
        let mut rng = base.wrapping_add(round) | 1;
        let dir = tempfile::tempdir().unwrap();
        let follower_path = dir.path().join("f-0");
        storage::faults::enroll(&follower_path);
        let common = 5 + (next(&mut rng) % 20) as usize;
        let a_tail = 1 + (next(&mut rng) % 20) as usize;
        let b_tail = 1 + (next(&mut rng) % 20) as usize;
        let (b_bytes, agreed_end, agreed_bytes, checkpoint) = {
            let dir = dir.path().to_path_buf();
            let path = follower_path.clone();
            let mut rng = rng;
            let out = std::rc::Rc::new(std::cell::RefCell::new(None));
            let result = out.clone();
            run(async move {
                let a = open_replicated(&dir.join("a-0"), small()).await;
                append_random(&a, common, 0, &mut rng).await;
                let b = open_replicated(&dir.join("b-0"), small()).await;
                replicate(&a, &b, u32::MAX).await;
                let agreed_end = a.log_end_offset();
                let agreed_bytes = log_bytes(&a).len();
                append_random(&a, a_tail, 1_000, &mut rng).await;
                append_random(&b, b_tail, 2_000, &mut rng).await;
                let follower = open_replicated(&path, small()).await;
                replicate(&a, &follower, 1 + (next(&mut rng) % 2_000) as u32).await;
                let checkpoint =
                    Offset((next(&mut rng) % (a.log_end_offset().0 as u64 + 1)) as i64);
                follower.set_high_watermark(checkpoint).unwrap();
                follower.checkpoint_high_watermark().await.unwrap();
                assert_eq!(follower.truncate_to(agreed_end).await.unwrap(), agreed_end);
                // B's tail, appended and never flushed.
                while follower.log_end_offset() < b.log_end_offset() {
                    let read = b
                        .read_up_to(follower.log_end_offset(), 1_500, true, ReadLimit::LogEnd)
                        .unwrap();
                    follower
                        .append_as_follower(range_bytes(&read))
                        .await
                        .unwrap();
                }
                assert_eq!(log_bytes(&follower), log_bytes(&b));
                *result.borrow_mut() = Some((log_bytes(&b), agreed_end, agreed_bytes, checkpoint));
            });
            let taken = out.borrow_mut().take();
            taken.expect("the round ran")
        };
        let report = storage::faults::power_loss(&follower_path, next(&mut rng));
        dropped_any |= report.bytes_dropped > 0;
        let path = follower_path.clone();
        run(async move {
            let follower = open_replicated(&path, small()).await;
            let end = follower.log_end_offset();
            assert!(
                end >= agreed_end,
                "round {round}: synced data lost: end {end:?}"
            );
            let recovered = log_bytes(&follower);
            assert!(recovered.len() >= agreed_bytes);
            assert!(
                b_bytes.starts_with(&recovered),
                "round {round}: the recovered log is not a prefix of the new leader's"
            );
            assert_eq!(
                follower.high_watermark(),
                checkpoint
                    .min(agreed_end)
                    .min(end)
                    .max(follower.log_start_offset()),
                "round {round}: high watermark"
            );
            // And it goes on: B's remaining batches append at the recovered end.
            let rest = Bytes::copy_from_slice(&b_bytes[recovered.len()..]);
            follower.append_as_follower(rest).await.unwrap();
            assert_eq!(log_bytes(&follower), b_bytes);
        });
    }
    assert!(
        dropped_any,
        "no round lost an unsynced byte: the layer is not cutting"
    );
}
