//! Finding plugin files and loading them through libloading.

use crate::adapter::PluginExtractor;
use crate::error::PluginError;
use libloading::Library;
use nianbao_plugin_abi::{
    ABI_MAJOR, DescriptorHeader, ENTRY_SYMBOL, EntryFn, PluginDescriptor, SCHEMA, Utf8Str,
};
use std::path::{Path, PathBuf};

/// What the loader learnt about one plugin.
pub(crate) struct Loaded {
    pub(crate) id: String,
    pub(crate) version: String,
    pub(crate) abi: (u32, u32),
    pub(crate) extractor: PluginExtractor,
}

/// Whether a file name is a plugin's: `{prefix}nianbao_plugin_*{suffix}`
/// with this platform's dynamic library prefix (optional) and suffix
/// (`lib….so`, `lib….dylib`, `….dll`).
pub fn is_plugin_file_name(name: &str) -> bool {
    let Some(stem) = name.strip_suffix(std::env::consts::DLL_SUFFIX) else {
        return false;
    };
    let stem = stem
        .strip_prefix(std::env::consts::DLL_PREFIX)
        .unwrap_or(stem);
    stem.strip_prefix("nianbao_plugin_")
        .is_some_and(|rest| !rest.is_empty())
}

/// The plugin files in one directory, sorted by name.
pub(crate) fn discover(dir: &Path) -> Result<Vec<PathBuf>, PluginError> {
    let entries = std::fs::read_dir(dir).map_err(|e| PluginError::Directory {
        path: dir.to_path_buf(),
        reason: e.to_string(),
    })?;
    let mut found: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_str().is_some_and(is_plugin_file_name))
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    found.sort();
    Ok(found)
}

/// Loads one plugin file and checks its descriptor.
pub(crate) fn load(path: &Path) -> Result<Loaded, PluginError> {
    let open_error = |reason: String| PluginError::Open {
        path: path.to_path_buf(),
        reason,
    };
    if !path.is_file() {
        return Err(open_error("no such file".to_string()));
    }
    // An absolute path, so that the system loader does not search its own
    // directories for a bare file name.
    let absolute = std::fs::canonicalize(path).map_err(|e| open_error(e.to_string()))?;
    // SAFETY: opening a library runs its initialisers. Plugins are code the
    // user chose to run, like the binary itself; nothing else can be checked
    // before opening.
    let library =
        unsafe { Library::new(&absolute) }.map_err(|e| open_error(describe(&e, &absolute)))?;
    // Never unload: thread-local destructors and the function pointers kept
    // by the extractor must stay valid for the rest of the process.
    let library: &'static Library = Box::leak(Box::new(library));
    // SAFETY: by the ABI, a symbol of this name is an `EntryFn`; the ABI
    // major in the name guarantees that a plugin of another major has none.
    let entry: EntryFn = match unsafe { library.get::<EntryFn>(ENTRY_SYMBOL) } {
        Ok(symbol) => *symbol,
        Err(_) => {
            return Err(PluginError::NotAPlugin {
                path: path.to_path_buf(),
            });
        }
    };
    // SAFETY: `entry` is the plugin's entry point, which takes no arguments
    // and may be called any number of times (ABI contract).
    let descriptor = unsafe { entry() };
    // SAFETY: a non-null result points to a descriptor that lives as long as
    // the library, which is never unloaded (ABI contract).
    unsafe { read_descriptor(path, descriptor) }
}

/// Checks a descriptor and copies out what the host keeps.
///
/// # Safety
/// `descriptor` is null or points to a descriptor (of any ABI major) that
/// starts with a [`DescriptorHeader`] and lives for the rest of the process.
unsafe fn read_descriptor(
    path: &Path,
    descriptor: *const PluginDescriptor,
) -> Result<Loaded, PluginError> {
    let bad = |reason: String| PluginError::Descriptor {
        path: path.to_path_buf(),
        reason,
    };
    if descriptor.is_null() {
        return Err(PluginError::NoDescriptor {
            path: path.to_path_buf(),
        });
    }
    if !descriptor.is_aligned() {
        return Err(bad("misaligned pointer".to_string()));
    }
    // SAFETY: not null, aligned, and every descriptor starts with the header
    // (function contract), which is smaller than and aligned like the
    // descriptor.
    let header = unsafe { descriptor.cast::<DescriptorHeader>().read() };
    if header.abi_major != ABI_MAJOR {
        return Err(PluginError::AbiMismatch {
            path: path.to_path_buf(),
            major: header.abi_major,
            minor: header.abi_minor,
        });
    }
    let expected = size_of::<PluginDescriptor>();
    if header.struct_size < expected {
        return Err(PluginError::DescriptorSize {
            path: path.to_path_buf(),
            size: header.struct_size,
            expected,
        });
    }
    // SAFETY: the plugin's descriptor is at least as large as this host's
    // (checked above) and lives for the rest of the process.
    let d: &'static PluginDescriptor = unsafe { &*descriptor };
    // SAFETY: descriptor strings live as long as the library (ABI contract).
    let (id, version, schema) = unsafe {
        (
            copy_str(d.id).map_err(|e| bad(format!("id: {e}")))?,
            copy_str(d.version).map_err(|e| bad(format!("version: {e}")))?,
            copy_str(d.schema).map_err(|e| bad(format!("schema: {e}")))?,
        )
    };
    if !is_valid_id(&id) {
        return Err(bad(format!(
            "id {id:?} is not lowercase ASCII letters, digits and '-'"
        )));
    }
    if version.is_empty() || version.chars().any(char::is_control) {
        return Err(bad(format!(
            "version {version:?} is empty or not printable"
        )));
    }
    if schema != SCHEMA {
        return Err(bad(format!(
            "schema {schema:?} is not the one this host writes ({SCHEMA})"
        )));
    }
    let (Some(score), Some(extract), Some(release)) = (d.score, d.extract, d.release) else {
        return Err(bad("score, extract or release is null".to_string()));
    };
    Ok(Loaded {
        extractor: PluginExtractor::new(id.clone(), path, score, extract, release),
        id,
        version,
        abi: (header.abi_major, header.abi_minor),
    })
}

/// A plugin id: 1 to 64 lowercase ASCII letters, digits and `-`, starting
/// with a letter or digit, and not `unknown`.
fn is_valid_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id != nianbao_core::UNKNOWN
        && !id.starts_with('-')
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Copies a descriptor string.
///
/// # Safety
/// `s.ptr` is null or points to `s.len` readable bytes.
unsafe fn copy_str(s: Utf8Str) -> Result<String, String> {
    if s.len == 0 {
        return Ok(String::new());
    }
    if s.ptr.is_null() || s.len > 4096 {
        return Err(format!("bad pointer or length {}", s.len));
    }
    // SAFETY: not null, and `len` readable bytes (function contract).
    let bytes = unsafe { std::slice::from_raw_parts(s.ptr, s.len) };
    String::from_utf8(bytes.to_vec()).map_err(|_| "not UTF-8".to_string())
}

/// The system's reason for a failed load, without the path it repeats.
fn describe(error: &libloading::Error, path: &Path) -> String {
    let text = match std::error::Error::source(error) {
        Some(source) => source.to_string(),
        None => error.to_string(),
    };
    let prefix = format!("{}: ", path.display());
    text.strip_prefix(&prefix).unwrap_or(&text).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(name: &str, expected: bool) {
        assert_eq!(is_plugin_file_name(name), expected, "{name}");
    }

    #[test]
    fn plugin_file_names() {
        let (p, s) = (std::env::consts::DLL_PREFIX, std::env::consts::DLL_SUFFIX);
        check(&format!("{p}nianbao_plugin_qingdao_2018{s}"), true);
        check(&format!("nianbao_plugin_qingdao_2018{s}"), true);
        check(&format!("{p}nianbao_plugin_{s}"), false);
        check(&format!("{p}nianbao_test_plugin_faulty{s}"), false);
        check(&format!("{p}nianbao_plugin_qingdao_2018{s}.bak"), false);
        check("nianbao_plugin_qingdao_2018.txt", false);
    }

    #[test]
    fn plugin_ids() {
        assert!(is_valid_id("qingdao-2018"));
        assert!(!is_valid_id(""));
        assert!(!is_valid_id("Qingdao"));
        assert!(!is_valid_id("x.y"));
        assert!(!is_valid_id("unknown"));
        assert!(!is_valid_id("-a"));
    }
}
