//! `Catalog::from_snapshot`: arbitrary bytes never panic. The first input
//! byte picks whether the header's length and CRC are fixed up to match the
//! payload (so mutations reach the structural checks behind the checksum).
//! Pushed to a `SnapshotLoader` in pieces (sized by the mode byte's upper
//! bits), the bytes give exactly what `from_snapshot` gives: the same
//! catalog or the same error code. A snapshot that loads is a fixed point (re-snapshotting gives the same
//! bytes, modulo a fixed-up header) and every query on it stays in bounds.
//! A delta applied to it merges (or, when the catalog's arrays disagree,
//! rebuilds) without panicking, and leaves the resources a rebuild leaves.
#![no_main]

use govshare_core::catalog::{
    Catalog, DeltaChange, DeltaDocument, SearchQuery, SnapshotLoader, DELTA_FORMAT, FORMAT_VERSION,
};
use govshare_fuzz::fix_snapshot_header;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    let mut bytes = rest.to_vec();
    if mode & 1 == 1 {
        fix_snapshot_header(&mut bytes);
    }
    // A declared length may reach MAX_SNAPSHOT_BYTES and a forged count
    // reserve that much (fallibly: core/tests/catalog.rs covers it); above
    // 16 MiB libFuzzer's malloc limit would report it, so such inputs are
    // left to that test.
    if bytes.get(12..20).is_some_and(|w| u64::from_le_bytes(w.try_into().unwrap_or([0; 8])) > 1 << 24) {
        return;
    }
    let whole = Catalog::from_snapshot(&bytes);
    let piece = usize::from(mode >> 1) + 1;
    let mut loader = SnapshotLoader::new();
    let pieces = bytes.chunks(piece).try_for_each(|p| loader.push(p));
    let streamed = pieces.and_then(|()| loader.finish());
    match (&whole, &streamed) {
        (Ok(a), Ok(b)) => assert!(a.to_snapshot() == b.to_snapshot(), "pieces load the same catalog"),
        (Err(a), Err(b)) => assert_eq!(a.code(), b.code(), "pieces fail alike"),
        _ => panic!("whole and pieces disagree"),
    }
    let Ok(cat) = whole else { return };
    let snap = cat.to_snapshot();
    let again = Catalog::from_snapshot(&snap).expect("a catalog's own snapshot loads");
    assert!(again.to_snapshot() == snap, "snapshot is a fixed point");
    let all = cat.search(&SearchQuery { limit: 5, ..Default::default() }).expect("browse");
    assert_eq!(all.total, cat.len());
    for h in &all.hits {
        assert!(cat.resource(&h.code).is_some(), "a hit's code resolves");
    }
    for text in ["企业", "登记 信息", "a"] {
        let r = cat.search(&SearchQuery { text: text.into(), ..Default::default() }).expect("search");
        assert!(r.total <= cat.len());
        assert!(r.hits.len() as u64 <= r.total);
    }
    let _ = cat.lint();
    let _ = cat.item("姓名");
    let _ = cat.stats();
    let _ = cat.to_json();
    // A delta: withdraw the first code, replace the last, add one.
    let codes = cat.codes();
    let mut changes = Vec::new();
    if let Some(first) = codes.first() {
        changes.push(DeltaChange::Withdraw { code: first.clone(), reason: None });
    }
    if let Some(mut last) = codes.last().and_then(|c| cat.resource(c)) {
        last.name.push_str("（修订）");
        changes.push(DeltaChange::Replace { resource: last.clone() });
        last.code = format!("{}-新", last.code);
        changes.push(DeltaChange::Add { resource: last });
    }
    let delta = DeltaDocument {
        format: DELTA_FORMAT.into(),
        format_version: FORMAT_VERSION,
        catalog: cat.id().into(),
        base_version: cat.version(),
        new_version: cat.version().saturating_add(1),
        changes,
    };
    let (mut merged, mut rebuilt) = (cat.clone(), cat);
    match (merged.apply_delta_document(&delta), rebuilt.apply_delta_document_by_rebuild(&delta)) {
        (Ok(a), Ok(b)) => {
            assert_eq!(a, b, "merge and rebuild report alike");
            assert_eq!(merged.codes(), rebuilt.codes(), "merge and rebuild leave the same resources");
        }
        (Err(a), Err(b)) => assert_eq!(a.code(), b.code(), "merge and rebuild fail alike"),
        _ => panic!("merge and rebuild disagree"),
    }
});
