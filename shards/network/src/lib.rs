//! The network loop of a shard: accept connections on the listener (SO_REUSEPORT, so every
//! shard binds the same address and the kernel spreads connections), read request frames,
//! run handlers, and write responses in request order, record bytes by `sendfile`.
//!
//! Runs inside every shard executor; a connection lives on the shard that accepted it.
//!
//! Invariants:
//! - Responses on a connection leave in request order: the reader queues one handler task per
//!   request into a bounded in-order queue; the writer awaits them front to back.
//! - A frame's size is checked against `socket.request.max.bytes` before its body is
//!   allocated; a bad frame closes the connection with one log line.
//! - Record bytes of a Fetch response go file → socket with `sendfile(2)` on a plaintext
//!   connection; only when the socket is full does one bounded chunk go through a user-space
//!   copy (counted). On a TLS connection they are read and encrypted in bounded chunks (no kTLS
//!   here), through the same connection loop.
//! - A TLS handshake runs on the shard's reactor, after admission, bounded by
//!   `limits::TLS_HANDSHAKE_MS_MAX`; plaintext bytes on a TLS listener close the connection with
//!   one (rate-limited) log line.
//!
//! Deliberately not here: what requests do (`handlers`), building TLS configurations and
//! principals from the config (`security`), the quorum links on the controller listener
//! (`runtime::raft_net`, which hands this crate the Kafka clients it accepts there, TLS
//! handshaken on a TLS controller listener).

mod connection;
mod connection_rate;
mod frame_read;
pub mod limits;
pub mod reject_log;
mod sasl;
mod sendfile;
mod tls;

use connection::{serve_connection, Incoming};
use tls::{ListenerSecurity, Security};

use handlers::Handlers;
use protocol::versions::Listener;
use runtime::Shard;
use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

/// Longest a shard runs network tasks before it reaps socket and disk completions. glommio's
/// default (its 100 ms preempt timer) let a client pipelining cheap requests (a Metadata flood)
/// keep the run queue busy for 100 ms at a time while every other connection's reads, fsyncs
/// and writes waited. At 1 ms a quota-throttled flood's bursts still held a produce's fdatasync
/// up to a millisecond before its submission and again before its completion was reaped
/// (fsync p99 2.1 ms against 0.96 ms unloaded; perf/README "Overload"); at 250 µs it is
/// 1.4 ms. Reaping io_uring costs microseconds: max-rate produce medians came out 1–2 % lower,
/// inside the run-to-run spread (`perf/ab-produce`, perf/README "Overload").
const NETWORK_LATENCY_MAX: Duration = Duration::from_micros(250);

/// Per-shard count of requests being handled, for graceful shutdown.
#[derive(Default)]
pub struct InFlight {
    pub requests: Cell<usize>,
    pub connections: Cell<usize>,
}

/// The client listeners of a shard, bound and listening (in `client_listeners` order), not yet
/// accepting: `serve` accepts on them.
pub struct Bound(Vec<glommio::net::TcpListener>);

/// Binds every client listener on this shard (SO_REUSEPORT: each shard has its own accept
/// queue on the port). Called before anything else the shard serves starts, so a port that
/// cannot be bound fails the start at once, with Kafka's message.
pub fn bind(shard: &Shard) -> anyhow::Result<Bound> {
    shard.enter(runtime::Step::Binding);
    let mut bound = Vec::new();
    for l in shard.config.client_listeners() {
        let addr = l.bind_address();
        let options = runtime::listen::ListenOptions::from_config(
            shard.config.socket_send_buffer_bytes,
            shard.config.socket_receive_buffer_bytes,
            shard.config.socket_listen_backlog_size,
        );
        let listener = runtime::listen::listener_with(&addr, options).map_err(|e| {
            anyhow::anyhow!(
                "Socket server failed to bind to {addr} (listener {}): {e}",
                l.name
            )
        })?;
        tracing::debug!(shard = shard.id.0, %addr, "listening");
        bound.push(listener);
    }
    Ok(Bound(bound))
}

/// Binds every listener of the config on this shard and serves connections until shutdown.
/// Returns once the shard stopped accepting, every connection stopped reading requests, and
/// the requests already read were answered (or `drain_max` passed).
/// `tls` holds the TLS configuration of every SSL / SASL_SSL listener, `sasl` the SASL one of
/// every SASL_PLAINTEXT / SASL_SSL listener (both built once per process).
pub async fn serve(
    shard: Rc<Shard>,
    bound: Bound,
    drain_max: Duration,
    tls: security::TlsListeners,
    sasl: security::SaslListeners,
) -> anyhow::Result<()> {
    let inflight = Rc::new(InFlight::default());
    let limits = Rc::new(limits::Limits::new(&shard.config, shard.nr_shards));
    let mut listeners = Vec::new();
    for (l, listener) in shard.config.client_listeners().zip(bound.0) {
        let security = Security::new(&shard.config, l, tls.get(&l.name));
        let handlers = Handlers::for_client_listener(shard.clone(), &l.name);
        listeners.push((
            Rc::new(listener),
            Rc::new(security),
            handlers,
            sasl.get(&l.name),
        ));
    }
    // Connections, and the handler tasks they spawn, run in a latency-sensitive task queue.
    let queue = glommio::executor().create_task_queue(
        glommio::Shares::default(),
        glommio::Latency::Matters(NETWORK_LATENCY_MAX),
        "network",
    );
    // Wakes the accept loops and every connection's reader once at shutdown. The main thread
    // rings every shard's doorbell when it sets the shutdown flag, so nothing here ticks.
    let stop = Rc::new(runtime::Notify::default());
    let watcher = {
        let (shard, stop) = (shard.clone(), stop.clone());
        glommio::spawn_local(async move {
            shard.until_shutdown().await;
            stop.notify_all();
        })
    };
    let accepting: Vec<_> = listeners
        .into_iter()
        .map(|(listener, security, handlers, sasl)| {
            let serving = Serving {
                shard: shard.clone(),
                handlers,
                sasl,
                inflight: inflight.clone(),
                limits: limits.clone(),
                stop: stop.clone(),
            };
            glommio::spawn_local_into(accept_loop(serving, listener, security), queue)
                .expect("the network task queue was created above")
        })
        .collect();
    // Shard 0: Kafka clients on the controller listener (accepted by `runtime::raft_net`) are
    // served by this same connection code, with the controller's APIs.
    if shard.id.0 == 0 {
        // On a SASL controller listener Kafka clients authenticate as on any SASL listener.
        let controller_sasl = shard
            .config
            .controller_listener_name()
            .and_then(|name| sasl.get(name));
        let serving = Serving {
            shard: shard.clone(),
            handlers: Handlers::for_listener(shard.clone(), Listener::Controller),
            sasl: controller_sasl,
            inflight: inflight.clone(),
            limits: limits.clone(),
            stop: stop.clone(),
        };
        let plaintext = Rc::new(ListenerSecurity::Plaintext);
        shard.serve_kafka_on_controller(Some(Rc::new(move |connection, read_already| {
            let incoming = match connection {
                runtime::KafkaConnection::Plain(stream) => {
                    Incoming::Accepted(stream, plaintext.clone())
                }
                runtime::KafkaConnection::Tls(stream, principal) => {
                    Incoming::Handshaken(stream, principal)
                }
            };
            let connection = serve_connection(incoming, read_already.to_vec(), serving.clone());
            glommio::spawn_local_into(connection, queue)
                .expect("the network task queue was created above")
                .detach();
        })));
    }
    // Listening on every address: the accept loops answer from their first poll on.
    shard.enter(runtime::Step::Serving);
    for task in accepting {
        task.await;
    }
    watcher.await;
    // Shutting down (a controller-only node has no accept loop: the watcher is what waits).
    // The controller listener's server holds the shard (through its handlers): let go of it.
    shard.serve_kafka_on_controller(None);
    shard.enter(runtime::Step::Draining);
    let rejected: Vec<String> = limits
        .reject_log
        .counts()
        .into_iter()
        .map(|((what, kind), n)| format!("{what}.{kind}={n}"))
        .collect();
    if !rejected.is_empty() {
        tracing::info!(shard = shard.id.0, rejected = %rejected.join(" "), "rejections by reason");
    }
    // Stopped accepting and reading: let the requests already read finish and be written.
    let deadline = std::time::Instant::now() + drain_max;
    while inflight.connections.get() > 0 && std::time::Instant::now() < deadline {
        glommio::timer::sleep(Duration::from_millis(10)).await;
    }
    if inflight.connections.get() > 0 {
        tracing::warn!(
            shard = shard.id.0,
            connections = inflight.connections.get(),
            requests = inflight.requests.get(),
            "connections still busy after {drain_max:?}; closing them"
        );
    }
    Ok(())
}

/// What every connection of a shard shares.
#[derive(Clone)]
pub(crate) struct Serving {
    pub(crate) shard: Rc<Shard>,
    pub(crate) handlers: Rc<Handlers>,
    pub(crate) inflight: Rc<InFlight>,
    pub(crate) limits: Rc<limits::Limits>,
    /// Notified once at shutdown: accept loops and connection readers stop.
    pub(crate) stop: Rc<runtime::Notify>,
    /// The listener's SASL mechanisms and credentials (SASL_PLAINTEXT / SASL_SSL).
    pub(crate) sasl: Option<std::sync::Arc<security::SaslListener>>,
}

async fn accept_loop(
    serving: Serving,
    listener: Rc<glommio::net::TcpListener>,
    security: Rc<Security>,
) {
    // One accept future lives until it completes: dropping a pending accept can lose a
    // connection the kernel already accepted (the client then waits forever). It is polled only
    // when it or the stop signal wakes the task: glommio's socket sources keep one waker clone
    // per poll until they complete, so re-polling a pending accept on a timer tick would pile
    // up clones until the task's 16-bit reference count overflowed (an idle broker's shards
    // panicked after ~10 minutes that way).
    let next = || {
        let listener = listener.clone();
        Box::pin(async move { listener.accept().await })
    };
    let mut accept = next();
    let rate =
        connection_rate::ConnectionRate::new(&serving.shard, serving.handlers.listener_label());
    loop {
        if serving.shard.is_shutting_down() {
            return;
        }
        let stopped = serving.stop.notified();
        futures::pin_mut!(stopped);
        match futures::future::select(&mut accept, stopped).await {
            futures::future::Either::Left((Ok(stream), _)) => {
                accept = next();
                let security = security.current(&serving.shard);
                let incoming = Incoming::Accepted(stream, security);
                let connection = serve_connection(incoming, Vec::new(), serving.clone());
                glommio::spawn_local(connection).detach();
                // `max.connection.creation.rate`: over it, the next accept waits (the
                // pending accept future is kept; connections wait in the backlog).
                let wait = rate.record(&serving.shard);
                if !wait.is_zero() {
                    let stopped = serving.stop.notified();
                    futures::pin_mut!(stopped);
                    let pause = glommio::timer::sleep(wait);
                    futures::pin_mut!(pause);
                    futures::future::select(pause, stopped).await;
                }
            }
            futures::future::Either::Left((Err(e), _)) => {
                accept = next();
                tracing::warn!(shard = serving.shard.id.0, error = %e, "accept failed");
                glommio::timer::sleep(Duration::from_millis(10)).await;
            }
            futures::future::Either::Right(_) => {}
        }
    }
}
