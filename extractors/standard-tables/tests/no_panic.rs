//! Arbitrary text, and text made of table words, digits and separators,
//! never makes the readers or the scorer panic.

use nianbao_core::{Document, SourceFormat};
use nianbao_standard_tables::{Template, read, score};
use proptest::prelude::*;

/// Pieces that reach deep into the readers: section titles, labels, digits
/// that run together, cell separators, full-width digits, signs and units.
const PIECES: &[&str] = &[
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "第二十条第（一）项",
    "信息内容",
    "本年制发件数",
    "本年新制作数量",
    "采购总金额（万元）",
    "规章",
    "行政规范性文件",
    "政府集中采购",
    "一、本年新收政府信息公开申请数量",
    "（三）不予公开",
    "1.属于国家秘密",
    "2.",
    "（六）其他处理",
    "3.其他",
    "（七）总计",
    "法人或其他组织小计",
    "自然人",
    "总计",
    "结果维持",
    "0",
    "1",
    "801000081",
    "110024001510102",
    "-3",
    "+1036",
    "3.5万元",
    "1,234",
    "１２",
    "/",
    "—",
    "无",
    " ",
    "  ",
    "\t",
    "\n",
    "\n\n",
    " |\n",
    " | |\n",
    "| ",
    "-3-",
    "\u{c}",
];

fn check(text: &str) {
    for format in [SourceFormat::Text, SourceFormat::Html] {
        let doc = Document::parse(text.to_string(), format, "utf-8");
        for template in [Template::Standard2019, Template::Standard2021] {
            let s = score(&doc, template);
            assert!((0.0..=1.0).contains(&s));
            let x = read(&doc, template);
            for f in &x.facts {
                assert_eq!(doc.slice(f.evidence.span()), f.evidence.text);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn arbitrary_text(text in "\\PC{0,300}") {
        check(&text);
    }

    #[test]
    fn table_words(pieces in prop::collection::vec(prop::sample::select(PIECES), 0..120)) {
        check(&pieces.concat());
    }
}
