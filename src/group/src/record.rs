//! The classic-group records of `__consumer_offsets`, byte-compatible with Kafka's schemas
//! (`OffsetCommitKey`/`OffsetCommitValue`, `GroupMetadataKey`/`GroupMetadataValue` in Kafka's
//! `group-coordinator/src/main/resources/common/message/`).
//!
//! A record key starts with an int16 version that also names the record type: 0 and 1 are offset
//! commits, 2 is group metadata, 3 and 5–8 are KIP-848 consumer-group records
//! ([`crate::consumer_record`]); the others (4, share groups, regular expressions, ...) are
//! reported as [`DecodeError::UnknownKeyVersion`] (the caller skips them). A value of
//! `None` (a null value in the log) is a tombstone. Values are written in the versions Kafka 4.x
//! writes (offset commit v3, or v1 when an explicit expire timestamp is set; group metadata v3) and
//! read in every version 0–4.

use crate::consumer_record::{
    ConsumerRecord, CONSUMER_CURRENT_MEMBER_KEY_VERSION, CONSUMER_GROUP_METADATA_KEY_VERSION,
    CONSUMER_MEMBER_METADATA_KEY_VERSION, CONSUMER_TARGET_MEMBER_KEY_VERSION,
    CONSUMER_TARGET_METADATA_KEY_VERSION,
};
use crate::wire::{Reader, Writer};

/// Key version Kafka writes for offset commits (0 and 1 share one layout).
const OFFSET_COMMIT_KEY_VERSION: i16 = 1;
/// Key version of group metadata records.
const GROUP_METADATA_KEY_VERSION: i16 = 2;
/// Newest value version of both schemas that this decoder knows.
const VALUE_VERSION_MAX: i16 = 4;
/// First flexible (compact + tagged fields) value version of both schemas.
const FLEXIBLE_VERSION_MIN: i16 = 4;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("record ends early")]
    Truncated,
    #[error("malformed record: {0}")]
    Malformed(&'static str),
    #[error("record key version {0} is not a record this coordinator knows")]
    UnknownKeyVersion(i16),
    #[error("record value version {0} is newer than this broker knows")]
    UnknownValueVersion(i16),
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct OffsetCommitKey {
    pub group_id: String,
    pub topic: String,
    pub partition: i32,
}

/// A committed offset as stored. `leader_epoch` -1 = unknown; `expire_timestamp_ms` is only set by
/// OffsetCommit v2–v4 requests that carried a retention time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OffsetCommitValue {
    pub offset: i64,
    pub leader_epoch: i32,
    pub metadata: String,
    pub commit_timestamp_ms: i64,
    pub expire_timestamp_ms: Option<i64>,
}

/// One member of a classic group as stored with its generation's assignment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberMetadata {
    pub member_id: String,
    pub group_instance_id: Option<String>,
    pub client_id: String,
    pub client_host: String,
    pub rebalance_timeout_ms: i32,
    pub session_timeout_ms: i32,
    /// The member's metadata for the group's selected protocol.
    pub subscription: Vec<u8>,
    pub assignment: Vec<u8>,
}

/// A classic group's durable snapshot, written when a generation's assignment is set and when the
/// group becomes empty. `current_state_timestamp_ms` -1 = unknown (values before v2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupMetadataValue {
    pub protocol_type: String,
    pub generation: i32,
    pub protocol: Option<String>,
    pub leader: Option<String>,
    pub current_state_timestamp_ms: i64,
    pub members: Vec<MemberMetadata>,
}

/// One record of a `__consumer_offsets` partition that the classic coordinator writes or replays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GroupRecord {
    OffsetCommit {
        key: OffsetCommitKey,
        value: Option<OffsetCommitValue>,
    },
    GroupMetadata {
        group_id: String,
        value: Option<GroupMetadataValue>,
    },
    /// A KIP-848 consumer-group record.
    Consumer(ConsumerRecord),
}

impl GroupRecord {
    /// The group this record belongs to.
    pub fn group_id(&self) -> &str {
        match self {
            GroupRecord::OffsetCommit { key, .. } => &key.group_id,
            GroupRecord::GroupMetadata { group_id, .. } => group_id,
            GroupRecord::Consumer(record) => record.group_id(),
        }
    }

    pub fn is_tombstone(&self) -> bool {
        match self {
            GroupRecord::OffsetCommit { value, .. } => value.is_none(),
            GroupRecord::GroupMetadata { value, .. } => value.is_none(),
            GroupRecord::Consumer(record) => record.is_tombstone(),
        }
    }

    pub fn encode_key(&self) -> Vec<u8> {
        let mut w = Writer::new();
        match self {
            GroupRecord::OffsetCommit { key, .. } => {
                w.i16(OFFSET_COMMIT_KEY_VERSION);
                w.string(&key.group_id);
                w.string(&key.topic);
                w.i32(key.partition);
            }
            GroupRecord::GroupMetadata { group_id, .. } => {
                w.i16(GROUP_METADATA_KEY_VERSION);
                w.string(group_id);
            }
            GroupRecord::Consumer(record) => record.encode_key(&mut w),
        }
        w.bytes
    }

    /// The value bytes, or `None` for a tombstone.
    pub fn encode_value(&self) -> Option<Vec<u8>> {
        match self {
            GroupRecord::OffsetCommit { value, .. } => {
                value.as_ref().map(encode_offset_commit_value)
            }
            GroupRecord::GroupMetadata { value, .. } => {
                value.as_ref().map(encode_group_metadata_value)
            }
            GroupRecord::Consumer(record) => record.encode_value(),
        }
    }

    pub fn decode(key: &[u8], value: Option<&[u8]>) -> Result<GroupRecord, DecodeError> {
        let mut r = Reader::new(key);
        match r.i16()? {
            0 | 1 => {
                let key = OffsetCommitKey {
                    group_id: r.string()?,
                    topic: r.string()?,
                    partition: r.i32()?,
                };
                let value = value.map(decode_offset_commit_value).transpose()?;
                Ok(GroupRecord::OffsetCommit { key, value })
            }
            2 => {
                let group_id = r.string()?;
                let value = value.map(decode_group_metadata_value).transpose()?;
                Ok(GroupRecord::GroupMetadata { group_id, value })
            }
            version @ (CONSUMER_GROUP_METADATA_KEY_VERSION
            | CONSUMER_MEMBER_METADATA_KEY_VERSION
            | CONSUMER_TARGET_METADATA_KEY_VERSION
            | CONSUMER_TARGET_MEMBER_KEY_VERSION
            | CONSUMER_CURRENT_MEMBER_KEY_VERSION) => {
                ConsumerRecord::decode(version, &mut r, value).map(GroupRecord::Consumer)
            }
            version => Err(DecodeError::UnknownKeyVersion(version)),
        }
    }
}

fn encode_offset_commit_value(v: &OffsetCommitValue) -> Vec<u8> {
    let mut w = Writer::new();
    match v.expire_timestamp_ms {
        // Kafka writes v1 (no leader epoch) only when the request carried a retention time.
        Some(expire_ms) => {
            w.i16(1);
            w.i64(v.offset);
            w.string(&v.metadata);
            w.i64(v.commit_timestamp_ms);
            w.i64(expire_ms);
        }
        None => {
            w.i16(3);
            w.i64(v.offset);
            w.i32(v.leader_epoch);
            w.string(&v.metadata);
            w.i64(v.commit_timestamp_ms);
        }
    }
    w.bytes
}

fn decode_offset_commit_value(bytes: &[u8]) -> Result<OffsetCommitValue, DecodeError> {
    let mut r = Reader::new(bytes);
    let version = r.i16()?;
    if !(0..=VALUE_VERSION_MAX).contains(&version) {
        return Err(DecodeError::UnknownValueVersion(version));
    }
    let flexible = version >= FLEXIBLE_VERSION_MIN;
    let offset = r.i64()?;
    let leader_epoch = if version >= 3 { r.i32()? } else { -1 };
    let metadata = if flexible {
        r.compact_string()?
    } else {
        r.string()?
    };
    let commit_timestamp_ms = r.i64()?;
    let expire_timestamp_ms = match version {
        1 => Some(r.i64()?).filter(|&t| t != -1),
        _ => None,
    };
    if flexible {
        r.skip_tagged_fields()?;
    }
    Ok(OffsetCommitValue {
        offset,
        leader_epoch,
        metadata,
        commit_timestamp_ms,
        expire_timestamp_ms,
    })
}

fn encode_group_metadata_value(v: &GroupMetadataValue) -> Vec<u8> {
    let mut w = Writer::new();
    w.i16(3);
    w.string(&v.protocol_type);
    w.i32(v.generation);
    w.nullable_string(v.protocol.as_deref());
    w.nullable_string(v.leader.as_deref());
    w.i64(v.current_state_timestamp_ms);
    w.array_len(v.members.len());
    for m in &v.members {
        w.string(&m.member_id);
        w.nullable_string(m.group_instance_id.as_deref());
        w.string(&m.client_id);
        w.string(&m.client_host);
        w.i32(m.rebalance_timeout_ms);
        w.i32(m.session_timeout_ms);
        w.bytes(&m.subscription);
        w.bytes(&m.assignment);
    }
    w.bytes
}

fn decode_group_metadata_value(bytes: &[u8]) -> Result<GroupMetadataValue, DecodeError> {
    let mut r = Reader::new(bytes);
    let version = r.i16()?;
    if !(0..=VALUE_VERSION_MAX).contains(&version) {
        return Err(DecodeError::UnknownValueVersion(version));
    }
    let flexible = version >= FLEXIBLE_VERSION_MIN;
    let protocol_type = if flexible {
        r.compact_string()?
    } else {
        r.string()?
    };
    let generation = r.i32()?;
    let protocol = if flexible {
        r.compact_nullable_string()?
    } else {
        r.nullable_string()?
    };
    let leader = if flexible {
        r.compact_nullable_string()?
    } else {
        r.nullable_string()?
    };
    let current_state_timestamp_ms = if version >= 2 { r.i64()? } else { -1 };
    let count = if flexible {
        r.compact_array_len()?
    } else {
        r.array_len()?
    };
    let mut members = Vec::with_capacity(count);
    for _ in 0..count {
        members.push(decode_member(&mut r, version)?);
    }
    if flexible {
        r.skip_tagged_fields()?;
    }
    Ok(GroupMetadataValue {
        protocol_type,
        generation,
        protocol,
        leader,
        current_state_timestamp_ms,
        members,
    })
}

fn decode_member(r: &mut Reader<'_>, version: i16) -> Result<MemberMetadata, DecodeError> {
    let flexible = version >= FLEXIBLE_VERSION_MIN;
    let string = |r: &mut Reader<'_>| {
        if flexible {
            r.compact_string()
        } else {
            r.string()
        }
    };
    let member_id = string(r)?;
    let group_instance_id = match version {
        0..=2 => None,
        3 => r.nullable_string()?,
        _ => r.compact_nullable_string()?,
    };
    let client_id = string(r)?;
    let client_host = string(r)?;
    let rebalance_timeout_ms = if version >= 1 { Some(r.i32()?) } else { None };
    let session_timeout_ms = r.i32()?;
    // v0 had no rebalance timeout: Kafka used the session timeout for both.
    let rebalance_timeout_ms = rebalance_timeout_ms.unwrap_or(session_timeout_ms);
    let subscription = if flexible {
        r.compact_bytes()?
    } else {
        r.bytes()?
    };
    let assignment = if flexible {
        r.compact_bytes()?
    } else {
        r.bytes()?
    };
    if flexible {
        r.skip_tagged_fields()?;
    }
    Ok(MemberMetadata {
        member_id,
        group_instance_id,
        client_id,
        client_host,
        rebalance_timeout_ms,
        session_timeout_ms,
        subscription,
        assignment,
    })
}

/// The topics of a `ConsumerProtocolSubscription` (any version: every version starts with an int16
/// version and the topic array). `None` when the bytes are not a consumer subscription.
pub fn consumer_subscription_topics(bytes: &[u8]) -> Option<Vec<String>> {
    let mut r = Reader::new(bytes);
    let version = r.i16().ok()?;
    if version < 0 {
        return None;
    }
    let count = r.array_len().ok()?;
    let mut topics = Vec::with_capacity(count);
    for _ in 0..count {
        topics.push(r.string().ok()?);
    }
    Some(topics)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offset_record(expire: Option<i64>) -> GroupRecord {
        GroupRecord::OffsetCommit {
            key: OffsetCommitKey {
                group_id: "g".into(),
                topic: "t".into(),
                partition: 7,
            },
            value: Some(OffsetCommitValue {
                offset: 42,
                leader_epoch: if expire.is_some() { -1 } else { 3 },
                metadata: "meta".into(),
                commit_timestamp_ms: 1000,
                expire_timestamp_ms: expire,
            }),
        }
    }

    fn round_trip(record: &GroupRecord) -> GroupRecord {
        let key = record.encode_key();
        let value = record.encode_value();
        GroupRecord::decode(&key, value.as_deref()).expect("own encoding decodes")
    }

    #[test]
    fn offset_commit_key_matches_kafka_bytes() {
        // OffsetCommitKey v1: version, group "g", topic "t", partition 7.
        let key = offset_record(None).encode_key();
        assert_eq!(key, vec![0, 1, 0, 1, b'g', 0, 1, b't', 0, 0, 0, 7]);
    }

    #[test]
    fn offset_commit_value_v3_matches_kafka_bytes() {
        let value = offset_record(None).encode_value().unwrap();
        let mut expected = vec![0, 3];
        expected.extend_from_slice(&42i64.to_be_bytes());
        expected.extend_from_slice(&3i32.to_be_bytes());
        expected.extend_from_slice(&[0, 4, b'm', b'e', b't', b'a']);
        expected.extend_from_slice(&1000i64.to_be_bytes());
        assert_eq!(value, expected);
    }

    #[test]
    fn offset_commit_round_trips_in_v1_and_v3_and_as_tombstone() {
        for record in [offset_record(None), offset_record(Some(5000))] {
            assert_eq!(round_trip(&record), record);
        }
        let tombstone = GroupRecord::OffsetCommit {
            key: OffsetCommitKey {
                group_id: "g".into(),
                topic: "t".into(),
                partition: 0,
            },
            value: None,
        };
        assert!(tombstone.is_tombstone());
        assert_eq!(round_trip(&tombstone), tombstone);
    }

    fn group_record() -> GroupRecord {
        let member = |id: &str, instance: Option<&str>| MemberMetadata {
            member_id: id.into(),
            group_instance_id: instance.map(Into::into),
            client_id: "client".into(),
            client_host: "/127.0.0.1".into(),
            rebalance_timeout_ms: 300_000,
            session_timeout_ms: 45_000,
            subscription: vec![0, 1, 2],
            assignment: vec![],
        };
        GroupRecord::GroupMetadata {
            group_id: "group".into(),
            value: Some(GroupMetadataValue {
                protocol_type: "consumer".into(),
                generation: 5,
                protocol: Some("range".into()),
                leader: Some("m1".into()),
                current_state_timestamp_ms: 123,
                members: vec![member("m1", None), member("m2", Some("i2"))],
            }),
        }
    }

    #[test]
    fn group_metadata_round_trips_and_tombstones() {
        let record = group_record();
        assert_eq!(round_trip(&record), record);
        assert_eq!(
            record.encode_key(),
            vec![0, 2, 0, 5, b'g', b'r', b'o', b'u', b'p']
        );
        let tombstone = GroupRecord::GroupMetadata {
            group_id: "group".into(),
            value: None,
        };
        assert_eq!(round_trip(&tombstone), tombstone);
    }

    #[test]
    fn group_metadata_v0_reads_session_timeout_as_rebalance_timeout() {
        let mut w = Writer::new();
        w.i16(0);
        w.string("consumer");
        w.i32(1);
        w.nullable_string(Some("range"));
        w.nullable_string(Some("m"));
        w.array_len(1);
        w.string("m");
        w.string("c");
        w.string("h");
        w.i32(10_000);
        w.bytes(&[1]);
        w.bytes(&[2]);
        let value = decode_group_metadata_value(&w.bytes).unwrap();
        assert_eq!(value.members[0].rebalance_timeout_ms, 10_000);
        assert_eq!(value.current_state_timestamp_ms, -1);
    }

    #[test]
    fn flexible_v4_values_decode_with_tagged_fields() {
        // OffsetCommitValue v4 with a topicId tagged field (tag 0, 16 bytes).
        let mut v = vec![0, 4];
        v.extend_from_slice(&9i64.to_be_bytes());
        v.extend_from_slice(&(-1i32).to_be_bytes());
        v.extend_from_slice(&[3, b'm', b'd']);
        v.extend_from_slice(&77i64.to_be_bytes());
        v.extend_from_slice(&[1, 0, 16]);
        v.extend_from_slice(&[0xab; 16]);
        let value = decode_offset_commit_value(&v).unwrap();
        assert_eq!(
            (
                value.offset,
                value.metadata.as_str(),
                value.commit_timestamp_ms
            ),
            (9, "md", 77)
        );
    }

    #[test]
    fn unknown_key_versions_are_reported_not_guessed() {
        assert_eq!(
            GroupRecord::decode(&[0, 4, 0, 0], Some(&[])),
            Err(DecodeError::UnknownKeyVersion(4))
        );
        let key = offset_record(None).encode_key();
        assert_eq!(
            GroupRecord::decode(&key, Some(&[0, 9])),
            Err(DecodeError::UnknownValueVersion(9))
        );
    }

    #[test]
    fn every_truncation_is_an_error_not_a_panic() {
        let record = group_record();
        let key = record.encode_key();
        let value = record.encode_value().unwrap();
        for cut in 0..value.len() {
            assert!(
                GroupRecord::decode(&key, Some(&value[..cut])).is_err(),
                "cut at {cut}"
            );
        }
        for cut in 0..key.len() {
            assert!(
                GroupRecord::decode(&key[..cut], Some(&value)).is_err(),
                "key cut at {cut}"
            );
        }
    }

    #[test]
    fn random_bytes_never_panic() {
        let mut rng = crate::rng::SplitMix64::new(0x5eed);
        for _ in 0..20_000 {
            let key_len = (rng.next() % 24) as usize;
            let value_len = (rng.next() % 96) as usize;
            let mut key: Vec<u8> = (0..key_len).map(|_| rng.next() as u8).collect();
            if key.len() >= 2 && rng.next() & 1 == 0 {
                key[0] = 0;
                key[1] = (rng.next() % 9) as u8; // steer into the known record types
            }
            let mut value: Vec<u8> = (0..value_len).map(|_| rng.next() as u8).collect();
            if value.len() >= 2 {
                value[0] = 0;
                value[1] = (rng.next() % 5) as u8;
            }
            let _ = GroupRecord::decode(&key, Some(&value));
            let _ = consumer_subscription_topics(&value);
        }
    }

    #[test]
    fn consumer_subscription_topics_are_read() {
        let mut w = Writer::new();
        w.i16(1);
        w.array_len(2);
        w.string("a");
        w.string("b");
        w.bytes(&[]);
        assert_eq!(
            consumer_subscription_topics(&w.bytes),
            Some(vec!["a".into(), "b".into()])
        );
        assert_eq!(consumer_subscription_topics(&[0]), None);
    }
}
