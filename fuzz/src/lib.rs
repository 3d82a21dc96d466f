//! Structure-aware fuzz targets for nianbao, written as property tests so
//! they run on a stable toolchain.
//!
//! Each target (see `tests/targets.rs`) draws inputs from the generators of
//! [`generate`] — arbitrary bytes, but mostly bytes shaped like what an archive
//! holds: HTML assembled from tags, entities and table fragments with random
//! `rowspan`/`colspan`, text assembled from table-ish lines and the official
//! templates' labels, GBK and UTF-16 encodings — and checks the properties of
//! [`check`]: no panic, spans in bounds and on char boundaries, every fact's
//! evidence equal to `source[start..end]`, deterministic output.
//!
//! [`run`] drives a target. How long is set by the environment:
//! `NIANBAO_FUZZ_CASES` (cases per target, default [`DEFAULT_CASES`]) or
//! `NIANBAO_FUZZ_SECS` (run batches of cases until that many seconds have
//! passed; overrides the case count). `NIANBAO_FUZZ_SLOW_MS` fails a case
//! that takes longer than that (default [`DEFAULT_SLOW_MS`]).

pub mod check;
pub mod generate;

use proptest::strategy::Strategy;
use proptest::test_runner::{Config, TestCaseError, TestError, TestRunner};
use std::cell::Cell;
use std::fmt::Debug;
use std::time::{Duration, Instant};

/// Cases per target when `NIANBAO_FUZZ_CASES` is not set: small, so that
/// `cargo test --workspace` stays fast.
pub const DEFAULT_CASES: u32 = 24;

/// A case slower than this many milliseconds fails, when
/// `NIANBAO_FUZZ_SLOW_MS` is not set. Generated inputs are at most tens of
/// kilobytes; a case this slow is a super-linear path. Unoptimised builds
/// (the CI's `cargo test`) on a loaded machine get six times the margin.
pub const DEFAULT_SLOW_MS: u64 = if cfg!(debug_assertions) {
    120_000
} else {
    20_000
};

/// How much fuzzing to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Budget {
    /// Cases to run when no time budget is set.
    pub cases: u32,
    /// Seconds to keep running batches of cases; `None` runs `cases` once.
    pub secs: Option<u64>,
    /// A case slower than this fails.
    pub slow: Duration,
}

impl Budget {
    /// The budget the environment asks for.
    pub fn from_env() -> Budget {
        let num = |name: &str| {
            std::env::var(name)
                .ok()
                .and_then(|v| v.trim().parse::<u64>().ok())
        };
        Budget {
            cases: num("NIANBAO_FUZZ_CASES")
                .and_then(|n| u32::try_from(n).ok())
                .unwrap_or(DEFAULT_CASES),
            secs: num("NIANBAO_FUZZ_SECS").filter(|&s| s > 0),
            slow: Duration::from_millis(num("NIANBAO_FUZZ_SLOW_MS").unwrap_or(DEFAULT_SLOW_MS)),
        }
    }
}

/// Runs the property `test` on values of `strategy` within the environment's
/// [`Budget`]. Panics with the shrunk failing input when the property fails
/// (a panic inside `test` counts as a failure).
pub fn run<S>(name: &str, strategy: S, test: impl Fn(S::Value) -> Result<(), TestCaseError>)
where
    S: Strategy,
    S::Value: Debug,
{
    let budget = Budget::from_env();
    let started = Instant::now();
    let slowest = Cell::new(Duration::ZERO);
    let mut total: u64 = 0;
    loop {
        let batch = match budget.secs {
            Some(_) => 256,
            None => budget.cases,
        };
        let config = Config {
            cases: batch,
            failure_persistence: None,
            max_shrink_iters: 4096,
            ..Config::default()
        };
        let mut runner = TestRunner::new(config);
        let result = runner.run(&strategy, |value| {
            let t = Instant::now();
            test(value)?;
            let took = t.elapsed();
            if took > slowest.get() {
                slowest.set(took);
            }
            if took > budget.slow {
                return Err(TestCaseError::fail(format!(
                    "slow case: {} ms (limit {} ms)",
                    took.as_millis(),
                    budget.slow.as_millis()
                )));
            }
            Ok(())
        });
        total += u64::from(batch);
        match result {
            Ok(()) => {}
            Err(TestError::Fail(reason, value)) => {
                panic!("fuzz target {name} failed: {reason}\nminimal input: {value:?}")
            }
            Err(TestError::Abort(reason)) => panic!("fuzz target {name} aborted: {reason}"),
        }
        let done = match budget.secs {
            Some(secs) => started.elapsed() >= Duration::from_secs(secs),
            None => true,
        };
        if done {
            break;
        }
    }
    eprintln!(
        "fuzz {name}: {total} cases in {:.1} s, slowest case {} ms",
        started.elapsed().as_secs_f64(),
        slowest.get().as_millis()
    );
}
