//! `PartitionLog::read` position lookup: a fetch at a random offset in a log of many segments,
//! each with a sparse index (4 KiB interval): segment map lookup, index binary search, and a
//! header scan of at most one index interval through the page cache.

use batch::builder::simple_batch;
use batch::validate_produce_batch;
use bytes::Bytes;
use criterion::{criterion_group, criterion_main, Criterion};
use glommio::{LocalExecutorBuilder, Placement};
use model::{LeaderEpoch, Offset};
use storage::{Durability, LogConfig, PartitionLog, Recovery};

/// 32 MiB of ~1 KiB batches in 1 MiB segments: 32 segments, ~250 index entries each.
const BATCHES: usize = 32 * 1024;
const FETCH_MAX_BYTES: u32 = 64 << 10;

fn next(state: &mut u64) -> u64 {
    *state ^= *state >> 12;
    *state ^= *state << 25;
    *state ^= *state >> 27;
    state.wrapping_mul(0x2545_f491_4f6c_dd1d)
}

fn bench(c: &mut Criterion) {
    let executor = LocalExecutorBuilder::new(Placement::Unbound)
        .io_memory(1 << 20)
        .make()
        .expect("executor");
    let dir = tempfile::tempdir().expect("temp dir");
    let config = LogConfig {
        segment_bytes: 1 << 20,
        flush_interval_messages: u64::MAX,
        ..LogConfig::default()
    };
    let log = executor.run(async {
        let log = PartitionLog::open(dir.path().join("lookup-0"), config, Recovery::Scan)
            .await
            .expect("open");
        let bytes = Bytes::from(simple_batch(1, 960, 1_700_000_000_000));
        let batch = validate_produce_batch(&bytes, 2 << 20).expect("valid");
        for _ in 0..BATCHES {
            log.append(vec![batch.clone()], LeaderEpoch(0), Durability::Written)
                .await
                .expect("append");
        }
        log
    });
    let end = log.log_end_offset().0 as u64;
    let mut rng = 0x1dec_0de5_u64;
    println!(
        "index_lookup: {} segments, {end} offsets, seed 0x1dec0de5",
        log.segment_count()
    );
    c.bench_function("index_lookup/read_64KiB_at_random_offset", |b| {
        b.iter(|| {
            let offset = Offset((next(&mut rng) % end) as i64);
            log.read(offset, FETCH_MAX_BYTES, true).expect("read")
        })
    });
    executor.run(log.close()).expect("close");
}

criterion_group!(benches, bench);
criterion_main!(benches);
