//! Appending 16 × 1 KiB-record batches to a PartitionLog with relaxed durability (page cache
//! writes through io_uring, no fdatasync on the path), one append awaited at a time.

use std::time::{Duration, Instant};

use batch::builder::simple_batch;
use batch::validate_produce_batch;
use bytes::Bytes;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use glommio::{LocalExecutorBuilder, Placement};
use model::LeaderEpoch;
use storage::{Durability, LogConfig, PartitionLog, Recovery};

const RECORDS_PER_BATCH: usize = 16;
const RECORD_VALUE_BYTES: usize = 1024;
/// Keeps the bench's disk use bounded: retention runs every this many appends.
const RETENTION_EVERY_APPENDS: u64 = 4096;

fn bench(c: &mut Criterion) {
    let executor = LocalExecutorBuilder::new(Placement::Unbound)
        .io_memory(1 << 20)
        .make()
        .expect("executor");
    let dir = tempfile::tempdir().expect("temp dir");
    let config = LogConfig {
        segment_bytes: 64 << 20,
        retention_bytes: 256 << 20,
        flush_interval_messages: u64::MAX,
        file_delete_delay_ms: 0,
        ..LogConfig::default()
    };
    let log = executor
        .run(PartitionLog::open(
            dir.path().join("bench-0"),
            config,
            Recovery::Scan,
        ))
        .expect("open");
    let bytes = Bytes::from(simple_batch(
        RECORDS_PER_BATCH,
        RECORD_VALUE_BYTES,
        1_700_000_000_000,
    ));
    let batch = validate_produce_batch(&bytes, 2 << 20).expect("valid");

    let mut group = c.benchmark_group("log_append");
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("16x1KiB_relaxed", |b| {
        b.iter_custom(|iters| {
            executor.run(async {
                let mut elapsed = Duration::ZERO;
                for i in 0..iters {
                    let start = Instant::now();
                    log.append(vec![batch.clone()], LeaderEpoch(0), Durability::Written)
                        .await
                        .expect("append");
                    elapsed += start.elapsed();
                    if i % RETENTION_EVERY_APPENDS == RETENTION_EVERY_APPENDS - 1 {
                        log.enforce_retention(0).await.expect("retention");
                    }
                }
                elapsed
            })
        })
    });
    group.finish();
    executor.run(log.close()).expect("close");
}

criterion_group!(benches, bench);
criterion_main!(benches);
