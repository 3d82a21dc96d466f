//! Table 四: administrative reconsideration and litigation, one data row of
//! fifteen values (three groups of 结果维持 · 结果纠正 · 其他结果 · 尚未审结 · 总计).

use crate::cell::CellValue;
use crate::label;
use crate::layout::{self, Item, Row};
use crate::split;
use crate::t3::split_digit_warning;
use crate::{Found, TableRead};
use nianbao_core::Value;
use nianbao_core::keys::{T4_COLUMNS, T4_GROUPS};

/// The fifteen keys in template order.
fn keys() -> Vec<String> {
    T4_GROUPS
        .iter()
        .flat_map(|g| T4_COLUMNS.iter().map(move |c| ["t4.", g, ".", c].concat()))
        .collect()
}

/// Reads table 四 from its section's rows.
pub fn read(rows: &[Row]) -> TableRead {
    let mut read = TableRead::default();
    let mut slots: Vec<&Item> = Vec::new();
    let mut all_grid = true;
    // Text values count only once the table's header has begun (prose may
    // come first: 2022年，…).
    let mut header = false;
    for row in rows {
        let norm = label::normalize(&row.label);
        header |= ["结果维持", "尚未审结", "结果纠正", "总计"]
            .iter()
            .any(|w| norm.contains(w));
        if !row.has_values() || (!row.grid && !header) {
            continue;
        }
        slots.extend(row.slots.iter());
        all_grid &= row.grid;
        if slots.len() >= 15 {
            break;
        }
    }
    if slots.is_empty() {
        return read;
    }
    if all_grid {
        while slots.len() > 15 && slots.first().is_some_and(|s| s.value == CellValue::Blank) {
            slots.remove(0);
        }
        while slots.len() > 15 && slots.last().is_some_and(|s| s.value == CellValue::Blank) {
            slots.pop();
        }
    }
    let keys = keys();
    if slots.len() == 15 {
        for (key, item) in keys.iter().zip(&slots) {
            match &item.value {
                CellValue::Number { number, .. } => match (number.as_int(), item.number_span()) {
                    (Some(v), Some(span)) if v >= 0 => read.found.push(Found {
                        key: key.clone(),
                        value: Value::Int(v),
                        span,
                    }),
                    _ => read.warnings.push(format!(
                        "table 四 {}: '{}' is not a count, left out",
                        key.trim_start_matches("t4."),
                        item.text().trim()
                    )),
                },
                CellValue::Text => read.warnings.push(format!(
                    "table 四 {}: text '{}' where a number belongs, left out",
                    key.trim_start_matches("t4."),
                    item.text().trim()
                )),
                CellValue::Blank | CellValue::Absent => {}
            }
        }
        return read;
    }
    let bare = slots
        .iter()
        .all(|s| s.number().is_some_and(|n| n.is_bare()));
    if slots.len() < 15 && bare && !all_grid && layout::glued(&slots) {
        let tokens: Vec<&str> = slots.iter().map(|s| s.text()).collect();
        let parts = split::splits(&tokens, 15, &split::t4_prefix_rule, &split::t4_prefix_rule);
        match parts.as_deref() {
            Some([one]) => {
                for (key, p) in keys.iter().zip(one) {
                    if let Some(item) = slots.get(p.token) {
                        read.found.push(Found {
                            key: key.clone(),
                            value: Value::Int(p.value),
                            span: item.span_of(p.range.clone()),
                        });
                    }
                }
            }
            Some([]) => read.warnings.push(format!(
                "table 四: values run together ('{}') and no split adds up, left out",
                tokens.join(" ")
            )),
            _ => read.warnings.push(format!(
                "table 四: values run together ('{}') and split more than one way, left out",
                tokens.join(" ")
            )),
        }
        return read;
    }
    split_digit_warning(
        &slots,
        15,
        "of values",
        "四",
        &|v: &[i64]| v.len() == 15 && split::t4_prefix_rule(v),
        &mut read.warnings,
    );
    read.warnings.push(format!(
        "table 四: {} values where 15 are expected, left out",
        slots.len()
    ));
    read
}
