//! Consumer-group APIs over a raw connection: the exact Kafka error codes for bad input
//! (unknown groups and members, invalid session timeouts, stale generations, fenced static
//! members, commits for unknown partitions, oversized metadata), and that none of it disturbs
//! a healthy member of the same group.

use crate::harness::{self, Broker};
use crate::wire::Wire;
use bytes::{BufMut, Bytes, BytesMut};
use kafka_protocol::messages::create_topics_request::{CreatableTopic, CreateTopicsRequest};
use kafka_protocol::messages::delete_groups_request::DeleteGroupsRequest;
use kafka_protocol::messages::describe_groups_request::DescribeGroupsRequest;
use kafka_protocol::messages::find_coordinator_request::FindCoordinatorRequest;
use kafka_protocol::messages::heartbeat_request::HeartbeatRequest;
use kafka_protocol::messages::join_group_request::{JoinGroupRequest, JoinGroupRequestProtocol};
use kafka_protocol::messages::leave_group_request::{LeaveGroupRequest, MemberIdentity};
use kafka_protocol::messages::list_groups_request::ListGroupsRequest;
use kafka_protocol::messages::metadata_request::{MetadataRequest, MetadataRequestTopic};
use kafka_protocol::messages::offset_commit_request::{
    OffsetCommitRequest, OffsetCommitRequestPartition, OffsetCommitRequestTopic,
};
use kafka_protocol::messages::offset_fetch_request::{OffsetFetchRequest, OffsetFetchRequestGroup};
use kafka_protocol::messages::produce_request::{
    PartitionProduceData, ProduceRequest, TopicProduceData,
};
use kafka_protocol::messages::sync_group_request::{SyncGroupRequest, SyncGroupRequestAssignment};
use kafka_protocol::messages::{GroupId, TopicName};
use kafka_protocol::protocol::StrBytes;

const NONE: i16 = 0;
const UNKNOWN_TOPIC_OR_PARTITION: i16 = 3;
const INVALID_TOPIC_EXCEPTION: i16 = 17;
const OFFSET_METADATA_TOO_LARGE: i16 = 12;
const ILLEGAL_GENERATION: i16 = 22;
const INCONSISTENT_GROUP_PROTOCOL: i16 = 23;
const INVALID_GROUP_ID: i16 = 24;
const UNKNOWN_MEMBER_ID: i16 = 25;
const INVALID_SESSION_TIMEOUT: i16 = 26;
const REBALANCE_IN_PROGRESS: i16 = 27;
const INVALID_REQUEST: i16 = 42;
const NON_EMPTY_GROUP: i16 = 68;
const GROUP_ID_NOT_FOUND: i16 = 69;
const MEMBER_ID_REQUIRED: i16 = 79;
const FENCED_INSTANCE_ID: i16 = 82;

fn s(v: &str) -> StrBytes {
    StrBytes::from_string(v.to_string())
}

fn gid(v: &str) -> GroupId {
    GroupId(s(v))
}

/// Kafka's ConsumerProtocolSubscription v0 for `topics`.
fn subscription(topics: &[&str]) -> Bytes {
    let mut b = BytesMut::new();
    b.put_i16(0);
    b.put_i32(topics.len() as i32);
    for t in topics {
        b.put_i16(t.len() as i16);
        b.put_slice(t.as_bytes());
    }
    b.put_i32(-1); // no user data
    b.freeze()
}

fn join(
    group: &str,
    member_id: &str,
    instance_id: Option<&str>,
    session_timeout_ms: i32,
    topic: &str,
) -> JoinGroupRequest {
    JoinGroupRequest::default()
        .with_group_id(gid(group))
        .with_session_timeout_ms(session_timeout_ms)
        .with_rebalance_timeout_ms(session_timeout_ms)
        .with_member_id(s(member_id))
        .with_group_instance_id(instance_id.map(s))
        .with_protocol_type(s("consumer"))
        .with_protocols(vec![JoinGroupRequestProtocol::default()
            .with_name(s("range"))
            .with_metadata(subscription(&[topic]))])
}

fn heartbeat(
    w: &mut Wire,
    group: &str,
    generation: i32,
    member: &str,
    instance: Option<&str>,
) -> i16 {
    let req = HeartbeatRequest::default()
        .with_group_id(gid(group))
        .with_generation_id(generation)
        .with_member_id(s(member))
        .with_group_instance_id(instance.map(s));
    w.call(4, &req).error_code
}

fn commit(
    w: &mut Wire,
    group: &str,
    generation: i32,
    member: &str,
    offsets: &[(&str, i32, i64, Option<String>)],
) -> Vec<(String, i32, i16)> {
    let topics = offsets
        .iter()
        .map(|(topic, partition, offset, metadata)| {
            OffsetCommitRequestTopic::default()
                .with_name(TopicName(s(topic)))
                .with_partitions(vec![OffsetCommitRequestPartition::default()
                    .with_partition_index(*partition)
                    .with_committed_offset(*offset)
                    .with_committed_metadata(metadata.as_deref().map(s))])
        })
        .collect();
    let req = OffsetCommitRequest::default()
        .with_group_id(gid(group))
        .with_generation_id_or_member_epoch(generation)
        .with_member_id(s(member))
        .with_topics(topics);
    w.call(8, &req)
        .topics
        .iter()
        .flat_map(|t| {
            t.partitions
                .iter()
                .map(move |p| (t.name.0.to_string(), p.partition_index, p.error_code))
        })
        .collect()
}

fn fetch_offsets(w: &mut Wire, group: &str) -> Vec<(String, i32, i64, String)> {
    let req = OffsetFetchRequest::default().with_groups(vec![OffsetFetchRequestGroup::default()
        .with_group_id(gid(group))
        .with_topics(None)]);
    let r = w.call(9, &req);
    assert_eq!(r.groups[0].error_code, NONE);
    r.groups[0]
        .topics
        .iter()
        .flat_map(|t| {
            t.partitions.iter().map(move |p| {
                (
                    t.name.0.to_string(),
                    p.partition_index,
                    p.committed_offset,
                    p.metadata.as_ref().map_or(String::new(), |m| m.to_string()),
                )
            })
        })
        .collect()
}

fn create_topic(w: &mut Wire, topic: &str, partitions: i32) {
    let req = CreateTopicsRequest::default()
        .with_timeout_ms(5000)
        .with_topics(vec![CreatableTopic::default()
            .with_name(TopicName(s(topic)))
            .with_num_partitions(partitions)
            .with_replication_factor(1)]);
    assert_eq!(w.call(7, &req).topics[0].error_code, NONE);
}

/// Waits until `group`'s coordinator answers, as clients do: Kafka answers
/// COORDINATOR_NOT_AVAILABLE while it creates `__consumer_offsets` and NOT_COORDINATOR /
/// COORDINATOR_LOAD_IN_PROGRESS until the partition is loaded (Sluice creates and loads it
/// before answering).
fn wait_for_coordinator(w: &mut Wire, group: &str) {
    const COORDINATOR_LOAD_IN_PROGRESS: i16 = 14;
    const COORDINATOR_NOT_AVAILABLE: i16 = 15;
    const NOT_COORDINATOR: i16 = 16;
    let transient = [
        COORDINATOR_LOAD_IN_PROGRESS,
        COORDINATOR_NOT_AVAILABLE,
        NOT_COORDINATOR,
    ];
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        let found = w.call(3, &FindCoordinatorRequest::default().with_key(s(group)));
        let fetched = if found.error_code == NONE {
            let req =
                OffsetFetchRequest::default().with_groups(vec![OffsetFetchRequestGroup::default()
                    .with_group_id(gid(group))
                    .with_topics(None)]);
            w.call(8, &req).groups[0].error_code
        } else {
            found.error_code
        };
        if fetched == NONE {
            return;
        }
        assert!(
            transient.contains(&fetched),
            "coordinator of {group}: error {fetched}"
        );
        assert!(
            std::time::Instant::now() < deadline,
            "no coordinator for {group}"
        );
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
}

/// A one-member group, joined and synced: (member id, generation).
fn stable_member(w: &mut Wire, group: &str, instance: Option<&str>, topic: &str) -> (String, i32) {
    wait_for_coordinator(w, group);
    let first = w.call(6, &join(group, "", instance, 10_000, topic));
    let member_id = if instance.is_some() {
        // Static members get their id at once (KIP-345), dynamic ones via MEMBER_ID_REQUIRED.
        assert_eq!(first.error_code, NONE);
        first.member_id.to_string()
    } else {
        assert_eq!(first.error_code, MEMBER_ID_REQUIRED);
        let id = first.member_id.to_string();
        let second = w.call(6, &join(group, &id, None, 10_000, topic));
        assert_eq!(second.error_code, NONE);
        id
    };
    let r = w.call(6, &join(group, &member_id, instance, 10_000, topic));
    assert_eq!(r.error_code, NONE, "rejoin of the only member");
    assert_eq!(r.leader.to_string(), member_id, "the only member leads");
    let generation = r.generation_id;
    let sync = SyncGroupRequest::default()
        .with_group_id(gid(group))
        .with_generation_id(generation)
        .with_member_id(s(&member_id))
        .with_group_instance_id(instance.map(s))
        .with_assignments(vec![SyncGroupRequestAssignment::default()
            .with_member_id(s(&member_id))
            .with_assignment(Bytes::from_static(b"assignment-bytes"))]);
    // From v5 the protocol type and name are mandatory.
    assert_eq!(w.call(5, &sync).error_code, INCONSISTENT_GROUP_PROTOCOL);
    let sync = sync
        .with_protocol_type(Some(s("consumer")))
        .with_protocol_name(Some(s("range")));
    let r = w.call(5, &sync);
    assert_eq!(r.error_code, NONE);
    assert_eq!(&r.assignment[..], b"assignment-bytes");
    (member_id, generation)
}

#[test]
fn find_coordinator_answers_this_node_for_groups_and_transactions() {
    let broker = Broker::start();
    let port: i32 = broker
        .bootstrap()
        .rsplit(':')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let mut w = Wire::connect(&broker.bootstrap());
    wait_for_coordinator(&mut w, "some-group");
    for version in [0, 1, 2, 3] {
        let req = FindCoordinatorRequest::default().with_key(s("some-group"));
        let r = w.call(version, &req);
        assert_eq!(r.error_code, NONE, "v{version}");
        assert_eq!(r.port, port, "v{version}");
        assert_eq!(r.host.to_string(), "127.0.0.1", "v{version}");
    }
    let req = FindCoordinatorRequest::default().with_coordinator_keys(vec![s("a"), s("b"), s("c")]);
    let r = w.call(4, &req);
    let keys: Vec<_> = r.coordinators.iter().map(|c| c.key.to_string()).collect();
    assert_eq!(keys, ["a", "b", "c"]);
    assert!(r
        .coordinators
        .iter()
        .all(|c| c.error_code == NONE && c.port == port));
    if harness::against_kafka() {
        return; // the rest is Sluice's: its own offsets topic settings
    }
    // A transactional id's coordinator is this node too (tests/integration/transactions.rs).
    let txn = FindCoordinatorRequest::default()
        .with_key_type(1)
        .with_coordinator_keys(vec![s("txn")]);
    // Once `__transaction_state` (created on the first such request) is loaded.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        let found = w.call(6, &txn);
        let c = &found.coordinators[0];
        if c.error_code == NONE {
            assert_eq!(c.port, port);
            break;
        }
        assert!(
            [14, 15].contains(&c.error_code) && std::time::Instant::now() < deadline,
            "FindCoordinator for a transactional id: {c:?}"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let bad = FindCoordinatorRequest::default()
        .with_key_type(9)
        .with_coordinator_keys(vec![s("x")]);
    assert_eq!(w.call(6, &bad).coordinators[0].error_code, INVALID_REQUEST);

    // The offsets topic now exists, is internal, and only the broker writes it.
    let batch = batch::builder::simple_batch(1, 10, harness::now_ms());
    let produce = ProduceRequest::default()
        .with_acks(-1)
        .with_timeout_ms(5000)
        .with_topic_data(vec![TopicProduceData::default()
            .with_name(TopicName(s("__consumer_offsets")))
            .with_partition_data(vec![PartitionProduceData::default()
                .with_index(0)
                .with_records(Some(Bytes::from(batch)))])]);
    let r = w.call(9, &produce);
    assert_eq!(
        r.responses[0].partition_responses[0].error_code,
        INVALID_TOPIC_EXCEPTION
    );
    let metadata = w.call(
        12,
        &MetadataRequest::default().with_topics(Some(vec![
            MetadataRequestTopic::default().with_name(Some(TopicName(s("__consumer_offsets"))))
        ])),
    );
    let topic = &metadata.topics[0];
    assert_eq!(topic.error_code, NONE);
    assert!(topic.is_internal);
    assert_eq!(topic.partitions.len(), 50, "offsets.topic.num.partitions");
}

#[test]
fn group_errors_get_kafka_error_codes_and_leave_the_group_intact() {
    let seed = harness::seed("group_errors");
    let broker = Broker::start_with(&[("group.initial.rebalance.delay.ms", "0")]);
    let mut w = Wire::connect(&broker.bootstrap());
    let topic = harness::topic_name("group_errors", seed);
    create_topic(&mut w, &topic, 3);
    let group = format!("g-{seed}");
    wait_for_coordinator(&mut w, &group);
    wait_for_coordinator(&mut w, "no-such-group");

    // Invalid requests never reach a group.
    assert_eq!(
        w.call(6, &join("", "", None, 10_000, &topic)).error_code,
        INVALID_GROUP_ID
    );
    assert_eq!(
        w.call(6, &join(&group, "", None, 10, &topic)).error_code,
        INVALID_SESSION_TIMEOUT,
        "below group.min.session.timeout.ms"
    );
    assert_eq!(
        w.call(6, &join(&group, "", None, 3_600_000, &topic))
            .error_code,
        INVALID_SESSION_TIMEOUT,
        "above group.max.session.timeout.ms"
    );
    assert_eq!(
        heartbeat(&mut w, "no-such-group", 1, "m", None),
        UNKNOWN_MEMBER_ID
    );

    let (member, generation) = stable_member(&mut w, &group, None, &topic);
    assert_eq!(heartbeat(&mut w, &group, generation, &member, None), NONE);
    assert_eq!(
        heartbeat(&mut w, &group, generation + 5, &member, None),
        ILLEGAL_GENERATION
    );
    assert_eq!(
        heartbeat(&mut w, &group, generation, "stranger", None),
        UNKNOWN_MEMBER_ID
    );

    // Commits: unknown topics and partitions per partition, the rest succeed.
    let metadata = Some("checkpoint-7".to_string());
    let results = commit(
        &mut w,
        &group,
        generation,
        &member,
        &[
            (&topic, 0, 42, metadata.clone()),
            (&topic, 9, 1, None),
            ("no-such-topic", 0, 1, None),
        ],
    );
    assert_eq!(
        results,
        // Kafka's order: refused partitions first, the coordinator's answers merged after.
        vec![
            (topic.clone(), 9, UNKNOWN_TOPIC_OR_PARTITION),
            (topic.clone(), 0, NONE),
            ("no-such-topic".to_string(), 0, UNKNOWN_TOPIC_OR_PARTITION),
        ]
    );
    let too_long = Some("m".repeat(4097));
    assert_eq!(
        commit(
            &mut w,
            &group,
            generation,
            &member,
            &[(&topic, 1, 5, too_long)]
        )[0]
        .2,
        OFFSET_METADATA_TOO_LARGE
    );
    assert_eq!(
        commit(
            &mut w,
            &group,
            generation + 1,
            &member,
            &[(&topic, 1, 5, None)]
        )[0]
        .2,
        ILLEGAL_GENERATION
    );
    assert_eq!(
        commit(
            &mut w,
            &group,
            generation,
            "stranger",
            &[(&topic, 1, 5, None)]
        )[0]
        .2,
        UNKNOWN_MEMBER_ID
    );
    assert_eq!(
        commit(&mut w, &group, -1, "", &[(&topic, 1, 5, None)])[0].2,
        UNKNOWN_MEMBER_ID,
        "a simple (generation -1) commit into a group with members"
    );

    // Sync with the wrong generation; a second SyncGroup of the right one still works.
    let stale_sync = SyncGroupRequest::default()
        .with_group_id(gid(&group))
        .with_generation_id(generation - 1)
        .with_member_id(s(&member));
    assert_eq!(w.call(4, &stale_sync).error_code, ILLEGAL_GENERATION);

    // None of it disturbed the member: it still heartbeats, its commit is there.
    assert_eq!(heartbeat(&mut w, &group, generation, &member, None), NONE);
    assert_eq!(
        fetch_offsets(&mut w, &group),
        vec![(topic.clone(), 0, 42, "checkpoint-7".to_string())]
    );

    // Admin: a non-empty group cannot be deleted; unknown groups are not found; Describe
    // shows the member; List includes the group.
    let delete = |w: &mut Wire, g: &str| {
        let req = DeleteGroupsRequest::default().with_groups_names(vec![gid(g)]);
        w.call(2, &req).results[0].error_code
    };
    assert_eq!(delete(&mut w, &group), NON_EMPTY_GROUP);
    assert_eq!(delete(&mut w, "no-such-group"), GROUP_ID_NOT_FOUND);
    let described = w.call(
        5,
        &DescribeGroupsRequest::default().with_groups(vec![gid(&group), gid("no-such-group")]),
    );
    // Kafka answers per coordinator partition, not necessarily in request order.
    let by_id = |id: &str| {
        described
            .groups
            .iter()
            .find(|g| g.group_id.0.as_str() == id)
            .unwrap_or_else(|| panic!("{id} not described"))
    };
    let described_group = by_id(&group);
    assert_eq!(described_group.error_code, NONE);
    assert_eq!(described_group.group_state.to_string(), "Stable");
    assert_eq!(described_group.members.len(), 1);
    assert_eq!(described_group.members[0].member_id.to_string(), member);
    assert_eq!(described_group.protocol_data.to_string(), "range");
    assert_eq!(by_id("no-such-group").group_state.to_string(), "Dead");
    let listed = w.call(4, &ListGroupsRequest::default());
    assert_eq!(listed.error_code, NONE);
    assert!(listed
        .groups
        .iter()
        .any(|g| g.group_id.0.to_string() == group && g.group_state.to_string() == "Stable"));

    // LeaveGroup v3+ answers per member; the group then becomes Empty and can be deleted,
    // its offsets with it.
    let leave = LeaveGroupRequest::default()
        .with_group_id(gid(&group))
        .with_members(vec![
            MemberIdentity::default().with_member_id(s("stranger")),
            MemberIdentity::default().with_member_id(s(&member)),
        ]);
    let r = w.call(3, &leave);
    assert_eq!(r.error_code, NONE);
    let codes: Vec<_> = r.members.iter().map(|m| m.error_code).collect();
    assert_eq!(codes, [UNKNOWN_MEMBER_ID, NONE]);
    assert_eq!(
        commit(&mut w, &group, -1, "", &[(&topic, 2, 7, None)])[0].2,
        NONE,
        "simple commits into an empty group"
    );
    assert_eq!(delete(&mut w, &group), NONE);
    assert_eq!(fetch_offsets(&mut w, &group), vec![]);
}

#[test]
fn static_members_are_fenced_by_their_replacement() {
    let seed = harness::seed("static_fenced");
    let broker = Broker::start_with(&[("group.initial.rebalance.delay.ms", "0")]);
    let mut w = Wire::connect(&broker.bootstrap());
    let topic = harness::topic_name("static_fenced", seed);
    create_topic(&mut w, &topic, 2);
    let group = format!("static-{seed}");
    let (old, generation) = stable_member(&mut w, &group, Some("instance-1"), &topic);
    // The same instance joins again without its member id (a restart): it replaces the old
    // member id without a rebalance, and the old one is fenced.
    let r = w.call(6, &join(&group, "", Some("instance-1"), 10_000, &topic));
    assert_eq!(r.error_code, NONE);
    let new = r.member_id.to_string();
    assert_ne!(new, old);
    assert_eq!(
        r.generation_id, generation,
        "no rebalance for a static rejoin"
    );
    assert_eq!(
        heartbeat(&mut w, &group, generation, &old, Some("instance-1")),
        FENCED_INSTANCE_ID
    );
    assert_eq!(
        heartbeat(&mut w, &group, generation, &new, Some("instance-1")),
        NONE
    );
    // A second, dynamic member makes the group rebalance; the static one learns it from its
    // heartbeat, as Kafka's clients do.
    let r = w.call(6, &join(&group, "", None, 10_000, &topic));
    assert_eq!(r.error_code, MEMBER_ID_REQUIRED);
    let mut w2 = Wire::connect(&broker.bootstrap());
    let dynamic = r.member_id.to_string();
    let id = w2.send(6, &join(&group, &dynamic, None, 10_000, &topic));
    // The join travels on another connection: heartbeats succeed until it has arrived.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        match heartbeat(&mut w, &group, generation, &new, Some("instance-1")) {
            REBALANCE_IN_PROGRESS => break,
            NONE => {
                assert!(
                    std::time::Instant::now() < deadline,
                    "heartbeats never learned of the second member's join"
                );
                std::thread::sleep(std::time::Duration::from_millis(10))
            }
            other => panic!("heartbeat during the second member's join: {other}"),
        }
    }
    let r = w.call(6, &join(&group, &new, Some("instance-1"), 10_000, &topic));
    assert_eq!(r.error_code, NONE);
    assert_eq!(r.generation_id, generation + 1);
    let (got, r2) = w2.recv::<JoinGroupRequest>(6);
    assert_eq!(got, id);
    assert_eq!(r2.error_code, NONE);
    assert_eq!(r2.generation_id, generation + 1);
}

/// `__consumer_offsets` stays bounded: the log cleaner compacts it (one record per group and
/// partition survives), and the latest commits survive a SIGKILL and a reload from the
/// compacted partition.
#[test]
fn offsets_partition_is_compacted_by_the_cleaner() {
    const TOPIC_PARTITIONS: i32 = 100;
    const ROUNDS: i64 = 300; // 30,000 commit records, ~2.5 MB
    /// Bound on the compacted partition: 100 live records plus an active segment of at most
    /// `offsets.topic.segment.bytes` (1 MiB, the least `segment.bytes` allows), with room for
    /// the empty batches kept.
    const COMPACTED_BYTES_MAX: u64 = (1 << 20) + 128 * 1024;
    if harness::against_kafka() {
        return; // Kafka's cleaner runs on its own schedule; the bound below is Sluice's
    }
    let seed = harness::seed("offsets_rewrite");
    let mut broker = Broker::start_with(&[
        ("log.cleaner.backoff.ms", "100"),
        ("offsets.topic.segment.bytes", "1048576"),
    ]);
    let mut w = Wire::connect(&broker.bootstrap());
    let topic = harness::topic_name("offsets_rewrite", seed);
    create_topic(&mut w, &topic, TOPIC_PARTITIONS);
    let group = format!("rewrite-{seed}");
    wait_for_coordinator(&mut w, &group);
    let mut sent = Vec::new();
    for round in 0..ROUNDS {
        let partitions = (0..TOPIC_PARTITIONS)
            .map(|p| {
                OffsetCommitRequestPartition::default()
                    .with_partition_index(p)
                    .with_committed_offset(round * 1000 + i64::from(p))
            })
            .collect();
        let req = OffsetCommitRequest::default()
            .with_group_id(gid(&group))
            .with_generation_id_or_member_epoch(-1)
            .with_topics(vec![OffsetCommitRequestTopic::default()
                .with_name(TopicName(s(&topic)))
                .with_partitions(partitions)]);
        sent.push(w.send(8, &req));
    }
    for id in sent {
        let (got, r) = w.recv::<OffsetCommitRequest>(8);
        assert_eq!(got, id);
        assert!(r.topics[0].partitions.iter().all(|p| p.error_code == NONE));
    }
    let offsets_bytes = |broker: &Broker| -> u64 {
        std::fs::read_dir(broker.data_dir())
            .expect("data dir")
            .filter_map(Result::ok)
            .filter(|e| {
                e.file_name()
                    .to_string_lossy()
                    .starts_with("__consumer_offsets-")
            })
            .flat_map(|e| std::fs::read_dir(e.path()).expect("partition dir"))
            .filter_map(Result::ok)
            .filter(|f| f.file_name().to_string_lossy().ends_with(".log"))
            .map(|f| f.metadata().map_or(0, |m| m.len()))
            .sum()
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        let bytes = offsets_bytes(&broker);
        if bytes <= COMPACTED_BYTES_MAX {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "__consumer_offsets still {bytes} bytes\n{}",
            broker.logs()
        );
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    broker.kill9();
    broker.restart();
    let expected: std::collections::BTreeMap<i32, i64> = (0..TOPIC_PARTITIONS)
        .map(|p| (p, (ROUNDS - 1) * 1000 + i64::from(p)))
        .collect();
    assert_eq!(
        crate::groups::committed(&broker, &group, &topic),
        expected,
        "the latest commits after compaction and a reload"
    );
}

/// Random mutations of valid requests of every group API: the broker answers or closes the
/// connection, and afterwards a normal member still joins, commits and reads its offsets back.
/// Seeded; replay with SLUICE_TEST_SEED.
#[test]
fn mutated_group_requests_never_take_the_broker_down() {
    use kafka_protocol::messages::consumer_group_describe_request::ConsumerGroupDescribeRequest;
    use kafka_protocol::messages::consumer_group_heartbeat_request::ConsumerGroupHeartbeatRequest;
    use kafka_protocol::messages::offset_delete_request::{
        OffsetDeleteRequest, OffsetDeleteRequestPartition, OffsetDeleteRequestTopic,
    };
    use kafka_protocol::messages::offset_fetch_request::OffsetFetchRequestTopic;
    let seed = harness::seed("mutated_group_requests");
    let mut rng = seed | 1;
    let mut next = move || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    let broker = Broker::start_with(&[("group.initial.rebalance.delay.ms", "0")]);
    let mut w = Wire::connect(&broker.bootstrap());
    create_topic(&mut w, "fz", 2);
    let g = "fz-group";
    let commit_req = OffsetCommitRequest::default()
        .with_group_id(gid(g))
        .with_generation_id_or_member_epoch(-1)
        .with_topics(vec![OffsetCommitRequestTopic::default()
            .with_name(TopicName(s("fz")))
            .with_partitions(vec![OffsetCommitRequestPartition::default()
                .with_partition_index(1)
                .with_committed_offset(3)
                .with_committed_metadata(Some(s("meta")))])]);
    let fetch_req = OffsetFetchRequest::default()
        .with_group_id(gid(g))
        .with_topics(Some(vec![OffsetFetchRequestTopic::default()
            .with_name(TopicName(s("fz")))
            .with_partition_indexes(vec![0, 1])]));
    let sync_req = SyncGroupRequest::default()
        .with_group_id(gid(g))
        .with_generation_id(1)
        .with_member_id(s("m"))
        .with_assignments(vec![SyncGroupRequestAssignment::default()
            .with_member_id(s("m"))
            .with_assignment(subscription(&["fz"]))]);
    let leave_v0 = LeaveGroupRequest::default()
        .with_group_id(gid(g))
        .with_member_id(s("m"));
    let leave_v3 = LeaveGroupRequest::default()
        .with_group_id(gid(g))
        .with_members(vec![MemberIdentity::default().with_member_id(s("m"))]);
    let cgh_req = ConsumerGroupHeartbeatRequest::default()
        .with_group_id(gid("fz-848"))
        .with_member_id(s("abcdefghijklmnopqrstuv"))
        .with_member_epoch(0)
        .with_rebalance_timeout_ms(5000)
        .with_subscribed_topic_names(Some(vec![TopicName(s("fz"))]));
    let offset_delete_req = OffsetDeleteRequest::default()
        .with_group_id(gid(g))
        .with_topics(vec![OffsetDeleteRequestTopic::default()
            .with_name(TopicName(s("fz")))
            .with_partitions(vec![
                OffsetDeleteRequestPartition::default().with_partition_index(0)
            ])]);
    let mut valid: Vec<Vec<u8>> = Vec::new();
    for v in [0, 3] {
        let req = FindCoordinatorRequest::default().with_key(s(g));
        valid.push(Wire::encode(v, 1, &req));
    }
    for v in [4, 6] {
        let req = FindCoordinatorRequest::default().with_coordinator_keys(vec![s(g)]);
        valid.push(Wire::encode(v, 1, &req));
    }
    valid.push(Wire::encode(
        0,
        1,
        &join(g, "", None, 10_000, "fz").with_rebalance_timeout_ms(-1),
    ));
    for v in [2, 5, 7, 9] {
        valid.push(Wire::encode(v, 1, &join(g, "", None, 10_000, "fz")));
    }
    for v in [0, 3, 5] {
        valid.push(Wire::encode(v, 1, &sync_req));
    }
    for v in [0, 4] {
        valid.push(Wire::encode(
            v,
            1,
            &HeartbeatRequest::default().with_group_id(gid(g)),
        ));
    }
    valid.push(Wire::encode(0, 1, &leave_v0));
    for v in [3, 5] {
        valid.push(Wire::encode(v, 1, &leave_v3));
    }
    for v in [2, 5, 8, 9] {
        valid.push(Wire::encode(v, 1, &commit_req));
    }
    for v in [1, 5, 7] {
        valid.push(Wire::encode(v, 1, &fetch_req));
    }
    for v in [8, 9] {
        valid.push(Wire::encode(
            v,
            1,
            &OffsetFetchRequest::default().with_groups(vec![OffsetFetchRequestGroup::default()
                .with_group_id(gid(g))
                .with_topics(None)]),
        ));
    }
    for v in [0, 5] {
        valid.push(Wire::encode(v, 1, &ListGroupsRequest::default()));
        valid.push(Wire::encode(
            v,
            1,
            &DescribeGroupsRequest::default().with_groups(vec![gid(g)]),
        ));
    }
    valid.push(Wire::encode(
        2,
        1,
        &DeleteGroupsRequest::default().with_groups_names(vec![gid("x")]),
    ));
    valid.push(Wire::encode(0, 1, &offset_delete_req));
    for v in [0, 1] {
        valid.push(Wire::encode(v, 1, &cgh_req));
        valid.push(Wire::encode(
            v,
            1,
            &ConsumerGroupDescribeRequest::default().with_group_ids(vec![gid("fz-848")]),
        ));
    }
    let (answered, closed) =
        crate::wire::send_mutations(&broker.bootstrap(), &valid, 1500, &mut next);
    eprintln!("mutated group requests: {answered} answered, {closed} closed or unanswered");

    // Still healthy: a fresh member forms its own group and commits.
    let mut good = Wire::connect(&broker.bootstrap());
    let healthy = format!("healthy-{seed}");
    let (member, generation) = stable_member(&mut good, &healthy, None, "fz");
    assert_eq!(
        commit(
            &mut good,
            &healthy,
            generation,
            &member,
            &[("fz", 0, 9, None)]
        ),
        vec![("fz".to_string(), 0, NONE)]
    );
    assert_eq!(
        fetch_offsets(&mut good, &healthy),
        vec![("fz".to_string(), 0, 9, String::new())]
    );
}

/// A KIP-848 regex subscription matches internal and `__`-prefixed topics: Kafka resolves the
/// pattern against every topic of its metadata image (`GroupMetadataManager.
/// refreshRegularExpressions`) and leaves excluding internal topics to the client. The member
/// heartbeats until its assignment names both `__consumer_offsets` and a `__`-prefixed user
/// topic (Kafka resolves patterns asynchronously, so the first answers may assign nothing).
#[test]
fn regex_subscription_matches_internal_topics() {
    use kafka_protocol::messages::consumer_group_heartbeat_request::{
        ConsumerGroupHeartbeatRequest, TopicPartitions,
    };
    use std::collections::{BTreeMap, BTreeSet};
    use std::time::{Duration, Instant};
    let seed = harness::seed("regex_subscription_matches_internal_topics");
    let broker = Broker::start();
    let mut w = Wire::connect(&broker.bootstrap());
    let hidden = format!("__regex-{seed}");
    create_topic(&mut w, &hidden, 2);
    let group = format!("regex-internal-{seed}");
    // Makes Kafka create __consumer_offsets (Sluice creates it on first use as well).
    wait_for_coordinator(&mut w, &group);
    let metadata = w.call(
        12,
        &MetadataRequest::default().with_topics(Some(
            ["__consumer_offsets", hidden.as_str()]
                .map(|t| MetadataRequestTopic::default().with_name(Some(TopicName(s(t)))))
                .to_vec(),
        )),
    );
    let ids: BTreeMap<String, _> = metadata
        .topics
        .iter()
        .map(|t| {
            assert_eq!(t.error_code, NONE, "{t:?}");
            (t.name.as_ref().expect("name").to_string(), t.topic_id)
        })
        .collect();
    let wanted: BTreeSet<_> = ids.values().copied().collect();
    assert_eq!(wanted.len(), 2, "{ids:?}");

    let member = uuid_like(seed);
    let mut epoch = 0;
    let mut owned: Vec<TopicPartitions> = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let req = ConsumerGroupHeartbeatRequest::default()
            .with_group_id(gid(&group))
            .with_member_id(s(&member))
            .with_member_epoch(epoch)
            .with_rebalance_timeout_ms(if epoch == 0 { 30_000 } else { -1 })
            .with_subscribed_topic_regex(
                (epoch == 0).then(|| s(&format!("__consumer_offsets|{hidden}"))),
            )
            .with_topic_partitions(Some(owned.clone()));
        let r = w.call(1, &req);
        assert_eq!(r.error_code, NONE, "{r:?}");
        epoch = r.member_epoch;
        if let Some(assignment) = r.assignment {
            owned = assignment
                .topic_partitions
                .into_iter()
                .map(|tp| {
                    TopicPartitions::default()
                        .with_topic_id(tp.topic_id)
                        .with_partitions(tp.partitions)
                })
                .collect();
        }
        let assigned: BTreeSet<_> = owned.iter().map(|tp| tp.topic_id).collect();
        if assigned == wanted {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "assignment {owned:?} never covered {ids:?}"
        );
        // The member heartbeats as a consumer does, only faster than the broker asks.
        let interval = u64::try_from(r.heartbeat_interval_ms.clamp(1, 200)).expect("positive");
        std::thread::sleep(Duration::from_millis(interval));
    }
    let hidden_partitions: Vec<i32> = owned
        .iter()
        .find(|tp| tp.topic_id == ids[&hidden])
        .map(|tp| tp.partitions.clone())
        .expect("assigned");
    assert_eq!(hidden_partitions.len(), 2);
}

/// A member id as clients make them (22 characters, base64 of a UUID), derived from the seed.
fn uuid_like(seed: u64) -> String {
    format!("{seed:0>22}")
}
