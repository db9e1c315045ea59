//! ApiVersions (key 18), v0–4. An unknown version is answered by the network layer in v0
//! format with UNSUPPORTED_VERSION (KIP-511); see `network`.

use kafka_protocol::messages::api_versions_response::{
    ApiVersion, FinalizedFeatureKey, SupportedFeatureKey,
};
use kafka_protocol::messages::{ApiVersionsRequest, ApiVersionsResponse};
use model::ErrorCode;
use protocol::versions::SUPPORTED;

/// KIP-848's feature flag: level 1 = the `consumer` group protocol (ConsumerGroupHeartbeat).
const GROUP_VERSION: &str = "group.version";
const GROUP_VERSION_LEVEL: i16 = 1;
/// The finalized features never change on this broker: one epoch for their whole life.
const FINALIZED_FEATURES_EPOCH: i64 = 1;

pub fn handle(_req: &ApiVersionsRequest, version: i16) -> ApiVersionsResponse {
    let mut response = response(ErrorCode::None);
    if version >= 3 {
        // Features travel in v3+ tagged fields, as Kafka 4.x sends them.
        response.supported_features = vec![SupportedFeatureKey::default()
            .with_name(GROUP_VERSION.into())
            .with_min_version(0)
            .with_max_version(GROUP_VERSION_LEVEL)];
        response.finalized_features_epoch = FINALIZED_FEATURES_EPOCH;
        response.finalized_features = vec![FinalizedFeatureKey::default()
            .with_name(GROUP_VERSION.into())
            .with_min_version_level(GROUP_VERSION_LEVEL)
            .with_max_version_level(GROUP_VERSION_LEVEL)];
    }
    response
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
