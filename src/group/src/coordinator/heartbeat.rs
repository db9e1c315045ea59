//! Heartbeat (Kafka's `classicGroupHeartbeat`): keeps a member's session alive and tells it when a
//! rebalance is under way.

use model::ErrorCode;

use super::join::validate_existing_member;
use super::{group_id_error, GroupCoordinator};
use crate::api::HeartbeatRequest;
use crate::group::GroupState;

impl GroupCoordinator {
    pub fn heartbeat(&mut self, request: &HeartbeatRequest, now_ms: i64) -> ErrorCode {
        if !self.loaded {
            return ErrorCode::CoordinatorLoadInProgress;
        }
        if let Some(error) = group_id_error(&request.group_id) {
            return error;
        }
        let Some(group) = self.groups.get(&request.group_id) else {
            return ErrorCode::UnknownMemberId;
        };
        let member_id = request.member_id.as_str();
        if let Err(error) =
            validate_existing_member(group, member_id, request.group_instance_id.as_deref())
        {
            return error;
        }
        if request.generation_id != group.generation {
            return ErrorCode::IllegalGeneration;
        }
        let answer = match group.state {
            GroupState::Empty | GroupState::Dead => return ErrorCode::UnknownMemberId,
            GroupState::PreparingRebalance => ErrorCode::RebalanceInProgress,
            // Members may heartbeat between their JoinGroup and SyncGroup responses.
            GroupState::CompletingRebalance | GroupState::Stable => ErrorCode::None,
        };
        let Some(member) = group.members.get(member_id) else {
            return ErrorCode::UnknownMemberId;
        };
        let key = crate::timers::TimerKey::Heartbeat {
            group_id: group.id.clone(),
            member_id: member_id.to_string(),
        };
        self.timers.schedule(
            key,
            now_ms.saturating_add(i64::from(member.session_timeout_ms)),
        );
        answer
    }
}
