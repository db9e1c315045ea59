//! ApiVersions (key 18), v0–4. An unknown version is answered by the network layer in v0
//! format with UNSUPPORTED_VERSION (KIP-511); see `network`. Each listener advertises what it
//! serves (`Listener::apis`): the CONTROLLER listener only the controller's APIs, with the same
//! features as a client listener.

use kafka_protocol::messages::api_versions_response::{
    ApiVersion, FinalizedFeatureKey, SupportedFeatureKey,
};
use kafka_protocol::messages::{ApiVersionsRequest, ApiVersionsResponse};
use kafka_protocol::protocol::StrBytes;
use metadata::{features, Image};
use model::ErrorCode;
use protocol::versions::Listener;

pub fn handle(
    _req: &ApiVersionsRequest,
    version: i16,
    image: &Image,
    listener: Listener,
) -> ApiVersionsResponse {
    let mut response = response(ErrorCode::None, listener);
    if version >= 3 {
        // Features travel in v3+ tagged fields, as Kafka 4.x sends them (KIP-584): what this
        // broker supports and what the cluster finalized (`metadata::features`).
        response.supported_features = features::SUPPORTED
            .iter()
            .map(|f| {
                SupportedFeatureKey::default()
                    .with_name(f.name.into())
                    .with_min_version(f.min)
                    .with_max_version(f.max)
            })
            .collect();
        // Kafka's epoch is the metadata offset of the features' last change; the applied
        // index only moves forward too, which is what clients compare.
        response.finalized_features_epoch =
            i64::try_from(image.applied_index()).unwrap_or(i64::MAX);
        response.finalized_features = features::finalized(image)
            .into_iter()
            .map(|(name, level)| {
                FinalizedFeatureKey::default()
                    .with_name(StrBytes::from_string(name))
                    .with_min_version_level(level)
                    .with_max_version_level(level)
            })
            .collect();
    }
    response
}

/// The table advertised on `listener`, with an error code (also used for the KIP-511
/// fallback).
pub fn response(error: ErrorCode, listener: Listener) -> ApiVersionsResponse {
    let keys = listener
        .apis()
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
