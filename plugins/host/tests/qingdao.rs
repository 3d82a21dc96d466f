//! The example plugin end to end: built as a dynamic library, found and
//! loaded by the host, and reading exactly what it reads in process.

#![allow(clippy::unwrap_used)] // Tests fail loudly.

mod common;

use common::{builtins, document, fixture, fixtures, library};
use nianbao_core::{Extractor, Fact};
use nianbao_plugin_host::{list_lines, load_plugins};
use nianbao_plugin_qingdao_2018::Qingdao2018;

const SEED: &str = "seeds/004_7b368c547beea769.txt";

/// `key = value @start..end "text"` per fact.
fn render(facts: &[Fact]) -> Vec<String> {
    facts
        .iter()
        .map(|f| {
            format!(
                "{} = {} @{}..{} {:?}",
                f.key, f.value, f.evidence.start, f.evidence.end, f.evidence.text
            )
        })
        .collect()
}

#[test]
fn loads_with_its_identity() {
    let path = library("nianbao_plugin_qingdao_2018");
    let (loaded, errors) = load_plugins(std::slice::from_ref(&path), None);
    assert!(errors.is_empty(), "{errors:?}");
    let plugin = &loaded[0];
    assert_eq!(plugin.id, "qingdao-2018");
    assert_eq!(plugin.version, env!("CARGO_PKG_VERSION"));
    assert_eq!(plugin.abi, (1, 0));
    assert_eq!(plugin.path, path);
    assert_eq!(plugin.extractor.id(), "qingdao-2018");
    assert_eq!(
        list_lines(&loaded, &[]),
        [format!(
            "qingdao-2018\t{}\tabi 1.0\t{}\tok",
            env!("CARGO_PKG_VERSION"),
            path.display()
        )]
    );
}

#[test]
fn reads_the_seed_through_the_abi() {
    let (mut loaded, _) = load_plugins(&[library("nianbao_plugin_qingdao_2018")], None);
    let plugin = loaded.remove(0);
    let doc = document(&fixture(SEED));
    assert!(plugin.extractor.score(&doc) >= 0.97);
    let facts = plugin.extractor.extract(&doc).facts;
    let ours: Vec<String> = render(&facts)
        .into_iter()
        .filter(|f| f.starts_with("x."))
        .collect();
    let source = &doc.source;
    let at = |needle: &str, digits: &str| {
        let start = source.find(needle).unwrap() + needle.len() - digits.len();
        start..start + digits.len()
    };
    let line = |key: &str, needle: &str, digits: &str| {
        let r = at(needle, digits);
        format!(
            "x.qingdao-2018.{key} = {digits} @{}..{} {digits:?}",
            r.start, r.end
        )
    };
    assert_eq!(
        ours,
        [
            line("policy_interpretations", "全年共发布政策解读6", "6"),
            line("public_concerns.responded", "热点问题26", "26"),
            line("press_conferences", "全年共召开新闻发布会5", "5"),
            line("online_interactions", "在线交流活动10", "10"),
            line("proposals.handled", "承办建议提案75", "75"),
            line("proposals.lead", "主办件24", "24"),
            line("press_conferences.principal", "新闻发布会1", "1"),
        ]
    );
}

#[test]
fn the_library_agrees_with_the_crate_on_every_fixture() {
    let (mut loaded, _) = load_plugins(&[library("nianbao_plugin_qingdao_2018")], None);
    let plugin = loaded.remove(0);
    for path in fixtures() {
        let doc = document(&path);
        let name = path.display();
        assert_eq!(
            plugin.extractor.score(&doc),
            Qingdao2018.score(&doc),
            "{name}"
        );
        let (a, b) = (plugin.extractor.extract(&doc), Qingdao2018.extract(&doc));
        assert_eq!(render(&a.facts), render(&b.facts), "{name}");
        assert_eq!(a.meta, b.meta, "{name}");
        assert_eq!(a.warnings, b.warnings, "{name}");
    }
}

#[test]
fn wins_the_seed_in_a_registry_and_only_the_seed() {
    let (mut loaded, _) = load_plugins(&[library("nianbao_plugin_qingdao_2018")], None);
    let mut registry = builtins();
    registry.register(loaded.remove(0).extractor);
    for path in fixtures() {
        let outcome = registry.run(&document(&path));
        assert!(
            outcome
                .dispatch
                .iter()
                .any(|d| d.extractor == "qingdao-2018"),
            "{}",
            path.display()
        );
        let is_seed = path.ends_with(SEED);
        assert_eq!(
            outcome.template == "qingdao-2018",
            is_seed,
            "{}: {:?}",
            path.display(),
            outcome.dispatch
        );
    }
}

#[test]
fn found_through_the_plugin_path() {
    let dir = tempfile::tempdir().unwrap();
    let prefix = std::env::consts::DLL_PREFIX;
    let suffix = std::env::consts::DLL_SUFFIX;
    let installed = dir
        .path()
        .join(format!("{prefix}nianbao_plugin_qingdao_2018{suffix}"));
    std::fs::copy(library("nianbao_plugin_qingdao_2018"), &installed).unwrap();
    // A file with a plugin's name that is not a library: an error, and the
    // others still load.
    let junk = dir
        .path()
        .join(format!("{prefix}nianbao_plugin_junk{suffix}"));
    std::fs::write(&junk, "not a library").unwrap();
    // Files without a plugin's name are not looked at.
    std::fs::copy(
        library("nianbao_test_plugin_faulty"),
        dir.path()
            .join(format!("{prefix}nianbao_test_plugin_faulty{suffix}")),
    )
    .unwrap();
    std::fs::write(dir.path().join("README.txt"), "plugins").unwrap();
    let missing = dir.path().join("missing");
    let env = std::env::join_paths([dir.path(), missing.as_path()]).unwrap();
    let (loaded, errors) = load_plugins(&[], Some(&env));
    let ids: Vec<&str> = loaded.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["qingdao-2018"]);
    assert_eq!(loaded[0].path, installed);
    let lines = list_lines(&loaded, &errors);
    assert_eq!(lines.len(), 3, "{lines:#?}");
    // Directories are listed before any file is loaded.
    assert!(lines[1].starts_with(&format!(
        "-\t-\t-\t{}\terror: cannot read plugin directory: ",
        missing.display()
    )));
    assert!(lines[2].starts_with(&format!(
        "-\t-\t-\t{}\terror: cannot load library: ",
        junk.display()
    )));
}

#[test]
fn scores_in_parallel() {
    let (mut loaded, _) = load_plugins(&[library("nianbao_plugin_qingdao_2018")], None);
    let plugin = loaded.remove(0);
    let docs: Vec<_> = fixtures().iter().map(|p| document(p)).collect();
    let expected: Vec<f64> = docs.iter().map(|d| Qingdao2018.score(d)).collect();
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| {
                for _ in 0..3 {
                    let got: Vec<f64> = docs.iter().map(|d| plugin.extractor.score(d)).collect();
                    assert_eq!(got, expected);
                }
            });
        }
    });
}
