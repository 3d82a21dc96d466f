//! Bytes to text: BOM, declared charset, strict UTF-8, then GB18030 and a
//! detector guess. No I/O: the caller reads the bytes.

use crate::document::SourceFormat;
use crate::error::DecodeError;
use encoding_rs::{Encoding, GB18030, UTF_8, UTF_16BE, UTF_16LE};

/// Decoded text and how it was obtained.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded {
    /// The text, without any BOM.
    pub text: String,
    /// The encoding's name in lower case (`utf-8`, `gb18030`, `gbk`, …).
    pub encoding: String,
    /// Whether the text is HTML or plain text.
    pub format: SourceFormat,
    /// Problems met on the way (replacement characters, a wrong declaration).
    pub warnings: Vec<String>,
}

/// How many leading bytes are sniffed for binary content and charset declarations.
const SNIFF: usize = 8192;

/// Decodes `bytes`. `extension` (lower case, without the dot) decides the
/// format when given; otherwise the content is sniffed.
pub fn decode(bytes: &[u8], extension: Option<&str>) -> Result<Decoded, DecodeError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(DecodeError::Empty);
    }
    let mut warnings = Vec::new();
    let (text, encoding) = if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let body = bytes.get(bom_len..).unwrap_or_default();
        let (text, had_errors) = enc.decode_without_bom_handling(body);
        if had_errors {
            warnings.push(format!("malformed {} sequences replaced", enc.name()));
        }
        (text.into_owned(), enc)
    } else {
        if looks_binary(bytes) {
            return Err(DecodeError::Binary);
        }
        decode_unmarked(bytes, &mut warnings)?
    };
    let format = match extension {
        Some("html" | "htm" | "shtml" | "xhtml") => SourceFormat::Html,
        Some("txt" | "text" | "md") => SourceFormat::Text,
        _ => sniff_format(&text),
    };
    Ok(Decoded {
        text,
        encoding: encoding.name().to_ascii_lowercase(),
        format,
        warnings,
    })
}

/// Decodes bytes that carry no BOM.
fn decode_unmarked(
    bytes: &[u8],
    warnings: &mut Vec<String>,
) -> Result<(String, &'static Encoding), DecodeError> {
    let declared = declared_charset(bytes.get(..SNIFF.min(bytes.len())).unwrap_or(bytes));
    // A declaration is honoured when the bytes decode cleanly under it.
    if let Some(enc) = declared.filter(|e| *e != UTF_8 && *e != UTF_16LE && *e != UTF_16BE) {
        if let Some(text) = enc.decode_without_bom_handling_and_without_replacement(bytes) {
            return Ok((text.into_owned(), enc));
        }
        warnings.push(format!(
            "declared charset {} does not fit the bytes",
            enc.name()
        ));
    }
    // Validated with SIMD: a large share of every run is UTF-8 Han text.
    if let Ok(text) = simdutf8::basic::from_utf8(bytes) {
        return Ok((text.to_string(), UTF_8));
    }
    if declared == Some(UTF_8) {
        warnings.push("declared charset utf-8 does not fit the bytes".to_string());
    }
    if let Some(text) = GB18030.decode_without_bom_handling_and_without_replacement(bytes) {
        return Ok((text.into_owned(), GB18030));
    }
    // Neither: ask the detector, and accept its answer only when little is lost.
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = detector.guess(None, chardetng::Utf8Detection::Deny);
    let (text, _) = guess.decode_without_bom_handling(bytes);
    let replaced = text.chars().filter(|&c| c == '\u{FFFD}').count();
    let chars = text.chars().count().max(1);
    if replaced * 50 > chars {
        return Err(DecodeError::Undecodable { replaced, chars });
    }
    if replaced > 0 {
        warnings.push(format!(
            "decoded as {} with {replaced} malformed sequences replaced",
            guess.name()
        ));
    } else {
        warnings.push(format!(
            "neither UTF-8 nor GB18030; decoded as {} by guess",
            guess.name()
        ));
    }
    Ok((text.into_owned(), guess))
}

/// NUL bytes or many control characters in the first bytes mean binary.
fn looks_binary(bytes: &[u8]) -> bool {
    let head = bytes.get(..SNIFF.min(bytes.len())).unwrap_or(bytes);
    if memchr::memchr(0, head).is_some() {
        return true;
    }
    // Counted in blocks small enough for byte-sized sums.
    let controls: usize = head
        .chunks(255)
        .map(|c| usize::from(c.iter().map(|&b| u8::from(is_control(b))).sum::<u8>()))
        .sum();
    controls * 10 > head.len()
}

/// Whether `b` is a control character below U+0020 that text does not use
/// (all but `\t`, `\n`, `\r`, form feed and escape). Comparisons joined
/// without branches, so that counting them runs many bytes at once.
fn is_control(b: u8) -> bool {
    (b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r') & (b != 0x0c) & (b != 0x1b)
}

/// Finds `charset=…` in a `<meta>` declaration (ASCII case-insensitive).
/// Only the name found is lowered: the bytes the scan tests (`=`, quotes,
/// white space, name characters) read the same in either case.
fn declared_charset(head: &[u8]) -> Option<&'static Encoding> {
    declared_with(head, find_charset)
}

/// [`declared_charset`] with `find` to find the next `charset` from a
/// position on.
fn declared_with(
    head: &[u8],
    find: impl Fn(&[u8], usize) -> Option<usize>,
) -> Option<&'static Encoding> {
    let mut from = 0;
    while let Some(pos) = find(head, from) {
        let at = pos + CHARSET.len();
        from = at;
        let rest = head.get(at..).unwrap_or_default();
        let rest = trim_start(rest);
        let Some(rest) = rest.strip_prefix(b"=") else {
            continue;
        };
        let rest = trim_start(rest);
        let rest = rest
            .strip_prefix(b"\"")
            .or_else(|| rest.strip_prefix(b"'"))
            .unwrap_or(rest);
        let end = rest
            .iter()
            .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.')))
            .unwrap_or(rest.len());
        let name = rest.get(..end).unwrap_or_default().to_ascii_lowercase();
        if let Some(enc) = Encoding::for_label(&name) {
            return Some(enc);
        }
    }
    None
}

/// The word [`declared_charset`] looks for.
const CHARSET: &[u8] = b"charset";

/// The first `charset`, in any case, at or after `from`.
fn find_charset(hay: &[u8], from: usize) -> Option<usize> {
    let rest = hay.get(from..)?;
    memchr::memchr2_iter(b'c', b'C', rest)
        .map(|i| i + from)
        .find(|&i| {
            hay.get(i..i + CHARSET.len())
                .is_some_and(|w| w.eq_ignore_ascii_case(CHARSET))
        })
}

fn trim_start(s: &[u8]) -> &[u8] {
    let n = s.iter().take_while(|b| b.is_ascii_whitespace()).count();
    &s[n..]
}

/// Text that opens with markup, or carries common block tags early, is HTML.
fn sniff_format(text: &str) -> SourceFormat {
    let head: String = text
        .chars()
        .take(4096)
        .collect::<String>()
        .to_ascii_lowercase();
    let trimmed = head.trim_start();
    let opens_with_tag = trimmed.starts_with("<!doctype")
        || trimmed.starts_with("<html")
        || trimmed.starts_with("<?xml")
        || trimmed.starts_with("<!--");
    let tags = ["<p", "<div", "<table", "<body", "<br", "<span", "<td"]
        .iter()
        .filter(|t| head.contains(*t))
        .count();
    if opens_with_tag || (trimmed.starts_with('<') && tags >= 1) || tags >= 3 {
        SourceFormat::Html
    } else {
        SourceFormat::Text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The declaration scan as it was: over a lower-cased copy of the head.
    fn declared_charset_lowered(head: &[u8]) -> Option<&'static Encoding> {
        let lower = head.to_ascii_lowercase();
        declared_with(&lower, |h, from| {
            memchr::memmem::find(h.get(from..)?, CHARSET).map(|p| p + from)
        })
    }

    #[test]
    fn controls_are_the_ones_text_does_not_use() {
        for b in 0..=u8::MAX {
            let want = b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c | 0x1b);
            assert_eq!(is_control(b), want, "{b:#04x}");
        }
    }

    proptest! {
        /// Searching in place finds what the lower-cased copy found.
        #[test]
        fn declared_charset_ignores_case_in_place(
            pieces in proptest::collection::vec(
                "(charset|CharSet|CHARSET|chars|=|\\x20|\"|'|utf-8|UTF-8|GBK|gb2312|Big5|x|c|C|<meta |甲)",
                0..16,
            )
        ) {
            let head = pieces.concat();
            prop_assert_eq!(
                declared_charset(head.as_bytes()),
                declared_charset_lowered(head.as_bytes())
            );
        }
    }

    #[track_caller]
    fn check(
        bytes: &[u8],
        ext: Option<&str>,
        expected: Result<(&str, &str, SourceFormat), DecodeError>,
    ) {
        let got = decode(bytes, ext).map(|d| (d.text, d.encoding, d.format));
        let expected = expected.map(|(t, e, f)| (t.to_string(), e.to_string(), f));
        assert_eq!(got, expected);
    }

    #[test]
    fn encodings() {
        check(
            "共821件".as_bytes(),
            Some("txt"),
            Ok(("共821件", "utf-8", SourceFormat::Text)),
        );
        check(
            b"\xEF\xBB\xBFabc",
            None,
            Ok(("abc", "utf-8", SourceFormat::Text)),
        );
        // "年报" in GBK.
        check(
            b"\xC4\xEA\xB1\xA8",
            None,
            Ok(("年报", "gb18030", SourceFormat::Text)),
        );
        check(
            b"<meta charset=\"gbk\"><p>\xC4\xEA\xB1\xA8</p>",
            None,
            Ok((
                "<meta charset=\"gbk\"><p>年报</p>",
                "gbk",
                SourceFormat::Html,
            )),
        );
        check(
            b"\xFF\xFEa\x00",
            None,
            Ok(("a", "utf-16le", SourceFormat::Text)),
        );
        check(b"", None, Err(DecodeError::Empty));
        check(b" \n\t", None, Err(DecodeError::Empty));
        check(b"\x00\x01\x02binary", None, Err(DecodeError::Binary));
    }

    #[test]
    fn format_sniffing() {
        check(
            b"<p>a</p><p>b</p>",
            None,
            Ok(("<p>a</p><p>b</p>", "utf-8", SourceFormat::Html)),
        );
        check(b"a < b", None, Ok(("a < b", "utf-8", SourceFormat::Text)));
        check(
            b"<p>x</p>",
            Some("txt"),
            Ok(("<p>x</p>", "utf-8", SourceFormat::Text)),
        );
    }

    proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
            if let Ok(d) = decode(&bytes, None) {
                prop_assert!(!d.encoding.is_empty());
            }
        }

        #[test]
        fn utf8_round_trips(s in "\\PC{1,200}") {
            prop_assume!(!s.trim().is_empty() && !s.starts_with('\u{feff}'));
            prop_assume!(!s.chars().any(|c| (c as u32) < 0x20));
            let d = decode(s.as_bytes(), Some("txt"));
            prop_assert_eq!(d.map(|d| d.text), Ok(s.clone()));
        }
    }
}
