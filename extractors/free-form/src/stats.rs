//! The statistics table many pre-2019 reports append (`政府信息公开情况统计表`:
//! 指标名称 · 计量单位 · 本年度 · 历年累计). Read only where its cells are
//! provably separate: an HTML table, or text with single spaces between
//! cells (`主动公开信息数 条 739 4359`). Run-together rows
//! (`主动公开文件数条206912106`) cannot be split with certainty and are
//! skipped.

use nianbao_core::{BlockKind, Document, Extraction, Span};
use nianbao_narrative::norm::{Norm, blocks};
use nianbao_narrative::pattern::Pattern;
use nianbao_narrative::prose::stats_table_start;
use regex::Regex;

/// One row of a statistics table.
#[derive(Clone, Debug, PartialEq)]
pub struct StatRow {
    /// The indicator (指标名称), normalised, numbering left out.
    pub label: String,
    /// The unit (计量单位).
    pub unit: String,
    /// The figure for the report year.
    pub year: Option<f64>,
    /// The cumulative figure (历年累计).
    pub cumulative: Option<f64>,
    /// Where the row stands in the source.
    pub span: Span,
}

static TEXT_ROW: Pattern = Pattern::new(|| {
    Regex::new(r"(?P<label>(?:其中：?)?(?:\d{1,2}[、.．])?[^\d\s]+?)(?P<unit>条|件|元|个|次|项|人次)(?P<a>\d+(?:\.\d+)?) (?P<b>\d+(?:\.\d+)?)")
        .ok()
});

/// Removes `其中：` and list numbering from a label.
fn clean_label(label: &str) -> String {
    let l = label.trim_start_matches("其中").trim_start_matches('：');
    let l = l.trim_start_matches(|c: char| c.is_ascii_digit());
    l.trim_start_matches(['、', '.', '．']).to_string()
}

fn number(s: &str) -> Option<f64> {
    let t = s.trim();
    if t.is_empty() || !t.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    t.parse().ok()
}

/// The rows of the document's statistics tables.
pub fn statistics(doc: &Document) -> Vec<StatRow> {
    let norms = blocks(doc);
    let mut out = Vec::new();
    for (i, block) in doc.blocks.iter().enumerate() {
        match &block.kind {
            BlockKind::Table(t) => {
                let cell = |r: usize, c: usize| {
                    t.rows
                        .get(r)
                        .and_then(|row| row.get(c))
                        .map(|c| Norm::new(c.as_str()).as_str().to_string())
                        .unwrap_or_default()
                };
                let Some(head) = (0..t.rows.len().min(3))
                    .find(|r| (0..t.width()).any(|c| cell(*r, c).contains("指标名称")))
                else {
                    continue;
                };
                let col =
                    |pred: &dyn Fn(&str) -> bool| (0..t.width()).find(|c| pred(&cell(head, *c)));
                let (Some(label), Some(year)) = (
                    col(&|s| s.contains("指标名称")),
                    col(&|s| s.contains("年度") || s.contains("本年")),
                ) else {
                    continue;
                };
                let unit = col(&|s| s.contains("单位"));
                let cumulative = col(&|s| s.contains("累计"));
                for r in head + 1..t.rows.len() {
                    let l = cell(r, label);
                    if l.is_empty() {
                        continue;
                    }
                    let span = t
                        .rows
                        .get(r)
                        .into_iter()
                        .flatten()
                        .map(|c| c.span)
                        .reduce(Span::cover)
                        .unwrap_or_default();
                    out.push(StatRow {
                        label: clean_label(&l),
                        unit: unit.map(|u| cell(r, u)).unwrap_or_default(),
                        year: number(&cell(r, year)),
                        cumulative: cumulative.and_then(|c| number(&cell(r, c))),
                        span,
                    });
                }
            }
            BlockKind::Paragraph(run) => {
                let Some(norm) = norms.get(doc, i) else {
                    continue;
                };
                let Some(start) = stats_table_start(norm.as_str()) else {
                    continue;
                };
                // Rows start after the header (…历年累计 or …本年度).
                let mut start = start;
                let head = norm.as_str().get(start..).unwrap_or("");
                let window: usize = head.chars().take(48).map(char::len_utf8).sum();
                if let Some(p) = head[..window].rfind("累计") {
                    start += p + "累计".len();
                }
                let tail = &norm.as_str()[start..];
                for c in TEXT_ROW.captures_iter(tail) {
                    let (Some(all), Some(l), Some(u), Some(a), Some(b)) = (
                        c.get(0),
                        c.name("label"),
                        c.name("unit"),
                        c.name("a"),
                        c.name("b"),
                    ) else {
                        continue;
                    };
                    out.push(StatRow {
                        label: clean_label(l.as_str()),
                        unit: u.as_str().to_string(),
                        year: number(a.as_str()),
                        cumulative: number(b.as_str()),
                        span: norm.span(run, start + all.start()..start + all.end()),
                    });
                }
            }
            BlockKind::Heading { .. } => {}
        }
    }
    out
}

/// Rows whose indicator is unambiguously a narrative key's concept.
const CONCEPTS: &[(&str, &[&str])] = &[
    (
        "n.active.total",
        &["主动公开信息数", "主动公开文件数", "主动公开政府信息数"],
    ),
    (
        "n.requests.received",
        &["受理依申请公开信息总数", "受理政府信息公开申请总数"],
    ),
    ("n.review.total", &["行政复议数"]),
    ("n.suit.total", &["行政诉讼数"]),
];

/// Warnings where the statistics table and the prose disagree.
pub fn compare(rows: &[StatRow], x: &Extraction) -> Vec<String> {
    let mut out = Vec::new();
    for (key, labels) in CONCEPTS {
        let Some(prose) = x.value(key) else { continue };
        for row in rows.iter().filter(|r| labels.contains(&r.label.as_str())) {
            if let Some(v) = row.year
                && (v - prose.as_f64()).abs() > 1e-9
            {
                out.push(format!(
                    "the statistics table gives {} {} for the year but the prose gives {key} = {prose}",
                    row.label, v
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use nianbao_core::{Block, SourceFormat, TextRun};

    #[track_caller]
    fn check(input: &str, expected: &[(&str, Option<f64>, Option<f64>)]) {
        let run = TextRun::verbatim(input, 0);
        let span = run.span();
        let doc = Document::from_blocks(
            input.to_string(),
            SourceFormat::Text,
            vec![Block {
                kind: BlockKind::Paragraph(run),
                span,
            }],
        );
        let got: Vec<(String, Option<f64>, Option<f64>)> = statistics(&doc)
            .into_iter()
            .map(|r| (r.label, r.year, r.cumulative))
            .collect();
        let want: Vec<(String, Option<f64>, Option<f64>)> = expected
            .iter()
            .map(|(l, a, b)| (l.to_string(), *a, *b))
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn text_rows() {
        check(
            "统计表 指标名称 计量单位 2012年度 历年累计 主动公开信息数 条 739 4359 其中：1、网站公开 条 739 4359 行政复议数 件 0 0",
            &[
                ("主动公开信息数", Some(739.0), Some(4359.0)),
                ("网站公开", Some(739.0), Some(4359.0)),
                ("行政复议数", Some(0.0), Some(0.0)),
            ],
        );
        // Run together: not provable, skipped.
        check(
            "统计表指标名称计量单位2018年度历年累计主动公开文件数条206912106",
            &[],
        );
    }
}
