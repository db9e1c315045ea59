//! DescribeUserScramCredentials (key 50, v0): each user's SCRAM mechanisms and iterations from
//! this broker's metadata image, as Kafka's brokers answer from theirs
//! (`kafka-configs --describe --entity-type users`). Never the salt or the keys.

use crate::util::str_bytes;
use crate::Handlers;
use kafka_protocol::messages::describe_user_scram_credentials_response::{
    CredentialInfo, DescribeUserScramCredentialsResult,
};
use kafka_protocol::messages::{
    DescribeUserScramCredentialsRequest, DescribeUserScramCredentialsResponse,
};
use std::rc::Rc;

pub async fn handle(
    ctx: &Rc<Handlers>,
    req: DescribeUserScramCredentialsRequest,
    _version: i16,
) -> DescribeUserScramCredentialsResponse {
    let users: Option<Vec<String>> = req
        .users
        .map(|users| users.iter().map(|u| u.name.to_string()).collect());
    let image = ctx.shard.image();
    let results = ::metadata::scram::describe(&image, users.as_deref())
        .into_iter()
        .map(|(user, outcome)| {
            let result = DescribeUserScramCredentialsResult::default().with_user(str_bytes(user));
            match outcome {
                Ok(infos) => result.with_credential_infos(
                    infos
                        .into_iter()
                        .map(|(mechanism, iterations)| {
                            CredentialInfo::default()
                                .with_mechanism(mechanism)
                                .with_iterations(iterations)
                        })
                        .collect(),
                ),
                Err((code, message)) => result
                    .with_error_code(code.code())
                    .with_error_message(Some(str_bytes(message))),
            }
        })
        .collect();
    DescribeUserScramCredentialsResponse::default().with_results(results)
}
