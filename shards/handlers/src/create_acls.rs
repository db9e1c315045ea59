//! CreateAcls (key 30), v1–3: ALTER on the cluster; each creation is checked as Kafka's
//! `AclApis` and `AclControlManager` check it (INVALID_REQUEST with Kafka's message), the rest
//! are recorded through the controller (`AccessControlEntry` records; a binding that exists
//! already is not recorded twice). Without an authorizer: SECURITY_DISABLED.

use crate::acl_util::{binding, NO_AUTHORIZER};
use crate::auth::Authz;
use crate::util::str_bytes;
use crate::Handlers;
use kafka_protocol::messages::create_acls_response::AclCreationResult;
use kafka_protocol::messages::{CreateAclsRequest, CreateAclsResponse};
use metadata::acl::AclOperation;
use model::ErrorCode;
use runtime::controller::ControllerRequest;
use std::rc::Rc;

pub async fn handle(
    ctx: &Rc<Handlers>,
    req: CreateAclsRequest,
    _version: i16,
    auth: &Authz<'_>,
) -> CreateAclsResponse {
    let all = |code: ErrorCode, message: &str| {
        let result = AclCreationResult::default()
            .with_error_code(code.code())
            .with_error_message(Some(str_bytes(message)));
        CreateAclsResponse::default().with_results(vec![result; req.creations.len()])
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
    let mut results = Vec::with_capacity(req.creations.len());
    let mut valid = Vec::new();
    for (i, c) in req.creations.iter().enumerate() {
        let checked = binding(
            c.resource_type,
            &c.resource_name,
            c.resource_pattern_type,
            &c.principal,
            &c.host,
            c.operation,
            c.permission_type,
        );
        match checked {
            Ok(b) => {
                valid.push((i, b));
                results.push(AclCreationResult::default());
            }
            Err(message) => results.push(
                AclCreationResult::default()
                    .with_error_code(ErrorCode::InvalidRequest.code())
                    .with_error_message(Some(str_bytes(message))),
            ),
        }
    }
    if !valid.is_empty() {
        let acls = valid.iter().map(|(_, b)| b.clone()).collect();
        if let Err(e) = ctx
            .shard
            .controller(ControllerRequest::CreateAcls { acls })
            .await
        {
            for (i, _) in &valid {
                results[*i] = AclCreationResult::default()
                    .with_error_code(e.code.code())
                    .with_error_message(Some(str_bytes(e.message.clone())));
            }
        }
    }
    CreateAclsResponse::default().with_results(results)
}
