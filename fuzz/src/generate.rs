//! Input generators: strategies for bytes, report-like text, HTML with
//! tables, cell contents and numerals. The vocabulary comes from the
//! official templates' labels and the real-world variants listed in
//! FORMATS.md; the shapes (pipes, tabs, runs of spaces, merged cells,
//! entities, broken markup) are what crawlers and converters produce.

use encoding_rs::GBK;
use proptest::prelude::*;
use proptest::sample::select;

/// Labels and headings of the national templates, and the noise around them.
pub const LABELS: &[&str] = &[
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
    "第二十条第（一）项",
    "第二十条第（五）项",
    "第二十条第（六）项",
    "第二十条第（八）项",
    "第二十条第（九）项",
    "信息内容",
    "本年新制作数量",
    "本年新公开数量",
    "对外公开总数量",
    "本年制发件数",
    "本年废止件数",
    "现行有效件数",
    "规章",
    "规范性文件",
    "行政规范性文件",
    "行政许可",
    "其他对外管理服务事项",
    "行政处罚",
    "行政强制",
    "行政事业性收费",
    "本年收费金额（单位：万元）",
    "政府集中采购",
    "采购总金额",
    "上一年项目数量",
    "本年增/减",
    "处理决定数量",
    "本年处理决定数量",
    "申请人情况",
    "自然人",
    "法人或其他组织",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "其他",
    "总计",
    "小计",
    "一、本年新收政府信息公开申请数量",
    "二、上年结转政府信息公开申请数量",
    "三、本年度办理结果",
    "（一）予以公开",
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "（三）不予公开",
    "1.属于国家秘密",
    "2.其他法律行政法规禁止公开",
    "3.危及“三安全一稳定”",
    "4.保护第三方合法权益",
    "5.属于三类内部事务信息",
    "6.属于四类过程性信息",
    "7.属于行政执法案卷",
    "8.属于行政查询事项",
    "（四）无法提供",
    "1.本机关不掌握相关政府信息",
    "2.没有现成信息需要另行制作",
    "3.补正后申请内容仍不明确",
    "（五）不予处理",
    "1.信访举报投诉类申请",
    "2.重复申请",
    "3.要求提供公开出版物",
    "4.无正当理由大量反复申请",
    "5.要求行政机关确认或重新出具已获取信息",
    "（六）其他处理",
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "3.其他",
    "（七）总计",
    "四、结转下年度继续办理",
    "行政复议",
    "行政诉讼",
    "未经复议直接起诉",
    "复议后起诉",
    "结果维持",
    "结果纠正",
    "其他结果",
    "尚未审结",
    "(一)予以公开",
    "1．属于国家秘密",
    "1、属于国家秘密",
    "危及\"三安全一稳定\"",
    "其他主动公开文件",
    "法人或其他组织小计",
    "某某市人民政府2021年政府信息公开工作年度报告",
    "2020年度政府信息公开工作年度报告",
    "二〇二一年",
    "本年度共收到政府信息公开申请十八件",
    "全年共主动公开政府信息1,234条",
    "收到行政复议申请3件、行政诉讼2件",
    "发布时间：2022-01-28",
    "来源：办公室",
    "打印 关闭 字体：大 中 小",
    "首页 > 政务公开 > 年度报告",
    "ICP备12345678号",
];

/// What stands in a value cell.
pub const CELLS: &[&str] = &[
    "0",
    "1",
    "2",
    "7",
    "12",
    "20",
    "100",
    "1036",
    "-3",
    "+1036",
    "１２",
    "０",
    "－３",
    "1,234",
    "12,345,678",
    "3.5",
    "0.25",
    "3.5万元",
    "251000元",
    "12万",
    "1.2亿",
    "/",
    "-",
    "—",
    "——",
    "无",
    "不适用",
    "",
    " ",
    "　",
    "十八",
    "二〇二一",
    "两千零五",
    "三万",
    "一百二十",
    "零",
    "99999999999999999999",
    "1..2",
    "1,2,3",
    "0x1F",
    "1e5",
    "NaN",
    "件",
    "个",
    "%",
    "3%",
];

/// Separators between cells of text tables.
pub const SEPARATORS: &[&str] = &[
    " |", " | ", "|", "｜", "\t", "\t\t", "  ", "   ", "     ", " ", "| |", "|---|", ":|", "||",
    "，", "、", "；", "：",
];

/// Line breaks.
pub const BREAKS: &[&str] = &["\n", "\r\n", "\r", "\n\n", "\u{2028}", "\u{0c}", "\n \n"];

/// HTML entities, well- and ill-formed.
pub const ENTITIES: &[&str] = &[
    "&amp;",
    "&nbsp;",
    "&lt;",
    "&gt;",
    "&quot;",
    "&#12345;",
    "&#x4e00;",
    "&#X4E00;",
    "&#0;",
    "&#xD800;",
    "&#99999999;",
    "&#x110000;",
    "&bogus;",
    "&lt",
    "&#x;",
    "&#;",
    "&",
    "&amp",
    "&nbsp",
    "&ensp;",
    "&emsp;",
    "&#160;",
    "&#12288;",
    "&middot;",
    "&ldquo;",
    "&rdquo;",
];

/// Span attribute values for `rowspan` and `colspan`.
pub const SPANS: &[&str] = &[
    "0",
    "1",
    "2",
    "3",
    "5",
    "-1",
    "abc",
    "",
    "1.5",
    " 2 ",
    "99999",
    "1000000",
    "65534",
    "4294967296",
];

/// A piece of text: a label, a cell value, a separator, or noise.
pub fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => select(LABELS).prop_map(str::to_string),
        4 => select(CELLS).prop_map(str::to_string),
        3 => select(SEPARATORS).prop_map(str::to_string),
        1 => "[0-9]{1,12}",
        1 => any::<char>().prop_map(String::from),
        1 => "[\\u{0300}-\\u{036f}\\u{200b}-\\u{200f}\\u{feff}\\u{3000} \\t]{1,3}",
    ]
}

/// A line of text shaped like a table row or a sentence.
pub fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        // A row of cells joined by one separator.
        3 => (select(SEPARATORS), prop::collection::vec(token(), 0..12))
            .prop_map(|(sep, cells)| cells.join(sep)),
        // A cell per line followed by ` |`.
        2 => token().prop_map(|t| format!("{t} |")),
        // A markdown row.
        1 => prop::collection::vec(select(CELLS), 1..10)
            .prop_map(|cells| format!("| {} |", cells.join(" | "))),
        // Free tokens.
        2 => prop::collection::vec(token(), 0..8).prop_map(|t| t.concat()),
    ]
}

/// Report-like text: lines of [`line()`] joined by assorted breaks.
pub fn text() -> impl Strategy<Value = String> {
    prop::collection::vec((line(), select(BREAKS)), 0..80).prop_map(|lines| {
        let mut s = String::new();
        for (l, br) in lines {
            s.push_str(&l);
            s.push_str(br);
        }
        s
    })
}

/// A text fragment for inside HTML: tokens and entities, with the odd stray
/// markup character.
fn html_text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => token(),
        2 => select(ENTITIES).prop_map(str::to_string),
        1 => select(&["<", ">", "</", "<!--", "-->", "<![CDATA[", "]]>", "\"", "'", "=", "<br>", "<br/>"][..])
            .prop_map(str::to_string),
    ]
}

/// Attributes for a table cell.
fn cell_attrs() -> impl Strategy<Value = String> {
    (
        prop::option::of(select(SPANS)),
        prop::option::of(select(SPANS)),
        prop::bool::ANY,
    )
        .prop_map(|(rs, cs, style)| {
            let mut a = String::new();
            if let Some(rs) = rs {
                a.push_str(&format!(" rowspan=\"{rs}\""));
            }
            if let Some(cs) = cs {
                a.push_str(&format!(" colspan={cs}"));
            }
            if style {
                a.push_str(" style=\"text-align:center\"");
            }
            a
        })
}

/// An HTML table with random merges, optional closing tags and stray tags.
pub fn html_table() -> impl Strategy<Value = String> {
    let cell = (
        select(&["td", "th", "TD"][..]),
        cell_attrs(),
        prop::collection::vec(html_text(), 0..4),
        prop::bool::weighted(0.85),
    )
        .prop_map(|(tag, attrs, body, close)| {
            let mut s = format!("<{tag}{attrs}>");
            s.push_str(&body.concat());
            if close {
                s.push_str(&format!("</{tag}>"));
            }
            s
        });
    let row = (prop::collection::vec(cell, 0..9), prop::bool::weighted(0.8)).prop_map(
        |(cells, close)| {
            let mut s = String::from("<tr>");
            s.push_str(&cells.concat());
            if close {
                s.push_str("</tr>");
            }
            s
        },
    );
    (
        prop::collection::vec(row, 0..14),
        prop::bool::ANY,
        prop::bool::weighted(0.9),
    )
        .prop_map(|(rows, tbody, close)| {
            let mut s = String::from("<table border=\"1\">");
            if tbody {
                s.push_str("<tbody>");
            }
            s.push_str(&rows.concat());
            if tbody {
                s.push_str("</tbody>");
            }
            if close {
                s.push_str("</table>");
            }
            s
        })
}

/// An HTML fragment: text, tables, and nested elements.
pub fn html_node() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        3 => html_text(),
        2 => html_table(),
        1 => Just("<br>".to_string()),
        1 => Just("<script>var a = '<table><td>1</td>';</script>".to_string()),
        1 => Just("<style>td { color: red }</style>".to_string()),
        1 => Just("<!-- 注释 <table> -->".to_string()),
    ];
    leaf.prop_recursive(4, 64, 6, |inner| {
        (
            select(
                &[
                    "p", "div", "span", "h1", "h2", "h3", "font", "b", "td", "tr", "table",
                    "tbody", "li", "ul", "center", "strong", "section", "article",
                ][..],
            ),
            prop::collection::vec(inner, 0..6),
            prop::bool::weighted(0.85),
        )
            .prop_map(|(tag, children, close)| {
                let mut s = format!("<{tag}>");
                s.push_str(&children.concat());
                if close {
                    s.push_str(&format!("</{tag}>"));
                }
                s
            })
    })
}

/// A whole HTML page (or a bare fragment).
pub fn html() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(html_node(), 0..8),
        select(
            &[
                "",
                "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>年度报告</title></head><body>",
                "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gbk\"></head><body>",
                "<html><body>",
                "<body>",
            ][..],
        ),
        prop::bool::ANY,
    )
        .prop_map(|(nodes, head, close)| {
            let mut s = head.to_string();
            s.push_str(&nodes.concat());
            if close && !head.is_empty() {
                s.push_str("</body></html>");
            }
            s
        })
}

/// Encodes text in one of the encodings found in archives (or garbles it).
fn encode(text: String, how: u8) -> Vec<u8> {
    match how % 8 {
        0 | 1 => text.into_bytes(),
        2 | 3 => GBK.encode(&text).0.into_owned(),
        4 => {
            let mut b = vec![0xEF, 0xBB, 0xBF];
            b.extend_from_slice(text.as_bytes());
            b
        }
        5 => {
            let mut b = vec![0xFF, 0xFE];
            b.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
            b
        }
        6 => {
            let mut b = vec![0xFE, 0xFF];
            b.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
            b
        }
        _ => {
            // UTF-8 with a GBK-encoded middle: a mixed-encoding page.
            let mid = text.len() / 2;
            let cut = (0..=mid)
                .rev()
                .find(|&i| text.is_char_boundary(i))
                .unwrap_or(0);
            let (a, b) = text.split_at(cut);
            let mut out = a.as_bytes().to_vec();
            out.extend_from_slice(&GBK.encode(b).0);
            out
        }
    }
}

/// Bytes: arbitrary, or encoded report text or HTML, possibly truncated or
/// with bytes flipped.
pub fn bytes() -> impl Strategy<Value = Vec<u8>> {
    let shaped = (
        prop_oneof![text(), html()],
        any::<u8>(),
        prop::option::of(any::<prop::sample::Index>()),
        prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..4),
    )
        .prop_map(|(s, how, cut, flips)| {
            let mut b = encode(s, how);
            if let Some(cut) = cut
                && !b.is_empty()
            {
                b.truncate(cut.index(b.len() + 1));
            }
            for (at, v) in flips {
                if !b.is_empty() {
                    let i = at.index(b.len());
                    if let Some(x) = b.get_mut(i) {
                        *x = v;
                    }
                }
            }
            b
        });
    prop_oneof![
        2 => prop::collection::vec(any::<u8>(), 0..4096),
        // GBK lead/trail byte soup.
        1 => prop::collection::vec(
            prop_oneof![0x81u8..=0xFE, 0x40u8..=0xFE, 0x20u8..=0x7E, Just(b'\n')],
            0..2048,
        ),
        6 => shaped,
    ]
}

/// A path for the convert path: the extension decides the reader.
pub fn path() -> impl Strategy<Value = &'static str> {
    select(
        &[
            "r.html",
            "r.htm",
            "r.txt",
            "r.md",
            "r",
            "r.HTML",
            "r.pdf",
            "r.shtml",
            "dir/r.text",
        ][..],
    )
}

/// The content of one table cell or a short run of prose with numbers.
pub fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::collection::vec(
            prop_oneof![
                select(CELLS).prop_map(str::to_string),
                "[0-9０-９.,，+\\-－—/ 　元万亿件个]{1,6}",
            ],
            0..4,
        )
        .prop_map(|v| v.concat()),
        1 => any::<String>(),
        1 => token(),
    ]
}

/// Chinese numerals, well- and ill-formed, with neighbours.
pub fn numeral() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[零〇一二两三四五六七八九十百千万亿]{1,12}",
        2 => "[零〇一二两三四五六七八九十百千万亿0-9.,，万亿件]{1,12}",
        1 => any::<String>(),
        1 => select(CELLS).prop_map(str::to_string),
    ]
}
