//! Corruption while stopped: the broker is stopped (SIGTERM, clean, or SIGKILL), its segment
//! and index files are damaged the ways a crash or a bad disk damages them, and it restarts.
//! After each restart every acknowledged batch is readable at its offset byte for byte, no
//! batch that fails its CRC is served, random-offset fetches find their batch through the
//! (rebuilt) indexes, and producing continues at the end of what was acknowledged.

use std::path::{Path, PathBuf};

use batch::builder::BatchBuilder;
use bytes::Bytes;
use kafka_protocol::messages::create_topics_request::{CreatableTopic, CreateTopicsRequest};
use kafka_protocol::messages::TopicName;
use kafka_protocol::protocol::StrBytes;

use crate::harness::{self, Broker};
use crate::wire::Wire;

const TOPIC: &str = "corrupt";
/// 16 KiB values: 1 MiB segments (the smallest Kafka allows) roll every ~64 batches.
const VALUE_BYTES: usize = 16 << 10;
const RECORDS_PER_BATCH: usize = 2;
/// Batches produced before each damage: enough for a new segment every round or two.
const BATCHES_PER_ROUND: usize = 40;
/// Bytes of a batch before the part its CRC covers.
const ATTRIBUTES_AT: usize = 21;

fn topic() -> TopicName {
    TopicName(StrBytes::from_static_str(TOPIC))
}

/// Batch `n`: its records' values carry `n`, so a stored batch names the produce it came from.
fn numbered_batch(n: usize) -> Vec<u8> {
    let mut value = vec![b'a' + (n % 26) as u8; VALUE_BYTES];
    value[..8].copy_from_slice(&(n as u64).to_be_bytes());
    (0..RECORDS_PER_BATCH)
        .fold(
            BatchBuilder::new().base_timestamp_ms(harness::now_ms()),
            |b, i| b.record(i as i64, None, Some(&value)),
        )
        .build()
}

struct Acked {
    base_offset: i64,
    bytes: Vec<u8>,
}

fn produce(w: &mut Wire, batch: Vec<u8>) -> i64 {
    let req = crate::crash::produce_acks_all(topic(), 0, Bytes::from(batch));
    let r = w.call(9, &req);
    let p = &r.responses[0].partition_responses[0];
    assert_eq!(p.error_code, 0, "produce");
    p.base_offset
}

/// Produces a round of batches; each must land right after the previous acknowledged one.
fn produce_round(broker: &Broker, acked: &mut Vec<Acked>) {
    let mut w = Wire::connect(&broker.bootstrap());
    for _ in 0..BATCHES_PER_ROUND {
        let bytes = numbered_batch(acked.len());
        let expected = acked
            .last()
            .map_or(0, |a| a.base_offset + RECORDS_PER_BATCH as i64);
        let base_offset = produce(&mut w, bytes.clone());
        assert_eq!(
            base_offset, expected,
            "produce continues at the acknowledged end"
        );
        acked.push(Acked { base_offset, bytes });
    }
}

/// The batches a Fetch at `offset` returns (whole ones), each CRC-checked.
fn fetch(w: &mut Wire, offset: i64) -> (Vec<(i64, Bytes)>, i64) {
    let r = w.call(12, &crate::crash::fetch_now(topic(), 0, offset));
    let p = &r.responses[0].partitions[0];
    assert_eq!(p.error_code, 0, "fetch at {offset}");
    let mut records = p.records.clone().unwrap_or_default();
    let mut out = Vec::new();
    while let Some(header) = batch::BatchHeader::parse(&records) {
        if header.batch_size() > records.len() || header.batch_size() == 0 {
            break;
        }
        let bytes = records.split_to(header.batch_size());
        batch::check_batch(&bytes)
            .unwrap_or_else(|e| panic!("corrupt batch served at {}: {e}", header.base_offset));
        out.push((header.base_offset, bytes));
    }
    (out, p.high_watermark)
}

/// Everything acknowledged is there byte for byte, nothing else is, and fetches from random
/// offsets start at the batch holding that offset.
fn verify(broker: &Broker, acked: &[Acked], rng: &mut u64, what: &str) {
    let mut w = Wire::connect(&broker.bootstrap());
    let mut stored = Vec::new();
    let mut offset = 0;
    let high_watermark = loop {
        let (batches, hw) = fetch(&mut w, offset);
        let Some((last, _)) = batches.last() else {
            break hw;
        };
        offset = last + RECORDS_PER_BATCH as i64;
        stored.extend(batches);
    };
    let end = acked
        .last()
        .map_or(0, |a| a.base_offset + RECORDS_PER_BATCH as i64);
    assert_eq!(high_watermark, end, "{what}: high watermark");
    assert_eq!(stored.len(), acked.len(), "{what}: batches served");
    for (a, (base_offset, bytes)) in acked.iter().zip(&stored) {
        assert_eq!(*base_offset, a.base_offset, "{what}: offsets");
        assert!(
            bytes[ATTRIBUTES_AT..] == a.bytes[ATTRIBUTES_AT..],
            "{what}: batch at {base_offset} differs from the one acknowledged there"
        );
    }
    for _ in 0..20 {
        let k = (next(rng) % acked.len() as u64) as usize;
        let target = acked[k].base_offset + (next(rng) % RECORDS_PER_BATCH as u64) as i64;
        let (batches, _) = fetch(&mut w, target);
        assert_eq!(
            batches.first().map(|b| b.0),
            Some(acked[k].base_offset),
            "{what}: fetch at {target} starts at its batch"
        );
    }
}

fn next(state: &mut u64) -> u64 {
    *state ^= *state >> 12;
    *state ^= *state << 25;
    *state ^= *state >> 27;
    state.wrapping_mul(0x2545_f491_4f6c_dd1d)
}

fn partition_dir(broker: &Broker) -> PathBuf {
    broker.data_dir().join(format!("{TOPIC}-0"))
}

fn files(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .expect("partition dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == suffix))
        .collect();
    out.sort();
    out
}

fn append(path: &Path, bytes: &[u8]) {
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(path)
        .expect("open");
    f.write_all(bytes).expect("append");
}

/// A batch as the broker would have written it next (offset patched), cut after `keep` bytes:
/// what a crash in the middle of a write leaves.
fn next_batch_on_disk(acked: &[Acked]) -> Vec<u8> {
    let mut bytes = numbered_batch(acked.len());
    let next_offset = acked
        .last()
        .map_or(0, |a| a.base_offset + RECORDS_PER_BATCH as i64);
    bytes[..8].copy_from_slice(&next_offset.to_be_bytes());
    bytes
}

#[test]
fn recovery_repairs_segments_and_indexes_damaged_while_stopped() {
    let seed = harness::seed("corruption_while_stopped");
    let mut rng = seed | 1;
    let mut broker = Broker::start_with(&[("log.segment.bytes", "1048576")]);
    let mut w = Wire::connect(&broker.bootstrap());
    let req = CreateTopicsRequest::default()
        .with_timeout_ms(10_000)
        .with_topics(vec![CreatableTopic::default()
            .with_name(topic())
            .with_num_partitions(1)
            .with_replication_factor(1)]);
    assert_eq!(w.call(5, &req).topics[0].error_code, 0);
    drop(w);
    let mut acked = Vec::new();
    type Damage = (&'static str, bool, fn(&Path, &[Acked], &mut u64));
    let damages: [Damage; 7] = [
        ("garbage after the last batch", true, |dir, _, rng| {
            let garbage: Vec<u8> = (0..300).map(|_| next(rng) as u8).collect();
            append(files(dir, "log").last().unwrap(), &garbage);
        }),
        (
            "a torn batch after the last one",
            true,
            |dir, acked, rng| {
                let batch = next_batch_on_disk(acked);
                let keep = 1 + (next(rng) % (batch.len() as u64 - 1)) as usize;
                append(files(dir, "log").last().unwrap(), &batch[..keep]);
            },
        ),
        (
            "a whole batch with a bad CRC after the last one",
            true,
            |dir, acked, rng| {
                let mut batch = next_batch_on_disk(acked);
                let at = ATTRIBUTES_AT + 40 + (next(rng) % 1000) as usize;
                batch[at] ^= 0x5a;
                append(files(dir, "log").last().unwrap(), &batch);
            },
        ),
        (
            "truncated .index, garbage .timeindex, a deleted .index",
            true,
            |dir, _, rng| {
                let indexes = files(dir, "index");
                let first = &indexes[0];
                let len = std::fs::metadata(first).unwrap().len();
                std::fs::OpenOptions::new()
                    .write(true)
                    .open(first)
                    .unwrap()
                    .set_len(len / 2 + 3)
                    .unwrap();
                let garbage: Vec<u8> = (0..200).map(|_| next(rng) as u8).collect();
                std::fs::write(files(dir, "timeindex").last().unwrap(), garbage).unwrap();
                std::fs::remove_file(indexes.last().unwrap()).unwrap();
            },
        ),
        (
            "a lying recovery point and a torn tail (SIGKILL)",
            false,
            |dir, acked, _| {
                std::fs::write(dir.join("recovery-point"), b"0\n999999999\n0\n").unwrap();
                let batch = next_batch_on_disk(acked);
                append(files(dir, "log").last().unwrap(), &batch[..batch.len() / 2]);
            },
        ),
        (
            "clean-shutdown markers over a bad-CRC tail (SIGKILL)",
            false,
            |dir, acked, _| {
                let mut batch = next_batch_on_disk(acked);
                let last = batch.len() - 1;
                batch[last] ^= 0xff;
                append(files(dir, "log").last().unwrap(), &batch);
                std::fs::write(dir.join("clean-shutdown"), b"").unwrap();
                std::fs::write(dir.parent().unwrap().join(".kafka_cleanshutdown"), b"").unwrap();
            },
        ),
        ("every index file deleted", true, |dir, _, _| {
            for path in files(dir, "index")
                .into_iter()
                .chain(files(dir, "timeindex"))
            {
                std::fs::remove_file(path).unwrap();
            }
        }),
    ];
    for (what, clean_stop, damage) in damages {
        eprintln!("corruption round: {what}");
        produce_round(&broker, &mut acked);
        if clean_stop {
            broker.stop();
        } else {
            broker.kill9();
        }
        let dir = partition_dir(&broker);
        damage(&dir, &acked, &mut rng);
        broker.restart();
        let checked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            verify(&broker, &acked, &mut rng, what)
        }));
        if let Err(panic) = checked {
            eprintln!("{}", broker.logs());
            std::panic::resume_unwind(panic);
        }
        for suffix in ["index", "timeindex"] {
            assert_eq!(
                files(&dir, suffix).len(),
                files(&dir, "log").len(),
                "{what}: every segment has its .{suffix} again"
            );
        }
    }
    produce_round(&broker, &mut acked);
    verify(&broker, &acked, &mut rng, "after the last restart");
    assert!(
        files(&partition_dir(&broker), "log").len() >= 3,
        "the test spans several segments"
    );
}
