//! `govshare canonicalize` and `govshare request …` end to end: exit codes,
//! `--json` shapes, stdin `-`, inputs taken from the shared request vectors.

mod common;

use std::path::PathBuf;
use std::process::Output;

use serde_json::{json, Value};

fn run(args: &[&str], stdin: Option<&[u8]>) -> Output {
    common::run_bytes(args, stdin)
}

fn code(o: &Output) -> i32 {
    o.status.code().expect("exit code")
}

fn vectors(name: &str) -> Value {
    let path = format!("{}/../../tests/vectors/request/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).expect("reads")).expect("JSON")
}

struct Dir(PathBuf);

impl Dir {
    fn new(tag: &str) -> Dir {
        let p = std::env::temp_dir().join(format!("govshare-request-cli-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).expect("mkdir");
        Dir(p)
    }
    fn file(&self, name: &str, text: &str) -> String {
        let p = self.0.join(name);
        std::fs::write(&p, text).expect("writes");
        p.display().to_string()
    }
    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The applications vectors' catalog as a catalog file, and a case's application.
fn fixtures(dir: &Dir) -> (String, Value) {
    let doc = vectors("applications.json");
    let catalog = json!({
        "format": "govshare-catalog", "format_version": 1,
        "catalog": {"id": "cli", "name": "cli test", "version": 1},
        "resources": doc["catalog"],
    });
    (dir.file("catalog.json", &catalog.to_string()), doc)
}

fn app_of(doc: &Value, case: &str) -> String {
    let c = doc["cases"].as_array().expect("cases").iter().find(|c| c["name"] == case).expect("case");
    c["application_json"].as_str().expect("application_json").to_owned()
}

#[test]
fn canonicalize_stdin_file_and_out() {
    let o = run(&["canonicalize", "-"], Some(b"{\"b\": 1.50, \"a\": [true, null, 1e2]}"));
    assert_eq!(code(&o), 0);
    assert_eq!(o.stdout, b"{\"a\":[true,null,100],\"b\":1.5}");

    let dir = Dir::new("canon");
    let input = dir.file("in.json", "{\"\u{20ac}\": \"\\u00e9\", \"1\": -0}");
    let out = dir.path("out.json");
    let o = run(&["canonicalize", &input, "--out", out.to_str().expect("utf8")], None);
    assert_eq!(code(&o), 0);
    assert!(o.stdout.is_empty());
    assert_eq!(std::fs::read_to_string(out).expect("written"), "{\"1\":0,\"\u{20ac}\":\"\u{e9}\"}");
}

#[test]
fn canonicalize_invalid_input_is_exit_2_with_code() {
    let o = run(&["canonicalize", "--json", "-"], Some(b"{\"a\":1,\"a\":2}"));
    assert_eq!(code(&o), 2);
    let err: Value = serde_json::from_slice(&o.stderr).expect("JSON error");
    assert_eq!(err["error"]["code"], "duplicate_key");
    let o = run(&["canonicalize", "-"], Some(b"[1,"));
    assert_eq!(code(&o), 2);
    assert!(String::from_utf8_lossy(&o.stderr).contains("error["));
}

#[test]
fn validate_exit_codes_and_json() {
    let dir = Dir::new("validate");
    let (catalog, doc) = fixtures(&dir);
    let good = dir.file("good.json", &app_of(&doc, "unconditional, complete"));
    let o = run(&["request", "validate", "--catalog", &catalog, &good, "--json"], None);
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stderr));
    let report: Value = serde_json::from_slice(&o.stdout).expect("JSON report");
    assert_eq!(report["ok"], true);
    assert_eq!(report["outcome"], "agreed");
    assert_eq!(report["track"], "unconditional");
    assert!(report["findings"].is_array());

    // From stdin, with errors: exit 1.
    let bad = app_of(&doc, "conditional without duty basis or purpose");
    let o = run(&["request", "validate", "--catalog", &catalog, "-", "--json"], Some(bad.as_bytes()));
    assert_eq!(code(&o), 1);
    let report: Value = serde_json::from_slice(&o.stdout).expect("JSON report");
    assert_eq!(report["ok"], false);
    let findings = report["findings"].as_array().expect("findings");
    assert!(findings.iter().any(|f| f["severity"] == "error" && f["code"].is_string()));

    // Not an application: exit 2.
    let o = run(&["request", "validate", "--catalog", &catalog, "-"], Some(b"{\"format\":1}"));
    assert_eq!(code(&o), 2);
}

#[test]
fn new_writes_a_valid_application() {
    let dir = Dir::new("new");
    let (catalog, _) = fixtures(&dir);
    let out = dir.path("app.json");
    let o = run(
        &[
            "request",
            "new",
            "--requester",
            "示例市市场监督管理局",
            "--requester-code",
            "11330100MB0000000A",
            "--applicant",
            "张三",
            "--contact",
            "李四",
            "--contact-phone",
            "0571-00000000",
            "--resource",
            "101001/00001",
            "--item",
            "统一社会信用代码",
            "--item",
            "企业名称",
            "--mode",
            "online_query",
            "--from",
            "2026-01-01",
            "--until",
            "2026-06-30",
            "--law",
            "中华人民共和国行政许可法",
            "--purpose",
            "审批时核验企业信息",
            "--out",
            out.to_str().expect("utf8"),
        ],
        None,
    );
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stderr));
    let app: Value = serde_json::from_str(&std::fs::read_to_string(&out).expect("written")).expect("JSON");
    assert_eq!(app["format"], "govshare-application");
    assert_eq!(app["target"]["items"], json!(["统一社会信用代码", "企业名称"]));
    let o = run(&["request", "validate", "--catalog", &catalog, out.to_str().expect("utf8"), "--json"], None);
    let report: Value = serde_json::from_slice(&o.stdout).expect("JSON report");
    assert!(report["findings"].is_array());

    // A required flag missing without a terminal: usage error.
    let o = run(&["request", "new", "--requester", "x"], None);
    assert_eq!(code(&o), 2);
    // Refused by the builder (inverted validity): exit 2 with the core's code.
    let o = run(
        &[
            "request",
            "new",
            "--json",
            "--requester",
            "部门",
            "--requester-code",
            "11330100MB0000000A",
            "--applicant",
            "a",
            "--contact",
            "b",
            "--resource",
            "101001/00001",
            "--item",
            "x",
            "--mode",
            "online_query",
            "--from",
            "2026-06-30",
            "--until",
            "2026-01-01",
        ],
        None,
    );
    assert_eq!(code(&o), 2);
    let err: Value = serde_json::from_slice(&o.stderr).expect("JSON error");
    assert!(err["error"]["code"].is_string());
}

#[test]
fn deadline_json_and_overdue_exit() {
    // --submitted-at stays an alias of --received.
    let args =
        ["request", "deadline", "--track", "conditional", "--submitted-at", "2026-02-13T10:00:00+08:00"];
    let mut on_time = args.to_vec();
    on_time.extend(["--now", "2026-02-14T10:00:00+08:00", "--json"]);
    let o = run(&on_time, None);
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stderr));
    let s: Value = serde_json::from_slice(&o.stdout).expect("JSON schedule");
    assert_eq!(s["profile"], "national");
    let steps = s["steps"].as_array().expect("steps");
    assert_eq!(steps[0]["step"], "answer");
    assert_eq!(steps[0]["article"], "Art. 21");
    // Fri 02-13 received: Sat 02-14 (make-up) is day 1, the Spring Festival is
    // skipped, Sat 02-28 (make-up) counts: the 10th working day is 03-05.
    assert_eq!(steps[0]["due"], "2026-03-05");
    assert_eq!(steps[0]["status"], "pending");
    assert_eq!(steps[0]["working_days_late"], 0);
    assert!(s["findings"].is_array());

    // Months later with nothing done: late, exit 1 (now as Unix seconds).
    let mut late = args.to_vec();
    late.extend(["--now", "1780000000"]);
    let o = run(&late, None);
    assert_eq!(code(&o), 1, "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stdout).contains("LATE by"));

    // Every step of the decree, in order; delivery late by two working days.
    let full = [
        "request",
        "deadline",
        "--track",
        "conditional",
        "--received",
        "2026-03-02",
        "--extension-days",
        "10",
        "--extension-notified",
        "2026-03-10",
        "--agreed",
        "2026-03-20",
        "--delivered",
        "2026-04-22",
        "--correction-received",
        "2026-05-06",
        "--use-until",
        "2026-06-30",
        "--now",
        "2026-05-07T09:00:00+08:00",
        "--json",
    ];
    let o = run(&full, None);
    assert_eq!(code(&o), 1, "{}", String::from_utf8_lossy(&o.stderr));
    let s: Value = serde_json::from_slice(&o.stdout).expect("JSON schedule");
    let names: Vec<&str> =
        s["steps"].as_array().expect("steps").iter().filter_map(|x| x["step"].as_str()).collect();
    assert_eq!(names, ["answer", "answer_extended", "delivery", "correction", "disposal"]);
    let delivery = &s["steps"][2];
    assert_eq!((delivery["article"].as_str(), delivery["status"].as_str()), (Some("Art. 22"), Some("late")));

    // Bad input: no date, an extension over the decree's 10 days, a
    // refusal-era answer before receipt, an unknown profile: exit 2.
    let o = run(&["request", "deadline", "--track", "conditional"], None);
    assert_eq!(code(&o), 2);
    for extra in [
        &["--extension-days", "11", "--extension-notified", "2026-02-20"][..],
        &["--answered", "2026-02-12"][..],
        &["--policy", "fastest"][..],
    ] {
        let mut bad = args.to_vec();
        bad.extend(extra);
        let o = run(&bad, None);
        assert_eq!(code(&o), 2, "{extra:?}: {}", String::from_utf8_lossy(&o.stderr));
    }
    // Past the shipped calendar: unknown, never guessed — exit 1.
    let o = run(
        &[
            "request",
            "deadline",
            "--track",
            "conditional",
            "--received",
            "2026-12-28",
            "--now",
            "2026-12-29T00:00:00+08:00",
            "--json",
        ],
        None,
    );
    assert_eq!(code(&o), 1);
    let s: Value = serde_json::from_slice(&o.stdout).expect("JSON schedule");
    assert_eq!(s["steps"][0]["status"], "unknown");
    assert_eq!(s["findings"][0]["code"], "calendar_out_of_range");
}

#[test]
fn transition_follows_the_decree_and_names_the_article() {
    let dir = Dir::new("transition");
    let out = dir.0.join("lc.json").display().to_string();
    let o = run(
        &[
            "request",
            "transition",
            "new",
            "--event",
            r#"{"event":"approve_internally","approver":"处长"}"#,
            "--now",
            "2026-03-02T09:00:00+08:00",
            "--out",
            &out,
        ],
        None,
    );
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stderr));
    let o = run(
        &[
            "request",
            "transition",
            &out,
            "--event",
            r#"{"event":"submit"}"#,
            "--now",
            "2026-03-02T10:00:00+08:00",
        ],
        None,
    );
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stderr));
    let lc: Value = serde_json::from_slice(&o.stdout).expect("lifecycle");
    assert_eq!(lc["state"], "submitted");
    // A refusal without reasons is invalid (Art. 21); nothing is written.
    let submitted = dir.file("submitted.json", &String::from_utf8_lossy(&o.stdout));
    let before = std::fs::read(&submitted).expect("read");
    let o = run(
        &[
            "request",
            "transition",
            &submitted,
            "--event",
            r#"{"event":"refuse","reasons":[]}"#,
            "--now",
            "2026-03-03T10:00:00+08:00",
            "--out",
            &submitted,
            "--json",
        ],
        None,
    );
    assert_eq!(code(&o), 2);
    let err: Value = serde_json::from_slice(&o.stderr).expect("JSON error");
    assert_eq!(err["error"]["code"], "invalid_argument");
    assert!(err["error"]["message"].as_str().unwrap_or("").contains("Art. 21"), "{err}");
    assert_eq!(std::fs::read(&submitted).expect("read"), before);
    // Submitting before the internal approval is illegal (Art. 20).
    let o = run(
        &[
            "request",
            "transition",
            "new",
            "--event",
            r#"{"event":"submit"}"#,
            "--now",
            "2026-03-02T10:00:00+08:00",
        ],
        None,
    );
    assert_eq!(code(&o), 2);
    assert!(String::from_utf8_lossy(&o.stderr).contains("Art. 20"));
}

#[test]
fn http_prints_the_vector_message() {
    let dir = Dir::new("http");
    let doc = vectors("http.json");
    let case = doc["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .find(|c| c["op"] == "build_request" && c["call"] == "status")
        .expect("a status case");
    let config = dir.file("config.json", &case["config"].to_string());
    let o = run(
        &[
            "request",
            "http",
            "status",
            "--config",
            &config,
            "--id",
            case["id"].as_str().expect("id"),
            "--now",
            case["ctx"]["now"].as_str().expect("now"),
            "--nonce",
            case["ctx"]["nonce"].as_str().expect("n"),
        ],
        None,
    );
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stderr));
    let msg: Value = serde_json::from_slice(&o.stdout).expect("message JSON");
    assert_eq!(msg, case["expect"]);

    // Unix seconds for --now give the same instant as the RFC 3339 form.
    let o2 = run(
        &[
            "request",
            "http",
            "status",
            "--config",
            &config,
            "--id",
            case["id"].as_str().expect("id"),
            "--now",
            "1770948000",
            "--nonce",
            case["ctx"]["nonce"].as_str().expect("n"),
        ],
        None,
    );
    assert_eq!(code(&o2), 0);
    assert_eq!(serde_json::from_slice::<Value>(&o2.stdout).expect("JSON"), msg);

    let o = run(&["request", "http", "status", "--config", &config], None);
    assert_eq!(code(&o), 2);
    let o = run(&["request", "http", "nonsense", "--config", &config], None);
    assert_eq!(code(&o), 2);
}

#[test]
fn new_with_commitments_attachments_and_a_data_need() {
    let dir = Dir::new("new-need");
    let attachment = dir.file("公函.txt", "duty letter");
    let o = run(
        &[
            "request",
            "new",
            "--requester",
            "示例市市场监督管理局",
            "--requester-code",
            "11330100MB0000000A",
            "--applicant",
            "张三",
            "--contact",
            "李四",
            "--mode",
            "download",
            "--from",
            "2026-01-01",
            "--until",
            "2026-06-30",
            "--law",
            "中华人民共和国行政许可法",
            "--purpose",
            "审批时核验",
            "--storage-location",
            "市政务云",
            "--retention-days",
            "180",
            "--destruction-date",
            "2026-12-31",
            "--attach",
            &attachment,
            "--need-title",
            "企业能耗数据",
            "--need-description",
            "核验企业年度能耗",
            "--need-item",
            "年度综合能耗",
            "--holder",
            "示例市发展和改革委员会",
        ],
        None,
    );
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stderr));
    let app: Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert!(app.get("target").is_none_or(Value::is_null), "no catalog resource was named");
    assert_eq!(app["data_need"]["items"][0]["name"], "年度综合能耗");
    assert_eq!(app["data_need"]["holder"]["name"], "示例市发展和改革委员会");
    assert_eq!(app["commitments"]["retention_days"], 180);
    // sha256("duty letter"), computed independently (Python hashlib).
    assert_eq!(app["attachments"][0]["name"], "公函.txt");
    assert_eq!(
        app["attachments"][0]["sha256"],
        "bf6ae9b165875b2e1452c6ba2312687e0d03257ad7fc42003d4f2b756251728c"
    );
    assert_eq!(app["attachments"][0]["sm3"].as_str().map(str::len), Some(64));
}

/// Attachments are digested by core (`Attachment::from_bytes`): an empty
/// file vouches for no document and is refused (exit 2).
#[test]
fn an_empty_attachment_is_refused() {
    let dir = Dir::new("empty-attachment");
    let empty = dir.file("empty.pdf", "");
    let o = run(
        &[
            "request",
            "new",
            "--requester",
            "示例市市场监督管理局",
            "--requester-code",
            "11330100MB0000000A",
            "--applicant",
            "张三",
            "--contact",
            "李四",
            "--mode",
            "download",
            "--from",
            "2026-01-01",
            "--until",
            "2026-06-30",
            "--resource",
            "101001/00001",
            "--item",
            "姓名",
            "--attach",
            &empty,
            "--json",
        ],
        None,
    );
    assert_eq!(code(&o), 2, "{}", String::from_utf8_lossy(&o.stdout));
    let err: Value = serde_json::from_slice(&o.stderr).expect("JSON error");
    assert_eq!(err["error"]["code"], "invalid_argument", "{err}");
}

#[test]
fn catalog_update_deadline_art_17() {
    let base =
        ["catalog", "update-deadline", "--changed", "2026-03-02", "--now", "2026-03-03T09:00:00+08:00"];
    let mut json = base.to_vec();
    json.push("--json");
    let o = run(&json, None);
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stderr));
    let s: Value = serde_json::from_slice(&o.stdout).expect("JSON schedule");
    let steps = s["steps"].as_array().expect("steps");
    assert_eq!(
        (steps[0]["step"].as_str(), steps[0]["working_days"].as_u64()),
        (Some("catalog_update"), Some(10))
    );
    assert_eq!(
        (steps[1]["step"].as_str(), steps[1]["working_days"].as_u64()),
        (Some("catalog_publication"), Some(2))
    );
    assert!(steps.iter().all(|x| x["article"] == "Art. 17" && x["status"] == "pending"));
    // With consent, 15 days; published before it was updated is bad input.
    let mut ext = json.clone();
    ext.push("--extended");
    let s: Value = serde_json::from_slice(&run(&ext, None).stdout).expect("JSON schedule");
    assert_eq!(s["steps"][0]["working_days"], 15);
    let mut bad = base.to_vec();
    bad.extend(["--published", "2026-03-05"]);
    assert_eq!(code(&run(&bad, None)), 2);
    // Nothing done by the summer: late, exit 1.
    let late =
        ["catalog", "update-deadline", "--changed", "2026-03-02", "--now", "2026-07-01T09:00:00+08:00"];
    let o = run(&late, None);
    assert_eq!(code(&o), 1);
    assert!(String::from_utf8_lossy(&o.stdout).contains("catalog_update (Art. 17)"));
}
