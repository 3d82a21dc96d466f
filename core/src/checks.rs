//! The template's own consistency rules (勾稽关系) and prose/table agreement,
//! evaluated over extracted facts. A rule with a blank input is not
//! assessable (`ok: null`); the facts are never rewritten.

use crate::keys::{T3_COLUMNS, T3_HANDLED_ROWS, T3_ROWS, T4_COLUMNS, T4_GROUPS};
use crate::record::{Check, Fact};
use std::collections::HashMap;

/// Evaluates every generic rule whose table or key family is present.
pub fn evaluate(facts: &[Fact]) -> Vec<Check> {
    let values: HashMap<&str, f64> = facts
        .iter()
        .map(|f| (f.key.as_str(), f.value.as_f64()))
        .collect();
    let get = |k: &str| values.get(k).copied();
    let mut out = Vec::new();
    let has_t3 = values.keys().any(|k| k.starts_with("t3."));
    let has_t4 = values.keys().any(|k| k.starts_with("t4."));

    if has_t3 {
        for col in T3_COLUMNS {
            let k = |row: &str| format!("t3.{row}.{col}");
            out.push(sum_rule(
                format!("t3.balance.{col}"),
                &[k("new_received"), k("carried_over")],
                &[k("handled_total"), k("carried_forward")],
                &get,
            ));
        }
        for row in T3_ROWS {
            let parts: Vec<String> = T3_COLUMNS[..6]
                .iter()
                .map(|c| format!("t3.{row}.{c}"))
                .collect();
            if parts.iter().all(|k| get(k).is_none()) && get(&format!("t3.{row}.total")).is_none() {
                continue;
            }
            out.push(sum_rule(
                format!("t3.total_column.{row}"),
                &parts,
                &[format!("t3.{row}.total")],
                &get,
            ));
        }
        let split = ["other_no_correction", "other_no_fee", "other_misc"]
            .iter()
            .any(|r| {
                T3_COLUMNS
                    .iter()
                    .any(|c| get(&format!("t3.{r}.{c}")).is_some())
            });
        for col in T3_COLUMNS {
            let parts: Vec<String> = T3_HANDLED_ROWS
                .iter()
                .filter(|r| match **r {
                    "other" => !split,
                    "other_no_correction" | "other_no_fee" | "other_misc" => split,
                    _ => true,
                })
                .map(|r| format!("t3.{r}.{col}"))
                .collect();
            out.push(sum_rule(
                format!("t3.handled_sum.{col}"),
                &parts,
                &[format!("t3.handled_total.{col}")],
                &get,
            ));
        }
    }
    if has_t4 {
        for group in T4_GROUPS {
            let parts: Vec<String> = T4_COLUMNS[..4]
                .iter()
                .map(|c| format!("t4.{group}.{c}"))
                .collect();
            out.push(sum_rule(
                format!("t4.{group}.total"),
                &parts,
                &[format!("t4.{group}.total")],
                &get,
            ));
        }
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
            out.push(sum_rule(
                rule.to_string(),
                &[prose.to_string()],
                &table,
                &get,
            ));
        }
    }
    out
}

/// `sum(left) == sum(right)`, or not assessable when any input is blank.
fn sum_rule(
    rule: String,
    left: &[String],
    right: &[String],
    get: &dyn Fn(&str) -> Option<f64>,
) -> Check {
    let side = |keys: &[String]| -> Result<f64, Vec<String>> {
        let missing: Vec<String> = keys
            .iter()
            .filter(|k| get(k).is_none())
            .map(|k| short(k))
            .collect();
        if missing.is_empty() {
            Ok(keys.iter().filter_map(|k| get(k)).sum())
        } else {
            Err(missing)
        }
    };
    let names = |keys: &[String]| {
        keys.iter()
            .map(|k| short(k))
            .collect::<Vec<_>>()
            .join(" + ")
    };
    match (side(left), side(right)) {
        (Ok(l), Ok(r)) => Check {
            ok: Some((l - r).abs() < 1e-6),
            detail: format!(
                "{} = {}, {} = {}",
                names(left),
                fmt(l),
                names(right),
                fmt(r)
            ),
            rule,
        },
        (l, r) => {
            let mut missing = l.err().unwrap_or_default();
            missing.extend(r.err().unwrap_or_default());
            let shown: Vec<String> = missing.iter().take(4).cloned().collect();
            let more = missing.len().saturating_sub(shown.len());
            Check {
                ok: None,
                detail: format!(
                    "not assessable: blank {}{}",
                    shown.join(", "),
                    if more > 0 {
                        format!(" and {more} more")
                    } else {
                        String::new()
                    }
                ),
                rule,
            }
        }
    }
}

/// A key without its family prefix (`t3.granted.natural` → `granted.natural`).
fn short(key: &str) -> String {
    match key.split_once('.') {
        Some((fam, rest)) if fam == "t3" || fam == "t4" => rest.to_string(),
        _ => key.to_string(),
    }
}

fn fmt(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{Evidence, Value};

    fn fact(key: &str, v: i64) -> Fact {
        Fact {
            key: key.to_string(),
            value: Value::Int(v),
            evidence: Evidence {
                start: 0,
                end: 0,
                text: String::new(),
            },
        }
    }

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
