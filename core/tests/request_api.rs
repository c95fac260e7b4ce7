//! The request API as bindings use it: drafts built in code, lookups by
//! closure, grants from applications, and the calendar's limits.

use govshare_core::catalog::{Resource, SharingMode};
use govshare_core::request::application::{
    Commitments, Department, DutyBasis, DutyBasisKind, Frequency, FrequencyKind, InternalApproval, Person,
    Target, Validity,
};
use govshare_core::request::{
    build, entitlements, validate, Application, ApplicationDraft, ApplicationState, Grant, Outcome,
    ValidationPolicy, WorkCalendar,
};

fn draft() -> ApplicationDraft {
    ApplicationDraft {
        format: "govshare-application".into(),
        format_version: 1,
        reference: None,
        requester: Department { name: "示例市民政局".into(), credit_code: "11330100MB0000000N".into() },
        applicant: Person { name: "张三".into(), phone: None, email: None },
        contact: Person { name: "李四".into(), phone: None, email: None },
        target: Some(Target { resource_code: "101001/00001".into(), items: vec!["企业名称".into()] }),
        data_need: None,
        duty_basis: vec![DutyBasis {
            kind: DutyBasisKind::Law,
            title: "《社会救助暂行办法》".into(),
            article: None,
            code: None,
        }],
        purpose: Some("核对".into()),
        scenario: Some("低保核对".into()),
        internal_approval: Some(InternalApproval {
            approver: "处长".into(),
            approved_on: "2025-12-20".into(),
        }),
        mode: SharingMode::OnlineQuery,
        validity: Validity { from: "2026-01-01".into(), until: "2026-06-30".into() },
        frequency: Frequency { kind: FrequencyKind::OnDemand, max_calls_per_day: None },
        commitments: Some(Commitments {
            storage_location: Some("政务云".into()),
            retention_days: Some(180),
            destruction_date: Some("2026-07-31".into()),
        }),
        attachments: vec![],
    }
}

fn vectors_catalog() -> Vec<Resource> {
    let path = format!("{}/../tests/vectors/request/applications.json", env!("CARGO_MANIFEST_DIR"));
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("file")).expect("json");
    serde_json::from_value(doc["catalog"].clone()).expect("catalog")
}

#[test]
fn draft_json_and_canonical_form_agree() {
    let app = build(draft()).expect("valid");
    let again = Application::from_json(&app.canonical_json()).expect("round trip");
    assert_eq!(again, app);
    assert_eq!(again.digests(), app.digests());
    let mut bad = draft();
    bad.validity.until = "2025-12-31".into();
    let e = build(bad).unwrap_err();
    assert_eq!(e.code(), "invalid_value");
    assert_eq!(e.location().and_then(|l| l.path.as_deref()), Some("$.validity.until"));
}

#[test]
fn validates_through_a_closure_lookup() {
    let catalog = vectors_catalog();
    let lookup = |code: &str| catalog.iter().find(|r| r.code == code).cloned();
    let app = build(draft()).expect("valid");
    let report = validate(&app, &lookup, &ValidationPolicy::default());
    assert_eq!(report.outcome, Outcome::Agreed, "{:?}", report.findings);
    assert!(report.findings.is_empty());
    // No basis of use, even for unconditional data: an error (Art. 20).
    let mut bare = draft();
    bare.duty_basis.clear();
    let report = validate(&build(bare).expect("valid"), &lookup, &ValidationPolicy::default());
    assert_eq!(report.outcome, Outcome::Incomplete);
    assert_eq!(report.findings[0].code, "duty_basis_missing");
    assert_eq!(report.findings[0].article.as_deref(), Some("Art. 20"));
    let none = |_: &str| None;
    assert_eq!(validate(&app, &none, &ValidationPolicy::default()).outcome, Outcome::Incomplete);
}

#[test]
fn grants_from_applications_give_entitlements() {
    let app = build(draft()).expect("valid");
    let grant = Grant::from_application("APP-7", &app, ApplicationState::InUse).expect("a target");
    let ents = entitlements(std::slice::from_ref(&grant), "11330100MB0000000N", "2026-06-30T23:59:59+08:00")
        .expect("ok");
    assert_eq!(ents.len(), 1);
    assert_eq!(ents[0].items[0].valid_until, "2026-06-30");
    assert!(entitlements(&[grant], "11330100MB0000000N", "2026-07-01T00:00:00+08:00")
        .expect("ok")
        .is_empty());
}

#[test]
fn calendar_refuses_absurd_limits() {
    let cal = WorkCalendar::embedded();
    assert_eq!(cal.due_date("2026-01-05", 1_000_000).unwrap_err().code(), "invalid_argument");
    assert!(!cal.due_date("2026-01-05", 2500).expect("fits").in_range);
}
