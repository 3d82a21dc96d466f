//! Extractor for the revised national template (国办公开办函〔2021〕30号),
//! used from report year 2021 on.
//!
//! # What it extracts
//! Tables 二, 三 and 四 under the `t2.`, `t3.` and `t4.` keys (extraction
//! lands with the standard-template issue; today it only scores).
//!
//! # How it recognises its template
//! By the 2021 table 二 column labels (本年制发件数, 本年废止件数, 现行有效件数,
//! 本年收费金额), discounted when 2019 labels are present.
//!
//! # Known limits
//! Extraction is not implemented yet.

use nianbao_core::score::fingerprint;
use nianbao_core::{Document, Extraction, Extractor};

/// Labels only the 2021 template prints, with their weights.
const OWN: &[(&str, f64)] = &[
    ("本年制发件数", 1.2),
    ("本年废止件数", 1.0),
    ("现行有效件数", 1.2),
    ("本年收费金额", 0.8),
    ("申请人无正当理由逾期不补正", 0.5),
    ("收到和处理政府信息公开申请情况", 0.3),
    ("本年新收政府信息公开申请数量", 0.3),
];

/// Labels only the 2019 template prints.
const OTHER: &[(&str, f64)] = &[
    ("本年新制作数量", 1.2),
    ("对外公开总数量", 1.2),
    ("上一年项目数量", 0.8),
    ("采购总金额", 0.8),
];

/// The standard-2021 extractor.
#[derive(Clone, Copy, Debug, Default)]
pub struct Standard2021;

impl Extractor for Standard2021 {
    fn id(&self) -> &str {
        "standard-2021"
    }

    fn score(&self, doc: &Document) -> f64 {
        let text = doc.compact();
        fingerprint(text, OWN) * (1.0 - 0.7 * fingerprint(text, OTHER))
    }

    fn extract(&self, _doc: &Document) -> Extraction {
        Extraction::default()
    }
}
