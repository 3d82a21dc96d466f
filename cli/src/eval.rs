//! `nianbao eval`: compares records with hand-checked gold files and
//! computes accuracy.
//!
//! A record for `dir/002_hongze_district_2023.layout.txt` is compared with
//! `<gold dir>/002_hongze_district_2023.layout.gold.json` (the file name
//! without its last extension); documents without a gold file are counted
//! and skipped. Keys the gold lists as `ambiguous` are never scored.
//!
//! - Table families `t2.`, `t3.`, `t4.`: cell accuracy = correct values /
//!   gold facts; wrong values (present but different), missing values, and
//!   false positives (keys output but absent from the gold, in a family the
//!   gold lists in `families`).
//! - Narrative facts `n.`: precision, recall and F1, where a true positive is
//!   an equal value and a wrong value counts as both a false positive and a
//!   false negative.
//! - Template accuracy, overall and over documents whose gold template is a
//!   national template of 2019 or later (`standard-…`).
//! - Meta accuracy per field (agency: one of the accepted spellings, or both
//!   absent; year; published) and over all three fields.
//!
//! Integers compare exactly, decimals within 1e-9 relative.

use nianbao_core::{Record, Value};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

/// The table families scored cell by cell.
pub const TABLE_FAMILIES: [&str; 3] = ["t2.", "t3.", "t4."];

/// The narrative family, scored by precision and recall.
pub const NARRATIVE_FAMILY: &str = "n.";

/// A gold file (see the corpus README).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct Gold {
    /// The document's path relative to the shared folder.
    #[serde(default)]
    pub doc: Option<String>,
    /// The template id the document should be dispatched to.
    pub template: String,
    /// The expected identity of the report.
    #[serde(default)]
    pub meta: GoldMeta,
    /// Every canonical key the document states, with its value.
    #[serde(default)]
    pub facts: BTreeMap<String, Value>,
    /// Key families annotated exhaustively (false positives count there).
    #[serde(default)]
    pub families: Vec<String>,
    /// Keys never scored.
    #[serde(default)]
    pub ambiguous: Vec<String>,
    /// Free-text notes.
    #[serde(default)]
    pub notes: Option<String>,
}

/// The expected meta of a gold file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct GoldMeta {
    /// Accepted spellings of the issuing body; `None` when the document does not say.
    #[serde(default)]
    pub agency: Option<Vec<String>>,
    /// The year reported on.
    #[serde(default)]
    pub year: Option<i32>,
    /// The publication date, `YYYY-MM-DD`.
    #[serde(default)]
    pub published: Option<String>,
}

/// The gold file name for a record path: the file name without its last
/// extension, plus `.gold.json`.
pub fn gold_file_name(path: &str) -> Option<String> {
    let stem = Path::new(path).file_stem()?.to_string_lossy();
    Some(format!("{stem}.gold.json"))
}

/// Loads the gold file for a record path from `dir`: `Ok(None)` when there
/// is none, `Err` with a message when it cannot be read or parsed.
pub fn load_gold(dir: &Path, path: &str) -> Result<Option<Gold>, String> {
    let Some(name) = gold_file_name(path) else {
        return Ok(None);
    };
    let file = dir.join(name);
    let text = match std::fs::read_to_string(&file) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("cannot read gold file {}: {e}", file.display())),
    };
    serde_json::from_str(&text)
        .map(Some)
        .map_err(|e| format!("invalid gold file {}: {e}", file.display()))
}

/// Whether two values are equal: integers exactly, decimals within 1e-9 relative.
pub fn same_value(a: Value, b: Value) -> bool {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => x == y,
        _ => {
            let (x, y) = (a.as_f64(), b.as_f64());
            x == y || (x - y).abs() <= 1e-9 * x.abs().max(y.abs())
        }
    }
}

/// `correct` out of `total`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// Matches.
    pub correct: usize,
    /// Comparisons.
    pub total: usize,
}

impl Tally {
    /// Counts one comparison.
    pub fn add(&mut self, ok: bool) {
        self.total += 1;
        if ok {
            self.correct += 1;
        }
    }

    /// `correct / total`, or `None` when nothing was compared.
    pub fn ratio(self) -> Option<f64> {
        ratio(self.correct, self.total)
    }

    fn json(self) -> serde_json::Value {
        json!({"correct": self.correct, "total": self.total, "accuracy": self.ratio()})
    }

    fn text(self) -> String {
        format!(
            "{} ({}/{})",
            fmt_ratio(self.ratio()),
            self.correct,
            self.total
        )
    }
}

/// Cell counts for one table family.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Cells {
    /// Gold facts of the family (ambiguous ones left out).
    pub gold: usize,
    /// Output with the gold value.
    pub correct: usize,
    /// Output with another value.
    pub wrong: usize,
    /// Not output.
    pub missing: usize,
    /// Output but absent from an exhaustively annotated gold.
    pub false_positives: usize,
}

impl Cells {
    /// Cell accuracy: correct values / gold facts.
    pub fn accuracy(&self) -> Option<f64> {
        ratio(self.correct, self.gold)
    }
}

/// True and false positives and negatives for the narrative family.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Output with the gold value.
    pub true_positives: usize,
    /// Output with a wrong value, or output absent from the gold.
    pub false_positives: usize,
    /// Gold facts not output with their value.
    pub false_negatives: usize,
}

impl Counts {
    /// TP / (TP + FP).
    pub fn precision(&self) -> Option<f64> {
        ratio(
            self.true_positives,
            self.true_positives + self.false_positives,
        )
    }

    /// TP / (TP + FN).
    pub fn recall(&self) -> Option<f64> {
        ratio(
            self.true_positives,
            self.true_positives + self.false_negatives,
        )
    }

    /// The harmonic mean of precision and recall.
    pub fn f1(&self) -> Option<f64> {
        let (p, r) = (self.precision()?, self.recall()?);
        if p + r == 0.0 {
            Some(0.0)
        } else {
            Some(2.0 * p * r / (p + r))
        }
    }
}

/// One difference between a record and its gold, for `-v`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Issue {
    /// The record's path.
    pub path: String,
    /// The key (`template`, `meta.year`, a fact key).
    pub key: String,
    /// `missing`, `wrong` or `false positive`.
    pub kind: &'static str,
    /// The gold value, when there is one.
    pub expected: Option<String>,
    /// The output value, when there is one.
    pub got: Option<String>,
}

/// Accumulated evaluation over many documents.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Metrics {
    /// Documents compared with a gold file.
    pub documents: usize,
    /// Documents without a gold file (skipped).
    pub without_gold: usize,
    /// Gold files that could not be read (their documents are skipped).
    pub gold_errors: usize,
    /// Cell counts per table family, in [`TABLE_FAMILIES`] order.
    pub tables: [Cells; 3],
    /// Narrative counts.
    pub narrative: Counts,
    /// Template matches.
    pub template: Tally,
    /// Template matches over gold templates `standard-…`.
    pub template_post_2019: Tally,
    /// `meta.agency` matches.
    pub agency: Tally,
    /// `meta.year` matches.
    pub year: Tally,
    /// `meta.published` matches.
    pub published: Tally,
    /// Every difference, in document order.
    pub issues: Vec<Issue>,
}

impl Metrics {
    /// Compares one record with its gold.
    pub fn add(&mut self, record: &Record, gold: &Gold) {
        self.documents += 1;
        let path = record.source.path.as_str();
        let mut issue = |key: &str, kind, expected: Option<String>, got: Option<String>| {
            self.issues.push(Issue {
                path: path.to_string(),
                key: key.to_string(),
                kind,
                expected,
                got,
            });
        };

        let template_ok = record.template == gold.template;
        self.template.add(template_ok);
        if gold.template.starts_with("standard-") {
            self.template_post_2019.add(template_ok);
        }
        if !template_ok {
            issue(
                "template",
                "wrong",
                Some(gold.template.clone()),
                Some(record.template.clone()),
            );
        }

        let meta = &record.meta;
        let agency_ok = match (&gold.meta.agency, &meta.agency) {
            (None, None) => true,
            (Some(accepted), Some(got)) => accepted.iter().any(|a| a == got),
            _ => false,
        };
        let year_ok = gold.meta.year == meta.year;
        let published_ok = gold.meta.published == meta.published;
        self.agency.add(agency_ok);
        self.year.add(year_ok);
        self.published.add(published_ok);
        let meta_fields = [
            (
                "meta.agency",
                agency_ok,
                gold.meta.agency.as_ref().map(|a| a.join(" | ")),
                meta.agency.clone(),
            ),
            (
                "meta.year",
                year_ok,
                gold.meta.year.map(|y| y.to_string()),
                meta.year.map(|y| y.to_string()),
            ),
            (
                "meta.published",
                published_ok,
                gold.meta.published.clone(),
                meta.published.clone(),
            ),
        ];
        for (key, ok, expected, got) in meta_fields {
            if !ok {
                let kind = match (&expected, &got) {
                    (Some(_), None) => "missing",
                    (None, Some(_)) => "false positive",
                    _ => "wrong",
                };
                issue(key, kind, expected, got);
            }
        }

        let ambiguous: BTreeSet<&str> = gold.ambiguous.iter().map(String::as_str).collect();
        let keys: BTreeSet<&str> = gold
            .facts
            .keys()
            .chain(record.facts.keys())
            .map(String::as_str)
            .filter(|k| !ambiguous.contains(k))
            .collect();
        for key in keys {
            let Some(family) = family(key) else {
                continue;
            };
            let exhaustive = gold.families.iter().any(|f| f == family);
            let expected = gold.facts.get(key).copied();
            let got = record.facts.get(key).copied();
            let table = TABLE_FAMILIES.iter().position(|f| *f == family);
            let kind = match (expected, got) {
                (Some(e), Some(g)) if same_value(e, g) => None,
                (Some(_), Some(_)) => Some("wrong"),
                (Some(_), None) => Some("missing"),
                (None, Some(_)) if exhaustive => Some("false positive"),
                (None, _) => continue,
            };
            match table.and_then(|t| self.tables.get_mut(t)) {
                Some(cells) => {
                    if expected.is_some() {
                        cells.gold += 1;
                    }
                    match kind {
                        None => cells.correct += 1,
                        Some("wrong") => cells.wrong += 1,
                        Some("missing") => cells.missing += 1,
                        Some(_) => cells.false_positives += 1,
                    }
                }
                None => {
                    let n = &mut self.narrative;
                    match kind {
                        None => n.true_positives += 1,
                        Some("wrong") => {
                            n.false_positives += 1;
                            n.false_negatives += 1;
                        }
                        Some("missing") => n.false_negatives += 1,
                        Some(_) => n.false_positives += 1,
                    }
                }
            }
            if let Some(kind) = kind {
                issue(
                    key,
                    kind,
                    expected.map(|v| v.to_string()),
                    got.map(|v| v.to_string()),
                );
            }
        }
    }

    /// Meta matches over all three fields.
    pub fn meta_overall(&self) -> Tally {
        Tally {
            correct: self.agency.correct + self.year.correct + self.published.correct,
            total: self.agency.total + self.year.total + self.published.total,
        }
    }

    /// The metrics as JSON; `issues` are included when `verbose`.
    pub fn to_json(&self, verbose: bool) -> serde_json::Value {
        let mut tables = serde_json::Map::new();
        for (family, cells) in TABLE_FAMILIES.iter().zip(&self.tables) {
            tables.insert(
                family.to_string(),
                json!({
                    "gold": cells.gold,
                    "correct": cells.correct,
                    "wrong": cells.wrong,
                    "missing": cells.missing,
                    "false_positives": cells.false_positives,
                    "accuracy": cells.accuracy(),
                }),
            );
        }
        let n = &self.narrative;
        let mut out = json!({
            "documents": {
                "with_gold": self.documents,
                "without_gold": self.without_gold,
                "gold_errors": self.gold_errors,
            },
            "tables": tables,
            "narrative": {
                "true_positives": n.true_positives,
                "false_positives": n.false_positives,
                "false_negatives": n.false_negatives,
                "precision": n.precision(),
                "recall": n.recall(),
                "f1": n.f1(),
            },
            "template": {
                "overall": self.template.json(),
                "post_2019": self.template_post_2019.json(),
            },
            "meta": {
                "agency": self.agency.json(),
                "year": self.year.json(),
                "published": self.published.json(),
                "overall": self.meta_overall().json(),
            },
        });
        if verbose {
            if let Some(map) = out.as_object_mut() {
                map.insert("issues".to_string(), json!(self.issues));
            }
        }
        out
    }

    /// The metrics as a readable block of lines; every issue follows when `verbose`.
    pub fn report(&self, verbose: bool) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "documents   {} with gold, {} without gold (skipped), {} gold errors",
            self.documents, self.without_gold, self.gold_errors
        );
        for (family, c) in TABLE_FAMILIES.iter().zip(&self.tables) {
            let _ = writeln!(
                out,
                "{family} cells   accuracy {} ({}/{}), {} wrong, {} missing, {} false positives",
                fmt_ratio(c.accuracy()),
                c.correct,
                c.gold,
                c.wrong,
                c.missing,
                c.false_positives
            );
        }
        let n = &self.narrative;
        let _ = writeln!(
            out,
            "n. facts    precision {}, recall {}, F1 {} ({} true positives, {} false positives, {} false negatives)",
            fmt_ratio(n.precision()),
            fmt_ratio(n.recall()),
            fmt_ratio(n.f1()),
            n.true_positives,
            n.false_positives,
            n.false_negatives
        );
        let _ = writeln!(
            out,
            "template    accuracy {}; post-2019 templates {}",
            self.template.text(),
            self.template_post_2019.text()
        );
        let _ = writeln!(
            out,
            "meta        agency {}, year {}, published {}; overall {}",
            self.agency.text(),
            self.year.text(),
            self.published.text(),
            self.meta_overall().text()
        );
        if verbose {
            let rows: Vec<Vec<String>> = self
                .issues
                .iter()
                .map(|i| {
                    vec![
                        i.path.clone(),
                        i.kind.to_string(),
                        i.key.clone(),
                        // The gold's accepted spellings can be long: last.
                        format!("got {}", i.got.as_deref().unwrap_or("-")),
                        format!("expected {}", i.expected.as_deref().unwrap_or("-")),
                    ]
                })
                .collect();
            out.push_str(&crate::write::aligned(&rows));
        }
        out
    }
}

/// The family of a key (`t2.`, `t3.`, `t4.`, `n.`), if it is one scored.
fn family(key: &str) -> Option<&'static str> {
    TABLE_FAMILIES
        .iter()
        .chain(std::iter::once(&NARRATIVE_FAMILY))
        .find(|f| key.starts_with(**f))
        .copied()
}

fn ratio(a: usize, b: usize) -> Option<f64> {
    (b > 0).then(|| a as f64 / b as f64)
}

fn fmt_ratio(r: Option<f64>) -> String {
    r.map_or_else(|| "n/a".to_string(), |r| format!("{r:.3}"))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use nianbao_core::SourceInfo;

    #[test]
    fn gold_file_names() {
        #[track_caller]
        fn check(path: &str, expected: Option<&str>) {
            assert_eq!(gold_file_name(path).as_deref(), expected);
        }
        check(
            "snapshots/fixtures/corpus/002_hongze_district_2023.layout.txt",
            Some("002_hongze_district_2023.layout.gold.json"),
        );
        check(
            "004_shanghai_govoffice_2019.html",
            Some("004_shanghai_govoffice_2019.gold.json"),
        );
        check("dir/README", Some("README.gold.json"));
        check("", None);
    }

    fn record(template: &str, facts: &[(&str, Value)]) -> Record {
        let mut r = Record::failed(
            SourceInfo {
                path: "a.txt".to_string(),
                ..SourceInfo::default()
            },
            "",
        );
        r.error = None;
        r.template = template.to_string();
        r.meta.agency = Some("某市人民政府办公厅".to_string());
        r.meta.year = Some(2022);
        r.facts = facts.iter().map(|(k, v)| (k.to_string(), *v)).collect();
        r
    }

    fn gold(template: &str, facts: &[(&str, Value)], families: &[&str], amb: &[&str]) -> Gold {
        Gold {
            template: template.to_string(),
            meta: GoldMeta {
                agency: Some(vec!["某市政府办公厅".into(), "某市人民政府办公厅".into()]),
                year: Some(2022),
                published: Some("2023-01-17".into()),
            },
            facts: facts.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
            families: families.iter().map(|f| f.to_string()).collect(),
            ambiguous: amb.iter().map(|f| f.to_string()).collect(),
            ..Gold::default()
        }
    }

    /// Summarises metrics as numbers that are easy to state in a test:
    /// t3 (gold, correct, wrong, missing, fp), n (tp, fp, fn), template,
    /// meta correct fields and the number of issues.
    #[track_caller]
    fn check(
        pairs: &[(Record, Gold)],
        t3: (usize, usize, usize, usize, usize),
        n: (usize, usize, usize),
        template: (usize, usize, usize, usize),
        meta: (usize, usize),
        issues: usize,
    ) {
        let mut m = Metrics::default();
        for (r, g) in pairs {
            m.add(r, g);
        }
        let c = m.tables[1];
        assert_eq!(
            (c.gold, c.correct, c.wrong, c.missing, c.false_positives),
            t3
        );
        let nc = m.narrative;
        assert_eq!(
            (nc.true_positives, nc.false_positives, nc.false_negatives),
            n
        );
        let (t, p) = (m.template, m.template_post_2019);
        assert_eq!((t.correct, t.total, p.correct, p.total), template);
        let o = m.meta_overall();
        assert_eq!((o.correct, o.total), meta);
        assert_eq!(m.issues.len(), issues);
    }

    #[test]
    fn metrics() {
        use Value::{Decimal, Int};
        let all = ["t2.", "t3.", "t4.", "n."];
        // Table cells: one correct, one wrong, one missing, one false
        // positive, one ambiguous key never scored, decimals compared loosely.
        check(
            &[(
                record(
                    "standard-2021",
                    &[
                        ("t3.granted.total", Int(5)),
                        ("t3.partial.total", Int(2)),
                        ("t3.other.total", Int(1)),
                        ("t3.denied_law.total", Int(9)),
                        ("t2.fees.amount_wan", Decimal(0.1 + 0.2)),
                    ],
                ),
                gold(
                    "standard-2021",
                    &[
                        ("t3.granted.total", Int(5)),
                        ("t3.partial.total", Int(3)),
                        ("t3.carried_over.total", Int(0)),
                        ("t3.denied_law.total", Int(1)),
                        ("t2.fees.amount_wan", Decimal(0.3)),
                    ],
                    &all,
                    &["t3.denied_law.total"],
                ),
            )],
            (3, 1, 1, 1, 1),
            (0, 0, 0),
            (1, 1, 1, 1),
            (2, 3),
            4,
        );
        // Narrative: a wrong value is both a false positive and a false
        // negative; extra keys count only in exhaustively annotated families.
        let r = record(
            "free-form",
            &[
                ("n.requests.received", Int(18)),
                ("n.review.total", Int(1)),
                ("n.suit.total", Int(0)),
                ("t3.new_received.total", Int(18)),
            ],
        );
        let g = |families: &[&str]| {
            gold(
                "free-form",
                &[
                    ("n.requests.received", Int(18)),
                    ("n.review.total", Int(0)),
                    ("n.fees.yuan", Int(0)),
                ],
                families,
                &[],
            )
        };
        check(
            &[(r.clone(), g(&all))],
            (0, 0, 0, 0, 1),
            (1, 2, 2),
            (1, 1, 0, 0),
            (2, 3),
            5,
        );
        check(
            &[(r, g(&[]))],
            (0, 0, 0, 0, 0),
            (1, 1, 2),
            (1, 1, 0, 0),
            (2, 3),
            3,
        );
    }

    #[test]
    fn ratios() {
        let c = Counts {
            true_positives: 6,
            false_positives: 2,
            false_negatives: 4,
        };
        assert_eq!(c.precision(), Some(0.75));
        assert_eq!(c.recall(), Some(0.6));
        assert!((c.f1().unwrap() - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(Counts::default().precision(), None);
        assert!(same_value(Value::Int(3), Value::Decimal(3.0)));
        assert!(!same_value(Value::Int(3), Value::Int(4)));
        assert!(!same_value(Value::Decimal(0.3), Value::Decimal(0.31)));
    }

    #[test]
    fn gold_format_parses() {
        let g: Gold = serde_json::from_str(
            r#"{"doc": "d", "template": "standard-2019",
                "meta": {"agency": null, "year": 2020, "published": null},
                "facts": {"t2.fees.amount_wan": 1.5, "t3.granted.total": 3},
                "families": ["n."], "ambiguous": ["n.active.total"], "notes": "x"}"#,
        )
        .unwrap();
        assert_eq!(g.meta.agency, None);
        assert_eq!(
            g.facts.get("t2.fees.amount_wan"),
            Some(&Value::Decimal(1.5))
        );
        assert_eq!(g.facts.get("t3.granted.total"), Some(&Value::Int(3)));
    }
}
