//! `/health/ready`: whether this node should get traffic (a Kubernetes readiness probe).

use model::NodeId;
use runtime::{Shard, Step};

/// Ready: every shard serves and, in a cluster, a metadata leader is known and this broker is
/// registered unfenced (the active controller unfences a broker only once it holds the
/// committed metadata log, so unfenced means caught up). A controller-only node is ready once
/// it knows a leader. `Err` says why not, in a few words.
pub(crate) fn readiness(shard: &Shard) -> Result<(), String> {
    let lifecycle = shard.lifecycle();
    if shard.is_shutting_down() {
        return Err("shutting down".into());
    }
    if !lifecycle.all_serving() {
        let waiting: Vec<String> = (0..lifecycle.shards())
            .map(|i| (i, lifecycle.step(i)))
            .filter(|(_, step)| *step < Step::Serving)
            .map(|(i, step)| format!("shard {i} {}", step.name()))
            .collect();
        return Err(waiting.join(", "));
    }
    let config = &shard.config;
    if config.process_roles.is_empty() {
        return Ok(()); // The embedded single node is its own quorum.
    }
    let Some(leader) = lifecycle.metadata_leader() else {
        return Err("no metadata quorum leader known".into());
    };
    if !config.process_roles.iter().any(|r| r == "broker") {
        return Ok(());
    }
    match shard.image().broker(NodeId(config.node_id)) {
        None => Err(format!(
            "broker {} not registered yet (metadata leader {leader})",
            config.node_id
        )),
        Some(b) if b.fenced => Err(format!(
            "broker {} fenced: catching up with the metadata log (leader {leader})",
            config.node_id
        )),
        Some(_) => Ok(()),
    }
}
