//! Client quotas as Kafka keeps and applies them: `ClientQuota` records (Kafka's
//! ClientQuotaRecord) in every shard's image, AlterClientQuotas' rules (Kafka's
//! `ClientQuotaControlManager`: per entity, Kafka's validation and messages, unchanged values
//! write nothing) and which quota applies to a connection (Kafka's `DefaultQuotaCallback`
//! precedence, [`resolve`]).
//!
//! Keys this broker enforces: `producer_byte_rate` and `consumer_byte_rate` (bytes per second,
//! Kafka's LONG), `request_percentage` (a share of a core) and `controller_mutation_rate`
//! (partitions created or deleted per second, KIP-599; both Kafka's DOUBLE). The `ip` entity
//! (`connection_creation_rate`) is refused as an unhandled entity type: a key that is
//! accepted is honoured.

use std::collections::BTreeMap;

use model::ErrorCode;

use crate::image::Image;
use crate::record::MetadataRecord;

pub const USER: &str = "user";
pub const CLIENT_ID: &str = "client-id";
pub const IP: &str = "ip";

pub const PRODUCER_BYTE_RATE: &str = "producer_byte_rate";
pub const CONSUMER_BYTE_RATE: &str = "consumer_byte_rate";
pub const REQUEST_PERCENTAGE: &str = "request_percentage";
pub const CONTROLLER_MUTATION_RATE: &str = "controller_mutation_rate";

/// A quota entity: (type, name) sorted by type, each type once; a `None` name is the type's
/// default entity (`--entity-default`).
pub type QuotaEntity = Vec<(String, Option<String>)>;

/// A quota's value (Kafka's double), compared by its bits so that images compare equal
/// after a snapshot round trip whatever the value.
#[derive(Clone, Copy, Debug)]
pub struct QuotaValue(pub f64);

impl PartialEq for QuotaValue {
    fn eq(&self, other: &Self) -> bool {
        self.0.to_bits() == other.0.to_bits()
    }
}

impl Eq for QuotaValue {}

/// The quotas of every entity that has one: entity → key → value.
pub type ClientQuotas = BTreeMap<QuotaEntity, BTreeMap<String, QuotaValue>>;

/// One key of an alteration: `None` removes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuotaOp {
    pub key: String,
    pub value: Option<QuotaValue>,
}

/// One AlterClientQuotas entry: the entity as the client sent it, and its ops.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuotaAlteration {
    pub entity: QuotaEntity,
    pub ops: Vec<QuotaOp>,
}

/// Kafka's types of the quota keys, for validation.
#[derive(Clone, Copy)]
enum KeyType {
    Long,
    Double,
}

fn key_type(key: &str) -> Option<KeyType> {
    match key {
        PRODUCER_BYTE_RATE | CONSUMER_BYTE_RATE => Some(KeyType::Long),
        REQUEST_PERCENTAGE | CONTROLLER_MUTATION_RATE => Some(KeyType::Double),
        _ => None,
    }
}

/// An entity as Kafka's `ClientQuotaEntity.toString` prints it in messages.
fn entity_text(entity: &QuotaEntity) -> String {
    let parts: Vec<String> = entity
        .iter()
        .map(|(t, n)| format!("{t}={}", n.as_deref().unwrap_or("null")))
        .collect();
    format!("ClientQuotaEntity(entries={{{}}})", parts.join(", "))
}

/// Each alteration's outcome (in request order, `None` succeeded) and the records of those
/// that succeeded. Entries are independent, as in Kafka.
pub fn alter(
    image: &Image,
    alterations: &[QuotaAlteration],
) -> (Vec<MetadataRecord>, Vec<Option<(ErrorCode, String)>>) {
    let mut records = Vec::new();
    let mut outcomes = Vec::with_capacity(alterations.len());
    let mut seen: Vec<QuotaEntity> = Vec::new();
    for alteration in alterations {
        let mut sorted = alteration.entity.clone();
        sorted.sort();
        let outcome = if seen.contains(&sorted) {
            Err(format!(
                "Ignoring duplicate entity {}",
                entity_text(&alteration.entity)
            ))
        } else {
            seen.push(sorted);
            alter_entity(image, alteration)
        };
        match outcome {
            Ok(mut new) => {
                records.append(&mut new);
                outcomes.push(None);
            }
            Err(message) => outcomes.push(Some((ErrorCode::InvalidRequest, message))),
        }
    }
    (records, outcomes)
}

fn alter_entity(
    image: &Image,
    alteration: &QuotaAlteration,
) -> Result<Vec<MetadataRecord>, String> {
    let entity = validate_entity(&alteration.entity)?;
    let mut ops: BTreeMap<&str, Option<f64>> = BTreeMap::new();
    for op in &alteration.ops {
        if ops.insert(&op.key, op.value.map(|v| v.0)).is_some() {
            // Kafka records the duplicate key's error and then replaces it with this one.
            return Err(format!(
                "Ignoring duplicate entity {}",
                entity_text(&alteration.entity)
            ));
        }
    }
    let current = image.client_quotas().get(&entity);
    let mut records = Vec::new();
    for (key, value) in ops {
        let existing = current.and_then(|c| c.get(key));
        match value {
            None => {
                if existing.is_some() {
                    records.push(MetadataRecord::ClientQuota {
                        entity: entity.clone(),
                        key: key.to_string(),
                        value: None,
                    });
                }
            }
            Some(value) => {
                validate_value(key, value)?;
                if existing != Some(&QuotaValue(value)) {
                    records.push(MetadataRecord::ClientQuota {
                        entity: entity.clone(),
                        key: key.to_string(),
                        value: Some(QuotaValue(value)),
                    });
                }
            }
        }
    }
    Ok(records)
}

/// The entity sorted by type, or Kafka's refusal.
fn validate_entity(entity: &QuotaEntity) -> Result<QuotaEntity, String> {
    if entity.is_empty() {
        return Err("Invalid empty client quota entity".into());
    }
    let mut out: QuotaEntity = Vec::new();
    for (entity_type, name) in entity {
        if out.iter().any(|(t, _)| t == entity_type) {
            return Err(format!(
                "Invalid client quota entity, duplicate entity entry {entity_type}"
            ));
        }
        if entity_type != USER && entity_type != CLIENT_ID {
            // Kafka also takes `ip` (connection_creation_rate); this broker does not enforce
            // IP quotas, so it refuses the entity rather than keep a quota it ignores.
            return Err(format!("Unhandled client quota entity type: {entity_type}"));
        }
        if name.as_deref() == Some("") {
            return Err(format!("Empty {entity_type} not supported"));
        }
        out.push((entity_type.clone(), name.clone()));
    }
    out.sort();
    Ok(out)
}

fn validate_value(key: &str, value: f64) -> Result<(), String> {
    let Some(key_type) = key_type(key) else {
        return Err(format!("Invalid configuration key {key}"));
    };
    // NaN is refused too.
    if value.is_nan() || value <= 0.0 {
        return Err(format!("Quota {key} must be greater than 0"));
    }
    match key_type {
        KeyType::Double => Ok(()),
        KeyType::Long => {
            if value > i64::MAX as f64 {
                return Err(format!("Proposed value for {key} is too large for a LONG."));
            }
            if (value % 1.0).abs() > 1e-6 {
                return Err(format!("{key} cannot be a fractional value."));
            }
            Ok(())
        }
    }
}

/// Which sensor a connection's usage counts in (Kafka's quota metric tags): (user, client-id),
/// empty where the applying quota does not distinguish it.
pub type SensorTags = (String, String);

/// The quota `key` that applies to `user` (the principal's name) with `client_id`, and the
/// sensor it is measured in, with Kafka's precedence (`DefaultQuotaCallback`):
/// user+client-id, user+default client-id, user, default user+client-id, default user+default
/// client-id, default user, client-id, default client-id. `None`: not throttled.
pub fn resolve(
    quotas: &ClientQuotas,
    key: &str,
    user: &str,
    client_id: &str,
) -> Option<(f64, SensorTags)> {
    let get = |entity: &[(&str, Option<&str>)]| -> Option<f64> {
        let entity: QuotaEntity = entity
            .iter()
            .map(|(t, n)| (t.to_string(), n.map(str::to_string)))
            .collect();
        quotas.get(&entity)?.get(key).map(|v| v.0)
    };
    #[derive(Clone, Copy)]
    enum Tags {
        UserAndClient,
        User,
        Client,
    }
    // Sorted entity order: client-id before user.
    type Entity<'a> = &'a [(&'a str, Option<&'a str>)];
    let levels: [(Entity, Tags); 8] = [
        (
            &[(CLIENT_ID, Some(client_id)), (USER, Some(user))],
            Tags::UserAndClient,
        ),
        (
            &[(CLIENT_ID, None), (USER, Some(user))],
            Tags::UserAndClient,
        ),
        (&[(USER, Some(user))], Tags::User),
        (
            &[(CLIENT_ID, Some(client_id)), (USER, None)],
            Tags::UserAndClient,
        ),
        (&[(CLIENT_ID, None), (USER, None)], Tags::UserAndClient),
        (&[(USER, None)], Tags::User),
        (&[(CLIENT_ID, Some(client_id))], Tags::Client),
        (&[(CLIENT_ID, None)], Tags::Client),
    ];
    let (quota, tags) = levels
        .iter()
        .find_map(|(entity, tags)| get(entity).map(|q| (q, *tags)))?;
    let tags = match tags {
        Tags::UserAndClient => (user.to_string(), client_id.to_string()),
        Tags::User => (user.to_string(), String::new()),
        Tags::Client => (String::new(), client_id.to_string()),
    };
    Some((quota, tags))
}

#[cfg(test)]
mod tests;
