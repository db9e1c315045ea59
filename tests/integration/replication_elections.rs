//! Leadership as Kafka's controller moves it (issue 11), with real processes and real clients:
//! partitions with one replica follow their Partition records like replicated ones (a fenced
//! broker's single-replica partitions go offline and come back with it), unclean leader
//! election, KIP-966 eligible leader replicas, the automatic preferred-leader rebalance,
//! CreatePartitions across brokers, and racks in DescribeCluster and placement. Clusters on
//! 127.0.110.x–127.0.119.x and 127.0.140.x (KIP-966 unclean restarts).

use crate::cluster::Cluster;
use crate::crash::produce_acks_all;
use crate::harness::against_kafka;
use crate::replication::{
    batch, partition_state_on, read_partition, replication_settings, wait_state, wait_state_of,
};
use crate::replication_controller::ids_after;
use crate::wire::Wire;
use kafka_protocol::messages::create_topics_request::{CreatableReplicaAssignment, CreatableTopic};
use kafka_protocol::messages::{BrokerId, TopicName};
use kafka_protocol::protocol::StrBytes;
use std::time::{Duration, Instant};

/// Kafka's NOT_LEADER_OR_FOLLOWER.
const NOT_LEADER_OR_FOLLOWER: i16 = 6;

/// Kafka's UNKNOWN_TOPIC_OR_PARTITION.
const UNKNOWN_TOPIC_OR_PARTITION: i16 = 3;

/// One acks=all batch to partition 0 of `topic` through node `id`: (error, base offset).
/// UNKNOWN_TOPIC_OR_PARTITION (the connection's shard has not applied the topic yet; nothing
/// was appended) is retried, as clients retry it, for up to 10 s.
fn produce(cluster: &Cluster, id: i32, topic: &str, records: bytes::Bytes) -> (i16, i64) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let answer = crate::replication::produce(cluster, id, topic, records.clone());
        if answer.0 != UNKNOWN_TOPIC_OR_PARTITION || Instant::now() >= deadline {
            return answer;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A connection to node `at` once the shard behind it shows partition 0 of `topic` as `done`
/// says. A request sent on it next is answered from that view or a newer one (an op carries its
/// shard's applied metadata index to the partition's owner, which catches up to it first); a
/// fresh connection may land on a shard that has not applied the change yet.
fn connection_seeing(
    cluster: &Cluster,
    at: usize,
    topic: &str,
    what: &str,
    done: impl Fn(&(i32, i32, Vec<i32>)) -> bool,
) -> Wire {
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut wire = Wire::connect(&cluster.nodes[at].bootstrap());
    wire.set_read_timeout(Duration::from_secs(20));
    loop {
        let state = partition_state_on(&mut wire, topic, 0);
        if state.as_ref().is_some_and(&done) {
            return wire;
        }
        assert!(
            Instant::now() < deadline,
            "node {}: {what} within 30 s; last seen {state:?}",
            cluster.nodes[at].id
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// One acks=all batch to partition 0 of `topic` on `wire`: (error, base offset).
fn produce_on(wire: &mut Wire, topic: &str, records: bytes::Bytes) -> (i16, i64) {
    let response = wire.call(9, &produce_acks_all(topic_name(topic), 0, records));
    let p = &response.responses[0].partition_responses[0];
    (p.error_code, p.base_offset)
}

fn topic_name(topic: &str) -> TopicName {
    TopicName(StrBytes::from_string(topic.to_string()))
}

/// Three combined nodes on 127.0.`octet`.x (a silent broker fenced after 2 s), ready.
fn three_nodes(octet: u8, extra: &str) -> Cluster {
    let settings = format!("{}\n{extra}", replication_settings(2000));
    let cluster = Cluster::start_with(3, octet, &settings);
    cluster.wait_ready();
    cluster
}

/// Creates `topic` through node `at` with one partition per entry of `assignment` (the node
/// ids of its replicas, the first the preferred leader) and `configs`.
fn create_assigned(
    cluster: &Cluster,
    at: usize,
    topic: &str,
    assignment: &[&[i32]],
    configs: &[(&str, &str)],
) {
    let assignments = assignment
        .iter()
        .enumerate()
        .map(|(i, replicas)| {
            CreatableReplicaAssignment::default()
                .with_partition_index(i as i32)
                .with_broker_ids(replicas.iter().map(|n| BrokerId(*n)).collect())
        })
        .collect();
    let topic = CreatableTopic::default()
        .with_name(topic_name(topic))
        .with_num_partitions(-1)
        .with_replication_factor(-1)
        .with_assignments(assignments);
    crate::replication::create_topic(cluster, at, topic, configs);
}

/// A broker whose heartbeats the controller stops getting is fenced; a partition with one
/// replica that it led goes offline (leader -1, as Kafka's controller leaves it: there is no
/// other replica to elect) and the broker refuses produces and fetches for it with
/// NOT_LEADER_OR_FOLLOWER; once it heartbeats again it is unfenced, leads again at a higher
/// leader epoch, and every record it acknowledged is still there.
#[test]
fn a_fenced_broker_stops_leading_its_single_replica_partitions_until_unfenced() {
    if against_kafka() {
        return;
    }
    let cluster = three_nodes(110, "");
    let all: Vec<usize> = (0..3).collect();
    let controller = cluster.wait_leader(&all);
    // X: a broker that is not the active controller (which never fences itself).
    let x_at = (controller + 1) % 3;
    let x = cluster.nodes[x_at].id;
    let witness = (controller + 2) % 3;
    create_assigned(&cluster, witness, "one", &[&[x]], &[]);
    let led = wait_state(&cluster, witness, "one", "led by X", |s| s.0 == x);
    let mut wire = connection_seeing(&cluster, x_at, "one", "X knows it leads", |s| s.0 == x);
    let mut acknowledged = Vec::new();
    for round in 0..3 {
        let (code, base) = produce_on(&mut wire, "one", batch(&format!("before-{round}"), 5));
        assert_eq!(code, 0, "produce to the leader X (node {x})");
        assert_eq!(base, acknowledged.len() as i64);
        acknowledged.extend((0..5).map(|i| format!("before-{round}-{i}")));
    }

    cluster.mute_heartbeats(x_at, true);
    // The controller fences X after broker.session.timeout.ms: the partition has no leader.
    let offline = wait_state(&cluster, witness, "one", "leader -1 (offline)", |s| {
        s.0 == -1
    });
    assert!(offline.1 > led.1, "{led:?} → {offline:?}");
    // X learns it from the metadata log (only its heartbeats are lost) and stops leading.
    let mut wire = connection_seeing(&cluster, x_at, "one", "X itself shows leader -1", |s| {
        s.0 == -1
    });
    let (code, _) = produce_on(&mut wire, "one", batch("while-fenced", 3));
    assert_eq!(
        code, NOT_LEADER_OR_FOLLOWER,
        "a fenced broker took a produce for a partition it no longer leads"
    );
    let fetch = wire.call(12, &crate::crash::fetch_now(topic_name("one"), 0, 0));
    assert_eq!(
        fetch.responses[0].partitions[0].error_code, NOT_LEADER_OR_FOLLOWER,
        "a fenced broker served a consumer fetch for a partition it no longer leads"
    );

    cluster.mute_heartbeats(x_at, false);
    let back = wait_state(&cluster, witness, "one", "led by X again", |s| s.0 == x);
    assert!(back.1 > offline.1, "{offline:?} → {back:?}");
    let mut wire = connection_seeing(&cluster, x_at, "one", "X leads again", |s| s.0 == x);
    let (code, base) = produce_on(&mut wire, "one", batch("after", 5));
    assert_eq!(code, 0, "produce to X, unfenced");
    assert_eq!(
        base,
        acknowledged.len() as i64,
        "offsets continue where they were"
    );
    acknowledged.extend((0..5).map(|i| format!("after-{i}")));
    let values: Vec<String> = read_partition(&cluster, x, "one", 0)
        .into_iter()
        .map(|(_, _, v)| v)
        .collect();
    assert_eq!(values, acknowledged);
}

const TOPICS: &str = "org.apache.kafka.tools.TopicCommand";
const CONFIGS: &str = "kafka.admin.ConfigCommand";
const LEADER_ELECTION: &str = "org.apache.kafka.tools.LeaderElectionCommand";

/// One controller-only node (id 1) and `brokers` broker-only nodes (ids 2..), so brokers can
/// die without the metadata quorum losing its majority; ready once every broker lists them all.
fn controller_and_brokers(octet: u8, brokers: i32, extra: &str) -> Cluster {
    let settings = format!("{}\n{extra}", replication_settings(1500));
    let cluster = Cluster::start_roles(1, brokers, octet, &settings);
    let ids: Vec<i32> = (2..2 + brokers).collect();
    for at in 1..cluster.nodes.len() {
        cluster.wait_brokers(at, &ids);
    }
    cluster
}

/// The values of partition 0 of `topic` as its leader, node `id`, serves them.
fn values(cluster: &Cluster, id: i32, topic: &str) -> Vec<String> {
    read_partition(cluster, id, topic, 0)
        .into_iter()
        .map(|(_, _, v)| v)
        .collect()
}

/// kafka-configs through node `at`: `unclean.leader.election.enable=true` for the entity
/// `entity` names (its type first).
fn enable_unclean(cluster: &Cluster, at: usize, entity: &[&str]) -> String {
    let mut args = vec!["--alter", "--entity-type"];
    args.extend_from_slice(entity);
    args.extend(["--add-config", "unclean.leader.election.enable=true"]);
    cluster.java_tool(at, CONFIGS, &args)
}

/// kafka-leader-election of `kind` for partition 0 of `topic`, through node `at`.
fn elect(cluster: &Cluster, at: usize, kind: &str, topic: &str) -> String {
    let args = [
        "--election-type",
        kind,
        "--topic",
        topic,
        "--partition",
        "0",
    ];
    cluster.java_tool(at, LEADER_ELECTION, &args)
}

/// `prefix-0` .. `prefix-{count-1}`, as `batch(prefix, count)` writes them.
fn named(prefix: &str, count: usize) -> Vec<String> {
    (0..count).map(|i| format!("{prefix}-{i}")).collect()
}

/// Two replicas (A = node 2 preferred, B = node 3) with min.insync.replicas=1; B dies, A takes
/// more acknowledged records alone, then A dies: the ISR is A alone and the partition has no
/// leader. B comes back out of sync. Kafka elects it only where unclean election is enabled —
/// by the topic's config at creation, by altering it (kafka-configs), by the cluster-wide
/// broker default, or by `kafka-leader-election --election-type unclean` — and the records
/// only A had are lost (B's log end is where the new leader starts); elsewhere the partition
/// stays offline (leader -1). When A returns it follows B and truncates what B never had.
#[test]
fn unclean_election_takes_an_out_of_sync_replica_only_where_enabled() {
    if against_kafka() {
        return;
    }
    let mut cluster = controller_and_brokers(111, 3, "");
    let (a, b) = (2, 3);
    let (a_at, b_at, witness) = (1, 2, 3);
    let topics = ["off", "on", "cfg", "tool"];
    for topic in topics {
        let mut configs = vec![("min.insync.replicas", "1")];
        if topic == "on" {
            configs.push(("unclean.leader.election.enable", "true"));
        }
        create_assigned(&cluster, witness, topic, &[&[a, b]], &configs);
        wait_state(&cluster, witness, topic, "a full ISR", |s| {
            s.0 == a && s.2 == vec![a, b]
        });
        wait_state(&cluster, a_at, topic, "A leads", |s| s.0 == a);
        let (code, _) = produce(&cluster, a, topic, batch("both", 5));
        assert_eq!(code, 0, "{topic}");
    }
    cluster.kill9(b_at);
    for topic in topics {
        wait_state(&cluster, witness, topic, "B out of the ISR", |s| {
            s.2 == vec![a]
        });
        wait_state(&cluster, a_at, topic, "A knows B is out", |s| {
            s.2 == vec![a]
        });
        let (code, base) = produce(&cluster, a, topic, batch("a-only", 5));
        assert_eq!(
            (code, base),
            (0, 5),
            "{topic}: acks=all with A alone in the ISR"
        );
    }
    cluster.kill9(a_at);
    for topic in topics {
        wait_state(&cluster, witness, topic, "no leader", |s| s.0 == -1);
    }
    cluster.restart(b_at);
    // B is unfenced and listed; the same metadata change elected it where the topic allows
    // unclean election, and nowhere else.
    cluster.wait_brokers(witness, &[b, 4]);
    for topic in ["off", "cfg", "tool"] {
        let state = wait_state(&cluster, witness, topic, "an answer", |_| true);
        assert_eq!(
            state.0, -1,
            "{topic}: an out-of-sync replica was elected: {state:?}"
        );
    }
    wait_state(&cluster, witness, "on", "B leads (unclean)", |s| s.0 == b);

    let out = enable_unclean(&cluster, witness, &["topics", "--entity-name", "cfg"]);
    assert!(
        out.contains("Completed updating config for topic cfg."),
        "{out}"
    );
    wait_state(&cluster, witness, "cfg", "B leads (unclean)", |s| s.0 == b);

    let out = elect(&cluster, witness, "unclean", "tool");
    assert!(
        out.contains("Successfully completed leader election (UNCLEAN) for partitions tool-0"),
        "{out}"
    );
    wait_state(&cluster, witness, "tool", "B leads (unclean)", |s| s.0 == b);
    let state = wait_state(&cluster, witness, "off", "an answer", |_| true);
    assert_eq!(
        state.0, -1,
        "off: elected by another topic's election: {state:?}"
    );

    let out = enable_unclean(&cluster, witness, &["brokers", "--entity-default"]);
    assert!(
        out.contains("Completed updating default config for brokers in the cluster."),
        "{out}"
    );
    wait_state(&cluster, witness, "off", "B leads (unclean)", |s| s.0 == b);

    // What only A had is gone: every new leader starts at B's log end.
    for topic in topics {
        wait_state(&cluster, b_at, topic, "B knows it leads", |s| s.0 == b);
        assert_eq!(values(&cluster, b, topic), named("both", 5), "{topic}");
    }
    let (code, base) = produce(&cluster, b, "tool", batch("b-new", 5));
    assert_eq!((code, base), (0, 5));
    // A comes back, follows B, truncates its own tail and rejoins the ISR; as preferred
    // leader it serves B's log, not what it once acknowledged alone.
    cluster.restart(a_at);
    wait_state(&cluster, witness, "tool", "A back in the ISR", |s| {
        s.2 == vec![a, b]
    });
    let out = elect(&cluster, witness, "preferred", "tool");
    assert!(
        out.contains("Successfully completed leader election (PREFERRED)"),
        "{out}"
    );
    wait_state(&cluster, a_at, "tool", "A leads again", |s| s.0 == a);
    let mut expected = named("both", 5);
    expected.extend(named("b-new", 5));
    assert_eq!(values(&cluster, a, "tool"), expected);
}

/// The `kafka-topics --describe` line of partition 0 of `topic`, through node `at`.
fn described(cluster: &Cluster, at: usize, topic: &str) -> String {
    let out = cluster.java_tool(at, TOPICS, &["--describe", "--topic", topic]);
    out.lines()
        .find(|l| l.contains("Partition: 0"))
        .unwrap_or_else(|| panic!("no partition 0 in {out}"))
        .to_string()
}

/// KIP-966 (eligible leader replicas, on by default): three replicas with
/// min.insync.replicas=2 shut down one by one. A member leaving an ISR already at the minimum
/// becomes an eligible leader replica (kafka-topics --describe shows it, from
/// DescribeTopicPartitions), and acks=all is refused below the minimum; when the last ISR
/// member goes too the partition has no leader and both are ELR. A replica that is in neither
/// comes back and is not elected; an ELR member comes back and is elected cleanly, with every
/// acknowledged record.
#[test]
fn eligible_leader_replicas_are_shown_and_elected_cleanly() {
    if against_kafka() {
        return;
    }
    let mut cluster = controller_and_brokers(112, 4, "");
    let witness = 4; // node 5, no replica
    create_assigned(
        &cluster,
        witness,
        "elr",
        &[&[2, 3, 4]],
        &[("min.insync.replicas", "2")],
    );
    wait_state(&cluster, witness, "elr", "a full ISR", |s| {
        s.2 == vec![2, 3, 4]
    });
    wait_state(&cluster, 1, "elr", "node 2 leads", |s| s.0 == 2);
    let (code, _) = produce(&cluster, 2, "elr", batch("all", 5));
    assert_eq!(code, 0);

    cluster.stop(3); // node 4: the ISR is at its minimum, no ELR yet
    wait_state(&cluster, witness, "elr", "ISR 2,3", |s| s.2 == vec![2, 3]);
    let line = described(&cluster, witness, "elr");
    assert!(line.contains("Isr: 2,3\tElr: \tLastKnownElr: "), "{line}");
    cluster.stop(2); // node 3: below the minimum, it becomes eligible
    wait_state(&cluster, witness, "elr", "ISR 2", |s| s.2 == vec![2]);
    let line = described(&cluster, witness, "elr");
    assert!(line.contains("Isr: 2\tElr: 3\tLastKnownElr: "), "{line}");
    wait_state(&cluster, 1, "elr", "node 2 knows its ISR", |s| {
        s.2 == vec![2]
    });
    let (code, _) = produce(&cluster, 2, "elr", batch("refused", 5));
    assert_eq!(
        code, 19,
        "acks=all below min.insync.replicas: NOT_ENOUGH_REPLICAS"
    );
    cluster.stop(1); // node 2, the leader: no ISR member is left
    wait_state(&cluster, witness, "elr", "no leader", |s| s.0 == -1);
    let line = described(&cluster, witness, "elr");
    assert!(line.contains("Leader: none"), "{line}");
    assert!(line.contains("Elr: 2,3\t"), "{line}");

    // Node 4 (neither ISR nor ELR) returns: it is not elected.
    cluster.restart(3);
    cluster.wait_brokers(witness, &[4, 5]);
    let state = wait_state(&cluster, witness, "elr", "an answer", |_| true);
    assert_eq!(
        state.0, -1,
        "a replica outside the ISR and ELR was elected: {state:?}"
    );
    // Node 3 (ELR) returns: elected, cleanly, with every acknowledged record.
    cluster.restart(2);
    let led = wait_state(&cluster, witness, "elr", "node 3 leads", |s| s.0 == 3);
    assert!(led.2.contains(&3), "{led:?}");
    wait_state(&cluster, 2, "elr", "node 3 knows it leads", |s| s.0 == 3);
    assert_eq!(values(&cluster, 3, "elr"), named("all", 5));
    wait_state(&cluster, witness, "elr", "ISR 3,4", |s| s.2 == vec![3, 4]);
    wait_state(&cluster, 2, "elr", "node 3 knows ISR 3,4", |s| {
        s.2 == vec![3, 4]
    });
    let (code, base) = produce(&cluster, 3, "elr", batch("after", 5));
    assert_eq!(
        (code, base),
        (0, 5),
        "acks=all with the ISR back at its minimum"
    );
}

/// (leader, ISR, ELR, last known ELR) of partition 0 of `topic` as node `at` answers
/// DescribeTopicPartitions (what `kafka-topics --describe` reads); `None` while it cannot.
fn eligibility(cluster: &Cluster, at: usize, topic: &str) -> Option<Eligibility> {
    use kafka_protocol::messages::describe_topic_partitions_request::TopicRequest;
    use kafka_protocol::messages::DescribeTopicPartitionsRequest;
    let mut wire = Wire::try_connect(&cluster.nodes[at].bootstrap()).ok()?;
    wire.set_read_timeout(Duration::from_secs(5));
    let response = wire.call(
        0,
        &DescribeTopicPartitionsRequest::default()
            .with_response_partition_limit(10)
            .with_topics(vec![TopicRequest::default().with_name(topic_name(topic))]),
    );
    let t = response.topics.first().filter(|t| t.error_code == 0)?;
    let p = t.partitions.iter().find(|p| p.partition_index == 0)?;
    let nodes = |v: &[BrokerId]| v.iter().map(|b| b.0).collect::<Vec<i32>>();
    let mut isr = nodes(&p.isr_nodes);
    isr.sort_unstable();
    Some(Eligibility {
        leader: p.leader_id.0,
        isr,
        elr: nodes(p.eligible_leader_replicas.as_deref().unwrap_or_default()),
        last_known_elr: nodes(p.last_known_elr.as_deref().unwrap_or_default()),
    })
}

/// A partition's leadership and KIP-966 eligibility, as DescribeTopicPartitions shows them.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Eligibility {
    leader: i32,
    isr: Vec<i32>,
    elr: Vec<i32>,
    last_known_elr: Vec<i32>,
}

/// Waits until node `at` shows partition 0 of `topic` as `wanted` (leader, ISR, ELR, last
/// known ELR, in the broker's order).
fn wait_eligibility(
    cluster: &Cluster,
    at: usize,
    topic: &str,
    wanted: (i32, &[i32], &[i32], &[i32]),
) -> Eligibility {
    let wanted = Eligibility {
        leader: wanted.0,
        isr: wanted.1.to_vec(),
        elr: wanted.2.to_vec(),
        last_known_elr: wanted.3.to_vec(),
    };
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let seen = eligibility(cluster, at, topic);
        if seen.as_ref() == Some(&wanted) {
            return wanted;
        }
        assert!(
            Instant::now() < deadline,
            "{topic}: {wanted:?} within 30 s; last seen {seen:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A Kafka tool through node `at` that must fail: its stdout and stderr.
fn refused_tool(cluster: &Cluster, at: usize, class: &str, args: &[&str]) -> String {
    let mut cmd = crate::java_tools::tool_at(&cluster.nodes[at].bootstrap(), class);
    cmd.args(args);
    let out = crate::harness::try_run(&mut cmd, None, Duration::from_secs(60));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!out.status.success(), "{class} {args:?} succeeded: {text}");
    text
}

/// The broker epoch a node's clean-shutdown marker holds (`None`: no marker).
fn marker_epoch(cluster: &Cluster, at: usize) -> Option<i64> {
    let text = std::fs::read_to_string(cluster.nodes[at].data.join(".kafka_cleanshutdown")).ok()?;
    let rest = text.split("\"brokerEpoch\":").nth(1)?;
    let digits: String = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '-')
        .collect();
    Some(digits.parse().expect("a number"))
}

/// KIP-966 unclean restarts (Kafka's PreviousBrokerEpoch): two topics with replicas 2, 3, 4
/// and min.insync.replicas=2, one with relaxed durability (`flush.messages=10000`, Kafka's
/// replication-only durability), one with Sluice's default. Node 4 stops cleanly, node 3 is
/// killed with SIGKILL (fenced, it becomes an eligible leader replica), node 2, the leader, stops
/// cleanly: no leader, ELR 2, 3. Node 3 restarts with no clean-shutdown marker: where durability
/// is relaxed it may have lost acknowledged records it reported, so it leaves the ELR for the
/// last known ELR and is not elected; where every replica fsyncs before it reports, it lost
/// nothing and is elected. Node 2 restarts after its clean stop (the marker names its
/// registration's epoch): it is still eligible and is elected cleanly with every acknowledged
/// record; once node 3 caught up the ISR is back at its minimum and neither list is kept.
/// Changes of `min.insync.replicas` Kafka refuses while ELR is on are refused.
#[test]
fn a_broker_killed_with_sigkill_leaves_the_elr_where_durability_is_relaxed() {
    if against_kafka() {
        return;
    }
    let mut cluster = controller_and_brokers(140, 4, "");
    let witness = 4; // node 5, no replica
    let relaxed = [("min.insync.replicas", "2"), ("flush.messages", "10000")];
    create_assigned(&cluster, witness, "relaxed", &[&[2, 3, 4]], &relaxed);
    let durable = [("min.insync.replicas", "2")];
    create_assigned(&cluster, witness, "durable", &[&[2, 3, 4]], &durable);
    for topic in ["relaxed", "durable"] {
        wait_eligibility(&cluster, witness, topic, (2, &[2, 3, 4], &[], &[]));
        wait_state(&cluster, 1, topic, "node 2 leads", |s| s.0 == 2);
        let (code, _) = produce(&cluster, 2, topic, batch("acked", 5));
        assert_eq!(code, 0, "{topic}");
    }

    cluster.stop(3); // node 4, cleanly: ISR 2,3 is at its minimum
    cluster.kill9(2); // node 3: fenced, it becomes eligible
    for topic in ["relaxed", "durable"] {
        wait_eligibility(&cluster, witness, topic, (2, &[2], &[3], &[]));
    }
    assert_eq!(marker_epoch(&cluster, 2), None, "killed: no marker");
    cluster.stop(1); // node 2, the leader, cleanly: no ISR member is left
    for topic in ["relaxed", "durable"] {
        wait_eligibility(&cluster, witness, topic, (-1, &[], &[2, 3], &[]));
    }
    let line = described(&cluster, witness, "relaxed");
    assert!(line.contains("Leader: none"), "{line}");
    assert!(line.contains("Elr: 2,3\tLastKnownElr: "), "{line}");
    let epoch = marker_epoch(&cluster, 1).expect("a clean stop leaves the marker");
    assert!(epoch > 0, "the marker holds node 2's broker epoch: {epoch}");

    // Node 3 restarts after its SIGKILL.
    cluster.restart(2);
    assert_eq!(marker_epoch(&cluster, 2), None);
    wait_eligibility(&cluster, witness, "relaxed", (-1, &[], &[2], &[3]));
    let line = described(&cluster, witness, "relaxed");
    assert!(line.contains("Leader: none"), "{line}");
    assert!(line.contains("Elr: 2\tLastKnownElr: 3"), "{line}");
    // Sluice's durability: still eligible, and elected (its records are checked once the ISR
    // is back at its minimum: below it the high watermark does not move, KIP-966).
    wait_eligibility(&cluster, witness, "durable", (3, &[3], &[2], &[]));
    // Not elected later either: node 3 is no candidate while node 2 is away.
    let still = eligibility(&cluster, witness, "relaxed");
    assert_eq!(still.map(|e| e.leader), Some(-1));

    // Node 2 restarts after its clean stop: the marker is consumed, it is elected cleanly.
    cluster.restart(1);
    assert_eq!(marker_epoch(&cluster, 1), None, "removed at start");
    let led = wait_state(&cluster, witness, "relaxed", "node 2 leads", |s| s.0 == 2);
    assert!(led.2.contains(&2), "{led:?}");
    wait_state(&cluster, 1, "relaxed", "node 2 knows it leads", |s| {
        s.0 == 2
    });
    assert_eq!(values(&cluster, 2, "relaxed"), named("acked", 5));
    // Node 3 follows and rejoins: the ISR is at its minimum again, no ELR, no last known ELR.
    wait_eligibility(&cluster, witness, "relaxed", (2, &[2, 3], &[], &[]));
    let line = described(&cluster, witness, "relaxed");
    assert!(line.contains("Isr: 2,3\tElr: \tLastKnownElr: "), "{line}");
    wait_state(&cluster, 1, "relaxed", "node 2 knows ISR 2,3", |s| {
        s.2 == vec![2, 3]
    });
    let (code, base) = produce(&cluster, 2, "relaxed", batch("after", 5));
    assert_eq!(
        (code, base),
        (0, 5),
        "acks=all with the ISR back at its minimum"
    );
    // The durable topic's leader, node 3 (killed, yet eligible), lost nothing either.
    wait_eligibility(&cluster, witness, "durable", (3, &[2, 3], &[], &[]));
    wait_state(&cluster, 2, "durable", "node 3 knows ISR 2,3", |s| {
        s.0 == 3 && s.2 == vec![2, 3]
    });
    assert_eq!(values(&cluster, 3, "durable"), named("acked", 5));

    // While ELR is on, Kafka refuses a broker's own min.insync.replicas and removing the
    // cluster-wide one (kafka-configs).
    let broker = ["--entity-type", "brokers", "--entity-name", "3"];
    let out = refused_tool(
        &cluster,
        witness,
        CONFIGS,
        &[
            &["--alter"][..],
            &broker,
            &["--add-config", "min.insync.replicas=1"],
        ]
        .concat(),
    );
    assert!(
        out.contains("Broker-level min.insync.replicas cannot be altered while ELR is enabled."),
        "{out}"
    );
    let default = ["--entity-type", "brokers", "--entity-default"];
    let set = [
        &["--alter"][..],
        &default,
        &["--add-config", "min.insync.replicas=2"],
    ]
    .concat();
    let out = cluster.java_tool(witness, CONFIGS, &set);
    assert!(out.contains("Completed updating default config"), "{out}");
    let out = refused_tool(
        &cluster,
        witness,
        CONFIGS,
        &[
            &["--alter"][..],
            &default,
            &["--delete-config", "min.insync.replicas"],
        ]
        .concat(),
    );
    assert!(
        out.contains("Cluster-level min.insync.replicas cannot be removed while ELR is enabled."),
        "{out}"
    );
}

/// `auto.leader.rebalance.enable` with a check every second: a broker restarted after its
/// preferred leaderships moved away gets them back, with no admin request, once it is in
/// their ISR again (Kafka's `leader.imbalance.per.broker.percentage`: one of one partition
/// led elsewhere is 100 %, above the 10 % allowed).
#[test]
fn automatic_rebalance_gives_leadership_back_to_the_preferred_replica() {
    if against_kafka() {
        return;
    }
    let mut cluster = three_nodes(
        113,
        "auto.leader.rebalance.enable=true\nleader.imbalance.check.interval.seconds=1\n\
         leader.imbalance.per.broker.percentage=10",
    );
    let all: Vec<usize> = (0..3).collect();
    let controller = cluster.wait_leader(&all);
    let victim_at = (controller + 1) % 3;
    let victim = cluster.nodes[victim_at].id;
    let witness = (controller + 2) % 3;
    create_assigned(
        &cluster,
        witness,
        "bal",
        &[&[1, 2, 3], &[2, 3, 1], &[3, 1, 2]],
        &[],
    );
    // The victim is preferred leader of partition victim - 1 only.
    let preferred = victim - 1;
    for p in 0..3 {
        wait_state_of(
            &cluster,
            witness,
            "bal",
            p,
            "led by its first replica, in sync",
            |s| s.0 == p + 1 && s.2 == vec![1, 2, 3],
        );
    }
    cluster.kill9(victim_at);
    let moved = wait_state_of(&cluster, witness, "bal", preferred, "another leader", |s| {
        s.0 >= 0 && s.0 != victim
    });
    cluster.restart(victim_at);
    wait_state_of(
        &cluster,
        witness,
        "bal",
        preferred,
        "the victim back in the ISR",
        |s| s.2.contains(&victim),
    );
    let back = wait_state_of(
        &cluster,
        witness,
        "bal",
        preferred,
        "preferred leader again",
        |s| s.0 == victim,
    );
    assert!(back.1 > moved.1, "{moved:?} → {back:?}");
    for p in 0..3 {
        let s = wait_state_of(&cluster, witness, "bal", p, "an answer", |_| true);
        assert_eq!(s.0, p + 1, "partition {p}: {s:?}");
    }
}

/// kcat against node `at`: `-P`/`-C` and the rest as given.
fn kcat_at(cluster: &Cluster, at: usize, args: &[&str], stdin: Option<&[u8]>) -> String {
    let mut cmd = std::process::Command::new("kcat");
    cmd.args(["-b", &cluster.nodes[at].bootstrap()]).args(args);
    let out = crate::harness::run_with_stdin(&mut cmd, stdin, crate::kcat::KCAT_TIMEOUT);
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// (leader, replicas, ISR) of a partition.
type Shown = (i32, Vec<i32>, Vec<i32>);

/// Every partition of `topic` as `kafka-topics --describe` through node `at` shows it, by
/// partition index.
fn describe_all(cluster: &Cluster, at: usize, topic: &str) -> Vec<Shown> {
    let out = cluster.java_tool(at, TOPICS, &["--describe", "--topic", topic]);
    let mut rows: Vec<(i32, Shown)> = out
        .lines()
        .filter(|l| l.contains("Partition: "))
        .map(|l| {
            let leader = ids_after(l, "Leader").first().copied().unwrap_or(-1);
            let index = ids_after(l, "Partition")[0];
            (
                index,
                (leader, ids_after(l, "Replicas"), ids_after(l, "Isr")),
            )
        })
        .collect();
    rows.sort_by_key(|(i, _)| *i);
    rows.into_iter().map(|(_, r)| r).collect()
}

/// CreatePartitions on three brokers with Kafka's tool: `--alter --partitions` places the new
/// partitions' replicas on every broker with their leaders spread; with `--replica-assignment`
/// exactly where it says. Every new partition is replicated and takes acks=all writes
/// (`min.insync.replicas=3`, so each one waits for all three replicas) that a consumer reads.
#[test]
fn create_partitions_places_replicates_and_serves_new_partitions() {
    if against_kafka() {
        return;
    }
    let cluster = three_nodes(114, "");
    let out = cluster.java_tool(
        0,
        TOPICS,
        &[
            "--create",
            "--topic",
            "grow",
            "--partitions",
            "1",
            "--replication-factor",
            "3",
            "--config",
            "min.insync.replicas=3",
        ],
    );
    assert!(out.contains("Created topic grow."), "{out}");
    let out = cluster.java_tool(
        1,
        TOPICS,
        &["--alter", "--topic", "grow", "--partitions", "3"],
    );
    assert!(!out.contains("Error"), "{out}");
    let out = cluster.java_tool(
        2,
        TOPICS,
        &[
            "--alter",
            "--topic",
            "grow",
            "--partitions",
            "5",
            "--replica-assignment",
            "1:2:3,1:2:3,1:2:3,3:2:1,2:1:3",
        ],
    );
    assert!(!out.contains("Error"), "{out}");
    let deadline = Instant::now() + Duration::from_secs(30);
    let shown = loop {
        let shown = describe_all(&cluster, 0, "grow");
        let in_sync = shown.len() == 5 && shown.iter().all(|(_, _, isr)| isr.len() == 3);
        if in_sync || Instant::now() >= deadline {
            break shown;
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    assert_eq!(shown.len(), 5, "{shown:?}");
    for (p, (leader, replicas, isr)) in shown.iter().enumerate() {
        let mut sorted = replicas.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, [1, 2, 3], "partition {p}: {shown:?}");
        assert_eq!(isr.len(), 3, "partition {p} not in sync: {shown:?}");
        assert_eq!(*leader, replicas[0], "partition {p}: {shown:?}");
    }
    let mut leaders: Vec<i32> = shown[..3].iter().map(|(l, _, _)| *l).collect();
    leaders.sort_unstable();
    assert_eq!(
        leaders,
        [1, 2, 3],
        "leaders spread over the brokers: {shown:?}"
    );
    assert_eq!(shown[3].1, [3, 2, 1], "{shown:?}");
    assert_eq!(shown[4].1, [2, 1, 3], "{shown:?}");

    for p in 0..5 {
        let partition = p.to_string();
        let lines = format!("p{p}-a\np{p}-b\np{p}-c\n");
        kcat_at(
            &cluster,
            p % 3,
            &["-P", "-t", "grow", "-p", &partition, "-X", "acks=all"],
            Some(lines.as_bytes()),
        );
        let read = kcat_at(
            &cluster,
            (p + 1) % 3,
            &[
                "-C",
                "-t",
                "grow",
                "-p",
                &partition,
                "-o",
                "beginning",
                "-e",
                "-q",
            ],
            None,
        );
        assert_eq!(read, lines, "partition {p}");
    }
}

/// `broker.rack` per node (racks a, a, b): DescribeCluster and kafka-broker-api-versions show
/// each broker's rack, and CreateTopics places the two replicas of every partition in
/// distinct racks.
#[test]
fn racks_are_described_and_replicas_placed_across_them() {
    if against_kafka() {
        return;
    }
    let settings = replication_settings(2000);
    let mut cluster = Cluster::configure(3, 0, "127.0.115", &settings, false);
    let racks = [(1, "a"), (2, "a"), (3, "b")];
    for (at, (_, rack)) in racks.iter().enumerate() {
        let mut config = std::fs::read_to_string(&cluster.nodes[at].config).unwrap();
        config.push_str(&format!("\nbroker.rack={rack}\n"));
        std::fs::write(&cluster.nodes[at].config, config).unwrap();
        cluster.format(at, &[]);
    }
    cluster.start_all();
    cluster.wait_ready();

    let mut wire = Wire::connect(&cluster.nodes[0].bootstrap());
    let response = wire.call(
        1,
        &kafka_protocol::messages::DescribeClusterRequest::default(),
    );
    assert_eq!(response.error_code, 0, "{response:?}");
    let mut shown: Vec<(i32, String)> = response
        .brokers
        .iter()
        .map(|b| {
            let rack = b.rack.as_ref().map(|r| r.to_string()).unwrap_or_default();
            (b.broker_id.0, rack)
        })
        .collect();
    shown.sort();
    let expected: Vec<(i32, String)> = racks.iter().map(|(n, r)| (*n, r.to_string())).collect();
    assert_eq!(shown, expected);
    let out = cluster.java_tool(1, "org.apache.kafka.tools.BrokerApiVersionsCommand", &[]);
    for (node, rack) in racks {
        assert!(out.contains(&format!("(id: {node} rack: {rack} ")), "{out}");
    }

    let out = cluster.java_tool(
        2,
        TOPICS,
        &[
            "--create",
            "--topic",
            "racked",
            "--partitions",
            "6",
            "--replication-factor",
            "2",
        ],
    );
    assert!(out.contains("Created topic racked."), "{out}");
    let rack_of = |node: i32| racks.iter().find(|(n, _)| *n == node).unwrap().1;
    let placed = describe_all(&cluster, 0, "racked");
    assert_eq!(placed.len(), 6, "{placed:?}");
    for (p, (_, replicas, _)) in placed.iter().enumerate() {
        assert_eq!(replicas.len(), 2, "{placed:?}");
        assert_ne!(
            rack_of(replicas[0]),
            rack_of(replicas[1]),
            "partition {p}: both replicas in one rack: {placed:?}"
        );
    }
}
