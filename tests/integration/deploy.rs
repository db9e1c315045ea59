//! The recipes in deploy/ checked against the binary (issue 14, item 6): the docker-compose
//! file's three nodes, started by the image's own entry point without Docker, form a cluster
//! Kafka's tools describe; the Kubernetes manifest probes the endpoints the broker serves and
//! sets only what the entry point reads; and every metric the Grafana dashboard and the
//! Prometheus alerts query is one a broker exports.
//!
//! YAML is read with PyYAML (in tests/.deps/venv-metrics, installed by tests/setup).

use crate::fail_whole::Raw;
use crate::harness::{self, against_kafka, repo_root, Broker};
use crate::wire::Wire;
use kafka_protocol::messages::create_topics_request::CreatableTopic;
use kafka_protocol::messages::{CreateTopicsRequest, MetadataRequest, TopicName};
use kafka_protocol::protocol::StrBytes;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;
use std::time::{Duration, Instant};

/// The address node `name` of the compose file gets in the test: containers resolve each
/// other's host names through Docker's DNS; here every host name maps to its own loopback
/// address on 127.0.66.x (this test's octet).
const NET: &str = "127.0.66";
const START_MAX: Duration = Duration::from_secs(60);

/// Every YAML document of `path` (relative to the repository), as JSON.
fn yaml_documents(path: &str) -> Vec<Value> {
    let script = "import json, sys, yaml\n\
                  print(json.dumps(list(yaml.safe_load_all(sys.stdin.read()))))\n";
    let text = std::fs::read_to_string(repo_root().join(path)).expect("read the recipe");
    let stdout = crate::metrics::metrics_python(
        script,
        text.as_bytes(),
        &format!("{path} is not valid YAML"),
    );
    let documents: Vec<Value> = serde_json::from_slice(&stdout).unwrap();
    documents.into_iter().filter(|d| !d.is_null()).collect()
}

/// The variables the entry point reads (`${NAME...}`).
fn entrypoint_variables() -> BTreeSet<String> {
    let text = std::fs::read_to_string(repo_root().join("deploy/docker-entrypoint")).unwrap();
    text.split("${")
        .skip(1)
        .map(|rest| {
            rest.chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect()
        })
        .collect()
}

fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// deploy/docker-compose.yml as a user runs it, less Docker: each service's environment, given
/// to deploy/docker-entrypoint (which writes server.properties, formats the data directory and
/// starts the node), with what Docker would provide replaced by loopback equivalents: the
/// host names by addresses, the volume by a directory. The advertised client address stays the
/// compose file's (the host's published port, unreachable here), so replication and the quorum
/// must work without it, as they must inside Docker.
#[test]
fn the_compose_files_three_nodes_form_a_cluster_through_the_entry_point() {
    if against_kafka() {
        return;
    }
    let compose = yaml_documents("deploy/docker-compose.yml").remove(0);
    let services = compose["services"].as_object().expect("services");
    assert_eq!(services.len(), 3, "three nodes");
    // Docker must allow io_uring and locked memory, as deploy/README.md says.
    for (name, service) in services {
        let security: Vec<String> = service["security_opt"]
            .as_array()
            .map(|a| a.iter().map(text).collect())
            .unwrap_or_default();
        assert!(
            security.contains(&"seccomp=unconfined".to_string()),
            "{name}: io_uring needs seccomp=unconfined"
        );
        assert_eq!(
            text(&service["ulimits"]["memlock"]),
            "-1",
            "{name}: memlock"
        );
    }
    let hosts: BTreeMap<String, String> = services
        .values()
        .enumerate()
        .map(|(i, s)| (text(&s["hostname"]), format!("{NET}.{}", 11 + i)))
        .collect();
    let readable = entrypoint_variables();
    let dir = tempfile::tempdir().unwrap();
    let path = format!(
        "{}:{}",
        repo_root().join("target/debug").display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut nodes = Vec::new();
    for (name, service) in services {
        let env: BTreeMap<String, String> = service["environment"]
            .as_object()
            .expect("environment")
            .iter()
            .map(|(k, v)| (k.clone(), text(v)))
            .collect();
        for key in env.keys() {
            assert!(
                readable.contains(key),
                "{name} sets {key}, which the entry point never reads"
            );
        }
        let host = text(&service["hostname"]);
        let ip = hosts[&host].clone();
        let mut voters = env["SLUICE_QUORUM_VOTERS"].clone();
        for (h, a) in &hosts {
            voters = voters.replace(&format!("@{h}:"), &format!("@{a}:"));
        }
        let mut cmd = Command::new("sh");
        cmd.arg(repo_root().join("deploy/docker-entrypoint"))
            .envs(&env)
            .env("PATH", &path)
            .env("HOSTNAME", &host)
            .env("SLUICE_QUORUM_VOTERS", voters)
            .env("SLUICE_HOME", dir.path().join(name))
            .env("SLUICE_LISTEN_HOST", &ip)
            .env("SLUICE_INTERNAL_HOST", &ip)
            .env(
                "SLUICE_EXTRA",
                format!(
                    "{}\nnum.shards=2\n",
                    env.get("SLUICE_EXTRA").map_or("", |e| e)
                ),
            );
        let id: i32 = env["SLUICE_NODE_ID"].parse().unwrap();
        nodes.push((ip, id, Raw::run(cmd)));
    }
    for (ip, _, node) in &mut nodes {
        assert!(
            node.wait_for_line("sluice started", START_MAX),
            "node on {ip}: {:#?}",
            node.seen
        );
    }
    // Every node lists the three brokers and one controller.
    for (ip, _, _) in &nodes {
        let deadline = Instant::now() + START_MAX;
        loop {
            let mut wire = Wire::connect(&format!("{ip}:9092"));
            let metadata = wire.call(12, &MetadataRequest::default().with_topics(Some(vec![])));
            if metadata.brokers.len() == 3 && metadata.controller_id.0 > 0 {
                break;
            }
            assert!(Instant::now() < deadline, "{ip}: {metadata:?}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    // A topic with the compose file's defaults (three replicas), through one node; an acks=all
    // write to each partition's leader is acknowledged (the followers replicate over INTERNAL).
    let mut wire = Wire::connect(&format!("{}:9092", nodes[0].0));
    let created = wire.call(
        5,
        &CreateTopicsRequest::default()
            .with_topics(vec![CreatableTopic::default()
                .with_name(TopicName(StrBytes::from_static_str("composed")))
                .with_num_partitions(3)
                .with_replication_factor(-1)])
            .with_timeout_ms(30_000),
    );
    assert_eq!(created.topics[0].error_code, 0, "{created:?}");
    let deadline = Instant::now() + START_MAX;
    let leaders = loop {
        let metadata = wire.call(
            12,
            &MetadataRequest::default().with_topics(Some(vec![
                kafka_protocol::messages::metadata_request::MetadataRequestTopic::default()
                    .with_name(Some(TopicName(StrBytes::from_static_str("composed")))),
            ])),
        );
        let partitions = metadata
            .topics
            .first()
            .map(|t| t.partitions.clone())
            .unwrap_or_default();
        if partitions.len() == 3
            && partitions
                .iter()
                .all(|p| p.leader_id.0 > 0 && p.isr_nodes.len() == 3 && p.replica_nodes.len() == 3)
        {
            break partitions;
        }
        assert!(Instant::now() < deadline, "{metadata:?}");
        std::thread::sleep(Duration::from_millis(50));
    };
    for p in &leaders {
        let (ip, _, _) = nodes.iter().find(|n| n.1 == p.leader_id.0).unwrap();
        let mut leader = Wire::connect(&format!("{ip}:9092"));
        let request = crate::crash::produce_acks_all(
            TopicName(StrBytes::from_static_str("composed")),
            p.partition_index,
            crate::replication::batch("composed", 5),
        );
        let answer = leader.call(9, &request);
        let partition = &answer.responses[0].partition_responses[0];
        assert_eq!(
            partition.error_code, 0,
            "acks=all to partition {} on node {}",
            p.partition_index, p.leader_id.0
        );
    }
    // Through the CONTROLLER listener: the client listeners advertise the host's ports.
    let mut tool = crate::java_tools::tool_bootstrap(
        "--bootstrap-controller",
        &format!("{}:9093", nodes[1].0),
        "org.apache.kafka.tools.MetadataQuorumCommand",
    );
    tool.args(["describe", "--status"]);
    let status = String::from_utf8(harness::run(&mut tool, START_MAX).stdout).unwrap();
    for id in 1..=3 {
        assert!(
            status.contains(&format!("{{\"id\": {id}, \"endpoints\"")),
            "voter {id} in {status}"
        );
    }
    for (_, _, node) in &nodes {
        node.signal(libc::SIGTERM);
    }
    for (ip, _, node) in nodes {
        let (status, lines) = node.finish(START_MAX);
        assert_eq!(status.and_then(|s| s.code()), Some(0), "{ip}: {lines:#?}");
    }
}

/// Every `kafka_*` / `sluice_*` metric name in `expr`.
fn metric_names(expr: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut word = String::new();
    for c in expr.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_alphanumeric() || c == '_' || c == ':' {
            word.push(c);
            continue;
        }
        if (word.starts_with("kafka_") || word.starts_with("sluice_")) && c != '=' && c != '"' {
            names.insert(word.clone());
        }
        word.clear();
    }
    names
}

/// Every `expr` string anywhere in `value`.
fn exprs(value: &Value, found: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                match (k.as_str(), v) {
                    ("expr", Value::String(s)) => found.push(s.clone()),
                    _ => exprs(v, found),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| exprs(v, found)),
        _ => {}
    }
}

/// The Kubernetes StatefulSet probes the health endpoints on the HTTP port the entry point
/// opens and sets only variables the entry point reads (the node id comes from the pod's
/// ordinal); the dashboard's and the alerts' queries name only metrics a broker exports.
#[test]
fn the_kubernetes_and_monitoring_recipes_match_what_the_broker_serves() {
    if against_kafka() {
        return;
    }
    let manifest = yaml_documents("deploy/k8s/sluice.yaml");
    let kinds: BTreeSet<String> = manifest.iter().map(|d| text(&d["kind"])).collect();
    for kind in ["Service", "StatefulSet", "PodDisruptionBudget"] {
        assert!(kinds.contains(kind), "{kind} in {kinds:?}");
    }
    assert!(
        manifest
            .iter()
            .any(|d| d["kind"] == "Service" && d["spec"]["clusterIP"] == "None"),
        "a headless service for the pods' stable names"
    );
    let set = manifest
        .iter()
        .find(|d| d["kind"] == "StatefulSet")
        .unwrap();
    let container = &set["spec"]["template"]["spec"]["containers"][0];
    let ports: BTreeMap<String, i64> = container["ports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (text(&p["name"]), p["containerPort"].as_i64().unwrap()))
        .collect();
    assert_eq!(ports["kafka"], 9092);
    assert_eq!(ports["controller"], 9093);
    assert_eq!(ports["http"], 9644);
    for (probe, path) in [
        ("livenessProbe", "/health/live"),
        ("readinessProbe", "/health/ready"),
        ("startupProbe", "/health/live"),
    ] {
        let get = &container[probe]["httpGet"];
        assert_eq!(text(&get["path"]), path, "{probe}");
        assert_eq!(text(&get["port"]), "http", "{probe}");
    }
    let readable = entrypoint_variables();
    for var in container["env"].as_array().unwrap() {
        let name = text(&var["name"]);
        assert!(
            name.starts_with("POD_") || readable.contains(&name),
            "the StatefulSet sets {name}, which the entry point never reads"
        );
    }
    // The pod sluice-2 is node 3, with the StatefulSet's voters and settings.
    let env: BTreeMap<String, String> = container["env"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| v["value"].is_string())
        .map(|v| (text(&v["name"]), text(&v["value"])))
        .collect();
    let mut cmd = Command::new("sh");
    cmd.arg(repo_root().join("deploy/docker-entrypoint"))
        .arg("config")
        .envs(&env)
        .env("HOSTNAME", "sluice-2");
    let config = String::from_utf8(harness::run(&mut cmd, START_MAX).stdout).unwrap();
    assert!(config.contains("node.id=3\n"), "{config}");
    assert!(config.contains("min.insync.replicas=2\n"), "{config}");
    assert!(
        config.contains("http.listeners=http://0.0.0.0:9644\n"),
        "{config}"
    );

    // A broker that served produce, fetch and a group's commit: its metric families.
    let broker = Broker::start();
    let topic = "dashboard";
    crate::clients::create_topic(crate::clients::Client::Confluent, &broker, topic, 1, &[]);
    crate::clients::produce(
        crate::clients::Client::Confluent,
        &broker,
        &crate::clients::Produce {
            topic,
            partition: 0,
            seed: 66,
            specs: vec!["all:none:20".into()],
            timestamp_base_ms: None,
            extra: &[],
        },
    );
    crate::clients::consume(
        crate::clients::Client::Confluent,
        &broker,
        topic,
        0,
        "earliest",
        20,
    );
    let (status, exposition) = crate::metrics::get(&broker.http_address(), "/metrics");
    assert_eq!(status, 200);
    let mut exported: BTreeSet<String> = BTreeSet::new();
    for line in exposition.lines() {
        if let Some(rest) = line.strip_prefix("# TYPE ") {
            let mut parts = rest.split(' ');
            let (name, kind) = (parts.next().unwrap(), parts.next().unwrap_or(""));
            exported.insert(name.to_string());
            if kind == "summary" || kind == "histogram" {
                exported.insert(format!("{name}_sum"));
                exported.insert(format!("{name}_count"));
            }
        }
    }
    let dashboard: Value = serde_json::from_str(
        &std::fs::read_to_string(repo_root().join("deploy/grafana/sluice-dashboard.json")).unwrap(),
    )
    .expect("the dashboard is JSON");
    let mut queries = Vec::new();
    exprs(&dashboard, &mut queries);
    let panels = queries.len();
    for document in yaml_documents("deploy/prometheus/sluice-alerts.yml") {
        exprs(&document, &mut queries);
    }
    assert!(panels >= 20 && queries.len() > panels, "{queries:?}");
    let scrape = yaml_documents("deploy/prometheus/prometheus.yml").remove(0);
    for job in scrape["scrape_configs"].as_array().unwrap() {
        assert_eq!(text(&job["metrics_path"]), "/metrics");
    }
    let mut unknown = BTreeSet::new();
    for query in &queries {
        for name in metric_names(query) {
            if !exported.contains(&name) {
                unknown.insert((name, query.clone()));
            }
        }
    }
    assert!(unknown.is_empty(), "queried but not exported: {unknown:#?}");
}
