//! The cluster as the bench sees it: brokers, partition leaders, topic creation and log end
//! offsets, all through one bootstrap connection.

use crate::wire::Connection;
use anyhow::{bail, Context, Result};
use kafka_protocol::messages::{
    create_topics_request::{CreatableTopic, CreatableTopicConfig},
    describe_configs_request::DescribeConfigsResource,
    list_offsets_request::ListOffsetsPartition,
    list_offsets_request::ListOffsetsTopic,
    metadata_request::MetadataRequestTopic,
    ApiKey, BrokerId, CreateTopicsRequest, DescribeConfigsRequest, ListOffsetsRequest,
    ListOffsetsResponse, MetadataRequest, TopicName,
};
use kafka_protocol::protocol::StrBytes;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// Version ranges this client implements (all use topic names, not topic ids).
pub const PRODUCE_VERSIONS: (i16, i16) = (3, 9);
pub const FETCH_VERSIONS: (i16, i16) = (4, 12);
const METADATA_VERSIONS: (i16, i16) = (1, 12);
const CREATE_TOPICS_VERSIONS: (i16, i16) = (2, 5);
const LIST_OFFSETS_VERSIONS: (i16, i16) = (1, 7);
/// Kafka's UNKNOWN_TOPIC_OR_PARTITION, LEADER_NOT_AVAILABLE and TOPIC_ALREADY_EXISTS codes.
const UNKNOWN_TOPIC_OR_PARTITION: i16 = 3;
const LEADER_NOT_AVAILABLE: i16 = 5;
const TOPIC_ALREADY_EXISTS: i16 = 36;
/// CreateTopics errors worth retrying while a cluster comes up: REQUEST_TIMED_OUT,
/// INVALID_REPLICATION_FACTOR (fewer brokers registered than replicas asked for yet),
/// NOT_CONTROLLER.
const CREATE_RETRIABLE: [i16; 3] = [7, 38, 41];
const DESCRIBE_CONFIGS_VERSIONS: (i16, i16) = (1, 4);
/// Kafka's `ConfigResource.Type.TOPIC`.
const RESOURCE_TYPE_TOPIC: i8 = 2;
/// Kafka's default `message.max.bytes` (1 MiB + 12 bytes of log overhead), assumed when the
/// broker does not say.
const MAX_MESSAGE_BYTES_DEFAULT: usize = 1_048_588;
/// How long to wait for a new topic's leaders. Reason: Kafka elects them within seconds.
const LEADERS_WAIT: Duration = Duration::from_secs(30);

/// A topic's partitions and where their leaders listen.
#[derive(Clone, Debug)]
pub struct TopicLayout {
    pub topic: String,
    /// Partition index → leader node id.
    pub leaders: BTreeMap<i32, i32>,
    /// Node id → "host:port".
    pub addresses: BTreeMap<i32, String>,
    /// The topic's `max.message.bytes`: no batch may be larger.
    pub max_message_bytes: usize,
    /// Partition index → (replicas, in-sync replicas).
    pub replicas: BTreeMap<i32, (Vec<i32>, Vec<i32>)>,
}

/// How to create a missing topic.
#[derive(Clone, Debug, Default)]
pub struct TopicSpec {
    pub partitions: i32,
    /// None: the broker's `default.replication.factor`.
    pub replication_factor: Option<i16>,
    /// Topic configs (`min.insync.replicas`, ...) given at creation.
    pub configs: Vec<(String, String)>,
}

impl TopicLayout {
    pub fn partitions(&self) -> Vec<i32> {
        self.leaders.keys().copied().collect()
    }

    pub fn address_of(&self, node: i32) -> Result<&str> {
        self.addresses
            .get(&node)
            .map(String::as_str)
            .with_context(|| format!("no address for broker {node}"))
    }
}

/// Finds the topic, creating it with `partitions` partitions if missing, and waits until
/// every partition has a leader.
pub fn ensure_topic(bootstrap: &str, topic: &str, partitions: i32) -> Result<TopicLayout> {
    ensure_topic_with(
        bootstrap,
        topic,
        &TopicSpec {
            partitions,
            ..TopicSpec::default()
        },
    )
}

/// As `ensure_topic`, creating a missing topic as `spec` says. With an explicit replication
/// factor it also waits until every partition's replicas are all in sync, so a measurement
/// does not start while followers are still joining.
pub fn ensure_topic_with(bootstrap: &str, topic: &str, spec: &TopicSpec) -> Result<TopicLayout> {
    let mut connection = Connection::connect(bootstrap)?;
    let deadline = Instant::now() + LEADERS_WAIT;
    let mut created = false;
    let mut last = String::new();
    loop {
        match describe(&mut connection, topic)? {
            Described::Ready(mut layout) => {
                let in_sync = spec.replication_factor.is_none()
                    || layout.replicas.values().all(|(replicas, isr)| {
                        replicas.len() == spec.replication_factor.unwrap_or(1) as usize
                            && isr.len() >= replicas.len()
                    });
                if in_sync {
                    layout.max_message_bytes = max_message_bytes(&mut connection, topic);
                    return Ok(layout);
                }
                last = format!("replicas/isr {:?}", layout.replicas);
            }
            Described::Missing if !created => {
                created = create(&mut connection, topic, spec)?;
            }
            Described::Missing | Described::NotReady => {}
        }
        if Instant::now() > deadline {
            bail!("topic {topic} not ready after {LEADERS_WAIT:?} (created: {created}) {last}");
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

enum Described {
    Ready(TopicLayout),
    Missing,
    NotReady,
}

fn describe(connection: &mut Connection, topic: &str) -> Result<Described> {
    let version = connection
        .versions
        .pick(ApiKey::Metadata, METADATA_VERSIONS)?;
    let request = MetadataRequest::default()
        .with_topics(Some(vec![MetadataRequestTopic::default().with_name(Some(
            TopicName(StrBytes::from_string(topic.to_string())),
        ))]))
        .with_allow_auto_topic_creation(false);
    let response = connection.call(&request, version)?;
    let addresses = response
        .brokers
        .iter()
        .map(|b| (b.node_id.0, format!("{}:{}", b.host.as_str(), b.port)))
        .collect();
    let Some(found) = response.topics.first() else {
        return Ok(Described::NotReady);
    };
    match found.error_code {
        0 => {}
        UNKNOWN_TOPIC_OR_PARTITION => return Ok(Described::Missing),
        LEADER_NOT_AVAILABLE => return Ok(Described::NotReady),
        code => bail!("Metadata for {topic}: error code {code}"),
    }
    let leaders: BTreeMap<i32, i32> = found
        .partitions
        .iter()
        .map(|p| (p.partition_index, p.leader_id.0))
        .collect();
    let replicas = found
        .partitions
        .iter()
        .map(|p| {
            let ids = |nodes: &[BrokerId]| nodes.iter().map(|n| n.0).collect::<Vec<i32>>();
            (
                p.partition_index,
                (ids(&p.replica_nodes), ids(&p.isr_nodes)),
            )
        })
        .collect();
    if leaders.is_empty() || leaders.values().any(|&leader| leader < 0) {
        return Ok(Described::NotReady);
    }
    Ok(Described::Ready(TopicLayout {
        topic: topic.to_string(),
        leaders,
        addresses,
        max_message_bytes: MAX_MESSAGE_BYTES_DEFAULT,
        replicas,
    }))
}

/// Creates the topic; false when the cluster is not ready for it yet (try again).
fn create(connection: &mut Connection, topic: &str, spec: &TopicSpec) -> Result<bool> {
    let version = connection
        .versions
        .pick(ApiKey::CreateTopics, CREATE_TOPICS_VERSIONS)?;
    // -1 (the broker's default replication factor) needs v4; before that ask for 1.
    let replication_factor = spec
        .replication_factor
        .unwrap_or(if version >= 4 { -1 } else { 1 });
    let configs = spec
        .configs
        .iter()
        .map(|(name, value)| {
            CreatableTopicConfig::default()
                .with_name(StrBytes::from_string(name.clone()))
                .with_value(Some(StrBytes::from_string(value.clone())))
        })
        .collect();
    let request = CreateTopicsRequest::default()
        .with_topics(vec![CreatableTopic::default()
            .with_name(TopicName(StrBytes::from_string(topic.to_string())))
            .with_num_partitions(spec.partitions)
            .with_replication_factor(replication_factor)
            .with_configs(configs)])
        .with_timeout_ms(30_000);
    let response = connection.call(&request, version)?;
    for result in &response.topics {
        if CREATE_RETRIABLE.contains(&result.error_code) {
            return Ok(false);
        }
        if result.error_code != 0 && result.error_code != TOPIC_ALREADY_EXISTS {
            let message = result
                .error_message
                .as_ref()
                .map(|m| m.as_str().to_string());
            bail!(
                "CreateTopics {topic}: error code {} {message:?}",
                result.error_code
            );
        }
    }
    let partitions = spec.partitions;
    if spec.replication_factor.is_some() || !spec.configs.is_empty() {
        eprintln!(
            "created topic {topic} with {partitions} partition(s), replication factor \
             {replication_factor}, configs {:?}",
            spec.configs
        );
    } else {
        eprintln!("created topic {topic} with {partitions} partition(s)");
    }
    Ok(true)
}

/// The topic's `max.message.bytes` from DescribeConfigs; Kafka's default when the broker does
/// not answer it (the bench then stays under Kafka's limit, which no broker lowers by default).
fn max_message_bytes(connection: &mut Connection, topic: &str) -> usize {
    match describe_max_message_bytes(connection, topic) {
        Ok(bytes) => bytes,
        Err(err) => {
            eprintln!(
                "max.message.bytes of {topic} unknown ({err:#}); assuming {MAX_MESSAGE_BYTES_DEFAULT}"
            );
            MAX_MESSAGE_BYTES_DEFAULT
        }
    }
}

fn describe_max_message_bytes(connection: &mut Connection, topic: &str) -> Result<usize> {
    const KEY: &str = "max.message.bytes";
    let version = connection
        .versions
        .pick(ApiKey::DescribeConfigs, DESCRIBE_CONFIGS_VERSIONS)?;
    let request =
        DescribeConfigsRequest::default().with_resources(vec![DescribeConfigsResource::default()
            .with_resource_type(RESOURCE_TYPE_TOPIC)
            .with_resource_name(StrBytes::from_string(topic.to_string()))
            .with_configuration_keys(Some(vec![StrBytes::from_static_str(KEY)]))]);
    let response = connection.call(&request, version)?;
    let result = response.results.first().context("no result")?;
    if result.error_code != 0 {
        bail!("error code {}", result.error_code);
    }
    let value = result
        .configs
        .iter()
        .find(|config| config.name.as_str() == KEY)
        .and_then(|config| config.value.as_ref())
        .context("no value")?;
    let bytes: usize = value.as_str().parse().context("not a number")?;
    Ok(bytes)
}

/// The log end offsets ("latest") of `partitions`, asked of `connection`'s broker.
pub fn latest_offsets(
    connection: &mut Connection,
    topic: &str,
    partitions: &[i32],
) -> Result<BTreeMap<i32, i64>> {
    let version = connection
        .versions
        .pick(ApiKey::ListOffsets, LIST_OFFSETS_VERSIONS)?;
    let request = ListOffsetsRequest::default()
        .with_replica_id(BrokerId(-1))
        .with_topics(vec![ListOffsetsTopic::default()
            .with_name(TopicName(StrBytes::from_string(topic.to_string())))
            .with_partitions(
                partitions
                    .iter()
                    .map(|&p| {
                        ListOffsetsPartition::default()
                            .with_partition_index(p)
                            .with_current_leader_epoch(-1)
                            .with_timestamp(-1)
                    })
                    .collect(),
            )]);
    let deadline = Instant::now() + LEADERS_WAIT;
    loop {
        let response = connection.call(&request, version)?;
        match offsets_of(&response) {
            // A new topic's leader may not serve yet although Metadata names it.
            Err(code) if crate::is_retriable(code) && Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(200));
            }
            Err(code) => bail!("ListOffsets {topic}: error code {code}"),
            Ok(offsets) => return Ok(offsets),
        }
    }
}

/// The offsets of a ListOffsets answer, or the first partition error code.
fn offsets_of(response: &ListOffsetsResponse) -> std::result::Result<BTreeMap<i32, i64>, i16> {
    let mut offsets = BTreeMap::new();
    for partition in response.topics.iter().flat_map(|t| &t.partitions) {
        if partition.error_code != 0 {
            return Err(partition.error_code);
        }
        offsets.insert(partition.partition_index, partition.offset);
    }
    Ok(offsets)
}
