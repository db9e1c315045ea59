//! One client connection: admission, the TLS handshake on a TLS listener, then a reader that
//! decodes frames and queues handler tasks in order, and a writer that sends their responses in
//! that same order. One loop for every transport (`serve_requests`, generic over the stream).

use crate::frame_read::{self, FrameRead};
use crate::limits::{Limits, FRAME_CHUNK_BYTES};
use crate::reject_log::Rejection;
use crate::sasl::{self, GateStep, SaslGate};
use crate::sendfile::{write_response, FileSend};
use crate::tls::{self, ListenerSecurity};
use crate::Serving;
use bytes::{Bytes, BytesMut};
use futures::io::{AsyncReadExt, AsyncWriteExt};
use glommio::channels::local_channel;
use glommio::net::TcpStream;
use glommio::sync::StaticPermit;
use glommio::Task;
use handlers::{Caller, Handlers, Reply};
use kafka_protocol::messages::{ApiKey, ResponseKind};
use model::ErrorCode;
use protocol::versions::Listener;
use protocol::{decode_request, peek_header, FrameError, ResponseParts};
use runtime::metrics::RequestTimes;
use runtime::profile::Stage;
use runtime::{FireOnDrop, Signal};
use security::KafkaPrincipal;
use std::cell::Cell;
use std::net::IpAddr;
use std::rc::Rc;
use std::time::{Duration, Instant};

/// Requests read ahead of their responses on one connection. Kafka handles one at a time per
/// connection; pipelining a few keeps clients with `max.in.flight.requests` > 1 fast while
/// bounding the memory one connection can hold.
pub const CONNECTION_IN_FLIGHT_MAX: usize = 16;

/// Request bytes one connection may have read and not yet answered (a larger request counts as
/// this much). Reason: a producer pipelining 4 MiB requests five deep had 20 MiB of them in the
/// broker's memory, per connection, waiting their turn; past this the rest wait in the kernel's
/// socket buffer, as with Kafka (which reads one request at a time per connection), while two
/// such requests still overlap (one appending, one waiting for its fdatasync).
pub const CONNECTION_READ_AHEAD_BYTES: usize = 8 << 20;

enum Queued {
    Handler(Task<(Reply, Handled)>),
    Ready(Reply),
}

/// When a request's handler ran, for its `RequestTimes`.
struct Handled {
    started: Instant,
    /// The time the shard spent polling the handler.
    busy: Duration,
    answered: Instant,
}

/// A queued reply and the request-bytes budget its frame holds until the reply is written.
struct InOrder {
    reply: Queued,
    _budget: Vec<StaticPermit>,
    /// The request's API key, version and when its frame was read (for the metrics).
    request: Option<(i16, i16, Instant)>,
}

/// Where a request's time went (Kafka's RequestMetrics), from when its frame was read, its
/// handler ran (none: answered at once, without a handler), its response's write began and
/// ended.
fn request_times(
    read_at: Instant,
    handled: Option<&Handled>,
    write_start: Instant,
    written: Instant,
) -> RequestTimes {
    let (started, busy, answered) = handled.map_or((read_at, Duration::ZERO, read_at), |h| {
        (h.started, h.busy, h.answered)
    });
    RequestTimes {
        queue: started.saturating_duration_since(read_at),
        local: busy,
        remote: answered
            .saturating_duration_since(started)
            .saturating_sub(busy),
        response_queue: write_start.saturating_duration_since(answered),
        response_send: written.saturating_duration_since(write_start),
        total: written.saturating_duration_since(read_at),
    }
}

/// Serves one connection. `read_already` are its first bytes, read before it was known to be a
/// Kafka client (the controller listener reads 4 to tell raft peers from Kafka clients); empty
/// on a client listener. On a TLS listener the handshake runs first (after admission, so
/// handshakes count against the connection limits), then the same request loop as plaintext.
pub(crate) async fn serve_connection(incoming: Incoming, read_already: Vec<u8>, serving: Serving) {
    let peer_addr = match &incoming {
        Incoming::Accepted(stream, _) => stream.peer_addr(),
        Incoming::Handshaken(stream, _) => stream.get_ref().0.peer_addr(),
    };
    let Ok(peer_addr) = peer_addr else {
        return;
    };
    let peer = peer_addr.to_string();
    let limits = serving.limits.clone();
    let _slot = match limits.admit(peer_addr.ip(), serving.inflight.connections.get()) {
        Ok(slot) => slot,
        Err(rejection) => {
            count_rejection(&serving.handlers, &rejection);
            limits.reject_log.record(&peer, &rejection);
            return;
        }
    };
    let shard = serving.shard.clone();
    shard.metrics.connection_opened();
    let inflight = serving.inflight.clone();
    inflight.connections.set(inflight.connections.get() + 1);
    let mut read_already = read_already;
    let secured = match incoming {
        // The controller listener's TLS clients: handshaken where peers are told apart.
        Incoming::Handshaken(stream, principal) => Some((*stream, principal)),
        Incoming::Accepted(stream, security) => {
            let _ = stream.set_nodelay(true);
            match &*security {
                ListenerSecurity::Plaintext => {
                    let (reader, writer) =
                        frame_read::plain(stream, std::mem::take(&mut read_already));
                    let files = FileSend::ZeroCopy(writer.clone());
                    let session = Session {
                        peer: peer.clone(),
                        peer_ip: peer_addr.ip(),
                        principal: KafkaPrincipal::anonymous(),
                    };
                    serve_requests(reader, writer, files, session, serving.clone()).await;
                    None
                }
                ListenerSecurity::Tls { config, acceptor } => {
                    let accepted = accept_tls(stream, config, acceptor, &peer, &serving).await;
                    if let Some((_, principal)) = &accepted {
                        tracing::debug!(%peer, %principal, listener = %config.listener, "TLS connection");
                    }
                    accepted
                }
            }
        }
    };
    if let Some((stream, principal)) = secured {
        let (reader, writer) = stream.split();
        let reader = futures::io::Cursor::new(read_already).chain(reader);
        let session = Session {
            peer,
            peer_ip: peer_addr.ip(),
            principal,
        };
        serve_requests(reader, writer, FileSend::Copy, session, serving).await;
    }
    inflight.connections.set(inflight.connections.get() - 1);
    shard.metrics.connection_closed();
}

/// A connection to serve: as accepted on a listener (with its security), or with its TLS
/// handshake already done (the controller listener's, `runtime::KafkaConnection`).
pub(crate) enum Incoming {
    Accepted(TcpStream, Rc<ListenerSecurity>),
    Handshaken(
        Box<futures_rustls::server::TlsStream<TcpStream>>,
        KafkaPrincipal,
    ),
}

/// The TLS handshake of an admitted connection, logged and counted when it fails; `None` also
/// when the client left before sending anything or the broker is shutting down (a handshake
/// still running is dropped then: no request was read yet).
async fn accept_tls(
    stream: TcpStream,
    config: &security::ListenerTls,
    acceptor: &futures_rustls::TlsAcceptor,
    peer: &str,
    serving: &Serving,
) -> Option<(futures_rustls::server::TlsStream<TcpStream>, KafkaPrincipal)> {
    let limits = &serving.limits;
    let handshake = tls::handshake(stream, config, acceptor, limits.tls_handshake_max);
    let stopped = serving.stop.notified();
    futures::pin_mut!(handshake, stopped);
    let done = match futures::future::select(handshake, stopped).await {
        futures::future::Either::Left((done, _)) => done,
        futures::future::Either::Right(_) => Ok(None),
    };
    done.unwrap_or_else(|rejection| {
        let handlers = &serving.handlers;
        handlers
            .shard
            .metrics
            .authentication_failed(handlers.listener_label(), "SSL");
        count_rejection(&serving.handlers, &rejection);
        limits.reject_log.record(peer, &rejection);
        None
    })
}

/// Decodes a request and queues its handler, which starts once the previous request took
/// effect (`previous`); a frame that cannot be handled gets its answer (or a close) at once.
fn dispatch(
    frame: &Bytes,
    handlers: &Rc<Handlers>,
    previous: &mut Rc<Signal>,
    caller: &Rc<Caller>,
    spent: &Rc<Cell<Duration>>,
) -> Queued {
    // The decoder catches its own panics (hostile bytes); the scope keeps the hook from
    // stopping the process for them.
    let decode_started = Instant::now();
    let decoded = match not_served(frame, handlers.listener) {
        Some(reason) => Err(reason),
        None => runtime::fail::in_request_scope(|| decode_request(frame.clone()))
            .map_err(|e| reject(frame, e, handlers.listener)),
    };
    let decode = decode_started.elapsed();
    match decoded {
        Ok(req) => {
            if let Some(stage) = stage_of(req.api_key, Stage::ProduceDecode, Stage::FetchDecode) {
                runtime::profile::add(stage, decode);
            }
            let handlers = handlers.clone();
            let caller = caller.clone();
            let after = std::mem::replace(previous, Rc::new(Signal::default()));
            let written = previous.clone();
            let spent = spent.clone();
            Queued::Handler(glommio::spawn_local(async move {
                let _release = FireOnDrop(written.clone());
                after.wait().await;
                // A throttled connection is muted (KIP-219): what it had already sent waits
                // too, so pipelining cannot carry it past its quota in a burst (Kafka reads
                // one request at a time per connection).
                unthrottled(&caller).await;
                let started = Instant::now();
                // A bug in a handler must not take the shard down with it: the connection is
                // closed with one log line instead (a broken invariant still stops the
                // process: see `runtime::fail`).
                let key = req.api_key;
                // The handler charges the request to `request_percentage` as it makes the
                // response, muting the connection when over: the next handler starts once this
                // one took effect and then looks at the throttle (for most requests that is
                // when the handler ends, so the charge holds it; a Produce takes effect at its
                // append and is charged once durable).
                let handled = handlers.handle(req, &caller, &written, &spent);
                let (reply, busy) = runtime::fail::isolate(handled)
                    .await
                    .unwrap_or_else(|panic| {
                        let reason = format!("{key:?} handler {panic}");
                        (Reply::Close(reason), Duration::ZERO)
                    });
                let answered = Instant::now();
                (
                    reply,
                    Handled {
                        started,
                        busy,
                        answered,
                    },
                )
            }))
        }
        Err(reply) => Queued::Ready(reply),
    }
}

/// The profile stage (`runtime::profile`) of a Produce or Fetch request's work: `produce` or
/// `fetch` by its key; `None` for other APIs.
fn stage_of(key: ApiKey, produce: Stage, fetch: Stage) -> Option<Stage> {
    match key {
        ApiKey::Produce => Some(produce),
        ApiKey::Fetch => Some(fetch),
        _ => None,
    }
}

/// Who is on the other end of a connection.
struct Session {
    peer: String,
    peer_ip: IpAddr,
    /// What the connection authenticated as (TLS certificate, then SASL); authorization
    /// (issue 12) decides on it.
    principal: KafkaPrincipal,
}

/// The request loop of one connection, the same for every transport: a reader that decodes
/// frames and queues handler tasks in order, and a writer task that sends their responses in
/// that order (file slices as `files` says: sendfile on plaintext, copied on TLS).
async fn serve_requests<R, W>(
    mut reader: R,
    mut writer: W,
    files: FileSend,
    session: Session,
    serving: Serving,
) where
    R: FrameRead,
    W: futures::io::AsyncWrite + Unpin + 'static,
{
    let Serving {
        shard,
        handlers,
        inflight,
        limits,
        stop,
        sasl,
    } = serving;
    let Session {
        peer,
        peer_ip,
        mut principal,
    } = session;
    // On a SASL listener, until the client authenticated (SASL_SSL: after the TLS handshake).
    let mut gate = sasl.map(SaslGate::new);
    // Who the requests come from, for authorization (replaced when SASL authenticates).
    let mut caller = Rc::new(Caller::new(
        principal.clone(),
        peer_ip,
        handlers.listener_label(),
    ));
    let (tx, rx) = local_channel::new_bounded::<InOrder>(CONNECTION_IN_FLIGHT_MAX);
    let read_ahead = Rc::new(glommio::sync::Semaphore::new(
        CONNECTION_READ_AHEAD_BYTES as u64,
    ));
    let writer_handlers = handlers.clone();
    let writer_inflight = inflight.clone();
    let writer_peer = peer.clone();
    let writer_limits = limits.clone();
    // The shard's time on this connection (its reader's and writer's polls; handlers count
    // their own), charged to the request quota with the next handler's time, as Kafka charges
    // a request's network-thread time beside its handler's.
    let spent = Rc::new(Cell::new(Duration::ZERO));
    let writer_task = glommio::spawn_local(runtime::profile::metered(spent.clone(), async move {
        while let Some(InOrder {
            reply: queued,
            _budget,
            request,
        }) = rx.recv().await
        {
            let (reply, handled) = match queued {
                Queued::Handler(task) => {
                    let (reply, handled) = task.await;
                    (reply, Some(handled))
                }
                Queued::Ready(reply) => (reply, None),
            };
            let write_start = Instant::now();
            writer_inflight
                .requests
                .set(writer_inflight.requests.get() - 1);
            match reply {
                Reply::Send(parts) => {
                    let counters = &writer_handlers.shard.counters;
                    let write = write_response(&mut writer, &files, &parts, counters);
                    // Produce and Fetch count the polls of their write (sendfile included).
                    let stage = request
                        .and_then(|(key, _, _)| ApiKey::try_from(key).ok())
                        .and_then(|key| stage_of(key, Stage::ProduceSend, Stage::FetchSend));
                    let written = runtime::profile::polled(stage, write).await;
                    if let Err(e) = written {
                        tracing::debug!(peer = %writer_peer, error = %e, "write failed; closing");
                        break;
                    }
                }
                Reply::Nothing => {}
                Reply::Close(reason) => {
                    let rejection = Rejection::new("request", "closed", reason);
                    count_rejection(&writer_handlers, &rejection);
                    writer_limits.reject_log.record(&writer_peer, &rejection);
                    break;
                }
            }
            let written = Instant::now();
            if let Some((key, version, read_at)) = request {
                let times = request_times(read_at, handled.as_ref(), write_start, written);
                let metrics = &writer_handlers.shard.metrics;
                metrics.request_done(key, version, &times);
            }
        }
        let _ = writer.close().await;
    }));
    let max_frame =
        (handlers.shard.config.socket_request_max_bytes as usize).min(limits.request_bytes_max);
    // Requests take effect in the order sent: each handler starts once the one before it has
    // had its effect (`Handlers::handle`'s `written`), as Kafka handles one request at a time
    // per connection. Produces still overlap while they wait for durability.
    let mut previous = Rc::new(Signal::fired());
    // Awaited where it is made: a future kept in a local and then awaited can be held twice
    // in this one's state (the reader's loop is most of a connection's memory).
    runtime::profile::metered(&*spent, async {
        loop {
            // At shutdown the reader stops taking requests; those already read are answered.
            let stopped = stop.notified();
            if shard.is_shutting_down() {
                break;
            }
            // Client quotas (KIP-219): a throttled connection is muted, before it reads and
            // again before it starts what it read (a read may have begun before the throttle).
            let muted = caller.clone();
            let read = async {
                unthrottled(&muted).await;
                // The frame's read time, for its stage once its API is known.
                let clock = runtime::profile::PollClock::default();
                let frame = clock
                    .run(read_frame(&mut reader, max_frame, &limits, &read_ahead))
                    .await;
                unthrottled(&muted).await;
                (frame, clock.so_far())
            };
            futures::pin_mut!(read, stopped);
            let read = match futures::future::select(read, stopped).await {
                futures::future::Either::Left((read, _)) => read,
                futures::future::Either::Right(_) => break,
            };
            let (read, receive) = read;
            let (frame, budget) = match read {
                Ok(Some(frame_and_budget)) => frame_and_budget,
                Ok(None) => break,
                Err(rejection) => {
                    count_rejection(&handlers, &rejection);
                    limits.reject_log.record(&peer, &rejection);
                    break;
                }
            };
            let request = peek_header(&frame).map(|h| (h.api_key, h.api_version, Instant::now()));
            let key = request.and_then(|(key, _, _)| ApiKey::try_from(key).ok());
            if let Some(stage) =
                key.and_then(|key| stage_of(key, Stage::ProduceReceive, Stage::FetchReceive))
            {
                runtime::profile::add(stage, receive);
            }
            handlers
                .shard
                .counters
                .requests
                .set(handlers.shard.counters.requests.get() + 1);
            let step = gate.as_mut().map_or(GateStep::Pass, |gate| {
                let scram = |user: &str, mechanism: security::ScramMechanism| {
                    sasl::scram_credential(&handlers.shard.image(), user, mechanism)
                };
                let ctx = security::SaslContext {
                    scram: &scram,
                    now_ms: sasl::unix_ms(),
                    reauthenticating: false,
                };
                gate.step(&frame, &ctx)
            });
            let mut delay_close = false;
            let (queued, closing) = match step {
                GateStep::Pass => {
                    let queued = dispatch(&frame, &handlers, &mut previous, &caller, &spent);
                    let closing = matches!(queued, Queued::Ready(Reply::Close(_)));
                    (queued, closing)
                }
                GateStep::Answer(reply) => (Queued::Ready(reply), false),
                GateStep::Authenticated {
                    reply,
                    principal: who,
                    reauthenticated,
                } => {
                    tracing::debug!(%peer, principal = %who, reauthenticated, "SASL authenticated");
                    if let (true, Some(gate)) = (reauthenticated, &gate) {
                        let (listener, mechanism) = gate.session_labels();
                        handlers.shard.metrics.reauthenticated(listener, mechanism);
                    }
                    principal = who;
                    caller = Rc::new(Caller::new(
                        principal.clone(),
                        peer_ip,
                        handlers.listener_label(),
                    ));
                    (Queued::Ready(reply), false)
                }
                GateStep::Refuse(reply, rejection) => {
                    // Kafka counts a refused mechanism as a failed authentication too (failed
                    // exchanges are counted below, with their mechanism).
                    if rejection.kind == "mechanism" {
                        let metrics = &handlers.shard.metrics;
                        metrics.authentication_failed(handlers.listener_label(), "unsupported");
                    }
                    count_rejection(&handlers, &rejection);
                    limits.reject_log.record(&peer, &rejection);
                    delay_close = rejection.kind == sasl::AUTHENTICATION_FAILED;
                    if let (true, Some(gate)) = (delay_close, &gate) {
                        let (listener, mechanism) = gate.failure_labels();
                        handlers
                            .shard
                            .metrics
                            .authentication_failed(&listener, &mechanism);
                    }
                    (Queued::Ready(reply.unwrap_or(Reply::Nothing)), true)
                }
            };
            inflight.requests.set(inflight.requests.get() + 1);
            if tx
                .send(InOrder {
                    reply: queued,
                    _budget: budget,
                    request,
                })
                .await
                .is_err()
            {
                inflight.requests.set(inflight.requests.get() - 1);
                break;
            }
            if closing {
                if delay_close {
                    // The answer is written at once; the close waits, as Kafka's does.
                    glommio::timer::sleep(limits.failed_authentication_delay).await;
                }
                break;
            }
            // One request per turn: glommio ran the handler just spawned at once, up to its
            // first wait (a Metadata handler to its end). Before the next frame the reader
            // goes to the back of the shard's task queue, so a connection with many cheap
            // requests pipelined takes turns with the shard's other tasks (a produce's
            // fsync completion, its response) instead of running them all ahead of them.
            glommio::executor().yield_now().await;
        }
    })
    .await;
    drop(tx);
    writer_task.await;
    tracing::debug!(%peer, %principal, "connection closed");
}

/// Returns once `caller` is no longer throttled (its throttle may grow while it waits).
async fn unthrottled(caller: &Caller) {
    while let Some(until) = caller.throttled_until.get() {
        let wait = until.saturating_duration_since(Instant::now());
        if wait.is_zero() {
            caller.throttled_until.set(None);
            return;
        }
        glommio::timer::sleep(wait).await;
    }
}

fn count_rejection(handlers: &Handlers, rejection: &Rejection) {
    let c = &handlers.shard.counters.rejected_requests;
    c.set(c.get() + 1);
    handlers
        .shard
        .metrics
        .rejected(rejection.what, rejection.kind);
}

/// Reads one frame body and takes its bytes from the shard's request budget as they arrive
/// (waiting for budget stops reading this socket). `Ok(None)` on a clean EOF between frames.
async fn read_frame<R: FrameRead>(
    reader: &mut R,
    max_frame: usize,
    limits: &Limits,
    read_ahead: &Rc<glommio::sync::Semaphore>,
) -> Result<Option<(Bytes, Vec<StaticPermit>)>, Rejection> {
    let mut size = [0u8; 4];
    let mut got = 0;
    while got < 4 {
        // Idle = no new request for connections.max.idle.ms (the read is dropped only to
        // close the connection, so no byte is lost to the cancellation).
        let read = runtime::with_deadline(reader.read(&mut size[got..]), limits.idle).await;
        match read {
            None => {
                let ms = limits.idle.as_millis();
                return Err(frame_error(
                    "idle",
                    format!("idle for {ms} ms (connections.max.idle.ms)"),
                ));
            }
            Some(Ok(0)) if got == 0 => return Ok(None),
            Some(Ok(0)) => {
                return Err(frame_error("eof", "connection closed inside a size prefix"))
            }
            Some(Ok(n)) => got += n,
            Some(Err(e)) => return Err(frame_error("read_failed", format!("read failed: {e}"))),
        }
    }
    let claimed = i32::from_be_bytes(size);
    if claimed < 8 || claimed as usize > max_frame {
        return Err(frame_error(
            "size",
            format!(
                "frame size {claimed} outside 8..={max_frame} (socket.request.max.bytes, queued.max.request.bytes)"
            ),
        ));
    }
    // The connection's read-ahead: held with the frame until its answer is written.
    let ahead = (claimed as usize).min(CONNECTION_READ_AHEAD_BYTES) as u64;
    let ahead = read_ahead
        .acquire_static_permit(ahead)
        .await
        .map_err(|e| frame_error("budget_closed", format!("read-ahead closed: {e}")))?;
    let (body, mut permits) = read_body(reader, claimed as usize, limits).await?;
    permits.push(ahead);
    Ok(Some((body, permits)))
}

/// Reads a `claimed`-byte body chunk by chunk, taking each chunk's budget before reading it.
/// The whole body must arrive within connections.max.idle.ms: a client that dribbles a request
/// (slowloris) is as idle as one that sends nothing.
async fn read_body<R: FrameRead>(
    reader: &mut R,
    claimed: usize,
    limits: &Limits,
) -> Result<(Bytes, Vec<StaticPermit>), Rejection> {
    let deadline = Instant::now() + limits.idle;
    // Grown as chunks arrive, never reserved by the claimed size before a first chunk came:
    // a client that claims socket.request.max.bytes and sends nothing holds no memory and no
    // address space (which RLIMIT_AS counts, and lazily committed pages do not escape). Once
    // one did, a frame within the read-ahead (which the connection already holds a permit
    // for) gets its whole buffer at once; a larger one keeps growing chunk by chunk.
    let mut body = BytesMut::new();
    let mut permits = Vec::new();
    while body.len() < claimed {
        let start = body.len();
        let chunk = (claimed - start).min(FRAME_CHUNK_BYTES);
        let permit = limits
            .request_bytes
            .acquire_static_permit(chunk as u64)
            .await
            .map_err(|e| frame_error("budget_closed", format!("request budget closed: {e}")))?;
        permits.push(permit);
        if start > 0 && claimed <= CONNECTION_READ_AHEAD_BYTES && body.capacity() < claimed {
            // The client sent a whole first chunk of a frame within the connection's
            // read-ahead: the buffer is sized once instead of growing and being copied chunk
            // by chunk. Its room is not zeroed: the kernel writes it (`FrameRead`).
            let mut whole = BytesMut::with_capacity(claimed);
            whole.extend_from_slice(&body);
            body = whole;
        }
        let left = deadline.saturating_duration_since(Instant::now());
        let read = frame_read::read_append(reader, &mut body, chunk);
        match runtime::with_deadline(read, left).await {
            Some(Ok(())) => {}
            Some(Err(e)) => {
                return Err(frame_error(
                    "read_failed",
                    format!("reading a {claimed}-byte frame: {e}"),
                ))
            }
            None => {
                let ms = limits.idle.as_millis();
                return Err(frame_error(
                    "slow_body",
                    format!("{start} of {claimed} bytes of a frame in {ms} ms (connections.max.idle.ms)"),
                ));
            }
        }
    }
    Ok((body.freeze(), permits))
}

fn frame_error(kind: &'static str, detail: impl Into<String>) -> Rejection {
    Rejection::new("frame", kind, detail)
}

/// Why a request of an API that `listener` does not serve closes the connection (checked on
/// the header, before the body is decoded), as Kafka's SocketServer refuses an API not enabled
/// on a listener; `None` if it is served (or unknown: the decoder answers that).
fn not_served(frame: &[u8], listener: Listener) -> Option<Reply> {
    let raw = peek_header(frame)?;
    let key = ApiKey::try_from(raw.api_key).ok()?;
    (!listener.serves(key)).then(|| {
        Reply::Close(format!(
            "{key:?} v{} is not served on the {listener:?} listener",
            raw.api_version
        ))
    })
}

/// What to do with a frame that cannot be handled.
fn reject(frame: &[u8], error: FrameError, listener: Listener) -> Reply {
    match (&error, peek_header(frame)) {
        // KIP-511: an ApiVersions request of a version we do not know is answered in v0
        // format with UNSUPPORTED_VERSION and our version table.
        (
            FrameError::UnsupportedVersion {
                key: ApiKey::ApiVersions,
                ..
            },
            Some(raw),
        ) => {
            let body = ResponseKind::ApiVersions(handlers::api_versions::response(
                ErrorCode::UnsupportedVersion,
                listener,
            ));
            match protocol::encode_response(ApiKey::ApiVersions, 0, raw.correlation_id, &body) {
                Ok(bytes) => Reply::Send(ResponseParts::from_bytes(bytes)),
                Err(e) => Reply::Close(format!("encoding ApiVersions fallback: {e}")),
            }
        }
        (
            FrameError::UnsupportedVersion {
                key: ApiKey::Produce,
                version: 0..=2,
            },
            _,
        ) => match protocol::legacy::reject_old_produce(frame) {
            Ok(Some(bytes)) => Reply::Send(ResponseParts::from_bytes(bytes)),
            Ok(None) => Reply::Nothing,
            Err(reason) => Reply::Close(format!("malformed old Produce request: {reason}")),
        },
        _ => Reply::Close(error.to_string()),
    }
}
