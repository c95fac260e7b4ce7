//! Property tests of the canonicalizer over generated JSON (a small seeded
//! generator, so the run is deterministic and needs no extra crate):
//! canonicalize is idempotent, its output parses to the same value as the
//! input, and member order / whitespace / escaping do not change the result.

use govshare_core::jcs::canonicalize;
use serde_json::Value;

/// xorshift64*: deterministic and good enough to explore shapes.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const CHARS: &[char] = &[
    'a', 'b', 'Z', '0', ' ', '"', '\\', '/', '\n', '\u{1}', '\u{7f}', 'é', '中', '\u{fb33}', '😂', '\u{e000}',
];

fn gen_string(r: &mut Rng) -> String {
    (0..r.below(6)).map(|_| CHARS[r.below(CHARS.len() as u64) as usize]).collect()
}

fn gen_number(r: &mut Rng) -> f64 {
    match r.below(5) {
        0 => r.below(1000) as f64 - 500.0,
        1 => (r.next() as i64) as f64,
        2 => f64::from_bits(r.next() & 0x7fef_ffff_ffff_ffff) * if r.below(2) == 0 { 1.0 } else { -1.0 },
        3 => (r.below(1_000_000) as f64) / 1000.0,
        _ => 1e-7 * r.below(100) as f64,
    }
}

/// A random value; strings and numbers, nested containers up to `depth`.
fn gen_value(r: &mut Rng, depth: u32) -> Value {
    match r.below(if depth == 0 { 4 } else { 6 }) {
        0 => Value::Null,
        1 => Value::Bool(r.below(2) == 0),
        2 => serde_json::Number::from_f64(gen_number(r)).map_or(Value::Null, Value::Number),
        3 => Value::String(gen_string(r)),
        4 => Value::Array((0..r.below(4)).map(|_| gen_value(r, depth - 1)).collect()),
        _ => {
            let mut m = serde_json::Map::new();
            for _ in 0..r.below(5) {
                m.insert(gen_string(r), gen_value(r, depth - 1));
            }
            Value::Object(m)
        }
    }
}

/// Writes a value as JSON text in a randomly chosen (but equivalent) way:
/// members reversed or not, random whitespace, random escaping, odd number forms.
fn write_noisy(v: &Value, r: &mut Rng, out: &mut String) {
    let ws = |r: &mut Rng, out: &mut String| {
        for _ in 0..r.below(3) {
            out.push([' ', '\n', '\t', '\r'][r.below(4) as usize]);
        }
    };
    ws(r, out);
    match v {
        Value::Null | Value::Bool(_) => out.push_str(&v.to_string()),
        Value::Number(n) => {
            let f = n.as_f64().unwrap_or(0.0);
            match r.below(3) {
                0 => out.push_str(&format!("{f:.17e}")),
                1 => out.push_str(&format!("{f:E}")),
                _ => out.push_str(&n.to_string()),
            }
        }
        Value::String(s) => write_string(s, r, out),
        Value::Array(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_noisy(x, r, out);
            }
            out.push(']');
        }
        Value::Object(m) => {
            out.push('{');
            let mut members: Vec<_> = m.iter().collect();
            if r.below(2) == 0 {
                members.reverse();
            }
            for (i, (k, x)) in members.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                ws(r, out);
                write_string(k, r, out);
                ws(r, out);
                out.push(':');
                write_noisy(x, r, out);
            }
            out.push('}');
        }
    }
    ws(r, out);
}

fn write_string(s: &str, r: &mut Rng, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        let must = c == '"' || c == '\\' || (c as u32) < 0x20;
        if must || r.below(4) == 0 {
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{u:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    out.push('"');
}

#[test]
fn canonical_form_is_stable_under_rewriting() {
    let mut r = Rng(0x8785_2020_dead_beef);
    for _ in 0..600 {
        let v = gen_value(&mut r, 4);
        let mut a = String::new();
        write_noisy(&v, &mut r, &mut a);
        let mut b = String::new();
        write_noisy(&v, &mut r, &mut b);
        let ca = canonicalize(a.as_bytes()).unwrap_or_else(|e| panic!("{a}: {e}"));
        let cb = canonicalize(b.as_bytes()).unwrap_or_else(|e| panic!("{b}: {e}"));
        // Two spellings of one value give the same bytes.
        assert_eq!(ca, cb, "{a}\n{b}");
        // Idempotent.
        assert_eq!(canonicalize(&ca).expect("canonical output parses"), ca);
        // parse ∘ canonicalize keeps the value.
        let back: Value = serde_json::from_slice(&ca).expect("canonical output is JSON");
        assert!(same(&back, &v), "{}", String::from_utf8_lossy(&ca));
        // No insignificant whitespace is left outside strings.
        assert!(!ca.ends_with(b"\n"));
    }
}

fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        // serde_json's own float parsing is not always correctly rounded, so
        // allow a few ulps here; exact digits are checked by the es6 vectors.
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (x.as_f64().unwrap_or(f64::NAN), y.as_f64().unwrap_or(f64::NAN));
            x == y || (x - y).abs() <= 4.0 * f64::EPSILON * x.abs().max(y.abs())
        }
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, p)| y.get(k).is_some_and(|q| same(p, q)))
        }
        _ => a == b,
    }
}

#[test]
fn keys_come_out_in_utf16_order() {
    let mut r = Rng(42);
    for _ in 0..200 {
        let keys: Vec<String> = (0..r.below(8) + 1).map(|_| gen_string(&mut r)).collect();
        let mut m = serde_json::Map::new();
        for k in &keys {
            m.insert(k.clone(), Value::Null);
        }
        let text = Value::Object(m.clone()).to_string();
        let out = canonicalize(text.as_bytes()).expect("canonicalizes");
        // Values are all null and no generated key holds ':', so the
        // output splits on ":null" into the member names, in output order.
        let s = String::from_utf8(out).expect("utf8");
        let inner = s.strip_prefix('{').and_then(|t| t.strip_suffix('}')).expect("object");
        let names: Vec<String> = inner
            .split(":null")
            .filter(|p| !p.is_empty())
            .map(|p| serde_json::from_str(p.trim_start_matches(',')).expect("member name"))
            .collect();
        let got: Vec<Vec<u16>> = names.iter().map(|k| k.encode_utf16().collect()).collect();
        let mut want = got.clone();
        want.sort();
        assert_eq!(got, want);
        assert_eq!(got.len(), m.len());
    }
}
