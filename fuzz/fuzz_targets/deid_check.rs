//! The de-identification check (issue #15): arbitrary bytes in any format,
//! fed in arbitrary chunks, never panic `DeidChecker`; the one-shot and the
//! chunked check agree; a report's counts are consistent (records in classes
//! below k ≤ records, k achieved ≤ records; risky combinations listed exactly
//! when k is not reached, within the counts); every refusal is a coded error.
#![no_main]

use govshare_core::mask::{check_deid, DataFormat, DeidChecker, DeidOptions};
use libfuzzer_sys::fuzz_target;

const FORMATS: [DataFormat; 3] = [DataFormat::Csv, DataFormat::Ndjson, DataFormat::JsonArray];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else { return };
    let format = FORMATS[usize::from(selector) % 3];
    let options = DeidOptions {
        quasi: vec!["a".into(), "b".into()],
        sensitive: if selector & 4 == 0 { vec!["c".into()] } else { Vec::new() },
        direct: if selector & 8 == 0 { Vec::new() } else { vec!["d".into()] },
        k: u64::from(selector >> 4).max(1),
        l: 2,
        sheet: None,
    };
    let whole = check_deid(format, bytes, &options);
    let step = usize::from(selector % 7) + 1;
    let chunked = DeidChecker::new(format, &options).and_then(|mut c| {
        for part in bytes.chunks(step) {
            c.push(part)?;
        }
        c.finish()
    });
    match (&whole, &chunked) {
        (Ok(a), Ok(b)) => {
            assert_eq!(a, b, "chunking changed the report");
            assert!(a.records_below_k <= a.records && a.k_achieved <= a.records && a.classes <= a.records);
            // Minimal combinations: listed exactly when k is not reached (the
            // two quasi-identifiers are always searched in full), each a part
            // of the classes and records.
            assert_eq!(a.k_anonymous, a.risky_combinations.is_empty(), "combinations without small classes");
            assert!(a.combinations_complete);
            for c in &a.risky_combinations {
                assert!(
                    !c.columns.is_empty() && c.classes_below_k >= 1 && c.records_below_k >= c.classes_below_k
                );
                assert!(c.records_below_k <= a.records && c.classes_below_k <= a.classes);
            }
        }
        (Err(a), Err(b)) => assert_eq!(a.code(), b.code(), "chunking changed the refusal"),
        _ => panic!("one of the whole and the chunked check refused"),
    }
});
