//! DeleteAcls (key 31), v1–3: ALTER on the cluster; the controller removes every binding a
//! filter matches (`RemoveAccessControlEntry` records) and answers the bindings it removed,
//! listed here under each filter that matches them, as Kafka. Without an authorizer:
//! SECURITY_DISABLED.

use crate::acl_util::{filter, NO_AUTHORIZER};
use crate::auth::Authz;
use crate::util::str_bytes;
use crate::Handlers;
use kafka_protocol::messages::delete_acls_response::{
    DeleteAclsFilterResult, DeleteAclsMatchingAcl,
};
use kafka_protocol::messages::{DeleteAclsRequest, DeleteAclsResponse};
use metadata::acl::{AclBinding, AclOperation};
use metadata::MetadataRecord;
use model::ErrorCode;
use runtime::controller::ControllerRequest;
use std::rc::Rc;

pub async fn handle(
    ctx: &Rc<Handlers>,
    req: DeleteAclsRequest,
    _version: i16,
    auth: &Authz<'_>,
) -> DeleteAclsResponse {
    let all = |code: ErrorCode, message: &str| {
        let result = DeleteAclsFilterResult::default()
            .with_error_code(code.code())
            .with_error_message(Some(str_bytes(message)));
        DeleteAclsResponse::default().with_filter_results(vec![result; req.filters.len()])
    };
    if !auth.cluster(AclOperation::Alter) {
        return all(
            ErrorCode::ClusterAuthorizationFailed,
            "Cluster authorization failed.",
        );
    }
    if !auth.enabled() {
        return all(ErrorCode::SecurityDisabled, NO_AUTHORIZER);
    }
    let filters: Vec<_> = req
        .filters
        .iter()
        .map(|f| {
            filter(
                f.resource_type_filter,
                f.resource_name_filter.as_deref(),
                f.pattern_type_filter,
                f.principal_filter.as_deref(),
                f.host_filter.as_deref(),
                f.operation,
                f.permission_type,
            )
        })
        .collect();
    let request = ControllerRequest::DeleteAcls {
        filters: filters.clone(),
    };
    let removed: Vec<AclBinding> = match ctx.shard.controller(request).await {
        Ok(reply) => reply
            .records
            .into_iter()
            .filter_map(|r| match r {
                MetadataRecord::AccessControlEntry { binding, .. } => Some(binding),
                _ => None,
            })
            .collect(),
        Err(e) => return all(e.code, &e.message),
    };
    let results = filters
        .iter()
        .map(|f| {
            if f.unknown_field().is_some() {
                return DeleteAclsFilterResult::default()
                    .with_error_code(ErrorCode::InvalidRequest.code())
                    .with_error_message(Some(str_bytes("Filter contain UNKNOWN elements")));
            }
            let matching = removed
                .iter()
                .filter(|b| f.matches(b))
                .map(|b| {
                    DeleteAclsMatchingAcl::default()
                        .with_resource_type(b.resource_type.code())
                        .with_resource_name(str_bytes(b.resource_name.clone()))
                        .with_pattern_type(b.pattern_type.code())
                        .with_principal(str_bytes(b.principal.clone()))
                        .with_host(str_bytes(b.host.clone()))
                        .with_operation(b.operation.code())
                        .with_permission_type(b.permission.code())
                })
                .collect();
            DeleteAclsFilterResult::default().with_matching_acls(matching)
        })
        .collect();
    DeleteAclsResponse::default().with_filter_results(results)
}
