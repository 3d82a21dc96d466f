//! A light HTML scanner over the raw source: where markup (tags, comments,
//! doctypes, the raw contents of `<script>` and friends) starts and ends, the
//! way the HTML tokenizer sees it. It builds no tree; the aligner uses it to
//! step over everything that is not text.

/// What a piece of markup is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A start tag; `name` is its name's byte range in the source.
    Start {
        /// Byte range of the tag name.
        name: (usize, usize),
    },
    /// An end tag.
    End {
        /// Byte range of the tag name.
        name: (usize, usize),
    },
    /// A comment, doctype, processing instruction or bogus comment.
    Other,
}

/// One piece of markup: `[start, end)` in the source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Markup {
    /// One past the markup's last byte.
    pub end: usize,
    /// What it is.
    pub kind: Kind,
}

/// Elements whose contents the tokenizer reads as raw text up to their end
/// tag (scripting enabled, as `scraper` parses).
fn is_raw(name: &[u8]) -> bool {
    matches!(
        name,
        b"script"
            | b"style"
            | b"xmp"
            | b"iframe"
            | b"noembed"
            | b"noframes"
            | b"noscript"
            | b"textarea"
            | b"title"
            | b"plaintext"
    )
}

/// The longest tag name [`lower_name`] reads; longer names are no element
/// the scanner cares about.
const NAME_BUF: usize = 12;

/// A tag name in lower case, copied into `buf`: empty when longer than the
/// buffer (no name of interest is).
pub(crate) fn lower_name<'b>(
    src: &[u8],
    name: (usize, usize),
    buf: &'b mut [u8; NAME_BUF],
) -> &'b [u8] {
    let Some(raw) = src.get(name.0..name.1).filter(|n| n.len() <= NAME_BUF) else {
        return b"";
    };
    let out = &mut buf[..raw.len()];
    out.copy_from_slice(raw);
    out.make_ascii_lowercase();
    out
}

/// Whether `b` is white space to the HTML tokenizer.
pub(crate) fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0C)
}

/// Whether the source bytes `name` spell `want` (ASCII case-insensitive).
pub(crate) fn name_is(src: &[u8], name: (usize, usize), want: &str) -> bool {
    src.get(name.0..name.1)
        .is_some_and(|n| n.eq_ignore_ascii_case(want.as_bytes()))
}

/// The markup starting at `p` (where `src[p] == b'<'`), or `None` when that
/// `<` is literal text.
pub(crate) fn markup_at(src: &[u8], p: usize) -> Option<Markup> {
    if src.get(p) != Some(&b'<') {
        return None;
    }
    let next = *src.get(p + 1)?;
    match next {
        b'!' => Some(Markup {
            end: declaration_end(src, p),
            kind: Kind::Other,
        }),
        b'?' => Some(Markup {
            end: find_byte(src, p + 2, b'>').map_or(src.len(), |i| i + 1),
            kind: Kind::Other,
        }),
        b'/' => {
            let after = *src.get(p + 2)?;
            if after.is_ascii_alphabetic() {
                let (name, end) = tag_end(src, p + 2);
                Some(Markup {
                    end,
                    kind: Kind::End { name },
                })
            } else if after == b'>' {
                // `</>` is dropped altogether.
                Some(Markup {
                    end: p + 3,
                    kind: Kind::Other,
                })
            } else {
                Some(Markup {
                    end: find_byte(src, p + 2, b'>').map_or(src.len(), |i| i + 1),
                    kind: Kind::Other,
                })
            }
        }
        b if b.is_ascii_alphabetic() => {
            let (name, end) = tag_end(src, p + 1);
            Some(Markup {
                end,
                kind: Kind::Start { name },
            })
        }
        _ => None,
    }
}

/// Steps over the markup at `p` and, for a start tag of a raw-text element,
/// over its contents up to (not including) the end tag; a `<pre>` or
/// `<listing>` start tag also takes the one line feed the parser drops after
/// it. `None` when `p` holds no markup. (The scan and the aligner go
/// through [`MarkupIndex::markup`].)
#[cfg(test)]
fn skip_markup(src: &[u8], p: usize) -> Option<usize> {
    markup_at(src, p).map(|m| skip_after(src, m))
}

/// `skip_markup` for the markup `m`.
fn skip_after(src: &[u8], m: Markup) -> usize {
    let Kind::Start { name } = m.kind else {
        return m.end;
    };
    let mut buf = [0; NAME_BUF];
    let name = lower_name(src, name, &mut buf);
    if is_raw(name) {
        return raw_end(src, m.end, name);
    }
    if matches!(name, b"pre" | b"listing") {
        return skip_one_newline(src, m.end);
    }
    m.end
}

/// `p` moved past one line feed (`\n`, `\r\n` or `\r`) if one stands there.
pub(crate) fn skip_one_newline(src: &[u8], p: usize) -> usize {
    match src.get(p) {
        Some(b'\n') => p + 1,
        Some(b'\r') if src.get(p + 1) == Some(&b'\n') => p + 2,
        Some(b'\r') => p + 1,
        _ => p,
    }
}

/// Where the raw contents of element `name`, starting at `from`, end: the
/// start of the matching end tag, or the end of the source.
pub(crate) fn raw_end(src: &[u8], from: usize, name: &[u8]) -> usize {
    if name == b"plaintext" {
        return src.len();
    }
    if name == b"script" {
        return script_end(src, from);
    }
    let mut p = from;
    while let Some(i) = find_byte(src, p, b'<') {
        if is_end_tag_of(src, i, name) {
            return i;
        }
        p = i + 1;
    }
    src.len()
}

/// Whether `src[i..]` is `</name` followed by a tag-ending byte.
fn is_end_tag_of(src: &[u8], i: usize, name: &[u8]) -> bool {
    let n = name.len();
    src.get(i + 1) == Some(&b'/')
        && src
            .get(i + 2..i + 2 + n)
            .is_some_and(|s| s.eq_ignore_ascii_case(name))
        && src
            .get(i + 2 + n)
            .is_some_and(|b| is_space(*b) || *b == b'/' || *b == b'>')
}

/// Whether `src[i..]` is `<script` followed by a tag-ending byte.
fn is_start_tag_of(src: &[u8], i: usize, name: &[u8]) -> bool {
    let n = name.len();
    src.get(i + 1..i + 1 + n)
        .is_some_and(|s| s.eq_ignore_ascii_case(name))
        && src
            .get(i + 1 + n)
            .is_some_and(|b| is_space(*b) || *b == b'/' || *b == b'>')
}

/// The end of script data from `from`, with the tokenizer's escape states:
/// inside `<!--` a nested `<script>` hides the next `</script>`.
fn script_end(src: &[u8], from: usize) -> usize {
    #[derive(PartialEq)]
    enum State {
        Data,
        Escaped,
        DoubleEscaped,
    }
    let mut state = State::Data;
    let mut p = from;
    while let Some(i) = src
        .get(p..)
        .and_then(|s| memchr::memchr2(b'<', b'-', s))
        .map(|i| i + p)
    {
        let at = |k: usize| src.get(i + k).copied();
        if at(0) == Some(b'-') {
            if state != State::Data && at(1) == Some(b'-') && at(2) == Some(b'>') {
                state = State::Data;
                p = i + 3;
            } else {
                p = i + 1;
            }
            continue;
        }
        match state {
            State::Data => {
                if src.get(i..i + 4) == Some(b"<!--") {
                    state = State::Escaped;
                    // The dashes of `<!--` may close it again (`<!-->`).
                    p = i + 2;
                    continue;
                }
                if is_end_tag_of(src, i, b"script") {
                    return i;
                }
            }
            State::Escaped => {
                if is_end_tag_of(src, i, b"script") {
                    return i;
                }
                if is_start_tag_of(src, i, b"script") {
                    state = State::DoubleEscaped;
                }
            }
            State::DoubleEscaped => {
                if is_end_tag_of(src, i, b"script") {
                    state = State::Escaped;
                }
            }
        }
        p = i + 1;
    }
    src.len()
}

/// The end of `<!…`: a comment (`<!-- … -->`, `<!-->`, `--!>`) or a
/// doctype / bogus comment ending at the next `>`.
fn declaration_end(src: &[u8], p: usize) -> usize {
    if src.get(p..p + 4) != Some(b"<!--") {
        return find_byte(src, p + 2, b'>').map_or(src.len(), |i| i + 1);
    }
    // `<!-->` and `<!--->` are complete (empty) comments.
    if src.get(p + 4) == Some(&b'>') {
        return p + 5;
    }
    if src.get(p + 4..p + 6) == Some(b"->") {
        return p + 6;
    }
    let mut q = p + 4;
    while let Some(i) = find_byte(src, q, b'-') {
        if src.get(i + 1) == Some(&b'-') {
            match src.get(i + 2) {
                Some(b'>') => return i + 3,
                Some(b'!') if src.get(i + 3) == Some(&b'>') => return i + 4,
                _ => {}
            }
        }
        q = i + 1;
    }
    src.len()
}

/// Reads a tag from its name at `p` to its end, honouring quoted attribute
/// values. Returns the name's range and the position after `>` (the end of
/// the source when the tag is cut off, which drops it as the tokenizer does).
fn tag_end(src: &[u8], p: usize) -> ((usize, usize), usize) {
    let (name, end) = walk_tag(src, p, |_| {});
    (name, end.map_or(src.len(), |t| t.end))
}

/// An attribute as written in a tag.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Attr {
    /// Byte range of its name.
    pub name: (usize, usize),
    /// Byte range of the whole attribute, name to the end of its value.
    pub whole: (usize, usize),
}

/// How a complete tag ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct TagEnd {
    /// The position after `>`.
    pub end: usize,
    /// Whether `/>` closes it (the tokenizer's self-closing flag).
    pub self_closing: bool,
}

/// Walks a tag from its name at `p` the way the tokenizer does, reporting
/// each attribute to `on_attr`. Returns the name's range and how the tag
/// ends, `None` when the source ends inside it.
pub(crate) fn walk_tag(
    src: &[u8],
    p: usize,
    mut on_attr: impl FnMut(Attr),
) -> ((usize, usize), Option<TagEnd>) {
    let len = src.len();
    let mut i = p;
    while i < len && !is_space(src[i]) && src[i] != b'/' && src[i] != b'>' {
        i += 1;
    }
    let name = (p, i);
    loop {
        // Before an attribute name; a `/` right before `>` self-closes.
        let mut slash = false;
        while i < len && (is_space(src[i]) || src[i] == b'/') {
            slash = src[i] == b'/';
            i += 1;
        }
        match src.get(i) {
            None => return (name, None),
            Some(b'>') => {
                let end = TagEnd {
                    end: i + 1,
                    self_closing: slash,
                };
                return (name, Some(end));
            }
            Some(_) => {}
        }
        // The attribute name; its first byte may be anything, even `=`.
        let start = i;
        i += 1;
        while i < len && !is_space(src[i]) && !matches!(src[i], b'/' | b'>' | b'=') {
            i += 1;
        }
        let attr_name = (start, i);
        while i < len && is_space(src[i]) {
            i += 1;
        }
        if src.get(i) != Some(&b'=') {
            on_attr(Attr {
                name: attr_name,
                whole: attr_name,
            });
            continue;
        }
        i += 1;
        while i < len && is_space(src[i]) {
            i += 1;
        }
        match src.get(i) {
            Some(q @ (b'"' | b'\'')) => match find_byte(src, i + 1, *q) {
                Some(j) => i = j + 1,
                None => return (name, None),
            },
            Some(_) => {
                while i < len && !is_space(src[i]) && src[i] != b'>' {
                    i += 1;
                }
            }
            None => return (name, None),
        }
        on_attr(Attr {
            name: attr_name,
            whole: (start, i),
        });
    }
}

/// The first `<` at or after `from`: at once when it stands there, as it
/// does after most tags (markup follows markup), without a vector search.
fn next_lt(src: &[u8], from: usize) -> Option<usize> {
    if src.get(from) == Some(&b'<') {
        return Some(from);
    }
    find_byte(src, from, b'<')
}

/// The first `b` at or after `from`.
pub(crate) fn find_byte(src: &[u8], from: usize, b: u8) -> Option<usize> {
    memchr::memchr(b, src.get(from..)?).map(|i| i + from)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Checks where the markup at the start of `input` ends (`None` when it
    /// is text).
    #[track_caller]
    fn check(input: &str, expected: Option<&str>) {
        let end = skip_markup(input.as_bytes(), 0);
        assert_eq!(end.map(|e| &input[e..]), expected, "{input}");
    }

    #[test]
    fn markup() {
        check("<p>x", Some("x"));
        check("<p class='a>b' id=c>x", Some("x"));
        check(r#"<td style="a:b;" valign=center>8"#, Some("8"));
        check("</td >x", Some("x"));
        check("</>x", Some("x"));
        check("<!-- a -- b -->x", Some("x"));
        check("<!-->x", Some("x"));
        check("<!--->x", Some("x"));
        check("<!-- a --!>x", Some("x"));
        check("<!DOCTYPE html>x", Some("x"));
        check("<?xml version='1.0'?>x", Some("x"));
        check("</ weird>x", Some("x"));
        check("<script>if (a<b) x='</p>';</script>y", Some("</script>y"));
        check(
            "<script><!-- document.write('<script></script>') --></script>y",
            Some("</script>y"),
        );
        check("<STYLE>p>a{}</style>y", Some("</style>y"));
        check("<title>a<b></title>y", Some("</title>y"));
        check("<pre>\nx", Some("x"));
        check("<pre>\r\nx", Some("x"));
        check("<p", Some(""));
        check("<p a='b", Some(""));
        check("<!-- open", Some(""));
        check("< p", None);
        check("<3", None);
        check("<", None);
        check("</", None);
        check("x", None);
    }
}

/// Deepest element nesting handed to the parser. The tree builder checks
/// scopes by walking the stack of open elements, so very deep nesting makes
/// parsing quadratic; browsers cap the depth too (Blink at 512).
pub(crate) const MAX_DEPTH: usize = 512;

/// Elements never counted towards the nesting depth: void elements, those
/// whose end tags are optional (their nesting is bounded by the parser),
/// table parts (scope boundaries), and those whose content the scanner
/// reads specially.
fn is_uncounted(name: &[u8]) -> bool {
    matches!(
        name,
        b"area"
            | b"base"
            | b"br"
            | b"col"
            | b"embed"
            | b"hr"
            | b"img"
            | b"input"
            | b"link"
            | b"meta"
            | b"param"
            | b"source"
            | b"track"
            | b"wbr"
            | b"html"
            | b"head"
            | b"body"
            | b"p"
            | b"li"
            | b"dt"
            | b"dd"
            | b"option"
            | b"optgroup"
            | b"rb"
            | b"rt"
            | b"rtc"
            | b"rp"
            | b"colgroup"
            | b"caption"
            | b"table"
            | b"thead"
            | b"tbody"
            | b"tfoot"
            | b"tr"
            | b"td"
            | b"th"
            | b"pre"
            | b"listing"
            | b"image"
            | b"frame"
            | b"keygen"
            | b"basefont"
    )
}

/// A copy of `src` for the parser in which start and end tags nested deeper
/// than `limit` are turned into comments of the same length (`<div>` becomes
/// `<!iv>`), so every byte offset still holds. `None` when no tag is that
/// deep, which is the rule.
pub(crate) fn flatten_deep(src: &str, limit: usize) -> Option<String> {
    let b = src.as_bytes();
    let mut out: Option<Vec<u8>> = None;
    let mut depth = 0usize;
    let mut excess = 0usize;
    let mut p = 0;
    let mut buf = [0; NAME_BUF];
    while let Some(lt) = find_byte(b, p, b'<') {
        let Some(m) = markup_at(b, lt) else {
            p = lt + 1;
            continue;
        };
        p = m.end;
        let name_at = match m.kind {
            Kind::Start { name } => {
                let lower = lower_name(b, name, &mut buf);
                if is_raw(lower) {
                    // Step over the contents and the end tag.
                    p = raw_end(b, m.end, lower);
                    if let Some(end) = markup_at(b, p) {
                        p = end.end;
                    }
                    continue;
                }
                if is_uncounted(lower) {
                    continue;
                }
                if depth < limit {
                    depth += 1;
                    continue;
                }
                excess += 1;
                name.0
            }
            Kind::End { name } => {
                if is_uncounted(lower_name(b, name, &mut buf)) {
                    continue;
                }
                if excess == 0 {
                    depth = depth.saturating_sub(1);
                    continue;
                }
                excess -= 1;
                name.0
            }
            Kind::Other => continue,
        };
        // `<div …>` → `<!iv …>`: a bogus comment running to the last `>`.
        let bytes = out.get_or_insert_with(|| b.to_vec());
        if let Some(x) = bytes.get_mut(name_at) {
            *x = b'!';
        }
        for x in bytes.iter_mut().take(m.end.saturating_sub(1)).skip(name_at) {
            if *x == b'>' {
                *x = b' ';
            }
        }
    }
    out.and_then(|v| String::from_utf8(v).ok())
}

#[cfg(test)]
mod flatten_tests {
    use super::*;

    #[track_caller]
    fn check(input: &str, limit: usize, expected: Option<&str>) {
        assert_eq!(flatten_deep(input, limit).as_deref(), expected);
    }

    #[test]
    fn deep_tags_become_comments() {
        check("<div><p>x</p></div>", 1, None);
        check(
            "<div><span a='>'>x</span></div>",
            1,
            Some("<div><!pan a=' '>x</!pan></div>"),
        );
        check("<div><br><td>x</div>", 1, None);
        check("<b><script>'<i>'</script>x</b>", 1, None);
    }
}

/// Elements whose attributes make no difference to the tree the parser
/// builds or to what the reader takes from it (table cells keep `rowspan`
/// and `colspan`, inputs `type`). Formatting elements (`<a>`, `<b>`,
/// `<font>` …) are not among them: the parser compares their attributes.
/// (A `<meta>` declaring a charset only pauses the parser, which then goes
/// on: the input is text already.)
fn attrs_unused(name: &[u8]) -> bool {
    matches!(
        name,
        b"div"
            | b"p"
            | b"span"
            | b"td"
            | b"th"
            | b"tr"
            | b"table"
            | b"tbody"
            | b"thead"
            | b"tfoot"
            | b"col"
            | b"colgroup"
            | b"caption"
            | b"li"
            | b"ul"
            | b"ol"
            | b"dl"
            | b"dt"
            | b"dd"
            | b"img"
            | b"br"
            | b"hr"
            | b"h1"
            | b"h2"
            | b"h3"
            | b"h4"
            | b"h5"
            | b"h6"
            | b"section"
            | b"article"
            | b"header"
            | b"footer"
            | b"nav"
            | b"aside"
            | b"main"
            | b"center"
            | b"label"
            | b"link"
            | b"script"
            | b"style"
            | b"title"
            | b"iframe"
            | b"blockquote"
            | b"sup"
            | b"sub"
            | b"meta"
            | b"input"
            | b"form"
            | b"button"
            | b"html"
            | b"head"
            | b"body"
    )
}

/// Start tags from which on the parser's state no longer follows from the
/// scanner's view (foreign content, `<select>` and framesets ignore raw-text
/// tags; templates may attach shadow roots by attribute).
fn ends_lightening(name: &[u8]) -> bool {
    matches!(
        name,
        b"svg" | b"math" | b"select" | b"frameset" | b"template"
    )
}

/// Inline elements the reader reads straight through: their tags change no
/// block, table or text boundary the reader sees, so a pair of them that
/// holds only text (and other such pairs) is left out of the parser input.
/// The text around and inside then comes as one node, which the aligner
/// matches over the tags in the source as it does between separate nodes.
const TRANSPARENT: [&[u8]; 9] = [
    b"span", b"font", b"b", b"strong", b"em", b"i", b"u", b"o:p", b"a",
];

/// The element's index in [`TRANSPARENT`].
fn transparent(name: &[u8]) -> Option<usize> {
    TRANSPARENT.iter().position(|t| *t == name)
}

/// A run of text and transparent tags between other markup. A start tag
/// is left out only with its own end tag, when both fall in the run and
/// nest properly; anything else in the run (an unclosed or misnested tag)
/// is handed to the parser as it stands.
#[derive(Debug, Default)]
struct InlineRun {
    /// The run's tags: where each stands and whether it is left out.
    tags: Vec<((usize, usize), bool)>,
    /// Open start tags: index in `tags` and element.
    open: Vec<(usize, usize)>,
    /// An end tag matched nothing open (and is handed to the parser).
    stray: bool,
}

impl InlineRun {
    /// A transparent start tag of element `t` at `at`.
    fn start(&mut self, t: usize, at: (usize, usize)) {
        self.open.push((self.tags.len(), t));
        self.tags.push((at, false));
    }

    /// A transparent end tag of element `t` at `at`.
    fn end(&mut self, t: usize, at: (usize, usize)) {
        match self.open.last() {
            Some(&(i, open)) if open == t => {
                self.open.pop();
                if let Some(start) = self.tags.get_mut(i) {
                    start.1 = true;
                }
                self.tags.push((at, true));
            }
            // Misnested or unmatched: what is open stays, and so does this.
            _ => {
                self.open.clear();
                self.stray = true;
            }
        }
    }

    /// Ends the run: leaves out the pairs found, in source order. Returns
    /// whether any of its tags is handed to the parser.
    fn flush(&mut self, src: &str, copied: &mut usize, out: &mut String) -> bool {
        let mut kept = std::mem::take(&mut self.stray);
        for &(at, left_out) in &self.tags {
            if left_out {
                drop_markup(src, at, copied, out);
            } else {
                kept = true;
            }
        }
        self.tags.clear();
        self.open.clear();
        kept
    }
}

/// Where leaving a transparent tag out could change what the parser does
/// with the text beside it: between a table's rows (stray text there is
/// moved before the table, and a tag decides which white space goes with
/// it) and right after `<pre>` (whose first line feed the parser drops only
/// when nothing comes between). A conservative view: unclosed cells and
/// nested tables are followed by their tags only.
#[derive(Debug, Default)]
struct Hazards {
    /// Inside a table but outside its cells and caption.
    in_rows: bool,
    /// Where the last `<pre>` or `<listing>` start tag ended.
    pre_end: Option<usize>,
}

impl Hazards {
    /// After the start tag `name` (lower case), which ends at `end`.
    fn start(&mut self, name: &[u8], end: usize) {
        match name {
            b"table" | b"tbody" | b"thead" | b"tfoot" | b"tr" | b"colgroup" | b"col" => {
                self.in_rows = true;
            }
            b"td" | b"th" | b"caption" => self.in_rows = false,
            b"pre" | b"listing" => self.pre_end = Some(end),
            _ => {}
        }
    }

    /// After the end tag `name` (lower case).
    fn end(&mut self, name: &[u8]) {
        match name {
            b"td" | b"th" | b"caption" | b"tr" | b"tbody" | b"thead" | b"tfoot" | b"colgroup" => {
                self.in_rows = true;
            }
            b"table" => self.in_rows = false,
            _ => {}
        }
    }

    /// Whether a transparent tag at `lt` may be left out.
    fn allow(&self, lt: usize) -> bool {
        !self.in_rows && self.pre_end != Some(lt)
    }
}

/// What the scan knows of the markup handed to the parser around table
/// cells and paragraphs, to tell a paragraph holding text only: `<p>`,
/// then text. The paragraph is then in button scope (only formatting
/// elements the text reconstructed can stand above it), so that a `<p>`
/// start tag right after its `</p>` closes it just the same way (generate
/// implied end tags but `p`, pop up to it). A cell's only paragraph is
/// such a `<p>` right after `<td>` (or `<th>`). While a table is open, such a `<td>`
/// makes a cell (pushing a marker on the active formatting elements), the
/// `<p>` a child of the cell, and the text (with no formatting element to
/// reconstruct) goes into the paragraph, which stays the current node: the
/// tag that closes the cell next ([`CellWatch::closed_by`]) generates the
/// implied end tags, which pop the paragraph just as its own `</p>` would.
#[derive(Debug, Default)]
struct CellWatch {
    /// A `<table>` start tag was met and no `</table>` end tag since: some
    /// table is open (a nested one's end tag clears this too early, which
    /// only misses chances).
    table_open: bool,
    /// Where the last markup ended, when it was a cell's start tag.
    cell_end: Option<usize>,
    /// The last markup was a `<p>` start tag.
    para: bool,
    /// The last markup was a `<p>` start tag right after a cell's.
    cell_para: bool,
    /// The last cell's start tag was `<th>`.
    th: bool,
    /// An end tag held back ([`CellWatch::hold`]).
    held: Option<((usize, usize), Held)>,
}

impl CellWatch {
    /// After a start tag `name` (lower case) at `[lt, end)` handed to the
    /// parser.
    fn start(&mut self, name: &[u8], lt: usize, end: usize) {
        self.para = name == b"p";
        self.cell_para = self.para && self.cell_end == Some(lt);
        self.cell_end = None;
        match name {
            b"table" => self.table_open = true,
            b"td" | b"th" => {
                self.cell_end = Some(end);
                self.th = name == b"th";
            }
            _ => {}
        }
    }

    /// After any other markup handed to the parser: an end tag `name`
    /// (lower case), or a comment or such (empty).
    fn end(&mut self, name: &[u8]) {
        self.para = false;
        self.cell_para = false;
        self.cell_end = None;
        if name == b"table" {
            self.table_open = false;
        }
    }

    /// What a `</p>` now closes when there was only text since the last
    /// markup (once the transparent tags are left out): a paragraph holding
    /// text only, or a cell's only paragraph.
    fn paragraph(&self) -> Option<Held> {
        self.para.then_some(Held {
            cell: self.cell_para && self.table_open,
            para: true,
        })
    }

    /// Holds back the end tag at `at`, to be left out if the tag right after
    /// it closes the same ([`CellWatch::closed_by`]).
    fn hold(&mut self, at: (usize, usize), what: Held) {
        self.held = Some((at, what));
    }

    /// Takes the end tag held back, to be left out when the markup at `lt`
    /// (an end tag when `end_tag`, named `name` in lower case, `complete`
    /// unless cut off) stands right after it and closes the same: after a
    /// paragraph's, a start tag `<p>`; after a cell's or a cell's only
    /// paragraph's, a start
    /// tag `<td>` or `<th>` or an end tag `</tr>`, each of which closes an
    /// open cell as an end tag `</td>` or `</th>` does (generate implied
    /// end tags, pop up to the cell, clear the active formatting elements
    /// up to the last marker, go on in the row) and is ignored, like that
    /// end tag, where no cell is open; or, after a lone paragraph, the
    /// cell's own end tag, which generates the implied end tags too. (An
    /// end tag `</td>` with only a `<th>` open is ignored, and the tag after
    /// it closes the `<th>`: the same again.)
    fn closed_by(
        &mut self,
        lt: usize,
        end_tag: bool,
        name: &[u8],
        complete: bool,
    ) -> Option<(usize, usize)> {
        let (at, what) = self.held.take()?;
        let own: &[u8] = if self.th { b"th" } else { b"td" };
        let closes = match (end_tag, name) {
            (false, b"td" | b"th") | (true, b"tr") => what.cell,
            (false, b"p") => what.para,
            (true, name) => what.cell && what.para && name == own,
            (false, _) => false,
        };
        (at.1 == lt && complete && closes).then_some(at)
    }
}

/// What an end tag held back closes ([`CellWatch::hold`]).
#[derive(Clone, Copy, Debug)]
struct Held {
    /// A cell (its own end tag, or that of the cell's only paragraph).
    cell: bool,
    /// A paragraph holding text only.
    para: bool,
}

/// Leaves the source at `[lt, end)` (markup or raw text) out of the parser
/// input.
fn drop_markup(src: &str, (lt, end): (usize, usize), copied: &mut usize, out: &mut String) {
    let Some(before) = src.get(*copied..lt) else {
        return;
    };
    if out.is_empty() {
        out.reserve(src.len() / 2);
    }
    out.push_str(before);
    *copied = end;
}

/// Whether an attribute is one the reader uses (`rowspan`, `colspan`) or,
/// on an `<input>`, the parser does (`type`: a hidden input stays in a
/// table, and any other sets the frameset-ok flag off).
fn attr_kept(src: &[u8], input: bool, a: Attr) -> bool {
    name_is(src, a.name, "rowspan")
        || name_is(src, a.name, "colspan")
        || (input && name_is(src, a.name, "type"))
}

/// The source as handed to the parser, lighter to tokenize: the attributes
/// of start tags named by [`attrs_unused`] are left out (but `rowspan` and
/// `colspan`), which gives the same tree with a fraction of the bytes, as
/// nearly all of a page's markup is attributes. Text and comments are
/// copied as they are; from the first start tag named by [`ends_lightening`]
/// on, everything is. Pairs of the inline tags [`TRANSPARENT`] names that
/// hold only text are left out altogether, and so are the contents of
/// raw-text elements but `<title>` (the tree differs, the reader's blocks do
/// not: it reads no other raw text). `None` when a tag nests deeper than
/// `limit` the way [`flatten_deep`] counts (which must run first).
#[cfg(test)]
pub(crate) fn lighten(src: &str, limit: usize) -> Option<(std::borrow::Cow<'_, str>, MarkupIndex)> {
    lighten_with(src, limit, true)
}

/// [`lighten`], leaving the tags [`TRANSPARENT`] names and all raw text in
/// place unless `drop_unread` (tests compare the two).
pub(crate) fn lighten_with(
    src: &str,
    limit: usize,
    drop_unread: bool,
) -> Option<(std::borrow::Cow<'_, str>, MarkupIndex)> {
    let b = src.as_bytes();
    let mut index = MarkupIndex::default();
    // Every piece of markup starts with a `<`.
    index.at.reserve(memchr::memchr_iter(b'<', b).count());
    let mut out = String::new();
    // Source bytes before this are in `out` (once anything was rewritten).
    let mut copied = 0;
    let mut strip = true;
    let mut depth = 0usize;
    let mut p = 0;
    let mut buf = [0; NAME_BUF];
    let mut kept: Vec<Attr> = Vec::new();
    let mut hazards = Hazards::default();
    let mut run = InlineRun::default();
    let mut cells = CellWatch::default();
    while let Some(lt) = next_lt(b, p) {
        if !b.get(lt + 1).is_some_and(u8::is_ascii_alphabetic) {
            let Some(m) = markup_at(b, lt) else {
                p = lt + 1;
                continue;
            };
            p = m.end;
            // Not a start tag: `skip_markup` goes to its end.
            index.note(lt, m, m.end);
            if let Kind::End { name } = m.kind {
                let lower = lower_name(b, name, &mut buf);
                // Cut off, the tag would be dropped; at the very end, unsure.
                if let Some(at) = cells.closed_by(lt, true, lower, m.end < b.len()) {
                    drop_markup(src, at, &mut copied, &mut out);
                }
                match transparent(lower).filter(|_| strip && drop_unread && hazards.allow(lt)) {
                    Some(t) => run.end(t, (lt, m.end)),
                    None => {
                        let tags_kept = run.flush(src, &mut copied, &mut out);
                        let what = match lower {
                            b"td" | b"th" => Some(Held {
                                cell: true,
                                para: false,
                            }),
                            b"p" if !tags_kept => cells.paragraph(),
                            _ => None,
                        };
                        if strip && let Some(what) = what {
                            cells.hold((lt, m.end), what);
                        }
                        cells.end(lower);
                    }
                }
                hazards.end(lower);
                if !is_uncounted(lower) {
                    depth = depth.saturating_sub(1);
                }
            } else {
                run.flush(src, &mut copied, &mut out);
                cells.end(b"");
            }
            continue;
        }
        // A start tag: walk it once, noting its attributes.
        kept.clear();
        let mut dropped = false;
        let input = is_start_tag_of(b, lt, b"input");
        let (name, end) = walk_tag(b, lt + 1, |a| {
            if attr_kept(b, input, a) {
                kept.push(a);
            } else {
                dropped = true;
            }
        });
        p = end.map_or(b.len(), |e| e.end);
        let lower = lower_name(b, name, &mut buf);
        if let Some(at) = cells.closed_by(lt, false, lower, end.is_some()) {
            drop_markup(src, at, &mut copied, &mut out);
        }
        if strip && ends_lightening(lower) {
            strip = false;
        }
        let inline = transparent(lower).filter(|_| strip && drop_unread && hazards.allow(lt));
        match (inline, end) {
            (Some(t), Some(end)) => run.start(t, (lt, end.end)),
            _ => {
                run.flush(src, &mut copied, &mut out);
                cells.start(lower, lt, p);
                if strip
                    && dropped
                    && attrs_unused(lower)
                    && let Some(end) = end
                {
                    rewrite_tag(src, (lt, end), name, &kept, &mut copied, &mut out);
                }
            }
        }
        hazards.start(lower, p);
        let tag = Markup {
            end: p,
            kind: Kind::Start { name },
        };
        if is_raw(lower) {
            // Step over the contents and the end tag.
            let content = p;
            p = raw_end(b, p, lower);
            // Raw text makes no element, and the tree builder does nothing
            // with it but add it to the element: the reader, which skips
            // these elements, cannot tell it is missing.
            if strip && drop_unread && lower != b"title" && p > content {
                drop_markup(src, (content, p), &mut copied, &mut out);
            }
            index.note(lt, tag, p);
            if let Some(m) = markup_at(b, p) {
                index.note(p, m, skip_after(b, m));
                p = m.end;
            }
            continue;
        }
        let skip = if matches!(lower, b"pre" | b"listing") {
            skip_one_newline(b, p)
        } else {
            p
        };
        index.note(lt, tag, skip);
        if is_uncounted(lower) {
            continue;
        }
        if depth >= limit {
            return None;
        }
        depth += 1;
    }
    run.flush(src, &mut copied, &mut out);
    if copied == 0 {
        return Some((std::borrow::Cow::Borrowed(src), index));
    }
    out.push_str(src.get(copied..).unwrap_or_default());
    Some((std::borrow::Cow::Owned(out), index))
}

/// Each piece of markup a forward scan met, what it is and where
/// `skip_markup` goes from it, so that the aligner need not read those
/// tags again.
#[derive(Debug, Default)]
pub(crate) struct MarkupIndex {
    /// Markup start, the markup, and where `skip_markup` goes from it, by
    /// start.
    at: Vec<(usize, Markup, usize)>,
    /// Where in `at` the last lookup hit: the aligner reads forward, so the
    /// next lookup is mostly for the same entry or the one after.
    hint: std::cell::Cell<usize>,
}

impl MarkupIndex {
    /// How many pieces of markup the scan met.
    pub(crate) fn len(&self) -> usize {
        self.at.len()
    }

    /// Notes the markup `m` at `p`, from which `skip_markup` goes to `skip`.
    fn note(&mut self, p: usize, m: Markup, skip: usize) {
        self.at.push((p, m, skip));
    }

    /// [`markup_at`] and `skip_markup` at `p`, looked up when the scan
    /// met `p`.
    pub(crate) fn markup(&self, src: &[u8], p: usize) -> Option<(Markup, usize)> {
        // Starts are strictly increasing: an entry starting at `p` is the
        // one the binary search would find.
        let hint = self.hint.get();
        let near =
            (hint..hint + 2).find(|&i| self.at.get(i).is_some_and(|&(start, ..)| start == p));
        let found = near.ok_or(()).or_else(|_| {
            self.at
                .binary_search_by_key(&p, |&(start, ..)| start)
                .map_err(|_| ())
        });
        match found {
            Ok(i) => {
                self.hint.set(i);
                self.at.get(i).map(|&(_, m, skip)| (m, skip))
            }
            Err(()) => markup_at(src, p).map(|m| (m, skip_after(src, m))),
        }
    }

    /// `skip_markup` at `p`, looked up when the scan met `p`.
    pub(crate) fn skip(&self, src: &[u8], p: usize) -> Option<usize> {
        self.markup(src, p).map(|(_, skip)| skip)
    }
}

/// Writes the start tag at `tag` (`<` to after `>`) to `out` with only the
/// `kept` attributes, after the source not yet copied.
fn rewrite_tag(
    src: &str,
    tag: (usize, TagEnd),
    name: (usize, usize),
    kept: &[Attr],
    copied: &mut usize,
    out: &mut String,
) {
    let (lt, end) = tag;
    let slice = |a: usize, b: usize| src.get(a..b);
    let Some(before) = slice(*copied, lt) else {
        return;
    };
    let Some(name) = slice(name.0, name.1) else {
        return;
    };
    if out.is_empty() {
        out.reserve(src.len() / 2);
    }
    out.push_str(before);
    out.push('<');
    out.push_str(name);
    for a in kept {
        out.push(' ');
        out.push_str(slice(a.whole.0, a.whole.1).unwrap_or_default());
    }
    // After an unquoted value a `/` would join the value: keep a space.
    match (end.self_closing, kept.is_empty()) {
        (true, true) => out.push_str("/>"),
        (true, false) => out.push_str(" />"),
        (false, _) => out.push('>'),
    }
    *copied = end.end;
}

#[cfg(test)]
mod lighten_tests {
    use super::*;

    /// Checks the parser input made from `input` (`None`: nested too deep).
    #[track_caller]
    fn check(input: &str, limit: usize, expected: Option<&str>) {
        let light = lighten(input, limit);
        assert_eq!(light.as_ref().map(|(l, _)| &**l), expected, "{input}");
        // Every markup the scan noted is what `markup_at` reads there, and
        // skips as `skip_markup` does.
        if let Some((_, index)) = light {
            for &(p, m, end) in &index.at {
                let b = input.as_bytes();
                assert_eq!(markup_at(b, p), Some(m), "{input} at {p}");
                assert_eq!(skip_markup(b, p), Some(end), "{input} at {p}");
            }
        }
    }

    #[test]
    fn unused_attributes_are_left_out() {
        check(
            "<div class=\"a>b\" id=x><p align=center />x<br clear=all/>\
             <td class=x ROWSPAN=\"2\" colspan=3/><th colspan = '2' a/>",
            usize::MAX,
            Some("<div><p/>x<br><td ROWSPAN=\"2\" colspan=3/><th colspan = '2' />"),
        );
        // (`clear=all/` is a value, `colspan=3/` too.)
        // Formatting elements keep theirs, inputs their type; raw text but
        // the title's is left out.
        check(
            "<b class=c>x<p>y</b><input name=a TYPE=hidden value=b><style a=b>p{x:'<p class=y>'}</style>\
             <title a=b>t<p></title><script>s</script><meta charset=gbk><input/>",
            usize::MAX,
            Some(
                "<b class=c>x<p>y</b><input TYPE=hidden><style></style><title>t<p></title><script></script><meta><input/>",
            ),
        );
        // From foreign content on, everything is copied.
        check(
            "<p class=a><svg><p class=b>",
            usize::MAX,
            Some("<p><svg><p class=b>"),
        );
        // A tag cut off stays as it is.
        check("<p class=a><p class=b", usize::MAX, Some("<p><p class=b"));
        check("<div>x</div>", usize::MAX, Some("<div>x</div>"));
        check("<div><div><p>x</div></div>", 1, None);
        check("<div><br><td>x</div>", 1, Some("<div><br><td>x</div>"));
    }

    #[test]
    fn cell_end_tags_before_what_closes_the_cell_are_left_out() {
        check(
            "<table><tr><td>a</td><TD class=x>b</Td ><th>c</th></tr><tr><td>d</td>\n<td>e</td></table>",
            usize::MAX,
            Some("<table><tr><td>a<TD>b<th>c</tr><tr><td>d</td>\n<td>e</td></table>"),
        );
        // Before a tag cut off, text or other markup: kept.
        check("<td>a</td><td", usize::MAX, Some("<td>a</td><td"));
        check("<td>a</td></tr", usize::MAX, Some("<td>a</td></tr"));
        check("<td>a</td></table>", usize::MAX, Some("<td>a</td></table>"));
        // So is a cell's only paragraph's, in a table.
        check(
            "<table><tr><td><p>a</p><td><p><span>b</span></p></tr><tr><th><p>c</p></th>\n<th><p>d</p></td></table>",
            usize::MAX,
            Some("<table><tr><td><p>a<td><p>b</tr><tr><th><p>c</th>\n<th><p>d</p></td></table>"),
        );
        // Not outside a table, after other markup, or in nested tables.
        check("<td><p>a</p><td>", usize::MAX, Some("<td><p>a</p><td>"));
        check(
            "<table><td><p>a<br></p><td> <p>b</p><td><p>c</b></p><td><p><i>d</p><td></table>",
            usize::MAX,
            Some("<table><td><p>a<br></p><td> <p>b</p><td><p>c</b></p><td><p><i>d</p><td></table>"),
        );
        check(
            "<table><td><table><td><p>a</p><td></table><td><p>b</p><td></table>",
            usize::MAX,
            Some("<table><td><table><td><p>a<td></table><td><p>b</p><td></table>"),
        );
    }

    #[test]
    fn a_paragraph_end_tag_before_the_next_paragraph_is_left_out() {
        check(
            "<p>a</p><p class=x>b<span>c</span></p><P>d<br></p><p>e</p>\n<p>f</p><div>",
            usize::MAX,
            Some("<p>a<p>bc<P>d<br></p><p>e</p>\n<p>f</p><div>"),
        );
    }

    #[test]
    fn transparent_pairs_holding_text_are_left_out() {
        check(
            "<p><span style=x>a<b>b</b></span>c<FONT face=f>d</font></p>",
            usize::MAX,
            Some("<p>abcd</p>"),
        );
        // Unclosed, misnested, or closed after other markup: kept.
        check(
            "<p><span>a<br>b</span><b><i>c</b>d</i><u>e",
            usize::MAX,
            Some("<p><span>a<br>b</span><b><i>c</b>d</i><u>e"),
        );
        // Between a table's rows, and right after `<pre>`: kept.
        check(
            "<table><span>a</span><tr><td><b>1</b></td></tr></table><pre><i>\n</i></pre>",
            usize::MAX,
            Some("<table><span>a</span><tr><td>1</tr></table><pre><i>\n</i></pre>"),
        );
    }
}
