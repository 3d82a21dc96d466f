//! End-to-end tests of the `nianbao` binary on bad input, output formats,
//! atomic output and exit codes. Each bad input is followed by a good
//! document, to show that the batch goes on.
//!
//! These tests do not depend on extraction quality: a "good" document only
//! has to yield a record without `error`.

#![allow(clippy::unwrap_used)]

use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// A short, well-formed document placed after each bad one.
const GOOD: &str = "某市人民政府2022年政府信息公开工作年度报告\n\
                    一、总体情况\n\
                    2022年，本机关主动公开政府信息120条。\n";

/// What a run printed and how it ended.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
    elapsed: Duration,
}

impl Run {
    /// The JSON lines of stdout.
    fn records(&self) -> Vec<Value> {
        self.stdout
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
            .collect()
    }
}

fn nianbao<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Run {
    let start = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(args)
        .env_remove("NIANBAO_LOG")
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
        elapsed: start.elapsed(),
    }
}

fn convert(paths: &[&Path]) -> Run {
    let mut args = vec![PathBuf::from("convert")];
    args.extend(paths.iter().map(|p| p.to_path_buf()));
    nianbao(&args)
}

fn path_of(record: &Value) -> &str {
    record["source"]["path"].as_str().unwrap()
}

fn error_of(record: &Value) -> Option<&str> {
    record.get("error").and_then(Value::as_str)
}

/// Writes `bad` as `a_<name>` and a good document as `z_good.txt` into a
/// fresh directory, converts the directory, and checks: one record per
/// input in path order, the good record clean, the exit code following the
/// bad record's error. Hands the bad record to `expect`.
#[track_caller]
fn check(name: &str, bad: &[u8], expect: impl FnOnce(&Value)) {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join(format!("a_{name}")), bad).unwrap();
    fs::write(dir.path().join("z_good.txt"), GOOD).unwrap();
    let run = convert(&[dir.path()]);
    let records = run.records();
    assert_eq!(records.len(), 2, "{}", run.stderr);
    assert!(path_of(&records[0]).ends_with(&format!("/a_{name}")));
    assert!(path_of(&records[1]).ends_with("/z_good.txt"));
    assert_eq!(error_of(&records[1]), None);
    let expected_code = if error_of(&records[0]).is_some() {
        1
    } else {
        0
    };
    assert_eq!(run.code, expected_code, "{}", run.stderr);
    assert!(
        run.stderr.contains("nianbao: 2 documents"),
        "{}",
        run.stderr
    );
    assert!(
        run.elapsed < Duration::from_secs(60),
        "took {:?}",
        run.elapsed
    );
    expect(&records[0]);
}

fn has_error(containing: &'static str) -> impl FnOnce(&Value) {
    move |r| {
        let error = error_of(r).unwrap_or_else(|| panic!("no error in {r}"));
        assert!(error.contains(containing), "{error}");
        assert_eq!(r["template"], "unknown");
    }
}

fn clean(r: &Value) {
    assert_eq!(error_of(r), None, "{r}");
    assert!(r["schema"] == "nianbao/1" && r["source"]["sha256"].as_str().unwrap().len() == 64);
}

/// Deterministic pseudo-random bytes.
fn noise(n: usize) -> Vec<u8> {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

#[test]
fn empty_file() {
    check("empty.txt", b"", has_error("empty file"));
}

#[test]
fn random_bytes() {
    check("random", &noise(4096), has_error("binary"));
}

#[test]
fn invalid_utf8_not_gbk() {
    // 0xFF never occurs in UTF-8 nor in GBK/GB18030.
    let bytes = b"report \x80\x80 text \xff\xfe\xfd more \xff\x30 end\n";
    check("invalid.txt", bytes, |r| {
        let encoding = r["source"]["encoding"].as_str().unwrap_or("");
        assert!(
            error_of(r).is_some() || !["utf-8", "gb18030", "gbk"].contains(&encoding),
            "{r}"
        );
        assert_eq!(r["template"], "unknown");
    });
}

#[test]
fn truncated_html() {
    let html = "<html><head><meta charset=\"utf-8\"><title>某局2022年政府信息公开工作年度报告</title>\
                </head><body><p>一、总体情况</p><table><tr><td>本年新收政府信息公开申请数量</td><td>1";
    check("truncated.html", html.as_bytes(), clean);
}

#[test]
fn deeply_nested_divs() {
    let html = format!(
        "<html><body>{}政府信息公开{}</body></html>",
        "<div>".repeat(50_000),
        "</div>".repeat(50_000)
    );
    check("nested.html", html.as_bytes(), clean);
}

#[test]
fn huge_rowspan() {
    let html = "<html><body><table>\
                <tr><td rowspan=\"999999\" colspan=\"999999\">项目</td><td>1</td></tr>\
                <tr><td rowspan=\"999999\">2</td></tr>\
                </table></body></html>";
    check("rowspan.html", html.as_bytes(), clean);
}

#[test]
fn file_over_the_size_cap() {
    let dir = tempfile::tempdir().unwrap();
    let huge = dir.path().join("a_huge.txt");
    // A sparse 100 MB file: cheap to make, and nianbao must not read it.
    fs::File::create(&huge)
        .unwrap()
        .set_len(100 * 1024 * 1024)
        .unwrap();
    fs::write(dir.path().join("z_good.txt"), GOOD).unwrap();
    let run = convert(&[dir.path()]);
    let records = run.records();
    assert_eq!(records.len(), 2);
    assert_eq!(
        error_of(&records[0]),
        Some("file too large: 104857600 bytes exceeds the 33554432-byte limit")
    );
    assert_eq!(records[0]["source"]["bytes"], 104857600);
    assert_eq!(error_of(&records[1]), None);
    assert_eq!(run.code, 1);
    assert!(run.elapsed < Duration::from_secs(10), "{:?}", run.elapsed);

    // A lower cap applies to ordinary files too.
    let run = nianbao(&[
        "convert".as_ref(),
        "--max-bytes".as_ref(),
        "10".as_ref(),
        dir.path().join("z_good.txt").as_os_str(),
    ]);
    let records = run.records();
    assert_eq!(records.len(), 1);
    assert!(error_of(&records[0]).unwrap().starts_with("file too large"));
}

#[test]
fn nonexistent_path() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.txt");
    let good = dir.path().join("good.txt");
    fs::write(&good, GOOD).unwrap();
    let run = convert(&[&missing, &good]);
    let records = run.records();
    assert_eq!(records.len(), 2);
    assert!(path_of(&records[0]).ends_with("missing.txt"));
    assert!(
        error_of(&records[0])
            .unwrap()
            .starts_with("cannot read file")
    );
    assert_eq!(error_of(&records[1]), None);
    assert_eq!(run.code, 1);
}

#[cfg(unix)]
#[test]
fn unreadable_directory_and_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let locked = dir.path().join("a_locked");
    fs::create_dir(&locked).unwrap();
    fs::write(locked.join("inside.txt"), GOOD).unwrap();
    let locked_file = dir.path().join("b_locked.txt");
    fs::write(&locked_file, GOOD).unwrap();
    fs::write(dir.path().join("z_good.txt"), GOOD).unwrap();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    fs::set_permissions(&locked_file, fs::Permissions::from_mode(0o000)).unwrap();
    let defeated = fs::read_dir(&locked).is_ok() || fs::read(&locked_file).is_ok();
    let run = convert(&[dir.path()]);
    // Let the temporary directory be removed.
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).unwrap();
    if defeated {
        // Permissions do not bind this user (root): nothing to test.
        eprintln!("skipped: running with permissions that ignore chmod 000");
        return;
    }
    let records = run.records();
    assert_eq!(records.len(), 3);
    assert!(path_of(&records[0]).ends_with("a_locked"));
    assert!(
        error_of(&records[0])
            .unwrap()
            .starts_with("cannot read directory")
    );
    assert!(path_of(&records[1]).ends_with("b_locked.txt"));
    assert!(
        error_of(&records[1])
            .unwrap()
            .starts_with("cannot read file")
    );
    assert_eq!(error_of(&records[2]), None);
    assert_eq!(run.code, 1);
}

#[test]
fn news_page_is_unknown() {
    let html = "<html><head><title>本市今日迎来降雨天气</title></head><body>\
                <h1>本市今日迎来降雨天气</h1>\
                <p>记者从市气象台获悉，受冷空气影响，今天白天到夜里本市有中到大雨，气温下降5至7摄氏度。</p>\
                <p>气象部门提醒市民出行注意安全，携带雨具。</p></body></html>";
    check("news.html", html.as_bytes(), |r| {
        clean(r);
        assert_eq!(r["template"], "unknown");
    });
}

#[test]
fn extensions_in_directories_and_named_files() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.pdf"), GOOD).unwrap();
    fs::write(dir.path().join("b.txt"), GOOD).unwrap();
    let run = convert(&[dir.path()]);
    assert_eq!(run.records().len(), 1);
    assert!(run.stderr.contains("a.pdf"), "{}", run.stderr);
    // A named file is read whatever its extension.
    let run = convert(&[&dir.path().join("a.pdf")]);
    assert_eq!(run.records().len(), 1);
    assert_eq!(run.code, 0);
}

#[test]
fn jsonl_has_one_line_per_document() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["c.txt", "a.txt", "b/d.md"] {
        let p = dir.path().join(name);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, GOOD).unwrap();
    }
    fs::write(dir.path().join("e.txt"), "").unwrap();
    let run = nianbao(&[
        "convert".as_ref(),
        dir.path().as_os_str(),
        "--format".as_ref(),
        "jsonl".as_ref(),
        "--jobs".as_ref(),
        "2".as_ref(),
    ]);
    assert_eq!(run.stdout.lines().count(), 4);
    let paths: Vec<String> = run
        .records()
        .iter()
        .map(|r| path_of(r).rsplit('/').next().unwrap().to_string())
        .collect();
    assert_eq!(paths, ["a.txt", "d.md", "c.txt", "e.txt"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("nianbao: 4 documents"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.ends_with("1 error\n"), "{}", run.stderr);
}

#[test]
fn json_is_one_array() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.txt"), GOOD).unwrap();
    fs::write(dir.path().join("b.txt"), GOOD).unwrap();
    let run = nianbao(&[
        "convert".as_ref(),
        dir.path().as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
    ]);
    let array: Vec<Value> = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(array.len(), 2);
    assert_eq!(run.code, 0);
}

#[test]
fn csv_long_form_and_quoting() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a,b \"q\".txt"), GOOD).unwrap();
    fs::write(dir.path().join("empty.txt"), "").unwrap();
    let run = nianbao(&[
        "convert".as_ref(),
        dir.path().as_os_str(),
        "--format".as_ref(),
        "csv".as_ref(),
    ]);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines[0], "path,key,value");
    let root = dir.path().to_string_lossy();
    let quoted = format!("\"{root}/a,b \"\"q\"\".txt\",");
    let good: Vec<&&str> = lines.iter().filter(|l| l.starts_with(&quoted)).collect();
    assert!(good.first().unwrap()[quoted.len()..].starts_with("template,"));
    // Every row belongs to one of the two documents: nothing else leaks in.
    let empty = format!("{root}/empty.txt,");
    assert!(
        lines[1..]
            .iter()
            .all(|l| l.starts_with(&quoted) || l.starts_with(&empty))
    );
    assert_eq!(
        lines.last().copied(),
        Some(format!("{root}/empty.txt,error,empty file").as_str())
    );
    assert_eq!(run.code, 1);
}

#[test]
fn csv_wide_keeps_failed_documents() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.txt"), GOOD).unwrap();
    fs::write(dir.path().join("empty.txt"), "").unwrap();
    let run = nianbao(&[
        "convert".as_ref(),
        dir.path().as_os_str(),
        "--format".as_ref(),
        "csv-wide".as_ref(),
    ]);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 3);
    let header: Vec<&str> = lines[0].split(',').collect();
    assert_eq!(
        header[..7],
        [
            "path",
            "template",
            "error",
            "meta.title",
            "meta.agency",
            "meta.year",
            "meta.published"
        ]
    );
    let root = dir.path().to_string_lossy();
    let empty: Vec<&str> = lines[2].split(',').collect();
    assert_eq!(
        empty[..3],
        [&format!("{root}/empty.txt"), "unknown", "empty file"]
    );
    assert_eq!(empty.len(), header.len());
    assert!(empty[3..].iter().all(|c| c.is_empty()));
    assert_eq!(run.code, 1);
}

/// Files in a directory, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn output_file_is_written_atomically() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.txt");
    fs::write(&input, GOOD).unwrap();
    let out_dir = dir.path().join("out");
    fs::create_dir(&out_dir).unwrap();
    let out = out_dir.join("records.jsonl");

    let run = nianbao(&[
        "convert".as_ref(),
        input.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "");
    assert_eq!(listing(&out_dir), ["records.jsonl"]);
    assert_eq!(fs::read_to_string(&out).unwrap().lines().count(), 1);

    // A target in a missing directory: exit 2, and no file appears.
    let missing = out_dir.join("no/such/dir/records.jsonl");
    let run = nianbao(&[
        "convert".as_ref(),
        input.as_os_str(),
        "-o".as_ref(),
        missing.as_os_str(),
    ]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("cannot write"), "{}", run.stderr);
    assert!(!missing.exists());

    // A target that cannot be replaced (a directory): exit 2, and no
    // temporary file is left behind.
    let blocked = out_dir.join("blocked");
    fs::create_dir(&blocked).unwrap();
    let run = nianbao(&[
        "convert".as_ref(),
        input.as_os_str(),
        "-o".as_ref(),
        blocked.as_os_str(),
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(listing(&out_dir), ["blocked", "records.jsonl"]);
    assert!(listing(&blocked).is_empty());
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["convert", "x.txt", "--format", "xml"][..],
        &["convert", "--bogus", "x.txt"],
        &["convert"],
        &["convert", "--jobs", "0", "x.txt"],
        &["eval", "x.txt"],
        &["frobnicate"],
        &[],
    ] {
        let run = nianbao(args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert_eq!(run.stdout, "", "{args:?}");
    }
}

#[test]
fn detect_prints_a_table() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.txt"), GOOD).unwrap();
    fs::write(dir.path().join("b.txt"), "").unwrap();
    let run = nianbao(&["detect".as_ref(), dir.path().as_os_str()]);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 2);
    assert!(lines[0].contains("free-form=") && lines[0].contains("standard-2021="));
    let columns: Vec<&str> = lines[1].split_whitespace().collect();
    assert_eq!(columns[1..], ["error", "empty", "file"]);
    assert_eq!(run.code, 1);
}

#[test]
fn eval_reports_metrics() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    let gold = dir.path().join("gold");
    fs::create_dir(&docs).unwrap();
    fs::create_dir(&gold).unwrap();
    fs::write(docs.join("a.report.txt"), GOOD).unwrap();
    fs::write(docs.join("b.txt"), GOOD).unwrap();
    fs::write(
        gold.join("a.report.gold.json"),
        r#"{"template": "free-form",
            "meta": {"agency": ["某市人民政府"], "year": 2022, "published": null},
            "facts": {"n.active.total": 120, "t3.granted.total": 3},
            "families": ["t2.", "t3.", "t4.", "n."], "ambiguous": []}"#,
    )
    .unwrap();
    let args = |extra: &[&str]| {
        let mut a: Vec<&std::ffi::OsStr> = vec![
            "eval".as_ref(),
            "--gold".as_ref(),
            gold.as_os_str(),
            docs.as_os_str(),
        ];
        a.extend(extra.iter().map(std::ffi::OsStr::new));
        nianbao(&a)
    };
    let run = args(&["--json", "-v"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let m: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(m["documents"]["with_gold"], 1);
    assert_eq!(m["documents"]["without_gold"], 1);
    assert_eq!(m["tables"]["t3."]["gold"], 1);
    assert_eq!(m["template"]["overall"]["total"], 1);
    assert_eq!(m["meta"]["year"]["total"], 1);
    assert!(m["issues"].is_array());

    let run = args(&[]);
    assert!(run.stdout.contains("t3. cells"), "{}", run.stdout);
    assert!(run.stdout.contains("template"), "{}", run.stdout);

    // An unreadable gold file is an error (exit 1).
    fs::write(gold.join("b.gold.json"), "{not json").unwrap();
    let run = args(&[]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("b.gold.json"), "{}", run.stderr);
}
