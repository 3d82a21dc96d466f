//! Measures `narrative::read` against the gold answers in `snapshots/gold`:
//! `n.` precision and recall (ambiguous keys left out) and meta accuracy
//! (agency, year, published). Prints per-fixture figures and asserts floors.

use nianbao_core::Value;
use serde_json::Value as Json;

#[derive(Default)]
struct Score {
    tp: usize,
    fp: usize,
    fn_: usize,
    meta_ok: usize,
    meta_all: usize,
}

fn same(a: Value, b: &Json) -> bool {
    b.as_f64().is_some_and(|b| (a.as_f64() - b).abs() < 1e-6)
}

#[test]
fn corpus() -> Result<(), Box<dyn std::error::Error>> {
    let mut total = Score::default();
    for case in nianbao_test_support::gold_cases()? {
        let (gold, doc) = (&case.gold, &case.doc);
        // Documents no extractor should claim have no record to read facts
        // from; the extractors' dispatch tests cover them.
        if gold["template"].as_str() == Some("unknown") {
            continue;
        }
        let x = nianbao_narrative::read(doc);
        let ambiguous: Vec<&str> = gold["ambiguous"]
            .as_array()
            .map(|a| a.iter().filter_map(Json::as_str).collect())
            .unwrap_or_default();
        let gold_facts = gold["facts"].as_object().cloned().unwrap_or_default();
        // Only files that annotate the `n.` family score its facts.
        let scored = gold["families"]
            .as_array()
            .is_some_and(|f| f.iter().any(|x| x.as_str() == Some("n.")));
        let mut s = Score::default();
        let mut notes = Vec::new();
        for f in &x.facts {
            if !scored || !f.key.starts_with("n.") || ambiguous.contains(&f.key.as_str()) {
                continue;
            }
            match gold_facts.get(&f.key) {
                Some(g) if same(f.value, g) => s.tp += 1,
                Some(g) => {
                    s.fp += 1;
                    s.fn_ += 1;
                    notes.push(format!(
                        "{} = {} (gold {g}) {:?}",
                        f.key, f.value, f.evidence.text
                    ));
                }
                None => {
                    s.fp += 1;
                    notes.push(format!(
                        "{} = {} (gold none) {:?}",
                        f.key, f.value, f.evidence.text
                    ));
                }
            }
        }
        for (k, g) in &gold_facts {
            if scored
                && k.starts_with("n.")
                && !ambiguous.contains(&k.as_str())
                && !x.facts.iter().any(|f| &f.key == k)
            {
                s.fn_ += 1;
                notes.push(format!("{k} missing (gold {g})"));
            }
        }
        let meta = &gold["meta"];
        let agency_ok = match meta["agency"].as_array() {
            None => x.meta.agency.is_none(),
            Some(list) => x
                .meta
                .agency
                .as_deref()
                .is_some_and(|a| list.iter().any(|g| g.as_str() == Some(a))),
        };
        let year_ok = meta["year"].as_i64() == x.meta.year.map(i64::from);
        let published_ok = meta["published"].as_str() == x.meta.published.as_deref();
        for (ok, name, got, want) in [
            (
                agency_ok,
                "agency",
                format!("{:?}", x.meta.agency),
                meta["agency"].to_string(),
            ),
            (
                year_ok,
                "year",
                format!("{:?}", x.meta.year),
                meta["year"].to_string(),
            ),
            (
                published_ok,
                "published",
                format!("{:?}", x.meta.published),
                meta["published"].to_string(),
            ),
        ] {
            s.meta_all += 1;
            if ok {
                s.meta_ok += 1;
            } else {
                notes.push(format!("meta.{name} = {got} (gold {want})"));
            }
        }
        println!(
            "{:<40} tp {:>2} fp {:>2} fn {:>2} meta {}/{}",
            case.gold_path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or(""),
            s.tp,
            s.fp,
            s.fn_,
            s.meta_ok,
            s.meta_all
        );
        for n in notes {
            println!("    {n}");
        }
        total.tp += s.tp;
        total.fp += s.fp;
        total.fn_ += s.fn_;
        total.meta_ok += s.meta_ok;
        total.meta_all += s.meta_all;
    }
    let precision = total.tp as f64 / (total.tp + total.fp).max(1) as f64;
    let recall = total.tp as f64 / (total.tp + total.fn_).max(1) as f64;
    let meta = total.meta_ok as f64 / total.meta_all.max(1) as f64;
    println!(
        "n. precision {precision:.3} recall {recall:.3} (tp {} fp {} fn {}); meta accuracy {meta:.3} ({}/{})",
        total.tp, total.fp, total.fn_, total.meta_ok, total.meta_all
    );
    assert!(precision >= 0.97, "precision {precision:.3}");
    assert!(recall >= 0.97, "recall {recall:.3}");
    assert!(meta >= 0.97, "meta {meta:.3}");
    Ok(())
}
