//! AlterClientQuotas (key 49, v0–1): client quotas set and removed through the active
//! controller (`kafka-configs --alter --entity-type clients|users --add-config
//! 'producer_byte_rate=1048576'`). Each entry is decided on its own with Kafka's rules and
//! messages (`metadata::quotas::alter`); `validate_only` decides without writing.

use crate::util::str_bytes;
use crate::Handlers;
use ::metadata::quotas::{QuotaAlteration, QuotaOp, QuotaValue};
use kafka_protocol::messages::alter_client_quotas_response::{EntityData, EntryData};
use kafka_protocol::messages::{AlterClientQuotasRequest, AlterClientQuotasResponse};
use model::ErrorCode;
use runtime::controller::ControllerRequest;
use std::rc::Rc;

pub async fn handle(
    ctx: &Rc<Handlers>,
    req: AlterClientQuotasRequest,
    _version: i16,
) -> AlterClientQuotasResponse {
    let alterations: Vec<QuotaAlteration> = req.entries.iter().map(alteration).collect();
    let outcomes: Vec<Option<(ErrorCode, String)>> = if alterations.is_empty() {
        Vec::new()
    } else {
        let request = ControllerRequest::AlterClientQuotas {
            alterations,
            validate_only: req.validate_only,
        };
        match ctx.shard.controller(request).await {
            Ok(reply) => reply.client_quotas.unwrap_or_default(),
            // The whole request failed (no controller, a commit that failed): every entry
            // says so.
            Err(e) => vec![Some((e.code, e.message)); req.entries.len()],
        }
    };
    let entries =
        req.entries
            .iter()
            .enumerate()
            .map(|(i, entry)| {
                let outcome = outcomes.get(i).cloned().unwrap_or_else(|| {
                    Some((ErrorCode::UnknownServerError, "no answer".to_string()))
                });
                entry_result(entry, outcome)
            })
            .collect();
    AlterClientQuotasResponse::default().with_entries(entries)
}

fn alteration(
    entry: &kafka_protocol::messages::alter_client_quotas_request::EntryData,
) -> QuotaAlteration {
    QuotaAlteration {
        entity: entry
            .entity
            .iter()
            .map(|e| {
                (
                    e.entity_type.to_string(),
                    e.entity_name.as_ref().map(|n| n.to_string()),
                )
            })
            .collect(),
        ops: entry
            .ops
            .iter()
            .map(|op| QuotaOp {
                key: op.key.to_string(),
                value: (!op.remove).then_some(QuotaValue(op.value)),
            })
            .collect(),
    }
}

/// An entry's answer: its entity as sent, and its outcome.
pub(crate) fn entry_result(
    entry: &kafka_protocol::messages::alter_client_quotas_request::EntryData,
    outcome: Option<(ErrorCode, String)>,
) -> EntryData {
    let (code, message) = match outcome {
        None => (0, None),
        Some((code, message)) => (code.code(), Some(str_bytes(message))),
    };
    EntryData::default()
        .with_error_code(code)
        .with_error_message(message)
        .with_entity(
            entry
                .entity
                .iter()
                .map(|e| {
                    EntityData::default()
                        .with_entity_type(e.entity_type.clone())
                        .with_entity_name(e.entity_name.clone())
                })
                .collect(),
        )
}
