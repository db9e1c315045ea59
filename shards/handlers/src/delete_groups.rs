//! DeleteGroups (key 42), v0–2: each group is deleted by its own coordinator (only an empty
//! group can be: NON_EMPTY_GROUP otherwise); its offsets go with it.

use crate::groups::call;
use crate::util::str_bytes;
use crate::Handlers;
use kafka_protocol::messages::delete_groups_response::DeletableGroupResult;
use kafka_protocol::messages::{DeleteGroupsRequest, DeleteGroupsResponse, GroupId};
use model::ErrorCode;
use runtime::groups::{GroupOp, GroupReply};
use std::rc::Rc;

pub async fn handle(
    ctx: &Rc<Handlers>,
    req: DeleteGroupsRequest,
    _version: i16,
) -> DeleteGroupsResponse {
    let deletes = req
        .groups_names
        .iter()
        .map(|id| delete(ctx, id.0.to_string()));
    let results = futures::future::join_all(deletes).await;
    DeleteGroupsResponse::default().with_results(results)
}

async fn delete(ctx: &Rc<Handlers>, group_id: String) -> DeletableGroupResult {
    let code = match call(ctx, &group_id, GroupOp::Delete(vec![group_id.clone()])).await {
        Ok(GroupReply::Delete(results)) => results
            .into_iter()
            .find(|(id, _)| *id == group_id)
            .map_or(ErrorCode::UnknownServerError, |(_, code)| code),
        Ok(_) => ErrorCode::UnknownServerError,
        Err(code) => code,
    };
    DeletableGroupResult::default()
        .with_group_id(GroupId(str_bytes(group_id)))
        .with_error_code(code.code())
}
