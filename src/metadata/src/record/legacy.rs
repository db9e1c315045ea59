//! Reader of the first, hand-written batch format (format byte 1), which Sluice wrote before the
//! records became flatbuffers. Kept so that existing data directories open: their snapshot and
//! entries are read with this, and everything written since is flatbuffers (the next snapshot
//! rewrites the whole image in the new format). Nothing writes this format any more.
//!
//! ```text
//! batch  := format_version:u8 (=1) record_count:u32 record*
//! record := type:u16 version:u16 body_len:u32 body
//! ```
//!
//! Integers big-endian. In a body: `string := len:u32 utf8`, `option<string> := len:i32 (-1 =
//! none) utf8`, `list<T> := count:u32 T*`, node ids `i32`, topic ids 16 raw bytes. Bodies of a
//! newer version than 0 may carry trailing fields, which are skipped; a version-0 body must be
//! consumed exactly. Every length is checked against the bytes left before anything is read or
//! allocated, so corrupt input is an error, never a panic or a huge allocation.

use bytes::Buf;
use model::{LeaderEpoch, NodeId, ShardId, TopicId};

use super::{BrokerEndpoint, ConfigResource, DecodeError, MetadataRecord};

/// The format byte of this encoding (the first byte of every batch).
pub(super) const BATCH_FORMAT_VERSION: u8 = 1;
/// The only record version this format ever wrote.
const RECORD_VERSION: u16 = 0;
/// Bytes of a record header: type, version, body length.
const RECORD_HEADER_BYTES: usize = 2 + 2 + 4;

/// Record type ids of this format.
mod record_type {
    pub const REGISTER_BROKER: u16 = 1;
    pub const TOPIC: u16 = 2;
    pub const PARTITION: u16 = 3;
    pub const PARTITION_CHANGE: u16 = 4;
    pub const REMOVE_TOPIC: u16 = 5;
    pub const CONFIG: u16 = 6;
    pub const PRODUCER_IDS: u16 = 7;
}

/// Decodes a batch of this format. Never panics, whatever the bytes.
pub(super) fn decode_batch(bytes: &[u8]) -> Result<Vec<MetadataRecord>, DecodeError> {
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
        let record = decode_body(record_type, &mut body)?;
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
            // This format predates broker epochs and fencing: as every broker registered then.
            broker_epoch: 0,
            fenced: false,
            previous_broker_epoch: -1,
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
            partition_epoch: 0,
            shards: Vec::new(),
            elr: Vec::new(),
            last_known_elr: Vec::new(),
            leader_recovery_state: 0,
            adding_replicas: vec![],
            removing_replicas: vec![],
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
                partition_epoch: None,
                elr: None,
                last_known_elr: None,
                leader_recovery_state: None,
                replicas: None,
                shards: None,
                adding_replicas: None,
                removing_replicas: None,
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
