//! Produce (key 0), v3–11. Batches are validated here (header, CRC32C, size) on the
//! connection's shard, recompressed when the topic's `compression.type` names another codec
//! (as Kafka does), and handed as `Bytes` slices to the owner, which assigns offsets, appends
//! and, for acks=all, fdatasyncs before answering. acks=all is refused with
//! NOT_ENOUGH_REPLICAS while the partition's ISR is below `min.insync.replicas` (capped at the
//! replica count, as Kafka 4.x). On a compacted topic (`cleanup.policy` with `compact`) a batch
//! holding a record without a key is refused with INVALID_RECORD and, from v8, KIP-467's
//! `record_errors` (each keyless record's batch index and Kafka's message) and `error_message`.
//! A transactional batch is appended only once its partition is verified to be in the
//! producer's transaction (KIP-890 part 1, `txn_verify`).

use crate::auth::Authz;
use crate::route::{self, Fanout};
use crate::txn_verify::Target;
use crate::util::topic_name;
use crate::Handlers;
use batch::Compression;
use config::CompressionType;
use kafka_protocol::messages::produce_response::{
    BatchIndexAndErrorMessage, PartitionProduceResponse, TopicProduceResponse,
};
use kafka_protocol::messages::{ProduceRequest, ProduceResponse};
use kafka_protocol::protocol::StrBytes;
use metadata::acl::{AclOperation, ResourceType};
use model::ErrorCode;
use runtime::{PartitionOp, PartitionResult, Signal};
use std::rc::Rc;
use storage::profile::Stage;
use storage::TxnVerification;

/// `written` fires once every batch of the request is written (offsets assigned, in the order
/// requests arrived), before the response waits for durability.
pub async fn handle(
    ctx: &Rc<Handlers>,
    req: ProduceRequest,
    version: i16,
    written: &Rc<Signal>,
    auth: &Authz<'_>,
) -> ProduceResponse {
    let image = ctx.shard.image();
    // Kafka: transactional batches need WRITE on the request's transactional id (none: denied),
    // which answers for the whole request; then WRITE on each topic, before anything about the
    // topic (its existence included) is looked at.
    let transactional = auth.enabled()
        && req.topic_data.iter().any(|t| {
            t.partition_data.iter().any(|p| {
                p.records
                    .as_ref()
                    .and_then(|r| batch::BatchHeader::parse(r))
                    .is_some_and(|h| h.is_transactional())
            })
        });
    let txn_denied = transactional
        && req
            .transactional_id
            .as_ref()
            .is_none_or(|id| !auth.allowed(AclOperation::Write, ResourceType::TransactionalId, id));
    let now_ms = wall_clock_ms();
    let acks_valid = matches!(req.acks, -1..=1);
    let mut responses = Vec::with_capacity(req.topic_data.len());
    let mut fanout = Fanout::default();
    let mut verifying: Vec<Target> = Vec::new();
    let mut transactional_batches = Vec::new();
    for topic in req.topic_data {
        let name = topic.name.0.to_string();
        let topic_config = crate::metadata::topic_config(ctx, &image, &name);
        let max_bytes = topic_config.max_message_bytes;
        let topic_denied = !txn_denied && !auth.topic(AclOperation::Write, &name);
        let mut partitions = Vec::with_capacity(topic.partition_data.len());
        for p in topic.partition_data {
            let at = (responses.len(), partitions.len());
            partitions.push(partition_response(p.index, ErrorCode::None));
            let mut keyless: Vec<i32> = Vec::new();
            let outcome = if txn_denied {
                Err(ErrorCode::TransactionalIdAuthorizationFailed)
            } else if topic_denied {
                Err(ErrorCode::TopicAuthorizationFailed)
            } else if !acks_valid {
                Err(ErrorCode::InvalidRequiredAcks)
            } else if model::is_internal_topic(&name) {
                // Kafka: "Cannot append to internal topic" — only the broker writes them.
                Err(ErrorCode::InvalidTopicException)
            } else {
                route::locate(&image, &name, p.index).and_then(|(key, owner)| {
                    let records = p.records.unwrap_or_default();
                    // Kafka checks the codec against the version before it decompresses.
                    let codec = batch::BatchHeader::parse(&records).map(|h| h.compression());
                    if codec.is_some_and(|c| !compression_allowed(c, version)) {
                        return Err(ErrorCode::UnsupportedCompressionType);
                    }
                    // Kafka refuses acks=all before it looks at the records, on the leader
                    // only: another replica (or a partition without a leader, whose ISR may be
                    // empty under KIP-966) is NOT_LEADER_OR_FOLLOWER, as the owner answers.
                    let local = model::NodeId(ctx.shard.config.node_id);
                    let (isr, replicas) = image
                        .partition(&name, p.index)
                        .filter(|p| p.leader == local)
                        .map_or((0, 0), |p| (p.isr.len(), p.replicas.len()));
                    check_min_insync(req.acks, isr, replicas, topic_config.min_insync_replicas)?;
                    let batch = storage::profile::timed(Stage::ProduceValidate, || {
                        batch::validate_produce_batch(&records, max_bytes as usize)
                    })
                    .map_err(|e| e.error_code())?;
                    // A transactional batch comes with its producer's transactional id.
                    if batch.header().is_transactional() && req.transactional_id.is_none() {
                        return Err(ErrorCode::InvalidTxnState);
                    }
                    check_timestamps(batch.header(), &topic_config, now_ms)?;
                    if topic_config.cleanup_policy.compact {
                        keyless = batch::keyless_records(
                            batch.bytes(),
                            batch::DECOMPRESSED_BATCH_MAX_BYTES,
                        )
                        .map_err(|e| e.error_code())?;
                        if !keyless.is_empty() {
                            return Err(ErrorCode::InvalidRecord);
                        }
                    }
                    let batch = match target_codec(&topic_config) {
                        Some(target) => batch::recompress(
                            &batch,
                            target,
                            max_bytes as usize,
                            max_bytes as usize,
                        )
                        .map_err(|e| e.error_code())?,
                        None => batch,
                    };
                    Ok((key, owner, batch))
                })
            };
            match outcome {
                Ok((key, owner, batch)) if batch.header().is_transactional() => {
                    let header = batch.header();
                    verifying.push(Target {
                        key,
                        owner,
                        topic: name.clone(),
                        partition: p.index,
                        producer: (header.producer_id, header.producer_epoch),
                    });
                    transactional_batches.push((at, batch));
                }
                Ok((key, owner, batch)) => fanout.push(
                    at,
                    key,
                    owner,
                    PartitionOp::Produce {
                        batch,
                        acks: req.acks,
                        timeout_ms: req.timeout_ms,
                        verification: TxnVerification::Off,
                    },
                ),
                Err(code) => {
                    let response = partitions.last_mut().expect("pushed above");
                    response.error_code = code.code();
                    if !keyless.is_empty() && version >= RECORD_ERRORS_VERSION_MIN {
                        let label = format!("{name}-{}", p.index);
                        refuse_keyless(response, &keyless, &label);
                    }
                }
            }
        }
        responses.push(
            TopicProduceResponse::default()
                .with_name(topic_name(&name))
                .with_partition_responses(partitions),
        );
    }
    // KIP-890: transactional batches wait for their partitions' verification.
    let transactional_id = req.transactional_id.as_ref().map_or("", |id| id.as_str());
    let join = crate::txn_verify::Join::of_produce(version);
    let verified = crate::txn_verify::verify(ctx, transactional_id, &verifying, join).await;
    for ((target, (at, batch)), verification) in verifying
        .into_iter()
        .zip(transactional_batches)
        .zip(verified)
    {
        match verification {
            Ok(verification) => fanout.push(
                at,
                target.key,
                target.owner,
                PartitionOp::Produce {
                    batch,
                    acks: req.acks,
                    timeout_ms: req.timeout_ms,
                    verification,
                },
            ),
            Err(code) => {
                let code = crate::txn_verify::produce_error(code, version);
                responses[at.0].partition_responses[at.1].error_code = code.code();
            }
        }
    }
    for ((t, p), result) in fanout.run_ordered(&ctx.shard, Some(written)).await {
        let response = &mut responses[t].partition_responses[p];
        match result {
            PartitionResult::Produce(Ok(outcome)) => {
                response.base_offset = outcome.base_offset.0;
                response.log_append_time_ms = outcome.log_append_time_ms;
                if version >= 5 {
                    response.log_start_offset = outcome.log_start_offset.0;
                }
            }
            PartitionResult::Produce(Err(code)) => {
                // NOT_ENOUGH_REPLICAS: retried by every client without a metadata refresh.
                let code =
                    crate::txn_verify::append_error(code, join, ErrorCode::NotEnoughReplicas);
                response.error_code = code.code();
            }
            _ => response.error_code = ErrorCode::UnknownServerError.code(),
        }
    }
    ProduceResponse::default().with_responses(responses)
}

/// First Produce version with `record_errors` and `error_message` (KIP-467).
const RECORD_ERRORS_VERSION_MIN: i16 = 8;

/// Kafka's `LogValidator.validateKey` for a compacted topic, with KIP-467's per-record errors:
/// each keyless record by its index in the batch, and `processRecordErrors`' summary.
fn refuse_keyless(response: &mut PartitionProduceResponse, keyless: &[i32], partition: &str) {
    let message =
        format!("Compacted topic cannot accept message without key in topic partition {partition}");
    response.record_errors = keyless
        .iter()
        .map(|index| {
            BatchIndexAndErrorMessage::default()
                .with_batch_index(*index)
                .with_batch_index_error_message(Some(StrBytes::from_string(message.clone())))
        })
        .collect();
    let shown: Vec<String> = keyless
        .iter()
        .take(3)
        .map(|index| format!("RecordError(batchIndex={index}, message='{message}')"))
        .collect();
    response.error_message = Some(StrBytes::from_string(format!(
        "One or more records have been rejected due to {} record errors in total, and only \
         showing the first three errors at most: [{}]",
        keyless.len(),
        shown.join(", ")
    )));
}

/// First Produce version whose clients may send ZSTD batches (KIP-110).
const ZSTD_PRODUCE_VERSION_MIN: i16 = 7;

/// Kafka's `ProduceRequest.validateRecords`: ZSTD needs Produce v7 or later, so that an old
/// client never receives ZSTD batches it cannot read.
fn compression_allowed(compression: Compression, version: i16) -> bool {
    compression != Compression::Zstd || version >= ZSTD_PRODUCE_VERSION_MIN
}

/// Kafka's `Partition.appendRecordsToLeader`: acks=all to a partition whose in-sync replicas
/// are fewer than its effective minimum is NOT_ENOUGH_REPLICAS and nothing is appended; acks=0
/// and acks=1 are not refused. Kafka 4.x caps the minimum at the partition's replica count
/// (`effectiveMinIsr`, since eligible leader replicas, KIP-966): `min.insync.replicas=2` on a
/// one-replica partition — every partition of a single node — accepts acks=all (checked
/// against Kafka 4.3.1 by tests/integration/configs.rs).
fn check_min_insync(
    acks: i16,
    isr: usize,
    replicas: usize,
    min_insync_replicas: i32,
) -> Result<(), ErrorCode> {
    let min = usize::try_from(min_insync_replicas)
        .unwrap_or(0)
        .min(replicas);
    if acks == -1 && isr < min {
        return Err(ErrorCode::NotEnoughReplicas);
    }
    Ok(())
}

/// Kafka's `LogValidator.validateTimestamp` on CreateTime topics: a record older than
/// `message.timestamp.before.max.ms` or newer than `message.timestamp.after.max.ms` (relative to
/// the broker's clock) is INVALID_TIMESTAMP. Read from the header, not the records (batches are
/// not decoded on the produce path): the newest record is `max_timestamp`, exactly; the oldest
/// is taken as `base_timestamp`, the first record's, which is the oldest for every client that
/// stamps records in order (all of them).
fn check_timestamps(
    header: &batch::BatchHeader,
    topic: &config::EffectiveLogConfig,
    now_ms: i64,
) -> Result<(), ErrorCode> {
    const NO_TIMESTAMP: i64 = -1;
    if topic.timestamp_type_log_append {
        return Ok(());
    }
    let limit = |ms: u64| i64::try_from(ms).unwrap_or(i64::MAX);
    let oldest = now_ms.saturating_sub(limit(topic.message_timestamp_before_max_ms));
    let newest = now_ms.saturating_add(limit(topic.message_timestamp_after_max_ms));
    let too_old = header.base_timestamp != NO_TIMESTAMP && header.base_timestamp < oldest;
    let too_new = header.max_timestamp != NO_TIMESTAMP && header.max_timestamp > newest;
    if too_old || too_new {
        return Err(ErrorCode::InvalidTimestamp);
    }
    Ok(())
}

fn wall_clock_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// The codec a topic stores batches in (`compression.type`), `None` for `producer` (keep the
/// producer's). Kafka re-encodes a batch whose codec differs (`LogValidator`).
fn target_codec(topic: &config::EffectiveLogConfig) -> Option<batch::TargetCodec> {
    let (compression, level) = match topic.compression_type {
        CompressionType::Producer => return None,
        CompressionType::Uncompressed => (Compression::None, 0),
        CompressionType::Gzip => (Compression::Gzip, topic.compression_gzip_level),
        CompressionType::Snappy => (Compression::Snappy, 0),
        CompressionType::Lz4 => (Compression::Lz4, topic.compression_lz4_level),
        CompressionType::Zstd => (Compression::Zstd, topic.compression_zstd_level),
    };
    Some(batch::TargetCodec { compression, level })
}

fn partition_response(index: i32, code: ErrorCode) -> PartitionProduceResponse {
    PartitionProduceResponse::default()
        .with_index(index)
        .with_error_code(code.code())
        .with_base_offset(-1)
        .with_log_append_time_ms(-1)
        .with_log_start_offset(-1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn min_insync_refuses_acks_all_only() {
        // Three replicas, one in sync.
        let refused = Err(ErrorCode::NotEnoughReplicas);
        assert_eq!(check_min_insync(-1, 1, 3, 2), refused);
        assert_eq!(check_min_insync(-1, 2, 3, 2), Ok(()));
        assert_eq!(check_min_insync(-1, 1, 3, 1), Ok(()));
        assert_eq!(check_min_insync(1, 1, 3, 2), Ok(()));
        assert_eq!(check_min_insync(0, 1, 3, 3), Ok(()));
        // Capped at the replica count, as Kafka 4.x: one replica never falls below it.
        assert_eq!(check_min_insync(-1, 1, 1, 2), Ok(()));
        assert_eq!(check_min_insync(-1, 2, 2, 3), Ok(()));
        assert_eq!(check_min_insync(-1, 1, 2, 3), refused);
    }

    #[test]
    fn timestamps_outside_the_topic_window_are_refused_on_create_time_topics() {
        let mut topic = config::effective_log_config(
            &config::BrokerConfig::default(),
            &Default::default(),
            &Default::default(),
        );
        topic.message_timestamp_before_max_ms = 60_000;
        topic.message_timestamp_after_max_ms = 1_000;
        let header = |base, max| {
            let bytes = batch::builder::BatchBuilder::new()
                .base_timestamp_ms(base)
                .record(max - base, None, Some(b"v"))
                .build();
            batch::BatchHeader::parse(&bytes).unwrap()
        };
        let now = 1_000_000;
        assert_eq!(check_timestamps(&header(now - 1, now), &topic, now), Ok(()));
        let old = Err(ErrorCode::InvalidTimestamp);
        assert_eq!(
            check_timestamps(&header(now - 60_001, now), &topic, now),
            old
        );
        assert_eq!(
            check_timestamps(&header(now, now + 1_001), &topic, now),
            old
        );
        topic.timestamp_type_log_append = true;
        assert_eq!(check_timestamps(&header(0, 0), &topic, now), Ok(()));
    }

    #[test]
    fn zstd_needs_produce_v7() {
        assert!(!compression_allowed(Compression::Zstd, 3));
        assert!(!compression_allowed(Compression::Zstd, 6));
        assert!(compression_allowed(Compression::Zstd, 7));
        assert!(compression_allowed(Compression::Gzip, 3));
        assert!(compression_allowed(Compression::None, 3));
    }
}
