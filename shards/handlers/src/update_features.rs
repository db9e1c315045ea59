//! UpdateFeatures (key 57), v0–1: finalized feature levels changed through the active
//! controller, with Kafka's rules and messages (`metadata::features`), for `kafka-features
//! upgrade/downgrade`. All or nothing, as Kafka's controller: the first refused update's error
//! (INVALID_UPDATE_VERSION with Kafka's message) is the top-level error and every feature's, as
//! Kafka answers v0–1. The rules run here first (no round trip for a refusal) and again on the
//! controller against its own image (the authority when requests race).

use crate::util::str_bytes;
use crate::Handlers;
use kafka_protocol::messages::update_features_response::UpdatableFeatureResult;
use kafka_protocol::messages::{UpdateFeaturesRequest, UpdateFeaturesResponse};
use metadata::features::{self, FeatureUpdate, UpgradeType};
use model::ErrorCode;
use runtime::controller::ControllerRequest;
use std::rc::Rc;

pub async fn handle(
    ctx: &Rc<Handlers>,
    req: UpdateFeaturesRequest,
    version: i16,
) -> UpdateFeaturesResponse {
    let mut updates = Vec::with_capacity(req.feature_updates.len());
    for u in &req.feature_updates {
        let upgrade_type = if version == 0 {
            Some(if u.allow_downgrade {
                UpgradeType::SafeDowngrade
            } else {
                UpgradeType::Upgrade
            })
        } else {
            UpgradeType::from_wire(u.upgrade_type)
        };
        let Some(upgrade_type) = upgrade_type else {
            return top_level(
                &req,
                ErrorCode::InvalidRequest,
                format!(
                    "Invalid upgrade type {} for feature {}",
                    u.upgrade_type,
                    u.feature.as_str()
                ),
            );
        };
        updates.push(FeatureUpdate {
            name: u.feature.to_string(),
            level: u.max_version_level,
            upgrade_type,
        });
    }
    let mut names = std::collections::HashSet::new();
    if let Some(dup) = updates.iter().find(|u| !names.insert(u.name.clone())) {
        return top_level(
            &req,
            ErrorCode::InvalidRequest,
            format!("Feature {} was specified more than once.", dup.name),
        );
    }
    // This node's image first (an answer without a round trip), then the controller's.
    let controller = model::NodeId(
        ctx.shard
            .lifecycle()
            .metadata_leader()
            .unwrap_or(ctx.shard.config.node_id),
    );
    if let Err(errors) = features::update(&ctx.shard.image(), &updates, controller) {
        let (_, e) = &errors[0];
        return top_level(&req, e.code, e.message.clone());
    }
    let request = ControllerRequest::UpdateFeatures {
        updates,
        validate_only: req.validate_only,
    };
    match ctx.shard.controller(request).await {
        Ok(_) => top_level(&req, ErrorCode::None, String::new()),
        Err(e) => top_level(&req, e.code, e.message),
    }
}

/// The answer as Kafka's `UpdateFeaturesResponse.createWithErrors` gives it (v0–1): the
/// top-level error on every feature too.
fn top_level(
    req: &UpdateFeaturesRequest,
    code: ErrorCode,
    message: String,
) -> UpdateFeaturesResponse {
    let message = (!message.is_empty()).then_some(message);
    let results = req
        .feature_updates
        .iter()
        .map(|u| {
            UpdatableFeatureResult::default()
                .with_feature(u.feature.clone())
                .with_error_code(code.code())
                .with_error_message(message.clone().map(str_bytes))
        })
        .collect();
    UpdateFeaturesResponse::default()
        .with_error_code(code.code())
        .with_error_message(message.map(str_bytes))
        .with_results(results)
}
