//! Leadership as Kafka's controller moves it (issue 11), with real processes and real clients:
//! partitions with one replica follow their Partition records like replicated ones (a fenced
//! broker's single-replica partitions go offline and come back with it), unclean leader
//! election, KIP-966 eligible leader replicas, the automatic preferred-leader rebalance,
//! CreatePartitions across brokers, and racks in DescribeCluster and placement. Clusters on
//! 127.0.110.x–127.0.119.x.

use crate::cluster::Cluster;
use crate::harness::against_kafka;
use crate::replication::{batch, read_partition, replication_settings, wait_state};
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
    wait_state(&cluster, x_at, "one", "X knows it leads", |s| s.0 == x);
    let mut acknowledged = Vec::new();
    for round in 0..3 {
        let (code, base) = produce(&cluster, x, "one", batch(&format!("before-{round}"), 5));
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
    wait_state(&cluster, x_at, "one", "X itself shows leader -1", |s| {
        s.0 == -1
    });
    let (code, _) = produce(&cluster, x, "one", batch("while-fenced", 3));
    assert_eq!(
        code, NOT_LEADER_OR_FOLLOWER,
        "a fenced broker took a produce for a partition it no longer leads"
    );
    let mut wire = Wire::connect(&cluster.nodes[x_at].bootstrap());
    let fetch = wire.call(12, &crate::crash::fetch_now(topic_name("one"), 0, 0));
    assert_eq!(
        fetch.responses[0].partitions[0].error_code, NOT_LEADER_OR_FOLLOWER,
        "a fenced broker served a consumer fetch for a partition it no longer leads"
    );

    cluster.mute_heartbeats(x_at, false);
    let back = wait_state(&cluster, witness, "one", "led by X again", |s| s.0 == x);
    assert!(back.1 > offline.1, "{offline:?} → {back:?}");
    wait_state(&cluster, x_at, "one", "X leads again", |s| s.0 == x);
    let (code, base) = produce(&cluster, x, "one", batch("after", 5));
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
