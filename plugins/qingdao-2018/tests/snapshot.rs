//! The plugin's record for its seed, locked: dispatch scores, the record as
//! sorted JSON, and each fact with its evidence. Run through a registry with
//! the built-in extractors, as `nianbao convert --plugin` would.

#![allow(clippy::unwrap_used)] // Tests fail loudly.

use nianbao_core::{Registry, SourceInfo};
use nianbao_plugin_qingdao_2018::Qingdao2018;
use std::fmt::Write;
use std::path::Path;

#[test]
fn seed_004() {
    let relative = "seeds/004_7b368c547beea769.txt";
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../snapshots/fixtures")
        .join(relative);
    let bytes = std::fs::read(&path).unwrap();
    let doc = nianbao_core::read_document(&bytes, Some("txt")).unwrap();
    let mut registry = Registry::new();
    registry.register(Box::new(nianbao_extractor_standard_2021::Standard2021));
    registry.register(Box::new(nianbao_extractor_standard_2019::Standard2019));
    registry.register(Box::new(nianbao_extractor_free_form::FreeForm));
    registry.register(Box::new(Qingdao2018));
    let source = SourceInfo {
        path: relative.to_string(),
        sha256: "[redacted]".to_string(),
        bytes: bytes.len() as u64,
        ..SourceInfo::default()
    };
    let record = registry.record(source, &doc);

    let mut out = String::new();
    for d in &record.dispatch {
        writeln!(out, "dispatch {} = {:.3}", d.extractor, d.score).unwrap();
    }
    out.push('\n');
    for (key, value) in &record.facts {
        let e = &record.evidence[key];
        writeln!(out, "{key} = {value} @{}..{} {:?}", e.start, e.end, e.text).unwrap();
    }
    out.push('\n');
    // Through serde_json::Value, whose maps are sorted.
    let sorted = serde_json::to_value(&record).unwrap();
    out.push_str(&serde_json::to_string_pretty(&sorted).unwrap());
    insta::assert_snapshot!(out);
}
