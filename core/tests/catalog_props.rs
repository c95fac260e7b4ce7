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
/// the arenas holds it (resource codes, strings, item names), even with its
/// checksum forged, and however the snapshot is cut into pieces: the arenas
/// are checked whole at load (SIMD-fast), not when a string is read.
#[test]
fn a_snapshot_whose_texts_are_not_utf8_is_refused_at_load() {
    let cat = small_catalog();
    let snap = cat.to_snapshot();
    let first = cat.resources().next().unwrap();
    // A continuation byte where a character's second byte belongs, a byte
    // that never occurs in UTF-8, and (in an ASCII code) a lone
    // continuation byte.
    let cjk = [(1, 0x41u8), (0, 0xFF)];
    let samples = [
        (first.code.clone(), vec![(0, 0x80u8), (0, 0xFF)]),
        (first.provider.clone(), cjk.to_vec()),
        (first.items[0].name.clone(), cjk.to_vec()),
    ];
    for (sample, damages) in &samples {
        let at = position(&snap, sample.as_bytes());
        for &(offset, byte) in damages {
            refused_whole_and_in_pieces(
                &snap,
                &[(at + offset, byte)],
                &format!("{sample}: byte {offset} = {byte:#x}"),
            );
        }
    }
}

/// Resource names and abstracts are UTF-16 in a snapshot: a lone surrogate
/// (high without its low, low without its high, or a pair's halves
/// swapped) is refused at load as a bad UTF-8 byte is, however the
/// snapshot is cut into pieces.
#[test]
fn a_snapshot_whose_names_are_not_utf16_is_refused_at_load() {
    let cat = small_catalog();
    let snap = cat.to_snapshot();
    let first = cat.resources().next().unwrap();
    for sample in [&first.name, &first.summary] {
        let wide: Vec<u8> = sample.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let at = position(&snap, &wide);
        let last = at + wide.len() - 2;
        let [h0, h1] = 0xD83Du16.to_le_bytes();
        let [l0, l1] = 0xDE00u16.to_le_bytes();
        let cases: [(&str, Vec<(usize, u8)>); 4] = [
            ("a high surrogate before a character", vec![(at, h0), (at + 1, h1)]),
            ("a low surrogate first", vec![(at, l0), (at + 1, l1)]),
            ("a pair's halves swapped", vec![(at, l0), (at + 1, l1), (at + 2, h0), (at + 3, h1)]),
            ("a high surrogate last", vec![(last, h0), (last + 1, h1)]),
        ];
        for (what, damage) in &cases {
            refused_whole_and_in_pieces(&snap, damage, &format!("{sample}: {what}"));
        }
        // A well-formed pair in the same place loads, and reads back.
        let mut good = snap.clone();
        for (pos, byte) in [(at, h0), (at + 1, h1), (at + 2, l0), (at + 3, l1)] {
            good[pos] = byte;
        }
        fix_checksum(&mut good);
        let loaded = Catalog::from_snapshot(&good).unwrap();
        let texts = loaded.resources().next().map(|r| [r.name, r.summary]).unwrap();
        let mut expected: Vec<char> = sample.chars().collect();
        expected.splice(..2, ['\u{1F600}']);
        assert!(texts.contains(&expected.into_iter().collect::<String>()), "{sample}");
    }
}

fn position(haystack: &[u8], needle: &[u8]) -> usize {
    haystack.windows(needle.len()).position(|w| w == needle).expect("the text is in the snapshot")
}

fn fix_checksum(snap: &mut [u8]) {
    let crc = crc32(&snap[24..]);
    snap[20..24].copy_from_slice(&crc.to_le_bytes());
}

/// `snap` with `damage` (position, byte) and its checksum forged is
/// refused, whole and in pieces that cut the damage or end right before it.
fn refused_whole_and_in_pieces(snap: &[u8], damage: &[(usize, u8)], what: &str) {
    let mut bad = snap.to_vec();
    for &(pos, byte) in damage {
        bad[pos] = byte;
    }
    fix_checksum(&mut bad);
    let e = Catalog::from_snapshot(&bad).unwrap_err();
    assert_eq!(e.code(), "snapshot_invalid", "{what}");
    let at = damage[0].0;
    for size in [1, 2, 3, 7, at, at + 1, 4096] {
        let mut loader = SnapshotLoader::new();
        let pushed = bad.chunks(size).try_for_each(|piece| loader.push(piece));
        let e = pushed.and_then(|()| loader.finish()).unwrap_err();
        assert_eq!(e.code(), "snapshot_invalid", "{what}, pieces of {size}");
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
