//! A consumer group as its records build it (Kafka's `ConsumerGroup`): everything about a
//! consumer group is durable, so this is both the replayed state and what the heartbeat reads.

use std::collections::BTreeMap;

use model::TopicId;

use crate::consumer_record::{
    Assignment, ConsumerMemberMetadataValue, ConsumerRecord, CurrentAssignmentValue, MemberState,
};

/// Kafka's `ConsumerGroupState` names (ListGroups, ConsumerGroupDescribe).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConsumerGroupStatus {
    Empty,
    /// The group epoch is ahead of the target assignment's.
    Assigning,
    /// Some member has not reached the target assignment yet.
    Reconciling,
    Stable,
    Dead,
}

impl ConsumerGroupStatus {
    pub fn name(self) -> &'static str {
        match self {
            ConsumerGroupStatus::Empty => "Empty",
            ConsumerGroupStatus::Assigning => "Assigning",
            ConsumerGroupStatus::Reconciling => "Reconciling",
            ConsumerGroupStatus::Stable => "Stable",
            ConsumerGroupStatus::Dead => "Dead",
        }
    }
}

/// The durable state of one consumer group.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConsumerGroupState {
    pub epoch: i32,
    /// Hash of the subscribed topics' metadata the epoch was computed with (0 = unknown).
    pub metadata_hash: i64,
    /// Members by id: what they subscribed with.
    pub members: BTreeMap<String, ConsumerMemberMetadataValue>,
    /// Members' reconciliation state; a member without one is at epoch 0 and owns nothing.
    pub current: BTreeMap<String, CurrentAssignmentValue>,
    pub assignment_epoch: i32,
    pub target: BTreeMap<String, Assignment>,
    /// (topic, partition) → (member, its epoch) for every partition a member holds, assigned or
    /// pending revocation (Kafka's `currentPartitionEpoch`). Derived from `current`.
    owners: BTreeMap<(TopicId, i32), (String, i32)>,
    /// Topic name → members subscribing to it by name; derived from `members`, so a heartbeat
    /// resolves the group's subscription in O(distinct topics), not O(members).
    subscribed_names: BTreeMap<String, usize>,
    /// Pattern → members subscribing with it; derived from `members`.
    subscribed_patterns: BTreeMap<String, usize>,
}

impl ConsumerGroupState {
    /// Applies one record of this group. Returns false when the record deletes the group.
    pub(crate) fn replay(&mut self, record: &ConsumerRecord) -> bool {
        match record {
            ConsumerRecord::GroupMetadata { value: Some(v), .. } => {
                self.epoch = v.epoch;
                self.metadata_hash = v.metadata_hash;
            }
            ConsumerRecord::GroupMetadata { value: None, .. } => return false,
            ConsumerRecord::MemberMetadata {
                member_id, value, ..
            } => {
                let old = match value {
                    Some(v) => self.members.insert(member_id.clone(), v.clone()),
                    None => self.members.remove(member_id),
                };
                if let Some(old) = old {
                    self.count_subscription(&old, false);
                }
                if let Some(new) = value {
                    self.count_subscription(new, true);
                }
            }
            ConsumerRecord::TargetAssignmentMetadata { value, .. } => {
                self.assignment_epoch = value.unwrap_or(0);
            }
            ConsumerRecord::TargetAssignmentMember {
                member_id, value, ..
            } => match value {
                Some(v) => {
                    self.target.insert(member_id.clone(), v.clone());
                }
                None => {
                    self.target.remove(member_id);
                }
            },
            ConsumerRecord::CurrentMemberAssignment {
                member_id, value, ..
            } => self.replay_current(member_id, value.as_ref()),
        }
        true
    }

    fn replay_current(&mut self, member_id: &str, value: Option<&CurrentAssignmentValue>) {
        if let Some(old) = self.current.remove(member_id) {
            for tp in held(&old) {
                if self.owners.get(&tp).is_some_and(|(m, _)| m == member_id) {
                    self.owners.remove(&tp);
                }
            }
        }
        if let Some(value) = value {
            for tp in held(value) {
                self.owners
                    .insert(tp, (member_id.to_string(), value.member_epoch));
            }
            self.current.insert(member_id.to_string(), value.clone());
        }
    }

    fn count_subscription(&mut self, member: &ConsumerMemberMetadataValue, add: bool) {
        for name in &member.subscribed_topic_names {
            adjust(&mut self.subscribed_names, name, add);
        }
        if let Some(pattern) = &member.subscribed_topic_regex {
            adjust(&mut self.subscribed_patterns, pattern, add);
        }
    }

    /// Topic names some member subscribes to by name.
    pub fn subscribed_names(&self) -> impl Iterator<Item = &str> {
        self.subscribed_names.keys().map(String::as_str)
    }

    /// Patterns some member subscribes with.
    pub fn subscribed_patterns(&self) -> impl Iterator<Item = &str> {
        self.subscribed_patterns.keys().map(String::as_str)
    }

    /// The epoch of the member holding a partition, or -1 when it is free.
    pub(crate) fn partition_epoch(&self, topic_id: &TopicId, partition: i32) -> i32 {
        self.owners
            .get(&(*topic_id, partition))
            .map_or(-1, |(_, epoch)| *epoch)
    }

    /// The member holding a partition (assigned or pending revocation).
    pub fn partition_owner(&self, topic_id: &TopicId, partition: i32) -> Option<&str> {
        self.owners
            .get(&(*topic_id, partition))
            .map(|(member, _)| member.as_str())
    }

    pub fn current_of(&self, member_id: &str) -> CurrentAssignmentValue {
        self.current.get(member_id).cloned().unwrap_or_default()
    }

    pub fn member_epoch(&self, member_id: &str) -> i32 {
        self.current.get(member_id).map_or(0, |c| c.member_epoch)
    }

    /// The member that holds `instance_id`. Linear: groups are bounded by
    /// `group.consumer.max.size`.
    pub fn static_member(&self, instance_id: &str) -> Option<&str> {
        self.members
            .iter()
            .find(|(_, m)| m.instance_id.as_deref() == Some(instance_id))
            .map(|(id, _)| id.as_str())
    }

    pub fn status(&self) -> ConsumerGroupStatus {
        if self.members.is_empty() {
            ConsumerGroupStatus::Empty
        } else if self.epoch > self.assignment_epoch {
            ConsumerGroupStatus::Assigning
        } else if self
            .members
            .keys()
            .any(|id| !self.is_reconciled(id, self.assignment_epoch))
        {
            ConsumerGroupStatus::Reconciling
        } else {
            ConsumerGroupStatus::Stable
        }
    }

    /// Kafka's `isReconciledTo`.
    pub(crate) fn is_reconciled(&self, member_id: &str, epoch: i32) -> bool {
        self.current
            .get(member_id)
            .is_some_and(|c| c.state == MemberState::Stable && c.member_epoch == epoch)
    }

    /// Kafka's `preferredServerAssignor`: the assignor most members asked for (ties: the name
    /// first in order), or `None` when none asked.
    pub fn preferred_assignor(&self) -> Option<&str> {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for member in self.members.values() {
            if let Some(name) = member.server_assignor.as_deref() {
                *counts.entry(name).or_default() += 1;
            }
        }
        let mut best: Option<(&str, usize)> = None;
        for (name, count) in counts {
            if best.is_none_or(|(_, c)| count > c) {
                best = Some((name, count));
            }
        }
        best.map(|(name, _)| name)
    }

    /// Is any member subscribed to `topic` by name (offset expiry keeps such offsets)?
    pub fn subscribes_by_name(&self, topic: &str) -> bool {
        self.subscribed_names.contains_key(topic)
    }
}

/// Counts one more (or one less) member for `key`, dropping keys no member uses.
fn adjust(counts: &mut BTreeMap<String, usize>, key: &str, add: bool) {
    if add {
        *counts.entry(key.to_string()).or_default() += 1;
    } else if let Some(count) = counts.get_mut(key) {
        *count -= 1;
        if *count == 0 {
            counts.remove(key);
        }
    }
}

/// Every partition a member holds: assigned and pending revocation.
fn held(value: &CurrentAssignmentValue) -> impl Iterator<Item = (TopicId, i32)> + '_ {
    value
        .assigned_partitions
        .iter()
        .chain(value.partitions_pending_revocation.iter())
        .flat_map(|(topic, partitions)| partitions.iter().map(move |p| (*topic, *p)))
}
