//! A cluster whose own traffic is secured as a Kafka user's three server.properties secure it
//! (issue 12): the inter-broker listener SASL_SSL with SCRAM-SHA-512
//! (`sasl.mechanism.inter.broker.protocol`, the broker's login in
//! `listener.name.internal.scram-sha-512.sasl.jaas.config`, its credential written by
//! `sluice format --add-scram` as Kafka's `kafka-storage format --add-scram`), the controller
//! listener SASL_SSL with PLAIN (`sasl.mechanism.controller.protocol`), PEM stores, and
//! StandardAuthorizer with the nodes' users in `super.users`. Nodes on 127.0.0.90–94 (fixed
//! ports, the cluster helper's), real processes, Kafka's own tools and clients.

use crate::cluster::Cluster;
use crate::harness;
use crate::java_tools;
use std::path::PathBuf;
use std::time::Duration;

const TOOL_TIMEOUT: Duration = Duration::from_secs(90);
/// Limit: a node's first connection attempts and their log lines.
const LOG_WAIT: Duration = Duration::from_secs(30);
const SCRAM_JAAS: &str = "org.apache.kafka.common.security.scram.ScramLoginModule required";
const PLAIN_JAAS: &str = "org.apache.kafka.common.security.plain.PlainLoginModule required";
/// One salt for every node's `--add-scram`: the records each node formats its log with agree.
const SALT: &str = "c2x1aWNlLWNsdXN0ZXItc2VjdXJpdHk=";

fn ip(id: i32) -> String {
    format!("127.0.0.{}", 89 + id)
}

/// Node `id`'s lines over the cluster helper's config: its listeners on its own address, the
/// secured internal and controller listeners, and its logins (`broker_password` for the
/// inter-broker SCRAM login, `admin_password` for the controller PLAIN login).
fn secure_node_config(
    id: i32,
    controller: bool,
    pki: &crate::tls::Pki,
    broker_password: &str,
    admin_password: &str,
) -> String {
    let ip = ip(id);
    // The helper makes nodes 1-3 controller-only beside broker-only nodes: these combine.
    let (controller_listener, roles) = if controller {
        (format!(",CONTROLLER://{ip}:19093"), "broker,controller")
    } else {
        (String::new(), "broker")
    };
    let voters: Vec<String> = (1..=3)
        .map(|v| format!("{v}@{}:19093", self::ip(v)))
        .collect();
    format!(
        "\nprocess.roles={roles}\n\
         listeners=PLAINTEXT://{ip}:19092,INTERNAL://{ip}:19095,SECURE://{ip}:19096{controller_listener}\n\
         advertised.listeners=PLAINTEXT://{ip}:19092,INTERNAL://{ip}:19095,SECURE://{ip}:19096\n\
         controller.quorum.voters={voters}\n\
         http.listeners=http://{ip}:19644\n\
         listener.security.protocol.map=CONTROLLER:SASL_SSL,PLAINTEXT:PLAINTEXT,INTERNAL:SASL_SSL,SECURE:SASL_SSL\n\
         inter.broker.listener.name=INTERNAL\n\
         sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512\n\
         sasl.mechanism.controller.protocol=PLAIN\n\
         listener.name.internal.sasl.enabled.mechanisms=SCRAM-SHA-512\n\
         listener.name.secure.sasl.enabled.mechanisms=SCRAM-SHA-512\n\
         listener.name.controller.sasl.enabled.mechanisms=PLAIN\n\
         listener.name.internal.scram-sha-512.sasl.jaas.config={SCRAM_JAAS} username=\"broker\" password=\"{broker_password}\";\n\
         listener.name.controller.plain.sasl.jaas.config={PLAIN_JAAS} username=\"admin\" password=\"{admin_password}\" user_admin=\"admin-secret\";\n\
         ssl.keystore.type=PEM\n\
         ssl.keystore.location={keystore}\n\
         ssl.truststore.type=PEM\n\
         ssl.truststore.location={ca}\n\
         authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer\n\
         super.users=User:admin;User:broker\n\
         listener.name.internal.connections.max.reauth.ms=2000\n\
         replica.lag.time.max.ms=5000\n",
        voters = voters.join(","),
        keystore = pki.p("node-keystore.pem"),
        ca = pki.p("ca.pem"),
    )
}

/// A Java client's properties logging in as `user` with SCRAM-SHA-512 over SASL_SSL.
fn client_properties(pki: &crate::tls::Pki, user: &str) -> PathBuf {
    let path = pki.path(&format!("{user}.properties"));
    std::fs::write(
        &path,
        format!(
            "security.protocol=SASL_SSL\nssl.truststore.type=PEM\nssl.truststore.location={}\n\
             sasl.mechanism=SCRAM-SHA-512\nsasl.jaas.config={SCRAM_JAAS} username=\"{user}\" password=\"{user}-secret\";\n",
            pki.p("ca.pem")
        ),
    )
    .unwrap();
    path
}

fn tool(address: &str, class: &str, properties: &PathBuf, args: &[&str]) -> String {
    let mut cmd = java_tools::tool_at(address, class);
    cmd.arg("--command-config").arg(properties).args(args);
    let out = harness::run(&mut cmd, TOOL_TIMEOUT);
    assert!(
        out.status.success(),
        "{class} {args:?}: {}",
        harness::describe(&out)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Three combined nodes with SASL_SSL internal and controller listeners elect a controller
/// and register every broker (raft, registrations and heartbeats authenticated with PLAIN
/// over TLS, as `User:admin`, a super user); a topic created through a node that is not the
/// controller (forwarded over the controller listener) with min.insync.replicas=3 takes
/// acks=all records from a Java producer on the SASL_SSL client listener, which followers
/// replicated over the SCRAM-SHA-512 inter-broker listener, and a Java consumer on another
/// node reads them all. A broker whose inter-broker password is wrong registers but its
/// replica fetcher is refused, with one line naming the listener; a broker whose controller
/// password is wrong stays unregistered, with one line per controller naming the listener,
/// while the cluster serves on.
#[test]
fn a_cluster_secures_its_own_traffic_with_sasl_ssl() {
    if harness::against_kafka() {
        return;
    }
    let pki = crate::tls::Pki::new();
    let sans: Vec<String> = (1..=5).map(|id| format!("IP:{}", ip(id))).collect();
    pki.issue(
        "ca",
        "node",
        "/O=Sluice/OU=Nodes/CN=node",
        &format!(
            "subjectAltName={}\nextendedKeyUsage=serverAuth,clientAuth\n",
            sans.join(",")
        ),
        "2",
    );
    let mut cluster = Cluster::configure(3, 2, "127.0.0", "", false);
    let scram = [
        format!("SCRAM-SHA-512=[name=broker,password=broker-secret,salt={SALT}]"),
        format!("SCRAM-SHA-512=[name=alice,password=alice-secret,salt={SALT}]"),
    ];
    for at in 0..cluster.nodes.len() {
        let id = cluster.nodes[at].id;
        // Node 4: a wrong inter-broker password; node 5: a wrong controller password.
        let broker_password = if id == 4 { "wrong" } else { "broker-secret" };
        let admin_password = if id == 5 { "wrong" } else { "admin-secret" };
        cluster.set_ip(at, &ip(id));
        let node = &cluster.nodes[at];
        let mut config = std::fs::read_to_string(&node.config).unwrap();
        config.push_str(&secure_node_config(
            id,
            id <= 3,
            &pki,
            broker_password,
            admin_password,
        ));
        std::fs::write(&node.config, config).unwrap();
        // The credentials go where Kafka's `kafka-storage format --add-scram` puts them: into
        // the controllers' bootstrap metadata (a broker-only node follows their log).
        if id <= 3 {
            cluster.format(at, &["--add-scram", &scram[0], "--add-scram", &scram[1]]);
        } else {
            cluster.format(at, &[]);
        }
    }
    for at in 0..3 {
        cluster.spawn(at);
    }
    for at in 0..3 {
        cluster.wait_started(at);
    }
    let waited = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        cluster.wait_leader(&[0, 1, 2])
    }));
    let controller = match waited {
        Ok(c) => c,
        Err(e) => {
            for at in 0..3 {
                let lines = cluster.stop(at);
                eprintln!("NODE {at}:\n{}", lines.join("\n"));
            }
            std::panic::resume_unwind(e);
        }
    };
    cluster.wait_brokers(controller, &[1, 2, 3]);
    // The broker-only node joins a running cluster.
    cluster.spawn(3);
    cluster.wait_started(3);
    for at in 0..4 {
        cluster.wait_brokers(at, &[1, 2, 3, 4]);
    }
    let broker = client_properties(&pki, "broker");
    let alice = client_properties(&pki, "alice");
    // Node ids are index + 1.
    let secure = |at: usize| format!("{}:19096", ip(at as i32 + 1));
    let follower = (0..3).find(|at| *at != controller).unwrap();
    let topics = "org.apache.kafka.tools.TopicCommand";
    let created = tool(
        &secure(follower),
        topics,
        &broker,
        &[
            "--create",
            "--topic",
            "secured",
            "--replica-assignment",
            "1:2:3,2:3:1",
            "--config",
            "min.insync.replicas=3",
        ],
    );
    assert!(created.contains("Created topic secured."), "{created}");
    tool(
        &secure(follower),
        "org.apache.kafka.tools.AclCommand",
        &broker,
        &[
            "--add",
            "--allow-principal",
            "User:alice",
            "--operation",
            "All",
            "--topic",
            "secured",
            "--group",
            "console-consumer",
            "--resource-pattern-type",
            "prefixed",
        ],
    );
    let records: Vec<String> = (0..20).map(|i| format!("secured-{i}")).collect();
    let mut producer = java_tools::tool_at(&secure(0), "org.apache.kafka.tools.ConsoleProducer");
    producer
        .args(["--topic", "secured", "--command-config"])
        .arg(&alice)
        .args([
            "--producer-property",
            "acks=all",
            "--producer-property",
            "delivery.timeout.ms=60000",
        ]);
    let input = format!("{}\n", records.join("\n"));
    let produced = harness::run_with_stdin(&mut producer, Some(input.as_bytes()), TOOL_TIMEOUT);
    let text = harness::describe(&produced);
    assert!(
        produced.status.success() && !text.contains("Exception"),
        "{text}"
    );
    let consumed = crate::tls::java_consume(&secure(2), "secured", records.len(), &alice);
    let mut read: Vec<String> = String::from_utf8_lossy(&consumed.stdout)
        .lines()
        .map(str::to_string)
        .collect();
    read.sort();
    let mut expected = records.clone();
    expected.sort();
    assert_eq!(read, expected, "{}", harness::describe(&consumed));

    // The fetchers re-authenticated on INTERNAL (its sessions last 2 s) instead of losing
    // their connections.
    let reauthenticated: f64 = (1..=3)
        .map(|id| {
            let (status, body) = crate::metrics::get(&format!("{}:19644", ip(id)), "/metrics");
            assert_eq!(status, 200);
            body.lines()
                .filter(|l| {
                    l.starts_with("sluice_shard_reauthentications_total{")
                        && l.contains("listener=\"INTERNAL\"")
                        && l.contains("mechanism=\"SCRAM-SHA-512\"")
                })
                .filter_map(|l| l.rsplit(' ').next()?.parse::<f64>().ok())
                .sum::<f64>()
        })
        .sum();
    assert!(reauthenticated > 0.0, "no re-authentication on INTERNAL");

    // Kafka's tools on the SASL_SSL controller listener, as admin.
    let admin = pki.path("admin.properties");
    std::fs::write(
        &admin,
        format!(
            "security.protocol=SASL_SSL\nssl.truststore.type=PEM\nssl.truststore.location={}\n\
             sasl.mechanism=PLAIN\nsasl.jaas.config={PLAIN_JAAS} username=\"admin\" password=\"admin-secret\";\n",
            pki.p("ca.pem")
        ),
    )
    .unwrap();
    let mut quorum = java_tools::tool_bootstrap(
        "--bootstrap-controller",
        &format!("{}:19093", ip(1)),
        "org.apache.kafka.tools.MetadataQuorumCommand",
    );
    quorum
        .arg("--command-config")
        .arg(&admin)
        .args(["describe", "--status"]);
    let described = harness::run(&mut quorum, TOOL_TIMEOUT);
    let text = harness::describe(&described);
    assert!(
        described.status.success() && text.contains("CurrentVoters"),
        "{text}"
    );

    // Node 4 follows a partition led by node 1: its fetcher's SCRAM login is refused.
    let created = tool(
        &secure(0),
        topics,
        &broker,
        &[
            "--create",
            "--topic",
            "refused",
            "--replica-assignment",
            "1:4",
        ],
    );
    assert!(created.contains("Created topic refused."), "{created}");
    assert!(
        cluster.wait_for_line(3, "replica fetcher: authentication refused", LOG_WAIT),
        "node 4 never logged its refused fetcher"
    );

    // Node 5 cannot log in to the controllers: it never registers.
    cluster.spawn(4);
    assert!(
        cluster.wait_for_line(4, "the controller refused this node's connection", LOG_WAIT),
        "node 5 never logged its refused login"
    );
    cluster.wait_brokers(0, &[1, 2, 3, 4]);
    let node4 = cluster.stop(3);
    let refused: Vec<&String> = node4
        .iter()
        .filter(|l| l.contains("replica fetcher: authentication refused"))
        .collect();
    // One line per fetcher (one per shard and leader; 2 shards), not one per retry.
    for leader in 1..=3 {
        let lines = refused
            .iter()
            .filter(|l| l.contains(&format!("leader={leader} ")))
            .count();
        assert!(lines <= 2, "once per fetcher: {refused:?}");
    }
    assert!(!refused.is_empty());
    assert!(
        refused[0].contains("listener INTERNAL")
            && refused[0].contains("SCRAM-SHA-512")
            && !refused[0].contains("wrong"),
        "{}",
        refused[0]
    );
    let node5 = cluster.stop(4);
    let refused: Vec<&String> = node5
        .iter()
        .filter(|l| l.contains("refused this node's connection"))
        .collect();
    assert!(
        (1..=3).contains(&refused.len()),
        "one line per controller at most: {refused:?}"
    );
    assert!(
        refused.iter().all(
            |l| l.contains("listener CONTROLLER") && l.contains("Invalid username or password")
        ),
        "{refused:?}"
    );
    // The cluster served on: the records are still there through another node.
    let again = crate::tls::java_consume(&secure(1), "secured", records.len(), &alice);
    assert_eq!(
        String::from_utf8_lossy(&again.stdout).lines().count(),
        records.len(),
        "{}",
        harness::describe(&again)
    );
}
