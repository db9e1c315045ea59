//! `/api/topics/{name}/partitions/{p}/records?offset=N|timestamp=T|latest=N&limit=M`: records
//! read through the partition owner's shard as Fetch reads them (`PartitionOp::Read`: file
//! slices up to the high watermark), the slices' bytes read on glommio's blocking pool (never
//! on the reactor), and the batches decoded here: decompressed within a bound, control batches
//! skipped, each record's key, value, headers, timestamp and offset.
//!
//! Bounds: at most `READ_BYTES_MAX` of batches read, `RECORDS_MAX` records and about
//! `RESPONSE_BYTES_MAX` of JSON answered; a limit above `RECORDS_MAX` is clamped (the answer
//! says so).

use super::query::Query;
use super::ApiError;
use super::Ctx;
use kafka_protocol::messages::list_offsets_request::{ListOffsetsPartition, ListOffsetsTopic};
use kafka_protocol::messages::{ListOffsetsRequest, RequestKind, ResponseKind, TopicName};
use kafka_protocol::protocol::StrBytes;
use model::NodeId;
use protocol::FileSlice;
use runtime::{PartitionKey, PartitionOp, PartitionResult};
use serde_json::{json, Value};

/// Records answered at most.
pub(crate) const RECORDS_MAX: usize = 500;
/// Records answered when no limit is asked.
const RECORDS_DEFAULT: usize = 50;
/// Batch bytes read from the log at most per call.
pub(crate) const READ_BYTES_MAX: u32 = 1024 * 1024;
/// A compressed batch decompressed at most to this (Kafka's default batch limit is 1 MiB;
/// a larger one is shown as undecodable).
const DECOMPRESSED_BYTES_MAX: usize = 8 * 1024 * 1024;
/// The JSON answer stops growing past about this.
const RESPONSE_BYTES_MAX: usize = 4 * 1024 * 1024;
/// Of one key or value, at most this many bytes are shown (the rest is cut, and said so).
const FIELD_BYTES_MAX: usize = 64 * 1024;
/// Kafka's ListOffsets specials.
const LATEST: i64 = -1;
const EARLIEST: i64 = -2;

/// Where the read starts.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum From {
    Offset(i64),
    Timestamp(i64),
    /// The last N records below the high watermark.
    Latest(i64),
}

#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Wanted {
    pub(crate) from: From,
    pub(crate) limit: usize,
    /// The asked limit was above `RECORDS_MAX`.
    pub(crate) clamped: bool,
}

impl Wanted {
    pub(crate) fn from_query(q: &Query) -> Result<Wanted, ApiError> {
        let offset = q.int("offset", 0, i64::MAX)?;
        let timestamp = q.int("timestamp", 0, i64::MAX)?;
        let latest = q.int("latest", 1, i64::MAX)?;
        let asked = q.int("limit", 1, i64::MAX)?;
        let from = match (offset, timestamp, latest) {
            (Some(o), None, None) => From::Offset(o),
            (None, Some(t), None) => From::Timestamp(t),
            (None, None, Some(n)) => From::Latest(n.min(RECORDS_MAX as i64)),
            (None, None, None) => From::Latest(RECORDS_DEFAULT as i64),
            _ => {
                return Err(ApiError::bad_request(
                    "give one of offset, timestamp or latest",
                ))
            }
        };
        let default = match from {
            From::Latest(n) => n as usize,
            _ => RECORDS_DEFAULT,
        };
        let asked = asked.map_or(default, |n| usize::try_from(n).unwrap_or(usize::MAX));
        Ok(Wanted {
            from,
            limit: asked.min(RECORDS_MAX),
            clamped: asked > RECORDS_MAX,
        })
    }
}

/// ListOffsets for one partition through its handler: the offset for `timestamp` (or -1).
async fn list_offset(
    ctx: &Ctx<'_>,
    topic: &str,
    partition: i32,
    timestamp: i64,
) -> Result<i64, ApiError> {
    let request = ListOffsetsRequest::default()
        .with_replica_id(kafka_protocol::messages::BrokerId(-1))
        .with_topics(vec![ListOffsetsTopic::default()
            .with_name(TopicName(StrBytes::from_string(topic.to_string())))
            .with_partitions(vec![ListOffsetsPartition::default()
                .with_partition_index(partition)
                .with_current_leader_epoch(-1)
                .with_timestamp(timestamp)])]);
    let answer = ctx.ask(RequestKind::ListOffsets(request), 7).await?;
    let ResponseKind::ListOffsets(r) = answer else {
        return Err(ApiError::unavailable("ListOffsets was not answered"));
    };
    let p = r
        .topics
        .into_iter()
        .flat_map(|t| t.partitions)
        .next()
        .ok_or_else(|| ApiError::unavailable("ListOffsets answered nothing"))?;
    if p.error_code != 0 {
        return Err(ApiError::unavailable(format!(
            "ListOffsets: error {}",
            p.error_code
        )));
    }
    Ok(p.offset)
}

pub(crate) async fn read(
    ctx: &Ctx<'_>,
    topic: &str,
    partition: i32,
    wanted: Wanted,
) -> Result<Value, ApiError> {
    let shard = ctx.shard;
    let image = shard.image();
    let Some(t) = image.topic(topic) else {
        return Err(ApiError::not_found(format!("no topic {topic:?}")));
    };
    let Some(p) = t.partitions.get(&partition) else {
        return Err(ApiError::not_found(format!(
            "topic {topic:?} has no partition {partition}"
        )));
    };
    let Some(owner) = p.shard_on(NodeId(shard.config.node_id)) else {
        return Err(ApiError::not_found(format!(
            "partition {partition} of {topic:?} has no replica on this broker (leader: node {})",
            p.leader.0
        )));
    };
    let key = PartitionKey {
        topic_id: t.id,
        partition,
    };
    let start = match wanted.from {
        From::Offset(o) => o,
        From::Timestamp(ts) => match list_offset(ctx, topic, partition, ts).await? {
            -1 => list_offset(ctx, topic, partition, LATEST).await?,
            o => o,
        },
        From::Latest(n) => {
            let end = list_offset(ctx, topic, partition, LATEST).await?;
            let first = list_offset(ctx, topic, partition, EARLIEST).await?;
            end.saturating_sub(n).max(first)
        }
    };
    let op = PartitionOp::Read {
        offset: start,
        max_bytes: READ_BYTES_MAX,
        min_one_message: true,
        current_leader_epoch: -1,
        follower_ok: true,
        committed: false,
    };
    let results = shard.run_ops(owner, vec![(key, op)], None).await;
    let outcome = match results.into_iter().next() {
        Some(PartitionResult::Read(Ok(outcome))) => outcome,
        Some(PartitionResult::Read(Err(code))) => {
            let status = if code == model::ErrorCode::OffsetOutOfRange {
                400
            } else {
                503
            };
            return Err(ApiError {
                status,
                message: format!("reading offset {start}: {code:?}"),
            });
        }
        _ => {
            return Err(ApiError::unavailable(
                "the partition's shard did not answer",
            ))
        }
    };
    let bytes = read_slices(outcome.records).await?;
    let decoded = decode(&bytes, start, wanted.limit);
    Ok(json!({
        "topic": topic,
        "partition": partition,
        "start_offset": start,
        "log_start_offset": outcome.log_start_offset,
        "high_watermark": outcome.high_watermark,
        "limit": wanted.limit,
        "limit_clamped": wanted.clamped,
        "records": decoded.records,
        "next_offset": decoded.next_offset,
        "truncated": decoded.truncated,
        "undecodable_batches": decoded.undecodable,
        "oversized_batch": decoded.oversized_batch,
    }))
}

/// Reads the slices' bytes on the blocking pool (a page-cache miss must not stall the shard).
async fn read_slices(slices: Vec<FileSlice>) -> Result<Vec<u8>, ApiError> {
    let total: usize = slices.iter().map(|s| s.len as usize).sum();
    if total == 0 {
        return Ok(Vec::new());
    }
    let capped = total.min(READ_BYTES_MAX as usize);
    let read = move || -> std::io::Result<Vec<u8>> {
        use std::os::unix::fs::FileExt;
        let mut out = vec![0u8; capped];
        let mut at = 0;
        for s in &slices {
            let len = (s.len as usize).min(capped - at);
            if len == 0 {
                break;
            }
            s.file.read_exact_at(&mut out[at..at + len], s.position)?;
            at += len;
        }
        out.truncate(at);
        Ok(out)
    };
    glommio::executor()
        .spawn_blocking(read)
        .await
        .map_err(|e| ApiError::unavailable(format!("reading the log: {e}")))
}

#[derive(Debug, Default)]
pub(crate) struct Decoded {
    pub(crate) records: Vec<Value>,
    /// The offset after the last record answered (where a next page starts).
    pub(crate) next_offset: Option<i64>,
    /// Stopped at the limit or the response bound with records left in what was read.
    pub(crate) truncated: bool,
    pub(crate) undecodable: usize,
    /// The first batch at the start is larger than `READ_BYTES_MAX`: not shown.
    pub(crate) oversized_batch: bool,
}

/// Decodes the records at or after `start` in `bytes` (whole batches as a log holds them; a
/// trailing partial batch is ignored), at most `limit`.
pub(crate) fn decode(bytes: &[u8], start: i64, limit: usize) -> Decoded {
    let mut out = Decoded::default();
    let mut response_bytes = 0usize;
    let mut at = 0usize;
    while at < bytes.len() {
        let Some(header) = batch::BatchHeader::parse(&bytes[at..]) else {
            break;
        };
        let size = header.batch_size();
        let Some(one) = bytes.get(at..at.saturating_add(size)).filter(|_| size > 0) else {
            // A partial batch at the end of the read; if it is the first, it is larger than a
            // read may be.
            out.oversized_batch = at == 0 && size > bytes.len();
            break;
        };
        at += size;
        if header.is_control() || header.last_offset() < start {
            continue;
        }
        let Some(records) = batch::records_section(one, DECOMPRESSED_BYTES_MAX)
            .ok()
            .and_then(|section| parse_records(&section, header.records_count))
        else {
            out.undecodable += 1;
            continue;
        };
        for r in records {
            let offset = header.base_offset + i64::from(r.offset_delta);
            if offset < start {
                continue;
            }
            if out.records.len() == limit || response_bytes > RESPONSE_BYTES_MAX {
                out.truncated = true;
                return out;
            }
            let timestamp = match header.timestamp_type() {
                batch::TimestampType::LogAppendTime => header.max_timestamp,
                batch::TimestampType::CreateTime => {
                    header.base_timestamp.saturating_add(r.timestamp_delta)
                }
            };
            let value = record_json(&r, offset, timestamp, &header);
            response_bytes += value.to_string().len();
            out.records.push(value);
            out.next_offset = Some(offset + 1);
        }
    }
    out
}

/// One record of a decompressed records section.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Record {
    pub(crate) offset_delta: i32,
    pub(crate) timestamp_delta: i64,
    pub(crate) key: Option<Vec<u8>>,
    pub(crate) value: Option<Vec<u8>>,
    pub(crate) headers: Vec<(String, Option<Vec<u8>>)>,
}

/// A varint-length-prefixed byte field (-1 = null) ending at or before `end`, copied out.
fn bytes_field(buf: &[u8], at: &mut usize, end: usize) -> Option<Option<Vec<u8>>> {
    batch::read_bytes(buf, at, end).map(|field| field.map(<[u8]>::to_vec))
}

/// The `count` records of a records section, with their headers; `None` if the bytes do not
/// hold them (every length checked against the bytes present, nothing sized by a claim).
pub(crate) fn parse_records(section: &[u8], count: i32) -> Option<Vec<Record>> {
    let count = usize::try_from(count).ok()?;
    if count > section.len() / batch::RECORD_MIN_BYTES.max(1) {
        return None;
    }
    let mut out = Vec::with_capacity(count);
    let mut at = 0usize;
    for _ in 0..count {
        let length = usize::try_from(batch::read_varint(section, &mut at, 5)?).ok()?;
        let end = at.checked_add(length).filter(|e| *e <= section.len())?;
        at += 1; // attributes
        let timestamp_delta = batch::read_varint(section, &mut at, 10)?;
        let offset_delta = i32::try_from(batch::read_varint(section, &mut at, 5)?).ok()?;
        let key = bytes_field(section, &mut at, end)?;
        let value = bytes_field(section, &mut at, end)?;
        let header_count = usize::try_from(batch::read_varint(section, &mut at, 5)?).ok()?;
        if header_count > end.saturating_sub(at) {
            return None;
        }
        let mut headers = Vec::with_capacity(header_count);
        for _ in 0..header_count {
            let name = bytes_field(section, &mut at, end)??;
            let value = bytes_field(section, &mut at, end)?;
            headers.push((String::from_utf8_lossy(&name).into_owned(), value));
        }
        if at > end {
            return None;
        }
        at = end;
        out.push(Record {
            offset_delta,
            timestamp_delta,
            key,
            value,
            headers,
        });
    }
    Some(out)
}

/// A key, value or header value as JSON: UTF-8 text as `text` (and `json: true` when it
/// parses as JSON), anything else as `hex`; at most `FIELD_BYTES_MAX` bytes shown.
pub(crate) fn field_json(bytes: Option<&[u8]>) -> Value {
    let Some(bytes) = bytes else {
        return Value::Null;
    };
    let shown = &bytes[..bytes.len().min(FIELD_BYTES_MAX)];
    let cut = shown.len() < bytes.len();
    match std::str::from_utf8(shown) {
        Ok(text) => json!({
            "size": bytes.len(),
            "text": text,
            "json": !cut && serde_json::from_str::<Value>(text).is_ok(),
            "cut": cut,
        }),
        Err(_) => json!({
            "size": bytes.len(),
            "hex": hex(shown),
            "cut": cut,
        }),
    }
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[usize::from(b >> 4)] as char);
        out.push(DIGITS[usize::from(b & 15)] as char);
    }
    out
}

fn record_json(r: &Record, offset: i64, timestamp: i64, header: &batch::BatchHeader) -> Value {
    json!({
        "offset": offset,
        "timestamp": timestamp,
        "timestamp_type": match header.timestamp_type() {
            batch::TimestampType::LogAppendTime => "LogAppendTime",
            batch::TimestampType::CreateTime => "CreateTime",
        },
        "key": field_json(r.key.as_deref()),
        "value": field_json(r.value.as_deref()),
        "headers": r.headers.iter().map(|(k, v)| json!({ "key": k, "value": field_json(v.as_deref()) })).collect::<Vec<_>>(),
        "transactional": header.is_transactional(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zigzag(v: i64, out: &mut Vec<u8>) {
        let mut raw = ((v << 1) ^ (v >> 63)) as u64;
        loop {
            let b = (raw & 0x7f) as u8;
            raw >>= 7;
            if raw == 0 {
                out.push(b);
                return;
            }
            out.push(b | 0x80);
        }
    }

    fn field(bytes: Option<&[u8]>, out: &mut Vec<u8>) {
        match bytes {
            None => zigzag(-1, out),
            Some(b) => {
                zigzag(b.len() as i64, out);
                out.extend(b);
            }
        }
    }

    fn record(delta: i64, key: Option<&[u8]>, value: &[u8], headers: &[(&str, &[u8])]) -> Vec<u8> {
        let mut body = vec![0u8];
        zigzag(delta * 10, &mut body);
        zigzag(delta, &mut body);
        field(key, &mut body);
        field(Some(value), &mut body);
        zigzag(headers.len() as i64, &mut body);
        for (k, v) in headers {
            field(Some(k.as_bytes()), &mut body);
            field(Some(v), &mut body);
        }
        let mut out = Vec::new();
        zigzag(body.len() as i64, &mut out);
        out.extend(body);
        out
    }

    #[test]
    fn parses_records_with_headers() {
        let mut section = record(0, Some(b"k"), b"{\"a\":1}", &[("h", b"v")]);
        section.extend(record(1, None, &[0xff, 0x00], &[]));
        let records = parse_records(&section, 2).unwrap();
        assert_eq!(records[0].key.as_deref(), Some(&b"k"[..]));
        assert_eq!(
            records[0].headers,
            vec![("h".to_string(), Some(b"v".to_vec()))]
        );
        assert_eq!(records[1].offset_delta, 1);
        assert_eq!(records[1].timestamp_delta, 10);
        assert_eq!(records[1].key, None);
        let json = field_json(records[0].value.as_deref());
        assert_eq!(json["json"], true);
        assert_eq!(json["text"], "{\"a\":1}");
        let json = field_json(records[1].value.as_deref());
        assert_eq!(json["hex"], "ff00");
        assert_eq!(field_json(None), Value::Null);
    }

    #[test]
    fn refuses_lying_records() {
        let section = record(0, Some(b"key"), b"value", &[("h", b"v")]);
        for cut in 0..section.len() {
            assert_eq!(parse_records(&section[..cut], 1), None, "cut at {cut}");
        }
        assert_eq!(parse_records(&section, i32::MAX), None);
        assert_eq!(parse_records(&section, -1), None);
        // A header count the record cannot hold.
        let mut lying = vec![0u8];
        zigzag(0, &mut lying);
        zigzag(0, &mut lying);
        field(None, &mut lying);
        field(Some(b"v"), &mut lying);
        zigzag(1_000_000, &mut lying);
        let mut framed = Vec::new();
        zigzag(lying.len() as i64, &mut framed);
        framed.extend(lying);
        assert_eq!(parse_records(&framed, 1), None);
    }

    /// Pseudo-random buffers (a fixed LCG: the same every run), mostly small lengths so that
    /// varints and counts parse now and then.
    fn noise(seed: u64, len: usize) -> Vec<u8> {
        let mut x = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (0..len)
            .map(|_| {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let b = (x >> 33) as u8;
                if b & 0x80 == 0 {
                    b & 0x0f
                } else {
                    b
                }
            })
            .collect()
    }

    #[test]
    fn random_bytes_never_panic_the_decoders() {
        for seed in 0..5000u64 {
            let bytes = noise(seed, (seed % 300) as usize);
            let _ = parse_records(&bytes, (seed % 7) as i32);
            let d = decode(&bytes, 0, 5);
            assert!(d.records.len() <= 5);
            let _ = field_json(Some(&bytes));
        }
    }

    #[test]
    fn decodes_plain_and_compressed_batches_from_an_offset() {
        use batch::builder::BatchBuilder;
        let mut log = BatchBuilder::new()
            .base_offset(10)
            .base_timestamp_ms(1000)
            .record(0, Some(b"a"), Some(b"one"))
            .record(5, None, Some(b"two"))
            .build();
        log.extend(
            BatchBuilder::new()
                .base_offset(12)
                .base_timestamp_ms(2000)
                .record(0, Some(b"b"), Some(b"three"))
                .record(1, Some(b"c"), None)
                .build_compressed(batch::Compression::Lz4),
        );
        let d = decode(&log, 11, 10);
        let offsets: Vec<i64> = d
            .records
            .iter()
            .map(|r| r["offset"].as_i64().unwrap())
            .collect();
        assert_eq!(offsets, vec![11, 12, 13]);
        assert_eq!(d.records[0]["timestamp"], 1005);
        assert_eq!(d.records[0]["key"], Value::Null);
        assert_eq!(d.records[1]["value"]["text"], "three");
        assert_eq!(d.records[2]["value"], Value::Null);
        assert_eq!(
            (d.next_offset, d.truncated, d.undecodable),
            (Some(14), false, 0)
        );
        let d = decode(&log, 0, 2);
        assert_eq!(
            (d.records.len(), d.truncated, d.next_offset),
            (2, true, Some(12))
        );
        // A read that ends inside its only batch: the batch is larger than a read.
        let d = decode(&log[..65], 0, 10);
        assert!(d.oversized_batch && d.records.is_empty());
        // A batch whose records lie about their count is counted, not shown.
        let mut lying = log.clone();
        lying[57..61].copy_from_slice(&1000i32.to_be_bytes());
        let d = decode(&lying, 0, 10);
        assert_eq!(d.undecodable, 1);
        assert_eq!(d.records.len(), 2, "the next batch still decodes");
    }

    #[test]
    fn garbage_decodes_to_nothing_without_panicking() {
        for bytes in [&b""[..], &[0u8; 7][..], &[0xffu8; 200][..], &[0u8; 200][..]] {
            let d = decode(bytes, 0, 10);
            assert!(d.records.is_empty());
        }
    }

    #[test]
    fn limits_are_clamped_and_starts_exclusive() {
        let q = |s: &str| Wanted::from_query(&Query::parse(s).unwrap());
        let w = q("offset=5&limit=100000").unwrap();
        assert_eq!(
            (w.from, w.limit, w.clamped),
            (From::Offset(5), RECORDS_MAX, true)
        );
        let w = q("latest=10").unwrap();
        assert_eq!((w.from, w.limit), (From::Latest(10), 10));
        let w = q("").unwrap();
        assert_eq!(w.from, From::Latest(RECORDS_DEFAULT as i64));
        assert_eq!(q("timestamp=5").unwrap().from, From::Timestamp(5));
        for bad in [
            "offset=1&latest=2",
            "offset=-3",
            "limit=0",
            "latest=0",
            "timestamp=x",
        ] {
            assert_eq!(q(bad).unwrap_err().status, 400, "{bad}");
        }
    }
}
