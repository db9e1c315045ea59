//! AlterUserScramCredentials (key 51, v0): SCRAM credentials changed through the active
//! controller (`kafka-configs --alter --entity-type users --add-config 'SCRAM-SHA-512=[...]'`).
//! The client sends salted passwords; this broker derives the stored and server keys
//! (`security::scram`) so that only what the metadata log keeps travels on, and the controller
//! decides per user with Kafka's rules (`metadata::scram::alter`).

use crate::util::str_bytes;
use crate::Handlers;
use ::metadata::scram::ScramUpsertion;
use ::metadata::ScramCredentialData;
use kafka_protocol::messages::alter_user_scram_credentials_response::AlterUserScramCredentialsResult;
use kafka_protocol::messages::{
    AlterUserScramCredentialsRequest, AlterUserScramCredentialsResponse,
};
use runtime::controller::ControllerRequest;
use security::scram::{credential_from_salted, ScramMechanism};
use std::rc::Rc;

pub async fn handle(
    ctx: &Rc<Handlers>,
    req: AlterUserScramCredentialsRequest,
    _version: i16,
) -> AlterUserScramCredentialsResponse {
    let deletions: Vec<(String, i8)> = req
        .deletions
        .iter()
        .map(|d| (d.name.to_string(), d.mechanism))
        .collect();
    let upsertions: Vec<ScramUpsertion> = req
        .upsertions
        .iter()
        .map(|u| {
            // An unknown mechanism keeps empty keys: the controller refuses it by its id.
            let credential = match ScramMechanism::from_type_id(u.mechanism) {
                Some(m) => {
                    let c = credential_from_salted(m, &u.salt, &u.salted_password, u.iterations);
                    ScramCredentialData {
                        salt: c.salt,
                        stored_key: c.stored_key,
                        server_key: c.server_key,
                        iterations: c.iterations,
                    }
                }
                None => ScramCredentialData {
                    salt: Vec::new(),
                    stored_key: Vec::new(),
                    server_key: Vec::new(),
                    iterations: u.iterations,
                },
            };
            ScramUpsertion {
                name: u.name.to_string(),
                mechanism: u.mechanism,
                credential,
            }
        })
        .collect();
    let users: Vec<String> = deletions
        .iter()
        .map(|(n, _)| n.clone())
        .chain(upsertions.iter().map(|u| u.name.clone()))
        .collect();
    let request = ControllerRequest::AlterUserScramCredentials {
        deletions,
        upsertions,
    };
    let results: Vec<AlterUserScramCredentialsResult> = match ctx.shard.controller(request).await {
        Ok(reply) => reply
            .scram_users
            .unwrap_or_default()
            .into_iter()
            .map(|(user, outcome)| result(user, outcome))
            .collect(),
        // The whole request failed (no controller, a commit that failed): every user says so.
        Err(e) => {
            let mut seen = std::collections::BTreeSet::new();
            users
                .into_iter()
                .filter(|u| seen.insert(u.clone()))
                .map(|u| result(u, Some((e.code, e.message.clone()))))
                .collect()
        }
    };
    AlterUserScramCredentialsResponse::default().with_results(results)
}

fn result(
    user: String,
    outcome: Option<(model::ErrorCode, String)>,
) -> AlterUserScramCredentialsResult {
    let (code, message) = match outcome {
        None => (0, None),
        Some((code, message)) => (code.code(), Some(str_bytes(message))),
    };
    AlterUserScramCredentialsResult::default()
        .with_user(str_bytes(user))
        .with_error_code(code)
        .with_error_message(message)
}
