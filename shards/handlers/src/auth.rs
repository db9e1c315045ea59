//! Authorization of one request, on the connection's shard, from this shard's own image (no
//! cross-shard hop): `Authz` holds who asks (principal, address, listener), the ACLs of the
//! image as the request started, and the broker's authorizer settings, and answers the checks
//! each handler makes (the operations Kafka's `KafkaApis` / `ControllerApis` check).
//!
//! Without an authorizer (`authorizer.class.name` empty) every check allows, as Kafka's
//! `AuthHelper` with no authorizer, and the KIP-430 operations are every supported one.
//!
//! A denied check that Kafka logs (its `logIfDenied`) logs one line per request, at most
//! `DENIAL_LOG_LINES_PER_SECOND` a second per shard and listener (the rest are counted and
//! summed up in the next line), and counts in `sluice_authorization_denials_total`.

use crate::Handlers;
use kafka_protocol::messages::ApiKey;
use metadata::acl::{
    java_host_address, AclOperation, Acls, Authorizer, Requester, ResourceType, CLUSTER_NAME,
};
use security::KafkaPrincipal;
use std::cell::Cell;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// At most this many denial lines a second per shard and listener.
pub const DENIAL_LOG_LINES_PER_SECOND: u32 = 10;

/// Who sent a request: what the connection authenticated as, from where, on which listener.
#[derive(Clone, Debug)]
pub struct Caller {
    pub principal: KafkaPrincipal,
    /// `Type:name`, as ACLs and `super.users` name principals.
    pub principal_text: String,
    pub ip: IpAddr,
    /// The address as ACL hosts name it (Java's `getHostAddress()`).
    pub host: String,
    /// The listener's name (for the denial log and metrics).
    pub listener: String,
    /// Client quotas (KIP-219): the connection reads no further request before this instant
    /// (`Caller::throttle`; the response that exceeded the quota went out at once).
    pub throttled_until: Cell<Option<Instant>>,
}

impl Caller {
    pub fn new(principal: KafkaPrincipal, ip: IpAddr, listener: &str) -> Caller {
        Caller {
            principal_text: principal.to_string(),
            principal,
            ip,
            host: java_host_address(ip),
            listener: listener.to_string(),
            throttled_until: Cell::new(None),
        }
    }

    /// Mutes the connection for `throttle_ms` from now (kept if already muted for longer).
    pub fn throttle(&self, throttle_ms: u32) {
        if throttle_ms == 0 {
            return;
        }
        let until = Instant::now() + Duration::from_millis(u64::from(throttle_ms));
        if self.throttled_until.get().is_none_or(|t| t < until) {
            self.throttled_until.set(Some(until));
        }
    }
}

/// The shard-and-listener-wide rate limit of the denial log.
#[derive(Default)]
pub struct DenialLog {
    window_start: Cell<Option<Instant>>,
    lines: Cell<u32>,
    suppressed: Cell<u64>,
}

impl DenialLog {
    /// Whether a line may be written now, and how many were suppressed before it.
    fn admit(&self) -> Option<u64> {
        let now = Instant::now();
        let fresh = self
            .window_start
            .get()
            .is_none_or(|start| now.duration_since(start) >= Duration::from_secs(1));
        if fresh {
            self.window_start.set(Some(now));
            self.lines.set(0);
        }
        if self.lines.get() >= DENIAL_LOG_LINES_PER_SECOND {
            self.suppressed.set(self.suppressed.get() + 1);
            return None;
        }
        self.lines.set(self.lines.get() + 1);
        Some(self.suppressed.replace(0))
    }
}

/// The authorization of one request.
pub struct Authz<'a> {
    handlers: &'a Handlers,
    caller: &'a Caller,
    api: ApiKey,
    /// `None`: no authorizer configured.
    acls: Option<Arc<Acls>>,
    /// One denial line per request.
    logged: Cell<bool>,
}

impl<'a> Authz<'a> {
    pub(crate) fn new(handlers: &'a Handlers, caller: &'a Caller, api: ApiKey) -> Authz<'a> {
        let acls = handlers
            .authorizer
            .as_ref()
            .map(|_| handlers.shard.image().acls().clone());
        Authz {
            handlers,
            caller,
            api,
            acls,
            logged: Cell::new(false),
        }
    }

    /// Whether an authorizer is configured.
    pub fn enabled(&self) -> bool {
        self.acls.is_some()
    }

    /// This shard's image now.
    pub fn image(&self) -> std::rc::Rc<metadata::Image> {
        self.handlers.shard.image()
    }

    pub fn caller(&self) -> &Caller {
        self.caller
    }

    fn requester(&self) -> Requester<'_> {
        Requester {
            principal: &self.caller.principal_text,
            host: &self.caller.host,
        }
    }

    fn decide(&self, op: AclOperation, resource_type: ResourceType, name: &str) -> bool {
        let (Some(authorizer), Some(acls)) = (&self.handlers.authorizer, &self.acls) else {
            return true;
        };
        authorizer
            .authorize(acls, self.requester(), op, resource_type, name)
            .allowed
    }

    /// May the caller do `op` on the resource? A denial is logged and counted (Kafka's
    /// `logIfDenied = true`: the client asked for this resource).
    pub fn allowed(&self, op: AclOperation, resource_type: ResourceType, name: &str) -> bool {
        let allowed = self.decide(op, resource_type, name);
        if !allowed {
            self.denied(op, resource_type, name);
        }
        allowed
    }

    /// As [`Self::allowed`], without logging a denial (Kafka's `logIfDenied = false`: a filter,
    /// or one of several ways to be allowed).
    pub fn quietly(&self, op: AclOperation, resource_type: ResourceType, name: &str) -> bool {
        self.decide(op, resource_type, name)
    }

    pub fn cluster(&self, op: AclOperation) -> bool {
        self.allowed(op, ResourceType::Cluster, CLUSTER_NAME)
    }

    pub fn cluster_quietly(&self, op: AclOperation) -> bool {
        self.quietly(op, ResourceType::Cluster, CLUSTER_NAME)
    }

    pub fn topic(&self, op: AclOperation, name: &str) -> bool {
        self.allowed(op, ResourceType::Topic, name)
    }

    pub fn group(&self, op: AclOperation, name: &str) -> bool {
        self.allowed(op, ResourceType::Group, name)
    }

    /// Kafka's `authorizeByResourceType`: `op` on some resource of the type.
    pub fn any_of_type(&self, op: AclOperation, resource_type: ResourceType) -> bool {
        let (Some(authorizer), Some(acls)) = (&self.handlers.authorizer, &self.acls) else {
            return true;
        };
        authorizer.authorize_by_resource_type(acls, self.requester(), op, resource_type)
    }

    /// KIP-430: the operations the caller may do on the resource, as Kafka's bit field.
    pub fn operations(&self, resource_type: ResourceType, name: &str) -> i32 {
        match (&self.handlers.authorizer, &self.acls) {
            (Some(authorizer), Some(acls)) => {
                authorizer.authorized_operations(acls, self.requester(), resource_type, name)
            }
            _ => resource_type
                .supported_operations()
                .iter()
                .fold(0, |bits, op| bits | (1 << op.code())),
        }
    }

    fn denied(&self, op: AclOperation, resource_type: ResourceType, name: &str) {
        let caller = self.caller;
        self.handlers.shard.metrics.authorization_denied(
            &caller.listener,
            op.name(),
            resource_type.name(),
        );
        if self.logged.replace(true) {
            return;
        }
        if let Some(suppressed) = self.handlers.denial_log.admit() {
            tracing::info!(
                principal = %caller.principal_text,
                operation = %op,
                resource = %format_args!("{resource_type}:LITERAL:{name}"),
                host = %caller.host,
                listener = %caller.listener,
                api = ?self.api,
                suppressed_before = suppressed,
                "authorization denied"
            );
        }
    }
}

/// The authorizer of handlers built from `config`, `None` without one.
pub(crate) fn authorizer(config: &config::BrokerConfig) -> Option<Authorizer> {
    config
        .authorizer_enabled
        .then(|| Authorizer::new(&config.super_users, config.allow_everyone_if_no_acl_found))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_denial_log_admits_a_bounded_number_of_lines_a_second() {
        let log = DenialLog::default();
        for _ in 0..DENIAL_LOG_LINES_PER_SECOND {
            assert_eq!(log.admit(), Some(0));
        }
        assert_eq!(log.admit(), None);
        assert_eq!(log.admit(), None);
        // A new window: the next line says how many were left out.
        log.window_start
            .set(Some(Instant::now() - Duration::from_secs(2)));
        assert_eq!(log.admit(), Some(2));
        assert_eq!(log.admit(), Some(0));
    }

    #[test]
    fn callers_name_hosts_as_java_does() {
        let c = Caller::new(
            KafkaPrincipal::user("alice"),
            "::1".parse().unwrap(),
            "SASL",
        );
        assert_eq!(c.principal_text, "User:alice");
        assert_eq!(c.host, "0:0:0:0:0:0:0:1");
    }
}
