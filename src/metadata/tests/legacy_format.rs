//! A metadata log written before the records became flatbuffers still opens: its snapshot and
//! entries are read with the first format's reader, what is committed since is flatbuffers,
//! and the next snapshot rewrites the whole image in the new format. `dump` reads it too, and
//! changes nothing in the directory.
//!
//! The fixture `fixtures/legacy-v1-log/` is a `__cluster_metadata-0` directory written by the
//! hand-written codec (commit 83753a6): node 0, a snapshot at index 5 (broker registration,
//! topic `orders` with two partitions, topic/broker/cluster/group configs, a producer-id block)
//! and entries 6..=8 after it (topic `doomed` created and removed, partition changes, a config
//! deleted, a second producer-id block).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use metadata::dump::{self, EntryBody};
use metadata::{Image, MetadataLog, MetadataRecord};
use model::{LeaderEpoch, NodeId, TopicId};
use protobuf::Message as _;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/legacy-v1-log")
}

/// A copy of the fixture to open (opening writes to the directory).
fn copy_of_fixture() -> (tempfile::TempDir, PathBuf) {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("__cluster_metadata-0");
    fs::create_dir(&dir).unwrap();
    for file in fs::read_dir(fixture()).unwrap() {
        let file = file.unwrap();
        fs::copy(file.path(), dir.join(file.file_name())).unwrap();
    }
    (temp, dir)
}

/// Every file in `dir` with its bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fs::read_dir(dir)
        .unwrap()
        .map(|f| {
            let f = f.unwrap();
            (
                f.file_name().to_string_lossy().into_owned(),
                fs::read(f.path()).unwrap(),
            )
        })
        .collect()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// What the fixture's records fold into.
fn assert_fixture_image(image: &Image) {
    let orders = image.topic("orders").expect("topic orders");
    assert_eq!(orders.id, TopicId([0x11; 16]));
    assert!(image.topic("doomed").is_none(), "created and removed");
    assert_eq!(image.topics().count(), 1);
    let p0 = &orders.partitions[&0];
    let p1 = &orders.partitions[&1];
    assert_eq!(
        (p0.leader_epoch, p0.isr.clone()),
        (LeaderEpoch(2), vec![NodeId(0)])
    );
    assert_eq!((p1.leader_epoch, p1.shard.0), (LeaderEpoch(1), 1));
    assert_eq!(
        image.topic_configs("orders"),
        BTreeMap::from([("retention.ms".to_string(), "1000".to_string())])
    );
    assert_eq!(image.broker_configs(None)["log.retention.ms"], "5");
    assert_eq!(
        image.broker_configs(Some(NodeId(0)))["log.cleaner.threads"],
        "2"
    );
    assert_eq!(
        image.group_configs("g")["consumer.session.timeout.ms"],
        "50000"
    );
    assert_eq!(image.next_producer_id(), 2000);
    let broker = image.broker(NodeId(0)).expect("broker 0 registered");
    assert_eq!(broker.rack.as_deref(), Some("r1"));
    assert_eq!(
        (broker.num_shards, broker.epoch, broker.fenced),
        (2, 0, false)
    );
    assert_eq!(broker.listeners[0].port, 9092);
}

#[test]
fn a_first_format_log_opens_and_is_rewritten_as_flatbuffers() {
    let (_temp, dir) = copy_of_fixture();
    let (mut log, image) = MetadataLog::open(&dir, NodeId(0)).unwrap();
    assert_fixture_image(&image);
    assert!(image.features().is_empty(), "the first format had none");
    assert!(
        image.applied_index() >= 8,
        "entries after the snapshot applied"
    );

    // New commits are flatbuffers; the snapshot that follows rewrites everything.
    let index = log
        .commit(vec![MetadataRecord::FeatureLevel {
            name: "metadata.version".into(),
            level: 27,
        }])
        .unwrap();
    log.set_snapshot_interval_entries(0);
    assert!(log.maybe_snapshot().unwrap());
    let written = files(&dir);
    let snapshots: Vec<_> = written
        .keys()
        .filter(|name| name.starts_with("snapshot-"))
        .collect();
    assert_eq!(snapshots.len(), 1, "{snapshots:?}");
    assert_ne!(
        snapshots[0], "snapshot-00000000000000000005-00000000000000000001.snap",
        "the first-format snapshot is replaced"
    );
    assert!(
        contains(&written[snapshots[0]], b"SLMB"),
        "a flatbuffers batch"
    );
    let image = log.image().clone();
    drop(log);

    let (_, reopened) = MetadataLog::open(&dir, NodeId(0)).unwrap();
    assert_fixture_image(&reopened);
    assert_eq!(reopened.feature_level("metadata.version"), 27);
    assert!(reopened.applied_index() > index);
    assert_eq!(reopened.topics().count(), image.topics().count());
}

#[test]
fn dump_reads_a_first_format_log_and_changes_nothing() {
    let before = files(&fixture());
    let contents = dump::read_log(&fixture()).unwrap();
    assert_eq!(files(&fixture()), before, "the directory is untouched");

    assert_eq!(
        (contents.node_id, contents.cluster_id.as_deref()),
        (Some(0), Some("8TQnuyKkTm28WbYddRWhbA"))
    );
    let snapshot = contents.snapshot.as_ref().expect("a snapshot");
    assert_eq!((snapshot.index, snapshot.term), (5, 1));
    let entry_indexes: Vec<u64> = contents.entries.iter().map(|e| e.index).collect();
    assert_eq!(entry_indexes, [6, 7, 8]);
    assert!(contents
        .entries
        .iter()
        .all(|e| matches!(e.body, EntryBody::Records(_))));
    assert_eq!(contents.commit, 8);
    assert_eq!(contents.torn_tail_at, None);

    // Folding what the dump read gives the image the broker would open with.
    let mut image = Image::from_records(snapshot.index, snapshot.term, &snapshot.records);
    for entry in &contents.entries {
        let EntryBody::Records(records) = &entry.body else {
            unreachable!("checked above")
        };
        image.apply_batch(entry.index, entry.term, records);
    }
    assert_fixture_image(&image);

    let lines = contents.json_lines();
    let parsed: Vec<serde_json::Value> = lines
        .iter()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    let topic = parsed
        .iter()
        .find(|v| v["type"] == "Topic" && v["record"]["name"] == "orders")
        .expect("the topic record");
    assert_eq!(topic["source"], "snapshot");
    assert_eq!(topic["index"], 5);
    assert_eq!(topic["record"]["id"], TopicId([0x11; 16]).to_string());
    let removal = parsed
        .iter()
        .find(|v| v["type"] == "RemoveTopic")
        .expect("the removal");
    assert_eq!(
        (removal["source"].as_str(), removal["index"].as_u64()),
        (Some("entry"), Some(7))
    );
    assert_eq!(removal["committed"], true);
    let deletion = parsed
        .iter()
        .find(|v| {
            v["type"] == "Config"
                && v["record"]["resource"]["type"] == "topic"
                && v["source"] == "entry"
        })
        .expect("the config deletion");
    assert_eq!(deletion["record"]["value"], serde_json::Value::Null);
    assert!(
        contents.summary().contains("snapshot at index 5"),
        "{}",
        contents.summary()
    );
}

#[test]
fn dump_reports_a_torn_tail_and_an_undecodable_entry_without_repairing_them() {
    let (_temp, dir) = copy_of_fixture();
    let entries = dir.join("entries.log");
    let mut bytes = fs::read(&entries).unwrap();
    // Entry 9: a whole frame with a valid CRC whose batch is of no known format.
    let entry = raft::eraftpb::Entry {
        index: 9,
        term: 1,
        data: vec![2, 0, 0, 0, 0, 0, 0, 0, 0].into(),
        ..Default::default()
    };
    let payload = entry.write_to_bytes().unwrap();
    bytes.extend_from_slice(&(payload.len() as u32).to_be_bytes());
    bytes.extend_from_slice(&crc32c::crc32c(&payload).to_be_bytes());
    bytes.extend_from_slice(&payload);
    bytes.extend_from_slice(&[0, 0, 0, 9, 1, 2]); // half a frame header
    fs::write(&entries, &bytes).unwrap();
    let before = files(&dir);
    let contents = dump::read_log(&dir).unwrap();
    assert_eq!(files(&dir), before, "the torn tail is left for the broker");
    assert_eq!(contents.torn_tail_at, Some(bytes.len() - 6));
    let last = contents.entries.last().unwrap();
    assert_eq!(last.index, 9);
    assert!(matches!(last.body, EntryBody::Undecodable(_)), "{last:?}");
    assert_eq!(contents.undecodable_entries(), 1);
    let error_line: serde_json::Value =
        serde_json::from_str(contents.json_lines().last().unwrap()).unwrap();
    assert_eq!(error_line["index"], 9);
    assert_eq!(error_line["committed"], false, "above the commit index");
    assert_eq!(error_line["error"], "unknown batch format version 2");
    let summary = contents.summary();
    assert!(
        summary.contains("torn tail") && summary.contains("1 undecodable entries"),
        "{summary}"
    );

    let missing = dump::read_log(&dir.join("nope")).unwrap_err().to_string();
    assert!(
        missing.contains("not a metadata log directory"),
        "{missing}"
    );
}
