//! AddOffsetsToTxn (key 25), v0–4: the group's `__consumer_offsets` partition joins the
//! producer's transaction, so its TxnOffsetCommit is settled by the transaction's marker.

use crate::Handlers;
use kafka_protocol::messages::{AddOffsetsToTxnRequest, AddOffsetsToTxnResponse};
use model::ErrorCode;
use runtime::groups::OFFSETS_TOPIC;
use runtime::txns::TxnOp;
use std::rc::Rc;

pub async fn handle(
    ctx: &Rc<Handlers>,
    req: AddOffsetsToTxnRequest,
    version: i16,
) -> AddOffsetsToTxnResponse {
    let code = match add(ctx, &req).await {
        Ok(()) => ErrorCode::None,
        Err(ErrorCode::ProducerFenced) if version < 2 => ErrorCode::InvalidProducerEpoch,
        Err(code) => code,
    };
    AddOffsetsToTxnResponse::default().with_error_code(code.code())
}

async fn add(ctx: &Rc<Handlers>, req: &AddOffsetsToTxnRequest) -> Result<(), ErrorCode> {
    crate::groups::ensure_offsets_topic(ctx).await?;
    let image = ctx.shard.image();
    let count = image
        .topic(OFFSETS_TOPIC)
        .map_or(0, |t| i32::try_from(t.partitions.len()).unwrap_or(i32::MAX));
    let partition = crate::groups::partition_for_group(req.group_id.as_str(), count);
    let transactional_id = req.transactional_id.to_string();
    let op = TxnOp::AddPartitions {
        transactional_id: transactional_id.clone(),
        producer_id: req.producer_id.0,
        producer_epoch: req.producer_epoch,
        partitions: vec![(OFFSETS_TOPIC.to_string(), partition)],
        verify_only: false,
        client: txn::ClientTxnVersion::V0,
    };
    crate::txns::call(ctx, &transactional_id, op)
        .await
        .map(|_| ())
}
