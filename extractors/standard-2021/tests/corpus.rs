//! Measures the standard extractors on every fixture with a gold answer
//! (snapshots/gold): template chosen, and table cells (`t2.`, `t3.`, `t4.`)
//! right, wrong and missing. A wrong value fails the test; so does a
//! post-2019 report sent to the wrong template, or accuracy under the floor.

use nianbao_core::{Extractor, Registry, Value};
use nianbao_extractor_free_form::FreeForm;
use nianbao_extractor_standard_2019::Standard2019;
use nianbao_extractor_standard_2021::Standard2021;
use serde_json::Value as Json;
use std::collections::BTreeMap;

/// Cell accuracy the corpus must keep (raised as the readers improve).
const FLOOR: f64 = 0.997;

fn registry() -> Registry {
    let mut r = Registry::new();
    r.register(Box::new(FreeForm));
    r.register(Box::new(Standard2019));
    r.register(Box::new(Standard2021));
    r
}

struct Tally {
    right: usize,
    wrong: Vec<String>,
    missing: Vec<String>,
}

fn is_table_key(k: &str) -> bool {
    k.starts_with("t2.") || k.starts_with("t3.") || k.starts_with("t4.")
}

#[test]
fn corpus() {
    let registry = registry();
    let (mut right, mut wrong, mut missing) = (0, 0, 0);
    let mut template_errors = Vec::new();
    let mut report = String::new();
    for case in nianbao_test_support::gold_cases().expect("gold answers and their fixtures") {
        let (gold, doc) = (&case.gold, &case.doc);
        let file = case.doc_path.file_name().expect("doc file name");
        let outcome = registry.run(doc);
        let want = gold["template"].as_str().expect("gold template");
        let standard = want.starts_with("standard-");
        let got_standard = outcome.template.starts_with("standard-");
        if (standard && outcome.template != want) || (!standard && got_standard) {
            template_errors.push(format!(
                "{}: template {} (want {want}), scores {:?}",
                file.to_string_lossy(),
                outcome.template,
                outcome.dispatch
            ));
        }
        // Evidence must be the source text.
        for f in &outcome.extraction.facts {
            assert_eq!(
                doc.source.get(f.evidence.start..f.evidence.end),
                Some(f.evidence.text.as_str()),
                "{}: evidence of {}",
                file.to_string_lossy(),
                f.key
            );
        }
        let gold_facts: BTreeMap<String, f64> = gold["facts"]
            .as_object()
            .expect("gold facts")
            .iter()
            .filter(|(k, _)| is_table_key(k))
            .map(|(k, v)| (k.clone(), v.as_f64().expect("numeric gold value")))
            .collect();
        let ambiguous: Vec<&str> = gold["ambiguous"]
            .as_array()
            .map(|a| a.iter().filter_map(Json::as_str).collect())
            .unwrap_or_default();
        let got: BTreeMap<&str, Value> = if got_standard {
            outcome
                .extraction
                .facts
                .iter()
                .filter(|f| is_table_key(&f.key))
                .map(|f| (f.key.as_str(), f.value))
                .collect()
        } else {
            BTreeMap::new()
        };
        let mut t = Tally {
            right: 0,
            wrong: Vec::new(),
            missing: Vec::new(),
        };
        for (k, want) in &gold_facts {
            match got.get(k.as_str()) {
                Some(v) if (v.as_f64() - want).abs() < 1e-9 => t.right += 1,
                Some(v) => t.wrong.push(format!("{k} = {v} (gold {want})")),
                None => t.missing.push(k.clone()),
            }
        }
        for (k, v) in &got {
            if !gold_facts.contains_key(*k) && !ambiguous.contains(k) {
                t.wrong.push(format!("{k} = {v} (gold: absent)"));
            }
        }
        report.push_str(&format!(
            "{:<45} {:<14} right {:>3}  wrong {:>2}  missing {:>3}\n",
            file.to_string_lossy(),
            outcome.template,
            t.right,
            t.wrong.len(),
            t.missing.len()
        ));
        for w in &t.wrong {
            report.push_str(&format!("    WRONG {w}\n"));
        }
        if !t.missing.is_empty() {
            let shown: Vec<&str> = t.missing.iter().take(12).map(String::as_str).collect();
            report.push_str(&format!(
                "    missing: {}{}\n",
                shown.join(", "),
                if t.missing.len() > 12 { " …" } else { "" }
            ));
        }
        if std::env::var("CORPUS_VERBOSE").is_ok() {
            let scores: Vec<String> = outcome
                .dispatch
                .iter()
                .map(|d| format!("{} {:.3}", d.extractor, d.score))
                .collect();
            report.push_str(&format!("    dispatch: {}\n", scores.join(", ")));
            for w in &outcome.extraction.warnings {
                report.push_str(&format!("    warning: {w}\n"));
            }
        }
        right += t.right;
        wrong += t.wrong.len();
        missing += t.missing.len();
    }
    let total = right + wrong + missing;
    let accuracy = if total == 0 {
        1.0
    } else {
        right as f64 / total as f64
    };
    report.push_str(&format!(
        "TOTAL cells {total}: right {right}, wrong {wrong}, missing {missing}; accuracy {:.2}%\n",
        accuracy * 100.0
    ));
    for e in &template_errors {
        report.push_str(&format!("TEMPLATE {e}\n"));
    }
    println!("{report}");
    assert_eq!(wrong, 0, "wrong values:\n{report}");
    assert!(template_errors.is_empty(), "template errors:\n{report}");
    assert!(accuracy >= FLOOR, "accuracy below {FLOOR}:\n{report}");
    // The extractor ids are the directory names.
    assert_eq!(Standard2021.id(), "standard-2021");
    assert_eq!(Standard2019.id(), "standard-2019");
}
