//! SyncGroup (key 14), v0–5: the leader hands in the assignment, every member waits for its
//! own share (answered by the coordinator once the leader's assignment is durable).

use crate::groups::{call, opt_string};
use crate::util::str_bytes;
use crate::Handlers;
use group::{SyncGroupAssignment, SyncGroupRequest as Sync};
use kafka_protocol::messages::{SyncGroupRequest, SyncGroupResponse};
use model::ErrorCode;
use runtime::groups::{GroupOp, GroupReply};
use std::rc::Rc;

pub async fn handle(ctx: &Rc<Handlers>, req: SyncGroupRequest, version: i16) -> SyncGroupResponse {
    if version >= 5 && (req.protocol_type.is_none() || req.protocol_name.is_none()) {
        // Kafka: "Starting from version 5, ProtocolType and ProtocolName fields are mandatory."
        return SyncGroupResponse::default()
            .with_error_code(ErrorCode::InconsistentGroupProtocol.code());
    }
    let group_id = req.group_id.0.to_string();
    let sync = Sync {
        group_id: group_id.clone(),
        generation_id: req.generation_id,
        member_id: req.member_id.to_string(),
        group_instance_id: opt_string(&req.group_instance_id),
        protocol_type: opt_string(&req.protocol_type),
        protocol_name: opt_string(&req.protocol_name),
        assignments: req
            .assignments
            .iter()
            .map(|a| SyncGroupAssignment {
                member_id: a.member_id.to_string(),
                assignment: a.assignment.to_vec(),
            })
            .collect(),
    };
    let (code, protocol_type, protocol_name, assignment) =
        match call(ctx, &group_id, GroupOp::Sync(sync)).await {
            Ok(GroupReply::Sync(r)) => {
                (r.error_code, r.protocol_type, r.protocol_name, r.assignment)
            }
            Ok(_) => (ErrorCode::UnknownServerError, None, None, Vec::new()),
            Err(code) => (code, None, None, Vec::new()),
        };
    let mut response = SyncGroupResponse::default()
        .with_error_code(code.code())
        .with_assignment(assignment.into());
    if version >= 5 {
        response.protocol_type = protocol_type.map(str_bytes);
        response.protocol_name = protocol_name.map(str_bytes);
    }
    response
}
