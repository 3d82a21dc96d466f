//! Criterion benchmarks of the hot stages over every snapshot fixture:
//! decode, HTML → Document, text → Document (table detection), each
//! extractor's score and extract, record serialisation, and scoring all
//! extractors against extracting with the winner.
//!
//! `cargo bench -p nianbao-bench --bench stages` (add `-- <filter>` for one group).

#![allow(clippy::unwrap_used)]

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use nianbao_bench::{Fixture, fixtures_dir, load_fixtures};
use nianbao_core::{
    Document, Extractor, Record, Registry, SourceFormat, SourceInfo, read_document,
};
use std::hint::black_box;
use std::time::Duration;

/// The built-in extractors, in registration order.
fn extractors() -> Vec<Box<dyn Extractor>> {
    vec![
        Box::new(nianbao_extractor_standard_2021::Standard2021),
        Box::new(nianbao_extractor_standard_2019::Standard2019),
        Box::new(nianbao_extractor_free_form::FreeForm),
    ]
}

fn fixtures() -> Vec<Fixture> {
    load_fixtures(&fixtures_dir()).unwrap()
}

/// Freshly parsed documents of the fixtures (nothing cached yet).
fn documents(fixtures: &[Fixture]) -> Vec<Document> {
    fixtures
        .iter()
        .filter_map(|f| read_document(&f.bytes, f.extension().as_deref()).ok())
        .collect()
}

fn total_bytes(fixtures: &[Fixture]) -> u64 {
    fixtures.iter().map(|f| f.bytes.len() as u64).sum()
}

fn decode(c: &mut Criterion) {
    let fixtures = fixtures();
    let mut g = c.benchmark_group("decode");
    g.throughput(Throughput::Bytes(total_bytes(&fixtures)));
    g.bench_function("all", |b| {
        b.iter(|| {
            for f in &fixtures {
                black_box(nianbao_core::decode(&f.bytes, f.extension().as_deref()).ok());
            }
        })
    });
    g.finish();
}

fn parse(c: &mut Criterion) {
    let fixtures = fixtures();
    let decoded: Vec<_> = fixtures
        .iter()
        .filter_map(|f| nianbao_core::decode(&f.bytes, f.extension().as_deref()).ok())
        .collect();
    let mut g = c.benchmark_group("parse");
    for (name, format) in [("html", SourceFormat::Html), ("text", SourceFormat::Text)] {
        let inputs: Vec<_> = decoded.iter().filter(|d| d.format == format).collect();
        g.throughput(Throughput::Bytes(
            inputs.iter().map(|d| d.text.len() as u64).sum(),
        ));
        g.bench_function(name, |b| {
            b.iter_batched(
                || inputs.iter().map(|d| d.text.clone()).collect::<Vec<_>>(),
                |texts| {
                    for t in texts {
                        black_box(Document::parse(t, format, "utf-8"));
                    }
                },
                BatchSize::LargeInput,
            )
        });
    }
    g.finish();
}

fn extractors_bench(c: &mut Criterion) {
    let fixtures = fixtures();
    let registry = nianbao_cli::builtin_registry();
    let mut g = c.benchmark_group("extractor");
    g.throughput(Throughput::Bytes(total_bytes(&fixtures)));
    for (i, e) in extractors().iter().enumerate() {
        g.bench_function(format!("score/{}", e.id()), |b| {
            b.iter_batched(
                || documents(&fixtures),
                |docs| {
                    for d in &docs {
                        black_box(e.score(d));
                    }
                },
                BatchSize::LargeInput,
            )
        });
        // Extraction over the documents this extractor wins, after scoring
        // (as in `Registry::run`).
        let won: Vec<Fixture> = fixtures
            .iter()
            .zip(documents(&fixtures))
            .filter(|(_, d)| {
                let (scores, _) = registry.score(d);
                scores
                    .first()
                    .is_some_and(|&(w, s)| w == i && s > Registry::DEFAULT_THRESHOLD)
            })
            .map(|(f, _)| f.clone())
            .collect();
        if won.is_empty() {
            continue;
        }
        g.bench_function(format!("extract/{}", e.id()), |b| {
            b.iter_batched(
                || {
                    let docs = documents(&won);
                    docs.iter().for_each(|d| drop(registry.score(d)));
                    docs
                },
                |docs| {
                    for d in &docs {
                        black_box(e.extract(d));
                    }
                },
                BatchSize::LargeInput,
            )
        });
    }
    g.finish();
}

fn dispatch(c: &mut Criterion) {
    let fixtures = fixtures();
    let registry = nianbao_cli::builtin_registry();
    let all = extractors();
    let mut g = c.benchmark_group("dispatch");
    g.throughput(Throughput::Bytes(total_bytes(&fixtures)));
    g.bench_function("score_all", |b| {
        b.iter_batched(
            || documents(&fixtures),
            |docs| {
                for d in &docs {
                    black_box(registry.score(d));
                }
            },
            BatchSize::LargeInput,
        )
    });
    g.bench_function("extract_winner", |b| {
        b.iter_batched(
            || {
                documents(&fixtures)
                    .into_iter()
                    .filter_map(|d| {
                        let (scores, _) = registry.score(&d);
                        let &(w, s) = scores.first()?;
                        (s > Registry::DEFAULT_THRESHOLD).then_some((w, d))
                    })
                    .collect::<Vec<_>>()
            },
            |docs| {
                for (w, d) in &docs {
                    if let Some(e) = all.get(*w) {
                        black_box(e.extract(d));
                    }
                }
            },
            BatchSize::LargeInput,
        )
    });
    g.finish();
}

fn serialise(c: &mut Criterion) {
    let fixtures = fixtures();
    let registry = nianbao_cli::builtin_registry();
    let records: Vec<Record> = fixtures
        .iter()
        .zip(documents(&fixtures))
        .map(|(f, d)| {
            let source = SourceInfo {
                path: f.name.clone(),
                ..SourceInfo::default()
            };
            registry.record(source, &d)
        })
        .collect();
    let mut g = c.benchmark_group("serialise");
    let size: usize = records
        .iter()
        .map(|r| serde_json::to_vec(r).unwrap().len() + 1)
        .sum();
    g.throughput(Throughput::Bytes(size as u64));
    g.bench_function("jsonl", |b| {
        let mut out = Vec::with_capacity(size);
        b.iter(|| {
            out.clear();
            for r in &records {
                serde_json::to_writer(&mut out, r).unwrap();
                out.push(b'\n');
            }
            black_box(out.len())
        })
    });
    g.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
}

criterion_group! {
    name = stages;
    config = config();
    targets = decode, parse, extractors_bench, dispatch, serialise
}
criterion_main!(stages);
