//! Scores every fixture that has a gold answer: free-form must claim the
//! free-form reports and stay low on post-2019 reports and non-reports.

use nianbao_core::Extractor;
use nianbao_extractor_free_form::FreeForm;
use serde_json::Value as Json;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../snapshots")
}

fn fixture(doc: &str) -> PathBuf {
    let name = doc.rsplit('/').next().unwrap_or(doc);
    let dir = if doc.starts_with("seeds/") {
        "seeds"
    } else if doc.starts_with("own/") {
        "own"
    } else {
        "corpus"
    };
    root().join("fixtures").join(dir).join(name)
}

#[test]
fn dispatch() -> Result<(), Box<dyn std::error::Error>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("gold"))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    files.sort();
    let mut wrong = Vec::new();
    for gold_path in files {
        let gold: Json = serde_json::from_str(&std::fs::read_to_string(&gold_path)?)?;
        let template = gold["template"].as_str().unwrap_or("");
        let path = fixture(gold["doc"].as_str().ok_or("gold without doc")?);
        let bytes = std::fs::read(&path)?;
        let doc = nianbao_core::read_document(&bytes, path.extension().and_then(|e| e.to_str()))?;
        let score = FreeForm.score(&doc);
        let sections: Vec<String> = nianbao_extractor_free_form::outline(&doc)
            .iter()
            .map(|s| format!("{:?}", s.kind))
            .collect();
        println!(
            "{:<45} {template:<14} free-form {score:.3}  {}",
            path.file_name().and_then(|n| n.to_str()).unwrap_or(""),
            sections.join(" ")
        );
        let ok = match template {
            "free-form" => score >= 0.5,
            "unknown" => score < 0.3,
            _ => score < 0.2,
        };
        if !ok {
            wrong.push(format!("{} ({template}): {score:.3}", path.display()));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
    Ok(())
}
