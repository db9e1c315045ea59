//! Opening logs after clean and unclean shutdowns, with torn, corrupt or missing files.

mod common;

use std::path::Path;

use common::*;
use model::{LeaderEpoch, Offset};
use storage::{Durability, LogConfig, PartitionLog, Recovery};

/// Writes `batches` single-record batches of ~160 bytes and drops the log without closing it.
async fn crashed_log(path: &Path, cfg: LogConfig, batches: usize) {
    let log = PartitionLog::open(path.to_path_buf(), cfg, Recovery::Scan)
        .await
        .unwrap();
    for _ in 0..batches {
        log.append(batch(1, 100, 0), LeaderEpoch(0), Durability::Synced)
            .await
            .unwrap();
    }
}

fn last_log_file(path: &Path) -> std::path::PathBuf {
    log_files(path, "log").pop().unwrap()
}

async fn assert_recovers_to(path: &Path, cfg: LogConfig, end: i64) {
    let log = PartitionLog::open(path.to_path_buf(), cfg, Recovery::Scan)
        .await
        .unwrap();
    assert_eq!(log.log_end_offset(), Offset(end));
    assert_eq!(log.high_watermark(), Offset(end));
    assert_eq!(read_batches(&log, 0).len() as i64, end);
    let next = log
        .append(batch(1, 100, 0), LeaderEpoch(0), Durability::Synced)
        .await
        .unwrap();
    assert_eq!(
        next.base_offset,
        Offset(end),
        "appends continue at the recovered end"
    );
    assert_eq!(read_batches(&log, 0).len() as i64, end + 1);
}

#[test]
fn torn_tail_is_truncated() {
    run(async {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("torn");
        crashed_log(&path, config(), 5).await;
        let file = last_log_file(&path);
        let len = std::fs::metadata(&file).unwrap().len();
        std::fs::OpenOptions::new()
            .write(true)
            .open(&file)
            .unwrap()
            .set_len(len - 30)
            .unwrap();
        assert_recovers_to(&path, config(), 4).await;
    });
}

#[test]
fn corrupt_last_batch_is_truncated() {
    run(async {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("flip");
        crashed_log(&path, config(), 5).await;
        let file = last_log_file(&path);
        let mut bytes = std::fs::read(&file).unwrap();
        let at = bytes.len() - 10;
        bytes[at] ^= 0x5a;
        std::fs::write(&file, bytes).unwrap();
        assert_recovers_to(&path, config(), 4).await;
    });
}

#[test]
fn corruption_in_an_earlier_segment_drops_the_rest() {
    run(async {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mid");
        let cfg = LogConfig {
            segment_bytes: 500,
            ..config()
        };
        crashed_log(&path, cfg.clone(), 12).await;
        let logs = log_files(&path, "log");
        assert!(logs.len() >= 4);
        // Forget the recovery point: everything is scanned.
        std::fs::remove_file(path.join("recovery-point")).unwrap();
        let mut bytes = std::fs::read(&logs[1]).unwrap();
        let batch_size = 12 + i32::from_be_bytes(bytes[8..12].try_into().unwrap()) as usize;
        assert!(bytes.len() > batch_size + 40);
        bytes[batch_size + 40] ^= 0xff; // second batch of the second segment
        std::fs::write(&logs[1], bytes).unwrap();
        let second_segment_base: i64 = logs[1]
            .file_stem()
            .unwrap()
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert_recovers_to(&path, cfg, second_segment_base + 1).await;
        // Later segments are gone; the only newer file is where the new append went.
        for file in log_files(&path, "log") {
            let base: i64 = file.file_stem().unwrap().to_str().unwrap().parse().unwrap();
            assert!(
                base <= second_segment_base + 1,
                "{} survived",
                file.display()
            );
        }
    });
}

#[test]
fn missing_and_corrupt_indexes_are_rebuilt() {
    run(async {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("idx");
        let cfg = LogConfig {
            segment_bytes: 4000,
            index_interval_bytes: 100,
            ..config()
        };
        let log = PartitionLog::open(path.clone(), cfg.clone(), Recovery::Scan)
            .await
            .unwrap();
        for _ in 0..60 {
            log.append(batch(1, 100, 0), LeaderEpoch(0), Durability::Synced)
                .await
                .unwrap();
        }
        log.close().await.unwrap();
        let indexes = log_files(&path, "index");
        let times = log_files(&path, "timeindex");
        assert!(indexes.len() >= 2);
        let index_len = std::fs::metadata(&indexes[0]).unwrap().len();
        assert!(index_len > 0);
        std::fs::remove_file(&indexes[0]).unwrap();
        std::fs::write(&indexes[1], [0xffu8; 13]).unwrap();
        std::fs::write(&times[0], [7u8; 24]).unwrap();
        let log = PartitionLog::open(path.clone(), cfg, Recovery::Clean)
            .await
            .unwrap();
        assert_eq!(log.log_end_offset(), Offset(60));
        assert_eq!(
            std::fs::metadata(&indexes[0]).unwrap().len(),
            index_len,
            "rebuilt identically"
        );
        assert_eq!(std::fs::metadata(&indexes[1]).unwrap().len() % 8, 0);
        for offset in 0..60 {
            assert_eq!(read_batches(&log, offset)[0].base_offset, offset);
        }
        assert_eq!(
            log.offset_for_timestamp(0).await.unwrap(),
            Some((Offset(0), 0))
        );
    });
}

#[test]
fn clean_reopen_keeps_everything() {
    run(async {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("clean");
        let cfg = LogConfig {
            segment_bytes: 1000,
            index_interval_bytes: 200,
            ..config()
        };
        let log = PartitionLog::open(path.clone(), cfg.clone(), Recovery::Scan)
            .await
            .unwrap();
        for i in 0..20 {
            log.append(batch(2, 50, i * 10), LeaderEpoch(1), Durability::Synced)
                .await
                .unwrap();
        }
        let max_ts = log.max_timestamp().unwrap();
        log.close().await.unwrap();
        let before: Vec<_> = log_files(&path, "index")
            .iter()
            .map(|p| std::fs::read(p).unwrap())
            .collect();
        let log = PartitionLog::open(path.clone(), cfg, Recovery::Auto)
            .await
            .unwrap();
        assert_eq!(log.log_end_offset(), Offset(40));
        assert_eq!(log.max_timestamp().unwrap(), max_ts);
        let after: Vec<_> = log_files(&path, "index")
            .iter()
            .map(|p| std::fs::read(p).unwrap())
            .collect();
        assert_eq!(before, after);
        assert_eq!(read_batches(&log, 0).len(), 20);
    });
}

#[test]
fn empty_dir_starts_at_zero() {
    run(async {
        let dir = tempfile::tempdir().unwrap();
        let log = PartitionLog::open(dir.path().join("new-0"), config(), Recovery::Scan)
            .await
            .unwrap();
        assert_eq!(
            (log.log_start_offset(), log.log_end_offset()),
            (Offset(0), Offset(0))
        );
        assert!(log.read(Offset(0), 100, true).unwrap().ranges.is_empty());
        assert_eq!(log.offset_for_timestamp(0).await.unwrap(), None);
        assert_eq!(log.max_timestamp().unwrap(), None);
    });
}

#[test]
fn garbage_files_never_panic() {
    run(async {
        let seed = 0xbad_f11e_5eed_u64;
        println!("seed {seed:#x}");
        let mut rng = seed;
        for round in 0..40 {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("g");
            crashed_log(
                &path,
                LogConfig {
                    segment_bytes: 600,
                    ..config()
                },
                8,
            )
            .await;
            // Overwrite random spans of random files with random bytes.
            let mut files: Vec<_> = std::fs::read_dir(&path)
                .unwrap()
                .map(|e| e.unwrap().path())
                .collect();
            files.sort();
            for _ in 0..3 {
                let file = &files[(next(&mut rng) % files.len() as u64) as usize];
                let mut bytes = std::fs::read(file).unwrap();
                let len = (next(&mut rng) % 64) as usize;
                let at = if bytes.is_empty() {
                    0
                } else {
                    (next(&mut rng) % bytes.len() as u64) as usize
                };
                for i in 0..len {
                    let byte = next(&mut rng) as u8;
                    match bytes.get_mut(at + i) {
                        Some(b) => *b = byte,
                        None => bytes.push(byte),
                    }
                }
                std::fs::write(file, bytes).unwrap();
            }
            let recovery = if round % 2 == 0 {
                Recovery::Scan
            } else {
                Recovery::Clean
            };
            let log = PartitionLog::open(path.clone(), config(), recovery)
                .await
                .unwrap();
            let end = log.log_end_offset().0;
            assert!(end <= 8, "round {round}: end {end}");
            let _ = log.read(Offset(0), 10_000, true);
            let _ = log.offset_for_timestamp(0).await;
            let next_offset = log
                .append(batch(1, 10, 0), LeaderEpoch(0), Durability::Synced)
                .await
                .unwrap();
            assert_eq!(next_offset.base_offset, Offset(end));
        }
    });
}

/// Found by the log_recovery fuzzer: a CRC-valid batch in segment 0 whose offsets lie at or
/// past the next segment's base. Kept, it made the log end (from the last segment) fall below
/// offsets already in the log, so reads served batches past the high watermark and appends
/// reused offsets. Recovery now ends segment 0 before that batch and drops the later segments,
/// in both the scanning and the index-trusting path.
#[test]
fn a_batch_overlapping_the_next_segment_ends_the_log_there() {
    use batch::builder::BatchBuilder;
    for recovery in [Recovery::Scan, Recovery::Clean] {
        run(async move {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("overlap-0");
            std::fs::create_dir(&path).unwrap();
            let at = |base: i64, records: usize| {
                let mut b = BatchBuilder::new()
                    .base_offset(base)
                    .base_timestamp_ms(1_000);
                for i in 0..records {
                    b = b.record(i as i64, None, Some(b"v"));
                }
                b.build()
            };
            let segment0 = [at(0, 2), at(0x200_0002, 1)].concat();
            std::fs::write(path.join(format!("{:020}.log", 0)), segment0).unwrap();
            std::fs::write(path.join(format!("{:020}.log", 3)), at(3, 1)).unwrap();
            let log = PartitionLog::open(path.clone(), config(), recovery)
                .await
                .unwrap();
            assert_eq!(log.log_end_offset(), Offset(2), "{recovery:?}");
            let headers = read_batches(&log, 0);
            assert_eq!(headers.len(), 1, "{recovery:?}");
            assert!(headers.iter().all(|h| h.last_offset() < 2));
            let next = log
                .append(batch(1, 10, 0), LeaderEpoch(0), Durability::Synced)
                .await
                .unwrap();
            assert_eq!(next.base_offset, Offset(2), "{recovery:?}");
            assert_eq!(read_batches(&log, 0).len(), 2);
        });
    }
}

/// Writes `count` single-record batches (batch i stamped `timestamp_ms(i)`) into one segment with
/// an index entry every second batch, and closes the log cleanly, so a reopen trusts the index
/// files.
async fn cleanly_closed_log(path: &Path, count: i64, timestamp_ms: impl Fn(i64) -> i64) {
    let cfg = index_cfg();
    let log = PartitionLog::open(path.to_path_buf(), cfg.clone(), Recovery::Scan)
        .await
        .unwrap();
    for i in 0..count {
        log.append(
            batch(1, 100, timestamp_ms(i)),
            LeaderEpoch(0),
            Durability::Synced,
        )
        .await
        .unwrap();
    }
    log.close().await.unwrap();
}

fn index_cfg() -> LogConfig {
    LogConfig {
        // A ~170-byte batch each: an index entry at every second batch (2, 4, 6, ...).
        index_interval_bytes: 200,
        ..config()
    }
}

/// An index entry on disk that passes the load checks but points at the wrong batch is found
/// when a fetch reads the batch back: KAFKA_STORAGE_ERROR for that fetch, never a panic or
/// the wrong records.
#[test]
fn a_lying_index_entry_is_a_read_error_not_a_panic() {
    run(async {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lying-0");
        cleanly_closed_log(&path, 30, |i| i * 10).await;
        let index_path = log_files(&path, "index").pop().unwrap();
        let mut index = std::fs::read(&index_path).unwrap();
        let entry = |index: &[u8], i: usize| {
            u32::from_be_bytes(index[i * 8..i * 8 + 4].try_into().unwrap())
        };
        assert!(index.len() >= 3 * 8, "several entries");
        // The second entry says its batch holds offset r; make it claim r - 1 (still ordered).
        let relative = entry(&index, 1);
        assert!(relative - 1 > entry(&index, 0));
        index[8..12].copy_from_slice(&(relative - 1).to_be_bytes());
        std::fs::write(&index_path, index).unwrap();
        let log = PartitionLog::open(path.clone(), index_cfg(), Recovery::Clean)
            .await
            .unwrap();
        assert_eq!(log.log_end_offset(), Offset(30));
        // Fetches the lying entry answers (up to the next entry) fail; the others are served.
        let next_entry = i64::from(entry(&std::fs::read(&index_path).unwrap(), 2));
        for offset in i64::from(relative) - 1..next_entry {
            assert_eq!(
                log.read(Offset(offset), u32::MAX, true).unwrap_err(),
                model::ErrorCode::KafkaStorageError
            );
        }
        for offset in (0..i64::from(relative) - 1).chain(next_entry..30) {
            assert_eq!(read_batches(&log, offset)[0].base_offset, offset);
        }
    });
}

/// A time index on disk whose last entry points past a later batch with a larger timestamp
/// is not this log's index: a clean open rebuilds it instead of trusting it (trusting it would
/// make the next time index entry point backwards, which the index asserts against: disk bytes
/// would reach an assertion).
#[test]
fn a_time_index_pointing_past_a_newer_batch_is_rebuilt() {
    run(async {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("times-0");
        // Batch 28 (in the unindexed tail with 29) carries the largest timestamp.
        cleanly_closed_log(&path, 30, |i| if i == 29 { 5 } else { i * 10 }).await;
        let time_path = log_files(&path, "timeindex").pop().unwrap();
        let mut entry = 1i64.to_be_bytes().to_vec();
        entry.extend_from_slice(&29u32.to_be_bytes());
        std::fs::write(&time_path, entry).unwrap();
        let log = PartitionLog::open(path.clone(), index_cfg(), Recovery::Clean)
            .await
            .unwrap();
        assert_eq!(log.max_timestamp().unwrap(), Some((Offset(28), 280, 0)));
        for i in 30..40 {
            log.append(batch(1, 100, i * 10), LeaderEpoch(0), Durability::Synced)
                .await
                .unwrap();
        }
        assert_eq!(
            log.offset_for_timestamp(105).await.unwrap(),
            Some((Offset(11), 110))
        );
        log.close().await.unwrap();
    });
}
