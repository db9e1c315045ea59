//! A byte-rate limiter for replication throttles (`leader.replication.throttled.rate` /
//! `follower.replication.throttled.rate`, applied to the replicas that
//! `leader.replication.throttled.replicas` / `follower.replication.throttled.replicas` name).
//! Pure: time comes in as `now_ms`, so it is tested without a clock.
//!
//! Kafka's `ReplicationQuotaManager` averages over `replication.quota.window.num` (11) windows
//! of `replication.quota.window.size.seconds` (1 s); this is the same idea as a token bucket:
//! a budget of `rate × window` bytes that refills continuously, and a fetch that would overdraw
//! it is told how long to wait. A follower's fetcher (`fetcher`) leaves its throttled partitions
//! out of a fetch while [`ByteRate::delay_ms`] says the budget is spent and records what they
//! brought with [`ByteRate::record`]; a leader (`replicated`, a follower's `ReplicaRead`)
//! answers a throttled replica with no records while its budget is spent, as Kafka leaves a
//! throttled partition out of the response. Each shard holds its own budgets, of the broker's
//! rate divided by the shards ([`Throttles`]).

/// Bytes per second allowed, with the burst a window holds.
#[derive(Clone, Debug)]
pub struct ByteRate {
    bytes_per_s: u64,
    /// Most bytes the bucket holds (`bytes_per_s × window_ms / 1000`, at least one byte).
    burst_bytes: u64,
    /// Bytes available at `at_ms` (negative: overdrawn by a fetch larger than the rest).
    available: i64,
    at_ms: u64,
}

impl ByteRate {
    /// A limiter of `bytes_per_s` over a window of `window_ms`, starting full at `now_ms`.
    /// `u64::MAX` (Kafka's default `Long.MAX_VALUE`) is no limit.
    pub fn new(bytes_per_s: u64, window_ms: u64, now_ms: u64) -> ByteRate {
        let burst_bytes = (u128::from(bytes_per_s) * u128::from(window_ms) / 1000)
            .clamp(1, i64::MAX as u128) as u64;
        ByteRate {
            bytes_per_s,
            burst_bytes,
            available: burst_bytes as i64,
            at_ms: now_ms,
        }
    }

    pub fn is_unlimited(&self) -> bool {
        self.bytes_per_s >= i64::MAX as u64
    }

    fn refill(&mut self, now_ms: u64) {
        let elapsed_ms = now_ms.saturating_sub(self.at_ms);
        let earned = u128::from(elapsed_ms) * u128::from(self.bytes_per_s) / 1000;
        let earned = earned.min(i64::MAX as u128) as i64;
        self.available = self
            .available
            .saturating_add(earned)
            .min(self.burst_bytes as i64);
        self.at_ms = self.at_ms.max(now_ms);
    }

    /// Bytes `bytes` moved at `now_ms` (after the fetch: its size is known only then).
    pub fn record(&mut self, bytes: u64, now_ms: u64) {
        if self.is_unlimited() {
            return;
        }
        self.refill(now_ms);
        self.available = self
            .available
            .saturating_sub(i64::try_from(bytes).unwrap_or(i64::MAX));
    }

    /// How long to wait before the next throttled fetch: 0 while bytes are available, else
    /// until the overdraft is earned back.
    pub fn delay_ms(&mut self, now_ms: u64) -> u64 {
        if self.is_unlimited() || self.bytes_per_s == 0 {
            return 0;
        }
        self.refill(now_ms);
        if self.available > 0 {
            return 0;
        }
        let owed = self.available.unsigned_abs() + 1;
        (u128::from(owed) * 1000).div_ceil(u128::from(self.bytes_per_s)) as u64
    }

    /// Whether `bytes_per_s` changed (a dynamic config update): keep the state, change the rate.
    pub fn set_rate(&mut self, bytes_per_s: u64, window_ms: u64, now_ms: u64) {
        self.refill(now_ms);
        let fresh = ByteRate::new(bytes_per_s, window_ms, now_ms);
        self.bytes_per_s = fresh.bytes_per_s;
        self.burst_bytes = fresh.burst_bytes;
        self.available = self.available.min(self.burst_bytes as i64);
    }
}

/// One shard's replication budgets: the broker's `leader.replication.throttled.rate` and
/// `follower.replication.throttled.rate` (dynamic broker configs), each shard taking an equal
/// share so the broker as a whole stays under them.
#[derive(Default)]
pub struct Throttles {
    leader: std::cell::RefCell<Option<ByteRate>>,
    follower: std::cell::RefCell<Option<ByteRate>>,
}

/// Which side of replication a budget is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Leader,
    Follower,
}

impl Throttles {
    fn cell(&self, side: Side) -> &std::cell::RefCell<Option<ByteRate>> {
        match side {
            Side::Leader => &self.leader,
            Side::Follower => &self.follower,
        }
    }

    /// Milliseconds until `side`'s budget allows more at `bytes_per_s` (this shard's share).
    pub fn delay_ms(&self, side: Side, bytes_per_s: u64, now_ms: u64) -> u64 {
        let mut cell = self.cell(side).borrow_mut();
        let rate = cell.get_or_insert_with(|| ByteRate::new(bytes_per_s, WINDOW_MS, now_ms));
        rate.set_rate(bytes_per_s, WINDOW_MS, now_ms);
        rate.delay_ms(now_ms)
    }

    /// `bytes` of throttled replicas moved on `side`.
    pub fn record(&self, side: Side, bytes: u64, now_ms: u64) {
        if let Some(rate) = self.cell(side).borrow_mut().as_mut() {
            rate.record(bytes, now_ms);
        }
    }
}

/// The budget's window (Kafka's `replication.quota.window.size.seconds`, 1 s).
const WINDOW_MS: u64 = 1000;

/// This shard's share of the broker's `<side>.replication.throttled.rate` when the topic's
/// `<side>.replication.throttled.replicas` names replica `broker` of `key`'s partition (the
/// leader's own id on the leader side, the follower's on the follower side, as Kafka lists
/// them); `None` when it is not throttled or the rate is unlimited.
pub(crate) fn throttled_rate(
    shard: &crate::Shard,
    side: Side,
    key: crate::PartitionKey,
    broker: i32,
) -> Option<u64> {
    let (replicas_key, rate_key) = match side {
        Side::Leader => (
            "leader.replication.throttled.replicas",
            "leader.replication.throttled.rate",
        ),
        Side::Follower => (
            "follower.replication.throttled.replicas",
            "follower.replication.throttled.rate",
        ),
    };
    let image = shard.image();
    let topic = image.topic_by_id(key.topic_id)?;
    let replicas = image
        .topic_configs(&topic.name)
        .get(replicas_key)
        .cloned()?;
    if !is_throttled(&replicas, key.partition, broker) {
        return None;
    }
    let rate: u64 =
        crate::apply::dynamic_broker_configs(&image, model::NodeId(shard.config.node_id))
            .get(rate_key)
            .and_then(|v| v.trim().parse().ok())?;
    if rate >= i64::MAX as u64 {
        return None;
    }
    Some((rate / shard.nr_shards.max(1) as u64).max(1))
}

/// Whether `replicas` (`leader.replication.throttled.replicas` or the follower one: `*`, or
/// `partition:broker` pairs, empty for none) throttles `partition` on `broker`.
pub fn is_throttled(replicas: &str, partition: i32, broker: i32) -> bool {
    let replicas = replicas.trim();
    if replicas == "*" {
        return true;
    }
    replicas.split(',').any(|pair| {
        let mut it = pair.trim().splitn(2, ':');
        let p = it.next().and_then(|p| p.trim().parse::<i32>().ok());
        let b = it.next().and_then(|b| b.trim().parse::<i32>().ok());
        p == Some(partition) && b == Some(broker)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rate_allows_its_burst_then_spaces_fetches() {
        // 1 MB/s over a 1 s window.
        let mut r = ByteRate::new(1_000_000, 1000, 0);
        assert_eq!(r.delay_ms(0), 0);
        r.record(1_000_000, 0);
        // Used up: wait ~1 ms per 1000 bytes owed.
        assert_eq!(r.delay_ms(0), 1);
        r.record(500_000, 0);
        assert_eq!(r.delay_ms(0), 501);
        assert_eq!(r.delay_ms(250), 251);
        assert_eq!(r.delay_ms(501), 0);
        // The refill never exceeds the burst.
        assert_eq!(r.delay_ms(60_000), 0);
        r.record(1_000_001, 60_000);
        assert!(r.delay_ms(60_000) > 0);
    }

    #[test]
    fn over_time_the_average_is_the_rate() {
        let mut r = ByteRate::new(100_000, 1000, 0);
        let mut now = 0;
        let mut moved = 0u64;
        while now < 10_000 {
            now += r.delay_ms(now);
            r.record(16_384, now);
            moved += 16_384;
            now += 1;
        }
        // 10 s at 100 kB/s plus one window's burst, and the fetches that overdraw the bucket
        // (a fetch's size is known only after it): at most two in flight at the edges.
        assert!(moved <= 1_100_000 + 2 * 16_384, "{moved}");
        assert!(moved >= 1_000_000, "{moved}");
    }

    #[test]
    fn kafkas_default_is_no_limit_and_rates_change_in_place() {
        let mut r = ByteRate::new(i64::MAX as u64, 1000, 0);
        r.record(u64::MAX, 0);
        assert_eq!(r.delay_ms(0), 0);
        let mut r = ByteRate::new(1000, 1000, 0);
        r.record(3000, 0);
        assert_eq!(r.delay_ms(0), 2001);
        r.set_rate(1_000_000, 1000, 0);
        assert_eq!(r.delay_ms(0), 3);
    }

    #[test]
    fn throttled_replicas_are_matched_as_kafka_lists_them() {
        assert!(is_throttled("*", 3, 7));
        assert!(is_throttled("0:1,1:2", 1, 2));
        assert!(!is_throttled("0:1,1:2", 1, 1));
        assert!(!is_throttled("", 0, 1));
    }
}
