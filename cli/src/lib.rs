//! The nianbao command line as a library: walking paths, reading files into
//! records, the streaming batch driver, writers, detection tables and
//! evaluation against gold files.
//!
//! The binary (`src/main.rs`) only parses arguments and maps the outcome of
//! [`app::run`] to an exit code. Everything else lives here so that tests and
//! the snapshot harness run exactly the code the command line runs; in
//! particular [`convert_bytes`] is the per-document function of
//! `nianbao convert`.
//!
//! This crate does not extract anything itself: templates are the extractors'
//! business (see [`builtin_registry`]), decoding and the document model are
//! `nianbao-core`'s.
//!
//! Key types: [`walk::Walk`] and [`walk::Input`] (what to read),
//! [`convert::Summary`] (the closing stderr line), [`write::RecordWriter`]
//! (json, jsonl, csv), [`eval::Metrics`] and [`eval::Gold`].

pub mod app;
pub mod convert;
pub mod detect;
pub mod eval;
pub mod walk;
pub mod write;

pub use convert::{DEFAULT_MAX_BYTES, convert_bytes, convert_input};

use nianbao_core::Registry;

/// A registry with every built-in extractor.
pub fn builtin_registry() -> Registry {
    let mut r = Registry::new();
    r.register(Box::new(nianbao_extractor_standard_2021::Standard2021));
    r.register(Box::new(nianbao_extractor_standard_2019::Standard2019));
    r.register(Box::new(nianbao_extractor_free_form::FreeForm));
    #[cfg(feature = "qingdao-2018")]
    r.register(Box::new(nianbao_plugin_qingdao_2018::Qingdao2018));
    r
}

/// The `nianbao plugins list` lines of the plugins compiled into this binary
/// (cargo features).
pub fn compiled_in_plugins() -> Vec<String> {
    #[allow(unused_mut)]
    let mut lines = Vec::new();
    #[cfg(feature = "qingdao-2018")]
    lines.push(nianbao_plugin_host::list_line(
        "qingdao-2018",
        nianbao_plugin_qingdao_2018::VERSION,
        None,
        "(compiled in)",
        "ok",
    ));
    lines
}
