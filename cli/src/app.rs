//! The command line: arguments ([`Cli`]), logging and progress on stderr,
//! and the three commands. [`run`] returns an [`Outcome`]; `main` maps it
//! to the exit code.

use crate::convert::{Summary, WINDOW_PER_JOB, convert_input, default_jobs, run_ordered};
use crate::detect::{Detection, detect_input, table};
use crate::eval::{Metrics, load_gold};
use crate::walk::{Input, Walk};
use crate::write::{AtomicFile, Format, RecordWriter};
use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use nianbao_core::{Record, Registry};
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

/// Turn government information-disclosure annual reports (政府信息公开工作年度报告)
/// into structured, evidence-backed records.
///
/// Records go to stdout (or -o); logs and progress go to stderr. Set
/// NIANBAO_LOG (e.g. `info`, `debug`) for more logging; NO_COLOR is honoured.
///
/// Exit codes: 0 every document produced a clean record, 1 some records
/// carry an error, 2 usage or output errors.
#[derive(Debug, Parser)]
#[command(name = "nianbao", version)]
pub struct Cli {
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,

    /// Load a plugin (a dynamic library exporting `nianbao_plugin_entry_v1`);
    /// repeatable. Directories listed in NIANBAO_PLUGIN_PATH (separated like
    /// PATH) are searched for `*nianbao_plugin_*` libraries as well.
    #[arg(long = "plugin", value_name = "FILE", global = true)]
    pub plugins: Vec<PathBuf>,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Convert reports to records (schema nianbao/1).
    Convert(ConvertArgs),
    /// Show every extractor's score for each document, and the winner.
    Detect(ReadArgs),
    /// Measure accuracy against hand-checked gold files.
    Eval(EvalArgs),
    /// Inspect plugins.
    #[command(subcommand)]
    Plugins(PluginsCommand),
}

/// `nianbao plugins …`.
#[derive(Debug, Subcommand)]
pub enum PluginsCommand {
    /// Print id, version, ABI version, path and status of every plugin,
    /// compiled in or loaded (tab-separated).
    List,
}

/// What to read and how.
#[derive(Debug, Args)]
pub struct ReadArgs {
    /// Files or directories. Directories are walked recursively in path
    /// order, reading .txt .text .md .html .htm .shtml and files without
    /// extension (hidden entries are left out); a named file is always read.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Worker threads [default: the number of available cores].
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,

    /// Refuse documents larger than this many bytes (they yield an error record).
    #[arg(long, value_name = "N", default_value_t = crate::DEFAULT_MAX_BYTES)]
    pub max_bytes: u64,
}

impl ReadArgs {
    fn jobs(&self) -> usize {
        self.jobs.map_or_else(default_jobs, usize::from)
    }
}

/// Arguments of `nianbao convert`.
#[derive(Debug, Args)]
pub struct ConvertArgs {
    #[command(flatten)]
    pub read: ReadArgs,

    /// Output format: `jsonl` (the default, also for a single file) writes one
    /// record per line; `json` a pretty JSON array; `csv` the long form
    /// path,key,value with one row per fact plus template, meta.* and error rows;
    /// `csv-wide` one row per document and one column per key present in the
    /// batch (path, template, error, meta.* first, then keys in schema order,
    /// plugin keys last).
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Jsonl)]
    pub format: Format,

    /// Write to this file instead of stdout, atomically: it appears only when
    /// the whole run succeeded.
    #[arg(long, short = 'o', value_name = "OUT")]
    pub output: Option<PathBuf>,
}

/// Arguments of `nianbao eval`.
#[derive(Debug, Args)]
pub struct EvalArgs {
    #[command(flatten)]
    pub read: ReadArgs,

    /// The directory of gold files (`<file name without its last extension>.gold.json`).
    #[arg(long, value_name = "DIR")]
    pub gold: PathBuf,

    /// List every missing, wrong and false-positive value.
    #[arg(long, short = 'v')]
    pub verbose: bool,

    /// Print the metrics as JSON.
    #[arg(long)]
    pub json: bool,
}

/// How a run ended, short of a usage or output error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Every document produced a clean record (exit code 0).
    Clean,
    /// Some documents failed, or gold files could not be read (exit code 1).
    Failed,
}

/// Sets up logging to stderr: the `NIANBAO_LOG` filter, `warn` by default,
/// colours only on a terminal and without `NO_COLOR`.
pub fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("NIANBAO_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(io::stderr)
        .with_ansi(color())
        .without_time()
        .with_target(false)
        .try_init();
}

/// Whether stderr may carry colour and progress.
fn color() -> bool {
    io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Runs a parsed command line. Errors are usage or output errors.
pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    let mut registry = crate::builtin_registry();
    let env = std::env::var_os(nianbao_plugin_host::PLUGIN_PATH_VAR);
    let (loaded, mut errors) = nianbao_plugin_host::load_plugins(&cli.plugins, env.as_deref());
    let taken: Vec<String> = registry.ids().into_iter().map(String::from).collect();
    let taken: Vec<&str> = taken.iter().map(String::as_str).collect();
    let (loaded, refused) = nianbao_plugin_host::refuse_taken(loaded, &taken);
    errors.extend(refused);
    if let Command::Plugins(PluginsCommand::List) = cli.command {
        return plugins_list(&loaded, &errors);
    }
    // A plugin that cannot be loaded is reported and left out; the batch goes on.
    for e in &errors {
        tracing::error!("{e}");
    }
    for plugin in loaded {
        registry.register(plugin.extractor);
    }
    match cli.command {
        Command::Convert(args) => convert(&args, &registry),
        Command::Detect(args) => detect(&args, &registry),
        Command::Eval(args) => eval(&args, &registry),
        Command::Plugins(_) => Ok(Outcome::Clean),
    }
}

/// `nianbao plugins list`: exit 1 when a plugin failed to load.
fn plugins_list(
    loaded: &[nianbao_plugin_host::LoadedPlugin],
    errors: &[nianbao_plugin_host::PluginError],
) -> anyhow::Result<Outcome> {
    let mut lines = crate::compiled_in_plugins();
    lines.extend(nianbao_plugin_host::list_lines(loaded, errors));
    let mut stdout = io::stdout().lock();
    for line in lines {
        writeln!(stdout, "{line}").context("cannot write to stdout")?;
    }
    Ok(if errors.is_empty() {
        Outcome::Clean
    } else {
        Outcome::Failed
    })
}

/// `nianbao convert`.
fn convert(args: &ConvertArgs, registry: &Registry) -> anyhow::Result<Outcome> {
    match &args.output {
        Some(path) => {
            let file = AtomicFile::create(path)?;
            let (file, summary) = convert_into(file, args, registry)
                .with_context(|| format!("cannot write {}", path.display()))?;
            file.commit()?;
            Ok(finish(&summary))
        }
        None => {
            let stdout = io::BufWriter::new(io::stdout().lock());
            match convert_into(stdout, args, registry) {
                Ok((_, summary)) => Ok(finish(&summary)),
                // A closed pipe (`| head`) is the reader's choice, not an error.
                Err(e) if is_broken_pipe(&e) => Ok(Outcome::Clean),
                Err(e) => Err(e.context("cannot write to stdout")),
            }
        }
    }
}

/// Converts every input into `out`; returns the flushed writer and the counts.
fn convert_into<W: Write>(
    out: W,
    args: &ConvertArgs,
    registry: &Registry,
) -> anyhow::Result<(W, Summary)> {
    let mut writer = RecordWriter::new(out, args.format)?;
    let mut summary = Summary::new(&registry.ids());
    let progress = progress();
    for_each_record(&args.read, registry, |record| {
        progress.inc(1);
        summary.add(&record);
        writer.write(&record)?;
        Ok(())
    })?;
    progress.finish_and_clear();
    let out = writer.finish()?;
    Ok((out, summary))
}

/// Prints the summary line and gives the outcome it implies.
fn finish(summary: &Summary) -> Outcome {
    eprintln!("{summary}");
    if summary.errors > 0 {
        Outcome::Failed
    } else {
        Outcome::Clean
    }
}

/// Streams the records of every input through `sink`, in input order.
fn for_each_record(
    read: &ReadArgs,
    registry: &Registry,
    sink: impl FnMut(Record) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let jobs = read.jobs();
    let max_bytes = read.max_bytes;
    run_ordered(
        Walk::new(read.paths.clone()),
        jobs,
        jobs * WINDOW_PER_JOB,
        |input: Input| convert_input(&input, registry, max_bytes),
        sink,
    )
}

/// `nianbao detect`.
fn detect(args: &ReadArgs, registry: &Registry) -> anyhow::Result<Outcome> {
    let jobs = args.jobs();
    let mut rows: Vec<Detection> = Vec::new();
    let progress = progress();
    run_ordered(
        Walk::new(args.paths.clone()),
        jobs,
        jobs * WINDOW_PER_JOB,
        |input: Input| detect_input(&input, registry, args.max_bytes),
        |row| {
            progress.inc(1);
            rows.push(row);
            Ok(())
        },
    )?;
    progress.finish_and_clear();
    let mut stdout = io::stdout().lock();
    match stdout
        .write_all(table(&rows).as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
            return Err(anyhow::Error::new(e).context("cannot write to stdout"));
        }
        _ => {}
    }
    let failed = rows.iter().any(|r| r.scores.is_err());
    Ok(if failed {
        Outcome::Failed
    } else {
        Outcome::Clean
    })
}

/// `nianbao eval`.
fn eval(args: &EvalArgs, registry: &Registry) -> anyhow::Result<Outcome> {
    if !args.gold.is_dir() {
        tracing::error!("gold directory {} cannot be read", args.gold.display());
        return Ok(Outcome::Failed);
    }
    let mut metrics = Metrics::default();
    let progress = progress();
    for_each_record(&args.read, registry, |record| {
        progress.inc(1);
        match load_gold(&args.gold, &record.source.path) {
            Ok(Some(gold)) => metrics.add(&record, &gold),
            Ok(None) => metrics.without_gold += 1,
            Err(e) => {
                tracing::error!("{e}");
                metrics.gold_errors += 1;
            }
        }
        Ok(())
    })?;
    progress.finish_and_clear();
    let text = if args.json {
        let mut s = serde_json::to_string_pretty(&metrics.to_json(args.verbose))?;
        s.push('\n');
        s
    } else {
        metrics.report(args.verbose)
    };
    let mut stdout = io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
            return Err(anyhow::Error::new(e).context("cannot write to stdout"));
        }
        _ => {}
    }
    Ok(if metrics.gold_errors > 0 {
        Outcome::Failed
    } else {
        Outcome::Clean
    })
}

/// A spinner counting documents on stderr, hidden unless stderr is a
/// terminal (and drawn without colour).
fn progress() -> ProgressBar {
    if !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    let style = ProgressStyle::with_template("{spinner} {pos} documents  {elapsed}")
        .unwrap_or_else(|_| ProgressStyle::default_spinner());
    bar.set_style(style);
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar
}

/// Whether an error comes from writing into a closed pipe.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}
