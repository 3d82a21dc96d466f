//! Readers for the national templates' tables (二, 三, 四) and the grammar of
//! their cells, shared by the `standard-2019` and `standard-2021` extractors.
//!
//! Not an extractor itself: [`read`] turns a [`Document`] into table facts
//! (`t2.`, `t3.`, `t4.` keys) with evidence and warnings, and [`score`] says
//! how well a document fits a [`Template`]. Narrative facts and report
//! identity come from `nianbao-narrative`; [`merge`] joins the two.
//!
//! The reading goes: the document as lines of items ([`layout`]: grid cells,
//! or tokens of text), rows (a label and its value slots), the three table
//! sections, then one reader per table ([`t2`], [`t3`], [`t4`]) that matches
//! labels ([`label`]), parses cells ([`cell`]) and, for crawler text whose
//! cells ran together, splits digits only where the split is provable
//! ([`split`]). A value that cannot be read for certain is left out with a
//! warning: a wrong number is far worse than a missing one.

pub mod cell;
pub mod label;
pub mod layout;
pub mod recognise;
pub mod split;
pub mod t2;
pub mod t3;
pub mod t4;

use nianbao_core::{Document, Extraction, Fact, Span, Value};

/// The national template a report follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Template {
    /// 国办公开办函〔2019〕60号, report years 2019 and 2020.
    Standard2019,
    /// 国办公开办函〔2021〕30号, report years 2021 on.
    Standard2021,
}

impl Template {
    /// The template id written into records.
    pub fn id(self) -> &'static str {
        match self {
            Template::Standard2019 => "standard-2019",
            Template::Standard2021 => "standard-2021",
        }
    }
}

/// One value found in a table, before it becomes a [`Fact`].
#[derive(Clone, Debug, PartialEq)]
pub struct Found {
    /// Canonical key.
    pub key: String,
    /// The value.
    pub value: Value,
    /// Where it stands in the source.
    pub span: Span,
}

/// What one table reader found.
#[derive(Clone, Debug, Default)]
pub struct TableRead {
    /// Values found.
    pub found: Vec<Found>,
    /// Problems worth a reader's attention.
    pub warnings: Vec<String>,
}

/// A label shortened for messages: normalized, explanations dropped, at most
/// the last 24 characters.
pub fn short(label: &str) -> String {
    let s = label::strip_explanations(&label::normalize(label));
    let n = s.chars().count();
    if n <= 24 {
        format!("'{s}'")
    } else {
        let tail: String = s.chars().skip(n - 24).collect();
        format!("'…{tail}'")
    }
}

/// How well the document fits `template`, in `[0, 1]` (cheap: label
/// fingerprints only).
pub fn score(doc: &Document, template: Template) -> f64 {
    recognise::score(doc, template)
}

/// Reads tables 二, 三 and 四 of a post-2019 report.
pub fn read(doc: &Document, template: Template) -> Extraction {
    let lines = layout::lines(doc);
    let rows = layout::rows(&lines);
    let regions = layout::regions(rows);
    let mut out = Extraction::default();
    let t2 = t2::read(&regions.active, template);
    let t3 = t3::read(&regions.requests, template == Template::Standard2021);
    let t4 = t4::read(&regions.review);
    let tables = [
        ("二", label::Section::Active, &regions.active, t2),
        ("三", label::Section::Requests, &regions.requests, t3.read),
        ("四", label::Section::Review, &regions.review, t4),
    ];
    for (name, section, rows, read) in tables {
        let has_values = rows.iter().any(layout::Row::has_values);
        if !has_values {
            if regions.titles.contains(&section) {
                out.warnings.push(format!(
                    "table {name} heading present but its body is missing (image or stripped)"
                ));
            } else {
                out.warnings.push(format!("table {name} not found"));
            }
        }
        for found in read.found {
            out.push_fact(Fact::new(doc, found.key, found.value, found.span));
        }
        out.warnings.extend(read.warnings);
    }
    if template == Template::Standard2021 && t3.split_other == Some(false) {
        out.warnings.push(
            "table 三 keeps （六）其他处理 as one row (2019 layout inside a 2021 report): read as t3.other"
                .to_string(),
        );
    }
    if template == Template::Standard2019 && t3.split_other == Some(true) {
        out.warnings.push(
            "table 三 splits （六）其他处理 in three (2021 layout inside a 2019 report)"
                .to_string(),
        );
    }
    out
}

/// Adds what the narrative reader found (identity, `n.` facts, warnings) to
/// the table extraction; table facts keep precedence on equal keys.
pub fn merge(tables: &mut Extraction, narrative: Extraction) {
    tables.meta = narrative.meta;
    for fact in narrative.facts {
        tables.push_fact(fact);
    }
    tables.checks.extend(narrative.checks);
    tables.warnings.extend(narrative.warnings);
}
