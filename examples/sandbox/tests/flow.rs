//! The whole flow over loopback, one test per sharing type, plus deadlines,
//! withdrawal, restart and concurrent duplicate submissions.

mod common;

use std::sync::Arc;

use common::*;
use govshare_core::catalog::Catalog;
use govshare_core::http_message::HttpMessage;
use govshare_core::platform::client::{parse_application_response, parse_data_response};
use govshare_core::platform::profile::verify_masked_page;
use govshare_core::platform::DataQuery;
use govshare_core::request::{entitlements, ApplicationState, Grant};
use govshare_sandbox::Clock;

fn query(resource: &str, items: &[&str]) -> DataQuery {
    DataQuery {
        resource_code: resource.into(),
        items: items.iter().map(|s| (*s).to_owned()).collect(),
        filters: Default::default(),
        page_size: Some(10),
        cursor: None,
        power_item_code: None,
    }
}

fn grant_for(id: &str, resource: &str, items: &[&str]) -> Vec<govshare_core::request::Entitlement> {
    let g = Grant {
        application_id: id.into(),
        requester_credit_code: govshare_sandbox::DEMO_CREDIT_CODE.into(),
        resource_code: resource.into(),
        items: items.iter().map(|s| (*s).to_owned()).collect(),
        valid_from: "2026-01-01".into(),
        valid_until: "2026-12-31".into(),
        state: ApplicationState::Agreed,
        disposal_method: None,
    };
    entitlements(&[g], govshare_sandbox::DEMO_CREDIT_CODE, "2026-06-01T10:00:00+08:00").expect("entitlements")
}

fn catalog() -> Catalog {
    Catalog::from_json(govshare_sandbox::BUNDLED_CATALOG).expect("catalog")
}

/// 2026-06-01T10:00:00+08:00: inside the applications' validity.
const JUNE_1: i64 = 1_780_279_200;

#[test]
fn unconditional_is_granted_and_data_comes_masked_and_signed() {
    let dir = temp_dir("uncond");
    let h = start(&dir, None, Some(Clock::fixed(JUNE_1)));
    let c = Client::with_clock(&h, Box::new(|| JUNE_1));
    let status = c
        .submit(&application_at(JUNE_1, UNCONDITIONAL, &UNCONDITIONAL_ITEMS, "online_query", "U-1"))
        .expect("submitted");
    assert_eq!(status.state, ApplicationState::Agreed);
    assert_eq!(status.valid_until, Some(validity_around(JUNE_1).1));
    assert!(status.id.starts_with("SB-"));

    let again = parse_application_response(
        &c.call(&c.platform.status_request(&status.id, &c.ctx()).expect("req")).expect("verified"),
    )
    .expect("status");
    assert_eq!(again, status);

    let q = query(UNCONDITIONAL, &UNCONDITIONAL_ITEMS);
    let msg = c
        .platform
        .data_request(&q, &grant_for(&status.id, UNCONDITIONAL, &UNCONDITIONAL_ITEMS), &c.ctx())
        .expect("req");
    let page = parse_data_response(&c.call(&msg).expect("verified"), &q).expect("page");
    assert_eq!(page.row_count, 10);
    assert_eq!(page.next_cursor.as_deref(), Some("10"));
    let resource = catalog().resource(UNCONDITIONAL).expect("resource");
    let report = verify_masked_page(&page, &resource, None, &c.platform_key).expect("verifies");
    assert!(report.passed, "{report:?}");
    assert_eq!(report.records, 10);
    // The grade-3 mobile number is masked (keep 3 + 4), the plain name is not.
    let rows: Vec<Vec<serde_json::Value>> = serde_json::from_str(&page.rows_json).expect("rows");
    let phone_col = page.items.iter().position(|i| i == "联系电话").expect("column");
    let phone = rows[0][phone_col].as_str().expect("text");
    assert_eq!(phone.chars().count(), 11);
    assert!(phone.contains("****"), "{phone}");

    // A page without rows is an empty answer: its masking passes (a
    // verification of raw input with no record would not: `no_records`),
    // unless the page names an item the resource does not have.
    let mut empty = page.clone();
    empty.rows_json = "[]".into();
    empty.row_count = 0;
    let report = verify_masked_page(&empty, &resource, None, &c.platform_key).expect("verifies");
    assert!(report.passed && report.records == 0 && report.warnings.is_empty(), "{report:?}");
    empty.items.push("不存在的数据项".into());
    let report = verify_masked_page(&empty, &resource, None, &c.platform_key).expect("verifies");
    assert!(!report.passed, "{report:?}");
    assert_eq!(report.reasons.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(), ["item_not_in_resource"]);

    // A resource the department was not granted is refused by the platform too.
    let other = query("102001/00001", &["企业名称"]);
    let msg = c
        .platform
        .data_request(&other, &grant_for("x", "102001/00001", &["企业名称"]), &c.ctx())
        .expect("req");
    let resp = c.call(&msg).expect("verified");
    assert_eq!(error_code(&resp), (403, "not_entitled".into()));
}

#[test]
fn conditional_waits_for_review_with_a_working_day_deadline_then_approval() {
    // 2026-09-30T10:00:00+08:00, the day before the National Day holiday.
    let t = 1_790_733_600;
    let dir = temp_dir("cond");
    let h = start(&dir, None, Some(Clock::fixed(t)));
    let c = Client::with_clock(&h, Box::new(move || t));
    let status = c
        .submit(&application_at(t, CONDITIONAL, &CONDITIONAL_ITEMS, "online_query", "C-1"))
        .expect("submitted");
    assert_eq!(status.state, ApplicationState::Submitted);
    // The decree's 10 working days (Art. 21): Oct 8, 9, Sat 10 (make-up),
    // 12-16, 19, 20 — the holiday is Oct 1-7.
    assert_eq!(status.due.as_deref(), Some("2026-10-20"));

    let q = query(CONDITIONAL, &CONDITIONAL_ITEMS);
    let ents = grant_for(&status.id, CONDITIONAL, &CONDITIONAL_ITEMS);
    let resp = c.call(&c.platform.data_request(&q, &ents, &c.ctx()).expect("req")).expect("verified");
    assert_eq!(error_code(&resp), (403, "not_entitled".into()));

    // The admin endpoint needs the token.
    let target = format!("{}/admin/applications/{}/decision", h.url(), status.id);
    let mut admin = HttpMessage::request("POST", target.clone());
    admin.push_header("Content-Type", "application/json");
    admin.body = r#"{"decision":"approve","reason":"ok","masking":{"fields":{"申请人":{"rule":"redact"}}}}"#
        .as_bytes()
        .to_vec();
    assert_eq!(error_code(&send(&admin)), (401, "admin_token_required".into()));
    admin.push_header("Authorization", format!("Bearer {}", h.admin_token()));
    let resp = send(&admin);
    assert_eq!(error_code(&resp).0, 200, "{}", String::from_utf8_lossy(&resp.body));
    let approved = parse_application_response(&resp).expect("status");
    assert_eq!(approved.state, ApplicationState::Agreed);
    // Deciding twice is an illegal transition.
    assert_eq!(error_code(&send(&admin)), (409, "illegal_transition".into()));

    let page = parse_data_response(
        &c.call(&c.platform.data_request(&q, &ents, &c.ctx()).expect("req")).expect("verified"),
        &q,
    )
    .expect("page");
    let rows: Vec<Vec<serde_json::Value>> = serde_json::from_str(&page.rows_json).expect("rows");
    let col = page.items.iter().position(|i| i == "申请人").expect("column");
    assert!(rows.iter().all(|r| r[col].as_str().is_some_and(|v| v.chars().all(|ch| ch == '*'))), "{rows:?}");
    let resource = catalog().resource(CONDITIONAL).expect("resource");
    let report = verify_masked_page(&page, &resource, None, &c.platform_key).expect("verifies");
    assert!(report.passed, "{report:?}");
}

/// An admin decision, as the provider's reviewer sends it.
fn decide(h: &govshare_sandbox::SandboxHandle, id: &str, body: &str) -> HttpMessage {
    let mut admin = HttpMessage::request("POST", format!("{}/admin/applications/{id}/decision", h.url()));
    admin.push_header("Content-Type", "application/json");
    admin.push_header("Authorization", format!("Bearer {}", h.admin_token()));
    admin.body = body.as_bytes().to_vec();
    send(&admin)
}

#[test]
fn materials_extension_and_suspension_follow_the_decree() {
    // 2026-09-30T10:00:00+08:00 (Wed), the day before the National Day holiday.
    let t = 1_790_733_600;
    let dir = temp_dir("decree");
    let h = start(&dir, None, Some(Clock::fixed(t)));
    let c = Client::with_clock(&h, Box::new(move || t));
    let app = application_at(t, CONDITIONAL, &CONDITIONAL_ITEMS, "online_query", "D-1");
    let status = c.submit(&app).expect("submitted");
    assert_eq!(status.state, ApplicationState::Submitted);

    // Art. 21 ¶2: everything missing, at once; a second list is refused.
    let resp =
        decide(&h, &status.id, r#"{"decision":"request_materials","missing":["授权委托书","履职依据文件"]}"#);
    let asked = parse_application_response(&resp).expect("status");
    assert_eq!(asked.state, ApplicationState::MaterialsRequested);
    assert_eq!(asked.missing, ["授权委托书", "履职依据文件"]);
    assert_eq!(asked.due, None);
    // A refusal for incompleteness is not the provider's to make: it asks instead.
    let resp = decide(&h, &status.id, r#"{"decision":"reject","reason":"材料不全"}"#);
    assert_eq!(error_code(&resp), (409, "illegal_transition".into()));

    // The requester resubmits the completed application: the clock restarts.
    let msg = c.platform.resubmit_request(&status.id, &app, &c.ctx()).expect("req");
    let again = parse_application_response(&c.call(&msg).expect("verified")).expect("status");
    assert_eq!((again.id.as_str(), again.state), (status.id.as_str(), ApplicationState::Submitted));
    assert_eq!(again.due.as_deref(), Some("2026-10-20"));
    let msg = c.platform.resubmit_request(&status.id, &app, &c.ctx()).expect("req");
    assert_eq!(error_code(&c.call(&msg).expect("verified")), (409, "illegal_transition".into()));
    let resp = decide(&h, &status.id, r#"{"decision":"request_materials","missing":["又一份材料"]}"#);
    assert_eq!(error_code(&resp), (409, "illegal_transition".into()));

    // Art. 21: an extension of at most 10, from the original due date.
    let resp = decide(&h, &status.id, r#"{"decision":"extend","days":11,"approval_ref":"批复1号"}"#);
    assert_eq!(error_code(&resp), (422, "invalid_argument".into()));
    let resp = decide(&h, &status.id, r#"{"decision":"extend","days":5,"approval_ref":"批复1号"}"#);
    let extended = parse_application_response(&resp).expect("status");
    assert_eq!((extended.extension_days, extended.due.as_deref()), (Some(5), Some("2026-10-27")));

    // Refusal needs reasons (Art. 21); agreement names the disposal method.
    let resp = decide(&h, &status.id, r#"{"decision":"reject"}"#);
    assert_eq!(error_code(&resp), (422, "invalid_argument".into()));
    let resp = decide(&h, &status.id, r#"{"decision":"approve","disposal_method":"seal"}"#);
    let agreed = parse_application_response(&resp).expect("status");
    assert_eq!(agreed.state, ApplicationState::Agreed);
    assert_eq!(agreed.disposal_method, Some(govshare_core::request::DisposalMethod::Seal));

    // Art. 27 ¶2: a suspended grant gives no data until it resumes.
    let q = query(CONDITIONAL, &CONDITIONAL_ITEMS);
    let ents = grant_for(&status.id, CONDITIONAL, &CONDITIONAL_ITEMS);
    let fetch = || c.call(&c.platform.data_request(&q, &ents, &c.ctx()).expect("req")).expect("verified");
    assert_eq!(error_code(&fetch()).0, 200);
    let resp = decide(&h, &status.id, r#"{"decision":"suspend","reason":"超出约定范围使用"}"#);
    assert_eq!(parse_application_response(&resp).expect("status").state, ApplicationState::Suspended);
    assert_eq!(error_code(&fetch()), (403, "not_entitled".into()));
    let resp = decide(&h, &status.id, r#"{"decision":"resume"}"#);
    assert_eq!(error_code(&resp), (422, "invalid_argument".into()));
    let resp = decide(&h, &status.id, r#"{"decision":"resume","rectification":"已整改"}"#);
    assert_eq!(parse_application_response(&resp).expect("status").state, ApplicationState::Agreed);
    assert_eq!(error_code(&fetch()).0, 200);
    let resp = decide(&h, &status.id, r#"{"decision":"terminate","reason":"整改不到位"}"#);
    assert_eq!(parse_application_response(&resp).expect("status").state, ApplicationState::Terminated);
    assert_eq!(error_code(&fetch()), (403, "not_entitled".into()));
}

#[test]
fn not_shared_is_refused_with_the_catalog_basis() {
    let dir = temp_dir("notshared");
    let h = start(&dir, None, Some(Clock::fixed(JUNE_1)));
    let c = Client::with_clock(&h, Box::new(|| JUNE_1));
    let status =
        c.submit(&application_at(JUNE_1, NOT_SHARED, &["姓名"], "online_query", "N-1")).expect("answered");
    assert_eq!(status.state, ApplicationState::Refused);
    let reason = status.reason.expect("reason");
    assert!(reason.contains("统计法"), "{reason}");
}

#[test]
fn incomplete_application_gets_materials_requested_and_withdraw_follows_the_lifecycle() {
    let dir = temp_dir("withdraw");
    let h = start(&dir, None, Some(Clock::fixed(JUNE_1)));
    let c = Client::with_clock(&h, Box::new(|| JUNE_1));
    // `copy` is not a mode the resource offers: the provider does not refuse
    // for incompleteness, it lists everything missing at once (Art. 21 ¶2).
    let wrong = application_at(JUNE_1, UNCONDITIONAL, &["企业名称"], "copy", "I-1");
    let status = c.submit(&wrong).expect("answered");
    assert_eq!(status.state, ApplicationState::MaterialsRequested);
    assert!(status.missing.iter().any(|m| m.contains("$.mode")), "{:?}", status.missing);
    // The completed application (same resource) is agreed at once: unconditional data.
    let right = application_at(JUNE_1, UNCONDITIONAL, &["企业名称"], "online_query", "I-1");
    let msg = c.platform.resubmit_request(&status.id, &right, &c.ctx()).expect("req");
    let agreed = parse_application_response(&c.call(&msg).expect("verified")).expect("status");
    assert_eq!(agreed.state, ApplicationState::Agreed);
    // Without the internal approval (Art. 20) nothing can be filed: 422.
    let mut draft = application_at(JUNE_1, UNCONDITIONAL, &["企业名称"], "online_query", "I-2").into_draft();
    draft.internal_approval = None;
    let unapproved = govshare_core::request::build(draft).expect("builds");
    let resp = c.call(&c.platform.submit_request(&unapproved, &c.ctx()).expect("req")).expect("verified");
    assert_eq!(error_code(&resp), (422, "application_incomplete".into()));
    let body: serde_json::Value = serde_json::from_slice(&resp.body).expect("json");
    assert!(body["findings"]
        .as_array()
        .is_some_and(|f| f.iter().any(|x| x["code"] == "internal_approval_missing")));

    let status = c
        .submit(&application_at(JUNE_1, CONDITIONAL, &CONDITIONAL_ITEMS, "online_query", "W-1"))
        .expect("submitted");
    let w = c.platform.withdraw_request(&status.id, Some("no longer needed"), &c.ctx()).expect("req");
    let s = parse_application_response(&c.call(&w).expect("verified")).expect("status");
    assert_eq!(s.state, ApplicationState::Withdrawn);
    let w = c.platform.withdraw_request(&status.id, None, &c.ctx()).expect("req");
    assert_eq!(error_code(&c.call(&w).expect("verified")), (409, "illegal_transition".into()));
    let missing = c.platform.status_request("SB-nope", &c.ctx()).expect("req");
    assert_eq!(error_code(&c.call(&missing).expect("verified")), (404, "not_found".into()));
}

#[test]
fn catalog_and_deltas() {
    let dir = temp_dir("catalog");
    let h = start(&dir, None, None);
    let c = Client::new(&h);
    let resp = c.call(&c.platform.catalog_request(&c.ctx()).expect("req")).expect("verified");
    let doc = govshare_core::platform::client::parse_catalog_response(&resp).expect("catalog");
    assert_eq!(doc.resources.len(), 200);
    let v = doc.catalog.version;
    let resp = c.call(&c.platform.catalog_delta_request(v, &c.ctx()).expect("req")).expect("verified");
    let delta = govshare_core::platform::client::parse_catalog_delta_response(&resp).expect("delta");
    assert_eq!((delta.base_version, delta.new_version, delta.changes.len()), (v, v, 0));
    let resp = c.call(&c.platform.catalog_delta_request(v + 7, &c.ctx()).expect("req")).expect("verified");
    assert_eq!(error_code(&resp), (404, "unknown_catalog_version".into()));
}

#[test]
fn concurrent_duplicate_submissions_create_one_application() {
    let dir = temp_dir("dupes");
    let h = start(&dir, None, None);
    let c = Arc::new(Client::new(&h));
    let app = Arc::new(application(UNCONDITIONAL, &UNCONDITIONAL_ITEMS, "online_query", "D-1"));
    let threads: Vec<_> = (0..8)
        .map(|_| {
            let (c, app) = (c.clone(), app.clone());
            std::thread::spawn(move || {
                let msg = c.platform.submit_request(&app, &c.ctx()).expect("req");
                let resp = c.call(&msg).expect("verified");
                (error_code(&resp).0, parse_application_response(&resp).expect("status").id)
            })
        })
        .collect();
    let results: Vec<(u16, String)> = threads.into_iter().map(|t| t.join().expect("thread")).collect();
    assert_eq!(results.iter().filter(|(s, _)| *s == 201).count(), 1, "{results:?}");
    assert_eq!(results.iter().filter(|(s, _)| *s == 200).count(), 7, "{results:?}");
    assert!(results.iter().all(|(_, id)| *id == results[0].1));
    drop(h);
    let conn = govshare_sandbox::store::open(&dir.join("sandbox.sqlite")).expect("db");
    assert_eq!(govshare_sandbox::store::count(&conn).expect("count"), 1);
}

#[test]
fn restart_keeps_state_and_keys() {
    let dir = temp_dir("restart");
    let h = start(&dir, None, None);
    let c = Client::new(&h);
    let status =
        c.submit(&application(CONDITIONAL, &CONDITIONAL_ITEMS, "online_query", "R-1")).expect("submitted");
    let old_key = c.platform_key.to_jwk(false).expect("jwk");
    h.shutdown();
    // Secrets are readable by their owner only.
    #[cfg(unix)]
    for secret in ["platform-key.pem", "demo-department.pem", "admin-token"] {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.join(secret)).expect(secret).permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{secret}");
    }

    let h = start(&dir, None, None);
    let mut c2 = Client::new(&h);
    assert_eq!(c2.platform_key.to_jwk(false).expect("jwk"), old_key);
    c2.platform_key = c.platform_key;
    let s = parse_application_response(
        &c2.call(&c2.platform.status_request(&status.id, &c2.ctx()).expect("req")).expect("verified"),
    )
    .expect("status");
    assert_eq!(s, status);
}

/// The OpenAPI file names every route, field and platform-only error code
/// the sandbox uses (a text check: the workspace has no YAML parser).
#[test]
fn openapi_describes_what_the_sandbox_speaks() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../openapi/sharing-platform.yaml");
    let yaml = std::fs::read_to_string(path).expect("openapi");
    for needle in [
        "  /api/v1/catalog:",
        "  /api/v1/catalog/deltas:",
        "  /api/v1/applications:",
        "  /api/v1/applications/{id}:",
        "  /api/v1/applications/{id}/withdraw:",
        "  /api/v1/applications/{id}/materials:",
        "  /api/v1/data/query:",
        "  /api/v1/data/verify:",
        "`not_a_lookup_key`",
        "  /api/v1/platform-key:",
        "  /admin/applications/{id}/decision:",
        "due:",
        "mask_manifest:",
        "mask_manifest_signature:",
        "message_zh:",
        "findings:",
        "`requester_mismatch`",
        "`application_incomplete`",
        "`unknown_key`",
        "`replayed_nonce`",
        "`label_not_found`",
        "`digest_mismatch`",
        "`filter_on_masked_item`",
        "`not_entitled`",
        "\"signature\";req;key=",
    ] {
        assert!(yaml.contains(needle), "openapi/sharing-platform.yaml lacks {needle}");
    }
    // The decree's states, exactly, in the ApplicationState schema.
    let states: Vec<&str> = ApplicationState::ALL.iter().map(|s| s.as_str()).collect();
    assert!(
        yaml.contains(&format!("enum: [{}]", states.join(", "))),
        "openapi's ApplicationState differs from core's"
    );
    for d in ["request_materials", "extend", "suspend", "resume", "terminate"] {
        assert!(yaml.contains(d), "openapi lacks the decision {d}");
    }
    for c in govshare_core::platform::profile::RESPONSE_COMPONENTS
        .iter()
        .chain(govshare_core::platform::profile::REQUEST_COMPONENTS.iter())
    {
        assert!(yaml.contains(&format!("`{c}`")), "openapi lacks the component {c}");
    }
}

#[test]
fn portal_files_are_served_at_the_root_and_nothing_outside() {
    let dir = temp_dir("portal");
    let portal = dir.join("portal");
    std::fs::create_dir_all(portal.join("js")).expect("mkdir");
    std::fs::write(portal.join("index.html"), "<h1>portal</h1>").expect("write");
    std::fs::write(portal.join("js/app.js"), "export {}").expect("write");
    std::fs::write(dir.join("secret.txt"), "no").expect("write");
    let mut config = govshare_sandbox::SandboxConfig::new(dir.join("data"));
    config.portal_dir = Some(portal);
    let h = govshare_sandbox::Sandbox::start(config).expect("starts");
    let get = |path: &str| send(&HttpMessage::request("GET", format!("{}{path}", h.url())));
    let root = get("/");
    assert_eq!(error_code(&root).0, 200);
    assert_eq!(root.body, b"<h1>portal</h1>");
    let js = get("/js/app.js");
    assert!(js.header_values("content-type").any(|v| v.starts_with("text/javascript")));
    for bad in ["/../secret.txt", "/%2e%2e/secret.txt", "/js/../../secret.txt", "/missing.html"] {
        assert_eq!(error_code(&get(bad)).0, 404, "{bad}");
    }
    drop(h);

    // Without a portal directory: a placeholder page.
    let h = start(&temp_dir("noportal"), None, None);
    let page = send(&HttpMessage::request("GET", format!("{}/", h.url())));
    assert_eq!(error_code(&page).0, 200);
    assert!(String::from_utf8_lossy(&page.body).contains("govshare sandbox"));
}

/// Filters name only granted items, and a masked item only when it is a
/// lookup key (an identifier): a yes/no on any other masked value would
/// reveal what masking hides (openapi: `DataQuery.filters`).
#[test]
fn filters_are_limited_to_granted_items_and_lookup_keys() {
    let dir = temp_dir("filters");
    let h = start(&dir, None, Some(Clock::fixed(JUNE_1)));
    let c = Client::with_clock(&h, Box::new(|| JUNE_1));
    let asked = ["企业名称", "联系电话", "通讯地址"];
    let status =
        c.submit(&application_at(JUNE_1, UNCONDITIONAL, &asked, "online_query", "F-1")).expect("submitted");
    assert_eq!(status.state, ApplicationState::Agreed);
    // The client's own entitlement check is bypassed (it grants every item
    // locally) to see what the platform does.
    let local = grant_for(&status.id, UNCONDITIONAL, &UNCONDITIONAL_ITEMS);
    let ask = |filters: &[(&str, &str)]| {
        let mut q = query(UNCONDITIONAL, &["企业名称"]);
        q.filters = filters.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        c.call(&c.platform.data_request(&q, &local, &c.ctx()).expect("req")).expect("verified")
    };
    // An item the application never asked for.
    assert_eq!(error_code(&ask(&[("统一社会信用代码", "91350100M000100Y43")])), (403, "not_entitled".into()));
    // A granted item delivered generalized: no oracle on the hidden value.
    assert_eq!(
        error_code(&ask(&[("通讯地址", "浙江省杭州市西湖区文三路1号")])),
        (400, "filter_on_masked_item".into())
    );
    // A lookup key (the department holds the whole number) and a plain item.
    for filters in [&[("联系电话", "13800000000")][..], &[("企业名称", "某某有限公司")][..]] {
        let resp = ask(filters);
        assert_eq!(status_of(&resp), 200, "{filters:?}: {}", String::from_utf8_lossy(&resp.body));
    }
}

fn status_of(resp: &HttpMessage) -> u16 {
    match resp.start {
        govshare_core::http_message::StartLine::Response { status, .. } => status,
        _ => 0,
    }
}

/// The sans-IO exchange against the sandbox: submit → answer → data → page,
/// each answer accepted once, for the request in flight only.
#[test]
fn the_exchange_drives_the_whole_conversation_and_accepts_each_answer_once() {
    use govshare_core::platform::PlatformExchange;
    use govshare_core::platform::{GatewayKind, PlatformConfig};
    let dir = temp_dir("exchange");
    let h = start(&dir, None, Some(Clock::fixed(JUNE_1)));
    let c = Client::with_clock(&h, Box::new(|| JUNE_1));
    let config = PlatformConfig { base_url: h.url(), gateway: GatewayKind::None, x_tif: None, irs: None };
    let mut ex = PlatformExchange::new(config, &c.platform_key).expect("exchange");
    let key = &c.key;

    let app = application_at(JUNE_1, UNCONDITIONAL, &UNCONDITIONAL_ITEMS, "online_query", "X-1");
    let request = ex.submit(&app, key, &c.ctx()).expect("signed request");
    assert_eq!(ex.in_flight(), Some("application"));
    // One at a time: nothing else is built while the answer is awaited.
    assert_eq!(ex.catalog(key, &c.ctx()).unwrap_err().code(), "invalid_argument");
    let answer = send(&request);
    // An answer of the wrong kind is refused and the request keeps waiting.
    assert_eq!(ex.receive_catalog(&answer, JUNE_1).unwrap_err().code(), "invalid_argument");
    let status = ex.receive_application(&answer, JUNE_1).expect("answer");
    assert_eq!(status.state, ApplicationState::Agreed);
    // The same answer again: a replay, nothing is in flight.
    assert_eq!(ex.receive_application(&answer, JUNE_1).unwrap_err().code(), "invalid_argument");

    let q = query(UNCONDITIONAL, &UNCONDITIONAL_ITEMS);
    let ents = grant_for(&status.id, UNCONDITIONAL, &UNCONDITIONAL_ITEMS);
    let data_request = ex.data(&q, &ents, key, &c.ctx()).expect("data request");
    let page = ex.receive_data(&send(&data_request), JUNE_1).expect("page");
    assert_eq!(page.row_count, 10);
    let resource = catalog().resource(UNCONDITIONAL).expect("resource");
    assert!(verify_masked_page(&page, &resource, None, &c.platform_key).expect("verifies").passed);

    // The answer to an earlier request is not the answer to a new one.
    let again = ex.data(&q, &ents, key, &c.ctx()).expect("data request");
    let _fresh = send(&again);
    let stale = send(&data_request);
    assert_eq!(ex.receive_data(&stale, JUNE_1).unwrap_err().code(), "signature_invalid");
    assert_eq!(ex.in_flight(), None, "a failed answer consumes the request");
}

/// 验证类 through the exchange: a signed yes/no about one record, no data.
#[test]
fn a_verification_request_answers_yes_or_no_and_reveals_no_data() {
    use govshare_core::platform::PlatformExchange;
    use govshare_core::platform::{GatewayKind, PlatformConfig, VerificationQuery};
    let dir = temp_dir("verify");
    let h = start(&dir, None, Some(Clock::fixed(JUNE_1)));
    let c = Client::with_clock(&h, Box::new(|| JUNE_1));
    let status = c
        .submit(&application_at(JUNE_1, UNCONDITIONAL, &UNCONDITIONAL_ITEMS, "online_query", "V-1"))
        .expect("submitted");
    let ents = grant_for(&status.id, UNCONDITIONAL, &UNCONDITIONAL_ITEMS);
    let config = PlatformConfig { base_url: h.url(), gateway: GatewayKind::None, x_tif: None, irs: None };
    let mut ex = PlatformExchange::new(config, &c.platform_key).expect("exchange");
    // The raw values of record 3, as the department would hold them.
    let resource = catalog().resource(UNCONDITIONAL).expect("resource");
    let names = vec!["统一社会信用代码".to_owned(), "联系电话".to_owned()];
    let raw = govshare_sandbox::records::record(&resource, &names, 3);
    let value =
        |n: &str| raw.iter().find(|(k, _)| k == n).and_then(|(_, v)| v.as_str()).expect("value").to_owned();
    let ask = |ex: &mut PlatformExchange, key_value: &str, phone: &str| {
        let q = VerificationQuery {
            resource_code: UNCONDITIONAL.into(),
            key_item: "统一社会信用代码".into(),
            key_value: key_value.into(),
            item: "联系电话".into(),
            value: phone.into(),
        };
        let msg = ex.verify(&q, &ents, &c.key, &c.ctx()).expect("request");
        ex.receive_verification(&send(&msg), JUNE_1)
    };
    let a = ask(&mut ex, &value("统一社会信用代码"), &value("联系电话")).expect("answer");
    assert!(a.found && a.equal, "{a:?}");
    let a = ask(&mut ex, &value("统一社会信用代码"), "13800000000").expect("answer");
    assert!(a.found && !a.equal, "{a:?}");
    let a = ask(&mut ex, "91350100M000100Y43", "13800000000").expect("answer");
    assert!(!a.found && !a.equal, "{a:?}");
    // The key must be a lookup key: a company name is not an identifier.
    let q = VerificationQuery {
        resource_code: UNCONDITIONAL.into(),
        key_item: "企业名称".into(),
        key_value: "x".into(),
        item: "联系电话".into(),
        value: "13800000000".into(),
    };
    let msg = ex.verify(&q, &ents, &c.key, &c.ctx()).expect("request");
    let e = ex.receive_verification(&send(&msg), JUNE_1).unwrap_err();
    assert_eq!((e.code(), ex.failed_at()), ("platform_error", Some("parse")));
}

/// A key outside govshare (WebCrypto, an HSM): prepare → sign the base
/// elsewhere → complete. The platform accepts it like any signed request; the
/// exchange refuses everything else while a signature is awaited, and a
/// signature over other bytes is refused by the platform, whose signed
/// refusal the exchange still verifies.
#[test]
fn an_external_signer_signs_the_prepared_base_and_the_answer_verifies() {
    use govshare_core::platform::{ExchangeRequest, GatewayKind, PlatformConfig, PlatformExchange};
    let dir = temp_dir("external");
    let h = start(&dir, None, Some(Clock::fixed(JUNE_1)));
    let c = Client::with_clock(&h, Box::new(|| JUNE_1));
    let config = PlatformConfig { base_url: h.url(), gateway: GatewayKind::None, x_tif: None, irs: None };
    let mut ex = PlatformExchange::new(config, &c.platform_key).expect("exchange");

    // complete without prepare, and an empty signature, are refused.
    assert_eq!(ex.complete(&[1; 64]).unwrap_err().code(), "invalid_argument");
    let app = application_at(JUNE_1, UNCONDITIONAL, &UNCONDITIONAL_ITEMS, "online_query", "E-1");
    ex.prepare(ExchangeRequest::Submit(&app), c.key.key_id(), &c.ctx()).expect("prepared");
    assert_eq!(ex.awaiting_signature(), Some("application"));
    assert_eq!(ex.in_flight(), None, "nothing is in flight before the signature");
    // Nothing else while the signature is awaited.
    assert_eq!(ex.catalog(&c.key, &c.ctx()).unwrap_err().code(), "invalid_argument");
    assert_eq!(ex.complete(&[]).unwrap_err().code(), "invalid_argument");
    assert_eq!(ex.awaiting_signature(), None, "a failed complete forgets the prepared request");

    let prepared = ex.prepare(ExchangeRequest::Submit(&app), c.key.key_id(), &c.ctx()).expect("prepared");
    let signature = c.key.sign(&prepared.base).expect("the external signer");
    let request = ex.complete(&signature).expect("signed");
    assert_eq!(ex.in_flight(), Some("application"));
    let status = ex.receive_application(&send(&request), JUNE_1).expect("verified answer");
    assert_eq!(status.state, ApplicationState::Agreed);

    // A signature over other bytes: the platform refuses; its refusal is
    // still its signed answer to this request, so it fails at parse.
    let other = ex.prepare(ExchangeRequest::Status(&status.id), c.key.key_id(), &c.ctx()).expect("prepared");
    let wrong = c.key.sign(b"not the base").expect("signature");
    assert_ne!(other.base, b"not the base".to_vec());
    let request = ex.complete(&wrong).expect("assembled");
    let e = ex.receive_application(&send(&request), JUNE_1).unwrap_err();
    assert_eq!(ex.failed_at(), Some("parse"), "{e:?}");
}
