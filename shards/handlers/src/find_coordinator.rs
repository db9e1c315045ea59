//! FindCoordinator (key 10), v0–6: every group is coordinated by this node (the shard that owns
//! the group's `__consumer_offsets` partition serves it; any connection reaches it over the
//! mesh). v4+ carries a batch of keys. The first lookup creates `__consumer_offsets`.

use crate::groups::ensure_offsets_topic;
use crate::metadata::advertised;
use crate::util::{broker, str_bytes};
use crate::Handlers;
use kafka_protocol::messages::find_coordinator_response::Coordinator;
use kafka_protocol::messages::{FindCoordinatorRequest, FindCoordinatorResponse};
use model::ErrorCode;
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
        KEY_TYPE_GROUP => ensure_offsets_topic(ctx).await.map_err(|code| (code, None)),
        // Transactions are not implemented; InitProducerId refuses transactional ids the same
        // way, so a transactional client fails with one clear, non-retriable error.
        KEY_TYPE_TRANSACTION => Err((
            ErrorCode::TransactionalIdAuthorizationFailed,
            Some("transactions are not supported by this broker"),
        )),
        _ => Err((
            ErrorCode::InvalidRequest,
            Some("Unknown coordinator key type"),
        )),
    };
    let c = Coordinator::default().with_key(str_bytes(key));
    match found {
        Ok(()) => {
            let (host, port) = advertised(ctx);
            c.with_node_id(broker(ctx.shard.config.node_id))
                .with_host(str_bytes(host))
                .with_port(i32::from(port))
        }
        Err((code, message)) => c
            .with_error_code(code.code())
            .with_error_message(message.map(str_bytes))
            .with_node_id(broker(-1))
            .with_host(str_bytes(""))
            .with_port(-1),
    }
}
