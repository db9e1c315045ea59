//! SyncGroup (Kafka's `classicGroupSync`): the leader's assignment becomes the generation's
//! snapshot record and is handed to every waiting member; followers that sync before the leader
//! wait, so the response is deferred like JoinGroup's.

use std::collections::HashMap;

use model::ErrorCode;

use super::join::validate_existing_member;
use super::rebalance::emit_snapshot;
use super::{group_id_error, Ctx, GroupCoordinator};
use crate::api::{Effects, RequestToken, SyncGroupRequest, SyncGroupResponse};
use crate::group::{ClassicGroup, GroupState};

impl GroupCoordinator {
    pub fn sync_group(
        &mut self,
        token: RequestToken,
        request: &SyncGroupRequest,
        now_ms: i64,
        fx: &mut Effects,
    ) {
        let loaded = self.loaded;
        let (groups, mut ctx) = self.parts(now_ms, fx);
        let precheck = if !loaded {
            Err(ErrorCode::CoordinatorLoadInProgress)
        } else if let Some(error) = group_id_error(&request.group_id) {
            Err(error)
        } else {
            groups
                .get_mut(&request.group_id)
                .ok_or(ErrorCode::UnknownMemberId)
        };
        let group = match precheck.and_then(|group| validate_sync(group, request).map(|()| group)) {
            Ok(group) => group,
            Err(error) => return ctx.complete_sync(token, SyncGroupResponse::error(error)),
        };
        match group.state {
            GroupState::PreparingRebalance => {
                ctx.complete_sync(
                    token,
                    SyncGroupResponse::error(ErrorCode::RebalanceInProgress),
                );
            }
            GroupState::CompletingRebalance => sync_completing(&mut ctx, group, token, request),
            GroupState::Stable => {
                group.pending_sync.remove(&request.member_id);
                let response = assignment_response(group, &request.member_id);
                ctx.complete_sync(token, response);
            }
            GroupState::Empty | GroupState::Dead => {
                ctx.complete_sync(token, SyncGroupResponse::error(ErrorCode::UnknownMemberId));
            }
        }
    }
}

fn validate_sync(group: &ClassicGroup, request: &SyncGroupRequest) -> Result<(), ErrorCode> {
    validate_existing_member(
        group,
        &request.member_id,
        request.group_instance_id.as_deref(),
    )?;
    if request.generation_id != group.generation {
        return Err(ErrorCode::IllegalGeneration);
    }
    let inconsistent = |asked: &Option<String>, current: &Option<String>| matches!((asked, current), (Some(a), Some(c)) if a != c);
    if inconsistent(&request.protocol_type, &group.protocol_type)
        || inconsistent(&request.protocol_name, &group.protocol_name)
    {
        return Err(ErrorCode::InconsistentGroupProtocol);
    }
    Ok(())
}

fn assignment_response(group: &ClassicGroup, member_id: &str) -> SyncGroupResponse {
    SyncGroupResponse {
        error_code: ErrorCode::None,
        protocol_type: group.protocol_type.clone(),
        protocol_name: group.protocol_name.clone(),
        assignment: group
            .members
            .get(member_id)
            .map(|m| m.assignment.clone())
            .unwrap_or_default(),
    }
}

fn sync_completing(
    ctx: &mut Ctx<'_>,
    group: &mut ClassicGroup,
    token: RequestToken,
    request: &SyncGroupRequest,
) {
    let member_id = request.member_id.as_str();
    group.pending_sync.remove(member_id);
    let Some(member) = group.members.get_mut(member_id) else {
        return ctx.complete_sync(token, SyncGroupResponse::error(ErrorCode::UnknownMemberId));
    };
    if let Some(superseded) = member.awaiting_sync.replace(token) {
        ctx.complete_sync(
            superseded,
            SyncGroupResponse::error(ErrorCode::RebalanceInProgress),
        );
    }
    if !group.is_leader(member_id) {
        return;
    }
    // Members the leader left out get an empty assignment, as in Kafka.
    let assignments: HashMap<&str, &[u8]> = request
        .assignments
        .iter()
        .map(|a| (a.member_id.as_str(), a.assignment.as_slice()))
        .collect();
    for member in group.members.values_mut() {
        member.assignment = assignments
            .get(member.id.as_str())
            .map(|a| a.to_vec())
            .unwrap_or_default();
    }
    emit_snapshot(ctx, group);
    propagate_assignment(ctx, group);
    group.transition(GroupState::Stable, ctx.now_ms);
}

/// Answers every waiting SyncGroup with its member's assignment and restarts those members'
/// session timers (their expiry was ignored while they waited).
fn propagate_assignment(ctx: &mut Ctx<'_>, group: &mut ClassicGroup) {
    let waiting: Vec<String> = group
        .members
        .values()
        .filter(|m| m.awaiting_sync.is_some())
        .map(|m| m.id.clone())
        .collect();
    for member_id in waiting {
        let response = assignment_response(group, &member_id);
        let Some(member) = group.members.get_mut(&member_id) else {
            continue;
        };
        let session_timeout_ms = member.session_timeout_ms;
        if let Some(token) = member.awaiting_sync.take() {
            ctx.complete_sync(token, response);
        }
        ctx.schedule_heartbeat(&group.id, &member_id, session_timeout_ms);
    }
}
