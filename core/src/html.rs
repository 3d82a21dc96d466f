//! HTML to blocks (placeholder until the HTML reader lands).

use crate::document::Block;

/// Parses HTML source into blocks.
pub fn parse(source: &str) -> (Vec<Block>, Vec<String>) {
    crate::text::parse(source)
}
