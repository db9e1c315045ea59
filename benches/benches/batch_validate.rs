//! Produce-path validation of one batch: header checks, CRC32C over the whole batch, and the
//! walk over the record lengths (decompressing, bounded, for compressed batches).

use batch::builder::{simple_batch, BatchBuilder};
use batch::{validate_produce_batch, Compression};
use bytes::Bytes;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

/// Records of 1 KiB, as in the log_append bench.
const RECORD_VALUE_BYTES: usize = 1024;
/// Cap handed to validation: above every batch here, as a topic's max.message.bytes would be.
const MAX_BATCH_BYTES: usize = 2 << 20;

fn uncompressed(c: &mut Criterion) {
    let mut group = c.benchmark_group("batch_validate");
    for (name, records) in [("16KiB", 16), ("1MiB", 1024)] {
        let bytes = Bytes::from(simple_batch(records, RECORD_VALUE_BYTES, 1_700_000_000_000));
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| {
                validate_produce_batch(std::hint::black_box(&bytes), MAX_BATCH_BYTES)
                    .expect("valid")
            })
        });
    }
    group.finish();
}

/// Records that compress like typical text/JSON payloads (not all-equal bytes): a repeating
/// 64-byte pattern with a per-record counter.
fn text_like_batch(records: usize) -> BatchBuilder {
    (0..records).fold(
        BatchBuilder::new().base_timestamp_ms(1_700_000_000_000),
        |b, i| {
            let value: Vec<u8> = format!("{{\"id\":{i},\"payload\":\"")
                .bytes()
                .chain(
                    (0..RECORD_VALUE_BYTES)
                        .map(|j| b"abcdefghijklmnopqrstuvwxyz0123456789"[(i + j * 7) % 36]),
                )
                .collect();
            b.record(i as i64, Some(format!("key-{i}").as_bytes()), Some(&value))
        },
    )
}

/// Throughput is reported in *decompressed* record bytes, the work the walk does.
fn compressed(c: &mut Criterion) {
    let mut group = c.benchmark_group("batch_validate_compressed");
    for records in [16, 1024] {
        let builder = text_like_batch(records);
        let raw_bytes = builder.build().len();
        for codec in [
            Compression::Gzip,
            Compression::Snappy,
            Compression::Lz4,
            Compression::Zstd,
        ] {
            let bytes = Bytes::from(builder.build_compressed(codec));
            group.throughput(Throughput::Bytes(raw_bytes as u64));
            group.bench_function(format!("{codec:?}/{}KiB", raw_bytes >> 10), |b| {
                b.iter(|| {
                    validate_produce_batch(std::hint::black_box(&bytes), MAX_BATCH_BYTES)
                        .expect("valid")
                })
            });
        }
    }
    group.finish();
}

criterion_group!(benches, uncompressed, compressed);
criterion_main!(benches);
