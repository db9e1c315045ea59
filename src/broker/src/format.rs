//! `sluice format` and `sluice random-uuid`, Kafka's `kafka-storage format` / `random-uuid`:
//! a node in cluster mode (`process.roles` set) starts only on log directories formatted for
//! its cluster, so two nodes' data can never be mixed up silently.
//!
//! A static quorum (`controller.quorum.voters`) formats every node with the voters in its raft
//! configuration. A dynamic quorum (KIP-853, `controller.quorum.bootstrap.servers`) formats
//! its first voters with `--standalone` or `--initial-controllers`: their log starts with a
//! snapshot holding `kraft.version` 1 and each voter's directory id and endpoint; a controller
//! formatted with `--no-initial-controllers` (and every broker-only node) starts with an empty
//! log and follows whoever leads until `kafka-metadata-quorum add-controller` makes it a voter.

use crate::cli::FormatArgs;
use crate::meta_properties::MetaProperties;
use anyhow::Context;
use config::BrokerConfig;
use metadata::{ClusterId, MetadataLog, MetadataRecord};
use model::NodeId;
use std::path::PathBuf;

/// `sluice random-uuid`: a cluster id as Kafka prints one.
pub fn random_uuid() -> String {
    model::TopicId::random_printable().to_string()
}

/// True when the config asks for KRaft cluster mode (`process.roles` set).
pub fn cluster_mode(config: &BrokerConfig) -> bool {
    !config.process_roles.is_empty()
}

/// Whether this node is a controller (a voter of the metadata quorum): every node without
/// `process.roles` (the embedded single node) and every node whose roles name `controller`.
pub fn is_controller(config: &BrokerConfig) -> bool {
    !cluster_mode(config) || config.process_roles.iter().any(|r| r == "controller")
}

/// Whether this node serves clients (registers as a broker).
pub fn is_broker(config: &BrokerConfig) -> bool {
    !cluster_mode(config) || config.process_roles.iter().any(|r| r == "broker")
}

/// Refuses a quorum configuration Kafka would refuse, naming the setting. `initial` are the
/// voters `sluice format` was given (--initial-controllers / --standalone); empty at start.
pub fn check_quorum(config: &BrokerConfig, initial: &[i32]) -> anyhow::Result<()> {
    if !cluster_mode(config) {
        return Ok(());
    }
    let node = config.node_id;
    let static_voters: Vec<i32> = config
        .controller_quorum_voters
        .iter()
        .map(|v| v.id)
        .collect();
    anyhow::ensure!(
        !static_voters.is_empty() || !config.controller_quorum_bootstrap_servers.is_empty(),
        "If using process.roles, either controller.quorum.bootstrap.servers must contain the set of bootstrap controllers or controller.quorum.voters must contain a parseable set of controllers."
    );
    if !static_voters.is_empty() {
        anyhow::ensure!(
            initial.is_empty(),
            "--standalone and --initial-controllers format a dynamic quorum (KIP-853), but controller.quorum.voters={static_voters:?} configures a static one: remove controller.quorum.voters (and set controller.quorum.bootstrap.servers) or format without them"
        );
        if is_controller(config) {
            anyhow::ensure!(
                static_voters.contains(&node),
                "If process.roles contains the 'controller' role, the node id {node} must be included in the set of voters controller.quorum.voters={static_voters:?}"
            );
        }
    }
    if !is_controller(config) {
        // Kafka's own check (KafkaConfig): a broker-only node follows the quorum, it is no voter.
        let voters: Vec<i32> = static_voters.iter().chain(initial).copied().collect();
        anyhow::ensure!(
            !voters.contains(&node),
            "If process.roles contains just the 'broker' role, the node id {node} must not be included in the set of voters controller.quorum.voters={voters:?}"
        );
    }
    Ok(())
}

/// The raft ids of the quorum's voters a new metadata log is formatted with: those of
/// `controller.quorum.voters` (a static quorum), or `initial` (a dynamic one: the
/// --initial-controllers or --standalone voters; none with --no-initial-controllers, or for a
/// broker-only node that follows a dynamic quorum), or this node alone (the embedded node).
pub fn voter_raft_ids(config: &BrokerConfig, initial: &[i32]) -> anyhow::Result<Vec<u64>> {
    let mut ids: Vec<i32> = config
        .controller_quorum_voters
        .iter()
        .map(|v| v.id)
        .chain(initial.iter().copied())
        .collect();
    if !cluster_mode(config) {
        ids.push(config.node_id);
    }
    ids.sort_unstable();
    ids.dedup();
    ids.into_iter()
        .map(|id| metadata::raft_id(NodeId(id)).map_err(|e| anyhow::anyhow!("{e}")))
        .collect()
}

/// A voter of a new dynamic quorum: node id, directory id and controller endpoint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InitialVoter {
    pub node_id: i32,
    pub directory_id: model::TopicId,
    pub host: String,
    pub port: u16,
}

/// Parses `--initial-controllers` as Kafka does: `id@host:port:directory-id,...` (an IPv6 host
/// in brackets).
pub fn parse_initial_controllers(list: &str) -> anyhow::Result<Vec<InitialVoter>> {
    let mut voters: Vec<InitialVoter> = Vec::new();
    for entry in list.split(',').map(str::trim) {
        let bad = || {
            anyhow::anyhow!(
                "--initial-controllers: cannot parse {entry:?}: expected id@host:port:directory-id"
            )
        };
        let (id, rest) = entry.split_once('@').ok_or_else(bad)?;
        let node_id: i32 = id.trim().parse().map_err(|_| bad())?;
        anyhow::ensure!(
            node_id >= 0,
            "--initial-controllers: negative node id in {entry:?}"
        );
        let (address, directory) = rest.rsplit_once(':').ok_or_else(bad)?;
        let (host, port) = address.rsplit_once(':').ok_or_else(bad)?;
        let host = host.trim_start_matches('[').trim_end_matches(']');
        anyhow::ensure!(!host.is_empty(), bad());
        let port: u16 = port.parse().map_err(|_| bad())?;
        let directory_id = model::TopicId::parse(directory).ok_or_else(|| {
            anyhow::anyhow!("--initial-controllers: {directory:?} in {entry:?} is not a directory id (22 URL-safe base64 digits, as `sluice random-uuid` prints)")
        })?;
        anyhow::ensure!(
            voters.iter().all(|v| v.node_id != node_id),
            "--initial-controllers names node {node_id} twice"
        );
        voters.push(InitialVoter {
            node_id,
            directory_id,
            host: host.to_string(),
            port,
        });
    }
    Ok(voters)
}

/// This node's controller endpoints as the other nodes reach them: the advertised listener of
/// each `controller.listener.names` entry, else the listener itself (an empty or wildcard host
/// as `localhost`, like Kafka's `kafka-metadata-quorum add-controller`).
pub fn own_controller_endpoints(config: &BrokerConfig) -> Vec<metadata::BrokerEndpoint> {
    config
        .controller_listener_names
        .iter()
        .filter_map(|name| {
            let listener = config
                .advertised_listeners
                .iter()
                .chain(&config.listeners)
                .find(|l| &l.name == name)?;
            let host = match listener.host.as_str() {
                "" | "0.0.0.0" | "::" => "localhost".to_string(),
                host => host.to_string(),
            };
            Some(metadata::BrokerEndpoint {
                name: listener.name.clone(),
                host,
                port: listener.port,
                security_protocol: 0,
            })
        })
        .collect()
}

/// The records a dynamic quorum's log starts with: `kraft.version` 1 and each initial voter's
/// endpoint under the first controller listener name.
fn bootstrap_records(
    config: &BrokerConfig,
    voters: &[InitialVoter],
) -> Vec<metadata::MetadataRecord> {
    if voters.is_empty() {
        return Vec::new();
    }
    let listener = config
        .controller_listener_names
        .first()
        .cloned()
        .unwrap_or_else(|| "CONTROLLER".into());
    let mut records = vec![metadata::MetadataRecord::FeatureLevel {
        name: metadata::features::KRAFT_VERSION.into(),
        level: 1,
    }];
    for v in voters {
        records.push(metadata::MetadataRecord::ControllerEndpoints {
            node_id: NodeId(v.node_id),
            directory_id: v.directory_id.0,
            listeners: vec![metadata::BrokerEndpoint {
                name: listener.clone(),
                host: v.host.clone(),
                port: v.port,
                security_protocol: 0,
            }],
        });
    }
    records
}

/// One `--add-scram` argument as Kafka's `ScramParser` reads it:
/// `MECHANISM=[name=USER,password=PASSWORD(,iterations=N)(,salt=BASE64)]` → its record.
fn parse_add_scram(arg: &str) -> anyhow::Result<MetadataRecord> {
    use base64::Engine as _;
    use security::scram::{self, ScramMechanism};
    let bad = || {
        anyhow::anyhow!(
            "--add-scram: expected MECHANISM=[name=...,password=...] (passwords are not echoed)"
        )
    };
    let (mechanism, body) = arg.split_once('=').ok_or_else(bad)?;
    let mechanism = ScramMechanism::from_name(mechanism.trim()).ok_or_else(|| {
        anyhow::anyhow!(
            "--add-scram: unknown SCRAM mechanism {mechanism:?} (SCRAM-SHA-256 or SCRAM-SHA-512)"
        )
    })?;
    let body = body
        .trim()
        .strip_prefix('[')
        .and_then(|b| b.strip_suffix(']'))
        .ok_or_else(bad)?;
    let mut fields = std::collections::BTreeMap::new();
    for part in body.split(',') {
        let (k, v) = part.split_once('=').ok_or_else(bad)?;
        let v = v.trim().trim_matches('"');
        fields.insert(k.trim().to_string(), v.to_string());
    }
    let name = fields
        .remove("name")
        .filter(|n| !n.is_empty())
        .ok_or_else(|| anyhow::anyhow!("--add-scram: name= is required"))?;
    let password = fields
        .remove("password")
        .ok_or_else(|| anyhow::anyhow!("--add-scram: password= is required for {name}"))?;
    let iterations: i32 = match fields.remove("iterations") {
        Some(i) => i
            .parse()
            .map_err(|_| anyhow::anyhow!("--add-scram: iterations={i} is not a number"))?,
        None => scram::ITERATIONS_MIN,
    };
    anyhow::ensure!(
        (scram::ITERATIONS_MIN..=scram::ITERATIONS_MAX).contains(&iterations),
        "--add-scram: iterations must be between {} and {} (Kafka's limits)",
        scram::ITERATIONS_MIN,
        scram::ITERATIONS_MAX
    );
    let salt = match fields.remove("salt") {
        Some(s) => base64::engine::general_purpose::STANDARD
            .decode(s)
            .map_err(|_| anyhow::anyhow!("--add-scram: salt= is not base64"))?,
        None => scram::random_bytes(32),
    };
    if let Some(other) = fields.keys().next() {
        anyhow::bail!("--add-scram: unknown field {other}= (name, password, iterations, salt)");
    }
    let salted = scram::salted_password(mechanism, password.as_bytes(), &salt, iterations as u32);
    let c = scram::credential_from_salted(mechanism, &salt, &salted, iterations);
    Ok(MetadataRecord::ScramCredential {
        name,
        mechanism: mechanism.type_id(),
        credential: metadata::ScramCredentialData {
            salt: c.salt,
            stored_key: c.stored_key,
            server_key: c.server_key,
            iterations: c.iterations,
        },
    })
}

/// The directories a node formats: every log dir (the metadata log lives in the first).
fn log_dirs(config: &BrokerConfig) -> Vec<PathBuf> {
    config.log_dirs.clone()
}

/// The metadata log's directory, as `sluice start` opens it.
pub fn metadata_dir(first_log_dir: &std::path::Path) -> PathBuf {
    first_log_dir.join("__cluster_metadata-0")
}

pub fn run(args: FormatArgs, config: BrokerConfig) -> anyhow::Result<()> {
    let id = model::TopicId::parse(&args.cluster_id).ok_or_else(|| {
        anyhow::anyhow!(
            "Cluster ID string {} does not appear to be a valid UUID (22 URL-safe base64 digits, as `sluice random-uuid` prints)",
            args.cluster_id
        )
    })?;
    anyhow::ensure!(
        !id.is_zero(),
        "Cluster ID string {} is the reserved zero id",
        args.cluster_id
    );
    anyhow::ensure!(
        !config.process_roles.is_empty(),
        "process.roles is not set: without it Sluice runs its embedded single node, which formats itself on first start"
    );
    let initial: Vec<InitialVoter> = if args.standalone {
        anyhow::ensure!(
            is_controller(&config),
            "You can only use --standalone on a controller."
        );
        let endpoint = own_controller_endpoints(&config)
            .into_iter()
            .next()
            .ok_or_else(|| anyhow::anyhow!("No controller listeners found."))?;
        vec![InitialVoter {
            node_id: config.node_id,
            directory_id: model::TopicId::random_printable(),
            host: endpoint.host,
            port: endpoint.port,
        }]
    } else {
        match &args.initial_controllers {
            Some(list) => parse_initial_controllers(list)?,
            None => Vec::new(),
        }
    };
    let initial_ids: Vec<i32> = initial.iter().map(|v| v.node_id).collect();
    check_quorum(&config, &initial_ids)?;
    let scram = args
        .add_scram
        .iter()
        .map(|arg| parse_add_scram(arg))
        .collect::<anyhow::Result<Vec<_>>>()?;
    if config.controller_quorum_voters.is_empty() && is_controller(&config) {
        anyhow::ensure!(
            !initial.is_empty() || args.no_initial_controllers,
            "Because controller.quorum.voters is not set on this controller, you must specify one of the following: --standalone, --initial-controllers, or --no-initial-controllers."
        );
    }
    // A voter of the initial set keeps the directory id the set names for it (the others
    // check it when this node fetches from them), in its metadata log directory.
    let own_directory_id = initial
        .iter()
        .find(|v| v.node_id == config.node_id)
        .map(|v| v.directory_id.to_string());
    let cluster_id = args.cluster_id.clone();
    // Not while a broker runs on them.
    let _dir_locks = log_dirs(&config)
        .iter()
        .map(|dir| crate::dir_lock::lock(dir))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let mut formatted = Vec::new();
    for dir in log_dirs(&config) {
        if let Some(existing) = MetaProperties::read(&dir)? {
            if args.ignore_formatted {
                println!(
                    "Log directory {} is already formatted (cluster.id {}); skipping it.",
                    dir.display(),
                    existing.cluster_id
                );
                continue;
            }
            anyhow::bail!(
                "Log directory {} is already formatted. Use --ignore-formatted to ignore this directory and format the others.",
                dir.display()
            );
        }
        formatted.push(dir);
    }
    let first = config.log_dirs[0].clone();
    if formatted.contains(&first) {
        // The metadata log takes the cluster id; it refuses a log of another cluster.
        let dir = metadata_dir(&first);
        MetadataLog::open_with_voters(
            &dir,
            NodeId(config.node_id),
            Some(&ClusterId(cluster_id.clone())),
            &voter_raft_ids(&config, &initial_ids)?,
            &[bootstrap_records(&config, &initial), scram].concat(),
        )
        .with_context(|| format!("formatting the metadata log in {}", dir.display()))?;
    }
    for dir in &formatted {
        let directory_id = match &own_directory_id {
            Some(id) if *dir == first => id.clone(),
            _ => random_uuid(),
        };
        MetaProperties {
            cluster_id: cluster_id.clone(),
            node_id: config.node_id,
            directory_id,
        }
        .write(dir)?;
        println!(
            "Formatting data directory {} with cluster.id {cluster_id} (node.id {}).",
            dir.display(),
            config.node_id
        );
    }
    Ok(())
}
