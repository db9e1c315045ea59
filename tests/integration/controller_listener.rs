//! Kafka clients on the CONTROLLER listener: Kafka's tools with `--bootstrap-controller`
//! (kafka-metadata-quorum, kafka-features, kafka-cluster) against clusters of real nodes
//! (`cluster::Cluster`, third octets 31-33), and raw requests: the controller's set of APIs in
//! ApiVersions, DescribeCluster's endpoint types as Kafka answers them, a connection closed for
//! an API the listener does not serve or for garbage, and the quorum undisturbed by any of it.
//!
//! Checked against Apache Kafka 4.3.1 (perf/kafka/start-kafka, controller listener 9093): the
//! same DescribeCluster codes and messages, Metadata and Produce close the connection there too.

use crate::cluster::Cluster;
use crate::harness::{self, against_kafka};
use crate::wire::Wire;
use kafka_protocol::messages::create_topics_request::CreatableTopic;
use kafka_protocol::messages::{
    ApiVersionsRequest, CreateTopicsRequest, DescribeClusterRequest, DescribeQuorumRequest,
    MetadataRequest, TopicName,
};
use kafka_protocol::protocol::StrBytes;
use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::time::{Duration, Instant};

/// The ports `cluster::Cluster` gives every node.
const CLIENT_PORT: u16 = 19092;
const CONTROLLER_PORT: u16 = 19093;
const TOOL_TIMEOUT: Duration = Duration::from_secs(60);
/// Longest a cluster may take to agree on a leader (a few election timeouts of 1 s).
const ELECTION_MAX: Duration = Duration::from_secs(20);

const METADATA_QUORUM: &str = "org.apache.kafka.tools.MetadataQuorumCommand";
const FEATURES: &str = "org.apache.kafka.tools.FeatureCommand";
const CLUSTER_TOOL: &str = "org.apache.kafka.tools.ClusterTool";

/// Node `id`'s address on 127.0.`octet`.x (as `cluster::Cluster` places it).
fn ip(octet: u8, id: i32) -> String {
    format!("127.0.{octet}.{}", 10 + id)
}

fn controller(octet: u8, id: i32) -> String {
    format!("{}:{CONTROLLER_PORT}", ip(octet, id))
}

fn client(octet: u8, id: i32) -> String {
    format!("{}:{CLIENT_PORT}", ip(octet, id))
}

/// Runs a Kafka tool with `flag address` and `args`; (success, stdout + stderr).
fn tool(flag: &str, address: &str, class: &str, args: &[&str]) -> (bool, String) {
    let mut cmd = crate::java_tools::tool_bootstrap(flag, address, class);
    cmd.args(args);
    let out = harness::try_run(&mut cmd, None, TOOL_TIMEOUT);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

/// A tool through `--bootstrap-controller`, which must succeed.
fn via_controller(address: &str, class: &str, args: &[&str]) -> String {
    let (ok, text) = tool("--bootstrap-controller", address, class, args);
    assert!(
        ok,
        "{class} {args:?} --bootstrap-controller {address}:\n{text}"
    );
    text
}

/// The value of `Field:` in kafka-metadata-quorum describe --status.
fn status_field<'a>(status: &'a str, field: &str) -> &'a str {
    status
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{field}:")))
        .map(str::trim)
        .unwrap_or_else(|| panic!("no {field} in:\n{status}"))
}

/// DescribeCluster v1 with `endpoint_type` on `address`: (error code, controller id, node ids
/// with their `host:port`).
fn describe_cluster(address: &str, endpoint_type: i8) -> (i16, i32, Vec<(i32, String)>) {
    let mut wire = Wire::connect(address);
    let response = wire.call(
        1,
        &DescribeClusterRequest::default().with_endpoint_type(endpoint_type),
    );
    let mut nodes: Vec<(i32, String)> = response
        .brokers
        .iter()
        .map(|b| (b.broker_id.0, format!("{}:{}", b.host.as_str(), b.port)))
        .collect();
    nodes.sort();
    (response.error_code, response.controller_id.0, nodes)
}

/// Waits until the controller listener at `address` names an active controller; returns it.
fn wait_active_controller(address: &str) -> i32 {
    let deadline = Instant::now() + ELECTION_MAX;
    loop {
        let (error, active, _) = describe_cluster(address, 2);
        assert_eq!(error, 0, "DescribeCluster on {address}");
        if active >= 0 {
            return active;
        }
        assert!(Instant::now() < deadline, "{address} names no controller");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// kafka-metadata-quorum, kafka-features and kafka-cluster with `--bootstrap-controller`
/// against three combined nodes, through each node's controller listener: the quorum's status
/// and replication, the features, an UpdateFeatures, the cluster id.
#[test]
fn kafka_tools_answer_through_the_controller_listener() {
    if against_kafka() {
        return; // a cluster of Sluice's own processes
    }
    let octet = 31;
    let _cluster = Cluster::start(3, octet);
    let leader = wait_active_controller(&controller(octet, 1));
    assert!((1..=3).contains(&leader), "{leader}");
    for id in 1..=3 {
        // One controller's address is enough: the tool learns the others (DescribeCluster with
        // endpoint type CONTROLLER) and asks the active one.
        let status = via_controller(
            &controller(octet, id),
            METADATA_QUORUM,
            &["describe", "--status"],
        );
        assert_eq!(
            status_field(&status, "LeaderId"),
            leader.to_string(),
            "{status}"
        );
        let voters = status_field(&status, "CurrentVoters");
        for voter in 1..=3 {
            assert!(
                voters.contains(&format!(
                    "{{\"id\": {voter}, \"endpoints\": [\"CONTROLLER://{}\"]}}",
                    controller(octet, voter)
                )),
                "voter {voter} in {status}"
            );
        }
    }
    let replication = via_controller(
        &controller(octet, 2),
        METADATA_QUORUM,
        &["describe", "--replication"],
    );
    for id in 1..=3 {
        let row = replication
            .lines()
            .find(|l| l.split_whitespace().next() == Some(&id.to_string()))
            .unwrap_or_else(|| panic!("no row for node {id}:\n{replication}"));
        let role = if id == leader { "Leader" } else { "Follower" };
        assert!(row.contains(role), "node {id} is no {role}:\n{replication}");
    }

    let features = via_controller(&controller(octet, 3), FEATURES, &["describe"]);
    assert!(
        features
            .lines()
            .any(|l| l.contains("Feature: metadata.version")
                && l.contains("FinalizedVersionLevel: 4.3-IV0")),
        "{features}"
    );
    let upgraded = via_controller(
        &controller(octet, 3),
        FEATURES,
        &["upgrade", "--metadata", "4.3-IV0"],
    );
    assert!(
        upgraded.contains("metadata.version was upgraded to 30."),
        "{upgraded}"
    );

    // kafka-cluster takes its subcommand before the address.
    let cluster_tool = |args: &[&str]| {
        let mut cmd = crate::java_tools::java_tool(CLUSTER_TOOL);
        cmd.args(args);
        let out = harness::run(&mut cmd, TOOL_TIMEOUT);
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let by_controller = cluster_tool(&[
        "cluster-id",
        "--bootstrap-controller",
        &controller(octet, 1),
    ]);
    let by_broker = cluster_tool(&["cluster-id", "--bootstrap-server", &client(octet, 1)]);
    assert!(by_controller.starts_with("Cluster ID: "), "{by_controller}");
    assert_eq!(by_controller.trim(), by_broker.trim());
    // list-endpoints: the controllers at their controller listeners, as Kafka prints them.
    let endpoints = cluster_tool(&[
        "list-endpoints",
        "--bootstrap-controller",
        &controller(octet, 2),
    ]);
    for id in 1..=3 {
        let row = endpoints
            .lines()
            .find(|l| l.split_whitespace().next() == Some(&id.to_string()))
            .unwrap_or_else(|| panic!("no row for controller {id}:\n{endpoints}"));
        let fields: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(
            fields,
            [
                &id.to_string(),
                ip(octet, id).as_str(),
                "19093",
                "null",
                "controller"
            ],
            "{endpoints}"
        );
    }
}

/// Controller-only nodes (no client listener) answer Kafka clients on their controller
/// listener: kafka-metadata-quorum shows the broker-only node as an observer, and a CreateTopics
/// sent to a controller that may not lead is forwarded and usable on the broker.
#[test]
fn controller_only_nodes_answer_on_their_controller_listener() {
    if against_kafka() {
        return;
    }
    let octet = 32;
    // Nodes 1-3: process.roles=controller; node 4: process.roles=broker.
    let _cluster = Cluster::start_roles(3, 1, octet, "");
    let leader = wait_active_controller(&controller(octet, 1));
    let bootstrap = format!("{},{}", controller(octet, 1), controller(octet, 2));
    let deadline = Instant::now() + ELECTION_MAX;
    loop {
        let status = via_controller(&bootstrap, METADATA_QUORUM, &["describe", "--status"]);
        assert_eq!(
            status_field(&status, "LeaderId"),
            leader.to_string(),
            "{status}"
        );
        if status_field(&status, "CurrentObservers") == "[{\"id\": 4}]" {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "broker 4 is no observer:\n{status}"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    let replication = via_controller(&bootstrap, METADATA_QUORUM, &["describe", "--replication"]);
    assert!(
        replication
            .lines()
            .any(|l| l.split_whitespace().next() == Some("4") && l.contains("Observer")),
        "{replication}"
    );
    // The controllers listed are the voters at their controller listeners.
    let (error, active, nodes) = describe_cluster(&controller(octet, 3), 2);
    assert_eq!((error, active), (0, leader));
    let voters: Vec<(i32, String)> = (1..=3).map(|id| (id, controller(octet, id))).collect();
    assert_eq!(nodes, voters);

    // A follower controller forwards CreateTopics to the active one; the broker has the topic.
    let follower = if leader == 1 { 2 } else { 1 };
    let mut wire = Wire::connect(&controller(octet, follower));
    let created = wire.call(
        7,
        &CreateTopicsRequest::default()
            .with_topics(vec![CreatableTopic::default()
                .with_name(TopicName(StrBytes::from_static_str("via-controller")))
                .with_num_partitions(2)
                .with_replication_factor(1)])
            .with_timeout_ms(15_000),
    );
    assert_eq!(created.topics[0].error_code, 0, "{created:?}");
    let deadline = Instant::now() + ELECTION_MAX;
    loop {
        let mut wire = Wire::connect(&client(octet, 4));
        let metadata = wire.call(1, &MetadataRequest::default().with_topics(None));
        let listed: BTreeSet<String> = metadata
            .topics
            .iter()
            .filter_map(|t| t.name.as_ref().map(|n| n.0.to_string()))
            .collect();
        if listed.contains("via-controller") {
            break;
        }
        assert!(Instant::now() < deadline, "broker 4 lists {listed:?}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Whether the peer closed `stream` (EOF or reset) within 10 s, reading away what it sent.
fn closed(stream: &mut std::net::TcpStream) -> bool {
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut buf = [0u8; 4096];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => continue,
            Err(e) => {
                return matches!(
                    e.kind(),
                    std::io::ErrorKind::ConnectionReset | std::io::ErrorKind::BrokenPipe
                )
            }
        }
    }
}

/// The raw side: the controller's ApiVersions, DescribeCluster's endpoint types on both
/// listeners, a closed connection for an API the controller listener does not serve and for
/// garbage (Kafka-looking or raft-looking first bytes), and a quorum that keeps its leader and
/// commits throughout.
#[test]
fn the_controller_listener_serves_only_its_apis_and_survives_garbage() {
    if against_kafka() {
        return;
    }
    let octet = 33;
    let cluster = Cluster::start(3, octet);
    let leader = wait_active_controller(&controller(octet, 1));
    // Brokers register after the quorum elects its leader: wait for all three on node 2.
    cluster.wait_brokers(1, &[1, 2, 3]);

    // ApiVersions advertises the controller's APIs only (SaslHandshake and SaslAuthenticate
    // among them, as Kafka's controllers), with the features.
    let mut wire = Wire::connect(&controller(octet, 2));
    let versions = wire.call(3, &ApiVersionsRequest::default());
    assert_eq!(versions.error_code, 0);
    let keys: BTreeSet<i16> = versions.api_keys.iter().map(|k| k.api_key).collect();
    assert_eq!(
        keys,
        BTreeSet::from([
            17, 18, 19, 20, 29, 30, 31, 32, 33, 36, 37, 43, 44, 45, 46, 49, 51, 55, 57, 60, 80, 81
        ]),
        "{versions:?}"
    );
    assert!(
        versions
            .finalized_features
            .iter()
            .any(|f| f.name.as_str() == "metadata.version"),
        "{versions:?}"
    );
    // The same connection goes on with DescribeQuorum.
    let quorum = wire.call(
        1,
        &DescribeQuorumRequest::default().with_topics(vec![
            kafka_protocol::messages::describe_quorum_request::TopicData::default()
                .with_topic_name(TopicName(StrBytes::from_static_str("__cluster_metadata")))
                .with_partitions(vec![
                    kafka_protocol::messages::describe_quorum_request::PartitionData::default(),
                ]),
        ]),
    );
    assert_eq!(quorum.topics[0].partitions[0].leader_id.0, leader);

    // Each listener answers its own endpoint type and refuses the other, as Kafka.
    let (error, _, _) = describe_cluster(&controller(octet, 2), 1);
    assert_eq!(
        error, 114,
        "MISMATCHED_ENDPOINT_TYPE on the controller listener"
    );
    let (error, _, _) = describe_cluster(&client(octet, 2), 2);
    assert_eq!(
        error, 114,
        "MISMATCHED_ENDPOINT_TYPE on the broker listener"
    );
    let (error, _, brokers) = describe_cluster(&client(octet, 2), 1);
    assert_eq!(error, 0);
    assert_eq!(brokers.len(), 3, "{brokers:?}");

    // Not served on the controller listener: the connection is closed, as Kafka closes it.
    let mut wire = Wire::connect(&controller(octet, 2));
    wire.send(12, &MetadataRequest::default().with_topics(None));
    assert!(wire.is_closed(), "Metadata on the controller listener");

    // Garbage: an HTTP request, a huge Kafka frame size, raft's magic then junk, and the first
    // bytes of a raft connection then silence broken off.
    let garbage: [&[u8]; 4] = [
        b"GET / HTTP/1.1\r\nHost: x\r\n\r\n",
        &[0x7f, 0xff, 0xff, 0xff, 1, 2, 3, 4],
        b"SLRAFT02\xff\xff\xff\xff\x00\x00\x00\x00junk",
        b"SLRAFT99",
    ];
    for id in 1..=3 {
        for bytes in garbage {
            let mut stream = std::net::TcpStream::connect(controller(octet, id)).unwrap();
            stream.write_all(bytes).unwrap();
            assert!(
                closed(&mut stream),
                "node {id} kept a connection that sent {:?}",
                String::from_utf8_lossy(bytes)
            );
        }
        // A frame that is too short for a header.
        let mut stream = std::net::TcpStream::connect(controller(octet, id)).unwrap();
        stream.write_all(&[0, 0, 0, 2, 0, 0]).unwrap();
        assert!(closed(&mut stream), "node {id}: a 2-byte frame");
    }

    // The quorum did not notice: same leader, and it still commits.
    assert_eq!(wait_active_controller(&controller(octet, 3)), leader);
    let mut wire = Wire::connect(&client(octet, 1));
    let created = wire.call(
        7,
        &CreateTopicsRequest::default()
            .with_topics(vec![CreatableTopic::default()
                .with_name(TopicName(StrBytes::from_static_str("after-garbage")))
                .with_num_partitions(1)
                .with_replication_factor(1)])
            .with_timeout_ms(15_000),
    );
    assert_eq!(created.topics[0].error_code, 0, "{created:?}");
    let status = via_controller(
        &controller(octet, 1),
        METADATA_QUORUM,
        &["describe", "--status"],
    );
    assert_eq!(
        status_field(&status, "LeaderId"),
        leader.to_string(),
        "{status}"
    );
}
