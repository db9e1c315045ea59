//! EndTxn (key 26), v0–5: commit or abort the producer's transaction. Answered once
//! PrepareCommit/PrepareAbort is durable; the markers follow in the background
//! (`runtime::txns`), during which the transactional id answers CONCURRENT_TRANSACTIONS.
//! v5 is transactions version 2 (KIP-890 part 2): the coordinator bumps the producer epoch
//! (a fresh producer id from the controller when the epoch is exhausted) and the response
//! carries the producer id and epoch the client continues with.

use crate::Handlers;
use kafka_protocol::messages::{EndTxnRequest, EndTxnResponse, ProducerId};
use model::ErrorCode;
use runtime::txns::{TxnOp, TxnReply};
use std::rc::Rc;
use txn::ClientTxnVersion;

/// First EndTxn version of transactions version 2.
const TRANSACTIONS_V2_VERSION_MIN: i16 = 5;

pub async fn handle(ctx: &Rc<Handlers>, req: EndTxnRequest, version: i16) -> EndTxnResponse {
    let response = EndTxnResponse::default()
        .with_producer_id(ProducerId(-1))
        .with_producer_epoch(-1);
    let (code, producer) = match end(ctx, &req, version).await {
        Ok(producer) => (ErrorCode::None, producer),
        Err(ErrorCode::ProducerFenced) if version < 2 => (ErrorCode::InvalidProducerEpoch, None),
        Err(code) => (code, None),
    };
    let response = response.with_error_code(code.code());
    match producer {
        Some((producer_id, producer_epoch)) if version >= TRANSACTIONS_V2_VERSION_MIN => response
            .with_producer_id(ProducerId(producer_id))
            .with_producer_epoch(producer_epoch),
        _ => response,
    }
}

/// The producer id and epoch the client continues with.
async fn end(
    ctx: &Rc<Handlers>,
    req: &EndTxnRequest,
    version: i16,
) -> Result<Option<(i64, i16)>, ErrorCode> {
    let transactional_id = req.transactional_id.to_string();
    let client = if version >= TRANSACTIONS_V2_VERSION_MIN {
        ClientTxnVersion::V2
    } else {
        ClientTxnVersion::V0
    };
    let mut fresh_producer_id = None;
    // At most twice: the coordinator asks for a fresh producer id at most once.
    for _ in 0..2 {
        let op = TxnOp::EndTxn {
            transactional_id: transactional_id.clone(),
            producer_id: req.producer_id.0,
            producer_epoch: req.producer_epoch,
            commit: req.committed,
            client,
            fresh_producer_id,
        };
        match crate::txns::call(ctx, &transactional_id, op).await? {
            TxnReply::Ended {
                producer_id,
                producer_epoch,
            } => return Ok(Some((producer_id, producer_epoch))),
            TxnReply::NeedProducerId => {
                let id = ctx.shard.next_producer_id().await.map_err(|e| e.code)?;
                fresh_producer_id = Some(id);
            }
            _ => break,
        }
    }
    Err(ErrorCode::UnknownServerError)
}
