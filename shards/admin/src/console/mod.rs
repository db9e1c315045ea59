//! The web console (`http.console.enabled`): a small single-page app compiled into the binary
//! (`assets`) and the read-only JSON API under `/api/` it reads.
//!
//! Everything is gathered the way `/metrics` is: the shard's own image, the other shards'
//! cells over the links (`Shard::gather_console`, `Shard::gather_log_dirs`), and the Kafka
//! handlers' own answers for groups, offsets and configs (`Handlers::answer_for_console`, the
//! same code a Kafka client's DescribeGroups or DescribeConfigs runs). Records are read
//! through the partition owner's shard as Fetch reads them (`records`).
//!
//! Invariants:
//! - Read-only: only APIs that change nothing are called.
//! - Bounded: every list has a cap (the response says `truncated`), a records read is at most
//!   `records::READ_BYTES_MAX` of batches and `records::RECORDS_MAX` records; one API call at a
//!   time per shard (`Console::turn`), in the HTTP task queue, so a console cannot crowd out
//!   produce and fetch.
//! - No byte of a request panics: paths and queries are parsed into typed values or answered
//!   400; unknown topics, partitions and groups are 404.
//! - With an authorizer configured, the records and configs endpoints answer 403 and topics
//!   are listed without their configs: the HTTP listener authenticates nobody, so it cannot
//!   apply per-principal ACLs.

mod api;
mod assets;
mod groups;
mod query;
mod records;

use crate::server::{Request, Response, Server};
use handlers::Handlers;
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

/// Whether `path` is the console's (pages, assets or API).
pub(crate) fn serves(path: &str) -> bool {
    path == "/" || path.starts_with("/assets/") || path == "/api" || path.starts_with("/api/")
}

pub(crate) async fn route(server: &Server, request: &Request) -> Response {
    let Some(console) = &server.console else {
        return Response::text(
            404,
            "the console is disabled: set http.console.enabled=true\n",
        );
    };
    let Some(api) = request.path.strip_prefix("/api/") else {
        return assets::serve(&request.path, request.if_none_match.as_deref());
    };
    let Ok(_turn) = console.turn.acquire_permit(1).await else {
        return Response::text(503, "shutting down\n");
    };
    let segments: Result<Vec<String>, _> = api.split('/').map(decode_segment).collect();
    let query = Query::parse(&request.query);
    match (segments, query) {
        (Ok(segments), Ok(query)) => {
            let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
            api_call(server, console, &segments, &query)
                .await
                .unwrap_or_else(|e| e.into_response())
        }
        (Err(why), _) | (_, Err(why)) => ApiError::bad_request(why).into_response(),
    }
}

async fn api_call(
    server: &Server,
    console: &Console,
    segments: &[&str],
    query: &Query,
) -> Result<Response, ApiError> {
    let shard = &server.shard;
    let guarded = shard.config.authorizer_enabled;
    let body = match segments {
        ["cluster"] => api::cluster(shard).await,
        ["topics"] => api::topics(shard, guarded).await,
        ["topics", name] => api::topic(shard, &console.handlers, name, guarded).await?,
        ["topics", name, "partitions", partition, "records"] => {
            if guarded {
                return Err(ApiError::forbidden());
            }
            let partition = query::parse_partition(partition)?;
            let wanted = records::Wanted::from_query(query)?;
            records::read(shard, &console.handlers, name, partition, wanted).await?
        }
        ["groups"] => groups::list(shard, &console.handlers).await?,
        ["groups", id] => groups::describe(shard, &console.handlers, id).await?,
        ["configs"] => {
            if guarded {
                return Err(ApiError::forbidden());
            }
            api::configs(shard, &console.handlers).await?
        }
        ["metrics", "series"] => api::series(shard).await,
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

    fn forbidden() -> ApiError {
        ApiError {
            status: 403,
            message: "an authorizer is configured (authorizer.class.name): the console's HTTP \
                      listener authenticates nobody, so records and configs are not served"
                .into(),
        }
    }

    fn into_response(self) -> Response {
        json_response(self.status, &serde_json::json!({ "error": self.message }))
    }
}
