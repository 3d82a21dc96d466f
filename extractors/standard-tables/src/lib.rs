//! Readers for the national templates' tables (二, 三, 四) and the grammar of
//! their cells, shared by the `standard-2019` and `standard-2021` extractors.
//!
//! Not an extractor itself.
