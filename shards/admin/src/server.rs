//! A minimal HTTP/1.1 server: one request per connection (`Connection: close`), GET and HEAD,
//! and POST with a small form body for the console's login and logout (`auth`); every step
//! bounded in bytes and time.

use futures::io::{AsyncReadExt, AsyncWriteExt};
use glommio::net::{TcpListener, TcpStream};
use runtime::{with_deadline, Shard};
use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

/// The request line and headers: a scraper or probe sends a few hundred bytes.
pub(crate) const REQUEST_HEAD_BYTES_MAX: usize = 8 * 1024;
/// The largest request body accepted (a login form: a user name and a password).
pub(crate) const REQUEST_BODY_BYTES_MAX: usize = 4 * 1024;
/// The whole request head and body must arrive within this (a client that dribbles it is cut).
pub(crate) const REQUEST_READ_MAX: Duration = Duration::from_secs(5);
/// The whole response must be taken within this (a scraper that stops reading is cut).
const RESPONSE_WRITE_MAX: Duration = Duration::from_secs(10);
/// HTTP connections per shard: Prometheus and a few probes need a handful.
pub(crate) const CONNECTIONS_MAX: usize = 16;
/// How long a scrape waits for each other shard's snapshot.
const GATHER_MAX: Duration = Duration::from_secs(2);
/// The HTTP queue's share of a busy shard against the network queue's 1000 (glommio's
/// default): a scrape gets CPU, produce and fetch get ten times more.
const HTTP_SHARES: usize = 100;

/// Binds every `http.listeners` address on this shard (as the Kafka listeners: `runtime::listen`).
/// Called before the shard reports serving, so a taken port fails the start.
pub fn bind(shard: &Shard) -> anyhow::Result<Vec<TcpListener>> {
    shard
        .config
        .http_listeners
        .iter()
        .map(|l| {
            let addr = l.bind_address();
            runtime::listen::listener(&addr)
                .map_err(|e| anyhow::anyhow!("binding HTTP listener http://{addr}: {e}"))
        })
        .collect()
}

/// What every HTTP connection of a shard shares.
pub(crate) struct Server {
    pub(crate) shard: Rc<Shard>,
    connections: Cell<usize>,
    /// One scrape at a time on this shard.
    scraping: glommio::sync::Semaphore,
    /// The web console, when `http.console.enabled`.
    pub(crate) console: Option<crate::console::Console>,
    /// Who may use the console, its API and (if so configured) /metrics and the probes.
    pub(crate) auth: crate::auth::HttpAuth,
    /// Notified once at shutdown: the accept loops stop.
    stop: runtime::Notify,
}

/// Serves the HTTP listeners until shutdown. Connections still open then finish within their
/// own bounds (they hold the shard, not the other way round).
pub async fn serve(shard: Rc<Shard>, listeners: Vec<TcpListener>, auth: crate::auth::HttpAuth) {
    if listeners.is_empty() {
        return;
    }
    let queue = glommio::executor().create_task_queue(
        glommio::Shares::Static(HTTP_SHARES),
        glommio::Latency::NotImportant,
        "http",
    );
    let server = Rc::new(Server {
        shard: shard.clone(),
        connections: Cell::new(0),
        scraping: glommio::sync::Semaphore::new(1),
        console: shard
            .config
            .http_console_enabled
            .then(|| crate::console::Console::new(&shard)),
        auth,
        stop: runtime::Notify::default(),
    });
    // The console's live charts: a sample of this shard's counters on a timer.
    let sampler = server.console.is_some().then(|| {
        let server = server.clone();
        glommio::spawn_local_into(
            async move {
                // The flag first: a stop notified while a sample was awaited is not missed.
                while !server.shard.is_shutting_down() {
                    let stopped = server.stop.notified();
                    let tick = glommio::timer::sleep(runtime::series::SERIES_INTERVAL);
                    futures::pin_mut!(stopped, tick);
                    if let futures::future::Either::Left(_) =
                        futures::future::select(stopped, tick).await
                    {
                        return;
                    }
                    server.shard.sample_series();
                    if server.shard.lag_due() {
                        server.shard.sample_group_lag(GATHER_MAX).await;
                    }
                }
            },
            queue,
        )
        .expect("the http task queue was created above")
    });
    // Wakes the accept loops once, at shutdown. They must not wait on the shard's events
    // themselves: every cross-shard message would re-poll their pending accepts (see below).
    let watcher = {
        let server = server.clone();
        glommio::spawn_local(async move {
            server.shard.until_shutdown().await;
            server.stop.notify_all();
        })
    };
    let loops: Vec<_> = listeners
        .into_iter()
        .map(|listener| {
            glommio::spawn_local_into(accept_loop(server.clone(), listener, queue), queue)
                .expect("the http task queue was created above")
        })
        .collect();
    futures::future::join_all(loops).await;
    watcher.await;
    if let Some(sampler) = sampler {
        sampler.await;
    }
}

async fn accept_loop(server: Rc<Server>, listener: TcpListener, queue: glommio::TaskQueueHandle) {
    let listener = Rc::new(listener);
    // As in `network`: one accept future lives until it completes (a dropped pending accept
    // can lose a connection the kernel accepted) and is polled only when it or `stop` wakes the
    // task: glommio keeps a waker clone per poll of a pending socket op, so waking this task on
    // every cross-shard event would pile clones up until the task's reference count overflowed.
    let next = || {
        let listener = listener.clone();
        Box::pin(async move { listener.accept().await })
    };
    let mut accept = next();
    loop {
        if server.shard.is_shutting_down() {
            return;
        }
        let stopped = server.stop.notified();
        futures::pin_mut!(stopped);
        match futures::future::select(&mut accept, stopped).await {
            futures::future::Either::Left((Ok(stream), _)) => {
                accept = next();
                if server.connections.get() >= CONNECTIONS_MAX {
                    server.shard.metrics.rejected("http", "connections");
                    drop(stream);
                    continue;
                }
                server.connections.set(server.connections.get() + 1);
                let server = server.clone();
                let connection = async move {
                    serve_connection(&server, stream).await;
                    server.connections.set(server.connections.get() - 1);
                };
                glommio::spawn_local_into(connection, queue)
                    .expect("the http task queue exists")
                    .detach();
            }
            futures::future::Either::Left((Err(e), _)) => {
                accept = next();
                tracing::warn!(shard = server.shard.id.0, error = %e, "HTTP accept failed");
                glommio::timer::sleep(Duration::from_millis(10)).await;
            }
            futures::future::Either::Right(_) => return,
        }
    }
}

/// A parsed request: only what routing needs.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Request {
    pub(crate) method: String,
    /// The target's path, as sent (percent-encoded).
    pub(crate) path: String,
    /// The target's query, without the `?` (empty if none).
    pub(crate) query: String,
    /// The `If-None-Match` header's value (a cached asset's ETag), if sent.
    pub(crate) if_none_match: Option<String>,
    /// The `Cookie` header (the console's session).
    pub(crate) cookie: Option<String>,
    /// The `Authorization` header (HTTP Basic on /api/).
    pub(crate) authorization: Option<String>,
    /// The `Content-Type` header.
    pub(crate) content_type: Option<String>,
    /// The `Origin` and `Host` headers (a login must come from the console's own page).
    pub(crate) origin: Option<String>,
    pub(crate) host: Option<String>,
    /// `X-Requested-With: sluice-console`: the console's own script asks (a 401 then carries
    /// no `WWW-Authenticate`, so the browser shows the login page, not its Basic dialog).
    pub(crate) from_console: bool,
    /// `Content-Length` (0 without one); the body is read after the head.
    pub(crate) content_length: usize,
    pub(crate) body: Vec<u8>,
    /// Who sent it.
    pub(crate) peer: std::net::IpAddr,
}

/// Why a request head was refused.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum HeadError {
    TooLarge,
    Malformed(&'static str),
    /// A body longer than `REQUEST_BODY_BYTES_MAX`.
    BodyTooLarge,
    /// A POST without `Content-Length` (chunked bodies are not taken).
    LengthRequired,
    Closed,
}

pub(crate) struct Response {
    pub(crate) status: u16,
    pub(crate) content_type: &'static str,
    pub(crate) body: Vec<u8>,
    /// `no-store` for everything computed; compiled-in assets are revalidated by ETag.
    pub(crate) cache_control: &'static str,
    pub(crate) etag: Option<String>,
    /// More headers (`Set-Cookie`, `Location`, `WWW-Authenticate`), each `Name: value`.
    pub(crate) headers: Vec<String>,
}

impl Response {
    pub(crate) fn text(status: u16, body: impl Into<String>) -> Response {
        Response::new(
            status,
            "text/plain; charset=utf-8",
            body.into().into_bytes(),
        )
    }

    pub(crate) fn new(status: u16, content_type: &'static str, body: Vec<u8>) -> Response {
        Response {
            status,
            content_type,
            body,
            cache_control: "no-store",
            etag: None,
            headers: Vec::new(),
        }
    }

    /// Adds a header line (`Name: value`).
    pub(crate) fn with_header(mut self, line: String) -> Response {
        self.headers.push(line);
        self
    }

    /// A `303 See Other` to `location` (a path of this server).
    pub(crate) fn see_other(location: &str) -> Response {
        Response::text(303, format!("see {location}\n"))
            .with_header(format!("Location: {location}"))
    }
}

async fn serve_connection(server: &Server, mut stream: TcpStream) {
    let peer = stream
        .peer_addr()
        .map_or(std::net::IpAddr::from([0, 0, 0, 0]), |a| a.ip());
    let read = with_deadline(read_request(&mut stream, peer), REQUEST_READ_MAX).await;
    let head_only = matches!(&read, Some(Ok(r)) if r.method == "HEAD");
    let response = match read {
        None => {
            server.shard.metrics.rejected("http", "slow_request");
            return;
        }
        Some(Err(HeadError::Closed)) => return,
        Some(Err(HeadError::TooLarge)) => {
            server.shard.metrics.rejected("http", "request_too_large");
            Response::text(431, "request head too large\n")
        }
        Some(Err(HeadError::Malformed(why))) => {
            server.shard.metrics.rejected("http", "malformed");
            Response::text(400, format!("bad request: {why}\n"))
        }
        Some(Err(HeadError::BodyTooLarge)) => {
            server.shard.metrics.rejected("http", "request_too_large");
            Response::text(413, "request body too large\n")
        }
        Some(Err(HeadError::LengthRequired)) => {
            server.shard.metrics.rejected("http", "malformed");
            Response::text(411, "a request body needs Content-Length\n")
        }
        // A bug in serving HTTP must not stop the broker (a broken invariant still does).
        Some(Ok(request)) => runtime::fail::isolate(route(server, &request))
            .await
            .unwrap_or_else(|panic| {
                tracing::error!(shard = server.shard.id.0, %panic, "HTTP request panicked");
                Response::text(500, "internal error\n")
            }),
    };
    let bytes = encode_response(&response, head_only);
    let write = async {
        stream.write_all(&bytes).await?;
        stream.flush().await?;
        stream.close().await
    };
    if with_deadline(write, RESPONSE_WRITE_MAX).await.is_none() {
        server.shard.metrics.rejected("http", "slow_reader");
    }
}

async fn route(server: &Server, request: &Request) -> Response {
    let post = request.method == "POST" && crate::console::takes_posts(&request.path);
    if request.method != "GET" && request.method != "HEAD" && !post {
        return Response::text(
            405,
            "only GET and HEAD are served (and POST to /login and /logout)\n",
        );
    }
    if !post && !request.body.is_empty() {
        return Response::text(400, "bad request: a body on a request that takes none\n");
    }
    let path = request.path.as_str();
    if matches!(path, "/metrics" | "/health/live" | "/health/ready") && server.auth.guards(path) {
        if let Err(refused) = crate::console::identify(server, request).await {
            return refused;
        }
    }
    match path {
        "/health/live" => Response::text(200, "live\n"),
        "/health/ready" => match crate::health::readiness(&server.shard) {
            Ok(()) => Response::text(200, "ready\n"),
            Err(reason) => Response::text(503, format!("not ready: {reason}\n")),
        },
        "/metrics" => {
            let Ok(_turn) = server.scraping.acquire_permit(1).await else {
                return Response::text(503, "shutting down\n");
            };
            let snapshots = server.shard.gather_metrics(GATHER_MAX).await;
            Response::new(
                200,
                "text/plain; version=0.0.4; charset=utf-8",
                crate::exposition::render(&server.shard, &snapshots).into_bytes(),
            )
        }
        path if crate::console::serves(path) => crate::console::route(server, request).await,
        _ => Response::text(
            404,
            "not found: /metrics, /health/live, /health/ready (and the console at / with http.console.enabled=true)\n",
        ),
    }
}

/// Reads the request head (up to the blank line) into a bounded buffer, parses it, and reads
/// its body (at most `REQUEST_BODY_BYTES_MAX`, as `Content-Length` says).
async fn read_request(
    stream: &mut TcpStream,
    peer: std::net::IpAddr,
) -> Result<Request, HeadError> {
    let mut buf = vec![0u8; REQUEST_HEAD_BYTES_MAX];
    let mut got = 0;
    loop {
        if let Some(end) = head_end(&buf[..got]) {
            let mut request = parse_head(&buf[..end])?;
            request.peer = peer;
            let mut body = buf[end..got].to_vec();
            if body.len() > request.content_length {
                return Err(HeadError::Malformed("more bytes than Content-Length"));
            }
            let mut at = body.len();
            body.resize(request.content_length, 0);
            while at < body.len() {
                match stream.read(&mut body[at..]).await {
                    Ok(0) | Err(_) => {
                        return Err(HeadError::Malformed("connection closed inside the body"))
                    }
                    Ok(n) => at += n,
                }
            }
            request.body = body;
            return Ok(request);
        }
        if got == buf.len() {
            return Err(HeadError::TooLarge);
        }
        match stream.read(&mut buf[got..]).await {
            Ok(0) | Err(_) if got == 0 => return Err(HeadError::Closed),
            Ok(0) => return Err(HeadError::Malformed("connection closed inside the head")),
            Ok(n) => got += n,
            Err(_) => return Err(HeadError::Closed),
        }
    }
}

/// Where the head ends (the byte after its blank line), if it has.
fn head_end(bytes: &[u8]) -> Option<usize> {
    let crlf = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|i| i + 4);
    let lf = bytes.windows(2).position(|w| w == b"\n\n").map(|i| i + 2);
    match (crlf, lf) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Parses `METHOD SP target SP HTTP/1.x` and checks the header lines' shape. A request with
/// a body is refused: nothing served takes one.
pub(crate) fn parse_head(head: &[u8]) -> Result<Request, HeadError> {
    let text = std::str::from_utf8(head).map_err(|_| HeadError::Malformed("not UTF-8"))?;
    let mut lines = text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l));
    let first = lines.next().unwrap_or_default();
    let mut parts = first.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(HeadError::Malformed("request line"));
    };
    if !matches!(version, "HTTP/1.0" | "HTTP/1.1") {
        return Err(HeadError::Malformed("HTTP version"));
    }
    if method.is_empty() || !method.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(HeadError::Malformed("method"));
    }
    if !target.starts_with('/') {
        return Err(HeadError::Malformed("request target"));
    }
    let mut request = Request {
        method: method.to_string(),
        path: String::new(),
        query: String::new(),
        if_none_match: None,
        cookie: None,
        authorization: None,
        content_type: None,
        origin: None,
        host: None,
        from_console: false,
        content_length: 0,
        body: Vec::new(),
        peer: std::net::IpAddr::from([0, 0, 0, 0]),
    };
    let mut length = None;
    for line in lines.filter(|l| !l.is_empty()) {
        let Some((name, value)) = line.split_once(':') else {
            return Err(HeadError::Malformed("header line"));
        };
        let name = name.trim().to_ascii_lowercase();
        let value = value.trim().to_string();
        // A header that matters sent twice is ambiguous (request smuggling): refused.
        let once = |slot: &mut Option<String>| match slot {
            Some(_) => Err(HeadError::Malformed("a header sent twice")),
            None => {
                *slot = Some(value.clone());
                Ok(())
            }
        };
        match name.as_str() {
            "if-none-match" => request.if_none_match = Some(value.clone()),
            "cookie" => once(&mut request.cookie)?,
            "authorization" => once(&mut request.authorization)?,
            "content-type" => once(&mut request.content_type)?,
            "origin" => once(&mut request.origin)?,
            "host" => once(&mut request.host)?,
            "x-requested-with" => request.from_console = value == "sluice-console",
            "content-length" => once(&mut length)?,
            "transfer-encoding" if request.method == "POST" => {
                return Err(HeadError::LengthRequired)
            }
            "transfer-encoding" => return Err(HeadError::Malformed("a request body")),
            _ => {}
        }
    }
    request.content_length = match length {
        None if request.method == "POST" => return Err(HeadError::LengthRequired),
        None => 0,
        Some(text) => {
            if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
                return Err(HeadError::Malformed("Content-Length"));
            }
            match text.parse::<usize>() {
                Ok(0) => 0,
                Ok(_) if request.method != "POST" => {
                    return Err(HeadError::Malformed("a request body"))
                }
                Ok(n) if n <= REQUEST_BODY_BYTES_MAX => n,
                _ => return Err(HeadError::BodyTooLarge),
            }
        }
    };
    let target = target.split('#').next().unwrap_or_default();
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    request.path = path.to_string();
    request.query = query.to_string();
    Ok(request)
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        303 => "See Other",
        304 => "Not Modified",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        411 => "Length Required",
        413 => "Content Too Large",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Error",
    }
}

fn encode_response(response: &Response, head_only: bool) -> Vec<u8> {
    let mut extra = match &response.etag {
        Some(tag) => format!("ETag: {tag}\r\n"),
        None => String::new(),
    };
    for line in &response.headers {
        extra.push_str(line);
        extra.push_str("\r\n");
    }
    let mut out = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: {}\r\n{extra}X-Content-Type-Options: nosniff\r\nX-Frame-Options: DENY\r\nConnection: close\r\n\r\n",
        response.status,
        reason(response.status),
        response.content_type,
        response.body.len(),
        response.cache_control,
    )
    .into_bytes();
    if !head_only {
        out.extend_from_slice(&response.body);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Request, HeadError> {
        let end = head_end(text.as_bytes()).expect("a complete head");
        parse_head(&text.as_bytes()[..end])
    }

    #[test]
    fn parses_a_scrape() {
        let r =
            parse("GET /metrics?x=1 HTTP/1.1\r\nHost: a\r\nAccept: text/plain\r\n\r\n").unwrap();
        assert_eq!(r.method, "GET");
        assert_eq!(r.path, "/metrics");
        assert_eq!(r.query, "x=1");
        let r = parse("GET /health/live HTTP/1.0\n\n").unwrap();
        assert_eq!(r.path, "/health/live");
        assert_eq!(r.query, "");
        assert_eq!(r.if_none_match, None);
        let r = parse("GET /a?b=c#d HTTP/1.1\r\nIf-None-Match: \"x\"\r\n\r\n").unwrap();
        assert_eq!((r.path.as_str(), r.query.as_str()), ("/a", "b=c"));
        assert_eq!(r.if_none_match.as_deref(), Some("\"x\""));
    }

    #[test]
    fn refuses_what_is_not_a_simple_request() {
        for bad in [
            "GET /metrics\r\n\r\n",
            "GET /metrics HTTP/2\r\n\r\n",
            "get /metrics HTTP/1.1\r\n\r\n",
            "GET metrics HTTP/1.1\r\n\r\n",
            "GET /metrics HTTP/1.1 extra\r\n\r\n",
            "GET /metrics HTTP/1.1\r\nno colon\r\n\r\n",
            "GET /metrics HTTP/1.1\r\nContent-Length: 5\r\n\r\n",
            "GET /metrics HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n",
            "POST /login HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\n",
            "POST /login HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
            "POST /login HTTP/1.1\r\nContent-Length: 1e3\r\n\r\n",
            "POST /login HTTP/1.1\r\nContent-Length: \r\n\r\n",
            "GET / HTTP/1.1\r\nCookie: a\r\nCookie: b\r\n\r\n",
            "GET / HTTP/1.1\r\nAuthorization: a\r\nAuthorization: b\r\n\r\n",
            "\u{0}\u{1}\u{2}\r\n\r\n",
        ] {
            assert!(
                matches!(parse(bad), Err(HeadError::Malformed(_))),
                "{bad:?}"
            );
        }
        assert!(parse_head(&[0xff, 0xfe]).is_err());
        assert_eq!(
            parse("POST /login HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"),
            Err(HeadError::LengthRequired)
        );
        assert_eq!(
            parse("POST /login HTTP/1.1\r\n\r\n"),
            Err(HeadError::LengthRequired)
        );
        assert_eq!(
            parse("POST /login HTTP/1.1\r\nContent-Length: 4097\r\n\r\n"),
            Err(HeadError::BodyTooLarge)
        );
        assert_eq!(
            parse("POST /login HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n"),
            Err(HeadError::BodyTooLarge)
        );
    }

    #[test]
    fn parses_a_login() {
        let r = parse("POST /login HTTP/1.1\r\nHost: h:1\r\nOrigin: http://h:1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 12\r\nCookie: x=y\r\nX-Requested-With: sluice-console\r\n\r\n").unwrap();
        assert_eq!(r.content_length, 12);
        assert_eq!(r.host.as_deref(), Some("h:1"));
        assert_eq!(r.origin.as_deref(), Some("http://h:1"));
        assert_eq!(r.cookie.as_deref(), Some("x=y"));
        assert!(r.from_console);
        assert_eq!(
            r.content_type.as_deref(),
            Some("application/x-www-form-urlencoded")
        );
    }

    #[test]
    fn finds_the_end_of_a_head() {
        assert_eq!(head_end(b"GET / HTTP/1.1\r\n\r\nrest"), Some(18));
        assert_eq!(head_end(b"GET / HTTP/1.1\r\n"), None);
    }

    #[test]
    fn encodes_a_response() {
        let r = Response::text(503, "not ready: x\n");
        let text = String::from_utf8(encode_response(&r, false)).unwrap();
        assert!(text.starts_with("HTTP/1.1 503 Service Unavailable\r\n"));
        assert!(text.contains("Content-Length: 13\r\n"));
        // No page of this server is framed by another (clickjacking of the login form).
        assert!(text.contains("X-Frame-Options: DENY\r\n"));
        assert!(text.ends_with("\r\n\r\nnot ready: x\n"));
    }
}
