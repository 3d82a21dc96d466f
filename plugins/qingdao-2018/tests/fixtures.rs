//! The plugin over every fixture, in process: it claims the Qingdao 2018
//! seed above every built-in extractor, claims nothing else, and reads the
//! seed's figures with exact evidence.

#![allow(clippy::unwrap_used)] // Tests fail loudly.

use nianbao_core::{Document, Extractor, Registry, SourceInfo};
use nianbao_plugin_qingdao_2018::Qingdao2018;
use std::path::{Path, PathBuf};

const SEED: &str = "seeds/004_7b368c547beea769.txt";

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../snapshots/fixtures")
}

fn fixtures() -> Vec<PathBuf> {
    let mut all = Vec::new();
    for dir in ["seeds", "corpus"] {
        for entry in std::fs::read_dir(fixtures_dir().join(dir)).unwrap() {
            all.push(entry.unwrap().path());
        }
    }
    all.sort();
    all
}

fn document(path: &Path) -> Document {
    let bytes = std::fs::read(path).unwrap();
    nianbao_core::read_document(&bytes, path.extension().and_then(|e| e.to_str())).unwrap()
}

fn registry() -> Registry {
    let mut r = Registry::new();
    r.register(Box::new(nianbao_extractor_standard_2021::Standard2021));
    r.register(Box::new(nianbao_extractor_standard_2019::Standard2019));
    r.register(Box::new(nianbao_extractor_free_form::FreeForm));
    r.register(Box::new(Qingdao2018));
    r
}

#[test]
fn claims_the_seed_and_nothing_else() {
    let free_form = nianbao_extractor_free_form::FreeForm;
    let all = fixtures();
    assert!(all.len() > 10);
    for path in all {
        let doc = document(&path);
        let ours = Qingdao2018.score(&doc);
        let theirs = free_form.score(&doc);
        let name = path.display();
        if path.ends_with(SEED) {
            assert!(ours >= 0.97, "{name}: {ours}");
            assert!(ours > theirs, "{name}: {ours} vs free-form {theirs}");
        } else {
            assert!(ours < 0.05, "{name}: {ours}");
        }
        let outcome = registry().run(&doc);
        assert_eq!(
            outcome.template == "qingdao-2018",
            path.ends_with(SEED),
            "{name}"
        );
    }
}

#[test]
fn reads_the_seed() {
    let doc = document(&fixtures_dir().join(SEED));
    let record = registry().record(SourceInfo::default(), &doc);
    assert_eq!(record.template, "qingdao-2018");
    let ours: Vec<(&str, String, &str)> = record
        .facts
        .iter()
        .filter_map(|(k, v)| {
            let key = k.strip_prefix("x.qingdao-2018.")?;
            Some((key, v.to_string(), record.evidence[k].text.as_str()))
        })
        .collect();
    let expected = [
        ("online_interactions", "10"),
        ("policy_interpretations", "6"),
        ("press_conferences", "5"),
        ("press_conferences.principal", "1"),
        ("proposals.handled", "75"),
        ("proposals.lead", "24"),
        ("public_concerns.responded", "26"),
    ];
    let expected: Vec<(&str, String, &str)> = expected
        .iter()
        .map(|(k, v)| (*k, v.to_string(), *v))
        .collect();
    assert_eq!(ours, expected);
    // No fact was dropped for bad evidence.
    assert!(
        !record.warnings.iter().any(|w| w.contains("dropped")),
        "{:?}",
        record.warnings
    );
}
