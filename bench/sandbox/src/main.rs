//! Bounded loopback load test of the sandbox platform (issue 6): throughput
//! and latency percentiles of
//!
//! 1. signed submissions — build the submit call (core), sign (RFC 9421 +
//!    Content-Digest), send over HTTP/1.1 keep-alive, verify the signed
//!    answer, parse the status; every one a distinct unconditional
//!    application, so each is a SQLite transaction;
//! 2. verified data fetches — sign a data query for a granted resource,
//!    send, verify the answer, parse the page, verify the signed masking
//!    manifest and every value's masking (`verify_masked_page`); measured
//!    with one grant of the resource, and again after the submissions (which
//!    each add a grant of it).
//!
//! The sandbox runs in the same process on 127.0.0.1 (server and clients
//! share the machine's cores). A fixed number of operations, so the run is
//! bounded. Prints one JSON object.
//!
//! `govshare-bench-sandbox [--submissions N] [--fetches N] [--clients C] [--page-size P]`

use std::sync::Arc;
use std::time::{Duration, Instant};

use govshare_core::catalog::Catalog;
use govshare_core::http_message::{HttpMessage, StartLine};
use govshare_core::platform::client::{parse_application_response, parse_data_response};
use govshare_core::platform::profile::{sign_platform_request, verify_masked_page, verify_platform_response};
use govshare_core::platform::{CallContext, DataQuery, GatewayKind, PlatformClient, PlatformConfig};
use govshare_core::request::{entitlements, Application, ApplicationState, Grant};
use govshare_core::sign::Key;
use govshare_sandbox::{Sandbox, SandboxConfig};

const RESOURCE: &str = "314005/00001";
const ITEMS: [&str; 6] = ["电子邮箱", "联系电话", "通讯地址", "企业名称", "统一社会信用代码", "申请日期"];

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// Valid from 30 days ago for 330 days, so the run does not depend on the date.
fn validity() -> (String, String, String) {
    use govshare_core::time::Day;
    let from = Day(Day::of_instant_cst(now().saturating_mul(1000)).0 - 30);
    let until = Day(from.0 + 330);
    (from.to_string(), until.to_string(), Day(until.0 + 31).to_string())
}

fn application(reference: &str) -> Result<Application, String> {
    let (from, until, destroy) = validity();
    let v = serde_json::json!({
        "format": "govshare-application", "format_version": 1, "reference": reference,
        "requester": {"name": govshare_sandbox::DEMO_DEPARTMENT_NAME, "credit_code": govshare_sandbox::DEMO_CREDIT_CODE},
        "applicant": {"name": "张三"}, "contact": {"name": "李四", "phone": "0571-00000000"},
        "target": {"resource_code": RESOURCE, "items": ITEMS},
        "duty_basis": [{"kind": "regulation", "title": "《社会救助暂行办法》"}],
        "purpose": "核对申请救助家庭经济状况", "scenario": "最低生活保障审核",
        "internal_approval": {"approver": "民政局数据共享工作机构负责人", "approved_on": from},
        "mode": "online_query",
        "validity": {"from": from, "until": until},
        "frequency": {"kind": "on_demand"},
        "commitments": {"storage_location": "政务云", "retention_days": 365, "destruction_date": destroy}
    });
    Application::from_json(&v.to_string()).map_err(|e| e.to_string())
}

fn send(agent: &ureq::Agent, msg: &HttpMessage) -> Result<HttpMessage, String> {
    let StartLine::Request { method, target } = &msg.start else { return Err("not a request".into()) };
    let mut b = ureq::http::Request::builder().method(method.as_str()).uri(target.as_str());
    for (n, v) in &msg.headers {
        b = b.header(n.as_str(), v.as_str());
    }
    let req = b.body(msg.body.clone()).map_err(|e| e.to_string())?;
    let mut resp = agent.run(req).map_err(|e| e.to_string())?;
    let mut out = HttpMessage::response(resp.status().as_u16());
    for (n, v) in resp.headers() {
        out.push_header(n.as_str(), String::from_utf8_lossy(v.as_bytes()));
    }
    out.body = resp.body_mut().with_config().limit(64 << 20).read_to_vec().map_err(|e| e.to_string())?;
    Ok(out)
}

struct Ctx {
    client: PlatformClient,
    key: Key,
    platform_key: Key,
    resource: govshare_core::catalog::Resource,
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(i).map_or(0.0, |d| d.as_secs_f64() * 1e3)
}

/// Runs `total` operations on `clients` threads; returns latencies and wall time.
fn phase(
    ctx: &Arc<Ctx>,
    clients: usize,
    total: usize,
    op: fn(&Ctx, &ureq::Agent, usize) -> Result<(), String>,
) -> Result<serde_json::Value, String> {
    let started = Instant::now();
    let threads: Vec<_> = (0..clients)
        .map(|c| {
            let ctx = ctx.clone();
            std::thread::spawn(move || -> Result<Vec<Duration>, String> {
                let agent: ureq::Agent = ureq::Agent::config_builder()
                    .http_status_as_error(false)
                    .timeout_global(Some(Duration::from_secs(30)))
                    .build()
                    .into();
                let mut lat = Vec::new();
                let mut i = c;
                while i < total {
                    let t = Instant::now();
                    op(&ctx, &agent, i)?;
                    lat.push(t.elapsed());
                    i += clients;
                }
                Ok(lat)
            })
        })
        .collect();
    let mut all = Vec::with_capacity(total);
    for t in threads {
        all.extend(t.join().map_err(|_| "a client thread panicked".to_owned())??);
    }
    let wall = started.elapsed().as_secs_f64();
    all.sort();
    Ok(serde_json::json!({
        "operations": all.len(),
        "clients": clients,
        "seconds": (wall * 1000.0).round() / 1000.0,
        "ops_per_second": ((all.len() as f64 / wall) * 10.0).round() / 10.0,
        "p50_ms": (percentile(&all, 0.50) * 100.0).round() / 100.0,
        "p99_ms": (percentile(&all, 0.99) * 100.0).round() / 100.0,
        "max_ms": (percentile(&all, 1.0) * 100.0).round() / 100.0,
    }))
}

fn ctx_now() -> CallContext {
    CallContext { now: govshare_sandbox::rfc3339_cst(now()), nonce: String::new() }
}

fn submit(ctx: &Ctx, agent: &ureq::Agent, i: usize) -> Result<(), String> {
    let app = application(&format!("LOAD-{i}"))?;
    let msg = ctx.client.submit_request(&app, &ctx_now()).map_err(|e| e.to_string())?;
    let t = now();
    let signed = sign_platform_request(&msg, &ctx.key, t, &format!("s{i}-{t}")).map_err(|e| e.to_string())?;
    let resp = send(agent, &signed.message)?;
    verify_platform_response(&resp, &signed.message, &ctx.platform_key, now()).map_err(|e| e.to_string())?;
    let st = parse_application_response(&resp).map_err(|e| e.to_string())?;
    if st.state != ApplicationState::Agreed {
        return Err(format!("application {i} is {}", st.state.as_str()));
    }
    Ok(())
}

fn fetch(ctx: &Ctx, agent: &ureq::Agent, i: usize) -> Result<(), String> {
    let query = DataQuery {
        resource_code: RESOURCE.into(),
        items: ITEMS.iter().map(|s| (*s).to_owned()).collect(),
        filters: Default::default(),
        page_size: Some(PAGE_SIZE.load(std::sync::atomic::Ordering::Relaxed)),
        cursor: None,
        power_item_code: None,
    };
    let (from, until, _) = validity();
    let grant = Grant {
        application_id: "LOAD".into(),
        requester_credit_code: govshare_sandbox::DEMO_CREDIT_CODE.into(),
        resource_code: RESOURCE.into(),
        items: query.items.clone(),
        valid_from: from,
        valid_until: until,
        state: ApplicationState::Agreed,
        disposal_method: None,
    };
    let c = ctx_now();
    let ents =
        entitlements(&[grant], govshare_sandbox::DEMO_CREDIT_CODE, &c.now).map_err(|e| e.to_string())?;
    let msg = ctx.client.data_request(&query, &ents, &c).map_err(|e| e.to_string())?;
    let t = now();
    let signed = sign_platform_request(&msg, &ctx.key, t, &format!("f{i}-{t}")).map_err(|e| e.to_string())?;
    let resp = send(agent, &signed.message)?;
    verify_platform_response(&resp, &signed.message, &ctx.platform_key, now()).map_err(|e| e.to_string())?;
    let page = parse_data_response(&resp, &query).map_err(|e| e.to_string())?;
    let report =
        verify_masked_page(&page, &ctx.resource, None, &ctx.platform_key).map_err(|e| e.to_string())?;
    if !report.passed {
        return Err(format!("fetch {i}: masking violations"));
    }
    Ok(())
}

static PAGE_SIZE: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(20);

fn main() {
    if let Err(e) = run() {
        eprintln!("govshare-bench-sandbox: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let mut submissions = 2000usize;
    let mut fetches = 2000usize;
    let mut clients = 4usize;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut v = || args.next().and_then(|v| v.parse::<usize>().ok()).ok_or(format!("{a} needs a number"));
        match a.as_str() {
            "--submissions" => submissions = v()?,
            "--fetches" => fetches = v()?,
            "--clients" => clients = v()?.max(1),
            "--page-size" => PAGE_SIZE.store(v()?.clamp(1, 100) as u32, std::sync::atomic::Ordering::Relaxed),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    let dir = std::env::temp_dir().join(format!("govshare-bench-sandbox-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let mut config = SandboxConfig::new(&dir);
    config.max_connections = clients.max(8) * 2;
    let handle = Sandbox::start(config).map_err(|e| e.to_string())?;
    let client = PlatformClient::new(PlatformConfig {
        base_url: handle.url(),
        gateway: GatewayKind::None,
        x_tif: None,
        irs: None,
    })
    .map_err(|e| e.to_string())?;
    let resource = Catalog::from_json(govshare_sandbox::BUNDLED_CATALOG)
        .map_err(|e| e.to_string())?
        .resource(RESOURCE)
        .ok_or("resource missing")?;
    let ctx = Arc::new(Ctx {
        client,
        key: govshare_sandbox::demo_department_key().map_err(|e| e.to_string())?,
        platform_key: handle.platform_key().map_err(|e| e.to_string())?,
        resource,
    });
    // Warm-up (and the grant the fetches rely on).
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
    submit(&ctx, &agent, usize::MAX)?;
    fetch(&ctx, &agent, usize::MAX)?;
    // Fetches while the department holds one grant of the resource, then
    // submissions (each a new grant of it), then fetches again: the
    // platform's grant lookup reads every grant of the resource.
    let fet1 = phase(&ctx, clients, fetches, fetch)?;
    let sub = phase(&ctx, clients, submissions, submit)?;
    let fet = phase(&ctx, clients, fetches, fetch)?;
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let out = serde_json::json!({
        "benchmark": "sandbox loopback load",
        "cores": std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0),
        "loadavg_after": load.split_whitespace().take(3).collect::<Vec<_>>().join(" "),
        "page_size": PAGE_SIZE.load(std::sync::atomic::Ordering::Relaxed),
        "fetches_one_grant": fet1,
        "submissions": sub,
        "fetches_after_submissions": fet,
    });
    println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
    handle.shutdown();
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}
