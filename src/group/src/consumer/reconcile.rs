//! A member's step towards its target assignment (Kafka's `CurrentAssignmentBuilder`).
//!
//! A member first revokes what it must give up (UNREVOKED_PARTITIONS, staying in its epoch);
//! once its heartbeat no longer reports those partitions it moves to the target epoch and gets
//! the new ones, except partitions another member still holds (UNRELEASED_PARTITIONS), which it
//! gets on a later heartbeat once they are free. So a partition never has two owners.

use std::collections::BTreeSet;

use model::TopicId;

use crate::api::OwnedPartitions;
use crate::consumer::state::ConsumerGroupState;
use crate::consumer_record::{Assignment, CurrentAssignmentValue, MemberState};

/// The member's next current assignment. A member in a state this broker does not know must have
/// been fenced by the caller unless it owns nothing (then it restarts from the target epoch).
pub(crate) fn next_assignment(
    group: &ConsumerGroupState,
    member: &CurrentAssignmentValue,
    target_epoch: i32,
    target: &Assignment,
    owned: Option<&[OwnedPartitions]>,
) -> CurrentAssignmentValue {
    let step = Step {
        group,
        member,
        target_epoch,
        target,
        owned,
    };
    match member.state {
        MemberState::Stable if member.member_epoch != target_epoch => {
            step.compute(member.member_epoch)
        }
        MemberState::Stable => member.clone(),
        MemberState::UnrevokedPartitions => {
            if step.owns_any(&member.partitions_pending_revocation) {
                member.clone()
            } else {
                step.compute(member.member_epoch.saturating_add(1))
            }
        }
        MemberState::UnreleasedPartitions => step.compute(member.member_epoch),
        MemberState::Unknown => step.compute(target_epoch),
    }
}

struct Step<'a> {
    group: &'a ConsumerGroupState,
    member: &'a CurrentAssignmentValue,
    target_epoch: i32,
    target: &'a Assignment,
    owned: Option<&'a [OwnedPartitions]>,
}

impl Step<'_> {
    /// Does the member still report owning any of `partitions`? Unknown (no owned list in the
    /// heartbeat) counts as yes, as in Kafka.
    fn owns_any(&self, partitions: &Assignment) -> bool {
        let Some(owned) = self.owned else {
            return true;
        };
        owned.iter().any(|t| {
            partitions
                .get(&t.topic_id)
                .is_some_and(|pending| t.partitions.iter().any(|p| pending.contains(p)))
        })
    }

    fn compute(&self, member_epoch: i32) -> CurrentAssignmentValue {
        let mut assigned = Assignment::new();
        let mut revoking = Assignment::new();
        let mut adding = Assignment::new();
        let mut unreleased = false;
        let topics: BTreeSet<&TopicId> = self
            .target
            .keys()
            .chain(self.member.assigned_partitions.keys())
            .collect();
        let empty = BTreeSet::new();
        for topic in topics {
            let target = self.target.get(topic).unwrap_or(&empty);
            let current = self.member.assigned_partitions.get(topic).unwrap_or(&empty);
            let kept: BTreeSet<i32> = current.intersection(target).copied().collect();
            let revoked: BTreeSet<i32> = current.difference(&kept).copied().collect();
            let mut added = BTreeSet::new();
            for p in target.difference(&kept) {
                if self.group.partition_epoch(topic, *p) == -1 {
                    added.insert(*p);
                } else {
                    unreleased = true;
                }
            }
            insert_non_empty(&mut assigned, topic, kept);
            insert_non_empty(&mut revoking, topic, revoked);
            insert_non_empty(&mut adding, topic, added);
        }
        let next = |state, epoch, assigned, revoking| CurrentAssignmentValue {
            member_epoch: epoch,
            previous_member_epoch: self.member.member_epoch,
            state,
            assigned_partitions: assigned,
            partitions_pending_revocation: revoking,
        };
        if !revoking.is_empty() && self.owns_any(&revoking) {
            return next(
                MemberState::UnrevokedPartitions,
                member_epoch,
                assigned,
                revoking,
            );
        }
        for (topic, partitions) in adding {
            assigned.entry(topic).or_default().extend(partitions);
        }
        let state = if unreleased {
            MemberState::UnreleasedPartitions
        } else {
            MemberState::Stable
        };
        next(state, self.target_epoch, assigned, Assignment::new())
    }
}

fn insert_non_empty(into: &mut Assignment, topic: &TopicId, partitions: BTreeSet<i32>) {
    if !partitions.is_empty() {
        into.insert(*topic, partitions);
    }
}
