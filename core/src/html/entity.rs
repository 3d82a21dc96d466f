//! Character references (`&amp;`, `&#821;`, `&nbsp`) as the HTML tokenizer
//! reads them in text: enough to line decoded text up with its source.
//!
//! Numeric references are decoded exactly. Named ones come from a table of
//! the Latin-1 names (which may also appear without their semicolon) and the
//! common typographic ones; the aligner treats any other `&name;` as one
//! unknown character.

/// What a reference at the start of a string stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Reference {
    /// A reference to one known character, `len` source bytes long.
    Known {
        /// The character.
        ch: char,
        /// Source bytes, `&` and any `;` included.
        len: usize,
    },
    /// `&name;` with a name this table does not know: most likely one
    /// character the parser decoded.
    Unknown {
        /// Source bytes, `&` and `;` included.
        len: usize,
    },
}

/// Names that stand for U+00A0..=U+00FF, in code point order; every one of
/// them is also recognised without its semicolon.
const LATIN1: [&str; 96] = [
    "nbsp", "iexcl", "cent", "pound", "curren", "yen", "brvbar", "sect", "uml", "copy", "ordf",
    "laquo", "not", "shy", "reg", "macr", "deg", "plusmn", "sup2", "sup3", "acute", "micro",
    "para", "middot", "cedil", "sup1", "ordm", "raquo", "frac14", "frac12", "frac34", "iquest",
    "Agrave", "Aacute", "Acirc", "Atilde", "Auml", "Aring", "AElig", "Ccedil", "Egrave", "Eacute",
    "Ecirc", "Euml", "Igrave", "Iacute", "Icirc", "Iuml", "ETH", "Ntilde", "Ograve", "Oacute",
    "Ocirc", "Otilde", "Ouml", "times", "Oslash", "Ugrave", "Uacute", "Ucirc", "Uuml", "Yacute",
    "THORN", "szlig", "agrave", "aacute", "acirc", "atilde", "auml", "aring", "aelig", "ccedil",
    "egrave", "eacute", "ecirc", "euml", "igrave", "iacute", "icirc", "iuml", "eth", "ntilde",
    "ograve", "oacute", "ocirc", "otilde", "ouml", "divide", "oslash", "ugrave", "uacute", "ucirc",
    "uuml", "yacute", "thorn", "yuml",
];

/// Other names recognised without a semicolon.
const LEGACY: [(&str, char); 10] = [
    ("amp", '&'),
    ("AMP", '&'),
    ("lt", '<'),
    ("LT", '<'),
    ("gt", '>'),
    ("GT", '>'),
    ("quot", '"'),
    ("QUOT", '"'),
    ("COPY", '©'),
    ("REG", '®'),
];

/// Common names that need their semicolon.
const NAMED: [(&str, char); 62] = [
    ("apos", '\''),
    ("ensp", '\u{2002}'),
    ("emsp", '\u{2003}'),
    ("thinsp", '\u{2009}'),
    ("zwnj", '\u{200C}'),
    ("zwj", '\u{200D}'),
    ("lrm", '\u{200E}'),
    ("rlm", '\u{200F}'),
    ("ndash", '–'),
    ("mdash", '—'),
    ("lsquo", '‘'),
    ("rsquo", '’'),
    ("sbquo", '‚'),
    ("ldquo", '“'),
    ("rdquo", '”'),
    ("bdquo", '„'),
    ("dagger", '†'),
    ("Dagger", '‡'),
    ("bull", '•'),
    ("hellip", '…'),
    ("permil", '‰'),
    ("prime", '′'),
    ("Prime", '″'),
    ("lsaquo", '‹'),
    ("rsaquo", '›'),
    ("oline", '‾'),
    ("frasl", '⁄'),
    ("euro", '€'),
    ("trade", '™'),
    ("larr", '←'),
    ("uarr", '↑'),
    ("rarr", '→'),
    ("darr", '↓'),
    ("harr", '↔'),
    ("minus", '−'),
    ("lowast", '∗'),
    ("radic", '√'),
    ("infin", '∞'),
    ("le", '≤'),
    ("ge", '≥'),
    ("ne", '≠'),
    ("asymp", '≈'),
    ("equiv", '≡'),
    ("sum", '∑'),
    ("prod", '∏'),
    ("loz", '◊'),
    ("spades", '♠'),
    ("clubs", '♣'),
    ("hearts", '♥'),
    ("diams", '♦'),
    ("circ", 'ˆ'),
    ("tilde", '˜'),
    ("OElig", 'Œ'),
    ("oelig", 'œ'),
    ("Scaron", 'Š'),
    ("scaron", 'š'),
    ("Yuml", 'Ÿ'),
    ("fnof", 'ƒ'),
    ("alpha", 'α'),
    ("beta", 'β'),
    ("mu", 'μ'),
    ("pi", 'π'),
];

/// Windows-1252 meanings of the C1 code points, which numeric references in
/// 0x80..=0x9F stand for.
const C1: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
];

/// The longest name a reference can have that we look at.
const MAX_NAME: usize = 32;

/// Reads the reference at the start of `s` (which starts with `&`), as the
/// tokenizer does in text. `None` when the `&` is a literal ampersand.
///
/// For a named reference with a semicolon that the table does not know but
/// whose start is a name usable without semicolon (`&notin;`), both readings
/// are possible; the caller gets the short one from [`legacy_prefix`] and
/// the long one here as [`Reference::Unknown`].
pub(crate) fn read(s: &[u8]) -> Option<Reference> {
    if s.first() != Some(&b'&') {
        return None;
    }
    if s.get(1) == Some(&b'#') {
        return read_numeric(s);
    }
    let name_len = s
        .iter()
        .skip(1)
        .take(MAX_NAME + 1)
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    if name_len == 0 {
        return None;
    }
    let name = s.get(1..1 + name_len)?;
    let semicolon = s.get(1 + name_len) == Some(&b';');
    if semicolon {
        if let Some(ch) = lookup(name) {
            return Some(Reference::Known {
                ch,
                len: name_len + 2,
            });
        }
        if name_len <= MAX_NAME {
            return Some(Reference::Unknown { len: name_len + 2 });
        }
        return None;
    }
    legacy_prefix(s)
}

/// The longest name usable without semicolon at the start of `s` (after its
/// `&`): `&notit;` reads as `¬` followed by `it;`.
pub(crate) fn legacy_prefix(s: &[u8]) -> Option<Reference> {
    let name_len = s
        .iter()
        .skip(1)
        .take(MAX_NAME)
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    (1..=name_len.min(6)).rev().find_map(|n| {
        let name = s.get(1..1 + n)?;
        let ch = lookup_legacy(name)?;
        Some(Reference::Known { ch, len: n + 1 })
    })
}

/// A numeric reference `&#…` at the start of `s`.
fn read_numeric(s: &[u8]) -> Option<Reference> {
    let hex = matches!(s.get(2), Some(b'x' | b'X'));
    let start = if hex { 3 } else { 2 };
    let mut value: u32 = 0;
    let mut digits = 0;
    for b in s.iter().skip(start) {
        let d = if hex {
            (*b as char).to_digit(16)
        } else {
            (*b as char).to_digit(10)
        };
        let Some(d) = d else { break };
        value = value
            .saturating_mul(if hex { 16 } else { 10 })
            .saturating_add(d);
        digits += 1;
    }
    if digits == 0 {
        return None;
    }
    let mut len = start + digits;
    if s.get(len) == Some(&b';') {
        len += 1;
    }
    let ch = match value {
        0 => '\u{FFFD}',
        0x80..=0x9F => C1
            .get((value - 0x80) as usize)
            .copied()
            .unwrap_or('\u{FFFD}'),
        v => char::from_u32(v).unwrap_or('\u{FFFD}'),
    };
    Some(Reference::Known { ch, len })
}

/// A name (without `&` and `;`) from any of the tables.
fn lookup(name: &[u8]) -> Option<char> {
    lookup_legacy(name).or_else(|| {
        NAMED
            .iter()
            .find(|(n, _)| n.as_bytes() == name)
            .map(|(_, c)| *c)
    })
}

/// A name usable without semicolon.
fn lookup_legacy(name: &[u8]) -> Option<char> {
    if let Some(i) = LATIN1.iter().position(|n| n.as_bytes() == name) {
        return char::from_u32(0xA0 + i as u32);
    }
    LEGACY
        .iter()
        .find(|(n, _)| n.as_bytes() == name)
        .map(|(_, c)| *c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(input: &str, expected: Option<Reference>) {
        assert_eq!(read(input.as_bytes()), expected, "{input}");
    }

    fn known(ch: char, len: usize) -> Option<Reference> {
        Some(Reference::Known { ch, len })
    }

    #[test]
    fn references() {
        check("&amp;b", known('&', 5));
        check("&ampb", known('&', 4));
        check("&nbsp;", known('\u{A0}', 6));
        check("&nbsp", known('\u{A0}', 5));
        check("&#39;", known('\'', 5));
        check("&#x4e00;", known('一', 8));
        check("&#X4E00", known('一', 7));
        check("&#12345;", known('\u{3039}', 8));
        check("&#0;", known('\u{FFFD}', 4));
        check("&#150;", known('–', 6));
        check("&#99999999999;", known('\u{FFFD}', 14));
        check("&ldquo;", known('“', 7));
        check("&notit;", Some(Reference::Unknown { len: 7 }));
        check("&notit", known('¬', 4));
        check("&notin;", Some(Reference::Unknown { len: 7 }));
        check("&foo", None);
        check("& b", None);
        check("&#;", None);
        check("&", None);
        assert_eq!(legacy_prefix(b"&notin;"), known('¬', 4));
        assert_eq!(lookup(b"yuml"), Some('ÿ'));
        assert_eq!(lookup(b"times"), Some('×'));
    }
}
