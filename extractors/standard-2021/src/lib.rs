//! Extractor for the revised national template (国办公开办函〔2021〕30号),
//! used from report year 2021 on.
//!
//! # What it extracts
//! Every cell of tables 二, 三 and 四 under the `t2.`, `t3.` and `t4.` keys,
//! each with its evidence: table 二 as 本年制发件数 / 本年废止件数 /
//! 现行有效件数 (`issued`, `repealed`, `in_force`), 本年处理决定数量
//! (`decisions`) and 本年收费金额 (`amount_wan`, in 万元); table 三 with
//! （六）其他处理 split in three (`other_no_correction`, `other_no_fee`,
//! `other_misc`) or, in reports that kept the 2019 row, undivided
//! (`t3.other.*`); table 四's fifteen values. Report identity and narrative
//! facts (`n.` keys) come from `nianbao-narrative` and are merged in.
//!
//! # How it recognises its template
//! By labels, never by the year alone: post-2019 table labels and section
//! titles (本年新收政府信息公开申请数量, 三、收到和处理政府信息公开申请情况)
//! make a report post-2019; the 2021 column labels (本年制发件数,
//! 本年废止件数, 现行有效件数, 本年收费金额) and the split （六） rows
//! (逾期不补正, 缴纳费用) against the 2019 ones decide the template. When a
//! report's tables are gone (published as images) and no template label is
//! left, the title's year decides, with a warning per missing table.
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
//! use nianbao_extractor_standard_2021::Standard2021;
//!
//! let text = "二、主动公开政府信息情况\n第二十条第（一）项\n\
//!             信息内容 本年制发件数 本年废止件数 现行有效件数\n\
//!             规章 0 0 0\n行政规范性文件 88 55 698\n";
//! let doc = Document::parse(text.to_string(), SourceFormat::Text, "utf-8");
//! let x = Standard2021.extract(&doc);
//! assert_eq!(x.value("t2.normative.in_force"), Some(Value::Int(698)));
//! ```

use nianbao_core::{Document, Extraction, Extractor};
use nianbao_standard_tables::Template;

/// The standard-2021 extractor.
#[derive(Clone, Copy, Debug, Default)]
pub struct Standard2021;

impl Extractor for Standard2021 {
    fn id(&self) -> &str {
        "standard-2021"
    }

    fn score(&self, doc: &Document) -> f64 {
        nianbao_standard_tables::score(doc, Template::Standard2021)
    }

    fn extract(&self, doc: &Document) -> Extraction {
        let mut out = nianbao_standard_tables::read(doc, Template::Standard2021);
        nianbao_standard_tables::merge(&mut out, nianbao_narrative::read(doc));
        out
    }
}
