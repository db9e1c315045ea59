//! The web console (`http.console.enabled`): its JSON API after a real client produced and a
//! real consumer group (confluent-kafka) consumed and committed, its pages rendered by headless
//! Chromium (installed by tests/setup) and asserted on the DOM the scripts built, screenshots
//! kept under target/console-screenshots/ as CI artefacts; the API's bounds and answers to
//! hostile paths and queries; and its refusals while an authorizer is configured.

use crate::clients::{self, Client, Produce};
use crate::groups::{committed, Member, MemberSpec, GROUP_BROKER_SETTINGS};
use crate::harness::{self, Broker};
use crate::metrics::get;
use serde_json::Value;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

const CONSOLE_ON: (&str, &str) = ("http.console.enabled", "true");

fn api(broker: &Broker, path: &str) -> (u16, Value) {
    let (status, body) = get(&broker.http_address(), path);
    let json =
        serde_json::from_str(&body).unwrap_or_else(|e| panic!("{path}: not JSON ({e}): {body:?}"));
    (status, json)
}

fn api_ok(broker: &Broker, path: &str) -> Value {
    let (status, json) = api(broker, path);
    assert_eq!(status, 200, "{path}: {json}");
    json
}

fn chromium() -> PathBuf {
    let found = std::env::var_os("PATH")
        .into_iter()
        .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .map(|d| d.join("chromium"))
        .find(|p| p.exists());
    found.unwrap_or_else(|| panic!("chromium not found: run tests/setup"))
}

/// Renders `page` (a hash route) in headless Chromium: the DOM after the scripts ran, and a
/// screenshot under target/console-screenshots/NAME.png.
fn render(broker: &Broker, page: &str, name: &str) -> String {
    let url = format!("http://{}/{page}", broker.http_address());
    let profile = tempfile::tempdir().expect("a profile dir");
    let base = |cmd: &mut Command| {
        cmd.args(["--headless=new", "--disable-gpu", "--no-sandbox"])
            .arg("--no-first-run")
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("--virtual-time-budget=5000");
    };
    let mut dump = Command::new(chromium());
    base(&mut dump);
    dump.arg("--dump-dom").arg(&url);
    let out = harness::run(&mut dump, Duration::from_secs(90));
    let dom = String::from_utf8_lossy(&out.stdout).into_owned();
    let dir = harness::repo_root().join("target/console-screenshots");
    std::fs::create_dir_all(&dir).expect("create target/console-screenshots");
    let png = dir.join(format!("{name}.png"));
    let mut shot = Command::new(chromium());
    base(&mut shot);
    shot.arg("--window-size=1280,1000")
        .arg(format!("--screenshot={}", png.display()))
        .arg(&url);
    harness::run(&mut shot, Duration::from_secs(90));
    assert!(png.exists(), "no screenshot {}", png.display());
    assert!(
        !dom.contains("data-error"),
        "{page} rendered an error:\n{dom}"
    );
    dom
}

fn assert_has(dom: &str, page: &str, needles: &[&str]) {
    for needle in needles {
        assert!(dom.contains(needle), "{page}: no {needle:?} in\n{dom}");
    }
}

/// Waits until `check` holds, polling (a condition, not a settling time).
fn wait_until(what: &str, timeout: Duration, mut check: impl FnMut() -> bool) {
    let deadline = Instant::now() + timeout;
    while !check() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn the_console_renders_a_real_clusters_data() {
    if harness::against_kafka() {
        return; // Kafka has no such console.
    }
    let mut settings = GROUP_BROKER_SETTINGS.to_vec();
    settings.push(CONSOLE_ON);
    let broker = Broker::start_with(&settings);
    let topic = "console-orders";
    let group = "console-billing";
    clients::create_topic(
        Client::Confluent,
        &broker,
        topic,
        3,
        &["retention.ms=3600000"],
    );
    let first = Produce {
        topic,
        partition: 0,
        seed: 14,
        specs: vec!["all:none:20".into(), "all:lz4:10".into()],
        timestamp_base_ms: None,
        extra: &[],
    };
    clients::produce(Client::Confluent, &broker, &first);

    // A real group member reads partition 0 to its end and commits.
    let spec = MemberSpec::classic(Client::Confluent, "range");
    let mut member = Member::start("console-m1", &spec, &broker, topic, group);
    wait_until(
        "the group's commit of offset 30",
        Duration::from_secs(60),
        || committed(&broker, group, topic).get(&0) == Some(&30),
    );
    let g = api_ok(&broker, &format!("/api/groups/{group}"));
    assert_eq!(g["state"], "Stable", "{g}");
    assert_eq!(g["lag"], 0, "{g}");
    let members = g["members"].as_array().unwrap();
    assert_eq!(members.len(), 1, "{g}");
    assert_eq!(members[0]["client_id"], "console-m1");
    let assigned = &members[0]["assignment"][0];
    assert_eq!(assigned["topic"], topic, "{g}");
    assert_eq!(assigned["partitions"], serde_json::json!([0, 1, 2]), "{g}");
    let dom = render(&broker, &format!("#/groups/{group}"), "group-stable");
    assert_has(
        &dom,
        "group page",
        &[group, "Stable", "console-m1", &format!("{topic}: 0, 1, 2")],
    );
    member.stop();
    assert!(member.wait_closed(), "the member closed");

    // 12 more records the group has not read: its lag on partition 0.
    let second = Produce {
        seed: 15,
        specs: vec!["all:none:12".into()],
        ..first
    };
    clients::produce(Client::Confluent, &broker, &second);

    let c = api_ok(&broker, "/api/cluster");
    assert_eq!(c["controller_id"], c["node_id"], "{c}");
    assert_eq!(c["nodes"].as_array().unwrap().len(), 1, "{c}");
    assert_eq!(c["shards"].as_array().unwrap().len(), 2, "{c}");
    let topics = api_ok(&broker, "/api/topics");
    let listed = topics["topics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == topic)
        .unwrap_or_else(|| panic!("{topic} not listed: {topics}"));
    assert_eq!(listed["partitions"], 3);
    let details = listed["partition_details"].as_array().unwrap();
    assert_eq!(details.len(), 3, "{listed}");
    assert_eq!(details[1]["leader"], c["node_id"], "{listed}");
    assert_eq!(details[1]["replicas"], serde_json::json!([c["node_id"]]));
    assert_eq!(details[1]["isr"], details[1]["replicas"]);
    assert_eq!(listed["configs"]["retention.ms"], "3600000");
    assert!(listed["size_bytes"].as_u64().unwrap() > 0, "{listed}");
    let t = api_ok(&broker, &format!("/api/topics/{topic}"));
    assert_eq!(t["partitions"][0]["high_watermark"], 42, "{t}");
    assert_eq!(t["partitions"][0]["isr"], serde_json::json!([1]), "{t}");
    let retention = t["configs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "retention.ms")
        .unwrap();
    assert_eq!(retention["source"], "DYNAMIC_TOPIC_CONFIG", "{retention}");

    // Records: the latest 5, from an offset (across the lz4 batch), and by timestamp.
    let r = api_ok(
        &broker,
        &format!("/api/topics/{topic}/partitions/0/records?latest=5"),
    );
    let records = r["records"].as_array().unwrap();
    let offsets: Vec<i64> = records
        .iter()
        .map(|x| x["offset"].as_i64().unwrap())
        .collect();
    assert_eq!(offsets, vec![37, 38, 39, 40, 41], "{r}");
    assert_eq!(records[4]["key"]["text"], "k0-11");
    assert_eq!(records[4]["value"]["text"], "v15-0-11");
    let r = api_ok(
        &broker,
        &format!("/api/topics/{topic}/partitions/0/records?offset=18&limit=4"),
    );
    let values: Vec<&str> = r["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["value"]["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        values,
        vec!["v14-0-18", "v14-0-19", "v14-1-0", "v14-1-1"],
        "{r}"
    );
    let first_ts = r["records"][2]["timestamp"].as_i64().unwrap();
    let r = api_ok(
        &broker,
        &format!("/api/topics/{topic}/partitions/0/records?timestamp={first_ts}&limit=1"),
    );
    assert!(r["records"][0]["offset"].as_i64().unwrap() <= 20, "{r}");

    let g = api_ok(&broker, &format!("/api/groups/{group}"));
    assert_eq!(g["state"], "Empty", "{g}");
    assert_eq!(g["lag"], 12, "{g}");
    let p0 = g["offsets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["partition"] == 0)
        .unwrap();
    assert_eq!(
        (p0["committed_offset"].clone(), p0["lag"].clone()),
        (30.into(), 12.into())
    );
    // Shard 0 samples every group's lag every 10 s: the history comes to show the 12.
    let last_total = |g: &Value| g["lag_history"]["total"].as_array()?.last()?.as_i64();
    wait_until(
        "the lag history to show 12",
        Duration::from_secs(40),
        || last_total(&api_ok(&broker, &format!("/api/groups/{group}"))) == Some(12),
    );
    let g = api_ok(&broker, &format!("/api/groups/{group}"));
    let history = &g["lag_history"];
    assert_eq!(history["interval_ms"], 10_000, "{history}");
    let p0 = history["partitions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["topic"] == topic && p["partition"] == 0)
        .unwrap_or_else(|| panic!("{history}"));
    assert_eq!(p0["lag"].as_array().unwrap().last(), Some(&Value::from(12)));
    assert_eq!(
        p0["lag"].as_array().unwrap().len(),
        history["at_ms"].as_array().unwrap().len()
    );
    let groups = api_ok(&broker, "/api/groups");
    assert!(
        groups["groups"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["group"] == group && x["lag"] == 12),
        "{groups}"
    );
    let configs = api_ok(&broker, "/api/configs");
    let on = configs["configs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "http.console.enabled")
        .unwrap_or_else(|| panic!("{configs}"));
    assert_eq!(on["value"], "true");

    // The pages, in a real browser.
    let dom = render(&broker, "", "overview");
    assert_has(
        &dom,
        "overview",
        &[
            c["cluster_id"].as_str().unwrap(),
            "active controller",
            "Bytes in / out",
        ],
    );
    let dom = render(&broker, "#/topics", "topics");
    assert_has(
        &dom,
        "topics",
        &[
            &format!("data-topic=\"{topic}\""),
            "data-field=\"partitions\">3<",
            "retention.ms=3600000",
        ],
    );
    let dom = render(
        &broker,
        &format!("#/topics/{topic}?partition=0&latest=5"),
        "topic-records",
    );
    assert_has(
        &dom,
        "topic",
        &[
            &format!("data-field=\"topic-name\">{topic}<"),
            "data-field=\"partition-count\">3<",
            "data-offset=\"41\"",
            "v15-0-11",
            "k0-11",
        ],
    );
    let dom = render(
        &broker,
        &format!("#/topics/{topic}?partition=0&offset=18&limit=2&view=hex"),
        "topic-records-hex",
    );
    // "v14-0-18" in hex.
    assert_has(&dom, "topic (hex)", &["7631342d302d3138"]);
    let dom = render(&broker, "#/groups", "groups");
    assert_has(&dom, "groups", &[group, "data-field=\"lag\">12<"]);
    let dom = render(&broker, &format!("#/groups/{group}"), "group");
    assert_has(
        &dom,
        "group",
        &[
            "data-field=\"state\">Empty<",
            "data-field=\"total-lag\">12<",
            &format!("data-partition=\"{topic}-0\""),
        ],
    );
    let dom = render(&broker, "#/configs", "configs");
    assert_has(
        &dom,
        "configs",
        &[
            "data-config=\"http.console.enabled\"",
            "STATIC_BROKER_CONFIG",
        ],
    );
    let dom = render(&broker, "#/live", "live");
    assert_has(
        &dom,
        "live",
        &["Bytes in / out", "Request latency", "Shard busy"],
    );
}

#[test]
fn console_describes_a_kip848_consumer_group() {
    if harness::against_kafka() {
        return;
    }
    let mut settings = GROUP_BROKER_SETTINGS.to_vec();
    settings.push(CONSOLE_ON);
    let broker = Broker::start_with(&settings);
    let topic = "console-kip848";
    let group = "console-kip848-group";
    clients::create_topic(Client::Confluent, &broker, topic, 2, &[]);
    let p = Produce {
        topic,
        partition: 0,
        seed: 9,
        specs: vec!["all:none:10".into()],
        timestamp_base_ms: None,
        extra: &[],
    };
    clients::produce(Client::Confluent, &broker, &p);
    let spec = MemberSpec::consumer(Client::Confluent, "uniform");
    let mut member = Member::start("console-848", &spec, &broker, topic, group);
    wait_until(
        "the group's commit of offset 10",
        Duration::from_secs(60),
        || committed(&broker, group, topic).get(&0) == Some(&10),
    );
    let g = api_ok(&broker, &format!("/api/groups/{group}"));
    assert_eq!(g["type"], "consumer", "{g}");
    assert_eq!(g["protocol"], "uniform", "{g}");
    assert_eq!(g["lag"], 0, "{g}");
    let members = g["members"].as_array().unwrap();
    assert_eq!(members.len(), 1, "{g}");
    assert_eq!(members[0]["client_id"], "console-848", "{g}");
    let mut assigned: Vec<i64> = members[0]["assignment"][0]["partitions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_i64().unwrap())
        .collect();
    assigned.sort();
    assert_eq!(assigned, vec![0, 1], "{g}");
    let listed = api_ok(&broker, "/api/groups");
    assert!(
        listed["groups"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["group"] == group && x["type"] == "consumer"),
        "{listed}"
    );
    member.stop();
    assert!(member.wait_closed(), "the member closed");
}

/// A raw request: (status line and headers, body).
fn raw(address: &str, request: &str) -> (String, Vec<u8>) {
    let mut stream = TcpStream::connect(address).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = Vec::new();
    stream
        .read_to_end(&mut response)
        .expect("read the response");
    let end = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no head in {:?}", String::from_utf8_lossy(&response)));
    (
        String::from_utf8_lossy(&response[..end]).into_owned(),
        response[end + 4..].to_vec(),
    )
}

#[test]
fn console_api_is_bounded_and_refuses_hostile_requests() {
    if harness::against_kafka() {
        return;
    }
    let broker = Broker::start_with(&[CONSOLE_ON]);
    let topic = "console-bounds";
    clients::create_topic(Client::Confluent, &broker, topic, 1, &[]);
    let p = Produce {
        topic,
        partition: 0,
        seed: 3,
        specs: vec!["all:none:600".into()],
        timestamp_base_ms: None,
        extra: &[],
    };
    clients::produce(Client::Confluent, &broker, &p);
    let records = format!("/api/topics/{topic}/partitions/0/records");

    // Limits above the bound are clamped, and said so.
    let r = api_ok(&broker, &format!("{records}?offset=0&limit=100000"));
    assert_eq!(r["limit"], 500);
    assert_eq!(r["limit_clamped"], true);
    assert_eq!(r["records"].as_array().unwrap().len(), 500);
    assert_eq!(r["truncated"], true);
    assert_eq!(r["next_offset"], 500);
    let r = api_ok(&broker, &format!("{records}?latest=100000"));
    assert_eq!(r["records"].as_array().unwrap().len(), 500);
    assert_eq!(r["records"][499]["offset"], 599);
    // Past the end: nothing, not an error.
    let r = api_ok(&broker, &format!("{records}?offset=600"));
    assert_eq!(r["records"].as_array().unwrap().len(), 0);

    for (path, status) in [
        ("/api/topics/no-such-topic", 404),
        ("/api/topics/no-such-topic/partitions/0/records", 404),
        (
            &format!("/api/topics/{topic}/partitions/7/records")[..],
            404,
        ),
        (&format!("{records}?offset=-1"), 400),
        (&format!("{records}?offset=1&latest=2"), 400),
        (&format!("{records}?limit=0"), 400),
        (&format!("{records}?offset=99999999999999999999999"), 400),
        (&format!("{records}?offset=%zz"), 400),
        (&format!("{records}?{}", "a=1&".repeat(40)), 400),
        (&format!("/api/topics/{topic}/partitions/-1/records"), 400),
        (&format!("/api/topics/{topic}/partitions/x/records"), 400),
        ("/api/topics/%FF%FE", 400),
        ("/api/topics/a%00b", 400),
        ("/api/topics/..%2F..%2Fetc%2Fpasswd", 404),
        ("/api/groups/no-such-group", 404),
        ("/api/nothing", 404),
        ("/api/", 404),
        ("/api/topics/a/b/c/d/e/f", 404),
    ] {
        let (got, json) = api(&broker, path);
        assert_eq!(got, status, "{path}: {json}");
        assert!(json["error"].is_string(), "{path}: {json}");
    }

    // Assets: content types, revalidation by ETag, nothing outside the set.
    let address = broker.http_address();
    let (head, body) = raw(&address, "GET / HTTP/1.1\r\n\r\n");
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(
        head.contains("Content-Type: text/html; charset=utf-8"),
        "{head}"
    );
    assert!(head.contains("Cache-Control: no-cache"), "{head}");
    assert!(String::from_utf8_lossy(&body).contains("/assets/console.js"));
    let etag = head
        .lines()
        .find_map(|l| l.strip_prefix("ETag: "))
        .unwrap_or_else(|| panic!("no ETag in {head}"));
    let (head, body) = raw(
        &address,
        &format!("GET / HTTP/1.1\r\nIf-None-Match: {etag}\r\n\r\n"),
    );
    assert!(head.starts_with("HTTP/1.1 304"), "{head}");
    assert!(body.is_empty());
    let (head, _) = raw(&address, "GET /assets/console.js HTTP/1.1\r\n\r\n");
    assert!(head.contains("Content-Type: text/javascript"), "{head}");
    let (head, _) = raw(&address, "GET /assets/console.css HTTP/1.1\r\n\r\n");
    assert!(head.contains("Content-Type: text/css"), "{head}");
    let (head, _) = raw(&address, "GET /assets/../../etc/passwd HTTP/1.1\r\n\r\n");
    assert!(head.starts_with("HTTP/1.1 404"), "{head}");
    let (head, _) = raw(&address, "GET /api/cluster HTTP/1.1\r\n\r\n");
    assert!(head.contains("Content-Type: application/json"), "{head}");
    assert!(head.contains("Cache-Control: no-store"), "{head}");
    let (head, _) = raw(&address, "DELETE /api/topics/x HTTP/1.1\r\n\r\n");
    assert!(head.starts_with("HTTP/1.1 405"), "{head}");

    // Still serving after all that.
    assert_eq!(get(&address, "/health/live").0, 200);
    assert!(!broker.logs().contains("panicked"), "{}", broker.logs());

    // The console's samplers (every shard's series, shard 0's group lag) end with the broker.
    let mut broker = broker;
    wait_until("two series samples", Duration::from_secs(20), || {
        api_ok(&broker, "/api/metrics/series")["points"]
            .as_array()
            .is_some_and(|p| !p.is_empty())
    });
    let took = broker.stop();
    assert!(took < Duration::from_secs(10), "stopping took {took:?}");

    // Without http.console.enabled, no console at all.
    let off = Broker::start();
    for path in ["/", "/api/cluster", "/assets/console.js"] {
        assert_eq!(get(&off.http_address(), path).0, 404, "{path}");
    }
}

#[test]
fn console_refuses_records_and_configs_under_an_authorizer() {
    if harness::against_kafka() {
        return;
    }
    let broker = Broker::start_with(&[
        CONSOLE_ON,
        (
            "authorizer.class.name",
            "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
        ),
        ("super.users", "User:ANONYMOUS"),
    ]);
    let topic = "console-guarded";
    clients::create_topic(Client::Confluent, &broker, topic, 1, &[]);
    for path in [
        "/api/configs".to_string(),
        format!("/api/topics/{topic}/partitions/0/records?latest=1"),
    ] {
        let (status, json) = api(&broker, &path);
        assert_eq!(status, 403, "{path}: {json}");
        assert!(
            json["error"].as_str().unwrap().contains("authorizer"),
            "{json}"
        );
    }
    // What carries no record data or config is still served, without the topics' configs.
    api_ok(&broker, "/api/cluster");
    let topics = api_ok(&broker, "/api/topics");
    let listed = topics["topics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == topic)
        .unwrap_or_else(|| panic!("{topics}"));
    assert_eq!(listed["configs"], serde_json::json!({}), "{listed}");
    let t = api_ok(&broker, &format!("/api/topics/{topic}"));
    assert_eq!(t["configs"], Value::Null, "{t}");
    assert_eq!(t["partition_count"], 1, "{t}");
}
