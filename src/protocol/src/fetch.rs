//! The Fetch response writer. kafka-protocol's encoder copies record bytes into its output
//! buffer; this one writes every field itself and leaves each partition's records as
//! [`FileSlice`]s, so the network layer can sendfile them from the segment files.
//!
//! Covers Fetch v4–v17 (v12+ flexible, v13+ topic ids). Tagged fields are written only when
//! they differ from their defaults, as Kafka does; Sluice has none to write yet.

use crate::parts::{Chunk, FileSlice, ResponseParts};
use bytes::{BufMut, Bytes, BytesMut};

pub const FETCH_VERSION_MIN: i16 = 4;
pub const FETCH_VERSION_MAX: i16 = 17;

#[derive(Clone, Debug, Default)]
pub struct FetchResponseData {
    pub throttle_time_ms: i32,
    pub error_code: i16,
    pub session_id: i32,
    pub topics: Vec<FetchTopicData>,
}

#[derive(Clone, Debug, Default)]
pub struct FetchTopicData {
    pub name: String,
    pub topic_id: [u8; 16],
    pub partitions: Vec<FetchPartitionData>,
}

#[derive(Clone, Debug)]
pub struct FetchPartitionData {
    pub partition_index: i32,
    pub error_code: i16,
    pub high_watermark: i64,
    pub last_stable_offset: i64,
    pub log_start_offset: i64,
    /// `None` for read_uncommitted (Kafka writes null), `Some(vec![])` for read_committed.
    pub aborted_transactions: Option<Vec<(i64, i64)>>,
    pub preferred_read_replica: i32,
    /// Record bytes, in log order, as file ranges.
    pub records: Vec<FileSlice>,
    /// v12+: (epoch, end offset) where a follower's log diverges from the leader's (KIP-320),
    /// tagged field 0; `None` is Kafka's default (-1, -1), not written.
    pub diverging_epoch: Option<(i32, i64)>,
}

impl FetchPartitionData {
    /// A partition answer with an error and no records.
    pub fn error(partition_index: i32, error_code: i16) -> Self {
        FetchPartitionData {
            partition_index,
            error_code,
            high_watermark: -1,
            last_stable_offset: -1,
            log_start_offset: -1,
            aborted_transactions: None,
            preferred_read_replica: -1,
            records: Vec::new(),
            diverging_epoch: None,
        }
    }

    pub fn records_len(&self) -> usize {
        self.records.iter().map(|r| r.len as usize).sum()
    }
}

/// Writes the response frame (size prefix and header included) as chunks.
pub fn encode_fetch_response(
    version: i16,
    correlation_id: i32,
    data: &FetchResponseData,
) -> ResponseParts {
    debug_assert!((FETCH_VERSION_MIN..=FETCH_VERSION_MAX).contains(&version));
    let flexible = version >= 12;
    let mut w = Writer {
        buf: BytesMut::with_capacity(128),
        chunks: Vec::new(),
        flexible,
    };
    w.buf.put_i32(0); // size, patched below
    w.buf.put_i32(correlation_id);
    if flexible {
        w.tagged_fields_empty(); // response header v1
    }
    w.buf.put_i32(data.throttle_time_ms);
    if version >= 7 {
        w.buf.put_i16(data.error_code);
        w.buf.put_i32(data.session_id);
    }
    w.array_len(data.topics.len());
    for topic in &data.topics {
        if version >= 13 {
            w.buf.put_slice(&topic.topic_id);
        } else {
            w.string(&topic.name);
        }
        w.array_len(topic.partitions.len());
        for p in &topic.partitions {
            write_partition(&mut w, version, p);
        }
        if flexible {
            w.tagged_fields_empty();
        }
    }
    if flexible {
        w.tagged_fields_empty();
    }
    w.finish()
}

fn write_partition(w: &mut Writer, version: i16, p: &FetchPartitionData) {
    w.buf.put_i32(p.partition_index);
    w.buf.put_i16(p.error_code);
    w.buf.put_i64(p.high_watermark);
    w.buf.put_i64(p.last_stable_offset);
    if version >= 5 {
        w.buf.put_i64(p.log_start_offset);
    }
    match &p.aborted_transactions {
        None => w.null_array(),
        Some(aborted) => {
            w.array_len(aborted.len());
            for (producer_id, first_offset) in aborted {
                w.buf.put_i64(*producer_id);
                w.buf.put_i64(*first_offset);
                if w.flexible {
                    w.tagged_fields_empty();
                }
            }
        }
    }
    if version >= 11 {
        w.buf.put_i32(p.preferred_read_replica);
    }
    let records_len = p.records_len();
    if w.flexible {
        put_uvarint(&mut w.buf, records_len as u32 + 1);
    } else {
        w.buf.put_i32(records_len as i32);
    }
    for slice in &p.records {
        if slice.len > 0 {
            w.file(slice.clone());
        }
    }
    if w.flexible {
        match p.diverging_epoch {
            None => w.tagged_fields_empty(),
            Some((epoch, end_offset)) => {
                // One tagged field: tag 0, DivergingEpoch { Epoch int32, EndOffset int64,
                // no tagged fields } = 13 bytes.
                put_uvarint(&mut w.buf, 1);
                put_uvarint(&mut w.buf, 0);
                put_uvarint(&mut w.buf, 13);
                w.buf.put_i32(epoch);
                w.buf.put_i64(end_offset);
                w.tagged_fields_empty();
            }
        }
    }
}

struct Writer {
    buf: BytesMut,
    chunks: Vec<Chunk>,
    flexible: bool,
}

impl Writer {
    fn array_len(&mut self, len: usize) {
        if self.flexible {
            put_uvarint(&mut self.buf, len as u32 + 1);
        } else {
            self.buf.put_i32(len as i32);
        }
    }

    fn null_array(&mut self) {
        if self.flexible {
            put_uvarint(&mut self.buf, 0);
        } else {
            self.buf.put_i32(-1);
        }
    }

    fn string(&mut self, s: &str) {
        if self.flexible {
            put_uvarint(&mut self.buf, s.len() as u32 + 1);
        } else {
            self.buf.put_i16(s.len() as i16);
        }
        self.buf.put_slice(s.as_bytes());
    }

    fn tagged_fields_empty(&mut self) {
        self.buf.put_u8(0);
    }

    fn file(&mut self, slice: FileSlice) {
        self.flush_bytes();
        self.chunks.push(Chunk::File(slice));
    }

    fn flush_bytes(&mut self) {
        if !self.buf.is_empty() {
            let bytes: Bytes = self.buf.split().freeze();
            self.chunks.push(Chunk::Bytes(bytes));
        }
    }

    fn finish(mut self) -> ResponseParts {
        self.flush_bytes();
        let mut parts = ResponseParts {
            chunks: self.chunks,
        };
        let size = (parts.len() - crate::FRAME_SIZE_PREFIX_LEN) as i32;
        // The first chunk always holds the size prefix and the header.
        if let Some(Chunk::Bytes(first)) = parts.chunks.first_mut() {
            let mut patched = BytesMut::from(&first[..]);
            patched[..4].copy_from_slice(&size.to_be_bytes());
            *first = patched.freeze();
        }
        parts
    }
}

fn put_uvarint(buf: &mut BytesMut, mut v: u32) {
    while v >= 0x80 {
        buf.put_u8((v as u8) | 0x80);
        v >>= 7;
    }
    buf.put_u8(v as u8);
}

#[cfg(test)]
mod tests {
    use super::*;
    use kafka_protocol::messages::fetch_response::{
        AbortedTransaction, FetchableTopicResponse, PartitionData,
    };
    use kafka_protocol::messages::{
        ApiKey, FetchResponse, ResponseHeader, ResponseKind, TopicName,
    };
    use kafka_protocol::protocol::{Encodable, StrBytes};
    use std::io::Write;
    use std::os::unix::fs::FileExt;
    use std::sync::Arc;

    fn flatten(parts: &ResponseParts) -> Vec<u8> {
        let mut out = Vec::new();
        for c in &parts.chunks {
            match c {
                Chunk::Bytes(b) => out.extend_from_slice(b),
                Chunk::File(f) => {
                    let mut buf = vec![0; f.len as usize];
                    f.file.read_exact_at(&mut buf, f.position).unwrap();
                    out.extend_from_slice(&buf);
                }
            }
        }
        out
    }

    /// Our writer must produce exactly the bytes kafka-protocol's encoder produces, for every
    /// version, with and without aborted transactions and records.
    #[test]
    fn matches_kafka_protocol_encoder_for_every_version() {
        let mut file = tempfile::tempfile().unwrap();
        let content: Vec<u8> = (0..300u32).map(|i| (i * 7) as u8).collect();
        file.write_all(&content).unwrap();
        let file = Arc::new(file);
        let topic_id = [9u8; 16];
        let ours = FetchResponseData {
            throttle_time_ms: 5,
            error_code: 0,
            session_id: 42,
            topics: vec![FetchTopicData {
                name: "orders".into(),
                topic_id,
                partitions: vec![
                    FetchPartitionData {
                        partition_index: 0,
                        error_code: 0,
                        high_watermark: 100,
                        last_stable_offset: 100,
                        log_start_offset: 3,
                        aborted_transactions: None,
                        preferred_read_replica: -1,
                        records: vec![
                            FileSlice {
                                file: file.clone(),
                                position: 10,
                                len: 100,
                            },
                            FileSlice {
                                file: file.clone(),
                                position: 150,
                                len: 50,
                            },
                        ],
                        diverging_epoch: None,
                    },
                    FetchPartitionData {
                        aborted_transactions: Some(vec![(7, 8)]),
                        ..FetchPartitionData::error(1, 1)
                    },
                ],
            }],
        };
        let mut records = content[10..110].to_vec();
        records.extend_from_slice(&content[150..200]);
        for version in FETCH_VERSION_MIN..=FETCH_VERSION_MAX {
            let rr = kafka_protocol::messages::BrokerId(-1);
            let mut topic = FetchableTopicResponse::default();
            if version >= 13 {
                topic = topic.with_topic_id(uuid::Uuid::from_bytes(topic_id));
            } else {
                topic = topic.with_topic(TopicName(StrBytes::from_static_str("orders")));
            }
            let theirs = FetchResponse::default()
                .with_throttle_time_ms(5)
                .with_error_code(0)
                .with_session_id(if version >= 7 { 42 } else { 0 })
                .with_responses(vec![topic.with_partitions(vec![
                    PartitionData::default()
                        .with_partition_index(0)
                        .with_high_watermark(100)
                        .with_last_stable_offset(100)
                        .with_log_start_offset(if version >= 5 { 3 } else { -1 })
                        .with_aborted_transactions(None)
                        .with_preferred_read_replica(rr)
                        .with_records(Some(Bytes::from(records.clone()))),
                    PartitionData::default()
                        .with_partition_index(1)
                        .with_error_code(1)
                        .with_high_watermark(-1)
                        .with_last_stable_offset(-1)
                        .with_log_start_offset(-1)
                        .with_aborted_transactions(Some(vec![AbortedTransaction::default()
                            .with_producer_id(kafka_protocol::messages::ProducerId(7))
                            .with_first_offset(8)]))
                        .with_preferred_read_replica(rr)
                        .with_records(Some(Bytes::new())),
                ])]);
            let mut expected = BytesMut::new();
            expected.put_i32(0);
            ResponseHeader::default()
                .with_correlation_id(77)
                .encode(
                    &mut expected,
                    ApiKey::Fetch.response_header_version(version),
                )
                .unwrap();
            ResponseKind::Fetch(theirs)
                .encode(&mut expected, version)
                .unwrap();
            let size = (expected.len() - 4) as i32;
            expected[..4].copy_from_slice(&size.to_be_bytes());

            let parts = encode_fetch_response(version, 77, &ours);
            assert_eq!(parts.file_bytes(), 150, "v{version}");
            assert_eq!(
                flatten(&parts),
                expected.to_vec(),
                "fetch v{version} differs"
            );
        }
    }

    /// A follower's answer with a diverging epoch (KIP-320) decodes as Kafka writes it: the
    /// tagged field on flexible versions, absent (nothing written) before them.
    #[test]
    fn diverging_epoch_is_a_tagged_field_kafka_decodes() {
        use kafka_protocol::protocol::Decodable;
        for version in 12..=FETCH_VERSION_MAX {
            let ours = FetchResponseData {
                throttle_time_ms: 0,
                error_code: 0,
                session_id: 0,
                topics: vec![FetchTopicData {
                    name: "orders".into(),
                    topic_id: [3u8; 16],
                    partitions: vec![FetchPartitionData {
                        high_watermark: 40,
                        last_stable_offset: 40,
                        log_start_offset: 0,
                        error_code: 0,
                        diverging_epoch: Some((4, 37)),
                        ..FetchPartitionData::error(2, 0)
                    }],
                }],
            };
            let mut frame = Bytes::from(flatten(&encode_fetch_response(version, 5, &ours)));
            bytes::Buf::advance(&mut frame, 4);
            ResponseHeader::decode(&mut frame, ApiKey::Fetch.response_header_version(version))
                .unwrap();
            let decoded = FetchResponse::decode(&mut frame, version).unwrap();
            assert!(frame.is_empty(), "v{version}: trailing bytes");
            let p = &decoded.responses[0].partitions[0];
            assert_eq!(p.partition_index, 2);
            assert_eq!(p.high_watermark, 40);
            assert_eq!(
                (p.diverging_epoch.epoch, p.diverging_epoch.end_offset),
                (4, 37),
                "v{version}"
            );
        }
    }
}
