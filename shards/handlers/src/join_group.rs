//! JoinGroup (key 11), v0–9: maps the wire request to the coordinator's and back. The answer
//! may come much later (when the rebalance completes); the call waits for it on the owner.

use crate::groups::{call, opt_string};
use crate::util::str_bytes;
use crate::Handlers;
use group::{JoinGroupRequest as Join, JoinProtocol};
use kafka_protocol::messages::join_group_response::JoinGroupResponseMember;
use kafka_protocol::messages::{JoinGroupRequest, JoinGroupResponse};
use model::ErrorCode;
use runtime::groups::{GroupOp, GroupReply};
use std::net::IpAddr;
use std::rc::Rc;

pub async fn handle(
    ctx: &Rc<Handlers>,
    req: JoinGroupRequest,
    version: i16,
    client_id: &str,
    peer: IpAddr,
) -> JoinGroupResponse {
    let group_id = req.group_id.0.to_string();
    let member_id = req.member_id.to_string();
    let join = Join {
        api_version: version,
        group_id: group_id.clone(),
        session_timeout_ms: req.session_timeout_ms,
        // v0 has no rebalance timeout: Kafka uses the session timeout.
        rebalance_timeout_ms: if version >= 1 {
            req.rebalance_timeout_ms
        } else {
            req.session_timeout_ms
        },
        member_id: req.member_id.to_string(),
        group_instance_id: opt_string(&req.group_instance_id),
        protocol_type: req.protocol_type.to_string(),
        protocols: req
            .protocols
            .iter()
            .map(|p| JoinProtocol {
                name: p.name.to_string(),
                metadata: p.metadata.to_vec(),
            })
            .collect(),
        client_id: client_id.to_string(),
        client_host: format!("/{peer}"),
    };
    let r = match call(ctx, &group_id, GroupOp::Join(join)).await {
        Ok(GroupReply::Join(r)) => r,
        Ok(_) => group::JoinGroupResponse::error(ErrorCode::UnknownServerError, &member_id),
        Err(code) => group::JoinGroupResponse::error(code, &member_id),
    };
    let mut response = JoinGroupResponse::default()
        .with_error_code(r.error_code.code())
        .with_generation_id(r.generation_id)
        .with_leader(str_bytes(r.leader))
        .with_member_id(str_bytes(r.member_id))
        .with_members(
            r.members
                .into_iter()
                .map(|m| {
                    let mut member = JoinGroupResponseMember::default()
                        .with_member_id(str_bytes(m.member_id))
                        .with_metadata(m.metadata.into());
                    if version >= 5 {
                        member.group_instance_id = m.group_instance_id.map(str_bytes);
                    }
                    member
                })
                .collect(),
        );
    if version >= 7 {
        response.protocol_type = r.protocol_type.map(str_bytes);
        response.protocol_name = r.protocol_name.map(str_bytes);
    } else {
        // Not nullable before v7.
        response.protocol_name = Some(str_bytes(r.protocol_name.unwrap_or_default()));
    }
    if version >= 9 {
        response.skip_assignment = r.skip_assignment;
    }
    response
}
