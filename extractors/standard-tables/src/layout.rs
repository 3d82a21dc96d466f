//! The document seen as lines of items (grid cells or text tokens), the rows
//! those lines hold (a label and the value slots after it), and the
//! sections (二, 三, 四) the rows belong to.
//!
//! Grid tables (HTML, cell-per-line, markdown, tabs) keep their cells; any
//! other text, including pdftotext output and crawler text whose cells ran
//! together, is cut into tokens: runs of digits and runs of words.

use crate::cell::{self, CellValue, is_digit};
use crate::label::{self, Section};
use nianbao_core::words::Words;
use nianbao_core::{BlockKind, Document, SourceFormat, Span, Table, TableForm, TextRun};
use std::borrow::Cow;
use std::cell::RefCell;
use std::sync::LazyLock;

/// Where a borrowed piece of text comes from.
#[derive(Clone, Copy, Debug)]
enum Origin<'a> {
    /// The text stands verbatim in the source from this byte on.
    Source(usize),
    /// The text is the run's text from this byte on.
    Run(&'a TextRun, usize),
}

/// A piece of the document's text, borrowed, that can say where any of its
/// substrings came from (as the [`TextRun`] slice it stands for would).
#[derive(Clone, Copy, Debug)]
struct Piece<'a> {
    text: &'a str,
    origin: Origin<'a>,
}

impl<'a> Piece<'a> {
    /// A whole run.
    fn run(run: &'a TextRun) -> Piece<'a> {
        Piece {
            text: run.as_str(),
            origin: Origin::Run(run, 0),
        }
    }

    /// Verbatim source text starting at byte `at`.
    fn source(text: &'a str, at: usize) -> Piece<'a> {
        Piece {
            text,
            origin: Origin::Source(at),
        }
    }

    /// The sub-piece for the text bytes `range` (clamped, as
    /// [`TextRun::slice`]).
    fn slice(&self, range: std::ops::Range<usize>) -> Piece<'a> {
        let len = self.text.len();
        let (a, b) = (range.start.min(len), range.end.min(len));
        let text = if a < b {
            self.text.get(a..b).unwrap_or("")
        } else {
            ""
        };
        let origin = match self.origin {
            Origin::Source(o) => Origin::Source(o + a),
            Origin::Run(run, base) => Origin::Run(run, base + a),
        };
        Piece { text, origin }
    }

    /// Leading and trailing white space removed (as [`TextRun::trimmed`]).
    fn trimmed(&self) -> Piece<'a> {
        let t = self.text.trim_start();
        let start = self.text.len() - t.len();
        let end = start + t.trim_end().len();
        self.slice(start..end)
    }

    /// The source span of the text bytes `range`, exactly as
    /// [`TextRun::span_of`] says it for the run this piece stands for.
    fn span_of(&self, range: std::ops::Range<usize>) -> Span {
        let len = self.text.len();
        if len == 0 {
            return Span::default();
        }
        let start = range.start.min(len);
        let end = range.end.min(len).max(start);
        match self.origin {
            Origin::Source(o) => Span::new(o + start, o + end),
            Origin::Run(run, base) if start < end => run.span_of(base + start..base + end),
            // An empty range: read it off the run this piece stands for.
            Origin::Run(run, base) if base == 0 && len == run.as_str().len() => {
                run.span_of(start..end)
            }
            Origin::Run(run, base) => run.slice(base..base + len).span_of(start..end),
        }
    }
}

/// One cell of a grid row, or one token of a text line.
#[derive(Clone, Debug)]
pub struct Item<'a> {
    /// The item's text, mapped to the source.
    piece: Piece<'a>,
    /// What the text holds.
    pub value: CellValue,
    /// A covered copy of a merged grid cell (label context only).
    pub covered: bool,
    /// For a token of a text document's line: its first and one-past-last
    /// character column in that line (space-aligned text keeps columns).
    pub col: Option<(usize, usize)>,
}

impl<'a> Item<'a> {
    fn new(piece: Piece<'a>, covered: bool) -> Item<'a> {
        let value = cell::parse_cell(piece.text);
        Item {
            piece,
            value,
            covered,
            col: None,
        }
    }

    /// The item's text.
    pub fn text(&self) -> &'a str {
        self.piece.text
    }

    /// The source span of the item's text bytes `range`.
    pub fn span_of(&self, range: std::ops::Range<usize>) -> Span {
        self.piece.span_of(range)
    }

    /// The source span of the whole item.
    pub fn span(&self) -> Span {
        self.piece.span_of(0..self.piece.text.len())
    }

    /// The source span of the number the item holds, if any.
    pub fn number_span(&self) -> Option<Span> {
        match &self.value {
            CellValue::Number { range, .. } => Some(self.span_of(range.clone())),
            _ => None,
        }
    }

    /// The number, when the item holds one.
    pub fn number(&self) -> Option<&cell::Number> {
        match &self.value {
            CellValue::Number { number, .. } => Some(number),
            _ => None,
        }
    }
}

/// A line of the document: a table row's cells or a line of text's tokens.
#[derive(Clone, Debug)]
pub struct Line<'a> {
    /// The items, in order.
    pub items: Vec<Item<'a>>,
    /// Whether the items are the cells of a grid row.
    pub grid: bool,
    /// Which grid table the line belongs to (grid lines only).
    pub table: Option<usize>,
    /// Whether a blank line precedes it in the source (text documents).
    pub gap_before: bool,
    /// The page it stands on (form feeds counted; text documents).
    pub page: usize,
}

/// A row: a label and the value slots that follow it on one line.
#[derive(Clone, Debug)]
pub struct Row<'a> {
    /// The label text (pieces joined with a space; a single piece is
    /// borrowed).
    pub label: Cow<'a, str>,
    /// In a text document's line, the column where the label ends.
    pub label_end: Option<usize>,
    /// The value slots (numbers, markers, blanks, stray text), in order.
    pub slots: Vec<&'a Item<'a>>,
    /// Whether the row is a grid row (blank cells are slots).
    pub grid: bool,
    /// Which grid table it comes from.
    pub table: Option<usize>,
    /// All cells of its grid line, when the grid has no merged cells (so a
    /// cell's index is its column); empty otherwise.
    pub cells: &'a [Item<'a>],
    /// The index of its line.
    pub line: usize,
    /// Whether a blank line precedes its line and it starts the line.
    pub gap_before: bool,
    /// The page its line stands on.
    pub page: usize,
}

impl Row<'_> {
    /// Whether the row holds at least one non-blank value slot.
    pub fn has_values(&self) -> bool {
        self.slots.iter().any(|s| s.value != CellValue::Blank)
    }
}

/// Whether number tokens stand glued to each other, with nothing between
/// them in the source (digits that may have run together), as opposed to
/// numbers set apart by spaces, which are whole cells.
pub fn glued(items: &[&Item]) -> bool {
    items
        .windows(2)
        .all(|w| w[0].span().end == w[1].span().start)
}

/// Reads the document into lines. Text before the first line that may
/// name a section title or anchor is left out (`Tracker`): no section is
/// in force there, so its rows would belong to none.
pub fn lines(doc: &Document) -> Vec<Line<'_>> {
    match doc.format {
        SourceFormat::Text => text_lines(doc),
        SourceFormat::Html => html_lines(doc),
    }
}

/// Whether a table's cells are trusted as a grid (others are re-read from
/// their text, which keeps what a column split would lose).
fn is_grid(table: &Table) -> bool {
    matches!(
        table.form,
        TableForm::Html | TableForm::CellPerLine | TableForm::Markdown | TableForm::Tabs
    )
}

fn grid_lines<'a>(table: &'a Table, id: usize, out: &mut Vec<Line<'a>>) {
    for row in &table.rows {
        let items = row
            .iter()
            .map(|c| Item::new(Piece::run(&c.text), c.covered))
            .collect();
        out.push(Line {
            items,
            grid: true,
            table: Some(id),
            gap_before: false,
            page: 0,
        });
    }
}

fn html_lines(doc: &Document) -> Vec<Line<'_>> {
    // Room for a line per grid row and per other block (a line is large:
    // growing the list copies them all).
    let room = doc
        .blocks
        .iter()
        .map(|b| match &b.kind {
            BlockKind::Table(t) if is_grid(t) => t.rows.len(),
            _ => 1,
        })
        .sum();
    let mut out = Vec::with_capacity(room);
    let mut tracker = Tracker::default();
    let mut table_id = 0;
    for block in &doc.blocks {
        match &block.kind {
            BlockKind::Table(t) if is_grid(t) => {
                grid_lines(t, table_id, &mut out);
                table_id += 1;
            }
            BlockKind::Table(t) => {
                for cell in t.rows.iter().flatten().filter(|c| !c.covered) {
                    push_text_run(&cell.text, &mut tracker, &mut out);
                }
            }
            BlockKind::Heading { text, .. } | BlockKind::Paragraph(text) => {
                if !is_markup(text.as_str()) {
                    push_text_run(text, &mut tracker, &mut out);
                }
            }
        }
    }
    out
}

/// Whether text still holds HTML markup (a reader that left tags in place):
/// its digits are attributes, not values.
fn is_markup(text: &str) -> bool {
    // Every marker holds `<` or `=`: text with neither needs no lowering.
    if memchr::memchr2(b'<', b'=', text.as_bytes()).is_none() {
        return false;
    }
    let lower = text.to_ascii_lowercase();
    [
        "</", "<td", "<tr", "<p", "<span", "<div", "style=", "<br", "<table",
    ]
    .iter()
    .any(|m| lower.contains(m))
}

/// Pushes a text run as lines, one per `\n`-separated part.
fn push_text_run<'a>(run: &'a TextRun, tracker: &mut Tracker, out: &mut Vec<Line<'a>>) {
    let whole = Piece::run(run);
    let s = run.as_str();
    let mut start = 0;
    // The parts end at each `\n` and at the end of the run.
    let ends = memchr::memchr_iter(b'\n', s.as_bytes()).chain([s.len()]);
    for end in ends {
        let sub = whole.slice(start..end);
        start = end + 1;
        if is_furniture(sub.text) {
            continue;
        }
        tracker.push_tokens(&sub, false, out);
    }
}

/// Page furniture inside tables: page numbers such as `-3-` or `第3页`
/// (white space ignored).
fn is_furniture(line: &str) -> bool {
    // Only the first character decides whether to look further: a dash or
    // 第 (every other line is no page number).
    let dash = |c: char| matches!(c, '-' | '－' | '—' | '–' | '―');
    let mut t = line
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{c}')
        .peekable();
    let skip = |t: &mut std::iter::Peekable<_>, f: &dyn Fn(char) -> bool| {
        let mut n = 0;
        while t.next_if(|c| f(*c)).is_some() {
            n += 1;
        }
        n
    };
    match t.peek() {
        // Dashes, digits, dashes: nothing else.
        Some(c) if dash(*c) => {
            skip(&mut t, &dash) > 0
                && skip(&mut t, &is_digit) > 0
                && skip(&mut t, &dash) > 0
                && t.next().is_none()
        }
        // 第, digits, then 页 alone or 页共….
        Some('第') => {
            t.next();
            skip(&mut t, &is_digit) > 0
                && t.next() == Some('页')
                && t.next().is_none_or(|c| c == '共')
        }
        _ => false,
    }
}

/// Text documents: grid tables from the reader, every other line re-read
/// from the source (so numbers the reader joined stay apart).
fn text_lines(doc: &Document) -> Vec<Line<'_>> {
    let mut grids: Vec<&Table> = doc
        .tables()
        .filter(|t| is_grid(t) && !t.span.is_empty())
        .collect();
    grids.sort_by_key(|t| t.span.start);
    let mut emitted = vec![false; grids.len()];
    let mut out = Vec::new();
    let mut tracker = Tracker::default();
    let mut gap = false;
    let mut pending: Vec<Item> = Vec::new();
    let mut offset = 0;
    let mut page = 0;
    // The lines, each with its `\n`, and the text after the last one.
    let src = doc.source.as_str();
    let ends = memchr::memchr_iter(b'\n', src.as_bytes())
        .map(|i| i + 1)
        .chain((!src.ends_with('\n') && !src.is_empty()).then_some(src.len()));
    for end in ends {
        let raw = src.get(offset..end).unwrap_or("");
        let start = offset;
        offset += raw.len();
        if memchr::memchr(0x0C, raw.as_bytes()).is_some() {
            page += 1;
        }
        if let Some(i) = grids
            .iter()
            .position(|t| t.span.start <= start && start < t.span.end)
        {
            flush_cells(&mut pending, &mut out, &mut gap);
            if let (Some(done), Some(t)) = (emitted.get_mut(i), grids.get(i)) {
                if !*done {
                    grid_lines(t, i, &mut out);
                    *done = true;
                }
            }
            continue;
        }
        let line = raw.trim_end_matches(['\n', '\r']);
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed == "\u{c}" {
            flush_cells(&mut pending, &mut out, &mut gap);
            gap = true;
            continue;
        }
        if is_furniture(line) {
            continue;
        }
        let before = out.len();
        let run = Piece::source(line, start);
        text_line(run, &mut pending, &mut tracker, &mut out, &mut gap);
        for l in out.iter_mut().skip(before) {
            l.page = page;
            if l.grid {
                continue;
            }
            let mut column = Column::default();
            for it in &mut l.items {
                let at = it.span().start.saturating_sub(start);
                let Some(from) = column.at(line, at) else {
                    continue;
                };
                it.col = Some((from, from + it.text().chars().count()));
            }
        }
    }
    flush_cells(&mut pending, &mut out, &mut gap);
    out
}

/// Character columns of byte offsets in one line, counted on from the
/// last offset asked (items come left to right, so a line costs one pass).
#[derive(Default)]
struct Column {
    /// The last byte offset asked.
    byte: usize,
    /// Its column: characters before it, form feeds not counted.
    col: usize,
}

impl Column {
    /// The column of byte offset `at` of `line`, or `None` when `at` is not
    /// a character boundary of it.
    fn at(&mut self, line: &str, at: usize) -> Option<usize> {
        line.get(..at)?;
        if at < self.byte {
            *self = Column::default();
        }
        let between = line.get(self.byte..at)?;
        self.col += chars_but_form_feeds(between);
        self.byte = at;
        Some(self.col)
    }
}

/// The number of characters of `s`, form feeds not counted.
fn chars_but_form_feeds(s: &str) -> usize {
    // Every character has one byte that is not a continuation byte.
    s.bytes()
        .filter(|&b| (b & 0xC0) != 0x80 && b != 0x0C)
        .count()
}

/// Emits the cells gathered from cell-per-line text as one grid row.
fn flush_cells<'a>(pending: &mut Vec<Item<'a>>, out: &mut Vec<Line<'a>>, gap: &mut bool) {
    if pending.is_empty() {
        return;
    }
    out.push(Line {
        items: std::mem::take(pending),
        grid: true,
        table: None,
        gap_before: *gap,
        page: 0,
    });
    *gap = false;
}

/// One source line of a text document: a markdown row, a cell of a
/// cell-per-line table, a tab-separated row, or plain text.
fn text_line<'a>(
    run: Piece<'a>,
    pending: &mut Vec<Item<'a>>,
    tracker: &mut Tracker,
    out: &mut Vec<Line<'a>>,
    gap: &mut bool,
) {
    let t = run.trimmed();
    let s = t.text;
    let cut = |a: usize, b: usize| t.slice(a..b).trimmed();
    if s.starts_with('|') && s.ends_with('|') && s.len() > 1 {
        flush_cells(pending, out, gap);
        let inner = &s[1..s.len() - 1];
        let is_rule = inner
            .chars()
            .all(|c| matches!(c, '|' | '-' | ':' | ' ' | '—'));
        if is_rule {
            return;
        }
        let mut items = Vec::new();
        let mut from = 1;
        for part in inner.split('|') {
            items.push(Item::new(cut(from, from + part.len()), false));
            from += part.len() + 1;
        }
        flush_cells(&mut items, out, gap);
        return;
    }
    if s.ends_with('|') {
        // One cell per line: `text |`; a row ends with `| |`.
        let first = s.find('|').unwrap_or(s.len());
        let rest = &s[first..];
        pending.push(Item::new(cut(0, first), false));
        if rest.matches('|').count() >= 2 {
            flush_cells(pending, out, gap);
        }
        return;
    }
    if !pending.is_empty() {
        // The last cell of a cell-per-line table may lack its bar.
        let item = Item::new(t, false);
        if item.value.is_value() {
            pending.push(item);
            flush_cells(pending, out, gap);
            return;
        }
        flush_cells(pending, out, gap);
    }
    if memchr::memchr(b'\t', s.as_bytes()).is_some() {
        // Leading tabs are empty cells: split the untrimmed line.
        let raw = run.text;
        let mut items = Vec::new();
        let mut from = 0;
        for part in raw.split('\t') {
            items.push(Item::new(
                run.slice(from..from + part.len()).trimmed(),
                false,
            ));
            from += part.len() + 1;
        }
        flush_cells(&mut items, out, gap);
        return;
    }
    // The trimmed line neither is empty nor ends in a bar, so its last
    // character is no token separator: it always has tokens, and takes the
    // gap.
    tracker.push_tokens(&t, std::mem::take(gap), out);
}

/// Whether a section may be in force yet, followed while lines are read, so
/// that the text lines before the first one that can open a section are not
/// tokenised at all.
///
/// Dropping such a line changes nothing [`regions`] returns: until a row
/// names a title or an anchor no section is in force, so its rows would go
/// to no section (text rows have no table kind), and it cannot name one
/// itself, since [`may_mark`] is false.
#[derive(Default)]
struct Tracker {
    /// A line that may name a title or an anchor has been pushed.
    open: bool,
    /// The lines before this one have been looked at.
    seen: usize,
    /// A buffer for normalized text.
    norm: String,
}

impl Tracker {
    /// Looks at the grid lines pushed since the last text line. A grid
    /// row's label joins some of its cells: without a mark in any cell it
    /// names no title or anchor.
    fn catch_up(&mut self, out: &[Line]) {
        if !self.open {
            self.open = out
                .iter()
                .skip(self.seen)
                .any(|line| line.grid && line.items.iter().any(|it| has_mark(it.text())));
        }
        self.seen = out.len();
    }

    /// Pushes the tokens of a text line as a line (when there are any),
    /// unless no section can be in force before it and it cannot open one.
    fn push_tokens<'a>(&mut self, piece: &Piece<'a>, gap_before: bool, out: &mut Vec<Line<'a>>) {
        self.catch_up(out);
        if !self.open {
            if !may_mark(piece.text, &mut self.norm) {
                return;
            }
            self.open = true;
        }
        let items = tokenize(piece);
        if !items.is_empty() {
            out.push(Line {
                items,
                grid: false,
                table: None,
                gap_before,
                page: 0,
            });
        }
        self.seen = out.len();
    }
}

/// Whether `s` holds one of the characters one of which every section title
/// (its numeral) and every anchor holds: 二 三 四 五 六, 勾 (本列数据的勾稽关系),
/// 收 (本年新收…) and 复 (未经复议直接起诉). Normalizing creates none of them.
///
/// A long text is searched for the marks together, with a vectorised
/// searcher (a text being valid UTF-8, a mark's three bytes stand in it only
/// as that character).
fn has_mark(s: &str) -> bool {
    static MARKS: LazyLock<Words> = LazyLock::new(|| Words::new(MARK_CHARS));
    if s.len() >= 64 {
        return MARKS.any_in(s);
    }
    let b = s.as_bytes();
    let mut i = 0;
    while let Some(&lead) = b.get(i) {
        if !(0xE0..0xF0).contains(&lead) {
            i += 1;
            continue;
        }
        // A three-byte character: the marks' UTF-8 encodings.
        let tail = (
            b.get(i + 1).copied().unwrap_or(0),
            b.get(i + 2).copied().unwrap_or(0),
        );
        let mark = match lead {
            0xE4 => matches!(tail, (0xBA, 0x8C) | (0xB8, 0x89) | (0xBA, 0x94)),
            0xE5 => matches!(
                tail,
                (0x9B, 0x9B) | (0x85, 0xAD) | (0x8B, 0xBE) | (0xA4, 0x8D)
            ),
            0xE6 => tail == (0x94, 0xB6),
            _ => false,
        };
        if mark {
            return true;
        }
        i += 3;
    }
    false
}

/// The characters [`has_mark`] looks for.
const MARK_CHARS: [&str; 8] = ["二", "三", "四", "五", "六", "勾", "收", "复"];

/// Whether some row of the text line `text` may name a section title or an
/// anchor (false only when none can).
///
/// A text row's label is a run of consecutive word tokens joined by spaces;
/// only white space, bars and no-break spaces stand between them in the
/// line. Normalizing folds character by character and drops white space, so
/// the normalized label is a substring of the normalized line with its bars
/// dropped; a title found in a substring makes [`label::may_hold_title`]
/// true for the whole, and an anchor in a substring is in the whole.
fn may_mark(text: &str, buf: &mut String) -> bool {
    if !has_mark(text) {
        return false;
    }
    buf.clear();
    label::normalize_into(text, buf);
    buf.retain(|c| c != '|');
    label::may_hold_title(buf) || ANCHOR_WORDS.any_in(buf)
}

/// Units a number in running text may carry (a short list: in run-together
/// text a longer one would eat the next label).
const TEXT_UNITS: &[&str] = &["万元", "元", "件", "条"];

/// Units taken only when a space or the line's end follows them (glued to
/// more words they begin a label).
const LOOSE_UNITS: &[&str] = &["人次", "项", "个", "次", "份"];

/// Where the number starting at byte `i` of `s` ends, or `None` when the
/// characters there are not a number (numbering such as `1.` or `（1）`
/// reads as text).
fn number_at(s: &str, i: usize) -> Option<usize> {
    let mut it = s[i..].chars();
    let c = it.next()?;
    let sign = matches!(cell::fold_char(c), '-' | '+');
    if !(is_digit(c) || (sign && it.next().is_some_and(is_digit))) {
        return None;
    }
    let (bare, mut end) = cell::scan_number(s, i).map(|(n, end)| (n.is_bare(), end))?;
    let next = s[end..].chars().next();
    let prev = s[..i].chars().next_back();
    if matches!(prev, Some('(' | '（')) && matches!(next, Some(')' | '）')) && bare {
        return None;
    }
    // Dates and percentages are prose, not cells.
    if matches!(next, Some('年' | '月' | '日' | '%' | '％' | '时')) {
        return None;
    }
    if bare && matches!(next, Some('.' | '．' | '、')) {
        let after = s[end..].chars().nth(1);
        if after.is_some_and(|a| !is_digit(a) && !a.is_whitespace()) {
            // The last digit numbers the next label (`…00000002.其他…`).
            let last = s[..end].char_indices().next_back().map(|(b, _)| b)?;
            if last <= i {
                return None;
            }
            return Some(last);
        }
    }
    if let Some(u) = TEXT_UNITS.iter().find(|u| s[end..].starts_with(*u)) {
        end += u.len();
    } else if let Some(u) = LOOSE_UNITS.iter().find(|u| {
        s[end..].strip_prefix(*u).is_some_and(|rest| {
            rest.chars()
                .next()
                .is_none_or(|c| c.is_whitespace() || c == '|')
        })
    }) {
        end += u.len();
    }
    Some(end)
}

/// Cuts a line of text into word tokens and number tokens.
fn tokenize<'a>(run: &Piece<'a>) -> Vec<Item<'a>> {
    let run = *run;
    let s = run.text;
    // Room for the few tokens most lines hold.
    let mut items = Vec::with_capacity(4);
    let mut text_start: Option<usize> = None;
    let mut i = 0;
    let flush = |items: &mut Vec<Item<'a>>, from: Option<usize>, to: usize| {
        if let Some(from) = from
            && from < to
        {
            items.push(Item::new(run.slice(from..to), false));
        }
    };
    let bytes = s.as_bytes();
    while let Some(&b) = bytes.get(i) {
        // A Han character (U+4000…U+9FFF, lead bytes E4…E9) or CJK
        // punctuation (U+3001…U+3FFF: lead byte E3, not the ideographic
        // space E3 80 80) is no space, bar, digit or sign: it starts or
        // continues a word.
        let cjk = match b {
            0xE4..=0xE9 => true,
            0xE3 => bytes.get(i + 1..i + 3) != Some(&[0x80, 0x80][..]),
            _ => false,
        };
        if cjk {
            text_start.get_or_insert(i);
            i += 3;
            continue;
        }
        let Some(c) = s[i..].chars().next() else {
            break;
        };
        if c.is_whitespace() || c == '|' || c == '\u{a0}' {
            flush(&mut items, text_start.take(), i);
            i += c.len_utf8();
            continue;
        }
        // A sign glued to a word is a hyphen, not a sign.
        let starts = text_start.is_none() || is_digit(c);
        if starts && let Some(end) = number_at(s, i) {
            flush(&mut items, text_start.take(), i);
            items.push(Item::new(run.slice(i..end), false));
            i = end;
            continue;
        }
        text_start.get_or_insert(i);
        i += c.len_utf8();
    }
    flush(&mut items, text_start.take(), s.len());
    items
}

/// Cuts lines into rows.
pub fn rows<'a>(lines: &'a [Line<'a>]) -> Vec<Row<'a>> {
    // About one row a line.
    let mut merged: Vec<usize> = lines
        .iter()
        .filter(|l| l.items.iter().any(|i| i.covered))
        .filter_map(|l| l.table)
        .collect();
    merged.dedup();
    let mut out = Vec::with_capacity(lines.len());
    for (n, line) in lines.iter().enumerate() {
        if line.grid {
            let positional = line.table.is_none_or(|t| !merged.contains(&t));
            grid_row(line, n, positional, &mut out);
        } else {
            text_rows(line, n, &mut out);
        }
    }
    out
}

fn grid_row<'a>(line: &'a Line<'a>, n: usize, positional: bool, out: &mut Vec<Row<'a>>) {
    let items = &line.items;
    let first_value = items
        .iter()
        .position(|it| matches!(it.value, CellValue::Number { .. } | CellValue::Absent));
    let label_end = match first_value {
        Some(f) => items[..f]
            .iter()
            .rposition(|it| it.value == CellValue::Text)
            .map_or(0, |l| l + 1),
        None => items
            .iter()
            .rposition(|it| it.value == CellValue::Text)
            .map_or(0, |l| l + 1),
    };
    let mut label = Label::default();
    let mut last: Option<&str> = None;
    for it in &items[..label_end] {
        let t = it.text().trim();
        if t.is_empty() || (it.covered && last == Some(t)) {
            continue;
        }
        label.push(t);
        last = Some(t);
    }
    // Sized for every cell after the label (covered copies are few).
    let mut slots: Vec<&Item> = Vec::with_capacity(items.len() - label_end);
    slots.extend(items[label_end..].iter().filter(|it| !it.covered));
    if label.is_empty() && slots.iter().all(|s| s.value == CellValue::Blank) {
        return;
    }
    out.push(Row {
        label: label.take(),
        label_end: None,
        slots,
        grid: true,
        table: line.table,
        cells: if positional { items } else { &[] },
        line: n,
        gap_before: line.gap_before,
        page: line.page,
    });
}

fn text_rows<'a>(line: &'a Line<'a>, n: usize, out: &mut Vec<Row<'a>>) {
    let mut label = Label::default();
    let mut label_end: Option<usize> = None;
    let mut slots: Vec<&Item> = Vec::new();
    let mut first = true;
    let mut push = |label: &mut Label<'a>,
                    label_end: &mut Option<usize>,
                    slots: &mut Vec<&'a Item<'a>>,
                    first: &mut bool| {
        if label.is_empty() && slots.is_empty() {
            return;
        }
        out.push(Row {
            label: label.take(),
            label_end: label_end.take(),
            slots: std::mem::take(slots),
            grid: false,
            table: None,
            cells: &[],
            line: n,
            gap_before: line.gap_before && *first,
            page: line.page,
        });
        *first = false;
    };
    for (k, it) in line.items.iter().enumerate() {
        if it.value == CellValue::Text {
            if !slots.is_empty() {
                push(&mut label, &mut label_end, &mut slots, &mut first);
            }
            label.push(it.text());
            label_end = it.col.map(|c| c.1);
        } else {
            if slots.is_empty() {
                // Room for this run of slots (up to the next word token).
                let run = line.items.get(k..).unwrap_or_default();
                slots.reserve_exact(
                    run.iter()
                        .take_while(|i| i.value != CellValue::Text)
                        .count(),
                );
            }
            slots.push(it);
        }
    }
    push(&mut label, &mut label_end, &mut slots, &mut first);
}

/// A row label gathered piece by piece, joined with spaces: borrowed while
/// it is one piece, copied only when a second one comes.
#[derive(Default)]
struct Label<'a> {
    /// The label while it is a single piece.
    one: &'a str,
    /// The pieces joined, once there are several.
    joined: String,
}

impl<'a> Label<'a> {
    /// Adds a piece after a space (no space before the first).
    fn push(&mut self, piece: &'a str) {
        if self.joined.is_empty() {
            if self.one.is_empty() {
                self.one = piece;
                return;
            }
            self.joined.reserve(self.one.len() + 1 + piece.len());
            self.joined.push_str(self.one);
        }
        self.joined.push(' ');
        self.joined.push_str(piece);
    }

    /// Whether no text has been pushed.
    fn is_empty(&self) -> bool {
        self.one.is_empty() && self.joined.is_empty()
    }

    /// The label, leaving this one empty.
    fn take(&mut self) -> Cow<'a, str> {
        let one = std::mem::take(&mut self.one);
        if self.joined.is_empty() {
            Cow::Borrowed(one)
        } else {
            Cow::Owned(std::mem::take(&mut self.joined))
        }
    }
}

/// The rows of each table section.
#[derive(Debug, Default)]
pub struct Regions<'a> {
    /// Rows under 二、主动公开政府信息情况.
    pub active: Vec<Row<'a>>,
    /// Rows under 三、收到和处理政府信息公开申请情况.
    pub requests: Vec<Row<'a>>,
    /// Rows under 四、…行政复议、行政诉讼情况.
    pub review: Vec<Row<'a>>,
    /// Section titles found, in any order.
    pub titles: Vec<Section>,
}

/// Words that say a grid table is table 二, 三 or 四.
const KIND_WORDS: &[(Section, &[&str])] = &[
    (
        Section::Active,
        &[
            "第二十条",
            "信息内容",
            "本年制发件数",
            "本年新制作数量",
            "处理决定数量",
            "行政事业性收费",
            "政府集中采购",
        ],
    ),
    (
        Section::Requests,
        &[
            "本年新收",
            "上年结转",
            "本年度办理结果",
            "不予公开",
            "不予处理",
            "其他处理",
            "结转下年度",
            "无法提供",
        ],
    ),
    (
        Section::Review,
        &["复议后起诉", "未经复议", "直接起诉", "尚未审结", "结果维持"],
    ),
];

/// Anchors inside a table that open its section when no title did.
const ANCHORS: &[(Section, &str)] = &[
    (Section::Active, "第二十条第(一)项"),
    (Section::Requests, "本列数据的勾稽关系"),
    (Section::Requests, "本年新收政府信息公开申请数量"),
    (Section::Review, "未经复议直接起诉"),
];

/// The anchors' words, to tell in one pass whether a text holds any.
static ANCHOR_WORDS: LazyLock<Words> = LazyLock::new(|| Words::new(ANCHORS.iter().map(|a| a.1)));

/// What a row's label says of sections: the titles it names, in order,
/// and which of [`ANCHORS`] it holds (bit `i` for the `i`-th). Row labels
/// repeat from report to report, so [`regions`] remembers them.
struct Marks {
    titles: Vec<Section>,
    anchors: u8,
}

impl Marks {
    fn of(row_label: &str) -> Marks {
        let norm = label::normalize(row_label);
        let titles = label::sections(&norm).into_iter().map(|(_, s)| s).collect();
        let mut anchors = 0;
        if ANCHOR_WORDS.any_in(&norm) {
            for (i, (_, anchor)) in ANCHORS.iter().enumerate() {
                if norm.contains(anchor) {
                    anchors |= 1 << i;
                }
            }
        }
        Marks { titles, anchors }
    }
}

/// Splits rows into the table sections by titles, anchors and the content
/// of grid tables.
pub fn regions(rows: Vec<Row<'_>>) -> Regions<'_> {
    let mut kinds: Vec<Option<Section>> = Vec::new();
    for row in &rows {
        let Some(t) = row.table else { continue };
        if kinds.len() <= t {
            kinds.resize(t + 1, None);
        }
    }
    let mut table_text: Vec<String> = vec![String::new(); kinds.len()];
    for row in &rows {
        if let Some(text) = row.table.and_then(|t| table_text.get_mut(t)) {
            label::normalize_into(&row.label, text);
        }
    }
    for (kind, text) in kinds.iter_mut().zip(&table_text) {
        let hits: Vec<Section> = KIND_WORDS
            .iter()
            .filter(|(_, words)| words.iter().any(|w| text.contains(w)))
            .map(|(s, _)| *s)
            .collect();
        if let [one] = hits.as_slice() {
            *kind = Some(*one);
        }
    }
    let mut out = Regions::default();
    let mut current: Option<Section> = None;
    thread_local! {
        static SEEN: RefCell<label::Seen<Marks>> = RefCell::new(label::Seen::default());
    }
    // Each row's section, first: the section lists are then made to size
    // (a row is large, and moving it again as a list grows costs a copy).
    let mut sections: Vec<Option<Section>> = Vec::with_capacity(rows.len());
    for row in &rows {
        // Every title and anchor holds a mark, and normalizing creates
        // none: a label without one moves no section.
        if has_mark(&row.label) {
            label::remembered(&SEEN, &row.label, Marks::of, |marks| {
                for s in &marks.titles {
                    if !out.titles.contains(s) {
                        out.titles.push(*s);
                    }
                }
                if let Some(s) = marks.titles.last() {
                    current = Some(*s);
                }
                for (i, (s, _)) in ANCHORS.iter().enumerate() {
                    if marks.anchors & (1 << i) != 0 && current.is_none_or(|c| c < *s) {
                        current = Some(*s);
                    }
                }
            });
        }
        sections.push(
            row.table
                .and_then(|t| kinds.get(t).copied().flatten())
                .or(current),
        );
    }
    let count = |s: Section| sections.iter().filter(|&&x| x == Some(s)).count();
    out.active.reserve_exact(count(Section::Active));
    out.requests.reserve_exact(count(Section::Requests));
    out.review.reserve_exact(count(Section::Review));
    for (row, section) in rows.into_iter().zip(sections) {
        match section {
            Some(Section::Active) => out.active.push(row),
            Some(Section::Requests) => out.requests.push(row),
            Some(Section::Review) => out.review.push(row),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tokens of a line as `label` / `#number` / `~` (absent).
    #[track_caller]
    fn check(line: &str, expected: &str) {
        let items = tokenize(&Piece::source(line, 0));
        let got: Vec<String> = items
            .iter()
            .map(|it| match &it.value {
                CellValue::Number { .. } => format!("#{}", it.text()),
                CellValue::Absent => "~".to_string(),
                _ => it.text().to_string(),
            })
            .collect();
        assert_eq!(got.join(" "), expected, "{line}");
    }

    #[test]
    fn tokens() {
        check(
            "规章000行政规范性文件8855698",
            "规章 #000 行政规范性文件 #8855698",
        );
        check(
            "（三）不予公开1.属于国家秘密00000002.其他法律行政法规禁止公开 0000000",
            "（三）不予公开1.属于国家秘密 #0000000 2.其他法律行政法规禁止公开 #0000000",
        );
        check(
            "8.属于行政查询事项2000002（四）无法提供",
            "8.属于行政查询事项 #2000002 （四）无法提供",
        );
        check(
            "行政事业性收费5949.088667三、收到",
            "行政事业性收费 #5949.088667 三、收到",
        );
        check("行政许可  7   -3   7", "行政许可 #7 #-3 #7");
        check("行政许可7-37", "行政许可 #7 #-37");
        check("政府集中采购  6  251000元", "政府集中采购 #6 #251000元");
        check("规章  /  —  无", "规章 ~ ~ ~");
        check("（1）规章 3", "（1）规章 #3");
        check("0 1 1 0 2 1 0 0 0 1", "#0 #1 #1 #0 #2 #1 #0 #0 #0 #1");
        check("3.5万元", "#3.5万元");
        check("行政许可 12项 -1项 11项", "行政许可 #12项 #-1项 #11项");
        check("规章0项目", "规章 #0 项目");
        check("2022年，共收到申请21件", "2022年，共收到申请 #21件");
        check("占51.85%", "占51.85%");
        check(
            "一、本年新收政府信息公开申请数量 713000074二、上年结转",
            "一、本年新收政府信息公开申请数量 #713000074 二、上年结转",
        );
    }

    #[test]
    fn marks() {
        let marks = ['二', '三', '四', '五', '六', '勾', '收', '复'];
        assert!(
            MARK_CHARS
                .iter()
                .map(|m| m.chars().next())
                .eq(marks.map(Some))
        );
        let long = "一".repeat(30);
        for c in marks {
            assert!(has_mark(&format!("a{c}b")), "{c}");
            assert!(has_mark(&format!("{long}{c}")), "{c}");
        }
        assert!(!has_mark(&long));
        let others =
            "一七八九十主动公开申请情况第条本列数据的稽关系年新未经议直接起诉、，。abc１２";
        for c in others.chars() {
            assert!(!has_mark(&c.to_string()), "{c}");
        }
        assert!(!has_mark(""));
    }

    proptest::proptest! {
        #[test]
        fn marks_as_characters(s in "[一二三四五六七勾收复本年a1é\u{10000}\u{4e8b}\u{4e0c}]{0,60}") {
            let marks = ['二', '三', '四', '五', '六', '勾', '收', '复'];
            proptest::prop_assert_eq!(has_mark(&s), s.contains(marks));
        }
    }

    #[test]
    fn furniture() {
        assert!(is_furniture("     -2-"));
        assert!(is_furniture("— 3 —"));
        assert!(is_furniture("第 4 页"));
        assert!(!is_furniture("-3"));
        assert!(!is_furniture("21"));
        assert!(is_furniture("第 3 页 共 9 页"));
        assert!(!is_furniture("第3页码"));
        assert!(!is_furniture("第3条"));
        assert!(!is_furniture("-3-4-"));
        assert!(!is_furniture("--3"));
    }

    /// A label joins its pieces as the `String` it replaced did: a space
    /// before each piece but while the label is still empty.
    #[test]
    fn label_joins_as_string() {
        let cases: [&[&str]; 6] = [
            &[],
            &["规章"],
            &["行政", "许可"],
            &["", "a"],
            &["a", "", "b"],
            &["", "", "c", "d"],
        ];
        for pieces in cases {
            let mut old = String::new();
            let mut new = Label::default();
            for p in pieces {
                if !old.is_empty() {
                    old.push(' ');
                }
                old.push_str(p);
                new.push(p);
                assert_eq!(new.is_empty(), old.is_empty(), "{pieces:?}");
            }
            assert_eq!(new.take(), old, "{pieces:?}");
            assert!(new.is_empty());
        }
    }

    #[test]
    fn text_forms() {
        let src = "规章 |\n0 |\n0 |\n0 | |\n| 行政许可 | 7 | -3 | 7 |\n|---|---|---|---|\n行政处罚\t1\t\t2\n";
        let doc = Document::from_blocks(src.to_string(), SourceFormat::Text, Vec::new());
        let lines = lines(&doc);
        let rows = rows(&lines);
        let got: Vec<(String, usize)> = rows
            .iter()
            .map(|r| (r.label.to_string(), r.slots.len()))
            .collect();
        assert_eq!(
            got,
            [
                ("规章".to_string(), 3),
                ("行政许可".to_string(), 3),
                ("行政处罚".to_string(), 3)
            ]
        );
    }
}
