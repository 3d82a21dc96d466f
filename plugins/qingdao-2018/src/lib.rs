//! The Qingdao 2018 template as a nianbao plugin (id `qingdao-2018`): the
//! example plugin, built both as a dynamic library (`cdylib`, loaded by
//! `nianbao --plugin`) and as a Rust library (`rlib`, for in-process tests
//! and for compiling it into the CLI).
//!
//! # What it extracts
//! Everything the free-form extractor reads from prose (report identity and
//! the narrative `n.` facts, through [`nianbao_narrative::read`]), plus the
//! figures of the template's own sections under `x.qingdao-2018.`:
//!
//! | key | section | wording |
//! |---|---|---|
//! | `proposals.handled` | 建议和提案办理结果公开情况 | 共承办建议提案75件 |
//! | `proposals.lead` | 建议和提案办理结果公开情况 | 其中主办件24件 |
//! | `policy_interpretations` | 发布解读、回应社会关切… | 全年共发布政策解读6条 |
//! | `press_conferences` | 发布解读… or 主动公开…渠道建设 | 全年共召开新闻发布会5次 |
//! | `press_conferences.principal` | same | 主要负责人参加的新闻发布会1次 |
//! | `public_concerns.responded` | 发布解读、回应社会关切… | 处置需要回应的相关舆情和热点问题26条 |
//! | `online_interactions` | 发布解读、回应社会关切… | 参与在线交流活动10次 |
//!
//! # How it recognises its template
//! Qingdao's reporting rules of the time (青岛市政府信息公开工作年度报告制度)
//! fix twelve numbered sections, from 概述 to 需要说明的事项与附表, several of
//! which no other template has (建议和提案办理结果公开情况, 保密审查及监督检查,
//! 所属事业单位, 重点领域). The score counts the template's sections among
//! the document's first-level headings: at least eight of the twelve, two
//! of them distinctive, give 0.99 to 1.0 (above the free-form extractor,
//! which also claims these reports, at about 0.9); fewer give at most
//! 0.024. The
//! post-2019 national tables' labels cut the score down.
//!
//! # Known limits
//! Figures are read only inside their own section and only in the wording
//! above (with small variations); a figure written otherwise is left out.
//! Reports that merge or rename sections beyond keyword recognition fall
//! back to free-form.
//!
//! # Example
//! ```
//! use nianbao_core::{Document, Extractor, SourceFormat};
//! use nianbao_plugin_qingdao_2018::Qingdao2018;
//!
//! let text = "四、建议和提案办理结果公开情况\n2018年全委共承办建议提案75件，其中主办件24件。\n";
//! let doc = Document::parse(text.to_string(), SourceFormat::Text, "utf-8");
//! let x = Qingdao2018.extract(&doc);
//! assert_eq!(x.value("x.qingdao-2018.proposals.handled"), Some(75.into()));
//! ```

use nianbao_core::outline::block_heading_level;
use nianbao_core::score::fingerprint;
use nianbao_core::{BlockKind, Document, Extraction, Extractor, Fact, TextRun, Value};
use regex::Regex;
use std::sync::OnceLock;

/// The plugin's id and key namespace.
pub const ID: &str = "qingdao-2018";

/// The plugin's version (its crate's), as `nianbao plugins list` shows it.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// One of the template's twelve sections: every keyword must appear in the
/// first-level heading.
struct Section {
    name: &'static str,
    keywords: &'static [&'static str],
    /// Found in no other template.
    distinctive: bool,
}

const fn section(
    name: &'static str,
    keywords: &'static [&'static str],
    distinctive: bool,
) -> Section {
    Section {
        name,
        keywords,
        distinctive,
    }
}

/// The twelve sections, in template order.
const SECTIONS: [Section; 12] = [
    section("overview", &["概述"], false),
    section("organisation", &["组织领导", "制度建设"], false),
    section("releases", &["解读", "回应"], true),
    section("proposals", &["建议", "提案", "办理"], true),
    section("key_areas", &["重点领域"], true),
    section("active", &["主动公开", "渠道"], false),
    section("requests", &["申请", "办理情况"], false),
    section("appeals", &["行政复议", "行政诉讼"], false),
    section("secrecy", &["保密审查"], true),
    section("institutions", &["事业单位"], true),
    section("problems", &["问题", "改进"], false),
    section("notes", &["需要说明"], false),
];

/// Sections that must be found for the document to be this template.
const MIN_SECTIONS: usize = 8;

/// Distinctive sections that must be among them.
const MIN_DISTINCTIVE: usize = 2;

/// Labels of the post-2019 national tables: a report with them follows the
/// national template, whatever its sections.
const STANDARD: &[(&str, f64)] = &[
    ("本年新收政府信息公开申请数量", 1.0),
    ("上年结转政府信息公开申请数量", 1.0),
    ("本年制发件数", 0.8),
    ("本年新制作数量", 0.8),
];

/// A figure of the template: its key (under `x.qingdao-2018.`), the
/// sections it is read in, and its wording with the number as group 1.
struct Rule {
    key: &'static str,
    sections: &'static [&'static str],
    pattern: &'static str,
}

/// Text between a label and its number: no digits, no sentence breaks.
macro_rules! gap {
    ($n:literal) => {
        concat!("[^0-9０-９，。；,;]{0,", $n, "}?")
    };
}

const RULES: [Rule; 7] = [
    Rule {
        key: "proposals.handled",
        sections: &["proposals"],
        pattern: concat!(
            "承办",
            gap!(12),
            "建议[和、及与]?",
            gap!(8),
            "提案",
            gap!(4),
            "([0-9０-９]+)件"
        ),
    },
    Rule {
        key: "proposals.lead",
        sections: &["proposals"],
        pattern: "主办件?([0-9０-９]+)件",
    },
    Rule {
        key: "policy_interpretations",
        sections: &["releases"],
        pattern: concat!("发布政策解读", gap!(6), "([0-9０-９]+)[条篇件次]"),
    },
    Rule {
        key: "press_conferences",
        sections: &["releases", "active"],
        pattern: concat!("召开新闻发布会", gap!(4), "([0-9０-９]+)[次场]"),
    },
    Rule {
        key: "press_conferences.principal",
        sections: &["releases", "active"],
        pattern: "主要负责(?:人|同志)(?:参加|出席)的新闻发布会([0-9０-９]+)[次场]",
    },
    Rule {
        key: "public_concerns.responded",
        sections: &["releases"],
        pattern: concat!(
            "回应的",
            gap!(10),
            "舆情",
            gap!(10),
            "([0-9０-９]+)[条件次]"
        ),
    },
    Rule {
        key: "online_interactions",
        sections: &["releases"],
        pattern: "在线交流活动([0-9０-９]+)[次场期]",
    },
];

/// The compiled [`RULES`] (the patterns are constants, tested below).
fn compiled() -> &'static [(&'static Rule, Regex)] {
    static COMPILED: OnceLock<Vec<(&'static Rule, Regex)>> = OnceLock::new();
    COMPILED.get_or_init(|| {
        RULES
            .iter()
            .filter_map(|rule| Regex::new(rule.pattern).ok().map(|re| (rule, re)))
            .collect()
    })
}

/// The template section a first-level heading opens, if any.
fn section_of(heading: &str) -> Option<&'static Section> {
    SECTIONS
        .iter()
        .find(|s| s.keywords.iter().all(|k| heading.contains(k)))
}

/// The text of a first-level section heading: a level-1 heading block, or
/// a paragraph that reads like one (`一、…`, short, not a sentence), for
/// readers that did not mark it.
fn first_level_heading(kind: &BlockKind) -> Option<&TextRun> {
    match kind {
        BlockKind::Heading { level: 1, text } => Some(text),
        BlockKind::Paragraph(text) if block_heading_level(text.as_str()) == Some(1) => Some(text),
        _ => None,
    }
}

/// The template's sections among the document's first-level headings:
/// (found, distinctive found).
fn sections_found(doc: &Document) -> (usize, usize) {
    let mut seen = [false; SECTIONS.len()];
    for text in doc
        .blocks
        .iter()
        .filter_map(|b| first_level_heading(&b.kind))
    {
        if let Some(i) = SECTIONS
            .iter()
            .position(|s| s.keywords.iter().all(|k| text.as_str().contains(k)))
        {
            seen[i] = true;
        }
    }
    let found = seen.iter().filter(|s| **s).count();
    let distinctive = SECTIONS
        .iter()
        .zip(seen)
        .filter(|(s, seen)| *seen && s.distinctive)
        .count();
    (found, distinctive)
}

/// The text runs of the document with the template section each stands in
/// (`None` before the first recognised section or under an unknown one).
fn runs_by_section(doc: &Document) -> impl Iterator<Item = (Option<&'static str>, &TextRun)> {
    let mut current = None;
    doc.blocks.iter().filter_map(move |block| {
        if let Some(heading) = first_level_heading(&block.kind) {
            current = section_of(heading.as_str()).map(|s| s.name);
            return None;
        }
        match &block.kind {
            BlockKind::Heading { level: 0, .. } | BlockKind::Table(_) => None,
            BlockKind::Heading { text, .. } | BlockKind::Paragraph(text) => Some((current, text)),
        }
    })
}

/// A number written with ASCII or full-width digits.
fn parse_number(digits: &str) -> Option<i64> {
    let ascii: String = digits
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_digit(c as u32 - '０' as u32, 10).unwrap_or(c),
            other => other,
        })
        .collect();
    ascii.parse().ok()
}

/// The template's own facts, each read at its first occurrence in its
/// sections.
fn template_facts(doc: &Document) -> Vec<Fact> {
    let mut facts: Vec<Fact> = Vec::new();
    for (section, run) in runs_by_section(doc) {
        let Some(section) = section else { continue };
        for (rule, re) in compiled() {
            if !rule.sections.contains(&section) {
                continue;
            }
            let key = format!("x.{ID}.{}", rule.key);
            if facts.iter().any(|f| f.key == key) {
                continue;
            }
            let Some(number) = re.captures(run.as_str()).and_then(|c| c.get(1)) else {
                continue;
            };
            let Some(value) = parse_number(number.as_str()) else {
                continue;
            };
            let span = run.span_of(number.range());
            facts.push(Fact::new(doc, key, Value::Int(value), span));
        }
    }
    facts.sort_by_key(|f| f.evidence.start);
    facts
}

/// The Qingdao 2018 template's extractor.
#[derive(Clone, Copy, Debug, Default)]
pub struct Qingdao2018;

impl Extractor for Qingdao2018 {
    fn id(&self) -> &str {
        ID
    }

    fn score(&self, doc: &Document) -> f64 {
        let (found, distinctive) = sections_found(doc);
        if found < MIN_SECTIONS || distinctive < MIN_DISTINCTIVE {
            return 0.002 * found as f64;
        }
        let extra = (found - MIN_SECTIONS) as f64;
        let span = (SECTIONS.len() - MIN_SECTIONS) as f64;
        // Only now look at the whole text: most documents never get here.
        (0.99 + 0.01 * extra / span) * (1.0 - 0.9 * fingerprint(doc.compact(), STANDARD))
    }

    fn extract(&self, doc: &Document) -> Extraction {
        let mut extraction = nianbao_narrative::read(doc);
        for fact in template_facts(doc) {
            extraction.push_fact(fact);
        }
        extraction
    }
}

nianbao_plugin_sdk::export_plugin!(Qingdao2018);

#[cfg(test)]
mod tests {
    use super::*;
    use nianbao_core::SourceFormat;

    /// Extracts the template facts of `text` and compares them, as
    /// `(key without namespace, value, evidence text)`, with `expected`.
    #[track_caller]
    fn check(text: &str, expected: &[(&str, i64, &str)]) {
        let doc = Document::parse(text.to_string(), SourceFormat::Text, "utf-8");
        let got: Vec<(String, i64, String)> = template_facts(&doc)
            .into_iter()
            .map(|f| {
                let key = f.key.trim_start_matches("x.qingdao-2018.").to_string();
                let value = match f.value {
                    Value::Int(i) => i,
                    Value::Decimal(d) => d as i64,
                };
                assert_eq!(doc.slice(f.evidence.span()), f.evidence.text);
                (key, value, f.evidence.text)
            })
            .collect();
        let expected: Vec<(String, i64, String)> = expected
            .iter()
            .map(|(k, v, t)| (k.to_string(), *v, t.to_string()))
            .collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn patterns_compile() {
        assert_eq!(compiled().len(), RULES.len());
    }

    #[test]
    fn proposals() {
        check(
            "四、建议和提案办理结果公开情况\n2018年全委共承办建议提案75件，其中主办件24件，办理结果均通过网站进行了公开。\n",
            &[
                ("proposals.handled", 75, "75"),
                ("proposals.lead", 24, "24"),
            ],
        );
        check(
            "四、建议和提案办理结果公开情况\n共承办市人大代表建议和政协提案１２件。\n",
            &[("proposals.handled", 12, "１２")],
        );
    }

    #[test]
    fn releases() {
        check(
            "三、发布解读、回应社会关切以及互动交流情况\n开展“一周一策”政策解读23期。全年共发布政策解读6条。共发现、处置需要回应的相关舆情和热点问题26条。全年共召开新闻发布会5次。全年参与在线交流活动10次。\n",
            &[
                ("policy_interpretations", 6, "6"),
                ("public_concerns.responded", 26, "26"),
                ("press_conferences", 5, "5"),
                ("online_interactions", 10, "10"),
            ],
        );
        check(
            "六、主动公开政府信息以及各类公开渠道建设情况\n今年以来共召开新闻发布会5次，其中主要负责人参加的新闻发布会1次。\n",
            &[
                ("press_conferences", 5, "5"),
                ("press_conferences.principal", 1, "1"),
            ],
        );
    }

    #[test]
    fn figures_outside_their_section_are_not_read() {
        check(
            "一、概述\n全年共召开新闻发布会5次，承办建议提案75件。\n",
            &[],
        );
        check("全年共召开新闻发布会5次。\n", &[]);
    }

    /// The twelve section headings of the template, numbered.
    const HEADINGS: [&str; 12] = [
        "一、概述",
        "二、政府信息公开的组织领导和制度建设情况",
        "三、发布解读、回应社会关切以及互动交流情况",
        "四、建议和提案办理结果公开情况",
        "五、重点领域政府信息公开工作推进情况和公开情况",
        "六、主动公开政府信息以及各类公开渠道建设情况",
        "七、政府信息公开申请办理情况",
        "八、因政府信息公开申请提起行政复议、行政诉讼的情况",
        "九、政府信息公开保密审查及监督检查情况",
        "十、所属事业单位信息公开工作推进措施和落实情况",
        "十一、政府信息公开工作存在的主要问题及改进情况",
        "十二、需要说明的事项与附表",
    ];

    /// Scores a document made of the headings `which` (indexes into
    /// [`HEADINGS`]), each followed by a sentence, plus `extra` text.
    #[track_caller]
    fn check_score(which: &[usize], extra: &str, expected: f64) {
        let mut text = String::new();
        for i in which {
            text.push_str(HEADINGS[*i]);
            text.push_str("\n本部分内容。\n");
        }
        text.push_str(extra);
        let doc = Document::parse(text, SourceFormat::Text, "utf-8");
        let got = Qingdao2018.score(&doc);
        assert!((got - expected).abs() < 1e-9, "{got} != {expected}");
    }

    #[test]
    fn scores() {
        let all: Vec<usize> = (0..12).collect();
        check_score(&all, "", 1.0);
        check_score(&all[..8], "", 0.99);
        check_score(&all[..10], "", 0.995);
        // Seven sections: not this template.
        check_score(&all[..7], "", 0.014);
        // Eight common sections but only one distinctive one.
        check_score(&[0, 1, 2, 5, 6, 7, 10, 11], "", 0.016);
        // The national tables' labels: a post-2019 report.
        let discounted = 1.0 - 0.9 * (1.0 - (-1.0_f64).exp());
        check_score(&all, "本年新收政府信息公开申请数量\n", discounted);
        check_score(&[], "", 0.0);
    }

    #[test]
    fn numbers() {
        assert_eq!(parse_number("１２"), Some(12));
        assert_eq!(parse_number("75"), Some(75));
        assert_eq!(parse_number(""), None);
    }
}
