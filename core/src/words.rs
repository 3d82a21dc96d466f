//! Fixed word lists searched in one pass over a text (Aho-Corasick): whether
//! any occurs, or where each first and last occurs (as `str::find` and
//! `str::rfind` would say), without one substring search per word.

use aho_corasick::packed;
use aho_corasick::{AhoCorasick, AhoCorasickKind};

/// At most this many groups of mutually disjoint words are searched one
/// after the other; more would cost more than one overlapping search.
const MAX_GROUPS: usize = 4;

/// A fixed list of words, ready to be searched for together.
#[derive(Clone, Debug)]
pub struct Words {
    /// The distinct words.
    unique: Vec<&'static str>,
    /// For each word of the list as given, its index in `unique`.
    slot: Vec<usize>,
    /// How the words are searched.
    search: Search,
}

/// How a word list is searched.
#[derive(Clone, Debug)]
enum Search {
    /// In groups of words whose occurrences cannot overlap, each with a
    /// vectorised searcher.
    Groups(Vec<Group>),
    /// With an automaton over all words, overlapping (when the CPU has no
    /// vectorised searcher, or the words need too many groups).
    Automaton(AhoCorasick),
    /// One word after the other (an empty word, or no automaton).
    Plain,
}

/// Words no two occurrences of which can overlap, searched left to right:
/// such a search meets every occurrence of every word.
#[derive(Clone, Debug)]
struct Group {
    /// The searcher over the group's words.
    searcher: GroupSearcher,
    /// For each of the group's words, its index in `Words::unique`.
    ids: Vec<usize>,
}

/// How a group's words are searched.
#[derive(Clone, Debug)]
enum GroupSearcher {
    /// Several words, with a vectorised multi-word searcher.
    Packed(packed::Searcher),
    /// One word, with a substring searcher (cheaper to start).
    One(memchr::memmem::Finder<'static>),
}

impl GroupSearcher {
    /// Whether any word of the group occurs in `text`.
    fn any_in(&self, text: &str) -> bool {
        match self {
            GroupSearcher::Packed(p) => p.find(text).is_some(),
            GroupSearcher::One(f) => f.find(text.as_bytes()).is_some(),
        }
    }

    /// Each occurrence of a word of the group (the group's index of the
    /// word, and where it starts), left to right: all of them, since no two
    /// can overlap.
    fn for_each(&self, text: &str, mut f: impl FnMut(usize, usize)) {
        match self {
            GroupSearcher::Packed(p) => {
                for m in p.find_iter(text) {
                    f(m.pattern().as_usize(), m.start());
                }
            }
            GroupSearcher::One(finder) => {
                for at in finder.find_iter(text.as_bytes()) {
                    f(0, at);
                }
            }
        }
    }
}

/// Whether an occurrence of `a` and one of `b` can overlap: one holds the
/// other, or a proper suffix of `a` is a prefix of `b`.
fn overlap(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let contains = a != b && a.windows(b.len().max(1)).any(|w| w == b);
    let joins = (1..a.len().min(b.len())).any(|k| a[a.len() - k..] == b[..k]);
    contains || joins
}

/// The words (indices into `words`) split greedily into groups whose
/// occurrences cannot overlap, or `None` beyond [`MAX_GROUPS`] groups.
fn disjoint_groups(words: &[&str]) -> Option<Vec<Vec<usize>>> {
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (i, w) in words.iter().enumerate() {
        if overlap(w, w) {
            return None;
        }
        let fits = |g: &Vec<usize>| {
            g.iter().all(|&j| {
                let other = words.get(j).copied().unwrap_or("");
                !overlap(w, other) && !overlap(other, w)
            })
        };
        match groups.iter_mut().find(|g| fits(g)) {
            Some(g) => g.push(i),
            None => groups.push(vec![i]),
        }
        if groups.len() > MAX_GROUPS {
            return None;
        }
    }
    Some(groups)
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
        let search = if unique.is_empty() || unique.iter().any(|w| w.is_empty()) {
            Search::Plain
        } else {
            let groups: Option<Vec<Group>> = disjoint_groups(&unique).and_then(|groups| {
                groups
                    .into_iter()
                    .map(|ids| {
                        let searcher = match ids.as_slice() {
                            [one] => GroupSearcher::One(memchr::memmem::Finder::new(
                                unique.get(*one).copied()?,
                            )),
                            _ => GroupSearcher::Packed(
                                packed::Config::new()
                                    .match_kind(packed::MatchKind::LeftmostFirst)
                                    .builder()
                                    .extend(ids.iter().filter_map(|&i| unique.get(i)))
                                    .build()?,
                            ),
                        };
                        Some(Group { searcher, ids })
                    })
                    .collect()
            });
            match groups {
                Some(g) => Search::Groups(g),
                // A full DFA: the lists are short, and texts are read often.
                None => AhoCorasick::builder()
                    .kind(Some(AhoCorasickKind::DFA))
                    .build(&unique)
                    .map_or(Search::Plain, Search::Automaton),
            }
        };
        Words {
            unique,
            slot,
            search,
        }
    }

    /// Whether `text` contains any of the words.
    pub fn any_in(&self, text: &str) -> bool {
        match &self.search {
            Search::Groups(groups) => groups.iter().any(|g| g.searcher.any_in(text)),
            Search::Automaton(ac) => ac.is_match(text),
            Search::Plain => self.unique.iter().any(|w| text.contains(w)),
        }
    }

    /// Where each word of the list (in the order given) occurs in `text`.
    pub fn find(&self, text: &str) -> Vec<Hit> {
        let mut hits = vec![Hit::default(); self.unique.len()];
        let note = |hits: &mut Vec<Hit>, id: usize, at: usize| {
            let Some(hit) = hits.get_mut(id) else {
                return;
            };
            hit.first = Some(hit.first.map_or(at, |f| f.min(at)));
            hit.last = Some(hit.last.map_or(at, |l| l.max(at)));
        };
        match &self.search {
            Search::Groups(groups) => {
                // Within a group occurrences cannot overlap: a left-to-right
                // search meets every one.
                for g in groups {
                    g.searcher.for_each(text, |k, at| {
                        if let Some(&id) = g.ids.get(k) {
                            note(&mut hits, id, at);
                        }
                    });
                }
            }
            Search::Automaton(ac) => {
                // Overlapping search reports every occurrence of every word.
                for m in ac.find_overlapping_iter(text) {
                    note(&mut hits, m.pattern().as_usize(), m.start());
                }
            }
            Search::Plain => {
                for (hit, w) in hits.iter_mut().zip(&self.unique) {
                    *hit = Hit {
                        first: text.find(w),
                        last: text.rfind(w),
                    };
                }
            }
        }
        if self.slot.len() == self.unique.len() {
            // No word repeats: `slot` is the identity.
            return hits;
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

    proptest::proptest! {
        /// Short texts and long ones (past the searchers' set-up lengths).
        #[test]
        fn finds_as_str_search(text in "[其他处理合计总年ab]{0,80}") {
            let words = ["其他", "其他处理", "处理", "其他", "合计", "总计", "年ab", "b"];
            check(&words, &text);
            check(&words[4..], &text);
            let w = Words::new(words[4..].iter().copied());
            let any = words[4..].iter().any(|x| text.contains(x));
            proptest::prop_assert_eq!(w.any_in(&text), any);
        }
    }

    #[test]
    fn disjoint_words() {
        let groups = |w: &[&str]| disjoint_groups(w).map(|g| g.len());
        assert_eq!(groups(&["总计", "合计", "年1月1日"]), Some(1));
        assert_eq!(groups(&["其他", "其他处理"]), Some(2));
        assert_eq!(groups(&["ab", "bc", "cd"]), Some(2));
        assert_eq!(groups(&["aba"]), None);
        assert_eq!(groups(&["a", "aa", "aaa", "aaaa", "aaaaa"]), None);
        check(&["a", "ab", "abc", "b", "bc", "c"], "abcabcxbc");
        check(
            &["法律行政法规禁止", "法规禁止公开", "禁止公开", "其他法律"],
            "其他法律行政法规禁止公开",
        );
    }
}
