//! The `aliasr` command line tool. See the crate README for the commands.

mod cli;
mod commands;
mod exit;
mod global;
mod output;
mod report_output;
mod service;
mod subtitle_files;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            // Help and version go to stdout with status 0; usage errors to stderr with 2.
            let _ = error.print();
            return if error.use_stderr() {
                exit::usage_exit_code()
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match commands::run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => error.report(),
    }
}
