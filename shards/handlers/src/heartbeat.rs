//! Heartbeat (key 12), v0–4: keeps a classic member's session alive and tells it when a
//! rebalance has started (REBALANCE_IN_PROGRESS).

use crate::groups::{call, opt_string};
use crate::Handlers;
use group::HeartbeatRequest as Beat;
use kafka_protocol::messages::{HeartbeatRequest, HeartbeatResponse};
use model::ErrorCode;
use runtime::groups::{GroupOp, GroupReply};
use std::rc::Rc;

pub async fn handle(ctx: &Rc<Handlers>, req: HeartbeatRequest, _version: i16) -> HeartbeatResponse {
    let group_id = req.group_id.0.to_string();
    let beat = Beat {
        group_id: group_id.clone(),
        generation_id: req.generation_id,
        member_id: req.member_id.to_string(),
        group_instance_id: opt_string(&req.group_instance_id),
    };
    let code = match call(ctx, &group_id, GroupOp::Heartbeat(beat)).await {
        Ok(GroupReply::Heartbeat(code)) => code,
        Ok(_) => ErrorCode::UnknownServerError,
        Err(code) => code,
    };
    HeartbeatResponse::default().with_error_code(code.code())
}
