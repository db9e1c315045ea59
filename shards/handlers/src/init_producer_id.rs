//! InitProducerId (key 22), v0–5: producer ids for idempotent producers (KIP-98), epoch bumps
//! (KIP-360), and transactional producers: the transactional id's coordinator
//! (`runtime::txns`) gives the producer id and a bumped epoch, fencing older instances and
//! aborting a transaction they left open (CONCURRENT_TRANSACTIONS meanwhile; clients retry).

use crate::Handlers;
use kafka_protocol::messages::{InitProducerIdRequest, InitProducerIdResponse, ProducerId};
use runtime::txns::{TxnOp, TxnReply};
use std::rc::Rc;

pub async fn handle(
    ctx: &Rc<Handlers>,
    req: InitProducerIdRequest,
    version: i16,
) -> InitProducerIdResponse {
    let response = InitProducerIdResponse::default()
        .with_producer_id(ProducerId(-1))
        .with_producer_epoch(-1);
    if let Some(id) = &req.transactional_id {
        return transactional(ctx, &req, id.to_string(), version, response).await;
    }
    // KIP-360: an idempotent producer may ask to bump its epoch after a sequence error.
    if version >= 3
        && req.producer_id.0 >= 0
        && req.producer_epoch >= 0
        && req.producer_epoch < i16::MAX - 1
    {
        return response
            .with_producer_id(req.producer_id)
            .with_producer_epoch(req.producer_epoch + 1);
    }
    match ctx.shard.next_producer_id().await {
        Ok(id) => response
            .with_producer_id(ProducerId(id))
            .with_producer_epoch(0),
        Err(e) => response.with_error_code(e.code.code()),
    }
}

async fn transactional(
    ctx: &Rc<Handlers>,
    req: &InitProducerIdRequest,
    transactional_id: String,
    version: i16,
    response: InitProducerIdResponse,
) -> InitProducerIdResponse {
    let expected =
        (version >= 3 && req.producer_id.0 >= 0).then_some((req.producer_id.0, req.producer_epoch));
    let mut fresh_producer_id = None;
    // At most twice: the coordinator asks for a fresh producer id at most once.
    for _ in 0..2 {
        let op = TxnOp::InitProducerId {
            transactional_id: transactional_id.clone(),
            timeout_ms: req.transaction_timeout_ms,
            expected,
            fresh_producer_id,
        };
        match crate::txns::call(ctx, &transactional_id, op).await {
            Ok(TxnReply::InitProducerId {
                producer_id,
                producer_epoch,
            }) => {
                return response
                    .with_producer_id(ProducerId(producer_id))
                    .with_producer_epoch(producer_epoch)
            }
            Ok(TxnReply::NeedProducerId) => match ctx.shard.next_producer_id().await {
                Ok(id) => fresh_producer_id = Some(id),
                Err(e) => return response.with_error_code(e.code.code()),
            },
            Ok(_) => break,
            Err(code) => {
                // Before KIP-588 (v < 4) clients know INVALID_PRODUCER_EPOCH, not PRODUCER_FENCED.
                let code = if code == model::ErrorCode::ProducerFenced && version < 4 {
                    model::ErrorCode::InvalidProducerEpoch
                } else {
                    code
                };
                return response.with_error_code(code.code());
            }
        }
    }
    response.with_error_code(model::ErrorCode::UnknownServerError.code())
}
