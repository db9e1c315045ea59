//! No allocation is sized by a length a `__consumer_offsets` record claims (issue 9): records are
//! read back from disk at every coordinator load, so a corrupt or hostile value with a huge array
//! count or string/bytes length must fail to decode after allocating no more than its own bytes
//! allow. Allocation sizes come from the protocol crate's test allocator (included by path).

#[path = "../../protocol/tests/common/largest_allocation.rs"]
mod largest_allocation;
use largest_allocation::largest_allocation;

use group::{consumer_subscription_topics, DecodeError, GroupRecord};

/// Largest allocation decoding one of these few-dozen-byte inputs may make.
const EXPECTED_BYTES_MAX: usize = 64 << 10;
/// The largest unsigned varint (u32::MAX: a compact length of 2^32 − 2).
const UVARINT_U32_MAX: [u8; 5] = [0xff, 0xff, 0xff, 0xff, 0x0f];

fn key(version: i16, strings: &[&str]) -> Vec<u8> {
    let mut k = version.to_be_bytes().to_vec();
    for s in strings {
        k.extend_from_slice(&(s.len() as i16).to_be_bytes());
        k.extend_from_slice(s.as_bytes());
    }
    k
}

fn assert_refused_cheaply(what: &str, key: &[u8], value: &[u8]) {
    let mut result = None;
    let largest = largest_allocation(|| result = Some(GroupRecord::decode(key, Some(value))));
    let result = result.expect("ran");
    // Refused at the lying length itself, not by an earlier field.
    assert!(
        matches!(result, Err(DecodeError::Truncated)),
        "{what}: {result:?}"
    );
    assert!(
        largest <= EXPECTED_BYTES_MAX,
        "{what}: {} value bytes made a {largest}-byte allocation",
        value.len()
    );
}

#[test]
fn hostile_lengths_in_group_records_allocate_by_the_bytes_present() {
    // GroupMetadata value v3: protocol type, generation, protocol, leader, state timestamp, then
    // a members count of i32::MAX.
    let mut group_metadata = 3i16.to_be_bytes().to_vec();
    group_metadata.extend_from_slice(&[0, 8]);
    group_metadata.extend_from_slice(b"consumer");
    group_metadata.extend_from_slice(&1i32.to_be_bytes());
    group_metadata.extend_from_slice(&[0xff, 0xff, 0xff, 0xff]); // null protocol, null leader
    group_metadata.extend_from_slice(&0i64.to_be_bytes());
    let mut members = group_metadata.clone();
    members.extend_from_slice(&i32::MAX.to_be_bytes());
    members.extend_from_slice(&[0; 16]);
    assert_refused_cheaply("members count i32::MAX", &key(2, &["g"]), &members);

    // OffsetCommit value v1: offset, metadata string claiming 32767 bytes, few present.
    let mut offset_commit = 1i16.to_be_bytes().to_vec();
    offset_commit.extend_from_slice(&7i64.to_be_bytes());
    offset_commit.extend_from_slice(&i16::MAX.to_be_bytes());
    offset_commit.extend_from_slice(b"meta");
    let commit_key = [key(1, &["g", "t"]), 0i32.to_be_bytes().to_vec()].concat();
    assert_refused_cheaply("offset metadata length 32767", &commit_key, &offset_commit);

    // KIP-848 target assignment member (key version 7): a compact array count of 2^32 - 2.
    let mut assignment = 0i16.to_be_bytes().to_vec();
    assignment.extend_from_slice(&UVARINT_U32_MAX);
    assignment.extend_from_slice(&[0; 16]);
    assert_refused_cheaply(
        "target assignment topics count 2^32-2",
        &key(7, &["g", "m"]),
        &assignment,
    );
    // A member's subscribed topic names: a compact array count of 2^32 - 2 after its strings.
    let mut member = 0i16.to_be_bytes().to_vec();
    member.extend_from_slice(&[0, 0, 2, b'c', 2, b'h']); // null instance, null rack, client, host
    member.extend_from_slice(&UVARINT_U32_MAX);
    member.extend_from_slice(&[0; 8]);
    assert_refused_cheaply(
        "subscribed topics count 2^32-2",
        &key(5, &["g", "m"]),
        &member,
    );
}

#[test]
fn hostile_counts_in_consumer_subscriptions_allocate_by_the_bytes_present() {
    let mut subscription = 0i16.to_be_bytes().to_vec();
    subscription.extend_from_slice(&i32::MAX.to_be_bytes());
    subscription.extend_from_slice(&[0, 1, b't']);
    let mut result = None;
    let largest = largest_allocation(|| result = Some(consumer_subscription_topics(&subscription)));
    assert_eq!(result, Some(None));
    assert!(largest <= EXPECTED_BYTES_MAX, "{largest}-byte allocation");
}
