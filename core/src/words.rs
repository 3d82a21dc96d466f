//! Fixed word lists searched in one pass: the cheap way to ask "does this
//! short text contain any of these words" (Aho-Corasick) instead of one
//! substring search per word. On long texts (a whole document) a few
//! `str::contains` calls are faster: they skip ahead with SIMD.

use aho_corasick::{AhoCorasick, MatchKind};

/// A list of words, searched for all at once.
#[derive(Clone, Debug)]
pub struct Words {
    /// `None` only when the automaton could not be built (no words).
    searcher: Option<AhoCorasick>,
}

impl Words {
    /// The searcher for `words` (in the order given).
    pub fn new(words: &[&str]) -> Words {
        let searcher = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(words)
            .ok();
        Words { searcher }
    }

    /// Whether `text` contains any of the words.
    pub fn any_in(&self, text: &str) -> bool {
        self.searcher.as_ref().is_some_and(|s| s.is_match(text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(words: &[&str], text: &str, expected: &[bool]) {
        let w = Words::new(words);
        assert_eq!(w.any_in(text), expected.contains(&true), "{text}");
        let naive: Vec<bool> = words.iter().map(|x| text.contains(x)).collect();
        assert_eq!(naive, expected, "{text}");
    }

    #[test]
    fn finds_every_word() {
        check(
            &["网站", "门户网站", "官网"],
            "门户网站公开",
            &[true, true, false],
        );
        check(&["总计", "合计"], "合计总计", &[true, true]);
        check(&["微博"], "微信", &[false]);
        check(&["a", "ab", "b"], "ab", &[true, true, true]);
        check(&[], "any", &[]);
        check(&["x"], "", &[false]);
    }
}
