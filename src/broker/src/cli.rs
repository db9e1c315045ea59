//! Command line: `sluice start [--config FILE] [--set key=value]...`.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "sluice",
    version,
    about = "Sluice: a Kafka-compatible, thread-per-core message broker"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Start a broker. Without arguments: one node on 127.0.0.1:9092, data in ./data.
    Start(StartArgs),
}

#[derive(Args, Debug)]
pub struct StartArgs {
    /// A Kafka server.properties file (Kafka's key names and defaults).
    #[arg(long, short = 'c', value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Override one config key (repeatable), e.g. --set log.dirs=/var/lib/sluice.
    #[arg(long = "set", value_name = "KEY=VALUE", value_parser = parse_key_value)]
    pub overrides: Vec<(String, String)>,
}

fn parse_key_value(s: &str) -> Result<(String, String), String> {
    let (k, v) = s
        .split_once('=')
        .ok_or_else(|| format!("expected KEY=VALUE, got {s:?}"))?;
    let k = k.trim();
    if k.is_empty() {
        return Err(format!("empty key in {s:?}"));
    }
    Ok((k.to_string(), v.trim().to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_start_with_overrides() {
        let cli = Cli::try_parse_from([
            "sluice",
            "start",
            "--set",
            "num.partitions=3",
            "--set",
            "a.b= c",
        ])
        .unwrap();
        let Command::Start(args) = cli.command;
        assert_eq!(
            args.overrides,
            vec![
                ("num.partitions".into(), "3".into()),
                ("a.b".into(), "c".into())
            ]
        );
        assert!(Cli::try_parse_from(["sluice", "start", "--set", "novalue"]).is_err());
    }
}
