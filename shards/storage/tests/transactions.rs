//! Transactions on the partition (issue 13): markers end a producer's transaction, the LSO
//! stops at the earliest open one, ABORTs go to the `.txnindex` of their segment, and all of it
//! comes back after a clean close, a roll, or a crash.

mod common;

use std::path::Path;
use std::rc::Rc;

use batch::builder::BatchBuilder;
use bytes::Bytes;
use common::*;
use model::{LeaderEpoch, Offset};
use storage::{Durability, LogConfig, Marker, PartitionLog, ReadLimit, Recovery};

fn txn_batch(producer_id: i64, sequence: i32, records: usize) -> Vec<batch::ValidatedBatch> {
    let mut builder = BatchBuilder::new()
        .producer(producer_id, 0, sequence)
        .attributes(0x10)
        .base_timestamp_ms(1_000);
    for i in 0..records {
        builder = builder.record(i as i64, None, Some(b"txn"));
    }
    vec![batch::validate_produce_batch(&Bytes::from(builder.build()), 1 << 20).unwrap()]
}

async fn open(path: &Path, cfg: LogConfig) -> Rc<PartitionLog> {
    PartitionLog::open(path.to_path_buf(), cfg, Recovery::Scan)
        .await
        .unwrap()
}

async fn append(log: &Rc<PartitionLog>, batches: Vec<batch::ValidatedBatch>) {
    log.append(batches, LeaderEpoch(0), Durability::Synced)
        .await
        .unwrap();
}

async fn mark(log: &Rc<PartitionLog>, producer_id: i64, commit: bool) -> i64 {
    let marker = Marker {
        commit,
        coordinator_epoch: 0,
    };
    let outcome = log
        .append_marker(producer_id, 0, marker, LeaderEpoch(0))
        .await
        .unwrap();
    log.append_durable(&outcome, Durability::Synced)
        .await
        .unwrap();
    outcome.base_offset.0
}

/// 0..=2 producer 1 (aborted at 5), 3..=4 producer 2 (committed at 6), then producer 3 open
/// from 7 (after a roll when `roll`).
async fn write(log: &Rc<PartitionLog>, roll: bool) {
    append(log, txn_batch(1, 0, 3)).await;
    append(log, txn_batch(2, 0, 2)).await;
    assert_eq!(log.last_stable_offset(), Offset(0));
    assert_eq!(mark(log, 1, false).await, 5);
    assert_eq!(log.last_stable_offset(), Offset(3));
    assert_eq!(mark(log, 2, true).await, 6);
    assert_eq!(log.last_stable_offset(), Offset(7));
    if roll {
        // `segment.ms` has passed: the next append starts a new segment.
        manual_clock(log, 1_000_000);
    }
    append(log, txn_batch(3, 0, 1)).await;
    append(log, batch(1, 10, 0)).await;
}

fn check(log: &PartitionLog) {
    assert_eq!(log.log_end_offset(), Offset(9));
    assert_eq!(log.last_stable_offset(), Offset(7));
    assert_eq!(log.aborted_transactions(0, 9), vec![(1, 0)]);
    assert!(log.aborted_transactions(6, 9).is_empty());
    // read_committed stops at the open transaction's first batch.
    let read = log
        .read_up_to(Offset(0), 1 << 20, true, ReadLimit::LastStable)
        .unwrap();
    let headers = read_batches(log, 0);
    let stable_bytes: u64 = headers
        .iter()
        .filter(|h| h.base_offset < 7)
        .map(|h| h.batch_size() as u64)
        .sum();
    assert_eq!(read.total_bytes(), stable_bytes);
    let open = log.producers();
    let p3 = open.iter().find(|p| p.producer_id == 3).unwrap();
    assert_eq!(p3.current_txn_start_offset, 7);
}

#[test]
fn markers_lso_and_aborted_index_survive_close_and_crash() {
    run(async {
        for (roll, crash) in [(false, false), (true, false), (false, true), (true, true)] {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("txn");
            let cfg = LogConfig {
                segment_ms: 100,
                ..config()
            };
            {
                let log = open(&path, cfg.clone()).await;
                manual_clock(&log, 10_000);
                write(&log, roll).await;
                check(&log);
                if !crash {
                    log.close().await.unwrap();
                }
            }
            let log = open(&path, cfg).await;
            check(&log);
            assert_eq!(log.segment_count(), if roll { 2 } else { 1 });
            if roll {
                // The rolled segment's aborted transaction is in its .txnindex (34 bytes).
                let files = files_with(&path, "txnindex");
                assert_eq!(files.len(), 1, "roll {roll} crash {crash}");
                assert_eq!(files[0].1.len(), 34);
            }
            // A later abort of producer 3 frees the LSO.
            mark(&log, 3, false).await;
            assert_eq!(log.last_stable_offset(), log.high_watermark());
            assert_eq!(log.aborted_transactions(0, 100), vec![(1, 0), (3, 7)]);
        }
    });
}
