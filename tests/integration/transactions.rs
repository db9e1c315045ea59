//! Exactly-once transactions (issue 13) with real clients: Java kafka-clients' transactional
//! producer (`tests/clients/java/src/TxnClient.java`) committing and aborting, read_committed
//! and read_uncommitted consumers, a consume-transform-produce loop with
//! sendOffsetsToTransaction, zombie fencing, a producer killed mid-transaction, and a broker
//! killed mid-transaction.

use crate::clients::{self, Client};
use crate::harness::{self, Broker, Streaming};
use std::collections::BTreeSet;
use std::process::Command;
use std::time::Duration;

const CLIENT_TIMEOUT: Duration = Duration::from_secs(120);

fn txn_client(args: &[&str]) -> Command {
    let deps = harness::deps_dir();
    harness::require_installed(
        &deps.join("java/TxnClient.class"),
        "the Java transactions client",
    );
    let mut cmd = Command::new("java");
    cmd.args([
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        "-XX:TieredStopAtLevel=1",
        "-cp",
        &format!(
            "{}:{}/*",
            deps.join("java").display(),
            deps.join("jars").display()
        ),
        "TxnClient",
    ]);
    cmd.args(args);
    cmd
}

fn run_txn_client(args: &[&str]) -> Vec<String> {
    let out = harness::run(&mut txn_client(args), CLIENT_TIMEOUT);
    String::from_utf8(out.stdout)
        .expect("UTF-8")
        .lines()
        .map(str::to_string)
        .collect()
}

/// For other test modules.
pub(crate) fn run_txn_client_pub(args: &[&str]) -> Vec<String> {
    run_txn_client(args)
}

/// The values a consumer read ("rec <partition> <offset> <value>").
fn values(lines: &[String]) -> Vec<String> {
    lines
        .iter()
        .filter_map(|l| l.strip_prefix("rec "))
        .map(|l| l.splitn(3, ' ').nth(2).unwrap_or_default().to_string())
        .collect()
}

fn consume(
    broker: &Broker,
    topic: &str,
    partitions: u32,
    isolation: &str,
    count: usize,
) -> Vec<String> {
    consume_at(&broker.bootstrap(), topic, partitions, isolation, count)
}

fn consume_at(
    bootstrap: &str,
    topic: &str,
    partitions: u32,
    isolation: &str,
    count: usize,
) -> Vec<String> {
    let partitions = partitions.to_string();
    let count = count.to_string();
    values(&run_txn_client(&[
        "consume",
        "--bootstrap",
        bootstrap,
        "--topic",
        topic,
        "--partitions",
        &partitions,
        "--isolation",
        isolation,
        "--count",
        &count,
    ]))
}

/// The values transaction `i` of `produce` wrote.
fn txn_values(i: usize, per_txn: usize) -> Vec<String> {
    (0..per_txn).map(|j| format!("t{i}-r{j}")).collect()
}

#[test]
fn java_transactions_commit_and_abort_read_committed_sees_only_committed() {
    let seed = harness::seed("txn_commit_abort");
    let broker = Broker::start();
    let topic = harness::topic_name("txn_commit_abort", seed);
    clients::create_topic(Client::Java, &broker, &topic, 3, &[]);
    let (transactions, per_txn, abort_every) = (12usize, 10usize, 3usize);
    let out = run_txn_client(&[
        "produce",
        "--bootstrap",
        &broker.bootstrap(),
        "--topic",
        &topic,
        "--partitions",
        "3",
        "--txn-id",
        &format!("txn-{seed}"),
        "--transactions",
        &transactions.to_string(),
        "--per-txn",
        &per_txn.to_string(),
        "--abort-every",
        &abort_every.to_string(),
    ]);
    let aborted: Vec<usize> = (0..transactions)
        .filter(|i| i % abort_every == abort_every - 1)
        .collect();
    assert_eq!(
        out.iter().filter(|l| l.starts_with("aborted ")).count(),
        aborted.len(),
        "{out:?}"
    );
    let committed: BTreeSet<String> = (0..transactions)
        .filter(|i| !aborted.contains(i))
        .flat_map(|i| txn_values(i, per_txn))
        .collect();
    let all: BTreeSet<String> = (0..transactions)
        .flat_map(|i| txn_values(i, per_txn))
        .collect();

    let read = consume(&broker, &topic, 3, "read_committed", committed.len());
    assert_eq!(
        read.len(),
        committed.len(),
        "read_committed saw extra records"
    );
    assert_eq!(read.into_iter().collect::<BTreeSet<_>>(), committed);

    let read = consume(&broker, &topic, 3, "read_uncommitted", all.len());
    assert_eq!(
        read.len(),
        all.len(),
        "read_uncommitted saw each record once"
    );
    assert_eq!(read.into_iter().collect::<BTreeSet<_>>(), all);
}

#[test]
fn java_zombie_producer_is_fenced() {
    let seed = harness::seed("txn_fence");
    let broker = Broker::start();
    let topic = harness::topic_name("txn_fence", seed);
    clients::create_topic(Client::Java, &broker, &topic, 1, &[]);
    let out = run_txn_client(&[
        "fence",
        "--bootstrap",
        &broker.bootstrap(),
        "--topic",
        &topic,
        "--txn-id",
        &format!("fence-{seed}"),
    ]);
    assert!(out.contains(&"fenced".to_string()), "{out:?}");
    assert!(out.contains(&"committed fresh".to_string()), "{out:?}");
    // The zombie's record was aborted by the new instance's initTransactions.
    assert_eq!(
        consume(&broker, &topic, 1, "read_committed", 1),
        vec!["fresh"]
    );
}

#[test]
fn java_consume_transform_produce_commits_offsets_in_the_transaction() {
    consume_transform_produce(TxnVersion::Default);
}

/// The same at `transaction.version=1`: AddOffsetsToTxn and TxnOffsetCommit v4, no epoch bump.
#[test]
fn java_consume_transform_produce_at_transactions_version_1() {
    consume_transform_produce(TxnVersion::Downgraded);
}

/// Which transactions version a test's clients use.
#[derive(Clone, Copy, PartialEq, Eq)]
enum TxnVersion {
    /// A new broker's: 2.
    Default,
    /// 1, set with `kafka-features downgrade` before any client runs.
    Downgraded,
}

impl TxnVersion {
    fn apply(self, broker: &Broker) {
        if self == TxnVersion::Downgraded {
            let out = crate::java_tools::run_tool(
                broker,
                FEATURES,
                &["downgrade", "--feature", "transaction.version=1"],
            );
            assert!(
                out.contains("transaction.version was downgraded to 1."),
                "{out}"
            );
        }
    }
}

fn consume_transform_produce(version: TxnVersion) {
    let seed = harness::seed("txn_ctp");
    let broker = Broker::start();
    version.apply(&broker);
    let input = harness::topic_name("txn_ctp_in", seed);
    let output = harness::topic_name("txn_ctp_out", seed);
    clients::create_topic(Client::Java, &broker, &input, 2, &[]);
    clients::create_topic(Client::Java, &broker, &output, 2, &[]);
    // The input, written transactionally (committed only).
    run_txn_client(&[
        "produce",
        "--bootstrap",
        &broker.bootstrap(),
        "--topic",
        &input,
        "--partitions",
        "2",
        "--txn-id",
        &format!("in-{seed}"),
        "--transactions",
        "5",
        "--per-txn",
        "20",
    ]);
    let group = format!("ctp-{seed}");
    let ctp = |count: &str| {
        run_txn_client(&[
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
            &format!("ctp-{seed}"),
            "--count",
            count,
            "--per-txn",
            "15",
        ])
    };
    // First run: 60 of the 100 input records; the second resumes from the committed offsets.
    assert!(ctp("60").contains(&"done 60".to_string()));
    assert!(ctp("40").contains(&"done 40".to_string()));
    let expected: BTreeSet<String> = (0..5)
        .flat_map(|i| txn_values(i, 20))
        .map(|v| v.to_uppercase())
        .collect();
    let read = consume(&broker, &output, 2, "read_committed", expected.len());
    assert_eq!(
        read.len(),
        expected.len(),
        "each input record transformed once"
    );
    assert_eq!(read.into_iter().collect::<BTreeSet<_>>(), expected);
}

#[test]
fn java_open_transaction_of_a_killed_producer_is_aborted_after_its_timeout() {
    let seed = harness::seed("txn_timeout");
    let broker = Broker::start_with(&[(
        "transaction.abort.timed.out.transaction.cleanup.interval.ms",
        "500",
    )]);
    let topic = harness::topic_name("txn_timeout", seed);
    clients::create_topic(Client::Java, &broker, &topic, 1, &[]);
    let mut producer = Streaming::spawn(&mut txn_client(&[
        "produce",
        "--bootstrap",
        &broker.bootstrap(),
        "--topic",
        &topic,
        "--txn-id",
        &format!("hang-{seed}"),
        "--transactions",
        "1",
        "--per-txn",
        "5",
        "--timeout-ms",
        "3000",
        "--hang",
    ]));
    assert!(
        producer.wait_for(CLIENT_TIMEOUT, |l| l.iter().any(|l| l == "open")),
        "the producer opened its transaction: {:?}",
        producer.seen
    );
    producer.signal(libc::SIGKILL);
    drop(producer);
    // read_committed sees the committed transaction, then reaches the end once the open one
    // is aborted (the LSO moves past it); the aborted records never show.
    let lines = run_txn_client(&[
        "consume",
        "--bootstrap",
        &broker.bootstrap(),
        "--topic",
        &topic,
        "--isolation",
        "read_committed",
        "--count",
        "5",
    ]);
    let read = values(&lines);
    assert_eq!(
        read.into_iter().collect::<BTreeSet<_>>(),
        txn_values(0, 5).into_iter().collect()
    );
    // The LSO moves on: a later transaction of another producer becomes readable.
    run_txn_client(&[
        "produce",
        "--bootstrap",
        &broker.bootstrap(),
        "--topic",
        &topic,
        "--txn-id",
        &format!("after-{seed}"),
        "--transactions",
        "1",
        "--per-txn",
        "3",
    ]);
    let read = consume(&broker, &topic, 1, "read_committed", 8);
    assert_eq!(read.len(), 8, "{read:?}");
    assert!(read.iter().all(|v| !v.starts_with("open-")), "{read:?}");
}

#[test]
fn java_broker_killed_mid_transaction_recovers_committed_and_aborted() {
    broker_killed_mid_transaction(TxnVersion::Default);
}

/// The same at `transaction.version=1` (the level survives the restart).
#[test]
fn java_broker_killed_mid_transaction_at_transactions_version_1() {
    broker_killed_mid_transaction(TxnVersion::Downgraded);
}

fn broker_killed_mid_transaction(version: TxnVersion) {
    let seed = harness::seed("txn_broker_kill");
    let mut broker = Broker::start();
    version.apply(&broker);
    let topic = harness::topic_name("txn_broker_kill", seed);
    clients::create_topic(Client::Java, &broker, &topic, 2, &[]);
    let txn_id = format!("kill-{seed}");
    run_txn_client(&[
        "produce",
        "--bootstrap",
        &broker.bootstrap(),
        "--topic",
        &topic,
        "--partitions",
        "2",
        "--txn-id",
        &txn_id,
        "--transactions",
        "4",
        "--per-txn",
        "10",
        "--abort-every",
        "2",
    ]);
    // A transaction left open when the broker dies.
    let mut producer = Streaming::spawn(&mut txn_client(&[
        "produce",
        "--bootstrap",
        &broker.bootstrap(),
        "--topic",
        &topic,
        "--partitions",
        "2",
        "--txn-id",
        &format!("open-{seed}"),
        "--transactions",
        "0",
        "--per-txn",
        "4",
        "--hang",
    ]));
    assert!(
        producer.wait_for(CLIENT_TIMEOUT, |l| l.iter().any(|l| l == "open")),
        "{:?}",
        producer.seen
    );
    broker.kill9();
    producer.signal(libc::SIGKILL);
    drop(producer);
    broker.restart();
    let level = if version == TxnVersion::Downgraded {
        "1"
    } else {
        "2"
    };
    assert_eq!(transaction_version(&broker), level);
    // The first transactional id starts again from its recovered state and commits more.
    run_txn_client(&[
        "produce",
        "--bootstrap",
        &broker.bootstrap(),
        "--topic",
        &topic,
        "--partitions",
        "2",
        "--txn-id",
        &txn_id,
        "--transactions",
        "1",
        "--per-txn",
        "10",
    ]);
    // Re-initializing the open transaction's id aborts it; then everything committed shows.
    run_txn_client(&[
        "produce",
        "--bootstrap",
        &broker.bootstrap(),
        "--topic",
        &topic,
        "--txn-id",
        &format!("open-{seed}"),
        "--transactions",
        "0",
        "--per-txn",
        "1",
    ]);
    let mut expected: BTreeSet<String> =
        [0, 2].into_iter().flat_map(|i| txn_values(i, 10)).collect();
    // The run after the restart wrote "t0-r*" again: the same values, twice.
    let read = consume(&broker, &topic, 2, "read_committed", 30);
    assert_eq!(read.len(), 30, "{read:?}");
    assert!(read.iter().all(|v| !v.starts_with("open-")), "{read:?}");
    let distinct: BTreeSet<String> = read.into_iter().collect();
    expected.extend(txn_values(0, 10));
    assert_eq!(distinct, expected);
    // DescribeProducers-visible state survived: no transaction is left open.
    let all = consume(&broker, &topic, 2, "read_uncommitted", 54);
    assert_eq!(all.len(), 54, "{all:?}");
}

/// The row of `out` (tab-separated columns, a header row first) whose first column is `first`,
/// as column name → value.
fn tool_row(out: &str, first: &str) -> std::collections::BTreeMap<String, String> {
    let mut lines = out.lines().filter(|l| l.contains('\t'));
    let header: Vec<&str> = lines
        .next()
        .unwrap_or_default()
        .split('\t')
        .map(str::trim)
        .collect();
    let row = lines
        .map(|l| l.split('\t').map(str::trim).collect::<Vec<_>>())
        .find(|r| r.first() == Some(&first))
        .unwrap_or_else(|| panic!("no row {first} in {out}"));
    header
        .into_iter()
        .zip(row)
        .map(|(h, v)| (h.to_string(), v.to_string()))
        .collect()
}

/// ListOffsets v7 LATEST of `topic`-0 with `isolation_level`.
fn list_latest(broker: &Broker, topic: &str, isolation_level: i8) -> i64 {
    use kafka_protocol::messages::list_offsets_request::{
        ListOffsetsPartition, ListOffsetsRequest, ListOffsetsTopic,
    };
    use kafka_protocol::messages::{BrokerId, TopicName};
    use kafka_protocol::protocol::StrBytes;
    let mut w = crate::wire::Wire::connect(&broker.bootstrap());
    let r = w.call(
        7,
        &ListOffsetsRequest::default()
            .with_replica_id(BrokerId(-1))
            .with_isolation_level(isolation_level)
            .with_topics(vec![ListOffsetsTopic::default()
                .with_name(TopicName(StrBytes::from_string(topic.to_string())))
                .with_partitions(vec![ListOffsetsPartition::default()
                    .with_partition_index(0)
                    .with_timestamp(-1)])]),
    );
    let p = &r.topics[0].partitions[0];
    assert_eq!(p.error_code, 0, "{r:?}");
    p.offset
}

/// kafka-transactions list / describe / describe-producers / abort against an open
/// transaction of a killed producer: the tool's abort writes the ABORT marker itself
/// (WriteTxnMarkers) and the LSO moves past it.
#[test]
fn kafka_transactions_tool_lists_describes_and_aborts() {
    use crate::java_tools::run_tool;
    const TRANSACTIONS: &str = "org.apache.kafka.tools.TransactionsCommand";
    let seed = harness::seed("txn_tool");
    let broker = Broker::start();
    let topic = harness::topic_name("txn_tool", seed);
    clients::create_topic(Client::Java, &broker, &topic, 1, &[]);
    let txn_id = format!("tool-{seed}");
    let mut producer = Streaming::spawn(&mut txn_client(&[
        "produce",
        "--bootstrap",
        &broker.bootstrap(),
        "--topic",
        &topic,
        "--txn-id",
        &txn_id,
        "--transactions",
        "1",
        "--per-txn",
        "3",
        "--hang",
    ]));
    assert!(
        producer.wait_for(CLIENT_TIMEOUT, |l| l.iter().any(|l| l == "open")),
        "{:?}",
        producer.seen
    );
    producer.signal(libc::SIGKILL);
    drop(producer);

    let listed = run_tool(&broker, TRANSACTIONS, &["list"]);
    assert_eq!(
        tool_row(&listed, &txn_id)["TransactionState"],
        "Ongoing",
        "{listed}"
    );
    let described = run_tool(
        &broker,
        TRANSACTIONS,
        &["describe", "--transactional-id", &txn_id],
    );
    let row = tool_row(&described, "1");
    assert_eq!(row["TransactionalId"], txn_id, "{described}");
    assert_eq!(row["TransactionState"], "Ongoing", "{described}");
    assert_eq!(row["TopicPartitions"], format!("{topic}-0"), "{described}");
    // The committed transaction holds offsets 0..2 and its marker 3: the open one starts at 4.
    let producers = run_tool(
        &broker,
        TRANSACTIONS,
        &["describe-producers", "--topic", &topic, "--partition", "0"],
    );
    let row = tool_row(&producers, &row["ProducerId"]);
    assert_eq!(row["CurrentTransactionStartOffset"], "4", "{producers}");

    // ListOffsets LATEST: the high watermark, or the LSO for READ_COMMITTED.
    assert_eq!(list_latest(&broker, &topic, 0), 7);
    assert_eq!(list_latest(&broker, &topic, 1), 4);
    run_tool(
        &broker,
        TRANSACTIONS,
        &[
            "abort",
            "--topic",
            &topic,
            "--partition",
            "0",
            "--start-offset",
            "4",
        ],
    );
    assert_eq!(list_latest(&broker, &topic, 0), 8);
    assert_eq!(list_latest(&broker, &topic, 1), 8);
    let producers = run_tool(
        &broker,
        TRANSACTIONS,
        &["describe-producers", "--topic", &topic, "--partition", "0"],
    );
    let row = tool_row(&producers, &tool_row(&described, "1")["ProducerId"]);
    assert_eq!(row["CurrentTransactionStartOffset"], "None", "{producers}");
    // The LSO moved past the aborted transaction: read_committed reaches the end (offset 8,
    // after the ABORT marker) with only the committed records.
    let lines = run_txn_client(&[
        "consume",
        "--bootstrap",
        &broker.bootstrap(),
        "--topic",
        &topic,
        "--isolation",
        "read_committed",
        "--count",
        "3",
    ]);
    assert_eq!(values(&lines), txn_values(0, 3));
    assert!(lines.contains(&"end 0 8".to_string()), "{lines:?}");
}

const FEATURES: &str = "org.apache.kafka.tools.FeatureCommand";
const TRANSACTIONS_TOOL: &str = "org.apache.kafka.tools.TransactionsCommand";

/// The finalized `transaction.version` kafka-features describes (its row checked for the
/// supported range 0-2 too).
fn transaction_version(broker: &Broker) -> String {
    let described = crate::java_tools::run_tool(broker, FEATURES, &["describe"]);
    let row = described
        .lines()
        .find(|l| l.split_whitespace().nth(1) == Some("transaction.version"))
        .unwrap_or_else(|| panic!("no transaction.version row in:\n{described}"));
    assert!(row.contains("SupportedMinVersion: 0"), "{row}");
    assert!(row.contains("SupportedMaxVersion: 2"), "{row}");
    row.split("FinalizedVersionLevel: ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("no level in {row}"))
        .to_string()
}

/// kafka-transactions describe of `txn_id`: (ProducerId, ProducerEpoch, TransactionState).
fn described_producer(broker: &Broker, txn_id: &str) -> (String, String, String) {
    let described = crate::java_tools::run_tool(
        broker,
        TRANSACTIONS_TOOL,
        &["describe", "--transactional-id", txn_id],
    );
    let row = tool_row(&described, "1");
    assert_eq!(row["TransactionalId"], txn_id, "{described}");
    (
        row["ProducerId"].clone(),
        row["ProducerEpoch"].clone(),
        row["TransactionState"].clone(),
    )
}

/// `transactions` transactions of `per_txn` records under `txn_id`, every third aborted; the
/// values read_committed must see.
fn produce_every_third_aborted(
    broker: &Broker,
    topic: &str,
    txn_id: &str,
    transactions: usize,
) -> BTreeSet<String> {
    let out = run_txn_client(&[
        "produce",
        "--bootstrap",
        &broker.bootstrap(),
        "--topic",
        topic,
        "--partitions",
        "2",
        "--txn-id",
        txn_id,
        "--transactions",
        &transactions.to_string(),
        "--per-txn",
        "5",
        "--abort-every",
        "3",
    ]);
    assert_eq!(
        out.iter()
            .filter(|l| l.starts_with("committed ") || l.starts_with("aborted "))
            .count(),
        transactions,
        "{out:?}"
    );
    (0..transactions)
        .filter(|i| i % 3 != 2)
        .flat_map(|i| txn_values(i, 5))
        .collect()
}

/// kafka-dump-log --transaction-log-decoder over every non-empty `__transaction_state`
/// segment of `broker`.
fn dump_transaction_log(broker: &Broker) -> String {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(broker.data_dir()).expect("data dir") {
        let dir = entry.expect("entry").path();
        let name = dir
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        if !name.starts_with("__transaction_state-") {
            continue;
        }
        for file in std::fs::read_dir(&dir).expect("partition dir") {
            let file = file.expect("entry").path();
            let is_log = file.extension().is_some_and(|e| e == "log");
            if is_log && std::fs::metadata(&file).is_ok_and(|m| m.len() > 0) {
                files.push(file.display().to_string());
            }
        }
    }
    assert!(!files.is_empty(), "no __transaction_state segment");
    let mut cmd = crate::java_tools::java_tool("org.apache.kafka.tools.DumpLogSegments");
    cmd.args([
        "--transaction-log-decoder",
        "--deep-iteration",
        "--files",
        &files.join(","),
    ]);
    String::from_utf8(harness::run(&mut cmd, CLIENT_TIMEOUT).stdout).expect("UTF-8")
}

/// Transactions version 2 (KIP-890 part 2) is finalized on a new broker, as in Kafka 4.x: the
/// Java 4.3.1 producer ends every transaction with EndTxn v5, so its epoch moves by one per
/// transaction (kafka-transactions describe) and the coordinator's records, which Kafka's
/// kafka-dump-log decodes, say ClientTransactionVersion 2; read_committed sees only the
/// committed records. After `kafka-features downgrade --feature transaction.version=1` a new
/// producer uses version 1 (its epoch stays; fencing and consume-transform-produce still
/// work), and after the upgrade back to 2 the same transactional id moves to version 2.
#[test]
fn java_producer_uses_transactions_version_2_by_default_and_1_after_a_downgrade() {
    use crate::java_tools::run_tool;
    let seed = harness::seed("txn_tv2");
    let broker = Broker::start();
    let topic = harness::topic_name("txn_tv2", seed);
    clients::create_topic(Client::Java, &broker, &topic, 2, &[]);
    assert_eq!(transaction_version(&broker), "2");

    let v2_id = format!("tv2-{seed}");
    let mut committed = produce_every_third_aborted(&broker, &topic, &v2_id, 6);
    let (pid, epoch, state) = described_producer(&broker, &v2_id);
    // A fresh id starts at epoch 0; each of the 6 commits and aborts bumped it.
    assert_eq!(epoch, "6", "{pid} {state}");
    assert_eq!(state, "CompleteAbort", "the 6th transaction aborted");
    let dumped = dump_transaction_log(&broker);
    let v2_records: Vec<&str> = dumped
        .lines()
        .filter(|l| l.contains(&v2_id) && l.contains("\"clientTransactionVersion\":2"))
        .collect();
    assert!(
        v2_records.len() >= 6,
        "no ClientTransactionVersion 2 records of {v2_id}:\n{dumped}"
    );

    TxnVersion::Downgraded.apply(&broker);
    assert_eq!(transaction_version(&broker), "1");
    let v1_id = format!("tv1-{seed}");
    committed.extend(produce_every_third_aborted(&broker, &topic, &v1_id, 6));
    let (_, epoch, _) = described_producer(&broker, &v1_id);
    assert_eq!(epoch, "0", "version 1 keeps the epoch");
    let out = run_txn_client(&[
        "fence",
        "--bootstrap",
        &broker.bootstrap(),
        "--topic",
        &topic,
        "--txn-id",
        &format!("fence-v1-{seed}"),
    ]);
    assert!(out.contains(&"fenced".to_string()), "{out:?}");
    assert!(out.contains(&"committed fresh".to_string()), "{out:?}");
    committed.insert("fresh".to_string());

    let up = run_tool(
        &broker,
        FEATURES,
        &["upgrade", "--feature", "transaction.version=2"],
    );
    assert!(
        up.contains("transaction.version was upgraded to 2."),
        "{up}"
    );
    committed.extend(produce_every_third_aborted(&broker, &topic, &v1_id, 3));
    let (_, epoch, _) = described_producer(&broker, &v1_id);
    // initTransactions bumped 0 to 1, then three transactions of version 2.
    assert_eq!(epoch, "4");

    // Values repeat across the runs (t0-r0, ...): the count says each was read once.
    let expected = 4 * 5 + 4 * 5 + 1 + 2 * 5;
    let read = consume(&broker, &topic, 2, "read_committed", expected);
    assert_eq!(
        read.len(),
        expected,
        "read_committed saw each committed record once"
    );
    let read: BTreeSet<String> = read.into_iter().collect();
    assert_eq!(read, committed, "read_committed saw other records");
}

/// Back-to-back version 2 transactions, as Kafka's producer runs them: each starts as soon as
/// EndTxn answers, while the previous one's markers are still being written. The partition
/// leader waits for them before it adds the partition (instead of answering
/// NOT_ENOUGH_REPLICAS, which the client retries only after `retry.backoff.ms`): no produce is
/// answered with an error, and every record is committed once.
#[test]
fn back_to_back_version_2_transactions_need_no_produce_retries() {
    let seed = harness::seed("txn_back_to_back");
    let broker = Broker::start();
    let topic = harness::topic_name("txn_back_to_back", seed);
    clients::create_topic(Client::Java, &broker, &topic, 3, &[]);
    let txn_id = format!("back-to-back-{seed}");
    let out = harness::run(
        &mut txn_client(&[
            "bench",
            "--bootstrap",
            &broker.bootstrap(),
            "--topic",
            &topic,
            "--partitions",
            "3",
            "--txn-id",
            &txn_id,
            "--transactions",
            "40",
            "--per-txn",
            "30",
            "--size",
            "50",
        ]),
        CLIENT_TIMEOUT,
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stdout.contains("transactions=40 records=1200"),
        "{stdout}\n{stderr}"
    );
    let retried: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("Got error produce response"))
        .collect();
    assert!(
        retried.is_empty(),
        "produces answered with errors: {retried:?}"
    );
    let (_, epoch, _) = described_producer(&broker, &txn_id);
    // initTransactions, then 20 warm-up and 40 measured commits, each bumping the epoch.
    assert_eq!(epoch, "60");
    let read = consume(&broker, &topic, 3, "read_committed", 1800);
    assert_eq!(read.len(), 1800, "every committed record read");
}

fn confluent_txn(args: &[&str]) -> Vec<String> {
    let deps = harness::deps_dir();
    let python = deps.join("venv/bin/python");
    harness::require_installed(&python, "confluent-kafka (tests/.deps/venv)");
    let script = harness::repo_root().join("tests/clients/python/confluent_txn.py");
    let mut cmd = Command::new(python);
    cmd.arg(script).args(args);
    String::from_utf8(harness::run(&mut cmd, CLIENT_TIMEOUT).stdout)
        .expect("UTF-8")
        .lines()
        .map(str::to_string)
        .collect()
}

/// librdkafka's transactional producer: commits and aborts read back exactly by a Java
/// read_committed consumer, and its consume-transform-produce loop
/// (send_offsets_to_transaction) resumes from the committed offsets.
#[test]
fn librdkafka_transactions_commit_abort_and_consume_transform_produce() {
    let seed = harness::seed("txn_librdkafka");
    let broker = Broker::start();
    let input = harness::topic_name("txn_rdk_in", seed);
    let output = harness::topic_name("txn_rdk_out", seed);
    clients::create_topic(Client::Java, &broker, &input, 1, &[]);
    clients::create_topic(Client::Java, &broker, &output, 1, &[]);
    let out = confluent_txn(&[
        "produce",
        "--bootstrap",
        &broker.bootstrap(),
        "--topic",
        &input,
        "--txn-id",
        &format!("rdk-{seed}"),
        "--transactions",
        "6",
        "--per-txn",
        "10",
        "--abort-every",
        "3",
    ]);
    assert_eq!(
        out.iter().filter(|l| l.starts_with("aborted")).count(),
        2,
        "{out:?}"
    );
    let committed: Vec<String> = [0, 1, 3, 4]
        .into_iter()
        .flat_map(|i| txn_values(i, 10))
        .collect();
    let read = consume(&broker, &input, 1, "read_committed", committed.len());
    assert_eq!(read, committed, "in order, committed only");

    let group = format!("rdk-ctp-{seed}");
    let ctp = |count: &str| {
        confluent_txn(&[
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
            &format!("rdk-ctp-{seed}"),
            "--count",
            count,
            "--per-txn",
            "7",
        ])
    };
    assert!(ctp("25").contains(&"done 25".to_string()));
    assert!(ctp("15").contains(&"done 15".to_string()));
    let expected: Vec<String> = committed.iter().map(|v| v.to_uppercase()).collect();
    let read = consume(&broker, &output, 1, "read_committed", expected.len());
    assert_eq!(
        read, expected,
        "each input record transformed once, in order"
    );
}

/// A cluster of three nodes (127.0.85.x): `__transaction_state` replicated (RF 3, its
/// coordinators on the partition leaders), a topic whose six partitions are led by every
/// node, so each transaction's markers go to other nodes over WriteTxnMarkers. Then the
/// coordinator's node is killed: another leader of its partition takes over the transactions.
#[test]
fn cluster_transactions_span_partitions_led_by_every_node() {
    use crate::cluster::Cluster;
    let settings = format!(
        "{}\ntransaction.state.log.num.partitions=3",
        crate::replication::replication_settings(10_000)
    );
    let mut cluster = Cluster::start_with(3, 85, &settings);
    cluster.wait_ready();
    let seed = harness::seed("txn_cluster");
    let topic = harness::topic_name("txn_cluster", seed);
    let out = cluster.java_tool(
        0,
        "org.apache.kafka.tools.TopicCommand",
        &[
            "--create",
            "--topic",
            &topic,
            "--partitions",
            "6",
            "--replication-factor",
            "3",
        ],
    );
    assert!(out.contains("Created topic"), "{out}");
    let bootstrap = cluster.nodes[0].bootstrap();
    let txn_id = format!("cluster-{seed}");
    let produce = |bootstrap: &str, transactions: &str| {
        run_txn_client(&[
            "produce",
            "--bootstrap",
            bootstrap,
            "--topic",
            &topic,
            "--partitions",
            "6",
            "--txn-id",
            &txn_id,
            "--transactions",
            transactions,
            "--per-txn",
            "12",
            "--abort-every",
            "2",
        ])
    };
    let out = produce(&bootstrap, "4");
    assert_eq!(
        out.iter().filter(|l| l.starts_with("committed")).count(),
        2,
        "{out:?}"
    );
    let committed: BTreeSet<String> = [0, 2].into_iter().flat_map(|i| txn_values(i, 12)).collect();
    let read = consume_at(
        &cluster.nodes[1].bootstrap(),
        &topic,
        6,
        "read_committed",
        24,
    );
    assert_eq!(read.len(), 24, "{read:?}");
    assert_eq!(read.into_iter().collect::<BTreeSet<_>>(), committed);
    let all = consume_at(
        &cluster.nodes[2].bootstrap(),
        &topic,
        6,
        "read_uncommitted",
        48,
    );
    assert_eq!(all.len(), 48, "{all:?}");

    // The coordinator's node dies: the transactional id moves with its partition's leadership.
    let described = cluster.java_tool(
        1,
        "org.apache.kafka.tools.TransactionsCommand",
        &["describe", "--transactional-id", &txn_id],
    );
    let row = tool_row(&described, &txn_id_row(&described));
    let coordinator: i32 = row["CoordinatorId"].parse().expect("a coordinator id");
    // Transactions version 2: a fresh id's epoch 0, bumped by each of the 4 transactions.
    assert_eq!(row["ProducerEpoch"], "4", "{described}");
    let at = cluster
        .nodes
        .iter()
        .position(|n| n.id == coordinator)
        .expect("the coordinator is a node");
    cluster.kill9(at);
    let other = cluster.nodes[(at + 1) % 3].bootstrap();
    let out = produce(&other, "2");
    assert_eq!(
        out.iter().filter(|l| l.starts_with("committed")).count(),
        1,
        "{out:?}"
    );
    let read = consume_at(&other, &topic, 6, "read_committed", 36);
    assert_eq!(read.len(), 36, "{read:?}");
    // The new coordinator replayed the replicated state: initTransactions bumped 4 to 5, and
    // the two transactions since to 7.
    let survivor = (at + 1) % 3;
    let described = cluster.java_tool(
        survivor,
        "org.apache.kafka.tools.TransactionsCommand",
        &["describe", "--transactional-id", &txn_id],
    );
    let row = tool_row(&described, &txn_id_row(&described));
    assert_eq!(row["ProducerEpoch"], "7", "{described}");
}

/// The first column of describe's data row (its CoordinatorId).
fn txn_id_row(out: &str) -> String {
    out.lines()
        .filter(|l| l.contains('\t'))
        .nth(1)
        .and_then(|l| l.split('\t').next())
        .map(|c| c.trim().to_string())
        .unwrap_or_else(|| panic!("no row in {out}"))
}

/// franz-go's GroupTransactSession (exactly-once consume-transform-produce): every committed
/// input record transformed exactly once, read back by a Java read_committed consumer.
#[test]
fn franz_group_transact_session_transforms_each_record_once() {
    let seed = harness::seed("txn_franz");
    let broker = Broker::start();
    let input = harness::topic_name("txn_franz_in", seed);
    let output = harness::topic_name("txn_franz_out", seed);
    clients::create_topic(Client::Java, &broker, &input, 2, &[]);
    clients::create_topic(Client::Java, &broker, &output, 2, &[]);
    run_txn_client(&[
        "produce",
        "--bootstrap",
        &broker.bootstrap(),
        "--topic",
        &input,
        "--partitions",
        "2",
        "--txn-id",
        &format!("franz-in-{seed}"),
        "--transactions",
        "6",
        "--per-txn",
        "10",
        "--abort-every",
        "3",
    ]);
    let mut cmd = Client::Franz.command();
    cmd.args([
        "ctp",
        "-bootstrap",
        &broker.bootstrap(),
        "-topic",
        &input,
        "-out",
        &output,
        "-group",
        &format!("franz-{seed}"),
        "-txn-id",
        &format!("franz-ctp-{seed}"),
        "-count",
        "40",
    ]);
    let out = String::from_utf8(harness::run(&mut cmd, CLIENT_TIMEOUT).stdout).expect("UTF-8");
    assert!(out.contains("done 40"), "{out}");
    let expected: BTreeSet<String> = [0, 1, 3, 4]
        .into_iter()
        .flat_map(|i| txn_values(i, 10))
        .map(|v| v.to_uppercase())
        .collect();
    let read = consume(&broker, &output, 2, "read_committed", expected.len());
    assert_eq!(read.len(), expected.len(), "{read:?}");
    assert_eq!(read.into_iter().collect::<BTreeSet<_>>(), expected);
}

fn streams_client(args: &[&str]) -> Command {
    let deps = harness::deps_dir();
    harness::require_installed(
        &deps.join("jars/kafka-streams-4.3.1.jar"),
        "Kafka Streams (tests/setup)",
    );
    let mut cmd = txn_client(&[]);
    // The same JVM and class path as TxnClient, another main class.
    let mut argv: Vec<String> = cmd
        .get_args()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    argv.pop();
    argv.push("StreamsClient".into());
    cmd = Command::new("java");
    cmd.args(argv).args(args);
    cmd
}

/// The counts `StreamsClient lines --lines n` makes: word j of line i is w((7i + 13j) % 20).
fn expected_counts(lines: usize) -> Vec<String> {
    let mut counts = std::collections::BTreeMap::new();
    for i in 0..lines {
        for j in 0..5 {
            *counts
                .entry(format!("w{}", (i * 7 + j * 13) % 20))
                .or_insert(0) += 1;
        }
    }
    counts
        .into_iter()
        .map(|(w, n)| format!("count {w} {n}"))
        .collect()
}

/// Kafka Streams WordCount (a repartition and a changelog topic) with exactly_once_v2: the
/// counts are exact, also when the broker is killed with SIGKILL mid-run and restarted.
#[test]
fn kafka_streams_wordcount_exactly_once_v2_survives_a_broker_kill() {
    let seed = harness::seed("txn_streams");
    let mut broker = Broker::start();
    let state = tempfile::tempdir().expect("state dir");
    for (round, kill) in [(0, false), (1, true)] {
        let input = harness::topic_name(&format!("txn_streams_in{round}"), seed);
        let output = harness::topic_name(&format!("txn_streams_out{round}"), seed);
        clients::create_topic(Client::Java, &broker, &input, 2, &[]);
        clients::create_topic(Client::Java, &broker, &output, 2, &[]);
        let lines = 400;
        let out = harness::run(
            &mut streams_client(&[
                "lines",
                "--bootstrap",
                &broker.bootstrap(),
                "--topic",
                &input,
                "--lines",
                &lines.to_string(),
            ]),
            CLIENT_TIMEOUT,
        );
        assert!(String::from_utf8_lossy(&out.stdout).contains("lines 400"));
        let state_dir = state.path().join(round.to_string());
        let app = Streaming::spawn(&mut streams_client(&[
            "wordcount",
            "--bootstrap",
            &broker.bootstrap(),
            "--topic",
            &input,
            "--out",
            &output,
            "--app",
            &format!("wc-{round}-{seed}"),
            "--total",
            &(lines * 5).to_string(),
            "--state-dir",
            &state_dir.display().to_string(),
        ]));
        if kill {
            // Mid-run: once counts are being committed, the broker dies and comes back.
            let deadline = std::time::Instant::now() + CLIENT_TIMEOUT;
            while (0..2)
                .all(|p| clients::offsets(Client::Java, &broker, &output, p, &[]).latest == 0)
            {
                assert!(std::time::Instant::now() < deadline, "no counts committed");
                std::thread::sleep(Duration::from_millis(100));
            }
            broker.kill9();
            broker.restart();
        }
        let (seen, status, stderr) = app.finish(CLIENT_TIMEOUT);
        assert!(status.is_some_and(|s| s.success()), "{seen:?} {stderr}");
        let counts: Vec<String> = seen
            .into_iter()
            .filter(|l| l.starts_with("count "))
            .collect();
        assert_eq!(counts, expected_counts(lines), "round {round}");
    }
}
