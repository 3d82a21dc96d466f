//! Fixed word lists searched in one pass over a text (Aho-Corasick): whether
//! any occurs, or where each first and last occurs (as `str::find` and
//! `str::rfind` would say), without one substring search per word.

use aho_corasick::{AhoCorasick, AhoCorasickKind};

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
        let matcher = if unique.iter().any(|w| w.is_empty()) {
            None
        } else {
            // A full DFA: the lists are short, and texts are read often.
            AhoCorasick::builder()
                .kind(Some(AhoCorasickKind::DFA))
                .build(&unique)
                .ok()
        };
        Words {
            unique,
            slot,
            matcher,
        }
    }

    /// Whether `text` contains any of the words.
    pub fn any_in(&self, text: &str) -> bool {
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
                // Overlapping search reports every occurrence of every word.
                for m in ac.find_overlapping_iter(text) {
                    let Some(hit) = hits.get_mut(m.pattern().as_usize()) else {
                        continue;
                    };
                    let at = m.start();
                    hit.first = Some(hit.first.map_or(at, |f| f.min(at)));
                    hit.last = Some(hit.last.map_or(at, |l| l.max(at)));
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
    }
}
