//! DescribeLogDirs' view of this node's log directory: each shard reports the replicas it
//! holds (size on disk, offset lag), gathered over the links as a scrape gathers metrics
//! (`ShardMsg::LogDirs`), plus the directory's total and usable bytes from `statvfs`.

use crate::mesh::{ReplyPayload, ShardMsg};
use crate::ops::PartitionKey;
use crate::shard::Shard;
use model::ShardId;
use std::rc::Rc;
use std::time::Duration;

/// One replica this shard holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReplicaDir {
    pub key: PartitionKey,
    /// Bytes of its segments and indexes.
    pub size_bytes: u64,
    /// Kafka's `getLogEndOffsetLag` for a current (not future) replica: how far the log end
    /// is behind the high watermark this replica knows (0 on a leader).
    pub offset_lag: i64,
}

/// Total and usable bytes of the file system holding `dir` (`statvfs`); `None` when it
/// cannot be read.
pub fn disk_space(dir: &std::path::Path) -> Option<(u64, u64)> {
    use std::os::unix::ffi::OsStrExt;
    let path = std::ffi::CString::new(dir.as_os_str().as_bytes()).ok()?;
    let mut stat: libc::statvfs = unsafe { std::mem::zeroed() };
    // SAFETY: `path` is a NUL-terminated string and `stat` a valid, writable statvfs.
    let rc = unsafe { libc::statvfs(path.as_ptr(), &mut stat) };
    if rc != 0 {
        return None;
    }
    let block = stat.f_frsize as u64;
    Some((
        (stat.f_blocks as u64).saturating_mul(block),
        (stat.f_bavail as u64).saturating_mul(block),
    ))
}

impl Shard {
    /// The replicas this shard holds (bounded: one entry per open log, no IO).
    pub fn log_dirs_snapshot(&self) -> Vec<ReplicaDir> {
        self.logs
            .borrow()
            .iter()
            .map(|(key, log)| ReplicaDir {
                key: *key,
                size_bytes: log.size_bytes(),
                offset_lag: (log.high_watermark().0 - log.log_end_offset().0).max(0),
            })
            .collect()
    }

    /// Every shard's replicas; a shard that does not answer within `timeout` is left out.
    pub async fn gather_log_dirs(self: &Rc<Self>, timeout: Duration) -> Vec<ReplicaDir> {
        let asks = (0..self.nr_shards).map(|i| {
            let to = ShardId(i as u16);
            async move {
                if to == self.id {
                    return Some(self.log_dirs_snapshot());
                }
                let (reply_to, rx) = self.expect_reply();
                let ask = async {
                    self.send(to, ShardMsg::LogDirs { reply_to }).await.ok()?;
                    match rx.await {
                        Ok(ReplyPayload::LogDirs(dirs)) => Some(dirs),
                        _ => None,
                    }
                };
                let answer = crate::with_deadline(ask, timeout).await.flatten();
                if answer.is_none() {
                    self.forget_reply(reply_to.id);
                }
                answer
            }
        });
        futures::future::join_all(asks)
            .await
            .into_iter()
            .flatten()
            .flatten()
            .collect()
    }
}
