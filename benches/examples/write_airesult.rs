//! Writes a generated AiResult file: `cargo run -p aliasr-benches --example write_airesult -- N SEED OUT`.

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(n), Some(seed), Some(out)) = (
        args.first().and_then(|a| a.parse::<usize>().ok()),
        args.get(1).and_then(|a| a.parse::<u64>().ok()),
        args.get(2),
    ) else {
        eprintln!("usage: write_airesult N SEED OUT");
        return ExitCode::from(2);
    };
    match std::fs::write(out, aliasr_benches::generate_airesult(n, seed)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: writing {out}: {error}");
            ExitCode::FAILURE
        }
    }
}
