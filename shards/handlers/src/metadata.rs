//! Metadata (key 3), v0–12, with Kafka's topic auto-creation.

use crate::auth::Authz;
use crate::util::{broker, str_bytes, topic_name, uuid, AUTHORIZED_OPERATIONS_OMITTED};
use crate::Handlers;
use kafka_protocol::messages::metadata_response::{
    MetadataResponseBroker, MetadataResponsePartition, MetadataResponseTopic,
};
use kafka_protocol::messages::{MetadataRequest, MetadataResponse};
use metadata::acl::{AclOperation, ResourceType};
use metadata::Image;
use model::{validate_topic_name, ErrorCode, NodeId, TopicId};
use runtime::controller::ControllerRequest;
use std::collections::BTreeMap;
use std::rc::Rc;

pub async fn handle(
    ctx: &Rc<Handlers>,
    req: MetadataRequest,
    version: i16,
    auth: &Authz<'_>,
) -> MetadataResponse {
    let image = ctx.shard.image();
    // v0: an empty list means all topics; v1+: null means all.
    let requested: Option<Vec<(Option<String>, TopicId)>> = match req.topics {
        None => None,
        Some(t) if t.is_empty() && version == 0 => None,
        Some(t) => Some(
            t.into_iter()
                .map(|t| {
                    (
                        t.name.map(|n| n.0.to_string()),
                        TopicId(*t.topic_id.as_bytes()),
                    )
                })
                .collect(),
        ),
    };
    let auto_create = (version < 4 || req.allow_auto_topic_creation)
        && ctx.shard.config.auto_create_topics_enable;
    let mut topics = Vec::new();
    let image = match &requested {
        None => {
            // Topics the caller may not describe are left out, unannounced.
            for t in image.topics() {
                if auth.quietly(AclOperation::Describe, ResourceType::Topic, &t.name) {
                    topics.push(topic_response(&image, &t.name, version));
                }
            }
            image
        }
        Some(list) => {
            let mut image = image;
            for (name, id) in list {
                let name = match name {
                    Some(n) => n.clone(),
                    None => match image.topic_by_id(*id) {
                        Some(t) => t.name.clone(),
                        None => {
                            topics.push(error_topic(None, *id, ErrorCode::UnknownTopicId, version));
                            continue;
                        }
                    },
                };
                // Without DESCRIBE the answer is the same whether the topic exists or not
                // (by id, the id is no secret: Kafka answers it).
                if !auth.topic(AclOperation::Describe, &name) {
                    let (name, id) = match name_given(list, &name) {
                        true => (Some(name.as_str()), TopicId::ZERO),
                        false => (None, *id),
                    };
                    topics.push(error_topic(
                        name,
                        id,
                        ErrorCode::TopicAuthorizationFailed,
                        version,
                    ));
                    continue;
                }
                if image.topic(&name).is_none() {
                    if validate_topic_name(&name).is_err() {
                        topics.push(error_topic(
                            Some(&name),
                            TopicId::ZERO,
                            ErrorCode::InvalidTopicException,
                            version,
                        ));
                        continue;
                    }
                    if auto_create
                        && !auth.cluster_quietly(AclOperation::Create)
                        && !auth.topic(AclOperation::Create, &name)
                    {
                        let mut r = error_topic(
                            Some(&name),
                            TopicId::ZERO,
                            ErrorCode::TopicAuthorizationFailed,
                            version,
                        );
                        if version >= 1 {
                            r.is_internal = model::is_internal_topic(&name);
                        }
                        topics.push(r);
                        continue;
                    }
                    if auto_create {
                        match create_default_topic(ctx, &name).await {
                            Ok(()) => image = ctx.shard.image(),
                            Err(code) => {
                                topics.push(error_topic(Some(&name), TopicId::ZERO, code, version));
                                continue;
                            }
                        }
                    }
                }
                topics.push(topic_response(&image, &name, version));
            }
            image
        }
    };
    let _ = image;
    let brokers = live_brokers(ctx)
        .into_iter()
        .map(|b| {
            MetadataResponseBroker::default()
                .with_node_id(broker(b.node))
                .with_host(str_bytes(b.host))
                .with_port(i32::from(b.port))
                .with_rack(b.rack.map(str_bytes))
        })
        .collect();
    let mut response = MetadataResponse::default()
        .with_brokers(brokers)
        .with_topics(topics);
    if version >= 1 {
        response.controller_id = broker(controller_id(ctx));
    }
    if version >= 2 {
        response.cluster_id = Some(str_bytes(ctx.shard.cluster_id.clone()));
    }
    if (8..=10).contains(&version) {
        response.cluster_authorized_operations = if !req.include_cluster_authorized_operations {
            AUTHORIZED_OPERATIONS_OMITTED
        } else if auth.cluster(AclOperation::Describe) {
            auth.operations(ResourceType::Cluster, metadata::acl::CLUSTER_NAME)
        } else {
            0
        };
    }
    // KIP-430: the caller's operations on each topic answered without an error of its own.
    if version >= 8 && req.include_topic_authorized_operations {
        for t in &mut response.topics {
            let listed = t.error_code == ErrorCode::None.code()
                || t.error_code == ErrorCode::UnknownTopicOrPartition.code()
                || t.error_code == ErrorCode::LeaderNotAvailable.code();
            if let (true, Some(name)) = (listed, &t.name) {
                t.topic_authorized_operations = auth.operations(ResourceType::Topic, name);
            }
        }
    }
    response
}

/// Whether the request named topic `name` by name (not only by id).
fn name_given(list: &[(Option<String>, TopicId)], name: &str) -> bool {
    list.iter().any(|(n, _)| n.as_deref() == Some(name))
}

/// The host and port clients should use for this broker (the first advertised listener).
/// A broker as Metadata and DescribeCluster list it.
pub(crate) struct ListedBroker {
    pub node: i32,
    pub host: String,
    pub port: u16,
    pub rack: Option<String>,
}

/// This node (as it advertises itself) and every other registered broker, by the endpoint of
/// the same listener name.
pub(crate) fn live_brokers(ctx: &Handlers) -> Vec<ListedBroker> {
    let config = &ctx.shard.config;
    let own = config.node_id;
    let (host, port) = advertised(ctx);
    let listener = own_listener(ctx).map(|l| l.name.clone());
    let mut brokers = vec![ListedBroker {
        node: own,
        host,
        port,
        rack: config.broker_rack.clone(),
    }];
    let image = ctx.shard.image();
    // Fenced brokers (no heartbeat within broker.session.timeout.ms) are not shown, as Kafka.
    for b in image.brokers().filter(|b| b.node_id.0 != own && !b.fenced) {
        let endpoint = b
            .listeners
            .iter()
            .find(|e| Some(&e.name) == listener.as_ref())
            .or(b.listeners.first());
        if let Some(e) = endpoint {
            brokers.push(ListedBroker {
                node: b.node_id.0,
                host: e.host.clone(),
                port: e.port,
                rack: b.rack.clone(),
            });
        }
    }
    brokers.sort_by_key(|b| b.node);
    brokers
}

/// The active controller as clients see it: the metadata quorum's leader when it is a broker,
/// else this broker (-1 while there is no leader).
pub(crate) fn controller_id(ctx: &Handlers) -> i32 {
    match ctx.shard.lifecycle().metadata_leader() {
        // A controller-only leader is no broker clients can reach: as Kafka (KIP-590), name
        // this broker, which forwards controller requests to it.
        Some(leader) if live_brokers(ctx).iter().any(|b| b.node == leader) => leader,
        Some(_) => ctx.shard.config.node_id,
        None => -1,
    }
}

pub(crate) fn advertised(ctx: &Handlers) -> (String, u16) {
    own_listener(ctx)
        .map(|l| (l.host.clone(), l.port))
        .unwrap_or_else(|| ("127.0.0.1".into(), 9092))
}

/// The advertised listener of the connection's listener, else the first advertised one.
fn own_listener(ctx: &Handlers) -> Option<&config::Listener> {
    let config = &ctx.shard.config;
    let named = ctx
        .listener_name
        .as_ref()
        .and_then(|name| config.advertised_listeners.iter().find(|l| &l.name == name));
    named
        .or(config.advertised_listeners.first())
        .or(config.listeners.first())
}

/// Auto-creates a topic with the broker's defaults (`num.partitions`, `default.replication.factor`).
pub(crate) async fn create_default_topic(ctx: &Rc<Handlers>, name: &str) -> Result<(), ErrorCode> {
    let req = ControllerRequest::CreateTopic {
        name: name.to_string(),
        partitions: ctx.shard.config.num_partitions,
        replication_factor: ctx.shard.config.default_replication_factor,
        configs: BTreeMap::new(),
        validate_only: false,
        assignments: Vec::new(),
    };
    match ctx.shard.controller(req).await {
        Ok(_) => Ok(()),
        // Another request created it meanwhile: fine.
        Err(e) if e.code == ErrorCode::TopicAlreadyExists => Ok(()),
        Err(e) => Err(e.code),
    }
}

/// The replicas of `p` whose broker is fenced, or not registered while some broker is (a
/// single node before its registration has every replica online).
pub(crate) fn offline_replicas<'a>(
    image: &'a Image,
    p: &'a metadata::PartitionImage,
) -> impl Iterator<Item = NodeId> + 'a {
    let any_registered = image.brokers().next().is_some();
    p.replicas
        .iter()
        .copied()
        .filter(move |n| match image.broker(*n) {
            Some(b) => b.fenced,
            None => any_registered,
        })
}

fn topic_response(image: &Image, name: &str, version: i16) -> MetadataResponseTopic {
    let Some(topic) = image.topic(name) else {
        return error_topic(
            Some(name),
            TopicId::ZERO,
            ErrorCode::UnknownTopicOrPartition,
            version,
        );
    };
    let partitions = topic
        .partitions
        .iter()
        .map(|(index, p)| {
            let mut r = MetadataResponsePartition::default()
                .with_partition_index(*index)
                .with_leader_id(broker(p.leader.0))
                .with_replica_nodes(p.replicas.iter().map(|n: &NodeId| broker(n.0)).collect())
                .with_isr_nodes(p.isr.iter().map(|n: &NodeId| broker(n.0)).collect());
            // Kafka: a partition without a leader answers LEADER_NOT_AVAILABLE.
            if p.leader.0 < 0 {
                r.error_code = ErrorCode::LeaderNotAvailable.code();
            }
            if version >= 5 {
                r.offline_replicas = offline_replicas(image, p).map(|n| broker(n.0)).collect();
            }
            if version >= 7 {
                r.leader_epoch = p.leader_epoch.0;
            }
            r
        })
        .collect();
    let mut r = MetadataResponseTopic::default()
        .with_name(Some(topic_name(name)))
        .with_partitions(partitions);
    if version >= 1 {
        r.is_internal = model::is_internal_topic(name);
    }
    if version >= 10 {
        r.topic_id = uuid(topic.id);
    }
    if version >= 8 {
        r.topic_authorized_operations = AUTHORIZED_OPERATIONS_OMITTED;
    }
    r
}

fn error_topic(
    name: Option<&str>,
    id: TopicId,
    code: ErrorCode,
    version: i16,
) -> MetadataResponseTopic {
    let mut r = MetadataResponseTopic::default()
        .with_error_code(code.code())
        .with_name(name.map(topic_name));
    if version >= 10 {
        r.topic_id = uuid(id);
    }
    if version >= 8 {
        r.topic_authorized_operations = AUTHORIZED_OPERATIONS_OMITTED;
    }
    r
}

/// A topic's effective configs: its overrides over dynamic and static broker config.
pub(crate) fn topic_config(
    ctx: &Handlers,
    image: &Image,
    topic: &str,
) -> std::rc::Rc<config::EffectiveLogConfig> {
    runtime::apply::effective_topic_config(&ctx.shard, image, topic)
}
