//! The per-shard retention task: every `log.retention.check.interval.ms`, each owned log
//! deletes segments past its time/size retention and rolls an over-age active segment.

use crate::shard::Shard;
use std::rc::Rc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

pub async fn retention_loop(shard: Rc<Shard>) {
    let interval = Duration::from_millis(shard.config.log_retention_check_interval_ms.max(10));
    loop {
        glommio::timer::sleep(interval).await;
        if shard.is_shutting_down() {
            return;
        }
        let now_ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as i64);
        let logs: Vec<_> = shard
            .logs
            .borrow()
            .iter()
            .map(|(k, l)| (*k, l.clone()))
            .collect();
        for (key, log) in logs {
            if let Err(e) = log.enforce_retention(now_ms).await {
                tracing::warn!(?key, error = %e, "retention failed");
            }
        }
    }
}
