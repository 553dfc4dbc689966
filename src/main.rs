//! The `jixiao` command line. Argument parsing and exit codes live here; every command's work
//! lives in the library or in its own module under `cli/`.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::run()
}
