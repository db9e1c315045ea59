//! Criterion benchmarks for Sluice hot paths; see benches/benches/.
//!
//! Runs nowhere in production: a dev-only crate. Each bench builds its own input; those that
//! need a shard run a glommio `LocalExecutor` on the bench thread with small io memory (the
//! memlock limit on our machines is 8 MiB). Benchmarks, not tests: nothing here asserts speed.
