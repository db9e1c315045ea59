//! The classic rebalance state machine shared by the APIs and the timers (Kafka's
//! `prepareRebalance`, `maybeCompleteJoinPhase`, `completeClassicGroupJoin`, member expiry).

use model::ErrorCode;

use super::Ctx;
use crate::api::{JoinGroupResponse, SyncGroupResponse, UNKNOWN_MEMBER_ID};
use crate::group::{ClassicGroup, GroupState, InitialJoin};
use crate::record::GroupRecord;
use crate::timers::TimerKey;

/// Writes the group's current snapshot (members with their assignments).
pub(crate) fn emit_snapshot(ctx: &mut Ctx<'_>, group: &ClassicGroup) {
    ctx.emit(GroupRecord::GroupMetadata {
        group_id: group.id.clone(),
        value: Some(group.snapshot()),
    });
}

pub(crate) fn maybe_prepare_rebalance_or_complete_join(
    ctx: &mut Ctx<'_>,
    group: &mut ClassicGroup,
) {
    if group.can_rebalance() {
        prepare_rebalance(ctx, group);
    } else {
        maybe_complete_join_phase(ctx, group);
    }
}

pub(crate) fn prepare_rebalance(ctx: &mut Ctx<'_>, group: &mut ClassicGroup) {
    if group.state == GroupState::CompletingRebalance {
        reset_and_propagate_assignment_with_error(ctx, group, ErrorCode::RebalanceInProgress);
    }
    ctx.timers.cancel(&TimerKey::Sync {
        group_id: group.id.clone(),
    });
    group.pending_sync.clear();
    let initial = group.state == GroupState::Empty;
    group.transition(GroupState::PreparingRebalance, ctx.now_ms);
    let join_key = TimerKey::Join {
        group_id: group.id.clone(),
    };
    if initial {
        let delay_ms = ctx.config.initial_rebalance_delay_ms;
        let remaining_ms = group.rebalance_timeout_ms().saturating_sub(delay_ms).max(0);
        group.new_member_added = false;
        group.initial_join = Some(InitialJoin {
            delay_ms,
            remaining_ms,
        });
        ctx.timers
            .schedule(join_key, ctx.now_ms.saturating_add(i64::from(delay_ms)));
    } else {
        group.initial_join = None;
        if group.has_all_members_joined() {
            complete_join_phase(ctx, group);
        } else {
            ctx.timers.schedule(
                join_key,
                ctx.now_ms
                    .saturating_add(i64::from(group.rebalance_timeout_ms())),
            );
        }
    }
}

/// Completes the join phase early once everyone has rejoined, except during the initial delay.
pub(crate) fn maybe_complete_join_phase(ctx: &mut Ctx<'_>, group: &mut ClassicGroup) {
    if group.state == GroupState::PreparingRebalance
        && group.has_all_members_joined()
        && group.initial_join.is_none()
    {
        complete_join_phase(ctx, group);
    }
}

/// The join timer fired: extend the initial delay while members keep arriving, else complete.
pub(crate) fn on_join_timer(ctx: &mut Ctx<'_>, group: &mut ClassicGroup) {
    if let Some(InitialJoin {
        delay_ms,
        remaining_ms,
    }) = group.initial_join
    {
        if group.new_member_added && remaining_ms > 0 {
            // Kafka's tryCompleteInitialRebalanceElseSchedule.
            let next_delay_ms = ctx.config.initial_rebalance_delay_ms.min(remaining_ms);
            group.new_member_added = false;
            group.initial_join = Some(InitialJoin {
                delay_ms: next_delay_ms,
                remaining_ms: remaining_ms.saturating_sub(delay_ms).max(0),
            });
            let key = TimerKey::Join {
                group_id: group.id.clone(),
            };
            ctx.timers
                .schedule(key, ctx.now_ms.saturating_add(i64::from(next_delay_ms)));
            return;
        }
    }
    complete_join_phase(ctx, group);
}

pub(crate) fn complete_join_phase(ctx: &mut Ctx<'_>, group: &mut ClassicGroup) {
    if group.state != GroupState::PreparingRebalance {
        return;
    }
    ctx.timers.cancel(&TimerKey::Join {
        group_id: group.id.clone(),
    });
    // Static members that have not rejoined stay: they keep their place across restarts.
    let not_rejoined: Vec<String> = group
        .members
        .values()
        .filter(|m| m.awaiting_join.is_none() && m.group_instance_id.is_none())
        .map(|m| m.id.clone())
        .collect();
    for member_id in not_rejoined {
        remove_member(ctx, group, &member_id);
    }
    if !group.maybe_elect_new_joined_leader() && !group.members.is_empty() {
        // Nobody rejoined yet: wait for the session timeouts to remove the silent members.
        let key = TimerKey::Join {
            group_id: group.id.clone(),
        };
        ctx.timers.schedule(
            key,
            ctx.now_ms
                .saturating_add(i64::from(group.rebalance_timeout_ms())),
        );
        return;
    }
    group.initial_join = None;
    group.init_next_generation(ctx.now_ms);
    if group.state == GroupState::Empty {
        for member in group.members.values_mut() {
            member.assignment.clear();
        }
        emit_snapshot(ctx, group);
        return;
    }
    send_join_responses(ctx, group);
    let key = TimerKey::Sync {
        group_id: group.id.clone(),
    };
    ctx.timers.schedule(
        key,
        ctx.now_ms
            .saturating_add(i64::from(group.rebalance_timeout_ms())),
    );
}

fn send_join_responses(ctx: &mut Ctx<'_>, group: &mut ClassicGroup) {
    let leader_members = group.join_members();
    let member_ids: Vec<String> = group.members.keys().cloned().collect();
    for member_id in member_ids {
        let response = JoinGroupResponse {
            error_code: ErrorCode::None,
            generation_id: group.generation,
            protocol_type: group.protocol_type.clone(),
            protocol_name: group.protocol_name.clone(),
            leader: group.leader.clone().unwrap_or_default(),
            skip_assignment: false,
            member_id: member_id.clone(),
            members: if group.is_leader(&member_id) {
                leader_members.clone()
            } else {
                Vec::new()
            },
        };
        let Some(member) = group.members.get_mut(&member_id) else {
            continue;
        };
        member.is_new = false;
        let session_timeout_ms = member.session_timeout_ms;
        if let Some(token) = member.awaiting_join.take() {
            ctx.complete_join(token, response);
        }
        group.pending_sync.insert(member_id.clone());
        ctx.schedule_heartbeat(&group.id, &member_id, session_timeout_ms);
    }
}

/// Clears every assignment and answers waiting SyncGroups with `error`.
pub(crate) fn reset_and_propagate_assignment_with_error(
    ctx: &mut Ctx<'_>,
    group: &mut ClassicGroup,
    error: ErrorCode,
) {
    for member in group.members.values_mut() {
        member.assignment.clear();
        if let Some(token) = member.awaiting_sync.take() {
            ctx.complete_sync(token, SyncGroupResponse::error(error));
        }
    }
}

/// Removes a member and cancels its session timer; a request it still has pending is answered
/// with UNKNOWN_MEMBER_ID so that the caller never holds a token nobody will complete.
pub(crate) fn remove_member(ctx: &mut Ctx<'_>, group: &mut ClassicGroup, member_id: &str) {
    ctx.cancel_heartbeat(&group.id, member_id);
    let Some(mut member) = group.remove(member_id) else {
        return;
    };
    if let Some(token) = member.awaiting_join.take() {
        ctx.complete_join(
            token,
            JoinGroupResponse::error(ErrorCode::UnknownMemberId, UNKNOWN_MEMBER_ID),
        );
    }
    if let Some(token) = member.awaiting_sync.take() {
        ctx.complete_sync(token, SyncGroupResponse::error(ErrorCode::UnknownMemberId));
    }
}

/// Kafka's `removeMemberAndUpdateClassicGroup`: remove, then rebalance or finish the join phase.
pub(crate) fn remove_member_and_update_group(
    ctx: &mut Ctx<'_>,
    group: &mut ClassicGroup,
    member_id: &str,
) {
    remove_member(ctx, group, member_id);
    match group.state {
        GroupState::Stable | GroupState::CompletingRebalance => {
            maybe_prepare_rebalance_or_complete_join(ctx, group);
        }
        GroupState::PreparingRebalance => maybe_complete_join_phase(ctx, group),
        GroupState::Empty | GroupState::Dead => {}
    }
}

pub(crate) fn on_heartbeat_timer(ctx: &mut Ctx<'_>, group: &mut ClassicGroup, member_id: &str) {
    if group.pending_members.remove(member_id) {
        maybe_complete_join_phase(ctx, group);
        return;
    }
    let expired = group
        .members
        .get(member_id)
        .is_some_and(|m| !m.has_satisfied_heartbeat());
    if expired {
        remove_member_and_update_group(ctx, group, member_id);
    }
}

/// Members that never sent SyncGroup within the rebalance timeout are removed.
pub(crate) fn on_sync_timer(ctx: &mut Ctx<'_>, group: &mut ClassicGroup) {
    if !matches!(
        group.state,
        GroupState::CompletingRebalance | GroupState::Stable
    ) {
        return;
    }
    if group.pending_sync.is_empty() {
        return;
    }
    let late: Vec<String> = group.pending_sync.iter().cloned().collect();
    for member_id in late {
        remove_member(ctx, group, &member_id);
    }
    maybe_prepare_rebalance_or_complete_join(ctx, group);
}
