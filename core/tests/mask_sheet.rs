//! Workbooks through the streaming APIs: the workbooks of
//! tests/vectors/mask/sheets.json pushed in small chunks give what the
//! one-shot functions give (a workbook is gathered whole and read at the
//! end), and a chunk past the size limit is refused, then every call after.

use govshare_core::encoding::base64_decode;
use govshare_core::mask::{
    check_deid, scan_bytes, DataFormat, DeidChecker, DeidOptions, Scanner, StreamOptions, MAX_WORKBOOK_BYTES,
};
use serde_json::Value;

fn cases() -> Vec<Value> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/vectors/mask/sheets.json");
    let doc: Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("sheets.json")).expect("json");
    doc["cases"].as_array().expect("cases").clone()
}

fn workbook(case: &Value) -> Vec<u8> {
    base64_decode(case["data_b64"].as_str().expect("data_b64")).expect("base64")
}

#[test]
fn chunked_workbooks_read_as_whole_ones() {
    let mut deid_cases = 0;
    for case in cases().iter().filter(|c| c["op"] == "deid") {
        let data = workbook(case);
        let options: DeidOptions = serde_json::from_value(case["options"].clone()).expect("options");
        let whole = check_deid(DataFormat::Xlsx, &data, &options);
        for step in [1usize, 7, 4096] {
            let mut c = DeidChecker::new(DataFormat::Xlsx, &options).expect("checker");
            for part in data.chunks(step) {
                c.push(part).expect("a workbook is only gathered while it is pushed");
            }
            let chunked = c.finish();
            match (&whole, &chunked) {
                (Ok(a), Ok(b)) => assert_eq!(a, b, "{}", case["name"]),
                (Err(a), Err(b)) => assert_eq!(a.code(), b.code(), "{}", case["name"]),
                _ => panic!("{}: the whole and the chunked check differ", case["name"]),
            }
        }
        deid_cases += 1;
    }
    assert!(deid_cases >= 10, "sheets.json has its deid cases");
    let scan = cases().into_iter().find(|c| c["op"] == "scan").expect("a scan case");
    let data = workbook(&scan);
    let options = StreamOptions { stream_all: true, ..StreamOptions::default() };
    let mut s = Scanner::new(DataFormat::Xlsx, &options);
    for part in data.chunks(100) {
        s.feed(part).expect("feed");
        assert!(s.drain_findings().is_empty(), "nothing is read before the end of a workbook");
    }
    s.end_input().expect("end");
    assert_eq!(s.drain_findings().len(), 2);
    let report = s.finish().expect("finish");
    assert_eq!(report, scan_bytes(DataFormat::Xlsx, &data, &options).expect("whole"));
}

/// Every workbook of the vectors is told by its content alone (xlsx, ods,
/// and xls, which is then refused).
#[test]
fn workbooks_are_detected_by_their_content() {
    let mut seen = std::collections::BTreeSet::new();
    for case in cases().iter().filter(|c| c["expect_error"] != "sheet_unreadable" || c["format"] == "xls") {
        let format = DataFormat::parse(case["format"].as_str().expect("format")).expect("name");
        assert_eq!(DataFormat::detect(None, &workbook(case)).expect("detected"), format, "{}", case["name"]);
        seen.insert(format.as_str());
    }
    assert_eq!(seen.into_iter().collect::<Vec<_>>(), ["ods", "xls", "xlsx"]);
}

#[test]
fn a_workbook_over_the_limit_is_refused_and_stays_refused() {
    let options = DeidOptions { quasi: vec!["a".into()], ..DeidOptions::default() };
    let mut c = DeidChecker::new(DataFormat::Xlsx, &options).expect("checker");
    c.push(&vec![0u8; MAX_WORKBOOK_BYTES]).expect("at the limit");
    assert_eq!(c.push(b"x").unwrap_err().code(), "limit_exceeded");
    assert_eq!(c.push(b"").unwrap_err().code(), "limit_exceeded");
    assert_eq!(c.finish().unwrap_err().code(), "limit_exceeded");
    let mut s = Scanner::new(DataFormat::Ods, &StreamOptions::default());
    s.feed(&vec![0u8; MAX_WORKBOOK_BYTES]).expect("at the limit");
    assert_eq!(s.feed(b"x").unwrap_err().code(), "limit_exceeded");
}
