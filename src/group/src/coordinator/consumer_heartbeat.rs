//! ConsumerGroupHeartbeat (KIP-848, Kafka's `consumerGroupHeartbeat`): join, heartbeat and leave
//! of consumer-group members. One heartbeat (1) creates or updates the member and bumps the group
//! epoch when subscriptions or the subscribed topics' metadata changed, (2) computes a new target
//! assignment when the group epoch is ahead of it, (3) moves the member one step towards its
//! target (`consumer::reconcile`).
//!
//! Every check that can fail runs before the first record is emitted, so a failed heartbeat
//! changes nothing (Kafka drops the records of a failed operation the same way).

use std::collections::BTreeSet;

use model::ErrorCode;

use super::GroupCoordinator;
use crate::api::{
    ConsumerGroupHeartbeatRequest, ConsumerGroupHeartbeatResponse, Effects, OwnedPartitions,
    JOIN_GROUP_MEMBER_EPOCH, LEAVE_GROUP_MEMBER_EPOCH, LEAVE_GROUP_STATIC_MEMBER_EPOCH,
};
use crate::consumer::assignor::{self, MemberSpec};
use crate::consumer::reconcile;
use crate::consumer::state::ConsumerGroupState;
use crate::consumer::topics::{self, Resolver, Subscription, TopicsView};
use crate::consumer_record::{
    Assignment, ConsumerGroupMetadataValue, ConsumerMemberMetadataValue, ConsumerRecord,
    CurrentAssignmentValue, MemberState,
};
use crate::group::GroupState;
use crate::record::GroupRecord;

/// First ConsumerGroupHeartbeat version whose clients generate their member id (KIP-1082).
const CLIENT_MEMBER_ID_VERSION_MIN: i16 = 1;

/// An expected failure: a Kafka error code and Kafka's message.
pub(crate) struct Failure {
    pub(crate) code: ErrorCode,
    pub(crate) message: String,
}

pub(crate) fn fail<T>(code: ErrorCode, message: impl Into<String>) -> Result<T, Failure> {
    Err(Failure {
        code,
        message: message.into(),
    })
}

/// Who the heartbeat is from, decided before anything changes.
enum Resolved {
    New,
    Existing,
    /// A static member rejoining after a `-2` leave: takes over `old`'s assignment.
    ReplaceStatic {
        old: String,
    },
}

impl GroupCoordinator {
    pub fn consumer_group_heartbeat(
        &mut self,
        request: &ConsumerGroupHeartbeatRequest,
        topics: &TopicsView,
        now_ms: i64,
        fx: &mut Effects,
    ) -> ConsumerGroupHeartbeatResponse {
        let result = if !self.loaded {
            fail(
                ErrorCode::CoordinatorLoadInProgress,
                "The coordinator is loading.",
            )
        } else {
            self.validate_heartbeat(request)
                .and_then(|()| match request.member_epoch {
                    LEAVE_GROUP_MEMBER_EPOCH | LEAVE_GROUP_STATIC_MEMBER_EPOCH => {
                        self.consumer_leave(request, fx)
                    }
                    _ => self.consumer_join_or_heartbeat(request, topics, now_ms, fx),
                })
        };
        result.unwrap_or_else(|f| ConsumerGroupHeartbeatResponse::error(f.code, f.message))
    }

    /// Kafka's `throwIfConsumerGroupHeartbeatRequestIsInvalid`.
    fn validate_heartbeat(&mut self, r: &ConsumerGroupHeartbeatRequest) -> Result<(), Failure> {
        let invalid = |message: &str| fail(ErrorCode::InvalidRequest, message);
        if r.group_id.is_empty() {
            return invalid("GroupId can't be empty.");
        }
        if r.instance_id.as_deref() == Some("") {
            return invalid("InstanceId can't be empty.");
        }
        if r.rack_id.as_deref() == Some("") {
            return invalid("RackId can't be empty.");
        }
        let strings = [&r.group_id, &r.member_id, &r.client_id, &r.client_host]
            .into_iter()
            .chain(&r.instance_id)
            .chain(&r.rack_id)
            .chain(&r.subscribed_topic_regex)
            .chain(&r.server_assignor)
            .chain(r.subscribed_topic_names.iter().flatten());
        if !super::strings_fit(strings.map(String::as_str)) {
            return invalid("A string is longer than 32767 bytes.");
        }
        let names_given = r
            .subscribed_topic_names
            .as_ref()
            .is_some_and(|n| !n.is_empty());
        let regex_given = r
            .subscribed_topic_regex
            .as_ref()
            .is_some_and(|p| !p.is_empty());
        match r.member_epoch {
            e if e > 0 || e == LEAVE_GROUP_MEMBER_EPOCH => {
                if r.member_id.is_empty() {
                    return invalid("MemberId can't be empty.");
                }
            }
            JOIN_GROUP_MEMBER_EPOCH => {
                if r.member_id.is_empty() && r.api_version >= CLIENT_MEMBER_ID_VERSION_MIN {
                    return invalid("MemberId can't be empty.");
                }
                if r.rebalance_timeout_ms == -1 {
                    return invalid("RebalanceTimeoutMs must be provided in first request.");
                }
                if r.topic_partitions.as_ref().is_none_or(|t| !t.is_empty()) {
                    return invalid("TopicPartitions must be empty when (re-)joining.");
                }
                if !names_given && !regex_given {
                    return invalid("SubscribedTopicNames or SubscribedTopicRegex must be set in first request.");
                }
            }
            LEAVE_GROUP_STATIC_MEMBER_EPOCH => {
                if r.member_id.is_empty() {
                    return invalid("MemberId can't be empty.");
                }
                if r.instance_id.is_none() {
                    return invalid("InstanceId can't be null.");
                }
            }
            _ => return invalid("MemberEpoch is invalid."),
        }
        if let Some(assignor) = &r.server_assignor {
            if !self.config.consumer_assignors.contains(assignor) {
                return fail(
                    ErrorCode::UnsupportedAssignor,
                    format!(
                        "ServerAssignor {assignor} is not supported. Supported assignors: {}.",
                        self.config.consumer_assignors.join(", ")
                    ),
                );
            }
        }
        if let Some(pattern) = r
            .subscribed_topic_regex
            .as_deref()
            .filter(|p| !p.is_empty())
        {
            if let Err(error) = self.regexes.get(pattern) {
                return fail(
                    ErrorCode::InvalidRegularExpression,
                    format!("SubscribedTopicRegex `{pattern}` is not a valid regular expression: {error}."),
                );
            }
        }
        Ok(())
    }

    /// Kafka's `getOrMaybeCreateConsumerGroup`, read-only: `Ok(true)` when an empty classic group
    /// of that id must be deleted first.
    pub(crate) fn consumer_group_kind(
        &self,
        group_id: &str,
        create: bool,
    ) -> Result<bool, Failure> {
        if self.durable.consumer_groups.contains_key(group_id) {
            return Ok(false);
        }
        match self.groups.get(group_id) {
            Some(classic) if create && classic.state == GroupState::Empty => Ok(true),
            Some(_) => fail(
                ErrorCode::GroupIdNotFound,
                format!("Group {group_id} is not a consumer group."),
            ),
            None if create => Ok(false),
            None => fail(
                ErrorCode::GroupIdNotFound,
                format!("Consumer group {group_id} not found."),
            ),
        }
    }

    fn consumer_join_or_heartbeat(
        &mut self,
        request: &ConsumerGroupHeartbeatRequest,
        topics: &TopicsView,
        now_ms: i64,
        fx: &mut Effects,
    ) -> Result<ConsumerGroupHeartbeatResponse, Failure> {
        let group_id = request.group_id.as_str();
        let create = request.member_epoch == JOIN_GROUP_MEMBER_EPOCH;
        let delete_classic = self.consumer_group_kind(group_id, create)?;
        let group = self.durable.consumer_groups.get(group_id);
        let size = group.map_or(0, |g| g.members.len());
        let known = group.is_some_and(|g| g.members.contains_key(&request.member_id));
        if size >= self.config.consumer_group_size_max && (request.member_id.is_empty() || !known) {
            return fail(
                ErrorCode::GroupMaxSizeReached,
                format!(
                    "The consumer group has reached its maximum capacity of {} members.",
                    self.config.consumer_group_size_max
                ),
            );
        }
        let member_id = match request.member_id.as_str() {
            "" => self.member_ids.uuid_string(),
            id => id.to_string(),
        };
        let resolved = resolve_member(group, group_id, &member_id, request)?;
        // Nothing fails from here on.
        if delete_classic {
            self.delete_empty_classic_group(group_id, fx);
        }
        let (old_meta, old_current) = self.take_over(group_id, &member_id, &resolved, fx);
        let meta = updated_metadata(&old_meta, request);
        let mut bump = false;
        if matches!(resolved, Resolved::New) || meta != old_meta {
            bump = meta.subscribed_topic_names != old_meta.subscribed_topic_names
                || meta.subscribed_topic_regex != old_meta.subscribed_topic_regex;
            self.emit_consumer(
                fx,
                ConsumerRecord::MemberMetadata {
                    group_id: group_id.to_string(),
                    member_id: member_id.clone(),
                    value: Some(meta.clone()),
                },
            );
        }
        self.maybe_bump_epoch(group_id, topics, bump, fx);
        if self
            .consumer_group(group_id)
            .is_some_and(|g| g.epoch > g.assignment_epoch)
        {
            self.update_target_assignment(group_id, topics, fx);
        }
        let current = self.reconcile_member(group_id, &member_id, request, now_ms, fx);
        self.schedule_consumer_session(group_id, &member_id, now_ms);
        let full_request = request.member_epoch == JOIN_GROUP_MEMBER_EPOCH
            || (request.rebalance_timeout_ms != -1
                && (request.subscribed_topic_names.is_some()
                    || request.subscribed_topic_regex.is_some())
                && request.topic_partitions.is_some());
        let changed = current.assigned_partitions != old_current.assigned_partitions;
        Ok(ConsumerGroupHeartbeatResponse {
            error_code: ErrorCode::None,
            error_message: None,
            member_id: Some(member_id),
            member_epoch: current.member_epoch,
            heartbeat_interval_ms: self.config.consumer_heartbeat_interval_ms_of(group_id),
            assignment: (full_request || changed).then(|| owned_list(&current.assigned_partitions)),
        })
    }

    pub(crate) fn consumer_group(&self, group_id: &str) -> Option<&ConsumerGroupState> {
        self.durable.consumer_groups.get(group_id)
    }

    /// Applies a consumer-group record and hands it to the caller.
    pub(crate) fn emit_consumer(&mut self, fx: &mut Effects, record: ConsumerRecord) {
        let record = GroupRecord::Consumer(record);
        self.durable.replay(&record);
        fx.records.push(record);
    }

    /// Kafka's `maybeDeleteEmptyClassicGroup`: a consumer group may take over the id of an
    /// empty classic group (its committed offsets stay).
    fn delete_empty_classic_group(&mut self, group_id: &str, fx: &mut Effects) {
        let record = GroupRecord::GroupMetadata {
            group_id: group_id.to_string(),
            value: None,
        };
        self.durable.replay(&record);
        fx.records.push(record);
        if let Some(group) = self.groups.remove(group_id) {
            let (_, mut ctx) = self.parts(0, fx);
            super::offsets::cancel_group_timers(&mut ctx, &group);
        }
    }

    /// The member as it was before this heartbeat; for a static member's replacement, writes
    /// the records that move the old member's subscription and assignments to the new id.
    fn take_over(
        &mut self,
        group_id: &str,
        member_id: &str,
        resolved: &Resolved,
        fx: &mut Effects,
    ) -> (ConsumerMemberMetadataValue, CurrentAssignmentValue) {
        let Some(group) = self.consumer_group(group_id) else {
            return Default::default();
        };
        let old = match resolved {
            Resolved::New => return Default::default(),
            Resolved::Existing => {
                let meta = group.members.get(member_id).cloned().unwrap_or_default();
                return (meta, group.current_of(member_id));
            }
            Resolved::ReplaceStatic { old } => old.clone(),
        };
        let meta = group.members.get(&old).cloned().unwrap_or_default();
        let target = group.target.get(&old).cloned().unwrap_or_default();
        let current = CurrentAssignmentValue {
            member_epoch: 0,
            previous_member_epoch: 0,
            ..group.current_of(&old)
        };
        self.remove_member_records(group_id, &old, fx);
        self.cancel_consumer_timers(group_id, &old);
        let g = || group_id.to_string();
        let m = || member_id.to_string();
        self.emit_consumer(
            fx,
            ConsumerRecord::MemberMetadata {
                group_id: g(),
                member_id: m(),
                value: Some(meta.clone()),
            },
        );
        self.emit_consumer(
            fx,
            ConsumerRecord::TargetAssignmentMember {
                group_id: g(),
                member_id: m(),
                value: Some(target),
            },
        );
        self.emit_consumer(
            fx,
            ConsumerRecord::CurrentMemberAssignment {
                group_id: g(),
                member_id: m(),
                value: Some(current.clone()),
            },
        );
        (meta, current)
    }

    /// Bumps the group epoch when asked to, or when the subscribed topics' metadata changed.
    fn maybe_bump_epoch(
        &mut self,
        group_id: &str,
        topics: &TopicsView,
        bump: bool,
        fx: &mut Effects,
    ) {
        let Some(group) = self.durable.consumer_groups.get(group_id) else {
            return;
        };
        let subscribed = subscribed_topics(group, topics, &mut self.regexes);
        let hash = topics::metadata_hash(&subscribed, topics);
        if bump || hash != group.metadata_hash {
            let value = ConsumerGroupMetadataValue {
                epoch: group.epoch.saturating_add(1),
                metadata_hash: hash,
            };
            self.emit_consumer(
                fx,
                ConsumerRecord::GroupMetadata {
                    group_id: group_id.to_string(),
                    value: Some(value),
                },
            );
        }
    }

    /// Kafka's `TargetAssignmentBuilder`: runs the group's assignor and writes the members whose
    /// target changed, then the new assignment epoch.
    fn update_target_assignment(&mut self, group_id: &str, topics: &TopicsView, fx: &mut Effects) {
        let Some(group) = self.durable.consumer_groups.get(group_id) else {
            return;
        };
        let assignor_name = self.assignor_for(group).to_string();
        let mut partitions_by_topic = std::collections::BTreeMap::new();
        let mut specs = Vec::with_capacity(group.members.len());
        let mut resolver = Resolver::new(topics, &mut self.regexes);
        for (id, meta) in &group.members {
            let mut names = BTreeSet::new();
            let subscription = Subscription {
                names: &meta.subscribed_topic_names,
                regex: meta.subscribed_topic_regex.as_deref(),
            };
            resolver.resolve(&subscription, &mut names);
            let mut ids = BTreeSet::new();
            for name in &names {
                if let Some(topic) = topics.get(name) {
                    partitions_by_topic.insert(topic.id, topic.partitions);
                    ids.insert(topic.id);
                }
            }
            specs.push(MemberSpec {
                id,
                instance_id: meta.instance_id.as_deref(),
                topics: ids,
                previous: group.target.get(id),
            });
        }
        let result = assignor::assign(&assignor_name, &specs, &partitions_by_topic);
        let epoch = group.epoch;
        let changed: Vec<(String, Assignment)> = result
            .into_iter()
            .filter(|(id, assignment)| group.target.get(id) != Some(assignment))
            .collect();
        for (member_id, assignment) in changed {
            self.emit_consumer(
                fx,
                ConsumerRecord::TargetAssignmentMember {
                    group_id: group_id.to_string(),
                    member_id,
                    value: Some(assignment),
                },
            );
        }
        self.emit_consumer(
            fx,
            ConsumerRecord::TargetAssignmentMetadata {
                group_id: group_id.to_string(),
                value: Some(epoch),
            },
        );
    }

    /// The assignor most members asked for if it is configured, else the configured default.
    pub(crate) fn assignor_for<'a>(&'a self, group: &'a ConsumerGroupState) -> &'a str {
        let configured = &self.config.consumer_assignors;
        group
            .preferred_assignor()
            .filter(|name| configured.iter().any(|c| c == name))
            .or(configured.first().map(String::as_str))
            .unwrap_or(assignor::UNIFORM_ASSIGNOR)
    }

    /// Kafka's `maybeReconcile`; returns the member's current assignment afterwards.
    fn reconcile_member(
        &mut self,
        group_id: &str,
        member_id: &str,
        request: &ConsumerGroupHeartbeatRequest,
        now_ms: i64,
        fx: &mut Effects,
    ) -> CurrentAssignmentValue {
        let Some(group) = self.durable.consumer_groups.get(group_id) else {
            return CurrentAssignmentValue::default();
        };
        let current = group.current_of(member_id);
        let target_epoch = group.assignment_epoch;
        if group.is_reconciled(member_id, target_epoch) {
            return current;
        }
        let empty = Assignment::new();
        let target = group.target.get(member_id).unwrap_or(&empty);
        let owned = request.topic_partitions.as_deref();
        let next = reconcile::next_assignment(group, &current, target_epoch, target, owned);
        if next == current {
            return current;
        }
        let rebalance_timeout_ms = group
            .members
            .get(member_id)
            .map_or(0, |m| m.rebalance_timeout_ms);
        self.emit_consumer(
            fx,
            ConsumerRecord::CurrentMemberAssignment {
                group_id: group_id.to_string(),
                member_id: member_id.to_string(),
                value: Some(next.clone()),
            },
        );
        if next.state == MemberState::UnrevokedPartitions {
            let deadline_ms = now_ms.saturating_add(i64::from(rebalance_timeout_ms));
            self.schedule_revocation(group_id, member_id, next.member_epoch, deadline_ms);
        } else {
            self.cancel_revocation(group_id, member_id);
        }
        next
    }
}

pub(crate) fn unknown_member<T>(member_id: &str, group_id: &str) -> Result<T, Failure> {
    fail(
        ErrorCode::UnknownMemberId,
        format!("Member {member_id} is not a member of group {group_id}."),
    )
}

/// The static member holding `instance`, which must be the requesting member.
pub(crate) fn static_member_checked(
    group: &ConsumerGroupState,
    instance: &str,
    request: &ConsumerGroupHeartbeatRequest,
) -> Result<String, Failure> {
    let Some(holder) = group.static_member(instance) else {
        return fail(
            ErrorCode::UnknownMemberId,
            format!("Instance id {instance} is unknown."),
        );
    };
    if holder != request.member_id {
        return fail(
            ErrorCode::FencedInstanceId,
            format!(
                "Static member {} with instance id {instance} was fenced by member {holder}.",
                request.member_id
            ),
        );
    }
    Ok(holder.to_string())
}

/// Kafka's `getOrMaybeSubscribe{Dynamic,Static}ConsumerGroupMember`, read-only.
fn resolve_member(
    group: Option<&ConsumerGroupState>,
    group_id: &str,
    member_id: &str,
    request: &ConsumerGroupHeartbeatRequest,
) -> Result<Resolved, Failure> {
    let create = request.member_epoch == JOIN_GROUP_MEMBER_EPOCH;
    let existing = group.filter(|g| g.members.contains_key(member_id));
    let resolved = match (&request.instance_id, group) {
        (Some(instance), Some(g)) if create => match g.static_member(instance) {
            Some(holder) if g.member_epoch(holder) != LEAVE_GROUP_STATIC_MEMBER_EPOCH => {
                return fail(
                    ErrorCode::UnreleasedInstanceId,
                    format!(
                        "Static member {member_id} with instance id {instance} cannot join the group because the instance id is owned by {holder} member."
                    ),
                );
            }
            Some(holder) => Resolved::ReplaceStatic {
                old: holder.to_string(),
            },
            None if existing.is_some() => Resolved::Existing,
            None => Resolved::New,
        },
        (Some(instance), Some(g)) => {
            static_member_checked(g, instance, request)?;
            Resolved::Existing
        }
        (Some(instance), None) if !create => {
            return fail(
                ErrorCode::UnknownMemberId,
                format!("Instance id {instance} is unknown."),
            );
        }
        (None, _) if existing.is_some() => Resolved::Existing,
        (_, _) if create => Resolved::New,
        _ => return unknown_member(member_id, group_id),
    };
    if let (Resolved::Existing, Some(g)) = (&resolved, group) {
        if request.instance_id.is_none() || !create {
            check_member_epoch(&g.current_of(member_id), request)?;
        }
    }
    Ok(resolved)
}

/// Kafka's `throwIfConsumerGroupMemberEpochIsInvalid`, plus the unknown-state check of
/// `CurrentAssignmentBuilder` (done here so that it fails before any record is written).
fn check_member_epoch(
    current: &CurrentAssignmentValue,
    request: &ConsumerGroupHeartbeatRequest,
) -> Result<(), Failure> {
    let received = request.member_epoch;
    let owned = request.topic_partitions.as_deref();
    if received > current.member_epoch {
        return fail(
            ErrorCode::FencedMemberEpoch,
            format!(
                "The consumer group member has a greater member epoch ({received}) than the one known by the group coordinator ({}). The member must abandon all its partitions and rejoin.",
                current.member_epoch
            ),
        );
    }
    if received < current.member_epoch
        && (received != current.previous_member_epoch
            || !is_subset(owned, &current.assigned_partitions))
    {
        return fail(
            ErrorCode::FencedMemberEpoch,
            format!(
                "The consumer group member has a smaller member epoch ({received}) than the one known by the group coordinator ({}). The member must abandon all its partitions and rejoin.",
                current.member_epoch
            ),
        );
    }
    let owns_nothing = owned.is_some_and(|o| o.iter().all(|t| t.partitions.is_empty()));
    if current.state == MemberState::Unknown && !owns_nothing {
        return fail(
            ErrorCode::FencedMemberEpoch,
            "The consumer group member is in a unknown state. The member must abandon all its partitions and rejoin.",
        );
    }
    Ok(())
}

/// Does the member own only partitions of `assigned`? Unknown (`None`) is not a subset.
fn is_subset(owned: Option<&[OwnedPartitions]>, assigned: &Assignment) -> bool {
    let Some(owned) = owned else {
        return false;
    };
    owned.iter().all(|t| match assigned.get(&t.topic_id) {
        Some(partitions) => t.partitions.iter().all(|p| partitions.contains(p)),
        None => false,
    })
}

/// The member with the request's non-null fields applied.
fn updated_metadata(
    old: &ConsumerMemberMetadataValue,
    r: &ConsumerGroupHeartbeatRequest,
) -> ConsumerMemberMetadataValue {
    let mut meta = old.clone();
    if let Some(instance) = &r.instance_id {
        meta.instance_id = Some(instance.clone());
    }
    if let Some(rack) = &r.rack_id {
        meta.rack_id = Some(rack.clone());
    }
    if r.rebalance_timeout_ms != -1 {
        meta.rebalance_timeout_ms = r.rebalance_timeout_ms;
    }
    if let Some(assignor) = &r.server_assignor {
        meta.server_assignor = Some(assignor.clone());
    }
    if let Some(names) = &r.subscribed_topic_names {
        let sorted: BTreeSet<&String> = names.iter().collect();
        meta.subscribed_topic_names = sorted.into_iter().cloned().collect();
    }
    if let Some(pattern) = &r.subscribed_topic_regex {
        meta.subscribed_topic_regex = Some(pattern.clone()).filter(|p| !p.is_empty());
    }
    meta.client_id = r.client_id.clone();
    meta.client_host = r.client_host.clone();
    meta
}

/// The existing topics the group's members subscribe to, by name or pattern.
pub(crate) fn subscribed_topics(
    group: &ConsumerGroupState,
    topics: &TopicsView,
    regexes: &mut topics::RegexCache,
) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut resolver = Resolver::new(topics, regexes);
    let names: Vec<String> = group.subscribed_names().map(str::to_string).collect();
    resolver.resolve(
        &Subscription {
            names: &names,
            regex: None,
        },
        &mut out,
    );
    for pattern in group.subscribed_patterns() {
        let subscription = Subscription {
            names: &[],
            regex: Some(pattern),
        };
        resolver.resolve(&subscription, &mut out);
    }
    out
}

pub(crate) fn owned_list(assignment: &Assignment) -> Vec<OwnedPartitions> {
    assignment
        .iter()
        .map(|(topic_id, partitions)| OwnedPartitions {
            topic_id: *topic_id,
            partitions: partitions.iter().copied().collect(),
        })
        .collect()
}
