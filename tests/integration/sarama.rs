//! IBM/sarama, unchanged, as a new user configures it: with its default `Config.Version`
//! (`Client::Sarama`) and with `V4_0_0_0` (`Client::SaramaV4`, the newest request versions it
//! knows). Every codec and acks, offsets and timestamps, headers, its admin API (topics,
//! configs, partitions, DeleteRecords, consumer groups), its consumer groups with each of its
//! balancers (tests/integration/groups.rs scenarios), its idempotent producer, and its
//! transactional producer read back by read_committed consumers.

use crate::clients::{self, Client, Endpoint, Produce};
use crate::groups::{self, MemberSpec};
use crate::harness::{self, Broker};
use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

const VERSIONS: [Client; 2] = [Client::Sarama, Client::SaramaV4];

#[test]
fn sarama_produce_consume_every_codec_and_acks() {
    for client in VERSIONS {
        clients::produce_consume_scenario(client, client, &format!("sarama_pc_{client:?}"));
    }
}

#[test]
fn sarama_offsets_and_timestamps() {
    for client in VERSIONS {
        clients::offsets_scenario(client, &format!("sarama_offsets_{client:?}"));
    }
}

#[test]
fn sarama_admin_topics_and_configs() {
    for client in VERSIONS {
        clients::admin_scenario(client, &format!("sarama_admin_{client:?}"));
    }
}

#[test]
fn sarama_consume_from_latest() {
    clients::consume_from_latest_scenario(Client::SaramaV4, "sarama_latest");
}

/// Records written by sarama are read back by franz-go and the other way round, with headers.
#[test]
fn sarama_headers_and_cross_client_reads() {
    let test = "sarama_headers";
    let seed = harness::seed(test);
    let broker = Broker::start();
    let topic = harness::topic_name(test, seed);
    clients::create_topic(Client::Sarama, &broker, &topic, 1, &[]);
    for (i, client) in VERSIONS.into_iter().enumerate() {
        let p = Produce {
            topic: &topic,
            partition: 0,
            seed: seed + i as u64,
            specs: vec!["all:lz4:5".into()],
            timestamp_base_ms: None,
            extra: &["--header", "h1=one", "--header", "h2=two"],
        };
        let acks = clients::produce(client, &broker, &p);
        let first = 5 * i as i64;
        let recs = clients::consume(
            Client::Franz,
            &broker,
            &topic,
            0,
            &format!("offset:{first}"),
            5,
        );
        clients::check_exact(&p, &acks, &recs, first);
        let from = format!("offset:{first}");
        let out = clients::consume_output(
            client,
            &broker,
            &topic,
            0,
            5,
            &["--from", &from, "--headers"],
        );
        let headers: Vec<&str> = out.lines().filter(|l| l.starts_with("hdr ")).collect();
        let want: Vec<String> = (first..first + 5)
            .flat_map(|o| [format!("hdr {o} h1 one"), format!("hdr {o} h2 two")])
            .collect();
        assert_eq!(headers, want, "{client:?} headers");
    }
}

/// sarama's idempotent producer (Producer.Idempotent, one request in flight): every codec,
/// each record acknowledged once at consecutive offsets.
#[test]
fn sarama_idempotent_producer() {
    for client in VERSIONS {
        let test = format!("sarama_idem_{client:?}");
        let seed = harness::seed(&test);
        let broker = Broker::start();
        let topic = harness::topic_name(&test, seed);
        clients::create_topic(client, &broker, &topic, 1, &[]);
        let p = Produce {
            topic: &topic,
            partition: 0,
            seed,
            specs: clients::CODECS
                .iter()
                .map(|c| format!("all:{c}:20"))
                .collect(),
            timestamp_base_ms: None,
            extra: &["--idempotent"],
        };
        let acks = clients::produce(client, &broker, &p);
        let recs = clients::consume(client, &broker, &topic, 0, "earliest", p.total());
        clients::check_exact(&p, &acks, &recs, 0);
    }
}

/// DeleteRecords, ListConsumerGroups, DescribeConsumerGroups, the group's committed offsets
/// (OffsetFetch) and DeleteConsumerGroup through sarama's ClusterAdmin.
#[test]
fn sarama_admin_records_and_groups() {
    for client in VERSIONS {
        let test = format!("sarama_admin_groups_{client:?}");
        let seed = harness::seed(&test);
        let broker = Broker::start_with(groups::GROUP_BROKER_SETTINGS);
        let topic = harness::topic_name(&test, seed);
        let group = format!("g-{seed}-{client:?}");
        clients::create_topic(client, &broker, &topic, 1, &[]);
        let p = Produce {
            topic: &topic,
            partition: 0,
            seed,
            specs: vec!["all:none:20".into()],
            timestamp_base_ms: None,
            extra: &[],
        };
        clients::produce(client, &broker, &p);
        let out = clients::admin(
            client,
            &broker,
            "delete-records",
            &["--topic", &topic, "--partition", "0", "--before", "5"],
        );
        assert!(
            out.contains(&format!("deleted-records {topic} 0 5")),
            "{out}"
        );
        let o = clients::offsets(client, &broker, &topic, 0, &[]);
        assert_eq!((o.earliest, o.latest), (5, 20), "after DeleteRecords");
        let recs = clients::consume(client, &broker, &topic, 0, "earliest", 15);
        assert_eq!(recs[0].offset, 5, "first record after DeleteRecords");

        let mut member = groups::Member::start(
            "M",
            &MemberSpec::classic(client, "range"),
            &broker,
            &topic,
            &group,
        );
        groups::wait_until(std::slice::from_mut(&mut member), "M commits 20", |m| {
            m[0].commits().get(&0) == Some(&20)
        });
        let listed = clients::admin(client, &broker, "list-groups", &[]);
        assert!(
            listed.contains(&format!("group {group} consumer")),
            "{listed}"
        );
        let described = clients::admin(client, &broker, "describe-group", &["--group", &group]);
        assert!(
            described.contains(&format!("group {group} Stable consumer range"))
                && described.contains(&format!("member M {topic}:0")),
            "{described}"
        );
        let offsets = clients::admin(client, &broker, "group-offsets", &["--group", &group]);
        assert!(
            offsets.contains(&format!("offset {topic} 0 20")),
            "{offsets}"
        );
        member.stop();
        assert!(member.wait_closed(), "{}", member.describe());
        let out = clients::admin(client, &broker, "delete-group", &["--group", &group]);
        assert!(out.contains(&format!("deleted-group {group}")), "{out}");
        let listed = clients::admin(client, &broker, "list-groups", &[]);
        assert!(!listed.contains(&format!("group {group} ")), "{listed}");
    }
}

#[test]
fn group_sarama_range() {
    let spec = MemberSpec::classic(Client::Sarama, "range");
    groups::lifecycle_scenario("group_sarama_range", std::array::from_fn(|_| spec.clone()));
}

#[test]
fn group_sarama_roundrobin_v4() {
    let spec = MemberSpec::classic(Client::SaramaV4, "roundrobin");
    groups::lifecycle_scenario("group_sarama_rr", std::array::from_fn(|_| spec.clone()));
}

#[test]
fn group_sarama_sticky() {
    let spec = MemberSpec::classic(Client::Sarama, "sticky");
    groups::lifecycle_scenario("group_sarama_sticky", std::array::from_fn(|_| spec.clone()));
}

#[test]
fn group_sarama_cooperative_sticky_v4() {
    let spec = MemberSpec::classic(Client::SaramaV4, "cooperative-sticky");
    groups::lifecycle_scenario("group_sarama_coop", std::array::from_fn(|_| spec.clone()));
}

#[test]
fn group_static_member_restarted_sarama() {
    groups::static_restart_scenario(
        "group_static_sarama",
        MemberSpec::classic(Client::SaramaV4, "range"),
        false,
    );
}

/// One classic group of sarama (both versions), kafka-go and franz-go members, all with the
/// range assignor.
#[test]
fn group_mixed_go_clients() {
    groups::lifecycle_scenario(
        "group_mixed_go",
        [
            MemberSpec::classic(Client::Sarama, "range"),
            MemberSpec::classic(Client::KafkaGo, "range"),
            MemberSpec::classic(Client::Franz, "range"),
            MemberSpec::classic(Client::SaramaV4, "range"),
        ],
    );
}

/// Limit: a transactional run or a consume-transform-produce of a few hundred records.
const CLIENT_TIMEOUT: Duration = Duration::from_secs(120);

fn run(client: Client, args: &[&str]) -> String {
    let mut cmd = client.command();
    cmd.args(args);
    String::from_utf8(harness::run(&mut cmd, CLIENT_TIMEOUT).stdout).expect("UTF-8")
}

/// The values `txn-produce` wrote to `partition` in transaction `i` (record j goes to
/// partition j % partitions).
fn txn_values(i: usize, per_txn: usize, partitions: usize, partition: usize) -> Vec<String> {
    (0..per_txn)
        .filter(|j| j % partitions == partition)
        .map(|j| format!("t{i}-r{j}"))
        .collect()
}

/// sarama's transactional producer commits and aborts; sarama's own read_committed consumer
/// sees exactly the committed records in order, read_uncommitted sees all of them, and Java's
/// read_committed consumer agrees.
#[test]
fn sarama_transactions_commit_abort_read_committed() {
    for client in VERSIONS {
        let test = format!("sarama_txn_{client:?}");
        let seed = harness::seed(&test);
        let broker = Broker::start();
        let topic = harness::topic_name(&test, seed);
        clients::create_topic(client, &broker, &topic, 3, &[]);
        let (transactions, per_txn, abort_every) = (8usize, 9usize, 3usize);
        let out = txn_produce(
            client,
            &broker,
            &topic,
            3,
            &format!("sarama-{seed}"),
            (transactions, per_txn, abort_every),
        );
        let committed: Vec<usize> = (0..transactions)
            .filter(|i| i % abort_every != abort_every - 1)
            .collect();
        for i in 0..transactions {
            let word = if committed.contains(&i) {
                "committed"
            } else {
                "aborted"
            };
            assert!(out.contains(&format!("{word} {i}\n")), "{out}");
        }
        for partition in 0..3usize {
            let want: Vec<String> = committed
                .iter()
                .flat_map(|i| txn_values(*i, per_txn, 3, partition))
                .collect();
            let read = transactional_read(
                client,
                &broker,
                &topic,
                partition,
                "read_committed",
                want.len(),
            );
            assert_eq!(
                read, want,
                "{client:?} read_committed, partition {partition}"
            );
            let all: Vec<String> = (0..transactions)
                .flat_map(|i| txn_values(i, per_txn, 3, partition))
                .collect();
            let read = transactional_read(
                client,
                &broker,
                &topic,
                partition,
                "read_uncommitted",
                all.len(),
            );
            assert_eq!(
                read, all,
                "{client:?} read_uncommitted, partition {partition}"
            );
        }
        let java = crate::transactions::run_txn_client_pub(&[
            "consume",
            "--bootstrap",
            &broker.bootstrap(),
            "--topic",
            &topic,
            "--partitions",
            "3",
            "--isolation",
            "read_committed",
            "--count",
            &(committed.len() * per_txn).to_string(),
        ]);
        let java: BTreeSet<String> = java
            .iter()
            .filter_map(|l| l.strip_prefix("rec "))
            .map(|l| l.splitn(3, ' ').nth(2).unwrap_or_default().to_string())
            .collect();
        let want: BTreeSet<String> = committed
            .iter()
            .flat_map(|i| (0..per_txn).map(move |j| format!("t{i}-r{j}")))
            .collect();
        assert_eq!(java, want, "Java read_committed");
    }
}

/// The values of `count` records of one partition read with `isolation`.
fn transactional_read(
    client: Client,
    broker: &(impl Endpoint + ?Sized),
    topic: &str,
    partition: usize,
    isolation: &str,
    count: usize,
) -> Vec<String> {
    let out = clients::consume_output(
        client,
        broker,
        topic,
        partition as i32,
        count,
        &["--isolation", isolation],
    );
    // "rec P OFFSET TS KEY VALUE" with an empty key: the value is the last field.
    out.lines()
        .filter(|l| l.starts_with("rec "))
        .map(|l| l.rsplit(' ').next().unwrap_or_default().to_string())
        .collect()
}

/// sarama's `txn-produce`: `transactions` of `per_txn` records over `partitions`, every
/// `abort_every`-th aborted; returns its output.
fn txn_produce(
    client: Client,
    broker: &(impl Endpoint + ?Sized),
    topic: &str,
    partitions: usize,
    txn_id: &str,
    (transactions, per_txn, abort_every): (usize, usize, usize),
) -> String {
    let mut cmd = client.command();
    cmd.args([
        "txn-produce",
        "--bootstrap",
        &broker.bootstrap(),
        "--topic",
        topic,
    ])
    .args(["--partitions", &partitions.to_string(), "--txn-id", txn_id])
    .args(["--transactions", &transactions.to_string()])
    .args(["--per-txn", &per_txn.to_string()])
    .args(["--abort-every", &abort_every.to_string()]);
    String::from_utf8(harness::run(&mut cmd, CLIENT_TIMEOUT).stdout).expect("UTF-8")
}

/// Consume-transform-produce with sarama's transactional producer (AddMessageToTxn puts the
/// group's offsets in each transaction): every committed input record is transformed exactly
/// once, and the group's committed offsets follow the last record read.
#[test]
fn sarama_consume_transform_produce() {
    let client = Client::SaramaV4;
    let seed = harness::seed("sarama_ctp");
    let broker = Broker::start_with(groups::GROUP_BROKER_SETTINGS);
    let input = harness::topic_name("sarama_ctp_in", seed);
    let output = harness::topic_name("sarama_ctp_out", seed);
    clients::create_topic(client, &broker, &input, 2, &[]);
    clients::create_topic(client, &broker, &output, 2, &[]);
    txn_produce(
        client,
        &broker,
        &input,
        2,
        &format!("sarama-in-{seed}"),
        (6, 10, 3),
    );
    let group = format!("sarama-ctp-{seed}");
    let out = run(
        client,
        &[
            "ctp",
            "--bootstrap",
            &broker.bootstrap(),
            "--topic",
            &input,
            "--out",
            &output,
            "--group",
            &group,
            "--txn-id",
            &format!("sarama-ctp-{seed}"),
            "--count",
            "40",
        ],
    );
    assert!(out.contains("done 40"), "{out}");
    let committed = [0usize, 1, 3, 4];
    for partition in 0..2usize {
        let want: Vec<String> = committed
            .iter()
            .flat_map(|i| txn_values(*i, 10, 2, partition))
            .map(|v| v.to_uppercase())
            .collect();
        let read = transactional_read(
            client,
            &broker,
            &output,
            partition,
            "read_committed",
            want.len(),
        );
        assert_eq!(read, want, "transformed records of partition {partition}");
    }
    // Transaction 4's records are the last committed ones: its data at offsets 24..29 of each
    // partition (5 per partition per transaction plus its marker), so the group resumes at 29.
    let offsets = clients::admin(client, &broker, "group-offsets", &["--group", &group]);
    let got: BTreeMap<String, String> = offsets
        .lines()
        .filter_map(|l| l.strip_prefix("offset "))
        .map(|l| {
            let (tp, o) = l.rsplit_once(' ').unwrap();
            (tp.to_string(), o.to_string())
        })
        .collect();
    let want: BTreeMap<String, String> = (0..2)
        .map(|p| (format!("{input} {p}"), "29".to_string()))
        .collect();
    assert_eq!(
        got, want,
        "the group's offsets committed in the transactions"
    );
}

/// A 3-node cluster, replication factor 3: sarama creates the topic, produces every codec and
/// acks to a partition led by some node (it finds the leader itself from any bootstrap node),
/// each client reads what another wrote exactly; sarama's group member consumes through the
/// coordinator of its group on whichever node that is, a kafka-go member joins the group, and
/// the two share the partitions and the new records; sarama's transactions span partitions led
/// by different nodes and a read_committed consumer sees exactly the committed ones.
#[test]
fn sarama_and_kafka_go_on_a_replicated_cluster() {
    use crate::cluster::Cluster;
    if harness::against_kafka() {
        return;
    }
    let test = "go_clients_cluster";
    let seed = harness::seed(test);
    let cluster = Cluster::start_with(3, 145, &crate::replication::replication_settings(10_000));
    cluster.wait_ready();
    let bootstrap: Vec<String> = cluster.nodes.iter().map(|n| n.bootstrap()).collect();
    let bootstrap = bootstrap.join(",");
    let topic = harness::topic_name(test, seed);
    let out = clients::admin(
        Client::SaramaV4,
        bootstrap.as_str(),
        "create",
        &[
            "--topic",
            &topic,
            "--partitions",
            "3",
            "--replication-factor",
            "3",
        ],
    );
    assert!(out.contains(&format!("created {topic} 3")), "{out}");
    let described = clients::admin(
        Client::KafkaGo,
        bootstrap.as_str(),
        "describe-topic",
        &["--topic", &topic],
    );
    assert_eq!(
        described
            .lines()
            .filter(|l| l.contains("replicas 3 isr 3"))
            .count(),
        3,
        "{described}"
    );
    for (partition, writer, reader) in [
        (0, Client::Sarama, Client::KafkaGo),
        (1, Client::SaramaV4, Client::Sarama),
        (2, Client::KafkaGo, Client::SaramaV4),
    ] {
        let p = Produce {
            topic: &topic,
            partition,
            seed,
            specs: clients::all_specs(writer, 5),
            timestamp_base_ms: None,
            extra: &[],
        };
        let acks = clients::produce(writer, bootstrap.as_str(), &p);
        let recs = clients::consume(
            reader,
            bootstrap.as_str(),
            &topic,
            partition,
            "earliest",
            p.total(),
        );
        clients::check_exact(&p, &acks, &recs, 0);
    }
    // DeleteRecords (sarama's admin sends it to the partition's leader) moves the log start.
    let out = clients::admin(
        Client::SaramaV4,
        bootstrap.as_str(),
        "delete-records",
        &["--topic", &topic, "--partition", "0", "--before", "10"],
    );
    assert!(
        out.contains(&format!("deleted-records {topic} 0 10")),
        "{out}"
    );
    let o = clients::offsets(Client::Sarama, bootstrap.as_str(), &topic, 0, &[]);
    assert_eq!(o.earliest, 10, "log start after DeleteRecords");
    let recs = clients::consume(
        Client::KafkaGo,
        bootstrap.as_str(),
        &topic,
        0,
        "earliest",
        5,
    );
    assert_eq!(recs[0].offset, 10, "first record after DeleteRecords");

    let group = format!("cluster-{seed}");
    let mut member = groups::Member::start_at(
        "C",
        &MemberSpec::classic(Client::SaramaV4, "range"),
        &bootstrap,
        &topic,
        &group,
    );
    let total = clients::all_specs(Client::Sarama, 5).len() as i64 * 5;
    groups::wait_until(
        std::slice::from_mut(&mut member),
        "the member commits everything",
        |m| m[0].commits() == (0..3).map(|p| (p, total)).collect::<BTreeMap<i32, i64>>(),
    );
    // A kafka-go member joins: the group rebalances over the two clients' range assignors.
    let mut members = vec![
        member,
        groups::Member::start_at(
            "D",
            &MemberSpec::classic(Client::KafkaGo, "range"),
            &bootstrap,
            &topic,
            &group,
        ),
    ];
    groups::wait_until(&mut members, "C and D to share the partitions", |ms| {
        let (c, d) = (ms[0].assignment(), ms[1].assignment());
        !c.is_empty()
            && !d.is_empty()
            && c.is_disjoint(&d)
            && c.union(&d).copied().collect::<BTreeSet<i32>>() == (0..3).collect()
    });
    for partition in 0..3 {
        let p = Produce {
            topic: &topic,
            partition,
            seed: seed + 1,
            specs: vec!["all:none:5".into()],
            timestamp_base_ms: None,
            extra: &[],
        };
        clients::produce(Client::Sarama, bootstrap.as_str(), &p);
    }
    let end = total + 5;
    groups::wait_until(&mut members, "the new records committed", |ms| {
        (0..3).all(|p| ms.iter().any(|m| m.commits().get(&p) == Some(&end)))
    });
    groups::check_commits_exclusive(&members);
    for m in members.iter_mut() {
        m.stop();
    }
    for m in members.iter_mut() {
        assert!(m.wait_closed(), "{}", m.describe());
    }
    let offsets = clients::admin(
        Client::KafkaGo,
        bootstrap.as_str(),
        "group-offsets",
        &["--group", &group, "--topic", &topic],
    );
    for p in 0..3 {
        assert!(
            offsets.contains(&format!("offset {topic} {p} {end}")),
            "{offsets}"
        );
    }

    // Transactions over three partitions whose leaders are spread over the nodes, the
    // transaction coordinator on whichever node leads the transactional id's partition.
    let txn_topic = format!("{topic}-txn");
    let out = clients::admin(
        Client::SaramaV4,
        bootstrap.as_str(),
        "create",
        &[
            "--topic",
            &txn_topic,
            "--partitions",
            "3",
            "--replication-factor",
            "3",
        ],
    );
    assert!(out.contains(&format!("created {txn_topic} 3")), "{out}");
    let (transactions, per_txn, abort_every) = (6usize, 6usize, 2usize);
    let out = txn_produce(
        Client::SaramaV4,
        bootstrap.as_str(),
        &txn_topic,
        3,
        &format!("cluster-txn-{seed}"),
        (transactions, per_txn, abort_every),
    );
    assert_eq!(
        out.lines().filter(|l| l.starts_with("committed ")).count(),
        3,
        "{out}"
    );
    for partition in 0..3usize {
        let want: Vec<String> = (0..transactions)
            .filter(|i| i % abort_every != abort_every - 1)
            .flat_map(|i| txn_values(i, per_txn, 3, partition))
            .collect();
        let read = transactional_read(
            Client::Sarama,
            bootstrap.as_str(),
            &txn_topic,
            partition,
            "read_committed",
            want.len(),
        );
        assert_eq!(read, want, "read_committed, partition {partition}");
    }
}

/// sarama's idempotent producer keeps producing through a broker SIGKILL and restart: the
/// request in flight when the broker died is sent again with the same producer id and
/// sequence, and the restarted broker, which rebuilt its producer state from the log, neither
/// loses an acknowledged record nor writes one twice.
#[test]
fn sarama_idempotent_producer_through_a_broker_kill9() {
    let test = "sarama_idem_kill9";
    let seed = harness::seed(test);
    let mut broker = Broker::start();
    let topic = harness::topic_name(test, seed);
    clients::create_topic(Client::SaramaV4, &broker, &topic, 1, &[]);
    let p = Produce {
        topic: &topic,
        partition: 0,
        seed,
        specs: vec!["all:none:1500".into()],
        timestamp_base_ms: None,
        extra: &["--idempotent", "--retries", "100"],
    };
    let mut cmd = Client::SaramaV4.command();
    cmd.args(clients::produce_args(&broker, &p));
    let mut producer = harness::Streaming::spawn(&mut cmd);
    assert!(
        producer.wait_for(CLIENT_TIMEOUT, |l| l.len() >= 300),
        "300 records acknowledged before the kill: {:?}",
        producer.seen.last()
    );
    broker.kill9();
    broker.restart();
    let (lines, status, stderr) = producer.finish(CLIENT_TIMEOUT);
    assert!(
        status.is_some_and(|s| s.success()),
        "the producer went on after the restart: {status:?}\n{stderr}"
    );
    let acks = clients::parse_acks(&lines.join("\n"));
    assert_eq!(acks.len(), p.total(), "every record acknowledged");
    let recs = clients::consume(Client::Sarama, &broker, &topic, 0, "earliest", p.total());
    clients::check_exact(&p, &acks, &recs, 0);
    let o = clients::offsets(Client::Sarama, &broker, &topic, 0, &[]);
    assert_eq!(o.latest, p.total() as i64, "no record written twice");
}

/// A 3-node cluster with `__consumer_offsets` on three replicas: a sarama member and a kafka-go
/// member (each in its own group) consume and commit; the node coordinating sarama's group is
/// killed with SIGKILL; both members, still running, find the new coordinator (and the
/// partitions' new leaders) by themselves and go on consuming and committing the records
/// produced after the kill, without losing or re-delivering a committed record.
#[test]
fn go_clients_keep_consuming_when_their_group_coordinator_dies() {
    use crate::cluster::Cluster;
    if harness::against_kafka() {
        return;
    }
    let test = "go_clients_coordinator_dies";
    let seed = harness::seed(test);
    let mut cluster = Cluster::start_with(
        3,
        146,
        "broker.session.timeout.ms=2000\nbroker.heartbeat.interval.ms=300\n\
         replica.lag.time.max.ms=3000\noffsets.topic.replication.factor=3\n\
         offsets.topic.num.partitions=3\ngroup.initial.rebalance.delay.ms=0",
    );
    cluster.wait_ready();
    let all: Vec<String> = cluster.nodes.iter().map(|n| n.bootstrap()).collect();
    let all = all.join(",");
    let topic = harness::topic_name(test, seed);
    let out = clients::admin(
        Client::SaramaV4,
        all.as_str(),
        "create",
        &[
            "--topic",
            &topic,
            "--partitions",
            "3",
            "--replication-factor",
            "3",
        ],
    );
    assert!(out.contains(&format!("created {topic} 3")), "{out}");
    let produce_round = |bootstrap: &str, round: u64| {
        for partition in 0..3 {
            let p = Produce {
                topic: &topic,
                partition,
                seed: seed + round,
                specs: vec!["all:none:10".into()],
                timestamp_base_ms: None,
                extra: &["--retries", "100"],
            };
            clients::produce(Client::SaramaV4, bootstrap, &p);
        }
    };
    produce_round(&all, 0);
    let (sarama_group, kafka_go_group) = (format!("gs-{seed}"), format!("gk-{seed}"));
    let mut members = vec![
        groups::Member::start_at(
            "S",
            &MemberSpec::classic(Client::SaramaV4, "range"),
            &all,
            &topic,
            &sarama_group,
        ),
        groups::Member::start_at(
            "K",
            &MemberSpec::classic(Client::KafkaGo, "range"),
            &all,
            &topic,
            &kafka_go_group,
        ),
    ];
    let committed_up_to = |end: i64| {
        move |ms: &[groups::Member]| {
            ms.iter()
                .all(|m| m.commits() == (0..3).map(|p| (p, end)).collect::<BTreeMap<i32, i64>>())
        }
    };
    groups::wait_until(
        &mut members,
        "both members commit 10 per partition",
        committed_up_to(10),
    );
    let coordinator = crate::replication::group_coordinator(&cluster, 0, &sarama_group)
        .expect("a coordinator for the sarama group");
    let at = cluster
        .nodes
        .iter()
        .position(|n| n.id == coordinator)
        .unwrap();
    cluster.kill9(at);
    let survivors: Vec<String> = cluster
        .nodes
        .iter()
        .filter(|n| n.id != coordinator)
        .map(|n| n.bootstrap())
        .collect();
    produce_round(&survivors.join(","), 1);
    groups::wait_until(
        &mut members,
        "both members commit the records produced after the kill",
        committed_up_to(20),
    );
    for m in &members {
        // Everything committed before the kill was read once; the rest at least once.
        let read = m.records();
        let before: Vec<(i32, i64)> = {
            let mut b: Vec<(i32, i64)> = read.iter().copied().filter(|r| r.1 < 10).collect();
            b.sort();
            b
        };
        let want_before: Vec<(i32, i64)> =
            (0..3).flat_map(|p| (0..10).map(move |o| (p, o))).collect();
        assert_eq!(before, want_before, "{}", m.describe());
        let after: BTreeSet<(i32, i64)> = read.into_iter().filter(|r| r.1 >= 10).collect();
        let want_after: BTreeSet<(i32, i64)> =
            (0..3).flat_map(|p| (10..20).map(move |o| (p, o))).collect();
        assert_eq!(after, want_after, "{}", m.describe());
    }
    for m in members.iter_mut() {
        m.stop();
    }
    for m in members.iter_mut() {
        assert!(m.wait_closed(), "{}", m.describe());
    }
}
