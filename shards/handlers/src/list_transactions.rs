//! ListTransactions (key 66), v0–1: the transactional ids this node coordinates, filtered by
//! state, producer id and (v1, KIP-994) minimum duration of the ongoing transaction
//! (`kafka-transactions list`, `find-hanging`). Unknown state names are listed back.

use crate::util::str_bytes;
use crate::Handlers;
use kafka_protocol::messages::list_transactions_response::TransactionState;
use kafka_protocol::messages::{
    ListTransactionsRequest, ListTransactionsResponse, ProducerId, TransactionalId,
};
use model::ErrorCode;
use runtime::txns::{TxnOp, TxnReply};
use std::rc::Rc;

const STATES: [&str; 8] = [
    "Empty",
    "Ongoing",
    "PrepareCommit",
    "PrepareAbort",
    "CompleteCommit",
    "CompleteAbort",
    "Dead",
    "PrepareEpochFence",
];

pub async fn handle(
    ctx: &Rc<Handlers>,
    req: ListTransactionsRequest,
    version: i16,
) -> ListTransactionsResponse {
    let states: Vec<String> = req.state_filters.iter().map(|s| s.to_string()).collect();
    let unknown: Vec<String> = states
        .iter()
        .filter(|s| !STATES.contains(&s.as_str()))
        .cloned()
        .collect();
    let producer_ids: Vec<i64> = req.producer_id_filters.iter().map(|p| p.0).collect();
    let duration = if version >= 1 {
        req.duration_filter
    } else {
        -1
    };
    let replies = crate::txns::call_all(ctx, || TxnOp::List {
        states: states.clone(),
        producer_ids: producer_ids.clone(),
        duration_filter_ms: duration,
    })
    .await;
    let mut error = ErrorCode::None;
    let mut listed = Vec::new();
    for reply in replies {
        match reply {
            Ok(TxnReply::Listed(entries)) => listed.extend(entries.into_iter().map(|e| {
                TransactionState::default()
                    .with_transactional_id(TransactionalId(str_bytes(e.transactional_id)))
                    .with_producer_id(ProducerId(e.producer_id))
                    .with_transaction_state(str_bytes(e.state.name().to_string()))
            })),
            Ok(_) => error = ErrorCode::UnknownServerError,
            Err(code) => error = code,
        }
    }
    ListTransactionsResponse::default()
        .with_error_code(error.code())
        .with_unknown_state_filters(unknown.into_iter().map(str_bytes).collect())
        .with_transaction_states(listed)
}
