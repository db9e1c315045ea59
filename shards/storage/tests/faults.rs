//! The log under the fault-injecting file layer (`storage::faults`): simulated power loss
//! after synced and unsynced appends, and fdatasync failures.

mod common;

use std::path::Path;

use common::*;
use model::{ErrorCode, LeaderEpoch, Offset};
use storage::{faults, Durability, LogConfig, PartitionLog, Recovery};

/// Power losses per test run. Reason: each round is a fresh log with random sizes, enough to
/// hit every cut position class (inside a batch, at a boundary, in a new segment) often.
const ROUNDS: u64 = 40;

/// The test's seed: `SLUICE_TEST_SEED` to replay, else the clock. Printed either way.
fn seed(test: &str) -> u64 {
    let seed = std::env::var("SLUICE_TEST_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .expect("clock after 1970")
                .as_nanos() as u64
        });
    println!("{test}: seed {seed} (replay with SLUICE_TEST_SEED={seed})");
    seed
}

/// Small segments so that rolls (new files, directory syncs) happen within a round.
fn small_segments() -> LogConfig {
    LogConfig {
        segment_bytes: 2_048,
        index_interval_bytes: 256,
        ..config()
    }
}

/// One 1-record batch whose base timestamp names it: batch `i` has timestamp `i`.
fn named(i: usize, value_bytes: usize) -> Vec<batch::ValidatedBatch> {
    batch(1, value_bytes, i as i64)
}

async fn open(path: &Path) -> std::rc::Rc<PartitionLog> {
    PartitionLog::open(path.to_path_buf(), small_segments(), Recovery::Auto)
        .await
        .expect("open")
}

/// Appends `synced` batches acknowledged after fdatasync, then `unsynced` ones in relaxed mode
/// (page cache only), and drops the log without closing it. Returns the value sizes used.
async fn write_then_crash(path: &Path, synced: usize, unsynced: usize, rng: &mut u64) {
    let log = open(path).await;
    for i in 0..synced + unsynced {
        if i == synced {
            log.set_config(LogConfig {
                flush_interval_messages: u64::MAX,
                ..small_segments()
            });
        }
        let wait = if i < synced {
            Durability::Synced
        } else {
            Durability::Written
        };
        let value_bytes = 10 + (next(rng) % 300) as usize;
        let out = log
            .append(named(i, value_bytes), LeaderEpoch(0), wait)
            .await
            .expect("append");
        assert_eq!(out.base_offset, Offset(i as i64));
    }
}

/// After the loss: every synced batch at its offset, then a dense prefix of the unsynced ones
/// (each the batch written there, CRC-checked), and appends continue at the recovered end.
async fn check_recovered(path: &Path, synced: usize, unsynced: usize) {
    let log = open(path).await;
    let end = log.log_end_offset().0 as usize;
    assert!(
        (synced..=synced + unsynced).contains(&end),
        "log end {end}: {synced} synced, {unsynced} unsynced"
    );
    assert_eq!(log.high_watermark(), Offset(end as i64));
    let headers = read_batches(&log, 0);
    assert_eq!(headers.len(), end, "one batch per offset");
    for (i, h) in headers.iter().enumerate() {
        assert_eq!(h.base_offset, i as i64, "offsets are dense");
        assert_eq!(
            h.base_timestamp, i as i64,
            "offset {i} holds the batch written there"
        );
    }
    let next_out = log
        .append(named(end, 10), LeaderEpoch(0), Durability::Synced)
        .await
        .expect("append after recovery");
    assert_eq!(next_out.base_offset, Offset(end as i64));
    assert_eq!(read_batches(&log, 0).len(), end + 1);
}

#[test]
fn synced_appends_survive_power_loss_and_unsynced_ones_leave_a_clean_prefix() {
    let base = seed("power_loss");
    let mut dropped_any = false;
    for round in 0..ROUNDS {
        let mut rng = base.wrapping_add(round) | 1;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p-0");
        faults::enroll(&path);
        let synced = 1 + (next(&mut rng) % 15) as usize;
        let unsynced = (next(&mut rng) % 15) as usize;
        run(write_then_crash(&path, synced, unsynced, &mut rng));
        let report = faults::power_loss(&path, next(&mut rng));
        dropped_any |= report.bytes_dropped > 0;
        run(check_recovered(&path, synced, unsynced));
    }
    assert!(
        dropped_any,
        "no round lost any unsynced byte: the layer is not cutting"
    );
}

#[test]
fn a_failed_fsync_is_never_acknowledged_and_the_log_refuses_writes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p-0");
    faults::enroll(&path);
    run(async {
        let log = open(&path).await;
        for i in 0..3 {
            log.append(named(i, 50), LeaderEpoch(0), Durability::Synced)
                .await
                .expect("healthy append");
        }
        faults::fail_next_fsyncs(&path, 1);
        let failed = log
            .append(named(3, 50), LeaderEpoch(0), Durability::Synced)
            .await
            .expect_err("an append whose fdatasync failed must not succeed");
        assert_eq!(failed.code, ErrorCode::KafkaStorageError, "{failed}");
        assert_eq!(
            log.high_watermark(),
            Offset(3),
            "nothing unsynced is exposed"
        );
        let refused = log
            .append(named(3, 50), LeaderEpoch(0), Durability::Synced)
            .await
            .expect_err("the log stays offline after a failed fdatasync");
        assert_eq!(refused.code, ErrorCode::KafkaStorageError);
        let acks1 = log
            .append(named(3, 50), LeaderEpoch(0), Durability::Written)
            .await
            .expect_err("acks=1 is refused too");
        assert_eq!(acks1.code, ErrorCode::KafkaStorageError);
        assert_eq!(
            log.read(Offset(0), u32::MAX, true).err(),
            Some(ErrorCode::KafkaStorageError),
            "an offline log serves no reads (Kafka takes the log dir offline)"
        );
    });
    // The kernel may have dropped the failed sync's pages: after a power loss the batch whose
    // sync failed may or may not be there, but the acknowledged ones are.
    faults::power_loss(&path, 7);
    run(check_recovered(&path, 3, 1));
}

/// acks=1 in durable mode syncs in the background; a failure there also takes the log offline
/// before anything unsynced becomes visible to consumers.
#[test]
fn a_failed_background_fsync_takes_the_log_offline() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p-0");
    faults::enroll(&path);
    run(async {
        let log = open(&path).await;
        log.append(named(0, 50), LeaderEpoch(0), Durability::Synced)
            .await
            .expect("healthy append");
        faults::fail_next_fsyncs(&path, 1);
        log.append(named(1, 50), LeaderEpoch(0), Durability::Written)
            .await
            .expect("written to the page cache; the sync runs in the background");
        for _ in 0..200 {
            if log
                .append(named(2, 50), LeaderEpoch(0), Durability::Written)
                .await
                .is_err()
            {
                break;
            }
            glommio::timer::sleep(std::time::Duration::from_millis(5)).await;
        }
        let refused = log
            .append(named(9, 50), LeaderEpoch(0), Durability::Synced)
            .await
            .expect_err("offline after the background sync failed");
        assert_eq!(refused.code, ErrorCode::KafkaStorageError);
        assert_eq!(
            log.high_watermark(),
            Offset(1),
            "only the synced batch was exposed"
        );
    });
}
