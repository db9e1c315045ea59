//! The web console (`http.console.enabled`): a small single-page app compiled into the binary
//! (`assets`), the read-only JSON API under `/api/` it reads, and its login (`/login`,
//! `/logout`; `crate::auth`).
//!
//! Everything is gathered the way `/metrics` is: the shard's own image, the other shards'
//! cells over the links (`Shard::gather_console`, `Shard::gather_log_dirs`), and the Kafka
//! handlers' own answers for groups, offsets and configs (`Handlers::answer_for_console`, the
//! same code a Kafka client's DescribeGroups or DescribeConfigs runs). Records are read
//! through the partition owner's shard as Fetch reads them (`records`).
//!
//! What a principal sees is what the broker's authorizer lets it see, as Kafka would decide
//! for a client (without an authorizer, everything): topics are listed with DESCRIBE on the
//! topic (Metadata's rule), a topic's page needs DESCRIBE, its records READ (Fetch's), its
//! configs and the retention shown beside it DESCRIBE_CONFIGS on the topic; groups are listed
//! with DESCRIBE on the cluster or on the group (ListGroups), described with DESCRIBE on the
//! group, their offsets and lag only for topics the principal may describe (OffsetFetch);
//! the broker's configs need DESCRIBE_CONFIGS on the cluster. The cluster overview counts only
//! the topics the principal may describe. The handlers' requests run with the principal as
//! their caller (`answer_for_console`), so their own checks apply too.
//!
//! Invariants:
//! - Read-only: only APIs that change nothing are called.
//! - Bounded: every list has a cap (the response says `truncated`), a records read is at most
//!   `records::READ_BYTES_MAX` of batches and `records::RECORDS_MAX` records; one API call at a
//!   time per shard (`Console::turn`), in the HTTP task queue, so a console cannot crowd out
//!   produce and fetch.
//! - No byte of a request panics: paths and queries are parsed into typed values or answered
//!   400; unknown topics, partitions and groups are 404.
//! - Nothing denied leaks: a denied resource is 403 whether or not it exists (as Kafka answers
//!   TOPIC_AUTHORIZATION_FAILED for a topic it will not say exists), and lists leave it out.

mod api;
mod assets;
mod authz;
mod groups;
mod query;
mod records;

use crate::auth::{Identity, LoginError};
use crate::server::{Request, Response, Server};
use handlers::{Caller, Handlers};
use protocol::versions::Listener;
use query::{decode_segment, Query};
use runtime::Shard;
use std::rc::Rc;
use std::time::Duration;

/// How long the console waits for each other shard's answer.
pub(crate) const GATHER_MAX: Duration = Duration::from_secs(2);

/// One shard's console state.
pub(crate) struct Console {
    handlers: Rc<Handlers>,
    /// One API call at a time on this shard.
    turn: glommio::sync::Semaphore,
}

impl Console {
    pub(crate) fn new(shard: &Rc<Shard>) -> Console {
        Console {
            handlers: Handlers::for_listener(shard.clone(), Listener::Broker),
            turn: glommio::sync::Semaphore::new(1),
        }
    }
}

/// Whether `path` is the console's (pages, assets, login or API).
pub(crate) fn serves(path: &str) -> bool {
    matches!(path, "/" | "/login" | "/logout")
        || path.starts_with("/assets/")
        || path == "/api"
        || path.starts_with("/api/")
}

/// Whether `path` takes a POST (the login form and logout).
pub(crate) fn takes_posts(path: &str) -> bool {
    matches!(path, "/login" | "/logout")
}

/// One `application/x-www-form-urlencoded` component, decoded (`None` if malformed).
pub(crate) fn decode_form_component(text: &str) -> Option<String> {
    decode_segment(text).ok()
}

/// Who sent `request`: `User:ANONYMOUS` without a login required; else the user of its
/// session cookie or of its HTTP Basic credentials. Refused: 401 (with `WWW-Authenticate`
/// unless the console's own script asked), 429 while the address is refused, 400 for
/// malformed Basic credentials.
pub(crate) async fn identify(server: &Server, request: &Request) -> Result<Identity, Response> {
    let auth = &server.auth;
    if !auth.required() {
        return Ok(Identity {
            principal: security::KafkaPrincipal::anonymous(),
        });
    }
    if let Some(id) = request
        .cookie
        .as_deref()
        .and_then(crate::auth::session_cookie)
    {
        if let Some(user) = auth.session(id) {
            return Ok(Identity {
                principal: security::KafkaPrincipal::user(user),
            });
        }
    }
    let challenge = |r: Response| {
        if request.from_console {
            r
        } else {
            r.with_header("WWW-Authenticate: Basic realm=\"sluice\", charset=\"UTF-8\"".into())
        }
    };
    match request
        .authorization
        .as_deref()
        .and_then(crate::auth::basic_credentials)
    {
        None => Err(challenge(
            ApiError::unauthorized(
                "authentication required: log in at /login or send HTTP Basic credentials",
            )
            .into_response(),
        )),
        Some(Err(why)) => Err(ApiError::bad_request(why).into_response()),
        Some(Ok((user, password))) => {
            let image = server.shard.image();
            match auth.login(&image, request.peer, &user, &password).await {
                Ok(principal) => Ok(Identity { principal }),
                Err(LoginError::Invalid) => Err(challenge(
                    ApiError::unauthorized("invalid username or password").into_response(),
                )),
                Err(LoginError::Limited(left)) => {
                    Err(too_many(left, ApiError::too_many().into_response()))
                }
            }
        }
    }
}

/// A 429 with `Retry-After`.
fn too_many(left: std::time::Duration, response: Response) -> Response {
    response.with_header(format!("Retry-After: {}", left.as_secs().max(1)))
}

pub(crate) async fn route(server: &Server, request: &Request) -> Response {
    let Some(console) = &server.console else {
        return Response::text(
            404,
            "the console is disabled: set http.console.enabled=true\n",
        );
    };
    match (request.path.as_str(), request.method.as_str()) {
        ("/login", "POST") => return login(server, request).await,
        ("/logout", "POST") => return logout(server, request),
        ("/login", _) if server.auth.required() => {
            return assets::login_page(200, "");
        }
        ("/login", _) => return Response::see_other("/"),
        ("/logout", _) => return Response::text(405, "log out with POST /logout\n"),
        _ => {}
    }
    let Some(api) = request.path.strip_prefix("/api/") else {
        // The page itself holds no data, but without a session it would only bounce.
        if request.path == "/" && server.auth.required() && identify(server, request).await.is_err()
        {
            return Response::see_other("/login");
        }
        return assets::serve(&request.path, request.if_none_match.as_deref());
    };
    let identity = match identify(server, request).await {
        Ok(identity) => identity,
        Err(refused) => return refused,
    };
    let caller = Caller::new(identity.principal, request.peer, "http");
    let Ok(_turn) = console.turn.acquire_permit(1).await else {
        return Response::text(503, "shutting down\n");
    };
    let segments: Result<Vec<String>, _> = api.split('/').map(decode_segment).collect();
    let query = Query::parse(&request.query);
    match (segments, query) {
        (Ok(segments), Ok(query)) => {
            let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
            let ctx = Ctx {
                shard: &server.shard,
                handlers: &console.handlers,
                caller: &caller,
                login_required: server.auth.required(),
            };
            api_call(&ctx, &segments, &query)
                .await
                .unwrap_or_else(|e| e.into_response())
        }
        (Err(why), _) | (_, Err(why)) => ApiError::bad_request(why).into_response(),
    }
}

/// Whether a login or logout comes from the console's own page: a browser sends `Origin` with
/// a form POST; one naming another site is refused (login CSRF). Scripts send none.
fn same_origin(request: &Request) -> bool {
    match (&request.origin, &request.host) {
        (None, _) => true,
        (Some(origin), Some(host)) => {
            origin.strip_prefix("http://") == Some(host.as_str())
                || origin.strip_prefix("https://") == Some(host.as_str())
        }
        (Some(_), None) => false,
    }
}

/// `POST /login` (a form: `username`, `password`): a session cookie and `303 /` on success;
/// the login page again with one generic message otherwise.
async fn login(server: &Server, request: &Request) -> Response {
    if !server.auth.required() {
        return Response::text(
            404,
            "no login: http.console.authentication is none (or auto without an authorizer)\n",
        );
    }
    if !same_origin(request) {
        return Response::text(403, "a login must come from the console's own page\n");
    }
    let form = request
        .content_type
        .as_deref()
        .and_then(|t| t.split(';').next())
        .is_some_and(|t| {
            t.trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        });
    if !form {
        return Response::text(
            415,
            "a login is an application/x-www-form-urlencoded form\n",
        );
    }
    let Some(fields) = crate::auth::form_fields(&request.body) else {
        return assets::login_page(400, "The form could not be read.");
    };
    let field = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    };
    let (user, password) = (field("username"), field("password"));
    if user.is_empty() || password.is_empty() {
        return assets::login_page(400, "Enter a user name and a password.");
    }
    let image = server.shard.image();
    match server
        .auth
        .login(&image, request.peer, user, password)
        .await
    {
        Ok(_) => {
            let id = server.auth.open_session(user);
            let max_age = server.auth.session_timeout().as_secs();
            Response::see_other("/").with_header(format!(
                "Set-Cookie: {}={id}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}",
                crate::auth::COOKIE
            ))
        }
        Err(LoginError::Invalid) => assets::login_page(401, "Invalid username or password."),
        Err(LoginError::Limited(left)) => too_many(
            left,
            assets::login_page(
                429,
                "Too many failed logins from this address; try again later.",
            ),
        ),
    }
}

/// `POST /logout`: ends the session (if any) and clears the cookie.
fn logout(server: &Server, request: &Request) -> Response {
    if !same_origin(request) {
        return Response::text(403, "a logout must come from the console's own page\n");
    }
    if let Some(id) = request
        .cookie
        .as_deref()
        .and_then(crate::auth::session_cookie)
    {
        server.auth.close_session(id);
    }
    Response::see_other("/login").with_header(format!(
        "Set-Cookie: {}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0",
        crate::auth::COOKIE
    ))
}

/// What an API call needs: where, and for whom.
pub(crate) struct Ctx<'a> {
    pub(crate) shard: &'a Rc<Shard>,
    pub(crate) handlers: &'a Rc<Handlers>,
    pub(crate) caller: &'a Caller,
    pub(crate) login_required: bool,
}

impl Ctx<'_> {
    /// The caller's authorization, its denials logged as `api`'s would be.
    pub(crate) fn authz(&self, api: kafka_protocol::messages::ApiKey) -> handlers::auth::Authz<'_> {
        self.handlers.console_authz(self.caller, api)
    }

    /// A request answered by the handlers for the caller.
    pub(crate) async fn ask(
        &self,
        req: kafka_protocol::messages::RequestKind,
        version: i16,
    ) -> Result<kafka_protocol::messages::ResponseKind, ApiError> {
        self.handlers
            .answer_for_console(req, version, self.caller)
            .await
            .ok_or_else(|| ApiError::unavailable("request not answered"))
    }
}

async fn api_call(ctx: &Ctx<'_>, segments: &[&str], query: &Query) -> Result<Response, ApiError> {
    let body = match segments {
        ["whoami"] => serde_json::json!({
            "principal": ctx.caller.principal_text,
            "login_required": ctx.login_required,
            "authorizer": ctx.shard.config.authorizer_enabled,
        }),
        ["cluster"] => api::cluster(ctx).await,
        ["topics"] => api::topics(ctx).await,
        ["topics", name] => api::topic(ctx, name).await?,
        ["topics", name, "partitions", partition, "records"] => {
            authz::topic(ctx, authz::View::Records, name)?;
            let partition = query::parse_partition(partition)?;
            let wanted = records::Wanted::from_query(query)?;
            records::read(ctx, name, partition, wanted).await?
        }
        ["groups"] => groups::list(ctx).await?,
        ["groups", id] => {
            authz::group(ctx, id)?;
            groups::describe(ctx, id).await?
        }
        ["configs"] => api::configs(ctx).await?,
        ["metrics", "series"] => api::series(ctx.shard).await,
        _ => return Err(ApiError::not_found("no such API")),
    };
    Ok(json_response(200, &body))
}

fn json_response(status: u16, body: &serde_json::Value) -> Response {
    let mut bytes = serde_json::to_vec(body).unwrap_or_default();
    bytes.push(b'\n');
    Response::new(status, "application/json", bytes)
}

/// An API call answered with an error status and a JSON `{"error": ...}`.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct ApiError {
    pub(crate) status: u16,
    pub(crate) message: String,
}

impl ApiError {
    pub(crate) fn bad_request(why: impl Into<String>) -> ApiError {
        ApiError {
            status: 400,
            message: why.into(),
        }
    }

    pub(crate) fn not_found(why: impl Into<String>) -> ApiError {
        ApiError {
            status: 404,
            message: why.into(),
        }
    }

    pub(crate) fn unavailable(why: impl Into<String>) -> ApiError {
        ApiError {
            status: 503,
            message: why.into(),
        }
    }

    pub(crate) fn forbidden(why: impl Into<String>) -> ApiError {
        ApiError {
            status: 403,
            message: why.into(),
        }
    }

    fn unauthorized(why: impl Into<String>) -> ApiError {
        ApiError {
            status: 401,
            message: why.into(),
        }
    }

    fn too_many() -> ApiError {
        ApiError {
            status: 429,
            message: "too many failed logins from this address; try again later".into(),
        }
    }

    pub(crate) fn into_response(self) -> Response {
        json_response(self.status, &serde_json::json!({ "error": self.message }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(origin: Option<&str>, host: Option<&str>) -> Request {
        let mut r = crate::server::parse_head(b"POST /login HTTP/1.1\r\nContent-Length: 0\r\n")
            .expect("a request");
        r.origin = origin.map(str::to_string);
        r.host = host.map(str::to_string);
        r
    }

    #[test]
    fn a_login_must_come_from_the_consoles_own_origin() {
        assert!(same_origin(&request(None, None)));
        assert!(same_origin(&request(Some("http://h:9644"), Some("h:9644"))));
        assert!(same_origin(&request(
            Some("https://h:9644"),
            Some("h:9644")
        )));
        assert!(!same_origin(&request(
            Some("http://evil:9644"),
            Some("h:9644")
        )));
        assert!(!same_origin(&request(Some("http://h:9644"), None)));
        assert!(!same_origin(&request(Some("null"), Some("h:9644"))));
    }

    #[test]
    fn only_the_login_and_logout_take_posts() {
        assert!(takes_posts("/login") && takes_posts("/logout"));
        assert!(!takes_posts("/api/topics") && !takes_posts("/"));
        assert!(serves("/login") && serves("/logout") && serves("/api/whoami"));
    }
}
