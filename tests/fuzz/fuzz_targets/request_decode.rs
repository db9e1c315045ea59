//! Request decoding of every supported API and version must never panic.
//!
//! Input: first byte even → the whole rest is one request frame (size prefix stripped), decoded
//! with `protocol::decode_request` exactly as the network layer does. First byte odd → the
//! next two bytes pick a supported API (index into `versions::SUPPORTED`) and one of its
//! accepted versions, and the rest is the header remainder (correlation id, client id, tags)
//! plus the body: every body decoder is reached without the fuzzer having to guess keys.
//!
//! The decoder is called without `decode_request`'s `catch_unwind`, and libFuzzer's panic
//! hook aborts on any panic anyway, so a contained panic is still a crash here.
#![no_main]


use bytes::Bytes;
use libfuzzer_sys::fuzz_target;
use protocol::kafka_protocol::messages::{ApiKey, RequestHeader, RequestKind};
use protocol::kafka_protocol::protocol::Decodable;
use protocol::versions::{self, SUPPORTED};
use protocol::{decode_request, legacy, FrameError};

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    if mode % 2 == 0 {
        check_frame(Bytes::copy_from_slice(rest));
        return;
    }
    let [api, version, tail @ ..] = rest else {
        return;
    };
    let range = SUPPORTED[usize::from(*api) % SUPPORTED.len()];
    // Produce's advertised-but-rejected versions (0..=2) take the legacy path.
    let lowest = range.advertise_min;
    let span = (range.max - lowest + 1) as u8;
    let version = lowest + i16::from(version % span);
    let mut frame = Vec::with_capacity(tail.len() + 4);
    frame.extend_from_slice(&(range.key as i16).to_be_bytes());
    frame.extend_from_slice(&version.to_be_bytes());
    frame.extend_from_slice(tail);
    if versions::is_accepted(range.key, version) {
        decode_inner(range.key, version, Bytes::from(frame.clone()));
    }
    check_frame(Bytes::from(frame));
});

/// The network layer's path: old Produce versions by hand, everything else through
/// `decode_request`, whose panic guard must never be what stops a bad frame.
fn check_frame(frame: Bytes) {
    if let Some(raw) = protocol::peek_header(&frame) {
        if raw.api_key == ApiKey::Produce as i16 && (0..=2).contains(&raw.api_version) {
            let _ = legacy::reject_old_produce(&frame);
        }
    }
    match decode_request(frame) {
        Ok(request) => validate_records(&request.body),
        Err(FrameError::Malformed {
            reason,
            key,
            version,
        }) => {
            assert!(
                reason != "decoder panicked",
                "{key:?} v{version} decoder panicked"
            );
        }
        Err(_) => {}
    }
}

/// The same decoding as `decode_request`, without its `catch_unwind`.
fn decode_inner(key: ApiKey, version: i16, frame: Bytes) {
    let mut buf = frame;
    if RequestHeader::decode(&mut buf, key.request_header_version(version)).is_err() {
        return;
    }
    if let Ok(body) = RequestKind::decode(key, &mut buf, version) {
        validate_records(&body);
    }
}

/// What the produce handler does next with decoded record bytes.
fn validate_records(body: &RequestKind) {
    let RequestKind::Produce(produce) = body else {
        return;
    };
    for topic in &produce.topic_data {
        for partition in &topic.partition_data {
            if let Some(records) = &partition.records {
                let _ = batch::validate_produce_batch(records, 1 << 20);
            }
        }
    }
}
