//! Real-client integration tests: each test starts its own `sluice` process (harness.rs) on a
//! free loopback port and drives it over TCP with a real Kafka client program installed by
//! `tests/setup` — kcat, confluent-kafka, kafka-python 3.x and 2.0.2, KafkaJS, franz-go,
//! IBM/sarama, segmentio/kafka-go, Java kafka-clients and Kafka's CLI tools. No mocks:
//! compatibility means these clients work.
//!
//! A missing client fails its tests with "run tests/setup"; nothing is skipped silently.
//! `SLUICE_TEST_AGAINST=kafka` runs the same tests against Apache Kafka (perf/kafka/start-kafka)
//! to check that the tests encode Kafka's behaviour, not Sluice's.

mod acl;
mod admin_visible;
mod browser;
mod clients;
mod cluster;
mod cluster_security;
mod compaction;
mod configs;
mod connect_eos;
mod console;
mod controller_listener;
mod corruption;
mod crash;
mod deploy;
mod durability;
mod fail_whole;
mod franz;
mod franz_scram;
mod groups;
mod groups_wire;
mod harness;
mod java;
mod java_tools;
mod kafka_go;
mod kafkajs;
mod kcat;
mod kraft_format;
mod malformed;
mod metadata_dump;
mod metrics;
mod netns_partition;
mod oauth;
mod ordering;
mod overload;
mod power_loss;
mod protocol;
mod python;
mod quotas;
mod reassign;
mod replication;
mod replication_controller;
mod replication_elections;
mod sarama;
mod sasl;
mod sasl_scram;
mod start_stress;
mod tidy;
mod tls;
mod transactions;
mod transactions_wire;
mod wire;
