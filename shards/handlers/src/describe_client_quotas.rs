//! DescribeClientQuotas (key 48, v0–1): the filter checked and matched as Kafka's
//! `ClientQuotasImage.describe` does (its errors and messages; exact name, default entity or
//! any name per entity type; `strict` excludes entities with other types), answered from this
//! shard's image (the `ClientQuota` records, `metadata::quotas`).

use crate::util::str_bytes;
use crate::Handlers;
use ::metadata::quotas::QuotaEntity;
use kafka_protocol::messages::describe_client_quotas_response::{EntityData, EntryData, ValueData};
use kafka_protocol::messages::{DescribeClientQuotasRequest, DescribeClientQuotasResponse};
use model::ErrorCode;
use std::collections::BTreeSet;
use std::rc::Rc;

pub async fn handle(
    ctx: &Rc<Handlers>,
    req: DescribeClientQuotasRequest,
    _version: i16,
) -> DescribeClientQuotasResponse {
    if let Err((code, message)) = check_filter(&req) {
        return DescribeClientQuotasResponse::default()
            .with_error_code(code.code())
            .with_error_message(Some(str_bytes(message)));
    }
    let image = ctx.shard.image();
    let entries = image
        .client_quotas()
        .iter()
        .filter(|(entity, _)| matches(entity, &req))
        .map(|(entity, values)| {
            EntryData::default()
                .with_entity(
                    entity
                        .iter()
                        .map(|(t, n)| {
                            EntityData::default()
                                .with_entity_type(str_bytes(t.clone()))
                                .with_entity_name(n.clone().map(str_bytes))
                        })
                        .collect(),
                )
                .with_values(
                    values
                        .iter()
                        .map(|(k, v)| {
                            ValueData::default()
                                .with_key(str_bytes(k.clone()))
                                .with_value(v.0)
                        })
                        .collect(),
                )
        })
        .collect();
    DescribeClientQuotasResponse::default().with_entries(Some(entries))
}

/// Kafka's `ClientQuotasImage.matches` (for a filter `check_filter` accepted).
fn matches(entity: &QuotaEntity, req: &DescribeClientQuotasRequest) -> bool {
    if req.strict && entity.len() != req.components.len() {
        return false;
    }
    req.components.iter().all(|c| {
        let named = entity
            .iter()
            .find(|(t, _)| t.as_str() == c.entity_type.as_str());
        match (c.match_type, named) {
            (_, None) => false,
            (0, Some((_, name))) => name.as_deref() == c._match.as_deref(),
            (1, Some((_, name))) => name.is_none(),
            (_, Some(_)) => true,
        }
    })
}

fn check_filter(req: &DescribeClientQuotasRequest) -> Result<(), (ErrorCode, String)> {
    let invalid = |m: String| (ErrorCode::InvalidRequest, m);
    let mut seen = BTreeSet::new();
    for c in &req.components {
        let entity = c.entity_type.as_str();
        if entity.is_empty() {
            return Err(invalid("Invalid empty entity type.".into()));
        }
        if !seen.insert(entity) {
            return Err(invalid(format!(
                "Entity type {entity} cannot appear more than once in the filter."
            )));
        }
        if !matches!(entity, "ip" | "user" | "client-id") {
            return Err((
                ErrorCode::UnsupportedVersion,
                format!("Unsupported entity type {entity}"),
            ));
        }
        match (c.match_type, &c._match) {
            (0, None) => {
                return Err(invalid(
                    "Request specified MATCH_TYPE_EXACT, but set match string to null.".into(),
                ))
            }
            (1, Some(_)) => {
                return Err(invalid(
                    "Request specified MATCH_TYPE_DEFAULT, but also specified a match string."
                        .into(),
                ))
            }
            (2, Some(_)) => {
                return Err(invalid(
                    "Request specified MATCH_TYPE_SPECIFIED, but also specified a match string."
                        .into(),
                ))
            }
            (0..=2, _) => {}
            (other, _) => return Err(invalid(format!("Unknown match type {other}"))),
        }
    }
    if seen.contains("ip") && (seen.contains("user") || seen.contains("client-id")) {
        return Err(invalid(
            "Invalid entity filter component combination. IP filter component should not be used with user or clientId filter component.".into(),
        ));
    }
    Ok(())
}
