//! Shared fixtures of the govshare fuzz targets: the small real catalogs the
//! targets query and patch, and a checksum fix-up so mutated snapshots get
//! past the CRC and exercise the structural checks behind it.

use std::sync::OnceLock;

// The element widths of the snapshot layout's arrays, and the first array of
// each published section, are core's own: the layout has one home.
use govshare_core::catalog::{Catalog, LAYOUT_WIDTHS, SECTION_FIRST_ARRAY};

/// The national test catalog (tests/vectors/catalog/data/national.json).
pub const NATIONAL: &[u8] = include_bytes!("../../tests/vectors/catalog/data/national.json");
/// The Zhejiang test catalog, the smallest real one.
pub const ZHEJIANG: &[u8] = include_bytes!("../../tests/vectors/catalog/data/zhejiang.json");

/// The national catalog, loaded once per process.
pub fn national() -> &'static Catalog {
    static C: OnceLock<Catalog> = OnceLock::new();
    C.get_or_init(|| Catalog::from_json(NATIONAL).expect("national.json loads"))
}

/// The Zhejiang catalog, loaded once per process (clone it to change it).
pub fn zhejiang() -> &'static Catalog {
    static C: OnceLock<Catalog> = OnceLock::new();
    C.get_or_init(|| Catalog::from_json(ZHEJIANG).expect("zhejiang.json loads"))
}

/// Byte offset of the payload in a snapshot (magic 8, version 4, length 8, crc 4).
pub const SNAPSHOT_PAYLOAD: usize = 24;

/// Rewrites the length and CRC-32 fields of a snapshot so they match its
/// payload, letting the fuzzer reach the checks after the checksum.
pub fn fix_snapshot_header(bytes: &mut [u8]) {
    if bytes.len() < SNAPSHOT_PAYLOAD {
        return;
    }
    let len = (bytes.len() - SNAPSHOT_PAYLOAD) as u64;
    bytes[12..20].copy_from_slice(&len.to_le_bytes());
    let crc = crc32fast::hash(&bytes[SNAPSHOT_PAYLOAD..]);
    bytes[20..24].copy_from_slice(&crc.to_le_bytes());
}

/// Two loaded catalogs hold the same data: their snapshots are byte-equal,
/// unless they were read from different format versions (a version 1
/// document written back is version 2; the snapshot keeps the source
/// version, which sets a lint severity) — then their JSON is.
pub fn assert_same_catalog(a: &Catalog, b: &Catalog, what: &str) {
    if a.format_version() == b.format_version() {
        assert!(a.to_snapshot() == b.to_snapshot(), "{what}: catalogs differ");
    } else {
        assert!(a.to_json() == b.to_json(), "{what}: catalogs differ");
    }
}

/// The array directory of section `i`'s bytes, walked from its count
/// headers as a publisher writes it (`[{count, offset}]`), so that a
/// re-published mutation passes the manifest's tiling check and reaches the
/// readers' header checks and decoders.
pub fn walk_directory(i: usize, bytes: &[u8]) -> serde_json::Value {
    let mut out = Vec::new();
    let mut at = 0u64;
    for k in SECTION_FIRST_ARRAY[i]..SECTION_FIRST_ARRAY[i + 1] {
        let count = usize::try_from(at)
            .ok()
            .and_then(|from| bytes.get(from..from.checked_add(8)?))
            .and_then(|b| b.try_into().ok())
            .map_or(0, u64::from_le_bytes);
        out.push(serde_json::json!({"count": count, "offset": at}));
        at = at.saturating_add(8).saturating_add(count.saturating_mul(LAYOUT_WIDTHS[k]));
    }
    serde_json::Value::Array(out)
}
