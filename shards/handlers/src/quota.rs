//! Client quotas on the request path (Kafka's `ClientQuotaManager` as `KafkaApis` uses it):
//! Produce records its request's record bytes against `producer_byte_rate`, Fetch its
//! response's bytes against `consumer_byte_rate` (and asks for no more than the quota window
//! can take), every request its time on this shard (handler and connection) against
//! `request_percentage`.
//! A request over its quota is answered at once — with `throttle_time_ms` where the response
//! has it — and its connection is muted for that long (`Caller::throttle`, KIP-219). The
//! sensors and the share each shard enforces: `runtime::quotas`.

use crate::{Caller, Handlers};
use kafka_protocol::messages::{ProduceRequest, ResponseKind};
use protocol::versions::Listener;
use protocol::Request;
use runtime::quotas::{now_ms, QuotaType};
use std::cell::Cell;
use std::time::Duration;
use storage::profile::PollClock;

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

/// One request's charge to `request_percentage` (percent of one core: a second of this shard's
/// time in a second is 100), as Kafka's `ClientRequestQuotaManager` charges it: the shard's time
/// on the request, its handler's polls and its connection's reads, decodes and writes since the
/// last charge. [`RequestCharge::throttle`] takes it when the response is made: over the quota,
/// the connection is muted (at most one quota window) and the response carries the throttle
/// time (`throttle_time_ms`, the larger of it and a byte-rate throttle), as Kafka's
/// `sendResponseMaybeThrottle` does, so a client backs off by itself too (KIP-219).
/// [`RequestCharge::finish`] records what the shard spent on the request after that (encoding,
/// the handler's last polls) without a throttle of its own, as Kafka records network-thread
/// time: it counts against the client's next requests.
pub struct RequestCharge<'a> {
    /// The client id charged; `None` while no client quota exists (nothing is charged then)
    /// and on the controller listener.
    client_id: Option<String>,
    /// The handler's polls.
    handler: &'a PollClock,
    /// The connection's time since its last charge (taken as it is charged).
    connection: &'a Cell<Duration>,
    /// The handler time charged so far.
    charged: Cell<Duration>,
    /// The throttle the response carries, once taken.
    throttle_ms: Cell<Option<u32>>,
}

impl<'a> RequestCharge<'a> {
    pub(crate) fn new(
        ctx: &Handlers,
        req: &Request,
        handler: &'a PollClock,
        connection: &'a Cell<Duration>,
    ) -> RequestCharge<'a> {
        let client_id = (ctx.listener != Listener::Controller
            && !ctx.shard.image().client_quotas().is_empty())
        .then(|| req.header.client_id.as_deref().unwrap_or("").to_string());
        RequestCharge {
            client_id,
            handler,
            connection,
            charged: Cell::new(Duration::ZERO),
            throttle_ms: Cell::new(None),
        }
    }

    /// Records the time so far and answers the throttle the response carries (0 within the
    /// quota); mutes the connection when over. Taken once: later calls answer the same.
    pub(crate) fn throttle(&self, ctx: &Handlers, caller: &Caller) -> u32 {
        if let Some(ms) = self.throttle_ms.get() {
            return ms;
        }
        let ms = match self.record(ctx, caller) {
            Some(throttle_ms) => {
                // At most one quota window at a time.
                let window_ms = ctx
                    .shard
                    .config
                    .quota_window_size_seconds
                    .saturating_mul(1000);
                let ms = throttle_ms.min(window_ms);
                count_throttle(ctx, QuotaType::Request, ms);
                caller.throttle(ms);
                ms
            }
            None => 0,
        };
        self.throttle_ms.set(Some(ms));
        ms
    }

    /// Records what was not charged yet, without a throttle: the request is answered.
    pub(crate) fn finish(&self, ctx: &Handlers, caller: &Caller) {
        self.record(ctx, caller);
    }

    /// Records the time since the last charge; the throttle it answers (`None` when nothing is
    /// charged). The time is taken either way, so a quota made later charges no time from
    /// before it.
    fn record(&self, ctx: &Handlers, caller: &Caller) -> Option<u32> {
        let handler = self.handler.so_far();
        let time = handler.saturating_sub(self.charged.replace(handler)) + self.connection.take();
        let client_id = self.client_id.as_deref()?;
        let percent_seconds = time.as_secs_f64() * 100.0;
        Some(record(
            ctx,
            caller,
            client_id,
            QuotaType::Request,
            percent_seconds,
        ))
    }
}

/// Sets a response's `throttle_time_ms` to `throttle_ms` where that is longer (a byte-rate
/// throttle may be there already); a response without the field (or a version without it) goes
/// without, its connection is muted all the same.
pub(crate) fn set_throttle_time_ms(body: &mut ResponseKind, throttle_ms: u32) {
    if throttle_ms == 0 {
        return;
    }
    let throttle_ms = i32::try_from(throttle_ms).unwrap_or(i32::MAX);
    macro_rules! with_throttle {
        ($($kind:ident,)*) => {
            match body {
                $(ResponseKind::$kind(r) => {
                    r.throttle_time_ms = r.throttle_time_ms.max(throttle_ms);
                })*
                _ => {}
            }
        };
    }
    with_throttle!(
        AddOffsetsToTxn,
        AddPartitionsToTxn,
        AddRaftVoter,
        AllocateProducerIds,
        AlterClientQuotas,
        AlterConfigs,
        AlterPartitionReassignments,
        AlterPartition,
        AlterReplicaLogDirs,
        AlterShareGroupOffsets,
        AlterUserScramCredentials,
        ApiVersions,
        AssignReplicasToDirs,
        BrokerHeartbeat,
        BrokerRegistration,
        ConsumerGroupDescribe,
        ConsumerGroupHeartbeat,
        ControllerRegistration,
        CreateAcls,
        CreateDelegationToken,
        CreatePartitions,
        CreateTopics,
        DeleteAcls,
        DeleteGroups,
        DeleteRecords,
        DeleteShareGroupOffsets,
        DeleteTopics,
        DescribeAcls,
        DescribeClientQuotas,
        DescribeCluster,
        DescribeConfigs,
        DescribeDelegationToken,
        DescribeGroups,
        DescribeLogDirs,
        DescribeProducers,
        DescribeShareGroupOffsets,
        DescribeTopicPartitions,
        DescribeTransactions,
        DescribeUserScramCredentials,
        ElectLeaders,
        EndTxn,
        ExpireDelegationToken,
        Fetch,
        FetchSnapshot,
        FindCoordinator,
        GetTelemetrySubscriptions,
        Heartbeat,
        IncrementalAlterConfigs,
        InitProducerId,
        JoinGroup,
        LeaveGroup,
        ListConfigResources,
        ListGroups,
        ListOffsets,
        ListPartitionReassignments,
        ListTransactions,
        Metadata,
        OffsetCommit,
        OffsetDelete,
        OffsetFetch,
        OffsetForLeaderEpoch,
        Produce,
        PushTelemetry,
        RemoveRaftVoter,
        RenewDelegationToken,
        ShareAcknowledge,
        ShareFetch,
        ShareGroupDescribe,
        ShareGroupHeartbeat,
        SyncGroup,
        TxnOffsetCommit,
        UnregisterBroker,
        UpdateFeatures,
        UpdateRaftVoter,
    );
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
