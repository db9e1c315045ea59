//! The state machine of one `__transaction_state` partition: Kafka's `TransactionCoordinator`
//! and `TransactionMetadata` rules for transactions versions 1 and 2 (KIP-890 part 2: EndTxn v5
//! bumps the producer epoch at every commit and abort, and answers the new producer id and
//! epoch; a new producer id when the epoch is exhausted).

use std::collections::{BTreeMap, BTreeSet};

use model::ErrorCode;

use crate::record::{TxnRecord, TxnState, TxnValue};

/// What the coordinator needs from the broker's configuration.
#[derive(Clone, Copy, Debug)]
pub struct TxnConfig {
    /// `transaction.max.timeout.ms`.
    pub max_timeout_ms: i32,
    /// `transactional.id.expiration.ms`.
    pub id_expiration_ms: i64,
}

/// A transactional id's state, as DescribeTransactions shows it.
pub type TxnMeta = TxnValue;

/// Markers to write to every partition of a transaction, then [`TxnCoordinator::complete`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MarkerJob {
    pub transactional_id: String,
    pub producer_id: i64,
    pub producer_epoch: i16,
    pub commit: bool,
    pub partitions: Vec<(String, i32)>,
}

#[derive(Debug, PartialEq, Eq)]
pub enum InitOutcome {
    /// Append `records`, then answer with this producer id and epoch.
    Done {
        records: Vec<TxnRecord>,
        producer_id: i64,
        producer_epoch: i16,
    },
    /// Ask again with a fresh producer id (a new transactional id, or an exhausted epoch).
    NeedProducerId,
    /// An ongoing transaction is being aborted first: append `records`, run `job`, answer
    /// CONCURRENT_TRANSACTIONS (the client retries).
    Aborting {
        records: Vec<TxnRecord>,
        job: MarkerJob,
    },
    Error(ErrorCode),
}

/// What EndTxn does.
#[derive(Debug, PartialEq, Eq)]
pub enum EndOutcome {
    /// Append `records`, then answer success with this producer id and epoch (what a
    /// transactions version 2 client continues with); `job` runs after the append.
    Done {
        records: Vec<TxnRecord>,
        job: Option<MarkerJob>,
        producer_id: i64,
        producer_epoch: i16,
    },
    /// The epoch is exhausted: ask again with a fresh producer id (transactions version 2).
    NeedProducerId,
}

/// The transactions version a client's call follows (Kafka's `TransactionVersion` of a
/// request: EndTxn v5, Produce v12, TxnOffsetCommit v5 and AddPartitionsToTxn v5 from a
/// broker are version 2; older requests version 0).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClientTxnVersion {
    V0,
    V2,
}

impl ClientTxnVersion {
    /// The level `TransactionLogValue.ClientTransactionVersion` records.
    pub fn level(self) -> i16 {
        match self {
            ClientTxnVersion::V0 => 0,
            ClientTxnVersion::V2 => 2,
        }
    }
}

/// One ListTransactions entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TxnListing {
    pub transactional_id: String,
    pub producer_id: i64,
    pub state: TxnState,
}

#[derive(Debug, Default)]
pub struct TxnCoordinator {
    txns: BTreeMap<String, TxnValue>,
}

/// The last epoch before a producer id must be replaced (Kafka keeps `Short.MaxValue` free).
const EPOCH_MAX: i16 = i16::MAX - 1;

impl TxnCoordinator {
    pub fn new() -> Self {
        Self::default()
    }

    /// The only mutator of state.
    pub fn replay(&mut self, record: &TxnRecord) {
        match &record.value {
            Some(value) => {
                self.txns
                    .insert(record.transactional_id.clone(), value.clone());
            }
            None => {
                self.txns.remove(&record.transactional_id);
            }
        }
    }

    fn apply(&mut self, id: &str, value: Option<TxnValue>) -> TxnRecord {
        let record = TxnRecord {
            transactional_id: id.to_string(),
            value,
        };
        self.replay(&record);
        record
    }

    pub fn get(&self, id: &str) -> Option<&TxnValue> {
        self.txns.get(id)
    }

    pub fn len(&self) -> usize {
        self.txns.len()
    }

    pub fn is_empty(&self) -> bool {
        self.txns.is_empty()
    }

    /// InitProducerId with a transactional id. `expected`: the producer id and epoch a client
    /// sends to bump its own epoch (KIP-360), else `None`.
    pub fn init_producer_id(
        &mut self,
        id: &str,
        timeout_ms: i32,
        expected: Option<(i64, i16)>,
        fresh_producer_id: Option<i64>,
        now_ms: i64,
        config: &TxnConfig,
    ) -> InitOutcome {
        if timeout_ms <= 0 || timeout_ms > config.max_timeout_ms {
            return InitOutcome::Error(ErrorCode::InvalidTransactionTimeout);
        }
        let Some(current) = self.txns.get(id).cloned() else {
            let Some(producer_id) = fresh_producer_id else {
                return InitOutcome::NeedProducerId;
            };
            return self.fresh(id, producer_id, timeout_ms, now_ms);
        };
        if let Some((pid, epoch)) = expected {
            if pid != current.producer_id || epoch != current.producer_epoch {
                return InitOutcome::Error(ErrorCode::ProducerFenced);
            }
        }
        match current.state {
            TxnState::PrepareCommit | TxnState::PrepareAbort | TxnState::PrepareEpochFence => {
                InitOutcome::Error(ErrorCode::ConcurrentTransactions)
            }
            TxnState::Ongoing => {
                // Fence the old producer (epoch bump) and abort what it left open.
                let (records, job) = self.abort_with_fence(id, current, now_ms);
                InitOutcome::Aborting { records, job }
            }
            TxnState::Empty
            | TxnState::CompleteCommit
            | TxnState::CompleteAbort
            | TxnState::Dead => {
                if current.producer_epoch >= EPOCH_MAX {
                    let Some(producer_id) = fresh_producer_id else {
                        return InitOutcome::NeedProducerId;
                    };
                    return self.fresh(id, producer_id, timeout_ms, now_ms);
                }
                let value = TxnValue {
                    producer_epoch: current.producer_epoch + 1,
                    timeout_ms,
                    state: TxnState::Empty,
                    partitions: BTreeSet::new(),
                    last_update_ms: now_ms,
                    start_ms: -1,
                    next_producer_id: -1,
                    next_producer_epoch: -1,
                    ..current
                };
                let (producer_id, producer_epoch) = (value.producer_id, value.producer_epoch);
                InitOutcome::Done {
                    records: vec![self.apply(id, Some(value))],
                    producer_id,
                    producer_epoch,
                }
            }
        }
    }

    fn fresh(&mut self, id: &str, producer_id: i64, timeout_ms: i32, now_ms: i64) -> InitOutcome {
        let value = TxnValue::new(producer_id, 0, timeout_ms, now_ms);
        InitOutcome::Done {
            records: vec![self.apply(id, Some(value))],
            producer_id,
            producer_epoch: 0,
        }
    }

    /// Bumps the epoch (fencing the producer) and moves an ongoing transaction to PrepareAbort.
    fn abort_with_fence(
        &mut self,
        id: &str,
        current: TxnValue,
        now_ms: i64,
    ) -> (Vec<TxnRecord>, MarkerJob) {
        let value = TxnValue {
            producer_epoch: if current.producer_epoch < EPOCH_MAX {
                current.producer_epoch + 1
            } else {
                current.producer_epoch
            },
            state: TxnState::PrepareAbort,
            last_update_ms: now_ms,
            ..current
        };
        let job = job_of(id, &value, false);
        (vec![self.apply(id, Some(value))], job)
    }

    fn check_producer(
        &self,
        id: &str,
        producer_id: i64,
        epoch: i16,
    ) -> Result<TxnValue, ErrorCode> {
        let current = self
            .txns
            .get(id)
            .ok_or(ErrorCode::InvalidProducerIdMapping)?;
        if current.producer_id != producer_id {
            return Err(ErrorCode::InvalidProducerIdMapping);
        }
        if current.producer_epoch != epoch {
            return Err(ErrorCode::ProducerFenced);
        }
        Ok(current.clone())
    }

    /// AddPartitionsToTxn / AddOffsetsToTxn, and a partition leader's implicit add of a
    /// transactions version 2 produce or offset commit (`client`): the partitions join the
    /// transaction (it starts now if it was not ongoing). No record when nothing changes.
    pub fn add_partitions(
        &mut self,
        id: &str,
        (producer_id, epoch): (i64, i16),
        partitions: &[(String, i32)],
        client: ClientTxnVersion,
        now_ms: i64,
    ) -> Result<Vec<TxnRecord>, ErrorCode> {
        let current = self.check_producer(id, producer_id, epoch)?;
        match current.state {
            TxnState::PrepareCommit | TxnState::PrepareAbort | TxnState::PrepareEpochFence => {
                return Err(ErrorCode::ConcurrentTransactions)
            }
            TxnState::Dead => return Err(ErrorCode::InvalidTxnState),
            _ => {}
        }
        let ongoing = current.state == TxnState::Ongoing;
        if ongoing && partitions.iter().all(|p| current.partitions.contains(p)) {
            return Ok(Vec::new());
        }
        let mut value = current;
        if !ongoing {
            value.partitions.clear();
            value.start_ms = now_ms;
        }
        value.partitions.extend(partitions.iter().cloned());
        value.state = TxnState::Ongoing;
        value.last_update_ms = now_ms;
        value.client_transaction_version = client.level();
        Ok(vec![self.apply(id, Some(value))])
    }

    /// AddPartitionsToTxn v4+ `verify_only` (KIP-890, Kafka's
    /// `handleVerifyPartitionsInTransaction`): whether the partitions are in the ongoing
    /// transaction of this producer; CONCURRENT_TRANSACTIONS while it completes.
    pub fn verify_partitions(
        &self,
        id: &str,
        producer_id: i64,
        epoch: i16,
        partitions: &[(String, i32)],
    ) -> Result<Vec<bool>, ErrorCode> {
        let current = self.check_producer(id, producer_id, epoch)?;
        if matches!(
            current.state,
            TxnState::PrepareCommit | TxnState::PrepareAbort
        ) {
            return Err(ErrorCode::ConcurrentTransactions);
        }
        let ongoing = current.state == TxnState::Ongoing;
        Ok(partitions
            .iter()
            .map(|p| ongoing && current.partitions.contains(p))
            .collect())
    }

    /// EndTxn. `client`: V2 (EndTxn v5) bumps the epoch, see [`Self::end_txn_v2`].
    /// `fresh_producer_id`: a producer id from the controller, when [`EndOutcome::NeedProducerId`]
    /// asked for one.
    pub fn end_txn(
        &mut self,
        id: &str,
        (producer_id, epoch): (i64, i16),
        commit: bool,
        client: ClientTxnVersion,
        fresh_producer_id: Option<i64>,
        now_ms: i64,
    ) -> Result<EndOutcome, ErrorCode> {
        if client == ClientTxnVersion::V2 {
            return self.end_txn_v2(id, (producer_id, epoch), commit, fresh_producer_id, now_ms);
        }
        let current = self.check_producer(id, producer_id, epoch)?;
        let done = || {
            Ok(EndOutcome::Done {
                records: Vec::new(),
                job: None,
                producer_id,
                producer_epoch: epoch,
            })
        };
        match (current.state, commit) {
            (TxnState::Ongoing, _) => {
                let value = TxnValue {
                    state: if commit {
                        TxnState::PrepareCommit
                    } else {
                        TxnState::PrepareAbort
                    },
                    last_update_ms: now_ms,
                    client_transaction_version: client.level(),
                    ..current
                };
                let job = job_of(id, &value, commit);
                Ok(EndOutcome::Done {
                    records: vec![self.apply(id, Some(value))],
                    job: Some(job),
                    producer_id,
                    producer_epoch: epoch,
                })
            }
            (TxnState::PrepareCommit, true) | (TxnState::PrepareAbort, false) => {
                Err(ErrorCode::ConcurrentTransactions)
            }
            (TxnState::CompleteCommit, true) | (TxnState::CompleteAbort, false) => done(),
            (TxnState::PrepareEpochFence, _) => Err(ErrorCode::ConcurrentTransactions),
            _ => Err(ErrorCode::InvalidTxnState),
        }
    }

    /// EndTxn v5 (Kafka's `endTransaction` with transactions version 2): every commit or
    /// abort bumps the producer epoch (markers carry the bumped one, so a late produce of the
    /// ended transaction is fenced), and a retry is told apart by its epoch: one below the
    /// current in a Prepare or Complete state is the same call again (answered CONCURRENT_TRANSACTIONS
    /// while markers are written, then success with the current id and epoch), the current
    /// epoch in a Complete state is the next transaction (an abort with no partition added
    /// is allowed). An exhausted epoch moves to a fresh producer id when the transaction
    /// completes; a retry with the old id's last epoch is recognized.
    fn end_txn_v2(
        &mut self,
        id: &str,
        (producer_id, epoch): (i64, i16),
        commit: bool,
        fresh_producer_id: Option<i64>,
        now_ms: i64,
    ) -> Result<EndOutcome, ErrorCode> {
        let current = self
            .txns
            .get(id)
            .cloned()
            .ok_or(ErrorCode::InvalidProducerIdMapping)?;
        let retry_on_overflow = current.previous_producer_id == producer_id
            && epoch == EPOCH_MAX
            && current.producer_epoch == 0;
        let retry_on_bump = i32::from(current.producer_epoch) == i32::from(epoch) + 1;
        let same_epoch = current.producer_epoch == epoch;
        let valid_epoch = match current.state {
            TxnState::Ongoing | TxnState::Empty | TxnState::Dead | TxnState::PrepareEpochFence => {
                same_epoch
            }
            TxnState::PrepareCommit | TxnState::PrepareAbort => retry_on_bump,
            TxnState::CompleteCommit | TxnState::CompleteAbort => {
                retry_on_bump || retry_on_overflow || same_epoch
            }
        };
        let retry = retry_on_bump || retry_on_overflow;
        if current.producer_id != producer_id && !retry_on_overflow {
            return Err(ErrorCode::InvalidProducerIdMapping);
        }
        if !valid_epoch {
            return Err(ErrorCode::ProducerFenced);
        }
        let answered = Ok(EndOutcome::Done {
            records: Vec::new(),
            job: None,
            producer_id: current.producer_id,
            producer_epoch: current.producer_epoch,
        });
        let prepare = |c: &mut Self, state, no_partition_added| {
            c.prepare_end_v2(
                id,
                current.clone(),
                state,
                no_partition_added,
                fresh_producer_id,
                now_ms,
            )
        };
        match (current.state, commit) {
            (TxnState::Ongoing, true) => prepare(self, TxnState::PrepareCommit, false),
            (TxnState::Ongoing, false) => prepare(self, TxnState::PrepareAbort, false),
            (TxnState::CompleteCommit, true) if retry => answered,
            (TxnState::CompleteCommit, false) if !retry => {
                prepare(self, TxnState::PrepareAbort, true)
            }
            (TxnState::CompleteAbort, false) if retry => answered,
            (TxnState::CompleteAbort, false) | (TxnState::Empty, false) => {
                prepare(self, TxnState::PrepareAbort, true)
            }
            (TxnState::PrepareCommit, true) | (TxnState::PrepareAbort, false) => {
                Err(ErrorCode::ConcurrentTransactions)
            }
            (TxnState::PrepareEpochFence, _) => Err(ErrorCode::ConcurrentTransactions),
            _ => Err(ErrorCode::InvalidTxnState),
        }
    }

    /// Kafka's `prepareAbortOrCommit` for transactions version 2: the epoch is bumped (to
    /// `i16::MAX` at most, whose successor is a fresh producer id at completion).
    fn prepare_end_v2(
        &mut self,
        id: &str,
        current: TxnValue,
        state: TxnState,
        no_partition_added: bool,
        fresh_producer_id: Option<i64>,
        now_ms: i64,
    ) -> Result<EndOutcome, ErrorCode> {
        let next_producer_id = if current.producer_epoch >= EPOCH_MAX {
            match fresh_producer_id {
                Some(pid) => pid,
                None => return Ok(EndOutcome::NeedProducerId),
            }
        } else {
            -1
        };
        let commit = state == TxnState::PrepareCommit;
        let value = TxnValue {
            state,
            // i16::MAX at most (a record read from disk may hold it already): the fresh
            // producer id takes over at completion either way.
            producer_epoch: current.producer_epoch.saturating_add(1),
            next_producer_id,
            next_producer_epoch: if next_producer_id >= 0 { 0 } else { -1 },
            start_ms: if no_partition_added {
                now_ms
            } else {
                current.start_ms
            },
            last_update_ms: now_ms,
            client_transaction_version: ClientTxnVersion::V2.level(),
            ..current
        };
        let (producer_id, producer_epoch) = if next_producer_id >= 0 {
            (next_producer_id, 0)
        } else {
            (value.producer_id, value.producer_epoch)
        };
        let job = job_of(id, &value, commit);
        Ok(EndOutcome::Done {
            records: vec![self.apply(id, Some(value))],
            job: Some(job),
            producer_id,
            producer_epoch,
        })
    }

    /// The markers of `job` are written everywhere: the transaction completes. Nothing when
    /// the transaction moved on meanwhile (a reload, another producer).
    pub fn complete(&mut self, job: &MarkerJob, now_ms: i64) -> Vec<TxnRecord> {
        let Some(current) = self.txns.get(&job.transactional_id).cloned() else {
            return Vec::new();
        };
        let expected = if job.commit {
            TxnState::PrepareCommit
        } else {
            TxnState::PrepareAbort
        };
        if current.state != expected
            || current.producer_id != job.producer_id
            || current.producer_epoch != job.producer_epoch
        {
            return Vec::new();
        }
        let mut value = TxnValue {
            state: if job.commit {
                TxnState::CompleteCommit
            } else {
                TxnState::CompleteAbort
            },
            partitions: BTreeSet::new(),
            last_update_ms: now_ms,
            ..current
        };
        if value.next_producer_id >= 0 {
            // Transactions version 2 past an exhausted epoch: the fresh producer id takes over.
            value.previous_producer_id = value.producer_id;
            value.producer_id = value.next_producer_id;
            value.producer_epoch = 0;
            value.next_producer_id = -1;
            value.next_producer_epoch = -1;
        }
        vec![self.apply(&job.transactional_id, Some(value))]
    }

    /// Transactions whose markers are due: those in PrepareCommit/PrepareAbort (after a load).
    pub fn pending_markers(&self) -> Vec<MarkerJob> {
        self.txns
            .iter()
            .filter_map(|(id, v)| match v.state {
                TxnState::PrepareCommit => Some(job_of(id, v, true)),
                TxnState::PrepareAbort => Some(job_of(id, v, false)),
                _ => None,
            })
            .collect()
    }

    /// Kafka's `abortTimedOutTransactions`: ongoing transactions older than their timeout
    /// are aborted with the producer fenced (epoch bumped).
    pub fn abort_timed_out(&mut self, now_ms: i64) -> (Vec<TxnRecord>, Vec<MarkerJob>) {
        let due: Vec<(String, TxnValue)> = self
            .txns
            .iter()
            .filter(|(_, v)| {
                v.state == TxnState::Ongoing
                    && v.start_ms.saturating_add(i64::from(v.timeout_ms)) < now_ms
            })
            .map(|(id, v)| (id.clone(), v.clone()))
            .collect();
        let mut records = Vec::new();
        let mut jobs = Vec::new();
        for (id, value) in due {
            let (mut r, job) = self.abort_with_fence(&id, value, now_ms);
            records.append(&mut r);
            jobs.push(job);
        }
        (records, jobs)
    }

    /// Kafka's transactional id expiration: ids idle (no ongoing or completing transaction)
    /// for `transactional.id.expiration.ms` are removed with a tombstone.
    pub fn expire(&mut self, now_ms: i64, config: &TxnConfig) -> Vec<TxnRecord> {
        let due: Vec<String> = self
            .txns
            .iter()
            .filter(|(_, v)| {
                matches!(
                    v.state,
                    TxnState::Empty | TxnState::CompleteCommit | TxnState::CompleteAbort
                ) && v.last_update_ms.saturating_add(config.id_expiration_ms) <= now_ms
            })
            .map(|(id, _)| id.clone())
            .collect();
        due.into_iter().map(|id| self.apply(&id, None)).collect()
    }

    /// The earliest time an ongoing transaction times out (for the host's timer).
    pub fn next_timeout_ms(&self) -> Option<i64> {
        self.txns
            .values()
            .filter(|v| v.state == TxnState::Ongoing)
            .map(|v| v.start_ms.saturating_add(i64::from(v.timeout_ms)))
            .min()
    }

    /// ListTransactions: every id, filtered by state names, producer ids and minimum age
    /// (`duration_filter_ms`, -1 for none; KIP-994).
    pub fn list(
        &self,
        states: &[String],
        producer_ids: &[i64],
        duration_filter_ms: i64,
        now_ms: i64,
    ) -> Vec<TxnListing> {
        self.txns
            .iter()
            .filter(|(_, v)| states.is_empty() || states.iter().any(|s| s == v.state.name()))
            .filter(|(_, v)| producer_ids.is_empty() || producer_ids.contains(&v.producer_id))
            .filter(|(_, v)| {
                duration_filter_ms < 0
                    || (v.state == TxnState::Ongoing
                        && now_ms.saturating_sub(v.start_ms) >= duration_filter_ms)
            })
            .map(|(id, v)| TxnListing {
                transactional_id: id.clone(),
                producer_id: v.producer_id,
                state: v.state,
            })
            .collect()
    }
}

fn job_of(id: &str, value: &TxnValue, commit: bool) -> MarkerJob {
    MarkerJob {
        transactional_id: id.to_string(),
        producer_id: value.producer_id,
        producer_epoch: value.producer_epoch,
        commit,
        partitions: value.partitions.iter().cloned().collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ClientTxnVersion::{V0, V2};

    const CONFIG: TxnConfig = TxnConfig {
        max_timeout_ms: 900_000,
        id_expiration_ms: 1_000,
    };

    fn init(c: &mut TxnCoordinator, id: &str, now: i64) -> (i64, i16) {
        match c.init_producer_id(id, 60_000, None, None, now, &CONFIG) {
            InitOutcome::NeedProducerId => {}
            InitOutcome::Done {
                producer_id,
                producer_epoch,
                ..
            } => return (producer_id, producer_epoch),
            other => panic!("{other:?}"),
        }
        match c.init_producer_id(id, 60_000, None, Some(100), now, &CONFIG) {
            InitOutcome::Done {
                producer_id,
                producer_epoch,
                ..
            } => (producer_id, producer_epoch),
            other => panic!("{other:?}"),
        }
    }

    /// The records, job and answer of an EndTxn that succeeded.
    fn ended(
        outcome: Result<EndOutcome, ErrorCode>,
    ) -> (Vec<TxnRecord>, Option<MarkerJob>, (i64, i16)) {
        match outcome {
            Ok(EndOutcome::Done {
                records,
                job,
                producer_id,
                producer_epoch,
            }) => (records, job, (producer_id, producer_epoch)),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn commit_cycle_and_fencing() {
        let mut c = TxnCoordinator::new();
        assert_eq!(
            c.init_producer_id("t", 0, None, None, 0, &CONFIG),
            InitOutcome::Error(ErrorCode::InvalidTransactionTimeout)
        );
        assert_eq!(
            c.init_producer_id("t", 900_001, None, None, 0, &CONFIG),
            InitOutcome::Error(ErrorCode::InvalidTransactionTimeout)
        );
        let (pid, epoch) = init(&mut c, "t", 1);
        assert_eq!((pid, epoch), (100, 0));
        let parts = vec![("a".to_string(), 0), ("b".to_string(), 1)];
        assert_eq!(
            c.add_partitions("t", (pid, epoch), &parts, V0, 2)
                .unwrap()
                .len(),
            1
        );
        assert!(c
            .add_partitions("t", (pid, epoch), &parts[..1], V0, 3)
            .unwrap()
            .is_empty());
        assert_eq!(
            c.add_partitions("t", (pid + 1, epoch), &parts, V0, 3),
            Err(ErrorCode::InvalidProducerIdMapping)
        );
        let job = ended(c.end_txn("t", (pid, epoch), true, V0, None, 4))
            .1
            .unwrap();
        assert_eq!(job.partitions, parts);
        assert_eq!(
            c.add_partitions("t", (pid, epoch), &parts, V0, 5),
            Err(ErrorCode::ConcurrentTransactions)
        );
        assert_eq!(c.complete(&job, 6).len(), 1);
        assert_eq!(c.get("t").unwrap().state, TxnState::CompleteCommit);
        assert!(ended(c.end_txn("t", (pid, epoch), true, V0, None, 7))
            .0
            .is_empty());
        assert_eq!(
            c.end_txn("t", (pid, epoch), false, V0, None, 7),
            Err(ErrorCode::InvalidTxnState)
        );
        // A new instance bumps the epoch; the old one is fenced.
        let (pid2, epoch2) = init(&mut c, "t", 8);
        assert_eq!((pid2, epoch2), (pid, 1));
        assert_eq!(
            c.add_partitions("t", (pid, epoch), &parts, V0, 9),
            Err(ErrorCode::ProducerFenced)
        );
    }

    #[test]
    fn verification_answers_membership_of_the_ongoing_transaction() {
        let mut c = TxnCoordinator::new();
        let (pid, epoch) = init(&mut c, "t", 0);
        let parts = vec![("a".to_string(), 0), ("b".to_string(), 0)];
        assert_eq!(
            c.verify_partitions("t", pid, epoch, &parts),
            Ok(vec![false, false])
        );
        c.add_partitions("t", (pid, epoch), &parts[..1], V0, 1)
            .unwrap();
        assert_eq!(
            c.verify_partitions("t", pid, epoch, &parts),
            Ok(vec![true, false])
        );
        assert_eq!(
            c.verify_partitions("t", pid, epoch + 1, &parts),
            Err(ErrorCode::ProducerFenced)
        );
        assert_eq!(
            c.verify_partitions("u", pid, epoch, &parts),
            Err(ErrorCode::InvalidProducerIdMapping)
        );
        let job = ended(c.end_txn("t", (pid, epoch), false, V0, None, 2))
            .1
            .unwrap();
        assert_eq!(
            c.verify_partitions("t", pid, epoch, &parts),
            Err(ErrorCode::ConcurrentTransactions)
        );
        c.complete(&job, 3);
        // Aborted: a late produce of the transaction is not in any transaction.
        assert_eq!(
            c.verify_partitions("t", pid, epoch, &parts),
            Ok(vec![false, false])
        );
    }

    #[test]
    fn reinit_aborts_ongoing_and_timeouts_abort() {
        let mut c = TxnCoordinator::new();
        let (pid, epoch) = init(&mut c, "t", 0);
        let parts = vec![("a".to_string(), 0)];
        c.add_partitions("t", (pid, epoch), &parts, V0, 10).unwrap();
        match c.init_producer_id("t", 60_000, None, None, 11, &CONFIG) {
            InitOutcome::Aborting { job, .. } => {
                assert!(!job.commit);
                assert_eq!(job.producer_epoch, epoch + 1);
                assert_eq!(
                    c.init_producer_id("t", 60_000, None, None, 12, &CONFIG),
                    InitOutcome::Error(ErrorCode::ConcurrentTransactions)
                );
                c.complete(&job, 13);
            }
            other => panic!("{other:?}"),
        }
        let (_, epoch) = init(&mut c, "t", 14);
        assert_eq!(epoch, 2);
        c.add_partitions("t", (pid, epoch), &parts, V0, 100)
            .unwrap();
        assert_eq!(c.next_timeout_ms(), Some(60_100));
        assert!(c.abort_timed_out(60_100).1.is_empty());
        let (records, jobs) = c.abort_timed_out(60_101);
        assert_eq!((records.len(), jobs.len()), (1, 1));
        assert_eq!(jobs[0].producer_epoch, 3);
        assert_eq!(c.pending_markers(), jobs);
        // Replaying the records rebuilds the same state.
        let mut replayed = TxnCoordinator::new();
        for r in &records {
            replayed.replay(r);
        }
        assert_eq!(replayed.get("t"), c.get("t"));
        c.complete(&jobs[0], 60_200);
        assert!(c.expire(60_200 + 999, &CONFIG).is_empty());
        assert_eq!(c.expire(60_200 + 1_000, &CONFIG).len(), 1);
        assert!(c.get("t").is_none());
    }

    #[test]
    fn transactions_version_2_bumps_the_epoch_at_every_end_and_answers_retries() {
        let mut c = TxnCoordinator::new();
        let (pid, e0) = init(&mut c, "t", 0);
        let parts = vec![("a".to_string(), 0)];
        c.add_partitions("t", (pid, e0), &parts, V2, 1).unwrap();
        assert_eq!(c.get("t").unwrap().client_transaction_version, 2);
        let (records, job, answer) = ended(c.end_txn("t", (pid, e0), true, V2, None, 2));
        let job = job.unwrap();
        // The markers carry the bumped epoch, which the client gets back at once.
        assert_eq!((job.producer_epoch, answer), (e0 + 1, (pid, e0 + 1)));
        assert_eq!(
            records[0].value.as_ref().unwrap().state,
            TxnState::PrepareCommit
        );
        // A retry while markers are written; the old epoch elsewhere is fenced.
        assert_eq!(
            c.end_txn("t", (pid, e0), true, V2, None, 3),
            Err(ErrorCode::ConcurrentTransactions)
        );
        assert_eq!(
            c.add_partitions("t", (pid, e0), &parts, V2, 3),
            Err(ErrorCode::ProducerFenced)
        );
        c.complete(&job, 4);
        // The retry after completion is answered with the current epoch, no new record.
        let (records, job, answer) = ended(c.end_txn("t", (pid, e0), true, V2, None, 5));
        assert!(records.is_empty() && job.is_none());
        assert_eq!(answer, (pid, e0 + 1));
        assert_eq!(
            c.end_txn("t", (pid, e0), false, V2, None, 5),
            Err(ErrorCode::InvalidTxnState)
        );
        // The next transaction at the new epoch; an abort with nothing added bumps again.
        let (_, job, answer) = ended(c.end_txn("t", (pid, e0 + 1), false, V2, None, 6));
        assert_eq!(answer, (pid, e0 + 2));
        assert!(job.as_ref().unwrap().partitions.is_empty());
        c.complete(&job.unwrap(), 7);
        assert_eq!(
            c.end_txn("t", (pid, e0 + 1), true, V2, None, 8),
            Err(ErrorCode::InvalidTxnState)
        );
        assert_eq!(
            c.end_txn("t", (pid, e0 + 3), false, V2, None, 8),
            Err(ErrorCode::ProducerFenced)
        );
        assert_eq!(
            c.end_txn("t", (pid + 5, e0 + 2), false, V2, None, 8),
            Err(ErrorCode::InvalidProducerIdMapping)
        );
        // A version 1 EndTxn of the same id does not bump.
        c.add_partitions("t", (pid, e0 + 2), &parts, V0, 9).unwrap();
        let (_, job, answer) = ended(c.end_txn("t", (pid, e0 + 2), true, V0, None, 10));
        assert_eq!(
            (job.unwrap().producer_epoch, answer),
            (e0 + 2, (pid, e0 + 2))
        );
    }

    #[test]
    fn transactions_version_2_moves_to_a_fresh_producer_id_past_the_last_epoch() {
        let mut c = TxnCoordinator::new();
        let (pid, _) = init(&mut c, "t", 0);
        let mut value = c.get("t").unwrap().clone();
        value.producer_epoch = EPOCH_MAX;
        c.replay(&TxnRecord {
            transactional_id: "t".into(),
            value: Some(value),
        });
        let parts = vec![("a".to_string(), 0)];
        c.add_partitions("t", (pid, EPOCH_MAX), &parts, V2, 1)
            .unwrap();
        assert_eq!(
            c.end_txn("t", (pid, EPOCH_MAX), true, V2, None, 2),
            Ok(EndOutcome::NeedProducerId)
        );
        let (_, job, answer) = ended(c.end_txn("t", (pid, EPOCH_MAX), true, V2, Some(500), 2));
        let job = job.unwrap();
        assert_eq!((job.producer_id, job.producer_epoch), (pid, i16::MAX));
        assert_eq!(answer, (500, 0));
        let records = c.complete(&job, 3);
        let v = records[0].value.as_ref().unwrap();
        assert_eq!(
            (
                v.producer_id,
                v.producer_epoch,
                v.previous_producer_id,
                v.next_producer_id
            ),
            (500, 0, pid, -1)
        );
        // The client's retry with the old id and its last epoch is answered.
        let (_, _, answer) = ended(c.end_txn("t", (pid, EPOCH_MAX), true, V2, None, 4));
        assert_eq!(answer, (500, 0));
        c.add_partitions("t", (500, 0), &parts, V2, 5).unwrap();
    }
}
