//! Lines the parser's text nodes up with the source they came from.
//!
//! `html5ever` keeps no source offsets, so the aligner walks the source with
//! a cursor while the reader walks the tree: for each text node it steps
//! over markup and matches the node character by character, decoding
//! character references and `\r\n` on the way. The result is a list of
//! [`Piece`]s saying which source bytes each stretch of the node came from.
//!
//! When a node does not match where the cursor stands (the parser moved it,
//! or the source holds something the scanner reads differently) the aligner
//! searches a bounded window ahead for it, in text only, and otherwise maps
//! the rest of the node to an empty span at the cursor. All searching draws
//! on a budget proportional to the source length, so the total work stays
//! linear whatever the input.

use super::entity::{self, Reference};
use super::scan::{self, Kind};
use std::ops::Range;

/// How far ahead one search for a lost node may look.
const WINDOW: usize = 256 * 1024;

/// How many nodes in a row may match after an out-of-order node, rather
/// than at the cursor, before the cursor follows them.
const PENDING_HITS: usize = 32;

/// A stretch of a text node and the source bytes it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Piece {
    /// Byte range in the node's text.
    pub text: Range<usize>,
    /// First source byte.
    pub src: usize,
    /// Number of source bytes.
    pub src_len: usize,
    /// Whether the stretch stands byte for byte in the source (otherwise it
    /// is atomic: a reference, a `\r\n`, or text that could not be placed).
    pub verbatim: bool,
}

/// How well the nodes lined up.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Stats {
    /// Text nodes with visible text that were aligned.
    pub nodes: usize,
    /// Of those, nodes that needed a search.
    pub searched: usize,
    /// Of those, nodes whose text could not all be placed.
    pub failed: usize,
}

/// The source cursor and the matching rules.
pub(crate) struct Aligner<'a> {
    src: &'a str,
    b: &'a [u8],
    cursor: usize,
    /// Where the cursor goes if the nodes placed by a search turn out not to
    /// have been out of order.
    pending: Option<usize>,
    /// Nodes matched in a row at `pending` rather than at the cursor.
    pending_hits: usize,
    /// Bytes of searching left.
    budget: usize,
    /// Counters.
    pub stats: Stats,
    /// Markup already scanned.
    index: scan::MarkupIndex,
}

impl<'a> Aligner<'a> {
    /// An aligner at the start of `src`.
    #[cfg(test)]
    pub fn new(src: &'a str) -> Aligner<'a> {
        Aligner::with_index(src, scan::MarkupIndex::default())
    }

    /// An aligner at the start of `src`, with an index of its markup.
    pub fn with_index(src: &'a str, index: scan::MarkupIndex) -> Aligner<'a> {
        Aligner {
            src,
            b: src.as_bytes(),
            cursor: 0,
            pending: None,
            pending_hits: 0,
            budget: src.len().saturating_mul(4).saturating_add(WINDOW),
            stats: Stats::default(),
            index,
        }
    }

    /// The cursor: everything before it has been accounted for.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// Aligns a text node with visible text, writing its pieces to `out`.
    ///
    /// The node is tried where the cursor stands, then (when the last node
    /// had to be searched for) just after that node, then searched for.
    /// A node found only by jumping over text may have been moved there by
    /// the parser (foster parenting puts stray table text before the table),
    /// so the cursor stays where it was and the next node is tried at both
    /// places.
    pub fn align(&mut self, text: &str, out: &mut Vec<Piece>) {
        out.clear();
        if text.is_empty() {
            return;
        }
        self.stats.nodes += 1;
        let p = self.lead(self.cursor, text);
        let (mut i, mut p) = self.match_from(text, 0, p, true, out);
        if i == text.len() {
            self.cursor = p;
            self.pending = None;
            self.pending_hits = 0;
            return;
        }
        self.charge(p - self.cursor);
        if let Some(after) = self.pending {
            let mut alt = Vec::new();
            let start = self.lead(after, text);
            let (ai, ap) = self.match_from(text, 0, start, true, &mut alt);
            if ai == text.len() {
                *out = alt;
                // Either the jump was right and the cursor should follow, or
                // this node too was moved before the text at the cursor.
                // Keep both places for a while.
                self.pending_hits += 1;
                if self.pending_hits > PENDING_HITS || ap - self.cursor > WINDOW {
                    self.cursor = ap;
                    self.pending = None;
                } else {
                    self.pending = Some(ap);
                }
                return;
            }
            self.charge(ap.saturating_sub(after));
            // Out-of-order nodes keep their order among themselves: go on
            // from after the last one unless the cursor got further.
            if ai >= i {
                *out = alt;
                (i, p) = (ai, ap);
            }
        }
        self.stats.searched += 1;
        let failed_at = p;
        let mut jumped_any = false;
        let mut found_any = false;
        while i < text.len() {
            let Some((k, q, jumped)) = self.search(text, i, p) else {
                self.stats.failed += 1;
                push_atomic(out, i..text.len(), p, 0);
                break;
            };
            jumped_any |= jumped;
            found_any = true;
            if k > i {
                push_atomic(out, i..k, q, 0);
            }
            let (ni, np) = self.match_from(text, k, q, true, out);
            if ni == k {
                self.stats.failed += 1;
                push_atomic(out, k..text.len(), q, 0);
                break;
            }
            i = ni;
            p = np;
        }
        if jumped_any {
            if self.pending.is_none() {
                self.cursor = failed_at;
            }
            self.pending = Some(p);
            self.pending_hits = 0;
        } else if self.pending.is_none() {
            self.cursor = p;
        } else if found_any && p > self.cursor {
            self.cursor = p;
            self.pending = None;
            self.pending_hits = 0;
        }
    }

    /// Ends a stretch where nodes may have been out of order (the end of a
    /// table, before whose start the parser moves stray table text): the
    /// cursor goes past everything placed so far.
    pub fn settle(&mut self) {
        if let Some(after) = self.pending.take() {
            self.cursor = self.cursor.max(after);
        }
        self.pending_hits = 0;
    }

    /// Aligns a node of white space only: matched where the cursor stands,
    /// or else mapped to an empty span there (white space needs no search).
    pub fn align_space(&mut self, text: &str, out: &mut Vec<Piece>) {
        out.clear();
        if text.is_empty() {
            return;
        }
        if self.budget > 0 {
            let (i, p) = self.match_from(text, 0, self.cursor, true, out);
            if i == text.len() {
                self.cursor = p;
                return;
            }
            self.charge(p - self.cursor);
            out.clear();
        }
        push_atomic(out, 0..text.len(), self.cursor, 0);
    }

    /// Aligns the text of an RCDATA element such as `<title>`: finds its
    /// start tag ahead of the cursor and matches the text inside with markup
    /// taken literally. The cursor ends at the element's end tag.
    pub fn align_rcdata(&mut self, name: &str, text: &str, out: &mut Vec<Piece>) {
        out.clear();
        let Some((_, content)) = self.find_start_tag(&[name]) else {
            push_atomic(out, 0..text.len(), self.cursor, 0);
            return;
        };
        let (i, p) = self.match_from(text, 0, content, false, out);
        if i < text.len() {
            push_atomic(out, i..text.len(), p, 0);
        }
        self.cursor = scan::raw_end(self.b, content, name.as_bytes());
    }

    /// Looks for a start tag named one of `names` ahead of the cursor, over
    /// markup (raw-text elements whole) and white space only. When found, the
    /// cursor moves past it and its start and end are returned.
    pub fn find_start_tag(&mut self, names: &[&str]) -> Option<(usize, usize)> {
        if self.budget == 0 {
            return None;
        }
        let mut p = self.cursor;
        let found = loop {
            p = self.skip_space(p);
            let Some((m, skip)) = self.index.markup(self.b, p) else {
                break None;
            };
            if let Kind::Start { name } = m.kind
                && names.iter().any(|n| scan::name_is(self.b, name, n))
            {
                break Some((p, m.end));
            }
            p = skip;
        };
        match found {
            Some((_, end)) => self.cursor = end,
            None => self.charge(p - self.cursor),
        }
        found
    }

    /// Looks for an end tag named one of `names` ahead of the cursor, over
    /// markup and white space, stopping at text or at a start tag named one
    /// of `stop`. When found, the cursor moves past it and its end is
    /// returned.
    pub fn find_end_tag(&mut self, names: &[&str], stop: &[&str]) -> Option<usize> {
        if self.budget == 0 {
            return None;
        }
        let mut p = self.cursor;
        let found = loop {
            p = self.skip_space(p);
            let Some((m, skip)) = self.index.markup(self.b, p) else {
                break None;
            };
            match m.kind {
                Kind::End { name } if names.iter().any(|n| scan::name_is(self.b, name, n)) => {
                    break Some(m.end);
                }
                Kind::Start { name } if stop.iter().any(|n| scan::name_is(self.b, name, n)) => {
                    break None;
                }
                _ => {}
            }
            p = skip;
        };
        match found {
            Some(end) => self.cursor = end,
            None => self.charge(p - self.cursor),
        }
        found
    }

    /// `p` moved past ASCII white space.
    fn skip_space(&self, mut p: usize) -> usize {
        while self.b.get(p).is_some_and(|b| scan::is_space(*b)) {
            p += 1;
        }
        p
    }

    /// Where a node starts matching from `p`: past markup and, when the node
    /// does not itself start with white space, past source white space (a
    /// white-space node the reader skipped, a line feed the parser dropped).
    fn lead(&self, mut p: usize, text: &str) -> usize {
        let starts_blank = text.chars().next().is_some_and(char::is_whitespace);
        loop {
            if self.b.get(p) == Some(&b'<')
                && let Some(end) = self.index.skip(self.b, p)
            {
                p = end;
            } else if !starts_blank && self.b.get(p).is_some_and(|b| scan::is_space(*b)) {
                p += 1;
            } else {
                return p;
            }
        }
    }

    /// Matches `text[i..]` against the source from `p`, stepping over markup
    /// when `markup` is set, and appends the pieces. Returns how far both
    /// got: `i == text.len()` means the whole node matched.
    fn match_from(
        &self,
        text: &str,
        mut i: usize,
        mut p: usize,
        markup: bool,
        out: &mut Vec<Piece>,
    ) -> (usize, usize) {
        let t = text.as_bytes();
        let b = self.b;
        while i < t.len() {
            let Some(&sb) = b.get(p) else { break };
            let tc = t[i];
            match sb {
                b'<' if markup => {
                    if let Some(end) = self.index.skip(b, p) {
                        p = end;
                        continue;
                    }
                }
                b'&' => {
                    if let Some((ci, len)) = self.reference(text, i, p) {
                        push_atomic(out, i..i + ci, p, len);
                        i += ci;
                        p += len;
                        continue;
                    }
                }
                b'\r' if tc == b'\n' => {
                    let len = if b.get(p + 1) == Some(&b'\n') { 2 } else { 1 };
                    push_atomic(out, i..i + 1, p, len);
                    i += 1;
                    p += len;
                    continue;
                }
                0 if tc != 0 => {
                    // The parser drops NUL in text or makes it U+FFFD.
                    if text.get(i..).is_some_and(|s| s.starts_with('\u{FFFD}')) {
                        push_atomic(out, i..i + 3, p, 1);
                        i += 3;
                    }
                    p += 1;
                    continue;
                }
                _ => {}
            }
            // A stretch that stands verbatim, up to the next byte that needs
            // a decision of its own.
            let mut n = verbatim_len(
                t.get(i..).unwrap_or_default(),
                b.get(p..).unwrap_or_default(),
            );
            while n > 0 && !text.is_char_boundary(i + n) {
                n -= 1;
            }
            if n == 0 {
                break;
            }
            push_verbatim(out, i..i + n, p);
            i += n;
            p += n;
        }
        (i, p)
    }

    /// Whether the reference at source `p` stands for the node's character
    /// at `i`: the text bytes and source bytes it covers.
    fn reference(&self, text: &str, i: usize, p: usize) -> Option<(usize, usize)> {
        let c = text.get(i..)?.chars().next()?;
        let rest = self.b.get(p..)?;
        let numeric = rest.get(1) == Some(&b'#');
        match entity::read(rest)? {
            Reference::Known { ch, len } if ch == c => Some((c.len_utf8(), len)),
            // Numeric references always stand for one character, whatever
            // the parser made of odd code points.
            Reference::Known { len, .. } if numeric && c != '&' => Some((c.len_utf8(), len)),
            Reference::Known { .. } => None,
            Reference::Unknown { len } => {
                if let Some(Reference::Known { ch, len }) = entity::legacy_prefix(rest)
                    && ch == c
                {
                    return Some((c.len_utf8(), len));
                }
                // A literal `&` (the name means nothing), or one character
                // from a name outside our table.
                (c != '&').then_some((c.len_utf8(), len))
            }
        }
    }

    /// Searches ahead of `p` for `text[i..]`, in text only (never inside
    /// tags, comments or scripts): a key of plain characters from the node is
    /// looked for literally (at the start of a text run when the key starts
    /// the node). Returns the key's offset in the node, where it stands in
    /// the source, and whether any text was jumped over.
    fn search(&mut self, text: &str, i: usize, p: usize) -> Option<(usize, usize, bool)> {
        if self.budget == 0 {
            return None;
        }
        let rest = text.get(i..)?;
        let (k0, _) = rest
            .char_indices()
            .find(|(_, c)| is_plain(*c) && !c.is_whitespace())?;
        let key_from = &rest[k0..];
        let key_len = key_from
            .char_indices()
            .find(|(j, c)| *j >= 48 || !is_plain(*c) || c.is_whitespace())
            .map_or(key_from.len(), |(j, _)| j);
        let key = &key_from[..key_len];
        // Looking for a node from its very start: it must stand as a whole
        // text run, not inside a longer one (`7` is not the 7 of `72`).
        let anchored = i == 0 && k0 == 0;
        let exact = anchored && key_len == rest.len();
        let limit = p.saturating_add(WINDOW.min(self.budget)).min(self.b.len());
        let mut q = p;
        let mut jumped = false;
        let found = loop {
            if q >= limit {
                break None;
            }
            if self.b.get(q) == Some(&b'<')
                && let Some(end) = self.index.skip(self.b, q)
            {
                q = end;
                continue;
            }
            // A run of text up to the next markup.
            let mut e = q + 1;
            while e < limit {
                match scan::find_byte(self.b, e, b'<') {
                    Some(lt) if lt < limit => {
                        if scan::markup_at(self.b, lt).is_some() {
                            e = lt;
                            break;
                        }
                        e = lt + 1;
                    }
                    _ => e = limit,
                }
            }
            let run = self.b.get(q..e).unwrap_or_default();
            let hit = if anchored {
                // A whole node starts right after markup, and when the key
                // is the whole node, markup follows it too.
                (run.starts_with(key.as_bytes()) && (!exact || run.len() == key.len())).then_some(0)
            } else {
                find_bytes(run, key.as_bytes())
            };
            if let Some(at) = hit {
                jumped |= run.iter().take(at).any(|b| !scan::is_space(*b));
                break Some(q + at);
            }
            jumped |= run.iter().any(|b| !scan::is_space(*b));
            q = e;
        };
        let spent = found.unwrap_or(q).saturating_sub(p) + key.len();
        self.charge(spent);
        let at = found?;
        self.src
            .is_char_boundary(at)
            .then_some((i + k0, at, jumped))
    }

    /// Draws `n` bytes from the search budget.
    fn charge(&mut self, n: usize) {
        self.budget = self.budget.saturating_sub(n);
    }
}

/// Whether a character is written literally in the source as a rule (not
/// usually as a reference), so it can serve in a search key.
fn is_plain(c: char) -> bool {
    !matches!(
        c,
        '&' | '<' | '>' | '"' | '\'' | '\u{A0}' | '\u{FFFD}' | '\n' | '\r'
    ) && !c.is_control()
}

/// How many leading bytes `text` and `src` share, up to (not including)
/// the first `<`, `&`, `\r` or NUL in `src` after its first byte.
fn verbatim_len(text: &[u8], src: &[u8]) -> usize {
    let n = common_prefix(text, src);
    let shared = src.get(1..n).unwrap_or_default();
    let special = memchr::memchr3(b'<', b'&', b'\r', shared).into_iter();
    special
        .chain(memchr::memchr(0, shared))
        .min()
        .map_or(n, |k| k + 1)
}

/// The length of the common prefix of `a` and `b`.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    const W: usize = 16;
    let word = |s: &[u8]| <[u8; W]>::try_from(s).map_or(0, u128::from_ne_bytes);
    let mut n = 0;
    for (x, y) in a.chunks_exact(W).zip(b.chunks_exact(W)) {
        if word(x) != word(y) {
            break;
        }
        n += W;
    }
    let (a, b) = (
        a.get(n..).unwrap_or_default(),
        b.get(n..).unwrap_or_default(),
    );
    n + a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

/// The first occurrence of `needle` in `hay`.
fn find_bytes(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    memchr::memmem::find(hay, needle)
}

/// Appends a verbatim piece, merged with the previous one when adjacent.
fn push_verbatim(out: &mut Vec<Piece>, text: Range<usize>, src: usize) {
    if let Some(last) = out.last_mut()
        && last.verbatim
        && last.text.end == text.start
        && last.src + last.src_len == src
    {
        last.src_len += text.len();
        last.text.end = text.end;
        return;
    }
    let src_len = text.len();
    out.push(Piece {
        text,
        src,
        src_len,
        verbatim: true,
    });
}

/// Appends an atomic piece.
fn push_atomic(out: &mut Vec<Piece>, text: Range<usize>, src: usize, src_len: usize) {
    if text.is_empty() {
        return;
    }
    out.push(Piece {
        text,
        src,
        src_len,
        verbatim: false,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Aligns `nodes` in order against `source` and checks each node's
    /// pieces as `(source slice, verbatim)` pairs.
    #[track_caller]
    fn check(source: &str, nodes: &[&str], expected: &[&[(&str, bool)]]) {
        let mut a = Aligner::new(source);
        let mut out = Vec::new();
        for (node, want) in nodes.iter().zip(expected) {
            a.align(node, &mut out);
            let got: Vec<(&str, bool)> = out
                .iter()
                .map(|p| (&source[p.src..p.src + p.src_len], p.verbatim))
                .collect();
            assert_eq!(&got, want, "node {node:?}");
        }
    }

    #[test]
    fn verbatim_stretches() {
        for (text, src, n) in [
            ("abc", "abd", 2),
            ("abc<", "abc<", 3),
            ("<ab", "<ab", 3),
            (
                "0123456789abcdef0123456789&x",
                "0123456789abcdef0123456789&x",
                26,
            ),
            (
                "0123456789abcdef0123456789",
                "0123456789abcdeF0123456789",
                15,
            ),
            ("a\r\n", "a\r\n", 1),
            ("ab\0c", "ab\0c", 2),
            ("", "x", 0),
        ] {
            assert_eq!(verbatim_len(text.as_bytes(), src.as_bytes()), n, "{text:?}");
        }
    }

    #[test]
    fn verbatim_and_references() {
        check(
            "<p>a&amp;b</p><td>821</td>",
            &["a&b", "821"],
            &[
                &[("a", true), ("&amp;", false), ("b", true)],
                &[("821", true)],
            ],
        );
        check(
            "<p>x&nbsp;&#49;&#x32;3&copy2</p>",
            &["x\u{a0}123©2"],
            &[&[
                ("x", true),
                ("&nbsp;", false),
                ("&#49;", false),
                ("&#x32;", false),
                ("3", true),
                ("&copy", false),
                ("2", true),
            ]],
        );
        check(
            "<p>a\r\nb &notin; &foo; &zzz;</p>",
            &["a\nb ∉ &foo; \u{1F600}"],
            &[&[
                ("a", true),
                ("\r\n", false),
                ("b ", true),
                ("&notin;", false),
                (" &foo; ", true),
                ("&zzz;", false),
            ]],
        );
    }

    #[test]
    fn markup_inside_and_between_nodes() {
        // Stray end tags merge text; comments and scripts are stepped over.
        check(
            "<!-- 1 --><script>var s='<p>2</p>';</script><p>ab</span>cd<pre>\n3</pre>",
            &["abcd", "3"],
            &[&[("ab", true), ("cd", true)], &[("3", true)]],
        );
    }

    #[test]
    fn out_of_order_node() {
        // "X" is moved by the parser before the table (foster parenting).
        check(
            "<table><tr><td>1</td>X<td>2</td></tr></table>",
            &["X", "1", "2"],
            &[&[("X", true)], &[("1", true)], &[("2", true)]],
        );
    }

    #[test]
    fn out_of_order_runs() {
        // Several stray texts moved before the table, some between empty
        // cells; then the cells in order.
        check(
            "<table><tr><td>1</td>X<td></td>Y<td>2</td>Z<td>3</td></tr></table>",
            &["X", "Y", "Z", "1", "2", "3"],
            &[
                &[("X", true)],
                &[("Y", true)],
                &[("Z", true)],
                &[("1", true)],
                &[("2", true)],
                &[("3", true)],
            ],
        );
    }

    #[test]
    fn text_missing_from_the_tree_is_stepped_over() {
        // The tree lacks "junk"; every later node still maps home, also
        // past the point where the cursor gives up waiting for it.
        let body: String = (0..50).map(|i| format!("<p>n{i}</p>")).collect();
        let source = format!("<p>junk</p>{body}");
        let nodes: Vec<String> = (0..50).map(|i| format!("n{i}")).collect();
        let mut a = Aligner::new(&source);
        let mut out = Vec::new();
        for node in &nodes {
            a.align(node, &mut out);
            let got: Vec<&str> = out
                .iter()
                .map(|p| &source[p.src..p.src + p.src_len])
                .collect();
            assert_eq!(got, [node.as_str()]);
        }
        assert!(a.cursor() > source.len() - 10);
    }

    #[test]
    fn lost_node_maps_empty() {
        check(
            "<p>abc</p><p>def</p>",
            &["zzz", "def"],
            &[&[("", false)], &[("def", true)]],
        );
    }

    #[test]
    fn title_is_rcdata() {
        let source = "<head><title>a<b>&amp;</title></head><p>t</p>";
        let mut a = Aligner::new(source);
        let mut out = Vec::new();
        a.align_rcdata("title", "a<b>&", &mut out);
        let got: Vec<&str> = out
            .iter()
            .map(|p| &source[p.src..p.src + p.src_len])
            .collect();
        assert_eq!(got, ["a<b>", "&amp;"]);
        a.align("t", &mut out);
        assert_eq!(out[0].src, source.find("t</p>").unwrap_or(0));
    }
}
