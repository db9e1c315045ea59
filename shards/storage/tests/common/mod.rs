//! Helpers shared by the storage integration tests.
#![allow(dead_code)]

use std::cell::Cell;
use std::future::Future;
use std::os::unix::fs::FileExt;
use std::rc::Rc;

use batch::builder::{simple_batch, BatchBuilder};
use batch::{check_batch, validate_produce_batch, BatchHeader, ValidatedBatch};
use bytes::Bytes;
use glommio::{LocalExecutorBuilder, Placement};
use storage::{LogConfig, PartitionLog};

/// Runs a test body on a fresh glommio executor with small registered io memory (the memlock
/// limit here is 8 MiB; glommio's default is 10 MiB).
pub fn run<F: Future<Output = ()>>(body: F) {
    LocalExecutorBuilder::new(Placement::Unbound)
        .io_memory(256 << 10)
        .make()
        .expect("executor")
        .run(body);
}

pub fn config() -> LogConfig {
    LogConfig {
        file_delete_delay_ms: 0,
        ..LogConfig::default()
    }
}

pub fn relaxed() -> LogConfig {
    LogConfig {
        flush_interval_messages: u64::MAX,
        ..config()
    }
}

fn validated(bytes: Vec<u8>) -> ValidatedBatch {
    validate_produce_batch(&Bytes::from(bytes), 16 << 20).expect("valid test batch")
}

pub fn batch(records: usize, value_bytes: usize, timestamp_ms: i64) -> Vec<ValidatedBatch> {
    vec![validated(simple_batch(records, value_bytes, timestamp_ms))]
}

pub fn idempotent(
    producer_id: i64,
    epoch: i16,
    sequence: i32,
    records: usize,
) -> Vec<ValidatedBatch> {
    let mut builder = BatchBuilder::new()
        .producer(producer_id, epoch, sequence)
        .base_timestamp_ms(1_000);
    for i in 0..records {
        builder = builder.record(i as i64, None, Some(b"idempotent"));
    }
    vec![validated(builder.build())]
}

pub fn timed(timestamps_ms: &[i64]) -> Vec<ValidatedBatch> {
    let base = timestamps_ms[0];
    let mut builder = BatchBuilder::new().base_timestamp_ms(base);
    for ts in timestamps_ms {
        builder = builder.record(ts - base, None, Some(b"t"));
    }
    vec![validated(builder.build())]
}

/// A settable clock for roll/retention/LogAppendTime tests.
pub fn manual_clock(log: &PartitionLog, start_ms: i64) -> Rc<Cell<i64>> {
    let now = Rc::new(Cell::new(start_ms));
    let reader = now.clone();
    log.set_clock(Rc::new(move || reader.get()));
    now
}

/// Reads everything from `offset` up to the high watermark and parses the batches (CRC-checked).
pub fn read_batches(log: &PartitionLog, offset: i64) -> Vec<BatchHeader> {
    let result = log
        .read(model::Offset(offset), u32::MAX, true)
        .expect("read");
    let buf = range_bytes(&result);
    let mut headers = Vec::new();
    let mut at = 0;
    while at < buf.len() {
        let header = BatchHeader::parse(&buf[at..]).expect("whole header");
        let size = header.batch_size();
        check_batch(&buf[at..at + size]).expect("batch on disk is valid");
        headers.push(header);
        at += size;
    }
    headers
}

/// xorshift64*, seeded and printed by each test that uses it.
pub fn next(state: &mut u64) -> u64 {
    *state ^= *state >> 12;
    *state ^= *state << 25;
    *state ^= *state >> 27;
    state.wrapping_mul(0x2545_f491_4f6c_dd1d)
}

pub fn log_files(dir: &std::path::Path, suffix: &str) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == suffix))
        .collect();
    files.sort();
    files
}

/// A test's seed: `SLUICE_TEST_SEED` to replay another, else `default` (deterministic runs).
/// Printed either way.
pub fn fixed_seed(test: &str, default: u64) -> u64 {
    let seed = std::env::var("SLUICE_TEST_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default);
    println!("{test}: seed {seed} (replay with SLUICE_TEST_SEED={seed})");
    seed
}

/// The bytes of a read's file ranges, concatenated (what a Fetch response would carry).
pub fn range_bytes(result: &storage::ReadResult) -> Bytes {
    let mut out = Vec::with_capacity(result.total_bytes() as usize);
    for range in &result.ranges {
        let mut buf = vec![0u8; range.len as usize];
        range
            .file
            .read_exact_at(&mut buf, range.position)
            .expect("pread");
        out.extend_from_slice(&buf);
    }
    Bytes::from(out)
}

/// `(file name, contents)` of every file with `suffix` in `dir`, sorted by name.
pub fn files_with(dir: &std::path::Path, suffix: &str) -> Vec<(String, Vec<u8>)> {
    log_files(dir, suffix)
        .into_iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .collect()
}
