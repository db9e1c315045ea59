//! The web console (`http.console.enabled`): its JSON API after a real client produced and a
//! real consumer group (confluent-kafka) consumed and committed, its pages rendered by headless
//! Chromium (installed by tests/setup) and asserted on the DOM the scripts built, screenshots
//! kept under target/console-screenshots/ as CI artefacts; the API's bounds and answers to
//! hostile paths and queries; its login (a form, a session cookie, HTTP Basic on /api/)
//! against SCRAM and PLAIN users, and what each principal sees under the broker's ACLs, logged
//! in through the form in one Chromium session driven over DevTools (`browser`).

use crate::browser::Browser;
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

const STANDARD_AUTHORIZER: (&str, &str) = (
    "authorizer.class.name",
    "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
);

/// PLAIN users of the SASL listener: admin (a super user) and carol (no ACLs).
const CONSOLE_JAAS: &str = r#"org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="admin-secret" user_admin="admin-secret" user_carol="carol-secret";"#;

/// A broker with an authorizer, a PLAINTEXT listener whose anonymous clients are super users
/// (the test's own setup: topics, ACLs, SCRAM users), a SASL_PLAINTEXT listener with PLAIN
/// users, and the console (login required: `auto` with an authorizer).
fn secured_console(extra: &[(&str, &str)]) -> Broker {
    let mut settings = vec![
        CONSOLE_ON,
        STANDARD_AUTHORIZER,
        (
            "listeners",
            "PLAINTEXT://127.0.0.1:0,SASL_PLAINTEXT://127.0.0.1:0",
        ),
        (
            "listener.security.protocol.map",
            "PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT",
        ),
        (
            "sasl.enabled.mechanisms",
            "PLAIN,SCRAM-SHA-256,SCRAM-SHA-512",
        ),
        (
            "listener.name.sasl_plaintext.plain.sasl.jaas.config",
            CONSOLE_JAAS,
        ),
        ("super.users", "User:admin;User:ANONYMOUS"),
    ];
    settings.extend_from_slice(extra);
    Broker::start_with(&settings)
}

/// ACL bindings made over the PLAINTEXT listener (an anonymous super user there).
fn grant(
    broker: &Broker,
    creations: Vec<kafka_protocol::messages::create_acls_request::AclCreation>,
) {
    let mut w = crate::wire::Wire::connect(&broker.bootstrap());
    let r: kafka_protocol::messages::CreateAclsResponse = w.call(
        3,
        &kafka_protocol::messages::CreateAclsRequest::default().with_creations(creations),
    );
    assert!(r.results.iter().all(|x| x.error_code == 0), "{r:?}");
}

/// A committed offset for `group` (a standalone commit, as an admin tool's reset makes).
fn commit(broker: &Broker, group: &str, topic: &str, offset: i64) {
    use kafka_protocol::messages::offset_commit_request::{
        OffsetCommitRequestPartition, OffsetCommitRequestTopic,
    };
    use kafka_protocol::messages::{GroupId, OffsetCommitRequest, OffsetCommitResponse, TopicName};
    use kafka_protocol::protocol::StrBytes;
    let mut w = crate::wire::Wire::connect(&broker.bootstrap());
    let request = OffsetCommitRequest::default()
        .with_group_id(GroupId(StrBytes::from_string(group.into())))
        .with_generation_id_or_member_epoch(-1)
        .with_member_id(StrBytes::from_static_str(""))
        .with_topics(vec![OffsetCommitRequestTopic::default()
            .with_name(TopicName(StrBytes::from_string(topic.into())))
            .with_partitions(vec![OffsetCommitRequestPartition::default()
                .with_partition_index(0)
                .with_committed_offset(offset)])]);
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let r: OffsetCommitResponse = w.call(8, &request);
        let code = r.topics[0].partitions[0].error_code;
        if code == 0 {
            return;
        }
        // The group coordinator's partition may still be loading.
        assert!(
            Instant::now() < deadline,
            "commit for {group}: error {code}"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

fn produce_some(broker: &Broker, topic: &str, seed: u64, count: u32) {
    let p = Produce {
        topic,
        partition: 0,
        seed,
        specs: vec![format!("all:none:{count}")],
        timestamp_base_ms: None,
        extra: &[],
    };
    clients::produce(Client::Confluent, broker, &p);
}

fn screenshot_path(name: &str) -> PathBuf {
    let dir = harness::repo_root().join("target/console-screenshots");
    std::fs::create_dir_all(&dir).expect("create target/console-screenshots");
    dir.join(format!("{name}.png"))
}

/// Waits until the console's page has rendered (its status line, or an error) and keeps a
/// screenshot.
fn rendered(b: &mut Browser, name: &str) -> String {
    b.wait_for(
        "document.getElementById('status').textContent.startsWith('updated') || document.querySelector('#main [data-error]')",
        Duration::from_secs(30),
    );
    b.screenshot(&screenshot_path(name));
    b.dom()
}

/// Fills the login form and submits it as a user would.
fn log_in(b: &mut Browser, user: &str, password: &str) {
    b.wait_for(
        "document.querySelector('form#login')",
        Duration::from_secs(30),
    );
    b.eval(&format!(
        "document.getElementById('username').value = {user:?}; document.getElementById('password').value = {password:?}; document.querySelector('form#login button').click(); true"
    ));
}

/// The browser's session cookie for the console (HttpOnly: not visible to the page).
fn session_cookie(b: &mut Browser) -> Option<String> {
    let cookies = b.call("Network.getCookies", serde_json::json!({}));
    cookies["cookies"]
        .as_array()?
        .iter()
        .find(|c| c["name"] == "sluice_session")
        .map(|c| {
            assert_eq!(c["httpOnly"], true, "{c}");
            assert_eq!(c["sameSite"], "Strict", "{c}");
            c["value"].as_str().unwrap().to_string()
        })
}

fn get_with(address: &str, path: &str, headers: &str) -> (u16, String) {
    let (head, body) = raw(
        address,
        &format!("GET {path} HTTP/1.1\r\nHost: {address}\r\n{headers}\r\n"),
    );
    (
        status_of(&head),
        String::from_utf8_lossy(&body).into_owned(),
    )
}

fn status_of(head: &str) -> u16 {
    head.split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status in {head}"))
}

fn basic(user: &str, password: &str) -> String {
    use base64::Engine as _;
    let encoded = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
    format!("Authorization: Basic {encoded}\r\n")
}

fn names(list: &Value, key: &str, field: &str) -> Vec<String> {
    list[key]
        .as_array()
        .unwrap_or_else(|| panic!("{list}"))
        .iter()
        .map(|t| t[field].as_str().unwrap().to_string())
        .collect()
}

/// A user with a few ACLs logs in through the form in Chromium and sees only what they grant;
/// a wrong password is refused; a super user sees everything; a logged-out session reads
/// nothing. Users: alice (SCRAM-SHA-512, made with kafka-configs), admin (PLAIN, super user).
#[test]
fn console_login_honours_acls_in_a_real_browser() {
    if harness::against_kafka() {
        return;
    }
    let broker = secured_console(&[]);
    let (open, listed, hidden) = ("console-open", "console-listed", "console-hidden");
    for (i, topic) in [open, listed, hidden].into_iter().enumerate() {
        clients::create_topic(
            Client::Confluent,
            &broker,
            topic,
            1,
            &["retention.ms=7200000"],
        );
        produce_some(&broker, topic, 40 + i as u64, 12);
    }
    commit(&broker, "console-alice-g", open, 5);
    commit(&broker, "console-other-g", hidden, 7);
    crate::sasl_scram::add_user(&broker, "alice", "SCRAM-SHA-512=[password=alice-secret]");
    // Kafka's codes: topic 2, group 3; LITERAL 3; READ 3, DESCRIBE 8, DESCRIBE_CONFIGS 10; ALLOW 3.
    let acl = crate::acl::creation;
    grant(
        &broker,
        vec![
            acl(2, open, 3, "User:alice", 3, 3),
            acl(2, open, 3, "User:alice", 10, 3),
            acl(2, listed, 3, "User:alice", 8, 3),
            acl(3, "console-alice-g", 3, "User:alice", 8, 3),
        ],
    );
    let address = broker.http_address();
    let base = format!("http://{address}");
    let mut b = Browser::start(&chromium());

    // Not logged in: the console sends the browser to its login page.
    b.navigate(&format!("{base}/"));
    b.wait_for(
        "document.querySelector('form#login')",
        Duration::from_secs(30),
    );
    assert_eq!(b.eval("location.pathname"), "/login");
    b.screenshot(&screenshot_path("login"));

    // A wrong password: refused with the generic message, no session.
    log_in(&mut b, "alice", "not-her-password");
    b.wait_for(
        "document.getElementById('login-error')",
        Duration::from_secs(30),
    );
    let dom = b.dom();
    assert_has(&dom, "refused login", &["Invalid username or password."]);
    assert!(session_cookie(&mut b).is_none());
    b.screenshot(&screenshot_path("login-refused"));

    // alice logs in: the overview counts only the topics she may describe.
    log_in(&mut b, "alice", "alice-secret");
    b.wait_for(
        "location.pathname === '/' && document.querySelector('[data-field=principal]')",
        Duration::from_secs(30),
    );
    let dom = rendered(&mut b, "alice-overview");
    assert_has(
        &dom,
        "overview",
        &["User:alice", r#"data-field="topics">2<"#],
    );
    let cookie = session_cookie(&mut b).expect("a session cookie after the login");

    b.eval("location.hash = '#/topics'; true");
    b.wait_for("document.querySelector('#topics')", Duration::from_secs(30));
    let dom = rendered(&mut b, "alice-topics");
    assert_has(
        &dom,
        "topics",
        &[
            &format!(r#"data-topic="{open}""#),
            &format!(r#"data-topic="{listed}""#),
            "retention.ms=7200000",
        ],
    );
    assert!(!dom.contains(hidden), "{dom}");
    assert!(!dom.contains("__consumer_offsets"), "{dom}");
    // Retention only where she may describe the configs.
    assert_eq!(dom.matches("retention.ms=").count(), 1, "{dom}");

    // Her readable topic: records and configs.
    b.eval(&format!("location.hash = '#/topics/{open}'; true"));
    b.wait_for(
        "document.querySelector('#records tr[data-offset]') && document.querySelector('#configs')",
        Duration::from_secs(30),
    );
    let dom = rendered(&mut b, "alice-topic-readable");
    assert_has(
        &dom,
        "readable topic",
        &[r#"data-offset="11""#, r#"data-config="retention.ms""#],
    );

    // Described only: partitions, but records and configs refused.
    b.eval(&format!("location.hash = '#/topics/{listed}'; true"));
    b.wait_for(
        "document.querySelector('[data-denied=configs]')",
        Duration::from_secs(30),
    );
    let dom = rendered(&mut b, "alice-topic-described");
    assert_has(
        &dom,
        "described topic",
        &[
            r#"data-partition="0""#,
            r#"data-error="403""#,
            "not authorized to READ topic",
            "not authorized to DESCRIBE_CONFIGS topic",
        ],
    );
    assert!(!dom.contains("data-offset"), "{dom}");

    // Hidden: the whole page is refused, and says nothing of the topic.
    b.eval(&format!("location.hash = '#/topics/{hidden}'; true"));
    b.wait_for(
        "document.querySelector('#main [data-error=\"403\"]')",
        Duration::from_secs(30),
    );
    let dom = rendered(&mut b, "alice-topic-hidden");
    assert!(!dom.contains("data-partition"), "{dom}");

    // Groups: hers only; the broker's configs refused.
    b.eval("location.hash = '#/groups'; true");
    b.wait_for(
        "document.querySelector('[data-group]')",
        Duration::from_secs(30),
    );
    let dom = rendered(&mut b, "alice-groups");
    assert_has(&dom, "groups", &[r#"data-group="console-alice-g""#]);
    assert!(!dom.contains("console-other-g"), "{dom}");
    b.eval("location.hash = '#/configs'; true");
    b.wait_for(
        "document.querySelector('#main [data-error=\"403\"]')",
        Duration::from_secs(30),
    );
    rendered(&mut b, "alice-configs-refused");

    // Her API answers the same (the page draws what /api/ gives).
    let as_alice = format!("Cookie: sluice_session={cookie}\r\n");
    let (status, body) = get_with(&address, "/api/topics", &as_alice);
    assert_eq!(status, 200, "{body}");
    let topics: Value = serde_json::from_str(&body).unwrap();
    let mut seen = names(&topics, "topics", "name");
    seen.sort();
    assert_eq!(seen, vec![listed.to_string(), open.to_string()]);
    for path in [
        format!("/api/topics/{hidden}"),
        "/api/topics/no-such-topic".to_string(),
        format!("/api/topics/{hidden}/partitions/0/records?latest=1"),
        format!("/api/topics/{listed}/partitions/0/records?latest=1"),
        "/api/groups/console-other-g".to_string(),
        "/api/groups/no-such-group".to_string(),
        "/api/configs".to_string(),
    ] {
        let (status, body) = get_with(&address, &path, &as_alice);
        assert_eq!(status, 403, "{path}: {body}");
        assert!(!body.contains("partition_count"), "{path}: {body}");
    }
    let (_, body) = get_with(&address, "/api/groups/console-alice-g", &as_alice);
    let g: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(g["offsets"][0]["topic"], open, "{g}");
    assert_eq!(g["offsets"][0]["committed_offset"], 5, "{g}");

    // Logging out ends the session: the page goes back to the login, the old cookie reads
    // nothing.
    b.eval("location.hash = '#/'; true");
    b.wait_for(
        "document.querySelector('#logout button')",
        Duration::from_secs(30),
    );
    b.eval("document.querySelector('#logout button').click(); true");
    b.wait_for(
        "location.pathname === '/login' && document.querySelector('form#login')",
        Duration::from_secs(30),
    );
    assert!(session_cookie(&mut b).is_none());
    let (status, body) = get_with(&address, "/api/topics", &as_alice);
    assert_eq!(status, 401, "{body}");
    b.navigate(&format!("{base}/#/topics"));
    b.wait_for(
        "location.pathname === '/login' && document.querySelector('form#login')",
        Duration::from_secs(30),
    );

    // admin, a super user (a PLAIN user of the SASL listener), sees everything.
    log_in(&mut b, "admin", "admin-secret");
    b.wait_for(
        "location.pathname === '/' && document.querySelector('[data-field=principal]')",
        Duration::from_secs(30),
    );
    b.eval("location.hash = '#/topics'; true");
    b.wait_for(
        &format!("document.querySelector('[data-topic=\"{hidden}\"]')"),
        Duration::from_secs(30),
    );
    let dom = rendered(&mut b, "admin-topics");
    assert_has(&dom, "admin topics", &["User:admin", open, listed, hidden]);
    b.eval(&format!("location.hash = '#/topics/{hidden}'; true"));
    b.wait_for(
        "document.querySelector('#records tr[data-offset]')",
        Duration::from_secs(30),
    );
    rendered(&mut b, "admin-topic-hidden");
    b.eval("location.hash = '#/configs'; true");
    b.wait_for(
        "document.querySelector('#configs tr[data-config]')",
        Duration::from_secs(30),
    );
    rendered(&mut b, "admin-configs");
    b.eval("location.hash = '#/groups'; true");
    b.wait_for(
        "document.querySelector('[data-group=\"console-other-g\"]')",
        Duration::from_secs(30),
    );
    rendered(&mut b, "admin-groups");

    // No password ever in the broker's log; each failed login logged.
    let logs = broker.logs();
    assert!(
        !logs.contains("alice-secret")
            && !logs.contains("not-her-password")
            && !logs.contains("admin-secret"),
        "{logs}"
    );
    assert!(!logs.contains(&cookie), "a session id in the log");
    assert_eq!(logs.matches("HTTP login failed").count(), 1, "{logs}");
    assert!(!logs.contains("panicked"), "{logs}");
}

/// Scripts use HTTP Basic on /api/ (and on /metrics where `http.unauthenticated.paths` leaves
/// it out); without credentials they get 401 with a challenge. Hostile requests (huge and
/// malformed bodies, cookies, headers, another site's login) get 4xx and the broker keeps
/// serving; repeated failed logins from an address are refused for a while.
#[test]
fn console_api_answers_basic_auth_and_refuses_hostile_logins() {
    if harness::against_kafka() {
        return;
    }
    let broker = secured_console(&[("http.unauthenticated.paths", "/health/live,/health/ready")]);
    clients::create_topic(Client::Confluent, &broker, "console-basic", 1, &[]);
    crate::franz_scram::add_user(
        &broker,
        security::ScramMechanism::Sha256,
        "bob",
        "bob-secret",
    );
    grant(
        &broker,
        vec![crate::acl::creation(
            2,
            "console-basic",
            3,
            "User:bob",
            8,
            3,
        )],
    );
    let address = broker.http_address();

    // No credentials: a challenge (but not for the console's own script, which shows its
    // login page instead of the browser's dialog).
    let (head, _) = raw(&address, "GET /api/topics HTTP/1.1\r\n\r\n");
    assert!(head.starts_with("HTTP/1.1 401"), "{head}");
    assert!(
        head.contains("WWW-Authenticate: Basic realm=\"sluice\""),
        "{head}"
    );
    let (head, _) = raw(
        &address,
        "GET /api/topics HTTP/1.1\r\nX-Requested-With: sluice-console\r\n\r\n",
    );
    assert!(
        head.starts_with("HTTP/1.1 401") && !head.contains("WWW-Authenticate"),
        "{head}"
    );
    let (head, _) = raw(&address, "GET / HTTP/1.1\r\n\r\n");
    assert!(
        head.starts_with("HTTP/1.1 303") && head.contains("Location: /login"),
        "{head}"
    );
    // The login page and the assets need no login.
    assert_eq!(get_with(&address, "/login", "").0, 200);
    assert_eq!(get_with(&address, "/assets/console.css", "").0, 200);

    // Basic: SCRAM-SHA-256 user bob sees his one topic; carol (PLAIN, no ACLs) nothing.
    let (status, body) = get_with(&address, "/api/topics", &basic("bob", "bob-secret"));
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        names(&serde_json::from_str(&body).unwrap(), "topics", "name"),
        vec!["console-basic"]
    );
    let (status, body) = get_with(&address, "/api/whoami", &basic("carol", "carol-secret"));
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("User:carol"), "{body}");
    let (_, body) = get_with(&address, "/api/topics", &basic("carol", "carol-secret"));
    assert_eq!(
        names(&serde_json::from_str(&body).unwrap(), "topics", "name"),
        Vec::<String>::new()
    );
    let (status, body) = get_with(&address, "/api/groups", &basic("carol", "carol-secret"));
    assert_eq!(status, 200, "{body}");
    let (head, _) = raw(
        &address,
        &format!("GET /api/topics HTTP/1.1\r\n{}\r\n", basic("bob", "wrong")),
    );
    assert!(
        head.starts_with("HTTP/1.1 401") && head.contains("WWW-Authenticate"),
        "{head}"
    );
    // /metrics needs credentials here; the probes do not.
    assert_eq!(get_with(&address, "/metrics", "").0, 401);
    assert_eq!(
        get_with(&address, "/metrics", &basic("bob", "bob-secret")).0,
        200
    );
    assert_eq!(get_with(&address, "/health/live", "").0, 200);

    // Hostile requests: 4xx, never a crash.
    let form = "Content-Type: application/x-www-form-urlencoded\r\n";
    for (request, status) in [
        (format!("POST /login HTTP/1.1\r\n{form}Content-Length: 100000000\r\n\r\n"), 413),
        (format!("POST /login HTTP/1.1\r\n{form}Content-Length: 5000\r\n\r\n{}", "a".repeat(5000)), 413),
        (format!("POST /login HTTP/1.1\r\n{form}Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"), 411),
        (format!("POST /login HTTP/1.1\r\n{form}\r\n"), 411),
        (format!("POST /login HTTP/1.1\r\n{form}Content-Length: 3\r\nContent-Length: 4\r\n\r\nabc"), 400),
        (format!("POST /login HTTP/1.1\r\n{form}Content-Length: 2\r\n\r\nabcdef"), 400),
        ("POST /login HTTP/1.1\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n\r\nabc".to_string(), 415),
        (format!("POST /login HTTP/1.1\r\n{form}Content-Length: 12\r\n\r\nusername=%zz"), 400),
        (format!("POST /login HTTP/1.1\r\n{form}Content-Length: 4\r\n\r\n\u{ff}\u{fe}"), 400),
        (format!("POST /login HTTP/1.1\r\n{form}Content-Length: 10\r\n\r\nusername=a"), 400),
        (format!("POST /login HTTP/1.1\r\nHost: {address}\r\nOrigin: http://evil.example\r\n{form}Content-Length: 31\r\n\r\nusername=bob&password=bob-secre"), 403),
        (format!("POST /api/topics HTTP/1.1\r\n{form}Content-Length: 1\r\n\r\na"), 405),
        ("GET /api/topics HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc".to_string(), 400),
        ("GET /logout HTTP/1.1\r\n\r\n".to_string(), 405),
        (format!("GET /api/topics HTTP/1.1\r\nCookie: {}\r\n\r\n", "x".repeat(9000)), 431),
        ("GET /api/topics HTTP/1.1\r\nCookie: sluice_session=;;;===\r\n\r\n".to_string(), 401),
        (format!("GET /api/topics HTTP/1.1\r\nCookie: sluice_session={}\r\n\r\n", "0".repeat(64)), 401),
        ("GET /api/topics HTTP/1.1\r\nCookie: a=1\r\nCookie: b=2\r\n\r\n".to_string(), 400),
        ("GET /api/topics HTTP/1.1\r\nAuthorization: Basic !!!!\r\n\r\n".to_string(), 400),
        ("GET /api/topics HTTP/1.1\r\nAuthorization: Basic Ym9i\r\n\r\n".to_string(), 400),
        ("GET /api/topics HTTP/1.1\r\nAuthorization: Bearer abc\r\n\r\n".to_string(), 401),
        (format!("GET /api/topics HTTP/1.1\r\nAuthorization: Basic {}\r\n\r\n", "A".repeat(7000)), 400),
    ] {
        let (head, _) = raw(&address, &request);
        assert_eq!(status_of(&head), status, "{}: {head}", request.escape_debug());
    }
    // A login with a body of another site's form but no Origin (a script) works.
    let login = "username=bob&password=bob-secret";
    let (head, _) = raw(
        &address,
        &format!(
            "POST /login HTTP/1.1\r\n{form}Content-Length: {}\r\n\r\n{login}",
            login.len()
        ),
    );
    assert!(
        head.starts_with("HTTP/1.1 303") && head.contains("Set-Cookie: sluice_session="),
        "{head}"
    );

    // Failed logins from one address: after five in a minute (the wrong Basic above and four
    // more), even the right password is refused unchecked, with Retry-After.
    for _ in 0..4 {
        let (head, _) = raw(
            &address,
            &format!("GET /api/whoami HTTP/1.1\r\n{}\r\n", basic("bob", "guess")),
        );
        assert!(head.starts_with("HTTP/1.1 401"), "{head}");
    }
    let (head, _) = raw(
        &address,
        &format!(
            "GET /api/whoami HTTP/1.1\r\n{}\r\n",
            basic("bob", "bob-secret")
        ),
    );
    assert!(
        head.starts_with("HTTP/1.1 429") && head.contains("Retry-After: "),
        "{head}"
    );
    let wrong = "username=bob&password=guess";
    let (head, body) = raw(
        &address,
        &format!(
            "POST /login HTTP/1.1\r\n{form}Content-Length: {}\r\n\r\n{wrong}",
            wrong.len()
        ),
    );
    assert!(head.starts_with("HTTP/1.1 429"), "{head}");
    assert!(String::from_utf8_lossy(&body).contains("Too many failed logins"));

    // Still serving; nothing secret logged; each checked failure logged once, the refusal once.
    assert_eq!(get(&address, "/health/live").0, 200);
    let logs = broker.logs();
    assert!(!logs.contains("panicked"), "{logs}");
    assert!(
        !logs.contains("bob-secret") && !logs.contains("guess"),
        "{logs}"
    );
    assert_eq!(logs.matches("HTTP login failed").count(), 5, "{logs}");
    assert_eq!(logs.matches("too many failed logins").count(), 1, "{logs}");
}

/// `http.console.authentication=required` without an authorizer: a login is needed and then
/// everything is shown. Sessions end after `http.console.session.timeout.ms`, at logout, and
/// past `http.console.sessions.max` (the oldest first); the cookie is HttpOnly, SameSite=Strict.
#[test]
fn console_sessions_expire_and_are_bounded() {
    if harness::against_kafka() {
        return;
    }
    let broker = Broker::start_with(&[
        CONSOLE_ON,
        ("http.console.authentication", "required"),
        ("http.console.session.timeout.ms", "3000"),
        ("http.console.sessions.max", "2"),
        ("http.console.credentials", "PLAIN"),
        (
            "listeners",
            "PLAINTEXT://127.0.0.1:0,SASL_PLAINTEXT://127.0.0.1:0",
        ),
        (
            "listener.security.protocol.map",
            "PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT",
        ),
        ("sasl.enabled.mechanisms", "PLAIN"),
        (
            "listener.name.sasl_plaintext.plain.sasl.jaas.config",
            CONSOLE_JAAS,
        ),
    ]);
    let address = broker.http_address();
    let form = "Content-Type: application/x-www-form-urlencoded\r\n";
    let login = || {
        let body = "username=carol&password=carol-secret";
        let (head, _) = raw(&address, &format!("POST /login HTTP/1.1\r\nHost: {address}\r\nOrigin: http://{address}\r\n{form}Content-Length: {}\r\n\r\n{body}", body.len()));
        assert!(head.starts_with("HTTP/1.1 303"), "{head}");
        let line = head
            .lines()
            .find(|l| l.starts_with("Set-Cookie: sluice_session="))
            .unwrap_or_else(|| panic!("{head}"));
        for attribute in ["; Path=/", "; HttpOnly", "; SameSite=Strict", "; Max-Age=3"] {
            assert!(line.contains(attribute), "{line}");
        }
        let value = line["Set-Cookie: sluice_session=".len()..]
            .split(';')
            .next()
            .unwrap()
            .to_string();
        (
            Instant::now(),
            format!("Cookie: sluice_session={value}\r\n"),
        )
    };
    let status = |cookie: &str| get_with(&address, "/api/configs", cookie).0;
    let (_, first) = login();
    let (_, second) = login();
    assert_eq!(status(&first), 200);
    let (at, third) = login();
    // Two sessions at most: the oldest ended.
    assert_eq!(status(&first), 401);
    assert_eq!(status(&second), 200);
    assert_eq!(status(&third), 200);
    // Logout ends one.
    let (head, _) = raw(
        &address,
        &format!("POST /logout HTTP/1.1\r\n{second}Content-Length: 0\r\n\r\n"),
    );
    assert!(
        head.starts_with("HTTP/1.1 303") && head.contains("Max-Age=0"),
        "{head}"
    );
    assert_eq!(status(&second), 401);
    // The third expires after its timeout, not before.
    wait_until("the session to expire", Duration::from_secs(20), || {
        status(&third) == 401
    });
    assert!(
        at.elapsed() >= Duration::from_millis(2500),
        "expired after {:?}",
        at.elapsed()
    );
    // Anonymous: nothing.
    assert_eq!(get_with(&address, "/api/cluster", "").0, 401);
}

/// With an authorizer and `http.console.authentication=none`, every console request is
/// `User:ANONYMOUS` and the ACLs decide for it as for a PLAINTEXT client: without any, it sees
/// no topic and is refused records and configs; /metrics and the probes stay open.
#[test]
fn console_without_login_is_anonymous_under_an_authorizer() {
    if harness::against_kafka() {
        return;
    }
    let broker = Broker::start_with(&[
        CONSOLE_ON,
        STANDARD_AUTHORIZER,
        ("http.console.authentication", "none"),
        ("allow.everyone.if.no.acl.found", "false"),
    ]);
    let address = broker.http_address();
    let w = api_ok(&broker, "/api/whoami");
    assert_eq!(w["principal"], "User:ANONYMOUS", "{w}");
    assert_eq!(w["login_required"], false, "{w}");
    for path in [
        "/api/configs",
        "/api/topics/x/partitions/0/records?latest=1",
        "/api/topics/x",
    ] {
        let (status, json) = api(&broker, path);
        assert_eq!(status, 403, "{path}: {json}");
        assert!(
            json["error"].as_str().unwrap().contains("User:ANONYMOUS"),
            "{json}"
        );
    }
    assert_eq!(
        api_ok(&broker, "/api/topics")["topics"],
        serde_json::json!([])
    );
    assert_eq!(api_ok(&broker, "/api/cluster")["topics"], 0);
    assert_eq!(get(&address, "/metrics").0, 200);
    assert_eq!(get(&address, "/health/live").0, 200);
    // No login to be had.
    let (head, _) = raw(&address, "GET /login HTTP/1.1\r\n\r\n");
    assert!(head.starts_with("HTTP/1.1 303"), "{head}");
}
