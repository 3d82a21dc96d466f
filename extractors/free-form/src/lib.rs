//! Extractor for pre-2019 free-form reports (条例 art. 32 era, 2008–2018).
//!
//! # What it extracts
//! The report's identity (`meta`) and its narrative facts (`n.` keys), both
//! read by [`nianbao_narrative::read`], which every extractor shares. Facts
//! are canonical keys only. Beyond that it outlines the report's sections
//! ([`outline`]) and reads the old statistics table appended to many of
//! these reports ([`statistics`]); the table's figures are compared with the
//! prose and disagreements become warnings, but they never become facts
//! (the annotation rules take `n.` keys from prose only, and a run-together
//! row such as `主动公开文件数条206912106` cannot be split with certainty).
//!
//! # How it recognises its template
//! By evidence that the document is an annual disclosure report — a report
//! title (`XX2018年政府信息公开工作年度报告`) near the top, the report speaking
//! of itself (`本报告…`), a statistics period (`统计期限为2018年1月1日至…`) and
//! the art. 32 sections (概述, 主动公开, 依申请公开, 收费及减免, 复议诉讼,
//! 问题和改进) — squashed into `[0, 1)`. Without a title or self-reference
//! the score stays below the dispatch threshold, so news pages and policy
//! notices that merely talk about disclosure end up `unknown`. Post-2019
//! reports are discounted hard: their section titles
//! (`三、收到和处理政府信息公开申请情况`, `四、…行政复议、行政诉讼情况`), the
//! national tables' labels and the revised 条例's references
//! (`国办公开办函〔2021〕30号`, `第五十条`) cut the score to a tenth, and a
//! report year of 2019 or later cuts it to about a third.
//!
//! # Known limits
//! - Sections are recognised by their titles' vocabulary; a report with
//!   unusual section titles is outlined partly (its facts are unaffected).
//! - Statistics tables are read only when their cells are provably separate
//!   (an HTML table, or single spaces between cells in text); run-together
//!   rows are skipped.
//! - A report of 2019 or later written in the old layout scores about 0.35,
//!   so it is dispatched here only when the standard extractors score lower.
//!
//! # Example
//! ```
//! # fn main() -> Result<(), nianbao_core::DecodeError> {
//! use nianbao_core::{Extractor, read_document};
//! use nianbao_extractor_free_form::FreeForm;
//!
//! let text = "某某市某某局2018年政府信息公开工作年度报告\n\
//!     本报告中所列数据的统计期限自2018年1月1日起至2018年12月31日止。\n\
//!     一、概述\n2018年，我局认真贯彻《条例》。\n\
//!     二、主动公开政府信息情况\n2018年共主动公开政府信息1670条。\n\
//!     三、依申请公开政府信息情况\n2018年未收到政府信息公开申请。\n";
//! let doc = read_document(text.as_bytes(), Some("txt"))?;
//! assert!(FreeForm.score(&doc) > 0.5);
//! let x = FreeForm.extract(&doc);
//! assert_eq!(x.meta.agency.as_deref(), Some("某某市某某局"));
//! assert_eq!(x.value("n.active.total").map(|v| v.as_f64()), Some(1670.0));
//! assert_eq!(x.value("n.requests.received").map(|v| v.as_f64()), Some(0.0));
//! # Ok(())
//! # }
//! ```

mod outline;
mod stats;

pub use outline::{Section, SectionKind, outline};
pub use stats::{StatRow, statistics};

use nianbao_core::words::Words;
use nianbao_core::{Document, Extraction, Extractor};
use std::sync::LazyLock;

/// The free-form extractor.
#[derive(Clone, Copy, Debug, Default)]
pub struct FreeForm;

/// References only reports under the revised 条例 (2019 on) make.
const POST_2019_REFERENCES: &[&str] = &[
    "国办公开办函〔2019〕60号",
    "国办公开办函〔2021〕30号",
    "年度报告格式",
    "第五十条",
    "国务院令第711号",
    "国令第711号",
    "本年新收政府信息公开申请数量",
    "上年结转政府信息公开申请数量",
    "本年制发件数",
    "本年新制作数量",
];

/// A report speaking of itself.
const SELF_REFERENCES: &[&str] = &["本报告", "本年度报告", "本年报"];

/// The statistics period.
const PERIOD_WORDS: &[&str] = &["统计期限", "所列数据", "统计时限"];

/// The regulations.
const REGULATIONS: &str = "政府信息公开条例";

/// Every word the score looks for, searched in one pass over the text:
/// [`SELF_REFERENCES`], [`PERIOD_WORDS`], [`REGULATIONS`] and
/// [`POST_2019_REFERENCES`], in that order.
static EVIDENCE_WORDS: LazyLock<Words> = LazyLock::new(|| {
    Words::new(
        SELF_REFERENCES
            .iter()
            .chain(PERIOD_WORDS)
            .chain(&[REGULATIONS])
            .chain(POST_2019_REFERENCES)
            .copied(),
    )
});

impl FreeForm {
    /// How strongly the document reads as a free-form annual report.
    fn evidence(doc: &Document) -> f64 {
        let found: Vec<bool> = EVIDENCE_WORDS
            .find(doc.compact())
            .iter()
            .map(|h| h.first.is_some())
            .collect();
        let (self_refs, rest) = found.split_at(SELF_REFERENCES.len().min(found.len()));
        let (period, rest) = rest.split_at(PERIOD_WORDS.len().min(rest.len()));
        let (regulations, post_2019_refs) = rest.split_at(1.min(rest.len()));
        let head = nianbao_narrative::meta::heading(doc);
        let sections = outline(doc);
        let mut sum = 0.0;
        let titled = head.titled();
        if titled {
            sum += 1.2;
        }
        let self_ref = self_refs.contains(&true);
        if self_ref {
            sum += 0.6;
        }
        if period.contains(&true) {
            sum += 0.4;
        }
        if regulations.contains(&true) {
            sum += 0.2;
        }
        let mut kinds: Vec<SectionKind> = sections
            .iter()
            .map(|s| s.kind)
            .filter(|k| k.is_article_32())
            .collect();
        kinds.sort();
        kinds.dedup();
        sum += (0.25 * kinds.len() as f64).min(1.0);
        let mut score = 1.0 - (-sum).exp();
        if !titled && !self_ref {
            score *= 0.25;
        }
        // Whether any post-2019 section or reference occurs.
        let post_2019 = sections.iter().any(|s| s.kind == SectionKind::Post2019)
            || post_2019_refs.contains(&true);
        if post_2019 {
            score *= 0.1;
        } else if head.year().is_some_and(|y| y >= 2019) {
            score *= 0.35;
        }
        score
    }
}

impl Extractor for FreeForm {
    fn id(&self) -> &str {
        "free-form"
    }

    fn score(&self, doc: &Document) -> f64 {
        FreeForm::evidence(doc)
    }

    fn extract(&self, doc: &Document) -> Extraction {
        let mut x = nianbao_narrative::read(doc);
        if outline(doc).is_empty() {
            x.warnings
                .push("no report sections recognised (概述, 主动公开, 依申请公开…)".to_string());
        }
        let rows = statistics(doc);
        x.warnings.extend(stats::compare(&rows, &x));
        x
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(input: &str, expected: std::ops::Range<f64>) {
        let doc = nianbao_core::read_document(input.as_bytes(), Some("txt"));
        let score = doc.map(|d| FreeForm.score(&d)).unwrap_or(-1.0);
        assert!(
            expected.contains(&score),
            "{score} not in {expected:?}: {input}"
        );
    }

    #[test]
    fn scores() {
        check(
            "某某局2018年政府信息公开工作年度报告\n本报告由概述、主动公开政府信息情况等部分组成。\n一、概述\n二、主动公开政府信息情况\n三、依申请公开政府信息情况\n四、因政府信息公开申请行政复议、提起行政诉讼的情况\n",
            0.6..1.0,
        );
        // Post-2019 sections.
        check(
            "某某局2022年政府信息公开工作年度报告\n一、总体情况\n二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n四、政府信息公开行政复议、行政诉讼情况\n",
            0.0..0.2,
        );
        // A news item about disclosure work.
        check(
            "我市召开政务公开工作推进会\n会议要求，各单位要加大主动公开力度，规范依申请公开办理，减少行政复议和行政诉讼。\n",
            0.0..0.3,
        );
    }
}
