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
fn is_raw(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "xmp"
            | "iframe"
            | "noembed"
            | "noframes"
            | "noscript"
            | "textarea"
            | "title"
            | "plaintext"
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
) -> &'b str {
    let Some(raw) = src.get(name.0..name.1).filter(|n| n.len() <= NAME_BUF) else {
        return "";
    };
    let out = &mut buf[..raw.len()];
    out.copy_from_slice(raw);
    out.make_ascii_lowercase();
    std::str::from_utf8(out).unwrap_or("")
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
/// it. `None` when `p` holds no markup.
pub(crate) fn skip_markup(src: &[u8], p: usize) -> Option<usize> {
    let m = markup_at(src, p)?;
    let Kind::Start { name } = m.kind else {
        return Some(m.end);
    };
    let mut buf = [0; NAME_BUF];
    let name = lower_name(src, name, &mut buf);
    if is_raw(name) {
        return Some(raw_end(src, m.end, name));
    }
    if matches!(name, "pre" | "listing") {
        return Some(skip_one_newline(src, m.end));
    }
    Some(m.end)
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
pub(crate) fn raw_end(src: &[u8], from: usize, name: &str) -> usize {
    if name == "plaintext" {
        return src.len();
    }
    if name == "script" {
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
fn is_end_tag_of(src: &[u8], i: usize, name: &str) -> bool {
    let n = name.len();
    src.get(i + 1) == Some(&b'/')
        && src
            .get(i + 2..i + 2 + n)
            .is_some_and(|s| s.eq_ignore_ascii_case(name.as_bytes()))
        && src
            .get(i + 2 + n)
            .is_some_and(|b| is_space(*b) || *b == b'/' || *b == b'>')
}

/// Whether `src[i..]` is `<script` followed by a tag-ending byte.
fn is_start_tag_of(src: &[u8], i: usize, name: &str) -> bool {
    let n = name.len();
    src.get(i + 1..i + 1 + n)
        .is_some_and(|s| s.eq_ignore_ascii_case(name.as_bytes()))
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
        .and_then(|s| s.iter().position(|b| *b == b'<' || *b == b'-'))
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
                if is_end_tag_of(src, i, "script") {
                    return i;
                }
            }
            State::Escaped => {
                if is_end_tag_of(src, i, "script") {
                    return i;
                }
                if is_start_tag_of(src, i, "script") {
                    state = State::DoubleEscaped;
                }
            }
            State::DoubleEscaped => {
                if is_end_tag_of(src, i, "script") {
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
    let len = src.len();
    let mut i = p;
    while i < len && !is_space(src[i]) && src[i] != b'/' && src[i] != b'>' {
        i += 1;
    }
    let name = (p, i);
    loop {
        // Before an attribute name.
        while i < len && (is_space(src[i]) || src[i] == b'/') {
            i += 1;
        }
        match src.get(i) {
            None => return (name, len),
            Some(b'>') => return (name, i + 1),
            Some(_) => {}
        }
        // The attribute name; its first byte may be anything, even `=`.
        i += 1;
        while i < len && !is_space(src[i]) && !matches!(src[i], b'/' | b'>' | b'=') {
            i += 1;
        }
        while i < len && is_space(src[i]) {
            i += 1;
        }
        if src.get(i) != Some(&b'=') {
            continue;
        }
        i += 1;
        while i < len && is_space(src[i]) {
            i += 1;
        }
        match src.get(i) {
            Some(q @ (b'"' | b'\'')) => match find_byte(src, i + 1, *q) {
                Some(j) => i = j + 1,
                None => return (name, len),
            },
            Some(_) => {
                while i < len && !is_space(src[i]) && src[i] != b'>' {
                    i += 1;
                }
            }
            None => return (name, len),
        }
    }
}

/// The first `b` at or after `from`.
pub(crate) fn find_byte(src: &[u8], from: usize, b: u8) -> Option<usize> {
    src.get(from..)?
        .iter()
        .position(|x| *x == b)
        .map(|i| i + from)
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
fn is_uncounted(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
            | "html"
            | "head"
            | "body"
            | "p"
            | "li"
            | "dt"
            | "dd"
            | "option"
            | "optgroup"
            | "rb"
            | "rt"
            | "rtc"
            | "rp"
            | "colgroup"
            | "caption"
            | "table"
            | "thead"
            | "tbody"
            | "tfoot"
            | "tr"
            | "td"
            | "th"
            | "pre"
            | "listing"
            | "image"
            | "frame"
            | "keygen"
            | "basefont"
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
