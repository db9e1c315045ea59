//! ListGroups (key 16), v0–5: asks the coordinator of every `__consumer_offsets` partition
//! (each shard answers for the partitions it owns) and merges the answers; filters by state
//! (v4+) and type (v5+). A partition still loading makes the top-level error
//! COORDINATOR_LOAD_IN_PROGRESS while the others' groups are still listed, as in Kafka.

use crate::groups::call_all;
use crate::util::str_bytes;
use crate::Handlers;
use group::ListGroupsRequest as List;
use kafka_protocol::messages::list_groups_response::ListedGroup;
use kafka_protocol::messages::{GroupId, ListGroupsRequest, ListGroupsResponse};
use model::ErrorCode;
use runtime::groups::{GroupOp, GroupReply};
use std::rc::Rc;

pub async fn handle(
    ctx: &Rc<Handlers>,
    req: ListGroupsRequest,
    version: i16,
) -> ListGroupsResponse {
    let list = List {
        states_filter: req.states_filter.iter().map(|s| s.to_string()).collect(),
        types_filter: req.types_filter.iter().map(|s| s.to_string()).collect(),
    };
    let mut error = ErrorCode::None;
    let mut groups = Vec::new();
    for reply in call_all(ctx, || GroupOp::List(list.clone())).await {
        match reply {
            Ok(GroupReply::List(Ok(listed))) => groups.extend(listed),
            Ok(GroupReply::List(Err(code))) | Err(code) => error = code,
            Ok(_) => error = ErrorCode::UnknownServerError,
        }
    }
    groups.sort_by(|a, b| a.group_id.cmp(&b.group_id));
    let groups = groups
        .into_iter()
        .map(|g| {
            let mut out = ListedGroup::default()
                .with_group_id(GroupId(str_bytes(g.group_id)))
                .with_protocol_type(str_bytes(g.protocol_type));
            if version >= 4 {
                out.group_state = str_bytes(g.group_state);
            }
            if version >= 5 {
                out.group_type = str_bytes(g.group_type);
            }
            out
        })
        .collect();
    ListGroupsResponse::default()
        .with_error_code(error.code())
        .with_groups(groups)
}
