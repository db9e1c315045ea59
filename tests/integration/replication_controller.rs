//! Partition replication as the controller runs it (issue 11): replicated topics placed over
//! brokers and racks, leader elections when a leader dies or shuts down, and preferred
//! election with Kafka's tools. Only metadata is checked (leaders, ISR, epochs); the data path
//! is tested in `replication`. Clusters on 127.0.50.x–127.0.59.x.

use crate::cluster::Cluster;
use crate::harness::against_kafka;
use crate::wire::Wire;
use kafka_protocol::messages::metadata_request::MetadataRequestTopic;
use kafka_protocol::messages::{MetadataRequest, TopicName};
use kafka_protocol::protocol::StrBytes;
use std::collections::BTreeSet;
use std::time::{Duration, Instant};

const TOPICS: &str = "org.apache.kafka.tools.TopicCommand";
const LEADER_ELECTION: &str = "org.apache.kafka.tools.LeaderElectionCommand";
/// broker.session.timeout.ms of these clusters.
const SESSION_MS: u64 = 3000;

/// One partition as Metadata v12 shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Shown {
    leader: i32,
    leader_epoch: i32,
    replicas: Vec<i32>,
    isr: Vec<i32>,
}

/// Partitions of `topic` as node `at` answers Metadata, by index; `None` if it cannot answer.
fn partitions(cluster: &Cluster, at: usize, topic: &str) -> Option<Vec<Shown>> {
    let mut wire = Wire::try_connect(&cluster.nodes[at].bootstrap()).ok()?;
    wire.set_read_timeout(Duration::from_secs(5));
    let request =
        MetadataRequest::default().with_topics(Some(vec![MetadataRequestTopic::default()
            .with_name(Some(TopicName(StrBytes::from_string(topic.to_string()))))]));
    let response = wire.call(12, &request);
    let t = response.topics.first()?;
    let mut shown: Vec<(i32, Shown)> = t
        .partitions
        .iter()
        .map(|p| {
            (
                p.partition_index,
                Shown {
                    leader: p.leader_id.0,
                    leader_epoch: p.leader_epoch,
                    replicas: p.replica_nodes.iter().map(|b| b.0).collect(),
                    isr: p.isr_nodes.iter().map(|b| b.0).collect(),
                },
            )
        })
        .collect();
    shown.sort_by_key(|(i, _)| *i);
    Some(shown.into_iter().map(|(_, s)| s).collect())
}

/// Polls node `at` until `ok` holds for partition `index` of `topic`, within `max`.
fn wait_partition(
    cluster: &Cluster,
    at: usize,
    topic: &str,
    index: usize,
    max: Duration,
    ok: impl Fn(&Shown) -> bool,
) -> Shown {
    let deadline = Instant::now() + max;
    loop {
        let shown = partitions(cluster, at, topic).and_then(|ps| ps.get(index).cloned());
        if let Some(s) = shown.as_ref().filter(|s| ok(s)) {
            return s.clone();
        }
        assert!(
            Instant::now() < deadline,
            "node {}: {topic}-{index} is {shown:?} after {max:?}",
            cluster.nodes[at].id
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A Kafka tool's output through node `at`, whether it succeeded or not.
fn tool_output(cluster: &Cluster, at: usize, class: &str, args: &[&str]) -> String {
    let mut cmd = crate::java_tools::tool_at(&cluster.nodes[at].bootstrap(), class);
    cmd.args(args);
    let out = crate::harness::try_run(&mut cmd, None, Duration::from_secs(60));
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Three combined nodes on 127.0.`octet`.x, node n in rack `rack-n`.
fn racked_cluster(octet: u8) -> Cluster {
    let extra = format!(
        "broker.session.timeout.ms={SESSION_MS}\nbroker.heartbeat.interval.ms=300\n\
         auto.leader.rebalance.enable=false"
    );
    Cluster::start_racked(3, octet, &extra)
}

/// The comma-separated ids after `field: ` in one `kafka-topics --describe` line.
pub(crate) fn ids_after(line: &str, field: &str) -> Vec<i32> {
    line.split('\t')
        .find_map(|f| f.trim().strip_prefix(&format!("{field}: ")))
        .unwrap_or("")
        .split(',')
        .filter_map(|id| id.trim().parse().ok())
        .collect()
}

#[test]
fn replicated_topics_spread_fail_over_and_take_leadership_back() {
    if against_kafka() {
        return;
    }
    let mut cluster = racked_cluster(50);
    let out = cluster.java_tool(
        0,
        TOPICS,
        &[
            "--create",
            "--topic",
            "r3",
            "--partitions",
            "3",
            "--replication-factor",
            "3",
        ],
    );
    assert!(out.contains("Created topic r3."), "{out}");
    // More replicas than brokers: Kafka's message.
    let out = tool_output(
        &cluster,
        1,
        TOPICS,
        &["--create", "--topic", "r4", "--replication-factor", "4"],
    );
    assert!(
        out.contains("The target replication factor of 4 cannot be reached because only 3 broker(s) are registered."),
        "{out}"
    );
    // --describe: every partition on all three brokers (one per rack), all in sync, and the
    // leaders spread one per broker.
    let described = cluster.java_tool(2, TOPICS, &["--describe", "--topic", "r3"]);
    let lines: Vec<&str> = described
        .lines()
        .filter(|l| l.contains("Partition: "))
        .collect();
    assert_eq!(lines.len(), 3, "{described}");
    let mut leaders = BTreeSet::new();
    for line in &lines {
        let replicas = ids_after(line, "Replicas");
        let isr = ids_after(line, "Isr");
        assert_eq!(
            replicas.iter().copied().collect::<BTreeSet<_>>(),
            BTreeSet::from([1, 2, 3]),
            "{described}"
        );
        assert_eq!(isr.len(), 3, "{described}");
        let leader = ids_after(line, "Leader");
        assert_eq!(leader, [replicas[0]], "{described}");
        leaders.insert(leader[0]);
    }
    assert_eq!(leaders, BTreeSet::from([1, 2, 3]), "{described}");

    // kill -9 the leader of partition 0: another ISR member leads with a higher epoch, within
    // the session timeout (and the time to notice it).
    let before = wait_partition(&cluster, 0, "r3", 0, Duration::from_secs(10), |_| true);
    let victim = before.leader;
    let victim_at = (victim - 1) as usize;
    let witness = (victim_at + 1) % 3;
    let killed = Instant::now();
    cluster.kill9(victim_at);
    let after = wait_partition(
        &cluster,
        witness,
        "r3",
        0,
        Duration::from_millis(SESSION_MS) + Duration::from_secs(15),
        |s| s.leader >= 0 && s.leader != victim,
    );
    assert!(before.isr.contains(&after.leader), "{before:?} → {after:?}");
    assert!(
        after.leader_epoch > before.leader_epoch,
        "{before:?} → {after:?}"
    );
    assert!(!after.isr.contains(&victim), "{after:?}");
    eprintln!(
        "new leader of r3-0 after {:?} (session {SESSION_MS} ms): {after:?}",
        killed.elapsed()
    );

    // Restart it: it registers again and is listed; preferred election gives it leadership
    // back once it is in the ISR again (its leader's AlterPartition, when the data path runs).
    cluster.restart(victim_at);
    for at in 0..3 {
        cluster.wait_brokers(at, &[1, 2, 3]);
    }
    let rejoined = Instant::now() + Duration::from_secs(15);
    let mut back_in_isr = false;
    while Instant::now() < rejoined {
        let now = partitions(&cluster, witness, "r3").and_then(|ps| ps.first().cloned());
        if now.is_some_and(|s| s.isr.contains(&victim)) {
            back_in_isr = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let out = tool_output(
        &cluster,
        witness,
        LEADER_ELECTION,
        &["--election-type", "preferred", "--all-topic-partitions"],
    );
    if back_in_isr {
        assert!(
            out.contains("Successfully completed leader election (PREFERRED) for partitions")
                && out.contains("r3-0"),
            "{out}"
        );
        let given_back = wait_partition(&cluster, witness, "r3", 0, Duration::from_secs(10), |s| {
            s.leader == victim
        });
        assert!(
            given_back.leader_epoch > after.leader_epoch,
            "{given_back:?}"
        );
    } else {
        // Without the data path the restarted broker does not rejoin the ISR: the preferred
        // replica is not available, and Kafka's tool says so for that partition.
        assert!(
            out.contains("r3-0") && out.contains("PreferredLeaderNotAvailableException"),
            "{out}"
        );
    }
    // Unknown partitions are named as such.
    let out = tool_output(
        &cluster,
        witness,
        LEADER_ELECTION,
        &[
            "--election-type",
            "preferred",
            "--topic",
            "r3",
            "--partition",
            "7",
        ],
    );
    assert!(out.contains("UnknownTopicOrPartitionException"), "{out}");
}

#[test]
fn a_controlled_shutdown_moves_leadership_before_the_broker_stops() {
    if against_kafka() {
        return;
    }
    let mut cluster = racked_cluster(51);
    let out = cluster.java_tool(
        0,
        TOPICS,
        &[
            "--create",
            "--topic",
            "cs",
            "--partitions",
            "3",
            "--replication-factor",
            "2",
        ],
    );
    assert!(out.contains("Created topic cs."), "{out}");
    let before = partitions(&cluster, 0, "cs").expect("metadata");
    let stopping = before[0].leader;
    let stopping_at = (stopping - 1) as usize;
    let witness = (stopping_at + 1) % 3;
    let lines = cluster.stop(stopping_at);
    assert!(
        lines
            .iter()
            .any(|l| l.contains("controlled shutdown: this broker leads no partition now")),
        "{}",
        lines.join("\n")
    );
    // Right away (well before the session timeout would fence it) no partition names it as
    // leader; those it led are led by their other replica, with a higher leader epoch.
    let moved = |ps: &Vec<Shown>| ps.iter().all(|p| p.leader != stopping);
    let deadline = Instant::now() + Duration::from_millis(1500);
    let now = loop {
        let now = partitions(&cluster, witness, "cs").expect("metadata");
        if moved(&now) || Instant::now() >= deadline {
            break now;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    for (b, a) in before.iter().zip(&now) {
        assert_ne!(a.leader, stopping, "{before:?} → {now:?}");
        if b.leader == stopping {
            assert!(
                a.leader >= 0 && a.leader_epoch > b.leader_epoch,
                "{b:?} → {a:?}"
            );
            assert!(!a.isr.contains(&stopping), "{a:?}");
        }
    }
    cluster.restart(stopping_at);
    for at in 0..3 {
        cluster.wait_brokers(at, &[1, 2, 3]);
    }
}
