//! Narrative facts (`n.` keys) from sentences, following the corpus
//! annotation rules: a figure counts only when the phrase right before it
//! names the key's concept, for the report year, for the whole body; a
//! sentence saying there were none gives 0.
//!
//! Every number with a unit is a token. The text between the previous token
//! (or the clause start) and the number is its *lead*; the lead's ending
//! decides the key (`…受理政府信息公开申请` + `18件`). Negations are read per
//! clause (`未收到…政府信息公开申请`). Candidates are then resolved per key:
//! breakdown parts (`其中…`, `…占23%`) are dropped, figures beat negations,
//! and among disagreeing figures the whole-body one wins.

use crate::numeral::{Number, is_cn_numeral_char, parse_number};
use crate::pattern::Pattern;
use crate::prose::{Para, Prose};
use nianbao_core::words::Words;
use nianbao_core::{Document, Fact, Span, Value};
use regex::Regex;
use std::sync::LazyLock;

/// The narrative keys this module reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Key {
    /// `n.active.total`
    ActiveTotal,
    /// `n.active.normative`
    Normative,
    /// `n.channels.website`
    Website,
    /// `n.channels.weibo`
    Weibo,
    /// `n.channels.wechat`
    Wechat,
    /// `n.requests.received`
    Requests,
    /// `n.review.total`
    Review,
    /// `n.suit.total`
    Suit,
    /// `n.fees.yuan`
    Fees,
}

impl Key {
    /// The canonical key.
    pub fn as_str(self) -> &'static str {
        match self {
            Key::ActiveTotal => "n.active.total",
            Key::Normative => "n.active.normative",
            Key::Website => "n.channels.website",
            Key::Weibo => "n.channels.weibo",
            Key::Wechat => "n.channels.wechat",
            Key::Requests => "n.requests.received",
            Key::Review => "n.review.total",
            Key::Suit => "n.suit.total",
            Key::Fees => "n.fees.yuan",
        }
    }

    /// Keys whose figure is a whole of which other sentences give parts.
    fn is_total(self) -> bool {
        !matches!(self, Key::Normative)
    }
}

/// A figure (or a zero) proposed for a key by one phrase.
#[derive(Clone, Debug)]
struct Candidate {
    key: Key,
    value: f64,
    /// Source span of the evidence.
    span: Span,
    /// 1 with whole-body markers (共, 全年, 全区) before the figure, else 0.
    rank: i32,
    /// From a negation (没有/未/无…) rather than a printed figure.
    negation: bool,
    /// Sentence number in the document.
    sentence: usize,
    /// Position of the phrase in reading order.
    order: usize,
    /// Its clause opens with 其中 / 另有.
    breakdown: bool,
    /// The sentence opens with 其中.
    sentence_breakdown: bool,
    /// Followed by a share (`占23.1%`).
    share: bool,
}

const FILL: &str = r"(?:共计|总计|合计|共有|共|总数|总量|数量|数|量)?(?:为|达到|达|是|有)?";

static REQUESTS: Pattern = Pattern::needing(
    || {
        Regex::new(&format!(
        r"(?:(?:政府信息公开|信息公开|公开信息|政府信息|公开)(?:的)?申请(?:件|事项)?|依申请公开(?:政府信息|信息|事项|件|申请)?|依申请(?:件|事项)?|申请公开(?:政府)?信息(?:的申请)?){FILL}$"
    ))
    .ok()
    },
    &["申请"],
);
static REQUESTS_VERB: Pattern =
    Pattern::new(|| Regex::new(r"收到|受理|接收|接到|新收|收悉|登记|提出|提交|共|总").ok());
static REQUESTS_BAD: Pattern = Pattern::new(|| {
    Regex::new(r"复议|诉讼|许可|审批|业务|咨询|举报|投诉|信访|答复|办结|结转|转办|撤回|撤销|补正|不予|予以|部分公开|无法提供|其他处理|上年|去年|同比|累计|延期|逾期|作为|驳回|退回|转交|告知").ok()
});

static REVIEW: Pattern = Pattern::needing(
    || Regex::new(&format!(r"行政复议(?:申请)?(?:案件|案)?{FILL}$")).ok(),
    &["行政复议"],
);
static SUIT: Pattern = Pattern::needing(
    || {
        Regex::new(&format!(
            r"(?:行政诉讼|行政应诉|诉讼|起诉)(?:案件|案)?{FILL}$"
        ))
        .ok()
    },
    &["诉"],
);
static BOTH: Pattern = Pattern::needing(
    || {
        Regex::new(r"行政复议(?:和|及|、|与|或)(?:行政)?诉讼(?:案件|案)?(?:各|均|都)(?:为|是|有)?$")
            .ok()
    },
    &["行政复议"],
);
static COMBINED: Pattern = Pattern::needing(
    || {
        Regex::new(&format!(
        r"(?:行政复议(?:和|及|、|与|或)(?:行政)?(?:诉讼|应诉)|行政诉讼(?:和|及|、|与|或)(?:行政)?复议)(?:案件|案)?{FILL}$"
    ))
    .ok()
    },
    &["复议"],
);
static CASES_BAD: Pattern = Pattern::new(|| {
    Regex::new(r"维持|纠正|纠错|败诉|胜诉|撤销|审结|办结|答复|结案|上年|去年|同比|累计|其中").ok()
});

static FEES: Pattern = Pattern::needing(
    || {
        Regex::new(&format!(
            r"(?:信息处理费|处理费|检索费|复制费|邮寄费|成本费|费用|收费|费)(?:金额|总额)?{FILL}$"
        ))
        .ok()
    },
    &["费"],
);
static FEES_VERB: Pattern = Pattern::new(|| Regex::new(r"收取|收费|收缴|缴纳|征收").ok());
static FEES_BAD: Pattern = Pattern::new(|| {
    Regex::new(r"支出|经费|用于|预算|决算|减免|事业性|罚|补助|资金|投入|采购|工资|上年|去年|累计")
        .ok()
});

static ACTIVE: Pattern = Pattern::needing(
    || {
        Regex::new(&format!(
            r"主动公开(?:了)?(?:各类|各项|的)?(?:政府)?信息(?:条数|数|量|总数|总量|数量)?{FILL}$"
        ))
        .ok()
    },
    &["主动公开"],
);
static ACTIVE_SHARED: Pattern = Pattern::needing(
    || {
        Regex::new(&format!(
            r"(?:公开|公布|发布)(?:了)?(?:各类|各项)?政府信息(?:条数|数|量|总数|总量|数量)?{FILL}$"
        ))
        .ok()
    },
    &["政府信息"],
);
static ACTIVE_BAD: Pattern =
    Pattern::new(|| Regex::new(r"累计|依申请|不予|申请|上年|去年|同比|其他|应主动|类别").ok());

static NORMATIVE: Pattern = Pattern::needing(
    || Regex::new(&format!(r"规范性文件{FILL}$")).ok(),
    &["规范性文件"],
);
static NORMATIVE_BAD: Pattern = Pattern::new(|| {
    Regex::new(r"现行有效|有效|清理|废止|失效|累计|备案|审查|审核|起草|制定|制发|印发|修订|合法性|征求|解读|上年|去年").ok()
});

static CHANNEL: Pattern = Pattern::new(|| {
    Regex::new(&format!(
        r"(?:发布|公开|上传|更新|刊发|刊登|推送|编发|公布|推出|发送)(?:了)?(?:各类|各项|政务|政府|工作|动态|的)*(?:信息|消息|稿件|文章|推文|图文|微博|内容)(?:量|数|数量|总量|总数)?{FILL}$"
    ))
    .ok()
});
/// A bare verb after a channel named in the same clause:
/// `通过政府网站公开1100条`.
static CHANNEL_VERB: Pattern = Pattern::new(|| {
    Regex::new(&format!(
        r"(?:发布|公开|上传|更新|刊发|刊登|推送|编发|公布|主动公开){FILL}$"
    ))
    .ok()
});
static CHANNEL_BAD: Pattern = Pattern::new(|| {
    Regex::new(
        r"报送|上报|转载|转发|粉丝|关注|阅读|点击|浏览|访问|累计|留言|咨询|回复|向|上年|去年|同比",
    )
    .ok()
});

static WHOLE: Pattern = Pattern::new(|| {
    Regex::new(r"共|总计|合计|全年|全区|全市|全县|全省|全局|全委|全镇|全乡|本年度|本年|全部").ok()
});

static YEAR_MENTION: Pattern =
    Pattern::new(|| Regex::new(r"((?:19|20)\d{2}|[〇○零一二三四五六七八九]{4})年").ok());

/// Negators and the words that may follow them in a statement of none.
static NEGATION: Pattern = Pattern::new(|| {
    Regex::new(r"(?:没有|未曾|并未|均未|从未|未|无|不存在|暂无|尚无)(?:收到|接到|接收|受理|发生|出现|有|因|被|提起|收取|收费|产生|涉及|政府信息|信息公开|依申请|行政复议|行政诉讼|复议|诉讼|此类|相关|任何|申请|针对|引起|引发|关于|有关|一起|一件|一例)").ok()
});
static NO_CHARGE: Pattern = Pattern::new(|| {
    Regex::new(r"(?:暂不|均不|不|免予|免于|免)(?:收取|收费|收)|(?:没有|未发生|未有|未出现|不存在|无)[^，。；：\d]{0,24}?(?:收费|收取)").ok()
});
static NEG_REQUESTS_BAD: Pattern = Pattern::new(|| {
    Regex::new(r"复议|诉讼|举报|投诉|咨询|信访|许可|审批|答复|超期|逾期|延期|违规|泄密|办理|处理|不予|拒绝|错误|过错|转办").ok()
});
static NEG_CASES_BAD: Pattern = Pattern::new(|| {
    Regex::new(r"纠错|败诉|纠正|撤销|确认违法|维持|被改变|超期|泄密|责任追究").ok()
});
static NEG_FEES_BAD: Pattern =
    Pattern::new(|| Regex::new(r"行政事业性|罚款|未按|逾期|门票|停车").ok());

/// Disclosure context: the sentence or its section is about information
/// disclosure.
static DISCLOSURE: Pattern =
    Pattern::new(|| Regex::new(r"信息公开|政府信息|公开类|依申请|公开申请|公开工作").ok());

/// Channel words.
const WEBSITE: &[&str] = &[
    "门户网站",
    "官网",
    "官方网站",
    "网站",
    "政府网",
    "政务网",
    "互联网",
    "网页",
];
const WEIBO: &[&str] = &["微博"];
const WECHAT: &[&str] = &["微信", "公众号", "公众平台", "服务号", "订阅号"];

/// Every channel word, website words first, then weibo, then wechat.
static CHANNEL_WORDS: LazyLock<Words> =
    LazyLock::new(|| Words::new([WEBSITE, WEIBO, WECHAT].concat()));

/// The unit of counts `after` starts with: 件, 条, 起, 个, 次, 篇, 份, 项,
/// 宗, 例 or 则 (each one character, so its first character tells).
fn count_unit(after: &str) -> Option<&'static str> {
    match after.chars().next()? {
        '件' => Some("件"),
        '条' => Some("条"),
        '起' => Some("起"),
        '个' => Some("个"),
        '次' => Some("次"),
        '篇' => Some("篇"),
        '份' => Some("份"),
        '项' => Some("项"),
        '宗' => Some("宗"),
        '例' => Some("例"),
        '则' => Some("则"),
        _ => None,
    }
}

/// The pseudo-unit of a bare zero (`均为零`).
const ZERO: &str = "";

/// A number followed by its unit.
#[derive(Clone, Debug)]
struct Token {
    start: usize,
    /// End of the unit.
    end: usize,
    number: Number,
    unit: &'static str,
}

/// The characters one of which every negator of [`NEGATION`] has.
fn is_negator_char(c: char) -> bool {
    matches!(c, '没' | '未' | '无' | '不')
}

/// Characters a clause has, noted while its tokens are read.
#[derive(Clone, Copy, Debug, Default)]
struct Marks {
    /// An [`is_negator_char`] character.
    negator: bool,
    /// 费, which every fee phrase has.
    fee: bool,
}

/// What a character of a clause is to [`tokens`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CharKind {
    /// An ASCII digit: an Arabic number may start here.
    Digit,
    /// An [`is_cn_numeral_char`] character: a Chinese numeral may start here.
    Numeral,
    /// An [`is_negator_char`] character.
    Negator,
    /// 费.
    Fee,
    /// Anything else.
    Other,
}

impl CharKind {
    /// The kind of `c`.
    fn of(c: char) -> CharKind {
        if c.is_ascii_digit() {
            CharKind::Digit
        } else if is_negator_char(c) {
            CharKind::Negator
        } else if c == '费' {
            CharKind::Fee
        } else if is_cn_numeral_char(c) {
            CharKind::Numeral
        } else {
            CharKind::Other
        }
    }
}

/// The characters other than ASCII digits that [`tokens`] looks at: the
/// Chinese numeral characters, the negator characters and 费. Each is three
/// bytes long in UTF-8.
const TOKEN_CHARS: &[char] = &[
    '零', '〇', '○', 'Ｏ', '一', '二', '两', '三', '四', '五', '六', '七', '八', '九', '十', '百',
    '千', '万', '亿', '没', '未', '无', '不', '费',
];

/// For each lead byte E0–EF of a three-byte character, a bit per value of
/// the second byte's low six bits that some [`TOKEN_CHARS`] character has:
/// a character whose bit is clear is none of them and is not decoded.
const TOKEN_SECOND_BYTES: [u64; 16] = {
    let mut table = [0u64; 16];
    let mut i = 0;
    while i < TOKEN_CHARS.len() {
        let c = TOKEN_CHARS[i] as u32;
        table[((c >> 12) & 0x0f) as usize] |= 1 << ((c >> 6) & 0x3f);
        i += 1;
    }
    table
};

/// The kind of the character at byte `i` of `bytes` (a char boundary of a
/// `str`) and its length in bytes.
///
/// Only ASCII digits and three-byte characters can matter; of the latter,
/// only those that [`TOKEN_SECOND_BYTES`] lets through are decoded.
fn char_kind(bytes: &[u8], i: usize) -> (CharKind, usize) {
    match bytes.get(i..) {
        Some(&[b, ..]) if b < 0x80 => {
            let kind = if b.is_ascii_digit() {
                CharKind::Digit
            } else {
                CharKind::Other
            };
            (kind, 1)
        }
        Some(&[b0 @ 0xe0..=0xef, b1, b2, ..]) => {
            let lead = usize::from(b0 & 0x0f);
            if TOKEN_SECOND_BYTES[lead] & (1 << (b1 & 0x3f)) == 0 {
                return (CharKind::Other, 3);
            }
            let c =
                (u32::from(b0 & 0x0f) << 12) | (u32::from(b1 & 0x3f) << 6) | u32::from(b2 & 0x3f);
            (char::from_u32(c).map_or(CharKind::Other, CharKind::of), 3)
        }
        Some(&[b, ..]) if b >= 0xf0 => (CharKind::Other, 4),
        _ => (CharKind::Other, 2),
    }
}

/// Numbers with a unit in a clause, in order, and its [`Marks`] (noted in
/// the same pass).
///
/// The clause is scanned by bytes ([`char_kind`]); the character before a
/// possible number start is decoded only there.
fn tokens(clause: &str) -> (Vec<Token>, Marks) {
    let mut out = Vec::new();
    let mut marks = Marks::default();
    let bytes = clause.as_bytes();
    let mut skip_to = 0;
    let mut next = 0;
    while next < bytes.len() {
        let i = next;
        let (kind, width) = char_kind(bytes, i);
        next = i + width;
        match kind {
            CharKind::Other => continue,
            CharKind::Negator => {
                marks.negator = true;
                continue;
            }
            CharKind::Fee => {
                marks.fee = true;
                continue;
            }
            CharKind::Digit | CharKind::Numeral => {}
        }
        if i < skip_to {
            continue;
        }
        let before = clause.get(..i).unwrap_or("");
        let p = before.chars().next_back();
        let starts = if kind == CharKind::Digit {
            !p.is_some_and(|p| p.is_ascii_digit() || matches!(p, '.' | '．' | ','))
        } else {
            !p.is_some_and(is_cn_numeral_char)
        };
        if !starts {
            continue;
        }
        if let Some((token, end)) = token_at(clause, i, p) {
            out.extend(token);
            skip_to = end;
        }
    }
    (out, marks)
}

/// The token whose number starts at byte `i` of `clause`, after the
/// character `p`, and the end of what it read; `None` when no number
/// starts there.
fn token_at(clause: &str, i: usize, p: Option<char>) -> Option<(Option<Token>, usize)> {
    let rest = clause.get(i..)?;
    let (number, len) = parse_number(rest)?;
    let after = rest.get(len..).unwrap_or("");
    let unit = if after.starts_with("万元") {
        Some("万元")
    } else if after.starts_with('元') {
        Some("元")
    } else {
        count_unit(after)
    };
    let before = clause.get(..i).unwrap_or("");
    // A bare zero closing a clause after 为 (`均为零`, `为0`) counts too.
    let zero_word = number.value == 0.0
        && after.is_empty()
        && (before.ends_with('为') || before.ends_with('是'));
    let Some(unit) = unit.or(zero_word.then_some(ZERO)) else {
        return Some((None, i + len));
    };
    // Ordinals are no counts: 第一条, 第3条.
    if p == Some('第') {
        return Some((None, i + len));
    }
    let end = i + len + unit.len();
    let token = Token {
        start: i,
        end,
        number,
        unit,
    };
    Some((Some(token), end))
}

/// Whether a count is negated: `无一起`, `没有一件`.
fn negated_count(clause: &str, t: &Token) -> bool {
    ends_negating(clause.get(..t.start).unwrap_or(""))
}

/// Whether `s` ends with a word that negates a count after it (无, 没有,
/// 未有, 未发生, 未出现), told by its last character.
fn ends_negating(s: &str) -> bool {
    match s.chars().next_back() {
        Some('无') => true,
        Some('有') => s.ends_with("没有") || s.ends_with("未有"),
        Some('生') => s.ends_with("未发生"),
        Some('现') => s.ends_with("未出现"),
        _ => false,
    }
}

/// Whether `lead` ends with a word that makes the figure after it
/// approximate or ordinal (近, 约, 超, 逾, 超过, 将近, 大约, 第), told by its
/// last character (将近 and 大约 end with 近 and 约).
fn ends_approximate(lead: &str) -> bool {
    match lead.chars().next_back() {
        Some('近' | '约' | '超' | '逾' | '第') => true,
        Some('过') => lead.ends_with("超过"),
        _ => false,
    }
}

/// Whether `after` starts with a word that makes the figure before it
/// approximate (余, 多, 左右, 以上, 上下), told by its first character.
fn starts_approximate(after: &str) -> bool {
    match after.chars().next() {
        Some('余' | '多') => true,
        Some('左') => after.starts_with("左右"),
        Some('以') => after.starts_with("以上"),
        Some('上') => after.starts_with("上下"),
        _ => false,
    }
}

/// The kinds of channel named in `s`: website, weibo, wechat.
///
/// One search for every channel word ([`CHANNEL_WORDS`], in the order of
/// the three lists) instead of one per word.
fn channels(s: &str) -> Vec<Key> {
    let mut out = Vec::new();
    let hits = CHANNEL_WORDS.find(s);
    let mut rest = hits.as_slice();
    for (key, words) in [
        (Key::Website, WEBSITE),
        (Key::Weibo, WEIBO),
        (Key::Wechat, WECHAT),
    ] {
        let (own, next) = rest.split_at(words.len().min(rest.len()));
        rest = next;
        if own.iter().any(|h| h.first.is_some()) {
            out.push(key);
        }
    }
    out
}

/// The year a piece of text is about, from its last year mention outside
/// titles in 《》 and quotes.
fn last_year(s: &str) -> Option<i32> {
    if !crate::pattern::contains(s, "年") {
        return None;
    }
    let mut depth = 0i32;
    let mut plain = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '《' | '“' | '〈' => depth += 1,
            '》' | '”' | '〉' => depth = (depth - 1).max(0),
            _ if depth == 0 => plain.push(c),
            _ => plain.push('·'),
        }
    }
    // Every match is the year (group 1) and 年: the last match less its
    // 年 is the last group, found without capture groups.
    YEAR_MENTION.find_iter(&plain).last().and_then(|m| {
        let t = m.as_str().strip_suffix('年').unwrap_or("");
        if t.chars().all(|c| c.is_ascii_digit()) {
            t.parse().ok()
        } else {
            crate::numeral::parse_chinese(t).and_then(|v| i32::try_from(v).ok())
        }
    })
}

/// Whether text before a figure places it in another year than the report's.
///
/// `first_clause` is the sentence's first clause, whose year counts when
/// `clause_before` names none.
fn other_year(clause_before: &str, first_clause: &FirstClause<'_>, year: Option<i32>) -> bool {
    let Some(year) = year else { return false };
    match last_year(clause_before) {
        Some(y) => y != year,
        None => first_clause.year().is_some_and(|y| y != year),
    }
}

/// A sentence's first clause, with its [`last_year`] looked up on first
/// need.
struct FirstClause<'a> {
    text: &'a str,
    year: std::cell::OnceCell<Option<i32>>,
}

impl FirstClause<'_> {
    fn year(&self) -> Option<i32> {
        *self.year.get_or_init(|| last_year(self.text))
    }
}

/// The context of one sentence.
struct SentenceCtx<'a> {
    text: &'a str,
    /// Its clauses, as byte ranges of `text`.
    clauses: &'a [std::ops::Range<usize>],
    /// The previous sentence, when this one opens with 其中.
    prev: &'a str,
    section: &'a str,
    /// Whether `section` speaks of disclosure ([`DISCLOSURE`]).
    section_disclosure: bool,
    year: Option<i32>,
    index: usize,
}

/// Whether a sentence speaks of disclosure: its section does, or it does
/// itself ([`DISCLOSURE`], looked up on first need).
struct Disclosure<'a> {
    section: bool,
    text: &'a str,
    known: std::cell::OnceCell<bool>,
}

impl Disclosure<'_> {
    fn get(&self) -> bool {
        self.section || *self.known.get_or_init(|| DISCLOSURE.is_match(self.text))
    }
}

/// Reads candidates from one sentence.
fn read_sentence(
    para: &Para<'_>,
    range: std::ops::Range<usize>,
    ctx: &SentenceCtx<'_>,
    order: &mut usize,
    out: &mut Vec<Candidate>,
) {
    let text = ctx.text;
    let sentence_breakdown = text.starts_with("其中") || text.starts_with("另有");
    let disclosure = Disclosure {
        section: ctx.section_disclosure,
        text,
        known: std::cell::OnceCell::new(),
    };
    let disclosure = &disclosure;
    for key in none_statement(text, ctx.section) {
        *order += 1;
        out.push(Candidate {
            key,
            value: 0.0,
            span: para.span(range.clone()),
            rank: 0,
            negation: true,
            sentence: ctx.index,
            order: *order,
            breakdown: false,
            sentence_breakdown,
            share: false,
        });
    }
    let clause_ranges = ctx.clauses;
    let channel_words = std::cell::OnceCell::new();
    let first_clause = FirstClause {
        text: clause_ranges
            .first()
            .map_or("", |r| text.get(r.clone()).unwrap_or("")),
        year: std::cell::OnceCell::new(),
    };
    let first_clause = &first_clause;
    for (ci, cr) in clause_ranges.iter().enumerate() {
        let clause = text.get(cr.clone()).unwrap_or("");
        let breakdown = clause.starts_with("其中") || clause.starts_with("另有");
        let next_clause = clause_ranges
            .get(ci + 1)
            .map_or("", |r| text.get(r.clone()).unwrap_or(""));
        let (toks, marks) = tokens(clause);
        let mut lead_start = 0;
        for t in &toks {
            *order += 1;
            let lead = clause.get(lead_start..t.start).unwrap_or("");
            lead_start = t.end;
            let after = clause.get(t.end..).unwrap_or("");
            let clause_before = clause.get(..t.start).unwrap_or("");
            let sentence_before = text.get(..cr.start + t.start).unwrap_or("");
            // Approximate, ordinal, cumulative, negated (无一起) or
            // other-year figures.
            if negated_count(clause, t)
                || ends_approximate(lead)
                || starts_approximate(after)
                || crate::pattern::contains(clause_before, "累计")
                || other_year(clause_before, first_clause, ctx.year)
            {
                continue;
            }
            let share = after.contains('占') || next_clause.starts_with('占');
            let keys = classify(
                lead,
                t,
                &Ctx {
                    sentence_before,
                    clause_before,
                    sentence: text,
                    prev: ctx.prev,
                    disclosure,
                    clause_index: ci,
                    clauses: clause_ranges,
                    channel_words: &channel_words,
                },
            );
            // Asked only of a figure that has keys (the rank is theirs).
            let whole = !keys.is_empty() && WHOLE.is_match(clause_before);
            for (key, phrase) in keys {
                let value = if t.unit == "万元" {
                    t.number.value * 10_000.0
                } else {
                    t.number.value
                };
                // The evidence covers the lead's key phrase and the figure.
                let phrase_start = t.start - lead.len() + phrase;
                let base = range.start + cr.start;
                let span = para.span(base + phrase_start..base + t.end);
                out.push(Candidate {
                    key,
                    value,
                    span,
                    rank: i32::from(whole),
                    negation: false,
                    sentence: ctx.index,
                    order: *order,
                    breakdown: breakdown || lead.contains("其中"),
                    sentence_breakdown,
                    share,
                });
            }
        }
        // Statements of none.
        if !toks
            .iter()
            .any(|t| t.number.value != 0.0 && !negated_count(clause, t))
        {
            for (key, at) in negations(clause, marks, disclosure, ctx, first_clause) {
                *order += 1;
                // The evidence runs from the negator to the clause end.
                let span = para.span(range.start + cr.start + at..range.start + cr.end);
                out.push(Candidate {
                    key,
                    value: 0.0,
                    span,
                    rank: 0,
                    negation: true,
                    sentence: ctx.index,
                    order: *order,
                    breakdown,
                    sentence_breakdown,
                    share: false,
                });
            }
        }
    }
}

/// What a classifier sees around a token.
struct Ctx<'a> {
    sentence_before: &'a str,
    clause_before: &'a str,
    sentence: &'a str,
    prev: &'a str,
    disclosure: &'a Disclosure<'a>,
    clause_index: usize,
    clauses: &'a [std::ops::Range<usize>],
    /// Whether the sentence names any channel at all (when not, no part of
    /// it does); looked up on first need.
    channel_words: &'a std::cell::OnceCell<bool>,
}

impl Ctx<'_> {
    /// The kinds of channel named in `s`, a part of the sentence.
    fn channels(&self, s: &str) -> Vec<Key> {
        if *self
            .channel_words
            .get_or_init(|| CHANNEL_WORDS.any_in(self.sentence))
        {
            channels(s)
        } else {
            Vec::new()
        }
    }

    /// The channel a figure belongs to: named in its clause, or else in the
    /// nearest earlier clause of the sentence that names one. `None` when
    /// none is named or several are (a figure across channels).
    fn channel(&self) -> Option<Key> {
        let here = self.channels(self.clause_before);
        if !here.is_empty() {
            return (here.len() == 1).then(|| here[0]);
        }
        for r in self
            .clauses
            .get(..self.clause_index)
            .unwrap_or(&[])
            .iter()
            .rev()
        {
            let c = self.channels(self.sentence.get(r.clone()).unwrap_or(""));
            if !c.is_empty() {
                return (c.len() == 1).then(|| c[0]);
            }
        }
        None
    }
}

/// The keys a token's lead names, each with where its key phrase starts.
fn classify(lead: &str, t: &Token, ctx: &Ctx<'_>) -> Vec<(Key, usize)> {
    // Where a `…$` pattern's match starts in the lead: the key phrase.
    let at = |p: &Pattern| p.find(lead).map(|m| m.start());
    let money = matches!(t.unit, "元" | "万元") || (t.unit == ZERO && lead.contains('费'));
    let mut out = Vec::new();
    if money {
        if let Some(p) = at(&FEES)
            && FEES_VERB.is_match(ctx.clause_before)
            && !FEES_BAD.is_match(ctx.clause_before)
            && (lead.contains("处理费") || ctx.disclosure.get())
        {
            out.push((Key::Fees, p));
        }
        return out;
    }
    let unit_in = |units: &[&str]| t.unit == ZERO || units.contains(&t.unit);
    if unit_in(&["件", "起", "个", "宗", "份", "条", "次", "项"])
        && let Some(p) = at(&REQUESTS)
        && !REQUESTS_BAD.is_match(lead)
        && REQUESTS_VERB.is_match(ctx.clause_before)
    {
        out.push((Key::Requests, p));
    }
    // Every match of BOTH, COMBINED and REVIEW holds 复议 and every match of
    // SUIT holds 诉 (the words they need; `case_gate_implied_by_needs` keeps
    // this so): without either nothing below is found, and the dear
    // CASES_BAD search is skipped.
    if unit_in(&["件", "起", "宗", "次", "个", "例"])
        && (crate::pattern::contains(lead, "复议") || crate::pattern::contains(lead, "诉"))
        && ctx.disclosure.get()
        && !CASES_BAD.is_match(lead)
    {
        let admin = || {
            ctx.sentence_before.contains("行政复议")
                || ctx.sentence_before.contains("行政诉讼")
                || ctx.sentence_before.contains("行政应诉")
        };
        // A count across both is split only when it says 各 or is zero.
        let both = at(&BOTH).or_else(|| at(&COMBINED).filter(|_| t.number.value == 0.0));
        if let Some(p) = both {
            out.push((Key::Review, p));
            out.push((Key::Suit, p));
        } else if !COMBINED.is_match(lead) {
            if let Some(p) = at(&REVIEW) {
                out.push((Key::Review, p));
            } else if let Some(p) = at(&SUIT)
                && admin()
            {
                out.push((Key::Suit, p));
            }
        }
    }
    let item_units = ["条", "件", "篇", "份", "个", "项", "则"];
    if unit_in(&item_units) {
        let active_at = at(&ACTIVE);
        let active =
            active_at.or_else(|| at(&ACTIVE_SHARED).filter(|_| WHOLE.is_match(ctx.clause_before)));
        // A figure in a sentence naming exactly one channel is that
        // channel's count, not the total.
        if let Some(p) = active
            && !ACTIVE_BAD.is_match(lead)
            && ctx.channels(ctx.sentence_before).len() != 1
        {
            out.push((Key::ActiveTotal, p));
        }
        let counted = || {
            at(&CHANNEL).or(active_at).or_else(|| {
                at(&CHANNEL_VERB).filter(|_| ctx.channels(ctx.clause_before).len() == 1)
            })
        };
        if let Some(ch) = ctx.channel()
            && let Some(p) = counted()
            && !CHANNEL_BAD.is_match(ctx.clause_before)
        {
            out.push((ch, p));
        }
        let disclosed = || {
            ctx.sentence_before.contains("主动公开")
                || (ctx.sentence.starts_with("其中") && ctx.prev.contains("主动公开"))
        };
        if let Some(p) = at(&NORMATIVE)
            && !NORMATIVE_BAD.is_match(lead)
            && disclosed()
        {
            out.push((Key::Normative, p));
        }
    }
    out
}

/// Keys a clause says there were none of, each with where its negator
/// starts in the clause.
///
/// Without an [`is_negator_char`] character (`marks`), [`NEGATION`] is not
/// searched.
fn negations(
    clause: &str,
    marks: Marks,
    disclosure: &Disclosure<'_>,
    ctx: &SentenceCtx<'_>,
    first_clause: &FirstClause<'_>,
) -> Vec<(Key, usize)> {
    let mut out: Vec<(Key, usize)> = Vec::new();
    let has = |out: &[(Key, usize)], k: Key| out.iter().any(|(o, _)| *o == k);
    // Without a negator the expression is not searched (nor an empty
    // iterator built and stepped for each clause).
    if marks.negator {
        for m in NEGATION.find_iter(clause) {
            let before = clause.get(..m.start()).unwrap_or("");
            if other_year(before, first_clause, ctx.year)
                || before.contains("上年")
                || before.contains("去年")
            {
                continue;
            }
            let rest = clause.get(m.start()..).unwrap_or("");
            // Requests: 未收到…政府信息公开申请.
            if let Some(p) = rest.find("申请") {
                let seg = rest.get(..p + "申请".len()).unwrap_or("");
                let digits = seg.chars().any(|c| c.is_ascii_digit());
                if (seg.contains("信息公开") || seg.contains("依申请") || seg.contains("公开申请"))
                    && !digits
                    && !NEG_REQUESTS_BAD.is_match(rest)
                    && !has(&out, Key::Requests)
                {
                    out.push((Key::Requests, m.start()));
                }
            }
            // Reconsideration and lawsuits: 没有…行政复议和行政诉讼.
            if disclosure.get() && !NEG_CASES_BAD.is_match(clause) {
                let review = rest.find("复议");
                let suit = rest.find("诉讼").or_else(|| rest.find("起诉"));
                let admin = clause.contains("行政复议") || clause.contains("行政诉讼");
                let clean = |p: usize| {
                    !rest
                        .get(..p)
                        .unwrap_or("")
                        .chars()
                        .any(|c| c.is_ascii_digit())
                };
                if review.is_some_and(clean) && admin && !has(&out, Key::Review) {
                    out.push((Key::Review, m.start()));
                }
                if suit.is_some_and(clean) && admin && !has(&out, Key::Suit) {
                    out.push((Key::Suit, m.start()));
                }
            }
            // Fees: 未收取…信息处理费.
            if (rest.contains("收取") || rest.contains("收费"))
                && fee_context(clause, marks, ctx, disclosure)
                && !NEG_FEES_BAD.is_match(clause)
                && !has(&out, Key::Fees)
            {
                out.push((Key::Fees, m.start()));
            }
        }
    }
    if fee_context(clause, marks, ctx, disclosure)
        && let Some(m) = NO_CHARGE.find(clause)
        && !NEG_FEES_BAD.is_match(clause)
        && !has(&out, Key::Fees)
    {
        out.push((Key::Fees, m.start()));
    }
    out
}

/// Answers of none (`无`, `未发生此类情况`), longest first.
const NONE_WORDS: &[&str] = &[
    "本年度未发生此类情况",
    "本年度无此类情况",
    "未发生此类情况",
    "未发生相关情况",
    "无此类情况",
    "无相关情况",
    "本年度未发生",
    "本年度无",
    "无此情况",
    "未发生",
    "均无",
    "暂无",
    "没有",
    "无",
];

/// Whether `c` is the last character of some [`NONE_WORDS`] word: a
/// sentence ending otherwise is no answer of none, and the words are not
/// tried.
fn ends_none_word(c: char) -> bool {
    matches!(c, '况' | '生' | '无' | '有')
}

/// A sentence that answers a section title with none: `五、…行政复议、提起
/// 行政诉讼的情况：无`, or a bare `无。` under such a heading.
fn none_statement(text: &str, section: &str) -> Vec<Key> {
    if !text.chars().next_back().is_some_and(ends_none_word) {
        return Vec::new();
    }
    for w in NONE_WORDS {
        let Some(head) = text.strip_suffix(w) else {
            continue;
        };
        let head = head.trim_end_matches('：');
        if head.is_empty() {
            return keys_of_title(section);
        }
        if head.ends_with("情况") || head.ends_with("事项") {
            return keys_of_title(head);
        }
        return Vec::new();
    }
    Vec::new()
}

/// The keys a section title is about, for answers of none.
fn keys_of_title(title: &str) -> Vec<Key> {
    let has = |w: &str| title.contains(w);
    let disclosure = has("信息公开") || has("公开申请") || has("依申请");
    if (has("复议") || has("诉讼")) && disclosure {
        let mut out = Vec::new();
        if has("复议") {
            out.push(Key::Review);
        }
        if has("诉讼") {
            out.push(Key::Suit);
        }
        out
    } else if has("收费") && (disclosure || has("减免")) {
        vec![Key::Fees]
    } else if has("申请") && disclosure {
        vec![Key::Requests]
    } else {
        Vec::new()
    }
}

fn fee_context(
    clause: &str,
    marks: Marks,
    ctx: &SentenceCtx<'_>,
    disclosure: &Disclosure<'_>,
) -> bool {
    // Every test below needs 费 (`marks`) first; with it, a clause naming
    // 处理费 is a fee, and any other needs disclosure or a fee section.
    marks.fee && (clause.contains("处理费") || disclosure.get() || ctx.section.contains("收费"))
}

/// Resolves candidates into one fact per key.
fn resolve(doc: &Document, cands: Vec<Candidate>, warnings: &mut Vec<String>) -> Vec<Fact> {
    let mut facts = Vec::new();
    let keys = [
        Key::ActiveTotal,
        Key::Normative,
        Key::Website,
        Key::Weibo,
        Key::Wechat,
        Key::Requests,
        Key::Review,
        Key::Suit,
        Key::Fees,
    ];
    for key in keys {
        let of_key: Vec<&Candidate> = cands.iter().filter(|c| c.key == key).collect();
        let is_part = |c: &Candidate| {
            if !key.is_total() {
                return false;
            }
            if c.share {
                return true;
            }
            let parent = of_key.iter().any(|o| {
                (o.sentence == c.sentence && o.order < c.order)
                    || (c.sentence_breakdown && o.sentence + 1 == c.sentence)
            });
            (c.breakdown || c.sentence_breakdown) && parent
        };
        let kept: Vec<&Candidate> = of_key.iter().copied().filter(|c| !is_part(c)).collect();
        let figures: Vec<&Candidate> = kept.iter().copied().filter(|c| !c.negation).collect();
        let pool = if figures.is_empty() { kept } else { figures };
        let Some(best_rank) = pool.iter().map(|c| c.rank).max() else {
            continue;
        };
        let top: Vec<&Candidate> = pool.into_iter().filter(|c| c.rank == best_rank).collect();
        let Some(first) = top.first() else { continue };
        let mut chosen = *first;
        for c in &top {
            if c.value > chosen.value {
                chosen = c;
            }
        }
        let mut values: Vec<f64> = top.iter().map(|c| c.value).collect();
        values.sort_by(f64::total_cmp);
        values.dedup();
        if values.len() > 1 {
            let listed: Vec<String> = values.iter().map(|v| fmt(*v)).collect();
            warnings.push(format!(
                "{} stated with different figures ({}); kept {}",
                key.as_str(),
                listed.join(", "),
                fmt(chosen.value)
            ));
        }
        let value = if (chosen.value - chosen.value.round()).abs() < 1e-9 {
            Value::Int(chosen.value.round() as i64)
        } else {
            Value::Decimal(chosen.value)
        };
        facts.push(Fact::new(doc, key.as_str(), value, chosen.span));
    }
    facts
}

fn fmt(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round() as i64)
    } else {
        format!("{v}")
    }
}

/// Reads the narrative facts of a document's prose.
pub fn read(doc: &Document, prose: &Prose<'_>, year: Option<i32>) -> (Vec<Fact>, Vec<String>) {
    let mut cands = Vec::new();
    let mut order = 0;
    let mut index = 0;
    let mut prev = "";
    let mut last_section: Option<(&str, bool)> = None;
    for para in &prose.paras {
        // The section's disclosure context, the same for all its sentences
        // (and for the paragraphs under one heading).
        let section_disclosure = match last_section {
            Some((s, d)) if std::ptr::eq(s, para.section) => d,
            _ => DISCLOSURE.is_match(para.section),
        };
        last_section = Some((para.section, section_disclosure));
        for sentence in prose.sentences(para) {
            let r = &sentence.range;
            let text = para.text(r.clone());
            let ctx = SentenceCtx {
                text,
                clauses: prose.clauses_of(sentence),
                prev,
                section: para.section,
                section_disclosure,
                year,
                index,
            };
            read_sentence(para, r.clone(), &ctx, &mut order, &mut cands);
            prev = text;
            index += 1;
        }
    }
    let mut warnings = Vec::new();
    let facts = resolve(doc, cands, &mut warnings);
    (facts, warnings)
}

#[cfg(test)]
mod tests {

    /// The hand gate before the case patterns is implied by their needed
    /// words: every needed word holds 复议 or 诉.
    #[test]
    fn case_gate_implied_by_needs() {
        for p in [&super::BOTH, &super::COMBINED, &super::REVIEW, &super::SUIT] {
            assert!(!p.needs().is_empty());
            for w in p.needs() {
                assert!(w.contains("复议") || w.contains("诉"), "{w}");
            }
        }
    }

    use nianbao_core::{Block, BlockKind, Document, SourceFormat, TextRun};

    /// A document of one paragraph per line, titled for report year 2018.
    fn doc(body: &str) -> Document {
        let source = format!("某某市某某局2018年政府信息公开工作年度报告\n{body}\n");
        let mut blocks = Vec::new();
        let mut at = 0;
        for line in source.split_inclusive('\n') {
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
        Document::from_blocks(source, SourceFormat::Text, blocks)
    }

    /// The former character-by-character scan of [`super::tokens`], kept
    /// as the oracle of the byte scan.
    fn tokens_oracle(clause: &str) -> (Vec<super::Token>, super::Marks) {
        use super::*;
        let mut out = Vec::new();
        let mut marks = Marks::default();
        let mut prev: Option<char> = None;
        let mut skip_to = 0;
        for (i, c) in clause.char_indices() {
            let p = prev;
            prev = Some(c);
            marks.negator |= is_negator_char(c);
            marks.fee |= c == '费';
            if i < skip_to {
                continue;
            }
            let starts = (c.is_ascii_digit()
                && !p.is_some_and(|p| p.is_ascii_digit() || matches!(p, '.' | '．' | ',')))
                || (is_cn_numeral_char(c) && !p.is_some_and(is_cn_numeral_char));
            if starts && let Some((token, end)) = token_at(clause, i, p) {
                out.extend(token);
                skip_to = end;
            }
        }
        (out, marks)
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        #[test]
        fn tokens_match_the_oracle(
            clause in "(?:[0-9]|[.,．，]|[第为是]|[件条元万亿]|[十百千零〇○Ｏ一二两三四五六七八九]|[没未无不费]|[申请aé😀]){0,16}",
        ) {
            let (got, got_marks) = super::tokens(&clause);
            let (want, want_marks) = tokens_oracle(&clause);
            proptest::prop_assert_eq!(format!("{got:?}"), format!("{want:?}"));
            proptest::prop_assert_eq!(
                (got_marks.negator, got_marks.fee),
                (want_marks.negator, want_marks.fee)
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn word_tests_match_their_lists(
            s in "(?:[近约超逾过将大第余多左右以上下无没有未发生出现]|[a1一件]){0,6}",
        ) {
            let ends = |words: &[&str]| words.iter().any(|w| s.ends_with(w));
            let starts = |words: &[&str]| words.iter().any(|w| s.starts_with(w));
            proptest::prop_assert_eq!(
                super::ends_negating(&s),
                ends(&["无", "没有", "未有", "未发生", "未出现"])
            );
            proptest::prop_assert_eq!(
                super::ends_approximate(&s),
                ends(&["近", "约", "超", "逾", "超过", "将近", "大约", "第"])
            );
            proptest::prop_assert_eq!(
                super::starts_approximate(&s),
                starts(&["余", "多", "左右", "以上", "上下"])
            );
        }
    }

    #[test]
    fn count_units_of_every_character() {
        let units = [
            "件", "条", "起", "个", "次", "篇", "份", "项", "宗", "例", "则",
        ];
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let after = format!("{c}件");
            let want = units.iter().copied().find(|u| after.starts_with(u));
            assert_eq!(super::count_unit(&after), want, "{c:?}");
        }
        assert_eq!(super::count_unit(""), None);
    }

    #[test]
    fn none_words_end_as_their_prefilter_says() {
        for w in super::NONE_WORDS {
            assert!(
                w.chars().next_back().is_some_and(super::ends_none_word),
                "{w}"
            );
        }
    }

    #[test]
    fn char_kinds_of_every_character() {
        use super::*;
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let s = c.to_string();
            let want = (CharKind::of(c), c.len_utf8());
            assert!(char_kind(s.as_bytes(), 0) == want, "{c:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn channels_match_the_word_lists(
            text in "[门户网站官方政府务互联页微博信公众号平台服订阅a]{0,12}",
        ) {
            let want: Vec<super::Key> = [
                (super::Key::Website, super::WEBSITE),
                (super::Key::Weibo, super::WEIBO),
                (super::Key::Wechat, super::WECHAT),
            ]
            .into_iter()
            .filter(|(_, words)| words.iter().any(|w| text.contains(w)))
            .map(|(k, _)| k)
            .collect();
            proptest::prop_assert_eq!(super::channels(&text), want);
        }
    }

    #[track_caller]
    fn check(input: &str, expected: &[(&str, f64)]) {
        let d = doc(input);
        let x = crate::read(&d);
        let mut got: Vec<(String, f64)> = x
            .facts
            .iter()
            .map(|f| (f.key.clone(), f.value.as_f64()))
            .collect();
        got.sort_by(|a, b| a.0.cmp(&b.0));
        let mut want: Vec<(String, f64)> =
            expected.iter().map(|(k, v)| (k.to_string(), *v)).collect();
        want.sort_by(|a, b| a.0.cmp(&b.0));
        assert_eq!(got, want, "{input}");
        for f in &x.facts {
            assert_eq!(d.slice(f.evidence.span()), f.evidence.text);
        }
    }

    #[test]
    fn active_disclosure() {
        check(
            "2018年1月1日至12月31日,共主动公开信息1670条。其中规范性文件4条、公文法规类信息101条。",
            &[("n.active.total", 1670.0), ("n.active.normative", 4.0)],
        );
        check(
            "2018年全区主动公开政府信息2069条。其中，区直各部门主动公开政府信息1592条，占76.9%。各乡镇主动公开政府信息477条，占23.1%。",
            &[("n.active.total", 2069.0)],
        );
        check(
            "2018年制作、获取政府信息总数1873条，其中主动公开政府信息425条。",
            &[("n.active.total", 425.0)],
        );
        check(
            "全年共主动公开政府信息1.5万条。",
            &[("n.active.total", 15000.0)],
        );
        check(
            "通过门户网站、《公报》等平台主动公开规章13件，行政规范性文件60件。",
            &[("n.active.normative", 60.0)],
        );
        // Not the total: one channel, cumulative, approximate, a topic.
        check(
            "通过市工信局门户网站主动公开政府信息599条。",
            &[("n.channels.website", 599.0)],
        );
        check("累计主动公开政府采购项目信息188条。", &[]);
        check("我区共收集网络信息近1000条，处置网络舆情70多件。", &[]);
        check("公开信息1654条，全年发布政策解读117篇。", &[]);
        check("集中公开现行有效行政规范性文件698件。", &[]);
        check(
            "2018年，本机关共主动公开政府信息1256条，其中通过政府网站公开1100条，通过政府公报公开56条。",
            &[("n.active.total", 1256.0), ("n.channels.website", 1100.0)],
        );
        check("2017年共主动公开政府信息1200条。", &[]);
    }

    #[test]
    fn phrasings() {
        check(
            "2018年，在市政府网站、《公报》主动公开市政府规章13件，主动公开市政府和市政府办公厅行政规范性文件42件。全年市人民政府网站共发布各类信息46106条。",
            &[
                ("n.active.normative", 42.0),
                ("n.channels.website", 46106.0),
            ],
        );
        check(
            "2018年，市招商中心办公室共主动公开各类政府信息82条，机构领导信息3条。本年度共受理群众网上申请政府信息公开申请0件，自然人申请办件量0件。本年度涉及政府信息公开的行政复议、行政诉讼案件为0件。",
            &[
                ("n.active.total", 82.0),
                ("n.requests.received", 0.0),
                ("n.review.total", 0.0),
                ("n.suit.total", 0.0),
            ],
        );
    }

    #[test]
    fn channels() {
        check(
            "2018年,局官网共上传信息336条,其中行业新闻46条。2018年向市政府网站“部门动态”栏目报送信息62条。",
            &[("n.channels.website", 336.0)],
        );
        check(
            "通过市工信局官方微博公开政府信息176条。",
            &[("n.channels.weibo", 176.0)],
        );
        check(
            "截至12月31日，我局微信公众号粉丝量累计达到11063人，全年发布信息量达到1160条；微博粉丝量达到696人，累计发布信息量达到2140条。",
            &[("n.channels.wechat", 1160.0)],
        );
        check(
            "通过门户网站、微博、微信等渠道共主动公开政府信息1200条。",
            &[("n.active.total", 1200.0)],
        );
    }

    #[test]
    fn requests() {
        check(
            "今年以来受理信息公开申请18起，均依法按时办结。",
            &[("n.requests.received", 18.0)],
        );
        check(
            "共受理政府信息公开申请1,670件。",
            &[("n.requests.received", 1670.0)],
        );
        check(
            "全年共受理政府信息公开申请两件。",
            &[("n.requests.received", 2.0)],
        );
        check(
            "全年共受理政府信息公开申请十八件。",
            &[("n.requests.received", 18.0)],
        );
        check(
            "共收到政府信息公开申请一百二十件。",
            &[("n.requests.received", 120.0)],
        );
        check(
            "共收到政府信息公开申请１２件。",
            &[("n.requests.received", 12.0)],
        );
        check(
            "我局共受理依申请公开信息4件，已按时办结2件，申请人已撤销2件，不予公开0件。",
            &[("n.requests.received", 4.0)],
        );
        check(
            "接收通过邮寄、网络提交的各类政府信息公开申请共计81件，涉及自然人80件、商业企业1件。",
            &[("n.requests.received", 81.0)],
        );
        check(
            "2018年，未接到受理政府信息公开申请。",
            &[("n.requests.received", 0.0)],
        );
        check(
            "2018年未收到有关政府信息公开申请。",
            &[("n.requests.received", 0.0)],
        );
        // Other applications, replies, other years.
        check("2018年我局共受理行政许可事项7件。", &[]);
        check("窗口共受理业务55件，接受群众咨询191件。", &[]);
        check("答复政府信息公开申请805件（含上年度结转申请18件）。", &[]);
        check("2017年受理政府信息公开申请20件。", &[]);
        check("未发生超期答复政府信息公开申请的情况。", &[]);
    }

    #[test]
    fn review_and_suit() {
        check(
            "2018年,我局没有因政府信息公开被提起行政复议和行政诉讼情况,没有发生失泄密现象。",
            &[("n.review.total", 0.0), ("n.suit.total", 0.0)],
        );
        check(
            "本年度无因政府信息公开申请提起的行政复议、行政诉讼。",
            &[("n.review.total", 0.0), ("n.suit.total", 0.0)],
        );
        check(
            "2018年全县未收到有关政府信息公开的申请，未收到有关政府信息公开行政复议申请。",
            &[("n.requests.received", 0.0), ("n.review.total", 0.0)],
        );
        check(
            "信息公开类行政复议7件，诉讼9件，均获维持。",
            &[("n.review.total", 7.0), ("n.suit.total", 9.0)],
        );
        check(
            "全区政府信息公开工作方面共有行政诉讼案件1件、行政复议案件2件，均已结案。",
            &[("n.review.total", 2.0), ("n.suit.total", 1.0)],
        );
        check(
            "因政府信息公开引发行政复议和行政诉讼各1件。",
            &[("n.review.total", 1.0), ("n.suit.total", 1.0)],
        );
        check("因政府信息公开引发行政复议、行政诉讼案件共3件。", &[]);
        check("政府信息公开行政复议和行政诉讼案件均未被纠错。", &[]);
        check(
            "全年无一起因政府信息公开引起的行政复议。",
            &[("n.review.total", 0.0)],
        );
        check("全年办理行政复议案件35件。", &[]);
    }

    #[test]
    fn answers_of_none() {
        check(
            "八、因政府信息公开申请提起行政复议、行政诉讼的情况：无。",
            &[("n.review.total", 0.0), ("n.suit.total", 0.0)],
        );
        check(
            "四、政府信息公开的收费及减免情况无。",
            &[("n.fees.yuan", 0.0)],
        );
        check("六、其他需要报告的事项：无。", &[]);
        check(
            "政府信息公开行政复议、行政诉讼案件均为零。",
            &[("n.review.total", 0.0), ("n.suit.total", 0.0)],
        );
        check(
            "全年收到政府信息公开申请为0。",
            &[("n.requests.received", 0.0)],
        );
        check(
            "全年因政府信息公开被申请行政复议3件，被提起行政诉讼1件。",
            &[("n.review.total", 3.0), ("n.suit.total", 1.0)],
        );
        check("依据《条例》第十三条规定。", &[]);
    }

    #[test]
    fn fees() {
        check(
            "全年收取政府信息公开信息处理费380元。",
            &[("n.fees.yuan", 380.0)],
        );
        check("全年收取信息处理费1.5万元。", &[("n.fees.yuan", 15000.0)]);
        check(
            "本年度，我局未收取政府信息公开信息处理费。",
            &[("n.fees.yuan", 0.0)],
        );
        check("依申请提供政府信息暂不收费。", &[("n.fees.yuan", 0.0)]);
        check("2018年，无收取信息处理费情况。", &[("n.fees.yuan", 0.0)]);
        check(
            "2018年没有公民、法人和其他组织的政府信息公开收费和减免情况。",
            &[("n.fees.yuan", 0.0)],
        );
        check(
            "2018年我局有关政府信息公开的行政复议案共1起。",
            &[("n.review.total", 1.0)],
        );
        check(
            "2018年我局共收到依申请公开政府信息申请1件。",
            &[("n.requests.received", 1.0)],
        );
        check("用于公开栏等产生的政府信息公开费用1万元。", &[]);
        check("申请人逾期未按收费通知要求缴纳费用。", &[]);
    }
}
