//! RFC 8785 canonicalization: arbitrary bytes never panic; canonical output
//! is valid strict JSON, canonicalizing it again gives the same bytes, and
//! it has no insignificant whitespace.
#![no_main]

use govshare_core::jcs;
use govshare_core::jcs::canonicalize;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(out) = canonicalize(data) else { return };
    let again = canonicalize(&out).expect("canonical output is accepted");
    assert_eq!(again, out, "canonicalize is idempotent");
    jcs::validate(&out).expect("canonical output is strict JSON");
    let text = std::str::from_utf8(&out).expect("canonical output is UTF-8");
    // serde_json stops at 128 levels; the canonicalizer's own limit is higher.
    if depth(&out) < 128 {
        let value: serde_json::Value = serde_json::from_str(text).expect("canonical output parses");
        let input: serde_json::Value =
            serde_json::from_slice(data).expect("what the canonicalizer accepts, serde_json accepts");
        assert_eq!(shape(&value), shape(&input), "same structure and strings");
    }
    assert!(!out.starts_with(b" ") && !out.ends_with(b" ") && !out.ends_with(b"\n"));
});

/// The value with every number replaced by null: numbers are re-serialized
/// (1.0 → 1), so only their positions are compared; objects compare as maps.
fn shape(v: &serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match v {
        Value::Number(_) => Value::Null,
        Value::Array(a) => Value::Array(a.iter().map(shape).collect()),
        Value::Object(o) => Value::Object(o.iter().map(|(k, v)| (k.clone(), shape(v))).collect()),
        other => other.clone(),
    }
}

/// Deepest nesting of canonical JSON (no whitespace; brackets in strings
/// only make this an overestimate, which is safe here).
fn depth(json: &[u8]) -> usize {
    let (mut d, mut max) = (0usize, 0usize);
    for &b in json {
        match b {
            b'[' | b'{' => {
                d += 1;
                max = max.max(d);
            }
            b']' | b'}' => d = d.saturating_sub(1),
            _ => {}
        }
    }
    max
}
