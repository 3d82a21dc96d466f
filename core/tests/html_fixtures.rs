//! The HTML reader against the real HTML fixtures: tables found with their
//! values, and every number in every block and cell mapped back to exactly
//! its digits in the source.

use nianbao_core::{Block, BlockKind, Document, SourceFormat, Table, TextRun};
use std::path::PathBuf;

/// The corpus folder.
fn corpus() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../snapshots/fixtures/corpus")
}

/// Reads one fixture as an HTML document.
fn read(name: &str) -> Document {
    let path = corpus().join(name);
    let source = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    Document::parse(source, SourceFormat::Html, "utf-8")
}

/// Every HTML fixture in the corpus.
fn html_fixtures() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(corpus())
        .map(|dir| {
            dir.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".html"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// The `n`-th table of a document.
fn table(doc: &Document, n: usize) -> &Table {
    doc.tables()
        .nth(n)
        .unwrap_or_else(|| panic!("no table {n}"))
}

/// The origin cells of the first row of `t` whose first cell is `label`.
fn row<'a>(t: &'a Table, label: &str) -> Vec<&'a str> {
    (0..t.rows.len())
        .map(|r| t.row_origins(r).map(|c| c.as_str()).collect::<Vec<_>>())
        .find(|cells| cells.first() == Some(&label))
        .unwrap_or_else(|| panic!("no row {label}"))
}

/// Checks a fixture's table count and, for table `n`, the origin cells of
/// the row labelled `label`.
#[track_caller]
fn check(name: &str, tables: usize, n: usize, label: &str, expected: &[&str]) {
    let doc = read(name);
    assert_eq!(doc.tables().count(), tables, "{name}");
    assert_eq!(row(table(&doc, n), label), expected, "{name}");
}

#[test]
fn tables_hold_their_values() {
    check(
        "004_shanghai_govoffice_2019.html",
        3,
        1,
        "一、本年新收政府信息公开申请数量",
        &[
            "一、本年新收政府信息公开申请数量",
            "821",
            "35",
            "",
            "",
            "2",
            "1",
            "859",
        ],
    );
    check(
        "004_shanghai_govoffice_2019.html",
        3,
        0,
        "政府集中采购",
        &["政府集中采购", "6", "251000元"],
    );
    check(
        "021_pingtan_2023.html",
        3,
        0,
        "行政规范性文件",
        &["行政规范性文件", "77", "132", "470"],
    );
    check(
        "021_pingtan_2023.html",
        3,
        1,
        "一、本年新收政府信息公开申请数量",
        &[
            "一、本年新收政府信息公开申请数量",
            "80",
            "1",
            "0",
            "0",
            "0",
            "0",
            "81",
        ],
    );
    check(
        "028_pingtan_2022.page.html",
        3,
        0,
        "行政规范性文件",
        &["行政规范性文件", "88", "55", "698"],
    );
    check(
        "028_pingtan_2022.page.html",
        3,
        2,
        "0",
        &[
            "0", "1", "1", "0", "2", "1", "0", "0", "0", "1", "0", "0", "0", "0", "0",
        ],
    );
    check(
        "031_pingtan_2018.page.html",
        1,
        0,
        "主动公开文件数",
        &["主动公开文件数", "条", "2069", "12106"],
    );
}

#[test]
fn grids_are_full_and_spans_cover_merges() {
    let doc = read("004_shanghai_govoffice_2019.html");
    let t = table(&doc, 1);
    assert_eq!((t.rows.len(), t.width()), (26, 10));
    assert!(t.rows.iter().all(|r| r.len() == 10));
    // 三、本年度办理结果 spans 20 rows down the first column.
    let first = t
        .rows
        .get(5)
        .and_then(|r| r.first())
        .map(|c| (c.as_str(), c.rowspan, c.covered));
    assert_eq!(first, Some(("三、本年度办理结果", 20, false)));
    let below = t
        .rows
        .get(24)
        .and_then(|r| r.first())
        .map(|c| (c.as_str(), c.covered));
    assert_eq!(below, Some(("三、本年度办理结果", true)));
    // The 821 cell's text maps to exactly "821" in the source.
    let cell = t
        .row_origins(3)
        .nth(1)
        .map(|c| (c.text.span(), c.span))
        .unwrap_or_default();
    assert_eq!(&doc.source[cell.0.range()], "821");
    assert!(doc.source[cell.1.range()].starts_with("<td"));
    assert!(doc.source[cell.1.range()].ends_with("</td>"));
}

#[test]
fn titles_and_headings() {
    let doc = read("028_pingtan_2022.page.html");
    let first = doc
        .blocks
        .first()
        .and_then(Block::text)
        .map(TextRun::as_str);
    assert_eq!(
        first,
        Some(
            "平潭综合实验区2022年度政府信息公开工作年度报告_政府信息公开年报_平潭综合实验区党工委管委会"
        )
    );
    let headings: Vec<(u8, &str)> = doc
        .headings()
        .map(|(l, t)| (l, t.as_str()))
        .take(3)
        .collect();
    assert_eq!(
        headings,
        [
            (0, "平潭综合实验区2022年度政府信息公开工作年度报告"),
            (1, "一、总体情况"),
            (2, "（一）主动公开方面")
        ]
    );
}

/// Whether every byte-for-byte segment of `run` equals its source bytes.
fn verbatim_holds(source: &str, run: &TextRun) -> bool {
    run.map().segments().iter().all(|g| {
        g.text_len != g.src_len
            || run.as_str().get(g.text_start..g.text_start + g.text_len)
                == source.get(g.src_start..g.src_start + g.src_len)
    })
}

/// Every maximal run of ASCII digits in `run`: (mapped exactly, total).
fn digit_runs(source: &str, run: &TextRun, bad: &mut Vec<String>) -> (usize, usize) {
    let text = run.as_str();
    let bytes = text.as_bytes();
    let (mut ok, mut all) = (0, 0);
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        all += 1;
        let span = run.span_of(start..i);
        if source.get(span.range()) == Some(&text[start..i]) {
            ok += 1;
        } else if bad.len() < 20 {
            bad.push(format!("{:?} at {span:?}", &text[start..i]));
        }
    }
    (ok, all)
}

#[test]
fn every_number_maps_to_its_digits() {
    let names = html_fixtures();
    assert_eq!(names.len(), 4);
    let mut report = Vec::new();
    let (mut ok, mut all) = (0, 0);
    let mut bad = Vec::new();
    for name in &names {
        let doc = read(name);
        let (mut fok, mut fall) = (0, 0);
        let mut tally = |run: &TextRun, bad: &mut Vec<String>| {
            assert!(verbatim_holds(&doc.source, run), "{name}: {run:?}");
            let (a, b) = digit_runs(&doc.source, run, bad);
            fok += a;
            fall += b;
        };
        for block in &doc.blocks {
            assert!(block.span.end <= doc.source.len());
            assert!(doc.source.is_char_boundary(block.span.start));
            assert!(doc.source.is_char_boundary(block.span.end));
            match &block.kind {
                BlockKind::Heading { text, .. } | BlockKind::Paragraph(text) => {
                    tally(text, &mut bad);
                }
                BlockKind::Table(t) => {
                    for cell in t.rows.iter().flatten() {
                        assert!(doc.source.get(cell.span.range()).is_some());
                        tally(&cell.text, &mut bad);
                    }
                }
            }
        }
        assert!(doc.warnings.is_empty(), "{name}: {:?}", doc.warnings);
        report.push(format!("{name}: {fok}/{fall}"));
        ok += fok;
        all += fall;
    }
    assert!(all > 900, "{report:?}");
    assert_eq!(ok, all, "{report:?} {bad:?}");
}
