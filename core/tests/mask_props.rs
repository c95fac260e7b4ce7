//! Property tests of the masking module: apply∘verify passes, valid IDs are
//! always caught unmasked, chunking never changes results, and arbitrary
//! bytes never panic the scanner, the policy parser or the verifier.

use govshare_core::mask::detect::{detect, resident_id_check_char, DetectorKind};
use govshare_core::mask::{
    apply_bytes, scan_bytes, verify_bytes, DataFormat, MaskManifest, MaskPolicy, MaskVerifier, Masker,
    Scanner, StreamOptions,
};
use proptest::prelude::*;

const AREAS: [&str; 6] = ["110105", "310101", "440524", "330106", "510104", "650102"];

/// A valid 18-character resident ID from parts, with the right check char.
fn make_id(area: usize, y: u32, m: u32, d: u32, seq: u32) -> String {
    let first17 = format!("{}{y:04}{m:02}{d:02}{seq:03}", AREAS[area % AREAS.len()]);
    let c = resident_id_check_char(first17.as_bytes()).unwrap() as char;
    format!("{first17}{c}")
}

fn id_strategy() -> impl Strategy<Value = String> {
    (0usize..6, 1900u32..2025, 1u32..13, 1u32..29, 0u32..1000)
        .prop_map(|(a, y, m, d, s)| make_id(a, y, m, d, s))
}

fn text_strategy() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            Just("张三".to_owned()),
            Just("，".to_owned()),
            Just(" ".to_owned()),
            Just("北京市海淀区".to_owned()),
            Just("备注".to_owned()),
            "[a-z]{1,5}",
            "[0-9]{1,3}",
        ],
        0..6,
    )
    .prop_map(|v| v.concat())
}

const POLICY: &str = r#"{"fields": {
    "name": {"rule": "keep", "first": 1, "last": 0},
    "idNumber": {"rule": "keep", "first": 6, "last": 4, "pi_kind": "cn_resident_id"},
    "phone": {"rule": "keep", "first": 3, "last": 4},
    "birth": {"rule": "generalize", "to": "year"},
    "addr": {"rule": "generalize", "to": "county"},
    "h": {"rule": "hash", "alg": "sm3"},
    "remark": {"rule": "plain"}}}"#;

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

    #[test]
    fn valid_ids_are_detected_in_free_text(id in id_strategy(), pre in text_strategy(), post in text_strategy()) {
        // Keep the ID a whole run: no digit or letter glued to it.
        let text = format!("{pre}：{id}。{post}");
        let found = detect(&text);
        prop_assert!(found.iter().any(|d| d.kind == DetectorKind::CnResidentId && text[d.start..d.end] == id), "{text}");
    }

    #[test]
    fn apply_then_verify_passes(
        names in prop::collection::vec("[\u{4e00}-\u{9fa5}]{2,4}", 1..5),
        ids in prop::collection::vec(id_strategy(), 1..5),
        remark in text_strategy(),
        chunk in 1usize..64,
    ) {
        let policy = MaskPolicy::from_json(POLICY).unwrap();
        let mut data = String::from("[");
        for (i, (n, id)) in names.iter().zip(&ids).enumerate() {
            if i > 0 { data.push(','); }
            data.push_str(&serde_json::json!({
                "name": n, "idNumber": id, "phone": "13812345678", "birth": "1985-03-02",
                "addr": "浙江省杭州市西湖区文三路100号", "h": id, "remark": format!("{remark}{id}"),
            }).to_string());
        }
        data.push(']');
        let opts = StreamOptions::default();
        // Chunked apply gives the same output as one-shot apply.
        let whole = apply_bytes(&policy, DataFormat::JsonArray, data.as_bytes(), Some(b"k"), &opts).unwrap();
        let mut m = Masker::new(&policy, DataFormat::JsonArray, Some(b"k"), &opts).unwrap();
        let manifest = MaskManifest::from_json(std::str::from_utf8(&m.manifest().to_canonical_json()).unwrap()).unwrap();
        let mut out = Vec::new();
        for c in data.as_bytes().chunks(chunk) {
            m.feed_into(c, &mut out).unwrap();
        }
        let report = m.finish_into(&mut out).unwrap();
        prop_assert_eq!(&out, &whole.output);
        prop_assert_eq!(report.issue_count, 0);
        // The raw data fails, the masked data passes, chunked or not.
        let raw = verify_bytes(&policy, Some(&manifest), DataFormat::JsonArray, data.as_bytes(), &opts).unwrap();
        prop_assert!(!raw.passed);
        let mut v = MaskVerifier::new(&policy, Some(&manifest), DataFormat::JsonArray, &opts).unwrap();
        for c in out.chunks(chunk) {
            v.feed(c).unwrap();
        }
        let rep = v.finish().unwrap();
        prop_assert!(rep.passed, "{:?}\n{}", rep.violations, String::from_utf8_lossy(&out));
        prop_assert_eq!(rep.records, names.len().min(ids.len()) as u64);
    }

    #[test]
    fn raw_valid_id_in_masked_field_never_passes(id in id_strategy(), first in 0u32..10, last in 0u32..10) {
        let policy = MaskPolicy::from_json(&format!(
            r#"{{"fields": {{"idNumber": {{"rule": "keep", "first": {first}, "last": {last}}}}}}}"#
        )).unwrap();
        let data = format!("{{\"idNumber\": \"{id}\"}}\n");
        let rep = verify_bytes(&policy, None, DataFormat::Ndjson, data.as_bytes(), &StreamOptions::default()).unwrap();
        prop_assert!(!rep.passed);
        prop_assert!(rep.violations.iter().any(|v| v.reason == "identifier_leak"));
        // And the report never contains the raw ID.
        let json = serde_json::to_string(&rep).unwrap();
        prop_assert!(!json.contains(&id));
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..300), chunk in 1usize..40) {
        let text = String::from_utf8_lossy(&bytes);
        let _ = detect(&text);
        let _ = MaskPolicy::from_json(&text);
        let _ = MaskManifest::from_json(&text);
        let _ = MaskPolicy::derive_json(&text, &text);
        let policy = MaskPolicy::from_json(POLICY).unwrap();
        for fmt in [DataFormat::JsonArray, DataFormat::Ndjson, DataFormat::Csv] {
            let mut s = Scanner::new(fmt, &StreamOptions::default());
            let mut ok = true;
            for c in bytes.chunks(chunk) {
                if s.feed(c).is_err() { ok = false; break; }
            }
            if ok { let _ = s.finish(); }
            let _ = verify_bytes(&policy, None, fmt, &bytes, &StreamOptions::default());
            let _ = apply_bytes(&policy, fmt, &bytes, Some(b"k"), &StreamOptions::default());
        }
    }

    #[test]
    fn arbitrary_json_like_text_never_panics(s in r#"[\[\]{}",:0-9a-zX\\ \n\u4e00-\u4e05]{0,80}"#) {
        let policy = MaskPolicy::from_json(POLICY).unwrap();
        let _ = scan_bytes(DataFormat::JsonArray, s.as_bytes(), &StreamOptions::default());
        let _ = verify_bytes(&policy, None, DataFormat::Ndjson, s.as_bytes(), &StreamOptions::default());
        let _ = apply_bytes(&policy, DataFormat::Csv, s.as_bytes(), Some(b"k"), &StreamOptions::default());
        let _ = MaskPolicy::from_json(&s);
    }
}

#[test]
fn scan_results_do_not_depend_on_chunking() {
    let data = "name,remark\n张三,\"电话 +86 138 1234 5678，身份证 11010519491231002X\"\n李四,卡 6225 7688 8888 8888\n";
    let whole = scan_bytes(DataFormat::Csv, data.as_bytes(), &StreamOptions::default()).unwrap();
    assert_eq!(whole.finding_count, 3);
    for chunk in 1..16 {
        let mut s = Scanner::new(DataFormat::Csv, &StreamOptions::default());
        for c in data.as_bytes().chunks(chunk) {
            s.feed(c).unwrap();
        }
        assert_eq!(s.finish().unwrap(), whole, "chunk {chunk}");
    }
}

#[test]
fn memory_stays_bounded_for_long_streams() {
    // 20k records fed in chunks: the verifier holds at most one record.
    let policy = MaskPolicy::from_json(POLICY).unwrap();
    let rec = "{\"name\": \"张*\", \"idNumber\": \"110105********002X\", \"remark\": \"无\"}\n";
    let mut v = MaskVerifier::new(&policy, None, DataFormat::Ndjson, &StreamOptions::default()).unwrap();
    for _ in 0..20_000 {
        v.feed(rec.as_bytes()).unwrap();
    }
    assert_eq!(v.bytes_consumed(), (rec.len() * 20_000) as u64);
    let r = v.finish().unwrap();
    assert!(r.passed);
    assert_eq!(r.records, 20_000);
}
