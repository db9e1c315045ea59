//! The authorization cost on the request path with 10,000 ACL bindings in the image: one
//! decision (`Authorizer::authorize`), a Produce-shaped request (WRITE on one topic), a
//! Metadata listing of 1,000 topics filtered by DESCRIBE, and KIP-430's operations of a topic.
//!
//! The bindings: 100 principals, each with 40 LITERAL topics, 20 PREFIXED topic prefixes,
//! 20 groups, 10 transactional ids, a few cluster bindings and DENY exceptions, and `User:*`
//! wildcard bindings (10,000 in all), as a multi-tenant cluster has them.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use metadata::acl::{
    AclBinding, AclOperation, Acls, Authorizer, PatternType, Permission, Requester, ResourceType,
    CLUSTER_NAME,
};

const BINDINGS: usize = 10_000;

fn binding(
    resource_type: ResourceType,
    name: String,
    pattern_type: PatternType,
    principal: String,
    operation: AclOperation,
    permission: Permission,
) -> AclBinding {
    AclBinding {
        resource_type,
        resource_name: name,
        pattern_type,
        principal,
        host: "*".to_string(),
        operation,
        permission,
    }
}

fn acls() -> Acls {
    use AclOperation::*;
    use PatternType::*;
    use Permission::*;
    use ResourceType::*;
    let mut acls = Acls::default();
    let mut id = 0u128;
    let mut add = |acls: &mut Acls, b: AclBinding| {
        id += 1;
        acls.insert(id.to_be_bytes(), b);
    };
    for tenant in 0..100 {
        let user = format!("User:tenant-{tenant}");
        for t in 0..40 {
            add(
                &mut acls,
                binding(
                    Topic,
                    format!("t{tenant}-orders-{t}"),
                    Literal,
                    user.clone(),
                    if t % 2 == 0 { Read } else { Write },
                    Allow,
                ),
            );
        }
        for p in 0..20 {
            add(
                &mut acls,
                binding(
                    Topic,
                    format!("t{tenant}-p{p}-"),
                    Prefixed,
                    user.clone(),
                    All,
                    Allow,
                ),
            );
        }
        for g in 0..20 {
            add(
                &mut acls,
                binding(
                    Group,
                    format!("t{tenant}-group-{g}"),
                    Literal,
                    user.clone(),
                    Read,
                    Allow,
                ),
            );
        }
        for x in 0..10 {
            add(
                &mut acls,
                binding(
                    TransactionalId,
                    format!("t{tenant}-tx-{x}"),
                    Literal,
                    user.clone(),
                    Write,
                    Allow,
                ),
            );
        }
        add(
            &mut acls,
            binding(
                Cluster,
                CLUSTER_NAME.into(),
                Literal,
                user.clone(),
                IdempotentWrite,
                Allow,
            ),
        );
        add(
            &mut acls,
            binding(
                Topic,
                format!("t{tenant}-p0-secret"),
                Literal,
                user.clone(),
                All,
                Deny,
            ),
        );
        for w in 0..8 {
            add(
                &mut acls,
                binding(
                    Topic,
                    format!("shared-{tenant}-{w}"),
                    Literal,
                    "User:*".into(),
                    Read,
                    Allow,
                ),
            );
        }
    }
    assert_eq!(acls.len(), BINDINGS);
    acls
}

fn bench(c: &mut Criterion) {
    let acls = acls();
    let authorizer = Authorizer::new(&["User:admin".to_string()], false);
    let who = Requester {
        principal: "User:tenant-42",
        host: "10.1.2.3",
    };
    let mut group = c.benchmark_group("authorize_10000_acls");
    group.bench_function("write_topic_prefixed_allow", |b| {
        b.iter(|| {
            authorizer.authorize(
                &acls,
                black_box(who),
                AclOperation::Write,
                ResourceType::Topic,
                black_box("t42-p7-payments-eu"),
            )
        })
    });
    group.bench_function("read_topic_literal_allow", |b| {
        b.iter(|| {
            authorizer.authorize(
                &acls,
                black_box(who),
                AclOperation::Describe,
                ResourceType::Topic,
                black_box("t42-orders-10"),
            )
        })
    });
    group.bench_function("topic_denied_no_binding", |b| {
        b.iter(|| {
            authorizer.authorize(
                &acls,
                black_box(who),
                AclOperation::Read,
                ResourceType::Topic,
                black_box("t17-orders-3"),
            )
        })
    });
    group.bench_function("super_user", |b| {
        let admin = Requester {
            principal: "User:admin",
            host: "10.1.2.3",
        };
        b.iter(|| {
            authorizer.authorize(
                &acls,
                black_box(admin),
                AclOperation::Alter,
                ResourceType::Cluster,
                CLUSTER_NAME,
            )
        })
    });
    let topics: Vec<String> = (0..1000)
        .map(|i| format!("t{}-orders-{}", i % 100, i % 40))
        .collect();
    group.bench_function("metadata_1000_topics_describe_filter", |b| {
        b.iter(|| {
            topics
                .iter()
                .filter(|t| {
                    authorizer
                        .authorize(&acls, who, AclOperation::Describe, ResourceType::Topic, t)
                        .allowed
                })
                .count()
        })
    });
    group.bench_function("topic_authorized_operations", |b| {
        b.iter(|| {
            authorizer.authorized_operations(
                &acls,
                black_box(who),
                ResourceType::Topic,
                black_box("t42-p3-x"),
            )
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
