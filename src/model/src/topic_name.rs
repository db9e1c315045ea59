//! Kafka's topic name rules (`org.apache.kafka.common.internals.Topic.validate`).

/// Kafka's `Topic.MAX_NAME_LENGTH`.
pub const TOPIC_NAME_LENGTH_MAX: usize = 249;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TopicNameError {
    #[error("Topic name is illegal, it can't be empty")]
    Empty,
    #[error("Topic name cannot be \".\" or \"..\"")]
    Dots,
    #[error("Topic name is illegal, it can't be longer than 249 characters, topic name: {0}")]
    TooLong(String),
    #[error("Topic name \"{0}\" is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'")]
    IllegalChars(String),
}

/// Kafka's internal topics (`Topic.isInternal`): flagged in metadata, protected from
/// DeleteRecords.
pub const INTERNAL_TOPICS: [&str; 3] = [
    "__consumer_offsets",
    "__transaction_state",
    "__share_group_state",
];

pub fn is_internal_topic(name: &str) -> bool {
    INTERNAL_TOPICS.contains(&name)
}

/// Checks a topic name against Kafka's rules: non-empty, not `.` or `..`, at most 249
/// characters, only ASCII alphanumerics, `.`, `_` and `-`.
pub fn validate_topic_name(name: &str) -> Result<(), TopicNameError> {
    if name.is_empty() {
        return Err(TopicNameError::Empty);
    }
    if name == "." || name == ".." {
        return Err(TopicNameError::Dots);
    }
    if name.len() > TOPIC_NAME_LENGTH_MAX {
        return Err(TopicNameError::TooLong(name.to_string()));
    }
    let legal = name
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'_' || b == b'-');
    if !legal {
        return Err(TopicNameError::IllegalChars(name.to_string()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kafka_rules() {
        assert!(validate_topic_name("orders.v1_a-b").is_ok());
        assert_eq!(validate_topic_name(""), Err(TopicNameError::Empty));
        assert_eq!(validate_topic_name("."), Err(TopicNameError::Dots));
        assert_eq!(validate_topic_name(".."), Err(TopicNameError::Dots));
        assert!(validate_topic_name(&"a".repeat(249)).is_ok());
        assert!(matches!(
            validate_topic_name(&"a".repeat(250)),
            Err(TopicNameError::TooLong(_))
        ));
        assert!(matches!(
            validate_topic_name("a b"),
            Err(TopicNameError::IllegalChars(_))
        ));
        assert!(matches!(
            validate_topic_name("a/b"),
            Err(TopicNameError::IllegalChars(_))
        ));
        assert!(matches!(
            validate_topic_name("é"),
            Err(TopicNameError::IllegalChars(_))
        ));
    }
}
