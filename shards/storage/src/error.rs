//! Storage errors. IO failures become KAFKA_STORAGE_ERROR for clients.

use model::ErrorCode;

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("io error on {context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },
    #[error("glommio error on {context}: {message}")]
    Runtime { context: String, message: String },
    /// A previous write or fsync failed; the log refuses further IO (fsync errors cannot be
    /// retried safely: the kernel may have dropped the dirty pages).
    #[error("log is offline after an earlier IO failure")]
    Offline,
    #[error("log is closed")]
    Closed,
    /// What the caller waited for was removed by a truncation (`truncate_to`,
    /// `truncate_fully_and_start_at`) before it was synced: this replica is a follower now.
    #[error("offsets up to {target} were truncated away (log end {log_end})")]
    Truncated { target: i64, log_end: i64 },
    /// What was read back from disk contradicts what the log promised (an index entry, the
    /// order of batches): the files were damaged after they were written or verified. An
    /// expected failure, answered KAFKA_STORAGE_ERROR — never an assertion.
    #[error("corrupt segment data in {partition}: {detail}")]
    Corrupt { partition: String, detail: String },
}

impl StorageError {
    pub(crate) fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        StorageError::Io {
            context: context.into(),
            source,
        }
    }

    pub(crate) fn runtime(context: impl Into<String>, err: impl std::fmt::Display) -> Self {
        StorageError::Runtime {
            context: context.into(),
            message: err.to_string(),
        }
    }

    pub fn error_code(&self) -> ErrorCode {
        match self {
            StorageError::Truncated { .. } => ErrorCode::NotLeaderOrFollower,
            _ => ErrorCode::KafkaStorageError,
        }
    }
}

/// Why an append was refused; carries the Kafka error code for the partition response.
#[derive(Debug, thiserror::Error)]
#[error("append failed with {code:?}: {message}")]
pub struct AppendError {
    pub code: ErrorCode,
    pub message: String,
}

impl AppendError {
    pub(crate) fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        AppendError {
            code,
            message: message.into(),
        }
    }
}

impl From<StorageError> for AppendError {
    fn from(e: StorageError) -> Self {
        AppendError::new(e.error_code(), e.to_string())
    }
}
