//! Scores every fixture that has a gold answer: free-form must claim the
//! free-form reports and stay low on post-2019 reports and non-reports.

use nianbao_core::Extractor;
use nianbao_extractor_free_form::FreeForm;

#[test]
fn dispatch() -> Result<(), Box<dyn std::error::Error>> {
    let mut wrong = Vec::new();
    for case in nianbao_test_support::gold_cases()? {
        let (path, doc) = (&case.doc_path, &case.doc);
        let template = case.gold["template"].as_str().unwrap_or("");
        let score = FreeForm.score(doc);
        let sections: Vec<String> = nianbao_extractor_free_form::outline(doc)
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
