//! `govshare sandbox` and `govshare request send` end to end over loopback:
//! the printed URL, each sharing type's verdict and exit code, data fetched
//! and its masking verified, each sandbox misbehaviour caught, review.

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use govshare_sandbox::{Misbehave, Sandbox, SandboxConfig};
use serde_json::{json, Value};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_govshare"));
    c.env("LANG", "C");
    c
}

fn run(args: &[&str]) -> Output {
    bin().args(args).stdin(Stdio::null()).output().expect("runs")
}

fn dir(tag: &str) -> PathBuf {
    let p = std::env::temp_dir().join(format!("govshare-sandbox-cli-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&p);
    std::fs::create_dir_all(&p).expect("mkdir");
    p
}

/// Validity around today (from 30 days ago, 330 days), destruction a month
/// after: the tests do not depend on the date they run.
fn validity() -> (String, String, String) {
    use govshare_core::time::Day;
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let from = Day(Day::of_instant_cst(secs * 1000).0 - 30);
    let until = Day(from.0 + 330);
    (from.to_string(), until.to_string(), Day(until.0 + 31).to_string())
}

fn app_file(dir: &Path, name: &str, resource: &str, items: &[&str], reference: &str) -> String {
    let (from, until, destroy) = validity();
    let v = json!({
        "format": "govshare-application", "format_version": 1, "reference": reference,
        "requester": {"name": govshare_sandbox::DEMO_DEPARTMENT_NAME, "credit_code": govshare_sandbox::DEMO_CREDIT_CODE},
        "applicant": {"name": "张三"}, "contact": {"name": "李四", "phone": "0571-00000000"},
        "target": {"resource_code": resource, "items": items},
        "duty_basis": [{"kind": "regulation", "title": "《社会救助暂行办法》"}],
        "purpose": "核对申请救助家庭经济状况", "scenario": "最低生活保障审核",
        "internal_approval": {"approver": "民政局数据共享工作机构负责人", "approved_on": from},
        "mode": "online_query",
        "validity": {"from": from, "until": until},
        "frequency": {"kind": "on_demand"},
        "commitments": {"storage_location": "政务云", "retention_days": 365, "destruction_date": destroy}
    });
    let p = dir.join(name);
    std::fs::write(&p, v.to_string()).expect("writes");
    p.display().to_string()
}

/// A sandbox child that is killed when dropped, so a failing assertion does
/// not leave a server running after the test.
struct SandboxChild(Child);

impl Drop for SandboxChild {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `govshare sandbox --port 0` as a child; returns it and the printed URL.
fn spawn_sandbox(data: &Path, extra: &[&str]) -> (SandboxChild, String) {
    let child = bin()
        .args(["sandbox", "--port", "0", "--data"])
        .arg(data)
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawns");
    let mut sandbox = SandboxChild(child);
    let mut line = String::new();
    std::io::BufReader::new(sandbox.0.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("reads URL");
    (sandbox, line.trim().to_owned())
}

fn verdict(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|_| panic!("JSON verdict: {}", String::from_utf8_lossy(&o.stdout)))
}

#[test]
fn sandbox_prints_its_url_and_send_verifies_each_sharing_type() {
    let d = dir("types");
    let (_sandbox, url) = spawn_sandbox(&d.join("data"), &[]);
    assert!(url.starts_with("http://127.0.0.1:") && !url.ends_with(":0"), "{url}");

    let uncond =
        app_file(&d, "u.json", "314005/00001", &["电子邮箱", "联系电话", "通讯地址", "企业名称"], "U");
    let o = run(&["request", "send", &uncond, "--url", &url, "--key", "demo", "--fetch", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let v = verdict(&o);
    assert_eq!(v["status"]["state"], "agreed");
    assert_eq!(v["response_verified"], true);
    assert_eq!(v["data"]["masking"]["passed"], true);
    assert_eq!(v["data"]["rows"], 20);

    let cond = app_file(&d, "c.json", "104001/00001", &["企业名称", "申请人"], "C");
    let pem = d.join("data/demo-department.pem").display().to_string();
    let platform = d.join("data/platform-key.pem").display().to_string();
    let o = run(&[
        "request",
        "send",
        &cond,
        "--url",
        &url,
        "--key",
        &pem,
        "--keyid",
        "demo-department",
        "--platform-key",
        &platform,
        "--fetch",
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let v = verdict(&o);
    assert_eq!(v["status"]["state"], "submitted");
    assert!(v["status"]["due"].as_str().is_some_and(|d| d.len() == 10));
    assert!(v["data"]["skipped"].is_string());
    let id = v["status"]["id"].as_str().expect("id").to_owned();

    // The reviewer approves with the CLI while the sandbox serves; the same
    // application sent again is the same application, now agreed, with data.
    let data = d.join("data").display().to_string();
    let o = run(&["sandbox", "review", &id, "--data", &data, "--approve", "--reason", "ok", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(verdict(&o)["state"], "agreed");
    // Answering twice is illegal (and a refusal without reasons would be too, Art. 21).
    let o = run(&["sandbox", "review", &id, "--data", &data, "--reject", "--reason", "late doubts"]);
    assert_eq!(o.status.code(), Some(1));
    let o = run(&["request", "send", &cond, "--url", &url, "--key", "demo", "--fetch", "--json"]);
    assert_eq!(o.status.code(), Some(0));
    let v = verdict(&o);
    assert_eq!(
        (v["status"]["id"].as_str(), v["status"]["state"].as_str()),
        (Some(id.as_str()), Some("agreed"))
    );
    assert_eq!(v["data"]["masking"]["passed"], true);

    let ns = app_file(&d, "n.json", "101001/00001", &["姓名"], "N");
    let o = run(&["request", "send", &ns, "--url", &url, "--key", "demo"]);
    assert_eq!(o.status.code(), Some(1));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("refused") && text.contains("统计法"), "{text}");

    // A key the platform does not know: refused, exit 1, coded.
    let o = run(&["request", "send", &ns, "--url", &url, "--key", &platform, "--json"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(verdict(&o)["platform_message"].as_str().map(|_| ()), Some(()));
    assert!(String::from_utf8_lossy(&o.stdout).contains("unknown_key"));

    // Usage and input errors: exit 2.
    assert_eq!(run(&["request", "send", &ns, "--key", "demo"]).status.code(), Some(2));
    assert_eq!(
        run(&["request", "send", "/nonexistent.json", "--url", &url, "--key", "demo"]).status.code(),
        Some(2)
    );
    assert_eq!(
        run(&[
            "request",
            "send",
            &ns,
            "--url",
            "http://127.0.0.1:1",
            "--key",
            "demo",
            "--platform-key",
            &platform
        ])
        .status
        .code(),
        Some(2)
    );
    assert_eq!(run(&["sandbox", "--misbehave", "sometimes", "--data", &data]).status.code(), Some(2));
}

#[test]
fn send_catches_each_sandbox_misbehaviour() {
    let d = dir("misbehave");
    let app = app_file(&d, "u.json", "314005/00001", &["联系电话", "通讯地址", "企业名称"], "M");
    for (mode, step, code) in [
        (Misbehave::BadSignature, "verify_response", "signature_invalid"),
        (Misbehave::BadDigest, "verify_response", "digest_mismatch"),
        (Misbehave::Unmasked, "", ""),
    ] {
        let mut config = SandboxConfig::new(d.join(format!("data-{mode:?}")));
        config.misbehave = Some(mode);
        let h = Sandbox::start(config).expect("starts");
        let o = run(&["request", "send", &app, "--url", &h.url(), "--key", "demo", "--fetch", "--json"]);
        assert_eq!(o.status.code(), Some(1), "{mode:?}");
        let v = verdict(&o);
        assert_eq!(v["ok"], false);
        if mode == Misbehave::Unmasked {
            assert_eq!(v["data"]["masking"]["passed"], false, "{v}");
            assert!(v["data"]["masking"]["violation_count"].as_u64().is_some_and(|n| n > 0));
        } else {
            assert_eq!(
                (v["failure"]["step"].as_str(), v["failure"]["code"].as_str()),
                (Some(step), Some(code)),
                "{v}"
            );
        }
        h.shutdown();
    }
}
