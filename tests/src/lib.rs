//! The `tests` crate: Sluice's real-client integration tests. It has no library code; the one
//! test binary is `tests/integration/main.rs`.
//!
//! Where it runs: on the test machine, as ordinary processes. Each test spawns its own `sluice`
//! (built by `cargo build -p broker` into `target/debug/sluice`, or `SLUICE_BIN`) on a free
//! loopback port with a temporary data dir, and drives it with real Kafka client programs
//! (tests/clients) that `tests/setup` installs into `tests/.deps`.
//!
//! Invariants: no mocks — every assertion is about bytes that went through a real client and a
//! real TCP connection; a missing client fails its tests (never skips them); anything random is
//! seeded and the seed printed. `SLUICE_TEST_AGAINST=kafka` runs the same tests against Apache
//! Kafka, which is how the expectations themselves are checked.
//!
//! Deliberately not here: unit tests of the broker's crates (they live in those crates), and
//! performance measurements (perf/).
