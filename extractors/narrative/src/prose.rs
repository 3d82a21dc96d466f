//! The prose of a document as paragraphs, sentences and clauses, with page
//! furniture and old statistics tables left out.

use crate::norm::{Blocks, NormRef};
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
    pub norm: NormRef<'d>,
    /// The text of the nearest heading above, normalised.
    pub section: &'d str,
    /// Its sentences, in order: a range of indices into [`Prose`]'s.
    pub sentences: Range<usize>,
}

/// The prose paragraphs of a document with their sentences and clauses,
/// which all paragraphs keep in two shared lists.
#[derive(Debug, Default)]
pub struct Prose<'d> {
    /// The paragraphs, in order.
    pub paras: Vec<Para<'d>>,
    /// Every paragraph's sentences, and the clauses of every sentence, in
    /// order, as byte ranges relative to their sentence: split at `，：` and
    /// at ASCII commas that are not thousands separators (a digit before,
    /// exactly three after).
    split: Split,
}

impl Prose<'_> {
    /// The sentences of one of the paragraphs.
    pub fn sentences(&self, para: &Para<'_>) -> &[Sentence] {
        self.split
            .sentences
            .get(para.sentences.clone())
            .unwrap_or(&[])
    }

    /// The clauses of one of the sentences, as byte ranges relative to it.
    pub fn clauses_of(&self, sentence: &Sentence) -> &[Range<usize>] {
        self.split
            .clauses
            .get(sentence.clauses.clone())
            .unwrap_or(&[])
    }
}

/// A sentence of a paragraph.
#[derive(Clone, Debug, PartialEq)]
pub struct Sentence {
    /// A byte range of the paragraph's `norm` (terminator left out).
    pub range: Range<usize>,
    /// Its clauses: a range of indices into the clauses of [`Prose`].
    pub clauses: Range<usize>,
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

/// Sentences and clauses of a paragraph's normalised text, read in one pass.
#[derive(Debug, Default, PartialEq)]
struct Split {
    /// Sentences, with the indices of their clauses.
    sentences: Vec<Sentence>,
    /// Clauses, relative to their sentence.
    clauses: Vec<Range<usize>>,
}

/// Splits normalised text before `limit` (a char boundary) into sentences
/// at `。！？；`, and each sentence into clauses at `，：` and at ASCII commas
/// that are not thousands separators.
///
/// The terminators are `。` (E3 80 82) and the full-width `！？；` (EF BC
/// 81, EF BC 9F, EF BC 9B), the full-width separators `，：` (EF BC 8C,
/// EF BC 9A): one byte scan for E3 and EF finds them all without decoding
/// characters, and the rare ASCII commas, found by a scan of their own, are
/// taken in order between its hits. Digits after a comma are counted up to
/// `limit` only, and a sentence ends at a terminator, which is no digit: the
/// count is the one made on the sentence alone.
///
/// The split is appended to `out` (one list of sentences and one of
/// clauses for all the paragraphs of a document; a sentence's clause
/// indices count the clauses `out` held before).
fn split(text: &str, limit: usize, out: &mut Split) {
    let bytes = text.as_bytes();
    let end = limit.min(text.len());
    let first_clause = out.clauses.len();
    let mut s = Splitter {
        out,
        start: 0,
        clause_start: 0,
        first_clause,
    };
    let mut commas = memchr::memchr_iter(b',', bytes.get(..end).unwrap_or(&[]));
    let mut next_comma = commas.next();
    let mut i = 0;
    while let Some(p) = bytes
        .get(i..end)
        .and_then(|t| memchr::memchr2(0xe3, 0xef, t))
    {
        i += p;
        while let Some(c) = next_comma.filter(|c| *c < i) {
            s.separator(bytes, c, 1, end);
            next_comma = commas.next();
        }
        match (bytes.get(i + 1), bytes.get(i + 2)) {
            (Some(0x80), Some(0x82)) if bytes.get(i) == Some(&0xe3) => s.terminator(i, 3),
            (Some(0xbc), Some(0x81 | 0x9f | 0x9b)) if bytes.get(i) == Some(&0xef) => {
                s.terminator(i, 3);
            }
            (Some(0xbc), Some(0x8c | 0x9a)) if bytes.get(i) == Some(&0xef) => {
                s.separator(bytes, i, 3, end);
            }
            _ => {}
        }
        // Past the lead byte: the rest of a character led by E3 or EF
        // holds neither.
        i += 1;
    }
    while let Some(c) = next_comma {
        s.separator(bytes, c, 1, end);
        next_comma = commas.next();
    }
    s.finish(end);
}

/// The state of [`split`]: what it found so far and where the current
/// sentence and clause start.
struct Splitter<'a> {
    out: &'a mut Split,
    start: usize,
    clause_start: usize,
    first_clause: usize,
}

impl Splitter<'_> {
    /// Ends the current clause at `i`, if it is not empty.
    fn end_clause(&mut self, i: usize) {
        if i > self.clause_start {
            self.out
                .clauses
                .push(self.clause_start - self.start..i - self.start);
        }
    }

    /// A sentence terminator of `len` bytes at `i`.
    fn terminator(&mut self, i: usize, len: usize) {
        self.end_clause(i);
        self.end_sentence(i);
        self.start = i + len;
        self.clause_start = self.start;
        self.first_clause = self.out.clauses.len();
    }

    /// A clause separator of `len` bytes at `i`, text ending at `end`.
    fn separator(&mut self, bytes: &[u8], i: usize, len: usize, end: usize) {
        if splits_clause(bytes, i, len, self.start, end) {
            self.end_clause(i);
            self.clause_start = i + len;
        }
    }

    /// Ends the current sentence at `i`, if it is not empty.
    fn end_sentence(&mut self, i: usize) {
        if i > self.start {
            self.out.sentences.push(Sentence {
                range: self.start..i,
                clauses: self.first_clause..self.out.clauses.len(),
            });
        }
    }

    /// Ends the text at `end`.
    fn finish(mut self, end: usize) {
        self.end_clause(end);
        self.end_sentence(end);
    }
}

/// Whether the separator of `len` bytes at `i` (a `：` splits always, a
/// comma unless it separates thousands: a digit before it, in the text from
/// `from`, and exactly three digits after it, before `to`) ends a clause.
fn splits_clause(bytes: &[u8], i: usize, len: usize, from: usize, to: usize) -> bool {
    let colon = len == 3 && bytes.get(i + 2) == Some(&0x9a);
    colon || {
        let prev_digit = i > from && bytes.get(i - 1).is_some_and(u8::is_ascii_digit);
        let group = bytes
            .get(i + len..to)
            .unwrap_or(&[])
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        !(prev_digit && group == 3)
    }
}

/// The prose paragraphs of a document, in order: headings and paragraphs,
/// furniture skipped, old statistics tables cut off.
///
/// `norms` is the document's [`crate::norm::blocks`] view.
pub fn paragraphs<'d>(doc: &'d Document, norms: &'d Blocks) -> Prose<'d> {
    // At most one paragraph per block: allocated once, never grown.
    let mut out = Prose {
        paras: Vec::with_capacity(doc.blocks.len()),
        split: Split::default(),
    };
    let mut section: &'d str = "";
    for (i, block) in doc.blocks.iter().enumerate() {
        let (run, heading) = match &block.kind {
            BlockKind::Heading { text, .. } => (text, true),
            BlockKind::Paragraph(text) => (text, false),
            BlockKind::Table(_) => continue,
        };
        let Some(norm) = norms.get(doc, i) else {
            continue;
        };
        if norms.is_furniture(i) {
            continue;
        }
        let limit = stats_table_start(norm.as_str()).unwrap_or(norm.as_str().len());
        let first = out.split.sentences.len();
        split(norm.as_str(), limit, &mut out.split);
        let para = Para {
            block: i,
            heading,
            run,
            section,
            sentences: first..out.split.sentences.len(),
            norm,
        };
        if heading {
            section = norm.as_str();
        }
        out.paras.push(para);
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

    /// [`split`] into a new buffer.
    fn split_of(text: &str, limit: usize) -> Split {
        let mut out = Split::default();
        split(text, limit, &mut out);
        out
    }

    /// [`split`] by the oracles: sentences, then each one's clauses.
    fn split_oracle(text: &str, limit: usize) -> Split {
        let mut out = Split::default();
        for range in sentences_oracle(text, limit) {
            let first = out.clauses.len();
            out.clauses.extend(clauses_oracle(&text[range.clone()]));
            out.sentences.push(Sentence {
                range,
                clauses: first..out.clauses.len(),
            });
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
            "1,234。5,678",
            "",
        ] {
            for limit in (0..=s.len()).filter(|l| s.is_char_boundary(*l)) {
                assert_eq!(split_of(s, limit), split_oracle(s, limit), "{s} {limit}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn split_agrees_with_the_oracles(
            s in "(?:[0-9]|[,，：]|[。！？；]|[a信、（）ｘ〇]){0,24}",
            cut in 0usize..100,
        ) {
            let limit = (0..=s.len().min(cut)).rev().find(|l| s.is_char_boundary(*l)).unwrap_or(0);
            // Appended to a buffer that held another split first.
            let mut out = split_of("其中，1,234。另有", 40);
            let (sentences, clauses) = (out.sentences.len(), out.clauses.len());
            split(&s, limit, &mut out);
            let mut want = split_oracle(&s, limit);
            for t in &mut want.sentences {
                t.clauses = t.clauses.start + clauses..t.clauses.end + clauses;
            }
            proptest::prop_assert_eq!(&out.sentences[sentences..], &want.sentences[..]);
            proptest::prop_assert_eq!(&out.clauses[clauses..], &want.clauses[..]);
        }
    }

    #[test]
    fn splits() {
        let s = "共主动公开信息1670条，其中规范性文件4条。受理申请1,670件；无。";
        let split = split_of(s, s.len());
        let texts: Vec<&str> = split
            .sentences
            .iter()
            .map(|t| &s[t.range.clone()])
            .collect();
        assert_eq!(
            texts,
            [
                "共主动公开信息1670条，其中规范性文件4条",
                "受理申请1,670件",
                "无"
            ]
        );
        let first = texts[0];
        let cl: Vec<&str> = split.clauses[split.sentences[0].clauses.clone()]
            .iter()
            .map(|r| &first[r.clone()])
            .collect();
        assert_eq!(cl, ["共主动公开信息1670条", "其中规范性文件4条"]);
        let c = "受理申请1,670件,办结2件";
        let split = split_of(c, c.len());
        let cl: Vec<&str> = split.clauses.iter().map(|r| &c[r.clone()]).collect();
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
