//! `nianbao detect`: every extractor's score for each document and the
//! winner, as an aligned table.

use crate::convert::read_input;
use crate::walk::Input;
use nianbao_core::Registry;
use std::panic::{AssertUnwindSafe, catch_unwind};

/// One document's line of the table.
#[derive(Clone, Debug, PartialEq)]
pub struct Detection {
    /// The path as given or found.
    pub path: String,
    /// The winning template id, `unknown`, or `error`.
    pub winner: String,
    /// `(extractor id, score)` in registry order, or the error message.
    pub scores: Result<Vec<(String, f64)>, String>,
}

/// Scores one document with every extractor. Never panics.
pub fn detect_input(input: &Input, registry: &Registry, max_bytes: u64) -> Detection {
    let scores = catch_unwind(AssertUnwindSafe(|| {
        let bytes = read_input(input, max_bytes).map_err(|f| f.error)?;
        let ext = crate::convert::extension(&input.display);
        let doc = nianbao_core::read_document(&bytes, ext.as_deref()).map_err(|e| e.to_string())?;
        let (ranked, _) = registry.score(&doc);
        let ids = registry.ids();
        let mut scores: Vec<(String, f64)> = ids.iter().map(|id| (id.to_string(), 0.0)).collect();
        for (i, s) in ranked {
            if let Some(slot) = scores.get_mut(i) {
                slot.1 = s;
            }
        }
        Ok(scores)
    }))
    .unwrap_or_else(|_| Err("internal error (a bug in nianbao) while scoring".to_string()));
    let winner = match &scores {
        Err(_) => "error".to_string(),
        Ok(scores) => winner(scores, Registry::DEFAULT_THRESHOLD),
    };
    Detection {
        path: input.display.clone(),
        winner,
        scores,
    }
}

/// The best-scoring id at or above the threshold (the first on ties), or `unknown`.
pub fn winner(scores: &[(String, f64)], threshold: f64) -> String {
    let mut best: Option<&(String, f64)> = None;
    for s in scores {
        if s.1 >= threshold && best.is_none_or(|b| s.1 > b.1) {
            best = Some(s);
        }
    }
    best.map_or_else(|| nianbao_core::UNKNOWN.to_string(), |b| b.0.clone())
}

/// Formats detections as lines of aligned columns: path, winner, then
/// `id=score` for every extractor (or the error).
pub fn table(rows: &[Detection]) -> String {
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|d| {
            let mut line = vec![d.path.clone(), d.winner.clone()];
            match &d.scores {
                Ok(scores) => line.extend(scores.iter().map(|(id, s)| format!("{id}={s:.3}"))),
                Err(e) => line.push(e.clone()),
            }
            line
        })
        .collect();
    crate::write::aligned(&cells)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// A path and its scores, or the error reading it.
    type Row<'a> = (&'a str, Result<&'a [(&'a str, f64)], &'a str>);

    #[track_caller]
    fn check(rows: &[Row], expected: &str) {
        let rows: Vec<Detection> = rows
            .iter()
            .map(|(path, scores)| {
                let scores: Result<Vec<(String, f64)>, String> = scores
                    .map(|s| s.iter().map(|(id, v)| (id.to_string(), *v)).collect())
                    .map_err(str::to_string);
                Detection {
                    path: path.to_string(),
                    winner: match &scores {
                        Ok(s) => winner(s, 0.3),
                        Err(_) => "error".to_string(),
                    },
                    scores,
                }
            })
            .collect();
        assert_eq!(table(&rows), expected);
    }

    #[test]
    fn aligned_table() {
        check(
            &[
                ("a.txt", Ok(&[("s-2021", 0.94), ("free-form", 0.31)])),
                ("年报.html", Ok(&[("s-2021", 0.1), ("free-form", 0.2)])),
                (
                    "long-name.txt",
                    Err("binary file (not text), a long message"),
                ),
                ("tie.txt", Ok(&[("s-2021", 0.5), ("free-form", 0.5)])),
            ],
            "a.txt          s-2021   s-2021=0.940  free-form=0.310\n\
             年报.html      unknown  s-2021=0.100  free-form=0.200\n\
             long-name.txt  error    binary file (not text), a long message\n\
             tie.txt        s-2021   s-2021=0.500  free-form=0.500\n",
        );
    }
}
