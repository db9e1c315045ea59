//! Client quota enforcement on one shard: Kafka's `ClientQuotaManager` sensors (a windowed
//! rate per quota type and (user, client-id) tags, `quota.window.num` samples of
//! `quota.window.size.seconds`), which quota applies as `metadata::quotas::resolve` says, and
//! Kafka's throttle time (`QuotaUtils.throttleTime`: (observed − bound) / bound × window).
//!
//! **Each shard enforces the whole quota for the connections it holds.** Kafka enforces a
//! quota per broker; here a broker is several shards with no shared mutable state, so the
//! choice is between an equal split (quota / shards: a client with one connection, the usual
//! case, would get 1/N of its quota) and the whole quota on each shard (a client whose
//! connections land on k shards may reach k × its quota, as a Kafka client talking to k
//! brokers does). Sluice takes the second: the single-connection client gets exactly its quota,
//! and the excess is bounded by the shards a client spreads over.
//!
//! Nothing is dropped: a throttled request is answered at once with its `throttle_time_ms`, and
//! the connection reads nothing more until the throttle time has passed (KIP-219).

use std::cell::RefCell;
use std::collections::HashMap;

use metadata::quotas::ClientQuotas;

/// Kafka's inactive sensor expiry (`ClientQuotaManager`'s InactiveSensorExpirationTimeSeconds).
const SENSOR_IDLE_MS_MAX: i64 = 3_600_000;
/// How often idle sensors are swept.
const SENSOR_SWEEP_INTERVAL_MS: i64 = 60_000;

/// The quota types a shard measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum QuotaType {
    /// `producer_byte_rate`: Produce request bytes.
    Produce,
    /// `consumer_byte_rate`: Fetch response bytes.
    Fetch,
    /// `request_percentage`: handler time, as a percentage of one core.
    Request,
    /// `controller_mutation_rate` (KIP-599): partitions created or deleted, in a token bucket.
    ControllerMutation,
}

impl QuotaType {
    /// The metrics label (Kafka's sensor type names, lower case).
    pub fn name(self) -> &'static str {
        match self {
            QuotaType::Produce => "produce",
            QuotaType::Fetch => "fetch",
            QuotaType::Request => "request",
            QuotaType::ControllerMutation => "controller_mutation",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            QuotaType::Produce => metadata::quotas::PRODUCER_BYTE_RATE,
            QuotaType::Fetch => metadata::quotas::CONSUMER_BYTE_RATE,
            QuotaType::Request => metadata::quotas::REQUEST_PERCENTAGE,
            QuotaType::ControllerMutation => metadata::quotas::CONTROLLER_MUTATION_RATE,
        }
    }
}

/// A quota's rate window (Kafka's `MetricConfig` for quota sensors).
#[derive(Clone, Copy, Debug)]
pub struct RateConfig {
    pub samples: usize,
    pub window_ms: i64,
}

#[derive(Clone, Debug)]
struct Sample {
    start_ms: i64,
    last_event_ms: i64,
    value: f64,
}

impl Sample {
    fn new(now_ms: i64) -> Sample {
        Sample {
            start_ms: now_ms,
            last_event_ms: now_ms,
            value: 0.0,
        }
    }
}

/// Kafka's `Rate` over a `WindowedSum` (`SampledStat`): `samples + 1` samples, the oldest
/// reused; measured as the sum over the elapsed window, which counts at least `samples − 1`
/// full windows so a new client's first burst is averaged over the whole window.
#[derive(Clone, Debug, Default)]
pub struct Rate {
    samples: Vec<Sample>,
    current: usize,
}

impl Rate {
    pub fn record(&mut self, config: RateConfig, value: f64, now_ms: i64) {
        if self.samples.is_empty() {
            self.samples.push(Sample::new(now_ms));
        }
        if now_ms - self.samples[self.current].start_ms >= config.window_ms {
            self.current = (self.current + 1) % (config.samples + 1);
            if self.current >= self.samples.len() {
                self.samples.push(Sample::new(now_ms));
            } else {
                self.samples[self.current] = Sample::new(now_ms);
            }
        }
        let sample = &mut self.samples[self.current];
        sample.value += value;
        sample.last_event_ms = now_ms;
    }

    fn purge(&mut self, config: RateConfig, now_ms: i64) {
        let expire_age = config.samples as i64 * config.window_ms;
        for s in &mut self.samples {
            if now_ms - s.last_event_ms >= expire_age {
                *s = Sample::new(now_ms);
            }
        }
    }

    /// Kafka's `Rate.windowSize`: at least `samples − 1` windows, at least 1 ms.
    pub fn window_ms(&mut self, config: RateConfig, now_ms: i64) -> i64 {
        self.purge(config, now_ms);
        let oldest = self
            .samples
            .iter()
            .map(|s| s.start_ms)
            .min()
            .unwrap_or(now_ms);
        let mut elapsed = now_ms - oldest;
        let full = elapsed / config.window_ms;
        let min_full = config.samples as i64 - 1;
        if full < min_full {
            elapsed += (min_full - full) * config.window_ms;
        }
        elapsed.max(1)
    }

    /// Units per second over the window.
    pub fn measure(&mut self, config: RateConfig, now_ms: i64) -> f64 {
        let window_ms = self.window_ms(config, now_ms);
        let sum: f64 = self.samples.iter().map(|s| s.value).sum();
        sum / (window_ms as f64 / 1000.0)
    }
}

/// Kafka's throttle time for `observed` over `bound` measured over `window_ms`
/// (`QuotaUtils.throttleTime`).
pub fn throttle_time_ms(observed: f64, bound: f64, window_ms: i64) -> u32 {
    let ms = (observed - bound) / bound * window_ms as f64;
    ms.round().clamp(0.0, f64::from(i32::MAX as u32)) as u32
}

/// Kafka's `TokenBucket` (KIP-599): refilled at the quota per second up to a burst of
/// `samples × window` seconds of it; a new bucket is full.
#[derive(Clone, Debug, Default)]
struct TokenBucket {
    tokens: f64,
    last_update_ms: Option<i64>,
}

impl TokenBucket {
    fn refill(&mut self, quota: f64, burst: f64, now_ms: i64) {
        self.tokens = match self.last_update_ms {
            None => burst,
            Some(last) => (self.tokens + quota * (now_ms - last) as f64 / 1000.0).min(burst),
        };
        self.last_update_ms = Some(now_ms);
    }
}

/// How a controller mutation quota treats a request over it (Kafka's
/// `ControllerMutationQuotaManager.newQuotaFor`: strict from CreateTopics v6, CreatePartitions
/// v3, DeleteTopics v5).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MutationMode {
    /// The mutation is refused (THROTTLING_QUOTA_EXCEEDED) while the bucket is empty.
    Strict,
    /// Older clients: the mutation goes ahead and the client is throttled.
    Permissive,
}

struct Sensor {
    rate: Rate,
    bucket: TokenBucket,
    last_record_ms: i64,
}

/// The shard's quota sensors, keyed by quota type and Kafka's metric tags.
pub struct QuotaSensors {
    config: RateConfig,
    /// `controller.quota.window.*`: the token bucket's burst.
    controller_config: RateConfig,
    sensors: RefCell<HashMap<(QuotaType, String, String), Sensor>>,
    last_sweep_ms: std::cell::Cell<i64>,
}

impl QuotaSensors {
    pub fn new(config: &config::BrokerConfig) -> QuotaSensors {
        QuotaSensors {
            config: RateConfig {
                samples: config.quota_window_num.max(1) as usize,
                window_ms: i64::from(config.quota_window_size_seconds.max(1)) * 1000,
            },
            controller_config: RateConfig {
                samples: config.controller_quota_window_num.max(1) as usize,
                window_ms: i64::from(config.controller_quota_window_size_seconds.max(1)) * 1000,
            },
            sensors: RefCell::new(HashMap::new()),
            last_sweep_ms: std::cell::Cell::new(0),
        }
    }

    /// Records `partitions` controller mutations (KIP-599). `Ok(throttle_ms)`: go ahead (a
    /// permissive mutation that emptied the bucket is throttled until it refills);
    /// `Err(throttle_ms)`: a strict mutation refused because the bucket was already empty.
    pub fn record_mutation(
        &self,
        quotas: &ClientQuotas,
        user: &str,
        client_id: &str,
        partitions: f64,
        mode: MutationMode,
        now_ms: i64,
    ) -> Result<u32, u32> {
        let config = self.controller_config;
        let burst = |quota: f64| quota * config.samples as f64 * (config.window_ms as f64 / 1000.0);
        let key = QuotaType::ControllerMutation;
        let decided = self.with_sensor(quotas, key, user, client_id, now_ms, |quota, sensor| {
            let bucket = &mut sensor.bucket;
            bucket.refill(quota, burst(quota), now_ms);
            // Kafka's throttle time: until the bucket is back at zero.
            let throttle = |tokens: f64| ((-tokens / quota * 1000.0).round().max(0.0)) as u32;
            if mode == MutationMode::Strict && bucket.tokens < 0.0 {
                return Err(throttle(bucket.tokens));
            }
            bucket.tokens = (bucket.tokens - partitions).min(burst(quota));
            match mode {
                MutationMode::Permissive if bucket.tokens < 0.0 => Ok(throttle(bucket.tokens)),
                _ => Ok(0),
            }
        });
        decided.unwrap_or(Ok(0))
    }

    /// `f` on the client's sensor for `quota_type` with the quota that applies; `None` when no
    /// quota applies.
    fn with_sensor<T>(
        &self,
        quotas: &ClientQuotas,
        quota_type: QuotaType,
        user: &str,
        client_id: &str,
        now_ms: i64,
        f: impl FnOnce(f64, &mut Sensor) -> T,
    ) -> Option<T> {
        let (quota, (user_tag, client_tag)) =
            metadata::quotas::resolve(quotas, quota_type.key(), user, client_id)?;
        self.sweep(now_ms);
        let mut sensors = self.sensors.borrow_mut();
        let sensor = sensors
            .entry((quota_type, user_tag, client_tag))
            .or_insert_with(|| Sensor {
                rate: Rate::default(),
                bucket: TokenBucket::default(),
                last_record_ms: now_ms,
            });
        sensor.last_record_ms = now_ms;
        Some(f(quota, sensor))
    }

    /// Records `value` for the client and answers the throttle time (0 when within its quota
    /// or when no quota applies): Kafka's `maybeRecordAndGetThrottleTimeMs`.
    pub fn record(
        &self,
        quotas: &ClientQuotas,
        quota_type: QuotaType,
        user: &str,
        client_id: &str,
        value: f64,
        now_ms: i64,
    ) -> u32 {
        let config = self.config;
        let throttle = self.with_sensor(
            quotas,
            quota_type,
            user,
            client_id,
            now_ms,
            |bound, sensor| {
                sensor.rate.record(config, value, now_ms);
                let observed = sensor.rate.measure(config, now_ms);
                if observed <= bound {
                    return 0;
                }
                let window_ms = sensor.rate.window_ms(config, now_ms);
                throttle_time_ms(observed, bound, window_ms)
            },
        );
        throttle.unwrap_or(0)
    }

    /// The most that can be recorded at once without being throttled for sure (Kafka's
    /// `getMaxValueInQuotaWindow`); `None` without a quota.
    pub fn max_value_in_window(
        &self,
        quotas: &ClientQuotas,
        quota_type: QuotaType,
        user: &str,
        client_id: &str,
    ) -> Option<f64> {
        let (bound, _) = metadata::quotas::resolve(quotas, quota_type.key(), user, client_id)?;
        let window_s = self.config.window_ms as f64 / 1000.0;
        Some(bound * (self.config.samples as f64 - 1.0) * window_s)
    }

    /// Drops sensors idle for an hour (bounded work: at most once a minute).
    fn sweep(&self, now_ms: i64) {
        if now_ms - self.last_sweep_ms.get() < SENSOR_SWEEP_INTERVAL_MS {
            return;
        }
        self.last_sweep_ms.set(now_ms);
        self.sensors
            .borrow_mut()
            .retain(|_, s| now_ms - s.last_record_ms < SENSOR_IDLE_MS_MAX);
    }
}

/// Milliseconds since the Unix epoch (the sensors' clock).
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONFIG: RateConfig = RateConfig {
        samples: 11,
        window_ms: 1000,
    };

    #[test]
    fn a_new_client_is_averaged_over_the_whole_window() {
        let mut rate = Rate::default();
        rate.record(CONFIG, 10_000.0, 0);
        // 10 full windows assumed: 10,000 bytes over 10 s.
        assert_eq!(rate.window_ms(CONFIG, 0), 10_000);
        assert!((rate.measure(CONFIG, 0) - 1000.0).abs() < 1e-9);
    }

    #[test]
    fn kafka_throttle_time() {
        // Observed 2× the bound over 10 s: 10 s more brings it back.
        assert_eq!(throttle_time_ms(2000.0, 1000.0, 10_000), 10_000);
        assert_eq!(throttle_time_ms(1100.0, 1000.0, 10_000), 1_000);
        assert_eq!(throttle_time_ms(900.0, 1000.0, 10_000), 0);
    }

    #[test]
    fn a_steady_client_converges_to_its_quota() {
        // A client that sends 100 KB whenever it is not throttled, against 100 KB/s: over a
        // minute of simulated time it averages within 10 % of the quota.
        let mut rate = Rate::default();
        let bound = 100_000.0;
        let mut now = 0i64;
        let mut sent = 0.0;
        while now < 60_000 {
            rate.record(CONFIG, 100_000.0, now);
            sent += 100_000.0;
            let observed = rate.measure(CONFIG, now);
            let throttle = if observed > bound {
                throttle_time_ms(observed, bound, rate.window_ms(CONFIG, now))
            } else {
                0
            };
            now += i64::from(throttle) + 10;
        }
        let average = sent / (now as f64 / 1000.0);
        assert!(
            (average - bound).abs() / bound < 0.25,
            "average {average} against {bound}"
        );
    }
}
