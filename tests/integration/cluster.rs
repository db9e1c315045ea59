//! Clusters of real `sluice` processes on one machine (issue 10): each node on its own loopback
//! address 127.0.<test>.<10 + node id> (ports 19092 for clients, 19093 for the CONTROLLER
//! listener), configured with Kafka's KRaft keys and formatted with `sluice format`, driven by
//! Kafka's own tools and by raw requests.
//!
//! Every test uses its own third octet, so clusters of tests running in parallel never share
//! an address; nothing waits by sleeping: every wait polls for the state it needs, bounded.

use crate::fail_whole::Raw;
use crate::harness::{self, against_kafka, repo_root};
use crate::wire::Wire;
use kafka_protocol::messages::create_topics_request::CreatableTopic;
use kafka_protocol::messages::update_features_request::FeatureUpdateKey;
use kafka_protocol::messages::{
    CreateTopicsRequest, InitProducerIdRequest, MetadataRequest, MetadataResponse, ResponseHeader,
    TopicName, UpdateFeaturesRequest,
};
use kafka_protocol::protocol::{Decodable, StrBytes};
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};
use tempfile::TempDir;

const CLIENT_PORT: u16 = 19092;
const CONTROLLER_PORT: u16 = 19093;
/// Each node's metrics and health endpoints (`http.listeners`), on its own address.
const HTTP_PORT: u16 = 19644;
/// Longest a cluster may take to agree on a leader (a few election timeouts of 1 s).
const ELECTION_MAX: Duration = Duration::from_secs(20);
const TOOL_TIMEOUT: Duration = Duration::from_secs(60);
/// Limit: a node that failed to start has exited or exits on SIGKILL at once.
const STOP_MAX: Duration = Duration::from_secs(10);

pub(crate) struct Node {
    pub(crate) id: i32,
    ip: String,
    pub(crate) config: PathBuf,
    pub(crate) data: PathBuf,
    /// The node's `SLUICE_FAILPOINT_CUT_PEERS_FILE`: node ids it cannot talk to.
    cut: PathBuf,
    /// The node's `SLUICE_FAILPOINT_MUTE_HEARTBEATS_FILE`: non-empty, it sends no heartbeat.
    mute: PathBuf,
    /// The node's `SLUICE_FAILPOINT_SYNC_LOG`, once `record_syncs` asked for it.
    pub(crate) sync_log: Option<PathBuf>,
    process: Option<Raw>,
}

impl Node {
    pub(crate) fn bootstrap(&self) -> String {
        format!("{}:{CLIENT_PORT}", self.ip)
    }

    /// The node's HTTP listener (metrics, health).
    pub(crate) fn http(&self) -> String {
        format!("{}:{HTTP_PORT}", self.ip)
    }
}

pub(crate) struct Cluster {
    pub(crate) nodes: Vec<Node>,
    cluster_id: String,
    _dir: TempDir,
}

fn sluice() -> Command {
    Command::new(repo_root().join("target/debug/sluice"))
}

/// Writes node `id`'s server.properties under `dir` (its `roles` decide its listeners on
/// `ip`; `quorum` is its controller.quorum.voters or .bootstrap.servers line).
fn write_node(
    dir: &std::path::Path,
    id: i32,
    ip: String,
    roles: &str,
    quorum: &str,
    extra: &str,
) -> Node {
    let node_dir = dir.join(format!("node-{id}"));
    std::fs::create_dir_all(&node_dir).unwrap();
    let data = node_dir.join("data");
    let config = node_dir.join("server.properties");
    let listeners = match roles {
        "controller" => format!("CONTROLLER://{ip}:{CONTROLLER_PORT}"),
        "broker" => format!("PLAINTEXT://{ip}:{CLIENT_PORT}"),
        _ => format!("PLAINTEXT://{ip}:{CLIENT_PORT},CONTROLLER://{ip}:{CONTROLLER_PORT}"),
    };
    let advertised = if roles == "controller" {
        String::new()
    } else {
        format!("advertised.listeners=PLAINTEXT://{ip}:{CLIENT_PORT}")
    };
    std::fs::write(
        &config,
        format!(
            "process.roles={roles}\n\
             node.id={id}\n\
             {quorum}\n\
             listeners={listeners}\n\
             {advertised}\n\
             controller.listener.names=CONTROLLER\n\
             inter.broker.listener.name=PLAINTEXT\n\
             listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT\n\
             log.dirs={}\n\
             num.shards=2\n\
             http.listeners=http://{ip}:{HTTP_PORT}\n\
             {extra}\n",
            data.display(),
        ),
    )
    .unwrap();
    Node {
        id,
        ip,
        config,
        data,
        cut: node_dir.join("cut-peers"),
        mute: node_dir.join("mute-heartbeats"),
        sync_log: None,
        process: None,
    }
}

impl Cluster {
    /// Formats and starts `size` combined nodes (ids 1..=size) on 127.0.`octet`.x.
    pub(crate) fn start(size: i32, octet: u8) -> Cluster {
        Cluster::start_with(size, octet, "")
    }

    /// As `start`, with `extra` lines appended to every node's server.properties.
    pub(crate) fn start_with(size: i32, octet: u8, extra: &str) -> Cluster {
        Cluster::start_roles(size, 0, octet, extra)
    }

    /// `combined` broker+controller nodes (ids 1..), or, with `brokers` > 0, `combined`
    /// controller-only nodes followed by `brokers` broker-only nodes, as Kafka separates roles.
    pub(crate) fn start_roles(combined: i32, brokers: i32, octet: u8, extra: &str) -> Cluster {
        let mut cluster =
            Cluster::configure(combined, brokers, &format!("127.0.{octet}"), extra, false);
        for at in 0..cluster.nodes.len() {
            cluster.format(at, &[]);
        }
        cluster.start_all();
        cluster
    }

    /// `size` combined nodes of a dynamic quorum (KIP-853), configured with
    /// `controller.quorum.bootstrap.servers`: node 1 formatted `--standalone` (the only voter),
    /// the others `--no-initial-controllers` (observers until added).
    pub(crate) fn start_dynamic(size: i32, octet: u8) -> Cluster {
        Cluster::start_dynamic_roles(size, 0, octet)
    }

    /// As `start_dynamic`, with `brokers` > 0: `controllers` controller-only nodes followed by
    /// `brokers` broker-only nodes.
    pub(crate) fn start_dynamic_roles(controllers: i32, brokers: i32, octet: u8) -> Cluster {
        let mut cluster =
            Cluster::configure(controllers, brokers, &format!("127.0.{octet}"), "", true);
        cluster.format(0, &["--standalone"]);
        for at in 1..cluster.nodes.len() {
            cluster.format(at, &["--no-initial-controllers"]);
        }
        cluster.start_all();
        cluster
    }

    /// `size` combined nodes of a dynamic quorum formatted at once with
    /// `--initial-controllers` (every node a voter, each with a directory id of its own).
    pub(crate) fn start_initial_controllers(size: i32, octet: u8) -> Cluster {
        let mut cluster = Cluster::configure(size, 0, &format!("127.0.{octet}"), "", true);
        let voters: Vec<String> = cluster
            .nodes
            .iter()
            .map(|n| {
                let dir = sluice().arg("random-uuid").output().expect("random-uuid");
                let dir = String::from_utf8(dir.stdout).unwrap();
                format!("{}@{}:{CONTROLLER_PORT}:{}", n.id, n.ip, dir.trim())
            })
            .collect();
        let voters = voters.join(",");
        for at in 0..cluster.nodes.len() {
            cluster.format(at, &["--initial-controllers", &voters]);
        }
        cluster.start_all();
        cluster
    }

    /// `size` combined nodes as `start_with`, node n in rack `rack-n` (`broker.rack`), ready
    /// (`wait_ready`).
    pub(crate) fn start_racked(size: i32, octet: u8, extra: &str) -> Cluster {
        let mut cluster = Cluster::configure(size, 0, &format!("127.0.{octet}"), extra, false);
        for at in 0..cluster.nodes.len() {
            let node = &cluster.nodes[at];
            let mut config = std::fs::read_to_string(&node.config).unwrap();
            config.push_str(&format!("\nbroker.rack=rack-{}\n", node.id));
            std::fs::write(&node.config, config).unwrap();
            cluster.format(at, &[]);
        }
        cluster.start_all();
        cluster.wait_ready();
        cluster
    }

    /// Waits until every node names the same controller and lists every node as a broker.
    pub(crate) fn wait_ready(&self) {
        let all: Vec<usize> = (0..self.nodes.len()).collect();
        self.wait_leader(&all);
        let ids: Vec<i32> = self.nodes.iter().map(|n| n.id).collect();
        for &at in &all {
            self.wait_brokers(at, &ids);
        }
    }

    pub(crate) fn start_all(&mut self) {
        for at in 0..self.nodes.len() {
            self.spawn(at);
        }
        for at in 0..self.nodes.len() {
            self.wait_started(at);
        }
    }

    /// The nodes of `start_roles`, node id `n` on `<net>.<10 + n>`, configured but neither
    /// formatted nor started (netns_partition.rs starts each in its own network namespace):
    /// a static quorum (`controller.quorum.voters`) or, `dynamic`, the controllers as
    /// `controller.quorum.bootstrap.servers`.
    pub(crate) fn configure(
        combined: i32,
        brokers: i32,
        net: &str,
        extra: &str,
        dynamic: bool,
    ) -> Cluster {
        let size = combined + brokers;
        let dir = tempfile::Builder::new()
            .prefix("sluice-cluster-")
            .tempdir()
            .expect("temp dir");
        let ip = |id: i32| format!("{net}.{}", 10 + id);
        let quorum = if dynamic {
            let servers: Vec<String> = (1..=combined)
                .map(|id| format!("{}:{CONTROLLER_PORT}", ip(id)))
                .collect();
            format!("controller.quorum.bootstrap.servers={}", servers.join(","))
        } else {
            let voters: Vec<String> = (1..=combined)
                .map(|id| format!("{id}@{}:{CONTROLLER_PORT}", ip(id)))
                .collect();
            format!("controller.quorum.voters={}", voters.join(","))
        };
        let id = sluice().arg("random-uuid").output().expect("random-uuid");
        let cluster_id = String::from_utf8(id.stdout).unwrap().trim().to_string();
        let nodes = (1..=size)
            .map(|id| {
                let roles = if brokers == 0 {
                    "broker,controller"
                } else if id <= combined {
                    "controller"
                } else {
                    "broker"
                };
                write_node(dir.path(), id, ip(id), roles, &quorum, extra)
            })
            .collect();
        Cluster {
            nodes,
            cluster_id,
            _dir: dir,
        }
    }

    /// Adds a combined node `id` (next to the others' addresses) pointed at every existing
    /// node as a bootstrap server, formatted with --no-initial-controllers and started, as an
    /// operator adds a controller to a dynamic quorum; returns its index.
    fn add_observer(&mut self, id: i32) -> usize {
        let net = self.nodes[0].ip.rsplit_once('.').unwrap().0.to_string();
        let servers: Vec<String> = self
            .nodes
            .iter()
            .map(|n| format!("{}:{CONTROLLER_PORT}", n.ip))
            .collect();
        let quorum = format!("controller.quorum.bootstrap.servers={}", servers.join(","));
        let node = write_node(
            self._dir.path(),
            id,
            format!("{net}.{}", 10 + id),
            "broker,controller",
            &quorum,
            "",
        );
        self.nodes.push(node);
        let at = self.nodes.len() - 1;
        self.format(at, &["--no-initial-controllers"]);
        self.restart(at);
        at
    }

    /// Moves node `at` to another address before it starts (its config must say so too):
    /// for tests given addresses outside the helper's `<net>.<10 + id>` scheme.
    pub(crate) fn set_ip(&mut self, at: usize, ip: &str) {
        self.nodes[at].ip = ip.to_string();
    }

    /// Waits for a line of node `at`'s output containing `text`.
    pub(crate) fn wait_for_line(&mut self, at: usize, text: &str, timeout: Duration) -> bool {
        let process = self.nodes[at].process.as_mut().expect("running");
        process.wait_for_line(text, timeout)
    }

    pub(crate) fn format(&self, at: usize, args: &[&str]) {
        let node = &self.nodes[at];
        let out = sluice()
            .args(["format", "--config"])
            .arg(&node.config)
            .args(["--cluster-id", &self.cluster_id])
            .args(args)
            .output()
            .expect("sluice format");
        assert!(out.status.success(), "{}", harness::describe(&out));
    }

    pub(crate) fn spawn(&mut self, at: usize) {
        let node = &mut self.nodes[at];
        assert!(node.process.is_none(), "node {} runs already", node.id);
        let mut cmd = sluice();
        cmd.args(["start", "--config"])
            .arg(&node.config)
            .env("SLUICE_FAILPOINT_CUT_PEERS_FILE", &node.cut)
            .env("SLUICE_FAILPOINT_MUTE_HEARTBEATS_FILE", &node.mute);
        if let Some(log) = &node.sync_log {
            cmd.env("SLUICE_FAILPOINT_SYNC_LOG", log);
        }
        node.process = Some(Raw::run(cmd));
    }

    pub(crate) fn wait_started(&mut self, at: usize) {
        let node = &mut self.nodes[at];
        let process = node.process.as_mut().expect("running");
        if !process.wait_for_line("sluice started", Duration::from_secs(30)) {
            let (status, lines) = node.process.take().expect("running").finish(STOP_MAX);
            panic!(
                "node {} did not start ({status:?}); its output:\n{}",
                node.id,
                lines.join("\n")
            );
        }
    }

    pub(crate) fn restart(&mut self, at: usize) {
        self.spawn(at);
        self.wait_started(at);
    }

    /// Every node started from now on records what it made durable in a file of its own
    /// (`SLUICE_FAILPOINT_SYNC_LOG`, read by `power_loss::simulate`).
    pub(crate) fn record_syncs(&mut self) {
        for node in &mut self.nodes {
            node.sync_log = Some(node.data.with_file_name("sync-log"));
        }
    }

    /// SIGKILL to every running node at once (as a power cut would stop them), then waits
    /// until each is gone.
    pub(crate) fn kill9_all(&mut self) {
        let running: Vec<usize> = (0..self.nodes.len())
            .filter(|at| self.nodes[*at].process.is_some())
            .collect();
        for &at in &running {
            self.signal(at, libc::SIGKILL);
        }
        for at in running {
            self.kill9(at);
        }
    }

    /// SIGKILL, then waits until the node's listeners are gone (a restart binds them again).
    pub(crate) fn kill9(&mut self, at: usize) {
        let node = &mut self.nodes[at];
        let process = node.process.take().expect("running");
        process.signal(libc::SIGKILL);
        let (status, _) = process.finish(Duration::from_secs(10));
        assert!(status.is_some(), "node {} did not die", node.id);
        let deadline = Instant::now() + Duration::from_secs(10);
        while listening_on(&node.ip, CLIENT_PORT) || listening_on(&node.ip, CONTROLLER_PORT) {
            assert!(Instant::now() < deadline, "node {} still listens", node.id);
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// SIGTERM, then waits for a clean exit (status 0); answers the node's output.
    pub(crate) fn stop(&mut self, at: usize) -> Vec<String> {
        let node = &mut self.nodes[at];
        let process = node.process.take().expect("running");
        process.signal(libc::SIGTERM);
        let (status, lines) = process.finish(Duration::from_secs(30));
        assert!(
            status.is_some_and(|s| s.success()),
            "node {} did not stop cleanly: {status:?}\n{}",
            node.id,
            lines.join("\n")
        );
        lines
    }

    /// Cuts node `at` off from every other node, both ways (a network partition).
    pub(crate) fn isolate(&self, at: usize) {
        let id = self.nodes[at].id;
        for (other, node) in self.nodes.iter().enumerate() {
            let cut: Vec<String> = if other == at {
                self.nodes
                    .iter()
                    .filter(|n| n.id != id)
                    .map(|n| n.id.to_string())
                    .collect()
            } else {
                vec![id.to_string()]
            };
            std::fs::write(&node.cut, cut.join("\n")).unwrap();
        }
    }

    /// Stops (`true`) or resumes node `at`'s heartbeats to the controller; its metadata still
    /// arrives, so it learns that the controller fenced it.
    pub(crate) fn mute_heartbeats(&self, at: usize, muted: bool) {
        std::fs::write(&self.nodes[at].mute, if muted { "muted" } else { "" }).unwrap();
    }

    /// Ends every partition.
    pub(crate) fn heal(&self) {
        for node in &self.nodes {
            std::fs::write(&node.cut, "").unwrap();
        }
    }

    pub(crate) fn signal(&self, at: usize, signal: libc::c_int) {
        self.nodes[at]
            .process
            .as_ref()
            .expect("running")
            .signal(signal);
    }

    /// The brokers node `at` lists (Metadata v1).
    fn listed_brokers(&self, at: usize) -> Option<BTreeSet<i32>> {
        let mut wire = Wire::try_connect(&self.nodes[at].bootstrap()).ok()?;
        wire.set_read_timeout(Duration::from_secs(5));
        wire.send(1, &MetadataRequest::default().with_topics(Some(Vec::new())));
        let mut frame = wire.try_recv_frame()?;
        ResponseHeader::decode(&mut frame, 0).ok()?;
        let response = MetadataResponse::decode(&mut frame, 1).ok()?;
        Some(response.brokers.iter().map(|b| b.node_id.0).collect())
    }

    /// Waits until node `at` lists exactly the brokers `ids`.
    pub(crate) fn wait_brokers(&self, at: usize, ids: &[i32]) {
        let wanted: BTreeSet<i32> = ids.iter().copied().collect();
        let deadline = Instant::now() + ELECTION_MAX;
        loop {
            let listed = self.listed_brokers(at);
            if listed.as_ref() == Some(&wanted) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "node {} lists brokers {listed:?}, not {wanted:?}",
                self.nodes[at].id
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The leader of each partition of `topic` as node `at` answers Metadata v1.
    fn leaders(&self, at: usize, topic: &str) -> Vec<i32> {
        let mut wire = Wire::connect(&self.nodes[at].bootstrap());
        let response = wire.call(
            1,
            &MetadataRequest::default().with_topics(Some(vec![
                kafka_protocol::messages::metadata_request::MetadataRequestTopic::default()
                    .with_name(Some(TopicName(StrBytes::from_string(topic.to_string())))),
            ])),
        );
        let mut partitions: Vec<(i32, i32)> = response.topics[0]
            .partitions
            .iter()
            .map(|p| (p.partition_index, p.leader_id.0))
            .collect();
        partitions.sort_unstable();
        partitions.into_iter().map(|(_, leader)| leader).collect()
    }

    /// What node `at` names as controller and the topics it lists (Metadata v1).
    pub(crate) fn view(&self, at: usize) -> Option<(i32, BTreeSet<String>)> {
        let mut wire = Wire::try_connect(&self.nodes[at].bootstrap()).ok()?;
        wire.set_read_timeout(Duration::from_secs(5));
        wire.send(1, &MetadataRequest::default().with_topics(None));
        let mut frame = wire.try_recv_frame()?;
        ResponseHeader::decode(&mut frame, 0).ok()?;
        let response = MetadataResponse::decode(&mut frame, 1).ok()?;
        let topics = response
            .topics
            .iter()
            .filter_map(|t| t.name.as_ref().map(|n| n.0.to_string()))
            .collect();
        Some((response.controller_id.0, topics))
    }

    /// Waits until the nodes `among` all name the same controller, one of them; returns its
    /// index.
    pub(crate) fn wait_leader(&self, among: &[usize]) -> usize {
        let deadline = Instant::now() + ELECTION_MAX;
        loop {
            let views: Vec<Option<i32>> = among
                .iter()
                .map(|&at| self.view(at).map(|(c, _)| c))
                .collect();
            if let Some(Some(leader)) = views.first() {
                let agreed = views.iter().all(|v| *v == Some(*leader));
                if let Some(at) = among.iter().find(|&&at| self.nodes[at].id == *leader) {
                    if agreed {
                        return *at;
                    }
                }
            }
            assert!(
                Instant::now() < deadline,
                "no agreed controller among nodes {among:?} within {ELECTION_MAX:?}: {views:?}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits until node `at` lists every topic in `topics`.
    pub(crate) fn wait_lists(&self, at: usize, topics: &BTreeSet<String>) {
        let deadline = Instant::now() + ELECTION_MAX;
        loop {
            let listed = self.view(at).map(|(_, t)| t).unwrap_or_default();
            if topics.is_subset(&listed) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "node {} lists {listed:?}, not all of {topics:?}",
                self.nodes[at].id
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub(crate) fn java_tool(&self, at: usize, class: &str, args: &[&str]) -> String {
        let mut cmd = crate::java_tools::tool_at(&self.nodes[at].bootstrap(), class);
        cmd.args(args);
        let out = harness::run(&mut cmd, TOOL_TIMEOUT);
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    }

    /// kafka-topics --create through node `at`.
    pub(crate) fn create_topic(&self, at: usize, topic: &str) {
        let out = self.java_tool(
            at,
            "org.apache.kafka.tools.TopicCommand",
            &["--create", "--topic", topic, "--partitions", "2"],
        );
        assert!(
            out.contains(&format!("Created topic {topic}.")),
            "creating {topic} through node {}: {out}",
            self.nodes[at].id
        );
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        for node in &mut self.nodes {
            if let Some(process) = node.process.take() {
                process.signal(libc::SIGKILL);
                let _ = process.finish(Duration::from_secs(5));
            }
        }
    }
}

/// Whether something listens on `ip:port` (IPv4, from /proc/net/tcp).
fn listening_on(ip: &str, port: u16) -> bool {
    let octets: Vec<u8> = ip.split('.').map(|o| o.parse().unwrap()).collect();
    let hex = format!(
        "{:02X}{:02X}{:02X}{:02X}:{port:04X}",
        octets[3], octets[2], octets[1], octets[0]
    );
    std::fs::read_to_string("/proc/net/tcp")
        .unwrap_or_default()
        .lines()
        .skip(1)
        .any(|row| {
            let fields: Vec<&str> = row.split_whitespace().collect();
            fields.get(1) == Some(&hex.as_str()) && fields.get(3) == Some(&"0A")
        })
}

#[test]
fn three_nodes_survive_kill9_of_each_node_in_turn() {
    if against_kafka() {
        return; // Sluice's own processes and format
    }
    let mut cluster = Cluster::start(3, 21);
    let all: Vec<usize> = (0..3).collect();
    cluster.wait_leader(&all);
    let mut topics = BTreeSet::new();
    for victim in 0..3 {
        let leader = cluster.wait_leader(&all);
        cluster.kill9(victim);
        let survivors: Vec<usize> = all.iter().copied().filter(|&at| at != victim).collect();
        let new_leader = cluster.wait_leader(&survivors);
        if victim == leader {
            assert_ne!(new_leader, victim);
        }
        // Admin requests succeed through a survivor that does not lead (forwarded).
        let asked = *survivors.iter().find(|&&at| at != new_leader).unwrap();
        let topic = format!("after-kill-{victim}");
        cluster.create_topic(asked, &topic);
        topics.insert(topic);
        for &at in &survivors {
            cluster.wait_lists(at, &topics);
        }
        cluster.restart(victim);
        cluster.wait_lists(victim, &topics);
        cluster.wait_leader(&all);
    }
    let status = cluster.java_tool(
        0,
        "org.apache.kafka.tools.MetadataQuorumCommand",
        &["describe", "--status"],
    );
    assert!(
        status.contains(&format!("ClusterId:              {}", cluster.cluster_id)),
        "{status}"
    );
    for id in 1..=3 {
        assert!(
            status.contains(&format!("{{\"id\": {id}, \"endpoints\"")),
            "voter {id} in {status}"
        );
    }
}

#[test]
fn a_paused_leader_steps_down_and_the_others_go_on() {
    if against_kafka() {
        return;
    }
    let mut cluster = Cluster::start(3, 22);
    let all: Vec<usize> = (0..3).collect();
    let leader = cluster.wait_leader(&all);
    cluster.signal(leader, libc::SIGSTOP);
    let others: Vec<usize> = all.iter().copied().filter(|&at| at != leader).collect();
    let new_leader = cluster.wait_leader(&others);
    assert_ne!(new_leader, leader);
    cluster.create_topic(new_leader, "while-paused");
    // A request waits in the paused ex-leader's socket: when it resumes it may still believe it
    // leads. Whatever it answers, it must not commit anything of its own term.
    let mut stale = Wire::connect(&cluster.nodes[leader].bootstrap());
    let sent = stale.send(
        5,
        &CreateTopicsRequest::default()
            .with_topics(vec![CreatableTopic::default()
                .with_name(TopicName(StrBytes::from_static_str("from-stale-leader")))
                .with_num_partitions(1)
                .with_replication_factor(1)])
            .with_timeout_ms(15_000),
    );
    cluster.signal(leader, libc::SIGCONT);
    let (got, answer) = stale.recv::<CreateTopicsRequest>(5);
    assert_eq!(got, sent);
    // The old leader rejoins as a follower: it names the new leader and has what it missed.
    let topics = BTreeSet::from(["while-paused".to_string()]);
    cluster.wait_lists(leader, &topics);
    assert_eq!(cluster.wait_leader(&all), new_leader);
    // Refused (the usual case), the topic exists nowhere; accepted (forwarded once it learned of
    // the new leader), it exists everywhere.
    let accepted = answer.topics[0].error_code == 0;
    cluster.create_topic(new_leader, "after-resume");
    let after = BTreeSet::from(["after-resume".to_string()]);
    for &at in &all {
        if accepted {
            cluster.wait_lists(at, &BTreeSet::from(["from-stale-leader".to_string()]));
        } else {
            // Its fate was decided before the answer; a change made after that commits after
            // it, so once that change is everywhere, a committed stale entry would be too.
            cluster.wait_lists(at, &after);
            let listed = cluster.view(at).expect("metadata").1;
            assert!(
                !listed.contains("from-stale-leader"),
                "node {}: {answer:?} but lists {listed:?}",
                cluster.nodes[at].id
            );
        }
    }
    // A node that lost its disk rejoins: formatted again, it catches up from the others.
    let follower = *others.iter().find(|&&at| at != new_leader).unwrap();
    cluster.kill9(follower);
    std::fs::remove_dir_all(&cluster.nodes[follower].data).unwrap();
    cluster.format(follower, &[]);
    cluster.restart(follower);
    cluster.wait_lists(follower, &topics);
    cluster.wait_leader(&all);
}

#[test]
fn any_node_answers_admin_requests_and_producer_ids() {
    if against_kafka() {
        return;
    }
    let cluster = Cluster::start(3, 23);
    let all: Vec<usize> = (0..3).collect();
    let leader = cluster.wait_leader(&all);
    // Partitions go to registered brokers: wait until every node is.
    for &at in &all {
        cluster.wait_brokers(at, &[1, 2, 3]);
    }
    for at in all.iter().copied().filter(|&at| at != leader) {
        let topic = format!("via-node-{}", cluster.nodes[at].id);
        let mut wire = Wire::connect(&cluster.nodes[at].bootstrap());
        let created = wire.call(
            5,
            &CreateTopicsRequest::default()
                .with_topics(vec![CreatableTopic::default()
                    .with_name(TopicName(StrBytes::from_string(topic.clone())))
                    .with_num_partitions(3)
                    .with_replication_factor(1)])
                .with_timeout_ms(15_000),
        );
        assert_eq!(created.topics[0].error_code, 0, "{created:?}");
        // Read-your-writes on the broker asked: the answer came after it applied the change.
        let (_, listed) = cluster.view(at).expect("metadata");
        assert!(listed.contains(&topic), "{listed:?}");
        // The partitions spread over the three brokers, one leader each.
        let leaders: BTreeSet<i32> = cluster.leaders(at, &topic).into_iter().collect();
        assert_eq!(leaders, BTreeSet::from([1, 2, 3]), "{topic}");
        let pid = wire.call(
            1,
            &InitProducerIdRequest::default()
                .with_transactional_id(None)
                .with_transaction_timeout_ms(-1)
                .with_producer_id((-1).into())
                .with_producer_epoch(-1),
        );
        assert_eq!(pid.error_code, 0, "{pid:?}");
        assert!(pid.producer_id.0 >= 0, "{pid:?}");
        // UpdateFeatures goes to the active controller too: the same level is accepted, a
        // metadata.version downgrade refused with Kafka's words.
        let update = |level: i16, upgrade_type: i8| {
            UpdateFeaturesRequest::default()
                .with_timeout_ms(15_000)
                .with_feature_updates(vec![FeatureUpdateKey::default()
                    .with_feature(StrBytes::from_static_str("metadata.version"))
                    .with_max_version_level(level)
                    .with_upgrade_type(upgrade_type)])
        };
        let same = wire.call(1, &update(30, 1));
        assert_eq!(same.error_code, 0, "{same:?}");
        let down = wire.call(1, &update(21, 2));
        assert_eq!(down.error_code, 95, "INVALID_UPDATE_VERSION: {down:?}");
        assert!(
            down.error_message
                .as_ref()
                .is_some_and(|m| m.contains("Refusing to perform the requested downgrade")),
            "{down:?}"
        );
    }
}

#[test]
fn a_silent_broker_is_fenced_and_unfenced_when_it_returns() {
    if against_kafka() {
        return;
    }
    let mut cluster = Cluster::start_with(
        3,
        24,
        "broker.session.timeout.ms=1500\nbroker.heartbeat.interval.ms=300\nbroker.rack=rack-a",
    );
    let all: Vec<usize> = (0..3).collect();
    let leader = cluster.wait_leader(&all);
    for &at in &all {
        cluster.wait_brokers(at, &[1, 2, 3]);
    }
    // Every broker is listed with the rack it registered (`broker.rack`).
    let mut wire = Wire::connect(&cluster.nodes[0].bootstrap());
    let metadata = wire.call(1, &MetadataRequest::default().with_topics(Some(Vec::new())));
    assert_eq!(metadata.brokers.len(), 3, "{metadata:?}");
    for b in &metadata.brokers {
        assert_eq!(b.rack.as_deref(), Some("rack-a"), "{metadata:?}");
    }
    let follower = *all.iter().find(|&&at| at != leader).unwrap();
    let gone = cluster.nodes[follower].id;
    cluster.kill9(follower);
    let others: Vec<i32> = (1..=3).filter(|&id| id != gone).collect();
    for &at in all.iter().filter(|&&at| at != follower) {
        cluster.wait_brokers(at, &others);
    }
    cluster.restart(follower);
    for &at in &all {
        cluster.wait_brokers(at, &[1, 2, 3]);
    }
}

#[test]
fn five_nodes_keep_serving_with_two_down() {
    if against_kafka() {
        return;
    }
    let mut cluster = Cluster::start(5, 25);
    let all: Vec<usize> = (0..5).collect();
    let leader = cluster.wait_leader(&all);
    // The leader and one follower die at once: three of five voters remain, a majority.
    let follower = *all.iter().find(|&&at| at != leader).unwrap();
    cluster.kill9(leader);
    cluster.kill9(follower);
    let survivors: Vec<usize> = all
        .iter()
        .copied()
        .filter(|&at| at != leader && at != follower)
        .collect();
    let new_leader = cluster.wait_leader(&survivors);
    let asked = *survivors.iter().find(|&&at| at != new_leader).unwrap();
    cluster.create_topic(asked, "two-down");
    let topics = BTreeSet::from(["two-down".to_string()]);
    for &at in &survivors {
        cluster.wait_lists(at, &topics);
    }
    cluster.restart(leader);
    cluster.restart(follower);
    cluster.wait_lists(leader, &topics);
    cluster.wait_lists(follower, &topics);
    cluster.wait_leader(&all);
}

#[test]
fn a_rolling_restart_keeps_admin_requests_served() {
    if against_kafka() {
        return;
    }
    let mut cluster = Cluster::start(3, 26);
    let all: Vec<usize> = (0..3).collect();
    cluster.wait_leader(&all);
    let mut topics = BTreeSet::new();
    for at in 0..3 {
        // A clean stop (SIGTERM) of each node in turn, as an operator upgrades a cluster.
        cluster.stop(at);
        let others: Vec<usize> = all.iter().copied().filter(|&o| o != at).collect();
        cluster.wait_leader(&others);
        let topic = format!("rolled-{at}");
        cluster.create_topic(others[0], &topic);
        topics.insert(topic);
        cluster.restart(at);
        cluster.wait_lists(at, &topics);
        cluster.wait_leader(&all);
    }
}

/// The `LeaderId` kafka-metadata-quorum reports through broker `at`.
fn quorum_leader(cluster: &Cluster, at: usize) -> i32 {
    let status = cluster.java_tool(
        at,
        "org.apache.kafka.tools.MetadataQuorumCommand",
        &["describe", "--status"],
    );
    status
        .lines()
        .find_map(|l| l.strip_prefix("LeaderId:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| panic!("no LeaderId in:\n{status}"))
}

#[test]
fn separate_controllers_and_brokers_as_kafka_deploys_them() {
    if against_kafka() {
        return;
    }
    // Nodes 1-3: process.roles=controller; nodes 4-5: process.roles=broker.
    let mut cluster = Cluster::start_roles(3, 2, 27, "");
    let (b4, b5) = (3, 4);
    // Brokers register and follow the metadata log as observers; controllers are not brokers.
    cluster.wait_brokers(b4, &[4, 5]);
    cluster.wait_brokers(b5, &[4, 5]);
    let status = cluster.java_tool(
        b4,
        "org.apache.kafka.tools.MetadataQuorumCommand",
        &["describe", "--status"],
    );
    assert!(
        status.contains("CurrentObservers:       [{\"id\": 4}, {\"id\": 5}]"),
        "{status}"
    );
    cluster.create_topic(b4, "on-brokers");
    let leaders: BTreeSet<i32> = cluster.leaders(b5, "on-brokers").into_iter().collect();
    assert_eq!(leaders, BTreeSet::from([4, 5]));
    // The active controller dies: another one takes over and the brokers go on.
    let leader = quorum_leader(&cluster, b4);
    assert!((1..=3).contains(&leader), "{leader}");
    cluster.kill9((leader - 1) as usize);
    cluster.create_topic(b5, "after-failover");
    let topics = BTreeSet::from(["on-brokers".to_string(), "after-failover".to_string()]);
    cluster.wait_lists(b4, &topics);
    cluster.wait_lists(b5, &topics);
    let new_leader = quorum_leader(&cluster, b5);
    assert!(
        new_leader != leader && (1..=3).contains(&new_leader),
        "{new_leader}"
    );
}

#[test]
fn a_partitioned_minority_cannot_commit_and_the_cluster_heals() {
    if against_kafka() {
        return;
    }
    let cluster = Cluster::start(3, 28);
    let all: Vec<usize> = (0..3).collect();
    let leader = cluster.wait_leader(&all);
    for &at in &all {
        cluster.wait_brokers(at, &[1, 2, 3]);
    }
    // The leader is cut off from both others (a failpoint drops every message both ways).
    cluster.isolate(leader);
    let majority: Vec<usize> = all.iter().copied().filter(|&at| at != leader).collect();
    let new_leader = cluster.wait_leader(&majority);
    assert_ne!(new_leader, leader);
    cluster.create_topic(majority[0], "in-majority");
    // The minority cannot commit: its ex-leader steps down (check-quorum) and refuses.
    let mut wire = Wire::connect(&cluster.nodes[leader].bootstrap());
    let refused = wire.call(
        5,
        &CreateTopicsRequest::default()
            .with_topics(vec![CreatableTopic::default()
                .with_name(TopicName(StrBytes::from_static_str("in-minority")))
                .with_num_partitions(1)
                .with_replication_factor(1)])
            .with_timeout_ms(15_000),
    );
    assert_ne!(refused.topics[0].error_code, 0, "{refused:?}");
    // Healed, the ex-leader follows the new one and has what the majority committed; what the
    // minority was asked exists nowhere.
    cluster.heal();
    assert_eq!(cluster.wait_leader(&all), new_leader);
    let committed = BTreeSet::from(["in-majority".to_string()]);
    for &at in &all {
        cluster.wait_lists(at, &committed);
        let listed = cluster.view(at).expect("metadata").1;
        assert!(!listed.contains("in-minority"), "{listed:?}");
    }
}

impl Cluster {
    /// The `directory.id` `sluice format` wrote for node `at`.
    fn directory_id(&self, at: usize) -> String {
        let meta = std::fs::read_to_string(self.nodes[at].data.join("meta.properties"))
            .expect("meta.properties");
        meta.lines()
            .find_map(|l| l.strip_prefix("directory.id="))
            .expect("a directory.id")
            .to_string()
    }

    /// kafka-metadata-quorum through node `at`: its output, whether it succeeded or not.
    fn metadata_quorum(&self, at: usize, args: &[&str]) -> String {
        let mut cmd = crate::java_tools::tool_at(
            &self.nodes[at].bootstrap(),
            "org.apache.kafka.tools.MetadataQuorumCommand",
        );
        cmd.args(args);
        let out = harness::try_run(&mut cmd, None, TOOL_TIMEOUT);
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    }

    /// `kafka-metadata-quorum add-controller` for node `node` (its own server.properties as
    /// the command config, as Kafka's docs do it), through node `through`.
    fn add_controller(&self, through: usize, node: usize) -> String {
        let config = self.nodes[node].config.display().to_string();
        self.metadata_quorum(through, &["--command-config", &config, "add-controller"])
    }

    /// Waits until `describe --status` through node `at` lists exactly the voters `ids` and
    /// returns its output.
    fn wait_voters(&self, at: usize, ids: &[i32]) -> String {
        let deadline = Instant::now() + ELECTION_MAX;
        loop {
            let status = self.metadata_quorum(at, &["describe", "--status"]);
            let voters = status
                .lines()
                .find_map(|l| l.strip_prefix("CurrentVoters:"))
                .unwrap_or_default()
                .to_string();
            let listed: Vec<i32> = voters
                .split("\"id\": ")
                .skip(1)
                .filter_map(|v| v.split(',').next()?.parse().ok())
                .collect();
            if listed == ids {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "node {} lists voters {listed:?}, not {ids:?}:\n{status}",
                self.nodes[at].id
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

#[test]
fn a_dynamic_quorum_grows_and_shrinks_with_kafkas_tool() {
    if against_kafka() {
        return;
    }
    // Node 1 alone votes (--standalone); nodes 2 and 3 follow as observers until added.
    let mut cluster = Cluster::start_dynamic(3, 29);
    let all: Vec<usize> = (0..3).collect();
    for &at in &all {
        cluster.wait_brokers(at, &[1, 2, 3]);
    }
    let status = cluster.wait_voters(1, &[1]);
    assert!(
        status.contains(&format!(
            "\"id\": 1, \"directoryId\": \"{}\"",
            cluster.directory_id(0)
        )) && status.contains("CONTROLLER://127.0.29.11:19093"),
        "{status}"
    );

    // Added through a broker (forwarded to the active controller) and through the controller
    // listener (`--bootstrap-controller`, as Kafka's docs do it), each once caught up.
    for (through, node) in [(1, 1), (0, 2)] {
        let added = if node == 1 {
            cluster.add_controller(through, node)
        } else {
            let config = cluster.nodes[node].config.display().to_string();
            let controller = format!("{}:{CONTROLLER_PORT}", cluster.nodes[through].ip);
            let mut cmd = crate::java_tools::tool_bootstrap(
                "--bootstrap-controller",
                &controller,
                "org.apache.kafka.tools.MetadataQuorumCommand",
            );
            cmd.args(["--command-config", &config, "add-controller"]);
            let out = harness::try_run(&mut cmd, None, TOOL_TIMEOUT);
            harness::describe(&out)
        };
        let expected = format!(
            "Added controller {} with directory id {} and endpoints: CONTROLLER://127.0.29.{}:19093",
            node + 1,
            cluster.directory_id(node),
            11 + node
        );
        assert!(added.contains(&expected), "{added}");
    }
    let status = cluster.wait_voters(2, &[1, 2, 3]);
    for at in all.iter().copied() {
        let id = format!(
            "\"id\": {}, \"directoryId\": \"{}\"",
            at + 1,
            cluster.directory_id(at)
        );
        assert!(status.contains(&id), "{id} in {status}");
    }
    let again = cluster.add_controller(0, 2);
    assert!(
        again.contains("DuplicateVoterException")
            && again.contains("already part of the set of voters"),
        "{again}"
    );

    // Three voters now: the loss of the active controller elects another.
    let leader = cluster.wait_leader(&all);
    cluster.kill9(leader);
    let survivors: Vec<usize> = all.iter().copied().filter(|&at| at != leader).collect();
    let new_leader = cluster.wait_leader(&survivors);
    cluster.create_topic(survivors[0], "after-failover");
    cluster.restart(leader);
    cluster.wait_lists(leader, &BTreeSet::from(["after-failover".to_string()]));

    // The active controller removes itself: it hands over and follows as an observer.
    let removed_id = (new_leader + 1).to_string();
    let directory = cluster.directory_id(new_leader);
    let removed = cluster.metadata_quorum(
        new_leader,
        &[
            "remove-controller",
            "--controller-id",
            &removed_id,
            "--controller-directory-id",
            &directory,
        ],
    );
    assert!(
        removed.contains(&format!(
            "KRaft controller {removed_id} with directory id {directory}"
        )),
        "{removed}"
    );
    let remaining: Vec<usize> = all.iter().copied().filter(|&at| at != new_leader).collect();
    let mut ids: Vec<i32> = remaining.iter().map(|&at| at as i32 + 1).collect();
    ids.sort_unstable();
    let status = cluster.wait_voters(remaining[0], &ids);
    assert!(
        status.contains(&format!(
            "{{\"id\": {removed_id}, \"directoryId\": \"{directory}\"}}"
        )),
        "the removed controller is an observer: {status}"
    );
    let next = cluster.wait_leader(&remaining);
    assert_ne!(next, new_leader);
    // The removed node still serves as a broker, through the new active controller.
    cluster.create_topic(new_leader, "after-removal");
    let topics = BTreeSet::from(["after-failover".to_string(), "after-removal".to_string()]);
    for &at in &all {
        cluster.wait_lists(at, &topics);
    }
    let gone = cluster.metadata_quorum(
        remaining[0],
        &[
            "remove-controller",
            "--controller-id",
            &removed_id,
            "--controller-directory-id",
            &directory,
        ],
    );
    assert!(gone.contains("VoterNotFoundException"), "{gone}");
}

#[test]
fn a_static_quorum_changes_its_voters_only_once_upgraded() {
    if against_kafka() {
        return;
    }
    let mut cluster = Cluster::start(3, 30);
    let all: Vec<usize> = (0..3).collect();
    cluster.wait_leader(&all);
    let refused = cluster.add_controller(0, 1);
    assert!(
        refused.contains(
            "Cluster doesn't support adding voter because the kraft.version feature is 0"
        ),
        "{refused}"
    );
    // kraft.version 1 makes it dynamic (Kafka 4.1+): a fourth node, formatted without
    // initial controllers and pointed at the others, follows as an observer (its log starts
    // from the leader's snapshot: the static log starts at index 1, with no configuration in
    // it) and is added.
    let upgraded = cluster.java_tool(
        0,
        "org.apache.kafka.tools.FeatureCommand",
        &["upgrade", "--feature", "kraft.version=1"],
    );
    assert!(
        upgraded.contains("kraft.version was upgraded to 1."),
        "{upgraded}"
    );
    let fourth = cluster.add_observer(4);
    let added = cluster.add_controller(fourth, fourth);
    assert!(
        added.contains(&format!(
            "Added controller 4 with directory id {}",
            cluster.directory_id(fourth)
        )),
        "{added}"
    );
    cluster.wait_voters(fourth, &[1, 2, 3, 4]);
    cluster.create_topic(fourth, "after-upgrade");
    let everyone: Vec<usize> = (0..4).collect();
    for &at in &everyone {
        cluster.wait_lists(at, &BTreeSet::from(["after-upgrade".to_string()]));
    }
}

#[test]
fn a_dynamic_quorum_formatted_with_initial_controllers_fails_over() {
    if against_kafka() {
        return;
    }
    let mut cluster = Cluster::start_initial_controllers(3, 35);
    let all: Vec<usize> = (0..3).collect();
    // Every node votes from the start, with the directory id the list gave it.
    let status = cluster.wait_voters(0, &[1, 2, 3]);
    for &at in &all {
        let id = format!(
            "\"id\": {}, \"directoryId\": \"{}\"",
            at + 1,
            cluster.directory_id(at)
        );
        assert!(status.contains(&id), "{id} in {status}");
    }
    let leader = cluster.wait_leader(&all);
    cluster.kill9(leader);
    let survivors: Vec<usize> = all.iter().copied().filter(|&at| at != leader).collect();
    cluster.wait_leader(&survivors);
    cluster.create_topic(survivors[1], "after-failover");
    cluster.restart(leader);
    cluster.wait_lists(leader, &BTreeSet::from(["after-failover".to_string()]));
}

#[test]
fn a_controller_only_observer_stays_reachable_and_joins_the_voters() {
    if against_kafka() {
        return;
    }
    // Node 1 the only voter, node 2 a controller-only observer (it says nothing on its own:
    // no broker heartbeats), node 3 a broker.
    let mut cluster = Cluster::start_dynamic_roles(2, 1, 36);
    let broker = 2;
    cluster.wait_brokers(broker, &[3]);
    // The voter restarts: the observer's connection to it is gone, and the observer must
    // reopen it by itself for the leader to reach it again.
    cluster.kill9(0);
    cluster.restart(0);
    cluster.wait_voters(broker, &[1]);
    cluster.create_topic(broker, "while-observing");
    let added = cluster.add_controller(broker, 1);
    assert!(
        added.contains(&format!(
            "Added controller 2 with directory id {}",
            cluster.directory_id(1)
        )),
        "{added}"
    );
    cluster.wait_voters(broker, &[1, 2]);
    // Two voters now: the first one's loss leaves no majority, its return restores one.
    cluster.kill9(0);
    cluster.restart(0);
    cluster.wait_voters(broker, &[1, 2]);
    cluster.create_topic(broker, "with-two-voters");
}
