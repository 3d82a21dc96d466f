//! A plugin (id `faulty`) that misbehaves on demand, for the host's fault
//! tests. A document containing one of these markers makes it:
//!
//! - `fault:score-panic`: panic inside `score`;
//! - `fault:extract-panic`: score 0.99, then panic inside `extract`;
//! - `fault:bad-json`: score 0.99, then return output that is not JSON;
//! - `fault:bad-keys`: score 0.99, then return facts under another plugin's
//!   namespace and a non-canonical `t3.` key, next to one good fact;
//! - `fault:bad-evidence`: score 0.99, then return facts whose evidence does
//!   not match the source (wrong text, out of bounds, inside a character),
//!   next to one good fact.
//!
//! Any other document scores 0.

use nianbao_core::{Document, Evidence, Extraction, Extractor, Fact, Span, Value};

/// The marker that makes [`serialize`] write garbage.
const BAD_JSON: &str = "fault:bad-json";

/// The misbehaving extractor.
#[derive(Default)]
pub struct Faulty;

/// A fact for `key` with evidence at `start..end` claiming `text`.
fn fact(key: &str, start: usize, end: usize, text: &str) -> Fact {
    Fact {
        key: key.to_string(),
        value: Value::Int(1),
        evidence: Evidence {
            start,
            end,
            text: text.to_string(),
        },
    }
}

impl Extractor for Faulty {
    fn id(&self) -> &str {
        "faulty"
    }

    fn score(&self, doc: &Document) -> f64 {
        if doc.source.contains("fault:score-panic") {
            panic!("score exploded on purpose");
        }
        if doc.source.contains("fault:") {
            0.99
        } else {
            0.0
        }
    }

    fn extract(&self, doc: &Document) -> Extraction {
        let s = &doc.source;
        if s.contains("fault:extract-panic") {
            panic!("extract exploded on purpose");
        }
        let mut x = Extraction::default();
        // One good fact: the marker itself.
        let good = s
            .find("fault:")
            .map(|at| Span::new(at, at + "fault:".len()));
        if let Some(span) = good {
            x.facts
                .push(Fact::new(doc, "x.faulty.marker", Value::Int(1), span));
        }
        if s.contains(BAD_JSON) {
            x.warnings.push(BAD_JSON.to_string());
        }
        if s.contains("fault:bad-keys") {
            let at = good.unwrap_or_default();
            let text = doc.slice(at);
            x.facts.push(fact("x.other.marker", at.start, at.end, text));
            x.facts
                .push(fact("t3.invented.total", at.start, at.end, text));
        }
        if s.contains("fault:bad-evidence") {
            x.facts.push(fact("x.faulty.wrong_text", 0, 3, "999"));
            x.facts
                .push(fact("x.faulty.out_of_bounds", s.len(), s.len() + 3, "999"));
            let inside = s.char_indices().find(|(_, c)| c.len_utf8() > 1);
            if let Some((at, _)) = inside {
                x.facts
                    .push(fact("x.faulty.split_char", at + 1, at + 2, "?"));
            }
        }
        x
    }
}

/// Writes the extraction as JSON, or garbage when the document asked for it.
fn serialize(x: &Extraction) -> Result<Vec<u8>, nianbao_plugin_sdk::SerializeError> {
    if x.warnings.iter().any(|w| w == BAD_JSON) {
        return Ok(b"{\"facts\": [ this is not json".to_vec());
    }
    nianbao_plugin_sdk::to_json(x)
}

nianbao_plugin_sdk::__export_plugin!(Faulty, "0.0.1", serialize, |_| {});
