//! Extractor for pre-2019 free-form reports (条例 art. 32 era, 2008–2018).
//!
//! # What it extracts
//! Narrative facts (`n.` keys) and report identity (lands with the
//! free-form issue; today it only scores).
//!
//! # How it recognises its template
//! By the report title and the art. 32 section vocabulary (依申请公开,
//! 复议, 收费及减免), discounted when the post-2019 tables' labels appear.
//!
//! # Known limits
//! Extraction is not implemented yet.

use nianbao_core::score::fingerprint;
use nianbao_core::{Document, Extraction, Extractor};

/// Words of an annual disclosure report of the free-form era.
const OWN: &[(&str, f64)] = &[
    ("政府信息公开工作年度报告", 0.9),
    ("政府信息公开年度报告", 0.7),
    ("信息公开年度报告", 0.3),
    ("主动公开", 0.3),
    ("依申请公开", 0.4),
    ("行政复议", 0.2),
    ("行政诉讼", 0.1),
    ("存在的主要问题", 0.2),
    ("改进措施", 0.2),
    ("收费", 0.1),
];

/// Labels of the post-2019 national tables.
const STANDARD: &[(&str, f64)] = &[
    ("本年新收政府信息公开申请数量", 1.0),
    ("收到和处理政府信息公开申请情况", 0.8),
    ("上年结转政府信息公开申请数量", 1.0),
    ("本年制发件数", 0.8),
    ("本年新制作数量", 0.8),
];

/// The free-form extractor.
#[derive(Clone, Copy, Debug, Default)]
pub struct FreeForm;

impl Extractor for FreeForm {
    fn id(&self) -> &str {
        "free-form"
    }

    fn score(&self, doc: &Document) -> f64 {
        let text = doc.compact();
        fingerprint(text, OWN) * (1.0 - 0.8 * fingerprint(text, STANDARD))
    }

    fn extract(&self, _doc: &Document) -> Extraction {
        Extraction::default()
    }
}
