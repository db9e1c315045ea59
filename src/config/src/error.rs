//! The one error type of this crate. Its Display mirrors Kafka's `ConfigException` /
//! `InvalidConfigurationException` messages, so an operator moving from Kafka reads what they know.

use model::ErrorCode;
use std::fmt;

/// Where a bad value came from, so a start-up error points at the line to fix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A line of the properties file (1-based, the line the logical line starts on).
    Line(usize),
    /// A `--set key=value` command-line override.
    Override,
    /// An AlterConfigs / CreateTopics request or a stored metadata record.
    Request,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Line(line) => write!(f, "line {line}"),
            Origin::Override => f.write_str("--set"),
            Origin::Request => f.write_str("request"),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    /// The properties text itself is malformed (only `\u` escapes can be).
    #[error("Malformed properties at line {line}: {reason}")]
    Syntax { line: usize, reason: String },

    /// A value does not parse as its type or is out of its accepted range / set.
    /// `reason` names the accepted values, e.g. "Value must be at least 1048576".
    #[error("Invalid value {value} for configuration {key}: {reason}{}", origin_suffix(.origin))]
    InvalidValue {
        key: String,
        value: String,
        reason: String,
        origin: Option<Origin>,
    },

    /// Two keys that are each valid contradict each other.
    #[error("{reason}")]
    Conflict { reason: String },

    /// CreateTopics / AlterConfigs named a topic config that does not exist.
    #[error("Unknown topic config name: {name}")]
    UnknownTopicConfig { name: String },

    /// AlterConfigs on a broker named a key that is not dynamically alterable.
    #[error("Cannot update these configs dynamically: [{name}]")]
    NotDynamic { name: String },

    /// A group config that does not exist.
    #[error("Unknown group config name: {name}")]
    UnknownGroupConfig { name: String },

    /// A security key Kafka alters only per listener (`listener.name.<name>.<key>`).
    #[error("These security configs can be dynamically updated only per-listener using the listener prefix: [{name}]")]
    ListenerPrefixOnly { name: String },

    /// A per-broker key set as the cluster-wide default.
    #[error("Cannot update these configs at default cluster level, broker id must be specified: [{name}]")]
    PerBrokerOnly { name: String },

    /// The key is a broker config Kafka knows, but not one a broker resource accepts.
    #[error("Unknown broker config name: {name}")]
    UnknownBrokerConfig { name: String },
}

fn origin_suffix(origin: &Option<Origin>) -> String {
    match origin {
        Some(origin) => format!(" ({origin})"),
        None => String::new(),
    }
}

impl ConfigError {
    pub(crate) fn invalid(key: &str, value: &str, reason: impl Into<String>) -> ConfigError {
        ConfigError::InvalidValue {
            key: key.to_string(),
            value: value.to_string(),
            reason: reason.into(),
            origin: None,
        }
    }

    /// Attaches where the value came from (no-op for errors that carry no value).
    pub fn at(self, at: Origin) -> ConfigError {
        match self {
            ConfigError::InvalidValue {
                key, value, reason, ..
            } => ConfigError::InvalidValue {
                key,
                value,
                reason,
                origin: Some(at),
            },
            other => other,
        }
    }

    /// The Kafka error code an admin request answers with for this error.
    pub fn error_code(&self) -> ErrorCode {
        ErrorCode::InvalidConfig
    }

    /// The config key the error is about, when there is one.
    pub fn key(&self) -> Option<&str> {
        match self {
            ConfigError::InvalidValue { key, .. } => Some(key),
            ConfigError::UnknownTopicConfig { name }
            | ConfigError::NotDynamic { name }
            | ConfigError::ListenerPrefixOnly { name }
            | ConfigError::PerBrokerOnly { name }
            | ConfigError::UnknownGroupConfig { name }
            | ConfigError::UnknownBrokerConfig { name } => Some(name),
            ConfigError::Syntax { .. } | ConfigError::Conflict { .. } => None,
        }
    }
}
