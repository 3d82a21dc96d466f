//! Names of government bodies: the endings that mark a string as one
//! (`某某县人民政府`, `某市统计局`, `某某街道办事处`).

/// Endings of the names of government bodies and the institutions that
/// publish disclosure reports (universities, hospitals, state companies).
pub const BODY_SUFFIXES: &[&str] = &[
    "局",
    "委",
    "委员会",
    "政府",
    "办公厅",
    "办公室",
    "厅",
    "院",
    "中心",
    "区",
    "县",
    "市",
    "省",
    "镇",
    "乡",
    "街道",
    "办事处",
    "管委会",
    "署",
    "会",
    "所",
    "站",
    "处",
    "队",
    "馆",
    "社",
    "部",
    "办",
    "室",
    "大学",
    "学院",
    "学校",
    "医院",
    "公司",
    "集团",
];

/// Whether `s` ends like the name of a body ([`BODY_SUFFIXES`]).
pub fn has_body_suffix(s: &str) -> bool {
    BODY_SUFFIXES.iter().any(|x| s.ends_with(x))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_names() {
        assert!(has_body_suffix("某某县人民政府"));
        assert!(has_body_suffix("某市统计局"));
        assert!(has_body_suffix("某某街道办事处"));
        assert!(has_body_suffix("某某大学"));
        assert!(!has_body_suffix("政府信息公开工作年度报告"));
        assert!(!has_body_suffix(""));
    }
}
