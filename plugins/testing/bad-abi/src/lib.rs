//! A plugin built deliberately wrong: it exports `nianbao_plugin_entry_v1`
//! but its descriptor claims ABI major 2. The host must refuse it by name.

use nianbao_core::{Document, Extraction, Extractor};

/// Claims everything; never asked.
#[derive(Default)]
pub struct BadAbi;

impl Extractor for BadAbi {
    fn id(&self) -> &str {
        "bad-abi"
    }

    fn score(&self, _doc: &Document) -> f64 {
        1.0
    }

    fn extract(&self, _doc: &Document) -> Extraction {
        Extraction::default()
    }
}

nianbao_plugin_sdk::__export_plugin!(BadAbi, "0.0.1", nianbao_plugin_sdk::to_json, |d| {
    d.abi_major = 2;
});
