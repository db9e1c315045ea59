//! Per-partition log configuration (Kafka's topic-level `segment.bytes`, `retention.ms`, …).

/// Topic configuration of one partition's log. Kafka key names are given per field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogConfig {
    /// `segment.bytes`: roll when the next batch would take the active segment past this.
    /// Clamped to `SEGMENT_BYTES_MAX` because index positions are i32.
    pub segment_bytes: u64,
    /// `segment.ms`: roll when the active segment's first append is older than this.
    pub segment_ms: i64,
    /// `segment.jitter.ms`: each segment rolls up to this much before `segment.ms` (a fixed
    /// pseudo-random share per partition and segment), so partitions created together do not
    /// all roll at once.
    pub segment_jitter_ms: i64,
    /// `segment.index.bytes`: roll once the active segment's offset index (8 bytes an entry) or
    /// time index (12 bytes an entry) would outgrow this.
    pub segment_index_bytes: u32,
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
    /// `preallocate`: reserve `segment.bytes` of disk blocks for a new segment file
    /// (`fallocate` with KEEP_SIZE: the file's length, and so its format, stays as written).
    pub preallocate: bool,
    /// `producer.id.expiration.ms` (a broker key): idempotent producers silent this long are
    /// forgotten at the next retention check.
    pub producer_id_expiration_ms: i64,
    /// `cleanup.policy` contains `delete`: time and size retention trim the log. A compact-only
    /// topic (false) is never trimmed by `retention.ms`/`retention.bytes`, as in Kafka; its log
    /// start still moves when the owner moves it (DeleteRecords by the broker itself).
    pub retention_delete: bool,
    /// `cleanup.policy` contains `compact`: the log cleaner keeps the latest record per key.
    pub compact: bool,
    /// `delete.retention.ms`: how long a tombstone stays once it is in the cleaned part.
    pub delete_retention_ms: i64,
    /// `min.compaction.lag.ms`: a record younger than this is never compacted.
    pub min_compaction_lag_ms: i64,
    /// `max.compaction.lag.ms`: a dirty record older than this makes the log due for cleaning
    /// whatever its dirty ratio.
    pub max_compaction_lag_ms: i64,
    /// `min.cleanable.dirty.ratio` in millionths (kept integral so the config stays `Eq`).
    pub min_cleanable_dirty_ratio_ppm: u32,
}

/// Index positions are i32 in Kafka's format, so a segment can never exceed this.
pub const SEGMENT_BYTES_MAX: u64 = i32::MAX as u64;

impl Default for LogConfig {
    /// Kafka's defaults, with Sluice's durable flushing.
    fn default() -> Self {
        LogConfig {
            segment_bytes: 1 << 30,
            segment_ms: 7 * 24 * 3600 * 1000,
            segment_jitter_ms: 0,
            segment_index_bytes: 10 * 1024 * 1024,
            retention_ms: 7 * 24 * 3600 * 1000,
            retention_bytes: -1,
            index_interval_bytes: 4096,
            max_message_bytes: 1_048_588,
            flush_interval_messages: 1,
            flush_interval_ms: None,
            timestamp_type_log_append: false,
            file_delete_delay_ms: 60_000,
            producer_id_expiration_ms: 86_400_000,
            preallocate: false,
            retention_delete: true,
            compact: false,
            delete_retention_ms: 86_400_000,
            min_compaction_lag_ms: 0,
            max_compaction_lag_ms: i64::MAX,
            min_cleanable_dirty_ratio_ppm: 500_000,
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

    /// Kafka's roll jitter of one segment: `hash % min(segment.jitter.ms, segment.ms)`, fixed
    /// for the segment (`seed` names the partition and segment) instead of Kafka's random draw.
    pub(crate) fn roll_jitter_ms(&self, seed: u64) -> i64 {
        let bound = self.segment_jitter_ms.min(self.max_segment_ms());
        if bound <= 0 {
            return 0;
        }
        // SplitMix64's finaliser: neighbouring seeds give unrelated jitters.
        let mut z = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
        (z % bound as u64) as i64
    }

    /// Kafka's `maxSegmentMs`: a compacted log also rolls by `max.compaction.lag.ms`, so a
    /// record never waits in the (never cleaned) active segment longer than that.
    pub(crate) fn max_segment_ms(&self) -> i64 {
        if self.compact && self.max_compaction_lag_ms > 0 {
            self.segment_ms.min(self.max_compaction_lag_ms)
        } else {
            self.segment_ms
        }
    }

    /// Whether a segment whose first append was at `rolling_base_ms` is due to roll at `now_ms`.
    pub(crate) fn roll_due_by_time(&self, rolling_base_ms: i64, now_ms: i64, seed: u64) -> bool {
        now_ms.saturating_sub(rolling_base_ms) >= self.max_segment_ms() - self.roll_jitter_ms(seed)
    }

    /// Whether an index with these entries is full (Kafka's `isFull`): the offset index holds
    /// `segment.index.bytes / 8` entries, the time index `/ 12`.
    pub(crate) fn index_full(&self, offset_entries: usize, time_entries: usize) -> bool {
        let bytes = self.segment_index_bytes as usize;
        offset_entries >= (bytes / 8).max(1) || time_entries >= (bytes / 12).max(1)
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
