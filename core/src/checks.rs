//! The template's own consistency rules (勾稽关系) and prose/table agreement,
//! evaluated over extracted facts. A rule with a blank input is not
//! assessable (`ok: null`); the facts are never rewritten.

use crate::keys::{T3_COLUMNS, T3_HANDLED_ROWS, T3_ROWS, T4_COLUMNS, T4_GROUPS};
use crate::record::{Check, Fact};
use rustc_hash::FxHashMap;
use std::fmt::Write as _;
use std::sync::LazyLock;

/// A sum rule over fixed keys: `sum(left) == sum(right)`.
struct SumRule {
    name: String,
    left: Vec<String>,
    right: Vec<String>,
    /// How each side reads in the detail (`a + b`).
    names: (String, String),
}

impl SumRule {
    fn new(name: String, left: Vec<String>, right: Vec<String>) -> SumRule {
        let names = (side_names(&left), side_names(&right));
        SumRule {
            name,
            left,
            right,
            names,
        }
    }

    fn check(&self, get: &dyn Fn(&str) -> Option<f64>) -> Check {
        let names = (self.names.0.as_str(), self.names.1.as_str());
        sum_rule(self.name.clone(), (&self.left, &self.right), names, get)
    }
}

/// The keys of one side of a rule as its detail names them: `a + b`.
fn side_names(keys: &[String]) -> String {
    keys.iter()
        .map(|k| short(k))
        .collect::<Vec<_>>()
        .join(" + ")
}

/// The table rules, their key names built once per process.
struct TableRules {
    /// `t3.balance.<col>`.
    balance: Vec<SumRule>,
    /// `t3.total_column.<row>`.
    total_column: Vec<SumRule>,
    /// `t3.handled_sum.<col>` with 其他处理 as one row…
    handled_sum_whole: Vec<SumRule>,
    /// …and with 其他处理 split in three.
    handled_sum_split: Vec<SumRule>,
    /// The keys of the three split 其他处理 rows.
    split_keys: Vec<String>,
    /// `t4.<group>.total`.
    t4_totals: Vec<SumRule>,
}

static TABLE_RULES: LazyLock<TableRules> = LazyLock::new(|| {
    let key = |row: &str, col: &str| format!("t3.{row}.{col}");
    let handled = |split: bool| -> Vec<SumRule> {
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
                SumRule::new(
                    format!("t3.handled_sum.{col}"),
                    parts,
                    vec![key("handled_total", col)],
                )
            })
            .collect()
    };
    TableRules {
        balance: T3_COLUMNS
            .iter()
            .map(|col| {
                SumRule::new(
                    format!("t3.balance.{col}"),
                    vec![key("new_received", col), key("carried_over", col)],
                    vec![key("handled_total", col), key("carried_forward", col)],
                )
            })
            .collect(),
        total_column: T3_ROWS
            .iter()
            .map(|row| {
                SumRule::new(
                    format!("t3.total_column.{row}"),
                    T3_COLUMNS[..6].iter().map(|c| key(row, c)).collect(),
                    vec![key(row, "total")],
                )
            })
            .collect(),
        handled_sum_whole: handled(false),
        handled_sum_split: handled(true),
        split_keys: ["other_no_correction", "other_no_fee", "other_misc"]
            .iter()
            .flat_map(|r| T3_COLUMNS.iter().map(move |c| key(r, c)))
            .collect(),
        t4_totals: T4_GROUPS
            .iter()
            .map(|group| {
                SumRule::new(
                    format!("t4.{group}.total"),
                    T4_COLUMNS[..4]
                        .iter()
                        .map(|c| format!("t4.{group}.{c}"))
                        .collect(),
                    vec![format!("t4.{group}.total")],
                )
            })
            .collect(),
    }
});

/// Evaluates every generic rule whose table or key family is present.
pub fn evaluate(facts: &[Fact]) -> Vec<Check> {
    // Fact keys are ours, not an adversary's: a fast hash serves.
    let values: FxHashMap<&str, f64> = facts
        .iter()
        .map(|f| (f.key.as_str(), f.value.as_f64()))
        .collect();
    let get = |k: &str| values.get(k).copied();
    let mut out = Vec::new();
    let has_t3 = values.keys().any(|k| k.starts_with("t3."));
    let has_t4 = values.keys().any(|k| k.starts_with("t4."));
    let rules = &*TABLE_RULES;

    if has_t3 {
        out.extend(rules.balance.iter().map(|r| r.check(&get)));
        for r in &rules.total_column {
            let stated = |keys: &[String]| keys.iter().any(|k| get(k).is_some());
            if stated(&r.left) || stated(&r.right) {
                out.push(r.check(&get));
            }
        }
        let split = rules.split_keys.iter().any(|k| get(k).is_some());
        let handled = if split {
            &rules.handled_sum_split
        } else {
            &rules.handled_sum_whole
        };
        out.extend(handled.iter().map(|r| r.check(&get)));
    }
    if has_t4 {
        out.extend(rules.t4_totals.iter().map(|r| r.check(&get)));
    }
    let cross = [
        (
            "cross.requests.received",
            "n.requests.received",
            vec!["t3.new_received.total"],
        ),
        (
            "cross.review.total",
            "n.review.total",
            vec!["t4.review.total"],
        ),
        (
            "cross.suit.total",
            "n.suit.total",
            vec!["t4.suit_direct.total", "t4.suit_after_review.total"],
        ),
    ];
    for (rule, prose, table) in cross {
        let table: Vec<String> = table.into_iter().map(String::from).collect();
        if get(prose).is_some() && table.iter().any(|k| get(k).is_some()) {
            let left = [prose.to_string()];
            let names = (side_names(&left), side_names(&table));
            out.push(sum_rule(
                rule.to_string(),
                (&left, &table),
                (&names.0, &names.1),
                &get,
            ));
        }
    }
    out
}

/// `sum(left) == sum(right)`, or not assessable when any input is blank.
/// `names` are the sides as [`side_names`] writes them.
fn sum_rule(
    rule: String,
    (left, right): (&[String], &[String]),
    names: (&str, &str),
    get: &dyn Fn(&str) -> Option<f64>,
) -> Check {
    let side = |keys: &[String]| keys.iter().try_fold(0.0, |sum, k| Some(sum + get(k)?));
    match (side(left), side(right)) {
        (Some(l), Some(r)) => {
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
                ok: Some((l - r).abs() < 1e-6),
                detail,
                rule,
            }
        }
        _ => {
            // Every blank key of both sides, in order.
            let missing: Vec<&str> = left
                .iter()
                .chain(right)
                .filter(|k| get(k).is_none())
                .map(|k| short(k))
                .collect();
            let shown = missing.len().min(4);
            let more = missing.len() - shown;
            let mut detail = String::from("not assessable: blank ");
            for (i, k) in missing.iter().take(shown).enumerate() {
                if i > 0 {
                    detail.push_str(", ");
                }
                detail.push_str(k);
            }
            if more > 0 {
                let _ = write!(detail, " and {more} more");
            }
            Check {
                ok: None,
                detail,
                rule,
            }
        }
    }
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
    // Writing to a String cannot fail.
    let _ = if v.fract() == 0.0 && v.abs() < 1e15 {
        write!(out, "{}", v as i64)
    } else {
        write!(out, "{v}")
    };
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
