//! InitProducerId (key 22), v0–5: producer ids for idempotent producers (KIP-98), epoch bumps
//! (KIP-360). Transactional ids are refused until transactions exist.

use crate::Handlers;
use kafka_protocol::messages::{InitProducerIdRequest, InitProducerIdResponse, ProducerId};
use model::ErrorCode;
use std::rc::Rc;

pub async fn handle(
    ctx: &Rc<Handlers>,
    req: InitProducerIdRequest,
    version: i16,
) -> InitProducerIdResponse {
    let response = InitProducerIdResponse::default()
        .with_producer_id(ProducerId(-1))
        .with_producer_epoch(-1);
    if req.transactional_id.is_some() {
        tracing::info!(
            "InitProducerId with a transactional id refused: transactions are not supported yet"
        );
        return response.with_error_code(ErrorCode::TransactionalIdAuthorizationFailed.code());
    }
    // KIP-360: an idempotent producer may ask to bump its epoch after a sequence error.
    if version >= 3 && req.producer_id.0 >= 0 {
        if req.producer_epoch >= 0 && req.producer_epoch < i16::MAX - 1 {
            return response
                .with_producer_id(req.producer_id)
                .with_producer_epoch(req.producer_epoch + 1);
        }
    }
    match ctx.shard.next_producer_id().await {
        Ok(id) => response
            .with_producer_id(ProducerId(id))
            .with_producer_epoch(0),
        Err(e) => response.with_error_code(e.code.code()),
    }
}
