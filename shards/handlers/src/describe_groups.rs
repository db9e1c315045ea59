//! DescribeGroups (key 15), v0–6: each group is described by its own coordinator (concurrently).

use crate::groups::call;
use crate::util::{str_bytes, AUTHORIZED_OPERATIONS_OMITTED};
use crate::Handlers;
use kafka_protocol::messages::describe_groups_response::{DescribedGroup, DescribedGroupMember};
use kafka_protocol::messages::{DescribeGroupsRequest, DescribeGroupsResponse, GroupId};
use model::ErrorCode;
use runtime::groups::{GroupOp, GroupReply};
use std::rc::Rc;

pub async fn handle(
    ctx: &Rc<Handlers>,
    req: DescribeGroupsRequest,
    version: i16,
) -> DescribeGroupsResponse {
    let described = req
        .groups
        .iter()
        .map(|id| describe(ctx, id.0.to_string(), version));
    let groups = futures::future::join_all(described).await;
    DescribeGroupsResponse::default().with_groups(groups)
}

async fn describe(ctx: &Rc<Handlers>, group_id: String, version: i16) -> DescribedGroup {
    let op = GroupOp::Describe {
        group_ids: vec![group_id.clone()],
        api_version: version,
    };
    let mut out = DescribedGroup::default().with_group_id(GroupId(str_bytes(group_id.clone())));
    if version >= 3 {
        out.authorized_operations = AUTHORIZED_OPERATIONS_OMITTED;
    }
    let g = match call(ctx, &group_id, op).await {
        Ok(GroupReply::Describe(mut groups)) if groups.len() == 1 => groups.remove(0),
        Ok(_) => return out.with_error_code(ErrorCode::UnknownServerError.code()),
        Err(code) => return out.with_error_code(code.code()),
    };
    out.error_code = g.error_code.code();
    out.group_state = str_bytes(g.group_state);
    out.protocol_type = str_bytes(g.protocol_type);
    out.protocol_data = str_bytes(g.protocol_data);
    out.members = g
        .members
        .into_iter()
        .map(|m| {
            let mut member = DescribedGroupMember::default()
                .with_member_id(str_bytes(m.member_id))
                .with_client_id(str_bytes(m.client_id))
                .with_client_host(str_bytes(m.client_host))
                .with_member_metadata(m.metadata.into())
                .with_member_assignment(m.assignment.into());
            if version >= 4 {
                member.group_instance_id = m.group_instance_id.map(str_bytes);
            }
            member
        })
        .collect();
    out
}
