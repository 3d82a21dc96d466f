//! Table 三: requests received and handled, 7 applicant columns by 23 rows
//! (（六） undivided) or 25 rows (（六） split in three).

use crate::cell::CellValue;
use crate::label;
use crate::layout::{self, Item, Row};
use crate::split::{self, Part};
use crate::{Found, TableRead, short};
use nianbao_core::keys::T3_COLUMNS;
use nianbao_core::{Span, Value};
use std::cell::{OnceCell, RefCell};
use std::collections::{BTreeMap, BTreeSet};

/// Rows common to both variants, in template order (一 … （五）5.).
const HEAD: &[&str] = nianbao_core::keys::T3_ROWS.split_at(20).0;

/// The template's rows for a variant: （六） split in three or undivided.
pub fn order(split_other: bool) -> Vec<&'static str> {
    let mut out = HEAD.to_vec();
    if split_other {
        out.extend(["other_no_correction", "other_no_fee", "other_misc"]);
    } else {
        out.push("other");
    }
    out.extend(["handled_total", "carried_forward"]);
    out
}

/// Counts at or above this are not requests (and would overflow sums).
const MAX_COUNT: i64 = 1_000_000_000_000;

/// One cell's reading.
#[derive(Clone, Debug, PartialEq)]
enum V {
    Num(i64, Span),
    Absent,
}

impl V {
    fn num(&self) -> Option<i64> {
        match self {
            V::Num(v, _) => Some(*v),
            V::Absent => None,
        }
    }
}

/// What table 三 says, and which variant of （六） it uses.
pub struct T3 {
    /// Facts and warnings.
    pub read: TableRead,
    /// `Some(true)` when （六） is split in three, `Some(false)` when it is
    /// one row, `None` when the table does not say.
    pub split_other: Option<bool>,
}

/// Reads table 三 from its section's rows. `split_default` is the
/// template's variant, used only to fill rows whose labels are lost.
pub fn read(rows: &[Row], split_default: bool) -> T3 {
    let mut read = TableRead::default();
    let mut all = String::new();
    for r in rows {
        label::normalize_into(&r.label, &mut all);
    }
    let said_split = all.contains("不补正") || all.contains("缴纳费用") || all.contains("收费通知");
    let said_undivided = !said_split && all.contains("其他处理");
    let split_other = if said_split {
        Some(true)
    } else if said_undivided {
        Some(false)
    } else {
        None
    };
    let variant = split_other.unwrap_or(split_default);
    let values: Vec<&Row> = rows.iter().filter(|r| r.has_values()).collect();
    if values.is_empty() {
        return T3 { read, split_other };
    }
    let plain = values.len() >= 7
        && values
            .iter()
            .all(|r| !r.grid && r.slots.len() == 1 && r.label.trim().is_empty());
    let grid = if plain {
        plain_grid(rows, variant, &mut read.warnings)
    } else {
        row_grid(rows, variant, &mut read.warnings)
    };
    for (row, cells) in &grid {
        for (col, v) in T3_COLUMNS.iter().zip(cells) {
            if let V::Num(n, span) = v {
                read.found.push(Found {
                    key: ["t3.", row, ".", col].concat(),
                    value: Value::Int(*n),
                    span: *span,
                });
            }
        }
    }
    T3 { read, split_other }
}

/// A row's name in messages ([`short`] of its label), made only when a
/// message needs it.
#[derive(Clone)]
struct Name<'a> {
    label: &'a str,
    text: OnceCell<String>,
}

impl<'a> Name<'a> {
    /// The name of a row labelled `label`.
    fn of(label: &'a str) -> Name<'a> {
        Name {
            label,
            text: OnceCell::new(),
        }
    }

    /// A name given as it is.
    fn fixed(text: &str) -> Name<'a> {
        Name {
            label: "",
            text: OnceCell::from(text.to_string()),
        }
    }

    /// The name.
    fn get(&self) -> &str {
        self.text.get_or_init(|| short(self.label))
    }
}

impl std::fmt::Display for Name<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.get())
    }
}

/// A row's cells as read, or its candidate splits.
enum Reading {
    Fixed(Vec<V>),
    Split(Vec<Vec<V>>),
}

/// Row mode: every data row carries its label (or follows label-only lines).
fn row_grid(
    rows: &[Row],
    variant: bool,
    warnings: &mut Vec<String>,
) -> BTreeMap<&'static str, Vec<V>> {
    let order = order(variant);
    // Data rows with their labels (a value-only line takes the label lines
    // above it).
    let mut data: Vec<(String, &Row)> = Vec::new();
    let mut pending = String::new();
    for row in rows {
        if !row.has_values() {
            pending.push_str(&row.label);
            continue;
        }
        let own = row.label.trim();
        let label = if own.is_empty() {
            std::mem::take(&mut pending)
        } else {
            pending.clear();
            own.to_string()
        };
        data.push((label, row));
    }
    let claimed = claim(rows, &data, &order, variant);
    let anchors = increasing(&claimed);
    let mut assigned: Vec<Option<usize>> = vec![None; data.len()];
    for &i in &anchors {
        assigned[i] = claimed[i];
    }
    for (i, c) in claimed.iter().enumerate() {
        if c.is_some() && assigned[i].is_none() {
            warnings.push(format!(
                "table 三 row {}: label out of template order, left out",
                short(&data[i].0)
            ));
        }
    }
    // Rows whose labels are lost take the template rows between their
    // neighbours when the counts agree.
    let mut bounds: Vec<(isize, isize)> = vec![(-1, -1)];
    bounds.extend(anchors.iter().filter_map(|&i| {
        let o = assigned[i]?;
        Some((i as isize, o as isize))
    }));
    bounds.push((data.len() as isize, order.len() as isize));
    for w in bounds.windows(2) {
        let (Some(&(d0, o0)), Some(&(d1, o1))) = (w.first(), w.get(1)) else {
            continue;
        };
        let gap: Vec<usize> = ((d0 + 1)..d1).map(|i| i as usize).collect();
        if gap.is_empty() {
            continue;
        }
        let slots = (o1 - o0 - 1).max(0) as usize;
        let unlabeled = gap.iter().all(|&i| claimed[i].is_none());
        if unlabeled && gap.len() == slots {
            for (k, &i) in gap.iter().enumerate() {
                assigned[i] = Some((o0 + 1) as usize + k);
            }
        } else {
            for &i in gap.iter().filter(|&&i| claimed[i].is_none()) {
                let numbers = data[i]
                    .1
                    .slots
                    .iter()
                    .filter(|s| s.value.is_number())
                    .count();
                if slots > 0 || numbers >= 3 {
                    warnings.push(format!(
                        "table 三: a row of values labelled {} matches no template row, left out",
                        short(&data[i].0)
                    ));
                }
            }
        }
    }
    let subtotal = rows
        .iter()
        .any(|r| !r.has_values() && label::has_subtotal_column(&r.label))
        || data
            .iter()
            .take(1)
            .any(|(l, _)| label::has_subtotal_column(l));
    let positions = header_positions(rows);
    let model = column_model(rows);
    let mut readings: Vec<(&'static str, Name, &Row, Reading)> = Vec::new();
    for (i, (lab, row)) in data.iter().enumerate() {
        let Some(key) = assigned[i].and_then(|o| order.get(o).copied()) else {
            continue;
        };
        if readings.iter().any(|r| r.0 == key) {
            continue;
        }
        let name = Name::of(lab);
        let centres = model.get(&row.page).map(Vec::as_slice);
        if let Some(r) = reading(
            row,
            &name,
            subtotal,
            positions.as_deref(),
            centres,
            warnings,
        ) {
            readings.push((key, name, row, r));
        }
    }
    let names: Vec<(&'static str, Name)> = readings.iter().map(|r| (r.0, r.1.clone())).collect();
    let grid = solve(readings, variant, warnings);
    for (key, name) in names {
        if let Some(cells) = grid.get(key) {
            joined_digits_warning(cells, &name, warnings);
        }
    }
    grid
}

/// Warns when a row of seven fails its sum and joining two adjacent
/// single-digit applicant cells would make it add up (a number a PDF reader
/// split in two, the row's last cell lost). The cells are kept as printed.
fn joined_digits_warning(cells: &[V], name: &Name, warnings: &mut Vec<String>) {
    let Some(v) = cells.iter().map(V::num).collect::<Option<Vec<i64>>>() else {
        return;
    };
    if v.len() != 7 || split::t3_row_rule(&v) {
        return;
    }
    let sum: i64 = v[..6].iter().sum();
    for i in 0..5 {
        let (a, b) = (v[i], v[i + 1]);
        if (0..10).contains(&a) && (0..10).contains(&b) && sum - a - b + a * 10 + b == v[6] {
            warnings.push(format!(
                "table 三 row {name}: cells '{a}' and '{b}' may be one number '{a}{b}' split in two; not joined"
            ));
        }
    }
}

/// In a grid without merged cells, the columns of the seven values, from
/// the header cells 自然人 … 总计 (a 小计 column between them left out).
fn header_positions(rows: &[Row]) -> Option<Vec<usize>> {
    let headers: Vec<&Row> = rows
        .iter()
        .filter(|r| !r.has_values() && !r.cells.is_empty())
        .collect();
    let find = |h: &Row, f: &dyn Fn(&str) -> bool| {
        h.cells.iter().position(|c| f(&label::normalize(c.text())))
    };
    for h in &headers {
        let Some(nat) = find(h, &|t| t == "自然人") else {
            continue;
        };
        let Some(total) = find(h, &|t| t.contains("总计")) else {
            continue;
        };
        if total <= nat {
            continue;
        }
        let sub = headers
            .iter()
            .find_map(|h| find(h, &|t| t.contains("小计")))
            .filter(|s| (nat..total).contains(s));
        let pos: Vec<usize> = (nat..=total).filter(|p| Some(*p) != sub).collect();
        if pos.len() == 7 {
            return Some(pos);
        }
    }
    None
}

/// The template row each data row claims: by its own words, or by its
/// numbering under the group label in force (（四）无法提供 then `2.` is
/// 没有现成信息需要另行制作), the group being the last one named on a row
/// or implied by the last row claimed.
fn claim(
    rows: &[Row],
    data: &[(String, &Row)],
    order: &[&'static str],
    variant: bool,
) -> Vec<Option<usize>> {
    let mut group: Option<usize> = None;
    let mut out = Vec::with_capacity(data.len());
    let mut next = data.iter().peekable();
    thread_local! {
        static SEEN: RefCell<label::Seen<Named>> = RefCell::new(label::Seen::default());
    }
    for row in rows {
        let own = label::remembered(&SEEN, &row.label, named, |n| *n);
        if let Some(g) = own.group {
            group = Some(g);
        }
        let Some((lab, _)) = next.peek().filter(|(_, r)| std::ptr::eq(*r, row)) else {
            continue;
        };
        next.next();
        // A row's own label, trimmed, normalizes as the row's label does
        // (normalizing drops white space).
        let stripped = if row.label.trim() == lab.as_str() {
            own
        } else {
            label::remembered(&SEEN, lab, named, |n| *n)
        };
        let by_words = stripped.row.filter(|k| {
            // An undivided （六） row is only a row when （六） is undivided.
            !(*k == "other" && variant && label::sub_number(lab).is_some())
        });
        let key = by_words.or_else(|| {
            let g = stripped.group.or(group)?;
            let (_, rows) = label::T3_GROUPS.get(g)?;
            if g == 3 && !variant {
                return None;
            }
            let n = label::sub_number(lab)?;
            rows.get(n.checked_sub(1)?).copied()
        });
        if let Some(g) = key.and_then(label::t3_group_of) {
            group = Some(g);
        }
        out.push(key.and_then(|k| order.iter().position(|o| *o == k)));
    }
    while out.len() < data.len() {
        out.push(None);
    }
    out
}

/// The table 三 row and group a label names (normalized and stripped of
/// explanations), remembered by label in [`claim`].
#[derive(Clone, Copy)]
struct Named {
    row: Option<&'static str>,
    group: Option<usize>,
}

/// [`Named`] of a label as printed.
fn named(label: &str) -> Named {
    let stripped = label::strip_explanations(&label::normalize(label));
    Named {
        row: label::t3_row_stripped(&stripped),
        group: label::t3_group_stripped(&stripped),
    }
}

/// In space-aligned text, the centre column of each of the seven values on
/// each page, from the rows that print all seven (median per column); a
/// page whose columns are not clearly apart has none.
fn column_model(rows: &[Row]) -> BTreeMap<usize, Vec<f64>> {
    let mut by_page: BTreeMap<usize, Vec<Vec<f64>>> = BTreeMap::new();
    for r in rows.iter().filter(|r| !r.grid && r.slots.len() == 7) {
        let centres: Option<Vec<f64>> = r
            .slots
            .iter()
            .map(|s| s.col.map(|(a, b)| (a + b) as f64 / 2.0))
            .collect();
        if let Some(c) = centres {
            by_page.entry(r.page).or_default().push(c);
        }
    }
    let mut out = BTreeMap::new();
    for (page, rows) in by_page {
        let mut centres = Vec::with_capacity(7);
        for c in 0..7 {
            let mut xs: Vec<f64> = rows.iter().filter_map(|r| r.get(c).copied()).collect();
            xs.sort_by(f64::total_cmp);
            let Some(mid) = xs.get(xs.len() / 2).copied() else {
                break;
            };
            centres.push(mid);
        }
        let apart = centres.windows(2).all(|w| w[1] - w[0] >= 3.0);
        // Every full row must agree with the median columns.
        let agree = rows
            .iter()
            .all(|r| r.iter().zip(&centres).all(|(x, c)| (x - c).abs() <= 1.5));
        if centres.len() == 7 && apart && agree {
            out.insert(page, centres);
        }
    }
    out
}

/// The column of each value by its position: the nearest centre, clearly
/// nearer than the next, columns strictly left to right.
fn place(slots: &[&Item], centres: &[f64]) -> Option<Vec<usize>> {
    let mut out = Vec::with_capacity(slots.len());
    let mut last: Option<usize> = None;
    for s in slots {
        let (a, b) = s.col?;
        let x = (a + b) as f64 / 2.0;
        let mut d: Vec<(f64, usize)> = centres
            .iter()
            .enumerate()
            .map(|(i, c)| ((x - c).abs(), i))
            .collect();
        d.sort_by(|p, q| p.0.total_cmp(&q.0));
        let (&(d1, i1), &(d2, _)) = (d.first()?, d.get(1)?);
        if d1 > 1.5 || d2 - d1 < 2.0 || last.is_some_and(|l| i1 <= l) {
            return None;
        }
        last = Some(i1);
        out.push(i1);
    }
    Some(out)
}

/// Indices of a longest strictly increasing subsequence of the claimed
/// template positions (unclaimed entries skipped).
fn increasing(claimed: &[Option<usize>]) -> Vec<usize> {
    let idx: Vec<(usize, usize)> = claimed
        .iter()
        .enumerate()
        .filter_map(|(i, c)| c.map(|c| (i, c)))
        .collect();
    let n = idx.len();
    let mut len = vec![1usize; n];
    let mut prev = vec![usize::MAX; n];
    for j in 0..n {
        for i in 0..j {
            if idx[i].1 < idx[j].1 && len[i] + 1 > len[j] {
                len[j] = len[i] + 1;
                prev[j] = i;
            }
        }
    }
    let Some(mut at) = (0..n).max_by_key(|&j| (len[j], usize::MAX - j)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    loop {
        out.push(idx[at].0);
        if prev[at] == usize::MAX {
            break;
        }
        at = prev[at];
    }
    out.reverse();
    out
}

/// The value of a slot as a cell of table 三.
fn cell_of(item: &Item, name: &Name, warnings: &mut Vec<String>) -> V {
    match &item.value {
        CellValue::Number { number, .. } => match (number.as_int(), item.number_span()) {
            (Some(n), Some(span)) if (0..MAX_COUNT).contains(&n) => V::Num(n, span),
            _ => {
                warnings.push(format!(
                    "table 三 row {name}: '{}' is not a count, left out",
                    item.text().trim()
                ));
                V::Absent
            }
        },
        CellValue::Text => {
            warnings.push(format!(
                "table 三 row {name}: text '{}' where a number belongs, left out",
                item.text().trim()
            ));
            V::Absent
        }
        CellValue::Blank | CellValue::Absent => V::Absent,
    }
}

/// Reads one row's slots: seven cells, seven after dropping a subtotal
/// column, or the splits of digits that ran together.
fn reading(
    row: &Row,
    name: &Name,
    subtotal: bool,
    positions: Option<&[usize]>,
    centres: Option<&[f64]>,
    warnings: &mut Vec<String>,
) -> Option<Reading> {
    if let Some(pos) = positions
        && row.cells.len() > pos.iter().copied().max().unwrap_or(usize::MAX)
    {
        let slots: Vec<&Item> = pos.iter().filter_map(|&p| row.cells.get(p)).collect();
        return Some(Reading::Fixed(
            slots.iter().map(|s| cell_of(s, name, warnings)).collect(),
        ));
    }
    let mut slots: Vec<&Item> = row.slots.clone();
    if row.grid {
        // Padding: empty label columns on the left, empty cells on the right.
        while slots.len() > 7 && slots.first().is_some_and(|s| s.value == CellValue::Blank) {
            slots.remove(0);
        }
        while slots.len() > 7 && slots.last().is_some_and(|s| s.value == CellValue::Blank) {
            slots.pop();
        }
    }
    if slots.len() == 8 && subtotal {
        return drop_subtotal(&slots, name, warnings).map(Reading::Fixed);
    }
    if slots.len() == 7 {
        return Some(Reading::Fixed(
            slots.iter().map(|s| cell_of(s, name, warnings)).collect(),
        ));
    }
    if !row.grid
        && slots.len() < 7
        && let Some(centres) = centres
    {
        // Space-aligned text drops blank cells: place the values under the
        // columns of the rows that print all seven, or leave the row out.
        // A label reaching into the value columns pushed the values aside.
        let clear = row
            .label_end
            .is_none_or(|end| centres.first().is_some_and(|c| (end as f64) < c - 2.0));
        if clear && let Some(cols) = place(&slots, centres) {
            let mut cells = vec![V::Absent; 7];
            for (slot, c) in slots.iter().zip(cols) {
                if let Some(cell) = cells.get_mut(c) {
                    *cell = cell_of(slot, name, warnings);
                }
            }
            return Some(Reading::Fixed(cells));
        }
        warnings.push(format!(
            "table 三 row {name}: {} values where 7 are expected and their columns are unclear, left out",
            slots.len()
        ));
        return None;
    }
    let bare = slots
        .iter()
        .all(|s| s.number().is_some_and(|n| n.is_bare()));
    if !row.grid && slots.len() < 7 && bare && layout::glued(&slots) {
        let tokens: Vec<&str> = slots.iter().map(|s| s.text()).collect();
        let Some(parts) = split::splits(&tokens, 7, &split::any, &split::t3_row_rule) else {
            warnings.push(format!(
                "table 三 row {name}: cells run together ('{}') beyond what can be split, left out",
                tokens.join(" ")
            ));
            return None;
        };
        if parts.is_empty() {
            warnings.push(format!(
                "table 三 row {name}: cells run together ('{}') and no split adds up, left out",
                tokens.join(" ")
            ));
            return None;
        }
        let cands = parts.iter().map(|p| parts_to_cells(p, &slots)).collect();
        return Some(Reading::Split(cands));
    }
    if slots.len() == 8 {
        split_digit_warning(&slots, 7, name.get(), "三", &split::t3_row_rule, warnings);
    }
    warnings.push(format!(
        "table 三 row {name}: {} values where 7 are expected, left out",
        slots.len()
    ));
    None
}

/// Cells from the parts of a split.
fn parts_to_cells(parts: &[Part], slots: &[&Item]) -> Vec<V> {
    parts
        .iter()
        .map(|p| match slots.get(p.token) {
            Some(item) => V::Num(p.value, item.span_of(p.range.clone())),
            None => V::Absent,
        })
        .collect()
}

/// Eight slots with a 法人或其他组织小计 column: drops the column that holds
/// the sum of the five organisation columns (after 其他, or before 商业企业).
fn drop_subtotal(slots: &[&Item], name: &Name, warnings: &mut Vec<String>) -> Option<Vec<V>> {
    let mut local = Vec::new();
    let cells: Vec<V> = slots.iter().map(|s| cell_of(s, name, &mut local)).collect();
    let nums: Vec<Option<i64>> = cells.iter().map(V::num).collect();
    let fits = |p: usize| -> Option<bool> {
        let orgs: Vec<Option<i64>> = if p == 6 {
            nums[1..6].to_vec()
        } else {
            nums[2..7].to_vec()
        };
        let sub = nums[p]?;
        let sum: Option<i64> = orgs.into_iter().sum();
        Some(sum? == sub)
    };
    let pick = match (fits(6), fits(1)) {
        (Some(true), Some(false)) | (Some(true), None) => Some(6),
        (Some(false), Some(true)) | (None, Some(true)) => Some(1),
        (Some(true), Some(true)) => {
            // Both read alike when the columns in between are equal.
            let a: Vec<V> = cells
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != 6)
                .map(|x| x.1.clone())
                .collect();
            let b: Vec<V> = cells
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != 1)
                .map(|x| x.1.clone())
                .collect();
            let same = a.iter().zip(&b).all(|(x, y)| x.num() == y.num());
            same.then_some(6)
        }
        _ => None,
    };
    let Some(p) = pick else {
        warnings.push(format!(
            "table 三 row {name}: 8 values and the subtotal column cannot be told, left out"
        ));
        return None;
    };
    warnings.append(&mut local);
    Some(
        cells
            .into_iter()
            .enumerate()
            .filter(|(i, _)| *i != p)
            .map(|x| x.1)
            .collect(),
    )
}

/// Warns when joining two adjacent single digits of an over-long row would
/// make it add up (a number split across cells by a PDF reader).
pub fn split_digit_warning(
    slots: &[&Item],
    expected: usize,
    name: &str,
    table: &str,
    rule: &dyn Fn(&[i64]) -> bool,
    warnings: &mut Vec<String>,
) {
    if slots.len() != expected + 1 {
        return;
    }
    let nums: Vec<Option<(i64, &str)>> = slots
        .iter()
        .map(|s| {
            s.number()
                .and_then(|n| n.as_int())
                .map(|v| (v, s.text().trim()))
        })
        .collect();
    for i in 0..slots.len().saturating_sub(1) {
        let (Some(Some((_, ta))), Some(Some((b, tb)))) = (nums.get(i), nums.get(i + 1)) else {
            continue;
        };
        if ta.chars().count() != 1 || tb.chars().count() != 1 {
            continue;
        }
        let mut joined: Vec<i64> = Vec::new();
        let mut ok = true;
        for (j, n) in nums.iter().enumerate() {
            if j == i + 1 {
                continue;
            }
            match n {
                Some((v, _)) if j == i => joined.push(v * 10 + b),
                Some((v, _)) => joined.push(*v),
                None => ok = false,
            }
        }
        if ok && rule(&joined) {
            warnings.push(format!(
                "table {table} row {name}: cells '{ta}' and '{tb}' may be one number '{ta}{tb}' split in two; not joined"
            ));
        }
    }
}

/// The column rules of table 三 as (positive keys, negative keys) per column.
fn column_rules(variant: bool) -> Vec<(Vec<&'static str>, Vec<&'static str>)> {
    let handled: Vec<&'static str> = order(variant)
        .into_iter()
        .filter(|k| {
            !matches!(
                *k,
                "new_received" | "carried_over" | "handled_total" | "carried_forward"
            )
        })
        .collect();
    vec![
        (handled, vec!["handled_total"]),
        (
            vec!["new_received", "carried_over"],
            vec!["handled_total", "carried_forward"],
        ),
    ]
}

/// Chooses among the splits of run-together rows: a row is kept only when
/// every assignment that satisfies the column rules gives it the same cells.
fn solve(
    readings: Vec<(&'static str, Name, &Row, Reading)>,
    variant: bool,
    warnings: &mut Vec<String>,
) -> BTreeMap<&'static str, Vec<V>> {
    let mut out: BTreeMap<&'static str, Vec<V>> = BTreeMap::new();
    let mut open: Vec<(&'static str, Name, Vec<Vec<V>>)> = Vec::new();
    for (key, name, _, r) in readings {
        match r {
            Reading::Fixed(cells) => {
                out.insert(key, cells);
            }
            Reading::Split(c) => open.push((key, name, c)),
        }
    }
    if open.is_empty() {
        return out;
    }
    let rules = column_rules(variant);
    // A rule is assessable when all its rows are present.
    let present: BTreeSet<&str> = out
        .keys()
        .copied()
        .chain(open.iter().map(|o| o.0))
        .collect();
    let rules: Vec<&(Vec<&str>, Vec<&str>)> = rules
        .iter()
        .filter(|(p, n)| p.iter().chain(n).all(|k| present.contains(k)))
        .collect();
    let holds = |assign: &BTreeMap<&str, &Vec<V>>| -> bool {
        for (pos, neg) in &rules {
            for c in 0..7 {
                let side = |keys: &Vec<&str>| -> Option<i64> {
                    keys.iter()
                        .map(|k| {
                            assign
                                .get(k)
                                .copied()
                                .or_else(|| out.get(k))
                                .and_then(|cells| cells.get(c))
                                .and_then(V::num)
                        })
                        .sum()
                };
                if let (Some(a), Some(b)) = (side(pos), side(neg))
                    && a != b
                {
                    return false;
                }
            }
        }
        true
    };
    let product: usize = open
        .iter()
        .map(|o| o.2.len())
        .try_fold(1usize, |acc, n| acc.checked_mul(n))
        .unwrap_or(usize::MAX);
    let mut survivors: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); open.len()];
    let mut any = false;
    if product <= 200_000 {
        let mut idx = vec![0usize; open.len()];
        loop {
            let assign: BTreeMap<&str, &Vec<V>> = open
                .iter()
                .zip(&idx)
                .filter_map(|(o, &i)| o.2.get(i).map(|c| (o.0, c)))
                .collect();
            if holds(&assign) {
                any = true;
                for (s, &i) in survivors.iter_mut().zip(&idx) {
                    s.insert(i);
                }
            }
            // Next combination.
            let mut k = 0;
            while let Some(slot) = idx.get_mut(k) {
                *slot += 1;
                if open.get(k).is_some_and(|o| *slot < o.2.len()) {
                    break;
                }
                *slot = 0;
                k += 1;
            }
            if k >= idx.len() {
                break;
            }
        }
    } else {
        warnings.push(
            "table 三: too many ways to split run-together cells to check the column sums"
                .to_string(),
        );
    }
    for (n, (key, name, cands)) in open.into_iter().enumerate() {
        let keep: Option<&Vec<V>> = if any {
            match survivors.get(n).map(|s| s.iter().collect::<Vec<_>>()) {
                Some(v) if v.len() == 1 => v.first().and_then(|&&i| cands.get(i)),
                _ => None,
            }
        } else if product > 200_000 {
            // Column rules could not be checked: keep rows with one split.
            if cands.len() == 1 {
                cands.first()
            } else {
                None
            }
        } else {
            None
        };
        match keep {
            Some(cells) => {
                out.insert(key, cells.clone());
            }
            None => warnings.push(format!(
                "table 三 row {name}: cells run together and {} split, left out",
                if any || product > 200_000 {
                    "more than one way to"
                } else {
                    "no column-consistent way to"
                }
            )),
        }
    }
    out
}

/// Plain pdftotext: one cell per line, labels displaced, some blocks read
/// column by column. The numbers alone are matched to the template rows,
/// in order; a block of seven equal runs may be columns, and the reading is
/// kept only where all readings that satisfy the rules agree.
fn plain_grid(
    rows: &[Row],
    variant: bool,
    warnings: &mut Vec<String>,
) -> BTreeMap<&'static str, Vec<V>> {
    let order = order(variant);
    let mut runs: Vec<Vec<&Item>> = Vec::new();
    let mut open = false;
    for row in rows {
        if !row.has_values() {
            open = false;
            continue;
        }
        let Some(item) = row.slots.first() else {
            continue;
        };
        if open && !row.gap_before {
            if let Some(last) = runs.last_mut() {
                last.push(item);
            }
        } else {
            runs.push(vec![item]);
        }
        open = true;
    }
    let count: usize = runs.iter().map(Vec::len).sum();
    let mut out = BTreeMap::new();
    if count != order.len() * 7 {
        warnings.push(format!(
            "table 三: {count} values in one-cell-per-line text where {} are expected, not read",
            order.len() * 7
        ));
        return out;
    }
    // Each value read once; readings hold indices into `cells`.
    let mut cells: Vec<(V, Vec<String>)> = Vec::with_capacity(count);
    let mut index_runs: Vec<Vec<usize>> = Vec::with_capacity(runs.len());
    for run in &runs {
        let mut ids = Vec::with_capacity(run.len());
        for it in run {
            let mut w = Vec::new();
            let v = cell_of(it, &Name::fixed(""), &mut w);
            ids.push(cells.len());
            cells.push((v, w));
        }
        index_runs.push(ids);
    }
    let mut readings: Vec<Vec<Vec<usize>>> = Vec::new();
    interpret(
        &index_runs,
        0,
        &mut Vec::with_capacity(count),
        &mut readings,
    );
    let num = |i: &usize| cells.get(*i).and_then(|c| c.0.num());
    // Every reading holds every value once: its warnings once per reading.
    let mut local = Vec::new();
    if cells.iter().any(|c| !c.1.is_empty()) {
        for i in readings.iter().flatten().flatten() {
            if let Some(c) = cells.get(*i) {
                local.extend(c.1.iter().cloned());
            }
        }
    }
    let rules = column_rules(variant);
    // The rules with each key's row index.
    let rules: Vec<(RowIndices, RowIndices)> = rules
        .iter()
        .map(|(pos, neg)| {
            let at = |keys: &Vec<&str>| {
                keys.iter()
                    .map(|k| order.iter().position(|o| o == k))
                    .collect()
            };
            (at(pos), at(neg))
        })
        .collect();
    let consistent = |g: &Vec<Vec<usize>>| -> bool {
        let get = |row: &Option<usize>, c: usize| {
            row.and_then(|i| g.get(i))
                .and_then(|r| r.get(c))
                .and_then(num)
        };
        let rows_ok = g.iter().all(|r| {
            let n: Option<Vec<i64>> = r.iter().map(num).collect();
            n.is_none_or(|n| split::t3_row_rule(&n))
        });
        rows_ok
            && rules.iter().all(|(pos, neg)| {
                (0..7).all(|c| {
                    let a: Option<i64> = pos.iter().map(|k| get(k, c)).sum();
                    let b: Option<i64> = neg.iter().map(|k| get(k, c)).sum();
                    match (a, b) {
                        (Some(a), Some(b)) => a == b,
                        _ => true,
                    }
                })
            })
    };
    let chosen: Vec<&Vec<Vec<usize>>> = if readings.len() == 1 {
        readings.iter().collect()
    } else {
        readings.iter().filter(|g| consistent(g)).collect()
    };
    let Some(first) = chosen.first() else {
        warnings.push(
            "table 三: one-cell-per-line values fit no reading that adds up, not read".to_string(),
        );
        return out;
    };
    warnings.append(&mut local);
    for (r, key) in order.iter().enumerate() {
        let Some(row) = first.get(r) else { continue };
        let agreed = chosen.iter().all(|g| {
            g.get(r)
                .is_some_and(|o| o.iter().map(num).eq(row.iter().map(num)))
        });
        if agreed {
            let values = row
                .iter()
                .filter_map(|i| cells.get(*i))
                .map(|c| c.0.clone())
                .collect();
            out.insert(*key, values);
        } else {
            warnings.push(format!(
                "table 三 row {key}: one-cell-per-line values read more than one way, left out"
            ));
        }
    }
    out
}

/// The rows (indices into the template order) a rule adds up.
type RowIndices = Vec<Option<usize>>;

/// Enumerates readings of the runs: each run is either row-major cells, or
/// (at a row boundary) seven runs of equal length k ≥ 2 are k rows column by
/// column.
///
/// Every row holds seven cells, so the rows read so far and the cells of
/// the row not yet complete are kept as one sequence, seven cells a row: a
/// row boundary is a length divisible by seven, and going back is a
/// truncation.
fn interpret<T: Copy>(runs: &[Vec<T>], at: usize, cells: &mut Vec<T>, out: &mut Vec<Vec<Vec<T>>>) {
    if out.len() > 64 {
        return;
    }
    let boundary = cells.len() % 7 == 0;
    let Some(run) = runs.get(at) else {
        if boundary {
            out.push(cells.chunks(7).map(<[T]>::to_vec).collect());
        }
        return;
    };
    let before = cells.len();
    // Column-major block.
    if boundary && run.len() >= 2 {
        let block = runs.get(at..at + 7);
        if let Some(block) = block
            && block.iter().all(|r| r.len() == run.len())
        {
            for i in 0..run.len() {
                cells.extend(block.iter().filter_map(|col| col.get(i).copied()));
            }
            interpret(runs, at + 7, cells, out);
            cells.truncate(before);
        }
    }
    // Row-major cells.
    cells.extend(run.iter().copied());
    interpret(runs, at + 1, cells, out);
    cells.truncate(before);
}
