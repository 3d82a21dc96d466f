//! Helpers for cheap scoring: weighted label fingerprints over
//! [`Document::compact`](crate::Document::compact).

/// Sums the weights of the labels present in `compact` and squashes the sum
/// into `[0, 1)` as `1 - exp(-sum)`, so a few strong labels saturate and one
/// weak label stays low.
pub fn fingerprint(compact: &str, labels: &[(&str, f64)]) -> f64 {
    let sum: f64 = labels
        .iter()
        .filter(|(label, _)| compact.contains(label))
        .map(|(_, w)| w)
        .sum();
    1.0 - (-sum.max(0.0)).exp()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saturates() {
        let labels = [("本年制发件数", 2.0), ("现行有效件数", 2.0), ("总计", 0.1)];
        assert!(fingerprint("本年制发件数现行有效件数", &labels) > 0.95);
        assert!(fingerprint("总计", &labels) < 0.1);
        assert_eq!(fingerprint("", &labels), 0.0);
    }
}
