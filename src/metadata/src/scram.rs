//! The controller's rules for SCRAM credentials (Kafka's `ScramControlManager`) and the
//! answer to DescribeUserScramCredentials (Kafka's `ScramImage.describe`), as pure functions of
//! the image. The keys are derived from the salted password before the request reaches the
//! controller (the `security` crate's `scram`), so this crate needs no cryptography.

use crate::image::Image;
use crate::record::{MetadataRecord, ScramCredentialData};
use model::ErrorCode;
use std::collections::BTreeMap;

/// Kafka's mechanism type ids: 1 SCRAM-SHA-256, 2 SCRAM-SHA-512 (0 is UNKNOWN).
pub const MECHANISMS: [i8; 2] = [1, 2];
/// Kafka's `ScramMechanism.minIterations` (both mechanisms).
pub const ITERATIONS_MIN: i32 = 4096;
/// Kafka's `ScramControlManager.MAX_ITERATIONS`.
pub const ITERATIONS_MAX: i32 = 16384;

/// One upsertion of an AlterUserScramCredentials, its keys already derived.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScramUpsertion {
    pub name: String,
    pub mechanism: i8,
    pub credential: ScramCredentialData,
}

/// One user's outcome: `None` succeeded.
pub type UserResult = (String, Option<(ErrorCode, String)>);

fn check_name_and_mechanism(name: &str, mechanism: i8) -> Result<(), (ErrorCode, String)> {
    if name.is_empty() {
        return Err((
            ErrorCode::UnacceptableCredential,
            "Username must not be empty".into(),
        ));
    }
    if !MECHANISMS.contains(&mechanism) {
        return Err((
            ErrorCode::UnsupportedSaslMechanism,
            "Unknown SCRAM mechanism".into(),
        ));
    }
    Ok(())
}

/// AlterUserScramCredentials as Kafka's controller decides it: per user, deletions then
/// upsertions; a user named twice is DUPLICATE_RESOURCE; deleting a credential that does not
/// exist is RESOURCE_NOT_FOUND; iterations outside [4096, 16384] are UNACCEPTABLE_CREDENTIAL.
/// Returns the records of the users that succeeded and every user's outcome.
pub fn alter(
    image: &Image,
    deletions: &[(String, i8)],
    upsertions: &[ScramUpsertion],
) -> (Vec<MetadataRecord>, Vec<UserResult>) {
    const TWICE: &str = "A user credential cannot be altered twice in the same request";
    let mut errors: BTreeMap<String, (ErrorCode, String)> = BTreeMap::new();
    let mut deletes: BTreeMap<String, i8> = BTreeMap::new();
    let mut upserts: BTreeMap<String, &ScramUpsertion> = BTreeMap::new();
    for (name, mechanism) in deletions {
        if errors.contains_key(name) {
            continue;
        }
        if deletes.remove(name).is_some() {
            errors.insert(name.clone(), (ErrorCode::DuplicateResource, TWICE.into()));
            continue;
        }
        let checked = check_name_and_mechanism(name, *mechanism).and_then(|()| {
            image
                .scram_credential(name, *mechanism)
                .map(|_| ())
                .ok_or_else(|| {
                    (
                        ErrorCode::ResourceNotFound,
                        "Attempt to delete a user credential that does not exist".into(),
                    )
                })
        });
        match checked {
            Ok(()) => {
                deletes.insert(name.clone(), *mechanism);
            }
            Err(e) => {
                errors.insert(name.clone(), e);
            }
        }
    }
    for u in upsertions {
        if errors.contains_key(&u.name) {
            continue;
        }
        if deletes.remove(&u.name).is_some() || upserts.remove(&u.name).is_some() {
            errors.insert(u.name.clone(), (ErrorCode::DuplicateResource, TWICE.into()));
            continue;
        }
        let iterations = u.credential.iterations;
        let checked = check_name_and_mechanism(&u.name, u.mechanism).and_then(|()| {
            if iterations < ITERATIONS_MIN {
                Err((
                    ErrorCode::UnacceptableCredential,
                    "Too few iterations".into(),
                ))
            } else if iterations > ITERATIONS_MAX {
                Err((
                    ErrorCode::UnacceptableCredential,
                    "Too many iterations".into(),
                ))
            } else {
                Ok(())
            }
        });
        match checked {
            Ok(()) => {
                upserts.insert(u.name.clone(), u);
            }
            Err(e) => {
                errors.insert(u.name.clone(), e);
            }
        }
    }
    let mut records = Vec::new();
    let mut results = Vec::new();
    for (name, mechanism) in deletes {
        records.push(MetadataRecord::RemoveScramCredential {
            name: name.clone(),
            mechanism,
        });
        results.push((name, None));
    }
    for (name, u) in upserts {
        records.push(MetadataRecord::ScramCredential {
            name: name.clone(),
            mechanism: u.mechanism,
            credential: u.credential.clone(),
        });
        results.push((name, None));
    }
    results.extend(errors.into_iter().map(|(name, e)| (name, Some(e))));
    (records, results)
}

/// One user's DescribeUserScramCredentials answer: (mechanism, iterations) of each credential,
/// or an error.
pub type Described = (String, Result<Vec<(i8, i32)>, (ErrorCode, String)>);

/// DescribeUserScramCredentials from this node's image (Kafka's `ScramImage.describe`): no
/// users named (`None` or empty) is every user with a credential; a user named twice is
/// DUPLICATE_RESOURCE; one without credentials RESOURCE_NOT_FOUND.
pub fn describe(image: &Image, users: Option<&[String]>) -> Vec<Described> {
    let mut named: BTreeMap<String, bool> = BTreeMap::new();
    match users {
        Some(users) if !users.is_empty() => {
            for u in users {
                let twice = named.contains_key(u);
                named.insert(u.clone(), twice);
            }
        }
        _ => {
            for (user, _) in image.scram_credentials().keys() {
                named.insert(user.clone(), false);
            }
        }
    }
    named
        .into_iter()
        .map(|(user, twice)| {
            if twice {
                let message = format!(
                    "Cannot describe SCRAM credentials for the same user twice in a single request: {user}"
                );
                return (user, Err((ErrorCode::DuplicateResource, message)));
            }
            let infos: Vec<(i8, i32)> = MECHANISMS
                .iter()
                .filter_map(|m| image.scram_credential(&user, *m).map(|c| (*m, c.iterations)))
                .collect();
            if infos.is_empty() {
                let message =
                    format!("Attempt to describe a user credential that does not exist: {user}");
                (user, Err((ErrorCode::ResourceNotFound, message)))
            } else {
                (user, Ok(infos))
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cred(iterations: i32) -> ScramCredentialData {
        ScramCredentialData {
            salt: vec![1],
            stored_key: vec![2],
            server_key: vec![3],
            iterations,
        }
    }

    fn up(name: &str, mechanism: i8, iterations: i32) -> ScramUpsertion {
        ScramUpsertion {
            name: name.into(),
            mechanism,
            credential: cred(iterations),
        }
    }

    #[test]
    fn kafka_rules() {
        let mut image = Image::default();
        let (records, results) = alter(
            &image,
            &[("nobody".into(), 1)],
            &[
                up("alice", 2, 8192),
                up("bob", 1, 4095),
                up("carol", 1, 16385),
                up("", 1, 8192),
                up("dave", 3, 8192),
                up("erin", 1, 4096),
                up("erin", 2, 4096),
            ],
        );
        assert_eq!(records.len(), 1);
        let code = |n: &str| {
            results
                .iter()
                .find(|(u, _)| u == n)
                .unwrap()
                .1
                .as_ref()
                .map(|e| e.0)
        };
        assert_eq!(code("alice"), None);
        assert_eq!(code("nobody"), Some(ErrorCode::ResourceNotFound));
        assert_eq!(code("bob"), Some(ErrorCode::UnacceptableCredential));
        assert_eq!(code("carol"), Some(ErrorCode::UnacceptableCredential));
        assert_eq!(code(""), Some(ErrorCode::UnacceptableCredential));
        assert_eq!(code("dave"), Some(ErrorCode::UnsupportedSaslMechanism));
        assert_eq!(code("erin"), Some(ErrorCode::DuplicateResource));
        for r in &records {
            image.apply(r);
        }
        assert_eq!(image.scram_credential("alice", 2).unwrap().iterations, 8192);
        let described = describe(&image, None);
        assert_eq!(described, vec![("alice".into(), Ok(vec![(2, 8192)]))]);
        let described = describe(
            &image,
            Some(&["bob".into(), "alice".into(), "alice".into()]),
        );
        assert_eq!(
            described[0].1.as_ref().unwrap_err().0,
            ErrorCode::DuplicateResource
        );
        assert_eq!(
            described[1].1.as_ref().unwrap_err().0,
            ErrorCode::ResourceNotFound
        );
        let (records, results) = alter(&image, &[("alice".into(), 2)], &[]);
        assert_eq!(results, vec![("alice".into(), None)]);
        for r in &records {
            image.apply(r);
        }
        assert!(image.scram_credential("alice", 2).is_none());
        assert!(image.to_records().is_empty() || !format!("{:?}", cred(1)).contains('2'));
    }
}
