//! Kafka's own CLI tools (4.3, from Maven Central): kafka-topics, the console producer and
//! consumer, kafka-configs — run as `java -cp 'tests/.deps/jars/*' CLASS`, as bin/*.sh do.

use std::collections::BTreeMap;
use std::process::Command;
use std::time::Duration;

use crate::harness::{self, Broker};

/// Limit: each tool is one JVM start (~1 s) plus a few requests.
pub(crate) const TOOL_TIMEOUT: Duration = Duration::from_secs(60);

pub(crate) const TOPICS: &str = "org.apache.kafka.tools.TopicCommand";
pub(crate) const CONSOLE_PRODUCER: &str = "org.apache.kafka.tools.ConsoleProducer";
pub(crate) const CONSOLE_CONSUMER: &str = "org.apache.kafka.tools.consumer.ConsoleConsumer";
/// kafka-configs is still in the broker's core jar (kafka_2.13) in 4.3.
pub(crate) const CONFIGS: &str = "kafka.admin.ConfigCommand";

pub(crate) fn tool(broker: &Broker, class: &str) -> Command {
    tool_at(&broker.bootstrap(), class)
}

/// A Kafka CLI tool (`class`) pointed at `bootstrap` (`--bootstrap-server`).
pub(crate) fn tool_at(bootstrap: &str, class: &str) -> Command {
    tool_bootstrap("--bootstrap-server", bootstrap, class)
}

/// A Kafka CLI tool (`class`) given `address` with `flag` (`--bootstrap-server`, or
/// `--bootstrap-controller` for the CONTROLLER listener).
pub(crate) fn tool_bootstrap(flag: &str, address: &str, class: &str) -> Command {
    let mut cmd = java_tool(class);
    cmd.args([flag, address]);
    cmd
}

/// A Kafka CLI tool (`class`) without arguments (kafka-cluster takes its subcommand first).
pub(crate) fn java_tool(class: &str) -> Command {
    let jars = harness::deps_dir().join("jars");
    harness::require_installed(&jars.join("kafka-tools-4.3.1.jar"), "Kafka's CLI tools");
    let mut cmd = Command::new("java");
    cmd.args([
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        "-XX:TieredStopAtLevel=1",
        "-cp",
    ])
    .arg(format!("{}/*", jars.display()))
    .arg(class);
    cmd
}

/// Admin client settings for kafka-topics and kafka-configs: fail with the client's own
/// timeout error (which names the call) well before the harness kills the JVM.
const ADMIN_PROPERTIES: &str = "request.timeout.ms=15000\ndefault.api.timeout.ms=30000\n";

pub(crate) fn run_tool(broker: &Broker, class: &str, args: &[&str]) -> String {
    let mut cmd = tool(broker, class);
    if class == TOPICS || class == CONFIGS || class == CONSUMER_GROUPS {
        let path = broker.data_dir().with_file_name("admin.properties");
        std::fs::write(&path, ADMIN_PROPERTIES).expect("write admin.properties");
        cmd.arg("--command-config").arg(path);
    }
    cmd.args(args);
    String::from_utf8(harness::run(&mut cmd, TOOL_TIMEOUT).stdout).expect("UTF-8")
}

fn listed(broker: &Broker) -> Vec<String> {
    run_tool(broker, TOPICS, &["--list"])
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn kafka_topics_create_describe_alter_delete() {
    let seed = harness::seed("kafka_topics");
    let broker = Broker::start();
    let topic = harness::topic_name("kafka_topics", seed);
    let out = run_tool(
        &broker,
        TOPICS,
        &[
            "--create",
            "--topic",
            &topic,
            "--partitions",
            "2",
            "--replication-factor",
            "1",
        ],
    );
    assert!(out.contains(&format!("Created topic {topic}.")), "{out}");
    assert!(listed(&broker).contains(&topic), "--list misses {topic}");

    let out = run_tool(&broker, TOPICS, &["--describe", "--topic", &topic]);
    assert!(out.contains("PartitionCount: 2"), "{out}");
    assert!(out.contains("ReplicationFactor: 1"), "{out}");
    for p in 0..2 {
        assert!(
            out.contains(&format!("Topic: {topic}\tPartition: {p}\tLeader: ")),
            "partition {p}:\n{out}"
        );
    }

    run_tool(
        &broker,
        TOPICS,
        &["--alter", "--topic", &topic, "--partitions", "3"],
    );
    let out = run_tool(&broker, TOPICS, &["--describe", "--topic", &topic]);
    assert!(
        out.contains("PartitionCount: 3"),
        "after --alter --partitions 3:\n{out}"
    );
    assert!(
        out.contains(&format!("Topic: {topic}\tPartition: 2\tLeader: ")),
        "{out}"
    );

    run_tool(&broker, TOPICS, &["--delete", "--topic", &topic]);
    assert!(
        !listed(&broker).contains(&topic),
        "{topic} still listed after --delete"
    );
}

#[test]
fn console_producer_and_consumer_round_trip() {
    let seed = harness::seed("console_round_trip");
    let broker = Broker::start();
    let topic = harness::topic_name("console_round_trip", seed);
    run_tool(
        &broker,
        TOPICS,
        &[
            "--create",
            "--topic",
            &topic,
            "--partitions",
            "1",
            "--replication-factor",
            "1",
        ],
    );
    let records: Vec<(String, String)> = (0..10)
        .map(|i| (format!("key{i}"), format!("value-{seed}-{i}")))
        .collect();
    let input: String = records.iter().map(|(k, v)| format!("{k}\t{v}\n")).collect();
    let mut producer = tool(&broker, CONSOLE_PRODUCER);
    producer.args(["--topic", &topic, "--reader-property", "parse.key=true"]);
    harness::run_with_stdin(&mut producer, Some(input.as_bytes()), TOOL_TIMEOUT);

    let out = run_tool(
        &broker,
        CONSOLE_CONSUMER,
        &[
            "--topic",
            &topic,
            "--partition",
            "0",
            "--offset",
            "earliest",
            "--max-messages",
            "10",
            "--formatter-property",
            "print.key=true",
            "--formatter-property",
            "print.offset=true",
        ],
    );
    let want: Vec<String> = records
        .iter()
        .enumerate()
        .map(|(i, (k, v))| format!("Offset:{i}\t{k}\t{v}"))
        .collect();
    let got: Vec<String> = out.lines().map(str::to_string).collect();
    assert_eq!(got, want);
}

#[test]
fn kafka_configs_describe_and_alter_topic() {
    let seed = harness::seed("kafka_configs");
    let broker = Broker::start();
    let topic = harness::topic_name("kafka_configs", seed);
    run_tool(
        &broker,
        TOPICS,
        &[
            "--create",
            "--topic",
            &topic,
            "--partitions",
            "1",
            "--replication-factor",
            "1",
        ],
    );
    let entity = ["--entity-type", "topics", "--entity-name", &topic];
    let out = run_tool(
        &broker,
        CONFIGS,
        &[
            &entity[..],
            &["--alter", "--add-config", "retention.ms=12345"],
        ]
        .concat(),
    );
    assert!(
        out.contains(&format!("Completed updating config for topic {topic}.")),
        "{out}"
    );
    let out = run_tool(&broker, CONFIGS, &[&entity[..], &["--describe"]].concat());
    assert!(out.contains("retention.ms=12345 sensitive=false"), "{out}");
    let out = run_tool(
        &broker,
        CONFIGS,
        &[&entity[..], &["--alter", "--delete-config", "retention.ms"]].concat(),
    );
    assert!(out.contains("Completed updating config"), "{out}");
    let out = run_tool(&broker, CONFIGS, &[&entity[..], &["--describe"]].concat());
    assert!(
        !out.contains("retention.ms=12345"),
        "retention.ms still set after --delete-config:\n{out}"
    );
}

const CONSUMER_GROUPS: &str = "org.apache.kafka.tools.consumer.group.ConsumerGroupCommand";

/// The tool's table rows for `topic`: (partition, current offset, log end offset, lag) and
/// the rest of the row (consumer id, host, client id).
fn describe_rows(out: &str, topic: &str) -> BTreeMap<i32, (String, String, String, String)> {
    out.lines()
        .filter_map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            (f.len() >= 6 && f[1] == topic).then(|| {
                (
                    f[2].parse().expect("partition column"),
                    (
                        f[3].to_string(),
                        f[4].to_string(),
                        f[5].to_string(),
                        f[6..].join(" "),
                    ),
                )
            })
        })
        .collect()
}

/// `ms` as the tool's `--to-datetime` format, in UTC.
fn utc_datetime(ms: i64) -> String {
    let out = Command::new("date")
        .args(["-u", "-d", &format!("@{}", ms / 1000), "+%Y-%m-%dT%H:%M:%S"])
        .output()
        .expect("run date");
    let seconds = String::from_utf8(out.stdout).expect("UTF-8");
    format!("{}.{:03}Z", seconds.trim(), ms % 1000)
}

/// kafka-consumer-groups: --list, --describe with lag (members, then without), the reset
/// guard for active groups, --reset-offsets --to-earliest / --to-datetime, --delete-offsets,
/// --delete.
#[test]
fn kafka_consumer_groups_list_describe_reset_delete() {
    use crate::clients::Client;
    use crate::groups::{
        committed, create_topic, produce_round, wait_until, Member, MemberSpec, PARTITIONS,
    };
    let test = "consumer_groups_tool";
    let seed = harness::seed(test);
    let broker = Broker::start_with(crate::groups::GROUP_BROKER_SETTINGS);
    let topic = harness::topic_name(test, seed);
    let group = format!("{test}-{seed}");
    create_topic(&broker, &topic, PARTITIONS);
    let mut ends = BTreeMap::new();
    produce_round(&broker, &topic, &mut ends, 10);
    // produce_round stamps record i of a batch i ms after the batch's base time, taken as it sends.
    let first_round_stamped = harness::now_ms() + 9;
    let spec = MemberSpec::classic(Client::Confluent, "range");
    let mut members = vec![Member::start("tool-member", &spec, &broker, &topic, &group)];
    wait_until(&mut members, "the member to commit everything", |ms| {
        ms[0].commits() == ends
    });

    assert!(
        run_tool(&broker, CONSUMER_GROUPS, &["--list"])
            .lines()
            .any(|l| l == group),
        "--list misses {group}"
    );
    let out = run_tool(&broker, CONSUMER_GROUPS, &["--describe", "--group", &group]);
    let rows = describe_rows(&out, &topic);
    assert_eq!(rows.len(), PARTITIONS as usize, "{out}");
    for (p, (current, end, lag, member)) in &rows {
        assert_eq!(
            (current.as_str(), end.as_str(), lag.as_str()),
            ("10", "10", "0"),
            "partition {p}:\n{out}"
        );
        assert!(
            member.contains("/127.0.0.1") && member.contains("tool-member"),
            "{out}"
        );
    }
    let out = run_tool(
        &broker,
        CONSUMER_GROUPS,
        &["--describe", "--group", &group, "--state"],
    );
    assert!(out.contains("Stable") && out.contains("range"), "{out}");
    let out = run_tool(
        &broker,
        CONSUMER_GROUPS,
        &[
            "--reset-offsets",
            "--group",
            &group,
            "--topic",
            &topic,
            "--to-earliest",
            "--execute",
        ],
    );
    assert!(out.contains("inactive") || out.is_empty(), "{out}");
    assert_eq!(
        committed(&broker, &group, &topic),
        ends,
        "no reset while the group is active"
    );

    members[0].stop();
    assert!(members[0].wait_closed(), "{}", members[0].describe());
    // Newer than every record of the first round, older than every record of the second.
    let between = harness::clock_past(first_round_stamped);
    produce_round(&broker, &topic, &mut ends, 10);
    let out = run_tool(&broker, CONSUMER_GROUPS, &["--describe", "--group", &group]);
    let rows = describe_rows(&out, &topic);
    assert_eq!(rows.len(), PARTITIONS as usize, "{out}");
    for (p, (current, end, lag, member)) in rows {
        assert_eq!(
            (
                current.as_str(),
                end.as_str(),
                lag.as_str(),
                member.as_str()
            ),
            ("10", "20", "10", "- - -"),
            "partition {p}, no member:\n{out}"
        );
    }

    run_tool(
        &broker,
        CONSUMER_GROUPS,
        &[
            "--reset-offsets",
            "--group",
            &group,
            "--topic",
            &topic,
            "--to-earliest",
            "--execute",
        ],
    );
    let zeros: BTreeMap<i32, i64> = (0..PARTITIONS).map(|p| (p, 0)).collect();
    assert_eq!(committed(&broker, &group, &topic), zeros, "--to-earliest");

    let datetime = utc_datetime(between);
    run_tool(
        &broker,
        CONSUMER_GROUPS,
        &[
            "--reset-offsets",
            "--group",
            &group,
            "--topic",
            &topic,
            "--to-datetime",
            &datetime,
            "--execute",
        ],
    );
    let tens: BTreeMap<i32, i64> = (0..PARTITIONS).map(|p| (p, 10)).collect();
    assert_eq!(
        committed(&broker, &group, &topic),
        tens,
        "--to-datetime {datetime}"
    );

    let out = run_tool(
        &broker,
        CONSUMER_GROUPS,
        &[
            "--delete-offsets",
            "--group",
            &group,
            "--topic",
            &format!("{topic}:0"),
        ],
    );
    assert!(out.contains("Successful"), "{out}");
    let mut expected = tens.clone();
    expected.remove(&0);
    assert_eq!(
        committed(&broker, &group, &topic),
        expected,
        "--delete-offsets"
    );

    let out = run_tool(&broker, CONSUMER_GROUPS, &["--delete", "--group", &group]);
    assert!(out.contains("was successful"), "{out}");
    assert!(
        !run_tool(&broker, CONSUMER_GROUPS, &["--list"])
            .lines()
            .any(|l| l == group),
        "{group} still listed after --delete"
    );
}

const METADATA_QUORUM: &str = "org.apache.kafka.tools.MetadataQuorumCommand";

/// The value of a `Name:   value` line of `kafka-metadata-quorum describe --status`.
fn status_field<'a>(out: &'a str, name: &str) -> &'a str {
    out.lines()
        .find_map(|l| l.strip_prefix(name).and_then(|rest| rest.strip_prefix(':')))
        .map(str::trim)
        .unwrap_or_else(|| panic!("no {name} in:\n{out}"))
}

/// kafka-metadata-quorum (DescribeQuorum): the node leads its one-voter quorum, and the high
/// watermark moves when a metadata change commits.
#[test]
fn kafka_metadata_quorum_describes_the_quorum() {
    let broker = Broker::start();
    let before = run_tool(&broker, METADATA_QUORUM, &["describe", "--status"]);
    assert_eq!(status_field(&before, "LeaderId"), "1", "{before}");
    assert!(
        status_field(&before, "LeaderEpoch").parse::<i32>().unwrap() >= 1,
        "{before}"
    );
    assert_eq!(status_field(&before, "MaxFollowerLag"), "0", "{before}");
    assert!(
        status_field(&before, "CurrentVoters").contains("\"id\": 1"),
        "{before}"
    );
    let hw_before: i64 = status_field(&before, "HighWatermark").parse().unwrap();
    run_tool(
        &broker,
        TOPICS,
        &["--create", "--topic", "quorum-moves", "--partitions", "1"],
    );
    let after = run_tool(&broker, METADATA_QUORUM, &["describe", "--status"]);
    let hw_after: i64 = status_field(&after, "HighWatermark").parse().unwrap();
    assert!(
        hw_after > hw_before,
        "a committed CreateTopics moves the high watermark: {hw_before} -> {hw_after}"
    );
    let replication = run_tool(&broker, METADATA_QUORUM, &["describe", "--replication"]);
    let leader = replication
        .lines()
        .find(|l| l.split_whitespace().next() == Some("1"))
        .unwrap_or_else(|| panic!("no row for node 1:\n{replication}"));
    assert!(leader.contains("Leader"), "{replication}");
}

const FEATURES: &str = "org.apache.kafka.tools.FeatureCommand";

/// The `Feature: NAME ...` row of kafka-features describe.
fn feature_row<'a>(out: &'a str, name: &str) -> &'a str {
    out.lines()
        .find(|l| l.split_whitespace().nth(1) == Some(name))
        .unwrap_or_else(|| panic!("no {name} row in:\n{out}"))
}

/// kafka-features (ApiVersions' features, UpdateFeatures): metadata.version is finalized at
/// Kafka 4.3's production level, an upgrade to the same level succeeds, a downgrade is refused
/// with Kafka's message, and so is a feature the broker does not know.
#[test]
fn kafka_features_describe_upgrade_and_refuse_downgrades() {
    let broker = Broker::start();
    let described = run_tool(&broker, FEATURES, &["describe"]);
    let mv = feature_row(&described, "metadata.version");
    assert!(mv.contains("SupportedMinVersion: 3.3-IV3"), "{described}");
    assert!(mv.contains("FinalizedVersionLevel: 4.3-IV0"), "{described}");
    let gv = feature_row(&described, "group.version");
    assert!(gv.contains("FinalizedVersionLevel: 1"), "{described}");

    let same = run_tool(&broker, FEATURES, &["upgrade", "--metadata", "4.3-IV0"]);
    assert!(
        same.contains("metadata.version was upgraded to 30."),
        "{same}"
    );
    let mut down = tool(&broker, FEATURES);
    down.args(["downgrade", "--metadata", "3.9-IV0"]);
    let down = harness::try_run(&mut down, None, TOOL_TIMEOUT);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&down.stdout),
        String::from_utf8_lossy(&down.stderr)
    );
    assert!(!down.status.success(), "{text}");
    assert!(
        text.contains("Unsupported metadata.version downgrade from 30 to 21. Refusing to perform the requested downgrade because it might delete metadata information."),
        "{text}"
    );
    let mut unknown = tool(&broker, FEATURES);
    unknown.args(["upgrade", "--feature", "no.such.version=1"]);
    let unknown = harness::try_run(&mut unknown, None, TOOL_TIMEOUT);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&unknown.stdout),
        String::from_utf8_lossy(&unknown.stderr)
    );
    assert!(!unknown.status.success(), "{text}");
    assert!(
        text.contains("Invalid update version 1 for feature no.such.version. Local controller 1 does not support this feature."),
        "{text}"
    );
    let after = run_tool(&broker, FEATURES, &["describe"]);
    assert!(
        feature_row(&after, "metadata.version").contains("FinalizedVersionLevel: 4.3-IV0"),
        "{after}"
    );
}

/// `kafka-configs --entity-type broker-loggers` (BROKER_LOGGER resources): the node lists its
/// loggers with their levels, a level set at run time takes effect at once (a DEBUG line
/// appears), deleting it returns the logger to root's level, and Kafka's refusals come back
/// for an unknown logger, an unknown level and root's deletion. The broker logs JSON lines
/// (`log.format=json`), each one parseable.
#[test]
fn kafka_configs_broker_loggers_change_levels_at_run_time() {
    if harness::against_kafka() {
        return; // Kafka's loggers are log4j's class names
    }
    let broker = Broker::start_with(&[("log.format", "json")]);
    let entity = ["--entity-type", "broker-loggers", "--entity-name", "1"];
    let describe = || run_tool(&broker, CONFIGS, &[&entity[..], &["--describe"]].concat());
    let out = describe();
    assert!(
        out.contains("Dynamic configs for broker-logger 1 are:"),
        "{out}"
    );
    assert!(out.contains("root=INFO sensitive=false"), "{out}");
    assert!(out.contains("network=INFO sensitive=false"), "{out}");
    let alter = |change: &[&str]| {
        let mut cmd = tool(&broker, CONFIGS);
        cmd.args(entity).arg("--alter").args(change);
        harness::try_run(&mut cmd, None, TOOL_TIMEOUT)
    };
    let out = alter(&["--add-config", "network=DEBUG"]);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("Completed updating config"),
        "{}",
        harness::describe(&out)
    );
    assert!(describe().contains("network=DEBUG sensitive=false"));
    // Every tool run closes its connection: at DEBUG, the network logs it.
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    let debug_line = loop {
        let logs = broker.logs();
        let found = logs
            .lines()
            .find(|l| l.contains("\"level\":\"DEBUG\"") && l.contains("connection closed"));
        if let Some(line) = found {
            break line.to_string();
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no DEBUG line:\n{logs}"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    let event: serde_json::Value = serde_json::from_str(&debug_line).expect("a JSON line");
    assert_eq!(event["target"], "network::connection", "{event}");
    for line in broker.logs().lines().filter(|l| l.starts_with('{')) {
        serde_json::from_str::<serde_json::Value>(line)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
    }

    let out = alter(&["--delete-config", "network"]);
    assert!(out.status.success(), "{}", harness::describe(&out));
    assert!(describe().contains("network=INFO sensitive=false"));
    for (change, refusal) in [
        // kafka-configs itself refuses a logger the node does not list.
        (
            "kafka.server.ReplicaManager=DEBUG",
            "Invalid broker logger(s): kafka.server.ReplicaManager",
        ),
        (
            "network=LOUD",
            "Cannot set the log level of network to LOUD as it is not a supported log level",
        ),
    ] {
        let out = alter(&["--add-config", change]);
        assert!(
            String::from_utf8_lossy(&out.stdout).contains(refusal)
                || String::from_utf8_lossy(&out.stderr).contains(refusal),
            "{change}: {}",
            harness::describe(&out)
        );
    }
    let out = alter(&["--delete-config", "root"]);
    let text = harness::describe(&out);
    assert!(
        text.contains("Removing the log level of the root logger is not allowed"),
        "{text}"
    );
}
