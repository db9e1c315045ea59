//! Kafka's record formats for `__transaction_state` (`TransactionLogKey` v0: `i16 version, string
//! transactional_id`; `TransactionLogValue` v0: `i16 version, i64 producer_id, i16 epoch, i32
//! timeout_ms, i8 status, nullable [string topic, [i32] partitions], i64 last_update_ms, i64
//! start_ms`) and of the end-transaction marker of control batches (`EndTxnMarker`: key `i16
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

    pub fn encode_value(&self) -> Option<Vec<u8>> {
        let v = self.value.as_ref()?;
        let mut out = Vec::with_capacity(64);
        out.extend_from_slice(&0i16.to_be_bytes());
        out.extend_from_slice(&v.producer_id.to_be_bytes());
        out.extend_from_slice(&v.producer_epoch.to_be_bytes());
        out.extend_from_slice(&v.timeout_ms.to_be_bytes());
        out.push(v.state.id() as u8);
        if v.state == TxnState::Empty {
            out.extend_from_slice(&(-1i32).to_be_bytes());
        } else {
            let mut topics: Vec<(&str, Vec<i32>)> = Vec::new();
            for (topic, partition) in &v.partitions {
                match topics.last_mut() {
                    Some((t, ps)) if *t == topic.as_str() => ps.push(*partition),
                    _ => topics.push((topic.as_str(), vec![*partition])),
                }
            }
            out.extend_from_slice(&(topics.len() as i32).to_be_bytes());
            for (topic, partitions) in topics {
                put_string(&mut out, topic);
                out.extend_from_slice(&(partitions.len() as i32).to_be_bytes());
                for p in partitions {
                    out.extend_from_slice(&p.to_be_bytes());
                }
            }
        }
        out.extend_from_slice(&v.last_update_ms.to_be_bytes());
        out.extend_from_slice(&v.start_ms.to_be_bytes());
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
        if r.i16()? != 0 {
            return None;
        }
        let producer_id = r.i64()?;
        let producer_epoch = r.i16()?;
        let timeout_ms = r.i32()?;
        let state = TxnState::from_id(r.i8()?)?;
        let mut partitions = BTreeSet::new();
        let topics = r.i32()?;
        for _ in 0..topics.max(0) {
            let topic = r.string()?;
            let count = r.i32()?;
            if count < 0 || r.0.len() < count as usize * 4 {
                return None;
            }
            for _ in 0..count {
                partitions.insert((topic.clone(), r.i32()?));
            }
        }
        let last_update_ms = r.i64()?;
        let start_ms = r.i64()?;
        Some(TxnRecord {
            transactional_id,
            value: Some(TxnValue {
                producer_id,
                producer_epoch,
                timeout_ms,
                state,
                partitions,
                last_update_ms,
                start_ms,
            }),
        })
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
        let bytes = self.0.get(..len)?;
        self.0 = &self.0[len..];
        String::from_utf8(bytes.to_vec()).ok()
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
            }),
        };
        assert_eq!(record.encode_key(), vec![0, 0, 0, 2, b't', b'x']);
        let value = record.encode_value().unwrap();
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
        let value = empty.encode_value().unwrap();
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
    fn markers() {
        let (k, v) = encode_marker(true, 9);
        assert_eq!(k, [0, 0, 0, 1]);
        assert_eq!(v, [0, 0, 0, 0, 0, 9]);
        assert_eq!(decode_marker(&k), Some(true));
        assert_eq!(decode_marker(&encode_marker(false, 0).0), Some(false));
        assert_eq!(decode_marker(&[0, 0, 0, 5]), None);
    }
}
