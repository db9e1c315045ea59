//! The controller's decisions: admin requests become records, validated against the image.
//!
//! Pure functions of (image, request) → records or a Kafka error. They do not mutate the image:
//! the caller commits the records through [`crate::MetadataLog::commit`], which applies them.
//! Only one proposal may be in flight per image state (the metadata log serialises commits), so
//! a check here cannot race another request's records.

use std::collections::BTreeMap;

use model::{validate_topic_name, ErrorCode, NodeId, TopicId};

use crate::core::QuorumStatus;
use crate::image::Image;
use crate::record::{BrokerEndpoint, ConfigResource, MetadataRecord};
use crate::replication::{self, ReplicationContext};
pub use crate::replication::{
    AlterPartitionItem, AlterPartitionResults, ElectionResult, ElectionType, PartitionState,
};

/// Most partitions one topic may have. Each partition is a directory with open segment and index
/// files owned by one shard; Kafka has no hard cap, but a typo like 1000000 would exhaust file
/// descriptors and memory on a single node long before it is useful.
pub const PARTITIONS_PER_TOPIC_MAX: i32 = 10_000;

/// An admin request for the active controller (the runtime's controller service handles it;
/// a node that does not lead forwards it to the one that does, encoded by [`crate::rpc`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ControllerRequest {
    CreateTopic {
        name: String,
        partitions: i32,
        replication_factor: i16,
        configs: BTreeMap<String, String>,
        validate_only: bool,
        /// Explicit replicas of each partition (CreateTopics `assignments`); empty: placed
        /// by the controller.
        assignments: Vec<Vec<NodeId>>,
    },
    DeleteTopic {
        id: TopicId,
    },
    CreatePartitions {
        topic: String,
        total: i32,
        validate_only: bool,
        /// Explicit replicas of each new partition; empty: placed by the controller.
        assignments: Vec<Vec<NodeId>>,
    },
    AlterConfigs {
        resource: ConfigResource,
        set: BTreeMap<String, Option<String>>,
        validate_only: bool,
    },
    AllocateProducerIds,
    /// A broker's registration (its own, or a follower's sent to the active controller).
    RegisterBroker {
        record: MetadataRecord,
    },
    /// Read-only: where the metadata quorum stands (DescribeQuorum).
    DescribeQuorum,
    /// Finalized feature levels (UpdateFeatures), all or nothing.
    UpdateFeatures {
        updates: Vec<crate::features::FeatureUpdate>,
        validate_only: bool,
    },
    /// Make controller `node_id` a voter (KIP-853 AddRaftVoter), waiting up to `timeout_ms`
    /// for it to catch up as an observer.
    AddRaftVoter {
        node_id: NodeId,
        directory_id: [u8; 16],
        listeners: Vec<crate::BrokerEndpoint>,
        timeout_ms: i32,
    },
    /// Make voter `node_id` an observer again (KIP-853 RemoveRaftVoter).
    RemoveRaftVoter {
        node_id: NodeId,
        directory_id: [u8; 16],
    },
    /// A partition leader's ISR change proposals (Kafka's AlterPartition); answered per
    /// partition in [`ControllerReply::alter_partition`].
    AlterPartition {
        broker_id: NodeId,
        broker_epoch: i64,
        topics: Vec<(TopicId, Vec<AlterPartitionItem>)>,
    },
    /// A broker asks to shut down (Kafka's BrokerHeartbeat `want_shut_down`): the controller
    /// moves its leaderships away; [`ControllerReply::may_shut_down`] says when it leads none.
    ControlledShutdown {
        broker_id: NodeId,
        broker_epoch: i64,
    },
    /// ElectLeaders: `partitions` `None` is every partition.
    ElectLeaders {
        election: ElectionType,
        partitions: Option<Vec<(String, Vec<i32>)>>,
    },
    /// AlterPartitionReassignments (KIP-455): target replicas per partition, `None` cancels;
    /// answered per partition in [`ControllerReply::reassignments`].
    AlterPartitionReassignments {
        partitions: crate::replication::reassign::ReassignmentRequest,
        allow_replication_factor_change: bool,
    },
    /// CreateAcls: bindings already validated ([`crate::acl::AclBinding::validate`]); one
    /// that exists already is not added again (as Kafka).
    CreateAcls {
        acls: Vec<crate::acl::AclBinding>,
    },
    /// DeleteAcls: the reply's `records` are the removed bindings' `AccessControlEntry`
    /// records (the caller groups them by filter).
    DeleteAcls {
        filters: Vec<crate::acl::AclFilter>,
    },
    /// AlterUserScramCredentials (keys derived from the salted passwords by the broker that
    /// took the request); answered per user in [`ControllerReply::scram_users`].
    AlterUserScramCredentials {
        deletions: Vec<(String, i8)>,
        upsertions: Vec<crate::scram::ScramUpsertion>,
    },
    /// AlterClientQuotas: each entry decided on its own (`metadata::quotas::alter`);
    /// answered per entry in [`ControllerReply::client_quotas`].
    AlterClientQuotas {
        alterations: Vec<crate::quotas::QuotaAlteration>,
        validate_only: bool,
    },
}

/// What the controller answers to a [`ControllerRequest`] that succeeded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ControllerReply {
    /// Raft index the change committed at (the current index for validate-only requests).
    pub index: u64,
    pub records: Vec<MetadataRecord>,
    /// (first id, block size) for AllocateProducerIds.
    pub producer_ids: Option<(i64, i32)>,
    /// For DescribeQuorum.
    pub quorum: Option<QuorumStatus>,
    /// For AlterPartition: each partition's committed state or error.
    pub alter_partition: Option<AlterPartitionResults>,
    /// For ElectLeaders: each partition's outcome.
    pub elections: Option<Vec<ElectionResult>>,
    /// For ControlledShutdown: whether the broker leads no partition any more.
    pub may_shut_down: Option<bool>,
    /// For AlterPartitionReassignments: each partition's outcome.
    pub reassignments: Option<Vec<crate::replication::reassign::ReassignmentResult>>,
    /// For AlterUserScramCredentials: each user's outcome.
    pub scram_users: Option<Vec<crate::scram::UserResult>>,
    /// For AlterClientQuotas: each entry's outcome, in request order (`None` succeeded).
    pub client_quotas: Option<Vec<Option<(ErrorCode, String)>>>,
}

/// A refused admin request, as the Kafka error code and message the client sees.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{code:?}: {message}")]
pub struct ControllerError {
    pub code: ErrorCode,
    pub message: String,
}

impl ControllerError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ControllerError {
            code,
            message: message.into(),
        }
    }
}

/// Most ACL records one CreateAcls or DeleteAcls may write (Kafka's
/// `MAX_RECORDS_PER_USER_OP`).
pub const ACL_RECORDS_PER_REQUEST_MAX: usize = 10_000;

/// Records adding `acls` (those not already bound), ids from `new_id`.
pub fn create_acls(
    image: &Image,
    acls: &[crate::acl::AclBinding],
    mut new_id: impl FnMut() -> [u8; 16],
) -> Result<Vec<MetadataRecord>, ControllerError> {
    let mut records: Vec<MetadataRecord> = Vec::new();
    for binding in acls {
        binding
            .validate()
            .map_err(|m| ControllerError::new(ErrorCode::InvalidRequest, m))?;
        let exists = image.acls().find(binding).is_some()
            || records.iter().any(|r| {
                matches!(r, MetadataRecord::AccessControlEntry { binding: b, .. } if b == binding)
            });
        if exists {
            continue;
        }
        let mut id = new_id();
        while image.acls().get(&id).is_some() {
            id = new_id();
        }
        records.push(MetadataRecord::AccessControlEntry {
            id,
            binding: binding.clone(),
        });
    }
    if records.len() > ACL_RECORDS_PER_REQUEST_MAX {
        return Err(ControllerError::new(
            ErrorCode::PolicyViolation,
            format!(
                "Cannot add more than {ACL_RECORDS_PER_REQUEST_MAX} acls in a single operation."
            ),
        ));
    }
    Ok(records)
}

/// The bindings `filters` match, as `AccessControlEntry` records (each once), and the records
/// removing them.
pub fn delete_acls(
    image: &Image,
    filters: &[crate::acl::AclFilter],
) -> Result<(Vec<MetadataRecord>, Vec<MetadataRecord>), ControllerError> {
    let mut seen = std::collections::BTreeSet::new();
    let mut matched = Vec::new();
    for filter in filters {
        if filter.unknown_field().is_some() {
            continue;
        }
        for (id, binding) in image.acls().matching(filter) {
            if seen.insert(*id) {
                matched.push(MetadataRecord::AccessControlEntry {
                    id: *id,
                    binding: binding.clone(),
                });
            }
        }
    }
    if matched.len() > ACL_RECORDS_PER_REQUEST_MAX {
        return Err(ControllerError::new(
            ErrorCode::PolicyViolation,
            format!("Cannot remove more than {ACL_RECORDS_PER_REQUEST_MAX} acls in a single delete operation."),
        ));
    }
    let removals = seen
        .into_iter()
        .map(|id| MetadataRecord::RemoveAccessControlEntry { id })
        .collect();
    Ok((matched, removals))
}

/// A topic named by name or by id (DeleteTopics accepts both).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TopicRef<'a> {
    Name(&'a str),
    Id(TopicId),
}

/// Records creating topic `name`.
///
/// `num_partitions` and `replication_factor` are the resolved values: the caller replaces Kafka's
/// `-1` ("broker default") by `num.partitions` / `default.replication.factor` before calling. A
/// replication factor of `-1` that still arrives here means one replica. Replicas are placed
/// by [`replication::place_replicas`] over the unfenced brokers (`node` with `num_shards` when
/// the image has none), each on its node's shard holding the fewest replicas.
pub fn create_topic(
    image: &Image,
    name: &str,
    num_partitions: i32,
    replication_factor: i16,
    configs: BTreeMap<String, String>,
    node: NodeId,
    num_shards: u16,
) -> Result<Vec<MetadataRecord>, ControllerError> {
    create_topic_assigned(
        image,
        name,
        num_partitions,
        replication_factor,
        configs,
        &[],
        &ReplicationContext::default(),
        node,
        num_shards,
    )
}

/// [`create_topic`] with explicit replica `assignments` (one list per partition, from
/// partition 0; empty: placed by the controller), validated as Kafka does.
#[allow(clippy::too_many_arguments)]
pub fn create_topic_assigned(
    image: &Image,
    name: &str,
    num_partitions: i32,
    replication_factor: i16,
    configs: BTreeMap<String, String>,
    assignments: &[Vec<NodeId>],
    ctx: &ReplicationContext,
    node: NodeId,
    num_shards: u16,
) -> Result<Vec<MetadataRecord>, ControllerError> {
    validate_new_topic_name(image, name)?;
    let id = unused_topic_id(image);
    let mut records = vec![MetadataRecord::Topic {
        name: name.to_owned(),
        id,
    }];
    if assignments.is_empty() {
        check_partition_count(num_partitions)?;
        let rf = check_replication_factor(replication_factor)?;
        let placed =
            replication::place_replicas(image, num_partitions as usize, rf, node, num_shards)?;
        for (partition, replicas) in (0..num_partitions).zip(placed) {
            let isr = replicas.iter().map(|(n, _)| *n).collect();
            records.push(replication::new_partition(id, partition, &replicas, isr));
        }
    } else {
        check_partition_count(i32::try_from(assignments.len()).unwrap_or(i32::MAX))?;
        let assigned = replication::assign_replicas(image, assignments, None, ctx)?;
        for (partition, (replicas, isr)) in (0..).zip(assigned) {
            records.push(replication::new_partition(id, partition, &replicas, isr));
        }
    }
    for (key, value) in configs {
        records.push(MetadataRecord::Config {
            resource: ConfigResource::Topic(name.to_owned()),
            name: key,
            value: Some(value),
        });
    }
    Ok(records)
}

/// Records growing topic `topic` to `new_total` partitions, each with as many replicas as the
/// topic's first partition.
pub fn create_partitions(
    image: &Image,
    topic: &str,
    new_total: i32,
    node: NodeId,
    num_shards: u16,
) -> Result<Vec<MetadataRecord>, ControllerError> {
    create_partitions_assigned(
        image,
        topic,
        new_total,
        &[],
        &ReplicationContext::default(),
        node,
        num_shards,
    )
}

/// [`create_partitions`] with explicit replica `assignments` of the new partitions (empty:
/// placed by the controller), validated as Kafka does.
pub fn create_partitions_assigned(
    image: &Image,
    topic: &str,
    new_total: i32,
    assignments: &[Vec<NodeId>],
    ctx: &ReplicationContext,
    node: NodeId,
    num_shards: u16,
) -> Result<Vec<MetadataRecord>, ControllerError> {
    let t = image.topic(topic).ok_or_else(|| unknown_topic(topic))?;
    let current = i32::try_from(t.partitions.len()).unwrap_or(i32::MAX);
    if new_total < current {
        return Err(ControllerError::new(
            ErrorCode::InvalidPartitions,
            format!(
                "Topic currently has {current} partitions, which is higher than the requested {new_total}."
            ),
        ));
    }
    if new_total == current {
        return Err(ControllerError::new(
            ErrorCode::InvalidPartitions,
            format!("Topic already has {current} partitions."),
        ));
    }
    check_partition_count(new_total)?;
    let rf = t
        .partitions
        .values()
        .next()
        .map_or(1, |p| p.replicas.len().max(1));
    let count = (new_total - current) as usize;
    let next = t.partitions.keys().next_back().map_or(0, |p| p + 1);
    if assignments.is_empty() {
        let placed = replication::place_replicas(image, count, rf, node, num_shards)?;
        return Ok((next..)
            .zip(placed)
            .map(|(partition, replicas)| {
                let isr = replicas.iter().map(|(n, _)| *n).collect();
                replication::new_partition(t.id, partition, &replicas, isr)
            })
            .collect());
    }
    if assignments.len() != count {
        return Err(ControllerError::new(
            ErrorCode::InvalidReplicaAssignment,
            format!(
                "Attempted to add {count} additional partition(s), but only {} assignment(s) were specified.",
                assignments.len()
            ),
        ));
    }
    let assigned = replication::assign_replicas(image, assignments, Some(rf), ctx)?;
    Ok((next..)
        .zip(assigned)
        .map(|(partition, (replicas, isr))| {
            replication::new_partition(t.id, partition, &replicas, isr)
        })
        .collect())
}

/// Records deleting a topic, named by name or id.
pub fn delete_topic(
    image: &Image,
    topic: TopicRef<'_>,
) -> Result<Vec<MetadataRecord>, ControllerError> {
    let found = match topic {
        TopicRef::Name(name) => image.topic(name).ok_or_else(|| unknown_topic(name))?,
        TopicRef::Id(id) => image.topic_by_id(id).ok_or_else(|| {
            ControllerError::new(
                ErrorCode::UnknownTopicId,
                format!("Topic id {id} does not exist."),
            )
        })?,
    };
    Ok(vec![MetadataRecord::RemoveTopic { id: found.id }])
}

/// Records setting (`Some`) or deleting (`None`) topic config overrides. Values are validated by
/// the caller (the config crate knows the keys and their types).
pub fn alter_topic_configs(
    image: &Image,
    topic: &str,
    set: BTreeMap<String, Option<String>>,
) -> Result<Vec<MetadataRecord>, ControllerError> {
    if image.topic(topic).is_none() {
        return Err(unknown_topic(topic));
    }
    Ok(config_records(ConfigResource::Topic(topic.to_owned()), set))
}

/// Records setting or deleting dynamic broker config overrides for `node` (`None` = the
/// cluster-wide default). Values are validated by the caller. A node that has not registered
/// yet may still get overrides, as in Kafka (they apply when it joins).
pub fn alter_broker_configs(
    node: Option<NodeId>,
    set: BTreeMap<String, Option<String>>,
) -> Result<Vec<MetadataRecord>, ControllerError> {
    if let Some(n) = node.filter(|n| n.0 < 0) {
        return Err(ControllerError::new(
            ErrorCode::InvalidRequest,
            format!("Invalid broker id {}", n.0),
        ));
    }
    Ok(config_records(ConfigResource::Broker(node), set))
}

/// Records setting or deleting a group's config overrides. Values are validated by the caller;
/// the group need not exist (Kafka keeps configs of groups not created yet).
pub fn alter_group_configs(
    group: &str,
    set: BTreeMap<String, Option<String>>,
) -> Result<Vec<MetadataRecord>, ControllerError> {
    if group.is_empty() {
        return Err(ControllerError::new(
            ErrorCode::InvalidRequest,
            "Group name must not be empty",
        ));
    }
    Ok(config_records(ConfigResource::Group(group.to_owned()), set))
}

/// Records handing the next block of `block_size` producer ids to `broker`.
///
/// Precondition: `block_size > 0` (a constant of the caller, Kafka uses 1000).
pub fn allocate_producer_ids(
    image: &Image,
    broker: NodeId,
    block_size: i32,
) -> Vec<MetadataRecord> {
    assert!(block_size > 0, "producer id block size must be positive");
    vec![MetadataRecord::ProducerIds {
        broker,
        first_producer_id: image.next_producer_id(),
        block_size,
    }]
}

/// Records registering a broker at a new broker epoch. Re-registering with identical details
/// yields no records. The caller sets the registration's fencing and previous broker epoch (what
/// the broker sent).
pub fn register_broker(
    image: &Image,
    node_id: NodeId,
    listeners: Vec<BrokerEndpoint>,
    rack: Option<String>,
    num_shards: u16,
    incarnation_id: [u8; 16],
) -> Result<Vec<MetadataRecord>, ControllerError> {
    if node_id.0 < 0 {
        return Err(ControllerError::new(
            ErrorCode::InvalidRequest,
            format!("Invalid broker id {}", node_id.0),
        ));
    }
    if num_shards == 0 {
        return Err(ControllerError::new(
            ErrorCode::InvalidRequest,
            "A broker must run at least one shard",
        ));
    }
    if let Some(b) = image.broker(node_id) {
        let same = b.listeners == listeners
            && b.rack == rack
            && b.num_shards == num_shards
            && b.incarnation_id == incarnation_id;
        if same {
            return Ok(Vec::new());
        }
    }
    Ok(vec![MetadataRecord::RegisterBroker {
        node_id,
        listeners,
        rack,
        num_shards,
        incarnation_id,
        // Kafka's broker epoch is the offset its registration commits at; any value above
        // every earlier registration's does the same job (AlterPartition's KIP-903 checks tell
        // a restarted broker from its previous incarnation): the next index, which is above
        // every index committed so far. The caller decides the fencing (`membership`).
        broker_epoch: i64::try_from(image.applied_index() + 1).unwrap_or(i64::MAX),
        fenced: false,
        previous_broker_epoch: -1,
    }])
}

fn validate_new_topic_name(image: &Image, name: &str) -> Result<(), ControllerError> {
    validate_topic_name(name)
        .map_err(|e| ControllerError::new(ErrorCode::InvalidTopicException, e.to_string()))?;
    if image.topic(name).is_some() {
        return Err(ControllerError::new(
            ErrorCode::TopicAlreadyExists,
            format!("Topic '{name}' already exists."),
        ));
    }
    // Kafka's metric names replace '.' by '_', so such names would collide there.
    let unified = unify_collision_chars(name);
    if let Some(other) = image
        .topics()
        .find(|t| unify_collision_chars(&t.name) == unified)
    {
        return Err(ControllerError::new(
            ErrorCode::InvalidTopicException,
            format!(
                "Topic '{name}' collides with existing topic: {}",
                other.name
            ),
        ));
    }
    Ok(())
}

fn unify_collision_chars(name: &str) -> String {
    name.replace('.', "_")
}

fn check_partition_count(num_partitions: i32) -> Result<(), ControllerError> {
    if num_partitions < 1 {
        return Err(ControllerError::new(
            ErrorCode::InvalidPartitions,
            "Number of partitions was set to an invalid non-positive value.",
        ));
    }
    if num_partitions > PARTITIONS_PER_TOPIC_MAX {
        return Err(ControllerError::new(
            ErrorCode::InvalidPartitions,
            format!(
                "Number of partitions {num_partitions} exceeds the limit of \
                 {PARTITIONS_PER_TOPIC_MAX} per topic."
            ),
        ));
    }
    Ok(())
}

/// The replica count asked for: Kafka's `-1` (no default resolved) is one.
fn check_replication_factor(replication_factor: i16) -> Result<usize, ControllerError> {
    if replication_factor == 0 || replication_factor < -1 {
        return Err(ControllerError::new(
            ErrorCode::InvalidReplicationFactor,
            "Replication factor must be larger than 0, or -1 to use the default value.",
        ));
    }
    Ok(if replication_factor == -1 {
        1
    } else {
        replication_factor as usize
    })
}

fn unused_topic_id(image: &Image) -> TopicId {
    loop {
        let id = TopicId::random();
        if image.topic_by_id(id).is_none() {
            return id;
        }
    }
}

fn unknown_topic(name: &str) -> ControllerError {
    ControllerError::new(
        ErrorCode::UnknownTopicOrPartition,
        format!("The topic '{name}' does not exist."),
    )
}

fn config_records(
    resource: ConfigResource,
    set: BTreeMap<String, Option<String>>,
) -> Vec<MetadataRecord> {
    set.into_iter()
        .map(|(name, value)| MetadataRecord::Config {
            resource: resource.clone(),
            name,
            value,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const NODE: NodeId = NodeId(1);

    fn apply(image: &mut Image, records: &[MetadataRecord]) {
        let next = image.applied_index() + 1;
        image.apply_batch(next, 1, records);
    }

    fn with_topic(name: &str, partitions: i32, num_shards: u16) -> Image {
        let mut image = Image::default();
        let records = create_topic(
            &image,
            name,
            partitions,
            1,
            BTreeMap::new(),
            NODE,
            num_shards,
        )
        .unwrap();
        apply(&mut image, &records);
        image
    }

    fn code<T: std::fmt::Debug>(r: Result<T, ControllerError>) -> ErrorCode {
        r.unwrap_err().code
    }

    #[test]
    fn partitions_spread_over_the_unfenced_brokers_and_their_shards() {
        let mut image = Image::default();
        for node in 1..=3 {
            let records =
                register_broker(&image, NodeId(node), Vec::new(), None, 2, [node as u8; 16])
                    .unwrap();
            apply(&mut image, &records);
        }
        let fence = MetadataRecord::BrokerRegistrationChange {
            node_id: NodeId(3),
            broker_epoch: image.broker(NodeId(3)).unwrap().epoch,
            fenced: Some(true),
            in_controlled_shutdown: None,
        };
        apply(&mut image, &[fence]);
        let records = create_topic(&image, "t", 5, 1, BTreeMap::new(), NODE, 2).unwrap();
        apply(&mut image, &records);
        let placed: Vec<(i32, u16)> = image
            .topic("t")
            .unwrap()
            .partitions
            .values()
            .map(|p| {
                assert_eq!(p.replicas, [p.leader]);
                (p.leader.0, p.shard.0)
            })
            .collect();
        // Brokers 1 and 2 alternate (3 is fenced), each filling its shards in turn.
        assert_eq!(placed, [(1, 0), (2, 0), (1, 1), (2, 1), (1, 0)]);
        // More partitions go to the broker leading fewer.
        let records = create_partitions(&image, "t", 6, NODE, 2).unwrap();
        apply(&mut image, &records);
        assert_eq!(image.partition("t", 5).unwrap().leader, NodeId(2));
        // Replication factor counts live brokers only.
        let refused = create_topic(&image, "u", 1, 3, BTreeMap::new(), NODE, 2);
        assert_eq!(code(refused), ErrorCode::InvalidReplicationFactor);
    }

    #[test]
    fn create_topic_records_topic_partitions_and_configs() {
        let image = Image::default();
        let configs = BTreeMap::from([("retention.ms".to_string(), "1".to_string())]);
        let records = create_topic(&image, "t", 3, 1, configs, NODE, 2).unwrap();
        assert_eq!(records.len(), 1 + 3 + 1);
        let mut image = image;
        apply(&mut image, &records);
        let t = image.topic("t").unwrap();
        assert_eq!(t.partitions.len(), 3);
        assert_eq!(t.configs["retention.ms"], "1");
        let p = &t.partitions[&0];
        assert_eq!(
            (p.leader, &p.replicas, &p.isr),
            (NODE, &vec![NODE], &vec![NODE])
        );
        // rf -1 on one broker is one replica.
        assert!(create_topic(&image, "u", 1, -1, BTreeMap::new(), NODE, 2).is_ok());
    }

    #[test]
    fn create_topic_errors() {
        let image = with_topic("a.b", 1, 1);
        let none = BTreeMap::new;
        assert_eq!(
            code(create_topic(&image, "a.b", 1, 1, none(), NODE, 1)),
            ErrorCode::TopicAlreadyExists
        );
        let collide = create_topic(&image, "a_b", 1, 1, none(), NODE, 1).unwrap_err();
        assert_eq!(collide.code, ErrorCode::InvalidTopicException);
        assert_eq!(
            collide.message,
            "Topic 'a_b' collides with existing topic: a.b"
        );
        assert_eq!(
            code(create_topic(&image, "bad name", 1, 1, none(), NODE, 1)),
            ErrorCode::InvalidTopicException
        );
        assert_eq!(
            code(create_topic(&image, "", 1, 1, none(), NODE, 1)),
            ErrorCode::InvalidTopicException
        );
        assert_eq!(
            code(create_topic(&image, "x", 0, 1, none(), NODE, 1)),
            ErrorCode::InvalidPartitions
        );
        assert_eq!(
            code(create_topic(&image, "x", -1, 1, none(), NODE, 1)),
            ErrorCode::InvalidPartitions
        );
        assert_eq!(
            code(create_topic(
                &image,
                "x",
                PARTITIONS_PER_TOPIC_MAX + 1,
                1,
                none(),
                NODE,
                1
            )),
            ErrorCode::InvalidPartitions
        );
        assert_eq!(
            code(create_topic(&image, "x", 1, 0, none(), NODE, 1)),
            ErrorCode::InvalidReplicationFactor
        );
        assert_eq!(
            code(create_topic(&image, "x", 1, -2, none(), NODE, 1)),
            ErrorCode::InvalidReplicationFactor
        );
        let rf3 = create_topic(&image, "x", 1, 3, none(), NODE, 1).unwrap_err();
        assert_eq!(rf3.code, ErrorCode::InvalidReplicationFactor);
        assert_eq!(
            rf3.message,
            "Unable to replicate the partition 3 time(s): The target replication factor of 3 \
             cannot be reached because only 1 broker(s) are registered."
        );
    }

    #[test]
    fn shard_placement_is_balanced_and_deterministic() {
        let mut image = with_topic("a", 5, 3);
        let shards = |image: &Image, name: &str| -> Vec<u16> {
            image
                .topic(name)
                .unwrap()
                .partitions
                .values()
                .map(|p| p.shard.0)
                .collect()
        };
        assert_eq!(shards(&image, "a"), [0, 1, 2, 0, 1]);
        // Shard 2 has fewest (1), then ties go to the lowest index.
        let records = create_topic(&image, "b", 4, 1, BTreeMap::new(), NODE, 3).unwrap();
        apply(&mut image, &records);
        assert_eq!(shards(&image, "b"), [2, 0, 1, 2]);
        // Same image, same answer (only the topic id is random).
        let again =
            create_topic(&with_topic("a", 5, 3), "b", 4, 1, BTreeMap::new(), NODE, 3).unwrap();
        let placed: Vec<_> = again
            .iter()
            .filter_map(|r| match r {
                MetadataRecord::Partition { shard, .. } => Some(shard.0),
                _ => None,
            })
            .collect();
        assert_eq!(placed, [2, 0, 1, 2]);
        // Loads differ by at most one.
        let mut load = [0; 3];
        for t in image.topics() {
            for p in t.partitions.values() {
                load[p.shard.0 as usize] += 1;
            }
        }
        assert_eq!(load, [3, 3, 3]);
        assert_eq!(
            code(create_topic(&image, "c", 1, 1, BTreeMap::new(), NODE, 0)),
            ErrorCode::UnknownServerError
        );
    }

    #[test]
    fn create_partitions_grows_and_refuses_shrinking() {
        let mut image = with_topic("a", 3, 2);
        let shrink = create_partitions(&image, "a", 2, NODE, 2).unwrap_err();
        assert_eq!(shrink.code, ErrorCode::InvalidPartitions);
        assert_eq!(
            shrink.message,
            "Topic currently has 3 partitions, which is higher than the requested 2."
        );
        assert_eq!(
            code(create_partitions(&image, "a", 3, NODE, 2)),
            ErrorCode::InvalidPartitions
        );
        assert_eq!(
            code(create_partitions(&image, "nope", 4, NODE, 2)),
            ErrorCode::UnknownTopicOrPartition
        );
        let records = create_partitions(&image, "a", 5, NODE, 2).unwrap();
        apply(&mut image, &records);
        let t = image.topic("a").unwrap();
        let indexes: Vec<_> = t.partitions.keys().copied().collect();
        assert_eq!(indexes, [0, 1, 2, 3, 4]);
        let shards: Vec<_> = t.partitions.values().map(|p| p.shard.0).collect();
        assert_eq!(shards, [0, 1, 0, 1, 0]);
    }

    #[test]
    fn delete_and_alter_configs() {
        let mut image = with_topic("a", 1, 1);
        let id = image.topic("a").unwrap().id;
        assert_eq!(
            code(delete_topic(&image, TopicRef::Name("b"))),
            ErrorCode::UnknownTopicOrPartition
        );
        assert_eq!(
            code(delete_topic(&image, TopicRef::Id(TopicId([5; 16])))),
            ErrorCode::UnknownTopicId
        );
        assert_eq!(
            delete_topic(&image, TopicRef::Id(id)).unwrap(),
            delete_topic(&image, TopicRef::Name("a")).unwrap()
        );
        let set = BTreeMap::from([("retention.ms".to_string(), Some("7".to_string()))]);
        assert_eq!(
            code(alter_topic_configs(&image, "b", set.clone())),
            ErrorCode::UnknownTopicOrPartition
        );
        let records = alter_topic_configs(&image, "a", set).unwrap();
        apply(&mut image, &records);
        assert_eq!(image.topic_configs("a")["retention.ms"], "7");
        let unset = BTreeMap::from([("retention.ms".to_string(), None)]);
        let records = alter_topic_configs(&image, "a", unset).unwrap();
        apply(&mut image, &records);
        assert!(image.topic_configs("a").is_empty());
        let set = BTreeMap::from([("log.retention.ms".to_string(), Some("1".to_string()))]);
        apply(
            &mut image,
            &alter_broker_configs(Some(NODE), set.clone()).unwrap(),
        );
        assert_eq!(image.broker_configs(Some(NODE))["log.retention.ms"], "1");
        assert!(image.broker_configs(None).is_empty());
        assert_eq!(
            code(alter_broker_configs(Some(NodeId(-3)), set)),
            ErrorCode::InvalidRequest
        );
        let records = delete_topic(&image, TopicRef::Name("a")).unwrap();
        apply(&mut image, &records);
        assert!(image.topic("a").is_none());
    }

    #[test]
    fn producer_id_blocks_follow_each_other() {
        let mut image = Image::default();
        for expected_first in [0, 1000, 2000] {
            let records = allocate_producer_ids(&image, NODE, 1000);
            assert_eq!(
                records,
                [MetadataRecord::ProducerIds {
                    broker: NODE,
                    first_producer_id: expected_first,
                    block_size: 1000
                }]
            );
            apply(&mut image, &records);
        }
        assert_eq!(image.next_producer_id(), 3000);
    }

    #[test]
    fn register_broker_is_idempotent() {
        let mut image = Image::default();
        let listeners = vec![BrokerEndpoint {
            name: "PLAINTEXT".into(),
            host: "127.0.0.1".into(),
            port: 9092,
            security_protocol: 0,
        }];
        let records = register_broker(&image, NODE, listeners.clone(), None, 4, [1; 16]).unwrap();
        assert_eq!(records.len(), 1);
        apply(&mut image, &records);
        assert!(
            register_broker(&image, NODE, listeners.clone(), None, 4, [1; 16])
                .unwrap()
                .is_empty()
        );
        assert_eq!(
            register_broker(&image, NODE, listeners.clone(), None, 4, [2; 16])
                .unwrap()
                .len(),
            1
        );
        assert_eq!(
            code(register_broker(
                &image,
                NodeId(-1),
                listeners.clone(),
                None,
                4,
                [1; 16]
            )),
            ErrorCode::InvalidRequest
        );
        assert_eq!(
            code(register_broker(&image, NODE, listeners, None, 0, [1; 16])),
            ErrorCode::InvalidRequest
        );
        // With two brokers registered the message counts them, and rf 2 is placed on both.
        let other = register_broker(&image, NodeId(2), vec![], None, 1, [3; 16]).unwrap();
        apply(&mut image, &other);
        let e = create_topic(&image, "t", 1, 3, BTreeMap::new(), NODE, 1).unwrap_err();
        assert!(e.message.contains("only 2 broker(s)"), "{}", e.message);
        let records = create_topic(&image, "t", 1, 2, BTreeMap::new(), NODE, 1).unwrap();
        apply(&mut image, &records);
        let p = image.partition("t", 0).unwrap();
        assert_eq!((p.replicas.len(), p.isr.len()), (2, 2));
    }
}
