//! The traffic between controllers: [`PeerMessage`]s as FlatBuffers tables, and the frames that
//! carry them over the CONTROLLER listener (`runtime::raft_net` does the IO).
//!
//! The schema is `src/metadata/schema/rpc.fbs` (it includes `metadata.fbs` and reuses its
//! `Record` table for every record it carries); the generated code is shared with
//! [`crate::record`]. A connection carries, integers big-endian:
//!
//! ```text
//! connection := MAGIC frame(Hello) frame*        (the connecting side)
//!               frame(Hello) frame*              (the answering side, back over the same socket)
//! MAGIC      := "SLRAFT03"
//! frame      := len:u32 crc32c(envelope):u32 envelope        (len ≤ FRAME_PAYLOAD_MAX)
//! envelope   := FlatBuffer rooted at `Envelope`, file identifier "SLRP" at bytes 4..8:
//!               { version, message: Hello | RaftMessage | Registration | ForwardRequest
//!                                   | ForwardResponse }
//! ```
//!
//! The magic's first four bytes read as a Kafka frame size of 1.4 GB, beyond any
//! `socket.request.max.bytes`, so the two protocols cannot be confused; a peer of the first wire
//! format (`SLRAFT01`, hand-encoded payloads behind a kind byte) or of the second (`SLRAFT02`,
//! whose answering side sent no hello) is named as such. The raft
//! messages themselves stay raft-rs's protobuf (`eraftpb::Message`, raft-rs's own type), carried
//! as bytes.
//!
//! Decoding has the guarantees of [`crate::record::decode_batch`]: it never panics, planus
//! checks every offset and length against the bytes, the schemas have no recursive types, and a
//! budget charges every table, string and vector its smallest honest size against the input
//! length, so a decoded message is never larger than the bytes it came from allow. An unknown
//! version or union member (message, request, result, record type) is an error naming it.

use std::collections::BTreeMap;

use model::{ErrorCode, NodeId, TopicId};

use crate::controller::{ControllerError, ControllerReply, ControllerRequest};
use crate::core::{QuorumStatus, ReplicaStatus};
use crate::eraftpb;
use crate::record::{self, DecodeError, MetadataRecord};
use crate::schema::{self, rpc as fb, Budget, OverBudget};

/// Bytes 0..8 of every controller connection.
pub const MAGIC: [u8; 8] = *b"SLRAFT03";
/// The magic of the first wire format, refused by name.
const MAGIC_FIRST_FORMAT: [u8; 8] = *b"SLRAFT01";
/// The magic of the second wire format (no hello back), refused by name.
const MAGIC_SECOND_FORMAT: [u8; 8] = *b"SLRAFT02";
/// The FlatBuffers file identifier of an envelope (bytes 4..8).
pub const FILE_IDENTIFIER: [u8; 4] = *b"SLRP";
/// The envelope version this code writes; it reads 1..=this.
pub const ENVELOPE_VERSION: u16 = 1;
/// Bytes of a frame header: `len:u32 crc32c:u32`.
pub const FRAME_HEADER_BYTES: usize = 8;
/// Largest frame payload: a raft message carrying a snapshot of the whole image.
pub const FRAME_PAYLOAD_MAX: usize = 256 * 1024 * 1024;
/// Largest payload of the first frame, the [`PeerMessage::Hello`].
pub const HELLO_PAYLOAD_MAX: usize = 64 * 1024;

/// One message between controllers.
#[derive(Clone, Debug, PartialEq)]
pub enum PeerMessage {
    /// The first message on a connection: the caller's raft id and cluster id.
    Hello {
        from_raft_id: u64,
        cluster_id: String,
    },
    /// A raft-rs message.
    Raft(eraftpb::Message),
    /// A follower's broker registration (a `RegisterBroker` record) for the active controller:
    /// its heartbeat, also sent each time it applied more of the metadata log, with the index
    /// it applied on every shard (`None` from a writer before the field).
    Registration {
        record: MetadataRecord,
        applied_index: Option<u64>,
    },
    /// A controller request forwarded to the active controller; `id` names its answer.
    ForwardRequest { id: u64, request: ControllerRequest },
    /// The active controller's answer to the forwarded request `id`.
    ForwardResponse {
        id: u64,
        result: Result<ControllerReply, ControllerError>,
    },
}

/// Why a controller frame or message could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RpcError {
    /// A controller of a Sluice from before this format (magic `SLRAFT01`).
    #[error("a controller of the first wire format (SLRAFT01), this one speaks SLRAFT03: upgrade every controller")]
    FirstWireFormat,
    /// A controller of a Sluice from before the hello was answered (magic `SLRAFT02`).
    #[error("a controller of the second wire format (SLRAFT02), this one speaks SLRAFT03: upgrade every controller")]
    SecondWireFormat,
    #[error("not a Sluice controller (bad preamble); the controller listener carries only the metadata quorum's traffic")]
    BadMagic,
    #[error("a frame of {len} bytes (at most {max} here)")]
    FrameTooLarge { len: usize, max: usize },
    #[error("corrupt frame (crc32c mismatch)")]
    CorruptFrame,
    /// The bytes are not an envelope (no file identifier `SLRP`).
    #[error("not a controller message (file identifier {0:?}, expected SLRP)")]
    NotAnEnvelope(Vec<u8>),
    /// A newer writer's envelope version, or one nobody writes.
    #[error("unknown controller message version {0} (this node reads 1 to {ENVELOPE_VERSION})")]
    UnknownVersion(u16),
    #[error("unknown controller message type {0}")]
    UnknownMessageType(u8),
    #[error("unknown controller request type {0}")]
    UnknownRequestType(u8),
    #[error("unknown controller result type {0}")]
    UnknownResultType(u8),
    /// A record inside the message (its own error names an unknown record type).
    #[error("record: {0}")]
    Record(DecodeError),
    #[error("undecodable raft message: {0}")]
    Raft(String),
    /// Offsets, lengths or vtables that do not fit the bytes (planus's reading error).
    #[error("malformed controller message: {0}")]
    Malformed(String),
    #[error("invalid utf-8 in a string field")]
    InvalidUtf8,
    #[error("invalid value: {0}")]
    InvalidValue(&'static str),
    #[error(
        "the message would decode to more than its {bytes} bytes (shared or overlapping data)"
    )]
    LargerThanInput { bytes: usize },
}

impl From<planus::Error> for RpcError {
    fn from(e: planus::Error) -> Self {
        match e.error_kind {
            planus::errors::ErrorKind::InvalidUtf8 { .. } => RpcError::InvalidUtf8,
            _ => RpcError::Malformed(e.to_string()),
        }
    }
}

impl From<DecodeError> for RpcError {
    fn from(e: DecodeError) -> Self {
        match e {
            // The budget is the whole message's, not a batch's.
            DecodeError::LargerThanInput { bytes } => RpcError::LargerThanInput { bytes },
            e => RpcError::Record(e),
        }
    }
}

impl From<OverBudget> for RpcError {
    fn from(e: OverBudget) -> Self {
        RpcError::LargerThanInput { bytes: e.bytes }
    }
}

/// A union's value: an unknown tag is `unknown(tag)`, anything else as planus says.
fn union_member<T>(member: planus::Result<T>, unknown: fn(u8) -> RpcError) -> Result<T, RpcError> {
    member.map_err(|e| match e.error_kind {
        planus::errors::ErrorKind::UnknownUnionTag { tag } => unknown(tag),
        _ => RpcError::from(e),
    })
}

/// The preamble a connecting controller sends: the magic, then a frame holding its hello.
pub fn preamble(from_raft_id: u64, cluster_id: &str) -> Vec<u8> {
    let hello = PeerMessage::Hello {
        from_raft_id,
        cluster_id: cluster_id.to_owned(),
    };
    let mut out = MAGIC.to_vec();
    out.extend(frame(&hello));
    out
}

/// Checks the first 8 bytes of a connection.
pub fn check_magic(bytes: &[u8; 8]) -> Result<(), RpcError> {
    match *bytes {
        MAGIC => Ok(()),
        MAGIC_FIRST_FORMAT => Err(RpcError::FirstWireFormat),
        MAGIC_SECOND_FORMAT => Err(RpcError::SecondWireFormat),
        _ => Err(RpcError::BadMagic),
    }
}

/// `message` as one frame: header and envelope.
pub fn frame(message: &PeerMessage) -> Vec<u8> {
    let envelope = message.encode();
    let mut out = Vec::with_capacity(FRAME_HEADER_BYTES + envelope.len());
    out.extend_from_slice(&(envelope.len() as u32).to_be_bytes());
    out.extend_from_slice(&crc32c::crc32c(&envelope).to_be_bytes());
    out.extend_from_slice(&envelope);
    out
}

/// A frame's header: how many payload bytes follow and their checksum.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FrameHeader {
    /// At most the `max` the header was parsed with.
    pub len: usize,
    crc: u32,
}

impl FrameHeader {
    /// Reads a header, refusing a payload longer than `max` before anything is read for it.
    pub fn parse(bytes: &[u8; FRAME_HEADER_BYTES], max: usize) -> Result<FrameHeader, RpcError> {
        let [l0, l1, l2, l3, c0, c1, c2, c3] = *bytes;
        let len = u32::from_be_bytes([l0, l1, l2, l3]) as usize;
        if len > max {
            return Err(RpcError::FrameTooLarge { len, max });
        }
        Ok(FrameHeader {
            len,
            crc: u32::from_be_bytes([c0, c1, c2, c3]),
        })
    }

    /// Checks `payload` (the `len` bytes after the header) and decodes its message.
    pub fn decode(&self, payload: &[u8]) -> Result<PeerMessage, RpcError> {
        if payload.len() != self.len || crc32c::crc32c(payload) != self.crc {
            return Err(RpcError::CorruptFrame);
        }
        PeerMessage::decode(payload)
    }
}

/// Smallest bytes of one table that is an element of a vector: its offset in the vector and its
/// vtable offset.
const TABLE_IN_VECTOR_BYTES_MIN: usize = 8;
/// A config entry: as a table in a vector, plus its name's offset.
const CONFIG_ENTRY_BYTES_MIN: usize = TABLE_IN_VECTOR_BYTES_MIN + 4;

impl PeerMessage {
    /// The message's type, as the schema names it (for log lines).
    pub fn type_name(&self) -> &'static str {
        match self {
            PeerMessage::Hello { .. } => "Hello",
            PeerMessage::Raft(_) => "RaftMessage",
            PeerMessage::Registration { .. } => "Registration",
            PeerMessage::ForwardRequest { .. } => "ForwardRequest",
            PeerMessage::ForwardResponse { .. } => "ForwardResponse",
        }
    }

    /// The message as an envelope (a frame's payload).
    pub fn encode(&self) -> Vec<u8> {
        let envelope = fb::Envelope {
            version: ENVELOPE_VERSION,
            message: self.to_table(),
        };
        schema::finish(&envelope, FILE_IDENTIFIER)
    }

    /// Decodes an envelope written by [`PeerMessage::encode`]. Never panics, whatever the bytes.
    pub fn decode(bytes: &[u8]) -> Result<PeerMessage, RpcError> {
        if !schema::has_identifier(bytes, FILE_IDENTIFIER) {
            return Err(RpcError::NotAnEnvelope(
                bytes.get(4..8).unwrap_or_default().to_vec(),
            ));
        }
        let envelope = <fb::EnvelopeRef as planus::ReadAsRoot>::read_as_root(bytes)?;
        let version = envelope.version()?;
        if !(1..=ENVELOPE_VERSION).contains(&version) {
            return Err(RpcError::UnknownVersion(version));
        }
        let budget = &mut Budget::new(bytes.len());
        use fb::MessageRef as M;
        Ok(
            match union_member(envelope.message(), RpcError::UnknownMessageType)? {
                M::Hello(m) => PeerMessage::Hello {
                    from_raft_id: m.from_raft_id()?,
                    cluster_id: budget.string(m.cluster_id()?)?,
                },
                M::RaftMessage(m) => {
                    let bytes = m.bytes()?;
                    budget.charge(4 + bytes.len())?;
                    PeerMessage::Raft(
                        crate::decode_message(bytes).map_err(|e| RpcError::Raft(e.to_string()))?,
                    )
                }
                M::Registration(m) => PeerMessage::Registration {
                    record: record::decode_record(m.record()?, budget)?,
                    applied_index: m.applied_index()?,
                },
                M::ForwardRequest(m) => PeerMessage::ForwardRequest {
                    id: m.id()?,
                    request: request_from_table(
                        union_member(m.request(), RpcError::UnknownRequestType)?,
                        budget,
                    )?,
                },
                M::ForwardResponse(m) => PeerMessage::ForwardResponse {
                    id: m.id()?,
                    result: result_from_table(
                        union_member(m.result(), RpcError::UnknownResultType)?,
                        budget,
                    )?,
                },
            },
        )
    }

    fn to_table(&self) -> fb::Message {
        use fb::Message as M;
        match self {
            PeerMessage::Hello {
                from_raft_id,
                cluster_id,
            } => M::Hello(Box::new(fb::Hello {
                from_raft_id: *from_raft_id,
                cluster_id: cluster_id.clone(),
            })),
            PeerMessage::Raft(message) => M::RaftMessage(Box::new(fb::RaftMessage {
                bytes: crate::encode_message(message),
            })),
            PeerMessage::Registration {
                record,
                applied_index,
            } => M::Registration(Box::new(fb::Registration {
                record: Box::new(record::record_table(record)),
                applied_index: *applied_index,
            })),
            PeerMessage::ForwardRequest { id, request } => {
                M::ForwardRequest(Box::new(fb::ForwardRequest {
                    id: *id,
                    request: request_to_table(request),
                }))
            }
            PeerMessage::ForwardResponse { id, result } => {
                M::ForwardResponse(Box::new(fb::ForwardResponse {
                    id: *id,
                    result: result_to_table(result),
                }))
            }
        }
    }
}

fn config_entries<'a>(
    entries: impl Iterator<Item = (&'a String, Option<&'a String>)>,
) -> Vec<fb::ConfigEntry> {
    entries
        .map(|(name, value)| fb::ConfigEntry {
            name: name.clone(),
            value: value.cloned(),
        })
        .collect()
}

/// A config map: every entry charged before it is copied; a name given twice is refused (an
/// honest encoder writes a map).
fn config_map<V>(
    entries: planus::Vector<'_, planus::Result<fb::ConfigEntryRef<'_>>>,
    budget: &mut Budget,
    value: impl Fn(Option<String>) -> Result<V, RpcError>,
) -> Result<BTreeMap<String, V>, RpcError> {
    budget.charge(4)?;
    let mut map = BTreeMap::new();
    for entry in entries {
        let entry = entry?;
        budget.charge(CONFIG_ENTRY_BYTES_MIN)?;
        let name = budget.string(entry.name()?)?;
        let v = value(budget.opt_string(entry.value()?)?)?;
        if map.insert(name, v).is_some() {
            return Err(RpcError::InvalidValue("a config named twice"));
        }
    }
    Ok(map)
}

fn request_to_table(request: &ControllerRequest) -> fb::ControllerRequest {
    use fb::ControllerRequest as R;
    match request {
        ControllerRequest::CreateTopic {
            name,
            partitions,
            replication_factor,
            configs,
            validate_only,
            assignments,
        } => R::CreateTopic(Box::new(fb::CreateTopic {
            name: name.clone(),
            partitions: *partitions,
            replication_factor: *replication_factor,
            configs: config_entries(configs.iter().map(|(k, v)| (k, Some(v)))),
            validate_only: *validate_only,
            assignments: assignments_to_table(assignments),
        })),
        ControllerRequest::DeleteTopic { id } => R::DeleteTopic(Box::new(fb::DeleteTopic {
            id: record::to_uuid(&id.0),
        })),
        ControllerRequest::CreatePartitions {
            topic,
            total,
            validate_only,
            assignments,
        } => R::CreatePartitions(Box::new(fb::CreatePartitions {
            topic: topic.clone(),
            total: *total,
            validate_only: *validate_only,
            assignments: assignments_to_table(assignments),
        })),
        ControllerRequest::AlterConfigs {
            resource,
            set,
            validate_only,
        } => {
            let (resource_type, resource_name, broker) = record::config_resource_fields(resource);
            R::AlterConfigs(Box::new(fb::AlterConfigs {
                resource_type,
                resource_name,
                broker,
                set: config_entries(set.iter().map(|(k, v)| (k, v.as_ref()))),
                validate_only: *validate_only,
            }))
        }
        ControllerRequest::AllocateProducerIds => {
            R::AllocateProducerIds(Box::new(fb::AllocateProducerIds {}))
        }
        ControllerRequest::RegisterBroker { record } => {
            R::RegisterBroker(Box::new(fb::RegisterBroker {
                record: Box::new(record::record_table(record)),
            }))
        }
        ControllerRequest::DescribeQuorum => R::DescribeQuorum(Box::new(fb::DescribeQuorum {})),
        ControllerRequest::UpdateFeatures {
            updates,
            validate_only,
        } => R::UpdateFeatures(Box::new(fb::UpdateFeatures {
            updates: updates
                .iter()
                .map(|u| fb::FeatureUpdate {
                    name: u.name.clone(),
                    level: u.level,
                    upgrade_type: u.upgrade_type.to_wire(),
                })
                .collect(),
            validate_only: *validate_only,
        })),
        ControllerRequest::AddRaftVoter {
            node_id,
            directory_id,
            listeners,
            timeout_ms,
        } => R::AddRaftVoter(Box::new(fb::AddRaftVoter {
            voter: Box::new(record::record_table(&MetadataRecord::ControllerEndpoints {
                node_id: *node_id,
                directory_id: *directory_id,
                listeners: listeners.clone(),
            })),
            timeout_ms: *timeout_ms,
        })),
        ControllerRequest::RemoveRaftVoter {
            node_id,
            directory_id,
        } => R::RemoveRaftVoter(Box::new(fb::RemoveRaftVoter {
            node_id: node_id.0,
            directory_id: record::to_uuid(directory_id),
        })),
        ControllerRequest::AlterPartition {
            broker_id,
            broker_epoch,
            topics,
        } => R::AlterPartition(Box::new(fb::AlterPartition {
            broker_id: broker_id.0,
            broker_epoch: *broker_epoch,
            topics: topics
                .iter()
                .map(|(id, items)| fb::AlterPartitionTopic {
                    topic_id: record::to_uuid(&id.0),
                    partitions: items
                        .iter()
                        .map(|i| fb::AlterPartitionItem {
                            partition: i.partition,
                            leader_epoch: i.leader_epoch,
                            partition_epoch: i.partition_epoch,
                            new_isr: i
                                .new_isr
                                .iter()
                                .map(|(n, e)| fb::IsrMember {
                                    node: n.0,
                                    broker_epoch: *e,
                                })
                                .collect(),
                            leader_recovery_state: i.leader_recovery_state,
                        })
                        .collect(),
                })
                .collect(),
        })),
        ControllerRequest::ControlledShutdown {
            broker_id,
            broker_epoch,
        } => R::ControlledShutdown(Box::new(fb::ControlledShutdown {
            broker_id: broker_id.0,
            broker_epoch: *broker_epoch,
        })),
        ControllerRequest::ElectLeaders {
            election,
            partitions,
        } => R::ElectLeaders(Box::new(fb::ElectLeaders {
            election_type: election.to_wire(),
            partitions: partitions.as_ref().map(|ps| {
                ps.iter()
                    .map(|(topic, ps)| fb::TopicPartitions {
                        topic: topic.clone(),
                        partitions: ps.clone(),
                    })
                    .collect()
            }),
        })),
        ControllerRequest::AlterPartitionReassignments {
            partitions,
            allow_replication_factor_change,
        } => R::AlterPartitionReassignments(Box::new(fb::AlterPartitionReassignments {
            topics: partitions
                .iter()
                .map(|(topic, ps)| fb::ReassignTopic {
                    topic: topic.clone(),
                    partitions: ps
                        .iter()
                        .map(|(partition, replicas)| fb::ReassignPartition {
                            partition: *partition,
                            replicas: replicas.as_deref().map(|r| r.iter().map(|n| n.0).collect()),
                        })
                        .collect(),
                })
                .collect(),
            allow_replication_factor_change: *allow_replication_factor_change,
        })),
        ControllerRequest::CreateAcls { acls } => R::CreateAcls(Box::new(fb::CreateAcls {
            acls: acls
                .iter()
                .map(|b| record::acl_table(&[0; 16], b))
                .collect(),
        })),
        ControllerRequest::DeleteAcls { filters } => R::DeleteAcls(Box::new(fb::DeleteAcls {
            filters: filters
                .iter()
                .map(|f| fb::AclFilter {
                    resource_type: f.resource_type,
                    resource_name: f.resource_name.clone(),
                    pattern_type: f.pattern_type,
                    principal: f.principal.clone(),
                    host: f.host.clone(),
                    operation: f.operation,
                    permission_type: f.permission,
                })
                .collect(),
        })),
        ControllerRequest::AlterUserScramCredentials {
            deletions,
            upsertions,
        } => R::AlterUserScramCredentials(Box::new(fb::AlterUserScramCredentials {
            deletions: deletions
                .iter()
                .map(|(name, mechanism)| fb::ScramDeletion {
                    name: name.clone(),
                    mechanism: *mechanism,
                })
                .collect(),
            upsertions: upsertions
                .iter()
                .map(|u| {
                    record::record_table(&MetadataRecord::ScramCredential {
                        name: u.name.clone(),
                        mechanism: u.mechanism,
                        credential: u.credential.clone(),
                    })
                })
                .collect(),
        })),
        ControllerRequest::AlterClientQuotas {
            alterations,
            validate_only,
        } => R::AlterClientQuotas(Box::new(fb::AlterClientQuotas {
            alterations: alterations
                .iter()
                .map(|a| fb::QuotaAlteration {
                    entity: record::quota_entity_table(&a.entity),
                    ops: a
                        .ops
                        .iter()
                        .map(|op| fb::QuotaOp {
                            key: op.key.clone(),
                            value: op.value.map_or(0.0, |v| v.0),
                            remove: op.value.is_none(),
                        })
                        .collect(),
                })
                .collect(),
            validate_only: *validate_only,
        })),
    }
}

fn assignments_to_table(assignments: &[Vec<NodeId>]) -> Option<Vec<fb::ReplicaList>> {
    (!assignments.is_empty()).then(|| {
        assignments
            .iter()
            .map(|r| fb::ReplicaList {
                brokers: r.iter().map(|n| n.0).collect(),
            })
            .collect()
    })
}

fn assignments_from_table(
    list: Option<planus::Vector<'_, planus::Result<fb::ReplicaListRef<'_>>>>,
    budget: &mut Budget,
) -> Result<Vec<Vec<NodeId>>, RpcError> {
    let Some(list) = list else {
        return Ok(Vec::new());
    };
    budget.charge(4)?;
    let mut out = Vec::new();
    for r in list {
        budget.charge(TABLE_IN_VECTOR_BYTES_MIN)?;
        out.push(budget.nodes(r?.brokers()?)?);
    }
    Ok(out)
}

/// The smallest encoding of a table in a vector of tables with one vector field.
const TABLE_WITH_VECTOR_BYTES_MIN: usize = TABLE_IN_VECTOR_BYTES_MIN + 4;

/// The smallest encoding of a `FeatureUpdate` table (soffset, name offset, level, type).
const FEATURE_UPDATE_BYTES_MIN: usize = 4 + 4 + 2 + 1;

fn request_from_table(
    request: fb::ControllerRequestRef<'_>,
    budget: &mut Budget,
) -> Result<ControllerRequest, RpcError> {
    use fb::ControllerRequestRef as R;
    Ok(match request {
        R::CreateTopic(r) => ControllerRequest::CreateTopic {
            name: budget.string(r.name()?)?,
            partitions: r.partitions()?,
            replication_factor: r.replication_factor()?,
            configs: config_map(r.configs()?, budget, |v| {
                v.ok_or(RpcError::InvalidValue("a topic config without a value"))
            })?,
            validate_only: r.validate_only()?,
            assignments: assignments_from_table(r.assignments()?, budget)?,
        },
        R::DeleteTopic(r) => ControllerRequest::DeleteTopic {
            id: TopicId(record::uuid_bytes(r.id()?)),
        },
        R::CreatePartitions(r) => ControllerRequest::CreatePartitions {
            topic: budget.string(r.topic()?)?,
            total: r.total()?,
            validate_only: r.validate_only()?,
            assignments: assignments_from_table(r.assignments()?, budget)?,
        },
        R::AlterConfigs(r) => ControllerRequest::AlterConfigs {
            resource: record::config_resource(
                r.resource_type(),
                r.resource_name()?,
                r.broker()?,
                budget,
            )?,
            set: config_map(r.set()?, budget, Ok)?,
            validate_only: r.validate_only()?,
        },
        R::AllocateProducerIds(_) => ControllerRequest::AllocateProducerIds,
        R::RegisterBroker(r) => ControllerRequest::RegisterBroker {
            record: record::decode_record(r.record()?, budget)?,
        },
        R::DescribeQuorum(_) => ControllerRequest::DescribeQuorum,
        R::UpdateFeatures(r) => {
            let list = r.updates()?;
            budget.charge(4)?;
            let mut updates = Vec::new();
            for u in list {
                let u = u?;
                // A table's smallest honest encoding: vtable offset plus its fields.
                budget.charge(FEATURE_UPDATE_BYTES_MIN)?;
                updates.push(crate::features::FeatureUpdate {
                    name: budget.string(u.name()?)?,
                    level: u.level()?,
                    upgrade_type: crate::features::UpgradeType::from_wire(u.upgrade_type()?)
                        .ok_or(RpcError::InvalidValue("an unknown feature upgrade type"))?,
                });
            }
            ControllerRequest::UpdateFeatures {
                updates,
                validate_only: r.validate_only()?,
            }
        }
        R::AddRaftVoter(r) => match record::decode_record(r.voter()?, budget)? {
            MetadataRecord::ControllerEndpoints {
                node_id,
                directory_id,
                listeners,
            } => ControllerRequest::AddRaftVoter {
                node_id,
                directory_id,
                listeners,
                timeout_ms: r.timeout_ms()?,
            },
            _ => {
                return Err(RpcError::InvalidValue(
                    "an AddRaftVoter whose voter is no ControllerEndpoints record",
                ))
            }
        },
        R::RemoveRaftVoter(r) => ControllerRequest::RemoveRaftVoter {
            node_id: NodeId(r.node_id()?),
            directory_id: record::uuid_bytes(r.directory_id()?),
        },
        R::AlterPartition(r) => {
            let mut topics = Vec::new();
            budget.charge(4)?;
            for t in r.topics()? {
                let t = t?;
                budget.charge(TABLE_WITH_VECTOR_BYTES_MIN + 16)?;
                let mut items = Vec::new();
                for i in t.partitions()? {
                    let i = i?;
                    budget.charge(TABLE_WITH_VECTOR_BYTES_MIN)?;
                    let mut new_isr = Vec::new();
                    for m in i.new_isr()? {
                        let m = m?;
                        budget.charge(TABLE_IN_VECTOR_BYTES_MIN)?;
                        new_isr.push((NodeId(m.node()?), m.broker_epoch()?));
                    }
                    items.push(crate::replication::AlterPartitionItem {
                        partition: i.partition()?,
                        leader_epoch: i.leader_epoch()?,
                        partition_epoch: i.partition_epoch()?,
                        new_isr,
                        leader_recovery_state: i.leader_recovery_state()?,
                    });
                }
                topics.push((TopicId(record::uuid_bytes(t.topic_id()?)), items));
            }
            ControllerRequest::AlterPartition {
                broker_id: NodeId(r.broker_id()?),
                broker_epoch: r.broker_epoch()?,
                topics,
            }
        }
        R::ControlledShutdown(r) => ControllerRequest::ControlledShutdown {
            broker_id: NodeId(r.broker_id()?),
            broker_epoch: r.broker_epoch()?,
        },
        R::ElectLeaders(r) => {
            let election = crate::replication::ElectionType::from_wire(r.election_type()?)
                .ok_or(RpcError::InvalidValue("an unknown election type"))?;
            let partitions = match r.partitions()? {
                None => None,
                Some(list) => {
                    budget.charge(4)?;
                    let mut out = Vec::new();
                    for t in list {
                        let t = t?;
                        budget.charge(TABLE_WITH_VECTOR_BYTES_MIN + 4)?;
                        let topic = budget.string(t.topic()?)?;
                        let ps = budget.nodes(t.partitions()?)?;
                        out.push((topic, ps.into_iter().map(|p| p.0).collect()));
                    }
                    Some(out)
                }
            };
            ControllerRequest::ElectLeaders {
                election,
                partitions,
            }
        }
        R::AlterPartitionReassignments(r) => {
            let mut partitions = Vec::new();
            for t in r.topics()? {
                let t = t?;
                budget.charge(TABLE_WITH_VECTOR_BYTES_MIN + 4)?;
                let topic = budget.string(t.topic()?)?;
                let mut ps = Vec::new();
                for p in t.partitions()? {
                    let p = p?;
                    budget.charge(TABLE_WITH_VECTOR_BYTES_MIN)?;
                    let replicas = p.replicas()?.map(|v| budget.nodes(v)).transpose()?;
                    ps.push((p.partition()?, replicas));
                }
                partitions.push((topic, ps));
            }
            ControllerRequest::AlterPartitionReassignments {
                partitions,
                allow_replication_factor_change: r.allow_replication_factor_change()?,
            }
        }
        R::CreateAcls(r) => {
            let mut acls = Vec::new();
            for a in r.acls()? {
                budget.charge(TABLE_IN_VECTOR_BYTES_MIN + 16)?;
                acls.push(record::decode_acl(a?, budget)?);
            }
            ControllerRequest::CreateAcls { acls }
        }
        R::DeleteAcls(r) => {
            let mut filters = Vec::new();
            for f in r.filters()? {
                let f = f?;
                budget.charge(TABLE_IN_VECTOR_BYTES_MIN)?;
                filters.push(crate::acl::AclFilter {
                    resource_type: f.resource_type()?,
                    resource_name: budget.opt_string(f.resource_name()?)?,
                    pattern_type: f.pattern_type()?,
                    principal: budget.opt_string(f.principal()?)?,
                    host: budget.opt_string(f.host()?)?,
                    operation: f.operation()?,
                    permission: f.permission_type()?,
                });
            }
            ControllerRequest::DeleteAcls { filters }
        }
        R::AlterUserScramCredentials(r) => {
            let mut deletions = Vec::new();
            for d in r.deletions()? {
                let d = d?;
                budget.charge(TABLE_WITH_VECTOR_BYTES_MIN)?;
                deletions.push((budget.string(d.name()?)?, d.mechanism()?));
            }
            let mut upsertions = Vec::new();
            for u in record::decode_records(r.upsertions()?, budget)? {
                match u {
                    MetadataRecord::ScramCredential {
                        name,
                        mechanism,
                        credential,
                    } => upsertions.push(crate::scram::ScramUpsertion {
                        name,
                        mechanism,
                        credential,
                    }),
                    _ => return Err(RpcError::InvalidValue(
                        "an AlterUserScramCredentials upsertion that is no ScramCredential record",
                    )),
                }
            }
            ControllerRequest::AlterUserScramCredentials {
                deletions,
                upsertions,
            }
        }
        R::AlterClientQuotas(r) => {
            budget.charge(4)?;
            let mut alterations = Vec::new();
            for a in r.alterations()? {
                let a = a?;
                budget.charge(TABLE_WITH_VECTOR_BYTES_MIN + 4)?;
                let entity = record::decode_quota_entity(a.entity()?, budget)?;
                let mut ops = Vec::new();
                for op in a.ops()? {
                    let op = op?;
                    budget.charge(TABLE_IN_VECTOR_BYTES_MIN)?;
                    let key = budget.string(op.key()?)?;
                    let value = (!op.remove()?).then_some(crate::quotas::QuotaValue(op.value()?));
                    ops.push(crate::quotas::QuotaOp { key, value });
                }
                alterations.push(crate::quotas::QuotaAlteration { entity, ops });
            }
            ControllerRequest::AlterClientQuotas {
                alterations,
                validate_only: r.validate_only()?,
            }
        }
    })
}

fn replicas_to_table(replicas: &[ReplicaStatus]) -> Vec<fb::ReplicaStatus> {
    replicas
        .iter()
        .map(|r| fb::ReplicaStatus {
            node: r.node.0,
            log_end: r.log_end,
            last_contact_ms: r.last_contact_ms,
        })
        .collect()
}

fn replicas_from_table(
    replicas: planus::Vector<'_, planus::Result<fb::ReplicaStatusRef<'_>>>,
    budget: &mut Budget,
) -> Result<Vec<ReplicaStatus>, RpcError> {
    budget.charge(4)?;
    let mut out = Vec::new();
    for r in replicas {
        let r = r?;
        budget.charge(TABLE_IN_VECTOR_BYTES_MIN)?;
        out.push(ReplicaStatus {
            node: NodeId(r.node()?),
            log_end: r.log_end()?,
            last_contact_ms: r.last_contact_ms()?,
        });
    }
    Ok(out)
}

fn result_to_table(result: &Result<ControllerReply, ControllerError>) -> fb::ControllerResult {
    use fb::ControllerResult as R;
    match result {
        Err(e) => R::ControllerError(Box::new(fb::ControllerError {
            error_code: e.code.code(),
            message: e.message.clone(),
        })),
        Ok(reply) => R::ControllerReply(Box::new(fb::ControllerReply {
            index: reply.index,
            records: reply.records.iter().map(record::record_table).collect(),
            producer_ids: reply.producer_ids.map(|(first, size)| {
                Box::new(fb::ProducerIdBlock {
                    first_producer_id: first,
                    block_size: size,
                })
            }),
            quorum: reply.quorum.as_ref().map(|q| {
                Box::new(fb::QuorumStatus {
                    leader: q.leader.map(|n| n.0),
                    term: q.term,
                    high_watermark: q.high_watermark,
                    log_end: q.log_end,
                    voters: replicas_to_table(&q.voters),
                    observers: replicas_to_table(&q.observers),
                })
            }),
            alter_partition: reply.alter_partition.as_ref().map(|topics| {
                topics
                    .iter()
                    .map(|(id, ps)| fb::AlterPartitionTopicResult {
                        topic_id: record::to_uuid(&id.0),
                        partitions: ps
                            .iter()
                            .map(|(p, r)| partition_state_table(*p, r))
                            .collect(),
                    })
                    .collect()
            }),
            elections: reply.elections.as_deref().map(outcomes_to_table),
            may_shut_down: reply.may_shut_down,
            reassignments: reply.reassignments.as_deref().map(outcomes_to_table),
            scram_users: reply.scram_users.as_ref().map(|users| {
                let as_outcomes: Vec<crate::replication::ElectionResult> = users
                    .iter()
                    .map(|(user, outcome)| (user.clone(), 0, outcome.clone()))
                    .collect();
                outcomes_to_table(&as_outcomes)
            }),
            client_quotas: reply.client_quotas.as_ref().map(|entries| {
                let as_outcomes: Vec<crate::replication::ElectionResult> = entries
                    .iter()
                    .enumerate()
                    .map(|(i, outcome)| (String::new(), i as i32, outcome.clone()))
                    .collect();
                outcomes_to_table(&as_outcomes)
            }),
        })),
    }
}

/// Per-partition outcomes (ElectLeaders, AlterPartitionReassignments): code 0 succeeded.
fn outcomes_to_table(outcomes: &[crate::replication::ElectionResult]) -> Vec<fb::ElectionResult> {
    outcomes
        .iter()
        .map(|(topic, partition, outcome)| fb::ElectionResult {
            topic: topic.clone(),
            partition: *partition,
            error_code: outcome.as_ref().map_or(0, |(c, _)| c.code()),
            message: outcome.as_ref().map(|(_, m)| m.clone()),
        })
        .collect()
}

fn outcomes_from_table(
    list: Option<planus::Vector<'_, planus::Result<fb::ElectionResultRef<'_>>>>,
    budget: &mut Budget,
) -> Result<Option<Vec<crate::replication::ElectionResult>>, RpcError> {
    let Some(list) = list else {
        return Ok(None);
    };
    budget.charge(4)?;
    let mut out = Vec::new();
    for e in list {
        let e = e?;
        budget.charge(TABLE_WITH_VECTOR_BYTES_MIN)?;
        let topic = budget.string(e.topic()?)?;
        let message = budget.opt_string(e.message()?)?;
        let code = e.error_code()?;
        let outcome = (code != 0).then(|| (error_code(code), message.unwrap_or_default()));
        out.push((topic, e.partition()?, outcome));
    }
    Ok(Some(out))
}

fn partition_state_table(
    partition: i32,
    result: &Result<crate::replication::PartitionState, ErrorCode>,
) -> fb::PartitionStateResult {
    match result {
        Ok(s) => fb::PartitionStateResult {
            partition,
            error_code: 0,
            leader: s.leader.0,
            leader_epoch: s.leader_epoch,
            partition_epoch: s.partition_epoch,
            replicas: s.replicas.iter().map(|n| n.0).collect(),
            isr: s.isr.iter().map(|n| n.0).collect(),
            leader_recovery_state: s.leader_recovery_state,
        },
        Err(code) => fb::PartitionStateResult {
            partition,
            error_code: code.code(),
            leader: -1,
            leader_epoch: -1,
            partition_epoch: -1,
            replicas: Vec::new(),
            isr: Vec::new(),
            leader_recovery_state: 0,
        },
    }
}

fn error_code(code: i16) -> ErrorCode {
    // A code this node does not know still fails what it answers.
    ErrorCode::from_code(code).unwrap_or(ErrorCode::UnknownServerError)
}

fn result_from_table(
    result: fb::ControllerResultRef<'_>,
    budget: &mut Budget,
) -> Result<Result<ControllerReply, ControllerError>, RpcError> {
    use fb::ControllerResultRef as R;
    let reply = match result {
        R::ControllerError(e) => {
            // A code this node does not know still fails the request.
            let code =
                ErrorCode::from_code(e.error_code()?).unwrap_or(ErrorCode::UnknownServerError);
            return Ok(Err(ControllerError::new(
                code,
                budget.string(e.message()?)?,
            )));
        }
        R::ControllerReply(r) => r,
    };
    let producer_ids = match reply.producer_ids()? {
        Some(block) => Some((block.first_producer_id()?, block.block_size()?)),
        None => None,
    };
    let quorum = match reply.quorum()? {
        Some(q) => Some(QuorumStatus {
            leader: q.leader()?.map(NodeId),
            term: q.term()?,
            high_watermark: q.high_watermark()?,
            log_end: q.log_end()?,
            voters: replicas_from_table(q.voters()?, budget)?,
            observers: replicas_from_table(q.observers()?, budget)?,
        }),
        None => None,
    };
    let alter_partition = match reply.alter_partition()? {
        None => None,
        Some(topics) => {
            budget.charge(4)?;
            let mut out = Vec::new();
            for t in topics {
                let t = t?;
                budget.charge(TABLE_WITH_VECTOR_BYTES_MIN + 16)?;
                let mut ps = Vec::new();
                for p in t.partitions()? {
                    let p = p?;
                    budget.charge(TABLE_WITH_VECTOR_BYTES_MIN + 4)?;
                    let code = p.error_code()?;
                    let result = if code == 0 {
                        Ok(crate::replication::PartitionState {
                            leader: NodeId(p.leader()?),
                            leader_epoch: p.leader_epoch()?,
                            partition_epoch: p.partition_epoch()?,
                            replicas: budget.nodes(p.replicas()?)?,
                            isr: budget.nodes(p.isr()?)?,
                            leader_recovery_state: p.leader_recovery_state()?,
                        })
                    } else {
                        Err(error_code(code))
                    };
                    ps.push((p.partition()?, result));
                }
                out.push((TopicId(record::uuid_bytes(t.topic_id()?)), ps));
            }
            Some(out)
        }
    };
    let elections = outcomes_from_table(reply.elections()?, budget)?;
    let reassignments = outcomes_from_table(reply.reassignments()?, budget)?;
    let scram_users = outcomes_from_table(reply.scram_users()?, budget)?.map(|users| {
        users
            .into_iter()
            .map(|(user, _, outcome)| (user, outcome))
            .collect()
    });
    let client_quotas = outcomes_from_table(reply.client_quotas()?, budget)?
        .map(|entries| entries.into_iter().map(|(_, _, outcome)| outcome).collect());
    Ok(Ok(ControllerReply {
        index: reply.index()?,
        records: record::decode_records(reply.records()?, budget)?,
        producer_ids,
        quorum,
        alter_partition,
        elections,
        may_shut_down: reply.may_shut_down()?,
        reassignments,
        scram_users,
        client_quotas,
    }))
}

#[cfg(test)]
mod tests;
