//! A plugin built deliberately wrong: its descriptor declares a size smaller
//! than ABI 1.0's. The host must refuse it by name.

use nianbao_core::{Document, Extraction, Extractor};

/// Claims everything; never asked.
#[derive(Default)]
pub struct BadSize;

impl Extractor for BadSize {
    fn id(&self) -> &str {
        "bad-size"
    }

    fn score(&self, _doc: &Document) -> f64 {
        1.0
    }

    fn extract(&self, _doc: &Document) -> Extraction {
        Extraction::default()
    }
}

nianbao_plugin_sdk::__export_plugin!(BadSize, "0.0.1", nianbao_plugin_sdk::to_json, |d| {
    d.struct_size = 16;
});
