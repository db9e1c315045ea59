//! The console's own authorization checks (beside those of the requests it asks the handlers,
//! `Ctx::ask`): each view as the Kafka request it stands for would be checked — a topic's page
//! as Metadata (DESCRIBE on the topic), its records as Fetch (READ), a group's page as
//! DescribeGroups (DESCRIBE on the group). A denial is 403 whether or not the resource exists.

use super::{ApiError, Ctx};
use kafka_protocol::messages::ApiKey;
use metadata::acl::{AclOperation as Op, ResourceType as Rt};

/// What of a topic is asked for.
pub(crate) enum View {
    /// Its partitions, traffic and configs (Metadata's DESCRIBE).
    Topic,
    /// Its records (Fetch's READ).
    Records,
}

/// The caller may see `view` of topic `name`, or 403.
pub(crate) fn topic(ctx: &Ctx<'_>, view: View, name: &str) -> Result<(), ApiError> {
    let (api, op) = match view {
        View::Topic => (ApiKey::Metadata, Op::Describe),
        View::Records => (ApiKey::Fetch, Op::Read),
    };
    if ctx.authz(api).topic(op, name) {
        Ok(())
    } else {
        Err(denied(ctx, op, "topic", name))
    }
}

/// The caller may describe group `id`, or 403.
pub(crate) fn group(ctx: &Ctx<'_>, id: &str) -> Result<(), ApiError> {
    if ctx.authz(ApiKey::DescribeGroups).group(Op::Describe, id) {
        Ok(())
    } else {
        Err(denied(ctx, Op::Describe, "group", id))
    }
}

/// Whether the caller may describe topic `name` (a filter: a denial is not logged, as
/// Metadata for all topics leaves them out quietly).
pub(crate) fn describes_topic(ctx: &Ctx<'_>, name: &str) -> bool {
    ctx.authz(ApiKey::Metadata)
        .quietly(Op::Describe, Rt::Topic, name)
}

/// Whether the caller may describe topic `name`'s configs (quietly, as a filter).
pub(crate) fn describes_topic_configs(ctx: &Ctx<'_>, name: &str) -> bool {
    ctx.authz(ApiKey::DescribeConfigs)
        .quietly(Op::DescribeConfigs, Rt::Topic, name)
}

fn denied(ctx: &Ctx<'_>, op: Op, what: &str, name: &str) -> ApiError {
    ApiError::forbidden(format!(
        "{} is not authorized to {} {what} {name:?}",
        ctx.caller.principal_text,
        op.name()
    ))
}
