//! Snapshot tests for every fixture: `build.rs` generates one test per file
//! in `fixtures/` into `tests/fixtures.rs`, whose snapshots live in
//! `snapshots/`. Hand-checked answers for `nianbao eval` live in `gold/`.
//! This library itself is empty.
