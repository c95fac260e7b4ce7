//! Workbooks (issue #15): arbitrary bytes read as xlsx, xls or ods never
//! panic the sheet reader behind `Scanner` and `DeidChecker`; the one-shot
//! and the chunked read agree; every refusal is `limit_exceeded` or a
//! `sheet_*` code, and its text never holds the marker `SECRET` (a cell
//! value the fuzzer may write into a workbook).
#![no_main]

use govshare_core::mask::{check_deid, scan_bytes, DataFormat, DeidOptions, Scanner, StreamOptions};
use libfuzzer_sys::fuzz_target;

const FORMATS: [DataFormat; 4] = [DataFormat::Xlsx, DataFormat::Xls, DataFormat::Ods, DataFormat::Xlsx];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else { return };
    let format = FORMATS[usize::from(selector & 3)];
    let sheet = (selector & 4 != 0).then(|| "data".to_owned());
    let options =
        StreamOptions { max_record_bytes: 1 << 16, sheet: sheet.clone(), ..StreamOptions::default() };
    let whole = scan_bytes(format, bytes, &options);
    let step = usize::from(selector >> 3) * 97 + 1;
    let mut scanner = Scanner::new(format, &options);
    let chunked = bytes.chunks(step).try_for_each(|part| scanner.feed(part)).and_then(|()| scanner.finish());
    match (&whole, &chunked) {
        (Ok(a), Ok(b)) => assert_eq!(a, b, "chunking changed the scan"),
        (Err(a), Err(b)) => assert_eq!(a.code(), b.code(), "chunking changed the refusal"),
        _ => panic!("one of the whole and the chunked scan refused"),
    }
    if let Err(e) = &whole {
        assert!(
            e.code().starts_with("sheet_") || e.code() == "limit_exceeded",
            "a workbook is refused with a sheet code or a limit: {}",
            e.code()
        );
        let shown = format!("{e} {}", e.message_zh());
        assert!(!shown.contains("SECRET"), "a cell value reached an error: {shown}");
    }
    let deid = DeidOptions { quasi: vec!["a".into()], k: 1, l: 1, sheet, ..DeidOptions::default() };
    if let (Ok(report), Ok(scan)) = (check_deid(format, bytes, &deid), &whole) {
        assert_eq!(report.records, scan.records, "the check and the scan read one table");
    }
});
