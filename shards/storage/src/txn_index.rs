//! Transactions on the partition side: the aborted-transaction index (Kafka's `.txnindex`,
//! one file per segment) and the end-transaction markers of control batches.
//!
//! `.txnindex` layout (Kafka's `AbortedTxn`, big-endian, 34 bytes per entry, no header):
//! `i16 version=0, i64 producer_id, i64 first_offset, i64 last_offset, i64 last_stable_offset`.
//! An entry belongs to the segment its ABORT marker was written to. The entries live in memory
//! ([`TxnIndex`], part of the producer state) from the append on; a segment's file is written
//! whole when the segment rolls and at close (with the producer snapshot, so recovery, which
//! replays the log from the newest snapshot, rebuilds exactly the entries no file holds).
//!
//! The last stable offset (LSO) of a partition is the first offset of its earliest ongoing
//! transaction, or the high watermark when it is lower or none is open.

use std::collections::BTreeMap;
use std::path::Path;

use crate::files;

pub const TXN_INDEX_SUFFIX: &str = "txnindex";
const ENTRY_BYTES: usize = 34;
const ENTRY_VERSION: i16 = 0;

/// One aborted transaction of a producer on this partition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AbortedTxn {
    pub producer_id: i64,
    pub first_offset: i64,
    /// The offset of the ABORT marker.
    pub last_offset: i64,
    pub last_stable_offset: i64,
}

impl AbortedTxn {
    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&ENTRY_VERSION.to_be_bytes());
        out.extend_from_slice(&self.producer_id.to_be_bytes());
        out.extend_from_slice(&self.first_offset.to_be_bytes());
        out.extend_from_slice(&self.last_offset.to_be_bytes());
        out.extend_from_slice(&self.last_stable_offset.to_be_bytes());
    }

    fn decode(bytes: &[u8]) -> Option<AbortedTxn> {
        let be = |at: usize| -> Option<i64> {
            Some(i64::from_be_bytes(bytes.get(at..at + 8)?.try_into().ok()?))
        };
        if bytes.get(..2)? != ENTRY_VERSION.to_be_bytes() {
            return None;
        }
        Some(AbortedTxn {
            producer_id: be(2)?,
            first_offset: be(10)?,
            last_offset: be(18)?,
            last_stable_offset: be(26)?,
        })
    }
}

/// What a control batch's record says: an end-transaction marker.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Marker {
    pub commit: bool,
    pub coordinator_epoch: i32,
}

/// The marker of a control batch (its first record: key `i16 version, i16 type`, value `i16
/// version, i32 coordinator epoch`); `None` for anything else (e.g. a leader-change record).
pub fn parse_marker(batch_bytes: &[u8]) -> Option<Marker> {
    let (header, records) = batch::records(batch_bytes)?;
    if !header.is_control() {
        return None;
    }
    let record = records.first()?;
    let commit = match record.key? {
        [0, 0, 0, 0, ..] => false,
        [0, 0, 0, 1, ..] => true,
        _ => return None,
    };
    let coordinator_epoch = record
        .value
        .and_then(|v| v.get(2..6))
        .map_or(0, |b| i32::from_be_bytes(b.try_into().unwrap_or([0; 4])));
    Some(Marker {
        commit,
        coordinator_epoch,
    })
}

/// Builds a control batch holding one end-transaction marker (base offset 0, patched by the
/// append; base sequence -1, transactional and control bits set, as Kafka's
/// `MemoryRecords.withEndTransactionMarker`).
pub fn marker_batch(
    producer_id: i64,
    producer_epoch: i16,
    marker: Marker,
    timestamp_ms: i64,
) -> Vec<u8> {
    let key = [0u8, 0, 0, u8::from(marker.commit)];
    let mut value = [0u8; 6];
    value[2..].copy_from_slice(&marker.coordinator_epoch.to_be_bytes());
    batch::builder::BatchBuilder::new()
        .base_timestamp_ms(timestamp_ms)
        .producer(producer_id, producer_epoch, -1)
        .attributes(0x10 | 0x20)
        .record(0, Some(&key), Some(&value))
        .build()
}

/// A `.txnindex` file's bytes for `entries`.
pub(crate) fn encode(entries: &[AbortedTxn]) -> Vec<u8> {
    let mut out = Vec::with_capacity(entries.len() * ENTRY_BYTES);
    for e in entries {
        e.encode(&mut out);
    }
    out
}

/// The aborted transactions of the log, by the segment holding their markers.
#[derive(Clone, Debug, Default)]
pub struct TxnIndex {
    by_segment: BTreeMap<i64, Vec<AbortedTxn>>,
}

impl TxnIndex {
    pub fn push(&mut self, segment_base: i64, entry: AbortedTxn) {
        self.by_segment.entry(segment_base).or_default().push(entry);
    }

    /// Forgets the segments below `first_base` (deleted by retention); returns their bases.
    pub fn evict_segments_before(&mut self, first_base: i64) -> Vec<i64> {
        let kept = self.by_segment.split_off(&first_base);
        let gone = std::mem::replace(&mut self.by_segment, kept);
        gone.into_keys().collect()
    }

    /// Kafka's `collectAbortedTxns`: (producer id, first offset) of the aborted transactions
    /// that overlap [`from`, `upto`).
    pub fn collect(&self, from: i64, upto: i64) -> Vec<(i64, i64)> {
        let mut out: Vec<(i64, i64)> = self
            .by_segment
            .values()
            .flatten()
            .filter(|e| e.last_offset >= from && e.first_offset < upto)
            .map(|e| (e.producer_id, e.first_offset))
            .collect();
        out.sort_by_key(|(_, first)| *first);
        out
    }

    /// (producer id, first offset, last offset) of every aborted transaction the log holds.
    pub fn ranges(&self) -> Vec<(i64, i64, i64)> {
        self.by_segment
            .values()
            .flatten()
            .map(|e| (e.producer_id, e.first_offset, e.last_offset))
            .collect()
    }

    /// The file contents of one segment's index (`None`: it has no entries).
    pub fn segment_bytes(&self, segment_base: i64) -> Option<Vec<u8>> {
        self.by_segment.get(&segment_base).map(|e| encode(e))
    }

    /// The entries of the segments `bases` (one cleaned group, replaced by one segment), less
    /// the aborted transactions whose ABORT markers the cleaner dropped, `removed` as
    /// (producer id, marker offset).
    pub(crate) fn merged(&self, bases: &[i64], removed: &[(i64, i64)]) -> Vec<AbortedTxn> {
        bases
            .iter()
            .filter_map(|base| self.by_segment.get(base))
            .flatten()
            .filter(|e| !removed.contains(&(e.producer_id, e.last_offset)))
            .copied()
            .collect()
    }

    /// The segments `bases` became one segment at `base` holding `entries`.
    pub(crate) fn replace_segments(&mut self, bases: &[i64], base: i64, entries: Vec<AbortedTxn>) {
        for b in bases {
            self.by_segment.remove(b);
        }
        if !entries.is_empty() {
            self.by_segment.insert(base, entries);
        }
    }

    /// Reads the `.txnindex` files of `segment_bases`, keeping entries before `before` (the
    /// replay that follows rebuilds the rest). A damaged file keeps its whole entries. Each
    /// entry is filed under the segment holding its marker, once: a crash inside a cleaner
    /// swap can leave an entry in the cleaned segment's file and in a replaced one's.
    pub fn load(dir: &Path, segment_bases: impl Iterator<Item = i64>, before: i64) -> TxnIndex {
        let bases: Vec<i64> = segment_bases.collect();
        let mut index = TxnIndex::default();
        let mut seen = std::collections::HashSet::new();
        for &base in &bases {
            let path = files::offset_file(dir, base, TXN_INDEX_SUFFIX);
            let Ok(bytes) = std::fs::read(&path) else {
                continue;
            };
            for chunk in bytes.chunks_exact(ENTRY_BYTES) {
                match AbortedTxn::decode(chunk) {
                    Some(e) if e.last_offset < before => {
                        if seen.insert((e.producer_id, e.first_offset, e.last_offset)) {
                            let holder = bases
                                .iter()
                                .rev()
                                .find(|b| **b <= e.last_offset)
                                .copied()
                                .unwrap_or(base);
                            index.push(holder, e);
                        }
                    }
                    Some(_) => {}
                    None => break,
                }
            }
        }
        for entries in index.by_segment.values_mut() {
            entries.sort_by_key(|e| e.last_offset);
        }
        index
    }
}

impl crate::log::PartitionLog {
    /// The last stable offset: the first offset of the earliest transaction not decided below
    /// the high watermark (ongoing, or its marker not yet replicated), or the high watermark.
    pub fn last_stable_offset(&self) -> model::Offset {
        let state = self.state.borrow();
        model::Offset(
            state
                .producers
                .last_stable_offset(state.high_watermark.offset),
        )
    }

    /// Kafka's `maybeStartTransactionVerification` on this log (see `producer_state`).
    pub fn start_txn_verification(
        &self,
        producer_id: i64,
        producer_epoch: i16,
    ) -> Option<crate::producer_state::VerificationGuard> {
        self.state
            .borrow_mut()
            .producers
            .start_verification(producer_id, producer_epoch)
    }

    /// The aborted transactions the cleaner drops (Kafka's cleaner discards aborted data and
    /// never lets it stand for a key).
    pub fn txn_view(&self) -> crate::cleaner::TxnView {
        crate::cleaner::TxnView {
            aborted: self.state.borrow().producers.aborted.ranges(),
        }
    }

    /// (producer id, first offset) of the aborted transactions overlapping [`from`, `upto`),
    /// for a read_committed Fetch.
    pub fn aborted_transactions(&self, from: i64, upto: i64) -> Vec<(i64, i64)> {
        self.state.borrow().producers.aborted.collect(from, upto)
    }

    /// Writes one segment's `.txnindex` whole (nothing when it has no aborted transaction).
    pub(crate) async fn write_txn_index(
        &self,
        segment_base: i64,
    ) -> Result<(), crate::error::StorageError> {
        let bytes = self
            .state
            .borrow()
            .producers
            .aborted
            .segment_bytes(segment_base);
        let Some(bytes) = bytes else {
            return Ok(());
        };
        let name = format!("{segment_base:020}.{TXN_INDEX_SUFFIX}");
        files::write_atomic(&self.dir, &name, bytes).await
    }

    /// WriteTxnMarkers on the partition's leader: appends a control batch ending the
    /// producer's transaction (COMMIT or ABORT). A marker older than the producer's epoch is
    /// INVALID_PRODUCER_EPOCH, one from an older coordinator epoch than the producer's last
    /// marker TRANSACTION_COORDINATOR_FENCED. Returns the marker's offset once written (the caller waits for
    /// durability as a produce does).
    pub async fn append_marker(
        self: &std::rc::Rc<Self>,
        producer_id: i64,
        producer_epoch: i16,
        marker: Marker,
        leader_epoch: model::LeaderEpoch,
    ) -> Result<crate::log::AppendOutcome, crate::error::AppendError> {
        let bytes = bytes::Bytes::from(marker_batch(
            producer_id,
            producer_epoch,
            marker,
            self.now_ms(),
        ));
        let batch = batch::ValidatedBatch::control(bytes).map_err(|e| {
            crate::error::AppendError::new(model::ErrorCode::UnknownServerError, e.to_string())
        })?;
        let permit = self
            .acquire_writer()
            .await
            .map_err(crate::error::AppendError::from)?;
        self.state
            .borrow()
            .producers
            .check_marker(producer_id, producer_epoch, marker.coordinator_epoch)
            .map_err(|(code, message)| crate::error::AppendError::new(code, message))?;
        let outcome = self.append_locked(vec![batch], leader_epoch).await?;
        drop(permit);
        Ok(outcome)
    }
}

impl crate::log::PartitionLog {
    /// Appends batches a coordinator built (Kafka's `AppendOrigin.COORDINATOR`): no producer
    /// sequence checks (a transactional offset commit carries the producer's id and epoch but
    /// no sequence), written in order with other appends. The caller waits for durability.
    /// `verification`: a transactional offset commit's partition verification (KIP-890),
    /// checked as a produce's.
    pub async fn append_coordinator(
        self: &std::rc::Rc<Self>,
        batches: Vec<batch::ValidatedBatch>,
        leader_epoch: model::LeaderEpoch,
        verification: crate::producer_state::TxnVerification,
    ) -> Result<crate::log::AppendOutcome, crate::error::AppendError> {
        let permit = self
            .acquire_writer()
            .await
            .map_err(crate::error::AppendError::from)?;
        {
            let state = self.state.borrow();
            for batch in &batches {
                state
                    .producers
                    .check_verification(batch.header(), verification)
                    .map_err(|(code, message)| crate::error::AppendError::new(code, message))?;
            }
        }
        let outcome = self.append_locked(batches, leader_epoch).await?;
        drop(permit);
        Ok(outcome)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_round_trip_and_collect() {
        let e = AbortedTxn {
            producer_id: 7,
            first_offset: 10,
            last_offset: 20,
            last_stable_offset: 21,
        };
        let mut bytes = Vec::new();
        e.encode(&mut bytes);
        assert_eq!(bytes.len(), ENTRY_BYTES);
        assert_eq!(AbortedTxn::decode(&bytes), Some(e));
        let mut index = TxnIndex::default();
        index.push(0, e);
        index.push(
            30,
            AbortedTxn {
                producer_id: 8,
                first_offset: 25,
                last_offset: 40,
                last_stable_offset: 41,
            },
        );
        assert_eq!(index.collect(0, 100), vec![(7, 10), (8, 25)]);
        assert_eq!(index.collect(21, 100), vec![(8, 25)]);
        assert_eq!(index.collect(0, 10), vec![]);
        assert_eq!(index.evict_segments_before(30), vec![0]);
        assert_eq!(index.collect(0, 100), vec![(8, 25)]);
        assert_eq!(index.evict_segments_before(31), vec![30]);
        assert!(index.collect(0, 100).is_empty());
    }

    #[test]
    fn marker_batches_parse() {
        let bytes = marker_batch(
            5,
            2,
            Marker {
                commit: true,
                coordinator_epoch: 3,
            },
            1,
        );
        let header = batch::BatchHeader::parse(&bytes).unwrap();
        assert!(header.is_control() && header.is_transactional());
        assert_eq!((header.producer_id, header.producer_epoch), (5, 2));
        assert_eq!(
            parse_marker(&bytes),
            Some(Marker {
                commit: true,
                coordinator_epoch: 3
            })
        );
    }
}
