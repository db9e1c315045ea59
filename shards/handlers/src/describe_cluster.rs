//! DescribeCluster (key 60), v0–1: this node as the only broker (its advertised address), the
//! cluster id, and this node as the controller (it is its own one-voter metadata quorum).
//!
//! Endpoint types (v1): 1 = brokers, 2 = controllers. Kafka answers each only on the matching
//! listener; Sluice's node is both and has one client listener, so both are answered with the
//! same node. Unknown types get Kafka's errors.

use crate::config_resource::ApiError;
use crate::util::{broker, str_bytes};
use crate::Handlers;
use kafka_protocol::messages::describe_cluster_response::DescribeClusterBroker;
use kafka_protocol::messages::{DescribeClusterRequest, DescribeClusterResponse};
use model::ErrorCode;
use std::rc::Rc;

/// Kafka's `EndpointType` ids.
const ENDPOINT_BROKER: i8 = 1;
const ENDPOINT_CONTROLLER: i8 = 2;

/// Cluster operations Kafka reports as authorized when no authorizer is configured
/// (`AclEntry.supportedOperations(CLUSTER)`): CREATE, ALTER, DESCRIBE, CLUSTER_ACTION,
/// DESCRIBE_CONFIGS, ALTER_CONFIGS, IDEMPOTENT_WRITE, as a bit per `AclOperation` code.
const CLUSTER_OPERATIONS_ALL: i32 =
    (1 << 5) | (1 << 7) | (1 << 8) | (1 << 9) | (1 << 10) | (1 << 11) | (1 << 12);

pub async fn handle(
    ctx: &Rc<Handlers>,
    req: DescribeClusterRequest,
    version: i16,
) -> DescribeClusterResponse {
    let endpoint_type = if version >= 1 {
        req.endpoint_type
    } else {
        ENDPOINT_BROKER
    };
    if let Err(e) = check_endpoint_type(endpoint_type, version) {
        return DescribeClusterResponse::default()
            .with_error_code(e.code.code())
            .with_error_message(e.message.map(str_bytes));
    }
    let brokers = crate::metadata::live_brokers(ctx)
        .into_iter()
        .map(|b| {
            DescribeClusterBroker::default()
                .with_broker_id(broker(b.node))
                .with_host(str_bytes(b.host))
                .with_port(i32::from(b.port))
                .with_rack(b.rack.map(str_bytes))
        })
        .collect();
    let mut response = DescribeClusterResponse::default()
        .with_cluster_id(str_bytes(ctx.shard.cluster_id.clone()))
        .with_controller_id(broker(crate::metadata::controller_id(ctx)))
        .with_brokers(brokers)
        .with_cluster_authorized_operations(authorized_operations(
            req.include_cluster_authorized_operations,
        ));
    if version >= 1 {
        response.endpoint_type = endpoint_type;
    }
    response
}

fn authorized_operations(requested: bool) -> i32 {
    if requested {
        CLUSTER_OPERATIONS_ALL
    } else {
        crate::util::AUTHORIZED_OPERATIONS_OMITTED
    }
}

/// Kafka's `computeDescribeClusterResponse` checks (v0 has no endpoint type: brokers).
fn check_endpoint_type(endpoint_type: i8, version: i16) -> Result<(), ApiError> {
    if matches!(endpoint_type, ENDPOINT_BROKER | ENDPOINT_CONTROLLER) {
        return Ok(());
    }
    let code = if version == 0 {
        ErrorCode::InvalidRequest
    } else {
        ErrorCode::UnsupportedEndpointType
    };
    Err(ApiError::new(
        code,
        format!("Unsupported endpoint type {endpoint_type}"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brokers_and_controllers_are_answered_and_others_refused() {
        assert!(check_endpoint_type(ENDPOINT_BROKER, 1).is_ok());
        assert!(check_endpoint_type(ENDPOINT_CONTROLLER, 1).is_ok());
        let unknown = check_endpoint_type(0, 1).unwrap_err();
        assert_eq!(unknown.code, ErrorCode::UnsupportedEndpointType);
        assert_eq!(
            unknown.message.as_deref(),
            Some("Unsupported endpoint type 0")
        );
    }

    #[test]
    fn authorized_operations_only_when_asked() {
        assert_eq!(authorized_operations(false), i32::MIN);
        assert_eq!(authorized_operations(true), 8096);
    }
}
