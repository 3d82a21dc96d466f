//! `bench-e2e`: end-to-end throughput of `nianbao convert`, and the cost of
//! scoring against extracting.
//!
//! ```text
//! bench-e2e corpus [--docs 10000,40000] [--jobs 1,2] [--bin target/release/nianbao] [--repeat 1] [--keep DIR]
//! bench-e2e dispatch
//! ```
//!
//! `corpus` generates each corpus size from the snapshot fixtures into a
//! temporary directory and runs the release binary over it under
//! `/usr/bin/time -v` (output to /dev/null), printing documents/s, MB/s and
//! the peak resident set size. `dispatch` prints, per fixture, the time of
//! scoring with every built-in extractor next to the time of extracting with
//! the winner, on the same freshly parsed document as `convert` sees it.

use anyhow::{Context, bail};
use nianbao_bench::{fixtures_dir, load_fixtures, write_corpus};
use nianbao_core::{Extractor, Registry, read_document};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const USAGE: &str = "usage: bench-e2e corpus [--docs N,M] [--jobs A,B] [--bin PATH] [--repeat R] [--keep DIR] | dispatch";

/// The options `corpus` takes, each followed by a value.
const CORPUS_OPTIONS: [&str; 5] = ["--docs", "--jobs", "--bin", "--repeat", "--keep"];

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        println!("{USAGE}");
        return Ok(());
    }
    match args.first().map(String::as_str) {
        Some("corpus") => corpus(args.get(1..).unwrap_or_default()),
        Some("dispatch") if args.len() == 1 => dispatch(),
        _ => bail!(USAGE),
    }
}

/// Fails on anything but `--name value` pairs of [`CORPUS_OPTIONS`], so that
/// a mistyped option does not start a long run with the defaults.
fn check_options(args: &[String]) -> anyhow::Result<()> {
    for pair in args.chunks(2) {
        match pair {
            [name, _] if CORPUS_OPTIONS.contains(&name.as_str()) => {}
            _ => bail!("unexpected argument {:?}\n{USAGE}", pair[0]),
        }
    }
    Ok(())
}

/// The value after `--name`, if given.
fn option<'a>(args: &'a [String], name: &str) -> Option<&'a str> {
    let at = args.iter().position(|a| a == name)?;
    args.get(at + 1).map(String::as_str)
}

/// A comma-separated list of numbers.
fn numbers(list: &str) -> anyhow::Result<Vec<usize>> {
    list.split(',')
        .map(|n| {
            n.trim()
                .parse()
                .with_context(|| format!("not a number: {n}"))
        })
        .collect()
}

/// `bench-e2e corpus`.
fn corpus(args: &[String]) -> anyhow::Result<()> {
    check_options(args)?;
    let docs = numbers(option(args, "--docs").unwrap_or("10000,40000"))?;
    let jobs = numbers(option(args, "--jobs").unwrap_or("1,2"))?;
    let repeat: usize = option(args, "--repeat").unwrap_or("1").parse()?;
    let bin = PathBuf::from(option(args, "--bin").unwrap_or("target/release/nianbao"));
    if !bin.is_file() {
        bail!(
            "{} not found: run `cargo build --release -p nianbao-cli` first",
            bin.display()
        );
    }
    let fixtures = load_fixtures(&fixtures_dir())?;
    println!("docs\tjobs\tMB\twall_s\tcpu_s\tdocs/s\tMB/s\tMB/cpu_s\tpeak_rss_MB");
    let keep = option(args, "--keep").map(PathBuf::from);
    for &n in &docs {
        // With --keep the corpus stays in DIR/<n> for profiling.
        let temp = tempfile::tempdir()?;
        let dir = keep
            .as_ref()
            .map_or(temp.path().to_path_buf(), |k| k.join(n.to_string()));
        let bytes = write_corpus(&fixtures, &dir, n)?;
        let mb = bytes as f64 / 1e6;
        for &j in &jobs {
            let mut best: Option<Run> = None;
            for _ in 0..repeat.max(1) {
                let run = timed_convert(&bin, &dir, j)?;
                if best.as_ref().is_none_or(|b| run.wall < b.wall) {
                    best = Some(run);
                }
            }
            let Some(run) = best else { continue };
            let s = run.wall.as_secs_f64();
            println!(
                "{n}\t{j}\t{mb:.1}\t{s:.2}\t{:.2}\t{:.0}\t{:.1}\t{:.1}\t{:.1}",
                run.cpu,
                n as f64 / s,
                mb / s,
                mb / run.cpu.max(f64::MIN_POSITIVE),
                run.rss_kb as f64 / 1024.0
            );
        }
    }
    Ok(())
}

/// One timed run.
struct Run {
    /// Wall-clock time.
    wall: Duration,
    /// User plus system CPU seconds (the honest per-core figure on a
    /// machine shared with other work).
    cpu: f64,
    /// Peak resident set size in KiB.
    rss_kb: u64,
}

/// Runs `nianbao convert --format jsonl --jobs <jobs> <dir>` under
/// `/usr/bin/time -v`.
fn timed_convert(bin: &PathBuf, dir: &std::path::Path, jobs: usize) -> anyhow::Result<Run> {
    let start = Instant::now();
    let out = Command::new("/usr/bin/time")
        .arg("-v")
        .arg(bin)
        .args(["convert", "--format", "jsonl", "--jobs", &jobs.to_string()])
        .arg(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .context("cannot run /usr/bin/time")?;
    let wall = start.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    // Exit code 1 means some documents (the non-report fixtures) failed.
    if !matches!(out.status.code(), Some(0 | 1)) {
        bail!("convert failed: {stderr}");
    }
    let field = |name: &str| {
        stderr
            .lines()
            .find_map(|l| l.trim().strip_prefix(name))
            .map(str::trim)
            .with_context(|| format!("no `{name}` in /usr/bin/time output"))
    };
    let rss_kb = field("Maximum resident set size (kbytes):")?.parse()?;
    let user: f64 = field("User time (seconds):")?.parse()?;
    let sys: f64 = field("System time (seconds):")?.parse()?;
    Ok(Run {
        wall,
        cpu: user + sys,
        rss_kb,
    })
}

/// `bench-e2e dispatch`.
fn dispatch() -> anyhow::Result<()> {
    let extractors: Vec<Box<dyn Extractor>> = vec![
        Box::new(nianbao_extractor_standard_2021::Standard2021),
        Box::new(nianbao_extractor_standard_2019::Standard2019),
        Box::new(nianbao_extractor_free_form::FreeForm),
    ];
    let registry = nianbao_cli::builtin_registry();
    let fixtures = load_fixtures(&fixtures_dir())?;
    println!("fixture\tKB\twinner\tscore_all_us\textract_us\tratio");
    let (mut score_total, mut extract_total) = (0.0, 0.0);
    for f in &fixtures {
        let ext = f.extension();
        let fresh = || read_document(&f.bytes, ext.as_deref());
        let Ok(doc) = fresh() else { continue };
        let (scores, _) = registry.score(&doc);
        let winner = scores
            .first()
            .filter(|(_, s)| *s > Registry::DEFAULT_THRESHOLD)
            .and_then(|(i, _)| extractors.get(*i));
        let (mut score_t, mut extract_t, mut n) = (Duration::ZERO, Duration::ZERO, 0u32);
        let budget = Instant::now();
        while n < 5 || (budget.elapsed() < Duration::from_millis(400) && n < 500) {
            // Scoring sees a fresh document, as in `convert`.
            let Ok(doc) = fresh() else { break };
            let t = Instant::now();
            std::hint::black_box(registry.score(&doc));
            score_t += t.elapsed();
            // Extraction follows scoring on the same document.
            if let Some(w) = winner {
                let t = Instant::now();
                std::hint::black_box(w.extract(&doc));
                extract_t += t.elapsed();
            }
            n += 1;
        }
        let score_us = score_t.as_secs_f64() * 1e6 / f64::from(n);
        let extract_us = extract_t.as_secs_f64() * 1e6 / f64::from(n);
        score_total += score_us;
        extract_total += extract_us;
        println!(
            "{}\t{:.1}\t{}\t{score_us:.1}\t{extract_us:.1}\t{}",
            f.name,
            f.bytes.len() as f64 / 1024.0,
            winner.map_or("-", |w| w.id()),
            if extract_us > 0.0 {
                format!("{:.2}", score_us / extract_us)
            } else {
                "-".to_string()
            }
        );
    }
    println!(
        "total\t\t\t{score_total:.1}\t{extract_total:.1}\t{:.2}",
        score_total / extract_total.max(f64::MIN_POSITIVE)
    );
    Ok(())
}
