//! Readers for the national templates' tables (二, 三, 四) and the grammar of
//! their cells, shared by the `standard-2019` and `standard-2021` extractors.
//!
//! Not an extractor itself: [`read`] turns a [`Document`] into table facts
//! (`t2.`, `t3.`, `t4.` keys) with evidence and warnings, and [`score`] says
//! how well a document fits a [`Template`]. Narrative facts and report
//! identity come from `nianbao-narrative`; [`merge`] joins the two.
//!
//! The reading goes: the document as lines of items ([`layout`]: grid cells,
//! or tokens of text), rows (a label and its value slots), the three table
//! sections, then one reader per table ([`t2`], [`t3`], [`t4`]) that matches
//! labels ([`label`]), parses cells ([`cell`]) and, for crawler text whose
//! cells ran together, splits digits only where the split is provable
//! ([`split`]). A value that cannot be read for certain is left out with a
//! warning: a wrong number is far worse than a missing one.

pub mod cell;
pub mod label;
pub mod layout;
pub mod recognise;
pub mod split;
pub mod t2;
pub mod t3;
pub mod t4;

use nianbao_core::{Document, Extraction, Fact, Span, Value};

/// The national template a report follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Template {
    /// 国办公开办函〔2019〕60号, report years 2019 and 2020.
    Standard2019,
    /// 国办公开办函〔2021〕30号, report years 2021 on.
    Standard2021,
}

impl Template {
    /// The template id written into records.
    pub fn id(self) -> &'static str {
        match self {
            Template::Standard2019 => "standard-2019",
            Template::Standard2021 => "standard-2021",
        }
    }
}

/// One value found in a table, before it becomes a [`Fact`].
#[derive(Clone, Debug, PartialEq)]
pub struct Found {
    /// Canonical key.
    pub key: String,
    /// The value.
    pub value: Value,
    /// Where it stands in the source.
    pub span: Span,
}

/// What one table reader found.
#[derive(Clone, Debug, Default)]
pub struct TableRead {
    /// Values found.
    pub found: Vec<Found>,
    /// Problems worth a reader's attention.
    pub warnings: Vec<String>,
}

/// A label shortened for messages: normalized, explanations dropped, at most
/// the last 24 characters.
pub fn short(label: &str) -> String {
    let s = label::strip_explanations(&label::normalize(label));
    let n = s.chars().count();
    if n <= 24 {
        format!("'{s}'")
    } else {
        let tail: String = s.chars().skip(n - 24).collect();
        format!("'…{tail}'")
    }
}

/// How well the document fits `template`, in `[0, 1]` (cheap: label
/// fingerprints only).
pub fn score(doc: &Document, template: Template) -> f64 {
    recognise::score(doc, template)
}

/// Reads tables 二, 三 and 四 of a post-2019 report.
pub fn read(doc: &Document, template: Template) -> Extraction {
    let lines = layout::lines(doc);
    let rows = layout::rows(&lines);
    let regions = layout::regions(rows);
    let mut out = Extraction::default();
    let t2 = t2::read(&regions.active, template);
    let t3 = t3::read(&regions.requests, template == Template::Standard2021);
    let t4 = t4::read(&regions.review);
    let tables = [
        ("二", label::Section::Active, &regions.active, t2),
        ("三", label::Section::Requests, &regions.requests, t3.read),
        ("四", label::Section::Review, &regions.review, t4),
    ];
    let mut facts = Vec::new();
    for (name, section, rows, read) in tables {
        let has_values = rows.iter().any(layout::Row::has_values);
        if !has_values {
            if regions.titles.contains(&section) {
                out.warnings.push(format!(
                    "table {name} heading present but its body is missing (image or stripped)"
                ));
            } else {
                out.warnings.push(format!("table {name} not found"));
            }
        }
        facts.extend(
            read.found
                .into_iter()
                .map(|found| Fact::new(doc, found.key, found.value, found.span)),
        );
        out.warnings.extend(read.warnings);
    }
    out.extend_facts(facts);
    if template == Template::Standard2021 && t3.split_other == Some(false) {
        out.warnings.push(
            "table 三 keeps （六）其他处理 as one row (2019 layout inside a 2021 report): read as t3.other"
                .to_string(),
        );
    }
    if template == Template::Standard2019 && t3.split_other == Some(true) {
        out.warnings.push(
            "table 三 splits （六）其他处理 in three (2021 layout inside a 2019 report)"
                .to_string(),
        );
    }
    out
}

/// Adds what the narrative reader found (identity, `n.` facts, warnings) to
/// the table extraction; table facts keep precedence on equal keys.
pub fn merge(tables: &mut Extraction, narrative: Extraction) {
    tables.meta = narrative.meta;
    for fact in narrative.facts {
        tables.push_fact(fact);
    }
    tables.checks.extend(narrative.checks);
    tables.warnings.extend(narrative.warnings);
}

#[cfg(test)]
mod tests {
    use super::*;
    use nianbao_core::{Block, BlockKind, Cell, SourceFormat, Table, TableForm, TextRun};

    /// A grid laid out as an HTML reader does: merged cells repeated as
    /// covered copies.
    fn table_block(rows: &[Vec<(TextRun, u32, u32)>]) -> Block {
        let mut grid: Vec<Vec<Option<Cell>>> = Vec::new();
        for (r, row) in rows.iter().enumerate() {
            let mut c = 0;
            for (run, rs, cs) in row {
                while grid
                    .get(r)
                    .and_then(|g| g.get(c))
                    .is_some_and(Option::is_some)
                {
                    c += 1;
                }
                for dr in 0..*rs as usize {
                    for dc in 0..*cs as usize {
                        let (rr, cc) = (r + dr, c + dc);
                        while grid.len() <= rr {
                            grid.push(Vec::new());
                        }
                        let line = &mut grid[rr];
                        while line.len() <= cc {
                            line.push(None);
                        }
                        let mut cell = Cell::new(run.clone(), run.span());
                        cell.rowspan = *rs;
                        cell.colspan = *cs;
                        cell.covered = dr > 0 || dc > 0;
                        line[cc] = Some(cell);
                    }
                }
                c += *cs as usize;
            }
        }
        let rows: Vec<Vec<Cell>> = grid
            .into_iter()
            .map(|r| {
                r.into_iter()
                    .map(|c| c.unwrap_or_else(|| Cell::new(TextRun::new(), Span::default())))
                    .collect()
            })
            .collect();
        Block {
            kind: BlockKind::Table(Table {
                rows,
                form: TableForm::Html,
                span: Span::default(),
            }),
            span: Span::default(),
        }
    }

    /// A document whose tables are written as `|`-separated rows with
    /// `{rN}` / `{cN}` spans; lines starting with `#` are paragraphs and a
    /// blank line ends a table.
    fn grid_doc(spec: &str) -> Document {
        let mut blocks = Vec::new();
        let mut rows: Vec<Vec<(TextRun, u32, u32)>> = Vec::new();
        let mut offset = 0;
        for line in spec.split_inclusive('\n') {
            let text = line.trim_end_matches('\n');
            if let Some(p) = text.strip_prefix('#') {
                if !rows.is_empty() {
                    blocks.push(table_block(&std::mem::take(&mut rows)));
                }
                let run = TextRun::verbatim(p, offset + 1);
                blocks.push(Block {
                    span: run.span(),
                    kind: BlockKind::Paragraph(run),
                });
            } else if text.trim().is_empty() {
                if !rows.is_empty() {
                    blocks.push(table_block(&std::mem::take(&mut rows)));
                }
            } else {
                let mut cells = Vec::new();
                let mut from = 0;
                for part in text.split('|') {
                    let (body, rs, cs) = spans(part);
                    cells.push((TextRun::verbatim(body, offset + from), rs, cs));
                    from += part.len() + 1;
                }
                rows.push(cells);
            }
            offset += line.len();
        }
        if !rows.is_empty() {
            blocks.push(table_block(&rows));
        }
        Document::from_blocks(spec.to_string(), SourceFormat::Html, blocks)
    }

    /// Splits `text{r2}{c3}` into its text and spans.
    fn spans(part: &str) -> (&str, u32, u32) {
        let mut body = part;
        let (mut rs, mut cs) = (1, 1);
        while let Some(open) = body.rfind('{') {
            let tag = &body[open + 1..body.len().saturating_sub(1)];
            if !body.ends_with('}') {
                break;
            }
            let n: u32 = tag[1..].parse().unwrap_or(1);
            if tag.starts_with('r') {
                rs = n;
            } else {
                cs = n;
            }
            body = &body[..open];
        }
        (body, rs, cs)
    }

    fn text_doc(text: &str) -> Document {
        Document::parse(text.to_string(), SourceFormat::Text, "utf-8")
    }

    /// `expected` holds `key=value` (`key=-` for absent) and `!words` for a
    /// warning that must contain the words.
    #[track_caller]
    fn check(doc: Document, template: Template, expected: &str) {
        let x = read(&doc, template);
        for want in expected.split_whitespace() {
            if let Some(words) = want.strip_prefix('!') {
                assert!(
                    x.warnings.iter().any(|w| w.contains(words)),
                    "no warning with {words:?} in {:#?}",
                    x.warnings
                );
                continue;
            }
            let (key, value) = want.split_once('=').unwrap_or((want, "-"));
            let got = x.value(key).map(|v| v.as_f64());
            let want_v = value.parse::<f64>().ok();
            assert_eq!(got, want_v, "{key} in {:#?}\n{:#?}", x.facts, x.warnings);
        }
        for f in &x.facts {
            assert_eq!(doc.slice(f.evidence.span()), f.evidence.text, "{}", f.key);
        }
    }

    #[test]
    fn cell_per_line() {
        let text = r"二、主动公开政府信息情况
信息内容 |
本年新 制作数量 |
本年新 公开数量 |
对外公开总数量 | |
规章 |
0 |
0 |
0 | |
规范性文件 |
2 |
2 |
2 | |
信息内容 |
上一年项目数量 |
本年增/减 |
处理决定数量 | |
行政许可 |
7 |
-3 |
7 | |
三、收到和处理政府信息公开申请情况
(六)其他处理 |
0 |
1 |
0 |
0 |
0 |
0 |
1 | |
四、政府信息公开行政复议、行政诉讼情况
0 |
1 |
0 |
0 |
1 |
0 |
0 |
0 |
0 |
0 |
0 |
0 |
0 |
0 |
0
五、存在的主要问题及改进情况
";
        check(
            text_doc(text),
            Template::Standard2019,
            "t2.rules.made=0 t2.normative.total=2 t2.licensing.prev=7 t2.licensing.change=-3 \
             t2.licensing.decisions=7 t3.other.commercial=1 t3.other.total=1 \
             t4.review.corrected=1 t4.review.total=1 t4.suit_after_review.total=0",
        );
    }

    #[test]
    fn markdown_with_extra_row() {
        let text = r"二、主动公开政府信息情况
| 第二十条第（一）项 | | | |
|---|---|---|---|
| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |
| 规章 | 1 | 0 | 5 |
| 其他主动公开文件 | 26 | 0 | 130 |
| 行政规范性文件 | 12 | / | 48 |
| 信息内容 | 本年收费金额（单位：万元） | | |
| 行政事业性收费 | 3.5 | | |
";
        check(
            text_doc(text),
            Template::Standard2021,
            "t2.rules.issued=1 t2.rules.in_force=5 t2.normative.issued=12 \
             t2.normative.repealed=- t2.normative.in_force=48 t2.fees.amount_wan=3.5",
        );
    }

    #[test]
    fn tabs_with_subtotal_column() {
        let text = "三、收到和处理政府信息公开申请情况\n\
\t\t\t自然人\t法人或其他组织\t\t\t\t\t\t总计\n\
\t\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t小计\t\n\
一、本年新收政府信息公开申请数量\t\t\t18\t5\t\t\t1\t2\t8\t26\n\
二、上年结转政府信息公开申请数量\t\t\t\t1\t\t\t0\t0\t1\t1\n";
        check(
            text_doc(text),
            Template::Standard2019,
            "t3.new_received.natural=18 t3.new_received.commercial=5 t3.new_received.research=- \
             t3.new_received.legal=1 t3.new_received.other_org=2 t3.new_received.total=26 \
             t3.carried_over.natural=- t3.carried_over.commercial=1 t3.carried_over.total=1",
        );
    }

    #[test]
    fn aligned_layout_text() {
        let text = "     三、收到和处理政府信息公开申请情况
一、本年新收政府信息公开申请数量        21    0      0     0   0   0     21
                  （二）部分公开（区分处理的，只计这一情 形，不
                  计其他情形）
                                    4    0      0     0   0   0     4
                  1.属于国家秘密         1     0      0     0   0   0     1
 三 、本 年 度办 理 结果
                  2.其他法律行政止公开      0     0      0     0   0   0     0

                                                                        -3-
\u{c}     （六）其他处理              2    0   0   0    0    0   2
";
        check(
            text_doc(text),
            Template::Standard2021,
            "t3.new_received.natural=21 t3.new_received.total=21 t3.partial.natural=4 \
             t3.partial.total=4 t3.denied_state_secret.natural=1 t3.denied_law.total=0 \
             t3.other.natural=2 t3.other.total=2 !（六）其他处理",
        );
    }

    #[test]
    fn aligned_text_with_blank_cells() {
        let text = "三、收到和处理政府信息公开申请情况
一、本年新收政府信息公开申请数量             821   35     0     0     2     1    859
二、上年结转政府信息公开申请数量             18                                  18
               （一）予以公开       372   20                 1     1
               （二）部分公开       45     3     0     0     0     0    48
               1.属于国家秘密             4                 2
     2.其他法律行政法规禁止公开           5                                   5
               3.危及三安全一稳定        7
四、政府信息公开行政复议、行政诉讼情况
";
        check(
            text_doc(text),
            Template::Standard2019,
            "t3.new_received.legal=2 t3.carried_over.natural=18 t3.carried_over.commercial=- \
             t3.carried_over.total=18 t3.granted.natural=372 t3.granted.commercial=20 \
             t3.granted.research=- t3.granted.legal=1 t3.granted.other_org=1 t3.granted.total=- \
             t3.partial.total=48 t3.denied_state_secret.natural=- \
             t3.denied_state_secret.commercial=4 t3.denied_state_secret.legal=2 \
             t3.denied_law.total=5 t3.denied_safety.natural=- t3.denied_safety.commercial=- \
             !columns are unclear",
        );
    }

    #[test]
    fn plain_one_cell_per_line_read_by_columns() {
        // Twenty-three rows: four row by row, then nineteen read column by
        // column (runs of nineteen values per applicant type).
        let mut text = String::from("三、收到和处理政府信息公开申请情况\n总计\n");
        let rows: [[i64; 7]; 4] = [
            [3, 1, 0, 0, 0, 0, 4],
            [1, 0, 0, 0, 0, 0, 1],
            [3, 1, 0, 0, 0, 0, 4],
            [1, 0, 0, 0, 0, 0, 1],
        ];
        for r in rows {
            for v in r {
                text.push_str(&format!("\n{v}\n"));
            }
        }
        // The other nineteen rows: 不予公开…（六）, （七）总计, 四: natural
        // column 0…0, 4, 0 ; commercial 0…0, 1, 0 ; total 0…0, 5, 0.
        let col = |h: i64| {
            let mut c: Vec<i64> = vec![0; 17];
            c.extend([h, 0]);
            c
        };
        for h in [4, 1, 0, 0, 0, 0, 5] {
            text.push('\n');
            for v in col(h) {
                text.push_str(&format!("{v}\n"));
            }
        }
        text.push_str("\n一、本年新收政府信息公开申请数量\n（七）总计\n四、政府信息公开行政复议、行政诉讼情况\n");
        check(
            text_doc(&text),
            Template::Standard2019,
            "t3.new_received.natural=3 t3.new_received.commercial=1 t3.new_received.total=4 \
             t3.carried_over.total=1 t3.granted.total=4 t3.partial.natural=1 \
             t3.handled_total.natural=4 t3.handled_total.commercial=1 t3.handled_total.total=5 \
             t3.carried_forward.total=0 t3.denied_law.natural=0",
        );
    }

    #[test]
    fn plain_table_two_by_blocks() {
        // One cell per line; a value may come before its row's label.
        let text = "二、主动公开政府信息情况\n第二十条第（一）项\n信息内容\n本年制发件数\n本年废止件数\n现行有效件数\n规章\n0\n0\n0\n行政规范性文件\n0\n5\n5\n第二十条第（五）项\n信息内容\n本年处理决定数量\n550\n\n行政许可\n第二十条第（六）项\n-2-\n信息内容\n本年处理决定数量\n行政处罚\n4119\n行政强制\n195\n第二十条第（八）项\n信息内容\n本年收费金额（单位：万元）\n7730.28\n\n行政事业性收费\n三、收到和处理政府信息公开申请情况\n";
        check(
            text_doc(text),
            Template::Standard2021,
            "t2.rules.issued=0 t2.normative.repealed=5 t2.normative.in_force=5 \
             t2.licensing.decisions=550 t2.penalty.decisions=4119 t2.coercion.decisions=195 \
             t2.fees.amount_wan=7730.28",
        );
    }

    #[test]
    fn run_together_crawler_text() {
        let text = "二、主动公开政府信息情况第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章000行政规范性文件8855698第二十条第（五）项信息内容本年处理决定数量行政许可10690第二十条第（八）项信息内容本年收费金额（单位：万元）行政事业性收费9116.36 三、收到和处理政府信息公开申请情况（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他一、本年新收政府信息公开申请数量713000074二、上年结转政府信息公开申请数量1000001三、本年度办理结果（一）予以公开210000021（三）不予公开1.属于国家秘密00000002.其他法律行政法规禁止公开0000000（七）总计723000075四、结转下年度继续办理0000000四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计110024001510102五、存在的主要问题及改进情况2024年";
        check(
            text_doc(text),
            Template::Standard2021,
            "t2.rules.issued=0 t2.rules.in_force=0 t2.normative.issued=- t2.licensing.decisions=10690 \
             t2.fees.amount_wan=9116.36 t3.new_received.natural=71 t3.new_received.commercial=3 \
             t3.new_received.total=74 t3.carried_over.natural=1 t3.granted.total=21 \
             t3.denied_state_secret.total=0 t3.denied_law.total=0 t3.handled_total.natural=72 \
             t3.handled_total.total=75 t3.carried_forward.total=0 t4.review.upheld=1 \
             t4.review.total=2 t4.suit_direct.upheld=4 t4.suit_direct.total=5 \
             t4.suit_after_review.total=2 !行政规范性文件",
        );
    }

    #[test]
    fn run_together_ambiguous_row_left_out() {
        // 110000011 is 11|0|…|11 or 1|10|…|11; nothing else decides.
        let text = "三、收到和处理政府信息公开申请情况一、本年新收政府信息公开申请数量110000011二、上年结转政府信息公开申请数量0000000四、政府信息公开行政复议、行政诉讼情况";
        check(
            text_doc(text),
            Template::Standard2021,
            "t3.new_received.natural=- t3.new_received.total=- t3.carried_over.total=0 \
             !本年新收",
        );
    }

    #[test]
    fn html_grid_merges_that_disagree() {
        let spec = "#二、主动公开政府信息情况
第二十条第（一）项{c5}
信息内容|本年新 制作数量|本年新公开数量{c2}|对外公开总数量
规章|13{c2}|13|524
规范性文件|60{c2}|60|368
第二十条第（九）项{c5}
信息内容|采购项目数量{c2}|采购总金额{c2}
政府集中采购|6{c2}|251000元{c2}
#三、收到和处理政府信息公开申请情况

（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）{r3}{c3}|申请人情况{c7}
自然人{r2}|法人或其他组织{c5}|总计{r2}
商业企业|科研机构|社会公益组织|法律服务机构|其他
一、本年新收政府信息公开申请数量{c3}|821|35|\u{a0}|\u{a0}|2|1|859
三、本年度办理结果{r4}|（三）不予公开{r2}|1.属于国家秘密|1|0|0|0|0|0|1
2.其他法律行政法规禁止公开|2|0|0|0|0|0|2
（四）无法提供{r2}|1.本机关不掌握相关政府信息|5|1|0|0|0|0|6
2.|3|0|0|0|0|0|3
#四、政府信息公开行政复议、行政诉讼情况
";
        check(
            grid_doc(spec),
            Template::Standard2019,
            "t2.rules.made=13 t2.rules.published=13 t2.rules.total=524 t2.normative.total=368 \
             t2.procurement.count=6 t2.procurement.amount_yuan=251000 \
             t3.new_received.natural=821 t3.new_received.research=- t3.new_received.total=859 \
             t3.denied_state_secret.total=1 t3.denied_law.natural=2 \
             t3.unable_not_held.total=6 t3.unable_create.natural=3",
        );
    }

    #[test]
    fn html_subtotal_column_by_sums() {
        // Merged header cells: values go by order, and the 小计 column is the
        // one holding the sum of the five organisation columns.
        let spec = "#三、收到和处理政府信息公开申请情况

（本列数据的勾稽关系）{r3}|申请人情况{c8}
自然人{r2}|法人或其他组织{c6}|总计{r2}
商业企业|科研机构|社会公益组织|法律服务机构|其他|小计
一、本年新收政府信息公开申请数量|10|3|0|0|1|0|4|14
二、上年结转政府信息公开申请数量|0|0|0|0|0|0|0|0
#四、政府信息公开行政复议、行政诉讼情况
";
        check(
            grid_doc(spec),
            Template::Standard2021,
            "t3.new_received.natural=10 t3.new_received.commercial=3 t3.new_received.legal=1 \
             t3.new_received.other_org=0 t3.new_received.total=14 t3.carried_over.total=0",
        );
    }

    #[test]
    fn missing_tables_warn_once_each() {
        let text = "某局2022年政府信息公开工作年度报告\n二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n四、政府信息公开工作被申请行政复议、提起行政诉讼情况\n五、存在的主要问题及改进情况\n";
        check(
            text_doc(text),
            Template::Standard2021,
            "!table 二 heading present !table 三 heading present !table 四 heading present",
        );
    }

    #[test]
    fn split_digits_are_flagged_not_joined() {
        // "20" split in two: eight values, and 2|0 joined makes the row add up.
        let text = "三、收到和处理政府信息公开申请情况\n（一）予以公开  2  0  1  0  0  0  0  21\n四、政府信息公开行政复议、行政诉讼情况\n";
        check(
            text_doc(text),
            Template::Standard2021,
            "t3.granted.natural=- t3.granted.total=- !may be one number '20'",
        );
        // Seven values that fail their sum, repaired by joining 2|0: kept as
        // printed, flagged.
        let text = "三、收到和处理政府信息公开申请情况\n（一）予以公开  2  0  1  0  0  0  21\n四、政府信息公开行政复议、行政诉讼情况\n";
        check(
            text_doc(text),
            Template::Standard2021,
            "t3.granted.natural=2 t3.granted.commercial=0 t3.granted.total=21 !may be one number '20'",
        );
    }
}
