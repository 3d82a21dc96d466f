//! Lines of plain text with exact byte offsets, and the cheap facts every
//! later pass asks about a line: its trimmed content, indentation, display
//! width, whether it is page furniture, whether it looks like a number.

use crate::outline;

/// Lines longer than this (in bytes of content) are never measured cell by
/// cell: they are prose, whatever they hold. Keeps every pass linear.
pub(super) const MEASURE_LIMIT: usize = 4096;

/// What a line holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    /// Nothing but white space.
    Blank,
    /// A page number or similar furniture (`-1-`, `第 3 页`, `3/10`).
    Furniture,
    /// Anything else.
    Text,
}

/// One line of the source.
#[derive(Clone, Copy, Debug)]
pub(super) struct Line {
    /// Byte offset of the line's first byte.
    pub start: usize,
    /// Byte offset just past the line's content, before its terminator.
    pub end: usize,
    /// Start of the content with surrounding white space trimmed.
    pub cs: usize,
    /// End of the trimmed content.
    pub ce: usize,
    /// Display columns of the leading white space.
    pub indent: u32,
    /// Display columns of the trimmed content (capped for long lines).
    pub width: u32,
    /// Number of characters of the trimmed content (capped for long lines).
    pub chars: u32,
    /// What the line holds.
    pub kind: Kind,
    /// The line starts with a form feed: a new page of PDF text.
    pub form_feed: bool,
    /// The content holds a run of two or more white-space characters or a
    /// tab: a column gap in space-aligned text. Vertical tabs are not
    /// counted here (`text::tables` tests for them itself).
    pub gap: bool,
}

impl Line {
    /// The trimmed content.
    pub fn content<'a>(&self, src: &'a str) -> &'a str {
        src.get(self.cs..self.ce).unwrap_or("")
    }

    /// The whole line, without its terminator.
    pub fn raw<'a>(&self, src: &'a str) -> &'a str {
        src.get(self.start..self.end).unwrap_or("")
    }

    /// The display column where the content ends.
    pub fn cols(&self) -> u32 {
        self.indent.saturating_add(self.width)
    }

    /// Whether the content is short enough to be measured cell by cell.
    pub fn measurable(&self) -> bool {
        self.ce - self.cs <= MEASURE_LIMIT
    }
}

/// White space for trimming: Unicode white space plus the invisible marks
/// crawlers leave at line edges (byte-order mark, zero-width space).
pub(super) fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}' || c == '\u{200b}'
}

/// Display columns of a character: 2 for East Asian wide and full-width
/// characters, 1 otherwise.
pub(super) fn char_width(c: char) -> u32 {
    let u = c as u32;
    let wide = matches!(u,
        0x1100..=0x115F
        | 0x2E80..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD);
    if wide { 2 } else { 1 }
}

/// Splits the source into lines at `\n`, `\r\n` and lone `\r`.
pub(super) fn split(src: &str) -> Vec<Line> {
    let bytes = src.as_bytes();
    let mut lines = Vec::with_capacity(bytes.len() / 48 + 1);
    let mut start = 0;
    while start < bytes.len() {
        // The line ends at the first `\n` or `\r` (a `\r\n` pair is one
        // break).
        let rest = bytes.get(start..).unwrap_or(&[]);
        let (end, next) = match memchr::memchr2(b'\n', b'\r', rest) {
            Some(k) => {
                let e = start + k;
                let crlf = rest.get(k) == Some(&b'\r') && bytes.get(e + 1) == Some(&b'\n');
                (e, if crlf { e + 2 } else { e + 1 })
            }
            None => (bytes.len(), bytes.len()),
        };
        lines.push(measure(src, start, end));
        start = next;
    }
    lines
}

/// Builds the [`Line`] for `src[start..end]`.
fn measure(src: &str, start: usize, end: usize) -> Line {
    let raw = src.get(start..end).unwrap_or("");
    let mut indent = 0u32;
    let mut form_feed = false;
    let mut lead = raw.len();
    for (i, c) in raw.char_indices() {
        if !is_space(c) {
            lead = i;
            break;
        }
        match c {
            '\u{c}' => form_feed = true,
            '\t' => indent += 4,
            '\u{feff}' | '\u{200b}' => {}
            c => indent += char_width(c),
        }
    }
    let body = raw.get(lead..).unwrap_or("");
    let content = body.trim_end_matches(is_space);
    let cs = start + lead;
    let ce = cs + content.len();
    let mut width = 0u32;
    let mut chars = 0u32;
    let mut gap = false;
    if content.len() <= MEASURE_LIMIT {
        let mut spaces = 0;
        let bytes = content.as_bytes();
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            // A Han character (U+4000…U+9FFF, lead bytes E4…E9) is wide
            // and never white space: counted without decoding it.
            if matches!(b, 0xE4..=0xE9) {
                chars += 1;
                width += 2;
                spaces = 0;
                i += 3;
                continue;
            }
            // An ASCII character is one byte wide and needs no decoding.
            let space = if b.is_ascii() {
                i += 1;
                width += 1;
                b.is_ascii_whitespace()
            } else {
                let Some(c) = content.get(i..).and_then(|r| r.chars().next()) else {
                    break;
                };
                i += c.len_utf8();
                width += char_width(c);
                is_space(c)
            };
            chars += 1;
            if space {
                spaces += 1;
                gap |= spaces >= 2 || b == b'\t';
            } else {
                spaces = 0;
            }
        }
    } else {
        // Too long to be anything but prose: report it as very wide.
        width = MEASURE_LIMIT as u32;
        chars = MEASURE_LIMIT as u32;
    }
    let kind = if content.is_empty() {
        Kind::Blank
    } else if is_page_number(content) {
        Kind::Furniture
    } else {
        Kind::Text
    };
    Line {
        start,
        end,
        cs,
        ce,
        indent,
        width,
        chars,
        kind,
        form_feed,
        gap,
    }
}

/// Whether `s` may start with section numbering (`一、`, `（一）`, `1.`,
/// `（1）`): a cheap, allocation-free superset test that spares most lines
/// the full outline check.
fn may_be_numbered(s: &str) -> bool {
    let s = s.trim_start_matches(is_space);
    let mut it = s.chars();
    let Some(first) = it.next() else {
        return false;
    };
    let cn = crate::outline::is_cn_digit;
    if first == '(' || first == '（' {
        let mut kind = None;
        for (n, c) in it.enumerate() {
            if c == ')' || c == '）' {
                return n > 0;
            }
            let k = if cn(c) {
                1
            } else if c.is_ascii_digit() {
                2
            } else {
                return false;
            };
            if kind.is_some_and(|kd| kd != k) || n == 3 {
                return false;
            }
            kind = Some(k);
        }
        return false;
    }
    if cn(first) {
        return it.take(3).find(|&c| !cn(c)) == Some('、');
    }
    if first.is_ascii_digit() {
        let rest = s.get(1..).unwrap_or("");
        let rest = rest
            .strip_prefix(|c: char| c.is_ascii_digit())
            .unwrap_or(rest);
        return rest.starts_with(['.', '．', '、']);
    }
    false
}

/// The heading level of a whole line ([`outline::block_heading_level`]).
pub(super) fn heading_level(s: &str) -> Option<u8> {
    if s.len() > 240 || !may_be_numbered(s) {
        return None;
    }
    outline::block_heading_level(s)
}

/// The level of the numbering a line starts with, heading or list item
/// ([`outline::heading_level`]).
pub(super) fn numbering(s: &str) -> Option<u8> {
    if !may_be_numbered(s) {
        return None;
    }
    // The numbering sits in the first few characters.
    let mut end = s.len().min(48);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    outline::heading_level(s.get(..end).unwrap_or(""))
}

/// The value of an ASCII or full-width decimal digit.
fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => c.to_digit(10),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

/// Reads one to four digits from the iterator; `None` when there are none
/// or more than four.
fn small_number(it: &mut std::iter::Peekable<impl Iterator<Item = char>>) -> Option<u32> {
    let mut n = 0;
    let mut count = 0;
    while let Some(d) = it.peek().copied().and_then(digit) {
        it.next();
        n = n * 10 + d;
        count += 1;
        if count > 4 {
            return None;
        }
    }
    (count > 0).then_some(n)
}

/// Whether a trimmed line is page furniture: a page number such as `-1-`,
/// `- 2 -`, `—3—`, `第 3 页`, `第3页 共10页`, `3/10` or `Page 3 of 10`.
pub(super) fn is_page_number(s: &str) -> bool {
    if s.is_empty() || s.len() > 48 {
        return false;
    }
    let is_dash = |c: char| matches!(c, '-' | '－' | '—' | '–' | '―' | '─');
    let mut it = s.chars().filter(|c| !c.is_whitespace()).peekable();
    let Some(&first) = it.peek() else {
        return false;
    };
    if is_dash(first) {
        it.next();
        return small_number(&mut it).is_some()
            && it.next().is_some_and(is_dash)
            && it.next().is_none();
    }
    if first == '第' {
        it.next();
        if small_number(&mut it).is_none() || it.next() != Some('页') {
            return false;
        }
        if matches!(it.peek(), Some('/' | '／' | ',' | '，')) {
            it.next();
        }
        if it.peek().is_none() {
            return true;
        }
        return it.next() == Some('共')
            && small_number(&mut it).is_some()
            && it.next() == Some('页')
            && it.next().is_none();
    }
    if first == 'P' || first == 'p' {
        it.next();
        if !(it.next() == Some('a') && it.next() == Some('g') && it.next() == Some('e')) {
            return false;
        }
        if small_number(&mut it).is_none() {
            return false;
        }
        return match it.next() {
            None => true,
            Some('/') => small_number(&mut it).is_some() && it.next().is_none(),
            Some('o') => {
                it.next() == Some('f') && small_number(&mut it).is_some() && it.next().is_none()
            }
            Some(_) => false,
        };
    }
    if digit(first).is_some() {
        let Some(page) = small_number(&mut it) else {
            return false;
        };
        if !matches!(it.next(), Some('/' | '／')) {
            return false;
        }
        let Some(total) = small_number(&mut it) else {
            return false;
        };
        return it.next().is_none() && page >= 1 && page <= total;
    }
    false
}

/// Units that may follow a number inside a table cell, longest first.
const UNITS: [&str; 15] = [
    "万元", "人次", "元", "件", "条", "个", "次", "项", "人", "份", "篇", "场", "家", "%", "％",
];

/// The signs a number may start with.
const SIGNS: [char; 5] = ['+', '-', '＋', '－', '−'];

/// Whether `s` is a number as table cells print it: an optional sign,
/// digits with thousands separators and one decimal point, and an optional
/// percent sign or count unit (`21`, `-3`, `+1,036`, `7730.28`, `3.5万元`).
pub(super) fn is_number(s: &str) -> bool {
    // Bare ASCII digits (the commonest cell) are a number when not too long.
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
        return s.len() <= 40;
    }
    is_number_general(s)
}

/// [`is_number`] for any text.
fn is_number_general(s: &str) -> bool {
    let s = s.trim_matches(is_space);
    if s.is_empty() || s.len() > 40 {
        return false;
    }
    // Past its signs a number starts with a digit (a unit only ends it):
    // text that does not is no number, whatever it ends with.
    let mut s = s.trim_start_matches(SIGNS);
    if s.chars().next().and_then(digit).is_none() {
        return false;
    }
    for unit in UNITS {
        if let Some(rest) = s.strip_suffix(unit) {
            s = rest.trim_end_matches(is_space);
            break;
        }
    }
    // From a digit on (units hold none): digits, separators and at most
    // one point, ending in a digit.
    let mut points = 0;
    let mut last = None;
    for c in s.chars() {
        if c == '.' || c == '．' {
            points += 1;
            if points > 1 {
                return false;
            }
        } else if c != ',' && digit(c).is_none() {
            return false;
        }
        last = Some(c);
    }
    last.and_then(digit).is_some()
}

/// Whether `s` is one of the marks tables print in an empty cell
/// (`/`, `-`, `—`, `无`, `不适用`).
pub(super) fn is_blank_mark(s: &str) -> bool {
    let s = s.trim_matches(is_space);
    if s.len() > 12 {
        return false;
    }
    if s == "无" || s == "不适用" {
        return true;
    }
    let n = s.chars().count();
    (1..=4).contains(&n)
        && s.chars()
            .all(|c| matches!(c, '/' | '／' | '-' | '－' | '—' | '–' | '―' | '─' | '\\'))
}

/// Whether `s` is a cell value: a number or an empty-cell mark.
pub(super) fn is_value(s: &str) -> bool {
    is_number(s) || is_blank_mark(s)
}

/// Byte ranges (relative to `s`, which must be trimmed) of the fields of a
/// space-aligned line: the pieces between runs of two or more white-space
/// characters (a tab alone is a gap too).
pub(super) fn fields(s: &str) -> Fields<'_> {
    Fields {
        s,
        pos: 0,
        field_start: Some(0),
    }
}

/// Iterator returned by [`fields`].
pub(super) struct Fields<'a> {
    s: &'a str,
    /// Byte position of the next character to look at.
    pos: usize,
    field_start: Option<usize>,
}

/// Whether a character starting with byte `b` may be white space to
/// [`is_space`]: ASCII white space, or the lead byte of U+0085, U+00A0,
/// U+1680, U+2000–U+205F, U+3000 or U+FEFF.
fn may_be_space(b: u8) -> bool {
    matches!(b, b'\t'..=b'\r' | b' ' | 0xC2 | 0xE1 | 0xE2 | 0xE3 | 0xEF)
}

impl Iterator for Fields<'_> {
    type Item = (usize, usize);

    fn next(&mut self) -> Option<(usize, usize)> {
        let start = self.field_start?;
        let bytes = self.s.as_bytes();
        let mut run_start = None;
        let mut run_len = 0;
        let mut run_tab = false;
        while let Some(&b) = bytes.get(self.pos) {
            let i = self.pos;
            let space = may_be_space(b)
                .then(|| self.s.get(i..).and_then(|r| r.chars().next()))
                .flatten()
                .filter(|&c| is_space(c));
            if let Some(c) = space {
                self.pos += c.len_utf8();
                if run_start.is_none() {
                    run_start = Some(i);
                    run_len = 0;
                    run_tab = false;
                }
                run_len += 1;
                run_tab |= c == '\t';
                continue;
            }
            // Not white space: the bytes up to the next possible white
            // space belong to characters that are not either.
            self.pos += 1;
            while bytes.get(self.pos).is_some_and(|&b| !may_be_space(b)) {
                self.pos += 1;
            }
            if let Some(rs) = run_start.take()
                && (run_len >= 2 || run_tab)
            {
                self.field_start = Some(i);
                return Some((start, rs));
            }
        }
        self.field_start = None;
        let end = run_start.unwrap_or(self.s.len());
        (end > start).then_some((start, end))
    }
}

/// How far back [`cells`] looks for the start of a number: more than the
/// 40 bytes a number may have, plus a character's worth of slack.
const NUMBER_WINDOW: usize = 48;

/// Calls `f` with the byte range (relative to the trimmed `s`) of each cell
/// of a space-aligned line: the [`fields`] between wide gaps, except that
/// two or more numbers ending a field, separated by single spaces, are one
/// cell each (`1.属于国家秘密 1 0` gives three cells: pdftotext sometimes
/// leaves only one space between narrow columns).
pub(super) fn cells(s: &str, mut f: impl FnMut(usize, usize)) {
    for (a, b) in fields(s) {
        field_cells(s, a, b, &mut f);
    }
}

/// Calls `f` with the byte range of each cell of the field `s[a..b]`, as
/// [`cells`] does for each of a line's [`fields`].
pub(super) fn field_cells(s: &str, a: usize, b: usize, mut f: impl FnMut(usize, usize)) {
    let field = s.get(a..b).unwrap_or("");
    // Walk the field's tokens back from its end while they are numbers.
    let mut cut = field.len();
    let mut count = 0;
    let mut end = field.len();
    while end > 0 {
        let head = field.get(..end).unwrap_or("");
        // A number is at most 40 bytes: look for the space before the
        // token only that far back.
        let mut from = head.len().saturating_sub(NUMBER_WINDOW);
        while !head.is_char_boundary(from) {
            from += 1;
        }
        let tail = head.get(from..).unwrap_or("");
        let (token_start, next_end) = match tail.char_indices().rev().find(|&(_, c)| is_space(c)) {
            Some((k, c)) => (from + k + c.len_utf8(), from + k),
            None if from == 0 => (0, 0),
            // The token is longer than any number.
            None => break,
        };
        if !is_number(head.get(token_start..).unwrap_or("")) {
            break;
        }
        count += 1;
        cut = token_start;
        end = next_end;
    }
    if count < 2 {
        f(a, b);
        return;
    }
    let prefix = field.get(..cut).unwrap_or("").trim_end_matches(is_space);
    if !prefix.is_empty() {
        f(a, a + prefix.len());
    }
    let mut start = None;
    for (k, c) in field.get(cut..).unwrap_or("").char_indices() {
        match (is_space(c), start) {
            (true, Some(st)) => {
                f(a + cut + st, a + cut + k);
                start = None;
            }
            (false, None) => start = Some(k),
            _ => {}
        }
    }
    if let Some(st) = start {
        f(a + cut + st, b);
    }
}

/// How a line's text ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum End {
    /// Mid-sentence.
    Open,
    /// After a clause: `；` or `：` (or ASCII `;` `:`).
    Clause,
    /// After a sentence: `。！？` (or ASCII `!?`, or a full stop that does
    /// not follow a digit).
    Sentence,
}

/// How a line's text ends, looking through closing quotes and brackets.
pub(super) fn end_of(s: &str) -> End {
    let t = s.trim_end_matches(|c: char| {
        is_space(c)
            || matches!(
                c,
                '”' | '’' | '"' | '\'' | '」' | '』' | '）' | ')' | '】' | '》' | '〉'
            )
    });
    let mut rev = t.chars().rev();
    match rev.next() {
        Some('。' | '！' | '？' | '!' | '?' | '．') => End::Sentence,
        Some('；' | '：' | ';' | ':') => End::Clause,
        Some('.') if !rev.next().is_some_and(|c| c.is_ascii_digit()) => End::Sentence,
        _ => End::Open,
    }
}

/// Whether a line's text ends a sentence or a clause (see [`end_of`]).
pub(super) fn ends_sentence(s: &str) -> bool {
    end_of(s) != End::Open
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The bare-digits path answers as the general one.
        #[test]
        fn digits_are_numbers_as_general(s in "[0-9]{1,48}|[0-9０-９ ,.+元万a一-]{0,10}") {
            proptest::prop_assert_eq!(is_number(&s), is_number_general(&s));
        }
    }

    #[track_caller]
    fn check_lines(src: &str, expected: &[(&str, Kind, usize)]) {
        let got: Vec<(&str, Kind, usize)> = split(src)
            .iter()
            .map(|l| (l.content(src), l.kind, l.start))
            .collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn line_breaks() {
        check_lines(
            "一、总体\r\n  正文。\r第 2 页\n\n-3-",
            &[
                ("一、总体", Kind::Text, 0),
                ("正文。", Kind::Text, 14),
                ("第 2 页", Kind::Furniture, 26),
                ("", Kind::Blank, 36),
                ("-3-", Kind::Furniture, 37),
            ],
        );
        let lines = split("\u{c}级审核\n");
        assert!(lines.first().is_some_and(|l| l.form_feed && l.indent == 0));
    }

    #[track_caller]
    fn check_pred(f: fn(&str) -> bool, yes: &[&str], no: &[&str]) {
        for s in yes {
            assert!(f(s), "{s} should hold");
        }
        for s in no {
            assert!(!f(s), "{s} should not hold");
        }
    }

    #[test]
    fn predicates() {
        check_pred(
            is_page_number,
            &[
                "-1-",
                "- 12 -",
                "—3—",
                "第 3 页",
                "第3页 共10页",
                "3/10",
                "Page 2 of 9",
            ],
            &[
                "-",
                "1",
                "2023/12",
                "第三页",
                "-12345-",
                "3/",
                "第 3 页 说明",
            ],
        );
        check_pred(
            is_number,
            &[
                "0",
                "-3",
                "+1,036",
                "7730.28",
                "3.5万元",
                "251000元",
                "12%",
                "１２",
            ],
            &["", "-", "1.", ".5", "2023年", "0477-8588130", "a1", "1 2"],
        );
        check_pred(
            is_blank_mark,
            &["/", "-", "——", "无", "不适用"],
            &["0", "无效", "-----"],
        );
        check_pred(
            ends_sentence,
            &["完成。", "如下：", "制度。”", "（见附件。）", "Done."],
            &["（以下简称《条例》）", "政府", "7730.", "1136"],
        );
    }

    #[test]
    fn field_ranges() {
        let s = "规章               0          0       0";
        let got: Vec<&str> = fields(s).filter_map(|(a, b)| s.get(a..b)).collect();
        assert_eq!(got, ["规章", "0", "0", "0"]);
        let s = "社会 法律\t总计";
        let got: Vec<&str> = fields(s).filter_map(|(a, b)| s.get(a..b)).collect();
        assert_eq!(got, ["社会 法律", "总计"]);
        assert_eq!(fields("").count(), 0);
        let split = |s: &str| {
            let mut out = Vec::new();
            cells(s, |a, b| out.push(s.get(a..b).unwrap_or("?").to_string()));
            out
        };
        assert_eq!(
            split("1.属于国家秘密 1 0  7"),
            ["1.属于国家秘密", "1", "0", "7"]
        );
        assert_eq!(split("10 1 0"), ["10", "1", "0"]);
        assert_eq!(split("受理申请 21 件"), ["受理申请 21 件"]);
        assert_eq!(split("附件 1"), ["附件 1"]);
        assert_eq!(split("社会 法律  总计"), ["社会 法律", "总计"]);
        // Wide gaps, dashes (not white space) and tokens longer than numbers.
        let s = "甲\u{3000}\u{3000}—\u{a0} 乙\u{feff}\u{200b}丙";
        let got: Vec<&str> = fields(s).filter_map(|(a, b)| s.get(a..b)).collect();
        assert_eq!(got, ["甲", "—", "乙", "丙"]);
        let long = "一二三四五六七八九十一二三四五六七八九十";
        assert_eq!(split(&format!("{long} 1 2")), [long, "1", "2"]);
        assert_eq!(
            split(&format!("{long}{long} 12345678901234567890 1 2")),
            [&format!("{long}{long}"), "12345678901234567890", "1", "2"]
        );
    }

    #[test]
    fn first_bytes_of_white_space() {
        let mut buf = [0; 4];
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            if is_space(c) {
                let first = c.encode_utf8(&mut buf).as_bytes()[0];
                assert!(may_be_space(first), "{c:?}");
            }
        }
    }
}
