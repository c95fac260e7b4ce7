//! Property tests: no input makes the catalog parsers panic.

use govshare_core::catalog::*;
use proptest::prelude::*;

const NATIONAL: &[u8] = include_bytes!("../../tests/vectors/catalog/data/national.json");

fn small_catalog() -> Catalog {
    Catalog::from_json(include_bytes!("../../tests/vectors/catalog/data/zhejiang.json")).unwrap()
}

fn delta_doc() -> Vec<u8> {
    br#"{"format":"govshare-catalog-delta","format_version":1,"catalog":"zhejiang","base_version":7,"new_version":8,
    "changes":[{"op":"withdraw","code":"330201/00001","reason":"r"},{"op":"replace","resource":{"code":"330301/00001","name":"n","provider":"p","items":[{"name":"a","type":"C","grade":2}],"sharing":{"type":"conditional","conditions":"c"}}}]}"#
        .to_vec()
}

/// A valid input with a few bytes flipped, inserted or removed.
fn mutated(base: Vec<u8>) -> impl Strategy<Value = Vec<u8>> {
    let len = base.len();
    proptest::collection::vec((0..len, any::<u8>(), 0u8..3), 1..6).prop_map(move |edits| {
        let mut b = base.clone();
        for (pos, byte, kind) in edits {
            let pos = pos.min(b.len().saturating_sub(1));
            match kind {
                0 if !b.is_empty() => b[pos] = byte,
                1 => b.insert(pos, byte),
                _ if !b.is_empty() => {
                    b.remove(pos);
                }
                _ => {}
            }
        }
        b
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn from_json_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = Catalog::from_json(&bytes);
    }

    #[test]
    fn mutated_catalogs_never_panic(bytes in mutated(NATIONAL.to_vec())) {
        if let Ok(c) = Catalog::from_json(&bytes) {
            let _ = c.lint();
            let _ = c.search(&SearchQuery { text: "登记".into(), ..Default::default() });
            let _ = c.item("姓名");
        }
    }

    #[test]
    fn chunked_loading_agrees_with_whole_loading(bytes in mutated(NATIONAL.to_vec()), size in 16usize..4096) {
        let whole = Catalog::from_json(&bytes);
        let mut loader = CatalogLoader::new(LoadOptions::default(), 0);
        let mut chunked = Ok(());
        for c in bytes.chunks(size) {
            if let Err(e) = loader.push(c) {
                chunked = Err(e);
                break;
            }
        }
        let chunked = chunked.and_then(|_| loader.finish());
        match (whole, chunked) {
            (Ok(a), Ok(b)) => prop_assert_eq!(a.to_snapshot(), b.to_snapshot()),
            // A whole document is checked for UTF-8 first; a chunked one
            // reports whichever error comes first in the document.
            (Err(a), Err(_)) if a.code() == "not_utf8" => {}
            (Err(a), Err(b)) => {
                prop_assert_eq!(a.code(), b.code());
                prop_assert_eq!(a.location(), b.location());
            }
            (a, b) => prop_assert!(false, "whole {:?} vs chunked {:?}", a.map(|c| c.len()), b.map(|c| c.len())),
        }
    }

    #[test]
    fn apply_delta_never_panics(bytes in prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..256),
        mutated(delta_doc()),
    ]) {
        let mut c = small_catalog();
        let before = c.to_snapshot();
        if c.apply_delta(&bytes).is_err() {
            prop_assert_eq!(c.to_snapshot(), before);
        }
    }

    #[test]
    fn from_snapshot_never_panics(bytes in prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..256),
        mutated(small_catalog().to_snapshot()),
    ]) {
        if let Ok(c) = Catalog::from_snapshot(&bytes) {
            let _ = c.search(&SearchQuery { text: "企业".into(), ..Default::default() });
            let _ = c.lint();
            let _ = c.to_json();
        }
    }

    #[test]
    fn search_text_never_panics(text in "\\PC{0,40}") {
        let c = small_catalog();
        let _ = c.search(&SearchQuery { text: text.clone(), ..Default::default() });
        let _ = c.item(&text);
    }
}

/// Snapshot damage that keeps the checksum valid (the checksum is fixed up
/// after the change) must still be caught or at least not panic.
#[test]
fn snapshot_with_fixed_up_checksum_never_panics() {
    let snap = small_catalog().to_snapshot();
    let payload_start = 24;
    for pos in (payload_start..snap.len()).step_by(7) {
        let delta = [1u8, 0x80, 0xFF][pos % 3];
        let mut bad = snap.clone();
        bad[pos] = bad[pos].wrapping_add(delta);
        let crc = crc32(&bad[payload_start..]);
        bad[20..24].copy_from_slice(&crc.to_le_bytes());
        if let Ok(c) = Catalog::from_snapshot(&bad) {
            let _ = c.search(&SearchQuery { text: "企业登记".into(), ..Default::default() });
            let _ = c.search(&SearchQuery::default());
            let _ = c.item("姓名");
            let _ = c.lint();
            let _ = c.to_json();
        }
    }
}

/// Text that is not UTF-8 is refused when a snapshot loads, whichever of
/// the arenas holds it (resource texts, strings, item names), even with its
/// checksum forged, and however the snapshot is cut into pieces: the arenas
/// are checked whole at load (SIMD-fast), not when a string is read.
#[test]
fn a_snapshot_whose_texts_are_not_utf8_is_refused_at_load() {
    let cat = small_catalog();
    let snap = cat.to_snapshot();
    let first = cat.resources().next().unwrap();
    let samples = [first.name.clone(), first.provider.clone(), first.items[0].name.clone()];
    for sample in &samples {
        let needle = sample.as_bytes();
        let at = snap.windows(needle.len()).position(|w| w == needle).expect("the text is in the snapshot");
        // A continuation byte where a character's second byte belongs, and
        // a byte that never occurs in UTF-8.
        for (offset, byte) in [(1, 0x41u8), (0, 0xFF)] {
            let mut bad = snap.clone();
            bad[at + offset] = byte;
            let crc = crc32(&bad[24..]);
            bad[20..24].copy_from_slice(&crc.to_le_bytes());
            let e = Catalog::from_snapshot(&bad).unwrap_err();
            assert_eq!(e.code(), "snapshot_invalid", "{sample}: byte {offset} = {byte:#x}");
            // Pieces that cut the bad character, or end right before it.
            for size in [1, 2, 3, 7, at + offset, at + offset + 1, 4096] {
                let mut loader = SnapshotLoader::new();
                let pushed = bad.chunks(size).try_for_each(|piece| loader.push(piece));
                let e = pushed.and_then(|()| loader.finish()).unwrap_err();
                assert_eq!(
                    e.code(),
                    "snapshot_invalid",
                    "{sample}: byte {offset} = {byte:#x}, pieces of {size}"
                );
            }
        }
    }
}

/// CRC-32 (IEEE), bitwise, to forge checksums independently of the crate.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}
