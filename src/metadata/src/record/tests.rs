use super::*;

/// One record of every type, with every optional field both present and absent (the first is a
/// broker registration).
pub(crate) fn every_record() -> Vec<MetadataRecord> {
    let id = TopicId([7; 16]);
    vec![
        MetadataRecord::RegisterBroker {
            node_id: NodeId(3),
            listeners: vec![
                BrokerEndpoint {
                    name: "PLAINTEXT".into(),
                    host: "127.0.0.1".into(),
                    port: 9092,
                    security_protocol: 0,
                },
                BrokerEndpoint {
                    name: "SSL".into(),
                    host: "broker.example".into(),
                    port: 9093,
                    security_protocol: 1,
                },
            ],
            rack: Some("r1".into()),
            num_shards: 8,
            incarnation_id: [9; 16],
            broker_epoch: 42,
            fenced: true,
            previous_broker_epoch: 41,
        },
        MetadataRecord::RegisterBroker {
            node_id: NodeId(0),
            listeners: vec![],
            rack: None,
            num_shards: 1,
            incarnation_id: [0; 16],
            broker_epoch: 0,
            fenced: false,
            previous_broker_epoch: -1,
        },
        MetadataRecord::Topic {
            name: "orders".into(),
            id,
        },
        MetadataRecord::Partition {
            topic_id: id,
            partition: 2,
            leader: NodeId(1),
            leader_epoch: LeaderEpoch(4),
            replicas: vec![NodeId(1), NodeId(2)],
            isr: vec![NodeId(1)],
            shard: ShardId(3),
            partition_epoch: 0,
            shards: vec![],
            elr: vec![],
            last_known_elr: vec![],
            leader_recovery_state: 0,
            adding_replicas: vec![],
            removing_replicas: vec![],
        },
        MetadataRecord::Partition {
            topic_id: id,
            partition: 0,
            leader: NodeId(-1),
            leader_epoch: LeaderEpoch(0),
            replicas: vec![],
            isr: vec![],
            shard: ShardId(0),
            partition_epoch: 0,
            shards: vec![],
            elr: vec![],
            last_known_elr: vec![],
            leader_recovery_state: 0,
            adding_replicas: vec![],
            removing_replicas: vec![],
        },
        MetadataRecord::PartitionChange {
            topic_id: id,
            partition: 2,
            leader: Some(NodeId(2)),
            leader_epoch: LeaderEpoch(5),
            isr: Some(vec![NodeId(2), NodeId(1)]),
            partition_epoch: None,
            elr: None,
            last_known_elr: None,
            leader_recovery_state: None,
            replicas: None,
            shards: None,
            adding_replicas: None,
            removing_replicas: None,
        },
        MetadataRecord::PartitionChange {
            topic_id: id,
            partition: 0,
            leader: None,
            leader_epoch: LeaderEpoch(1),
            isr: None,
            partition_epoch: None,
            elr: None,
            last_known_elr: None,
            leader_recovery_state: None,
            replicas: None,
            shards: None,
            adding_replicas: None,
            removing_replicas: None,
        },
        MetadataRecord::PartitionChange {
            topic_id: id,
            partition: 1,
            leader: Some(NodeId(0)),
            leader_epoch: LeaderEpoch(0),
            isr: Some(vec![]),
            partition_epoch: None,
            elr: None,
            last_known_elr: None,
            leader_recovery_state: None,
            replicas: None,
            shards: None,
            adding_replicas: None,
            removing_replicas: None,
        },
        MetadataRecord::RemoveTopic { id },
        MetadataRecord::Config {
            resource: ConfigResource::Topic("orders".into()),
            name: "retention.ms".into(),
            value: Some("1000".into()),
        },
        MetadataRecord::Config {
            resource: ConfigResource::Broker(None),
            name: "log.retention.ms".into(),
            value: None,
        },
        MetadataRecord::Config {
            resource: ConfigResource::Broker(Some(NodeId(5))),
            name: "x".into(),
            value: None,
        },
        MetadataRecord::Config {
            resource: ConfigResource::Broker(Some(NodeId(0))),
            name: "x".into(),
            value: Some("y".into()),
        },
        MetadataRecord::Config {
            resource: ConfigResource::Group("g".into()),
            name: "x".into(),
            value: Some(String::new()),
        },
        MetadataRecord::Config {
            resource: ConfigResource::Topic(String::new()),
            name: String::new(),
            value: Some(String::new()),
        },
        MetadataRecord::ProducerIds {
            broker: NodeId(1),
            first_producer_id: 1000,
            block_size: 1000,
        },
        MetadataRecord::BrokerRegistrationChange {
            node_id: NodeId(3),
            broker_epoch: 42,
            fenced: Some(false),
            in_controlled_shutdown: None,
        },
        MetadataRecord::BrokerRegistrationChange {
            node_id: NodeId(3),
            broker_epoch: 42,
            fenced: None,
            in_controlled_shutdown: None,
        },
        MetadataRecord::BrokerRegistrationChange {
            node_id: NodeId(3),
            broker_epoch: -1,
            fenced: Some(true),
            in_controlled_shutdown: None,
        },
        MetadataRecord::UnregisterBroker {
            node_id: NodeId(3),
            broker_epoch: 42,
        },
        MetadataRecord::FeatureLevel {
            name: "metadata.version".into(),
            level: 27,
        },
        MetadataRecord::FeatureLevel {
            name: "kraft.version".into(),
            level: 0,
        },
        MetadataRecord::ControllerEndpoints {
            node_id: NodeId(4),
            directory_id: [5; 16],
            listeners: vec![BrokerEndpoint {
                name: "CONTROLLER".into(),
                host: "controller-4.example".into(),
                port: 9093,
                security_protocol: 0,
            }],
        },
        MetadataRecord::QuorumVoters {
            voters: vec![NodeId(1), NodeId(4)],
        },
        MetadataRecord::AccessControlEntry {
            id: [9; 16],
            binding: crate::acl::AclBinding {
                resource_type: crate::acl::ResourceType::Topic,
                resource_name: "pay-".into(),
                pattern_type: crate::acl::PatternType::Prefixed,
                principal: "User:alice".into(),
                host: "*".into(),
                operation: crate::acl::AclOperation::Write,
                permission: crate::acl::Permission::Allow,
            },
        },
        MetadataRecord::RemoveAccessControlEntry { id: [9; 16] },
        MetadataRecord::ScramCredential {
            name: "alice".into(),
            mechanism: 2,
            credential: crate::record::ScramCredentialData {
                salt: vec![1, 2, 3],
                stored_key: vec![4; 64],
                server_key: vec![5; 64],
                iterations: 8192,
            },
        },
        MetadataRecord::RemoveScramCredential {
            name: "alice".into(),
            mechanism: 1,
        },
        MetadataRecord::ClientQuota {
            entity: vec![
                ("client-id".into(), Some("c1".into())),
                ("user".into(), None),
            ],
            key: "producer_byte_rate".into(),
            value: Some(crate::quotas::QuotaValue(1048576.0)),
        },
        MetadataRecord::ClientQuota {
            entity: vec![("user".into(), Some("alice".into()))],
            key: "consumer_byte_rate".into(),
            value: None,
        },
        // Replication's fields (Partition and PartitionChange version 1).
        MetadataRecord::Partition {
            topic_id: id,
            partition: 3,
            leader: NodeId(2),
            leader_epoch: LeaderEpoch(7),
            replicas: vec![NodeId(2), NodeId(1), NodeId(3)],
            isr: vec![NodeId(2)],
            shard: ShardId(1),
            partition_epoch: 12,
            shards: vec![ShardId(1), ShardId(0), ShardId(5)],
            elr: vec![NodeId(1)],
            last_known_elr: vec![NodeId(3)],
            leader_recovery_state: 1,
            adding_replicas: vec![NodeId(3)],
            removing_replicas: vec![],
        },
        MetadataRecord::PartitionChange {
            topic_id: id,
            partition: 3,
            leader: Some(NodeId(-1)),
            leader_epoch: LeaderEpoch(8),
            isr: Some(vec![NodeId(2)]),
            partition_epoch: Some(13),
            elr: Some(vec![]),
            last_known_elr: Some(vec![NodeId(1)]),
            leader_recovery_state: Some(0),
            replicas: Some(vec![NodeId(2), NodeId(4)]),
            shards: Some(vec![ShardId(1), ShardId(2)]),
            adding_replicas: Some(vec![]),
            removing_replicas: Some(vec![NodeId(1)]),
        },
        MetadataRecord::BrokerRegistrationChange {
            node_id: NodeId(3),
            broker_epoch: 42,
            fenced: None,
            in_controlled_shutdown: Some(true),
        },
    ]
}

#[test]
fn every_record_round_trips_alone_and_in_a_batch() {
    let records = every_record();
    for record in &records {
        let bytes = encode_batch(std::slice::from_ref(record));
        assert_eq!(&bytes[4..8], b"SLMB");
        assert_eq!(decode_batch(&bytes).unwrap(), vec![record.clone()]);
    }
    let bytes = encode_batch(&records);
    assert_eq!(decode_batch(&bytes).unwrap(), records);
    assert_eq!(decode_batch(&encode_batch(&[])).unwrap(), vec![]);
}

#[test]
fn honest_batches_with_repeated_strings_fit_the_budget() {
    // Strings are never shared by the encoder (planus's string cache is off), so many equal
    // strings still decode within the input's bytes.
    let id = TopicId([1; 16]);
    let mut records = vec![MetadataRecord::Topic {
        name: "t".into(),
        id,
    }];
    for partition in 0..2000 {
        records.push(MetadataRecord::Partition {
            topic_id: id,
            partition,
            leader: NodeId(0),
            leader_epoch: LeaderEpoch(0),
            replicas: vec![NodeId(0), NodeId(1), NodeId(2)],
            isr: vec![NodeId(0), NodeId(1), NodeId(2)],
            shard: ShardId(0),
            partition_epoch: 0,
            shards: vec![],
            elr: vec![],
            last_known_elr: vec![],
            leader_recovery_state: 0,
            adding_replicas: vec![],
            removing_replicas: vec![],
        });
        records.push(MetadataRecord::Config {
            resource: ConfigResource::Topic("t".into()),
            name: "retention.ms".into(),
            value: Some("1000".into()),
        });
        records.push(MetadataRecord::RemoveTopic { id });
    }
    let bytes = encode_batch(&records);
    assert_eq!(decode_batch(&bytes).unwrap(), records);
}

#[test]
fn every_truncation_is_an_error() {
    let bytes = encode_batch(&every_record());
    for len in 0..bytes.len() {
        assert!(
            decode_batch(&bytes[..len]).is_err(),
            "prefix of {len} bytes"
        );
    }
}

use crate::layout;

#[test]
fn an_unknown_record_type_is_named() {
    let mut bytes = encode_batch(&[MetadataRecord::RemoveTopic {
        id: TopicId([1; 16]),
    }])
    .to_vec();
    let tag = layout::field(&bytes, layout::record(&bytes, 0), 0);
    assert_eq!(bytes[tag], 5, "RemoveTopic is the fifth union member");
    bytes[tag] = 200;
    assert_eq!(
        decode_batch(&bytes),
        Err(DecodeError::UnknownRecordType(200))
    );
}

#[test]
fn records_of_a_newer_version_are_read() {
    // A newer writer's fields are unknown here and skipped by construction (FlatBuffers reads
    // fields through the vtable); its version number alone does not stop the reader.
    let record = MetadataRecord::ProducerIds {
        broker: NodeId(1),
        first_producer_id: 7,
        block_size: 3,
    };
    let mut bytes = encode_batch(std::slice::from_ref(&record)).to_vec();
    let body = layout::body(&bytes, 0);
    // The version is 0, the default, so the encoder left it out; give the table one by
    // pointing its `version` slot at the `broker` field's bytes (any two bytes of the table).
    let broker_at = layout::field(&bytes, body, 1);
    let version_slot = layout::slot(&bytes, body, 0);
    let relative = u16::try_from(broker_at - body).unwrap();
    bytes[version_slot..version_slot + 2].copy_from_slice(&relative.to_le_bytes());
    assert_eq!(decode_batch(&bytes).unwrap(), vec![record]);
}

#[test]
fn a_config_of_an_unknown_resource_type_is_refused() {
    let mut bytes = encode_batch(&[MetadataRecord::Config {
        resource: ConfigResource::Topic("t".into()),
        name: "k".into(),
        value: None,
    }])
    .to_vec();
    let resource_type = layout::field(&bytes, layout::body(&bytes, 0), 1);
    assert_eq!(bytes[resource_type], 2, "Kafka's TOPIC");
    for bad in [0, 1, 3, 255] {
        bytes[resource_type] = bad;
        assert_eq!(
            decode_batch(&bytes),
            Err(DecodeError::InvalidValue("config resource type")),
            "{bad}"
        );
    }
}

/// xorshift64*: a tiny deterministic generator so a failure replays from the printed seed.
pub(crate) struct Rng(pub u64);
impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
}

/// Random bytes, and a valid batch with a few bytes changed, decoded many times.
fn never_panics(valid: &[u8], seed: u64) {
    println!("seed = {seed:#x}");
    let mut rng = Rng(seed);
    for _ in 0..20_000 {
        let len = (rng.next() % 96) as usize;
        let mut random: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        if random.len() >= 8 && rng.next() & 1 == 0 {
            // Reach the flatbuffers reader, not just the format check.
            random[4..8].copy_from_slice(&FILE_IDENTIFIER);
        }
        let _ = decode_batch(&random);
        // A valid batch with a few changed bytes reaches deeper into the decoder.
        let mut mutated = valid.to_vec();
        for _ in 0..1 + rng.next() % 4 {
            let at = (rng.next() % mutated.len() as u64) as usize;
            mutated[at] = rng.next() as u8;
        }
        let _ = decode_batch(&mutated);
    }
}

#[test]
fn random_and_mutated_bytes_never_panic() {
    never_panics(&encode_batch(&every_record()), 0x5eed_1234_abcd_0001);
}

/// A first-format batch written by the hand-written encoder this module replaced (commit
/// 83753a6), holding one record of every type that format had.
const LEGACY_BATCH: &[u8] = include_bytes!("../../tests/fixtures/legacy-v1-batch.bin");

/// What [`LEGACY_BATCH`] holds: the first format's records, read with the fields added since
/// at their defaults.
fn legacy_records() -> Vec<MetadataRecord> {
    // The positions in every_record() of the first format's records (the others were added
    // with the flatbuffers schema).
    let first_format = [0, 1, 2, 3, 5, 6, 8, 9, 10, 11, 13, 15];
    let all = every_record();
    first_format
        .iter()
        .map(|&i| match all[i].clone() {
            MetadataRecord::RegisterBroker {
                node_id,
                listeners,
                rack,
                num_shards,
                incarnation_id,
                ..
            } => MetadataRecord::RegisterBroker {
                node_id,
                listeners,
                rack,
                num_shards,
                incarnation_id,
                broker_epoch: 0,
                fenced: false,
                previous_broker_epoch: -1,
            },
            other => other,
        })
        .collect()
}

#[test]
fn first_format_batches_are_still_read() {
    assert_eq!(LEGACY_BATCH[0], 1, "format byte");
    assert_eq!(decode_batch(LEGACY_BATCH).unwrap(), legacy_records());
    for len in 0..LEGACY_BATCH.len() {
        assert!(
            decode_batch(&LEGACY_BATCH[..len]).is_err(),
            "prefix of {len} bytes"
        );
    }
    never_panics(LEGACY_BATCH, 0x5eed_1234_abcd_0002);
}

#[test]
fn unknown_formats_are_named() {
    assert_eq!(
        decode_batch(&[2, 0, 0, 0, 0, 0, 0, 0, 0]),
        Err(DecodeError::UnknownBatchVersion(2))
    );
    assert!(matches!(
        decode_batch(&[]),
        Err(DecodeError::Truncated { .. })
    ));
}

/// A `RegisterBroker` as Sluice wrote it before `previous_broker_epoch` (table version 0,
/// written by commit 0df990c's `encode_batch`): node 3, one PLAINTEXT listener, rack r1, two
/// shards, incarnation 9s, epoch 42, fenced.
const REGISTER_BROKER_V0: &[u8] =
    include_bytes!("../../tests/fixtures/register-broker-v0-batch.bin");

#[test]
fn a_registration_written_before_previous_broker_epoch_reads_as_an_unclean_restart() {
    let expected = MetadataRecord::RegisterBroker {
        node_id: NodeId(3),
        listeners: vec![BrokerEndpoint {
            name: "PLAINTEXT".into(),
            host: "127.0.0.1".into(),
            port: 9092,
            security_protocol: 0,
        }],
        rack: Some("r1".into()),
        num_shards: 2,
        incarnation_id: [9; 16],
        broker_epoch: 42,
        fenced: true,
        // Absent: Kafka's default, "no clean shutdown known".
        previous_broker_epoch: -1,
    };
    assert_eq!(
        decode_batch(REGISTER_BROKER_V0).unwrap(),
        vec![expected.clone()]
    );
    // Written today the record says version 1, and a known previous epoch travels.
    let now = encode_batch(std::slice::from_ref(&expected));
    let body = layout::body(&now, 0);
    assert_eq!(
        now[layout::field(&now, body, 0)],
        version::REGISTER_BROKER as u8
    );
    let mut clean = expected;
    if let MetadataRecord::RegisterBroker {
        previous_broker_epoch,
        ..
    } = &mut clean
    {
        *previous_broker_epoch = 41;
    }
    let bytes = encode_batch(std::slice::from_ref(&clean));
    assert_eq!(decode_batch(&bytes).unwrap(), vec![clean]);
    never_panics(REGISTER_BROKER_V0, 0x5eed_1234_abcd_0003);
}
