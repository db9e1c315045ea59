use super::*;
use crate::record::ConfigResource;
use model::{LeaderEpoch, ShardId};

use crate::layout;
use crate::record::tests::Rng;

fn registration() -> MetadataRecord {
    let registration = record::tests::every_record().remove(0);
    assert_eq!(registration.type_name(), "RegisterBroker");
    registration
}

fn raft_message() -> eraftpb::Message {
    let entry = eraftpb::Entry {
        term: 3,
        index: 8,
        data: record::encode_batch(&[registration()]),
        ..Default::default()
    };
    let mut message = eraftpb::Message {
        from: 1,
        to: 2,
        term: 3,
        log_term: 3,
        index: 7,
        commit: 6,
        entries: vec![entry].into(),
        ..Default::default()
    };
    message.set_msg_type(eraftpb::MessageType::MsgAppend);
    message
}

/// Every controller request, with its optional parts both present and absent.
fn every_request() -> Vec<ControllerRequest> {
    vec![
        ControllerRequest::CreateTopic {
            name: "orders".into(),
            partitions: 3,
            replication_factor: 1,
            configs: BTreeMap::from([
                ("retention.ms".into(), "10".into()),
                ("cleanup.policy".into(), String::new()),
            ]),
            validate_only: true,
            assignments: vec![],
        },
        ControllerRequest::CreateTopic {
            name: String::new(),
            partitions: -1,
            replication_factor: -1,
            configs: BTreeMap::new(),
            validate_only: false,
            assignments: vec![],
        },
        ControllerRequest::DeleteTopic {
            id: TopicId([7; 16]),
        },
        ControllerRequest::CreatePartitions {
            topic: "orders".into(),
            total: 6,
            validate_only: false,
            assignments: vec![],
        },
        ControllerRequest::UpdateFeatures {
            updates: vec![
                crate::features::FeatureUpdate {
                    name: "metadata.version".into(),
                    level: 30,
                    upgrade_type: crate::features::UpgradeType::Upgrade,
                },
                crate::features::FeatureUpdate {
                    name: "group.version".into(),
                    level: 0,
                    upgrade_type: crate::features::UpgradeType::UnsafeDowngrade,
                },
            ],
            validate_only: true,
        },
        ControllerRequest::AlterConfigs {
            resource: ConfigResource::Broker(None),
            set: BTreeMap::from([("a".into(), None), ("b".into(), Some("1".into()))]),
            validate_only: false,
        },
        ControllerRequest::AlterConfigs {
            resource: ConfigResource::Broker(Some(NodeId(0))),
            set: BTreeMap::new(),
            validate_only: true,
        },
        ControllerRequest::AlterConfigs {
            resource: ConfigResource::Topic("orders".into()),
            set: BTreeMap::from([("retention.ms".into(), Some("5".into()))]),
            validate_only: false,
        },
        ControllerRequest::AlterConfigs {
            resource: ConfigResource::Group("g".into()),
            set: BTreeMap::from([("consumer.session.timeout.ms".into(), None)]),
            validate_only: false,
        },
        ControllerRequest::AllocateProducerIds,
        ControllerRequest::RegisterBroker {
            record: registration(),
        },
        ControllerRequest::DescribeQuorum,
        ControllerRequest::AddRaftVoter {
            node_id: NodeId(3),
            directory_id: [9; 16],
            listeners: vec![crate::BrokerEndpoint {
                name: "CONTROLLER".into(),
                host: "127.0.0.14".into(),
                port: 19093,
                security_protocol: 0,
            }],
            timeout_ms: 30_000,
        },
        ControllerRequest::RemoveRaftVoter {
            node_id: NodeId(0),
            directory_id: [0; 16],
        },
        // Replication (appended: the seeds before keep their numbers).
        ControllerRequest::CreateTopic {
            name: "assigned".into(),
            partitions: -1,
            replication_factor: -1,
            configs: BTreeMap::new(),
            validate_only: false,
            assignments: vec![vec![NodeId(1), NodeId(2)], vec![NodeId(2), NodeId(1)]],
        },
        ControllerRequest::CreatePartitions {
            topic: "assigned".into(),
            total: 3,
            validate_only: true,
            assignments: vec![vec![NodeId(3), NodeId(1)]],
        },
        ControllerRequest::AlterPartition {
            broker_id: NodeId(2),
            broker_epoch: 77,
            topics: vec![
                (
                    TopicId([3; 16]),
                    vec![
                        crate::replication::AlterPartitionItem {
                            partition: 0,
                            leader_epoch: 4,
                            partition_epoch: 9,
                            new_isr: vec![(NodeId(2), 77), (NodeId(1), -1)],
                            leader_recovery_state: 0,
                        },
                        crate::replication::AlterPartitionItem {
                            partition: 5,
                            leader_epoch: 0,
                            partition_epoch: 0,
                            new_isr: vec![],
                            leader_recovery_state: 1,
                        },
                    ],
                ),
                (TopicId([4; 16]), vec![]),
            ],
        },
        ControllerRequest::ControlledShutdown {
            broker_id: NodeId(3),
            broker_epoch: 12,
        },
        ControllerRequest::ElectLeaders {
            election: crate::replication::ElectionType::Preferred,
            partitions: None,
        },
        ControllerRequest::ElectLeaders {
            election: crate::replication::ElectionType::Unclean,
            partitions: Some(vec![("orders".into(), vec![0, 2]), ("x".into(), vec![])]),
        },
        ControllerRequest::AlterPartitionReassignments {
            partitions: vec![
                (
                    "orders".into(),
                    vec![(0, Some(vec![NodeId(1), NodeId(4)])), (1, None)],
                ),
                ("x".into(), vec![]),
            ],
            allow_replication_factor_change: false,
        },
        ControllerRequest::CreateAcls {
            acls: vec![crate::acl::AclBinding {
                resource_type: crate::acl::ResourceType::Group,
                resource_name: "g".into(),
                pattern_type: crate::acl::PatternType::Literal,
                principal: "User:*".into(),
                host: "10.0.0.1".into(),
                operation: crate::acl::AclOperation::Read,
                permission: crate::acl::Permission::Deny,
            }],
        },
        ControllerRequest::DeleteAcls {
            filters: vec![crate::acl::AclFilter {
                resource_type: 1,
                resource_name: Some("t".into()),
                pattern_type: 2,
                principal: None,
                host: Some("*".into()),
                operation: 1,
                permission: 3,
            }],
        },
        ControllerRequest::AlterUserScramCredentials {
            deletions: vec![("bob".into(), 1)],
            upsertions: vec![crate::scram::ScramUpsertion {
                name: "alice".into(),
                mechanism: 2,
                credential: crate::ScramCredentialData {
                    salt: vec![1, 2],
                    stored_key: vec![3; 64],
                    server_key: vec![4; 64],
                    iterations: 8192,
                },
            }],
        },
        ControllerRequest::AlterClientQuotas {
            alterations: vec![crate::quotas::QuotaAlteration {
                entity: vec![
                    ("client-id".into(), None),
                    ("user".into(), Some("bob".into())),
                ],
                ops: vec![
                    crate::quotas::QuotaOp {
                        key: "producer_byte_rate".into(),
                        value: Some(crate::quotas::QuotaValue(1024.0)),
                    },
                    crate::quotas::QuotaOp {
                        key: "request_percentage".into(),
                        value: None,
                    },
                ],
            }],
            validate_only: true,
        },
    ]
}

/// Every result a controller answers with.
fn every_result() -> Vec<Result<ControllerReply, ControllerError>> {
    let id = TopicId([1; 16]);
    vec![
        Ok(ControllerReply::default()),
        Ok(ControllerReply {
            index: 9,
            records: vec![
                MetadataRecord::Topic {
                    name: "orders".into(),
                    id,
                },
                MetadataRecord::Partition {
                    topic_id: id,
                    partition: 0,
                    leader: NodeId(1),
                    leader_epoch: LeaderEpoch(0),
                    replicas: vec![NodeId(1)],
                    isr: vec![NodeId(1)],
                    shard: ShardId(2),
                    partition_epoch: 0,
                    shards: vec![],
                    elr: vec![],
                    last_known_elr: vec![],
                    leader_recovery_state: 0,
                    adding_replicas: vec![],
                    removing_replicas: vec![],
                },
            ],
            producer_ids: None,
            alter_partition: None,
            elections: None,
            may_shut_down: None,
            reassignments: None,
            scram_users: None,
            client_quotas: None,
            quorum: None,
        }),
        Ok(ControllerReply {
            index: 10,
            records: vec![MetadataRecord::ProducerIds {
                broker: NodeId(1),
                first_producer_id: 1000,
                block_size: 1000,
            }],
            producer_ids: Some((1000, 1000)),
            alter_partition: None,
            elections: None,
            may_shut_down: None,
            reassignments: None,
            scram_users: None,
            client_quotas: None,
            quorum: None,
        }),
        Ok(ControllerReply {
            index: 11,
            records: record::tests::every_record(),
            producer_ids: None,
            alter_partition: None,
            elections: None,
            may_shut_down: None,
            reassignments: None,
            scram_users: None,
            client_quotas: None,
            quorum: None,
        }),
        Ok(ControllerReply {
            index: 9,
            records: Vec::new(),
            producer_ids: None,
            alter_partition: None,
            elections: None,
            may_shut_down: None,
            reassignments: None,
            scram_users: None,
            client_quotas: None,
            quorum: Some(QuorumStatus {
                leader: Some(NodeId(2)),
                term: 3,
                high_watermark: 8,
                log_end: 9,
                voters: vec![
                    ReplicaStatus {
                        node: NodeId(1),
                        log_end: 9,
                        last_contact_ms: 5,
                    },
                    ReplicaStatus {
                        node: NodeId(2),
                        log_end: 0,
                        last_contact_ms: -1,
                    },
                ],
                observers: vec![ReplicaStatus {
                    node: NodeId(0),
                    log_end: 0,
                    last_contact_ms: 0,
                }],
            }),
        }),
        Ok(ControllerReply {
            index: 0,
            records: Vec::new(),
            producer_ids: None,
            alter_partition: None,
            elections: None,
            may_shut_down: None,
            reassignments: None,
            scram_users: None,
            client_quotas: None,
            quorum: Some(QuorumStatus {
                leader: None,
                term: 0,
                high_watermark: 0,
                log_end: 0,
                voters: Vec::new(),
                observers: Vec::new(),
            }),
        }),
        Err(ControllerError::new(ErrorCode::TopicAlreadyExists, "x")),
        Err(ControllerError::new(ErrorCode::NotController, "")),
        Ok(ControllerReply {
            index: 12,
            alter_partition: Some(vec![(
                id,
                vec![
                    (
                        0,
                        Ok(crate::replication::PartitionState {
                            leader: NodeId(2),
                            leader_epoch: 4,
                            partition_epoch: 10,
                            replicas: vec![NodeId(2), NodeId(1)],
                            isr: vec![NodeId(2)],
                            leader_recovery_state: 0,
                        }),
                    ),
                    (1, Err(ErrorCode::IneligibleReplica)),
                ],
            )]),
            elections: Some(vec![
                ("orders".into(), 0, None),
                (
                    "orders".into(),
                    1,
                    Some((ErrorCode::PreferredLeaderNotAvailable, "gone".into())),
                ),
            ]),
            may_shut_down: Some(false),
            reassignments: Some(vec![
                ("orders".into(), 0, None),
                (
                    "orders".into(),
                    1,
                    Some((ErrorCode::NoReassignmentInProgress, "none".into())),
                ),
            ]),
            scram_users: Some(vec![
                ("alice".into(), None),
                (
                    "bob".into(),
                    Some((
                        ErrorCode::UnacceptableCredential,
                        "Too few iterations".into(),
                    )),
                ),
            ]),
            client_quotas: Some(vec![
                None,
                Some((
                    ErrorCode::InvalidRequest,
                    "Invalid configuration key bogus".into(),
                )),
            ]),
            ..Default::default()
        }),
        Err(ControllerError::new(ErrorCode::StaleBrokerEpoch, "stale")),
    ]
}

/// One message of every type, every request and every result included.
fn every_message() -> Vec<PeerMessage> {
    let mut messages = vec![
        PeerMessage::Hello {
            from_raft_id: 3,
            cluster_id: "MkU3OEVBNTcwNTJENDM2Qk".into(),
        },
        PeerMessage::Raft(raft_message()),
        PeerMessage::Raft(eraftpb::Message::default()),
        PeerMessage::Registration {
            record: registration(),
            applied_index: Some(4711),
        },
    ];
    for (id, request) in every_request().into_iter().enumerate() {
        messages.push(PeerMessage::ForwardRequest {
            id: id as u64,
            request,
        });
    }
    for (id, result) in every_result().into_iter().enumerate() {
        messages.push(PeerMessage::ForwardResponse {
            id: u64::MAX - id as u64,
            result,
        });
    }
    // A registration as a writer from before `applied_index` sends it.
    messages.push(PeerMessage::Registration {
        record: registration(),
        applied_index: None,
    });
    messages
}

#[test]
fn every_message_round_trips_as_an_envelope_and_as_a_frame() {
    let mut types = std::collections::BTreeSet::new();
    for message in every_message() {
        types.insert(message.type_name());
        let bytes = message.encode();
        assert_eq!(&bytes[4..8], b"SLRP");
        assert_eq!(PeerMessage::decode(&bytes).as_ref(), Ok(&message));

        let frame = frame(&message);
        let (header, payload) = frame.split_at(FRAME_HEADER_BYTES);
        let header = FrameHeader::parse(header.try_into().unwrap(), FRAME_PAYLOAD_MAX).unwrap();
        assert_eq!(header.len, payload.len());
        assert_eq!(header.decode(payload).as_ref(), Ok(&message));
    }
    assert_eq!(types.len(), 5, "every message type: {types:?}");
}

#[test]
fn every_truncation_is_an_error() {
    for message in every_message() {
        let bytes = message.encode();
        for len in 0..bytes.len() {
            assert!(
                PeerMessage::decode(&bytes[..len]).is_err(),
                "{message:?}: prefix of {len} bytes"
            );
        }
        let frame = frame(&message);
        let header = FrameHeader::parse(frame[..8].try_into().unwrap(), FRAME_PAYLOAD_MAX).unwrap();
        for len in FRAME_HEADER_BYTES..frame.len() {
            assert_eq!(
                header.decode(&frame[FRAME_HEADER_BYTES..len]),
                Err(RpcError::CorruptFrame),
                "{message:?}: frame cut at {len}"
            );
        }
    }
}

#[test]
fn the_preamble_is_the_magic_and_a_hello_frame() {
    let preamble = preamble(2, "cluster");
    let magic: &[u8; 8] = preamble[..8].try_into().unwrap();
    assert_eq!(check_magic(magic), Ok(()));
    let header =
        FrameHeader::parse(preamble[8..16].try_into().unwrap(), HELLO_PAYLOAD_MAX).unwrap();
    assert_eq!(
        header.decode(&preamble[16..]),
        Ok(PeerMessage::Hello {
            from_raft_id: 2,
            cluster_id: "cluster".into()
        })
    );
    assert_eq!(check_magic(b"SLRAFT01"), Err(RpcError::FirstWireFormat));
    // A Kafka client's first bytes: a request size and the ApiVersions key.
    assert_eq!(
        check_magic(&[0, 0, 0, 20, 0, 18, 0, 3]),
        Err(RpcError::BadMagic)
    );
}

#[test]
fn a_lying_frame_length_is_an_error_before_any_read() {
    let mut header = [0u8; FRAME_HEADER_BYTES];
    header[..4].copy_from_slice(&u32::MAX.to_be_bytes());
    assert_eq!(
        FrameHeader::parse(&header, FRAME_PAYLOAD_MAX),
        Err(RpcError::FrameTooLarge {
            len: u32::MAX as usize,
            max: FRAME_PAYLOAD_MAX
        })
    );
    header[..4].copy_from_slice(&(HELLO_PAYLOAD_MAX as u32 + 1).to_be_bytes());
    assert!(FrameHeader::parse(&header, HELLO_PAYLOAD_MAX).is_err());
    assert!(FrameHeader::parse(&header, FRAME_PAYLOAD_MAX).is_ok());
}

#[test]
fn a_corrupt_frame_is_refused() {
    let mut frame = frame(&PeerMessage::Registration {
        record: registration(),
        applied_index: Some(1),
    });
    let header = FrameHeader::parse(frame[..8].try_into().unwrap(), FRAME_PAYLOAD_MAX).unwrap();
    let last = frame.len() - 1;
    frame[last] ^= 1;
    assert_eq!(header.decode(&frame[8..]), Err(RpcError::CorruptFrame));
}

/// The root table of an envelope and its message table.
fn envelope_and_message(bytes: &[u8]) -> (usize, usize) {
    let root = layout::u32_at(bytes, 0);
    // Envelope fields: 0 version, 1 the message's union tag, 2 the message.
    (root, layout::deref(bytes, layout::field(bytes, root, 2)))
}

#[test]
fn unknown_versions_and_union_members_are_named() {
    let bytes = PeerMessage::Hello {
        from_raft_id: 1,
        cluster_id: "c".into(),
    }
    .encode();
    let (root, _) = envelope_and_message(&bytes);
    let version = layout::field(&bytes, root, 0);
    let tag = layout::field(&bytes, root, 1);
    assert_eq!(bytes[version], ENVELOPE_VERSION as u8);
    for unknown in [0, ENVELOPE_VERSION + 1, u16::MAX] {
        let mut b = bytes.clone();
        b[version..version + 2].copy_from_slice(&unknown.to_le_bytes());
        assert_eq!(
            PeerMessage::decode(&b),
            Err(RpcError::UnknownVersion(unknown))
        );
    }
    assert_eq!(bytes[tag], 1, "Hello is the first union member");
    let mut b = bytes.clone();
    b[tag] = 6;
    assert_eq!(
        PeerMessage::decode(&b),
        Err(RpcError::UnknownMessageType(6))
    );

    // ForwardRequest and ForwardResponse fields: 0 id, 1 the union's tag, 2 its value.
    let bytes = PeerMessage::ForwardRequest {
        id: 1,
        request: ControllerRequest::DescribeQuorum,
    }
    .encode();
    let tag = layout::field(&bytes, envelope_and_message(&bytes).1, 1);
    assert_eq!(bytes[tag], 7, "DescribeQuorum is the seventh request");
    let mut b = bytes.clone();
    b[tag] = 200;
    assert_eq!(
        PeerMessage::decode(&b),
        Err(RpcError::UnknownRequestType(200))
    );

    let bytes = PeerMessage::ForwardResponse {
        id: 1,
        result: Err(ControllerError::new(ErrorCode::NotController, "no")),
    }
    .encode();
    let tag = layout::field(&bytes, envelope_and_message(&bytes).1, 1);
    assert_eq!(bytes[tag], 2, "ControllerError is the second result");
    let mut b = bytes.clone();
    b[tag] = 3;
    assert_eq!(PeerMessage::decode(&b), Err(RpcError::UnknownResultType(3)));

    // Registration fields: 0 the record; Record fields: 0 the body's tag.
    let bytes = PeerMessage::Registration {
        record: registration(),
        applied_index: Some(1),
    }
    .encode();
    let record = layout::deref(
        &bytes,
        layout::field(&bytes, envelope_and_message(&bytes).1, 0),
    );
    let tag = layout::field(&bytes, record, 0);
    assert_eq!(bytes[tag], 1, "RegisterBroker is the first record type");
    let mut b = bytes.clone();
    b[tag] = 200;
    assert_eq!(
        PeerMessage::decode(&b),
        Err(RpcError::Record(DecodeError::UnknownRecordType(200)))
    );
}

#[test]
fn other_flatbuffers_are_not_envelopes() {
    let batch = record::encode_batch(&[registration()]);
    assert_eq!(
        PeerMessage::decode(&batch),
        Err(RpcError::NotAnEnvelope(b"SLMB".to_vec()))
    );
    assert_eq!(
        PeerMessage::decode(&[]),
        Err(RpcError::NotAnEnvelope(Vec::new()))
    );
}

#[test]
fn a_lying_length_is_an_error_not_an_allocation() {
    // CreateTopic fields: 0 name, 1 partitions, 2 replication factor, 3 configs.
    let bytes = PeerMessage::ForwardRequest {
        id: 1,
        request: every_request().remove(0),
    }
    .encode();
    let request = layout::deref(
        &bytes,
        layout::field(&bytes, envelope_and_message(&bytes).1, 2),
    );
    let configs = layout::deref(&bytes, layout::field(&bytes, request, 3));
    let name = layout::deref(&bytes, layout::field(&bytes, request, 0));
    for at in [configs, name] {
        let mut b = bytes.clone();
        b[at..at + 4].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(
            matches!(PeerMessage::decode(&b), Err(RpcError::Malformed(_))),
            "{:?}",
            PeerMessage::decode(&b)
        );
    }
}

#[test]
fn shared_records_are_refused_before_they_are_copied() {
    // A reply whose records vector points every element at one large record: honest encoders
    // never share tables, and decoding it would copy that record once per element.
    let mut records = vec![MetadataRecord::Topic {
        name: "t".repeat(1000),
        id: TopicId([1; 16]),
    }];
    records.extend((0..100).map(|_| MetadataRecord::RemoveTopic {
        id: TopicId([2; 16]),
    }));
    let bytes = PeerMessage::ForwardResponse {
        id: 1,
        result: Ok(ControllerReply {
            index: 1,
            records,
            ..Default::default()
        }),
    }
    .encode();
    assert!(PeerMessage::decode(&bytes).is_ok());
    // ControllerResult fields: 0 index, 1 records.
    let reply = layout::deref(
        &bytes,
        layout::field(&bytes, envelope_and_message(&bytes).1, 2),
    );
    let vector = layout::deref(&bytes, layout::field(&bytes, reply, 1));
    let first = layout::deref(&bytes, vector + 4);
    let mut b = bytes.clone();
    for i in 1..=100 {
        let at = vector + 4 + 4 * i;
        b[at..at + 4].copy_from_slice(&((first - at) as u32).to_le_bytes());
    }
    assert_eq!(
        PeerMessage::decode(&b),
        Err(RpcError::LargerThanInput { bytes: b.len() })
    );
}

#[test]
fn a_config_named_twice_or_a_topic_config_without_a_value_is_refused() {
    let bytes = PeerMessage::ForwardRequest {
        id: 1,
        request: ControllerRequest::AlterConfigs {
            resource: ConfigResource::Broker(None),
            set: BTreeMap::from([("a".into(), None), ("b".into(), Some("1".into()))]),
            validate_only: false,
        },
    }
    .encode();
    // AlterConfigs fields: 0 resource type, 1 resource name, 2 broker, 3 set.
    let request = layout::deref(
        &bytes,
        layout::field(&bytes, envelope_and_message(&bytes).1, 2),
    );
    let set = layout::deref(&bytes, layout::field(&bytes, request, 3));
    // Point entry 1 ("b") at entry 0 ("a").
    let first = layout::deref(&bytes, set + 4);
    let mut b = bytes.clone();
    b[set + 8..set + 12].copy_from_slice(&((first - (set + 8)) as u32).to_le_bytes());
    assert_eq!(
        PeerMessage::decode(&b),
        Err(RpcError::InvalidValue("a config named twice"))
    );

    // A CreateTopic whose config lost its value (the slot of ConfigEntry field 1 cleared).
    let bytes = PeerMessage::ForwardRequest {
        id: 1,
        request: ControllerRequest::CreateTopic {
            name: "t".into(),
            partitions: 1,
            replication_factor: 1,
            configs: BTreeMap::from([("k".into(), "v".into())]),
            validate_only: false,
            assignments: vec![],
        },
    }
    .encode();
    let request = layout::deref(
        &bytes,
        layout::field(&bytes, envelope_and_message(&bytes).1, 2),
    );
    let configs = layout::deref(&bytes, layout::field(&bytes, request, 3));
    let entry = layout::deref(&bytes, configs + 4);
    let slot = layout::slot(&bytes, entry, 1);
    let mut b = bytes.clone();
    b[slot..slot + 2].copy_from_slice(&[0, 0]);
    assert_eq!(
        PeerMessage::decode(&b),
        Err(RpcError::InvalidValue("a topic config without a value"))
    );
}

#[test]
fn random_and_mutated_bytes_never_panic() {
    let valid: Vec<Vec<u8>> = every_message().iter().map(PeerMessage::encode).collect();
    let seed = 0x5eed_1234_abcd_0003;
    println!("seed = {seed:#x}");
    let mut rng = Rng(seed);
    for round in 0..40_000 {
        let len = (rng.next() % 128) as usize;
        let mut random: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        if random.len() >= 8 && rng.next() & 1 == 0 {
            // Reach the flatbuffers reader, not just the identifier check.
            random[4..8].copy_from_slice(&FILE_IDENTIFIER);
        }
        let _ = PeerMessage::decode(&random);
        let mut mutated = valid[round % valid.len()].clone();
        for _ in 0..1 + rng.next() % 4 {
            let at = (rng.next() % mutated.len() as u64) as usize;
            mutated[at] = rng.next() as u8;
        }
        if let Ok(message) = PeerMessage::decode(&mutated) {
            // What decodes encodes to something that decodes to it again.
            assert_eq!(PeerMessage::decode(&message.encode()), Ok(message));
        }
    }
}

/// A seed file's name: its position in `every_message()` and what it is.
fn seed_name(position: usize, message: &PeerMessage) -> String {
    let what = match message {
        PeerMessage::Hello { .. } => "hello".to_string(),
        PeerMessage::Raft(_) => "raft".to_string(),
        PeerMessage::Registration {
            applied_index: Some(_),
            ..
        } => "registration".to_string(),
        PeerMessage::Registration {
            applied_index: None,
            ..
        } => "registration-without-applied-index".to_string(),
        PeerMessage::ForwardRequest { request, .. } => {
            let debug = format!("{request:?}");
            let variant = debug.split(|c: char| !c.is_alphanumeric()).next();
            format!("request-{}", variant.unwrap_or_default())
        }
        PeerMessage::ForwardResponse { result: Ok(_), .. } => "reply".to_string(),
        PeerMessage::ForwardResponse { result: Err(_), .. } => "error".to_string(),
    };
    format!("{position:02}-{what}")
}

#[test]
fn the_fuzz_seeds_are_messages_of_every_type() {
    // tests/fuzz/seeds/rpc_decode holds `every_message()`, one file each, so the fuzzer starts
    // from every message type. `SLUICE_WRITE_RPC_SEEDS=1 cargo test -p metadata fuzz_seeds`
    // rewrites them after a message is added.
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fuzz/seeds/rpc_decode");
    let messages = every_message();
    if std::env::var_os("SLUICE_WRITE_RPC_SEEDS").is_some() {
        std::fs::create_dir_all(&dir).unwrap();
        for (i, message) in messages.iter().enumerate() {
            std::fs::write(dir.join(seed_name(i, message)), message.encode()).unwrap();
        }
    }
    for (i, message) in messages.iter().enumerate() {
        let path = dir.join(seed_name(i, message));
        let bytes = std::fs::read(&path).unwrap_or_else(|e| {
            panic!(
                "{}: {e} (SLUICE_WRITE_RPC_SEEDS=1 writes it)",
                path.display()
            )
        });
        assert_eq!(
            PeerMessage::decode(&bytes).as_ref(),
            Ok(message),
            "{}",
            path.display()
        );
    }
}
