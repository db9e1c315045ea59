//! The KIP-848 consumer-group records of `__consumer_offsets`, byte-compatible with Kafka 4.x's
//! `ConsumerGroup*Key`/`ConsumerGroup*Value` schemas: keys are non-flexible (int16 version that
//! names the type, then strings), values are flexible version 0 (compact strings and arrays,
//! tagged fields).
//!
//! | key version | record                               | value                        |
//! |-------------|--------------------------------------|------------------------------|
//! | 3           | ConsumerGroupMetadata                | group epoch, metadata hash   |
//! | 5           | ConsumerGroupMemberMetadata          | subscription of one member   |
//! | 6           | ConsumerGroupTargetAssignmentMetadata| assignment epoch             |
//! | 7           | ConsumerGroupTargetAssignmentMember  | one member's target          |
//! | 8           | ConsumerGroupCurrentMemberAssignment | one member's epoch and state |
//!
//! Key 4 (`ConsumerGroupPartitionMetadata`) is what Kafka 4.0 wrote before 4.1 replaced it with
//! the metadata hash (tag 0 of the group metadata value); it is not written here and decodes as
//! [`DecodeError::UnknownKeyVersion`] like any other foreign record.

use std::collections::{BTreeMap, BTreeSet};

use model::TopicId;

use crate::record::DecodeError;
use crate::wire::{Reader, Writer};

pub(crate) const CONSUMER_GROUP_METADATA_KEY_VERSION: i16 = 3;
pub(crate) const CONSUMER_MEMBER_METADATA_KEY_VERSION: i16 = 5;
pub(crate) const CONSUMER_TARGET_METADATA_KEY_VERSION: i16 = 6;
pub(crate) const CONSUMER_TARGET_MEMBER_KEY_VERSION: i16 = 7;
pub(crate) const CONSUMER_CURRENT_MEMBER_KEY_VERSION: i16 = 8;
/// The only value version of the five schemas (all flexible).
const VALUE_VERSION: i16 = 0;
/// Tag of `MetadataHash` in `ConsumerGroupMetadataValue` (Kafka 4.1, KIP-1101).
const METADATA_HASH_TAG: u32 = 0;

/// Partitions per topic id; ordered so records and responses are deterministic.
pub type Assignment = BTreeMap<TopicId, BTreeSet<i32>>;

/// Kafka's `MemberState` (int8 in the current-assignment record).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MemberState {
    /// Reconciled to its member epoch's target.
    Stable,
    /// Must revoke `partitions_pending_revocation` before it can move on.
    UnrevokedPartitions,
    /// Waits for partitions that other members still own.
    UnreleasedPartitions,
    /// A state this broker does not know (a newer writer): the member is fenced on its next
    /// heartbeat unless it owns nothing.
    Unknown,
}

impl MemberState {
    pub fn value(self) -> i8 {
        match self {
            MemberState::Stable => 0,
            MemberState::UnrevokedPartitions => 1,
            MemberState::UnreleasedPartitions => 2,
            MemberState::Unknown => 127,
        }
    }

    pub fn from_value(value: i8) -> MemberState {
        match value {
            0 => MemberState::Stable,
            1 => MemberState::UnrevokedPartitions,
            2 => MemberState::UnreleasedPartitions,
            _ => MemberState::Unknown,
        }
    }

    /// Kafka's display name (ConsumerGroupDescribe does not carry it; logs and tests do).
    pub fn name(self) -> &'static str {
        match self {
            MemberState::Stable => "stable",
            MemberState::UnrevokedPartitions => "unrevoked_partitions",
            MemberState::UnreleasedPartitions => "unreleased_partitions",
            MemberState::Unknown => "unknown",
        }
    }
}

/// `ConsumerGroupMetadataValue`: the group epoch and the hash of the subscribed topics' metadata
/// it was computed from (0 = unknown).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConsumerGroupMetadataValue {
    pub epoch: i32,
    pub metadata_hash: i64,
}

/// `ConsumerGroupMemberMetadataValue`: what a member subscribed with.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ConsumerMemberMetadataValue {
    pub instance_id: Option<String>,
    pub rack_id: Option<String>,
    pub client_id: String,
    pub client_host: String,
    /// Sorted and deduplicated by the coordinator.
    pub subscribed_topic_names: Vec<String>,
    pub subscribed_topic_regex: Option<String>,
    pub rebalance_timeout_ms: i32,
    pub server_assignor: Option<String>,
}

/// `ConsumerGroupCurrentMemberAssignmentValue`: where a member is in its reconciliation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurrentAssignmentValue {
    pub member_epoch: i32,
    pub previous_member_epoch: i32,
    pub state: MemberState,
    pub assigned_partitions: Assignment,
    pub partitions_pending_revocation: Assignment,
}

impl Default for CurrentAssignmentValue {
    fn default() -> Self {
        CurrentAssignmentValue {
            member_epoch: 0,
            previous_member_epoch: 0,
            state: MemberState::Stable,
            assigned_partitions: Assignment::new(),
            partitions_pending_revocation: Assignment::new(),
        }
    }
}

/// The consumer-group records; `None` values are tombstones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConsumerRecord {
    GroupMetadata {
        group_id: String,
        value: Option<ConsumerGroupMetadataValue>,
    },
    MemberMetadata {
        group_id: String,
        member_id: String,
        value: Option<ConsumerMemberMetadataValue>,
    },
    TargetAssignmentMetadata {
        group_id: String,
        /// The assignment epoch.
        value: Option<i32>,
    },
    TargetAssignmentMember {
        group_id: String,
        member_id: String,
        value: Option<Assignment>,
    },
    CurrentMemberAssignment {
        group_id: String,
        member_id: String,
        value: Option<CurrentAssignmentValue>,
    },
}

impl ConsumerRecord {
    pub fn group_id(&self) -> &str {
        match self {
            ConsumerRecord::GroupMetadata { group_id, .. }
            | ConsumerRecord::MemberMetadata { group_id, .. }
            | ConsumerRecord::TargetAssignmentMetadata { group_id, .. }
            | ConsumerRecord::TargetAssignmentMember { group_id, .. }
            | ConsumerRecord::CurrentMemberAssignment { group_id, .. } => group_id,
        }
    }

    pub fn is_tombstone(&self) -> bool {
        match self {
            ConsumerRecord::GroupMetadata { value, .. } => value.is_none(),
            ConsumerRecord::MemberMetadata { value, .. } => value.is_none(),
            ConsumerRecord::TargetAssignmentMetadata { value, .. } => value.is_none(),
            ConsumerRecord::TargetAssignmentMember { value, .. } => value.is_none(),
            ConsumerRecord::CurrentMemberAssignment { value, .. } => value.is_none(),
        }
    }

    pub(crate) fn encode_key(&self, w: &mut Writer) {
        let (version, member_id) = match self {
            ConsumerRecord::GroupMetadata { .. } => (CONSUMER_GROUP_METADATA_KEY_VERSION, None),
            ConsumerRecord::MemberMetadata { member_id, .. } => {
                (CONSUMER_MEMBER_METADATA_KEY_VERSION, Some(member_id))
            }
            ConsumerRecord::TargetAssignmentMetadata { .. } => {
                (CONSUMER_TARGET_METADATA_KEY_VERSION, None)
            }
            ConsumerRecord::TargetAssignmentMember { member_id, .. } => {
                (CONSUMER_TARGET_MEMBER_KEY_VERSION, Some(member_id))
            }
            ConsumerRecord::CurrentMemberAssignment { member_id, .. } => {
                (CONSUMER_CURRENT_MEMBER_KEY_VERSION, Some(member_id))
            }
        };
        w.i16(version);
        w.string(self.group_id());
        if let Some(member_id) = member_id {
            w.string(member_id);
        }
    }

    pub(crate) fn encode_value(&self) -> Option<Vec<u8>> {
        let mut w = Writer::new();
        w.i16(VALUE_VERSION);
        match self {
            ConsumerRecord::GroupMetadata { value, .. } => {
                let value = value.as_ref()?;
                w.i32(value.epoch);
                if value.metadata_hash != 0 {
                    let hash = value.metadata_hash.to_be_bytes();
                    w.tagged_fields(&[(METADATA_HASH_TAG, &hash)]);
                } else {
                    w.tagged_fields(&[]);
                }
            }
            ConsumerRecord::MemberMetadata { value, .. } => encode_member(&mut w, value.as_ref()?),
            ConsumerRecord::TargetAssignmentMetadata { value, .. } => {
                w.i32(*value.as_ref()?);
                w.tagged_fields(&[]);
            }
            ConsumerRecord::TargetAssignmentMember { value, .. } => {
                write_assignment(&mut w, value.as_ref()?);
                w.tagged_fields(&[]);
            }
            ConsumerRecord::CurrentMemberAssignment { value, .. } => {
                let value = value.as_ref()?;
                w.i32(value.member_epoch);
                w.i32(value.previous_member_epoch);
                w.i8(value.state.value());
                write_assignment(&mut w, &value.assigned_partitions);
                write_assignment(&mut w, &value.partitions_pending_revocation);
                w.tagged_fields(&[]);
            }
        }
        Some(w.bytes)
    }

    /// Decodes the rest of a key whose version (`key_version`) was already read.
    pub(crate) fn decode(
        key_version: i16,
        key: &mut Reader<'_>,
        value: Option<&[u8]>,
    ) -> Result<ConsumerRecord, DecodeError> {
        let group_id = key.string()?;
        let value = value.map(Reader::new);
        let record = match key_version {
            CONSUMER_GROUP_METADATA_KEY_VERSION => ConsumerRecord::GroupMetadata {
                group_id,
                value: value.map(decode_group_metadata).transpose()?,
            },
            CONSUMER_MEMBER_METADATA_KEY_VERSION => ConsumerRecord::MemberMetadata {
                group_id,
                member_id: key.string()?,
                value: value.map(decode_member).transpose()?,
            },
            CONSUMER_TARGET_METADATA_KEY_VERSION => ConsumerRecord::TargetAssignmentMetadata {
                group_id,
                value: value.map(|r| value_body(r, |r| r.i32())).transpose()?,
            },
            CONSUMER_TARGET_MEMBER_KEY_VERSION => ConsumerRecord::TargetAssignmentMember {
                group_id,
                member_id: key.string()?,
                value: value.map(|r| value_body(r, read_assignment)).transpose()?,
            },
            CONSUMER_CURRENT_MEMBER_KEY_VERSION => ConsumerRecord::CurrentMemberAssignment {
                group_id,
                member_id: key.string()?,
                value: value.map(|r| value_body(r, read_current)).transpose()?,
            },
            other => return Err(DecodeError::UnknownKeyVersion(other)),
        };
        Ok(record)
    }
}

/// Reads a version-0 value: the version, `body`, then a tagged-field section nothing here needs.
fn value_body<T>(
    mut r: Reader<'_>,
    body: impl FnOnce(&mut Reader<'_>) -> Result<T, DecodeError>,
) -> Result<T, DecodeError> {
    let version = r.i16()?;
    if version != VALUE_VERSION {
        return Err(DecodeError::UnknownValueVersion(version));
    }
    let value = body(&mut r)?;
    r.skip_tagged_fields()?;
    Ok(value)
}

fn decode_group_metadata(mut r: Reader<'_>) -> Result<ConsumerGroupMetadataValue, DecodeError> {
    let version = r.i16()?;
    if version != VALUE_VERSION {
        return Err(DecodeError::UnknownValueVersion(version));
    }
    let epoch = r.i32()?;
    let mut metadata_hash = 0;
    r.tagged_fields(|tag, bytes| {
        if tag == METADATA_HASH_TAG {
            metadata_hash = Reader::new(bytes).i64()?;
        }
        Ok(())
    })?;
    Ok(ConsumerGroupMetadataValue {
        epoch,
        metadata_hash,
    })
}

fn encode_member(w: &mut Writer, m: &ConsumerMemberMetadataValue) {
    w.compact_nullable_string(m.instance_id.as_deref());
    w.compact_nullable_string(m.rack_id.as_deref());
    w.compact_string(&m.client_id);
    w.compact_string(&m.client_host);
    w.compact_array_len(m.subscribed_topic_names.len());
    for name in &m.subscribed_topic_names {
        w.compact_string(name);
    }
    w.compact_nullable_string(m.subscribed_topic_regex.as_deref());
    w.i32(m.rebalance_timeout_ms);
    w.compact_nullable_string(m.server_assignor.as_deref());
    w.tagged_fields(&[]);
}

/// The `ClassicMemberMetadata` tagged field (members that joined with the classic protocol) is
/// skipped: such members are not admitted to consumer groups here.
fn decode_member(r: Reader<'_>) -> Result<ConsumerMemberMetadataValue, DecodeError> {
    value_body(r, |r| {
        Ok(ConsumerMemberMetadataValue {
            instance_id: r.compact_nullable_string()?,
            rack_id: r.compact_nullable_string()?,
            client_id: r.compact_string()?,
            client_host: r.compact_string()?,
            subscribed_topic_names: r.compact_strings()?,
            subscribed_topic_regex: r.compact_nullable_string()?,
            rebalance_timeout_ms: r.i32()?,
            server_assignor: r.compact_nullable_string()?,
        })
    })
}

fn read_current(r: &mut Reader<'_>) -> Result<CurrentAssignmentValue, DecodeError> {
    Ok(CurrentAssignmentValue {
        member_epoch: r.i32()?,
        previous_member_epoch: r.i32()?,
        state: MemberState::from_value(r.i8()?),
        assigned_partitions: read_assignment(r)?,
        partitions_pending_revocation: read_assignment(r)?,
    })
}

/// `[]TopicPartitions` of `{ TopicId uuid, Partitions []int32 }`, each entry with tagged fields.
fn write_assignment(w: &mut Writer, assignment: &Assignment) {
    w.compact_array_len(assignment.len());
    for (topic_id, partitions) in assignment {
        w.uuid(&topic_id.0);
        w.compact_i32s(partitions.iter().copied());
        w.tagged_fields(&[]);
    }
}

fn read_assignment(r: &mut Reader<'_>) -> Result<Assignment, DecodeError> {
    let count = r.compact_array_len()?;
    let mut assignment = Assignment::new();
    for _ in 0..count {
        let topic_id = TopicId(r.uuid()?);
        let partitions = r.compact_i32s()?;
        r.skip_tagged_fields()?;
        if !partitions.is_empty() {
            assignment.entry(topic_id).or_default().extend(partitions);
        }
    }
    Ok(assignment)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::GroupRecord;

    fn topic(n: u8) -> TopicId {
        TopicId([n; 16])
    }

    fn assignment(entries: &[(u8, &[i32])]) -> Assignment {
        entries
            .iter()
            .map(|(t, ps)| (topic(*t), ps.iter().copied().collect()))
            .collect()
    }

    pub(crate) fn samples() -> Vec<GroupRecord> {
        let g = || "group".to_string();
        let m = || "member-1".to_string();
        let records = vec![
            ConsumerRecord::GroupMetadata {
                group_id: g(),
                value: Some(ConsumerGroupMetadataValue {
                    epoch: 7,
                    metadata_hash: -12345,
                }),
            },
            ConsumerRecord::GroupMetadata {
                group_id: g(),
                value: Some(ConsumerGroupMetadataValue {
                    epoch: 8,
                    metadata_hash: 0,
                }),
            },
            ConsumerRecord::MemberMetadata {
                group_id: g(),
                member_id: m(),
                value: Some(ConsumerMemberMetadataValue {
                    instance_id: Some("instance".into()),
                    rack_id: None,
                    client_id: "client".into(),
                    client_host: "/127.0.0.1".into(),
                    subscribed_topic_names: vec!["a".into(), "b".into()],
                    subscribed_topic_regex: Some("t.*".into()),
                    rebalance_timeout_ms: 300_000,
                    server_assignor: Some("range".into()),
                }),
            },
            ConsumerRecord::TargetAssignmentMetadata {
                group_id: g(),
                value: Some(7),
            },
            ConsumerRecord::TargetAssignmentMember {
                group_id: g(),
                member_id: m(),
                value: Some(assignment(&[(1, &[0, 2, 4]), (2, &[1])])),
            },
            ConsumerRecord::CurrentMemberAssignment {
                group_id: g(),
                member_id: m(),
                value: Some(CurrentAssignmentValue {
                    member_epoch: 7,
                    previous_member_epoch: 6,
                    state: MemberState::UnrevokedPartitions,
                    assigned_partitions: assignment(&[(1, &[0])]),
                    partitions_pending_revocation: assignment(&[(3, &[5, 6])]),
                }),
            },
        ];
        let mut all: Vec<GroupRecord> = records.into_iter().map(GroupRecord::Consumer).collect();
        let tombstones = [
            ConsumerRecord::GroupMetadata {
                group_id: g(),
                value: None,
            },
            ConsumerRecord::MemberMetadata {
                group_id: g(),
                member_id: m(),
                value: None,
            },
            ConsumerRecord::TargetAssignmentMetadata {
                group_id: g(),
                value: None,
            },
            ConsumerRecord::TargetAssignmentMember {
                group_id: g(),
                member_id: m(),
                value: None,
            },
            ConsumerRecord::CurrentMemberAssignment {
                group_id: g(),
                member_id: m(),
                value: None,
            },
        ];
        all.extend(tombstones.into_iter().map(GroupRecord::Consumer));
        all
    }

    #[test]
    fn every_consumer_record_round_trips() {
        for record in samples() {
            let key = record.encode_key();
            let value = record.encode_value();
            assert_eq!(value.is_none(), record.is_tombstone());
            let decoded = GroupRecord::decode(&key, value.as_deref()).expect("decodes");
            assert_eq!(decoded, record);
        }
    }

    #[test]
    fn keys_and_values_match_kafka_bytes() {
        let records = samples();
        // ConsumerGroupMetadataKey v3: version 3, group "group".
        assert_eq!(
            records[0].encode_key(),
            [&[0, 3, 0, 5][..], b"group"].concat()
        );
        // Value v0: epoch 8, an empty tagged-field section.
        assert_eq!(
            records[1].encode_value().unwrap(),
            vec![0, 0, 0, 0, 0, 8, 0]
        );
        // Hash as tag 0 (8 bytes).
        let mut expected = vec![0, 0, 0, 0, 0, 7, 1, 0, 8];
        expected.extend_from_slice(&(-12345i64).to_be_bytes());
        assert_eq!(records[0].encode_value().unwrap(), expected);
        // ConsumerGroupTargetAssignmentMemberKey v7: group then member.
        assert_eq!(
            records[4].encode_key(),
            [&[0, 7, 0, 5][..], b"group", &[0, 8], b"member-1"].concat()
        );
        // ConsumerGroupTargetAssignmentMetadataValue v0: epoch 7.
        assert_eq!(
            records[3].encode_value().unwrap(),
            vec![0, 0, 0, 0, 0, 7, 0]
        );
        // TargetAssignmentMember: one topic, partition [1].
        let single = GroupRecord::Consumer(ConsumerRecord::TargetAssignmentMember {
            group_id: "g".into(),
            member_id: "m".into(),
            value: Some(assignment(&[(9, &[1])])),
        });
        let mut expected = vec![0, 0, 2];
        expected.extend_from_slice(&[9; 16]);
        expected.extend_from_slice(&[2, 0, 0, 0, 1, 0, 0]);
        assert_eq!(single.encode_value().unwrap(), expected);
    }

    #[test]
    fn truncated_consumer_values_are_errors() {
        for record in samples() {
            let key = record.encode_key();
            let Some(value) = record.encode_value() else {
                continue;
            };
            for cut in 0..value.len() {
                assert!(
                    GroupRecord::decode(&key, Some(&value[..cut])).is_err(),
                    "{record:?} cut at {cut}"
                );
            }
        }
    }

    #[test]
    fn unknown_member_states_decode_as_unknown() {
        assert_eq!(MemberState::from_value(42), MemberState::Unknown);
        for state in [
            MemberState::Stable,
            MemberState::UnrevokedPartitions,
            MemberState::UnreleasedPartitions,
        ] {
            assert_eq!(MemberState::from_value(state.value()), state);
        }
    }
}
