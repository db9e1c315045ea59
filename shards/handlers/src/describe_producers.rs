//! DescribeProducers (key 61), v0: the active idempotent producers of each partition, from the
//! owner's producer state (id, epoch, last sequence and timestamp, coordinator epoch, and the
//! start offset of an open transaction or -1).

use crate::route::Fanout;
use crate::util::topic_name;
use crate::Handlers;
use kafka_protocol::messages::describe_producers_response::{
    PartitionResponse, ProducerState, TopicResponse,
};
use kafka_protocol::messages::{DescribeProducersRequest, DescribeProducersResponse, ProducerId};
use model::ErrorCode;
use runtime::{PartitionOp, PartitionResult};
use std::rc::Rc;
use storage::ProducerStateEntry;

pub async fn handle(
    ctx: &Rc<Handlers>,
    req: DescribeProducersRequest,
    _version: i16,
) -> DescribeProducersResponse {
    let image = ctx.shard.image();
    let mut topics = Vec::with_capacity(req.topics.len());
    let mut fanout = Fanout::default();
    for topic in req.topics {
        let name = topic.name.0.to_string();
        let mut partitions = Vec::with_capacity(topic.partition_indexes.len());
        for index in topic.partition_indexes {
            let at = (topics.len(), partitions.len());
            let mut response = PartitionResponse::default().with_partition_index(index);
            if let Err(code) = fanout.add(&image, at, &name, index, PartitionOp::DescribeProducers)
            {
                response.error_code = code.code();
            }
            partitions.push(response);
        }
        topics.push(
            TopicResponse::default()
                .with_name(topic_name(&name))
                .with_partitions(partitions),
        );
    }
    for ((t, p), result) in fanout.run(&ctx.shard).await {
        let response = &mut topics[t].partitions[p];
        match result {
            PartitionResult::Producers(Ok(producers)) => {
                response.active_producers = producers.iter().map(producer_state).collect();
            }
            PartitionResult::Producers(Err(code)) => response.error_code = code.code(),
            _ => response.error_code = ErrorCode::UnknownServerError.code(),
        }
    }
    DescribeProducersResponse::default().with_topics(topics)
}

fn producer_state(p: &ProducerStateEntry) -> ProducerState {
    ProducerState::default()
        .with_producer_id(ProducerId(p.producer_id))
        .with_producer_epoch(i32::from(p.producer_epoch))
        .with_last_sequence(p.last_sequence)
        .with_last_timestamp(p.last_timestamp_ms)
        .with_coordinator_epoch(p.coordinator_epoch)
        .with_current_txn_start_offset(p.current_txn_start_offset)
}
