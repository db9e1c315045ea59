//! Integration tests live in tests/integration (one test binary).
