//! The durable state of one `__consumer_offsets` partition: the last group metadata snapshot of
//! each classic group, every KIP-848 consumer group and every committed offset. Only `replay` changes it, so replaying the
//! partition from its start rebuilds exactly this value.

use std::collections::BTreeMap;

use crate::consumer::state::ConsumerGroupState;
use crate::record::{GroupMetadataValue, GroupRecord, OffsetCommitKey, OffsetCommitValue};

/// (topic, partition) → committed offset.
pub type GroupOffsets = BTreeMap<(String, i32), OffsetCommitValue>;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DurableState {
    pub groups: BTreeMap<String, GroupMetadataValue>,
    pub consumer_groups: BTreeMap<String, ConsumerGroupState>,
    pub offsets: BTreeMap<String, GroupOffsets>,
}

impl DurableState {
    pub fn replay(&mut self, record: &GroupRecord) {
        match record {
            GroupRecord::GroupMetadata {
                group_id,
                value: Some(value),
            } => {
                self.groups.insert(group_id.clone(), value.clone());
            }
            GroupRecord::GroupMetadata {
                group_id,
                value: None,
            } => {
                self.groups.remove(group_id);
            }
            GroupRecord::OffsetCommit {
                key,
                value: Some(value),
            } => {
                let offsets = self.offsets.entry(key.group_id.clone()).or_default();
                offsets.insert((key.topic.clone(), key.partition), value.clone());
            }
            GroupRecord::Consumer(record) => {
                let group_id = record.group_id();
                let exists = self.consumer_groups.contains_key(group_id);
                if !exists && record.is_tombstone() {
                    return; // a tombstone of a group already gone
                }
                let group = self
                    .consumer_groups
                    .entry(group_id.to_string())
                    .or_default();
                if !group.replay(record) {
                    self.consumer_groups.remove(group_id);
                }
            }
            GroupRecord::OffsetCommit { key, value: None } => {
                if let Some(offsets) = self.offsets.get_mut(&key.group_id) {
                    offsets.remove(&(key.topic.clone(), key.partition));
                    if offsets.is_empty() {
                        self.offsets.remove(&key.group_id);
                    }
                }
            }
        }
    }

    pub fn group_offsets(&self, group_id: &str) -> Option<&GroupOffsets> {
        self.offsets.get(group_id)
    }

    /// Records that rebuild exactly this state when replayed into an empty one, in an order
    /// `replay` accepts. Appended at the end of a partition, they make everything before them
    /// redundant: the broker uses this to bound `__consumer_offsets` (a compaction by rewrite).
    pub fn snapshot_records(&self) -> Vec<GroupRecord> {
        let mut out = Vec::new();
        for (group_id, value) in &self.groups {
            out.push(GroupRecord::GroupMetadata {
                group_id: group_id.clone(),
                value: Some(value.clone()),
            });
        }
        for (group_id, group) in &self.consumer_groups {
            out.extend(group.snapshot_records(group_id).map(GroupRecord::Consumer));
        }
        for (group_id, offsets) in &self.offsets {
            for ((topic, partition), value) in offsets {
                out.push(GroupRecord::OffsetCommit {
                    key: OffsetCommitKey {
                        group_id: group_id.clone(),
                        topic: topic.clone(),
                        partition: *partition,
                    },
                    value: Some(value.clone()),
                });
            }
        }
        out
    }

    /// How many records [`Self::snapshot_records`] would return, without building them.
    pub fn snapshot_len(&self) -> usize {
        let consumer: usize = self
            .consumer_groups
            .values()
            .map(|g| 2 + g.members.len() + g.target.len() + g.current.len())
            .sum();
        let offsets: usize = self.offsets.values().map(BTreeMap::len).sum();
        self.groups.len() + consumer + offsets
    }
}
