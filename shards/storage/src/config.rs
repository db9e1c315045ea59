//! Per-partition log configuration (Kafka's topic-level `segment.bytes`, `retention.ms`, …).

/// Topic configuration of one partition's log. Kafka key names are given per field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogConfig {
    /// `segment.bytes`: roll when the next batch would take the active segment past this.
    /// Clamped to `SEGMENT_BYTES_MAX` because index positions are i32.
    pub segment_bytes: u64,
    /// `segment.ms`: roll when the active segment's first append is older than this.
    pub segment_ms: i64,
    /// `retention.ms`; -1 = infinite.
    pub retention_ms: i64,
    /// `retention.bytes`; -1 = infinite.
    pub retention_bytes: i64,
    /// `index.interval.bytes`: bytes appended between two sparse index entries.
    pub index_interval_bytes: u32,
    /// `max.message.bytes`: largest batch accepted (checked by the caller through `batch`).
    pub max_message_bytes: u32,
    /// `flush.messages`: 1 = fdatasync before acknowledging (Sluice's durable default);
    /// > 1 relaxes to Kafka's behaviour of syncing after that many unflushed messages.
    pub flush_interval_messages: u64,
    /// `flush.ms`: also sync when the last sync is older than this (relaxed mode only).
    pub flush_interval_ms: Option<u64>,
    /// `message.timestamp.type=LogAppendTime`.
    pub timestamp_type_log_append: bool,
    /// `file.delete.delay.ms`: deleted segments linger as `.deleted` files this long.
    pub file_delete_delay_ms: u64,
    /// `cleanup.policy` contains `delete`: time and size retention trim the log. A compact-only
    /// topic (false) is never trimmed by `retention.ms`/`retention.bytes`, as in Kafka; its log
    /// start still moves when the owner moves it (DeleteRecords by the broker itself).
    pub retention_delete: bool,
}

/// Index positions are i32 in Kafka's format, so a segment can never exceed this.
pub const SEGMENT_BYTES_MAX: u64 = i32::MAX as u64;

impl Default for LogConfig {
    /// Kafka's defaults, with Sluice's durable flushing.
    fn default() -> Self {
        LogConfig {
            segment_bytes: 1 << 30,
            segment_ms: 7 * 24 * 3600 * 1000,
            retention_ms: 7 * 24 * 3600 * 1000,
            retention_bytes: -1,
            index_interval_bytes: 4096,
            max_message_bytes: 1_048_588,
            flush_interval_messages: 1,
            flush_interval_ms: None,
            timestamp_type_log_append: false,
            file_delete_delay_ms: 60_000,
            retention_delete: true,
        }
    }
}

impl LogConfig {
    /// Durable mode: the high watermark only covers fdatasync'd data.
    pub fn is_durable(&self) -> bool {
        self.flush_interval_messages <= 1
    }

    pub(crate) fn segment_bytes_effective(&self) -> u64 {
        self.segment_bytes.clamp(1, SEGMENT_BYTES_MAX)
    }
}

/// How long `append` waits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Durability {
    /// acks=0: return once written (no one waits for the answer).
    None,
    /// acks=1 with relaxed flushing: return once written to the page cache.
    Written,
    /// acks=all: in durable mode, return once fdatasync'd (group commit).
    Synced,
}

/// How `open` treats existing files.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Recovery {
    /// Clean shutdown: trust segments and indexes (indexes are still sanity-checked).
    Clean,
    /// Unclean shutdown: CRC-scan everything from the recovery point and truncate a bad tail.
    Scan,
    /// `Clean` if this partition's `clean-shutdown` marker (written by `close`) is present.
    Auto,
}
