//! The HTTP listener (`http.listeners`): `/metrics` in Prometheus' text format, the
//! `/health/live` and `/health/ready` probes, and the web console (`/`, `/api/`).
//!
//! Runs inside every shard executor, like the Kafka listeners: every shard binds each HTTP
//! address with SO_REUSEPORT and the kernel spreads connections. A scrape gathers a snapshot
//! from every shard over the links (`runtime::Shard::gather_metrics`) and renders them on the
//! shard that took the connection.
//!
//! Invariants:
//! - A slow or hostile HTTP client cannot stall produce or fetch: HTTP connections run in a
//!   task queue of their own with a tenth of the network queue's shares and no latency
//!   promise; a request head is at most `REQUEST_HEAD_BYTES_MAX` and must arrive within
//!   `REQUEST_READ_MAX`, the response must be taken within `RESPONSE_WRITE_MAX`, and a shard
//!   serves at most `CONNECTIONS_MAX` HTTP connections (more are closed at once). One scrape
//!   at a time per shard; a shard that does not answer a scrape within `GATHER_MAX` is left out
//!   (`sluice_shard_up 0`).
//! - The hot path does not know HTTP exists: scrapes read shard-local cells (see
//!   `runtime::metrics`) through the same bounded links as every other cross-shard message.
//!
//! - The web console (`console`, `http.console.enabled`) is read-only and bounded the same way;
//!   with a login required (`auth`, `http.console.authentication`) it shows a principal what
//!   the broker's authorizer lets that principal describe and read.
//!
//! Deliberately not here: TLS on the HTTP listener (put a TLS proxy in front of a console that
//! is not on loopback: a login's password travels as the listener does).

mod auth;
mod console;
mod exposition;
mod health;
mod server;

pub use auth::HttpAuth;
pub use server::{bind, serve};
