//! What CreateAcls, DescribeAcls and DeleteAcls share: wire codes to bindings and filters,
//! and the SECURITY_DISABLED answer without an authorizer.

use metadata::acl::{AclBinding, AclFilter, AclOperation, PatternType, Permission, ResourceType};

/// Kafka's message when no authorizer is configured.
pub(crate) const NO_AUTHORIZER: &str = "No Authorizer is configured on the broker";

/// A CreateAcls creation as a binding, or Kafka's INVALID_REQUEST message.
pub(crate) fn binding(
    resource_type: i8,
    resource_name: &str,
    pattern_type: i8,
    principal: &str,
    host: &str,
    operation: i8,
    permission: i8,
) -> Result<AclBinding, String> {
    let resource_type = ResourceType::from_code(resource_type)
        .ok_or_else(|| format!("Invalid resourceType {}", code_name(resource_type)))?;
    let pattern_type = PatternType::from_code(pattern_type)
        .ok_or_else(|| format!("Invalid patternType {}", code_name(pattern_type)))?;
    let operation = AclOperation::from_code(operation)
        .ok_or_else(|| format!("Invalid operation {}", code_name(operation)))?;
    let permission = Permission::from_code(permission)
        .ok_or_else(|| format!("Invalid permissionType {}", code_name(permission)))?;
    let binding = AclBinding {
        resource_type,
        resource_name: resource_name.to_string(),
        pattern_type,
        principal: principal.to_string(),
        host: host.to_string(),
        operation,
        permission,
    };
    binding.validate()?;
    Ok(binding)
}

fn code_name(code: i8) -> &'static str {
    match code {
        1 => "ANY",
        2 => "MATCH",
        _ => "UNKNOWN",
    }
}

/// A DescribeAcls / DeleteAcls filter from its wire fields.
pub(crate) fn filter(
    resource_type: i8,
    resource_name: Option<&str>,
    pattern_type: i8,
    principal: Option<&str>,
    host: Option<&str>,
    operation: i8,
    permission: i8,
) -> AclFilter {
    AclFilter {
        resource_type,
        resource_name: resource_name.map(str::to_string),
        pattern_type,
        principal: principal.map(str::to_string),
        host: host.map(str::to_string),
        operation,
        permission,
    }
}
