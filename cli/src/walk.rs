//! Turning command-line paths into the documents to read, lazily and in a
//! deterministic order.
//!
//! A named file is always read, whatever its extension. A directory is walked
//! recursively, one directory listing at a time, each listing sorted by file
//! name, so the documents come out sorted by path. Inside directories only
//! files with a report extension ([`READ_EXTENSIONS`]) or none are read;
//! hidden entries (names starting with `.`) and symbolic links to directories
//! are left out. A path that cannot be read becomes an [`Input`] carrying the
//! error, so that it still yields a record.

use std::fs;
use std::path::{Path, PathBuf};

/// The extensions (lower case, without the dot) read inside directories.
pub const READ_EXTENSIONS: [&str; 6] = ["txt", "text", "md", "html", "htm", "shtml"];

/// One document to read, or a path that could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Input {
    /// The file system path.
    pub path: PathBuf,
    /// The path as given or found, with forward slashes: what records show.
    pub display: String,
    /// Why the path cannot be read, when it cannot.
    pub error: Option<String>,
}

impl Input {
    /// A file to read.
    pub fn file(path: PathBuf) -> Input {
        Input {
            display: path_display(&path),
            path,
            error: None,
        }
    }

    /// A path that cannot be read.
    pub fn unreadable(path: PathBuf, error: String) -> Input {
        Input {
            display: path_display(&path),
            path,
            error: Some(error),
        }
    }
}

/// The path as text with forward slashes.
pub fn path_display(path: &Path) -> String {
    let s = path.to_string_lossy();
    if std::path::MAIN_SEPARATOR == '/' {
        s.into_owned()
    } else {
        s.replace(std::path::MAIN_SEPARATOR, "/")
    }
}

/// Whether a file found inside a directory is read, by its extension.
pub fn is_read_in_directories(path: &Path) -> bool {
    match path.extension() {
        None => true,
        Some(ext) => {
            let ext = ext.to_string_lossy().to_ascii_lowercase();
            READ_EXTENSIONS.contains(&ext.as_str())
        }
    }
}

/// The lazy walk over command-line paths: an iterator of [`Input`]s.
#[derive(Debug)]
pub struct Walk {
    roots: std::vec::IntoIter<PathBuf>,
    /// Sorted listings of the directories being walked, innermost last.
    stack: Vec<std::vec::IntoIter<PathBuf>>,
    skipped: usize,
}

impl Walk {
    /// A walk over `paths`, in the given order.
    pub fn new(paths: Vec<PathBuf>) -> Walk {
        Walk {
            roots: paths.into_iter(),
            stack: Vec::new(),
            skipped: 0,
        }
    }

    /// Files skipped so far for their extension.
    pub fn skipped(&self) -> usize {
        self.skipped
    }

    /// Opens a directory: pushes its sorted listing, or returns the error input.
    fn enter(&mut self, dir: PathBuf) -> Option<Input> {
        match list(&dir) {
            Ok(entries) => {
                self.stack.push(entries.into_iter());
                None
            }
            Err(e) => Some(Input::unreadable(
                dir,
                format!("cannot read directory: {e}"),
            )),
        }
    }

    /// Decides what to do with an entry found inside a directory.
    fn visit(&mut self, path: PathBuf) -> Option<Input> {
        let hidden = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if hidden {
            tracing::debug!("skipping hidden {}", path_display(&path));
            return None;
        }
        let meta = match fs::symlink_metadata(&path) {
            Ok(m) => m,
            Err(e) => return Some(Input::unreadable(path, format!("cannot read file: {e}"))),
        };
        let file_type = meta.file_type();
        if file_type.is_dir() {
            return self.enter(path);
        }
        if file_type.is_symlink() && fs::metadata(&path).is_ok_and(|m| m.is_dir()) {
            tracing::warn!(
                "skipping {}: symbolic link to a directory",
                path_display(&path)
            );
            return None;
        }
        if is_read_in_directories(&path) {
            Some(Input::file(path))
        } else {
            self.skipped += 1;
            tracing::warn!(
                "skipping {}: not a report extension (.txt .text .md .html .htm .shtml or none)",
                path_display(&path)
            );
            None
        }
    }
}

impl Iterator for Walk {
    type Item = Input;

    fn next(&mut self) -> Option<Input> {
        loop {
            if let Some(top) = self.stack.last_mut() {
                match top.next() {
                    Some(path) => {
                        if let Some(input) = self.visit(path) {
                            return Some(input);
                        }
                    }
                    None => {
                        self.stack.pop();
                    }
                }
                continue;
            }
            let root = self.roots.next()?;
            match fs::metadata(&root) {
                Ok(m) if m.is_dir() => {
                    if let Some(input) = self.enter(root) {
                        return Some(input);
                    }
                }
                // A named file is always read, whatever its extension.
                Ok(_) => return Some(Input::file(root)),
                Err(e) => return Some(Input::unreadable(root, format!("cannot read file: {e}"))),
            }
        }
    }
}

/// A directory's entries, sorted by file name.
fn list(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut entries = Vec::new();
    for entry in fs::read_dir(dir)? {
        entries.push(entry?.path());
    }
    entries.sort_by(|a, b| a.file_name().cmp(&b.file_name()));
    Ok(entries)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(files: &[&str], args: &[&str], expected: &[&str]) {
        let dir = tempfile::tempdir().unwrap();
        for f in files {
            let p = dir.path().join(f);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, "x").unwrap();
        }
        let root = path_display(dir.path());
        let paths = args.iter().map(|a| dir.path().join(a)).collect();
        let got: Vec<String> = Walk::new(paths)
            .map(|i| {
                let rel = i.display.strip_prefix(&root).unwrap_or(&i.display);
                let rel = rel.trim_start_matches('/').to_string();
                match i.error {
                    Some(_) => format!("!{rel}"),
                    None => rel,
                }
            })
            .collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn walks_sorted_and_filters_extensions() {
        check(
            &[
                "b/z.txt",
                "b/a.HTML",
                "a.md",
                "c",
                "d.pdf",
                ".hidden.txt",
                "b/c/x.htm",
            ],
            &["."],
            &["./a.md", "./b/a.HTML", "./b/c/x.htm", "./b/z.txt", "./c"],
        );
        check(
            &["d.pdf", "a.txt"],
            &["d.pdf", "a.txt"],
            &["d.pdf", "a.txt"],
        );
        check(
            &["a.txt"],
            &["missing.txt", "a.txt"],
            &["!missing.txt", "a.txt"],
        );
    }
}
