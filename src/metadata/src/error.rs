//! Errors of the metadata log.

use std::io;
use std::path::{Path, PathBuf};

use model::ErrorCode;

/// Why the metadata log could not open, commit or snapshot. Every disk problem names its file.
#[derive(Debug, thiserror::Error)]
pub enum MetadataError {
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: io::Error },
    #[error("{path}: corrupt: {reason}")]
    Corrupt { path: PathBuf, reason: String },
    #[error("{path}: formatted for node.id {found}, but this node is node.id {expected}")]
    NodeIdMismatch {
        path: PathBuf,
        found: i32,
        expected: i32,
    },
    #[error("{path}: formatted for cluster.id {found}, but expected cluster.id {expected}")]
    ClusterIdMismatch {
        path: PathBuf,
        found: String,
        expected: String,
    },
    #[error("metadata entry {index} is corrupt: {reason}")]
    CorruptEntry { index: u64, reason: String },
    #[error("node.id {0} cannot vote in the metadata quorum: node ids start at 0")]
    InvalidNodeId(i32),
    #[error("raft: {0}")]
    Raft(#[from] raft::Error),
    #[error("this node is not the metadata leader (leader raft id {leader_raft_id}, 0 = none)")]
    NotLeader { leader_raft_id: u64 },
    #[error("metadata entry {index} was proposed but is not committed yet")]
    NotCommitted { index: u64 },
    #[error("metadata batch of {bytes} bytes exceeds the limit of {bytes_max}")]
    BatchTooLarge { bytes: usize, bytes_max: usize },
    #[error("the metadata log failed earlier ({0}); restart the process to recover from disk")]
    Failed(String),
}

impl MetadataError {
    pub(crate) fn io(path: &Path, source: io::Error) -> Self {
        MetadataError::Io {
            path: path.to_owned(),
            source,
        }
    }

    pub(crate) fn corrupt(path: &Path, reason: impl Into<String>) -> Self {
        MetadataError::Corrupt {
            path: path.to_owned(),
            reason: reason.into(),
        }
    }

    /// The Kafka error code a client sees when its admin request fails with this error.
    pub fn error_code(&self) -> ErrorCode {
        match self {
            MetadataError::NotLeader { .. } => ErrorCode::NotController,
            MetadataError::NotCommitted { .. } => ErrorCode::RequestTimedOut,
            MetadataError::BatchTooLarge { .. } => ErrorCode::PolicyViolation,
            MetadataError::Io { .. } | MetadataError::Failed(_) => ErrorCode::KafkaStorageError,
            _ => ErrorCode::UnknownServerError,
        }
    }
}
