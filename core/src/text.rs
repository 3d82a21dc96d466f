//! Plain text to blocks: crawler text (one paragraph per line), pdftotext
//! output (plain and `-layout`, hard-wrapped, with page numbers) and
//! markdown.
//!
//! The reader splits the source into lines with exact byte offsets, finds
//! the tables first (module `tables`), then reads the remaining lines as the
//! title, headings and paragraphs. Hard-wrapped lines are joined into one
//! paragraph, and page furniture (`-1-`, `第 3 页`, form feeds) is dropped so
//! that a paragraph or table broken by a page break reads on. Every run is
//! built from verbatim slices of the source, so `span_of` maps any
//! substring back exactly.
//!
//! How much to join depends on what the text is: when most lines share one
//! width the text is hard-wrapped and a line is joined to the next when it
//! is full and does not end a sentence; text with page numbers but no clear
//! width is joined whenever a line does not end a sentence; crawler text
//! keeps one paragraph per line unless a line visibly breaks mid-clause.

mod lines;
mod tables;

use crate::document::{Block, BlockKind};
use crate::outline;
use crate::span::TextRun;
use lines::{Kind, Line};

/// Lines further than this (non-empty lines) into the document are never
/// the title.
const TITLE_WINDOW: usize = 15;

/// Parses plain text into blocks. Returns the blocks in source order and
/// the warnings met (none so far: text always reads).
pub fn parse(source: &str) -> (Vec<Block>, Vec<String>) {
    let lines = lines::split(source);
    let wrap = wrap_width(source, &lines);
    // PDF text: form feeds, or page numbers on more than one page (a lone
    // `1/12` in crawler text is more likely a date than a page).
    let pdf = lines.iter().any(|l| l.form_feed)
        || lines
            .iter()
            .filter(|l| l.kind == Kind::Furniture)
            .take(2)
            .count()
            >= 2;
    let (regions, taken) = tables::find(source, &lines, wrap);
    let title = find_title(source, &lines, &taken);
    let mut reader = Reader {
        src: source,
        lines: &lines,
        mode: match (wrap, pdf) {
            (Some(w), _) => Mode::Wrapped(w),
            (None, true) => Mode::Pdf,
            (None, false) => Mode::Crawler,
        },
        blocks: Vec::new(),
        open: None,
    };
    let mut regions = regions.into_iter().peekable();
    let mut gap = Gap::default();
    let mut i = 0;
    while let Some(line) = lines.get(i) {
        if regions.peek().is_some_and(|r| r.first <= i) {
            reader.close();
            if let Some(r) = regions.next() {
                i = i.max(r.last + 1);
                let span = r.table.span;
                reader.blocks.push(Block {
                    kind: BlockKind::Table(r.table),
                    span,
                });
            }
            gap = Gap::default();
            continue;
        }
        match line.kind {
            Kind::Blank => gap.blank = true,
            Kind::Furniture => gap.page = true,
            Kind::Text => {
                gap.page |= line.form_feed;
                if let Some((first, last)) = title.filter(|t| t.0 == i) {
                    reader.close();
                    reader.title(first, last);
                    i = last + 1;
                    gap = Gap::default();
                    continue;
                }
                reader.line(i, gap);
                gap = Gap::default();
            }
        }
        i += 1;
    }
    reader.close();
    (reader.blocks, Vec::new())
}

/// What separates two text lines.
#[derive(Clone, Copy, Debug, Default)]
struct Gap {
    /// One or more blank lines.
    blank: bool,
    /// A page break (page number or form feed).
    page: bool,
}

/// How the text was laid out, which decides how lines join.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    /// Hard-wrapped at this many display columns.
    Wrapped(u32),
    /// PDF text without a clear wrap width.
    Pdf,
    /// One paragraph per line.
    Crawler,
}

/// The block being built.
struct Open {
    run: TextRun,
    /// `Some(level)` for a heading.
    level: Option<u8>,
    /// Index of the last line taken.
    last: usize,
}

/// Turns text lines into headings and paragraphs.
struct Reader<'a> {
    src: &'a str,
    lines: &'a [Line],
    mode: Mode,
    blocks: Vec<Block>,
    open: Option<Open>,
}

impl Reader<'_> {
    /// Ends the open block.
    fn close(&mut self) {
        let Some(open) = self.open.take() else {
            return;
        };
        let span = open.run.span();
        let kind = match open.level {
            Some(level) => BlockKind::Heading {
                level,
                text: open.run,
            },
            None => BlockKind::Paragraph(open.run),
        };
        self.blocks.push(Block { kind, span });
    }

    /// Emits the title made of lines `first..=last`.
    fn title(&mut self, first: usize, last: usize) {
        let mut run = TextRun::new();
        let mut prev: Option<Line> = None;
        for line in self.lines.iter().take(last + 1).skip(first) {
            if line.kind != Kind::Text {
                continue;
            }
            if prev.is_none() {
                let c = line.content(self.src);
                let skip = title_label(c);
                let mut trimmed = *line;
                trimmed.cs += skip;
                append_line(&mut run, self.src, None, &trimmed);
            } else {
                append_line(&mut run, self.src, prev.as_ref(), line);
            }
            prev = Some(*line);
        }
        let span = run.span();
        self.blocks.push(Block {
            kind: BlockKind::Heading {
                level: 0,
                text: run,
            },
            span,
        });
    }

    /// Reads text line `i`, which follows the previous text line across `gap`.
    fn line(&mut self, i: usize, gap: Gap) {
        let Some(line) = self.lines.get(i).copied() else {
            return;
        };
        let c = line.content(self.src);
        // In hard-wrapped text a full numbered line with a comma that runs
        // on (`1.加强组织领导，我局高度重视…`) opens a paragraph.
        let runs_on = |w: u32| {
            line.cols() + 6 >= w
                && line.width * 2 >= w
                && c.contains(['，', ','])
                && !lines::ends_sentence(c)
        };
        let heading = heading_of(c).filter(|_| match self.mode {
            Mode::Wrapped(w) => !runs_on(w),
            _ => true,
        });
        if let Some((level, skip)) = heading {
            self.close();
            let mut start = line;
            start.cs += skip;
            let mut run = TextRun::new();
            append_line(&mut run, self.src, None, &start);
            self.open = Some(Open {
                run,
                level: Some(level),
                last: i,
            });
            return;
        }
        if let Some(mut open) = self.open.take() {
            let prev = self.lines.get(open.last).copied();
            if let Some(prev) = prev.filter(|p| self.joins(&open, p, &line, gap)) {
                append_line(&mut open.run, self.src, Some(&prev), &line);
                open.last = i;
                self.open = Some(open);
                return;
            }
            self.open = Some(open);
            self.close();
        }
        let mut run = TextRun::new();
        append_line(&mut run, self.src, None, &line);
        self.open = Some(Open {
            run,
            level: None,
            last: i,
        });
    }

    /// Whether line `b` continues the open block, whose last line is `a`.
    fn joins(&self, open: &Open, a: &Line, b: &Line, gap: Gap) -> bool {
        if gap.blank && !gap.page {
            return false;
        }
        let ac = a.content(self.src);
        let bc = b.content(self.src);
        // A full line reaches the right margin from near the left one.
        let full = |w: u32| a.cols() + 6 >= w && a.width * 2 >= w;
        let end = lines::end_of(ac);
        // In hard-wrapped text a full line ending in `；` or `：` is still
        // mid-paragraph; anywhere else those end the line's unit.
        let ended = match (end, self.mode) {
            (lines::End::Open, _) => false,
            (lines::End::Clause, Mode::Wrapped(w)) => !full(w),
            _ => true,
        };
        if starts_item(bc) || ended {
            return false;
        }
        // An indented line opens a new paragraph.
        if b.indent >= 2 && b.indent > a.indent {
            return false;
        }
        if open.level.is_some() {
            // A heading wrapped onto a second line.
            return match self.mode {
                Mode::Wrapped(w) => full(w) && b.chars <= 20 && !bc.contains('。'),
                _ => false,
            };
        }
        match self.mode {
            Mode::Wrapped(w) => full(w),
            // Without a wrap width, bare numbers never join: "0" and "21"
            // on two lines are two values, not "021".
            Mode::Pdf => !lines::is_value(ac) && !lines::is_value(bc),
            Mode::Crawler => breaks_mid_clause(ac, bc),
        }
    }
}

/// Appends line `line`'s content to `run`. When `prev` (the line before)
/// ends in a Latin letter and `line` starts with one, the line break between
/// them becomes one space, mapped to an empty span where the break begins
/// (a one-byte space mapped to a one-byte `\n` would read as verbatim text
/// that differs from its source); otherwise nothing is inserted, as Chinese
/// needs no space and a number wrapped mid-way must read whole again.
fn append_line(run: &mut TextRun, src: &str, prev: Option<&Line>, line: &Line) {
    let text = src.get(line.cs..line.ce).unwrap_or("");
    if text.is_empty() {
        return;
    }
    if let Some(prev) = prev {
        let before = run.as_str().chars().next_back();
        let after = text.chars().next();
        let latin_before = before.is_some_and(|c| c.is_ascii_alphabetic() || c == ',');
        let latin_after = after.is_some_and(|c| c.is_ascii_alphabetic());
        if latin_before && latin_after {
            run.push_mapped(" ", prev.ce, 0);
        }
    }
    run.push_verbatim(text, line.cs);
}

/// Whether a crawler line visibly breaks mid-clause: it ends in a comma or
/// an opening mark, or the next line starts with closing punctuation.
fn breaks_mid_clause(a: &str, b: &str) -> bool {
    let ends_open = a
        .chars()
        .next_back()
        .is_some_and(|c| matches!(c, '，' | '、' | ',' | '（' | '(' | '《' | '“' | '‘' | '—'));
    let starts_closed = b.chars().next().is_some_and(|c| {
        matches!(
            c,
            '，' | '。'
                | '、'
                | '；'
                | '：'
                | '？'
                | '！'
                | '）'
                | '》'
                | '”'
                | '’'
                | ','
                | ';'
                | ')'
        )
    });
    ends_open || starts_closed
}

/// Whether a line opens a list item (numbered or bulleted), which never
/// continues the paragraph before it.
fn starts_item(s: &str) -> bool {
    let mut chars = s.chars();
    let first = chars.next();
    if first.is_some_and(|c| {
        matches!(
            c,
            '•' | '●' | '○' | '■' | '□' | '◆' | '◇' | '▪' | '►' | '➢' | '※'
        )
    }) {
        return true;
    }
    if matches!(first, Some('-' | '*' | '+')) && chars.next() == Some(' ') {
        return true;
    }
    lines::numbering(s).is_some()
}

/// The heading level of a line and how many leading bytes (markdown `#`
/// marks) are not part of its text.
fn heading_of(c: &str) -> Option<(u8, usize)> {
    if c.len() > 240 {
        return None;
    }
    let (hashes, body) = atx(c);
    let skip = c.len() - body.len();
    if let Some(level) = lines::heading_level(body) {
        return Some((level, skip));
    }
    (hashes > 0 && !body.is_empty()).then_some((hashes.min(4), skip))
}

/// Splits a markdown ATX heading (`## 标题`) into its level and text; a line
/// that is not one gives level 0 and itself.
fn atx(c: &str) -> (u8, &str) {
    let hashes = c.bytes().take_while(|&b| b == b'#').count();
    if hashes == 0 || hashes > 6 {
        return (0, c);
    }
    let rest = c.get(hashes..).unwrap_or("");
    if !rest.starts_with([' ', '\t']) {
        return (0, c);
    }
    (hashes as u8, rest.trim_start_matches(lines::is_space))
}

/// Bytes of a crawler's `标题:` label in front of a title line.
fn title_label(c: &str) -> usize {
    let (_, body) = atx(c);
    let mut skip = c.len() - body.len();
    if let Some(rest) = body.strip_prefix("标题") {
        let rest2 = rest.trim_start_matches(lines::is_space);
        if let Some(after) = rest2.strip_prefix([':', '：']) {
            let after = after.trim_start_matches(lines::is_space);
            if !after.is_empty() {
                skip = c.len() - after.len();
            }
        }
    }
    skip
}

/// Whether the text names a year (`2023年`, `2023 年度`).
fn has_year(s: &str) -> bool {
    let b = s.as_bytes();
    (0..b.len().saturating_sub(3)).any(|k| {
        let digits = b
            .get(k..k + 4)
            .is_some_and(|d| d.iter().all(u8::is_ascii_digit));
        let before_ok = k == 0 || !b.get(k - 1).is_some_and(u8::is_ascii_digit);
        digits
            && before_ok
            && s.get(k + 4..)
                .is_some_and(|rest| rest.trim_start_matches(' ').starts_with('年'))
    })
}

/// Whether a short line is only the name of an issuing body (written above
/// the title line in many PDFs).
fn name_like(s: &str) -> bool {
    let n = s.chars().count();
    (3..=20).contains(&n)
        && s.chars().all(|c| {
            ('\u{4e00}'..='\u{9fff}').contains(&c) || matches!(c, '·' | '（' | '）' | '(' | ')')
        })
        && crate::names::has_body_suffix(s)
}

/// The lines that make the document's title: the first early line (before
/// the first `一、` heading, within the first [`TITLE_WINDOW`] non-empty
/// lines) that reads as a report title, or two adjacent lines that do
/// together (an agency name above the title, or a title wrapped in two).
/// A candidate naming a year wins over one that does not.
fn find_title(src: &str, lines: &[Line], taken: &[bool]) -> Option<(usize, usize)> {
    let usable = |i: usize| {
        lines.get(i).is_some_and(|l| {
            l.kind == Kind::Text
                && !taken.get(i).copied().unwrap_or(true)
                && l.ce - l.cs <= 320
                && lines::heading_level(atx(l.content(src)).1).is_none()
        })
    };
    let text = |i: usize| lines.get(i).map_or("", |l| atx(l.content(src)).1);
    let mut candidates: Vec<(usize, usize)> = Vec::new();
    let mut seen = 0;
    for (i, l) in lines.iter().enumerate() {
        if l.kind != Kind::Text {
            continue;
        }
        seen += 1;
        if seen > TITLE_WINDOW {
            break;
        }
        if lines::heading_level(l.content(src)) == Some(1) {
            break;
        }
        if !usable(i) {
            continue;
        }
        let c = text(i);
        if outline::is_title(c) {
            candidates.push((i, i));
            continue;
        }
        if usable(i + 1) {
            let d = text(i + 1);
            let joined = format!("{c}{d}");
            let short = c.chars().count() <= 40 && d.chars().count() <= 40;
            let named = name_like(c) && !d.contains(c);
            if outline::is_title(&joined) && (named || (short && !outline::is_title(d))) {
                candidates.push((i, i + 1));
            }
        }
    }
    let joined = |&(a, b): &(usize, usize)| (a..=b).map(text).collect::<String>();
    candidates
        .iter()
        .find(|t| has_year(&joined(t)))
        .or(candidates.first())
        .copied()
}

/// The width lines are hard-wrapped at, when the text is hard-wrapped:
/// the display width most single-column lines end near.
fn wrap_width(src: &str, lines: &[Line]) -> Option<u32> {
    const MIN: usize = 20;
    const MAX: usize = 400;
    let mut hist = vec![0u32; MAX + 1];
    let mut total = 0u32;
    for l in lines {
        let cols = l.cols() as usize;
        if l.kind == Kind::Text
            && !l.gap
            && (MIN..=MAX).contains(&cols)
            && !l.content(src).ends_with('|')
            && let Some(h) = hist.get_mut(cols)
        {
            *h += 1;
            total += 1;
        }
    }
    let at = |w: usize| hist.get(w).copied().unwrap_or(0);
    let (mut best, mut best_hi, mut window) = (0u32, 0usize, 0u32);
    for w in MIN..=MAX {
        window += at(w);
        if w >= MIN + 7 {
            window -= at(w - 7);
        }
        if window >= best && window > 0 {
            best = window;
            best_hi = w;
        }
    }
    if best < 5 || best * 4 < total {
        return None;
    }
    let lo = best_hi.saturating_sub(6).max(MIN);
    (lo..=best_hi).max_by_key(|&w| (at(w), w)).map(|w| w as u32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Cell, TableForm};
    use proptest::prelude::*;

    /// A compact rendering of blocks: `H1 text`, `P text`, and tables as
    /// `T<form> a|b / c|d` (blank cells as `_`).
    fn render(src: &str) -> Vec<String> {
        let (blocks, _) = parse(src);
        blocks
            .iter()
            .map(|b| match &b.kind {
                BlockKind::Heading { level, text } => format!("H{level} {}", text.as_str()),
                BlockKind::Paragraph(t) => format!("P {}", t.as_str()),
                BlockKind::Table(t) => {
                    let rows: Vec<String> = t
                        .rows
                        .iter()
                        .map(|r| {
                            r.iter()
                                .map(|c: &Cell| if c.is_blank() { "_" } else { c.as_str() })
                                .collect::<Vec<_>>()
                                .join("|")
                        })
                        .collect();
                    format!("T{:?} {}", t.form, rows.join(" / "))
                }
            })
            .collect()
    }

    #[track_caller]
    fn check(src: &str, expected: &[&str]) {
        assert_eq!(render(src), expected);
        assert_maps(src);
    }

    /// Every run maps back exactly: verbatim segments equal their source,
    /// mapped segments stand for white space, spans are in bounds.
    #[track_caller]
    fn assert_maps(src: &str) {
        let (blocks, _) = parse(src);
        let mut runs: Vec<&TextRun> = Vec::new();
        for b in &blocks {
            assert!(src.get(b.span.range()).is_some(), "block span {:?}", b.span);
            match &b.kind {
                BlockKind::Heading { text, .. } | BlockKind::Paragraph(text) => runs.push(text),
                BlockKind::Table(t) => {
                    for c in t.rows.iter().flatten() {
                        assert!(src.get(c.span.range()).is_some());
                        runs.push(&c.text);
                    }
                }
            }
        }
        for run in runs {
            assert_eq!(run.as_str(), run.as_str().trim_matches(lines::is_space));
            for seg in run.map().segments() {
                let text = run
                    .as_str()
                    .get(seg.text_start..seg.text_start + seg.text_len);
                let source = src.get(seg.src_start..seg.src_start + seg.src_len);
                assert!(text.is_some() && source.is_some(), "{seg:?}");
                if seg.verbatim {
                    assert_eq!(text, source);
                } else {
                    assert!(source.is_some_and(|s| s.chars().all(char::is_whitespace)));
                }
            }
            let span = run.span();
            assert!(src.get(span.range()).is_some());
        }
    }

    #[test]
    fn headings_and_title() {
        check(
            "首页\n郑州市工业和信息化局2018年政府信息公开工作年度报告\n一、概述\n（一）主动公开情况\n正文。\n1.属于国家秘密\n## 附件\n",
            &[
                "P 首页",
                "H0 郑州市工业和信息化局2018年政府信息公开工作年度报告",
                "H1 一、概述",
                "H2 （一）主动公开情况",
                "P 正文。",
                "H3 1.属于国家秘密",
                "H2 附件",
            ],
        );
        // An agency name above the title line joins it; a year beats none.
        check(
            "• 政府信息公开年度报告\n\n洪泽区人民政府\n2023 年政府信息公开工作年度报告\n一、总体情况\n",
            &[
                "P • 政府信息公开年度报告",
                "H0 洪泽区人民政府2023 年政府信息公开工作年度报告",
                "H1 一、总体情况",
            ],
        );
        check(
            "标题: 平潭综合实验区2023年度政府信息公开工作年度报告\n发布时间: 2024-03-08\n",
            &[
                "H0 平潭综合实验区2023年度政府信息公开工作年度报告",
                "P 发布时间: 2024-03-08",
            ],
        );
        // A numbered lead sentence is a paragraph.
        check(
            "（一）主动公开情况。主要通过网站公开。\n",
            &["P （一）主动公开情况。主要通过网站公开。"],
        );
    }

    #[test]
    fn wrapped_paragraphs_join() {
        // Hard-wrapped PDF text: full lines that end mid-sentence join,
        // across a page number and a form feed too.
        let src = "一、总体情况\n\
            2023 年，洪泽区人民政府坚持以习近平新时代中国特色社会\n\
            主义思想为指导，全面贯彻落实《条例》相关规范要求，不断完\n\
            善政府信息公开制度，建立健全政府信息公开保障机制，始终将\n\
            政务公开工作摆在重要位置。\n\
            （一）主动公开情况。主要通过政府门户网站主动公开政府\n\
            文件、项目审批、通知公告等各类政府信息。2023 年，我区在政\n\
            -1-\n\
            \n\
            \u{c}府网站平台主动公开政府信息 1136 条。\n\
            健康发展。\n";
        check(
            src,
            &[
                "H1 一、总体情况",
                "P 2023 年，洪泽区人民政府坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻落实《条例》相关规范要求，不断完善政府信息公开制度，建立健全政府信息公开保障机制，始终将政务公开工作摆在重要位置。",
                "P （一）主动公开情况。主要通过政府门户网站主动公开政府文件、项目审批、通知公告等各类政府信息。2023 年，我区在政府网站平台主动公开政府信息 1136 条。",
                "P 健康发展。",
            ],
        );
        // The joined run maps "政府" across the page break to its two halves.
        let (blocks, _) = parse(src);
        let run = blocks
            .get(2)
            .and_then(|b| b.text())
            .cloned()
            .unwrap_or_default();
        let at = run.as_str().find("在政府网站").unwrap_or(0);
        let span = run.span_of(at..at + "在政府".len());
        assert_eq!(src.get(span.range()).map(|s| s.ends_with("府")), Some(true));
        assert!(src.get(span.range()).is_some_and(|s| s.contains("-1-")));
        let at = run.as_str().find("1136").unwrap_or(0);
        assert_eq!(src.get(run.span_of(at..at + 4).range()), Some("1136"));
    }

    #[test]
    fn numbered_lines_that_run_on_are_paragraphs() {
        // In wrapped text a full numbered line with a comma is a paragraph's
        // first line; a short numbered line is a heading.
        let src = "1.加强组织领导，我局高度重视政务信息公开工作，建立了\n\
            主要领导亲自抓、分管领导具体抓、职能科室抓落实的机制，\n\
            形成了一级抓一级、层层抓落实的工作格局和良好的氛围。\n\
            2.健全工作机制\n\
            一是进一步完善公文信息审核机制，各科室在起草文件时，\n\
            要对信息进行全面审查，并提出主动公开或不予公开的意见\n\
            和依据，确保信息公开工作的规范有序。\n";
        check(
            src,
            &[
                "P 1.加强组织领导，我局高度重视政务信息公开工作，建立了主要领导亲自抓、分管领导具体抓、职能科室抓落实的机制，形成了一级抓一级、层层抓落实的工作格局和良好的氛围。",
                "H3 2.健全工作机制",
                "P 一是进一步完善公文信息审核机制，各科室在起草文件时，要对信息进行全面审查，并提出主动公开或不予公开的意见和依据，确保信息公开工作的规范有序。",
            ],
        );
    }

    #[test]
    fn page_numbers_rejoin() {
        // Text with page numbers but too few lines for a wrap width: any
        // line that does not end a sentence joins the next.
        check(
            "第一行文字没有结束\n- 2 -\n继续的文字。\n下一段。\n第 3 页\n",
            &["P 第一行文字没有结束继续的文字。", "P 下一段。"],
        );
    }

    #[test]
    fn crawler_lines_stay_apart() {
        // One page-number-like line is not enough to read text as PDF.
        check("发布日期\n1/12\n首页\n", &["P 发布日期", "P 首页"]);
        check(
            "发布时间: 2024-03-08 15:34\n文号:\n本报告根据条例编制。\n一是加强领导，\n二是完善制度。\n",
            &[
                "P 发布时间: 2024-03-08 15:34",
                "P 文号:",
                "P 本报告根据条例编制。",
                "P 一是加强领导，二是完善制度。",
            ],
        );
    }

    #[test]
    fn crlf_and_latin_joins() {
        check(
            "一、总体情况\r\n正文第一句。\r\n\r\n第二段\r\n",
            &["H1 一、总体情况", "P 正文第一句。", "P 第二段"],
        );
        let src = "\u{c}Open government information\n- 1 -\nreport, second line.\n";
        check(src, &["P Open government information report, second line."]);
        let (blocks, _) = parse(src);
        let run = blocks
            .first()
            .and_then(|b| b.text())
            .cloned()
            .unwrap_or_default();
        let at = run.as_str().find(" report").unwrap_or(0);
        assert_eq!(run.span_of(at..at + 1), crate::span::Span::new(28, 28));
        assert_eq!(
            src.get(run.span_of(at - 3..at + 4).range()),
            Some("ion\n- 1 -\nrep")
        );
    }

    #[test]
    fn cell_per_line_tables() {
        check(
            "二、主动公开政府信息情况\n信息内容 |\n本年新 制作数量 |\n对外公开总数量 | |\n规章 |\n0 |\n0 | |\n政府集中采购 |\n0 |\n0\n三、收到和处理政府信息公开申请情况\n",
            &[
                "H1 二、主动公开政府信息情况",
                "TCellPerLine 信息内容|本年新 制作数量|对外公开总数量 / 规章|0|0 / 政府集中采购|0|0",
                "H1 三、收到和处理政府信息公开申请情况",
            ],
        );
        // Padding pipes are not cells; a lone pipe is a blank cell; a page
        // number inside the table is skipped.
        check(
            "申请人情况 | ||||||||\n自然人 |\n|\n总计 | |||||||\n-3-\n0 |\n",
            &["TCellPerLine 申请人情况 / 自然人|_|总计 / 0"],
        );
    }

    #[test]
    fn markdown_tables() {
        check(
            "说明：\n| 信息内容 | 本年制发件数 |  |\n|---|:--:|---|\n| 规章 | 0 | |\n| 行政规范性文件 | 5 | 5 |\n完。\n",
            &[
                "P 说明：",
                "TMarkdown 信息内容|本年制发件数|_ / 规章|0|_ / 行政规范性文件|5|5",
                "P 完。",
            ],
        );
        check(
            "| 湛江市政府门户网站 | 繁体版 | 移动版\n",
            &["P | 湛江市政府门户网站 | 繁体版 | 移动版"],
        );
    }

    #[test]
    fn tab_tables() {
        check(
            "信息内容\t本年处理决定数量\n行政许可\t550\n行政处罚\t\t4119\n正文。\n",
            &[
                "TTabs 信息内容|本年处理决定数量 / 行政许可|550 / 行政处罚|_|4119",
                "P 正文。",
            ],
        );
        check("\t缩进的正文\n\t第二行\n", &["P 缩进的正文", "P 第二行"]);
    }

    #[test]
    fn aligned_tables() {
        let src = "     二、主动公开政府信息情况\n\
            \x20             第二十条第（一）项\n\
            \n\
            \x20      信息内容   本年制发件数    本年废止件数    现行有效件数\n\
            \n\
            规章               0          0       0\n\
            行政规范性文件          0          5       5\n\
            \x20     -2-\n\
            \x20                 （二）部分公开（区分处理的，只计这一情 形，不\n\
            \x20                 计其他情形）\n\
            \x20                                             4    0      0\n\
            \x20    三、收到和处理政府信息公开申请情况\n\
            \x20  我们在  2023  年共收到申请。\n";
        check(
            src,
            &[
                "H1 二、主动公开政府信息情况",
                "TAligned 第二十条第（一）项 / 信息内容|本年制发件数|本年废止件数|现行有效件数 / 规章|0|0|0 / 行政规范性文件|0|5|5 / （二）部分公开（区分处理的，只计这一情 形，不计其他情形）|4|0|0",
                "H1 三、收到和处理政府信息公开申请情况",
                "P 我们在  2023  年共收到申请。",
            ],
        );
        // Narrow numeric columns may be one space apart.
        check(
            "一、本年新收政府信息公开申请数量 21 0 0 21\n二、上年结转政府信息公开申请数量 0 0 0 0\n",
            &[
                "TAligned 一、本年新收政府信息公开申请数量|21|0|0|21 / 二、上年结转政府信息公开申请数量|0|0|0|0",
            ],
        );
        // Indented prose is not a table.
        check(
            "   本报告由办公室编制。\n   统计期限自 2023 年 1 月 1 日起。\n",
            &[
                "P 本报告由办公室编制。",
                "P 统计期限自 2023 年 1 月 1 日起。",
            ],
        );
    }

    #[test]
    fn plain_tables() {
        let src = "二、主动公开政府信息情况\n第二十条第（一）项\n信息内容\n\n本年制发件数\n\n规章\n\n0\n\n0\n\n0\n\n行政规范性文件\n0\n5\n5\n-2-\n三、收到和处理政府信息公开申请情况\n申请人情况\n四、结转下年度继续办理\n0\n21\n四、政府信息公开行政复议、行政诉讼情况\n";
        check(
            src,
            &[
                "H1 二、主动公开政府信息情况",
                "TPlain 第二十条第（一）项 / 信息内容 / 本年制发件数 / 规章 / 0 / 0 / 0 / 行政规范性文件 / 0 / 5 / 5",
                "H1 三、收到和处理政府信息公开申请情况",
                "P 申请人情况",
                "H1 四、结转下年度继续办理",
                "P 0",
                "P 21",
                "H1 四、政府信息公开行政复议、行政诉讼情况",
            ],
        );
        // Short lines without enough numbers stay prose.
        check(
            "附件：\n统计表\n联系人\n电话 123\n",
            &["P 附件：", "P 统计表", "P 联系人", "P 电话 123"],
        );
    }

    #[test]
    fn run_together_text_stays_prose() {
        let src = "标题: 平潭综合实验区2023年度政府信息公开工作年度报告\n==== 正文 ====\n二、主动公开政府信息情况第二十条第（一）项信息内容本年制发件数规章000行政规范性文件885569第二十条第（五）项信息内容本年处理决定数量行政许可2629三、收到\n";
        let r = render(src);
        assert_eq!(r.len(), 3);
        assert_eq!(
            r.first().map(String::as_str),
            Some("H0 平潭综合实验区2023年度政府信息公开工作年度报告")
        );
        assert!(
            r.get(2)
                .is_some_and(|p| p.starts_with("P 二、主动公开") && p.contains("规章000"))
        );
    }

    #[test]
    fn table_forms_are_tagged() {
        let (blocks, _) = parse("a\tb\nc\td\n");
        let forms: Vec<TableForm> = blocks
            .iter()
            .filter_map(|b| match &b.kind {
                BlockKind::Table(t) => Some(t.form),
                _ => None,
            })
            .collect();
        assert_eq!(forms, [TableForm::Tabs]);
    }

    #[test]
    fn pathological_inputs_are_cheap() {
        let pipes = "|".repeat(1_000_000);
        assert_maps(&pipes);
        assert_maps(&format!("{pipes}\n{pipes}\n"));
        assert_maps(&"a  1  2\n".repeat(20_000));
        assert_maps(&"0\n".repeat(100_000));
        assert_maps(&"\n".repeat(100_000));
        assert_maps("\u{0}\u{1}\u{ff}\r\r\n|\t|\u{c}");
    }

    proptest! {
        #[test]
        fn arbitrary_text_maps_back(s in "\\PC*") {
            assert_maps(&s);
        }

        #[test]
        fn any_string_maps_back(s in any::<String>()) {
            assert_maps(&s);
        }

        #[test]
        fn table_like_text_maps_back(s in "([ |\t\n\r\u{c}0-9a一二、。（）-]|  |第 1 页){0,200}") {
            assert_maps(&s);
        }
    }
}
