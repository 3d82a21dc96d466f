//! The ABI shims [`crate::export_plugin!`] instantiates for a plugin type.
//! Not a public API: only the macro calls these.

use nianbao_core::{Document, Extraction, Extractor, SourceFormat};
use nianbao_plugin_abi::{
    ABI_MAJOR, ABI_MINOR, DocumentInput, ExtractFn, OutputBuffer, PluginDescriptor, SCHEMA,
    STATUS_BAD_INPUT, STATUS_ERROR, STATUS_OK, STATUS_PANIC, ScoreFn, Status, Utf8Str,
};
use std::any::Any;
use std::cell::RefCell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::rc::Rc;
use std::sync::OnceLock;

/// Serialises an extraction for the host ([`crate::to_json`] unless a test
/// replaces it).
pub type SerializeFn = fn(&Extraction) -> Result<Vec<u8>, serde_json::Error>;

/// A failure to report to the host: a status and a message.
type Failure = (Status, String);

/// The borrowed input of one call, checked.
struct Input<'a> {
    source: &'a str,
    format: SourceFormat,
    encoding: &'a str,
}

/// Builds (once) and returns the plugin's descriptor. Returns null if the
/// plugin's `Default` or `id` panics.
pub fn entry<T: Extractor>(
    cell: &'static OnceLock<PluginDescriptor>,
    instance: fn() -> &'static T,
    version: &'static str,
    score: ScoreFn,
    extract: ExtractFn,
    tamper: fn(&mut PluginDescriptor),
) -> *const PluginDescriptor {
    let made = catch_unwind(|| {
        let descriptor = cell.get_or_init(|| {
            let mut d = PluginDescriptor {
                struct_size: size_of::<PluginDescriptor>(),
                abi_major: ABI_MAJOR,
                abi_minor: ABI_MINOR,
                id: Utf8Str::new(instance().id()),
                version: Utf8Str::new(version),
                schema: Utf8Str::new(SCHEMA),
                score: Some(score),
                extract: Some(extract),
                release: Some(release),
            };
            tamper(&mut d);
            d
        });
        descriptor as *const PluginDescriptor
    });
    made.unwrap_or(std::ptr::null())
}

/// The `score` shim.
///
/// # Safety
/// `input` is null or points to a valid [`DocumentInput`] whose strings are
/// valid for the call; `score` and `message` are null or valid for writes.
pub unsafe fn score<T: Extractor>(
    instance: fn() -> &'static T,
    input: *const DocumentInput,
    score: *mut f64,
    message: *mut OutputBuffer,
) -> Status {
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: forwarded from this function's own contract.
        let input = unsafe { read_input(input) }?;
        let doc = document(&input);
        Ok(instance().score(&doc))
    }));
    let result = match outcome {
        Ok(result) => result,
        Err(payload) => Err((STATUS_PANIC, panic_message(payload.as_ref()))),
    };
    match result {
        Ok(_) if score.is_null() => STATUS_BAD_INPUT,
        Ok(value) => {
            // SAFETY: `score` is not null and valid for writes (contract).
            unsafe { score.write(value) };
            STATUS_OK
        }
        Err((status, text)) => {
            // SAFETY: `message` is null or valid for writes (contract).
            unsafe { fill(message, text.into_bytes()) };
            status
        }
    }
}

/// The `extract` shim.
///
/// # Safety
/// `input` is null or points to a valid [`DocumentInput`] whose strings are
/// valid for the call; `output` is null or valid for writes.
pub unsafe fn extract<T: Extractor>(
    instance: fn() -> &'static T,
    serialize: SerializeFn,
    input: *const DocumentInput,
    output: *mut OutputBuffer,
) -> Status {
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: forwarded from this function's own contract.
        let input = unsafe { read_input(input) }?;
        let doc = document(&input);
        let extraction = instance().extract(&doc);
        serialize(&extraction).map_err(|e| (STATUS_ERROR, format!("cannot serialise: {e}")))
    }));
    let (status, bytes) = match outcome {
        Ok(Ok(json)) => (STATUS_OK, json),
        Ok(Err((status, text))) => (status, text.into_bytes()),
        Err(payload) => (STATUS_PANIC, panic_message(payload.as_ref()).into_bytes()),
    };
    if output.is_null() {
        return if status == STATUS_OK {
            STATUS_BAD_INPUT
        } else {
            status
        };
    }
    // SAFETY: `output` is not null and valid for writes (contract).
    unsafe { fill(output, bytes) };
    status
}

/// Frees a buffer this SDK filled.
///
/// # Safety
/// `buffer` was filled by this SDK and has not been released yet.
pub unsafe extern "C" fn release(buffer: OutputBuffer) {
    if buffer.ptr.is_null() {
        return;
    }
    let slice = std::ptr::slice_from_raw_parts_mut(buffer.ptr.cast_mut(), buffer.len);
    // SAFETY: `fill` made this pointer and length with `Box::into_raw` of a
    // `Box<[u8]>`, and the host returns each buffer exactly once (contract),
    // so rebuilding and dropping the box frees it exactly once.
    drop(unsafe { Box::from_raw(slice) });
}

/// Hands `bytes` to the host as a plugin-owned buffer.
///
/// # Safety
/// `out` is null or valid for writes.
unsafe fn fill(out: *mut OutputBuffer, bytes: Vec<u8>) {
    if out.is_null() {
        return;
    }
    let boxed: Box<[u8]> = bytes.into_boxed_slice();
    let len = boxed.len();
    let ptr = Box::into_raw(boxed).cast::<u8>().cast_const();
    // SAFETY: `out` is not null and valid for writes (contract).
    unsafe {
        out.write(OutputBuffer {
            ptr,
            len,
            opaque: std::ptr::null_mut(),
        })
    };
}

/// Checks the host's input and borrows its strings.
///
/// # Safety
/// `input` is null or points to a valid [`DocumentInput`] whose strings are
/// valid for `'a`.
unsafe fn read_input<'a>(input: *const DocumentInput) -> Result<Input<'a>, Failure> {
    if input.is_null() {
        return Err((STATUS_BAD_INPUT, "no input".to_string()));
    }
    // SAFETY: `input` is not null and points to a `DocumentInput` (contract);
    // its first field is present in every version of the struct.
    let size = unsafe { std::ptr::addr_of!((*input).struct_size).read() };
    if size < size_of::<DocumentInput>() {
        return Err((
            STATUS_BAD_INPUT,
            format!(
                "input struct is {size} bytes, ABI {ABI_MAJOR}.{ABI_MINOR} needs {}",
                size_of::<DocumentInput>()
            ),
        ));
    }
    // SAFETY: the struct is at least as large as this ABI's (checked above).
    let raw = unsafe { input.read() };
    // SAFETY: the strings are valid for the call (contract).
    let (source, format, encoding) = unsafe {
        (
            borrow(raw.source, "source")?,
            borrow(raw.format, "format")?,
            borrow(raw.encoding, "encoding")?,
        )
    };
    let format = match format {
        "text" => SourceFormat::Text,
        "html" => SourceFormat::Html,
        other => {
            return Err((STATUS_BAD_INPUT, format!("unknown format {other:?}")));
        }
    };
    Ok(Input {
        source,
        format,
        encoding,
    })
}

/// Borrows a [`Utf8Str`] as a `&str`.
///
/// # Safety
/// `s.ptr` is null or points to `s.len` readable bytes valid for `'a`.
unsafe fn borrow<'a>(s: Utf8Str, what: &str) -> Result<&'a str, Failure> {
    if s.len == 0 {
        return Ok("");
    }
    if s.ptr.is_null() || s.len > isize::MAX as usize {
        return Err((STATUS_BAD_INPUT, format!("{what}: bad pointer or length")));
    }
    // SAFETY: `ptr` is not null and points to `len` readable bytes valid for
    // `'a` (contract), and `len` fits in `isize`.
    let bytes = unsafe { std::slice::from_raw_parts(s.ptr, s.len) };
    std::str::from_utf8(bytes).map_err(|e| (STATUS_BAD_INPUT, format!("{what}: {e}")))
}

thread_local! {
    /// The last document built on this thread: the host calls `score` and
    /// then `extract` for the same document on the same thread, so the second
    /// call reuses the parse.
    static LAST: RefCell<Option<Rc<Document>>> = const { RefCell::new(None) };
}

/// The document for an input, rebuilt exactly as the host built it.
fn document(input: &Input<'_>) -> Rc<Document> {
    let cached = LAST
        .try_with(|last| {
            last.borrow()
                .as_ref()
                .filter(|d| {
                    d.format == input.format
                        && d.encoding == input.encoding
                        && d.source == input.source
                })
                .cloned()
        })
        .ok()
        .flatten();
    if let Some(doc) = cached {
        return doc;
    }
    let doc = Rc::new(Document::parse(
        input.source.to_string(),
        input.format,
        input.encoding,
    ));
    // A thread being torn down keeps no cache; that is fine.
    let _ = LAST.try_with(|last| last.replace(Some(Rc::clone(&doc))));
    doc
}

/// The message of a caught panic.
fn panic_message(payload: &(dyn Any + Send)) -> String {
    let text = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic payload".to_string());
    format!("panicked: {text}")
}
