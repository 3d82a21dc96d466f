//! Extractor for the 2019 national template (国办公开办函〔2019〕60号),
//! used for report years 2019 and 2020.
//!
//! # What it extracts
//! Tables 二, 三 and 四 under the `t2.`, `t3.` and `t4.` keys (extraction
//! lands with the standard-template issue; today it only scores).
//!
//! # How it recognises its template
//! By the 2019 table 二 column labels (本年新制作数量, 对外公开总数量,
//! 上一年项目数量, 采购总金额), discounted when 2021 labels are present.
//!
//! # Known limits
//! Extraction is not implemented yet.

use nianbao_core::score::fingerprint;
use nianbao_core::{Document, Extraction, Extractor};

/// Labels only the 2019 template prints, with their weights.
const OWN: &[(&str, f64)] = &[
    ("本年新制作数量", 1.2),
    ("本年新公开数量", 1.0),
    ("对外公开总数量", 1.2),
    ("上一年项目数量", 0.8),
    ("采购总金额", 0.8),
    ("采购项目数量", 0.5),
    ("本年增/减", 0.4),
    ("收到和处理政府信息公开申请情况", 0.3),
    ("本年新收政府信息公开申请数量", 0.3),
];

/// Labels only the 2021 template prints.
const OTHER: &[(&str, f64)] = &[
    ("本年制发件数", 1.2),
    ("现行有效件数", 1.2),
    ("本年废止件数", 1.0),
    ("本年收费金额", 0.8),
];

/// The standard-2019 extractor.
#[derive(Clone, Copy, Debug, Default)]
pub struct Standard2019;

impl Extractor for Standard2019 {
    fn id(&self) -> &str {
        "standard-2019"
    }

    fn score(&self, doc: &Document) -> f64 {
        let text = doc.compact();
        fingerprint(text, OWN) * (1.0 - 0.7 * fingerprint(text, OTHER))
    }

    fn extract(&self, _doc: &Document) -> Extraction {
        Extraction::default()
    }
}
