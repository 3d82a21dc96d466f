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
    no_huge_pages();
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

/// Keeps the kernel from backing this process's memory with transparent
/// huge pages. mimalloc's arenas are large and aligned, so with huge pages
/// every 2 MiB region the allocator touches stays resident whole: the peak
/// was 62 MB with one job and 62–96 MB with two, against about 20 and 28 MB
/// without them, at the same speed (BENCHMARKS.md, seventh round).
fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes integer arguments only and changes
    // nothing but this process's paging policy; a failure is harmless.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}
