//! Finds, loads and checks nianbao plugins built as dynamic libraries, and
//! turns each into an ordinary [`Extractor`] for the
//! [`Registry`](nianbao_core::Registry).
//!
//! Plugins come from explicit files (`--plugin <FILE>`) and from the
//! directories of `NIANBAO_PLUGIN_PATH`, where only files named
//! `{prefix}nianbao_plugin_*{suffix}` (`libnianbao_plugin_x.so`,
//! `libnianbao_plugin_x.dylib`, `nianbao_plugin_x.dll`) are considered.
//! [`load_plugins`] loads them all and returns what loaded next to what did
//! not; one bad file never stops the others, and each [`PluginError`] is one
//! line naming the file.
//!
//! At run time the host trusts nothing a plugin returns: the output must be
//! JSON of the documented shape, keys must be canonical or under the
//! plugin's `x.<id>.` namespace, and evidence must be exactly the source
//! under its span; what fails is dropped with a warning in the record. A
//! plugin call that fails (an error status, for a panic inside the plugin)
//! makes the registry score it 0 or fall back to the next-best extractor,
//! with a warning, and disables the plugin for the rest of the run.
//!
//! Libraries are never unloaded. This crate is the only one that knows
//! libloading; it does not know any template.
//!
//! Key types: [`LoadedPlugin`], [`PluginError`], [`PluginExtractor`].

mod adapter;
mod error;
mod load;
pub mod validate;

pub use adapter::{PluginExtractor, PluginFailure};
pub use error::PluginError;
pub use load::is_plugin_file_name;

use nianbao_core::Extractor;
use std::collections::HashSet;
use std::ffi::OsStr;
use std::fmt;
use std::path::PathBuf;

/// The environment variable listing plugin directories.
pub const PLUGIN_PATH_VAR: &str = "NIANBAO_PLUGIN_PATH";

/// A plugin that loaded, ready to register.
pub struct LoadedPlugin {
    /// Its template id (and key namespace `x.<id>.`).
    pub id: String,
    /// Its own version.
    pub version: String,
    /// The ABI (major, minor) it was built for.
    pub abi: (u32, u32),
    /// The file it was loaded from, as given or found.
    pub path: PathBuf,
    /// The plugin as an extractor.
    pub extractor: Box<dyn Extractor>,
}

impl fmt::Debug for LoadedPlugin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LoadedPlugin")
            .field("id", &self.id)
            .field("version", &self.version)
            .field("abi", &self.abi)
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

/// Loads the plugin `files` (in order), then the plugin files found in the
/// directories of `env_path` (the value of [`PLUGIN_PATH_VAR`], separated
/// like `PATH`: `:` on Unix, `;` on Windows; each directory's files in name
/// order). A file reached twice is loaded once; a second plugin with an id
/// already loaded is an error.
pub fn load_plugins(
    files: &[PathBuf],
    env_path: Option<&OsStr>,
) -> (Vec<LoadedPlugin>, Vec<PluginError>) {
    let mut errors = Vec::new();
    let mut candidates: Vec<PathBuf> = files.to_vec();
    if let Some(env_path) = env_path {
        for dir in std::env::split_paths(env_path) {
            if dir.as_os_str().is_empty() {
                continue;
            }
            match load::discover(&dir) {
                Ok(mut found) => candidates.append(&mut found),
                Err(e) => errors.push(e),
            }
        }
    }
    let mut seen = HashSet::new();
    let mut loaded: Vec<LoadedPlugin> = Vec::new();
    for path in candidates {
        let key = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
        if !seen.insert(key) {
            continue;
        }
        match load::load(&path) {
            Ok(plugin) => {
                if let Some(first) = loaded.iter().find(|p| p.id == plugin.id) {
                    errors.push(PluginError::DuplicateId {
                        path,
                        id: plugin.id,
                        other: first.path.clone(),
                    });
                    continue;
                }
                loaded.push(LoadedPlugin {
                    id: plugin.id,
                    version: plugin.version,
                    abi: plugin.abi,
                    path,
                    extractor: Box::new(plugin.extractor),
                });
            }
            Err(e) => errors.push(e),
        }
    }
    (loaded, errors)
}

/// Refuses the plugins whose id is in `taken` (the ids of the extractors
/// already in the registry: `Registry::ids`), so that a plugin never
/// shadows a built-in extractor or a compiled-in copy of itself.
pub fn refuse_taken(
    plugins: Vec<LoadedPlugin>,
    taken: &[&str],
) -> (Vec<LoadedPlugin>, Vec<PluginError>) {
    let (refused, kept): (Vec<LoadedPlugin>, Vec<LoadedPlugin>) = plugins
        .into_iter()
        .partition(|p| taken.contains(&p.id.as_str()));
    let errors = refused
        .into_iter()
        .map(|p| PluginError::IdTaken {
            path: p.path,
            id: p.id,
        })
        .collect();
    (kept, errors)
}

/// One line of `nianbao plugins list`: id, version, ABI version (`abi 1.0`,
/// or `-` for a plugin compiled in), path and status, separated by tabs.
pub fn list_line(
    id: &str,
    version: &str,
    abi: Option<(u32, u32)>,
    path: &str,
    status: &str,
) -> String {
    let abi = abi.map_or_else(
        || "-".to_string(),
        |(major, minor)| format!("abi {major}.{minor}"),
    );
    format!("{id}\t{version}\t{abi}\t{path}\t{status}")
}

/// The lines of `nianbao plugins list` for a load: each loaded plugin with
/// status `ok`, then each failure with `-` for what is unknown and status
/// `error: <reason>`.
pub fn list_lines(loaded: &[LoadedPlugin], errors: &[PluginError]) -> Vec<String> {
    let ok = loaded.iter().map(|p| {
        list_line(
            &p.id,
            &p.version,
            Some(p.abi),
            &p.path.display().to_string(),
            "ok",
        )
    });
    let failed = errors.iter().map(|e| {
        list_line(
            "-",
            "-",
            None,
            &e.path().display().to_string(),
            &format!("error: {}", e.reason()),
        )
    });
    ok.chain(failed).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(abi: Option<(u32, u32)>, expected: &str) {
        assert_eq!(list_line("qd", "0.1.0", abi, "/p/x.so", "ok"), expected);
    }

    #[test]
    fn list_lines_are_tab_separated() {
        check(Some((1, 0)), "qd\t0.1.0\tabi 1.0\t/p/x.so\tok");
        check(None, "qd\t0.1.0\t-\t/p/x.so\tok");
    }
}
