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

/// A stretch of normalised text and where it came from in the run: either
/// characters copied unchanged from contiguous source bytes (`verbatim`,
/// mapped byte for byte), or one character that differs from its source (a
/// folded character, or the space kept between two numbers).
#[derive(Clone, Copy, Debug)]
struct Stretch {
    /// Byte offset in the normalised text.
    at: usize,
    /// Byte length in the normalised text.
    len: usize,
    /// Byte range in the run's text.
    src: (usize, usize),
    /// Whether the bytes are the source's own.
    verbatim: bool,
}

/// A normalised copy of some text with a map back to the original bytes.
///
/// The map is kept per stretch rather than per character: a report's text
/// is mostly copied unchanged, so a few stretches cover it.
#[derive(Clone, Debug, Default)]
pub struct Norm {
    text: String,
    stretches: Vec<Stretch>,
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

/// The byte length of the character starting at `at` in `text` when it is
/// kept unchanged (neither [`is_space`] nor changed by [`fold`]), else
/// `None` (also at the end of the text). Told from the bytes alone for
/// ASCII, U+4000–U+9FFF (lead bytes E4–E9) and the CJK punctuation of lead
/// bytes E3 and EF; other characters are decoded.
#[inline(always)]
fn kept_len(text: &str, at: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let lead = *bytes.get(at)?;
    // Han, most of a report, is told first.
    if (0xe4..=0xe9).contains(&lead) {
        return Some(3);
    }
    match lead {
        b'\t'..=b'\r' | b' ' | b'(' | b')' | b':' | b';' | b'!' | b'?' => None,
        0..=0x7f => Some(1),
        // U+3000 is the only space or folded character of lead byte E3.
        0xe3 => (bytes.get(at + 1..at + 3)? != [0x80, 0x80]).then_some(3),
        // U+FEFF is a space; U+FF10–U+FF19 and U+FF3B are folded.
        0xef => match bytes.get(at + 1..at + 3)? {
            [0xbb, 0xbf] | [0xbc, 0x90..=0x99 | 0xbb] => None,
            _ => Some(3),
        },
        _ => {
            let c = text.get(at..)?.chars().next()?;
            (!is_space(c) && fold(c) == c).then(|| c.len_utf8())
        }
    }
}

/// The end of the longest run of characters from `from` that [`Norm::new`]
/// keeps unchanged (`kept_end(text, 0)`: the kept prefix; the whole text
/// when it has no white space and no character that is folded).
#[inline]
fn kept_end(text: &str, from: usize) -> usize {
    let mut to = from;
    while let Some(len) = kept_len(text, to) {
        to += len;
    }
    to
}

/// Whether the byte before `at` is an ASCII digit: exactly when the
/// character before it is one (no other character has a byte below 0x80).
#[inline]
fn digit_before(bytes: &[u8], at: usize) -> bool {
    at.checked_sub(1)
        .and_then(|p| bytes.get(p))
        .is_some_and(u8::is_ascii_digit)
}

impl Norm {
    /// Normalises `text`.
    pub fn new(text: &str) -> Norm {
        Norm::after_kept(text, kept_end(text, 0))
    }

    /// Normalises `text`, whose first `kept` bytes ([`kept_end`] from 0) are
    /// known to be kept unchanged.
    fn after_kept(text: &str, kept: usize) -> Norm {
        let mut out = Norm {
            // A folded ASCII character takes three bytes instead of one:
            // room for a few of them, so that the text is rarely grown.
            text: String::with_capacity(text.len() + 32),
            // Most texts need a few stretches: allocated at once rather
            // than grown from nothing.
            stretches: Vec::with_capacity(4),
        };
        let bytes = text.as_bytes();
        let mut pending_space = false;
        // The state after the kept prefix, as the loop below leaves it
        // after its first character (which extends the run over it).
        let mut last_digit = digit_before(bytes, kept);
        // The source range of characters kept unchanged, not yet copied.
        let mut run: Option<(usize, usize)> = (kept > 0).then_some((0, kept));
        let mut next = kept;
        while let Some(&lead) = bytes.get(next) {
            let i = next;
            // U+4000–U+9FFF (lead bytes E4–E9: Han, most of a report) is
            // neither space nor folded: it is not decoded, and one Han
            // character stands for it below.
            let (c, end) = if (0xe4..=0xe9).contains(&lead) {
                ('\u{4e00}', i + 3)
            } else {
                let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) else {
                    break;
                };
                (c, i + c.len_utf8())
            };
            next = end;
            if is_space(c) {
                pending_space = true;
                continue;
            }
            let f = fold(c);
            if let Some((from, to)) = run
                && (to != i || f != c)
            {
                out.push_verbatim(text, from, to);
                run = None;
            }
            let digit = f.is_ascii_digit();
            // Keep one space between two digits so that separate numbers
            // (table cells, `2069 12106`) are not glued together.
            if pending_space && digit && last_digit {
                let src = out.stretches.last().map_or(i, |s| s.src.1);
                out.push_single(' ', (src, i));
            }
            pending_space = false;
            last_digit = digit;
            if f != c {
                out.push_single(f, (i, end));
            } else {
                // Characters straight after a kept one that are neither
                // space nor folded (Han text undecoded, plain ASCII, most
                // punctuation) only extend the run: skip them at once,
                // noting whether the last is a digit.
                let to = kept_end(text, end);
                last_digit = digit_before(bytes, to);
                next = to;
                run = Some((run.map_or(i, |(from, _)| from), to));
            }
        }
        if let Some((from, to)) = run {
            out.push_verbatim(text, from, to);
        }
        out
    }

    /// Appends the source bytes `from..to`, unchanged.
    fn push_verbatim(&mut self, text: &str, from: usize, to: usize) {
        let Some(piece) = text.get(from..to) else {
            return;
        };
        self.stretches.push(Stretch {
            at: self.text.len(),
            len: piece.len(),
            src: (from, to),
            verbatim: true,
        });
        self.text.push_str(piece);
    }

    /// Appends one character that differs from its source bytes `src`.
    fn push_single(&mut self, c: char, src: (usize, usize)) {
        self.stretches.push(Stretch {
            at: self.text.len(),
            len: c.len_utf8(),
            src,
            verbatim: false,
        });
        self.text.push(c);
    }

    /// The normalised text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// A borrowed view of the text and its map.
    pub fn view(&self) -> NormRef<'_> {
        NormRef {
            text: &self.text,
            stretches: &self.stretches,
        }
    }

    /// The byte range of the original text behind the normalised `range`
    /// (see [`NormRef::original`]).
    pub fn original(&self, range: Range<usize>) -> Range<usize> {
        self.view().original(range)
    }

    /// The source span behind the normalised `range` of a run's text.
    pub fn span(&self, run: &TextRun, range: Range<usize>) -> Span {
        self.view().span(run, range)
    }
}

/// A normalised text and its map back to the original bytes, borrowed from
/// a [`Norm`] or, for a block that normalisation leaves unchanged, from the
/// block itself ([`Blocks::get`]).
#[derive(Clone, Copy, Debug)]
pub struct NormRef<'a> {
    text: &'a str,
    stretches: &'a [Stretch],
}

impl<'a> NormRef<'a> {
    /// The normalised text.
    pub fn as_str(&self) -> &'a str {
        self.text
    }

    /// The byte range of the original text behind the normalised `range`:
    /// from the source of the first character starting at or after
    /// `range.start` to the end of the source of the last character
    /// starting before `range.end`.
    pub fn original(&self, range: Range<usize>) -> Range<usize> {
        match (self.first_from(range.start), self.last_before(range.end)) {
            (Some((a, from)), Some((b, to))) if b >= a => from..to,
            (Some((_, from)), _) => from..from,
            _ => {
                let end = self.stretches.last().map_or(0, |s| s.src.1);
                end..end
            }
        }
    }

    /// The first character starting at or after normalised offset `p`: its
    /// offset and where its source starts.
    fn first_from(&self, p: usize) -> Option<(usize, usize)> {
        let i = self.stretches.partition_point(|s| s.at + s.len <= p);
        let s = self.stretches.get(i)?;
        if s.at >= p {
            return Some((s.at, s.src.0));
        }
        if s.verbatim {
            let end = s.at + s.len;
            if let Some(q) = (p..end).find(|q| self.text.is_char_boundary(*q)) {
                return Some((q, s.src.0 + (q - s.at)));
            }
        }
        let next = self.stretches.get(i + 1)?;
        Some((next.at, next.src.0))
    }

    /// The last character starting before normalised offset `e`: its offset
    /// and where its source ends.
    fn last_before(&self, e: usize) -> Option<(usize, usize)> {
        let i = self.stretches.partition_point(|s| s.at < e);
        let s = self.stretches.get(i.checked_sub(1)?)?;
        if !s.verbatim {
            return Some((s.at, s.src.1));
        }
        let limit = e.min(s.at + s.len);
        let start = (s.at..limit)
            .rev()
            .find(|q| self.text.is_char_boundary(*q))?;
        let len = self.text.get(start..)?.chars().next()?.len_utf8();
        Some((start, s.src.0 + (start + len - s.at)))
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
///
/// A block that normalisation leaves unchanged (most of them: no white
/// space, no folded character) is not copied: its view is its own text.
#[derive(Debug, Default)]
pub struct Blocks(Vec<Option<(BlockNorm, bool)>>);

/// A block's normalised text: the block's own text with the one stretch
/// that maps it, or a normalised copy.
#[derive(Debug)]
enum BlockNorm {
    Same(Stretch),
    Copy(Norm),
}

impl Blocks {
    /// The normalised text of block `i` of `doc` (the document these blocks
    /// were read from), when it is a heading or paragraph.
    pub fn get<'a>(&'a self, doc: &'a Document, i: usize) -> Option<NormRef<'a>> {
        match &self.0.get(i)?.as_ref()?.0 {
            BlockNorm::Copy(n) => Some(n.view()),
            BlockNorm::Same(s) => {
                let text = doc.blocks.get(i)?.text()?.as_str();
                (text.len() == s.len).then(|| NormRef {
                    text,
                    stretches: std::slice::from_ref(s),
                })
            }
        }
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
                        let t = t.as_str();
                        let kept = kept_end(t, 0);
                        if kept == t.len() && !t.is_empty() {
                            let whole = Stretch {
                                at: 0,
                                len: t.len(),
                                src: (0, t.len()),
                                verbatim: true,
                            };
                            (BlockNorm::Same(whole), crate::furniture::is_furniture(t))
                        } else {
                            let norm = Norm::after_kept(t, kept);
                            let furniture = crate::furniture::is_furniture(norm.as_str());
                            (BlockNorm::Copy(norm), furniture)
                        }
                    })
                })
                .collect(),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// [`kept_len`] agrees with decoding, for every character.
    #[test]
    fn kept_characters() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let text = format!("{c}x");
            let want = (!is_space(c) && fold(c) == c).then(|| c.len_utf8());
            assert_eq!(kept_len(&text, 0), want, "{c:?}");
        }
        assert_eq!(kept_len("", 0), None);
    }

    /// The former per-character map, kept as the oracle for the stretches.
    fn oracle(text: &str, range: Range<usize>) -> (String, Range<usize>) {
        let mut out = String::new();
        let mut pieces: Vec<(usize, (usize, usize))> = Vec::new();
        let mut pending_space = false;
        for (i, c) in text.char_indices() {
            if is_space(c) {
                pending_space = true;
                continue;
            }
            let f = fold(c);
            if pending_space && f.is_ascii_digit() && out.ends_with(|p: char| p.is_ascii_digit()) {
                let src = pieces.last().map(|p| p.1.1).unwrap_or(i);
                pieces.push((out.len(), (src, i)));
                out.push(' ');
            }
            pending_space = false;
            pieces.push((out.len(), (i, i + c.len_utf8())));
            out.push(f);
        }
        let first = pieces.partition_point(|p| p.0 < range.start);
        let last = pieces.partition_point(|p| p.0 < range.end);
        let r = match (
            pieces.get(first),
            last.checked_sub(1).and_then(|l| pieces.get(l)),
        ) {
            (Some(a), Some(b)) if last > first => a.1.0..b.1.1,
            (Some(a), _) => a.1.0..a.1.0,
            _ => {
                let end = pieces.last().map(|p| p.1.1).unwrap_or(0);
                end..end
            }
        };
        (out, r)
    }

    proptest! {
        #[test]
        fn stretches_map_like_characters(
            text in "[a1b9 ２（(信息䶵鿿\u{3000}\u{200b}\u{b}\t　:;?。]{0,24}",
            a in 0usize..80,
            b in 0usize..80,
        ) {
            let n = Norm::new(&text);
            let range = a.min(b)..a.max(b);
            let (want_text, want) = oracle(&text, range.clone());
            prop_assert_eq!(n.as_str(), want_text.as_str());
            prop_assert_eq!(n.original(range), want);
        }
    }

    proptest! {
        /// A document's block views (the block's own text when unchanged,
        /// else a copy) map like [`Norm::new`] of each block's text.
        #[test]
        fn block_views_map_like_norms(
            lines in proptest::collection::vec("[a1b9 ２（(信息䶵鿿\u{3000}\u{200b}:;?。]{0,12}", 0..6),
            a in 0usize..40,
            b in 0usize..40,
        ) {
            use nianbao_core::{Block, BlockKind, SourceFormat};
            let source = lines.join("\n");
            let mut blocks = Vec::new();
            let mut at = 0;
            for line in &lines {
                let run = TextRun::verbatim(line, at);
                let span = run.span();
                blocks.push(Block { kind: BlockKind::Paragraph(run), span });
                at += line.len() + 1;
            }
            let doc = Document::from_blocks(source, SourceFormat::Text, blocks);
            let views = super::blocks(&doc);
            let range = a.min(b)..a.max(b);
            for (i, block) in doc.blocks.iter().enumerate() {
                let text = block.text().map_or("", TextRun::as_str);
                let (want, view) = (Norm::new(text), views.get(&doc, i));
                prop_assert_eq!(view.map(|v| v.as_str()), Some(want.as_str()));
                prop_assert_eq!(view.map(|v| v.original(range.clone())), Some(want.original(range.clone())));
            }
        }
    }

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
