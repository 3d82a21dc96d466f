//! The template's own consistency rules (勾稽关系) and prose/table agreement,
//! evaluated over extracted facts. A rule with a blank input is not
//! assessable (`ok: null`); the facts are never rewritten.

use crate::keys::{T3_COLUMNS, T3_HANDLED_ROWS, T3_ROWS, T4_COLUMNS, T4_GROUPS};
use crate::record::{Check, Fact};
use rustc_hash::FxHashMap;
use std::fmt::Write as _;
use std::sync::LazyLock;

/// A sum rule over fixed keys: `sum(left) == sum(right)`. The keys are
/// indices into [`TableRules::keys`].
struct SumRule {
    name: String,
    left: Vec<usize>,
    right: Vec<usize>,
    /// How each side reads in the detail (`a + b`).
    names: (String, String),
}

impl SumRule {
    /// `sum(left) == sum(right)`, or not assessable when any input is blank.
    fn check(&self, values: &Values) -> Check {
        let side = |keys: &[usize]| {
            keys.iter()
                .try_fold(0.0, |sum, &k| Some(sum + values.get(k)?))
        };
        match (side(&self.left), side(&self.right)) {
            (Some(l), Some(r)) => {
                let names = (self.names.0.as_str(), self.names.1.as_str());
                let mut detail = String::with_capacity(names.0.len() + names.1.len() + 32);
                // `a = l, b = r`, piece by piece.
                detail.push_str(names.0);
                detail.push_str(" = ");
                push_num(&mut detail, l);
                detail.push_str(", ");
                detail.push_str(names.1);
                detail.push_str(" = ");
                push_num(&mut detail, r);
                Check {
                    rule: self.name.clone(),
                    ok: Some((l - r).abs() < 1e-6),
                    detail,
                }
            }
            _ => {
                // Every blank key of both sides, in order: the first four
                // named, the others counted.
                let mut detail = String::from("not assessable: blank ");
                let mut blank = 0;
                for &k in self.left.iter().chain(&self.right) {
                    if values.get(k).is_some() {
                        continue;
                    }
                    if blank < 4 {
                        if blank > 0 {
                            detail.push_str(", ");
                        }
                        detail.push_str(values.rules.shorts.get(k).map_or("", String::as_str));
                    }
                    blank += 1;
                }
                if blank > 4 {
                    let _ = write!(detail, " and {} more", blank - 4);
                }
                Check {
                    rule: self.name.clone(),
                    ok: None,
                    detail,
                }
            }
        }
    }

    /// Whether any key of either side has a value.
    fn stated(&self, values: &Values) -> bool {
        values.any_stated(&self.left) || values.any_stated(&self.right)
    }
}

/// The keys of one side of a rule as its detail names them: `a + b`.
fn side_names(keys: &[String]) -> String {
    keys.iter()
        .map(|k| short(k))
        .collect::<Vec<_>>()
        .join(" + ")
}

/// The rules, their key names built once per process.
struct TableRules {
    /// Every key a rule reads, its index the key's slot in [`Values`].
    index: FxHashMap<String, usize>,
    /// Each key as a detail names it ([`short`]), by index.
    shorts: Vec<String>,
    /// `t3.balance.<col>`.
    balance: Vec<SumRule>,
    /// `t3.total_column.<row>`.
    total_column: Vec<SumRule>,
    /// `t3.handled_sum.<col>` with 其他处理 as one row…
    handled_sum_whole: Vec<SumRule>,
    /// …and with 其他处理 split in three.
    handled_sum_split: Vec<SumRule>,
    /// The keys of the three split 其他处理 rows.
    split_keys: Vec<usize>,
    /// `t4.<group>.total`.
    t4_totals: Vec<SumRule>,
    /// Prose against tables, each assessed when its prose key and any of
    /// its table keys are stated.
    cross: Vec<SumRule>,
}

/// Builds [`TableRules`]: hands out an index per distinct key.
#[derive(Default)]
struct RulesBuilder {
    index: FxHashMap<String, usize>,
    shorts: Vec<String>,
}

impl RulesBuilder {
    fn key(&mut self, key: String) -> usize {
        let next = self.shorts.len();
        let i = *self.index.entry(key.clone()).or_insert(next);
        if i == next {
            self.shorts.push(short(&key).to_string());
        }
        i
    }

    fn rule(&mut self, name: String, left: Vec<String>, right: Vec<String>) -> SumRule {
        let names = (side_names(&left), side_names(&right));
        SumRule {
            name,
            left: left.into_iter().map(|k| self.key(k)).collect(),
            right: right.into_iter().map(|k| self.key(k)).collect(),
            names,
        }
    }
}

static TABLE_RULES: LazyLock<TableRules> = LazyLock::new(|| {
    let mut b = RulesBuilder::default();
    let key = |row: &str, col: &str| format!("t3.{row}.{col}");
    let handled = |b: &mut RulesBuilder, split: bool| -> Vec<SumRule> {
        T3_COLUMNS
            .iter()
            .map(|col| {
                let parts = T3_HANDLED_ROWS
                    .iter()
                    .filter(|r| match **r {
                        "other" => !split,
                        "other_no_correction" | "other_no_fee" | "other_misc" => split,
                        _ => true,
                    })
                    .map(|r| key(r, col))
                    .collect();
                b.rule(
                    format!("t3.handled_sum.{col}"),
                    parts,
                    vec![key("handled_total", col)],
                )
            })
            .collect()
    };
    let balance = T3_COLUMNS
        .iter()
        .map(|col| {
            b.rule(
                format!("t3.balance.{col}"),
                vec![key("new_received", col), key("carried_over", col)],
                vec![key("handled_total", col), key("carried_forward", col)],
            )
        })
        .collect();
    let total_column = T3_ROWS
        .iter()
        .map(|row| {
            b.rule(
                format!("t3.total_column.{row}"),
                T3_COLUMNS[..6].iter().map(|c| key(row, c)).collect(),
                vec![key(row, "total")],
            )
        })
        .collect();
    let handled_sum_whole = handled(&mut b, false);
    let handled_sum_split = handled(&mut b, true);
    let split_keys = ["other_no_correction", "other_no_fee", "other_misc"]
        .iter()
        .flat_map(|r| T3_COLUMNS.iter().map(move |c| key(r, c)))
        .map(|k| b.key(k))
        .collect();
    let t4_totals = T4_GROUPS
        .iter()
        .map(|group| {
            b.rule(
                format!("t4.{group}.total"),
                T4_COLUMNS[..4]
                    .iter()
                    .map(|c| format!("t4.{group}.{c}"))
                    .collect(),
                vec![format!("t4.{group}.total")],
            )
        })
        .collect();
    let cross = [
        (
            "cross.requests.received",
            "n.requests.received",
            &["t3.new_received.total"][..],
        ),
        ("cross.review.total", "n.review.total", &["t4.review.total"]),
        (
            "cross.suit.total",
            "n.suit.total",
            &["t4.suit_direct.total", "t4.suit_after_review.total"],
        ),
    ]
    .into_iter()
    .map(|(rule, prose, table)| {
        b.rule(
            rule.to_string(),
            vec![prose.to_string()],
            table.iter().map(|k| k.to_string()).collect(),
        )
    })
    .collect();
    TableRules {
        index: b.index,
        shorts: b.shorts,
        balance,
        total_column,
        handled_sum_whole,
        handled_sum_split,
        split_keys,
        t4_totals,
        cross,
    }
});

/// The facts' values in the rules' key slots.
struct Values {
    rules: &'static TableRules,
    slots: Vec<Option<f64>>,
}

impl Values {
    /// The value of the key in slot `k`, if stated.
    fn get(&self, k: usize) -> Option<f64> {
        self.slots.get(k).copied().flatten()
    }

    /// Whether any of the keys in slots `keys` is stated.
    fn any_stated(&self, keys: &[usize]) -> bool {
        keys.iter().any(|&k| self.get(k).is_some())
    }
}

/// Evaluates every generic rule whose table or key family is present.
pub fn evaluate(facts: &[Fact]) -> Vec<Check> {
    let rules = &*TABLE_RULES;
    // Each rule key's value, the last fact of a key winning; facts whose
    // key no rule reads only count towards the families present.
    let mut values = Values {
        rules,
        slots: vec![None; rules.shorts.len()],
    };
    let (mut has_t3, mut has_t4) = (false, false);
    for f in facts {
        has_t3 |= f.key.starts_with("t3.");
        has_t4 |= f.key.starts_with("t4.");
        if let Some(slot) = rules
            .index
            .get(f.key.as_str())
            .and_then(|&i| values.slots.get_mut(i))
        {
            *slot = Some(f.value.as_f64());
        }
    }
    let mut out = Vec::new();

    if has_t3 {
        out.extend(rules.balance.iter().map(|r| r.check(&values)));
        for r in &rules.total_column {
            if r.stated(&values) {
                out.push(r.check(&values));
            }
        }
        let split = values.any_stated(&rules.split_keys);
        let handled = if split {
            &rules.handled_sum_split
        } else {
            &rules.handled_sum_whole
        };
        out.extend(handled.iter().map(|r| r.check(&values)));
    }
    if has_t4 {
        out.extend(rules.t4_totals.iter().map(|r| r.check(&values)));
    }
    for r in &rules.cross {
        let prose = r.left.iter().all(|&k| values.get(k).is_some());
        if prose && values.any_stated(&r.right) {
            out.push(r.check(&values));
        }
    }
    out
}

/// A key without its family prefix (`t3.granted.natural` → `granted.natural`).
fn short(key: &str) -> &str {
    match key.split_once('.') {
        Some((fam, rest)) if fam == "t3" || fam == "t4" => rest,
        _ => key,
    }
}

/// Appends a sum as a check's detail writes it: whole numbers without a
/// fraction.
fn push_num(out: &mut String, v: f64) {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        push_int(out, v as i64);
    } else {
        // Writing to a String cannot fail.
        let _ = write!(out, "{v}");
    }
}

/// Appends an integer in decimal, as `{}` writes it, without the
/// formatting machinery (two numbers per check).
fn push_int(out: &mut String, v: i64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut n = v.unsigned_abs();
    loop {
        at -= 1;
        if let Some(d) = digits.get_mut(at) {
            *d = b'0' + (n % 10) as u8;
        }
        n /= 10;
        if n == 0 {
            break;
        }
    }
    if v < 0 {
        out.push('-');
    }
    for &d in digits.get(at..).unwrap_or_default() {
        out.push(char::from(d));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::test_fact as fact;

    #[track_caller]
    fn check(facts: &[(&str, i64)], rule: &str, expected: Option<bool>) {
        let facts: Vec<Fact> = facts.iter().map(|(k, v)| fact(k, *v)).collect();
        let checks = evaluate(&facts);
        let c = checks.iter().find(|c| c.rule == rule);
        assert_eq!(c.map(|c| c.ok), Some(expected), "{checks:#?}");
    }

    #[test]
    fn balance() {
        let t3 = [
            ("t3.new_received.total", 859),
            ("t3.carried_over.total", 18),
            ("t3.handled_total.total", 860),
            ("t3.carried_forward.total", 17),
        ];
        check(&t3, "t3.balance.total", Some(true));
        let mut bad = t3.to_vec();
        bad[3].1 = 16;
        check(&bad, "t3.balance.total", Some(false));
        check(&t3[..3], "t3.balance.total", None);
    }

    #[test]
    fn push_int_writes_what_display_writes() {
        for v in [
            0,
            1,
            -1,
            9,
            10,
            859,
            -4119,
            1_000_000_007,
            i64::MAX,
            i64::MIN,
        ] {
            let mut s = String::from("x");
            push_int(&mut s, v);
            assert_eq!(s, format!("x{v}"));
        }
    }

    #[test]
    fn blank_keys_are_named_four_at_most() {
        let checks = evaluate(&[fact("t3.new_received.natural", 1)]);
        let c = checks
            .iter()
            .find(|c| c.rule == "t3.total_column.new_received");
        assert_eq!(
            c.map(|c| c.detail.as_str()),
            Some(
                "not assessable: blank new_received.commercial, new_received.research, \
                 new_received.social, new_received.legal and 2 more"
            )
        );
    }

    #[test]
    fn t4_and_cross() {
        let facts = [
            ("t4.review.upheld", 1),
            ("t4.review.corrected", 1),
            ("t4.review.other", 0),
            ("t4.review.pending", 0),
            ("t4.review.total", 2),
            ("n.review.total", 3),
        ];
        check(&facts, "t4.review.total", Some(true));
        check(&facts, "cross.review.total", Some(false));
        check(&facts, "t4.suit_direct.total", None);
    }
}
