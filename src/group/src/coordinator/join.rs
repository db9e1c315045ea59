//! JoinGroup (Kafka's `classicGroupJoin`): member ids (KIP-394), static membership (KIP-345),
//! protocol checks and the start of a rebalance. The response is deferred until the join phase
//! completes, so it arrives as a [`Completion`](crate::Completion) for `token`.

use model::ErrorCode;

use super::rebalance::{self, maybe_prepare_rebalance_or_complete_join};
use super::{group_id_error, strings_fit, Ctx, GroupCoordinator};
use crate::api::{Effects, JoinGroupRequest, JoinGroupResponse, RequestToken, SyncGroupResponse};
use crate::group::{ClassicGroup, GroupState, Member};
use crate::record::{GroupMetadataValue, GroupRecord};
use crate::timers::TimerKey;

/// First JoinGroup version that requires a known member id from dynamic members (KIP-394).
const MEMBER_ID_REQUIRED_VERSION_MIN: i16 = 4;
/// First JoinGroup version with `skip_assignment` (KIP-814).
const SKIP_ASSIGNMENT_VERSION_MIN: i16 = 9;

impl GroupCoordinator {
    pub fn join_group(
        &mut self,
        token: RequestToken,
        request: &JoinGroupRequest,
        now_ms: i64,
        fx: &mut Effects,
    ) {
        if let Some(error) = self.join_precheck(request) {
            let response = JoinGroupResponse::error(error, &request.member_id);
            fx.completed.push(crate::Completion {
                token,
                response: crate::DeferredResponse::Join(response),
            });
            return;
        }
        if let Some(group) = self.consumer_group(&request.group_id) {
            // Kafka admits classic members into a non-empty consumer group only through the
            // online-upgrade path, which is not here; an empty one gives way to a classic group.
            if group.members.is_empty() {
                self.write_consumer_group_tombstones(&request.group_id, fx);
            } else {
                let error = ErrorCode::InconsistentGroupProtocol;
                let response = JoinGroupResponse::error(error, &request.member_id);
                fx.completed.push(crate::Completion {
                    token,
                    response: crate::DeferredResponse::Join(response),
                });
                return;
            }
        }
        let unknown_member = request.member_id.is_empty();
        let is_new_group = !self.groups.contains_key(&request.group_id);
        if is_new_group && !unknown_member {
            let response = JoinGroupResponse::error(ErrorCode::UnknownMemberId, &request.member_id);
            fx.completed.push(crate::Completion {
                token,
                response: crate::DeferredResponse::Join(response),
            });
            return;
        }
        let new_member_id = unknown_member.then(|| self.new_member_id(&request.client_id));
        let records_before = fx.records.len();
        let (groups, mut ctx) = self.parts(now_ms, fx);
        let group = groups
            .entry(request.group_id.clone())
            .or_insert_with(|| ClassicGroup::new(&request.group_id, now_ms));
        join_in_group(&mut ctx, group, token, request, new_member_id);
        if is_new_group && ctx.fx.records.len() == records_before {
            // Kafka persists a group as soon as JoinGroup creates it, as an empty snapshot.
            emit_empty_snapshot(&mut ctx, group);
        }
    }

    fn join_precheck(&self, request: &JoinGroupRequest) -> Option<ErrorCode> {
        if !self.loaded {
            return Some(ErrorCode::CoordinatorLoadInProgress);
        }
        if let Some(error) = group_id_error(&request.group_id) {
            return Some(error);
        }
        let strings = [
            &request.member_id,
            &request.protocol_type,
            &request.client_id,
            &request.client_host,
        ];
        let fits = strings_fit(strings.into_iter().map(String::as_str))
            && strings_fit(request.group_instance_id.as_deref())
            && strings_fit(request.protocols.iter().map(|p| p.name.as_str()));
        if !fits {
            return Some(ErrorCode::InvalidRequest);
        }
        let timeout_ms = request.session_timeout_ms;
        if timeout_ms < self.config.session_timeout_ms_min
            || timeout_ms > self.config.session_timeout_ms_max
        {
            return Some(ErrorCode::InvalidSessionTimeout);
        }
        None
    }
}

fn emit_empty_snapshot(ctx: &mut Ctx<'_>, group: &ClassicGroup) {
    let value = GroupMetadataValue {
        protocol_type: group.protocol_type.clone().unwrap_or_default(),
        generation: group.generation,
        protocol: None,
        leader: None,
        current_state_timestamp_ms: group.state_timestamp_ms.unwrap_or(-1),
        members: Vec::new(),
    };
    ctx.emit(GroupRecord::GroupMetadata {
        group_id: group.id.clone(),
        value: Some(value),
    });
}

fn respond(ctx: &mut Ctx<'_>, token: RequestToken, error: ErrorCode, member_id: &str) {
    ctx.complete_join(token, JoinGroupResponse::error(error, member_id));
}

fn join_in_group(
    ctx: &mut Ctx<'_>,
    group: &mut ClassicGroup,
    token: RequestToken,
    request: &JoinGroupRequest,
    new_member_id: Option<String>,
) {
    if !accepts_joining_member(group, &request.member_id, ctx.config.group_size_max) {
        return respond(
            ctx,
            token,
            ErrorCode::GroupMaxSizeReached,
            &request.member_id,
        );
    }
    if !group.supports_protocols(&request.protocol_type, &request.protocols) {
        return respond(
            ctx,
            token,
            ErrorCode::InconsistentGroupProtocol,
            &request.member_id,
        );
    }
    match new_member_id {
        Some(member_id) => join_new_member(ctx, group, token, request, member_id),
        None => join_existing_member(ctx, group, token, request),
    }
}

/// Kafka's `acceptJoiningMember`: `group.max.size` counts members (or, while preparing a
/// rebalance, members that have rejoined); a member already counted is always let back in.
fn accepts_joining_member(group: &ClassicGroup, member_id: &str, group_size_max: usize) -> bool {
    let member = group.members.get(member_id);
    match group.state {
        GroupState::Empty | GroupState::Dead => true,
        GroupState::PreparingRebalance => {
            member.is_some_and(|m| m.awaiting_join.is_some())
                || group.awaiting_join_count() < group_size_max
        }
        GroupState::CompletingRebalance | GroupState::Stable => {
            member.is_some() || group.members.len() < group_size_max
        }
    }
}

fn join_new_member(
    ctx: &mut Ctx<'_>,
    group: &mut ClassicGroup,
    token: RequestToken,
    request: &JoinGroupRequest,
    member_id: String,
) {
    if let Some(instance) = &request.group_instance_id {
        match group.static_members.get(instance).cloned() {
            Some(old_id) => replace_static_member_then_rebalance_or_complete_join(
                ctx, group, token, request, &old_id, &member_id,
            ),
            None => add_member_and_rebalance(ctx, group, token, request, &member_id),
        }
    } else if request.api_version >= MEMBER_ID_REQUIRED_VERSION_MIN {
        group.pending_members.insert(member_id.clone());
        ctx.schedule_heartbeat(&group.id, &member_id, request.session_timeout_ms);
        respond(ctx, token, ErrorCode::MemberIdRequired, &member_id);
    } else {
        add_member_and_rebalance(ctx, group, token, request, &member_id);
    }
}

fn join_existing_member(
    ctx: &mut Ctx<'_>,
    group: &mut ClassicGroup,
    token: RequestToken,
    request: &JoinGroupRequest,
) {
    let member_id = request.member_id.as_str();
    if group.pending_members.contains(member_id) && request.group_instance_id.is_none() {
        return add_member_and_rebalance(ctx, group, token, request, member_id);
    }
    if let Err(error) =
        validate_existing_member(group, member_id, request.group_instance_id.as_deref())
    {
        return respond(ctx, token, error, member_id);
    }
    let Some(member) = group.members.get(member_id) else {
        return respond(ctx, token, ErrorCode::UnknownMemberId, member_id);
    };
    let unchanged = member.protocols == request.protocols;
    match group.state {
        GroupState::CompletingRebalance if unchanged => {
            // The member missed its JoinGroup response: answer it again for this generation.
            let response =
                current_generation_response(group, member_id, group.is_leader(member_id));
            ctx.complete_join(token, response);
        }
        GroupState::Stable if unchanged && !group.is_leader(member_id) => {
            let response = current_generation_response(group, member_id, false);
            ctx.complete_join(token, response);
        }
        GroupState::PreparingRebalance | GroupState::CompletingRebalance | GroupState::Stable => {
            update_member(ctx, group, member_id, request, token);
            maybe_prepare_rebalance_or_complete_join(ctx, group);
        }
        GroupState::Empty | GroupState::Dead => {
            respond(ctx, token, ErrorCode::UnknownMemberId, member_id)
        }
    }
}

/// Kafka's `validateExistingMember`: a static member must present the member id its instance id
/// currently maps to (else FENCED_INSTANCE_ID); a dynamic one must be a member.
pub(crate) fn validate_existing_member(
    group: &ClassicGroup,
    member_id: &str,
    group_instance_id: Option<&str>,
) -> Result<(), ErrorCode> {
    match group_instance_id {
        None if group.members.contains_key(member_id) => Ok(()),
        None => Err(ErrorCode::UnknownMemberId),
        Some(instance) => match group.static_members.get(instance) {
            None => Err(ErrorCode::UnknownMemberId),
            Some(current) if current != member_id => Err(ErrorCode::FencedInstanceId),
            Some(_) => Ok(()),
        },
    }
}

fn current_generation_response(
    group: &ClassicGroup,
    member_id: &str,
    with_members: bool,
) -> JoinGroupResponse {
    JoinGroupResponse {
        error_code: ErrorCode::None,
        generation_id: group.generation,
        protocol_type: group.protocol_type.clone(),
        protocol_name: group.protocol_name.clone(),
        leader: group.leader.clone().unwrap_or_default(),
        skip_assignment: false,
        member_id: member_id.to_string(),
        members: if with_members {
            group.join_members()
        } else {
            Vec::new()
        },
    }
}

/// Takes the member's new protocols and timeouts, and marks it as awaiting join with `token`.
fn update_member(
    ctx: &mut Ctx<'_>,
    group: &mut ClassicGroup,
    member_id: &str,
    request: &JoinGroupRequest,
    token: RequestToken,
) {
    let Some(member) = group.members.get_mut(member_id) else {
        return;
    };
    member.protocols = request.protocols.clone();
    member.rebalance_timeout_ms = request.rebalance_timeout_ms;
    member.session_timeout_ms = request.session_timeout_ms;
    if let Some(superseded) = member.awaiting_join.replace(token) {
        // A second JoinGroup replaces the first; the first must still get an answer.
        ctx.complete_join(
            superseded,
            JoinGroupResponse::error(ErrorCode::RebalanceInProgress, member_id),
        );
    }
}

fn add_member_and_rebalance(
    ctx: &mut Ctx<'_>,
    group: &mut ClassicGroup,
    token: RequestToken,
    request: &JoinGroupRequest,
    member_id: &str,
) {
    let member = Member {
        id: member_id.to_string(),
        group_instance_id: request.group_instance_id.clone(),
        client_id: request.client_id.clone(),
        client_host: request.client_host.clone(),
        rebalance_timeout_ms: request.rebalance_timeout_ms,
        session_timeout_ms: request.session_timeout_ms,
        protocol_type: request.protocol_type.clone(),
        protocols: request.protocols.clone(),
        assignment: Vec::new(),
        awaiting_join: Some(token),
        awaiting_sync: None,
        is_new: true,
    };
    if group.state == GroupState::PreparingRebalance && group.initial_join.is_some() {
        group.new_member_added = true;
    }
    group.add(member);
    ctx.schedule_heartbeat(&group.id, member_id, ctx.config.new_member_join_timeout_ms);
    match &request.group_instance_id {
        Some(instance) => {
            group
                .static_members
                .insert(instance.clone(), member_id.to_string());
        }
        None => {
            group.pending_members.remove(member_id);
        }
    }
    maybe_prepare_rebalance_or_complete_join(ctx, group);
}

/// KIP-345: a static member restarting under a new member id takes over the old member. Its old
/// pending requests are fenced. In a Stable group whose selected protocol would not change, it
/// gets the current generation and its old assignment back without a rebalance.
fn replace_static_member_then_rebalance_or_complete_join(
    ctx: &mut Ctx<'_>,
    group: &mut ClassicGroup,
    token: RequestToken,
    request: &JoinGroupRequest,
    old_id: &str,
    new_id: &str,
) {
    let leader_before = group.leader.clone().unwrap_or_default();
    replace_static_member(ctx, group, old_id, new_id);
    update_member(ctx, group, new_id, request, token);
    match group.state {
        GroupState::Stable if group.select_protocol() == group.protocol_name => {
            rebalance::emit_snapshot(ctx, group);
            let response =
                static_rejoin_response(group, new_id, leader_before, request.api_version);
            if let Some(token) = group
                .members
                .get_mut(new_id)
                .and_then(|m| m.awaiting_join.take())
            {
                ctx.complete_join(token, response);
            }
        }
        GroupState::Stable => maybe_prepare_rebalance_or_complete_join(ctx, group),
        GroupState::CompletingRebalance => rebalance::prepare_rebalance(ctx, group),
        GroupState::PreparingRebalance => rebalance::maybe_complete_join_phase(ctx, group),
        GroupState::Empty | GroupState::Dead => {}
    }
}

/// From JoinGroup v9 (KIP-814) a static leader is told it leads but must skip the assignment;
/// older clients are told the previous leader id so that they do not run the assignor.
fn static_rejoin_response(
    group: &ClassicGroup,
    new_id: &str,
    leader_before: String,
    api_version: i16,
) -> JoinGroupResponse {
    if api_version >= SKIP_ASSIGNMENT_VERSION_MIN {
        let is_leader = group.is_leader(new_id);
        let mut response = current_generation_response(group, new_id, is_leader);
        response.skip_assignment = is_leader;
        response
    } else {
        let mut response = current_generation_response(group, new_id, false);
        response.leader = leader_before;
        response
    }
}

fn replace_static_member(ctx: &mut Ctx<'_>, group: &mut ClassicGroup, old_id: &str, new_id: &str) {
    let Some(mut member) = group.members.remove(old_id) else {
        return;
    };
    if let Some(old_token) = member.awaiting_join.take() {
        ctx.complete_join(
            old_token,
            JoinGroupResponse::error(ErrorCode::FencedInstanceId, old_id),
        );
    }
    if let Some(old_token) = member.awaiting_sync.take() {
        ctx.complete_sync(
            old_token,
            SyncGroupResponse::error(ErrorCode::FencedInstanceId),
        );
    }
    member.id = new_id.to_string();
    if let Some(instance) = &member.group_instance_id {
        group
            .static_members
            .insert(instance.clone(), new_id.to_string());
    }
    let session_timeout_ms = member.session_timeout_ms;
    group.members.insert(new_id.to_string(), member);
    if group.is_leader(old_id) {
        group.leader = Some(new_id.to_string());
    }
    if group.pending_sync.remove(old_id) {
        group.pending_sync.insert(new_id.to_string());
    }
    ctx.timers.cancel(&TimerKey::Heartbeat {
        group_id: group.id.clone(),
        member_id: old_id.to_string(),
    });
    ctx.schedule_heartbeat(&group.id, new_id, session_timeout_ms);
}
