//! Every fault a plugin can have, each a clear one-line error or warning
//! naming the file or plugin, while the batch goes on.

#![allow(clippy::unwrap_used)] // Tests fail loudly.

mod common;

use common::{Fallback, library, text};
use nianbao_core::{Outcome, Registry};
use nianbao_plugin_host::{LoadedPlugin, PluginError, load_plugins};
use std::path::{Path, PathBuf};

/// Loads one file and returns its error message.
#[track_caller]
fn load_error(path: &Path) -> String {
    let (loaded, errors) = load_plugins(&[path.to_path_buf()], None);
    assert!(loaded.is_empty());
    assert_eq!(errors.len(), 1);
    let message = errors[0].to_string();
    assert!(!message.contains('\n'), "{message}");
    assert_eq!(errors[0].path(), path);
    message
}

#[track_caller]
fn check_load_error(path: &Path, expected_reason: &str) {
    assert_eq!(
        load_error(path),
        format!("{}: {expected_reason}", path.display())
    );
}

#[test]
fn missing_file() {
    check_load_error(
        Path::new("/nonexistent/libnianbao_plugin_x.so"),
        "cannot load library: no such file",
    );
}

#[test]
fn text_file_is_not_a_library() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("libnianbao_plugin_notes.so");
    std::fs::write(&path, "just some text\n").unwrap();
    let message = load_error(&path);
    assert!(
        message.starts_with(&format!("{}: cannot load library: ", path.display())),
        "{message}"
    );
}

#[test]
fn library_without_entry_point() {
    check_load_error(
        &library("nianbao_test_plugin_no_entry"),
        "not a nianbao plugin (no symbol nianbao_plugin_entry_v1)",
    );
}

#[test]
fn abi_major_mismatch() {
    check_load_error(
        &library("nianbao_test_plugin_bad_abi"),
        "plugin ABI 2.0 is not supported (this host reads ABI 1.x)",
    );
}

#[test]
fn descriptor_too_small() {
    check_load_error(
        &library("nianbao_test_plugin_bad_size"),
        &format!(
            "bad descriptor size 16 (ABI 1.0 needs at least {} bytes)",
            size_of::<nianbao_plugin_abi::PluginDescriptor>()
        ),
    );
}

#[test]
fn the_batch_goes_on() {
    let files: Vec<PathBuf> = [
        "nianbao_test_plugin_no_entry",
        "nianbao_test_plugin_bad_abi",
        "nianbao_plugin_qingdao_2018",
        "nianbao_test_plugin_bad_size",
        "nianbao_test_plugin_faulty",
    ]
    .iter()
    .map(|name| library(name))
    .collect();
    let (loaded, errors) = load_plugins(&files, None);
    let ids: Vec<&str> = loaded.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["qingdao-2018", "faulty"]);
    let failed: Vec<&Path> = errors.iter().map(PluginError::path).collect();
    assert_eq!(failed, [&files[0], &files[1], &files[3]]);
}

#[test]
fn duplicate_ids_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let original = library("nianbao_plugin_qingdao_2018");
    let copy = dir.path().join("libnianbao_plugin_copy.so");
    std::fs::copy(&original, &copy).unwrap();
    let (loaded, errors) = load_plugins(&[original.clone(), copy.clone(), original.clone()], None);
    assert_eq!(loaded.len(), 1);
    assert_eq!(
        errors.iter().map(ToString::to_string).collect::<Vec<_>>(),
        [format!(
            "{}: plugin id qingdao-2018 is already taken by {}",
            copy.display(),
            original.display()
        )]
    );
}

#[test]
fn ids_of_built_in_extractors_are_refused() {
    let path = library("nianbao_plugin_qingdao_2018");
    let (loaded, _) = load_plugins(std::slice::from_ref(&path), None);
    let (kept, refused) = nianbao_plugin_host::refuse_taken(loaded, &["free-form", "qingdao-2018"]);
    assert!(kept.is_empty());
    assert_eq!(
        refused.iter().map(ToString::to_string).collect::<Vec<_>>(),
        [format!(
            "{}: plugin id qingdao-2018 is already taken by a built-in extractor",
            path.display()
        )]
    );
}

/// A registry holding a fresh load of the faulty plugin after [`Fallback`].
fn faulty_registry() -> Registry {
    let (mut loaded, errors) = load_plugins(&[library("nianbao_test_plugin_faulty")], None);
    assert!(errors.is_empty(), "{errors:?}");
    let plugin: LoadedPlugin = loaded.remove(0);
    let mut registry = Registry::new();
    registry.register(Box::new(Fallback));
    registry.register(plugin.extractor);
    registry
}

/// The plugin's score in an outcome's dispatch.
fn faulty_score(outcome: &Outcome) -> f64 {
    outcome
        .dispatch
        .iter()
        .find(|d| d.extractor == "faulty")
        .map(|d| d.score)
        .unwrap()
}

/// `key @start..end` for each fact of an outcome.
fn facts(outcome: &Outcome) -> Vec<String> {
    outcome
        .extraction
        .facts
        .iter()
        .map(|f| format!("{} @{}..{}", f.key, f.evidence.start, f.evidence.end))
        .collect()
}

/// A plugin's own warnings in an outcome (the generic ones left out).
fn warnings(outcome: &Outcome) -> Vec<&str> {
    outcome
        .extraction
        .warnings
        .iter()
        .map(String::as_str)
        .filter(|w| w.contains("faulty"))
        .collect()
}

#[test]
fn panic_in_score_scores_zero_and_disables() {
    let registry = faulty_registry();
    let outcome = registry.run(&text("fault:score-panic\n"));
    assert_eq!(outcome.template, "fallback");
    assert_eq!(faulty_score(&outcome), 0.0);
    assert_eq!(
        warnings(&outcome),
        ["extractor faulty panicked while scoring"]
    );
    // Disabled for the rest of the run: a document it would claim is not
    // even scored.
    let outcome = registry.run(&text("fault:bad-keys\n"));
    assert_eq!(outcome.template, "fallback");
    assert_eq!(faulty_score(&outcome), 0.0);
    assert!(warnings(&outcome).is_empty());
}

#[test]
fn panic_in_extract_falls_back_and_disables() {
    let registry = faulty_registry();
    let outcome = registry.run(&text("fault:extract-panic\n"));
    assert_eq!(outcome.template, "fallback");
    assert_eq!(faulty_score(&outcome), 0.99);
    assert_eq!(
        warnings(&outcome),
        ["extractor faulty (score 0.990) panicked while extracting; falling back"]
    );
    let outcome = registry.run(&text("fault:bad-keys\n"));
    assert_eq!(
        (outcome.template.as_str(), faulty_score(&outcome)),
        ("fallback", 0.0)
    );
}

#[test]
fn invalid_json_is_dropped_whole() {
    let registry = faulty_registry();
    let outcome = registry.run(&text("fault:bad-json\n"));
    assert_eq!(outcome.template, "faulty");
    assert!(facts(&outcome).is_empty());
    assert_eq!(
        warnings(&outcome),
        [
            "plugin faulty returned invalid JSON (expected ident at line 1 column 14); its output is dropped"
        ]
    );
    // Not disabled: the next document is read.
    let outcome = registry.run(&text("fault:ok\n"));
    assert_eq!(facts(&outcome), ["x.faulty.marker @0..6"]);
}

#[test]
fn keys_outside_the_namespace_are_dropped() {
    let registry = faulty_registry();
    let outcome = registry.run(&text("fault:bad-keys\n"));
    assert_eq!(outcome.template, "faulty");
    assert_eq!(facts(&outcome), ["x.faulty.marker @0..6"]);
    assert_eq!(
        warnings(&outcome),
        [
            "plugin faulty: fact x.other.marker dropped: key is neither canonical nor under x.faulty.",
            "plugin faulty: fact t3.invented.total dropped: key is neither canonical nor under x.faulty.",
        ]
    );
}

#[test]
fn evidence_that_does_not_match_is_dropped() {
    let registry = faulty_registry();
    let outcome = registry.run(&text("fault:bad-evidence 青岛\n"));
    assert_eq!(outcome.template, "faulty");
    assert_eq!(facts(&outcome), ["x.faulty.marker @0..6"]);
    assert_eq!(
        warnings(&outcome),
        [
            r#"plugin faulty: fact x.faulty.wrong_text dropped: evidence text "999" is not the source under 0..3 ("fau")"#,
            "plugin faulty: fact x.faulty.out_of_bounds dropped: evidence span 26..29 is out of bounds (the source has 26 bytes)",
            "plugin faulty: fact x.faulty.split_char dropped: evidence span 20..21 does not fall on character boundaries",
        ]
    );
}
