//! FindCoordinator (key 10), v0–6: a group is coordinated by the node leading the group's
//! `__consumer_offsets` partition, a transactional id by the node leading its
//! `__transaction_state` partition (Kafka's rules; on that node the shard owning the partition
//! serves it and any connection reaches it over the mesh). v4+ carries a batch of keys. The
//! first lookup creates the topic.

use crate::groups::{ensure_offsets_topic, partition_for_group};
use crate::util::{broker, str_bytes};
use crate::Handlers;
use kafka_protocol::messages::find_coordinator_response::Coordinator;
use kafka_protocol::messages::{FindCoordinatorRequest, FindCoordinatorResponse};
use model::ErrorCode;
use runtime::groups::OFFSETS_TOPIC;
use runtime::txns::TXN_TOPIC;
use std::rc::Rc;

/// Kafka's `CoordinatorType` ids.
const KEY_TYPE_GROUP: i8 = 0;
const KEY_TYPE_TRANSACTION: i8 = 1;

pub async fn handle(
    ctx: &Rc<Handlers>,
    req: FindCoordinatorRequest,
    version: i16,
) -> FindCoordinatorResponse {
    let keys: Vec<String> = if version >= 4 {
        req.coordinator_keys.iter().map(|k| k.to_string()).collect()
    } else {
        vec![req.key.to_string()]
    };
    let mut coordinators = Vec::with_capacity(keys.len());
    for key in keys {
        coordinators.push(find_one(ctx, key, req.key_type).await);
    }
    let mut response = FindCoordinatorResponse::default();
    if version >= 4 {
        response.coordinators = coordinators;
        return response;
    }
    let Some(c) = coordinators.pop() else {
        return response;
    };
    response.error_code = c.error_code;
    response.node_id = c.node_id;
    response.host = c.host;
    response.port = c.port;
    if version >= 1 {
        response.error_message = c.error_message;
    }
    response
}

async fn find_one(ctx: &Rc<Handlers>, key: String, key_type: i8) -> Coordinator {
    let found = match key_type {
        KEY_TYPE_GROUP => match ensure_offsets_topic(ctx).await {
            Ok(()) => coordinator_of(ctx, OFFSETS_TOPIC, &key),
            Err(code) => Err((code, None)),
        },
        KEY_TYPE_TRANSACTION => match crate::txns::ensure_txn_topic(ctx).await {
            Ok(()) => coordinator_of(ctx, TXN_TOPIC, &key),
            Err(code) => Err((code, None)),
        },
        _ => Err((
            ErrorCode::InvalidRequest,
            Some("Unknown coordinator key type"),
        )),
    };
    let c = Coordinator::default().with_key(str_bytes(key));
    match found {
        Ok(b) => c
            .with_node_id(broker(b.node))
            .with_host(str_bytes(b.host))
            .with_port(i32::from(b.port)),
        Err((code, message)) => c
            .with_error_code(code.code())
            .with_error_message(message.map(str_bytes))
            .with_node_id(broker(-1))
            .with_host(str_bytes(""))
            .with_port(-1),
    }
}

/// The broker leading `key`'s partition of `topic` (`__consumer_offsets` for a group,
/// `__transaction_state` for a transactional id), as clients reach it.
fn coordinator_of(
    ctx: &Rc<Handlers>,
    topic: &str,
    key: &str,
) -> Result<crate::metadata::ListedBroker, (ErrorCode, Option<&'static str>)> {
    let image = ctx.shard.image();
    let not_available = (ErrorCode::CoordinatorNotAvailable, None);
    let group = key;
    let topic = image.topic(topic).ok_or(not_available)?;
    let partitions = i32::try_from(topic.partitions.len()).unwrap_or(i32::MAX);
    let partition = partition_for_group(group, partitions);
    let leader = topic
        .partitions
        .get(&partition)
        .map(|p| p.leader.0)
        .ok_or(not_available)?;
    crate::metadata::live_brokers(ctx)
        .into_iter()
        .find(|b| b.node == leader)
        .ok_or(not_available)
}
