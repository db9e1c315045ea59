//! AlterConfigs (key 33), v0–2: the legacy, non-incremental form. Each resource's overrides
//! are replaced whole: keys not given are deleted (Kafka's `legacyAlterConfigs`).

use crate::config_resource::{self as cr, ApiError, LoggerResources};
use crate::util::str_bytes;
use crate::Handlers;
use kafka_protocol::messages::alter_configs_request::AlterConfigsResource;
use kafka_protocol::messages::alter_configs_response::AlterConfigsResourceResponse;
use kafka_protocol::messages::{AlterConfigsRequest, AlterConfigsResponse};
use model::NodeId;
use std::collections::BTreeMap;
use std::rc::Rc;

pub async fn handle(
    ctx: &Rc<Handlers>,
    req: AlterConfigsRequest,
    _version: i16,
) -> AlterConfigsResponse {
    let alter = |r| alter_one(ctx, r, req.validate_only);
    let errors = cr::alter_each(&req.resources, resource_key, alter).await;
    let responses = req
        .resources
        .iter()
        .zip(errors)
        .map(|(resource, error)| {
            AlterConfigsResourceResponse::default()
                .with_error_code(error.code.code())
                .with_error_message(error.message.map(str_bytes))
                .with_resource_type(resource.resource_type)
                .with_resource_name(resource.resource_name.clone())
        })
        .collect();
    AlterConfigsResponse::default().with_responses(responses)
}

async fn alter_one(
    ctx: &Rc<Handlers>,
    resource: &AlterConfigsResource,
    validate_only: bool,
) -> Result<(), ApiError> {
    let configs = resource
        .configs
        .iter()
        .map(|c| (c.name.as_str(), c.value.is_some()));
    cr::check_keys(configs, |_| false)?;
    let node = NodeId(ctx.shard.config.node_id);
    let target = cr::alter_target(
        node,
        resource.resource_type,
        &resource.resource_name,
        LoggerResources::Refused,
    )?;
    let wanted: BTreeMap<String, String> = resource
        .configs
        .iter()
        .filter_map(|c| {
            c.value
                .as_ref()
                .map(|v| (c.name.to_string(), v.to_string()))
        })
        .collect();
    // A missing topic has no overrides; the controller then answers UNKNOWN_TOPIC_OR_PARTITION
    // after validating the configs, in Kafka's order.
    let current = cr::current_overrides(ctx, &target);
    cr::commit(ctx, &target, &current, &wanted, validate_only).await
}

fn resource_key(r: &AlterConfigsResource) -> (i8, &str) {
    (r.resource_type, r.resource_name.as_str())
}
