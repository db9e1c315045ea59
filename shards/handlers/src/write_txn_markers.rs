//! WriteTxnMarkers (key 27), v1: end-transaction markers for partitions this node leads, sent
//! by a transaction coordinator on another node, or by `kafka-transactions abort` (the admin
//! client aborts a hanging transaction by writing an ABORT marker itself). Each marker is
//! appended on the partition's owning shard as the local coordinator's markers are
//! (`PartitionOp::WriteTxnMarker`), durable (acks=all) before the answer.

use crate::route::Fanout;
use crate::util::topic_name;
use crate::Handlers;
use kafka_protocol::messages::write_txn_markers_response::{
    WritableTxnMarkerPartitionResult, WritableTxnMarkerResult, WritableTxnMarkerTopicResult,
};
use kafka_protocol::messages::{WriteTxnMarkersRequest, WriteTxnMarkersResponse};
use model::ErrorCode;
use runtime::{PartitionOp, PartitionResult};
use std::rc::Rc;

pub async fn handle(
    ctx: &Rc<Handlers>,
    req: WriteTxnMarkersRequest,
    _version: i16,
) -> WriteTxnMarkersResponse {
    let image = ctx.shard.image();
    let mut fanout = Fanout::default();
    // (marker, topic, partition) of every slot, and the answers in the response's shape.
    let mut slots: Vec<(usize, usize, usize)> = Vec::new();
    let mut markers = Vec::with_capacity(req.markers.len());
    for (m, marker) in req.markers.iter().enumerate() {
        let mut topics = Vec::with_capacity(marker.topics.len());
        for (t, topic) in marker.topics.iter().enumerate() {
            let name = topic.name.0.to_string();
            let mut partitions = Vec::with_capacity(topic.partition_indexes.len());
            for (p, index) in topic.partition_indexes.iter().enumerate() {
                let mut result =
                    WritableTxnMarkerPartitionResult::default().with_partition_index(*index);
                let op = PartitionOp::WriteTxnMarker {
                    producer_id: marker.producer_id.0,
                    producer_epoch: marker.producer_epoch,
                    commit: marker.transaction_result,
                    coordinator_epoch: marker.coordinator_epoch,
                };
                match fanout.add(&image, (slots.len(), 0), &name, *index, op) {
                    Ok(()) => slots.push((m, t, p)),
                    Err(code) => result.error_code = code.code(),
                }
                partitions.push(result);
            }
            topics.push(
                WritableTxnMarkerTopicResult::default()
                    .with_name(topic_name(&name))
                    .with_partitions(partitions),
            );
        }
        markers.push(
            WritableTxnMarkerResult::default()
                .with_producer_id(marker.producer_id)
                .with_topics(topics),
        );
    }
    for ((slot, _), result) in fanout.run(&ctx.shard).await {
        let Some(&(m, t, p)) = slots.get(slot) else {
            continue;
        };
        let code = match result {
            PartitionResult::Marker(Ok(())) => ErrorCode::None,
            PartitionResult::Marker(Err(code)) => code,
            _ => ErrorCode::UnknownServerError,
        };
        markers[m].topics[t].partitions[p].error_code = code.code();
    }
    WriteTxnMarkersResponse::default().with_markers(markers)
}
