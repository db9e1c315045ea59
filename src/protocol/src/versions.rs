//! The API versions Sluice advertises in ApiVersions and really implements.
//!
//! The ranges follow ../shared/reference/clients.md: each real client must pick versions that
//! work. `accept_min` can be above `advertise_min` where old clients need to *see* a version
//! to enable a feature (librdkafka enables gzip/snappy only if Produce 0 is advertised), while
//! Kafka 4.x itself rejects those versions when sent.

use kafka_protocol::messages::ApiKey;

#[derive(Clone, Copy, Debug)]
pub struct ApiRange {
    pub key: ApiKey,
    /// Lowest version shown in ApiVersions.
    pub advertise_min: i16,
    /// Lowest version actually handled; lower ones get UNSUPPORTED_VERSION.
    pub accept_min: i16,
    pub max: i16,
}

const fn range(key: ApiKey, min: i16, max: i16) -> ApiRange {
    ApiRange {
        key,
        advertise_min: min,
        accept_min: min,
        max,
    }
}

/// Every API Sluice implements, with its versions.
pub const SUPPORTED: &[ApiRange] = &[
    // Produce v0-2 are advertised for librdkafka builds before 2.11.1 and rejected when sent,
    // as Kafka 4.x does. v12 is transactions version 2 (KIP-890 part 2: the leader adds the
    // partition to the transaction); v13 (topic ids, KIP-516) is not implemented.
    ApiRange {
        key: ApiKey::Produce,
        advertise_min: 0,
        accept_min: 3,
        max: 12,
    },
    range(ApiKey::Fetch, 4, 17),
    range(ApiKey::ListOffsets, 1, 9),
    range(ApiKey::Metadata, 0, 12),
    range(ApiKey::ApiVersions, 0, 4),
    range(ApiKey::CreateTopics, 2, 7),
    range(ApiKey::DeleteTopics, 1, 6),
    range(ApiKey::DeleteRecords, 0, 2),
    range(ApiKey::InitProducerId, 0, 5),
    range(ApiKey::OffsetForLeaderEpoch, 2, 4),
    range(ApiKey::DescribeConfigs, 1, 4),
    range(ApiKey::AlterConfigs, 0, 2),
    range(ApiKey::CreatePartitions, 0, 3),
    // Preferred and unclean elections by the active controller (kafka-leader-election).
    range(ApiKey::ElectLeaders, 0, 2),
    // KIP-455 reassignments by the active controller (kafka-reassign-partitions); v1 is
    // KIP-860's allow_replication_factor_change.
    range(ApiKey::AlterPartitionReassignments, 0, 1),
    range(ApiKey::ListPartitionReassignments, 0, 0),
    // This broker's log directory and the replicas in it (kafka-log-dirs --describe).
    range(ApiKey::DescribeLogDirs, 1, 4),
    range(ApiKey::IncrementalAlterConfigs, 0, 1),
    range(ApiKey::DescribeCluster, 0, 1),
    range(ApiKey::DescribeQuorum, 0, 2),
    // KIP-853: a dynamic quorum's voters (kafka-metadata-quorum add-controller/remove-controller).
    range(ApiKey::AddRaftVoter, 0, 0),
    range(ApiKey::RemoveRaftVoter, 0, 0),
    // v2 (KIP-1022's "no per-feature results on a top-level error") is not answered yet.
    range(ApiKey::UpdateFeatures, 0, 1),
    range(ApiKey::DescribeProducers, 0, 0),
    // Transactions (KIP-98); EndTxn v5, TxnOffsetCommit v5 and Produce v12 are transactions
    // version 2 (KIP-890 part 2), which Java 4.x clients use when `transaction.version` is 2.
    range(ApiKey::AddPartitionsToTxn, 0, 5),
    range(ApiKey::AddOffsetsToTxn, 0, 4),
    range(ApiKey::EndTxn, 0, 5),
    range(ApiKey::TxnOffsetCommit, 0, 5),
    range(ApiKey::DescribeTransactions, 0, 0),
    range(ApiKey::ListTransactions, 0, 1),
    // Between brokers (a coordinator's markers) and from `kafka-transactions abort`.
    range(ApiKey::WriteTxnMarkers, 1, 1),
    range(ApiKey::DescribeTopicPartitions, 0, 0),
    // ACLs in the metadata log (kafka-acls); SECURITY_DISABLED without an authorizer.
    range(ApiKey::DescribeAcls, 1, 3),
    range(ApiKey::CreateAcls, 1, 3),
    range(ApiKey::DeleteAcls, 1, 3),
    range(ApiKey::FindCoordinator, 0, 6),
    range(ApiKey::JoinGroup, 0, 9),
    range(ApiKey::SyncGroup, 0, 5),
    range(ApiKey::Heartbeat, 0, 4),
    range(ApiKey::LeaveGroup, 0, 5),
    range(ApiKey::OffsetCommit, 2, 9),
    range(ApiKey::OffsetFetch, 1, 9),
    range(ApiKey::ListGroups, 0, 5),
    range(ApiKey::DescribeGroups, 0, 6),
    range(ApiKey::DeleteGroups, 0, 2),
    range(ApiKey::OffsetDelete, 0, 0),
    range(ApiKey::ConsumerGroupHeartbeat, 0, 1),
    range(ApiKey::ConsumerGroupDescribe, 0, 1),
    // SASL (network::sasl on SASL listeners; elsewhere ILLEGAL_SASL_STATE). SaslHandshake v0,
    // whose tokens then travel without Kafka framing, is advertised (librdkafka enables SASL
    // only if v0 is listed) but not handled: clients since Kafka 1.0 send v1 and
    // SaslAuthenticate.
    ApiRange {
        key: ApiKey::SaslHandshake,
        advertise_min: 0,
        accept_min: 1,
        max: 1,
    },
    range(ApiKey::SaslAuthenticate, 0, 2),
    // SCRAM credentials: described from this broker's image, altered through the controller.
    range(ApiKey::DescribeUserScramCredentials, 0, 0),
    range(ApiKey::AlterUserScramCredentials, 0, 0),
    // Client quotas: described from this broker's image, altered through the controller.
    range(ApiKey::DescribeClientQuotas, 0, 1),
    range(ApiKey::AlterClientQuotas, 0, 1),
];

pub fn range_of(key: ApiKey) -> Option<&'static ApiRange> {
    SUPPORTED.iter().find(|r| r.key == key)
}

/// Whether a request of this key and version is handled.
pub fn is_accepted(key: ApiKey, version: i16) -> bool {
    range_of(key).is_some_and(|r| version >= r.accept_min && version <= r.max)
}

/// The listener a connection came in on. Kafka serves a different set of APIs on each (the
/// `"listeners"` of its request schemas): a client listener serves `SUPPORTED`, the CONTROLLER
/// listener only `CONTROLLER_APIS`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Listener {
    /// A client listener (`listeners` minus `controller.listener.names`).
    Broker,
    /// The CONTROLLER listener (`kafka-metadata-quorum --bootstrap-controller`), shard 0.
    Controller,
}

/// The APIs served on the CONTROLLER listener, at the versions `SUPPORTED` gives them: those
/// Kafka's controllers answer there (schemas listing "controller", handled by Kafka's
/// `ControllerApis`) that Sluice implements. Kafka's raft RPCs (Vote, Fetch of
/// `__cluster_metadata`, ...) are Sluice's own protocol on that listener (`runtime::raft_net`),
/// and Fetch here would mean the metadata log, so it is not served. An API that is not listed
/// closes the connection, as Kafka's SocketServer does for an API not enabled on a listener.
/// Adding an API (in `SUPPORTED` and handled) is one line here.
pub const CONTROLLER_APIS: &[ApiKey] = &[
    ApiKey::ApiVersions,
    ApiKey::DescribeCluster,
    ApiKey::DescribeQuorum,
    ApiKey::UpdateFeatures,
    ApiKey::CreateTopics,
    ApiKey::DeleteTopics,
    ApiKey::CreatePartitions,
    ApiKey::ElectLeaders,
    ApiKey::AlterPartitionReassignments,
    ApiKey::ListPartitionReassignments,
    ApiKey::DescribeConfigs,
    ApiKey::AlterConfigs,
    ApiKey::IncrementalAlterConfigs,
    ApiKey::AddRaftVoter,
    ApiKey::RemoveRaftVoter,
    ApiKey::DescribeAcls,
    ApiKey::CreateAcls,
    ApiKey::DeleteAcls,
    ApiKey::AlterUserScramCredentials,
    ApiKey::AlterClientQuotas,
    // A SASL controller listener authenticates Kafka clients as a client listener does
    // (`network::sasl`); elsewhere they answer ILLEGAL_SASL_STATE, as on a client listener.
    ApiKey::SaslHandshake,
    ApiKey::SaslAuthenticate,
];

impl Listener {
    /// Whether requests of `key` are served on this listener.
    pub fn serves(self, key: ApiKey) -> bool {
        match self {
            Listener::Broker => true,
            Listener::Controller => CONTROLLER_APIS.contains(&key),
        }
    }

    /// What ApiVersions advertises on this listener.
    pub fn apis(self) -> impl Iterator<Item = &'static ApiRange> {
        SUPPORTED.iter().filter(move |r| self.serves(r.key))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_range_is_decodable_by_kafka_protocol() {
        for r in SUPPORTED {
            let lib = r.key.valid_versions();
            assert!(
                r.accept_min >= lib.min,
                "{:?} accepts below library min",
                r.key
            );
            assert!(r.max <= lib.max, "{:?} above library max", r.key);
            assert!(r.advertise_min <= r.accept_min);
        }
    }

    #[test]
    fn client_floors_from_reference_are_met() {
        // clients.md: librdkafka needs Produce to contain 3 and 7, Fetch 4 and 10,
        // ListOffsets 1; KafkaJS sends Produce 7, Fetch 11, Metadata 6, ListOffsets 3.
        for (key, v) in [
            (ApiKey::Produce, 3),
            (ApiKey::Produce, 7),
            (ApiKey::Fetch, 4),
            (ApiKey::Fetch, 10),
            (ApiKey::Fetch, 11),
            (ApiKey::ListOffsets, 1),
            (ApiKey::ListOffsets, 3),
            (ApiKey::Metadata, 1),
            (ApiKey::Metadata, 6),
            (ApiKey::OffsetForLeaderEpoch, 2),
            (ApiKey::OffsetForLeaderEpoch, 3),
            (ApiKey::DescribeConfigs, 1),
            (ApiKey::CreateTopics, 3),
            (ApiKey::DeleteTopics, 1),
            (ApiKey::InitProducerId, 1),
        ] {
            assert!(is_accepted(key, v), "{key:?} v{v}");
        }
        assert!(!is_accepted(ApiKey::Produce, 2));
        assert_eq!(range_of(ApiKey::Produce).unwrap().advertise_min, 0);
    }

    #[test]
    fn the_controller_listener_serves_only_implemented_controller_apis() {
        for key in CONTROLLER_APIS {
            assert!(range_of(*key).is_some(), "{key:?} is not implemented");
        }
        let advertised: Vec<ApiKey> = Listener::Controller.apis().map(|r| r.key).collect();
        assert_eq!(advertised.len(), CONTROLLER_APIS.len());
        assert!(!Listener::Controller.serves(ApiKey::Produce));
        assert!(!Listener::Controller.serves(ApiKey::Fetch));
        assert!(!Listener::Controller.serves(ApiKey::Metadata));
        assert_eq!(Listener::Broker.apis().count(), SUPPORTED.len());
    }
}
