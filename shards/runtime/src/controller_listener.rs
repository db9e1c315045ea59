//! Kafka clients on the CONTROLLER listener (`kafka-metadata-quorum --bootstrap-controller`,
//! an Admin client with `bootstrap.controllers`), and the controllers' endpoints they are told.
//!
//! The listener is bound and accepted by `raft_net` on shard 0. A connection that does not
//! open with the raft magic is a Kafka client: `raft_net` hands it, with the 4 bytes it read,
//! to the server installed here by the network layer (`Shard::serve_kafka_on_controller`),
//! which runs the client listeners' own connection code with the controller's set of APIs
//! (`protocol::versions::CONTROLLER_APIS`). `runtime` cannot name `network` (which depends on
//! it), hence the hook. A client that connects before the network layer installed it waits for
//! it (or the shutdown).

use std::cell::RefCell;
use std::rc::Rc;

use glommio::net::TcpStream;

use crate::notify::Notify;
use crate::shard::Shard;

/// A Kafka client accepted on the controller listener: plaintext, or TLS (SSL / SASL_SSL)
/// with the handshake done (`raft_net` needs it to tell peers from clients) and the principal
/// its certificate maps to.
pub enum KafkaConnection {
    Plain(TcpStream),
    Tls(
        Box<futures_rustls::server::TlsStream<TcpStream>>,
        security::KafkaPrincipal,
    ),
}

/// Serves one Kafka connection accepted on the controller listener; the `[u8; 4]` are its
/// first bytes (the size of its first frame), already read.
pub type KafkaServer = Rc<dyn Fn(KafkaConnection, [u8; 4])>;

/// Where `raft_net` hands Kafka connections (shard 0).
#[derive(Default)]
pub(crate) struct KafkaHandoff {
    server: RefCell<Option<KafkaServer>>,
    installed: Notify,
}

impl Shard {
    /// Installs what serves Kafka connections on this shard's controller listener (shard 0:
    /// the network layer, once it serves), or removes it (`None`, when it stops).
    pub fn serve_kafka_on_controller(&self, server: Option<KafkaServer>) {
        *self.kafka_on_controller.server.borrow_mut() = server;
        self.kafka_on_controller.installed.notify_all();
    }
}

/// Hands a Kafka connection of the controller listener (`prefix`: its first 4 bytes) to the
/// installed server, waiting for it to be installed; `Err` at shutdown.
pub(crate) async fn serve_kafka(
    shard: &Rc<Shard>,
    stream: KafkaConnection,
    prefix: [u8; 4],
) -> Result<(), String> {
    let handoff = &shard.kafka_on_controller;
    loop {
        let installed = handoff.installed.notified();
        let event = shard.next_event();
        let server = handoff.server.borrow().clone();
        if let Some(server) = server {
            server(stream, prefix);
            return Ok(());
        }
        if shard.is_shutting_down() {
            return Err("a Kafka client connected while the node shuts down".into());
        }
        futures::pin_mut!(installed, event);
        futures::future::select(installed, event).await;
    }
}

/// A controller as Kafka clients reach it: its CONTROLLER listener.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ControllerEndpoint {
    pub node: i32,
    /// The listener's name (the first of `controller.listener.names`).
    pub listener: String,
    pub host: String,
    pub port: u16,
}

/// The controllers (the voters) and their controller-listener endpoints, as DescribeCluster
/// (endpoint type CONTROLLER) and DescribeQuorum list them: the quorum's voters (the image's
/// `QuorumVoters`, or `controller.quorum.voters` before any is recorded), each at its address
/// in `controller.quorum.voters` or, in a dynamic quorum, the endpoints it was added with.
/// Empty for the embedded single node, which has no controller listener.
pub fn controller_endpoints(shard: &Shard) -> Vec<ControllerEndpoint> {
    let config = &shard.config;
    let listener = config
        .controller_listener_names
        .first()
        .cloned()
        .unwrap_or_else(|| "CONTROLLER".to_string());
    let image = shard.image();
    let voters: Vec<i32> = if image.voters().is_empty() {
        config
            .controller_quorum_voters
            .iter()
            .map(|v| v.id)
            .collect()
    } else {
        image.voters().iter().map(|n| n.0).collect()
    };
    voters
        .into_iter()
        .filter_map(|node| {
            if let Some(v) = config
                .controller_quorum_voters
                .iter()
                .find(|v| v.id == node)
            {
                return Some(ControllerEndpoint {
                    node,
                    listener: listener.clone(),
                    host: v.host.clone(),
                    port: v.port,
                });
            }
            let recorded = image.controller(model::NodeId(node))?;
            let l = recorded
                .listeners
                .iter()
                .find(|l| l.name == listener)
                .or(recorded.listeners.first())?;
            Some(ControllerEndpoint {
                node,
                listener: l.name.clone(),
                host: l.host.clone(),
                port: l.port,
            })
        })
        .collect()
}
