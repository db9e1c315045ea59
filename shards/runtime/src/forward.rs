//! Forwarding controller requests to the active controller, as a Kafka broker forwards admin
//! requests: any node's shard 0 that is not the metadata leader sends the request to the leader
//! over the controller connection (`raft_net`, a `ForwardRequest` message) and waits for its
//! answer (a `ForwardResponse`); the asking shard then waits until its own node has applied the
//! answer's index, so an admin change is visible on the node the client asked before the client
//! hears back (the leader answered an admin change only once every live broker reported having
//! applied it, `controller`; this node too, unless it was not waited for).
//!
//! Requests and answers travel as FlatBuffers tables (`metadata::rpc`, schema
//! `src/metadata/schema/rpc.fbs`), records inside them as the metadata record tables.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;
use std::time::Duration;

use futures::channel::oneshot;
use metadata::rpc::PeerMessage;
use metadata::ControllerError;
use model::{ErrorCode, NodeId};

use crate::controller::{ControllerReply, ControllerRequest};
use crate::raft_net::PeerTransport;
use crate::shard::Shard;

/// How long a forwarded request may take (an election in between included).
const FORWARD_TIMEOUT: Duration = Duration::from_secs(30);
/// How often a forwarded request looks whether the leader it went to is still the leader.
const LEADER_CHECK: Duration = Duration::from_millis(100);

/// Shard 0's forwarding state: the transport to the peers and the requests awaiting answers.
pub struct Forwarder {
    transport: Rc<PeerTransport>,
    pending: RefCell<HashMap<u64, oneshot::Sender<Result<ControllerReply, ControllerError>>>>,
    next_id: Cell<u64>,
}

impl Forwarder {
    pub(crate) fn new(transport: Rc<PeerTransport>) -> Forwarder {
        Forwarder {
            transport,
            pending: RefCell::new(HashMap::new()),
            next_id: Cell::new(1),
        }
    }

    /// Sends `req` to `leader` and waits for its answer (bounded).
    /// Answers NOT_CONTROLLER as soon as `quorum` sees another leader (the client retries
    /// there) instead of waiting out the timeout for a controller that died.
    pub(crate) async fn forward(
        &self,
        quorum: &crate::quorum::Quorum,
        leader: NodeId,
        req: &ControllerRequest,
    ) -> Result<ControllerReply, ControllerError> {
        let to = metadata::raft_id(leader)
            .map_err(|e| ControllerError::new(ErrorCode::NotController, e.to_string()))?;
        let id = self.next_id.get();
        self.next_id.set(id + 1);
        let (reply, answer) = oneshot::channel();
        self.pending.borrow_mut().insert(id, reply);
        self.transport.send_message(
            to,
            &PeerMessage::ForwardRequest {
                id,
                request: req.clone(),
            },
        );
        let deadline = std::time::Instant::now() + FORWARD_TIMEOUT;
        let mut answer = answer;
        let result = loop {
            let timer = glommio::timer::sleep(LEADER_CHECK);
            futures::pin_mut!(timer);
            match futures::future::select(&mut answer, timer).await {
                futures::future::Either::Left((Ok(result), _)) => break result,
                futures::future::Either::Left((Err(_), _)) => {
                    break Err(ControllerError::new(
                        ErrorCode::NotController,
                        "the forwarded request was dropped",
                    ))
                }
                futures::future::Either::Right(_) => {}
            }
            if quorum.status().leader != Some(leader) {
                break Err(ControllerError::new(
                    ErrorCode::NotController,
                    format!("the active controller is no longer node {}", leader.0),
                ));
            }
            if std::time::Instant::now() >= deadline {
                break Err(ControllerError::new(
                    ErrorCode::RequestTimedOut,
                    format!("the active controller (node {}) did not answer", leader.0),
                ));
            }
        };
        self.pending.borrow_mut().remove(&id);
        result
    }

    /// The answer to our forwarded request `id` arrived (one that timed out is dropped).
    pub(crate) fn answered(&self, id: u64, result: Result<ControllerReply, ControllerError>) {
        if let Some(reply) = self.pending.borrow_mut().remove(&id) {
            let _ = reply.send(result);
        }
    }
}

/// A peer (raft id `from`) forwarded request `id`: handle it here (the leader) and send the
/// answer back.
pub(crate) fn serve(shard: &Rc<Shard>, from: u64, id: u64, request: ControllerRequest) {
    let shard = shard.clone();
    glommio::spawn_local(async move {
        let result = crate::controller::handle(&shard, request).await;
        if let Some(forwarder) = shard.forwarder() {
            forwarder
                .transport
                .send_message(from, &PeerMessage::ForwardResponse { id, result });
        }
    })
    .detach();
}
