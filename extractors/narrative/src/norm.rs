//! Normalised text for phrase matching, mapped back to its [`TextRun`].
//!
//! Reports scatter white space through their sentences (`信息 1136 条`,
//! line breaks inside numbers in HTML exports, full-width spaces). Matching
//! works on a copy with white space removed, full-width digits and ASCII
//! punctuation folded, and every character remembering which bytes of the
//! run it came from, so evidence still points at the exact source.

use nianbao_core::{Document, Span, TextRun};
use std::ops::Range;
use std::sync::Arc;

/// One normalised character and where it came from in the run.
#[derive(Clone, Copy, Debug)]
struct Piece {
    /// Byte offset in the normalised text.
    at: usize,
    /// Byte range in the run's text.
    src: (usize, usize),
}

/// A normalised copy of some text with a map back to the original bytes.
#[derive(Clone, Debug, Default)]
pub struct Norm {
    text: String,
    pieces: Vec<Piece>,
}

/// Whether a character is white space for matching purposes (zero-width and
/// format characters included).
fn is_space(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{200b}'..='\u{200f}' | '\u{feff}' | '\u{2060}' | '\u{00ad}'
        )
}

/// The folded form of a character.
fn fold(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        '(' => '（',
        ')' => '）',
        ':' => '：',
        ';' => '；',
        '!' => '！',
        '?' => '？',
        '〔' | '［' => '〔',
        _ => c,
    }
}

impl Norm {
    /// Normalises `text`.
    pub fn new(text: &str) -> Norm {
        // One piece per kept character, at most one byte-sized char per
        // source byte: reserving up front avoids repeated regrowth, the
        // hottest allocation of narrative reading.
        let chars = text.chars().count();
        let mut out = Norm {
            text: String::with_capacity(text.len()),
            pieces: Vec::with_capacity(chars),
        };
        let mut pending_space = false;
        for (i, c) in text.char_indices() {
            if is_space(c) {
                pending_space = true;
                continue;
            }
            let f = fold(c);
            // Keep one space between two digits so that separate numbers
            // (table cells, `2069 12106`) are not glued together.
            if pending_space
                && f.is_ascii_digit()
                && out.text.ends_with(|p: char| p.is_ascii_digit())
            {
                let at = out.text.len();
                let src = out.pieces.last().map(|p| p.src.1).unwrap_or(i);
                out.pieces.push(Piece { at, src: (src, i) });
                out.text.push(' ');
            }
            pending_space = false;
            let at = out.text.len();
            out.pieces.push(Piece {
                at,
                src: (i, i + c.len_utf8()),
            });
            out.text.push(f);
        }
        out
    }

    /// The normalised text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The byte range of the original text behind the normalised `range`.
    pub fn original(&self, range: Range<usize>) -> Range<usize> {
        let first = self.pieces.partition_point(|p| p.at < range.start);
        let last = self.pieces.partition_point(|p| p.at < range.end);
        match (
            self.pieces.get(first),
            last.checked_sub(1).and_then(|l| self.pieces.get(l)),
        ) {
            (Some(a), Some(b)) if last > first => a.src.0..b.src.1,
            (Some(a), _) => a.src.0..a.src.0,
            _ => {
                let end = self.pieces.last().map(|p| p.src.1).unwrap_or(0);
                end..end
            }
        }
    }

    /// The source span behind the normalised `range` of a run's text.
    pub fn span(&self, run: &TextRun, range: Range<usize>) -> Span {
        run.span_of(self.original(range))
    }
}

/// The characters [`Norm::new`] keeps from `text`, folded, last first
/// (white space dropped; the space kept between two numbers is not
/// produced): a cheap look at how the normalised text ends.
pub fn chars_rev(text: &str) -> impl Iterator<Item = char> + '_ {
    text.chars().rev().filter(|c| !is_space(*c)).map(fold)
}

/// Every heading and paragraph of a document normalised, by block index
/// (`None` for tables), with whether it is page furniture: one shared view
/// instead of one copy per reader.
#[derive(Debug, Default)]
pub struct Blocks(Vec<Option<(Norm, bool)>>);

impl Blocks {
    /// The normalised text of block `i`, when it is a heading or paragraph.
    pub fn get(&self, i: usize) -> Option<&Norm> {
        self.0.get(i).and_then(Option::as_ref).map(|(n, _)| n)
    }

    /// Whether block `i` is page furniture
    /// ([`crate::furniture::is_furniture`] of its normalised text).
    pub fn is_furniture(&self, i: usize) -> bool {
        self.0
            .get(i)
            .and_then(Option::as_ref)
            .is_some_and(|(_, f)| *f)
    }
}

/// The document's normalised blocks, computed once per document.
pub fn blocks(doc: &Document) -> Arc<Blocks> {
    doc.view(|d| {
        Blocks(
            d.blocks
                .iter()
                .map(|b| {
                    b.text().map(|t| {
                        let norm = Norm::new(t.as_str());
                        let furniture = crate::furniture::is_furniture(norm.as_str());
                        (norm, furniture)
                    })
                })
                .collect(),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(input: &str, expected: &str, probe: &str, original: &str) {
        let n = Norm::new(input);
        assert_eq!(n.as_str(), expected);
        let at = n.as_str().find(probe).unwrap_or(usize::MAX);
        let r = n.original(at..at + probe.len());
        assert_eq!(&input[r], original);
    }

    #[test]
    fn reverse_view() {
        let s = "报 告（ )\u{200b}";
        let rev: String = chars_rev(s).collect();
        let mut want: Vec<char> = Norm::new(s).as_str().chars().collect();
        want.reverse();
        assert_eq!(rev, want.into_iter().collect::<String>());
        assert_eq!(rev, "）（告报");
    }

    #[test]
    fn folds_and_maps() {
        check("信息 1136 条", "信息1136条", "1136条", "1136 条");
        check("共１６７０条", "共1670条", "1670", "１６７０");
        check("2069 12106", "2069 12106", "2069 12106", "2069 12106");
        check("自\n2018\n年", "自2018年", "2018年", "2018\n年");
        check("申请(18件)", "申请（18件）", "（18件）", "(18件)");
    }
}
