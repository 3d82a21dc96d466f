//! Adversarial sizes: a 1 GiB file, a million table cells, 10^5-level
//! nesting. Release builds use the full sizes; debug builds (the normal
//! `cargo test --workspace`) scale the cell counts down so CI stays fast.

use nianbao_cli::walk::Input;
use nianbao_cli::{DEFAULT_MAX_BYTES, builtin_registry, convert_bytes, convert_input};
use nianbao_core::Record;
use std::fmt::Write as _;
use std::fs::File;
use std::time::{Duration, Instant};

/// Table cells generated: 10^6 in release, 10^4 in debug.
fn cells() -> usize {
    if cfg!(debug_assertions) {
        10_000
    } else {
        1_000_000
    }
}

/// A generous wall-clock bound for the big inputs (the machine is shared).
const BOUND: Duration = Duration::from_secs(120);

/// Converts `source` as `path`, asserting it finishes within [`BOUND`] with no
/// internal error; returns the record and the time taken.
#[track_caller]
fn convert_timed(what: &str, path: &str, source: &str) -> (Record, Duration) {
    let registry = builtin_registry();
    let t = Instant::now();
    let record = convert_bytes(path, source.as_bytes(), &registry);
    let took = t.elapsed();
    eprintln!("{what}: {} bytes in {} ms", source.len(), took.as_millis());
    assert!(took < BOUND, "{what} took {took:?}");
    if let Some(e) = &record.error {
        assert!(!e.contains("internal error"), "{what}: {e}");
    }
    assert!(
        !record.warnings.iter().any(|w| w.contains("panicked")),
        "{what}: {:?}",
        record.warnings
    );
    (record, took)
}

#[test]
fn one_gib_file_is_refused_without_loading() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("huge.html");
    let file = File::create(&path).expect("create");
    file.set_len(1 << 30).expect("sparse 1 GiB");
    drop(file);
    let registry = builtin_registry();
    let t = Instant::now();
    let record = convert_input(&Input::file(path), &registry, DEFAULT_MAX_BYTES);
    let took = t.elapsed();
    eprintln!("1 GiB sparse file refused in {} µs", took.as_micros());
    assert!(took < Duration::from_secs(2), "took {took:?}");
    let error = record.error.expect("an error record");
    assert!(error.contains("too large"), "{error}");
    assert!(error.contains("1073741824"), "{error}");
    assert_eq!(record.source.bytes, 1 << 30);
    assert!(record.facts.is_empty());
}

#[test]
fn million_html_table_cells() {
    let n = cells();
    let cols = 10;
    let mut s = String::from("<html><body><h1>2021年政府信息公开工作年度报告</h1><table>");
    for r in 0..n / cols {
        s.push_str("<tr>");
        for c in 0..cols {
            let _ = write!(s, "<td>{}</td>", (r * 7 + c) % 1000);
        }
        s.push_str("</tr>");
    }
    s.push_str("</table></body></html>");
    convert_timed("html cells", "big.html", &s);
}

#[test]
fn million_html_cells_in_one_row_with_merges() {
    // A single wide row of merged cells: the grid must not explode.
    let n = cells();
    let mut s = String::from("<table><tr>");
    for i in 0..n {
        let _ = write!(
            s,
            "<td colspan=\"{}\" rowspan=\"{}\">{i}</td>",
            1 + i % 3,
            1 + i % 2
        );
    }
    s.push_str("</tr><tr><td rowspan=\"65534\" colspan=\"1000\">1</td></tr></table>");
    convert_timed("html wide row", "wide.html", &s);
}

#[test]
fn million_text_table_cells() {
    let n = cells();
    let mut piped =
        String::from("2021年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n");
    let mut tabbed = piped.clone();
    let mut per_line = piped.clone();
    for r in 0..n / 10 {
        for c in 0..10 {
            let v = (r * 7 + c) % 1000;
            let _ = write!(piped, "{v} |");
            let _ = write!(tabbed, "{v}\t");
            let _ = writeln!(per_line, "{v} |");
        }
        piped.push('\n');
        tabbed.push('\n');
        per_line.push_str("| |\n");
    }
    convert_timed("text cells, pipes", "big.txt", &piped);
    convert_timed("text cells, tabs", "big.txt", &tabbed);
    convert_timed("text cells, one per line", "big.txt", &per_line);
}

#[test]
fn deep_html_nesting() {
    // Nested tables cost the most; debug builds nest them 2·10^4 deep.
    let tables = if cfg!(debug_assertions) {
        20_000
    } else {
        100_000
    };
    for (what, depth, open, close) in [
        ("nested divs", 100_000, "<div>", "</div>"),
        (
            "nested tables",
            tables,
            "<table><tr><td>",
            "</td></tr></table>",
        ),
        ("unclosed fonts", 100_000, "<font>", ""),
    ] {
        let mut s = String::with_capacity(depth * (open.len() + close.len()) + 64);
        for _ in 0..depth {
            s.push_str(open);
        }
        s.push_str("<table><tr><td>本年新收政府信息公开申请数量</td><td>12</td></tr></table>");
        for _ in 0..depth {
            s.push_str(close);
        }
        convert_timed(what, "deep.html", &s);
    }
}
