//! The `nianbao` binary: parses the command line and maps the outcome to an
//! exit code (0 clean, 1 some documents failed, 2 usage or output errors).

use clap::Parser;
use nianbao_cli::app::{self, Cli, Outcome};
use std::process::ExitCode;

/// Conversion allocates many small strings per document; mimalloc serves
/// them faster than the system allocator (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // Usage errors exit with code 2 here (clap's convention).
    let cli = Cli::parse();
    app::init_logging();
    match app::run(cli) {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::Failed) => ExitCode::from(1),
        Err(e) => {
            eprintln!("nianbao: error: {e:#}");
            ExitCode::from(2)
        }
    }
}
