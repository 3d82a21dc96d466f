//! Why a plugin could not be loaded.

use nianbao_plugin_abi::{ABI_MAJOR, ENTRY_NAME};
use std::path::{Path, PathBuf};
use thiserror::Error;

/// Why a plugin file or directory could not be used. Each message is one
/// line and starts with the path.
#[derive(Debug, Error)]
pub enum PluginError {
    /// A directory of `NIANBAO_PLUGIN_PATH` could not be listed.
    #[error("{}: cannot read plugin directory: {reason}", path.display())]
    Directory {
        /// The directory.
        path: PathBuf,
        /// What the system said.
        reason: String,
    },
    /// The file could not be opened as a dynamic library.
    #[error("{}: cannot load library: {reason}", path.display())]
    Open {
        /// The file.
        path: PathBuf,
        /// What the system said.
        reason: String,
    },
    /// The library has no entry point of this ABI major.
    #[error("{}: not a nianbao plugin (no symbol {ENTRY_NAME})", path.display())]
    NotAPlugin {
        /// The file.
        path: PathBuf,
    },
    /// The entry point returned a null descriptor.
    #[error("{}: {ENTRY_NAME} returned no descriptor", path.display())]
    NoDescriptor {
        /// The file.
        path: PathBuf,
    },
    /// The descriptor was built for another ABI major.
    #[error(
        "{}: plugin ABI {major}.{minor} is not supported (this host reads ABI {ABI_MAJOR}.x)",
        path.display()
    )]
    AbiMismatch {
        /// The file.
        path: PathBuf,
        /// The plugin's ABI major.
        major: u32,
        /// The plugin's ABI minor.
        minor: u32,
    },
    /// The descriptor is smaller than ABI 1.0's.
    #[error(
        "{}: bad descriptor size {size} (ABI {ABI_MAJOR}.0 needs at least {expected} bytes)",
        path.display()
    )]
    DescriptorSize {
        /// The file.
        path: PathBuf,
        /// The size the plugin declared.
        size: usize,
        /// The smallest size this host accepts.
        expected: usize,
    },
    /// A descriptor field is missing or malformed.
    #[error("{}: bad descriptor: {reason}", path.display())]
    Descriptor {
        /// The file.
        path: PathBuf,
        /// Which field and what is wrong with it.
        reason: String,
    },
    /// Another plugin already uses the id.
    #[error("{}: plugin id {id} is already taken by {}", path.display(), other.display())]
    DuplicateId {
        /// The file.
        path: PathBuf,
        /// The id.
        id: String,
        /// The plugin loaded first with that id.
        other: PathBuf,
    },
    /// A built-in or compiled-in extractor already uses the id.
    #[error("{}: plugin id {id} is already taken by a built-in extractor", path.display())]
    IdTaken {
        /// The file.
        path: PathBuf,
        /// The id.
        id: String,
    },
}

impl PluginError {
    /// The file or directory the error is about.
    pub fn path(&self) -> &Path {
        match self {
            PluginError::Directory { path, .. }
            | PluginError::Open { path, .. }
            | PluginError::NotAPlugin { path }
            | PluginError::NoDescriptor { path }
            | PluginError::AbiMismatch { path, .. }
            | PluginError::DescriptorSize { path, .. }
            | PluginError::Descriptor { path, .. }
            | PluginError::DuplicateId { path, .. }
            | PluginError::IdTaken { path, .. } => path,
        }
    }

    /// The message without its leading path.
    pub fn reason(&self) -> String {
        let full = self.to_string();
        let prefix = format!("{}: ", self.path().display());
        match full.strip_prefix(&prefix) {
            Some(rest) => rest.to_string(),
            None => full,
        }
    }
}
