//! EndTxn (key 26), v0–4: commit or abort the producer's transaction. Answered once
//! PrepareCommit/PrepareAbort is durable; the markers follow in the background
//! (`runtime::txns`), during which the transactional id answers CONCURRENT_TRANSACTIONS.

use crate::Handlers;
use kafka_protocol::messages::{EndTxnRequest, EndTxnResponse, ProducerId};
use model::ErrorCode;
use runtime::txns::TxnOp;
use std::rc::Rc;

pub async fn handle(ctx: &Rc<Handlers>, req: EndTxnRequest, version: i16) -> EndTxnResponse {
    let transactional_id = req.transactional_id.to_string();
    let op = TxnOp::EndTxn {
        transactional_id: transactional_id.clone(),
        producer_id: req.producer_id.0,
        producer_epoch: req.producer_epoch,
        commit: req.committed,
    };
    let code = match crate::txns::call(ctx, &transactional_id, op).await {
        Ok(_) => ErrorCode::None,
        Err(ErrorCode::ProducerFenced) if version < 2 => ErrorCode::InvalidProducerEpoch,
        Err(code) => code,
    };
    EndTxnResponse::default()
        .with_error_code(code.code())
        .with_producer_id(ProducerId(-1))
        .with_producer_epoch(-1)
}
