//! Snapshot tests live in `tests/`; fixtures in `fixtures/`.
