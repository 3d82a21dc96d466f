//! Label matching: which template row, column or section a piece of text
//! names, tolerant to numbering styles, bracket widths, quotes, appended
//! explanations and white space inside labels.

use crate::cell::Unit;
use nianbao_core::words::Words;
use std::cell::RefCell;
use std::sync::LazyLock;
use std::thread::LocalKey;

/// Folds a label for matching: white space and quotes removed, brackets,
/// colons, slashes, dots and digits made ASCII.
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    normalize_into(s, &mut out);
    out
}

/// Appends [`normalize`]`(s)` to `out`.
pub fn normalize_into(s: &str, out: &mut String) {
    let bytes = s.as_bytes();
    // Unchanged characters are copied in runs, from `kept` on.
    let mut kept = 0;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        // Lead bytes E4…E9 start U+4000…U+9FFF (Han), which are kept; so is
        // any ASCII byte `fold_label_char` leaves alone.
        if (0xE4..=0xE9).contains(&b) {
            i += 3;
            continue;
        }
        if b.is_ascii() && !matches!(b, b'\t'..=b'\r' | b' ' | b'[' | b']' | b'"' | b'\'') {
            i += 1;
            continue;
        }
        let Some(c) = s.get(i..).and_then(|r| r.chars().next()) else {
            break;
        };
        let len = c.len_utf8();
        let folded = fold_label_char(c);
        if folded != Some(c) {
            out.push_str(s.get(kept..i).unwrap_or(""));
            if let Some(f) = folded {
                out.push(f);
            }
            kept = i + len;
        }
        i += len;
    }
    out.push_str(s.get(kept..).unwrap_or(""));
}

/// A character as [`normalize`] keeps it, or `None` when it drops it.
fn fold_label_char(c: char) -> Option<char> {
    if c.is_whitespace() || matches!(c, '\u{200b}' | '\u{feff}' | '\u{a0}') {
        return None;
    }
    let c = match c {
        '（' | '〔' | '［' | '【' | '[' => '(',
        '）' | '〕' | '］' | '】' | ']' => ')',
        '．' => '.',
        '：' => ':',
        '，' => ',',
        '／' => '/',
        '；' => ';',
        '０'..='９' => crate::cell::fold_char(c),
        '“' | '”' | '"' | '‘' | '’' | '\'' | '「' | '」' | '『' | '』' | '《' | '》' =>
        {
            return None;
        }
        _ => c,
    };
    Some(c)
}

/// Whether the text inside a bracket pair is section numbering (（一）, (1)).
fn is_numbering_body(body: &str) -> bool {
    !body.is_empty()
        && body.chars().count() <= 3
        && body.chars().all(|c| c.is_ascii_digit() || is_numeral(c))
}

/// Whether `c` is a Chinese numeral 一 … 十.
fn is_numeral(c: char) -> bool {
    matches!(
        c,
        '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
    )
}

/// Removes parenthesised explanations from a normalized label, keeping
/// bracketed numbering: `(二)部分公开(区分处理的,…)` → `(二)部分公开`.
/// An unclosed bracket drops the rest; an unopened closing bracket drops
/// what precedes it.
pub fn strip_explanations(s: &str) -> String {
    // Without brackets there is nothing to remove.
    if memchr::memchr2(b'(', b')', s.as_bytes()).is_none() {
        return s.to_string();
    }
    // Drop an unopened prefix first.
    let mut depth: i32 = 0;
    let mut cut = 0;
    for i in memchr::memchr2_iter(b'(', b')', s.as_bytes()) {
        match s.as_bytes().get(i) {
            Some(b'(') => depth += 1,
            Some(b')') if depth == 0 => cut = i + 1,
            _ => depth -= 1,
        }
    }
    let s = &s[cut..];
    let mut out = String::with_capacity(s.len());
    let mut stack: Vec<usize> = Vec::new();
    // The text between brackets is copied in runs, from `kept` on (the
    // brackets are ASCII, so every run is whole characters).
    let mut kept = 0;
    for i in memchr::memchr2_iter(b'(', b')', s.as_bytes()) {
        out.push_str(&s[kept..i]);
        kept = i + 1;
        if s.as_bytes().get(i) == Some(&b'(') {
            stack.push(out.len());
            out.push('(');
        } else if let Some(open) = stack.pop() {
            let body = out.get(open + 1..).unwrap_or("");
            if stack.is_empty() && is_numbering_body(body) {
                out.push(')');
            } else {
                out.truncate(open);
            }
        }
    }
    out.push_str(&s[kept..]);
    if let Some(&open) = stack.first() {
        out.truncate(open);
    }
    out
}

/// Table 三 rows and the distinctive words that name them. The rightmost
/// match in a label wins, so a group label written before a row label
/// (（三）不予公开 1.属于国家秘密) never decides over the row's own words.
const T3_PATTERNS: &[(&str, &[&str])] = &[
    ("new_received", &["本年新收", "新收政府信息公开申请"]),
    ("carried_over", &["上年结转"]),
    ("granted", &["予以公开"]),
    ("partial", &["部分公开"]),
    ("denied_state_secret", &["国家秘密"]),
    (
        "denied_law",
        &["法律行政法规禁止", "法规禁止公开", "禁止公开", "其他法律"],
    ),
    ("denied_safety", &["三安全一稳定", "危及"]),
    ("denied_third_party", &["第三方"]),
    ("denied_internal", &["内部事务"]),
    ("denied_process", &["过程性"]),
    ("denied_enforcement", &["执法案卷"]),
    ("denied_query", &["查询事项", "行政查询"]),
    ("unable_not_held", &["不掌握"]),
    ("unable_create", &["另行制作", "没有现成"]),
    ("unable_unclear", &["仍不明确", "补正后"]),
    ("rejected_petition", &["信访", "举报投诉"]),
    ("rejected_duplicate", &["重复申请"]),
    ("rejected_publication", &["出版物"]),
    ("rejected_mass", &["大量反复"]),
    ("rejected_confirm", &["重新出具", "确认或"]),
    ("other", &["其他处理"]),
    ("other_no_correction", &["不补正"]),
    ("other_no_fee", &["缴纳费用", "收费通知"]),
    ("handled_total", &["总计", "合计"]),
    ("carried_forward", &["结转下年度", "下年度继续办理"]),
];

/// The table 三 row a label names, by its rightmost distinctive words.
/// `其他` alone (after numbering) names the 2021 row （六）3.其他.
pub fn t3_row(label: &str) -> Option<&'static str> {
    t3_row_stripped(&strip_explanations(&normalize(label)))
}

/// [`t3_row`] of a label already normalized and stripped of explanations.
/// (The table 三 reader remembers its answers by label.)
pub fn t3_row_stripped(s: &str) -> Option<&'static str> {
    static WORDS: LazyLock<Words> =
        LazyLock::new(|| Words::new(T3_PATTERNS.iter().flat_map(|(_, p)| p.iter().copied())));
    let hits = WORDS.find(s);
    let mut hit = hits.iter();
    let mut best: Option<(usize, usize, &'static str)> = None;
    for (key, pats) in T3_PATTERNS {
        for p in *pats {
            if let Some(pos) = hit.next().and_then(|h| h.last) {
                let cand = (pos, p.len(), *key);
                if best.is_none_or(|b| (cand.0, cand.1) > (b.0, b.1)) {
                    best = Some(cand);
                }
            }
        }
    }
    if let Some(stem) = s.strip_suffix("其他") {
        let numbered = stem.is_empty()
            || stem.ends_with('.')
            || stem.ends_with('、')
            || stem.ends_with(')')
            || stem.ends_with(':');
        let pos = stem.len();
        if numbered && best.is_none_or(|b| pos > b.0) {
            best = Some((pos, "其他".len(), "other_misc"));
        }
    }
    best.map(|b| b.2)
}

/// Answers remembered by label.
pub(crate) type Seen<T> = rustc_hash::FxHashMap<Box<str>, T>;

/// `read(&compute(s))`, with the answer of `compute` remembered in `seen`
/// for labels up to [`CACHED_LEN`] bytes, a few thousand per thread at
/// most: `compute` must depend on the label alone.
pub(crate) fn remembered<T, R>(
    seen: &'static LocalKey<RefCell<Seen<T>>>,
    s: &str,
    compute: impl FnOnce(&str) -> T,
    read: impl FnOnce(&T) -> R,
) -> R {
    if s.len() > CACHED_LEN {
        return read(&compute(s));
    }
    seen.with(|seen| {
        if let Some(answer) = seen.borrow().get(s) {
            return read(answer);
        }
        let answer = compute(s);
        let out = read(&answer);
        let mut seen = seen.borrow_mut();
        if seen.len() >= CACHE_SIZE {
            seen.clear();
        }
        seen.insert(s.into(), answer);
        out
    })
}

/// The longest label whose answer [`remembered`] keeps.
const CACHED_LEN: usize = 128;

/// How many answers [`remembered`] keeps at most per use and thread.
const CACHE_SIZE: usize = 4096;

/// The groups of table 三 whose rows are numbered 1., 2., … under a group
/// label: （三）不予公开, （四）无法提供, （五）不予处理, （六）其他处理 (split).
pub const T3_GROUPS: &[(&str, &[&str])] = &[
    (
        "不予公开",
        &[
            "denied_state_secret",
            "denied_law",
            "denied_safety",
            "denied_third_party",
            "denied_internal",
            "denied_process",
            "denied_enforcement",
            "denied_query",
        ],
    ),
    (
        "无法提供",
        &["unable_not_held", "unable_create", "unable_unclear"],
    ),
    (
        "不予处理",
        &[
            "rejected_petition",
            "rejected_duplicate",
            "rejected_publication",
            "rejected_mass",
            "rejected_confirm",
        ],
    ),
    (
        "其他处理",
        &["other_no_correction", "other_no_fee", "other_misc"],
    ),
];

/// The table 三 group a label names last (index into [`T3_GROUPS`]).
pub fn t3_group(label: &str) -> Option<usize> {
    t3_group_stripped(&strip_explanations(&normalize(label)))
}

/// [`t3_group`] of a label already normalized and stripped of explanations.
pub fn t3_group_stripped(s: &str) -> Option<usize> {
    static WORDS: LazyLock<Words> =
        LazyLock::new(|| Words::new(T3_GROUPS.iter().map(|(name, _)| *name)));
    WORDS
        .find(s)
        .iter()
        .enumerate()
        .filter_map(|(i, h)| h.last.map(|p| (p, i)))
        .max()
        .map(|(_, i)| i)
}

/// The group a table 三 row belongs to (index into [`T3_GROUPS`]).
pub fn t3_group_of(key: &str) -> Option<usize> {
    T3_GROUPS.iter().position(|(_, rows)| rows.contains(&key))
}

/// The number of a label's last sub-row numbering (`2.`, `2、`, `（2）`),
/// when it is the last thing that numbers the label.
pub fn sub_number(label: &str) -> Option<usize> {
    let s = strip_explanations(&normalize(label));
    let chars: Vec<char> = s.chars().collect();
    let mut found = None;
    for i in 0..chars.len() {
        let Some(c) = chars.get(i).filter(|c| c.is_ascii_digit()) else {
            continue;
        };
        let before = i.checked_sub(1).and_then(|j| chars.get(j));
        if before.is_some_and(char::is_ascii_digit) {
            continue;
        }
        let after = chars.get(i + 1);
        let next = chars.get(i + 2);
        let dotted = matches!(after, Some('.' | '、')) && !next.is_some_and(char::is_ascii_digit);
        let bracketed = before == Some(&'(') && after == Some(&')');
        if dotted || bracketed {
            found = c.to_digit(10).map(|d| d as usize);
        }
    }
    found
}

/// Table 二 rows by name; a label names the row whose name it ends with
/// (the longest such name).
const T2_ROWS: &[(&str, &str)] = &[
    ("规章", "rules"),
    ("行政规范性文件", "normative"),
    ("规范性文件", "normative"),
    ("行政许可", "licensing"),
    ("其他对外管理服务事项", "other_services"),
    ("对外管理服务事项", "other_services"),
    ("行政处罚", "penalty"),
    ("行政强制", "coercion"),
    ("行政事业性收费", "fees"),
    ("政府集中采购", "procurement"),
];

/// The table 二 row a label names.
pub fn t2_row(label: &str) -> Option<&'static str> {
    let s = strip_explanations(&normalize(label));
    let s = s.trim_end_matches([':', ',', '.', '、', ';']);
    T2_ROWS
        .iter()
        .filter(|(name, _)| s.ends_with(name))
        .max_by_key(|(name, _)| name.len())
        .map(|(_, key)| *key)
}

/// Table 二 column headers and their keys.
const T2_COLUMNS: &[(&str, &str)] = &[
    ("本年新制作数量", "made"),
    ("本年新公开数量", "published"),
    ("对外公开总数量", "total"),
    ("本年制发件数", "issued"),
    ("本年废止件数", "repealed"),
    ("现行有效件数", "in_force"),
    ("上一年项目数量", "prev"),
    ("本年增/减", "change"),
    ("本年增减", "change"),
    ("本年处理决定数量", "decisions"),
    ("处理决定数量", "decisions"),
    ("本年收费金额", "amount_wan"),
    ("采购项目数量", "count"),
    ("采购总金额", "amount_yuan"),
];

/// The characters the names in [`T2_COLUMNS`] start with.
const T2_COLUMN_STARTS: [char; 6] = ['本', '对', '现', '上', '处', '采'];

/// A table 二 column named in a header, with the money unit the header
/// states for it (`（单位：万元）`), if any.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct T2Column {
    /// The column key (`made`, `issued`, `amount_wan`, …).
    pub key: &'static str,
    /// The unit printed in the header, if any.
    pub unit: Unit,
}

/// The table 二 columns a header text names, in order of appearance.
pub fn t2_columns(text: &str) -> Vec<T2Column> {
    let s = normalize(text);
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        let rest = &s[i..];
        // Only where a name's first character stands may a name start.
        let hit = if rest.starts_with(T2_COLUMN_STARTS) {
            T2_COLUMNS
                .iter()
                .filter(|(name, _)| rest.starts_with(name))
                .max_by_key(|(name, _)| name.len())
        } else {
            None
        };
        if let Some((name, key)) = hit {
            let after = &rest[name.len()..];
            let unit = header_unit(after);
            out.push(T2Column { key, unit });
            i += name.len();
        } else {
            i += rest.chars().next().map_or(1, char::len_utf8);
        }
    }
    out
}

/// The unit stated in a parenthesis at the start of `after` (`(单位:万元)`).
fn header_unit(after: &str) -> Unit {
    let Some(body) = after.strip_prefix('(') else {
        return Unit::None;
    };
    let body = body.split(')').next().unwrap_or("");
    if body.contains("万元") {
        Unit::Wan
    } else if body.contains('元') {
        Unit::Yuan
    } else {
        Unit::None
    }
}

/// The sections of a post-2019 report that hold the tables, plus the one
/// that follows them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Section {
    /// 二、主动公开政府信息情况 (table 二).
    Active,
    /// 三、收到和处理政府信息公开申请情况 (table 三).
    Requests,
    /// 四、政府信息公开行政复议、行政诉讼情况 (table 四).
    Review,
    /// 五、存在的主要问题及改进情况, or 六、其他需要报告的事项.
    After,
}

/// Section titles: the numbering and words that must follow it closely.
const SECTIONS: &[(Section, char, usize, &[&str])] = &[
    (Section::Active, '二', 14, &["主动公开"]),
    (Section::Requests, '三', 24, &["申请情况", "收到和处理"]),
    (Section::Review, '四', 30, &["复议", "诉讼"]),
    (Section::After, '五', 30, &["问题", "改进"]),
    (Section::After, '六', 30, &["其他需要报告"]),
];

/// The section titles in a normalized text, with their byte offsets, in
/// order. A title is its numeral (`二`), a separator (`、` or `.`) and one of
/// its words within a few characters.
pub fn sections(norm: &str) -> Vec<(usize, Section)> {
    let mut out = Vec::new();
    scan_titles(norm, true, |pos, section| {
        out.push((pos, section));
        true
    });
    out
}

/// Whether `norm` or any substring of it holds a title by the rules of
/// [`sections`]: the same test without the rule that a numeral glued to a
/// preceding numeral is another number (a substring may cut that numeral
/// off), so that it holds for a text whenever [`sections`] finds a title in
/// a substring of it.
pub fn may_hold_title(norm: &str) -> bool {
    let mut any = false;
    scan_titles(norm, false, |_, _| {
        any = true;
        false
    });
    any
}

/// Calls `f` with each section title of `norm` (byte offset and section),
/// in order, while it returns true; `glued` applies the rule that a numeral
/// glued to a preceding numeral is none.
fn scan_titles(norm: &str, glued: bool, mut f: impl FnMut(usize, Section) -> bool) {
    let bytes = norm.as_bytes();
    // One pass over the separators (`、`, `.`, `,`), each looking back at
    // the numeral before it: positions come in order, one title at most
    // each, so the result is sorted.
    for j in memchr::memchr3_iter(b'.', b',', 0xE3, bytes) {
        let sep_len = match bytes.get(j).copied().unwrap_or(0) {
            b'.' | b',' => 1,
            0xE3 if bytes.get(j + 1..j + 3) == Some(&[0x80, 0x81][..]) => 3,
            _ => continue,
        };
        // Every numeral is three bytes long.
        let Some(pos) = j.checked_sub(3) else {
            continue;
        };
        let Some(numeral) = norm.get(pos..j) else {
            continue;
        };
        let Some((section, _, window, words)) = SECTIONS.iter().find(|(_, n, _, _)| {
            let mut buf = [0u8; 4];
            numeral == n.encode_utf8(&mut buf)
        }) else {
            continue;
        };
        // A numeral glued to a preceding numeral (十二、) is another number.
        if glued && norm[..pos].chars().next_back().is_some_and(is_numeral) {
            continue;
        }
        let rest = norm.get(j + sep_len..).unwrap_or("");
        let head = rest
            .char_indices()
            .nth(*window)
            .map_or(rest, |(b, _)| &rest[..b]);
        if words.iter().any(|w| head.contains(w)) && !f(pos, *section) {
            return;
        }
    }
}

/// Whether a text names table 三's extra subtotal column (法人或其他组织小计).
pub fn has_subtotal_column(text: &str) -> bool {
    normalize(text).contains("小计")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A remembered answer is the computed one, asked once or again.
    #[test]
    fn remembered_answers_are_the_computed_ones() {
        thread_local! {
            static SEEN: RefCell<Seen<Option<&'static str>>> = RefCell::new(Seen::default());
        }
        let long = "本年新收".repeat(40);
        for label in [
            "1.本年新收",
            "(六)其他处理3.其他",
            "其他",
            "说明",
            "总计",
            &long,
        ] {
            for _ in 0..2 {
                let remembered = remembered(&SEEN, label, t3_row_stripped, |key| *key);
                assert_eq!(remembered, t3_row_stripped(label), "{label}");
            }
        }
    }

    #[track_caller]
    fn check(label: &str, expected: Option<&str>) {
        let got = if expected.is_some_and(|k| k.starts_with("t2.")) || label.starts_with("t2:") {
            t2_row(label.trim_start_matches("t2:")).map(|k| format!("t2.{k}"))
        } else {
            t3_row(label).map(|k| format!("t3.{k}"))
        };
        assert_eq!(got.as_deref(), expected, "{label}");
    }

    #[test]
    fn t3_rows() {
        check("一、本年新收政府信息公开申请数量", Some("t3.new_received"));
        check("二、上年结转政府信息公开申请数量", Some("t3.carried_over"));
        check("三、本年度办理结果 （一）予以公开", Some("t3.granted"));
        check(
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
            Some("t3.partial"),
        );
        check(
            "(二)部分公开(区分处理的,只计这一情 形,不\n计其他情形)",
            Some("t3.partial"),
        );
        check(
            "（三）不予公开 1.属于国家秘密",
            Some("t3.denied_state_secret"),
        );
        check("2.其他法律行政法规禁止公开", Some("t3.denied_law"));
        check("2.其他法律行政止公开", Some("t3.denied_law"));
        check("3.危及\"三安全一稳定\"", Some("t3.denied_safety"));
        check("3．危及“三安全 一稳定”", Some("t3.denied_safety"));
        check("4、保护第三方合法权益", Some("t3.denied_third_party"));
        check("5.属于三类内部事务信息", Some("t3.denied_internal"));
        check("6.属于四类过程性信息", Some("t3.denied_process"));
        check("7.属于行政执法案卷", Some("t3.denied_enforcement"));
        check("8.属于行政查询事项", Some("t3.denied_query"));
        check(
            "（四）无法提供 1.本机关不掌握相关政府信息",
            Some("t3.unable_not_held"),
        );
        check("2.没有现成信息需要另行制作", Some("t3.unable_create"));
        check("3.补正后申请内容仍不明确", Some("t3.unable_unclear"));
        check(
            "(五)不予处理 1.信访举报投诉类申请",
            Some("t3.rejected_petition"),
        );
        check("2.重复申请", Some("t3.rejected_duplicate"));
        check("3.要求提供公开出版物", Some("t3.rejected_publication"));
        check("4.无正当理由大量反复 申请", Some("t3.rejected_mass"));
        check(
            "5.要求行政机关确认或重 新出具\n已获取信息",
            Some("t3.rejected_confirm"),
        );
        check("（六）其他处理", Some("t3.other"));
        check(
            "（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            Some("t3.other_no_correction"),
        );
        check(
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            Some("t3.other_no_fee"),
        );
        check("3.其他", Some("t3.other_misc"));
        check("3、其他", Some("t3.other_misc"));
        check("(七)总计", Some("t3.handled_total"));
        check("四、结转下年度继续办理", Some("t3.carried_forward"));
        // Run-together crawler text: the header glued before the first row.
        check(
            "申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他一、本年新收政府信息公开申请数量",
            Some("t3.new_received"),
        );
        check("（三）不予公开", None);
        check("法律服务机构", None);
    }

    #[test]
    fn groups_and_numbers() {
        assert_eq!(t3_group("（四）无法提供 2."), Some(1));
        assert_eq!(t3_group("三、本年度办理结果 （三）不予公开"), Some(0));
        assert_eq!(t3_group("（一）予以公开"), None);
        assert_eq!(sub_number("（四）无法提供 2."), Some(2));
        assert_eq!(sub_number("3、"), Some(3));
        assert_eq!(sub_number("（五）不予处理（4）"), Some(4));
        assert_eq!(sub_number("（四）无法提供"), None);
        assert_eq!(sub_number("共2.5万元"), None);
        assert_eq!(t3_group_of("unable_create"), Some(1));
        assert_eq!(t3_group_of("granted"), None);
    }

    #[test]
    fn t2_rows() {
        check("t2:规章", Some("t2.rules"));
        check("t2:行政规范性文件", Some("t2.normative"));
        check("t2:规范性文件", Some("t2.normative"));
        check(
            "t2:信息内容本年制发件数本年废止件数现行有效件数规章",
            Some("t2.rules"),
        );
        check("t2:其他对外管理服务事项", Some("t2.other_services"));
        check("t2:行政事业性收费（万元）", Some("t2.fees"));
        check("t2:政府集中采购", Some("t2.procurement"));
        check("t2:其他主动公开文件", None);
        check("t2:规章制度建设情况", None);
    }

    #[test]
    fn t2_headers() {
        let cols = |s: &str| t2_columns(s).iter().map(|c| c.key).collect::<Vec<_>>();
        assert_eq!(
            cols("信息内容 本年新\n制作数量 本年新 公开数量 对外公开总数量"),
            ["made", "published", "total"]
        );
        assert_eq!(
            cols("信息内容本年制发件数本年废止件数现行有效件数"),
            ["issued", "repealed", "in_force"]
        );
        assert_eq!(
            cols("上一年项目数量 本年增/减 处理决定数量"),
            ["prev", "change", "decisions"]
        );
        assert_eq!(cols("本年处理决定数量"), ["decisions"]);
        let fee = t2_columns("本年收费金额（单位：万元）");
        assert_eq!(
            fee.first().map(|c| (c.key, c.unit)),
            Some(("amount_wan", Unit::Wan))
        );
        let buy = t2_columns("采购项目数量 采购总金额（万元）");
        assert_eq!(
            buy.get(1).map(|c| (c.key, c.unit)),
            Some(("amount_yuan", Unit::Wan))
        );
    }

    #[test]
    fn section_titles() {
        let found = |s: &str| {
            sections(&normalize(s))
                .iter()
                .map(|x| x.1)
                .collect::<Vec<_>>()
        };
        assert_eq!(found("二、主动公开政府信息情况"), [Section::Active]);
        assert_eq!(
            found("三、收到和处理政府信息公开申请情况"),
            [Section::Requests]
        );
        assert_eq!(
            found("四、因政府信息公开工作被申请行政复议、提起行政诉讼情况"),
            [Section::Review]
        );
        assert_eq!(
            found("四、政府信息公开行政法复议、行政诉讼情况"),
            [Section::Review]
        );
        assert_eq!(found("五、存在的主要问题及改进情况"), [Section::After]);
        assert!(found("二、上年结转政府信息公开申请数量").is_empty());
        assert!(found("三、本年度办理结果").is_empty());
        assert!(found("四、结转下年度继续办理").is_empty());
        assert!(found("行政机关收到和处理政府信息公开申请情况").is_empty());
    }

    #[test]
    fn normalize_folds_every_character() {
        let text = "（一） 规章\t[1]“引号”‘x’\u{a0}\u{3000}０９．：，／；「」『』《》\u{200b}\u{feff}\r\n\u{b}\u{c}\u{1f}一龥㐀\u{2028}é\"'a-Z";
        let want: String = text.chars().filter_map(fold_label_char).collect();
        assert_eq!(normalize(text), want);
        for (i, _) in text.char_indices() {
            let part = &text[i..];
            let want: String = part.chars().filter_map(fold_label_char).collect();
            assert_eq!(normalize(part), want, "{part}");
        }
    }

    /// The search `sections` replaced: one pass per numeral, then sorted.
    fn sections_reference(norm: &str) -> Vec<(usize, Section)> {
        let mut out = Vec::new();
        for (section, numeral, window, words) in SECTIONS {
            for (pos, _) in norm.match_indices(*numeral) {
                let after = &norm[pos + numeral.len_utf8()..];
                let Some(rest) = after
                    .strip_prefix('、')
                    .or_else(|| after.strip_prefix('.'))
                    .or_else(|| after.strip_prefix(','))
                else {
                    continue;
                };
                if norm[..pos].chars().next_back().is_some_and(is_numeral) {
                    continue;
                }
                let head = rest
                    .char_indices()
                    .nth(*window)
                    .map_or(rest, |(b, _)| &rest[..b]);
                if words.iter().any(|w| head.contains(w)) {
                    out.push((pos, *section));
                }
            }
        }
        out.sort();
        out
    }

    #[test]
    fn sections_agree_with_reference() {
        let pieces = [
            "二、主动公开",
            "三.收到和处理",
            "四,复议",
            "五、问题",
            "六、其他需要报告",
            "十二、主动公开",
            "二",
            "、",
            ".",
            ",",
            "申请情况",
            "x",
            "诉讼",
            "一二三、",
        ];
        for text in texts(&pieces, 3) {
            assert_eq!(sections(&text), sections_reference(&text), "{text}");
        }
    }

    /// Every text made of `n` of the pieces, one after another.
    fn texts(pieces: &[&str], n: usize) -> Vec<String> {
        let mut out = vec![String::new()];
        for _ in 0..n {
            out = out
                .iter()
                .flat_map(|t| pieces.iter().map(move |p| format!("{t}{p}")))
                .collect();
        }
        out
    }

    #[test]
    fn t2_column_starts() {
        for (name, _) in T2_COLUMNS {
            assert!(name.starts_with(T2_COLUMN_STARTS), "{name}");
        }
    }

    #[test]
    fn explanations() {
        assert_eq!(
            strip_explanations("(二)部分公开(区分处理的)"),
            "(二)部分公开"
        );
        assert_eq!(strip_explanations("规章(件"), "规章");
        assert_eq!(strip_explanations("情形)规章"), "规章");
        assert_eq!(strip_explanations("(1)规章"), "(1)规章");
    }

    /// [`strip_explanations`] as first written, character by character.
    fn strip_reference(s: &str) -> String {
        let mut depth: i32 = 0;
        let mut cut = 0;
        for (i, c) in s.char_indices() {
            match c {
                '(' => depth += 1,
                ')' if depth == 0 => cut = i + 1,
                ')' => depth -= 1,
                _ => {}
            }
        }
        let s = &s[cut..];
        let mut out = String::new();
        let mut stack: Vec<usize> = Vec::new();
        for c in s.chars() {
            match c {
                '(' => {
                    stack.push(out.len());
                    out.push(c);
                }
                ')' => {
                    if let Some(open) = stack.pop() {
                        let body = out.get(open + 1..).unwrap_or("");
                        if stack.is_empty() && is_numbering_body(body) {
                            out.push(c);
                        } else {
                            out.truncate(open);
                        }
                    }
                }
                _ => out.push(c),
            }
        }
        if let Some(&open) = stack.first() {
            out.truncate(open);
        }
        out
    }

    #[test]
    fn explanations_agree_with_reference() {
        let pieces = ["(", ")", "二", "12", "部分公开", "x", "(一)", "((", "))"];
        for text in texts(&pieces, 4) {
            assert_eq!(strip_explanations(&text), strip_reference(&text), "{text}");
        }
    }

    #[test]
    fn titles_of_parts_are_titles_of_the_whole() {
        let pieces = [
            "一",
            "二、主动公开",
            "三.",
            "收到和处理",
            "四,复议",
            "、",
            "x",
            "十",
        ];
        for text in texts(&pieces, 3) {
            let found = text
                .char_indices()
                .any(|(i, _)| !sections(&text[i..]).is_empty());
            assert!(!found || may_hold_title(&text), "{text}");
        }
    }
}
