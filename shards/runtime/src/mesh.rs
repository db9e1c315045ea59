//! Messages between shards and the tasks that receive them.
//!
//! Messages travel over [`crate::link`], Sluice's own transport (one bounded queue per ordered
//! shard pair, a doorbell per shard). Replies travel back the same way, as [`ShardMsg::Reply`],
//! and are matched to a shard-local pending table. Never hand a glommio waker to another
//! thread (e.g. through a `futures::channel::oneshot` shared by two shards): glommio task
//! reference counts are not atomic, and a wake or drop from a foreign thread corrupts them
//! (seen here as a double free in `process_foreign_wakes` under load). The links are the only
//! cross-thread path.

use crate::controller::{ControllerReply, ControllerRequest};
use crate::notify::Signal;
use crate::ops::{PartitionKey, PartitionOp, PartitionResult, WaitSpec};
use crate::shard::Shard;
use metadata::{ControllerError, MetadataRecord};
use model::ShardId;
use std::rc::Rc;
use std::sync::Arc;

/// Bound of each shard-to-shard channel: enough to keep a busy peer fed, small enough that a
/// stalled shard pushes back on its senders instead of growing memory.
pub const MESH_CHANNEL_CAPACITY: usize = 1024;

/// Where a reply goes: the asking shard and its pending-table key.
#[derive(Clone, Copy, Debug)]
pub struct ReplyTo {
    pub shard: ShardId,
    pub id: u64,
}

/// What comes back to the asking shard.
pub enum ReplyPayload {
    Ops(Vec<PartitionResult>),
    /// Boxed: a controller reply is large and rare beside partition results.
    Controller(Box<Result<ControllerReply, ControllerError>>),
    Applied,
    /// The produces of an `Ops` message are written (offsets assigned, not yet durable).
    Written,
    /// The answering shard's metrics (`ShardMsg::Metrics`).
    Metrics(Box<crate::metrics::ShardSnapshot>),
    /// The replicas the answering shard holds (`ShardMsg::LogDirs`).
    LogDirs(Vec<crate::log_dirs::ReplicaDir>),
    /// The answering shard's console view (`ShardMsg::Console`).
    Console(Box<crate::series::ConsoleSnapshot>),
}

/// Everything one shard asks of another. `Send`: it crosses threads.
pub enum ShardMsg {
    /// Ops for partitions the receiver owns. `min_applied`: the sender's metadata index; the
    /// receiver catches up to it first so a partition the sender knows is known here too.
    Ops {
        ops: Vec<(PartitionKey, PartitionOp)>,
        wait: Option<WaitSpec>,
        min_applied: u64,
        reply_to: ReplyTo,
        /// Produce ordering: answered `ReplyPayload::Written` once every produce among `ops`
        /// is written, before the results (see `Shard::run_ops_ordered`).
        written_to: Option<ReplyTo>,
    },
    /// The asker's long poll ended (another shard answered it): the `Ops` with a wait that
    /// `reply_to` names reads once more and answers now. Sent after those ops on the same link;
    /// one that already answered ignores it.
    EndWait { reply_to: ReplyTo },
    /// Committed metadata records, broadcast by the controller in log order; acknowledged
    /// (`ReplyPayload::Applied`) once this shard's image and logs include them.
    Apply {
        records: Arc<Vec<MetadataRecord>>,
        index: u64,
        reply_to: ReplyTo,
    },
    /// A snapshot from the metadata leader replaced the image: take it whole.
    ReplaceImage {
        image: Arc<metadata::Image>,
        reply_to: ReplyTo,
    },
    /// A request for the controller (shard 0).
    Controller {
        req: ControllerRequest,
        reply_to: ReplyTo,
    },
    /// A scrape: answered with this shard's metrics (`Shard::metrics_snapshot`, bounded work).
    Metrics { reply_to: ReplyTo },
    /// DescribeLogDirs: answered with the replicas this shard holds (`Shard::log_dirs_snapshot`).
    LogDirs { reply_to: ReplyTo },
    /// The web console: answered with this shard's series and counts
    /// (`Shard::console_snapshot`, bounded work, no IO).
    /// `group`: also that group's lag history, where this shard keeps one (shard 0).
    Console {
        group: Option<String>,
        reply_to: ReplyTo,
    },
    /// The answer to one of the above.
    Reply { id: u64, payload: ReplyPayload },
}

/// The process-wide links between shards, carrying [`ShardMsg`].
pub type ShardLinks = crate::link::Links<ShardMsg>;

/// Starts one receiving task per peer shard; each handles that peer's messages in the order
/// it sent them.
pub(crate) fn spawn_receivers(shard: &Rc<Shard>) {
    for from in (0..shard.nr_shards).filter(|&s| s != shard.id.0 as usize) {
        let shard = shard.clone();
        glommio::spawn_local(async move {
            while let Some(msg) = shard.link.recv(from).await {
                shard.metrics.mesh_received();
                match msg {
                    // Applies stay in this loop: they must happen in commit order.
                    ShardMsg::Apply {
                        records,
                        index,
                        reply_to,
                    } => {
                        crate::apply::apply(&shard, &records, index).await;
                        shard.reply(reply_to, ReplyPayload::Applied).await;
                    }
                    ShardMsg::ReplaceImage { image, reply_to } => {
                        crate::apply::replace(&shard, &image).await;
                        shard.reply(reply_to, ReplyPayload::Applied).await;
                    }
                    ShardMsg::Reply { id, payload } => shard.complete(id, payload),
                    ShardMsg::EndWait { reply_to } => shard.end_wait(reply_to),
                    ShardMsg::Ops {
                        ops,
                        wait,
                        min_applied,
                        reply_to,
                        written_to,
                    } => {
                        let shard = shard.clone();
                        // Registered now, in link order, so an `EndWait` behind these ops
                        // finds it even before the task runs.
                        let end = wait.map(|_| shard.park_wait(reply_to));
                        let parked = end.is_some();
                        glommio::spawn_local(async move {
                            shard.wait_applied(min_applied).await;
                            let written = written_to.map(|_| Rc::new(Signal::default()));
                            let tell_written = async {
                                if let (Some(to), Some(written)) = (written_to, &written) {
                                    written.wait().await;
                                    shard.reply(to, ReplyPayload::Written).await;
                                }
                            };
                            let run = async {
                                futures::join!(
                                    shard.run_local_ops(ops, wait, written.clone(), end),
                                    tell_written
                                )
                                .0
                            };
                            // A request's panic (not a broken invariant, which stops the
                            // process) answers the asking shard with no results: it answers
                            // NOT_LEADER_OR_FOLLOWER, and this shard keeps running.
                            let outcome = crate::fail::isolate(run).await;
                            if parked {
                                shard.unpark_wait(reply_to);
                            }
                            match outcome {
                                Ok(results) => {
                                    shard.reply(reply_to, ReplyPayload::Ops(results)).await
                                }
                                Err(panic) => {
                                    tracing::error!(shard = shard.id.0, %panic, "partition ops panicked");
                                    shard.reply(reply_to, ReplyPayload::Ops(Vec::new())).await;
                                }
                            }
                        })
                        .detach();
                    }
                    ShardMsg::Metrics { reply_to } => {
                        let snapshot = Box::new(shard.metrics_snapshot());
                        let shard = shard.clone();
                        glommio::spawn_local(async move {
                            shard.reply(reply_to, ReplyPayload::Metrics(snapshot)).await;
                        })
                        .detach();
                    }
                    ShardMsg::LogDirs { reply_to } => {
                        let dirs = shard.log_dirs_snapshot();
                        let shard = shard.clone();
                        glommio::spawn_local(async move {
                            shard.reply(reply_to, ReplyPayload::LogDirs(dirs)).await;
                        })
                        .detach();
                    }
                    ShardMsg::Console { group, reply_to } => {
                        let snapshot = Box::new(shard.console_snapshot(group.as_deref()));
                        let shard = shard.clone();
                        glommio::spawn_local(async move {
                            shard.reply(reply_to, ReplyPayload::Console(snapshot)).await;
                        })
                        .detach();
                    }
                    ShardMsg::Controller { req, reply_to } => {
                        let shard = shard.clone();
                        glommio::spawn_local(async move {
                            let run = crate::fail::isolate(crate::controller::handle(&shard, req));
                            let result = run.await.unwrap_or_else(|panic| {
                                tracing::error!(%panic, "controller request panicked");
                                Err(ControllerError::new(
                                    model::ErrorCode::UnknownServerError,
                                    "controller request failed",
                                ))
                            });
                            shard
                                .reply(reply_to, ReplyPayload::Controller(Box::new(result)))
                                .await;
                        })
                        .detach();
                    }
                }
            }
        })
        .detach();
    }
}
