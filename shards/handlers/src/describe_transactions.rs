//! DescribeTransactions (key 65), v0: each transactional id's state from its coordinator
//! (`kafka-transactions describe`). An unknown id is TRANSACTIONAL_ID_NOT_FOUND; one this node
//! does not coordinate is NOT_COORDINATOR (the admin client asks the coordinator it found).

use crate::util::{str_bytes, topic_name};
use crate::Handlers;
use kafka_protocol::messages::describe_transactions_response::{TopicData, TransactionState};
use kafka_protocol::messages::{
    DescribeTransactionsRequest, DescribeTransactionsResponse, ProducerId, TransactionalId,
};
use model::ErrorCode;
use runtime::txns::{TxnOp, TxnReply};
use std::rc::Rc;

pub async fn handle(
    ctx: &Rc<Handlers>,
    req: DescribeTransactionsRequest,
    _version: i16,
) -> DescribeTransactionsResponse {
    let mut states = Vec::with_capacity(req.transactional_ids.len());
    for id in req.transactional_ids {
        let name = id.to_string();
        let base = TransactionState::default()
            .with_transactional_id(TransactionalId(str_bytes(name.clone())))
            .with_transaction_state(str_bytes(String::new()))
            .with_producer_id(ProducerId(-1))
            .with_producer_epoch(-1)
            .with_transaction_start_time_ms(-1);
        let reply = crate::txns::call(ctx, &name, TxnOp::Describe(vec![name.clone()])).await;
        let state = match reply {
            Ok(TxnReply::Described(mut found)) => match found.pop().and_then(|(_, meta)| meta) {
                Some(meta) => {
                    let mut topics: Vec<TopicData> = Vec::new();
                    for (topic, partition) in &meta.partitions {
                        match topics.last_mut() {
                            Some(t) if t.topic.0.as_str() == topic => t.partitions.push(*partition),
                            _ => topics.push(
                                TopicData::default()
                                    .with_topic(topic_name(topic))
                                    .with_partitions(vec![*partition]),
                            ),
                        }
                    }
                    base.with_transaction_state(str_bytes(meta.state.name().to_string()))
                        .with_transaction_timeout_ms(meta.timeout_ms)
                        .with_transaction_start_time_ms(meta.start_ms)
                        .with_producer_id(ProducerId(meta.producer_id))
                        .with_producer_epoch(meta.producer_epoch)
                        .with_topics(topics)
                }
                None => base.with_error_code(ErrorCode::TransactionalIdNotFound.code()),
            },
            Ok(_) => base.with_error_code(ErrorCode::UnknownServerError.code()),
            Err(code) => base.with_error_code(code.code()),
        };
        states.push(state);
    }
    DescribeTransactionsResponse::default().with_transaction_states(states)
}
