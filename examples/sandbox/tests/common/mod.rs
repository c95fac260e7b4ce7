//! Test helpers: a tiny blocking client (ureq) that signs with core's
//! platform profile and verifies the sandbox's answers.
#![allow(dead_code)]

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use govshare_core::http_message::{HttpMessage, StartLine};
use govshare_core::platform::client::{parse_application_response, ApplicationStatus, CallContext};
use govshare_core::platform::profile::{sign_platform_request, verify_platform_response};
use govshare_core::platform::{PlatformClient, PlatformConfig};
use govshare_core::request::Application;
use govshare_core::sign::Key;
use govshare_sandbox::{Clock, Misbehave, Sandbox, SandboxConfig, SandboxHandle};

pub const UNCONDITIONAL: &str = "314005/00001";
pub const UNCONDITIONAL_ITEMS: [&str; 6] =
    ["电子邮箱", "联系电话", "通讯地址", "企业名称", "统一社会信用代码", "申请日期"];
pub const CONDITIONAL: &str = "104001/00001";
pub const CONDITIONAL_ITEMS: [&str; 3] = ["企业名称", "申请人", "固定电话"];
pub const NOT_SHARED: &str = "101001/00001";

pub fn system_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

pub fn temp_dir(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("govshare-sandbox-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

pub fn start(dir: &std::path::Path, misbehave: Option<Misbehave>, clock: Option<Clock>) -> SandboxHandle {
    start_on(dir, 0, misbehave, clock)
}

pub fn start_on(
    dir: &std::path::Path,
    port: u16,
    misbehave: Option<Misbehave>,
    clock: Option<Clock>,
) -> SandboxHandle {
    let mut config = SandboxConfig::new(dir);
    config.port = port;
    config.misbehave = misbehave;
    if let Some(c) = clock {
        config.clock = c;
    }
    config.body_timeout = Duration::from_secs(1);
    config.header_timeout = Duration::from_secs(2);
    config.max_body_bytes = 256 * 1024;
    Sandbox::start(config).expect("sandbox starts")
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into()
}

/// Sends a message as is and returns the response as a message.
pub fn send(msg: &HttpMessage) -> HttpMessage {
    let StartLine::Request { method, target } = &msg.start else { panic!("not a request") };
    let mut b = ureq::http::Request::builder().method(method.as_str()).uri(target.as_str());
    for (n, v) in &msg.headers {
        b = b.header(n.as_str(), v.as_str());
    }
    let req = b.body(msg.body.clone()).expect("request");
    let mut resp = agent().run(req).expect("sent");
    let mut out = HttpMessage::response(resp.status().as_u16());
    for (n, v) in resp.headers() {
        out.push_header(n.as_str(), v.to_str().unwrap_or(""));
    }
    out.body = resp.body_mut().with_config().limit(64 * 1024 * 1024).read_to_vec().expect("body");
    out
}

static NONCE: AtomicU64 = AtomicU64::new(0);

pub fn nonce() -> String {
    format!("t{}-{}-{}", std::process::id(), system_now(), NONCE.fetch_add(1, Ordering::Relaxed))
}

/// A department client against one sandbox.
pub struct Client {
    pub platform: PlatformClient,
    pub key: Key,
    pub platform_key: Key,
    pub now: Box<dyn Fn() -> i64 + Send + Sync>,
}

impl Client {
    pub fn new(h: &SandboxHandle) -> Client {
        Client::with_clock(h, Box::new(system_now))
    }

    pub fn with_clock(h: &SandboxHandle, now: Box<dyn Fn() -> i64 + Send + Sync>) -> Client {
        let platform = PlatformClient::new(PlatformConfig {
            base_url: h.url(),
            gateway: govshare_core::platform::GatewayKind::None,
            x_tif: None,
            irs: None,
        })
        .expect("config");
        Client {
            platform,
            key: govshare_sandbox::demo_department_key().expect("demo key"),
            platform_key: h.platform_key().expect("platform key"),
            now,
        }
    }

    pub fn ctx(&self) -> CallContext {
        CallContext { now: govshare_sandbox::rfc3339_cst((self.now)()), nonce: nonce() }
    }

    pub fn sign(&self, msg: &HttpMessage) -> HttpMessage {
        sign_platform_request(msg, &self.key, (self.now)(), &nonce()).expect("signs").message
    }

    /// Signs, sends, and returns (signed request, response) unverified.
    pub fn exchange(&self, msg: &HttpMessage) -> (HttpMessage, HttpMessage) {
        let signed = self.sign(msg);
        let resp = send(&signed);
        (signed, resp)
    }

    /// Signs, sends and verifies the response signature and digest.
    pub fn call(&self, msg: &HttpMessage) -> Result<HttpMessage, govshare_core::Error> {
        let (req, resp) = self.exchange(msg);
        verify_platform_response(&resp, &req, &self.platform_key, (self.now)())?;
        Ok(resp)
    }

    pub fn submit(&self, app: &Application) -> Result<ApplicationStatus, govshare_core::Error> {
        let msg = self.platform.submit_request(app, &self.ctx())?;
        parse_application_response(&self.call(&msg)?)
    }
}

/// Validity from 30 days before `now` (Unix seconds) for 330 days, and the
/// destruction date a month after: tests never depend on today's date.
pub fn validity_around(now: i64) -> (String, String, String) {
    use govshare_core::time::Day;
    let today = Day::of_instant_cst(now.saturating_mul(1000));
    let from = Day(today.0 - 30);
    let until = Day(from.0 + 330);
    (from.to_string(), until.to_string(), Day(until.0 + 31).to_string())
}

/// An application valid around the real clock's today.
pub fn application(resource: &str, items: &[&str], mode: &str, reference: &str) -> Application {
    application_at(system_now(), resource, items, mode, reference)
}

/// An application valid around `now` (for sandboxes on a fixed clock).
pub fn application_at(now: i64, resource: &str, items: &[&str], mode: &str, reference: &str) -> Application {
    let (from, until, destroy) = validity_around(now);
    let v = serde_json::json!({
        "format": "govshare-application", "format_version": 1, "reference": reference,
        "requester": {"name": govshare_sandbox::DEMO_DEPARTMENT_NAME, "credit_code": govshare_sandbox::DEMO_CREDIT_CODE},
        "applicant": {"name": "张三"},
        "contact": {"name": "李四", "phone": "0571-00000000"},
        "target": {"resource_code": resource, "items": items},
        "duty_basis": [{"kind": "regulation", "title": "《社会救助暂行办法》", "article": "第十一条"}],
        "purpose": "核对申请救助家庭成员名下企业情况",
        "scenario": "最低生活保障家庭经济状况核对",
        "internal_approval": {"approver": "民政局数据共享工作机构负责人", "approved_on": from},
        "mode": mode,
        "validity": {"from": from, "until": until},
        "frequency": {"kind": "on_demand", "max_calls_per_day": 500},
        "commitments": {"storage_location": "示例市政务云", "retention_days": 365, "destruction_date": destroy}
    });
    Application::from_json(&v.to_string()).expect("application")
}

/// The coded error of a platform answer.
pub fn error_code(resp: &HttpMessage) -> (u16, String) {
    let StartLine::Response { status } = resp.start else { panic!("not a response") };
    let v: serde_json::Value = serde_json::from_slice(&resp.body).unwrap_or_default();
    (status, v["code"].as_str().unwrap_or("").to_owned())
}

/// What a client's checks said about one misbehaving exchange.
pub struct Outcome {
    pub submit: Option<String>,
    pub data: Option<String>,
    pub masking:
        Result<Result<govshare_core::mask::VerifyReport, govshare_core::Error>, govshare_core::Error>,
}

/// Like [`send`], but `None` when the connection fails (a killed server).
pub fn try_send(msg: &HttpMessage) -> Option<HttpMessage> {
    let StartLine::Request { method, target } = &msg.start else { return None };
    let mut b = ureq::http::Request::builder().method(method.as_str()).uri(target.as_str());
    for (n, v) in &msg.headers {
        b = b.header(n.as_str(), v.as_str());
    }
    let req = b.body(msg.body.clone()).ok()?;
    let mut resp = agent().run(req).ok()?;
    let mut out = HttpMessage::response(resp.status().as_u16());
    for (n, v) in resp.headers() {
        out.push_header(n.as_str(), v.to_str().unwrap_or(""));
    }
    out.body = resp.body_mut().read_to_vec().ok()?;
    Some(out)
}
