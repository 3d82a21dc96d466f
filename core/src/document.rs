//! The document model every extractor reads: blocks (headings, paragraphs,
//! tables) over the decoded source text, each knowing its byte span.

use crate::memo::Memo;
use crate::span::{Span, TextRun};
use serde::{Deserialize, Serialize};
use std::any::Any;
use std::sync::{Arc, OnceLock};

/// How the decoded source is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceFormat {
    /// Plain text (crawler text, pdftotext output, markdown).
    Text,
    /// HTML, a whole page or a fragment.
    Html,
}

impl SourceFormat {
    /// The name used in records (`text` or `html`).
    pub fn as_str(self) -> &'static str {
        match self {
            SourceFormat::Text => "text",
            SourceFormat::Html => "html",
        }
    }
}

/// A decoded document: the source text and the blocks read from it.
#[derive(Clone, Debug)]
pub struct Document {
    /// The decoded source text (UTF-8); every [`Span`] indexes into it.
    pub source: String,
    /// Whether the source is text or HTML.
    pub format: SourceFormat,
    /// The encoding the bytes were decoded from (`utf-8`, `gb18030`, …).
    pub encoding: String,
    /// The blocks in reading order.
    pub blocks: Vec<Block>,
    /// Problems met while decoding or building the blocks.
    pub warnings: Vec<String>,
    /// Lazily built text of every block with white space removed.
    compact: OnceLock<String>,
    /// Views computed once and shared by scorers and extractors.
    memo: Memo,
}

impl Document {
    /// Builds a document from decoded text in the given format.
    pub fn parse(source: String, format: SourceFormat, encoding: &str) -> Document {
        let (blocks, warnings) = match format {
            SourceFormat::Html => crate::html::parse(&source),
            SourceFormat::Text => crate::text::parse(&source),
        };
        Document {
            source,
            format,
            encoding: encoding.to_string(),
            blocks,
            warnings,
            compact: OnceLock::new(),
            memo: Memo::default(),
        }
    }

    /// A document from blocks built elsewhere (tests, plugins).
    pub fn from_blocks(source: String, format: SourceFormat, blocks: Vec<Block>) -> Document {
        Document {
            source,
            format,
            encoding: "utf-8".to_string(),
            blocks,
            warnings: Vec::new(),
            compact: OnceLock::new(),
            memo: Memo::default(),
        }
    }

    /// The text of every block, table cells included (covered copies left
    /// out), with all white space removed: cheap label matching for scorers.
    pub fn compact(&self) -> &str {
        self.compact.get_or_init(|| {
            let mut out = String::with_capacity(self.source.len() / 2);
            let mut push = |s: &str| push_unspaced(&mut out, s);
            for block in &self.blocks {
                match &block.kind {
                    BlockKind::Heading { text, .. } | BlockKind::Paragraph(text) => {
                        push(text.as_str());
                    }
                    BlockKind::Table(t) => {
                        for cell in t.rows.iter().flatten().filter(|c| !c.covered) {
                            push(cell.text.as_str());
                        }
                    }
                }
            }
            out
        })
    }

    /// A view of the document computed once and shared: the first call
    /// runs `compute`, later calls (from any scorer or extractor) get the
    /// stored value. Each view is keyed by its type `T`.
    pub fn view<T: Any + Send + Sync>(&self, compute: impl FnOnce(&Document) -> T) -> Arc<T> {
        self.memo.get_or_insert_with(|| compute(self))
    }

    /// The source text under a span (empty when the span is out of range or
    /// not on character boundaries).
    pub fn slice(&self, span: Span) -> &str {
        self.source.get(span.range()).unwrap_or("")
    }

    /// All headings, in order.
    pub fn headings(&self) -> impl Iterator<Item = (u8, &TextRun)> {
        self.blocks.iter().filter_map(|b| match &b.kind {
            BlockKind::Heading { level, text } => Some((*level, text)),
            _ => None,
        })
    }

    /// All tables, in order.
    pub fn tables(&self) -> impl Iterator<Item = &Table> {
        self.blocks.iter().filter_map(|b| match &b.kind {
            BlockKind::Table(t) => Some(t),
            _ => None,
        })
    }

    /// The text of every heading and paragraph, in order (tables left out).
    pub fn texts(&self) -> impl Iterator<Item = &TextRun> {
        self.blocks.iter().filter_map(|b| b.text())
    }
}

/// One block of a document.
#[derive(Clone, Debug)]
pub struct Block {
    /// What the block is.
    pub kind: BlockKind,
    /// Where the whole block stands in the source.
    pub span: Span,
}

impl Block {
    /// The block's text, for headings and paragraphs.
    pub fn text(&self) -> Option<&TextRun> {
        match &self.kind {
            BlockKind::Heading { text, .. } | BlockKind::Paragraph(text) => Some(text),
            BlockKind::Table(_) => None,
        }
    }
}

/// The kinds of block.
#[derive(Clone, Debug)]
pub enum BlockKind {
    /// A section heading. Level 0 is the document title, 1 is `一、`,
    /// 2 is `（一）`, 3 is `1.`, 4 is `（1）`.
    Heading {
        /// Outline level.
        level: u8,
        /// The heading text, numbering included.
        text: TextRun,
    },
    /// A paragraph of prose; hard-wrapped lines are joined.
    Paragraph(TextRun),
    /// A table.
    Table(Table),
}

/// How a table was written in the source.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TableForm {
    /// An HTML `<table>`.
    Html,
    /// Markdown pipes: `| a | b |`.
    Markdown,
    /// One cell per line, each ending in ` |`, rows ending in `| |`.
    CellPerLine,
    /// Tab-separated columns.
    Tabs,
    /// Space-aligned columns (pdftotext `-layout`).
    Aligned,
    /// Plain pdftotext: one cell per line with no separators.
    Plain,
}

/// A table as a grid: every row has one [`Cell`] per grid column, with merged
/// cells repeated (as `covered` copies) in every position they occupy.
#[derive(Clone, Debug)]
pub struct Table {
    /// Rows of cells.
    pub rows: Vec<Vec<Cell>>,
    /// How the table was written.
    pub form: TableForm,
    /// Where the table stands in the source.
    pub span: Span,
}

impl Table {
    /// Number of grid columns (the widest row).
    pub fn width(&self) -> usize {
        self.rows.iter().map(Vec::len).max().unwrap_or(0)
    }

    /// The cells of row `r` that start there (no covered copies), in order:
    /// the "by order within a row" view that survives misaligned merges.
    pub fn row_origins(&self, r: usize) -> impl Iterator<Item = &Cell> {
        self.rows
            .get(r)
            .into_iter()
            .flatten()
            .filter(|c| !c.covered)
    }
}

/// One grid position of a table.
#[derive(Clone, Debug)]
pub struct Cell {
    /// The cell text with white space folded; `<br>` kept as `\n`.
    pub text: TextRun,
    /// Where the cell (content and markup) stands in the source.
    pub span: Span,
    /// Rows the original cell spans (1 when not merged).
    pub rowspan: u32,
    /// Columns the original cell spans (1 when not merged).
    pub colspan: u32,
    /// True when this position is covered by a merged cell that starts above
    /// or to the left; its text is a copy of that cell's.
    pub covered: bool,
}

impl Cell {
    /// A plain, unmerged cell.
    pub fn new(text: TextRun, span: Span) -> Cell {
        Cell {
            text,
            span,
            rowspan: 1,
            colspan: 1,
            covered: false,
        }
    }

    /// The cell text, trimmed.
    pub fn as_str(&self) -> &str {
        self.text.as_str().trim()
    }

    /// Whether the cell is blank (no text, or only white space).
    pub fn is_blank(&self) -> bool {
        self.as_str().is_empty()
    }
}

/// Appends `s` to `out` without its white space (`char::is_whitespace`),
/// copying whole runs between white space at once. The scan steps from
/// character to character by lead bytes and tells white space from its
/// bytes: U+0009 to U+000D and the space, U+0085, U+00A0, U+1680, U+2000
/// to U+200A, U+2028, U+2029, U+202F, U+205F and U+3000 (the whole
/// `White_Space` list), so nothing is decoded.
fn push_unspaced(out: &mut String, s: &str) {
    let b = s.as_bytes();
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    let (mut start, mut i) = (0, 0);
    while let Some(&c) = b.get(i) {
        let (len, space) = match c {
            0x21..=0x7F => (1, false),
            0xE4..=0xEF => (3, false),
            0x09..=0x0D | b' ' => (1, true),
            0x00..=0x20 => (1, false),
            0xC2 => (2, matches!(at(i + 1), 0x85 | 0xA0)),
            0x80..=0xDF => (2, false),
            0xE1 => (3, at(i + 1) == 0x9A && at(i + 2) == 0x80),
            0xE2 => (
                3,
                match at(i + 1) {
                    0x80 => matches!(at(i + 2), 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF),
                    0x81 => at(i + 2) == 0x9F,
                    _ => false,
                },
            ),
            0xE3 => (3, at(i + 1) == 0x80 && at(i + 2) == 0x80),
            0xE0 => (3, false),
            _ => (4, false),
        };
        if space {
            out.push_str(s.get(start..i).unwrap_or_default());
            start = i + len;
        }
        i += len;
    }
    out.push_str(s.get(start..).unwrap_or_default());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_drops_all_white_space() {
        let doc = Document::parse(
            "标题 一\n\n共 公开\u{3000}信息\t12 条\n".to_string(),
            SourceFormat::Text,
            "utf-8",
        );
        assert_eq!(doc.compact(), "标题一共公开信息12条");
        let html = Document::parse(
            "<p>甲 乙</p><table><tr><td>a b</td><td rowspan=2>c</td></tr><tr><td>d</td></tr></table>"
                .to_string(),
            SourceFormat::Html,
            "utf-8",
        );
        assert_eq!(html.compact(), "甲乙abcd");
    }

    #[test]
    fn unspaced_knows_every_white_space_character() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let mut got = String::new();
            push_unspaced(&mut got, &format!("a{c}b"));
            let want = if c.is_whitespace() {
                "ab".to_string()
            } else {
                format!("a{c}b")
            };
            assert_eq!(got, want, "U+{:04X}", c as u32);
        }
    }

    proptest::proptest! {
        /// The byte scan drops exactly what `char::is_whitespace` drops.
        #[test]
        fn unspaced_is_split_on_white_space(s in "[ a\t\n\u{85}\u{a0}\u{1680}\u{2000}-\u{206f}\u{3000}-\u{3003}甲\u{e000}é\u{1f600}]{0,40}") {
            let mut got = String::new();
            push_unspaced(&mut got, &s);
            let want: String = s.split(char::is_whitespace).collect();
            proptest::prop_assert_eq!(got, want);
        }
    }
}
