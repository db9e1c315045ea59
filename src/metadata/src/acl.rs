//! ACLs and the decisions made from them, with the semantics of Kafka's `StandardAuthorizer`
//! (which also lives in Kafka's metadata module): bindings come from `AccessControlEntry`
//! records and sit in the image ([`Acls`]); [`Authorizer::authorize`] decides one action from a
//! shard's own copy, with no IO and no cross-shard hop.
//!
//! The rules (Kafka's `StandardAuthorizerData`):
//! - a principal in `super.users` may do anything;
//! - the bindings that apply to a resource are the LITERAL ones of its name, the LITERAL `*`
//!   (wildcard) ones and the PREFIXED ones whose name starts the resource's name;
//! - a binding matches a principal if its principal is the principal's `Type:name` or `User:*`,
//!   and a host if its host is the client's address or `*`;
//! - DENY wins over ALLOW. An ALLOW of READ, WRITE, DELETE or ALTER also allows DESCRIBE, and
//!   an ALLOW of ALTER_CONFIGS also allows DESCRIBE_CONFIGS (a DENY implies nothing); ALL
//!   matches every operation;
//! - no binding applies to the resource at all (for any principal or operation): allowed only
//!   with `allow.everyone.if.no.acl.found`.
//!
//! The index: per resource type, literal names in a hash map and prefixes in a hash map with
//! the set of prefix lengths present, so a decision is a handful of hash lookups however many
//! bindings exist (`benches/`: 10,000 bindings).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// Kafka's name of the one CLUSTER resource.
pub const CLUSTER_NAME: &str = "kafka-cluster";
/// The LITERAL resource name (and host) that matches every name.
pub const WILDCARD: &str = "*";
/// The principal that matches every principal.
pub const WILDCARD_PRINCIPAL: &str = "User:*";

macro_rules! kafka_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $code:expr, $text:expr;)* }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name { $($variant),* }
        impl $name {
            /// Kafka's wire code.
            pub fn code(self) -> i8 { match self { $($name::$variant => $code),* } }
            /// The value of Kafka's wire `code`; `None` for UNKNOWN, ANY and codes Kafka lacks.
            pub fn from_code(code: i8) -> Option<$name> {
                match code { $($code => Some($name::$variant),)* _ => None }
            }
            /// Kafka's name (`AclOperation.toString()` and friends).
            pub fn name(self) -> &'static str { match self { $($name::$variant => $text),* } }
        }
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { f.write_str(self.name()) }
        }
    };
}

kafka_enum!(
    /// Kafka's `ResourceType` (concrete ones; 0 UNKNOWN and 1 ANY are filters only).
    ResourceType {
        Topic = 2, "TOPIC";
        Group = 3, "GROUP";
        Cluster = 4, "CLUSTER";
        TransactionalId = 5, "TRANSACTIONAL_ID";
        DelegationToken = 6, "DELEGATION_TOKEN";
        User = 7, "USER";
    }
);

kafka_enum!(
    /// Kafka's `PatternType` of a binding (2 MATCH and 1 ANY are filters only).
    PatternType {
        Literal = 3, "LITERAL";
        Prefixed = 4, "PREFIXED";
    }
);

kafka_enum!(
    /// Kafka's `AclOperation` (concrete ones; 1 ANY is a filter only).
    AclOperation {
        All = 2, "ALL";
        Read = 3, "READ";
        Write = 4, "WRITE";
        Create = 5, "CREATE";
        Delete = 6, "DELETE";
        Alter = 7, "ALTER";
        Describe = 8, "DESCRIBE";
        ClusterAction = 9, "CLUSTER_ACTION";
        DescribeConfigs = 10, "DESCRIBE_CONFIGS";
        AlterConfigs = 11, "ALTER_CONFIGS";
        IdempotentWrite = 12, "IDEMPOTENT_WRITE";
        CreateTokens = 13, "CREATE_TOKENS";
        DescribeTokens = 14, "DESCRIBE_TOKENS";
        TwoPhaseCommit = 15, "TWO_PHASE_COMMIT";
    }
);

kafka_enum!(
    /// Kafka's `AclPermissionType` (1 ANY is a filter only).
    Permission {
        Deny = 2, "DENY";
        Allow = 3, "ALLOW";
    }
);

/// Kafka's code for "any" in filters, for every enum above.
pub const ANY_CODE: i8 = 1;
/// `PatternType.MATCH` in filters: bindings that would apply to the named resource.
pub const MATCH_CODE: i8 = 2;

impl ResourceType {
    /// The operations a resource of this type supports (Kafka's `AclEntry.supportedOperations`),
    /// for KIP-430 authorized operations.
    pub fn supported_operations(self) -> &'static [AclOperation] {
        use AclOperation::*;
        match self {
            ResourceType::Topic => &[
                Read,
                Write,
                Create,
                Describe,
                Delete,
                Alter,
                DescribeConfigs,
                AlterConfigs,
            ],
            ResourceType::Group => &[Read, Describe, Delete, DescribeConfigs, AlterConfigs],
            ResourceType::Cluster => &[
                Create,
                ClusterAction,
                DescribeConfigs,
                AlterConfigs,
                IdempotentWrite,
                Alter,
                Describe,
            ],
            ResourceType::TransactionalId => &[Describe, Write],
            ResourceType::DelegationToken => &[Describe],
            ResourceType::User => &[CreateTokens, DescribeTokens],
        }
    }
}

/// One ACL binding: a resource pattern and an access control entry.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AclBinding {
    pub resource_type: ResourceType,
    pub resource_name: String,
    pub pattern_type: PatternType,
    /// `Type:name`, e.g. `User:alice`, or `User:*`.
    pub principal: String,
    /// A client address, or `*`.
    pub host: String,
    pub operation: AclOperation,
    pub permission: Permission,
}

impl AclBinding {
    /// Kafka's checks of a new binding (`AclApis`, `AclControlManager.validateNewAcl`):
    /// the message of the INVALID_REQUEST it answers, if any.
    pub fn validate(&self) -> Result<(), String> {
        if self.resource_name.is_empty() {
            return Err("Invalid empty resource name".into());
        }
        if self.resource_type == ResourceType::Cluster && self.resource_name != CLUSTER_NAME {
            return Err(format!(
                "The only valid name for the CLUSTER resource is {CLUSTER_NAME}"
            ));
        }
        match self.principal.split_once(':') {
            Some((kind, name)) if !kind.is_empty() && !name.is_empty() => Ok(()),
            _ => Err(format!(
                "Could not parse principal from `{}` (no colon is present separating the principal type from the principal name)",
                self.principal
            )),
        }
    }
}

/// A filter over bindings (DescribeAcls, DeleteAcls), in Kafka's wire codes: `ANY_CODE` for
/// any enum value, `MATCH_CODE` for the pattern type "applies to this name", `None` strings
/// for any.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AclFilter {
    pub resource_type: i8,
    pub resource_name: Option<String>,
    pub pattern_type: i8,
    pub principal: Option<String>,
    pub host: Option<String>,
    pub operation: i8,
    pub permission: i8,
}

impl AclFilter {
    /// Kafka's `isUnknown`: a code that is neither a value nor ANY (nor MATCH for patterns).
    pub fn unknown_field(&self) -> Option<&'static str> {
        let known = |code: i8, known: bool| code == ANY_CODE || known;
        if !known(
            self.resource_type,
            ResourceType::from_code(self.resource_type).is_some(),
        ) {
            return Some("resource type");
        }
        if !known(
            self.pattern_type,
            self.pattern_type == MATCH_CODE || PatternType::from_code(self.pattern_type).is_some(),
        ) {
            return Some("pattern type");
        }
        if !known(
            self.operation,
            AclOperation::from_code(self.operation).is_some(),
        ) {
            return Some("operation");
        }
        if !known(
            self.permission,
            Permission::from_code(self.permission).is_some(),
        ) {
            return Some("permission type");
        }
        None
    }

    /// Kafka's `AclBindingFilter.matches`.
    pub fn matches(&self, b: &AclBinding) -> bool {
        let code_matches = |filter: i8, code: i8| filter == ANY_CODE || filter == code;
        if !code_matches(self.resource_type, b.resource_type.code()) {
            return false;
        }
        let pattern = self.pattern_type;
        if pattern != ANY_CODE && pattern != MATCH_CODE && pattern != b.pattern_type.code() {
            return false;
        }
        if let Some(name) = &self.resource_name {
            let exact = pattern == ANY_CODE || pattern == b.pattern_type.code();
            let ok = if exact {
                *name == b.resource_name
            } else {
                match b.pattern_type {
                    PatternType::Literal => *name == b.resource_name || b.resource_name == WILDCARD,
                    PatternType::Prefixed => name.starts_with(&b.resource_name),
                }
            };
            if !ok {
                return false;
            }
        }
        self.principal.as_ref().is_none_or(|p| *p == b.principal)
            && self.host.as_ref().is_none_or(|h| *h == b.host)
            && code_matches(self.operation, b.operation.code())
            && code_matches(self.permission, b.permission.code())
    }
}

/// The entry part of a binding, as the index keeps it under its resource pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Rule {
    id: [u8; 16],
    principal: Box<str>,
    host: Box<str>,
    operation: AclOperation,
    permission: Permission,
}

/// The bindings of one resource type.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct TypeIndex {
    literal: HashMap<Box<str>, Vec<Rule>>,
    prefixed: HashMap<Box<str>, Vec<Rule>>,
    /// Byte lengths of the prefixes in `prefixed`, each with how many prefixes have it: a
    /// lookup probes only these lengths of the resource name.
    prefix_lengths: BTreeMap<usize, usize>,
}

/// Every ACL binding of the cluster, by id and indexed for decisions.
///
/// Equality is that of the bindings: the index is derived from them, and its rule order follows
/// the order the bindings arrived in, which a snapshot does not keep.
#[derive(Clone, Debug, Default)]
pub struct Acls {
    by_id: BTreeMap<[u8; 16], AclBinding>,
    index: BTreeMap<ResourceType, TypeIndex>,
}

impl PartialEq for Acls {
    fn eq(&self, other: &Self) -> bool {
        self.by_id == other.by_id
    }
}

impl Eq for Acls {}

impl Acls {
    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }

    /// Every binding with its id, in id order.
    pub fn iter(&self) -> impl Iterator<Item = (&[u8; 16], &AclBinding)> {
        self.by_id.iter()
    }

    pub fn get(&self, id: &[u8; 16]) -> Option<&AclBinding> {
        self.by_id.get(id)
    }

    /// The id of a binding equal to `binding`, if one exists.
    pub fn find(&self, binding: &AclBinding) -> Option<[u8; 16]> {
        let index = self.index.get(&binding.resource_type)?;
        let rules = match binding.pattern_type {
            PatternType::Literal => index.literal.get(binding.resource_name.as_str()),
            PatternType::Prefixed => index.prefixed.get(binding.resource_name.as_str()),
        }?;
        rules
            .iter()
            .find(|r| {
                *r.principal == *binding.principal
                    && *r.host == *binding.host
                    && r.operation == binding.operation
                    && r.permission == binding.permission
            })
            .map(|r| r.id)
    }

    /// Adds (or replaces) binding `id`.
    pub fn insert(&mut self, id: [u8; 16], binding: AclBinding) {
        self.remove(&id);
        let index = self.index.entry(binding.resource_type).or_default();
        let rule = Rule {
            id,
            principal: binding.principal.as_str().into(),
            host: binding.host.as_str().into(),
            operation: binding.operation,
            permission: binding.permission,
        };
        let name: Box<str> = binding.resource_name.as_str().into();
        match binding.pattern_type {
            PatternType::Literal => index.literal.entry(name).or_default().push(rule),
            PatternType::Prefixed => {
                let rules = index.prefixed.entry(name).or_default();
                if rules.is_empty() {
                    *index
                        .prefix_lengths
                        .entry(binding.resource_name.len())
                        .or_default() += 1;
                }
                rules.push(rule);
            }
        }
        self.by_id.insert(id, binding);
    }

    /// Removes binding `id`; `None` when there is none.
    pub fn remove(&mut self, id: &[u8; 16]) -> Option<AclBinding> {
        let binding = self.by_id.remove(id)?;
        let index = self
            .index
            .get_mut(&binding.resource_type)
            .expect("every binding is indexed under its resource type");
        let map = match binding.pattern_type {
            PatternType::Literal => &mut index.literal,
            PatternType::Prefixed => &mut index.prefixed,
        };
        let name = binding.resource_name.as_str();
        let rules = map.get_mut(name).expect("every binding is indexed");
        rules.retain(|r| r.id != *id);
        if rules.is_empty() {
            map.remove(name);
            if binding.pattern_type == PatternType::Prefixed {
                let len = binding.resource_name.len();
                let count = index.prefix_lengths.get_mut(&len).expect("length counted");
                *count -= 1;
                if *count == 0 {
                    index.prefix_lengths.remove(&len);
                }
            }
            if index.literal.is_empty() && index.prefixed.is_empty() {
                self.index.remove(&binding.resource_type);
            }
        }
        Some(binding)
    }

    /// The bindings `filter` matches, in id order.
    pub fn matching<'a>(
        &'a self,
        filter: &'a AclFilter,
    ) -> impl Iterator<Item = (&'a [u8; 16], &'a AclBinding)> + 'a {
        self.by_id.iter().filter(|(_, b)| filter.matches(b))
    }

    /// Every rule that applies to resource `name` of type `resource_type`: literal, wildcard,
    /// then prefixed ones.
    fn applicable<'a>(
        &'a self,
        resource_type: ResourceType,
        name: &'a str,
    ) -> impl Iterator<Item = &'a Rule> + 'a {
        let index = self.index.get(&resource_type);
        let literal = index.and_then(|i| i.literal.get(name));
        let wildcard = (name != WILDCARD)
            .then(|| index.and_then(|i| i.literal.get(WILDCARD)))
            .flatten();
        let prefixed = index.into_iter().flat_map(move |i| {
            i.prefix_lengths
                .keys()
                .take_while(move |len| **len <= name.len())
                .filter_map(move |len| name.get(..*len))
                .filter_map(move |prefix| i.prefixed.get(prefix))
                .flatten()
        });
        literal
            .into_iter()
            .flatten()
            .chain(wildcard.into_iter().flatten())
            .chain(prefixed)
    }
}

/// Who asks, as a decision needs it.
#[derive(Clone, Copy, Debug)]
pub struct Requester<'a> {
    /// `Type:name`.
    pub principal: &'a str,
    /// The client's address as Java's `InetAddress.getHostAddress()` writes it.
    pub host: &'a str,
}

/// Why a decision came out as it did (for the denial log).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MatchedRule {
    SuperUser,
    Allow,
    Deny,
    /// No binding applies to the resource: `allow.everyone.if.no.acl.found` decided.
    NoAcl,
    /// Bindings apply to the resource, but none allows this.
    Default,
}

/// A decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Decision {
    pub allowed: bool,
    pub rule: MatchedRule,
}

/// The authorizer's settings: `super.users` and `allow.everyone.if.no.acl.found`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Authorizer {
    pub super_users: HashSet<String>,
    pub allow_everyone_if_no_acl_found: bool,
}

impl Authorizer {
    pub fn new(super_users: &[String], allow_everyone_if_no_acl_found: bool) -> Authorizer {
        Authorizer {
            super_users: super_users.iter().cloned().collect(),
            allow_everyone_if_no_acl_found,
        }
    }

    pub fn is_super_user(&self, principal: &str) -> bool {
        self.super_users.contains(principal)
    }

    /// May `who` do `operation` on the resource (LITERAL name `name`)?
    pub fn authorize(
        &self,
        acls: &Acls,
        who: Requester<'_>,
        operation: AclOperation,
        resource_type: ResourceType,
        name: &str,
    ) -> Decision {
        if self.is_super_user(who.principal) {
            return Decision {
                allowed: true,
                rule: MatchedRule::SuperUser,
            };
        }
        let mut any_applies = false;
        let mut allowed = false;
        for rule in acls.applicable(resource_type, name) {
            any_applies = true;
            match rule_result(rule, who, operation) {
                Some(Permission::Deny) => {
                    return Decision {
                        allowed: false,
                        rule: MatchedRule::Deny,
                    }
                }
                Some(Permission::Allow) => allowed = true,
                None => {}
            }
        }
        if allowed {
            Decision {
                allowed: true,
                rule: MatchedRule::Allow,
            }
        } else if !any_applies {
            Decision {
                allowed: self.allow_everyone_if_no_acl_found,
                rule: MatchedRule::NoAcl,
            }
        } else {
            Decision {
                allowed: false,
                rule: MatchedRule::Default,
            }
        }
    }

    /// May `who` do `operation` on some resource of `resource_type`? (Kafka's
    /// `Authorizer.authorizeByResourceType`, used for IDEMPOTENT_WRITE's fallback to WRITE on
    /// any topic.)
    pub fn authorize_by_resource_type(
        &self,
        acls: &Acls,
        who: Requester<'_>,
        operation: AclOperation,
        resource_type: ResourceType,
    ) -> bool {
        // A hard-coded name, as Kafka: super users and allow.everyone.if.no.acl.found.
        if self
            .authorize(acls, who, operation, resource_type, "hardcode")
            .allowed
        {
            return true;
        }
        let mut deny_literal = BTreeSet::new();
        let mut deny_prefixed = BTreeSet::new();
        let mut allow = Vec::new();
        for binding in acls.by_id.values() {
            if binding.resource_type != resource_type
                || (binding.host != WILDCARD && binding.host != who.host)
                || (binding.principal != who.principal && binding.principal != WILDCARD_PRINCIPAL)
                || (binding.operation != operation && binding.operation != AclOperation::All)
            {
                continue;
            }
            let name = binding.resource_name.as_str();
            match (binding.permission, binding.pattern_type) {
                (Permission::Deny, PatternType::Literal) if name == WILDCARD => return false,
                (Permission::Deny, PatternType::Literal) => {
                    deny_literal.insert(name);
                }
                (Permission::Deny, PatternType::Prefixed) => {
                    deny_prefixed.insert(name);
                }
                (Permission::Allow, PatternType::Literal) if name == WILDCARD => return true,
                (Permission::Allow, pattern) => allow.push((pattern, name)),
            }
        }
        allow.iter().any(|(pattern, name)| {
            if *pattern == PatternType::Literal && deny_literal.contains(name) {
                return false;
            }
            !name
                .char_indices()
                .map(|(i, c)| &name[..i + c.len_utf8()])
                .any(|prefix| deny_prefixed.contains(prefix))
        })
    }

    /// KIP-430: the bit field of the operations `who` may do on the resource (bit = Kafka's
    /// operation code), over the operations its type supports.
    pub fn authorized_operations(
        &self,
        acls: &Acls,
        who: Requester<'_>,
        resource_type: ResourceType,
        name: &str,
    ) -> i32 {
        resource_type
            .supported_operations()
            .iter()
            .filter(|op| self.authorize(acls, who, **op, resource_type, name).allowed)
            .fold(0, |bits, op| bits | (1 << op.code()))
    }
}

/// A rule's say on an action: `None` when it does not match the requester or the operation.
fn rule_result(rule: &Rule, who: Requester<'_>, operation: AclOperation) -> Option<Permission> {
    if *rule.principal != *who.principal && &*rule.principal != WILDCARD_PRINCIPAL {
        return None;
    }
    if &*rule.host != WILDCARD && *rule.host != *who.host {
        return None;
    }
    if rule.operation != AclOperation::All && rule.operation != operation {
        // Only ALLOW bindings imply other operations.
        use AclOperation::*;
        let implied = rule.permission == Permission::Allow
            && match operation {
                Describe => matches!(rule.operation, Read | Write | Delete | Alter),
                DescribeConfigs => rule.operation == AlterConfigs,
                _ => false,
            };
        if !implied {
            return None;
        }
    }
    Some(rule.permission)
}

/// A client address as Java's `InetAddress.getHostAddress()` writes it (what ACL hosts
/// name): IPv4 dotted, IPv6 as eight hex groups without `::` compression.
pub fn java_host_address(ip: std::net::IpAddr) -> String {
    match ip {
        std::net::IpAddr::V4(v4) => v4.to_string(),
        std::net::IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => v6
                .segments()
                .iter()
                .map(|s| format!("{s:x}"))
                .collect::<Vec<_>>()
                .join(":"),
        },
    }
}

#[cfg(test)]
mod tests;
