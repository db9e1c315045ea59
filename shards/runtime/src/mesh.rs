//! Messages between shards and the tasks that receive them.
//!
//! Replies travel back over the mesh too, as [`ShardMsg::Reply`], and are matched to a
//! shard-local pending table. Never hand a glommio waker to another thread (e.g. through a
//! `futures::channel::oneshot` shared by two shards): glommio task reference counts are not
//! atomic, and a wake or drop from a foreign thread corrupts them (seen here as a double free
//! in `process_foreign_wakes` under load). glommio's shared channels are the only cross-thread
//! path.

use crate::controller::{ControllerReply, ControllerRequest};
use crate::ops::{PartitionKey, PartitionOp, PartitionResult, WaitSpec};
use crate::shard::Shard;
use futures::FutureExt;
use glommio::channels::channel_mesh::Receivers;
use metadata::{ControllerError, MetadataRecord};
use model::ShardId;
use std::panic::AssertUnwindSafe;
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
    Controller(Result<ControllerReply, ControllerError>),
    Applied,
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
    },
    /// Committed metadata records, broadcast by the controller in log order; acknowledged
    /// (`ReplyPayload::Applied`) once this shard's image and logs include them.
    Apply {
        records: Arc<Vec<MetadataRecord>>,
        index: u64,
        reply_to: ReplyTo,
    },
    /// A request for the controller (shard 0).
    Controller {
        req: ControllerRequest,
        reply_to: ReplyTo,
    },
    /// The answer to one of the above.
    Reply { id: u64, payload: ReplyPayload },
}

pub(crate) fn spawn_receivers(shard: &Rc<Shard>, mut receivers: Receivers<ShardMsg>) {
    for (_, receiver) in receivers.streams() {
        let shard = shard.clone();
        glommio::spawn_local(async move {
            while let Some(msg) = receiver.recv().await {
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
                    ShardMsg::Reply { id, payload } => shard.complete(id, payload),
                    ShardMsg::Ops {
                        ops,
                        wait,
                        min_applied,
                        reply_to,
                    } => {
                        let shard = shard.clone();
                        glommio::spawn_local(async move {
                            shard.wait_applied(min_applied).await;
                            // On a panic no reply is sent: the asking shard's wait ends with
                            // NOT_LEADER_OR_FOLLOWER when this shard is gone, and this shard
                            // keeps running.
                            let run = AssertUnwindSafe(shard.run_local_ops(ops, wait));
                            match run.catch_unwind().await {
                                Ok(results) => {
                                    shard.reply(reply_to, ReplyPayload::Ops(results)).await
                                }
                                Err(_) => {
                                    tracing::error!(shard = shard.id.0, "partition ops panicked");
                                    shard.reply(reply_to, ReplyPayload::Ops(Vec::new())).await;
                                }
                            }
                        })
                        .detach();
                    }
                    ShardMsg::Controller { req, reply_to } => {
                        let shard = shard.clone();
                        glommio::spawn_local(async move {
                            let run = AssertUnwindSafe(crate::controller::handle(&shard, req));
                            let result = run.catch_unwind().await.unwrap_or_else(|_| {
                                tracing::error!("controller request panicked");
                                Err(ControllerError::new(
                                    model::ErrorCode::UnknownServerError,
                                    "controller request failed",
                                ))
                            });
                            shard
                                .reply(reply_to, ReplyPayload::Controller(result))
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
