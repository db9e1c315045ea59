//! DescribeAcls (key 29), v1–3: DESCRIBE on the cluster; the bindings of this shard's image
//! the filter matches, grouped by resource pattern. Without an authorizer: SECURITY_DISABLED.

use crate::acl_util::{filter, NO_AUTHORIZER};
use crate::auth::Authz;
use crate::util::str_bytes;
use kafka_protocol::messages::describe_acls_response::{AclDescription, DescribeAclsResource};
use kafka_protocol::messages::{DescribeAclsRequest, DescribeAclsResponse};
use metadata::acl::{AclBinding, AclOperation};
use model::ErrorCode;
use std::collections::BTreeMap;

pub fn handle(req: DescribeAclsRequest, _version: i16, auth: &Authz<'_>) -> DescribeAclsResponse {
    let error = |code: ErrorCode, message: &str| {
        DescribeAclsResponse::default()
            .with_error_code(code.code())
            .with_error_message(Some(str_bytes(message)))
    };
    if !auth.cluster(AclOperation::Describe) {
        return error(
            ErrorCode::ClusterAuthorizationFailed,
            "Cluster authorization failed.",
        );
    }
    if !auth.enabled() {
        return error(ErrorCode::SecurityDisabled, NO_AUTHORIZER);
    }
    let f = filter(
        req.resource_type_filter,
        req.resource_name_filter.as_deref(),
        req.pattern_type_filter,
        req.principal_filter.as_deref(),
        req.host_filter.as_deref(),
        req.operation,
        req.permission_type,
    );
    if f.unknown_field().is_some() {
        return error(ErrorCode::InvalidRequest, "Filter contain UNKNOWN elements");
    }
    let image = auth.image();
    let matched: Vec<&AclBinding> = image.acls().matching(&f).map(|(_, b)| b).collect();
    DescribeAclsResponse::default().with_resources(resources(matched))
}

/// Bindings grouped by resource pattern (type, name, pattern type), in that order.
pub(crate) fn resources<'a>(
    bindings: impl IntoIterator<Item = &'a AclBinding>,
) -> Vec<DescribeAclsResource> {
    let mut by_pattern: BTreeMap<(i8, &str, i8), Vec<AclDescription>> = BTreeMap::new();
    for b in bindings {
        by_pattern
            .entry((
                b.resource_type.code(),
                b.resource_name.as_str(),
                b.pattern_type.code(),
            ))
            .or_default()
            .push(
                AclDescription::default()
                    .with_principal(str_bytes(b.principal.clone()))
                    .with_host(str_bytes(b.host.clone()))
                    .with_operation(b.operation.code())
                    .with_permission_type(b.permission.code()),
            );
    }
    by_pattern
        .into_iter()
        .map(|((resource_type, name, pattern_type), acls)| {
            DescribeAclsResource::default()
                .with_resource_type(resource_type)
                .with_resource_name(str_bytes(name.to_string()))
                .with_pattern_type(pattern_type)
                .with_acls(acls)
        })
        .collect()
}
