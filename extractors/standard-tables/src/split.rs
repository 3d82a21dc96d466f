//! Splitting digits that ran together (`801000081` for the seven cells
//! 80 | 1 | 0 | 0 | 0 | 0 | 81): every way to cut the digit tokens of a row
//! into the row's number of cells, with no leading zeros, kept only when the
//! template's own arithmetic holds.

use crate::cell::{fold_char, is_digit};
use std::ops::Range;

/// One cell cut out of a token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part {
    /// Which token it was cut from.
    pub token: usize,
    /// Its byte range in the token text.
    pub range: Range<usize>,
    /// Its value.
    pub value: i64,
}

/// The longest number a cell is taken to hold, in digits.
const MAX_DIGITS: usize = 9;

/// How many search steps one split may take before giving up.
const BUDGET: usize = 2_000_000;

/// A token as sign plus digit characters with their byte offsets.
struct Digits {
    negative: bool,
    /// Byte offset of each digit, and its value.
    digits: Vec<(usize, u8)>,
    len: usize,
}

fn digits_of(token: &str) -> Option<Digits> {
    let mut chars = token.char_indices().peekable();
    let mut negative = false;
    if let Some(&(_, c)) = chars.peek()
        && matches!(fold_char(c), '-' | '+')
    {
        negative = fold_char(c) == '-';
        chars.next();
    }
    let mut digits = Vec::new();
    for (i, c) in chars {
        if !is_digit(c) {
            return None;
        }
        let d = fold_char(c).to_digit(10)?;
        digits.push((i, u8::try_from(d).ok()?));
    }
    if digits.is_empty() {
        return None;
    }
    Some(Digits {
        negative,
        digits,
        len: token.len(),
    })
}

/// Every way to cut `tokens` into exactly `k` cells (each token gives at
/// least one), such that `partial` holds for every prefix of values and
/// `full` holds for the whole row. `None` when a token is not a digit run
/// or the search is too large to finish.
pub fn splits(
    tokens: &[&str],
    k: usize,
    partial: &dyn Fn(&[i64]) -> bool,
    full: &dyn Fn(&[i64]) -> bool,
) -> Option<Vec<Vec<Part>>> {
    let toks: Vec<Digits> = tokens.iter().map(|t| digits_of(t)).collect::<Option<_>>()?;
    if toks.is_empty() || toks.len() > k {
        return Some(Vec::new());
    }
    let total: usize = toks.iter().map(|t| t.digits.len()).sum();
    if total < k || total > k * MAX_DIGITS {
        return Some(Vec::new());
    }
    let mut search = Search {
        toks: &toks,
        k,
        partial,
        full,
        parts: Vec::new(),
        values: Vec::new(),
        out: Vec::new(),
        steps: 0,
    };
    search.go(0, 0).then_some(search.out)
}

struct Search<'a> {
    toks: &'a [Digits],
    k: usize,
    partial: &'a dyn Fn(&[i64]) -> bool,
    full: &'a dyn Fn(&[i64]) -> bool,
    parts: Vec<Part>,
    values: Vec<i64>,
    out: Vec<Vec<Part>>,
    steps: usize,
}

impl Search<'_> {
    /// Explores cuts from digit `p` of token `t`; false when out of budget.
    fn go(&mut self, t: usize, p: usize) -> bool {
        self.steps += 1;
        if self.steps > BUDGET {
            return false;
        }
        let Some(tok) = self.toks.get(t) else {
            if self.parts.len() == self.k && (self.full)(&self.values) {
                self.out.push(self.parts.clone());
            }
            return true;
        };
        let need = self.k - self.parts.len();
        // Digits left from here on, and tokens left after this one.
        let left: usize = tok.digits.len() - p
            + self.toks[t + 1..]
                .iter()
                .map(|x| x.digits.len())
                .sum::<usize>();
        let later_tokens = self.toks.len() - t - 1;
        if need == 0 || left < need || left > need * MAX_DIGITS || need < later_tokens + 1 {
            return true;
        }
        let n = tok.digits.len();
        for q in p + 1..=n.min(p + MAX_DIGITS) {
            let slice = &tok.digits[p..q];
            if slice.len() > 1 && slice.first().is_some_and(|d| d.1 == 0) {
                break;
            }
            let mut v: i64 = slice.iter().fold(0, |acc, d| acc * 10 + i64::from(d.1));
            let sign = p == 0 && tok.negative;
            if sign {
                v = -v;
            }
            let from = if p == 0 {
                0
            } else {
                slice.first().map_or(0, |d| d.0)
            };
            let to = tok.digits.get(q).map_or(tok.len, |d| d.0);
            self.parts.push(Part {
                token: t,
                range: from..to,
                value: v,
            });
            self.values.push(v);
            let ok = if (self.partial)(&self.values) {
                if q == n {
                    self.go(t + 1, 0)
                } else {
                    self.go(t, q)
                }
            } else {
                true
            };
            self.parts.pop();
            self.values.pop();
            if !ok {
                return false;
            }
        }
        true
    }
}

/// Table 三's row rule on a full row of seven: 总计 = the six applicant columns.
pub fn t3_row_rule(v: &[i64]) -> bool {
    v.len() == 7 && v[..6].iter().sum::<i64>() == v[6]
}

/// Table 四's rule on a prefix: every complete group of five has 总计 = the
/// four outcomes.
pub fn t4_prefix_rule(v: &[i64]) -> bool {
    v.chunks(5)
        .filter(|g| g.len() == 5)
        .all(|g| g[..4].iter().sum::<i64>() == g[4])
}

/// Always true.
pub fn any(_: &[i64]) -> bool {
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    /// All splits' values, for a row of `k` under the table 三 or 四 rule.
    #[track_caller]
    fn check(tokens: &[&str], k: usize, expected: &[&[i64]]) {
        let full: &dyn Fn(&[i64]) -> bool = match k {
            7 => &t3_row_rule,
            15 => &t4_prefix_rule,
            _ => &any,
        };
        let got = splits(tokens, k, &t4_prefix_rule_if(k), full).unwrap_or_default();
        let vals: Vec<Vec<i64>> = got
            .iter()
            .map(|s| s.iter().map(|p| p.value).collect())
            .collect();
        let want: Vec<Vec<i64>> = expected.iter().map(|e| e.to_vec()).collect();
        assert_eq!(vals, want, "{tokens:?}");
        // Ranges cut the tokens exactly.
        for s in &got {
            for p in s {
                let text = tokens.get(p.token).and_then(|t| t.get(p.range.clone()));
                let v = text.map(|t| t.trim_start_matches('+').parse::<i64>().ok());
                assert_eq!(v, Some(Some(p.value)), "{p:?}");
            }
        }
    }

    fn t4_prefix_rule_if(k: usize) -> impl Fn(&[i64]) -> bool {
        move |v: &[i64]| k != 15 || t4_prefix_rule(v)
    }

    #[test]
    fn rows_of_table_three() {
        check(&["801000081"], 7, &[&[80, 1, 0, 0, 0, 0, 81]]);
        check(&["713000074"], 7, &[&[71, 3, 0, 0, 0, 0, 74]]);
        check(&["370000037"], 7, &[&[37, 0, 0, 0, 0, 0, 37]]);
        check(&["0000000"], 7, &[&[0, 0, 0, 0, 0, 0, 0]]);
        check(&["0200002"], 7, &[&[0, 2, 0, 0, 0, 0, 2]]);
        // Too few digits, or no split where the total adds up.
        check(&["000000"], 7, &[]);
        check(&["1000002"], 7, &[]);
    }

    #[test]
    fn ambiguous_rows() {
        check(&["1111004"], 7, &[&[1, 1, 1, 1, 0, 0, 4]]);
        // Eleven requests: all from natural persons, or one and ten.
        check(
            &["110000011"],
            7,
            &[&[1, 10, 0, 0, 0, 0, 11], &[11, 0, 0, 0, 0, 0, 11]],
        );
        // Space-separated tokens each give at least one cell.
        check(&["11", "0000011"], 7, &[&[11, 0, 0, 0, 0, 0, 11]]);
    }

    #[test]
    fn table_four_and_two() {
        check(
            &["110024001510102"],
            15,
            &[&[1, 1, 0, 0, 2, 4, 0, 0, 1, 5, 1, 0, 1, 0, 2]],
        );
        check(&["000"], 3, &[&[0, 0, 0]]);
        check(&["7", "-37"], 3, &[&[7, -3, 7]]);
        let got = splits(&["8855698"], 3, &any, &any).unwrap_or_default();
        assert!(got.len() > 1);
        assert_eq!(splits(&["12a"], 2, &any, &any), None);
    }
}
