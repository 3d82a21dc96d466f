//! The grammar of a table cell: numbers as printed (signs, decimals,
//! thousands separators, full-width digits, units), the markers that mean
//! "nothing stated", and everything else.

use nianbao_core::Value;
use std::ops::Range;

/// The unit printed with an amount.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// No money unit (a count, or an amount whose unit the header gives).
    None,
    /// 元.
    Yuan,
    /// 万元.
    Wan,
}

/// The unit a canonical key is expressed in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyUnit {
    /// A count or any value kept as printed.
    Plain,
    /// A `_yuan` key: amounts in 万元 are multiplied by 10000.
    Yuan,
    /// A `_wan` key: amounts in 元 are divided by 10000.
    Wan,
}

impl KeyUnit {
    /// The unit of a canonical key, from its suffix.
    pub fn of(key: &str) -> KeyUnit {
        if key.ends_with("_yuan") {
            KeyUnit::Yuan
        } else if key.ends_with("_wan") {
            KeyUnit::Wan
        } else {
            KeyUnit::Plain
        }
    }
}

/// A number as printed: sign, digits and decimal scale, exactly.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Number {
    /// Whether a minus sign was printed.
    pub negative: bool,
    /// Whether a plus sign was printed.
    pub plus: bool,
    /// How many digits were printed (integer part and fraction).
    pub digits: u32,
    /// The digits read as one integer (integer part then fraction),
    /// meaningful up to 18 digits.
    pub mantissa: u64,
    /// How many of the digits are after the decimal point.
    pub scale: u32,
    /// Whether thousands separators were printed.
    pub grouped: bool,
    /// The money unit printed in the cell.
    pub unit: Unit,
}

impl Number {
    /// Whether the number is a bare run of digits (no sign, decimal point,
    /// separator or unit): the only kind that may have run together with
    /// its neighbours.
    pub fn is_bare(&self) -> bool {
        !self.negative && !self.plus && self.scale == 0 && !self.grouped && self.unit == Unit::None
    }

    /// The value for a key of unit `key`, given the unit a column header
    /// states (`header`, used when the cell prints none). `None` when the
    /// number does not fit in 18 digits.
    pub fn to_value(&self, key: KeyUnit, header: Unit) -> Option<Value> {
        if self.digits == 0 || self.digits > 18 {
            return None;
        }
        let mut mantissa = i128::from(self.mantissa);
        let mut scale = i64::from(self.scale);
        let unit = if self.unit == Unit::None {
            header
        } else {
            self.unit
        };
        match (key, unit) {
            (KeyUnit::Yuan, Unit::Wan) => scale -= 4,
            (KeyUnit::Wan, Unit::Yuan) => scale += 4,
            _ => {}
        }
        while scale < 0 {
            mantissa = mantissa.checked_mul(10)?;
            scale += 1;
        }
        while scale > 0 && mantissa % 10 == 0 {
            mantissa /= 10;
            scale -= 1;
        }
        if self.negative {
            mantissa = -mantissa;
        }
        if scale == 0 {
            return i64::try_from(mantissa).ok().map(Value::Int);
        }
        let s = format!("{}e-{scale}", mantissa);
        s.parse::<f64>().ok().map(Value::Decimal)
    }

    /// The integer value when the number is whole and unit-free.
    pub fn as_int(&self) -> Option<i64> {
        match self.to_value(KeyUnit::Plain, Unit::None)? {
            Value::Int(i) => Some(i),
            Value::Decimal(_) => None,
        }
    }
}

/// What a cell (or a token where a cell belongs) holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CellValue {
    /// Nothing printed.
    Blank,
    /// A marker meaning "nothing stated": `/`, `-`, `—`, `无`, `不适用`.
    Absent,
    /// A number; `range` is where it (sign and unit included) stands in the
    /// cell text.
    Number {
        /// The number.
        number: Number,
        /// Byte range in the cell text.
        range: Range<usize>,
    },
    /// Anything else.
    Text,
}

impl CellValue {
    /// Whether the cell holds a number.
    pub fn is_number(&self) -> bool {
        matches!(self, CellValue::Number { .. })
    }

    /// Whether the cell is a value position's content (number, marker or
    /// blank), as opposed to text.
    pub fn is_value(&self) -> bool {
        !matches!(self, CellValue::Text)
    }
}

/// Folds a full-width digit or sign to ASCII; other characters unchanged.
pub fn fold_char(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        '．' => '.',
        '，' => ',',
        '－' | '−' => '-',
        '＋' => '+',
        _ => c,
    }
}

/// Whether a character is a digit, ASCII or full-width.
pub fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// Characters that, alone or repeated, mark a cell as "nothing stated".
fn is_dash_or_slash(c: char) -> bool {
    matches!(
        c,
        '/' | '／' | '\\' | '-' | '－' | '—' | '―' | '–' | '─' | '一' | '━' | '−'
    )
}

/// Whether `s` (trimmed) is one of the "nothing stated" markers.
pub fn is_absent_marker(s: &str) -> bool {
    let t = s.chars().filter(|c| !c.is_whitespace());
    let mut head = t.clone();
    let (Some(first), second) = (head.next(), head.next()) else {
        return false;
    };
    // A lone 一 is the numeral one, not a dash; only accept it repeated
    // with other dashes.
    if first == '一' && second.is_none() {
        return false;
    }
    // Every marker starts with a dash or slash or one of these.
    if !(is_dash_or_slash(first) || matches!(first, '无' | '不' | '空' | '暂')) {
        return false;
    }
    t.clone().all(is_dash_or_slash)
        || ["无", "不适用", "空", "暂无", "无数据"]
            .iter()
            .any(|w| t.clone().eq(w.chars()))
}

/// Units that may follow a number in a cell; the money ones change its value.
const UNITS: &[(&str, Unit)] = &[
    ("万元", Unit::Wan),
    ("元", Unit::Yuan),
    ("人次", Unit::None),
    ("件", Unit::None),
    ("条", Unit::None),
    ("个", Unit::None),
    ("项", Unit::None),
    ("次", Unit::None),
    ("份", Unit::None),
    ("宗", Unit::None),
    ("起", Unit::None),
];

/// Scans a number starting at byte `start` of `s`: an optional sign, digits
/// (full-width allowed) with optional thousands separators and one decimal
/// point. Returns the number and the byte offset just past it (before any
/// unit), or `None` when no digit starts there.
pub fn scan_number(s: &str, start: usize) -> Option<(Number, usize)> {
    let rest = s.get(start..)?;
    // A run of ASCII digits followed by a byte that can neither continue
    // nor fold into a number's character (`,`, `.`, a full-width form's
    // lead byte EF) ends the number there, as the general scan would.
    let b = rest.as_bytes();
    let n = b.iter().take_while(|d| d.is_ascii_digit()).count();
    if n > 0 && !matches!(b.get(n), Some(b',' | b'.' | 0xEF)) {
        return Some((bare_number(b.get(..n)?), start + n));
    }
    scan_general(s, start)
}

/// The number a run of ASCII digits prints, as the general scan reads it
/// (its mantissa wrapping past 19 digits).
fn bare_number(digits: &[u8]) -> Number {
    let mantissa = digits.iter().fold(0u64, |m, d| {
        m.wrapping_mul(10).wrapping_add(u64::from(d - b'0'))
    });
    Number {
        negative: false,
        plus: false,
        digits: u32::try_from(digits.len()).unwrap_or(u32::MAX),
        mantissa,
        scale: 0,
        grouped: false,
        unit: Unit::None,
    }
}

/// [`scan_number`] for any text.
fn scan_general(s: &str, start: usize) -> Option<(Number, usize)> {
    let rest = s.get(start..)?;
    let mut negative = false;
    let mut plus = false;
    let mut pos = 0;
    if let Some(c) = rest.chars().next() {
        let f = fold_char(c);
        if f == '-' || f == '+' {
            negative = f == '-';
            plus = f == '+';
            pos = c.len_utf8();
        }
    }
    let body = &rest[pos..];
    // `cur` stands at the next character to read; lookahead clones it.
    let mut cur = body.char_indices();
    let mut digits = 0u32;
    let mut mantissa = 0u64;
    let mut int_len = 0usize;
    let mut scale = 0u32;
    let mut grouped = false;
    let mut seen_point = false;
    let end_in_body = loop {
        let Some((at, raw)) = cur.clone().next() else {
            break body.len();
        };
        let c = fold_char(raw);
        if c.is_ascii_digit() {
            digits = digits.saturating_add(1);
            // Wraps only past 19 digits, where the value is not read.
            mantissa = mantissa
                .wrapping_mul(10)
                .wrapping_add(u64::from(c as u8 - b'0'));
            if seen_point {
                scale = scale.checked_add(1)?;
            } else {
                int_len += 1;
            }
            cur.next();
        } else if c == ',' && !seen_point && int_len > 0 {
            // A thousands separator: exactly three digits follow, then no digit.
            let three = (1..=3).all(|k| digit_ahead(&cur, k));
            let fourth = digit_ahead(&cur, 4);
            let first_ok = grouped || int_len <= 3;
            if three && !fourth && first_ok {
                grouped = true;
                cur.next();
            } else {
                break at;
            }
        } else if c == '.' && !seen_point && int_len > 0 {
            if digit_ahead(&cur, 1) {
                seen_point = true;
                cur.next();
            } else {
                break at;
            }
        } else {
            break at;
        }
    };
    if int_len == 0 {
        return None;
    }
    Some((
        Number {
            negative,
            plus,
            digits,
            mantissa,
            scale,
            grouped,
            unit: Unit::None,
        },
        start + pos + end_in_body,
    ))
}

/// Whether the character `k` places after the one `cur` stands at is a
/// digit (full-width folded).
fn digit_ahead(cur: &std::str::CharIndices<'_>, k: usize) -> bool {
    cur.clone()
        .nth(k)
        .is_some_and(|(_, d)| fold_char(d).is_ascii_digit())
}

/// The money unit (or count unit) starting at byte `at` of `s`, with its length.
pub fn scan_unit(s: &str, at: usize) -> Option<(Unit, usize)> {
    let rest = s.get(at..)?;
    UNITS
        .iter()
        .find(|(u, _)| rest.starts_with(u))
        .map(|(u, unit)| (*unit, u.len()))
}

/// Parses a whole cell.
pub fn parse_cell(text: &str) -> CellValue {
    // A bare run of ASCII digits, the commonest value cell, is a number of
    // its digits as it stands (what the general reading finds, without its
    // trimming, marker, sign and unit tests).
    let b = text.as_bytes();
    if !b.is_empty() && b.iter().all(u8::is_ascii_digit) {
        return CellValue::Number {
            number: bare_number(b),
            range: 0..b.len(),
        };
    }
    parse_general(text)
}

/// [`parse_cell`] for any text.
fn parse_general(text: &str) -> CellValue {
    let t = text.trim_start();
    let trimmed_start = text.len() - t.len();
    let t = t.trim_end();
    // Text that starts with a Han character (lead byte E4…E9) is neither a
    // number nor blank, and a marker only if it starts with one of these.
    if t.as_bytes()
        .first()
        .is_some_and(|b| (0xE4..=0xE9).contains(b))
        && !t.starts_with(['无', '不', '空', '暂', '一'])
    {
        return CellValue::Text;
    }
    if t.is_empty()
        || t.chars()
            .all(|c| c.is_whitespace() || c == '\u{200b}' || c == '\u{feff}')
    {
        return CellValue::Blank;
    }
    if is_absent_marker(t) {
        return CellValue::Absent;
    }
    let Some((mut number, end)) = scan_number(t, 0) else {
        return CellValue::Text;
    };
    let mut end = end;
    // Optional spaces then a unit.
    let after = t[end..].trim_start();
    let gap = t.len() - end - after.len();
    if let Some((unit, len)) = scan_unit(t, end + gap) {
        number.unit = unit;
        end += gap + len;
    }
    if !t[end..].trim().is_empty() {
        return CellValue::Text;
    }
    CellValue::Number {
        number,
        range: trimmed_start..trimmed_start + end,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a parsed cell means for a key: `None` blank/absent, `Some(Err)`
    /// text, `Some(Ok(v))` a value.
    #[track_caller]
    fn check(cell: &str, key: &str, expected: Option<Result<Value, ()>>) {
        let got = match parse_cell(cell) {
            CellValue::Blank | CellValue::Absent => None,
            CellValue::Text => Some(Err(())),
            CellValue::Number { number, range } => {
                assert!(
                    cell.get(range.clone()).is_some(),
                    "{cell}: bad range {range:?}"
                );
                Some(number.to_value(KeyUnit::of(key), Unit::None).ok_or(()))
            }
        };
        assert_eq!(got, expected, "{cell:?} for {key}");
    }

    fn int(v: i64) -> Option<Result<Value, ()>> {
        Some(Ok(Value::Int(v)))
    }

    fn dec(v: f64) -> Option<Result<Value, ()>> {
        Some(Ok(Value::Decimal(v)))
    }

    proptest::proptest! {
        /// The bare-digits path reads as the general one.
        #[test]
        fn digits_read_as_general(text in "[0-9]{1,24}|[0-9０-９ ,.+元万a一无-]{0,10}") {
            proptest::prop_assert_eq!(parse_cell(&text), parse_general(&text));
        }

        /// The digit-run path scans as the general one, from any character.
        #[test]
        fn digit_runs_scan_as_general(text in "[0-9]{1,24}[0-9０-９ ,.，．+元万a一-]{0,8}|[0-9０-９ ,.，．+元万a一-]{0,12}") {
            for (at, _) in text.char_indices() {
                proptest::prop_assert_eq!(scan_number(&text, at), scan_general(&text, at));
            }
        }
    }

    #[test]
    fn grammar() {
        check("0", "t3.granted.natural", int(0));
        check("  821 ", "t3.granted.natural", int(821));
        check("", "t3.granted.natural", None);
        check("\u{a0}", "t3.granted.natural", None);
        check("/", "t3.granted.natural", None);
        check("-", "t3.granted.natural", None);
        check("—", "t3.granted.natural", None);
        check("——", "t3.granted.natural", None);
        check("无", "t3.granted.natural", None);
        check("不适用", "t3.granted.natural", None);
        check("-3", "t2.licensing.change", int(-3));
        check("－3", "t2.licensing.change", int(-3));
        check("+1036", "t2.licensing.change", int(1036));
        check("1,234", "t3.granted.natural", int(1234));
        check("12,345,678", "t3.granted.natural", int(12_345_678));
        check("12,34", "t3.granted.natural", Some(Err(())));
        check("１２３", "t3.granted.natural", int(123));
        check("9116.36", "t2.fees.amount_wan", dec(9116.36));
        check("5949.088667", "t2.fees.amount_wan", dec(5949.088667));
        check("7730.280", "t2.fees.amount_wan", dec(7730.28));
        check("251000元", "t2.procurement.amount_yuan", int(251_000));
        check("3.5万元", "t2.procurement.amount_yuan", int(35_000));
        check("3.5 万元", "t2.procurement.amount_yuan", int(35_000));
        check("3.5万元", "t2.fees.amount_wan", dec(3.5));
        check("35000元", "t2.fees.amount_wan", dec(3.5));
        check("251000元", "t2.fees.amount_wan", dec(25.1));
        check("12件", "t3.granted.natural", int(12));
        check("详见附件", "t3.granted.natural", Some(Err(())));
        check("12（含转办）", "t3.granted.natural", Some(Err(())));
        check("50%", "t3.granted.natural", Some(Err(())));
        check("一", "t3.granted.natural", Some(Err(())));
    }

    #[test]
    fn header_units() {
        let n = |s: &str| match parse_cell(s) {
            CellValue::Number { number, .. } => Some(number),
            _ => None,
        };
        let v = n("25.1").and_then(|x| x.to_value(KeyUnit::Yuan, Unit::Wan));
        assert_eq!(v, Some(Value::Int(251_000)));
        let v = n("7730").and_then(|x| x.to_value(KeyUnit::Wan, Unit::Wan));
        assert_eq!(v, Some(Value::Int(7730)));
        assert!(n("801000081").is_some_and(|x| x.is_bare()));
        assert!(!n("-3").is_some_and(|x| x.is_bare()));
    }
}
