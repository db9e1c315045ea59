//! Model types shared by every Sluice crate: offsets, epochs, ids, topic names and
//! Kafka error codes.
//!
//! Runs anywhere (no runtime, no IO). Invariant: these types are plain values;
//! they never allocate on behalf of a client beyond the bytes already received.
//! Deliberately not here: wire encoding (see `protocol`), record batches (see `batch`).

use std::fmt;

mod error_code;
mod sim_rng;
mod topic_name;

pub use error_code::ErrorCode;
pub use sim_rng::SimRng;
pub use topic_name::{
    is_internal_topic, validate_topic_name, TopicNameError, INTERNAL_TOPICS, TOPIC_NAME_LENGTH_MAX,
};

/// A Kafka offset: position of a record in a partition's log. Kafka offset = log offset.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Offset(pub i64);

/// A partition leader epoch.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LeaderEpoch(pub i32);

/// Index of a shard (one glommio executor, one core).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ShardId(pub u16);

/// A broker / controller node id (`node.id`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NodeId(pub i32);

/// A producer id handed out by InitProducerId.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ProducerId(pub i64);

/// A topic id (Kafka's topic UUID), as 16 raw bytes.
#[derive(Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TopicId(pub [u8; 16]);

impl TopicId {
    pub const ZERO: TopicId = TopicId([0; 16]);

    pub fn random() -> TopicId {
        // Kafka never hands out the all-zero id nor the "metadata topic" sentinel (1).
        loop {
            let id = *uuid::Uuid::new_v4().as_bytes();
            if id != [0; 16] && u128::from_be_bytes(id) != 1 {
                return TopicId(id);
            }
        }
    }

    pub fn is_zero(&self) -> bool {
        self.0 == [0; 16]
    }

    pub fn as_uuid(&self) -> uuid::Uuid {
        uuid::Uuid::from_bytes(self.0)
    }

    /// A random id as `kafka-storage random-uuid` prints it: never one whose text starts with
    /// `-` (it would read as a command-line flag), nor the reserved zero and one ids.
    pub fn random_printable() -> TopicId {
        loop {
            let id = TopicId::random();
            if !id.to_string().starts_with('-') {
                return id;
            }
        }
    }

    /// Parses Kafka's text form (22 URL-safe base64 digits, no padding), as `Uuid.fromString`.
    pub fn parse(text: &str) -> Option<TopicId> {
        if text.len() != 22 {
            return None;
        }
        let mut n: u128 = 0;
        for (i, c) in text.bytes().enumerate() {
            let digit = match c {
                b'A'..=b'Z' => c - b'A',
                b'a'..=b'z' => c - b'a' + 26,
                b'0'..=b'9' => c - b'0' + 52,
                b'-' => 62,
                b'_' => 63,
                _ => return None,
            } as u128;
            if i < 21 {
                n = (n << 6) | digit;
            } else {
                // The last digit carries the final 2 bits in its high bits; the rest is zero.
                if digit & 0x0f != 0 {
                    return None;
                }
                n = (n << 2) | (digit >> 4);
            }
        }
        Some(TopicId(n.to_be_bytes()))
    }
}

impl fmt::Debug for TopicId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TopicId({})", self)
    }
}

/// Kafka prints topic ids as URL-safe base64 without padding (22 chars).
impl fmt::Display for TopicId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const ALPHABET: &[u8; 64] =
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let mut out = String::with_capacity(22);
        let n = u128::from_be_bytes(self.0);
        // 128 bits -> 22 base64 digits (the last one holds 2 bits, shifted left by 4).
        for i in 0..22 {
            let shift = 128i32 - 6 * (i + 1);
            let digit = if shift >= 0 {
                (n >> shift) & 0x3f
            } else {
                (n << (-shift)) & 0x3f
            };
            out.push(ALPHABET[digit as usize] as char);
        }
        f.write_str(&out)
    }
}

/// Identifies a partition by topic name and index.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TopicPartition {
    pub topic: String,
    pub partition: i32,
}

impl TopicPartition {
    pub fn new(topic: impl Into<String>, partition: i32) -> Self {
        TopicPartition {
            topic: topic.into(),
            partition,
        }
    }

    /// The directory name of this partition's log, as in Kafka: `<topic>-<partition>`.
    pub fn dir_name(&self) -> String {
        format!("{}-{}", self.topic, self.partition)
    }
}

impl fmt::Display for TopicPartition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.topic, self.partition)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topic_ids_parse_back_from_their_text() {
        for _ in 0..1000 {
            let id = TopicId::random_printable();
            let text = id.to_string();
            assert!(!text.starts_with('-'));
            assert_eq!(TopicId::parse(&text), Some(id), "{text}");
        }
        assert_eq!(
            TopicId::parse("AAAAAAAAAAAAAAAAAAAAAA"),
            Some(TopicId::ZERO)
        );
        assert_eq!(
            TopicId::parse("AAAAAAAAAAAAAAAAAAAAAB"),
            None,
            "stray low bits"
        );
        assert_eq!(TopicId::parse("too-short"), None);
        assert_eq!(TopicId::parse("AAAAAAAAAAAAAAAAAAAA=="), None);
    }

    #[test]
    fn topic_id_prints_like_kafka() {
        // Kafka's Uuid.toString of 0x0000..01 is "AAAAAAAAAAAAAAAAAAAAAQ".
        let mut id = [0u8; 16];
        id[15] = 1;
        assert_eq!(TopicId(id).to_string(), "AAAAAAAAAAAAAAAAAAAAAQ");
        assert_eq!(TopicId([0xff; 16]).to_string(), "_____________________w");
    }

    #[test]
    fn random_topic_ids_are_never_reserved() {
        for _ in 0..100 {
            let id = TopicId::random();
            assert!(!id.is_zero());
        }
    }
}
