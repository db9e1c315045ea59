//! `sluice metadata dump` reads the metadata log of a stopped broker and prints its records as
//! JSON lines, without writing to the directory: a topic a real client created is there, with
//! its partitions and config, whether the directory is named or found through the config.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

use crate::clients::{self, Client};
use crate::harness::{self, against_kafka, repo_root, Broker};

fn dump(args: &[&str]) -> Output {
    let mut cmd = Command::new(repo_root().join("target/debug/sluice"));
    cmd.args(["metadata", "dump"]).args(args);
    harness::try_run(&mut cmd, None, clients::CLIENT_TIMEOUT)
}

/// Every file in `dir` with its bytes and modification time.
fn files(dir: &Path) -> BTreeMap<String, (Vec<u8>, std::time::SystemTime)> {
    fs::read_dir(dir)
        .unwrap()
        .map(|f| {
            let f = f.unwrap();
            let modified = f.metadata().unwrap().modified().unwrap();
            (
                f.file_name().to_string_lossy().into_owned(),
                (fs::read(f.path()).unwrap(), modified),
            )
        })
        .collect()
}

fn json_lines(output: &Output) -> Vec<Value> {
    String::from_utf8(output.stdout.clone())
        .expect("UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

#[test]
fn metadata_dump_shows_a_topic_a_client_created() {
    if against_kafka() {
        return; // Sluice's own command and log format
    }
    let seed = harness::seed("metadata_dump");
    let mut broker = Broker::start();
    let topic = harness::topic_name("metadata_dump", seed);
    clients::create_topic(Client::Franz, &broker, &topic, 2, &["retention.ms=3600000"]);
    broker.stop();

    let dir = broker.data_dir().join("__cluster_metadata-0");
    let before = files(&dir);
    let output = dump(&["--dir", &dir.display().to_string()]);
    assert!(output.status.success(), "{}", harness::describe(&output));
    assert_eq!(files(&dir), before, "the dump wrote to the directory");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("committed up to index"), "{stderr}");

    let lines = json_lines(&output);
    let created = lines
        .iter()
        .find(|l| l["type"] == "Topic" && l["record"]["name"] == topic.as_str())
        .unwrap_or_else(|| panic!("no Topic record for {topic} in {lines:#?}"));
    assert_eq!(created["source"], "entry");
    assert_eq!(created["committed"], true);
    assert!(created["index"].as_u64().unwrap() > 0 && created["term"].as_u64().unwrap() > 0);
    let id = &created["record"]["id"];
    let partitions: Vec<i64> = lines
        .iter()
        .filter(|l| l["type"] == "Partition" && l["record"]["topic_id"] == *id)
        .map(|l| {
            assert_eq!(l["index"], created["index"], "created in one entry");
            l["record"]["partition"].as_i64().unwrap()
        })
        .collect();
    assert_eq!(partitions, [0, 1]);
    assert!(
        lines.iter().any(|l| l["type"] == "Config"
            && l["record"]["resource"]["name"] == topic.as_str()
            && l["record"]["name"] == "retention.ms"
            && l["record"]["value"] == "3600000"),
        "{lines:#?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l["type"] == "RegisterBroker" && l["record"]["fenced"] == false),
        "the broker registered itself: {lines:#?}"
    );

    // Without --dir, the directory comes from the config's log.dirs, as `sluice start` finds it.
    let config = broker.data_dir().with_file_name("dump.properties");
    fs::write(
        &config,
        format!("log.dirs={}\n", broker.data_dir().display()),
    )
    .unwrap();
    let by_config = dump(&["--config", &config.display().to_string()]);
    assert!(
        by_config.status.success(),
        "{}",
        harness::describe(&by_config)
    );
    assert_eq!(by_config.stdout, output.stdout);

    let missing = dump(&[
        "--dir",
        &broker.data_dir().join("nope").display().to_string(),
    ]);
    assert!(!missing.status.success());
    assert!(
        String::from_utf8_lossy(&missing.stderr).contains("not a metadata log directory"),
        "{}",
        harness::describe(&missing)
    );

    // The broker still starts on the directory the dump read.
    broker.restart();
    broker.stop();
}
