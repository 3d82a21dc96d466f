//! The properties every target checks, one function per target, each
//! returning a [`TestCaseError`] naming the broken property.

use nianbao_core::extractor::Extractor;
use nianbao_core::{
    BlockKind, Document, Fact, Record, SourceFormat, Span, TextRun, decode, read_document,
};
use nianbao_extractor_free_form::FreeForm;
use nianbao_extractor_standard_2019::Standard2019;
use nianbao_extractor_standard_2021::Standard2021;
use nianbao_standard_tables::{Template, cell};
use proptest::test_runner::TestCaseError;

/// Fails with `message` unless `ok`.
fn ensure(ok: bool, message: impl FnOnce() -> String) -> Result<(), TestCaseError> {
    if ok {
        Ok(())
    } else {
        Err(TestCaseError::fail(message()))
    }
}

/// A span lies inside `source` and starts and ends on char boundaries.
pub fn span(source: &str, span: Span, what: &str) -> Result<(), TestCaseError> {
    ensure(
        span.start <= span.end
            && span.end <= source.len()
            && source.is_char_boundary(span.start)
            && source.is_char_boundary(span.end),
        || {
            format!(
                "{what}: span {span:?} out of bounds or off a char boundary (source {} bytes)",
                source.len()
            )
        },
    )
}

/// A text run's span and every segment of its source map are valid, and
/// verbatim segments copy the source exactly.
pub fn run(source: &str, run: &TextRun, what: &str) -> Result<(), TestCaseError> {
    let text = run.as_str();
    if !text.is_empty() {
        span(source, run.span(), what)?;
    }
    let mut expected_start = 0;
    for seg in run.map().segments() {
        let src = Span::new(seg.src_start, seg.src_start + seg.src_len);
        span(source, src, what)?;
        let in_text = seg.text_start..seg.text_start + seg.text_len;
        ensure(seg.text_start == expected_start, || {
            format!(
                "{what}: segments not contiguous at text byte {}",
                seg.text_start
            )
        })?;
        expected_start = in_text.end;
        let piece = text.get(in_text.clone());
        ensure(piece.is_some(), || {
            format!("{what}: segment text range {in_text:?} invalid in {text:?}")
        })?;
        if seg.verbatim {
            ensure(piece == source.get(src.range()), || {
                format!("{what}: verbatim segment {seg:?} differs from the source")
            })?;
        }
    }
    ensure(expected_start == text.len(), || {
        format!(
            "{what}: source map covers {expected_start} of {} text bytes",
            text.len()
        )
    })?;
    // Every char-aligned sub-range maps to a valid source span.
    let bounds: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .step_by(7)
        .collect();
    for w in bounds.windows(2) {
        if let [a, b] = *w {
            span(source, run.span_of(a..b), what)?;
        }
    }
    Ok(())
}

/// Every block, table, cell and text run of the document is valid.
pub fn document(doc: &Document) -> Result<(), TestCaseError> {
    let src = doc.source.as_str();
    for block in &doc.blocks {
        span(src, block.span, "block")?;
        match &block.kind {
            BlockKind::Heading { text, .. } => run(src, text, "heading")?,
            BlockKind::Paragraph(text) => run(src, text, "paragraph")?,
            BlockKind::Table(table) => {
                span(src, table.span, "table")?;
                for (r, row) in table.rows.iter().enumerate() {
                    for cell in row {
                        span(src, cell.span, "cell")?;
                        run(src, &cell.text, "cell text")?;
                    }
                    // The by-order view never panics and yields cells of the row.
                    let _ = table.row_origins(r).count();
                }
                let _ = table.width();
            }
        }
    }
    let _ = doc.compact();
    Ok(())
}

/// Every fact's evidence is exactly the source text it points at.
pub fn facts(doc: &Document, facts: &[Fact], who: &str) -> Result<(), TestCaseError> {
    for fact in facts {
        let ev = &fact.evidence;
        span(
            &doc.source,
            ev.span(),
            &format!("{who}: evidence of {}", fact.key),
        )?;
        ensure(
            doc.source.get(ev.start..ev.end) == Some(ev.text.as_str()),
            || {
                format!(
                    "{who}: evidence of {} is {:?} but source[{}..{}] is {:?}",
                    fact.key,
                    ev.text,
                    ev.start,
                    ev.end,
                    doc.source.get(ev.start..ev.end)
                )
            },
        )?;
    }
    Ok(())
}

/// Runs every built-in extractor and the shared readers directly (no panic
/// catching), checking scores and evidence.
pub fn extractors(doc: &Document) -> Result<(), TestCaseError> {
    let all: [&dyn Extractor; 3] = [&Standard2021, &Standard2019, &FreeForm];
    for e in all {
        let s = e.score(doc);
        ensure((0.0..=1.0).contains(&s), || {
            format!("{} scored {s}", e.id())
        })?;
        let x = e.extract(doc);
        facts(doc, &x.facts, e.id())?;
    }
    for t in [Template::Standard2019, Template::Standard2021] {
        let x = nianbao_standard_tables::read(doc, t);
        facts(doc, &x.facts, t.id())?;
    }
    let x = nianbao_narrative::read(doc);
    facts(doc, &x.facts, "narrative")?;
    Ok(())
}

/// Target `decode`: bytes to text never panics, is deterministic, and the
/// format follows the extension.
pub fn decode_bytes(bytes: &[u8]) -> Result<(), TestCaseError> {
    for ext in [None, Some("html"), Some("txt")] {
        let a = decode(bytes, ext);
        let b = decode(bytes, ext);
        ensure(a == b, || "decode is not deterministic".to_string())?;
        if let Ok(d) = a {
            // A second BOM after the first is content (U+FEFF), so the text
            // may start with one; only the format is checked here.
            match ext {
                Some("html") => ensure(d.format == SourceFormat::Html, || "html ext".into())?,
                Some("txt") => ensure(d.format == SourceFormat::Text, || "txt ext".into())?,
                _ => {}
            }
        }
    }
    Ok(())
}

/// Targets `html` and `text`: the document of `source` read as `format` is
/// valid and deterministic, and the readers' facts carry exact evidence.
pub fn parse(source: &str, format: SourceFormat) -> Result<(), TestCaseError> {
    let doc = Document::parse(source.to_string(), format, "utf-8");
    ensure(doc.source == source, || {
        "the document changed its source".to_string()
    })?;
    document(&doc)?;
    let again = Document::parse(source.to_string(), format, "utf-8");
    ensure(
        format!("{:?}", doc.blocks) == format!("{:?}", again.blocks),
        || "parsing is not deterministic".to_string(),
    )?;
    extractors(&doc)
}

/// Target `cell`: the table cell grammar.
pub fn cell_grammar(text: &str) -> Result<(), TestCaseError> {
    if let cell::CellValue::Number { number, range } = cell::parse_cell(text) {
        span(text, Span::new(range.start, range.end), "parse_cell range")?;
        ensure(
            range.start < range.end && range.end == range.end.max(range.start),
            || format!("parse_cell: empty number range {range:?}"),
        )?;
        // The digits as printed in the range (full-width folded), read as
        // one integer where it fits.
        let printed: Vec<u64> = text
            .get(range.clone())
            .unwrap_or_default()
            .chars()
            .filter_map(|c| cell::fold_char(c).to_digit(10).map(u64::from))
            .collect();
        ensure(
            number.digits > 0 && number.digits as usize == printed.len(),
            || format!("parse_cell: {} digits, {printed:?} printed", number.digits),
        )?;
        if printed.len() <= 18 {
            let value = printed.iter().fold(0, |v, d| v * 10 + d);
            ensure(number.mantissa == value, || {
                format!("parse_cell: mantissa {} for {printed:?}", number.mantissa)
            })?;
        }
        let _ = number.as_int();
    }
    for (i, _) in text.char_indices() {
        if let Some((n, end)) = cell::scan_number(text, i) {
            ensure(
                end > i && end <= text.len() && text.is_char_boundary(end),
                || format!("scan_number at {i} ended at {end}"),
            )?;
            let _ = n.to_value(cell::KeyUnit::Plain, cell::Unit::None);
            let _ = n.to_value(cell::KeyUnit::Yuan, cell::Unit::Wan);
        }
        if let Some((_, len)) = cell::scan_unit(text, i) {
            ensure(
                i + len <= text.len() && text.is_char_boundary(i + len),
                || format!("scan_unit at {i} took {len}"),
            )?;
        }
    }
    let _ = cell::is_absent_marker(text);
    Ok(())
}

/// Target `numeral`: Chinese and Arabic numerals of the narrative reader.
pub fn numerals(text: &str) -> Result<(), TestCaseError> {
    use nianbao_narrative::numeral;
    let _ = numeral::parse_chinese(text);
    for (i, _) in text.char_indices() {
        let Some(rest) = text.get(i..) else { continue };
        for (name, got) in [
            ("parse_number", numeral::parse_number(rest)),
            ("parse_arabic", numeral::parse_arabic(rest)),
        ] {
            if let Some((n, used)) = got {
                ensure(used <= rest.len() && rest.is_char_boundary(used), || {
                    format!("{name} at {i} used {used} bytes of {rest:?}")
                })?;
                ensure(!n.value.is_nan(), || {
                    format!("{name} gave NaN for {rest:?}")
                })?;
            }
        }
    }
    Ok(())
}

/// Target `convert`: the per-document function of `nianbao convert` never
/// fails internally, is deterministic, and its record's evidence is exact.
pub fn convert(path: &str, bytes: &[u8]) -> Result<(), TestCaseError> {
    let registry = nianbao_cli::builtin_registry();
    let a = nianbao_cli::convert_bytes(path, bytes, &registry);
    let b = nianbao_cli::convert_bytes(path, bytes, &registry);
    ensure(record_eq(&a, &b), || {
        "convert is not deterministic".to_string()
    })?;
    if let Some(error) = &a.error {
        ensure(!error.contains("internal error"), || {
            format!("record error: {error}")
        })?;
    }
    for w in &a.warnings {
        ensure(
            !w.contains("panicked") && !w.contains("does not match the source"),
            || format!("record warning: {w}"),
        )?;
    }
    let ext = nianbao_cli::convert::extension(path);
    match read_document(bytes, ext.as_deref()) {
        Ok(doc) => {
            for (key, ev) in &a.evidence {
                ensure(
                    doc.source.get(ev.start..ev.end) == Some(ev.text.as_str()),
                    || format!("record evidence of {key} differs from the source"),
                )?;
            }
            document(&doc)?;
            extractors(&doc)?;
        }
        Err(_) => ensure(a.error.is_some() && a.facts.is_empty(), || {
            "undecodable input without an error record".to_string()
        })?,
    }
    Ok(())
}

/// Records are equal (NaN-free values compare as JSON would).
fn record_eq(a: &Record, b: &Record) -> bool {
    format!("{a:?}") == format!("{b:?}")
}
