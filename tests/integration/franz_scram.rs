//! franz-go over SASL/SCRAM: its `pkg/sasl/scram` mechanisms (SCRAM-SHA-256 and SCRAM-SHA-512)
//! produce with acks=all and consume on a SASL_PLAINTEXT listener, with users made by
//! AlterUserScramCredentials; a wrong password is refused and the broker serves on.
//!
//! Sluice only: the harness starts Apache Kafka without SASL listeners.

use std::process::Command;
use std::time::Duration;

use bytes::Bytes;
use kafka_protocol::messages::alter_user_scram_credentials_request::ScramCredentialUpsertion;
use kafka_protocol::messages::AlterUserScramCredentialsRequest;
use kafka_protocol::protocol::StrBytes;
use security::scram::{salted_password, ScramMechanism};

use crate::clients::Client;
use crate::harness::{self, Broker};
use crate::wire::Wire;

const CLIENT_TIMEOUT: Duration = Duration::from_secs(60);

/// Makes `user`'s credential for `mechanism` over the PLAINTEXT listener, as kafka-configs
/// would (a salted password, 4096 iterations).
pub(crate) fn add_user(broker: &Broker, mechanism: ScramMechanism, user: &str, password: &str) {
    let salt = format!("salt-of-{user}").into_bytes();
    let salted = salted_password(mechanism, password.as_bytes(), &salt, 4096);
    let mut w = Wire::connect(&broker.bootstrap());
    let response = w.call(
        0,
        &AlterUserScramCredentialsRequest::default().with_upsertions(vec![
            ScramCredentialUpsertion::default()
                .with_name(StrBytes::from_string(user.into()))
                .with_mechanism(mechanism.type_id())
                .with_iterations(4096)
                .with_salt(Bytes::from(salt))
                .with_salted_password(Bytes::from(salted)),
        ]),
    );
    assert!(
        response.results.iter().all(|r| r.error_code == 0),
        "{response:?}"
    );
}

fn franz(args: &[&str]) -> Command {
    let mut cmd = Client::Franz.command();
    cmd.args(args);
    cmd
}

#[test]
fn franz_go_scram_sha_256_and_512() {
    if harness::against_kafka() {
        return;
    }
    let seed = harness::seed("franz_scram");
    let broker = Broker::start_with(&[
        (
            "listeners",
            "PLAINTEXT://127.0.0.1:0,SASL_PLAINTEXT://127.0.0.1:0",
        ),
        (
            "listener.security.protocol.map",
            "PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT",
        ),
        (
            "listener.name.sasl_plaintext.sasl.enabled.mechanisms",
            "SCRAM-SHA-256,SCRAM-SHA-512",
        ),
    ]);
    add_user(&broker, ScramMechanism::Sha256, "alice", "alice-secret");
    add_user(&broker, ScramMechanism::Sha512, "bob", "bob-secret");
    let sasl = broker.listener_address("SASL_PLAINTEXT");
    for (mechanism, user) in [("SCRAM-SHA-256", "alice"), ("SCRAM-SHA-512", "bob")] {
        let topic = harness::topic_name(&format!("franz_{user}"), seed);
        let login = format!("{mechanism}:{user}:{user}-secret");
        harness::run(
            &mut franz(&[
                "admin",
                "create",
                "--bootstrap",
                &broker.bootstrap(),
                "--topic",
                &topic,
            ]),
            CLIENT_TIMEOUT,
        );
        let produced = harness::run(
            &mut franz(&[
                "produce",
                "--bootstrap",
                &sasl,
                "--topic",
                &topic,
                "--seed",
                "7",
                "--spec",
                "all:none:10",
                "--sasl",
                &login,
            ]),
            CLIENT_TIMEOUT,
        );
        let acks: Vec<String> = String::from_utf8_lossy(&produced.stdout)
            .lines()
            .map(str::to_string)
            .collect();
        let expected_acks: Vec<String> = (0..10)
            .map(|i| format!("ack 0 {i} k0-{i} v7-0-{i}"))
            .collect();
        assert_eq!(acks, expected_acks, "{mechanism}");
        let consumed = harness::run(
            &mut franz(&[
                "consume",
                "--bootstrap",
                &sasl,
                "--topic",
                &topic,
                "--count",
                "10",
                "--sasl",
                &login,
            ]),
            CLIENT_TIMEOUT,
        );
        let values: Vec<String> = String::from_utf8_lossy(&consumed.stdout)
            .lines()
            .filter_map(|l| l.split(' ').next_back().map(str::to_string))
            .collect();
        let expected: Vec<String> = (0..10).map(|i| format!("v7-0-{i}")).collect();
        assert_eq!(values, expected, "{mechanism}");
    }
    // A wrong password, and a user of the other mechanism: refused, nothing written.
    let topic = harness::topic_name("franz_refused", seed);
    for login in ["SCRAM-SHA-512:bob:wrong", "SCRAM-SHA-256:bob:bob-secret"] {
        let refused = harness::try_run(
            &mut franz(&[
                "produce",
                "--bootstrap",
                &sasl,
                "--topic",
                &topic,
                "--spec",
                "1:none:1",
                "--sasl",
                login,
            ]),
            None,
            CLIENT_TIMEOUT,
        );
        let text = harness::describe(&refused);
        assert!(!refused.status.success(), "{text}");
        assert!(
            text.contains("SASL_AUTHENTICATION_FAILED") || text.contains("Authentication failed"),
            "{text}"
        );
        assert!(!text.contains("ack "), "{text}");
    }
    assert!(!broker.logs().contains("bob-secret"));
}
