//! Fixed word lists searched in one pass over a text (Aho-Corasick): whether
//! any occurs, or where each first and last occurs (as `str::find` and
//! `str::rfind` would say), without one substring search per word.

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

/// A fixed list of words, ready to be searched for together.
#[derive(Clone, Debug)]
pub struct Words {
    /// The distinct words.
    unique: Vec<&'static str>,
    /// For each word of the list as given, its index in `unique`.
    slot: Vec<usize>,
    /// The automaton over `unique` (`None` if it could not be built: the
    /// words are then searched one by one).
    matcher: Option<AhoCorasick>,
    /// Whether no two occurrences of the words can overlap (no word holds
    /// another, no end of a word begins one): then a plain left-to-right
    /// search meets every occurrence, and the automaton is built for it.
    disjoint: bool,
    /// For disjoint words, a vectorised multi-word searcher (when the CPU
    /// has one), which beats the automaton's prefilters on Han text.
    packed: Option<aho_corasick::packed::Searcher>,
}

/// Whether occurrences of `words` in any text are pairwise disjoint: no
/// word contains another and no proper suffix of a word (itself included)
/// is a prefix of a word.
fn disjoint(words: &[&str]) -> bool {
    words.iter().all(|a| {
        let a = a.as_bytes();
        words.iter().all(|b| {
            let b = b.as_bytes();
            let contains = a != b && a.windows(b.len().max(1)).any(|w| w == b);
            let overlaps = (1..a.len().min(b.len())).any(|k| a[a.len() - k..] == b[..k]);
            !contains && !overlaps
        })
    })
}

/// Where a word occurs in a text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Hit {
    /// Byte offset of its first occurrence (`str::find`).
    pub first: Option<usize>,
    /// Byte offset of its last occurrence (`str::rfind`).
    pub last: Option<usize>,
}

impl Words {
    /// The list `words`, in order (duplicates allowed).
    pub fn new(words: impl IntoIterator<Item = &'static str>) -> Words {
        let mut unique: Vec<&'static str> = Vec::new();
        let mut slot = Vec::new();
        for w in words {
            let i = unique.iter().position(|u| *u == w).unwrap_or_else(|| {
                unique.push(w);
                unique.len() - 1
            });
            slot.push(i);
        }
        let disjoint = disjoint(&unique);
        let matcher = if unique.iter().any(|w| w.is_empty()) {
            None
        } else {
            // A full DFA: the lists are short, and texts are read often.
            // Disjoint words need no overlapping search, and a leftmost
            // search may use a vectorised prefilter.
            let kind = if disjoint {
                MatchKind::LeftmostFirst
            } else {
                MatchKind::Standard
            };
            AhoCorasick::builder()
                .kind(Some(AhoCorasickKind::DFA))
                .match_kind(kind)
                .build(&unique)
                .ok()
        };
        let packed = if disjoint && matcher.is_some() {
            aho_corasick::packed::Config::new()
                .match_kind(aho_corasick::packed::MatchKind::LeftmostFirst)
                .builder()
                .extend(&unique)
                .build()
        } else {
            None
        };
        Words {
            unique,
            slot,
            matcher,
            disjoint,
            packed,
        }
    }

    /// Whether `text` contains any of the words.
    pub fn any_in(&self, text: &str) -> bool {
        if let Some(p) = &self.packed {
            return p.find(text).is_some();
        }
        match &self.matcher {
            Some(ac) => ac.is_match(text),
            None => self.unique.iter().any(|w| text.contains(w)),
        }
    }

    /// Where each word of the list (in the order given) occurs in `text`.
    pub fn find(&self, text: &str) -> Vec<Hit> {
        let mut hits = vec![Hit::default(); self.unique.len()];
        match &self.matcher {
            Some(ac) => {
                let mut note = |m: aho_corasick::Match| {
                    let Some(hit) = hits.get_mut(m.pattern().as_usize()) else {
                        return;
                    };
                    let at = m.start();
                    hit.first = Some(hit.first.map_or(at, |f| f.min(at)));
                    hit.last = Some(hit.last.map_or(at, |l| l.max(at)));
                };
                if let Some(p) = &self.packed {
                    p.find_iter(text).for_each(&mut note);
                } else if self.disjoint {
                    // Occurrences cannot overlap: a left-to-right search
                    // meets every one.
                    ac.find_iter(text).for_each(&mut note);
                } else {
                    // Overlapping search reports every occurrence of every word.
                    ac.find_overlapping_iter(text).for_each(&mut note);
                }
            }
            None => {
                for (hit, w) in hits.iter_mut().zip(&self.unique) {
                    *hit = Hit {
                        first: text.find(w),
                        last: text.rfind(w),
                    };
                }
            }
        }
        self.slot
            .iter()
            .map(|&i| hits.get(i).copied().unwrap_or_default())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `find` agrees with `str::find` / `str::rfind` for every word.
    #[track_caller]
    fn check(words: &[&'static str], text: &str) {
        let got = Words::new(words.iter().copied()).find(text);
        let want: Vec<Hit> = words
            .iter()
            .map(|w| Hit {
                first: text.find(w),
                last: text.rfind(w),
            })
            .collect();
        assert_eq!(got, want, "{words:?} in {text:?}");
    }

    #[test]
    fn any_word() {
        for (words, text, any) in [
            (&["网站", "门户网站", "官网"][..], "门户网站公开", true),
            (&["微博"][..], "微信", false),
            (&[][..], "any", false),
            (&["x"][..], "", false),
            (&[""][..], "abc", true),
        ] {
            let w = Words::new(words.iter().copied());
            assert_eq!(w.any_in(text), any, "{words:?} in {text}");
        }
    }

    #[test]
    fn agrees_with_str_search() {
        check(
            &["其他", "其他处理", "处理", "其他"],
            "（六）其他处理3.其他",
        );
        check(&["aa", "a"], "aaaa");
        check(&["总计", "合计"], "（七）总计合计总计");
        check(&["不掌握"], "");
        check(&[], "abc");
        // Disjoint words (a plain search) and words that overlap.
        check(
            &["总计", "合计", "其他处理"],
            "（七）总计合计总计其他处理其他",
        );
        check(&["ab", "bc"], "abcabc");
        check(&["aba"], "ababa");
    }

    #[test]
    fn disjoint_words() {
        assert!(disjoint(&["总计", "合计", "年1月1日"]));
        assert!(!disjoint(&["其他", "其他处理"]));
        assert!(!disjoint(&["ab", "bc"]));
        assert!(!disjoint(&["aba"]));
        assert!(disjoint(&["ab", "ab2"][..1]));
    }
}
