//! AddPartitionsToTxn (key 24), v0–5: a transactional producer adds partitions to its ongoing
//! transaction before producing to them. v0–3 carry one transaction (clients); v4+ a batch of
//! them, each possibly `verify_only` (KIP-890 part 1, sent by brokers: answers whether the
//! partitions are in the transaction, TRANSACTION_ABORTABLE for those that are not, as Kafka).
//! v5 without `verify_only` is a partition leader adding the partitions of a transactions
//! version 2 client's produce or offset commit (KIP-890 part 2; Kafka's
//! `transactionVersionForAddPartitionsToTxn`). Partitions of
//! unknown topics fail with UNKNOWN_TOPIC_OR_PARTITION and the rest with OPERATION_NOT_ATTEMPTED,
//! as in Kafka.

use crate::util::topic_name;
use crate::Handlers;
use kafka_protocol::messages::add_partitions_to_txn_request::AddPartitionsToTxnTopic;
use kafka_protocol::messages::add_partitions_to_txn_response::{
    AddPartitionsToTxnPartitionResult, AddPartitionsToTxnResult, AddPartitionsToTxnTopicResult,
};
use kafka_protocol::messages::{AddPartitionsToTxnRequest, AddPartitionsToTxnResponse};
use model::ErrorCode;
use runtime::txns::{TxnOp, TxnReply};
use std::rc::Rc;
use txn::ClientTxnVersion;

pub async fn handle(
    ctx: &Rc<Handlers>,
    req: AddPartitionsToTxnRequest,
    version: i16,
) -> AddPartitionsToTxnResponse {
    let response = AddPartitionsToTxnResponse::default();
    if version <= 3 {
        let results = add(
            ctx,
            req.v3_and_below_transactional_id.to_string(),
            req.v3_and_below_producer_id.0,
            req.v3_and_below_producer_epoch,
            &req.v3_and_below_topics,
            false,
            version,
        )
        .await;
        return response.with_results_by_topic_v3_and_below(results);
    }
    let mut out = Vec::with_capacity(req.transactions.len());
    for t in &req.transactions {
        let results = add(
            ctx,
            t.transactional_id.to_string(),
            t.producer_id.0,
            t.producer_epoch,
            &t.topics,
            t.verify_only,
            version,
        )
        .await;
        out.push(
            AddPartitionsToTxnResult::default()
                .with_transactional_id(t.transactional_id.clone())
                .with_topic_results(results),
        );
    }
    response.with_results_by_transaction(out)
}

async fn add(
    ctx: &Rc<Handlers>,
    transactional_id: String,
    producer_id: i64,
    producer_epoch: i16,
    topics: &[AddPartitionsToTxnTopic],
    verify_only: bool,
    version: i16,
) -> Vec<AddPartitionsToTxnTopicResult> {
    let image = ctx.shard.image();
    let partitions: Vec<(String, i32)> = topics
        .iter()
        .flat_map(|t| {
            let name = t.name.0.to_string();
            t.partitions.iter().map(move |p| (name.clone(), *p))
        })
        .collect();
    let unknown: Vec<bool> = partitions
        .iter()
        .map(|(t, p)| image.partition(t, *p).is_none())
        .collect();
    let codes: Vec<ErrorCode> = if unknown.iter().any(|u| *u) {
        unknown
            .iter()
            .map(|u| {
                if *u {
                    ErrorCode::UnknownTopicOrPartition
                } else {
                    ErrorCode::OperationNotAttempted
                }
            })
            .collect()
    } else {
        let op = TxnOp::AddPartitions {
            transactional_id: transactional_id.clone(),
            producer_id,
            producer_epoch,
            partitions: partitions.clone(),
            verify_only,
            client: if version >= 5 {
                ClientTxnVersion::V2
            } else {
                ClientTxnVersion::V0
            },
        };
        match crate::txns::call(ctx, &transactional_id, op).await {
            Ok(TxnReply::Verified(found)) => found
                .into_iter()
                .map(|f| {
                    if f {
                        ErrorCode::None
                    } else {
                        ErrorCode::TransactionAbortable
                    }
                })
                .collect(),
            Ok(_) => vec![ErrorCode::None; partitions.len()],
            Err(code) => {
                let code = if code == ErrorCode::ProducerFenced && version < 2 {
                    ErrorCode::InvalidProducerEpoch
                } else {
                    code
                };
                vec![code; partitions.len()]
            }
        }
    };
    let mut results: Vec<AddPartitionsToTxnTopicResult> = Vec::new();
    for ((topic, partition), code) in partitions.into_iter().zip(codes) {
        let result = AddPartitionsToTxnPartitionResult::default()
            .with_partition_index(partition)
            .with_partition_error_code(code.code());
        match results.last_mut() {
            Some(last) if last.name.0.as_str() == topic.as_str() => {
                last.results_by_partition.push(result)
            }
            _ => results.push(
                AddPartitionsToTxnTopicResult::default()
                    .with_name(topic_name(&topic))
                    .with_results_by_partition(vec![result]),
            ),
        }
    }
    results
}
