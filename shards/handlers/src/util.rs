//! Small conversions shared by handlers.

use kafka_protocol::messages::{BrokerId, TopicName};
use kafka_protocol::protocol::StrBytes;
use model::TopicId;

pub(crate) fn topic_name(name: &str) -> TopicName {
    TopicName(StrBytes::from_string(name.to_string()))
}

pub(crate) fn str_bytes(s: impl Into<String>) -> StrBytes {
    StrBytes::from_string(s.into())
}

pub(crate) fn uuid(id: TopicId) -> uuid::Uuid {
    uuid::Uuid::from_bytes(id.0)
}

pub(crate) fn topic_id(id: &uuid::Uuid) -> TopicId {
    TopicId(*id.as_bytes())
}

pub(crate) fn broker(id: i32) -> BrokerId {
    BrokerId(id)
}

/// Kafka's "authorized operations not requested" sentinel.
pub(crate) const AUTHORIZED_OPERATIONS_OMITTED: i32 = i32::MIN;
