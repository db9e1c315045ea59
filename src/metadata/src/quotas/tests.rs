use super::*;

fn entity(parts: &[(&str, Option<&str>)]) -> QuotaEntity {
    parts
        .iter()
        .map(|(t, n)| (t.to_string(), n.map(str::to_string)))
        .collect()
}

fn set(e: QuotaEntity, key: &str, value: f64) -> QuotaAlteration {
    QuotaAlteration {
        entity: e,
        ops: vec![QuotaOp {
            key: key.into(),
            value: Some(QuotaValue(value)),
        }],
    }
}

fn applied(image: &Image, records: &[MetadataRecord]) -> Image {
    let mut image = image.clone();
    for r in records {
        image.apply(r);
    }
    image
}

fn message(outcome: &Option<(ErrorCode, String)>) -> &str {
    &outcome.as_ref().expect("refused").1
}

#[test]
fn kafka_validation_messages() {
    let image = Image::default();
    let c1 = entity(&[(CLIENT_ID, Some("c1"))]);
    let cases = [
        (
            set(c1.clone(), "bogus", 1.0),
            "Invalid configuration key bogus",
        ),
        (
            set(c1.clone(), PRODUCER_BYTE_RATE, -5.0),
            "Quota producer_byte_rate must be greater than 0",
        ),
        (
            set(c1.clone(), PRODUCER_BYTE_RATE, 1.5),
            "producer_byte_rate cannot be a fractional value.",
        ),
        (
            set(c1.clone(), CONSUMER_BYTE_RATE, 1e30),
            "Proposed value for consumer_byte_rate is too large for a LONG.",
        ),
        (
            set(Vec::new(), PRODUCER_BYTE_RATE, 1.0),
            "Invalid empty client quota entity",
        ),
        (
            set(entity(&[(USER, Some(""))]), PRODUCER_BYTE_RATE, 1.0),
            "Empty user not supported",
        ),
        (
            set(entity(&[("group", Some("g"))]), PRODUCER_BYTE_RATE, 1.0),
            "Unhandled client quota entity type: group",
        ),
        (
            set(
                entity(&[(USER, Some("a")), (USER, Some("b"))]),
                PRODUCER_BYTE_RATE,
                1.0,
            ),
            "Invalid client quota entity, duplicate entity entry user",
        ),
    ];
    for (alteration, expected) in cases {
        let (records, outcomes) = alter(&image, &[alteration]);
        assert!(records.is_empty());
        assert_eq!(outcomes[0].as_ref().unwrap().0, ErrorCode::InvalidRequest);
        assert_eq!(message(&outcomes[0]), expected);
    }
}

#[test]
fn entries_are_independent_and_unchanged_values_write_nothing() {
    let c1 = entity(&[(CLIENT_ID, Some("c1"))]);
    let (records, outcomes) = alter(
        &Image::default(),
        &[
            set(c1.clone(), PRODUCER_BYTE_RATE, 1024.0),
            set(entity(&[(CLIENT_ID, None)]), "bogus", 1.0),
            set(entity(&[(USER, None)]), REQUEST_PERCENTAGE, 12.5),
        ],
    );
    assert_eq!(outcomes[0], None);
    assert!(outcomes[1].is_some());
    assert_eq!(outcomes[2], None);
    assert_eq!(records.len(), 2);
    let image = applied(&Image::default(), &records);
    assert_eq!(
        image.client_quotas()[&c1][PRODUCER_BYTE_RATE],
        QuotaValue(1024.0)
    );
    // Setting the same value again writes nothing; removing it writes a removal.
    let (again, _) = alter(&image, &[set(c1.clone(), PRODUCER_BYTE_RATE, 1024.0)]);
    assert!(again.is_empty());
    let removal = QuotaAlteration {
        entity: c1.clone(),
        ops: vec![QuotaOp {
            key: PRODUCER_BYTE_RATE.into(),
            value: None,
        }],
    };
    let (removed, outcomes) = alter(&image, &[removal]);
    assert_eq!(outcomes, vec![None]);
    let image = applied(&image, &removed);
    assert!(!image.client_quotas().contains_key(&c1));
    // The snapshot carries the rest.
    let rebuilt = applied(&Image::default(), &image.to_records());
    assert_eq!(rebuilt.client_quotas(), image.client_quotas());
}

#[test]
fn kafka_precedence() {
    let levels: Vec<(QuotaEntity, f64)> = vec![
        (entity(&[(CLIENT_ID, Some("c")), (USER, Some("u"))]), 1.0),
        (entity(&[(CLIENT_ID, None), (USER, Some("u"))]), 2.0),
        (entity(&[(USER, Some("u"))]), 3.0),
        (entity(&[(CLIENT_ID, Some("c")), (USER, None)]), 4.0),
        (entity(&[(CLIENT_ID, None), (USER, None)]), 5.0),
        (entity(&[(USER, None)]), 6.0),
        (entity(&[(CLIENT_ID, Some("c"))]), 7.0),
        (entity(&[(CLIENT_ID, None)]), 8.0),
    ];
    let uc = ("u".to_string(), "c".to_string());
    let u = ("u".to_string(), String::new());
    let c = (String::new(), "c".to_string());
    let tags = [&uc, &uc, &u, &uc, &uc, &u, &c, &c];
    // With levels i.. present, level i applies.
    for first in 0..levels.len() {
        let mut quotas = ClientQuotas::new();
        for (e, v) in &levels[first..] {
            let mut keys = BTreeMap::new();
            keys.insert(PRODUCER_BYTE_RATE.to_string(), QuotaValue(*v));
            quotas.insert(e.clone(), keys);
        }
        let resolved = resolve(&quotas, PRODUCER_BYTE_RATE, "u", "c");
        assert_eq!(resolved, Some((levels[first].1, tags[first].clone())));
        assert_eq!(resolve(&quotas, CONSUMER_BYTE_RATE, "u", "c"), None);
    }
    assert_eq!(
        resolve(&ClientQuotas::new(), PRODUCER_BYTE_RATE, "u", "c"),
        None
    );
}
