//! Admin changes are visible on every node before they are answered (issue 10: read-your-writes
//! across brokers, as across shards). A client that created a topic, changed a config or added
//! an ACL through one node asks another node at once — no retry, no sleep — and finds it there.
//! A broker that stops answering (SIGSTOP) delays admin answers only until it is fenced, never
//! past `broker.session.timeout.ms`.
//!
//! Clusters of three combined nodes on 127.0.105.x and 127.0.106.x and of a controller with
//! three broker-only nodes on 127.0.107.x, driven over raw connections (`wire`): the next
//! request leaves the moment the answer is read, the narrowest window a client can give a
//! lagging broker.

use std::collections::BTreeSet;
use std::time::Instant;

use kafka_protocol::messages::create_topics_request::{CreatableTopic, CreatableTopicConfig};
use kafka_protocol::messages::describe_configs_request::DescribeConfigsResource;
use kafka_protocol::messages::metadata_request::MetadataRequestTopic;
use kafka_protocol::messages::{
    CreateAclsRequest, CreateTopicsRequest, DescribeAclsRequest, DescribeConfigsRequest,
    MetadataRequest, TopicName,
};
use kafka_protocol::protocol::StrBytes;

use crate::cluster::Cluster;
use crate::harness::{self, against_kafka, Rng};
use crate::wire::Wire;

/// Creates (each followed by a config change and an ACL), every one through a node the seed
/// picks and checked at once on the other two.
const ROUNDS: u64 = 50;
const RESOURCE_TOPIC: i8 = 2;
const PATTERN_LITERAL: i8 = 3;
const OPERATION_READ: i8 = 3;
const PERMISSION_ALLOW: i8 = 3;

fn s(text: &str) -> StrBytes {
    StrBytes::from_string(text.to_string())
}

/// CreateTopics of `topic` with `partitions` and `retention.ms` = `retention_ms`; answers the
/// error code.
fn create(w: &mut Wire, topic: &str, partitions: i32, retention_ms: u64) -> i16 {
    let request = CreateTopicsRequest::default()
        .with_timeout_ms(30_000)
        .with_topics(vec![CreatableTopic::default()
            .with_name(TopicName(s(topic)))
            .with_num_partitions(partitions)
            .with_replication_factor(1)
            .with_configs(vec![CreatableTopicConfig::default()
                .with_name(s("retention.ms"))
                .with_value(Some(s(&retention_ms.to_string())))])]);
    let response = w.call(5, &request);
    response.topics[0].error_code
}

/// `topic`'s partition count as this node's Metadata (v4, no auto-creation) answers it, or its
/// error code.
fn partitions(w: &mut Wire, topic: &str) -> Result<usize, i16> {
    let request = MetadataRequest::default()
        .with_allow_auto_topic_creation(false)
        .with_topics(Some(vec![
            MetadataRequestTopic::default().with_name(Some(TopicName(s(topic))))
        ]));
    let response = w.call(4, &request);
    let t = &response.topics[0];
    if t.error_code != 0 {
        return Err(t.error_code);
    }
    Ok(t.partitions.len())
}

/// `topic`'s `retention.ms` as this node's DescribeConfigs answers it, or its error code.
fn retention(w: &mut Wire, topic: &str) -> Result<Option<String>, i16> {
    let request =
        DescribeConfigsRequest::default().with_resources(vec![DescribeConfigsResource::default()
            .with_resource_type(RESOURCE_TOPIC)
            .with_resource_name(s(topic))
            .with_configuration_keys(Some(vec![s("retention.ms")]))]);
    let response = w.call(1, &request);
    let result = &response.results[0];
    if result.error_code != 0 {
        return Err(result.error_code);
    }
    Ok(result
        .configs
        .iter()
        .find(|c| c.name.as_str() == "retention.ms")
        .and_then(|c| c.value.as_ref().map(|v| v.to_string())))
}

/// The principals allowed to READ `topic` as this node's DescribeAcls answers.
fn readers(w: &mut Wire, topic: &str) -> BTreeSet<String> {
    let request = DescribeAclsRequest::default()
        .with_resource_type_filter(RESOURCE_TOPIC)
        .with_resource_name_filter(Some(s(topic)))
        .with_pattern_type_filter(PATTERN_LITERAL)
        .with_principal_filter(None)
        .with_host_filter(None)
        .with_operation(OPERATION_READ)
        .with_permission_type(PERMISSION_ALLOW);
    let response = w.call(1, &request);
    assert_eq!(response.error_code, 0, "{response:?}");
    response
        .resources
        .iter()
        .flat_map(|r| r.acls.iter().map(|a| a.principal.to_string()))
        .collect()
}

/// The brokers other than `asked` (positions among `count`), in an order the seed picks.
fn others(rng: &mut Rng, count: usize, asked: usize) -> Vec<usize> {
    let mut others: Vec<usize> = (0..count).filter(|&at| at != asked).collect();
    if rng.below(2) == 1 {
        others.reverse();
    }
    others
}

const AUTHORIZER: &str =
    "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer\n\
     super.users=User:ANONYMOUS";

/// `ROUNDS` seeded rounds over the client listeners of `brokers` (node indexes in `cluster`):
/// a topic created through one broker, its retention changed through one, an ACL on it added
/// through one, each checked at once on every other broker.
fn changes_are_visible_at_once(cluster: &Cluster, brokers: &[usize], test: &str) {
    let seed = harness::seed(test);
    let mut rng = Rng(seed | 1);
    // By position in `brokers`.
    let mut wires: Vec<Wire> = brokers
        .iter()
        .map(|&at| Wire::connect(&cluster.nodes[at].bootstrap()))
        .collect();
    let id = |at: usize| cluster.nodes[brokers[at]].id;
    let n = brokers.len();
    let pick = |rng: &mut Rng| rng.below(n as u64) as usize;
    for round in 0..ROUNDS {
        // A topic, created through one broker, described at once by the others.
        let topic = format!("visible-{seed}-{round}");
        let count = 1 + rng.below(3) as usize;
        let retention_ms = 3_600_000 + rng.below(1000) * 1000;
        let asked = pick(&mut rng);
        let code = create(&mut wires[asked], &topic, count as i32, retention_ms);
        assert_eq!(
            code,
            0,
            "round {round}: creating {topic} through node {}",
            id(asked)
        );
        for at in others(&mut rng, n, asked) {
            let listed = partitions(&mut wires[at], &topic);
            assert_eq!(
                listed,
                Ok(count),
                "round {round}: node {} answered CreateTopics of {topic}; node {} right after \
                 (seed {seed})",
                id(asked),
                id(at)
            );
            let described = retention(&mut wires[at], &topic);
            assert_eq!(
                described,
                Ok(Some(retention_ms.to_string())),
                "round {round}"
            );
        }
        // Its retention changed through a broker, described at once by the others.
        let asked = pick(&mut rng);
        let changed = (retention_ms + 1000).to_string();
        let (code, message) = crate::configs::alter(
            &mut wires[asked],
            RESOURCE_TOPIC,
            &topic,
            &[("retention.ms", &changed)],
        );
        assert_eq!(code, 0, "round {round}: {message:?}");
        for at in others(&mut rng, n, asked) {
            let described = retention(&mut wires[at], &topic);
            assert_eq!(
                described,
                Ok(Some(changed.clone())),
                "round {round}: node {} answered IncrementalAlterConfigs of {topic}; node {} \
                 right after (seed {seed})",
                id(asked),
                id(at)
            );
        }
        // An ACL on it added through a broker, listed at once by the others.
        let asked = pick(&mut rng);
        let principal = format!("User:reader-{round}");
        let created = wires[asked].call(
            1,
            &CreateAclsRequest::default().with_creations(vec![crate::acl::creation(
                RESOURCE_TOPIC,
                &topic,
                PATTERN_LITERAL,
                &principal,
                OPERATION_READ,
                PERMISSION_ALLOW,
            )]),
        );
        assert_eq!(
            created.results[0].error_code, 0,
            "round {round}: {created:?}"
        );
        for at in others(&mut rng, n, asked) {
            assert_eq!(
                readers(&mut wires[at], &topic),
                BTreeSet::from([principal.clone()]),
                "round {round}: node {} answered CreateAcls on {topic}; node {} right after \
                 (seed {seed})",
                id(asked),
                id(at)
            );
        }
    }
}

#[test]
fn admin_changes_are_visible_on_every_node_when_answered() {
    if against_kafka() {
        return; // Kafka answers after commit: other brokers may not have the change yet
    }
    let cluster = Cluster::start_with(3, 105, AUTHORIZER);
    cluster.wait_ready();
    changes_are_visible_at_once(
        &cluster,
        &[0, 1, 2],
        "admin_changes_are_visible_on_every_node_when_answered",
    );
}

/// Broker-only nodes follow the metadata log as observers and report to every controller.
#[test]
fn admin_changes_are_visible_on_every_broker_only_node_when_answered() {
    if against_kafka() {
        return;
    }
    // Node 1: process.roles=controller; nodes 2-4: process.roles=broker.
    let cluster = Cluster::start_roles(1, 3, 107, AUTHORIZER);
    for at in 1..4 {
        cluster.wait_brokers(at, &[2, 3, 4]);
    }
    changes_are_visible_at_once(
        &cluster,
        &[1, 2, 3],
        "admin_changes_are_visible_on_every_broker_only_node_when_answered",
    );
}

#[test]
fn a_paused_broker_delays_admin_answers_only_until_it_is_fenced() {
    if against_kafka() {
        return;
    }
    let cluster = Cluster::start_with(
        3,
        106,
        "broker.session.timeout.ms=3000\nbroker.heartbeat.interval.ms=300",
    );
    cluster.wait_ready();
    let all: Vec<usize> = (0..3).collect();
    let leader = cluster.wait_leader(&all);
    let paused = (leader + 1) % 3;
    let asked = (leader + 2) % 3;
    let mut wires: Vec<Wire> = cluster
        .nodes
        .iter()
        .map(|n| Wire::connect(&n.bootstrap()))
        .collect();
    // Registered, unfenced, and it stops answering: the controller cannot know it is gone
    // until its session expires.
    cluster.signal(paused, libc::SIGSTOP);
    let started = Instant::now();
    assert_eq!(create(&mut wires[asked], "while-paused", 1, 3_600_000), 0);
    eprintln!(
        "CreateTopics with node {} paused, unfenced: answered in {:?}",
        cluster.nodes[paused].id,
        started.elapsed()
    );
    assert_eq!(partitions(&mut wires[leader], "while-paused"), Ok(1));
    // Fenced: admin answers no longer wait for it.
    let live: Vec<i32> = all
        .iter()
        .filter(|&&at| at != paused)
        .map(|&at| cluster.nodes[at].id)
        .collect();
    cluster.wait_brokers(asked, &live);
    cluster.wait_brokers(leader, &live);
    let started = Instant::now();
    assert_eq!(create(&mut wires[asked], "while-fenced", 1, 3_600_000), 0);
    eprintln!(
        "CreateTopics with node {} fenced: answered in {:?}",
        cluster.nodes[paused].id,
        started.elapsed()
    );
    assert_eq!(partitions(&mut wires[leader], "while-fenced"), Ok(1));
    // Back and unfenced, it has every change before the next answer.
    cluster.signal(paused, libc::SIGCONT);
    for &at in &all {
        cluster.wait_brokers(at, &[1, 2, 3]);
    }
    let mut resumed = Wire::connect(&cluster.nodes[paused].bootstrap());
    for topic in ["while-paused", "while-fenced"] {
        assert_eq!(partitions(&mut resumed, topic), Ok(1), "{topic}");
    }
    assert_eq!(create(&mut wires[leader], "after-resume", 2, 3_600_000), 0);
    assert_eq!(partitions(&mut resumed, "after-resume"), Ok(2));
}
