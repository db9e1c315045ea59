//! In-place patches of a batch copy on append: offsets, leader epoch, LogAppendTime.

use crate::header::{
    ATTRIBUTES_AT, BASE_OFFSET_AT, BATCH_HEADER_BYTES, CRC_AT, MAX_TIMESTAMP_AT,
    PARTITION_LEADER_EPOCH_AT, TIMESTAMP_TYPE_BIT,
};

/// The buffer handed to a patch function is shorter than a batch header.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{len} bytes is shorter than a batch header")]
pub struct PatchError {
    pub len: usize,
}

fn ensure_header(batch: &[u8]) -> Result<(), PatchError> {
    if batch.len() < BATCH_HEADER_BYTES {
        return Err(PatchError { len: batch.len() });
    }
    Ok(())
}

/// Sets the base offset (not covered by the CRC).
pub fn set_base_offset(batch: &mut [u8], base_offset: i64) -> Result<(), PatchError> {
    ensure_header(batch)?;
    batch[BASE_OFFSET_AT..BASE_OFFSET_AT + 8].copy_from_slice(&base_offset.to_be_bytes());
    Ok(())
}

/// Sets the partition leader epoch (not covered by the CRC).
pub fn set_partition_leader_epoch(batch: &mut [u8], epoch: i32) -> Result<(), PatchError> {
    ensure_header(batch)?;
    batch[PARTITION_LEADER_EPOCH_AT..PARTITION_LEADER_EPOCH_AT + 4]
        .copy_from_slice(&epoch.to_be_bytes());
    Ok(())
}

/// For topics with `message.timestamp.type=LogAppendTime`: sets the timestamp-type bit and
/// max_timestamp to `timestamp_ms`, then recomputes the CRC (both fields are covered by it).
/// Record timestamp deltas stay as sent; readers use max_timestamp for every record, as Kafka.
pub fn set_log_append_time(batch: &mut [u8], timestamp_ms: i64) -> Result<(), PatchError> {
    ensure_header(batch)?;
    let attributes = i16::from_be_bytes([batch[ATTRIBUTES_AT], batch[ATTRIBUTES_AT + 1]]);
    let attributes = attributes | TIMESTAMP_TYPE_BIT;
    batch[ATTRIBUTES_AT..ATTRIBUTES_AT + 2].copy_from_slice(&attributes.to_be_bytes());
    batch[MAX_TIMESTAMP_AT..MAX_TIMESTAMP_AT + 8].copy_from_slice(&timestamp_ms.to_be_bytes());
    let crc = crc32c::crc32c(&batch[ATTRIBUTES_AT..]);
    batch[CRC_AT..CRC_AT + 4].copy_from_slice(&crc.to_be_bytes());
    Ok(())
}
