//! Errors of the core crate.

use thiserror::Error;

/// Why bytes could not be turned into text.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum DecodeError {
    /// No bytes, or only white space.
    #[error("empty file")]
    Empty,
    /// NUL bytes or control characters: not a text document.
    #[error("binary file (not text)")]
    Binary,
    /// No encoding decodes the bytes without losing much of them.
    #[error(
        "undecodable text: {replaced} of {chars} characters malformed under every encoding tried"
    )]
    Undecodable {
        /// Replacement characters produced by the best guess.
        replaced: usize,
        /// Characters decoded.
        chars: usize,
    },
}
