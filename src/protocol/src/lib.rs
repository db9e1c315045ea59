//! Protocol glue between the wire and the handlers: request framing and header parsing, the
//! table of API versions Sluice advertises, response encoding, and the zero-copy Fetch
//! response writer.
//!
//! Runs on any shard (no runtime, no IO). Uses the `kafka-protocol` crate for every message
//! except the Fetch response, whose record bytes are left as file slices for sendfile.
//!
//! Invariants:
//! - A version is advertised in ApiVersions only if it is in [`versions::SUPPORTED`], and a
//!   request is dispatched only if its version is in that table (`UNSUPPORTED_VERSION` otherwise).
//! - Decoding never panics on client bytes: errors come back as [`FrameError`].
//!
//! Deliberately not here: what a request *does* (see `shards/handlers`), socket IO (see
//! `shards/network`).

pub mod fetch;
mod frame;
pub mod legacy;
mod parts;
pub mod versions;

pub use frame::{
    decode_request, encode_response, peek_header, FrameError, RawHeader, Request,
    FRAME_SIZE_PREFIX_LEN,
};
pub use kafka_protocol;
pub use parts::{Chunk, FileSlice, ResponseParts};
