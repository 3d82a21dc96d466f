//! Writing records as a JSON array, JSON lines, long-form CSV or wide CSV,
//! one record at a time, and writing an output file atomically.
//!
//! Wide CSV has one column per key present in the whole batch, so its
//! header is known only at the end: records are spooled compactly to a
//! temporary file while the key set is collected, and the rows are written
//! from the spool on [`RecordWriter::finish`]. Memory stays flat: only the
//! key set is held.

use anyhow::Context;
use nianbao_core::Record;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};
use std::io::{self, BufRead, BufReader, BufWriter, Seek, Write};
use std::path::{Path, PathBuf};

/// The output formats of `nianbao convert`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A JSON array of records, pretty-printed.
    Json,
    /// One compact JSON record per line.
    #[default]
    Jsonl,
    /// Long form `path,key,value`, one row per fact plus `template`, `meta.*`
    /// and `error` rows.
    Csv,
    /// Wide form: one row per document, columns `path,template,error`, the
    /// `meta.*` fields, then every key present in the batch (canonical keys
    /// in schema order, other keys such as plugin keys `x.*` sorted last).
    CsvWide,
}

/// Writes records one by one in a format; [`RecordWriter::finish`] closes
/// the output (the JSON array's bracket).
pub struct RecordWriter<W: Write> {
    out: W,
    format: Format,
    written: usize,
    spool: Option<Spool>,
    /// One JSON line, built in memory and written whole (serde writes a
    /// record in many small pieces, cheapest into a plain buffer).
    line: Vec<u8>,
}

/// The fixed leading columns of wide CSV.
const WIDE_FIXED: [&str; 7] = [
    "path",
    "template",
    "error",
    "meta.title",
    "meta.agency",
    "meta.year",
    "meta.published",
];

/// One record as spooled for wide CSV: the fixed columns' values (empty
/// when absent) and every fact as printed.
#[derive(Serialize, Deserialize)]
struct WideRow {
    fixed: [String; 7],
    facts: Vec<(String, String)>,
}

impl WideRow {
    fn new(record: &Record) -> WideRow {
        let meta = &record.meta;
        let fixed = [
            record.source.path.clone(),
            record.template.clone(),
            record.error.clone().unwrap_or_default(),
            meta.title.clone().unwrap_or_default(),
            meta.agency.clone().unwrap_or_default(),
            meta.year.map(|y| y.to_string()).unwrap_or_default(),
            meta.published.clone().unwrap_or_default(),
        ];
        let facts = record
            .facts
            .iter()
            .map(|(k, v)| (k.clone(), v.to_string()))
            .collect();
        WideRow { fixed, facts }
    }
}

/// Records spooled to an anonymous temporary file, one JSON line each, and
/// the set of fact keys seen.
struct Spool {
    file: BufWriter<std::fs::File>,
    keys: BTreeSet<String>,
}

/// The order of wide-CSV key columns: canonical keys in schema order, then
/// any other key (plugin keys `x.*`) by name.
fn wide_columns(keys: &BTreeSet<String>) -> Vec<&str> {
    let mut columns: Vec<&str> = keys.iter().map(String::as_str).collect();
    columns.sort_by_key(|k| (nianbao_core::keys::position(k).unwrap_or(usize::MAX), *k));
    columns
}

impl<W: Write> RecordWriter<W> {
    /// A writer of `format` into `out`. Writes the CSV header at once.
    pub fn new(mut out: W, format: Format) -> io::Result<RecordWriter<W>> {
        if format == Format::Csv {
            out.write_all(b"path,key,value\n")?;
        }
        let spool = if format == Format::CsvWide {
            Some(Spool {
                file: BufWriter::new(tempfile::tempfile()?),
                keys: BTreeSet::new(),
            })
        } else {
            None
        };
        Ok(RecordWriter {
            out,
            format,
            written: 0,
            spool,
            line: Vec::new(),
        })
    }

    /// Writes one record.
    pub fn write(&mut self, record: &Record) -> io::Result<()> {
        match self.format {
            Format::Jsonl => {
                self.line.clear();
                serde_json::to_writer(&mut self.line, record)?;
                self.line.push(b'\n');
                self.out.write_all(&self.line)?;
            }
            Format::Json => {
                self.out
                    .write_all(if self.written == 0 { b"[\n" } else { b",\n" })?;
                let pretty = serde_json::to_string_pretty(record)?;
                for (i, line) in pretty.lines().enumerate() {
                    if i > 0 {
                        self.out.write_all(b"\n")?;
                    }
                    self.out.write_all(b"  ")?;
                    self.out.write_all(line.as_bytes())?;
                }
            }
            Format::Csv => {
                for (key, value) in csv_rows(record) {
                    let row = [record.source.path.as_str(), key.as_str(), value.as_str()]
                        .map(csv_field)
                        .join(",");
                    self.out.write_all(row.as_bytes())?;
                    self.out.write_all(b"\n")?;
                }
            }
            Format::CsvWide => {
                if let Some(spool) = &mut self.spool {
                    for key in record.facts.keys() {
                        if !spool.keys.contains(key) {
                            spool.keys.insert(key.clone());
                        }
                    }
                    serde_json::to_writer(&mut spool.file, &WideRow::new(record))?;
                    spool.file.write_all(b"\n")?;
                }
            }
        }
        self.written += 1;
        Ok(())
    }

    /// Closes the output and hands back the inner writer, flushed.
    pub fn finish(mut self) -> io::Result<W> {
        if self.format == Format::Json {
            self.out
                .write_all(if self.written == 0 { b"[]\n" } else { b"\n]\n" })?;
        }
        if let Some(spool) = self.spool.take() {
            write_wide(&mut self.out, spool)?;
        }
        self.out.flush()?;
        Ok(self.out)
    }
}

/// Writes the wide-CSV header and one row per spooled record.
fn write_wide(out: &mut impl Write, spool: Spool) -> io::Result<()> {
    let mut file = spool.file.into_inner().map_err(|e| e.into_error())?;
    file.rewind()?;
    let columns = wide_columns(&spool.keys);
    let header: Vec<String> = WIDE_FIXED
        .iter()
        .chain(&columns)
        .map(|c| csv_field(c))
        .collect();
    out.write_all(header.join(",").as_bytes())?;
    out.write_all(b"\n")?;
    let mut line = String::new();
    let mut reader = BufReader::new(file);
    while reader.read_line(&mut line)? > 0 {
        let row: WideRow = serde_json::from_str(&line)?;
        line.clear();
        let facts: HashMap<&str, &str> = row
            .facts
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let cells: Vec<String> = row
            .fixed
            .iter()
            .map(|v| csv_field(v))
            .chain(
                columns
                    .iter()
                    .map(|c| facts.get(c).map(|v| csv_field(v)).unwrap_or_default()),
            )
            .collect();
        out.write_all(cells.join(",").as_bytes())?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// The `key,value` rows of a record in long-form CSV: `template`, the meta
/// fields the document states, every fact, and `error` when there is one.
pub fn csv_rows(record: &Record) -> Vec<(String, String)> {
    let mut rows = vec![("template".to_string(), record.template.clone())];
    let meta = &record.meta;
    let fields = [
        ("meta.title", meta.title.clone()),
        ("meta.agency", meta.agency.clone()),
        ("meta.year", meta.year.map(|y| y.to_string())),
        ("meta.published", meta.published.clone()),
    ];
    for (key, value) in fields {
        if let Some(value) = value {
            rows.push((key.to_string(), value));
        }
    }
    for (key, value) in &record.facts {
        rows.push((key.clone(), value.to_string()));
    }
    if let Some(error) = &record.error {
        rows.push(("error".to_string(), error.clone()));
    }
    rows
}

/// Quotes a CSV field when it holds a comma, a double quote or a line
/// break (RFC 4180), doubling inner quotes.
pub fn csv_field(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

/// An output file written through a temporary file in the same directory
/// and renamed over the target on [`AtomicFile::commit`]. Dropped without a
/// commit, the temporary file is removed and the target is left untouched.
pub struct AtomicFile {
    target: PathBuf,
    file: BufWriter<tempfile::NamedTempFile>,
}

impl AtomicFile {
    /// Creates the temporary file next to `target`.
    pub fn create(target: &Path) -> anyhow::Result<AtomicFile> {
        let dir = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let file = tempfile::Builder::new()
            .prefix(".nianbao-")
            .suffix(".tmp")
            .tempfile_in(dir)
            .with_context(|| format!("cannot write {}", target.display()))?;
        Ok(AtomicFile {
            target: target.to_path_buf(),
            file: BufWriter::new(file),
        })
    }

    /// Flushes the data and moves the file into place.
    pub fn commit(self) -> anyhow::Result<()> {
        let target = self.target;
        let context = || format!("cannot write {}", target.display());
        let file = self
            .file
            .into_inner()
            .map_err(|e| e.into_error())
            .with_context(context)?;
        file.as_file().sync_all().with_context(context)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            // Temporary files are private; an output file is an ordinary one.
            let perms = std::fs::Permissions::from_mode(0o644);
            file.as_file()
                .set_permissions(perms)
                .with_context(context)?;
        }
        file.persist(&target)
            .map_err(|e| e.error)
            .with_context(context)?;
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

/// Lays out rows of cells as lines of columns separated by two spaces,
/// each column as wide as its widest cell (a line's last cell is not padded).
pub fn aligned(cells: &[Vec<String>]) -> String {
    let columns = cells.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            cells
                .iter()
                // A line's last cell is not padded, so it does not widen the column.
                .filter(|l| c + 1 < l.len())
                .filter_map(|l| l.get(c))
                .map(|s| width(s))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for line in cells {
        let last = line.len().saturating_sub(1);
        for (c, cell) in line.iter().enumerate() {
            out.push_str(cell);
            if c < last {
                let pad = widths
                    .get(c)
                    .copied()
                    .unwrap_or(0)
                    .saturating_sub(width(cell))
                    + 2;
                out.extend(std::iter::repeat_n(' ', pad));
            }
        }
        out.push('\n');
    }
    out
}

/// Display width in a terminal: East Asian wide characters count two.
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| {
            let c = c as u32;
            let wide = matches!(c,
                0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF
                | 0x4E00..=0x9FFF | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
                | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD);
            if wide { 2 } else { 1 }
        })
        .sum()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use nianbao_core::{SourceInfo, Value};

    #[track_caller]
    fn check(field: &str, expected: &str) {
        assert_eq!(csv_field(field), expected);
    }

    #[test]
    fn csv_quoting() {
        check("t3.new_received.total", "t3.new_received.total");
        check("郑州市工业和信息化局", "郑州市工业和信息化局");
        check("a,b", "\"a,b\"");
        check("say \"hi\"", "\"say \"\"hi\"\"\"");
        check("two\nlines", "\"two\nlines\"");
        check("cr\r", "\"cr\r\"");
        check("", "");
    }

    fn record(path: &str) -> Record {
        let mut r = Record::failed(
            SourceInfo {
                path: path.to_string(),
                ..SourceInfo::default()
            },
            "bad, \"very\"",
        );
        r.meta.year = Some(2022);
        r.facts
            .insert("n.fees.yuan".to_string(), Value::Decimal(380.5));
        r.facts.insert("t4.review.total".to_string(), Value::Int(3));
        r
    }

    fn written(format: Format, records: &[Record]) -> String {
        let mut w = RecordWriter::new(Vec::new(), format).unwrap();
        for r in records {
            w.write(r).unwrap();
        }
        String::from_utf8(w.finish().unwrap()).unwrap()
    }

    #[test]
    fn csv_long_form() {
        assert_eq!(
            written(Format::Csv, &[record("a,b.txt")]),
            "path,key,value\n\
             \"a,b.txt\",template,unknown\n\
             \"a,b.txt\",meta.year,2022\n\
             \"a,b.txt\",n.fees.yuan,380.5\n\
             \"a,b.txt\",t4.review.total,3\n\
             \"a,b.txt\",error,\"bad, \"\"very\"\"\"\n"
        );
        assert_eq!(written(Format::Csv, &[]), "path,key,value\n");
    }

    #[test]
    fn csv_wide_columns_rows_and_failures() {
        let mut good = Record::failed(
            SourceInfo {
                path: "good.html".to_string(),
                ..SourceInfo::default()
            },
            "",
        );
        good.error = None;
        good.template = "standard-2021".to_string();
        good.meta.title = Some("2022年政府信息公开工作年度报告".to_string());
        good.meta.agency = Some("某市人民政府, 办公室".to_string());
        good.meta.year = Some(2022);
        for (key, value) in [
            ("x.qingdao-2018.visits", Value::Int(9)),
            ("n.fees.yuan", Value::Decimal(380.5)),
            ("t4.review.total", Value::Int(3)),
            ("t3.new_received.total", Value::Int(41)),
            ("t2.rules.made", Value::Int(2)),
            ("t3.carried_over.natural", Value::Int(0)),
        ] {
            good.facts.insert(key.to_string(), value);
        }
        let mut other = record("b.txt");
        other.error = None;
        other
            .facts
            .insert("t2.fees.amount_wan".to_string(), Value::Decimal(1.25));
        let failed = Record::failed(
            SourceInfo {
                path: "empty.txt".to_string(),
                ..SourceInfo::default()
            },
            "empty file",
        );
        assert_eq!(
            written(Format::CsvWide, &[good, failed, other]),
            "path,template,error,meta.title,meta.agency,meta.year,meta.published,\
             t2.rules.made,t2.fees.amount_wan,t3.new_received.total,\
             t3.carried_over.natural,t4.review.total,n.fees.yuan,x.qingdao-2018.visits\n\
             good.html,standard-2021,,2022年政府信息公开工作年度报告,\"某市人民政府, 办公室\",2022,,\
             2,,41,0,3,380.5,9\n\
             empty.txt,unknown,empty file,,,,,,,,,,,\n\
             b.txt,unknown,,,,2022,,,1.25,,,3,380.5,\n"
        );
        assert_eq!(
            written(Format::CsvWide, &[]),
            "path,template,error,meta.title,meta.agency,meta.year,meta.published\n"
        );
        // A failed document's error is quoted like any field.
        assert_eq!(
            written(Format::CsvWide, &[record("a\"b")]),
            "path,template,error,meta.title,meta.agency,meta.year,meta.published,\
             t4.review.total,n.fees.yuan\n\
             \"a\"\"b\",unknown,\"bad, \"\"very\"\"\",,,2022,,3,380.5\n"
        );
    }

    #[test]
    fn json_array_and_lines() {
        assert_eq!(written(Format::Json, &[]), "[]\n");
        let records = [record("a"), record("b")];
        let json = written(Format::Json, &records);
        let parsed: Vec<Record> = serde_json::from_str(&json).unwrap();
        assert_eq!(parsed, records);
        assert!(json.starts_with("[\n  {\n    \"schema\""));
        let jsonl = written(Format::Jsonl, &records);
        assert_eq!(jsonl.lines().count(), 2);
        let first: Record = serde_json::from_str(jsonl.lines().next().unwrap()).unwrap();
        assert_eq!(first, records[0]);
    }
}
