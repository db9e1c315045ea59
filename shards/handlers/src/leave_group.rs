//! LeaveGroup (key 13), v0–5: v0–2 name one member; v3+ a batch (KIP-345 lets admins remove
//! static members by instance id). For v0–2 the member's error is the top-level error, as in
//! Kafka.

use crate::groups::{call, opt_string};
use crate::util::str_bytes;
use crate::Handlers;
use group::{LeaveGroupRequest as Leave, LeaveMember};
use kafka_protocol::messages::leave_group_response::MemberResponse;
use kafka_protocol::messages::{LeaveGroupRequest, LeaveGroupResponse};
use model::ErrorCode;
use runtime::groups::{GroupOp, GroupReply};
use std::rc::Rc;

pub async fn handle(
    ctx: &Rc<Handlers>,
    req: LeaveGroupRequest,
    version: i16,
) -> LeaveGroupResponse {
    let group_id = req.group_id.0.to_string();
    let members = if version >= 3 {
        req.members
            .iter()
            .map(|m| LeaveMember {
                member_id: m.member_id.to_string(),
                group_instance_id: opt_string(&m.group_instance_id),
            })
            .collect()
    } else {
        vec![LeaveMember {
            member_id: req.member_id.to_string(),
            group_instance_id: None,
        }]
    };
    let leave = Leave {
        group_id: group_id.clone(),
        members,
    };
    let r = match call(ctx, &group_id, GroupOp::Leave(leave)).await {
        Ok(GroupReply::Leave(r)) => r,
        Ok(_) => failed(ErrorCode::UnknownServerError),
        Err(code) => failed(code),
    };
    if version < 3 {
        let member_error = r.members.first().map_or(ErrorCode::None, |m| m.error_code);
        let code = if r.error_code.is_none() {
            member_error
        } else {
            r.error_code
        };
        return LeaveGroupResponse::default().with_error_code(code.code());
    }
    LeaveGroupResponse::default()
        .with_error_code(r.error_code.code())
        .with_members(
            r.members
                .into_iter()
                .map(|m| {
                    MemberResponse::default()
                        .with_member_id(str_bytes(m.member_id))
                        .with_group_instance_id(m.group_instance_id.map(str_bytes))
                        .with_error_code(m.error_code.code())
                })
                .collect(),
        )
}

fn failed(code: ErrorCode) -> group::LeaveGroupResponse {
    group::LeaveGroupResponse {
        error_code: code,
        members: Vec::new(),
    }
}
