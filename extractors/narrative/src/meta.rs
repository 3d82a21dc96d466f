//! Report identity: title, issuing agency, year reported on, publication
//! date. Read from the title, the page's metadata lines, the statistics
//! period and the dated signature; never from page furniture such as
//! `来源：` lines, and never from text that looks injected (spam).

use crate::norm::{Blocks, Norm, NormRef};
use crate::numeral::parse_chinese;
use crate::pattern::Pattern;
use memchr::memmem::Finder;
use nianbao_core::names::has_body_suffix;
use nianbao_core::words::Words;
use nianbao_core::{BlockKind, Document, Meta, Span, TextRun};
use regex::{Captures, Regex};
use std::sync::{Arc, LazyLock};

/// A text block with its normalised text.
struct Line<'d> {
    run: &'d TextRun,
    norm: NormRef<'d>,
    heading0: bool,
    furniture: bool,
}

fn lines<'d>(doc: &'d Document, norms: &'d Blocks) -> Vec<Line<'d>> {
    doc.blocks
        .iter()
        .enumerate()
        .filter_map(|(i, b)| {
            let norm = norms.get(doc, i)?;
            match &b.kind {
                BlockKind::Heading { level, text } => Some((text, *level == 0, norm, i)),
                BlockKind::Paragraph(text) => Some((text, false, norm, i)),
                BlockKind::Table(_) => None,
            }
        })
        .map(|(run, heading0, norm, i)| {
            let furniture = norms.is_furniture(i);
            Line {
                run,
                norm,
                heading0,
                furniture,
            }
        })
        .collect()
}

/// What identifies a report, with the title's source span.
#[derive(Clone, Debug, Default)]
pub struct Identity {
    /// The record's meta.
    pub meta: Meta,
    /// Where the title was read.
    pub title_span: Option<Span>,
    /// Problems met (injected text, disagreeing years).
    pub warnings: Vec<String>,
}

const YEAR: &str = r"(?:19|20)\d{2}|[〇○零一二三四五六七八九]{4}";
/// The Chinese digits [`YEAR`] writes a year in.
const YEAR_CN_DIGITS: [char; 12] = [
    '〇', '○', '零', '一', '二', '三', '四', '五', '六', '七', '八', '九',
];
const BODY: &str = r"(?:政府信息与政务公开|政府信息公开|政务信息公开|政务公开|信息公开)";

static TITLE_YEAR_FIRST: Pattern = Pattern::new(|| {
    Regex::new(&format!(
        r"^(?P<agency>.*?)(?P<year>{YEAR})年(?:度)?(?:的)?(?P<rest>\D*?{BODY}\D*?(?:报告|年报))$"
    ))
    .ok()
});

static TITLE_NO_YEAR: Pattern = Pattern::new(|| {
    Regex::new(&format!(
        r"^(?P<agency>\D{{2,40}}?){BODY}(?:工作)?(?:年度)?(?:报告|年报)$"
    ))
    .ok()
});

static TITLE_YEAR_INSIDE: Pattern = Pattern::new(|| {
    Regex::new(&format!(
        r"^(?P<agency>\D{{2,40}}?){BODY}(?:工作)?(?P<year>{YEAR})年(?:度)?(?:工作)?(?:报告|年报)$"
    ))
    .ok()
});

/// The issuer before the disclosure words: the oracle of
/// [`agency_before_body`].
#[cfg(test)]
static LEADING_AGENCY: Pattern =
    Pattern::new(|| Regex::new(&format!(r"^(?P<agency>.{{2,40}}?){BODY}")).ok());

const ISO_DATE_RE: &str = r"((?:19|20)\d{2})[-/.](\d{1,2})[-/.](\d{1,2})";

static ISO_DATE: Pattern = Pattern::new(|| Regex::new(ISO_DATE_RE).ok());

static CN_DATE: Pattern = Pattern::new(|| Regex::new(&cn_date()).ok());

/// The dates above, only at the start of the text (a search that stops at
/// the first character instead of scanning the whole line).
static ISO_DATE_START: Pattern = Pattern::new(|| Regex::new(&format!("^(?:{ISO_DATE_RE})")).ok());
static CN_DATE_START: Pattern = Pattern::new(|| Regex::new(&format!("^(?:{})", cn_date())).ok());

fn cn_date() -> String {
    format!(
        r"({YEAR})年(\d{{1,2}}|[一二三四五六七八九十]{{1,3}})月(\d{{1,2}}|[一二三四五六七八九十]{{1,3}})日"
    )
}

/// The labels of metadata dates, as an expression: the oracle of
/// [`meta_date_ends`].
#[cfg(test)]
static META_DATE: Pattern = Pattern::needing(
    || {
        Regex::new(
            r"(?:发布日期|发布时间|发文日期|成文日期|公开日期|印发日期|更新日期|日期|时间)：",
        )
        .ok()
    },
    &["："],
);

/// Where each metadata date label (`发布日期：`, `时间：`…) ends, in order.
///
/// Every label ends in 日期 or 时间 and none holds `：`, so the labels'
/// non-overlapping leftmost matches end right after each `日期：` and each
/// `时间：`, and nowhere else.
fn meta_date_ends(s: &str) -> impl Iterator<Item = usize> + '_ {
    static COLON: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("："));
    COLON
        .find_iter(s.as_bytes())
        .filter(move |&p| {
            s.get(..p)
                .is_some_and(|b| b.ends_with("日期") || b.ends_with("时间"))
        })
        .map(|p| p + "：".len())
}

/// The labels a statistics period opens with (plain words, no syntax).
const PERIOD_LABELS: [&str; 7] = [
    "统计期限",
    "所列数据",
    "统计时限",
    "统计时间",
    "统计区间",
    "数据统计",
    "统计周期",
];

fn period_re() -> String {
    format!(
        r"(?:{})\D{{0,24}}?({YEAR})年(?:度|\d{{1,2}}月\d{{1,2}}日|[一二三四五六七八九十]{{1,2}}月)",
        PERIOD_LABELS.join("|")
    )
}

/// The statistics period's label and year: the oracle of [`PERIOD_AT`].
#[cfg(test)]
static PERIOD: Pattern = Pattern::new(|| Regex::new(&period_re()).ok());

/// [`PERIOD`] at the start of the text. Its matches start with 统计 or
/// 数据统计 or 所列数据 and are at most 145 bytes long (12 of label, 24
/// characters, a year of 12, 年 and 22 for a day).
static PERIOD_AT: Pattern = Pattern::new(|| Regex::new(&format!("^(?:{})", period_re())).ok());

static RANGE: Pattern = Pattern::needing(
    || {
        Regex::new(&format!(
        r"({YEAR})年(?:1|一)月(?:1|一)日(?:起)?(?:至|到|—|-|~)(?:({YEAR})年)?(?:12|十二)月(?:31|三十一)日"
    ))
    .ok()
    },
    &["月31日", "月三十一日"],
);

/// The verbs an announcement opens with (plain words, no syntax).
const ANNOUNCE_VERBS: [&str; 5] = ["现将", "特向社会公布", "现公布", "现予公布", "向社会公布"];

fn announce_re() -> String {
    format!(
        r"(?:{})\D{{0,16}}?({YEAR})年(?:度)?\D{{0,12}}?{BODY}",
        ANNOUNCE_VERBS.join("|")
    )
}

/// An announcement of the report and its year: the oracle of
/// [`ANNOUNCE_AT`].
#[cfg(test)]
static ANNOUNCE: Pattern = Pattern::new(|| Regex::new(&announce_re()).ok());

/// [`ANNOUNCE`] at the start of the text. Its matches start with 现将 or
/// with 公布 or 12, 3, 6 or 9 bytes before it, and are at most 175 bytes
/// long (18 of verb, 16 characters, a year of 12, 年度, 12 characters and
/// 27 of disclosure words).
static ANNOUNCE_AT: Pattern = Pattern::new(|| Regex::new(&format!("^(?:{})", announce_re())).ok());

/// Where `word` occurs in `text`, each place moved back by each of
/// `backs` bytes (those before the text dropped), added to `out`.
fn occurrences(text: &str, word: &str, backs: &[usize], out: &mut Vec<usize>) {
    for k in memchr::memmem::find_iter(text.as_bytes(), word) {
        out.extend(backs.iter().filter_map(|b| k.checked_sub(*b)));
    }
}

/// The first match of `anchored` (an expression anchored at the start of
/// the text, with no look-around, whose matches are at most `max_len` bytes
/// long and open with one of the words `opens`) at one of `starts`: the
/// leftmost match of its unanchored form when every match of that starts at
/// one of them.
///
/// A start where none of `opens` follows is passed over without running
/// the expression: it cannot match there.
fn first_at<'h>(
    text: &'h str,
    anchored: &Pattern,
    opens: &[&str],
    mut starts: Vec<usize>,
    max_len: usize,
) -> Option<Captures<'h>> {
    starts.sort_unstable();
    starts.dedup();
    starts.into_iter().find_map(|p| {
        let rest = text.get(p..)?;
        if !opens.iter().any(|w| rest.starts_with(w)) {
            return None;
        }
        let mut end = p.saturating_add(max_len).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        anchored.captures(text.get(p..end)?)
    })
}

/// The year of the first statistics period, year range or announcement
/// (in that order of preference) in `text`.
fn period_in(text: &str) -> Option<i32> {
    let year = |c: Option<Captures<'_>>| {
        c.and_then(|c| c.get(1))
            .and_then(|m| year_value(m.as_str()))
    };
    let period = || {
        let mut starts = Vec::new();
        occurrences(text, "统计", &[0, 6], &mut starts);
        occurrences(text, "所列数据", &[0], &mut starts);
        first_at(text, &PERIOD_AT, &PERIOD_LABELS, starts, 160)
    };
    let announce = || {
        let mut starts = Vec::new();
        occurrences(text, "现将", &[0], &mut starts);
        occurrences(text, "公布", &[0, 3, 6, 9, 12], &mut starts);
        first_at(text, &ANNOUNCE_AT, &ANNOUNCE_VERBS, starts, 192)
    };
    year(period())
        .or_else(|| year(RANGE.captures(text)))
        .or_else(|| year(announce()))
}

/// The verbs that follow the subject in [`SUBJECT`].
const SUBJECT_VERBS: [&str; 16] = [
    "坚持",
    "深入",
    "认真",
    "严格",
    "全面",
    "按照",
    "围绕",
    "继续",
    "进一步",
    "高度重视",
    "持续",
    "紧紧围绕",
    "始终",
    "紧扣",
    "聚焦",
    "以习近平",
];

static SUBJECT: Pattern = Pattern::new(|| {
    Regex::new(&format!(
        r"^(?:(?:19|20)\d{{2}}年(?:度)?(?:以来)?，?)?(?P<name>[\p{{Han}}（）]{{3,30}}?)(?:{})",
        SUBJECT_VERBS.join("|")
    ))
    .ok()
});

/// How [`subject_scan`] ends.
#[derive(Debug, PartialEq)]
enum Subject<'s> {
    /// [`SUBJECT`] matches, capturing this name.
    Name(&'s str),
    /// [`SUBJECT`] does not match.
    Absent,
    /// A character met may or may not be in a class of the expression.
    Unsure,
}

/// Whether `c` is in `[\p{Han}（）]`, as far as known here: `None` for a
/// character outside the blocks tested (the expression then decides).
fn han_or_bracket(c: char) -> Option<bool> {
    if is_han(c) || matches!(c, '（' | '）' | '〇') {
        // Both blocks of `is_han` are Han throughout.
        Some(true)
    } else if c.is_ascii()
        || matches!(c,
            '\u{80}'..='\u{2ff}'
            | '\u{2000}'..='\u{218f}'
            | '\u{2460}'..='\u{25ff}'
            | '\u{3000}'..='\u{3003}'
            | '\u{3008}'..='\u{3011}'
            | '\u{3014}'..='\u{301f}'
            | '\u{ff00}'..='\u{ffef}')
    {
        // Latin letters and marks, general punctuation, letter-like and
        // number forms, enclosed numbers, box drawing and shapes, CJK
        // marks and brackets, full and half width forms: no Han.
        Some(false)
    } else {
        None
    }
}

/// Whether `c` opens a word of [`SUBJECT_VERBS`].
fn opens_subject_verb(c: char) -> bool {
    matches!(
        c,
        '坚' | '深'
            | '认'
            | '严'
            | '全'
            | '按'
            | '围'
            | '继'
            | '进'
            | '高'
            | '持'
            | '紧'
            | '始'
            | '聚'
            | '以'
    )
}

/// The shortest run of three to thirty Han characters or brackets that
/// opens `rest` and is followed by a word of [`SUBJECT_VERBS`]; `Unsure`
/// when a character of the run is not one [`han_or_bracket`] knows.
fn subject_run(rest: &str) -> Subject<'_> {
    let mut taken = 0;
    for (i, c) in rest.char_indices() {
        if taken >= 3
            && opens_subject_verb(c)
            && SUBJECT_VERBS.iter().any(|v| rest[i..].starts_with(v))
        {
            return Subject::Name(&rest[..i]);
        }
        if taken == 30 {
            break;
        }
        match han_or_bracket(c) {
            Some(true) => taken += 1,
            Some(false) => break,
            None => return Subject::Unsure,
        }
    }
    Subject::Absent
}

/// [`SUBJECT`]'s first match, by hand: after each year opening it may take,
/// in the order the expression tries them (each optional part taken
/// first), then after none, [`subject_run`]. `Unsure` when a character
/// this must class is not one [`han_or_bracket`] or the year's `\d` knows.
fn subject_scan(s: &str) -> Subject<'_> {
    let b = s.as_bytes();
    if matches!(b.get(..2), Some(b"19" | b"20")) {
        let mut digits = 0;
        for c in s[2..].chars().take(2) {
            if c.is_ascii_digit() {
                digits += 1;
            } else if c.is_ascii() || is_han(c) {
                break;
            } else {
                return Subject::Unsure;
            }
        }
        if digits == 2 && s[4..].starts_with('年') {
            // Each optional part, taken when there, then left out.
            let optional = |at: usize, word: &str| {
                let taken = s[at..].starts_with(word).then_some(at + word.len());
                taken.into_iter().chain([at])
            };
            for a in optional(4 + '年'.len_utf8(), "度") {
                for b in optional(a, "以来") {
                    for end in optional(b, "，") {
                        match subject_run(&s[end..]) {
                            Subject::Absent => {}
                            found => return found,
                        }
                    }
                }
            }
        }
    }
    subject_run(s)
}

/// The name [`SUBJECT`] captures in `s`: read by [`subject_scan`], or by
/// the expression when that is unsure.
fn subject_name(s: &str) -> Option<&str> {
    match subject_scan(s) {
        Subject::Name(name) => Some(name),
        Subject::Absent => None,
        Subject::Unsure => SUBJECT.captures(s)?.name("name").map(|m| m.as_str()),
    }
}

static TITLE_LABEL: Pattern = Pattern::needing(
    || Regex::new(r"标题：(.{2,80}?(?:报告|年报))").ok(),
    &["标题："],
);

/// The labels of a publisher line, before their colon.
const PUBLISHER_LABELS: [&str; 3] = ["发布机构", "发文机关", "发布单位"];

static PUBLISHER_LABEL: Pattern = Pattern::needing(
    || {
        let labels = PUBLISHER_LABELS.join("|");
        Regex::new(&format!(r"(?:{labels})：([\p{{Han}}（）]{{2,40}})")).ok()
    },
    &["："],
);

/// The name [`PUBLISHER_LABEL`] captures in `s`, by hand: after the first
/// label and colon that two Han characters or brackets follow, the longest
/// run of them up to forty; the expression decides when a character of a
/// run is not one [`han_or_bracket`] knows.
fn publisher_name(s: &str) -> Option<&str> {
    static COLON: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("："));
    for p in COLON.find_iter(s.as_bytes()) {
        let (before, rest) = (s.get(..p)?, s.get(p + "：".len()..)?);
        if !PUBLISHER_LABELS.iter().any(|l| before.ends_with(l)) {
            continue;
        }
        let (mut taken, mut end) = (0, 0);
        for (i, c) in rest.char_indices().take(40) {
            match han_or_bracket(c) {
                Some(true) => (taken, end) = (taken + 1, i + c.len_utf8()),
                Some(false) => break,
                None => return PUBLISHER_LABEL.captures(s)?.get(1).map(|m| m.as_str()),
            }
        }
        if taken >= 2 {
            return rest.get(..end);
        }
    }
    None
}

/// Words that never occur in a government body's name but do in injected
/// gambling spam.
const SPAM_WORDS: &[&str] = &[
    "bet",
    "casino",
    "poker",
    "博彩",
    "彩票",
    "赌",
    "娱乐城",
    "百家乐",
    "老虎机",
    "时时彩",
    "六合彩",
    "投注",
    "下注",
    "棋牌",
    "正规吗",
    "苹果版",
    "安卓版",
    "开户",
    "注册送",
];

/// The words of [`SPAM_WORDS`] that are not ASCII, searched in one pass.
static HAN_SPAM_WORDS: LazyLock<Words> =
    LazyLock::new(|| Words::new(SPAM_WORDS.iter().copied().filter(|w| !w.is_ascii())));

/// Whether `line` holds a word of [`SPAM_WORDS`] in some ASCII case: the
/// ASCII words from each place their first letter stands (in either case),
/// the others by [`HAN_SPAM_WORDS`], whose case does not change.
fn holds_spam_word(line: &str) -> bool {
    let bytes = line.as_bytes();
    let latin = SPAM_WORDS.iter().filter(|w| w.is_ascii()).any(|w| {
        let w = w.as_bytes();
        let Some(&first) = w.first() else {
            return true;
        };
        memchr::memchr2_iter(
            first.to_ascii_lowercase(),
            first.to_ascii_uppercase(),
            bytes,
        )
        .any(|i| {
            bytes
                .get(i..i + w.len())
                .is_some_and(|s| s.eq_ignore_ascii_case(w))
        })
    });
    latin || HAN_SPAM_WORDS.any_in(line)
}

/// Words that are spam only next to Latin letters or digits and underscores
/// (`bet体育365_官网`), not in a body's name (`某市体育局`).
const WEAK_SPAM_WORDS: &[&str] = &["体育", "娱乐", "官网", "app", "真人", "平台"];

/// Whether a string reads like spam injected in place of a name: gambling
/// words, or betting-site vocabulary run into Latin letters or digits with
/// underscores.
pub fn spam_like(s: &str) -> bool {
    // Lowering makes ASCII letters only of ASCII letters, the Kelvin sign
    // (E2 84 AA) and `İ` (C4 B0), and leaves Han characters as they are
    // (making none): a text with none of these bytes nor ASCII digits can
    // hold only a Han spam word, as it is, and no weak one.
    if !s
        .bytes()
        .any(|b| b.is_ascii_alphanumeric() || b == 0xe2 || b == 0xc4)
    {
        return HAN_SPAM_WORDS.any_in(s);
    }
    let lower = s.to_lowercase();
    let latin = s.chars().any(|c| c.is_ascii_alphanumeric());
    let has = |w: &&str| crate::pattern::contains(&lower, w);
    SPAM_WORDS.iter().any(has) || (latin && s.contains('_') && WEAK_SPAM_WORDS.iter().any(has))
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}')
}

/// Whether `s` can be a body's name as written: Chinese only (brackets and
/// `·` allowed), 2 to 40 characters, no self-reference, no spam.
pub fn name_ok(s: &str) -> bool {
    let n = s.chars().count();
    (2..=40).contains(&n)
        && s.chars()
            .all(|c| is_han(c) || matches!(c, '（' | '）' | '·'))
        && !spam_like(s)
        && !["关于", "本", "我", "根据", "按照", "为", "对"]
            .iter()
            .any(|p| s.starts_with(p))
}

/// A parsed report title.
#[derive(Clone, Debug, PartialEq)]
struct Title {
    agency: Option<String>,
    year: Option<i32>,
}

fn year_value(s: &str) -> Option<i32> {
    if s.chars().all(|c| c.is_ascii_digit()) {
        s.parse().ok()
    } else {
        parse_chinese(s).and_then(|v| i32::try_from(v).ok())
    }
}

/// Whether `raw`, once normalised, ends in 报告 or 年报 before any `。（）`:
/// the first test of [`parse_title`], also run on raw pieces so that most
/// are never normalised.
fn ends_like_title(raw: &str) -> bool {
    parts_end_like_title(&[raw])
}

/// [`ends_like_title`] of the text `parts` make when joined, without
/// joining them.
fn parts_end_like_title(parts: &[&str]) -> bool {
    let mut tail = parts
        .iter()
        .rev()
        .flat_map(|p| crate::norm::chars_rev(p))
        .skip_while(|c| matches!(c, '。' | '（' | '）'));
    let (last, before) = (tail.next(), tail.next());
    matches!(
        (before, last),
        (Some('报'), Some('告')) | (Some('年'), Some('报'))
    )
}

/// Reads a report title: `XX2018年政府信息公开工作年度报告`,
/// `2019年XX政府信息公开工作年度报告` or `XX政府信息公开年度报告`.
fn parse_title(s: &str) -> Option<Title> {
    // Every title form ends in 报告 or 年报 and names 公开 work: a cheap
    // test that spares the expressions most lines.
    if !ends_like_title(s) || !crate::pattern::contains(s, "公开") {
        return None;
    }
    let s = s.trim_end_matches(['。', '（', '）']);
    let n = s.chars().count();
    if !(6..=80).contains(&n)
        || s.starts_with("关于")
        || [
            "通知", "《", "》", "意见", "印发", "做好", "编制", "，", "。",
        ]
        .iter()
        .any(|w| crate::pattern::contains(s, w))
    {
        return None;
    }
    let title = if let Some(c) = TITLE_YEAR_FIRST.captures(s) {
        let year = c.name("year").and_then(|m| year_value(m.as_str()));
        // `XX县人民政府关于2018年…的年度报告`: the issuer is before 关于.
        let mut agency = c
            .name("agency")
            .map(|m| m.as_str().trim_end_matches("关于").to_string());
        if agency.as_deref().is_none_or(str::is_empty) {
            agency = c.name("rest").and_then(|m| leading_agency(m.as_str()));
        }
        Title {
            agency: agency.filter(|a| !a.is_empty()),
            year,
        }
    } else if let Some(c) = year_inside_shape(s)
        .then(|| TITLE_YEAR_INSIDE.captures(s))
        .flatten()
    {
        Title {
            agency: c.name("agency").map(|m| m.as_str().to_string()),
            year: c.name("year").and_then(|m| year_value(m.as_str())),
        }
    } else if no_year_title(s) {
        Title {
            agency: leading_agency(s),
            year: None,
        }
    } else {
        return None;
    };
    // A column name (`政府信息公开年报`) is no title; neither is a line
    // whose issuer part is not a name (a breadcrumb), unless it is spam,
    // which is reported.
    let named = title
        .agency
        .as_deref()
        .is_none_or(|a| (name_ok(a) && has_body_suffix(a)) || spam_like(a));
    (named && (title.year.is_some() || title.agency.is_some())).then_some(title)
}

/// The forms of [`BODY`].
const BODY_FORMS: [&str; 5] = [
    "政府信息与政务公开",
    "政府信息公开",
    "政务信息公开",
    "政务公开",
    "信息公开",
];

/// `s` and `s` without `suffix`, when it ends so.
fn with_and_without<'s>(s: &'s str, suffix: &str) -> impl Iterator<Item = &'s str> {
    [Some(s), s.strip_suffix(suffix)].into_iter().flatten()
}

/// The first parts of `s` that leave a form of [`BODY`], optionally 工作
/// and 年度, then 报告 or 年报: the first part of every match of
/// [`TITLE_NO_YEAR`], by length and characters not checked.
fn no_year_agencies(s: &str) -> impl Iterator<Item = &str> {
    ["报告", "年报"]
        .into_iter()
        .filter_map(|e| s.strip_suffix(e))
        .flat_map(|s| with_and_without(s, "年度"))
        .flat_map(|s| with_and_without(s, "工作"))
        .flat_map(|s| BODY_FORMS.iter().filter_map(move |b| s.strip_suffix(b)))
}

/// `TITLE_NO_YEAR.is_match(s)`, with the expression run only when a
/// character it must class as digit or not is outside those known here: a
/// match is a first part of two to forty characters none of which is a
/// (Unicode) digit, followed by what [`no_year_agencies`] strips.
fn no_year_title(s: &str) -> bool {
    let not_digit = |c: char| {
        is_han(c)
            || (c.is_ascii() && !c.is_ascii_digit())
            || matches!(
                c,
                '•' | '·' | '：' | '（' | '）' | '、' | '《' | '》' | '【' | '】' | '｜' | '—'
            )
    };
    let mut unsure = false;
    for agency in no_year_agencies(s) {
        if !(2..=40).contains(&agency.chars().count()) {
            continue;
        }
        if agency.chars().all(not_digit) {
            return true;
        }
        // A part with an ASCII digit never matches `\D{2,40}`.
        unsure |= !agency.contains(|c: char| c.is_ascii_digit());
    }
    unsure && TITLE_NO_YEAR.is_match(s)
}

/// `s` without a trailing year as [`YEAR`] writes it, taking any
/// character but an ASCII letter or mark for `\d` (so that no year is
/// missed).
fn strip_year(s: &str) -> Option<&str> {
    let mut rev = s.char_indices().rev();
    let (d3, d2, d1) = (rev.next()?.1, rev.next()?.1, rev.next()?.1);
    let (start, d0) = rev.next()?;
    let digit = |c: char| c.is_ascii_digit() || !c.is_ascii();
    let latin = matches!((d0, d1), ('1', '9') | ('2', '0')) && digit(d2) && digit(d3);
    let chinese = [d0, d1, d2, d3].iter().all(|c| YEAR_CN_DIGITS.contains(c));
    (latin || chinese).then(|| s.get(..start)).flatten()
}

/// Whether `s` has the shape of every match of [`TITLE_YEAR_INSIDE`]: two
/// to forty characters, a form of [`BODY`], optionally 工作, a year and 年,
/// optionally 度 and 工作, then 报告 or 年报 (the first part's characters
/// not checked).
fn year_inside_shape(s: &str) -> bool {
    ["报告", "年报"]
        .into_iter()
        .filter_map(|e| s.strip_suffix(e))
        .flat_map(|s| with_and_without(s, "工作"))
        .flat_map(|s| with_and_without(s, "度"))
        .filter_map(|s| s.strip_suffix('年'))
        .filter_map(strip_year)
        .flat_map(|s| with_and_without(s, "工作"))
        .flat_map(|s| BODY_FORMS.iter().filter_map(move |b| s.strip_suffix(b)))
        .any(|a| (2..=40).contains(&a.chars().count()))
}

/// The issuer written before the disclosure words of a title's remainder
/// (`上海市人民政府办公厅政府信息公开…` → `上海市人民政府办公厅`); `None` when the
/// remainder opens with them.
fn leading_agency(rest: &str) -> Option<String> {
    if BODY_FORMS.iter().any(|f| rest.starts_with(f)) {
        return None;
    }
    let mut agency = agency_before_body(rest)?.to_string();
    // `某某县人民政府信息公开…`: the body's 政府 doubles as the phrase's.
    if agency.ends_with("人民") {
        agency.push_str("政府");
    }
    Some(agency)
}

/// The agency [`LEADING_AGENCY`] captures, by hand: the shortest run of two
/// to forty characters, no line feed among them (`.`), that a form of
/// [`BODY`] follows.
fn agency_before_body(rest: &str) -> Option<&str> {
    for (taken, (i, c)) in rest.char_indices().enumerate() {
        // Every form opens with 政 or 信.
        if taken >= 2
            && matches!(c, '政' | '信')
            && BODY_FORMS.iter().any(|f| rest[i..].starts_with(f))
        {
            return rest.get(..i);
        }
        if taken == 40 || c == '\n' {
            return None;
        }
    }
    None
}

/// A date as `YYYY-MM-DD` when it is a real calendar day.
fn ymd(y: &str, m: &str, d: &str) -> Option<String> {
    let num = |s: &str| -> Option<u32> {
        if s.chars().all(|c| c.is_ascii_digit()) {
            s.parse().ok()
        } else {
            parse_chinese(s).and_then(|v| u32::try_from(v).ok())
        }
    };
    let (y, m, d) = (year_value(y)?, num(m)?, num(d)?);
    ((1990..=2100).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d))
        .then(|| format!("{y:04}-{m:02}-{d:02}"))
}

/// The first date at the very start of `s` (ISO or Chinese), with its length.
fn date_at_start(s: &str) -> Option<(String, usize)> {
    // Both dates open with a year: `1`, `2` or a Chinese digit of YEAR.
    if !(s.starts_with(['1', '2']) || s.starts_with(YEAR_CN_DIGITS)) {
        return None;
    }
    for r in [&ISO_DATE_START, &CN_DATE_START] {
        if let Some(c) = r.captures(s)
            && let Some(m) = c.get(0)
            && m.start() == 0
        {
            let next_digit = s[m.end()..].starts_with(|c: char| c.is_ascii_digit());
            if next_digit {
                continue;
            }
            let date = ymd(
                c.get(1).map_or("", |x| x.as_str()),
                c.get(2).map_or("", |x| x.as_str()),
                c.get(3).map_or("", |x| x.as_str()),
            )?;
            return Some((date, m.end()));
        }
    }
    None
}

/// Whether a date is followed by a range marker (`至`, `到`, `起`).
fn starts_range(rest: &str) -> bool {
    ["至", "到", "起", "~", "—", "－"]
        .iter()
        .any(|w| rest.starts_with(w))
}

/// Whether a whole (normalised) line is a date, possibly with a time.
fn bare_date(s: &str) -> Option<String> {
    let t = s.trim_start_matches(['•', '·', '*', '-', '|', '[', '【', '（']);
    let (date, len) = date_at_start(t)?;
    let rest = &t[len..];
    let time_only = rest
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '：' | ' ' | '.'));
    time_only.then_some(date)
}

/// The report's identity, read once per document and shared.
pub fn identify(doc: &Document) -> Arc<Identity> {
    doc.view(read_identity)
}

/// The title and the statistics period's year: the part of the identity
/// that scoring needs, read once per document and shared (documents that
/// no extractor takes never read the rest).
pub struct Heading {
    title: Option<TitleHit>,
    /// The index of the title's (last) line among the text lines.
    title_idx: Option<usize>,
    period: Option<i32>,
}

impl Heading {
    /// Whether a title was found ([`Identity`]'s title is then set).
    pub fn titled(&self) -> bool {
        self.title.is_some()
    }

    /// The year reported on, as [`Identity`] has it: the title's, or else
    /// the statistics period's.
    pub fn year(&self) -> Option<i32> {
        self.title.as_ref().and_then(|t| t.2.year).or(self.period)
    }
}

/// The report's [`Heading`], read once per document and shared.
pub fn heading(doc: &Document) -> Arc<Heading> {
    doc.view(read_heading)
}

fn read_heading(doc: &Document) -> Heading {
    let norms = crate::norm::blocks(doc);
    let lines = lines(doc, &norms);
    let (title, title_idx) = find_title(&lines);
    Heading {
        title,
        title_idx,
        period: period_year(&lines),
    }
}

/// Reads the report's identity.
fn read_identity(doc: &Document) -> Identity {
    let head = heading(doc);
    let norms = crate::norm::blocks(doc);
    let lines = lines(doc, &norms);
    let mut id = Identity::default();

    // Title.
    let (title, title_idx) = (&head.title, head.title_idx);
    if let Some((text, span, parsed)) = title {
        id.meta.title = Some(text.clone());
        id.title_span = Some(*span);
        match &parsed.agency {
            Some(a) if name_ok(a) => id.meta.agency = Some(a.clone()),
            Some(a) if spam_like(a) => id.warnings.push(format!(
                "agency not read: the title's issuer looks like injected text ({a})"
            )),
            _ => {}
        }
    }
    // Title without an issuer: the issuer is the line just above.
    if id.meta.agency.is_none()
        && let Some(i) = title_idx
        && title.as_ref().is_some_and(|t| t.2.agency.is_none())
        && let Some(prev) = i.checked_sub(1).and_then(|p| lines.get(p))
    {
        let p = prev.norm.as_str();
        if name_ok(p) && has_body_suffix(p) && p.chars().count() <= 30 {
            id.meta.agency = Some(p.to_string());
            id.meta.title = id.meta.title.take().map(|t| format!("{p}{t}"));
        }
    }
    if id.meta.agency.is_none() {
        id.meta.agency = publisher_label(&lines).or_else(|| overview_subject(&lines));
    }

    // Year.
    id.meta.year = head.year();
    if let (Some(t), Some(p)) = (title.as_ref().and_then(|t| t.2.year), head.period)
        && t != p
    {
        id.warnings.push(format!(
            "the title says {t} but the statistics period is {p}; kept {t}"
        ));
    }

    // Publication date.
    id.meta.published = published(&lines, title_idx, id.meta.year);

    // Injected text anywhere.
    for snippet in spam_snippets(&lines) {
        id.warnings.push(format!(
            "spam-like injected text where a name should be: {snippet}"
        ));
    }
    id
}

type TitleHit = (String, Span, Title);

/// Whether a title candidate ends at `c`.
fn is_piece_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '_' | '|' | '｜' | '>' | '》')
}

/// The non-empty pieces of `raw` between [`is_piece_separator`] characters,
/// with their byte offsets: `raw.split(is_piece_separator)` stepping over
/// Han characters (lead bytes E4–E9, never separators) without decoding
/// them.
fn title_pieces(raw: &str) -> impl Iterator<Item = (usize, &str)> {
    let bytes = raw.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        let mut start = None;
        while let Some(&b) = bytes.get(at) {
            let i = at;
            let separator = if (0xe4..=0xe9).contains(&b) {
                at += 3;
                false
            } else {
                let c = raw.get(i..).and_then(|r| r.chars().next())?;
                at += c.len_utf8();
                is_piece_separator(c)
            };
            match (separator, start) {
                (true, Some(s)) => return raw.get(s..i).map(|p| (s, p)),
                (false, None) => start = Some(i),
                _ => {}
            }
        }
        start.and_then(|s| raw.get(s..).map(|p| (s, p)))
    })
}

fn find_title(lines: &[Line<'_>]) -> (Option<TitleHit>, Option<usize>) {
    // A level-0 heading first.
    for (i, l) in lines.iter().enumerate() {
        if l.heading0
            && let Some(t) = parse_title(l.norm.as_str())
        {
            return (
                Some((l.norm.as_str().to_string(), l.run.span(), t)),
                Some(i),
            );
        }
    }
    // A crawler header's `标题：` line.
    for (i, l) in lines.iter().take(40).enumerate() {
        if let Some(c) = TITLE_LABEL.captures(l.norm.as_str())
            && let Some(m) = c.get(1)
            && let Some(t) = parse_title(m.as_str())
        {
            let span = l.norm.span(l.run, m.range());
            return (Some((m.as_str().to_string(), span, t)), Some(i));
        }
    }
    // Early lines, whole or split at white space and `_ |`, and short lines
    // joined in twos and threes (titles broken over lines).
    // Whether each line that can be joined (below) is over 40 characters.
    let long: Vec<bool> = lines
        .iter()
        .take(62)
        .map(|l| l.norm.as_str().chars().nth(40).is_some())
        .collect();
    for (i, l) in lines.iter().take(60).enumerate() {
        let raw = l.run.as_str();
        // A title ends in 报告 or 年报: without 报, no piece can be one.
        let pieces = if raw.contains('报') { raw } else { "" };
        // Whether a piece normalised to the whole line (then already read).
        let mut whole_read = false;
        for (start, piece) in title_pieces(pieces) {
            if !ends_like_title(piece) {
                continue;
            }
            let norm = Norm::new(piece);
            if let Some(t) = parse_title(norm.as_str()) {
                let span = l.run.span_of(start..start + piece.len());
                return (Some((norm.as_str().to_string(), span, t)), Some(i));
            }
            whole_read |= norm.as_str() == l.norm.as_str();
        }
        if !whole_read && let Some(t) = parse_title(l.norm.as_str()) {
            return (
                Some((l.norm.as_str().to_string(), l.run.span(), t)),
                Some(i),
            );
        }
        for n in [2, 3] {
            let Some(group) = lines.get(i..i + n) else {
                continue;
            };
            if group.iter().any(|g| g.furniture)
                || long.get(i..i + n).is_none_or(|l| l.contains(&true))
            {
                continue;
            }
            // The first test of `parse_title`, made before joining.
            let mut parts = [""; 3];
            for (p, g) in parts.iter_mut().zip(group) {
                *p = g.norm.as_str();
            }
            let parts = parts.get(..n).unwrap_or(&parts);
            if !parts_end_like_title(parts) {
                continue;
            }
            let joined: String = parts.concat();
            if let Some(t) = parse_title(&joined) {
                let span = group
                    .iter()
                    .map(|g| g.run.span())
                    .reduce(Span::cover)
                    .unwrap_or_default();
                return (Some((joined, span, t)), Some(i + n - 1));
            }
        }
    }
    (None, None)
}

fn publisher_label(lines: &[Line<'_>]) -> Option<String> {
    lines.iter().take(40).find_map(|l| {
        let name = publisher_name(l.norm.as_str())?;
        let name = META_STOP
            .iter()
            .filter_map(|w| name.find(w))
            .min()
            .map_or(name, |p| &name[..p]);
        (name_ok(name) && has_body_suffix(name)).then(|| name.to_string())
    })
}

/// Labels that end a metadata value run together with the next one.
const META_STOP: &[&str] = &["栏目", "发布时间", "文号", "来源", "作者", "原文链接"];

/// `text.split(['。', '；'])` by a byte scan (`。` is E3 80 82, `；` is
/// EF BC 9B).
fn split_sentences(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    let (mut start, mut at) = (0, 0);
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        while let Some(p) = bytes.get(at..).and_then(|t| memchr::memchr2(0xe3, 0xef, t)) {
            let i = at + p;
            at = i + 1;
            if let (Some(0xe3), Some(0x80), Some(0x82)) | (Some(0xef), Some(0xbc), Some(0x9b)) =
                (bytes.get(i), bytes.get(i + 1), bytes.get(i + 2))
            {
                let piece = text.get(start..i);
                start = i + 3;
                at = start;
                return piece;
            }
        }
        done = true;
        text.get(start..)
    })
}

/// The body's own name as the subject of the overview's first sentence
/// (`2023年，平潭综合实验区坚持…`), when written in full.
fn overview_subject(lines: &[Line<'_>]) -> Option<String> {
    lines
        .iter()
        .filter(|l| !l.furniture)
        .take(30)
        .flat_map(|l| split_sentences(l.norm.as_str()))
        .find_map(|sentence| {
            let s = sentence.trim_start_matches(|c: char| !is_han(c) && !c.is_ascii_digit());
            let name = subject_name(s)?;
            let abbreviated = [
                "市", "区", "县", "省", "全", "各", "局", "委", "我", "本", "该",
            ]
            .iter()
            .any(|p| name.starts_with(p));
            (name_ok(name) && has_body_suffix(name) && !abbreviated).then(|| name.to_string())
        })
}

fn period_year(lines: &[Line<'_>]) -> Option<i32> {
    let text: String = lines
        .iter()
        .filter(|l| !l.furniture)
        .take(40)
        .map(|l| l.norm.as_str())
        .collect::<Vec<_>>()
        .join("。");
    let text = text.get(..text.len().min(12_000)).unwrap_or(&text);
    period_in(text)
}

/// The publication date: a metadata line, a bare date in the page header,
/// or the dated signature at the end.
fn published(lines: &[Line<'_>], title_idx: Option<usize>, year: Option<i32>) -> Option<String> {
    let plausible = |d: &String| {
        let y: i32 = d.get(..4).and_then(|y| y.parse().ok()).unwrap_or(0);
        year.is_none_or(|r| (r..=r + 2).contains(&y))
    };
    // Metadata lines.
    for l in lines {
        let s = l.norm.as_str();
        for end in meta_date_ends(s) {
            let rest = s[end..].trim_start_matches(['[', '【', '（']);
            if let Some((d, len)) = date_at_start(rest)
                && !starts_range(&rest[len..])
                && plausible(&d)
            {
                return Some(d);
            }
        }
    }
    // A bare date in the header, before or just after the title.
    let header_end = title_idx.map_or(12, |t| t + 3).min(lines.len());
    if let Some(d) = lines
        .get(..header_end)
        .into_iter()
        .flatten()
        .find_map(|l| bare_date(l.norm.as_str()))
        .filter(plausible)
    {
        return Some(d);
    }
    // The dated signature at the end.
    let tail: Vec<&Line<'_>> = lines
        .iter()
        .rev()
        .filter(|l| !l.furniture && !l.norm.as_str().starts_with("附件"))
        .take(6)
        .collect();
    for l in &tail {
        let s = l.norm.as_str();
        if s.chars().count() <= 60 && !s.contains('。') {
            for r in [&CN_DATE, &ISO_DATE] {
                if let Some(c) = r.captures(s)
                    && let Some(m) = c.get(0)
                    && m.end() == s.len()
                    && name_ok_or_empty(&s[..m.start()])
                    && let Some(d) = ymd(
                        c.get(1).map_or("", |x| x.as_str()),
                        c.get(2).map_or("", |x| x.as_str()),
                        c.get(3).map_or("", |x| x.as_str()),
                    )
                    && plausible(&d)
                {
                    return Some(d);
                }
            }
        }
    }
    // A signature run into the last paragraph of flattened text.
    let last = tail.first()?;
    let raw = last.run.as_str();
    let from = raw.len().saturating_sub(600);
    let from = (from..raw.len())
        .find(|i| raw.is_char_boundary(*i))
        .unwrap_or(0);
    let window = &raw[from..];
    for m in CN_DATE.captures_iter(window) {
        let Some(all) = m.get(0) else { continue };
        let before = window[..all.start()].chars().next_back();
        let after = window[all.end()..].chars().next();
        let bounded = before.is_none_or(|c| c.is_whitespace() || c == '。')
            && after.is_none_or(char::is_whitespace);
        if bounded
            && let Some(d) = ymd(
                m.get(1).map_or("", |x| x.as_str()),
                m.get(2).map_or("", |x| x.as_str()),
                m.get(3).map_or("", |x| x.as_str()),
            )
            && plausible(&d)
        {
            return Some(d);
        }
    }
    None
}

fn name_ok_or_empty(s: &str) -> bool {
    s.is_empty() || name_ok(s)
}

/// Whether `s` has an ASCII letter: `s.bytes().any(u8::is_ascii_alphabetic)`
/// a block of 32 bytes at a time, each block tested without branches (so
/// that the compiler can test its bytes together).
fn has_ascii_letter(s: &str) -> bool {
    s.as_bytes().chunks(32).any(|block| {
        block
            .iter()
            .fold(false, |any, &b| any | ((b | 0x20).wrapping_sub(b'a') < 26))
    })
}

/// Spam-like runs of text (Latin letters and digits run into Chinese with
/// underscores or gambling words), shortened for a warning.
fn spam_snippets(lines: &[Line<'_>]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for l in lines {
        let s = l.norm.as_str();
        // Only tokens with Latin letters are looked at, and only spam-like
        // ones kept: a token holds Han characters, ASCII letters and digits
        // and `_` only, so its lowercase form is the token with its ASCII
        // letters lowered, and it can be spam-like only when the line holds
        // a spam word in some ASCII case, or an underscore.
        if !has_ascii_letter(s) || !(s.contains('_') || holds_spam_word(s)) {
            continue;
        }
        for token in s.split(|c: char| !(is_han(c) || c.is_ascii_alphanumeric() || c == '_')) {
            let has_latin = token.chars().any(|c| c.is_ascii_alphabetic());
            if !has_latin || !token.chars().any(is_han) || !spam_like(token) {
                continue;
            }
            // Keep the token up to its last Latin letter, digit, underscore
            // or spam word.
            let lower = token.to_lowercase();
            let mut end = token
                .char_indices()
                .filter(|(_, c)| c.is_ascii_alphanumeric() || *c == '_')
                .map(|(i, c)| i + c.len_utf8())
                .max()
                .unwrap_or(0);
            for w in SPAM_WORDS {
                if let Some(p) = lower.rfind(w) {
                    end = end.max(p + w.len());
                }
            }
            let snippet = token.get(..end).unwrap_or(token).to_string();
            if !out.contains(&snippet) {
                out.push(snippet);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(input: &str, agency: Option<&str>, year: Option<i32>) {
        let got = parse_title(input);
        assert_eq!(
            got,
            Some(Title {
                agency: agency.map(String::from),
                year
            }),
            "{input}"
        );
    }

    #[test]
    fn titles() {
        check(
            "郑州市工业和信息化局2018年政府信息公开工作年度报告",
            Some("郑州市工业和信息化局"),
            Some(2018),
        );
        check(
            "2019年上海市人民政府办公厅政府信息公开工作年度报告",
            Some("上海市人民政府办公厅"),
            Some(2019),
        );
        check(
            "青岛市经济和信息化委2018年度政府信息公开工作报告",
            Some("青岛市经济和信息化委"),
            Some(2018),
        );
        check("2023年政府信息公开工作年度报告", None, Some(2023));
        check(
            "某某县人民政府二〇一八年政府信息公开工作年度报告",
            Some("某某县人民政府"),
            Some(2018),
        );
        check("某某局政府信息公开年度报告", Some("某某局"), None);
        check(
            "某某局政府信息公开工作2015年度报告",
            Some("某某局"),
            Some(2015),
        );
        check(
            "某某县人民政府关于2018年政府信息公开工作的年度报告",
            Some("某某县人民政府"),
            Some(2018),
        );
        assert_eq!(
            parse_title("关于做好2018年政府信息公开工作年度报告编制发布工作的通知"),
            None
        );
    }

    /// A document of one paragraph per line.
    fn doc(text: &str) -> Document {
        use nianbao_core::{Block, SourceFormat};
        let mut blocks = Vec::new();
        let mut at = 0;
        for line in text.split_inclusive('\n') {
            let run = TextRun::verbatim(line, at).trimmed();
            if !run.is_empty() {
                let span = run.span();
                blocks.push(Block {
                    kind: BlockKind::Paragraph(run),
                    span,
                });
            }
            at += line.len();
        }
        Document::from_blocks(text.to_string(), SourceFormat::Text, blocks)
    }

    #[track_caller]
    fn identity(input: &str, agency: Option<&str>, year: Option<i32>, published: Option<&str>) {
        let id = identify(&doc(input));
        assert_eq!(
            (
                id.meta.agency.as_deref(),
                id.meta.year,
                id.meta.published.as_deref()
            ),
            (agency, year, published),
            "{input}"
        );
    }

    #[test]
    fn identities() {
        // Metadata line beats the signature; 来源 is not the issuer.
        identity(
            "某某市某某局2018年度政府信息公开工作报告\n发布日期：2019-01-17 来源：某某市人民政府\n正文。\n某某市某某局\n2019年1月14日\n",
            Some("某某市某某局"),
            Some(2018),
            Some("2019-01-17"),
        );
        // Bare header date; signature only when nothing else.
        identity(
            "•某某局\n•2019-03-29\n某某局2018年政府信息公开工作年度报告\n正文。\n",
            Some("某某局"),
            Some(2018),
            Some("2019-03-29"),
        );
        identity(
            "某某局2018年政府信息公开工作年度报告\n正文。\n某某局\n二〇一九年一月十七日\n",
            Some("某某局"),
            Some(2018),
            Some("2019-01-17"),
        );
        // Title broken over two lines.
        identity(
            "某某区人民政府\n2023 年政府信息公开工作年度报告\n正文。\n",
            Some("某某区人民政府"),
            Some(2023),
            None,
        );
        // No title: year from the statistics period, agency from the
        // overview's subject only when written in full.
        identity(
            "本报告所列数据为2020年1月1日至2020年12月31日。\n一、总体情况\n2020年，某某市某某区人民政府坚持依法公开。\n",
            Some("某某市某某区人民政府"),
            Some(2020),
            None,
        );
        identity(
            "本报告所列数据为2020年1月1日至2020年12月31日。\n市工信局深入贯彻落实《条例》。\n",
            None,
            Some(2020),
            None,
        );
        // Crawler header.
        identity(
            "标题: 某某县人民政府2011年政府信息公开工作年度报告\n发布时间: 2012-04-18 00:00\n正文。\n",
            Some("某某县人民政府"),
            Some(2011),
            Some("2012-04-18"),
        );
        // Spam in place of the name: no agency, a warning.
        let id = identify(&doc(
            "本报告所列数据为2020年1月1日至2020年12月31日。\n严格执行《365bet苹果版_365服务热线_bet体育365正规吗工业和信息化局实施方案》。\n",
        ));
        assert_eq!(id.meta.agency, None);
        assert!(
            id.warnings
                .iter()
                .any(|w| w.contains("365bet苹果版_365服务热线_bet体育365正规吗")),
            "{:?}",
            id.warnings
        );
    }

    #[test]
    fn ascii_letters() {
        for b in 0..=255u8 {
            let s = [b'x', b];
            let block = [[b'0'; 40].as_slice(), &[b]].concat();
            for bytes in [&[b][..], &s[1..], &block[..]] {
                if let Ok(t) = std::str::from_utf8(bytes) {
                    assert_eq!(has_ascii_letter(t), b.is_ascii_alphabetic(), "{b}");
                }
            }
        }
        assert!(!has_ascii_letter("某局２０１８年"));
        assert!(has_ascii_letter(&format!("{}H5", "某".repeat(20))));
    }

    #[test]
    fn periods_as_expressions() {
        let oracle = |text: &str| {
            [&PERIOD, &RANGE, &ANNOUNCE].iter().find_map(|r| {
                r.captures(text)
                    .and_then(|c| c.get(1))
                    .and_then(|m| year_value(m.as_str()))
            })
        };
        for text in [
            "",
            "本报告中所列数据的统计期限自2018年1月1日起至2018年12月31日止。",
            "数据统计期限为二〇一八年度。统计时间2017年",
            "统计时间：3018年度。所列数据统计期限为2019年3月。",
            "现将本机关2018年度政府信息公开工作报告公布如下。",
            "特向社会公布2016年政府信息公开年度报告。现公布1999年度政务公开",
            "向社会公布。现予公布2020年度的有关情况和政务公开。",
            "统计周期是从２０１８年１月１日",
            "2018年1月1日至12月31日。统计区间为2019年度",
            "公布统计公布统计",
        ] {
            assert_eq!(period_in(text), oracle(text), "{text}");
        }
    }

    #[test]
    fn title_shapes_as_expressions() {
        for s in [
            "政府信息公开年报",
            "栏目：政府信息公开年报",
            "年政府信息公开工作年度报告",
            "平潭综合实验区3129年度政府信息公开工作年度报告",
            "北岭市生态环境局3132年政府信息公开工作年度报告",
            "•郑州市工业和信息化局•政府信息公开年度报告",
            "某某局政府信息公开2018年度工作报告",
            "某某局政务公开二〇一八年报告",
            "某某局政务公开２０１８年报告",
            "某某３局政务公开年报",
            "某某①局政务公开年报",
            "某1局政务公开年报",
            "某政府信息与政务公开工作年度年报",
            "某某局政府信息公开19年报告",
            "某某局政府信息公开工作2020年度工作年报",
            "某某局政府信息公开工作2x20年度工作年报",
            "首页>政务公开>政府信息公开年报",
            "信息公开年报",
        ] {
            assert_eq!(no_year_title(s), TITLE_NO_YEAR.is_match(s), "{s}");
            assert!(
                year_inside_shape(s) || !TITLE_YEAR_INSIDE.is_match(s),
                "{s}"
            );
        }
        assert!(year_inside_shape("某某局政府信息公开2018年度工作报告"));
    }

    #[test]
    fn han_classes_as_expression() {
        let class = Regex::new(r"^[\p{Han}（）]$").unwrap();
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            if let Some(known) = han_or_bracket(c) {
                assert_eq!(known, class.is_match(c.encode_utf8(&mut [0; 4])), "{c:?}");
            }
        }
    }

    /// [`SUBJECT`]'s name, as the expression reads it.
    fn subject_oracle(s: &str) -> Option<&str> {
        SUBJECT.captures(s)?.name("name").map(|m| m.as_str())
    }

    #[test]
    fn subject_verb_openings() {
        for v in SUBJECT_VERBS {
            assert!(v.chars().next().is_some_and(opens_subject_verb), "{v}");
        }
        let openings: std::collections::BTreeSet<char> = SUBJECT_VERBS
            .iter()
            .filter_map(|v| v.chars().next())
            .collect();
        assert_eq!(openings.len(), 15);
    }

    #[test]
    fn subjects_as_expression() {
        for s in [
            "",
            "2023年，平潭综合实验区坚持以习近平",
            "2023年度以来，某某市人民政府认真",
            "2023年度某某局坚持",
            "2023年某某局（办公室）按照",
            "某某局坚持全面",
            "某局持续",
            "２０２３年，某某局坚持",
            "2023年，某々局坚持",
            "20a3年某某局坚持",
            "2023年某某局、某某委坚持",
        ] {
            assert_eq!(subject_name(s), subject_oracle(s), "{s}");
        }
        assert_eq!(subject_scan("2023年，某某局坚持"), Subject::Name("某某局"));
    }

    proptest::proptest! {
        #[test]
        fn subject_scan_as_expression(
            s in "(19|20|2|0|9|1|２|年|度|以来|以|，|（|）|、|。|a|某|局|区|〇|々|坚持|进一步|以习近平|持续|高度重视|\u{3400}|\u{2e80}){0,40}"
        ) {
            proptest::prop_assert_eq!(subject_name(&s), subject_oracle(&s));
        }
    }

    proptest::proptest! {
        #[test]
        fn agency_before_body_as_expression(
            s in "(某|局|\n|a|1|政府|政务|信息|与|公开|政府信息公开|信息公开|人民政府|工作){0,30}"
        ) {
            let want = LEADING_AGENCY
                .captures(&s)
                .and_then(|c| c.name("agency"))
                .map(|m| m.as_str());
            proptest::prop_assert_eq!(agency_before_body(&s), want);
        }
    }

    proptest::proptest! {
        #[test]
        fn publisher_name_as_expression(
            s in "(发布机构|发文机关|发布单位|机构|：|某|局|（|）|a|々|，|市人民政府办公室){0,30}"
        ) {
            let want = PUBLISHER_LABEL
                .captures(&s)
                .and_then(|c| c.get(1))
                .map(|m| m.as_str());
            proptest::prop_assert_eq!(publisher_name(&s), want);
        }
    }

    #[test]
    fn body_forms_are_body() {
        assert!(BODY_FORMS.iter().all(|f| f.starts_with(['政', '信'])));
        assert_eq!(BODY, format!("(?:{})", BODY_FORMS.join("|")));
    }

    #[test]
    fn year_digits() {
        let class: String = YEAR_CN_DIGITS.iter().collect();
        assert!(YEAR.ends_with(&format!("|[{class}]{{4}}")));
    }

    #[test]
    fn meta_dates_as_expression() {
        for s in [
            "",
            "发布日期：2019-01-17来源：某局",
            "日期：时间：发布时间：：成文日期：2019年1月1日 更新日期2019 公开日期：",
            "时间：：日期",
            "发布日期:2019",
        ] {
            let want: Vec<usize> = META_DATE.find_iter(s).map(|m| m.end()).collect();
            assert_eq!(meta_date_ends(s).collect::<Vec<_>>(), want, "{s}");
        }
    }

    #[test]
    fn sentences_as_split() {
        for text in ["", "。", "；；", "甲。乙；丙", "甲。乙；", "ｘ〇。！"] {
            let want: Vec<&str> = text.split(['。', '；']).collect();
            assert_eq!(split_sentences(text).collect::<Vec<_>>(), want, "{text}");
        }
    }

    #[test]
    fn pieces_as_split() {
        for raw in [
            "",
            "某局 2018年报告",
            "__首页>>某局｜某某县2018年政府信息公开年度报告》 \u{3000}正文\u{200b}报告 ",
            "a\u{85}b\u{a0}c\u{1680}d\u{2000}e\u{2028}f\u{205f}g\u{3000}h\t",
            "（报告）|年报_",
        ] {
            let want: Vec<(usize, &str)> = raw
                .split(is_piece_separator)
                .scan(0, |at, p| {
                    let start = *at;
                    *at += p.len()
                        + raw[*at + p.len()..]
                            .chars()
                            .next()
                            .map_or(0, char::len_utf8);
                    Some((start, p))
                })
                .filter(|(_, p)| !p.is_empty())
                .collect();
            assert_eq!(title_pieces(raw).collect::<Vec<_>>(), want, "{raw}");
        }
    }

    #[test]
    fn spam_in_any_ascii_case() {
        let id = identify(&doc(
            "严格执行《365BET苹果版》。\n访问Casino娱乐城网址。\n仿宋_GB2312字体。\n",
        ));
        for snippet in ["365BET苹果版", "Casino娱乐城"] {
            assert!(
                id.warnings.iter().any(|w| w.ends_with(snippet)),
                "{snippet}: {:?}",
                id.warnings
            );
        }
        assert_eq!(id.warnings.len(), 2, "{:?}", id.warnings);
        for line in [
            "xPoKeRy",
            "bEt",
            "某博彩",
            "CASINO",
            "ab赌",
            "体育官网",
            "be t",
            "cas1no",
        ] {
            let lower = line.to_ascii_lowercase();
            let want = SPAM_WORDS.iter().any(|w| lower.contains(w));
            assert_eq!(holds_spam_word(line), want, "{line}");
        }
    }

    #[test]
    fn lowering_makes_ascii_only_of() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            if c.to_lowercase().any(|l| l.is_ascii()) {
                assert!(c.is_ascii() || c == '\u{212a}' || c == '\u{130}', "{c:?}");
            }
        }
        assert!(
            SPAM_WORDS
                .iter()
                .all(|w| w.is_ascii() || w.chars().all(is_han))
        );
    }

    proptest::proptest! {
        #[test]
        fn spam_like_as_lowered(
            s in "(某|局|体育|娱乐|官网|平台|真人|博彩|彩票|赌|百家乐|正规吗|注册送|下注|BET|Bet|\u{212a}|\u{130}|poker|casino|APP|_|1|“|·|a){0,12}"
        ) {
            let lower = s.to_lowercase();
            let latin = s.chars().any(|c| c.is_ascii_alphanumeric());
            let want = SPAM_WORDS.iter().any(|w| lower.contains(w))
                || (latin && s.contains('_') && WEAK_SPAM_WORDS.iter().any(|w| lower.contains(w)));
            proptest::prop_assert_eq!(spam_like(&s), want);
        }
    }

    #[test]
    fn names_and_spam() {
        assert!(name_ok("平潭综合实验区地方税务局"));
        assert!(name_ok("某市体育局"));
        assert!(!name_ok(
            "365bet苹果版_365服务热线_bet体育365正规吗工业和信息化局"
        ));
        assert!(!name_ok("我局"));
        assert!(spam_like("365bet苹果版_365服务热线_bet体育365正规吗"));
        assert!(spam_like("澳门博彩娱乐城"));
        assert!(!spam_like("H5等形式"));
        assert!(!spam_like("某市体育局"));
        assert!(!spam_like("仿宋_GB2312"));
        assert!(spam_like("xx体育_app下载"));
    }

    #[test]
    fn dates() {
        assert_eq!(bare_date("•2019-03-29"), Some("2019-03-29".into()));
        assert_eq!(bare_date("2019-01-10 16：13"), Some("2019-01-10".into()));
        assert_eq!(bare_date("2019年1月17日"), Some("2019-01-17".into()));
        assert_eq!(bare_date("二○一二年二月二十日"), Some("2012-02-20".into()));
        assert_eq!(bare_date("2019222"), None);
        assert_eq!(bare_date("2019-13-01"), None);
    }
}
