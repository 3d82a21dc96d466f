//! One document to one record, and the streaming batch driver that runs many
//! documents in parallel while keeping the output in input order.
//!
//! Every document yields exactly one record: a file that cannot be read, is
//! too large, cannot be decoded, or makes an extractor panic becomes a record
//! with an `error` field, and the batch goes on.

use crate::walk::Input;
use nianbao_core::{Record, Registry, SourceInfo};
use std::collections::{BTreeMap, VecDeque};
use std::fmt;
use std::fs::File;
use std::io::Read;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::{Condvar, Mutex, PoisonError, mpsc};

/// The default cap on a document's size: 32 MiB.
pub const DEFAULT_MAX_BYTES: u64 = 32 * 1024 * 1024;

/// Documents taken and not yet written, at most, per worker thread.
pub const WINDOW_PER_JOB: usize = 32;

/// Converts the bytes of one document into its record: hashes them, decodes
/// them (the format follows the extension of `path`) and dispatches the
/// document. Never panics: a decoding failure or a panic inside the
/// extractors becomes a record with an `error` field.
pub fn convert_bytes(path: &str, bytes: &[u8], registry: &Registry) -> Record {
    let source = SourceInfo {
        path: path.to_string(),
        sha256: sha256_hex(bytes),
        bytes: bytes.len() as u64,
        format: None,
        encoding: None,
    };
    let ext = extension(path);
    let run = catch_unwind(AssertUnwindSafe(|| {
        match nianbao_core::read_document(bytes, ext.as_deref()) {
            Ok(doc) => registry.record(source.clone(), &doc),
            Err(e) => Record::failed(source.clone(), e.to_string()),
        }
    }));
    match run {
        Ok(record) => record,
        Err(payload) => Record::failed(source, panic_error(payload.as_ref())),
    }
}

/// Reads one input (at most `max_bytes`) and converts it. Never panics.
pub fn convert_input(input: &Input, registry: &Registry, max_bytes: u64) -> Record {
    let run = catch_unwind(AssertUnwindSafe(|| match read_input(input, max_bytes) {
        Ok(bytes) => convert_bytes(&input.display, &bytes, registry),
        Err(failure) => failure.into_record(&input.display),
    }));
    match run {
        Ok(record) => record,
        Err(payload) => {
            Record::failed(unread_source(&input.display), panic_error(payload.as_ref()))
        }
    }
}

/// Why an input's bytes could not be had.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadFailure {
    /// The size, when known.
    pub bytes: u64,
    /// The error message for the record.
    pub error: String,
}

impl ReadFailure {
    /// The error record for this failure.
    pub fn into_record(self, path: &str) -> Record {
        let mut source = unread_source(path);
        source.bytes = self.bytes;
        Record::failed(source, self.error)
    }
}

/// Reads an input's bytes, refusing files over `max_bytes` without loading
/// them: at most `max_bytes + 1` bytes are ever read.
pub fn read_input(input: &Input, max_bytes: u64) -> Result<Vec<u8>, ReadFailure> {
    if let Some(error) = &input.error {
        return Err(ReadFailure {
            bytes: 0,
            error: error.clone(),
        });
    }
    let cannot = |e: std::io::Error| ReadFailure {
        bytes: 0,
        error: format!("cannot read file: {e}"),
    };
    let file = File::open(&input.path).map_err(cannot)?;
    let stated = file.metadata().map(|m| m.len()).unwrap_or(0);
    let too_large = |n: u64| ReadFailure {
        bytes: n,
        error: format!("file too large: {n} bytes exceeds the {max_bytes}-byte limit"),
    };
    if stated > max_bytes {
        return Err(too_large(stated));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(stated).unwrap_or(0));
    file.take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    let read = bytes.len() as u64;
    if read > max_bytes {
        return Err(too_large(read.max(stated)));
    }
    Ok(bytes)
}

/// Source information for a document whose bytes were not read.
fn unread_source(path: &str) -> SourceInfo {
    SourceInfo {
        path: path.to_string(),
        ..SourceInfo::default()
    }
}

/// The lower-case extension of a path, if any.
pub fn extension(path: &str) -> Option<String> {
    Path::new(path)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
}

/// The SHA-256 of bytes as lower-case hex (ring's assembly is about twice
/// as fast as a portable implementation on CPUs without SHA extensions).
pub fn sha256_hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let digest = ring::digest::digest(&ring::digest::SHA256, bytes);
    let mut hex = String::with_capacity(64);
    for b in digest.as_ref() {
        hex.push(char::from(HEX[usize::from(b >> 4)]));
        hex.push(char::from(HEX[usize::from(b & 0xf)]));
    }
    hex
}

/// The error message for a caught panic.
fn panic_error(payload: &(dyn std::any::Any + Send)) -> String {
    let message = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string());
    format!("internal error (a bug in nianbao) while reading this document: {message}")
}

/// The number of worker threads to use by default: the available cores.
pub fn default_jobs() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
}

/// Results a worker sends to the main thread at once.
const BATCH: usize = 8;

/// The stack size of a worker thread: room for deeply nested documents.
const WORKER_STACK: usize = 64 * 1024 * 1024;

/// Runs `work` over `inputs` on `jobs` worker threads and hands the results
/// to `sink` on the calling thread, in input order, each as soon as every
/// earlier one has been handed over; so writing overlaps conversion. Each
/// worker takes the next input when it is free, so a slow document holds
/// up no other worker. At most `window` inputs are taken and not yet handed
/// to `sink`, so memory does not grow with the number of inputs. The first
/// error from `sink` stops the run; a panic escaping `work` (which should
/// catch its own) is re-raised here once the workers have stopped.
pub fn run_ordered<I, T, R, W, S>(
    inputs: I,
    jobs: usize,
    window: usize,
    work: W,
    mut sink: S,
) -> anyhow::Result<()>
where
    I: Iterator<Item = T> + Send,
    R: Send,
    W: Fn(T) -> R + Sync,
    S: FnMut(R) -> anyhow::Result<()>,
{
    let window = window.max(1);
    let feed = Feed {
        state: Mutex::new(FeedState {
            inputs,
            taken: 0,
            written: 0,
            ended: false,
            waiting: 0,
        }),
        room: Condvar::new(),
    };
    let (results, received) = mpsc::channel::<Vec<(usize, R)>>();
    std::thread::scope(|scope| {
        let workers = (0..jobs.max(1))
            .map(|i| {
                let (feed, work, results) = (&feed, &work, results.clone());
                std::thread::Builder::new()
                    .name(format!("nianbao-{i}"))
                    .stack_size(WORKER_STACK)
                    .spawn_scoped(scope, move || {
                        let _stop_on_panic = StopOnPanic(feed);
                        // Results go to the main thread a batch at a time,
                        // which then wakes once per batch, not per document.
                        let mut batch = Vec::with_capacity(BATCH);
                        let mut open = true;
                        while let Some((index, input)) =
                            feed.take(window, || open &= send(&results, &mut batch))
                        {
                            batch.push((index, work(input)));
                            if batch.len() == BATCH {
                                open &= send(&results, &mut batch);
                            }
                            if !open {
                                break;
                            }
                        }
                        send(&results, &mut batch);
                    })
            })
            .collect::<Result<Vec<_>, _>>();
        drop(results);
        let sunk = match &workers {
            Ok(_) => hand_over(&feed, &received, window, &mut sink),
            Err(e) => Err(anyhow::anyhow!("cannot start a worker thread: {e}")),
        };
        if sunk.is_err() {
            feed.stop();
        }
        drop(received);
        for worker in workers.into_iter().flatten() {
            if let Err(panic) = worker.join() {
                std::panic::resume_unwind(panic);
            }
        }
        sunk
    })
}

/// Sends a worker's held results, if any; false once the main thread has
/// stopped receiving.
fn send<R>(results: &mpsc::Sender<Vec<(usize, R)>>, batch: &mut Vec<(usize, R)>) -> bool {
    batch.is_empty()
        || results
            .send(std::mem::replace(batch, Vec::with_capacity(BATCH)))
            .is_ok()
}

/// Receives results and hands them to `sink` in input order until every
/// worker has stopped.
fn hand_over<I: Iterator, R>(
    feed: &Feed<I>,
    received: &mpsc::Receiver<Vec<(usize, R)>>,
    window: usize,
    sink: &mut impl FnMut(R) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    // Slot `i` holds the result of input `written + i` once it is done.
    let mut pending: VecDeque<Option<R>> = VecDeque::with_capacity(window);
    let mut written = 0;
    for batch in received {
        for (index, result) in batch {
            let slot = index - written;
            if pending.len() <= slot {
                pending.resize_with(slot + 1, || None);
            }
            pending[slot] = Some(result);
        }
        let before = written;
        while let Some(next) = pending.front_mut().and_then(Option::take) {
            pending.pop_front();
            sink(next)?;
            written += 1;
        }
        if written > before {
            feed.written(written);
        }
    }
    Ok(())
}

/// The inputs the workers share, and how far the output has got.
struct Feed<I> {
    state: Mutex<FeedState<I>>,
    /// Signalled when inputs may be taken again (or the run ends).
    room: Condvar,
}

struct FeedState<I> {
    inputs: I,
    /// Inputs taken so far (the index of the next one).
    taken: usize,
    /// Results handed to the sink so far.
    written: usize,
    /// The inputs ran out, or the run was stopped.
    ended: bool,
    /// Workers waiting for room.
    waiting: usize,
}

impl<I: Iterator> Feed<I> {
    /// The next input and its index, once fewer than `window` are taken and
    /// not yet written; `None` when the inputs ran out or the run stopped.
    /// `before_waiting` runs first if the caller has to wait for room (a
    /// worker hands over the results it holds, which may be what the output
    /// waits for).
    fn take(&self, window: usize, mut before_waiting: impl FnMut()) -> Option<(usize, I::Item)> {
        let mut state = self.lock();
        if state.must_wait(window) {
            before_waiting();
        }
        while state.must_wait(window) {
            state.waiting += 1;
            state = self
                .room
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
            state.waiting -= 1;
        }
        if state.ended {
            return None;
        }
        match state.inputs.next() {
            Some(input) => {
                state.taken += 1;
                Some((state.taken - 1, input))
            }
            None => {
                state.ended = true;
                self.room.notify_all();
                None
            }
        }
    }

    /// Records that `written` results have been handed over.
    fn written(&self, written: usize) {
        let mut state = self.lock();
        state.written = written;
        if state.waiting > 0 {
            self.room.notify_all();
        }
    }

    /// Ends the run: no more inputs are taken.
    fn stop(&self) {
        self.lock().ended = true;
        self.room.notify_all();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, FeedState<I>> {
        // Nothing panics while holding the lock but the inputs' iterator;
        // its state is then moot, as the run is stopping.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl<I> FeedState<I> {
    /// Whether a worker must wait before taking an input: `window` inputs
    /// are taken and not yet written, and the run goes on.
    fn must_wait(&self, window: usize) -> bool {
        !self.ended && self.taken >= self.written + window
    }
}

/// Stops the run when a worker unwinds, so that no other worker waits for
/// room the panicking one will never make.
struct StopOnPanic<'a, I: Iterator>(&'a Feed<I>);

impl<I: Iterator> Drop for StopOnPanic<'_, I> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.stop();
        }
    }
}

/// Counts for the closing line on stderr:
/// `nianbao: 18 documents (standard-2021 6, free-form 8, unknown 4), 12 failed checks, 1 error`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Template ids in the order they are listed (registry order, then unknown).
    order: Vec<String>,
    /// Documents per template id.
    templates: BTreeMap<String, usize>,
    /// All documents.
    pub documents: usize,
    /// Checks with `ok == false`, over all documents.
    pub failed_checks: usize,
    /// Records with an `error`.
    pub errors: usize,
}

impl Summary {
    /// An empty summary listing templates in the given order (others follow
    /// alphabetically, `unknown` last).
    pub fn new(order: &[&str]) -> Summary {
        Summary {
            order: order.iter().map(|s| s.to_string()).collect(),
            ..Summary::default()
        }
    }

    /// Counts one record.
    pub fn add(&mut self, record: &Record) {
        self.documents += 1;
        *self.templates.entry(record.template.clone()).or_default() += 1;
        self.failed_checks += record.failed_checks();
        if record.error.is_some() {
            self.errors += 1;
        }
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let listed = self
            .order
            .iter()
            .filter(|t| t.as_str() != nianbao_core::UNKNOWN)
            .cloned();
        let others = self
            .templates
            .keys()
            .filter(|t| !self.order.contains(t) && t.as_str() != nianbao_core::UNKNOWN)
            .cloned();
        let parts: Vec<String> = listed
            .chain(others)
            .chain(std::iter::once(nianbao_core::UNKNOWN.to_string()))
            .filter_map(|t| {
                let n = self.templates.get(&t).copied().unwrap_or(0);
                (n > 0).then(|| format!("{t} {n}"))
            })
            .collect();
        write!(f, "nianbao: {}", plural(self.documents, "document"))?;
        if !parts.is_empty() {
            write!(f, " ({})", parts.join(", "))?;
        }
        write!(
            f,
            ", {}, {}",
            plural(self.failed_checks, "failed check"),
            plural(self.errors, "error")
        )
    }
}

/// `1 error`, `2 errors`.
fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("{n} {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Runs `0..n` through the driver with `jobs` workers and a window of
    /// `window`, checking that results arrive in order and that the driver
    /// never pulls more than `window` inputs ahead of what it has written.
    #[track_caller]
    fn check(n: usize, jobs: usize, window: usize) {
        let pulled = AtomicUsize::new(0);
        let inputs = (0..n).inspect(|_| {
            pulled.fetch_add(1, Ordering::SeqCst);
        });
        let mut out = Vec::new();
        run_ordered(
            inputs,
            jobs,
            window,
            |i| {
                // Later items often finish first.
                std::thread::sleep(std::time::Duration::from_micros(((n - i) % 5) as u64 * 100));
                i * 10
            },
            |r| {
                let ahead = pulled.load(Ordering::SeqCst) - out.len();
                assert!(ahead <= window, "{ahead} inputs pulled ahead of the output");
                out.push(r);
                Ok(())
            },
        )
        .unwrap();
        let expected: Vec<usize> = (0..n).map(|i| i * 10).collect();
        assert_eq!(out, expected);
    }

    #[test]
    fn ordered_output_is_ordered_and_bounded() {
        check(0, 2, 4);
        check(1, 2, 4);
        check(37, 2, 4);
        check(37, 3, 1);
        check(64, 1, 16);
        check(200, 4, 7);
    }

    #[test]
    fn sink_error_stops_the_run() {
        let mut seen = 0;
        let result = run_ordered(
            0..100,
            2,
            8,
            |i| i,
            |i| {
                seen += 1;
                anyhow::ensure!(i < 10, "stop");
                Ok(())
            },
        );
        assert!(result.is_err());
        assert_eq!(seen, 11);
    }

    #[test]
    fn a_panic_in_work_is_raised_after_the_workers_stop() {
        let run = catch_unwind(|| {
            run_ordered(
                0..1000,
                3,
                4,
                |i| {
                    assert_ne!(i, 5, "boom");
                    i
                },
                |_| Ok(()),
            )
        });
        let payload = run.expect_err("the panic is re-raised");
        assert!(panic_error(payload.as_ref()).contains("boom"));
    }

    #[test]
    fn summary_line() {
        let record = |template: &str, error: bool| {
            let mut r = Record::failed(SourceInfo::default(), "x");
            r.template = template.to_string();
            if !error {
                r.error = None;
            }
            r
        };
        let mut s = Summary::new(&["standard-2021", "standard-2019", "free-form"]);
        assert_eq!(
            s.to_string(),
            "nianbao: 0 documents, 0 failed checks, 0 errors"
        );
        for (t, e) in [
            ("unknown", true),
            ("free-form", false),
            ("standard-2021", false),
            ("free-form", false),
            ("x-plugin", false),
        ] {
            s.add(&record(t, e));
        }
        assert_eq!(
            s.to_string(),
            "nianbao: 5 documents (standard-2021 1, free-form 2, x-plugin 1, unknown 1), \
             0 failed checks, 1 error"
        );
    }

    #[test]
    fn convert_bytes_keeps_source_information() {
        let registry = crate::builtin_registry();
        let r = convert_bytes("dir/a.txt", b"", &registry);
        assert_eq!(r.error.as_deref(), Some("empty file"));
        assert_eq!(r.source.path, "dir/a.txt");
        assert_eq!(
            r.source.sha256,
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        let r = convert_bytes("a.txt", "天气晴".as_bytes(), &registry);
        assert_eq!(r.error, None);
        assert_eq!(r.source.bytes, 9);
        assert_eq!(r.source.format.as_deref(), Some("text"));
    }
}
