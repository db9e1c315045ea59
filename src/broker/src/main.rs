//! `sluice`: the broker binary and composition root. Parses the command line and config,
//! opens the metadata log, starts one glommio executor (shard) per core, and shuts down
//! cleanly on SIGTERM/SIGINT.
//!
//! Runs once per process on the main thread; everything else runs inside shards.

mod clean_shutdown;
mod cli;
mod dir_lock;
mod dump;
mod format;
mod meta_properties;
mod start;

use clap::Parser;

fn main() {
    let cli = cli::Cli::parse();
    let result = match cli.command {
        cli::Command::Start(args) => start::run(args),
        cli::Command::Format(args) => {
            start::load_config(&args.start).and_then(|config| format::run(args, config))
        }
        cli::Command::RandomUuid => {
            println!("{}", format::random_uuid());
            Ok(())
        }
        cli::Command::Metadata {
            command: cli::MetadataCommand::Dump(args),
        } => dump::run(args),
    };
    let code = match result {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("sluice: {e:#}");
            1
        }
    };
    std::process::exit(code);
}
