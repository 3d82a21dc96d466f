//! Generates one `#[test]` per file under `fixtures/` (all files, sorted by
//! path) into `$OUT_DIR/fixtures.rs`, which `tests/fixtures.rs` includes.
//! Adding a fixture therefore needs no code.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs, io};

fn main() -> io::Result<()> {
    let root = PathBuf::from(env::var("CARGO_MANIFEST_DIR").map_err(io::Error::other)?);
    let fixtures = root.join("fixtures");
    println!("cargo:rerun-if-changed=fixtures");
    let mut files = Vec::new();
    collect(&fixtures, &mut files)?;
    files.sort();

    let mut code = String::new();
    let mut names = BTreeSet::new();
    for file in &files {
        let rel = file
            .strip_prefix(&fixtures)
            .map_err(io::Error::other)?
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        let mut name = test_name(&rel);
        while !names.insert(name.clone()) {
            name.push('_');
        }
        let _ = writeln!(
            code,
            "#[test]\n#[allow(non_snake_case)]\nfn {name}() {{\n    check_fixture({rel:?});\n}}\n"
        );
    }
    let out = PathBuf::from(env::var("OUT_DIR").map_err(io::Error::other)?);
    fs::write(out.join("fixtures.rs"), code)
}

/// Every file under `dir`, recursively; directories are watched for changes.
fn collect(dir: &Path, files: &mut Vec<PathBuf>) -> io::Result<()> {
    println!("cargo:rerun-if-changed={}", dir.display());
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, files)?;
        } else {
            println!("cargo:rerun-if-changed={}", path.display());
            files.push(path);
        }
    }
    Ok(())
}

/// A Rust identifier for a fixture path: `corpus/004_a.html` → `corpus__004_a_html`.
fn test_name(rel: &str) -> String {
    let mut name: String = rel
        .replace('/', "__")
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name.insert_str(0, "fixture_");
    }
    name
}
