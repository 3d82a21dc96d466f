//! Extractor for the 2019 national template (国办公开办函〔2019〕60号),
//! used for report years 2019 and 2020.
//!
//! # What it extracts
//! Every cell of tables 二, 三 and 四 under the `t2.`, `t3.` and `t4.` keys,
//! each with its evidence: table 二 as 本年新制作数量 / 本年新公开数量 /
//! 对外公开总数量 (`made`, `published`, `total`), 上一年项目数量 / 本年增/减 /
//! 处理决定数量 (`prev`, `change`, `decisions`), 采购项目数量 / 采购总金额
//! (`count`, `amount_yuan`, converted to yuan from 万元 where printed so);
//! table 三 with （六）其他处理 as one row (`t3.other.*`); table 四's fifteen
//! values. Report identity and narrative facts (`n.` keys) come from
//! `nianbao-narrative` and are merged in.
//!
//! # How it recognises its template
//! By labels, never by the year alone: post-2019 table labels and section
//! titles make a report post-2019; the 2019 column labels (本年新制作数量,
//! 对外公开总数量, 上一年项目数量, 采购总金额, 第二十条第（九）项) against the
//! 2021 ones decide the template. When a report's tables are gone and no
//! template label is left, the title's year decides (2019 or 2020).
//!
//! # Known limits
//! Cells that ran together in crawler text are split only when the split
//! is provable (the one split of the digits that satisfies the table's own
//! sums, jointly across rows); otherwise they are left out with a warning
//! naming the row. Table 二 has no sums, so its run-together rows are read
//! only when no other reading exists (`000`). Space-aligned text (pdftotext
//! `-layout`) drops blank cells: in table 三 the values are placed under the
//! columns of the rows that print all seven when that is unambiguous; other
//! such rows, and short rows of tables 二 and 四, are left out. Plain
//! pdftotext (one cell per line) is read by the count of values, so a stray
//! number or a blank cell leaves the table unread.
//!
//! # Example
//! ```
//! use nianbao_core::{Document, Extractor, SourceFormat, Value};
//! use nianbao_extractor_standard_2019::Standard2019;
//!
//! let text = "二、主动公开政府信息情况\n第二十条第（九）项\n\
//!             信息内容 采购项目数量 采购总金额\n政府集中采购 6 251000元\n";
//! let doc = Document::parse(text.to_string(), SourceFormat::Text, "utf-8");
//! let x = Standard2019.extract(&doc);
//! assert_eq!(x.value("t2.procurement.amount_yuan"), Some(Value::Int(251000)));
//! ```

use nianbao_core::{Document, Extraction, Extractor};
use nianbao_standard_tables::Template;

/// The standard-2019 extractor.
#[derive(Clone, Copy, Debug, Default)]
pub struct Standard2019;

impl Extractor for Standard2019 {
    fn id(&self) -> &str {
        "standard-2019"
    }

    fn score(&self, doc: &Document) -> f64 {
        nianbao_standard_tables::score(doc, Template::Standard2019)
    }

    fn extract(&self, doc: &Document) -> Extraction {
        let mut out = nianbao_standard_tables::read(doc, Template::Standard2019);
        nianbao_standard_tables::merge(&mut out, nianbao_narrative::read(doc));
        out
    }
}
