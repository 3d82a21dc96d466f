//! Tables written as text, in every form the readers meet: one cell per line
//! ending in ` |`, markdown pipes, tab-separated columns, space-aligned
//! columns (`pdftotext -layout`) and plain pdftotext (one cell per line, no
//! separators at all).
//!
//! Forms with explicit separators are found first; aligned and plain tables
//! are then looked for among the lines left over. A table keeps going across
//! page furniture (page numbers, form feeds) so that a table broken by a
//! page break stays one table.

use super::lines::{self, Kind, Line};
use crate::document::{Cell, Table, TableForm};
use crate::span::{Span, TextRun};

/// Rows wider than this are not table rows (keeps pathological input cheap).
const MAX_CELLS: usize = 512;

/// A table and the lines it was read from.
pub(super) struct Region {
    /// Index of the table's first line.
    pub first: usize,
    /// Index of the table's last line.
    pub last: usize,
    /// The table.
    pub table: Table,
}

/// What the aligned and plain passes need to know about a line's fields.
#[derive(Clone, Copy, Debug, Default)]
struct Stats {
    /// Fields separated by wide gaps (0 for lines that are not text).
    fields: u16,
    /// Fields that are numbers.
    numeric: u16,
    /// The first field is a number.
    first_numeric: bool,
    /// Every field is a number or an empty-cell mark.
    all_values: bool,
    /// The last field is a number or an empty-cell mark.
    last_value: bool,
    /// Characters in the longest field.
    longest: u32,
}

/// Finds every table. Returns the tables in source order and, per line,
/// whether a table took it.
pub(super) fn find(src: &str, lines: &[Line], wrap: Option<u32>) -> (Vec<Region>, Vec<bool>) {
    let mut scan = Scan {
        src,
        lines,
        wrap,
        taken: vec![false; lines.len()],
        stats: Vec::new(),
        section: Vec::new(),
    };
    let mut regions = scan.explicit();
    scan.stats = lines.iter().map(|l| stats(src, l)).collect();
    scan.section = scan.sections();
    regions.extend(scan.aligned());
    regions.extend(scan.plain());
    regions.sort_by_key(|r| r.first);
    (regions, scan.taken)
}

/// Whether `s` holds the ASCII byte `b` (as `s.contains(char::from(b))`).
fn has_byte(s: &str, b: u8) -> bool {
    memchr::memchr(b, s.as_bytes()).is_some()
}

/// Field statistics of one line.
fn stats(src: &str, line: &Line) -> Stats {
    if line.kind != Kind::Text || !line.measurable() {
        return Stats::default();
    }
    let c = line.content(src);
    if !line.gap && !has_byte(c, b' ') {
        let numeric = lines::is_number(c);
        let value = numeric || lines::is_blank_mark(c);
        return Stats {
            fields: 1,
            numeric: u16::from(numeric),
            first_numeric: numeric,
            all_values: value,
            last_value: value,
            longest: line.chars,
        };
    }
    let mut st = Stats {
        all_values: true,
        ..Stats::default()
    };
    let cell = |a: usize, b: usize| {
        let f = c.get(a..b).unwrap_or("");
        let numeric = lines::is_number(f);
        if st.fields == 0 {
            st.first_numeric = numeric;
        }
        st.fields = st.fields.saturating_add(1);
        st.numeric = st.numeric.saturating_add(u16::from(numeric));
        let value = numeric || lines::is_blank_mark(f);
        st.all_values &= value;
        st.last_value = value;
        // The whole content's characters are counted already.
        let chars = if a == 0 && b == c.len() {
            line.chars
        } else {
            f.chars().count() as u32
        };
        st.longest = st.longest.max(chars);
    };
    if line.gap || has_byte(c, 0x0B) {
        lines::cells(c, cell);
    } else {
        // No tab and no two white-space characters in a row (the line
        // tells, but for a vertical tab, which it does not count): the
        // content is one field.
        lines::field_cells(c, 0, c.len(), cell);
    }
    if usize::from(st.fields) > MAX_CELLS {
        // Not a table row; report it as one long field.
        return Stats {
            fields: 1,
            longest: u32::MAX,
            ..Stats::default()
        };
    }
    st
}

/// The numeric value of a Chinese section number at the start of `s`
/// (`三` → 3, `十二` → 12).
fn cn_number(s: &str) -> Option<u32> {
    let mut total = 0u32;
    let mut cur = 0u32;
    let mut seen = false;
    for c in s.chars().take(6) {
        let d = match c {
            '零' | '〇' => 0,
            '一' => 1,
            '二' | '两' => 2,
            '三' => 3,
            '四' => 4,
            '五' => 5,
            '六' => 6,
            '七' => 7,
            '八' => 8,
            '九' => 9,
            '十' | '百' => {
                let unit = if c == '十' { 10 } else { 100 };
                total += if cur == 0 { unit } else { cur * unit };
                cur = 0;
                seen = true;
                continue;
            }
            _ => break,
        };
        cur = d;
        seen = true;
    }
    seen.then_some(total + cur)
}

/// Whether a trimmed line ends in a cell separator (`|` or `｜`).
fn ends_pipe(c: &str) -> bool {
    c.ends_with('|') || c.ends_with('｜')
}

/// Whether a line is a markdown table row: `| a | b |` with some content.
fn is_md_row(c: &str) -> bool {
    c.len() >= 3
        && c.starts_with('|')
        && c.ends_with('|')
        && c.chars().any(|ch| ch != '|' && !lines::is_space(ch))
}

/// Whether a line is a markdown separator row: `|---|:--:|`.
fn is_md_sep(c: &str) -> bool {
    c.contains('|')
        && c.contains('-')
        && c.chars()
            .all(|ch| matches!(ch, '|' | '-' | ':' | ' ' | '\t'))
}

/// The start (byte offset in `c`) of the trailing run of pipes and white
/// space, and how many pipes it holds.
fn trailing_pipes(c: &str) -> (usize, usize) {
    let mut start = c.len();
    let mut pipes = 0;
    for (i, ch) in c.char_indices().rev() {
        match ch {
            '|' | '｜' => pipes += 1,
            ch if lines::is_space(ch) => {}
            _ => break,
        }
        start = i;
    }
    (start, pipes)
}

/// A cell over the source bytes `start..end`, trimmed; a blank cell sits at
/// `start` with an empty span.
fn cell(src: &str, start: usize, end: usize) -> Cell {
    let raw = src.get(start..end).unwrap_or("");
    let t = raw.trim_start_matches(lines::is_space);
    let at = start + (raw.len() - t.len());
    let t = t.trim_end_matches(lines::is_space);
    if t.is_empty() {
        return Cell::new(TextRun::new(), Span::new(start, start));
    }
    let run = TextRun::verbatim(t, at);
    let span = run.span();
    Cell::new(run, span)
}

/// Builds a table from rows read off the lines `first..=last`.
fn region(
    lines: &[Line],
    first: usize,
    last: usize,
    rows: Vec<Vec<Cell>>,
    form: TableForm,
) -> Region {
    let start = lines.get(first).map_or(0, |l| l.cs);
    let end = lines.get(last).map_or(start, |l| l.ce);
    Region {
        first,
        last,
        table: Table {
            rows,
            form,
            span: Span::new(start, end),
        },
    }
}

/// The state of one search for tables.
struct Scan<'a> {
    src: &'a str,
    lines: &'a [Line],
    wrap: Option<u32>,
    taken: Vec<bool>,
    stats: Vec<Stats>,
    section: Vec<bool>,
}

impl Scan<'_> {
    fn line(&self, i: usize) -> Line {
        self.lines.get(i).copied().unwrap_or(Line {
            start: 0,
            end: 0,
            cs: 0,
            ce: 0,
            indent: 0,
            width: 0,
            chars: 0,
            kind: Kind::Blank,
            form_feed: false,
            gap: false,
        })
    }

    fn content(&self, i: usize) -> &str {
        self.lines.get(i).map_or("", |l| l.content(self.src))
    }

    fn stat(&self, i: usize) -> Stats {
        self.stats.get(i).copied().unwrap_or_default()
    }

    fn is_taken(&self, i: usize) -> bool {
        self.taken.get(i).copied().unwrap_or(true)
    }

    fn take(&mut self, r: &Region) {
        for t in self.taken.iter_mut().take(r.last + 1).skip(r.first) {
            *t = true;
        }
    }

    /// The first text line after `i`, and whether furniture came between.
    fn next_text(&self, i: usize) -> Option<(usize, bool)> {
        let mut furniture = false;
        for (k, l) in self.lines.iter().enumerate().skip(i + 1) {
            match l.kind {
                Kind::Text => return Some((k, furniture || l.form_feed)),
                Kind::Furniture => furniture = true,
                Kind::Blank => {}
            }
        }
        None
    }

    // ----- explicit separators -------------------------------------------

    /// Tables with explicit separators: markdown, one cell per line, tabs.
    fn explicit(&mut self) -> Vec<Region> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < self.lines.len() {
            let l = self.line(i);
            if l.kind != Kind::Text {
                i += 1;
                continue;
            }
            let c = l.content(self.src);
            let md_start = l.measurable()
                && (is_md_row(c)
                    || (has_byte(c, b'|')
                        && self
                            .lines
                            .get(i + 1)
                            .is_some_and(|n| n.measurable() && is_md_sep(n.content(self.src)))));
            let found = if md_start { self.markdown(i) } else { None };
            let found = match found {
                Some(r) => Some(r),
                None if ends_pipe(c) => self.cell_per_line(i),
                None if l.measurable() && has_byte(c, b'\t') => self.tabs(i),
                None => None,
            };
            match found {
                Some(r) => {
                    i = r.last + 1;
                    self.take(&r);
                    out.push(r);
                }
                None => i += 1,
            }
        }
        out
    }

    /// A markdown pipe table starting at line `i`.
    fn markdown(&self, i: usize) -> Option<Region> {
        let lead = self.content(i).starts_with('|');
        let mut rows = Vec::new();
        let mut last = i;
        let mut j = i;
        while let Some(l) = self.lines.get(j) {
            if l.kind != Kind::Text || !l.measurable() {
                break;
            }
            let c = l.content(self.src);
            if is_md_sep(c) {
                last = j;
                j += 1;
                continue;
            }
            if !(is_md_row(c) || (!lead && has_byte(c, b'|'))) {
                break;
            }
            let Some(row) = self.md_cells(l) else {
                break;
            };
            rows.push(row);
            last = j;
            j += 1;
        }
        (last > i && !rows.is_empty())
            .then(|| region(self.lines, i, last, rows, TableForm::Markdown))
    }

    /// The cells of a markdown row; `None` when it has too many.
    fn md_cells(&self, l: &Line) -> Option<Vec<Cell>> {
        let c = l.content(self.src);
        let b = c.as_bytes();
        let mut bounds = Vec::new();
        let mut from = 0;
        for (k, &x) in b.iter().enumerate() {
            if x == b'|' && (k == 0 || b.get(k - 1) != Some(&b'\\')) {
                bounds.push((from, k));
                from = k + 1;
                if bounds.len() > MAX_CELLS + 1 {
                    return None;
                }
            }
        }
        bounds.push((from, b.len()));
        let skip_first = usize::from(c.starts_with('|'));
        let ends_unescaped = c.ends_with('|') && !c.ends_with("\\|") && c.len() > 1;
        let take = bounds.len() - skip_first - usize::from(ends_unescaped);
        Some(
            bounds
                .into_iter()
                .skip(skip_first)
                .take(take)
                .map(|(a, z)| cell(self.src, l.cs + a, l.cs + z))
                .collect(),
        )
    }

    /// A table of one cell per line, each ending in ` |`, rows ending in
    /// `| |`, starting at line `i`.
    fn cell_per_line(&self, i: usize) -> Option<Region> {
        let mut rows = Vec::new();
        let mut row: Vec<Cell> = Vec::new();
        let mut pipe_lines = 0;
        let mut last = i;
        let mut j = i;
        while let Some(l) = self.lines.get(j) {
            match l.kind {
                Kind::Blank | Kind::Furniture => {
                    // A gap (a page break) inside the table: go on when
                    // the next text line is another cell.
                    match self.next_text(j) {
                        Some((k, _)) if ends_pipe(self.content(k)) => j = k,
                        _ => break,
                    }
                }
                Kind::Text => {
                    let c = l.content(self.src);
                    if ends_pipe(c) {
                        let (text_end, pipes) = trailing_pipes(c);
                        if text_end > 0 {
                            row.push(cell(self.src, l.cs, l.cs + text_end));
                        } else if pipes == 1 {
                            row.push(Cell::new(TextRun::new(), Span::new(l.cs, l.cs)));
                        }
                        if pipes >= 2 && !row.is_empty() {
                            rows.push(std::mem::take(&mut row));
                        }
                        pipe_lines += 1;
                    } else if !row.is_empty() && l.measurable() && lines::is_value(c) {
                        // The last row may end in bare values without pipes.
                        row.push(cell(self.src, l.cs, l.ce));
                    } else {
                        break;
                    }
                    last = j;
                    j += 1;
                }
            }
        }
        if !row.is_empty() {
            rows.push(row);
        }
        (pipe_lines >= 2).then(|| region(self.lines, i, last, rows, TableForm::CellPerLine))
    }

    /// A tab-separated table starting at line `i` (two or more lines).
    fn tabs(&self, i: usize) -> Option<Region> {
        let is_row = |l: &Line| {
            l.kind == Kind::Text && l.measurable() && has_byte(l.content(self.src), b'\t')
        };
        let mut rows = Vec::new();
        let mut last = i;
        let mut j = i;
        while let Some(l) = self.lines.get(j) {
            if is_row(l) {
                let raw = l.raw(self.src);
                if raw.bytes().filter(|&b| b == b'\t').count() >= MAX_CELLS {
                    break;
                }
                let mut from = 0;
                let mut row = Vec::new();
                for piece in raw.split('\t') {
                    row.push(cell(self.src, l.start + from, l.start + from + piece.len()));
                    from += piece.len() + 1;
                }
                rows.push(row);
                last = j;
                j += 1;
                continue;
            }
            if l.kind == Kind::Text {
                break;
            }
            // Only a page break may interrupt a tab table.
            match self.next_text(j) {
                Some((k, true)) if self.lines.get(k).is_some_and(is_row) => j = k,
                _ => break,
            }
        }
        (rows.len() >= 2).then(|| region(self.lines, i, last, rows, TableForm::Tabs))
    }

    // ----- outline --------------------------------------------------------

    /// Marks the lines that are top-level section headings (`三、…`): a
    /// level-1 heading whose number follows the previous section's and
    /// which is not followed by a number (a table row label such as
    /// `四、结转下年度继续办理` is). Tables never run across these.
    fn sections(&self) -> Vec<bool> {
        let mut flags = vec![false; self.lines.len()];
        let mut last = 0u32;
        for (i, flag) in flags.iter_mut().enumerate() {
            let l = self.line(i);
            if l.kind != Kind::Text || self.is_taken(i) || l.ce - l.cs > 240 {
                continue;
            }
            let st = self.stat(i);
            if st.fields >= 2 && st.numeric >= 1 {
                continue;
            }
            let c = l.content(self.src);
            if lines::heading_level(c) != Some(1) {
                continue;
            }
            let Some(n) = cn_number(c) else {
                continue;
            };
            if n > last && n <= last + 2 && !self.number_follows(i) {
                *flag = true;
                last = n;
            }
        }
        flags
    }

    /// Whether the next text line after `i` starts with a number.
    fn number_follows(&self, i: usize) -> bool {
        self.lines
            .iter()
            .enumerate()
            .skip(i + 1)
            .take(64)
            .find(|(_, l)| l.kind == Kind::Text)
            .is_some_and(|(k, _)| self.stat(k).first_numeric)
    }

    /// Whether line `i` is prose-free and short: a label or header line.
    fn is_label(&self, i: usize, max_chars: u32) -> bool {
        let l = self.line(i);
        let c = l.content(self.src);
        l.kind == Kind::Text
            && l.measurable()
            && l.chars <= max_chars
            && !c.contains('。')
            && !lines::ends_sentence(c)
    }

    // ----- space-aligned --------------------------------------------------

    /// Whether line `i` is a row of an aligned table: two or more fields,
    /// one of them a number, the last a value, none of them prose.
    fn is_anchor(&self, i: usize) -> bool {
        let st = self.stat(i);
        !self.is_taken(i) && st.fields >= 2 && st.numeric >= 1 && st.last_value && st.longest <= 40
    }

    /// Space-aligned tables (pdftotext `-layout`).
    fn aligned(&mut self) -> Vec<Region> {
        let anchors: Vec<usize> = (0..self.lines.len())
            .filter(|&i| self.is_anchor(i))
            .collect();
        let mut out = Vec::new();
        let mut g = 0;
        while let Some(&first_anchor) = anchors.get(g) {
            let mut last_anchor = first_anchor;
            let mut count = 1;
            let mut h = g + 1;
            while let Some(&next) = anchors.get(h) {
                if !self.aligned_gap(last_anchor, next) {
                    break;
                }
                last_anchor = next;
                count += 1;
                h += 1;
            }
            g = h;
            let first = self.extend_back(first_anchor);
            let headers = (first..=last_anchor)
                .filter(|&k| {
                    let st = self.stat(k);
                    st.fields >= 2 && st.numeric == 0
                })
                .count();
            if count >= 2 || headers >= 1 {
                let rows = self.aligned_rows(first, last_anchor);
                let r = region(self.lines, first, last_anchor, rows, TableForm::Aligned);
                self.take(&r);
                out.push(r);
            }
        }
        out
    }

    /// Whether the lines between two anchors can sit inside one table:
    /// blank lines, page furniture, header lines and a few short labels.
    fn aligned_gap(&self, a: usize, b: usize) -> bool {
        let mut labels = 0;
        for k in a + 1..b {
            let l = self.line(k);
            match l.kind {
                Kind::Blank | Kind::Furniture => continue,
                Kind::Text => {}
            }
            if self.is_taken(k) || self.section.get(k).copied().unwrap_or(true) {
                return false;
            }
            labels += 1;
            if labels > 8 {
                return false;
            }
            if self.stat(k).fields >= 2 {
                continue;
            }
            if !self.is_label(k, 40) {
                return false;
            }
        }
        true
    }

    /// Walks back from an anchor over the table's header and title lines.
    fn extend_back(&self, anchor: usize) -> usize {
        let mut first = anchor;
        let mut labels = 0;
        let mut k = anchor;
        while k > 0 && anchor - k < 40 {
            k -= 1;
            let l = self.line(k);
            match l.kind {
                Kind::Blank | Kind::Furniture => continue,
                Kind::Text => {}
            }
            if self.is_taken(k) || self.section.get(k).copied().unwrap_or(true) {
                break;
            }
            let st = self.stat(k);
            let header = st.fields >= 2 && st.numeric == 0;
            let label = st.fields <= 1
                && self.is_label(k, 30)
                && lines::heading_level(l.content(self.src)).is_none()
                && self.wrap.is_none_or(|w| l.width + 2 < w);
            if !(header || label) {
                break;
            }
            labels += 1;
            if labels > 10 {
                break;
            }
            first = k;
        }
        first
    }

    /// The cells of one aligned line.
    fn field_cells(&self, l: &Line) -> Vec<Cell> {
        let c = l.content(self.src);
        let mut out = Vec::new();
        lines::cells(c, |a, b| out.push(cell(self.src, l.cs + a, l.cs + b)));
        out
    }

    /// Rows of an aligned table: one per line, except that label lines
    /// directly above a row of bare numbers become that row's first cell
    /// (pdftotext puts a wrapped label's values on a line of their own).
    fn aligned_rows(&self, first: usize, last: usize) -> Vec<Vec<Cell>> {
        let mut rows = Vec::new();
        let mut pending: Vec<usize> = Vec::new();
        let flush = |pending: &mut Vec<usize>, rows: &mut Vec<Vec<Cell>>| {
            for k in pending.drain(..) {
                let l = self.line(k);
                rows.push(vec![cell(self.src, l.cs, l.ce)]);
            }
        };
        for k in first..=last {
            let l = self.line(k);
            match l.kind {
                Kind::Blank | Kind::Furniture => {
                    flush(&mut pending, &mut rows);
                    continue;
                }
                Kind::Text => {}
            }
            let st = self.stat(k);
            if st.fields >= 2 || st.numeric >= 1 {
                let cells = self.field_cells(&l);
                if st.first_numeric && st.all_values && !pending.is_empty() {
                    let mut run = TextRun::new();
                    let mut prev: Option<Line> = None;
                    for &p in &pending {
                        let pl = self.line(p);
                        super::append_line(&mut run, self.src, prev.as_ref(), &pl);
                        prev = Some(pl);
                    }
                    pending.clear();
                    let span = run.span();
                    let mut row = vec![Cell::new(run, span)];
                    row.extend(cells);
                    rows.push(row);
                } else {
                    flush(&mut pending, &mut rows);
                    rows.push(cells);
                }
            } else {
                pending.push(k);
            }
        }
        flush(&mut pending, &mut rows);
        rows
    }

    // ----- plain pdftotext ------------------------------------------------

    /// Whether line `i` may sit in a plain table: a short label, header or
    /// number (or a blank line, or page furniture).
    fn plain_ok(&self, i: usize) -> bool {
        let l = self.line(i);
        if self.is_taken(i) {
            return false;
        }
        match l.kind {
            Kind::Blank | Kind::Furniture => true,
            Kind::Text => {
                !self.section.get(i).copied().unwrap_or(true)
                    && self.is_label(i, 40)
                    && self.wrap.is_none_or(|w| l.width + 6 < w)
            }
        }
    }

    /// Plain pdftotext tables: runs of short lines, many of them bare
    /// numbers, read as one cell per row in source order.
    fn plain(&mut self) -> Vec<Region> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < self.lines.len() {
            if self.line(i).kind != Kind::Text || !self.plain_ok(i) {
                i += 1;
                continue;
            }
            let mut end = i;
            let mut j = i;
            while j < self.lines.len() && self.plain_ok(j) {
                if self.line(j).kind == Kind::Text {
                    end = j;
                }
                j += 1;
            }
            if let Some(r) = self.plain_run(i, end) {
                self.take(&r);
                out.push(r);
            }
            i = j.max(i + 1);
        }
        out
    }

    /// Reads the run of lines `first..=last` as a plain table when enough
    /// of it is numbers.
    fn plain_run(&self, mut first: usize, last: usize) -> Option<Region> {
        let texts = || (first..=last).filter(|&k| self.line(k).kind == Kind::Text);
        let count = texts().count();
        let numbers = texts()
            .filter(|&k| lines::is_number(self.content(k)))
            .count();
        if count < 6 || numbers < 4 || numbers * 4 < count {
            return None;
        }
        // A heading at the start of the run is the table's heading, not a row.
        while first < last
            && lines::heading_level(self.content(first)).is_some()
            && !self.number_follows(first)
        {
            first = self.next_text(first).map_or(last, |(k, _)| k.min(last));
        }
        let rows = (first..=last)
            .filter(|&k| self.line(k).kind == Kind::Text)
            .map(|k| {
                let l = self.line(k);
                vec![cell(self.src, l.cs, l.ce)]
            })
            .collect();
        Some(region(self.lines, first, last, rows, TableForm::Plain))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn section_numbers() {
        assert_eq!(cn_number("三、收到"), Some(3));
        assert_eq!(cn_number("十二、其他"), Some(12));
        assert_eq!(cn_number("二十、"), Some(20));
        assert_eq!(cn_number("收到"), None);
    }

    #[test]
    fn pipes() {
        assert_eq!(trailing_pipes("0 | ||"), (1, 3));
        assert_eq!(trailing_pipes("| |"), (0, 2));
        assert_eq!(trailing_pipes("规章 |"), ("规章".len(), 1));
        assert!(is_md_row("| a | b |"));
        assert!(!is_md_row("| ||||"));
        assert!(is_md_sep("|---|:-:|"));
        assert!(!is_md_sep("| ||"));
    }
}
