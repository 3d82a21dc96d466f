//! What an extraction yields ([`Extraction`]) and the record written for
//! each document ([`Record`], schema `nianbao/1`).

use crate::document::Document;
use crate::span::Span;
use rustc_hash::FxHashSet;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// The schema id every record carries.
pub const SCHEMA: &str = "nianbao/1";

/// A number as printed in the document: an integer, or a decimal where the
/// document prints one (amounts in 万元).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Value {
    /// A whole number.
    Int(i64),
    /// A number with a fractional part.
    Decimal(f64),
}

impl Value {
    /// The value as a float, for arithmetic in checks and evaluation.
    pub fn as_f64(self) -> f64 {
        match self {
            Value::Int(i) => i as f64,
            Value::Decimal(d) => d,
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Int(i) => write!(f, "{i}"),
            Value::Decimal(d) => write!(f, "{d}"),
        }
    }
}

impl From<i64> for Value {
    fn from(v: i64) -> Value {
        Value::Int(v)
    }
}

/// Where a fact was read: a byte range of the decoded source and the text
/// found there (always exactly `source[start..end]`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// The source text under the range.
    pub text: String,
}

impl Evidence {
    /// Evidence for a span of the document's source.
    pub fn from_span(doc: &Document, span: Span) -> Evidence {
        Evidence {
            start: span.start,
            end: span.end,
            text: doc.slice(span).to_string(),
        }
    }

    /// The evidence's range as a span.
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
}

/// One extracted fact: a canonical key, its value and where it was read.
#[derive(Clone, Debug, PartialEq)]
pub struct Fact {
    /// Canonical key (see [`crate::keys`]) or a plugin key `x.<id>.…`.
    pub key: String,
    /// The value as printed.
    pub value: Value,
    /// Where it was read.
    pub evidence: Evidence,
}

impl Fact {
    /// A fact whose evidence is `span` in `doc`.
    pub fn new(doc: &Document, key: impl Into<String>, value: Value, span: Span) -> Fact {
        Fact {
            key: key.into(),
            value,
            evidence: Evidence::from_span(doc, span),
        }
    }
}

/// Who issued the report and when, as the document states it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    /// The report's title.
    pub title: Option<String>,
    /// The issuing body's full name as written.
    pub agency: Option<String>,
    /// The year the report covers.
    pub year: Option<i32>,
    /// Publication date, `YYYY-MM-DD`.
    pub published: Option<String>,
}

/// The outcome of one consistency rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    /// Rule id, such as `t3.balance.total`.
    pub rule: String,
    /// `true` holds, `false` is violated, `None` (null) not assessable.
    pub ok: Option<bool>,
    /// The arithmetic behind the verdict.
    pub detail: String,
}

/// What an extractor returns for a document. A malformed document is data:
/// whatever could be read, plus warnings.
#[derive(Clone, Debug, Default)]
pub struct Extraction {
    /// Identity of the report.
    pub meta: Meta,
    /// Extracted facts; at most one per key (the first wins).
    pub facts: Vec<Fact>,
    /// Checks the extractor evaluated itself (the registry adds the generic ones).
    pub checks: Vec<Check>,
    /// Problems worth a reader's attention.
    pub warnings: Vec<String>,
}

impl Extraction {
    /// Adds a fact unless the key is already present.
    pub fn push_fact(&mut self, fact: Fact) {
        if !self.facts.iter().any(|f| f.key == fact.key) {
            self.facts.push(fact);
        }
    }

    /// Adds facts in order, each unless its key is already present: what
    /// [`push_fact`](Self::push_fact) does one by one, without a scan of
    /// every fact held for each fact added.
    pub fn extend_facts(&mut self, facts: impl IntoIterator<Item = Fact>) {
        let held = self.facts.len();
        self.facts.extend(facts);
        let mut seen = FxHashSet::with_capacity_and_hasher(self.facts.len(), Default::default());
        let keep: Vec<bool> = self
            .facts
            .iter()
            .enumerate()
            .map(|(i, f)| seen.insert(f.key.as_str()) || i < held)
            .collect();
        drop(seen);
        let mut keep = keep.into_iter();
        self.facts.retain(|_| keep.next().unwrap_or(true));
    }

    /// The value of a key, if extracted.
    pub fn value(&self, key: &str) -> Option<Value> {
        self.facts.iter().find(|f| f.key == key).map(|f| f.value)
    }
}

/// Where the bytes came from and how they were read.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceInfo {
    /// The path as given on the command line (or found under a directory).
    pub path: String,
    /// SHA-256 of the raw bytes, hex.
    pub sha256: String,
    /// Size of the raw bytes.
    pub bytes: u64,
    /// `text` or `html`; absent when the bytes could not be decoded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// The encoding the bytes were decoded from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
}

/// One extractor's score for a document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DispatchScore {
    /// The extractor id.
    pub extractor: String,
    /// Its score in `[0, 1]`.
    pub score: f64,
}

/// The record written for one document (SCHEMA.md, `nianbao/1`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// Always [`SCHEMA`].
    pub schema: String,
    /// Where the bytes came from.
    pub source: SourceInfo,
    /// The template id the document was dispatched to, or `unknown`.
    pub template: String,
    /// Every extractor's score, best first.
    pub dispatch: Vec<DispatchScore>,
    /// Identity of the report.
    pub meta: Meta,
    /// Canonical key → value.
    pub facts: BTreeMap<String, Value>,
    /// Canonical key → where it was read.
    pub evidence: BTreeMap<String, Evidence>,
    /// Consistency rules and their outcome.
    pub checks: Vec<Check>,
    /// Problems worth a reader's attention.
    pub warnings: Vec<String>,
    /// Why the document could not be read, when it could not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl Record {
    /// A record for a document that could not be read at all.
    pub fn failed(source: SourceInfo, error: impl Into<String>) -> Record {
        Record {
            schema: SCHEMA.to_string(),
            source,
            template: crate::UNKNOWN.to_string(),
            dispatch: Vec::new(),
            meta: Meta::default(),
            facts: BTreeMap::new(),
            evidence: BTreeMap::new(),
            checks: Vec::new(),
            warnings: Vec::new(),
            error: Some(error.into()),
        }
    }

    /// Number of checks that failed (`ok == false`).
    pub fn failed_checks(&self) -> usize {
        self.checks.iter().filter(|c| c.ok == Some(false)).count()
    }
}

/// A fact with a whole value and empty evidence, for tests.
#[cfg(test)]
pub(crate) fn test_fact(key: &str, v: i64) -> Fact {
    Fact {
        key: key.to_string(),
        value: Value::Int(v),
        evidence: Evidence {
            start: 0,
            end: 0,
            text: String::new(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::test_fact as fact;
    use super::*;

    #[test]
    fn extend_facts_is_push_fact_in_bulk() {
        let held = [fact("a", 1), fact("b", 2)];
        let more = [fact("c", 3), fact("a", 4), fact("c", 5), fact("d", 6)];
        let mut one_by_one = Extraction::default();
        for f in held.iter().chain(&more) {
            one_by_one.push_fact(f.clone());
        }
        let mut bulk = Extraction::default();
        bulk.extend_facts(held.iter().cloned());
        bulk.extend_facts(more.iter().cloned());
        assert_eq!(bulk.facts, one_by_one.facts);
        assert_eq!(bulk.value("c"), Some(Value::Int(3)));
    }
}
