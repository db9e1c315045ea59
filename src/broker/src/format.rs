//! `sluice format` and `sluice random-uuid`, Kafka's `kafka-storage format` / `random-uuid`:
//! a node in cluster mode (`process.roles` set) starts only on log directories formatted for
//! its cluster, so two nodes' data can never be mixed up silently.
//!
//! The metadata quorum is still a single voter (issue 10 makes it multi-node): a node in
//! cluster mode must be `broker,controller` and the only voter, which is how a single combined
//! Kafka node is configured. Anything else is refused with a message saying so, instead of
//! running as an independent one-node cluster that clients would take for a member of theirs.

use crate::cli::FormatArgs;
use crate::meta_properties::MetaProperties;
use anyhow::Context;
use config::BrokerConfig;
use metadata::{ClusterId, MetadataLog};
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

/// Refuses what the single-voter metadata quorum cannot run yet, naming the setting.
pub fn check_quorum(config: &BrokerConfig, extra_voters: &[i32]) -> anyhow::Result<()> {
    if !cluster_mode(config) {
        return Ok(());
    }
    let node = config.node_id;
    let voters: Vec<i32> = config
        .controller_quorum_voters
        .iter()
        .map(|v| v.id)
        .chain(extra_voters.iter().copied())
        .collect();
    if is_controller(config) {
        anyhow::ensure!(
            voters.is_empty() || voters.contains(&node),
            "the quorum names voters {voters:?} but not this node (node.id={node}): Sluice runs every controller as a voter; controller observers are not supported yet"
        );
    } else {
        // Kafka's own check (KafkaConfig): a broker-only node follows the quorum, it is no voter.
        anyhow::ensure!(
            !voters.contains(&node),
            "If process.roles contains just the 'broker' role, the node id {node} must not be included in the set of voters controller.quorum.voters={voters:?}"
        );
        anyhow::ensure!(
            !config.controller_quorum_voters.is_empty(),
            "process.roles=broker: controller.quorum.voters must name the controllers this broker follows (controller.quorum.bootstrap.servers, the dynamic quorum, is not supported yet)"
        );
    }
    anyhow::ensure!(
        extra_voters.iter().all(|v| *v == node),
        "--initial-controllers names other controllers ({extra_voters:?}): a dynamic quorum (KIP-853) across nodes is not supported yet; list every controller in controller.quorum.voters instead (a static quorum)"
    );
    Ok(())
}

/// The raft ids of the quorum's voters a new metadata log is formatted with: those of
/// `controller.quorum.voters` (or `extra`, from --initial-controllers / --standalone), or this
/// node alone.
pub fn voter_raft_ids(config: &BrokerConfig, extra: &[i32]) -> anyhow::Result<Vec<u64>> {
    let mut ids: Vec<i32> = config
        .controller_quorum_voters
        .iter()
        .map(|v| v.id)
        .chain(extra.iter().copied())
        .collect();
    if ids.is_empty() {
        ids.push(config.node_id);
    }
    ids.sort_unstable();
    ids.dedup();
    ids.into_iter()
        .map(|id| metadata::raft_id(NodeId(id)).map_err(|e| anyhow::anyhow!("{e}")))
        .collect()
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
    let initial: Vec<i32> = match &args.initial_controllers {
        Some(list) => list
            .split(',')
            .map(|entry| {
                entry
                    .split_once('@')
                    .and_then(|(id, _)| id.trim().parse().ok())
                    .ok_or_else(|| anyhow::anyhow!("--initial-controllers: cannot parse {entry:?} (id@host:port:directory-id)"))
            })
            .collect::<anyhow::Result<_>>()?,
        None => Vec::new(),
    };
    anyhow::ensure!(
        !config.process_roles.is_empty(),
        "process.roles is not set: without it Sluice runs its embedded single node, which formats itself on first start"
    );
    check_quorum(&config, &initial)?;
    if config.controller_quorum_voters.is_empty() {
        anyhow::ensure!(
            args.standalone || !initial.is_empty() || args.no_initial_controllers,
            "Because controller.quorum.voters is not set on this controller, you must specify one of the following: --standalone, --initial-controllers, or --no-initial-controllers."
        );
    }
    let cluster_id = args.cluster_id.clone();
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
            &voter_raft_ids(&config, &initial)?,
        )
        .with_context(|| format!("formatting the metadata log in {}", dir.display()))?;
    }
    for dir in &formatted {
        MetaProperties {
            cluster_id: cluster_id.clone(),
            node_id: config.node_id,
            directory_id: random_uuid(),
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
