//! LeaveGroup (Kafka's `classicGroupLeave`), batched (v3+): members leave, or an admin removes
//! static members by instance id; the group then rebalances.

use model::ErrorCode;

use super::rebalance::{
    maybe_complete_join_phase, maybe_prepare_rebalance_or_complete_join, remove_member,
};
use super::{group_id_error, Ctx, GroupCoordinator};
use crate::api::{
    Effects, LeaveGroupRequest, LeaveGroupResponse, LeaveMember, LeaveMemberResponse,
};
use crate::group::{ClassicGroup, GroupState};

impl GroupCoordinator {
    pub fn leave_group(
        &mut self,
        request: &LeaveGroupRequest,
        now_ms: i64,
        fx: &mut Effects,
    ) -> LeaveGroupResponse {
        let top_level = |error_code| LeaveGroupResponse {
            error_code,
            members: Vec::new(),
        };
        if !self.loaded {
            return top_level(ErrorCode::CoordinatorLoadInProgress);
        }
        if let Some(error) = group_id_error(&request.group_id) {
            return top_level(error);
        }
        let (groups, mut ctx) = self.parts(now_ms, fx);
        let Some(group) = groups.get_mut(&request.group_id) else {
            return top_level(ErrorCode::UnknownMemberId);
        };
        let members: Vec<LeaveMemberResponse> = request
            .members
            .iter()
            .map(|m| leave_one(&mut ctx, group, m))
            .collect();
        if members.iter().any(|m| m.error_code == ErrorCode::None) {
            match group.state {
                GroupState::Stable | GroupState::CompletingRebalance => {
                    maybe_prepare_rebalance_or_complete_join(&mut ctx, group);
                }
                GroupState::PreparingRebalance => maybe_complete_join_phase(&mut ctx, group),
                GroupState::Empty | GroupState::Dead => {}
            }
        }
        LeaveGroupResponse {
            error_code: ErrorCode::None,
            members,
        }
    }
}

fn leave_one(
    ctx: &mut Ctx<'_>,
    group: &mut ClassicGroup,
    leaving: &LeaveMember,
) -> LeaveMemberResponse {
    let error_code = match leave_error(group, leaving) {
        Ok(member_id) => {
            if !group.pending_members.remove(&member_id) {
                remove_member(ctx, group, &member_id);
            } else {
                ctx.cancel_heartbeat(&group.id, &member_id);
            }
            ErrorCode::None
        }
        Err(error) => error,
    };
    LeaveMemberResponse {
        member_id: leaving.member_id.clone(),
        group_instance_id: leaving.group_instance_id.clone(),
        error_code,
    }
}

/// The member id to remove, or why not (Kafka's `validateMember`).
fn leave_error(group: &ClassicGroup, leaving: &LeaveMember) -> Result<String, ErrorCode> {
    let instance = leaving.group_instance_id.as_deref();
    if leaving.member_id.is_empty() {
        // Admin removal of a static member by instance id alone.
        let current = instance.and_then(|i| group.static_members.get(i));
        return current.cloned().ok_or(ErrorCode::UnknownMemberId);
    }
    if group.pending_members.contains(&leaving.member_id) {
        return Ok(leaving.member_id.clone());
    }
    match instance {
        Some(instance) => match group.static_members.get(instance) {
            None => Err(ErrorCode::UnknownMemberId),
            Some(current) if *current != leaving.member_id => Err(ErrorCode::FencedInstanceId),
            Some(current) => Ok(current.clone()),
        },
        None if group.members.contains_key(&leaving.member_id) => Ok(leaving.member_id.clone()),
        None => Err(ErrorCode::UnknownMemberId),
    }
}
