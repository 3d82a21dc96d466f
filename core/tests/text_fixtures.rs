//! The plain-text reader on the real fixtures: the tables each text form
//! yields, and exact spans for every number in every block.

use nianbao_core::{Block, BlockKind, Document, SourceFormat, Table, TableForm, TextRun};
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../snapshots/fixtures")
}

fn read(rel: &str) -> Document {
    let path = fixtures().join(rel);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    Document::parse(text, SourceFormat::Text, "utf-8")
}

fn tables(doc: &Document) -> Vec<&Table> {
    doc.tables().collect()
}

/// The rows of a table as trimmed cell texts.
fn rows(t: &Table) -> Vec<Vec<&str>> {
    t.rows
        .iter()
        .map(|r| r.iter().map(|c| c.as_str()).collect())
        .collect()
}

#[track_caller]
fn check_row(t: &Table, row: &[&str]) {
    assert!(
        rows(t).iter().any(|r| r == row),
        "row {row:?} missing from {:#?}",
        rows(t)
    );
}

#[test]
fn seed_cell_per_line_tables() {
    let doc = read("seeds/003_0c18debd51cd50fa.txt");
    let ts = tables(&doc);
    assert_eq!(ts.len(), 3);
    assert!(ts.iter().all(|t| t.form == TableForm::CellPerLine));
    let (t2, t3, t4) = (ts[0], ts[1], ts[2]);

    // Table 二: five blocks, each a header row and its data rows.
    assert_eq!(t2.rows.len(), 13);
    check_row(
        t2,
        &[
            "信息内容",
            "本年新 制作数量",
            "本年新 公开数量",
            "对外公开总数量",
        ],
    );
    check_row(t2, &["行政许可", "7", "-3", "7"]);
    check_row(t2, &["行政事业性收费", "0", "0"]);
    // The last row ends without a closing `| |`.
    assert_eq!(rows(t2).last(), Some(&vec!["政府集中采购", "0", "0"]));

    // Table 三: header rows, then one row per template row.
    assert_eq!(t3.rows.len(), 26);
    check_row(
        t3,
        &[
            "一、本年新收政府信息公开申请数量",
            "0",
            "0",
            "0",
            "0",
            "0",
            "0",
            "0",
        ],
    );
    check_row(
        t3,
        &[
            "三、本年度办理结果",
            "(一)予以公开",
            "0",
            "0",
            "0",
            "0",
            "0",
            "0",
            "0",
        ],
    );
    check_row(t3, &["自然人", "法人或其他组织", "总计"]);
    assert_eq!(
        rows(t3).last(),
        Some(&vec![
            "四、结转下年度继续办理",
            "0",
            "0",
            "0",
            "0",
            "0",
            "0",
            "0"
        ])
    );

    // Table 四: three header rows and fifteen values.
    assert_eq!(t4.rows.len(), 4);
    assert_eq!(t4.rows.last().map(Vec::len), Some(15));

    // The section headings stay headings between the tables.
    let headings: Vec<&str> = doc
        .headings()
        .filter(|(level, _)| *level == 1)
        .map(|(_, t)| t.as_str())
        .collect();
    assert_eq!(
        headings,
        [
            "一、总体情况",
            "二、主动公开政府信息情况",
            "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况",
            "五、存在的主要问题及改进情况",
            "六、其他需要报告的事项"
        ]
    );
}

#[test]
fn layout_aligned_tables() {
    let doc = read("corpus/002_hongze_district_2023.layout.txt");
    let ts = tables(&doc);
    assert_eq!(ts.len(), 3);
    assert!(ts.iter().all(|t| t.form == TableForm::Aligned));
    let (t2, t3, t4) = (ts[0], ts[1], ts[2]);

    check_row(
        t2,
        &["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
    );
    check_row(t2, &["行政规范性文件", "0", "5", "5"]);
    check_row(t2, &["行政许可", "550"]);
    check_row(t2, &["行政处罚", "4119"]);
    check_row(t2, &["行政事业性收费", "7730.28"]);

    check_row(
        t3,
        &[
            "一、本年新收政府信息公开申请数量",
            "21",
            "0",
            "0",
            "0",
            "0",
            "0",
            "21",
        ],
    );
    check_row(
        t3,
        &[
            "二、上年结转政府信息公开申请数量",
            "0",
            "0",
            "0",
            "0",
            "0",
            "0",
            "0",
        ],
    );
    // A label wrapped over two lines, its values on a third.
    check_row(
        t3,
        &[
            "（二）部分公开（区分处理的，只计这一情 形，不计其他情形）",
            "4",
            "0",
            "0",
            "0",
            "0",
            "0",
            "4",
        ],
    );
    check_row(
        t3,
        &[
            "1.本机关不掌握相关政府信息",
            "10",
            "0",
            "0",
            "0",
            "0",
            "0",
            "10",
        ],
    );
    check_row(t3, &["（七）总计", "21", "0", "0", "0", "0", "0", "21"]);
    // Rows after the page break (-3-) stay in the same table.
    check_row(
        t3,
        &["1.信访举报投诉类申请", "1", "0", "0", "0", "0", "0", "1"],
    );
    assert_eq!(
        rows(t3).last(),
        Some(&vec![
            "四、结转下年度继续办理",
            "0",
            "0",
            "0",
            "0",
            "0",
            "0",
            "0"
        ])
    );
    assert_eq!(rows(t3).first(), Some(&vec!["申请人情况"]));

    let last = rows(t4).last().cloned().unwrap_or_default();
    assert_eq!(last.len(), 15);
    assert_eq!(last.first(), Some(&"10"));
    assert_eq!(last.get(10), Some(&"5"));
}

#[test]
fn plain_pdftotext_tables() {
    let doc = read("corpus/002_hongze_district_2023.txt");
    let ts = tables(&doc);
    assert_eq!(ts.len(), 3);
    assert!(
        ts.iter()
            .all(|t| t.form == TableForm::Plain && t.width() == 1)
    );
    let cells = |t: &Table| -> Vec<String> {
        t.rows
            .iter()
            .map(|r| {
                r.first()
                    .map(|c| c.as_str().to_string())
                    .unwrap_or_default()
            })
            .collect()
    };
    let t2 = cells(ts[0]);
    assert_eq!(
        t2.get(..13),
        Some(
            &[
                "第二十条第（一）项",
                "信息内容",
                "本年制发件数",
                "本年废止件数",
                "现行有效件数",
                "规章",
                "0",
                "0",
                "0",
                "行政规范性文件",
                "0",
                "5",
                "5"
            ]
            .map(String::from)[..]
        )
    );
    assert_eq!(t2.last().map(String::as_str), Some("行政事业性收费"));
    let t3 = cells(ts[1]);
    assert_eq!(t3.first().map(String::as_str), Some("申请人情况"));
    let at = t3.iter().position(|c| c == "总计").unwrap_or(0);
    assert_eq!(
        t3.get(at + 1..at + 8),
        Some(&["21", "0", "0", "0", "0", "0", "21"].map(String::from)[..])
    );
    assert_eq!(t3.last().map(String::as_str), Some("（六）其他处理"));
    let t4 = cells(ts[2]);
    assert_eq!(t4.first().map(String::as_str), Some("行政复议"));
    assert!(t4.iter().any(|c| c == "10"));

    // Prose around the tables joins across wraps and page numbers.
    let text: Vec<&str> = doc.texts().map(TextRun::as_str).collect();
    assert!(
        text.iter()
            .any(|t| t.contains("我区在政府网站平台主动公开政府信息 1136 条。"))
    );
    assert!(
        text.iter()
            .any(|t| t.contains("严格执行“分级审核、先审后发”程序"))
    );
    assert!(
        text.iter()
            .any(|t| t.contains("电 子 邮 箱 ：hzzwgk@126.com）。"))
    );
    assert_eq!(
        doc.headings()
            .find(|(level, _)| *level == 0)
            .map(|(_, t)| t.as_str()),
        Some("洪泽区人民政府2023 年政府信息公开工作年度报告")
    );
}

#[test]
fn run_together_crawler_text() {
    for name in [
        "008_pingtan_2022",
        "009_pingtan_2018",
        "013_pingtan_2023",
        "017_pingtan_2012",
    ] {
        let doc = read(&format!("corpus/{name}.txt"));
        assert_eq!(tables(&doc).len(), 0, "{name}");
        let title = doc
            .headings()
            .find(|(level, _)| *level == 0)
            .map(|(_, t)| t.as_str());
        assert!(
            title.is_some_and(|t| t.starts_with("平潭综合实验区") && t.ends_with("年度报告")),
            "{name}: {title:?}"
        );
    }
    let doc = read("corpus/013_pingtan_2023.txt");
    assert!(
        doc.texts()
            .any(|t| t.as_str().contains("规章000行政规范性文件77132470"))
    );
}

/// Every run of ASCII digits in every block maps back to the same digits.
#[track_caller]
fn check_digits(doc: &Document, name: &str) {
    let mut runs: Vec<&TextRun> = Vec::new();
    for Block { kind, .. } in &doc.blocks {
        match kind {
            BlockKind::Heading { text, .. } | BlockKind::Paragraph(text) => runs.push(text),
            BlockKind::Table(t) => runs.extend(t.rows.iter().flatten().map(|c| &c.text)),
        }
    }
    let mut numbers = 0;
    for run in runs {
        let s = run.as_str();
        let b = s.as_bytes();
        let mut k = 0;
        while k < b.len() {
            if !b[k].is_ascii_digit() {
                k += 1;
                continue;
            }
            let start = k;
            while k < b.len() && b[k].is_ascii_digit() {
                k += 1;
            }
            let span = run.span_of(start..k);
            assert_eq!(
                doc.source.get(span.range()),
                Some(&s[start..k]),
                "{name}: {:?} in {:?}",
                &s[start..k],
                s
            );
            numbers += 1;
        }
    }
    assert!(numbers > 0, "{name}");
}

#[test]
fn every_number_maps_back() {
    for sub in ["seeds", "corpus"] {
        let dir = fixtures().join(sub);
        let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{dir:?}: {e}"))
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        entries.sort();
        assert!(!entries.is_empty());
        for path in entries {
            let name = path.display().to_string();
            let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
            let doc = Document::parse(text, SourceFormat::Text, "utf-8");
            check_digits(&doc, &name);
        }
    }
}
