//! Produce-path validation of one batch (header checks + CRC32C over the whole batch).

use batch::builder::simple_batch;
use batch::validate_produce_batch;
use bytes::Bytes;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

/// Records of 1 KiB, as in the log_append bench.
const RECORD_VALUE_BYTES: usize = 1024;

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("batch_validate");
    for (name, records) in [("16KiB", 16), ("1MiB", 1024)] {
        let bytes = Bytes::from(simple_batch(records, RECORD_VALUE_BYTES, 1_700_000_000_000));
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| validate_produce_batch(std::hint::black_box(&bytes), 2 << 20).expect("valid"))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
