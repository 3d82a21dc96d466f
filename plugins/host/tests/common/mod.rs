//! Shared helpers for the host's integration tests.

#![allow(dead_code)]

use nianbao_core::{Document, Extraction, Extractor, Registry};
use std::path::{Path, PathBuf};

/// The dynamic library of a workspace crate (by its library name, such as
/// `nianbao_plugin_qingdao_2018`). The crates are dev-dependencies, so cargo
/// builds their `cdylib` next to this test binary, in `target/<profile>/deps`.
pub fn library(name: &str) -> PathBuf {
    nianbao_test_support::built_library(name)
        .unwrap_or_else(|| panic!("the dynamic library of {name} was not built"))
}

/// A fixture of `snapshots/fixtures`.
pub fn fixture(relative: &str) -> PathBuf {
    nianbao_test_support::fixture(relative)
}

/// Every fixture file, sorted.
pub fn fixtures() -> Vec<PathBuf> {
    let mut all = Vec::new();
    for dir in ["seeds", "corpus"] {
        for entry in std::fs::read_dir(fixture(dir)).unwrap() {
            all.push(entry.unwrap().path());
        }
    }
    all.sort();
    all
}

/// Reads a file as nianbao does.
pub fn document(path: &Path) -> Document {
    let bytes = std::fs::read(path).unwrap();
    let ext = path.extension().and_then(|e| e.to_str());
    nianbao_core::read_document(&bytes, ext).unwrap()
}

/// A document from plain text.
pub fn text(source: &str) -> Document {
    Document::parse(
        source.to_string(),
        nianbao_core::SourceFormat::Text,
        "utf-8",
    )
}

/// An extractor that claims every document at 0.5 and extracts nothing:
/// the next-best extractor a failing plugin falls back to.
pub struct Fallback;

impl Extractor for Fallback {
    fn id(&self) -> &str {
        "fallback"
    }

    fn score(&self, _doc: &Document) -> f64 {
        0.5
    }

    fn extract(&self, _doc: &Document) -> Extraction {
        Extraction::default()
    }
}

/// The built-in extractors (as the CLI registers them).
pub fn builtins() -> Registry {
    let mut r = Registry::new();
    r.register(Box::new(nianbao_extractor_standard_2021::Standard2021));
    r.register(Box::new(nianbao_extractor_standard_2019::Standard2019));
    r.register(Box::new(nianbao_extractor_free_form::FreeForm));
    r
}
