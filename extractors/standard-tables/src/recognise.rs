//! Recognising a post-2019 report and its template, cheaply: label
//! fingerprints over the document's compact text, never a full parse.

use crate::Template;
use nianbao_core::Document;
use nianbao_core::words::{Hit, Words};
use std::sync::LazyLock;

/// Labels and section titles any post-2019 report carries.
const POST_2019: &[(&str, f64)] = &[
    ("收到和处理政府信息公开申请情况", 1.2),
    ("本年新收政府信息公开申请数量", 1.0),
    ("上年结转政府信息公开申请数量", 0.8),
    ("本列数据的勾稽关系", 0.8),
    ("第二十条第（一）项", 0.8),
    ("第二十条第(一)项", 0.8),
    ("未经复议直接起诉", 0.6),
    ("复议后起诉", 0.4),
    ("本年度办理结果", 0.4),
    ("结转下年度继续办理", 0.4),
    ("行政复议、行政诉讼情况", 0.4),
    ("提起行政诉讼情况", 0.3),
    ("主动公开政府信息情况", 0.2),
];

/// Labels only the 2019 template prints.
const Y2019: &[(&str, f64)] = &[
    ("本年新制作数量", 1.0),
    ("本年新公开数量", 1.0),
    ("对外公开总数量", 1.0),
    ("上一年项目数量", 0.8),
    ("采购总金额", 0.8),
    ("采购项目数量", 0.6),
    ("第二十条第（九）项", 0.6),
    ("第二十条第(九)项", 0.6),
    ("其他对外管理服务事项", 0.4),
    ("本年增/减", 0.4),
];

/// Labels only the 2021 template prints.
const Y2021: &[(&str, f64)] = &[
    ("本年制发件数", 1.0),
    ("本年废止件数", 1.0),
    ("现行有效件数", 1.0),
    ("本年收费金额", 0.8),
    ("本年处理决定数量", 0.6),
    ("逾期不补正", 0.6),
    ("缴纳费用", 0.6),
];

/// Title endings that follow the report year.
const ENDINGS: [&str; 4] = [
    "年政府信息公开工作年度报告",
    "年度政府信息公开工作年度报告",
    "年政府信息公开年度报告",
    "年度政府信息公开年度报告",
];

/// The start of the statistics period, after its year.
const PERIOD: &str = "年1月1日";

/// Every word [`score`] looks for: the three label lists, the title
/// endings and the period, in that order.
static ALL_WORDS: LazyLock<Words> = LazyLock::new(|| {
    let labels = [POST_2019, Y2019, Y2021];
    Words::new(
        labels
            .into_iter()
            .flatten()
            .map(|(l, _)| *l)
            .chain(ENDINGS)
            .chain([PERIOD]),
    )
});

/// The sum of the weights of the labels found (`hits` aligned with
/// `labels`), added in list order.
fn weight(hits: &[Hit], labels: &[(&str, f64)]) -> f64 {
    labels
        .iter()
        .zip(hits)
        .filter(|(_, h)| h.first.is_some())
        .map(|((_, w), _)| w)
        .sum()
}

/// What [`score`] reads from a document, the same for both templates:
/// computed once per document.
struct Fingerprints {
    /// Sum of the weights of the post-2019 labels present.
    post: f64,
    /// Sum of the weights of the 2019-only labels present.
    e19: f64,
    /// Sum of the weights of the 2021-only labels present.
    e21: f64,
    /// The report year from the title or period.
    year: Option<i32>,
}

impl Fingerprints {
    fn of(compact: &str) -> Fingerprints {
        let hits = ALL_WORDS.find(compact);
        let (post, rest) = hits.split_at(POST_2019.len().min(hits.len()));
        let (h19, rest) = rest.split_at(Y2019.len().min(rest.len()));
        let (h21, rest) = rest.split_at(Y2021.len().min(rest.len()));
        let (endings, period) = rest.split_at(ENDINGS.len().min(rest.len()));
        let title = endings.iter().filter_map(|h| h.first).min();
        let period = period.first().and_then(|h| h.first);
        Fingerprints {
            post: weight(post, POST_2019),
            e19: weight(h19, Y2019),
            e21: weight(h21, Y2021),
            year: year_at(compact, title, period),
        }
    }
}

/// The year a report covers, read from its title (`…2022年政府信息公开
/// 工作年度报告`) or else from its statistics period (`2022年1月1日至…`).
pub fn title_year(compact: &str) -> Option<i32> {
    Fingerprints::of(compact).year
}

/// The four-digit year just before byte `title` of `compact`, or else just
/// before byte `period`.
fn year_at(compact: &str, title: Option<usize>, period: Option<usize>) -> Option<i32> {
    let year_before = |pos: usize| -> Option<i32> {
        let before = compact.get(..pos)?;
        let digits: Vec<char> = before
            .chars()
            .rev()
            .take_while(char::is_ascii_digit)
            .collect();
        if digits.len() != 4 {
            return None;
        }
        let year: String = digits.into_iter().rev().collect();
        year.parse().ok().filter(|y| (2000..2100).contains(y))
    };
    title
        .and_then(year_before)
        .or_else(|| period.and_then(year_before))
}

/// How well the document fits `template`, in `[0, 1]`: how clearly it is a
/// post-2019 report (table labels, section titles) times how clearly its
/// labels belong to this template rather than the other; the year decides
/// only when no template-specific label is present.
pub fn score(doc: &Document, template: Template) -> f64 {
    let found = doc.view(|doc| Fingerprints::of(doc.compact()));
    // As `nianbao_core::score::fingerprint` computes it.
    let post = 1.0 - (-found.post.max(0.0)).exp();
    if post == 0.0 {
        return 0.0;
    }
    let (e19, e21) = (found.e19, found.e21);
    let (own, other) = match template {
        Template::Standard2019 => (e19, e21),
        Template::Standard2021 => (e21, e19),
    };
    let era = if own + other > 0.0 {
        own / (own + other)
    } else {
        match found.year {
            Some(y) if y >= 2021 => f64::from(u8::from(template == Template::Standard2021)),
            Some(2019 | 2020) => f64::from(u8::from(template == Template::Standard2019)),
            _ => 0.5,
        }
    };
    // A template-specific label also makes the report more clearly post-2019.
    let sure = 1.0 - (1.0 - post) * (-own).exp();
    sure * (0.25 + 0.75 * era)
}

#[cfg(test)]
mod tests {
    use super::*;
    use nianbao_core::SourceFormat;

    #[track_caller]
    fn check(text: &str, expected19: f64, expected21: f64) {
        let doc = Document::parse(text.to_string(), SourceFormat::Text, "utf-8");
        let (a, b) = (
            score(&doc, Template::Standard2019),
            score(&doc, Template::Standard2021),
        );
        assert!((a - expected19).abs() < 0.01, "2019: {a} for {text}");
        assert!((b - expected21).abs() < 0.01, "2021: {b} for {text}");
    }

    #[test]
    fn fingerprints() {
        // Headings only, tables gone: the title year decides.
        check(
            "某局2022年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n",
            0.17,
            0.70,
        );
        check(
            "某局2020年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n",
            0.70,
            0.17,
        );
        // Labels beat the year.
        check(
            "某局2020年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n本年制发件数\n现行有效件数\n",
            0.17,
            0.96,
        );
        check(
            "某局2018年政府信息公开工作年度报告\n依申请公开情况\n",
            0.0,
            0.0,
        );
        assert_eq!(
            title_year("郑州市2018年政府信息公开工作年度报告"),
            Some(2018)
        );
        assert_eq!(title_year("2023年度政府信息公开工作年度报告"), Some(2023));
        assert_eq!(title_year("政府信息公开工作年度报告"), None);
        assert_eq!(
            title_year("工作年度报告本报告所列数据统计期限为2020年1月1日至2020年12月31日"),
            Some(2020)
        );
    }
}
