//! OffsetCommit, OffsetFetch, OffsetDelete and offset expiry (Kafka's `OffsetMetadataManager`).
//! Committed offsets live only in the durable state: every change is a record.

use model::ErrorCode;

use super::join::validate_existing_member;
use super::{group_id_error, Ctx, GroupCoordinator};
use crate::api::{
    Effects, OffsetCommitPartition, OffsetCommitRequest, OffsetDeleteRequest, OffsetDeleteResponse,
    OffsetFetchPartition, OffsetFetchRequest, OffsetFetchResponse, OffsetFetchTopic,
    PartitionResult, TopicPartitions, TopicResults, DEFAULT_COMMIT_TIMESTAMP_MS,
    DEFAULT_RETENTION_TIME_MS,
};
use crate::config::STRING_BYTES_MAX;
use crate::durable::GroupOffsets;
use crate::group::{ClassicGroup, GroupState, CONSUMER_PROTOCOL_TYPE};
use crate::record::{GroupRecord, OffsetCommitKey, OffsetCommitValue};
use crate::timers::TimerKey;

/// From OffsetCommit v9 an unknown group is GROUP_ID_NOT_FOUND (before: ILLEGAL_GENERATION).
const GROUP_ID_NOT_FOUND_COMMIT_VERSION_MIN: i16 = 9;

impl GroupCoordinator {
    pub fn offset_commit(
        &mut self,
        request: &OffsetCommitRequest,
        now_ms: i64,
        fx: &mut Effects,
    ) -> Vec<TopicResults> {
        if let Some(group) = self.consumer_group(&request.group_id) {
            if let Err(failure) = Self::validate_consumer_commit(group, request) {
                return all_partitions(&request.topics, failure.code);
            }
            let (_, mut ctx) = self.parts(now_ms, fx);
            return commit_partitions(&mut ctx, request);
        }
        let created = match self.commit_group(request, now_ms) {
            Ok(created) => created,
            Err(error) => return all_partitions(&request.topics, error),
        };
        let records_before = fx.records.len();
        let (groups, mut ctx) = self.parts(now_ms, fx);
        let results = match groups.get(&request.group_id) {
            Some(group) => match validate_offset_commit(group, request) {
                Ok(()) => commit_partitions(&mut ctx, request),
                Err(error) => all_partitions(&request.topics, error),
            },
            None => all_partitions(&request.topics, ErrorCode::UnknownServerError),
        };
        if created && ctx.fx.records.len() == records_before {
            // Nothing was stored: do not leave a group behind that no record backs.
            groups.remove(&request.group_id);
        }
        results
    }

    /// Finds the group, or creates the simple group a generation -1 commit may use. `Ok(true)`
    /// when it was created.
    fn commit_group(
        &mut self,
        request: &OffsetCommitRequest,
        now_ms: i64,
    ) -> Result<bool, ErrorCode> {
        if !self.loaded {
            return Err(ErrorCode::CoordinatorLoadInProgress);
        }
        if let Some(error) = group_id_error(&request.group_id) {
            return Err(error);
        }
        if self.groups.contains_key(&request.group_id) {
            return Ok(false);
        }
        if request.generation_id < 0 {
            let group = ClassicGroup::new(&request.group_id, now_ms);
            self.groups.insert(request.group_id.clone(), group);
            return Ok(true);
        }
        if request.api_version >= GROUP_ID_NOT_FOUND_COMMIT_VERSION_MIN {
            Err(ErrorCode::GroupIdNotFound)
        } else {
            Err(ErrorCode::IllegalGeneration)
        }
    }

    pub fn offset_fetch(&self, request: &OffsetFetchRequest) -> OffsetFetchResponse {
        if !self.loaded {
            return OffsetFetchResponse {
                error_code: ErrorCode::CoordinatorLoadInProgress,
                topics: Vec::new(),
            };
        }
        let member_error = self.validate_consumer_offset_fetch(
            &request.group_id,
            request.member_id.as_deref(),
            request.member_epoch,
        );
        if member_error != ErrorCode::None {
            return OffsetFetchResponse {
                error_code: member_error,
                topics: Vec::new(),
            };
        }
        let offsets = self.durable.group_offsets(&request.group_id);
        let topics = match &request.topics {
            Some(topics) => topics.iter().map(|t| fetch_topic(offsets, t)).collect(),
            None => fetch_all(offsets),
        };
        OffsetFetchResponse {
            error_code: ErrorCode::None,
            topics,
        }
    }

    pub fn offset_delete(
        &mut self,
        request: &OffsetDeleteRequest,
        now_ms: i64,
        fx: &mut Effects,
    ) -> OffsetDeleteResponse {
        let top_level = |error_code| OffsetDeleteResponse {
            error_code,
            topics: Vec::new(),
        };
        if !self.loaded {
            return top_level(ErrorCode::CoordinatorLoadInProgress);
        }
        if let Some(error) = group_id_error(&request.group_id) {
            return top_level(error);
        }
        if self.consumer_group(&request.group_id).is_some() {
            let topics = self.consumer_offset_delete(request, now_ms, fx);
            return OffsetDeleteResponse {
                error_code: ErrorCode::None,
                topics,
            };
        }
        let (groups, mut ctx) = self.parts(now_ms, fx);
        let Some(group) = groups.get(&request.group_id) else {
            return top_level(ErrorCode::GroupIdNotFound);
        };
        let consumer = group.protocol_type.as_deref() == Some(CONSUMER_PROTOCOL_TYPE);
        if group.state != GroupState::Empty && !consumer {
            return top_level(ErrorCode::NonEmptyGroup);
        }
        let topics = request
            .topics
            .iter()
            .map(|topic| delete_topic(&mut ctx, group, topic))
            .collect();
        OffsetDeleteResponse {
            error_code: ErrorCode::None,
            topics,
        }
    }

    /// Removes expired offsets (`offsets.retention.minutes`) as tombstones, and Empty groups left
    /// with no offsets. The broker calls it every `offsets.retention.check.interval.ms`.
    pub fn expire_offsets(&mut self, now_ms: i64, fx: &mut Effects) {
        if !self.loaded {
            return;
        }
        self.expire_consumer_group_offsets(now_ms, fx);
        let group_ids: Vec<String> = self.groups.keys().cloned().collect();
        for group_id in group_ids {
            let (groups, mut ctx) = self.parts(now_ms, fx);
            let Some(group) = groups.get(&group_id) else {
                continue;
            };
            if expire_group_offsets(&mut ctx, group) && group.state == GroupState::Empty {
                ctx.emit(GroupRecord::GroupMetadata {
                    group_id: group_id.clone(),
                    value: None,
                });
                if let Some(group) = groups.remove(&group_id) {
                    cancel_group_timers(&mut ctx, &group);
                }
            }
        }
    }
}

/// Kafka's `ClassicGroup.validateOffsetCommit` (non-transactional).
fn validate_offset_commit(
    group: &ClassicGroup,
    request: &OffsetCommitRequest,
) -> Result<(), ErrorCode> {
    if request.generation_id < 0 && group.state == GroupState::Empty {
        return Ok(()); // a simple consumer or an admin client
    }
    let names_member = !request.member_id.is_empty() || request.group_instance_id.is_some();
    if request.generation_id >= 0 || names_member {
        validate_existing_member(
            group,
            &request.member_id,
            request.group_instance_id.as_deref(),
        )?;
        if request.generation_id != group.generation {
            return Err(ErrorCode::IllegalGeneration);
        }
    } else if group.state != GroupState::Empty {
        return Err(ErrorCode::UnknownMemberId);
    }
    if group.state == GroupState::CompletingRebalance {
        return Err(ErrorCode::RebalanceInProgress);
    }
    Ok(())
}

fn all_partitions(
    topics: &[crate::api::OffsetCommitTopic],
    error_code: ErrorCode,
) -> Vec<TopicResults> {
    topics
        .iter()
        .map(|t| TopicResults {
            name: t.name.clone(),
            partitions: t
                .partitions
                .iter()
                .map(|p| PartitionResult {
                    partition: p.partition,
                    error_code,
                })
                .collect(),
        })
        .collect()
}

pub(crate) fn commit_partitions(
    ctx: &mut Ctx<'_>,
    request: &OffsetCommitRequest,
) -> Vec<TopicResults> {
    let expire_timestamp_ms = (request.retention_time_ms != DEFAULT_RETENTION_TIME_MS)
        .then(|| ctx.now_ms.saturating_add(request.retention_time_ms));
    let metadata_bytes_max = ctx.config.offset_metadata_bytes_max.min(STRING_BYTES_MAX);
    let mut results = Vec::with_capacity(request.topics.len());
    for topic in &request.topics {
        let mut partitions = Vec::with_capacity(topic.partitions.len());
        for partition in &topic.partitions {
            let metadata_len = partition.metadata.as_ref().map_or(0, String::len);
            let error_code = if topic.name.len() > STRING_BYTES_MAX {
                // No topic has such a name (Kafka caps them at 249 bytes).
                ErrorCode::UnknownTopicOrPartition
            } else if metadata_len > metadata_bytes_max {
                ErrorCode::OffsetMetadataTooLarge
            } else {
                let value = committed_value(partition, ctx.now_ms, expire_timestamp_ms);
                let key = OffsetCommitKey {
                    group_id: request.group_id.clone(),
                    topic: topic.name.clone(),
                    partition: partition.partition,
                };
                ctx.emit(GroupRecord::OffsetCommit {
                    key,
                    value: Some(value),
                });
                ErrorCode::None
            };
            partitions.push(PartitionResult {
                partition: partition.partition,
                error_code,
            });
        }
        results.push(TopicResults {
            name: topic.name.clone(),
            partitions,
        });
    }
    results
}

fn committed_value(
    partition: &OffsetCommitPartition,
    now_ms: i64,
    expire_timestamp_ms: Option<i64>,
) -> OffsetCommitValue {
    let commit_timestamp_ms = match partition.commit_timestamp_ms {
        DEFAULT_COMMIT_TIMESTAMP_MS => now_ms,
        explicit => explicit,
    };
    OffsetCommitValue {
        offset: partition.offset,
        leader_epoch: partition.leader_epoch,
        metadata: partition.metadata.clone().unwrap_or_default(),
        commit_timestamp_ms,
        expire_timestamp_ms,
    }
}

fn fetch_partition(
    offsets: Option<&GroupOffsets>,
    topic: &str,
    partition: i32,
) -> OffsetFetchPartition {
    let committed = offsets.and_then(|o| o.get(&(topic.to_string(), partition)));
    match committed {
        Some(value) => OffsetFetchPartition {
            partition,
            offset: value.offset,
            leader_epoch: value.leader_epoch,
            metadata: value.metadata.clone(),
            error_code: ErrorCode::None,
        },
        None => OffsetFetchPartition {
            partition,
            offset: -1,
            leader_epoch: -1,
            metadata: String::new(),
            error_code: ErrorCode::None,
        },
    }
}

fn fetch_topic(offsets: Option<&GroupOffsets>, topic: &TopicPartitions) -> OffsetFetchTopic {
    OffsetFetchTopic {
        name: topic.name.clone(),
        partitions: topic
            .partitions
            .iter()
            .map(|&p| fetch_partition(offsets, &topic.name, p))
            .collect(),
    }
}

fn fetch_all(offsets: Option<&GroupOffsets>) -> Vec<OffsetFetchTopic> {
    let mut topics: Vec<OffsetFetchTopic> = Vec::new();
    for (topic, partition) in offsets.into_iter().flat_map(|o| o.keys()) {
        if topics.last().is_none_or(|t| t.name != *topic) {
            topics.push(OffsetFetchTopic {
                name: topic.clone(),
                partitions: Vec::new(),
            });
        }
        if let Some(last) = topics.last_mut() {
            last.partitions
                .push(fetch_partition(offsets, topic, *partition));
        }
    }
    topics
}

fn delete_topic(ctx: &mut Ctx<'_>, group: &ClassicGroup, topic: &TopicPartitions) -> TopicResults {
    let subscribed = group.is_subscribed_to(&topic.name);
    delete_topic_offsets(ctx, &group.id, topic, subscribed)
}

/// Tombstones for the committed offsets of `topic`'s partitions, or GROUP_SUBSCRIBED_TO_TOPIC.
pub(crate) fn delete_topic_offsets(
    ctx: &mut Ctx<'_>,
    group_id: &str,
    topic: &TopicPartitions,
    subscribed: bool,
) -> TopicResults {
    let mut partitions = Vec::with_capacity(topic.partitions.len());
    for &partition in &topic.partitions {
        let error_code = if subscribed {
            ErrorCode::GroupSubscribedToTopic
        } else {
            let committed = ctx
                .durable
                .group_offsets(group_id)
                .is_some_and(|o| o.contains_key(&(topic.name.clone(), partition)));
            if committed {
                ctx.emit(offset_tombstone(group_id, &topic.name, partition));
            }
            ErrorCode::None
        };
        partitions.push(PartitionResult {
            partition,
            error_code,
        });
    }
    TopicResults {
        name: topic.name.clone(),
        partitions,
    }
}

pub(crate) fn offset_tombstone(group_id: &str, topic: &str, partition: i32) -> GroupRecord {
    let key = OffsetCommitKey {
        group_id: group_id.to_string(),
        topic: topic.to_string(),
        partition,
    };
    GroupRecord::OffsetCommit { key, value: None }
}

/// What an offset's age counts from, per Kafka's `ClassicGroup.offsetExpirationCondition`;
/// `None` = this group's offsets do not expire now.
pub(crate) enum ExpiryBase {
    /// Since the group became Empty (commit time when that is unknown).
    EmptySince(Option<i64>),
    CommitTime,
}

fn expiry_base(group: &ClassicGroup) -> Option<ExpiryBase> {
    match group.protocol_type.as_deref() {
        None => Some(ExpiryBase::CommitTime), // a simple consumer
        Some(_) if group.state == GroupState::Empty => {
            Some(ExpiryBase::EmptySince(group.state_timestamp_ms))
        }
        Some(CONSUMER_PROTOCOL_TYPE)
            if group.state == GroupState::Stable && group.subscribed_topics.is_some() =>
        {
            Some(ExpiryBase::CommitTime)
        }
        Some(_) => None,
    }
}

pub(crate) fn is_expired(
    value: &OffsetCommitValue,
    base: &ExpiryBase,
    now_ms: i64,
    retention_ms: i64,
) -> bool {
    if let Some(expire_ms) = value.expire_timestamp_ms {
        return now_ms >= expire_ms;
    }
    let since_ms = match base {
        ExpiryBase::EmptySince(Some(empty_since_ms)) => *empty_since_ms,
        ExpiryBase::EmptySince(None) | ExpiryBase::CommitTime => value.commit_timestamp_ms,
    };
    now_ms.saturating_sub(since_ms) >= retention_ms
}

/// Writes tombstones for the group's expired offsets; true when none is left.
fn expire_group_offsets(ctx: &mut Ctx<'_>, group: &ClassicGroup) -> bool {
    let Some(offsets) = ctx.durable.group_offsets(&group.id) else {
        return true;
    };
    let Some(base) = expiry_base(group) else {
        return false;
    };
    let mut expired = Vec::new();
    let mut all_expired = true;
    for ((topic, partition), value) in offsets {
        if !group.is_subscribed_to(topic)
            && is_expired(value, &base, ctx.now_ms, ctx.config.offsets_retention_ms)
        {
            expired.push(offset_tombstone(&group.id, topic, *partition));
        } else {
            all_expired = false;
        }
    }
    for record in expired {
        ctx.emit(record);
    }
    all_expired
}

pub(crate) fn cancel_group_timers(ctx: &mut Ctx<'_>, group: &ClassicGroup) {
    for member_id in group.members.keys().chain(group.pending_members.iter()) {
        ctx.cancel_heartbeat(&group.id, member_id);
    }
    ctx.timers.cancel(&TimerKey::Join {
        group_id: group.id.clone(),
    });
    ctx.timers.cancel(&TimerKey::Sync {
        group_id: group.id.clone(),
    });
}
