//! Plain request/response structs of the classic group APIs. The handler layer maps
//! kafka-protocol messages to and from them; they carry only what the coordinator decides on
//! (authorization, throttling and version-specific field presence stay in the handlers).
//!
//! Strings come from Kafka wire strings, so they are at most `i16::MAX` bytes; the coordinator
//! refuses longer ones with INVALID_REQUEST rather than writing a record Kafka could not read.

use model::ErrorCode;

/// The caller's handle for a request whose response may come later (JoinGroup, SyncGroup).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RequestToken(pub u64);

/// Kafka's "no member id yet" (`JoinGroupRequest.UNKNOWN_MEMBER_ID`).
pub const UNKNOWN_MEMBER_ID: &str = "";
/// Generation of an OffsetCommit from a simple (non-member) consumer or an admin client.
pub const NO_GENERATION: i32 = -1;
/// OffsetCommit v2–v4 `retention_time_ms` meaning "the broker's `offsets.retention.minutes`".
pub const DEFAULT_RETENTION_TIME_MS: i64 = -1;
/// OffsetCommit v1 `commit_timestamp` meaning "now".
pub const DEFAULT_COMMIT_TIMESTAMP_MS: i64 = -1;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JoinProtocol {
    pub name: String,
    pub metadata: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JoinGroupRequest {
    /// Decides KIP-394 (member id required from v4).
    pub api_version: i16,
    pub group_id: String,
    pub session_timeout_ms: i32,
    /// v0 has none: the handler passes the session timeout, as Kafka does.
    pub rebalance_timeout_ms: i32,
    pub member_id: String,
    pub group_instance_id: Option<String>,
    pub protocol_type: String,
    pub protocols: Vec<JoinProtocol>,
    /// From the request header.
    pub client_id: String,
    /// The client's address as Kafka prints it (`/127.0.0.1`).
    pub client_host: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JoinGroupMember {
    pub member_id: String,
    pub group_instance_id: Option<String>,
    pub metadata: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JoinGroupResponse {
    pub error_code: ErrorCode,
    pub generation_id: i32,
    pub protocol_type: Option<String>,
    pub protocol_name: Option<String>,
    pub leader: String,
    /// KIP-814: a static leader rejoining a stable group must not run the assignor again.
    pub skip_assignment: bool,
    pub member_id: String,
    /// Filled for the leader only.
    pub members: Vec<JoinGroupMember>,
}

impl JoinGroupResponse {
    pub fn error(error_code: ErrorCode, member_id: &str) -> Self {
        JoinGroupResponse {
            error_code,
            generation_id: -1,
            protocol_type: None,
            protocol_name: None,
            leader: String::new(),
            skip_assignment: false,
            member_id: member_id.to_string(),
            members: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncGroupAssignment {
    pub member_id: String,
    pub assignment: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncGroupRequest {
    pub group_id: String,
    pub generation_id: i32,
    pub member_id: String,
    pub group_instance_id: Option<String>,
    /// v5+; `None` skips the consistency check.
    pub protocol_type: Option<String>,
    /// v5+; `None` skips the consistency check.
    pub protocol_name: Option<String>,
    /// The leader's assignment; empty from followers.
    pub assignments: Vec<SyncGroupAssignment>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncGroupResponse {
    pub error_code: ErrorCode,
    pub protocol_type: Option<String>,
    pub protocol_name: Option<String>,
    pub assignment: Vec<u8>,
}

impl SyncGroupResponse {
    pub fn error(error_code: ErrorCode) -> Self {
        SyncGroupResponse {
            error_code,
            protocol_type: None,
            protocol_name: None,
            assignment: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeartbeatRequest {
    pub group_id: String,
    pub generation_id: i32,
    pub member_id: String,
    pub group_instance_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeaveMember {
    /// Empty with a `group_instance_id`: an admin removal of a static member (KIP-345).
    pub member_id: String,
    pub group_instance_id: Option<String>,
}

/// LeaveGroup v3+ carries a batch; the handler turns v0–2's single `member_id` into one entry and
/// reports that entry's error as the top-level error, as Kafka does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeaveGroupRequest {
    pub group_id: String,
    pub members: Vec<LeaveMember>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeaveMemberResponse {
    pub member_id: String,
    pub group_instance_id: Option<String>,
    pub error_code: ErrorCode,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeaveGroupResponse {
    pub error_code: ErrorCode,
    pub members: Vec<LeaveMemberResponse>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OffsetCommitPartition {
    pub partition: i32,
    pub offset: i64,
    /// -1 = unknown.
    pub leader_epoch: i32,
    pub metadata: Option<String>,
    /// v1 only; [`DEFAULT_COMMIT_TIMESTAMP_MS`] = now.
    pub commit_timestamp_ms: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OffsetCommitTopic {
    pub name: String,
    pub partitions: Vec<OffsetCommitPartition>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OffsetCommitRequest {
    /// v9+ answers GROUP_ID_NOT_FOUND for an unknown group where older versions answer
    /// ILLEGAL_GENERATION.
    pub api_version: i16,
    pub group_id: String,
    pub generation_id: i32,
    pub member_id: String,
    pub group_instance_id: Option<String>,
    /// v2–v4; [`DEFAULT_RETENTION_TIME_MS`] otherwise.
    pub retention_time_ms: i64,
    pub topics: Vec<OffsetCommitTopic>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartitionResult {
    pub partition: i32,
    pub error_code: ErrorCode,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicResults {
    pub name: String,
    pub partitions: Vec<PartitionResult>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicPartitions {
    pub name: String,
    pub partitions: Vec<i32>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OffsetFetchRequest {
    pub group_id: String,
    /// `None` = every committed offset of the group.
    pub topics: Option<Vec<TopicPartitions>>,
    /// v9+: a consumer-group member fetching as itself (checked against the group); `None`
    /// with epoch -1 otherwise.
    pub member_id: Option<String>,
    pub member_epoch: i32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OffsetFetchPartition {
    pub partition: i32,
    /// -1 when nothing is committed.
    pub offset: i64,
    pub leader_epoch: i32,
    pub metadata: String,
    pub error_code: ErrorCode,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OffsetFetchTopic {
    pub name: String,
    pub partitions: Vec<OffsetFetchPartition>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OffsetFetchResponse {
    pub error_code: ErrorCode,
    pub topics: Vec<OffsetFetchTopic>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ListGroupsRequest {
    /// Kafka state names, case-insensitive; empty = all.
    pub states_filter: Vec<String>,
    /// Group types ("classic"), case-insensitive; empty = all.
    pub types_filter: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedGroup {
    pub group_id: String,
    pub protocol_type: String,
    pub group_state: String,
    pub group_type: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DescribedMember {
    pub member_id: String,
    pub group_instance_id: Option<String>,
    pub client_id: String,
    pub client_host: String,
    /// Empty unless the group is Stable.
    pub metadata: Vec<u8>,
    /// Empty unless the group is Stable.
    pub assignment: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DescribedGroup {
    pub error_code: ErrorCode,
    pub group_id: String,
    pub group_state: String,
    pub protocol_type: String,
    /// The selected protocol, when Stable.
    pub protocol_data: String,
    pub members: Vec<DescribedMember>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OffsetDeleteRequest {
    pub group_id: String,
    pub topics: Vec<TopicPartitions>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OffsetDeleteResponse {
    pub error_code: ErrorCode,
    pub topics: Vec<TopicResults>,
}

/// Partitions of one topic, by id (ConsumerGroupHeartbeat's `TopicPartitions`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnedPartitions {
    pub topic_id: model::TopicId,
    pub partitions: Vec<i32>,
}

/// Member epoch of a joining member (ConsumerGroupHeartbeat).
pub const JOIN_GROUP_MEMBER_EPOCH: i32 = 0;
/// Member epoch of a member leaving for good.
pub const LEAVE_GROUP_MEMBER_EPOCH: i32 = -1;
/// Member epoch of a static member leaving for a while (it keeps its partitions until its
/// session times out).
pub const LEAVE_GROUP_STATIC_MEMBER_EPOCH: i32 = -2;

/// ConsumerGroupHeartbeat v0–1 (KIP-848). `None` = the field was null (= unchanged).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsumerGroupHeartbeatRequest {
    /// From v1 a joining member must bring its own (client-generated) member id.
    pub api_version: i16,
    pub group_id: String,
    /// Empty from v0 clients on their first heartbeat: the coordinator generates one.
    pub member_id: String,
    pub member_epoch: i32,
    pub instance_id: Option<String>,
    pub rack_id: Option<String>,
    /// -1 = unchanged.
    pub rebalance_timeout_ms: i32,
    pub subscribed_topic_names: Option<Vec<String>>,
    /// v1+.
    pub subscribed_topic_regex: Option<String>,
    pub server_assignor: Option<String>,
    /// The partitions the member owns now.
    pub topic_partitions: Option<Vec<OwnedPartitions>>,
    /// From the request header.
    pub client_id: String,
    /// The client's address as Kafka prints it (`/127.0.0.1`).
    pub client_host: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsumerGroupHeartbeatResponse {
    pub error_code: ErrorCode,
    pub error_message: Option<String>,
    pub member_id: Option<String>,
    pub member_epoch: i32,
    pub heartbeat_interval_ms: i32,
    /// The member's whole assignment; `None` when unchanged since the last response.
    pub assignment: Option<Vec<OwnedPartitions>>,
}

impl ConsumerGroupHeartbeatResponse {
    pub fn error(error_code: ErrorCode, message: impl Into<String>) -> Self {
        ConsumerGroupHeartbeatResponse {
            error_code,
            error_message: Some(message.into()),
            member_id: None,
            member_epoch: 0,
            heartbeat_interval_ms: 0,
            assignment: None,
        }
    }
}

/// Partitions of one topic with its name, as ConsumerGroupDescribe shows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DescribedTopicPartitions {
    pub topic_id: model::TopicId,
    pub topic_name: String,
    pub partitions: Vec<i32>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DescribedConsumerMember {
    pub member_id: String,
    pub instance_id: Option<String>,
    pub rack_id: Option<String>,
    pub member_epoch: i32,
    pub client_id: String,
    pub client_host: String,
    pub subscribed_topic_names: Vec<String>,
    pub subscribed_topic_regex: Option<String>,
    pub assignment: Vec<DescribedTopicPartitions>,
    pub target_assignment: Vec<DescribedTopicPartitions>,
}

/// ConsumerGroupDescribe v0–1, one group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DescribedConsumerGroup {
    pub error_code: ErrorCode,
    pub error_message: Option<String>,
    pub group_id: String,
    pub group_state: String,
    pub group_epoch: i32,
    pub assignment_epoch: i32,
    pub assignor_name: String,
    pub members: Vec<DescribedConsumerMember>,
}

/// A deferred response, completed by a later call or a timer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeferredResponse {
    Join(JoinGroupResponse),
    Sync(SyncGroupResponse),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    pub token: RequestToken,
    pub response: DeferredResponse,
}

/// What one call produced. The caller appends `records` to the `__consumer_offsets` partition and
/// only after they are durable sends `completed` responses and the call's own response (Kafka
/// completes responses on append, too). The records are already applied to the coordinator's
/// durable state (see `GroupCoordinator::replay`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Effects {
    pub records: Vec<crate::GroupRecord>,
    pub completed: Vec<Completion>,
}

impl Effects {
    pub fn is_empty(&self) -> bool {
        self.records.is_empty() && self.completed.is_empty()
    }
}
