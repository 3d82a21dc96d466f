//! Table 二: active disclosure, in blocks (第二十条第（一）项 …), each with a
//! header row naming its columns and one or two data rows.

use crate::cell::{CellValue, KeyUnit, Unit};
use crate::label::{self, T2Column};
use crate::layout::{self, Item, Row};
use crate::split;
use crate::{Found, TableRead, Template, short};
use nianbao_core::keys;

/// Table 二 rows in template order.
const ROWS: [&str; 8] = [
    "rules",
    "normative",
    "licensing",
    "other_services",
    "penalty",
    "coercion",
    "fees",
    "procurement",
];

/// The columns a template gives a row when no header names them.
fn default_columns(template: Template, row: &str) -> &'static [&'static str] {
    match (template, row) {
        (Template::Standard2019, "rules" | "normative") => &["made", "published", "total"],
        (Template::Standard2019, "licensing" | "other_services" | "penalty" | "coercion") => {
            &["prev", "change", "decisions"]
        }
        (Template::Standard2019, "fees") => &["prev", "change"],
        (_, "procurement") => &["count", "amount_yuan"],
        (Template::Standard2021, "rules" | "normative") => &["issued", "repealed", "in_force"],
        (Template::Standard2021, "licensing" | "penalty" | "coercion") => &["decisions"],
        (Template::Standard2021, "fees") => &["amount_wan"],
        _ => &[],
    }
}

/// The columns of a row: the header's when it names only columns the row
/// has, else the template's.
fn columns(template: Template, row: &str, header: &[T2Column]) -> Vec<T2Column> {
    let valid = !header.is_empty()
        && header
            .iter()
            .all(|c| keys::is_canonical(&["t2.", row, ".", c.key].concat()));
    if valid {
        return header.to_vec();
    }
    default_columns(template, row)
        .iter()
        .map(|k| T2Column {
            key: k,
            unit: Unit::None,
        })
        .collect()
}

/// Reads table 二 from its section's rows.
pub fn read(rows: &[Row], template: Template) -> TableRead {
    let mut read = TableRead::default();
    let values: Vec<&Row> = rows.iter().filter(|r| r.has_values()).collect();
    if values.is_empty() {
        return read;
    }
    let plain = values
        .iter()
        .all(|r| !r.grid && r.slots.len() == 1 && r.label.trim().is_empty());
    if plain {
        read_blocks(rows, template, &mut read);
    } else {
        read_rows(rows, template, &mut read);
    }
    read
}

/// Row mode: each data row carries its label.
fn read_rows(rows: &[Row], template: Template, read: &mut TableRead) {
    let mut header: Vec<T2Column> = Vec::new();
    // Columns of the header names in a grid without merged cells.
    let mut header_pos: Vec<usize> = Vec::new();
    let mut pending = String::new();
    let mut seen: Vec<&str> = Vec::new();
    let mut titled = false;
    for row in rows {
        let cols = label::t2_columns(&row.label);
        if !cols.is_empty() {
            header_pos = grid_positions(row, cols.len());
            header = cols;
        }
        titled |= label::normalize(&row.label).contains("第二十条");
        if !row.has_values() {
            pending.push_str(&row.label);
            continue;
        }
        let own = row.label.trim();
        let lab = if own.is_empty() {
            std::mem::take(&mut pending)
        } else {
            pending.clear();
            own.to_string()
        };
        let Some(key) = label::t2_row(&lab) else {
            continue;
        };
        // Prose before the table (no header or block title yet) is no row.
        if !row.grid && header.is_empty() && !titled {
            continue;
        }
        if seen.contains(&key) {
            read.warnings.push(format!(
                "table 二 row {}: the row appears twice, the second left out",
                short(&lab)
            ));
            continue;
        }
        seen.push(key);
        let cols = columns(template, key, &header);
        let by_position = cols == header
            && header_pos.len() == cols.len()
            && header_pos.iter().all(|&p| p < row.cells.len());
        let mut slots: Vec<&Item> = if by_position {
            header_pos
                .iter()
                .filter_map(|&p| row.cells.get(p))
                .collect()
        } else {
            row.slots.clone()
        };
        if row.grid && !by_position {
            while slots.len() > cols.len()
                && slots.last().is_some_and(|s| s.value == CellValue::Blank)
            {
                slots.pop();
            }
        }
        let name = short(&lab);
        if slots.len() == cols.len() {
            for (col, item) in cols.iter().zip(&slots) {
                push_cell(key, col, item, &name, read);
            }
            continue;
        }
        let bare = slots
            .iter()
            .all(|s| s.number().is_some_and(|n| n.is_bare()));
        if !row.grid && bare && slots.len() < cols.len() && layout::glued(&slots) {
            split_row(key, &cols, &slots, &name, read);
            continue;
        }
        read.warnings.push(format!(
            "table 二 row {name}: {} values where {} are expected, left out",
            slots.len(),
            cols.len()
        ));
    }
}

/// The columns of a header row's names, when it is a row of a grid without
/// merged cells holding one name per cell; empty otherwise.
fn grid_positions(row: &Row, count: usize) -> Vec<usize> {
    let pos: Vec<usize> = row
        .cells
        .iter()
        .enumerate()
        .filter(|(_, c)| label::t2_columns(c.text()).len() == 1)
        .map(|(i, _)| i)
        .collect();
    if pos.len() == count { pos } else { Vec::new() }
}

/// Stores one cell under `t2.<row>.<col>`.
fn push_cell(row: &str, col: &T2Column, item: &Item, name: &str, read: &mut TableRead) {
    let key = ["t2.", row, ".", col.key].concat();
    match &item.value {
        CellValue::Number { number, .. } => {
            let unit = KeyUnit::of(&key);
            let signed_ok = col.key == "change";
            let decimal_ok = unit != KeyUnit::Plain;
            let value = number.to_value(unit, col.unit);
            let whole = number.scale == 0 || decimal_ok;
            match (value, item.number_span()) {
                (Some(value), Some(span)) if whole && (signed_ok || !number.negative) => {
                    read.found.push(Found { key, value, span });
                }
                _ => read.warnings.push(format!(
                    "table 二 row {name}: '{}' does not fit {}, left out",
                    item.text().trim(),
                    col.key
                )),
            }
        }
        CellValue::Text => read.warnings.push(format!(
            "table 二 row {name}: text '{}' where a number belongs, left out",
            item.text().trim()
        )),
        CellValue::Blank | CellValue::Absent => {}
    }
}

/// Splits digits that ran together when exactly one split exists and the
/// digits cannot be read as fewer numbers (a blank cell would explain those).
fn split_row(row: &str, cols: &[T2Column], slots: &[&Item], name: &str, read: &mut TableRead) {
    let tokens: Vec<&str> = slots.iter().map(|s| s.text()).collect();
    let all = split::splits(&tokens, cols.len(), &split::any, &split::any);
    let fewer = (tokens.len()..cols.len())
        .any(|k| split::splits(&tokens, k, &split::any, &split::any).is_none_or(|s| !s.is_empty()));
    match all.as_deref() {
        Some([one]) if !fewer => {
            for (col, p) in cols.iter().zip(one) {
                let Some(item) = slots.get(p.token) else {
                    continue;
                };
                read.found.push(Found {
                    key: ["t2.", row, ".", col.key].concat(),
                    value: nianbao_core::Value::Int(p.value),
                    span: item.span_of(p.range.clone()),
                });
            }
        }
        _ => read.warnings.push(format!(
            "table 二 row {name}: cells run together ('{}') and cannot be split for certain, left out",
            tokens.join(" ")
        )),
    }
}

/// Plain text, one cell per line: per block (第二十条第（…）项), the numbers
/// in order fill the block's rows in template order when the counts agree.
fn read_blocks(rows: &[Row], template: Template, read: &mut TableRead) {
    let mut blocks: Vec<Vec<&Row>> = vec![Vec::new()];
    for row in rows {
        if label::normalize(&row.label).contains("第二十条")
            && blocks.last().is_some_and(|b| !b.is_empty())
        {
            blocks.push(Vec::new());
        }
        if let Some(b) = blocks.last_mut() {
            b.push(row);
        }
    }
    for block in blocks {
        let text: String = block.iter().map(|r| r.label.as_ref()).collect();
        let header = label::t2_columns(&text);
        let mut names: Vec<&str> = block
            .iter()
            .filter(|r| !r.has_values())
            .filter_map(|r| label::t2_row(&r.label))
            .collect();
        names.sort_by_key(|n| ROWS.iter().position(|r| r == n));
        names.dedup();
        let numbers: Vec<&Item> = block
            .iter()
            .filter(|r| r.has_values())
            .flat_map(|r| r.slots.iter().copied())
            .collect();
        if numbers.is_empty() && names.is_empty() {
            continue;
        }
        let plan: Vec<(&str, Vec<T2Column>)> = names
            .iter()
            .map(|n| (*n, columns(template, n, &header)))
            .collect();
        let expected: usize = plan.iter().map(|p| p.1.len()).sum();
        if expected != numbers.len() || expected == 0 {
            read.warnings.push(format!(
                "table 二: a block has {} values for {} cells, not read",
                numbers.len(),
                expected
            ));
            continue;
        }
        let mut it = numbers.into_iter();
        for (row, cols) in plan {
            for col in &cols {
                if let Some(item) = it.next() {
                    push_cell(row, col, item, row, read);
                }
            }
        }
    }
}
