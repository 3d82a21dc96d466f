//! The [`Extractor`] trait and the [`Registry`] that scores a document with
//! every extractor and dispatches it to the best.

use crate::checks;
use crate::document::Document;
use crate::record::{DispatchScore, Evidence, Extraction, Fact, Record, SCHEMA, SourceInfo};
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::LazyLock;

/// Turns a [`Document`] of one template into facts.
///
/// Implementations must be cheap to score (no full parse just to score) and
/// must treat a malformed document as data: whatever can be read, plus
/// warnings. The trait is object safe.
pub trait Extractor: Send + Sync {
    /// The template id this extractor writes into records (its directory name
    /// for built-ins, the plugin id for plugins).
    fn id(&self) -> &str;

    /// How well the document fits this extractor's template, in `[0, 1]`.
    fn score(&self, doc: &Document) -> f64;

    /// Reads the document.
    fn extract(&self, doc: &Document) -> Extraction;
}

/// The result of dispatching one document.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// The winning template id, or [`crate::UNKNOWN`].
    pub template: String,
    /// Every extractor's score, best first.
    pub dispatch: Vec<DispatchScore>,
    /// What the winner extracted, with the generic checks added.
    pub extraction: Extraction,
}

/// Every extractor the run knows, and the rule for choosing among them.
pub struct Registry {
    extractors: Vec<Box<dyn Extractor>>,
    threshold: f64,
}

impl Default for Registry {
    fn default() -> Registry {
        Registry::new()
    }
}

impl Registry {
    /// The score below which a document is `unknown`.
    pub const DEFAULT_THRESHOLD: f64 = 0.3;

    /// An empty registry with the default threshold.
    pub fn new() -> Registry {
        Registry {
            extractors: Vec::new(),
            threshold: Registry::DEFAULT_THRESHOLD,
        }
    }

    /// Adds an extractor. On equal scores the one added first wins.
    pub fn register(&mut self, extractor: Box<dyn Extractor>) {
        self.extractors.push(extractor);
    }

    /// Sets the dispatch threshold.
    pub fn with_threshold(mut self, threshold: f64) -> Registry {
        self.threshold = threshold;
        self
    }

    /// The registered extractors' ids, in registration order.
    pub fn ids(&self) -> Vec<&str> {
        self.extractors.iter().map(|e| e.id()).collect()
    }

    /// Scores the document with every extractor, best first. A panicking
    /// scorer scores 0 and leaves a warning.
    pub fn score(&self, doc: &Document) -> (Vec<(usize, f64)>, Vec<String>) {
        let mut warnings = Vec::new();
        let mut scores: Vec<(usize, f64)> = self
            .extractors
            .iter()
            .enumerate()
            .map(
                |(i, e)| match catch_unwind(AssertUnwindSafe(|| e.score(doc))) {
                    Ok(s) if s.is_finite() => (i, s.clamp(0.0, 1.0)),
                    Ok(_) => {
                        warnings.push(format!("extractor {} returned a non-finite score", e.id()));
                        (i, 0.0)
                    }
                    Err(_) => {
                        warnings.push(format!("extractor {} panicked while scoring", e.id()));
                        (i, 0.0)
                    }
                },
            )
            .collect();
        // Stable sort keeps registration order on ties.
        scores.sort_by(|a, b| b.1.total_cmp(&a.1));
        (scores, warnings)
    }

    /// Scores, dispatches to the best extractor above the threshold (falling
    /// back to the next one if it panics) and adds the generic checks.
    pub fn run(&self, doc: &Document) -> Outcome {
        let (scores, mut warnings) = self.score(doc);
        let dispatch = scores
            .iter()
            .filter_map(|&(i, s)| {
                self.extractors.get(i).map(|e| DispatchScore {
                    extractor: e.id().to_string(),
                    score: (s * 1000.0).round() / 1000.0,
                })
            })
            .collect();
        let mut template = crate::UNKNOWN.to_string();
        let mut extraction = Extraction::default();
        for &(i, s) in scores.iter().filter(|(_, s)| *s >= self.threshold) {
            let Some(e) = self.extractors.get(i) else {
                continue;
            };
            match catch_unwind(AssertUnwindSafe(|| e.extract(doc))) {
                Ok(x) => {
                    template = e.id().to_string();
                    extraction = x;
                    break;
                }
                Err(_) => warnings.push(format!(
                    "extractor {} (score {s:.3}) panicked while extracting; falling back",
                    e.id()
                )),
            }
        }
        if template == crate::UNKNOWN {
            let best = scores
                .first()
                .and_then(|&(i, s)| self.extractors.get(i).map(|e| (e.id(), s)));
            warnings.push(match best {
                Some((id, s)) => format!(
                    "not recognised as an annual report: best score {s:.3} ({id}) is below {:.2}",
                    self.threshold
                ),
                None => "no extractor is registered".to_string(),
            });
        }
        let mut all_warnings = doc.warnings.clone();
        all_warnings.append(&mut warnings);
        all_warnings.append(&mut extraction.warnings);
        extraction.warnings = all_warnings;
        let generic = checks::evaluate(&extraction.facts);
        for check in generic {
            if !extraction.checks.iter().any(|c| c.rule == check.rule) {
                extraction.checks.push(check);
            }
        }
        Outcome {
            template,
            dispatch,
            extraction,
        }
    }

    /// Runs the document and assembles its record.
    pub fn record(&self, source: SourceInfo, doc: &Document) -> Record {
        let outcome = self.run(doc);
        Record::from_outcome(source, doc, outcome)
    }
}

impl Record {
    /// Assembles a record from a dispatched document. Facts whose evidence
    /// does not match the source are dropped with a warning; the first fact
    /// for a key wins.
    pub fn from_outcome(mut source: SourceInfo, doc: &Document, outcome: Outcome) -> Record {
        source.format = Some(doc.format.as_str().to_string());
        source.encoding = Some(doc.encoding.clone());
        let Outcome {
            template,
            dispatch,
            extraction,
        } = outcome;
        let mut warnings = extraction.warnings;
        // The facts' order by key (stably: a key's facts keep their order):
        // the first fact of a key whose evidence matches is the one kept,
        // and the maps are built from sorted entries rather than by one
        // insert per fact.
        let order = key_order(&extraction.facts);
        let mut kept = Vec::with_capacity(order.len());
        let mut dropped = Vec::new();
        let mut last: Option<&str> = None;
        for i in order {
            let Some(fact) = extraction.facts.get(i) else {
                continue;
            };
            let key = fact.key.as_str();
            if last == Some(key) {
                continue;
            }
            if doc.source.get(fact.evidence.span().range()) != Some(fact.evidence.text.as_str()) {
                dropped.push(i);
                continue;
            }
            kept.push(i);
            last = Some(key);
        }
        // Warnings in the order the facts came.
        dropped.sort_unstable();
        for i in dropped {
            if let Some(fact) = extraction.facts.get(i) {
                warnings.push(format!(
                    "fact {} dropped: its evidence does not match the source",
                    fact.key
                ));
            }
        }
        // The kept facts' keys and texts are taken out of the extraction's
        // facts rather than every fact being moved out one by one.
        let mut all = extraction.facts;
        let mut facts = Vec::with_capacity(kept.len());
        let mut evidence = Vec::with_capacity(kept.len());
        for i in kept {
            let Some(fact) = all.get_mut(i) else {
                continue;
            };
            let key = std::mem::take(&mut fact.key);
            let text = std::mem::take(&mut fact.evidence.text);
            facts.push((key.clone(), fact.value));
            evidence.push((
                key,
                Evidence {
                    start: fact.evidence.start,
                    end: fact.evidence.end,
                    text,
                },
            ));
        }
        drop(all);
        let facts: BTreeMap<_, _> = facts.into_iter().collect();
        let evidence: BTreeMap<_, _> = evidence.into_iter().collect();
        Record {
            schema: SCHEMA.to_string(),
            source,
            template,
            dispatch,
            meta: extraction.meta,
            facts,
            evidence,
            checks: extraction.checks,
            warnings,
            error: None,
        }
    }
}

/// Every canonical key's rank in the keys' byte order.
static KEY_RANKS: LazyLock<FxHashMap<&'static str, u32>> = LazyLock::new(|| {
    let mut keys: Vec<&'static str> = crate::keys::all().iter().map(String::as_str).collect();
    keys.sort_unstable();
    keys.dedup();
    (0u32..).zip(keys).map(|(rank, key)| (key, rank)).collect()
});

/// The facts' indices ordered by key, a key's facts in their order: what a
/// stable sort by key gives. When every key is canonical, the keys' ranks
/// stand for the keys (one lookup per fact, then integers sorted); other
/// keys are compared as strings.
fn key_order(facts: &[Fact]) -> Vec<usize> {
    let ranks = &*KEY_RANKS;
    let ranked: Option<Vec<u64>> = facts
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let rank = *ranks.get(f.key.as_str())?;
            let i = u32::try_from(i).ok()?;
            Some(u64::from(rank) << 32 | u64::from(i))
        })
        .collect();
    match ranked {
        Some(mut ranked) => {
            // Rank then index: unique, so an unstable sort is stable here.
            ranked.sort_unstable();
            ranked
                .into_iter()
                .map(|r| (r & 0xffff_ffff) as usize)
                .collect()
        }
        None => {
            let mut order: Vec<(&str, usize)> = facts
                .iter()
                .enumerate()
                .map(|(i, f)| (f.key.as_str(), i))
                .collect();
            order.sort_by(|a, b| a.0.cmp(b.0));
            order.into_iter().map(|(_, i)| i).collect()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::key_order;
    use crate::record::test_fact;

    proptest::proptest! {
        /// Ranked or compared, the order is a stable sort by key.
        #[test]
        fn key_order_is_a_stable_sort_by_key(
            picks in proptest::collection::vec(0usize..400, 0..60),
            plugin in proptest::option::of(0usize..60),
        ) {
            let all = crate::keys::all();
            let mut facts: Vec<_> = picks
                .iter()
                .filter_map(|&p| all.get(p % all.len()))
                .map(|k| test_fact(k, 0))
                .collect();
            if let Some(at) = plugin {
                facts.insert(at.min(facts.len()), test_fact("x.demo.a", 1));
            }
            let mut want: Vec<usize> = (0..facts.len()).collect();
            want.sort_by(|&a, &b| facts[a].key.cmp(&facts[b].key));
            proptest::prop_assert_eq!(key_order(&facts), want);
        }
    }
}
