//! Runs every case of tests/vectors/request/*.json against the core API.

use govshare_core::catalog::Resource;
use govshare_core::http_message::HttpMessage;
use govshare_core::platform::client::{
    parse_application_response, parse_catalog_delta_response, parse_catalog_response, parse_data_response,
    parse_irs_refresh_response,
};
use govshare_core::platform::{CallContext, DataQuery, PlatformClient, PlatformConfig};
use govshare_core::request::{
    answer_correction, catalog_update_schedule, entitlements, file_correction, schedule, transition,
    validate, Application, CatalogUpdateInput, Correction, DeadlineProfile, Event, Grant, Lifecycle,
    ScheduleInput, ValidationPolicy, WorkCalendar,
};
use govshare_core::Error;
use serde_json::{json, Value};

mod common;

fn load(name: &str) -> Value {
    let path = format!("{}/../tests/vectors/request/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn from<T: serde::de::DeserializeOwned>(v: &Value) -> T {
    serde_json::from_value(v.clone()).unwrap_or_else(|e| panic!("bad vector input {v}: {e}"))
}

/// Parses a vector's input the way a binding does: a bad input is the
/// core's coded error, not a panic.
fn parse<T: serde::de::DeserializeOwned>(v: &Value) -> Result<T, Error> {
    serde_json::from_value(v.clone()).map_err(|e| govshare_core::error::json_error(&e))
}

/// The case's deadline profile: a built-in name, a profile object, or national.
fn profile(case: &Value) -> Result<DeadlineProfile, Error> {
    match case.get("profile") {
        None => Ok(DeadlineProfile::national()),
        Some(Value::String(name)) => DeadlineProfile::named(name),
        Some(obj) => DeadlineProfile::from_json(&obj.to_string()),
    }
}

fn calendar(case: &Value) -> Result<WorkCalendar, Error> {
    let mut cal = WorkCalendar::embedded();
    if let Some(extra) = case.get("calendar_json") {
        cal.add_json(extra.as_str().expect("calendar_json is a string"))?;
    }
    Ok(cal)
}

fn schedule_json(out: govshare_core::request::Schedule) -> Value {
    let codes: Vec<&str> = out.findings.iter().map(|f| f.code.as_str()).collect();
    json!({"profile": out.profile, "steps": out.steps, "finding_codes": codes})
}

fn to(v: impl serde::Serialize) -> Value {
    serde_json::to_value(v).expect("serializes")
}

fn s<'a>(case: &'a Value, key: &str) -> &'a str {
    case[key].as_str().unwrap_or_else(|| panic!("{key} missing"))
}

/// Runs one case; the result as JSON, or the error.
fn run(case: &Value, doc: &Value) -> Result<Value, Error> {
    match s(case, "op") {
        "validate" => {
            let app = Application::from_json(s(case, "application_json"))?;
            let catalog: Vec<Resource> = from(&doc["catalog"]);
            let policy: ValidationPolicy = case.get("policy").map_or_else(ValidationPolicy::default, from);
            let report = validate(&app, &catalog, &policy);
            let mut findings: Vec<Value> = report
                .findings
                .iter()
                .map(
                    |f| json!({"code": f.code, "severity": f.severity, "path": f.path, "article": f.article}),
                )
                .collect();
            findings.sort_by_key(|f| f.to_string());
            for f in &report.findings {
                assert!(!f.message_en.is_empty() && !f.message_zh.is_empty(), "{}", f.code);
            }
            Ok(
                json!({"ok": report.ok, "outcome": report.outcome, "track": report.track, "findings": findings}),
            )
        }
        "application_digests" => Ok(to(Application::from_json(s(case, "application_json"))?.digests())),
        "transition" => {
            let lc: Lifecycle = parse(&case["lifecycle"])?;
            let event: Event = parse(&case["event"])?;
            Ok(to(transition(&lc, &event, s(case, "now"), &profile(case)?)?))
        }
        "file_correction" => {
            let items: Vec<String> = parse(&case["items"])?;
            Ok(to(file_correction(
                s(case, "application_id"),
                s(case, "resource_code"),
                &items,
                s(case, "data_digest"),
                s(case, "filed_on"),
            )?))
        }
        "answer_correction" => {
            let c: Correction = parse(&case["correction"])?;
            Ok(to(answer_correction(&c, s(case, "answered_on"), parse(&case["outcome"])?)?))
        }
        "schedule" => {
            let (cal, profile) = (calendar(case)?, profile(case)?);
            let input: ScheduleInput = parse(&case["input"])?;
            Ok(schedule_json(schedule(&cal, &profile, &input, s(case, "now"))?))
        }
        "catalog_update" => {
            let (cal, profile) = (calendar(case)?, profile(case)?);
            let input: CatalogUpdateInput = parse(&case["input"])?;
            Ok(schedule_json(catalog_update_schedule(&cal, &profile, &input, s(case, "now"))?))
        }
        "due_date" => {
            let days = case["days"].as_u64().expect("days") as u32;
            Ok(to(WorkCalendar::embedded().due_date(s(case, "start"), days)?))
        }
        "entitlements" => {
            let grants: Vec<Grant> = from(&case["grants"]);
            Ok(to(entitlements(&grants, s(case, "credit_code"), s(case, "now"))?))
        }
        "build_request" => {
            let client = PlatformClient::new(from::<PlatformConfig>(&case["config"]))?;
            let ctx: CallContext = from(&case["ctx"]);
            let msg = match s(case, "call") {
                "catalog" => client.catalog_request(&ctx)?,
                "catalog_delta" => {
                    client.catalog_delta_request(case["since_version"].as_u64().expect("since"), &ctx)?
                }
                "submit" => {
                    client.submit_request(&Application::from_json(s(case, "application_json"))?, &ctx)?
                }
                "resubmit" => client.resubmit_request(
                    s(case, "id"),
                    &Application::from_json(s(case, "application_json"))?,
                    &ctx,
                )?,
                "status" => client.status_request(s(case, "id"), &ctx)?,
                "withdraw" => client.withdraw_request(s(case, "id"), case["reason"].as_str(), &ctx)?,
                "data" => {
                    let grants: Vec<Grant> = from(&case["grants"]);
                    let ents = entitlements(&grants, s(case, "credit_code"), &ctx.now)?;
                    client.data_request(&from::<DataQuery>(&case["query"]), &ents, &ctx)?
                }
                "irs_refresh_by_key" => client.irs_refresh_by_key_request(&ctx)?,
                "irs_refresh_by_secret" => client.irs_refresh_by_secret_request(&ctx)?,
                other => panic!("unknown call {other}"),
            };
            Ok(serde_json::from_str(&msg.to_json()).expect("message JSON"))
        }
        "parse_response" => {
            let msg = HttpMessage::from_json(&case["response"].to_string())?;
            match s(case, "call") {
                "application" => Ok(to(parse_application_response(&msg)?)),
                "catalog" => Ok(to(parse_catalog_response(&msg)?)),
                "catalog_delta" => Ok(to(parse_catalog_delta_response(&msg)?)),
                "data" => Ok(to(parse_data_response(&msg, &from::<DataQuery>(&case["query"]))?)),
                "irs_refresh" => Ok(to(parse_irs_refresh_response(&msg)?)),
                other => panic!("unknown call {other}"),
            }
        }
        other => panic!("unknown op {other}"),
    }
}

fn run_file(name: &str) -> usize {
    let doc = load(name);
    let cases = doc["cases"].as_array().expect("cases");
    for case in cases {
        let case_name = s(case, "name");
        let result = run(case, &doc);
        match (case.get("expect"), case.get("expect_error"), result) {
            (Some(want), None, Ok(got)) => {
                let mut want = want.clone();
                // Findings are a set: order is not part of the contract.
                if let Some(f) = want.get_mut("findings").and_then(Value::as_array_mut) {
                    f.sort_by_key(|x| x.to_string());
                }
                assert_eq!(got, want, "{name} / {case_name}")
            }
            (None, Some(code), Err(e)) => {
                assert_eq!(e.code(), code, "{name} / {case_name}: {e}");
                for secret in case["must_not_echo"].as_array().into_iter().flatten().filter_map(Value::as_str)
                {
                    let shown = format!("{e} {}", e.message_zh());
                    assert!(
                        !shown.contains(secret),
                        "{name} / {case_name}: the error echoes a value: {shown}"
                    );
                }
                if let Some(article) = case.get("article").and_then(Value::as_str) {
                    assert!(e.to_string().contains(article), "{name} / {case_name}: {e} names no {article}");
                }
                assert!(!e.message_zh().is_empty());
                if let Some(fields) = case.get("expect_error_fields") {
                    let Error::PlatformError { status, platform_code, .. } = &e else {
                        panic!("{name} / {case_name}: expected platform_error")
                    };
                    assert_eq!(
                        &json!({"status": status, "platform_code": platform_code}),
                        fields,
                        "{case_name}"
                    );
                }
            }
            (_, _, r) => panic!("{name} / {case_name}: unexpected result {r:?}"),
        }
    }
    cases.len()
}

#[test]
fn applications() {
    assert!(run_file("applications.json") >= 30);
}

#[test]
fn lifecycle() {
    // Every state with every event, and the records each event requires.
    assert!(run_file("lifecycle.json") >= 14 * 18 + 30);
}

#[test]
fn deadlines() {
    assert!(run_file("deadlines.json") >= 100);
}

#[test]
fn http() {
    assert!(run_file("http.json") >= 30);
}

/// Every vector file of the folder runs (see `common::run_every_file`).
#[test]
fn every_file_of_the_folder() {
    assert!(common::run_every_file("request", run_file) > 0);
}
