//! The C ABI between nianbao (the host) and a plugin loaded as a dynamic
//! library.
//!
//! This crate holds only `#[repr(C)]` types, integer status codes and version
//! constants; it has no dependencies and does no work. Plugin authors do not
//! use it directly: `nianbao-plugin-sdk` implements it for an ordinary
//! `Extractor`, and `nianbao-plugin-host` loads and checks it.
//!
//! # The contract, ABI 1.0
//!
//! - A plugin exports one symbol, [`ENTRY_SYMBOL`] (`nianbao_plugin_entry_v1`),
//!   an [`EntryFn`] returning a pointer to a [`PluginDescriptor`] that lives
//!   as long as the library (the host never unloads a plugin). The ABI major
//!   version is part of the symbol's name, so a library built for another
//!   major has no symbol this host looks for.
//! - Every descriptor starts with a [`DescriptorHeader`] (`struct_size`,
//!   `abi_major`, `abi_minor`), the same for every major. A minor version only
//!   appends fields; the host reads only the fields that lie within
//!   `struct_size`, so an older host can load a newer plugin of the same major.
//! - Input crosses the boundary as borrowed UTF-8 ([`Utf8Str`], valid only for
//!   the call): the decoded source text of the document, its format (`text`
//!   or `html`) and its original encoding, in a [`DocumentInput`]. The plugin
//!   rebuilds the document from them.
//! - Output is a plugin-owned byte buffer ([`OutputBuffer`]): on success of
//!   `extract`, JSON in the shape of an extraction (below); on any error
//!   status, optionally a UTF-8 message. The host copies it and calls the
//!   descriptor's `release` on it exactly once, whenever its `ptr` is not
//!   null: whoever allocates frees.
//! - Every function returns a [`Status`]; anything but [`STATUS_OK`] is a
//!   failure. Functions never unwind across the boundary (a panic becomes
//!   [`STATUS_PANIC`]) and may be called from several threads at once.
//!
//! # The extraction JSON
//!
//! ```json
//! {
//!   "meta": {"title": "…", "agency": "…", "year": 2018, "published": "2019-01-17"},
//!   "facts": [{"key": "x.qingdao-2018.press_conferences", "value": 5,
//!              "evidence": {"start": 3021, "end": 3022, "text": "5"}}],
//!   "checks": [{"rule": "…", "ok": true, "detail": "…"}],
//!   "warnings": ["…"]
//! }
//! ```
//!
//! Keys are canonical keys of schema `nianbao/1` or lie under
//! `x.<plugin id>.`; evidence offsets are UTF-8 byte offsets into the source
//! text the host passed, and `text` is exactly the source under them. The
//! host checks all of this and drops what does not hold.
//!
//! Key types: [`PluginDescriptor`], [`DocumentInput`], [`OutputBuffer`],
//! [`Utf8Str`].

#![no_std]
#![warn(missing_docs)]

use core::ffi::c_void;

/// The ABI major version this crate describes. A change that is not an
/// append to the end of a struct bumps it (and the entry symbol's name).
pub const ABI_MAJOR: u32 = 1;

/// The ABI minor version this crate describes; bumped when fields are
/// appended.
pub const ABI_MINOR: u32 = 0;

/// The name of the entry point of ABI major 1, NUL-terminated.
pub const ENTRY_SYMBOL: &[u8] = b"nianbao_plugin_entry_v1\0";

/// The name of the entry point of ABI major 1, without the NUL, for messages.
pub const ENTRY_NAME: &str = "nianbao_plugin_entry_v1";

/// The schema id of the records whose facts a plugin writes.
pub const SCHEMA: &str = "nianbao/1";

/// A function's outcome: [`STATUS_OK`] or a failure code.
pub type Status = i32;

/// Success.
pub const STATUS_OK: Status = 0;

/// The plugin's code panicked (the panic was caught inside the plugin).
pub const STATUS_PANIC: Status = 1;

/// The input was malformed: a null pointer, text that is not UTF-8, an
/// unknown format or a struct smaller than this ABI's.
pub const STATUS_BAD_INPUT: Status = 2;

/// Any other failure (for example, the output could not be serialised).
pub const STATUS_ERROR: Status = 3;

/// A borrowed UTF-8 string: `len` bytes at `ptr`, not NUL-terminated.
///
/// `ptr` may be null only when `len` is 0. The bytes are valid for as long
/// as the documentation of the field holding the string says (the call, or
/// the library's lifetime for descriptor strings).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct Utf8Str {
    /// First byte.
    pub ptr: *const u8,
    /// Length in bytes.
    pub len: usize,
}

impl Utf8Str {
    /// The empty string.
    pub const EMPTY: Utf8Str = Utf8Str {
        ptr: core::ptr::null(),
        len: 0,
    };

    /// Borrows a Rust string. The result is valid while `s` is.
    pub const fn new(s: &str) -> Utf8Str {
        Utf8Str {
            ptr: s.as_ptr(),
            len: s.len(),
        }
    }
}

/// A plugin-owned byte buffer handed to the host.
///
/// The plugin fills it; the host reads `len` bytes at `ptr` and then passes
/// the buffer back, unchanged, to the descriptor's `release`, exactly once,
/// whenever `ptr` is not null. `opaque` is the plugin's own (for example an
/// allocator handle); the host never reads it.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct OutputBuffer {
    /// First byte, or null for no buffer.
    pub ptr: *const u8,
    /// Length in bytes.
    pub len: usize,
    /// Whatever the plugin needs to free the buffer.
    pub opaque: *mut c_void,
}

impl OutputBuffer {
    /// No buffer: what the host passes in before each call.
    pub const EMPTY: OutputBuffer = OutputBuffer {
        ptr: core::ptr::null(),
        len: 0,
        opaque: core::ptr::null_mut(),
    };
}

/// The document a plugin is asked about. Valid only during the call.
///
/// Like the descriptor, it only grows at the end: a plugin reads only the
/// fields that lie within `struct_size`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct DocumentInput {
    /// `size_of::<DocumentInput>()` as the host compiled it.
    pub struct_size: usize,
    /// The decoded source text; every evidence offset indexes into it.
    pub source: Utf8Str,
    /// `text` or `html`.
    pub format: Utf8Str,
    /// The encoding the bytes were decoded from (`utf-8`, `gb18030`, …).
    pub encoding: Utf8Str,
}

/// Scores a document: writes a number in `[0, 1]` to `score`.
///
/// On a failure status the plugin may fill `message` with a UTF-8 message.
pub type ScoreFn = unsafe extern "C" fn(
    input: *const DocumentInput,
    score: *mut f64,
    message: *mut OutputBuffer,
) -> Status;

/// Extracts a document: fills `output` with the extraction JSON on
/// [`STATUS_OK`], or optionally with a UTF-8 message on a failure status.
pub type ExtractFn =
    unsafe extern "C" fn(input: *const DocumentInput, output: *mut OutputBuffer) -> Status;

/// Frees a buffer the plugin filled. Called exactly once per filled buffer.
pub type ReleaseFn = unsafe extern "C" fn(buffer: OutputBuffer);

/// The plugin's entry point, exported as [`ENTRY_SYMBOL`]. Returns null when
/// the plugin cannot describe itself.
pub type EntryFn = unsafe extern "C" fn() -> *const PluginDescriptor;

/// The first fields of every descriptor of every ABI major: what the host
/// reads before anything else.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct DescriptorHeader {
    /// The size of the descriptor as the plugin compiled it.
    pub struct_size: usize,
    /// The ABI major the plugin was built for.
    pub abi_major: u32,
    /// The ABI minor the plugin was built for.
    pub abi_minor: u32,
}

/// What a plugin says about itself, ABI 1.0. Lives as long as the library.
///
/// Fields are only ever appended (raising [`ABI_MINOR`]); the host reads
/// only those within `struct_size`. The function pointers are nullable
/// (`Option` of a function pointer has exactly the layout of a C function
/// pointer, null for `None`); a 1.0 plugin must set all three.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct PluginDescriptor {
    /// `size_of::<PluginDescriptor>()` as the plugin compiled it.
    pub struct_size: usize,
    /// [`ABI_MAJOR`] as the plugin compiled it.
    pub abi_major: u32,
    /// [`ABI_MINOR`] as the plugin compiled it.
    pub abi_minor: u32,
    /// The plugin's template id (written into records' `template` and
    /// `dispatch`, and the namespace `x.<id>.` of its own keys): lowercase
    /// ASCII letters, digits and `-`.
    pub id: Utf8Str,
    /// The plugin's own version, for `nianbao plugins list`.
    pub version: Utf8Str,
    /// The record schema its facts follow ([`SCHEMA`]).
    pub schema: Utf8Str,
    /// Scores a document.
    pub score: Option<ScoreFn>,
    /// Extracts a document.
    pub extract: Option<ExtractFn>,
    /// Frees a buffer filled by `score` or `extract`.
    pub release: Option<ReleaseFn>,
}

// SAFETY: a descriptor is immutable once returned by the entry point, and its
// pointers refer to data that lives, unchanged, as long as the library; the
// functions it points to are thread-safe by the ABI's contract. Sharing it
// between threads is therefore sound.
unsafe impl Sync for PluginDescriptor {}

// SAFETY: as above; the descriptor owns nothing that is tied to a thread.
unsafe impl Send for PluginDescriptor {}

#[cfg(test)]
mod tests {
    use super::*;
    use core::mem::{offset_of, size_of};

    #[test]
    fn descriptor_starts_with_the_header() {
        assert_eq!(
            offset_of!(PluginDescriptor, struct_size),
            offset_of!(DescriptorHeader, struct_size)
        );
        assert_eq!(
            offset_of!(PluginDescriptor, abi_major),
            offset_of!(DescriptorHeader, abi_major)
        );
        assert_eq!(
            offset_of!(PluginDescriptor, abi_minor),
            offset_of!(DescriptorHeader, abi_minor)
        );
        assert!(size_of::<PluginDescriptor>() > size_of::<DescriptorHeader>());
        assert_eq!(size_of::<Option<ScoreFn>>(), size_of::<usize>());
        assert_eq!(
            &ENTRY_SYMBOL[..ENTRY_SYMBOL.len() - 1],
            ENTRY_NAME.as_bytes()
        );
    }
}
