//! Appending 16 × 1 KiB-record batches to a PartitionLog with relaxed durability (page cache
//! writes through io_uring, no fdatasync on the path), one append awaited at a time; and
//! durably (fdatasync before ack) from 8 concurrent producers sharing group commits.

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
/// Producers appending at once in the durable (acks=all) case; they share fdatasyncs.
const CONCURRENT_PRODUCERS: u64 = 8;
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
    group.bench_function("16x1KiB_synced_8_concurrent", |b| {
        b.iter_custom(|iters| {
            executor.run(async {
                log.set_config(LogConfig {
                    flush_interval_messages: 1,
                    ..log.config()
                });
                let start = Instant::now();
                let tasks: Vec<_> = (0..CONCURRENT_PRODUCERS)
                    .map(|p| {
                        let log = log.clone();
                        let batch = batch.clone();
                        let appends = iters / CONCURRENT_PRODUCERS
                            + u64::from(p < iters % CONCURRENT_PRODUCERS);
                        glommio::spawn_local(async move {
                            for _ in 0..appends {
                                log.append(vec![batch.clone()], LeaderEpoch(0), Durability::Synced)
                                    .await
                                    .expect("append");
                            }
                        })
                    })
                    .collect();
                for task in tasks {
                    task.await;
                }
                let elapsed = start.elapsed();
                log.enforce_retention(0).await.expect("retention");
                elapsed
            })
        })
    });
    group.finish();
    println!("log_append: {} fdatasyncs in total", log.sync_count());
    executor.run(log.close()).expect("close");
}

criterion_group!(benches, bench);
criterion_main!(benches);
