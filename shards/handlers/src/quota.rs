//! Client quotas on the request path (Kafka's `ClientQuotaManager` as `KafkaApis` uses it):
//! Produce records its request's record bytes against `producer_byte_rate`, Fetch its
//! response's bytes against `consumer_byte_rate` (and asks for no more than the quota window
//! can take), every request its time on this shard (handler and connection) against
//! `request_percentage`.
//! A request over its quota is answered at once — with `throttle_time_ms` where the response
//! has it (Produce, Fetch) — and its connection is muted for that long (`Caller::throttle`,
//! KIP-219). The sensors and the share each shard enforces: `runtime::quotas`.

use crate::{Caller, Handlers};
use kafka_protocol::messages::ProduceRequest;
use runtime::quotas::{now_ms, QuotaType};
use std::time::Duration;

/// The user a quota names: the principal's name (`ANONYMOUS` unauthenticated), as Kafka's
/// `DefaultQuotaCallback` takes it.
fn user(caller: &Caller) -> &str {
    &caller.principal.name
}

/// Kafka records the produce request's size; the record bytes are all but a few dozen bytes
/// of it.
pub(crate) fn produce_bytes(req: &ProduceRequest) -> f64 {
    req.topic_data
        .iter()
        .flat_map(|t| &t.partition_data)
        .map(|p| p.records.as_ref().map_or(0, |r| r.len()))
        .sum::<usize>() as f64
}

/// Records a produce request's bytes; mutes the connection and answers the throttle time
/// when over `producer_byte_rate`.
pub(crate) fn record_produce(ctx: &Handlers, caller: &Caller, client_id: &str, bytes: f64) -> u32 {
    let throttle_ms = record(ctx, caller, client_id, QuotaType::Produce, bytes);
    count_throttle(ctx, QuotaType::Produce, throttle_ms);
    caller.throttle(throttle_ms);
    throttle_ms
}

/// Records a fetch response's bytes (see [`record_produce`]).
pub(crate) fn record_fetch(ctx: &Handlers, caller: &Caller, client_id: &str, bytes: f64) -> u32 {
    let throttle_ms = record(ctx, caller, client_id, QuotaType::Fetch, bytes);
    count_throttle(ctx, QuotaType::Fetch, throttle_ms);
    caller.throttle(throttle_ms);
    throttle_ms
}

/// The most a fetch may answer at once under `consumer_byte_rate` (Kafka's
/// `getMaxValueInQuotaWindow`), `u32::MAX` without a quota.
pub(crate) fn fetch_bytes_max(ctx: &Handlers, caller: &Caller, client_id: &str) -> u32 {
    let image = ctx.shard.image();
    ctx.shard
        .quotas
        .max_value_in_window(
            image.client_quotas(),
            QuotaType::Fetch,
            user(caller),
            client_id,
        )
        .map_or(u32::MAX, |max| max.clamp(1.0, f64::from(u32::MAX)) as u32)
}

fn record(
    ctx: &Handlers,
    caller: &Caller,
    client_id: &str,
    quota_type: QuotaType,
    value: f64,
) -> u32 {
    let image = ctx.shard.image();
    if image.client_quotas().is_empty() {
        return 0;
    }
    ctx.shard.quotas.record(
        image.client_quotas(),
        quota_type,
        user(caller),
        client_id,
        value,
        now_ms(),
    )
}

/// Counts a throttle in the metrics, as long as the connection is actually muted.
fn count_throttle(ctx: &Handlers, quota_type: QuotaType, throttle_ms: u32) {
    if throttle_ms > 0 {
        ctx.shard
            .metrics
            .quota_throttled(quota_type.name(), throttle_ms);
    }
}

/// Records the time this shard spent on a request (its handler's polls, and its connection's
/// reads, decodes and writes since the last charge) against `request_percentage` (percent of
/// one core: a second of it in a second is 100) and mutes the connection when over, at most
/// one quota window (Kafka's `ClientRequestQuotaManager` bound).
pub(crate) fn record_request_time(
    ctx: &Handlers,
    caller: &Caller,
    client_id: &str,
    busy: Duration,
) {
    let percent_seconds = busy.as_secs_f64() * 100.0;
    // At most one quota window at a time.
    let window_ms = ctx
        .shard
        .config
        .quota_window_size_seconds
        .saturating_mul(1000);
    let throttle_ms =
        record(ctx, caller, client_id, QuotaType::Request, percent_seconds).min(window_ms);
    count_throttle(ctx, QuotaType::Request, throttle_ms);
    caller.throttle(throttle_ms);
}

/// One CreateTopics / CreatePartitions / DeleteTopics request's controller mutation quota
/// (KIP-599, Kafka's `ControllerMutationQuota`): each topic's partitions are recorded before
/// it goes to the controller; a strict request (new enough clients) over the quota gets
/// THROTTLING_QUOTA_EXCEEDED for that topic, and the response carries the throttle time.
pub(crate) struct MutationQuota<'a> {
    ctx: &'a Handlers,
    caller: &'a Caller,
    client_id: &'a str,
    mode: runtime::quotas::MutationMode,
    throttle_ms: std::cell::Cell<u32>,
}

impl<'a> MutationQuota<'a> {
    /// Strict from `strict_since` (the API version that has THROTTLING_QUOTA_EXCEEDED).
    pub(crate) fn new(
        ctx: &'a Handlers,
        caller: &'a Caller,
        client_id: &'a str,
        version: i16,
        strict_since: i16,
    ) -> MutationQuota<'a> {
        let mode = if version >= strict_since {
            runtime::quotas::MutationMode::Strict
        } else {
            runtime::quotas::MutationMode::Permissive
        };
        MutationQuota {
            ctx,
            caller,
            client_id,
            mode,
            throttle_ms: std::cell::Cell::new(0),
        }
    }

    /// Records `partitions` mutations, or refuses them (Kafka's error and message).
    pub(crate) fn record(&self, partitions: i32) -> Result<(), (model::ErrorCode, String)> {
        let image = self.ctx.shard.image();
        if image.client_quotas().is_empty() {
            return Ok(());
        }
        let outcome = self.ctx.shard.quotas.record_mutation(
            image.client_quotas(),
            user(self.caller),
            self.client_id,
            f64::from(partitions.max(0)),
            self.mode,
            now_ms(),
        );
        let (Ok(throttle_ms) | Err(throttle_ms)) = outcome;
        self.throttle_ms
            .set(self.throttle_ms.get().max(throttle_ms));
        match outcome {
            Ok(_) => Ok(()),
            Err(_) => Err((
                model::ErrorCode::ThrottlingQuotaExceeded,
                "The throttling quota has been exceeded.".to_string(),
            )),
        }
    }

    /// The request's throttle time; the connection is muted that long.
    pub(crate) fn finish(&self) -> i32 {
        let throttle_ms = self.throttle_ms.get();
        if throttle_ms > 0 {
            self.caller.throttle(throttle_ms);
            self.ctx
                .shard
                .metrics
                .quota_throttled(QuotaType::ControllerMutation.name(), throttle_ms);
        }
        throttle_ms as i32
    }
}
