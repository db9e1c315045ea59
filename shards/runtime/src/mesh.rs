//! Messages between shards and the tasks that receive them.

use crate::controller::{ControllerReply, ControllerRequest};
use crate::ops::{PartitionKey, PartitionOp, PartitionResult, WaitSpec};
use crate::shard::Shard;
use futures::channel::oneshot;
use futures::FutureExt;
use glommio::channels::channel_mesh::Receivers;
use metadata::{ControllerError, MetadataRecord};
use std::panic::AssertUnwindSafe;
use std::rc::Rc;
use std::sync::Arc;

/// Bound of each shard-to-shard channel: enough to keep a busy peer fed, small enough that a
/// stalled shard pushes back on its senders instead of growing memory.
pub const MESH_CHANNEL_CAPACITY: usize = 1024;

/// Everything one shard asks of another. `Send`: it crosses threads.
pub enum ShardMsg {
    /// Ops for partitions the receiver owns. `min_applied`: the sender's metadata index; the
    /// receiver catches up to it first so a partition the sender knows is known here too.
    Ops {
        ops: Vec<(PartitionKey, PartitionOp)>,
        wait: Option<WaitSpec>,
        min_applied: u64,
        reply: oneshot::Sender<Vec<PartitionResult>>,
    },
    /// Committed metadata records, broadcast by the controller in log order. `applied` is
    /// answered once this shard's image (and logs) include them.
    Apply {
        records: Arc<Vec<MetadataRecord>>,
        index: u64,
        applied: oneshot::Sender<()>,
    },
    /// A request for the controller (shard 0).
    Controller {
        req: ControllerRequest,
        reply: oneshot::Sender<Result<ControllerReply, ControllerError>>,
    },
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
                        applied,
                    } => {
                        crate::apply::apply(&shard, &records, index).await;
                        let _ = applied.send(());
                    }
                    ShardMsg::Ops {
                        ops,
                        wait,
                        min_applied,
                        reply,
                    } => {
                        let shard = shard.clone();
                        glommio::spawn_local(async move {
                            shard.wait_applied(min_applied).await;
                            // On a panic the reply is dropped: the sender answers
                            // NOT_LEADER_OR_FOLLOWER and this shard keeps running.
                            let run = AssertUnwindSafe(shard.run_local_ops(ops, wait));
                            match run.catch_unwind().await {
                                Ok(results) => drop(reply.send(results)),
                                Err(_) => {
                                    tracing::error!(shard = shard.id.0, "partition ops panicked")
                                }
                            }
                        })
                        .detach();
                    }
                    ShardMsg::Controller { req, reply } => {
                        let shard = shard.clone();
                        glommio::spawn_local(async move {
                            let run = AssertUnwindSafe(crate::controller::handle(&shard, req));
                            match run.catch_unwind().await {
                                Ok(result) => drop(reply.send(result)),
                                Err(_) => tracing::error!("controller request panicked"),
                            }
                        })
                        .detach();
                    }
                }
            }
        })
        .detach();
    }
}
