//! `sluice metadata dump`: the metadata log's records as JSON lines on stdout, read without the
//! broker (`metadata::dump` reads the files and never writes to the directory). A summary of
//! what was read goes to stderr; an entry that does not decode is a line with `"error"` and
//! makes the command exit non-zero after printing everything else.

use std::io::{BufWriter, ErrorKind, Write};
use std::path::PathBuf;

use anyhow::Context;

use crate::cli::DumpArgs;

pub fn run(args: DumpArgs) -> anyhow::Result<()> {
    let dir = match args.dir {
        Some(dir) => dir,
        None => metadata_dir_of_config(&args)?,
    };
    let contents = metadata::dump::read_log(&dir)
        .with_context(|| format!("reading the metadata log in {}", dir.display()))?;
    let mut out = BufWriter::new(std::io::stdout().lock());
    let written = contents
        .json_lines()
        .iter()
        .try_for_each(|line| writeln!(out, "{line}"))
        .and_then(|()| out.flush());
    match written {
        // A reader that stopped early (`| head`) is not an error.
        Err(e) if e.kind() == ErrorKind::BrokenPipe => return Ok(()),
        other => other.context("writing to stdout")?,
    }
    eprintln!("{}", contents.summary());
    let undecodable = contents.undecodable_entries();
    anyhow::ensure!(
        undecodable == 0,
        "{undecodable} entries of {} could not be decoded (their lines carry \"error\"); the broker would refuse to start on them",
        dir.display()
    );
    Ok(())
}

/// Where `sluice start` keeps the metadata log for this config: the first log dir's
/// `__cluster_metadata-0`.
fn metadata_dir_of_config(args: &DumpArgs) -> anyhow::Result<PathBuf> {
    let config = crate::start::load_config(&args.start)?;
    let first = config
        .log_dirs
        .first()
        .context("the config names no log.dirs")?;
    Ok(crate::format::metadata_dir(first))
}
