//! The outline of a free-form report: its numbered sections, whether they
//! stand as heading blocks or run into flattened crawler text.

use memchr::memmem::Finder;
use nianbao_core::{BlockKind, Document, Span};
use nianbao_narrative::norm::blocks;
use std::sync::{Arc, LazyLock};

/// What a section is about, by the vocabulary of its title.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SectionKind {
    /// 概述 / 总体情况 / 工作开展概况.
    Overview,
    /// 主动公开政府信息情况.
    Active,
    /// 依申请公开 (and 不予公开).
    OnRequest,
    /// 收费及减免情况.
    Fees,
    /// 因政府信息公开申请行政复议、提起行政诉讼的情况.
    ReviewSuit,
    /// 存在的主要问题及改进措施.
    Problems,
    /// 其他需要报告的事项.
    Other,
    /// The appended statistics table (统计表).
    Statistics,
    /// A title only post-2019 reports use (收到和处理政府信息公开申请情况,
    /// 政府信息公开行政复议、行政诉讼情况).
    Post2019,
    /// Anything else (local sections).
    Local,
}

impl SectionKind {
    /// Whether the kind is one of the sections art. 32 of the 2008 条例 asks for.
    pub fn is_article_32(self) -> bool {
        !matches!(self, SectionKind::Post2019 | SectionKind::Local)
    }

    /// The kind a section title names.
    pub fn of(title: &str) -> SectionKind {
        // `str::contains` without its searcher set-up on a short title.
        let has = |w: &str| nianbao_narrative::pattern::contains(title, w);
        // The 2008 条例 asks for 因政府信息公开申请行政复议、提起行政诉讼的情况;
        // the post-2019 templates for …被申请行政复议、提起行政诉讼情况 or
        // 政府信息公开行政复议、行政诉讼情况 (no 的).
        let post_cases =
            (has("复议") || has("诉讼")) && (has("被申请行政复议") || has("行政诉讼情况"));
        if has("收到和处理政府信息公开申请") || post_cases {
            SectionKind::Post2019
        } else if has("统计表") {
            SectionKind::Statistics
        } else if has("复议") || has("诉讼") {
            SectionKind::ReviewSuit
        } else if has("收费") || has("减免") {
            SectionKind::Fees
        } else if has("问题") || has("改进") || has("不足") {
            SectionKind::Problems
        } else if has("主动公开") {
            SectionKind::Active
        } else if has("依申请") || has("申请公开") || has("申请办理") || has("申请情况")
        {
            SectionKind::OnRequest
        } else if has("概述") || has("概况") || has("总体情况") {
            SectionKind::Overview
        } else if has("其他需要") || has("需要说明") || has("其他事项") {
            SectionKind::Other
        } else {
            SectionKind::Local
        }
    }
}

/// One top-level section of a report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    /// What it is about.
    pub kind: SectionKind,
    /// Its title as read (normalised, numbering included).
    pub title: String,
    /// Where the title stands in the source.
    pub span: Span,
}

/// How section titles usually end.
const TITLE_ENDINGS: [&str; 7] = ["情况", "概述", "概况", "措施", "事项", "统计表", "附表"];

/// Whether a character is a Chinese numeral used in section numbers.
fn is_cn(c: char) -> bool {
    matches!(
        c,
        '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
    )
}

/// Where numbered top-level titles (`一、…`) start in normalised text, each
/// with the title's end: the title runs to the first digit, bracket,
/// sentence mark, or 30 characters.
fn inline_titles(norm: &str) -> Vec<(usize, usize)> {
    static COMMA: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("、"));
    let mut out = Vec::new();
    // Each `、` closes at most one numeral: the run of numerals right before
    // it (up to three, not preceded by a word character).
    for k in COMMA.find_iter(norm.as_bytes()) {
        let before = norm.get(..k).unwrap_or("");
        let numeral: usize = before
            .chars()
            .rev()
            .take_while(|c| is_cn(*c))
            .map(char::len_utf8)
            .sum();
        if numeral == 0 || numeral > 3 * '十'.len_utf8() {
            continue;
        }
        let i = k - numeral;
        if norm[..i].chars().next_back().is_some_and(is_word) {
            continue;
        }
        let body = i + numeral + '、'.len_utf8();
        let mut end = body;
        for (n, (j, ch)) in norm[body..].char_indices().enumerate() {
            if n >= 30
                || ch.is_ascii_digit()
                || matches!(ch, '（' | '。' | '；' | '，' | '：' | '！' | '？')
            {
                break;
            }
            end = body + j + ch.len_utf8();
        }
        // Run-together text: end at the last usual title ending in reach
        // (`一、概述推进…` → `一、概述`).
        let window = &norm[body..end];
        if let Some(cut) = last_title_ending(window) {
            end = body + cut;
        }
        if end > body {
            out.push((i, end));
        }
    }
    out
}

/// Where the last usual title ending in `window` ends (the window is at
/// most 30 characters: scanning back beats one substring search per ending).
fn last_title_ending(window: &str) -> Option<usize> {
    (1..=window.len()).rev().find(|&j| {
        window
            .get(..j)
            .is_some_and(|head| TITLE_ENDINGS.iter().any(|e| head.ends_with(e)))
    })
}

/// Whether a character continues a word (so a numeral after it is not a
/// section number: 统一、 or 之一、).
fn is_word(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) && !matches!(c, '。' | '；' | '：' | '，' | '、' | '）')
}

/// The report's top-level sections, in order (read once per document and
/// shared by the scorer and the extractor).
pub fn outline(doc: &Document) -> Arc<Outline> {
    doc.view(read_outline)
}

/// A document's top-level sections, in order.
#[derive(Clone, Debug, Default)]
pub struct Outline(pub Vec<Section>);

impl std::ops::Deref for Outline {
    type Target = [Section];
    fn deref(&self) -> &[Section] {
        &self.0
    }
}

fn read_outline(doc: &Document) -> Outline {
    let norms = blocks(doc);
    let mut out = Vec::new();
    for (i, block) in doc.blocks.iter().enumerate() {
        let (run, level) = match &block.kind {
            BlockKind::Heading { text, level } => (text, Some(*level)),
            BlockKind::Paragraph(text) => (text, None),
            BlockKind::Table(_) => continue,
        };
        let Some(norm) = norms.get(doc, i) else {
            continue;
        };
        let text = norm.as_str();
        if level == Some(1) {
            out.push(Section {
                kind: SectionKind::of(text),
                title: text.to_string(),
                span: run.span(),
            });
            continue;
        }
        if level.is_some() {
            continue;
        }
        for (start, end) in inline_titles(text) {
            let title = &text[start..end];
            out.push(Section {
                kind: SectionKind::of(title),
                title: title.to_string(),
                span: norm.span(run, start..end),
            });
        }
    }
    Outline(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The former character-by-character scan, kept as the oracle of
    /// [`inline_titles`].
    fn oracle(norm: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut prev: Option<char> = None;
        for (i, c) in norm.char_indices() {
            let p = prev;
            prev = Some(c);
            if !is_cn(c) || p.is_some_and(|p| is_cn(p) || is_word(p)) {
                continue;
            }
            let numeral: usize = norm[i..]
                .chars()
                .take_while(|c| is_cn(*c))
                .map(char::len_utf8)
                .sum();
            if numeral > 3 * '十'.len_utf8() || !norm[i + numeral..].starts_with('、') {
                continue;
            }
            let body = i + numeral + '、'.len_utf8();
            let mut end = body;
            for (n, (j, ch)) in norm[body..].char_indices().enumerate() {
                if n >= 30
                    || ch.is_ascii_digit()
                    || matches!(ch, '（' | '。' | '；' | '，' | '：' | '！' | '？')
                {
                    break;
                }
                end = body + j + ch.len_utf8();
            }
            if let Some(cut) = last_title_ending(&norm[body..end]) {
                end = body + cut;
            }
            if end > body {
                out.push((i, end));
            }
        }
        out
    }

    #[test]
    fn inline_titles_agree_with_oracle() {
        for s in [
            "一、概述推进二、主动公开政府信息情况三、依申请公开情况",
            "统一、规范。之一、十一、其他需要报告的事项",
            "一二三四、不是。十二、收费及减免情况（一）",
            "、、一、、二、",
            "（三）无障碍。三、问题和改进措施1.加强",
            "a一、概述 b十、 五、六、七、",
            "",
        ] {
            assert_eq!(inline_titles(s), oracle(s), "{s}");
        }
    }

    #[track_caller]
    fn check(input: &str, expected: &[(&str, SectionKind)]) {
        let got: Vec<(String, SectionKind)> = inline_titles(input)
            .into_iter()
            .map(|(s, e)| (input[s..e].to_string(), SectionKind::of(&input[s..e])))
            .collect();
        let want: Vec<(String, SectionKind)> =
            expected.iter().map(|(t, k)| (t.to_string(), *k)).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn title_endings() {
        for w in [
            "概述推进",
            "工作情况和存在问题情况说明",
            "无",
            "",
            "附表统计表x",
            "措施",
        ] {
            let naive = TITLE_ENDINGS
                .iter()
                .filter_map(|e| w.rfind(e).map(|p| p + e.len()))
                .max();
            assert_eq!(last_title_ending(w), naive, "{w}");
        }
    }

    #[test]
    fn flattened_titles() {
        check(
            "再上新台阶。三、政府信息依申请公开工作情况2018年未收到申请。四、因政府信息公开申请行政复议、提起行政诉讼的情况2018年未收到。",
            &[
                ("三、政府信息依申请公开工作情况", SectionKind::OnRequest),
                (
                    "四、因政府信息公开申请行政复议、提起行政诉讼的情况",
                    SectionKind::ReviewSuit,
                ),
            ],
        );
        check("实现统一、规范。", &[]);
        check(
            "一、概述推进政府信息公开工作是重要举措。五、主要问题和改进措施虽然取得成效。",
            &[
                ("一、概述", SectionKind::Overview),
                ("五、主要问题和改进措施", SectionKind::Problems),
            ],
        );
        check(
            "三、收到和处理政府信息公开申请情况",
            &[("三、收到和处理政府信息公开申请情况", SectionKind::Post2019)],
        );
        check(
            "四、政府信息公开行政复议、行政诉讼情况",
            &[(
                "四、政府信息公开行政复议、行政诉讼情况",
                SectionKind::Post2019,
            )],
        );
        check(
            "四、政府信息公开工作被申请行政复议、提起行政诉讼情况",
            &[(
                "四、政府信息公开工作被申请行政复议、提起行政诉讼情况",
                SectionKind::Post2019,
            )],
        );
        check(
            "八、因政府信息公开申请提起行政复议、行政诉讼的情况",
            &[(
                "八、因政府信息公开申请提起行政复议、行政诉讼的情况",
                SectionKind::ReviewSuit,
            )],
        );
        check("一、概述", &[("一、概述", SectionKind::Overview)]);
        check(
            "五、政府信息公开的收费及减免情况",
            &[("五、政府信息公开的收费及减免情况", SectionKind::Fees)],
        );
    }
}
