//! ConsumerGroupDescribe, and what the classic admin and offset APIs do with a consumer group:
//! listing, deletion, offset-commit validation (Kafka's `ConsumerGroup.validateOffset*`) and
//! offset expiry.

use model::ErrorCode;

use super::consumer_heartbeat::{fail, Failure};
use super::offsets::{delete_topic_offsets, is_expired, offset_tombstone, ExpiryBase};
use super::GroupCoordinator;
use crate::api::{
    DescribedConsumerGroup, DescribedConsumerMember, DescribedTopicPartitions, Effects,
    ListGroupsRequest, ListedGroup, OffsetCommitRequest, OffsetDeleteRequest, TopicResults,
};
use crate::consumer::state::{ConsumerGroupState, ConsumerGroupStatus};
use crate::consumer::topics::{RegexCache, TopicsView};
use crate::consumer_record::{Assignment, ConsumerRecord};
use crate::group::CONSUMER_PROTOCOL_TYPE;

/// ListGroups/DescribeGroups type of KIP-848 groups.
pub(crate) const CONSUMER_GROUP_TYPE: &str = "consumer";
/// First OffsetCommit version a consumer-protocol member may use (it carries the member epoch).
const MEMBER_EPOCH_COMMIT_VERSION_MIN: i16 = 9;

impl GroupCoordinator {
    /// ConsumerGroupDescribe v0–1. Topic names come from `topics`; partitions of topics it does
    /// not know are left out, as Kafka does.
    pub fn consumer_group_describe(
        &self,
        group_ids: &[String],
        topics: &TopicsView,
    ) -> Vec<DescribedConsumerGroup> {
        group_ids
            .iter()
            .map(|id| self.describe_consumer_group(id, topics))
            .collect()
    }

    fn describe_consumer_group(
        &self,
        group_id: &str,
        topics: &TopicsView,
    ) -> DescribedConsumerGroup {
        let failed = |code, message: String| DescribedConsumerGroup {
            error_code: code,
            error_message: Some(message),
            group_id: group_id.to_string(),
            group_state: String::new(),
            group_epoch: 0,
            assignment_epoch: 0,
            assignor_name: String::new(),
            members: Vec::new(),
        };
        if !self.loaded {
            let message = "The coordinator is loading.".to_string();
            return failed(ErrorCode::CoordinatorLoadInProgress, message);
        }
        let Some(group) = self.consumer_group(group_id) else {
            let message = if self.groups.contains_key(group_id) {
                format!("Group {group_id} is not a consumer group.")
            } else {
                format!("Group {group_id} not found.")
            };
            return failed(ErrorCode::GroupIdNotFound, message);
        };
        let empty = Assignment::new();
        let members = group
            .members
            .iter()
            .map(|(id, meta)| {
                let current = group.current_of(id);
                DescribedConsumerMember {
                    member_id: id.clone(),
                    instance_id: meta.instance_id.clone(),
                    rack_id: meta.rack_id.clone(),
                    member_epoch: current.member_epoch,
                    client_id: meta.client_id.clone(),
                    client_host: meta.client_host.clone(),
                    subscribed_topic_names: meta.subscribed_topic_names.clone(),
                    subscribed_topic_regex: meta.subscribed_topic_regex.clone(),
                    assignment: described(&current.assigned_partitions, topics),
                    target_assignment: described(group.target.get(id).unwrap_or(&empty), topics),
                }
            })
            .collect();
        DescribedConsumerGroup {
            error_code: ErrorCode::None,
            error_message: None,
            group_id: group_id.to_string(),
            group_state: group.status().name().to_string(),
            group_epoch: group.epoch,
            assignment_epoch: group.assignment_epoch,
            assignor_name: self.assignor_for(group).to_string(),
            members,
        }
    }

    /// The consumer groups ListGroups shows.
    pub(crate) fn list_consumer_groups(&self, request: &ListGroupsRequest) -> Vec<ListedGroup> {
        let matches = |filter: &[String], value: &str| {
            filter.is_empty() || filter.iter().any(|f| f.eq_ignore_ascii_case(value))
        };
        self.durable
            .consumer_groups
            .iter()
            .map(|(id, g)| (id, g.status().name()))
            .filter(|(_, state)| matches(&request.states_filter, state))
            .filter(|_| matches(&request.types_filter, CONSUMER_GROUP_TYPE))
            .map(|(id, state)| ListedGroup {
                group_id: id.clone(),
                protocol_type: CONSUMER_PROTOCOL_TYPE.to_string(),
                group_state: state.to_string(),
                group_type: CONSUMER_GROUP_TYPE.to_string(),
            })
            .collect()
    }

    /// Kafka's `ConsumerGroup.createGroupTombstoneRecords` (an Empty group has no members).
    pub(crate) fn write_consumer_group_tombstones(&mut self, group_id: &str, fx: &mut Effects) {
        let members: Vec<String> = self
            .consumer_group(group_id)
            .map(|g| g.members.keys().cloned().collect())
            .unwrap_or_default();
        for member_id in &members {
            self.remove_member_records(group_id, member_id, fx);
            self.cancel_consumer_timers(group_id, member_id);
        }
        let g = || group_id.to_string();
        self.emit_consumer(
            fx,
            ConsumerRecord::TargetAssignmentMetadata {
                group_id: g(),
                value: None,
            },
        );
        self.emit_consumer(
            fx,
            ConsumerRecord::GroupMetadata {
                group_id: g(),
                value: None,
            },
        );
    }

    /// Kafka's `ConsumerGroup.validateOffsetCommit` (non-transactional): `generation_id` is the
    /// member epoch.
    pub(crate) fn validate_consumer_commit(
        group: &ConsumerGroupState,
        request: &OffsetCommitRequest,
    ) -> Result<(), Failure> {
        if request.generation_id < 0 && group.members.is_empty() {
            return Ok(()); // an admin client or a consumer outside group management
        }
        if !group.members.contains_key(&request.member_id) {
            return fail(ErrorCode::UnknownMemberId, "");
        }
        if request.api_version < MEMBER_EPOCH_COMMIT_VERSION_MIN {
            return fail(ErrorCode::UnsupportedVersion, "");
        }
        if request.generation_id != group.member_epoch(&request.member_id) {
            return fail(ErrorCode::StaleMemberEpoch, "");
        }
        Ok(())
    }

    /// Kafka's `ConsumerGroup.validateOffsetFetch`: a member id and epoch, when given, must be
    /// the member's current ones.
    pub(crate) fn validate_consumer_offset_fetch(
        &self,
        group_id: &str,
        member_id: Option<&str>,
        member_epoch: i32,
    ) -> ErrorCode {
        let Some(group) = self.consumer_group(group_id) else {
            return ErrorCode::None; // not a consumer group: nothing to check
        };
        let Some(member_id) = member_id else {
            return if member_epoch < 0 {
                ErrorCode::None
            } else {
                ErrorCode::UnknownMemberId
            };
        };
        if !group.members.contains_key(member_id) {
            return ErrorCode::UnknownMemberId;
        }
        if group.member_epoch(member_id) != member_epoch {
            return ErrorCode::StaleMemberEpoch;
        }
        ErrorCode::None
    }
}

/// Is any member of the group subscribed to `topic`, by name or by pattern?
pub(crate) fn consumer_subscribed_to(
    group: &ConsumerGroupState,
    topic: &str,
    regexes: &mut RegexCache,
) -> bool {
    if group.subscribes_by_name(topic) {
        return true;
    }
    group.members.values().any(|m| {
        m.subscribed_topic_regex
            .as_deref()
            .is_some_and(|p| regexes.get(p).is_ok_and(|r| r.is_match(topic)))
    })
}

fn described(assignment: &Assignment, topics: &TopicsView) -> Vec<DescribedTopicPartitions> {
    assignment
        .iter()
        .filter_map(|(id, partitions)| {
            Some(DescribedTopicPartitions {
                topic_id: *id,
                topic_name: topics.name_of(id)?.to_string(),
                partitions: partitions.iter().copied().collect(),
            })
        })
        .collect()
}

impl GroupCoordinator {
    /// OffsetDelete on a consumer group: allowed in any state, but not for subscribed topics.
    pub(crate) fn consumer_offset_delete(
        &mut self,
        request: &OffsetDeleteRequest,
        now_ms: i64,
        fx: &mut Effects,
    ) -> Vec<TopicResults> {
        let Some(group) = self.durable.consumer_groups.get(&request.group_id) else {
            return Vec::new();
        };
        let subscribed: Vec<bool> = request
            .topics
            .iter()
            .map(|t| consumer_subscribed_to(group, &t.name, &mut self.regexes))
            .collect();
        let (_, mut ctx) = self.parts(now_ms, fx);
        request
            .topics
            .iter()
            .zip(subscribed)
            .map(|(topic, subscribed)| {
                delete_topic_offsets(&mut ctx, &request.group_id, topic, subscribed)
            })
            .collect()
    }

    /// Kafka's expiry for consumer groups: an offset of a topic no member subscribes to expires
    /// `offsets.retention.minutes` after its commit; an Empty group left without offsets is
    /// deleted.
    pub(crate) fn expire_consumer_group_offsets(&mut self, now_ms: i64, fx: &mut Effects) {
        let group_ids: Vec<String> = self.durable.consumer_groups.keys().cloned().collect();
        for group_id in group_ids {
            let mut expired = Vec::new();
            let mut all_expired = true;
            let retention_ms = self.config.offsets_retention_ms;
            let Some(group) = self.durable.consumer_groups.get(&group_id) else {
                continue;
            };
            for ((topic, partition), value) in
                self.durable.offsets.get(&group_id).into_iter().flatten()
            {
                if !consumer_subscribed_to(group, topic, &mut self.regexes)
                    && is_expired(value, &ExpiryBase::CommitTime, now_ms, retention_ms)
                {
                    expired.push(offset_tombstone(&group_id, topic, *partition));
                } else {
                    all_expired = false;
                }
            }
            let empty = group.status() == ConsumerGroupStatus::Empty;
            for record in expired {
                self.durable.replay(&record);
                fx.records.push(record);
            }
            if all_expired && empty {
                self.write_consumer_group_tombstones(&group_id, fx);
            }
        }
    }
}
