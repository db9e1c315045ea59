//! Consumer-group load over raw Kafka protocol: offset-commit throughput on one coordinator
//! ([`commit`]) and the time a group of members takes to become stable ([`join`]).
//!
//! Both find the group's coordinator with FindCoordinator and talk to it directly, as a real
//! client does; they work against any Kafka-compatible broker with classic groups.

pub mod commit;
pub mod join;

use crate::wire::Connection;
use anyhow::{bail, Result};
use kafka_protocol::messages::{ApiKey, FindCoordinatorRequest};
use kafka_protocol::protocol::StrBytes;
use std::time::{Duration, Instant};

/// FindCoordinator versions we speak (v4+ carries a batch of keys; we send one).
const FIND_COORDINATOR_VERSIONS: (i16, i16) = (1, 6);
/// Kafka's `CoordinatorType.GROUP`.
const KEY_TYPE_GROUP: i8 = 0;
/// How long a coordinator may stay unavailable. Reason: the first lookup creates
/// `__consumer_offsets` (50 partitions); Kafka loads them within seconds.
pub const COORDINATOR_WAIT: Duration = Duration::from_secs(30);
pub const COORDINATOR_RETRY_PAUSE: Duration = Duration::from_millis(100);

/// Kafka error codes the group modes act on.
pub const COORDINATOR_LOAD_IN_PROGRESS: i16 = 14;
pub const COORDINATOR_NOT_AVAILABLE: i16 = 15;
pub const NOT_COORDINATOR: i16 = 16;
pub const ILLEGAL_GENERATION: i16 = 22;
pub const UNKNOWN_MEMBER_ID: i16 = 25;
pub const REBALANCE_IN_PROGRESS: i16 = 27;
pub const MEMBER_ID_REQUIRED: i16 = 79;

/// Whether a coordinator error means "ask again" (Kafka's retriable coordinator errors).
pub fn is_coordinator_retriable(code: i16) -> bool {
    matches!(
        code,
        COORDINATOR_LOAD_IN_PROGRESS | COORDINATOR_NOT_AVAILABLE | NOT_COORDINATOR
    )
}

/// The `host:port` of `group`'s coordinator, asked of `bootstrap`; retries while the
/// coordinator is loading or not yet available.
pub fn find_coordinator(bootstrap: &str, group: &str) -> Result<String> {
    let mut connection = Connection::connect(bootstrap)?;
    let version = connection
        .versions
        .pick(ApiKey::FindCoordinator, FIND_COORDINATOR_VERSIONS)?;
    let key = StrBytes::from_string(group.to_string());
    let mut request = FindCoordinatorRequest::default().with_key_type(KEY_TYPE_GROUP);
    if version >= 4 {
        request = request.with_coordinator_keys(vec![key]);
    } else {
        request = request.with_key(key);
    }
    let deadline = Instant::now() + COORDINATOR_WAIT;
    loop {
        let response = connection.call(&request, version)?;
        let (code, host, port) = match response.coordinators.first() {
            Some(c) if version >= 4 => (c.error_code, c.host.to_string(), c.port),
            _ => (
                response.error_code,
                response.host.to_string(),
                response.port,
            ),
        };
        match code {
            0 => return Ok(format!("{host}:{port}")),
            code if is_coordinator_retriable(code) && Instant::now() < deadline => {
                std::thread::sleep(COORDINATOR_RETRY_PAUSE);
            }
            code => bail!("FindCoordinator {group}: error code {code}"),
        }
    }
}
