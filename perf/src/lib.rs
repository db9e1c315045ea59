//! `perf`: the library half of `sluice-bench`, a lean load generator that speaks the Kafka
//! protocol to any Kafka-compatible broker (Sluice, Apache Kafka 4.x).
//!
//! Runs as an ordinary process with std threads and blocking sockets — no async runtime and
//! nothing from `shards/`. Producer threads batch records into one magic v2 batch per
//! partition (built here: kafka-protocol's encoder makes one batch per record) and pipeline up
//! to `max_in_flight` Produce requests per connection, a reader thread matching responses by
//! correlation id. Consumer threads long-poll Fetch without consumer groups.
//!
//! Invariants: every record value starts with its intended send time (u64 ns since the Unix
//! epoch, big-endian); latencies are measured from that time (open loop, no coordinated
//! omission); only records *sent* inside the measured window count; the record bytes depend
//! only on the options, never on the broker or the run.
//!
//! `group` measures consumer-group coordinators (offset commits, joins) on raw protocol; the
//! produce/consume load itself uses no groups.
//!
//! Deliberately not here: group-managed consumption in the load, idempotence/transactions, metadata refresh after a
//! leader change (retriable errors are retried on the same connection), SASL/TLS.

pub mod cluster;
pub mod compression;
pub mod consumer;
pub mod filler;
pub mod group;
pub mod producer;
pub mod records;
pub mod stats;
pub mod wire;

use std::collections::HashSet;
use std::sync::Mutex;

/// Prints each distinct error once, however many threads hit it how often.
#[derive(Debug, Default)]
pub struct ErrorLog {
    seen: Mutex<HashSet<String>>,
}

impl ErrorLog {
    pub fn report(&self, what: String) {
        let mut seen = self
            .seen
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if seen.insert(what.clone()) {
            eprintln!("error: {what}");
        }
    }
}

/// Whether a Produce/Fetch partition error is worth retrying (Kafka's RetriableException set
/// for these APIs).
pub fn is_retriable(error_code: i16) -> bool {
    matches!(
        error_code,
        3   // UNKNOWN_TOPIC_OR_PARTITION
        | 5  // LEADER_NOT_AVAILABLE
        | 6  // NOT_LEADER_OR_FOLLOWER
        | 7  // REQUEST_TIMED_OUT
        | 13 // NETWORK_EXCEPTION
        | 19 // NOT_ENOUGH_REPLICAS
        | 20 // NOT_ENOUGH_REPLICAS_AFTER_APPEND
        | 56 // KAFKA_STORAGE_ERROR
        | 74 // FENCED_LEADER_EPOCH
        | 75 // UNKNOWN_LEADER_EPOCH
    )
}
