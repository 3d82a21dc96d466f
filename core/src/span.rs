//! Byte spans into the decoded source and text runs that remember where each
//! of their bytes came from.

use serde::{Deserialize, Serialize};
use std::ops::Range;

/// A half-open byte range `[start, end)` in the decoded source text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`; an inverted range is collapsed to `start`.
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start,
            end: end.max(start),
        }
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    /// Whether the span holds no bytes.
    pub fn is_empty(self) -> bool {
        self.start >= self.end
    }

    /// The span as a range, for slicing.
    pub fn range(self) -> Range<usize> {
        self.start..self.end
    }
}

/// One piece of a [`SourceMap`]: `text_len` bytes of the run's text starting
/// at `text_start` came from `src_len` source bytes starting at `src_start`.
///
/// A verbatim piece maps byte for byte; any other piece (an entity such as
/// `&amp;`, folded white space, a joined line break) is atomic: any byte
/// inside it maps to the whole source range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Segment {
    /// Offset of the piece in the run's text.
    pub text_start: usize,
    /// Length of the piece in the run's text.
    pub text_len: usize,
    /// Offset of the piece in the source.
    pub src_start: usize,
    /// Length of the piece in the source.
    pub src_len: usize,
    /// Whether the text is a verbatim copy of the source bytes.
    pub verbatim: bool,
}

/// Maps byte offsets of a [`TextRun`]'s text back to the decoded source.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SourceMap {
    segments: Vec<Segment>,
}

impl SourceMap {
    /// The segments, in text order.
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// Locates the segment holding text byte `pos` (or the last one before it).
    fn find(&self, pos: usize) -> Option<&Segment> {
        let idx = self.segments.partition_point(|s| s.text_start <= pos);
        idx.checked_sub(1).and_then(|i| self.segments.get(i))
    }

    /// Source offset where text byte `pos` starts.
    fn start_of(&self, pos: usize) -> Option<usize> {
        let seg = self.find(pos)?;
        let within = pos - seg.text_start;
        if seg.verbatim {
            Some(seg.src_start + within.min(seg.src_len))
        } else {
            Some(seg.src_start)
        }
    }

    /// Source offset where the text byte just before `pos` ends.
    fn end_of(&self, pos: usize) -> Option<usize> {
        if pos == 0 {
            return self.start_of(0);
        }
        let seg = self.find(pos - 1)?;
        let within = pos - seg.text_start;
        if seg.verbatim {
            Some(seg.src_start + within.min(seg.src_len))
        } else {
            Some(seg.src_start + seg.src_len)
        }
    }
}

/// Text taken from the source, possibly normalised (entities decoded, white
/// space folded, wrapped lines joined), that can still say where any of its
/// substrings came from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TextRun {
    text: String,
    map: SourceMap,
}

impl TextRun {
    /// An empty run.
    pub fn new() -> TextRun {
        TextRun::default()
    }

    /// A run that is a verbatim slice of the source starting at `src_start`.
    pub fn verbatim(text: &str, src_start: usize) -> TextRun {
        if text.is_empty() {
            return TextRun::new();
        }
        let segment = Segment {
            text_start: 0,
            text_len: text.len(),
            src_start,
            src_len: text.len(),
            verbatim: true,
        };
        TextRun {
            text: text.to_string(),
            map: SourceMap {
                segments: vec![segment],
            },
        }
    }

    /// The run's text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The run's source map.
    pub fn map(&self) -> &SourceMap {
        &self.map
    }

    /// Whether the run holds no text.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Moves the run's contents out into a new run whose buffers are sized
    /// to fit, leaving this run empty with its buffers kept for reuse: a
    /// builder that gathers many runs grows its buffers once instead of
    /// every run growing its own step by step.
    pub fn take_fitted(&mut self) -> TextRun {
        let run = TextRun {
            text: self.text.as_str().to_owned(),
            map: SourceMap {
                segments: self.map.segments.as_slice().to_vec(),
            },
        };
        self.text.clear();
        self.map.segments.clear();
        run
    }

    /// Appends `text`, which stands verbatim in the source at `src_start`.
    pub fn push_verbatim(&mut self, text: &str, src_start: usize) {
        self.push_segment(text, src_start, text.len(), true);
    }

    /// Appends `text`, which stands for the `src_len` source bytes at
    /// `src_start` (an entity, folded white space, a joined line break).
    /// The piece is atomic: no substring of it maps to less than all of it.
    pub fn push_mapped(&mut self, text: &str, src_start: usize, src_len: usize) {
        self.push_segment(text, src_start, src_len, false);
    }

    fn push_segment(&mut self, text: &str, src_start: usize, src_len: usize, verbatim: bool) {
        if text.is_empty() {
            return;
        }
        let text_start = self.text.len();
        // Merge with the previous piece when both are verbatim and adjacent.
        if let Some(last) = self.map.segments.last_mut()
            && verbatim
            && last.verbatim
            && last.src_start + last.src_len == src_start
            && last.text_start + last.text_len == text_start
        {
            last.text_len += text.len();
            last.src_len += src_len;
        } else {
            self.map.segments.push(Segment {
                text_start,
                text_len: text.len(),
                src_start,
                src_len,
                verbatim,
            });
        }
        self.text.push_str(text);
    }

    /// Appends another run.
    pub fn push_run(&mut self, other: &TextRun) {
        let base = self.text.len();
        for seg in &other.map.segments {
            let Some(piece) = other
                .text
                .get(seg.text_start..seg.text_start + seg.text_len)
            else {
                continue;
            };
            debug_assert_eq!(self.text.len(), base + seg.text_start);
            self.push_segment(piece, seg.src_start, seg.src_len, seg.verbatim);
        }
    }

    /// The source span of the text bytes `range` (clamped to the run).
    /// An empty run yields an empty span at 0.
    pub fn span_of(&self, range: Range<usize>) -> Span {
        let start = range.start.min(self.text.len());
        let end = range.end.min(self.text.len()).max(start);
        let s = self.map.start_of(start).unwrap_or(0);
        let e = if end == start {
            s
        } else {
            self.map.end_of(end).unwrap_or(s)
        };
        Span::new(s, e)
    }

    /// The source span of the whole run.
    pub fn span(&self) -> Span {
        self.span_of(0..self.text.len())
    }

    /// A copy with leading and trailing white space removed.
    pub fn trimmed(&self) -> TextRun {
        let t = self.text.trim_start();
        let start = self.text.len() - t.len();
        let end = start + t.trim_end().len();
        self.slice(start..end)
    }

    /// The sub-run for the text bytes `range` (which must fall on char boundaries).
    pub fn slice(&self, range: Range<usize>) -> TextRun {
        let mut out = TextRun::new();
        let (start, end) = (
            range.start.min(self.text.len()),
            range.end.min(self.text.len()),
        );
        if start >= end {
            return out;
        }
        // Segments follow each other through the text: start at the first
        // that reaches past `start`, stop at the first that begins at `end`.
        let segments = &self.map.segments;
        let first = segments.partition_point(|seg| seg.text_start + seg.text_len <= start);
        let within = segments.get(first..).unwrap_or_default();
        let count = within.iter().take_while(|seg| seg.text_start < end).count();
        out.text.reserve(end - start);
        out.map.segments.reserve_exact(count);
        for seg in within.iter().take(count) {
            let seg_end = seg.text_start + seg.text_len;
            let a = start.max(seg.text_start);
            let b = end.min(seg_end);
            let Some(piece) = self.text.get(a..b) else {
                continue;
            };
            if seg.verbatim {
                out.push_verbatim(piece, seg.src_start + (a - seg.text_start));
            } else {
                out.push_mapped(piece, seg.src_start, seg.src_len);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verbatim_maps_byte_for_byte() {
        let run = TextRun::verbatim("共821件", 100);
        let at = run.as_str().find("821").unwrap_or(0);
        assert_eq!(run.span_of(at..at + 3), Span::new(103, 106));
    }

    #[test]
    fn entity_is_atomic() {
        // "a&amp;b" at 10: 'a' 10..11, '&' 11..16, 'b' 16..17.
        let mut run = TextRun::new();
        run.push_verbatim("a", 10);
        run.push_mapped("&", 11, 5);
        run.push_verbatim("b", 16);
        assert_eq!(run.as_str(), "a&b");
        assert_eq!(run.span_of(1..2), Span::new(11, 16));
        assert_eq!(run.span_of(0..3), Span::new(10, 17));
        assert_eq!(run.span_of(2..3), Span::new(16, 17));
    }

    #[test]
    fn joined_lines_and_slices() {
        // "12\n34" where the line break is dropped from the text.
        let mut run = TextRun::verbatim("12", 0);
        run.push_verbatim("34", 3);
        assert_eq!(run.as_str(), "1234");
        assert_eq!(run.span_of(1..3), Span::new(1, 4));
        let s = run.slice(1..3);
        assert_eq!(s.as_str(), "23");
        assert_eq!(s.span(), Span::new(1, 4));
        // A one-byte piece standing for a one-byte line break stays atomic.
        let mut run = TextRun::verbatim("ab", 0);
        run.push_mapped(" ", 2, 1);
        run.push_verbatim("cd", 3);
        assert_eq!(run.map().segments().len(), 3);
        assert_eq!(run.span_of(2..3), Span::new(2, 3));
        let t = TextRun::verbatim("  x ", 5).trimmed();
        assert_eq!((t.as_str(), t.span()), ("x", Span::new(7, 8)));
    }

    #[test]
    fn take_fitted_moves_the_run_out() {
        let mut run = TextRun::verbatim("甲乙", 4);
        run.push_mapped(" ", 10, 3);
        let want = run.clone();
        assert_eq!(run.take_fitted(), want);
        assert_eq!(run, TextRun::new());
        run.push_verbatim("x", 0);
        assert_eq!(run, TextRun::verbatim("x", 0));
    }

    proptest::proptest! {
        /// `slice` keeps exactly the pieces of the segments it overlaps.
        #[test]
        fn slice_matches_a_scan_of_every_segment(
            pieces in proptest::collection::vec(("[a甲 ]{1,4}", 0usize..50, proptest::bool::ANY), 0..12),
            a in 0usize..60,
            len in 0usize..60,
        ) {
            let mut run = TextRun::new();
            let mut src = 0;
            for (text, gap, verbatim) in &pieces {
                src += gap;
                if *verbatim {
                    run.push_verbatim(text, src);
                } else {
                    run.push_mapped(text, src, 1);
                }
                src += text.len();
            }
            let (start, end) = (a.min(run.text.len()), (a + len).min(run.text.len()));
            let mut want = TextRun::new();
            for seg in &run.map.segments {
                let seg_end = seg.text_start + seg.text_len;
                if start >= end || seg_end <= start || seg.text_start >= end {
                    continue;
                }
                let (x, y) = (start.max(seg.text_start), end.min(seg_end));
                let Some(piece) = run.text.get(x..y) else { continue };
                if seg.verbatim {
                    want.push_verbatim(piece, seg.src_start + (x - seg.text_start));
                } else {
                    want.push_mapped(piece, seg.src_start, seg.src_len);
                }
            }
            proptest::prop_assert_eq!(run.slice(a..a + len), want);
        }
    }
}
