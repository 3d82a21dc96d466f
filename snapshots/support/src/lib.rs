//! Shared by the workspace's integration tests: where the fixtures and their
//! gold answers live, how a gold answer names its document, and where cargo
//! put a plugin crate's dynamic library.

use nianbao_core::Document;
use serde_json::Value as Json;
use std::path::{Path, PathBuf};

/// Errors of the helpers, as the tests report them.
pub type Error = Box<dyn std::error::Error>;

/// The `snapshots` folder: `fixtures/` and `gold/`.
pub fn snapshots_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A file of `snapshots/fixtures` (`relative` such as `corpus/x.txt`).
pub fn fixture(relative: &str) -> PathBuf {
    snapshots_dir().join("fixtures").join(relative)
}

/// The fixture a gold answer's `doc` names (`seeds/…`, `own/…` or a corpus
/// path such as `docs/…`).
pub fn gold_fixture(doc: &str) -> PathBuf {
    let name = doc.rsplit('/').next().unwrap_or(doc);
    let dir = if doc.starts_with("seeds/") {
        "seeds"
    } else if doc.starts_with("own/") {
        "own"
    } else {
        "corpus"
    };
    fixture(dir).join(name)
}

/// One gold answer and its document, read.
pub struct GoldCase {
    /// The gold file.
    pub gold_path: PathBuf,
    /// Its content.
    pub gold: Json,
    /// The fixture it answers for.
    pub doc_path: PathBuf,
    /// That fixture, read.
    pub doc: Document,
}

/// Every gold answer of `snapshots/gold` with its document, in file order.
pub fn gold_cases() -> Result<Vec<GoldCase>, Error> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(snapshots_dir().join("gold"))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    files.sort();
    if files.is_empty() {
        return Err("no gold files found".into());
    }
    files
        .into_iter()
        .map(|gold_path| {
            let gold: Json = serde_json::from_str(&std::fs::read_to_string(&gold_path)?)?;
            let doc_path = gold_fixture(gold["doc"].as_str().ok_or("gold without doc")?);
            let bytes = std::fs::read(&doc_path)?;
            let ext = doc_path.extension().and_then(|e| e.to_str());
            let doc = nianbao_core::read_document(&bytes, ext)?;
            Ok(GoldCase {
                gold_path,
                gold,
                doc_path,
                doc,
            })
        })
        .collect()
}

/// The dynamic library of a workspace crate (by its library name, such as
/// `nianbao_plugin_qingdao_2018`), which cargo builds next to the running
/// test binary, in `target/<profile>/deps`, when the crate is one of the
/// test's dev-dependencies. `None` when it is not there.
pub fn built_library(name: &str) -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let file = format!(
        "{}{name}{}",
        std::env::consts::DLL_PREFIX,
        std::env::consts::DLL_SUFFIX
    );
    let mut dir = exe.parent()?.to_path_buf();
    if !dir.ends_with("deps") {
        dir = dir.parent()?.join("deps");
    }
    let path = dir.join(file);
    path.is_file().then_some(path)
}
