//! Produce (key 0), v3–11. Batches are validated here (header, CRC32C, size) on the
//! connection's shard and handed as `Bytes` slices to the owner, which assigns offsets,
//! appends and (by default) fdatasyncs before answering.

use crate::route::{self, Fanout};
use crate::util::topic_name;
use crate::Handlers;
use batch::Compression;
use kafka_protocol::messages::produce_response::{PartitionProduceResponse, TopicProduceResponse};
use kafka_protocol::messages::{ProduceRequest, ProduceResponse};
use model::ErrorCode;
use runtime::{PartitionOp, PartitionResult, Signal};
use std::rc::Rc;

/// `written` fires once every batch of the request is written (offsets assigned, in the order
/// requests arrived), before the response waits for durability.
pub async fn handle(
    ctx: &Rc<Handlers>,
    req: ProduceRequest,
    version: i16,
    written: &Rc<Signal>,
) -> ProduceResponse {
    let image = ctx.shard.image();
    let acks_valid = matches!(req.acks, -1..=1);
    let mut responses = Vec::with_capacity(req.topic_data.len());
    let mut fanout = Fanout::default();
    for topic in req.topic_data {
        let name = topic.name.0.to_string();
        let max_bytes = crate::metadata::max_message_bytes(ctx, &image, &name);
        let mut partitions = Vec::with_capacity(topic.partition_data.len());
        for p in topic.partition_data {
            let at = (responses.len(), partitions.len());
            partitions.push(partition_response(p.index, ErrorCode::None));
            let outcome = if !acks_valid {
                Err(ErrorCode::InvalidRequiredAcks)
            } else if model::is_internal_topic(&name) {
                // Kafka: "Cannot append to internal topic" — only the broker writes them.
                Err(ErrorCode::InvalidTopicException)
            } else if req.transactional_id.is_some() {
                // Transactions are not implemented: InitProducerId refuses transactional ids.
                Err(ErrorCode::InvalidTxnState)
            } else {
                route::locate(&image, &name, p.index).and_then(|(key, owner)| {
                    let records = p.records.unwrap_or_default();
                    // Kafka checks the codec against the version before it decompresses.
                    let codec = batch::BatchHeader::parse(&records).map(|h| h.compression());
                    if codec.is_some_and(|c| !compression_allowed(c, version)) {
                        return Err(ErrorCode::UnsupportedCompressionType);
                    }
                    let batch = batch::validate_produce_batch(&records, max_bytes as usize)
                        .map_err(|e| e.error_code())?;
                    if batch.header().is_transactional() {
                        return Err(ErrorCode::InvalidTxnState);
                    }
                    Ok((key, owner, batch))
                })
            };
            match outcome {
                Ok((key, owner, batch)) => fanout.push(
                    at,
                    key,
                    owner,
                    PartitionOp::Produce {
                        batch,
                        acks: req.acks,
                    },
                ),
                Err(code) => partitions.last_mut().expect("pushed above").error_code = code.code(),
            }
        }
        responses.push(
            TopicProduceResponse::default()
                .with_name(topic_name(&name))
                .with_partition_responses(partitions),
        );
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
            PartitionResult::Produce(Err(code)) => response.error_code = code.code(),
            _ => response.error_code = ErrorCode::UnknownServerError.code(),
        }
    }
    ProduceResponse::default().with_responses(responses)
}

/// First Produce version whose clients may send ZSTD batches (KIP-110).
const ZSTD_PRODUCE_VERSION_MIN: i16 = 7;

/// Kafka's `ProduceRequest.validateRecords`: ZSTD needs Produce v7 or later, so that an old
/// client never receives ZSTD batches it cannot read.
fn compression_allowed(compression: Compression, version: i16) -> bool {
    compression != Compression::Zstd || version >= ZSTD_PRODUCE_VERSION_MIN
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
    fn zstd_needs_produce_v7() {
        assert!(!compression_allowed(Compression::Zstd, 3));
        assert!(!compression_allowed(Compression::Zstd, 6));
        assert!(compression_allowed(Compression::Zstd, 7));
        assert!(compression_allowed(Compression::Gzip, 3));
        assert!(compression_allowed(Compression::None, 3));
    }
}
