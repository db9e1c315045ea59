//! `max.connection.creation.rate` (Kafka's `ConnectionQuotas`): new connections a listener
//! accepts per second, broker-wide (not on the inter-broker listener, as in Kafka) or per
//! listener (`listener.name.<name>.max.connection.creation.rate`), each dynamic as in Kafka
//! (per-broker over cluster-wide over the static config). Measured with Kafka's windowed rate
//! (`quota.window.*`); over it, the accept loop waits Kafka's throttle time before it accepts
//! again: connections queue in the kernel's backlog, none is refused.
//!
//! Each shard takes an equal share of the rate: the kernel spreads connections evenly over the
//! SO_REUSEPORT listeners of a port, so the shares add up to the broker's rate.

use runtime::quotas::{throttle_time_ms, Rate, RateConfig};
use runtime::Shard;
use std::cell::RefCell;
use std::time::Duration;

const KEY: &str = "max.connection.creation.rate";

/// One listener's accepts on one shard.
pub(crate) struct ConnectionRate {
    listener: String,
    inter_broker: bool,
    config: RateConfig,
    rate: RefCell<Rate>,
}

impl ConnectionRate {
    pub(crate) fn new(shard: &Shard, listener: &str) -> ConnectionRate {
        let config = &shard.config;
        ConnectionRate {
            listener: listener.to_ascii_lowercase(),
            inter_broker: config
                .inter_broker_listener()
                .eq_ignore_ascii_case(listener),
            config: RateConfig {
                samples: config.quota_window_num.max(1) as usize,
                window_ms: i64::from(config.quota_window_size_seconds.max(1)) * 1000,
            },
            rate: RefCell::new(Rate::default()),
        }
    }

    /// The rate in force for this listener (connections per second, the whole broker's), if
    /// limited.
    fn limit(&self, shard: &Shard) -> Option<f64> {
        let config = &shard.config;
        let image = shard.image();
        let dynamic = runtime::apply::dynamic_broker_configs(&image, model::NodeId(config.node_id));
        let per_listener = format!("listener.name.{}.{KEY}", self.listener);
        let value = dynamic
            .get(&per_listener)
            .or_else(|| config.raw.get(&per_listener))
            .or_else(|| {
                if self.inter_broker {
                    return None;
                }
                dynamic.get(KEY).or_else(|| config.raw.get(KEY))
            })?;
        let rate: f64 = value.trim().parse().ok()?;
        (rate < f64::from(i32::MAX)).then_some(rate)
    }

    /// Records an accepted connection; how long to wait before accepting the next one.
    pub(crate) fn record(&self, shard: &Shard) -> Duration {
        let Some(limit) = self.limit(shard) else {
            return Duration::ZERO;
        };
        let bound = (limit / shard.nr_shards.max(1) as f64).max(f64::MIN_POSITIVE);
        let now_ms = runtime::quotas::now_ms();
        let mut rate = self.rate.borrow_mut();
        rate.record(self.config, 1.0, now_ms);
        let observed = rate.measure(self.config, now_ms);
        if observed <= bound {
            return Duration::ZERO;
        }
        let window_ms = rate.window_ms(self.config, now_ms);
        Duration::from_millis(u64::from(throttle_time_ms(observed, bound, window_ms)))
    }
}
