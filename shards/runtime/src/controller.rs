//! The controller: on shard 0, turns admin requests into metadata records, commits them to
//! the Raft log and broadcasts them to every shard in commit order.

use crate::mesh::ShardMsg;
use crate::shard::Shard;
use metadata::{controller as rules, ConfigResource, ControllerError, MetadataRecord, TopicRef};
use model::{ErrorCode, NodeId, ShardId, TopicId};
use std::collections::BTreeMap;
use std::rc::Rc;
use std::sync::Arc;

/// Producer ids handed to a shard at a time: one metadata commit per this many producers.
pub const PRODUCER_ID_BLOCK_SIZE: i32 = 1000;

#[derive(Debug, Clone)]
pub enum ControllerRequest {
    CreateTopic {
        name: String,
        partitions: i32,
        replication_factor: i16,
        configs: BTreeMap<String, String>,
        validate_only: bool,
    },
    DeleteTopic {
        id: TopicId,
    },
    CreatePartitions {
        topic: String,
        total: i32,
        validate_only: bool,
    },
    AlterConfigs {
        resource: ConfigResource,
        set: BTreeMap<String, Option<String>>,
        validate_only: bool,
    },
    AllocateProducerIds,
    /// Read-only: where the metadata quorum stands (DescribeQuorum).
    DescribeQuorum,
}

#[derive(Debug, Clone, Default)]
pub struct ControllerReply {
    /// Raft index the change committed at (the current index for validate-only requests).
    pub index: u64,
    pub records: Vec<MetadataRecord>,
    /// (first id, block size) for AllocateProducerIds.
    pub producer_ids: Option<(i64, i32)>,
    /// For DescribeQuorum.
    pub quorum: Option<metadata::QuorumStatus>,
}

pub(crate) async fn handle(
    shard: &Rc<Shard>,
    req: ControllerRequest,
) -> Result<ControllerReply, ControllerError> {
    assert_eq!(shard.id, ShardId(0), "the controller runs on shard 0");
    // One request at a time from decision to broadcast, so every shard sees commits in order.
    let _turn = shard.controller_turn.acquire_permit(1).await.map_err(|_| {
        ControllerError::new(ErrorCode::NotController, "controller is shutting down")
    })?;
    tracing::debug!(?req, "controller request");
    let node = NodeId(shard.config.node_id);
    let (records, index, validate_only, quorum) = {
        let mut guard = shard.metadata_log.borrow_mut();
        let log = guard.as_mut().ok_or_else(|| {
            ControllerError::new(ErrorCode::NotController, "no metadata log here")
        })?;
        let image = log.image();
        let nr_shards = shard.nr_shards as u16;
        let (records, validate_only) = match &req {
            ControllerRequest::CreateTopic {
                name,
                partitions,
                replication_factor,
                configs,
                validate_only,
            } => (
                rules::create_topic(
                    image,
                    name,
                    *partitions,
                    *replication_factor,
                    configs.clone(),
                    node,
                    nr_shards,
                )?,
                *validate_only,
            ),
            ControllerRequest::DeleteTopic { id } => {
                (rules::delete_topic(image, TopicRef::Id(*id))?, false)
            }
            ControllerRequest::CreatePartitions {
                topic,
                total,
                validate_only,
            } => (
                rules::create_partitions(image, topic, *total, node, nr_shards)?,
                *validate_only,
            ),
            ControllerRequest::AlterConfigs {
                resource,
                set,
                validate_only,
            } => {
                let records = match resource {
                    ConfigResource::Topic(topic) => {
                        rules::alter_topic_configs(image, topic, set.clone())?
                    }
                    ConfigResource::Broker(node) => {
                        rules::alter_broker_configs(*node, set.clone())?
                    }
                    ConfigResource::Group(group) => rules::alter_group_configs(group, set.clone())?,
                };
                (records, *validate_only)
            }
            ControllerRequest::AllocateProducerIds => (
                rules::allocate_producer_ids(image, node, PRODUCER_ID_BLOCK_SIZE),
                false,
            ),
            ControllerRequest::DescribeQuorum => (Vec::new(), true),
        };
        let quorum = matches!(req, ControllerRequest::DescribeQuorum).then(|| log.quorum_status());
        if validate_only || records.is_empty() {
            (records, image.applied_index(), true, quorum)
        } else {
            let index = log.commit(records.clone()).map_err(|e| {
                tracing::error!(error = %e, "metadata commit failed");
                ControllerError::new(
                    ErrorCode::KafkaStorageError,
                    format!("metadata commit failed: {e}"),
                )
            })?;
            let _ = log
                .maybe_snapshot()
                .map_err(|e| tracing::warn!(error = %e, "metadata snapshot failed"));
            (records, index, false, quorum)
        }
    };
    tracing::debug!(index, validate_only, "controller committed");
    if !validate_only {
        broadcast(shard, Arc::new(records.clone()), index).await;
    }
    tracing::debug!(index, "controller broadcast done");
    let producer_ids = records.iter().find_map(|r| match r {
        MetadataRecord::ProducerIds {
            first_producer_id,
            block_size,
            ..
        } => Some((*first_producer_id, *block_size)),
        _ => None,
    });
    Ok(ControllerReply {
        index,
        records,
        producer_ids,
        quorum,
    })
}

/// Applies committed records on every shard and returns once all have them: a client that
/// created a topic on one connection can use it at once on any other (read-your-writes across
/// shards), instead of seeing UNKNOWN_TOPIC_OR_PARTITION until the other shards catch up.
async fn broadcast(shard: &Rc<Shard>, records: Arc<Vec<MetadataRecord>>, index: u64) {
    crate::apply::apply(shard, &records, index).await;
    let mut acks = Vec::with_capacity(shard.nr_shards);
    for peer in 1..shard.nr_shards {
        let (reply_to, ack) = shard.expect_reply();
        let msg = ShardMsg::Apply {
            records: records.clone(),
            index,
            reply_to,
        };
        if shard.send(ShardId(peer as u16), msg).await.is_err() {
            tracing::error!(peer, index, "could not send committed metadata to shard");
            continue;
        }
        acks.push(ack);
    }
    // A shard that stopped (shutdown) drops its sender; that is not worth waiting for.
    for ack in acks {
        let _ = ack.await;
    }
}
