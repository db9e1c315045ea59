//! Metadata records and their versioned binary encoding.
//!
//! One raft entry carries one *batch* of records, applied atomically:
//!
//! ```text
//! batch  := format_version:u8 (=1) record_count:u32 record*
//! record := type:u16 version:u16 body_len:u32 body
//! ```
//!
//! All integers are big-endian. Inside a body: `string := len:u32 utf8`, `option<string> := len:i32
//! (-1 = none) utf8`, `list<T> := count:u32 T*`, node ids `i32`, topic ids 16 raw bytes. A body of a
//! *newer* version than this code knows may carry trailing fields we skip (fields are only ever
//! appended); a body of a known version must be consumed exactly. Decoding checks every length
//! against the bytes left, so corrupt input is an error, never a panic or a huge allocation.

use bytes::{Buf, BufMut, Bytes, BytesMut};
use model::{LeaderEpoch, NodeId, ShardId, TopicId};

/// Version of the batch framing written by this code.
const BATCH_FORMAT_VERSION: u8 = 1;
/// Version of every record body written by this code (all record types are at version 0 today).
const RECORD_VERSION: u16 = 0;
/// Bytes of a record header: type, version, body length.
const RECORD_HEADER_BYTES: usize = 2 + 2 + 4;

/// Why a batch could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("truncated: needed {needed} more bytes at byte {at}")]
    Truncated { at: usize, needed: usize },
    #[error("unknown batch format version {0}")]
    UnknownBatchVersion(u8),
    #[error("unknown record type {0}")]
    UnknownRecordType(u16),
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
    RegisterBroker {
        node_id: NodeId,
        listeners: Vec<BrokerEndpoint>,
        rack: Option<String>,
        num_shards: u16,
        incarnation_id: [u8; 16],
    },
    Topic {
        name: String,
        id: TopicId,
    },
    Partition {
        topic_id: TopicId,
        partition: i32,
        leader: NodeId,
        leader_epoch: LeaderEpoch,
        replicas: Vec<NodeId>,
        isr: Vec<NodeId>,
        shard: ShardId,
    },
    PartitionChange {
        topic_id: TopicId,
        partition: i32,
        leader: Option<NodeId>,
        leader_epoch: LeaderEpoch,
        isr: Option<Vec<NodeId>>,
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
}

/// Record type ids on disk. Never reuse a retired id.
mod record_type {
    pub const REGISTER_BROKER: u16 = 1;
    pub const TOPIC: u16 = 2;
    pub const PARTITION: u16 = 3;
    pub const PARTITION_CHANGE: u16 = 4;
    pub const REMOVE_TOPIC: u16 = 5;
    pub const CONFIG: u16 = 6;
    pub const PRODUCER_IDS: u16 = 7;
}

impl MetadataRecord {
    fn type_id(&self) -> u16 {
        match self {
            MetadataRecord::RegisterBroker { .. } => record_type::REGISTER_BROKER,
            MetadataRecord::Topic { .. } => record_type::TOPIC,
            MetadataRecord::Partition { .. } => record_type::PARTITION,
            MetadataRecord::PartitionChange { .. } => record_type::PARTITION_CHANGE,
            MetadataRecord::RemoveTopic { .. } => record_type::REMOVE_TOPIC,
            MetadataRecord::Config { .. } => record_type::CONFIG,
            MetadataRecord::ProducerIds { .. } => record_type::PRODUCER_IDS,
        }
    }

    fn encode_body(&self, out: &mut BytesMut) {
        match self {
            MetadataRecord::RegisterBroker {
                node_id,
                listeners,
                rack,
                num_shards,
                incarnation_id,
            } => {
                out.put_i32(node_id.0);
                put_len(out, listeners.len());
                for l in listeners {
                    put_string(out, &l.name);
                    put_string(out, &l.host);
                    out.put_u16(l.port);
                    out.put_i16(l.security_protocol);
                }
                put_opt_string(out, rack.as_deref());
                out.put_u16(*num_shards);
                out.put_slice(incarnation_id);
            }
            MetadataRecord::Topic { name, id } => {
                put_string(out, name);
                out.put_slice(&id.0);
            }
            MetadataRecord::Partition {
                topic_id,
                partition,
                leader,
                leader_epoch,
                replicas,
                isr,
                shard,
            } => {
                out.put_slice(&topic_id.0);
                out.put_i32(*partition);
                out.put_i32(leader.0);
                out.put_i32(leader_epoch.0);
                put_nodes(out, replicas);
                put_nodes(out, isr);
                out.put_u16(shard.0);
            }
            MetadataRecord::PartitionChange {
                topic_id,
                partition,
                leader,
                leader_epoch,
                isr,
            } => {
                out.put_slice(&topic_id.0);
                out.put_i32(*partition);
                put_presence(out, leader.is_some());
                out.put_i32(leader.map_or(-1, |n| n.0));
                out.put_i32(leader_epoch.0);
                put_presence(out, isr.is_some());
                put_nodes(out, isr.as_deref().unwrap_or(&[]));
            }
            MetadataRecord::RemoveTopic { id } => out.put_slice(&id.0),
            MetadataRecord::Config {
                resource,
                name,
                value,
            } => {
                match resource {
                    ConfigResource::Broker(node) => {
                        out.put_u8(0);
                        put_presence(out, node.is_some());
                        out.put_i32(node.map_or(-1, |n| n.0));
                    }
                    ConfigResource::Topic(topic) => {
                        out.put_u8(1);
                        put_string(out, topic);
                    }
                    ConfigResource::Group(group) => {
                        out.put_u8(2);
                        put_string(out, group);
                    }
                }
                put_string(out, name);
                put_opt_string(out, value.as_deref());
            }
            MetadataRecord::ProducerIds {
                broker,
                first_producer_id,
                block_size,
            } => {
                out.put_i32(broker.0);
                out.put_i64(*first_producer_id);
                out.put_i32(*block_size);
            }
        }
    }

    fn decode_body(record_type: u16, r: &mut Reader) -> Result<MetadataRecord, DecodeError> {
        let record = match record_type {
            record_type::REGISTER_BROKER => MetadataRecord::RegisterBroker {
                node_id: NodeId(r.i32()?),
                listeners: r.list(|r| {
                    Ok(BrokerEndpoint {
                        name: r.string()?,
                        host: r.string()?,
                        port: r.u16()?,
                        security_protocol: r.i16()?,
                    })
                })?,
                rack: r.opt_string()?,
                num_shards: r.u16()?,
                incarnation_id: r.array16()?,
            },
            record_type::TOPIC => MetadataRecord::Topic {
                name: r.string()?,
                id: TopicId(r.array16()?),
            },
            record_type::PARTITION => MetadataRecord::Partition {
                topic_id: TopicId(r.array16()?),
                partition: r.i32()?,
                leader: NodeId(r.i32()?),
                leader_epoch: LeaderEpoch(r.i32()?),
                replicas: r.nodes()?,
                isr: r.nodes()?,
                shard: ShardId(r.u16()?),
            },
            record_type::PARTITION_CHANGE => {
                let topic_id = TopicId(r.array16()?);
                let partition = r.i32()?;
                let has_leader = r.presence()?;
                let leader = NodeId(r.i32()?);
                let leader_epoch = LeaderEpoch(r.i32()?);
                let has_isr = r.presence()?;
                let isr = r.nodes()?;
                MetadataRecord::PartitionChange {
                    topic_id,
                    partition,
                    leader: has_leader.then_some(leader),
                    leader_epoch,
                    isr: has_isr.then_some(isr),
                }
            }
            record_type::REMOVE_TOPIC => MetadataRecord::RemoveTopic {
                id: TopicId(r.array16()?),
            },
            record_type::CONFIG => {
                let resource = match r.u8()? {
                    0 => {
                        let has_node = r.presence()?;
                        let node = NodeId(r.i32()?);
                        ConfigResource::Broker(has_node.then_some(node))
                    }
                    1 => ConfigResource::Topic(r.string()?),
                    2 => ConfigResource::Group(r.string()?),
                    _ => return Err(DecodeError::InvalidValue("config resource type")),
                };
                MetadataRecord::Config {
                    resource,
                    name: r.string()?,
                    value: r.opt_string()?,
                }
            }
            record_type::PRODUCER_IDS => MetadataRecord::ProducerIds {
                broker: NodeId(r.i32()?),
                first_producer_id: r.i64()?,
                block_size: r.i32()?,
            },
            other => return Err(DecodeError::UnknownRecordType(other)),
        };
        Ok(record)
    }
}

/// Encodes `records` as one batch (the payload of one raft entry).
pub fn encode_batch(records: &[MetadataRecord]) -> Bytes {
    let mut out = BytesMut::with_capacity(64 * (records.len() + 1));
    out.put_u8(BATCH_FORMAT_VERSION);
    put_len(&mut out, records.len());
    for record in records {
        out.put_u16(record.type_id());
        out.put_u16(RECORD_VERSION);
        let len_at = out.len();
        out.put_u32(0);
        let body_at = out.len();
        record.encode_body(&mut out);
        let body_len = u32::try_from(out.len() - body_at).expect("a record body fits in u32");
        out[len_at..body_at].copy_from_slice(&body_len.to_be_bytes());
    }
    out.freeze()
}

/// Decodes a batch written by [`encode_batch`]. Never panics, whatever the bytes.
pub fn decode_batch(bytes: &[u8]) -> Result<Vec<MetadataRecord>, DecodeError> {
    let mut r = Reader::new(bytes);
    let version = r.u8()?;
    if version != BATCH_FORMAT_VERSION {
        return Err(DecodeError::UnknownBatchVersion(version));
    }
    let count = r.u32()? as usize;
    // Each record takes at least its header: a count beyond that is corrupt, and we must not
    // pre-allocate for it.
    r.need(count.saturating_mul(RECORD_HEADER_BYTES))?;
    let mut records = Vec::with_capacity(count);
    for _ in 0..count {
        let record_type = r.u16()?;
        let version = r.u16()?;
        let body_len = r.u32()? as usize;
        let mut body = Reader::new(r.take(body_len)?);
        body.at = r.at - body_len;
        let record = MetadataRecord::decode_body(record_type, &mut body)?;
        // Only a newer writer may have appended fields we do not know.
        let written_by_newer_code = version > RECORD_VERSION;
        if body.remaining() > 0 && !written_by_newer_code {
            return Err(DecodeError::TrailingBytes {
                record_type,
                version,
                bytes: body.remaining(),
            });
        }
        records.push(record);
    }
    if r.remaining() > 0 {
        return Err(DecodeError::InvalidValue("bytes after the last record"));
    }
    Ok(records)
}

fn put_len(out: &mut BytesMut, len: usize) {
    out.put_u32(u32::try_from(len).expect("a metadata list holds fewer than 2^32 items"));
}

fn put_presence(out: &mut BytesMut, present: bool) {
    out.put_u8(u8::from(present));
}

fn put_string(out: &mut BytesMut, s: &str) {
    // Strings come from requests bounded far below 4 GiB (`socket.request.max.bytes`).
    let len = u32::try_from(s.len()).expect("metadata strings are shorter than 4 GiB");
    out.put_u32(len);
    out.put_slice(s.as_bytes());
}

fn put_opt_string(out: &mut BytesMut, s: Option<&str>) {
    match s {
        None => out.put_i32(-1),
        Some(s) => {
            let len = i32::try_from(s.len()).expect("metadata strings are shorter than 2 GiB");
            out.put_i32(len);
            out.put_slice(s.as_bytes());
        }
    }
}

fn put_nodes(out: &mut BytesMut, nodes: &[NodeId]) {
    put_len(out, nodes.len());
    for n in nodes {
        out.put_i32(n.0);
    }
}

/// A bounds-checked cursor: every read checks the bytes left first.
struct Reader<'a> {
    buf: &'a [u8],
    /// Position in the whole batch, for error messages.
    at: usize,
}

impl<'a> Reader<'a> {
    fn new(buf: &'a [u8]) -> Self {
        Reader { buf, at: 0 }
    }

    fn remaining(&self) -> usize {
        self.buf.len()
    }

    fn need(&self, bytes: usize) -> Result<(), DecodeError> {
        if self.buf.len() < bytes {
            return Err(DecodeError::Truncated {
                at: self.at,
                needed: bytes - self.buf.len(),
            });
        }
        Ok(())
    }

    fn take(&mut self, bytes: usize) -> Result<&'a [u8], DecodeError> {
        self.need(bytes)?;
        let (head, tail) = self.buf.split_at(bytes);
        self.buf = tail;
        self.at += bytes;
        Ok(head)
    }

    fn u8(&mut self) -> Result<u8, DecodeError> {
        Ok(self.take(1)?.get_u8())
    }

    fn u16(&mut self) -> Result<u16, DecodeError> {
        Ok(self.take(2)?.get_u16())
    }

    fn i16(&mut self) -> Result<i16, DecodeError> {
        Ok(self.take(2)?.get_i16())
    }

    fn u32(&mut self) -> Result<u32, DecodeError> {
        Ok(self.take(4)?.get_u32())
    }

    fn i32(&mut self) -> Result<i32, DecodeError> {
        Ok(self.take(4)?.get_i32())
    }

    fn i64(&mut self) -> Result<i64, DecodeError> {
        Ok(self.take(8)?.get_i64())
    }

    fn array16(&mut self) -> Result<[u8; 16], DecodeError> {
        let mut out = [0u8; 16];
        out.copy_from_slice(self.take(16)?);
        Ok(out)
    }

    fn presence(&mut self) -> Result<bool, DecodeError> {
        match self.u8()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(DecodeError::InvalidValue("presence flag")),
        }
    }

    fn utf8(&mut self, len: usize) -> Result<String, DecodeError> {
        let bytes = self.take(len)?;
        std::str::from_utf8(bytes)
            .map(str::to_owned)
            .map_err(|_| DecodeError::InvalidUtf8)
    }

    fn string(&mut self) -> Result<String, DecodeError> {
        let len = self.u32()? as usize;
        self.utf8(len)
    }

    fn opt_string(&mut self) -> Result<Option<String>, DecodeError> {
        match self.i32()? {
            -1 => Ok(None),
            len if len < 0 => Err(DecodeError::InvalidValue("negative string length")),
            len => self.utf8(len as usize).map(Some),
        }
    }

    /// A `count:u32` list of items read by `item`.
    fn list<T>(
        &mut self,
        mut item: impl FnMut(&mut Self) -> Result<T, DecodeError>,
    ) -> Result<Vec<T>, DecodeError> {
        let count = self.u32()? as usize;
        // Every list item is at least one byte: bounds the allocation by the input size.
        self.need(count)?;
        let mut items = Vec::with_capacity(count);
        for _ in 0..count {
            items.push(item(self)?);
        }
        Ok(items)
    }

    fn nodes(&mut self) -> Result<Vec<NodeId>, DecodeError> {
        self.list(|r| Ok(NodeId(r.i32()?)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn every_record() -> Vec<MetadataRecord> {
        let id = TopicId([7; 16]);
        vec![
            MetadataRecord::RegisterBroker {
                node_id: NodeId(3),
                listeners: vec![
                    BrokerEndpoint {
                        name: "PLAINTEXT".into(),
                        host: "127.0.0.1".into(),
                        port: 9092,
                        security_protocol: 0,
                    },
                    BrokerEndpoint {
                        name: "SSL".into(),
                        host: "broker.example".into(),
                        port: 9093,
                        security_protocol: 1,
                    },
                ],
                rack: Some("r1".into()),
                num_shards: 8,
                incarnation_id: [9; 16],
            },
            MetadataRecord::RegisterBroker {
                node_id: NodeId(0),
                listeners: vec![],
                rack: None,
                num_shards: 1,
                incarnation_id: [0; 16],
            },
            MetadataRecord::Topic {
                name: "orders".into(),
                id,
            },
            MetadataRecord::Partition {
                topic_id: id,
                partition: 2,
                leader: NodeId(1),
                leader_epoch: LeaderEpoch(4),
                replicas: vec![NodeId(1), NodeId(2)],
                isr: vec![NodeId(1)],
                shard: ShardId(3),
            },
            MetadataRecord::PartitionChange {
                topic_id: id,
                partition: 2,
                leader: Some(NodeId(2)),
                leader_epoch: LeaderEpoch(5),
                isr: Some(vec![NodeId(2), NodeId(1)]),
            },
            MetadataRecord::PartitionChange {
                topic_id: id,
                partition: 0,
                leader: None,
                leader_epoch: LeaderEpoch(1),
                isr: None,
            },
            MetadataRecord::RemoveTopic { id },
            MetadataRecord::Config {
                resource: ConfigResource::Topic("orders".into()),
                name: "retention.ms".into(),
                value: Some("1000".into()),
            },
            MetadataRecord::Config {
                resource: ConfigResource::Broker(None),
                name: "log.retention.ms".into(),
                value: None,
            },
            MetadataRecord::Config {
                resource: ConfigResource::Broker(Some(NodeId(5))),
                name: "x".into(),
                value: None,
            },
            MetadataRecord::Config {
                resource: ConfigResource::Group("g".into()),
                name: "x".into(),
                value: Some(String::new()),
            },
            MetadataRecord::ProducerIds {
                broker: NodeId(1),
                first_producer_id: 1000,
                block_size: 1000,
            },
        ]
    }

    #[test]
    fn every_record_round_trips_alone_and_in_a_batch() {
        let records = every_record();
        for record in &records {
            let bytes = encode_batch(std::slice::from_ref(record));
            assert_eq!(decode_batch(&bytes).unwrap(), vec![record.clone()]);
        }
        let bytes = encode_batch(&records);
        assert_eq!(decode_batch(&bytes).unwrap(), records);
        assert_eq!(decode_batch(&encode_batch(&[])).unwrap(), vec![]);
    }

    #[test]
    fn every_truncation_is_an_error() {
        let bytes = encode_batch(&every_record());
        for len in 0..bytes.len() {
            assert!(
                decode_batch(&bytes[..len]).is_err(),
                "prefix of {len} bytes"
            );
        }
    }

    #[test]
    fn newer_record_versions_may_append_fields() {
        let record = MetadataRecord::RemoveTopic {
            id: TopicId([1; 16]),
        };
        let mut bytes = BytesMut::from(&encode_batch(std::slice::from_ref(&record))[..]);
        // Bump the version to 1, append one byte of a future field and fix the body length.
        bytes[8] = 1;
        bytes[9..13].copy_from_slice(&17u32.to_be_bytes());
        bytes.put_u8(0xaa);
        assert_eq!(decode_batch(&bytes).unwrap(), vec![record]);
        // The same trailing byte at the known version is corruption.
        bytes[8] = 0;
        assert!(matches!(
            decode_batch(&bytes),
            Err(DecodeError::TrailingBytes { .. })
        ));
    }

    /// xorshift64*: a tiny deterministic generator so a failure replays from the printed seed.
    pub(crate) struct Rng(pub u64);
    impl Rng {
        pub fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
        }
    }

    #[test]
    fn random_and_mutated_bytes_never_panic() {
        let seed = 0x5eed_1234_abcd_0001u64;
        println!("seed = {seed:#x}");
        let mut rng = Rng(seed);
        let valid = encode_batch(&every_record());
        for _ in 0..20_000 {
            let len = (rng.next() % 96) as usize;
            let random: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
            let _ = decode_batch(&random);
            // A valid batch with a few flipped bytes reaches deeper into the decoder.
            let mut mutated = valid.to_vec();
            for _ in 0..1 + rng.next() % 4 {
                let at = (rng.next() % mutated.len() as u64) as usize;
                mutated[at] = rng.next() as u8;
            }
            let _ = decode_batch(&mutated);
        }
    }
}
