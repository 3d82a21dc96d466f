//! Plain text to blocks (placeholder: one paragraph per non-empty line).

use crate::document::{Block, BlockKind};
use crate::span::TextRun;

/// Parses plain text into blocks.
pub fn parse(source: &str) -> (Vec<Block>, Vec<String>) {
    let mut blocks = Vec::new();
    let mut offset = 0;
    for line in source.split_inclusive('\n') {
        let run = TextRun::verbatim(line, offset).trimmed();
        if !run.is_empty() {
            let span = run.span();
            blocks.push(Block {
                kind: BlockKind::Paragraph(run),
                span,
            });
        }
        offset += line.len();
    }
    (blocks, Vec::new())
}
