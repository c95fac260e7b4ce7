//! The de-identification check (issue #15): k-anonymity, ℓ-diversity
//! (distinct and entropy) and unmasked direct identifiers over received
//! data, computed by hand on small datasets, in every format, in any
//! chunking and any record order.

use std::collections::{BTreeMap, BTreeSet};

use govshare_core::mask::{check_deid, DataFormat, DeidChecker, DeidOptions, DeidReport, QuasiCombination};
use proptest::prelude::*;

fn opts(quasi: &[&str], sensitive: &[&str], direct: &[&str], k: u64, l: u64) -> DeidOptions {
    let v = |s: &[&str]| s.iter().map(|c| (*c).to_owned()).collect::<Vec<_>>();
    DeidOptions { quasi: v(quasi), sensitive: v(sensitive), direct: v(direct), k, l, sheet: None }
}

/// Six patients: classes (30,M) ×3 {flu 2, cold 1}, (30,F) ×2 {flu 2},
/// (40,M) ×1 {cancer}; one phone shown in full.
const CSV: &str = "age,sex,disease,phone\n\
30,M,flu,138****5678\n\
30,M,cold,139****0000\n\
30,M,flu,13812345678\n\
30,F,flu,137****1111\n\
30,F,flu,136****2222\n\
40,M,cancer,135****3333\n";

const NDJSON: &str = concat!(
    "{\"age\": 30, \"sex\": \"M\", \"disease\": \"flu\", \"phone\": \"138****5678\"}\n",
    "{\"age\": 30, \"sex\": \"M\", \"disease\": \"cold\", \"phone\": \"139****0000\"}\n",
    "{\"age\": 30, \"sex\": \"M\", \"disease\": \"flu\", \"phone\": \"13812345678\"}\n",
    "{\"age\": 30, \"sex\": \"F\", \"disease\": \"flu\", \"phone\": \"137****1111\"}\n",
    "{\"age\": 30, \"sex\": \"F\", \"disease\": \"flu\", \"phone\": \"136****2222\"}\n",
    "{\"age\": 40, \"sex\": \"M\", \"disease\": \"cancer\", \"phone\": \"135****3333\"}\n",
);

/// The same records as a JSON array: numbers written otherwise (`3e1`,
/// `40.0`) are equal in their JCS form; members in another order.
const JSON: &str = r#"[
 {"sex": "M", "age": 3e1, "disease": "flu", "phone": "138****5678"},
 {"age": 30.0, "sex": "M", "disease": "cold", "phone": "139****0000"},
 {"age": 30, "sex": "M", "disease": "flu", "phone": "13812345678"},
 {"age": 30, "sex": "F", "disease": "flu", "phone": "137****1111"},
 {"age": 30, "sex": "F", "disease": "flu", "phone": "136****2222"},
 {"age": 4e1, "sex": "M", "phone": "135****3333", "disease": "cancer"}
]"#;

fn patients(format: DataFormat) -> &'static str {
    match format {
        DataFormat::Csv => CSV,
        DataFormat::Ndjson => NDJSON,
        DataFormat::JsonArray => JSON,
        // Workbooks: tests/vectors/mask/sheets.json and bindings/cli/tests/sheet_cli.rs.
        DataFormat::Xlsx | DataFormat::Xls | DataFormat::Ods => unreachable!("not one of FORMATS"),
    }
}

const FORMATS: [DataFormat; 3] = [DataFormat::Csv, DataFormat::Ndjson, DataFormat::JsonArray];

fn check(format: DataFormat, data: &str, o: &DeidOptions) -> DeidReport {
    check_deid(format, data.as_bytes(), o).unwrap_or_else(|e| panic!("{format:?}: {e}"))
}

fn err(format: DataFormat, data: &[u8], o: &DeidOptions) -> govshare_core::Error {
    match check_deid(format, data, o) {
        Ok(r) => panic!("{format:?}: expected an error, got {r:?}"),
        Err(e) => e,
    }
}

#[test]
fn k_anonymity_and_l_diversity_by_hand() {
    let o = opts(&["age", "sex"], &["disease"], &["phone"], 3, 2);
    let r = check(DataFormat::Csv, CSV, &o);
    assert_eq!(r.records, 6);
    assert_eq!(r.classes, 3);
    assert_eq!((r.k_required, r.k_achieved), (3, 1));
    // (30,F) ×2 and (40,M) ×1 are below 3.
    assert_eq!((r.records_below_k, r.classes_below_k), (3, 2));
    assert_eq!(r.l_required, 2);
    assert_eq!(r.l_achieved.get("disease"), Some(&1));
    assert_eq!(r.l_entropy.get("disease"), Some(&1.0));
    assert_eq!(r.direct_unmasked.get("phone"), Some(&1));
    assert!(!r.deidentified && !r.k_anonymous && !r.l_diverse && !r.passed);
    // Without age: M ×4, F ×2 (smallest 2); without sex: 30 ×5, 40 ×1 (still 1).
    assert_eq!(r.suggestion.as_deref(), Some("age"));

    // k = 2: only (40,M) is below.
    let r = check(DataFormat::Csv, CSV, &opts(&["age", "sex"], &[], &[], 2, 2));
    assert_eq!((r.records_below_k, r.classes_below_k), (1, 1));
    assert!(r.l_achieved.is_empty() && r.l_entropy.is_empty() && r.direct_unmasked.is_empty());
    assert!(r.deidentified, "no direct identifier declared");
    assert!(r.l_diverse, "no sensitive attribute declared");
    assert!(!r.k_anonymous && !r.passed);

    // Sex alone: M ×4, F ×2 — k = 2 holds, nothing to suggest.
    let r = check(DataFormat::Csv, CSV, &opts(&["sex"], &["disease"], &[], 2, 1));
    assert_eq!((r.classes, r.k_achieved, r.records_below_k, r.classes_below_k), (2, 2, 0, 0));
    assert_eq!(r.l_achieved.get("disease"), Some(&1), "F: only flu");
    assert!(r.k_anonymous && r.l_diverse && r.deidentified && r.passed);
    assert_eq!(r.suggestion, None);
}

#[test]
fn entropy_l_is_exp_of_the_smallest_class_entropy() {
    // a: x y x y (ln 2); b: x y z (ln 3); c: x x y (the smallest).
    let data = "g,s\na,x\na,y\na,x\na,y\nb,x\nb,y\nb,z\nc,x\nc,x\nc,y\n";
    let r = check(DataFormat::Csv, data, &opts(&["g"], &["s"], &[], 3, 2));
    assert_eq!((r.k_achieved, r.classes), (3, 3));
    assert_eq!(r.l_achieved.get("s"), Some(&2));
    let h_c = -(2.0f64 / 3.0 * (2.0f64 / 3.0).ln() + 1.0 / 3.0 * (1.0f64 / 3.0).ln());
    let got = r.l_entropy.get("s").copied().unwrap_or_default();
    assert!((got - h_c.exp()).abs() < 1e-12, "{got} vs {}", h_c.exp());
    assert!(got > 1.88 && got < 1.89, "{got}");
    assert!(r.passed);
    // ℓ = 3 fails on a and c.
    let r = check(DataFormat::Csv, data, &opts(&["g"], &["s"], &[], 3, 3));
    assert!(r.k_anonymous && !r.l_diverse && !r.passed);
}

#[test]
fn the_same_data_in_every_format_gives_one_report() {
    let o = opts(&["age", "sex"], &["disease"], &["phone"], 2, 2);
    let csv = check(DataFormat::Csv, CSV, &o);
    for f in FORMATS {
        assert_eq!(check(f, patients(f), &o), csv, "{f:?}");
    }
}

#[test]
fn pushing_one_byte_at_a_time_equals_the_whole() {
    let o = opts(&["age", "sex"], &["disease"], &["phone"], 2, 2);
    for f in FORMATS {
        let whole = check(f, patients(f), &o);
        let mut c = DeidChecker::new(f, &o).expect("options");
        for b in patients(f).as_bytes() {
            c.push(std::slice::from_ref(b)).expect("push");
        }
        assert_eq!(c.finish().expect("finish"), whole, "{f:?}");
        // And with a CRLF, a BOM and no final newline for the line formats.
        if f != DataFormat::JsonArray {
            let crlf = format!("\u{feff}{}", patients(f).replace('\n', "\r\n"));
            let crlf = crlf.trim_end();
            let mut c = DeidChecker::new(f, &o).expect("options");
            for part in crlf.as_bytes().chunks(5) {
                c.push(part).expect("push");
            }
            assert_eq!(c.finish().expect("finish"), whole, "{f:?} crlf");
        }
    }
}

#[test]
fn null_empty_blank_and_missing_are_one_value_of_their_own() {
    // Four "nothing" values in one class; the text "null" is a value.
    let ndjson = concat!(
        "{\"q\": null, \"s\": 1}\n",
        "{\"q\": \"\", \"s\": 2}\n",
        "{\"q\": \"  \\t\", \"s\": 3}\n",
        "{\"s\": 4}\n",
        "{\"q\": \"null\", \"s\": 5}\n",
        "{\"q\": 0, \"s\": 6}\n",
        "{\"q\": false, \"s\": 7}\n",
    );
    let r = check(DataFormat::Ndjson, ndjson, &opts(&["q"], &["s"], &[], 1, 1));
    assert_eq!((r.records, r.classes, r.k_achieved), (7, 4, 1));
    let r = check(DataFormat::Ndjson, ndjson, &opts(&["q"], &["s"], &[], 4, 1));
    assert_eq!((r.records_below_k, r.classes_below_k), (3, 3), "the nothing class has 4");

    // CSV: an empty cell and a blank cell are the same nothing.
    let csv = "q,s\n,1\n  ,2\n\"\",3\nnull,4\n";
    let r = check(DataFormat::Csv, csv, &opts(&["q"], &["s"], &[], 1, 1));
    assert_eq!((r.classes, r.k_achieved), (2, 1));
    // A sensitive attribute's nothing is one distinct value.
    let r = check(DataFormat::Csv, "q,s\na,\na, \na,x\n", &opts(&["q"], &["s"], &[], 1, 1));
    assert_eq!(r.l_achieved.get("s"), Some(&2));
}

#[test]
fn values_are_compared_after_trimming_whitespace() {
    let csv = "q,s\nM,1\n M ,2\n\u{3000}M\t,3\nm,4\n";
    let r = check(DataFormat::Csv, csv, &opts(&["q"], &["s"], &[], 3, 1));
    assert_eq!((r.classes, r.k_achieved, r.records_below_k), (2, 1, 1), "lower-case m differs");
    let ndjson = "{\"q\": \" M\"}\n{\"q\": \"M\\n\"}\n{\"q\": \"M\"}\n";
    let r = check(DataFormat::Ndjson, ndjson, &opts(&["q"], &[], &[], 3, 1));
    assert_eq!((r.classes, r.k_achieved), (1, 3));
}

#[test]
fn header_names_are_trimmed_and_nested_members_are_paths() {
    let r = check(DataFormat::Csv, " age , sex\n1,2\n1,2\n", &opts(&["age", "sex"], &[], &[], 2, 1));
    assert_eq!(r.k_achieved, 2);
    let ndjson = "{\"a\": {\"d\": \"x\"}, \"t\": [1, {\"b\": 2, \"a\": 1}]}\n\
                  {\"t\": [1.0, {\"a\": 1, \"b\": 2}], \"a\": {\"d\": \"x\"}}\n";
    let r = check(DataFormat::Ndjson, ndjson, &opts(&["a.d", "t"], &[], &[], 2, 1));
    assert_eq!((r.classes, r.k_achieved), (1, 2), "containers compare in JCS form");
}

#[test]
fn a_missing_column_is_named() {
    for f in FORMATS {
        let e = err(f, patients(f).as_bytes(), &opts(&["age", "postcode"], &[], &[], 2, 2));
        assert_eq!(e.code(), "deid_column_missing", "{f:?}");
        assert!(e.to_string().contains("postcode"), "{e}");
        let e = err(f, patients(f).as_bytes(), &opts(&["age"], &["diagnosis"], &[], 2, 2));
        assert!(e.to_string().contains("diagnosis") && e.to_string().contains("sensitive"), "{e}");
        let e = err(f, patients(f).as_bytes(), &opts(&["age"], &[], &["mobile"], 2, 2));
        assert!(e.message_zh().contains("mobile") && e.message_zh().contains("直接标识符"), "{e}");
    }
    // A member absent from some records only is null there, not an error.
    let r = check(DataFormat::Ndjson, "{\"a\": 1}\n{\"b\": 1}\n", &opts(&["a", "b"], &[], &[], 1, 1));
    assert_eq!(r.classes, 2);
}

#[test]
fn an_empty_dataset_is_an_error() {
    let o = opts(&["age"], &[], &[], 2, 2);
    for (f, data) in [
        (DataFormat::Csv, "age,sex\n"),
        (DataFormat::Csv, ""),
        (DataFormat::Ndjson, ""),
        (DataFormat::Ndjson, "\n\n"),
        (DataFormat::JsonArray, "[]"),
        (DataFormat::JsonArray, " [ ] "),
    ] {
        let e = err(f, data.as_bytes(), &o);
        assert_eq!(e.code(), "deid_empty_dataset", "{f:?} {data:?}: {e}");
    }
}

#[test]
fn bad_input_is_a_coded_error_with_a_position() {
    let o = opts(&["a"], &[], &[], 1, 1);
    let e = err(DataFormat::Csv, b"a,b\n1,2\n1,2,3\n", &o);
    assert_eq!(e.code(), "csv_malformed");
    assert!(e.to_string().contains("line 3"), "{e}");
    let e = err(DataFormat::Csv, b"a,b\n1,\"2\n", &o);
    assert_eq!(e.code(), "csv_malformed");
    let e = err(DataFormat::Csv, b"a,b\n1,2\nx\xff,2\n", &o);
    assert_eq!(e.code(), "not_utf8");
    assert!(e.to_string().contains("byte 9"), "{e}");
    let e = err(DataFormat::Ndjson, b"{\"a\": 1}\n{\"a\": }\n", &o);
    assert_eq!(e.code(), "malformed_json");
    assert_eq!(e.location().and_then(|l| l.line), Some(2));
    let e = err(DataFormat::Ndjson, b"{\"a\": 1}\n[1]\n", &o);
    assert_eq!(e.code(), "invalid_value");
    let e = err(DataFormat::Ndjson, b"{\"a\": 1, \"a\": 2}\n", &o);
    assert_eq!(e.code(), "duplicate_key");
    let e = err(DataFormat::Ndjson, b"{\"a\": 1e400}\n", &o);
    assert_eq!(e.code(), "number_out_of_range");
    let e = err(DataFormat::JsonArray, b"[{\"a\": 1},", &o);
    assert_eq!(e.code(), "malformed_json");
    let e = err(DataFormat::Csv, b"a,a\n1,2\n", &o);
    assert_eq!(e.code(), "csv_malformed", "a named column twice in the header");
    // A huge cell: the reader's record limit.
    let mut big = b"a\n".to_vec();
    big.extend(std::iter::repeat_n(b'x', 17 << 20));
    big.push(b'\n');
    let e = err(DataFormat::Csv, &big, &o);
    assert_eq!(e.code(), "limit_exceeded");
    // After an error the checker keeps failing.
    let mut c = DeidChecker::new(DataFormat::Csv, &o).expect("options");
    assert!(c.push(b"a,b\n1,2,3\n").is_err());
    assert_eq!(c.push(b"1,2\n").map_err(|e| e.code()), Err("csv_malformed"));
    assert_eq!(c.finish().map_err(|e| e.code()), Err("csv_malformed"));
}

#[test]
fn options_are_checked_and_have_documented_defaults() {
    let o: DeidOptions = serde_json::from_str(r#"{"quasi": ["age"]}"#).expect("defaults");
    assert_eq!((o.k, o.l), (5, 2));
    assert!(o.sensitive.is_empty() && o.direct.is_empty());
    assert!(serde_json::from_str::<DeidOptions>(r#"{"quasi": ["a"], "kk": 3}"#).is_err());
    for bad in [
        opts(&[], &["s"], &[], 5, 2),
        opts(&["a"], &[], &[], 0, 2),
        opts(&["a"], &[], &[], 5, 0),
        opts(&["a", "a"], &[], &[], 5, 2),
        opts(&["a"], &["a"], &[], 5, 2),
        opts(&["a"], &[" "], &[], 5, 2),
    ] {
        let e = DeidChecker::new(DataFormat::Csv, &bad).expect_err("invalid");
        assert_eq!(e.code(), "invalid_argument", "{bad:?}");
    }
    // A direct identifier may also be a quasi-identifier or a sensitive attribute.
    let r = check(DataFormat::Csv, CSV, &opts(&["sex"], &["phone"], &["phone"], 2, 2));
    assert_eq!(r.direct_unmasked.get("phone"), Some(&1));
}

#[test]
fn no_value_ever_appears_in_a_report_or_an_error() {
    const ID: &str = "11010519491231002X";
    const SECRET: &str = "秘密病名";
    let data = format!("id,dx,phone\n{ID},{SECRET},13812345678\n{ID},{SECRET},13812345678\n");
    let r = check(DataFormat::Csv, &data, &opts(&["id"], &["dx"], &["phone", "id"], 5, 2));
    assert_eq!(r.direct_unmasked.get("id"), Some(&2));
    assert_eq!(r.suggestion.as_deref(), None, "removing the only column cannot raise k past 2 records");
    let shown = format!("{r:?} {}", serde_json::to_string(&r).expect("json"));
    for v in [ID, SECRET, "13812345678", "1101", "秘密"] {
        assert!(!shown.contains(v), "{v} in {shown}");
    }
    let bad = [
        format!("id,dx\n{ID},{SECRET},{ID}\n").into_bytes(),
        format!("id,dx\n{ID},{SECRET}\n{ID}\n").into_bytes(),
        format!("id,dx\n\"{ID},{SECRET}").into_bytes(),
        [format!("id,dx\n{ID},{SECRET}\n{ID},{SECRET}").as_bytes(), b"\xff\n"].concat(),
    ];
    for data in bad {
        let e = err(DataFormat::Csv, &data, &opts(&["nope"], &[], &[], 5, 2));
        let e2 = err(DataFormat::Csv, &data, &opts(&["id"], &["dx"], &[], 5, 2));
        for e in [e, e2] {
            let shown = format!("{e} {e:?} {}", e.message_zh());
            for v in [ID, SECRET, "1101"] {
                assert!(!shown.contains(v), "{v} in {shown}");
            }
        }
    }
    for data in [
        format!("{{\"id\": \"{ID}\", \"id\": \"{SECRET}\"}}\n"),
        format!("{{\"id\": \"{ID}\", \"dx\": {SECRET}}}\n"),
        format!("{{\"id\": {ID}1e999}}\n"),
        format!("[\"{ID}\"]\n"),
    ] {
        let e = err(DataFormat::Ndjson, data.as_bytes(), &opts(&["id"], &["dx"], &[], 5, 2));
        let shown = format!("{e} {e:?} {}", e.message_zh());
        for v in [ID, SECRET, "1101"] {
            assert!(!shown.contains(v), "{v} in {shown}");
        }
    }
}

#[test]
fn the_suggestion_is_the_column_whose_removal_raises_k_most() {
    // district splits everything into singletons; sex and year do not.
    let mut csv = String::from("year,sex,district\n");
    for (i, (y, s)) in
        [(1980, "M"), (1980, "M"), (1980, "F"), (1980, "F"), (1990, "M"), (1990, "M")].iter().enumerate()
    {
        csv += &format!("{y},{s},d{i}\n");
    }
    let r = check(DataFormat::Csv, &csv, &opts(&["year", "sex", "district"], &[], &[], 2, 2));
    assert_eq!(r.k_achieved, 1);
    assert_eq!(r.suggestion.as_deref(), Some("district"));
    // Once k holds there is nothing to suggest.
    let r = check(DataFormat::Csv, &csv, &opts(&["year", "sex"], &[], &[], 2, 2));
    assert!(r.k_anonymous);
    assert_eq!(r.suggestion, None);
    // Equal smallest classes: fewer records below k wins (without a: x ×2,
    // y ×5; without b: p ×2, q ×2, r ×3), whatever the order named.
    let csv = "a,b\np,x\nq,x\np,y\nq,y\nr,y\nr,y\nr,y\n";
    let r = check(DataFormat::Csv, csv, &opts(&["b", "a"], &[], &[], 3, 2));
    assert_eq!(r.k_achieved, 1);
    assert_eq!(r.suggestion.as_deref(), Some("a"));
    // A full tie goes to the first named.
    let csv = "a,b\n1,1\n1,2\n2,1\n2,2\n";
    let r = check(DataFormat::Csv, csv, &opts(&["b", "a"], &[], &[], 3, 2));
    assert_eq!(r.suggestion.as_deref(), Some("b"));
    // Nothing helps: every record in one class below k.
    let r = check(DataFormat::Csv, "a,b\n1,1\n1,1\n", &opts(&["a", "b"], &[], &[], 5, 2));
    assert_eq!((r.k_achieved, r.records_below_k), (2, 2));
    assert_eq!(r.suggestion, None);
}

fn combo(columns: &[&str], classes_below_k: u64, records_below_k: u64) -> QuasiCombination {
    QuasiCombination {
        columns: columns.iter().map(|c| (*c).to_owned()).collect(),
        classes_below_k,
        records_below_k,
    }
}

#[test]
fn risky_combinations_name_only_the_identifying_pair() {
    // a and b alone leave classes of 4 and 6; together one record is alone
    // (a=0, b=0). c is the same everywhere.
    let mut csv = String::from("a,b,c,dx\n");
    for (a, b, n) in [(0, 0, 1), (0, 1, 3), (1, 0, 3), (1, 1, 3)] {
        for i in 0..n {
            csv += &format!("{a},{b},x,d{i}\n");
        }
    }
    for quasi in [["a", "b", "c"], ["c", "b", "a"]] {
        let r = check(DataFormat::Csv, &csv, &opts(&quasi, &["dx"], &[], 2, 1));
        assert_eq!((r.k_achieved, r.classes_below_k, r.records_below_k), (1, 1, 1));
        // Named in the order the options give; (a, b, c) contains the pair
        // and is not listed.
        let pair: Vec<&str> = quasi.iter().copied().filter(|q| *q != "c").collect();
        assert_eq!(r.risky_combinations, [combo(&pair, 1, 1)], "{quasi:?}");
        assert!(r.combinations_complete);
    }
    // Once k is reached nothing is listed.
    let r = check(DataFormat::Csv, &csv, &opts(&["a", "c"], &["dx"], &[], 2, 1));
    assert!(r.k_anonymous);
    assert_eq!(r.risky_combinations, []);
    assert!(r.combinations_complete);
}

#[test]
fn risky_combinations_are_minimal_and_ordered_by_size() {
    // id alone identifies every record; sex and year each leave a class of
    // one (a lone F, a lone 1990) — a minimal combination of one column each.
    let csv = "id,sex,year\n1,M,1980\n2,M,1980\n3,F,1980\n4,M,1990\n";
    let r = check(DataFormat::Csv, csv, &opts(&["year", "sex", "id"], &[], &[], 2, 2));
    assert_eq!(r.risky_combinations, [combo(&["year"], 1, 1), combo(&["sex"], 1, 1), combo(&["id"], 4, 4)]);
    // Only together: x and y each split 2 / 2, the pair into singletons.
    let csv = "x,y\n1,1\n1,2\n2,1\n2,2\n";
    let r = check(DataFormat::Csv, csv, &opts(&["x", "y"], &[], &[], 2, 2));
    assert_eq!(r.risky_combinations, [combo(&["x", "y"], 4, 4)]);
}

#[test]
fn the_combination_search_is_capped_past_12_quasi_identifiers() {
    // c0..c3: every one of the 16 binary combinations once, so classes of
    // 8, 4 and 2 over one, two and three of them, and of 1 over all four;
    // the other columns are constant.
    let build = |n: usize| {
        let names: Vec<String> = (0..n).map(|i| format!("c{i}")).collect();
        let mut csv = names.join(",") + "\n";
        for r in 0..16u32 {
            let row: Vec<String> =
                (0..n).map(|i| if i < 4 { ((r >> i) & 1).to_string() } else { "z".into() }).collect();
            csv += &(row.join(",") + "\n");
        }
        (names, csv)
    };
    let (names, csv) = build(12);
    let quasi: Vec<&str> = names.iter().map(String::as_str).collect();
    let r = check(DataFormat::Csv, &csv, &opts(&quasi, &[], &[], 2, 2));
    assert_eq!(r.risky_combinations, [combo(&["c0", "c1", "c2", "c3"], 16, 16)]);
    assert!(r.combinations_complete);
    // 13: combinations of at most 3 are searched; the one of 4 is missing,
    // and the report says the list may be incomplete.
    let (names, csv) = build(13);
    let quasi: Vec<&str> = names.iter().map(String::as_str).collect();
    let r = check(DataFormat::Csv, &csv, &opts(&quasi, &[], &[], 2, 2));
    assert!(!r.k_anonymous);
    assert_eq!(r.risky_combinations, []);
    assert!(!r.combinations_complete);
    // Past the cap, but every column identifies alone: nothing larger can be
    // minimal, so the list is complete.
    let names: Vec<String> = (0..13).map(|i| format!("c{i}")).collect();
    let mut csv = names.join(",") + "\n";
    for r in 0..3 {
        csv += &(vec![r.to_string(); 13].join(",") + "\n");
    }
    let quasi: Vec<&str> = names.iter().map(String::as_str).collect();
    let r = check(DataFormat::Csv, &csv, &opts(&quasi, &[], &[], 2, 2));
    assert_eq!(r.risky_combinations.len(), 13);
    assert!(r.combinations_complete);
}

#[test]
fn risky_combinations_show_no_value() {
    const SECRET: [&str; 3] = ["罕见区县", "1937-02-29", "秘密职业"];
    let mut csv = String::from("district,birth,job,dx\n");
    for i in 0..6 {
        let row = if i == 0 { SECRET.to_vec() } else { vec!["东城区", "1980-01-01", "教师"] };
        csv += &format!("{},{},{},flu\n", row[0], row[1], row[2]);
    }
    for format in FORMATS {
        let data = match format {
            DataFormat::Csv => csv.clone(),
            _ => {
                let lines: Vec<String> = csv
                    .lines()
                    .skip(1)
                    .map(|l| {
                        let v: Vec<&str> = l.split(',').collect();
                        format!(
                            "{{\"district\":\"{}\",\"birth\":\"{}\",\"job\":\"{}\",\"dx\":\"{}\"}}",
                            v[0], v[1], v[2], v[3]
                        )
                    })
                    .collect();
                if format == DataFormat::Ndjson {
                    lines.join("\n") + "\n"
                } else {
                    format!("[{}]", lines.join(","))
                }
            }
        };
        let r = check(format, &data, &opts(&["district", "birth", "job"], &["dx"], &[], 2, 1));
        assert_eq!(
            r.risky_combinations,
            [combo(&["district"], 1, 1), combo(&["birth"], 1, 1), combo(&["job"], 1, 1)],
            "{format:?}"
        );
        let json = serde_json::to_string(&r).expect("json");
        for v in SECRET.iter().chain(&["东城区", "1980-01-01", "教师", "flu", "罕见", "1937"]) {
            assert!(!json.contains(v), "{v} in {json}");
            assert!(!format!("{r:?}").contains(v), "{v} in {r:?}");
        }
    }
}

/// The minimal combinations computed the plain way: every subset's classes
/// as a map of value tuples, supersets of a listed one skipped.
fn minimal_by_hand(rows: &[(u8, u8, u8)], names: &[&str; 3], k: u64) -> Vec<QuasiCombination> {
    let mut listed: Vec<(BTreeSet<usize>, QuasiCombination)> = Vec::new();
    for size in 1..=3 {
        for mask in 1u8..8 {
            let cols: BTreeSet<usize> = (0..3).filter(|i| mask >> i & 1 == 1).collect();
            if cols.len() != size || listed.iter().any(|(l, _)| l.is_subset(&cols)) {
                continue;
            }
            let mut classes: BTreeMap<Vec<u8>, u64> = BTreeMap::new();
            for r in rows {
                let v = [r.0, r.1, r.2];
                *classes.entry(cols.iter().map(|&i| v[i]).collect()).or_default() += 1;
            }
            let small: Vec<u64> = classes.values().copied().filter(|&n| n < k).collect();
            if !small.is_empty() {
                let columns: Vec<&str> = cols.iter().map(|&i| names[i]).collect();
                listed.push((cols, combo(&columns, small.len() as u64, small.iter().sum())));
            }
        }
    }
    listed.into_iter().map(|(_, c)| c).collect()
}

fn rows_to_csv(rows: &[(u8, u8, u8)]) -> String {
    let mut s = String::from("a,b,s\n");
    for (a, b, c) in rows {
        s += &format!("{a},{b},v{c}\n");
    }
    s
}

/// `rows` in an order picked by `seed` (Fisher–Yates with a small LCG).
fn shuffled(rows: &[(u8, u8, u8)], seed: u64) -> Vec<(u8, u8, u8)> {
    let mut out = rows.to_vec();
    let mut x = seed | 1;
    for i in (1..out.len()).rev() {
        x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        out.swap(i, (x >> 33) as usize % (i + 1));
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Shuffling the records never changes the report, to the last bit of
    /// the entropy.
    #[test]
    fn shuffling_rows_never_changes_the_report(
        rows in proptest::collection::vec((0u8..3, 0u8..2, 0u8..4), 1..60),
        seed in any::<u64>(),
        k in 1u64..6,
    ) {
        let o = opts(&["a", "b"], &["s"], &[], k, 2);
        let before = check(DataFormat::Csv, &rows_to_csv(&rows), &o);
        let shuffled = shuffled(&rows, seed);
        let after = check(DataFormat::Csv, &rows_to_csv(&shuffled), &o);
        prop_assert_eq!(&after, &before);
        prop_assert_eq!(before.records, rows.len() as u64);
        prop_assert_eq!(before.passed, before.k_anonymous && before.l_diverse);
    }

    /// Over three quasi-identifiers, shuffled records give the same minimal
    /// combinations, and they are those computed by hand.
    #[test]
    fn risky_combinations_are_the_minimal_ones_in_any_order(
        rows in proptest::collection::vec((0u8..3, 0u8..2, 0u8..4), 1..60),
        seed in any::<u64>(),
        k in 1u64..8,
    ) {
        let names = ["a", "b", "s"];
        let o = opts(&names, &[], &[], k, 2);
        let before = check(DataFormat::Csv, &rows_to_csv(&rows), &o);
        let shuffled = shuffled(&rows, seed);
        let after = check(DataFormat::Csv, &rows_to_csv(&shuffled), &o);
        prop_assert_eq!(&after.risky_combinations, &before.risky_combinations);
        prop_assert_eq!(&after, &before);
        let expected = if before.k_anonymous { Vec::new() } else { minimal_by_hand(&rows, &names, k) };
        prop_assert_eq!(&before.risky_combinations, &expected);
        prop_assert!(before.combinations_complete);
        prop_assert_eq!(before.k_anonymous, before.risky_combinations.is_empty());
    }
}

/// The generalization hint names a masking rule level (`generalize` `to`),
/// the finest that reaches k, and never a value.
#[test]
fn generalization_hint_names_the_finest_level_that_reaches_k() {
    use govshare_core::mask::GeneralizeTo;
    // Birth dates: each day is unique, each month has 2, each year has 6.
    let mut csv = String::from("birth,sex\n");
    for y in 1970..1973 {
        for m in 1..=3 {
            for d in 1..=2 {
                csv.push_str(&format!("{y}-{m:02}-{d:02},F\n"));
            }
        }
    }
    let report = |k: u64| {
        let o = DeidOptions { quasi: vec!["birth".into(), "sex".into()], k, ..DeidOptions::default() };
        govshare_core::mask::check_deid(DataFormat::Csv, csv.as_bytes(), &o).unwrap()
    };
    let r = report(2);
    let h = r.generalization.clone().expect("a hint");
    assert_eq!(
        (h.column.as_str(), h.to, h.width, h.k_after, h.reaches_k),
        ("birth", GeneralizeTo::YearMonth, None, 2, true)
    );
    let r = report(5);
    let h = r.generalization.clone().expect("a hint");
    assert_eq!((h.to, h.k_after, h.reaches_k), (GeneralizeTo::Year, 6, true));
    let r = report(7);
    let h = r.generalization.clone().expect("a hint");
    assert_eq!((h.to, h.k_after, h.records_below_k_after, h.reaches_k), (GeneralizeTo::Year, 6, 18, false));
    assert!(!serde_json::to_string(&r).unwrap().contains("1970-01"));
    // k reached: no hint.
    assert!(report(1).generalization.is_none());
    // Ages in years: 5-year bands.
    let mut ages = String::from("age\n");
    for a in [31, 32, 33, 34, 36, 37, 38, 39] {
        ages.push_str(&format!("{a}\n"));
    }
    let o = DeidOptions { quasi: vec!["age".into()], k: 4, ..DeidOptions::default() };
    let r = govshare_core::mask::check_deid(DataFormat::Csv, ages.as_bytes(), &o).unwrap();
    let h = r.generalization.expect("a hint");
    assert_eq!((h.to, h.width, h.k_after), (GeneralizeTo::AgeBand, Some(5), 4));
    // Text that is no date, age or address: no hint.
    let o = DeidOptions { quasi: vec!["sex".into()], k: 100, ..DeidOptions::default() };
    assert!(govshare_core::mask::check_deid(DataFormat::Csv, csv.as_bytes(), &o)
        .unwrap()
        .generalization
        .is_none());
}

/// Addresses: county, city, province, as the masking rules cut them.
#[test]
fn generalization_hint_for_addresses() {
    use govshare_core::mask::GeneralizeTo;
    let csv = "addr\n浙江省杭州市西湖区文三路1号\n浙江省杭州市西湖区文三路2号\n浙江省杭州市上城区解放路3号\n\
               浙江省杭州市上城区解放路4号\n浙江省宁波市海曙区中山路5号\n浙江省宁波市鄞州区天童路6号\n";
    let hint = |k: u64| {
        let o = DeidOptions { quasi: vec!["addr".into()], k, ..DeidOptions::default() };
        govshare_core::mask::check_deid(DataFormat::Csv, csv.as_bytes(), &o).unwrap().generalization
    };
    let h = hint(2).expect("a hint");
    // County leaves 鄞州区 and 海曙区 alone (1 each): the city reaches 2.
    assert_eq!((h.to, h.k_after, h.reaches_k), (GeneralizeTo::City, 2, true));
    let h = hint(3).expect("a hint");
    assert_eq!((h.to, h.k_after, h.reaches_k), (GeneralizeTo::Province, 6, true));
}
