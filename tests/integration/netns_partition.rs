//! A real network partition of the metadata quorum (issue 10: "minority cannot commit; heals")
//! and of a replicated partition's leader (issue 11):
//! each node of a 3-node cluster runs in a network namespace of its own, joined to every other
//! node and to the test's client namespace by a veth pair of its own — a cable per pair of
//! machines. A partition puts a `blackhole` qdisc on both ends of the cables it cuts: the kernel
//! drops every packet on them, both ways, silently (as a dead switch port or an iptables DROP
//! does); Sluice is not told and its connections stay open. Healing removes the qdiscs.
//! `cluster.rs` covers the same scenario with a failpoint inside Sluice; this is the one where
//! the cut is in the kernel's network path.
//!
//! The namespaces have no names: file descriptors of this process (and the nodes running in
//! them) hold them, so they disappear with the test however it ends, even on SIGKILL. Nothing
//! is created in, or changed on, the host's own network namespace, and the addresses and ports
//! live only in the test's namespaces, so tests running in parallel never meet. The test's own
//! clients (raw Kafka requests and Kafka's tools) run in the client namespace: the test thread
//! enters it (`setns` moves only the calling thread) and the processes it starts inherit it.
//!
//! Needs root (CAP_SYS_ADMIN and CAP_NET_ADMIN), iproute2 (`ip`, `tc`), the kernel's veth
//! driver and its blackhole qdisc; where one is missing the test fails naming it.

use crate::cluster::Cluster;
use crate::harness::against_kafka;
use crate::wire::Wire;
use kafka_protocol::messages::create_topics_request::CreatableTopic;
use kafka_protocol::messages::{CreateTopicsRequest, TopicName};
use kafka_protocol::protocol::StrBytes;
use std::collections::BTreeSet;
use std::fs::File;
use std::marker::PhantomData;
use std::os::fd::AsRawFd;
use std::process::Command;
use std::time::{Duration, Instant};

/// Node id `n` listens on `<NET>.<10 + n>` (`Cluster::configure`), in its own namespace.
const NET: &str = "10.77.0";
/// The test's clients connect from here.
const CLIENT_IP: &str = "10.77.0.2";
/// What an isolated ex-leader may answer a CreateTopics: it stepped down (check-quorum) and
/// knows no leader, or it still leads and its proposal cannot commit in the request's time.
const NOT_CONTROLLER: i16 = 41;
const REQUEST_TIMED_OUT: i16 = 7;
/// Longest a healed node may take to rejoin. A cut drops packets silently; the controllers
/// drop a connection whose data stays unacknowledged for controller.quorum.fetch.timeout.ms
/// (TCP_USER_TIMEOUT, keepalive) and reconnect, so a rejoin takes about one fetch timeout
/// whatever the partition lasted (measured once, with a 40 s wait added before `heal` in these
/// two tests: 1.2 s after the follower's cut, 0.6 s after the leader's; before that fix, TCP's
/// own back-off made it 12 s and 47 s after 42 s and 113 s cuts). Polled, not slept: a quick
/// rejoin ends the wait at once.
const HEAL_MAX: Duration = Duration::from_secs(30);

/// An unnamed network namespace, alive while this descriptor (or a process inside) is.
struct Netns {
    handle: File,
}

impl Netns {
    fn new() -> Netns {
        // unshare(2) moves only the calling thread: a thread of its own makes the namespace and
        // ends, the descriptor keeps it.
        std::thread::spawn(|| {
            // SAFETY: unshare(2) with CLONE_NEWNET affects only this short-lived thread.
            if unsafe { libc::unshare(libc::CLONE_NEWNET) } != 0 {
                let error = std::io::Error::last_os_error();
                panic!(
                    "cannot create a network namespace: unshare(CLONE_NEWNET): {error}. The \
                     partition tests need root (CAP_SYS_ADMIN) and a kernel with network \
                     namespaces (CONFIG_NET_NS)"
                );
            }
            let handle = File::open("/proc/thread-self/ns/net").expect("open the new namespace");
            Netns { handle }
        })
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    }

    /// A path naming this namespace for `ip ... netns PATH` (valid while this process lives).
    fn path(&self) -> String {
        format!(
            "/proc/{}/fd/{}",
            std::process::id(),
            self.handle.as_raw_fd()
        )
    }

    /// Moves the calling thread into this namespace until the guard drops; what the thread
    /// starts meanwhile (sockets, processes) is in it.
    fn enter(&self) -> Entered {
        let previous = File::open("/proc/thread-self/ns/net").expect("open the thread's namespace");
        setns(&self.handle);
        Entered {
            previous,
            _thread: PhantomData,
        }
    }

    /// Runs `program` in this namespace.
    fn output(&self, program: &str, args: &[&str]) -> std::io::Result<std::process::Output> {
        let _inside = self.enter();
        Command::new(program).args(args).output()
    }

    /// Runs iproute2's `program` (`ip`, `tc`) in this namespace; `needs` names what a failure
    /// means is missing.
    fn run(&self, program: &str, args: &[&str], needs: &str) {
        let output = self.output(program, args).unwrap_or_else(|e| {
            panic!("cannot run `{program}` (iproute2; the partition tests need it): {e}")
        });
        assert!(
            output.status.success(),
            "`{program} {}` failed ({}): {}{}",
            args.join(" "),
            output.status,
            String::from_utf8_lossy(&output.stderr).trim(),
            if needs.is_empty() {
                String::new()
            } else {
                format!(". The partition tests need {needs}")
            }
        );
    }
}

fn setns(namespace: &File) {
    if let Err(error) = try_setns(namespace) {
        panic!("setns(CLONE_NEWNET): {error} (needs root: CAP_SYS_ADMIN)");
    }
}

fn try_setns(namespace: &File) -> std::io::Result<()> {
    // SAFETY: setns(2) on a descriptor of a network namespace; it moves only this thread.
    if unsafe { libc::setns(namespace.as_raw_fd(), libc::CLONE_NEWNET) } == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

/// The calling thread inside a namespace; dropped, it is back where it was.
struct Entered {
    previous: File,
    /// A namespace belongs to a thread: the guard must not move to another.
    _thread: PhantomData<*const ()>,
}

impl Drop for Entered {
    fn drop(&mut self) {
        match try_setns(&self.previous) {
            Ok(()) => {}
            // A second panic while unwinding would abort the whole test binary.
            Err(error) if std::thread::panicking() => {
                eprintln!("cannot leave a test namespace: setns(CLONE_NEWNET): {error}");
            }
            Err(error) => panic!("cannot leave a test namespace: setns(CLONE_NEWNET): {error}"),
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum End {
    Client,
    /// A node by its index in the cluster (node id `at + 1`).
    Node(usize),
}

impl End {
    fn address(self) -> String {
        match self {
            End::Client => CLIENT_IP.to_string(),
            End::Node(at) => format!("{NET}.{}", 11 + at),
        }
    }

    /// The interface that leads to this end, in the namespace of the other end of its cable.
    fn device(self) -> String {
        match self {
            End::Client => "to-client".to_string(),
            End::Node(at) => format!("to-node{}", at + 1),
        }
    }
}

/// The test's network: a namespace per node and one for the clients, a cable (veth pair) between
/// every two of them, addressed point to point (`ip addr add A peer B`, so the route to the
/// other end comes and goes with the address, not with routes of the test's making).
struct Net {
    client: Netns,
    nodes: Vec<Netns>,
    cut: BTreeSet<(End, End)>,
}

impl Net {
    fn new(size: usize) -> Net {
        let net = Net {
            client: Netns::new(),
            nodes: (0..size).map(|_| Netns::new()).collect(),
            cut: BTreeSet::new(),
        };
        net.client.run("ip", &["link", "set", "lo", "up"], "");
        for node in &net.nodes {
            node.run("ip", &["link", "set", "lo", "up"], "");
        }
        for a in 0..size {
            net.cable(End::Client, End::Node(a));
            for b in a + 1..size {
                net.cable(End::Node(a), End::Node(b));
            }
        }
        // Check the cut works here before any node starts: a missing qdisc fails now, by name.
        let probe = End::Client.device();
        let needs = "tc (iproute2) and the kernel's blackhole qdisc (CONFIG_NET_SCH_BLACKHOLE)";
        let args = ["qdisc", "replace", "dev", &probe, "root", "blackhole"];
        net.nodes[0].run("tc", &args, needs);
        net.nodes[0].run("tc", &["qdisc", "del", "dev", &probe, "root"], needs);
        net
    }

    fn ns(&self, end: End) -> &Netns {
        match end {
            End::Client => &self.client,
            End::Node(at) => &self.nodes[at],
        }
    }

    fn cable(&self, a: End, b: End) {
        let (from, to) = (self.ns(a), self.ns(b));
        let path = to.path();
        let args = [
            "link",
            "add",
            &b.device(),
            "type",
            "veth",
            "peer",
            "name",
            &a.device(),
            "netns",
            &path,
        ];
        from.run("ip", &args, "the kernel's veth driver (CONFIG_VETH)");
        for (here, there) in [(a, b), (b, a)] {
            let (local, peer, dev) = (here.address(), there.address() + "/32", there.device());
            let ns = self.ns(here);
            ns.run(
                "ip",
                &["addr", "add", &local, "peer", &peer, "dev", &dev],
                "",
            );
            ns.run("ip", &["link", "set", &dev, "up"], "");
        }
    }

    /// Drops every packet between `a` and `b`, both ways, in the kernel.
    fn cut(&mut self, a: End, b: End) {
        for (here, there) in [(a, b), (b, a)] {
            let dev = there.device();
            let args = ["qdisc", "replace", "dev", &dev, "root", "blackhole"];
            self.ns(here).run("tc", &args, "");
        }
        self.cut.insert((a.min(b), a.max(b)));
    }

    /// Cuts node `at` off from every other node; the clients still reach it.
    fn isolate(&mut self, at: usize) {
        for other in 0..self.nodes.len() {
            if other != at {
                self.cut(End::Node(at), End::Node(other));
            }
        }
    }

    /// Ends every cut.
    fn heal(&mut self) {
        for (a, b) in std::mem::take(&mut self.cut) {
            for (here, there) in [(a, b), (b, a)] {
                let dev = there.device();
                self.ns(here)
                    .run("tc", &["qdisc", "del", "dev", &dev, "root"], "");
            }
        }
    }

    /// Each namespace's addresses, qdiscs and TCP sockets (with their processes), for a
    /// failure message.
    fn describe(&self) -> String {
        let mut ends = vec![End::Client];
        ends.extend((0..self.nodes.len()).map(End::Node));
        let mut text = format!("network (cut: {:?}):\n", self.cut);
        for end in ends {
            text += &format!("--- {end:?}\n");
            for (program, args) in [
                ("ip", &["-br", "addr"][..]),
                ("tc", &["qdisc", "show"][..]),
                ("ss", &["-tanp", "exclude", "time-wait"][..]),
            ] {
                match self.ns(end).output(program, args) {
                    Ok(out) => text += &String::from_utf8_lossy(&out.stdout),
                    Err(e) => text += &format!("{program}: {e}\n"),
                }
            }
        }
        text
    }
}

/// A cluster of `size` combined broker+controller nodes, each started in its namespace of
/// `net`. Dropped while a test panics, it first prints the network's state; then the nodes are
/// killed (`Cluster`) and the namespaces go with the last descriptor (`Net`).
struct Partitionable {
    cluster: Cluster,
    net: Net,
}

impl Partitionable {
    fn start(size: usize) -> Partitionable {
        Partitionable::start_with(size, "")
    }

    /// As `start`, with `extra` lines in every node's server.properties.
    fn start_with(size: usize, extra: &str) -> Partitionable {
        let net = Net::new(size);
        let mut cluster = Cluster::configure(i32::try_from(size).unwrap(), 0, NET, extra, false);
        for at in 0..size {
            cluster.format(at, &[]);
        }
        for at in 0..size {
            // The node inherits the namespace of the thread that starts it.
            let _inside = net.nodes[at].enter();
            cluster.spawn(at);
        }
        for at in 0..size {
            cluster.wait_started(at);
        }
        Partitionable { cluster, net }
    }
}

impl Drop for Partitionable {
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!("{}", self.net.describe());
        }
    }
}

/// Polls until every node in `among` names `leader`'s id as controller and lists `topics`,
/// within `HEAL_MAX`; returns how long that took.
fn wait_converged(cluster: &Cluster, among: &[usize], leader: usize, topics: &[&str]) -> Duration {
    let start = Instant::now();
    let leader_id = cluster.nodes[leader].id;
    loop {
        let views: Vec<_> = among.iter().map(|&at| cluster.view(at)).collect();
        let done = views.iter().all(|view| {
            view.as_ref().is_some_and(|(controller, listed)| {
                *controller == leader_id && topics.iter().all(|t| listed.contains(*t))
            })
        });
        if done {
            return start.elapsed();
        }
        assert!(
            start.elapsed() < HEAL_MAX,
            "nodes {among:?} did not all name node {leader_id} as controller and list \
             {topics:?} within {HEAL_MAX:?}: {views:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A CreateTopics sent over the wire to node `at` (the harness's Kafka-protocol client).
fn create_topics_via(cluster: &Cluster, at: usize, topic: &str) -> i16 {
    let mut wire = Wire::connect(&cluster.nodes[at].bootstrap());
    let answer = wire.call(
        5,
        &CreateTopicsRequest::default()
            .with_topics(vec![CreatableTopic::default()
                .with_name(TopicName(StrBytes::from_string(topic.to_string())))
                .with_num_partitions(1)
                .with_replication_factor(1)])
            .with_timeout_ms(15_000),
    );
    answer.topics[0].error_code
}

fn listed(cluster: &Cluster, at: usize) -> BTreeSet<String> {
    cluster.view(at).expect("metadata").1
}

#[test]
fn a_leader_cut_off_by_the_network_cannot_commit_and_the_cluster_heals() {
    if against_kafka() {
        return; // Sluice's own processes and format
    }
    let mut test = Partitionable::start(3);
    let (cluster, net) = (&test.cluster, &mut test.net);
    let _client = net.client.enter();
    let all: Vec<usize> = (0..3).collect();
    let leader = cluster.wait_leader(&all);
    for &at in &all {
        cluster.wait_brokers(at, &[1, 2, 3]);
    }
    // The leader's cables to both others are cut; the clients still reach every node.
    net.isolate(leader);
    let cut_at = Instant::now();
    let majority: Vec<usize> = all.iter().copied().filter(|&at| at != leader).collect();
    let new_leader = cluster.wait_leader(&majority);
    assert_ne!(new_leader, leader);
    let elected = cut_at.elapsed();
    // The majority commits, through the node that does not lead it (forwarded to its leader).
    let asked = *majority.iter().find(|&&at| at != new_leader).unwrap();
    cluster.create_topic(asked, "in-majority");
    // The minority cannot commit: the ex-leader refuses (it stepped down: check-quorum), and
    // nothing of what the majority committed reaches it while the cut lasts.
    let refused = create_topics_via(cluster, leader, "in-minority");
    assert!(
        [NOT_CONTROLLER, REQUEST_TIMED_OUT].contains(&refused),
        "the isolated ex-leader answered error {refused} to a CreateTopics"
    );
    let seen = listed(cluster, leader);
    assert!(!seen.contains("in-majority"), "through the cut: {seen:?}");
    // Healed: the ex-leader follows the new leader and has what the majority committed.
    let partitioned = cut_at.elapsed();
    net.heal();
    let healed = wait_converged(cluster, &all, new_leader, &["in-majority"]);
    // It forwards again, and a change made through it commits after anything of the minority
    // could have: once that is everywhere, the refused topic would be too had it committed.
    cluster.create_topic(leader, "after-heal");
    wait_converged(cluster, &all, new_leader, &["in-majority", "after-heal"]);
    for &at in &all {
        let seen = listed(cluster, at);
        assert!(!seen.contains("in-minority"), "node {at}: {seen:?}");
    }
    eprintln!(
        "leader cut: new leader in {elected:?}, the ex-leader answered error {refused}, partition lasted {partitioned:?}, \
         every node converged {healed:?} after the heal"
    );
}

#[test]
fn a_follower_cut_off_by_the_network_catches_up_when_it_heals() {
    if against_kafka() {
        return;
    }
    let mut test = Partitionable::start(3);
    let (cluster, net) = (&test.cluster, &mut test.net);
    let _client = net.client.enter();
    let all: Vec<usize> = (0..3).collect();
    let leader = cluster.wait_leader(&all);
    for &at in &all {
        cluster.wait_brokers(at, &[1, 2, 3]);
    }
    let follower = *all.iter().find(|&&at| at != leader).unwrap();
    let other = *all
        .iter()
        .find(|&&at| at != leader && at != follower)
        .unwrap();
    net.isolate(follower);
    let cut_at = Instant::now();
    // The leader and the other follower are a majority: the cluster keeps committing, through
    // either of them.
    cluster.create_topic(other, "while-cut-1");
    assert_eq!(create_topics_via(cluster, leader, "while-cut-2"), 0);
    let seen = listed(cluster, follower);
    assert!(
        !seen.contains("while-cut-1") && !seen.contains("while-cut-2"),
        "through the cut: {seen:?}"
    );
    let partitioned = cut_at.elapsed();
    net.heal();
    // It catches up, and the leader stayed: pre-vote kept the isolated follower's elections
    // from disturbing it.
    let healed = wait_converged(cluster, &all, leader, &["while-cut-1", "while-cut-2"]);
    // It serves admin requests again (forwarded to the leader).
    assert_eq!(create_topics_via(cluster, follower, "after-heal"), 0);
    wait_converged(cluster, &all, leader, &["after-heal"]);
    eprintln!(
        "follower cut: partition lasted {partitioned:?}, every node converged {healed:?} \
         after the heal"
    );
}

/// Partition replication under a real network cut (issue 11): the leader of a three-replica
/// partition is cut off by the kernel; it never acknowledges acks=all, the others elect a new
/// leader, and once healed it truncates what it alone took and the replicas end identical
/// (`replication::cut_off_leader_truncates`, which `replication.rs` runs with the failpoint).
#[test]
fn a_partition_leader_cut_off_by_the_network_truncates_when_it_heals() {
    if against_kafka() {
        return;
    }
    let mut test = Partitionable::start_with(3, &crate::replication::replication_settings(3000));
    let (cluster, net) = (&test.cluster, &mut test.net);
    let _client = net.client.enter();
    cluster.wait_ready();
    crate::replication::cut_off_leader_truncates(cluster, &mut |cut| match cut {
        Some(at) => net.isolate(at),
        None => net.heal(),
    });
}

/// The idempotent producer and the consumer of the replication fault test, with its network
/// cut made by the kernel (the leader's namespace cut off from every other one, the clients'
/// included) instead of the failpoint, and its restarts in the node's own namespace.
#[test]
fn real_clients_lose_nothing_when_leaders_die_or_are_cut_off_by_the_network() {
    if against_kafka() {
        return;
    }
    let mut test = Partitionable::start_with(3, &crate::replication::replication_settings(3000));
    let (cluster, net) = (&mut test.cluster, &mut test.net);
    let client = net.client.enter();
    cluster.wait_ready();
    use crate::replication::Fault;
    crate::replication::leaders_die_under_real_clients(
        cluster,
        &mut |cluster, fault| match fault {
            Fault::Kill(at) => cluster.kill9(at),
            Fault::Restart(at) => {
                // A node starts in the namespace of the thread that spawns it.
                let _inside = net.nodes[at].enter();
                cluster.restart(at);
            }
            Fault::Pause(at) => cluster.signal(at, libc::SIGSTOP),
            Fault::Resume(at) => cluster.signal(at, libc::SIGCONT),
            Fault::Cut(at) => net.isolate(at),
            Fault::Heal => net.heal(),
        },
    );
    drop(client);
}
