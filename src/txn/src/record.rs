//! Kafka's record formats for `__transaction_state` (`TransactionLogKey` v0: `i16 version, string
//! transactional_id`; `TransactionLogValue` v0: `i16 version, i64 producer_id, i16 epoch, i32
//! timeout_ms, i8 status, nullable [string topic, [i32] partitions], i64 last_update_ms, i64
//! start_ms`; v1, written once `transaction.version` is 1 or more as Kafka 4.x does: the same
//! fields in the flexible encoding (compact strings and arrays) with tagged fields 0
//! PreviousProducerId, 1 NextProducerId, 2 ClientTransactionVersion, 3 NextProducerEpoch) and of the end-transaction marker of control batches (`EndTxnMarker`: key `i16
//! version=0, i16 type` (0 abort, 1 commit), value `i16 version=0, i32 coordinator_epoch`).
//! Decoding checks every length against the bytes present.

use std::collections::BTreeSet;

/// Kafka's `TransactionState` ids.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TxnState {
    Empty,
    Ongoing,
    PrepareCommit,
    PrepareAbort,
    CompleteCommit,
    CompleteAbort,
    Dead,
    PrepareEpochFence,
}

impl TxnState {
    pub fn id(self) -> i8 {
        match self {
            TxnState::Empty => 0,
            TxnState::Ongoing => 1,
            TxnState::PrepareCommit => 2,
            TxnState::PrepareAbort => 3,
            TxnState::CompleteCommit => 4,
            TxnState::CompleteAbort => 5,
            TxnState::Dead => 6,
            TxnState::PrepareEpochFence => 7,
        }
    }

    pub fn from_id(id: i8) -> Option<TxnState> {
        Some(match id {
            0 => TxnState::Empty,
            1 => TxnState::Ongoing,
            2 => TxnState::PrepareCommit,
            3 => TxnState::PrepareAbort,
            4 => TxnState::CompleteCommit,
            5 => TxnState::CompleteAbort,
            6 => TxnState::Dead,
            7 => TxnState::PrepareEpochFence,
            _ => return None,
        })
    }

    /// The name Kafka's DescribeTransactions/ListTransactions use (`TransactionState.name`).
    pub fn name(self) -> &'static str {
        match self {
            TxnState::Empty => "Empty",
            TxnState::Ongoing => "Ongoing",
            TxnState::PrepareCommit => "PrepareCommit",
            TxnState::PrepareAbort => "PrepareAbort",
            TxnState::CompleteCommit => "CompleteCommit",
            TxnState::CompleteAbort => "CompleteAbort",
            TxnState::Dead => "Dead",
            TxnState::PrepareEpochFence => "PrepareEpochFence",
        }
    }
}

/// The durable state of one transactional id (what a `TransactionLogValue` holds).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TxnValue {
    pub producer_id: i64,
    pub producer_epoch: i16,
    pub timeout_ms: i32,
    pub state: TxnState,
    pub partitions: BTreeSet<(String, i32)>,
    pub last_update_ms: i64,
    pub start_ms: i64,
    /// The producer id before the last epoch overflow gave a new one (transactions version 2:
    /// a retried EndTxn of the old id is answered), -1 for none.
    pub previous_producer_id: i64,
    /// The producer id the transaction continues with once it completes (transactions
    /// version 2: the epoch overflowed at this EndTxn), -1 for none.
    pub next_producer_id: i64,
    /// The epoch that goes with `next_producer_id`, -1 for none.
    pub next_producer_epoch: i16,
    /// The transactions version of the client's ongoing or last transaction: 2 when it ends
    /// with EndTxn v5 (the epoch is bumped), else 0.
    pub client_transaction_version: i16,
}

impl TxnValue {
    /// A fresh state: no transaction yet.
    pub fn new(producer_id: i64, producer_epoch: i16, timeout_ms: i32, now_ms: i64) -> Self {
        TxnValue {
            producer_id,
            producer_epoch,
            timeout_ms,
            state: TxnState::Empty,
            partitions: BTreeSet::new(),
            last_update_ms: now_ms,
            start_ms: -1,
            previous_producer_id: -1,
            next_producer_id: -1,
            next_producer_epoch: -1,
            client_transaction_version: 0,
        }
    }
}

/// The `TransactionLogValue` version Kafka writes at a cluster's `transaction.version` level.
pub fn value_version(transaction_version: i16) -> i16 {
    i16::from(transaction_version >= 1)
}

/// One `__transaction_state` record: a transactional id and its state (`None`: a tombstone,
/// the id expired).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TxnRecord {
    pub transactional_id: String,
    pub value: Option<TxnValue>,
}

fn put_string(out: &mut Vec<u8>, s: &str) {
    let len = i16::try_from(s.len()).unwrap_or(i16::MAX);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(&s.as_bytes()[..len as usize]);
}

impl TxnRecord {
    pub fn encode_key(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(4 + self.transactional_id.len());
        out.extend_from_slice(&0i16.to_be_bytes());
        put_string(&mut out, &self.transactional_id);
        out
    }

    /// The value in `TransactionLogValue` version `version` (0, or 1 and above: flexible).
    pub fn encode_value(&self, version: i16) -> Option<Vec<u8>> {
        let v = self.value.as_ref()?;
        let flexible = version >= 1;
        let mut out = Vec::with_capacity(64);
        out.extend_from_slice(&i16::from(flexible).to_be_bytes());
        out.extend_from_slice(&v.producer_id.to_be_bytes());
        out.extend_from_slice(&v.producer_epoch.to_be_bytes());
        out.extend_from_slice(&v.timeout_ms.to_be_bytes());
        out.push(v.state.id() as u8);
        if v.state == TxnState::Empty {
            if flexible {
                put_uvarint(&mut out, 0);
            } else {
                out.extend_from_slice(&(-1i32).to_be_bytes());
            }
        } else {
            let mut topics: Vec<(&str, Vec<i32>)> = Vec::new();
            for (topic, partition) in &v.partitions {
                match topics.last_mut() {
                    Some((t, ps)) if *t == topic.as_str() => ps.push(*partition),
                    _ => topics.push((topic.as_str(), vec![*partition])),
                }
            }
            put_len(&mut out, topics.len(), flexible);
            for (topic, partitions) in topics {
                if flexible {
                    put_uvarint(&mut out, topic.len() as u64 + 1);
                    out.extend_from_slice(topic.as_bytes());
                } else {
                    put_string(&mut out, topic);
                }
                put_len(&mut out, partitions.len(), flexible);
                for p in partitions {
                    out.extend_from_slice(&p.to_be_bytes());
                }
                if flexible {
                    put_uvarint(&mut out, 0); // the element's tagged fields
                }
            }
        }
        out.extend_from_slice(&v.last_update_ms.to_be_bytes());
        out.extend_from_slice(&v.start_ms.to_be_bytes());
        if flexible {
            let mut tagged: Vec<(u64, Vec<u8>)> = Vec::new();
            if v.previous_producer_id != -1 {
                tagged.push((0, v.previous_producer_id.to_be_bytes().to_vec()));
            }
            if v.next_producer_id != -1 {
                tagged.push((1, v.next_producer_id.to_be_bytes().to_vec()));
            }
            if v.client_transaction_version != 0 {
                tagged.push((2, v.client_transaction_version.to_be_bytes().to_vec()));
            }
            if v.next_producer_epoch != -1 {
                tagged.push((3, v.next_producer_epoch.to_be_bytes().to_vec()));
            }
            put_uvarint(&mut out, tagged.len() as u64);
            for (tag, data) in tagged {
                put_uvarint(&mut out, tag);
                put_uvarint(&mut out, data.len() as u64);
                out.extend_from_slice(&data);
            }
        }
        Some(out)
    }

    /// Parses a record read from the partition; `None` for an unknown version or bad bytes.
    pub fn decode(key: &[u8], value: Option<&[u8]>) -> Option<TxnRecord> {
        let mut k = Reader(key);
        if k.i16()? != 0 {
            return None;
        }
        let transactional_id = k.string()?;
        let Some(value) = value else {
            return Some(TxnRecord {
                transactional_id,
                value: None,
            });
        };
        let mut r = Reader(value);
        let flexible = match r.i16()? {
            0 => false,
            1 => true,
            _ => return None,
        };
        let producer_id = r.i64()?;
        let producer_epoch = r.i16()?;
        let timeout_ms = r.i32()?;
        let state = TxnState::from_id(r.i8()?)?;
        let mut value = TxnValue::new(producer_id, producer_epoch, timeout_ms, 0);
        value.state = state;
        let topics = r.len(flexible)?;
        for _ in 0..topics.unwrap_or(0) {
            let topic = if flexible {
                r.compact_string()?
            } else {
                r.string()?
            };
            let count = r.len(flexible)?.unwrap_or(0);
            if r.0.len() < count.checked_mul(4)? {
                return None;
            }
            for _ in 0..count {
                value.partitions.insert((topic.clone(), r.i32()?));
            }
            if flexible {
                r.skip_tagged()?;
            }
        }
        value.last_update_ms = r.i64()?;
        value.start_ms = r.i64()?;
        if flexible {
            let fields = r.uvarint()?;
            for _ in 0..fields {
                let tag = r.uvarint()?;
                let size = usize::try_from(r.uvarint()?).ok()?;
                let data = r.0.get(..size)?;
                r.0 = &r.0[size..];
                let mut d = Reader(data);
                match tag {
                    0 => value.previous_producer_id = d.i64()?,
                    1 => value.next_producer_id = d.i64()?,
                    2 => value.client_transaction_version = d.i16()?,
                    3 => value.next_producer_epoch = d.i16()?,
                    _ => {} // a newer Kafka's field: skipped, as tagged fields are
                }
            }
        }
        Some(TxnRecord {
            transactional_id,
            value: Some(value),
        })
    }
}

fn put_uvarint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// An array length: i32, or a compact (length + 1) unsigned varint when `flexible`.
fn put_len(out: &mut Vec<u8>, len: usize, flexible: bool) {
    if flexible {
        put_uvarint(out, len as u64 + 1);
    } else {
        out.extend_from_slice(&(len as i32).to_be_bytes());
    }
}

struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn take<const N: usize>(&mut self) -> Option<[u8; N]> {
        let head = self.0.get(..N)?;
        let mut out = [0u8; N];
        out.copy_from_slice(head);
        self.0 = &self.0[N..];
        Some(out)
    }
    fn i8(&mut self) -> Option<i8> {
        Some(i8::from_be_bytes(self.take()?))
    }
    fn i16(&mut self) -> Option<i16> {
        Some(i16::from_be_bytes(self.take()?))
    }
    fn i32(&mut self) -> Option<i32> {
        Some(i32::from_be_bytes(self.take()?))
    }
    fn i64(&mut self) -> Option<i64> {
        Some(i64::from_be_bytes(self.take()?))
    }
    fn string(&mut self) -> Option<String> {
        let len = usize::try_from(self.i16()?).ok()?;
        self.utf8(len)
    }
    fn utf8(&mut self, len: usize) -> Option<String> {
        let bytes = self.0.get(..len)?;
        self.0 = &self.0[len..];
        String::from_utf8(bytes.to_vec()).ok()
    }
    fn uvarint(&mut self) -> Option<u64> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let [b] = self.take::<1>()?;
            value |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Some(value);
            }
        }
        None
    }
    fn compact_string(&mut self) -> Option<String> {
        let len = usize::try_from(self.uvarint()?.checked_sub(1)?).ok()?;
        self.utf8(len)
    }
    /// An array length (`None`: a null array), bounded by the bytes left (each element
    /// takes at least one byte).
    fn len(&mut self, flexible: bool) -> Option<Option<usize>> {
        let len = if flexible {
            match self.uvarint()? {
                0 => return Some(None),
                n => usize::try_from(n - 1).ok()?,
            }
        } else {
            match self.i32()? {
                n if n < 0 => return Some(None),
                n => usize::try_from(n).ok()?,
            }
        };
        (len <= self.0.len()).then_some(Some(len))
    }
    fn skip_tagged(&mut self) -> Option<()> {
        for _ in 0..self.uvarint()? {
            self.uvarint()?;
            let size = usize::try_from(self.uvarint()?).ok()?;
            self.0.get(..size)?;
            self.0 = &self.0[size..];
        }
        Some(())
    }
}

/// The key and value of an end-transaction marker record.
pub fn encode_marker(commit: bool, coordinator_epoch: i32) -> ([u8; 4], [u8; 6]) {
    let mut key = [0u8; 4];
    key[2..].copy_from_slice(&i16::from(commit).to_be_bytes());
    let mut value = [0u8; 6];
    value[2..].copy_from_slice(&coordinator_epoch.to_be_bytes());
    (key, value)
}

/// A control record's key: `Some(true)` for COMMIT, `Some(false)` for ABORT, `None` otherwise.
pub fn decode_marker(key: &[u8]) -> Option<bool> {
    match key {
        [0, 0, 0, 0, ..] => Some(false),
        [0, 0, 0, 1, ..] => Some(true),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_round_trip_and_kafka_layout() {
        let record = TxnRecord {
            transactional_id: "tx".into(),
            value: Some(TxnValue {
                producer_id: 7,
                producer_epoch: 2,
                timeout_ms: 60_000,
                state: TxnState::Ongoing,
                partitions: [("a".to_string(), 1), ("a".to_string(), 0), ("b".into(), 3)]
                    .into_iter()
                    .collect(),
                last_update_ms: 5,
                start_ms: 4,
                ..TxnValue::new(0, 0, 0, 0)
            }),
        };
        assert_eq!(record.encode_key(), vec![0, 0, 0, 2, b't', b'x']);
        let value = record.encode_value(0).unwrap();
        // version, pid, epoch, timeout, status, 2 topics
        assert_eq!(&value[..2], &[0, 0]);
        assert_eq!(value[16], 1);
        assert_eq!(&value[17..21], &2i32.to_be_bytes());
        let back = TxnRecord::decode(&record.encode_key(), Some(&value)).unwrap();
        assert_eq!(back, record);
        // Empty has a null partition array.
        let mut empty = record.clone();
        let v = empty.value.as_mut().unwrap();
        v.state = TxnState::Empty;
        v.partitions.clear();
        let value = empty.encode_value(0).unwrap();
        assert_eq!(&value[17..21], &(-1i32).to_be_bytes());
        assert_eq!(
            TxnRecord::decode(&empty.encode_key(), Some(&value)),
            Some(empty)
        );
        // Truncations never panic.
        for n in 0..value.len() {
            let _ = TxnRecord::decode(&record.encode_key(), Some(&value[..n]));
        }
    }

    #[test]
    fn flexible_value_carries_the_transactions_version_2_fields() {
        let mut value = TxnValue::new(7, 3, 60_000, 5);
        value.state = TxnState::PrepareCommit;
        value.partitions = [("topic".to_string(), 0), ("topic".to_string(), 2)]
            .into_iter()
            .collect();
        value.start_ms = 4;
        value.previous_producer_id = 6;
        value.next_producer_id = 8;
        value.next_producer_epoch = 0;
        value.client_transaction_version = 2;
        let record = TxnRecord {
            transactional_id: "tx".into(),
            value: Some(value),
        };
        let bytes = record.encode_value(value_version(2)).unwrap();
        // version 1, pid, epoch, timeout, status, compact array of one topic
        assert_eq!(&bytes[..2], &[0, 1]);
        assert_eq!(bytes[16], 2);
        assert_eq!(bytes[17], 2);
        assert_eq!(&bytes[18..24], &[6, b't', b'o', b'p', b'i', b'c']);
        // Four tagged fields at the end, the last NextProducerEpoch (tag 3, 2 bytes).
        assert_eq!(&bytes[bytes.len() - 4..], &[3, 2, 0, 0]);
        let back = TxnRecord::decode(&record.encode_key(), Some(&bytes)).unwrap();
        assert_eq!(back, record);
        // Defaults are not written: an Empty state is a null array and no tagged field.
        let empty = TxnRecord {
            transactional_id: "tx".into(),
            value: Some(TxnValue::new(7, 0, 1_000, 9)),
        };
        let bytes = empty.encode_value(1).unwrap();
        assert_eq!(bytes[17], 0);
        assert_eq!(bytes.last(), Some(&0));
        assert_eq!(
            TxnRecord::decode(&empty.encode_key(), Some(&bytes)),
            Some(empty)
        );
        for n in 0..bytes.len() {
            let _ = TxnRecord::decode(&record.encode_key(), Some(&bytes[..n]));
        }
        let mut unknown_tag = record.encode_value(1).unwrap();
        // A newer Kafka's tagged field is skipped.
        let count_at = unknown_tag.len() - 29;
        assert_eq!(unknown_tag[count_at], 4);
        unknown_tag[count_at] = 5;
        unknown_tag.extend_from_slice(&[9, 1, 0]);
        assert_eq!(
            TxnRecord::decode(&record.encode_key(), Some(&unknown_tag)),
            Some(record)
        );
    }

    #[test]
    fn markers() {
        let (k, v) = encode_marker(true, 9);
        assert_eq!(k, [0, 0, 0, 1]);
        assert_eq!(v, [0, 0, 0, 0, 0, 9]);
        assert_eq!(decode_marker(&k), Some(true));
        assert_eq!(decode_marker(&encode_marker(false, 0).0), Some(false));
        assert_eq!(decode_marker(&[0, 0, 0, 5]), None);
    }
}
