//! Applying committed metadata on one shard: a new image, and the logs it implies.

use crate::ops::PartitionKey;
use crate::shard::Shard;
use config::EffectiveLogConfig;
use metadata::{Image, MetadataRecord};
use model::{NodeId, TopicPartition};
use std::collections::{BTreeMap, HashSet};
use std::rc::Rc;
use storage::{LogConfig, PartitionLog, Recovery};

/// Applies committed records (in commit order) and opens/deletes/reconfigures this shard's
/// logs to match, before publishing the new image so no op sees a partition without its log.
pub(crate) async fn apply(shard: &Rc<Shard>, records: &[MetadataRecord], index: u64) {
    if index <= shard.applied_index() {
        return;
    }
    let mut image = (*shard.image()).clone();
    image.apply_batch(index, 0, records);
    if let Err(e) = reconcile(shard, &image, Recovery::Scan).await {
        tracing::error!(error = %e, index, "applying metadata to logs failed");
    }
    let configs_changed = records
        .iter()
        .any(|r| matches!(r, MetadataRecord::Config { .. }));
    if configs_changed {
        let logs: Vec<_> = shard
            .logs
            .borrow()
            .iter()
            .map(|(k, l)| (*k, l.clone()))
            .collect();
        for (key, log) in logs {
            if let Some(topic) = image.topic_by_id(key.topic_id) {
                log.set_config(log_config(shard, &image, &topic.name));
            }
        }
    }
    shard.set_image(image, index);
    crate::replicated::sync_with_image(shard, &shard.image());
}

/// Takes a whole new image (a snapshot the metadata leader sent) and opens, closes and deletes
/// this shard's logs to match it.
pub(crate) async fn replace(shard: &Rc<Shard>, image: &Image) {
    let index = image.applied_index();
    if index <= shard.applied_index() {
        return;
    }
    if let Err(e) = reconcile(shard, image, Recovery::Scan).await {
        tracing::error!(error = %e, index, "applying a metadata snapshot to logs failed");
    }
    let logs: Vec<_> = shard
        .logs
        .borrow()
        .iter()
        .map(|(k, l)| (*k, l.clone()))
        .collect();
    for (key, log) in logs {
        if let Some(topic) = image.topic_by_id(key.topic_id) {
            log.set_config(log_config(shard, image, &topic.name));
        }
    }
    shard.set_image(image.clone(), index);
    crate::replicated::sync_with_image(shard, &shard.image());
}

/// Opens at start-up (with `recovery`) the logs this shard owns.
pub(crate) async fn reconcile_logs(shard: &Rc<Shard>, recovery: Recovery) -> anyhow::Result<()> {
    let image = shard.image();
    reconcile(shard, &image, recovery).await
}

async fn reconcile(shard: &Rc<Shard>, image: &Image, recovery: Recovery) -> anyhow::Result<()> {
    let mut wanted = HashSet::new();
    for topic in image.topics() {
        for (partition, p) in &topic.partitions {
            // A partition lives on the nodes that hold a replica, on the shard recorded for
            // that replica.
            let node = NodeId(shard.config.node_id);
            let Some(recorded) = p.shard_on(node) else {
                continue;
            };
            if shard.owner(recorded) != shard.id {
                continue;
            }
            let key = PartitionKey {
                topic_id: topic.id,
                partition: *partition,
            };
            wanted.insert(key);
            let replicated = p.replicas.len() > 1;
            let mode = if replicated {
                storage::HighWatermarkMode::Replicated
            } else {
                storage::HighWatermarkMode::Local
            };
            let open = shard.logs.borrow().get(&key).cloned();
            if let Some(log) = open {
                if log.high_watermark_mode() == mode {
                    continue;
                }
                // The partition gained replicas (or lost all but this one): reopen its log in
                // the other high-watermark mode, keeping the high watermark it has.
                tracing::info!(shard = shard.id.0, topic = %topic.name, partition, ?mode,
                    "replica set changed: reopening the log");
                if let Err(e) = log.checkpoint_high_watermark_before_reopen().await {
                    tracing::error!(?key, error = %e, "checkpointing before a reopen failed");
                }
                shard.logs.borrow_mut().remove(&key);
                if let Some(replica) = shard.replicas.borrow_mut().remove(&key) {
                    crate::replicated::close(&replica);
                }
                log.close()
                    .await
                    .map_err(|e| anyhow::anyhow!("closing {}-{partition}: {e}", topic.name))?;
            }
            if shard.is_shutting_down()
                && shard.lifecycle().step(shard.id.0 as usize) == crate::Step::Recovering
            {
                // SIGTERM during start-up: the logs not opened yet are recovered next time
                // (the process-level clean-shutdown marker is not written).
                tracing::info!(
                    shard = shard.id.0,
                    "shutting down: leaving the remaining logs to the next start"
                );
                return Ok(());
            }
            let dir = shard
                .log_dir
                .join(TopicPartition::new(topic.name.clone(), *partition).dir_name());
            tracing::debug!(shard = shard.id.0, topic = %topic.name, partition, "opening log");
            // Replicated (more than one replica): the state machine decides the high
            // watermark (restored from its checkpoint until it knows better).
            let log = PartitionLog::open_in_mode(
                dir,
                log_config(shard, image, &topic.name),
                recovery,
                mode,
            )
            .await
            .map_err(|e| anyhow::anyhow!("opening {}-{}: {e}", topic.name, partition))?;
            tracing::debug!(shard = shard.id.0, topic = %topic.name, partition, "opened log");
            if replicated {
                // Every op of a replicated partition goes through its state machine.
                let replica = crate::replicated::open(shard, image, &topic.name, key, log.clone());
                shard.replicas.borrow_mut().insert(key, replica);
            }
            shard.logs.borrow_mut().insert(key, log);
            // A long recovery that opens log after log is progress, not a hang.
            shard.lifecycle().progressed(shard.id.0 as usize);
        }
    }
    let gone: Vec<_> = shard
        .logs
        .borrow()
        .iter()
        .filter(|(key, _)| !wanted.contains(key))
        .map(|(key, log)| (*key, log.clone()))
        .collect();
    for (key, log) in gone {
        shard.logs.borrow_mut().remove(&key);
        if let Some(replica) = shard.replicas.borrow_mut().remove(&key) {
            crate::replicated::close(&replica);
        }
        // A deleted topic, or a replica a reassignment removed from this node: its data goes.
        let node = NodeId(shard.config.node_id);
        let removed_here = image
            .topic_by_id(key.topic_id)
            .and_then(|t| t.partitions.get(&key.partition))
            .is_none_or(|p| p.shard_on(node).is_none());
        if removed_here {
            if let Err(e) = log.delete().await {
                tracing::error!(?key, error = %e, "deleting log of removed replica failed");
            }
        } else if let Err(e) = log.close().await {
            tracing::error!(?key, error = %e, "closing moved log failed");
        }
    }
    Ok(())
}

/// Dynamic broker configs: the cluster-wide default overridden by this node's own.
pub fn dynamic_broker_configs(image: &Image, node: NodeId) -> BTreeMap<String, String> {
    let mut configs = image.broker_configs(None);
    configs.extend(image.broker_configs(Some(node)));
    configs
}

/// Every effective topic-level setting of a topic: its overrides over dynamic and static
/// broker config.
pub fn effective_topic_config(shard: &Shard, image: &Image, topic: &str) -> Rc<EffectiveLogConfig> {
    shard.topic_config(image, topic, || {
        let dynamic = dynamic_broker_configs(image, NodeId(shard.config.node_id));
        config::effective_log_config(&shard.config, &dynamic, &image.topic_configs(topic))
    })
}

/// `producer.id.expiration.ms`: this node's dynamic value, else the cluster default, else the
/// static config (a broker key without a topic synonym).
fn producer_id_expiration_ms(shard: &Shard, image: &Image) -> i64 {
    dynamic_broker_configs(image, NodeId(shard.config.node_id))
        .get("producer.id.expiration.ms")
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| {
            i64::try_from(shard.config.producer_id_expiration_ms).unwrap_or(i64::MAX)
        })
}

/// The storage settings of a topic: topic overrides over dynamic and static broker config.
pub fn log_config(shard: &Shard, image: &Image, topic: &str) -> LogConfig {
    let e = effective_topic_config(shard, image, topic);
    LogConfig {
        segment_bytes: e.segment_bytes,
        segment_ms: e.segment_ms,
        segment_jitter_ms: e.segment_jitter_ms,
        segment_index_bytes: e.segment_index_bytes,
        retention_ms: e.retention_ms,
        retention_bytes: e.retention_bytes,
        index_interval_bytes: e.index_interval_bytes,
        max_message_bytes: e.max_message_bytes,
        flush_interval_messages: e.flush_interval_messages,
        flush_interval_ms: e.flush_interval_ms,
        timestamp_type_log_append: e.timestamp_type_log_append,
        file_delete_delay_ms: e.file_delete_delay_ms,
        retention_delete: e.cleanup_policy.delete,
        compact: e.cleanup_policy.compact,
        delete_retention_ms: i64::try_from(e.delete_retention_ms).unwrap_or(i64::MAX),
        min_compaction_lag_ms: i64::try_from(e.min_compaction_lag_ms).unwrap_or(i64::MAX),
        max_compaction_lag_ms: i64::try_from(e.max_compaction_lag_ms).unwrap_or(i64::MAX),
        min_cleanable_dirty_ratio_ppm: (e.min_cleanable_dirty_ratio.clamp(0.0, 1.0) * 1e6) as u32,
        preallocate: e.preallocate,
        producer_id_expiration_ms: producer_id_expiration_ms(shard, image),
    }
}
