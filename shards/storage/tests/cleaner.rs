//! The log cleaner: seeded property tests against a model (latest value per key, offsets
//! preserved, batches valid), tombstone retention, the crash-safe swap, and a follower
//! replicating a compacted leader.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::rc::Rc;

use batch::builder::BatchBuilder;
use batch::{check_stored_batch, validate_produce_batch, BatchHeader, Compression};
use bytes::Bytes;
use common::{fixed_seed, manual_clock, next, range_bytes, run};
use model::{LeaderEpoch, Offset};
use storage::{
    Durability, HighWatermarkMode, IoThrottle, LogConfig, PartitionLog, ReadLimit, Recovery,
    TxnView,
};

/// A record as read back: (offset, key, value; `None` = tombstone).
type Record = (i64, Option<Vec<u8>>, Option<Vec<u8>>);

fn compacted() -> LogConfig {
    LogConfig {
        compact: true,
        segment_bytes: 4096,
        file_delete_delay_ms: 0,
        delete_retention_ms: i64::MAX,
        min_cleanable_dirty_ratio_ppm: 0,
        ..LogConfig::default()
    }
}

/// Every record from the log start up to `limit`, each batch CRC-checked as stored.
fn read_records(log: &PartitionLog, limit: ReadLimit) -> Vec<Record> {
    let result = log
        .read_up_to(log.log_start_offset(), u32::MAX, true, limit)
        .expect("read");
    records_of(&range_bytes(&result))
}

fn records_of(buf: &[u8]) -> Vec<Record> {
    let mut out = Vec::new();
    let mut at = 0;
    let mut next_offset = i64::MIN;
    while at < buf.len() {
        let header = BatchHeader::parse(&buf[at..]).expect("whole header");
        let size = header.batch_size();
        let bytes = &buf[at..at + size];
        check_stored_batch(bytes).expect("stored batch is valid");
        assert!(header.base_offset >= next_offset, "batches ascend");
        next_offset = header.next_offset();
        let section = batch::records_section(bytes, 1 << 26).expect("records");
        let spans = batch::record_spans(&section, header.records_count).expect("spans");
        for span in spans {
            let key = span.key.clone().map(|k| section[k].to_vec());
            let value = (!span.value_is_null).then(|| value_of(&section[span.bytes.clone()]));
            out.push((
                header.base_offset + i64::from(span.offset_delta),
                key,
                value,
            ));
        }
        at += size;
    }
    out
}

/// The value of one encoded record (length varint through headers).
fn value_of(record: &[u8]) -> Vec<u8> {
    fn varint(buf: &[u8], at: &mut usize) -> i64 {
        let mut raw = 0u64;
        let mut shift = 0;
        loop {
            let b = buf[*at];
            *at += 1;
            raw |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return (raw >> 1) as i64 ^ -((raw & 1) as i64);
            }
            shift += 7;
        }
    }
    let mut at = 0;
    varint(record, &mut at); // length
    at += 1; // attributes
    varint(record, &mut at); // timestamp delta
    varint(record, &mut at); // offset delta
    let key_len = varint(record, &mut at);
    if key_len > 0 {
        at += key_len as usize;
    }
    let value_len = varint(record, &mut at) as usize;
    record[at..at + value_len].to_vec()
}

/// One produce batch of (key, value) records at `timestamp_ms`.
fn keyed(
    records: &[(Vec<u8>, Option<Vec<u8>>)],
    timestamp_ms: i64,
    codec: Compression,
) -> Vec<batch::ValidatedBatch> {
    let mut builder = BatchBuilder::new().base_timestamp_ms(timestamp_ms);
    for (i, (key, value)) in records.iter().enumerate() {
        builder = builder.record(i as i64, Some(key), value.as_deref());
    }
    let bytes = Bytes::from(builder.build_compressed(codec));
    vec![validate_produce_batch(&bytes, 16 << 20).expect("valid batch")]
}

/// The model: key → (offset, value) of its latest record.
fn latest(records: &[Record]) -> BTreeMap<Vec<u8>, (i64, Option<Vec<u8>>)> {
    let mut model = BTreeMap::new();
    for (offset, key, value) in records {
        if let Some(key) = key {
            model.insert(key.clone(), (*offset, value.clone()));
        }
    }
    model
}

async fn clean(log: &Rc<PartitionLog>, now_ms: i64, entries: usize) -> Option<storage::CleanStats> {
    let mut throttle = IoThrottle::new(f64::INFINITY);
    log.clean(now_ms, entries, &mut throttle, &TxnView::default())
        .await
        .expect("clean")
}

/// Writes `batches` random batches over `keys` keys (some tombstones, mixed codecs).
async fn write_random(
    log: &Rc<PartitionLog>,
    rng: &mut u64,
    batches: usize,
    keys: u64,
    now_ms: i64,
) {
    let codecs = [
        Compression::None,
        Compression::Lz4,
        Compression::Zstd,
        Compression::Gzip,
    ];
    for _ in 0..batches {
        let count = 1 + (next(rng) % 8) as usize;
        let records: Vec<_> = (0..count)
            .map(|_| {
                let key = format!("key-{}", next(rng) % keys).into_bytes();
                let value = (!next(rng).is_multiple_of(10))
                    .then(|| format!("value-{}", next(rng)).into_bytes());
                (key, value)
            })
            .collect();
        let codec = codecs[(next(rng) % codecs.len() as u64) as usize];
        log.append(
            keyed(&records, now_ms, codec),
            LeaderEpoch(0),
            Durability::Synced,
        )
        .await
        .expect("append");
    }
}

/// After cleaning, the records below the cleaned end are exactly the model's latest per key
/// (tombstones kept: retention is infinite), at their original offsets; above it, untouched.
fn check_compacted(before: &[Record], after: &[Record], end_offset: i64) {
    let model = latest(before);
    let kept_below: Vec<_> = after.iter().filter(|r| r.0 < end_offset).cloned().collect();
    for (offset, key, value) in &kept_below {
        let key = key.as_ref().expect("keyless records are removed");
        let (latest_offset, latest_value) = &model[key];
        // A record below the end survives only if no later record of its key was mapped.
        let superseded_in_map = before
            .iter()
            .any(|r| r.1.as_ref() == Some(key) && r.0 > *offset && r.0 < end_offset);
        assert!(!superseded_in_map, "offset {offset} superseded but kept");
        if offset == latest_offset {
            assert_eq!(value, latest_value);
        }
    }
    let above_before: Vec<_> = before
        .iter()
        .filter(|r| r.0 >= end_offset)
        .cloned()
        .collect();
    let above_after: Vec<_> = after
        .iter()
        .filter(|r| r.0 >= end_offset)
        .cloned()
        .collect();
    assert_eq!(
        above_before, above_after,
        "records past the cleaned end are untouched"
    );
    // Every key's latest record is still there, at its offset.
    for (key, (offset, value)) in &model {
        let found = after
            .iter()
            .find(|r| r.0 == *offset)
            .expect("latest record kept");
        assert_eq!((found.1.as_ref(), &found.2), (Some(key), value));
    }
    // Offsets only ever disappear, never move.
    let before_offsets: std::collections::BTreeSet<i64> = before.iter().map(|r| r.0).collect();
    assert!(after.iter().all(|r| before_offsets.contains(&r.0)));
}

#[test]
fn cleaning_keeps_the_latest_record_per_key_at_its_offset() {
    let seed = fixed_seed(
        "cleaning_keeps_the_latest_record_per_key_at_its_offset",
        0x5eed_c1ea,
    );
    for round in 0..6u64 {
        run(async move {
            let mut rng = seed ^ (round.wrapping_mul(0x9e37_79b9_7f4a_7c15)) | 1;
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("t-0");
            let log = PartitionLog::open(path.clone(), compacted(), Recovery::Auto)
                .await
                .unwrap();
            let now = 1_000_000;
            manual_clock(&log, now);
            let keys = 20 + next(&mut rng) % 60;
            write_random(&log, &mut rng, 200, keys, now).await;
            let before = read_records(&log, ReadLimit::HighWatermark);
            let segments_before = log.segment_count();
            // A small key map in some rounds: the pass stops early and the next goes on.
            let entries = if round % 2 == 0 { 1 << 20 } else { 30 };
            let mut passes = 0;
            let mut end = 0;
            while let Some(stats) = clean(&log, now, entries).await {
                assert!(!stats.abandoned);
                let after = read_records(&log, ReadLimit::HighWatermark);
                check_compacted(&before, &after, stats.end_offset);
                assert!(stats.end_offset >= end);
                end = stats.end_offset;
                passes += 1;
                if log.cleanable(now).is_none_or(|c| c.dirty_bytes == 0) || passes > 50 {
                    break;
                }
            }
            assert!(passes >= 1);
            let after = read_records(&log, ReadLimit::HighWatermark);
            assert!(
                after.len() < before.len(),
                "round {round}: something was removed"
            );
            assert!(log.segment_count() <= segments_before);
            assert_eq!(log.log_end_offset().0, before.last().unwrap().0 + 1);
            // Reopen, clean and after a crash: the same records.
            log.close().await.unwrap();
            for recovery in [Recovery::Auto, Recovery::Scan] {
                let log = PartitionLog::open(path.clone(), compacted(), recovery)
                    .await
                    .unwrap();
                assert_eq!(read_records(&log, ReadLimit::HighWatermark), after);
                assert_eq!(log.cleaner_checkpoint(), end, "checkpoint survives");
                log.close().await.unwrap();
            }
            let checkpoint =
                std::fs::read_to_string(dir.path().join("cleaner-offset-checkpoint")).unwrap();
            assert_eq!(checkpoint, format!("0\n1\nt 0 {end}\n"));
        });
    }
}

#[test]
fn tombstones_go_after_delete_retention_ms_once_clean() {
    run(async {
        let dir = tempfile::tempdir().unwrap();
        let config = LogConfig {
            delete_retention_ms: 60_000,
            ..compacted()
        };
        let log = PartitionLog::open(dir.path().join("t-0"), config, Recovery::Auto)
            .await
            .unwrap();
        let clock = manual_clock(&log, 1_000_000);
        let k = |s: &str| s.as_bytes().to_vec();
        let t0 = 1_000_000;
        log.append(
            keyed(
                &[(k("a"), Some(k("1"))), (k("b"), Some(k("2")))],
                t0,
                Compression::None,
            ),
            LeaderEpoch(0),
            Durability::Synced,
        )
        .await
        .unwrap();
        log.append(
            keyed(&[(k("a"), None)], t0, Compression::None),
            LeaderEpoch(0),
            Durability::Synced,
        )
        .await
        .unwrap();
        // Fill segments so the tombstone is not in the active one.
        for i in 0..40 {
            log.append(
                keyed(
                    &[(k(&format!("x{i}")), Some(vec![b'v'; 200]))],
                    t0,
                    Compression::None,
                ),
                LeaderEpoch(0),
                Durability::Synced,
            )
            .await
            .unwrap();
        }
        let stats = clean(&log, t0, 1 << 20).await.unwrap();
        let records = read_records(&log, ReadLimit::HighWatermark);
        assert!(
            records.iter().any(|r| r.1 == Some(k("a")) && r.2.is_none()),
            "tombstone kept while dirty"
        );
        assert!(
            !records.iter().any(|r| r.1 == Some(k("a")) && r.2.is_some()),
            "the value it deletes is gone"
        );
        assert_eq!(
            records
                .iter()
                .filter(|r| r.0 < stats.end_offset && r.1 == Some(k("b")))
                .count(),
            1
        );
        // Clean again within delete.retention.ms: still there; not due yet either.
        assert!(!log.cleanable(t0 + 59_000).unwrap().due);
        clean(&log, t0 + 59_000, 1 << 20).await;
        assert!(read_records(&log, ReadLimit::HighWatermark)
            .iter()
            .any(|r| r.1 == Some(k("a"))));
        // Past it: due whatever the dirty ratio, and the tombstone goes.
        clock.set(t0 + 61_000);
        assert!(log.cleanable(t0 + 61_000).unwrap().due);
        let stats = clean(&log, t0 + 61_000, 1 << 20).await.unwrap();
        assert_eq!(stats.tombstones_removed, 1);
        let records = read_records(&log, ReadLimit::HighWatermark);
        assert!(!records.iter().any(|r| r.1 == Some(k("a"))));
        assert!(records.iter().any(|r| r.1 == Some(k("b"))));
        log.close().await.unwrap();
    });
}

#[test]
fn min_compaction_lag_and_the_active_segment_are_never_cleaned() {
    run(async {
        let dir = tempfile::tempdir().unwrap();
        let config = LogConfig {
            min_compaction_lag_ms: 10_000,
            ..compacted()
        };
        let log = PartitionLog::open(dir.path().join("t-0"), config, Recovery::Auto)
            .await
            .unwrap();
        let k = |s: &str| s.as_bytes().to_vec();
        let t0 = 1_000_000;
        manual_clock(&log, t0);
        for _ in 0..40 {
            log.append(
                keyed(&[(k("same"), Some(vec![b'v'; 200]))], t0, Compression::None),
                LeaderEpoch(0),
                Durability::Synced,
            )
            .await
            .unwrap();
        }
        let before = read_records(&log, ReadLimit::HighWatermark);
        // Too young: nothing cleanable.
        let c = log.cleanable(t0 + 5_000).unwrap();
        assert_eq!(c.dirty_bytes, 0);
        clean(&log, t0 + 5_000, 1 << 20).await;
        assert_eq!(read_records(&log, ReadLimit::HighWatermark), before);
        // Old enough: everything but the active segment collapses to the latest record, which
        // is in the active segment, so only the active segment's records and empty batches stay.
        clean(&log, t0 + 20_000, 1 << 20).await.unwrap();
        let after = read_records(&log, ReadLimit::HighWatermark);
        let active_base = before.len() as i64 - after.len() as i64;
        assert!(after.len() < before.len());
        assert!(after.iter().all(|r| r.0 >= active_base));
        assert_eq!(after.last(), before.last());
        log.close().await.unwrap();
    });
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

#[test]
fn an_interrupted_swap_is_finished_or_forgotten_on_open() {
    let seed = fixed_seed("an_interrupted_swap_is_finished_or_forgotten_on_open", 77);
    run(async move {
        let mut rng = seed;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t-0");
        let log = PartitionLog::open(path.clone(), compacted(), Recovery::Auto)
            .await
            .unwrap();
        write_random(&log, &mut rng, 120, 10, 1_000).await;
        let before = read_records(&log, ReadLimit::HighWatermark);
        // The state a kill -9 leaves just before the swap: a copy of the files (no clean
        // shutdown marker).
        let saved = dir.path().join("saved");
        copy_dir(&path, &saved);
        let stats = clean(&log, 1_000, 1 << 20).await.unwrap();
        let after = read_records(&log, ReadLimit::HighWatermark);
        let cleaned_bases: Vec<_> = common::log_files(&path, "log");
        log.close().await.unwrap();
        let first = &cleaned_bases[0];

        // 1. Killed after `.cleaned` was written: open forgets it, the log is the old one.
        let crash1 = dir.path().join("crash1").join("t-0");
        copy_dir(&saved, &crash1);
        let name = first.file_name().unwrap().to_string_lossy().to_string();
        std::fs::copy(first, crash1.join(format!("{name}.cleaned"))).unwrap();
        let reopened = PartitionLog::open(crash1.clone(), compacted(), Recovery::Auto)
            .await
            .unwrap();
        assert_eq!(read_records(&reopened, ReadLimit::HighWatermark), before);
        assert!(common::log_files(&crash1, "cleaned").is_empty());
        reopened.close().await.unwrap();

        // 2. Killed after the rename to `.swap`: open finishes the swap.
        let crash2 = dir.path().join("crash2").join("t-0");
        copy_dir(&saved, &crash2);
        // Only the first group's output is used: the covered originals are those before the
        // next cleaned segment's base.
        std::fs::copy(first, crash2.join(format!("{name}.swap"))).unwrap();
        let reopened = PartitionLog::open(crash2.clone(), compacted(), Recovery::Auto)
            .await
            .unwrap();
        let got = read_records(&reopened, ReadLimit::HighWatermark);
        let first_end = cleaned_bases.get(1).map(|p| {
            p.file_stem()
                .unwrap()
                .to_string_lossy()
                .parse::<i64>()
                .unwrap()
        });
        let expected: Vec<Record> = after
            .iter()
            .filter(|r| first_end.is_none_or(|end| r.0 < end))
            .chain(
                before
                    .iter()
                    .filter(|r| first_end.is_some_and(|end| r.0 >= end)),
            )
            .cloned()
            .collect();
        assert_eq!(got, expected);
        assert!(common::log_files(&crash2, "swap").is_empty());
        assert_eq!(reopened.log_end_offset().0, before.last().unwrap().0 + 1);
        reopened.close().await.unwrap();
        assert!(stats.end_offset > 0);
    });
}

#[test]
fn a_follower_replicates_a_compacted_leader_with_its_gaps() {
    let seed = fixed_seed("a_follower_replicates_a_compacted_leader_with_its_gaps", 99);
    run(async move {
        let mut rng = seed;
        let dir = tempfile::tempdir().unwrap();
        let leader = PartitionLog::open(dir.path().join("l-0"), compacted(), Recovery::Auto)
            .await
            .unwrap();
        write_random(&leader, &mut rng, 150, 12, 1_000).await;
        clean(&leader, 1_000, 1 << 20).await.unwrap();
        let follower = PartitionLog::open_in_mode(
            dir.path().join("f-0"),
            compacted(),
            Recovery::Auto,
            HighWatermarkMode::Replicated,
        )
        .await
        .unwrap();
        // Fetch in small pieces, as a follower does, from its log end.
        loop {
            let at = follower.log_end_offset();
            if at >= leader.log_end_offset() {
                break;
            }
            let read = leader.read_up_to(at, 700, true, ReadLimit::LogEnd).unwrap();
            let appended = follower
                .append_as_follower(range_bytes(&read))
                .await
                .unwrap();
            assert!(appended.batches > 0);
            follower.flush().await.unwrap();
        }
        follower
            .set_high_watermark(follower.log_end_offset())
            .unwrap();
        assert_eq!(follower.log_end_offset(), leader.log_end_offset());
        assert_eq!(
            read_records(&follower, ReadLimit::HighWatermark),
            read_records(&leader, ReadLimit::HighWatermark)
        );
        // The follower cleans its own copy independently: the latest values stay the same.
        clean(&follower, 1_000, 1 << 20).await;
        assert_eq!(
            latest(&read_records(&follower, ReadLimit::HighWatermark)),
            latest(&read_records(&leader, ReadLimit::HighWatermark))
        );
        // Truncating inside a gap (as a diverging leader may ask): the log ends where the
        // kept batches end, at or below the offset, and stays readable.
        let bytes = range_bytes(
            &follower
                .read_up_to(Offset(0), u32::MAX, true, ReadLimit::LogEnd)
                .unwrap(),
        );
        let mut headers = Vec::new();
        let mut at = 0;
        while at < bytes.len() {
            let header = BatchHeader::parse(&bytes[at..]).unwrap();
            at += header.batch_size();
            headers.push(header);
        }
        let gap = headers
            .windows(2)
            .find(|w| w[1].base_offset > w[0].next_offset())
            .map(|w| (w[0].next_offset(), w[1].base_offset));
        let (gap_start, gap_end) = gap.expect("a compacted log has gaps");
        let inside = (gap_start + gap_end) / 2;
        let end = follower.truncate_to(Offset(inside)).await.unwrap();
        assert!(
            end.0 <= inside && end.0 >= gap_start,
            "end {end:?} for {inside}"
        );
        assert_eq!(follower.log_end_offset(), end);
        let _ = read_records(&follower, ReadLimit::LogEnd);
        follower.close().await.unwrap();
        let reopened = PartitionLog::open_in_mode(
            dir.path().join("f-0"),
            compacted(),
            Recovery::Scan,
            HighWatermarkMode::Replicated,
        )
        .await
        .unwrap();
        assert!(reopened.log_end_offset() <= leader.log_end_offset());
    });
}

#[test]
fn max_compaction_lag_rolls_the_active_segment_and_makes_the_log_due() {
    run(async {
        let dir = tempfile::tempdir().unwrap();
        let config = LogConfig {
            max_compaction_lag_ms: 10_000,
            min_cleanable_dirty_ratio_ppm: 1_000_000,
            segment_bytes: 1 << 20,
            ..compacted()
        };
        let log = PartitionLog::open(dir.path().join("t-0"), config, Recovery::Auto)
            .await
            .unwrap();
        let t0 = 1_000_000;
        let clock = manual_clock(&log, t0);
        let k = |s: &str| s.as_bytes().to_vec();
        for _ in 0..2 {
            log.append(
                keyed(&[(k("a"), Some(k("1")))], t0, Compression::None),
                LeaderEpoch(0),
                Durability::Synced,
            )
            .await
            .unwrap();
        }
        assert_eq!(log.segment_count(), 1);
        // Past max.compaction.lag.ms the next append rolls (Kafka's maxSegmentMs), and the
        // rolled segment is due whatever min.cleanable.dirty.ratio says.
        clock.set(t0 + 10_001);
        log.append(
            keyed(&[(k("a"), Some(k("2")))], t0 + 10_001, Compression::None),
            LeaderEpoch(0),
            Durability::Synced,
        )
        .await
        .unwrap();
        assert_eq!(log.segment_count(), 2);
        let cleanable = log.cleanable(t0 + 20_002).unwrap();
        assert!(cleanable.due);
        assert!(!cleanable.worth_cleaning(1.01) || cleanable.due);
        let stats = clean(&log, t0 + 20_002, 1 << 20).await.unwrap();
        assert_eq!(stats.records_removed, 1);
        log.close().await.unwrap();
    });
}

#[test]
fn large_compressed_batches_are_cleaned_off_the_shard() {
    let seed = fixed_seed("large_compressed_batches_are_cleaned_off_the_shard", 4242);
    run(async move {
        let mut rng = seed;
        let dir = tempfile::tempdir().unwrap();
        let config = LogConfig {
            segment_bytes: 1 << 20,
            ..compacted()
        };
        let log = PartitionLog::open(dir.path().join("t-0"), config, Recovery::Auto)
            .await
            .unwrap();
        let codecs = [
            Compression::Zstd,
            Compression::Lz4,
            Compression::Gzip,
            Compression::Snappy,
        ];
        for i in 0..40 {
            // Incompressible 1 KiB values: each batch compresses to more than 64 KiB.
            let records: Vec<_> = (0..100)
                .map(|_| {
                    let key = format!("key-{}", next(&mut rng) % 50).into_bytes();
                    let value: Vec<u8> = (0..128)
                        .flat_map(|_| next(&mut rng).to_le_bytes())
                        .collect();
                    (key, Some(value))
                })
                .collect();
            log.append(
                keyed(&records, 1_000, codecs[i % codecs.len()]),
                LeaderEpoch(0),
                Durability::Synced,
            )
            .await
            .unwrap();
        }
        let before = read_records(&log, ReadLimit::HighWatermark);
        let stats = clean(&log, 1_000, 1 << 20).await.unwrap();
        assert!(stats.batches_rewritten > 0);
        let after = read_records(&log, ReadLimit::HighWatermark);
        check_compacted(&before, &after, stats.end_offset);
        log.close().await.unwrap();
    });
}

#[test]
fn min_cleanable_dirty_ratio_gates_cleaning() {
    run(async {
        let dir = tempfile::tempdir().unwrap();
        let log = PartitionLog::open(dir.path().join("t-0"), compacted(), Recovery::Auto)
            .await
            .unwrap();
        let k = |i: usize| format!("k{i}").into_bytes();
        let append = |i: usize| {
            let log = log.clone();
            async move {
                log.append(
                    keyed(&[(k(i), Some(vec![b'v'; 300]))], 1_000, Compression::None),
                    LeaderEpoch(0),
                    Durability::Synced,
                )
                .await
                .unwrap();
            }
        };
        // 200 distinct keys: cleaning removes nothing, so the clean section stays large.
        for i in 0..200 {
            append(i).await;
        }
        clean(&log, 1_000, 1 << 20).await.unwrap();
        let clean_bytes = log.cleanable(1_000).unwrap().clean_bytes;
        assert!(clean_bytes > 0);
        // A little new dirty data: a ratio below 0.5, not worth a pass at the default.
        for i in 0..40 {
            append(i).await;
        }
        let c = log.cleanable(1_000).unwrap();
        assert!(c.dirty_bytes > 0 && c.dirty_ratio < 0.5, "{c:?}");
        assert!(!c.worth_cleaning(0.5));
        assert!(c.worth_cleaning(0.01));
        // Much more: over the ratio.
        for i in 0..400 {
            append(i % 200).await;
        }
        let c = log.cleanable(1_000).unwrap();
        assert!(c.dirty_ratio >= 0.5 && c.worth_cleaning(0.5), "{c:?}");
        log.close().await.unwrap();
    });
}

/// One transactional batch of `key` = `value` from `producer_id` (epoch 0).
fn txn_keyed(
    producer_id: i64,
    sequence: i32,
    key: &[u8],
    value: &[u8],
) -> Vec<batch::ValidatedBatch> {
    let bytes = BatchBuilder::new()
        .producer(producer_id, 0, sequence)
        .attributes(0x10)
        .base_timestamp_ms(1_000)
        .record(0, Some(key), Some(value))
        .build();
    vec![validate_produce_batch(&Bytes::from(bytes), 1 << 20).expect("valid batch")]
}

/// Transactions under compaction, as Kafka's cleaner: an aborted transaction's records never
/// stand for their keys (the committed value stays) and are dropped; nothing of an open
/// transaction (past the last stable offset) is cleaned.
#[test]
fn aborted_transactions_never_replace_committed_values() {
    run(async {
        let dir = tempfile::tempdir().unwrap();
        let log = PartitionLog::open(dir.path().join("t-0"), compacted(), Recovery::Auto)
            .await
            .unwrap();
        let now = 1_000_000;
        manual_clock(&log, now);
        let marker = |commit| storage::Marker {
            commit,
            coordinator_epoch: 0,
        };
        let append = |batches| log.append(batches, LeaderEpoch(0), Durability::Synced);
        // Offset 0: k = committed (producer 1, committed at 1).
        append(txn_keyed(1, 0, b"k", b"committed")).await.unwrap();
        let m = log
            .append_marker(1, 0, marker(true), LeaderEpoch(0))
            .await
            .unwrap();
        log.append_durable(&m, Durability::Synced).await.unwrap();
        // Offset 2: k = aborted (producer 2, aborted at 3).
        append(txn_keyed(2, 0, b"k", b"aborted")).await.unwrap();
        let m = log
            .append_marker(2, 0, marker(false), LeaderEpoch(0))
            .await
            .unwrap();
        log.append_durable(&m, Durability::Synced).await.unwrap();
        // Offset 4: k = open (producer 3, no marker yet): the last stable offset.
        append(txn_keyed(3, 0, b"k", b"open")).await.unwrap();
        // Filler rolls the rest out of the active segment.
        for i in 0..40u8 {
            append(keyed(
                &[(vec![b'f', i], Some(vec![0; 200]))],
                1_000,
                Compression::None,
            ))
            .await
            .unwrap();
        }
        assert_eq!(log.last_stable_offset(), Offset(4));
        let mut throttle = IoThrottle::new(f64::INFINITY);
        let stats = log
            .clean(now, 1 << 16, &mut throttle, &log.txn_view())
            .await
            .expect("clean")
            .expect("a pass ran");
        assert!(stats.end_offset <= 4, "cleaned past the LSO: {stats:?}");
        let values: Vec<(i64, Vec<u8>)> = read_records(&log, ReadLimit::LogEnd)
            .into_iter()
            .filter(|(_, k, _)| k.as_deref() == Some(b"k".as_slice()))
            .map(|(o, _, v)| (o, v.unwrap_or_default()))
            .collect();
        assert_eq!(
            values,
            vec![(0, b"committed".to_vec()), (4, b"open".to_vec())],
            "the aborted value neither replaced the committed one nor stayed"
        );
    });
}

/// KIP-534: a tombstone stays `delete.retention.ms` after the first pass that cleaned it, not
/// after its own timestamp: one written with a week-old timestamp is still read by a consumer
/// that starts from the log start just after the cleaning. Its batch carries the horizon as
/// base timestamp (attribute bit 6) and every record keeps its timestamp.
#[test]
fn an_old_tombstone_stays_delete_retention_ms_after_its_first_cleaning() {
    run(async {
        let dir = tempfile::tempdir().unwrap();
        let retention = 60_000;
        let config = LogConfig {
            delete_retention_ms: retention,
            ..compacted()
        };
        let log = PartitionLog::open(dir.path().join("t-0"), config, Recovery::Auto)
            .await
            .unwrap();
        let now = 1_000_000_000;
        let clock = manual_clock(&log, now);
        let week_ago = now - 7 * 86_400_000;
        let k = |s: &str| s.as_bytes().to_vec();
        let append = |batches| log.append(batches, LeaderEpoch(0), Durability::Synced);
        append(keyed(
            &[(k("a"), Some(k("1")))],
            week_ago,
            Compression::None,
        ))
        .await
        .unwrap();
        append(keyed(
            &[(k("a"), None), (k("b"), Some(k("2")))],
            week_ago,
            Compression::Zstd,
        ))
        .await
        .unwrap();
        for i in 0..40 {
            append(keyed(
                &[(k(&format!("x{i}")), Some(vec![b'v'; 200]))],
                now,
                Compression::None,
            ))
            .await
            .unwrap();
        }
        let tombstone_batch = |log: &PartitionLog| {
            common::read_batches(log, 0)
                .into_iter()
                .find(|h| h.base_offset == 1)
                .expect("the tombstone's batch")
        };
        let written = tombstone_batch(&log);
        clean(&log, now, 1 << 20).await.unwrap();
        let h = tombstone_batch(&log);
        assert_eq!(h.delete_horizon_ms(), Some(now + retention));
        assert_eq!(
            h.max_timestamp, written.max_timestamp,
            "records keep their timestamps"
        );
        let has_tombstone = |log: &PartitionLog| {
            read_records(log, ReadLimit::HighWatermark)
                .iter()
                .any(|r| r.1 == Some(k("a")) && r.2.is_none())
        };
        assert!(
            has_tombstone(&log),
            "kept by the pass that first cleaned it"
        );
        // Before: a tombstone older than delete.retention.ms went at the next pass.
        clock.set(now + 1_000);
        clean(&log, now + 1_000, 1 << 20).await.unwrap();
        assert!(has_tombstone(&log), "kept until the horizon");
        assert_eq!(
            tombstone_batch(&log).delete_horizon_ms(),
            Some(now + retention),
            "a later pass keeps the first horizon"
        );
        assert!(!log.cleanable(now + retention - 1).unwrap().due);
        assert!(log.cleanable(now + retention).unwrap().due);
        clock.set(now + retention);
        let stats = clean(&log, now + retention, 1 << 20).await.unwrap();
        assert_eq!(stats.tombstones_removed, 1);
        assert!(!has_tombstone(&log));
        let b: Vec<Record> = read_records(&log, ReadLimit::HighWatermark)
            .into_iter()
            .filter(|r| r.1 == Some(k("b")))
            .collect();
        assert_eq!(b, vec![(2, Some(k("b")), Some(k("2")))]);
        log.close().await.unwrap();
    });
}

/// Transaction markers under compaction, as Kafka's cleaner: a marker stays while a batch of
/// its transaction is before it in the log; then it gets a delete horizon and goes at the first
/// pass after it, an ABORT marker with its aborted-transaction index entry (also across a
/// reopen). Markers of transactions that still have records stay.
#[test]
fn markers_of_transactions_that_left_nothing_go_after_their_horizon() {
    run(async {
        let dir = tempfile::tempdir().unwrap();
        let retention = 60_000;
        let config = LogConfig {
            delete_retention_ms: retention,
            ..compacted()
        };
        let path = dir.path().join("t-0");
        let log = PartitionLog::open(path.clone(), config.clone(), Recovery::Auto)
            .await
            .unwrap();
        let now = 1_000_000;
        let clock = manual_clock(&log, now);
        let marker = |commit| storage::Marker {
            commit,
            coordinator_epoch: 0,
        };
        let append = |batches| log.append(batches, LeaderEpoch(0), Durability::Synced);
        let end_txn = |pid, commit| {
            let log = &log;
            async move {
                let m = log
                    .append_marker(pid, 0, marker(commit), LeaderEpoch(0))
                    .await
                    .unwrap();
                log.append_durable(&m, Durability::Synced).await.unwrap();
            }
        };
        append(txn_keyed(1, 0, b"a", b"1")).await.unwrap(); // 0
        end_txn(1, true).await; // 1: COMMIT, its record replaced at 4
        append(txn_keyed(2, 0, b"b", b"1")).await.unwrap(); // 2
        end_txn(2, false).await; // 3: ABORT
        append(txn_keyed(1, 1, b"a", b"2")).await.unwrap(); // 4
        end_txn(1, true).await; // 5: COMMIT, its record stays
        append(txn_keyed(2, 1, b"b", b"2")).await.unwrap(); // 6
        end_txn(2, true).await; // 7: COMMIT, its record stays
        for i in 0..40u8 {
            append(keyed(
                &[(vec![b'f', i], Some(vec![0; 200]))],
                now,
                Compression::None,
            ))
            .await
            .unwrap();
        }
        assert_eq!(log.aborted_transactions(0, 100), vec![(2, 2)]);
        let control_at = |log: &PartitionLog| -> Vec<(i64, i32)> {
            common::read_batches(log, 0)
                .into_iter()
                .filter(|h| h.is_control())
                .map(|h| (h.base_offset, h.records_count))
                .collect()
        };
        let pass = |at: i64| {
            let log = &log;
            async move {
                let mut throttle = IoThrottle::new(f64::INFINITY);
                log.clean(at, 1 << 16, &mut throttle, &log.txn_view())
                    .await
                    .expect("clean")
                    .expect("a pass ran")
            }
        };
        // Pass 1 drops the replaced record (0) and the aborted one (2); it read them, so their
        // markers stay, with no horizon yet.
        pass(now).await;
        assert_eq!(control_at(&log), vec![(1, 1), (3, 1), (5, 1), (7, 1)]);
        assert!(common::read_batches(&log, 0)
            .iter()
            .all(|h| h.delete_horizon_ms().is_none()));
        assert_eq!(log.aborted_transactions(0, 100), vec![(2, 2)]);
        // Pass 2 reads no batch before markers 1 and 3: they get a horizon.
        let stats = pass(now).await;
        assert_eq!(stats.markers_removed, 0);
        let horizons: Vec<(i64, Option<i64>)> = common::read_batches(&log, 0)
            .into_iter()
            .filter(|h| h.is_control())
            .map(|h| (h.base_offset, h.delete_horizon_ms()))
            .collect();
        assert_eq!(
            horizons,
            vec![
                (1, Some(now + retention)),
                (3, Some(now + retention)),
                (5, None),
                (7, None)
            ]
        );
        assert!(!log.cleanable(now + retention - 1).unwrap().due);
        assert!(log.cleanable(now + retention).unwrap().due);
        clock.set(now + retention);
        let stats = pass(now + retention).await;
        assert_eq!(stats.markers_removed, 2);
        assert_eq!(control_at(&log), vec![(5, 1), (7, 1)]);
        assert_eq!(log.aborted_transactions(0, 100), vec![]);
        let committed: Vec<Record> = read_records(&log, ReadLimit::LogEnd)
            .into_iter()
            .filter(|r| r.1.as_deref().is_some_and(|k| k == b"a" || k == b"b"))
            .collect();
        assert_eq!(
            committed,
            vec![
                (4, Some(b"a".to_vec()), Some(b"2".to_vec())),
                (6, Some(b"b".to_vec()), Some(b"2".to_vec()))
            ]
        );
        log.close().await.unwrap();
        let log = PartitionLog::open(path, config, Recovery::Auto)
            .await
            .unwrap();
        assert_eq!(log.aborted_transactions(0, 100), vec![]);
        assert_eq!(control_at(&log), vec![(5, 1), (7, 1)]);
        log.close().await.unwrap();
    });
}

/// A cleaned segment replaces several: the aborted-transaction entries of all of them move to
/// its `.txnindex`, so a reopen still knows every aborted transaction whose marker is in the
/// log (the replaced segments' files are gone; before, their entries were lost).
#[test]
fn aborted_transactions_survive_a_reopen_after_segments_are_merged() {
    run(async {
        let dir = tempfile::tempdir().unwrap();
        let config = LogConfig {
            segment_bytes: 1024,
            ..compacted()
        };
        let path = dir.path().join("t-0");
        let log = PartitionLog::open(path.clone(), config.clone(), Recovery::Auto)
            .await
            .unwrap();
        let now = 1_000_000;
        manual_clock(&log, now);
        let marker = storage::Marker {
            commit: false,
            coordinator_epoch: 0,
        };
        // Small segments, each with aborted transactions of several producers.
        for round in 0..12i64 {
            let pid = 10 + round;
            log.append(
                txn_keyed(pid, 0, b"k", &[b'v'; 100]),
                LeaderEpoch(0),
                Durability::Synced,
            )
            .await
            .unwrap();
            let m = log
                .append_marker(pid, 0, marker, LeaderEpoch(0))
                .await
                .unwrap();
            log.append_durable(&m, Durability::Synced).await.unwrap();
            log.append(
                keyed(
                    &[(vec![b'f', round as u8], Some(vec![0; 300]))],
                    now,
                    Compression::None,
                ),
                LeaderEpoch(0),
                Durability::Synced,
            )
            .await
            .unwrap();
        }
        let before = log.aborted_transactions(0, i64::MAX);
        assert_eq!(before.len(), 12);
        // Reopened with larger segments: the cleaner groups the small ones into one.
        log.close().await.unwrap();
        let config = LogConfig {
            segment_bytes: 1 << 20,
            ..config
        };
        let log = PartitionLog::open(path.clone(), config.clone(), Recovery::Auto)
            .await
            .unwrap();
        manual_clock(&log, now);
        let segments_before = log.segment_count();
        let mut throttle = IoThrottle::new(f64::INFINITY);
        let stats = log
            .clean(now, 1 << 16, &mut throttle, &log.txn_view())
            .await
            .expect("clean")
            .expect("a pass ran");
        assert!(
            stats.segments_after < stats.segments_before,
            "segments merged: {stats:?} ({segments_before} before)"
        );
        // The pass read each aborted batch, so every ABORT marker (and entry) stays.
        assert_eq!(log.aborted_transactions(0, i64::MAX), before);
        log.close().await.unwrap();
        let log = PartitionLog::open(path, config, Recovery::Auto)
            .await
            .unwrap();
        assert_eq!(log.aborted_transactions(0, i64::MAX), before);
        log.close().await.unwrap();
    });
}
