//! Arrow column buffers from a binding (issue #15, the DataFrame path):
//! arbitrary kinds, slices and buffers never panic `ColumnsCsv::batch`; a
//! refusal is `invalid_argument`; what it writes is CSV the de-identification
//! check reads without a panic.
#![no_main]

use govshare_core::mask::{check_deid, ArrowColumn, ArrowKind, ColumnsCsv, DataFormat, DeidOptions};
use libfuzzer_sys::fuzz_target;

const KINDS: [ArrowKind; 14] = [
    ArrowKind::Utf8,
    ArrowKind::LargeUtf8,
    ArrowKind::Int8,
    ArrowKind::Int16,
    ArrowKind::Int32,
    ArrowKind::Int64,
    ArrowKind::UInt8,
    ArrowKind::UInt16,
    ArrowKind::UInt32,
    ArrowKind::UInt64,
    ArrowKind::Float32,
    ArrowKind::Float64,
    ArrowKind::Bool,
    ArrowKind::Null,
];

/// One column from the head of `data`: kind, length, offset, three buffer
/// lengths, then the buffers themselves.
fn column(name: &str, data: &mut &[u8]) -> Option<ArrowColumn> {
    let (head, rest) = data.split_at_checked(6)?;
    let take = |rest: &mut &[u8], n: usize| -> Vec<u8> {
        let n = n.min(rest.len());
        let (a, b) = rest.split_at(n);
        *rest = b;
        a.to_vec()
    };
    let mut rest = rest;
    let validity = (head[3] & 0x80 != 0).then(|| take(&mut rest, usize::from(head[3] & 0x7F)));
    let offsets = take(&mut rest, usize::from(head[4]));
    let values = take(&mut rest, usize::from(head[5]));
    *data = rest;
    Some(ArrowColumn {
        name: name.into(),
        kind: KINDS[usize::from(head[0]) % KINDS.len()],
        length: u64::from(head[1] % 40),
        offset: u64::from(head[2] % 40),
        validity,
        offsets,
        data: values,
    })
}

fuzz_target!(|data: &[u8]| {
    let mut rest = data;
    let mut columns = Vec::new();
    for name in ["a", "b", "c"] {
        match column(name, &mut rest) {
            Some(c) => columns.push(c),
            None => break,
        }
    }
    let mut writer = ColumnsCsv::new();
    match writer.batch(&columns) {
        Ok(csv) => {
            let options = DeidOptions { quasi: vec!["a".into()], ..DeidOptions::default() };
            if let Err(e) = check_deid(DataFormat::Csv, &csv, &options) {
                assert!(!e.code().is_empty());
            }
        }
        Err(e) => assert_eq!(e.code(), "invalid_argument"),
    }
});
