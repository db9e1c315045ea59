//! Idempotent producer state (Kafka's `ProducerStateManager` / `ProducerAppendInfo`) and its
//! snapshot file format.
//!
//! Rules (current Kafka, client-origin appends): epoch < current → INVALID_PRODUCER_EPOCH; a
//! batch equal (epoch, first and last sequence) to one of the producer's last 5 batches is a
//! duplicate: not appended, answered with the original offsets; a new epoch must start at
//! sequence 0; otherwise the first sequence must follow the last one (wrapping at i32::MAX);
//! an unknown producer (or one whose epoch is unknown) may start at any sequence.
//!
//! Snapshot format (`<20-digit offset>.snapshot`, Kafka's `ProducerSnapshot` v1, big-endian):
//! `i16 version=1, u32 crc32c(of everything after the crc), i32 count, count × { i64
//! producer_id, i16 epoch, i32 last_sequence, i64 last_offset, i32 offset_delta, i64
//! timestamp, i32 coordinator_epoch, i64 current_txn_first_offset }`. As in Kafka it keeps only
//! each producer's last batch; the 5-batch history restarts from it after a reload.
//!
//! Producer ids expire as in Kafka (`producer.id.expiration.ms`): a producer whose last batch's
//! timestamp is that old is forgotten ([`ProducerStateManager::expire`], run by retention).
//!
//! Transactions: a producer's first transactional batch after a marker opens its ongoing
//! transaction (its first offset counts for the last stable offset); a control batch with an
//! end-transaction marker closes it, and an ABORT marker adds an entry to the aborted-
//! transaction index ([`TxnIndex`], `txn_index`). The snapshot keeps the coordinator epoch and
//! the ongoing transaction's first offset (Kafka's fields); the index has files of its own.
//! A completed transaction bounds the last stable offset until its marker is below the high
//! watermark (Kafka's `unreplicatedTxns`): a read_committed consumer never sees a transaction's
//! records as decided before its marker is replicated.
//!
//! Partition verification (KIP-890 part 1, Kafka's `VerificationStateEntry`): a transactional
//! batch of a producer with no ongoing transaction here (at its epoch) is appended only with
//! the [`VerificationGuard`] [`ProducerStateManager::start_verification`] handed out before the
//! leader asked the transaction coordinator; a marker or the transaction's first append drops
//! the guard, so a verification that raced with a marker cannot open a transaction (the ABA
//! case Kafka's guard object closes).
//!
//! Markers (Kafka's `ProducerAppendInfo.appendEndTxnMarker`): a marker whose producer epoch is
//! older than the producer's is INVALID_PRODUCER_EPOCH; one from an older coordinator epoch
//! than the last marker's is TRANSACTION_COORDINATOR_FENCED.

use std::collections::{BTreeSet, HashMap, VecDeque};

use crate::txn_index::{AbortedTxn, Marker, TxnIndex};

use batch::BatchHeader;
use model::ErrorCode;

/// Kafka keeps the metadata of a producer's last 5 batches for duplicate detection
/// (max.in.flight.requests.per.connection ≤ 5 for idempotent producers).
pub const BATCHES_RETAINED_PER_PRODUCER: usize = 5;
const SNAPSHOT_VERSION: i16 = 1;
const SNAPSHOT_HEADER_BYTES: usize = 2 + 4 + 4;
const SNAPSHOT_ENTRY_BYTES: usize = 8 + 2 + 4 + 8 + 4 + 8 + 4 + 8;
const NO_PRODUCER_EPOCH: i16 = -1;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BatchMetadata {
    pub first_sequence: i32,
    pub last_sequence: i32,
    pub first_offset: i64,
    pub last_offset: i64,
    pub timestamp_ms: i64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProducerEntry {
    pub epoch: i16,
    pub batches: VecDeque<BatchMetadata>,
    /// The coordinator epoch of the last marker written for this producer (-1: none).
    pub coordinator_epoch: i32,
    /// The first offset of this producer's ongoing transaction (-1: none).
    pub txn_first_offset: i64,
}

impl ProducerEntry {
    fn last_sequence(&self) -> i32 {
        self.batches.back().map_or(-1, |b| b.last_sequence)
    }

    fn find_duplicate(&self, header: &BatchHeader) -> Option<BatchMetadata> {
        if header.producer_epoch != self.epoch {
            return None;
        }
        let last_sequence = header.last_sequence();
        self.batches
            .iter()
            .find(|b| b.first_sequence == header.base_sequence && b.last_sequence == last_sequence)
            .copied()
    }
}

/// DescribeProducers view of one producer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProducerStateEntry {
    pub producer_id: i64,
    pub producer_epoch: i16,
    pub last_sequence: i32,
    pub last_timestamp_ms: i64,
    pub coordinator_epoch: i32,
    pub current_txn_start_offset: i64,
}

/// What to do with a batch after the producer checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Append,
    Duplicate(BatchMetadata),
}

/// Kafka's `VerificationGuard`: what a leader got when it started verifying that a producer's
/// transaction includes this partition; the append must present the same guard.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VerificationGuard(u64);

/// How an append checks a transactional batch against partition verification.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TxnVerification {
    /// `transaction.partition.verification.enable=false` (or not a client append).
    Off,
    /// Verification found nothing to verify (the transaction was ongoing here); it must still
    /// be at append.
    Ongoing,
    /// The coordinator confirmed the partition is in the transaction, under this guard.
    Verified(VerificationGuard),
}

fn in_sequence(last: i32, next: i32) -> bool {
    i64::from(next) == i64::from(last) + 1 || (next == 0 && last == i32::MAX)
}

#[derive(Clone, Debug, Default)]
pub struct ProducerStateManager {
    producers: HashMap<i64, ProducerEntry>,
    /// (first offset, producer id) of every ongoing transaction: the first is the LSO bound.
    ongoing: BTreeSet<(i64, i64)>,
    /// The aborted transactions of the log (not part of the snapshot: `.txnindex` files).
    pub(crate) aborted: TxnIndex,
    /// (first offset, marker offset, producer id) of completed transactions whose marker may
    /// not be below the high watermark yet (Kafka's `unreplicatedTxns`).
    unreplicated: BTreeSet<(i64, i64, i64)>,
    /// Producers being verified (KIP-890): (epoch, guard). Not in the snapshot.
    verifying: HashMap<i64, (i16, VerificationGuard)>,
    next_guard: u64,
}

impl ProducerStateManager {
    /// Checks a client batch against the producer's state (see the module rules).
    pub fn check(&self, header: &BatchHeader) -> Result<Verdict, (ErrorCode, String)> {
        if !header.has_producer_id() {
            return Ok(Verdict::Append);
        }
        let Some(entry) = self.producers.get(&header.producer_id) else {
            return Ok(Verdict::Append);
        };
        if header.producer_epoch < entry.epoch {
            return Err((
                ErrorCode::InvalidProducerEpoch,
                format!(
                    "epoch {} of producer {} is older than {}",
                    header.producer_epoch, header.producer_id, entry.epoch
                ),
            ));
        }
        if let Some(duplicate) = entry.find_duplicate(header) {
            return Ok(Verdict::Duplicate(duplicate));
        }
        let accepted = if entry.epoch == NO_PRODUCER_EPOCH {
            true
        } else if header.producer_epoch != entry.epoch {
            header.base_sequence == 0
        } else {
            in_sequence(entry.last_sequence(), header.base_sequence)
        };
        if !accepted {
            return Err((
                ErrorCode::OutOfOrderSequenceNumber,
                format!(
                    "producer {} epoch {}: sequence {} does not follow {}",
                    header.producer_id,
                    header.producer_epoch,
                    header.base_sequence,
                    entry.last_sequence()
                ),
            ));
        }
        Ok(Verdict::Append)
    }

    /// Records an appended batch (with its assigned base offset in `header`). Also used when
    /// replaying the log on recovery, where no checks apply.
    pub fn record(&mut self, header: &BatchHeader) {
        if !header.has_producer_id() {
            return;
        }
        let entry = self
            .producers
            .entry(header.producer_id)
            .or_insert_with(|| ProducerEntry {
                epoch: header.producer_epoch,
                batches: VecDeque::new(),
                coordinator_epoch: -1,
                txn_first_offset: -1,
            });
        if entry.epoch != header.producer_epoch {
            entry.epoch = header.producer_epoch;
            entry.batches.clear();
        }
        if header.is_control() {
            return;
        }
        if header.is_transactional() && entry.txn_first_offset < 0 {
            entry.txn_first_offset = header.base_offset;
            self.ongoing
                .insert((header.base_offset, header.producer_id));
            self.verifying.remove(&header.producer_id);
        }
        if entry.batches.len() == BATCHES_RETAINED_PER_PRODUCER {
            entry.batches.pop_front();
        }
        entry.batches.push_back(BatchMetadata {
            first_sequence: header.base_sequence,
            last_sequence: header.last_sequence(),
            first_offset: header.base_offset,
            last_offset: header.last_offset(),
            timestamp_ms: header.max_timestamp,
        });
    }

    /// Records an end-transaction marker written at `header.base_offset` in the segment
    /// based at `segment_base`: the producer's ongoing transaction (if any) ends; an ABORT
    /// adds it to the aborted-transaction index.
    /// `high_watermark`: the log's, to forget completed transactions whose marker is below it.
    pub fn record_marker(
        &mut self,
        header: &BatchHeader,
        marker: Marker,
        segment_base: i64,
        high_watermark: i64,
    ) {
        self.record(header);
        self.verifying.remove(&header.producer_id);
        self.unreplicated
            .retain(|(_, marker_offset, _)| *marker_offset >= high_watermark);
        let Some(entry) = self.producers.get_mut(&header.producer_id) else {
            return;
        };
        entry.coordinator_epoch = marker.coordinator_epoch;
        let first = std::mem::replace(&mut entry.txn_first_offset, -1);
        if first < 0 {
            return;
        }
        self.ongoing.remove(&(first, header.producer_id));
        if header.base_offset >= high_watermark {
            self.unreplicated
                .insert((first, header.base_offset, header.producer_id));
        }
        if !marker.commit {
            let last_stable_offset = self
                .ongoing
                .first()
                .map_or(header.base_offset + 1, |(o, _)| *o);
            self.aborted.push(
                segment_base,
                AbortedTxn {
                    producer_id: header.producer_id,
                    first_offset: first,
                    last_offset: header.base_offset,
                    last_stable_offset,
                },
            );
        }
    }

    /// A leader's checks of a marker (Kafka's `appendEndTxnMarker`): one older than the
    /// producer's epoch is INVALID_PRODUCER_EPOCH; one from an older coordinator epoch than the
    /// producer's last marker is TRANSACTION_COORDINATOR_FENCED (a zombie coordinator).
    pub fn check_marker(
        &self,
        producer_id: i64,
        epoch: i16,
        coordinator_epoch: i32,
    ) -> Result<(), (ErrorCode, String)> {
        let Some(e) = self.producers.get(&producer_id) else {
            return Ok(());
        };
        if epoch < e.epoch {
            return Err((
                ErrorCode::InvalidProducerEpoch,
                format!(
                    "marker epoch {epoch} of producer {producer_id} is older than {}",
                    e.epoch
                ),
            ));
        }
        if coordinator_epoch < e.coordinator_epoch {
            return Err((
                ErrorCode::TransactionCoordinatorFenced,
                format!(
                    "invalid coordinator epoch for producer {producer_id}: \
                     {coordinator_epoch} (zombie), {} (current)",
                    e.coordinator_epoch
                ),
            ));
        }
        Ok(())
    }

    /// Whether `producer_id` has a transaction ongoing here at `epoch` (Kafka's
    /// `hasOngoingTransaction`).
    pub fn has_ongoing_txn(&self, producer_id: i64, epoch: i16) -> bool {
        self.producers
            .get(&producer_id)
            .is_some_and(|e| e.txn_first_offset >= 0 && e.epoch == epoch)
    }

    /// Kafka's `maybeStartTransactionVerification`: `None` when the producer's transaction is
    /// ongoing here (nothing to verify); else the guard its first transactional append must
    /// present once the coordinator confirmed the partition (the producer's existing guard if
    /// one is out, at the newer epoch).
    pub fn start_verification(
        &mut self,
        producer_id: i64,
        epoch: i16,
    ) -> Option<VerificationGuard> {
        if self.has_ongoing_txn(producer_id, epoch) {
            return None;
        }
        let next = &mut self.next_guard;
        let entry = self.verifying.entry(producer_id).or_insert_with(|| {
            *next += 1;
            (epoch, VerificationGuard(*next))
        });
        entry.0 = entry.0.max(epoch);
        Some(entry.1)
    }

    /// Kafka's check before a client append (`UnifiedLog.analyzeAndValidateProducerState`): a
    /// transactional batch whose producer has no ongoing transaction here needs the guard its
    /// verification started with; else INVALID_TXN_STATE and nothing is appended.
    pub fn check_verification(
        &self,
        header: &BatchHeader,
        verification: TxnVerification,
    ) -> Result<(), (ErrorCode, String)> {
        if verification == TxnVerification::Off
            || !header.is_transactional()
            || header.is_control()
            || self.has_ongoing_txn(header.producer_id, header.producer_epoch)
        {
            return Ok(());
        }
        let guard = self
            .verifying
            .get(&header.producer_id)
            .map(|(_, guard)| *guard);
        match verification {
            TxnVerification::Verified(presented) if guard == Some(presented) => Ok(()),
            _ => Err((
                ErrorCode::InvalidTxnState,
                "Record was not part of an ongoing transaction".to_string(),
            )),
        }
    }

    /// The first offset of the earliest transaction not yet decided below `high_watermark`:
    /// ongoing, or completed by a marker at or above it.
    pub fn first_unstable_offset(&self, high_watermark: i64) -> Option<i64> {
        let ongoing = self.ongoing.first().map(|(o, _)| *o);
        let unreplicated = self
            .unreplicated
            .iter()
            .find(|(_, marker_offset, _)| *marker_offset >= high_watermark)
            .map(|(first, _, _)| *first);
        match (ongoing, unreplicated) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// The last stable offset under `high_watermark` (Kafka's: the first unstable offset, or
    /// the high watermark).
    pub fn last_stable_offset(&self, high_watermark: i64) -> i64 {
        self.first_unstable_offset(high_watermark)
            .map_or(high_watermark, |first| first.min(high_watermark))
    }

    fn rebuild_ongoing(&mut self) {
        self.ongoing = self
            .producers
            .iter()
            .filter(|(_, e)| e.txn_first_offset >= 0)
            .map(|(id, e)| (e.txn_first_offset, *id))
            .collect();
    }

    /// Kafka's `removeExpiredProducers`: forgets producers whose last batch's timestamp is at
    /// least `expiration_ms` before `now_ms`, unless a transaction of theirs is open.
    pub fn expire(&mut self, now_ms: i64, expiration_ms: i64) {
        self.producers.retain(|_, e| {
            e.txn_first_offset >= 0
                || e.batches
                    .back()
                    .is_some_and(|b| now_ms.saturating_sub(b.timestamp_ms) < expiration_ms)
        });
    }

    /// Forgets producers whose last batch (and open transaction) lie wholly before the new
    /// log start.
    pub fn evict_before(&mut self, log_start: i64) {
        self.producers.retain(|_, e| {
            e.txn_first_offset >= log_start
                || e.batches.back().is_some_and(|b| b.last_offset >= log_start)
        });
        self.unreplicated
            .retain(|(_, marker_offset, _)| *marker_offset >= log_start);
        self.rebuild_ongoing();
    }

    /// Each producer's last batch's last offset: the cleaner keeps that batch (empty if need
    /// be) so producer state survives compaction (Kafka's `RETAIN_EMPTY`).
    pub fn last_offsets(&self) -> HashMap<i64, i64> {
        self.producers
            .iter()
            .filter_map(|(id, e)| e.batches.back().map(|b| (*id, b.last_offset)))
            .collect()
    }

    pub fn describe(&self) -> Vec<ProducerStateEntry> {
        let mut out: Vec<ProducerStateEntry> = self
            .producers
            .iter()
            .map(|(id, e)| ProducerStateEntry {
                producer_id: *id,
                producer_epoch: e.epoch,
                last_sequence: e.last_sequence(),
                last_timestamp_ms: e.batches.back().map_or(-1, |b| b.timestamp_ms),
                coordinator_epoch: e.coordinator_epoch,
                current_txn_start_offset: e.txn_first_offset,
            })
            .collect();
        out.sort_by_key(|p| p.producer_id);
        out
    }

    pub fn encode_snapshot(&self) -> Vec<u8> {
        let mut ids: Vec<&i64> = self.producers.keys().collect();
        ids.sort();
        let mut out = Vec::with_capacity(SNAPSHOT_HEADER_BYTES + ids.len() * SNAPSHOT_ENTRY_BYTES);
        out.extend_from_slice(&SNAPSHOT_VERSION.to_be_bytes());
        out.extend_from_slice(&[0u8; 4]);
        out.extend_from_slice(&(ids.len() as i32).to_be_bytes());
        for id in ids {
            let entry = &self.producers[id];
            let last = entry.batches.back().copied().unwrap_or(BatchMetadata {
                first_sequence: -1,
                last_sequence: -1,
                first_offset: -1,
                last_offset: -1,
                timestamp_ms: -1,
            });
            out.extend_from_slice(&id.to_be_bytes());
            out.extend_from_slice(&entry.epoch.to_be_bytes());
            out.extend_from_slice(&last.last_sequence.to_be_bytes());
            out.extend_from_slice(&last.last_offset.to_be_bytes());
            let offset_delta = (last.last_offset - last.first_offset).clamp(0, i64::from(i32::MAX));
            out.extend_from_slice(&(offset_delta as i32).to_be_bytes());
            out.extend_from_slice(&last.timestamp_ms.to_be_bytes());
            out.extend_from_slice(&entry.coordinator_epoch.to_be_bytes());
            out.extend_from_slice(&entry.txn_first_offset.to_be_bytes());
        }
        let crc = crc32c::crc32c(&out[6..]);
        out[2..6].copy_from_slice(&crc.to_be_bytes());
        out
    }

    /// Parses a snapshot; `None` if its version, CRC or length is wrong.
    pub fn decode_snapshot(bytes: &[u8]) -> Option<ProducerStateManager> {
        if bytes.len() < SNAPSHOT_HEADER_BYTES {
            return None;
        }
        let be = |at: usize, n: usize| -> i64 {
            bytes[at..at + n]
                .iter()
                .fold(0i64, |acc, b| (acc << 8) | i64::from(*b))
        };
        if be(0, 2) as i16 != SNAPSHOT_VERSION || be(2, 4) as u32 != crc32c::crc32c(&bytes[6..]) {
            return None;
        }
        let count = usize::try_from(be(6, 4) as i32).ok()?;
        if bytes.len() != SNAPSHOT_HEADER_BYTES + count.checked_mul(SNAPSHOT_ENTRY_BYTES)? {
            return None;
        }
        let mut state = ProducerStateManager::default();
        for i in 0..count {
            let at = SNAPSHOT_HEADER_BYTES + i * SNAPSHOT_ENTRY_BYTES;
            let producer_id = be(at, 8);
            let epoch = be(at + 8, 2) as i16;
            let last_sequence = be(at + 10, 4) as i32;
            let last_offset = be(at + 14, 8);
            let offset_delta = be(at + 22, 4) as i32;
            let timestamp_ms = be(at + 26, 8);
            let coordinator_epoch = be(at + 34, 4) as i32;
            let txn_first_offset = be(at + 38, 8).max(-1);
            let mut batches = VecDeque::new();
            if last_offset >= 0 {
                let first_sequence = if last_sequence < 0 {
                    -1
                } else {
                    (i64::from(last_sequence) - i64::from(offset_delta))
                        .rem_euclid(i64::from(i32::MAX) + 1) as i32
                };
                batches.push_back(BatchMetadata {
                    first_sequence,
                    last_sequence,
                    first_offset: last_offset - i64::from(offset_delta.max(0)),
                    last_offset,
                    timestamp_ms,
                });
            }
            state.producers.insert(
                producer_id,
                ProducerEntry {
                    epoch,
                    batches,
                    coordinator_epoch,
                    txn_first_offset,
                },
            );
        }
        state.rebuild_ongoing();
        Some(state)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(pid: i64, epoch: i16, seq: i32, count: i32, base_offset: i64) -> BatchHeader {
        BatchHeader {
            base_offset,
            batch_length: 100,
            partition_leader_epoch: 0,
            magic: 2,
            crc: 0,
            attributes: 0,
            last_offset_delta: count - 1,
            base_timestamp: 10,
            max_timestamp: 10,
            producer_id: pid,
            producer_epoch: epoch,
            base_sequence: seq,
            records_count: count,
        }
    }

    #[test]
    fn sequence_rules() {
        let mut s = ProducerStateManager::default();
        // Unknown producer: any sequence accepted.
        assert_eq!(s.check(&header(1, 0, 17, 3, 0)), Ok(Verdict::Append));
        s.record(&header(1, 0, 17, 3, 0));
        assert_eq!(s.check(&header(1, 0, 20, 1, 3)), Ok(Verdict::Append));
        let gap = s.check(&header(1, 0, 21, 1, 3)).unwrap_err();
        assert_eq!(gap.0, ErrorCode::OutOfOrderSequenceNumber);
        let dup = s.check(&header(1, 0, 17, 3, 99)).unwrap();
        assert!(matches!(dup, Verdict::Duplicate(m) if m.first_offset == 0 && m.last_offset == 2));
        // Old epoch fenced, new epoch must start at 0.
        s.record(&header(1, 0, 20, 1, 3));
        assert_eq!(
            s.check(&header(1, -0 - 1, 21, 1, 4)).unwrap_err().0,
            ErrorCode::InvalidProducerEpoch
        );
        assert_eq!(
            s.check(&header(1, 1, 5, 1, 4)).unwrap_err().0,
            ErrorCode::OutOfOrderSequenceNumber
        );
        assert_eq!(s.check(&header(1, 1, 0, 1, 4)), Ok(Verdict::Append));
        // Sequence wraps.
        s.record(&header(2, 0, i32::MAX - 1, 2, 10));
        assert_eq!(s.check(&header(2, 0, 0, 1, 12)), Ok(Verdict::Append));
    }

    #[test]
    fn only_last_five_batches_are_duplicates() {
        let mut s = ProducerStateManager::default();
        for i in 0..7 {
            s.record(&header(1, 0, i, 1, i64::from(i)));
        }
        assert!(matches!(
            s.check(&header(1, 0, 2, 1, 0)),
            Ok(Verdict::Duplicate(_))
        ));
        assert_eq!(
            s.check(&header(1, 0, 1, 1, 0)).unwrap_err().0,
            ErrorCode::OutOfOrderSequenceNumber
        );
    }

    fn txn_header(pid: i64, epoch: i16, seq: i32, count: i32, base_offset: i64) -> BatchHeader {
        BatchHeader {
            attributes: 0x10,
            ..header(pid, epoch, seq, count, base_offset)
        }
    }

    fn marker(pid: i64, epoch: i16, offset: i64) -> BatchHeader {
        BatchHeader {
            attributes: 0x30,
            base_sequence: -1,
            ..header(pid, epoch, -1, 1, offset)
        }
    }

    #[test]
    fn transactions_bound_the_lso_and_aborts_are_indexed() {
        let mut s = ProducerStateManager::default();
        s.record(&txn_header(1, 0, 0, 2, 10));
        s.record(&txn_header(2, 0, 0, 1, 12));
        s.record(&txn_header(1, 0, 2, 1, 13));
        assert_eq!(s.first_unstable_offset(14), Some(10));
        let describe = s.describe();
        assert_eq!(describe[0].current_txn_start_offset, 10);
        // Producer 1 aborts at 14: the LSO moves to producer 2's start, the abort is indexed.
        let abort = Marker {
            commit: false,
            coordinator_epoch: 3,
        };
        s.record_marker(&marker(1, 0, 14), abort, 0, 15);
        assert_eq!(s.first_unstable_offset(15), Some(12));
        assert_eq!(s.aborted.collect(0, 100), vec![(1, 10)]);
        assert_eq!(s.describe()[0].coordinator_epoch, 3);
        // An older epoch's marker is refused; the snapshot keeps the open transaction.
        assert_eq!(
            s.check_marker(2, -1, 0).unwrap_err().0,
            ErrorCode::InvalidProducerEpoch
        );
        let back = ProducerStateManager::decode_snapshot(&s.encode_snapshot()).unwrap();
        assert_eq!(back.first_unstable_offset(15), Some(12));
        assert_eq!(back.describe(), s.describe());
        let commit = Marker {
            commit: true,
            coordinator_epoch: 3,
        };
        s.record_marker(&marker(2, 0, 15), commit, 0, 16);
        assert_eq!(s.first_unstable_offset(16), None);
        assert_eq!(s.aborted.collect(0, 100), vec![(1, 10)]);
        // A producer with an open transaction does not expire.
        s.record(&txn_header(3, 0, 0, 1, 16));
        s.expire(i64::MAX, 1);
        assert_eq!(s.first_unstable_offset(17), Some(16));
    }

    #[test]
    fn a_transaction_stays_unstable_until_its_marker_is_below_the_high_watermark() {
        let mut s = ProducerStateManager::default();
        s.record(&txn_header(1, 0, 0, 3, 10));
        let commit = Marker {
            commit: true,
            coordinator_epoch: 0,
        };
        // The marker at 13 is written while the high watermark is still 13.
        s.record_marker(&marker(1, 0, 13), commit, 0, 13);
        assert_eq!(s.last_stable_offset(13), 10);
        assert_eq!(s.last_stable_offset(14), 14);
        // Forgotten once a later marker finds the high watermark past it.
        s.record(&txn_header(2, 0, 0, 1, 14));
        s.record_marker(&marker(2, 0, 15), commit, 0, 15);
        assert_eq!(s.last_stable_offset(15), 14);
        assert_eq!(s.unreplicated.len(), 1);
        assert_eq!(s.last_stable_offset(16), 16);
    }

    #[test]
    fn markers_from_an_older_coordinator_epoch_are_fenced() {
        let mut s = ProducerStateManager::default();
        s.record(&txn_header(1, 0, 0, 1, 0));
        let at = |coordinator_epoch| Marker {
            commit: true,
            coordinator_epoch,
        };
        assert_eq!(s.check_marker(1, 0, 5), Ok(()));
        s.record_marker(&marker(1, 0, 1), at(5), 0, 2);
        assert_eq!(
            s.check_marker(1, 0, 4).unwrap_err().0,
            ErrorCode::TransactionCoordinatorFenced
        );
        assert_eq!(s.check_marker(1, 0, 5), Ok(()));
        assert_eq!(s.check_marker(1, 1, 6), Ok(()));
        // Unknown producers take any marker.
        assert_eq!(s.check_marker(9, 0, 0), Ok(()));
    }

    #[test]
    fn transactional_appends_need_an_ongoing_transaction_or_the_verification_guard() {
        let mut s = ProducerStateManager::default();
        let first = txn_header(1, 0, 0, 1, 0);
        let refused = |r: Result<(), (ErrorCode, String)>| r.unwrap_err().0;
        // Not verified: refused; verification off: appended as before.
        assert_eq!(
            refused(s.check_verification(&first, TxnVerification::Ongoing)),
            ErrorCode::InvalidTxnState
        );
        assert_eq!(s.check_verification(&first, TxnVerification::Off), Ok(()));
        let guard = s.start_verification(1, 0).unwrap();
        assert_eq!(
            s.start_verification(1, 0),
            Some(guard),
            "one guard per producer"
        );
        assert_eq!(
            s.check_verification(&first, TxnVerification::Verified(guard)),
            Ok(())
        );
        // A non-transactional batch never needs one.
        assert_eq!(
            s.check_verification(&header(1, 0, 0, 1, 0), TxnVerification::Ongoing),
            Ok(())
        );
        s.record(&first);
        // Ongoing now: no verification, and the guard is spent.
        assert_eq!(s.start_verification(1, 0), None);
        let next = txn_header(1, 0, 1, 1, 1);
        assert_eq!(
            s.check_verification(&next, TxnVerification::Ongoing),
            Ok(())
        );
        // A marker ends the transaction: a late batch of it (same epoch) is refused.
        let abort = Marker {
            commit: false,
            coordinator_epoch: 0,
        };
        s.record_marker(&marker(1, 0, 2), abort, 0, 3);
        let late = txn_header(1, 0, 2, 1, 3);
        assert_eq!(
            refused(s.check_verification(&late, TxnVerification::Ongoing)),
            ErrorCode::InvalidTxnState
        );
        // A verification that started before a marker no longer counts (Kafka's ABA case).
        let stale = s.start_verification(1, 0).unwrap();
        s.record_marker(&marker(1, 1, 3), abort, 0, 4);
        assert_eq!(
            refused(s.check_verification(&late, TxnVerification::Verified(stale))),
            ErrorCode::InvalidTxnState
        );
        let fresh = s.start_verification(1, 1).unwrap();
        assert_ne!(fresh, stale);
        let next_epoch = txn_header(1, 1, 0, 1, 4);
        assert_eq!(
            s.check_verification(&next_epoch, TxnVerification::Verified(fresh)),
            Ok(())
        );
    }

    #[test]
    fn snapshot_round_trip() {
        let mut s = ProducerStateManager::default();
        s.record(&header(5, 2, 10, 4, 100));
        s.record(&header(9, 0, i32::MAX, 3, 200));
        let bytes = s.encode_snapshot();
        let back = ProducerStateManager::decode_snapshot(&bytes).unwrap();
        assert_eq!(back.describe(), s.describe());
        assert!(
            matches!(back.check(&header(5, 2, 10, 4, 0)), Ok(Verdict::Duplicate(m)) if m.first_offset == 100)
        );
        assert!(
            matches!(back.check(&header(9, 0, i32::MAX, 3, 0)), Ok(Verdict::Duplicate(m)) if m.first_offset == 200)
        );
        let mut corrupt = bytes.clone();
        corrupt[12] ^= 1;
        assert!(ProducerStateManager::decode_snapshot(&corrupt).is_none());
        assert!(ProducerStateManager::decode_snapshot(&bytes[..bytes.len() - 1]).is_none());
    }
}
