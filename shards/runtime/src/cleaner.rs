//! The log cleaner on each shard: compacts the `cleanup.policy=compact` logs the shard owns
//! (leaders and followers alike: each replica compacts its own copy, as in Kafka; offsets are
//! preserved, so replicas stay comparable) — `__consumer_offsets` included.
//!
//! One task per shard, in a task queue of its own with little CPU share and
//! `Latency::NotImportant`, so produce and fetch on the shard's other partitions go first;
//! `storage::PartitionLog::clean` yields after every batch and sleeps on its IO budget. Each
//! round picks the filthiest of the shard's compacted logs (Kafka's `grabFilthiestCompactedLog`:
//! the highest dirty ratio among those at or over `min.cleanable.dirty.ratio`, or due by
//! `max.compaction.lag.ms` or expired tombstones), cleans it, and goes on at once; with nothing
//! to clean it sleeps `log.cleaner.backoff.ms`.
//!
//! Kafka's thread pool, adapted: `log.cleaner.threads` is how many logs the *process* cleans
//! at once (a process-wide count of slots, [`CLEANING_SLOTS`]; 0 turns cleaning off like
//! `log.cleaner.enable=false`); a cleaning holds a slot and gets that thread's share of
//! `log.cleaner.dedupe.buffer.size` (key map entries) and of
//! `log.cleaner.io.max.bytes.per.second`, so the totals stay what Kafka's bound them to.
//! The settings are read each round (dynamic broker configs apply without a restart).

use crate::apply::dynamic_broker_configs;
use crate::metrics::LastCleaning;
use crate::shard::Shard;
use model::NodeId;
use std::rc::Rc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use storage::{IoThrottle, PartitionLog, KEY_MAP_ENTRY_BYTES};

/// Logs being cleaned in this process right now (at most `log.cleaner.threads`).
static CLEANING_SLOTS: AtomicUsize = AtomicUsize::new(0);
/// How often a shard that found no free slot looks again. Reason: short next to any
/// cleaning, long next to a CAS.
const SLOT_RETRY: Duration = Duration::from_millis(100);

/// A held cleaning slot, given back on drop (also when the task is cancelled at shutdown).
struct Slot;

impl Slot {
    fn take(threads: usize) -> Option<Slot> {
        CLEANING_SLOTS
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                (n < threads).then_some(n + 1)
            })
            .ok()
            .map(|_| Slot)
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        CLEANING_SLOTS.fetch_sub(1, Ordering::AcqRel);
    }
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// Spawns the shard's cleaner task in its own low-priority queue; `None` when
/// `log.cleaner.enable=false`.
pub fn spawn(shard: &Rc<Shard>) -> Option<glommio::Task<()>> {
    if !shard.config.log_cleaner_enable {
        return None;
    }
    let queue = glommio::executor().create_task_queue(
        glommio::Shares::Static(25),
        glommio::Latency::NotImportant,
        "log-cleaner",
    );
    glommio::spawn_local_into(cleaner_loop(shard.clone()), queue).ok()
}

async fn cleaner_loop(shard: Rc<Shard>) {
    loop {
        let settings = {
            let image = shard.image();
            config::cleaner_config(
                &shard.config,
                &dynamic_broker_configs(&image, NodeId(shard.config.node_id)),
            )
        };
        let backoff = Duration::from_millis(settings.backoff_ms.max(1));
        if shard.is_shutting_down() {
            return;
        }
        let Some((key, log)) = filthiest(&shard) else {
            sleep_or_shutdown(&shard, backoff).await;
            continue;
        };
        let Some(slot) = Slot::take(settings.threads) else {
            sleep_or_shutdown(&shard, SLOT_RETRY.min(backoff)).await;
            continue;
        };
        let threads = settings.threads.max(1);
        let entries = usize::try_from(settings.dedupe_buffer_bytes / threads as u64)
            .unwrap_or(usize::MAX)
            / KEY_MAP_ENTRY_BYTES;
        let mut throttle = IoThrottle::new(settings.io_max_bytes_per_second / threads as f64);
        let started = std::time::Instant::now();
        match log
            .clean(now_ms(), entries, &mut throttle, &log.txn_view())
            .await
        {
            Ok(Some(stats)) if !stats.abandoned => {
                let seconds = started.elapsed().as_secs_f64();
                shard.metrics.cleaned(LastCleaning {
                    buffer_utilization: stats.key_map_entries as f64
                        / stats.key_map_entries_max.max(1) as f64,
                    bytes_read: stats.bytes_read,
                    bytes_written: stats.bytes_written,
                    elapsed_secs: seconds,
                });
                tracing::info!(
                    ?key,
                    first_dirty = stats.first_dirty,
                    end = stats.end_offset,
                    cleaned_mb = stats.bytes_cleaned as f64 / 1e6,
                    read_mb = stats.bytes_read as f64 / 1e6,
                    written_mb = stats.bytes_written as f64 / 1e6,
                    segments = format!("{} -> {}", stats.segments_before, stats.segments_after),
                    records_removed = stats.records_removed,
                    tombstones_removed = stats.tombstones_removed,
                    seconds,
                    "log cleaned"
                );
            }
            Ok(_) => {
                drop(slot);
                sleep_or_shutdown(&shard, backoff).await;
            }
            Err(e) => {
                tracing::warn!(?key, error = %e, "log cleaning failed");
                drop(slot);
                sleep_or_shutdown(&shard, backoff).await;
            }
        }
    }
}

/// The shard's compacted log most worth cleaning, if any is. Notes the look and the dirtiest
/// ratio seen for Kafka's `time-since-last-run-ms` and `max-dirty-percent`.
fn filthiest(shard: &Shard) -> Option<(crate::PartitionKey, Rc<PartitionLog>)> {
    let now = now_ms();
    let logs: Vec<_> = shard
        .logs
        .borrow()
        .iter()
        .map(|(k, l)| (*k, l.clone()))
        .collect();
    let cleanable: Vec<_> = logs
        .into_iter()
        .filter_map(|(key, log)| Some((log.cleanable(now)?, key, log)))
        .collect();
    let dirtiest = cleanable
        .iter()
        .map(|(c, ..)| c.dirty_ratio)
        .fold(0.0, f64::max);
    shard.metrics.cleaner_looked(now, dirtiest);
    cleanable
        .into_iter()
        .filter_map(|(cleanable, key, log)| {
            let min_ratio = f64::from(log.config().min_cleanable_dirty_ratio_ppm) / 1e6;
            cleanable.worth_cleaning(min_ratio).then_some((
                cleanable.due,
                cleanable.dirty_ratio,
                key,
                log,
            ))
        })
        .max_by(|a, b| {
            (a.0, a.1)
                .partial_cmp(&(b.0, b.1))
                .unwrap_or(std::cmp::Ordering::Equal)
        })
        .map(|(_, _, key, log)| (key, log))
}

async fn sleep_or_shutdown(shard: &Shard, wait: Duration) {
    let timer = glommio::timer::sleep(wait);
    let shutdown = shard.until_shutdown();
    futures::pin_mut!(timer);
    futures::pin_mut!(shutdown);
    futures::future::select(timer, shutdown).await;
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `log.cleaner.threads` bounds the logs cleaned at once in the process; 0 cleans none;
    /// a slot comes back when its holder drops it.
    #[test]
    fn cleaning_slots_bound_concurrent_cleanings() {
        assert!(Slot::take(0).is_none());
        let first = Slot::take(1).expect("a free slot");
        assert!(Slot::take(1).is_none(), "one thread: one cleaning");
        let second = Slot::take(2).expect("two threads: a second cleaning");
        assert!(Slot::take(2).is_none());
        drop(first);
        let third = Slot::take(2).expect("a slot given back");
        drop((second, third));
        assert_eq!(CLEANING_SLOTS.load(Ordering::Acquire), 0);
    }
}
