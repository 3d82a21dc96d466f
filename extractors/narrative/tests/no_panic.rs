//! Arbitrary text never makes the narrative reader panic, and every fact's
//! evidence is exactly the source under its span.

use proptest::prelude::*;

/// Characters the phrase rules care about, mixed with anything.
fn text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "共",
        "主动公开",
        "政府信息",
        "1670",
        "条",
        "件",
        "元",
        "万元",
        "，",
        "。",
        "；",
        "：",
        "受理",
        "申请",
        "信息公开",
        "未",
        "无",
        "没有",
        "行政复议",
        "行政诉讼",
        "诉讼",
        "收取",
        "信息处理费",
        "其中",
        "占",
        "%",
        "2018年",
        "二〇一八年",
        "十八",
        "两",
        "零",
        "为",
        "１２",
        "1,670",
        "1.5万",
        "网站",
        "微博",
        "微信公众号",
        "发布",
        "标题：",
        "发布时间：",
        "2019-01-17",
        "年度报告",
        "统计表",
        "指标名称",
        "\n",
        " ",
        "_",
        "bet",
        "365",
        "局",
    ]);
    prop_oneof![
        prop::collection::vec(pieces, 0..60).prop_map(|v| v.concat()),
        any::<String>(),
    ]
}

proptest! {
    #[test]
    fn never_panics(s in text()) {
        let doc = nianbao_core::read_document(s.as_bytes(), Some("txt"));
        if let Ok(doc) = doc {
            let x = nianbao_narrative::read(&doc);
            for f in &x.facts {
                prop_assert_eq!(doc.slice(f.evidence.span()), f.evidence.text.as_str());
            }
        }
    }
}
