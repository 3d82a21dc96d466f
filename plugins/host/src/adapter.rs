//! A loaded plugin as an ordinary [`Extractor`].

use crate::validate;
use nianbao_core::{Document, Extraction, Extractor};
use nianbao_plugin_abi::{
    DocumentInput, ExtractFn, OutputBuffer, ReleaseFn, STATUS_BAD_INPUT, STATUS_ERROR, STATUS_OK,
    STATUS_PANIC, ScoreFn, Status, Utf8Str,
};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

/// The payload a failing plugin call unwinds with: the [`nianbao_core::Registry`]
/// catches it, scores the plugin 0 or falls back to the next extractor, and
/// adds a warning to the record. Raised with
/// [`std::panic::resume_unwind`], so no panic hook prints it.
#[derive(Debug)]
pub struct PluginFailure(pub String);

/// A plugin's functions behind the [`Extractor`] trait.
///
/// Every call goes through the ABI; the output is checked by
/// [`validate::extraction`]. The first failing call (an error status, such as
/// a panic inside the plugin) disables the plugin for the rest of the run:
/// afterwards it scores 0.
pub struct PluginExtractor {
    id: String,
    path: PathBuf,
    score: ScoreFn,
    extract: ExtractFn,
    release: ReleaseFn,
    disabled: AtomicBool,
}

impl PluginExtractor {
    pub(crate) fn new(
        id: String,
        path: &Path,
        score: ScoreFn,
        extract: ExtractFn,
        release: ReleaseFn,
    ) -> PluginExtractor {
        PluginExtractor {
            id,
            path: path.to_path_buf(),
            score,
            extract,
            release,
            disabled: AtomicBool::new(false),
        }
    }

    /// Whether a failure has disabled the plugin.
    pub fn is_disabled(&self) -> bool {
        self.disabled.load(Ordering::Relaxed)
    }

    /// Copies a buffer the plugin filled and hands it back to the plugin.
    fn take(&self, buffer: OutputBuffer) -> Vec<u8> {
        if buffer.ptr.is_null() {
            return Vec::new();
        }
        let bytes = if buffer.len <= isize::MAX as usize {
            // SAFETY: the plugin filled `buffer` with `len` readable bytes at
            // `ptr` that stay valid until released (ABI contract).
            unsafe { std::slice::from_raw_parts(buffer.ptr, buffer.len) }.to_vec()
        } else {
            Vec::new()
        };
        // SAFETY: `buffer` was filled by this plugin during the call that
        // just returned and is released here, exactly once (ABI contract).
        unsafe { (self.release)(buffer) };
        bytes
    }

    /// Disables the plugin, logs why, and unwinds into the registry.
    fn fail(&self, during: &str, status: Status, message: &[u8]) -> ! {
        let text = String::from_utf8_lossy(message);
        let text = text.lines().next().unwrap_or("").trim();
        let reason = if text.is_empty() {
            status_name(status).to_string()
        } else {
            text.chars().take(300).collect()
        };
        if !self.disabled.swap(true, Ordering::Relaxed) {
            tracing::warn!(
                "plugin {} ({}) failed in {during} ({reason}); disabled for the rest of the run",
                self.id,
                self.path.display()
            );
        }
        std::panic::resume_unwind(Box::new(PluginFailure(format!(
            "plugin {} failed in {during}: {reason}",
            self.id
        ))))
    }
}

/// A short name for a failure status.
fn status_name(status: Status) -> &'static str {
    match status {
        STATUS_PANIC => "panicked",
        STATUS_BAD_INPUT => "rejected its input",
        STATUS_ERROR => "failed",
        _ => "returned an unknown status",
    }
}

/// The ABI view of a document, borrowing it.
fn input_of(doc: &Document) -> DocumentInput {
    DocumentInput {
        struct_size: size_of::<DocumentInput>(),
        source: Utf8Str::new(&doc.source),
        format: Utf8Str::new(doc.format.as_str()),
        encoding: Utf8Str::new(&doc.encoding),
    }
}

impl Extractor for PluginExtractor {
    fn id(&self) -> &str {
        &self.id
    }

    fn score(&self, doc: &Document) -> f64 {
        if self.is_disabled() {
            return 0.0;
        }
        let input = input_of(doc);
        let mut value = 0.0_f64;
        let mut message = OutputBuffer::EMPTY;
        // SAFETY: `input` borrows `doc`, which outlives the call; `value` and
        // `message` are valid for writes; the library is never unloaded.
        let status = unsafe { (self.score)(&input, &mut value, &mut message) };
        let message = self.take(message);
        if status != STATUS_OK {
            self.fail("score", status, &message);
        }
        value
    }

    fn extract(&self, doc: &Document) -> Extraction {
        let input = input_of(doc);
        let mut output = OutputBuffer::EMPTY;
        // SAFETY: `input` borrows `doc`, which outlives the call; `output` is
        // valid for writes; the library is never unloaded.
        let status = unsafe { (self.extract)(&input, &mut output) };
        let bytes = self.take(output);
        if status != STATUS_OK {
            self.fail("extract", status, &bytes);
        }
        validate::extraction(&self.id, &doc.source, &bytes)
    }
}
