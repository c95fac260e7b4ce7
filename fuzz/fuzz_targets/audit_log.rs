//! Audit logs: arbitrary bytes never panic the verifier, `resume` or the
//! report; a log the verifier finds valid resumes and reports without error,
//! and appending to it keeps it valid.
#![no_main]

use govshare_core::audit::{usage_report, AuditAction, AuditEvent, AuditLog, AuditVerifier};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let verdict = AuditVerifier::new().verify(data);
    let resumed = AuditLog::resume(data);
    let report = usage_report(data, "2026-06-01T00:00:00+08:00");
    if verdict.valid {
        let mut log = resumed.expect("a valid log resumes");
        assert_eq!(log.head(), verdict.head);
        report.expect("a valid log reports");
        let event = AuditEvent {
            time: "2026-06-01T00:00:00+08:00".into(),
            action: AuditAction::Verify,
            actor: "fuzz".into(),
            application_id: None,
            resources: vec![],
            provider_code: None,
            request_digest: None,
            response_digest: None,
            outcome: Some("ok".into()),
            status: None,
            due: None,
            source: None,
        };
        let line = log.append(&event, None).expect("a plain event appends");
        let mut grown = data.to_vec();
        if !grown.is_empty() && !grown.ends_with(b"\n") {
            grown.push(b'\n');
        }
        grown.extend_from_slice(line.as_bytes());
        assert!(AuditVerifier::new().verify(&grown).valid, "appending keeps a valid log valid");
    }
});
