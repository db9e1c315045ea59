//! Command line: `sluice start [--config FILE] [--set key=value]...`, `sluice format` and
//! `sluice random-uuid` (as Kafka's `kafka-storage format` / `random-uuid`), and
//! `sluice metadata dump` (the metadata log as JSON lines).

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
    /// Format the log directories of a node for a cluster (like `kafka-storage format`).
    Format(FormatArgs),
    /// Print a new random cluster id (like `kafka-storage random-uuid`).
    RandomUuid,
    /// Inspect the metadata log of a stopped (or running) broker.
    Metadata {
        #[command(subcommand)]
        command: MetadataCommand,
    },
}

#[derive(Subcommand, Debug)]
pub enum MetadataCommand {
    /// Print the metadata log's records as JSON lines: the snapshot's, then each entry's
    /// (`{"source":"entry","index":12,"term":3,"committed":true,"type":"Topic","record":{..}}`).
    /// Reads only; never writes to the directory.
    Dump(DumpArgs),
}

#[derive(Args, Debug)]
pub struct DumpArgs {
    /// The metadata log directory. Default: `__cluster_metadata-0` in the first of the config's
    /// `log.dirs`, where `sluice start` keeps it.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["config", "overrides"])]
    pub dir: Option<PathBuf>,
    #[command(flatten)]
    pub start: StartArgs,
}

#[derive(Args, Debug)]
pub struct FormatArgs {
    #[command(flatten)]
    pub start: StartArgs,
    /// The cluster id, e.g. from `sluice random-uuid`.
    #[arg(long, short = 't', value_name = "ID")]
    pub cluster_id: String,
    /// Format as the only voter of a new dynamic quorum (KIP-853).
    #[arg(long, short = 's', conflicts_with_all = ["initial_controllers", "no_initial_controllers"])]
    pub standalone: bool,
    /// The initial voters of a dynamic quorum: id@host:port:directory-id,...
    #[arg(
        long,
        short = 'I',
        value_name = "VOTERS",
        conflicts_with = "no_initial_controllers"
    )]
    pub initial_controllers: Option<String>,
    /// Format without initial voters (a controller that joins an existing dynamic quorum).
    #[arg(long, short = 'N')]
    pub no_initial_controllers: bool,
    /// Skip log directories that are already formatted instead of failing.
    #[arg(long, short = 'g')]
    pub ignore_formatted: bool,
    /// A SCRAM credential in the new metadata log, as Kafka's `kafka-storage format
    /// --add-scram`: `SCRAM-SHA-256=[name=alice,password=alice-secret]` (also `iterations=`,
    /// and `salt=` in base64). Repeatable.
    #[arg(long, short = 'S', value_name = "CREDENTIAL")]
    pub add_scram: Vec<String>,
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
        let Command::Start(args) = cli.command else {
            panic!("parsed as start");
        };
        assert_eq!(
            args.overrides,
            vec![
                ("num.partitions".into(), "3".into()),
                ("a.b".into(), "c".into())
            ]
        );
        assert!(Cli::try_parse_from(["sluice", "start", "--set", "novalue"]).is_err());
    }

    #[test]
    fn parses_format_as_kafka_storage_does() {
        let cli = Cli::try_parse_from([
            "sluice",
            "format",
            "-c",
            "server.properties",
            "-t",
            "MkU3OEVBNTcwNTJENDM2Qk",
            "-s",
        ])
        .unwrap();
        let Command::Format(args) = cli.command else {
            panic!("parsed as format");
        };
        assert!(args.standalone && !args.ignore_formatted);
        assert_eq!(args.cluster_id, "MkU3OEVBNTcwNTJENDM2Qk");
        assert!(
            Cli::try_parse_from(["sluice", "format", "-c", "x"]).is_err(),
            "needs -t"
        );
        assert!(Cli::try_parse_from(["sluice", "format", "-t", "x", "-s", "-N"]).is_err());
    }

    #[test]
    fn parses_metadata_dump_with_a_dir_or_a_config() {
        let dump = |args: &[&str]| {
            let cli = Cli::try_parse_from(args.iter().copied())?;
            let Command::Metadata {
                command: MetadataCommand::Dump(args),
            } = cli.command
            else {
                panic!("parsed as metadata dump");
            };
            Ok::<_, clap::Error>(args)
        };
        let args = dump(&["sluice", "metadata", "dump", "--dir", "/d"]).unwrap();
        assert_eq!(args.dir, Some(PathBuf::from("/d")));
        let args = dump(&["sluice", "metadata", "dump", "-c", "s.properties"]).unwrap();
        assert_eq!(
            (args.dir, args.start.config),
            (None, Some(PathBuf::from("s.properties")))
        );
        assert!(dump(&["sluice", "metadata", "dump"]).unwrap().dir.is_none());
        assert!(dump(&["sluice", "metadata", "dump", "--dir", "/d", "-c", "x"]).is_err());
        assert!(dump(&["sluice", "metadata", "dump", "--dir", "/d", "--set", "a=b"]).is_err());
    }
}
