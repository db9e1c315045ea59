//! KIP-455 partition reassignment on the controller (Kafka's
//! `ReplicationControlManager.alterPartitionReassignments` / `listPartitionReassignments`,
//! `PartitionReassignmentReplicas`, `PartitionReassignmentRevert`), as pure rules.
//!
//! A reassignment to target replicas `T` of a partition whose replicas were `O` records one
//! `PartitionChange`: replicas := `T` followed by `O − T`, adding := `T − O`, removing :=
//! `O − T`, each new replica on its node's least-loaded shard. The new replicas open logs and
//! follow the leader; when the leader's AlterPartition has taken every adding replica into the
//! ISR, [`super::Change::build`] completes it (any change does: Kafka's
//! `completeReassignmentIfNeeded`): replicas := `T`, the removing replicas leave the ISR, and a
//! leader that is removed hands over to the first live ISR member of `T`. A cancel (no target)
//! reverts to `O`: the adding replicas leave the ISR (refused if that empties it).

use std::collections::BTreeSet;

use model::{ErrorCode, NodeId, ShardId};

use super::{Change, Load, ReplicationContext};
use crate::image::{Image, PartitionImage};
use crate::record::MetadataRecord;

/// One partition's AlterPartitionReassignments answer: `None` accepted, else code and message.
pub type ReassignmentResult = (String, i32, Option<(ErrorCode, String)>);

/// The partitions of an AlterPartitionReassignments, by topic: each with its target replicas,
/// `None` cancelling a reassignment in progress.
pub type ReassignmentRequest = Vec<(String, Vec<(i32, Option<Vec<NodeId>>)>)>;

/// A reassignment in progress, as ListPartitionReassignments answers it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OngoingReassignment {
    pub topic: String,
    pub partition: i32,
    pub replicas: Vec<NodeId>,
    pub adding: Vec<NodeId>,
    pub removing: Vec<NodeId>,
}

/// Records and per-partition answers of an AlterPartitionReassignments.
/// `allow_replication_factor_change` false (v1, KIP-860) refuses targets of another size.
pub fn alter_reassignments(
    image: &Image,
    ctx: &ReplicationContext,
    request: &ReassignmentRequest,
    allow_replication_factor_change: bool,
) -> (Vec<MetadataRecord>, Vec<ReassignmentResult>) {
    let live = ctx.live(image);
    let mut load = Load::of_registered(image);
    let mut records = Vec::new();
    let mut results = Vec::new();
    let mut seen = BTreeSet::new();
    for (topic, partitions) in request {
        for (partition, target) in partitions {
            if !seen.insert((topic.clone(), *partition)) {
                continue;
            }
            let answer = match image
                .topic(topic)
                .and_then(|t| t.partitions.get(partition).map(|p| (t, p)))
            {
                None => Err((
                    ErrorCode::UnknownTopicOrPartition,
                    format!("Unable to find partition {topic}-{partition}."),
                )),
                Some((t, p)) => {
                    let change = Change::new(image, ctx, &live, &t.name, t.id, p);
                    match target {
                        Some(target) => {
                            reassign(change, &mut load, target, allow_replication_factor_change)
                        }
                        None => cancel(change),
                    }
                }
            };
            match answer {
                Ok(record) => {
                    records.extend(record);
                    results.push((topic.clone(), *partition, None));
                }
                Err(e) => results.push((topic.clone(), *partition, Some(e))),
            }
        }
    }
    (records, results)
}

/// The replicas before the reassignment in progress (all of them when none is).
fn original(p: &PartitionImage) -> Vec<NodeId> {
    p.replicas
        .iter()
        .copied()
        .filter(|n| !p.adding_replicas.contains(n))
        .collect()
}

fn name(change: &Change<'_>) -> String {
    format!("{}-{}", change.topic, change.p.partition)
}

fn reassign(
    mut change: Change<'_>,
    load: &mut Load,
    target: &[NodeId],
    allow_replication_factor_change: bool,
) -> Result<Option<MetadataRecord>, (ErrorCode, String)> {
    let p = change.p;
    validate_target(change.image, target)?;
    let original = original(p);
    if !allow_replication_factor_change && target.len() != original.len() {
        return Err((
            ErrorCode::InvalidReplicationFactor,
            format!(
                "The replication factor is changed from {} to {} but \
                 allowReplicationFactorChange is false",
                original.len(),
                target.len()
            ),
        ));
    }
    let mut replicas: Vec<NodeId> = target.to_vec();
    replicas.extend(original.iter().copied().filter(|n| !target.contains(n)));
    let shards: Vec<ShardId> = replicas
        .iter()
        .map(|n| match p.shard_on(*n) {
            Some(s) => s,
            None => load.take_shard(*n),
        })
        .collect();
    change.adding = target
        .iter()
        .copied()
        .filter(|n| !original.contains(n))
        .collect();
    change.removing = original
        .iter()
        .copied()
        .filter(|n| !target.contains(n))
        .collect();
    change.replicas = replicas;
    change.shards = shards;
    // Adding replicas of an earlier reassignment that the new target drops leave the ISR.
    let isr: Vec<NodeId> = change
        .isr
        .iter()
        .copied()
        .filter(|n| change.replicas.contains(n))
        .collect();
    if !isr.is_empty() {
        change.isr = isr;
    }
    // A reassignment back to the replicas a cancelled one started from ends it.
    if change.adding.is_empty() && change.removing.is_empty() {
        change.replicas = target.to_vec();
    }
    Ok(change.build())
}

fn cancel(mut change: Change<'_>) -> Result<Option<MetadataRecord>, (ErrorCode, String)> {
    let p = change.p;
    if p.adding_replicas.is_empty() && p.removing_replicas.is_empty() {
        return Err((
            ErrorCode::NoReassignmentInProgress,
            format!("No ongoing reassignment for partition {}.", name(&change)),
        ));
    }
    let keep: Vec<usize> = (0..p.replicas.len())
        .filter(|i| !p.adding_replicas.contains(&p.replicas[*i]))
        .collect();
    let isr: Vec<NodeId> = p
        .isr
        .iter()
        .copied()
        .filter(|n| !p.adding_replicas.contains(n))
        .collect();
    if isr.is_empty() {
        return Err((
            ErrorCode::InvalidReplicaAssignment,
            format!(
                "Unable to revert partition assignment for {} because it would require an \
                 unclean leader election.",
                name(&change)
            ),
        ));
    }
    change.replicas = keep.iter().map(|i| p.replicas[*i]).collect();
    change.shards = keep
        .iter()
        .map(|i| p.shard_on(p.replicas[*i]).unwrap_or(p.shard))
        .collect();
    change.isr = isr;
    change.adding.clear();
    change.removing.clear();
    Ok(change.build())
}

/// Kafka's `validateManualPartitionAssignment` for a reassignment's target.
fn validate_target(image: &Image, target: &[NodeId]) -> Result<(), (ErrorCode, String)> {
    let invalid = |m: String| (ErrorCode::InvalidReplicaAssignment, m);
    if target.is_empty() {
        return Err(invalid(
            "The manual partition assignment includes an empty replica list.".into(),
        ));
    }
    let mut seen = BTreeSet::new();
    for b in target {
        if !seen.insert(*b) {
            return Err(invalid(format!(
                "The manual partition assignment includes the broker {} more than once.",
                b.0
            )));
        }
        if image.broker(*b).is_none() {
            return Err(invalid(format!(
                "The manual partition assignment includes broker {}, but no broker with that \
                 ID was found.",
                b.0
            )));
        }
    }
    Ok(())
}

/// The reassignments in progress, of `partitions` (`None`: every partition; unknown or not
/// reassigning partitions are left out, as in Kafka).
pub fn list_reassignments(
    image: &Image,
    partitions: Option<&[(String, Vec<i32>)]>,
) -> Vec<OngoingReassignment> {
    let ongoing = |topic: &str, p: &PartitionImage| {
        (!p.adding_replicas.is_empty() || !p.removing_replicas.is_empty()).then(|| {
            OngoingReassignment {
                topic: topic.to_owned(),
                partition: p.partition,
                replicas: p.replicas.clone(),
                adding: p.adding_replicas.clone(),
                removing: p.removing_replicas.clone(),
            }
        })
    };
    match partitions {
        None => image
            .topics()
            .flat_map(|t| t.partitions.values().filter_map(|p| ongoing(&t.name, p)))
            .collect(),
        Some(requested) => requested
            .iter()
            .flat_map(|(topic, ps)| {
                ps.iter().filter_map(move |i| {
                    image
                        .topic(topic)
                        .and_then(|t| t.partitions.get(i))
                        .and_then(|p| ongoing(topic, p))
                })
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests;
