//! Criterion benchmarks for Sluice hot paths; see benches/benches/.
