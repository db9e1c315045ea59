//! ListGroups, DescribeGroups and DeleteGroups.

use model::ErrorCode;

use super::offsets::{cancel_group_timers, offset_tombstone};
use super::{group_id_error, Ctx, GroupCoordinator};
use crate::api::{DescribedGroup, DescribedMember, Effects, ListGroupsRequest, ListedGroup};
use crate::consumer::state::ConsumerGroupStatus;
use crate::group::{ClassicGroup, GroupState, CLASSIC_GROUP_TYPE};
use crate::record::GroupRecord;

/// From DescribeGroups v6 an unknown group is GROUP_ID_NOT_FOUND (KIP-1043); before, it is
/// described as Dead with no error.
const GROUP_ID_NOT_FOUND_DESCRIBE_VERSION_MIN: i16 = 6;

impl GroupCoordinator {
    pub fn list_groups(&self, request: &ListGroupsRequest) -> Result<Vec<ListedGroup>, ErrorCode> {
        if !self.loaded {
            return Err(ErrorCode::CoordinatorLoadInProgress);
        }
        let matches = |filter: &[String], value: &str| {
            filter.is_empty() || filter.iter().any(|f| f.eq_ignore_ascii_case(value))
        };
        let mut listed: Vec<ListedGroup> = self
            .groups
            .values()
            .filter(|g| matches(&request.states_filter, g.state.name()))
            .filter(|_| matches(&request.types_filter, CLASSIC_GROUP_TYPE))
            .map(|g| ListedGroup {
                group_id: g.id.clone(),
                protocol_type: g.protocol_type.clone().unwrap_or_default(),
                group_state: g.state.name().to_string(),
                group_type: CLASSIC_GROUP_TYPE.to_string(),
            })
            .collect();
        listed.extend(self.list_consumer_groups(request));
        listed.sort_by(|a, b| a.group_id.cmp(&b.group_id));
        Ok(listed)
    }

    pub fn describe_groups(&self, group_ids: &[String], api_version: i16) -> Vec<DescribedGroup> {
        group_ids
            .iter()
            .map(|id| self.describe_group(id, api_version))
            .collect()
    }

    fn describe_group(&self, group_id: &str, api_version: i16) -> DescribedGroup {
        let error = if !self.loaded {
            Some(ErrorCode::CoordinatorLoadInProgress)
        } else {
            group_id_error(group_id)
        };
        if let Some(error) = error {
            return dead_group(group_id, error);
        }
        match self.groups.get(group_id) {
            Some(group) => describe(group),
            None if api_version >= GROUP_ID_NOT_FOUND_DESCRIBE_VERSION_MIN => {
                dead_group(group_id, ErrorCode::GroupIdNotFound)
            }
            None => dead_group(group_id, ErrorCode::None),
        }
    }

    /// Deletes Empty groups with their offsets (tombstones for both).
    pub fn delete_groups(
        &mut self,
        group_ids: &[String],
        now_ms: i64,
        fx: &mut Effects,
    ) -> Vec<(String, ErrorCode)> {
        group_ids
            .iter()
            .map(|id| (id.clone(), self.delete_group(id, now_ms, fx)))
            .collect()
    }

    fn delete_group(&mut self, group_id: &str, now_ms: i64, fx: &mut Effects) -> ErrorCode {
        if !self.loaded {
            return ErrorCode::CoordinatorLoadInProgress;
        }
        if let Some(error) = group_id_error(group_id) {
            return error;
        }
        if let Some(group) = self.consumer_group(group_id) {
            if group.status() != ConsumerGroupStatus::Empty {
                return ErrorCode::NonEmptyGroup;
            }
            // Kafka's order: the offsets, then the group.
            let (_, mut ctx) = self.parts(now_ms, fx);
            delete_all_offsets(&mut ctx, group_id);
            self.write_consumer_group_tombstones(group_id, fx);
            return ErrorCode::None;
        }
        let (groups, mut ctx) = self.parts(now_ms, fx);
        match groups.get(group_id).map(|g| g.state) {
            None | Some(GroupState::Dead) => return ErrorCode::GroupIdNotFound,
            Some(GroupState::Empty) => {}
            Some(_) => return ErrorCode::NonEmptyGroup,
        }
        delete_all_offsets(&mut ctx, group_id);
        ctx.emit(GroupRecord::GroupMetadata {
            group_id: group_id.to_string(),
            value: None,
        });
        if let Some(group) = groups.remove(group_id) {
            cancel_group_timers(&mut ctx, &group);
        }
        ErrorCode::None
    }
}

fn delete_all_offsets(ctx: &mut Ctx<'_>, group_id: &str) {
    let committed: Vec<(String, i32)> = ctx
        .durable
        .group_offsets(group_id)
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default();
    for (topic, partition) in committed {
        ctx.emit(offset_tombstone(group_id, &topic, partition));
    }
}

fn dead_group(group_id: &str, error_code: ErrorCode) -> DescribedGroup {
    DescribedGroup {
        error_code,
        group_id: group_id.to_string(),
        group_state: GroupState::Dead.name().to_string(),
        protocol_type: String::new(),
        protocol_data: String::new(),
        members: Vec::new(),
    }
}

/// Metadata and assignments are shown only for a Stable group, as in Kafka.
fn describe(group: &ClassicGroup) -> DescribedGroup {
    let stable = group.state == GroupState::Stable;
    let protocol = group.protocol_name.clone().unwrap_or_default();
    let members = group
        .members
        .values()
        .map(|m| DescribedMember {
            member_id: m.id.clone(),
            group_instance_id: m.group_instance_id.clone(),
            client_id: m.client_id.clone(),
            client_host: m.client_host.clone(),
            metadata: if stable {
                m.metadata(&protocol)
            } else {
                Vec::new()
            },
            assignment: if stable {
                m.assignment.clone()
            } else {
                Vec::new()
            },
        })
        .collect();
    DescribedGroup {
        error_code: ErrorCode::None,
        group_id: group.id.clone(),
        group_state: group.state.name().to_string(),
        protocol_type: group.protocol_type.clone().unwrap_or_default(),
        protocol_data: if stable { protocol } else { String::new() },
        members,
    }
}
