//! Feature flags as Kafka's KRaft keeps them (KIP-584, KIP-778): what this broker supports,
//! what the cluster has finalized (`FeatureLevel` records), and the controller's rules for
//! UpdateFeatures.
//!
//! Sluice supports `metadata.version` 3.3-IV3 (level 7) to 4.3-IV0 (level 30), the range of
//! Kafka 4.3; a cluster that never changed it runs at 30 (Kafka's bootstrap default,
//! `MetadataVersion.LATEST_PRODUCTION`). Sluice's own records do not change with it: it is
//! kept so Kafka's tools and clients see the level they expect, and may only go up, as in Kafka
//! 4.x. `group.version` is 1 (the KIP-848 consumer protocol, which Sluice always runs).
//! `kraft.version` is 0 for a static quorum (`controller.quorum.voters`) and 1 for a dynamic
//! one (KIP-853: formatted with `--standalone` / `--initial-controllers`, where controllers are
//! added and removed with AddRaftVoter / RemoveRaftVoter); a static quorum may be upgraded to 1,
//! never back. `eligible.leader.replicas.version` 1 (KIP-966, on by default as in Kafka 4.1
//! for new clusters) makes the controller keep eligible leader replicas (`crate::replication`);
//! 0 turns them off. `transaction.version` (KIP-890) is 2 on new clusters as Kafka 4.x
//! bootstraps it: Java 4.x producers then end each transaction with EndTxn v5 (an epoch bump
//! per transaction) and let partition leaders add partitions implicitly; at 1 or 0 they use
//! transactions version 1. At 1 and above `__transaction_state` values are written in
//! Kafka's flexible `TransactionLogValue` v1, at 0 in v0 (`txn::value_version`).

use crate::controller::ControllerError;
use crate::image::Image;
use crate::record::MetadataRecord;
use model::{ErrorCode, NodeId};

pub const METADATA_VERSION: &str = "metadata.version";
pub const GROUP_VERSION: &str = "group.version";
pub const KRAFT_VERSION: &str = "kraft.version";
pub const TRANSACTION_VERSION: &str = "transaction.version";

/// `metadata.version` levels: 3.3-IV3 and 4.3-IV0.
pub const METADATA_VERSION_MIN: i16 = 7;
pub const METADATA_VERSION_LATEST: i16 = 30;

/// A feature this broker supports, with its level range and the level a cluster has before
/// any UpdateFeatures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SupportedFeature {
    pub name: &'static str,
    pub min: i16,
    pub max: i16,
    pub default_level: i16,
}

pub const SUPPORTED: &[SupportedFeature] = &[
    // KIP-966 (Kafka 4.1): eligible leader replicas, on in new clusters.
    SupportedFeature {
        name: crate::replication::ELIGIBLE_LEADER_REPLICAS_VERSION,
        min: 0,
        max: 1,
        default_level: 1,
    },
    SupportedFeature {
        name: GROUP_VERSION,
        min: 1,
        max: 1,
        default_level: 1,
    },
    SupportedFeature {
        name: KRAFT_VERSION,
        min: 0,
        max: 1,
        default_level: 0,
    },
    SupportedFeature {
        name: METADATA_VERSION,
        min: METADATA_VERSION_MIN,
        max: METADATA_VERSION_LATEST,
        default_level: METADATA_VERSION_LATEST,
    },
    // KIP-890 part 2 (Kafka 4.0): transactions version 2 on new clusters.
    SupportedFeature {
        name: TRANSACTION_VERSION,
        min: 0,
        max: 2,
        default_level: 2,
    },
];

/// The supported feature named `name`.
fn supported(name: &str) -> Option<&'static SupportedFeature> {
    SUPPORTED.iter().find(|f| f.name == name)
}

/// The finalized level of every feature above 0: recorded levels over the defaults. Kafka lists
/// only features at a level above 0.
pub fn finalized(image: &Image) -> Vec<(String, i16)> {
    let mut levels: std::collections::BTreeMap<String, i16> = SUPPORTED
        .iter()
        .map(|f| (f.name.to_string(), f.default_level))
        .collect();
    for (name, level) in image.features() {
        levels.insert(name.clone(), *level);
    }
    levels.into_iter().filter(|(_, level)| *level > 0).collect()
}

/// The finalized level of `name` (its default when never recorded).
pub fn level(image: &Image, name: &str) -> i16 {
    match image.features().get(name) {
        Some(level) => *level,
        None => supported(name).map_or(0, |f| f.default_level),
    }
}

/// How an update may move a level (UpdateFeatures v1's `upgrade_type`; v0's
/// `allow_downgrade` maps to `Upgrade` or `SafeDowngrade`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UpgradeType {
    Upgrade,
    SafeDowngrade,
    UnsafeDowngrade,
}

impl UpgradeType {
    /// Kafka's wire value (1, 2, 3).
    pub fn to_wire(self) -> i8 {
        match self {
            UpgradeType::Upgrade => 1,
            UpgradeType::SafeDowngrade => 2,
            UpgradeType::UnsafeDowngrade => 3,
        }
    }

    /// From Kafka's wire value.
    pub fn from_wire(value: i8) -> Option<UpgradeType> {
        match value {
            1 => Some(UpgradeType::Upgrade),
            2 => Some(UpgradeType::SafeDowngrade),
            3 => Some(UpgradeType::UnsafeDowngrade),
            _ => None,
        }
    }
}

/// One requested change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FeatureUpdate {
    pub name: String,
    pub level: i16,
    pub upgrade_type: UpgradeType,
}

/// The records for `updates`, all or nothing: the error of each refused update (by name) when
/// any is refused.
pub fn update(
    image: &Image,
    updates: &[FeatureUpdate],
    controller: NodeId,
) -> Result<Vec<MetadataRecord>, Vec<(String, ControllerError)>> {
    let mut records = Vec::new();
    let mut errors = Vec::new();
    for u in updates {
        match check(image, u, controller) {
            Ok(Some(record)) => records.push(record),
            Ok(None) => {}
            Err(e) => errors.push((u.name.clone(), e)),
        }
    }
    if errors.is_empty() {
        Ok(records)
    } else {
        Err(errors)
    }
}

fn invalid(u: &FeatureUpdate, why: &str) -> ControllerError {
    ControllerError::new(
        ErrorCode::InvalidUpdateVersion,
        format!(
            "Invalid update version {} for feature {}. {why}",
            u.level, u.name
        ),
    )
}

fn check(
    image: &Image,
    u: &FeatureUpdate,
    controller: NodeId,
) -> Result<Option<MetadataRecord>, ControllerError> {
    let Some(feature) = supported(&u.name) else {
        return Err(invalid(
            u,
            &format!(
                "Local controller {} does not support this feature.",
                controller.0
            ),
        ));
    };
    let current = level(image, &u.name);
    if u.level == current {
        return Ok(None);
    }
    if u.level < feature.min || u.level > feature.max {
        return Err(invalid(
            u,
            &format!(
                "Local controller {} only supports versions {}-{}",
                controller.0, feature.min, feature.max
            ),
        ));
    }
    if u.level < current {
        if u.upgrade_type == UpgradeType::Upgrade {
            return Err(invalid(
                u,
                "Can't downgrade the version of this feature without setting the upgrade type to either safe or unsafe downgrade.",
            ));
        }
        if u.name == KRAFT_VERSION {
            return Err(ControllerError::new(
                ErrorCode::InvalidUpdateVersion,
                format!(
                    "Unsupported kraft.version downgrade from {current} to {}: a quorum that may change its voters cannot go back to a static one.",
                    u.level
                ),
            ));
        }
        if u.name == METADATA_VERSION {
            return Err(ControllerError::new(
                ErrorCode::InvalidUpdateVersion,
                format!(
                    "Unsupported metadata.version downgrade from {current} to {}. Refusing to perform the requested downgrade because it might delete metadata information.",
                    u.level
                ),
            ));
        }
    }
    Ok(Some(MetadataRecord::FeatureLevel {
        name: u.name.clone(),
        level: u.level,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn up(name: &str, level: i16, upgrade_type: UpgradeType) -> FeatureUpdate {
        FeatureUpdate {
            name: name.into(),
            level,
            upgrade_type,
        }
    }

    #[test]
    fn defaults_are_finalized_until_changed() {
        let mut image = Image::default();
        assert_eq!(
            finalized(&image),
            [
                (
                    crate::replication::ELIGIBLE_LEADER_REPLICAS_VERSION.to_string(),
                    1
                ),
                (GROUP_VERSION.to_string(), 1),
                (METADATA_VERSION.to_string(), 30),
                (TRANSACTION_VERSION.to_string(), 2)
            ]
        );
        image.apply_batch(
            1,
            1,
            &[MetadataRecord::FeatureLevel {
                name: METADATA_VERSION.into(),
                level: 21,
            }],
        );
        assert_eq!(level(&image, METADATA_VERSION), 21);
    }

    #[test]
    fn updates_follow_kafkas_rules() {
        let mut image = Image::default();
        image.apply_batch(
            1,
            1,
            &[MetadataRecord::FeatureLevel {
                name: METADATA_VERSION.into(),
                level: 20,
            }],
        );
        // Up within the range: one record; the same level: nothing to do.
        let records = update(
            &image,
            &[up(METADATA_VERSION, 30, UpgradeType::Upgrade)],
            NodeId(1),
        )
        .unwrap();
        assert_eq!(
            records,
            [MetadataRecord::FeatureLevel {
                name: METADATA_VERSION.into(),
                level: 30
            }]
        );
        assert!(update(
            &image,
            &[up(METADATA_VERSION, 20, UpgradeType::Upgrade)],
            NodeId(1)
        )
        .unwrap()
        .is_empty());
        let refused = |u: FeatureUpdate| {
            let errors = update(&image, &[u], NodeId(1)).unwrap_err();
            assert_eq!(errors[0].1.code, ErrorCode::InvalidUpdateVersion);
            errors[0].1.message.clone()
        };
        assert!(refused(up(METADATA_VERSION, 31, UpgradeType::Upgrade))
            .contains("supports versions 7-30"));
        assert!(refused(up(METADATA_VERSION, 10, UpgradeType::Upgrade)).contains("without setting"));
        assert!(
            refused(up(METADATA_VERSION, 10, UpgradeType::SafeDowngrade))
                .contains("downgrade from 20 to 10. Refusing")
        );
        assert!(refused(up("foo.version", 1, UpgradeType::Upgrade))
            .contains("Local controller 1 does not support this feature."));
        assert!(refused(up(GROUP_VERSION, 0, UpgradeType::UnsafeDowngrade)).contains("1-1"));
        // A static quorum may become dynamic (kraft.version 1), never back.
        assert_eq!(
            update(
                &image,
                &[up(KRAFT_VERSION, 1, UpgradeType::Upgrade)],
                NodeId(1)
            )
            .unwrap(),
            [MetadataRecord::FeatureLevel {
                name: KRAFT_VERSION.into(),
                level: 1
            }]
        );
        let mut dynamic = image.clone();
        dynamic.apply(&MetadataRecord::FeatureLevel {
            name: KRAFT_VERSION.into(),
            level: 1,
        });
        let errors = update(
            &dynamic,
            &[up(KRAFT_VERSION, 0, UpgradeType::UnsafeDowngrade)],
            NodeId(1),
        )
        .unwrap_err();
        assert!(errors[0]
            .1
            .message
            .contains("kraft.version downgrade from 1 to 0"));
        // transaction.version goes down and up freely within 0-2.
        for level in [1, 0] {
            assert_eq!(
                update(
                    &image,
                    &[up(TRANSACTION_VERSION, level, UpgradeType::SafeDowngrade)],
                    NodeId(1)
                )
                .unwrap()
                .len(),
                1
            );
        }
        assert!(refused(up(TRANSACTION_VERSION, 3, UpgradeType::Upgrade)).contains("0-2"));
        // All or nothing.
        let mixed = update(
            &image,
            &[
                up(METADATA_VERSION, 30, UpgradeType::Upgrade),
                up(KRAFT_VERSION, 2, UpgradeType::Upgrade),
            ],
            NodeId(1),
        );
        assert_eq!(mixed.unwrap_err().len(), 1);
    }
}
