//! The transaction coordinator for one `__transaction_state` partition as a pure state machine
//! (KIP-98; transactions version 2, KIP-890 part 2, where EndTxn v5 bumps the producer epoch per
//! transaction and partitions join implicitly at their first produce): InitProducerId with a transactional id, AddPartitionsToTxn,
//! AddOffsetsToTxn, EndTxn, the abort of timed-out transactions and the expiry of idle
//! transactional ids.
//!
//! Where it runs: on the shard that owns (in a cluster: leads) the partition, hosted by
//! `runtime::txns`, but it knows nothing of shards, disks or clocks: time comes in as `now_ms`,
//! records ([`TxnRecord`], Kafka's `TransactionLogKey`/`TransactionLogValue` v0 or v1, so
//! `kafka-dump-log --transaction-log-decoder` reads them) and marker work ([`MarkerJob`]) go out.
//! The host appends the records durably before it answers, sends the markers, and reports
//! their completion back with [`TxnCoordinator::complete`].
//!
//! Invariants:
//! - [`TxnCoordinator::replay`] is the only mutator of state; operations apply their own records
//!   through it, so replaying the partition rebuilds the same state. A transaction found in
//!   PrepareCommit/PrepareAbort after a load has its markers sent again ([`TxnCoordinator::pending_markers`]).
//! - Expected failures are Kafka error codes; decoding records read from disk returns `None`,
//!   nothing reachable from client or disk bytes panics.
//!
//! Deliberately not here: partition verification and the implicit add of a partition (KIP-890,
//! the partition leader's side), two-phase producer id allocation (the caller hands a fresh
//! producer id in when [`InitOutcome::NeedProducerId`] or [`EndOutcome::NeedProducerId`] asks
//! for one), and all IO.

mod coordinator;
mod record;

pub use coordinator::{
    ClientTxnVersion, EndOutcome, InitOutcome, MarkerJob, TxnConfig, TxnCoordinator, TxnListing,
    TxnMeta,
};
pub use record::{decode_marker, encode_marker, value_version, TxnRecord, TxnState};
