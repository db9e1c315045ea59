//! `sluice`: the broker binary and composition root. Parses the command line and config,
//! opens the metadata log, starts one glommio executor (shard) per core, and shuts down
//! cleanly on SIGTERM/SIGINT.
//!
//! Runs once per process on the main thread; everything else runs inside shards.

mod cli;
mod start;

use clap::Parser;

fn main() {
    let cli = cli::Cli::parse();
    let code = match cli.command {
        cli::Command::Start(args) => match start::run(args) {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("sluice: {e:#}");
                1
            }
        },
    };
    std::process::exit(code);
}
