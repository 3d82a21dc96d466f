//! Checking what a plugin returns: the JSON's shape, keys and evidence.

use nianbao_core::{Check, Evidence, Extraction, Fact, Meta, Value, keys};
use serde::Deserialize;

/// The top level of a plugin's output, each part checked separately.
#[derive(Deserialize)]
struct Wire {
    #[serde(default)]
    meta: serde_json::Value,
    #[serde(default)]
    facts: Vec<serde_json::Value>,
    #[serde(default)]
    checks: Vec<serde_json::Value>,
    #[serde(default)]
    warnings: Vec<serde_json::Value>,
}

/// One fact as a plugin writes it.
#[derive(Deserialize)]
struct WireFact {
    key: String,
    value: Value,
    evidence: Evidence,
}

/// Turns plugin `id`'s JSON into an extraction over `source`, keeping only
/// what holds: facts whose key is canonical or under `x.<id>.` and whose
/// evidence is exactly the source under its span. Whatever is dropped leaves
/// a warning; output that is not JSON of the expected shape is dropped whole.
pub fn extraction(id: &str, source: &str, json: &[u8]) -> Extraction {
    let mut out = Extraction::default();
    let parsed = serde_json::from_slice::<serde_json::Value>(json)
        .map_err(|e| format!("invalid JSON ({e})"))
        .and_then(|value| match value {
            serde_json::Value::Object(_) => serde_json::from_value::<Wire>(value)
                .map_err(|e| format!("JSON of the wrong shape ({e})")),
            _ => Err("JSON that is not an object".to_string()),
        });
    let wire = match parsed {
        Ok(wire) => wire,
        Err(problem) => {
            out.warnings.push(format!(
                "plugin {id} returned {problem}; its output is dropped"
            ));
            return out;
        }
    };
    if !wire.meta.is_null() {
        match serde_json::from_value::<Meta>(wire.meta) {
            Ok(meta) => out.meta = meta,
            Err(e) => out.warnings.push(format!("plugin {id}: meta dropped: {e}")),
        }
    }
    for (i, value) in wire.facts.into_iter().enumerate() {
        let fact = match serde_json::from_value::<WireFact>(value) {
            Ok(fact) => fact,
            Err(e) => {
                out.warnings
                    .push(format!("plugin {id}: fact #{i} dropped: {e}"));
                continue;
            }
        };
        if let Some(problem) = key_problem(id, &fact.key)
            .or_else(|| value_problem(fact.value))
            .or_else(|| evidence_problem(source, &fact.evidence))
        {
            out.warnings
                .push(format!("plugin {id}: fact {} dropped: {problem}", fact.key));
            continue;
        }
        out.push_fact(Fact {
            key: fact.key,
            value: fact.value,
            evidence: fact.evidence,
        });
    }
    for value in wire.checks {
        match serde_json::from_value::<Check>(value) {
            Ok(check) => out.checks.push(check),
            Err(e) => out
                .warnings
                .push(format!("plugin {id}: check dropped: {e}")),
        }
    }
    out.warnings
        .extend(wire.warnings.into_iter().map(|w| match w {
            serde_json::Value::String(s) => s,
            other => other.to_string(),
        }));
    out
}

/// Why a key is not acceptable from plugin `id`.
fn key_problem(id: &str, key: &str) -> Option<String> {
    (!keys::is_canonical(key) && !keys::is_plugin_key(key, id))
        .then(|| format!("key is neither canonical nor under x.{id}."))
}

/// Why a value is not acceptable.
fn value_problem(value: Value) -> Option<String> {
    (!value.as_f64().is_finite()).then(|| "value is not a finite number".to_string())
}

/// Why evidence does not hold in `source`.
fn evidence_problem(source: &str, e: &Evidence) -> Option<String> {
    let span = format!("{}..{}", e.start, e.end);
    if e.start >= e.end {
        return Some(format!("evidence span {span} is empty"));
    }
    if e.end > source.len() {
        return Some(format!(
            "evidence span {span} is out of bounds (the source has {} bytes)",
            source.len()
        ));
    }
    let Some(found) = source.get(e.start..e.end) else {
        return Some(format!(
            "evidence span {span} does not fall on character boundaries"
        ));
    };
    (found != e.text).then(|| {
        format!(
            "evidence text {:?} is not the source under {span} ({:?})",
            clip(&e.text),
            clip(found)
        )
    })
}

/// At most 40 characters of a text, for messages.
fn clip(text: &str) -> String {
    let mut out: String = text.chars().take(40).collect();
    if out.len() < text.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SOURCE: &str = "共召开新闻发布会5次，公开75件。";

    /// Runs the validation for plugin `qd` and renders what survives:
    /// `key = value @start..end` per fact, then the warnings.
    #[track_caller]
    fn check(json: &str, expected: &[&str]) {
        let x = extraction("qd", SOURCE, json.as_bytes());
        let mut got: Vec<String> = x
            .facts
            .iter()
            .map(|f| {
                format!(
                    "{} = {} @{}..{}",
                    f.key, f.value, f.evidence.start, f.evidence.end
                )
            })
            .collect();
        got.extend(x.warnings.iter().cloned());
        assert_eq!(got, expected);
    }

    fn fact(key: &str, start: usize, end: usize, text: &str) -> String {
        format!(
            r#"{{"key":"{key}","value":5,"evidence":{{"start":{start},"end":{end},"text":"{text}"}}}}"#
        )
    }

    #[test]
    fn good_facts_pass() {
        check(
            &format!(
                r#"{{"facts":[{},{}],"warnings":["note"]}}"#,
                fact("x.qd.press", 24, 25, "5"),
                fact("n.active.total", 24, 25, "5")
            ),
            &[
                "x.qd.press = 5 @24..25",
                "n.active.total = 5 @24..25",
                "note",
            ],
        );
    }

    #[test]
    fn invalid_json_drops_everything() {
        check(
            r#"{"facts": ["#,
            &[
                "plugin qd returned invalid JSON (EOF while parsing a list at line 1 column 11); its output is dropped",
            ],
        );
        check(
            "[1]",
            &["plugin qd returned JSON that is not an object; its output is dropped"],
        );
        check(
            r#"{"facts": 3}"#,
            &[
                "plugin qd returned JSON of the wrong shape (invalid type: integer `3`, expected a sequence); its output is dropped",
            ],
        );
    }

    #[test]
    fn foreign_keys_are_dropped() {
        check(
            &format!(
                r#"{{"facts":[{},{},{}]}}"#,
                fact("x.other.press", 24, 25, "5"),
                fact("t3.bogus.total", 24, 25, "5"),
                fact("x.qd.Press", 24, 25, "5")
            ),
            &[
                "plugin qd: fact x.other.press dropped: key is neither canonical nor under x.qd.",
                "plugin qd: fact t3.bogus.total dropped: key is neither canonical nor under x.qd.",
                "plugin qd: fact x.qd.Press dropped: key is neither canonical nor under x.qd.",
            ],
        );
    }

    #[test]
    fn bad_evidence_is_dropped() {
        check(
            &format!(
                r#"{{"facts":[{},{},{},{}]}}"#,
                fact("x.qd.a", 24, 25, "6"),
                fact("x.qd.b", 24, 999, "5"),
                fact("x.qd.c", 1, 3, "召"),
                fact("x.qd.d", 25, 25, "")
            ),
            &[
                r#"plugin qd: fact x.qd.a dropped: evidence text "6" is not the source under 24..25 ("5")"#,
                "plugin qd: fact x.qd.b dropped: evidence span 24..999 is out of bounds (the source has 45 bytes)",
                "plugin qd: fact x.qd.c dropped: evidence span 1..3 does not fall on character boundaries",
                "plugin qd: fact x.qd.d dropped: evidence span 25..25 is empty",
            ],
        );
    }

    #[test]
    fn malformed_parts_are_dropped_one_by_one() {
        check(
            &format!(
                r#"{{"meta":{{"year":"x"}},"facts":[{{"key":"x.qd.a"}},{}],"checks":[{{"rule":1}}],"warnings":[7]}}"#,
                fact("x.qd.b", 24, 25, "5")
            ),
            &[
                "x.qd.b = 5 @24..25",
                "plugin qd: meta dropped: invalid type: string \"x\", expected i32",
                "plugin qd: fact #0 dropped: missing field `value`",
                "plugin qd: check dropped: invalid type: integer `1`, expected a string",
                "7",
            ],
        );
    }
}
