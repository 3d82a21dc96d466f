//! The core of nianbao: the report model, decoding, and the [`Extractor`]
//! trait with its dispatching [`Registry`].
//!
//! Data flows one way: bytes → [`decode::decode`] → [`Document`] (blocks,
//! tables, spans) → [`Extractor`] → [`Record`]. This crate does no I/O and
//! depends on no other nianbao crate; it does not know any template.
//!
//! Key types: [`Document`], [`Block`], [`Table`], [`Cell`], [`Span`],
//! [`TextRun`], [`Fact`], [`Evidence`], [`Record`], [`Check`].

#![warn(missing_docs)]

pub mod checks;
pub mod decode;
pub mod document;
pub mod error;
pub mod extractor;
pub mod html;
pub mod keys;
pub mod memo;
pub mod names;
pub mod outline;
pub mod record;
pub mod score;
pub mod span;
pub mod text;
pub mod words;

pub use decode::{Decoded, decode};
pub use document::{Block, BlockKind, Cell, Document, SourceFormat, Table, TableForm};
pub use error::DecodeError;
pub use extractor::{Extractor, Outcome, Registry};
pub use record::{
    Check, DispatchScore, Evidence, Extraction, Fact, Meta, Record, SCHEMA, SourceInfo, Value,
};
pub use span::{Span, TextRun};

/// The template id of a document no extractor claims.
pub const UNKNOWN: &str = "unknown";

/// Decodes bytes and builds the document in one step.
pub fn read_document(bytes: &[u8], extension: Option<&str>) -> Result<Document, DecodeError> {
    let decoded = decode(bytes, extension)?;
    let mut doc = Document::parse(decoded.text, decoded.format, &decoded.encoding);
    let mut warnings = decoded.warnings;
    warnings.append(&mut doc.warnings);
    doc.warnings = warnings;
    Ok(doc)
}
