//! AddRaftVoter (key 80) and RemoveRaftVoter (key 81), v0: changing the voters of a dynamic
//! metadata quorum (KIP-853), as `kafka-metadata-quorum add-controller` / `remove-controller`
//! send them. Any broker takes them and forwards them to the active controller, as Kafka's
//! brokers do; the controller's rules and messages are in `runtime::voters`.

use crate::util::{str_bytes, topic_id};
use crate::Handlers;
use kafka_protocol::messages::{
    AddRaftVoterRequest, AddRaftVoterResponse, RemoveRaftVoterRequest, RemoveRaftVoterResponse,
};
use kafka_protocol::protocol::StrBytes;
use model::{ErrorCode, NodeId};
use runtime::controller::ControllerRequest;
use std::rc::Rc;

/// The error a request naming another cluster gets (Kafka's RaftUtil: INCONSISTENT_CLUSTER_ID).
fn check_cluster(ctx: &Handlers, cluster_id: Option<&str>) -> Result<(), (ErrorCode, String)> {
    match cluster_id {
        Some(id) if id != ctx.shard.cluster_id => Err((
            ErrorCode::InconsistentClusterId,
            format!(
                "the request is for cluster {id}, this is cluster {}",
                ctx.shard.cluster_id
            ),
        )),
        _ => Ok(()),
    }
}

/// Asks the active controller; the error code and message for the response.
async fn ask(
    ctx: &Handlers,
    cluster_id: Option<&str>,
    request: ControllerRequest,
) -> (i16, Option<StrBytes>) {
    let result = match check_cluster(ctx, cluster_id) {
        Ok(()) => ctx
            .shard
            .controller(request)
            .await
            .map(|_| ())
            .map_err(|e| (e.code, e.message)),
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => (ErrorCode::None.code(), None),
        Err((code, message)) => (code.code(), Some(str_bytes(message))),
    }
}

pub async fn add(ctx: &Rc<Handlers>, req: AddRaftVoterRequest) -> AddRaftVoterResponse {
    let (code, message) = if req.voter_id < 0 {
        (
            ErrorCode::InvalidRequest.code(),
            Some(str_bytes(format!("invalid voter id {}", req.voter_id))),
        )
    } else {
        let listeners = req
            .listeners
            .iter()
            .map(|l| metadata::BrokerEndpoint {
                name: l.name.to_string(),
                host: l.host.to_string(),
                port: l.port,
                security_protocol: 0,
            })
            .collect();
        let request = ControllerRequest::AddRaftVoter {
            node_id: NodeId(req.voter_id),
            directory_id: topic_id(&req.voter_directory_id).0,
            listeners,
            timeout_ms: req.timeout_ms,
        };
        ask(ctx, req.cluster_id.as_deref(), request).await
    };
    AddRaftVoterResponse::default()
        .with_error_code(code)
        .with_error_message(message)
}

pub async fn remove(ctx: &Rc<Handlers>, req: RemoveRaftVoterRequest) -> RemoveRaftVoterResponse {
    let request = ControllerRequest::RemoveRaftVoter {
        node_id: NodeId(req.voter_id),
        directory_id: topic_id(&req.voter_directory_id).0,
    };
    let (code, message) = ask(ctx, req.cluster_id.as_deref(), request).await;
    RemoveRaftVoterResponse::default()
        .with_error_code(code)
        .with_error_message(message)
}
