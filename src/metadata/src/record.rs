//! Metadata records and their encoding: FlatBuffers tables, one `Batch` per raft entry.
//!
//! The schema is `src/metadata/schema/metadata.fbs`; the Rust code planus generates from it is
//! checked in under `src/generated/` (see [`crate::schema`]; regenerate with `src/metadata/schema/generate`; tests/run
//! checks that it is fresh). This module maps the generated tables to [`MetadataRecord`], the
//! type the rest of Sluice uses, so the encoding stays behind [`encode_batch`] and
//! [`decode_batch`].
//!
//! One raft entry (and one snapshot) carries one batch, applied atomically: a FlatBuffer whose
//! root is `Batch` with the file identifier `SLMB` (bytes 4..8). Every record table has a
//! `version` field, the version of that table the writer knew (see the schema folder's
//! README.md for how a field is added). Batches of the first, hand-written format (first byte
//! 1, see `legacy`) are still read, so existing data directories open; they are never written.
//!
//! Decoding never panics and never allocates by a length the bytes claim: planus checks every
//! offset and length against the buffer before it is read (there is no unchecked access), the
//! schema has no recursive types (the depth is fixed: batch → record → body → listener), and a
//! budget (`schema::Budget`) charges every table, string and vector its smallest honest encoded
//! size against the input length, so tables shared by several offsets (a DAG that would decode
//! to more than the input holds) are refused before they are copied.

use bytes::Bytes;
use model::{LeaderEpoch, NodeId, ShardId, TopicId};

mod legacy;

use crate::schema::{self, metadata as fb, Budget, OverBudget};

/// The FlatBuffers file identifier of a batch (bytes 4..8 of every batch).
pub const FILE_IDENTIFIER: [u8; 4] = *b"SLMB";

/// The version of each record table this code writes. Bump one when its table gains a field
/// (schema/README.md); readers accept every version.
mod version {
    /// 1: `previous_broker_epoch`.
    pub const REGISTER_BROKER: u16 = 1;
    pub const TOPIC: u16 = 0;
    /// 1: `partition_epoch`, `shards`, `elr`, `last_known_elr`, `leader_recovery_state`.
    /// 2: `adding_replicas`, `removing_replicas`.
    pub const PARTITION: u16 = 2;
    /// 1: `partition_epoch`, `elr`, `last_known_elr`, `leader_recovery_state`, `replicas`,
    /// `shards`. 2: `adding_replicas`, `removing_replicas`.
    pub const PARTITION_CHANGE: u16 = 2;
    pub const REMOVE_TOPIC: u16 = 0;
    pub const CONFIG: u16 = 0;
    pub const PRODUCER_IDS: u16 = 0;
    /// 1: `in_controlled_shutdown`.
    pub const BROKER_REGISTRATION_CHANGE: u16 = 1;
    pub const UNREGISTER_BROKER: u16 = 0;
    pub const FEATURE_LEVEL: u16 = 0;
    pub const CONTROLLER_ENDPOINTS: u16 = 0;
    pub const QUORUM_VOTERS: u16 = 0;
    pub const ACCESS_CONTROL_ENTRY: u16 = 0;
    pub const REMOVE_ACCESS_CONTROL_ENTRY: u16 = 0;
    pub const SCRAM_CREDENTIAL: u16 = 0;
    pub const REMOVE_SCRAM_CREDENTIAL: u16 = 0;
    pub const CLIENT_QUOTA: u16 = 0;
}

/// Why a batch could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// First-format batch cut short.
    #[error("truncated: needed {needed} more bytes at byte {at}")]
    Truncated { at: usize, needed: usize },
    /// Neither a flatbuffers batch (identifier `SLMB`) nor a first-format batch (byte 1).
    #[error("unknown batch format version {0}")]
    UnknownBatchVersion(u8),
    /// A record type (union tag, or first-format type id) this code does not know: written by
    /// newer code.
    #[error("unknown record type {0}")]
    UnknownRecordType(u16),
    /// First-format record body longer than its version has fields.
    #[error("record type {record_type} version {version} has {bytes} unread trailing bytes")]
    TrailingBytes {
        record_type: u16,
        version: u16,
        bytes: usize,
    },
    #[error("invalid utf-8 in a string field")]
    InvalidUtf8,
    #[error("invalid value: {0}")]
    InvalidValue(&'static str),
    /// A flatbuffers batch whose offsets, lengths or vtables do not fit its bytes (planus's
    /// reading error: the table, the field and the problem).
    #[error("malformed batch: {0}")]
    Malformed(String),
    /// The batch's tables, strings and vectors add up to more than its own bytes: offsets share
    /// or overlap data, which an honest encoder never writes.
    #[error("the records would decode to more than the batch's {bytes} bytes (shared or overlapping data)")]
    LargerThanInput { bytes: usize },
}

impl From<OverBudget> for DecodeError {
    fn from(e: OverBudget) -> Self {
        DecodeError::LargerThanInput { bytes: e.bytes }
    }
}

impl From<planus::Error> for DecodeError {
    fn from(e: planus::Error) -> Self {
        match e.error_kind {
            planus::errors::ErrorKind::UnknownUnionTag { tag } => {
                DecodeError::UnknownRecordType(u16::from(tag))
            }
            planus::errors::ErrorKind::InvalidUtf8 { .. } => DecodeError::InvalidUtf8,
            _ => DecodeError::Malformed(e.to_string()),
        }
    }
}

/// A listener a broker advertises (`advertised.listeners`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BrokerEndpoint {
    pub name: String,
    pub host: String,
    pub port: u16,
    /// Kafka's `SecurityProtocol` id: 0 PLAINTEXT, 1 SSL, 2 SASL_PLAINTEXT, 3 SASL_SSL.
    pub security_protocol: i16,
}

/// What a `Config` record applies to.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ConfigResource {
    /// A broker's dynamic config; `None` is the cluster-wide default (Kafka's empty broker name).
    Broker(Option<NodeId>),
    Topic(String),
    /// A group's configs (Kafka's GROUP resource, KIP-848 `GroupConfig`).
    Group(String),
}

/// One change to the cluster metadata. A raft entry holds a batch of these, applied atomically.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MetadataRecord {
    /// A broker joined or rejoined (Kafka's RegisterBrokerRecord).
    RegisterBroker {
        node_id: NodeId,
        listeners: Vec<BrokerEndpoint>,
        rack: Option<String>,
        num_shards: u16,
        incarnation_id: [u8; 16],
        /// This registration's epoch (Kafka: the offset the registration committed at); later
        /// changes and the unregistration name it.
        broker_epoch: i64,
        fenced: bool,
        /// KIP-966: the epoch this node's clean-shutdown marker held when this incarnation
        /// started (Kafka's BrokerRegistrationRequest PreviousBrokerEpoch); -1 after an
        /// unclean shutdown, and in records written before the field. The controller compares
        /// it with the registration it replaces (`metadata::replication::Restart`).
        previous_broker_epoch: i64,
    },
    Topic {
        name: String,
        id: TopicId,
    },
    /// A partition's full state (Kafka's PartitionRecord).
    Partition {
        topic_id: TopicId,
        partition: i32,
        leader: NodeId,
        leader_epoch: LeaderEpoch,
        replicas: Vec<NodeId>,
        isr: Vec<NodeId>,
        /// The first replica's shard (what readers before `shards` know).
        shard: ShardId,
        /// Bumped on every change of leader, ISR, replicas or ELR.
        partition_epoch: i32,
        /// Each replica's shard on its node, aligned with `replicas`; empty in records written
        /// before it existed.
        shards: Vec<ShardId>,
        /// KIP-966 eligible leader replicas.
        elr: Vec<NodeId>,
        last_known_elr: Vec<NodeId>,
        /// 0 recovered, 1 recovering (after an unclean election).
        leader_recovery_state: i8,
        /// KIP-455: replicas a reassignment adds / removes (both empty: none in progress).
        adding_replicas: Vec<NodeId>,
        removing_replicas: Vec<NodeId>,
    },
    /// A change to a partition (Kafka's PartitionChangeRecord): `None` fields stay as they are.
    PartitionChange {
        topic_id: TopicId,
        partition: i32,
        leader: Option<NodeId>,
        leader_epoch: LeaderEpoch,
        isr: Option<Vec<NodeId>>,
        /// The partition epoch after the change; `None` in records written before it existed
        /// (applying one then bumps the epoch by one).
        partition_epoch: Option<i32>,
        elr: Option<Vec<NodeId>>,
        last_known_elr: Option<Vec<NodeId>>,
        leader_recovery_state: Option<i8>,
        /// A reassignment's replicas and their shards (aligned).
        replicas: Option<Vec<NodeId>>,
        shards: Option<Vec<ShardId>>,
        /// KIP-455 reassignment state; `Some(empty)` clears it.
        adding_replicas: Option<Vec<NodeId>>,
        removing_replicas: Option<Vec<NodeId>>,
    },
    RemoveTopic {
        id: TopicId,
    },
    Config {
        resource: ConfigResource,
        name: String,
        /// `None` deletes the override.
        value: Option<String>,
    },
    /// A block of producer ids `[first_producer_id, first_producer_id + block_size)` handed to a broker.
    ProducerIds {
        broker: NodeId,
        first_producer_id: i64,
        block_size: i32,
    },
    /// A registered broker's state changed (Kafka's BrokerRegistrationChangeRecord): applied
    /// only while `broker_epoch` is its registration's epoch; `None` fields stay as they are.
    BrokerRegistrationChange {
        node_id: NodeId,
        broker_epoch: i64,
        fenced: Option<bool>,
        /// Kafka's InControlledShutdown: the broker asked to shut down.
        in_controlled_shutdown: Option<bool>,
    },
    /// A broker left (Kafka's UnregisterBrokerRecord): applied only while `broker_epoch` is its
    /// registration's epoch.
    UnregisterBroker {
        node_id: NodeId,
        broker_epoch: i64,
    },
    /// A cluster feature's finalized level (Kafka's FeatureLevelRecord); level 0 turns it off.
    FeatureLevel {
        name: String,
        level: i16,
    },
    /// How to reach a controller of a dynamic quorum (KIP-853; Kafka's VotersRecord entry):
    /// its metadata directory's id and its controller listeners. Who votes stays in raft's
    /// configuration; a newer record for the node replaces this one.
    ControllerEndpoints {
        node_id: NodeId,
        directory_id: [u8; 16],
        listeners: Vec<BrokerEndpoint>,
    },
    /// The quorum's voters after a raft configuration change (Kafka's VotersRecord), derived
    /// by the core from the change it applies.
    QuorumVoters {
        voters: Vec<NodeId>,
    },
    /// An ACL binding added (Kafka's AccessControlEntryRecord).
    AccessControlEntry {
        id: [u8; 16],
        binding: crate::acl::AclBinding,
    },
    /// An ACL binding removed (Kafka's RemoveAccessControlEntryRecord).
    RemoveAccessControlEntry {
        id: [u8; 16],
    },
    /// A user's SCRAM credential for one mechanism (Kafka's UserScramCredentialRecord);
    /// `mechanism` is Kafka's type id (1 SCRAM-SHA-256, 2 SCRAM-SHA-512).
    ScramCredential {
        name: String,
        mechanism: i8,
        credential: ScramCredentialData,
    },
    /// A user's SCRAM credential for one mechanism removed.
    RemoveScramCredential {
        name: String,
        mechanism: i8,
    },
    /// A client quota set, or removed when `value` is `None` (Kafka's ClientQuotaRecord).
    ClientQuota {
        entity: crate::quotas::QuotaEntity,
        key: String,
        value: Option<crate::quotas::QuotaValue>,
    },
}

/// A stored SCRAM credential (RFC 5802): never the password. `Debug` hides everything but the
/// iterations, so records can be logged.
#[derive(Clone, PartialEq, Eq)]
pub struct ScramCredentialData {
    pub salt: Vec<u8>,
    pub stored_key: Vec<u8>,
    pub server_key: Vec<u8>,
    pub iterations: i32,
}

impl std::fmt::Debug for ScramCredentialData {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "ScramCredentialData(iterations={}, [keys hidden])",
            self.iterations
        )
    }
}

impl MetadataRecord {
    /// The record's type name, as in the schema (`sluice metadata dump` prints it).
    pub fn type_name(&self) -> &'static str {
        match self {
            MetadataRecord::RegisterBroker { .. } => "RegisterBroker",
            MetadataRecord::Topic { .. } => "Topic",
            MetadataRecord::Partition { .. } => "Partition",
            MetadataRecord::PartitionChange { .. } => "PartitionChange",
            MetadataRecord::RemoveTopic { .. } => "RemoveTopic",
            MetadataRecord::Config { .. } => "Config",
            MetadataRecord::ProducerIds { .. } => "ProducerIds",
            MetadataRecord::BrokerRegistrationChange { .. } => "BrokerRegistrationChange",
            MetadataRecord::UnregisterBroker { .. } => "UnregisterBroker",
            MetadataRecord::FeatureLevel { .. } => "FeatureLevel",
            MetadataRecord::ControllerEndpoints { .. } => "ControllerEndpoints",
            MetadataRecord::QuorumVoters { .. } => "QuorumVoters",
            MetadataRecord::AccessControlEntry { .. } => "AccessControlEntry",
            MetadataRecord::RemoveAccessControlEntry { .. } => "RemoveAccessControlEntry",
            MetadataRecord::ScramCredential { .. } => "ScramCredential",
            MetadataRecord::RemoveScramCredential { .. } => "RemoveScramCredential",
            MetadataRecord::ClientQuota { .. } => "ClientQuota",
        }
    }
}

/// Encodes `records` as one batch (the payload of one raft entry).
pub fn encode_batch(records: &[MetadataRecord]) -> Bytes {
    let batch = fb::Batch {
        records: records.iter().map(record_table).collect(),
    };
    Bytes::from(schema::finish(&batch, FILE_IDENTIFIER))
}

/// Decodes a batch written by [`encode_batch`] (or by the first format). Never panics, whatever
/// the bytes.
pub fn decode_batch(bytes: &[u8]) -> Result<Vec<MetadataRecord>, DecodeError> {
    if schema::has_identifier(bytes, FILE_IDENTIFIER) {
        return decode_flatbuffer(bytes);
    }
    // A first-format batch of at least one record has a record type (1..=7) at bytes 5..7, so
    // its bytes 4..8 never read `SLMB`.
    match bytes.first() {
        Some(&legacy::BATCH_FORMAT_VERSION) => legacy::decode_batch(bytes),
        Some(&other) => Err(DecodeError::UnknownBatchVersion(other)),
        None => Err(DecodeError::Truncated { at: 0, needed: 8 }),
    }
}

/// Smallest bytes one record takes in an honest batch: its offset in the records vector (4),
/// its `Record` table (vtable offset 4, union tag 1, body offset 4) and its body table's vtable
/// offset (4).
const RECORD_BYTES_MIN: usize = 17;
/// Smallest bytes of one listener: its offset in the vector, its vtable offset and two string
/// offsets.
const LISTENER_BYTES_MIN: usize = 16;

fn decode_flatbuffer(bytes: &[u8]) -> Result<Vec<MetadataRecord>, DecodeError> {
    let batch = <fb::BatchRef as planus::ReadAsRoot>::read_as_root(bytes)?;
    decode_records(batch.records()?, &mut Budget::new(bytes.len()))
}

/// A vector of `Record` tables (a batch's, or one inside another buffer), each charged against
/// `budget` before it is decoded.
pub(crate) fn decode_records(
    records: planus::Vector<'_, planus::Result<fb::RecordRef<'_>>>,
    budget: &mut Budget,
) -> Result<Vec<MetadataRecord>, DecodeError> {
    // The vector's length is checked against the bytes by planus; the reservation is bounded
    // by the smallest record and the budget as well.
    let mut out = Vec::with_capacity(records.len().min(budget.left() / RECORD_BYTES_MIN));
    for record in records {
        out.push(decode_record(record?, budget)?);
    }
    Ok(out)
}

/// One `Record` table, charged against `budget` (as an element of a vector) before it is
/// decoded.
pub(crate) fn decode_record(
    record: fb::RecordRef<'_>,
    budget: &mut Budget,
) -> Result<MetadataRecord, DecodeError> {
    budget.charge(RECORD_BYTES_MIN)?;
    from_table(record.body()?, budget)
}

/// `record` as a `Record` table.
pub(crate) fn record_table(record: &MetadataRecord) -> fb::Record {
    fb::Record {
        body: to_table(record),
    }
}

pub(crate) fn uuid_bytes(u: fb::UuidRef<'_>) -> [u8; 16] {
    let mut out = [0; 16];
    out[..8].copy_from_slice(&u.most_significant_bits().to_be_bytes());
    out[8..].copy_from_slice(&u.least_significant_bits().to_be_bytes());
    out
}

pub(crate) fn to_uuid(bytes: &[u8; 16]) -> fb::Uuid {
    let (high, low) = bytes.split_at(8);
    fb::Uuid {
        most_significant_bits: u64::from_be_bytes(high.try_into().expect("8 bytes")),
        least_significant_bits: u64::from_be_bytes(low.try_into().expect("8 bytes")),
    }
}

fn node_ids(nodes: &[NodeId]) -> Vec<i32> {
    nodes.iter().map(|n| n.0).collect()
}

fn shard_ids(shards: &[ShardId]) -> Vec<u16> {
    shards.iter().map(|s| s.0).collect()
}

fn from_table(
    body: fb::RecordBodyRef<'_>,
    budget: &mut Budget,
) -> Result<MetadataRecord, DecodeError> {
    use fb::RecordBodyRef as B;
    let record = match body {
        B::RegisterBroker(r) => MetadataRecord::RegisterBroker {
            node_id: NodeId(r.node_id()?),
            listeners: decode_listeners(r.listeners()?, budget)?,
            rack: budget.opt_string(r.rack()?)?,
            num_shards: r.num_shards()?,
            incarnation_id: uuid_bytes(r.incarnation_id()?),
            broker_epoch: r.broker_epoch()?,
            fenced: r.fenced()?,
            previous_broker_epoch: r.previous_broker_epoch()?,
        },
        B::Topic(r) => MetadataRecord::Topic {
            name: budget.string(r.name()?)?,
            id: TopicId(uuid_bytes(r.id()?)),
        },
        B::Partition(r) => MetadataRecord::Partition {
            topic_id: TopicId(uuid_bytes(r.topic_id()?)),
            partition: r.partition()?,
            leader: NodeId(r.leader()?),
            leader_epoch: LeaderEpoch(r.leader_epoch()?),
            replicas: budget.nodes(r.replicas()?)?,
            isr: budget.nodes(r.isr()?)?,
            shard: ShardId(r.shard()?),
            partition_epoch: r.partition_epoch()?,
            shards: r
                .shards()?
                .map(|v| budget.shards(v))
                .transpose()?
                .unwrap_or_default(),
            elr: r
                .elr()?
                .map(|v| budget.nodes(v))
                .transpose()?
                .unwrap_or_default(),
            last_known_elr: r
                .last_known_elr()?
                .map(|v| budget.nodes(v))
                .transpose()?
                .unwrap_or_default(),
            leader_recovery_state: r.leader_recovery_state()?,
            adding_replicas: r
                .adding_replicas()?
                .map(|v| budget.nodes(v))
                .transpose()?
                .unwrap_or_default(),
            removing_replicas: r
                .removing_replicas()?
                .map(|v| budget.nodes(v))
                .transpose()?
                .unwrap_or_default(),
        },
        B::PartitionChange(r) => MetadataRecord::PartitionChange {
            topic_id: TopicId(uuid_bytes(r.topic_id()?)),
            partition: r.partition()?,
            leader: r.leader()?.map(NodeId),
            leader_epoch: LeaderEpoch(r.leader_epoch()?),
            isr: r.isr()?.map(|v| budget.nodes(v)).transpose()?,
            partition_epoch: r.partition_epoch()?,
            elr: r.elr()?.map(|v| budget.nodes(v)).transpose()?,
            last_known_elr: r.last_known_elr()?.map(|v| budget.nodes(v)).transpose()?,
            leader_recovery_state: r.leader_recovery_state()?,
            replicas: r.replicas()?.map(|v| budget.nodes(v)).transpose()?,
            shards: r.shards()?.map(|v| budget.shards(v)).transpose()?,
            adding_replicas: r.adding_replicas()?.map(|v| budget.nodes(v)).transpose()?,
            removing_replicas: r
                .removing_replicas()?
                .map(|v| budget.nodes(v))
                .transpose()?,
        },
        B::RemoveTopic(r) => MetadataRecord::RemoveTopic {
            id: TopicId(uuid_bytes(r.id()?)),
        },
        B::Config(r) => {
            let resource =
                config_resource(r.resource_type(), r.resource_name()?, r.broker()?, budget)?;
            MetadataRecord::Config {
                resource,
                name: budget.string(r.name()?)?,
                value: budget.opt_string(r.value()?)?,
            }
        }
        B::ProducerIds(r) => MetadataRecord::ProducerIds {
            broker: NodeId(r.broker()?),
            first_producer_id: r.first_producer_id()?,
            block_size: r.block_size()?,
        },
        B::BrokerRegistrationChange(r) => MetadataRecord::BrokerRegistrationChange {
            node_id: NodeId(r.node_id()?),
            broker_epoch: r.broker_epoch()?,
            fenced: r.fenced()?,
            in_controlled_shutdown: r.in_controlled_shutdown()?,
        },
        B::UnregisterBroker(r) => MetadataRecord::UnregisterBroker {
            node_id: NodeId(r.node_id()?),
            broker_epoch: r.broker_epoch()?,
        },
        B::FeatureLevel(r) => MetadataRecord::FeatureLevel {
            name: budget.string(r.name()?)?,
            level: r.level()?,
        },
        B::ControllerEndpoints(r) => MetadataRecord::ControllerEndpoints {
            node_id: NodeId(r.node_id()?),
            directory_id: uuid_bytes(r.directory_id()?),
            listeners: decode_listeners(r.listeners()?, budget)?,
        },
        B::QuorumVoters(r) => MetadataRecord::QuorumVoters {
            voters: budget.nodes(r.voters()?)?,
        },
        B::AccessControlEntry(r) => MetadataRecord::AccessControlEntry {
            id: uuid_bytes(r.id()?),
            binding: decode_acl(r, budget)?,
        },
        B::RemoveAccessControlEntry(r) => MetadataRecord::RemoveAccessControlEntry {
            id: uuid_bytes(r.id()?),
        },
        B::ScramCredential(r) => {
            let mut bytes = |b: &[u8]| -> Result<Vec<u8>, DecodeError> {
                budget.charge(4 + b.len())?;
                Ok(b.to_vec())
            };
            let (salt, stored_key, server_key) = (
                bytes(r.salt()?)?,
                bytes(r.stored_key()?)?,
                bytes(r.server_key()?)?,
            );
            MetadataRecord::ScramCredential {
                name: budget.string(r.name()?)?,
                mechanism: r.mechanism()?,
                credential: ScramCredentialData {
                    salt,
                    stored_key,
                    server_key,
                    iterations: r.iterations()?,
                },
            }
        }
        B::RemoveScramCredential(r) => MetadataRecord::RemoveScramCredential {
            name: budget.string(r.name()?)?,
            mechanism: r.mechanism()?,
        },
        B::ClientQuota(r) => MetadataRecord::ClientQuota {
            entity: decode_quota_entity(r.entity()?, budget)?,
            key: budget.string(r.key()?)?,
            value: r.value()?.map(crate::quotas::QuotaValue),
        },
    };
    Ok(record)
}

/// A client quota entity's parts, as their table holds them.
pub(crate) fn decode_quota_entity(
    parts: planus::Vector<'_, planus::Result<fb::QuotaEntityDataRef<'_>>>,
    budget: &mut Budget,
) -> Result<crate::quotas::QuotaEntity, DecodeError> {
    budget.charge(4)?;
    let mut entity = Vec::new();
    for part in parts {
        let part = part?;
        // A table with its required string's offset, and its offset in the vector.
        budget.charge(12)?;
        entity.push((
            budget.string(part.entity_type()?)?,
            budget.opt_string(part.entity_name()?)?,
        ));
    }
    Ok(entity)
}

/// The table of a client quota entity.
pub(crate) fn quota_entity_table(entity: &crate::quotas::QuotaEntity) -> Vec<fb::QuotaEntityData> {
    entity
        .iter()
        .map(|(entity_type, entity_name)| fb::QuotaEntityData {
            entity_type: entity_type.clone(),
            entity_name: entity_name.clone(),
        })
        .collect()
}

/// The binding of an `AccessControlEntry` table; a code Kafka has no value for is refused.
pub(crate) fn decode_acl(
    r: fb::AccessControlEntryRef<'_>,
    budget: &mut Budget,
) -> Result<crate::acl::AclBinding, DecodeError> {
    use crate::acl::{AclOperation, PatternType, Permission, ResourceType};
    Ok(crate::acl::AclBinding {
        resource_type: ResourceType::from_code(r.resource_type()?)
            .ok_or(DecodeError::InvalidValue("ACL resource type"))?,
        resource_name: budget.string(r.resource_name()?)?,
        pattern_type: PatternType::from_code(r.pattern_type()?)
            .ok_or(DecodeError::InvalidValue("ACL pattern type"))?,
        principal: budget.string(r.principal()?)?,
        host: budget.string(r.host()?)?,
        operation: AclOperation::from_code(r.operation()?)
            .ok_or(DecodeError::InvalidValue("ACL operation"))?,
        permission: Permission::from_code(r.permission_type()?)
            .ok_or(DecodeError::InvalidValue("ACL permission type"))?,
    })
}

/// The `AccessControlEntry` table of binding `id`.
pub(crate) fn acl_table(id: &[u8; 16], b: &crate::acl::AclBinding) -> fb::AccessControlEntry {
    fb::AccessControlEntry {
        version: version::ACCESS_CONTROL_ENTRY,
        id: to_uuid(id),
        resource_type: b.resource_type.code(),
        resource_name: b.resource_name.clone(),
        pattern_type: b.pattern_type.code(),
        principal: b.principal.clone(),
        host: b.host.clone(),
        operation: b.operation.code(),
        permission_type: b.permission.code(),
    }
}

fn decode_listeners(
    listeners: planus::Vector<'_, planus::Result<fb::BrokerEndpointRef<'_>>>,
    budget: &mut Budget,
) -> Result<Vec<BrokerEndpoint>, DecodeError> {
    let mut decoded = Vec::new();
    for l in listeners {
        let l = l?;
        budget.charge(LISTENER_BYTES_MIN)?;
        decoded.push(BrokerEndpoint {
            name: budget.string(l.name()?)?,
            host: budget.string(l.host()?)?,
            port: l.port()?,
            security_protocol: l.security_protocol()?,
        });
    }
    Ok(decoded)
}

fn encode_listeners(listeners: &[BrokerEndpoint]) -> Vec<fb::BrokerEndpoint> {
    listeners
        .iter()
        .map(|l| fb::BrokerEndpoint {
            name: l.name.clone(),
            host: l.host.clone(),
            port: l.port,
            security_protocol: l.security_protocol,
        })
        .collect()
}

/// A config resource from the fields a `Config` record (and an `AlterConfigs` request) names it
/// by: its type, the topic or group name, the broker's node id (absent: the cluster default).
pub(crate) fn config_resource(
    resource_type: planus::Result<fb::ConfigResourceType>,
    resource_name: Option<&str>,
    broker: Option<i32>,
    budget: &mut Budget,
) -> Result<ConfigResource, DecodeError> {
    let resource_type = resource_type.map_err(|e| match e.error_kind {
        planus::errors::ErrorKind::UnknownEnumTag { .. } => {
            DecodeError::InvalidValue("config resource type")
        }
        _ => DecodeError::from(e),
    })?;
    Ok(match resource_type {
        fb::ConfigResourceType::Broker => ConfigResource::Broker(broker.map(NodeId)),
        fb::ConfigResourceType::Topic => {
            ConfigResource::Topic(budget.string(resource_name.ok_or(
                DecodeError::InvalidValue("topic config without a topic name"),
            )?)?)
        }
        fb::ConfigResourceType::Group => ConfigResource::Group(budget.string(
            resource_name.ok_or(DecodeError::InvalidValue("group config without a group id"))?,
        )?),
        fb::ConfigResourceType::Unknown => {
            return Err(DecodeError::InvalidValue("config resource type"))
        }
    })
}

/// The fields [`config_resource`] reads back.
pub(crate) fn config_resource_fields(
    resource: &ConfigResource,
) -> (fb::ConfigResourceType, Option<String>, Option<i32>) {
    match resource {
        ConfigResource::Broker(node) => (fb::ConfigResourceType::Broker, None, node.map(|n| n.0)),
        ConfigResource::Topic(topic) => (fb::ConfigResourceType::Topic, Some(topic.clone()), None),
        ConfigResource::Group(group) => (fb::ConfigResourceType::Group, Some(group.clone()), None),
    }
}

fn to_table(record: &MetadataRecord) -> fb::RecordBody {
    use fb::RecordBody as B;
    match record {
        MetadataRecord::RegisterBroker {
            node_id,
            listeners,
            rack,
            num_shards,
            incarnation_id,
            broker_epoch,
            fenced,
            previous_broker_epoch,
        } => B::RegisterBroker(Box::new(fb::RegisterBroker {
            version: version::REGISTER_BROKER,
            node_id: node_id.0,
            listeners: encode_listeners(listeners),
            rack: rack.clone(),
            num_shards: *num_shards,
            incarnation_id: to_uuid(incarnation_id),
            broker_epoch: *broker_epoch,
            fenced: *fenced,
            previous_broker_epoch: *previous_broker_epoch,
        })),
        MetadataRecord::Topic { name, id } => B::Topic(Box::new(fb::Topic {
            version: version::TOPIC,
            name: name.clone(),
            id: to_uuid(&id.0),
        })),
        MetadataRecord::Partition {
            topic_id,
            partition,
            leader,
            leader_epoch,
            replicas,
            isr,
            shard,
            partition_epoch,
            shards,
            elr,
            last_known_elr,
            leader_recovery_state,
            adding_replicas,
            removing_replicas,
        } => B::Partition(Box::new(fb::Partition {
            version: version::PARTITION,
            topic_id: to_uuid(&topic_id.0),
            partition: *partition,
            leader: leader.0,
            leader_epoch: leader_epoch.0,
            replicas: node_ids(replicas),
            isr: node_ids(isr),
            shard: shard.0,
            partition_epoch: *partition_epoch,
            shards: (!shards.is_empty()).then(|| shard_ids(shards)),
            elr: (!elr.is_empty()).then(|| node_ids(elr)),
            last_known_elr: (!last_known_elr.is_empty()).then(|| node_ids(last_known_elr)),
            leader_recovery_state: *leader_recovery_state,
            adding_replicas: (!adding_replicas.is_empty()).then(|| node_ids(adding_replicas)),
            removing_replicas: (!removing_replicas.is_empty()).then(|| node_ids(removing_replicas)),
        })),
        MetadataRecord::PartitionChange {
            topic_id,
            partition,
            leader,
            leader_epoch,
            isr,
            partition_epoch,
            elr,
            last_known_elr,
            leader_recovery_state,
            replicas,
            shards,
            adding_replicas,
            removing_replicas,
        } => B::PartitionChange(Box::new(fb::PartitionChange {
            version: version::PARTITION_CHANGE,
            topic_id: to_uuid(&topic_id.0),
            partition: *partition,
            leader: leader.map(|n| n.0),
            leader_epoch: leader_epoch.0,
            isr: isr.as_deref().map(node_ids),
            partition_epoch: *partition_epoch,
            elr: elr.as_deref().map(node_ids),
            last_known_elr: last_known_elr.as_deref().map(node_ids),
            leader_recovery_state: *leader_recovery_state,
            replicas: replicas.as_deref().map(node_ids),
            shards: shards.as_deref().map(shard_ids),
            adding_replicas: adding_replicas.as_deref().map(node_ids),
            removing_replicas: removing_replicas.as_deref().map(node_ids),
        })),
        MetadataRecord::RemoveTopic { id } => B::RemoveTopic(Box::new(fb::RemoveTopic {
            version: version::REMOVE_TOPIC,
            id: to_uuid(&id.0),
        })),
        MetadataRecord::Config {
            resource,
            name,
            value,
        } => {
            let (resource_type, resource_name, broker) = config_resource_fields(resource);
            B::Config(Box::new(fb::Config {
                version: version::CONFIG,
                resource_type,
                resource_name,
                broker,
                name: name.clone(),
                value: value.clone(),
            }))
        }
        MetadataRecord::ProducerIds {
            broker,
            first_producer_id,
            block_size,
        } => B::ProducerIds(Box::new(fb::ProducerIds {
            version: version::PRODUCER_IDS,
            broker: broker.0,
            first_producer_id: *first_producer_id,
            block_size: *block_size,
        })),
        MetadataRecord::BrokerRegistrationChange {
            node_id,
            broker_epoch,
            fenced,
            in_controlled_shutdown,
        } => B::BrokerRegistrationChange(Box::new(fb::BrokerRegistrationChange {
            version: version::BROKER_REGISTRATION_CHANGE,
            node_id: node_id.0,
            broker_epoch: *broker_epoch,
            fenced: *fenced,
            in_controlled_shutdown: *in_controlled_shutdown,
        })),
        MetadataRecord::UnregisterBroker {
            node_id,
            broker_epoch,
        } => B::UnregisterBroker(Box::new(fb::UnregisterBroker {
            version: version::UNREGISTER_BROKER,
            node_id: node_id.0,
            broker_epoch: *broker_epoch,
        })),
        MetadataRecord::FeatureLevel { name, level } => {
            B::FeatureLevel(Box::new(fb::FeatureLevel {
                version: version::FEATURE_LEVEL,
                name: name.clone(),
                level: *level,
            }))
        }
        MetadataRecord::ControllerEndpoints {
            node_id,
            directory_id,
            listeners,
        } => B::ControllerEndpoints(Box::new(fb::ControllerEndpoints {
            version: version::CONTROLLER_ENDPOINTS,
            node_id: node_id.0,
            directory_id: to_uuid(directory_id),
            listeners: encode_listeners(listeners),
        })),
        MetadataRecord::QuorumVoters { voters } => B::QuorumVoters(Box::new(fb::QuorumVoters {
            version: version::QUORUM_VOTERS,
            voters: voters.iter().map(|n| n.0).collect(),
        })),
        MetadataRecord::AccessControlEntry { id, binding } => {
            B::AccessControlEntry(Box::new(acl_table(id, binding)))
        }
        MetadataRecord::RemoveAccessControlEntry { id } => {
            B::RemoveAccessControlEntry(Box::new(fb::RemoveAccessControlEntry {
                version: version::REMOVE_ACCESS_CONTROL_ENTRY,
                id: to_uuid(id),
            }))
        }
        MetadataRecord::ScramCredential {
            name,
            mechanism,
            credential,
        } => B::ScramCredential(Box::new(fb::ScramCredential {
            version: version::SCRAM_CREDENTIAL,
            name: name.clone(),
            mechanism: *mechanism,
            salt: credential.salt.clone(),
            stored_key: credential.stored_key.clone(),
            server_key: credential.server_key.clone(),
            iterations: credential.iterations,
        })),
        MetadataRecord::RemoveScramCredential { name, mechanism } => {
            B::RemoveScramCredential(Box::new(fb::RemoveScramCredential {
                version: version::REMOVE_SCRAM_CREDENTIAL,
                name: name.clone(),
                mechanism: *mechanism,
            }))
        }
        MetadataRecord::ClientQuota { entity, key, value } => {
            B::ClientQuota(Box::new(fb::ClientQuota {
                version: version::CLIENT_QUOTA,
                entity: quota_entity_table(entity),
                key: key.clone(),
                value: value.map(|v| v.0),
            }))
        }
    }
}

#[cfg(test)]
pub(crate) mod tests;
