//! Measures what one loaded plugin adds to the cost of each document.
//!
//! ```text
//! cargo run --release -p nianbao-plugin-host --example plugin_cost [PLUGIN_FILE] [ROUNDS]
//! ```
//!
//! Reads every fixture once, then runs each through a registry of the
//! built-in extractors, the same plus the example plugin compiled in, and
//! the same plus the example plugin loaded as a dynamic library, and prints
//! the time per document of each, best of several rounds.

use nianbao_core::{Document, Registry};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn builtins() -> Registry {
    let mut r = Registry::new();
    r.register(Box::new(nianbao_extractor_standard_2021::Standard2021));
    r.register(Box::new(nianbao_extractor_standard_2019::Standard2019));
    r.register(Box::new(nianbao_extractor_free_form::FreeForm));
    r
}

/// The example plugin's library, built next to this example (a
/// dev-dependency of the host).
fn default_plugin() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let deps = exe.parent()?.parent()?.join("deps");
    Some(deps.join(format!(
        "{}nianbao_plugin_qingdao_2018{}",
        std::env::consts::DLL_PREFIX,
        std::env::consts::DLL_SUFFIX
    )))
}

fn fixtures() -> Vec<Document> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../snapshots/fixtures");
    let mut docs = Vec::new();
    for dir in ["seeds", "corpus"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(bytes) = std::fs::read(&path) else {
                continue;
            };
            let ext = path.extension().and_then(|e| e.to_str());
            if let Ok(doc) = nianbao_core::read_document(&bytes, ext) {
                docs.push(doc);
            }
        }
    }
    docs
}

/// Time per document of one pass of `f` over all documents.
fn time(docs: &[Document], mut f: impl FnMut(&Document)) -> Duration {
    let start = Instant::now();
    for doc in docs {
        f(doc);
    }
    start.elapsed() / docs.len().max(1) as u32
}

fn main() {
    let mut args = std::env::args().skip(1);
    let plugin = args.next().map(PathBuf::from).or_else(default_plugin);
    let rounds: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(50);
    let Some(plugin) = plugin else {
        eprintln!("usage: plugin_cost [PLUGIN_FILE] [ROUNDS]");
        std::process::exit(2);
    };
    let docs = fixtures();
    let bytes: usize = docs.iter().map(|d| d.source.len()).sum();

    let start = Instant::now();
    let (mut loaded, errors) = nianbao_plugin_host::load_plugins(&[plugin], None);
    let load_time = start.elapsed();
    for e in &errors {
        eprintln!("{e}");
    }
    if loaded.is_empty() {
        std::process::exit(1);
    }

    let base = builtins();
    let mut compiled_in = builtins();
    compiled_in.register(Box::new(nianbao_plugin_qingdao_2018::Qingdao2018));
    let mut dynamic = builtins();
    dynamic.register(loaded.remove(0).extractor);

    // Rounds interleave the variants, so that they share the machine's load;
    // each keeps its best round.
    let mut best = [Duration::MAX; 5];
    for _ in 0..rounds {
        let timings = [
            time(&docs, |doc| {
                black_box(Document::parse(
                    doc.source.clone(),
                    doc.format,
                    &doc.encoding,
                ));
            }),
            time(&docs, |doc| {
                // What the dynamic plugin does per document: rebuild, score.
                let fresh = Document::parse(doc.source.clone(), doc.format, &doc.encoding);
                black_box(nianbao_core::Extractor::score(
                    &nianbao_plugin_qingdao_2018::Qingdao2018,
                    &fresh,
                ));
            }),
            time(&docs, |doc| {
                black_box(base.run(doc));
            }),
            time(&docs, |doc| {
                black_box(compiled_in.run(doc));
            }),
            time(&docs, |doc| {
                black_box(dynamic.run(doc));
            }),
        ];
        for (b, t) in best.iter_mut().zip(timings) {
            *b = (*b).min(t);
        }
    }
    let [parse, rebuild_and_score, t_base, t_compiled, t_dynamic] = best;
    println!(
        "{} documents, {} KiB, best of {rounds} rounds; plugin loaded in {load_time:?}",
        docs.len(),
        bytes / 1024
    );
    println!("Document::parse alone:              {parse:>10.1?} per document");
    println!("rebuild + plugin score, in process: {rebuild_and_score:>10.1?} per document");
    println!("built-ins:                          {t_base:>10.1?} per document");
    println!(
        "built-ins + plugin compiled in:     {t_compiled:>10.1?} per document (+{:.1?})",
        t_compiled.saturating_sub(t_base)
    );
    println!(
        "built-ins + plugin loaded (dylib):  {t_dynamic:>10.1?} per document (+{:.1?})",
        t_dynamic.saturating_sub(t_base)
    );
}
