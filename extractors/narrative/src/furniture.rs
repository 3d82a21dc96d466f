//! Page furniture: the navigation, breadcrumbs, print and font controls,
//! footers, QR-code captions, leaving-site prompts and crawler header lines
//! that surround a report on a web page. Furniture is never a source of
//! facts; only the metadata lines among it (`发布时间:`) feed `meta`.

use memchr::memmem::Finder;
use nianbao_core::words::Words;
use std::sync::LazyLock;

/// Words that mark a short block as page furniture wherever they appear.
const MARKERS: &[&str] = &[
    "当前位置",
    "您的位置",
    "您现在的位置",
    "所在位置",
    "首页>",
    "首页》",
    "【打印】",
    "打印本页",
    "打印文章",
    "[打印]",
    "字体：",
    "字体大小",
    "字号：",
    "【大】",
    "【中】",
    "【小】",
    "大中小",
    "关闭窗口",
    "关闭本页",
    "【关闭】",
    "收藏本页",
    "加入收藏",
    "设为首页",
    "分享到",
    "扫一扫",
    "二维码",
    "即将离开",
    "是否继续",
    "继续访问",
    "主办单位",
    "主办：",
    "承办单位",
    "承办：",
    "技术支持",
    "ICP备",
    "ICP证",
    "备案号",
    "公网安备",
    "网站标识码",
    "版权所有",
    "Copyright",
    "copyright",
    "©",
    "联系我们",
    "网站地图",
    "繁体版",
    "简体版",
    "无障碍",
    "长者模式",
    "移动版",
    "附件下载",
    "相关链接",
    "上一篇",
    "下一篇",
    "浏览次数",
    "阅读次数",
    "访问次数",
    "点击数：",
    "QQ空间",
    "全真版",
    "文字版",
    "建议您使用",
    "浏览器",
    "页面链接与图片",
    "====",
    "原文链接",
    "本地目录",
];

/// Labels of metadata lines (crawler headers and article info bars).
const META_LABELS: &[&str] = &[
    "标题",
    "发布时间",
    "发布日期",
    "发文日期",
    "成文日期",
    "文号",
    "发文字号",
    "发布机构",
    "发文机关",
    "发布单位",
    "栏目",
    "来源",
    "信息来源",
    "时间",
    "日期",
    "作者",
    "索引号",
    "主题分类",
    "分类",
    "公开方式",
    "有效性",
];

/// [`MARKERS`], searched in one pass.
static MARKER_WORDS: LazyLock<Words> = LazyLock::new(|| Words::new(MARKERS.iter().copied()));

/// Whether a block of text (already normalised: no white space, folded
/// punctuation) is page furniture.
pub fn is_furniture(norm: &str) -> bool {
    if norm.is_empty() {
        return true;
    }
    // Sentences and numbered lines (the report's own headings, such as
    // `（三）无障碍建设`) are never furniture.
    static FULL_STOP: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("。"));
    if FULL_STOP.find(norm.as_bytes()).is_some()
        || nianbao_core::outline::heading_level(norm).is_some()
    {
        return false;
    }
    let chars = norm.chars().count();
    if chars <= 120 && (MARKER_WORDS.any_in(norm) || is_metadata_line(norm)) {
        return true;
    }
    // Navigation lists: several short items separated by | > • or ›
    // (separators are counted only in a text short enough to be one).
    if chars <= 160
        && norm
            .chars()
            .filter(|c| matches!(c, '|' | '｜' | '>' | '》' | '•' | '›' | '»'))
            .nth(1)
            .is_some()
        && !norm.contains("政府信息公开工作年度报告")
    {
        return true;
    }
    // Lone link words.
    matches!(
        norm,
        "首页"
            | "返回"
            | "返回顶部"
            | "关闭"
            | "打印"
            | "放弃"
            | "登录"
            | "注册"
            | "-->"
            | "附件"
            | "附件："
            | "分享"
    )
}

/// Whether the text starts like a metadata line: `发布时间：…`, `来源：…`.
pub fn is_metadata_line(norm: &str) -> bool {
    let t = norm.trim_start_matches(['•', '·', '*', '-', '【', '[']);
    // Labels are at most four characters: without `：` or `】` among the
    // first five, no label can match.
    if !t.chars().take(5).any(|c| matches!(c, '：' | '】')) {
        return false;
    }
    META_LABELS.iter().any(|l| {
        t.strip_prefix(l)
            .is_some_and(|rest| rest.starts_with('：') || rest.starts_with('】'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(input: &str, expected: bool) {
        assert_eq!(is_furniture(input), expected, "{input}");
    }

    #[test]
    fn labels_fit_the_prefilter() {
        assert!(META_LABELS.iter().all(|l| l.chars().count() <= 4));
    }

    #[test]
    fn furniture() {
        check("当前位置：首页>政府信息公开>政府信息公开工作年报", true);
        check("【打印】【字体：", true);
        check("主办：鄂尔多斯市工业和信息化局蒙ICP备19004019号-1", true);
        check("技术支持：内蒙古海瑞科技有限责任公司", true);
        check("扫一扫在手机打开当前页", true);
        check(
            "您访问的链接即将离开“湛江市人民政府门户网站”，是否继续？",
            true,
        );
        check(
            "|湛江市政府门户网站|繁体版|移动版|无障碍阅读|长者助手",
            true,
        );
        check("发布时间：2019-01-1016：13", true);
        check("标题：平潭综合实验区2018年度政府信息公开工作年度报告", true);
        check("====================正文====================", true);
        check("首页", true);
        check("一、总体情况", false);
        check("（三）无障碍建设情况", false);
        check("郑州市工业和信息化局2018年政府信息公开工作年度报告", false);
        check("2018年，局官网共上传信息336条，其中行业新闻46条。", false);
    }
}
