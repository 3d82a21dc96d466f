//! Numbers as reports print them: Arabic digits (ASCII or full-width, with
//! thousands separators and decimals), Chinese numerals (`两`, `十八`,
//! `一百二十`, `二〇一八`) and the `万` multiplier.

/// Chinese digit characters and their values.
const DIGITS: [(char, u64); 14] = [
    ('零', 0),
    ('〇', 0),
    ('○', 0),
    ('Ｏ', 0),
    ('一', 1),
    ('二', 2),
    ('两', 2),
    ('三', 3),
    ('四', 4),
    ('五', 5),
    ('六', 6),
    ('七', 7),
    ('八', 8),
    ('九', 9),
];

fn cn_digit(c: char) -> Option<u64> {
    // The table above as a match (a jump instead of a scan).
    let v = match c {
        '零' | '〇' | '○' | 'Ｏ' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    };
    debug_assert!(DIGITS.contains(&(c, v)));
    Some(v)
}

/// Whether `c` can be part of a Chinese numeral.
pub fn is_cn_numeral_char(c: char) -> bool {
    cn_digit(c).is_some() || matches!(c, '十' | '百' | '千' | '万' | '亿')
}

/// The value of a Chinese numeral (`十八` → 18, `一百二十` → 120,
/// `两千零五` → 2005, `三万` → 30000). Digit strings without unit characters
/// are read positionally (`二〇一八` → 2018). `None` when the text is not a
/// well-formed numeral.
pub fn parse_chinese(s: &str) -> Option<u64> {
    if s.is_empty() {
        return None;
    }
    if s.chars()
        .all(|c| cn_digit(c).is_some() && !matches!(c, '两'))
    {
        // Positional, as in years: 二〇一八; other runs of bare digits are
        // not numbers.
        match s.chars().count() {
            1 => return cn_digit(s.chars().next()?),
            4 => {}
            _ => return None,
        }
        let mut v: u64 = 0;
        for c in s.chars() {
            v = v.checked_mul(10)?.checked_add(cn_digit(c)?)?;
        }
        return Some(v);
    }
    let mut total: u64 = 0; // completed 万/亿 groups
    let mut section: u64 = 0; // below 万
    let mut digit: Option<u64> = None;
    let mut last_unit: u64 = u64::MAX;
    for c in s.chars() {
        if let Some(d) = cn_digit(c) {
            if digit.is_some_and(|prev| prev != 0) {
                return None; // two digits in a row: 二三 (零 may lead: 零五)
            }
            digit = Some(d);
            continue;
        }
        let unit = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            '万' => 10_000,
            '亿' => 100_000_000,
            _ => return None,
        };
        if unit >= 10_000 {
            section = section.checked_add(digit.take().unwrap_or(0))?;
            if section == 0 && total == 0 {
                return None;
            }
            total = total.checked_add(section)?.checked_mul(unit)?;
            section = 0;
            last_unit = u64::MAX;
        } else {
            if unit >= last_unit {
                return None; // 十百
            }
            let d = match digit.take() {
                Some(d) => d,
                // A bare 十 at the start means 一十.
                None if unit == 10 && section == 0 => 1,
                None => return None,
            };
            section = section.checked_add(d.checked_mul(unit)?)?;
            last_unit = unit;
        }
    }
    if let Some(d) = digit {
        section = section.checked_add(d)?;
    }
    total.checked_add(section)
}

/// A number read from text.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Number {
    /// The value, multiplier applied.
    pub value: f64,
    /// Whether the printed number had a fractional part that survives the
    /// multiplier (`1.5` stays decimal, `1.5万` becomes 15000).
    pub integral: bool,
}

/// Reads an Arabic number: ASCII digits with optional `,` thousands
/// separators (and full-width `，` when followed by exactly three digits) and
/// an optional decimal part, then an optional `万`/`亿`. Full-width digits
/// must already be folded to ASCII. Returns the number and the bytes used.
pub fn parse_arabic(s: &str) -> Option<(Number, usize)> {
    let mut i = digit_run(s).len();
    if i == 0 {
        return None;
    }
    // The digits are copied out only when thousands groups follow (most
    // numbers are read straight from the text).
    let mut digits = String::new();
    // Thousands groups: ",ddd" or "，ddd" not followed by another digit,
    // after a first group of at most three digits.
    let first_len = i;
    loop {
        let rest = &s[i..];
        let sep = if rest.starts_with(',') {
            1
        } else if rest.starts_with('，') {
            '，'.len_utf8()
        } else {
            0
        };
        if sep == 0 {
            break;
        }
        let after = &rest[sep..];
        let group = digit_run(after);
        if group.len() == 3 && first_len <= 3 {
            if digits.is_empty() {
                digits.push_str(&s[..first_len]);
            }
            digits.push_str(group);
            i += sep + 3;
        } else {
            break;
        }
    }
    let mut frac = "";
    let rest = &s[i..];
    if let Some(after) = rest.strip_prefix('.').or_else(|| rest.strip_prefix('．')) {
        let f = digit_run(after);
        if !f.is_empty() {
            i += rest.len() - after.len() + f.len();
            frac = f;
        }
    }
    let whole = if digits.is_empty() {
        &s[..first_len]
    } else {
        digits.as_str()
    };
    let mut value: f64 = match small_decimal(whole, frac) {
        Some(v) => v,
        None if frac.is_empty() => whole.parse::<f64>().ok()?,
        None => format!("{whole}.{frac}").parse::<f64>().ok()?,
    };
    let rest = &s[i..];
    let mut mult = 1.0;
    if rest.starts_with('万') && !rest.starts_with("万元") {
        mult = 10_000.0;
        i += '万'.len_utf8();
    } else if rest.starts_with('亿') {
        mult = 100_000_000.0;
        i += '亿'.len_utf8();
    }
    value *= mult;
    let integral = (value - value.round()).abs() < 1e-9;
    Some((Number { value, integral }, i))
}

/// The ASCII digits `s` starts with.
fn digit_run(s: &str) -> &str {
    let len = s.bytes().take_while(u8::is_ascii_digit).count();
    s.get(..len).unwrap_or("")
}

/// Powers of ten exactly representable as `f64`.
const POW10: [f64; 16] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
];

/// The value of `whole.frac` (ASCII digits, `frac` possibly empty) with at
/// most 15 digits in all, read without the float parser: the digits make an
/// integer below 2^53 and the divisor a power of ten of at most 10^15, both
/// exact in `f64`, so their correctly rounded quotient is the `f64` the
/// parser gives. `None` for more digits or any other character.
fn small_decimal(whole: &str, frac: &str) -> Option<f64> {
    if whole.len() + frac.len() > 15 {
        return None;
    }
    let mut v: u64 = 0;
    for b in whole.bytes().chain(frac.bytes()) {
        if !b.is_ascii_digit() {
            return None;
        }
        v = v * 10 + u64::from(b - b'0');
    }
    Some(v as f64 / POW10.get(frac.len())?)
}

/// Reads a number of either kind at the start of `s`; returns it and the
/// bytes used. Chinese numerals are read greedily over numeral characters.
pub fn parse_number(s: &str) -> Option<(Number, usize)> {
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        return parse_arabic(s);
    }
    let len: usize = s
        .chars()
        .take_while(|c| is_cn_numeral_char(*c))
        .map(char::len_utf8)
        .sum();
    if len == 0 {
        return None;
    }
    // A trailing 万 before 元 belongs to the unit 万元.
    let mut body = &s[..len];
    if s[len..].starts_with('元') && body.ends_with('万') && body.chars().count() > 1 {
        body = &body[..body.len() - '万'.len_utf8()];
    }
    let v = parse_chinese(body)?;
    Some((
        Number {
            value: v as f64,
            integral: true,
        },
        body.len(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(input: &str, expected: Option<(f64, usize)>) {
        let got = parse_number(input).map(|(n, len)| (n.value, len));
        assert_eq!(got, expected, "{input}");
    }

    #[test]
    fn arabic() {
        check("1670条", Some((1670.0, 4)));
        check("1,670条", Some((1670.0, 5)));
        check("1，670条", Some((1670.0, 7)));
        check("18，共", Some((18.0, 2)));
        check("1.5万条", Some((15000.0, 6)));
        check("2.5万元", Some((2.5, 3)));
        check("380元", Some((380.0, 3)));
        check("5949.088667", Some((5949.088667, 11)));
        check("条", None);
    }

    proptest::proptest! {
        #[test]
        fn small_decimals_read_as_the_float_parser_does(
            whole in "[0-9]{1,12}",
            frac in "[0-9]{0,10}",
        ) {
            let text = if frac.is_empty() {
                whole.clone()
            } else {
                format!("{whole}.{frac}")
            };
            match small_decimal(&whole, &frac) {
                Some(v) => proptest::prop_assert_eq!(Some(v), text.parse::<f64>().ok()),
                None => proptest::prop_assert!(whole.len() + frac.len() > 15),
            }
        }
    }

    #[test]
    fn chinese() {
        check("两件", Some((2.0, 3)));
        check("十八件", Some((18.0, 6)));
        check("一百二十条", Some((120.0, 12)));
        check("二十一件", Some((21.0, 9)));
        check("两千零五条", Some((2005.0, 12)));
        check("三万条", Some((30000.0, 6)));
        check("零件", Some((0.0, 3)));
        check("二〇一八年", Some((2018.0, 12)));
        check("二○一二年", Some((2012.0, 12)));
        check("三万元", Some((3.0, 3)));
        assert_eq!(parse_chinese("二三"), None);
        assert_eq!(parse_chinese("十百"), None);
        assert_eq!(parse_chinese("十"), Some(10));
    }
}
