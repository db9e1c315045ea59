//! The durable state of one `__consumer_offsets` partition: the last group metadata snapshot of
//! each classic group, every KIP-848 consumer group and every committed offset. Only `replay` changes it, so replaying the
//! partition from its start rebuilds exactly this value.

use std::collections::BTreeMap;

use crate::consumer::state::ConsumerGroupState;
use crate::record::{GroupMetadataValue, GroupRecord, OffsetCommitValue};

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
}
