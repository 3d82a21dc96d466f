//! Narrative facts (`n.` keys) and report identity (`meta`) read from prose,
//! shared by every extractor whatever its template.
//!
//! Not an extractor itself: the template extractors call [`read`] and add
//! their own facts. What it reads:
//!
//! - **meta** ([`meta`]): the title, the issuing body as written (from the
//!   title, a `发布机构：` line, or the overview's subject when written in
//!   full; never from `来源：` lines or spam-like text), the year reported on
//!   (title, then the statistics period), and the publication date (page
//!   metadata lines, a bare date in the page header, or the dated signature).
//! - **facts** ([`facts`]): the nine `n.` keys of SCHEMA.md from sentences,
//!   following the corpus annotation rules (figures for the report year and
//!   the whole body only; statements of none give 0).
//!
//! Page furniture ([`furniture`]) and old statistics tables run into prose
//! ([`prose::stats_table_start`]) are never read for facts.

pub mod facts;
pub mod furniture;
pub mod meta;
pub mod norm;
pub mod numeral;
pub mod pattern;
pub mod prose;

use nianbao_core::{Document, Extraction};

/// Reads the report's identity and its narrative facts.
pub fn read(doc: &Document) -> Extraction {
    let id = meta::identify(doc);
    let norms = norm::blocks(doc);
    let prose = prose::paragraphs(doc, &norms);
    let (facts, mut fact_warnings) = facts::read(doc, &prose, id.meta.year);
    let mut warnings = id.warnings.clone();
    warnings.append(&mut fact_warnings);
    Extraction {
        meta: id.meta.clone(),
        facts,
        checks: Vec::new(),
        warnings,
    }
}
