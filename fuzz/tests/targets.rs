//! The fuzz targets. Each runs `NIANBAO_FUZZ_CASES` cases (default small) or
//! for `NIANBAO_FUZZ_SECS` seconds; see the crate docs and fuzz/README.md.

use nianbao_core::SourceFormat;
use nianbao_fuzz::{check, generate, run};
use proptest::prelude::*;

#[test]
fn fuzz_decode() {
    run("decode", generate::bytes(), |b| check::decode_bytes(&b));
}

#[test]
fn fuzz_html() {
    run("html", generate::html(), |s| {
        check::parse(&s, SourceFormat::Html)
    });
}

#[test]
fn fuzz_text() {
    run("text", generate::text(), |s| {
        check::parse(&s, SourceFormat::Text)
    });
}

#[test]
fn fuzz_cell() {
    run("cell", generate::cell(), |s| check::cell_grammar(&s));
}

#[test]
fn fuzz_numeral() {
    run("numeral", generate::numeral(), |s| check::numerals(&s));
}

#[test]
fn fuzz_convert() {
    run(
        "convert",
        (generate::path(), generate::bytes()),
        |(path, b)| check::convert(path, &b),
    );
}

#[test]
fn fuzz_convert_text_as_html() {
    // Text read as HTML and HTML read as text: the wrong reader must not break.
    run(
        "convert-crossed",
        (
            prop_oneof![generate::text(), generate::html()],
            any::<bool>(),
        ),
        |(s, html)| check::convert(if html { "x.html" } else { "x.txt" }, s.as_bytes()),
    );
}
