//! Consumer-group members leaving (ConsumerGroupHeartbeat with epoch -1 or -2), being fenced
//! (session expiry, a revocation not done within the rebalance timeout), and their timers.

use model::ErrorCode;

use super::consumer_heartbeat::{fail, static_member_checked, unknown_member, Failure};
use super::GroupCoordinator;
use crate::api::{
    ConsumerGroupHeartbeatRequest, ConsumerGroupHeartbeatResponse, Effects,
    LEAVE_GROUP_STATIC_MEMBER_EPOCH,
};
use crate::consumer_record::{
    Assignment, ConsumerGroupMetadataValue, ConsumerRecord, CurrentAssignmentValue,
};
use crate::timers::TimerKey;

impl GroupCoordinator {
    /// Kafka's `removeMember`: tombstones in this order.
    pub(crate) fn remove_member_records(
        &mut self,
        group_id: &str,
        member_id: &str,
        fx: &mut Effects,
    ) {
        let g = || group_id.to_string();
        let m = || member_id.to_string();
        self.emit_consumer(
            fx,
            ConsumerRecord::CurrentMemberAssignment {
                group_id: g(),
                member_id: m(),
                value: None,
            },
        );
        self.emit_consumer(
            fx,
            ConsumerRecord::TargetAssignmentMember {
                group_id: g(),
                member_id: m(),
                value: None,
            },
        );
        self.emit_consumer(
            fx,
            ConsumerRecord::MemberMetadata {
                group_id: g(),
                member_id: m(),
                value: None,
            },
        );
    }

    /// Leave (-1) or a static member's temporary leave (-2).
    pub(crate) fn consumer_leave(
        &mut self,
        request: &ConsumerGroupHeartbeatRequest,
        fx: &mut Effects,
    ) -> Result<ConsumerGroupHeartbeatResponse, Failure> {
        let group_id = request.group_id.as_str();
        self.consumer_group_kind(group_id, false)?;
        let Some(group) = self.consumer_group(group_id) else {
            return fail(
                ErrorCode::GroupIdNotFound,
                format!("Consumer group {group_id} not found."),
            );
        };
        let member_id = match &request.instance_id {
            None => {
                if !group.members.contains_key(&request.member_id) {
                    return unknown_member(&request.member_id, group_id);
                }
                request.member_id.clone()
            }
            Some(instance) => static_member_checked(group, instance, request)?,
        };
        let response = |member_epoch| ConsumerGroupHeartbeatResponse {
            error_code: ErrorCode::None,
            error_message: None,
            member_id: Some(member_id.clone()),
            member_epoch,
            heartbeat_interval_ms: 0,
            assignment: None,
        };
        if request.member_epoch == LEAVE_GROUP_STATIC_MEMBER_EPOCH {
            let leaving = CurrentAssignmentValue {
                member_epoch: LEAVE_GROUP_STATIC_MEMBER_EPOCH,
                partitions_pending_revocation: Assignment::new(),
                ..group.current_of(&member_id)
            };
            self.emit_consumer(
                fx,
                ConsumerRecord::CurrentMemberAssignment {
                    group_id: group_id.to_string(),
                    member_id: member_id.clone(),
                    value: Some(leaving),
                },
            );
            self.cancel_revocation(group_id, &member_id);
            return Ok(response(LEAVE_GROUP_STATIC_MEMBER_EPOCH));
        }
        self.fence_consumer_member(group_id, &member_id, fx);
        Ok(response(request.member_epoch))
    }

    /// Kafka's `consumerGroupFenceMember`: removes the member and bumps the group epoch. The
    /// metadata hash is kept: timers have no topic view, and the next heartbeat recomputes it.
    pub(crate) fn fence_consumer_member(
        &mut self,
        group_id: &str,
        member_id: &str,
        fx: &mut Effects,
    ) {
        self.remove_member_records(group_id, member_id, fx);
        if let Some(group) = self.consumer_group(group_id) {
            let value = ConsumerGroupMetadataValue {
                epoch: group.epoch.saturating_add(1),
                metadata_hash: group.metadata_hash,
            };
            self.emit_consumer(
                fx,
                ConsumerRecord::GroupMetadata {
                    group_id: group_id.to_string(),
                    value: Some(value),
                },
            );
        }
        self.cancel_consumer_timers(group_id, member_id);
    }

    pub(crate) fn schedule_consumer_session(
        &mut self,
        group_id: &str,
        member_id: &str,
        now_ms: i64,
    ) {
        let key = TimerKey::ConsumerSession {
            group_id: group_id.to_string(),
            member_id: member_id.to_string(),
        };
        let timeout_ms = i64::from(self.config.consumer_session_timeout_ms_of(group_id));
        self.timers.schedule(key, now_ms.saturating_add(timeout_ms));
    }

    pub(crate) fn schedule_revocation(
        &mut self,
        group_id: &str,
        member_id: &str,
        member_epoch: i32,
        deadline_ms: i64,
    ) {
        let key = TimerKey::ConsumerRevocation {
            group_id: group_id.to_string(),
            member_id: member_id.to_string(),
        };
        self.timers.schedule(key, deadline_ms);
        self.revocation_epochs
            .insert((group_id.to_string(), member_id.to_string()), member_epoch);
    }

    pub(crate) fn cancel_revocation(&mut self, group_id: &str, member_id: &str) {
        self.timers.cancel(&TimerKey::ConsumerRevocation {
            group_id: group_id.to_string(),
            member_id: member_id.to_string(),
        });
        self.revocation_epochs
            .remove(&(group_id.to_string(), member_id.to_string()));
    }

    pub(crate) fn cancel_consumer_timers(&mut self, group_id: &str, member_id: &str) {
        self.timers.cancel(&TimerKey::ConsumerSession {
            group_id: group_id.to_string(),
            member_id: member_id.to_string(),
        });
        self.cancel_revocation(group_id, member_id);
    }

    /// A consumer-group timer fired.
    pub(crate) fn on_consumer_timer(&mut self, key: &TimerKey, fx: &mut Effects) {
        match key {
            TimerKey::ConsumerSession {
                group_id,
                member_id,
            } => {
                let exists = self
                    .consumer_group(group_id)
                    .is_some_and(|g| g.members.contains_key(member_id));
                if exists {
                    self.fence_consumer_member(group_id, member_id, fx);
                }
            }
            TimerKey::ConsumerRevocation {
                group_id,
                member_id,
            } => {
                let expected = self
                    .revocation_epochs
                    .remove(&(group_id.clone(), member_id.clone()));
                let still_in_epoch = self.consumer_group(group_id).is_some_and(|g| {
                    g.members.contains_key(member_id) && Some(g.member_epoch(member_id)) == expected
                });
                if still_in_epoch {
                    self.fence_consumer_member(group_id, member_id, fx);
                }
            }
            _ => {}
        }
    }
}
