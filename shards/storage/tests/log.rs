//! Append, read, roll, retention, idempotence and group commit of `PartitionLog`.

mod common;

use std::rc::Rc;

use common::*;
use model::{ErrorCode, LeaderEpoch, Offset};
use storage::{Durability, LogConfig, PartitionLog, Recovery};

#[test]
fn append_read_round_trip_with_dense_offsets() {
    run(async {
        let dir = tempfile::tempdir().unwrap();
        let log = PartitionLog::open(dir.path().join("t-0"), config(), Recovery::Scan)
            .await
            .unwrap();
        let a = log
            .append(batch(1, 10, 100), LeaderEpoch(3), Durability::Synced)
            .await
            .unwrap();
        let b = log
            .append(batch(5, 10, 200), LeaderEpoch(3), Durability::Synced)
            .await
            .unwrap();
        let c = log
            .append(batch(2, 10, 300), LeaderEpoch(3), Durability::Synced)
            .await
            .unwrap();
        assert_eq!((a.base_offset, a.last_offset), (Offset(0), Offset(0)));
        assert_eq!((b.base_offset, b.last_offset), (Offset(1), Offset(5)));
        assert_eq!((c.base_offset, c.last_offset), (Offset(6), Offset(7)));
        assert_eq!(c.log_append_time_ms, -1);
        assert_eq!(
            (log.log_end_offset(), log.high_watermark()),
            (Offset(8), Offset(8))
        );
        let headers = read_batches(&log, 0);
        let bases: Vec<i64> = headers.iter().map(|h| h.base_offset).collect();
        assert_eq!(bases, vec![0, 1, 6]);
        assert!(headers.iter().all(|h| h.partition_leader_epoch == 3));
        assert_eq!(read_batches(&log, 3)[0].base_offset, 1);
        assert!(log.read(Offset(8), 1000, true).unwrap().ranges.is_empty());
        assert_eq!(
            log.read(Offset(9), 1000, true).unwrap_err(),
            ErrorCode::OffsetOutOfRange
        );
        assert_eq!(
            log.read(Offset(-1), 1000, true).unwrap_err(),
            ErrorCode::OffsetOutOfRange
        );
        let files = log_files(&dir.path().join("t-0"), "log");
        assert_eq!(files[0].file_name().unwrap(), "00000000000000000000.log");
        assert_eq!(
            log.size_bytes(),
            std::fs::metadata(&files[0]).unwrap().len()
        );
    });
}

#[test]
fn max_bytes_and_min_one_message() {
    run(async {
        let dir = tempfile::tempdir().unwrap();
        let log = PartitionLog::open(dir.path().to_path_buf(), config(), Recovery::Scan)
            .await
            .unwrap();
        for _ in 0..3 {
            log.append(batch(10, 100, 0), LeaderEpoch(0), Durability::Synced)
                .await
                .unwrap();
        }
        let size = read_batches(&log, 0).len();
        assert_eq!(size, 3);
        let whole = log.read(Offset(0), 10, true).unwrap();
        let first_size = whole.total_bytes();
        assert!(first_size > 10, "KIP-74: the first batch comes whole");
        assert_eq!(log.read(Offset(0), 10, false).unwrap().total_bytes(), 10);
        assert_eq!(
            log.read(Offset(0), (first_size * 2) as u32, false)
                .unwrap()
                .total_bytes(),
            first_size * 2
        );
    });
}

#[test]
fn durable_high_watermark_waits_for_sync_relaxed_does_not() {
    run(async {
        let dir = tempfile::tempdir().unwrap();
        let log = PartitionLog::open(dir.path().join("d"), config(), Recovery::Scan)
            .await
            .unwrap();
        let waiter = log.wait_for_append();
        log.append(batch(1, 10, 0), LeaderEpoch(0), Durability::Written)
            .await
            .unwrap();
        assert_eq!(log.log_end_offset(), Offset(1));
        // acks=1: answered once written, before the sync; readers do not see it yet.
        assert_eq!(
            (log.high_watermark(), log.flushed_offset()),
            (Offset(0), Offset(0))
        );
        waiter.await; // the background sync advances the high watermark
        assert_eq!(log.high_watermark(), Offset(1));
        assert!(log.sync_count() >= 1);

        let relaxed_log = PartitionLog::open(dir.path().join("r"), relaxed(), Recovery::Scan)
            .await
            .unwrap();
        relaxed_log
            .append(batch(1, 10, 0), LeaderEpoch(0), Durability::Synced)
            .await
            .unwrap();
        assert_eq!(relaxed_log.high_watermark(), Offset(1));
        assert_eq!(relaxed_log.sync_count(), 0);
        relaxed_log.flush().await.unwrap();
        assert_eq!(relaxed_log.sync_count(), 1);
        assert_eq!(relaxed_log.flushed_offset(), Offset(1));
    });
}

#[test]
fn relaxed_mode_starts_writeback_every_mebibyte_durable_mode_syncs_instead() {
    run(async {
        let dir = tempfile::tempdir().unwrap();
        // 64 batches of 64 records of 1 KiB: a little over 4 MiB.
        let append_4_mib = |log: std::rc::Rc<PartitionLog>| async move {
            for i in 0..64 {
                log.append(batch(64, 1024, i), LeaderEpoch(0), Durability::Synced)
                    .await
                    .unwrap();
            }
            log
        };
        let relaxed_log = PartitionLog::open(dir.path().join("r"), relaxed(), Recovery::Scan)
            .await
            .unwrap();
        let relaxed_log = append_4_mib(relaxed_log).await;
        // Every full MiB written starts writeback once; nothing was synced.
        assert_eq!(relaxed_log.writeback_starts(), 4);
        assert_eq!(relaxed_log.sync_count(), 0);
        // The records were written whole (header patched apart from the records).
        let batches = read_batches(&relaxed_log, 0);
        assert_eq!(batches.len(), 64);
        assert!(batches
            .iter()
            .enumerate()
            .all(|(i, b)| b.base_offset == 64 * i as i64 && b.records_count == 64));

        let durable_log = PartitionLog::open(dir.path().join("d"), config(), Recovery::Scan)
            .await
            .unwrap();
        let durable_log = append_4_mib(durable_log).await;
        assert_eq!(durable_log.writeback_starts(), 0);
        assert!(durable_log.sync_count() >= 1);
    });
}

#[test]
fn relaxed_flush_after_n_messages_and_on_timer() {
    run(async {
        let dir = tempfile::tempdir().unwrap();
        let cfg = LogConfig {
            flush_interval_messages: 10,
            ..config()
        };
        let log = PartitionLog::open(dir.path().join("n"), cfg, Recovery::Scan)
            .await
            .unwrap();
        log.append(batch(6, 10, 0), LeaderEpoch(0), Durability::Written)
            .await
            .unwrap();
        assert_eq!(log.sync_count(), 0);
        log.append(batch(6, 10, 0), LeaderEpoch(0), Durability::Written)
            .await
            .unwrap();
        assert_eq!(log.sync_count(), 1);

        let cfg = LogConfig {
            flush_interval_ms: Some(5),
            ..relaxed()
        };
        let timed_log = PartitionLog::open(dir.path().join("t"), cfg, Recovery::Scan)
            .await
            .unwrap();
        timed_log
            .append(batch(1, 10, 0), LeaderEpoch(0), Durability::Written)
            .await
            .unwrap();
        for _ in 0..100 {
            if timed_log.sync_count() > 0 {
                break;
            }
            glommio::timer::sleep(std::time::Duration::from_millis(10)).await;
        }
        assert_eq!(timed_log.flushed_offset(), Offset(1));
    });
}

#[test]
fn group_commit_shares_fdatasyncs() {
    run(async {
        let dir = tempfile::tempdir().unwrap();
        let log = PartitionLog::open(dir.path().to_path_buf(), config(), Recovery::Scan)
            .await
            .unwrap();
        let appends = 32;
        let tasks: Vec<_> = (0..appends)
            .map(|_| {
                let log = log.clone();
                glommio::spawn_local(async move {
                    log.append(batch(1, 100, 0), LeaderEpoch(0), Durability::Synced)
                        .await
                        .unwrap()
                })
            })
            .collect();
        let mut offsets = Vec::new();
        for t in tasks {
            offsets.push(t.await.base_offset.0);
        }
        offsets.sort_unstable();
        assert_eq!(offsets, (0..appends).collect::<Vec<i64>>());
        let syncs = log.sync_count();
        println!("{appends} concurrent appends took {syncs} fdatasyncs");
        assert!(
            syncs < appends as u64 / 2,
            "group commit: {syncs} syncs for {appends} appends"
        );
        assert_eq!(log.high_watermark(), Offset(appends));
    });
}

#[test]
fn rolls_by_size_and_reads_across_segments() {
    run(async {
        let dir = tempfile::tempdir().unwrap();
        let cfg = LogConfig {
            segment_bytes: 1000,
            ..config()
        };
        let log = PartitionLog::open(dir.path().to_path_buf(), cfg, Recovery::Scan)
            .await
            .unwrap();
        for _ in 0..10 {
            log.append(batch(2, 100, 0), LeaderEpoch(0), Durability::Synced)
                .await
                .unwrap();
        }
        // Each batch is ~300 bytes: three fit in 1000 bytes.
        assert_eq!(log.segment_count(), 4);
        let logs = log_files(dir.path(), "log");
        assert_eq!(logs.len(), 4);
        assert_eq!(logs[1].file_name().unwrap(), "00000000000000000006.log");
        assert_eq!(read_batches(&log, 0).len(), 10);
        for offset in 0..20 {
            let first = read_batches(&log, offset)[0];
            assert!(first.base_offset <= offset && offset <= first.last_offset());
        }
        assert!(
            !log_files(dir.path(), "snapshot").is_empty(),
            "snapshot at roll"
        );
    });
}

#[test]
fn rolls_by_time() {
    run(async {
        let dir = tempfile::tempdir().unwrap();
        let cfg = LogConfig {
            segment_ms: 100,
            ..config()
        };
        let log = PartitionLog::open(dir.path().to_path_buf(), cfg, Recovery::Scan)
            .await
            .unwrap();
        let clock = manual_clock(&log, 10_000);
        log.append(batch(1, 10, 0), LeaderEpoch(0), Durability::Synced)
            .await
            .unwrap();
        clock.set(10_050);
        log.append(batch(1, 10, 0), LeaderEpoch(0), Durability::Synced)
            .await
            .unwrap();
        assert_eq!(log.segment_count(), 1);
        clock.set(10_100);
        log.append(batch(1, 10, 0), LeaderEpoch(0), Durability::Synced)
            .await
            .unwrap();
        assert_eq!(log.segment_count(), 2);
        // enforce_retention also rolls an old active segment without waiting for an append.
        log.enforce_retention(10_300).await.unwrap();
        assert_eq!(log.segment_count(), 3);
        assert_eq!(read_batches(&log, 0).len(), 3);
    });
}

#[test]
fn segment_jitter_rolls_each_segment_a_fixed_share_before_segment_ms() {
    run(async {
        let dir = tempfile::tempdir().unwrap();
        let cfg = LogConfig {
            segment_ms: 1_000,
            segment_jitter_ms: 1_000,
            ..config()
        };
        let mut jitters = Vec::new();
        for partition in 0..4 {
            let log = PartitionLog::open(
                dir.path().join(format!("t-{partition}")),
                cfg.clone(),
                Recovery::Scan,
            )
            .await
            .unwrap();
            let clock = manual_clock(&log, 0);
            log.append(batch(1, 10, 0), LeaderEpoch(0), Durability::Synced)
                .await
                .unwrap();
            let jitter = log.active_roll_jitter_ms();
            assert!((0..1_000).contains(&jitter), "{jitter}");
            jitters.push(jitter);
            // Not yet one ms before the jittered deadline; rolled at it.
            clock.set(999 - jitter);
            log.append(batch(1, 10, 0), LeaderEpoch(0), Durability::Synced)
                .await
                .unwrap();
            assert_eq!(log.segment_count(), 1, "partition {partition}");
            clock.set(1_000 - jitter);
            log.append(batch(1, 10, 0), LeaderEpoch(0), Durability::Synced)
                .await
                .unwrap();
            assert_eq!(log.segment_count(), 2, "partition {partition}");
        }
        jitters.dedup();
        assert!(
            jitters.len() > 1,
            "partitions share one jitter: {jitters:?}"
        );
    });
}

#[test]
fn a_full_segment_index_rolls_the_segment() {
    run(async {
        let dir = tempfile::tempdir().unwrap();
        for (index_bytes, segments) in [(10 << 20, 1), (24, 2)] {
            // index.interval.bytes 0: an offset index entry for every batch after a segment's
            // first (Kafka's rule); 24 bytes hold three 8-byte entries, so four batches fill
            // a segment's index and the fifth starts a new segment.
            let cfg = LogConfig {
                index_interval_bytes: 0,
                segment_index_bytes: index_bytes,
                ..config()
            };
            let path = dir.path().join(format!("index-{index_bytes}"));
            let log = PartitionLog::open(path, cfg, Recovery::Scan).await.unwrap();
            for _ in 0..7 {
                log.append(batch(1, 10, 0), LeaderEpoch(0), Durability::Synced)
                    .await
                    .unwrap();
            }
            assert_eq!(
                log.segment_count(),
                segments,
                "segment.index.bytes {index_bytes}"
            );
            assert_eq!(read_batches(&log, 0).len(), 7);
        }
    });
}

#[test]
fn producer_ids_expire_after_producer_id_expiration_ms() {
    run(async {
        let dir = tempfile::tempdir().unwrap();
        let cfg = LogConfig {
            producer_id_expiration_ms: 10_000,
            ..config()
        };
        let log = PartitionLog::open(dir.path().to_path_buf(), cfg, Recovery::Scan)
            .await
            .unwrap();
        // The batch's largest timestamp is 1_001 (common::idempotent: 1_000, 1 ms apart).
        log.append(idempotent(7, 0, 0, 2), LeaderEpoch(0), Durability::Synced)
            .await
            .unwrap();
        log.enforce_retention(11_000).await.unwrap();
        assert_eq!(log.producers().len(), 1);
        log.enforce_retention(11_001).await.unwrap();
        assert!(log.producers().is_empty(), "expired");
        // Forgotten: the same batch again is appended, not recognised as a duplicate.
        let again = log
            .append(idempotent(7, 0, 0, 2), LeaderEpoch(0), Durability::Synced)
            .await
            .unwrap();
        assert_eq!(again.base_offset, Offset(2));
    });
}

#[test]
fn preallocate_reserves_segment_blocks_without_changing_the_file() {
    use std::os::unix::fs::MetadataExt;
    run(async {
        let dir = tempfile::tempdir().unwrap();
        let mut allocated = Vec::new();
        for preallocate in [false, true] {
            let cfg = LogConfig {
                segment_bytes: 4 << 20,
                preallocate,
                ..config()
            };
            let path = dir.path().join(format!("pre-{preallocate}"));
            let log = PartitionLog::open(path.clone(), cfg, Recovery::Scan)
                .await
                .unwrap();
            log.append(batch(1, 10, 0), LeaderEpoch(0), Durability::Synced)
                .await
                .unwrap();
            let file = &log_files(&path, "log")[0];
            let meta = std::fs::metadata(file).unwrap();
            assert_eq!(
                meta.len(),
                log.size_bytes(),
                "the length is what was written"
            );
            allocated.push(meta.blocks() * 512);
            // Reopened, it reads back as written.
            log.close().await.unwrap();
            let log = PartitionLog::open(path, config(), Recovery::Scan)
                .await
                .unwrap();
            assert_eq!(read_batches(&log, 0).len(), 1);
        }
        assert!(allocated[0] < 1 << 20, "{allocated:?}");
        assert!(allocated[1] >= 4 << 20, "{allocated:?}");
    });
}

#[test]
fn retention_by_time_and_size_moves_log_start() {
    run(async {
        let dir = tempfile::tempdir().unwrap();
        let cfg = LogConfig {
            segment_bytes: 1,
            retention_ms: 1_000,
            ..config()
        };
        let log = PartitionLog::open(dir.path().join("time"), cfg, Recovery::Scan)
            .await
            .unwrap();
        // One batch per segment (segment_bytes = 1), timestamps 1000, 2000, ..., 5000.
        for i in 1..=5 {
            log.append(batch(1, 10, i * 1_000), LeaderEpoch(0), Durability::Synced)
                .await
                .unwrap();
        }
        assert_eq!(log.segment_count(), 5);
        log.enforce_retention(3_500).await.unwrap();
        // 1000 and 2000 are older than 1000 ms at 3500; 3000 is not.
        assert_eq!(log.log_start_offset(), Offset(2));
        assert_eq!(log.segment_count(), 3);
        assert_eq!(
            log.read(Offset(1), 100, true).unwrap_err(),
            ErrorCode::OffsetOutOfRange
        );
        assert_eq!(read_batches(&log, 2).len(), 3);
        log.enforce_retention(1_000_000).await.unwrap();
        assert_eq!(
            log.segment_count(),
            1,
            "the active segment is never deleted"
        );
        assert_eq!(log.log_start_offset(), Offset(4));
        assert_eq!(log_files(&dir.path().join("time"), "log").len(), 1);

        let cfg = LogConfig {
            segment_bytes: 1,
            retention_bytes: 250,
            ..config()
        };
        let log = PartitionLog::open(dir.path().join("size"), cfg, Recovery::Scan)
            .await
            .unwrap();
        for _ in 0..5 {
            log.append(batch(1, 40, 0), LeaderEpoch(0), Durability::Synced)
                .await
                .unwrap();
        }
        let per_segment = log.size_bytes() / 5;
        log.enforce_retention(0).await.unwrap();
        // Kafka deletes only while at least retention.bytes remain.
        assert!(log.size_bytes() >= 250 && log.size_bytes() - per_segment < 250);
        assert_eq!(
            log.log_start_offset(),
            Offset(5 - (log.size_bytes() / per_segment) as i64)
        );
    });
}

#[test]
fn compact_only_logs_are_never_trimmed_by_time_or_size() {
    run(async {
        let dir = tempfile::tempdir().unwrap();
        let compact = LogConfig {
            segment_bytes: 1,
            retention_ms: 1_000,
            retention_bytes: 1,
            retention_delete: false,
            ..config()
        };
        let log = PartitionLog::open(dir.path().join("compact"), compact.clone(), Recovery::Scan)
            .await
            .unwrap();
        for i in 1..=4 {
            log.append(batch(1, 10, i * 1_000), LeaderEpoch(0), Durability::Synced)
                .await
                .unwrap();
        }
        log.enforce_retention(1_000_000).await.unwrap();
        assert_eq!(
            (log.log_start_offset(), log.segment_count()),
            (Offset(0), 4)
        );
        // The owner may still move the log start itself (the group coordinator's rewrite).
        log.delete_records_before(Offset(2)).await.unwrap();
        assert_eq!(
            (log.log_start_offset(), log.segment_count()),
            (Offset(2), 2)
        );
        // compact,delete: retention applies again.
        log.set_config(LogConfig {
            retention_delete: true,
            ..compact
        });
        log.enforce_retention(1_000_000).await.unwrap();
        assert_eq!(
            (log.log_start_offset(), log.segment_count()),
            (Offset(3), 1)
        );
    });
}

#[test]
fn file_delete_delay_keeps_deleted_segments_renamed_until_it_passes() {
    run(async {
        let dir = tempfile::tempdir().unwrap();
        for (delay_ms, lingering) in [(0, false), (60_000, true)] {
            let cfg = LogConfig {
                segment_bytes: 1,
                file_delete_delay_ms: delay_ms,
                ..config()
            };
            let path = dir.path().join(format!("delay-{delay_ms}"));
            let log = PartitionLog::open(path.clone(), cfg, Recovery::Scan)
                .await
                .unwrap();
            for _ in 0..3 {
                log.append(batch(1, 10, 0), LeaderEpoch(0), Durability::Synced)
                    .await
                    .unwrap();
            }
            log.delete_records_before(Offset(2)).await.unwrap();
            assert_eq!(log.segment_count(), 1);
            // `.log.deleted`: renamed at once, unlinked after file.delete.delay.ms.
            assert_eq!(
                !log_files(&path, "deleted").is_empty(),
                lingering,
                "delay {delay_ms}"
            );
        }
    });
}

#[test]
fn index_lookup_finds_the_batch_for_random_offsets() {
    run(async {
        let seed = 0x1dec_0de5_0000_0042u64;
        println!("seed {seed:#x}");
        let mut rng = seed;
        let dir = tempfile::tempdir().unwrap();
        let cfg = LogConfig {
            index_interval_bytes: 512,
            segment_bytes: 64 << 10,
            ..relaxed()
        };
        let log = PartitionLog::open(dir.path().to_path_buf(), cfg, Recovery::Scan)
            .await
            .unwrap();
        for _ in 0..600 {
            let records = 1 + (next(&mut rng) % 8) as usize;
            let value = (next(&mut rng) % 300) as usize;
            log.append(
                batch(records, value, 0),
                LeaderEpoch(0),
                Durability::Written,
            )
            .await
            .unwrap();
        }
        assert!(log.segment_count() > 3);
        assert!(log_files(dir.path(), "index")
            .iter()
            .all(|p| std::fs::metadata(p).unwrap().len() % 8 == 0));
        let leo = log.log_end_offset().0;
        for _ in 0..500 {
            let offset = (next(&mut rng) % leo as u64) as i64;
            let result = log.read(Offset(offset), 1, true).unwrap();
            let mut header = [0u8; 61];
            use std::os::unix::fs::FileExt;
            result.ranges[0]
                .file
                .read_exact_at(&mut header, result.ranges[0].position)
                .unwrap();
            let h = batch::BatchHeader::parse(&header).unwrap();
            assert!(
                h.base_offset <= offset && offset <= h.last_offset(),
                "offset {offset} seed {seed:#x}"
            );
            assert_eq!(result.ranges[0].len as usize, h.batch_size());
        }
    });
}

#[test]
fn idempotent_producer_duplicates_and_sequence_errors() {
    run(async {
        let dir = tempfile::tempdir().unwrap();
        let log = PartitionLog::open(dir.path().to_path_buf(), config(), Recovery::Scan)
            .await
            .unwrap();
        log.append(batch(2, 10, 0), LeaderEpoch(0), Durability::Synced)
            .await
            .unwrap();
        let first = log
            .append(idempotent(7, 0, 0, 3), LeaderEpoch(0), Durability::Synced)
            .await
            .unwrap();
        assert_eq!(
            (first.base_offset, first.last_offset),
            (Offset(2), Offset(4))
        );
        let again = log
            .append(idempotent(7, 0, 0, 3), LeaderEpoch(0), Durability::Synced)
            .await
            .unwrap();
        assert_eq!(
            (again.base_offset, again.last_offset),
            (Offset(2), Offset(4))
        );
        assert_eq!(
            log.log_end_offset(),
            Offset(5),
            "a duplicate is not appended"
        );
        let gap = log
            .append(idempotent(7, 0, 10, 1), LeaderEpoch(0), Durability::Synced)
            .await
            .unwrap_err();
        assert_eq!(gap.code, ErrorCode::OutOfOrderSequenceNumber);
        log.append(idempotent(7, 0, 3, 1), LeaderEpoch(0), Durability::Synced)
            .await
            .unwrap();
        let bumped = log
            .append(idempotent(7, 1, 5, 1), LeaderEpoch(0), Durability::Synced)
            .await
            .unwrap_err();
        assert_eq!(bumped.code, ErrorCode::OutOfOrderSequenceNumber);
        log.append(idempotent(7, 1, 0, 1), LeaderEpoch(0), Durability::Synced)
            .await
            .unwrap();
        let fenced = log
            .append(idempotent(7, 0, 4, 1), LeaderEpoch(0), Durability::Synced)
            .await
            .unwrap_err();
        assert_eq!(fenced.code, ErrorCode::InvalidProducerEpoch);
        let producers = log.producers();
        assert_eq!(producers.len(), 1);
        assert_eq!(
            (
                producers[0].producer_id,
                producers[0].producer_epoch,
                producers[0].last_sequence
            ),
            (7, 1, 0)
        );
        assert_eq!(producers[0].current_txn_start_offset, -1);
    });
}

#[test]
fn producer_state_survives_close_and_crash() {
    run(async {
        let dir = tempfile::tempdir().unwrap();
        let cfg = LogConfig {
            segment_bytes: 400,
            ..config()
        };
        let path = dir.path().join("p");
        let log = PartitionLog::open(path.clone(), cfg.clone(), Recovery::Scan)
            .await
            .unwrap();
        for seq in 0..6 {
            log.append(
                idempotent(1, 0, seq * 2, 2),
                LeaderEpoch(0),
                Durability::Synced,
            )
            .await
            .unwrap();
        }
        log.close().await.unwrap();
        assert!(log
            .append(batch(1, 1, 0), LeaderEpoch(0), Durability::Synced)
            .await
            .is_err());
        drop(log);
        assert!(path.join("clean-shutdown").exists());
        let log = PartitionLog::open(path.clone(), cfg.clone(), Recovery::Auto)
            .await
            .unwrap();
        let dup = log
            .append(idempotent(1, 0, 10, 2), LeaderEpoch(0), Durability::Synced)
            .await
            .unwrap();
        assert_eq!(
            dup.base_offset,
            Offset(10),
            "last batch is remembered across a clean restart"
        );
        log.append(idempotent(1, 0, 12, 2), LeaderEpoch(0), Durability::Synced)
            .await
            .unwrap();
        drop(log); // crash: no close, no snapshot at the end

        let log = PartitionLog::open(path.clone(), cfg, Recovery::Auto)
            .await
            .unwrap();
        assert_eq!(log.log_end_offset(), Offset(14));
        let dup = log
            .append(idempotent(1, 0, 12, 2), LeaderEpoch(0), Durability::Synced)
            .await
            .unwrap();
        assert_eq!(
            dup.base_offset,
            Offset(12),
            "replayed from the log after the last snapshot"
        );
        let gap = log
            .append(idempotent(1, 0, 20, 1), LeaderEpoch(0), Durability::Synced)
            .await
            .unwrap_err();
        assert_eq!(gap.code, ErrorCode::OutOfOrderSequenceNumber);
    });
}

#[test]
fn delete_records_moves_log_start() {
    run(async {
        let dir = tempfile::tempdir().unwrap();
        let cfg = LogConfig {
            segment_bytes: 200,
            ..config()
        };
        let log = PartitionLog::open(dir.path().to_path_buf(), cfg, Recovery::Scan)
            .await
            .unwrap();
        for _ in 0..10 {
            log.append(batch(1, 60, 0), LeaderEpoch(0), Durability::Synced)
                .await
                .unwrap();
        }
        let segments = log.segment_count();
        assert_eq!(
            log.delete_records_before(Offset(5)).await.unwrap(),
            Offset(5)
        );
        assert!(log.segment_count() < segments);
        assert_eq!(
            log.read(Offset(4), 100, true).unwrap_err(),
            ErrorCode::OffsetOutOfRange
        );
        assert_eq!(read_batches(&log, 5)[0].base_offset, 5);
        assert_eq!(
            log.delete_records_before(Offset(3)).await.unwrap(),
            Offset(5)
        );
        assert_eq!(
            log.delete_records_before(Offset(11)).await.unwrap_err(),
            ErrorCode::OffsetOutOfRange
        );
        assert_eq!(
            log.delete_records_before(Offset(-1)).await.unwrap(),
            Offset(10)
        );
        assert!(read_batches(&log, 10).is_empty());
        log.append(batch(1, 60, 0), LeaderEpoch(0), Durability::Synced)
            .await
            .unwrap();
        assert_eq!(read_batches(&log, 10)[0].base_offset, 10);
        // The log start survives a restart.
        let path = log.dir().to_path_buf();
        log.close().await.unwrap();
        let log = PartitionLog::open(path, config(), Recovery::Auto)
            .await
            .unwrap();
        assert_eq!(log.log_start_offset(), Offset(10));
    });
}

#[test]
fn offset_for_timestamp_and_max_timestamp() {
    run(async {
        let dir = tempfile::tempdir().unwrap();
        let cfg = LogConfig {
            index_interval_bytes: 1,
            ..config()
        };
        let log = PartitionLog::open(dir.path().to_path_buf(), cfg, Recovery::Scan)
            .await
            .unwrap();
        log.append(timed(&[1_000]), LeaderEpoch(0), Durability::Synced)
            .await
            .unwrap();
        log.append(
            timed(&[2_000, 2_001, 2_002]),
            LeaderEpoch(0),
            Durability::Synced,
        )
        .await
        .unwrap();
        log.append(timed(&[3_000]), LeaderEpoch(0), Durability::Synced)
            .await
            .unwrap();
        log.append(timed(&[2_500]), LeaderEpoch(0), Durability::Synced)
            .await
            .unwrap();
        let at = |ts| {
            let log = log.clone();
            async move { log.offset_for_timestamp(ts).await.unwrap() }
        };
        assert_eq!(at(0).await, Some((Offset(0), 1_000)));
        assert_eq!(at(1_500).await, Some((Offset(1), 2_000)));
        assert_eq!(at(2_001).await, Some((Offset(2), 2_001)));
        assert_eq!(at(2_003).await, Some((Offset(4), 3_000)));
        assert_eq!(at(5_000).await, None);
        assert_eq!(log.max_timestamp().unwrap(), Some((Offset(4), 3_000, 0)));
        // KAFKA-16310: the record with the largest timestamp, not its batch's last offset; and
        // the first such record when a later one repeats the timestamp.
        log.append(
            timed(&[4_000, 4_500, 4_100]),
            LeaderEpoch(1),
            Durability::Synced,
        )
        .await
        .unwrap();
        log.append(timed(&[4_500, 4_500]), LeaderEpoch(1), Durability::Synced)
            .await
            .unwrap();
        assert_eq!(log.max_timestamp().unwrap(), Some((Offset(7), 4_500, 1)));
        // Offsets 11-13, gzip: by timestamp and for the max, the exact record inside the batch.
        let gzip = batch::builder::BatchBuilder::new()
            .base_timestamp_ms(5_000)
            .record(0, None, Some(b"a"))
            .record(300, None, Some(b"b"))
            .record(200, None, Some(b"c"))
            .build_compressed(batch::Compression::Gzip);
        let gzip = batch::validate_batches(&gzip.into(), usize::MAX).unwrap();
        log.append(gzip, LeaderEpoch(1), Durability::Synced)
            .await
            .unwrap();
        assert_eq!(at(5_100).await, Some((Offset(12), 5_300)));
        assert_eq!(log.max_timestamp().unwrap(), Some((Offset(12), 5_300, 1)));
    });
}

#[test]
fn log_append_time_is_stamped() {
    run(async {
        let dir = tempfile::tempdir().unwrap();
        let cfg = LogConfig {
            timestamp_type_log_append: true,
            ..config()
        };
        let log = PartitionLog::open(dir.path().to_path_buf(), cfg, Recovery::Scan)
            .await
            .unwrap();
        manual_clock(&log, 1_234_567);
        let outcome = log
            .append(batch(3, 10, 5), LeaderEpoch(0), Durability::Synced)
            .await
            .unwrap();
        assert_eq!(outcome.log_append_time_ms, 1_234_567);
        let h = read_batches(&log, 0)[0];
        assert_eq!(h.max_timestamp, 1_234_567);
        assert_eq!(h.timestamp_type(), batch::TimestampType::LogAppendTime);
    });
}

#[test]
fn leader_epoch_checkpoint() {
    run(async {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("e");
        let log = PartitionLog::open(path.clone(), config(), Recovery::Scan)
            .await
            .unwrap();
        log.append(batch(2, 10, 0), LeaderEpoch(0), Durability::Synced)
            .await
            .unwrap();
        log.append(batch(3, 10, 0), LeaderEpoch(2), Durability::Synced)
            .await
            .unwrap();
        log.append(batch(1, 10, 0), LeaderEpoch(2), Durability::Synced)
            .await
            .unwrap();
        let text = std::fs::read_to_string(path.join("leader-epoch-checkpoint")).unwrap();
        assert_eq!(text, "0\n2\n0 0\n2 2\n");
        assert_eq!(
            log.end_offset_for_epoch(LeaderEpoch(0)),
            (LeaderEpoch(0), Offset(2))
        );
        assert_eq!(
            log.end_offset_for_epoch(LeaderEpoch(1)),
            (LeaderEpoch(0), Offset(2))
        );
        assert_eq!(
            log.end_offset_for_epoch(LeaderEpoch(2)),
            (LeaderEpoch(2), Offset(6))
        );
        assert_eq!(
            log.end_offset_for_epoch(LeaderEpoch(3)),
            (LeaderEpoch(-1), Offset(-1))
        );
        drop(log);
        let log = PartitionLog::open(path, config(), Recovery::Scan)
            .await
            .unwrap();
        assert_eq!(
            log.end_offset_for_epoch(LeaderEpoch(1)),
            (LeaderEpoch(0), Offset(2))
        );
    });
}

#[test]
fn wait_for_append_wakes_on_high_watermark() {
    run(async {
        let dir = tempfile::tempdir().unwrap();
        let log = PartitionLog::open(dir.path().to_path_buf(), config(), Recovery::Scan)
            .await
            .unwrap();
        let waiter = glommio::spawn_local(log.wait_for_append());
        let appender = log.clone();
        glommio::spawn_local(async move {
            glommio::timer::sleep(std::time::Duration::from_millis(5)).await;
            appender
                .append(batch(1, 10, 0), LeaderEpoch(0), Durability::Synced)
                .await
                .unwrap();
        })
        .detach();
        waiter.await;
        assert_eq!(log.high_watermark(), Offset(1));
        let _: Rc<PartitionLog> = log;
    });
}

#[test]
fn delete_removes_the_directory() {
    run(async {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gone-0");
        let log = PartitionLog::open(path.clone(), config(), Recovery::Scan)
            .await
            .unwrap();
        log.append(batch(1, 10, 0), LeaderEpoch(0), Durability::Synced)
            .await
            .unwrap();
        log.delete().await.unwrap();
        assert!(!path.exists());
        assert_eq!(
            log.read(Offset(0), 10, true).unwrap_err(),
            ErrorCode::KafkaStorageError
        );
    });
}
