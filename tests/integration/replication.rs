//! Partition replication (issue 11) with real processes: three combined nodes on 127.0.4x.x
//! (and 127.0.62.x, 127.0.64.x),
//! topics with three replicas. Followers fetch from leaders, acks=all waits for the ISR, and a
//! leader killed with SIGKILL loses no acknowledged record: the new leader (from the ISR)
//! serves every one, and the old one comes back as a follower and catches up.

use crate::cluster::Cluster;
use crate::crash::{fetch_now, produce_acks_all};
use crate::harness::against_kafka;
use crate::wire::Wire;
use bytes::Bytes;
use kafka_protocol::messages::create_topics_request::{CreatableTopic, CreateTopicsRequest};
use kafka_protocol::messages::metadata_request::MetadataRequestTopic;
use kafka_protocol::messages::{FetchRequest, MetadataRequest, ProduceRequest, TopicName};
use kafka_protocol::protocol::StrBytes;
use std::time::{Duration, Instant};

const WAIT_MAX: Duration = Duration::from_secs(30);

fn topic_name(topic: &str) -> TopicName {
    TopicName(StrBytes::from_string(topic.to_string()))
}

/// (leader, leader epoch, ISR) of `partition` of `topic` as node `at` answers Metadata v9;
/// `None` while it cannot answer.
fn partition_state_of(
    cluster: &Cluster,
    at: usize,
    topic: &str,
    partition: i32,
) -> Option<(i32, i32, Vec<i32>)> {
    let mut wire = Wire::try_connect(&cluster.nodes[at].bootstrap()).ok()?;
    wire.set_read_timeout(Duration::from_secs(5));
    partition_state_on(&mut wire, topic, partition)
}

/// [`partition_state_of`] as the shard behind `wire`'s connection sees it.
pub(crate) fn partition_state_on(
    wire: &mut Wire,
    topic: &str,
    partition: i32,
) -> Option<(i32, i32, Vec<i32>)> {
    let response = wire.call(
        9,
        &MetadataRequest::default().with_topics(Some(vec![
            MetadataRequestTopic::default().with_name(Some(topic_name(topic)))
        ])),
    );
    let t = response.topics.first()?;
    if t.error_code != 0 {
        return None;
    }
    let p = t
        .partitions
        .iter()
        .find(|p| p.partition_index == partition)?;
    let mut isr: Vec<i32> = p.isr_nodes.iter().map(|b| b.0).collect();
    isr.sort_unstable();
    Some((p.leader_id.0, p.leader_epoch, isr))
}

/// Waits until node `at` shows partition 0 of `topic` as `done` says; returns that state.
pub(crate) fn wait_state(
    cluster: &Cluster,
    at: usize,
    topic: &str,
    what: &str,
    done: impl Fn(&(i32, i32, Vec<i32>)) -> bool,
) -> (i32, i32, Vec<i32>) {
    wait_state_of(cluster, at, topic, 0, what, done)
}

/// [`wait_state`] of partition `partition`.
pub(crate) fn wait_state_of(
    cluster: &Cluster,
    at: usize,
    topic: &str,
    partition: i32,
    what: &str,
    done: impl Fn(&(i32, i32, Vec<i32>)) -> bool,
) -> (i32, i32, Vec<i32>) {
    let deadline = Instant::now() + WAIT_MAX;
    loop {
        let state = partition_state_of(cluster, at, topic, partition);
        if let Some(state) = state.as_ref().filter(|s| done(s)) {
            return state.clone();
        }
        assert!(
            Instant::now() < deadline,
            "node {}, partition {partition}: {what} within {WAIT_MAX:?}; last seen {state:?}",
            cluster.nodes[at].id
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The value of the unlabelled sample `name` on node `at`'s /metrics.
fn metric(cluster: &Cluster, at: usize, name: &str) -> f64 {
    let (status, body) = crate::metrics::get(&cluster.nodes[at].http(), "/metrics");
    assert_eq!(status, 200);
    body.lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(' ')?.trim().parse().ok())
        .unwrap_or_else(|| panic!("no {name} in /metrics of node {}", cluster.nodes[at].id))
}

/// Three combined nodes on 127.0.`octet`.x with `replication_settings(lag_ms)`; returns once
/// every node lists every broker.
fn three_nodes(octet: u8, lag_ms: u64) -> Cluster {
    let cluster = Cluster::start_with(3, octet, &replication_settings(lag_ms));
    cluster.wait_ready();
    cluster
}

/// Node settings that fence a silent broker after 2 s and drop a follower from the ISR after
/// `lag_ms`.
pub(crate) fn replication_settings(lag_ms: u64) -> String {
    format!(
        "broker.session.timeout.ms=2000\nbroker.heartbeat.interval.ms=300\n\
         replica.lag.time.max.ms={lag_ms}"
    )
}

pub(crate) fn create_replicated_topic(cluster: &Cluster, topic: &str, configs: &[(&str, &str)]) {
    create_topic_with(cluster, topic, 1, configs);
}

fn create_topic_with(cluster: &Cluster, topic: &str, partitions: i32, configs: &[(&str, &str)]) {
    let topic = CreatableTopic::default()
        .with_name(topic_name(topic))
        .with_num_partitions(partitions)
        .with_replication_factor(3);
    create_topic(cluster, 0, topic, configs);
}

/// Creates `topic` with `configs` through node `at`; Kafka's answer must be no error.
pub(crate) fn create_topic(
    cluster: &Cluster,
    at: usize,
    topic: CreatableTopic,
    configs: &[(&str, &str)],
) {
    let mut wire = Wire::connect(&cluster.nodes[at].bootstrap());
    let configs = configs
        .iter()
        .map(|(k, v)| {
            kafka_protocol::messages::create_topics_request::CreatableTopicConfig::default()
                .with_name(StrBytes::from_string(k.to_string()))
                .with_value(Some(StrBytes::from_string(v.to_string())))
        })
        .collect();
    let response = wire.call(
        5,
        &CreateTopicsRequest::default()
            .with_timeout_ms(30_000)
            .with_topics(vec![topic.with_configs(configs)]),
    );
    assert_eq!(response.topics[0].error_code, 0, "{response:?}");
}

/// `topic` with `partitions` partitions of three replicas and `min.insync.replicas=2`, once
/// each has a leader and a full ISR.
fn create_topic_in_sync(cluster: &Cluster, topic: &str, partitions: i32) {
    create_topic_with(cluster, topic, partitions, &[("min.insync.replicas", "2")]);
    for p in 0..partitions {
        wait_state_of(cluster, 0, topic, p, "a full ISR", |s| {
            s.0 >= 0 && s.2 == vec![1, 2, 3]
        });
    }
}

/// One batch of `count` records with key and value `prefix-i`.
pub(crate) fn batch(prefix: &str, count: usize) -> Bytes {
    let mut b = batch::builder::BatchBuilder::new();
    for i in 0..count {
        let value = format!("{prefix}-{i}");
        b = b.record(i as i64, Some(value.as_bytes()), Some(value.as_bytes()));
    }
    Bytes::from(b.build())
}

/// Produces one acks=all batch to partition 0 through the node with id `leader`:
/// (error code, base offset).
pub(crate) fn produce(cluster: &Cluster, leader: i32, topic: &str, records: Bytes) -> (i16, i64) {
    let at = cluster.nodes.iter().position(|n| n.id == leader).unwrap();
    let mut wire = Wire::connect(&cluster.nodes[at].bootstrap());
    wire.set_read_timeout(Duration::from_secs(20));
    let request: ProduceRequest = produce_acks_all(topic_name(topic), 0, records);
    let response = wire.call(9, &request);
    let p = &response.responses[0].partition_responses[0];
    (p.error_code, p.base_offset)
}

/// Every record value of partition 0, read from the node with id `leader` (consumer fetch, up
/// to the high watermark).
fn read_all(cluster: &Cluster, leader: i32, topic: &str) -> Vec<String> {
    read_partition(cluster, leader, topic, 0)
        .into_iter()
        .map(|(_, _, value)| value)
        .collect()
}

/// [`read_partition`] once the node's high watermark covers `offset` (the last one acknowledged;
/// see [`read_at_least`]), or what it holds after `WAIT_MAX`.
pub(crate) fn read_partition_through(
    cluster: &Cluster,
    leader: i32,
    topic: &str,
    partition: i32,
    offset: i64,
) -> Vec<(i64, i32, String)> {
    let deadline = Instant::now() + WAIT_MAX;
    loop {
        let records = read_partition(cluster, leader, topic, partition);
        if records.last().map_or(-1, |r| r.0) >= offset || Instant::now() >= deadline {
            return records;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// [`read_all`] once the node's high watermark covers at least `count` records: a new leader's
/// high watermark starts at what it last learned as a follower and moves up once the other ISR
/// members fetch from it (Kafka's too), so its first reads may end short.
pub(crate) fn read_at_least(
    cluster: &Cluster,
    leader: i32,
    topic: &str,
    count: usize,
) -> Vec<String> {
    let deadline = Instant::now() + WAIT_MAX;
    loop {
        let values = read_all(cluster, leader, topic);
        if values.len() >= count || Instant::now() >= deadline {
            return values;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Every (offset, leader epoch of its batch, value) of `partition`, read from the node with id
/// `leader`.
pub(crate) fn read_partition(
    cluster: &Cluster,
    leader: i32,
    topic: &str,
    partition: i32,
) -> Vec<(i64, i32, String)> {
    let at = cluster.nodes.iter().position(|n| n.id == leader).unwrap();
    let mut wire = Wire::connect(&cluster.nodes[at].bootstrap());
    let mut values = Vec::new();
    let mut offset = 0i64;
    loop {
        let request: FetchRequest = fetch_now(topic_name(topic), partition, offset);
        let response = wire.call(12, &request);
        let p = &response.responses[0].partitions[0];
        assert_eq!(p.error_code, 0, "fetch at {offset} from node {leader}");
        let records = p.records.clone().unwrap_or_default();
        if records.is_empty() {
            assert_eq!(offset, p.high_watermark, "stopped below the high watermark");
            return values;
        }
        let mut rest = records;
        while rest.len() >= batch::BATCH_HEADER_BYTES {
            let header = batch::BatchHeader::parse(&rest).unwrap();
            if header.batch_size() > rest.len() {
                break;
            }
            let one = rest.split_to(header.batch_size());
            let (_, records) = batch::records(&one).expect("an uncompressed batch");
            for record in records {
                values.push((
                    header.base_offset + i64::from(record.offset_delta),
                    header.partition_leader_epoch,
                    String::from_utf8(record.value.unwrap().to_vec()).unwrap(),
                ));
            }
            offset = header.last_offset() + 1;
        }
    }
}

#[test]
fn three_replicas_keep_every_acknowledged_record_when_leaders_are_killed() {
    if against_kafka() {
        return;
    }
    let topic = "replicated";
    let mut cluster = three_nodes(40, 3000);
    create_replicated_topic(&cluster, topic, &[]);
    let (leader, epoch, _) = wait_state(&cluster, 0, topic, "a leader and a full ISR", |s| {
        s.0 >= 0 && s.2 == vec![1, 2, 3]
    });

    // acks=all through the leader: every batch acknowledged at consecutive offsets.
    let mut expected = Vec::new();
    for round in 0..20 {
        let (code, base) = produce(&cluster, leader, topic, batch(&format!("a{round}"), 5));
        assert_eq!((code, base), (0, round * 5), "batch {round}");
        expected.extend((0..5).map(|i| format!("a{round}-{i}")));
    }
    // A follower refuses produces as Kafka does.
    let follower = (1..=3).find(|id| *id != leader).unwrap();
    let (code, _) = produce(&cluster, follower, topic, batch("x", 1));
    assert_eq!(code, 6, "NOT_LEADER_OR_FOLLOWER from a follower");
    assert_eq!(read_all(&cluster, leader, topic), expected);

    // The leader dies: another ISR member takes over with a higher epoch and has everything.
    let leader_at = cluster.nodes.iter().position(|n| n.id == leader).unwrap();
    cluster.kill9(leader_at);
    let survivor = (0..3).find(|at| *at != leader_at).unwrap();
    let (second, second_epoch, _) = wait_state(&cluster, survivor, topic, "a new leader", |s| {
        s.0 >= 0 && s.0 != leader
    });
    assert!(second_epoch > epoch, "{second_epoch} > {epoch}");
    assert_eq!(
        read_at_least(&cluster, second, topic, expected.len()),
        expected
    );
    for round in 0..5 {
        let (code, base) = produce(&cluster, second, topic, batch(&format!("b{round}"), 5));
        assert_eq!((code, base), (0, 100 + round * 5), "batch b{round}");
        expected.extend((0..5).map(|i| format!("b{round}-{i}")));
    }

    // The old leader returns as a follower, catches up and rejoins the ISR.
    cluster.restart(leader_at);
    wait_state(&cluster, survivor, topic, "the full ISR again", |s| {
        s.2 == vec![1, 2, 3]
    });
    // Followers copy the leader's bytes as they are: the three logs are identical.
    let logs = converged_segments(&cluster, topic);
    assert!(
        logs.iter().all(|l| *l == logs[0]),
        "replica logs differ byte for byte"
    );
    // The leader that took the old one back counted the expansion (Kafka's IsrExpandsPerSec).
    let expands: f64 = (0..3)
        .map(|at| metric(&cluster, at, "kafka_server_replicamanager_isrexpands_total"))
        .sum();
    assert!(expands >= 1.0, "isrexpands_total {expands}");
    assert_eq!(
        metric(
            &cluster,
            survivor,
            "kafka_server_replicamanager_underreplicatedpartitions"
        ),
        0.0
    );

    // Kill the second leader too: the third replica or the first one leads, with everything.
    let second_at = cluster.nodes.iter().position(|n| n.id == second).unwrap();
    cluster.kill9(second_at);
    let watcher = (0..3).find(|at| *at != second_at).unwrap();
    let (third, _, _) = wait_state(&cluster, watcher, topic, "a third leader", |s| {
        s.0 >= 0 && s.0 != second
    });
    assert_eq!(
        read_at_least(&cluster, third, topic, expected.len()),
        expected
    );
}

/// acks=all under `min.insync.replicas`: with `min.insync.replicas=3` and one of three
/// replicas down, the ISR shrinks to two and a write is refused with NOT_ENOUGH_REPLICAS,
/// never acknowledged by fewer replicas than asked. (The nodes are combined controllers: one
/// down keeps the metadata quorum, which commits the ISR change.)
#[test]
fn acks_all_is_refused_below_min_insync_replicas() {
    if against_kafka() {
        return;
    }
    let topic = "min-isr";
    let mut cluster = three_nodes(41, 2000);
    create_replicated_topic(&cluster, topic, &[("min.insync.replicas", "3")]);
    let (leader, _, _) = wait_state(&cluster, 0, topic, "a full ISR", |s| {
        s.0 >= 0 && s.2 == vec![1, 2, 3]
    });
    assert_eq!(produce(&cluster, leader, topic, batch("ok", 3)), (0, 0));
    // One follower dies (SIGKILL): the ISR shrinks to two.
    let leader_at = cluster.nodes.iter().position(|n| n.id == leader).unwrap();
    let gone = (0..3).find(|at| *at != leader_at).unwrap();
    cluster.kill9(gone);
    wait_state(&cluster, leader_at, topic, "an ISR of two", |s| {
        s.2.len() == 2
    });
    let (code, _) = produce(&cluster, leader, topic, batch("refused", 1));
    assert_eq!(code, 19, "NOT_ENOUGH_REPLICAS below min.insync.replicas");
}

/// Two of three nodes down at once (kill -9 of both followers of a partition): the metadata
/// quorum is gone with them, so the leader can neither shrink the ISR nor be replaced, and an
/// acks=all write cannot be acknowledged (Kafka answers REQUEST_TIMED_OUT: the ISR still holds
/// the dead replicas; NOT_ENOUGH_REPLICAS would do as well). What was acknowledged before stays
/// readable from the survivor, nothing above the high watermark is served, and once both nodes
/// are back the partition takes writes again with every acknowledged record in place.
#[test]
fn two_of_three_nodes_down_acknowledge_nothing_and_lose_nothing() {
    if against_kafka() {
        return;
    }
    let topic = "two-down";
    let mut cluster = three_nodes(65, 2000);
    create_replicated_topic(&cluster, topic, &[("min.insync.replicas", "2")]);
    let (leader, _, _) = wait_state(&cluster, 0, topic, "a full ISR", |s| {
        s.0 >= 0 && s.2 == vec![1, 2, 3]
    });
    assert_eq!(produce(&cluster, leader, topic, batch("before", 5)), (0, 0));
    let leader_at = cluster.nodes.iter().position(|n| n.id == leader).unwrap();
    let followers: Vec<usize> = (0..3).filter(|at| *at != leader_at).collect();
    for at in &followers {
        cluster.kill9(*at);
    }
    let (code, _) = produce(&cluster, leader, topic, batch("unacknowledged", 2));
    assert!(
        code == 7 || code == 19,
        "an acks=all write with two of three replicas down: error {code}, not acknowledged"
    );
    // The survivor serves what was acknowledged, and not the record it took alone.
    assert_eq!(
        read_all(&cluster, leader, topic),
        (0..5).map(|i| format!("before-{i}")).collect::<Vec<_>>()
    );
    for at in &followers {
        cluster.restart(*at);
    }
    wait_state_of(&cluster, leader_at, topic, 0, "the full ISR again", |s| {
        s.0 >= 0 && s.2 == vec![1, 2, 3]
    });
    let (leader, _, _) = wait_state(&cluster, 0, topic, "a leader", |s| s.0 >= 0);
    let (code, base) = produce(&cluster, leader, topic, batch("after", 3));
    assert_eq!(code, 0, "writes again once the nodes are back");
    let values = read_at_least(&cluster, leader, topic, base as usize + 3);
    assert_eq!(
        values[..5],
        (0..5).map(|i| format!("before-{i}")).collect::<Vec<_>>()[..],
        "the acknowledged records in place"
    );
    assert_eq!(
        values[base as usize..],
        (0..3).map(|i| format!("after-{i}")).collect::<Vec<_>>()[..]
    );
    // The unacknowledged records may stay (the followers may have taken them) but only once.
    let taken_alone = values
        .iter()
        .filter(|v| v.starts_with("unacknowledged"))
        .count();
    assert!(taken_alone == 0 || taken_alone == 2, "{values:?}");
}

/// Kafka's promise with a real client under faults: librdkafka's idempotent acks=all producer
/// writes at a steady rate into three partitions of three replicas while the leader of each
/// partition in turn (when the producer has reached a given count of acknowledgements) is
/// killed with SIGKILL and restarted, paused with SIGSTOP past the session timeout and resumed,
/// or cut off from the other nodes and healed. Afterwards every acknowledged record is at its acknowledged
/// offset, no value is stored twice (idempotence across failovers), and the per-fault
/// unavailability window (from the kill to the next acknowledgement on that partition) is
/// printed. Replay with SLUICE_TEST_SEED.
#[test]
fn an_idempotent_producer_loses_and_duplicates_nothing_while_leaders_die() {
    if against_kafka() {
        return;
    }
    let mut cluster = three_nodes(42, 3000);
    // The network cut here is the failpoint (`Cluster::isolate`); netns_partition.rs runs the
    // same scenario with the kernel dropping the packets.
    leaders_die_under_real_clients(&mut cluster, &mut |cluster, fault| match fault {
        Fault::Kill(at) => cluster.kill9(at),
        Fault::Restart(at) => cluster.restart(at),
        Fault::Pause(at) => cluster.signal(at, libc::SIGSTOP),
        Fault::Resume(at) => cluster.signal(at, libc::SIGCONT),
        Fault::Cut(at) => cluster.isolate(at),
        Fault::Heal => cluster.heal(),
    });
}

/// What `leaders_die_under_real_clients` does to a node (by index), and undoes.
pub(crate) enum Fault {
    Kill(usize),
    Restart(usize),
    Pause(usize),
    Resume(usize),
    /// Cut the node off from every other node.
    Cut(usize),
    Heal,
}

/// The scenario of `an_idempotent_producer_loses_and_duplicates_nothing_while_leaders_die`, on a
/// running three-node `cluster` with `replication_settings`; `faults` applies each fault.
pub(crate) fn leaders_die_under_real_clients(
    cluster: &mut Cluster,
    faults: &mut dyn FnMut(&mut Cluster, Fault),
) {
    let seed = crate::harness::seed("replication_faults");
    let topic = "faults";
    let partitions = 3;
    create_topic_in_sync(cluster, topic, partitions);
    let total = 9000;
    // A consumer reads every partition through the faults, as a user's would.
    let mut consumer = faulted_consumer(cluster, topic);
    let mut producer = idempotent_producer(cluster, topic, seed, total, 300);
    // When each producer line arrived, for the unavailability windows.
    let mut arrived: Vec<Instant> = Vec::new();
    let wait_acks = |producer: &mut crate::harness::Streaming,
                     arrived: &mut Vec<Instant>,
                     what: &str,
                     done: &dyn Fn(&[String]) -> bool| {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            producer.poll();
            arrived.resize(producer.seen.len(), Instant::now());
            if done(&producer.seen) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "the producer stalled {what}; its last lines: {:?}",
                producer.seen.iter().rev().take(8).collect::<Vec<_>>()
            );
            std::thread::sleep(Duration::from_millis(2));
        }
    };
    let acked = |lines: &[String]| lines.iter().filter(|l| l.starts_with("ack ")).count();
    // Per fault: (kind, partition, the leader epoch before it, when).
    let mut kills = Vec::new();
    // Per fault: how long until another node named a new leader (polled every 50 ms).
    let mut elected = Vec::new();
    // One fault per partition's leader: SIGKILL then restart, SIGSTOP past the session
    // timeout then SIGCONT, cut off from the other nodes then healed.
    let kinds = ["kill -9", "pause", "partition"];
    for (round, partition) in (0..partitions).enumerate() {
        let fault = kinds[round % kinds.len()];
        let target = (round + 1) * total / 5;
        wait_acks(&mut producer, &mut arrived, "before a fault", &|l| {
            acked(l) >= target
        });
        let (leader, epoch, _) =
            wait_state_of(cluster, 0, topic, partition, "a leader", |s| s.0 >= 0);
        let leader_at = cluster.nodes.iter().position(|n| n.id == leader).unwrap();
        let watcher = (0..3).find(|at| *at != leader_at).unwrap();
        let before = producer.seen.len();
        kills.push((fault, partition, epoch, Instant::now()));
        match fault {
            "kill -9" => faults(cluster, Fault::Kill(leader_at)),
            "pause" => faults(cluster, Fault::Pause(leader_at)),
            _ => faults(cluster, Fault::Cut(leader_at)),
        }
        wait_state_of(cluster, watcher, topic, partition, "a new leader", |s| {
            s.0 >= 0 && s.0 != leader
        });
        let faulted_at = kills.last().expect("pushed above").3;
        elected.push((fault, faulted_at.elapsed()));
        // The fault ends once another replica leads (a client cannot leave a broker that
        // holds its requests unanswered before its own timeouts, ~60 s for librdkafka).
        match fault {
            "kill -9" => faults(cluster, Fault::Restart(leader_at)),
            "pause" => faults(cluster, Fault::Resume(leader_at)),
            _ => faults(cluster, Fault::Heal),
        }
        let prefix = format!("ack {partition} ");
        let what = format!("after {fault} of partition {partition}'s leader {leader}");
        // A new leader acknowledged a record of the partition, or the producer has answered
        // every record (on a slow machine the rounds can outlast its 30 s: nothing is left to
        // send there; the fault's window is then reported as unknown).
        wait_acks(&mut producer, &mut arrived, &what, &|l| {
            l[before..].iter().any(|line| line.starts_with(&prefix))
                || l.iter()
                    .filter(|l| l.starts_with("ack ") || l.starts_with("nack "))
                    .count()
                    >= total
        });
        for p in 0..partitions {
            wait_state_of(cluster, watcher, topic, p, "the full ISR again", |s| {
                s.2 == vec![1, 2, 3]
            });
        }
    }
    wait_acks(&mut producer, &mut arrived, "to the end", &|l| {
        l.iter()
            .filter(|l| l.starts_with("ack ") || l.starts_with("nack "))
            .count()
            >= total
    });
    let arrived_at = arrived.clone();
    let (lines, acks, nacks, stored) = producer_outcome(
        producer,
        Duration::from_secs(180),
        cluster,
        topic,
        partitions,
    );
    // Per partition: the first offset each leader epoch wrote.
    let mut epoch_starts: std::collections::BTreeMap<(i32, i32), i64> = Default::default();
    for ((p, offset), (epoch, _)) in &stored {
        epoch_starts.entry((*p, *epoch)).or_insert(*offset);
    }
    // Unavailability per kill: from the kill to the acknowledgement of the first record a
    // later leader epoch wrote on that partition.
    let mut windows = Vec::new();
    for (fault, partition, epoch, killed_at) in &kills {
        let first_new = epoch_starts
            .iter()
            .filter(|((p, e), _)| p == partition && e > epoch)
            .map(|(_, offset)| *offset)
            .min();
        let acked_at = first_new.and_then(|offset| {
            let wanted = format!("ack {partition} {offset} ");
            lines
                .iter()
                .position(|l| l.starts_with(&wanted))
                .and_then(|i| arrived_at.get(i))
        });
        windows.push((*fault, acked_at.map(|at| at.duration_since(*killed_at))));
    }
    let lost = lost(&acks, &stored);
    let consumed = consumed_through_faults(&mut consumer, &stored);
    eprintln!(
        "replication faults (seed {seed}): {} acknowledged, {nacks} not acknowledged, {} stored, \
         {lost} lost, 0 stored twice, {consumed} read by a consumer running through the faults; unavailability per \
         fault (kill to the first record a new leader acknowledged): {windows:?}; a new leader \
         seen after: {elected:?}",
        acks.len(),
        stored.len()
    );
    assert_eq!(lost, 0, "acknowledged records lost");
    assert_eq!(acks.len() + nacks, total, "every record answered");
}

/// A librdkafka consumer of every partition of `topic` from the earliest offset, printing each
/// record as it reads it (`rec PARTITION OFFSET TIMESTAMP KEY VALUE`) until it is stopped.
fn faulted_consumer(cluster: &Cluster, topic: &str) -> crate::harness::Streaming {
    let bootstrap: Vec<String> = cluster.nodes.iter().map(|n| n.bootstrap()).collect();
    let mut cmd = crate::clients::Client::Confluent.command();
    cmd.args([
        "consume",
        "--bootstrap",
        &bootstrap.join(","),
        "--topic",
        topic,
    ])
    .args(["--partition", "-1", "--count", "1000000000", "--flush"])
    .args(["--timeout-ms", "3600000"]);
    crate::harness::Streaming::spawn(&mut cmd)
}

/// What a consumer that ran through the faults read, checked against what the partitions hold
/// in the end (`stored`): it reads up to the last stored offset of every partition (waited for,
/// then it is stopped), each partition's offsets only go up and without a gap, and every record
/// it read is stored at that offset with that value, so it never read a record the cluster
/// later lost or replaced (nothing above the high watermark). Returns how many it read.
fn consumed_through_faults(
    consumer: &mut crate::harness::Streaming,
    stored: &std::collections::BTreeMap<(i32, i64), (i32, String)>,
) -> usize {
    let mut last: std::collections::BTreeMap<i32, i64> = Default::default();
    for (p, offset) in stored.keys() {
        last.insert(*p, *offset);
    }
    let read = |lines: &[String]| -> Vec<(i32, i64, String)> {
        lines
            .iter()
            .filter_map(|l| {
                let f: Vec<&str> = l.split(' ').collect();
                (f.len() == 6 && f[0] == "rec").then(|| {
                    (
                        f[1].parse().unwrap(),
                        f[2].parse().unwrap(),
                        f[5].to_string(),
                    )
                })
            })
            .collect()
    };
    let reached = |lines: &[String]| {
        let read = read(lines);
        last.iter()
            .all(|(p, end)| read.iter().any(|(rp, offset, _)| rp == p && offset == end))
    };
    let caught_up = consumer.wait_for(Duration::from_secs(120), reached);
    let lines = std::mem::take(&mut consumer.seen);
    assert!(
        caught_up,
        "the consumer did not read up to the stored ends {last:?}; its last lines: {:?}",
        lines.iter().rev().take(8).collect::<Vec<_>>()
    );
    let records = read(&lines);
    let mut next: std::collections::BTreeMap<i32, i64> = Default::default();
    for (p, offset, value) in &records {
        let expected = next.entry(*p).or_insert(0);
        assert_eq!(
            offset,
            expected,
            "partition {p}: the consumer read offset {offset} after {}",
            *expected - 1
        );
        *expected += 1;
        match stored.get(&(*p, *offset)) {
            Some((_, v)) if v == value => {}
            other => panic!(
                "the consumer read {value} at ({p}, {offset}), but it is stored as {other:?}"
            ),
        }
    }
    records.len()
}

/// Durability with replication as the brief states it: an acknowledged acks=all record survives
/// a power loss of every node at once. The three nodes are killed together mid-stream, each
/// loses what it had not fdatasync'd (a seeded random part of every file's unsynced tail,
/// `power_loss`), and they start again: every record the idempotent producer had acknowledged
/// is stored at its offset, none twice, and the producer finishes its run on the restarted
/// cluster.
#[test]
fn every_acknowledged_record_survives_a_power_loss_of_every_node() {
    if against_kafka() {
        return;
    }
    let seed = crate::harness::seed("replication_power_loss");
    let mut rng = model::SimRng::new(seed);
    let topic = "powerloss";
    let partitions = 3;
    let mut cluster = Cluster::configure(
        3,
        0,
        "127.0.62",
        "broker.session.timeout.ms=2000\nbroker.heartbeat.interval.ms=300",
        false,
    );
    cluster.record_syncs();
    for at in 0..3 {
        cluster.format(at, &[]);
    }
    cluster.start_all();
    cluster.wait_ready();
    create_topic_in_sync(&cluster, topic, partitions);
    // Many small batches (5 ms linger at 4,000 records/s over three partitions): some are
    // written and not yet synced on some node when the power goes.
    let total = 12_000;
    // A consumer reads through the power loss: what it read was durable on the ISR.
    let mut consumer = faulted_consumer(&cluster, topic);
    let mut producer = idempotent_producer(&cluster, topic, seed, total, 4000);
    let acked = |lines: &[String]| lines.iter().filter(|l| l.starts_with("ack ")).count();
    assert!(
        producer.wait_for(Duration::from_secs(60), |l| acked(l) >= total / 4),
        "the producer stalled; its last lines: {:?}",
        producer.seen.iter().rev().take(8).collect::<Vec<_>>()
    );

    // Not right after an acknowledgement (which follows a sync): a seeded moment within the
    // next few batches.
    std::thread::sleep(Duration::from_millis(rng.below(20)));
    cluster.kill9_all();
    let acked_before = acked(&producer.seen);
    let mut reports = Vec::new();
    for node in &cluster.nodes {
        let log = node.sync_log.as_ref().expect("syncs recorded");
        reports.push(crate::power_loss::simulate(&node.data, log, &mut rng));
    }
    cluster.start_all();
    cluster.wait_ready();

    assert!(
        producer.wait_for(Duration::from_secs(150), |l| {
            l.iter()
                .filter(|l| l.starts_with("ack ") || l.starts_with("nack "))
                .count()
                >= total
        }),
        "the producer did not finish after the restart; its last lines: {:?}",
        producer.seen.iter().rev().take(8).collect::<Vec<_>>()
    );
    let (_, acks, nacks, stored) = producer_outcome(
        producer,
        Duration::from_secs(30),
        &cluster,
        topic,
        partitions,
    );
    let lost = lost(&acks, &stored);
    let consumed = consumed_through_faults(&mut consumer, &stored);
    eprintln!(
        "power loss (seed {seed}): {acked_before} acknowledged before it; per node {reports:?}; \
         {} acknowledged in all, {nacks} not acknowledged, {} stored, {lost} lost, 0 stored twice, \
         {consumed} read by a consumer running through it",
        acks.len(),
        stored.len()
    );
    assert_eq!(lost, 0, "acknowledged records lost");
    assert_eq!(acks.len() + nacks, total, "every record answered");
}

/// A confluent-kafka (librdkafka) idempotent acks=all producer of `total` records at `rate`
/// per second over every partition of `topic`, retrying for up to 120 s; it prints an `ack` or
/// `nack` line per record.
fn idempotent_producer(
    cluster: &Cluster,
    topic: &str,
    seed: u64,
    total: usize,
    rate: usize,
) -> crate::harness::Streaming {
    let bootstrap: Vec<String> = cluster.nodes.iter().map(|n| n.bootstrap()).collect();
    let mut cmd = crate::clients::Client::Confluent.command();
    cmd.args([
        "produce",
        "--bootstrap",
        &bootstrap.join(","),
        "--topic",
        topic,
    ])
    .args(["--partition", "-1"])
    .args([
        "--seed",
        &seed.to_string(),
        "--spec",
        &format!("all:none:{total}"),
    ])
    .args([
        "--idempotent",
        "--keep-going",
        "--message-timeout-ms",
        "120000",
    ])
    .args(["--rate", &rate.to_string()]);
    crate::harness::Streaming::spawn(&mut cmd)
}

/// Every record of a finished `idempotent_producer` run, as stored and acknowledged:
/// (its lines, its acknowledgements, how many records it was refused, what the partitions
/// hold as `stored_once` reads them). Panics if the producer did not exit with success within
/// `timeout`.
#[allow(clippy::type_complexity)]
fn producer_outcome(
    producer: crate::harness::Streaming,
    timeout: Duration,
    cluster: &Cluster,
    topic: &str,
    partitions: i32,
) -> (
    Vec<String>,
    Vec<(i32, i64, String)>,
    usize,
    std::collections::BTreeMap<(i32, i64), (i32, String)>,
) {
    let (lines, status, stderr) = producer.finish(timeout);
    assert!(
        status.is_some_and(|s| s.success()),
        "producer: {status:?}\n{stderr}"
    );
    let acks = acknowledged(&lines);
    let nacks = lines.iter().filter(|l| l.starts_with("nack ")).count();
    let stored = stored_once(cluster, topic, partitions, &acks);
    (lines, acks, nacks, stored)
}

/// The producer's acknowledgements: (partition, offset, value) of each `ack` line.
fn acknowledged(lines: &[String]) -> Vec<(i32, i64, String)> {
    lines
        .iter()
        .filter_map(|l| {
            let f: Vec<&str> = l.split(' ').collect();
            (f.len() == 5 && f[0] == "ack").then(|| {
                (
                    f[1].parse().unwrap(),
                    f[2].parse().unwrap(),
                    f[4].to_string(),
                )
            })
        })
        .collect()
}

/// Every record of `partitions` partitions of `topic`, read from each one's leader once its
/// high watermark covers the last acknowledged offset (a leader elected late may still be
/// catching it up): (partition, offset) → (leader epoch, value). Panics on a value stored twice.
fn stored_once(
    cluster: &Cluster,
    topic: &str,
    partitions: i32,
    acks: &[(i32, i64, String)],
) -> std::collections::BTreeMap<(i32, i64), (i32, String)> {
    let mut stored = std::collections::BTreeMap::new();
    let mut seen_values = std::collections::BTreeMap::new();
    for p in 0..partitions {
        let (leader, _, _) = wait_state_of(cluster, 0, topic, p, "a leader", |s| s.0 >= 0);
        let last_acked = acks
            .iter()
            .filter(|(ap, _, _)| *ap == p)
            .map(|(_, offset, _)| *offset)
            .max()
            .unwrap_or(-1);
        for (offset, epoch, value) in read_partition_through(cluster, leader, topic, p, last_acked)
        {
            if let Some(first) = seen_values.insert(value.clone(), (p, offset)) {
                panic!("{value} stored twice: at {first:?} and at ({p}, {offset})");
            }
            stored.insert((p, offset), (epoch, value));
        }
    }
    stored
}

/// How many acknowledged records are not stored at their acknowledged offset (each printed).
fn lost(
    acks: &[(i32, i64, String)],
    stored: &std::collections::BTreeMap<(i32, i64), (i32, String)>,
) -> usize {
    let mut lost = 0;
    for (p, offset, value) in acks {
        match stored.get(&(*p, *offset)) {
            Some((_, v)) if v == value => {}
            other => {
                lost += 1;
                eprintln!("acknowledged {value} at ({p}, {offset}) but stored: {other:?}");
            }
        }
    }
    lost
}

/// Every segment file of partition 0 of `topic` on each node, concatenated in offset order,
/// once they are equal in size (followers caught up); panics if they do not converge.
fn converged_segments(cluster: &Cluster, topic: &str) -> Vec<Vec<u8>> {
    let segments = |data: &std::path::Path| -> Vec<u8> {
        let dir = data.join(format!("{topic}-0"));
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .map(|entries| {
                entries
                    .filter_map(|e| e.ok()?.file_name().into_string().ok())
                    .filter(|name| name.ends_with(".log"))
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
            .iter()
            .flat_map(|name| std::fs::read(dir.join(name)).unwrap_or_default())
            .collect()
    };
    let deadline = Instant::now() + WAIT_MAX;
    loop {
        let logs: Vec<Vec<u8>> = cluster.nodes.iter().map(|n| segments(&n.data)).collect();
        if logs
            .iter()
            .all(|l| l.len() == logs[0].len() && !l.is_empty())
        {
            return logs;
        }
        assert!(
            Instant::now() < deadline,
            "replica logs did not converge: sizes {:?}",
            logs.iter().map(Vec::len).collect::<Vec<_>>()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A leader cut off from the metadata quorum keeps thinking it leads and takes acks=1 writes
/// nobody replicates; the others elect a new leader, which takes acks=all writes at the same
/// offsets. Healed, the old leader learns the new epoch, truncates its divergent tail
/// (KIP-320's diverging epoch) and copies the new leader's records: all three replicas' log
/// files end byte-identical, holding only what the new leader acknowledged.
#[test]
fn a_cut_off_leader_truncates_what_it_alone_took_and_the_replicas_end_identical() {
    if against_kafka() {
        return;
    }
    let cluster = three_nodes(43, 3000);
    cut_off_leader_truncates(&cluster, &mut |cut| match cut {
        Some(at) => cluster.isolate(at),
        None => cluster.heal(),
    });
}

/// The cut-off leader scenario on a ready cluster of three (`three_nodes`' settings):
/// `cut(Some(at))` cuts node `at` off from the others, `cut(None)` heals (a failpoint in
/// Sluice here, a real network cut in `netns_partition`).
pub(crate) fn cut_off_leader_truncates(cluster: &Cluster, cut: &mut dyn FnMut(Option<usize>)) {
    let topic = "diverge";
    create_replicated_topic(cluster, topic, &[]);
    let (leader, epoch, _) = wait_state(cluster, 0, topic, "a full ISR", |s| {
        s.0 >= 0 && s.2 == vec![1, 2, 3]
    });
    for round in 0..3 {
        assert_eq!(
            produce(cluster, leader, topic, batch(&format!("before{round}"), 2)),
            (0, round * 2)
        );
    }
    let leader_at = cluster.nodes.iter().position(|n| n.id == leader).unwrap();
    let other = (0..3).find(|at| *at != leader_at).unwrap();
    cut(Some(leader_at));
    // The others fence it and elect a new leader with a higher epoch.
    let (second, second_epoch, _) = wait_state(cluster, other, topic, "a new leader", |s| {
        s.0 >= 0 && s.0 != leader
    });
    assert!(second_epoch > epoch);
    // The cut-off leader still answers acks=1 (it cannot know), at offsets 6.. .
    let mut wire = Wire::connect(&cluster.nodes[leader_at].bootstrap());
    let mut request = produce_acks_all(topic_name(topic), 0, batch("lost", 3));
    request.acks = 1;
    let response = wire.call(9, &request);
    let p = &response.responses[0].partition_responses[0];
    assert_eq!(
        (p.error_code, p.base_offset),
        (0, 6),
        "acks=1 on the cut-off leader"
    );
    // acks=all it never acknowledges: no follower can fetch what it took.
    let response = wire.call(
        9,
        &produce_acks_all(topic_name(topic), 0, batch("never", 1)),
    );
    let p = &response.responses[0].partition_responses[0];
    assert_ne!(p.error_code, 0, "acks=all acknowledged by a cut-off leader");
    // The new leader takes acks=all at the same offsets.
    assert_eq!(produce(cluster, second, topic, batch("after", 4)), (0, 6));
    cut(None);
    wait_state(cluster, other, topic, "the full ISR again", |s| {
        s.2 == vec![1, 2, 3]
    });
    let logs = converged_segments(cluster, topic);
    assert!(
        logs.iter().all(|l| *l == logs[0]),
        "replica logs differ byte for byte"
    );
    let values = read_at_least(cluster, second, topic, 10);
    assert_eq!(values.len(), 10, "{values:?}");
    assert!(
        values
            .iter()
            .all(|v| !v.starts_with("lost") && !v.starts_with("never")),
        "{values:?}"
    );
}

/// The node id FindCoordinator (v3, group key) names for `group`, asking node `at`.
pub(crate) fn group_coordinator(cluster: &Cluster, at: usize, group: &str) -> Option<i32> {
    use kafka_protocol::messages::FindCoordinatorRequest;
    let mut wire = Wire::try_connect(&cluster.nodes[at].bootstrap()).ok()?;
    wire.set_read_timeout(Duration::from_secs(10));
    let response = wire.call(
        3,
        &FindCoordinatorRequest::default()
            .with_key(StrBytes::from_string(group.to_string()))
            .with_key_type(0),
    );
    (response.error_code == 0).then_some(response.node_id.0)
}

/// `__consumer_offsets` with three replicas: a consumer group commits through its coordinator
/// (the leader of the group's offsets partition, writing acks=all), the coordinator's node is
/// killed with SIGKILL, the offsets partition's new leader loads the group, and a new member of
/// the group resumes exactly after what was committed: nothing committed is lost and nothing
/// consumed before is delivered again.
#[test]
fn a_consumer_group_resumes_from_its_commits_after_its_coordinator_dies() {
    use crate::groups::{Member, MemberSpec};
    if against_kafka() {
        return;
    }
    let topic = "grouped";
    let group = "failover-group";
    let cluster = Cluster::start_with(
        3,
        44,
        "broker.session.timeout.ms=2000\nbroker.heartbeat.interval.ms=300\n\
         replica.lag.time.max.ms=3000\noffsets.topic.replication.factor=3\n\
         offsets.topic.num.partitions=3\ngroup.initial.rebalance.delay.ms=0",
    );
    let mut cluster = cluster;
    cluster.wait_ready();
    create_replicated_topic(&cluster, topic, &[]);
    let (leader, _, _) = wait_state(&cluster, 0, topic, "a full ISR", |s| {
        s.0 >= 0 && s.2 == vec![1, 2, 3]
    });
    for round in 0..10 {
        assert_eq!(
            produce(&cluster, leader, topic, batch(&format!("first{round}"), 10)),
            (0, round * 10)
        );
    }
    let bootstrap: Vec<String> = cluster.nodes.iter().map(|n| n.bootstrap()).collect();
    let bootstrap = bootstrap.join(",");
    let spec = MemberSpec::classic(crate::clients::Client::Confluent, "range");
    let mut first = Member::start_at("A", &spec, &bootstrap, topic, group);
    let deadline = Instant::now() + Duration::from_secs(60);
    while first.commits().get(&0).copied() != Some(100) {
        assert!(
            Instant::now() < deadline,
            "A did not commit 100: {}",
            first.describe()
        );
        first.poll();
        std::thread::sleep(Duration::from_millis(20));
    }
    first.stop();
    assert!(first.wait_closed(), "{}", first.describe());
    assert_eq!(first.records().len(), 100, "{}", first.describe());

    // The group's offsets are on three replicas.
    for p in 0..3 {
        wait_state_of(
            &cluster,
            0,
            "__consumer_offsets",
            p,
            "three offsets replicas",
            |s| s.2 == vec![1, 2, 3],
        );
    }
    // The coordinator dies; the group's offsets partition fails over to another replica.
    let coordinator = group_coordinator(&cluster, 0, group).expect("a coordinator");
    let coordinator_at = cluster
        .nodes
        .iter()
        .position(|n| n.id == coordinator)
        .unwrap();
    cluster.kill9(coordinator_at);
    let watcher = (0..3).find(|at| *at != coordinator_at).unwrap();
    let (leader, _, _) = wait_state(&cluster, watcher, topic, "a live leader", |s| {
        s.0 >= 0 && s.0 != coordinator
    });
    for round in 0..5 {
        assert_eq!(
            produce(
                &cluster,
                leader,
                topic,
                batch(&format!("second{round}"), 10)
            ),
            (0, 100 + round * 10)
        );
    }
    let survivors: Vec<String> = cluster
        .nodes
        .iter()
        .filter(|n| n.id != coordinator)
        .map(|n| n.bootstrap())
        .collect();
    let mut second = Member::start_at("B", &spec, &survivors.join(","), topic, group);
    let deadline = Instant::now() + Duration::from_secs(60);
    while second.commits().get(&0).copied() != Some(150) {
        assert!(
            Instant::now() < deadline,
            "B did not commit 150: {}",
            second.describe()
        );
        second.poll();
        std::thread::sleep(Duration::from_millis(20));
    }
    let offsets: Vec<i64> = second.records().iter().map(|(_, o)| *o).collect();
    assert_eq!(
        offsets,
        (100..150).collect::<Vec<_>>(),
        "B resumes exactly after A's commits"
    );
    second.stop();
    assert!(second.wait_closed(), "{}", second.describe());
}

/// A partition's Fetch v12 answer from node `at` for a consumer in rack `rack`: (error,
/// preferred read replica, high watermark, values read).
fn fetch_in_rack(
    cluster: &Cluster,
    at: usize,
    topic: &str,
    rack: &str,
    epoch: i32,
) -> (i16, i32, i64, usize) {
    let mut request = fetch_now(topic_name(topic), 0, 0);
    request.rack_id = StrBytes::from_string(rack.to_string());
    request.topics[0].partitions[0].current_leader_epoch = epoch;
    let mut wire = Wire::connect(&cluster.nodes[at].bootstrap());
    let response = wire.call(12, &request);
    let p = &response.responses[0].partitions[0];
    let mut records = p.records.clone().unwrap_or_default();
    let mut count = 0;
    while records.len() >= batch::BATCH_HEADER_BYTES {
        let header = batch::BatchHeader::parse(&records).unwrap();
        if header.batch_size() > records.len() {
            break;
        }
        let _ = records.split_to(header.batch_size());
        count += header.last_offset() as usize + 1 - header.base_offset as usize;
    }
    (
        p.error_code,
        p.preferred_read_replica.0,
        p.high_watermark,
        count,
    )
}

/// KIP-392 with `replica.selector.class=org.apache.kafka.common.replica.RackAwareReplicaSelector`:
/// node n is in rack `rack-n`; a consumer in a follower's rack is pointed at that follower
/// (preferred read replica, no records from the leader), which serves it up to its own high
/// watermark; a consumer in the leader's rack reads from the leader. librdkafka with
/// `client.rack` follows the pointer and reads every record.
#[test]
fn a_consumer_reads_from_the_in_sync_replica_in_its_rack() {
    if against_kafka() {
        return;
    }
    let topic = "racked";
    let cluster = Cluster::start_racked(
        3,
        45,
        "broker.session.timeout.ms=2000\nbroker.heartbeat.interval.ms=300\n\
         replica.selector.class=org.apache.kafka.common.replica.RackAwareReplicaSelector",
    );
    create_replicated_topic(&cluster, topic, &[]);
    let (leader, epoch, _) = wait_state(&cluster, 0, topic, "a full ISR", |s| {
        s.0 >= 0 && s.2 == vec![1, 2, 3]
    });
    for round in 0..5 {
        assert_eq!(
            produce(&cluster, leader, topic, batch(&format!("r{round}"), 10)),
            (0, round * 10)
        );
    }
    let leader_at = cluster.nodes.iter().position(|n| n.id == leader).unwrap();
    let follower = (1..=3).find(|id| *id != leader).unwrap();
    let follower_at = cluster.nodes.iter().position(|n| n.id == follower).unwrap();
    // In the leader's rack: records from the leader.
    let (code, preferred, _, read) =
        fetch_in_rack(&cluster, leader_at, topic, &format!("rack-{leader}"), epoch);
    assert_eq!((code, preferred, read), (0, -1, 50));
    // In a follower's rack: pointed at the follower, no records from the leader.
    let (code, preferred, hw, read) = fetch_in_rack(
        &cluster,
        leader_at,
        topic,
        &format!("rack-{follower}"),
        epoch,
    );
    assert_eq!((code, preferred, hw, read), (0, follower, 50, 0));
    // The follower serves it, up to its own high watermark (it learns the leader's with its
    // next fetch).
    let deadline = Instant::now() + WAIT_MAX;
    loop {
        let (code, _, hw, read) = fetch_in_rack(
            &cluster,
            follower_at,
            topic,
            &format!("rack-{follower}"),
            epoch,
        );
        assert_eq!(code, 0);
        assert_eq!(
            read as i64, hw,
            "a follower serves up to its high watermark"
        );
        if read == 50 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the follower's high watermark stays at {hw}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    // The follower checks the consumer's leader epoch as the leader does.
    let (code, ..) = fetch_in_rack(
        &cluster,
        follower_at,
        topic,
        &format!("rack-{follower}"),
        epoch + 1,
    );
    assert_eq!(
        code, 75,
        "UNKNOWN_LEADER_EPOCH for an epoch newer than the follower knows"
    );
    // A real client with client.rack reads everything, from the follower (librdkafka follows
    // the pointer): the follower's bytes out for the topic grow by at least the records.
    let bytes_out = |at: usize| -> f64 {
        let (status, body) = crate::metrics::get(&cluster.nodes[at].http(), "/metrics");
        assert_eq!(status, 200);
        body.lines()
            .filter(|l| {
                l.starts_with("kafka_server_brokertopicmetrics_bytesout_total")
                    && l.contains(&format!("topic=\"{topic}\""))
            })
            .filter_map(|l| l.rsplit(' ').next()?.parse::<f64>().ok())
            .sum()
    };
    let before = bytes_out(follower_at);
    let bootstrap: Vec<String> = cluster.nodes.iter().map(|n| n.bootstrap()).collect();
    let mut cmd = crate::clients::Client::Confluent.command();
    cmd.args([
        "consume",
        "--bootstrap",
        &bootstrap.join(","),
        "--topic",
        topic,
    ])
    .args([
        "--count",
        "50",
        "--client-rack",
        &format!("rack-{follower}"),
    ]);
    let out = crate::harness::run(&mut cmd, Duration::from_secs(60));
    assert!(out.status.success(), "{}", crate::harness::describe(&out));
    let lines = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        lines.lines().filter(|l| l.starts_with("rec 0 ")).count(),
        50
    );
    let records_bytes = 5.0 * batch("r0", 10).len() as f64;
    let after = bytes_out(follower_at);
    assert!(
        after - before >= records_bytes,
        "the follower sent {} bytes, less than the {records_bytes} of the records",
        after - before
    );
}

/// A leader paused with SIGSTOP past the session timeout is replaced; an acks=all produce sent
/// to it while it is paused (waiting in its socket) is never acknowledged once it resumes — it
/// can no longer reach the ISR, learns it was replaced and answers an error — and it rejoins
/// as a follower: the replicas end byte-identical, without that record.
#[test]
fn a_paused_leader_never_acknowledges_what_it_took_while_replaced() {
    if against_kafka() {
        return;
    }
    let topic = "paused";
    let cluster = three_nodes(46, 3000);
    create_replicated_topic(&cluster, topic, &[]);
    let (leader, epoch, _) = wait_state(&cluster, 0, topic, "a full ISR", |s| {
        s.0 >= 0 && s.2 == vec![1, 2, 3]
    });
    assert_eq!(produce(&cluster, leader, topic, batch("before", 5)), (0, 0));
    let leader_at = cluster.nodes.iter().position(|n| n.id == leader).unwrap();
    let other = (0..3).find(|at| *at != leader_at).unwrap();
    // A produce waiting in the paused leader's socket.
    let mut stale = Wire::connect(&cluster.nodes[leader_at].bootstrap());
    stale.set_read_timeout(Duration::from_secs(60));
    cluster.signal(leader_at, libc::SIGSTOP);
    let (second, second_epoch, _) = wait_state(&cluster, other, topic, "a new leader", |s| {
        s.0 >= 0 && s.0 != leader
    });
    assert!(second_epoch > epoch);
    // A client with stale metadata sends to the paused (surely stopped by now) old leader.
    let sent = stale.send(
        9,
        &produce_acks_all(topic_name(topic), 0, batch("stale", 3)),
    );
    assert_eq!(produce(&cluster, second, topic, batch("after", 4)), (0, 5));
    cluster.signal(leader_at, libc::SIGCONT);
    let (got, response) = stale.recv::<kafka_protocol::messages::ProduceRequest>(9);
    assert_eq!(got, sent);
    let code = response.responses[0].partition_responses[0].error_code;
    assert_ne!(
        code, 0,
        "an acks=all produce the replaced leader took was acknowledged"
    );
    wait_state(&cluster, other, topic, "the full ISR again", |s| {
        s.2 == vec![1, 2, 3]
    });
    let logs = converged_segments(&cluster, topic);
    assert!(
        logs.iter().all(|l| *l == logs[0]),
        "replica logs differ byte for byte"
    );
    let values = read_at_least(&cluster, second, topic, 9);
    assert_eq!(values.len(), 9, "{values:?}");
    assert!(values.iter().all(|v| !v.starts_with("stale")), "{values:?}");
}

/// Inter-broker TLS: the brokers' `inter.broker.listener.name` is an SSL listener with
/// `ssl.client.auth=required` (a certificate per broker, signed by the test CA, naming the
/// brokers' IPs); followers fetch from leaders over TLS, acks=all is acknowledged, and a
/// killed leader's records are all on the new one.
#[test]
fn followers_replicate_over_an_ssl_inter_broker_listener() {
    if against_kafka() {
        return;
    }
    let topic = "over-tls";
    let pki = crate::tls::Pki::new();
    let ips: Vec<String> = (1..=3).map(|id| format!("127.0.47.{}", 10 + id)).collect();
    let sans: Vec<String> = ips.iter().map(|ip| format!("IP:{ip}")).collect();
    pki.issue(
        "ca",
        "broker",
        "/O=Sluice/OU=Brokers/CN=broker",
        &format!(
            "subjectAltName={}\nextendedKeyUsage=serverAuth,clientAuth\n",
            sans.join(",")
        ),
        "2",
    );
    let mut cluster = Cluster::configure(
        3,
        0,
        "127.0.47",
        "broker.session.timeout.ms=2000\nbroker.heartbeat.interval.ms=300",
        false,
    );
    for at in 0..3 {
        let ip = &ips[at];
        let node = &cluster.nodes[at];
        let mut config = std::fs::read_to_string(&node.config).unwrap();
        config.push_str(&format!(
            "\nlisteners=PLAINTEXT://{ip}:19092,CONTROLLER://{ip}:19093,REPLICATION://{ip}:19095\n\
             advertised.listeners=PLAINTEXT://{ip}:19092,REPLICATION://{ip}:19095\n\
             listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,REPLICATION:SSL\n\
             inter.broker.listener.name=REPLICATION\n\
             listener.name.replication.ssl.keystore.type=PKCS12\n\
             listener.name.replication.ssl.keystore.location={}\n\
             listener.name.replication.ssl.keystore.password=changeit\n\
             listener.name.replication.ssl.truststore.type=PEM\n\
             listener.name.replication.ssl.truststore.location={}\n\
             listener.name.replication.ssl.client.auth=required\n",
            pki.p("broker.p12"),
            pki.p("ca.pem"),
        ));
        std::fs::write(&node.config, config).unwrap();
        cluster.format(at, &[]);
    }
    cluster.start_all();
    cluster.wait_ready();
    create_replicated_topic(&cluster, topic, &[]);
    let (leader, _, _) = wait_state(&cluster, 0, topic, "a full ISR", |s| {
        s.0 >= 0 && s.2 == vec![1, 2, 3]
    });
    let mut expected = Vec::new();
    for round in 0..5 {
        assert_eq!(
            produce(&cluster, leader, topic, batch(&format!("t{round}"), 4)),
            (0, round * 4)
        );
        expected.extend((0..4).map(|i| format!("t{round}-{i}")));
    }
    let leader_at = cluster.nodes.iter().position(|n| n.id == leader).unwrap();
    cluster.kill9(leader_at);
    let other = (0..3).find(|at| *at != leader_at).unwrap();
    let (second, _, _) = wait_state(&cluster, other, topic, "a new leader", |s| {
        s.0 >= 0 && s.0 != leader
    });
    assert_eq!(
        read_at_least(&cluster, second, topic, expected.len()),
        expected
    );
}

/// Sets (`Some`) or deletes (`None`) the cluster-wide dynamic broker config `key` through node
/// `at` (IncrementalAlterConfigs on the default broker resource, as `kafka-configs
/// --entity-type brokers --entity-default` does).
fn set_cluster_broker_config(cluster: &Cluster, at: usize, key: &str, value: Option<&str>) {
    use kafka_protocol::messages::incremental_alter_configs_request::{
        AlterConfigsResource, AlterableConfig,
    };
    use kafka_protocol::messages::IncrementalAlterConfigsRequest;
    let mut wire = Wire::connect(&cluster.nodes[at].bootstrap());
    let request = IncrementalAlterConfigsRequest::default().with_resources(vec![
        AlterConfigsResource::default()
            .with_resource_type(4)
            .with_resource_name(StrBytes::from_static_str(""))
            .with_configs(vec![AlterableConfig::default()
                .with_name(StrBytes::from_string(key.to_string()))
                .with_config_operation(if value.is_some() { 0 } else { 1 })
                .with_value(value.map(|v| StrBytes::from_string(v.to_string())))]),
    ]);
    let response = wire.call(1, &request);
    assert_eq!(response.responses[0].error_code, 0, "{response:?}");
}

/// Replication throttles: with `leader.replication.throttled.replicas=*` on a topic and a
/// cluster-wide `leader.replication.throttled.rate` of 1 byte/s, the leader sends its followers
/// no more records once the first fetch spent the budget: they fall behind and leave the ISR
/// after `replica.lag.time.max.ms`. Deleting the rate lets them catch up and rejoin, with every
/// record.
#[test]
fn a_throttled_leader_holds_its_followers_back_until_the_throttle_goes() {
    throttle_holds_followers_back("leader", 48);
}

/// The same from the other side: `follower.replication.throttled.rate` with
/// `follower.replication.throttled.replicas`, which the followers' fetchers honour by leaving
/// the partition out of their fetches while their budget is spent.
#[test]
fn throttled_followers_fall_behind_until_the_throttle_goes() {
    throttle_holds_followers_back("follower", 64);
}

/// `side` ("leader" or "follower"): which of Kafka's replication throttles is set, on every
/// broker, to 1 byte/s for every replica of the topic, on a cluster on 127.0.`octet`.x.
fn throttle_holds_followers_back(side: &str, octet: u8) {
    if against_kafka() {
        return;
    }
    let topic = "throttled";
    let rate = format!("{side}.replication.throttled.rate");
    let cluster = three_nodes(octet, 2000);
    create_replicated_topic(
        &cluster,
        topic,
        &[(&format!("{side}.replication.throttled.replicas"), "*")],
    );
    let (leader, _, _) = wait_state(&cluster, 0, topic, "a full ISR", |s| {
        s.0 >= 0 && s.2 == vec![1, 2, 3]
    });
    set_cluster_broker_config(&cluster, 0, &rate, Some("1"));
    let leader_at = cluster.nodes.iter().position(|n| n.id == leader).unwrap();
    // The first batch, acks=all, is acknowledged once the ISR has it: the first follower fetch
    // that carries it spends the (1-byte) budget many times over, so from then on no record
    // reaches a follower for minutes (a follower left without it leaves the ISR first).
    assert_eq!(produce(&cluster, leader, topic, batch("first", 10)), (0, 0));
    // acks=1: the leader answers after its own append.
    let mut wire = Wire::connect(&cluster.nodes[leader_at].bootstrap());
    for round in 1..20 {
        let mut request = produce_acks_all(topic_name(topic), 0, batch(&format!("h{round}"), 10));
        request.acks = 1;
        let response = wire.call(9, &request);
        assert_eq!(response.responses[0].partition_responses[0].error_code, 0);
    }
    wait_state(
        &cluster,
        leader_at,
        topic,
        "followers out of the ISR",
        |s| s.2 == vec![leader],
    );
    set_cluster_broker_config(&cluster, 0, &rate, None);
    wait_state(&cluster, leader_at, topic, "the full ISR again", |s| {
        s.2 == vec![1, 2, 3]
    });
    let logs = converged_segments(&cluster, topic);
    assert!(
        logs.iter().all(|l| *l == logs[0]),
        "replica logs differ byte for byte"
    );
    assert_eq!(read_at_least(&cluster, leader, topic, 200).len(), 200);
}

/// Kafka's own VerifiableProducer (Java client, idempotent, acks=all) and VerifiableConsumer
/// (a consumer group committing after each batch) under a leader bounce, as Kafka's system
/// tests run them: the leader of partition 0 is killed with SIGKILL when 800 sends succeeded
/// and restarted once another replica leads; afterwards every success the producer reported is
/// stored at its offset and no value is stored twice, and the consumer read every partition to
/// its end without a gap and committed its end.
#[test]
fn kafkas_verifiable_producer_loses_nothing_across_a_leader_bounce() {
    if against_kafka() {
        return;
    }
    let topic = "verifiable";
    let mut cluster = three_nodes(49, 3000);
    create_topic_with(&cluster, topic, 3, &[("min.insync.replicas", "2")]);
    for p in 0..3 {
        wait_state_of(&cluster, 0, topic, p, "a full ISR", |s| {
            s.0 >= 0 && s.2 == vec![1, 2, 3]
        });
    }
    let properties = cluster.nodes[0]
        .data
        .with_file_name("verifiable-producer.properties");
    std::fs::write(
        &properties,
        "enable.idempotence=true\nretries=2147483647\nmax.in.flight.requests.per.connection=5\n\
         delivery.timeout.ms=120000\nrequest.timeout.ms=10000\nmetadata.max.age.ms=1000\n",
    )
    .unwrap();
    let bootstrap: Vec<String> = cluster.nodes.iter().map(|n| n.bootstrap()).collect();
    let consumer_properties = cluster.nodes[0]
        .data
        .with_file_name("verifiable-consumer.properties");
    std::fs::write(&consumer_properties, "metadata.max.age.ms=1000\n").unwrap();
    let mut cmd = crate::java_tools::tool_at(
        &bootstrap.join(","),
        "org.apache.kafka.tools.VerifiableConsumer",
    );
    cmd.args(["--topic", topic, "--group-id", "verifiable-group"])
        .arg("--consumer.config")
        .arg(&consumer_properties);
    let mut consumer = crate::harness::Streaming::spawn(&mut cmd);
    let total = 3000;
    let mut cmd = crate::java_tools::tool_at(
        &bootstrap.join(","),
        "org.apache.kafka.tools.VerifiableProducer",
    );
    cmd.args(["--topic", topic, "--max-messages", &total.to_string()])
        .args(["--throughput", "300", "--acks", "-1"])
        .arg("--producer.config")
        .arg(&properties);
    let mut producer = crate::harness::Streaming::spawn(&mut cmd);
    let successes = |lines: &[String]| {
        lines
            .iter()
            .filter(|l| l.contains("\"name\":\"producer_send_success\""))
            .count()
    };
    assert!(
        producer.wait_for(Duration::from_secs(90), |l| successes(l) >= 800),
        "VerifiableProducer stalled: {:?}",
        producer.seen.iter().rev().take(5).collect::<Vec<_>>()
    );
    let (leader, _, _) = wait_state(&cluster, 0, topic, "a leader", |s| s.0 >= 0);
    let leader_at = cluster.nodes.iter().position(|n| n.id == leader).unwrap();
    let watcher = (0..3).find(|at| *at != leader_at).unwrap();
    cluster.kill9(leader_at);
    wait_state(&cluster, watcher, topic, "a new leader", |s| {
        s.0 >= 0 && s.0 != leader
    });
    cluster.restart(leader_at);
    let (lines, status, stderr) = producer.finish(Duration::from_secs(180));
    assert!(
        status.is_some_and(|s| s.success()),
        "VerifiableProducer: {status:?}\n{stderr}"
    );
    // {"name":"producer_send_success",...,"value":"42","offset":13,...,"partition":1}
    let field = |line: &str, name: &str| -> Option<String> {
        let at = line.find(&format!("\"{name}\":"))? + name.len() + 3;
        let rest = &line[at..];
        let end = rest.find([',', '}']).unwrap_or(rest.len());
        Some(rest[..end].trim_matches('"').to_string())
    };
    let acked: Vec<(i32, i64, String)> = lines
        .iter()
        .filter(|l| l.contains("\"name\":\"producer_send_success\""))
        .map(|l| {
            (
                field(l, "partition").unwrap().parse().unwrap(),
                field(l, "offset").unwrap().parse().unwrap(),
                field(l, "value").unwrap(),
            )
        })
        .collect();
    let failed = lines
        .iter()
        .filter(|l| l.contains("\"name\":\"producer_send_error\""))
        .count();
    let mut stored = std::collections::BTreeMap::new();
    let mut values = std::collections::BTreeSet::new();
    for p in 0..3 {
        let (leader, _, _) = wait_state_of(&cluster, watcher, topic, p, "a leader", |s| s.0 >= 0);
        let last = acked
            .iter()
            .filter(|a| a.0 == p)
            .map(|a| a.1)
            .max()
            .unwrap_or(-1);
        let records = read_partition_through(&cluster, leader, topic, p, last);
        for (offset, _, value) in records {
            assert!(values.insert(value.clone()), "{value} stored twice");
            stored.insert((p, offset), value);
        }
    }
    let lost: Vec<_> = acked
        .iter()
        .filter(|(p, o, v)| stored.get(&(*p, *o)) != Some(v))
        .collect();
    eprintln!(
        "VerifiableProducer: {} acknowledged, {failed} failed, {} stored, {} lost",
        acked.len(),
        stored.len(),
        lost.len()
    );
    assert!(
        lost.is_empty(),
        "acknowledged but not stored: {:?}",
        &lost[..lost.len().min(5)]
    );
    assert_eq!(acked.len() + failed, total, "every message answered");

    let mut ends = std::collections::BTreeMap::new();
    for (p, offset) in stored.keys() {
        ends.insert(*p, *offset + 1);
    }
    let read = verifiable_consumer_read(&mut consumer, &ends);
    eprintln!("VerifiableConsumer: {read}");
}

/// What a VerifiableConsumer read, waited for until it consumed and committed every partition
/// up to `ends` (partition → log end offset), then stopped: per partition, each batch it
/// consumed starts at or below the offset after what it had read (no gap; below is a re-read
/// after a rebalance, which at-least-once allows), and a successful commit never passes what
/// it read. Returns a summary (records, re-read records, failed commits).
fn verifiable_consumer_read(
    consumer: &mut crate::harness::Streaming,
    ends: &std::collections::BTreeMap<i32, i64>,
) -> String {
    #[derive(Default)]
    struct Read {
        next: std::collections::BTreeMap<i32, i64>,
        committed: std::collections::BTreeMap<i32, i64>,
        records: i64,
        reread: i64,
        failed_commits: usize,
    }
    let fold = |lines: &[String]| -> Read {
        let mut r = Read::default();
        for line in lines {
            let Ok(event) = serde_json::from_str::<serde_json::Value>(line) else {
                continue;
            };
            let entries = |key: &str| event[key].as_array().cloned().unwrap_or_default();
            match event["name"].as_str() {
                Some("records_consumed") => {
                    for e in entries("partitions") {
                        let p = e["partition"].as_i64().unwrap() as i32;
                        let (min, max) = (
                            e["minOffset"].as_i64().unwrap(),
                            e["maxOffset"].as_i64().unwrap(),
                        );
                        let next = r.next.entry(p).or_insert(0);
                        assert!(
                            min <= *next,
                            "partition {p}: consumed from {min} after reading up to {}",
                            *next - 1
                        );
                        r.records += e["count"].as_i64().unwrap();
                        r.reread += (*next - min).max(0);
                        *next = (*next).max(max + 1);
                    }
                }
                Some("offsets_committed") if event["success"].as_bool() == Some(true) => {
                    for e in entries("offsets") {
                        let p = e["partition"].as_i64().unwrap() as i32;
                        let offset = e["offset"].as_i64().unwrap();
                        assert!(
                            offset <= r.next.get(&p).copied().unwrap_or(0),
                            "partition {p}: committed {offset} past what it read"
                        );
                        r.committed.insert(p, offset);
                    }
                }
                Some("offsets_committed") => r.failed_commits += 1,
                _ => {}
            }
        }
        r
    };
    let done = |lines: &[String]| {
        let r = fold(lines);
        ends.iter().all(|(p, end)| {
            r.next.get(p).copied().unwrap_or(0) >= *end
                && r.committed.get(p).copied().unwrap_or(0) >= *end
        })
    };
    let finished = consumer.wait_for(Duration::from_secs(120), done);
    let r = fold(&consumer.seen);
    assert!(
        finished,
        "VerifiableConsumer did not read and commit up to {ends:?}: read to {:?}, committed {:?}; its last lines: {:?}",
        r.next,
        r.committed,
        consumer.seen.iter().rev().take(5).collect::<Vec<_>>()
    );
    format!(
        "{} records read, {} of them again after a rebalance, {} failed commits, committed {:?}",
        r.records, r.reread, r.failed_commits, r.committed
    )
}
