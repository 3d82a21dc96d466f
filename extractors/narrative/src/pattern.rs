//! Lazily compiled regular expressions that cannot panic: a pattern that
//! fails to compile (a bug the unit tests catch) matches nothing.

use regex::{Captures, Match, Regex};
use std::sync::LazyLock;

/// A lazily compiled regular expression.
pub struct Pattern(LazyLock<Option<Regex>>);

impl Pattern {
    /// A pattern built on first use by `build`.
    pub const fn new(build: fn() -> Option<Regex>) -> Pattern {
        Pattern(LazyLock::new(build))
    }

    /// The compiled expression, if it compiled.
    pub fn get(&self) -> Option<&Regex> {
        self.0.as_ref()
    }

    /// Capture groups of the first match.
    pub fn captures<'h>(&self, haystack: &'h str) -> Option<Captures<'h>> {
        self.get()?.captures(haystack)
    }

    /// Whether the pattern matches anywhere.
    pub fn is_match(&self, haystack: &str) -> bool {
        self.get().is_some_and(|r| r.is_match(haystack))
    }

    /// The first match.
    pub fn find<'h>(&self, haystack: &'h str) -> Option<Match<'h>> {
        self.get()?.find(haystack)
    }

    /// Every non-overlapping match.
    pub fn find_iter<'h>(
        &self,
        haystack: &'h str,
    ) -> impl Iterator<Item = Match<'h>> + use<'_, 'h> {
        self.get()
            .into_iter()
            .flat_map(move |r| r.find_iter(haystack))
    }

    /// Capture groups of every non-overlapping match.
    pub fn captures_iter<'h>(
        &self,
        haystack: &'h str,
    ) -> impl Iterator<Item = Captures<'h>> + use<'_, 'h> {
        self.get()
            .into_iter()
            .flat_map(move |r| r.captures_iter(haystack))
    }
}
