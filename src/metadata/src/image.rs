//! The metadata image: committed records folded into lookup tables.

use std::collections::BTreeMap;
use std::sync::Arc;

use model::{LeaderEpoch, NodeId, ShardId, TopicId};

use crate::record::{BrokerEndpoint, ConfigResource, MetadataRecord};

/// One partition as the metadata knows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartitionImage {
    pub partition: i32,
    pub leader: NodeId,
    pub leader_epoch: LeaderEpoch,
    pub replicas: Vec<NodeId>,
    pub isr: Vec<NodeId>,
    /// The first replica's shard (placement is stable across restarts). Use [`Self::shard_on`]
    /// for a given node's.
    pub shard: ShardId,
    /// Bumped on every change of leader, ISR, replicas or ELR (Kafka's partition epoch; the
    /// replica state machine skips states older than the one it holds).
    pub partition_epoch: i32,
    /// Each replica's shard on its own node, aligned with `replicas`; empty for partitions
    /// whose records predate it (then `shard` is the only one known).
    pub shards: Vec<ShardId>,
    /// KIP-966 eligible leader replicas: former ISR members that hold every committed record
    /// though the ISR shrank below `min.insync.replicas`; candidates when no ISR member lives.
    pub elr: Vec<NodeId>,
    /// KIP-966: the ELR members last known before the ELR emptied (for unclean recovery).
    pub last_known_elr: Vec<NodeId>,
    /// 0 recovered, 1 recovering (the leader was elected uncleanly and has not yet grown an
    /// ISR).
    pub leader_recovery_state: i8,
    /// KIP-455: while a reassignment is in progress, `replicas` is the target replicas
    /// followed by `removing_replicas`; `adding_replicas` are the target replicas that were not
    /// replicas before. Both empty: no reassignment.
    pub adding_replicas: Vec<NodeId>,
    pub removing_replicas: Vec<NodeId>,
}

/// Kafka's leader id for "no leader".
pub const NO_LEADER: NodeId = NodeId(-1);

impl PartitionImage {
    /// The shard that holds `node`'s replica of this partition on `node`; `None` when `node`
    /// is no replica. Partitions recorded before per-replica shards existed had one replica,
    /// whose shard is `shard`.
    pub fn shard_on(&self, node: NodeId) -> Option<ShardId> {
        let i = self.replicas.iter().position(|r| *r == node)?;
        if self.shards.len() == self.replicas.len() {
            Some(self.shards[i])
        } else {
            Some(self.shard)
        }
    }

    /// Applies a `PartitionChange` record (for this partition; other records are ignored).
    pub fn apply_change(&mut self, record: &MetadataRecord) {
        let MetadataRecord::PartitionChange {
            leader,
            leader_epoch,
            isr,
            partition_epoch,
            elr,
            last_known_elr,
            leader_recovery_state,
            replicas,
            shards,
            adding_replicas,
            removing_replicas,
            ..
        } = record
        else {
            return;
        };
        let p = self;
        if let Some(adding) = adding_replicas {
            p.adding_replicas = adding.clone();
        }
        if let Some(removing) = removing_replicas {
            p.removing_replicas = removing.clone();
        }
        if let Some(leader) = leader {
            p.leader = *leader;
        }
        p.leader_epoch = *leader_epoch;
        if let Some(isr) = isr {
            p.isr = isr.clone();
        }
        p.partition_epoch = partition_epoch.unwrap_or(p.partition_epoch.wrapping_add(1));
        if let Some(elr) = elr {
            p.elr = elr.clone();
        }
        if let Some(last_known_elr) = last_known_elr {
            p.last_known_elr = last_known_elr.clone();
        }
        if let Some(state) = leader_recovery_state {
            p.leader_recovery_state = *state;
        }
        if let Some(replicas) = replicas {
            p.replicas = replicas.clone();
        }
        if let Some(shards) = shards {
            p.shards = shards.clone();
        }
        if let Some(first) = p
            .shards
            .first()
            .filter(|_| p.shards.len() == p.replicas.len())
        {
            p.shard = *first;
        }
    }

    /// Whether the partition has a leader.
    pub fn has_leader(&self) -> bool {
        self.leader.0 >= 0
    }
}

/// One topic: its id, partitions (by index) and config overrides.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TopicImage {
    pub name: String,
    pub id: TopicId,
    pub partitions: BTreeMap<i32, PartitionImage>,
    /// Topic-level overrides only; defaults come from the broker config.
    pub configs: BTreeMap<String, String>,
}

/// A registered broker.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BrokerImage {
    pub node_id: NodeId,
    pub listeners: Vec<BrokerEndpoint>,
    pub rack: Option<String>,
    pub num_shards: u16,
    pub incarnation_id: [u8; 16],
    /// The epoch of this registration; `BrokerRegistrationChange` and `UnregisterBroker`
    /// records apply only when they name it.
    pub epoch: i64,
    pub fenced: bool,
    /// It asked for a controlled shutdown (Kafka's InControlledShutdown): never elected, not
    /// eligible for an ISR. A new registration clears it.
    pub in_controlled_shutdown: bool,
    /// The previous broker epoch this incarnation registered with (KIP-966; -1: it restarted
    /// after an unclean shutdown, or was registered before the field existed).
    pub previous_epoch: i64,
}

/// The last producer-id block handed out; the next block starts where it ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProducerIdBlock {
    pub broker: NodeId,
    pub first_producer_id: i64,
    pub block_size: i32,
}

impl ProducerIdBlock {
    /// First id after this block (saturating: an exhausted id space stays exhausted).
    pub fn end(&self) -> i64 {
        self.first_producer_id
            .saturating_add(i64::from(self.block_size.max(0)))
    }
}

/// The committed metadata, as each shard holds it.
///
/// Cheap to clone (one `Arc` per topic, copied on write) and `Send + Sync`, so a shard can receive a
/// new image or apply records itself. Read-only to users; [`Image::apply`] and
/// [`Image::apply_batch`] are the only mutators.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Image {
    applied_index: u64,
    applied_term: u64,
    topics: BTreeMap<String, Arc<TopicImage>>,
    names_by_id: BTreeMap<TopicId, String>,
    brokers: BTreeMap<NodeId, BrokerImage>,
    /// Dynamic broker overrides; key `None` is the cluster-wide default.
    broker_configs: BTreeMap<Option<NodeId>, BTreeMap<String, String>>,
    /// Group config overrides by group id (only groups with at least one).
    group_configs: Arc<BTreeMap<String, BTreeMap<String, String>>>,
    last_producer_id_block: Option<ProducerIdBlock>,
    /// Recorded feature levels (`FeatureLevel` records), level 0 included; a feature never
    /// recorded is at its default (`features::level`).
    features: BTreeMap<String, i16>,
    /// How to reach the controllers of a dynamic quorum (`ControllerEndpoints` records), by
    /// node id: directory id and controller listeners.
    controllers: BTreeMap<NodeId, ControllerImage>,
    /// The quorum's voters (`QuorumVoters`, derived from raft's configuration).
    voters: Vec<NodeId>,
    /// ACL bindings (`AccessControlEntry` records), indexed for the authorizer; shared until
    /// an ACL record changes them.
    acls: Arc<crate::acl::Acls>,
    /// SCRAM credentials by (user, Kafka's mechanism type id); copied on write.
    scram: Arc<BTreeMap<(String, i8), crate::record::ScramCredentialData>>,
    /// Client quotas (`ClientQuota` records) by entity; copied on write.
    client_quotas: Arc<crate::quotas::ClientQuotas>,
}

/// A controller's identity and endpoints, as a dynamic quorum records them (KIP-853).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ControllerImage {
    pub node_id: NodeId,
    /// The `directory.id` of its metadata log directory.
    pub directory_id: [u8; 16],
    pub listeners: Vec<BrokerEndpoint>,
}

impl Image {
    /// Applies one committed raft entry: its records in order, then records its position.
    pub fn apply_batch(&mut self, index: u64, term: u64, records: &[MetadataRecord]) {
        debug_assert!(index >= self.applied_index, "entries apply in log order");
        for record in records {
            self.apply(record);
        }
        self.applied_index = index;
        self.applied_term = term;
    }

    /// Applies one record. Idempotent where it can be; records naming unknown ids are ignored
    /// with a debug log (a later record may have removed what they refer to).
    pub fn apply(&mut self, record: &MetadataRecord) {
        match record {
            MetadataRecord::RegisterBroker {
                node_id,
                listeners,
                rack,
                num_shards,
                incarnation_id,
                broker_epoch,
                fenced,
                previous_broker_epoch,
            } => {
                let broker = BrokerImage {
                    node_id: *node_id,
                    listeners: listeners.clone(),
                    rack: rack.clone(),
                    num_shards: *num_shards,
                    incarnation_id: *incarnation_id,
                    epoch: *broker_epoch,
                    fenced: *fenced,
                    in_controlled_shutdown: false,
                    previous_epoch: *previous_broker_epoch,
                };
                self.brokers.insert(*node_id, broker);
            }
            MetadataRecord::BrokerRegistrationChange {
                node_id,
                broker_epoch,
                fenced,
                in_controlled_shutdown,
            } => {
                if let Some(broker) = self.registered_broker_mut(*node_id, *broker_epoch) {
                    if let Some(fenced) = fenced {
                        broker.fenced = *fenced;
                    }
                    if let Some(shutdown) = in_controlled_shutdown {
                        broker.in_controlled_shutdown = *shutdown;
                    }
                }
            }
            MetadataRecord::UnregisterBroker {
                node_id,
                broker_epoch,
            } => {
                if self
                    .registered_broker_mut(*node_id, *broker_epoch)
                    .is_some()
                {
                    self.brokers.remove(node_id);
                }
            }
            MetadataRecord::ControllerEndpoints {
                node_id,
                directory_id,
                listeners,
            } => {
                self.controllers.insert(
                    *node_id,
                    ControllerImage {
                        node_id: *node_id,
                        directory_id: *directory_id,
                        listeners: listeners.clone(),
                    },
                );
            }
            MetadataRecord::QuorumVoters { voters } => self.voters = voters.clone(),
            MetadataRecord::AccessControlEntry { id, binding } => {
                Arc::make_mut(&mut self.acls).insert(*id, binding.clone());
            }
            MetadataRecord::RemoveAccessControlEntry { id } => {
                if Arc::make_mut(&mut self.acls).remove(id).is_none() {
                    tracing::debug!("RemoveAccessControlEntry for an unknown id");
                }
            }
            MetadataRecord::ScramCredential {
                name,
                mechanism,
                credential,
            } => {
                Arc::make_mut(&mut self.scram)
                    .insert((name.clone(), *mechanism), credential.clone());
            }
            MetadataRecord::RemoveScramCredential { name, mechanism } => {
                Arc::make_mut(&mut self.scram).remove(&(name.clone(), *mechanism));
            }
            MetadataRecord::ClientQuota { entity, key, value } => {
                self.apply_client_quota(entity, key, *value)
            }
            // Level 0 is kept, not removed: a feature whose default level is above 0
            // (`features::SUPPORTED`) can be turned off (Kafka's absent feature is level 0;
            // here absent means the default).
            MetadataRecord::FeatureLevel { name, level } => {
                self.features.insert(name.clone(), *level);
            }
            MetadataRecord::Topic { name, id } => self.apply_topic(name, *id),
            MetadataRecord::Partition {
                topic_id,
                partition,
                leader,
                leader_epoch,
                replicas,
                isr,
                shard,
                partition_epoch,
                shards,
                elr,
                last_known_elr,
                leader_recovery_state,
                adding_replicas,
                removing_replicas,
            } => {
                let image = PartitionImage {
                    partition: *partition,
                    leader: *leader,
                    leader_epoch: *leader_epoch,
                    replicas: replicas.clone(),
                    isr: isr.clone(),
                    shard: *shard,
                    partition_epoch: *partition_epoch,
                    shards: shards.clone(),
                    elr: elr.clone(),
                    last_known_elr: last_known_elr.clone(),
                    leader_recovery_state: *leader_recovery_state,
                    adding_replicas: adding_replicas.clone(),
                    removing_replicas: removing_replicas.clone(),
                };
                if let Some(topic) = self.topic_mut(*topic_id) {
                    topic.partitions.insert(*partition, image);
                }
            }
            MetadataRecord::PartitionChange { .. } => self.apply_partition_change(record),
            MetadataRecord::RemoveTopic { id } => self.apply_remove_topic(*id),
            MetadataRecord::Config {
                resource,
                name,
                value,
            } => self.apply_config(resource, name, value.as_deref()),
            MetadataRecord::ProducerIds {
                broker,
                first_producer_id,
                block_size,
            } => {
                let block = ProducerIdBlock {
                    broker: *broker,
                    first_producer_id: *first_producer_id,
                    block_size: *block_size,
                };
                // Monotonic: replaying an older block never hands its ids out again.
                if block.end() > self.next_producer_id() {
                    self.last_producer_id_block = Some(block);
                }
            }
        }
    }

    fn apply_topic(&mut self, name: &str, id: TopicId) {
        if let Some(existing) = self.topics.get(name) {
            if existing.id != id {
                tracing::warn!(topic = name, existing = %existing.id, new = %id,
                    "metadata: Topic record for an existing name with another id ignored");
            }
            return;
        }
        if let Some(other) = self.names_by_id.get(&id) {
            tracing::warn!(topic = name, other = other.as_str(), id = %id,
                "metadata: Topic record reuses the id of another topic; ignored");
            return;
        }
        let topic = TopicImage {
            name: name.to_owned(),
            id,
            partitions: BTreeMap::new(),
            configs: BTreeMap::new(),
        };
        self.names_by_id.insert(id, name.to_owned());
        self.topics.insert(name.to_owned(), Arc::new(topic));
    }

    fn apply_partition_change(&mut self, record: &MetadataRecord) {
        let MetadataRecord::PartitionChange {
            topic_id,
            partition,
            ..
        } = record
        else {
            return;
        };
        let (topic_id, partition) = (*topic_id, *partition);
        let Some(topic) = self.topic_mut(topic_id) else {
            return;
        };
        let Some(p) = topic.partitions.get_mut(&partition) else {
            tracing::debug!(%topic_id, partition, "metadata: change for unknown partition ignored");
            return;
        };
        p.apply_change(record);
    }

    fn apply_remove_topic(&mut self, id: TopicId) {
        match self.names_by_id.remove(&id) {
            Some(name) => {
                self.topics.remove(&name);
            }
            None => tracing::debug!(%id, "metadata: removal of unknown topic ignored"),
        }
    }

    fn apply_config(&mut self, resource: &ConfigResource, name: &str, value: Option<&str>) {
        let configs = match resource {
            ConfigResource::Broker(node) => self.broker_configs.entry(*node).or_default(),
            ConfigResource::Group(group) => Arc::make_mut(&mut self.group_configs)
                .entry(group.clone())
                .or_default(),
            ConfigResource::Topic(topic) => match self.topics.get_mut(topic.as_str()) {
                Some(t) => &mut Arc::make_mut(t).configs,
                None => {
                    tracing::debug!(
                        topic = topic.as_str(),
                        "metadata: config for unknown topic ignored"
                    );
                    return;
                }
            },
        };
        match value {
            Some(v) => {
                configs.insert(name.to_owned(), v.to_owned());
            }
            None => {
                configs.remove(name);
            }
        }
        if let ConfigResource::Group(group) = resource {
            if self
                .group_configs
                .get(group)
                .is_some_and(BTreeMap::is_empty)
            {
                Arc::make_mut(&mut self.group_configs).remove(group);
            }
        }
        if let ConfigResource::Broker(node) = resource {
            if self
                .broker_configs
                .get(node)
                .is_some_and(BTreeMap::is_empty)
            {
                self.broker_configs.remove(node);
            }
        }
    }

    /// The broker registered as `node` with `epoch`; `None` (logged) for an unknown broker or
    /// another registration's epoch, whose changes are stale.
    fn registered_broker_mut(&mut self, node: NodeId, epoch: i64) -> Option<&mut BrokerImage> {
        match self.brokers.get_mut(&node) {
            Some(broker) if broker.epoch == epoch => Some(broker),
            Some(broker) => {
                tracing::debug!(
                    node = node.0,
                    epoch,
                    current = broker.epoch,
                    "metadata: change for another registration of the broker ignored"
                );
                None
            }
            None => {
                tracing::debug!(node = node.0, "metadata: change for unknown broker ignored");
                None
            }
        }
    }

    fn topic_mut(&mut self, id: TopicId) -> Option<&mut TopicImage> {
        let Some(name) = self.names_by_id.get(&id) else {
            tracing::debug!(%id, "metadata: record for unknown topic id ignored");
            return None;
        };
        self.topics.get_mut(name.as_str()).map(Arc::make_mut)
    }

    /// Raft index of the last applied entry (0 before any).
    pub fn applied_index(&self) -> u64 {
        self.applied_index
    }

    /// Raft term of the last applied entry.
    pub fn applied_term(&self) -> u64 {
        self.applied_term
    }

    pub fn topic(&self, name: &str) -> Option<&TopicImage> {
        self.topics.get(name).map(Arc::as_ref)
    }

    pub fn topic_by_id(&self, id: TopicId) -> Option<&TopicImage> {
        self.names_by_id.get(&id).and_then(|name| self.topic(name))
    }

    /// All topics, sorted by name.
    pub fn topics(&self) -> impl Iterator<Item = &TopicImage> {
        self.topics.values().map(Arc::as_ref)
    }

    pub fn partition(&self, topic: &str, partition: i32) -> Option<&PartitionImage> {
        self.topic(topic)?.partitions.get(&partition)
    }

    /// Topic config overrides only (empty for an unknown topic).
    pub fn topic_configs(&self, name: &str) -> BTreeMap<String, String> {
        self.topic(name)
            .map(|t| t.configs.clone())
            .unwrap_or_default()
    }

    /// Dynamic broker overrides for `node` (`None` = cluster-wide default), without merging.
    pub fn broker_configs(&self, node: Option<NodeId>) -> BTreeMap<String, String> {
        self.broker_configs.get(&node).cloned().unwrap_or_default()
    }

    /// A group's config overrides (empty when it has none).
    pub fn group_configs(&self, group: &str) -> BTreeMap<String, String> {
        self.group_configs.get(group).cloned().unwrap_or_default()
    }

    /// Every group's config overrides, shared (cheap to clone; changes only with a record).
    pub fn all_group_configs(&self) -> Arc<BTreeMap<String, BTreeMap<String, String>>> {
        self.group_configs.clone()
    }

    /// Registered brokers, sorted by node id.
    pub fn brokers(&self) -> impl Iterator<Item = &BrokerImage> {
        self.brokers.values()
    }

    pub fn broker(&self, node: NodeId) -> Option<&BrokerImage> {
        self.brokers.get(&node)
    }

    /// The first producer id not yet handed out in any block.
    pub fn next_producer_id(&self) -> i64 {
        self.last_producer_id_block.map_or(0, |b| b.end())
    }

    pub fn last_producer_id_block(&self) -> Option<ProducerIdBlock> {
        self.last_producer_id_block
    }

    /// Recorded feature levels by feature name (level 0 included; see `features::finalized`).
    pub fn features(&self) -> &BTreeMap<String, i16> {
        &self.features
    }

    /// The recorded identity and endpoints of controller `node` (dynamic quorum).
    pub fn controller(&self, node: NodeId) -> Option<&ControllerImage> {
        self.controllers.get(&node)
    }

    /// The quorum's voters (empty before a configuration was recorded).
    pub fn voters(&self) -> &[NodeId] {
        &self.voters
    }

    /// Every controller with recorded endpoints, by node id.
    pub fn controllers(&self) -> impl Iterator<Item = &ControllerImage> {
        self.controllers.values()
    }

    /// The ACL bindings (shared: cloning the `Arc` is how a request keeps a consistent view).
    pub fn acls(&self) -> &Arc<crate::acl::Acls> {
        &self.acls
    }

    /// A user's SCRAM credential for a mechanism (Kafka's type id).
    pub fn scram_credential(
        &self,
        user: &str,
        mechanism: i8,
    ) -> Option<&crate::record::ScramCredentialData> {
        self.scram.get(&(user.to_string(), mechanism))
    }

    /// Every SCRAM credential: (user, mechanism type id) → credential, sorted.
    pub fn scram_credentials(&self) -> &BTreeMap<(String, i8), crate::record::ScramCredentialData> {
        &self.scram
    }

    /// Every client quota: entity → key → value.
    pub fn client_quotas(&self) -> &Arc<crate::quotas::ClientQuotas> {
        &self.client_quotas
    }

    fn apply_client_quota(
        &mut self,
        entity: &crate::quotas::QuotaEntity,
        key: &str,
        value: Option<crate::quotas::QuotaValue>,
    ) {
        // Entities are kept sorted by type, whatever order a record lists them in.
        let mut entity = entity.clone();
        entity.sort();
        let quotas = Arc::make_mut(&mut self.client_quotas);
        match value {
            Some(value) => {
                quotas
                    .entry(entity)
                    .or_default()
                    .insert(key.to_string(), value);
            }
            None => {
                if let Some(keys) = quotas.get_mut(&entity) {
                    keys.remove(key);
                    if keys.is_empty() {
                        quotas.remove(&entity);
                    }
                }
            }
        }
    }

    /// A feature's finalized level; 0 when it is not set.
    pub fn feature_level(&self, name: &str) -> i16 {
        self.features.get(name).copied().unwrap_or(0)
    }

    /// Records that rebuild this image from empty (for snapshots). The applied index/term are
    /// not records: they travel in the snapshot's metadata.
    pub fn to_records(&self) -> Vec<MetadataRecord> {
        // Features first: as in Kafka's snapshots, what follows may depend on them.
        let mut records: Vec<MetadataRecord> = self
            .features
            .iter()
            .map(|(name, level)| MetadataRecord::FeatureLevel {
                name: name.clone(),
                level: *level,
            })
            .collect();
        if !self.voters.is_empty() {
            records.push(MetadataRecord::QuorumVoters {
                voters: self.voters.clone(),
            });
        }
        for (id, binding) in self.acls.iter() {
            records.push(MetadataRecord::AccessControlEntry {
                id: *id,
                binding: binding.clone(),
            });
        }
        for ((name, mechanism), credential) in self.scram.iter() {
            records.push(MetadataRecord::ScramCredential {
                name: name.clone(),
                mechanism: *mechanism,
                credential: credential.clone(),
            });
        }
        for (entity, keys) in self.client_quotas.iter() {
            for (key, value) in keys {
                records.push(MetadataRecord::ClientQuota {
                    entity: entity.clone(),
                    key: key.clone(),
                    value: Some(*value),
                });
            }
        }
        for c in self.controllers.values() {
            records.push(MetadataRecord::ControllerEndpoints {
                node_id: c.node_id,
                directory_id: c.directory_id,
                listeners: c.listeners.clone(),
            });
        }
        for b in self.brokers.values() {
            records.push(MetadataRecord::RegisterBroker {
                node_id: b.node_id,
                listeners: b.listeners.clone(),
                rack: b.rack.clone(),
                num_shards: b.num_shards,
                incarnation_id: b.incarnation_id,
                broker_epoch: b.epoch,
                fenced: b.fenced,
                previous_broker_epoch: b.previous_epoch,
            });
            if b.in_controlled_shutdown {
                records.push(MetadataRecord::BrokerRegistrationChange {
                    node_id: b.node_id,
                    broker_epoch: b.epoch,
                    fenced: None,
                    in_controlled_shutdown: Some(true),
                });
            }
        }
        for (node, configs) in &self.broker_configs {
            push_configs(&mut records, &ConfigResource::Broker(*node), configs);
        }
        for topic in self.topics() {
            push_topic(&mut records, topic);
        }
        for (group, configs) in self.group_configs.iter() {
            push_configs(&mut records, &ConfigResource::Group(group.clone()), configs);
        }
        if let Some(block) = self.last_producer_id_block {
            records.push(MetadataRecord::ProducerIds {
                broker: block.broker,
                first_producer_id: block.first_producer_id,
                block_size: block.block_size,
            });
        }
        records
    }

    /// An image rebuilt from snapshot records, positioned at the snapshot's index and term.
    pub fn from_records(index: u64, term: u64, records: &[MetadataRecord]) -> Image {
        let mut image = Image::default();
        image.apply_batch(index, term, records);
        image
    }
}

fn push_topic(records: &mut Vec<MetadataRecord>, topic: &TopicImage) {
    records.push(MetadataRecord::Topic {
        name: topic.name.clone(),
        id: topic.id,
    });
    for p in topic.partitions.values() {
        records.push(MetadataRecord::Partition {
            topic_id: topic.id,
            partition: p.partition,
            leader: p.leader,
            leader_epoch: p.leader_epoch,
            replicas: p.replicas.clone(),
            isr: p.isr.clone(),
            shard: p.shard,
            partition_epoch: p.partition_epoch,
            shards: p.shards.clone(),
            elr: p.elr.clone(),
            last_known_elr: p.last_known_elr.clone(),
            leader_recovery_state: p.leader_recovery_state,
            adding_replicas: p.adding_replicas.clone(),
            removing_replicas: p.removing_replicas.clone(),
        });
    }
    push_configs(
        records,
        &ConfigResource::Topic(topic.name.clone()),
        &topic.configs,
    );
}

fn push_configs(
    records: &mut Vec<MetadataRecord>,
    resource: &ConfigResource,
    configs: &BTreeMap<String, String>,
) {
    for (name, value) in configs {
        records.push(MetadataRecord::Config {
            resource: resource.clone(),
            name: name.clone(),
            value: Some(value.clone()),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_configs_apply_delete_and_survive_a_snapshot() {
        let set = |value: Option<&str>| MetadataRecord::Config {
            resource: ConfigResource::Group("g".into()),
            name: "consumer.session.timeout.ms".into(),
            value: value.map(String::from),
        };
        let mut image = Image::default();
        image.apply(&set(Some("50000")));
        assert_eq!(
            image.group_configs("g").get("consumer.session.timeout.ms"),
            Some(&"50000".to_string())
        );
        assert!(image.group_configs("other").is_empty());
        let rebuilt = Image::from_records(1, 1, &image.to_records());
        assert_eq!(rebuilt.all_group_configs(), image.all_group_configs());
        image.apply(&set(None));
        assert!(image.all_group_configs().is_empty());
    }

    fn topic_records(name: &str, id: TopicId, partitions: i32) -> Vec<MetadataRecord> {
        let mut records = vec![MetadataRecord::Topic {
            name: name.into(),
            id,
        }];
        for p in 0..partitions {
            records.push(MetadataRecord::Partition {
                topic_id: id,
                partition: p,
                leader: NodeId(0),
                leader_epoch: LeaderEpoch(0),
                replicas: vec![NodeId(0)],
                isr: vec![NodeId(0)],
                shard: ShardId(p as u16 % 2),
                partition_epoch: 0,
                shards: vec![],
                elr: vec![],
                last_known_elr: vec![],
                leader_recovery_state: 0,
                adding_replicas: vec![],
                removing_replicas: vec![],
            });
        }
        records
    }

    #[test]
    fn apply_builds_lookups_and_snapshot_records_rebuild_it() {
        let mut image = Image::default();
        let a = TopicId([1; 16]);
        let b = TopicId([2; 16]);
        image.apply_batch(1, 1, &topic_records("b", b, 1));
        image.apply_batch(2, 1, &topic_records("a", a, 3));
        image.apply_batch(
            3,
            2,
            &[
                MetadataRecord::Config {
                    resource: ConfigResource::Topic("a".into()),
                    name: "retention.ms".into(),
                    value: Some("5".into()),
                },
                MetadataRecord::Config {
                    resource: ConfigResource::Broker(None),
                    name: "log.retention.ms".into(),
                    value: Some("9".into()),
                },
                MetadataRecord::PartitionChange {
                    topic_id: a,
                    partition: 1,
                    leader: None,
                    leader_epoch: LeaderEpoch(3),
                    isr: Some(vec![]),
                    partition_epoch: None,
                    elr: None,
                    last_known_elr: None,
                    leader_recovery_state: None,
                    replicas: None,
                    shards: None,
                    adding_replicas: None,
                    removing_replicas: None,
                },
                MetadataRecord::ProducerIds {
                    broker: NodeId(0),
                    first_producer_id: 0,
                    block_size: 1000,
                },
            ],
        );
        assert_eq!(image.applied_index(), 3);
        assert_eq!(image.applied_term(), 2);
        let names: Vec<_> = image.topics().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["a", "b"]);
        assert_eq!(image.topic_by_id(a).unwrap().partitions.len(), 3);
        let p1 = image.partition("a", 1).unwrap();
        assert_eq!(
            (p1.leader_epoch, p1.isr.len(), p1.shard),
            (LeaderEpoch(3), 0, ShardId(1))
        );
        assert_eq!(image.topic_configs("a")["retention.ms"], "5");
        assert_eq!(image.broker_configs(None)["log.retention.ms"], "9");
        assert!(image.broker_configs(Some(NodeId(0))).is_empty());
        assert_eq!(image.next_producer_id(), 1000);

        let rebuilt = Image::from_records(3, 2, &image.to_records());
        assert_eq!(rebuilt, image);
    }

    #[test]
    fn replays_are_idempotent_and_unknown_ids_ignored() {
        let mut image = Image::default();
        let a = TopicId([1; 16]);
        let records = topic_records("a", a, 2);
        image.apply_batch(1, 1, &records);
        let once = image.clone();
        image.apply_batch(1, 1, &records);
        assert_eq!(image, once);
        // Same name, other id: ignored. Unknown topic id: ignored.
        image.apply(&MetadataRecord::Topic {
            name: "a".into(),
            id: TopicId([3; 16]),
        });
        image.apply(&MetadataRecord::RemoveTopic {
            id: TopicId([9; 16]),
        });
        image.apply(&MetadataRecord::PartitionChange {
            topic_id: TopicId([9; 16]),
            partition: 0,
            leader: Some(NodeId(4)),
            leader_epoch: LeaderEpoch(9),
            isr: None,
            partition_epoch: None,
            elr: None,
            last_known_elr: None,
            leader_recovery_state: None,
            replicas: None,
            shards: None,
            adding_replicas: None,
            removing_replicas: None,
        });
        assert_eq!(image, once);
        // An older producer-id block never moves the next id backwards.
        image.apply(&MetadataRecord::ProducerIds {
            broker: NodeId(0),
            first_producer_id: 5000,
            block_size: 1000,
        });
        image.apply(&MetadataRecord::ProducerIds {
            broker: NodeId(0),
            first_producer_id: 0,
            block_size: 1000,
        });
        assert_eq!(image.next_producer_id(), 6000);
        image.apply(&MetadataRecord::RemoveTopic { id: a });
        assert!(image.topic("a").is_none() && image.topic_by_id(a).is_none());
    }

    fn register(node: i32, epoch: i64, fenced: bool) -> MetadataRecord {
        MetadataRecord::RegisterBroker {
            node_id: NodeId(node),
            listeners: vec![BrokerEndpoint {
                name: "PLAINTEXT".into(),
                host: "127.0.0.1".into(),
                port: 9092,
                security_protocol: 0,
            }],
            rack: None,
            num_shards: 2,
            incarnation_id: [node as u8; 16],
            broker_epoch: epoch,
            fenced,
            previous_broker_epoch: -1,
        }
    }

    fn fenced(image: &Image, node: i32) -> Option<(i64, bool)> {
        image.broker(NodeId(node)).map(|b| (b.epoch, b.fenced))
    }

    #[test]
    fn broker_changes_apply_only_to_the_registration_they_name() {
        let mut image = Image::default();
        image.apply(&register(1, 10, true));
        image.apply(&register(2, 11, false));
        assert_eq!(fenced(&image, 1), Some((10, true)));
        let change = |node, epoch, fenced| MetadataRecord::BrokerRegistrationChange {
            node_id: NodeId(node),
            broker_epoch: epoch,
            fenced,
            in_controlled_shutdown: None,
        };
        // A stale epoch, an unknown broker and an empty change leave the image as it is.
        let before = image.clone();
        image.apply(&change(1, 9, Some(false)));
        image.apply(&change(7, 10, Some(false)));
        image.apply(&change(1, 10, None));
        assert_eq!(image, before);
        image.apply(&change(1, 10, Some(false)));
        assert_eq!(fenced(&image, 1), Some((10, false)));
        image.apply(&change(2, 11, Some(true)));
        assert_eq!(fenced(&image, 2), Some((11, true)));

        // A re-registration is a new epoch: changes of the old one no longer apply.
        image.apply(&register(1, 20, true));
        image.apply(&change(1, 10, Some(false)));
        assert_eq!(fenced(&image, 1), Some((20, true)));

        let rebuilt = Image::from_records(5, 1, &image.to_records());
        assert_eq!(rebuilt, Image::from_records(5, 1, &rebuilt.to_records()));
        assert_eq!(
            rebuilt.brokers().collect::<Vec<_>>(),
            image.brokers().collect::<Vec<_>>()
        );

        let unregister = |node, epoch| MetadataRecord::UnregisterBroker {
            node_id: NodeId(node),
            broker_epoch: epoch,
        };
        image.apply(&unregister(1, 10));
        image.apply(&unregister(9, 10));
        assert_eq!(fenced(&image, 1), Some((20, true)), "stale epoch: kept");
        image.apply(&unregister(1, 20));
        assert_eq!(fenced(&image, 1), None);
        assert_eq!(image.brokers().count(), 1);
    }

    #[test]
    fn feature_levels_set_and_level_zero_is_kept() {
        let level = |name: &str, level| MetadataRecord::FeatureLevel {
            name: name.into(),
            level,
        };
        let mut image = Image::default();
        image.apply(&level("metadata.version", 27));
        image.apply(&level("kraft.version", 1));
        image.apply(&level("group.version", 0));
        assert_eq!(
            image.features().clone(),
            BTreeMap::from([
                ("group.version".to_string(), 0),
                ("kraft.version".to_string(), 1),
                ("metadata.version".to_string(), 27)
            ])
        );
        assert_eq!(image.feature_level("metadata.version"), 27);
        assert_eq!(image.feature_level("group.version"), 0);
        let rebuilt = Image::from_records(3, 1, &image.to_records());
        assert_eq!(rebuilt, Image::from_records(3, 1, &image.to_records()));
        assert_eq!(rebuilt.features(), image.features());
        image.apply(&level("kraft.version", 0));
        assert_eq!(image.feature_level("kraft.version"), 0);
        assert_eq!(image.features().len(), 3);
    }

    #[test]
    fn an_image_with_every_kind_of_state_survives_its_snapshot_records() {
        let mut image = Image::default();
        image.apply_batch(1, 1, &[register(0, 1, false), register(1, 2, true)]);
        image.apply_batch(2, 1, &topic_records("a", TopicId([1; 16]), 2));
        image.apply_batch(
            3,
            2,
            &[
                MetadataRecord::FeatureLevel {
                    name: "metadata.version".into(),
                    level: 27,
                },
                MetadataRecord::Config {
                    resource: ConfigResource::Group("g".into()),
                    name: "k".into(),
                    value: Some("v".into()),
                },
                MetadataRecord::ProducerIds {
                    broker: NodeId(0),
                    first_producer_id: 0,
                    block_size: 1000,
                },
            ],
        );
        let records = image.to_records();
        let decoded = crate::record::decode_batch(&crate::record::encode_batch(&records)).unwrap();
        assert_eq!(decoded, records);
        assert_eq!(Image::from_records(3, 2, &decoded), image);
    }

    #[test]
    fn clones_share_topics_until_written() {
        let mut image = Image::default();
        image.apply_batch(1, 1, &topic_records("a", TopicId([1; 16]), 1));
        let clone = image.clone();
        assert!(Arc::ptr_eq(&image.topics["a"], &clone.topics["a"]));
        image.apply(&MetadataRecord::Config {
            resource: ConfigResource::Topic("a".into()),
            name: "k".into(),
            value: Some("v".into()),
        });
        assert!(clone.topic_configs("a").is_empty());
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Image>();
    }
}
