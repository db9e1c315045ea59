//! Consumer groups with real clients: members of one group (each a client program's `group`
//! command, tests/clients/README.md) share a 12-partition topic while members join, leave
//! (SIGTERM), die (SIGKILL) and restart; static members come back without a rebalance;
//! committed offsets survive a broker kill -9.
//!
//! What every scenario checks, from the members' own output:
//! - no record is skipped: every produced offset of every partition is consumed by someone;
//! - consumption resumes exactly from committed offsets: no record is covered by successful
//!   commits of two different members (a second member may re-read only what the first had not
//!   committed, as at-least-once allows);
//! - the live members' assignments are disjoint and cover all partitions once settled;
//! - at the end the group's committed offsets are the partitions' end offsets.

use crate::clients::Client;
use crate::harness::{self, Broker, Streaming};
use crate::wire::Wire;
use bytes::Bytes;
use kafka_protocol::messages::create_topics_request::{CreatableTopic, CreateTopicsRequest};
use kafka_protocol::messages::offset_fetch_request::{OffsetFetchRequest, OffsetFetchRequestGroup};
use kafka_protocol::messages::produce_request::{
    PartitionProduceData, ProduceRequest, TopicProduceData,
};
use kafka_protocol::messages::{GroupId, TopicName};
use kafka_protocol::protocol::StrBytes;
use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;
use std::time::{Duration, Instant};

pub const PARTITIONS: i32 = 12;
/// Records produced per partition in each round.
const ROUND_RECORDS: i64 = 10;
/// Limit for a group to settle or records to arrive: a JVM member needs ~2 s to start, a
/// rebalance a few hundred ms, a dead member's session 6 s.
const SETTLE_TIMEOUT: Duration = Duration::from_secs(60);
/// Member session timeout: Kafka's smallest default-allowed value, so SIGKILL tests are short.
const SESSION_TIMEOUT_MS: &str = "6000";

/// Broker settings for group tests: no initial rebalance delay (members join one by one on
/// purpose) and short KIP-848 sessions so a killed member is noticed in seconds.
pub const GROUP_BROKER_SETTINGS: &[(&str, &str)] = &[
    ("group.initial.rebalance.delay.ms", "0"),
    ("group.consumer.min.session.timeout.ms", "1000"),
    ("group.consumer.session.timeout.ms", SESSION_TIMEOUT_MS),
    ("group.consumer.min.heartbeat.interval.ms", "500"),
    ("group.consumer.heartbeat.interval.ms", "1000"),
];

fn s(v: &str) -> StrBytes {
    StrBytes::from_string(v.to_string())
}

pub fn create_topic(broker: &Broker, topic: &str, partitions: i32) {
    let mut w = Wire::connect(&broker.bootstrap());
    let req = CreateTopicsRequest::default()
        .with_timeout_ms(5000)
        .with_topics(vec![CreatableTopic::default()
            .with_name(TopicName(s(topic)))
            .with_num_partitions(partitions)
            .with_replication_factor(1)]);
    assert_eq!(w.call(7, &req).topics[0].error_code, 0, "create {topic}");
}

/// Appends `count` records to every partition (value `p<P>-<offset>`), acks=all, and advances
/// `ends`. Partitions refused with a retriable error (Kafka answers NOT_LEADER_OR_FOLLOWER for a
/// moment after creating a topic) are sent again, as clients do.
pub fn produce_round(broker: &Broker, topic: &str, ends: &mut BTreeMap<i32, i64>, count: i64) {
    const UNKNOWN_TOPIC_OR_PARTITION: i16 = 3;
    const NOT_LEADER_OR_FOLLOWER: i16 = 6;
    let mut w = Wire::connect(&broker.bootstrap());
    let mut pending: BTreeSet<i32> = (0..PARTITIONS).collect();
    let deadline = Instant::now() + SETTLE_TIMEOUT;
    while !pending.is_empty() {
        assert!(
            Instant::now() < deadline,
            "partitions {pending:?} refuse records"
        );
        let partitions = pending
            .iter()
            .map(|p| {
                let base = *ends.get(p).unwrap_or(&0);
                let mut builder =
                    batch::builder::BatchBuilder::new().base_timestamp_ms(harness::now_ms());
                for (i, o) in (base..base + count).enumerate() {
                    let value = format!("p{p}-{o}");
                    builder = builder.record(i as i64, Some(b"k"), Some(value.as_bytes()));
                }
                PartitionProduceData::default()
                    .with_index(*p)
                    .with_records(Some(Bytes::from(builder.build())))
            })
            .collect();
        let req = ProduceRequest::default()
            .with_acks(-1)
            .with_timeout_ms(10_000)
            .with_topic_data(vec![TopicProduceData::default()
                .with_name(TopicName(s(topic)))
                .with_partition_data(partitions)]);
        for p in &w.call(9, &req).responses[0].partition_responses {
            match p.error_code {
                0 => {
                    let end = ends.entry(p.index).or_insert(0);
                    assert_eq!(
                        p.base_offset, *end,
                        "dense offsets in partition {}",
                        p.index
                    );
                    *end += count;
                    pending.remove(&p.index);
                }
                UNKNOWN_TOPIC_OR_PARTITION | NOT_LEADER_OR_FOLLOWER => {}
                other => panic!("produce to partition {}: error {other}", p.index),
            }
        }
        if !pending.is_empty() {
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

/// The group's committed offsets (OffsetFetch v8), by partition of `topic`.
pub fn committed(broker: &Broker, group: &str, topic: &str) -> BTreeMap<i32, i64> {
    let mut w = Wire::connect(&broker.bootstrap());
    let req = OffsetFetchRequest::default().with_groups(vec![OffsetFetchRequestGroup::default()
        .with_group_id(GroupId(s(group)))
        .with_topics(None)]);
    let r = w.call(8, &req);
    assert_eq!(r.groups[0].error_code, 0);
    r.groups[0]
        .topics
        .iter()
        .filter(|t| t.name.0.as_str() == topic)
        .flat_map(|t| {
            t.partitions
                .iter()
                .map(|p| (p.partition_index, p.committed_offset))
        })
        .collect()
}

/// How a member joins.
#[derive(Clone, Debug)]
pub struct MemberSpec {
    pub client: Client,
    /// `classic` or `consumer` (KIP-848).
    pub protocol: &'static str,
    pub assignor: &'static str,
    pub instance_id: Option<String>,
}

impl MemberSpec {
    pub fn classic(client: Client, assignor: &'static str) -> MemberSpec {
        MemberSpec {
            client,
            protocol: "classic",
            assignor,
            instance_id: None,
        }
    }

    pub fn consumer(client: Client, assignor: &'static str) -> MemberSpec {
        MemberSpec {
            client,
            protocol: "consumer",
            assignor,
            instance_id: None,
        }
    }
}

/// One running member and what it printed.
pub struct Member {
    pub name: String,
    proc: Streaming,
    pub alive: bool,
}

impl Member {
    pub fn start(
        name: &str,
        spec: &MemberSpec,
        broker: &Broker,
        topic: &str,
        group: &str,
    ) -> Member {
        Member::start_at(name, spec, &broker.bootstrap(), topic, group)
    }

    /// [`Member::start`] against any bootstrap list (a cluster's nodes).
    pub fn start_at(
        name: &str,
        spec: &MemberSpec,
        bootstrap: &str,
        topic: &str,
        group: &str,
    ) -> Member {
        let mut cmd: Command = spec.client.command();
        cmd.args(["group", "--bootstrap", bootstrap, "--topic", topic])
            .args(["--group", group, "--protocol", spec.protocol])
            .args(["--assignor", spec.assignor])
            .args(["--session-timeout-ms", SESSION_TIMEOUT_MS])
            .args(["--client-id", name]);
        if let Some(id) = &spec.instance_id {
            cmd.args(["--instance-id", id]);
        }
        Member {
            name: name.to_string(),
            proc: Streaming::spawn(&mut cmd),
            alive: true,
        }
    }

    fn lines(&self) -> &[String] {
        &self.proc.seen
    }

    /// (partition, offset) of every record this member printed, in order.
    pub fn records(&self) -> Vec<(i32, i64)> {
        self.lines()
            .iter()
            .filter_map(|l| {
                let f: Vec<&str> = l.split(' ').collect();
                if f.first() != Some(&"grec") || f.len() < 4 {
                    return None;
                }
                Some((f[2].parse().ok()?, f[3].parse().ok()?))
            })
            .collect()
    }

    /// The highest offset this member successfully committed per partition.
    pub fn commits(&self) -> BTreeMap<i32, i64> {
        let mut out = BTreeMap::new();
        for l in self.lines() {
            let f: Vec<&str> = l.split(' ').collect();
            if f.first() == Some(&"committed") && f.len() == 4 {
                if let (Ok(p), Ok(o)) = (f[2].parse::<i32>(), f[3].parse::<i64>()) {
                    let e = out.entry(p).or_insert(o);
                    *e = (*e).max(o);
                }
            }
        }
        out
    }

    /// The records this member consumed and then committed: each batch of `grec` lines is
    /// followed by its commit's outcome, `committed` lines or one `commitfail` (a batch whose
    /// commit failed was not this member's to keep, even if it commits that partition later,
    /// after getting it back).
    pub fn committed_records(&self) -> Vec<(i32, i64)> {
        let mut out = Vec::new();
        let mut batch: Vec<(i32, i64)> = Vec::new();
        let mut outcome_seen = false;
        for l in self.lines() {
            let f: Vec<&str> = l.split(' ').collect();
            match f.first().copied() {
                Some("grec") if f.len() >= 4 => {
                    if outcome_seen {
                        batch.clear();
                        outcome_seen = false;
                    }
                    if let (Ok(p), Ok(o)) = (f[2].parse(), f[3].parse()) {
                        batch.push((p, o));
                    }
                }
                Some("committed") if f.len() == 4 => {
                    outcome_seen = true;
                    if let (Ok(p), Ok(end)) = (f[2].parse::<i32>(), f[3].parse::<i64>()) {
                        out.extend(batch.iter().filter(|(bp, o)| *bp == p && *o < end));
                    }
                }
                Some("commitfail") => {
                    batch.clear();
                    outcome_seen = false;
                }
                _ => {}
            }
        }
        out
    }

    /// The member's current assignment (its last `assigned` line).
    pub fn assignment(&self) -> BTreeSet<i32> {
        self.lines()
            .iter()
            .rev()
            .find_map(|l| l.strip_prefix("assigned"))
            .map(|rest| {
                rest.trim()
                    .split(',')
                    .filter(|tp| !tp.is_empty())
                    .filter_map(|tp| tp.rsplit(':').next()?.parse().ok())
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn assigned_lines(&self) -> usize {
        self.lines()
            .iter()
            .filter(|l| l.starts_with("assigned"))
            .count()
    }

    pub fn poll(&mut self) {
        self.proc.poll();
    }

    /// SIGTERM: a graceful close (a dynamic member leaves the group).
    pub fn stop(&mut self) {
        self.proc.signal(libc::SIGTERM);
        self.alive = false;
    }

    /// SIGKILL: the member dies without a word.
    pub fn kill(&mut self) {
        self.proc.signal(libc::SIGKILL);
        self.alive = false;
    }

    /// Waits for the member's `closed` line after `stop`.
    pub fn wait_closed(&mut self) -> bool {
        self.proc
            .wait_for(SETTLE_TIMEOUT, |seen| seen.iter().any(|l| l == "closed"))
    }

    pub fn describe(&self) -> String {
        let tail: Vec<&String> = self.lines().iter().rev().take(12).collect();
        format!(
            "{}: {} lines, last: {:?}",
            self.name,
            self.lines().len(),
            tail
        )
    }
}

/// Polls all members until `done` holds; panics with every member's recent output otherwise.
pub fn wait_until(members: &mut [Member], what: &str, done: impl Fn(&[Member]) -> bool) {
    let deadline = Instant::now() + SETTLE_TIMEOUT;
    loop {
        for m in members.iter_mut() {
            m.poll();
        }
        if done(members) {
            return;
        }
        if Instant::now() > deadline {
            let described: Vec<String> = members.iter().map(Member::describe).collect();
            panic!("timed out waiting for {what}\n{}", described.join("\n"));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// What the coordinator holds for `group` once it calls the group Stable: each member's
/// partitions of `topic`, by client id (the members' names). None while it rebalances.
fn stable_assignments(
    broker: &Broker,
    group: &str,
    topic: &str,
    protocol: &str,
) -> Option<BTreeMap<String, BTreeSet<i32>>> {
    use bytes::Buf;
    use kafka_protocol::messages::consumer_group_describe_request::ConsumerGroupDescribeRequest;
    use kafka_protocol::messages::describe_groups_request::DescribeGroupsRequest;
    use kafka_protocol::messages::ConsumerProtocolAssignment;
    use kafka_protocol::protocol::Decodable;
    let mut w = Wire::connect(&broker.bootstrap());
    let mut out = BTreeMap::new();
    if protocol == "consumer" {
        let req = ConsumerGroupDescribeRequest::default().with_group_ids(vec![GroupId(s(group))]);
        let g = w.call(0, &req).groups.swap_remove(0);
        if g.error_code != 0 || g.group_state.as_str() != "Stable" {
            return None;
        }
        for m in g.members {
            let partitions = m.assignment.topic_partitions.into_iter();
            let owned = partitions.filter(|t| t.topic_name.0.as_str() == topic);
            out.insert(
                m.client_id.to_string(),
                owned.flat_map(|t| t.partitions).collect(),
            );
        }
    } else {
        let req = DescribeGroupsRequest::default().with_groups(vec![GroupId(s(group))]);
        let g = w.call(5, &req).groups.swap_remove(0);
        if g.error_code != 0 || g.group_state.as_str() != "Stable" {
            return None;
        }
        for m in g.members {
            let mut bytes = m.member_assignment;
            // Empty until the member synced; else a version, then the assignment.
            let assigned = if bytes.is_empty() {
                Vec::new()
            } else {
                let version = bytes.get_i16().min(3);
                ConsumerProtocolAssignment::decode(&mut bytes, version)
                    .expect("a consumer protocol assignment")
                    .assigned_partitions
            };
            let owned = assigned.into_iter().filter(|t| t.topic.0.as_str() == topic);
            out.insert(
                m.client_id.to_string(),
                owned.flat_map(|t| t.partitions).collect(),
            );
        }
    }
    Some(out)
}

/// Waits until the coordinator calls `group` Stable and every live member has printed the
/// assignment the coordinator holds for it: no line of the last rebalance is still on its way.
pub fn wait_until_stable(
    broker: &Broker,
    group: &str,
    topic: &str,
    protocol: &str,
    members: &mut [Member],
) {
    let deadline = Instant::now() + SETTLE_TIMEOUT;
    loop {
        for m in members.iter_mut() {
            m.poll();
        }
        let held = stable_assignments(broker, group, topic, protocol);
        let printed: BTreeMap<String, BTreeSet<i32>> = members
            .iter()
            .filter(|m| m.alive)
            .map(|m| (m.name.clone(), m.assignment()))
            .collect();
        if held.as_ref() == Some(&printed) {
            return;
        }
        if Instant::now() > deadline {
            let described: Vec<String> = members.iter().map(Member::describe).collect();
            panic!(
                "{group} not stable with the assignments its members printed: coordinator \
                 {held:?}, members {printed:?}\n{}",
                described.join("\n")
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Every produced record was consumed by someone.
pub fn all_consumed(members: &[Member], ends: &BTreeMap<i32, i64>) -> bool {
    let seen: BTreeSet<(i32, i64)> = members.iter().flat_map(Member::records).collect();
    ends.iter()
        .all(|(p, end)| (0..*end).all(|o| seen.contains(&(*p, o))))
}

/// The live members' assignments are disjoint, cover every partition, and none is empty
/// (there are more partitions than members).
pub fn settled(members: &[Member]) -> bool {
    let live: Vec<&Member> = members.iter().filter(|m| m.alive).collect();
    let mut union = BTreeSet::new();
    let mut total = 0;
    for m in &live {
        let a = m.assignment();
        if a.is_empty() {
            return false;
        }
        total += a.len();
        union.extend(a);
    }
    total == union.len() && union.len() == PARTITIONS as usize
}

/// No record is covered by successful commits of two different members.
pub fn check_commits_exclusive(members: &[Member]) {
    let mut owner: BTreeMap<(i32, i64), &str> = BTreeMap::new();
    for m in members {
        for (p, o) in m.committed_records() {
            if let Some(first) = owner.insert((p, o), &m.name) {
                assert_eq!(
                    first, m.name,
                    "partition {p} offset {o} was consumed and committed by both {first} and {} \
                     (consumption did not resume from the committed offset)",
                    m.name
                );
            }
        }
    }
}

/// Join, leave, die, join: the life of a group of four members (A, B, C, then D).
pub fn lifecycle_scenario(test: &str, specs: [MemberSpec; 4]) {
    let seed = harness::seed(test);
    let broker = Broker::start_with(GROUP_BROKER_SETTINGS);
    let topic = harness::topic_name(test, seed);
    let group = format!("{test}-{seed}");
    create_topic(&broker, &topic, PARTITIONS);
    let mut ends = BTreeMap::new();
    produce_round(&broker, &topic, &mut ends, ROUND_RECORDS);

    let names = ["A", "B", "C", "D"];
    let mut members: Vec<Member> = (0..3)
        .map(|i| Member::start(names[i], &specs[i], &broker, &topic, &group))
        .collect();
    wait_until(&mut members, "three members to share all records", |ms| {
        settled(ms) && all_consumed(ms, &ends)
    });

    // C leaves: its partitions move to A and B.
    members[2].stop();
    assert!(
        members[2].wait_closed(),
        "C closes: {}",
        members[2].describe()
    );
    produce_round(&broker, &topic, &mut ends, ROUND_RECORDS);
    wait_until(&mut members, "A and B to take over after C left", |ms| {
        settled(ms) && all_consumed(ms, &ends)
    });

    // B dies: after its session times out, A owns everything.
    members[1].kill();
    let killed_at = Instant::now();
    produce_round(&broker, &topic, &mut ends, ROUND_RECORDS);
    wait_until(&mut members, "A to take over after B was killed", |ms| {
        settled(ms) && all_consumed(ms, &ends)
    });
    eprintln!(
        "{test}: partitions of the killed member moved in {:?} (session timeout {SESSION_TIMEOUT_MS} ms)",
        killed_at.elapsed()
    );

    // D joins: A gives some partitions up.
    members.push(Member::start(names[3], &specs[3], &broker, &topic, &group));
    produce_round(&broker, &topic, &mut ends, ROUND_RECORDS);
    wait_until(&mut members, "A and D to share after D joined", |ms| {
        settled(ms) && all_consumed(ms, &ends)
    });

    for i in [0, 3] {
        members[i].stop();
    }
    for i in [0, 3] {
        assert!(members[i].wait_closed(), "{}", members[i].describe());
    }
    check_commits_exclusive(&members);
    assert_eq!(
        committed(&broker, &group, &topic),
        ends,
        "the group's committed offsets are the end offsets"
    );
}

#[test]
fn group_confluent_classic_range() {
    let spec = MemberSpec::classic(Client::Confluent, "range");
    lifecycle_scenario(
        "group_confluent_range",
        std::array::from_fn(|_| spec.clone()),
    );
}

#[test]
fn group_confluent_cooperative_sticky() {
    let spec = MemberSpec::classic(Client::Confluent, "cooperative-sticky");
    lifecycle_scenario(
        "group_confluent_coop",
        std::array::from_fn(|_| spec.clone()),
    );
}

#[test]
fn group_kafka_python() {
    let spec = MemberSpec::classic(Client::KafkaPython3, "range");
    lifecycle_scenario("group_kafka_python", std::array::from_fn(|_| spec.clone()));
}

#[test]
fn group_kafka_python_2() {
    let spec = MemberSpec::classic(Client::KafkaPython2, "roundrobin");
    lifecycle_scenario("group_kafka_python2", std::array::from_fn(|_| spec.clone()));
}

#[test]
fn group_kafkajs() {
    let spec = MemberSpec::classic(Client::KafkaJs, "roundrobin");
    lifecycle_scenario("group_kafkajs", std::array::from_fn(|_| spec.clone()));
}

#[test]
fn group_franz_cooperative_sticky() {
    let spec = MemberSpec::classic(Client::Franz, "cooperative-sticky");
    lifecycle_scenario("group_franz", std::array::from_fn(|_| spec.clone()));
}

#[test]
fn group_java_classic() {
    let spec = MemberSpec::classic(Client::Java, "range");
    lifecycle_scenario("group_java_classic", std::array::from_fn(|_| spec.clone()));
}

/// One group, four different clients, all speaking the classic protocol with the range
/// assignor (KafkaJS names its assignors differently, so it cannot share a group with them).
#[test]
fn group_mixed_clients() {
    lifecycle_scenario(
        "group_mixed",
        [
            MemberSpec::classic(Client::Confluent, "range"),
            MemberSpec::classic(Client::KafkaPython3, "range"),
            MemberSpec::classic(Client::Franz, "range"),
            MemberSpec::classic(Client::Java, "range"),
        ],
    );
}

/// Static members (KIP-345, and KIP-848's instance ids): one stops — killed, or closed as a
/// restart closes it — and starts again with the same instance id before its session ends; it
/// gets its partitions back and the others never see a rebalance.
pub fn static_restart_scenario(test: &str, base: MemberSpec, kill: bool) {
    let seed = harness::seed(test);
    let broker = Broker::start_with(GROUP_BROKER_SETTINGS);
    let topic = harness::topic_name(test, seed);
    let group = format!("{test}-{seed}");
    create_topic(&broker, &topic, PARTITIONS);
    let mut ends = BTreeMap::new();
    produce_round(&broker, &topic, &mut ends, ROUND_RECORDS);
    let spec = |i: usize| MemberSpec {
        instance_id: Some(format!("instance-{i}")),
        ..base.clone()
    };
    let mut members: Vec<Member> = (0..3)
        .map(|i| Member::start(&format!("S{i}"), &spec(i), &broker, &topic, &group))
        .collect();
    wait_until(&mut members, "three static members to settle", |ms| {
        settled(ms) && all_consumed(ms, &ends)
    });
    // Assignment changes are counted from the end of the last rebalance.
    wait_until_stable(&broker, &group, &topic, base.protocol, &mut members);
    let before: Vec<usize> = members.iter().map(Member::assigned_lines).collect();
    let owned = members[1].assignment();

    if kill {
        members[1].kill();
    } else {
        members[1].stop();
        assert!(members[1].wait_closed(), "{}", members[1].describe());
    }
    members.push(Member::start("S1-again", &spec(1), &broker, &topic, &group));
    produce_round(&broker, &topic, &mut ends, ROUND_RECORDS);
    wait_until(
        &mut members,
        "the restarted static member to consume",
        |ms| !ms[3].assignment().is_empty() && all_consumed(ms, &ends),
    );
    assert_eq!(
        members[3].assignment(),
        owned,
        "the restarted static member gets its partitions back"
    );
    for i in [0, 2] {
        assert_eq!(
            members[i].assigned_lines(),
            before[i],
            "{} saw a rebalance: {}",
            members[i].name,
            members[i].describe()
        );
    }
    check_commits_exclusive(&members);
}

#[test]
fn group_static_member_killed_and_restarted_confluent() {
    static_restart_scenario(
        "group_static_kill",
        MemberSpec::classic(Client::Confluent, "range"),
        true,
    );
}

#[test]
fn group_static_member_restarted_kafka_python() {
    static_restart_scenario(
        "group_static_kp",
        MemberSpec::classic(Client::KafkaPython3, "range"),
        false,
    );
}

#[test]
fn group_static_member_restarted_franz() {
    static_restart_scenario(
        "group_static_franz",
        MemberSpec::classic(Client::Franz, "range"),
        false,
    );
}

#[test]
fn group_static_member_restarted_java() {
    static_restart_scenario(
        "group_static_java",
        MemberSpec::classic(Client::Java, "range"),
        false,
    );
}

/// KIP-848: a static member that closes leaves with epoch -2, keeping its assignment for its
/// return.
#[test]
fn group_static_member_restarted_java_consumer_protocol() {
    static_restart_scenario(
        "group_static_java_kip848",
        MemberSpec::consumer(Client::Java, "uniform"),
        false,
    );
}

#[test]
fn group_static_member_restarted_confluent_consumer_protocol() {
    static_restart_scenario(
        "group_static_confluent_kip848",
        MemberSpec::consumer(Client::Confluent, "uniform"),
        false,
    );
}

/// Committed offsets are durable: after a broker SIGKILL and restart, a new member of the group
/// resumes exactly where the old one committed.
#[test]
fn group_offsets_survive_broker_kill9() {
    let test = "group_kill9";
    let seed = harness::seed(test);
    let mut broker = Broker::start_with(GROUP_BROKER_SETTINGS);
    let topic = harness::topic_name(test, seed);
    let group = format!("{test}-{seed}");
    create_topic(&broker, &topic, PARTITIONS);
    let mut ends = BTreeMap::new();
    produce_round(&broker, &topic, &mut ends, ROUND_RECORDS);
    let spec = MemberSpec::classic(Client::Confluent, "range");
    let mut members = vec![Member::start("before", &spec, &broker, &topic, &group)];
    wait_until(&mut members, "the member to consume and commit all", |ms| {
        all_consumed(ms, &ends) && ms[0].commits() == ends
    });
    members[0].kill();
    members[0].alive = false;
    broker.kill9();
    broker.restart();
    assert_eq!(
        committed(&broker, &group, &topic),
        ends,
        "commits after kill -9"
    );
    let resumed_from = ends.clone();
    produce_round(&broker, &topic, &mut ends, ROUND_RECORDS);
    members.push(Member::start("after", &spec, &broker, &topic, &group));
    wait_until(
        &mut members,
        "the new member to consume the new records",
        |ms| all_consumed(ms, &ends),
    );
    let mut first: BTreeMap<i32, i64> = BTreeMap::new();
    for (p, o) in members[1].records() {
        first.entry(p).or_insert(o);
    }
    assert_eq!(
        first, resumed_from,
        "first offset read per partition after the restart"
    );
}

/// KIP-848: the server assigns (uniform), members reconcile incrementally.
#[test]
fn group_java_consumer_protocol() {
    let spec = MemberSpec::consumer(Client::Java, "uniform");
    lifecycle_scenario("group_java_kip848", std::array::from_fn(|_| spec.clone()));
}

#[test]
fn group_confluent_consumer_protocol() {
    let spec = MemberSpec::consumer(Client::Confluent, "uniform");
    lifecycle_scenario(
        "group_confluent_kip848",
        std::array::from_fn(|_| spec.clone()),
    );
}

/// Java and librdkafka members in one KIP-848 group, with the server-side range assignor.
#[test]
fn group_mixed_consumer_protocol() {
    let java = MemberSpec::consumer(Client::Java, "range");
    let confluent = MemberSpec::consumer(Client::Confluent, "range");
    lifecycle_scenario(
        "group_mixed_kip848",
        [java.clone(), confluent.clone(), java, confluent],
    );
}
