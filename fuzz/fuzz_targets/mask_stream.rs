//! The streaming mask engines on arbitrary input: `Scanner` and
//! `MaskVerifier` (with uncovered fields and field-name scanning) never
//! panic, and feeding the input in two chunks gives the same report as
//! feeding it whole, in every format.
#![no_main]

use govshare_core::mask::{DataFormat, MaskPolicy, MaskVerifier, Scanner, StreamOptions};
use libfuzzer_sys::fuzz_target;

const POLICY: &str = r#"{"fields": {"name": {"rule": "keep", "first": 1, "last": 0},
    "idNumber": {"rule": "keep", "first": 6, "last": 4}, "items[*].phone": {"rule": "redact"},
    "address": {"rule": "plain"}, "remark": {"rule": "plain"}}}"#;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, input)) = data.split_first() else { return };
    let format = match selector % 3 {
        0 => DataFormat::Ndjson,
        1 => DataFormat::Csv,
        _ => DataFormat::JsonArray,
    };
    let cut = usize::from(selector).min(input.len());
    let options = StreamOptions { max_listed: 50, max_record_bytes: 1 << 16, stream_all: false, sheet: None };

    let scan = |parts: &[&[u8]]| {
        let mut s = Scanner::new(format, &options);
        for p in parts {
            if s.feed(p).is_err() {
                return None;
            }
        }
        s.finish().ok()
    };
    assert_eq!(scan(&[input]), scan(&[&input[..cut], &input[cut..]]), "scan: chunking changes the report");

    let policy = MaskPolicy::from_json(POLICY).expect("policy");
    let verify = |parts: &[&[u8]]| {
        let mut v = MaskVerifier::new(&policy, None, format, &options).ok()?;
        for p in parts {
            if v.feed(p).is_err() {
                return None;
            }
        }
        v.finish().ok()
    };
    assert_eq!(
        verify(&[input]),
        verify(&[&input[..cut], &input[cut..]]),
        "verify: chunking changes the report"
    );
});
