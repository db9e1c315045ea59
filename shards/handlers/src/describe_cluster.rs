//! DescribeCluster (key 60), v0–1: the cluster id, and the nodes of the endpoint type asked
//! for (v1; v0 means brokers).
//!
//! Endpoint types: 1 = brokers, 2 = controllers. As Kafka, each is answered only on its own
//! listener: a client listener lists the live brokers and names as controller a broker
//! (`metadata::controller_id`); the CONTROLLER listener lists the controllers (the voters,
//! `runtime::controller_endpoints`) and names the active one (-1 if it is none of them).
//! The other type is MISMATCHED_ENDPOINT_TYPE (INVALID_REQUEST in v0), an unknown one
//! UNSUPPORTED_ENDPOINT_TYPE, with Kafka's messages (`AuthHelper.computeDescribeClusterResponse`).

use crate::config_resource::ApiError;
use crate::util::{broker, str_bytes};
use crate::Handlers;
use kafka_protocol::messages::describe_cluster_response::DescribeClusterBroker;
use kafka_protocol::messages::{DescribeClusterRequest, DescribeClusterResponse};
use model::ErrorCode;
use protocol::versions::Listener;
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
    if let Err(e) = check_endpoint_type(endpoint_type, ctx.listener, version) {
        return DescribeClusterResponse::default()
            .with_error_code(e.code.code())
            .with_error_message(e.message.map(str_bytes));
    }
    let (brokers, controller_id) = match ctx.listener {
        Listener::Broker => brokers(ctx),
        Listener::Controller => controllers(ctx),
    };
    let mut response = DescribeClusterResponse::default()
        .with_cluster_id(str_bytes(ctx.shard.cluster_id.clone()))
        .with_controller_id(broker(controller_id))
        .with_brokers(brokers)
        .with_cluster_authorized_operations(authorized_operations(
            req.include_cluster_authorized_operations,
        ));
    if version >= 1 {
        response.endpoint_type = endpoint_type;
    }
    response
}

/// The live brokers and the broker named as controller (a client listener).
fn brokers(ctx: &Rc<Handlers>) -> (Vec<DescribeClusterBroker>, i32) {
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
    (brokers, crate::metadata::controller_id(ctx))
}

/// The controllers at their controller-listener endpoints, and the active controller if it is
/// one of them (else -1, as Kafka answers), on the CONTROLLER listener.
fn controllers(ctx: &Rc<Handlers>) -> (Vec<DescribeClusterBroker>, i32) {
    let controllers: Vec<DescribeClusterBroker> = runtime::controller_endpoints(&ctx.shard)
        .into_iter()
        .map(|c| {
            DescribeClusterBroker::default()
                .with_broker_id(broker(c.node))
                .with_host(str_bytes(c.host))
                .with_port(i32::from(c.port))
        })
        .collect();
    let active = ctx
        .shard
        .lifecycle()
        .metadata_leader()
        .filter(|leader| controllers.iter().any(|c| c.broker_id.0 == *leader))
        .unwrap_or(-1);
    (controllers, active)
}

fn authorized_operations(requested: bool) -> i32 {
    if requested {
        CLUSTER_OPERATIONS_ALL
    } else {
        crate::util::AUTHORIZED_OPERATIONS_OMITTED
    }
}

/// The endpoint type a listener answers for.
fn endpoint_type_of(listener: Listener) -> i8 {
    match listener {
        Listener::Broker => ENDPOINT_BROKER,
        Listener::Controller => ENDPOINT_CONTROLLER,
    }
}

/// Kafka's name of an endpoint type (its `EndpointType` enum).
fn endpoint_type_name(endpoint_type: i8) -> &'static str {
    match endpoint_type {
        ENDPOINT_BROKER => "BROKER",
        ENDPOINT_CONTROLLER => "CONTROLLER",
        _ => "UNKNOWN",
    }
}

/// Kafka's `computeDescribeClusterResponse` checks (v0 has no endpoint type: brokers).
fn check_endpoint_type(
    endpoint_type: i8,
    listener: Listener,
    version: i16,
) -> Result<(), ApiError> {
    let expected = endpoint_type_of(listener);
    if endpoint_type == expected {
        return Ok(());
    }
    let known = matches!(endpoint_type, ENDPOINT_BROKER | ENDPOINT_CONTROLLER);
    let code = match (version, known) {
        (0, _) => ErrorCode::InvalidRequest,
        (_, true) => ErrorCode::MismatchedEndpointType,
        (_, false) => ErrorCode::UnsupportedEndpointType,
    };
    let message = if known {
        format!(
            "The request was sent to an endpoint of type {}, but we wanted an endpoint of type {}",
            endpoint_type_name(expected),
            endpoint_type_name(endpoint_type)
        )
    } else {
        format!("Unsupported endpoint type {endpoint_type}")
    };
    Err(ApiError::new(code, message))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_listener_answers_its_own_endpoint_type_as_kafka() {
        assert!(check_endpoint_type(ENDPOINT_BROKER, Listener::Broker, 1).is_ok());
        assert!(check_endpoint_type(ENDPOINT_BROKER, Listener::Broker, 0).is_ok());
        assert!(check_endpoint_type(ENDPOINT_CONTROLLER, Listener::Controller, 1).is_ok());

        let mismatched = check_endpoint_type(ENDPOINT_CONTROLLER, Listener::Broker, 1).unwrap_err();
        assert_eq!(mismatched.code, ErrorCode::MismatchedEndpointType);
        assert_eq!(
            mismatched.message.as_deref(),
            Some("The request was sent to an endpoint of type BROKER, but we wanted an endpoint of type CONTROLLER")
        );
        let mismatched = check_endpoint_type(ENDPOINT_BROKER, Listener::Controller, 1).unwrap_err();
        assert_eq!(mismatched.code, ErrorCode::MismatchedEndpointType);
        assert_eq!(
            mismatched.message.as_deref(),
            Some("The request was sent to an endpoint of type CONTROLLER, but we wanted an endpoint of type BROKER")
        );
        // v0 means brokers: a controller answers INVALID_REQUEST.
        let v0 = check_endpoint_type(ENDPOINT_BROKER, Listener::Controller, 0).unwrap_err();
        assert_eq!(v0.code, ErrorCode::InvalidRequest);

        for listener in [Listener::Broker, Listener::Controller] {
            let unknown = check_endpoint_type(0, listener, 1).unwrap_err();
            assert_eq!(unknown.code, ErrorCode::UnsupportedEndpointType);
            assert_eq!(
                unknown.message.as_deref(),
                Some("Unsupported endpoint type 0")
            );
        }
    }

    #[test]
    fn authorized_operations_only_when_asked() {
        assert_eq!(authorized_operations(false), i32::MIN);
        assert_eq!(authorized_operations(true), 8096);
    }
}
