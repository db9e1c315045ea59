//! The network layer's limits, each with its reason. Kafka's config keys set them; Sluice is
//! shared-nothing, so broker-wide counts are split evenly across shards (the kernel spreads
//! connections across SO_REUSEPORT listeners roughly evenly).

use crate::reject_log::Rejection;
use config::BrokerConfig;
use glommio::sync::Semaphore;
use std::cell::RefCell;
use std::collections::HashMap;
use std::net::IpAddr;
use std::rc::Rc;
use std::time::Duration;

/// Bytes of request frames one shard holds at once when `queued.max.request.bytes` is -1
/// (Kafka's "unbounded"): N slow or hostile clients must not exhaust memory, and 1 GiB per
/// shard is far above what the produce path keeps in flight.
pub const QUEUED_REQUEST_BYTES_PER_SHARD_DEFAULT: usize = 1 << 30;

/// A frame body is read, and its bytes taken from the shard's request budget, this much at a
/// time: a client that claims a 100 MiB frame and dribbles bytes (slowloris) holds what it sent
/// plus one chunk, not its claim, so a few hundred of them cannot starve honest clients.
pub const FRAME_CHUNK_BYTES: usize = 64 * 1024;

/// Longest a TLS handshake may take (or `connections.max.idle.ms` if shorter): a client that
/// opens a connection and never finishes the handshake holds a connection slot and rustls's
/// buffers; a real client's handshake takes milliseconds, a slow network a few round trips.
pub const TLS_HANDSHAKE_MS_MAX: u64 = 10_000;

/// Per-shard admission state: connection counts and the in-flight request-bytes budget.
pub struct Limits {
    pub max_connections: usize,
    pub max_connections_per_ip: usize,
    per_ip_overrides: HashMap<IpAddr, usize>,
    pub idle: Duration,
    /// `TLS_HANDSHAKE_MS_MAX`, or `connections.max.idle.ms` if shorter.
    pub tls_handshake_max: Duration,
    /// `connection.failed.authentication.delay.ms`: a client guessing passwords waits this
    /// long per try before its connection closes (as in Kafka).
    pub failed_authentication_delay: Duration,
    /// Request-frame bytes held by this shard, from reading a frame until its response is
    /// written; waiting for it stops reading the socket (Kafka mutes the channel).
    pub request_bytes: Rc<Semaphore>,
    pub request_bytes_max: usize,
    by_ip: RefCell<HashMap<IpAddr, usize>>,
    pub reject_log: crate::reject_log::RejectLog,
}

impl Limits {
    pub fn new(config: &BrokerConfig, nr_shards: usize) -> Limits {
        let share = |total: u64| -> usize {
            if total >= i32::MAX as u64 {
                usize::MAX // Kafka's default: no limit
            } else {
                (total as usize).div_ceil(nr_shards.max(1)).max(1)
            }
        };
        let request_bytes_max = if config.queued_max_request_bytes > 0 {
            share(config.queued_max_request_bytes as u64)
        } else {
            QUEUED_REQUEST_BYTES_PER_SHARD_DEFAULT
        };
        let per_ip_overrides = config
            .max_connections_per_ip_overrides
            .iter()
            .filter_map(|(ip, n)| Some((ip.parse().ok()?, share(u64::from(*n)))))
            .collect();
        Limits {
            max_connections: share(u64::from(config.max_connections)),
            max_connections_per_ip: share(u64::from(config.max_connections_per_ip)),
            per_ip_overrides,
            idle: Duration::from_millis(config.connections_max_idle_ms),
            tls_handshake_max: Duration::from_millis(
                config.connections_max_idle_ms.min(TLS_HANDSHAKE_MS_MAX),
            ),
            failed_authentication_delay: Duration::from_millis(
                config.connection_failed_authentication_delay_ms,
            ),
            request_bytes: Rc::new(Semaphore::new(request_bytes_max as u64)),
            request_bytes_max,
            by_ip: RefCell::new(HashMap::new()),
            reject_log: Default::default(),
        }
    }

    /// Admits a new connection from `ip` (given the shard's current count), or says why not.
    pub fn admit(self: &Rc<Self>, ip: IpAddr, open: usize) -> Result<ConnectionSlot, Rejection> {
        if open >= self.max_connections {
            return Err(Rejection::new(
                "connection",
                "max_connections",
                format!(
                    "max.connections reached ({} on this shard)",
                    self.max_connections
                ),
            ));
        }
        let limit = self
            .per_ip_overrides
            .get(&ip)
            .copied()
            .unwrap_or(self.max_connections_per_ip);
        let mut by_ip = self.by_ip.borrow_mut();
        let count = by_ip.entry(ip).or_insert(0);
        if *count >= limit {
            return Err(Rejection::new(
                "connection",
                "max_connections_per_ip",
                format!("max.connections.per.ip reached for {ip} ({limit} on this shard)"),
            ));
        }
        *count += 1;
        Ok(ConnectionSlot {
            limits: self.clone(),
            ip,
        })
    }
}

/// A connection's place in the per-IP count, released on drop.
pub struct ConnectionSlot {
    limits: Rc<Limits>,
    ip: IpAddr,
}

impl Drop for ConnectionSlot {
    fn drop(&mut self) {
        let mut by_ip = self.limits.by_ip.borrow_mut();
        if let Some(count) = by_ip.get_mut(&self.ip) {
            *count -= 1;
            if *count == 0 {
                by_ip.remove(&self.ip);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(settings: &[(&str, &str)], shards: usize) -> Rc<Limits> {
        let overrides: Vec<(String, String)> = settings
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let (config, _) = BrokerConfig::from_properties(&[], &overrides).unwrap();
        Rc::new(Limits::new(&config, shards))
    }

    #[test]
    fn kafka_defaults_mean_no_connection_limit() {
        let l = limits(&[], 2);
        assert_eq!(l.max_connections, usize::MAX);
        assert_eq!(l.request_bytes_max, QUEUED_REQUEST_BYTES_PER_SHARD_DEFAULT);
    }

    #[test]
    fn per_ip_limit_is_counted_and_released() {
        let l = limits(
            &[
                ("max.connections.per.ip", "4"),
                ("queued.max.request.bytes", "1000"),
            ],
            2,
        );
        assert_eq!(l.request_bytes_max, 500);
        let ip: IpAddr = "127.0.0.1".parse().unwrap();
        let a = l.admit(ip, 0).unwrap();
        let _b = l.admit(ip, 1).unwrap();
        assert!(l.admit(ip, 2).is_err(), "4 per broker = 2 per shard");
        drop(a);
        assert!(l.admit(ip, 1).is_ok());
        assert!(l.admit("127.0.0.2".parse().unwrap(), 2).is_ok());
    }

    #[test]
    fn max_connections_is_split_across_shards() {
        let l = limits(&[("max.connections", "10")], 2);
        assert!(l.admit("127.0.0.1".parse().unwrap(), 4).is_ok());
        assert!(l.admit("127.0.0.1".parse().unwrap(), 5).is_err());
    }
}
