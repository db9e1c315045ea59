//! A leader's AlterPartition to the controller (Kafka's `AlterPartitionManager`): the ISR
//! change a replica state machine proposes, sent through this node's controller path (shard 0,
//! forwarded to the active controller), and the answer turned back into the state machine's
//! terms.

use crate::ops::PartitionKey;
use crate::shard::Shard;
use metadata::replication::{AlterPartitionItem, PartitionState};
use metadata::{ControllerReply, ControllerRequest};
use model::NodeId;
use replica::{AlterPartitionError, AlterPartitionRequest, AlterPartitionResponse, PartitionEpoch};
use std::rc::Rc;

/// Sends one partition's proposal; any failure to get an answer is a retriable error (the
/// state machine keeps the proposal in flight and the caller sends it again).
pub(crate) async fn send(
    shard: &Rc<Shard>,
    key: PartitionKey,
    request: &AlterPartitionRequest,
) -> AlterPartitionResponse {
    let broker_epoch = shard
        .image()
        .broker(NodeId(shard.config.node_id))
        .map_or(-1, |b| b.epoch);
    let item = AlterPartitionItem {
        partition: key.partition,
        leader_epoch: request.leader_epoch.0,
        partition_epoch: request.partition_epoch.0,
        new_isr: request
            .new_isr
            .iter()
            .map(|m| (m.id, m.broker_epoch.0))
            .collect(),
        leader_recovery_state: 0,
    };
    let req = ControllerRequest::AlterPartition {
        broker_id: request.leader,
        broker_epoch,
        topics: vec![(key.topic_id, vec![item])],
    };
    match shard.controller(req).await {
        Ok(reply) => match reply_for(&reply, key) {
            Some(Ok(state)) => AlterPartitionResponse::Accepted {
                leader_epoch: model::LeaderEpoch(state.leader_epoch),
                partition_epoch: PartitionEpoch(state.partition_epoch),
                isr: state.isr.clone(),
            },
            Some(Err(code)) => {
                AlterPartitionResponse::Refused(AlterPartitionError::from_code(code.code()))
            }
            None => AlterPartitionResponse::Refused(AlterPartitionError::Retriable(
                model::ErrorCode::UnknownServerError.code(),
            )),
        },
        Err(e) => AlterPartitionResponse::Refused(AlterPartitionError::from_code(e.code.code())),
    }
}

fn reply_for(
    reply: &ControllerReply,
    key: PartitionKey,
) -> Option<Result<&PartitionState, model::ErrorCode>> {
    let (_, partitions) = reply
        .alter_partition
        .as_ref()?
        .iter()
        .find(|(topic, _)| *topic == key.topic_id)?;
    partitions
        .iter()
        .find(|(partition, _)| *partition == key.partition)
        .map(|(_, result)| result.as_ref().map_err(|code| *code))
}
