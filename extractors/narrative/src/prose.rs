//! The prose of a document as paragraphs, sentences and clauses, with page
//! furniture and old statistics tables left out.

use crate::norm::{Blocks, Norm};
use memchr::memmem::Finder;
use nianbao_core::{BlockKind, Document, Span, TextRun};
use std::ops::Range;
use std::sync::LazyLock;

/// One paragraph of prose (or a heading), normalised.
#[derive(Debug)]
pub struct Para<'d> {
    /// Index of the block in `doc.blocks`.
    pub block: usize,
    /// Whether the block is a heading.
    pub heading: bool,
    /// The block's text.
    pub run: &'d TextRun,
    /// The normalised text.
    pub norm: &'d Norm,
    /// The text of the nearest heading above, normalised.
    pub section: &'d str,
    /// Sentences as byte ranges of `norm` (terminators left out).
    pub sentences: Vec<Range<usize>>,
}

impl Para<'_> {
    /// The normalised text of a range.
    pub fn text(&self, r: Range<usize>) -> &str {
        self.norm.as_str().get(r).unwrap_or("")
    }

    /// The source span of a normalised range.
    pub fn span(&self, r: Range<usize>) -> Span {
        self.norm.span(self.run, r)
    }
}

/// Where an old statistics table (`统计表`, `指标名称 计量单位 …`) starts in
/// a normalised paragraph, if it has one run into it.
pub fn stats_table_start(norm: &str) -> Option<usize> {
    static FIELDS: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("指标名称"));
    static TABLE: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("统计表"));
    let at = FIELDS.find(norm.as_bytes()).or_else(|| {
        let s = TABLE.find(norm.as_bytes())?;
        let rest = norm.get(s + "统计表".len()..)?;
        let head: String = rest.chars().take(12).collect();
        (head.contains("主动公开") || head.contains("指标")).then_some(s)
    })?;
    // Start at the table's own heading when it directly precedes.
    let before = norm.get(..at)?;
    let from = before
        .rfind(['。', '；'])
        .map(|p| p + '。'.len_utf8())
        .unwrap_or(0);
    let head_end = if norm[at..].starts_with("统计表") {
        at + "统计表".len()
    } else {
        at
    };
    let title = norm.get(from..head_end).unwrap_or("");
    if title.contains("统计表") && title.chars().count() <= 60 {
        Some(from)
    } else {
        Some(at)
    }
}

/// Splits normalised text into sentences at `。！？；`.
fn sentences(text: &str, limit: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    // The terminators are `。` (E3 80 82) and the full-width `！？；`
    // (EF BC 81, EF BC 9F, EF BC 9B): a byte scan finds them without
    // decoding characters.
    let mut i = 0;
    while let Some(p) = bytes.get(i..).and_then(|t| memchr::memchr2(0xe3, 0xef, t)) {
        i += p;
        if i >= limit {
            break;
        }
        let end = match (bytes.get(i), bytes.get(i + 1), bytes.get(i + 2)) {
            (Some(0xe3), Some(0x80), Some(0x82))
            | (Some(0xef), Some(0xbc), Some(0x81 | 0x9f | 0x9b)) => i + 3,
            _ => {
                i += 1;
                continue;
            }
        };
        if i > start {
            out.push(start..i);
        }
        start = end;
        i = end;
    }
    let end = limit.min(text.len());
    if end > start {
        out.push(start..end);
    }
    out
}

/// Splits a sentence into clauses at `，：` (and ASCII commas that are not
/// thousands separators). Ranges are relative to `text`.
pub fn clauses(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    // The separators are `,` and the full-width `，` (EF BC 8C) and `：`
    // (EF BC 9A): a byte scan finds them without decoding characters.
    let mut i = 0;
    while let Some(p) = bytes.get(i..).and_then(|t| memchr::memchr2(b',', 0xef, t)) {
        i += p;
        let len = match bytes.get(i) {
            Some(b',') => 1,
            Some(0xef)
                if bytes.get(i + 1) == Some(&0xbc)
                    && matches!(bytes.get(i + 2), Some(0x8c | 0x9a)) =>
            {
                3
            }
            _ => {
                i += 1;
                continue;
            }
        };
        let colon = bytes.get(i + 2) == Some(&0x9a) && len == 3;
        let split = colon || {
            let prev_digit = i > 0 && bytes.get(i - 1).is_some_and(u8::is_ascii_digit);
            let group = bytes
                .get(i + len..)
                .unwrap_or(&[])
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
            !(prev_digit && group == 3)
        };
        if split {
            if i > start {
                out.push(start..i);
            }
            start = i + len;
        }
        i += len;
    }
    if text.len() > start {
        out.push(start..text.len());
    }
    out
}

/// The prose paragraphs of a document, in order: headings and paragraphs,
/// furniture skipped, old statistics tables cut off.
///
/// `norms` is the document's [`crate::norm::blocks`] view.
pub fn paragraphs<'d>(doc: &'d Document, norms: &'d Blocks) -> Vec<Para<'d>> {
    let mut out = Vec::new();
    let mut section: &'d str = "";
    for (i, block) in doc.blocks.iter().enumerate() {
        let (run, heading) = match &block.kind {
            BlockKind::Heading { text, .. } => (text, true),
            BlockKind::Paragraph(text) => (text, false),
            BlockKind::Table(_) => continue,
        };
        let Some(norm) = norms.get(i) else {
            continue;
        };
        if norms.is_furniture(i) {
            continue;
        }
        let limit = stats_table_start(norm.as_str()).unwrap_or(norm.as_str().len());
        let sentences = sentences(norm.as_str(), limit);
        let para = Para {
            block: i,
            heading,
            run,
            section,
            sentences,
            norm,
        };
        if heading {
            section = norm.as_str();
        }
        out.push(para);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The former character-by-character splits, kept as oracles.
    fn sentences_oracle(text: &str, limit: usize) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut start = 0;
        for (i, c) in text.char_indices() {
            if i >= limit {
                break;
            }
            if matches!(c, '。' | '！' | '？' | '；') {
                if i > start {
                    out.push(start..i);
                }
                start = i + c.len_utf8();
            }
        }
        let end = limit.min(text.len());
        if end > start {
            out.push(start..end);
        }
        out
    }

    fn clauses_oracle(text: &str) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut start = 0;
        let bytes = text.as_bytes();
        for (i, c) in text.char_indices() {
            let split = match c {
                '：' => true,
                '，' | ',' => {
                    let prev_digit = i > 0 && bytes.get(i - 1).is_some_and(u8::is_ascii_digit);
                    let after = &text[i + c.len_utf8()..];
                    let group = after.bytes().take_while(u8::is_ascii_digit).count();
                    !(prev_digit && group == 3)
                }
                _ => false,
            };
            if split {
                if i > start {
                    out.push(start..i);
                }
                start = i + c.len_utf8();
            }
        }
        if text.len() > start {
            out.push(start..text.len());
        }
        out
    }

    #[test]
    fn splits_agree_with_oracles() {
        for s in [
            "共主动公开信息1670条，其中规范性文件4条。受理申请1,670件；无。",
            "受理申请1,670件,办结2件：其中1，234件！？；。",
            "，，。。：：！abc，1,23,4567，890。",
            "ｘ（一）〇、〔〕。",
            "",
        ] {
            assert_eq!(clauses(s), clauses_oracle(s), "{s}");
            for limit in 0..=s.len() {
                assert_eq!(
                    sentences(s, limit),
                    sentences_oracle(s, limit),
                    "{s} {limit}"
                );
            }
        }
    }

    #[test]
    fn splits() {
        let s = "共主动公开信息1670条，其中规范性文件4条。受理申请1,670件；无。";
        let sents = sentences(s, s.len());
        let texts: Vec<&str> = sents.iter().map(|r| &s[r.clone()]).collect();
        assert_eq!(
            texts,
            [
                "共主动公开信息1670条，其中规范性文件4条",
                "受理申请1,670件",
                "无"
            ]
        );
        let first = texts[0];
        let cl: Vec<&str> = clauses(first).into_iter().map(|r| &first[r]).collect();
        assert_eq!(cl, ["共主动公开信息1670条", "其中规范性文件4条"]);
        let c = "受理申请1,670件,办结2件";
        let cl: Vec<&str> = clauses(c).into_iter().map(|r| &c[r]).collect();
        assert_eq!(cl, ["受理申请1,670件", "办结2件"]);
    }

    #[test]
    fn stats_table() {
        let s = "工作开展。六、政府信息公开情况统计表指标名称计量单位2018年度";
        let at = stats_table_start(s).unwrap_or(0);
        assert_eq!(
            &s[at..],
            "六、政府信息公开情况统计表指标名称计量单位2018年度"
        );
        let s = "平潭县人民政府2011年政府信息公开情况统计表主动公开信息数条4251516";
        assert_eq!(stats_table_start(s), Some(0));
    }
}
