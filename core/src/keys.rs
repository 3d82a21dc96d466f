//! The canonical keys of SCHEMA.md, in schema order: table 二 (`t2.`),
//! table 三 (`t3.`), table 四 (`t4.`) and narrative facts (`n.`).

use std::collections::HashMap;
use std::sync::OnceLock;

/// Table 三 applicant columns, in template order.
pub const T3_COLUMNS: [&str; 7] = [
    "natural",
    "commercial",
    "research",
    "social",
    "legal",
    "other_org",
    "total",
];

/// Table 三 rows, in template order (both the undivided `other` row and the
/// 2021 three-way split are listed; a document has one or the other).
pub const T3_ROWS: [&str; 26] = [
    "new_received",
    "carried_over",
    "granted",
    "partial",
    "denied_state_secret",
    "denied_law",
    "denied_safety",
    "denied_third_party",
    "denied_internal",
    "denied_process",
    "denied_enforcement",
    "denied_query",
    "unable_not_held",
    "unable_create",
    "unable_unclear",
    "rejected_petition",
    "rejected_duplicate",
    "rejected_publication",
    "rejected_mass",
    "rejected_confirm",
    "other",
    "other_no_correction",
    "other_no_fee",
    "other_misc",
    "handled_total",
    "carried_forward",
];

/// The （一）…（六） handling rows whose sum is （七）总计 (`granted` …
/// `other_misc`).
pub const T3_HANDLED_ROWS: &[&str] = T3_ROWS.split_at(24).0.split_at(2).1;

/// Table 四 groups.
pub const T4_GROUPS: [&str; 3] = ["review", "suit_direct", "suit_after_review"];

/// Table 四 columns within each group.
pub const T4_COLUMNS: [&str; 5] = ["upheld", "corrected", "other", "pending", "total"];

/// Narrative keys.
pub const NARRATIVE: [&str; 9] = [
    "n.active.total",
    "n.active.normative",
    "n.channels.website",
    "n.channels.weibo",
    "n.channels.wechat",
    "n.requests.received",
    "n.review.total",
    "n.suit.total",
    "n.fees.yuan",
];

/// Table 二 (row, columns) pairs across both templates, in schema order.
const T2: [(&str, &[&str]); 9] = [
    (
        "rules",
        &[
            "made",
            "published",
            "total",
            "issued",
            "repealed",
            "in_force",
        ],
    ),
    (
        "normative",
        &[
            "made",
            "published",
            "total",
            "issued",
            "repealed",
            "in_force",
        ],
    ),
    ("licensing", &["prev", "change", "decisions"]),
    ("other_services", &["prev", "change", "decisions"]),
    ("penalty", &["prev", "change", "decisions"]),
    ("coercion", &["prev", "change", "decisions"]),
    ("fees", &["prev", "change", "amount_wan"]),
    ("procurement", &["count", "amount_yuan"]),
    ("", &[]),
];

struct Catalogue {
    ordered: Vec<String>,
    index: HashMap<String, usize>,
}

fn catalogue() -> &'static Catalogue {
    static CAT: OnceLock<Catalogue> = OnceLock::new();
    CAT.get_or_init(|| {
        let mut ordered = Vec::new();
        for (row, cols) in T2.iter().filter(|(r, _)| !r.is_empty()) {
            for col in *cols {
                ordered.push(format!("t2.{row}.{col}"));
            }
        }
        for row in T3_ROWS {
            for col in T3_COLUMNS {
                ordered.push(format!("t3.{row}.{col}"));
            }
        }
        for group in T4_GROUPS {
            for col in T4_COLUMNS {
                ordered.push(format!("t4.{group}.{col}"));
            }
        }
        ordered.extend(NARRATIVE.iter().map(|k| k.to_string()));
        let index = ordered
            .iter()
            .enumerate()
            .map(|(i, k)| (k.clone(), i))
            .collect();
        Catalogue { ordered, index }
    })
}

/// Every canonical key, in schema order.
pub fn all() -> &'static [String] {
    &catalogue().ordered
}

/// Whether `key` is a canonical key.
pub fn is_canonical(key: &str) -> bool {
    catalogue().index.contains_key(key)
}

/// The position of a canonical key in schema order.
pub fn position(key: &str) -> Option<usize> {
    catalogue().index.get(key).copied()
}

/// Whether `key` is a well-formed plugin key for plugin `id`: `x.<id>.<name>`.
pub fn is_plugin_key(key: &str, id: &str) -> bool {
    key.strip_prefix("x.")
        .and_then(|k| k.strip_prefix(id))
        .and_then(|k| k.strip_prefix('.'))
        .is_some_and(|rest| {
            !rest.is_empty()
                && rest
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_is_complete_and_ordered() {
        // t2: 2×6 + 4×3 + 3 + 2 = 29; t3: 26 rows × 7; t4: 15; n: 9.
        assert_eq!(all().len(), 29 + 26 * 7 + 15 + 9);
        assert!(is_canonical("t3.new_received.natural"));
        assert!(is_canonical("t2.fees.amount_wan"));
        assert!(!is_canonical("t3..natural"));
        assert!(position("t2.rules.made") < position("t3.new_received.natural"));
        assert!(position("t4.suit_after_review.total") < position("n.active.total"));
        assert_eq!(T3_HANDLED_ROWS.first(), Some(&"granted"));
        assert_eq!(T3_HANDLED_ROWS.last(), Some(&"other_misc"));
        assert!(is_plugin_key("x.qingdao.press_conferences", "qingdao"));
        assert!(!is_plugin_key("x.other.press", "qingdao"));
    }
}
