//! DescribeClientQuotas (key 48, v0–1): the filter checked as Kafka's `ClientQuotasImage`
//! checks it (its errors and messages), answered from the quotas this cluster has. Sluice has
//! no client quotas (AlterClientQuotas is not served and no quota config is accepted), so a
//! valid filter matches no entry: the truthful answer, and what `kafka-configs --describe
//! --entity-type users` needs before it describes SCRAM credentials.

use crate::util::str_bytes;
use crate::Handlers;
use kafka_protocol::messages::{DescribeClientQuotasRequest, DescribeClientQuotasResponse};
use model::ErrorCode;
use std::collections::BTreeSet;
use std::rc::Rc;

pub async fn handle(
    _ctx: &Rc<Handlers>,
    req: DescribeClientQuotasRequest,
    _version: i16,
) -> DescribeClientQuotasResponse {
    match check_filter(&req) {
        Ok(()) => DescribeClientQuotasResponse::default().with_entries(Some(Vec::new())),
        Err((code, message)) => DescribeClientQuotasResponse::default()
            .with_error_code(code.code())
            .with_error_message(Some(str_bytes(message))),
    }
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
