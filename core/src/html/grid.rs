//! Lays table cells out on a grid the way browsers do: each cell takes the
//! first free column of its row, spans its rows and columns, and leaves
//! covered copies of itself in every position it spans.

use crate::document::Cell;
use crate::span::{Span, TextRun};

/// Most columns a cell may span (as browsers clamp `colspan`).
const MAX_COLSPAN: u32 = 1000;
/// Most rows a cell may span (as browsers clamp `rowspan`).
const MAX_ROWSPAN: u32 = 65534;

/// A cell as written, before layout.
#[derive(Clone, Debug)]
pub(crate) struct SourceCell {
    /// The cell text.
    pub text: TextRun,
    /// Where the cell stands in the source.
    pub span: Span,
    /// `rowspan` as written: `None` when absent or invalid, `Some(0)` for
    /// "to the end of the row group".
    pub rowspan: Option<u32>,
    /// `colspan` as written (`None` when absent or invalid).
    pub colspan: Option<u32>,
}

/// A row as written.
#[derive(Clone, Debug, Default)]
pub(crate) struct SourceRow {
    /// Which row group (`thead`, `tbody`, `tfoot`) the row belongs to.
    pub group: usize,
    /// Its cells in order.
    pub cells: Vec<SourceCell>,
}

/// Parses a `rowspan` or `colspan` value as a non-negative integer the way
/// HTML does: leading white space, an optional `+`, digits, anything after
/// them ignored. `None` when there are no digits.
pub(crate) fn parse_span(value: &str) -> Option<u32> {
    let v = value.trim_start_matches(|c: char| c.is_ascii_whitespace());
    let v = v.strip_prefix('+').unwrap_or(v);
    let digits = v.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    Some(v.bytes().take(digits).fold(0u32, |n, d| {
        n.saturating_mul(10).saturating_add(u32::from(d - b'0'))
    }))
}

/// Lays `rows` out on a grid of at most `limit` positions. Returns the rows
/// (each padded to the grid width with blank cells) and whether the table
/// had to be cut short.
pub(crate) fn layout(mut rows: Vec<SourceRow>, limit: usize) -> (Vec<Vec<Cell>>, bool) {
    // The widest row as written bounds the grid width from below: keep no
    // more rows than the limit allows at that width.
    let widest = rows
        .iter()
        .map(|r| {
            r.cells
                .iter()
                .map(|c| c.colspan.unwrap_or(1).clamp(1, MAX_COLSPAN) as usize)
                .sum::<usize>()
        })
        .max()
        .unwrap_or(0);
    let mut cut = false;
    if widest > 0 && rows.len() > limit / widest {
        rows.truncate((limit / widest).max(1));
        cut = true;
    }
    let n = rows.len();
    // Where each row's group ends: spans never reach past it.
    let mut group_end = vec![n; n];
    let mut end = n;
    for r in (0..n).rev() {
        if r + 1 < n && rows.get(r + 1).map(|x| x.group) != rows.get(r).map(|x| x.group) {
            end = r + 1;
        }
        if let Some(g) = group_end.get_mut(r) {
            *g = end;
        }
    }
    let mut grid: Vec<Vec<Option<Cell>>> = (0..n).map(|_| Vec::new()).collect();
    let mut used = 0usize;
    // Positions visited while placing (overlaps included), bounded as well.
    let mut visited = 0usize;
    'rows: for (r, row) in rows.into_iter().enumerate() {
        let mut col = 0usize;
        let last = group_end.get(r).copied().unwrap_or(n);
        for cell in row.cells {
            while grid
                .get(r)
                .and_then(|g| g.get(col))
                .is_some_and(Option::is_some)
            {
                col += 1;
            }
            let colspan = cell.colspan.unwrap_or(1).clamp(1, MAX_COLSPAN) as usize;
            let rowspan = match cell.rowspan.unwrap_or(1) {
                0 => last - r,
                k => (k.min(MAX_ROWSPAN) as usize).min(last - r),
            }
            .max(1);
            // Room needed beyond what the rows already hold.
            let need: usize = grid
                .get(r..r + rowspan)
                .unwrap_or_default()
                .iter()
                .map(|g| (col + colspan).saturating_sub(g.len()))
                .sum();
            visited = visited.saturating_add(rowspan.saturating_mul(colspan));
            if used.saturating_add(need) > limit || visited > limit.saturating_mul(8) {
                cut = true;
                break 'rows;
            }
            used += need;
            let origin = Cell {
                text: cell.text,
                span: cell.span,
                rowspan: rowspan as u32,
                colspan: colspan as u32,
                covered: false,
            };
            for (dr, g) in grid.iter_mut().skip(r).take(rowspan).enumerate() {
                if g.len() < col + colspan {
                    g.resize_with(col + colspan, || None);
                }
                for (dc, slot) in g.iter_mut().skip(col).take(colspan).enumerate() {
                    // Overlapping cells (a table model error) keep the
                    // first occupant.
                    if slot.is_none() && (dr, dc) != (0, 0) {
                        *slot = Some(Cell {
                            covered: true,
                            ..origin.clone()
                        });
                    }
                }
            }
            if let Some(slot) = grid.get_mut(r).and_then(|g| g.get_mut(col)) {
                *slot = Some(origin);
            }
            col += colspan;
        }
    }
    let width = grid.iter().map(Vec::len).max().unwrap_or(0);
    let keep = limit
        .checked_div(width)
        .map_or(grid.len(), |k| grid.len().min(k));
    if keep < grid.len() {
        cut = true;
        grid.truncate(keep);
    }
    let rows = grid
        .into_iter()
        .map(|g| {
            let mut at = 0;
            let mut out: Vec<Cell> = g
                .into_iter()
                .map(|slot| match slot {
                    Some(c) => {
                        at = c.span.end;
                        c
                    }
                    None => blank(at),
                })
                .collect();
            out.resize_with(width, || blank(at));
            out
        })
        .collect();
    (rows, cut)
}

/// A position no cell occupies.
fn blank(at: usize) -> Cell {
    Cell::new(TextRun::new(), Span::new(at, at))
}

/// A grid row as text for tests: cells joined by `|`, covered positions
/// marked with `^`.
#[cfg(test)]
pub(crate) fn render_row(row: &[Cell]) -> String {
    row.iter()
        .map(|c| {
            let mark = if c.covered { "^" } else { "" };
            format!("{mark}{}", c.text.as_str())
        })
        .collect::<Vec<_>>()
        .join("|")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A row of cells written as `text`, `text/r2`, `text/c3`, `text/r0c2`
    /// (rowspan and colspan as written).
    fn row(group: usize, cells: &[&str]) -> SourceRow {
        SourceRow {
            group,
            cells: cells
                .iter()
                .map(|c| {
                    let (text, spans) = c.split_once('/').unwrap_or((c, ""));
                    let r = spans.find('r').map(|i| &spans[i + 1..]);
                    let c_ = spans.find('c').map(|i| &spans[i + 1..]);
                    SourceCell {
                        text: TextRun::verbatim(text, 0),
                        span: Span::default(),
                        rowspan: r.and_then(parse_span),
                        colspan: c_.and_then(parse_span),
                    }
                })
                .collect(),
        }
    }

    /// Checks the grid as text, covered positions marked with `^`, and
    /// whether it was cut.
    #[track_caller]
    fn check(rows: Vec<SourceRow>, limit: usize, expected: &[&str], cut: bool) {
        let (grid, was_cut) = layout(rows, limit);
        let got: Vec<String> = grid.iter().map(|r| render_row(r)).collect();
        assert_eq!(got, expected);
        assert_eq!(was_cut, cut);
    }

    #[test]
    fn spans() {
        check(
            vec![row(0, &["A/r2", "B/c2"]), row(0, &["C", "D"])],
            100,
            &["A|B|^B", "^A|C|D"],
            false,
        );
        // A cell under a rowspan never shifts left.
        check(
            vec![row(0, &["a", "b/r2", "c"]), row(0, &["d", "e"])],
            100,
            &["a|b|c", "d|^b|e"],
            false,
        );
        // rowspan 0 and huge stop at the last row of the group.
        check(
            vec![
                row(0, &["h/r0", "x"]),
                row(1, &["a/r999999", "1"]),
                row(1, &["2"]),
            ],
            100,
            &["h|x", "a|1", "^a|2"],
            false,
        );
        // colspan 0 and garbage mean 1; ragged rows are padded.
        check(
            vec![row(0, &["a/c0", "b/cx", "c/c 2px"]), row(0, &["d"])],
            100,
            &["a|b|c|^c", "d|||"],
            false,
        );
        // The size bound cuts the table short.
        check(
            vec![row(0, &["a", "b/c5"]), row(0, &["c"])],
            4,
            &["a"],
            true,
        );
        check(
            vec![row(0, &["a/r0c2"]), row(0, &["b"]), row(0, &["c"])],
            4,
            &["a|^a", "^a|^a"],
            true,
        );
    }

    #[test]
    fn span_values() {
        assert_eq!(parse_span(" +12abc"), Some(12));
        assert_eq!(parse_span("abc"), None);
        assert_eq!(parse_span("99999999999999"), Some(u32::MAX));
    }
}
