//! ListPartitionReassignments (key 46), v0 (`kafka-reassign-partitions --verify`, `--list`):
//! the reassignments in progress, from this broker's image (it applies every committed
//! record, and an AlterPartitionReassignments is answered only once the node it was sent to
//! applied it). Null `topics` lists every partition; unknown partitions and partitions not
//! being reassigned are left out, as in Kafka.

use crate::util::{broker, topic_name};
use crate::Handlers;
use kafka_protocol::messages::list_partition_reassignments_response::{
    OngoingPartitionReassignment, OngoingTopicReassignment,
};
use kafka_protocol::messages::{
    ListPartitionReassignmentsRequest, ListPartitionReassignmentsResponse,
};
use metadata::replication::reassign::list_reassignments;
use model::NodeId;
use std::rc::Rc;

pub async fn handle(
    ctx: &Rc<Handlers>,
    req: ListPartitionReassignmentsRequest,
    _version: i16,
) -> ListPartitionReassignmentsResponse {
    let requested: Option<Vec<(String, Vec<i32>)>> = req.topics.as_ref().map(|ts| {
        ts.iter()
            .map(|t| (t.name.0.to_string(), t.partition_indexes.clone()))
            .collect()
    });
    let image = ctx.shard.image();
    let ongoing = list_reassignments(&image, requested.as_deref());
    let brokers = |v: &[NodeId]| v.iter().map(|n| broker(n.0)).collect::<Vec<_>>();
    let mut topics: Vec<OngoingTopicReassignment> = Vec::new();
    for r in ongoing {
        let partition = OngoingPartitionReassignment::default()
            .with_partition_index(r.partition)
            .with_replicas(brokers(&r.replicas))
            .with_adding_replicas(brokers(&r.adding))
            .with_removing_replicas(brokers(&r.removing));
        match topics.last_mut() {
            Some(t) if t.name.0.as_str() == r.topic => t.partitions.push(partition),
            _ => topics.push(
                OngoingTopicReassignment::default()
                    .with_name(topic_name(&r.topic))
                    .with_partitions(vec![partition]),
            ),
        }
    }
    ListPartitionReassignmentsResponse::default().with_topics(topics)
}
