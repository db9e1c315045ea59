//! Tests of the metadata log on disk: reopen, snapshots, torn tails, identity.

use std::collections::BTreeMap;
use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::Path;

use model::NodeId;

use crate::controller;
use crate::journal::{ENTRIES_FILE, RAFT_STATE_FILE};
use crate::{ClusterId, Image, MetadataError, MetadataLog, MetadataRecord};

const NODE: NodeId = NodeId(0);

fn create_topic(log: &mut MetadataLog, name: &str, partitions: i32) -> u64 {
    let records =
        controller::create_topic(log.image(), name, partitions, 1, BTreeMap::new(), NODE, 2)
            .unwrap();
    log.commit(records).unwrap()
}

fn topic_names(image: &Image) -> Vec<String> {
    image.topics().map(|t| t.name.clone()).collect()
}

fn entries_len(dir: &Path) -> u64 {
    fs::metadata(dir.join(ENTRIES_FILE)).unwrap().len()
}

#[test]
fn a_new_log_elects_itself_and_commits_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let (mut log, image) = MetadataLog::open(dir.path(), NODE).unwrap();
    assert!(log.is_leader());
    // The leader's first (empty) entry is committed and applied.
    assert_eq!(image.applied_index(), 1);
    let index = create_topic(&mut log, "a", 3);
    assert_eq!(index, 2);
    assert_eq!(log.image().applied_index(), 2);
    assert_eq!(log.image().topic("a").unwrap().partitions.len(), 3);
    assert!(log.take_messages().is_empty(), "a sole voter sends nothing");
    assert_eq!(log.cluster_id().0.len(), 22);
}

#[test]
fn commit_then_reopen_replays_the_same_image() {
    let dir = tempfile::tempdir().unwrap();
    let (mut log, _) = MetadataLog::open(dir.path(), NODE).unwrap();
    let cluster_id = log.cluster_id().clone();
    create_topic(&mut log, "a", 3);
    create_topic(&mut log, "b", 1);
    let set = BTreeMap::from([("retention.ms".to_string(), Some("10".to_string()))]);
    log.commit(controller::alter_topic_configs(log.image(), "a", set).unwrap())
        .unwrap();
    let before = log.image().clone();
    drop(log);

    let (log, image) = MetadataLog::open(dir.path(), NODE).unwrap();
    assert_eq!(log.cluster_id(), &cluster_id);
    assert_eq!(topic_names(&image), ["a", "b"]);
    assert_eq!(image.topic("a"), before.topic("a"));
    assert_eq!(image.topic_configs("a")["retention.ms"], "10");
    // Reopening elects again: a new term whose first entry follows the old ones.
    assert_eq!(image.applied_index(), before.applied_index() + 1);
    assert!(image.applied_term() > before.applied_term());
}

#[test]
fn snapshot_compacts_and_reopen_continues() {
    let dir = tempfile::tempdir().unwrap();
    let (mut log, _) = MetadataLog::open(dir.path(), NODE).unwrap();
    log.set_snapshot_interval_entries(3);
    create_topic(&mut log, "a", 2);
    assert!(
        !log.maybe_snapshot().unwrap(),
        "2 entries applied, interval 3"
    );
    create_topic(&mut log, "b", 2);
    create_topic(&mut log, "c", 2);
    log.commit(controller::delete_topic(log.image(), controller::TopicRef::Name("b")).unwrap())
        .unwrap();
    let bytes_before = entries_len(dir.path());
    assert!(log.maybe_snapshot().unwrap());
    assert_eq!(
        entries_len(dir.path()),
        0,
        "every applied entry is in the snapshot"
    );
    assert!(bytes_before > 0);
    assert!(!log.maybe_snapshot().unwrap());
    let snapshots: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with("snapshot-"))
        .collect();
    assert_eq!(snapshots, [format!("snapshot-{:020}-{:020}.snap", 5, 1)]);
    let before = log.image().clone();
    drop(log);

    let (mut log, image) = MetadataLog::open(dir.path(), NODE).unwrap();
    log.set_snapshot_interval_entries(3);
    assert_eq!(topic_names(&image), ["a", "c"]);
    assert_eq!(image.topic("c"), before.topic("c"));
    let index = create_topic(&mut log, "d", 1);
    assert_eq!(
        index,
        before.applied_index() + 2,
        "after the new leader's empty entry"
    );
    // A second snapshot replaces the first.
    create_topic(&mut log, "e", 1);
    create_topic(&mut log, "f", 1);
    assert!(log.maybe_snapshot().unwrap());
    drop(log);
    let (_, image) = MetadataLog::open(dir.path(), NODE).unwrap();
    assert_eq!(topic_names(&image), ["a", "c", "d", "e", "f"]);
    let snapshots = fs::read_dir(dir.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with("snapshot-")
        })
        .count();
    assert_eq!(snapshots, 1);
}

#[test]
fn record_bytes_between_snapshots_also_trigger_one() {
    let dir = tempfile::tempdir().unwrap();
    let (mut log, _) = MetadataLog::open(dir.path(), NODE).unwrap();
    create_topic(&mut log, "a", 1);
    assert!(
        !log.maybe_snapshot().unwrap(),
        "1000 entries or 20 MiB by default"
    );
    // A topic's records are far more than 64 bytes: the next one crosses it.
    log.set_snapshot_interval_bytes(64);
    create_topic(&mut log, "b", 1);
    assert!(log.maybe_snapshot().unwrap());
    assert!(!log.maybe_snapshot().unwrap(), "the count starts again");
}

#[test]
fn torn_tail_is_truncated_on_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let (mut log, _) = MetadataLog::open(dir.path(), NODE).unwrap();
    create_topic(&mut log, "a", 1);
    drop(log);
    let good_bytes = entries_len(dir.path());
    // A crash mid-append: half a frame header, then on another try a frame with a bad CRC.
    let mut names = vec!["a".to_string()];
    for garbage in [&[0u8, 0, 0][..], &[0, 0, 0, 4, 1, 2, 3, 4, 9, 9, 9, 9][..]] {
        let mut file = OpenOptions::new()
            .append(true)
            .open(dir.path().join(ENTRIES_FILE))
            .unwrap();
        file.write_all(garbage).unwrap();
        drop(file);
        let (mut log, image) = MetadataLog::open(dir.path(), NODE).unwrap();
        assert_eq!(topic_names(&image), names);
        let reopened_bytes = entries_len(dir.path());
        assert!(
            reopened_bytes > good_bytes,
            "the torn bytes went, the new leader's entry came"
        );
        let name = format!("t{}", garbage.len());
        let index = create_topic(&mut log, &name, 1);
        assert_eq!(log.image().applied_index(), index);
        names.push(name);
    }
    let (_, image) = MetadataLog::open(dir.path(), NODE).unwrap();
    assert_eq!(topic_names(&image), ["a", "t12", "t3"]);
}

#[test]
fn losing_committed_entries_refuses_to_open() {
    let dir = tempfile::tempdir().unwrap();
    let (mut log, _) = MetadataLog::open(dir.path(), NODE).unwrap();
    create_topic(&mut log, "a", 1);
    drop(log);
    // Flip a byte of the last (committed) entry: it reads as a torn tail, but it was committed.
    let path = dir.path().join(ENTRIES_FILE);
    let mut bytes = fs::read(&path).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 0xff;
    fs::write(&path, bytes).unwrap();
    let err = MetadataLog::open(dir.path(), NODE).err().unwrap();
    assert!(matches!(err, MetadataError::Corrupt { .. }), "{err}");
    assert!(err.to_string().contains(ENTRIES_FILE), "{err}");
}

#[test]
fn corrupt_files_are_errors_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let (mut log, _) = MetadataLog::open(dir.path(), NODE).unwrap();
    create_topic(&mut log, "a", 1);
    log.set_snapshot_interval_entries(0);
    assert!(log.maybe_snapshot().unwrap());
    drop(log);
    let snapshot = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("snapshot-")
        })
        .unwrap();
    for (path, name) in [
        (
            dir.path().join(RAFT_STATE_FILE),
            RAFT_STATE_FILE.to_string(),
        ),
        (
            snapshot.clone(),
            snapshot.file_name().unwrap().to_string_lossy().into_owned(),
        ),
    ] {
        let original = fs::read(&path).unwrap();
        for cut in [0, 3, original.len() / 2, original.len() - 1] {
            fs::write(&path, &original[..cut]).unwrap();
            let err = MetadataLog::open(dir.path(), NODE).err().unwrap();
            assert!(err.to_string().contains(&name), "{err}");
        }
        fs::write(&path, &original).unwrap();
    }
    assert!(MetadataLog::open(dir.path(), NODE).is_ok());
}

#[test]
fn refuses_another_node_or_cluster() {
    let dir = tempfile::tempdir().unwrap();
    let cluster = ClusterId("q1Sh-9_ISia_zwGINzRvyQ".into());
    let (log, _) = MetadataLog::open_in_cluster(dir.path(), NodeId(3), Some(&cluster)).unwrap();
    assert_eq!(log.cluster_id(), &cluster);
    drop(log);
    let err = MetadataLog::open(dir.path(), NodeId(4)).err().unwrap();
    assert!(
        matches!(
            err,
            MetadataError::NodeIdMismatch {
                found: 3,
                expected: 4,
                ..
            }
        ),
        "{err}"
    );
    let other = ClusterId("AAAAAAAAAAAAAAAAAAAAAQ".into());
    let err = MetadataLog::open_in_cluster(dir.path(), NodeId(3), Some(&other))
        .err()
        .unwrap();
    assert!(
        matches!(err, MetadataError::ClusterIdMismatch { .. }),
        "{err}"
    );
    assert!(MetadataLog::open_in_cluster(dir.path(), NodeId(3), Some(&cluster)).is_ok());
    assert!(matches!(
        MetadataLog::open(dir.path(), NodeId(-1)).err().unwrap(),
        MetadataError::InvalidNodeId(-1)
    ));
    // Log data without an identity file is not silently re-formatted.
    fs::remove_file(dir.path().join("meta.properties")).unwrap();
    assert!(matches!(
        MetadataLog::open(dir.path(), NodeId(3)).err().unwrap(),
        MetadataError::Corrupt { .. }
    ));
}

#[test]
fn producer_id_blocks_stay_monotonic_across_reopen_and_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let mut seen = Vec::new();
    for round in 0..3 {
        let (mut log, _) = MetadataLog::open(dir.path(), NODE).unwrap();
        log.set_snapshot_interval_entries(1);
        for _ in 0..2 {
            let records = controller::allocate_producer_ids(log.image(), NODE, 1000);
            let MetadataRecord::ProducerIds {
                first_producer_id, ..
            } = records[0]
            else {
                panic!("allocate_producer_ids returns a ProducerIds record");
            };
            log.commit(records).unwrap();
            seen.push(first_producer_id);
        }
        if round == 1 {
            assert!(log.maybe_snapshot().unwrap());
        }
    }
    assert_eq!(seen, [0, 1000, 2000, 3000, 4000, 5000]);
}

#[test]
fn oversized_batches_are_refused_before_raft() {
    let dir = tempfile::tempdir().unwrap();
    let (mut log, _) = MetadataLog::open(dir.path(), NODE).unwrap();
    let value = "x".repeat(crate::ENTRY_BYTES_MAX);
    let records = vec![MetadataRecord::Config {
        resource: crate::ConfigResource::Broker(None),
        name: "k".into(),
        value: Some(value),
    }];
    let err = log.commit(records).unwrap_err();
    assert!(matches!(err, MetadataError::BatchTooLarge { .. }), "{err}");
    assert_eq!(err.error_code(), model::ErrorCode::PolicyViolation);
    // The log still works.
    create_topic(&mut log, "a", 1);
}

#[test]
fn a_frame_with_a_valid_crc_but_garbage_inside_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let (mut log, _) = MetadataLog::open(dir.path(), NODE).unwrap();
    create_topic(&mut log, "a", 1);
    drop(log);
    let mut file = OpenOptions::new()
        .append(true)
        .open(dir.path().join(ENTRIES_FILE))
        .unwrap();
    file.write_all(&crate::files::frame(&[0xff, 0xff, 0xff]))
        .unwrap();
    drop(file);
    let err = MetadataLog::open(dir.path(), NODE).err().unwrap();
    assert!(matches!(err, MetadataError::Corrupt { .. }), "{err}");
    assert!(err.to_string().contains(ENTRIES_FILE), "{err}");
}

#[test]
fn the_log_and_image_can_move_between_threads() {
    fn assert_send<T: Send>() {}
    assert_send::<MetadataLog>();
    assert_send::<Image>();
}

/// `controller.quorum.fetch.timeout.ms` is the silence a member tolerates before it starts an
/// election (after a random back-off within `controller.quorum.election.timeout.ms`): counted
/// in driver ticks, a follower of a three-voter quorum asks for votes only after the fetch
/// timeout, and always before fetch + election timeout.
#[test]
fn the_fetch_timeout_is_the_silence_before_an_election() {
    use crate::core::{ElectionTiming, QuorumCore};
    use crate::journal::Recovered;
    use raft::eraftpb::{ConfState, MessageType};
    // Election timeout 1000 ms (a tick is 100 ms), fetch timeout 2000 ms: 20 to 29 ticks.
    let timing = ElectionTiming::from_timeouts(1000, 2000);
    assert_eq!(
        timing,
        ElectionTiming {
            check_quorum_ticks: 20,
            min_ticks: 20,
            max_ticks: 30
        }
    );
    // A fetch timeout under two heartbeats is raised to them (raft-rs's need).
    assert_eq!(ElectionTiming::from_timeouts(1000, 10).min_ticks, 4);
    let recovered = Recovered {
        snapshot: Default::default(),
        hard_state: Default::default(),
        conf_state: ConfState::from((vec![1, 2, 3], Vec::<u64>::new())),
        entries: Vec::new(),
    };
    let mut core = QuorumCore::with_timing(2, recovered, timing).unwrap();
    let mut asked_at = None;
    for tick in 1..=timing.max_ticks {
        core.tick();
        let mut messages = Vec::new();
        if let Some(mut round) = core.begin() {
            messages.append(&mut round.messages);
            messages.extend(core.finish(round).unwrap().messages);
        }
        let asks = messages
            .iter()
            .any(|m| m.get_msg_type() == MessageType::MsgRequestPreVote);
        if asks {
            asked_at = Some(tick);
            break;
        }
    }
    let asked_at = asked_at.expect("an election within fetch + election timeout");
    assert!(
        (timing.min_ticks..timing.max_ticks).contains(&asked_at),
        "asked for votes at tick {asked_at}"
    );
}
