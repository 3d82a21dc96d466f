//! Section numbering of Chinese reports: which outline level a line's
//! leading number marks.

/// Whether a character is a Chinese numeral used in section numbers.
pub(crate) fn is_cn_digit(c: char) -> bool {
    matches!(
        c,
        '一' | '二'
            | '三'
            | '四'
            | '五'
            | '六'
            | '七'
            | '八'
            | '九'
            | '十'
            | '百'
            | '零'
            | '〇'
            | '两'
    )
}

/// The outline level a line's numbering marks: 1 for `一、`, 2 for `（一）`
/// (any bracket width), 3 for `1.` `1．` `1、`, 4 for `（1）`. `None` when the
/// line does not start with section numbering. Level 3 and 4 numbering also
/// opens list items inside paragraphs; callers decide by context.
pub fn heading_level(line: &str) -> Option<u8> {
    let s = line.trim_start_matches(|c: char| c.is_whitespace());
    let mut chars = s.char_indices().peekable();
    let (_, first) = chars.next()?;
    if first == '（' || first == '(' {
        let inner = &s[first.len_utf8()..];
        let body = &inner[..inner.find(['）', ')']).unwrap_or(inner.len())];
        let rest = &inner[body.len()..];
        if body.is_empty()
            || body.chars().count() > 3
            || !(rest.starts_with('）') || rest.starts_with(')'))
        {
            return None;
        }
        if body.chars().all(is_cn_digit) {
            return Some(2);
        }
        if body.chars().all(|c| c.is_ascii_digit()) {
            return Some(4);
        }
        return None;
    }
    let digits = &s[..s.find(|c: char| !is_cn_digit(c)).unwrap_or(s.len())];
    if !digits.is_empty() && digits.chars().count() <= 3 {
        let rest = &s[digits.len()..];
        if rest.starts_with('、') {
            return Some(1);
        }
        return None;
    }
    let arabic = &s[..s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len())];
    if !arabic.is_empty() && arabic.len() <= 2 {
        let rest = &s[arabic.len()..];
        let mut rest_chars = rest.chars();
        let sep = rest_chars.next()?;
        let next = rest_chars.next();
        // "1." followed by a digit is a decimal number, not numbering.
        if matches!(sep, '.' | '．' | '、') && !next.is_some_and(|c| c.is_ascii_digit()) {
            return Some(3);
        }
    }
    None
}

/// The heading level of a whole block of text (a line or an HTML paragraph):
/// numbered per [`heading_level`], short (at most 40 characters) and not a
/// sentence (no `。` before its last character). A numbered lead sentence such
/// as `（一）主动公开情况。主要通过…` is a paragraph, not a heading.
pub fn block_heading_level(text: &str) -> Option<u8> {
    let t = text.trim();
    let level = heading_level(t)?;
    let chars = t.chars().count();
    let inner_stop = t.trim_end_matches('。').contains(['。', '；', ';']);
    (chars <= 40 && !inner_stop).then_some(level)
}

/// Whether a short block reads like a report title (`…政府信息公开工作年度报告`),
/// which readers mark as heading level 0 when it comes early in the document.
pub fn is_title(text: &str) -> bool {
    let t = text.trim();
    let chars = t.chars().count();
    (6..=80).contains(&chars)
        && (t.contains("年度报告") || t.contains("年报"))
        && t.contains("公开")
        && !t.contains('。')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(line: &str, expected: Option<u8>) {
        assert_eq!(heading_level(line), expected, "{line}");
    }

    #[test]
    fn levels() {
        check("一、总体情况", Some(1));
        check("  十二、其他需要报告的事项", Some(1));
        check("（一）主动公开情况", Some(2));
        check("(二)依申请公开情况", Some(2));
        check("1.主动公开政府信息数量", Some(3));
        check("2．政府信息公开类别", Some(3));
        check("3、载体", Some(3));
        check("（1）规章", Some(4));
        check("1.5万元", None);
        check("2018年", None);
        check("一是加强组织领导", None);
        check("本报告根据", None);
        check("", None);
    }

    #[test]
    fn blocks_and_titles() {
        assert_eq!(block_heading_level("（一）主动公开情况"), Some(2));
        assert_eq!(
            block_heading_level("（一）主动公开情况。主要通过门户网站公开。"),
            None
        );
        assert_eq!(
            block_heading_level(
                "1.主动公开政府信息数量。2020年，通过门户网站主动公开政府信息599条。"
            ),
            None
        );
        assert!(is_title(
            "郑州市工业和信息化局2018年政府信息公开工作年度报告"
        ));
        assert!(!is_title(
            "本报告根据《条例》编制，全文包括政府信息公开工作年度报告。"
        ));
    }
}
