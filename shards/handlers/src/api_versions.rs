//! ApiVersions (key 18), v0–4. An unknown version is answered by the network layer in v0
//! format with UNSUPPORTED_VERSION (KIP-511); see `network`.

use kafka_protocol::messages::api_versions_response::ApiVersion;
use kafka_protocol::messages::{ApiVersionsRequest, ApiVersionsResponse};
use model::ErrorCode;
use protocol::versions::SUPPORTED;

pub fn handle(_req: &ApiVersionsRequest, _version: i16) -> ApiVersionsResponse {
    response(ErrorCode::None)
}

/// The advertised table, with an error code (also used for the KIP-511 fallback).
pub fn response(error: ErrorCode) -> ApiVersionsResponse {
    let keys = SUPPORTED
        .iter()
        .map(|r| {
            ApiVersion::default()
                .with_api_key(r.key as i16)
                .with_min_version(r.advertise_min)
                .with_max_version(r.max)
        })
        .collect();
    ApiVersionsResponse::default()
        .with_error_code(error.code())
        .with_api_keys(keys)
}
