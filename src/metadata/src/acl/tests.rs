use super::*;

fn binding(
    resource_type: ResourceType,
    name: &str,
    pattern: PatternType,
    principal: &str,
    host: &str,
    operation: AclOperation,
    permission: Permission,
) -> AclBinding {
    AclBinding {
        resource_type,
        resource_name: name.into(),
        pattern_type: pattern,
        principal: principal.into(),
        host: host.into(),
        operation,
        permission,
    }
}

fn id(n: u8) -> [u8; 16] {
    [n; 16]
}

const ALICE: Requester<'static> = Requester {
    principal: "User:alice",
    host: "10.0.0.1",
};
const BOB: Requester<'static> = Requester {
    principal: "User:bob",
    host: "10.0.0.2",
};

use AclOperation::*;
use PatternType::*;
use Permission::*;
use ResourceType::*;

fn allowed(
    a: &Authorizer,
    acls: &Acls,
    who: Requester<'_>,
    op: AclOperation,
    t: ResourceType,
    n: &str,
) -> bool {
    a.authorize(acls, who, op, t, n).allowed
}

#[test]
fn literal_prefixed_and_wildcard_patterns_apply() {
    let mut acls = Acls::default();
    acls.insert(
        id(1),
        binding(Topic, "orders", Literal, "User:alice", "*", Read, Allow),
    );
    acls.insert(
        id(2),
        binding(Topic, "pay-", Prefixed, "User:alice", "*", Write, Allow),
    );
    acls.insert(
        id(3),
        binding(Group, "*", Literal, "User:*", "*", Read, Allow),
    );
    let a = Authorizer::default();
    assert!(allowed(&a, &acls, ALICE, Read, Topic, "orders"));
    assert!(
        !allowed(&a, &acls, ALICE, Read, Topic, "orders2"),
        "literal is exact"
    );
    assert!(allowed(&a, &acls, ALICE, Write, Topic, "pay-eu"));
    assert!(allowed(&a, &acls, ALICE, Write, Topic, "pay-"));
    assert!(!allowed(&a, &acls, ALICE, Write, Topic, "pay"));
    assert!(
        allowed(&a, &acls, BOB, Read, Group, "anything"),
        "User:* and *"
    );
    assert!(!allowed(&a, &acls, BOB, Read, Topic, "orders"));
    // No binding applies to topic "other": allow.everyone.if.no.acl.found decides.
    assert!(!allowed(&a, &acls, BOB, Read, Topic, "other"));
    let everyone = Authorizer::new(&[], true);
    assert!(allowed(&everyone, &acls, BOB, Read, Topic, "other"));
    assert!(
        !allowed(&everyone, &acls, BOB, Read, Topic, "orders"),
        "bindings exist"
    );
}

#[test]
fn deny_wins_and_only_allow_implies_describe() {
    let mut acls = Acls::default();
    acls.insert(
        id(1),
        binding(Topic, "t", Literal, "User:alice", "*", All, Allow),
    );
    acls.insert(
        id(2),
        binding(Topic, "t", Prefixed, "User:alice", "10.0.0.1", Write, Deny),
    );
    let a = Authorizer::default();
    assert!(!allowed(&a, &acls, ALICE, Write, Topic, "t"));
    assert!(allowed(&a, &acls, ALICE, Read, Topic, "t"));
    let elsewhere = Requester {
        principal: "User:alice",
        host: "10.9.9.9",
    };
    assert!(
        allowed(&a, &acls, elsewhere, Write, Topic, "t"),
        "deny is for one host"
    );

    let mut acls = Acls::default();
    acls.insert(
        id(1),
        binding(Topic, "t", Literal, "User:alice", "*", Read, Allow),
    );
    acls.insert(
        id(2),
        binding(Topic, "t", Literal, "User:alice", "*", AlterConfigs, Allow),
    );
    acls.insert(
        id(3),
        binding(Topic, "u", Literal, "User:alice", "*", Read, Deny),
    );
    acls.insert(
        id(4),
        binding(Topic, "u", Literal, "User:alice", "*", Describe, Allow),
    );
    assert!(allowed(&a, &acls, ALICE, Describe, Topic, "t"));
    assert!(allowed(&a, &acls, ALICE, DescribeConfigs, Topic, "t"));
    assert!(!allowed(&a, &acls, ALICE, Write, Topic, "t"));
    assert!(
        allowed(&a, &acls, ALICE, Describe, Topic, "u"),
        "a DENY READ denies no DESCRIBE"
    );
    assert!(!allowed(&a, &acls, ALICE, Read, Topic, "u"));
}

#[test]
fn super_users_and_operations_bits() {
    let mut acls = Acls::default();
    acls.insert(
        id(1),
        binding(Cluster, CLUSTER_NAME, Literal, "User:*", "*", All, Deny),
    );
    acls.insert(
        id(2),
        binding(Topic, "t", Literal, "User:alice", "*", Read, Allow),
    );
    let a = Authorizer::new(&["User:admin".to_string()], false);
    let admin = Requester {
        principal: "User:admin",
        host: "1.2.3.4",
    };
    assert!(allowed(&a, &acls, admin, Alter, Cluster, CLUSTER_NAME));
    assert!(!allowed(&a, &acls, ALICE, Describe, Cluster, CLUSTER_NAME));
    let bits = a.authorized_operations(&acls, ALICE, Topic, "t");
    assert_eq!(bits, (1 << Read.code()) | (1 << Describe.code()));
}

#[test]
fn by_resource_type_follows_kafka() {
    let a = Authorizer::default();
    let mut acls = Acls::default();
    assert!(!a.authorize_by_resource_type(&acls, ALICE, Write, Topic));
    acls.insert(
        id(1),
        binding(Topic, "abc", Literal, "User:alice", "*", Write, Allow),
    );
    assert!(a.authorize_by_resource_type(&acls, ALICE, Write, Topic));
    acls.insert(
        id(2),
        binding(Topic, "ab", Prefixed, "User:alice", "*", Write, Deny),
    );
    assert!(
        !a.authorize_by_resource_type(&acls, ALICE, Write, Topic),
        "dominated by a prefix deny"
    );
    acls.insert(
        id(3),
        binding(Topic, "x", Prefixed, "User:*", "*", All, Allow),
    );
    assert!(a.authorize_by_resource_type(&acls, ALICE, Write, Topic));
}

#[test]
fn remove_and_find_keep_the_index_true() {
    let mut acls = Acls::default();
    let b = binding(Topic, "pre", Prefixed, "User:alice", "*", Read, Allow);
    acls.insert(id(1), b.clone());
    acls.insert(
        id(2),
        binding(Topic, "pre", Prefixed, "User:bob", "*", Read, Allow),
    );
    assert_eq!(acls.find(&b), Some(id(1)));
    assert_eq!(acls.remove(&id(1)), Some(b.clone()));
    assert_eq!(acls.find(&b), None);
    let a = Authorizer::default();
    assert!(!allowed(&a, &acls, ALICE, Read, Topic, "prefix"));
    assert!(allowed(&a, &acls, BOB, Read, Topic, "prefix"));
    acls.remove(&id(2));
    assert!(acls.is_empty());
    assert!(acls.applicable(Topic, "prefix").next().is_none());
    assert!(
        acls.index.is_empty(),
        "no empty resource type stays indexed"
    );
    assert_eq!(acls, Acls::default());
}

#[test]
fn equal_bindings_are_equal_acls_whatever_order_they_came_in() {
    let a = binding(Topic, "t", Literal, "User:alice", "*", Read, Allow);
    let b = binding(Topic, "t", Literal, "User:bob", "*", Read, Allow);
    let mut first = Acls::default();
    first.insert(id(2), b.clone());
    first.insert(id(1), a.clone());
    let mut second = Acls::default();
    second.insert(id(1), a);
    second.insert(id(2), b);
    assert_eq!(
        first, second,
        "a snapshot rebuilds the bindings in id order"
    );
}

#[test]
fn filters_match_as_kafka() {
    let b = binding(Topic, "pay-", Prefixed, "User:alice", "*", Write, Allow);
    let any = AclFilter {
        resource_type: ANY_CODE,
        resource_name: None,
        pattern_type: ANY_CODE,
        principal: None,
        host: None,
        operation: ANY_CODE,
        permission: ANY_CODE,
    };
    assert!(any.matches(&b));
    let matching = AclFilter {
        resource_name: Some("pay-eu".into()),
        pattern_type: MATCH_CODE,
        ..any.clone()
    };
    assert!(matching.matches(&b));
    let exact = AclFilter {
        resource_name: Some("pay-eu".into()),
        pattern_type: ANY_CODE,
        ..any.clone()
    };
    assert!(!exact.matches(&b));
    let literal = AclFilter {
        pattern_type: Literal.code(),
        ..any.clone()
    };
    assert!(!literal.matches(&b));
    assert_eq!(
        AclFilter {
            operation: 0,
            ..any
        }
        .unknown_field(),
        Some("operation")
    );
}

#[test]
fn java_host_addresses() {
    assert_eq!(java_host_address("127.0.0.1".parse().unwrap()), "127.0.0.1");
    assert_eq!(java_host_address("::1".parse().unwrap()), "0:0:0:0:0:0:0:1");
}
