//! Opening a partition log over arbitrary directory contents must never panic, and the opened
//! log must take appends at its recovered end and serve them back.
//!
//! Input: byte 0 picks the recovery mode (bits 0-1: Scan, Clean, Auto) and bit 2 asks the
//! harness to fix the CRC of every framed batch in segment files (so the fuzzer reaches
//! offset, index and producer-state logic past the checksum). Then files, each
//! `[kind][len lo][len hi][len bytes]`: kind's low 3 bits say which file (segment log, offset
//! index, time index, producer snapshot, recovery point, leader-epoch checkpoint, clean-shutdown
//! marker) and its high bits which of four base offsets it is named after.
#![no_main]


use std::cell::RefCell;
use std::os::unix::fs::FileExt;
use std::path::Path;

use batch::builder::simple_batch;
use batch::{check_stored_batch, validate_produce_batch, BatchHeader, BATCH_HEADER_BYTES};
use bytes::Bytes;
use glommio::{LocalExecutor, LocalExecutorBuilder, Placement};
use libfuzzer_sys::fuzz_target;
use model::{LeaderEpoch, Offset};
use storage::{Durability, LogConfig, PartitionLog, Recovery};

/// Base offsets segment files are named after: 0, a small one, and two far apart.
const BASES: [i64; 4] = [0, 3, 100, 1 << 33];
/// CRC field and the start of the bytes it covers, from Kafka's v2 batch layout.
const CRC_AT: usize = 17;
const ATTRIBUTES_AT: usize = 21;

thread_local! {
    /// One executor for the whole run: making one per input costs an io_uring setup each.
    static EXECUTOR: RefCell<Option<LocalExecutor>> = const { RefCell::new(None) };
}

fuzz_target!(|data: &[u8]| {
    let Some((&flags, files)) = data.split_first() else {
        return;
    };
    let recovery = match flags & 3 {
        0 | 3 => Recovery::Scan,
        1 => Recovery::Clean,
        _ => Recovery::Auto,
    };
    let root = tempfile::Builder::new()
        .prefix("sluice-fuzz-")
        .tempdir_in(scratch_dir())
        .expect("temp dir");
    let dir = root.path().join("t-0");
    std::fs::create_dir(&dir).unwrap();
    let has_recovery_point = write_files(&dir, files, flags & 4 != 0);
    // Batches below a persisted recovery point (or in a clean log) are trusted, not CRC-checked,
    // as in Kafka; only a full scan promises that every served batch is intact.
    let full_scan = recovery == Recovery::Scan && !has_recovery_point;
    EXECUTOR.with(|cell| {
        let mut cell = cell.borrow_mut();
        let executor = cell.get_or_insert_with(|| {
            LocalExecutorBuilder::new(Placement::Unbound)
                .io_memory(256 << 10)
                .make()
                .expect("executor")
        });
        executor.run(check_log(&dir, recovery, full_scan));
    });
});

fn scratch_dir() -> &'static Path {
    // tmpfs makes the fdatasyncs of recovery and append cheap.
    let shm = Path::new("/dev/shm");
    if shm.is_dir() {
        shm
    } else {
        Path::new("/tmp")
    }
}

/// Writes the files the input describes; returns whether a recovery-point file was written.
fn write_files(dir: &Path, mut input: &[u8], fix_crc: bool) -> bool {
    let mut has_recovery_point = false;
    while let [kind, lo, hi, rest @ ..] = input {
        let len = usize::from(u16::from_le_bytes([*lo, *hi])).min(rest.len());
        let (contents, tail) = rest.split_at(len);
        input = tail;
        let base = BASES[usize::from(kind >> 3) % BASES.len()];
        let name = match kind & 7 {
            0 => format!("{base:020}.log"),
            1 => format!("{base:020}.index"),
            2 => format!("{base:020}.timeindex"),
            3 => format!("{base:020}.snapshot"),
            4 => {
                has_recovery_point = true;
                "recovery-point".to_string()
            }
            5 => "leader-epoch-checkpoint".to_string(),
            _ => "clean-shutdown".to_string(),
        };
        let mut contents = contents.to_vec();
        if fix_crc && kind & 7 == 0 {
            fix_crcs(&mut contents);
        }
        std::fs::write(dir.join(name), contents).unwrap();
    }
    has_recovery_point
}

async fn check_log(dir: &Path, recovery: Recovery, full_scan: bool) {
    let log = PartitionLog::open(dir.to_path_buf(), LogConfig::default(), recovery)
        .await
        .expect("a log opens whatever its files hold");
    let end = log.log_end_offset();
    assert!(log.log_start_offset() <= end);
    assert_eq!(log.high_watermark(), end, "recovered data is all readable");
    if full_scan {
        assert_served_batches_valid(&log, log.log_start_offset(), end);
    }
    let batch = validate_produce_batch(&Bytes::from(simple_batch(2, 10, 1_000)), 1 << 20)
        .expect("valid batch");
    let outcome = log
        .append(vec![batch], LeaderEpoch(0), Durability::Synced)
        .await
        .expect("append after recovery");
    assert_eq!(
        outcome.base_offset, end,
        "appends continue at the recovered end"
    );
    assert_eq!(outcome.last_offset, Offset(end.0 + 1));
    let headers = assert_served_batches_valid(&log, end, Offset(end.0 + 2));
    assert_eq!(headers.first().map(|h| h.base_offset), Some(end.0));
}

/// Reads from `from` to the high watermark; every whole batch served must pass `check_stored_batch`
/// and lie in [from's batch, hw). Returns the headers.
fn assert_served_batches_valid(log: &PartitionLog, from: Offset, hw: Offset) -> Vec<BatchHeader> {
    let result = log.read(from, u32::MAX, true).expect("read within the log");
    let mut headers = Vec::new();
    for range in &result.ranges {
        let mut buf = vec![0u8; range.len as usize];
        range
            .file
            .read_exact_at(&mut buf, range.position)
            .expect("pread");
        let mut at = 0;
        while let Some(header) = BatchHeader::parse(&buf[at..]) {
            let size = header.batch_size();
            if size > buf.len() - at {
                break; // a trailing partial batch is allowed by the fetch contract
            }
            // Read back from a log: compaction leaves fewer records than the offset range,
            // so served batches are held to the stored-batch rules (as recovery checks them).
            check_stored_batch(&buf[at..at + size]).expect("a served batch is intact");
            assert!(
                header.last_offset() < hw.0,
                "served past the high watermark"
            );
            headers.push(header);
            at += size;
        }
    }
    headers
}

/// Walks the frames (base offset, batch length) and rewrites each CRC to match its bytes.
fn fix_crcs(records: &mut [u8]) {
    let mut at = 0usize;
    while let Some(header) = BatchHeader::parse(&records[at..]) {
        let size = header.batch_size();
        if size < BATCH_HEADER_BYTES || size > records.len() - at {
            return;
        }
        let batch = &mut records[at..at + size];
        let crc = crc32c::crc32c(&batch[ATTRIBUTES_AT..]);
        batch[CRC_AT..CRC_AT + 4].copy_from_slice(&crc.to_be_bytes());
        at += size;
    }
}
