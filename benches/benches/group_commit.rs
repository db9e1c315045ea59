//! The CPU cost of one offset commit on the coordinator's shard: the group state machine
//! (`GroupCoordinator::offset_commit`, which validates, builds the records and replays them)
//! plus encoding those records into a v2 batch and validating it, as the runtime does before
//! appending (shards/runtime/src/groups.rs `append`). The append's IO is in log_append.
//!
//! One simple group (generation -1, empty member id: a consumer committing outside a group),
//! 1 and 100 partitions per commit, a new offset every commit.

use batch::builder::BatchBuilder;
use bytes::Bytes;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use group::{
    Effects, GroupConfig, GroupCoordinator, OffsetCommitPartition, OffsetCommitRequest,
    OffsetCommitTopic, DEFAULT_COMMIT_TIMESTAMP_MS, DEFAULT_RETENTION_TIME_MS,
};

const NOW_MS: i64 = 1_700_000_000_000;
/// OffsetCommit v9, what current clients send.
const API_VERSION: i16 = 9;
/// A seed for member ids; simple commits create none.
const MEMBER_ID_SEED: u64 = 1;

fn request(partitions: i32, offset: i64) -> OffsetCommitRequest {
    OffsetCommitRequest {
        api_version: API_VERSION,
        group_id: "bench-group".to_string(),
        generation_id: -1,
        member_id: String::new(),
        group_instance_id: None,
        retention_time_ms: DEFAULT_RETENTION_TIME_MS,
        topics: vec![OffsetCommitTopic {
            name: "bench-topic".to_string(),
            partitions: (0..partitions)
                .map(|partition| OffsetCommitPartition {
                    partition,
                    offset,
                    leader_epoch: -1,
                    metadata: Some(String::new()),
                    commit_timestamp_ms: DEFAULT_COMMIT_TIMESTAMP_MS,
                })
                .collect(),
        }],
    }
}

/// One commit: state machine, then the records encoded and validated as one batch.
fn commit(coordinator: &mut GroupCoordinator, request: &OffsetCommitRequest) -> usize {
    let mut fx = Effects::default();
    let results = coordinator.offset_commit(request, NOW_MS, &mut fx);
    debug_assert!(results
        .iter()
        .flat_map(|t| &t.partitions)
        .all(|p| p.error_code == model::ErrorCode::None));
    let mut builder = BatchBuilder::new().base_timestamp_ms(NOW_MS);
    for record in &fx.records {
        let key = record.encode_key();
        let value = record.encode_value();
        builder = builder.record(0, Some(&key), value.as_deref());
    }
    let bytes = Bytes::from(builder.build());
    batch::validate_batches(&bytes, usize::MAX)
        .expect("the coordinator's own batch is valid")
        .len()
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("group_commit");
    for partitions in [1, 100] {
        let mut coordinator = GroupCoordinator::new(GroupConfig::default(), MEMBER_ID_SEED);
        coordinator.finish_loading(NOW_MS);
        // Offsets cycle through a fixed set so that building requests stays out of the loop.
        let requests: Vec<OffsetCommitRequest> =
            (0..64).map(|offset| request(partitions, offset)).collect();
        let mut next = 0;
        group.throughput(Throughput::Elements(1));
        group.bench_function(format!("{partitions}_partitions"), |b| {
            b.iter(|| {
                next = (next + 1) % requests.len();
                commit(&mut coordinator, std::hint::black_box(&requests[next]))
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
