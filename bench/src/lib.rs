//! Benchmark support for nianbao: loading the snapshot fixtures and
//! generating a large, varied corpus from them.
//!
//! The criterion benchmarks (`benches/stages.rs`) time the hot stages over
//! the fixtures; the `bench-e2e` binary (`src/main.rs`) generates a corpus
//! of tens of thousands of documents with [`write_corpus`] and times the
//! release `nianbao convert` over it. See BENCHMARKS.md at the repository
//! root for the commands and figures.

use anyhow::Context;
use nianbao_core::SourceFormat;
use std::path::{Path, PathBuf};

/// One fixture: its file name and raw bytes.
#[derive(Clone, Debug)]
pub struct Fixture {
    /// File name, e.g. `021_pingtan_2023.html`.
    pub name: String,
    /// The raw bytes as stored.
    pub bytes: Vec<u8>,
}

impl Fixture {
    /// The lower-case extension, as `nianbao convert` passes it to the decoder.
    pub fn extension(&self) -> Option<String> {
        nianbao_cli::convert::extension(&self.name)
    }
}

/// The fixtures directory of the workspace (`snapshots/fixtures`).
pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../snapshots/fixtures")
}

/// Every fixture under `dir` (recursively), sorted by path.
pub fn load_fixtures(dir: &Path) -> anyhow::Result<Vec<Fixture>> {
    let mut paths = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in
            std::fs::read_dir(&d).with_context(|| format!("cannot read {}", d.display()))?
        {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                paths.push(path);
            }
        }
    }
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let bytes =
                std::fs::read(&p).with_context(|| format!("cannot read {}", p.display()))?;
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            Ok(Fixture { name, bytes })
        })
        .collect()
}

/// The `k`-th variant of a fixture: its extension and bytes.
///
/// Variants cycle through four forms: the raw bytes as stored (whatever the
/// encoding), the decoded text with its digits shifted, the same with tables
/// removed, and the other format (HTML rendered to tab-separated text, text
/// wrapped in HTML paragraphs). Every variant but the first shifts digits by
/// an amount depending on `k`, so no two nearby copies are identical.
pub fn variant(fixture: &Fixture, k: usize) -> (String, Vec<u8>) {
    let ext = fixture.extension().unwrap_or_else(|| "txt".to_string());
    let form = k % 4;
    if form == 0 {
        return (ext, fixture.bytes.clone());
    }
    let Ok(decoded) = nianbao_core::decode(&fixture.bytes, Some(&ext)) else {
        return (ext, fixture.bytes.clone());
    };
    let text = shift_digits(&decoded.text, 1 + (k / 4) % 9);
    let html = decoded.format == SourceFormat::Html;
    match (form, html) {
        (1, _) => (ext, text.into_bytes()),
        (2, true) => (ext, strip_html_tables(&text).into_bytes()),
        (2, false) => (ext, strip_text_tables(&text).into_bytes()),
        (_, true) => ("txt".to_string(), html_to_text(&text).into_bytes()),
        (_, false) => ("html".to_string(), text_to_html(&text).into_bytes()),
    }
}

/// Replaces each ASCII digit `d` by `(d + by) % 10`.
pub fn shift_digits(text: &str, by: usize) -> String {
    text.chars()
        .map(|c| match c.to_digit(10) {
            Some(d) if c.is_ascii_digit() => {
                char::from_digit((d + by as u32) % 10, 10).unwrap_or(c)
            }
            _ => c,
        })
        .collect()
}

/// Removes every `<table>…</table>` element (case-insensitive, not nested).
pub fn strip_html_tables(html: &str) -> String {
    let lower = html.to_ascii_lowercase();
    let mut out = String::with_capacity(html.len());
    let mut at = 0;
    while let Some(start) = lower.get(at..).and_then(|s| s.find("<table")) {
        let start = at + start;
        out.push_str(html.get(at..start).unwrap_or(""));
        match lower.get(start..).and_then(|s| s.find("</table>")) {
            Some(end) => at = start + end + "</table>".len(),
            None => {
                at = html.len();
                break;
            }
        }
    }
    out.push_str(html.get(at..).unwrap_or(""));
    out
}

/// Drops the lines that look like table rows: three or more numbers, or a
/// tab or `|` separator.
pub fn strip_text_tables(text: &str) -> String {
    text.lines()
        .filter(|line| {
            let numbers = line
                .split(|c: char| !c.is_ascii_digit())
                .filter(|s| !s.is_empty())
                .count();
            numbers < 3 && !line.contains(['\t', '|'])
        })
        .flat_map(|line| [line, "\n"])
        .collect()
}

/// Renders HTML as plain text: block ends become line breaks, cell ends tabs,
/// tags are dropped and a few entities decoded.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(rest.get(..open).unwrap_or(""));
        let after = rest.get(open..).unwrap_or("");
        let close = after.find('>').map_or(after.len(), |i| i + 1);
        let tag = after.get(..close).unwrap_or("").to_ascii_lowercase();
        let name: String = tag
            .trim_start_matches(['<', '/'])
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        match name.as_str() {
            "td" | "th" if tag.starts_with("</") => out.push('\t'),
            "tr" | "p" | "div" | "br" | "h1" | "h2" | "h3" | "h4" | "li" | "table"
                if tag.starts_with("</") || name == "br" =>
            {
                out.push('\n')
            }
            _ => {}
        }
        rest = after.get(close..).unwrap_or("");
    }
    out.push_str(rest);
    out.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Wraps text in an HTML page, one `<p>` per line (escaped).
pub fn text_to_html(text: &str) -> String {
    let mut out = String::from("<html><head><meta charset=\"utf-8\"></head><body>\n");
    for line in text.lines() {
        out.push_str("<p>");
        out.push_str(
            &line
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;"),
        );
        out.push_str("</p>\n");
    }
    out.push_str("</body></html>\n");
    out
}

/// Writes `count` documents generated from `fixtures` under `dir` (in
/// subdirectories of 1,000) and returns the total number of bytes written.
pub fn write_corpus(fixtures: &[Fixture], dir: &Path, count: usize) -> anyhow::Result<u64> {
    let mut total = 0u64;
    if fixtures.is_empty() {
        return Ok(0);
    }
    for i in 0..count {
        let Some(fixture) = fixtures.get(i % fixtures.len()) else {
            continue;
        };
        let (ext, bytes) = variant(fixture, i / fixtures.len());
        let sub = dir.join(format!("{:03}", i / 1000));
        if i % 1000 == 0 {
            std::fs::create_dir_all(&sub)?;
        }
        let stem = fixture.name.split('.').next().unwrap_or("doc");
        let path = sub.join(format!("{i:06}_{stem}.{ext}"));
        std::fs::write(&path, &bytes)
            .with_context(|| format!("cannot write {}", path.display()))?;
        total += bytes.len() as u64;
    }
    Ok(total)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(actual: String, expected: &str) {
        assert_eq!(actual, expected);
    }

    #[test]
    fn transforms() {
        check(shift_digits("共19件，增长0%", 3), "共42件，增长3%");
        check(
            strip_html_tables("<p>a</p><TABLE><tr><td>1</td></tr></table><p>b</p>"),
            "<p>a</p><p>b</p>",
        );
        check(strip_html_tables("x<table>open"), "x");
        check(
            strip_text_tables("标题\n1 2 3\n共2件\na\tb\n"),
            "标题\n共2件\n",
        );
        check(
            html_to_text("<table><tr><td>收到</td><td>5</td></tr></table><p>a&amp;b</p>"),
            "收到\t5\t\n\na&b\n",
        );
        check(
            text_to_html("a<b\n二"),
            "<html><head><meta charset=\"utf-8\"></head><body>\n<p>a&lt;b</p>\n<p>二</p>\n</body></html>\n",
        );
    }

    #[test]
    fn corpus_has_every_form() {
        let fixtures = load_fixtures(&fixtures_dir()).unwrap();
        assert!(fixtures.len() >= 20);
        let dir = tempfile::tempdir().unwrap();
        let n = fixtures.len() * 4;
        let total = write_corpus(&fixtures, dir.path(), n).unwrap();
        let mut names: Vec<String> = std::fs::read_dir(dir.path().join("000"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names.len(), n);
        assert!(total > 0);
        // The fourth round turns HTML fixtures into text and text into HTML.
        let html = fixtures
            .iter()
            .position(|f| f.name.ends_with(".html"))
            .unwrap();
        let converted = &names[3 * fixtures.len() + html];
        assert!(converted.ends_with(".txt"), "{converted}");
    }
}
