//! Reports never hide findings: with `stream_all`, draining after each chunk
//! yields every finding and violation, though the report lists `max_listed`.

use govshare_core::mask::{DataFormat, MaskPolicy, MaskVerifier, Scanner, StreamOptions};

#[test]
fn stream_all_drains_every_finding_beyond_the_listing_cap() {
    let options = StreamOptions { max_listed: 3, stream_all: true, ..StreamOptions::default() };
    let mut scanner = Scanner::new(DataFormat::Ndjson, &options);
    let mut drained = Vec::new();
    for _ in 0..40 {
        scanner.feed(b"{\"phone\": \"13812345678\", \"id\": \"11010519491231002X\"}\n").expect("feed");
        drained.extend(scanner.drain_findings());
    }
    // The last record has no newline: end_input reads it before the drain.
    scanner.feed(b"{\"phone\": \"13912345678\"}").expect("feed");
    scanner.end_input().expect("end");
    drained.extend(scanner.drain_findings());
    let report = scanner.finish().expect("report");
    assert_eq!(report.findings.len(), 3);
    assert!(report.findings_truncated);
    assert_eq!(report.finding_count, 81);
    assert_eq!(drained.len() as u64, report.finding_count);
    assert!(drained.iter().all(|f| !f.excerpt.contains("13812345678")), "excerpts stay redacted");
}

#[test]
fn stream_all_drains_every_violation() {
    let policy = MaskPolicy::from_json(r#"{"fields": {"id": {"rule": "keep", "first": 6, "last": 4}}}"#)
        .expect("policy");
    let options = StreamOptions { max_listed: 2, stream_all: true, ..StreamOptions::default() };
    let mut v = MaskVerifier::new(&policy, None, DataFormat::Ndjson, &options).expect("verifier");
    let mut drained = Vec::new();
    for _ in 0..25 {
        v.feed(b"{\"id\": \"11010519491231002X\"}\n").expect("feed");
        drained.extend(v.drain_violations());
    }
    v.end_input().expect("end");
    drained.extend(v.drain_violations());
    let report = v.finish().expect("report");
    assert!(!report.passed);
    assert_eq!(report.violations.len(), 2);
    assert_eq!(drained.len() as u64, report.violation_count);
    // Without stream_all nothing is kept for draining.
    let mut quiet = Scanner::new(DataFormat::Ndjson, &StreamOptions::default());
    quiet.feed(b"{\"phone\": \"13812345678\"}\n").expect("feed");
    assert!(quiet.drain_findings().is_empty());
}
