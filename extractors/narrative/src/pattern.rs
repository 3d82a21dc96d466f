//! Lazily compiled regular expressions that cannot panic: a pattern that
//! fails to compile (a bug the unit tests catch) matches nothing.
//!
//! A pattern may name words one of which every match contains
//! ([`Pattern::needing`]): texts with none of them are rejected by a
//! substring test, without running the expression (whose fixed cost per
//! call is high next to the short clauses it is mostly run on).

use memchr::memmem::Finder;
use regex::{Captures, Match, Regex};
use std::sync::{LazyLock, OnceLock};

/// A lazily compiled regular expression.
pub struct Pattern {
    regex: LazyLock<Option<Regex>>,
    /// Words one of which every match contains (empty: no such test).
    needs: &'static [&'static str],
    /// A searcher for each of `needs`, built on first use (for long texts).
    finders: OnceLock<Vec<Finder<'static>>>,
}

/// The length from which a text is searched with a substring searcher
/// rather than byte by byte.
const LONG: usize = 64;

/// Whether `needle` occurs in `haystack`: `str::contains` without the
/// searcher set-up it pays on short texts.
pub fn contains(haystack: &str, needle: &str) -> bool {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    let Some((&last, init)) = n.split_last() else {
        return true;
    };
    if h.len() >= LONG {
        return haystack.contains(needle);
    }
    // From the needle's last byte: in Chinese words a trailing byte, far
    // rarer than a leading one.
    memchr::memchr_iter(last, h).any(|p| {
        p.checked_sub(init.len())
            .and_then(|from| h.get(from..p))
            .is_some_and(|before| before == init)
    })
}

impl Pattern {
    /// A pattern built on first use by `build`.
    pub const fn new(build: fn() -> Option<Regex>) -> Pattern {
        Pattern {
            regex: LazyLock::new(build),
            needs: &[],
            finders: OnceLock::new(),
        }
    }

    /// A pattern built on first use by `build`, every match of which
    /// contains one of `needs` (so texts without any are not searched).
    pub const fn needing(build: fn() -> Option<Regex>, needs: &'static [&'static str]) -> Pattern {
        Pattern {
            regex: LazyLock::new(build),
            needs,
            finders: OnceLock::new(),
        }
    }

    /// The words one of which every match contains (empty: no such test).
    #[cfg(test)]
    pub fn needs(&self) -> &'static [&'static str] {
        self.needs
    }

    /// The compiled expression, if it compiled.
    pub fn get(&self) -> Option<&Regex> {
        self.regex.as_ref()
    }

    /// The expression, unless `haystack` lacks every needed word (looked
    /// for by [`contains`] in a short text, by searchers built once in a
    /// long one).
    fn for_text(&self, haystack: &str) -> Option<&Regex> {
        if !self.needs.is_empty() {
            let found = if haystack.len() < LONG {
                self.needs.iter().any(|w| contains(haystack, w))
            } else {
                let finders = self
                    .finders
                    .get_or_init(|| self.needs.iter().map(Finder::new).collect());
                finders
                    .iter()
                    .any(|f| f.find(haystack.as_bytes()).is_some())
            };
            if !found {
                return None;
            }
        }
        self.get()
    }

    /// Capture groups of the first match.
    ///
    /// Whether there is one is asked first: that search needs no capture
    /// groups, which the expressions here, with their many states, make
    /// costly (mostly there is no match).
    pub fn captures<'h>(&self, haystack: &'h str) -> Option<Captures<'h>> {
        let r = self.for_text(haystack)?;
        if !r.is_match(haystack) {
            return None;
        }
        r.captures(haystack)
    }

    /// Whether the pattern matches anywhere.
    pub fn is_match(&self, haystack: &str) -> bool {
        self.for_text(haystack)
            .is_some_and(|r| r.is_match(haystack))
    }

    /// The first match.
    pub fn find<'h>(&self, haystack: &'h str) -> Option<Match<'h>> {
        self.for_text(haystack)?.find(haystack)
    }

    /// Every non-overlapping match.
    pub fn find_iter<'h>(
        &self,
        haystack: &'h str,
    ) -> impl Iterator<Item = Match<'h>> + use<'_, 'h> {
        self.for_text(haystack)
            .into_iter()
            .flat_map(move |r| r.find_iter(haystack))
    }

    /// Capture groups of every non-overlapping match.
    pub fn captures_iter<'h>(
        &self,
        haystack: &'h str,
    ) -> impl Iterator<Item = Captures<'h>> + use<'_, 'h> {
        self.for_text(haystack)
            .into_iter()
            .flat_map(move |r| r.captures_iter(haystack))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn substring() {
        for (h, n) in [
            ("", ""),
            ("abc", ""),
            ("", "a"),
            ("申请", "申请"),
            ("受理申请18件", "申请"),
            ("受理申18件", "申请"),
            ("aab", "ab"),
            ("ab", "abc"),
            (
                "依申请公开政府信息的申请共计收到政府信息公开申请一百零八件，其中当面申请三件",
                "当面",
            ),
            (
                "依申请公开政府信息的申请共计收到政府信息公开申请一百零八件，其中当面申请三件",
                "网络",
            ),
        ] {
            assert_eq!(contains(h, n), h.contains(n), "{n} in {h}");
        }
    }

    proptest::proptest! {
        #[test]
        fn substring_as_std(
            h in "[a申请受理件1复议\u{10000}]{0,40}",
            n in "[a申请受理件1复议\u{10000}]{0,3}",
        ) {
            proptest::prop_assert_eq!(contains(&h, &n), h.contains(n.as_str()));
        }
    }

    static NEEDY: Pattern =
        Pattern::needing(|| Regex::new(r"行政复议(?:案件)?\d+件").ok(), &["复议"]);

    #[test]
    fn needed_words() {
        assert!(NEEDY.is_match("行政复议3件"));
        assert!(!NEEDY.is_match("行政诉讼3件"));
        assert_eq!(NEEDY.find_iter("行政复议案件2件，行政复议1件").count(), 2);
    }
}
