//! Builds one block's or cell's text from aligned text nodes: white space
//! (U+00A0 and U+3000 included) folded to single spaces, invisible format
//! characters dropped, line breaks kept as `\n` where asked, leading and
//! trailing white space trimmed, every byte mapped back to the source.

use super::align::Piece;
use crate::span::{Span, TextRun};

/// Text being gathered for one block or cell.
#[derive(Debug, Default)]
pub(crate) struct TextBuilder {
    run: TextRun,
    /// Source range of pending white space, not yet written.
    space: Option<(usize, usize)>,
    /// A line break is pending.
    brk: bool,
    /// Source end of the last text written.
    last_end: usize,
    /// Source extent of everything written.
    extent: Option<(usize, usize)>,
}

impl TextBuilder {
    /// An empty builder.
    pub fn new() -> TextBuilder {
        TextBuilder::default()
    }

    /// Appends a text node through its aligned pieces.
    pub fn push(&mut self, text: &str, pieces: &[Piece]) {
        for piece in pieces {
            let Some(s) = text.get(piece.text.clone()) else {
                continue;
            };
            // Within a verbatim piece each character has its own bytes;
            // within an atomic one every character maps to the whole piece.
            let at = |o: usize, len: usize| {
                if piece.verbatim {
                    (piece.src + o, len)
                } else {
                    (piece.src, piece.src_len)
                }
            };
            let bytes = s.as_bytes();
            let mut stretch: Option<usize> = None;
            let mut o = 0;
            while o < bytes.len() {
                // Most characters cannot be blank or invisible by their
                // first two or three bytes alone: step over them at once.
                let k = next_candidate(bytes.get(o..).unwrap_or_default());
                if k > 0 {
                    stretch.get_or_insert(o);
                    o += k;
                    continue;
                }
                let Some(c) = s.get(o..).and_then(|r| r.chars().next()) else {
                    break;
                };
                let blank = c.is_whitespace();
                if blank || is_invisible(c) {
                    if let Some(st) = stretch.take() {
                        let (src, len) = at(st, o - st);
                        self.write(&s[st..o], src, len, piece.verbatim);
                    }
                    if blank {
                        let (src, len) = at(o, c.len_utf8());
                        self.blank(src, src + len);
                    }
                } else {
                    stretch.get_or_insert(o);
                }
                o += c.len_utf8();
            }
            if let Some(st) = stretch {
                let (src, len) = at(st, s.len() - st);
                self.write(&s[st..], src, len, piece.verbatim);
            }
        }
    }

    /// [`TextBuilder::push`] for a node of white space only, which only
    /// marks white space: each piece at once, from its first byte to its
    /// last (the extent of its characters' bytes, whether the piece is
    /// verbatim or atomic).
    pub fn push_blank(&mut self, text: &str, pieces: &[Piece]) {
        for piece in pieces {
            if text.get(piece.text.clone()).is_some_and(|s| !s.is_empty()) {
                self.blank(piece.src, piece.src + piece.src_len);
            }
        }
    }

    /// Marks white space between `start` and `end` in the source.
    fn blank(&mut self, start: usize, end: usize) {
        self.space = Some(match self.space {
            Some((a, b)) => (a, b.max(end)),
            None => (start, end.max(start)),
        });
    }

    /// A boundary that reads as white space (an element edge inside a
    /// heading, say).
    pub fn space(&mut self) {
        if self.space.is_none() {
            self.space = Some((self.last_end, self.last_end));
        }
    }

    /// A line break (`<br>`, a paragraph edge inside a cell): written as
    /// `\n` before the next visible text, never at the start or end.
    pub fn line_break(&mut self) {
        self.brk = true;
    }

    /// Writes visible text, preceded by any pending break or space.
    fn write(&mut self, s: &str, src: usize, len: usize, verbatim: bool) {
        if !self.run.is_empty() {
            if self.brk {
                let (at, gap) = gap(self.last_end, src);
                self.run.push_mapped("\n", at, gap);
            } else if let Some((a, b)) = self.space {
                self.run.push_mapped(" ", a, b - a);
            }
        }
        self.brk = false;
        self.space = None;
        if verbatim {
            self.run.push_verbatim(s, src);
        } else {
            self.run.push_mapped(s, src, len);
        }
        self.last_end = src + len;
        self.extent = Some(match self.extent {
            Some((a, b)) => (a.min(src), b.max(src + len)),
            None => (src, src + len),
        });
    }

    /// Takes the text gathered so far (with its source extent) and resets.
    pub fn finish(&mut self) -> Option<(TextRun, Span)> {
        let run = self.run.take_fitted();
        let extent = self.extent.take();
        self.space = None;
        self.brk = false;
        if run.is_empty() {
            return None;
        }
        let (a, b) = extent.unwrap_or_default();
        Some((run, Span::new(a, b)))
    }
}

/// The source range a line break stands for: the markup between the text
/// before it and the text after it (empty when they are out of order).
fn gap(before: usize, after: usize) -> (usize, usize) {
    if after >= before {
        (before, after - before)
    } else {
        (before, 0)
    }
}

/// Where the first character in `b` (which starts on a character boundary)
/// stands that may be white space or invisible
/// ([`may_be_blank_or_invisible`]), or the length of `b`. Steps from
/// character to character by their first bytes.
fn next_candidate(b: &[u8]) -> usize {
    let mut k = 0;
    while let Some(&x) = b.get(k) {
        match STEP[usize::from(x)] {
            0 if may_be_blank_or_invisible(b.get(k..).unwrap_or_default()) => return k,
            // ASCII white space, `C2`, or `E1`–`E3` and `EF`.
            0 => {
                k += if x < 0x80 {
                    1
                } else if x < 0xE0 {
                    2
                } else {
                    3
                }
            }
            step => k += usize::from(step),
        }
    }
    b.len()
}

/// For the first byte of a character, how many bytes the character has,
/// or 0 when [`may_be_blank_or_invisible`] looks further at it.
const STEP: [u8; 256] = {
    let mut t = [1; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = match b as u8 {
            b'\t'..=b'\r' | b' ' | 0xC2 | 0xE1 | 0xE2 | 0xE3 | 0xEF => 0,
            0xC0..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xFF => 4,
            _ => 1,
        };
        b += 1;
    }
    t
};

/// Whether the character at the start of `b` may be white space or
/// invisible, by its first bytes: ASCII white space, U+0080–U+00BF,
/// U+1680–U+16BF, U+2000–U+207F, U+3000 or U+FEC0–U+FEFF. Han text and
/// the common CJK and full-width punctuation fail at the first or second
/// byte. (On a continuation byte the answer is no.)
fn may_be_blank_or_invisible(b: &[u8]) -> bool {
    match *b {
        [x, ..] if STEP[usize::from(x)] != 0 => false,
        [b'\t'..=b'\r' | b' ' | 0xC2, ..] => true,
        [0xE1, 0x9A, ..] | [0xE2, 0x80 | 0x81, ..] | [0xE3, 0x80, 0x80, ..] | [0xEF, 0xBB, ..] => {
            true
        }
        _ => false,
    }
}

/// Characters that take no room and only get in the way of matching.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{AD}'
            | '\u{200B}'
            | '\u{200C}'
            | '\u{200D}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{2060}'
            | '\u{FEFF}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A piece as `(text start, text end, source start, source length,
    /// verbatim)`.
    type Raw = (usize, usize, usize, usize, bool);

    /// The pieces `raw` describes.
    fn to_pieces(raw: &[Raw]) -> Vec<Piece> {
        raw.iter()
            .map(|&(ts, te, src, src_len, verbatim)| Piece {
                text: ts..te,
                src,
                src_len,
                verbatim,
            })
            .collect()
    }

    /// Pushes `nodes` (each text with its pieces) with `|` meaning a line
    /// break, and checks the text and the source span of each expected
    /// substring.
    #[track_caller]
    fn check(nodes: &[(&str, &[Raw])], text: &str, spans: &[(&str, Span)]) {
        let mut b = TextBuilder::new();
        for (node, pieces) in nodes {
            if *node == "|" {
                b.line_break();
                continue;
            }
            b.push(node, &to_pieces(pieces));
        }
        let (run, _) = b.finish().unwrap_or_default();
        assert_eq!(run.as_str(), text);
        for (sub, span) in spans {
            let at = run.as_str().find(sub).unwrap_or(usize::MAX);
            assert_eq!(run.span_of(at..at + sub.len()), *span, "{sub}");
        }
    }

    #[test]
    fn folds_and_maps() {
        // "  a \u{3000} b " verbatim at 10.
        check(
            &[("  a \u{3000} b ", &[(0, 10, 10, 10, true)])],
            "a b",
            &[("a", Span::new(12, 13)), ("a b", Span::new(12, 19))],
        );
        // "x&nbsp;821" with the reference atomic.
        check(
            &[(
                "x\u{a0}821",
                &[(0, 1, 0, 1, true), (1, 3, 1, 6, false), (3, 6, 7, 3, true)],
            )],
            "x 821",
            &[("821", Span::new(7, 10)), (" ", Span::new(1, 7))],
        );
        // Two nodes with a break between: "12" at 5, "34" at 20.
        check(
            &[
                ("12", &[(0, 2, 5, 2, true)]),
                ("|", &[]),
                ("|", &[]),
                (" 34", &[(0, 3, 19, 3, true)]),
            ],
            "12\n34",
            &[("34", Span::new(20, 22)), ("\n", Span::new(7, 20))],
        );
        // Zero-width characters vanish.
        check(&[("8\u{200B}2", &[(0, 5, 0, 5, true)])], "82", &[]);
    }

    #[test]
    fn blank_nodes_push_at_once() {
        let cases: [(&str, &[Raw]); 4] = [
            (" \n\t", &[(0, 3, 10, 3, true)]),
            (
                "\u{a0} \u{3000}",
                &[(0, 2, 4, 6, false), (2, 6, 10, 4, true)],
            ),
            ("\n ", &[(0, 1, 7, 2, false), (1, 2, 9, 1, true)]),
            (" ", &[(0, 1, 20, 1, true), (1, 1, 3, 0, false)]),
        ];
        for (node, raw) in cases {
            let pieces = to_pieces(raw);
            for before in [None, Some((2, 5))] {
                let (mut a, mut b) = (TextBuilder::new(), TextBuilder::new());
                (a.space, b.space) = (before, before);
                a.push(node, &pieces);
                b.push_blank(node, &pieces);
                assert_eq!(format!("{a:?}"), format!("{b:?}"), "{node:?}");
            }
        }
    }

    #[test]
    fn first_bytes_of_blank_and_invisible_characters() {
        let mut buf = [0; 4];
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            if c.is_whitespace() || is_invisible(c) {
                let bytes = c.encode_utf8(&mut buf).as_bytes();
                assert!(may_be_blank_or_invisible(bytes), "{c:?}");
                // The scan never stops inside a character.
                for k in 1..bytes.len() {
                    assert!(!may_be_blank_or_invisible(&bytes[k..]), "{c:?}");
                }
            }
            // Stepping by first bytes stops where a character-by-character
            // search does.
            let s = format!("字a{c}é");
            let want = s
                .char_indices()
                .find(|&(i, _)| may_be_blank_or_invisible(&s.as_bytes()[i..]))
                .map_or(s.len(), |(i, _)| i);
            assert_eq!(next_candidate(s.as_bytes()), want, "{c:?}");
        }
    }
}
